/* sp-endpoint-framing.c: an endpoint's message framing — what it sends is
 * framed, what its connections receive decoded — and how far the decoders
 * are
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sp-endpoint-private.h"

const SpFramingConfig *
sp_endpoint_get_framing (SpEndpoint *self)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (self), NULL);
  return &self->framing;
}

gboolean
sp_endpoint_set_framing (SpEndpoint             *self,
                         const SpFramingConfig  *config,
                         GError                **error)
{
  guint n;

  g_return_val_if_fail (SP_IS_ENDPOINT (self), FALSE);
  g_return_val_if_fail (config != NULL, FALSE);

  if (!sp_framing_config_check (config, error))
    return FALSE;

  if (memcmp (&self->framing, config, sizeof *config) == 0)
    return TRUE;

  self->framing = *config;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->connections));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SpConnection) c = g_list_model_get_item (G_LIST_MODEL (self->connections), i);

      sp_connection_set_framing (c, config);
    }

  if (self->state == SP_ENDPOINT_STATE_RUNNING)
    {
      g_autofree char *description = sp_framing_config_describe (config);
      g_autofree char *message = g_strdup_printf (_("Framing is now %s; decoding starts afresh with the next byte"),
                                                  description);

      _sp_endpoint_log (self, SP_EVENT_KIND_INFO, NULL, message);
    }

  _sp_endpoint_notify (self, PROP_FRAMING);
  return TRUE;
}

/* "#1: 7 bytes of a frame arrived, waiting for 8 more": where @decoder,
 * in the middle of a frame, is. */
static char *
describe_wait (guint           id,
               SpFrameDecoder *decoder)
{
  gsize pending = sp_frame_decoder_get_pending (decoder);
  gsize needed = sp_frame_decoder_get_needed (decoder);
  gint64 declared;

  if (needed > 0 && sp_frame_decoder_get_declared_length (decoder, &declared))
    return g_strdup_printf (_("#%u: %lu bytes of a frame arrived, waiting for %lu more (declared length %lld)"),
                            id, (gulong) pending, (gulong) needed, (long long) declared);
  if (needed > 0)
    return g_strdup_printf (_("#%u: %lu bytes of a frame arrived, waiting for %lu more"),
                            id, (gulong) pending, (gulong) needed);
  return g_strdup_printf (_("#%u: %lu bytes of a frame arrived, waiting for its delimiter"),
                          id, (gulong) pending);
}

char *
sp_endpoint_dup_framing_status (SpEndpoint *self)
{
  GListModel *connections;
  g_autofree char *first = NULL;
  guint waiting = 0;
  guint n;

  g_return_val_if_fail (SP_IS_ENDPOINT (self), NULL);

  connections = G_LIST_MODEL (self->connections);
  n = g_list_model_get_n_items (connections);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SpConnection) c = g_list_model_get_item (connections, i);
      SpFrameDecoder *decoder = sp_connection_get_decoder (c);

      if (decoder == NULL || sp_frame_decoder_get_pending (decoder) == 0)
        continue;

      if (waiting++ == 0)
        first = describe_wait (sp_connection_get_id (c), decoder);
    }

  if (waiting > 1)
    return g_strdup_printf (_("%s (and %u more connections wait for the rest of a frame)"),
                            first, waiting - 1);

  return g_steal_pointer (&first);
}
