/* sp-endpoint.c: the socket engine behind one pane
 *
 * Every socket here is a non-blocking GSocket driven by GSources in the
 * thread-default main context. The app teaches what the kernel does, so each
 * "received" event is the result of exactly one receive call and each "sent"
 * event of exactly one send call, with the byte count the kernel returned.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <glib/gi18n-lib.h>

#include "sp-clock.h"
#include "sp-connection-private.h"
#include "sp-core-enums.h"
#include "sp-endpoint.h"
#include "sp-errno.h"
#include "sp-framing.h"
#include "sp-net-input.h"
#include "sp-py-format.h"
#include "sp-socket-address.h"

/* A flood must not starve the main loop: a bounded number of calls per
 * dispatch, then the loop gets to redraw and handle input. */
#define MAX_CALLS_PER_DISPATCH 16

/* Small reads are cheap, and each dispatch costs a poll(): up to 64 of
 * them or 1 MiB in all, whichever comes first (16 reads of 64 KiB). */
#define MAX_READS_PER_DISPATCH 64
#define MAX_READ_BYTES_PER_DISPATCH (1024 * 1024)
#define LISTEN_BACKLOG         128
#define ACCEPT_RETRY_MS        500
/* Echo stops reading a connection whose peer does not read the echo back
 * once this much waits to be sent, so memory stays bounded. */
#define ECHO_MAX_QUEUED        (4 * 1024 * 1024)

struct _SpEndpoint
{
  GObject          parent_instance;

  SpEndpointKind   kind;
  char            *host;
  guint            port;
  guint            read_size;
  gboolean         udp_connect;
  gboolean         reuse_address;
  gboolean         no_delay;
  gboolean         paused;
  guint            rcvbuf;
  guint            sndbuf;
  SpSendMode       send_mode;
  SpFramingConfig  framing;
  guint            drop_percent;
  gboolean         echo;
  GRand           *rand;

  SpEndpointState  state;
  guint            bound_port;
  char            *local_address;
  char            *remote_address;
  char            *error_message;

  SpEventLog      *events;
  SpEventLog      *calls;     /* the socket-call trace */
  guint            n_traced;
  GListStore      *connections;
  guint            next_connection_id;

  /* The listening TCP socket, or the UDP socket. */
  GSocket         *socket;
  GSource         *socket_source;
  GCancellable    *cancellable;
  guint            accept_retry_id;
  gboolean         accept_error_reported;

  /* UDP: peers by "addr:port", the SpConnection in @connections. */
  GHashTable      *udp_peers;
  /* Every connection by id, closed ones too: their log entries and streams
   * stay viewable until the log is cleared. */
  GHashTable      *by_id;

};

enum {
  PROP_0,
  PROP_KIND,
  PROP_HOST,
  PROP_PORT,
  PROP_READ_SIZE,
  PROP_UDP_CONNECT,
  PROP_REUSE_ADDRESS,
  PROP_NO_DELAY,
  PROP_PAUSED,
  PROP_RCVBUF,
  PROP_SNDBUF,
  PROP_SEND_MODE,
  PROP_FRAMING,
  PROP_DROP_PERCENT,
  PROP_ECHO,
  PROP_STATE,
  PROP_BOUND_PORT,
  PROP_LOCAL_ADDRESS,
  PROP_REMOTE_ADDRESS,
  PROP_ERROR_MESSAGE,
  PROP_EVENTS,
  PROP_CONNECTIONS,
  PROP_N_CONNECTIONS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SpEndpoint, sp_endpoint, G_TYPE_OBJECT)
G_DEFINE_QUARK (sp-endpoint-error-quark, sp_endpoint_error)

static void close_connection (SpEndpoint   *self,
                              SpConnection *connection,
                              const char   *why);
static void flush_connection (SpEndpoint   *self,
                              SpConnection *connection);
static void framing_changed  (SpEndpoint   *self);
static gboolean udp_readable_cb (GSocket      *socket,
                                 GIOCondition  condition,
                                 gpointer      user_data);

/* Helpers ---------------------------------------------------------------- */

const char *
sp_endpoint_kind_to_string (SpEndpointKind kind)
{
  switch (kind)
    {
    case SP_ENDPOINT_KIND_TCP_SERVER: return _("TCP server");
    case SP_ENDPOINT_KIND_TCP_CLIENT: return _("TCP client");
    case SP_ENDPOINT_KIND_UDP_SERVER: return _("UDP server");
    case SP_ENDPOINT_KIND_UDP_CLIENT: return _("UDP client");
    default: g_return_val_if_reached (NULL);
    }
}

gboolean
sp_endpoint_is_server (SpEndpoint *self)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (self), FALSE);

  return self->kind == SP_ENDPOINT_KIND_TCP_SERVER ||
         self->kind == SP_ENDPOINT_KIND_UDP_SERVER;
}

gboolean
sp_endpoint_is_datagram (SpEndpoint *self)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (self), FALSE);

  return self->kind == SP_ENDPOINT_KIND_UDP_SERVER ||
         self->kind == SP_ENDPOINT_KIND_UDP_CLIENT;
}

static void
set_string_prop (SpEndpoint  *self,
                 char       **field,
                 const char  *value,
                 guint        prop_id)
{
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
set_state (SpEndpoint      *self,
           SpEndpointState  state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_bound_port (SpEndpoint *self,
                guint       port)
{
  if (self->bound_port == port)
    return;

  self->bound_port = port;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BOUND_PORT]);
}

/* Returns the event, owned by the log. */
static SpEvent *
log_event (SpEndpoint        *self,
           SpEventInit       *init)
{
  g_autoptr(SpEvent) event = NULL;

  init->time_us = sp_clock_now ();
  event = sp_event_new (init);
  sp_event_log_append (self->events, event);

  return event;
}

/* The trace is for reading: a flood's millionth recv() adds nothing to it
 * but memory and time. Past this many calls it says so once and stops. */
#define MAX_TRACED_CALLS 100000

static gboolean
tracing (SpEndpoint *self)
{
  return self->n_traced < MAX_TRACED_CALLS;
}

static guint
reads_per_dispatch (SpEndpoint *self)
{
  return CLAMP (MAX_READ_BYTES_PER_DISPATCH / MAX (self->read_size, 1),
                MAX_CALLS_PER_DISPATCH, MAX_READS_PER_DISPATCH);
}

/* Appends a call to the trace, counted here (the log's own count lags
 * while it is frozen); the last one says the trace stops instead. */
static void
append_call (SpEndpoint  *self,
             SpEventInit *init)
{
  g_autofree char *stops = NULL;
  g_autoptr(SpEvent) event = NULL;

  if (++self->n_traced == MAX_TRACED_CALLS)
    {
      stops = g_strdup_printf (_("… the trace stops after %u calls; the log still lists every event"),
                               MAX_TRACED_CALLS - 1);
      init->message = stops;
      init->call_form = SP_CALL_FORM_NONE;
      init->subject = NULL;
    }

  event = sp_event_new (init);
  sp_event_log_append (self->calls, event);
}

/* One line of the socket-call trace, in the tutorials' Python notation. */
static void G_GNUC_PRINTF (4, 5)
log_call (SpEndpoint   *self,
          SpConnection *connection,
          int           errnum,
          const char   *format,
          ...)
{
  g_autofree char *text = NULL;
  va_list args;
  SpEventInit init = {
    .kind = SP_EVENT_KIND_CALL,
    .connection_id = connection ? connection->id : 0,
    .errnum = errnum,
  };

  if (!tracing (self))
    return;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  init.time_us = sp_clock_now ();
  init.message = text;
  append_call (self, &init);
}

/* The trace's line for a read: written from @received when shown. */
static void
log_read_call (SpEndpoint   *self,
               SpConnection *connection,
               SpCallForm    form,
               SpEvent      *received)
{
  SpEventInit init = {
    .kind = SP_EVENT_KIND_CALL,
    .connection_id = connection ? connection->id : 0,
    .call_form = form,
    .subject = received,
    .n_requested = self->read_size,
    .time_us = sp_event_get_time_us (received),
  };

  append_call (self, &init);
}

static void
log_simple (SpEndpoint   *self,
            SpEventKind   kind,
            SpConnection *connection,
            const char   *peer,
            const char   *message)
{
  SpEventInit init = {
    .kind = kind,
    .connection_id = connection ? connection->id : 0,
    .peer = peer ? peer : (connection ? connection->remote_address : NULL),
    .message = message,
  };

  log_event (self, &init);
}

static gboolean
data_goes_to_server (SpEndpoint  *self,
                     SpDirection  direction)
{
  gboolean server = sp_endpoint_is_server (self);

  return (direction == SP_DIRECTION_OUT) != server;
}

/* Turns a GIO error from @call into a specific, translated sentence with the
 * errno name, logs it, and returns the errno. */
static int
report_error (SpEndpoint   *self,
              SpConnection *connection,
              const char   *call,
              const char   *address,
              const GError *error,
              gboolean      fatal)
{
  int errnum = sp_errno_from_error (error);
  const char *name = sp_errno_name (errnum);
  g_autofree char *message = sp_errno_describe (error, call, address, self->host, self->port);

  {
    SpEventInit init = {
      .kind = SP_EVENT_KIND_ERROR,
      .connection_id = connection ? connection->id : 0,
      .peer = connection ? connection->remote_address : NULL,
      .message = message,
      .errnum = errnum,
    };

    log_event (self, &init);
  }

  if (name != NULL)
    log_call (self, connection, errnum, "%s(%s) → error %s (%s)", call,
              address ? address : "", name, g_strerror (errnum));
  else
    log_call (self, connection, 0, "%s(%s) → error: %s", call, address ? address : "", error->message);

  if (fatal || connection == NULL)
    set_string_prop (self, &self->error_message, message, PROP_ERROR_MESSAGE);

  return errnum;
}

