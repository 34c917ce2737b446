/* sp-sequence-view.h: the session as a ladder diagram
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sp-endpoint.h"

G_BEGIN_DECLS

/* Events read from the logs per main-loop iteration at most. */
#define SP_SEQUENCE_VIEW_READ_SLICE 2048

#define SP_TYPE_SEQUENCE_VIEW (sp_sequence_view_get_type ())
G_DECLARE_FINAL_TYPE (SpSequenceView, sp_sequence_view, SP, SEQUENCE_VIEW, GtkWidget)

GtkWidget *sp_sequence_view_new           (void);
/* One lifeline per endpoint, named by @titles. */
void       sp_sequence_view_set_endpoints (SpSequenceView *self,
                                           GPtrArray      *endpoints,
                                           GPtrArray      *titles);
/* The panes' Encodings, column by column: received bytes read as their
 * pane shows them (sent text as it was typed). */
void       sp_sequence_view_set_encodings (SpSequenceView       *self,
                                           const SpTextEncoding *encodings,
                                           guint                 n);
void       sp_sequence_view_refresh       (SpSequenceView *self);
/* The label of the diagram's row @row ("send 4 B “你好”"), NULL past the
 * last. */
const char *sp_sequence_view_get_label    (SpSequenceView *self,
                                           guint           row);
/* Where row @row's arrow ends: FALSE when it has none. */
gboolean   sp_sequence_view_get_arrow     (SpSequenceView *self,
                                           guint           row,
                                           guint          *to_column,
                                           guint          *to_row);
/* Arrows drawn: connects, sends that reached a pane, closes, and a relay's
 * calls to and from outside programs. */
guint      sp_sequence_view_get_n_arrows  (SpSequenceView *self);
/* Lifelines: the panes', and the outside programs' that relay panes
 * stand between (their clients left of them, their target right). */
guint      sp_sequence_view_get_n_lifelines    (SpSequenceView *self);
/* The title of the lifeline at @place from the left, NULL past the last. */
const char *sp_sequence_view_get_lifeline_title (SpSequenceView *self,
                                                 guint           place);

G_END_DECLS
