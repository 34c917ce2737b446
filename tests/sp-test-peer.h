/* sp-test-peer.h: plain peer processes (the student's own programs) for
 * the relay tests, started and waited for without blocking the main loop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _SpTestPeer SpTestPeer;

/* Runs the test program @program (built beside the test) with @args
 * (NULL-terminated); @fd, if not -1, becomes its fd 3. */
SpTestPeer *sp_test_peer_spawn  (const char         *program,
                                 int                 fd,
                                 const char *const  *args);
/* Waits for @peer (naming @what if it does not end), checks it exited 0
 * and said "ok"; returns its lines that start with @prefix. */
char      **sp_test_peer_finish (SpTestPeer         *peer,
                                 const char         *what,
                                 const char         *prefix);

G_END_DECLS
