/* sp-throttle.h: runs a callback at most once per interval
 *
 * The event list follows what just happened twice over: the view scrolls
 * to the newest event, and the hex view shows the newest bytes. Each costs
 * GTK 4.8's list views a rebind of every row they keep, so under a flood
 * both run a few times a second, not once per batch of events.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef void (*SpThrottleFunc) (gpointer data);

typedef struct {
  SpThrottleFunc  func;
  gpointer        data;
  guint           interval_ms;
  int             priority;
  gboolean        run_now_when_due;
  gint64          last_run_us;
  guint           source_id;
} SpThrottle;

/* @func runs at @priority from the main loop; with @run_now_when_due it
 * runs inside sp_throttle_request() itself when @interval_ms has passed
 * since it last ran. */
void     sp_throttle_init       (SpThrottle     *self,
                                 guint           interval_ms,
                                 int             priority,
                                 gboolean        run_now_when_due,
                                 SpThrottleFunc  func,
                                 gpointer        data);
/* Runs @func once the interval since its last run has passed; requests
 * made while a run is waiting are the same request. */
void     sp_throttle_request    (SpThrottle     *self);
gboolean sp_throttle_is_pending (SpThrottle     *self);
/* Drops a waiting run. */
void     sp_throttle_cancel     (SpThrottle     *self);

G_END_DECLS
