/* sp-tcp-state.h: the kernel's TCP state of connections, LISTEN to TIME_WAIT
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One reading of every TCP socket of this network namespace, keyed
 * "local|remote" in the app's address notation ("127.0.0.1:8081|
 * 127.0.0.1:53422", "[::1]:8081|[::]:0" for a listener), valued with the
 * state name ("ESTABLISHED", "TIME_WAIT", ...). Read from /proc/net/tcp and
 * tcp6 on Linux, which also still knows sockets the app has closed (the
 * TIME_WAIT the course talks about). NULL where this isn't available. */
GHashTable *sp_tcp_states_read  (void);
/* An empty table of that kind, and what the text of /proc/net/tcp or
 * /proc/net/tcp6 (@contents) adds to one: lines that do not parse are
 * skipped. */
GHashTable *sp_tcp_states_new   (void);
void        sp_tcp_states_parse (GHashTable *states,
                                 const char *contents);
/* As sp_tcp_states_read(), but a reading less than @max_age_us old is
 * shared: monitors polling on the same tick read the kernel's tables once.
 * Main thread only. */
GHashTable *sp_tcp_states_read_shared (gint64 max_age_us);
/* The same without waiting for the kernel's tables when they are large:
 * once a reading of more than @read_at_once_max sockets exists, one older
 * than @max_age_us is returned as it is while a new one is read in a thread
 * of GIO's pool, ready for a later call (reading and parsing thousands of
 * sockets takes longer than a frame). Main thread only. */
#define SP_TCP_STATES_READ_AT_ONCE_MAX 4096
GHashTable *sp_tcp_states_peek_shared (gint64 max_age_us,
                                       guint  read_at_once_max);
/* The state for @local and @remote in @states, or NULL. */
const char *sp_tcp_states_find  (GHashTable *states,
                                 const char *local,
                                 const char *remote);

G_END_DECLS
