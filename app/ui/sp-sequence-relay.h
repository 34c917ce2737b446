/* sp-sequence-relay.h: SpSequenceView's lifelines for the programs a relay
 * pane stands between, when they are not panes of this window (a student's
 * own client and server): client → relay → server, each of the relay's
 * calls an arrow between it and the program on that side
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sp-sequence-view.h"

G_BEGIN_DECLS

typedef struct _SpSequenceRelay SpSequenceRelay;

/* For one rebuild of the diagram of @endpoints (one column each). */
SpSequenceRelay *_sp_sequence_relay_new    (GPtrArray        *endpoints);
void             _sp_sequence_relay_free   (SpSequenceRelay  *self);
/* The next row (in time order) of the pane in @column, showing @event,
 * whose other end is a pane in the diagram (@peer_in_view) or not. TRUE
 * when it draws an arrow between a relay and an outside program: the
 * arrow goes from the relay's lifeline to the lifeline in *@target (or
 * from it, when *@from_target), labelled *@label (to free). @preview is
 * the event's bytes as its pane shows them. */
gboolean         _sp_sequence_relay_arrow  (SpSequenceRelay  *self,
                                            guint             column,
                                            SpEvent          *event,
                                            gboolean          peer_in_view,
                                            const char       *preview,
                                            guint            *target,
                                            gboolean         *from_target,
                                            gboolean         *dashed,
                                            char            **label);
/* The outside programs' lifelines get the columns after the panes':
 * @titles gets their titles, and @positions (of guint) every column's
 * place from the left — a relay's clients left of it, its server right. */
void             _sp_sequence_relay_finish (SpSequenceRelay  *self,
                                            GPtrArray        *titles,
                                            GArray           *positions);

/* The diagram's accessible description: its lifelines left to right and
 * how many arrows it draws; updated when it differs from *@last. */
void             _sp_sequence_describe     (SpSequenceView   *view,
                                            guint             n_arrows,
                                            char            **last);
/* The width of the widest lifeline title, in pixels. */
int              _sp_sequence_widest_title (SpSequenceView   *view);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpSequenceRelay, _sp_sequence_relay_free)

G_END_DECLS
