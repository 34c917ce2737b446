/* sp-bench.c: the core's benchmarks, driven by build-aux/bench.py
 *
 *   sp-bench hexdump FILE          FILE as sp_hex_format_line() lines on stdout
 *   sp-bench engine BYTES READ     engine TCP vs a blocking send/recv loop
 *   sp-bench framing BYTES         frame decoder vs memcpy
 *   sp-bench memory N              bytes per SpEvent in an SpEventLog
 *   sp-bench flood PORT BYTES SECS a plain client writing as fast as it can
 *
 * Every mode but hexdump and flood prints one JSON object on stdout.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>

#include "sp-endpoint.h"
#include "sp-event-log.h"
#include "sp-framing.h"
#include "sp-hex.h"

static double
now_s (void)
{
  return g_get_monotonic_time () / 1e6;
}

/* Deterministic, incompressible-looking bytes (xorshift64*). */
static void
fill_random (guint8 *data,
             gsize   size,
             guint64 seed)
{
  guint64 x = seed | 1;
  gsize i = 0;

  for (; i + 8 <= size; i += 8)
    {
      guint64 v;

      x ^= x >> 12; x ^= x << 25; x ^= x >> 27;
      v = x * G_GUINT64_CONSTANT (2685821657736338717);
      memcpy (data + i, &v, 8);
    }
  for (; i < size; i++)
    data[i] = (guint8) (i * 131);
}

static guint64
fnv1a (guint64       h,
       const guint8 *data,
       gsize         size)
{
  for (gsize i = 0; i < size; i++)
    h = (h ^ data[i]) * G_GUINT64_CONSTANT (1099511628211);
  return h;
}

#define FNV_INIT G_GUINT64_CONSTANT (14695981039346656037)

static gsize
parse_size (const char *text)
{
  char *end = NULL;
  guint64 v = g_ascii_strtoull (text, &end, 10);

  if (end && (*end == 'K' || *end == 'k'))
    v <<= 10;
  else if (end && *end == 'M')
    v <<= 20;
  else if (end && *end == 'G')
    v <<= 30;
  return (gsize) v;
}

/* hexdump ----------------------------------------------------------------- */

static int
run_hexdump (const char *path)
{
  enum { OUT_SIZE = 1 << 20 };
  g_autofree char *out = g_malloc (OUT_SIZE);
  struct stat st;
  const guint8 *data;
  gsize n_lines, used = 0;
  int fd = open (path, O_RDONLY);

  if (fd < 0 || fstat (fd, &st) < 0)
    {
      g_printerr ("%s: %s\n", path, g_strerror (errno));
      return 1;
    }
  data = mmap (NULL, st.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
  if (data == MAP_FAILED)
    {
      g_printerr ("mmap: %s\n", g_strerror (errno));
      return 1;
    }

  n_lines = sp_hex_n_lines (st.st_size);
  for (gsize line = 0; line < n_lines; line++)
    {
      if (used + SP_HEX_LINE_WIDTH + 2 > OUT_SIZE)
        {
          if (fwrite (out, 1, used, stdout) != used)
            return 1;
          used = 0;
        }
      used += sp_hex_format_line (data, st.st_size, line, out + used);
      out[used++] = '\n';
    }
  if (fwrite (out, 1, used, stdout) != used)
    return 1;

  munmap ((void *) data, st.st_size);
  close (fd);
  return fflush (stdout) == 0 ? 0 : 1;
}

/* engine ------------------------------------------------------------------ */

typedef struct {
  int           fd;
  const guint8 *data;
  gsize         size;
} SendJob;

static void *
send_all_thread (void *user_data)
{
  SendJob *job = user_data;
  gsize done = 0;

  while (done < job->size)
    {
      ssize_t n = send (job->fd, job->data + done, job->size - done, MSG_NOSIGNAL);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        g_error ("baseline send: %s", g_strerror (errno));
      done += n;
    }
  shutdown (job->fd, SHUT_WR);
  return NULL;
}

static int
listen_loopback (guint16 *port)
{
  struct sockaddr_in addr = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  socklen_t len = sizeof addr;
  int fd = socket (AF_INET, SOCK_STREAM, 0);

  if (fd < 0 || bind (fd, (struct sockaddr *) &addr, sizeof addr) < 0 ||
      listen (fd, 1) < 0 || getsockname (fd, (struct sockaddr *) &addr, &len) < 0)
    g_error ("listen: %s", g_strerror (errno));
  *port = ntohs (addr.sin_port);
  return fd;
}

static int
connect_loopback (guint16 port)
{
  struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons (port),
                              .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  int fd = socket (AF_INET, SOCK_STREAM, 0);

  if (fd < 0 || connect (fd, (struct sockaddr *) &addr, sizeof addr) < 0)
    g_error ("connect: %s", g_strerror (errno));
  return fd;
}

/* The baseline: one thread send()s everything, this one recv()s @read_size
 * at a time straight into its buffer. Returns seconds; checks the bytes.
 * @prefault: the buffer's pages are touched before timing; otherwise the
 * kernel provides (and zeroes) them as the bytes arrive, as it must for
 * the capture store's memory. */
static double
baseline_tcp (const guint8 *data,
              gsize         size,
              gsize         read_size,
              gboolean      prefault,
              gboolean     *ok)
{
  g_autofree guint8 *got = g_malloc (size);
  guint16 port;
  int listener = listen_loopback (&port);
  SendJob job = { connect_loopback (port), data, size };
  int peer = accept (listener, NULL, NULL);
  pthread_t thread;
  gsize done = 0;
  double t0;

  if (peer < 0)
    g_error ("accept: %s", g_strerror (errno));

  if (prefault)
    memset (got, 0, size);
  t0 = now_s ();
  pthread_create (&thread, NULL, send_all_thread, &job);
  for (;;)
    {
      ssize_t n = recv (peer, got + done, MIN (read_size, size - done + 1), 0);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0 || done + n > size)
        break;
      done += n;
    }
  pthread_join (thread, NULL);
  t0 = now_s () - t0;

  *ok = done == size && memcmp (got, data, size) == 0;
  close (peer);
  close (job.fd);
  close (listener);
  return t0;
}

