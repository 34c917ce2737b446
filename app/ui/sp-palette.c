/* sp-palette.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sp-palette.h"

/* Distinct on light and dark backgrounds, drawn translucent. */
static const GdkRGBA send_colours[SP_PALETTE_N_SEND_COLOURS] = {
  { 0.88, 0.11, 0.14, 0.30 },
  { 0.21, 0.52, 0.89, 0.30 },
  { 0.18, 0.76, 0.49, 0.30 },
  { 0.96, 0.71, 0.00, 0.35 },
  { 0.57, 0.25, 0.67, 0.30 },
  { 1.00, 0.47, 0.00, 0.30 },
};

/* Okabe–Ito: told apart with every common colour vision deficiency.
 * Vermillion is left out, too close to orange for neighbours. */
static const GdkRGBA send_colours_safe[SP_PALETTE_N_SEND_COLOURS] = {
  { 0.90, 0.62, 0.00, 0.40 },  /* orange */
  { 0.34, 0.71, 0.91, 0.40 },  /* sky blue */
  { 0.00, 0.62, 0.45, 0.35 },  /* bluish green */
  { 0.94, 0.89, 0.26, 0.45 },  /* yellow */
  { 0.00, 0.45, 0.70, 0.35 },  /* blue */
  { 0.80, 0.47, 0.65, 0.40 },  /* reddish purple */
};

#define TRACKED_ROOT "sp-palette-root"

gboolean
sp_palette_is_colour_blind (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  return root != NULL && gtk_widget_has_css_class (GTK_WIDGET (root), "colour-blind");
}

void
sp_palette_get_direction (GtkWidget *widget,
                          gboolean   client_to_server,
                          GdkRGBA   *colour)
{
  if (sp_palette_is_colour_blind (widget))
    *colour = client_to_server ? (GdkRGBA) { 0.90, 0.62, 0.00, 1.0 }
                               : (GdkRGBA) { 0.00, 0.45, 0.70, 1.0 };
  else
    *colour = client_to_server ? (GdkRGBA) { 0.88, 0.11, 0.14, 1.0 }
                               : (GdkRGBA) { 0.21, 0.52, 0.89, 1.0 };
}

void
sp_palette_get_send (GtkWidget *widget,
                     guint      n,
                     GdkRGBA   *colour)
{
  const GdkRGBA *colours = sp_palette_is_colour_blind (widget) ? send_colours_safe : send_colours;

  *colour = colours[(MAX (n, 1) - 1) % SP_PALETTE_N_SEND_COLOURS];
}

void
sp_palette_track_root (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  sp_palette_untrack_root (widget);
  if (root == NULL)
    return;

  /* The window's .colour-blind class changes no CSS property of these
   * widgets, so nothing else would redraw them. */
  g_signal_connect_object (root, "notify::css-classes",
                           G_CALLBACK (gtk_widget_queue_draw), widget, G_CONNECT_SWAPPED);
  g_object_set_data (G_OBJECT (widget), TRACKED_ROOT, root);
}

void
sp_palette_untrack_root (GtkWidget *widget)
{
  GtkRoot *root = g_object_get_data (G_OBJECT (widget), TRACKED_ROOT);

  if (root == NULL)
    return;

  g_signal_handlers_disconnect_by_func (root, gtk_widget_queue_draw, widget);
  g_object_set_data (G_OBJECT (widget), TRACKED_ROOT, NULL);
}
