/* sp-file-send.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>

#include <glib/gi18n.h>

#include "sp-capture-store.h"
#include "sp-errno.h"
#include "sp-file-send.h"

/* What one async read asks for. */
#define READ_PIECE (1024 * 1024)
/* In chunks, reading waits while this much is handed to the socket and not
 * yet taken by the kernel (and at most this many chunks). */
#define MAX_BEHIND_BYTES  (1024 * 1024)
#define MAX_BEHIND_CHUNKS 256

struct _SpFileSend
{
  GObject       parent_instance;

  SpEndpoint   *endpoint;
  GFile        *file;
  SpConnection *target;
  gsize         chunk_size;
  char         *name;

  GPtrArray    *targets;      /* of SpConnection, still being sent to */
  GArray       *handlers;     /* of gulong, two per target */
  GCancellable *cancellable;
  GInputStream *stream;
  GByteArray   *buffer;       /* read, not yet handed on, from buffer_start */
  gsize         buffer_start;
  gboolean      reading;
  gboolean      eof;
  guint         pump_id;

  GQueue        units;        /* the GBytes handed on, which may still be queued */
  guint         n_units;
  guint64       total;
  guint64       handed;
  guint64       sent;
  gboolean      running;
  char         *error_message;
};

enum {
  PROP_0,
  PROP_RUNNING,
  PROP_TOTAL,
  PROP_SENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SpFileSend, sp_file_send, G_TYPE_OBJECT)

static void pump (SpFileSend *self);

static void
disconnect_targets (SpFileSend *self)
{
  for (guint i = 0; i < self->targets->len; i++)
    {
      gulong *ids = &g_array_index (self->handlers, gulong, 2 * i);

      g_clear_signal_handler (&ids[0], self->targets->pdata[i]);
      g_clear_signal_handler (&ids[1], self->targets->pdata[i]);
    }
  g_array_set_size (self->handlers, 0);
  g_ptr_array_set_size (self->targets, 0);
}

/* The kernel's progress: what of the bytes handed on is no longer queued,
 * for the target furthest behind. */
static void
update_sent (SpFileSend *self)
{
  guint64 sent = self->handed;

  for (guint i = 0; i < self->targets->len; i++)
    {
      guint64 queued = sp_connection_get_bytes_queued (self->targets->pdata[i]);

      sent = MIN (sent, self->handed - MIN (queued, self->handed));
    }

  if (sent != self->sent)
    {
      self->sent = sent;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SENT]);
    }
}

/* Ends the run: nothing more read or handed on; @note (may be NULL) logged. */
static void
finish (SpFileSend  *self,
        SpEventKind  kind,
        const char  *note)
{
  if (!self->running)
    return;

  self->running = FALSE;
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->pump_id, g_source_remove);
  disconnect_targets (self);
  g_queue_clear_full (&self->units, (GDestroyNotify) g_bytes_unref);
  g_clear_pointer (&self->buffer, g_byte_array_unref);
  g_clear_object (&self->stream);

  if (note != NULL)
    sp_endpoint_log_note (self->endpoint, kind, self->target, note);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  /* The run's own reference, taken in start. */
  g_object_unref (self);
}

/* Takes back what the kernel did not take yet, from every target. */
static void
retract (SpFileSend *self)
{
  update_sent (self);
  for (GList *l = self->units.head; l != NULL; l = l->next)
    for (guint i = 0; i < self->targets->len; i++)
      sp_connection_retract (self->targets->pdata[i], l->data);
}

/* Of what was handed on, what a target still holds (after retract()). */
static guint64
still_queued (SpFileSend *self)
{
  guint64 queued = 0;

  for (guint i = 0; i < self->targets->len; i++)
    queued = MAX (queued, MIN (sp_connection_get_bytes_queued (self->targets->pdata[i]),
                               self->handed - self->sent));

  return queued;
}

static void
fail (SpFileSend *self,
      const char *reason)
{
  g_autofree char *note = NULL;
  g_autofree char *sent = NULL;
  g_autofree char *total = NULL;

  if (!self->running)
    return;

  retract (self);
  sent = g_strdup_printf ("%" G_GUINT64_FORMAT, self->sent);
  total = g_strdup_printf ("%" G_GUINT64_FORMAT, self->total);
  g_free (self->error_message);
  self->error_message = g_strdup (reason);
  if (self->sent > 0)
    /* TRANSLATORS: "Stopped sending “a.bin” after 1048576 of 5242880 bytes: the connection closed." */
    note = g_strdup_printf (_("Stopped sending “%s” after %s of %s bytes: %s"),
                            self->name, sent, total, reason);
  else
    /* TRANSLATORS: "Could not send “a.bin”: No such file (ENOENT)." */
    note = g_strdup_printf (_("Could not send “%s”: %s"), self->name, reason);
  finish (self, SP_EVENT_KIND_ERROR, note);
}

