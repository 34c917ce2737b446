/* sp-capture-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sp-capture-store.h"

/* Small payloads are copied into shared blocks: one GBytes per event and
 * no allocation of its own, which is most of an event's cost. A block is
 * freed when the last payload in it is released. */
#define BLOCK_SIZE     (64 * 1024)
#define MAX_IN_BLOCK   (4 * 1024)

struct _SpCaptureStore
{
  GObject    parent_instance;

  GArray    *holders;        /* of Holder */
  guint64    limit;
  guint64    bytes_kept;
  guint64    bytes_released;

  GBytes    *block;
  gsize      block_used;
  guint8    *pending;        /* a large read's buffer, until committed */
  gsize      pending_size;
};

enum {
  PROP_0,
  PROP_LIMIT,
  PROP_BYTES_KEPT,
  PROP_BYTES_RELEASED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct {
  GObject                    *object;   /* unowned */
  const SpCaptureHolderFuncs *funcs;
} Holder;

G_DEFINE_FINAL_TYPE (SpCaptureStore, sp_capture_store, G_TYPE_OBJECT)

static Holder *
holder_at (SpCaptureStore *self,
           guint           i)
{
  return &g_array_index (self->holders, Holder, i);
}

/* Released in batches down to 7/8 of the limit: under a flood that is one
 * release run per few megabytes, not one per event. */
static void
release_over_limit (SpCaptureStore *self)
{
  guint64 target = self->limit - self->limit / 8;
  guint64 released = 0;

  if (self->bytes_kept <= self->limit)
    return;

  for (guint i = 0; i < self->holders->len; i++)
    g_object_freeze_notify (holder_at (self, i)->object);

  while (self->bytes_kept > target)
    {
      Holder *oldest = NULL;
      gint64 oldest_time = G_MAXINT64;
      gsize n;

      for (guint i = 0; i < self->holders->len; i++)
        {
          Holder *holder = holder_at (self, i);
          gint64 time_us;

          if (holder->funcs->peek_oldest_kept (holder->object, &time_us) &&
              (oldest == NULL || time_us < oldest_time))
            {
              oldest = holder;
              oldest_time = time_us;
            }
        }

      if (oldest == NULL)
        {
          /* Only possible if a holder lost track; never loop forever. */
          g_warn_if_reached ();
          self->bytes_kept = 0;
          break;
        }

      n = oldest->funcs->release_oldest (oldest->object);
      self->bytes_kept -= MIN (n, self->bytes_kept);
      released += n;
    }

  self->bytes_released += released;

  for (guint i = 0; i < self->holders->len; i++)
    g_object_thaw_notify (holder_at (self, i)->object);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_RELEASED]);
}

static void
sp_capture_store_finalize (GObject *object)
{
  SpCaptureStore *self = (SpCaptureStore *)object;

  g_clear_pointer (&self->holders, g_array_unref);
  g_clear_pointer (&self->block, g_bytes_unref);
  g_clear_pointer (&self->pending, g_free);

  G_OBJECT_CLASS (sp_capture_store_parent_class)->finalize (object);
}

