/* sp-reply-rule-row.h: one reply rule in the rules editor — what to look
 * for and how, the reply, its delay, and why it does not work yet
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sp-reply-rules.h"

G_BEGIN_DECLS

#define SP_TYPE_REPLY_RULE_ROW (sp_reply_rule_row_get_type ())
G_DECLARE_FINAL_TYPE (SpReplyRuleRow, sp_reply_rule_row, SP, REPLY_RULE_ROW, GtkWidget)

/* Emits "edited" when the user changes the rule, "remove" when they ask
 * to remove it. */
GtkWidget   *sp_reply_rule_row_new        (guint              index,
                                           const SpReplyRule *rule);
guint        sp_reply_rule_row_get_index  (SpReplyRuleRow    *self);
/* What the row says now. */
SpReplyRule *sp_reply_rule_row_dup_rule   (SpReplyRuleRow    *self);
/* Shows why the rule does not work (@error NULL: it does), marking the
 * side at fault. */
void         sp_reply_rule_row_show_error (SpReplyRuleRow    *self,
                                           gboolean           in_reply,
                                           const GError      *error);
void         sp_reply_rule_row_focus      (SpReplyRuleRow    *self);

G_END_DECLS
