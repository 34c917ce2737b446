/* sp-socket-address.h: socket addresses in the app's notation,
 * "127.0.0.1:8081" and "[::1]:8081"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* "127.0.0.1:8081" or "[::1]:8081"; "?" for an address that is not an IP one. */
char     *sp_format_socket_address (GSocketAddress  *address);
/* The address @socket is bound to / connected to, or NULL when it has none. */
char     *sp_format_local_address  (GSocket         *socket);
char     *sp_format_remote_address (GSocket         *socket);
/* @host and @port as the user gave them, in the same notation (brackets
 * around an IPv6 literal). */
char     *sp_format_host_port      (const char      *host,
                                    guint            port);
/* The other way: "127.0.0.1:8081" or "[::1]:8081" → host and port. FALSE,
 * setting nothing, when @address is not in that notation. */
gboolean  sp_parse_socket_address  (const char      *address,
                                    char           **host,
                                    guint           *port);

G_END_DECLS
