/* sp-endpoint-options.c: socket options — SO_RCVBUF and SO_SNDBUF,
 * TCP_NODELAY, SO_REUSEADDR — and the bound socket a server starts from
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <glib/gi18n-lib.h>

#include "sp-endpoint-private.h"
#include "sp-errno.h"
#include "sp-py-format.h"
#include "sp-socket-address.h"

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
      _sp_endpoint_report_error (self, NULL, "setsockopt", name, error, FALSE);
      return;
    }
  sp_call_trace_add (self->io.trace, 0, 0, "setsockopt(SOL_SOCKET, %s, %u)", name, size);

  if (report && g_socket_get_option (socket, SOL_SOCKET, option, &effective, NULL))
    {
      g_autofree char *message = NULL;

      /* Linux doubles the value for its own bookkeeping; show what it did. */
      message = g_strdup_printf (_("setsockopt(%s, %u): the kernel uses %d bytes"),
                                 name, size, effective);
      _sp_endpoint_log (self, SP_EVENT_KIND_INFO, NULL, message);
    }
}

void
_sp_endpoint_apply_buffer_sizes (SpEndpoint *self,
                                 GSocket    *socket,
                                 gboolean    report)
{
  set_buffer_size (self, socket, SO_RCVBUF, "SO_RCVBUF", self->rcvbuf, report);
  set_buffer_size (self, socket, SO_SNDBUF, "SO_SNDBUF", self->sndbuf, report);
}

void
_sp_endpoint_apply_no_delay (SpEndpoint *self,
                             GSocket    *socket)
{
  if (g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, self->no_delay, NULL) && self->no_delay)
    sp_call_trace_add (self->io.trace, 0, 0, "%s.setsockopt(IPPROTO_TCP, TCP_NODELAY, 1)",
                       self->io.is_server ? "conn" : "sk");
}

static GSocket *
open_bound_socket (SpEndpoint          *self,
                   GInetSocketAddress  *address,
                   GSocketType          type,
                   GError             **error)
{
  GSocketFamily family = g_socket_address_get_family (G_SOCKET_ADDRESS (address));
  GSocketProtocol protocol = type == G_SOCKET_TYPE_STREAM ? G_SOCKET_PROTOCOL_TCP
                                                           : G_SOCKET_PROTOCOL_UDP;
  g_autoptr(GSocket) socket = NULL;
  g_autofree char *where = NULL;
  gboolean reuse;

  socket = g_socket_new (family, type, protocol, error);
  if (socket == NULL)
    return NULL;

  sp_call_trace_add (self->io.trace, 0, 0, "socket(%s, %s) → fd %d", sp_py_family (socket),
                     type == G_SOCKET_TYPE_STREAM ? "SOCK_STREAM" : "SOCK_DGRAM",
                     g_socket_get_fd (socket));
  g_socket_set_blocking (socket, FALSE);
  _sp_endpoint_apply_buffer_sizes (self, socket, TRUE);

  /* GLib turns allow_reuse into SO_REUSEPORT for datagram sockets, which
   * would let two UDP servers share a port; the course wants EADDRINUSE. */
  reuse = type == G_SOCKET_TYPE_STREAM && self->reuse_address;

  if (reuse)
    sp_call_trace_add (self->io.trace, 0, 0, "setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)");

  if (!g_socket_bind (socket, G_SOCKET_ADDRESS (address), reuse, error))
    return NULL;

  where = sp_py_socket_address (G_SOCKET_ADDRESS (address));
  sp_call_trace_add (self->io.trace, 0, 0, "bind(%s)", where);

  return g_steal_pointer (&socket);
}

