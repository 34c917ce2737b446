/* sp-endpoint-relay.c: a TCP relay — it listens like a TCP server and, for
 * each client it accepts, connects on to its target server; the two
 * connections then pass every byte on (sp-connection-relay.c)
 *
 * A student points their client at the relay and the relay at their server:
 * the relay's log shows each recv() and send() it made, from the client
 * side or the server side, so two programs of their own become visible.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sp-endpoint-private.h"
#include "sp-net-input.h"
#include "sp-py-format.h"
#include "sp-socket-address.h"

/* Target ------------------------------------------------------------------ */

const char *
sp_endpoint_get_target_host (SpEndpoint *self)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (self), NULL);
  return self->target_host;
}

void
sp_endpoint_set_target_host (SpEndpoint *self,
                             const char *host)
{
  g_return_if_fail (SP_IS_ENDPOINT (self));
  _sp_endpoint_set_string (self, &self->target_host, host ? host : "", PROP_TARGET_HOST);
}

guint
sp_endpoint_get_target_port (SpEndpoint *self)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (self), 0);
  return self->target_port;
}

void
sp_endpoint_set_target_port (SpEndpoint *self,
                             guint       port)
{
  g_return_if_fail (SP_IS_ENDPOINT (self));
  g_return_if_fail (port <= G_MAXUINT16);

  if (self->target_port == port)
    return;

  self->target_port = port;
  _sp_endpoint_notify (self, PROP_TARGET_PORT);
}

gboolean
sp_endpoint_check_target (const char  *host,
                          guint        port,
                          GError     **error)
{
  if (!sp_net_check_host (host, error))
    return FALSE;

  if (sp_net_host_is_wildcard (host))
    {
      g_set_error (error, SP_NET_INPUT_ERROR, SP_NET_INPUT_ERROR_HOST,
                   _("%s is for listening on every address; the relay needs the address of the server to connect to, such as 127.0.0.1."),
                   host);
      return FALSE;
    }

  if (port == 0 || port > G_MAXUINT16)
    {
      g_set_error_literal (error, SP_NET_INPUT_ERROR, SP_NET_INPUT_ERROR_PORT,
                           _("Enter the port your server listens on (1–65535) as the relay’s target port."));
      return FALSE;
    }

  return TRUE;
}

gboolean
_sp_endpoint_relay_check_target (SpEndpoint *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (sp_endpoint_check_target (self->target_host, self->target_port, &error))
    return TRUE;

  /* TRANSLATORS: %s says what is wrong with the target */
  message = g_strdup_printf (_("Target: %s"), error->message);
  _sp_endpoint_log (self, SP_EVENT_KIND_ERROR, NULL, message);
  _sp_endpoint_set_string (self, &self->error_message, message, PROP_ERROR_MESSAGE);
  return FALSE;
}

gboolean
_sp_endpoint_relay_get_property (SpEndpoint *self,
                                 guint       prop_id,
                                 GValue     *value)
{
  switch (prop_id)
    {
    case PROP_TARGET_HOST:
      g_value_set_string (value, self->target_host);
      return TRUE;

    case PROP_TARGET_PORT:
      g_value_set_uint (value, self->target_port);
      return TRUE;

    case PROP_PAUSE_CLIENT_SIDE:
      g_value_set_boolean (value, self->io.relay_paused[SP_RELAY_SIDE_CLIENT]);
      return TRUE;

    case PROP_PAUSE_SERVER_SIDE:
      g_value_set_boolean (value, self->io.relay_paused[SP_RELAY_SIDE_SERVER]);
      return TRUE;

    case PROP_RELAY_IDLE_TIMEOUT:
      g_value_set_uint (value, self->relay_idle_ms);
      return TRUE;

    default:
      return FALSE;
    }
}

gboolean
_sp_endpoint_relay_set_property (SpEndpoint   *self,
                                 guint         prop_id,
                                 const GValue *value)
{
  switch (prop_id)
    {
    case PROP_TARGET_HOST:
      sp_endpoint_set_target_host (self, g_value_get_string (value));
      return TRUE;

    case PROP_TARGET_PORT:
      sp_endpoint_set_target_port (self, g_value_get_uint (value));
      return TRUE;

    case PROP_PAUSE_CLIENT_SIDE:
      sp_endpoint_set_relay_paused (self, SP_RELAY_SIDE_CLIENT, g_value_get_boolean (value));
      return TRUE;

    case PROP_PAUSE_SERVER_SIDE:
      sp_endpoint_set_relay_paused (self, SP_RELAY_SIDE_SERVER, g_value_get_boolean (value));
      return TRUE;

    case PROP_RELAY_IDLE_TIMEOUT:
      sp_endpoint_set_relay_idle_timeout (self, g_value_get_uint (value));
      return TRUE;

    default:
      return FALSE;
    }
}

