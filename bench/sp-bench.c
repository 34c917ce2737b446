/* sp-bench.c: the benchmark programs' entry point, driven by
 * build-aux/bench.py (see BENCHMARKS.md)
 *
 *   sp-bench hexdump FILE           FILE as sp_hex_format_line() lines on stdout
 *   sp-bench engine BYTES READ WHO COND
 *                                   figure 2: one TCP transfer (sp-bench-engine.c)
 *   sp-bench pages BYTES CHUNK      what writing into new pages costs
 *   sp-bench framing BYTES          figure 3: frame decoder vs memcpy
 *   sp-bench memory N               figure 5: bytes per SpEvent in an SpEventLog
 *   sp-bench flood PORT BYTES SECS  a plain client writing as fast as it can
 *   sp-bench serve tcp|udp [FDS]    figure 8: an echo server and its main loop
 *
 * Every mode but hexdump and flood prints JSON on stdout.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>

#include "sp-bench.h"
#include "sp-event-log.h"
#include "sp-hex.h"

/* Shared helpers ---------------------------------------------------------- */

double
sp_bench_now_s (void)
{
  return g_get_monotonic_time () / 1e6;
}

void
sp_bench_fill_random (guint8 *data,
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

guint64
sp_bench_fnv1a (guint64       h,
                const guint8 *data,
                gsize         size)
{
  for (gsize i = 0; i < size; i++)
    h = (h ^ data[i]) * G_GUINT64_CONSTANT (1099511628211);
  return h;
}

gsize
sp_bench_parse_size (const char *text)
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

int
sp_bench_listen_loopback (guint16 *port)
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

int
sp_bench_connect_loopback (guint16 port)
{
  struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons (port),
                              .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  int fd = socket (AF_INET, SOCK_STREAM, 0);

  if (fd < 0 || connect (fd, (struct sockaddr *) &addr, sizeof addr) < 0)
    g_error ("connect: %s", g_strerror (errno));
  return fd;
}

gsize
sp_bench_rss_bytes (void)
{
  g_autofree char *text = NULL;
  unsigned long pages_total = 0, pages_rss = 0;

  if (!g_file_get_contents ("/proc/self/statm", &text, NULL, NULL) ||
      sscanf (text, "%lu %lu", &pages_total, &pages_rss) != 2)
    return 0;
  return pages_rss * sysconf (_SC_PAGESIZE);
}

glong
sp_bench_minor_faults (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_minflt;
}

double
sp_bench_cpu_s (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

/* hexdump ----------------------------------------------------------------- */

static int
run_hexdump (int    argc,
             char **argv)
{
  enum { OUT_SIZE = 1 << 20 };
  g_autofree char *out = g_malloc (OUT_SIZE);
  struct stat st;
  const guint8 *data;
  gsize n_lines, used = 0;
  const char *path = argv[1];
  int fd;

  if (argc != 2)
    {
      g_printerr ("usage: sp-bench hexdump FILE\n");
      return 2;
    }
  fd = open (path, O_RDONLY);

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

/* memory ------------------------------------------------------------------ */

static gsize
heap_in_use (void)
{
  struct mallinfo2 mi = mallinfo2 ();

  return mi.uordblks + mi.hblkhd;
}

static guint
instance_size (GType type)
{
  GTypeQuery q;

  g_type_query (type, &q);
  return q.instance_size;
}

/* A 1-byte payload made as the engine makes it: read straight into the
 * capture store, the event to hold the store's block and @offset in it
 * (returns a new reference to the block). */
static GBytes *
one_byte_payload (SpEventLog *log,
                  guint8      byte,
                  gsize      *offset)
{
  *sp_event_log_reserve_payload (log, 1) = byte;
  return sp_event_log_commit_payload_in_block (log, 1, 1, offset);
}

/* Where the bytes of one event go, each part allocated @n times alone.
 * Nothing is freed until the end: GSlice would hand the freed blocks to the
 * next part and hide its cost. */
static void
print_breakdown (guint n)
{
  g_autoptr(GPtrArray) keep = g_ptr_array_new_full (n, NULL);
  g_autoptr(GPtrArray) logs = g_ptr_array_new_with_free_func (g_object_unref);
  /* item_object: what an item's SpEvent costs while someone holds it (a
   * bound row, the diagram), beyond its record. */
  const char *parts[] = { "event_record", "payload_1_byte_in_block", "peer_string", "item_object" };
  guint8 byte = 'x';

  for (guint part = 0; part < G_N_ELEMENTS (parts); part++)
    {
      SpEventLog *log = sp_event_log_new ();
      gsize heap0;

      g_ptr_array_add (logs, log);
      if (part == 3)
        for (guint i = 0; i < n; i++)
          {
            SpEventInit init = { .kind = SP_EVENT_KIND_RECEIVED, .connection_id = 1 };

            sp_event_log_add_now (log, &init);
          }
      malloc_trim (0);
      heap0 = heap_in_use ();
      for (guint i = 0; i < n; i++)
        {
          if (part == 0)
            {
              /* The log's record alone: no payload, no peer. */
              SpEventInit init = { .kind = SP_EVENT_KIND_RECEIVED, .connection_id = 1 };

              sp_event_log_add_now (log, &init);
            }
          else if (part == 1)
            {
              gsize offset;

              g_ptr_array_add (keep, one_byte_payload (log, byte, &offset));
            }
          else if (part == 2)
            g_ptr_array_add (keep, g_ref_string_new_intern ("127.0.0.1:53422"));
          else
            g_ptr_array_add (keep, g_list_model_get_item (G_LIST_MODEL (log), i));
        }
      /* The keep array's own pointers are preallocated, outside the delta. */
      g_print ("%s\"%s\": %.1f", part ? ", " : "", parts[part], (double) (heap_in_use () - heap0) / n);

      /* The kept objects stay allocated: only the array is emptied, and
       * as it was preallocated for n, it does not shrink. The items'
       * objects are the exception: held only here. */
      if (part == 3)
        for (guint i = 0; i < keep->len; i++)
          g_object_unref (keep->pdata[i]);
      g_ptr_array_set_size (keep, 0);
    }
}

static int
run_memory (int    argc,
            char **argv)
{
  g_autoptr(SpEventLog) log = NULL;
  gsize heap0, rss0, heap1, rss1;
  guint8 byte = 'x';
  char *peer;
  guint n;

  if (argc != 2 || (n = (guint) sp_bench_parse_size (argv[1])) == 0)
    {
      g_printerr ("usage: sp-bench memory N\n");
      return 2;
    }

  /* Types, the log, the first event, the connection's peer address: one-time
   * costs outside the count. */
  peer = g_ref_string_new_intern ("127.0.0.1:53422");
  log = sp_event_log_new ();
  {
    g_autoptr(GBytes) payload = g_bytes_new (&byte, 1);
    SpEventInit init = { .kind = SP_EVENT_KIND_RECEIVED, .payload = payload };

    sp_event_log_add_now (log, &init);
    sp_event_log_clear (log);
  }
  malloc_trim (0);
  heap0 = heap_in_use ();
  rss0 = sp_bench_rss_bytes ();

  /* What the engine makes for each 1-byte recv(): the payload read into
   * the capture store, one record in the pane's log holding the store's
   * block (the peer's address interned once, by its connection). */
  for (guint i = 0; i < n; i++)
    {
      gsize offset;
      g_autoptr(GBytes) block = one_byte_payload (log, byte, &offset);
      SpEventInit init = {
        .kind = SP_EVENT_KIND_RECEIVED,
        .direction = SP_DIRECTION_IN,
        .connection_id = 1,
        .peer = peer,
        .peer_interned = TRUE,
        .payload_block = block,
        .payload_offset = offset,
        .payload_size = 1,
        .stream_offset = i,
        .call_number = i + 1,
      };

      sp_event_log_add_now (log, &init);
    }
  g_ref_string_release (peer);

  heap1 = heap_in_use ();
  rss1 = sp_bench_rss_bytes ();

  g_print ("{\"events\": %u, \"payload_bytes_each\": 1, "
           "\"heap_delta\": %" G_GSIZE_FORMAT ", \"rss_delta\": %" G_GSIZE_FORMAT ", "
           "\"heap_per_event_beyond_payload\": %.1f, \"rss_per_event_beyond_payload\": %.1f, "
           "\"sizeof_record\": %u, \"sizeof_gobject_instance\": %u, \"breakdown\": {",
           n, heap1 - heap0, rss1 - rss0,
           (double) (heap1 - heap0) / n - 1, (double) (rss1 - rss0) / n - 1,
           (guint) sizeof (SpEventRecord), instance_size (SP_TYPE_EVENT));
  print_breakdown (n);
  g_print ("}}\n");
  return 0;
}

/* flood ------------------------------------------------------------------- */

static int
run_flood (int    argc,
           char **argv)
{
  enum { CHUNK = 256 * 1024 };
  g_autofree guint8 *chunk = g_malloc (CHUNK);
  struct timeval tv = { .tv_sec = 0, .tv_usec = 200 * 1000 };
  guint16 port;
  gsize size, done = 0;
  double seconds, t0, t;
  int fd;

  if (argc != 4)
    {
      g_printerr ("usage: sp-bench flood PORT BYTES SECONDS\n");
      return 2;
    }
  port = (guint16) atoi (argv[1]);
  size = sp_bench_parse_size (argv[2]);
  seconds = g_ascii_strtod (argv[3], NULL);
  fd = sp_bench_connect_loopback (port);
  t0 = sp_bench_now_s ();

  /* A reader that stops must not keep us past the time limit. */
  setsockopt (fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);

  sp_bench_fill_random (chunk, CHUNK, 11);
  while (done < size && sp_bench_now_s () - t0 < seconds)
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
  t = sp_bench_now_s () - t0;
  close (fd);
  g_print ("{\"bytes_sent\": %" G_GSIZE_FORMAT ", \"seconds\": %.3f, \"MiBps\": %.1f, \"complete\": %s}\n",
           done, t, done / t / (1 << 20), done == size ? "true" : "false");
  return 0;
}

typedef struct {
  const char *name;
  int       (*run) (int argc, char **argv);
} Mode;

static const Mode modes[] = {
  { "hexdump", run_hexdump },
  { "engine", sp_bench_engine_main },
  { "pages", sp_bench_pages_main },
  { "framing", sp_bench_framing_main },
  { "memory", run_memory },
  { "flood", run_flood },
  { "serve", sp_bench_serve_main },
};

int
main (int   argc,
      char *argv[])
{
  for (guint i = 0; argc > 1 && i < G_N_ELEMENTS (modes); i++)
    if (strcmp (argv[1], modes[i].name) == 0)
      return modes[i].run (argc - 1, argv + 1);

  g_printerr ("usage: %s hexdump|engine|pages|framing|memory|flood|serve ARGS…\n", argv[0]);
  return 2;
}