/* Reads back what the kernel bound @socket to (port 0 becomes a real port). */
static void
take_local_address (SpEndpoint *self,
                    GSocket    *socket)
{
  g_autoptr(GSocketAddress) local = g_socket_get_local_address (socket, NULL);
  g_autofree char *text = local ? sp_format_socket_address (local) : NULL;

  set_string_prop (self, &self->local_address, text, PROP_LOCAL_ADDRESS);
  if (G_IS_INET_SOCKET_ADDRESS (local))
    set_bound_port (self, g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local)));
}

/* Connections ----------------------------------------------------------- */

static void
add_connection (SpEndpoint   *self,
                SpConnection *connection)
{
  g_hash_table_insert (self->by_id, GUINT_TO_POINTER (connection->id), g_object_ref (connection));
  g_list_store_append (self->connections, connection);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_CONNECTIONS]);
}

static void
remove_connection (SpEndpoint   *self,
                   SpConnection *connection)
{
  guint position;

  if (g_list_store_find (self->connections, connection, &position))
    {
      g_list_store_remove (self->connections, position);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_CONNECTIONS]);
    }
}

static void
finish_stop (SpEndpoint *self)
{
  if (self->accept_retry_id != 0)
    {
      g_source_remove (self->accept_retry_id);
      self->accept_retry_id = 0;
    }

  if (self->socket_source != NULL)
    {
      g_source_destroy (self->socket_source);
      g_clear_pointer (&self->socket_source, g_source_unref);
    }

  if (self->socket != NULL)
    {
      log_call (self, NULL, 0, "sk.close()  # fd %d", g_socket_get_fd (self->socket));
      g_socket_close (self->socket, NULL);
      g_clear_object (&self->socket);
    }

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_hash_table_remove_all (self->udp_peers);

  set_bound_port (self, 0);
  set_string_prop (self, &self->local_address, NULL, PROP_LOCAL_ADDRESS);
  set_string_prop (self, &self->remote_address, NULL, PROP_REMOTE_ADDRESS);
  set_state (self, SP_ENDPOINT_STATE_STOPPED);
}

/* Closes our side of @connection and forgets it. */
static void
close_connection (SpEndpoint   *self,
                  SpConnection *connection,
                  const char   *why)
{
  /* Callbacks below may drop the last other reference. */
  G_GNUC_UNUSED g_autoptr(SpConnection) hold = g_object_ref (connection);
  g_autofree char *message = NULL;
  gsize dropped;

  if (connection->state == SP_CONNECTION_STATE_CLOSED)
    return;

  sp_connection_detach_sources (connection);
  dropped = sp_connection_drop_queue (connection);

  if (!connection->is_datagram && connection->socket != NULL)
    {
      log_call (self, connection, 0, "conn.close()  # fd %d", g_socket_get_fd (connection->socket));
      g_socket_close (connection->socket, NULL);
    }

  sp_connection_set_state (connection, SP_CONNECTION_STATE_CLOSED);

  if (connection->is_datagram)
    {
      if (connection->remote_address != NULL)
        g_hash_table_remove (self->udp_peers, connection->remote_address);
    }
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
    log_simple (self, SP_EVENT_KIND_CLOSED, connection, NULL, message);

  remove_connection (self, connection);

  /* A TCP client is its one connection: when that ends, so does the client. */
  if (self->kind == SP_ENDPOINT_KIND_TCP_CLIENT && self->state != SP_ENDPOINT_STATE_STOPPED)
    finish_stop (self);
}

static void
report_framing_error (SpEndpoint   *self,
                      SpConnection *connection,
                      const GError *error)
{
  SpEventInit init = {
    .kind = SP_EVENT_KIND_ERROR,
    .connection_id = connection ? connection->id : 0,
    .peer = connection ? connection->remote_address : NULL,
    .message = error->message,
    .flags = SP_EVENT_FLAG_FRAMING_ERROR,
  };

  log_event (self, &init);
}

static void
log_frames (SpEndpoint   *self,
            SpConnection *connection,
            const char   *peer,
            GPtrArray    *frames)
{
  for (guint i = 0; i < frames->len; i++)
    {
      SpFrame *frame = g_ptr_array_index (frames, i);
      SpEventInit init = {
        .kind = SP_EVENT_KIND_MESSAGE,
        .direction = SP_DIRECTION_IN,
        .connection_id = connection ? connection->id : 0,
        .peer = peer,
        .payload = frame->payload,
        .client_to_server = data_goes_to_server (self, SP_DIRECTION_IN),
        .stream_offset = frame->stream_offset,
      };

      log_event (self, &init);
    }
}

/* Runs the connection's framing decoder over newly received bytes and logs
 * the messages it completes. A framing error cannot be recovered from (where
 * the next frame starts is unknown), so the connection is closed. */
static gboolean
decode_stream (SpEndpoint   *self,
               SpConnection *connection,
               const guint8 *data,
               gsize         len)
{
  g_autoptr(GPtrArray) frames = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (connection->decoder == NULL)
    return TRUE;

  frames = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_frame_free);
  ok = sp_frame_decoder_feed (connection->decoder, data, len, frames, &error);
  log_frames (self, connection, connection->remote_address, frames);
  framing_changed (self);

  if (!ok)
    {
      report_framing_error (self, connection, error);
      g_clear_pointer (&connection->in_source, g_source_unref);
      close_connection (self, connection, _("after a framing error"));
      return FALSE;
    }

  return TRUE;
}

/* Echo: the received chunk goes back to where it came from through the
 * normal send path, so every send() is logged like any other. */
static void
echo_chunk (SpEndpoint   *self,
            SpConnection *connection,
            const guint8 *data,
            gsize         len)
{
  g_autoptr(GBytes) bytes = NULL;
  gboolean idle;

  if (!self->echo || !sp_endpoint_is_server (self) || connection == NULL ||
      connection->state != SP_CONNECTION_STATE_OPEN)
    return;

  bytes = g_bytes_new (data, len);
  idle = g_queue_is_empty (&connection->send_queue);
  sp_connection_enqueue (connection, bytes, 0, 0);
  if (idle)
    flush_connection (self, connection);
}