/* Another address of the server's name, on the port the first got. */
static void
bind_more (SpEndpoint         *self,
           GInetSocketAddress *address,
           GSocketType         type)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketAddress) same_port = NULL;
  g_autoptr(GSocket) socket = NULL;

  same_port = g_inet_socket_address_new (g_inet_socket_address_get_address (address),
                                         self->bound_port);
  socket = open_bound_socket (self, G_INET_SOCKET_ADDRESS (same_port), type, &error);
  if (socket == NULL)
    {
      g_autofree char *wanted = sp_format_socket_address (same_port);
      g_autofree char *why = sp_errno_describe (error, "bind", wanted, self->host,
                                                self->bound_port, G_SOCKET_FAMILY_INVALID);
      g_autofree char *message = NULL;

      /* TRANSLATORS: "Not listening on [::1]:8081 too: <the reason>" */
      message = g_strdup_printf (_("Not listening on %s too: %s"), wanted, why);
      _sp_endpoint_log (self, SP_EVENT_KIND_INFO, NULL, message);
      sp_call_trace_add_failure (self->io.trace, 0, "bind", wanted, error);
      return;
    }

  g_ptr_array_add (self->more_sockets, g_steal_pointer (&socket));
}

gboolean
_sp_endpoint_bind_server_socket (SpEndpoint  *self,
                                 GPtrArray   *addresses,
                                 GSocketType  type)
{
  g_autoptr(GError) error = NULL;
  GInetSocketAddress *first = addresses->pdata[0];

  self->socket = open_bound_socket (self, first, type, &error);
  if (self->socket == NULL)
    {
      g_autofree char *wanted = sp_format_socket_address (G_SOCKET_ADDRESS (first));

      _sp_endpoint_report_error (self, NULL, "bind", wanted, error, TRUE);
      _sp_endpoint_finish_stop (self);
      return FALSE;
    }

  _sp_endpoint_take_local_address (self, self->socket);
  for (guint i = 1; i < addresses->len; i++)
    bind_more (self, addresses->pdata[i], type);

  return TRUE;
}

void
_sp_endpoint_take_server_addresses (SpEndpoint *self)
{
  g_autoptr(GString) all = NULL;

  if (self->more_sockets->len > 0)
    {
      all = g_string_new (NULL);
      for (guint i = 0; i < self->more_sockets->len; i++)
        {
          g_autofree char *local = sp_format_local_address (self->more_sockets->pdata[i]);

          g_string_append (all, _(", "));
          g_string_append (all, local);
        }
      g_string_prepend (all, self->local_address);
    }

  g_free (self->all_local_addresses);
  self->all_local_addresses = all ? g_string_free (g_steal_pointer (&all), FALSE) : NULL;
}

/* Applies @apply to the socket of every open TCP connection. */
static void
foreach_stream_socket (SpEndpoint *self,
                       void      (*apply) (SpEndpoint *, GSocket *))
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->connections));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SpConnection) c = g_list_model_get_item (G_LIST_MODEL (self->connections), i);
      GSocket *socket = sp_connection_get_socket (c);

      if (!sp_connection_get_is_datagram (c) && socket != NULL && !g_socket_is_closed (socket))
        apply (self, socket);
    }
}

gboolean
sp_endpoint_get_no_delay (SpEndpoint *self)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (self), FALSE);
  return self->no_delay;
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
  foreach_stream_socket (self, _sp_endpoint_apply_no_delay);
  _sp_endpoint_notify (self, PROP_NO_DELAY);
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
  _sp_endpoint_notify (self, PROP_REUSE_ADDRESS);
}

static void
apply_buffer_sizes_quietly (SpEndpoint *self,
                            GSocket    *socket)
{
  _sp_endpoint_apply_buffer_sizes (self, socket, FALSE);
}

static void
buffer_sizes_changed (SpEndpoint *self)
{
  /* Running sockets take the new sizes too; the listener's apply to the
   * connections it accepts from now on. */
  foreach_stream_socket (self, apply_buffer_sizes_quietly);
  if (self->socket != NULL)
    _sp_endpoint_apply_buffer_sizes (self, self->socket, self->state == SP_ENDPOINT_STATE_RUNNING);
  for (guint i = 0; i < self->more_sockets->len; i++)
    _sp_endpoint_apply_buffer_sizes (self, self->more_sockets->pdata[i], FALSE);
}

guint
sp_endpoint_get_rcvbuf (SpEndpoint *self)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (self), 0);
  return self->rcvbuf;
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
  _sp_endpoint_notify (self, PROP_RCVBUF);
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
  _sp_endpoint_notify (self, PROP_SNDBUF);
}
