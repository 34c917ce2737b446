/* sp-closed-pane.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sp-closed-pane.h"

struct _SpClosedPane
{
  GObject         parent_instance;

  SpEndpoint     *endpoint;
  guint           number;
  guint           position;
  SpTextEncoding  encoding;
  char           *message;
  gboolean        send_as_hex;
};

G_DEFINE_FINAL_TYPE (SpClosedPane, sp_closed_pane, G_TYPE_OBJECT)

static void
sp_closed_pane_finalize (GObject *object)
{
  SpClosedPane *self = (SpClosedPane *)object;

  g_clear_object (&self->endpoint);
  g_free (self->message);

  G_OBJECT_CLASS (sp_closed_pane_parent_class)->finalize (object);
}

static void
sp_closed_pane_class_init (SpClosedPaneClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sp_closed_pane_finalize;
}

static void
sp_closed_pane_init (SpClosedPane *self)
{
}

SpClosedPane *
sp_closed_pane_new (SpEndpoint     *endpoint,
                    guint           number,
                    guint           position,
                    SpTextEncoding  encoding,
                    const char     *message,
                    gboolean        send_as_hex)
{
  SpClosedPane *self;

  g_return_val_if_fail (SP_IS_ENDPOINT (endpoint), NULL);

  self = g_object_new (SP_TYPE_CLOSED_PANE, NULL);
  self->endpoint = g_object_ref (endpoint);
  self->number = number;
  self->position = position;
  self->encoding = encoding;
  self->message = g_strdup (message);
  self->send_as_hex = send_as_hex;

  /* A closed pane holds no socket: undo brings back what happened, not
   * the connections. */
  sp_endpoint_stop (endpoint);

  return self;
}

SpEndpoint *
sp_closed_pane_get_endpoint (SpClosedPane *self)
{
  g_return_val_if_fail (SP_IS_CLOSED_PANE (self), NULL);
  return self->endpoint;
}

guint
sp_closed_pane_get_number (SpClosedPane *self)
{
  g_return_val_if_fail (SP_IS_CLOSED_PANE (self), 0);
  return self->number;
}

guint
sp_closed_pane_get_position (SpClosedPane *self)
{
  g_return_val_if_fail (SP_IS_CLOSED_PANE (self), 0);
  return self->position;
}

SpTextEncoding
sp_closed_pane_get_encoding (SpClosedPane *self)
{
  g_return_val_if_fail (SP_IS_CLOSED_PANE (self), SP_TEXT_ENCODING_UTF8);
  return self->encoding;
}

const char *
sp_closed_pane_get_message (SpClosedPane *self,
                            gboolean     *send_as_hex)
{
  g_return_val_if_fail (SP_IS_CLOSED_PANE (self), NULL);

  if (send_as_hex != NULL)
    *send_as_hex = self->send_as_hex;
  return self->message;
}