static gboolean
read_connection (SpEndpoint   *self,
                 SpConnection *connection,
                 GSocket      *socket)
{
  guint n_reads = reads_per_dispatch (self);

  for (guint i = 0; i < n_reads; i++)
    {
      g_autoptr(GError) error = NULL;
      /* Read straight into the capture store: the payload is not copied. */
      guint8 *buffer = sp_event_log_reserve_payload (self->events, self->read_size);
      gssize n;

      if (self->echo && connection->bytes_queued >= ECHO_MAX_QUEUED)
        {
          /* flush_connection() reads again once the echo has gone out. */
          g_clear_pointer (&connection->in_source, g_source_unref);
          return G_SOURCE_REMOVE;
        }

      n = g_socket_receive_with_blocking (socket, (char *)buffer, self->read_size,
                                          FALSE, NULL, &error);

      if (n > 0)
        {
          g_autoptr(GBytes) payload = sp_event_log_commit_payload (self->events, self->read_size, n);
          SpEvent *received;
          SpEventInit init = {
            .kind = SP_EVENT_KIND_RECEIVED,
            .direction = SP_DIRECTION_IN,
            .connection_id = connection->id,
            .peer = connection->remote_address,
            .payload = payload,
            .client_to_server = data_goes_to_server (self, SP_DIRECTION_IN),
            .stream_offset = connection->bytes_received,
            .call_number = connection->recv_calls + 1,
          };

          /* A large read's buffer may have moved when it was trimmed. */
          buffer = (guint8 *) g_bytes_get_data (payload, NULL);
          sp_connection_record_received (connection, buffer, n);
          received = log_event (self, &init);
          if (tracing (self))
            log_read_call (self, connection, SP_CALL_FORM_RECV, received);

          echo_chunk (self, connection, buffer, n);
          if (connection->state == SP_CONNECTION_STATE_CLOSED)
            return G_SOURCE_REMOVE;

          if (!decode_stream (self, connection, buffer, n))
            return G_SOURCE_REMOVE;
          continue;
        }

      if (n == 0)
        {
          log_call (self, connection, 0, "conn.recv(%u) → b'' (the peer closed)", self->read_size);
          log_simple (self, SP_EVENT_KIND_PEER_CLOSED, connection, NULL,
                      _("recv() returned 0: the peer closed its side of the connection"));
          sp_connection_set_state (connection, SP_CONNECTION_STATE_PEER_CLOSED);
          g_clear_pointer (&connection->in_source, g_source_unref);

          if (connection->decoder != NULL)
            {
              g_autoptr(GError) framing_error = NULL;

              if (!sp_frame_decoder_finish (connection->decoder, &framing_error))
                report_framing_error (self, connection, framing_error);
            }

          /* Like the seeds' loops, close once the peer is done — but only
           * after what we still have to say went out. */
          if (g_queue_is_empty (&connection->send_queue))
            close_connection (self, connection, _("after the peer closed"));

          return G_SOURCE_REMOVE;
        }

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        return G_SOURCE_CONTINUE;

      g_clear_pointer (&connection->in_source, g_source_unref);
      report_error (self, connection, "recv", connection->remote_address, error, FALSE);
      close_connection (self, connection, _("after a receive error"));
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

/* A burst of calls is announced to the logs' watchers once, at the end:
 * per event, the signals would cost more than the recv() itself. */
static void
freeze_logs (SpEndpoint *self)
{
  sp_event_log_freeze (self->events);
  sp_event_log_freeze (self->calls);
}

static void
thaw_logs (SpEndpoint *self)
{
  /* NULL if a handler ran the endpoint's dispose meanwhile. */
  if (self->events != NULL)
    sp_event_log_thaw (self->events);
  if (self->calls != NULL)
    sp_event_log_thaw (self->calls);
}

static gboolean
connection_readable_cb (GSocket      *socket,
                        GIOCondition  condition,
                        gpointer      user_data)
{
  SpConnection *connection = user_data;
  SpEndpoint *self = g_object_get_data (G_OBJECT (connection), "sp-endpoint");
  /* Callbacks below may drop the last other reference. */
  G_GNUC_UNUSED g_autoptr(SpConnection) hold = g_object_ref (connection);
  G_GNUC_UNUSED g_autoptr(SpEndpoint) hold_self = g_object_ref (self);
  gboolean again;

  freeze_logs (self);
  again = read_connection (self, connection, socket);
  thaw_logs (self);

  return again;
}

static void
watch_connection (SpEndpoint   *self,
                  SpConnection *connection)
{
  g_object_set_data (G_OBJECT (connection), "sp-endpoint", self);

  if (self->paused || connection->in_source != NULL ||
      connection->state != SP_CONNECTION_STATE_OPEN)
    return;

  connection->in_source = g_socket_create_source (connection->socket,
                                                  G_IO_IN | G_IO_HUP | G_IO_ERR, NULL);
  g_source_set_callback (connection->in_source, G_SOURCE_FUNC (connection_readable_cb),
                         connection, NULL);
  g_source_set_priority (connection->in_source, SP_ENDPOINT_IO_PRIORITY);
  g_source_attach (connection->in_source, NULL);
}

static gboolean
connection_writable_cb (GSocket      *socket,
                        GIOCondition  condition,
                        gpointer      user_data)
{
  SpConnection *connection = user_data;
  SpEndpoint *self = g_object_get_data (G_OBJECT (connection), "sp-endpoint");

  G_GNUC_UNUSED g_autoptr(SpEndpoint) hold = g_object_ref (self);

  g_clear_pointer (&connection->out_source, g_source_unref);
  freeze_logs (self);
  flush_connection (self, connection);
  thaw_logs (self);

  return G_SOURCE_REMOVE;
}

static void
wait_writable (SpEndpoint   *self,
               SpConnection *connection)
{
  if (connection->out_source != NULL)
    return;

  g_object_set_data (G_OBJECT (connection), "sp-endpoint", self);
  connection->out_source = g_socket_create_source (connection->socket,
                                                   G_IO_OUT | G_IO_HUP | G_IO_ERR, NULL);
  g_source_set_callback (connection->out_source, G_SOURCE_FUNC (connection_writable_cb),
                         connection, NULL);
  g_source_set_priority (connection->out_source, SP_ENDPOINT_IO_PRIORITY);
  g_source_attach (connection->out_source, NULL);
}

/* Makes send calls for the head of the queue until the kernel stops taking
 * bytes; each call is one "sent" event with the count the kernel returned. */
static void
flush_connection (SpEndpoint   *self,
                  SpConnection *connection)
{
  /* Callbacks below may drop the last other reference. */
  G_GNUC_UNUSED g_autoptr(SpConnection) hold = g_object_ref (connection);

  for (guint i = 0; i < MAX_CALLS_PER_DISPATCH; i++)
    {
      g_autoptr(GError) error = NULL;
      SpSendItem *item = g_queue_peek_head (&connection->send_queue);
      gsize total, remaining;
      const guint8 *data;
      gssize n;

      if (item == NULL || connection->state == SP_CONNECTION_STATE_CLOSED)
        break;

      data = g_bytes_get_data (item->bytes, &total);
      remaining = total - item->offset;

      if (connection->is_datagram && self->drop_percent > 0 &&
          (guint) g_rand_int_range (self->rand, 0, 100) < self->drop_percent)
        {
          g_autofree char *message = NULL;
          SpEventInit init = {
            .kind = SP_EVENT_KIND_INFO,
            .connection_id = connection->id,
            .peer = connection->remote_address,
            .flags = SP_EVENT_FLAG_SIMULATED,
          };

          /* Never sent at all: the loss is the app's, clearly said so. */
          message = g_strdup_printf (_("Simulated loss: this %lu-byte datagram was dropped before sendto() (drop %u%% of datagrams)"),
                                     (gulong) remaining, self->drop_percent);
          init.message = message;
          log_event (self, &init);
          sp_connection_consume (connection, remaining);
          continue;
        }

      if (connection->is_datagram)
        n = g_socket_send_to (connection->socket, connection->remote,
                              (const char *)data + item->offset, remaining,
                              NULL, &error);
      else
        n = g_socket_send_with_blocking (connection->socket,
                                         (const char *)data + item->offset, remaining,
                                         FALSE, NULL, &error);

      if (n >= 0)
        {
          g_autoptr(GBytes) taken = g_bytes_new_from_bytes (item->bytes, item->offset, n);
          g_autofree char *note = NULL;
          gsize header_end = item->header_len;
          gsize trailer_start = total - item->trailer_len;
          gboolean once = self->send_mode == SP_SEND_MODE_ONCE && !connection->is_datagram;
          SpEventInit init = {
            .kind = SP_EVENT_KIND_SENT,
            .direction = SP_DIRECTION_OUT,
            .connection_id = connection->id,
            .peer = connection->remote_address,
            .payload = taken,
            .n_requested = remaining,
            .client_to_server = data_goes_to_server (self, SP_DIRECTION_OUT),
            .stream_offset = connection->bytes_sent,
            .call_number = connection->send_calls + 1,
            /* Which of the bytes this call took are framing, for marking. */
            .header_len = item->offset < header_end ? MIN ((gsize) n, header_end - item->offset) : 0,
            .trailer_len = item->offset + n > trailer_start
                           ? item->offset + n - MAX (trailer_start, item->offset) : 0,
          };

          if (once && (gsize) n < remaining)
            {
              note = g_strdup_printf (_("send() took %lu of %lu bytes; the other %lu are not sent (send, not sendall)"),
                                      (gulong) n, (gulong) remaining, (gulong) (remaining - n));
              init.message = note;
            }

          sp_connection_record_sent (connection, data + item->offset, n);
          if (tracing (self))
            {
              g_autofree char *shown = sp_py_bytes (data + item->offset, remaining, 32);

              if (connection->is_datagram && connection->remote != NULL)
                {
                  g_autofree char *to = sp_py_socket_address (connection->remote);

                  log_call (self, connection, 0, "sk.sendto(%s, %s) → %ld", shown, to, (long) n);
                }
              else
                log_call (self, connection, 0, "%s.send(%s) → %ld", connection->is_datagram ? "sk" : "conn",
                          shown, (long) n);
            }
          sp_connection_consume (connection, once ? remaining : (gsize) n);
          log_event (self, &init);

          if ((gsize)n < remaining && !once)
            {
              /* The kernel's send buffer is full: wait until it drains. */
              wait_writable (self, connection);
              return;
            }

          continue;
        }

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK) &&
          self->send_mode == SP_SEND_MODE_ONCE && !connection->is_datagram)
        {
          g_autofree char *message = NULL;

          /* One call, as asked: it took nothing, and nothing is retried. */
          message = g_strdup_printf (_("send() would block (EAGAIN): the send buffer is full, none of the %lu bytes were sent"),
                                     (gulong) remaining);
          {
            SpEventInit init = {
              .kind = SP_EVENT_KIND_ERROR,
              .connection_id = connection->id,
              .peer = connection->remote_address,
              .message = message,
              .errnum = EAGAIN,
            };

            log_event (self, &init);
          }
          sp_connection_consume (connection, remaining);
          continue;
        }

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        {
          wait_writable (self, connection);
          return;
        }

      report_error (self, connection, connection->is_datagram ? "sendto" : "send",
                    connection->remote_address, error, FALSE);

      if (connection->is_datagram)
        {
          /* One datagram failed (too large, refused); the socket is fine. */
          sp_connection_consume (connection, remaining);
          continue;
        }

      close_connection (self, connection, _("after a send error"));
      return;
    }

  if (!g_queue_is_empty (&connection->send_queue))
    {
      /* More to send than one dispatch may do: continue when writable. */
      wait_writable (self, connection);
      return;
    }

  if (connection->state == SP_CONNECTION_STATE_PEER_CLOSED)
    close_connection (self, connection, _("after the peer closed"));
  else if (!connection->is_datagram && connection->in_source == NULL)
    /* Reading stopped while the echo was backed up (unless paused). */
    watch_connection (self, connection);
}

/* Socket options ---------------------------------------------------------- */

static void
set_buffer_size (SpEndpoint *self,
                 GSocket    *socket,
                 int         option,
                 const char *name,
                 guint       size,
                 gboolean    report)
{
  g_autoptr(GError) error = NULL;
  int effective = 0;

  if (size == 0)
    return;

  if (!g_socket_set_option (socket, SOL_SOCKET, option, size, &error))
    {
      report_error (self, NULL, "setsockopt", name, error, FALSE);
      return;
    }
  log_call (self, NULL, 0, "setsockopt(SOL_SOCKET, %s, %u)", name, size);

  if (report && g_socket_get_option (socket, SOL_SOCKET, option, &effective, NULL))
    {
      g_autofree char *message = NULL;

      /* Linux doubles the value for its own bookkeeping; show what it did. */
      message = g_strdup_printf (_("setsockopt(%s, %u): the kernel uses %d bytes"),
                                 name, size, effective);
      log_simple (self, SP_EVENT_KIND_INFO, NULL, NULL, message);
    }
}

/* Buffer sizes go on before bind()/listen()/connect(), where they matter
 * (the receive buffer sets the TCP window offered in the handshake). */
static void
apply_buffer_sizes (SpEndpoint *self,
                    GSocket    *socket,
                    gboolean    report)
{
  set_buffer_size (self, socket, SO_RCVBUF, "SO_RCVBUF", self->rcvbuf, report);
  set_buffer_size (self, socket, SO_SNDBUF, "SO_SNDBUF", self->sndbuf, report);
}

static void
apply_no_delay (SpEndpoint *self,
                GSocket    *socket)
{
  if (g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, self->no_delay, NULL) && self->no_delay)
    log_call (self, NULL, 0, "conn.setsockopt(IPPROTO_TCP, TCP_NODELAY, 1)");
}

static void
framing_changed (SpEndpoint *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRAMING]);
}

/* Everything a new connection needs before its first byte. */
static void
setup_connection (SpEndpoint   *self,
                  SpConnection *connection)
{
  if (self->framing.mode != SP_FRAMING_OFF && !connection->is_datagram)
    connection->decoder = sp_frame_decoder_new (&self->framing);

  if (!connection->is_datagram)
    {
      apply_no_delay (self, connection->socket);
      sp_connection_register (connection);
    }
}

