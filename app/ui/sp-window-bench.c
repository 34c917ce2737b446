/* sp-window-bench.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sp-bench-count.h"
#include "sp-window-private.h"

/* Benchmark probe, for build-aux/bench.sh only. With SP_BENCH_FRAME_LOG set
 * to a path, every frame clock cycle ("tick"), every finished paint
 * ("paint") and every button press reaching the window ("press") is written
 * there with its g_get_monotonic_time(). The tick callback keeps the clock
 * cycling even when nothing changes, so a long gap between ticks means the
 * main loop did not get to draw, not that there was nothing to draw.
 * Each tick also writes the work counted since the one before
 * ("count rows-bound 12 diagram-read 300"; see sp-bench-count.h), so the
 * work of a frame is known whatever the machine's load, and the main
 * thread's scheduler statistics and the machine's steal time ("sched <ns
 * on a CPU> <ns runnable but waiting for one> <ms the host ran something
 * else on this machine's CPUs>", from Linux's /proc/thread-self/schedstat
 * and /proc/stat), so a long gap tells how much of it the app worked, how
 * much it waited for a CPU other processes had, and how much the virtual
 * machine's CPUs were not running at all. */

/* @n numbers of @path's content, after @skip blank-separated fields,
 * read from its start (the file is kept open in @fd). */
static gboolean
bench_read_fields (int        *fd,
                   const char *path,
                   guint       skip,
                   guint       n,
                   guint64    *values)
{
  char buf[256];
  ssize_t len;
  char *p = buf;

  if (*fd == -2)
    *fd = open (path, O_RDONLY | O_CLOEXEC);
  if (*fd < 0 || (len = pread (*fd, buf, sizeof buf - 1, 0)) <= 0)
    return FALSE;
  buf[len] = '\0';
  for (guint i = 0; i < skip + n; i++)
    {
      char *end;

      while (*p == ' ')
        p++;
      if (i >= skip)
        {
          values[i - skip] = g_ascii_strtoull (p, &end, 10);
          if (end == p)
            return FALSE;
          p = end;
        }
      else if ((p = strchr (p, ' ')) == NULL)
        return FALSE;
    }
  return TRUE;
}

static void
bench_write_sched (FILE *log)
{
  static int self_fd = -2, stat_fd = -2;
  guint64 sched[2], steal;

  if (bench_read_fields (&self_fd, "/proc/thread-self/schedstat", 0, 2, sched) &&
      /* "cpu  user nice system idle iowait irq softirq steal" */
      bench_read_fields (&stat_fd, "/proc/stat", 8, 1, &steal))
    fprintf (log, "sched %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT "\n",
             sched[0], sched[1], steal * 1000 / sysconf (_SC_CLK_TCK));
}

static gboolean
bench_tick_cb (GtkWidget     *widget,
               GdkFrameClock *clock,
               gpointer       log)
{
  gboolean any = FALSE;

  fprintf (log, "tick %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  bench_write_sched (log);
  for (guint i = 0; i < SP_BENCH_N_COUNTS; i++)
    if (sp_bench_counts[i] != 0)
      {
        fprintf (log, "%s %s %u", any ? "" : "count", sp_bench_count_name (i), sp_bench_counts[i]);
        sp_bench_counts[i] = 0;
        any = TRUE;
      }
  if (any)
    fputc ('\n', log);
  return G_SOURCE_CONTINUE;
}

static void
bench_after_paint_cb (GdkFrameClock *clock,
                      FILE          *log)
{
  fprintf (log, "paint %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
}

static gboolean
bench_event_cb (GtkEventControllerLegacy *controller,
                GdkEvent                 *event,
                FILE                     *log)
{
  if (gdk_event_get_event_type (event) == GDK_BUTTON_PRESS)
    fprintf (log, "press %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  return GDK_EVENT_PROPAGATE;
}

static void
bench_realize_cb (GtkWidget *widget,
                  FILE      *log)
{
  g_signal_connect (gtk_widget_get_frame_clock (widget), "after-paint",
                    G_CALLBACK (bench_after_paint_cb), log);
}

void
sp_window_bench_probe_setup (SpWindow *self)
{
  const char *path = g_getenv ("SP_BENCH_FRAME_LOG");
  GtkEventController *controller;
  FILE *log;

  if (path == NULL || *path == '\0')
    return;

  /* Left open for the life of the process; line-buffered so it can be
   * read while the app runs. */
  log = fopen (path, "w");
  if (log == NULL)
    {
      g_warning ("SP_BENCH_FRAME_LOG: %s: %s", path, g_strerror (errno));
      return;
    }
  setvbuf (log, NULL, _IOLBF, 0);

  g_signal_connect (self, "realize", G_CALLBACK (bench_realize_cb), log);
  gtk_widget_add_tick_callback (GTK_WIDGET (self), bench_tick_cb, log, NULL);
  controller = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "event", G_CALLBACK (bench_event_cb), log);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}
