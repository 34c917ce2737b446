/* sp-io-budget.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sp-io-budget.h"

/* A turn that never ends (the default context not iterated, say): after
 * this long the next caller starts a turn of its own, so no socket waits
 * for ever. */
#define STALE_TURN_US G_USEC_PER_SEC

static struct {
  GSource *source;
  gint64   start_us;   /* when this turn's dispatching began */
  gboolean served;     /* a socket callback ran in this turn */
  gint64   limit_us;
} turn = { NULL, 0, FALSE, SP_IO_BUDGET_US };

static gboolean
turn_prepare (GSource *source,
              int     *timeout)
{
  *timeout = -1;
  return FALSE;
}

/* GLib calls every source's check() once a turn, after poll() and before
 * any dispatch: the start of the turn's dispatching. This source is the
 * most urgent, so it is always checked; it never dispatches. */
static gboolean
turn_check (GSource *source)
{
  turn.start_us = g_get_monotonic_time ();
  turn.served = FALSE;
  return FALSE;
}

static GSourceFuncs turn_funcs = {
  .prepare = turn_prepare,
  .check = turn_check,
};

gboolean
sp_io_budget_spent (void)
{
  gint64 now;

  if (G_UNLIKELY (turn.source == NULL))
    {
      turn.source = g_source_new (&turn_funcs, sizeof (GSource));
      g_source_set_priority (turn.source, G_PRIORITY_HIGH);
      g_source_set_static_name (turn.source, "SpIoBudget");
      g_source_attach (turn.source, NULL);
      turn.start_us = g_get_monotonic_time ();
    }

  now = g_get_monotonic_time ();
  if (!turn.served || now - turn.start_us > STALE_TURN_US)
    {
      if (turn.served)
        turn.start_us = now;
      turn.served = TRUE;
      return FALSE;
    }

  return now - turn.start_us >= turn.limit_us;
}

void
sp_io_budget_set_limit (gint64 budget_us)
{
  turn.limit_us = budget_us < 0 ? SP_IO_BUDGET_US : budget_us;
}