/* TCP server ------------------------------------------------------------- */

static gboolean listener_ready_cb (GSocket      *socket,
                                   GIOCondition  condition,
                                   gpointer      user_data);

static void
watch_socket (SpEndpoint *self,
              GSourceFunc callback)
{
  if (self->socket_source != NULL || (self->paused && sp_endpoint_is_datagram (self)))
    return;

  self->socket_source = g_socket_create_source (self->socket, G_IO_IN, NULL);
  g_source_set_callback (self->socket_source, callback, self, NULL);
  /* A UDP socket's datagrams can flood; accept() is the connection's first
   * step and keeps its turn ahead of the connections' reads. */
  if (sp_endpoint_is_datagram (self))
    g_source_set_priority (self->socket_source, SP_ENDPOINT_IO_PRIORITY);
  g_source_attach (self->socket_source, NULL);
}

static gboolean
accept_retry_cb (gpointer user_data)
{
  SpEndpoint *self = user_data;

  self->accept_retry_id = 0;
  if (self->socket != NULL && self->socket_source == NULL)
    watch_socket (self, G_SOURCE_FUNC (listener_ready_cb));

  return G_SOURCE_REMOVE;
}

static gboolean
listener_ready_cb (GSocket      *socket,
                   GIOCondition  condition,
                   gpointer      user_data)
{
  SpEndpoint *self = user_data;

  for (guint i = 0; i < MAX_CALLS_PER_DISPATCH; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSocket) accepted = NULL;
      g_autoptr(SpConnection) connection = NULL;
      g_autofree char *local = NULL;
      g_autofree char *remote = NULL;
      g_autofree char *message = NULL;

      accepted = g_socket_accept (socket, NULL, &error);

      if (accepted == NULL)
        {
          int errnum;

          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            return G_SOURCE_CONTINUE;

          errnum = sp_errno_from_error (error);

          /* Out of descriptors: say so once, stop polling the listener for a
           * while (it would stay readable and spin), keep the open ones. */
          if ((errnum == EMFILE || errnum == ENFILE) && self->accept_error_reported)
            ;
          else
            report_error (self, NULL, "accept", self->local_address, error, FALSE);

          if (errnum == EMFILE || errnum == ENFILE)
            self->accept_error_reported = TRUE;

          g_clear_pointer (&self->socket_source, g_source_unref);
          self->accept_retry_id = g_timeout_add (ACCEPT_RETRY_MS, accept_retry_cb, self);
          return G_SOURCE_REMOVE;
        }

      self->accept_error_reported = FALSE;
      g_socket_set_blocking (accepted, FALSE);
      local = sp_format_local_address (accepted);
      remote = sp_format_remote_address (accepted);
      connection = sp_connection_new (++self->next_connection_id, accepted, FALSE,
                                      local, remote);

      message = g_strdup_printf (_("accept() returned connection #%u: %s ↔ %s"),
                                 connection->id, local, remote);
      setup_connection (self, connection);
      {
        g_autofree char *from = sp_py_remote_address (accepted);

        log_call (self, connection, 0, "accept() → (conn fd %d, %s)", g_socket_get_fd (accepted), from);
      }
      log_simple (self, SP_EVENT_KIND_ACCEPTED, connection, NULL, message);
      add_connection (self, connection);
      watch_connection (self, connection);
    }

  return G_SOURCE_CONTINUE;
}

static GSocket *
open_bound_socket (SpEndpoint         *self,
                   GInetSocketAddress *address,
                   GSocketType         type,
                   GError            **error)
{
  GSocketFamily family = g_socket_address_get_family (G_SOCKET_ADDRESS (address));
  GSocketProtocol protocol = type == G_SOCKET_TYPE_STREAM ? G_SOCKET_PROTOCOL_TCP
                                                           : G_SOCKET_PROTOCOL_UDP;
  g_autoptr(GSocket) socket = NULL;
  gboolean reuse;

  socket = g_socket_new (family, type, protocol, error);
  if (socket == NULL)
    return NULL;

  log_call (self, NULL, 0, "socket(%s, %s) → fd %d", sp_py_family (socket),
            type == G_SOCKET_TYPE_STREAM ? "SOCK_STREAM" : "SOCK_DGRAM",
            g_socket_get_fd (socket));
  g_socket_set_blocking (socket, FALSE);
  apply_buffer_sizes (self, socket, TRUE);

  /* GLib turns allow_reuse into SO_REUSEPORT for datagram sockets, which
   * would let two UDP servers share a port; the course wants EADDRINUSE. */
  reuse = type == G_SOCKET_TYPE_STREAM && self->reuse_address;

  if (reuse)
    log_call (self, NULL, 0, "setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)");

  if (!g_socket_bind (socket, G_SOCKET_ADDRESS (address), reuse, error))
    return NULL;

  {
    g_autofree char *where = sp_py_socket_address (G_SOCKET_ADDRESS (address));

    log_call (self, NULL, 0, "bind(%s)", where);
  }

  return g_steal_pointer (&socket);
}

static void
start_tcp_server (SpEndpoint         *self,
                  GInetSocketAddress *address)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *wanted = sp_format_socket_address (G_SOCKET_ADDRESS (address));
  g_autofree char *message = NULL;

  self->socket = open_bound_socket (self, address, G_SOCKET_TYPE_STREAM, &error);
  if (self->socket == NULL)
    {
      report_error (self, NULL, "bind", wanted, error, TRUE);
      finish_stop (self);
      return;
    }

  g_socket_set_listen_backlog (self->socket, LISTEN_BACKLOG);
  if (!g_socket_listen (self->socket, &error))
    {
      report_error (self, NULL, "listen", wanted, error, TRUE);
      finish_stop (self);
      return;
    }

  take_local_address (self, self->socket);
  log_call (self, NULL, 0, "listen(%d)", LISTEN_BACKLOG);

  message = g_strdup_printf (_("listen() — waiting for clients on %s"), self->local_address);
  log_simple (self, SP_EVENT_KIND_LISTENING, NULL, NULL, message);

  watch_socket (self, G_SOURCE_FUNC (listener_ready_cb));
  set_state (self, SP_ENDPOINT_STATE_RUNNING);
}

/* UDP --------------------------------------------------------------------- */

static SpConnection *
udp_peer_for (SpEndpoint     *self,
              GSocketAddress *address,
              const char     *address_string)
{
  SpConnection *connection = g_hash_table_lookup (self->udp_peers, address_string);

  if (connection == NULL)
    {
      g_autoptr(SpConnection) created = NULL;

      created = sp_connection_new (++self->next_connection_id, self->socket, TRUE,
                                   self->local_address, address_string);
      created->remote = g_object_ref (address);
      g_object_set_data (G_OBJECT (created), "sp-endpoint", self);
      /* The store owns peers; the table only finds them. */
      add_connection (self, created);
      g_hash_table_insert (self->udp_peers, g_strdup (address_string), created);
      connection = created;
    }

  return connection;
}

static gboolean
read_datagrams (SpEndpoint *self,
                GSocket    *socket)
{
  guint n_reads = reads_per_dispatch (self);

  for (guint i = 0; i < n_reads; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSocketAddress) from = NULL;
      g_autofree char *from_string = NULL;
      GInputVector vector = { sp_event_log_reserve_payload (self->events, self->read_size), self->read_size };
      SpConnection *connection = NULL;
      int flags = 0;
      gssize n;

      n = g_socket_receive_message (socket, &from, &vector, 1, NULL, NULL, &flags,
                                    NULL, &error);

      if (n < 0)
        {
          SpConnection *target = NULL;

          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            return G_SOURCE_CONTINUE;

          if (self->kind == SP_ENDPOINT_KIND_UDP_CLIENT &&
              g_list_model_get_n_items (G_LIST_MODEL (self->connections)) > 0)
            target = g_list_model_get_item (G_LIST_MODEL (self->connections), 0);

          /* An ICMP error on a connect()ed UDP socket shows up here; the
           * socket itself stays usable. */
          report_error (self, target, "recvfrom",
                        target ? target->remote_address : self->remote_address,
                        error, FALSE);
          g_clear_object (&target);
          continue;
        }

      from_string = from ? sp_format_socket_address (from) : g_strdup (self->remote_address);

      if (self->kind == SP_ENDPOINT_KIND_UDP_SERVER && from != NULL)
        connection = udp_peer_for (self, from, from_string);
      else if (self->kind == SP_ENDPOINT_KIND_UDP_CLIENT)
        connection = g_hash_table_lookup (self->udp_peers, from_string);

      {
        g_autoptr(GBytes) payload = n > 0 ? sp_event_log_commit_payload (self->events, self->read_size, n)
                                          : g_bytes_new (NULL, 0);
        SpEvent *received;
        SpEventInit init = {
          .kind = SP_EVENT_KIND_RECEIVED,
          .direction = SP_DIRECTION_IN,
          .connection_id = connection ? connection->id : 0,
          .peer = from_string,
          .payload = payload,
          .client_to_server = data_goes_to_server (self, SP_DIRECTION_IN),
          .truncated = (flags & MSG_TRUNC) != 0,
        };

        if (n > 0)
          vector.buffer = (gpointer) g_bytes_get_data (payload, NULL);
        if (connection != NULL)
          sp_connection_add_bytes_received (connection, n);
        received = log_event (self, &init);
        echo_chunk (self, connection, vector.buffer, n);
        if (tracing (self))
          log_read_call (self, connection, SP_CALL_FORM_RECVFROM, received);

        /* A datagram is a message by nature; framing applies inside it. */
        if (self->framing.mode != SP_FRAMING_OFF)
          {
            g_autoptr(SpFrameDecoder) decoder = sp_frame_decoder_new (&self->framing);
            g_autoptr(GPtrArray) frames = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_frame_free);
            g_autoptr(GError) framing_error = NULL;

            if (sp_frame_decoder_feed (decoder, vector.buffer, n, frames, &framing_error))
              sp_frame_decoder_finish (decoder, &framing_error);
            log_frames (self, connection, from_string, frames);
            if (framing_error != NULL)
              report_framing_error (self, connection, framing_error);
          }
      }
    }

  return G_SOURCE_CONTINUE;
}

