/* sp-event.c: an event as an object, for a list row
 *
 * An SpEvent reads one SpEventRecord: its own (made with sp_event_new(), or
 * moved back from a log that let go of it), or one in an event log, which
 * makes the object only when asked for the item.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sp-event.h"

struct _SpEvent
{
  GObject        parent_instance;

  SpEventRecord  *record;    /* &own, or a record in a log */
  /* A sliced payload as a GBytes of its own, made when first asked for. */
  GBytes         *slice;
  /* With a record elsewhere: tells its log this event is gone (cheaper
   * than a weak reference, and no memory of its own). */
  SpEventGoneFunc gone;
  gpointer        gone_data;
  SpEventRecord   own;
};

G_DEFINE_FINAL_TYPE (SpEvent, sp_event, G_TYPE_OBJECT)

static void
sp_event_finalize (GObject *object)
{
  SpEvent *self = (SpEvent *)object;

  if (self->gone != NULL)
    self->gone (self->gone_data, self->record);
  g_clear_pointer (&self->slice, g_bytes_unref);
  sp_event_record_clear (&self->own);

  G_OBJECT_CLASS (sp_event_parent_class)->finalize (object);
}

static void
sp_event_class_init (SpEventClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sp_event_finalize;
}

static void
sp_event_init (SpEvent *self)
{
  self->record = &self->own;
}

SpEvent *
sp_event_new (const SpEventInit *init)
{
  SpEvent *self;

  g_return_val_if_fail (init != NULL, NULL);
  g_return_val_if_fail (init->call_form == SP_CALL_FORM_NONE ||
                        (init->kind == SP_EVENT_KIND_CALL && SP_IS_EVENT (init->subject)), NULL);

  self = g_object_new (SP_TYPE_EVENT, NULL);
  sp_event_record_init (&self->own, init);

  return self;
}

SpEvent *
sp_event_new_view (SpEventRecord   *record,
                   SpEventGoneFunc  gone,
                   gpointer         data)
{
  SpEvent *self;

  g_return_val_if_fail (record != NULL, NULL);

  self = g_object_new (SP_TYPE_EVENT, NULL);
  self->record = record;
  self->gone = gone;
  self->gone_data = data;

  return self;
}

void
sp_event_detach (SpEvent *self)
{
  g_return_if_fail (SP_IS_EVENT (self));

  if (self->record == &self->own)
    return;

  /* Moved, references and all: the log forgets the record without
   * releasing what it held. */
  self->own = *self->record;
  memset (self->record, 0, sizeof *self->record);
  self->record = &self->own;
  self->gone = NULL;
  self->gone_data = NULL;
}

gboolean
sp_event_move_record (SpEvent         *self,
                      SpEventRecord   *dest,
                      SpEventGoneFunc  gone,
                      gpointer         data)
{
  g_return_val_if_fail (SP_IS_EVENT (self), FALSE);

  if (self->record != &self->own)
    return FALSE;

  *dest = self->own;
  memset (&self->own, 0, sizeof self->own);
  self->record = dest;
  self->gone = gone;
  self->gone_data = data;

  return TRUE;
}

const SpEventRecord *
sp_event_get_record (SpEvent *self)
{
  g_return_val_if_fail (SP_IS_EVENT (self), NULL);
  return self->record;
}

SpTextEncoding
sp_event_get_text_encoding (SpEvent        *self,
                            SpTextEncoding  shown)
{
  g_return_val_if_fail (SP_IS_EVENT (self), shown);
  return sp_event_record_get_text_encoding (self->record, shown);
}

SpEventKind
sp_event_get_kind (SpEvent *self)
{
  g_return_val_if_fail (SP_IS_EVENT (self), 0);
  return sp_event_record_get_kind (self->record);
}

SpDirection
sp_event_get_direction (SpEvent *self)
{
  g_return_val_if_fail (SP_IS_EVENT (self), 0);
  return sp_event_record_get_direction (self->record);
}

gint64
sp_event_get_time_us (SpEvent *self)
{
  g_return_val_if_fail (SP_IS_EVENT (self), 0);
  return sp_event_record_get_time_us (self->record);
}

guint
sp_event_get_connection_id (SpEvent *self)
{
  g_return_val_if_fail (SP_IS_EVENT (self), 0);
  return sp_event_record_get_connection_id (self->record);
}

const char *
sp_event_get_peer (SpEvent *self)
{
  g_return_val_if_fail (SP_IS_EVENT (self), NULL);
  return sp_event_record_get_peer (self->record);
}

gboolean
sp_event_has_payload (SpEvent *self)
{
  g_return_val_if_fail (SP_IS_EVENT (self), FALSE);
  return sp_event_record_has_payload (self->record);
}

