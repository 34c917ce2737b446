/* sp-py-format.h: values as Python writes them, for the socket-call trace
 * and "Copy as Python": b'hi\r\n', ('127.0.0.1', 8081)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* b'hello\r\n' as Python writes bytes, cut with "…" after @max bytes. */
char       *sp_py_bytes          (const guint8   *data,
                                  gsize           len,
                                  gsize           max);
/* ('127.0.0.1', 8081) for "127.0.0.1:8081" (the app's notation, see
 * sp-socket-address.h), as Python prints an address; @fallback when
 * @address is not one. */
char       *sp_py_address        (const char     *address,
                                  const char     *fallback);
/* The same for a socket address, and for where @socket is bound / connected
 * to; "?" when there is no such address. */
char       *sp_py_socket_address (GSocketAddress *address);
char       *sp_py_local_address  (GSocket        *socket);
char       *sp_py_remote_address (GSocket        *socket);
/* "AF_INET" or "AF_INET6". */
const char *sp_py_family         (GSocket        *socket);
/* The variable a Python program keeps a socket in, the same in the trace
 * and in "Copy as Python": "conn1" for connection 1 accepted by a TCP
 * server, "sk" for a client's or a UDP socket. */
char       *sp_py_socket_name    (gboolean        accepted,
                                  guint           connection_id);

G_END_DECLS
