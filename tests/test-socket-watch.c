/* test-socket-watch.c: many sockets' readiness through one epoll source
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sp-socket-watch.h"
#include "sp-test-util.h"

/* A TCP connection on 127.0.0.1: both ends non-blocking. */
typedef struct
{
  GSocket *client;
  GSocket *server;
} Pair;

static GSocket *
listen_loopback (GSocketAddress **bound)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  GSocket *listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                    G_SOCKET_PROTOCOL_TCP, &error);

  g_assert_no_error (error);
  g_assert_true (g_socket_bind (listener, any_port, TRUE, &error));
  g_assert_true (g_socket_listen (listener, &error));
  *bound = g_socket_get_local_address (listener, &error);
  g_assert_no_error (error);

  return listener;
}

/* Connects @client (a new socket if NULL) to @listener. */
static void
pair_connect (Pair           *pair,
              GSocket        *listener,
              GSocketAddress *bound,
              GSocket        *client)
{
  g_autoptr(GError) error = NULL;

  pair->client = client;
  if (pair->client == NULL)
    pair->client = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  /* On loopback both complete at once: the connection is in the queue. */
  g_assert_true (g_socket_connect (pair->client, bound, NULL, &error));
  pair->server = g_socket_accept (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_set_blocking (pair->client, FALSE);
  g_socket_set_blocking (pair->server, FALSE);
}

static void
pair_open (Pair *pair)
{
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GSocket) listener = listen_loopback (&bound);

  pair_connect (pair, listener, bound, NULL);
}

static void
pair_close (Pair *pair)
{
  g_clear_object (&pair->client);
  g_clear_object (&pair->server);
}

static void
send_byte (GSocket *socket)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_socket_send (socket, "x", 1, NULL, &error), ==, 1);
  g_assert_no_error (error);
}

typedef struct
{
  guint          calls;
  GIOCondition   last;
  gboolean       keep;     /* what the callback returns */
  gboolean       drain;    /* read what is there */
  SpSocketWatch *victim;   /* destroyed by the first call */
} Seen;

static gboolean
seen_cb (GSocket      *socket,
         GIOCondition  condition,
         gpointer      user_data)
{
  Seen *seen = user_data;

  seen->calls++;
  seen->last = condition;
  if (seen->drain)
    {
      char buffer[64];

      while (g_socket_receive (socket, buffer, sizeof buffer, NULL, NULL) > 0)
        ;
    }
  if (seen->victim != NULL)
    sp_socket_watch_destroy (g_steal_pointer (&seen->victim));

  return seen->keep;
}

static gboolean
was_called (gpointer data)
{
  return ((Seen *) data)->calls > 0;
}

static gboolean
was_called_twice (gpointer data)
{
  return ((Seen *) data)->calls > 1;
}

/* Until @socket's watch has read its byte: proof that a dispatch ran. */
static void
round_trip (Pair *pair)
{
  Seen seen = { .keep = FALSE, .drain = TRUE };
  g_autoptr(SpSocketWatch) watch = sp_socket_watch_new (pair->server, G_IO_IN, G_PRIORITY_DEFAULT,
                                                        seen_cb, &seen);

  send_byte (pair->client);
  sp_test_wait_until (was_called, &seen, 0, "a byte read by a watch");
  g_assert_true (sp_socket_watch_is_destroyed (watch));
}

static void
test_readable (void)
{
  Pair pair;
  Seen seen = { .keep = TRUE, .drain = TRUE };
  g_autoptr(SpSocketWatch) watch = NULL;

  pair_open (&pair);
  watch = sp_socket_watch_new (pair.server, G_IO_IN, G_PRIORITY_DEFAULT, seen_cb, &seen);
  g_assert_true (sp_socket_watch_is_shared (watch));
  seen.drain = FALSE;
  send_byte (pair.client);
  sp_test_wait_until (was_called, &seen, 0, "the server end readable");
  g_assert_true (seen.last & G_IO_IN);

  /* Level-triggered, as poll(): called again while the byte waits… */
  sp_test_wait_until (was_called_twice, &seen, 0, "the unread byte again");

  /* …and, once drained, quiet until the next byte. */
  seen.drain = TRUE;
  seen.calls = 0;
  sp_test_wait_until (was_called, &seen, 0, "the byte read");
  seen.calls = 0;
  send_byte (pair.client);
  sp_test_wait_until (was_called, &seen, 0, "readable again");
  g_assert_cmpuint (seen.calls, ==, 1);

  /* The peer's close reads as readable (recv() returns 0). */
  seen.calls = 0;
  g_socket_close (pair.client, NULL);
  sp_test_wait_until (was_called, &seen, 0, "the peer's close");

  sp_socket_watch_destroy (watch);
  pair_close (&pair);
}

