/* sp-event-record.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib-object.h>
#include <glib/gi18n-lib.h>

#include "sp-errno.h"
#include "sp-event-record.h"
#include "sp-py-format.h"

G_STATIC_ASSERT (sizeof (SpEventRecord) <= 72 || GLIB_SIZEOF_VOID_P < 8);

void
sp_event_record_init (SpEventRecord     *dest,
                      const SpEventInit *init)
{
  /* Filled in here and stored at once: setting bit fields in place would
   * read the record's new page before writing it, two page faults. */
  SpEventRecord record = {
    .kind = init->kind,
    .direction = init->direction,
    .time_us = init->time_us,
    .connection_id = init->connection_id,
    /* One send() call is never asked for 4 GiB here (messages are capped). */
    .n_requested = MIN (init->n_requested, G_MAXUINT32),
    .client_to_server = !!init->client_to_server,
    .message = init->message ? g_strdup (init->message) : NULL,
    .errnum = init->errnum,
    .truncated = !!init->truncated,
    .stream_offset = init->stream_offset,
    .call_number = init->call_number,
    .flags = init->flags,
    .text_encoding = MIN (init->text_encoding, 7),
  };

  /* A million events from one peer share one copy of its address. */
  if (init->peer != NULL)
    record.peer = init->peer_interned ? g_ref_string_acquire ((char *) init->peer)
                                      : g_ref_string_new_intern (init->peer);
  if (init->call_form != SP_CALL_FORM_NONE && init->subject != NULL)
    {
      record.call_form = init->call_form;
      record.subject = g_object_ref (init->subject);
      record.subject_object = TRUE;
    }
  else if (init->payload_block != NULL)
    {
      /* The capture store made @payload_block and the offset in it
       * (sp_capture_store_commit_in_block()): once per recv(), the block's
       * size is not asked again. */
      g_warn_if_fail (init->payload == NULL && init->header_len == 0 && init->trailer_len == 0 &&
                      init->payload_offset <= G_MAXUINT32);
      /* A GBytes per read costs more than the read: the slice is made
       * when someone looks at the bytes. */
      record.payload = g_bytes_ref (init->payload_block);
      record.payload_offset = init->payload_offset;
      record.n_bytes = init->payload_size;
      record.sliced = TRUE;
    }
  else if (init->payload != NULL)
    {
      record.payload = g_bytes_ref (init->payload);
      record.n_bytes = g_bytes_get_size (init->payload);
    }
  if (!record.sliced)
    {
      record.header_len = MIN (init->header_len, G_MAXUINT16);
      record.trailer_len = MIN (init->trailer_len, G_MAXUINT16);
    }

  *dest = record;
}

void
sp_event_record_copy (SpEventRecord       *dest,
                      const SpEventRecord *src)
{
  *dest = *src;
  if (src->peer != NULL)
    dest->peer = g_ref_string_acquire (src->peer);
  dest->message = g_strdup (src->message);
  if (src->subject_object)
    dest->subject = g_object_ref (src->subject);
  else if (src->payload != NULL)
    dest->payload = g_bytes_ref (src->payload);
}

void
sp_event_record_clear (SpEventRecord *record)
{
  if (record->subject_object)
    g_clear_object (&record->subject);
  else
    g_clear_pointer (&record->payload, g_bytes_unref);
  record->subject_object = FALSE;
  g_clear_pointer (&record->peer, g_ref_string_release);
  g_clear_pointer (&record->message, g_free);
}

gsize
sp_event_record_release_payload (SpEventRecord *record)
{
  if (!sp_event_record_has_payload (record))
    return 0;

  g_clear_pointer (&record->payload, g_bytes_unref);
  if (record->sliced)
    record->payload_offset = 0;     /* no framing bytes: header_len and trailer_len 0 */
  record->sliced = FALSE;
  record->released = TRUE;

  return record->n_bytes;
}

SpEventKind
sp_event_record_get_kind (const SpEventRecord *record)
{
  return record->kind;
}

SpDirection
sp_event_record_get_direction (const SpEventRecord *record)
{
  return record->direction;
}

gint64
sp_event_record_get_time_us (const SpEventRecord *record)
{
  return record->time_us;
}

guint
sp_event_record_get_connection_id (const SpEventRecord *record)
{
  return record->connection_id;
}

const char *
sp_event_record_get_peer (const SpEventRecord *record)
{
  return record->peer;
}

gboolean
sp_event_record_has_payload (const SpEventRecord *record)
{
  return record->call_form == SP_CALL_FORM_NONE && record->payload != NULL;
}

const guint8 *
sp_event_record_get_payload_data (const SpEventRecord *record,
                                  gsize               *size)
{
  const guint8 *data;

  if (!sp_event_record_has_payload (record))
    {
      if (size != NULL)
        *size = 0;
      return NULL;
    }

  data = g_bytes_get_data (record->payload, NULL);
  if (size != NULL)
    *size = record->n_bytes;

  return record->sliced ? data + record->payload_offset : data;
}

