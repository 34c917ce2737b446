/* sp-template.h: taking down a widget built from a template
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* For dispose(): gtk_widget_dispose_template() for @type, then unparents
 * the children a template gave @widget without an id, which that leaves. */
void sp_template_dispose (GtkWidget *widget,
                          GType      type);

G_END_DECLS
