/* test-relay.c: the TCP relay between two plain peers on loopback
 *
 * The peers are sp-relay-peer processes (plain sockets and poll()) or plain
 * sockets of the test's own, never endpoints: the relay is what is tested.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sp-test-peer.h"
#include "sp-test-util.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sp-code-gen.h"
#include "sp-endpoint.h"
#include "sp-errno.h"
#include "sp-test-host.h"
#include "sp-test-peer.h"

#define BULK_BYTES_DEFAULT (64 * 1024 * 1024)
#define MANY               50

/* The 64 MiB each way; SP_RELAY_BYTES sets another size (valgrind.sh runs 16 MiB). */
static guint64
bulk_bytes (void)
{
  const char *env = g_getenv ("SP_RELAY_BYTES");

  return env != NULL ? g_ascii_strtoull (env, NULL, 10) : BULK_BYTES_DEFAULT;
}

/* Runs sp-relay-peer with @args (NULL-terminated after the mode);
 * @listen_fd, if not -1, becomes its fd 3. */
static SpTestPeer *
peer_spawn (int                listen_fd,
            const char *const *args)
{
  return sp_test_peer_spawn ("sp-relay-peer", listen_fd, args);
}

/* Waits for @peer and checks it said "ok"; returns its "conn" lines. */
static char **
peer_finish (SpTestPeer *peer,
             const char *what)
{
  return sp_test_peer_finish (peer, what, "conn ");
}

typedef struct {
  guint64 n_sent;
  char    sent[65];
  guint64 n_recv;
  char    recv[65];
} ConnLine;

static void
parse_line (const char *line,
            ConnLine   *c)
{
  g_assert_cmpint (sscanf (line, "conn sent %" G_GUINT64_FORMAT " %64s recv %" G_GUINT64_FORMAT " %64s",
                           &c->n_sent, c->sent, &c->n_recv, c->recv), ==, 4);
}

static SpEndpoint *
start_relay (guint target_port)
{
  SpEndpoint *relay = sp_endpoint_new (SP_ENDPOINT_KIND_TCP_RELAY);

  sp_endpoint_set_host (relay, "127.0.0.1");
  sp_endpoint_set_port (relay, 0);
  sp_endpoint_set_target_host (relay, "127.0.0.1");
  sp_endpoint_set_target_port (relay, target_port);
  sp_endpoint_start (relay);
  sp_test_wait_until (sp_test_is_running, relay, 0, "the relay listens");

  return relay;
}

/* Bytes of @kind events flowing client → server (or back). */
static guint64
count_bytes (SpEndpoint  *endpoint,
             SpEventKind  kind,
             gboolean     client_to_server)
{
  GListModel *events = G_LIST_MODEL (sp_endpoint_get_events (endpoint));
  guint64 total = 0;

  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(SpEvent) event = g_list_model_get_item (events, i);

      if (sp_event_get_kind (event) == kind &&
          sp_event_get_client_to_server (event) == client_to_server)
        total += sp_event_get_n_bytes (event);
    }

  return total;
}

/* Events of @kind with @flag: what the diagram draws a reset or a
 * shutdown(SHUT_WR) from. */
static guint
count_flagged (SpEndpoint   *endpoint,
               SpEventKind   kind,
               SpEventFlags  flag)
{
  GListModel *events = G_LIST_MODEL (sp_endpoint_get_events (endpoint));
  guint count = 0;

  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(SpEvent) event = g_list_model_get_item (events, i);

      count += sp_event_get_kind (event) == kind && (sp_event_get_flags (event) & flag) != 0;
    }

  return count;
}

static void
wait_pairs_done (SpEndpoint *relay)
{
  SpTestCount none = { relay, 0 };

  sp_test_wait_until (sp_test_has_n_connections, &none, 60000, "the relay closes every pair");
}

/* What a listener of a connection's notify::bytes-sent last heard. */
typedef struct {
  SpConnection *connection;
  guint64       last_seen;
} SentWatch;

static void
sent_watch_free (SentWatch *watch)
{
  g_signal_handlers_disconnect_by_data (watch->connection, watch);
  g_object_unref (watch->connection);
  g_free (watch);
}

static void
bytes_sent_cb (SpConnection *connection,
               GParamSpec   *pspec,
               SentWatch    *watch)
{
  watch->last_seen = sp_connection_get_bytes_sent (connection);
}

static void
connections_changed_cb (GListModel *connections,
                        guint       position,
                        guint       removed,
                        guint       added,
                        GPtrArray  *watches)
{
  for (guint i = position; i < position + added; i++)
    {
      SentWatch *watch = g_new0 (SentWatch, 1);

      watch->connection = g_list_model_get_item (connections, i);
      g_signal_connect (watch->connection, "notify::bytes-sent", G_CALLBACK (bytes_sent_cb), watch);
      g_ptr_array_add (watches, watch);
    }
}

