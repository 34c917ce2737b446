/* sp-connection-io.c: a connection's calls — read, write, echo, decode
 *
 * Every socket here is a non-blocking GSocket driven by the default main
 * context, through watches that share one GSource (sp-socket-watch.h). The
 * app teaches what the kernel does, so each "received" event is the result
 * of exactly one receive call and each "sent" event of exactly one send
 * call, with the byte count the kernel returned.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>

#include <glib/gi18n-lib.h>

#include "sp-connection-private.h"
#include "sp-py-format.h"
#include "sp-socket-watch.h"

/* Small reads are cheap, and each dispatch costs a poll(): up to 64 of
 * them or 1 MiB in all, whichever comes first (16 reads of 64 KiB). */
#define MAX_READS_PER_DISPATCH      64
#define MAX_READ_BYTES_PER_DISPATCH (1024 * 1024)
/* Echo stops reading a connection whose peer does not read the echo back
 * once this much waits to be sent, so memory stays bounded. */
#define ECHO_MAX_QUEUED             (4 * 1024 * 1024)

/* One message waiting to be sent, as far as the kernel took it. */
typedef struct {
  GBytes *bytes;
  gsize   offset;
  /* Framing bytes at the start and end of @bytes, to mark in the views. */
  guint   header_len;
  guint   trailer_len;
  guint   text_encoding;  /* as SpEventInit's: how it was typed, + 1 */
} SendItem;

static void flush (SpConnection *self);

/* The host's helpers ------------------------------------------------------ */

gboolean
sp_connection_host_client_to_server (SpConnectionHost *host,
                                     SpDirection       direction)
{
  return (direction == SP_DIRECTION_OUT) != host->is_server;
}

/* A relay is a server to its clients and a client of its target. */
static gboolean
client_to_server (SpConnection *self,
                  SpDirection   direction)
{
  if (self->relay_side == SP_RELAY_SIDE_SERVER)
    return direction == SP_DIRECTION_OUT;

  return sp_connection_host_client_to_server (self->host, direction);
}

gboolean
sp_connection_host_flows_to_server (SpConnectionHost *host,
                                    SpConnection     *connection,
                                    SpDirection       direction)
{
  return connection != NULL ? client_to_server (connection, direction)
                            : sp_connection_host_client_to_server (host, direction);
}

guint
sp_connection_host_reads_per_dispatch (SpConnectionHost *host)
{
  return CLAMP (MAX_READ_BYTES_PER_DISPATCH / MAX (host->read_size, 1),
                SP_CONNECTION_MAX_CALLS_PER_DISPATCH, MAX_READS_PER_DISPATCH);
}

void
sp_connection_host_freeze_logs (SpConnectionHost *host)
{
  sp_event_log_freeze (host->events);
  sp_event_log_freeze (sp_call_trace_get_log (host->trace));
}

void
sp_connection_host_thaw_logs (SpConnectionHost *host)
{
  /* NULL if a handler ran the owner's dispose meanwhile. */
  if (host->events != NULL)
    sp_event_log_thaw (host->events);
  if (host->trace != NULL)
    sp_event_log_thaw (sp_call_trace_get_log (host->trace));
}

void
sp_connection_host_log_frames (SpConnectionHost *host,
                               SpConnection     *connection,
                               const char       *peer,
                               GPtrArray        *frames)
{
  for (guint i = 0; i < frames->len; i++)
    {
      SpFrame *frame = g_ptr_array_index (frames, i);
      SpEventInit init = {
        .kind = SP_EVENT_KIND_MESSAGE,
        .direction = SP_DIRECTION_IN,
        .connection_id = connection ? connection->id : 0,
        .peer = peer,
        .peer_interned = connection != NULL && peer == connection->remote_address,
        .payload = frame->payload,
        .client_to_server = connection ? client_to_server (connection, SP_DIRECTION_IN)
                                       : sp_connection_host_client_to_server (host, SP_DIRECTION_IN),
        .stream_offset = frame->stream_offset,
      };

      sp_event_log_add_now (host->events, &init);
      if (connection != NULL && connection->relay_partner == NULL && host->received_unit != NULL)
        host->received_unit (host, connection, g_bytes_get_data (frame->payload, NULL),
                             g_bytes_get_size (frame->payload));
    }
}

