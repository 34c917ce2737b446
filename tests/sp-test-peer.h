/* sp-test-peer.h: plain peer processes (the student's own programs) for
 * the relay tests, started and waited for without blocking the main loop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sp-endpoint.h"

G_BEGIN_DECLS

typedef struct _SpTestPeer SpTestPeer;

/* A launcher whose children are killed when the test process ends. */
GSubprocessLauncher *sp_test_launcher_new (GSubprocessFlags flags);

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

/* Checks @code is a program its language accepts: Python compiles it
 * (python3), C builds with cc -Wall -Werror. FALSE (and the test is
 * skipped) when there is no such compiler. */
gboolean    sp_test_program_builds (const char       *code,
                                    gboolean          is_c);

/* @endpoint's Copy as Python (or C, @is_c) has each of @parts
 * (NULL-terminated) and is a program its language accepts, as
 * sp_test_program_builds() checks. */
void        sp_test_code_has        (SpEndpoint        *endpoint,
                                     gboolean           is_c,
                                     const char *const *parts);

/* Builds the C program @code with cc -Wall -Wextra -Werror in a new
 * directory: the binary's path (NULL, the test skipped, without cc). */
char       *sp_test_program_build_c (const char  *code);
/* Removes what sp_test_program_build_c() made. */
void        sp_test_program_remove  (const char  *binary);

/* A listening plain socket on 127.0.0.1, port 0: the student's server. */
GSocket    *sp_test_plain_listener  (guint       *port);

/* Starts @relay (a TCP relay) on 127.0.0.1 between an echo server and
 * @n_clients clients at once, each sending @bytes, all sp-relay-peer
 * processes; returns once both peers said "ok" and the relay closed every
 * pair, with the server's port. */
guint       sp_test_relay_echo      (SpEndpoint  *relay,
                                     guint        n_clients,
                                     guint        bytes);

G_END_DECLS
