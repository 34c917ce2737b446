/* sp-connection-relay.c: a relay's two connections — what one receives the
 * other sends, a FIN is passed on as shutdown(SHUT_WR), a reset as a reset
 *
 * The relay's sends are its own send() calls, each logged as one event like
 * any other; nothing waits in memory beyond the bytes of one recv(): while
 * the other side's kernel buffer is full, this side is not read.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <sys/socket.h>

#include <glib/gi18n-lib.h>

#include "sp-connection-private.h"
#include "sp-py-format.h"

char *
_sp_connection_py_name (SpConnection *self)
{
  if (self->relay_side == SP_RELAY_SIDE_SERVER)
    return g_strdup_printf ("upstream%u", self->id);

  return sp_py_socket_name (self->host != NULL && self->host->is_server && !self->is_datagram,
                            self->id);
}

void
sp_connection_link_relay (SpConnection *client_side,
                          SpConnection *server_side)
{
  g_return_if_fail (SP_IS_CONNECTION (client_side));
  g_return_if_fail (server_side == NULL || SP_IS_CONNECTION (server_side));

  client_side->relay_side = SP_RELAY_SIDE_CLIENT;
  if (server_side == NULL)
    return;

  server_side->relay_side = SP_RELAY_SIDE_SERVER;
  g_set_weak_pointer (&client_side->relay_partner, server_side);
  g_set_weak_pointer (&server_side->relay_partner, client_side);
}

SpRelaySide
sp_connection_get_relay_side (SpConnection *self)
{
  g_return_val_if_fail (SP_IS_CONNECTION (self), SP_RELAY_SIDE_NONE);
  return self->relay_side;
}

SpConnection *
sp_connection_get_relay_partner (SpConnection *self)
{
  g_return_val_if_fail (SP_IS_CONNECTION (self), NULL);
  return self->relay_partner;
}

static const char *
side_name (SpConnection *self)
{
  return self->relay_side == SP_RELAY_SIDE_SERVER ? _("the server side") : _("the client side");
}

static gboolean
is_open (SpConnection *connection)
{
  return connection != NULL && connection->host != NULL &&
         connection->state != SP_CONNECTION_STATE_CLOSED;
}

void
_sp_connection_relay_forward (SpConnection *self,
                              GBytes       *block,
                              gsize         offset,
                              gsize         len)
{
  g_autoptr(GBytes) bytes = NULL;

  if (!is_open (self->relay_partner))
    return;

  /* A view on the received bytes: nothing is copied. */
  bytes = g_bytes_new_from_bytes (block, offset, len);
  sp_connection_send (self->relay_partner, bytes, 0, 0, 0);
}

gboolean
_sp_connection_relay_backed_up (SpConnection *self)
{
  return self->relay_partner != NULL && self->relay_partner->bytes_queued > 0;
}

/* Both sides sent their FIN and each was passed on: the pair is done. */
static void
close_if_done (SpConnection *self)
{
  SpConnection *partner = self->relay_partner;

  if (!is_open (self) || !is_open (partner))
    return;

  if (self->state == SP_CONNECTION_STATE_PEER_CLOSED && self->relay_fin_sent &&
      partner->state == SP_CONNECTION_STATE_PEER_CLOSED && partner->relay_fin_sent)
    sp_connection_close (self, _("both sides have closed"));
}

/* shutdown(SHUT_WR): the FIN the other side sent, passed on. */
static void
send_fin (SpConnection *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = _sp_connection_py_name (self);
  g_autofree char *message = NULL;

  self->relay_fin_pending = FALSE;
  self->relay_fin_sent = TRUE;

  if (!g_socket_shutdown (self->socket, FALSE, TRUE, &error))
    {
      self->host->report_error (self->host, self, "shutdown", error);
      self->relay_reset = TRUE;
      sp_connection_close (self, _("after a shutdown error"));
      return;
    }

  sp_call_trace_add (self->host->trace, self->id, 0, "%s.shutdown(socket.SHUT_WR)", name);
  /* TRANSLATORS: %s is "the client side" or "the server side" */
  message = g_strdup_printf (_("shutdown(SHUT_WR) — passing on the FIN from %s: no more bytes go this way, the other way stays open"),
                             side_name (self->relay_partner));
  /* Flagged, so the diagram draws the FIN on its way to this side. */
  _sp_connection_log_flagged_note (self, SP_EVENT_KIND_INFO, SP_EVENT_FLAG_SHUTDOWN, message);
  close_if_done (self);
}

void
_sp_connection_relay_peer_closed (SpConnection *self)
{
  SpConnection *partner = self->relay_partner;

  if (!is_open (partner))
    {
      sp_connection_close (self, _("after the peer closed"));
      return;
    }

  partner->relay_fin_pending = TRUE;
  /* What this side sent before its FIN goes out first. */
  if (g_queue_is_empty (&partner->send_queue))
    send_fin (partner);
}

void
_sp_connection_relay_drained (SpConnection *self)
{
  if (self->relay_fin_pending)
    send_fin (self);

  /* It stopped reading while this side's queue was full. */
  if (is_open (self->relay_partner))
    sp_connection_watch (self->relay_partner);
}

/* close() with SO_LINGER 0: the kernel sends RST instead of FIN. */
static void
reset (SpConnection *self,
       SpConnection *cause)
{
  struct linger linger = { 1, 0 };
  g_autofree char *name = _sp_connection_py_name (self);
  g_autofree char *why = NULL;

  if (setsockopt (g_socket_get_fd (self->socket), SOL_SOCKET, SO_LINGER, &linger, sizeof linger) == 0)
    self->relay_sends_reset = TRUE;
  if (self->relay_sends_reset)
    sp_call_trace_add (self->host->trace, self->id, 0,
                       "%s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))", name);

  /* TRANSLATORS: %s is "the client side" or "the server side", %u a connection number */
  why = g_strdup_printf (_("with SO_LINGER 0, so the kernel sends a reset (RST): passing on the reset or error from %s (#%u)"),
                         side_name (cause), cause->id);
  sp_connection_close (self, why);
}

void
_sp_connection_relay_closed (SpConnection *self)
{
  SpConnection *partner = self->relay_partner;
  g_autofree char *why = NULL;

  if (!is_open (partner))
    return;

  if (self->relay_reset)
    {
      reset (partner, self);
      return;
    }

  /* TRANSLATORS: %s is "the client side" or "the server side", %u a connection number */
  why = g_strdup_printf (_("as %s (#%u) was closed"), side_name (self), self->id);
  sp_connection_close (partner, why);
}
