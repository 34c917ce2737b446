/* sp-bench-count.h: work counted per frame, for the benchmark's frame
 * probe (sp-window-bench.c) and for tests
 *
 * Each count is what one frame's work came to: how many rows the event
 * lists bound and measured, how many events the diagram read and how many
 * rows it drew, how many connections the peer lists compared. With
 * SP_BENCH_FRAME_LOG set, every frame writes the counts that are not zero
 * and starts again from zero; without it they are only added up (a few
 * increments a row, never a cost that shows).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  SP_BENCH_ROWS_MADE,         /* event rows made by the list's factory */
  SP_BENCH_ROWS_BOUND,        /* event rows bound to an event */
  SP_BENCH_ROWS_SHOWN,        /* event rows whose texts were set */
  SP_BENCH_ROWS_MEASURED,     /* event rows whose height was worked out */
  SP_BENCH_DIAGRAM_READ,      /* events the diagram read from the logs */
  SP_BENCH_DIAGRAM_DRAWN,     /* diagram rows walked while drawing */
  SP_BENCH_PEERS_COMPARED,    /* connections compared by the peer lists */
  SP_BENCH_DUMP_ROWS_MADE,    /* hex dump rows made by the factory */
  SP_BENCH_DUMP_ROWS_SHOWN,   /* hex dump rows whose text was set */
  SP_BENCH_LIST_JUMPS,        /* event lists that jumped to their newest row */
  SP_BENCH_DUMP_FOLLOWS,      /* hex views that followed to the newest bytes */
  SP_BENCH_RAMP_BATCHES,      /* batches announced to views still filling */
  SP_BENCH_ROWS_SHOWN_LATER,  /* of the rows shown, those out of view, shown later */
  SP_BENCH_N_COUNTS
} SpBenchCount;

extern guint sp_bench_counts[SP_BENCH_N_COUNTS];

/* "rows-bound" and so on: the probe's names. */
const char *sp_bench_count_name (SpBenchCount count);

static inline void
sp_bench_count (SpBenchCount count,
                guint        n)
{
  sp_bench_counts[count] += n;
}

G_END_DECLS
