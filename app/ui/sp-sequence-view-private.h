/* sp-sequence-view-private.h: SpSequenceView's drawing, shared by
 *
 *   sp-sequence-view.c       the rows, their labels and arrows, scrolling
 *   sp-sequence-view-draw.c  lines, arrows and labels placed clear of them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A line from (@x1, @y1) to (@x2, @y2), dashed or not, with an arrowhead
 * at its end or not. */
void _sp_sequence_stroke_line      (GtkSnapshot   *snapshot,
                                    const GdkRGBA *color,
                                    double         x1,
                                    double         y1,
                                    double         x2,
                                    double         y2,
                                    double         width,
                                    gboolean       dashed,
                                    gboolean       arrow);
/* An arrow's label, centred over the arrow from (@x, @y) to (@tx, @ty),
 * above the line everywhere under it. */
void _sp_sequence_draw_arrow_label (GtkSnapshot   *snapshot,
                                    PangoLayout   *layout,
                                    const GdkRGBA *color,
                                    const char    *text,
                                    double         x,
                                    double         y,
                                    double         tx,
                                    double         ty);
/* A row's @label right of its lifeline at (@x, @y); @incoming says where
 * an arrow ending on the row comes from (1: a later row, below; -1: an
 * earlier one, above; 0: none), and the label keeps to the other side. */
void _sp_sequence_draw_row_label   (GtkSnapshot   *snapshot,
                                    PangoLayout   *layout,
                                    const GdkRGBA *color,
                                    const char    *label,
                                    int            incoming,
                                    double         x,
                                    double         y);
/* @text centred on (@x, @y): a lifeline's title. */
void _sp_sequence_draw_title       (GtkSnapshot   *snapshot,
                                    PangoLayout   *layout,
                                    const GdkRGBA *color,
                                    const char    *text,
                                    double         x,
                                    double         y);

G_END_DECLS