/* A connection waits to read and, when its queue is full, to write: two
 * watches on one descriptor, which epoll holds once. */
static void
test_in_and_out (void)
{
  Pair pair;
  Seen in = { .keep = TRUE, .drain = TRUE };
  Seen out = { .keep = FALSE };
  g_autoptr(SpSocketWatch) in_watch = NULL;
  g_autoptr(SpSocketWatch) out_watch = NULL;

  pair_open (&pair);
  in_watch = sp_socket_watch_new (pair.server, G_IO_IN, G_PRIORITY_DEFAULT, seen_cb, &in);
  out_watch = sp_socket_watch_new (pair.server, G_IO_OUT, G_PRIORITY_DEFAULT, seen_cb, &out);

  sp_test_wait_until (was_called, &out, 0, "the server end writable");
  g_assert_true (out.last & G_IO_OUT);
  g_assert_false (out.last & G_IO_IN);
  g_assert_true (sp_socket_watch_is_destroyed (out_watch));
  g_assert_cmpuint (in.calls, ==, 0);

  /* The read watch goes on, and the finished write watch stays quiet
   * though the socket is still writable. */
  send_byte (pair.client);
  sp_test_wait_until (was_called, &in, 0, "the server end readable");
  g_assert_true (in.last & G_IO_IN);
  g_assert_false (in.last & G_IO_OUT);
  g_assert_cmpuint (out.calls, ==, 1);

  sp_socket_watch_destroy (in_watch);
  pair_close (&pair);
}

static gboolean
either_called (gpointer data)
{
  Seen **two = data;

  return two[0]->calls + two[1]->calls > 0;
}

/* Two sockets ready in one dispatch; whichever is served first ends the
 * other's watch, which must then not be called, in that dispatch or later. */
static void
test_destroy_while_dispatching (void)
{
  Pair a, b, proof;
  Seen seen_a = { .keep = TRUE, .drain = TRUE }, seen_b = { .keep = TRUE, .drain = TRUE };
  g_autoptr(SpSocketWatch) watch_a = NULL;
  g_autoptr(SpSocketWatch) watch_b = NULL;

  pair_open (&a);
  pair_open (&b);
  pair_open (&proof);
  watch_a = sp_socket_watch_new (a.server, G_IO_IN, G_PRIORITY_DEFAULT, seen_cb, &seen_a);
  watch_b = sp_socket_watch_new (b.server, G_IO_IN, G_PRIORITY_DEFAULT, seen_cb, &seen_b);
  seen_a.victim = watch_b;
  seen_b.victim = watch_a;

  /* Loopback delivers at once: both are ready at the next epoll_wait(). */
  send_byte (a.client);
  send_byte (b.client);
  sp_test_wait_until (either_called, (Seen *[]) { &seen_a, &seen_b }, 0, "one of two sockets served");

  /* Two more dispatches of the shared source, each after a byte. */
  round_trip (&proof);
  round_trip (&proof);
  g_assert_cmpuint (seen_a.calls + seen_b.calls, ==, 1);

  sp_socket_watch_destroy (seen_a.calls ? watch_a : watch_b);
  pair_close (&a);
  pair_close (&b);
  pair_close (&proof);
}