GBytes *
sp_event_record_dup_payload (const SpEventRecord *record)
{
  if (!sp_event_record_has_payload (record))
    return NULL;

  if (record->sliced)
    return g_bytes_new_from_bytes (record->payload, record->payload_offset, record->n_bytes);

  return g_bytes_ref (record->payload);
}

gboolean
sp_event_record_payload_contains (const SpEventRecord *record,
                                  GBytes              *needle)
{
  gsize size, needle_size;
  const guint8 *data, *wanted;

  if (!sp_event_record_has_payload (record) || needle == NULL)
    return FALSE;

  data = sp_event_record_get_payload_data (record, &size);
  wanted = g_bytes_get_data (needle, &needle_size);
  if (needle_size == 0 || needle_size > size)
    return needle_size == 0;

  for (const guint8 *p = data; (p = memchr (p, wanted[0], size - (p - data) - needle_size + 1)) != NULL; p++)
    if (memcmp (p, wanted, needle_size) == 0)
      return TRUE;

  return FALSE;
}

gsize
sp_event_record_get_n_bytes (const SpEventRecord *record)
{
  return record->n_bytes;
}

gboolean
sp_event_record_get_payload_released (const SpEventRecord *record)
{
  return record->released;
}

gsize
sp_event_record_get_n_requested (const SpEventRecord *record)
{
  return record->n_requested;
}

gboolean
sp_event_record_is_partial (const SpEventRecord *record)
{
  return record->kind == SP_EVENT_KIND_SENT && record->n_requested > record->n_bytes;
}

gboolean
sp_event_record_get_client_to_server (const SpEventRecord *record)
{
  return record->client_to_server;
}

gboolean
sp_event_record_get_truncated (const SpEventRecord *record)
{
  return record->truncated;
}

guint64
sp_event_record_get_stream_offset (const SpEventRecord *record)
{
  /* A trace line's holds where its subject is. */
  return record->call_form == SP_CALL_FORM_NONE ? record->stream_offset : 0;
}

guint
sp_event_record_get_header_len (const SpEventRecord *record)
{
  return record->sliced ? 0 : record->header_len;
}

guint
sp_event_record_get_trailer_len (const SpEventRecord *record)
{
  return record->sliced ? 0 : record->trailer_len;
}

guint
sp_event_record_get_call_number (const SpEventRecord *record)
{
  return record->call_form == SP_CALL_FORM_NONE ? record->call_number : 0;
}

SpEventFlags
sp_event_record_get_flags (const SpEventRecord *record)
{
  return record->flags;
}

SpTextEncoding
sp_event_record_get_text_encoding (const SpEventRecord *record,
                                   SpTextEncoding       shown)
{
  return record->text_encoding > 0 ? (SpTextEncoding) (record->text_encoding - 1) : shown;
}

const char *
sp_event_record_get_message (const SpEventRecord *record)
{
  return record->message;
}

int
sp_event_record_get_errnum (const SpEventRecord *record)
{
  return record->errnum;
}

const char *
sp_event_record_get_errno_name (const SpEventRecord *record)
{
  return sp_errno_name (record->errnum);
}

char *
sp_event_record_format_read_call (const SpEventRecord *record,
                                  const SpEventRecord *subject,
                                  gboolean             cleared)
{
  g_autofree char *shown = NULL;
  /* Without its subject, the line says what it can from its own record. */
  gsize n = subject ? subject->n_bytes : record->call_number;
  gboolean to_server = subject ? subject->client_to_server : record->client_to_server;

  if (subject != NULL && sp_event_record_has_payload (subject))
    shown = sp_py_bytes (sp_event_record_get_payload_data (subject, NULL), n, 32);
  else if (subject == NULL && cleared)
    shown = g_strdup (_("(bytes no longer kept: the log was cleared)"));
  else
    shown = g_strdup (_("(bytes no longer kept: capture limit reached)"));

  switch ((SpCallForm) record->call_form)
    {
    case SP_CALL_FORM_RECV:
    case SP_CALL_FORM_RECV_UPSTREAM:
      {
        /* Bytes flowing to a server arrive on an accepted socket; a relay
         * reads its server's replies on its own upstream socket. */
        guint id = subject ? subject->connection_id : record->connection_id;
        g_autofree char *name = record->call_form == SP_CALL_FORM_RECV_UPSTREAM
                                ? g_strdup_printf ("upstream%u", id)
                                : sp_py_socket_name (to_server, id);

        return g_strdup_printf ("%s.recv(%u) → %s (%lu bytes)", name, record->n_requested, shown, (gulong) n);
      }

    case SP_CALL_FORM_RECVFROM:
      {
        g_autofree char *from = sp_py_address (subject ? subject->peer : NULL, "?");

        return g_strdup_printf ("sk.recvfrom(%u) → (%s, %s)%s", record->n_requested, shown, from,
                                (subject ? subject->truncated : record->truncated) ? " MSG_TRUNC" : "");
      }

    case SP_CALL_FORM_NONE:
    default:
      g_return_val_if_reached (NULL);
    }
}