/* The same loop in one thread, as the engine has to work: send() 64 KiB
 * (the kernel's loopback buffers always take it whole, so it never blocks
 * for long), then recv() @read_size at a time until those bytes are back. */
static double
baseline_tcp_one_thread (const guint8 *data,
                         gsize         size,
                         gsize         read_size,
                         gboolean      prefault,
                         gboolean     *ok)
{
  enum { CHUNK = 64 * 1024 };
  g_autofree guint8 *got = g_malloc (size);
  guint16 port;
  int listener = listen_loopback (&port);
  int sender = connect_loopback (port);
  int peer = accept (listener, NULL, NULL);
  gsize done = 0;
  double t0;

  if (peer < 0)
    g_error ("accept: %s", g_strerror (errno));

  if (prefault)
    memset (got, 0, size);
  t0 = now_s ();
  while (done < size)
    {
      gsize chunk = MIN (CHUNK, size - done);
      gsize sent = 0, end = done + chunk;

      while (sent < chunk)
        {
          ssize_t n = send (sender, data + done + sent, chunk - sent, MSG_NOSIGNAL);

          if (n < 0 && errno == EINTR)
            continue;
          if (n < 0)
            g_error ("baseline send: %s", g_strerror (errno));
          sent += n;
        }
      while (done < end)
        {
          ssize_t n = recv (peer, got + done, MIN (read_size, end - done), 0);

          if (n < 0 && errno == EINTR)
            continue;
          if (n <= 0)
            g_error ("baseline recv: %s", n < 0 ? g_strerror (errno) : "end of stream");
          done += n;
        }
    }
  t0 = now_s () - t0;

  *ok = done == size && memcmp (got, data, size) == 0;
  close (peer);
  close (sender);
  close (listener);
  return t0;
}

static gboolean
endpoint_running (SpEndpoint *endpoint)
{
  return sp_endpoint_get_state (endpoint) == SP_ENDPOINT_STATE_RUNNING;
}

static void
iterate_until_running (SpEndpoint *a,
                       SpEndpoint *b)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!(endpoint_running (a) && (b == NULL || endpoint_running (b)) &&
           (b == NULL || g_list_model_get_n_items (sp_endpoint_get_connections (a)) > 0)))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("endpoints did not start");
      g_main_context_iteration (NULL, TRUE);
    }
}

typedef struct {
  double   seconds;
  gboolean ok;
  guint    n_received_events;
  guint    n_sent_events;
  guint64  checksum;
} EngineResult;

/* Two endpoints of the app's engine in this thread's main loop, logging
 * every event as the app does (events and the call trace). */
