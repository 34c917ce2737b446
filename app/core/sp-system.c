/* sp-system.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <unistd.h>
#include <sys/resource.h>

#include "sp-system.h"

guint64
sp_raise_fd_limit (void)
{
  struct rlimit limit;

  if (getrlimit (RLIMIT_NOFILE, &limit) != 0)
    return 0;

  if (limit.rlim_cur != limit.rlim_max)
    {
      struct rlimit raised = { limit.rlim_max, limit.rlim_max };

      /* Only GLib's poll() loop sees our descriptors, never select(), so
       * numbers above FD_SETSIZE are fine. */
      if (setrlimit (RLIMIT_NOFILE, &raised) == 0)
        limit = raised;
    }

  return limit.rlim_cur == RLIM_INFINITY ? G_MAXUINT64 : (guint64) limit.rlim_cur;
}

void
sp_reserve_fd_table (guint n)
{
  struct rlimit limit;
  int fd, high;

  if (getrlimit (RLIMIT_NOFILE, &limit) != 0)
    return;
  if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < n)
    n = (guint) limit.rlim_cur;
  if (n == 0 || n > G_MAXINT)
    return;

  /* The lowest free number at or above n - 1: the table grows to hold it. */
  fd = open ("/dev/null", O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return;
  high = fcntl (fd, F_DUPFD_CLOEXEC, (int) n - 1);
  if (high >= 0)
    close (high);
  close (fd);
}

guint
sp_listen_backlog (void)
{
  g_autofree char *text = NULL;
  guint64 somaxconn;

  /* The kernel silently caps a larger request at net.core.somaxconn: ask
   * for what will be granted, so the call trace shows the real queue. */
  if (!g_file_get_contents ("/proc/sys/net/core/somaxconn", &text, NULL, NULL) ||
      !g_ascii_string_to_unsigned (g_strstrip (text), 10, 1, G_MAXINT, &somaxconn, NULL))
    return SP_LISTEN_BACKLOG_WANTED;

  return MIN (SP_LISTEN_BACKLOG_WANTED, (guint) somaxconn);
}