/* A GIO error about the file, in words with its errno name. */
static void
fail_file_error (SpFileSend   *self,
                 const GError *error)
{
  g_autofree char *reason = NULL;
  int errnum;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  errnum = sp_errno_from_error (error);
  if (errnum == ENOENT)
    reason = g_strdup (_("there is no such file (ENOENT)."));
  else if (errnum == EACCES)
    reason = g_strdup (_("you may not read it (EACCES)."));
  else if (errnum == EISDIR)
    reason = g_strdup (_("it is a folder, not a file (EISDIR)."));
  else if (sp_errno_name (errnum) != NULL)
    reason = g_strdup_printf ("%s (%s)", error->message, sp_errno_name (errnum));
  else
    reason = g_strdup (error->message);

  fail (self, reason);
}

static void
done (SpFileSend *self)
{
  g_autofree char *note = NULL;
  g_autofree char *handed = g_strdup_printf ("%" G_GUINT64_FORMAT, self->handed);

  if (self->chunk_size == 0)
    /* TRANSLATORS: "Sent “a.bin”: 5242880 bytes, as one sendall()" */
    note = g_strdup_printf (_("Sent “%s”: %s bytes, as one sendall()"), self->name, handed);
  else
    /* TRANSLATORS: "Sent “a.bin”: 5242880 bytes in 80 chunks of up to 65536 bytes, one sendall() each" */
    note = g_strdup_printf (_("Sent “%s”: %s bytes in %u chunks of up to %lu bytes, one sendall() each"),
                            self->name, handed, self->n_units, (gulong) self->chunk_size);
  finish (self, SP_EVENT_KIND_INFO, note);
}

/* Targets that closed are dropped; FALSE (and failed) when none is left. */
static gboolean
check_targets (SpFileSend *self)
{
  for (guint i = self->targets->len; i-- > 0;)
    {
      SpConnection *c = self->targets->pdata[i];

      if (sp_connection_get_state (c) == SP_CONNECTION_STATE_OPEN ||
          (sp_connection_get_is_datagram (c) && sp_connection_get_state (c) != SP_CONNECTION_STATE_CLOSED))
        continue;

      if (self->targets->len == 1)
        {
          fail (self, _("the connection closed."));
          return FALSE;
        }
      g_signal_handler_disconnect (c, g_array_index (self->handlers, gulong, 2 * i));
      g_signal_handler_disconnect (c, g_array_index (self->handlers, gulong, 2 * i + 1));
      g_array_remove_range (self->handlers, 2 * i, 2);
      g_ptr_array_remove_index (self->targets, i);
    }

  return TRUE;
}

/* Hands the next @len buffered bytes on to every target as one message. */
static gboolean
hand_on (SpFileSend *self,
         gsize       len)
{
  g_autoptr(GBytes) unit = g_bytes_new (self->buffer->data + self->buffer_start, len);

  self->buffer_start += len;
  if (self->buffer_start == self->buffer->len)
    {
      g_byte_array_set_size (self->buffer, 0);
      self->buffer_start = 0;
    }

  for (guint i = 0; i < self->targets->len; i++)
    {
      g_autoptr(GError) error = NULL;

      if (!sp_endpoint_send (self->endpoint, unit, self->targets->pdata[i], &error))
        {
          fail (self, error->message);
          return FALSE;
        }
    }

  self->handed += len;
  self->n_units++;
  g_queue_push_tail (&self->units, g_steal_pointer (&unit));
  return TRUE;
}

/* Units whose bytes are all out can no longer be taken back. */
static void
forget_sent_units (SpFileSend *self)
{
  guint64 end = self->handed;

  /* Walk from the newest: a unit is out once @sent is past its start. */
  for (GList *l = self->units.tail; l != NULL;)
    {
      GList *prev = l->prev;
      gsize size = g_bytes_get_size (l->data);

      end -= size;
      if (end + size <= self->sent)
        {
          g_bytes_unref (l->data);
          g_queue_delete_link (&self->units, l);
        }
      l = prev;
    }
}

