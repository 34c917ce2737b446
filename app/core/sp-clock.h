/* sp-clock.h: one time base for every event in the session
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Microseconds since the session's epoch (the first call in the process), from
 * the monotonic clock, so timestamps of different panes can be compared. */
gint64 sp_clock_now           (void);
/* Wall-clock time of that epoch, in UNIX microseconds (for captures). */
gint64 sp_clock_unix_epoch_us (void);

G_END_DECLS
