/* sp-endpoint.c: the socket engine behind one pane — the object, its
 * properties, start and stop (see sp-endpoint-private.h for the rest)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sp-core-enums.h"
#include "sp-endpoint-private.h"
#include "sp-errno.h"
#include "sp-net-input.h"
#include "sp-socket-address.h"

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SpEndpoint, sp_endpoint, G_TYPE_OBJECT)
G_DEFINE_QUARK (sp-endpoint-error-quark, sp_endpoint_error)

/* What the endpoint's files share ------------------------------------------- */

void
_sp_endpoint_notify (SpEndpoint         *self,
                     SpEndpointProperty  prop)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

void
_sp_endpoint_set_string (SpEndpoint          *self,
                         char               **field,
                         const char          *value,
                         SpEndpointProperty   prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  _sp_endpoint_notify (self, prop);
}

void
_sp_endpoint_set_state (SpEndpoint      *self,
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

void
_sp_endpoint_log (SpEndpoint   *self,
                  SpEventKind   kind,
                  SpConnection *connection,
                  const char   *message)
{
  SpEventInit init = {
    .kind = kind,
    .connection_id = connection ? sp_connection_get_id (connection) : 0,
    .peer = connection ? sp_connection_get_remote_address (connection) : NULL,
    .peer_interned = TRUE,
    .message = message,
  };

  sp_event_log_add_now (self->io.events, &init);
}

void
sp_endpoint_log_note (SpEndpoint   *self,
                      SpEventKind   kind,
                      SpConnection *connection,
                      const char   *message)
{
  g_return_if_fail (SP_IS_ENDPOINT (self));
  g_return_if_fail (message != NULL);

  _sp_endpoint_log (self, kind, connection, message);
}

int
_sp_endpoint_report_error (SpEndpoint   *self,
                           SpConnection *connection,
                           const char   *call,
                           const char   *address,
                           const GError *error,
                           gboolean      fatal)
{
  return _sp_endpoint_report_error_on (self, connection, call, address, self->host, self->port,
                                       error, fatal);
}

static int
report_error (SpEndpoint   *self,
              SpConnection *connection,
              const char   *call,
              const char   *address,
              const char   *host,
              guint         port,
              const char   *traced_call,
              const char   *traced_args,
              const GError *error,
              gboolean      fatal)
{
  int errnum = sp_errno_from_error (error);
  guint id = connection ? sp_connection_get_id (connection) : 0;
  GSocket *socket = connection ? sp_connection_get_socket (connection) : self->socket;
  GSocketFamily family = socket ? g_socket_get_family (socket) : G_SOCKET_FAMILY_INVALID;
  g_autofree char *message = sp_errno_describe (error, call, address, host, port, family);
  SpEventInit init = {
    .kind = SP_EVENT_KIND_ERROR,
    .connection_id = id,
    .peer = connection ? sp_connection_get_remote_address (connection) : NULL,
    .peer_interned = TRUE,
    .message = message,
    .errnum = errnum,
  };

  sp_event_log_add_now (self->io.events, &init);
  sp_call_trace_add_failure (self->io.trace, id, traced_call, traced_args, error);

  if (fatal || connection == NULL)
    _sp_endpoint_set_string (self, &self->error_message, message, PROP_ERROR_MESSAGE);

  return errnum;
}

int
_sp_endpoint_report_error_on (SpEndpoint   *self,
                              SpConnection *connection,
                              const char   *call,
                              const char   *address,
                              const char   *host,
                              guint         port,
                              const GError *error,
                              gboolean      fatal)
{
  return report_error (self, connection, call, address, host, port, call, address, error, fatal);
}

int
_sp_endpoint_report_error_traced (SpEndpoint   *self,
                                  SpConnection *connection,
                                  const char   *call,
                                  const char   *address,
                                  const char   *traced_call,
                                  const char   *traced_args,
                                  const GError *error)
{
  return report_error (self, connection, call, address, self->host, self->port, traced_call, traced_args,
                       error, FALSE);
}

/* Reads back what the kernel bound @socket to (port 0 becomes a real port). */
void
_sp_endpoint_take_local_address (SpEndpoint *self,
                                 GSocket    *socket)
{
  g_autoptr(GSocketAddress) local = g_socket_get_local_address (socket, NULL);
  g_autofree char *text = local ? sp_format_socket_address (local) : NULL;

  _sp_endpoint_set_string (self, &self->local_address, text, PROP_LOCAL_ADDRESS);
  if (G_IS_INET_SOCKET_ADDRESS (local))
    set_bound_port (self, g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local)));
}