/* 64 MiB (or SP_RELAY_BYTES) each way at once through the relay: what each peer received is
 * what the other sent (SHA-256), and the relay's rows add up to it. A listener of each
 * connection's bytes-sent (notified once per dispatch) hears its final count. */
static void
test_bulk_both_ways (void)
{
  guint server_port;
  g_autoptr(GSocket) listener = sp_test_plain_listener (&server_port);
  g_autoptr(SpEndpoint) relay = NULL;
  guint64 n_bytes = bulk_bytes ();
  g_autofree char *bytes = g_strdup_printf ("%" G_GUINT64_FORMAT, n_bytes);
  g_autofree char *relay_port = NULL;
  g_auto(GStrv) server_lines = NULL;
  g_auto(GStrv) client_lines = NULL;
  ConnLine s, c;
  SpTestPeer *server, *client;
  g_autoptr(GPtrArray) watches = g_ptr_array_new_with_free_func ((GDestroyNotify) sent_watch_free);
  guint64 heard = 0;

  server = peer_spawn (g_socket_get_fd (listener),
                               (const char *[]) { "server", "1", bytes, "7", "bulk", NULL });
  relay = start_relay (server_port);
  sp_endpoint_set_read_size (relay, 65536);
  g_signal_connect (sp_endpoint_get_connections (relay), "items-changed",
                    G_CALLBACK (connections_changed_cb), watches);
  relay_port = g_strdup_printf ("%u", sp_endpoint_get_bound_port (relay));
  client = peer_spawn (-1, (const char *[]) { "client", relay_port, "1", bytes, "3", NULL });

  client_lines = peer_finish (client, "the client peer");
  server_lines = peer_finish (server, "the server peer");
  g_assert_cmpuint (g_strv_length (client_lines), ==, 1);
  g_assert_cmpuint (g_strv_length (server_lines), ==, 1);
  parse_line (client_lines[0], &c);
  parse_line (server_lines[0], &s);

  g_assert_cmpuint (c.n_sent, ==, n_bytes);
  g_assert_cmpuint (s.n_sent, ==, n_bytes);
  g_assert_cmpuint (s.n_recv, ==, c.n_sent);
  g_assert_cmpstr (s.recv, ==, c.sent);
  g_assert_cmpuint (c.n_recv, ==, s.n_sent);
  g_assert_cmpstr (c.recv, ==, s.sent);
  g_assert_cmpstr (c.sent, !=, s.sent);

  wait_pairs_done (relay);
  /* Every byte was one of the relay's own recv() and send() calls. */
  g_assert_cmpuint (count_bytes (relay, SP_EVENT_KIND_RECEIVED, TRUE), ==, n_bytes);
  g_assert_cmpuint (count_bytes (relay, SP_EVENT_KIND_SENT, TRUE), ==, n_bytes);
  g_assert_cmpuint (count_bytes (relay, SP_EVENT_KIND_RECEIVED, FALSE), ==, n_bytes);
  g_assert_cmpuint (count_bytes (relay, SP_EVENT_KIND_SENT, FALSE), ==, n_bytes);
  g_assert_cmpuint (sp_test_count_messages (relay, SP_EVENT_KIND_CLOSED, "both sides have closed"), ==, 1);
  g_assert_nonnull (sp_test_find_call (relay, "upstream2.connect(('127.0.0.1', "));

  g_signal_handlers_disconnect_by_data (sp_endpoint_get_connections (relay), watches);
  g_assert_cmpuint (watches->len, ==, 2);
  for (guint i = 0; i < watches->len; i++)
    {
      SentWatch *watch = g_ptr_array_index (watches, i);

      g_assert_cmpuint (watch->last_seen, ==, sp_connection_get_bytes_sent (watch->connection));
      heard += watch->last_seen;
    }
  g_assert_cmpuint (heard, ==, 2 * n_bytes);
}

/* Where the first call from @from on that starts with @prefix (and holds
 * @part, unless NULL) is in the relay's trace. */
static guint
call_after (SpEndpoint *relay,
            guint       from,
            const char *prefix,
            const char *part)
{
  GListModel *calls = G_LIST_MODEL (sp_endpoint_get_calls (relay));

  for (guint i = from; i < g_list_model_get_n_items (calls); i++)
    {
      g_autoptr(SpEvent) call = g_list_model_get_item (calls, i);
      const char *line = sp_event_get_message (call);

      if (g_str_has_prefix (line, prefix) && (part == NULL || strstr (line, part) != NULL))
        return i;
    }

  g_error ("no call “%s…%s” from #%u on", prefix, part ? part : "", from);
}

/* The client shuts down its sending side: the server sees EOF, then
 * answers, and the client still gets the answer. */