/* The same with two watches on one socket, readable and writable at once. */
static void
test_destroy_sibling_while_dispatching (void)
{
  Pair pair, proof;
  Seen seen_in = { .keep = TRUE, .drain = TRUE }, seen_out = { .keep = TRUE };
  g_autoptr(SpSocketWatch) watch_in = NULL;
  g_autoptr(SpSocketWatch) watch_out = NULL;

  pair_open (&pair);
  pair_open (&proof);
  send_byte (pair.client);
  watch_in = sp_socket_watch_new (pair.server, G_IO_IN, G_PRIORITY_DEFAULT, seen_cb, &seen_in);
  watch_out = sp_socket_watch_new (pair.server, G_IO_OUT, G_PRIORITY_DEFAULT, seen_cb, &seen_out);
  seen_in.victim = watch_out;
  seen_out.victim = watch_in;

  sp_test_wait_until (either_called, (Seen *[]) { &seen_in, &seen_out }, 0, "one of two watches served");
  /* Still writable: a writing watch left alive would be called again. */
  round_trip (&proof);
  round_trip (&proof);
  g_assert_cmpuint (seen_in.calls + seen_out.calls, ==, 1);

  sp_socket_watch_destroy (seen_in.calls ? watch_in : watch_out);
  pair_close (&pair);
  pair_close (&proof);
}

/* A watch made during a dispatch waits for the next one, as a GSource
 * attached then would: each of two ready sockets' callbacks watches the
 * other too, and the new watches are not called in that dispatch. */
typedef struct
{
  Seen           seen;
  GSocket       *other;
  Seen           made_seen;
  SpSocketWatch *made;
} Maker;

static gboolean
maker_cb (GSocket      *socket,
          GIOCondition  condition,
          gpointer      user_data)
{
  Maker *maker = user_data;

  maker->seen.calls++;
  if (maker->made == NULL)
    maker->made = sp_socket_watch_new (maker->other, G_IO_IN, G_PRIORITY_DEFAULT, seen_cb, &maker->made_seen);
  return TRUE;
}

static gboolean
both_made (gpointer data)
{
  Maker *two = data;

  return two[0].made != NULL && two[1].made != NULL;
}

static gboolean
both_new_called (gpointer data)
{
  Maker *two = data;

  return two[0].made_seen.calls > 0 && two[1].made_seen.calls > 0;
}

static void
test_made_while_dispatching (void)
{
  Pair a, b;
  Maker two[2] = { { .made_seen.keep = TRUE }, { .made_seen.keep = TRUE } };
  g_autoptr(SpSocketWatch) watch_a = NULL;
  g_autoptr(SpSocketWatch) watch_b = NULL;

  pair_open (&a);
  pair_open (&b);
  two[0].other = b.server;
  two[1].other = a.server;
  /* Neither reads: both stay ready. */
  watch_a = sp_socket_watch_new (a.server, G_IO_IN, G_PRIORITY_DEFAULT, maker_cb, &two[0]);
  watch_b = sp_socket_watch_new (b.server, G_IO_IN, G_PRIORITY_DEFAULT, maker_cb, &two[1]);
  send_byte (a.client);
  send_byte (b.client);

  /* Both served in one dispatch (both were ready at its epoll_wait()). */
  sp_test_wait_until (both_made, two, 0, "both sockets served");
  g_assert_cmpuint (two[0].seen.calls, ==, 1);
  g_assert_cmpuint (two[1].seen.calls, ==, 1);
  g_assert_cmpuint (two[0].made_seen.calls + two[1].made_seen.calls, ==, 0);

  /* In the next ones they are. */
  sp_test_wait_until (both_new_called, two, 0, "the new watches");

  sp_socket_watch_destroy (watch_a);
  sp_socket_watch_destroy (watch_b);
  for (guint i = 0; i < 2; i++)
    {
      sp_socket_watch_destroy (two[i].made);
      sp_socket_watch_unref (two[i].made);
    }
  pair_close (&a);
  pair_close (&b);
}

/* A reset reaches both watches of a socket, as poll() reports POLLERR
 * and POLLHUP unasked. */
static gboolean
both_seen (gpointer data)
{
  Seen **two = data;

  return two[0]->calls > 0 && two[1]->calls > 0;
}

