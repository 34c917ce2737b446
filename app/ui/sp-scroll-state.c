/* sp-scroll-state.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sp-scroll-state.h"

void
sp_scroll_state_init (SpScrollState  *self,
                      GtkWidget      *widget,
                      guint           first_prop_id,
                      void          (*configure) (GtkWidget *widget),
                      GCallback       h_changed,
                      GCallback       v_changed)
{
  *self = (SpScrollState) {
    .widget = widget,
    .first_prop_id = first_prop_id,
    .value_changed = { h_changed, v_changed },
    .configure = configure,
  };
}

void
sp_scroll_state_clear (SpScrollState *self)
{
  for (guint i = 0; i < 2; i++)
    {
      if (self->adjustment[i] != NULL)
        g_signal_handlers_disconnect_by_data (self->adjustment[i], self->widget);
      g_clear_object (&self->adjustment[i]);
    }
}

void
sp_scroll_state_override_properties (GObjectClass *klass,
                                     guint         first_prop_id)
{
  g_object_class_override_property (klass, first_prop_id + SP_SCROLL_PROP_HADJUSTMENT, "hadjustment");
  g_object_class_override_property (klass, first_prop_id + SP_SCROLL_PROP_VADJUSTMENT, "vadjustment");
  g_object_class_override_property (klass, first_prop_id + SP_SCROLL_PROP_HSCROLL_POLICY, "hscroll-policy");
  g_object_class_override_property (klass, first_prop_id + SP_SCROLL_PROP_VSCROLL_POLICY, "vscroll-policy");
}

static void
set_adjustment (SpScrollState  *self,
                GtkOrientation  orientation,
                GtkAdjustment  *adjustment)
{
  GtkAdjustment **slot = &self->adjustment[orientation];

  if (*slot == adjustment && adjustment != NULL)
    return;

  if (*slot != NULL)
    g_signal_handlers_disconnect_by_data (*slot, self->widget);
  if (adjustment == NULL)
    adjustment = gtk_adjustment_new (0, 0, 0, 0, 0, 0);
  g_clear_object (slot);
  *slot = g_object_ref_sink (adjustment);
  g_signal_connect_swapped (adjustment, "value-changed", self->value_changed[orientation], self->widget);
  self->configure (self->widget);
}

gboolean
sp_scroll_state_get_property (SpScrollState *self,
                              guint          prop_id,
                              GValue        *value)
{
  switch ((int) (prop_id - self->first_prop_id))
    {
    case SP_SCROLL_PROP_HADJUSTMENT:
      g_value_set_object (value, self->adjustment[GTK_ORIENTATION_HORIZONTAL]);
      return TRUE;

    case SP_SCROLL_PROP_VADJUSTMENT:
      g_value_set_object (value, self->adjustment[GTK_ORIENTATION_VERTICAL]);
      return TRUE;

    case SP_SCROLL_PROP_HSCROLL_POLICY:
      g_value_set_enum (value, self->policy[GTK_ORIENTATION_HORIZONTAL]);
      return TRUE;

    case SP_SCROLL_PROP_VSCROLL_POLICY:
      g_value_set_enum (value, self->policy[GTK_ORIENTATION_VERTICAL]);
      return TRUE;

    default:
      return FALSE;
    }
}

gboolean
sp_scroll_state_set_property (SpScrollState *self,
                              guint          prop_id,
                              const GValue  *value)
{
  switch ((int) (prop_id - self->first_prop_id))
    {
    case SP_SCROLL_PROP_HADJUSTMENT:
      set_adjustment (self, GTK_ORIENTATION_HORIZONTAL, g_value_get_object (value));
      return TRUE;

    case SP_SCROLL_PROP_VADJUSTMENT:
      set_adjustment (self, GTK_ORIENTATION_VERTICAL, g_value_get_object (value));
      return TRUE;

    case SP_SCROLL_PROP_HSCROLL_POLICY:
      self->policy[GTK_ORIENTATION_HORIZONTAL] = g_value_get_enum (value);
      gtk_widget_queue_resize (self->widget);
      return TRUE;

    case SP_SCROLL_PROP_VSCROLL_POLICY:
      self->policy[GTK_ORIENTATION_VERTICAL] = g_value_get_enum (value);
      gtk_widget_queue_resize (self->widget);
      return TRUE;

    default:
      return FALSE;
    }
}

void
sp_scroll_state_configure (SpScrollState  *self,
                           GtkOrientation  orientation,
                           double          content,
                           int             view,
                           double          step,
                           gboolean        to_end)
{
  GtkAdjustment *adjustment = self->adjustment[orientation];
  double end = MAX (0, content - view);

  if (adjustment == NULL)
    return;

  gtk_adjustment_configure (adjustment,
                            to_end ? end : CLAMP (gtk_adjustment_get_value (adjustment), 0, end),
                            0, MAX (content, view), step, view * 0.9, view);
}

GtkAdjustment *
sp_scroll_state_get_adjustment (SpScrollState  *self,
                                GtkOrientation  orientation)
{
  return self->adjustment[orientation];
}

double
sp_scroll_state_get_value (SpScrollState  *self,
                           GtkOrientation  orientation)
{
  return self->adjustment[orientation] ? gtk_adjustment_get_value (self->adjustment[orientation]) : 0;
}