void
sp_connection_host_report_framing_error (SpConnectionHost *host,
                                         SpConnection     *connection,
                                         const GError     *error)
{
  SpEventInit init = {
    .kind = SP_EVENT_KIND_ERROR,
    .connection_id = connection ? connection->id : 0,
    .peer = connection ? connection->remote_address : NULL,
    .peer_interned = TRUE,
    .message = error->message,
    .flags = SP_EVENT_FLAG_FRAMING_ERROR,
  };

  sp_event_log_add_now (host->events, &init);
}

/* Logging ------------------------------------------------------------------ */

static guint
log_event (SpConnection *self,
           SpEventInit  *init)
{
  return sp_event_log_add_now (self->host->events, init);
}

/* An event about this connection as a whole: closed, peer closed. */
void
_sp_connection_log_flagged_note (SpConnection *self,
                                 SpEventKind   kind,
                                 SpEventFlags  flags,
                                 const char   *message)
{
  SpEventInit init = {
    .kind = kind,
    .connection_id = self->id,
    .peer = self->remote_address,
    .peer_interned = TRUE,
    .message = message,
    .flags = flags,
  };

  log_event (self, &init);
}

void
_sp_connection_log_note (SpConnection *self,
                         SpEventKind   kind,
                         const char   *message)
{
  /* A close after SO_LINGER 0 sent RST, not FIN. */
  _sp_connection_log_flagged_note (self, kind,
                                   kind == SP_EVENT_KIND_CLOSED && self->relay_sends_reset ? SP_EVENT_FLAG_RESET : 0,
                                   message);
}

/* The send queue ------------------------------------------------------------ */

static void
send_item_free (gpointer data)
{
  SendItem *item = data;

  g_bytes_unref (item->bytes);
  g_free (item);
}

static void
enqueue (SpConnection *self,
         GBytes       *bytes,
         guint         header_len,
         guint         trailer_len,
         guint         text_encoding)
{
  SendItem *item = g_new0 (SendItem, 1);

  item->bytes = g_bytes_ref (bytes);
  item->header_len = header_len;
  item->trailer_len = trailer_len;
  item->text_encoding = text_encoding;
  g_queue_push_tail (&self->send_queue, item);
  sp_connection_set_bytes_queued (self, self->bytes_queued + g_bytes_get_size (bytes));
}

/* The kernel took @n more bytes of the item at the head of the queue. */
static void
consume (SpConnection *self,
         gsize         n)
{
  SendItem *item = g_queue_peek_head (&self->send_queue);

  g_return_if_fail (item != NULL);
  g_return_if_fail (item->offset + n <= g_bytes_get_size (item->bytes));

  item->offset += n;
  if (item->offset == g_bytes_get_size (item->bytes))
    send_item_free (g_queue_pop_head (&self->send_queue));

  sp_connection_set_bytes_queued (self, self->bytes_queued - n);
}

/* Drops what is still queued; returns how many bytes that was. */
static gsize
drop_queue (SpConnection *self)
{
  gsize dropped = self->bytes_queued;

  g_queue_clear_full (&self->send_queue, send_item_free);
  sp_connection_set_bytes_queued (self, 0);

  return dropped;
}

/* Sources ------------------------------------------------------------------- */

void
sp_connection_stop_reading (SpConnection *self)
{
  g_return_if_fail (SP_IS_CONNECTION (self));

  sp_socket_watch_clear (&self->in_source);
}

static void
detach_sources (SpConnection *self)
{
  sp_connection_stop_reading (self);

  sp_socket_watch_clear (&self->out_source);
}

void
sp_connection_clear_io (SpConnection *self)
{
  detach_sources (self);
  g_queue_clear_full (&self->send_queue, send_item_free);
}

static SpSocketWatch *
watch_socket (SpConnection      *self,
              GIOCondition       condition,
              SpSocketWatchFunc  callback)
{
  return sp_socket_watch_new (self->socket, condition, SP_CONNECTION_IO_PRIORITY, callback, self);
}