static GSource *
watch_one (SpEndpoint  *self,
           GSocket     *socket,
           GSourceFunc  callback)
{
  GSource *source = g_socket_create_source (socket, G_IO_IN, NULL);

  g_source_set_callback (source, callback, self, NULL);
  /* A UDP socket's datagrams can flood: below GTK's redraw, like the
   * connections' reads. A listener starts at the default priority, so a
   * client's accept() keeps its turn ahead of the reads (and in the same
   * iteration as the connect() that made it); it goes below the redraw
   * only during a storm of clients (see listener_ready_cb()). */
  if (sp_endpoint_is_datagram (self))
    g_source_set_priority (source, SP_CONNECTION_IO_PRIORITY);
  g_source_attach (source, NULL);

  return source;
}

void
_sp_endpoint_watch_socket (SpEndpoint  *self,
                           GSourceFunc  callback)
{
  if (self->socket_source != NULL || (self->io.paused && sp_endpoint_is_datagram (self)))
    return;

  self->socket_source = watch_one (self, self->socket, callback);
  for (guint i = 0; i < self->more_sockets->len; i++)
    g_ptr_array_add (self->more_sources, watch_one (self, self->more_sockets->pdata[i], callback));
}

void
_sp_endpoint_unwatch_sockets (SpEndpoint *self)
{
  if (self->socket_source != NULL)
    {
      g_source_destroy (self->socket_source);
      g_clear_pointer (&self->socket_source, g_source_unref);
    }

  for (guint i = 0; i < self->more_sources->len; i++)
    g_source_destroy (self->more_sources->pdata[i]);
  g_ptr_array_set_size (self->more_sources, 0);
}

static void
close_more_sockets (SpEndpoint *self,
                    gboolean    trace)
{
  for (guint i = 0; i < self->more_sockets->len; i++)
    {
      GSocket *socket = self->more_sockets->pdata[i];

      if (trace)
        sp_call_trace_add (self->io.trace, 0, 0, "sk.close()  # fd %d", g_socket_get_fd (socket));
      g_socket_close (socket, NULL);
    }
  g_ptr_array_set_size (self->more_sockets, 0);
  g_clear_pointer (&self->all_local_addresses, g_free);
}

void
_sp_endpoint_finish_stop (SpEndpoint *self)
{
  /* A stopped endpoint lists no connection. */
  _sp_endpoint_flush_leaving (self);

  if (self->accept_retry_id != 0)
    {
      g_source_remove (self->accept_retry_id);
      self->accept_retry_id = 0;
    }

  _sp_endpoint_unwatch_sockets (self);

  _sp_endpoint_leave_group (self);

  if (self->socket != NULL)
    {
      sp_call_trace_add (self->io.trace, 0, 0, "sk.close()  # fd %d", g_socket_get_fd (self->socket));
      g_socket_close (self->socket, NULL);
      g_clear_object (&self->socket);
    }
  close_more_sockets (self, TRUE);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_hash_table_remove_all (self->udp_peers);
  _sp_endpoint_udp_relay_clear (self);

  set_bound_port (self, 0);
  _sp_endpoint_set_string (self, &self->local_address, NULL, PROP_LOCAL_ADDRESS);
  _sp_endpoint_set_string (self, &self->remote_address, NULL, PROP_REMOTE_ADDRESS);
  _sp_endpoint_set_state (self, SP_ENDPOINT_STATE_STOPPED);
}

/* Start and stop -------------------------------------------------------- */

