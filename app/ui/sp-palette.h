/* sp-palette.h: the colours drawn by hand (stream and sequence views)
 *
 * The log and the hex dump take theirs from style.css; these views draw
 * with the snapshot API, so they ask here and follow the same settings:
 * the colour-blind safe palette (the window's .colour-blind class) and a
 * dark style.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SP_PALETTE_N_SEND_COLOURS 6

/* Whether @widget's window shows the colour-blind safe palette. */
gboolean sp_palette_is_colour_blind (GtkWidget     *widget);
/* Client→server red (orange when colour-blind safe), server→client blue. */
void     sp_palette_get_direction   (GtkWidget     *widget,
                                     gboolean       client_to_server,
                                     GdkRGBA       *colour);
/* The background tint of the @n-th send() call (counting from 1). */
void     sp_palette_get_send        (GtkWidget     *widget,
                                     guint          n,
                                     GdkRGBA       *colour);
/* Redraws @widget whenever its window's palette changes; call from the
 * widget's root and unroot vfuncs. */
void     sp_palette_track_root      (GtkWidget     *widget);
void     sp_palette_untrack_root    (GtkWidget     *widget);

G_END_DECLS
