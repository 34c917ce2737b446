/* sp-event-log.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sp-clock.h"
#include "sp-event-log.h"

/* 1,024 records of 72 bytes: 72 KiB, below malloc's mmap threshold. */
#define CHUNK_BITS 10
#define CHUNK_SIZE (1u << CHUNK_BITS)

struct _SpEventLog
{
  GObject    parent_instance;

  /* Records in chunks that never move: an event's object can read its
   * record in place. */
  SpEventRecord **chunks;
  guint           n_chunks;
  guint           chunks_size;
  guint           len;
  /* Records cleared before: a record's serial is this plus its position. */
  guint64         n_dropped;
  /* The objects made for items and still alive: record → SpEvent, unowned
   * (each leaves when finalized); a visible row keeps its object. */
  GHashTable     *views;
  /* Trace lines of reads are written from records here (weak). */
  SpEventLog     *subject_log;

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

static inline SpEventRecord *
record_at (SpEventLog *self,
           guint       position)
{
  return &self->chunks[position >> CHUNK_BITS][position & (CHUNK_SIZE - 1)];
}

/* Room for one more record at the end: runs once per recv(). */
static SpEventRecord *
push_record (SpEventLog *self)
{
  guint position = self->len;

  if ((position & (CHUNK_SIZE - 1)) == 0 && (position >> CHUNK_BITS) == self->n_chunks)
    {
      if (self->n_chunks == self->chunks_size)
        {
          self->chunks_size = MAX (16, self->chunks_size * 2);
          self->chunks = g_renew (SpEventRecord *, self->chunks, self->chunks_size);
        }
      self->chunks[self->n_chunks++] = g_new (SpEventRecord, CHUNK_SIZE);
    }

  self->len++;
  return record_at (self, position);
}

/* A trace line by serial reads its RECEIVED record in the subject log. */
static const SpEventRecord *
subject_of (SpEventLog          *self,
            const SpEventRecord *record,
            gboolean            *cleared)
{
  SpEventLog *subjects = self->subject_log;
  guint64 serial = record->stream_offset;

  *cleared = FALSE;
  if (record->subject_object)
    return sp_event_get_record (record->subject);

  if (subjects == NULL || serial < subjects->n_dropped)
    {
      *cleared = TRUE;
      return NULL;
    }
  if (serial - subjects->n_dropped >= subjects->len)
    return NULL;

  return record_at (subjects, serial - subjects->n_dropped);
}

/* Writes a trace line of a read from its subject, once. */
static void
write_call (SpEventLog    *self,
            SpEventRecord *record)
{
  const SpEventRecord *subject;
  gboolean cleared;

  if (record->message != NULL || record->call_form == SP_CALL_FORM_NONE)
    return;

  subject = subject_of (self, record, &cleared);
  record->message = sp_event_record_format_read_call (record, subject, cleared);
}

static void
view_gone_cb (gpointer       data,
              SpEventRecord *record)
{
  SpEventLog *self = data;

  g_hash_table_remove (self->views, record);
}

/* The object for @record: the one alive, or a new one, kept weakly. */
static SpEvent *
view_for (SpEventLog    *self,
          SpEventRecord *record)
{
  SpEvent *event;

  if (self->views == NULL)
    self->views = g_hash_table_new (NULL, NULL);
  else if ((event = g_hash_table_lookup (self->views, record)) != NULL)
    return g_object_ref (event);

  write_call (self, record);
  event = sp_event_new_view (record, view_gone_cb, self);
  g_hash_table_insert (self->views, record, event);

  return event;
}

/* Before the records go: the objects alive take theirs. */
static void
detach_views (SpEventLog *self)
{
  GHashTableIter iter;
  gpointer key, value;

  if (self->views == NULL)
    return;

  g_hash_table_iter_init (&iter, self->views);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      write_call (self, key);
      sp_event_detach (value);
      g_hash_table_iter_remove (&iter);
    }
}

static void
free_records (SpEventLog *self)
{
  for (guint i = 0; i < self->len; i++)
    sp_event_record_clear (record_at (self, i));
  for (guint i = 0; i < self->n_chunks; i++)
    g_free (self->chunks[i]);
  g_clear_pointer (&self->chunks, g_free);
  self->n_chunks = self->chunks_size = 0;
  self->n_dropped += self->len;
  self->len = 0;
}

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

  return view_for (self, record_at (self, position));
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
  detach_views (self);
  free_records (self);
  g_clear_pointer (&self->views, g_hash_table_unref);
  if (self->subject_log != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->subject_log), (gpointer *) &self->subject_log);

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
}

/* Moves first_kept to the oldest record that still has its payload. */
static SpEventRecord *
oldest_kept (SpEventLog *self)
{
  for (; self->first_kept < self->len; self->first_kept++)
    {
      SpEventRecord *record = record_at (self, self->first_kept);

      if (sp_event_record_has_payload (record))
        return record;
    }

  return NULL;
}

static gboolean
peek_oldest_kept (GObject *holder,
                  gint64  *time_us)
{
  SpEventRecord *record = oldest_kept (SP_EVENT_LOG (holder));

  if (record == NULL)
    return FALSE;

  *time_us = record->time_us;
  return TRUE;
}