static gboolean
behind (SpFileSend *self)
{
  guint64 limit = MIN ((guint64) MAX_BEHIND_CHUNKS * self->chunk_size,
                       MAX ((guint64) self->chunk_size, MAX_BEHIND_BYTES));

  return self->chunk_size > 0 && self->handed - self->sent >= limit;
}

static void
piece_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      data)
{
  g_autoptr(SpFileSend) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) piece = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);

  self->reading = FALSE;
  if (!self->running)
    return;
  if (piece == NULL)
    {
      fail_file_error (self, error);
      return;
    }

  if (g_bytes_get_size (piece) == 0)
    self->eof = TRUE;
  else
    {
      if (self->buffer_start > 0)
        {
          g_byte_array_remove_range (self->buffer, 0, self->buffer_start);
          self->buffer_start = 0;
        }
      g_byte_array_append (self->buffer, g_bytes_get_data (piece, NULL), g_bytes_get_size (piece));
    }

  if (self->chunk_size == 0 && self->buffer->len > SP_FILE_SEND_MAX_WHOLE)
    {
      fail (self, _("the file grew past the size one sendall() may send."));
      return;
    }

  pump (self);
}

static void
read_next (SpFileSend *self)
{
  self->reading = TRUE;
  g_input_stream_read_bytes_async (self->stream, READ_PIECE, G_PRIORITY_DEFAULT, self->cancellable,
                                   piece_cb, g_object_ref (self));
}

/* Hands on what is read, reads more when there is room, and ends when
 * everything is out. */
static void
pump (SpFileSend *self)
{
  gsize buffered;

  if (!self->running || !check_targets (self))
    return;

  update_sent (self);
  forget_sent_units (self);

  for (;;)
    {
      buffered = self->buffer->len - self->buffer_start;
      if (buffered == 0 || behind (self))
        break;
      if (self->chunk_size == 0 ? !self->eof : (buffered < self->chunk_size && !self->eof))
        break;
      if (!hand_on (self, self->chunk_size == 0 ? buffered : MIN (buffered, self->chunk_size)))
        return;
      update_sent (self);
    }

  buffered = self->buffer->len - self->buffer_start;
  if (self->eof && buffered == 0)
    {
      if (self->handed == 0)
        fail (self, _("the file is empty: there is nothing to send."));
      else if (self->sent == self->handed)
        done (self);
      return;
    }

  /* One sendall() needs the whole file; chunks need one more at most. */
  if (!self->eof && !self->reading && !behind (self) &&
      (self->chunk_size == 0 || buffered < MAX (self->chunk_size, READ_PIECE)))
    read_next (self);
}

static gboolean
pump_idle_cb (gpointer data)
{
  SpFileSend *self = data;

  self->pump_id = 0;
  pump (self);
  return G_SOURCE_REMOVE;
}

/* A target's queue or state changed. Inside its send calls: pump later,
 * so new sends never start in the middle of another's. */
static void
target_changed_cb (SpFileSend *self)
{
  if (self->running && self->pump_id == 0)
    self->pump_id = g_idle_add (pump_idle_cb, self);
}

static void
opened_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(SpFileSend) self = data;
  g_autoptr(GError) error = NULL;
  GFileInputStream *stream = g_file_read_finish (G_FILE (object), result, &error);

  if (stream == NULL)
    {
      if (self->running)
        fail_file_error (self, error);
      return;
    }

  self->stream = G_INPUT_STREAM (stream);
  pump (self);
}

/* Says so when the log cannot keep every byte; the sends are not cut. */
static void
note_capture_limit (SpFileSend *self)
{
  guint64 limit = sp_capture_store_get_limit (sp_capture_store_get_default ());
  g_autofree char *size = NULL;
  g_autofree char *limit_text = NULL;
  g_autofree char *note = NULL;

  if (self->total <= limit)
    return;

  size = g_format_size_full (self->total, G_FORMAT_SIZE_IEC_UNITS);
  limit_text = g_format_size_full (limit, G_FORMAT_SIZE_IEC_UNITS);
  note = g_strdup_printf (_("“%s” (%s) is larger than the capture limit (%s): every byte is sent, "
                            "but the log keeps only the newest bytes; its counts stay exact."),
                          self->name, size, limit_text);
  sp_endpoint_log_note (self->endpoint, SP_EVENT_KIND_INFO, self->target, note);
}

