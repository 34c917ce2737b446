/* sp-scroll-state.h: the GtkScrollable side of a widget that scrolls its
 * own drawing (the stream and sequence views): two adjustments, two
 * policies and the four properties the interface asks for.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Added to the widget's first scrollable property id, in this order. */
typedef enum {
  SP_SCROLL_PROP_HADJUSTMENT,
  SP_SCROLL_PROP_VADJUSTMENT,
  SP_SCROLL_PROP_HSCROLL_POLICY,
  SP_SCROLL_PROP_VSCROLL_POLICY,
  SP_SCROLL_N_PROPS,
} SpScrollProp;

typedef struct {
  GtkWidget           *widget;
  guint                first_prop_id;
  /* Indexed by GtkOrientation. */
  GtkAdjustment       *adjustment[2];
  GtkScrollablePolicy  policy[2];
  GCallback            value_changed[2];
  void               (*configure) (GtkWidget *widget);
} SpScrollState;

/* @configure sets the adjustments' ranges (called when one is replaced);
 * @h_changed / @v_changed get the widget when a value changes. */
void           sp_scroll_state_init                (SpScrollState  *self,
                                                    GtkWidget      *widget,
                                                    guint           first_prop_id,
                                                    void          (*configure) (GtkWidget *widget),
                                                    GCallback       h_changed,
                                                    GCallback       v_changed);
void           sp_scroll_state_clear               (SpScrollState  *self);
void           sp_scroll_state_override_properties (GObjectClass   *klass,
                                                    guint           first_prop_id);
/* FALSE when @prop_id is not one of the four. */
gboolean       sp_scroll_state_get_property        (SpScrollState  *self,
                                                    guint           prop_id,
                                                    GValue         *value);
gboolean       sp_scroll_state_set_property        (SpScrollState  *self,
                                                    guint           prop_id,
                                                    const GValue   *value);
/* @content long in @orientation, seen through @view pixels: the value
 * stays within range, or goes to the end with @to_end. */
void           sp_scroll_state_configure           (SpScrollState  *self,
                                                    GtkOrientation  orientation,
                                                    double          content,
                                                    int             view,
                                                    double          step,
                                                    gboolean        to_end);
GtkAdjustment *sp_scroll_state_get_adjustment      (SpScrollState  *self,
                                                    GtkOrientation  orientation);
/* 0 while there is no adjustment. */
double         sp_scroll_state_get_value           (SpScrollState  *self,
                                                    GtkOrientation  orientation);

G_END_DECLS
