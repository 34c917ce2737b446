/* sp-hex-line.c
 *
 * A dump keeps the same item at each position while it shows new bytes,
 * so a list row stays bound to it and only its text changes: GTK 4.8 drops
 * and makes a row for every item that is new at its position, and making
 * one costs far more than setting a label.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sp-hex-line.h"

struct _SpHexLine
{
  GObject  parent_instance;

  guint    position;
  char    *text;
};

enum {
  PROP_0,
  PROP_POSITION,
  PROP_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SpHexLine, sp_hex_line, G_TYPE_OBJECT)

static void
sp_hex_line_finalize (GObject *object)
{
  SpHexLine *self = (SpHexLine *)object;

  g_clear_pointer (&self->text, g_free);

  G_OBJECT_CLASS (sp_hex_line_parent_class)->finalize (object);
}

static void
sp_hex_line_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  SpHexLine *self = SP_HEX_LINE (object);

  switch (prop_id)
    {
    case PROP_POSITION:
      g_value_set_uint (value, self->position);
      break;

    case PROP_TEXT:
      g_value_set_string (value, sp_hex_line_get_text (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_hex_line_class_init (SpHexLineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sp_hex_line_finalize;
  object_class->get_property = sp_hex_line_get_property;

  properties[PROP_POSITION] =
    g_param_spec_uint ("position", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sp_hex_line_init (SpHexLine *self)
{
}

SpHexLine *
sp_hex_line_new (guint position)
{
  SpHexLine *self = g_object_new (SP_TYPE_HEX_LINE, NULL);

  self->position = position;

  return self;
}

guint
sp_hex_line_get_position (SpHexLine *self)
{
  g_return_val_if_fail (SP_IS_HEX_LINE (self), 0);
  return self->position;
}

const char *
sp_hex_line_get_text (SpHexLine *self)
{
  g_return_val_if_fail (SP_IS_HEX_LINE (self), NULL);
  return self->text ? self->text : "";
}

void
sp_hex_line_set_text (SpHexLine  *self,
                      const char *text,
                      gboolean    force)
{
  g_return_if_fail (SP_IS_HEX_LINE (self));

  if (g_strcmp0 (self->text, text) != 0)
    {
      g_free (self->text);
      self->text = g_strdup (text);
    }
  else if (!force)
    return;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}
