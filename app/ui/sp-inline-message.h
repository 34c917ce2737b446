/* sp-inline-message.h: the labels that say, next to a control, what is
 * wrong with what was typed, and the entries they speak of
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Shows @message in @label, or hides @label when @message is NULL or empty. */
void sp_inline_message_show       (GtkLabel   *label,
                                   const char *message);
/* Marks @entry as holding bad input, for the eye (the "error" style) and
 * for screen readers (its invalid state), or clears the mark. */
void sp_inline_message_mark_entry (GtkWidget  *entry,
                                   gboolean    error);

G_END_DECLS