static EngineResult
engine_tcp (GBytes *message,
            guint   read_size)
{
  g_autoptr(SpEndpoint) server = sp_endpoint_new (SP_ENDPOINT_KIND_TCP_SERVER);
  g_autoptr(SpEndpoint) client = sp_endpoint_new (SP_ENDPOINT_KIND_TCP_CLIENT);
  g_autoptr(GError) error = NULL;
  const guint8 *data;
  gsize size, offset = 0;
  SpEventLog *log;
  GListModel *events;
  EngineResult r = { 0, TRUE, 0, 0, FNV_INIT };
  double t0;

  data = g_bytes_get_data (message, &size);

  /* Capture on for all of it: every payload kept, as a user who raised the
   * capture limit in Preferences would have it. */
  sp_capture_store_set_limit (sp_capture_store_get_default (), 2 * (guint64) size + 64 * 1024 * 1024);

  sp_endpoint_set_host (server, "127.0.0.1");
  sp_endpoint_set_port (server, 0);
  sp_endpoint_set_read_size (server, read_size);
  sp_endpoint_start (server);
  iterate_until_running (server, NULL);

  sp_endpoint_set_host (client, "127.0.0.1");
  sp_endpoint_set_port (client, sp_endpoint_get_bound_port (server));
  sp_endpoint_start (client);
  iterate_until_running (server, client);

  log = sp_endpoint_get_events (server);
  t0 = now_s ();
  if (!sp_endpoint_send (client, message, NULL, &error))
    g_error ("engine send: %s", error->message);
  while (sp_event_log_get_bytes_received (log) < size)
    g_main_context_iteration (NULL, TRUE);
  r.seconds = now_s () - t0;

  /* Not timed: every received event's bytes, in order, against the source. */
  events = G_LIST_MODEL (log);
  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(SpEvent) event = g_list_model_get_item (events, i);
      GBytes *payload;
      const guint8 *p;
      gsize n;

      if (sp_event_get_kind (event) != SP_EVENT_KIND_RECEIVED)
        continue;
      payload = sp_event_get_payload (event);
      if (payload == NULL)
        {
          r.ok = FALSE;   /* released: the capture limit was too low */
          break;
        }
      p = g_bytes_get_data (payload, &n);
      r.n_received_events++;
      if (offset + n > size || memcmp (p, data + offset, n) != 0)
        r.ok = FALSE;
      r.checksum = fnv1a (r.checksum, p, n);
      offset += n;
    }
  r.ok = r.ok && offset == size;

  events = G_LIST_MODEL (sp_endpoint_get_events (client));
  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(SpEvent) event = g_list_model_get_item (events, i);

      r.n_sent_events += sp_event_get_kind (event) == SP_EVENT_KIND_SENT;
    }

  sp_endpoint_stop (client);
  sp_endpoint_stop (server);
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  sp_capture_store_set_limit (sp_capture_store_get_default (), SP_CAPTURE_STORE_DEFAULT_LIMIT);

  return r;
}

/* What new memory costs by itself: @data written into @size bytes of
 * fresh pages in @chunk pieces, as recv() fills the capture store, and the
 * same writes again once the pages exist. */