static gboolean
writable_cb (GSocket      *socket,
             GIOCondition  condition,
             gpointer      user_data)
{
  SpConnection *self = user_data;
  SpConnectionHost *host = self->host;
  G_GNUC_UNUSED g_autoptr(SpConnection) hold = g_object_ref (self);
  G_GNUC_UNUSED g_autoptr(GObject) hold_owner = g_object_ref (host->owner);

  g_clear_pointer (&self->out_source, sp_socket_watch_unref);
  sp_connection_host_freeze_logs (host);
  sp_connection_hold_notify (self);
  flush (self);
  sp_connection_release_notify (self);
  sp_connection_host_thaw_logs (host);

  return G_SOURCE_REMOVE;
}

static void
wait_writable (SpConnection *self)
{
  if (self->out_source == NULL)
    self->out_source = watch_socket (self, G_IO_OUT, writable_cb);
}

/* Reading ------------------------------------------------------------------- */

/* Runs the framing decoder over newly received bytes and logs the messages
 * it completes. A framing error cannot be recovered from (where the next
 * frame starts is unknown), so the connection is closed: FALSE then. */
static gboolean
decode_stream (SpConnection *self,
               GBytes       *block,
               gsize         offset,
               gsize         len)
{
  SpConnectionHost *host = self->host;
  g_autoptr(GPtrArray) frames = NULL;
  g_autoptr(GBytes) received = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (self->decoder == NULL)
    return TRUE;

  /* Its own slice, not the event's: the capture store may have released
   * the event's payload already. Frames inside it are views on it. */
  received = g_bytes_new_from_bytes (block, offset, len);
  frames = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_frame_free);
  ok = sp_frame_decoder_feed_bytes (self->decoder, received, frames, &error);
  sp_connection_host_log_frames (host, self, self->remote_address, frames);
  host->framing_progress (host);

  if (!ok && self->relay_partner != NULL)
    {
      /* The relay's framing only shows messages: its two programs' bytes
       * go on being passed, undecoded. */
      sp_connection_host_report_framing_error (host, self, error);
      g_clear_pointer (&self->decoder, sp_frame_decoder_free);
      _sp_connection_log_note (self, SP_EVENT_KIND_INFO,
                _("The relay goes on passing this connection’s bytes on, without cutting them into messages"));
      return TRUE;
    }

  if (!ok)
    {
      sp_connection_host_report_framing_error (host, self, error);
      g_clear_pointer (&self->in_source, sp_socket_watch_unref);
      sp_connection_close (self, _("after a framing error"));
      return FALSE;
    }

  return TRUE;
}

/* One receive call returned @n bytes, read into @buffer: FALSE when the
 * connection closed meanwhile. */
static gboolean
take_received (SpConnection *self,
               guint8       *buffer,
               gsize         n)
{
  SpConnectionHost *host = self->host;
  gsize offset;
  /* The block the read landed in: no GBytes of its own per read. */
  g_autoptr(GBytes) block = sp_event_log_commit_payload_in_block (host->events, host->read_size, n, &offset);
  guint received;
  SpEventInit init = {
    .kind = SP_EVENT_KIND_RECEIVED,
    .direction = SP_DIRECTION_IN,
    .connection_id = self->id,
    .peer = self->remote_address,
    .peer_interned = TRUE,
    .payload_block = block,
    .payload_offset = offset,
    .payload_size = n,
    .client_to_server = client_to_server (self, SP_DIRECTION_IN),
    .stream_offset = self->bytes_received,
    .call_number = self->recv_calls + 1,
  };

  /* A large read's buffer may have moved when it was trimmed. */
  buffer = (guint8 *) g_bytes_get_data (block, NULL) + offset;
  sp_connection_record_received (self, buffer, n);
  received = log_event (self, &init);
  sp_call_trace_add_read (host->trace, self->id,
                          self->relay_side == SP_RELAY_SIDE_SERVER ? SP_CALL_FORM_RECV_UPSTREAM : SP_CALL_FORM_RECV,
                          host->read_size, host->events, received);

  if (self->relay_partner != NULL)
    _sp_connection_relay_forward (self, block, offset, n);
  else
    {
      sp_connection_echo (self, buffer, n);
      /* With framing on, reply rules look at messages instead. */
      if (self->decoder == NULL && host->received_unit != NULL && self->state == SP_CONNECTION_STATE_OPEN)
        host->received_unit (host, self, buffer, n);
    }
  if (self->state == SP_CONNECTION_STATE_CLOSED)
    return FALSE;

  /* A reply rule's send() may have failed and closed the connection. */
  return decode_stream (self, block, offset, n) && self->state != SP_CONNECTION_STATE_CLOSED;
}

