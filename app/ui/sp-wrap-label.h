/* sp-wrap-label.h: text wrapped into at most a few lines, cheap to measure
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SP_TYPE_WRAP_LABEL (sp_wrap_label_get_type ())
G_DECLARE_FINAL_TYPE (SpWrapLabel, sp_wrap_label, SP, WRAP_LABEL, GtkWidget)

GtkWidget  *sp_wrap_label_new       (void);
const char *sp_wrap_label_get_text  (SpWrapLabel *self);
void        sp_wrap_label_set_text  (SpWrapLabel *self,
                                     const char  *text);
guint       sp_wrap_label_get_lines (SpWrapLabel *self);
void        sp_wrap_label_set_lines (SpWrapLabel *self,
                                     guint        lines);

G_END_DECLS