void
sp_endpoint_start (SpEndpoint *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) literal = NULL;

  g_return_if_fail (SP_IS_ENDPOINT (self));

  if (self->state != SP_ENDPOINT_STATE_STOPPED)
    return;

  _sp_endpoint_set_string (self, &self->error_message, NULL, PROP_ERROR_MESSAGE);
  self->refused_broadcast = FALSE;

  if (!sp_net_check_host (self->host, &error))
    {
      _sp_endpoint_log (self, SP_EVENT_KIND_ERROR, NULL, error->message);
      _sp_endpoint_set_string (self, &self->error_message, error->message, PROP_ERROR_MESSAGE);
      return;
    }

  if (sp_endpoint_kind_is_relay (self->kind) && !_sp_endpoint_relay_check_target (self))
    return;

  if (self->port == 0 && !sp_endpoint_is_server (self))
    {
      const char *message = _("Port 0 can only be used by servers (the system picks a free port). Enter the server’s port.");

      _sp_endpoint_log (self, SP_EVENT_KIND_ERROR, NULL, message);
      _sp_endpoint_set_string (self, &self->error_message, message, PROP_ERROR_MESSAGE);
      return;
    }

  self->cancellable = g_cancellable_new ();
  self->accept_error_reported = FALSE;
  _sp_endpoint_set_state (self, SP_ENDPOINT_STATE_STARTING);

  if (self->kind == SP_ENDPOINT_KIND_TCP_CLIENT)
    {
      _sp_endpoint_start_tcp_client (self);
      return;
    }

  literal = g_inet_address_new_from_string (self->host);
  if (literal != NULL)
    {
      g_autoptr(GPtrArray) addresses = g_ptr_array_new_with_free_func (g_object_unref);

      g_ptr_array_add (addresses, g_inet_socket_address_new (literal, self->port));
      _sp_endpoint_start_with_addresses (self, addresses);
    }
  else
    _sp_endpoint_resolve_and_start (self);
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
    sp_connection_close (g_ptr_array_index (open, i), _("closed by you (Stop)"));

  if (self->socket != NULL)
    {
      g_autofree char *message = NULL;

      if (self->kind == SP_ENDPOINT_KIND_TCP_SERVER || self->kind == SP_ENDPOINT_KIND_TCP_RELAY)
        message = g_strdup_printf (_("close() — stopped listening on %s"),
                                   sp_endpoint_get_all_local_addresses (self));
      else
        message = g_strdup_printf (_("close() — socket on %s closed"), self->local_address);
      _sp_endpoint_log (self, SP_EVENT_KIND_CLOSED, NULL, message);
    }
  else if (self->state == SP_ENDPOINT_STATE_STARTING)
    _sp_endpoint_log (self, SP_EVENT_KIND_INFO, NULL, _("Cancelled before the socket was ready"));

  _sp_endpoint_finish_stop (self);
}

void
sp_endpoint_close_connection (SpEndpoint   *self,
                              SpConnection *connection)
{
  g_return_if_fail (SP_IS_ENDPOINT (self));
  g_return_if_fail (SP_IS_CONNECTION (connection));

  sp_connection_close (connection, _("closed by you"));
}

/* GObject ------------------------------------------------------------------ */

static void
sp_endpoint_dispose (GObject *object)
{
  SpEndpoint *self = (SpEndpoint *)object;

  _sp_endpoint_abandon_connections (self);
  _sp_endpoint_dispose_replies (self);

  if (self->accept_retry_id != 0)
    {
      g_source_remove (self->accept_retry_id);
      self->accept_retry_id = 0;
    }

  if (self->more_sources != NULL)
    _sp_endpoint_unwatch_sockets (self);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->socket != NULL)
    g_socket_close (self->socket, NULL);
  g_clear_object (&self->socket);
  g_clear_object (&self->joined_group);
  if (self->more_sockets != NULL)
    close_more_sockets (self, FALSE);
  g_clear_pointer (&self->more_sockets, g_ptr_array_unref);
  g_clear_pointer (&self->more_sources, g_ptr_array_unref);

  g_clear_pointer (&self->udp_peers, g_hash_table_unref);
  _sp_endpoint_udp_relay_dispose (self);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_object (&self->connections);
  g_clear_object (&self->io.events);
  g_clear_pointer (&self->io.trace, sp_call_trace_free);

  G_OBJECT_CLASS (sp_endpoint_parent_class)->dispose (object);
}

