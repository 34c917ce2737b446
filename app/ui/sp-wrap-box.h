/* sp-wrap-box.h: a row of controls that wraps onto more lines when narrow
 *
 * A pane's rows of controls (Kind, Host, Port, Start; the message and
 * Send; the encoding drop-downs and Pause reading) stay on one line when
 * the pane is wide, and wrap like words in a paragraph when four panes and
 * the lessons share a projector's 1366 pixels, so no control is ever cut
 * off or pushed out of the window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SP_TYPE_WRAP_BOX (sp_wrap_box_get_type ())

G_DECLARE_FINAL_TYPE (SpWrapBox, sp_wrap_box, SP, WRAP_BOX, GtkWidget)

GtkWidget *sp_wrap_box_new         (void);
int        sp_wrap_box_get_spacing (SpWrapBox *self);
void       sp_wrap_box_set_spacing (SpWrapBox *self,
                                    int        spacing);
void       sp_wrap_box_append      (SpWrapBox *self,
                                    GtkWidget *child);

G_END_DECLS
