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

/* Descriptors the process's table holds from the start (a class's 10,000
 * clients fit): sp_reserve_fd_table(). */
#define SP_FD_TABLE_RESERVE 16384
/* Grows the process's descriptor table to hold @n descriptors (at most
 * the soft RLIMIT_NOFILE) now. Linux grows the table as descriptors are
 * made, and while other threads share it each growth waits for an RCU
 * grace period (synchronize_rcu() in expand_files()): a server pane's
 * accept() stalled the main loop 10–27 ms at 256, 512, … 8,192 clients.
 * Call it first thing in main(), while the process has one thread and the
 * growth costs nothing; the table never shrinks. */
void    sp_reserve_fd_table (guint n);

/* How many finished handshakes a listening socket may queue before accept():
 * a class's 10,000 clients arriving at once need thousands, not the 128 of
 * old examples (the kernel drops the handshakes that do not fit, and those
 * clients wait 1, 3, 7 s to try again). */
#define SP_LISTEN_BACKLOG_WANTED 4096
/* SP_LISTEN_BACKLOG_WANTED, capped by the kernel's net.core.somaxconn. */
guint   sp_listen_backlog (void);

G_END_DECLS
