/* sp-endpoint-udp-relay.c: a UDP relay — it listens like a UDP server and
 * sends each client's datagrams on to its target from a socket of that
 * client's own, connect()ed to the target, so the target's replies come
 * back on it and go to the right client (a mapping, as a NAT keeps one)
 *
 * Each row of the log is one recvfrom() or sendto() the relay made, on its
 * side; every datagram is passed on whole. A mapping nobody used for the
 * idle timeout is forgotten and its socket closed; the client's next
 * datagram makes a new one, from a new port.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sp-endpoint-private.h"
#include "sp-py-format.h"
#include "sp-socket-address.h"
#include "sp-socket-watch.h"

/* Past this many bytes waiting to go out on one side, a datagram is not
 * passed on (and the log says so): UDP may drop, memory must stay bounded. */
#define MAX_QUEUED (4 * 1024 * 1024)

typedef struct {
  SpEndpoint   *self;          /* not a reference: the endpoint owns it */
  char         *client;        /* the client's address, the table's key */
  SpConnection *client_side;   /* on the listening socket, to the client */
  SpConnection *server_side;   /* on @upstream, to the target */
  GSocket      *upstream;
  SpSocketWatch *source;       /* reading @upstream (NULL: paused) */
  guint         idle_id;
  gint64        last_used;     /* monotonic, µs */
} Mapping;

static void
mapping_stop_reading (Mapping *mapping)
{
  sp_socket_watch_clear (&mapping->source);
}

static void
mapping_free (Mapping *mapping)
{
  SpEndpoint *self = mapping->self;

  mapping_stop_reading (mapping);
  g_clear_handle_id (&mapping->idle_id, g_source_remove);
  if (mapping->upstream != NULL)
    {
      if (self->io.trace != NULL)
        sp_call_trace_add (self->io.trace, sp_connection_get_id (mapping->server_side), 0,
                           "upstream%u.close()  # fd %d", sp_connection_get_id (mapping->server_side),
                           g_socket_get_fd (mapping->upstream));
      g_socket_close (mapping->upstream, NULL);
      g_object_unref (mapping->upstream);
    }
  g_object_unref (mapping->client_side);
  g_clear_object (&mapping->server_side);
  g_free (mapping->client);
  g_free (mapping);
}

void
_sp_endpoint_udp_relay_init (SpEndpoint *self)
{
  self->udp_mappings = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) mapping_free);
  self->udp_mappings_by_connection = g_hash_table_new (NULL, NULL);
}

void
_sp_endpoint_udp_relay_clear (SpEndpoint *self)
{
  g_hash_table_remove_all (self->udp_mappings_by_connection);
  g_hash_table_remove_all (self->udp_mappings);
  g_clear_object (&self->udp_target);
}

void
_sp_endpoint_udp_relay_dispose (SpEndpoint *self)
{
  if (self->udp_mappings != NULL)
    _sp_endpoint_udp_relay_clear (self);
  g_clear_pointer (&self->udp_mappings_by_connection, g_hash_table_unref);
  g_clear_pointer (&self->udp_mappings, g_hash_table_unref);
}

void
_sp_endpoint_udp_relay_forget (SpEndpoint   *self,
                               SpConnection *connection)
{
  Mapping *mapping = g_hash_table_lookup (self->udp_mappings_by_connection, connection);

  if (mapping == NULL)
    return;

  g_hash_table_remove (self->udp_mappings_by_connection, mapping->client_side);
  if (mapping->server_side != NULL)
    g_hash_table_remove (self->udp_mappings_by_connection, mapping->server_side);
  g_hash_table_remove (self->udp_mappings, mapping->client);
}

guint
sp_endpoint_get_relay_idle_timeout (SpEndpoint *self)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (self), 0);
  return self->relay_idle_ms;
}

void
sp_endpoint_set_relay_idle_timeout (SpEndpoint *self,
                                    guint       msec)
{
  g_return_if_fail (SP_IS_ENDPOINT (self));

  msec = CLAMP (msec, SP_ENDPOINT_MIN_RELAY_IDLE_MS, SP_ENDPOINT_MAX_RELAY_IDLE_MS);
  if (self->relay_idle_ms == msec)
    return;

  /* Running mappings check it the next time their timer fires. */
  self->relay_idle_ms = msec;
  _sp_endpoint_notify (self, PROP_RELAY_IDLE_TIMEOUT);
}

/* Reading the upstream sockets ---------------------------------------------- */

