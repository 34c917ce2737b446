/* sp-local-addresses.h: the addresses of this machine that other computers
 * can reach a server bound to the wildcard (0.0.0.0 or ::) on
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

struct ifaddrs;

typedef struct
{
  char          *interface;  /* "eth0" */
  /* As a person types it: "192.168.1.5", "2001:db8::5", and a link-local
   * IPv6 address with its scope, "fe80::1%eth0" (without it, connect()
   * cannot tell which network is meant). */
  char          *address;
  GSocketFamily  family;
  gboolean       link_local;
} SpLocalAddress;

void        sp_local_address_free          (SpLocalAddress        *address);
/* "192.168.1.5:8081", "[fe80::1%eth0]:8081": what a client is given. */
char       *sp_local_address_with_port     (const SpLocalAddress  *address,
                                            guint                  port);

/* The usable addresses in @list (as getifaddrs() returns it): interfaces
 * that are up, loopback left out, IPv4 first, then IPv6 (global before
 * link-local), each address once, in the list's order otherwise.
 * @family: what a server bound to the wildcard accepts: IPv4 only
 * (G_SOCKET_FAMILY_IPV4, for 0.0.0.0) or both (G_SOCKET_FAMILY_IPV6, for
 * ::, a dual-stack socket). Returns SpLocalAddress items. */
GPtrArray  *sp_local_addresses_from_list   (const struct ifaddrs  *list,
                                            GSocketFamily          family);
/* The same for this machine, read with getifaddrs(); FALSE with the errno
 * behind it if that fails. */
GPtrArray  *sp_local_addresses_list        (GSocketFamily          family,
                                            GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpLocalAddress, sp_local_address_free)

G_END_DECLS
