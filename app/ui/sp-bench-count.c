/* sp-bench-count.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sp-bench-count.h"

guint sp_bench_counts[SP_BENCH_N_COUNTS];

static const char * const names[SP_BENCH_N_COUNTS] = {
  "rows-made", "rows-bound", "rows-shown", "rows-measured", "diagram-read", "diagram-drawn", "peers-compared",
  "dump-rows-made", "dump-rows-shown", "list-jumps", "dump-follows",
  "ramp-batches", "rows-shown-later",
};

const char *
sp_bench_count_name (SpBenchCount count)
{
  g_return_val_if_fail (count < SP_BENCH_N_COUNTS, NULL);
  return names[count];
}
