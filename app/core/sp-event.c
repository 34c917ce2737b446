/* sp-event.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sp-errno.h"
#include "sp-event.h"
#include "sp-py-format.h"

struct _SpEvent
{
  GObject      parent_instance;

  union {
    /* NULL once released by the capture store. With @sliced, the capture
     * store's whole block: the payload is n_bytes at payload_offset in it,
     * made a GBytes of its own when first asked for. */
    GBytes    *payload;
    SpEvent   *subject;         /* CALL with a call_form: the event it describes */
  };
  char        *peer;            /* interned GRefString: shared by a peer's events */
  char        *message;
  gint64       time_us;
  guint64      stream_offset;
  gsize        n_bytes;         /* of the payload, kept when it is released */
  /* 96 bytes in all with the GObject header: a million events in ~100 MB. */
  guint32      n_requested;
  guint        call_number;
  guint        connection_id;
  int          errnum;
  union {
    struct {
      guint16  header_len;      /* SENT with framing */
      guint16  trailer_len;
    };
    guint32    payload_offset;  /* with @sliced (a RECEIVED event, no framing bytes) */
  };
  guint        flags : 8;
  SpEventKind  kind : 8;
  SpDirection  direction : 4;
  guint        client_to_server : 1;
  guint        truncated : 1;
  guint        released : 1;
  SpCallForm   call_form : 2;
  guint        text_encoding : 3;
  guint        sliced : 1;
};

G_DEFINE_FINAL_TYPE (SpEvent, sp_event, G_TYPE_OBJECT)

G_STATIC_ASSERT (sizeof (SpEvent) <= 96 || GLIB_SIZEOF_VOID_P < 8);

static void
sp_event_finalize (GObject *object)
{
  SpEvent *self = (SpEvent *)object;

  if (self->call_form != SP_CALL_FORM_NONE)
    g_clear_object (&self->subject);
  else
    g_clear_pointer (&self->payload, g_bytes_unref);
  g_clear_pointer (&self->peer, g_ref_string_release);
  g_clear_pointer (&self->message, g_free);

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
}

SpEvent *
sp_event_new (const SpEventInit *init)
{
  SpEvent *self;

  g_return_val_if_fail (init != NULL, NULL);

  self = g_object_new (SP_TYPE_EVENT, NULL);
  self->kind = init->kind;
  self->direction = init->direction;
  self->time_us = init->time_us;
  self->connection_id = init->connection_id;
  /* A million events from one peer share one copy of its address. */
  if (init->peer == NULL)
    self->peer = NULL;
  else if (init->peer_interned)
    self->peer = g_ref_string_acquire ((char *) init->peer);
  else
    self->peer = g_ref_string_new_intern (init->peer);
  if (init->call_form != SP_CALL_FORM_NONE)
    {
      g_return_val_if_fail (init->kind == SP_EVENT_KIND_CALL && SP_IS_EVENT (init->subject), self);
      self->call_form = init->call_form;
      self->subject = g_object_ref (init->subject);
    }
  else if (init->payload_block != NULL)
    {
      g_return_val_if_fail (init->payload == NULL, self);
      g_return_val_if_fail (init->header_len == 0 && init->trailer_len == 0, self);
      g_return_val_if_fail (init->payload_offset <= G_MAXUINT32, self);
      g_return_val_if_fail (init->payload_offset + init->payload_size <= g_bytes_get_size (init->payload_block), self);
      /* A GBytes per read costs more than the read: the slice is made
       * when someone looks at the bytes. */
      self->payload = g_bytes_ref (init->payload_block);
      self->payload_offset = init->payload_offset;
      self->n_bytes = init->payload_size;
      self->sliced = TRUE;
    }
  else
    {
      self->payload = init->payload ? g_bytes_ref (init->payload) : NULL;
      self->n_bytes = init->payload ? g_bytes_get_size (init->payload) : 0;
    }
  /* One send() call is never asked for 4 GiB here (messages are capped). */
  self->n_requested = MIN (init->n_requested, G_MAXUINT32);
  self->client_to_server = !!init->client_to_server;
  self->message = g_strdup (init->message);
  self->errnum = init->errnum;
  self->truncated = !!init->truncated;
  self->stream_offset = init->stream_offset;
  if (!self->sliced)
    {
      self->header_len = MIN (init->header_len, G_MAXUINT16);
      self->trailer_len = MIN (init->trailer_len, G_MAXUINT16);
    }
  self->call_number = init->call_number;
  self->flags = init->flags;
  self->text_encoding = MIN (init->text_encoding, 7);

  return self;
}