static void
test_half_close (void)
{
  guint server_port;
  g_autoptr(GSocket) listener = sp_test_plain_listener (&server_port);
  g_autoptr(SpEndpoint) relay = NULL;
  g_autofree char *relay_port = NULL;
  g_auto(GStrv) server_lines = NULL;
  g_auto(GStrv) client_lines = NULL;
  g_autoptr(GPtrArray) pair = NULL;
  ConnLine s, c;
  SpTestPeer *server, *client;

  /* after-eof: the server sends nothing before it has read the client's FIN. */
  server = peer_spawn (g_socket_get_fd (listener),
                               (const char *[]) { "server", "1", "300000", "11", "after-eof", NULL });
  relay = start_relay (server_port);
  relay_port = g_strdup_printf ("%u", sp_endpoint_get_bound_port (relay));
  client = peer_spawn (-1, (const char *[]) { "client", relay_port, "1", "5000", "5", NULL });

  client_lines = peer_finish (client, "the client peer");
  server_lines = peer_finish (server, "the server peer");
  parse_line (client_lines[0], &c);
  parse_line (server_lines[0], &s);
  g_assert_cmpuint (s.n_recv, ==, 5000);
  g_assert_cmpstr (s.recv, ==, c.sent);
  g_assert_cmpuint (c.n_recv, ==, 300000);
  g_assert_cmpstr (c.recv, ==, s.sent);

  wait_pairs_done (relay);
  /* Each FIN was passed on as a shutdown(SHUT_WR) of the other side. */
  g_assert_cmpuint (sp_test_count_messages (relay, SP_EVENT_KIND_INFO, "shutdown(SHUT_WR)"), ==, 2);
  g_assert_cmpuint (count_flagged (relay, SP_EVENT_KIND_INFO, SP_EVENT_FLAG_SHUTDOWN), ==, 2);
  g_assert_nonnull (sp_test_find_call (relay, "upstream2.shutdown(socket.SHUT_WR)"));
  g_assert_nonnull (sp_test_find_call (relay, "conn1.shutdown(socket.SHUT_WR)"));
  g_assert_cmpuint (sp_test_count_kind (relay, SP_EVENT_KIND_PEER_CLOSED), ==, 2);

  /* The Calls tab: both sides' calls, in the order they were made, each
   * on its own socket (the server's replies are read on upstream2). */
  {
    static const char *const order[][2] = {
      { "conn1, addr = sk.accept()", NULL },
      { "upstream2 = socket.socket(", NULL },
      { "upstream2.connect(", NULL },
      { "conn1.recv(", NULL },
      { "upstream2.sendall(", NULL },
      { "conn1.recv(", "→ b'' (the peer closed)" },
      { "upstream2.shutdown(socket.SHUT_WR)", NULL },
      { "upstream2.recv(", NULL },
      { "conn1.sendall(", NULL },
      { "upstream2.recv(", "→ b'' (the peer closed)" },
      { "conn1.shutdown(socket.SHUT_WR)", NULL },
    };
    guint at = 0;

    for (guint i = 0; i < G_N_ELEMENTS (order); i++)
      at = call_after (relay, at, order[i][0], order[i][1]) + 1;
    g_assert_null (sp_test_find_call (relay, "sk.recv("));
  }

  pair = sp_endpoint_dup_all_connections (relay);
  g_assert_cmpuint (pair->len, ==, 2);
  for (guint i = 0; i < pair->len; i++)
    {
      SpConnection *one = pair->pdata[i];
      SpConnection *other = sp_connection_get_relay_partner (one);

      g_assert_nonnull (other);
      g_assert_true (sp_connection_get_relay_partner (other) == one);
      g_assert_cmpint (sp_connection_get_relay_side (one), ==,
                       sp_connection_get_id (one) == 1 ? SP_RELAY_SIDE_CLIENT : SP_RELAY_SIDE_SERVER);
    }
}

typedef struct {
  GSocket *listener;
  GSocket *accepted;
} Accept;

static gboolean
accepted (gpointer data)
{
  Accept *a = data;

  a->accepted = g_socket_accept (a->listener, NULL, NULL);
  return a->accepted != NULL;
}

typedef struct {
  GSocket *socket;
  int      errnum;
  gboolean eof;
} Ending;