/* The size, and a refusal a sendall() of this size would deserve. */
static gboolean
check_size (SpFileSend *self,
            GFileInfo  *info)
{
  g_autofree char *reason = NULL;
  g_autofree char *total = NULL;

  self->total = g_file_info_get_size (info);
  total = g_strdup_printf ("%" G_GUINT64_FORMAT, self->total);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);

  if (self->total == 0)
    reason = g_strdup (_("the file is empty: there is nothing to send."));
  else if (self->chunk_size == 0 && sp_endpoint_is_datagram (self->endpoint) &&
           self->total > SP_FILE_SEND_MAX_DATAGRAM)
    reason = g_strdup_printf (_("a UDP datagram holds at most %u bytes and this file has %s: send it in chunks."),
                              SP_FILE_SEND_MAX_DATAGRAM, total);
  else if (self->chunk_size == 0 && self->total > SP_FILE_SEND_MAX_WHOLE)
    reason = g_strdup_printf (_("one sendall() keeps the whole file in memory, up to %u MiB: send this one in chunks."),
                              (guint) (SP_FILE_SEND_MAX_WHOLE / (1024 * 1024)));

  if (reason == NULL)
    return TRUE;

  fail (self, reason);
  return FALSE;
}

static void
info_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      data)
{
  g_autoptr(SpFileSend) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInfo) info = g_file_query_info_finish (G_FILE (object), result, &error);

  if (!self->running)
    return;
  if (info == NULL)
    {
      fail_file_error (self, error);
      return;
    }

  if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    {
      fail (self, _("it is a folder, not a file (EISDIR)."));
      return;
    }

  if (!check_size (self, info))
    return;

  note_capture_limit (self);
  g_file_read_async (self->file, G_PRIORITY_DEFAULT, self->cancellable, opened_cb, g_object_ref (self));
}

static void
sp_file_send_dispose (GObject *object)
{
  SpFileSend *self = (SpFileSend *)object;

  g_clear_handle_id (&self->pump_id, g_source_remove);
  if (self->targets != NULL)
    disconnect_targets (self);
  g_queue_clear_full (&self->units, (GDestroyNotify) g_bytes_unref);
  g_clear_pointer (&self->buffer, g_byte_array_unref);
  g_clear_object (&self->stream);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->endpoint);
  g_clear_object (&self->file);
  g_clear_object (&self->target);

  G_OBJECT_CLASS (sp_file_send_parent_class)->dispose (object);
}

static void
sp_file_send_finalize (GObject *object)
{
  SpFileSend *self = (SpFileSend *)object;

  g_clear_pointer (&self->targets, g_ptr_array_unref);
  g_clear_pointer (&self->handlers, g_array_unref);
  g_free (self->name);
  g_free (self->error_message);

  G_OBJECT_CLASS (sp_file_send_parent_class)->finalize (object);
}