static gboolean
udp_readable_cb (GSocket      *socket,
                 GIOCondition  condition,
                 gpointer      user_data)
{
  SpEndpoint *self = user_data;
  G_GNUC_UNUSED g_autoptr(SpEndpoint) hold = g_object_ref (self);
  gboolean again;

  freeze_logs (self);
  again = read_datagrams (self, socket);
  thaw_logs (self);

  return again;
}

static void
start_udp_server (SpEndpoint         *self,
                  GInetSocketAddress *address)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *wanted = sp_format_socket_address (G_SOCKET_ADDRESS (address));
  g_autofree char *message = NULL;

  self->socket = open_bound_socket (self, address, G_SOCKET_TYPE_DATAGRAM, &error);
  if (self->socket == NULL)
    {
      report_error (self, NULL, "bind", wanted, error, TRUE);
      finish_stop (self);
      return;
    }

  take_local_address (self, self->socket);

  message = g_strdup_printf (_("bind() — waiting for datagrams on %s"), self->local_address);
  log_simple (self, SP_EVENT_KIND_LISTENING, NULL, NULL, message);

  watch_socket (self, G_SOURCE_FUNC (udp_readable_cb));
  set_state (self, SP_ENDPOINT_STATE_RUNNING);
}

static void
start_udp_client (SpEndpoint         *self,
                  GInetSocketAddress *target)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) any = NULL;
  g_autoptr(GSocketAddress) any_address = NULL;
  g_autofree char *target_string = sp_format_socket_address (G_SOCKET_ADDRESS (target));
  g_autofree char *message = NULL;
  GSocketFamily family = g_socket_address_get_family (G_SOCKET_ADDRESS (target));
  SpConnection *connection;

  socket = g_socket_new (family, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP, &error);
  if (socket == NULL)
    {
      report_error (self, NULL, "socket", target_string, error, TRUE);
      finish_stop (self);
      return;
    }

  log_call (self, NULL, 0, "socket(%s, SOCK_DGRAM) → fd %d", sp_py_family (socket),
            g_socket_get_fd (socket));
  g_socket_set_blocking (socket, FALSE);
  apply_buffer_sizes (self, socket, TRUE);

  if (self->udp_connect)
    {
      if (!g_socket_connect (socket, G_SOCKET_ADDRESS (target), NULL, &error))
        {
          report_error (self, NULL, "connect", target_string, error, TRUE);
          finish_stop (self);
          return;
        }
      {
        g_autofree char *to = sp_py_socket_address (G_SOCKET_ADDRESS (target));

        log_call (self, NULL, 0, "connect(%s) → 0", to);
      }
    }
  else
    {
      /* sendto() would bind implicitly on first use; binding now lets the
       * pane show its own port before anything is sent. */
      any = g_inet_address_new_any (family);
      any_address = g_inet_socket_address_new (any, 0);
      if (!g_socket_bind (socket, any_address, FALSE, &error))
        {
          report_error (self, NULL, "bind", target_string, error, TRUE);
          finish_stop (self);
          return;
        }
      {
        g_autofree char *where = sp_py_local_address (socket);

        log_call (self, NULL, 0, "bind(%s)", where);
      }
    }

  self->socket = g_steal_pointer (&socket);
  take_local_address (self, self->socket);
  set_string_prop (self, &self->remote_address, target_string, PROP_REMOTE_ADDRESS);

  connection = udp_peer_for (self, G_SOCKET_ADDRESS (target), target_string);
  if (self->udp_connect)
    {
      /* A connect()ed UDP socket must use send(), not sendto(). */
      g_clear_object (&connection->remote);
      message = g_strdup_printf (_("connect() — datagrams go to %s by default; %s ↔ %s"),
                                 target_string, self->local_address, target_string);
      log_simple (self, SP_EVENT_KIND_CONNECTED, connection, NULL, message);
    }
  else
    {
      message = g_strdup_printf (_("bind() — ready to send to %s from %s"),
                                 target_string, self->local_address);
      log_simple (self, SP_EVENT_KIND_LISTENING, NULL, NULL, message);
    }

  watch_socket (self, G_SOURCE_FUNC (udp_readable_cb));
  set_state (self, SP_ENDPOINT_STATE_RUNNING);
}

/* TCP client -------------------------------------------------------------- */

static void
connect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SpEndpoint) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketConnection) stream = NULL;
  g_autoptr(SpConnection) connection = NULL;
  g_autofree char *local = NULL;
  g_autofree char *remote = NULL;
  g_autofree char *message = NULL;
  g_autofree char *target = NULL;
  GSocket *socket;

  stream = g_socket_client_connect_finish (G_SOCKET_CLIENT (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (stream == NULL)
    {
      target = sp_format_host_port (self->host, self->port);
      report_error (self, NULL, "connect", target, error, TRUE);
      finish_stop (self);
      return;
    }

  socket = g_socket_connection_get_socket (stream);
  g_socket_set_blocking (socket, FALSE);
  local = sp_format_local_address (socket);
  remote = sp_format_remote_address (socket);

  connection = sp_connection_new (++self->next_connection_id, socket, FALSE, local, remote);
  connection->stream = G_IO_STREAM (g_steal_pointer (&stream));

  take_local_address (self, socket);
  set_string_prop (self, &self->remote_address, remote, PROP_REMOTE_ADDRESS);

  message = g_strdup_printf (_("connect() succeeded: %s ↔ %s"), local, remote);
  setup_connection (self, connection);
  {
    g_autofree char *to = sp_py_remote_address (socket);
    g_autofree char *from = sp_py_local_address (socket);

    log_call (self, connection, 0, "socket(%s, SOCK_STREAM) → fd %d", sp_py_family (socket),
              g_socket_get_fd (socket));
    log_call (self, connection, 0, "connect(%s) → 0; getsockname() → %s", to, from);
  }
  log_simple (self, SP_EVENT_KIND_CONNECTED, connection, NULL, message);
  add_connection (self, connection);
  watch_connection (self, connection);
  set_state (self, SP_ENDPOINT_STATE_RUNNING);
}

static void
client_event_cb (GSocketClient      *client,
                 GSocketClientEvent  event,
                 GSocketConnectable *connectable,
                 GIOStream          *connection,
                 SpEndpoint         *self)
{
  if (event == G_SOCKET_CLIENT_CONNECTING && connection != NULL)
    apply_buffer_sizes (self, g_socket_connection_get_socket (G_SOCKET_CONNECTION (connection)), TRUE);
}

static void
start_tcp_client (SpEndpoint *self)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnectable) target = NULL;
  g_autofree char *message = NULL;

  g_socket_client_set_protocol (client, G_SOCKET_PROTOCOL_TCP);
  g_socket_client_set_enable_proxy (client, FALSE);
  g_signal_connect_object (client, "event", G_CALLBACK (client_event_cb), self, 0);
  target = g_network_address_new (self->host, self->port);

  message = g_strdup_printf (_("connect() to %s port %u…"), self->host, self->port);
  log_simple (self, SP_EVENT_KIND_INFO, NULL, NULL, message);

  g_socket_client_connect_async (client, target, self->cancellable, connect_cb,
                                 g_object_ref (self));
}

/* Start and stop -------------------------------------------------------- */

static void
start_with_address (SpEndpoint         *self,
                    GInetSocketAddress *address)
{
  switch (self->kind)
    {
    case SP_ENDPOINT_KIND_TCP_SERVER:
      start_tcp_server (self, address);
      break;

    case SP_ENDPOINT_KIND_UDP_SERVER:
      start_udp_server (self, address);
      break;

    case SP_ENDPOINT_KIND_UDP_CLIENT:
      start_udp_client (self, address);
      break;

    case SP_ENDPOINT_KIND_TCP_CLIENT:
    default:
      g_assert_not_reached ();
    }
}

static void
resolve_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SpEndpoint) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketAddress) address = NULL;

  address = g_socket_address_enumerator_next_finish (G_SOCKET_ADDRESS_ENUMERATOR (object),
                                                     result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (address == NULL || !G_IS_INET_SOCKET_ADDRESS (address))
    {
      if (error == NULL)
        error = g_error_new_literal (G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND, "");
      report_error (self, NULL, "getaddrinfo", self->host, error, TRUE);
      finish_stop (self);
      return;
    }

  start_with_address (self, G_INET_SOCKET_ADDRESS (address));
}

void
sp_endpoint_start (SpEndpoint *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) literal = NULL;

  g_return_if_fail (SP_IS_ENDPOINT (self));

  if (self->state != SP_ENDPOINT_STATE_STOPPED)
    return;

  set_string_prop (self, &self->error_message, NULL, PROP_ERROR_MESSAGE);

  if (!sp_net_check_host (self->host, &error))
    {
      log_simple (self, SP_EVENT_KIND_ERROR, NULL, NULL, error->message);
      set_string_prop (self, &self->error_message, error->message, PROP_ERROR_MESSAGE);
      return;
    }

  if (self->port == 0 && !sp_endpoint_is_server (self))
    {
      const char *message = _("Port 0 can only be used by servers (the system picks a free port). Enter the server’s port.");

      log_simple (self, SP_EVENT_KIND_ERROR, NULL, NULL, message);
      set_string_prop (self, &self->error_message, message, PROP_ERROR_MESSAGE);
      return;
    }

  self->cancellable = g_cancellable_new ();
  self->accept_error_reported = FALSE;
  set_state (self, SP_ENDPOINT_STATE_STARTING);

  if (self->kind == SP_ENDPOINT_KIND_TCP_CLIENT)
    {
      start_tcp_client (self);
      return;
    }

  literal = g_inet_address_new_from_string (self->host);
  if (literal != NULL)
    {
      g_autoptr(GSocketAddress) address = g_inet_socket_address_new (literal, self->port);

      start_with_address (self, G_INET_SOCKET_ADDRESS (address));
    }
  else
    {
      g_autoptr(GSocketConnectable) connectable = g_network_address_new (self->host, self->port);
      g_autoptr(GSocketAddressEnumerator) enumerator = g_socket_connectable_enumerate (connectable);

      g_socket_address_enumerator_next_async (enumerator, self->cancellable, resolve_cb,
                                              g_object_ref (self));
    }
}