static gboolean
ended (gpointer data)
{
  Ending *e = data;
  g_autoptr(GError) error = NULL;
  char buffer[256];
  gssize n = g_socket_receive (e->socket, buffer, sizeof buffer, NULL, &error);

  if (n == 0)
    e->eof = TRUE;
  else if (n < 0 && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
    e->errnum = sp_errno_from_error (error) != 0 ? sp_errno_from_error (error) : -1;

  return e->eof || e->errnum != 0;
}

static GSocket *
plain_client (guint port)
{
  return sp_test_plain_connect (G_SOCKET_TYPE_STREAM, port);
}

/* The server aborts (SO_LINGER 0): the relay resets the client too, and
 * says so. */
static void
test_reset_passed_on (void)
{
  guint server_port;
  g_autoptr(GSocket) listener = sp_test_plain_listener (&server_port);
  g_autoptr(SpEndpoint) relay = start_relay (server_port);
  g_autoptr(GSocket) client = plain_client (sp_endpoint_get_bound_port (relay));
  g_autoptr(GByteArray) got = g_byte_array_new ();
  Accept a = { listener, NULL };
  SpTestDrain drain = { client, got, 5, FALSE };
  struct linger linger = { 1, 0 };
  Ending ending = { client, 0, FALSE };

  g_socket_set_blocking (listener, FALSE);
  sp_test_wait_until (accepted, &a, 0, "the relay connects to the server");
  g_assert_cmpint (g_socket_send (a.accepted, "hello", 5, NULL, NULL), ==, 5);
  sp_test_wait_until (sp_test_drain_some, &drain, 0, "the client gets the server's bytes");
  g_assert_cmpmem (got->data, got->len, "hello", 5);

  g_assert_cmpint (setsockopt (g_socket_get_fd (a.accepted), SOL_SOCKET, SO_LINGER, &linger, sizeof linger), ==, 0);
  g_socket_close (a.accepted, NULL);
  g_clear_object (&a.accepted);

  sp_test_wait_until (ended, &ending, 0, "the client sees the reset");
  g_assert_cmpint (ending.errnum, ==, ECONNRESET);
  g_assert_false (ending.eof);

  g_assert_cmpuint (sp_test_count_errno (relay, ECONNRESET), ==, 1);
  g_assert_cmpuint (sp_test_count_messages (relay, SP_EVENT_KIND_CLOSED, "SO_LINGER 0"), ==, 1);
  g_assert_cmpuint (sp_test_count_messages (relay, SP_EVENT_KIND_CLOSED, "reset (RST)"), ==, 1);
  g_assert_cmpuint (count_flagged (relay, SP_EVENT_KIND_CLOSED, SP_EVENT_FLAG_RESET), ==, 1);
  g_assert_nonnull (sp_test_find_call (relay, "conn1.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER"));
  wait_pairs_done (relay);
}

typedef struct {
  SpEndpoint *relay;
  GSocket    *client;
  guint64     n_sent;
  guint8      next;
} Flood;

/* The client sends until its kernel buffer is full; done once the relay has
 * stopped reading it (bytes wait in the relay's receive queue) because the
 * server side's send would block. */
static gboolean
relay_stopped_reading (gpointer data)
{
  Flood *f = data;
  guint8 chunk[65536];
  g_autoptr(SpConnection) client_side = NULL;
  SpConnection *server_side;
  guint in = 0, out = 0;
  gssize n;

  for (gsize i = 0; i < sizeof chunk; i++)
    chunk[i] = f->next + i;
  while ((n = g_socket_send (f->client, (char *) chunk, sizeof chunk, NULL, NULL)) > 0)
    {
      f->n_sent += n;
      f->next += n;
      for (gsize i = 0; i < sizeof chunk; i++)
        chunk[i] = f->next + i;
    }

  if (g_list_model_get_n_items (sp_endpoint_get_connections (f->relay)) < 2)
    return FALSE;
  client_side = g_list_model_get_item (sp_endpoint_get_connections (f->relay), 0);
  server_side = sp_connection_get_relay_partner (client_side);
  g_assert_nonnull (server_side);
  g_assert_cmpint (sp_connection_get_relay_side (client_side), ==, SP_RELAY_SIDE_CLIENT);

  return sp_connection_get_bytes_queued (server_side) > 0 &&
         sp_connection_get_kernel_queues (client_side, &in, &out) && in > 0;
}

/* Reads what reached the server (the test's wait checks it). */
static gboolean
server_readable_cb (GSocket      *socket,
                    GIOCondition  condition,
                    gpointer      data)
{
  sp_test_drain_some (data);
  return G_SOURCE_CONTINUE;
}

/* A server that does not read: the relay stops reading the client rather
 * than keep what it cannot pass on; nothing is lost once the server reads. */
static void
test_backpressure (void)
{
  guint server_port;
  g_autoptr(GSocket) listener = sp_test_plain_listener (&server_port);
  g_autoptr(SpEndpoint) relay = start_relay (server_port);
  g_autoptr(GSocket) client = plain_client (sp_endpoint_get_bound_port (relay));
  g_autoptr(GByteArray) got = g_byte_array_new ();
  g_autoptr(SpConnection) client_side = NULL;
  Accept a = { listener, NULL };
  Flood flood = { relay, client, 0, 0 };
  SpTestDrain drain = { NULL, got, 0, FALSE };
  g_autoptr(GSource) wake = NULL;

  sp_endpoint_set_read_size (relay, 65536);
  g_socket_set_blocking (listener, FALSE);
  sp_test_wait_until (accepted, &a, 0, "the relay connects to the server");
  g_socket_set_blocking (a.accepted, FALSE);

  sp_test_wait_until (relay_stopped_reading, &flood, 0, "the relay stops reading the client");
  client_side = g_list_model_get_item (sp_endpoint_get_connections (relay), 0);
  /* At most one recv()'s bytes wait in the relay's memory. */
  g_assert_cmpuint (sp_connection_get_bytes_queued (sp_connection_get_relay_partner (client_side)), <=, 65536);
  g_assert_cmpuint (sp_connection_get_bytes_received (client_side), <, flood.n_sent);

  /* The server reads: everything arrives, in order. Its socket wakes the
   * main loop: bytes the relay sent after the wait's last look would
   * otherwise sit unread with nothing left to wake it (a hang in about
   * half the runs on a loaded machine). */
  drain.socket = a.accepted;
  drain.size = flood.n_sent;
  wake = g_socket_create_source (a.accepted, G_IO_IN, NULL);
  g_source_set_callback (wake, G_SOURCE_FUNC (server_readable_cb), &drain, NULL);
  g_source_attach (wake, NULL);
  sp_test_wait_until (sp_test_drain_some, &drain, 30000, "the server gets every byte");
  g_source_destroy (wake);
  g_assert_cmpuint (got->len, ==, flood.n_sent);
  for (guint i = 0; i < got->len; i++)
    if (got->data[i] != (guint8) i)
      g_error ("byte %u is %u, not %u", i, got->data[i], (guint8) i);
  g_clear_object (&a.accepted);
}

typedef struct {
  SpConnection *connection;
  guint         n;
} Queued;

static gboolean
kernel_holds (gpointer data)
{
  Queued *q = data;
  guint in = 0, out = 0;

  return sp_connection_get_kernel_queues (q->connection, &in, &out) && in >= q->n;
}

static guint
count_recv_calls (SpEndpoint *relay,
                  gboolean    client_to_server)
{
  GListModel *events = G_LIST_MODEL (sp_endpoint_get_events (relay));
  guint count = 0;

  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(SpEvent) event = g_list_model_get_item (events, i);

      count += sp_event_get_kind (event) == SP_EVENT_KIND_RECEIVED &&
               sp_event_get_client_to_server (event) == client_to_server;
    }

  return count;
}

