/* sp-width-bin.h: holds a widget whose height depends on its width, and
 * answers for the width it has when asked without one
 *
 * A scrolled window asks its child how tall it must be without saying how
 * wide it will be. A row of panes, whose rows of controls wrap when the
 * panes are narrow, would answer as if nothing wrapped, and the diagram
 * below would take the height the panes' controls need. In this bin the
 * panes answer for the width they really have; a new width asks again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SP_TYPE_WIDTH_BIN (sp_width_bin_get_type ())

G_DECLARE_FINAL_TYPE (SpWidthBin, sp_width_bin, SP, WIDTH_BIN, GtkWidget)

GtkWidget *sp_width_bin_new       (void);
GtkWidget *sp_width_bin_get_child (SpWidthBin *self);
void       sp_width_bin_set_child (SpWidthBin *self,
                                   GtkWidget  *child);

G_END_DECLS