void
sp_endpoint_stop (SpEndpoint *self)
{
  g_autoptr(GPtrArray) open = NULL;
  guint n;

  g_return_if_fail (SP_IS_ENDPOINT (self));

  if (self->state == SP_ENDPOINT_STATE_STOPPED)
    return;

  g_cancellable_cancel (self->cancellable);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->connections));
  open = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (open, g_list_model_get_item (G_LIST_MODEL (self->connections), i));

  for (guint i = 0; i < open->len; i++)
    close_connection (self, g_ptr_array_index (open, i), _("closed by you (Stop)"));

  if (self->socket != NULL)
    {
      g_autofree char *message = NULL;

      if (self->kind == SP_ENDPOINT_KIND_TCP_SERVER)
        message = g_strdup_printf (_("close() — stopped listening on %s"), self->local_address);
      else
        message = g_strdup_printf (_("close() — socket on %s closed"), self->local_address);
      log_simple (self, SP_EVENT_KIND_CLOSED, NULL, NULL, message);
    }
  else if (self->state == SP_ENDPOINT_STATE_STARTING)
    log_simple (self, SP_EVENT_KIND_INFO, NULL, NULL, _("Cancelled before the socket was ready"));

  finish_stop (self);
}

void
sp_endpoint_close_connection (SpEndpoint   *self,
                              SpConnection *connection)
{
  g_return_if_fail (SP_IS_ENDPOINT (self));
  g_return_if_fail (SP_IS_CONNECTION (connection));

  close_connection (self, connection, _("closed by you"));
}

/* The open connections @target names (NULL: all), or NULL with the reason. */
static GPtrArray *
collect_targets (SpEndpoint    *self,
                 SpConnection  *target,
                 GError       **error)
{
  g_autoptr(GPtrArray) targets = g_ptr_array_new_with_free_func (g_object_unref);
  const char *message;
  guint n;

  if (target != NULL)
    {
      if (target->state != SP_CONNECTION_STATE_CLOSED)
        g_ptr_array_add (targets, g_object_ref (target));
    }
  else
    {
      n = g_list_model_get_n_items (G_LIST_MODEL (self->connections));
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(SpConnection) c = g_list_model_get_item (G_LIST_MODEL (self->connections), i);

          if (c->state != SP_CONNECTION_STATE_CLOSED)
            g_ptr_array_add (targets, g_object_ref (c));
        }
    }

  if (targets->len > 0)
    return g_steal_pointer (&targets);

  if (target != NULL)
    message = _("That connection is closed.");
  else if (self->kind == SP_ENDPOINT_KIND_TCP_SERVER)
    message = _("No client is connected yet: start a client pane and connect it to this server.");
  else if (self->kind == SP_ENDPOINT_KIND_UDP_SERVER)
    message = _("No one to reply to yet: a UDP server learns a peer’s address from its first datagram.");
  else
    message = _("Not connected.");

  g_set_error_literal (error, SP_ENDPOINT_ERROR, SP_ENDPOINT_ERROR_NO_PEER, message);
  return NULL;
}

gboolean
sp_endpoint_send_burst (SpEndpoint    *self,
                        GBytes        *bytes,
                        SpConnection  *target,
                        guint          count,
                        GError       **error)
{
  g_autoptr(GPtrArray) targets = NULL;
  g_autoptr(GBytes) framed = NULL;
  gsize header_len = 0, trailer_len = 0;

  g_return_val_if_fail (SP_IS_ENDPOINT (self), FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);
  g_return_val_if_fail (target == NULL || SP_IS_CONNECTION (target), FALSE);

  if (count < 1 || count > SP_ENDPOINT_MAX_BURST)
    {
      g_set_error (error, SP_ENDPOINT_ERROR, SP_ENDPOINT_ERROR_INVALID,
                   _("Send between 1 and %u copies at once."), SP_ENDPOINT_MAX_BURST);
      return FALSE;
    }

  if (self->state != SP_ENDPOINT_STATE_RUNNING)
    {
      g_set_error_literal (error, SP_ENDPOINT_ERROR, SP_ENDPOINT_ERROR_NOT_RUNNING,
                           _("Not running: press Start first."));
      return FALSE;
    }

  /* An empty TCP send() is a no-op; an empty datagram is a real one, and so
   * is a frame with an empty payload. */
  if (g_bytes_get_size (bytes) == 0 && !sp_endpoint_is_datagram (self) &&
      self->framing.mode == SP_FRAMING_OFF)
    {
      g_set_error_literal (error, SP_ENDPOINT_ERROR, SP_ENDPOINT_ERROR_EMPTY,
                           _("Nothing to send: the message is empty."));
      return FALSE;
    }

  framed = sp_framing_encode (&self->framing, bytes, &header_len, &trailer_len, error);
  if (framed == NULL)
    return FALSE;

  targets = collect_targets (self, target, error);
  if (targets == NULL)
    return FALSE;

  for (guint k = 0; k < count; k++)
    for (guint i = 0; i < targets->len; i++)
      {
        SpConnection *c = g_ptr_array_index (targets, i);
        gboolean idle = g_queue_is_empty (&c->send_queue);

        sp_connection_enqueue (c, framed, header_len, trailer_len);
        /* Behind queued bytes, this message waits its turn: order matters. */
        if (idle)
          flush_connection (self, c);
      }

  return TRUE;
}

gboolean
sp_endpoint_send (SpEndpoint    *self,
                  GBytes        *bytes,
                  SpConnection  *target,
                  GError       **error)
{
  return sp_endpoint_send_burst (self, bytes, target, 1, error);
}

gboolean
sp_endpoint_get_kernel_queues (SpEndpoint *self,
                               guint      *in_queue,
                               guint      *out_queue)
{
  GListModel *connections;
  gboolean any = FALSE;
  guint n;

  g_return_val_if_fail (SP_IS_ENDPOINT (self), FALSE);

  *in_queue = *out_queue = 0;

  if (sp_endpoint_is_datagram (self))
    return sp_socket_get_kernel_queues (self->socket, in_queue, out_queue);

  connections = G_LIST_MODEL (self->connections);
  n = g_list_model_get_n_items (connections);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SpConnection) c = g_list_model_get_item (connections, i);
      guint in, out;

      if (sp_connection_get_kernel_queues (c, &in, &out))
        {
          *in_queue += in;
          *out_queue += out;
          any = TRUE;
        }
    }

  return any;
}

char *
sp_endpoint_dup_framing_status (SpEndpoint *self)
{
  GListModel *connections;
  g_autofree char *first = NULL;
  guint waiting = 0;
  guint n;

  g_return_val_if_fail (SP_IS_ENDPOINT (self), NULL);

  connections = G_LIST_MODEL (self->connections);
  n = g_list_model_get_n_items (connections);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SpConnection) c = g_list_model_get_item (connections, i);
      gsize pending, needed;
      gint64 declared;

      if (c->decoder == NULL || (pending = sp_frame_decoder_get_pending (c->decoder)) == 0)
        continue;

      if (waiting++ > 0)
        continue;

      needed = sp_frame_decoder_get_needed (c->decoder);
      if (needed > 0 && sp_frame_decoder_get_declared_length (c->decoder, &declared))
        first = g_strdup_printf (_("#%u: %lu bytes of a frame arrived, waiting for %lu more (declared length %lld)"),
                                 c->id, (gulong) pending, (gulong) needed, (long long) declared);
      else if (needed > 0)
        first = g_strdup_printf (_("#%u: %lu bytes of a frame arrived, waiting for %lu more"),
                                 c->id, (gulong) pending, (gulong) needed);
      else
        first = g_strdup_printf (_("#%u: %lu bytes of a frame arrived, waiting for its delimiter"),
                                 c->id, (gulong) pending);
    }

  if (waiting > 1)
    return g_strdup_printf (_("%s (and %u more connections wait for the rest of a frame)"),
                            first, waiting - 1);

  return g_steal_pointer (&first);
}

/* GObject ------------------------------------------------------------------ */

static void
sp_endpoint_dispose (GObject *object)
{
  SpEndpoint *self = (SpEndpoint *)object;
  guint n = self->connections ? g_list_model_get_n_items (G_LIST_MODEL (self->connections)) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SpConnection) c = g_list_model_get_item (G_LIST_MODEL (self->connections), i);

      sp_connection_detach_sources (c);
      if (!c->is_datagram && c->socket != NULL)
        g_socket_close (c->socket, NULL);
    }

  if (self->accept_retry_id != 0)
    {
      g_source_remove (self->accept_retry_id);
      self->accept_retry_id = 0;
    }

  if (self->socket_source != NULL)
    {
      g_source_destroy (self->socket_source);
      g_clear_pointer (&self->socket_source, g_source_unref);
    }

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->socket != NULL)
    g_socket_close (self->socket, NULL);
  g_clear_object (&self->socket);

  g_clear_pointer (&self->udp_peers, g_hash_table_unref);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_object (&self->connections);
  g_clear_object (&self->events);
  g_clear_object (&self->calls);

  G_OBJECT_CLASS (sp_endpoint_parent_class)->dispose (object);
}

static void
sp_endpoint_finalize (GObject *object)
{
  SpEndpoint *self = (SpEndpoint *)object;

  g_free (self->host);
  g_free (self->local_address);
  g_free (self->remote_address);
  g_free (self->error_message);
  g_rand_free (self->rand);

  G_OBJECT_CLASS (sp_endpoint_parent_class)->finalize (object);
}

