/* sp-sequence-relay.h: SpSequenceView's lifelines for the programs a relay
 * pane stands between, when they are not panes of this window (a student's
 * own client and server): client → relay → server, each of the relay's
 * calls an arrow between it and the program on that side
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sp-endpoint.h"

G_BEGIN_DECLS

typedef struct _SpSequenceRelay SpSequenceRelay;

/* For one rebuild of the diagram of @endpoints (one column each). */
SpSequenceRelay *_sp_sequence_relay_new    (GPtrArray        *endpoints);
void             _sp_sequence_relay_free   (SpSequenceRelay  *self);
/* Whether the pane in @column is a relay: only its rows are for
 * _sp_sequence_relay_arrow(). */
gboolean         _sp_sequence_relay_has    (SpSequenceRelay  *self,
                                            guint             column);
/* The next row (in time order) of the pane in @column, showing @record,
 * whose other end is a pane in the diagram (@peer_in_view) or not. TRUE
 * when it draws an arrow between a relay and an outside program: the
 * arrow goes from the relay's lifeline to the lifeline in *@target (or
 * from it, when *@from_target), labelled *@label (to free). @preview is
 * the event's bytes as its pane shows them. */
gboolean         _sp_sequence_relay_arrow  (SpSequenceRelay      *self,
                                            guint                 column,
                                            const SpEventRecord  *record,
                                            gboolean              peer_in_view,
                                            const char           *preview,
                                            guint                *target,
                                            gboolean             *from_target,
                                            gboolean             *dashed,
                                            char                **label);
/* The outside programs' lifelines get the columns after the panes':
 * @titles gets their titles, @positions (of guint) every column's place
 * from the left — a relay's clients left of it, its server right — and
 * @ordered the panes' @pane_titles and those titles left to right (the
 * strings stay theirs). */
void             _sp_sequence_relay_finish (SpSequenceRelay  *self,
                                            GPtrArray        *pane_titles,
                                            GPtrArray        *titles,
                                            GArray           *positions,
                                            GPtrArray        *ordered);

/* The diagram @view's accessible description: its lifelines @ordered left
 * to right and how many arrows it draws; updated when it differs from
 * *@last. */
void             _sp_sequence_describe     (GtkWidget        *view,
                                            GPtrArray        *ordered,
                                            guint             n_arrows,
                                            char            **last);
/* The width of the widest of @titles as @widget writes them, in pixels. */
int              _sp_sequence_widest_title (GtkWidget        *widget,
                                            GPtrArray        *titles);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpSequenceRelay, _sp_sequence_relay_free)

G_END_DECLS