SpTextEncoding
sp_event_get_text_encoding (SpEvent        *self,
                            SpTextEncoding  shown)
{
  g_return_val_if_fail (SP_IS_EVENT (self), shown);
  return self->text_encoding > 0 ? (SpTextEncoding) (self->text_encoding - 1) : shown;
}

SpEventKind
sp_event_get_kind (SpEvent *self)
{
  g_return_val_if_fail (SP_IS_EVENT (self), 0);
  return self->kind;
}

SpDirection
sp_event_get_direction (SpEvent *self)
{
  g_return_val_if_fail (SP_IS_EVENT (self), 0);
  return self->direction;
}

gint64
sp_event_get_time_us (SpEvent *self)
{
  g_return_val_if_fail (SP_IS_EVENT (self), 0);
  return self->time_us;
}

guint
sp_event_get_connection_id (SpEvent *self)
{
  g_return_val_if_fail (SP_IS_EVENT (self), 0);
  return self->connection_id;
}

const char *
sp_event_get_peer (SpEvent *self)
{
  g_return_val_if_fail (SP_IS_EVENT (self), NULL);
  return self->peer;
}

gboolean
sp_event_has_payload (SpEvent *self)
{
  g_return_val_if_fail (SP_IS_EVENT (self), FALSE);
  return self->call_form == SP_CALL_FORM_NONE && self->payload != NULL;
}

void
sp_event_peek_totals (SpEvent     *self,
                      SpEventKind *kind,
                      gsize       *n_bytes,
                      gboolean    *kept)
{
  *kind = self->kind;
  *n_bytes = self->n_bytes;
  *kept = self->call_form == SP_CALL_FORM_NONE && self->payload != NULL;
}

/* The payload's bytes, without making its GBytes. */
static const guint8 *
payload_data (SpEvent *self)
{
  const guint8 *data = g_bytes_get_data (self->payload, NULL);

  return self->sliced ? data + self->payload_offset : data;
}

GBytes *
sp_event_get_payload (SpEvent *self)
{
  g_return_val_if_fail (SP_IS_EVENT (self), NULL);

  if (self->call_form != SP_CALL_FORM_NONE)
    return NULL;

  if (self->sliced)
    {
      GBytes *block = self->payload;

      self->payload = g_bytes_new_from_bytes (block, self->payload_offset, self->n_bytes);
      self->sliced = FALSE;
      self->payload_offset = 0;   /* no framing bytes: header_len and trailer_len 0 */
      g_bytes_unref (block);
    }

  return self->payload;
}

gboolean
sp_event_payload_contains (SpEvent *self,
                           GBytes  *needle)
{
  gsize size, needle_size;
  const guint8 *data, *wanted;

  g_return_val_if_fail (SP_IS_EVENT (self), FALSE);

  if (!sp_event_has_payload (self) || needle == NULL)
    return FALSE;

  data = payload_data (self);
  size = self->n_bytes;
  wanted = g_bytes_get_data (needle, &needle_size);
  if (needle_size == 0 || needle_size > size)
    return needle_size == 0;

  for (const guint8 *p = data; (p = memchr (p, wanted[0], size - (p - data) - needle_size + 1)) != NULL; p++)
    if (memcmp (p, wanted, needle_size) == 0)
      return TRUE;

  return FALSE;
}

gsize
sp_event_get_n_bytes (SpEvent *self)
{
  g_return_val_if_fail (SP_IS_EVENT (self), 0);
  return self->n_bytes;
}

gboolean
sp_event_get_payload_released (SpEvent *self)
{
  g_return_val_if_fail (SP_IS_EVENT (self), FALSE);
  return self->released;
}

