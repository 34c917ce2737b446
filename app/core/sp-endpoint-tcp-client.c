/* sp-endpoint-tcp-client.c: a TCP client — connect() to a host by name
 * or address; GSocketClient resolves the name and tries each address
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sp-endpoint-private.h"
#include "sp-py-format.h"
#include "sp-socket-address.h"

static void
connected (SpEndpoint        *self,
           GSocketConnection *stream)
{
  GSocket *socket = g_socket_connection_get_socket (stream);
  g_autoptr(SpConnection) connection = NULL;
  g_autofree char *local = NULL;
  g_autofree char *remote = NULL;
  g_autofree char *message = NULL;
  g_autofree char *to = NULL;
  g_autofree char *from = NULL;
  guint id;

  connection = _sp_endpoint_adopt_stream (self, stream, &local, &remote);
  id = sp_connection_get_id (connection);

  _sp_endpoint_take_local_address (self, socket);
  _sp_endpoint_set_string (self, &self->remote_address, remote, PROP_REMOTE_ADDRESS);

  message = g_strdup_printf (_("connect() succeeded: %s ↔ %s"), local, remote);
  _sp_endpoint_setup_connection (self, connection);
  to = sp_py_remote_address (socket);
  from = sp_py_local_address (socket);
  sp_call_trace_add (self->io.trace, id, 0, "socket(%s, SOCK_STREAM) → fd %d", sp_py_family (socket),
                     g_socket_get_fd (socket));
  sp_call_trace_add (self->io.trace, id, 0, "connect(%s) → 0; getsockname() → %s", to, from);
  _sp_endpoint_log (self, SP_EVENT_KIND_CONNECTED, connection, message);
  _sp_endpoint_add_connection (self, connection);
  sp_connection_watch (connection);
  _sp_endpoint_set_state (self, SP_ENDPOINT_STATE_RUNNING);
}

static void
connect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SpEndpoint) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketConnection) stream = NULL;

  stream = g_socket_client_connect_finish (G_SOCKET_CLIENT (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (stream == NULL)
    {
      g_autofree char *target = sp_format_host_port (self->host, self->port);

      _sp_endpoint_report_error (self, NULL, "connect", target, error, TRUE);
      _sp_endpoint_finish_stop (self);
      return;
    }

  connected (self, stream);
}

static void
client_event_cb (GSocketClient      *client,
                 GSocketClientEvent  event,
                 GSocketConnectable *connectable,
                 GIOStream          *connection,
                 SpEndpoint         *self)
{
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GInetAddress) literal = NULL;
  g_autofree char *where = NULL;
  g_autofree char *message = NULL;

  if (event != G_SOCKET_CLIENT_CONNECTING || connection == NULL)
    return;

  _sp_endpoint_apply_buffer_sizes (self, g_socket_connection_get_socket (G_SOCKET_CONNECTION (connection)), TRUE);

  /* A name may stand for several addresses (localhost: ::1, 127.0.0.1);
   * GSocketClient tries them in turn, and the log shows each try. */
  literal = g_inet_address_new_from_string (self->host);
  address = g_socket_connection_get_remote_address (G_SOCKET_CONNECTION (connection), NULL);
  if (literal != NULL || address == NULL)
    return;

  where = sp_format_socket_address (address);
  /* TRANSLATORS: "“localhost” → trying [::1]:8081" */
  message = g_strdup_printf (_("“%s” → trying %s"), self->host, where);
  _sp_endpoint_log (self, SP_EVENT_KIND_INFO, NULL, message);
}

void
_sp_endpoint_start_tcp_client (SpEndpoint *self)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnectable) target = NULL;
  g_autofree char *message = NULL;

  g_socket_client_set_protocol (client, G_SOCKET_PROTOCOL_TCP);
  g_socket_client_set_enable_proxy (client, FALSE);
  g_signal_connect_object (client, "event", G_CALLBACK (client_event_cb), self, 0);
  target = g_network_address_new (self->host, self->port);

  message = g_strdup_printf (_("connect() to %s port %u…"), self->host, self->port);
  _sp_endpoint_log (self, SP_EVENT_KIND_INFO, NULL, message);

  g_socket_client_connect_async (client, target, self->cancellable, connect_cb,
                                 g_object_ref (self));
}
