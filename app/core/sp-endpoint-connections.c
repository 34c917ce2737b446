/* sp-endpoint-connections.c: an endpoint's connections — making them,
 * the open ones (a list model) and every one by id, what they tell their
 * endpoint, and what the kernel holds for them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>

#include "sp-endpoint-private.h"
#include "sp-errno.h"
#include "sp-socket-address.h"

SpConnection *
_sp_endpoint_new_connection (SpEndpoint *self,
                             GSocket    *socket,
                             gboolean    is_datagram,
                             const char *local_address,
                             const char *remote_address)
{
  return sp_connection_new (&self->io, ++self->next_connection_id, socket, is_datagram,
                            local_address, remote_address);
}

SpConnection *
_sp_endpoint_adopt_stream (SpEndpoint         *self,
                           GSocketConnection  *stream,
                           char              **local,
                           char              **remote)
{
  GSocket *socket = g_socket_connection_get_socket (stream);
  SpConnection *connection;

  g_socket_set_blocking (socket, FALSE);
  *local = sp_format_local_address (socket);
  *remote = sp_format_remote_address (socket);

  connection = _sp_endpoint_new_connection (self, socket, FALSE, *local, *remote);
  sp_connection_take_stream (connection, G_IO_STREAM (g_object_ref (stream)));
  return connection;
}

void
_sp_endpoint_setup_connection (SpEndpoint   *self,
                               SpConnection *connection)
{
  sp_connection_set_framing (connection, &self->framing);
  _sp_endpoint_apply_no_delay (self, sp_connection_get_socket (connection));
  sp_connection_register (connection);
}

void
_sp_endpoint_add_connection (SpEndpoint   *self,
                             SpConnection *connection)
{
  g_hash_table_insert (self->by_id, GUINT_TO_POINTER (sp_connection_get_id (connection)),
                       g_object_ref (connection));
  g_list_store_append (self->connections, connection);
  _sp_endpoint_notify (self, PROP_N_CONNECTIONS);
}

/* Takes the closed connections out of the list, a run of neighbours in
 * one change: 10,000 clients leaving at once were 10,000 searches of the
 * list and as many changes (each one a peer list update), in one main loop
 * iteration. */
void
_sp_endpoint_flush_leaving (SpEndpoint *self)
{
  GListModel *model = G_LIST_MODEL (self->connections);
  guint n, end, removed = 0;

  g_clear_handle_id (&self->leaving_id, g_source_remove);
  if (self->leaving == NULL || g_hash_table_size (self->leaving) == 0)
    return;

  n = g_list_model_get_n_items (model);
  end = n;
  /* From the end, so the positions still to visit do not move. */
  for (guint i = n; i > 0; i--)
    {
      g_autoptr(SpConnection) c = g_list_model_get_item (model, i - 1);
      gboolean leaves = g_hash_table_contains (self->leaving, c);

      if (leaves)
        removed++;
      if (!leaves || i == 1 || removed == g_hash_table_size (self->leaving))
        {
          guint first = leaves ? i - 1 : i;

          if (end > first)
            g_list_store_splice (self->connections, first, end - first, NULL, 0);
          end = i - 1;
          if (removed == g_hash_table_size (self->leaving))
            break;
        }
    }

  g_hash_table_remove_all (self->leaving);
  _sp_endpoint_notify (self, PROP_N_CONNECTIONS);
}

static gboolean
flush_leaving_cb (gpointer user_data)
{
  SpEndpoint *self = user_data;

  self->leaving_id = 0;
  _sp_endpoint_flush_leaving (self);

  return G_SOURCE_REMOVE;
}

/* At the default priority: with the reads, in the next iteration. */
static void
remove_connection (SpEndpoint   *self,
                   SpConnection *connection)
{
  g_hash_table_add (self->leaving, g_object_ref (connection));
  if (self->leaving_id == 0)
    self->leaving_id = g_idle_add_full (G_PRIORITY_DEFAULT, flush_leaving_cb, self, NULL);
}

static void
connection_error_cb (SpConnectionHost *host,
                     SpConnection     *connection,
                     const char       *call,
                     const GError     *error)
{
  SpEndpoint *self = SP_ENDPOINT (host->owner);
  /* A datagram to a broadcast address without SO_BROADCAST: every later
   * one fails the same way until the option is on, so the pane says so
   * inline, not only in the log. */
  gboolean refused = sp_connection_get_is_datagram (connection) &&
                     sp_errno_from_error (error) == EACCES;

  _sp_endpoint_report_error (self, connection, call,
                             sp_connection_get_remote_address (connection), error, refused);
  if (refused)
    self->refused_broadcast = TRUE;
}

static void
connection_closed_cb (SpConnectionHost *host,
                      SpConnection     *connection)
{
  SpEndpoint *self = SP_ENDPOINT (host->owner);
  const char *remote = sp_connection_get_remote_address (connection);

  if (sp_connection_get_is_datagram (connection) && remote != NULL)
    g_hash_table_remove (self->udp_peers, remote);
  if (self->kind == SP_ENDPOINT_KIND_UDP_RELAY)
    _sp_endpoint_udp_relay_forget (self, connection);

  remove_connection (self, connection);
  _sp_endpoint_cancel_replies (self, connection);

  /* A TCP client is its one connection: when that ends, so does the client
   * (finishing the stop empties the list). */
  if (self->kind == SP_ENDPOINT_KIND_TCP_CLIENT && self->state != SP_ENDPOINT_STATE_STOPPED)
    _sp_endpoint_finish_stop (self);
}

static void
framing_progress_cb (SpConnectionHost *host)
{
  _sp_endpoint_notify (SP_ENDPOINT (host->owner), PROP_FRAMING);
}

void
_sp_endpoint_init_connections (SpEndpoint *self)
{
  self->connections = g_list_store_new (SP_TYPE_CONNECTION);
  self->udp_peers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->by_id = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
  self->leaving = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  self->io.report_error = connection_error_cb;
  self->io.closed = connection_closed_cb;
  self->io.framing_progress = framing_progress_cb;
}

void
_sp_endpoint_abandon_connections (SpEndpoint *self)
{
  GHashTableIter iter;
  gpointer connection;

  g_clear_handle_id (&self->leaving_id, g_source_remove);
  g_clear_pointer (&self->leaving, g_hash_table_unref);
  if (self->by_id == NULL)
    return;

  /* Every connection, closed ones too: none may call back into us. */
  g_hash_table_iter_init (&iter, self->by_id);
  while (g_hash_table_iter_next (&iter, NULL, &connection))
    sp_connection_abandon (connection);
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

void
sp_endpoint_clear_events (SpEndpoint *self)
{
  GHashTableIter iter;
  SpConnection *connection;

  g_return_if_fail (SP_IS_ENDPOINT (self));

  sp_event_log_clear (self->io.events);

  /* Closed connections were kept for their log entries; those are gone. */
  g_hash_table_iter_init (&iter, self->by_id);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &connection))
    if (sp_connection_get_state (connection) == SP_CONNECTION_STATE_CLOSED)
      {
        sp_connection_abandon (connection);
        g_hash_table_iter_remove (&iter);
      }
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

  if (self->kind == SP_ENDPOINT_KIND_UDP_RELAY)
    return _sp_endpoint_udp_relay_get_queues (self, in_queue, out_queue);
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
