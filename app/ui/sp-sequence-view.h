/* sp-sequence-view.h: the session as a ladder diagram
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sp-endpoint.h"

G_BEGIN_DECLS

#define SP_TYPE_SEQUENCE_VIEW (sp_sequence_view_get_type ())
G_DECLARE_FINAL_TYPE (SpSequenceView, sp_sequence_view, SP, SEQUENCE_VIEW, GtkWidget)

GtkWidget *sp_sequence_view_new           (void);
/* One lifeline per endpoint, named by @titles. */
void       sp_sequence_view_set_endpoints (SpSequenceView *self,
                                           GPtrArray      *endpoints,
                                           GPtrArray      *titles);
void       sp_sequence_view_refresh       (SpSequenceView *self);
/* Arrows drawn: connects, sends that reached a pane, closes. */
guint      sp_sequence_view_get_n_arrows  (SpSequenceView *self);

G_END_DECLS
