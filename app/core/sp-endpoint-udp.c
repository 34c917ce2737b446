/* sp-endpoint-udp.c: UDP servers and clients — one socket, its datagrams,
 * and a connection for each peer (where replies go)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sys/socket.h>

#include <glib/gi18n-lib.h>

#include "sp-endpoint-private.h"
#include "sp-py-format.h"
#include "sp-socket-address.h"

/* The peer at @address, met on @socket (replies go out through it). */
static SpConnection *
udp_peer_for (SpEndpoint     *self,
              GSocket        *socket,
              GSocketAddress *address,
              const char     *address_string)
{
  SpConnection *connection = g_hash_table_lookup (self->udp_peers, address_string);

  if (connection == NULL)
    {
      g_autoptr(SpConnection) created = NULL;
      g_autofree char *local = socket == self->socket ? g_strdup (self->local_address)
                                                      : sp_format_local_address (socket);

      created = _sp_endpoint_new_connection (self, socket, TRUE, local, address_string);
      sp_connection_set_remote (created, address);
      /* The store owns peers; the table only finds them. */
      _sp_endpoint_add_connection (self, created);
      g_hash_table_insert (self->udp_peers, g_strdup (address_string), created);
      connection = created;
    }

  return connection;
}

/* An ICMP error on a connect()ed UDP socket shows up as a failed read; the
 * socket itself stays usable. */
static void
read_failed (SpEndpoint   *self,
             SpConnection *known,
             const GError *error)
{
  g_autoptr(SpConnection) target = known ? g_object_ref (known) : NULL;
  GListModel *connections = G_LIST_MODEL (self->connections);

  if (self->kind == SP_ENDPOINT_KIND_UDP_CLIENT && g_list_model_get_n_items (connections) > 0)
    target = g_list_model_get_item (connections, 0);

  /* A relay's upstream socket, named as its other calls are. */
  if (self->kind == SP_ENDPOINT_KIND_UDP_RELAY && known != NULL)
    {
      g_autofree char *call = g_strdup_printf ("upstream%u.recv", sp_connection_get_id (known));
      g_autofree char *size = g_strdup_printf ("%u", self->io.read_size);

      _sp_endpoint_report_error_traced (self, known, "recv", sp_connection_get_remote_address (known),
                                        call, size, error);
      return;
    }

  _sp_endpoint_report_error (self, target, known ? "recv" : "recvfrom",
                             target ? sp_connection_get_remote_address (target) : self->remote_address,
                             error, FALSE);
}

/* A datagram is a message by nature; framing applies inside it. */
static void
decode_datagram (SpEndpoint   *self,
                 SpConnection *connection,
                 const char   *from,
                 GBytes       *datagram)
{
  g_autoptr(SpFrameDecoder) decoder = sp_frame_decoder_new (&self->framing);
  g_autoptr(GPtrArray) frames = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_frame_free);
  g_autoptr(GError) framing_error = NULL;

  if (sp_frame_decoder_feed_bytes (decoder, datagram, frames, &framing_error))
    sp_frame_decoder_finish (decoder, &framing_error);
  sp_connection_host_log_frames (&self->io, connection, from, frames);
  if (framing_error != NULL)
    sp_connection_host_report_framing_error (&self->io, connection, framing_error);
}

/* The connection a datagram from @from on @socket belongs to (NULL: none). */
static SpConnection *
datagram_connection (SpEndpoint     *self,
                     GSocket        *socket,
                     SpConnection   *known,
                     GSocketAddress *from,
                     const char     *from_string)
{
  if (known != NULL)
    return known;
  if (self->kind == SP_ENDPOINT_KIND_UDP_SERVER && from != NULL)
    return udp_peer_for (self, socket, from, from_string);
  if (self->kind == SP_ENDPOINT_KIND_UDP_RELAY && from != NULL)
    return _sp_endpoint_udp_relay_client_for (self, socket, from, from_string);
  if (self->kind == SP_ENDPOINT_KIND_UDP_CLIENT)
    return g_hash_table_lookup (self->udp_peers, from_string);
  return NULL;
}

/* One receive call returned @n bytes (a datagram, cut to the read size
 * when @truncated) from @from, read into @buffer; @known: the connection
 * of a connect()ed socket. */
