/* sp-throttle.h: runs a callback at most once per interval; announces a
 * batched model's new items once per frame
 *
 * The event list follows what just happened twice over: the view scrolls
 * to the newest event, and the hex view shows the newest bytes. Each costs
 * GTK 4.8's list views a rebind of every row they keep, so under a flood
 * both run a few times a second, not once per batch of events.
 *
 * sp_frame_take_turn() lets the big pieces of work that several views do
 * (a list's jump, a new dump, a filling view's batch) take turns across
 * the window, one a frame; sp_frame_claim() is a turn of one kind of work
 * (a frame's allowance of rows).
 *
 * SpFrameBatches makes an SpBatchedModel announce its items on the frames
 * of the widget that shows them: once per frame however late frames come
 * (a timer fires several times between two slow frames, and each batch
 * costs the list its rows), on a timer while the widget is not mapped.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sp-batched-model.h"

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
/* From inside @func: runs it again soon (a frame's time), not an
 * interval later. */
void     sp_throttle_request_again (SpThrottle  *self);
gboolean sp_throttle_is_pending (SpThrottle     *self);
/* Drops a waiting run. */
void     sp_throttle_cancel     (SpThrottle     *self);

/* The frames a turn was last taken for (@first to @last), and whose: each
 * window's clock counts its frames from 0, so a frame number alone would
 * deny a new window's frame N because an old one had its own frame N. */
typedef struct {
  GdkFrameClock *clock;   /* only compared: never read */
  gint64         first;
  gint64         last;
} SpFrameTurn;

#define SP_FRAME_TURN_INIT { NULL, -1, -1 }

/* TRUE the first time it is asked in @clock's current frame, keeping that
 * frame in @turn: callers sharing one @turn get one turn a frame between
 * them. @turn remembers one clock, which is exact for the app's one main
 * window; were two windows to tick in alternation, each could get more
 * than one. Always TRUE without a @clock. */
gboolean sp_frame_claim         (SpFrameTurn    *turn,
                                 GdkFrameClock  *clock);
/* The one big piece of work a frame may take, window-wide: a list's jump
 * to its newest row, a hex view's new dump, a batch of rows made by views
 * still filling. Each alone fits in a frame; two in one did not. TRUE when
 * the caller has the turn of @clock's current frame and of the
 * @n_frames - 1 after it (work that goes on into the next frame's layout
 * takes that one too); FALSE when another has it, so the caller tries
 * again in a later frame. Always TRUE without a @clock. Like
 * sp_frame_claim(), it remembers one clock. */
gboolean sp_frame_take_turn     (GdkFrameClock  *clock,
                                 guint           n_frames);
/* Whether the current frame's turn is taken: smaller work that can wait
 * (rows out of view) leaves that frame alone. */
gboolean sp_frame_turn_taken    (GdkFrameClock  *clock);
/* Views still filling make a widget for each new row (about a millisecond
 * each): the batch of new rows a frame takes is that frame's turn
 * (sp_frame_take_turn()). TRUE when the caller has it. */
gboolean sp_frame_take_filling_turn (GdkFrameClock *clock);

typedef struct {
  GtkWidget      *widget;   /* not owned: the owner clears first */
  SpBatchedModel *model;    /* not owned */
  guint           tick_id;
  guint           timeout_id;
  gulong          unmap_id;
} SpFrameBatches;

/* @model's batches on @widget's frames, until sp_frame_batches_clear(). */
void     sp_frame_batches_init  (SpFrameBatches *self,
                                 GtkWidget      *widget,
                                 SpBatchedModel *model);
void     sp_frame_batches_clear (SpFrameBatches *self);

G_END_DECLS
