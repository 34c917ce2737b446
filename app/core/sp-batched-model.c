/* sp-batched-model.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sp-batched-model.h"

struct _SpBatchedModel
{
  GObject     parent_instance;

  GListModel *model;
  guint       n_announced;
  guint       flush_id;
  guint       ramp_step;
  guint       ramp_until;
  SpBatchedModelScheduleFunc schedule;
  gpointer    schedule_data;
  gboolean    scheduled;
};

static GType
sp_batched_model_get_item_type (GListModel *list)
{
  return g_list_model_get_item_type (SP_BATCHED_MODEL (list)->model);
}

static guint
sp_batched_model_get_n_items (GListModel *list)
{
  return SP_BATCHED_MODEL (list)->n_announced;
}

static gpointer
sp_batched_model_get_item (GListModel *list,
                           guint       position)
{
  SpBatchedModel *self = SP_BATCHED_MODEL (list);

  if (position >= self->n_announced)
    return NULL;

  return g_list_model_get_item (self->model, position);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = sp_batched_model_get_item_type;
  iface->get_n_items = sp_batched_model_get_n_items;
  iface->get_item = sp_batched_model_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (SpBatchedModel, sp_batched_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static gboolean
flush_cb (gpointer user_data)
{
  SpBatchedModel *self = user_data;

  self->flush_id = 0;
  sp_batched_model_flush (self);

  return G_SOURCE_REMOVE;
}

/* A batch is waiting: on the timer, or on the owner's next frame. */
static void
schedule_flush (SpBatchedModel *self)
{
  if (self->schedule != NULL)
    {
      if (!self->scheduled)
        {
          self->scheduled = TRUE;
          self->schedule (self, self->schedule_data);
        }
    }
  else if (self->flush_id == 0)
    self->flush_id = g_timeout_add (SP_BATCHED_MODEL_INTERVAL_MS, flush_cb, self);
}

static void
items_changed_cb (SpBatchedModel *self,
                  guint           position,
                  guint           removed,
                  guint           added,
                  GListModel     *model)
{
  guint n = g_list_model_get_n_items (model);
  guint old;

  /* Past what was announced (a dump that shrinks or grows while it is
   * still being announced): nothing shown changes, the rest waits for
   * its batches. */
  if (position >= self->n_announced)
    {
      if (n > self->n_announced)
        schedule_flush (self);
      return;
    }

  /* Cut at the end: only the items past the cut go. */
  if (added == 0 && position == n)
    {
      old = self->n_announced;
      self->n_announced = n;
      g_list_model_items_changed (G_LIST_MODEL (self), position, old - position, 0);
      return;
    }

  /* Anything else changes what was announced: all of it, now. */
  g_clear_handle_id (&self->flush_id, g_source_remove);
  old = self->n_announced;
  self->n_announced = n;
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old, n);
}

static void
sp_batched_model_dispose (GObject *object)
{
  SpBatchedModel *self = (SpBatchedModel *)object;

  g_clear_handle_id (&self->flush_id, g_source_remove);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, items_changed_cb, self);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (sp_batched_model_parent_class)->dispose (object);
}

static void
sp_batched_model_class_init (SpBatchedModelClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sp_batched_model_dispose;
}

static void
sp_batched_model_init (SpBatchedModel *self)
{
}

SpBatchedModel *
sp_batched_model_new (GListModel *model)
{
  SpBatchedModel *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (model), NULL);

  self = g_object_new (SP_TYPE_BATCHED_MODEL, NULL);
  self->model = g_object_ref (model);
  self->n_announced = g_list_model_get_n_items (model);
  g_signal_connect_object (model, "items-changed", G_CALLBACK (items_changed_cb),
                           self, G_CONNECT_SWAPPED);

  return self;
}

GListModel *
sp_batched_model_get_model (SpBatchedModel *self)
{
  g_return_val_if_fail (SP_IS_BATCHED_MODEL (self), NULL);
  return self->model;
}

void
sp_batched_model_flush (SpBatchedModel *self)
{
  guint n, old;

  g_return_if_fail (SP_IS_BATCHED_MODEL (self));

  g_clear_handle_id (&self->flush_id, g_source_remove);
  self->scheduled = FALSE;
  n = g_list_model_get_n_items (self->model);
  old = self->n_announced;
  if (n == old)
    return;

  if (old < self->ramp_until && n - old > self->ramp_step)
    {
      n = old + self->ramp_step;
      schedule_flush (self);
    }

  self->n_announced = n;
  g_list_model_items_changed (G_LIST_MODEL (self), old, 0, n - old);
}

void
sp_batched_model_set_scheduler (SpBatchedModel             *self,
                                SpBatchedModelScheduleFunc  func,
                                gpointer                    user_data)
{
  gboolean waiting;

  g_return_if_fail (SP_IS_BATCHED_MODEL (self));

  waiting = self->flush_id != 0 || self->scheduled;
  g_clear_handle_id (&self->flush_id, g_source_remove);
  self->schedule = func;
  self->schedule_data = user_data;
  self->scheduled = FALSE;
  if (waiting)
    schedule_flush (self);
}

gboolean
sp_batched_model_is_ramping (SpBatchedModel *self)
{
  g_return_val_if_fail (SP_IS_BATCHED_MODEL (self), FALSE);

  return self->n_announced < self->ramp_until &&
         g_list_model_get_n_items (self->model) > self->n_announced;
}

void
sp_batched_model_set_ramp (SpBatchedModel *self,
                           guint           step,
                           guint           until)
{
  g_return_if_fail (SP_IS_BATCHED_MODEL (self));
  g_return_if_fail (step > 0);

  self->ramp_step = step;
  self->ramp_until = until;
}