static void
page_cost (const guint8 *data,
           gsize         size,
           gsize         chunk,
           double       *fresh_s,
           double       *touched_s)
{
  guint8 *p = mmap (NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  double t0;

  if (p == MAP_FAILED)
    g_error ("mmap: %s", g_strerror (errno));

  t0 = now_s ();
  for (gsize o = 0; o < size; o += chunk)
    memcpy (p + o, data + o, MIN (chunk, size - o));
  *fresh_s = MIN (*fresh_s, now_s () - t0);

  t0 = now_s ();
  for (gsize o = 0; o < size; o += chunk)
    memcpy (p + o, data + o, MIN (chunk, size - o));
  *touched_s = MIN (*touched_s, now_s () - t0);

  munmap (p, size);
}

static int
run_engine (gsize size,
            guint read_size)
{
  double fresh_s = G_MAXDOUBLE, touched_s = G_MAXDOUBLE;
  gboolean engine_only = g_getenv ("SP_BENCH_ENGINE_ONLY") != NULL;
  guint8 *data = g_malloc (size);
  g_autoptr(GBytes) message = NULL;
  /* [prefaulted][one thread] */
  double base_s[2][2] = { { G_MAXDOUBLE, G_MAXDOUBLE }, { G_MAXDOUBLE, G_MAXDOUBLE } };
  EngineResult best = { G_MAXDOUBLE, FALSE, 0, 0, 0 };
  gboolean base_ok = TRUE;
  guint64 want = FNV_INIT;

  fill_random (data, size, 7);
  want = fnv1a (want, data, size);
  message = g_bytes_new_take (data, size);

  /* Interleaved, best of five each, so all see the same machine load. */
  for (guint round = 0; round < 5; round++)
    {
      EngineResult r;

      /* For profiling the engine alone: perf sees nothing else. */
      if (!engine_only)
        {
          for (guint prefault = 0; prefault < 2; prefault++)
            {
              gboolean ok = FALSE;

              base_s[prefault][0] = MIN (base_s[prefault][0], baseline_tcp (data, size, read_size, prefault, &ok));
              base_ok = base_ok && ok;
              base_s[prefault][1] = MIN (base_s[prefault][1], baseline_tcp_one_thread (data, size, read_size, prefault, &ok));
              base_ok = base_ok && ok;
            }
          page_cost (data, size, read_size, &fresh_s, &touched_s);
        }
      r = engine_tcp (message, read_size);
      if (!r.ok || r.checksum != want)
        best.ok = FALSE, best.seconds = MIN (best.seconds, r.seconds);
      else if (r.seconds < best.seconds)
        best = r;
    }

#define MIBPS(s) (size / (s) / (1 << 20))
  g_print ("{\"bytes\": %" G_GSIZE_FORMAT ", \"read_size\": %u, \"engine_s\": %.4f, "
           "\"baseline_s\": %.4f, \"one_thread_s\": %.4f, "
           "\"baseline_prefaulted_s\": %.4f, \"one_thread_prefaulted_s\": %.4f, "
           "\"engine_MiBps\": %.1f, \"baseline_MiBps\": %.1f, \"one_thread_MiBps\": %.1f, "
           "\"baseline_prefaulted_MiBps\": %.1f, \"one_thread_prefaulted_MiBps\": %.1f, "
           "\"write_fresh_pages_s\": %.4f, \"write_touched_pages_s\": %.4f, "
           "\"engine_complete\": %s, \"baseline_complete\": %s, "
           "\"received_events\": %u, \"sent_events\": %u, \"fnv1a\": \"%016" G_GINT64_MODIFIER "x\"}\n",
           size, read_size, best.seconds, base_s[0][0], base_s[0][1], base_s[1][0], base_s[1][1],
           MIBPS (best.seconds), MIBPS (base_s[0][0]), MIBPS (base_s[0][1]),
           MIBPS (base_s[1][0]), MIBPS (base_s[1][1]), fresh_s, touched_s,
           best.ok ? "true" : "false", base_ok ? "true" : "false",
           best.n_received_events, best.n_sent_events, want);
#undef MIBPS
  return best.ok && base_ok ? 0 : 1;
}

/* framing ----------------------------------------------------------------- */

static int
run_framing (gsize size)
{
  enum { PAYLOAD = 1024, CHUNK = 64 * 1024, ROUNDS = 5 };
  SpFramingConfig config;
  g_autoptr(GByteArray) stream = g_byte_array_sized_new (size + PAYLOAD);
  g_autoptr(GPtrArray) frames = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_frame_free);
  g_autofree guint8 *payload = g_malloc (PAYLOAD);
  g_autofree guint8 *scratch = g_malloc (CHUNK);
  g_autoptr(GBytes) one = NULL;
  g_autoptr(GBytes) frame = NULL;
  double decode_s = G_MAXDOUBLE, copy_s = G_MAXDOUBLE;
  guint64 n_frames = 0, want_frames;
  gboolean ok = TRUE;

  sp_framing_config_init (&config);
  sp_framing_config_preset (&config, SP_FRAMING_PRESET_PYTHON_STRUCT_I);
  fill_random (payload, PAYLOAD, 3);
  one = g_bytes_new_static (payload, PAYLOAD);
  frame = sp_framing_encode (&config, one, NULL, NULL, NULL);
  while (stream->len + g_bytes_get_size (frame) <= size)
    g_byte_array_append (stream, g_bytes_get_data (frame, NULL), g_bytes_get_size (frame));
  want_frames = stream->len / g_bytes_get_size (frame);

  for (guint round = 0; round < ROUNDS; round++)
    {
      g_autoptr(SpFrameDecoder) decoder = sp_frame_decoder_new (&config);
      volatile guint8 sink = 0;
      double t0;

      /* Chunks as a recv() of 64 KiB returns them, frames cut anywhere. */
      n_frames = 0;
      t0 = now_s ();
      for (gsize off = 0; off < stream->len; off += CHUNK)
        {
          if (!sp_frame_decoder_feed (decoder, stream->data + off, MIN (CHUNK, stream->len - off),
                                      frames, NULL))
            ok = FALSE;
          n_frames += frames->len;
          g_ptr_array_set_size (frames, 0);
        }
      decode_s = MIN (decode_s, now_s () - t0);
      ok = ok && n_frames == want_frames;

      t0 = now_s ();
      for (gsize off = 0; off < stream->len; off += CHUNK)
        {
          memcpy (scratch, stream->data + off, MIN (CHUNK, stream->len - off));
          sink ^= scratch[off & (CHUNK - 1)];  /* the copy has a reader */
        }
      copy_s = MIN (copy_s, now_s () - t0);
      (void) sink;
    }

  g_print ("{\"bytes\": %u, \"frame_payload\": %d, \"frames\": %" G_GUINT64_FORMAT ", "
           "\"chunk\": %d, \"decode_s\": %.5f, \"memcpy_s\": %.5f, "
           "\"decode_MiBps\": %.1f, \"memcpy_MiBps\": %.1f, \"complete\": %s}\n",
           stream->len, PAYLOAD, n_frames, CHUNK, decode_s, copy_s,
           stream->len / decode_s / (1 << 20), stream->len / copy_s / (1 << 20),
           ok ? "true" : "false");
  return ok ? 0 : 1;
}

