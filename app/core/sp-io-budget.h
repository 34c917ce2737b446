/* sp-io-budget.h: how long socket I/O may take in one turn of the main loop
 *
 * GLib dispatches every ready source of a priority in one turn of the main
 * loop, and the frame clock draws only between turns. When thousands of
 * sockets are ready at once (a class's clients all leaving, or all
 * arriving), one turn would make thousands of recv(), accept() and close()
 * calls and hold the next frame back for a fifth of a second. So each
 * socket callback asks first: once this turn's budget is spent, the socket
 * waits, still ready, for the next turn, and a frame may come between. The
 * first socket of a turn always runs, so every turn makes progress.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Socket I/O per turn of the main loop, in microseconds: well under a
 * frame (16.7 ms at 60 Hz), which also has to lay out and draw. */
#define SP_IO_BUDGET_US 6000

/* TRUE when a socket callback should leave its socket for the next turn
 * of the default main context. FALSE for the first caller of a turn. */
gboolean sp_io_budget_spent    (void);

/* For tests: the budget in microseconds (0: one socket a turn); -1 goes
 * back to SP_IO_BUDGET_US. */
void     sp_io_budget_set_limit (gint64 budget_us);

G_END_DECLS