static void
sp_endpoint_finalize (GObject *object)
{
  SpEndpoint *self = (SpEndpoint *)object;

  g_free (self->host);
  g_free (self->local_address);
  g_free (self->all_local_addresses);
  g_free (self->remote_address);
  g_free (self->error_message);
  g_free (self->multicast_group);
  g_free (self->multicast_interface);
  g_free (self->target_host);
  g_rand_free (self->io.rand);

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
      g_value_set_uint (value, self->io.read_size);
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

    case PROP_BROADCAST:
      g_value_set_boolean (value, self->broadcast);
      break;

    case PROP_MULTICAST_GROUP:
      g_value_set_string (value, self->multicast_group);
      break;

    case PROP_MULTICAST_INTERFACE:
      g_value_set_string (value, self->multicast_interface);
      break;

    case PROP_MULTICAST_JOINED:
      g_value_set_boolean (value, self->joined_group != NULL);
      break;

    case PROP_PAUSED:
      g_value_set_boolean (value, self->io.paused);
      break;

    case PROP_RCVBUF:
      g_value_set_uint (value, self->rcvbuf);
      break;

    case PROP_SNDBUF:
      g_value_set_uint (value, self->sndbuf);
      break;

    case PROP_SEND_MODE:
      g_value_set_enum (value, self->io.send_mode);
      break;

    case PROP_FRAMING:
      g_value_take_string (value, sp_framing_config_describe (&self->framing));
      break;

    case PROP_DROP_PERCENT:
      g_value_set_uint (value, self->io.drop_percent);
      break;

    case PROP_ECHO:
      g_value_set_boolean (value, self->io.echo);
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
      g_value_set_object (value, self->io.events);
      break;

    case PROP_CONNECTIONS:
      g_value_set_object (value, self->connections);
      break;

    case PROP_N_CONNECTIONS:
      g_value_set_uint (value, g_list_model_get_n_items (G_LIST_MODEL (self->connections)));
      break;

    default:
      /* A relay's own (sp-endpoint-relay.c). */
      if (!_sp_endpoint_relay_get_property (self, prop_id, value))
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

    case PROP_BROADCAST:
      sp_endpoint_set_broadcast (self, g_value_get_boolean (value));
      break;

    case PROP_MULTICAST_GROUP:
      sp_endpoint_set_multicast_group (self, g_value_get_string (value));
      break;

    case PROP_MULTICAST_INTERFACE:
      sp_endpoint_set_multicast_interface (self, g_value_get_string (value));
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
      if (!_sp_endpoint_relay_set_property (self, prop_id, value))
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
    g_param_spec_boolean ("reuse-address", NULL, NULL, TRUE, rw);
  properties[PROP_NO_DELAY] =
    g_param_spec_boolean ("no-delay", NULL, NULL, FALSE, rw);
  /* UDP clients: SO_BROADCAST. */
  properties[PROP_BROADCAST] =
    g_param_spec_boolean ("broadcast", NULL, NULL, FALSE, rw);
  /* UDP servers: the multicast group to join, and on which interface. */
  properties[PROP_MULTICAST_GROUP] =
    g_param_spec_string ("multicast-group", NULL, NULL, NULL, rw);
  properties[PROP_MULTICAST_INTERFACE] =
    g_param_spec_string ("multicast-interface", NULL, NULL, NULL, rw);
  properties[PROP_MULTICAST_JOINED] =
    g_param_spec_boolean ("multicast-joined", NULL, NULL, FALSE, ro);
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
  /* Relays: the server each client is connected on to. */
  properties[PROP_TARGET_HOST] =
    g_param_spec_string ("target-host", NULL, NULL, "127.0.0.1", rw);
  properties[PROP_TARGET_PORT] =
    g_param_spec_uint ("target-port", NULL, NULL, 0, G_MAXUINT16, 8082, rw);
  /* Relays: reading paused on one side only. */
  properties[PROP_PAUSE_CLIENT_SIDE] =
    g_param_spec_boolean ("pause-client-side", NULL, NULL, FALSE, rw);
  properties[PROP_PAUSE_SERVER_SIDE] =
    g_param_spec_boolean ("pause-server-side", NULL, NULL, FALSE, rw);
  /* UDP relays: a client's mapping lives this long without a datagram. */
  properties[PROP_RELAY_IDLE_TIMEOUT] =
    g_param_spec_uint ("relay-idle-timeout", NULL, NULL, SP_ENDPOINT_MIN_RELAY_IDLE_MS,
                       SP_ENDPOINT_MAX_RELAY_IDLE_MS, SP_ENDPOINT_DEFAULT_RELAY_IDLE_MS, rw);
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
  self->target_host = g_strdup ("127.0.0.1");
  self->target_port = 8082;
  self->relay_idle_ms = SP_ENDPOINT_DEFAULT_RELAY_IDLE_MS;
  self->io.owner = G_OBJECT (self);
  self->io.events = sp_event_log_new ();
  self->io.trace = sp_call_trace_new ();
  self->io.read_size = SP_ENDPOINT_DEFAULT_READ_SIZE;
  /* On for servers, as in most real ones: a server restarted while its
   * old connections wait in TIME_WAIT starts anyway (lesson 11 turns it
   * off to show EADDRINUSE). */
  self->reuse_address = TRUE;
  /* The kind's default, a TCP server. */
  self->io.is_server = TRUE;
  self->io.rand = g_rand_new ();
  self->more_sockets = g_ptr_array_new_with_free_func (g_object_unref);
  self->more_sources = g_ptr_array_new_with_free_func ((GDestroyNotify) g_source_unref);
  _sp_endpoint_init_connections (self);
  _sp_endpoint_init_replies (self);
  _sp_endpoint_udp_relay_init (self);
  sp_framing_config_init (&self->framing);
}

