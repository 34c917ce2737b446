/* sp-bench-engine.c: figure 2, the engine's TCP throughput against plain
 * blocking loops, each contender alone in a process, under the same memory
 * conditions
 *
 *   sp-bench engine BYTES READ_SIZE CONTENDER CONDITION
 *     CONTENDER  engine       two SpEndpoints (client → server) in this
 *                             thread's main loop, capture on, as in the app
 *                two-threads  one thread send()s, this one recv()s
 *                one-thread   send() a piece as the engine does, recv() it
 *                             back, in one thread
 *     CONDITION  cold  the first transfer in this process: every page the
 *                      received bytes go into is new to the process
 *                warm  a first, untimed transfer of the same size, its
 *                      memory freed (engine) or kept for reuse (loops),
 *                      then the timed one: the pages exist already
 *   sp-bench pages BYTES CHUNK
 *     what new memory costs by itself: BYTES written in CHUNK pieces into
 *     new pages, then again into the same pages
 *
 * Each prints one JSON object. The page faults of the timed part are
 * counted, so the JSON shows that both sides ran under the same conditions.
 * For callgrind, the timed parts are functions of their own (*_timed).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <malloc.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/socket.h>

#include "sp-bench.h"
#include "sp-endpoint.h"
#include "sp-event-log.h"
#include "sp-test-util.h"

typedef struct {
  double   seconds;
  glong    minor_faults;
  gboolean ok;
  guint    n_recv;          /* receive calls that returned bytes */
  guint    n_send;          /* send calls (the engine's "sent" events) */
  guint64  checksum;        /* of the bytes received, in order */
} Transfer;

typedef struct {
  double start;
  glong  faults;
} Stopwatch;

static void
stopwatch_start (Stopwatch *w)
{
  w->faults = sp_bench_minor_faults ();
  w->start = sp_bench_now_s ();
}

static void
stopwatch_stop (Stopwatch *w,
                Transfer  *t)
{
  t->seconds = sp_bench_now_s () - w->start;
  t->minor_faults = sp_bench_minor_faults () - w->faults;
}

static void
send_all (int           fd,
          const guint8 *data,
          gsize         size)
{
  gsize sent = 0;

  while (sent < size)
    {
      ssize_t n = send (fd, data + sent, size - sent, MSG_NOSIGNAL);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        g_error ("baseline send: %s", g_strerror (errno));
      sent += n;
    }
}

/* Plain loops ------------------------------------------------------------ */

typedef struct {
  int           fd;
  const guint8 *data;
  gsize         size;
} SendJob;

static void *
send_all_thread (void *user_data)
{
  SendJob *job = user_data;

  send_all (job->fd, job->data, job->size);
  shutdown (job->fd, SHUT_WR);
  return NULL;
}

typedef struct {
  int listener;
  int sender;
  int receiver;
} Pair;

static Pair
pair_open (void)
{
  guint16 port;
  Pair p;

  p.listener = sp_bench_listen_loopback (&port);
  p.sender = sp_bench_connect_loopback (port);
  p.receiver = accept (p.listener, NULL, NULL);
  if (p.receiver < 0)
    g_error ("accept: %s", g_strerror (errno));
  return p;
}

static void
pair_close (Pair *p)
{
  close (p->receiver);
  close (p->sender);
  close (p->listener);
}

/* One thread send()s everything while this one recv()s @read_size at a
 * time straight into @got. */
static G_GNUC_NO_INLINE void
two_threads_timed (Pair         *pair,
                   const guint8 *data,
                   guint8       *got,
                   gsize         size,
                   gsize         read_size,
                   Transfer     *t)
{
  SendJob job = { pair->sender, data, size };
  pthread_t thread;
  gsize done = 0;

  pthread_create (&thread, NULL, send_all_thread, &job);
  for (;;)
    {
      ssize_t n = recv (pair->receiver, got + done, MIN (read_size, size - done + 1), 0);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0 || done + n > size)
        break;
      done += n;
      t->n_recv++;
    }
  pthread_join (thread, NULL);
  t->ok = done == size;
}

/* In one thread, as the engine has to work, in the engine's pieces:
 * send() up to SP_CONNECTION_SEND_PIECE on a non-blocking socket (as the
 * engine's: a piece the peer has no room for yet must not block this
 * thread), then recv() @read_size at a time until what it took is back.
 * The piece is the engine's so that both move the bytes alike: with
 * 64 KiB pieces this loop was slower on loopback, with megabytes far
 * slower. */