gsize
sp_event_release_payload (SpEvent *self)
{
  g_return_val_if_fail (SP_IS_EVENT (self), 0);

  if (!sp_event_has_payload (self))
    return 0;

  g_clear_pointer (&self->payload, g_bytes_unref);
  if (self->sliced)
    self->payload_offset = 0;     /* no framing bytes: header_len and trailer_len 0 */
  self->sliced = FALSE;
  self->released = TRUE;

  return self->n_bytes;
}

gsize
sp_event_get_n_requested (SpEvent *self)
{
  g_return_val_if_fail (SP_IS_EVENT (self), 0);
  return self->n_requested;
}

gboolean
sp_event_is_partial (SpEvent *self)
{
  g_return_val_if_fail (SP_IS_EVENT (self), FALSE);
  return self->kind == SP_EVENT_KIND_SENT &&
         self->n_requested > sp_event_get_n_bytes (self);
}

gboolean
sp_event_get_client_to_server (SpEvent *self)
{
  g_return_val_if_fail (SP_IS_EVENT (self), FALSE);
  return self->client_to_server;
}

gboolean
sp_event_get_truncated (SpEvent *self)
{
  g_return_val_if_fail (SP_IS_EVENT (self), FALSE);
  return self->truncated;
}

guint64
sp_event_get_stream_offset (SpEvent *self)
{
  g_return_val_if_fail (SP_IS_EVENT (self), 0);
  return self->stream_offset;
}

guint
sp_event_get_header_len (SpEvent *self)
{
  g_return_val_if_fail (SP_IS_EVENT (self), 0);
  return self->sliced ? 0 : self->header_len;
}

guint
sp_event_get_trailer_len (SpEvent *self)
{
  g_return_val_if_fail (SP_IS_EVENT (self), 0);
  return self->sliced ? 0 : self->trailer_len;
}

guint
sp_event_get_call_number (SpEvent *self)
{
  g_return_val_if_fail (SP_IS_EVENT (self), 0);
  return self->call_number;
}

SpEventFlags
sp_event_get_flags (SpEvent *self)
{
  g_return_val_if_fail (SP_IS_EVENT (self), 0);
  return self->flags;
}

/* The trace's line for a read call of @form that asked for @read_size
 * bytes and made @subject (its RECEIVED event). */
static char *
format_read_call (SpCallForm  form,
                  guint       read_size,
                  SpEvent    *subject)
{
  g_autofree char *shown = NULL;
  gsize n = sp_event_get_n_bytes (subject);

  if (sp_event_has_payload (subject))
    shown = sp_py_bytes (payload_data (subject), n, 32);
  else
    shown = g_strdup (_("(bytes no longer kept: capture limit reached)"));

  switch (form)
    {
    case SP_CALL_FORM_RECV:
      {
        /* Bytes flowing to a server arrive on an accepted socket. */
        g_autofree char *name = sp_py_socket_name (sp_event_get_client_to_server (subject),
                                                   sp_event_get_connection_id (subject));

        return g_strdup_printf ("%s.recv(%u) → %s (%lu bytes)", name, read_size, shown, (gulong) n);
      }

    case SP_CALL_FORM_RECV_UPSTREAM:
      return g_strdup_printf ("upstream%u.recv(%u) → %s (%lu bytes)", sp_event_get_connection_id (subject),
                              read_size, shown, (gulong) n);

    case SP_CALL_FORM_RECVFROM:
      {
        g_autofree char *from = sp_py_address (sp_event_get_peer (subject), "?");

        return g_strdup_printf ("sk.recvfrom(%u) → (%s, %s)%s", read_size, shown, from,
                                sp_event_get_truncated (subject) ? " MSG_TRUNC" : "");
      }

    case SP_CALL_FORM_NONE:
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
sp_event_get_message (SpEvent *self)
{
  g_return_val_if_fail (SP_IS_EVENT (self), NULL);

  if (self->message == NULL && self->call_form != SP_CALL_FORM_NONE)
    self->message = format_read_call (self->call_form, self->n_requested, self->subject);

  return self->message;
}

int
sp_event_get_errnum (SpEvent *self)
{
  g_return_val_if_fail (SP_IS_EVENT (self), 0);
  return self->errnum;
}

const char *
sp_event_get_errno_name (SpEvent *self)
{
  g_return_val_if_fail (SP_IS_EVENT (self), NULL);
  return sp_errno_name (self->errnum);
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