static void
take_datagram (SpEndpoint     *self,
               GSocket        *socket,
               SpConnection   *known,
               GSocketAddress *from,
               guint8         *buffer,
               gssize          n,
               gboolean        truncated)
{
  g_autofree char *from_string = from ? sp_format_socket_address (from)
                                      : g_strdup (known ? sp_connection_get_remote_address (known)
                                                        : self->remote_address);
  g_autoptr(GBytes) payload = n > 0 ? sp_event_log_commit_payload (self->io.events, self->io.read_size, n)
                                    : g_bytes_new (NULL, 0);
  G_GNUC_UNUSED g_autoptr(SpConnection) hold = NULL;
  SpConnection *connection = datagram_connection (self, socket, known, from, from_string);
  guint received;

  /* Forwarding may close it (a mapping that failed). */
  if (connection != NULL)
    hold = g_object_ref (connection);

  {
    SpEventInit init = {
      .kind = SP_EVENT_KIND_RECEIVED,
      .direction = SP_DIRECTION_IN,
      .connection_id = connection ? sp_connection_get_id (connection) : 0,
      .peer = from_string,
      .payload = payload,
      .client_to_server = sp_connection_host_flows_to_server (&self->io, connection, SP_DIRECTION_IN),
      .truncated = truncated,
    };

    if (n > 0)
      buffer = (guint8 *) g_bytes_get_data (payload, NULL);
    /* A relay's sides keep their datagrams: the Stream tab shows each
     * direction's boundaries through it. */
    if (connection != NULL && sp_connection_get_relay_side (connection) != SP_RELAY_SIDE_NONE)
      sp_connection_record_received (connection, buffer, n);
    else if (connection != NULL)
      sp_connection_add_bytes_received (connection, n);
    received = sp_event_log_add_now (self->io.events, &init);
  }

  sp_call_trace_add_read (self->io.trace, connection ? sp_connection_get_id (connection) : 0,
                          known ? SP_CALL_FORM_RECV_UPSTREAM : SP_CALL_FORM_RECVFROM, self->io.read_size,
                          self->io.events, received);
  if (connection != NULL && sp_connection_get_relay_side (connection) != SP_RELAY_SIDE_NONE)
    _sp_endpoint_udp_relay_forward (self, connection, payload, truncated);
  else if (connection != NULL)
    {
      sp_connection_echo (connection, buffer, n);
      /* With framing on, reply rules look at messages instead. */
      if (self->framing.mode == SP_FRAMING_OFF && self->io.received_unit != NULL)
        self->io.received_unit (&self->io, connection, buffer, n);
    }

  if (self->framing.mode != SP_FRAMING_OFF)
    decode_datagram (self, connection, from_string, payload);
}