/* memory ------------------------------------------------------------------ */

static gsize
heap_in_use (void)
{
  struct mallinfo2 mi = mallinfo2 ();

  return mi.uordblks + mi.hblkhd;
}

static gsize
rss_bytes (void)
{
  g_autofree char *text = NULL;
  unsigned long pages_total = 0, pages_rss = 0;

  if (!g_file_get_contents ("/proc/self/statm", &text, NULL, NULL) ||
      sscanf (text, "%lu %lu", &pages_total, &pages_rss) != 2)
    return 0;
  return pages_rss * sysconf (_SC_PAGESIZE);
}

static guint
instance_size (GType type)
{
  GTypeQuery q;

  g_type_query (type, &q);
  return q.instance_size;
}

/* A 1-byte payload made as the engine makes it: read straight into the
 * capture store. */
static GBytes *
one_byte_payload (SpEventLog *log,
                  guint8      byte)
{
  *sp_event_log_reserve_payload (log, 1) = byte;
  return sp_event_log_commit_payload (log, 1, 1);
}

/* Where the bytes of one event go, each part allocated @n times alone.
 * Nothing is freed until the end: GSlice would hand the freed blocks to the
 * next part and hide its cost. */
static void
print_breakdown (guint n)
{
  g_autoptr(GPtrArray) keep = g_ptr_array_new_full (n, NULL);
  g_autoptr(GPtrArray) logs = g_ptr_array_new_with_free_func (g_object_unref);
  const char *parts[] = { "event_object", "payload_gbytes_1_byte", "peer_string", "log_slot" };
  guint8 byte = 'x';

  for (guint part = 0; part < G_N_ELEMENTS (parts); part++)
    {
      SpEventLog *log = sp_event_log_new ();
      g_autoptr(SpEvent) shared = NULL;
      gsize heap0;

      g_ptr_array_add (logs, log);

      if (part == 3)
        {
          SpEventInit init = { .kind = SP_EVENT_KIND_INFO };

          shared = sp_event_new (&init);
        }
      malloc_trim (0);
      heap0 = heap_in_use ();
      for (guint i = 0; i < n; i++)
        {
          if (part == 0)
            {
              SpEventInit init = { .kind = SP_EVENT_KIND_RECEIVED, .connection_id = 1 };

              g_ptr_array_add (keep, sp_event_new (&init));
            }
          else if (part == 1)
            g_ptr_array_add (keep, one_byte_payload (log, byte));
          else if (part == 2)
            g_ptr_array_add (keep, g_ref_string_new_intern ("127.0.0.1:53422"));
          else
            sp_event_log_append (log, shared);  /* one object n times: the log's own growth */
        }
      /* The keep array's own pointers are preallocated, outside the delta. */
      g_print ("%s\"%s\": %.1f", part ? ", " : "", parts[part], (double) (heap_in_use () - heap0) / n);

      /* The kept objects stay allocated: only the array is emptied, and
       * as it was preallocated for n, it does not shrink. */
      g_ptr_array_set_size (keep, 0);
    }
}

