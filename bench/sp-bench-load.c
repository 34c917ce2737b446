/* sp-bench-load.c: figure 8, the engine's main loop under the loads of
 * tests/test-load.c, as figures rather than assertions
 *
 *   sp-bench serve tcp|udp [FD_LIMIT]
 *
 * An echoing SpEndpoint server on 127.0.0.1 (port 0, printed as
 * {"port": N} on the first line), in this thread's main loop with a 10 ms
 * timer beside it, as the load test had: the longest time between two
 * runs of the timer is how long the loop was busy elsewhere. The
 * descriptor limit is raised as the app raises it, or, with FD_LIMIT,
 * lowered to that once the server runs (to be out of descriptors with a few
 * clients). Each line read on stdin prints one JSON line of counters since
 * the previous one (CPU time, accept() calls, longest gap and where the
 * longest ones fell) and totals (events, connections); the line "quiet"
 * also stops the timer, so that the CPU time after it is the engine's
 * alone. End of file stops.
 * build-aux/bench.py drives it, with tests/sp-loadgen as the clients.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib-unix.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/resource.h>

#include "sp-accept-count.h"
#include "sp-bench.h"
#include "sp-endpoint.h"
#include "sp-system.h"
#include "sp-test-util.h"

#define TICK_MS 10
#define N_WORST 5

typedef struct {
  SpEndpoint *server;
  GMainLoop  *loop;
  GString    *input;
  guint       tick_id;

  /* Since the last report. */
  gint64      since;
  gint64      last_tick;
  gint64      worst[N_WORST][2];  /* gap, where it began; longest first */
  double      cpu_s;
  guint       accept_calls;
} Serve;

static void
note_gap (Serve  *s,
          gint64  from,
          gint64  to)
{
  gint64 gap = to - from;

  for (guint i = 0; i < N_WORST; i++)
    if (gap > s->worst[i][0])
      {
        memmove (s->worst[i + 1], s->worst[i], (N_WORST - 1 - i) * sizeof s->worst[0]);
        s->worst[i][0] = gap;
        s->worst[i][1] = from;
        break;
      }
}

static gboolean
tick_cb (gpointer data)
{
  Serve *s = data;
  gint64 now = g_get_monotonic_time ();

  note_gap (s, s->last_tick, now);
  s->last_tick = now;
  return G_SOURCE_CONTINUE;
}

static void
report (Serve *s)
{
  gint64 now = g_get_monotonic_time ();
  double cpu = sp_bench_cpu_s ();
  guint accepts = sp_accept_count_get ();

  /* Until now counts too: a loop stuck to the end never ran the timer. */
  note_gap (s, s->last_tick, now);

  g_print ("{\"wall_s\": %.3f, \"cpu_s\": %.4f, \"accept_calls\": %u, \"longest_gap_ms\": %.1f, "
           "\"worst_gaps_at_ms\": [",
           (now - s->since) / 1e6, cpu - s->cpu_s, accepts - s->accept_calls, s->worst[0][0] / 1e3);
  for (guint i = 0; i < N_WORST && s->worst[i][0] > 0; i++)
    g_print ("%s[%.0f, %.1f]", i ? ", " : "", (s->worst[i][1] - s->since) / 1e3, s->worst[i][0] / 1e3);
  g_print ("], \"accepted\": %u, \"received\": %u, \"sent\": %u, \"peer_closed\": %u, "
           "\"errors\": %u, \"emfile_errors\": %u, \"connections\": %u}\n",
           sp_test_count_kind (s->server, SP_EVENT_KIND_ACCEPTED),
           sp_test_count_kind (s->server, SP_EVENT_KIND_RECEIVED),
           sp_test_count_kind (s->server, SP_EVENT_KIND_SENT),
           sp_test_count_kind (s->server, SP_EVENT_KIND_PEER_CLOSED),
           sp_test_count_kind (s->server, SP_EVENT_KIND_ERROR),
           sp_test_count_errno (s->server, EMFILE),
           g_list_model_get_n_items (sp_endpoint_get_connections (s->server)));
  fflush (stdout);

  /* The report's own work (counting events) is not the engine's. */
  memset (s->worst, 0, sizeof s->worst);
  s->since = s->last_tick = g_get_monotonic_time ();
  s->cpu_s = sp_bench_cpu_s ();
  s->accept_calls = sp_accept_count_get ();
}

static gboolean
stdin_cb (int          fd,
          GIOCondition condition,
          gpointer     data)
{
  Serve *s = data;
  char buffer[256];
  ssize_t n = read (fd, buffer, sizeof buffer);
  char *newline;

  if (n < 0 && errno == EINTR)
    return G_SOURCE_CONTINUE;
  if (n <= 0)
    {
      /* Removed below, once the loop has stopped. */
      g_main_loop_quit (s->loop);
      return G_SOURCE_CONTINUE;
    }

  g_string_append_len (s->input, buffer, n);
  while ((newline = memchr (s->input->str, '\n', s->input->len)) != NULL)
    {
      if (g_str_has_prefix (s->input->str, "quiet\n"))
        g_clear_handle_id (&s->tick_id, g_source_remove);
      g_string_erase (s->input, 0, newline - s->input->str + 1);
      report (s);
    }
  return G_SOURCE_CONTINUE;
}

int
sp_bench_serve_main (int    argc,
                     char **argv)
{
  g_autoptr(SpEndpoint) server = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GString) input = g_string_new (NULL);
  Serve s = { 0 };
  guint stdin_id;

  if (argc < 2 || argc > 3 || (strcmp (argv[1], "tcp") != 0 && strcmp (argv[1], "udp") != 0))
    {
      g_printerr ("usage: sp-bench serve tcp|udp [FD_LIMIT]\n");
      return 2;
    }

  sp_raise_fd_limit ();
  server = sp_endpoint_new (strcmp (argv[1], "tcp") == 0 ? SP_ENDPOINT_KIND_TCP_SERVER
                                                         : SP_ENDPOINT_KIND_UDP_SERVER);
  sp_endpoint_set_host (server, "127.0.0.1");
  sp_endpoint_set_port (server, 0);
  sp_endpoint_set_echo (server, TRUE);
  sp_endpoint_start (server);
  sp_test_wait_until (sp_test_is_running, server, 0, "server running");

  if (argc == 3)
    {
      struct rlimit limit;

      getrlimit (RLIMIT_NOFILE, &limit);
      limit.rlim_cur = MIN (limit.rlim_max, (rlim_t) g_ascii_strtoull (argv[2], NULL, 10));
      if (setrlimit (RLIMIT_NOFILE, &limit) != 0)
        g_error ("setrlimit: %s", g_strerror (errno));
    }

  s.server = server;
  s.loop = loop;
  s.input = input;
  s.since = s.last_tick = g_get_monotonic_time ();
  s.cpu_s = sp_bench_cpu_s ();
  s.accept_calls = sp_accept_count_get ();
  s.tick_id = g_timeout_add (TICK_MS, tick_cb, &s);
  stdin_id = g_unix_fd_add (STDIN_FILENO, G_IO_IN | G_IO_HUP | G_IO_ERR, stdin_cb, &s);

  g_print ("{\"port\": %u}\n", sp_endpoint_get_bound_port (server));
  fflush (stdout);
  g_main_loop_run (loop);

  g_clear_handle_id (&s.tick_id, g_source_remove);
  g_source_remove (stdin_id);
  sp_endpoint_stop (server);
  return 0;
}
