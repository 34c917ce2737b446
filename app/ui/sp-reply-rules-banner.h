/* sp-reply-rules-banner.h: in a pane, why its reply rules stopped
 * answering (the loop cap) and a button to let them answer again
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sp-endpoint.h"

G_BEGIN_DECLS

#define SP_TYPE_REPLY_RULES_BANNER (sp_reply_rules_banner_get_type ())
G_DECLARE_FINAL_TYPE (SpReplyRulesBanner, sp_reply_rules_banner, SP, REPLY_RULES_BANNER, GtkWidget)

SpEndpoint *sp_reply_rules_banner_get_endpoint (SpReplyRulesBanner *self);
void        sp_reply_rules_banner_set_endpoint (SpReplyRulesBanner *self,
                                                SpEndpoint         *endpoint);

G_END_DECLS