static int
run_memory (guint n)
{
  g_autoptr(SpEventLog) log = NULL;
  gsize heap0, rss0, heap1, rss1;
  guint8 byte = 'x';

  /* Types, the log, the first event: one-time costs outside the count. */
  log = sp_event_log_new ();
  {
    g_autoptr(GBytes) payload = g_bytes_new (&byte, 1);
    SpEventInit init = { .kind = SP_EVENT_KIND_RECEIVED, .payload = payload };
    g_autoptr(SpEvent) event = sp_event_new (&init);

    sp_event_log_append (log, event);
    sp_event_log_clear (log);
  }
  malloc_trim (0);
  heap0 = heap_in_use ();
  rss0 = rss_bytes ();

  /* What the engine makes for each 1-byte recv(): the payload read into
   * the capture store, one event (the peer's address interned), appended to
   * the pane's log. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GBytes) payload = one_byte_payload (log, byte);
      SpEventInit init = {
        .kind = SP_EVENT_KIND_RECEIVED,
        .direction = SP_DIRECTION_IN,
        .time_us = i,
        .connection_id = 1,
        .peer = "127.0.0.1:53422",
        .payload = payload,
        .stream_offset = i,
        .call_number = i + 1,
      };
      g_autoptr(SpEvent) event = sp_event_new (&init);

      sp_event_log_append (log, event);
    }

  heap1 = heap_in_use ();
  rss1 = rss_bytes ();

  g_print ("{\"events\": %u, \"payload_bytes_each\": 1, "
           "\"heap_delta\": %" G_GSIZE_FORMAT ", \"rss_delta\": %" G_GSIZE_FORMAT ", "
           "\"heap_per_event_beyond_payload\": %.1f, \"rss_per_event_beyond_payload\": %.1f, "
           "\"sizeof_gobject_instance\": %u, \"breakdown\": {",
           n, heap1 - heap0, rss1 - rss0,
           (double) (heap1 - heap0) / n - 1, (double) (rss1 - rss0) / n - 1,
           instance_size (SP_TYPE_EVENT));
  print_breakdown (n);
  g_print ("}}\n");
  return 0;
}

/* flood ------------------------------------------------------------------- */

static int
run_flood (guint16 port,
           gsize   size,
           double  seconds)
{
  enum { CHUNK = 256 * 1024 };
  g_autofree guint8 *chunk = g_malloc (CHUNK);
  int fd = connect_loopback (port);
  struct timeval tv = { .tv_sec = 0, .tv_usec = 200 * 1000 };
  double t0 = now_s (), t;
  gsize done = 0;

  /* A reader that stops must not keep us past the time limit. */
  setsockopt (fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);

  fill_random (chunk, CHUNK, 11);
  while (done < size && now_s () - t0 < seconds)
    {
      ssize_t n = send (fd, chunk, MIN ((gsize) CHUNK, size - done), MSG_NOSIGNAL);

      if (n < 0 && (errno == EINTR || errno == EAGAIN))
        continue;
      if (n < 0)
        {
          g_printerr ("flood send: %s\n", g_strerror (errno));
          break;
        }
      done += n;
    }
  t = now_s () - t0;
  close (fd);
  g_print ("{\"bytes_sent\": %" G_GSIZE_FORMAT ", \"seconds\": %.3f, \"MiBps\": %.1f, \"complete\": %s}\n",
           done, t, done / t / (1 << 20), done == size ? "true" : "false");
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 3 && strcmp (argv[1], "hexdump") == 0)
    return run_hexdump (argv[2]);
  if (argc == 4 && strcmp (argv[1], "engine") == 0)
    return run_engine (parse_size (argv[2]), (guint) parse_size (argv[3]));
  if (argc == 3 && strcmp (argv[1], "framing") == 0)
    return run_framing (parse_size (argv[2]));
  if (argc == 3 && strcmp (argv[1], "memory") == 0)
    return run_memory ((guint) parse_size (argv[2]));
  if (argc == 5 && strcmp (argv[1], "flood") == 0)
    return run_flood ((guint16) atoi (argv[2]), parse_size (argv[3]), g_ascii_strtod (argv[4], NULL));

  g_printerr ("usage: %s hexdump FILE | engine BYTES READ_SIZE | framing BYTES | "
              "memory N | flood PORT BYTES SECONDS\n", argv[0]);
  return 2;
}
