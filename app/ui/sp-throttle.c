/* sp-throttle.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sp-throttle.h"

#include "sp-bench-count.h"

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

void
sp_throttle_request_again (SpThrottle *self)
{
  if (self->source_id == 0)
    self->source_id = g_timeout_add_full (self->priority, 16, run_cb, self, NULL);
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

/* Whether @turn holds @clock's current frame. */
static gboolean
turn_holds (const SpFrameTurn *turn,
            GdkFrameClock     *clock)
{
  gint64 frame;

  if (clock == NULL || clock != turn->clock)
    return FALSE;
  frame = gdk_frame_clock_get_frame_counter (clock);
  return frame >= turn->first && frame <= turn->last;
}

/* Takes @turn for @clock's current frame and the @n_frames - 1 after it,
 * unless it holds the current frame already. */
static gboolean
turn_take (SpFrameTurn   *turn,
           GdkFrameClock *clock,
           guint          n_frames)
{
  if (clock == NULL)
    return TRUE;
  if (turn_holds (turn, clock))
    return FALSE;
  turn->clock = clock;
  turn->first = gdk_frame_clock_get_frame_counter (clock);
  turn->last = turn->first + n_frames - 1;
  return TRUE;
}

gboolean
sp_frame_claim (SpFrameTurn   *turn,
                GdkFrameClock *clock)
{
  return turn_take (turn, clock, 1);
}

/* The window's big-work turn. */
static SpFrameTurn big_turn = SP_FRAME_TURN_INIT;

gboolean
sp_frame_turn_taken (GdkFrameClock *clock)
{
  return turn_holds (&big_turn, clock);
}

gboolean
sp_frame_take_turn (GdkFrameClock *clock,
                    guint          n_frames)
{
  g_return_val_if_fail (n_frames > 0, FALSE);

  return turn_take (&big_turn, clock, n_frames);
}

gboolean
sp_frame_take_filling_turn (GdkFrameClock *clock)
{
  if (!sp_frame_take_turn (clock, 1))
    return FALSE;
  sp_bench_count (SP_BENCH_RAMP_BATCHES, 1);
  return TRUE;
}

static void
frame_batches_cancel (SpFrameBatches *self)
{
  if (self->tick_id != 0)
    gtk_widget_remove_tick_callback (self->widget, self->tick_id);
  self->tick_id = 0;
  g_clear_handle_id (&self->timeout_id, g_source_remove);
}

static gboolean
frame_batches_tick_cb (GtkWidget     *widget,
                       GdkFrameClock *clock,
                       gpointer       user_data)
{
  SpFrameBatches *self = user_data;

  /* Views filling together, as when two panes are flooded at once, take
   * turns. */
  if (sp_batched_model_is_ramping (self->model) && !sp_frame_take_filling_turn (clock))
    return G_SOURCE_CONTINUE;

  self->tick_id = 0;
  sp_batched_model_flush (self->model);
  return G_SOURCE_REMOVE;
}

static gboolean
frame_batches_timeout_cb (gpointer user_data)
{
  SpFrameBatches *self = user_data;

  self->timeout_id = 0;
  sp_batched_model_flush (self->model);
  return G_SOURCE_REMOVE;
}

static void
frame_batches_schedule_cb (SpBatchedModel *model,
                           gpointer        user_data)
{
  SpFrameBatches *self = user_data;

  if (gtk_widget_get_mapped (self->widget))
    {
      if (self->tick_id == 0)
        self->tick_id = gtk_widget_add_tick_callback (self->widget, frame_batches_tick_cb, self, NULL);
    }
  else if (self->timeout_id == 0)
    self->timeout_id = g_timeout_add (SP_BATCHED_MODEL_INTERVAL_MS, frame_batches_timeout_cb, self);
}

/* No frames come to an unmapped widget: the timer takes over. */
static void
frame_batches_unmap_cb (SpFrameBatches *self)
{
  if (self->tick_id != 0)
    {
      frame_batches_cancel (self);
      self->timeout_id = g_timeout_add (SP_BATCHED_MODEL_INTERVAL_MS, frame_batches_timeout_cb, self);
    }
}

void
sp_frame_batches_init (SpFrameBatches *self,
                       GtkWidget      *widget,
                       SpBatchedModel *model)
{
  *self = (SpFrameBatches) { .widget = widget, .model = model };
  self->unmap_id = g_signal_connect_swapped (widget, "unmap", G_CALLBACK (frame_batches_unmap_cb), self);
  sp_batched_model_set_scheduler (model, frame_batches_schedule_cb, self);
}

void
sp_frame_batches_clear (SpFrameBatches *self)
{
  if (self->widget == NULL)
    return;

  frame_batches_cancel (self);
  g_clear_signal_handler (&self->unmap_id, self->widget);
  sp_batched_model_set_scheduler (self->model, NULL, NULL);
  *self = (SpFrameBatches) { NULL };
}