SpEndpoint *
sp_endpoint_new (SpEndpointKind kind)
{
  return g_object_new (SP_TYPE_ENDPOINT, "kind", kind, NULL);
}

/* Accessors --------------------------------------------------------------- */

const char *
sp_endpoint_kind_to_string (SpEndpointKind kind)
{
  switch (kind)
    {
    case SP_ENDPOINT_KIND_TCP_SERVER: return _("TCP server");
    case SP_ENDPOINT_KIND_TCP_CLIENT: return _("TCP client");
    case SP_ENDPOINT_KIND_UDP_SERVER: return _("UDP server");
    case SP_ENDPOINT_KIND_UDP_CLIENT: return _("UDP client");
    case SP_ENDPOINT_KIND_TCP_RELAY: return _("TCP relay");
    case SP_ENDPOINT_KIND_UDP_RELAY: return _("UDP relay");
    default: g_return_val_if_reached (NULL);
    }
}

gboolean
sp_endpoint_is_server (SpEndpoint *self)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (self), FALSE);

  return self->kind == SP_ENDPOINT_KIND_TCP_SERVER ||
         self->kind == SP_ENDPOINT_KIND_UDP_SERVER ||
         sp_endpoint_kind_is_relay (self->kind);
}

gboolean
sp_endpoint_is_datagram (SpEndpoint *self)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (self), FALSE);

  return self->kind == SP_ENDPOINT_KIND_UDP_SERVER ||
         self->kind == SP_ENDPOINT_KIND_UDP_CLIENT ||
         self->kind == SP_ENDPOINT_KIND_UDP_RELAY;
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
sp_endpoint_get_all_local_addresses (SpEndpoint *self)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (self), NULL);
  return self->all_local_addresses ? self->all_local_addresses : self->local_address;
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
  return self->io.events;
}

SpEventLog *
sp_endpoint_get_calls (SpEndpoint *self)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (self), NULL);
  return self->io.trace != NULL ? sp_call_trace_get_log (self->io.trace) : NULL;
}

