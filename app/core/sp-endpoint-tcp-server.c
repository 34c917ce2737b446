/* sp-endpoint-tcp-server.c: a TCP server — listen(), then accept() each
 * client as a connection of its own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>

#include <glib/gi18n-lib.h>

#include "sp-endpoint-private.h"
#include "sp-errno.h"
#include "sp-py-format.h"
#include "sp-socket-address.h"
#include "sp-system.h"

static gboolean listener_ready_cb (GSocket      *socket,
                                   GIOCondition  condition,
                                   gpointer      user_data);

static gboolean
accept_retry_cb (gpointer user_data)
{
  SpEndpoint *self = user_data;

  self->accept_retry_id = 0;
  if (self->socket != NULL && self->socket_source == NULL)
    _sp_endpoint_watch_socket (self, G_SOURCE_FUNC (listener_ready_cb));

  return G_SOURCE_REMOVE;
}

/* Out of descriptors: say so once, stop polling the listener for a while
 * (it would stay readable and spin), keep the open connections. */
static void
accept_failed (SpEndpoint   *self,
               const GError *error)
{
  int errnum = sp_errno_from_error (error);
  gboolean out_of_files = errnum == EMFILE || errnum == ENFILE;

  if (!out_of_files || !self->accept_error_reported)
    _sp_endpoint_report_error (self, NULL, "accept", self->local_address, error, FALSE);

  if (out_of_files)
    self->accept_error_reported = TRUE;

  _sp_endpoint_unwatch_sockets (self);
  self->accept_retry_id = g_timeout_add (SP_ENDPOINT_ACCEPT_RETRY_MS, accept_retry_cb, self);
}

static void
accepted (SpEndpoint *self,
          GSocket    *socket)
{
  g_autoptr(SpConnection) connection = NULL;
  g_autofree char *local = NULL;
  g_autofree char *remote = NULL;
  g_autofree char *message = NULL;
  g_autofree char *from = NULL;
  g_autofree char *name = NULL;

  g_socket_set_blocking (socket, FALSE);
  local = sp_format_local_address (socket);
  remote = sp_format_remote_address (socket);
  connection = _sp_endpoint_new_connection (self, socket, FALSE, local, remote);

  message = g_strdup_printf (_("accept() returned connection #%u: %s ↔ %s"),
                             sp_connection_get_id (connection), local, remote);
  _sp_endpoint_setup_connection (self, connection);
  from = sp_py_remote_address (socket);
  name = sp_py_socket_name (TRUE, sp_connection_get_id (connection));
  sp_call_trace_add (self->io.trace, sp_connection_get_id (connection), 0,
                     "%s, addr = sk.accept()  # fd %d, addr = %s", name, g_socket_get_fd (socket), from);
  _sp_endpoint_log (self, SP_EVENT_KIND_ACCEPTED, connection, message);
  /* A relay's client side is one from the start, before it is listed. */
  if (self->kind == SP_ENDPOINT_KIND_TCP_RELAY)
    sp_connection_link_relay (connection, NULL);
  _sp_endpoint_add_connection (self, connection);
  if (self->kind == SP_ENDPOINT_KIND_TCP_RELAY)
    _sp_endpoint_relay_accepted (self, connection);
  else
    sp_connection_watch (connection);
}

/* GLib dispatches only the most urgent of the ready sources, and GTK draws
 * from an idle at GDK_PRIORITY_REDRAW (G_PRIORITY_HIGH_IDLE + 20). A
 * listener whose queue never empties (thousands of clients arriving) is
 * ready at every iteration: at G_PRIORITY_DEFAULT it would keep the frame
 * clock from ever running. So while a dispatch leaves clients waiting, the
 * listener runs at the reads' priority, below the redraw; once the queue is
 * empty it is back at the default, ahead of the reads. */
static void
set_storm (SpEndpoint *self,
           gboolean    storm)
{
  int priority = storm ? SP_CONNECTION_IO_PRIORITY : G_PRIORITY_DEFAULT;

  /* localhost listens on two sockets: both take their turn the same way. */
  if (self->socket_source != NULL)
    g_source_set_priority (self->socket_source, priority);
  for (guint i = 0; i < self->more_sources->len; i++)
    g_source_set_priority (self->more_sources->pdata[i], priority);
}

static gboolean
listener_ready_cb (GSocket      *socket,
                   GIOCondition  condition,
                   gpointer      user_data)
{
  SpEndpoint *self = user_data;

  for (guint i = 0; i < SP_CONNECTION_MAX_CALLS_PER_DISPATCH; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSocket) socket_accepted = g_socket_accept (socket, NULL, &error);

      if (socket_accepted == NULL)
        {
          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            {
              set_storm (self, FALSE);
              return G_SOURCE_CONTINUE;
            }

          accept_failed (self, error);
          return G_SOURCE_REMOVE;
        }

      self->accept_error_reported = FALSE;
      accepted (self, socket_accepted);
    }

  set_storm (self, TRUE);
  return G_SOURCE_CONTINUE;
}

/* listen() on @socket; FALSE with @error. */
static gboolean
listen_on (SpEndpoint  *self,
           GSocket     *socket,
           GError     **error)
{
  guint backlog = sp_listen_backlog ();

  g_socket_set_listen_backlog (socket, backlog);
  if (!g_socket_listen (socket, error))
    return FALSE;

  sp_call_trace_add (self->io.trace, 0, 0, "listen(%u)", backlog);
  return TRUE;
}

void
_sp_endpoint_start_tcp_server (SpEndpoint *self,
                               GPtrArray  *addresses)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!_sp_endpoint_bind_server_socket (self, addresses, G_SOCKET_TYPE_STREAM))
    return;

  if (!listen_on (self, self->socket, &error))
    {
      g_autofree char *wanted = sp_format_socket_address (G_SOCKET_ADDRESS (addresses->pdata[0]));

      _sp_endpoint_report_error (self, NULL, "listen", wanted, error, TRUE);
      _sp_endpoint_finish_stop (self);
      return;
    }

  for (guint i = self->more_sockets->len; i > 0; i--)
    {
      g_autoptr(GError) more_error = NULL;

      if (!listen_on (self, self->more_sockets->pdata[i - 1], &more_error))
        {
          g_autofree char *where = sp_format_local_address (self->more_sockets->pdata[i - 1]);

          sp_call_trace_add_failure (self->io.trace, 0, "listen", where, more_error);
          g_ptr_array_remove_index (self->more_sockets, i - 1);
        }
    }

  _sp_endpoint_take_server_addresses (self);
  message = g_strdup_printf (_("listen() — waiting for clients on %s"),
                             sp_endpoint_get_all_local_addresses (self));
  _sp_endpoint_log (self, SP_EVENT_KIND_LISTENING, NULL, message);

  _sp_endpoint_watch_socket (self, G_SOURCE_FUNC (listener_ready_cb));
  _sp_endpoint_set_state (self, SP_ENDPOINT_STATE_RUNNING);
}