static gboolean
upstream_readable_cb (GSocket      *socket,
                      GIOCondition  condition,
                      gpointer      user_data)
{
  Mapping *mapping = user_data;
  SpEndpoint *self = mapping->self;
  G_GNUC_UNUSED g_autoptr(SpEndpoint) hold = g_object_ref (self);
  G_GNUC_UNUSED g_autoptr(SpConnection) hold_side = g_object_ref (mapping->server_side);
  gboolean again;

  sp_connection_host_freeze_logs (&self->io);
  /* May forget @mapping: its watch is destroyed then, and not called
   * again whatever this returns. */
  again = _sp_endpoint_udp_read (self, socket, hold_side);
  sp_connection_host_thaw_logs (&self->io);

  return again;
}

static void
mapping_read (Mapping *mapping)
{
  if (mapping->source != NULL || mapping->upstream == NULL)
    return;

  /* A relay may hold a mapping for each of many clients: their sockets
   * share one source. */
  mapping->source = sp_socket_watch_new (mapping->upstream, G_IO_IN, SP_CONNECTION_IO_PRIORITY,
                                         upstream_readable_cb, mapping);
}

void
_sp_endpoint_udp_relay_set_paused (SpEndpoint  *self,
                                   SpRelaySide  side,
                                   gboolean     paused)
{
  GHashTableIter iter;
  Mapping *mapping;

  if (side == SP_RELAY_SIDE_CLIENT)
    {
      if (paused)
        _sp_endpoint_unwatch_sockets (self);
      else if (self->socket != NULL && self->udp_target != NULL && !self->io.paused)
        _sp_endpoint_watch_socket (self, G_SOURCE_FUNC (_sp_endpoint_udp_readable_cb));
      return;
    }

  g_hash_table_iter_init (&iter, self->udp_mappings);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &mapping))
    if (paused)
      mapping_stop_reading (mapping);
    else
      mapping_read (mapping);
}

gboolean
_sp_endpoint_udp_relay_get_queues (SpEndpoint *self,
                                   guint      *in_queue,
                                   guint      *out_queue)
{
  GHashTableIter iter;
  Mapping *mapping;
  gboolean any = sp_socket_get_kernel_queues (self->socket, in_queue, out_queue);

  g_hash_table_iter_init (&iter, self->udp_mappings);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &mapping))
    {
      guint in, out;

      if (mapping->upstream != NULL && sp_socket_get_kernel_queues (mapping->upstream, &in, &out))
        {
          *in_queue += in;
          *out_queue += out;
          any = TRUE;
        }
    }

  return any;
}

/* Idle mappings --------------------------------------------------------- */

static gboolean mapping_idle_cb (gpointer user_data);

static void
mapping_arm (Mapping *mapping,
             guint    msec)
{
  mapping->idle_id = g_timeout_add (msec, mapping_idle_cb, mapping);
}

static gboolean
mapping_idle_cb (gpointer user_data)
{
  Mapping *mapping = user_data;
  SpEndpoint *self = mapping->self;
  G_GNUC_UNUSED g_autoptr(SpEndpoint) hold = g_object_ref (self);
  G_GNUC_UNUSED g_autoptr(SpConnection) client_side = g_object_ref (mapping->client_side);
  gint64 idle_ms = (g_get_monotonic_time () - mapping->last_used) / 1000;
  g_autofree char *local = NULL;
  g_autofree char *message = NULL;
  g_autofree char *why = NULL;

  mapping->idle_id = 0;
  if (idle_ms < self->relay_idle_ms)
    {
      /* Used meanwhile: wait for the rest of the timeout from then. */
      mapping_arm (mapping, self->relay_idle_ms - idle_ms);
      return G_SOURCE_REMOVE;
    }

  if (mapping->upstream == NULL)
    {
      sp_connection_close (client_side, _("mapping expired"));
      return G_SOURCE_REMOVE;
    }

  local = sp_format_local_address (mapping->upstream);
  /* TRANSLATORS: "mapping for client 127.0.0.1:40222 expired: no datagram either way for 60.0 s …" */
  message = g_strdup_printf (_("Mapping for client %s expired: no datagram either way for %.1f s; close() on its upstream socket %s. Its next datagram gets a new socket and port."),
                             mapping->client, self->relay_idle_ms / 1000.0, local);
  _sp_endpoint_log (self, SP_EVENT_KIND_CLOSED, mapping->server_side, message);

  why = g_strdup (_("mapping expired"));
  /* The partner closes too, and the mapping is forgotten. */
  sp_connection_close (client_side, why);
  return G_SOURCE_REMOVE;
}

/* Making a mapping -------------------------------------------------------- */