/* Reading paused on the client side only: the client's three sends wait in
 * the kernel while the server's bytes still flow back; resumed, they are
 * one recv() and reach the server stuck together (黏包). */
static void
test_pause_one_side (void)
{
  guint server_port;
  g_autoptr(GSocket) listener = sp_test_plain_listener (&server_port);
  g_autoptr(SpEndpoint) relay = start_relay (server_port);
  g_autoptr(GSocket) client = plain_client (sp_endpoint_get_bound_port (relay));
  g_autoptr(GByteArray) at_server = g_byte_array_new ();
  g_autoptr(GByteArray) at_client = g_byte_array_new ();
  g_autoptr(SpConnection) client_side = NULL;
  SpTestCount pair = { relay, 2 };
  Accept a = { listener, NULL };
  SpTestDrain to_client = { client, at_client, 3, FALSE };
  SpTestDrain to_server = { NULL, at_server, 6, FALSE };
  Queued queued = { NULL, 6 };
  SpEvent *received;

  g_socket_set_blocking (listener, FALSE);
  sp_test_wait_until (accepted, &a, 0, "the relay connects to the server");
  g_socket_set_blocking (a.accepted, FALSE);
  sp_test_wait_until (sp_test_has_n_connections, &pair, 0, "the pair is listed");
  client_side = g_list_model_get_item (sp_endpoint_get_connections (relay), 0);
  g_assert_cmpint (sp_connection_get_relay_side (client_side), ==, SP_RELAY_SIDE_CLIENT);

  sp_endpoint_set_relay_paused (relay, SP_RELAY_SIDE_CLIENT, TRUE);
  g_assert_true (sp_endpoint_get_relay_paused (relay, SP_RELAY_SIDE_CLIENT));
  g_assert_false (sp_endpoint_get_relay_paused (relay, SP_RELAY_SIDE_SERVER));
  g_assert_cmpint (g_socket_send (client, "ab", 2, NULL, NULL), ==, 2);
  g_assert_cmpint (g_socket_send (client, "cd", 2, NULL, NULL), ==, 2);
  g_assert_cmpint (g_socket_send (client, "ef", 2, NULL, NULL), ==, 2);
  queued.connection = client_side;
  sp_test_wait_until (kernel_holds, &queued, 0, "the client's bytes wait in the relay's kernel");

  /* The other way still flows. */
  g_assert_cmpint (g_socket_send (a.accepted, "xyz", 3, NULL, NULL), ==, 3);
  sp_test_wait_until (sp_test_drain_some, &to_client, 0, "the server's bytes reach the client");
  g_assert_cmpmem (at_client->data, at_client->len, "xyz", 3);
  g_assert_cmpuint (count_recv_calls (relay, TRUE), ==, 0);
  g_assert_cmpuint (sp_test_count_messages (relay, SP_EVENT_KIND_INFO, "Reading paused on the client side"), ==, 1);

  sp_endpoint_set_relay_paused (relay, SP_RELAY_SIDE_CLIENT, FALSE);
  to_server.socket = a.accepted;
  sp_test_wait_until (sp_test_drain_some, &to_server, 0, "the client's bytes reach the server");
  g_assert_cmpmem (at_server->data, at_server->len, "abcdef", 6);
  /* Three send()s, one recv(): the boundaries are gone. */
  g_assert_cmpuint (count_recv_calls (relay, TRUE), ==, 1);
  received = sp_test_last_of_kind (relay, SP_EVENT_KIND_RECEIVED);
  g_assert_true (sp_event_get_client_to_server (received));
  g_assert_cmpuint (sp_event_get_n_bytes (received), ==, 6);
  g_clear_object (&a.accepted);
}

