/* sp-system.h: process-wide settings the engine needs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Raises the soft RLIMIT_NOFILE to the hard limit, so a server pane can hold
 * as many connections as the system allows a process (the soft default is
 * often 1024). Returns the soft limit in force afterwards, 0 if unknown. */
guint64 sp_raise_fd_limit (void);

G_END_DECLS