gboolean
sp_endpoint_kind_is_relay (SpEndpointKind kind)
{
  return kind == SP_ENDPOINT_KIND_TCP_RELAY || kind == SP_ENDPOINT_KIND_UDP_RELAY;
}

/* Pausing one side ---------------------------------------------------------- */

static const char *
pause_message (SpEndpoint  *self,
               SpRelaySide  side,
               gboolean     paused)
{
  if (self->kind == SP_ENDPOINT_KIND_UDP_RELAY && paused)
    return side == SP_RELAY_SIDE_CLIENT
           ? _("Reading paused on the client side: no recvfrom() from clients; their datagrams wait whole in the kernel’s receive queue, and any that do not fit are dropped")
           : _("Reading paused on the server side: no recv() on the upstream sockets; the target’s datagrams wait whole in the kernel’s receive queues, and any that do not fit are dropped");

  if (side == SP_RELAY_SIDE_CLIENT)
    return paused ? _("Reading paused on the client side: no recv() from clients; their bytes wait in the kernel’s receive queue, and reach the server together later")
                  : _("Reading resumed on the client side");

  return paused ? _("Reading paused on the server side: no recv() from servers; their bytes wait in the kernel’s receive queue, and reach the client together later")
                : _("Reading resumed on the server side");
}

gboolean
sp_endpoint_get_relay_paused (SpEndpoint  *self,
                              SpRelaySide  side)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (self), FALSE);
  g_return_val_if_fail (side == SP_RELAY_SIDE_CLIENT || side == SP_RELAY_SIDE_SERVER, FALSE);

  return self->io.relay_paused[side];
}

void
sp_endpoint_set_relay_paused (SpEndpoint  *self,
                              SpRelaySide  side,
                              gboolean     paused)
{
  GListModel *connections;

  g_return_if_fail (SP_IS_ENDPOINT (self));
  g_return_if_fail (side == SP_RELAY_SIDE_CLIENT || side == SP_RELAY_SIDE_SERVER);

  paused = !!paused;
  if (self->io.relay_paused[side] == paused)
    return;

  self->io.relay_paused[side] = paused;
  connections = G_LIST_MODEL (self->connections);
  if (self->kind == SP_ENDPOINT_KIND_UDP_RELAY)
    _sp_endpoint_udp_relay_set_paused (self, side, paused || self->io.paused);
  else for (guint i = 0; i < g_list_model_get_n_items (connections); i++)
    {
      g_autoptr(SpConnection) c = g_list_model_get_item (connections, i);

      if (sp_connection_get_relay_side (c) != side)
        continue;
      if (paused)
        sp_connection_stop_reading (c);
      else
        sp_connection_watch (c);
    }

  if (self->state == SP_ENDPOINT_STATE_RUNNING)
    _sp_endpoint_log (self, SP_EVENT_KIND_INFO, NULL, pause_message (self, side, paused));

  _sp_endpoint_notify (self, side == SP_RELAY_SIDE_CLIENT ? PROP_PAUSE_CLIENT_SIDE : PROP_PAUSE_SERVER_SIDE);
}

/* Connecting on to the target -------------------------------------------- */

typedef struct {
  SpEndpoint   *self;
  /* The accepted client, waiting (unread) for its server side. */
  SpConnection *client_side;
  char         *target_host;
  guint         target_port;
} Pending;

static void
pending_free (Pending *pending)
{
  g_object_unref (pending->self);
  g_object_unref (pending->client_side);
  g_free (pending->target_host);
  g_free (pending);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pending, pending_free)

