/* sp-width-bin.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sp-width-bin.h"

struct _SpWidthBin
{
  GtkWidget  parent_instance;

  GtkWidget *child;
  int        measured_width;   /* the width the last unconstrained height was for */
  guint      remeasure_id;
};

enum {
  PROP_0,
  PROP_CHILD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void sp_width_bin_buildable_init (GtkBuildableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SpWidthBin, sp_width_bin, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDABLE, sp_width_bin_buildable_init))

static GtkBuildableIface *parent_buildable_iface;

static void
sp_width_bin_add_child (GtkBuildable *buildable,
                        GtkBuilder   *builder,
                        GObject      *child,
                        const char   *type)
{
  if (GTK_IS_WIDGET (child))
    sp_width_bin_set_child (SP_WIDTH_BIN (buildable), GTK_WIDGET (child));
  else
    parent_buildable_iface->add_child (buildable, builder, child, type);
}

static void
sp_width_bin_buildable_init (GtkBuildableIface *iface)
{
  parent_buildable_iface = g_type_interface_peek_parent (iface);
  iface->add_child = sp_width_bin_add_child;
}

static GtkSizeRequestMode
sp_width_bin_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
sp_width_bin_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  SpWidthBin *self = SP_WIDTH_BIN (widget);

  *minimum = *natural = 0;
  if (self->child == NULL || !gtk_widget_should_layout (self->child))
    return;

  /* Unconstrained: for the width we have, or before we have one, for the
   * narrowest the child can be, where it is tallest. */
  if (orientation == GTK_ORIENTATION_VERTICAL && for_size < 0)
    {
      int min_width;

      gtk_widget_measure (self->child, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
      for_size = MAX (gtk_widget_get_width (widget), min_width);
      self->measured_width = gtk_widget_get_width (widget);
    }

  gtk_widget_measure (self->child, orientation, for_size, minimum, natural, NULL, NULL);
}

static gboolean
remeasure_cb (gpointer data)
{
  SpWidthBin *self = data;

  self->remeasure_id = 0;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  return G_SOURCE_REMOVE;
}

static void
sp_width_bin_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  SpWidthBin *self = SP_WIDTH_BIN (widget);

  /* Measured for another width: the child's rows wrap differently now. */
  if (self->measured_width >= 0 && width != self->measured_width && self->remeasure_id == 0)
    self->remeasure_id = g_idle_add_full (GTK_PRIORITY_RESIZE - 1, remeasure_cb, self, NULL);

  if (self->child != NULL && gtk_widget_should_layout (self->child))
    gtk_widget_allocate (self->child, width, height, baseline, NULL);
}

static void
sp_width_bin_dispose (GObject *object)
{
  SpWidthBin *self = SP_WIDTH_BIN (object);

  g_clear_handle_id (&self->remeasure_id, g_source_remove);
  g_clear_pointer (&self->child, gtk_widget_unparent);

  G_OBJECT_CLASS (sp_width_bin_parent_class)->dispose (object);
}

static void
sp_width_bin_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  SpWidthBin *self = SP_WIDTH_BIN (object);

  switch (prop_id)
    {
    case PROP_CHILD:
      g_value_set_object (value, self->child);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_width_bin_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  SpWidthBin *self = SP_WIDTH_BIN (object);

  switch (prop_id)
    {
    case PROP_CHILD:
      sp_width_bin_set_child (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_width_bin_class_init (SpWidthBinClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sp_width_bin_dispose;
  object_class->get_property = sp_width_bin_get_property;
  object_class->set_property = sp_width_bin_set_property;
  widget_class->get_request_mode = sp_width_bin_get_request_mode;
  widget_class->measure = sp_width_bin_measure;
  widget_class->size_allocate = sp_width_bin_size_allocate;

  properties[PROP_CHILD] =
    g_param_spec_object ("child", NULL, NULL, GTK_TYPE_WIDGET,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "widthbin");
}

static void
sp_width_bin_init (SpWidthBin *self)
{
  self->measured_width = -1;
}

GtkWidget *
sp_width_bin_new (void)
{
  return g_object_new (SP_TYPE_WIDTH_BIN, NULL);
}

GtkWidget *
sp_width_bin_get_child (SpWidthBin *self)
{
  g_return_val_if_fail (SP_IS_WIDTH_BIN (self), NULL);
  return self->child;
}

void
sp_width_bin_set_child (SpWidthBin *self,
                        GtkWidget  *child)
{
  g_return_if_fail (SP_IS_WIDTH_BIN (self));
  g_return_if_fail (child == NULL || gtk_widget_get_parent (child) == NULL);

  if (self->child == child)
    return;

  g_clear_pointer (&self->child, gtk_widget_unparent);
  if (child != NULL)
    {
      self->child = child;
      gtk_widget_set_parent (child, GTK_WIDGET (self));
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHILD]);
}
