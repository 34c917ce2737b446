/* sp-pane-row.h: the panes side by side, each as wide as the others
 *
 * Like a homogeneous GtkBox, with one difference that matters on a
 * projector: asked how tall it must be without a width (as a scrolled
 * window asks), it answers for the width it has, where a box answers for
 * its panes' rows of controls all on one line. The diagram below it then
 * never takes the height the panes' controls need.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SP_TYPE_PANE_ROW (sp_pane_row_get_type ())

G_DECLARE_FINAL_TYPE (SpPaneRow, sp_pane_row, SP, PANE_ROW, GtkWidget)

GtkWidget *sp_pane_row_new    (void);
void       sp_pane_row_append (SpPaneRow *self,
                               GtkWidget *child);
void       sp_pane_row_remove (SpPaneRow *self,
                               GtkWidget *child);

G_END_DECLS