static G_GNUC_NO_INLINE void
one_thread_timed (Pair         *pair,
                  const guint8 *data,
                  guint8       *got,
                  gsize         size,
                  gsize         read_size,
                  Transfer     *t)
{
  gsize done = 0;

  while (done < size)
    {
      ssize_t taken = send (pair->sender, data + done, MIN (SP_CONNECTION_SEND_PIECE, size - done),
                            MSG_NOSIGNAL | MSG_DONTWAIT);
      gsize end;

      if (taken < 0 && (errno == EINTR || errno == EAGAIN))
        continue;   /* everything sent is read: the kernel makes room */
      if (taken < 0)
        g_error ("baseline send: %s", g_strerror (errno));
      t->n_send++;
      end = done + taken;
      while (done < end)
        {
          ssize_t n = recv (pair->receiver, got + done, MIN (read_size, end - done), 0);

          if (n < 0 && errno == EINTR)
            continue;
          if (n <= 0)
            g_error ("baseline recv: %s", n < 0 ? g_strerror (errno) : "end of stream");
          done += n;
          t->n_recv++;
        }
    }
  t->ok = done == size;
}

static Transfer
plain_loop (gboolean      two_threads,
            const guint8 *data,
            guint8       *got,
            gsize         size,
            gsize         read_size)
{
  Pair pair = pair_open ();
  Transfer t = { 0 };
  Stopwatch w;

  stopwatch_start (&w);
  if (two_threads)
    two_threads_timed (&pair, data, got, size, read_size, &t);
  else
    one_thread_timed (&pair, data, got, size, read_size, &t);
  stopwatch_stop (&w, &t);
  if (two_threads)
    t.n_send = 0;   /* the sender thread's calls are not counted */

  /* Not timed: the bytes, in order. */
  t.ok = t.ok && memcmp (got, data, size) == 0;
  t.checksum = sp_bench_fnv1a (SP_BENCH_FNV_INIT, got, size);
  pair_close (&pair);
  return t;
}

/* The engine ------------------------------------------------------------- */

/* From sp_endpoint_send() of the whole message until the server's log has
 * counted every byte, the main loop running as in the app. */
static G_GNUC_NO_INLINE void
engine_timed (SpEndpoint *client,
              SpEventLog *log,
              GBytes     *message)
{
  g_autoptr(GError) error = NULL;
  gsize size = g_bytes_get_size (message);

  if (!sp_endpoint_send (client, message, NULL, &error))
    g_error ("engine send: %s", error->message);
  while (sp_event_log_get_bytes_received (log) < size)
    g_main_context_iteration (NULL, TRUE);
}

/* Every received event's bytes, in order, against the source. */
static void
engine_check (Transfer     *t,
              SpEventLog   *log,
              const guint8 *data,
              gsize         size)
{
  guint n_events = g_list_model_get_n_items (G_LIST_MODEL (log));
  gsize offset = 0;

  t->ok = TRUE;
  t->checksum = SP_BENCH_FNV_INIT;
  /* The records, as the app's exporters read them: no object per event. */
  for (guint i = 0; i < n_events; i++)
    {
      const SpEventRecord *event = sp_event_log_peek (log, i);
      const guint8 *p;
      gsize n;

      if (sp_event_record_get_kind (event) != SP_EVENT_KIND_RECEIVED)
        continue;
      p = sp_event_record_get_payload_data (event, &n);
      if (!sp_event_record_has_payload (event))
        {
          t->ok = FALSE;   /* released: the capture limit was too low */
          return;
        }
      t->n_recv++;
      if (offset + n > size || memcmp (p, data + offset, n) != 0)
        t->ok = FALSE;
      t->checksum = sp_bench_fnv1a (t->checksum, p, n);
      offset += n;
    }
  t->ok = t->ok && offset == size;
}

/* Two endpoints of the app's engine in this thread's main loop, with the
 * defaults of a new pane: every sent and received event and the call trace
 * logged. Everything they kept is freed before this returns. */
static Transfer
engine (GBytes *message,
        guint   read_size)
{
  g_autoptr(SpEndpoint) server = sp_endpoint_new (SP_ENDPOINT_KIND_TCP_SERVER);
  g_autoptr(SpEndpoint) client = sp_endpoint_new (SP_ENDPOINT_KIND_TCP_CLIENT);
  gsize size;
  const guint8 *data = g_bytes_get_data (message, &size);
  SpTestCount accepted = { server, 1 };
  Transfer t = { 0 };
  Stopwatch w;

  /* Capture on for all of it: every payload kept, as a user who raised the
   * capture limit in Preferences would have it. */
  sp_capture_store_set_limit (sp_capture_store_get_default (), 2 * (guint64) size + 64 * 1024 * 1024);

  sp_endpoint_set_host (server, "127.0.0.1");
  sp_endpoint_set_port (server, 0);
  sp_endpoint_set_read_size (server, read_size);
  sp_endpoint_start (server);
  sp_test_wait_until (sp_test_is_running, server, 0, "server running");

  sp_endpoint_set_host (client, "127.0.0.1");
  sp_endpoint_set_port (client, sp_endpoint_get_bound_port (server));
  sp_endpoint_start (client);
  sp_test_wait_until (sp_test_is_running, client, 0, "client connected");
  sp_test_wait_until (sp_test_has_connections, &accepted, 0, "connection accepted");

  stopwatch_start (&w);
  engine_timed (client, sp_endpoint_get_events (server), message);
  stopwatch_stop (&w, &t);

  engine_check (&t, sp_endpoint_get_events (server), data, size);
  t.n_send = sp_test_count_kind (client, SP_EVENT_KIND_SENT);

  sp_endpoint_stop (client);
  sp_endpoint_stop (server);
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  sp_capture_store_set_limit (sp_capture_store_get_default (), SP_CAPTURE_STORE_DEFAULT_LIMIT);

  return t;
}

