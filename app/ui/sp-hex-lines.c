/* sp-hex-lines.c
 *
 * A 100 MiB payload is 6.5 million dump lines: only the rows a GtkListView
 * shows are ever formatted, as GtkStringObjects made on demand.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sp-hex.h"
#include "sp-hex-lines.h"

struct _SpHexLines
{
  GObject  parent_instance;

  GBytes  *bytes;
  guint    n_lines;
  guint    bytes_per_line;
};

static GType
sp_hex_lines_get_item_type (GListModel *model)
{
  return GTK_TYPE_STRING_OBJECT;
}

static guint
sp_hex_lines_get_n_items (GListModel *model)
{
  return SP_HEX_LINES (model)->n_lines;
}

static gpointer
sp_hex_lines_get_item (GListModel *model,
                       guint       position)
{
  SpHexLines *self = SP_HEX_LINES (model);
  char line[SP_HEX_MAX_LINE_WIDTH + 1];
  const guint8 *data;
  gsize size;

  if (position >= self->n_lines)
    return NULL;

  data = g_bytes_get_data (self->bytes, &size);
  sp_hex_format_line_for (data, size, position, self->bytes_per_line, line);

  return gtk_string_object_new (line);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = sp_hex_lines_get_item_type;
  iface->get_n_items = sp_hex_lines_get_n_items;
  iface->get_item = sp_hex_lines_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (SpHexLines, sp_hex_lines, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static void
sp_hex_lines_finalize (GObject *object)
{
  SpHexLines *self = (SpHexLines *)object;

  g_clear_pointer (&self->bytes, g_bytes_unref);

  G_OBJECT_CLASS (sp_hex_lines_parent_class)->finalize (object);
}

static void
sp_hex_lines_class_init (SpHexLinesClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sp_hex_lines_finalize;
}

static void
sp_hex_lines_init (SpHexLines *self)
{
  self->bytes_per_line = SP_HEX_BYTES_PER_LINE;
}

SpHexLines *
sp_hex_lines_new (void)
{
  return g_object_new (SP_TYPE_HEX_LINES, NULL);
}

GBytes *
sp_hex_lines_get_bytes (SpHexLines *self)
{
  g_return_val_if_fail (SP_IS_HEX_LINES (self), NULL);
  return self->bytes;
}

void
sp_hex_lines_set_bytes (SpHexLines *self,
                        GBytes     *bytes)
{
  guint old_n;

  g_return_if_fail (SP_IS_HEX_LINES (self));

  if (self->bytes == bytes)
    return;

  old_n = self->n_lines;
  g_clear_pointer (&self->bytes, g_bytes_unref);
  self->bytes = bytes ? g_bytes_ref (bytes) : NULL;
  self->n_lines = bytes ? MIN (sp_hex_n_lines_for (g_bytes_get_size (bytes), self->bytes_per_line), G_MAXUINT) : 0;

  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->n_lines);
}

guint
sp_hex_lines_get_bytes_per_line (SpHexLines *self)
{
  g_return_val_if_fail (SP_IS_HEX_LINES (self), 0);
  return self->bytes_per_line;
}

void
sp_hex_lines_set_bytes_per_line (SpHexLines *self,
                                 guint       bytes_per_line)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_if_fail (SP_IS_HEX_LINES (self));
  g_return_if_fail (sp_hex_bytes_per_line_is_valid (bytes_per_line));

  if (self->bytes_per_line == bytes_per_line)
    return;

  /* Every line changes: drop them all and lay the bytes out again. */
  bytes = self->bytes ? g_bytes_ref (self->bytes) : NULL;
  sp_hex_lines_set_bytes (self, NULL);
  self->bytes_per_line = bytes_per_line;
  sp_hex_lines_set_bytes (self, bytes);
}