static void
sp_file_send_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  SpFileSend *self = SP_FILE_SEND (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;

    case PROP_TOTAL:
      g_value_set_uint64 (value, self->total);
      break;

    case PROP_SENT:
      g_value_set_uint64 (value, self->sent);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_file_send_class_init (SpFileSendClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = sp_file_send_dispose;
  object_class->finalize = sp_file_send_finalize;
  object_class->get_property = sp_file_send_get_property;

  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE, flags);
  properties[PROP_TOTAL] = g_param_spec_uint64 ("total", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_SENT] = g_param_spec_uint64 ("sent", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sp_file_send_init (SpFileSend *self)
{
  self->targets = g_ptr_array_new_with_free_func (g_object_unref);
  self->handlers = g_array_new (FALSE, TRUE, sizeof (gulong));
  self->cancellable = g_cancellable_new ();
  self->buffer = g_byte_array_new ();
}

SpFileSend *
sp_file_send_new (SpEndpoint   *endpoint,
                  GFile        *file,
                  SpConnection *target,
                  gsize         chunk_size)
{
  SpFileSend *self;
  g_autofree char *basename = NULL;

  g_return_val_if_fail (SP_IS_ENDPOINT (endpoint), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (target == NULL || SP_IS_CONNECTION (target), NULL);

  self = g_object_new (SP_TYPE_FILE_SEND, NULL);
  self->endpoint = g_object_ref (endpoint);
  self->file = g_object_ref (file);
  self->target = target != NULL ? g_object_ref (target) : NULL;
  self->chunk_size = chunk_size;
  basename = g_file_get_basename (file);
  self->name = g_filename_display_name (basename != NULL ? basename : "");

  return self;
}

gboolean
sp_file_send_check_chunk (SpEndpoint  *endpoint,
                          gsize        chunk_size,
                          GError     **error)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (endpoint), FALSE);

  if (chunk_size > SP_FILE_SEND_MAX_CHUNK)
    {
      g_set_error (error, SP_ENDPOINT_ERROR, SP_ENDPOINT_ERROR_INVALID,
                   _("Chunks are from 1 byte to %u MiB."), SP_FILE_SEND_MAX_CHUNK / (1024 * 1024));
      return FALSE;
    }

  if (chunk_size > SP_FILE_SEND_MAX_DATAGRAM && sp_endpoint_is_datagram (endpoint))
    {
      g_set_error (error, SP_ENDPOINT_ERROR, SP_ENDPOINT_ERROR_INVALID,
                   _("A UDP datagram holds at most %u bytes: choose smaller chunks."),
                   SP_FILE_SEND_MAX_DATAGRAM);
      return FALSE;
    }

  return TRUE;
}

gboolean
sp_file_send_start (SpFileSend  *self,
                    GError     **error)
{
  g_autoptr(GPtrArray) targets = NULL;
  g_autofree char *note = NULL;

  g_return_val_if_fail (SP_IS_FILE_SEND (self), FALSE);
  g_return_val_if_fail (!self->running && self->handed == 0, FALSE);

  if (!sp_file_send_check_chunk (self->endpoint, self->chunk_size, error))
    return FALSE;
  targets = sp_endpoint_dup_send_targets (self->endpoint, self->target, error);
  if (targets == NULL)
    return FALSE;

  for (guint i = 0; i < targets->len; i++)
    {
      gulong ids[2];

      ids[0] = g_signal_connect_swapped (targets->pdata[i], "notify::bytes-queued",
                                         G_CALLBACK (target_changed_cb), self);
      ids[1] = g_signal_connect_swapped (targets->pdata[i], "notify::state",
                                         G_CALLBACK (target_changed_cb), self);
      g_array_append_vals (self->handlers, ids, 2);
      g_ptr_array_add (self->targets, g_object_ref (targets->pdata[i]));
    }

  self->running = TRUE;
  g_object_ref (self);
  /* TRANSLATORS: "Sending the file “a.bin”…" */
  note = g_strdup_printf (_("Sending the file “%s”…"), self->name);
  sp_endpoint_log_note (self->endpoint, SP_EVENT_KIND_INFO, self->target, note);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_file_query_info_async (self->file,
                           G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                           G_FILE_QUERY_INFO_NONE, G_PRIORITY_DEFAULT, self->cancellable,
                           info_cb, g_object_ref (self));
  return TRUE;
}

void
sp_file_send_stop (SpFileSend *self)
{
  g_autofree char *note = NULL;
  g_autofree char *sent = NULL;
  g_autofree char *total = NULL;

  g_return_if_fail (SP_IS_FILE_SEND (self));

  if (!self->running)
    return;

  retract (self);
  sent = g_strdup_printf ("%" G_GUINT64_FORMAT, self->sent);
  total = g_strdup_printf ("%" G_GUINT64_FORMAT, self->total);
  if (still_queued (self) > 0)
    {
      g_autofree char *queued = g_strdup_printf ("%" G_GUINT64_FORMAT, still_queued (self));

      /* Framed messages are the framing's copies, which cannot be taken
       * back: say that they still go out. */
      note = g_strdup_printf (_("Stopped sending “%s”: %s of %s bytes were sent; %s more already handed "
                                "to the socket as framed messages still go out"),
                              self->name, sent, total, queued);
    }
  else
    /* TRANSLATORS: "Stopped sending “a.bin”: 1048576 of 5242880 bytes were sent" */
    note = g_strdup_printf (_("Stopped sending “%s”: %s of %s bytes were sent"), self->name, sent, total);
  finish (self, SP_EVENT_KIND_INFO, note);
}

gboolean
sp_file_send_get_running (SpFileSend *self)
{
  g_return_val_if_fail (SP_IS_FILE_SEND (self), FALSE);
  return self->running;
}

guint64
sp_file_send_get_total (SpFileSend *self)
{
  g_return_val_if_fail (SP_IS_FILE_SEND (self), 0);
  return self->total;
}

guint64
sp_file_send_get_sent (SpFileSend *self)
{
  g_return_val_if_fail (SP_IS_FILE_SEND (self), 0);
  return self->sent;
}

const char *
sp_file_send_get_name (SpFileSend *self)
{
  g_return_val_if_fail (SP_IS_FILE_SEND (self), NULL);
  return self->name;
}

const char *
sp_file_send_get_error_message (SpFileSend *self)
{
  g_return_val_if_fail (SP_IS_FILE_SEND (self), NULL);
  return self->error_message;
}