static void
test_reset_reaches_both (void)
{
  Pair pair;
  Seen in = { .keep = FALSE }, out = { .keep = FALSE };
  struct linger abort_on_close = { .l_onoff = 1, .l_linger = 0 };
  g_autoptr(SpSocketWatch) in_watch = NULL;
  g_autoptr(SpSocketWatch) out_watch = NULL;

  pair_open (&pair);
  g_assert_cmpint (setsockopt (g_socket_get_fd (pair.client), SOL_SOCKET, SO_LINGER,
                               &abort_on_close, sizeof abort_on_close), ==, 0);
  g_socket_close (pair.client, NULL);   /* an RST, not a FIN */

  in_watch = sp_socket_watch_new (pair.server, G_IO_IN, G_PRIORITY_DEFAULT, seen_cb, &in);
  out_watch = sp_socket_watch_new (pair.server, G_IO_OUT, G_PRIORITY_DEFAULT, seen_cb, &out);
  sp_test_wait_until (both_seen, (Seen *[]) { &in, &out }, 0, "the reset");
  g_assert_true (in.last & G_IO_IN);
  g_assert_true (in.last & (G_IO_ERR | G_IO_HUP));
  g_assert_false (in.last & G_IO_OUT);
  g_assert_true (out.last & G_IO_OUT);
  g_assert_true (out.last & (G_IO_ERR | G_IO_HUP));
  g_assert_false (out.last & G_IO_IN);

  pair_close (&pair);
}

/* More sockets ready at once than the set held before: all are served,
 * each once. */
static gboolean
all_called (gpointer data)
{
  GArray *seen = data;

  for (guint i = 0; i < seen->len; i++)
    if (g_array_index (seen, Seen, i).calls == 0)
      return FALSE;
  return TRUE;
}

static void
test_many_ready (void)
{
  enum { N = 150 };
  g_autoptr(GArray) seen = g_array_sized_new (FALSE, TRUE, sizeof (Seen), N);
  g_autoptr(GPtrArray) watches = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_socket_watch_unref);
  Pair pairs[N];

  g_array_set_size (seen, N);
  for (guint i = 0; i < N; i++)
    {
      Seen *s = &g_array_index (seen, Seen, i);

      s->keep = FALSE;
      s->drain = TRUE;
      pair_open (&pairs[i]);
      g_ptr_array_add (watches, sp_socket_watch_new (pairs[i].server, G_IO_IN, G_PRIORITY_DEFAULT, seen_cb, s));
      send_byte (pairs[i].client);
    }

  sp_test_wait_until (all_called, seen, 0, "every socket served");
  for (guint i = 0; i < N; i++)
    {
      g_assert_cmpuint (g_array_index (seen, Seen, i).calls, ==, 1);
      g_assert_true (sp_socket_watch_is_destroyed (watches->pdata[i]));
      pair_close (&pairs[i]);
    }
}

/* Many ready sockets, and one whose callback runs the main loop until
 * more sockets than the hub has room for are served: the dispatch within
 * must not write into the arrays the outer one is still reading. */
typedef struct
{
  guint   calls;
  GArray *seen;      /* of the nested pairs */
  Pair    pairs[40];
} Nest;

static gboolean
nest_cb (GSocket      *socket,
         GIOCondition  condition,
         gpointer      user_data)
{
  Nest *nest = user_data;
  g_autoptr(GPtrArray) watches = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_socket_watch_unref);
  char byte;

  /* Read first, or the loop within would call this again. */
  if (nest->calls++ > 0 || g_socket_receive (socket, &byte, 1, NULL, NULL) != 1)
    return FALSE;
  g_array_set_size (nest->seen, G_N_ELEMENTS (nest->pairs));
  for (guint i = 0; i < G_N_ELEMENTS (nest->pairs); i++)
    {
      Seen *s = &g_array_index (nest->seen, Seen, i);

      s->drain = TRUE;
      pair_open (&nest->pairs[i]);
      g_ptr_array_add (watches, sp_socket_watch_new (nest->pairs[i].server, G_IO_IN, G_PRIORITY_DEFAULT, seen_cb, s));
      send_byte (nest->pairs[i].client);
    }
  sp_test_wait_until (all_called, nest->seen, 0, "the nested sockets served");
  for (guint i = 0; i < G_N_ELEMENTS (nest->pairs); i++)
    pair_close (&nest->pairs[i]);

  return FALSE;
}

