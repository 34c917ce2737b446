/* sp-reply-rules-editor.h: a server pane's reply rules, added, edited and
 * removed in a window of their own, saying what the rules look at (each
 * recv(), or each message with framing on)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sp-endpoint.h"

G_BEGIN_DECLS

#define SP_TYPE_REPLY_RULES_EDITOR (sp_reply_rules_editor_get_type ())
G_DECLARE_FINAL_TYPE (SpReplyRulesEditor, sp_reply_rules_editor, SP, REPLY_RULES_EDITOR, AdwWindow)

/* Edits @endpoint's rules, over @parent (may be NULL). */
GtkWindow *sp_reply_rules_editor_new (GtkWindow  *parent,
                                      SpEndpoint *endpoint);

G_END_DECLS
