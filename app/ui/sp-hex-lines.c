/* sp-hex-lines.c
 *
 * A 100 MiB payload is 6.5 million dump lines: only the rows a GtkListView
 * shows are ever formatted, as SpHexLines made on demand. The model
 * remembers the lines that are still alive (weakly) and keeps each at its
 * position: new bytes give those lines new text and announce only the
 * lines added or removed at the end, so the list rebinds its rows instead
 * of dropping and making them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sp-hex.h"
#include "sp-hex-line.h"
#include "sp-hex-lines.h"

struct _SpHexLines
{
  GObject  parent_instance;

  GBytes  *bytes;
  guint    n_lines;
  guint    bytes_per_line;
  /* position → SpHexLine, not owned: a line leaves when it is finalized. */
  GHashTable *live;
};

static void line_finalized_cb (gpointer  data,
                               GObject  *where_the_object_was);

static void
format_line (SpHexLines *self,
             guint       position,
             char       *line)
{
  const guint8 *data;
  gsize size;

  data = g_bytes_get_data (self->bytes, &size);
  sp_hex_format_line_for (data, size, position, self->bytes_per_line, line);
}

static GType
sp_hex_lines_get_item_type (GListModel *model)
{
  return SP_TYPE_HEX_LINE;
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
  SpHexLine *item;

  if (position >= self->n_lines)
    return NULL;

  item = g_hash_table_lookup (self->live, GUINT_TO_POINTER (position));
  if (item != NULL)
    return g_object_ref (item);

  format_line (self, position, line);
  item = sp_hex_line_new (position);
  sp_hex_line_set_text (item, line, FALSE);
  g_object_weak_ref (G_OBJECT (item), line_finalized_cb, self);
  g_hash_table_insert (self->live, GUINT_TO_POINTER (position), item);

  return item;
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
line_finalized_cb (gpointer  data,
                   GObject  *where_the_object_was)
{
  SpHexLines *self = data;
  /* Weak references are told after dispose, before finalize: the line
   * still knows its position. */
  gpointer position = GUINT_TO_POINTER (sp_hex_line_get_position ((SpHexLine *)where_the_object_was));

  if (g_hash_table_lookup (self->live, position) == (gpointer)where_the_object_was)
    g_hash_table_remove (self->live, position);
}

static void
forget_line (SpHexLines *self,
             SpHexLine  *item)
{
  g_object_weak_unref (G_OBJECT (item), line_finalized_cb, self);
}

static void
sp_hex_lines_finalize (GObject *object)
{
  SpHexLines *self = (SpHexLines *)object;
  GHashTableIter iter;
  gpointer item;

  g_hash_table_iter_init (&iter, self->live);
  while (g_hash_table_iter_next (&iter, NULL, &item))
    forget_line (self, item);
  g_clear_pointer (&self->live, g_hash_table_unref);
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
  self->live = g_hash_table_new (NULL, NULL);
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

/* Gives every live line its text for the current bytes and forgets the
 * lines past the end. */
static void
refresh_live_lines (SpHexLines *self)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_object_unref);
  char line[SP_HEX_MAX_LINE_WIDTH + 1];
  GHashTableIter iter;
  gpointer item;

  /* Notifying rebinds a row, which may drop its line: take them first. */
  g_hash_table_iter_init (&iter, self->live);
  while (g_hash_table_iter_next (&iter, NULL, &item))
    {
      if (sp_hex_line_get_position (item) < self->n_lines)
        {
          g_ptr_array_add (lines, g_object_ref (item));
          continue;
        }
      forget_line (self, item);
      g_hash_table_iter_remove (&iter);
    }

  for (guint i = 0; i < lines->len; i++)
    {
      SpHexLine *l = g_ptr_array_index (lines, i);

      format_line (self, sp_hex_line_get_position (l), line);
      sp_hex_line_set_text (l, line, TRUE);
    }
}

/* Lines that stay keep their items (with new text); only the difference
 * in length is announced. The same @bytes again still tells every live
 * line: its marks may have changed. */
void
sp_hex_lines_set_bytes (SpHexLines *self,
                        GBytes     *bytes)
{
  guint old_n;

  g_return_if_fail (SP_IS_HEX_LINES (self));

  old_n = self->n_lines;
  if (bytes != NULL)
    g_bytes_ref (bytes);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  self->bytes = bytes;
  self->n_lines = bytes ? MIN (sp_hex_n_lines_for (g_bytes_get_size (bytes), self->bytes_per_line), G_MAXUINT) : 0;

  refresh_live_lines (self);

  if (self->n_lines > old_n)
    g_list_model_items_changed (G_LIST_MODEL (self), old_n, 0, self->n_lines - old_n);
  else if (self->n_lines < old_n)
    g_list_model_items_changed (G_LIST_MODEL (self), self->n_lines, old_n - self->n_lines, 0);
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

  /* Every line changes: the lines that stay get their new text. */
  bytes = self->bytes ? g_bytes_ref (self->bytes) : NULL;
  self->bytes_per_line = bytes_per_line;
  sp_hex_lines_set_bytes (self, bytes);
}