static void
test_recursive_dispatch (void)
{
  enum { N = 20 };
  g_autoptr(GArray) seen = g_array_sized_new (FALSE, TRUE, sizeof (Seen), N);
  g_autoptr(GPtrArray) watches = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_socket_watch_unref);
  g_autoptr(SpSocketWatch) nest_watch = NULL;
  Nest nest = { .seen = g_array_new (FALSE, TRUE, sizeof (Seen)) };
  Pair pairs[N], nester;

  g_array_set_size (seen, N);
  pair_open (&nester);
  nest_watch = sp_socket_watch_new (nester.server, G_IO_IN, G_PRIORITY_DEFAULT, nest_cb, &nest);
  for (guint i = 0; i < N; i++)
    {
      g_array_index (seen, Seen, i).drain = TRUE;
      pair_open (&pairs[i]);
      g_ptr_array_add (watches, sp_socket_watch_new (pairs[i].server, G_IO_IN, G_PRIORITY_DEFAULT, seen_cb,
                                                     &g_array_index (seen, Seen, i)));
    }
  /* All ready before the next dispatch, which holds them all. */
  send_byte (nester.client);
  for (guint i = 0; i < N; i++)
    send_byte (pairs[i].client);

  sp_test_wait_until (was_called, &nest, 0, "the nesting socket served");
  sp_test_wait_until (all_called, seen, 0, "every socket served");
  g_assert_cmpuint (nest.calls, ==, 1);
  for (guint i = 0; i < N; i++)
    {
      g_assert_cmpuint (g_array_index (seen, Seen, i).calls, ==, 1);
      pair_close (&pairs[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (nest.pairs); i++)
    g_assert_cmpuint (g_array_index (nest.seen, Seen, i).calls, ==, 1);
  pair_close (&nester);
  g_array_unref (nest.seen);
}

/* This thread's write() calls so far (GLib wakes its poll() with one). */
static guint64
thread_writes (void)
{
  g_autofree char *text = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/thread-self/io", &text, NULL, NULL) ||
      (line = strstr (text, "syscw: ")) == NULL)
    return G_MAXUINT64;
  return g_ascii_strtoull (line + strlen ("syscw: "), NULL, 10);
}

typedef struct
{
  Seen  *seen;
  guint  want;
} Calls;

static gboolean
calls_reached (gpointer data)
{
  Calls *calls = data;

  return calls->seen->calls >= calls->want;
}

/* A dispatch costs no wake-ups: GLib would write to its wake-up descriptor
 * twice around each dispatch of a source that may not recurse, a hundred
 * extra system calls for fifty reads here. */
static void
test_dispatch_without_wakeups (void)
{
  enum { N = 50 };
  Pair pair;
  Seen seen = { .keep = TRUE, .drain = TRUE };
  Calls calls = { &seen, 0 };
  g_autoptr(SpSocketWatch) watch = NULL;
  guint64 before;

  if (thread_writes () == G_MAXUINT64)
    {
      g_test_skip ("no /proc/thread-self/io");
      return;
    }
  if (g_getenv ("SP_UNDER_VALGRIND") != NULL)
    {
      /* Its own write()s are counted as the thread's. */
      g_test_skip ("valgrind writes on the thread's behalf");
      return;
    }
  pair_open (&pair);
  watch = sp_socket_watch_new (pair.server, G_IO_IN, G_PRIORITY_DEFAULT, seen_cb, &seen);

  before = thread_writes ();
  for (guint i = 1; i <= N; i++)
    {
      send_byte (pair.client);
      calls.want = i;
      sp_test_wait_until (calls_reached, &calls, 0, "the byte read");
    }
  g_assert_cmpuint (seen.calls, ==, N);
  g_assert_cmpuint (thread_writes () - before, <, N / 5);
  sp_socket_watch_destroy (watch);
  pair_close (&pair);
}

/* A socket closed before its watch ends: its descriptor number may be
 * taken by the next socket, whose registration ending the old watch must
 * leave alone. The next socket is put on that number on purpose. */