static void
sp_endpoint_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  SpEndpoint *self = SP_ENDPOINT (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;

    case PROP_HOST:
      g_value_set_string (value, self->host);
      break;

    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;

    case PROP_READ_SIZE:
      g_value_set_uint (value, self->read_size);
      break;

    case PROP_UDP_CONNECT:
      g_value_set_boolean (value, self->udp_connect);
      break;

    case PROP_REUSE_ADDRESS:
      g_value_set_boolean (value, self->reuse_address);
      break;

    case PROP_NO_DELAY:
      g_value_set_boolean (value, self->no_delay);
      break;

    case PROP_PAUSED:
      g_value_set_boolean (value, self->paused);
      break;

    case PROP_RCVBUF:
      g_value_set_uint (value, self->rcvbuf);
      break;

    case PROP_SNDBUF:
      g_value_set_uint (value, self->sndbuf);
      break;

    case PROP_SEND_MODE:
      g_value_set_enum (value, self->send_mode);
      break;

    case PROP_FRAMING:
      g_value_take_string (value, sp_framing_config_describe (&self->framing));
      break;

    case PROP_DROP_PERCENT:
      g_value_set_uint (value, self->drop_percent);
      break;

    case PROP_ECHO:
      g_value_set_boolean (value, self->echo);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_BOUND_PORT:
      g_value_set_uint (value, self->bound_port);
      break;

    case PROP_LOCAL_ADDRESS:
      g_value_set_string (value, self->local_address);
      break;

    case PROP_REMOTE_ADDRESS:
      g_value_set_string (value, self->remote_address);
      break;

    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error_message);
      break;

    case PROP_EVENTS:
      g_value_set_object (value, self->events);
      break;

    case PROP_CONNECTIONS:
      g_value_set_object (value, self->connections);
      break;

    case PROP_N_CONNECTIONS:
      g_value_set_uint (value, g_list_model_get_n_items (G_LIST_MODEL (self->connections)));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_endpoint_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  SpEndpoint *self = SP_ENDPOINT (object);

  switch (prop_id)
    {
    case PROP_KIND:
      sp_endpoint_set_kind (self, g_value_get_enum (value));
      break;

    case PROP_HOST:
      sp_endpoint_set_host (self, g_value_get_string (value));
      break;

    case PROP_PORT:
      sp_endpoint_set_port (self, g_value_get_uint (value));
      break;

    case PROP_READ_SIZE:
      sp_endpoint_set_read_size (self, g_value_get_uint (value));
      break;

    case PROP_UDP_CONNECT:
      sp_endpoint_set_udp_connect (self, g_value_get_boolean (value));
      break;

    case PROP_REUSE_ADDRESS:
      sp_endpoint_set_reuse_address (self, g_value_get_boolean (value));
      break;

    case PROP_NO_DELAY:
      sp_endpoint_set_no_delay (self, g_value_get_boolean (value));
      break;

    case PROP_PAUSED:
      sp_endpoint_set_paused (self, g_value_get_boolean (value));
      break;

    case PROP_RCVBUF:
      sp_endpoint_set_rcvbuf (self, g_value_get_uint (value));
      break;

    case PROP_SNDBUF:
      sp_endpoint_set_sndbuf (self, g_value_get_uint (value));
      break;

    case PROP_SEND_MODE:
      sp_endpoint_set_send_mode (self, g_value_get_enum (value));
      break;

    case PROP_DROP_PERCENT:
      sp_endpoint_set_drop_percent (self, g_value_get_uint (value));
      break;

    case PROP_ECHO:
      sp_endpoint_set_echo (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_endpoint_class_init (SpEndpointClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = sp_endpoint_dispose;
  object_class->finalize = sp_endpoint_finalize;
  object_class->get_property = sp_endpoint_get_property;
  object_class->set_property = sp_endpoint_set_property;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, SP_TYPE_ENDPOINT_KIND,
                       SP_ENDPOINT_KIND_TCP_SERVER, rw);
  properties[PROP_HOST] =
    g_param_spec_string ("host", NULL, NULL, "127.0.0.1", rw);
  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL, 0, G_MAXUINT16, 8081, rw);
  properties[PROP_READ_SIZE] =
    g_param_spec_uint ("read-size", NULL, NULL, 1, SP_ENDPOINT_MAX_READ_SIZE,
                       SP_ENDPOINT_DEFAULT_READ_SIZE, rw);
  properties[PROP_UDP_CONNECT] =
    g_param_spec_boolean ("udp-connect", NULL, NULL, FALSE, rw);
  properties[PROP_REUSE_ADDRESS] =
    g_param_spec_boolean ("reuse-address", NULL, NULL, FALSE, rw);
  properties[PROP_NO_DELAY] =
    g_param_spec_boolean ("no-delay", NULL, NULL, FALSE, rw);
  properties[PROP_PAUSED] =
    g_param_spec_boolean ("paused", NULL, NULL, FALSE, rw);
  properties[PROP_RCVBUF] =
    g_param_spec_uint ("rcvbuf", NULL, NULL, 0, SP_ENDPOINT_MAX_BUFFER_SIZE, 0, rw);
  properties[PROP_SNDBUF] =
    g_param_spec_uint ("sndbuf", NULL, NULL, 0, SP_ENDPOINT_MAX_BUFFER_SIZE, 0, rw);
  properties[PROP_SEND_MODE] =
    g_param_spec_enum ("send-mode", NULL, NULL, SP_TYPE_SEND_MODE, SP_SEND_MODE_ALL, rw);
  /* A description of the framing; notified when it or a decoder's progress
   * changes (see sp_endpoint_dup_framing_status()). */
  properties[PROP_FRAMING] =
    g_param_spec_string ("framing", NULL, NULL, NULL, ro);
  properties[PROP_DROP_PERCENT] =
    g_param_spec_uint ("drop-percent", NULL, NULL, 0, 100, 0, rw);
  /* Servers: send every received chunk back to where it came from. */
  properties[PROP_ECHO] =
    g_param_spec_boolean ("echo", NULL, NULL, FALSE, rw);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, SP_TYPE_ENDPOINT_STATE,
                       SP_ENDPOINT_STATE_STOPPED, ro);
  properties[PROP_BOUND_PORT] =
    g_param_spec_uint ("bound-port", NULL, NULL, 0, G_MAXUINT16, 0, ro);
  properties[PROP_LOCAL_ADDRESS] =
    g_param_spec_string ("local-address", NULL, NULL, NULL, ro);
  properties[PROP_REMOTE_ADDRESS] =
    g_param_spec_string ("remote-address", NULL, NULL, NULL, ro);
  properties[PROP_ERROR_MESSAGE] =
    g_param_spec_string ("error-message", NULL, NULL, NULL, ro);
  properties[PROP_EVENTS] =
    g_param_spec_object ("events", NULL, NULL, SP_TYPE_EVENT_LOG, ro);
  properties[PROP_CONNECTIONS] =
    g_param_spec_object ("connections", NULL, NULL, G_TYPE_LIST_MODEL, ro);
  properties[PROP_N_CONNECTIONS] =
    g_param_spec_uint ("n-connections", NULL, NULL, 0, G_MAXUINT, 0, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sp_endpoint_init (SpEndpoint *self)
{
  self->host = g_strdup ("127.0.0.1");
  self->port = 8081;
  self->read_size = SP_ENDPOINT_DEFAULT_READ_SIZE;
  self->events = sp_event_log_new ();
  self->calls = sp_event_log_new ();
  self->connections = g_list_store_new (SP_TYPE_CONNECTION);
  self->udp_peers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->by_id = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
  self->rand = g_rand_new ();
  sp_framing_config_init (&self->framing);
}

SpEndpoint *
sp_endpoint_new (SpEndpointKind kind)
{
  return g_object_new (SP_TYPE_ENDPOINT, "kind", kind, NULL);
}

/* Accessors --------------------------------------------------------------- */

SpEndpointKind
sp_endpoint_get_kind (SpEndpoint *self)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (self), 0);
  return self->kind;
}

void
sp_endpoint_set_kind (SpEndpoint     *self,
                      SpEndpointKind  kind)
{
  g_return_if_fail (SP_IS_ENDPOINT (self));

  if (self->kind == kind)
    return;

  /* A running socket cannot change what it is. */
  sp_endpoint_stop (self);
  self->kind = kind;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
}

const char *
sp_endpoint_get_host (SpEndpoint *self)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (self), NULL);
  return self->host;
}

void
sp_endpoint_set_host (SpEndpoint *self,
                      const char *host)
{
  g_return_if_fail (SP_IS_ENDPOINT (self));
  set_string_prop (self, &self->host, host ? host : "", PROP_HOST);
}

guint
sp_endpoint_get_port (SpEndpoint *self)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (self), 0);
  return self->port;
}

void
sp_endpoint_set_port (SpEndpoint *self,
                      guint       port)
{
  g_return_if_fail (SP_IS_ENDPOINT (self));
  g_return_if_fail (port <= G_MAXUINT16);

  if (self->port == port)
    return;

  self->port = port;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
}

guint
sp_endpoint_get_read_size (SpEndpoint *self)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (self), 0);
  return self->read_size;
}

void
sp_endpoint_set_read_size (SpEndpoint *self,
                           guint       read_size)
{
  g_return_if_fail (SP_IS_ENDPOINT (self));

  read_size = CLAMP (read_size, 1, SP_ENDPOINT_MAX_READ_SIZE);
  if (self->read_size == read_size)
    return;

  self->read_size = read_size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READ_SIZE]);
}

gboolean
sp_endpoint_get_udp_connect (SpEndpoint *self)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (self), FALSE);
  return self->udp_connect;
}

void
sp_endpoint_set_udp_connect (SpEndpoint *self,
                             gboolean    udp_connect)
{
  g_return_if_fail (SP_IS_ENDPOINT (self));

  udp_connect = !!udp_connect;
  if (self->udp_connect == udp_connect)
    return;

  self->udp_connect = udp_connect;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UDP_CONNECT]);
}

gboolean
sp_endpoint_get_reuse_address (SpEndpoint *self)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (self), FALSE);
  return self->reuse_address;
}