/* The upstream socket: socket(), buffer sizes, connect() to the target. */
static GSocket *
open_upstream (SpEndpoint  *self,
               GError     **error)
{
  GSocketFamily family = g_socket_address_get_family (G_SOCKET_ADDRESS (self->udp_target));
  g_autoptr(GSocket) socket = g_socket_new (family, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP, error);

  if (socket == NULL)
    return NULL;

  g_socket_set_blocking (socket, FALSE);
  _sp_endpoint_apply_buffer_sizes (self, socket, FALSE);
  /* UDP connect(): replies only from the target, and ICMP errors (port
   * unreachable) come back as ECONNREFUSED. */
  if (!g_socket_connect (socket, G_SOCKET_ADDRESS (self->udp_target), NULL, error))
    return NULL;

  return g_steal_pointer (&socket);
}

static void
trace_new_mapping (SpEndpoint *self,
                   guint       id,
                   GSocket    *upstream)
{
  g_autofree char *to = sp_py_remote_address (upstream);
  g_autofree char *from = sp_py_local_address (upstream);

  sp_call_trace_add (self->io.trace, id, 0, "upstream%u = socket.socket(%s, SOCK_DGRAM)  # fd %d", id,
                     sp_py_family (upstream), g_socket_get_fd (upstream));
  sp_call_trace_add (self->io.trace, id, 0, "upstream%u.connect(%s) → 0; getsockname() → %s", id, to, from);
}

/* A new client: its side of the mapping, before any call is made for it
 * (its upstream socket comes when its datagram is passed on). */
SpConnection *
_sp_endpoint_udp_relay_client_for (SpEndpoint     *self,
                                   GSocket        *socket,
                                   GSocketAddress *from,
                                   const char     *from_string)
{
  g_autofree char *listening = NULL;
  Mapping *mapping = g_hash_table_lookup (self->udp_mappings, from_string);

  if (mapping != NULL)
    return mapping->client_side;

  mapping = g_new0 (Mapping, 1);
  mapping->self = self;
  mapping->client = g_strdup (from_string);
  mapping->last_used = g_get_monotonic_time ();
  listening = socket == self->socket ? g_strdup (self->local_address) : sp_format_local_address (socket);
  mapping->client_side = _sp_endpoint_new_connection (self, socket, TRUE, listening, from_string);
  sp_connection_set_remote (mapping->client_side, from);
  sp_connection_link_relay (mapping->client_side, NULL);
  g_hash_table_insert (self->udp_mappings, mapping->client, mapping);
  g_hash_table_insert (self->udp_mappings_by_connection, mapping->client_side, mapping);
  _sp_endpoint_add_connection (self, mapping->client_side);
  mapping_arm (mapping, self->relay_idle_ms);

  return mapping->client_side;
}

/* The mapping's upstream socket and its side, after the client's first
 * recvfrom(): FALSE (the client side closed) when the socket could not be
 * made. */
static gboolean
open_mapping (SpEndpoint *self,
              Mapping    *mapping)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) upstream = NULL;
  g_autofree char *local = NULL;
  g_autofree char *target = sp_format_socket_address (G_SOCKET_ADDRESS (self->udp_target));
  g_autofree char *message = NULL;

  upstream = open_upstream (self, &error);
  if (upstream == NULL)
    {
      _sp_endpoint_report_error (self, mapping->client_side, "connect", target, error, FALSE);
      /* TRANSLATORS: %s is the target, "127.0.0.1:8082" */
      message = g_strdup_printf (_("the relay could not open a socket to its target %s for this client"), target);
      /* Forgets the mapping. */
      sp_connection_close (mapping->client_side, message);
      return FALSE;
    }

  local = sp_format_local_address (upstream);
  mapping->upstream = g_steal_pointer (&upstream);
  mapping->server_side = _sp_endpoint_new_connection (self, mapping->upstream, TRUE, local, target);
  /* connect()ed: send(), not sendto(). */
  sp_connection_set_remote (mapping->server_side, NULL);
  sp_connection_link_relay (mapping->client_side, mapping->server_side);
  g_hash_table_insert (self->udp_mappings_by_connection, mapping->server_side, mapping);

  trace_new_mapping (self, sp_connection_get_id (mapping->server_side), mapping->upstream);
  /* TRANSLATORS: "new mapping: client 127.0.0.1:40222 ↔ upstream socket 127.0.0.1:51000 → 127.0.0.1:9000 …" */
  message = g_strdup_printf (_("New mapping: client %s ↔ upstream socket %s → target %s (connection #%u relays #%u’s datagrams; forgotten after %.1f s without one)"),
                             mapping->client, local, target, sp_connection_get_id (mapping->server_side),
                             sp_connection_get_id (mapping->client_side), self->relay_idle_ms / 1000.0);
  _sp_endpoint_log (self, SP_EVENT_KIND_CONNECTED, mapping->server_side, message);
  _sp_endpoint_add_connection (self, mapping->server_side);

  if (!self->io.paused && !self->io.relay_paused[SP_RELAY_SIDE_SERVER])
    mapping_read (mapping);
  return TRUE;
}