GBytes *
sp_event_get_payload (SpEvent *self)
{
  const SpEventRecord *record;

  g_return_val_if_fail (SP_IS_EVENT (self), NULL);

  record = self->record;
  if (!sp_event_record_has_payload (record))
    {
      /* Released since it was made. */
      g_clear_pointer (&self->slice, g_bytes_unref);
      return NULL;
    }

  if (!record->sliced)
    return record->payload;

  if (self->slice == NULL)
    self->slice = g_bytes_new_from_bytes (record->payload, record->payload_offset, record->n_bytes);

  return self->slice;
}

gboolean
sp_event_payload_contains (SpEvent *self,
                           GBytes  *needle)
{
  g_return_val_if_fail (SP_IS_EVENT (self), FALSE);
  return sp_event_record_payload_contains (self->record, needle);
}

gsize
sp_event_get_n_bytes (SpEvent *self)
{
  g_return_val_if_fail (SP_IS_EVENT (self), 0);
  return sp_event_record_get_n_bytes (self->record);
}

gboolean
sp_event_get_payload_released (SpEvent *self)
{
  g_return_val_if_fail (SP_IS_EVENT (self), FALSE);
  return sp_event_record_get_payload_released (self->record);
}

gsize
sp_event_release_payload (SpEvent *self)
{
  g_return_val_if_fail (SP_IS_EVENT (self), 0);

  g_clear_pointer (&self->slice, g_bytes_unref);
  return sp_event_record_release_payload (self->record);
}

gsize
sp_event_get_n_requested (SpEvent *self)
{
  g_return_val_if_fail (SP_IS_EVENT (self), 0);
  return sp_event_record_get_n_requested (self->record);
}

gboolean
sp_event_is_partial (SpEvent *self)
{
  g_return_val_if_fail (SP_IS_EVENT (self), FALSE);
  return sp_event_record_is_partial (self->record);
}

gboolean
sp_event_get_client_to_server (SpEvent *self)
{
  g_return_val_if_fail (SP_IS_EVENT (self), FALSE);
  return sp_event_record_get_client_to_server (self->record);
}

gboolean
sp_event_get_truncated (SpEvent *self)
{
  g_return_val_if_fail (SP_IS_EVENT (self), FALSE);
  return sp_event_record_get_truncated (self->record);
}

guint64
sp_event_get_stream_offset (SpEvent *self)
{
  g_return_val_if_fail (SP_IS_EVENT (self), 0);
  return sp_event_record_get_stream_offset (self->record);
}

guint
sp_event_get_header_len (SpEvent *self)
{
  g_return_val_if_fail (SP_IS_EVENT (self), 0);
  return sp_event_record_get_header_len (self->record);
}

guint
sp_event_get_trailer_len (SpEvent *self)
{
  g_return_val_if_fail (SP_IS_EVENT (self), 0);
  return sp_event_record_get_trailer_len (self->record);
}

guint
sp_event_get_call_number (SpEvent *self)
{
  g_return_val_if_fail (SP_IS_EVENT (self), 0);
  return sp_event_record_get_call_number (self->record);
}

SpEventFlags
sp_event_get_flags (SpEvent *self)
{
  g_return_val_if_fail (SP_IS_EVENT (self), 0);
  return sp_event_record_get_flags (self->record);
}

const char *
sp_event_get_message (SpEvent *self)
{
  SpEventRecord *record;

  g_return_val_if_fail (SP_IS_EVENT (self), NULL);

  /* A log writes its trace lines before it makes their objects: only an
   * event made with a subject of its own is written here. */
  record = self->record;
  if (record->message == NULL && record->subject_object)
    record->message = sp_event_record_format_read_call (record, sp_event_get_record (record->subject), FALSE);

  return record->message;
}

int
sp_event_get_errnum (SpEvent *self)
{
  g_return_val_if_fail (SP_IS_EVENT (self), 0);
  return sp_event_record_get_errnum (self->record);
}

const char *
sp_event_get_errno_name (SpEvent *self)
{
  g_return_val_if_fail (SP_IS_EVENT (self), NULL);
  return sp_event_record_get_errno_name (self->record);
}

const char *
sp_event_kind_to_string (SpEventKind kind)
{
  switch (kind)
    {
    case SP_EVENT_KIND_LISTENING: return _("listening");
    case SP_EVENT_KIND_ACCEPTED: return _("accepted");
    case SP_EVENT_KIND_CONNECTED: return _("connected");
    case SP_EVENT_KIND_SENT: return _("sent");
    case SP_EVENT_KIND_RECEIVED: return _("received");
    case SP_EVENT_KIND_PEER_CLOSED: return _("peer closed");
    case SP_EVENT_KIND_ERROR: return _("error");
    case SP_EVENT_KIND_CLOSED: return _("closed");
    case SP_EVENT_KIND_INFO: return _("info");
    /* TRANSLATORS: a whole message reassembled from the stream by framing */
    case SP_EVENT_KIND_MESSAGE: return _("message");
    /* TRANSLATORS: an entry of the socket-call trace */
    case SP_EVENT_KIND_CALL: return _("call");
    default: g_return_val_if_reached (NULL);
    }
}