/* Framing on: the relay shows each side's messages; a frame it cannot
 * decode is said, and the bytes still pass, undecoded. */
static void
test_framing (void)
{
  guint server_port;
  g_autoptr(GSocket) listener = sp_test_plain_listener (&server_port);
  g_autoptr(SpEndpoint) relay = sp_endpoint_new (SP_ENDPOINT_KIND_TCP_RELAY);
  g_autoptr(GSocket) client = NULL;
  g_autoptr(GByteArray) at_server = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  SpFramingConfig framing;
  SpTestCount pair = { relay, 2 };
  Accept a = { listener, NULL };
  SpTestDrain to_server = { NULL, at_server, 7, FALSE };
  SpTestKindCount one_message = { relay, SP_EVENT_KIND_MESSAGE, 1 };
  static const char good[] = "\x03\x00\x00\x00" "abc";
  static const char bad[] = "\xe8\x03\x00\x00xyz";
  SpEvent *message;

  g_assert_true (sp_framing_config_from_string ("python-i:max=16", &framing, &error));
  g_assert_true (sp_endpoint_set_framing (relay, &framing, &error));
  sp_endpoint_set_port (relay, 0);
  sp_endpoint_set_target_port (relay, server_port);
  sp_endpoint_start (relay);
  sp_test_wait_until (sp_test_is_running, relay, 0, "the relay listens");
  client = plain_client (sp_endpoint_get_bound_port (relay));
  g_socket_set_blocking (listener, FALSE);
  sp_test_wait_until (accepted, &a, 0, "the relay connects to the server");
  g_socket_set_blocking (a.accepted, FALSE);
  sp_test_wait_until (sp_test_has_n_connections, &pair, 0, "the pair is listed");
  to_server.socket = a.accepted;

  g_assert_cmpint (g_socket_send (client, good, 7, NULL, NULL), ==, 7);
  sp_test_wait_until (sp_test_has_n_of_kind, &one_message, 0, "the relay shows the message");
  message = sp_test_last_of_kind (relay, SP_EVENT_KIND_MESSAGE);
  g_assert_true (sp_event_get_client_to_server (message));
  g_assert_cmpmem (g_bytes_get_data (sp_event_get_payload (message), NULL),
                   sp_event_get_n_bytes (message), "abc", 3);

  /* 1000 bytes announced, 16 allowed: said, and passed on all the same. */
  g_assert_cmpint (g_socket_send (client, bad, 7, NULL, NULL), ==, 7);
  to_server.size = 14;
  sp_test_wait_until (sp_test_drain_some, &to_server, 0, "every byte reaches the server");
  g_assert_cmpmem (at_server->data, at_server->len, "\x03\x00\x00\x00" "abc" "\xe8\x03\x00\x00" "xyz", 14);
  g_assert_cmpuint (sp_test_count_kind (relay, SP_EVENT_KIND_ERROR), ==, 1);
  g_assert_cmpuint (sp_test_count_messages (relay, SP_EVENT_KIND_INFO, "without cutting them into messages"), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (sp_endpoint_get_connections (relay)), ==, 2);
  g_clear_object (&a.accepted);
}

