/* sp-errno.h: the errno behind a GIO error, and a sentence that teaches it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The errno value behind @error (0 when there is none, e.g. a resolver error). */
int          sp_errno_from_error (const GError *error);
/* "EADDRINUSE" for EADDRINUSE; NULL for 0 or an unknown value. */
const char  *sp_errno_name       (int           errnum);
/* A specific, translated sentence for @error, which socket call @call
 * ("bind", "connect", "recv"...) on @address returned, naming the errno:
 * "Port 8081 is already in use (EADDRINUSE): …". @host and @port are what
 * the user asked for; name lookups and bind() failures speak of them.
 * @family is the socket's (G_SOCKET_FAMILY_INVALID when unknown): limits
 * such as a datagram's largest size depend on it. */
char        *sp_errno_describe   (const GError  *error,
                                  const char    *call,
                                  const char    *address,
                                  const char    *host,
                                  guint          port,
                                  GSocketFamily  family);

G_END_DECLS
