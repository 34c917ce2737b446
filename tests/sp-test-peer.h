/* sp-test-peer.h: the student's own programs in tests — sp-relay-peer
 * processes (plain sockets and poll()) and a plain listening socket, so
 * neither end of a relay is an endpoint of the process under test
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sp-endpoint.h"

G_BEGIN_DECLS

typedef struct _SpTestPeer SpTestPeer;

/* Runs sp-relay-peer with @args (NULL-terminated, the mode first);
 * @listen_fd, if not -1, becomes its fd 3. */
SpTestPeer *sp_test_peer_spawn  (int                listen_fd,
                                 const char *const *args);
/* Waits for @peer (freeing it) and checks it said "ok"; returns its
 * "conn" lines. */
char      **sp_test_peer_finish (SpTestPeer        *peer,
                                 const char        *what);

/* A listening plain socket on 127.0.0.1, port 0: the student's server. */
GSocket    *sp_test_plain_listener (guint          *port);

/* Starts @relay (a TCP relay) on 127.0.0.1 between an echo server and
 * @n_clients clients at once, each sending @bytes, all sp-relay-peer
 * processes; returns once both peers said "ok" and the relay closed every
 * pair, with the server's port. */
guint       sp_test_relay_echo     (SpEndpoint     *relay,
                                    guint           n_clients,
                                    guint           bytes);

G_END_DECLS