/* 50 clients at once, each through its own pair, each echoed intact. */
static void
test_many_connections (void)
{
  guint server_port;
  g_autoptr(GSocket) listener = sp_test_plain_listener (&server_port);
  g_autoptr(SpEndpoint) relay = NULL;
  g_autofree char *count = g_strdup_printf ("%u", MANY);
  g_autofree char *relay_port = NULL;
  g_auto(GStrv) server_lines = NULL;
  g_auto(GStrv) client_lines = NULL;
  SpTestPeer *server, *client;

  server = peer_spawn (g_socket_get_fd (listener),
                               (const char *[]) { "server", count, "0", "1", "echo", NULL });
  relay = start_relay (server_port);
  relay_port = g_strdup_printf ("%u", sp_endpoint_get_bound_port (relay));
  client = peer_spawn (-1, (const char *[]) { "client", relay_port, count, "200000", "100", NULL });

  client_lines = peer_finish (client, "the client peer");
  server_lines = peer_finish (server, "the server peer");
  g_assert_cmpuint (g_strv_length (client_lines), ==, MANY);
  g_assert_cmpuint (g_strv_length (server_lines), ==, MANY);
  for (guint i = 0; i < MANY; i++)
    {
      ConnLine c;

      parse_line (client_lines[i], &c);
      g_assert_cmpuint (c.n_sent, ==, 200000);
      g_assert_cmpuint (c.n_recv, ==, c.n_sent);
      g_assert_cmpstr (c.recv, ==, c.sent);
    }

  wait_pairs_done (relay);
  g_assert_cmpuint (sp_test_count_kind (relay, SP_EVENT_KIND_ACCEPTED), ==, MANY);
  g_assert_cmpuint (sp_test_count_kind (relay, SP_EVENT_KIND_CONNECTED), ==, MANY);
  g_assert_cmpuint (sp_test_count_messages (relay, SP_EVENT_KIND_CLOSED, "both sides have closed"), ==, MANY);
  g_assert_cmpuint (count_bytes (relay, SP_EVENT_KIND_SENT, TRUE), ==, MANY * 200000);
  g_assert_cmpuint (count_bytes (relay, SP_EVENT_KIND_SENT, FALSE), ==, MANY * 200000);
}

/* Nothing listens at the target: the client is closed, and the log names
 * ECONNREFUSED and the target. */
static void
test_target_refused (void)
{
  g_autoptr(GSocket) bound_only = NULL;
  g_autoptr(SpEndpoint) relay = NULL;
  g_autoptr(GSocket) client = NULL;
  g_autofree char *target = NULL;
  Ending ending = { NULL, 0, FALSE };
  guint port;

  /* Bound, never listening: connect() to it is refused. */
  bound_only = sp_test_plain_bound (G_SOCKET_TYPE_STREAM, &port);
  target = g_strdup_printf ("127.0.0.1:%u", port);

  relay = start_relay (port);
  client = plain_client (sp_endpoint_get_bound_port (relay));
  ending.socket = client;
  sp_test_wait_until (ended, &ending, 0, "the relay closes the client");
  g_assert_true (ending.eof);

  g_assert_cmpuint (sp_test_count_errno (relay, ECONNREFUSED), ==, 1);
  g_assert_cmpuint (sp_test_count_messages (relay, SP_EVENT_KIND_ERROR, target), ==, 1);
  g_assert_cmpuint (sp_test_count_messages (relay, SP_EVENT_KIND_CLOSED, target), ==, 1);
  wait_pairs_done (relay);
  g_assert_cmpint (sp_endpoint_get_state (relay), ==, SP_ENDPOINT_STATE_RUNNING);
}

/* A target it cannot connect to is refused before it listens, saying why. */
static void
test_target_checked (void)
{
  static const struct { const char *host; guint port; const char *says; } cases[] = {
    { "127.0.0.1", 0, "target port" },
    { "0.0.0.0", 8082, "0.0.0.0" },
    { "bad host!", 8082, "bad host!" },
    { "", 8082, "Target" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SpEndpoint) relay = sp_endpoint_new (SP_ENDPOINT_KIND_TCP_RELAY);

      sp_endpoint_set_port (relay, 0);
      sp_endpoint_set_target_host (relay, cases[i].host);
      sp_endpoint_set_target_port (relay, cases[i].port);
      sp_endpoint_start (relay);
      g_assert_cmpint (sp_endpoint_get_state (relay), ==, SP_ENDPOINT_STATE_STOPPED);
      g_assert_nonnull (sp_endpoint_get_error_message (relay));
      g_assert_nonnull (strstr (sp_endpoint_get_error_message (relay), cases[i].says));
      g_assert_true (g_str_has_prefix (sp_endpoint_get_error_message (relay), "Target: "));
    }

  g_assert_cmpstr (sp_endpoint_kind_to_nick (SP_ENDPOINT_KIND_TCP_RELAY), ==, "tcp-relay");
}

