/* sp-pane-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sp-pane-row.h"

/* Between two panes. */
#define SPACING 6

struct _SpPaneRow
{
  GtkWidget  parent_instance;

  int        measured_width;   /* the width the last height was for */
  guint      remeasure_id;
};

G_DEFINE_FINAL_TYPE (SpPaneRow, sp_pane_row, GTK_TYPE_WIDGET)

static guint
count_children (SpPaneRow *self)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_should_layout (child))
      n++;

  return n;
}

/* The widest minimum and natural widths of the panes. */
static void
measure_widths (SpPaneRow *self,
                int       *minimum,
                int       *natural)
{
  *minimum = *natural = 0;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int min, nat;

      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
      *minimum = MAX (*minimum, min);
      *natural = MAX (*natural, nat);
    }
}

static GtkSizeRequestMode
sp_pane_row_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
sp_pane_row_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  SpPaneRow *self = SP_PANE_ROW (widget);
  guint n = count_children (self);
  int min_width, nat_width, pane_width;

  *minimum = *natural = 0;
  if (n == 0)
    return;

  measure_widths (self, &min_width, &nat_width);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = min_width * n + SPACING * (n - 1);
      *natural = nat_width * n + SPACING * (n - 1);
      return;
    }

  /* A scrolled window asks without a width: answer for the width the row
   * was last given (a new width asks again), or before any, for the
   * narrowest, the worst case. */
  if (for_size < 0)
    {
      for_size = gtk_widget_get_width (widget);
      self->measured_width = for_size;
    }
  pane_width = MAX (min_width, (for_size - SPACING * ((int) n - 1)) / (int) n);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int min, nat;

      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, pane_width, &min, &nat, NULL, NULL);
      *minimum = MAX (*minimum, min);
      *natural = MAX (*natural, nat);
    }
}

static gboolean
remeasure_cb (gpointer data)
{
  SpPaneRow *self = data;

  self->remeasure_id = 0;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  return G_SOURCE_REMOVE;
}

static void
sp_pane_row_size_allocate (GtkWidget *widget,
                           int        width,
                           int        height,
                           int        baseline)
{
  SpPaneRow *self = SP_PANE_ROW (widget);
  guint n = count_children (self);
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  int left, x = 0;
  guint i = 0;

  if (n == 0)
    return;

  /* Measured for another width: the panes' rows wrap differently now. */
  if (self->measured_width >= 0 && width != self->measured_width && self->remeasure_id == 0)
    self->remeasure_id = g_idle_add_full (GTK_PRIORITY_RESIZE - 1, remeasure_cb, self, NULL);

  /* Pixels that don't divide evenly go one each to the first panes. */
  left = width - SPACING * ((int) n - 1);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_width;

      if (!gtk_widget_should_layout (child))
        continue;
      child_width = left / (int) (n - i) ;
      left -= child_width;
      gtk_widget_size_allocate (child,
                                &(GtkAllocation) { rtl ? width - x - child_width : x, 0,
                                                   child_width, height },
                                -1);
      x += child_width + SPACING;
      i++;
    }
}

static void
sp_pane_row_dispose (GObject *object)
{
  SpPaneRow *self = SP_PANE_ROW (object);
  GtkWidget *child;

  g_clear_handle_id (&self->remeasure_id, g_source_remove);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (sp_pane_row_parent_class)->dispose (object);
}

static void
sp_pane_row_class_init (SpPaneRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sp_pane_row_dispose;
  widget_class->get_request_mode = sp_pane_row_get_request_mode;
  widget_class->measure = sp_pane_row_measure;
  widget_class->size_allocate = sp_pane_row_size_allocate;

  gtk_widget_class_set_css_name (widget_class, "panerow");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
sp_pane_row_init (SpPaneRow *self)
{
  self->measured_width = -1;
}

GtkWidget *
sp_pane_row_new (void)
{
  return g_object_new (SP_TYPE_PANE_ROW, NULL);
}

void
sp_pane_row_append (SpPaneRow *self,
                    GtkWidget *child)
{
  g_return_if_fail (SP_IS_PANE_ROW (self));
  g_return_if_fail (GTK_IS_WIDGET (child));
  g_return_if_fail (gtk_widget_get_parent (child) == NULL);

  gtk_widget_insert_before (child, GTK_WIDGET (self), NULL);
}

void
sp_pane_row_remove (SpPaneRow *self,
                    GtkWidget *child)
{
  g_return_if_fail (SP_IS_PANE_ROW (self));
  g_return_if_fail (gtk_widget_get_parent (child) == GTK_WIDGET (self));

  gtk_widget_unparent (child);
}
