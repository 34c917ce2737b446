/* sp-event-log.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sp-clock.h"
#include "sp-event-log.h"

struct _SpEventLog
{
  GObject    parent_instance;

  GPtrArray      *events;
  guint64         bytes_sent;
  guint64         bytes_received;

  /* While frozen, appended events wait to be announced: the list model
   * says n_announced items until the thaw. */
  guint           freeze_count;
  guint           n_announced;
  guint64         bytes_sent_announced;
  guint64         bytes_received_announced;

  SpCaptureStore *store;
  guint           first_kept;      /* no payload is kept before this index */
  guint64         bytes_kept;
  guint64         bytes_released;
  guint           events_released;
};

enum {
  PROP_0,
  PROP_N_ITEMS,
  PROP_BYTES_SENT,
  PROP_BYTES_RECEIVED,
  PROP_BYTES_RELEASED,
  PROP_EVENTS_RELEASED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
sp_event_log_get_item_type (GListModel *model)
{
  return SP_TYPE_EVENT;
}

static guint
sp_event_log_get_n_items (GListModel *model)
{
  return SP_EVENT_LOG (model)->n_announced;
}

static gpointer
sp_event_log_get_item (GListModel *model,
                       guint       position)
{
  SpEventLog *self = SP_EVENT_LOG (model);

  if (position >= self->n_announced)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->events, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = sp_event_log_get_item_type;
  iface->get_n_items = sp_event_log_get_n_items;
  iface->get_item = sp_event_log_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (SpEventLog, sp_event_log, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static void
sp_event_log_finalize (GObject *object)
{
  SpEventLog *self = (SpEventLog *)object;

  sp_capture_store_remove_holder (self->store, G_OBJECT (self));
  sp_capture_store_forgot (self->store, self->bytes_kept);
  g_clear_object (&self->store);
  g_clear_pointer (&self->events, g_ptr_array_unref);

  G_OBJECT_CLASS (sp_event_log_parent_class)->finalize (object);
}

static void
sp_event_log_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  SpEventLog *self = SP_EVENT_LOG (object);

  switch (prop_id)
    {
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->n_announced);
      break;

    case PROP_BYTES_SENT:
      g_value_set_uint64 (value, self->bytes_sent);
      break;

    case PROP_BYTES_RECEIVED:
      g_value_set_uint64 (value, self->bytes_received);
      break;

    case PROP_BYTES_RELEASED:
      g_value_set_uint64 (value, self->bytes_released);
      break;

    case PROP_EVENTS_RELEASED:
      g_value_set_uint (value, self->events_released);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_event_log_class_init (SpEventLogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sp_event_log_finalize;
  object_class->get_property = sp_event_log_get_property;

  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_BYTES_SENT] =
    g_param_spec_uint64 ("bytes-sent", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_BYTES_RECEIVED] =
    g_param_spec_uint64 ("bytes-received", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /* Payloads the capture store released to stay within its limit. */
  properties[PROP_BYTES_RELEASED] =
    g_param_spec_uint64 ("bytes-released", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_EVENTS_RELEASED] =
    g_param_spec_uint ("events-released", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sp_event_log_init (SpEventLog *self)
{
  self->events = g_ptr_array_new_with_free_func (g_object_unref);
}

/* Moves first_kept to the oldest event that still has its payload. */
static SpEvent *
oldest_kept (SpEventLog *self)
{
  for (; self->first_kept < self->events->len; self->first_kept++)
    {
      SpEvent *event = g_ptr_array_index (self->events, self->first_kept);

      if (sp_event_has_payload (event))
        return event;
    }

  return NULL;
}

static gboolean
peek_oldest_kept (GObject *holder,
                  gint64  *time_us)
{
  SpEvent *event = oldest_kept (SP_EVENT_LOG (holder));

  if (event == NULL)
    return FALSE;

  *time_us = sp_event_get_time_us (event);
  return TRUE;
}

static gsize
release_oldest (GObject *holder)
{
  SpEventLog *self = SP_EVENT_LOG (holder);
  SpEvent *event = oldest_kept (self);
  gsize n;

  if (event == NULL)
    return 0;

  n = sp_event_release_payload (event);
  self->first_kept++;
  self->bytes_kept -= MIN (n, self->bytes_kept);
  self->bytes_released += n;
  self->events_released++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_RELEASED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVENTS_RELEASED]);

  return n;
}

static const SpCaptureHolderFuncs holder_funcs = {
  peek_oldest_kept,
  release_oldest,
};

SpEventLog *
sp_event_log_new (void)
{
  return sp_event_log_new_with_store (sp_capture_store_get_default ());
}

SpEventLog *
sp_event_log_new_with_store (SpCaptureStore *store)
{
  SpEventLog *self;

  g_return_val_if_fail (SP_IS_CAPTURE_STORE (store), NULL);

  self = g_object_new (SP_TYPE_EVENT_LOG, NULL);
  self->store = g_object_ref (store);
  sp_capture_store_add_holder (store, G_OBJECT (self), &holder_funcs);

  return self;
}

/* Says what was appended since the last time: one items-changed and one
 * notify of each total that moved. */
static void
announce (SpEventLog *self)
{
  guint old = self->n_announced;

  if (old == self->events->len)
    return;

  self->n_announced = self->events->len;
  g_list_model_items_changed (G_LIST_MODEL (self), old, 0, self->n_announced - old);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);

  if (self->bytes_sent != self->bytes_sent_announced)
    {
      self->bytes_sent_announced = self->bytes_sent;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_SENT]);
    }
  if (self->bytes_received != self->bytes_received_announced)
    {
      self->bytes_received_announced = self->bytes_received;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_RECEIVED]);
    }
}

