/* sp-batched-model.h: a growing list model, announced in batches
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* At most one batch per frame of a 60 Hz display. */
#define SP_BATCHED_MODEL_INTERVAL_MS 16

#define SP_TYPE_BATCHED_MODEL (sp_batched_model_get_type ())
G_DECLARE_FINAL_TYPE (SpBatchedModel, sp_batched_model, SP, BATCHED_MODEL, GObject)

/* Shows @model's items. Items appended to @model are announced together,
 * at most every SP_BATCHED_MODEL_INTERVAL_MS, so a view does its work once
 * per batch rather than once per item; a change past what was announced
 * waits for the batches too, a cut at the end drops only the items past
 * it, and any other change (a clear) is passed on at once. @model must
 * only grow at its end between other changes, as an SpEventLog does. */
SpBatchedModel *sp_batched_model_new   (GListModel     *model);
GListModel     *sp_batched_model_get_model (SpBatchedModel *self);
/* While fewer than @until items are announced, at most @step more per
 * batch. A view that makes a widget per item on screen (GtkListView keeps
 * up to 200) then makes them over several frames, not all in one. */
void            sp_batched_model_set_ramp (SpBatchedModel *self,
                                           guint           step,
                                           guint           until);
/* Whether items are waiting while fewer than the ramp's @until are
 * announced: the next flush makes a view's widgets for them. */
gboolean        sp_batched_model_is_ramping (SpBatchedModel *self);
/* Announces what is pending now (within the ramp). */
void            sp_batched_model_flush (SpBatchedModel *self);

typedef void (*SpBatchedModelScheduleFunc) (SpBatchedModel *self,
                                            gpointer        user_data);
/* Instead of a timer, @func is called when a batch is waiting, once until
 * the next sp_batched_model_flush(), which its caller then makes: a view
 * flushes once per frame of its own frame clock, however late the frames
 * come (timers fire several times between two slow frames). NULL goes
 * back to the timer. */
void            sp_batched_model_set_scheduler (SpBatchedModel             *self,
                                                SpBatchedModelScheduleFunc  func,
                                                gpointer                    user_data);

G_END_DECLS