gboolean
_sp_endpoint_udp_read (SpEndpoint   *self,
                       GSocket      *socket,
                       SpConnection *known)
{
  guint n_reads = sp_connection_host_reads_per_dispatch (&self->io);

  for (guint i = 0; i < n_reads; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSocketAddress) from = NULL;
      GInputVector vector = {
        sp_event_log_reserve_payload (self->io.events, self->io.read_size),
        self->io.read_size
      };
      int flags = 0;
      gssize n;

      n = g_socket_receive_message (socket, &from, &vector, 1, NULL, NULL, &flags,
                                    NULL, &error);

      if (n >= 0)
        take_datagram (self, socket, known, from, vector.buffer, n, (flags & MSG_TRUNC) != 0);
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        return G_SOURCE_CONTINUE;
      else
        read_failed (self, known, error);

      /* Stopped meanwhile (a handler), or the mapping was forgotten. */
      if (self->io.events == NULL || (known != NULL && sp_connection_get_state (known) == SP_CONNECTION_STATE_CLOSED))
        return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

gboolean
_sp_endpoint_udp_readable_cb (GSocket      *socket,
                              GIOCondition  condition,
                              gpointer      user_data)
{
  SpEndpoint *self = user_data;
  G_GNUC_UNUSED g_autoptr(SpEndpoint) hold = g_object_ref (self);
  gboolean again;

  sp_connection_host_freeze_logs (&self->io);
  again = _sp_endpoint_udp_read (self, socket, NULL);
  sp_connection_host_thaw_logs (&self->io);

  return again;
}

void
_sp_endpoint_udp_set_paused (SpEndpoint *self,
                             gboolean    paused)
{
  if (self->kind == SP_ENDPOINT_KIND_UDP_RELAY)
    {
      /* Each side follows its own pause too. */
      for (SpRelaySide side = SP_RELAY_SIDE_CLIENT; side <= SP_RELAY_SIDE_SERVER; side++)
        _sp_endpoint_udp_relay_set_paused (self, side, paused || self->io.relay_paused[side]);
      return;
    }

  if (paused)
    _sp_endpoint_unwatch_sockets (self);
  else if (!paused && self->socket != NULL)
    _sp_endpoint_watch_socket (self, G_SOURCE_FUNC (_sp_endpoint_udp_readable_cb));
}

void
_sp_endpoint_start_udp_server (SpEndpoint *self,
                               GPtrArray  *addresses)
{
  g_autofree char *message = NULL;

  if (!_sp_endpoint_bind_server_socket (self, addresses, G_SOCKET_TYPE_DATAGRAM))
    return;

  _sp_endpoint_take_server_addresses (self);

  if (!_sp_endpoint_join_group (self))
    return;

  message = g_strdup_printf (_("bind() — waiting for datagrams on %s"),
                             sp_endpoint_get_all_local_addresses (self));
  _sp_endpoint_log (self, SP_EVENT_KIND_LISTENING, NULL, message);

  _sp_endpoint_watch_socket (self, G_SOURCE_FUNC (_sp_endpoint_udp_readable_cb));
  _sp_endpoint_set_state (self, SP_ENDPOINT_STATE_RUNNING);
}

/* connect() (datagrams go to @target by default, and only its come back) or
 * bind() to any port: sendto() would bind implicitly on first use; binding
 * now lets the pane show its own port before anything is sent. */
static gboolean
aim_client_socket (SpEndpoint          *self,
                   GSocket             *socket,
                   GInetSocketAddress  *target,
                   GError             **error)
{
  g_autoptr(GInetAddress) any = NULL;
  g_autoptr(GSocketAddress) any_address = NULL;
  g_autofree char *where = NULL;

  if (self->udp_connect)
    {
      if (!g_socket_connect (socket, G_SOCKET_ADDRESS (target), NULL, error))
        return FALSE;
      where = sp_py_socket_address (G_SOCKET_ADDRESS (target));
      sp_call_trace_add (self->io.trace, 0, 0, "connect(%s) → 0", where);
      return TRUE;
    }

  any = g_inet_address_new_any (g_socket_address_get_family (G_SOCKET_ADDRESS (target)));
  any_address = g_inet_socket_address_new (any, 0);
  if (!g_socket_bind (socket, any_address, FALSE, error))
    return FALSE;
  where = sp_py_local_address (socket);
  sp_call_trace_add (self->io.trace, 0, 0, "bind(%s)", where);
  return TRUE;
}

void
_sp_endpoint_start_udp_client (SpEndpoint         *self,
                               GInetSocketAddress *target)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autofree char *target_string = sp_format_socket_address (G_SOCKET_ADDRESS (target));
  g_autofree char *message = NULL;
  GSocketFamily family = g_socket_address_get_family (G_SOCKET_ADDRESS (target));
  SpConnection *connection;

  socket = g_socket_new (family, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP, &error);
  if (socket == NULL)
    {
      _sp_endpoint_report_error (self, NULL, "socket", target_string, error, TRUE);
      _sp_endpoint_finish_stop (self);
      return;
    }

  sp_call_trace_add (self->io.trace, 0, 0, "socket(%s, SOCK_DGRAM) → fd %d", sp_py_family (socket),
                     g_socket_get_fd (socket));
  g_socket_set_blocking (socket, FALSE);
  _sp_endpoint_apply_buffer_sizes (self, socket, TRUE);
  /* Before connect(): connecting to a broadcast address needs it too. */
  _sp_endpoint_apply_broadcast (self, socket);
  if (!_sp_endpoint_apply_multicast_interface (self, socket, target, &error))
    {
      _sp_endpoint_report_error (self, NULL, "setsockopt", self->multicast_interface, error, TRUE);
      _sp_endpoint_finish_stop (self);
      return;
    }

  if (!aim_client_socket (self, socket, target, &error))
    {
      _sp_endpoint_report_error (self, NULL, self->udp_connect ? "connect" : "bind",
                                 target_string, error, TRUE);
      _sp_endpoint_finish_stop (self);
      return;
    }

  self->socket = g_steal_pointer (&socket);
  _sp_endpoint_take_local_address (self, self->socket);
  _sp_endpoint_set_string (self, &self->remote_address, target_string, PROP_REMOTE_ADDRESS);

  connection = udp_peer_for (self, self->socket, G_SOCKET_ADDRESS (target), target_string);
  if (self->udp_connect)
    {
      /* A connect()ed UDP socket must use send(), not sendto(). */
      sp_connection_set_remote (connection, NULL);
      message = g_strdup_printf (_("connect() — datagrams go to %s by default; %s ↔ %s"),
                                 target_string, self->local_address, target_string);
      _sp_endpoint_log (self, SP_EVENT_KIND_CONNECTED, connection, message);
    }
  else
    {
      message = g_strdup_printf (_("bind() — ready to send to %s from %s"),
                                 target_string, self->local_address);
      _sp_endpoint_log (self, SP_EVENT_KIND_LISTENING, NULL, message);
    }

  _sp_endpoint_watch_socket (self, G_SOURCE_FUNC (_sp_endpoint_udp_readable_cb));
  _sp_endpoint_set_state (self, SP_ENDPOINT_STATE_RUNNING);
}