static void
connected (Pending           *pending,
           GSocketConnection *stream)
{
  SpEndpoint *self = pending->self;
  GSocket *socket = g_socket_connection_get_socket (stream);
  g_autoptr(SpConnection) server_side = NULL;
  g_autofree char *local = NULL;
  g_autofree char *remote = NULL;
  g_autofree char *message = NULL;
  g_autofree char *to = NULL;
  g_autofree char *from = NULL;
  guint id;

  server_side = _sp_endpoint_adopt_stream (self, stream, &local, &remote);
  sp_connection_link_relay (pending->client_side, server_side);
  id = sp_connection_get_id (server_side);

  to = sp_py_remote_address (socket);
  from = sp_py_local_address (socket);
  sp_call_trace_add (self->io.trace, id, 0, "upstream%u = socket.socket(%s, SOCK_STREAM)  # fd %d", id,
                     sp_py_family (socket), g_socket_get_fd (socket));
  sp_call_trace_add (self->io.trace, id, 0, "upstream%u.connect(%s) → 0; getsockname() → %s", id, to, from);
  /* TRANSLATORS: "connect() succeeded: 127.0.0.1:40222 ↔ 127.0.0.1:8082 — connection #2 relays #1" */
  message = g_strdup_printf (_("connect() succeeded: %s ↔ %s — connection #%u relays #%u's bytes both ways"),
                             local, remote, id, sp_connection_get_id (pending->client_side));
  _sp_endpoint_setup_connection (self, server_side);
  _sp_endpoint_log (self, SP_EVENT_KIND_CONNECTED, server_side, message);
  _sp_endpoint_add_connection (self, server_side);

  sp_connection_watch (pending->client_side);
  sp_connection_watch (server_side);
}

static void
connect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Pending) pending = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketConnection) stream = NULL;
  SpEndpoint *self = pending->self;

  stream = g_socket_client_connect_finish (G_SOCKET_CLIENT (object), result, &error);

  /* Stopped, or the client left meanwhile (its close was logged). */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->io.events == NULL ||
      sp_connection_get_state (pending->client_side) == SP_CONNECTION_STATE_CLOSED)
    return;

  if (stream == NULL)
    {
      g_autofree char *target = sp_format_host_port (pending->target_host, pending->target_port);
      g_autofree char *why = NULL;
      G_GNUC_UNUSED g_autoptr(SpEndpoint) hold = g_object_ref (self);

      _sp_endpoint_report_error_on (self, pending->client_side, "connect", target,
                                    pending->target_host, pending->target_port, error, FALSE);
      /* TRANSLATORS: %s is the target, "127.0.0.1:8082" */
      why = g_strdup_printf (_("the relay could not connect to its target %s, so it has nothing to pass this client’s bytes to"),
                             target);
      sp_connection_close (pending->client_side, why);
      return;
    }

  connected (pending, stream);
}

static void
client_event_cb (GSocketClient      *client,
                 GSocketClientEvent  event,
                 GSocketConnectable *connectable,
                 GIOStream          *connection,
                 SpEndpoint         *self)
{
  if (event == G_SOCKET_CLIENT_CONNECTING && connection != NULL)
    _sp_endpoint_apply_buffer_sizes (self, g_socket_connection_get_socket (G_SOCKET_CONNECTION (connection)),
                                     FALSE);
}

void
_sp_endpoint_relay_accepted (SpEndpoint   *self,
                             SpConnection *connection)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnectable) target = NULL;
  g_autofree char *message = NULL;
  Pending *pending = g_new0 (Pending, 1);

  pending->self = g_object_ref (self);
  pending->client_side = g_object_ref (connection);
  pending->target_host = g_strdup (self->target_host);
  pending->target_port = self->target_port;

  g_socket_client_set_protocol (client, G_SOCKET_PROTOCOL_TCP);
  g_socket_client_set_enable_proxy (client, FALSE);
  g_signal_connect_object (client, "event", G_CALLBACK (client_event_cb), self, 0);
  target = g_network_address_new (self->target_host, self->target_port);

  /* TRANSLATORS: "connect() to 127.0.0.1 port 8082 for connection #1…" */
  message = g_strdup_printf (_("connect() to %s port %u for connection #%u…"), self->target_host,
                             self->target_port, sp_connection_get_id (connection));
  _sp_endpoint_log (self, SP_EVENT_KIND_INFO, connection, message);

  /* Nothing is read from the client until the server side is there. */
  g_socket_client_connect_async (client, target, self->cancellable, connect_cb, pending);
}
