/* sp-template.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sp-template.h"

void
sp_template_dispose (GtkWidget *widget,
                     GType      type)
{
  gtk_widget_dispose_template (widget, type);
  for (GtkWidget *child; (child = gtk_widget_get_first_child (widget));)
    gtk_widget_unparent (child);
}
