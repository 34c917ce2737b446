/* sp-clock.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sp-clock.h"

gint64
sp_clock_now (void)
{
  static gint64 epoch;
  gint64 now = g_get_monotonic_time ();

  if (G_UNLIKELY (epoch == 0))
    epoch = now;

  return now - epoch;
}
