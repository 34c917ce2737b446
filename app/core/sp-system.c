/* sp-system.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

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