static void
sp_capture_store_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SpCaptureStore *self = SP_CAPTURE_STORE (object);

  switch (prop_id)
    {
    case PROP_LIMIT:
      g_value_set_uint64 (value, self->limit);
      break;

    case PROP_BYTES_KEPT:
      g_value_set_uint64 (value, self->bytes_kept);
      break;

    case PROP_BYTES_RELEASED:
      g_value_set_uint64 (value, self->bytes_released);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_capture_store_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SpCaptureStore *self = SP_CAPTURE_STORE (object);

  switch (prop_id)
    {
    case PROP_LIMIT:
      sp_capture_store_set_limit (self, g_value_get_uint64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_capture_store_class_init (SpCaptureStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sp_capture_store_finalize;
  object_class->get_property = sp_capture_store_get_property;
  object_class->set_property = sp_capture_store_set_property;

  properties[PROP_LIMIT] =
    g_param_spec_uint64 ("limit", NULL, NULL,
                         SP_CAPTURE_STORE_MIN_LIMIT, G_MAXUINT64, SP_CAPTURE_STORE_DEFAULT_LIMIT,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* Not notified per event: read it when needed. */
  properties[PROP_BYTES_KEPT] =
    g_param_spec_uint64 ("bytes-kept", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_BYTES_RELEASED] =
    g_param_spec_uint64 ("bytes-released", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sp_capture_store_init (SpCaptureStore *self)
{
  self->holders = g_array_new (FALSE, FALSE, sizeof (Holder));
  self->limit = SP_CAPTURE_STORE_DEFAULT_LIMIT;
}

SpCaptureStore *
sp_capture_store_get_default (void)
{
  static SpCaptureStore *store;

  if (g_once_init_enter (&store))
    g_once_init_leave (&store, sp_capture_store_new (SP_CAPTURE_STORE_DEFAULT_LIMIT));

  return store;
}

SpCaptureStore *
sp_capture_store_new (guint64 limit)
{
  return g_object_new (SP_TYPE_CAPTURE_STORE, "limit", limit, NULL);
}

guint64
sp_capture_store_get_limit (SpCaptureStore *self)
{
  g_return_val_if_fail (SP_IS_CAPTURE_STORE (self), 0);
  return self->limit;
}

void
sp_capture_store_set_limit (SpCaptureStore *self,
                            guint64         limit)
{
  g_return_if_fail (SP_IS_CAPTURE_STORE (self));

  limit = MAX (limit, SP_CAPTURE_STORE_MIN_LIMIT);
  if (self->limit == limit)
    return;

  self->limit = limit;
  release_over_limit (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIMIT]);
}

guint64
sp_capture_store_get_bytes_kept (SpCaptureStore *self)
{
  g_return_val_if_fail (SP_IS_CAPTURE_STORE (self), 0);
  return self->bytes_kept;
}

guint64
sp_capture_store_get_bytes_released (SpCaptureStore *self)
{
  g_return_val_if_fail (SP_IS_CAPTURE_STORE (self), 0);
  return self->bytes_released;
}

void
sp_capture_store_add_holder (SpCaptureStore             *self,
                             GObject                    *holder,
                             const SpCaptureHolderFuncs *funcs)
{
  Holder entry = { holder, funcs };

  g_return_if_fail (SP_IS_CAPTURE_STORE (self));
  g_array_append_val (self->holders, entry);
}

void
sp_capture_store_remove_holder (SpCaptureStore *self,
                                GObject        *holder)
{
  g_return_if_fail (SP_IS_CAPTURE_STORE (self));

  for (guint i = 0; i < self->holders->len; i++)
    if (holder_at (self, i)->object == holder)
      {
        g_array_remove_index_fast (self->holders, i);
        return;
      }
}

void
sp_capture_store_kept (SpCaptureStore *self,
                       gsize           n_bytes)
{
  self->bytes_kept += n_bytes;
  release_over_limit (self);
}

void
sp_capture_store_forgot (SpCaptureStore *self,
                         guint64         n_bytes)
{
  self->bytes_kept -= MIN (n_bytes, self->bytes_kept);
}

static void
ensure_block_room (SpCaptureStore *self,
                   gsize           size)
{
  if (self->block == NULL || self->block_used + size > BLOCK_SIZE)
    {
      g_clear_pointer (&self->block, g_bytes_unref);
      self->block = g_bytes_new_take (g_malloc (BLOCK_SIZE), BLOCK_SIZE);
      self->block_used = 0;
    }
}

/* Only the block's unused tail is ever written: no piece handed out
 * changes. */
static guint8 *
block_tail (SpCaptureStore *self)
{
  return (guint8 *) g_bytes_get_data (self->block, NULL) + self->block_used;
}

guint8 *
sp_capture_store_reserve (SpCaptureStore *self,
                          gsize           size)
{
  g_return_val_if_fail (SP_IS_CAPTURE_STORE (self), NULL);
  g_return_val_if_fail (size > 0, NULL);

  if (size <= MAX_IN_BLOCK)
    {
      ensure_block_room (self, size);
      return block_tail (self);
    }

  if (self->pending_size != size)
    {
      g_free (self->pending);
      self->pending = g_malloc (size);
      self->pending_size = size;
    }

  return self->pending;
}

GBytes *
sp_capture_store_commit_in_block (SpCaptureStore *self,
                                  gsize           reserved,
                                  gsize           size,
                                  gsize          *offset)
{
  guint8 *data;

  g_return_val_if_fail (SP_IS_CAPTURE_STORE (self), NULL);
  g_return_val_if_fail (size > 0 && size <= reserved, NULL);
  g_return_val_if_fail (offset != NULL, NULL);

  if (reserved <= MAX_IN_BLOCK)
    {
      *offset = self->block_used;
      self->block_used += size;
      return g_bytes_ref (self->block);
    }

  g_return_val_if_fail (self->pending != NULL && self->pending_size == reserved, NULL);

  /* The read buffer becomes the payload: no copy. */
  data = g_steal_pointer (&self->pending);
  self->pending_size = 0;
  if (size < reserved)
    data = g_realloc (data, size);

  *offset = 0;
  return g_bytes_new_take (data, size);
}

GBytes *
sp_capture_store_commit (SpCaptureStore *self,
                         gsize           reserved,
                         gsize           size)
{
  g_autoptr(GBytes) block = NULL;
  gsize offset;

  block = sp_capture_store_commit_in_block (self, reserved, size, &offset);
  if (block == NULL)
    return NULL;

  return g_bytes_new_from_bytes (block, offset, size);
}