void
sp_event_log_freeze (SpEventLog *self)
{
  g_return_if_fail (SP_IS_EVENT_LOG (self));
  self->freeze_count++;
}

void
sp_event_log_thaw (SpEventLog *self)
{
  g_return_if_fail (SP_IS_EVENT_LOG (self));
  g_return_if_fail (self->freeze_count > 0);

  if (--self->freeze_count == 0)
    announce (self);
}

/* Appends @event, taking the caller's reference: this runs once per
 * recv(). */
static void
append_take (SpEventLog *self,
             SpEvent    *event)
{
  SpEventKind kind;
  gsize n_bytes;
  gboolean kept;

  sp_event_peek_totals (event, &kind, &n_bytes, &kept);
  g_ptr_array_add (self->events, event);

  if (kind == SP_EVENT_KIND_SENT)
    self->bytes_sent += n_bytes;
  else if (kind == SP_EVENT_KIND_RECEIVED)
    self->bytes_received += n_bytes;

  if (self->freeze_count == 0)
    announce (self);

  /* Last: this may release payloads, this one's too if it alone is over. */
  if (kept)
    {
      self->bytes_kept += n_bytes;
      sp_capture_store_kept (self->store, n_bytes);
    }
}

void
sp_event_log_append (SpEventLog *self,
                     SpEvent    *event)
{
  g_return_if_fail (SP_IS_EVENT_LOG (self));
  g_return_if_fail (SP_IS_EVENT (event));

  append_take (self, g_object_ref (event));
}

SpEvent *
sp_event_log_add_now (SpEventLog  *self,
                      SpEventInit *init)
{
  SpEvent *event;

  g_return_val_if_fail (SP_IS_EVENT_LOG (self), NULL);

  init->time_us = sp_clock_now ();
  event = sp_event_new (init);
  append_take (self, event);

  return event;
}

void
sp_event_log_clear (SpEventLog *self)
{
  guint removed;

  g_return_if_fail (SP_IS_EVENT_LOG (self));

  if (self->events->len == 0)
    return;

  removed = self->n_announced;
  g_ptr_array_set_size (self->events, 0);
  self->n_announced = 0;
  self->bytes_sent = self->bytes_sent_announced = 0;
  self->bytes_received = self->bytes_received_announced = 0;
  sp_capture_store_forgot (self->store, self->bytes_kept);
  self->bytes_kept = 0;
  self->first_kept = 0;
  self->bytes_released = 0;
  self->events_released = 0;

  if (removed > 0)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_SENT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_RECEIVED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_RELEASED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVENTS_RELEASED]);
}

guint64
sp_event_log_get_bytes_sent (SpEventLog *self)
{
  g_return_val_if_fail (SP_IS_EVENT_LOG (self), 0);
  return self->bytes_sent;
}

guint64
sp_event_log_get_bytes_received (SpEventLog *self)
{
  g_return_val_if_fail (SP_IS_EVENT_LOG (self), 0);
  return self->bytes_received;
}

guint64
sp_event_log_get_bytes_released (SpEventLog *self)
{
  g_return_val_if_fail (SP_IS_EVENT_LOG (self), 0);
  return self->bytes_released;
}

guint
sp_event_log_get_events_released (SpEventLog *self)
{
  g_return_val_if_fail (SP_IS_EVENT_LOG (self), 0);
  return self->events_released;
}

guint8 *
sp_event_log_reserve_payload (SpEventLog *self,
                              gsize       size)
{
  g_return_val_if_fail (SP_IS_EVENT_LOG (self), NULL);
  return sp_capture_store_reserve (self->store, size);
}

GBytes *
sp_event_log_commit_payload (SpEventLog *self,
                             gsize       reserved,
                             gsize       size)
{
  g_return_val_if_fail (SP_IS_EVENT_LOG (self), NULL);
  return sp_capture_store_commit (self->store, reserved, size);
}

GBytes *
sp_event_log_commit_payload_in_block (SpEventLog *self,
                                      gsize       reserved,
                                      gsize       size,
                                      gsize      *offset)
{
  g_return_val_if_fail (SP_IS_EVENT_LOG (self), NULL);
  return sp_capture_store_commit_in_block (self->store, reserved, size, offset);
}