static void
test_closed_before_destroy (void)
{
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GSocket) listener = listen_loopback (&bound);
  g_autoptr(GError) error = NULL;
  Pair old, next;
  Seen seen_old = { .keep = TRUE }, seen_next = { .keep = TRUE, .drain = TRUE };
  g_autoptr(SpSocketWatch) watch_old = NULL;
  g_autoptr(SpSocketWatch) watch_next = NULL;
  int old_fd, fresh;

  pair_connect (&old, listener, bound, NULL);
  watch_old = sp_socket_watch_new (old.server, G_IO_IN, G_PRIORITY_DEFAULT, seen_cb, &seen_old);
  old_fd = g_socket_get_fd (old.server);
  g_socket_close (old.server, NULL);

  fresh = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  g_assert_cmpint (fresh, >=, 0);
  if (fresh != old_fd)
    {
      g_assert_cmpint (dup2 (fresh, old_fd), ==, old_fd);
      close (fresh);
    }
  pair_connect (&next, listener, bound, g_socket_new_from_fd (old_fd, &error));
  g_assert_no_error (error);
  watch_next = sp_socket_watch_new (next.client, G_IO_IN, G_PRIORITY_DEFAULT, seen_cb, &seen_next);

  sp_socket_watch_destroy (watch_old);
  send_byte (next.server);
  sp_test_wait_until (was_called, &seen_next, 0, "the new socket's watch");
  g_assert_cmpuint (seen_old.calls, ==, 0);

  sp_socket_watch_destroy (watch_next);
  pair_close (&old);
  pair_close (&next);
}

/* Without a descriptor to spare for the epoll set, a watch has a GSource
 * of its own, and works the same. */
static void
test_without_epoll (void)
{
  Pair pair;
  Seen seen = { .keep = TRUE, .drain = TRUE };
  g_autoptr(SpSocketWatch) watch = NULL;
  struct rlimit saved, none;
  int lowest_free;

  pair_open (&pair);
  lowest_free = dup (0);
  g_assert_cmpint (lowest_free, >=, 0);
  close (lowest_free);

  /* No other watch is alive here, so the watch needs a new epoll set. */
  g_assert_cmpint (getrlimit (RLIMIT_NOFILE, &saved), ==, 0);
  none = saved;
  none.rlim_cur = lowest_free;
  g_assert_cmpint (setrlimit (RLIMIT_NOFILE, &none), ==, 0);
  watch = sp_socket_watch_new (pair.server, G_IO_IN, G_PRIORITY_DEFAULT, seen_cb, &seen);
  g_assert_cmpint (setrlimit (RLIMIT_NOFILE, &saved), ==, 0);
  g_assert_false (sp_socket_watch_is_shared (watch));

  send_byte (pair.client);
  sp_test_wait_until (was_called, &seen, 0, "the watch on its own source");
  g_assert_true (seen.last & G_IO_IN);

  seen.keep = FALSE;
  seen.calls = 0;
  send_byte (pair.client);
  sp_test_wait_until (was_called, &seen, 0, "the last call");
  g_assert_true (sp_socket_watch_is_destroyed (watch));

  /* Quiet after returning FALSE, though a byte waits: proof by a second
   * watch (on the shared source) that sees the next one. */
  send_byte (pair.client);
  round_trip (&pair);
  g_assert_cmpuint (seen.calls, ==, 1);

  pair_close (&pair);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/socket-watch/readable", test_readable);
  g_test_add_func ("/socket-watch/in-and-out", test_in_and_out);
  g_test_add_func ("/socket-watch/destroy-while-dispatching", test_destroy_while_dispatching);
  g_test_add_func ("/socket-watch/destroy-sibling-while-dispatching", test_destroy_sibling_while_dispatching);
  g_test_add_func ("/socket-watch/made-while-dispatching", test_made_while_dispatching);
  g_test_add_func ("/socket-watch/reset-reaches-both", test_reset_reaches_both);
  g_test_add_func ("/socket-watch/many-ready", test_many_ready);
  g_test_add_func ("/socket-watch/recursive-dispatch", test_recursive_dispatch);
  g_test_add_func ("/socket-watch/dispatch-without-wakeups", test_dispatch_without_wakeups);
  g_test_add_func ("/socket-watch/closed-before-destroy", test_closed_before_destroy);
  g_test_add_func ("/socket-watch/without-epoll", test_without_epoll);

  return g_test_run ();
}
