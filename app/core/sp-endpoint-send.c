/* sp-endpoint-send.c: what a pane sends — to which connections, framed,
 * ×N at once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sp-endpoint-private.h"

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
      if (sp_connection_get_state (target) != SP_CONNECTION_STATE_CLOSED)
        g_ptr_array_add (targets, g_object_ref (target));
    }
  else
    {
      n = g_list_model_get_n_items (G_LIST_MODEL (self->connections));
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(SpConnection) c = g_list_model_get_item (G_LIST_MODEL (self->connections), i);

          if (sp_connection_get_state (c) != SP_CONNECTION_STATE_CLOSED)
            g_ptr_array_add (targets, g_object_ref (c));
        }
    }

  if (targets->len > 0)
    return g_steal_pointer (&targets);

  if (target != NULL)
    message = _("That connection is closed.");
  else if (self->kind == SP_ENDPOINT_KIND_TCP_SERVER)
    message = _("No client is connected yet: start a client pane and connect it to this server.");
  else if (sp_endpoint_kind_is_relay (self->kind))
    message = _("A relay only passes on what its two sides send: send from the client or the server it connects.");
  else if (self->kind == SP_ENDPOINT_KIND_UDP_SERVER)
    message = _("No one to reply to yet: a UDP server learns a peer’s address from its first datagram.");
  else
    message = _("Not connected.");

  g_set_error_literal (error, SP_ENDPOINT_ERROR, SP_ENDPOINT_ERROR_NO_PEER, message);
  return NULL;
}

GPtrArray *
sp_endpoint_dup_send_targets (SpEndpoint    *self,
                              SpConnection  *target,
                              GError       **error)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (self), NULL);
  g_return_val_if_fail (target == NULL || SP_IS_CONNECTION (target), NULL);

  if (self->state != SP_ENDPOINT_STATE_RUNNING)
    {
      g_set_error_literal (error, SP_ENDPOINT_ERROR, SP_ENDPOINT_ERROR_NOT_RUNNING,
                           _("Not running: press Start first."));
      return NULL;
    }

  return collect_targets (self, target, error);
}

/* @text_encoding: as SpEventInit's. */
static gboolean
send_burst (SpEndpoint    *self,
            GBytes        *bytes,
            guint          text_encoding,
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
      sp_connection_send (g_ptr_array_index (targets, i), framed, header_len, trailer_len,
                          text_encoding);

  return TRUE;
}

gboolean
sp_endpoint_send_burst (SpEndpoint    *self,
                        GBytes        *bytes,
                        SpConnection  *target,
                        guint          count,
                        GError       **error)
{
  return send_burst (self, bytes, 0, target, count, error);
}

gboolean
sp_endpoint_send_text_burst (SpEndpoint      *self,
                             GBytes          *bytes,
                             SpTextEncoding   encoding,
                             SpConnection    *target,
                             guint            count,
                             GError         **error)
{
  return send_burst (self, bytes, encoding + 1, target, count, error);
}

gboolean
sp_endpoint_send (SpEndpoint    *self,
                  GBytes        *bytes,
                  SpConnection  *target,
                  GError       **error)
{
  return sp_endpoint_send_burst (self, bytes, target, 1, error);
}
