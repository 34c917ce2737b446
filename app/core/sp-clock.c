/* sp-clock.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sp-clock.h"

static gint64 epoch;
static gint64 unix_epoch;

gint64
sp_clock_now (void)
{
  gint64 now = g_get_monotonic_time ();

  if (G_UNLIKELY (epoch == 0))
    {
      epoch = now;
      unix_epoch = g_get_real_time ();
    }

  return now - epoch;
}

gint64
sp_clock_unix_epoch_us (void)
{
  sp_clock_now ();
  return unix_epoch;
}