/* Modes ------------------------------------------------------------------ */

typedef enum { ENGINE, TWO_THREADS, ONE_THREAD } Contender;

static const char * const contender_names[] = { "engine", "two-threads", "one-thread" };

int
sp_bench_engine_main (int    argc,
                      char **argv)
{
  gsize size, read_size;
  gboolean warm;
  Contender who = ENGINE;
  guint8 *data;
  g_autoptr(GBytes) message = NULL;
  g_autofree guint8 *got = NULL;
  guint64 want;
  Transfer t;

  if (argc != 5 || (strcmp (argv[4], "cold") != 0 && strcmp (argv[4], "warm") != 0))
    {
      g_printerr ("usage: sp-bench engine BYTES READ_SIZE engine|two-threads|one-thread cold|warm\n");
      return 2;
    }
  size = sp_bench_parse_size (argv[1]);
  read_size = sp_bench_parse_size (argv[2]);
  while (who <= ONE_THREAD && strcmp (argv[3], contender_names[who]) != 0)
    who++;
  if (who > ONE_THREAD || size == 0 || read_size == 0 || read_size > 1024 * 1024)
    {
      g_printerr ("sp-bench engine: bad arguments\n");
      return 2;
    }
  warm = strcmp (argv[4], "warm") == 0;

  /* Freed heap memory stays in the process (glibc would otherwise give
   * the top of the heap back, and "warm" would be cold again); the same
   * setting for every contender in both conditions. */
  mallopt (M_TRIM_THRESHOLD, INT_MAX);

  data = g_malloc (size);
  sp_bench_fill_random (data, size, 7);
  want = sp_bench_fnv1a (SP_BENCH_FNV_INIT, data, size);
  message = g_bytes_new_take (data, size);

  /* The loops' buffer, like the engine's capture memory: new pages for the
   * first transfer, the same pages again for the second. */
  if (who != ENGINE)
    got = g_malloc (size);

  for (guint run = 0; run < (warm ? 2u : 1u); run++)
    {
      if (who == ENGINE)
        t = engine (message, read_size);
      else
        t = plain_loop (who == TWO_THREADS, data, got, size, read_size);
      if (!t.ok || t.checksum != want)
        break;
    }

  g_print ("{\"contender\": \"%s\", \"condition\": \"%s\", \"bytes\": %" G_GSIZE_FORMAT ", "
           "\"read_size\": %" G_GSIZE_FORMAT ", \"seconds\": %.4f, \"MiBps\": %.1f, "
           "\"minor_faults\": %ld, \"recv_calls\": %u, \"send_calls\": %u, "
           "\"complete\": %s, \"fnv1a\": \"%016" G_GINT64_MODIFIER "x\"}\n",
           contender_names[who], argv[4], size, read_size, t.seconds,
           size / t.seconds / (1 << 20), t.minor_faults, t.n_recv, t.n_send,
           t.ok && t.checksum == want ? "true" : "false", t.checksum);

  return t.ok && t.checksum == want ? 0 : 1;
}

int
sp_bench_pages_main (int    argc,
                     char **argv)
{
  gsize size, chunk;
  g_autofree guint8 *data = NULL;
  guint8 *p;
  double t0, fresh_s, touched_s;

  if (argc != 3 || (size = sp_bench_parse_size (argv[1])) == 0 ||
      (chunk = sp_bench_parse_size (argv[2])) == 0)
    {
      g_printerr ("usage: sp-bench pages BYTES CHUNK\n");
      return 2;
    }

  data = g_malloc (size);
  sp_bench_fill_random (data, size, 7);
  p = mmap (NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED)
    g_error ("mmap: %s", g_strerror (errno));

  t0 = sp_bench_now_s ();
  for (gsize o = 0; o < size; o += chunk)
    memcpy (p + o, data + o, MIN (chunk, size - o));
  fresh_s = sp_bench_now_s () - t0;

  t0 = sp_bench_now_s ();
  for (gsize o = 0; o < size; o += chunk)
    memcpy (p + o, data + o, MIN (chunk, size - o));
  touched_s = sp_bench_now_s () - t0;

  munmap (p, size);
  g_print ("{\"bytes\": %" G_GSIZE_FORMAT ", \"chunk\": %" G_GSIZE_FORMAT ", "
           "\"fresh_pages_s\": %.4f, \"touched_pages_s\": %.4f}\n",
           size, chunk, fresh_s, touched_s);
  return 0;
}
