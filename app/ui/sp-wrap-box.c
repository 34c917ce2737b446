/* sp-wrap-box.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sp-wrap-box.h"

struct _SpWrapBox
{
  GtkWidget  parent_instance;

  int        spacing;
};

enum {
  PROP_0,
  PROP_SPACING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SpWrapBox, sp_wrap_box, GTK_TYPE_WIDGET)

/* One child as laid out: its widths, then its place on its line. */
typedef struct {
  GtkWidget *widget;
  int        min;
  int        nat;
  int        width;
  int        height;
  int        line;
} Item;

static GArray *
collect_items (SpWrapBox *self)
{
  GArray *items = g_array_new (FALSE, TRUE, sizeof (Item));

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      Item item = { child };

      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &item.min, &item.nat, NULL, NULL);
      g_array_append_val (items, item);
    }

  return items;
}

/* Gives each child of items[first..last) its width on a line @width wide:
 * first its minimum, then towards its natural width, then what is left
 * to the children that expand. */
static void
share_line (SpWrapBox *self,
            Item      *items,
            guint      n,
            int        width)
{
  g_autofree GtkRequestedSize *sizes = g_new0 (GtkRequestedSize, n);
  int extra = width - self->spacing * ((int) n - 1);
  guint n_expand = 0;

  for (guint i = 0; i < n; i++)
    {
      sizes[i].minimum_size = MIN (items[i].min, width);
      sizes[i].natural_size = MAX (items[i].nat, sizes[i].minimum_size);
      extra -= sizes[i].minimum_size;
      if (gtk_widget_compute_expand (items[i].widget, GTK_ORIENTATION_HORIZONTAL))
        n_expand++;
    }
  extra = gtk_distribute_natural_allocation (MAX (extra, 0), n, sizes);

  for (guint i = 0; i < n; i++)
    {
      items[i].width = sizes[i].minimum_size;
      if (n_expand > 0 && gtk_widget_compute_expand (items[i].widget, GTK_ORIENTATION_HORIZONTAL))
        {
          int share = extra / (int) n_expand;

          items[i].width += share;
          extra -= share;
          n_expand--;
        }
    }
}

/* Breaks the children into lines @width wide, like words: a child starts a
 * new line when its minimum width no longer fits on the current one.
 * Returns the height of all lines; with @width < 0, everything is on one
 * line (as a wrapping GtkLabel measures when nothing constrains it). */
static int
break_lines (SpWrapBox *self,
             GArray    *array,
             int        width,
             GArray    *line_heights)
{
  Item *items = (Item *) (gpointer) array->data;
  guint start = 0;
  int used = 0;
  int total = 0;
  int line = 0;

  for (guint i = 0; i <= array->len; i++)
    {
      gboolean full = i == array->len ||
                      (width >= 0 && i > start && used + self->spacing + items[i].min > width);

      if (full && i > start)
        {
          int height = 0;

          share_line (self, items + start, i - start,
                      width >= 0 ? width : used);
          for (guint j = start; j < i; j++)
            {
              gtk_widget_measure (items[j].widget, GTK_ORIENTATION_VERTICAL, items[j].width,
                                  &items[j].height, NULL, NULL, NULL);
              items[j].line = line;
              height = MAX (height, items[j].height);
            }
          if (line_heights != NULL)
            g_array_append_val (line_heights, height);
          total += (line > 0 ? self->spacing : 0) + height;
          line++;
          start = i;
          used = 0;
        }
      if (i < array->len)
        used += (i > start ? self->spacing : 0) + (width >= 0 ? items[i].min : items[i].nat);
    }

  return total;
}

static GtkSizeRequestMode
sp_wrap_box_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
sp_wrap_box_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  SpWrapBox *self = SP_WRAP_BOX (widget);
  g_autoptr(GArray) items = collect_items (self);

  *minimum = *natural = 0;
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* Narrowest: one child a line.  Natural: all on one line. */
      for (guint i = 0; i < items->len; i++)
        {
          Item *item = &g_array_index (items, Item, i);

          *minimum = MAX (*minimum, item->min);
          *natural += (i > 0 ? self->spacing : 0) + item->nat;
        }
    }
  else
    {
      *minimum = *natural = break_lines (self, items, for_size, NULL);
    }
}

static void
sp_wrap_box_size_allocate (GtkWidget *widget,
                           int        width,
                           int        height,
                           int        baseline)
{
  SpWrapBox *self = SP_WRAP_BOX (widget);
  g_autoptr(GArray) items = collect_items (self);
  g_autoptr(GArray) line_heights = g_array_new (FALSE, FALSE, sizeof (int));
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  int x = 0, y = 0, line = 0;

  break_lines (self, items, width, line_heights);
  for (guint i = 0; i < items->len; i++)
    {
      Item *item = &g_array_index (items, Item, i);
      int line_height = g_array_index (line_heights, int, item->line);

      if (item->line != line)
        {
          y += g_array_index (line_heights, int, line) + self->spacing;
          line = item->line;
          x = 0;
        }
      gtk_widget_size_allocate (item->widget,
                                &(GtkAllocation) { rtl ? width - x - item->width : x, y,
                                                   item->width, line_height },
                                -1);
      x += item->width + self->spacing;
    }
}

static void
sp_wrap_box_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (sp_wrap_box_parent_class)->dispose (object);
}

static void
sp_wrap_box_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  SpWrapBox *self = SP_WRAP_BOX (object);

  switch (prop_id)
    {
    case PROP_SPACING:
      g_value_set_int (value, self->spacing);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_wrap_box_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  SpWrapBox *self = SP_WRAP_BOX (object);

  switch (prop_id)
    {
    case PROP_SPACING:
      sp_wrap_box_set_spacing (self, g_value_get_int (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_wrap_box_class_init (SpWrapBoxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sp_wrap_box_dispose;
  object_class->get_property = sp_wrap_box_get_property;
  object_class->set_property = sp_wrap_box_set_property;
  widget_class->get_request_mode = sp_wrap_box_get_request_mode;
  widget_class->measure = sp_wrap_box_measure;
  widget_class->size_allocate = sp_wrap_box_size_allocate;

  /* Between children on a line, and between lines. */
  properties[PROP_SPACING] =
    g_param_spec_int ("spacing", NULL, NULL, 0, G_MAXINT, 6,
                      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "wrapbox");
}

static void
sp_wrap_box_init (SpWrapBox *self)
{
  self->spacing = 6;
}

GtkWidget *
sp_wrap_box_new (void)
{
  return g_object_new (SP_TYPE_WRAP_BOX, NULL);
}

int
sp_wrap_box_get_spacing (SpWrapBox *self)
{
  g_return_val_if_fail (SP_IS_WRAP_BOX (self), 0);
  return self->spacing;
}

void
sp_wrap_box_set_spacing (SpWrapBox *self,
                         int        spacing)
{
  g_return_if_fail (SP_IS_WRAP_BOX (self));

  if (self->spacing == spacing)
    return;

  self->spacing = spacing;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPACING]);
}

void
sp_wrap_box_append (SpWrapBox *self,
                    GtkWidget *child)
{
  g_return_if_fail (SP_IS_WRAP_BOX (self));
  g_return_if_fail (GTK_IS_WIDGET (child));
  g_return_if_fail (gtk_widget_get_parent (child) == NULL);

  gtk_widget_insert_before (child, GTK_WIDGET (self), NULL);
}
