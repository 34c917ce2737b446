/* test-system.c: process-wide settings (descriptor limit and table)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <sys/resource.h>

#include "sp-system.h"

/* The kernel's size of this process's descriptor table ("FDSize:"). */
static guint
fd_table_size (void)
{
  g_autofree char *status = NULL;
  const char *line;

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  line = strstr (status, "\nFDSize:");
  g_assert_nonnull (line);
  return (guint) strtoul (line + strlen ("\nFDSize:"), NULL, 10);
}

static guint
n_open_fds (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* The table holds the reserve at once, and no descriptor is left open. */
static void
test_reserve_fd_table (void)
{
  guint64 limit = sp_raise_fd_limit ();
  guint want = 4096;
  guint before_size = fd_table_size ();
  guint before_open = n_open_fds ();

  if (limit < want)
    {
      g_test_skip ("RLIMIT_NOFILE's hard limit is below 4096");
      return;
    }
  /* A fresh test process starts with a small table. */
  g_assert_cmpuint (before_size, <, want);

  sp_reserve_fd_table (want);
  g_assert_cmpuint (fd_table_size (), >=, want);
  g_assert_cmpuint (n_open_fds (), ==, before_open);
}

/* Never past the soft limit: a lower limit caps the reserve. */
static void
test_reserve_within_limit (void)
{
  struct rlimit saved, low;
  guint before_open = n_open_fds ();

  g_assert_cmpint (getrlimit (RLIMIT_NOFILE, &saved), ==, 0);
  low = saved;
  low.rlim_cur = MIN (saved.rlim_cur, 512);
  g_assert_cmpint (setrlimit (RLIMIT_NOFILE, &low), ==, 0);

  sp_reserve_fd_table (1 << 20);
  g_assert_cmpuint (fd_table_size (), <, 1 << 20);
  g_assert_cmpuint (n_open_fds (), ==, before_open);

  g_assert_cmpint (setrlimit (RLIMIT_NOFILE, &saved), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/system/reserve-fd-table", test_reserve_fd_table);
  g_test_add_func ("/system/reserve-within-limit", test_reserve_within_limit);

  return g_test_run ();
}