/* Passing datagrams on ---------------------------------------------------- */

void
_sp_endpoint_udp_relay_forward (SpEndpoint   *self,
                                SpConnection *connection,
                                GBytes       *payload,
                                gboolean      truncated)
{
  Mapping *mapping = g_hash_table_lookup (self->udp_mappings_by_connection, connection);
  SpConnection *partner;
  g_autofree char *message = NULL;

  if (mapping == NULL || (mapping->server_side == NULL && !open_mapping (self, mapping)))
    return;

  partner = sp_connection_get_relay_partner (connection);
  if (partner == NULL || sp_connection_get_state (partner) == SP_CONNECTION_STATE_CLOSED)
    return;

  mapping->last_used = g_get_monotonic_time ();

  if (sp_connection_get_bytes_queued (partner) >= MAX_QUEUED)
    {
      /* TRANSLATORS: %lu is a byte count */
      message = g_strdup_printf (_("This datagram is not passed on: %lu bytes already wait to be sent that way (a UDP relay drops rather than hold more)"),
                                 (gulong) sp_connection_get_bytes_queued (partner));
      _sp_endpoint_log (self, SP_EVENT_KIND_ERROR, connection, message);
      return;
    }

  if (truncated)
    {
      /* TRANSLATORS: %u is the recv() size */
      message = g_strdup_printf (_("This datagram was longer than recv() size %u (MSG_TRUNC): only its first %u bytes are passed on. Raise recv() size in the socket options to pass datagrams whole."),
                                 self->io.read_size, self->io.read_size);
      _sp_endpoint_log (self, SP_EVENT_KIND_INFO, connection, message);
    }

  sp_connection_send (partner, payload, 0, 0, 0);
}

/* Starting ------------------------------------------------------------- */

typedef struct {
  SpEndpoint *self;
  GPtrArray  *addresses;
} Start;

static void
start_free (Start *start)
{
  g_object_unref (start->self);
  g_ptr_array_unref (start->addresses);
  g_free (start);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Start, start_free)

static void
listen_now (SpEndpoint *self,
            GPtrArray  *addresses,
            GInetAddress *target)
{
  g_autofree char *target_string = NULL;
  g_autofree char *message = NULL;

  self->udp_target = G_INET_SOCKET_ADDRESS (g_inet_socket_address_new (target, self->target_port));
  _sp_endpoint_start_udp_server (self, addresses);
  if (self->state != SP_ENDPOINT_STATE_RUNNING)
    return;

  target_string = sp_format_socket_address (G_SOCKET_ADDRESS (self->udp_target));
  /* TRANSLATORS: %s is the target, "127.0.0.1:9000" */
  message = g_strdup_printf (_("Each client’s datagrams go on to %s from a socket of that client’s own, so replies find their way back"),
                             target_string);
  _sp_endpoint_log (self, SP_EVENT_KIND_INFO, NULL, message);
  _sp_endpoint_udp_set_paused (self, self->io.paused);
}

static void
lookup_target_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(Start) start = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  GList *resolved = g_resolver_lookup_by_name_finish (G_RESOLVER (object), result, &error);
  SpEndpoint *self = start->self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->state != SP_ENDPOINT_STATE_STARTING)
    {
      g_resolver_free_addresses (resolved);
      return;
    }

  if (resolved == NULL)
    {
      _sp_endpoint_report_error_on (self, NULL, "getaddrinfo", self->target_host, self->target_host,
                                    self->target_port, error, TRUE);
      _sp_endpoint_finish_stop (self);
      return;
    }

  for (GList *l = resolved; l != NULL; l = l->next)
    g_ptr_array_add (sorted, l->data);
  g_ptr_array_sort (sorted, _sp_endpoint_ipv4_first);
  listen_now (self, start->addresses, sorted->pdata[0]);
  g_resolver_free_addresses (resolved);
}

void
_sp_endpoint_start_udp_relay (SpEndpoint *self,
                              GPtrArray  *addresses)
{
  g_autoptr(GInetAddress) literal = g_inet_address_new_from_string (self->target_host);
  g_autoptr(GResolver) resolver = NULL;
  Start *start;

  if (literal != NULL)
    {
      listen_now (self, addresses, literal);
      return;
    }

  start = g_new0 (Start, 1);
  start->self = g_object_ref (self);
  start->addresses = g_ptr_array_ref (addresses);
  resolver = g_resolver_get_default ();
  g_resolver_lookup_by_name_async (resolver, self->target_host, self->cancellable, lookup_target_cb, start);
}