/* "Set it up for me" makes a relay and points it at its target. */
static void
test_setup_commands (void)
{
  static const char *commands[] = {
    "pane 1 tcp-relay 127.0.0.1 0", "option 1 target [::1]:9000", "option 1 pause-server-side on",
    "pane 2 udp-relay 127.0.0.1 0", "option 2 target 127.0.0.1:9001", "option 2 idle-timeout 1500", NULL,
  };
  static const char *bad[] = {
    "option 1 target 127.0.0.1", "option 1 target 127.0.0.1:0", "option 1 target 0.0.0.0:80",
    "option 1 target ::1:80", "pane 1 tcp-relay 127.0.0.1", "option 1 idle-timeout soon",
  };
  SpTestHost host;
  g_auto(GStrv) said = NULL;
  g_autoptr(GError) run_error = NULL;
  SpEndpoint *relay;
  g_autofree char *changes = NULL;

  sp_test_setup_rejects ("pane 1 tcp-relay 127.0.0.1 0", bad, G_N_ELEMENTS (bad), commands);

  sp_test_host_init (&host);
  g_assert_true (sp_test_host_run_changes (&host, commands, &said, &run_error));
  g_assert_no_error (run_error);

  relay = sp_test_host_lookup (&host, 1);
  g_assert_cmpint (sp_endpoint_get_kind (relay), ==, SP_ENDPOINT_KIND_TCP_RELAY);
  g_assert_cmpstr (sp_endpoint_get_target_host (relay), ==, "::1");
  g_assert_cmpuint (sp_endpoint_get_target_port (relay), ==, 9000);
  g_assert_true (sp_endpoint_get_relay_paused (relay, SP_RELAY_SIDE_SERVER));
  g_assert_false (sp_endpoint_get_relay_paused (relay, SP_RELAY_SIDE_CLIENT));
  changes = g_strjoinv ("\n", said);
  g_test_message ("%s", changes);
  g_assert_nonnull (strstr (changes, "Target 127.0.0.1:8082 → [::1]:9000"));

  relay = sp_test_host_lookup (&host, 2);
  g_assert_cmpint (sp_endpoint_get_kind (relay), ==, SP_ENDPOINT_KIND_UDP_RELAY);
  g_assert_cmpuint (sp_endpoint_get_target_port (relay), ==, 9001);
  g_assert_cmpuint (sp_endpoint_get_relay_idle_timeout (relay), ==, 1500);
  g_assert_nonnull (strstr (changes, "Mapping idle timeout (ms) 60000 → 1500"));

  sp_test_host_clear (&host);
}

/* Copy as Python and Copy as C give a relay like the pane, that Python
 * accepts and cc builds with every warning an error. */
static void
test_copy_as_python (void)
{
  g_autoptr(SpEndpoint) relay = sp_endpoint_new (SP_ENDPOINT_KIND_TCP_RELAY);
  static const char *const python[] = {
    "sk.bind(('127.0.0.1', 9100))\n",
    "upstream = socket.create_connection(('::1', 9200))\n",
    "data = src.recv(4096)\n",
    "other[src].shutdown(socket.SHUT_WR)\n",
    "struct.pack('ii', 1, 0)",
    "print('target [::1]:9200:', e)",
    NULL,
  };
  static const char *const c[] = {
    "resolve (\"127.0.0.1\", \"9100\", SOCK_STREAM, AI_PASSIVE)",
    "resolve (\"::1\", \"9200\", SOCK_STREAM, 0)",
    "static char buf[4096];",
    "shutdown (other[fd], SHUT_WR);",
    "SO_LINGER",
    NULL,
  };

  sp_endpoint_set_port (relay, 9100);
  sp_endpoint_set_target_host (relay, "::1");
  sp_endpoint_set_target_port (relay, 9200);
  sp_endpoint_set_read_size (relay, 4096);
  sp_test_code_has (relay, FALSE, python);
  sp_test_code_has (relay, TRUE, c);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/relay/bulk-both-ways", test_bulk_both_ways);
  g_test_add_func ("/relay/half-close", test_half_close);
  g_test_add_func ("/relay/reset-passed-on", test_reset_passed_on);
  g_test_add_func ("/relay/backpressure", test_backpressure);
  g_test_add_func ("/relay/pause-one-side", test_pause_one_side);
  g_test_add_func ("/relay/framing", test_framing);
  g_test_add_func ("/relay/many-connections", test_many_connections);
  g_test_add_func ("/relay/target-refused", test_target_refused);
  g_test_add_func ("/relay/target-checked", test_target_checked);
  g_test_add_func ("/relay/setup-commands", test_setup_commands);
  g_test_add_func ("/relay/copy-as-python-and-c", test_copy_as_python);

  return g_test_run ();
}