static void
peer_closed (SpConnection *self)
{
  SpConnectionHost *host = self->host;

  g_autofree char *name = _sp_connection_py_name (self);

  sp_call_trace_add (host->trace, self->id, 0, "%s.recv(%u) → b'' (the peer closed)", name, host->read_size);
  _sp_connection_log_note (self, SP_EVENT_KIND_PEER_CLOSED,
            _("recv() returned 0: the peer closed its side of the connection"));
  sp_connection_set_state (self, SP_CONNECTION_STATE_PEER_CLOSED);
  g_clear_pointer (&self->in_source, sp_socket_watch_unref);

  if (self->decoder != NULL)
    {
      g_autoptr(GError) framing_error = NULL;

      if (!sp_frame_decoder_finish (self->decoder, &framing_error))
        sp_connection_host_report_framing_error (host, self, framing_error);
    }

  if (self->relay_partner != NULL)
    _sp_connection_relay_peer_closed (self);
  /* Like the tutorials' loops, close once the peer is done — but only after
   * what we still have to say went out. */
  else if (g_queue_is_empty (&self->send_queue))
    sp_connection_close (self, _("after the peer closed"));
}

static gboolean
read_stream (SpConnection *self)
{
  SpConnectionHost *host = self->host;
  guint n_reads = sp_connection_host_reads_per_dispatch (host);

  for (guint i = 0; i < n_reads; i++)
    {
      g_autoptr(GError) error = NULL;
      /* Read straight into the capture store: the payload is not copied. */
      guint8 *buffer = sp_event_log_reserve_payload (host->events, host->read_size);
      gssize n;

      if (host->echo && self->bytes_queued >= ECHO_MAX_QUEUED)
        {
          /* flush() reads again once the echo has gone out. */
          g_clear_pointer (&self->in_source, sp_socket_watch_unref);
          return G_SOURCE_REMOVE;
        }

      if (_sp_connection_relay_backed_up (self))
        {
          /* The other side's flush() reads again once it is out. */
          g_clear_pointer (&self->in_source, sp_socket_watch_unref);
          return G_SOURCE_REMOVE;
        }

      n = g_socket_receive_with_blocking (self->socket, (char *)buffer, host->read_size,
                                          FALSE, NULL, &error);

      if (n > 0)
        {
          if (!take_received (self, buffer, n))
            return G_SOURCE_REMOVE;
          continue;
        }

      if (n == 0)
        {
          peer_closed (self);
          return G_SOURCE_REMOVE;
        }

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        return G_SOURCE_CONTINUE;

      g_clear_pointer (&self->in_source, sp_socket_watch_unref);
      host->report_error (host, self, "recv", error);
      self->relay_reset = TRUE;
      sp_connection_close (self, _("after a receive error"));
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

static gboolean
readable_cb (GSocket      *socket,
             GIOCondition  condition,
             gpointer      user_data)
{
  SpConnection *self = user_data;
  SpConnectionHost *host = self->host;
  /* Callbacks below may drop the last other reference. */
  G_GNUC_UNUSED g_autoptr(SpConnection) hold = g_object_ref (self);
  G_GNUC_UNUSED g_autoptr(GObject) hold_owner = g_object_ref (host->owner);
  /* A relay sends what it reads on through this one, in the same dispatch. */
  g_autoptr(SpConnection) partner = self->relay_partner ? g_object_ref (self->relay_partner) : NULL;
  gboolean again;

  sp_connection_host_freeze_logs (host);
  sp_connection_hold_notify (self);
  if (partner != NULL)
    sp_connection_hold_notify (partner);
  again = read_stream (self);
  if (partner != NULL)
    sp_connection_release_notify (partner);
  sp_connection_release_notify (self);
  sp_connection_host_thaw_logs (host);

  return again;
}

void
sp_connection_watch (SpConnection *self)
{
  g_return_if_fail (SP_IS_CONNECTION (self));

  /* A datagram socket is read by its endpoint, never as a stream. */
  if (self->is_datagram || self->state != SP_CONNECTION_STATE_OPEN || self->in_source != NULL ||
      self->host == NULL || self->host->paused || self->host->relay_paused[self->relay_side])
    return;

  self->in_source = watch_socket (self, G_IO_IN, readable_cb);
}

/* Writing ------------------------------------------------------------------- */

/* UDP with simulated loss: maybe drops the datagram at the head of the
 * queue before sendto(), saying so. TRUE if it did. */
static gboolean
drop_datagram (SpConnection *self,
               gsize         size)
{
  SpConnectionHost *host = self->host;
  g_autofree char *message = NULL;
  SpEventInit init = {
    .kind = SP_EVENT_KIND_INFO,
    .connection_id = self->id,
    .peer = self->remote_address,
    .peer_interned = TRUE,
    .flags = SP_EVENT_FLAG_SIMULATED,
  };

  if (!self->is_datagram || host->drop_percent == 0 ||
      (guint) g_rand_int_range (host->rand, 0, 100) >= host->drop_percent)
    return FALSE;

  /* Never sent at all: the loss is the app's, clearly said so. */
  message = g_strdup_printf (_("Simulated loss: this %lu-byte datagram was dropped before sendto() (drop %u%% of datagrams)"),
                             (gulong) size, host->drop_percent);
  init.message = message;
  log_event (self, &init);
  consume (self, size);
  return TRUE;
}

static void
trace_send (SpConnection *self,
            const guint8 *data,
            gsize         size,
            gssize        n)
{
  g_autofree char *shown = NULL;
  g_autofree char *name = NULL;

  if (!sp_call_trace_is_recording (self->host->trace))
    return;

  shown = sp_py_bytes (data, size, 32);
  name = _sp_connection_py_name (self);
  if (self->is_datagram && self->remote != NULL)
    {
      g_autofree char *to = sp_py_socket_address (self->remote);

      sp_call_trace_add (self->host->trace, self->id, 0, "sk.sendto(%s, %s) → %ld", shown, to, (long) n);
    }
  else if (self->is_datagram || self->host->send_mode == SP_SEND_MODE_ONCE)
    sp_call_trace_add (self->host->trace, self->id, 0, "%s.send(%s) → %ld", name, shown, (long) n);
  else
    /* As "Copy as Python" writes it; each line is still one send() call,
     * and a partial one or a piece of a bigger message is followed by
     * another for the rest. */
    sp_call_trace_add (self->host->trace, self->id, 0, "%s.sendall(%s)  # send() → %ld",
                       name, shown, (long) n);
}

/* send() once, as the user asked, rather than sendall(); a relay passes
 * on every byte, so it always does sendall(). */
static gboolean
sends_once (SpConnection *self)
{
  return self->host->send_mode == SP_SEND_MODE_ONCE && !self->is_datagram &&
         self->relay_partner == NULL;
}

/* A send call asked for @remaining bytes of @item and took @n of them: one
 * "sent" event. FALSE when the rest has to wait until the socket is
 * writable. */
static gboolean
took (SpConnection *self,
      SendItem     *item,
      gsize         remaining,
      gsize         n)
{
  gsize total = g_bytes_get_size (item->bytes);
  const guint8 *data = (const guint8 *) g_bytes_get_data (item->bytes, NULL) + item->offset;
  g_autoptr(GBytes) taken = g_bytes_new_from_bytes (item->bytes, item->offset, n);
  g_autofree char *note = NULL;
  gsize header_end = item->header_len;
  gsize trailer_start = total - item->trailer_len;
  gboolean once = sends_once (self);
  /* More of this message follows in later calls: what the kernel did not
   * take, or what was not asked for yet (SP_CONNECTION_SEND_PIECE). */
  gboolean continued = !once && !self->is_datagram && item->offset + n < total;
  SpEventInit init = {
    .kind = SP_EVENT_KIND_SENT,
    .direction = SP_DIRECTION_OUT,
    .connection_id = self->id,
    .peer = self->remote_address,
    .peer_interned = TRUE,
    .payload = taken,
    .n_requested = remaining,
    .client_to_server = client_to_server (self, SP_DIRECTION_OUT),
    .stream_offset = self->bytes_sent,
    .call_number = self->send_calls + 1,
    /* Which of the bytes this call took are framing, for marking. */
    .header_len = item->offset < header_end ? MIN (n, header_end - item->offset) : 0,
    .trailer_len = item->offset + n > trailer_start
                   ? item->offset + n - MAX (trailer_start, item->offset) : 0,
    .text_encoding = item->text_encoding,
    .flags = continued ? SP_EVENT_FLAG_CONTINUED : SP_EVENT_FLAG_NONE,
  };

  if (once && n < remaining)
    {
      note = g_strdup_printf (_("send() took %lu of %lu bytes; the other %lu are not sent (send, not sendall)"),
                              (gulong) n, (gulong) remaining, (gulong) (remaining - n));
      init.message = note;
    }

  sp_connection_record_sent (self, data, n);
  trace_send (self, data, remaining, n);
  /* May free @item. */
  consume (self, once ? remaining : n);
  log_event (self, &init);

  if (n < remaining && !once)
    {
      /* The kernel's send buffer is full: wait until it drains. */
      wait_writable (self);
      return FALSE;
    }

  return TRUE;
}

/* One send call for the head of the queue; what the kernel took is taken
 * off @budget. FALSE to stop flushing: the socket has to become writable
 * first, or the connection closed. */
static gboolean
send_head (SpConnection *self,
           SendItem     *item,
           gsize        *budget)
{
  SpConnectionHost *host = self->host;
  g_autoptr(GError) error = NULL;
  const guint8 *data = g_bytes_get_data (item->bytes, NULL);
  gsize remaining = g_bytes_get_size (item->bytes) - item->offset;
  gssize n;

  /* sendall() asks for the rest a piece at a time (a send() of one piece
   * is still one event, with what the kernel took of it); send() once
   * asks for all of it, as the user's program would. Always a whole piece
   * (or the rest), whatever is left of the budget: a row asks for the same
   * however busy the loop is. */
  if (!self->is_datagram && !sends_once (self))
    remaining = MIN (remaining, SP_CONNECTION_SEND_PIECE);

  if (self->is_datagram)
    n = g_socket_send_to (self->socket, self->remote, (const char *)data + item->offset, remaining,
                          NULL, &error);
  else
    n = g_socket_send_with_blocking (self->socket, (const char *)data + item->offset, remaining,
                                     FALSE, NULL, &error);

  if (n >= 0)
    {
      *budget -= MIN ((gsize) n, *budget);
      return took (self, item, remaining, n);
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK) &&
      sends_once (self))
    {
      g_autofree char *message = NULL;
      SpEventInit init = {
        .kind = SP_EVENT_KIND_ERROR,
        .connection_id = self->id,
        .peer = self->remote_address,
        .peer_interned = TRUE,
        .errnum = EAGAIN,
      };

      /* One call, as asked: it took nothing, and nothing is retried. */
      message = g_strdup_printf (_("send() would block (EAGAIN): the send buffer is full, none of the %lu bytes were sent"),
                                 (gulong) remaining);
      init.message = message;
      log_event (self, &init);
      consume (self, remaining);
      return TRUE;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
    {
      wait_writable (self);
      return FALSE;
    }

  host->report_error (host, self, self->is_datagram ? "sendto" : "send", error);

  if (self->is_datagram)
    {
      /* One datagram failed (too large, refused); the socket is fine. */
      consume (self, remaining);
      return TRUE;
    }

  self->relay_reset = TRUE;
  sp_connection_close (self, _("after a send error"));
  return FALSE;
}

/* Makes send calls for the head of the queue until the kernel stops taking
 * bytes; each call is one "sent" event with the count the kernel returned. */
static void
flush (SpConnection *self)
{
  /* Callbacks below may drop the last other reference. */
  G_GNUC_UNUSED g_autoptr(SpConnection) hold = g_object_ref (self);
  /* Calls stop once a piece's worth is sent (at most two pieces). */
  gsize budget = SP_CONNECTION_SEND_PIECE;

  for (guint i = 0; i < SP_CONNECTION_MAX_CALLS_PER_DISPATCH && budget > 0; i++)
    {
      SendItem *item = g_queue_peek_head (&self->send_queue);

      if (item == NULL || self->state == SP_CONNECTION_STATE_CLOSED)
        break;

      if (drop_datagram (self, g_bytes_get_size (item->bytes) - item->offset))
        continue;

      if (!send_head (self, item, &budget))
        return;
    }

  if (!g_queue_is_empty (&self->send_queue))
    {
      /* More to send than one dispatch may do: continue when writable. */
      wait_writable (self);
      return;
    }

  if (self->relay_partner != NULL)
    _sp_connection_relay_drained (self);
  else if (self->state == SP_CONNECTION_STATE_PEER_CLOSED)
    sp_connection_close (self, _("after the peer closed"));
  else if (!self->is_datagram && self->in_source == NULL)
    /* Reading stopped while the echo was backed up (unless paused). */
    sp_connection_watch (self);
}

void
sp_connection_send (SpConnection *self,
                    GBytes       *bytes,
                    guint         header_len,
                    guint         trailer_len,
                    guint         text_encoding)
{
  gboolean idle;

  g_return_if_fail (SP_IS_CONNECTION (self));

  idle = g_queue_is_empty (&self->send_queue);
  enqueue (self, bytes, header_len, trailer_len, text_encoding);
  /* Behind queued bytes, this message waits its turn: order matters. */
  if (idle)
    flush (self);
}

gsize
sp_connection_retract (SpConnection *self,
                       GBytes       *bytes)
{
  gsize taken_back = 0;
  GList *link;

  g_return_val_if_fail (SP_IS_CONNECTION (self), 0);
  g_return_val_if_fail (bytes != NULL, 0);

  link = self->send_queue.head;
  while (link != NULL)
    {
      GList *next = link->next;
      SendItem *item = link->data;

      if (item->bytes == bytes)
        {
          taken_back += g_bytes_get_size (item->bytes) - item->offset;
          send_item_free (item);
          g_queue_delete_link (&self->send_queue, link);
        }
      link = next;
    }

  if (taken_back > 0)
    sp_connection_set_bytes_queued (self, self->bytes_queued - taken_back);

  return taken_back;
}

void
sp_connection_echo (SpConnection *self,
                    const guint8 *data,
                    gsize         len)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_if_fail (SP_IS_CONNECTION (self));

  if (self->host == NULL || !self->host->echo || !self->host->is_server ||
      self->state != SP_CONNECTION_STATE_OPEN)
    return;

  bytes = g_bytes_new (data, len);
  sp_connection_send (self, bytes, 0, 0, 0);
}

/* Closing ------------------------------------------------------------------- */

void
sp_connection_close (SpConnection *self,
                     const char   *why)
{
  /* Callbacks below may drop the last other reference. */
  G_GNUC_UNUSED g_autoptr(SpConnection) hold = g_object_ref (self);
  SpConnectionHost *host = self->host;
  g_autofree char *message = NULL;
  gsize dropped;

  g_return_if_fail (SP_IS_CONNECTION (self));

  if (self->state == SP_CONNECTION_STATE_CLOSED || host == NULL)
    return;

  detach_sources (self);
  dropped = drop_queue (self);

  if (!self->is_datagram && self->socket != NULL)
    {
      g_autofree char *name = _sp_connection_py_name (self);

      sp_call_trace_add (host->trace, self->id, 0, "%s.close()  # fd %d", name, g_socket_get_fd (self->socket));
      g_socket_close (self->socket, NULL);
    }

  sp_connection_set_state (self, SP_CONNECTION_STATE_CLOSED);

  if (self->is_datagram)
    ;
  else if (dropped > 0)
    /* TRANSLATORS: %s is the reason, e.g. "closed by you" */
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "close() — %s; %lu queued byte was never sent",
                                            "close() — %s; %lu queued bytes were never sent",
                                            dropped),
                               why, (gulong) dropped);
  else
    message = g_strdup_printf (_("close() — %s"), why);

  if (message != NULL)
    _sp_connection_log_note (self, SP_EVENT_KIND_CLOSED, message);

  _sp_connection_relay_closed (self);
  host->closed (host, self);
}

void
sp_connection_abandon (SpConnection *self)
{
  g_return_if_fail (SP_IS_CONNECTION (self));

  detach_sources (self);
  if (!self->is_datagram && self->socket != NULL)
    g_socket_close (self->socket, NULL);
  self->host = NULL;
}