void
sp_endpoint_set_reuse_address (SpEndpoint *self,
                               gboolean    reuse_address)
{
  g_return_if_fail (SP_IS_ENDPOINT (self));

  reuse_address = !!reuse_address;
  if (self->reuse_address == reuse_address)
    return;

  self->reuse_address = reuse_address;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REUSE_ADDRESS]);
}

SpEndpointState
sp_endpoint_get_state (SpEndpoint *self)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (self), 0);
  return self->state;
}

guint
sp_endpoint_get_bound_port (SpEndpoint *self)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (self), 0);
  return self->bound_port;
}

const char *
sp_endpoint_get_local_address (SpEndpoint *self)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (self), NULL);
  return self->local_address;
}

const char *
sp_endpoint_get_remote_address (SpEndpoint *self)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (self), NULL);
  return self->remote_address;
}

const char *
sp_endpoint_get_error_message (SpEndpoint *self)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (self), NULL);
  return self->error_message;
}

SpEventLog *
sp_endpoint_get_events (SpEndpoint *self)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (self), NULL);
  return self->events;
}

GListModel *
sp_endpoint_get_connections (SpEndpoint *self)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (self), NULL);
  return G_LIST_MODEL (self->connections);
}

SpConnection *
sp_endpoint_find_connection (SpEndpoint *self,
                             guint       id)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (self), NULL);

  return g_hash_table_lookup (self->by_id, GUINT_TO_POINTER (id));
}

void
sp_endpoint_clear_events (SpEndpoint *self)
{
  GHashTableIter iter;
  SpConnection *connection;

  g_return_if_fail (SP_IS_ENDPOINT (self));

  sp_event_log_clear (self->events);

  /* Closed connections were kept for their log entries; those are gone. */
  g_hash_table_iter_init (&iter, self->by_id);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &connection))
    if (connection->state == SP_CONNECTION_STATE_CLOSED)
      g_hash_table_iter_remove (&iter);
}

gboolean
sp_endpoint_get_no_delay (SpEndpoint *self)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (self), FALSE);
  return self->no_delay;
}

/* Applies @fn to the socket of every open TCP connection. */
static void
foreach_stream_socket (SpEndpoint *self,
                       void      (*fn) (SpEndpoint *, GSocket *))
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->connections));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SpConnection) c = g_list_model_get_item (G_LIST_MODEL (self->connections), i);

      if (!c->is_datagram && c->socket != NULL && !g_socket_is_closed (c->socket))
        fn (self, c->socket);
    }
}

void
sp_endpoint_set_no_delay (SpEndpoint *self,
                          gboolean    no_delay)
{
  g_return_if_fail (SP_IS_ENDPOINT (self));

  no_delay = !!no_delay;
  if (self->no_delay == no_delay)
    return;

  self->no_delay = no_delay;
  foreach_stream_socket (self, apply_no_delay);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NO_DELAY]);
}

guint
sp_endpoint_get_rcvbuf (SpEndpoint *self)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (self), 0);
  return self->rcvbuf;
}

static void
apply_buffer_sizes_quietly (SpEndpoint *self,
                            GSocket    *socket)
{
  apply_buffer_sizes (self, socket, FALSE);
}

static void
buffer_sizes_changed (SpEndpoint *self)
{
  /* Running sockets take the new sizes too; the listener's apply to the
   * connections it accepts from now on. */
  foreach_stream_socket (self, apply_buffer_sizes_quietly);
  if (self->socket != NULL)
    apply_buffer_sizes (self, self->socket, self->state == SP_ENDPOINT_STATE_RUNNING);
}

void
sp_endpoint_set_rcvbuf (SpEndpoint *self,
                        guint       size)
{
  g_return_if_fail (SP_IS_ENDPOINT (self));

  size = MIN (size, SP_ENDPOINT_MAX_BUFFER_SIZE);
  if (self->rcvbuf == size)
    return;

  self->rcvbuf = size;
  buffer_sizes_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RCVBUF]);
}

guint
sp_endpoint_get_sndbuf (SpEndpoint *self)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (self), 0);
  return self->sndbuf;
}

void
sp_endpoint_set_sndbuf (SpEndpoint *self,
                        guint       size)
{
  g_return_if_fail (SP_IS_ENDPOINT (self));

  size = MIN (size, SP_ENDPOINT_MAX_BUFFER_SIZE);
  if (self->sndbuf == size)
    return;

  self->sndbuf = size;
  buffer_sizes_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SNDBUF]);
}

SpSendMode
sp_endpoint_get_send_mode (SpEndpoint *self)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (self), 0);
  return self->send_mode;
}

void
sp_endpoint_set_send_mode (SpEndpoint *self,
                           SpSendMode  mode)
{
  g_return_if_fail (SP_IS_ENDPOINT (self));

  if (self->send_mode == mode)
    return;

  self->send_mode = mode;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEND_MODE]);
}

gboolean
sp_endpoint_get_paused (SpEndpoint *self)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (self), FALSE);
  return self->paused;
}

void
sp_endpoint_set_paused (SpEndpoint *self,
                        gboolean    paused)
{
  guint n;

  g_return_if_fail (SP_IS_ENDPOINT (self));

  paused = !!paused;
  if (self->paused == paused)
    return;

  self->paused = paused;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->connections));

  if (sp_endpoint_is_datagram (self))
    {
      if (paused && self->socket_source != NULL)
        {
          g_source_destroy (self->socket_source);
          g_clear_pointer (&self->socket_source, g_source_unref);
        }
      else if (!paused && self->socket != NULL)
        watch_socket (self, G_SOURCE_FUNC (udp_readable_cb));
    }
  else
    for (guint i = 0; i < n; i++)
      {
        g_autoptr(SpConnection) c = g_list_model_get_item (G_LIST_MODEL (self->connections), i);

        if (paused && c->in_source != NULL)
          {
            g_source_destroy (c->in_source);
            g_clear_pointer (&c->in_source, g_source_unref);
          }
        else if (!paused)
          watch_connection (self, c);
      }

  if (self->state == SP_ENDPOINT_STATE_RUNNING)
    log_simple (self, SP_EVENT_KIND_INFO, NULL, NULL,
                paused ? _("Reading paused: no recv() calls; bytes wait in the kernel’s receive queue")
                       : _("Reading resumed"));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
}

const SpFramingConfig *
sp_endpoint_get_framing (SpEndpoint *self)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (self), NULL);
  return &self->framing;
}

gboolean
sp_endpoint_set_framing (SpEndpoint             *self,
                         const SpFramingConfig  *config,
                         GError                **error)
{
  guint n;

  g_return_val_if_fail (SP_IS_ENDPOINT (self), FALSE);
  g_return_val_if_fail (config != NULL, FALSE);

  if (!sp_framing_config_check (config, error))
    return FALSE;

  if (memcmp (&self->framing, config, sizeof *config) == 0)
    return TRUE;

  self->framing = *config;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->connections));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SpConnection) c = g_list_model_get_item (G_LIST_MODEL (self->connections), i);

      if (c->is_datagram)
        continue;
      g_clear_pointer (&c->decoder, sp_frame_decoder_free);
      if (config->mode != SP_FRAMING_OFF)
        c->decoder = sp_frame_decoder_new (config);
    }

  if (self->state == SP_ENDPOINT_STATE_RUNNING)
    {
      g_autofree char *description = sp_framing_config_describe (config);
      g_autofree char *message = g_strdup_printf (_("Framing is now %s; decoding starts afresh with the next byte"),
                                                  description);

      log_simple (self, SP_EVENT_KIND_INFO, NULL, NULL, message);
    }

  framing_changed (self);
  return TRUE;
}

guint
sp_endpoint_get_drop_percent (SpEndpoint *self)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (self), 0);
  return self->drop_percent;
}

void
sp_endpoint_set_drop_percent (SpEndpoint *self,
                              guint       percent)
{
  g_return_if_fail (SP_IS_ENDPOINT (self));

  percent = MIN (percent, 100);
  if (self->drop_percent == percent)
    return;

  self->drop_percent = percent;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DROP_PERCENT]);
}

gboolean
sp_endpoint_get_echo (SpEndpoint *self)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (self), FALSE);
  return self->echo;
}

void
sp_endpoint_set_echo (SpEndpoint *self,
                      gboolean    echo)
{
  g_return_if_fail (SP_IS_ENDPOINT (self));

  echo = !!echo;
  if (self->echo == echo)
    return;

  self->echo = echo;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ECHO]);
}

const char *
sp_endpoint_kind_to_nick (SpEndpointKind kind)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (SP_TYPE_ENDPOINT_KIND);
  GEnumValue *value = g_enum_get_value (klass, kind);

  return value ? value->value_nick : NULL;
}

gboolean
sp_endpoint_kind_from_nick (const char     *nick,
                            SpEndpointKind *kind)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (SP_TYPE_ENDPOINT_KIND);
  GEnumValue *value = nick ? g_enum_get_value_by_nick (klass, nick) : NULL;

  if (value == NULL)
    return FALSE;

  *kind = value->value;
  return TRUE;
}

void
sp_endpoint_reconfigure (SpEndpoint     *self,
                         SpEndpointKind  kind,
                         const char     *host,
                         guint           port)
{
  g_return_if_fail (SP_IS_ENDPOINT (self));

  if (self->kind == kind && g_strcmp0 (self->host, host) == 0 && self->port == port)
    return;

  sp_endpoint_stop (self);
  sp_endpoint_set_kind (self, kind);
  sp_endpoint_set_host (self, host);
  sp_endpoint_set_port (self, port);
}

SpEventLog *
sp_endpoint_get_calls (SpEndpoint *self)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (self), NULL);
  return self->calls;
}

GPtrArray *
sp_endpoint_dup_all_connections (SpEndpoint *self)
{
  GPtrArray *all = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (SP_IS_ENDPOINT (self), NULL);

  g_hash_table_iter_init (&iter, self->by_id);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (all, g_object_ref (value));

  return all;
}
