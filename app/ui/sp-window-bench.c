/* sp-window-bench.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>

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
 * work of a frame is known whatever the machine's load. */
static gboolean
bench_tick_cb (GtkWidget     *widget,
               GdkFrameClock *clock,
               gpointer       log)
{
  gboolean any = FALSE;

  fprintf (log, "tick %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
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
