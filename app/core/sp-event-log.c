/* sp-event-log.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sp-event-log.h"

struct _SpEventLog
{
  GObject    parent_instance;

  GPtrArray *events;
  guint64    bytes_sent;
  guint64    bytes_received;
};

enum {
  PROP_0,
  PROP_N_ITEMS,
  PROP_BYTES_SENT,
  PROP_BYTES_RECEIVED,
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
  return SP_EVENT_LOG (model)->events->len;
}

static gpointer
sp_event_log_get_item (GListModel *model,
                       guint       position)
{
  SpEventLog *self = SP_EVENT_LOG (model);

  if (position >= self->events->len)
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
      g_value_set_uint (value, self->events->len);
      break;

    case PROP_BYTES_SENT:
      g_value_set_uint64 (value, self->bytes_sent);
      break;

    case PROP_BYTES_RECEIVED:
      g_value_set_uint64 (value, self->bytes_received);
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

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sp_event_log_init (SpEventLog *self)
{
  self->events = g_ptr_array_new_with_free_func (g_object_unref);
}

SpEventLog *
sp_event_log_new (void)
{
  return g_object_new (SP_TYPE_EVENT_LOG, NULL);
}

void
sp_event_log_append (SpEventLog *self,
                     SpEvent    *event)
{
  g_return_if_fail (SP_IS_EVENT_LOG (self));
  g_return_if_fail (SP_IS_EVENT (event));

  g_ptr_array_add (self->events, g_object_ref (event));

  switch ((int) sp_event_get_kind (event))
    {
    case SP_EVENT_KIND_SENT:
      self->bytes_sent += sp_event_get_n_bytes (event);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_SENT]);
      break;

    case SP_EVENT_KIND_RECEIVED:
      self->bytes_received += sp_event_get_n_bytes (event);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_RECEIVED]);
      break;

    default:
      break;
    }

  g_list_model_items_changed (G_LIST_MODEL (self), self->events->len - 1, 0, 1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

void
sp_event_log_clear (SpEventLog *self)
{
  guint removed;

  g_return_if_fail (SP_IS_EVENT_LOG (self));

  removed = self->events->len;
  if (removed == 0)
    return;

  g_ptr_array_set_size (self->events, 0);
  self->bytes_sent = 0;
  self->bytes_received = 0;

  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_SENT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_RECEIVED]);
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
