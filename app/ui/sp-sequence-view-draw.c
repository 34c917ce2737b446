/* sp-sequence-view-draw.c: what the sequence diagram draws — lines and
 * arrows, and labels placed clear of them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "sp-sequence-view-private.h"

void
_sp_sequence_stroke_line (GtkSnapshot   *snapshot,
                          const GdkRGBA *color,
                          double         x1,
                          double         y1,
                          double         x2,
                          double         y2,
                          double         width,
                          gboolean       dashed,
                          gboolean       arrow)
{
  cairo_t *cr;
  graphene_rect_t bounds;

  graphene_rect_init (&bounds, MIN (x1, x2) - 10, MIN (y1, y2) - 10, fabs (x2 - x1) + 20, fabs (y2 - y1) + 20);
  cr = gtk_snapshot_append_cairo (snapshot, &bounds);
  gdk_cairo_set_source_rgba (cr, color);
  cairo_set_line_width (cr, width);
  if (dashed)
    cairo_set_dash (cr, (double[]) { 6, 4 }, 2, 0);
  cairo_move_to (cr, x1, y1);
  cairo_line_to (cr, x2, y2);
  cairo_stroke (cr);

  if (arrow)
    {
      double angle = atan2 (y2 - y1, x2 - x1);

      cairo_set_dash (cr, NULL, 0, 0);
      cairo_move_to (cr, x2, y2);
      cairo_line_to (cr, x2 - 10 * cos (angle - 0.4), y2 - 10 * sin (angle - 0.4));
      cairo_line_to (cr, x2 - 10 * cos (angle + 0.4), y2 - 10 * sin (angle + 0.4));
      cairo_close_path (cr);
      cairo_fill (cr);
    }

  cairo_destroy (cr);
}

/* Sets @text in @layout; its size in pixels. */
static void
measure (PangoLayout *layout,
         const char  *text,
         int         *width,
         int         *height)
{
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, width, height);
}

/* Draws @layout with its top left corner at (@x, @y). */
static void
draw_layout (GtkSnapshot   *snapshot,
             PangoLayout   *layout,
             const GdkRGBA *color,
             double         x,
             double         y)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

/* An arrow's label, centred over the arrow from (@x, @y) to (@tx, @ty):
 * its bottom edge above the line everywhere under it. */
void
_sp_sequence_draw_arrow_label (GtkSnapshot   *snapshot,
                               PangoLayout   *layout,
                               const GdkRGBA *color,
                               const char    *text,
                               double         x,
                               double         y,
                               double         tx,
                               double         ty)
{
  double slope = tx != x ? fabs ((ty - y) / (tx - x)) : 0;
  int width, height;

  measure (layout, text, &width, &height);
  draw_layout (snapshot, layout, color, (x + tx - width) / 2, (y + ty) / 2 - slope * width / 2 - height - 2);
}

/* A row's label right of its lifeline; where an arrow ends on the row, on
 * the side away from it (above an arrow from below, below one from above). */
void
_sp_sequence_draw_row_label (GtkSnapshot   *snapshot,
                             PangoLayout   *layout,
                             const GdkRGBA *color,
                             const char    *label,
                             int            incoming,
                             double         x,
                             double         y)
{
  int width, height;
  double top;

  measure (layout, label, &width, &height);
  if (incoming > 0)
    top = y - height - 1;
  else if (incoming < 0)
    top = y + 1;
  else
    top = y - height / 2.0;
  draw_layout (snapshot, layout, color, x + 10, top);
}

void
_sp_sequence_draw_title (GtkSnapshot   *snapshot,
                         PangoLayout   *layout,
                         const GdkRGBA *color,
                         const char    *text,
                         double         x,
                         double         y)
{
  int width, height;

  measure (layout, text, &width, &height);
  draw_layout (snapshot, layout, color, x - width / 2.0, y - height / 2.0);
}
