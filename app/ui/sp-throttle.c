/* sp-throttle.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sp-throttle.h"

void
sp_throttle_init (SpThrottle     *self,
                  guint           interval_ms,
                  int             priority,
                  gboolean        run_now_when_due,
                  SpThrottleFunc  func,
                  gpointer        data)
{
  *self = (SpThrottle) {
    .func = func,
    .data = data,
    .interval_ms = interval_ms,
    .priority = priority,
    .run_now_when_due = run_now_when_due,
  };
}

static void
run (SpThrottle *self)
{
  self->last_run_us = g_get_monotonic_time ();
  self->func (self->data);
}

static gboolean
run_cb (gpointer user_data)
{
  SpThrottle *self = user_data;

  self->source_id = 0;
  run (self);

  return G_SOURCE_REMOVE;
}

void
sp_throttle_request (SpThrottle *self)
{
  gint64 since_ms;

  if (self->source_id != 0)
    return;

  since_ms = (g_get_monotonic_time () - self->last_run_us) / 1000;
  if (since_ms < self->interval_ms)
    self->source_id = g_timeout_add_full (self->priority, self->interval_ms - since_ms, run_cb, self, NULL);
  else if (self->run_now_when_due)
    run (self);
  else
    self->source_id = g_idle_add_full (self->priority, run_cb, self, NULL);
}

gboolean
sp_throttle_is_pending (SpThrottle *self)
{
  return self->source_id != 0;
}

void
sp_throttle_cancel (SpThrottle *self)
{
  g_clear_handle_id (&self->source_id, g_source_remove);
}