static gsize
release_oldest (GObject *holder)
{
  SpEventLog *self = SP_EVENT_LOG (holder);
  SpEventRecord *record = oldest_kept (self);
  SpEvent *view;
  gsize n;

  if (record == NULL)
    return 0;

  /* An object alive lets go of its slice of the payload too. */
  if (self->views != NULL && (view = g_hash_table_lookup (self->views, record)) != NULL)
    n = sp_event_release_payload (view);
  else
    n = sp_event_record_release_payload (record);
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

  if (old == self->len)
    return;

  self->n_announced = self->len;
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

/* Counts the record just pushed: this runs once per recv(). */
static guint
appended (SpEventLog    *self,
          SpEventRecord *record)
{
  gboolean kept = sp_event_record_has_payload (record);
  gsize n_bytes = record->n_bytes;

  if (record->kind == SP_EVENT_KIND_SENT)
    self->bytes_sent += n_bytes;
  else if (record->kind == SP_EVENT_KIND_RECEIVED)
    self->bytes_received += n_bytes;

  if (self->freeze_count == 0)
    announce (self);

  /* Last: this may release payloads, this one's too if it alone is over. */
  if (kept)
    {
      self->bytes_kept += n_bytes;
      sp_capture_store_kept (self->store, n_bytes);
    }

  return self->len - 1;
}

void
sp_event_log_append (SpEventLog *self,
                     SpEvent    *event)
{
  SpEventRecord *record;

  g_return_if_fail (SP_IS_EVENT_LOG (self));
  g_return_if_fail (SP_IS_EVENT (event));

  record = push_record (self);
  /* An event of its own becomes this item's object; one that reads a
   * record elsewhere is copied. */
  if (sp_event_move_record (event, record, view_gone_cb, self))
    {
      if (self->views == NULL)
        self->views = g_hash_table_new (NULL, NULL);
      g_hash_table_insert (self->views, record, event);
    }
  else
    sp_event_record_copy (record, sp_event_get_record (event));

  appended (self, record);
}

guint
sp_event_log_add_now (SpEventLog  *self,
                      SpEventInit *init)
{
  SpEventRecord *record;

  g_return_val_if_fail (SP_IS_EVENT_LOG (self), 0);
  g_return_val_if_fail (init->call_form == SP_CALL_FORM_NONE ||
                        (init->kind == SP_EVENT_KIND_CALL && SP_IS_EVENT (init->subject)), 0);

  init->time_us = sp_clock_now ();
  record = push_record (self);
  sp_event_record_init (record, init);

  return appended (self, record);
}

guint
sp_event_log_add_read_call (SpEventLog *self,
                            guint       connection_id,
                            SpCallForm  form,
                            guint       read_size,
                            SpEventLog *subjects,
                            guint       position)
{
  const SpEventRecord *subject;
  SpEventRecord *record;

  g_return_val_if_fail (SP_IS_EVENT_LOG (self), 0);
  g_return_val_if_fail (SP_IS_EVENT_LOG (subjects), 0);
  g_return_val_if_fail (form != SP_CALL_FORM_NONE, 0);
  g_return_val_if_fail (position < subjects->len, 0);

  if (self->subject_log != subjects)
    {
      if (self->subject_log != NULL)
        g_object_remove_weak_pointer (G_OBJECT (self->subject_log), (gpointer *) &self->subject_log);
      self->subject_log = subjects;
      g_object_add_weak_pointer (G_OBJECT (subjects), (gpointer *) &self->subject_log);
    }

  subject = record_at (subjects, position);
  record = push_record (self);
  *record = (SpEventRecord) {
    .time_us = subject->time_us,
    .stream_offset = subjects->n_dropped + position,
    .n_requested = read_size,
    .call_number = MIN (subject->n_bytes, G_MAXUINT32),
    .connection_id = connection_id,
    .kind = SP_EVENT_KIND_CALL,
    .client_to_server = subject->client_to_server,
    .truncated = subject->truncated,
    .call_form = form,
  };

  return appended (self, record);
}

const SpEventRecord *
sp_event_log_peek (SpEventLog *self,
                   guint       position)
{
  g_return_val_if_fail (SP_IS_EVENT_LOG (self), NULL);

  if (position >= self->len)
    return NULL;

  return record_at (self, position);
}

guint
sp_event_log_get_n_records (SpEventLog *self)
{
  g_return_val_if_fail (SP_IS_EVENT_LOG (self), 0);
  return self->len;
}

const char *
sp_event_log_get_message (SpEventLog *self,
                          guint       position)
{
  SpEventRecord *record;

  g_return_val_if_fail (SP_IS_EVENT_LOG (self), NULL);
  g_return_val_if_fail (position < self->len, NULL);

  record = record_at (self, position);
  write_call (self, record);

  return record->message;
}

void
sp_event_log_clear (SpEventLog *self)
{
  guint removed;

  g_return_if_fail (SP_IS_EVENT_LOG (self));

  if (self->len == 0)
    return;

  removed = self->n_announced;
  detach_views (self);
  free_records (self);
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
