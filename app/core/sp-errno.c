/* sp-errno.c
 *
 * GIO folds errno values into GIOErrorEnum, and several of them into
 * G_IO_ERROR_FAILED. The course teaches the errno names themselves
 * (EADDRINUSE, ECONNREFUSED...), so we map back: first by the codes that map
 * one to one, then by the strerror() text GLib appends to its messages.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "sp-errno.h"

static const struct {
  int errnum;
  const char *name;
} errno_names[] = {
#define E(x) { x, #x }
  E (EPERM), E (ENOENT), E (EINTR), E (EIO), E (EBADF), E (EAGAIN), E (ENOMEM),
  E (EACCES), E (EFAULT), E (EBUSY), E (EEXIST), E (EINVAL), E (ENFILE),
  E (EMFILE), E (ENOSPC), E (EPIPE), E (ENAMETOOLONG), E (ENOSYS),
  E (ENOTSOCK), E (EDESTADDRREQ), E (EMSGSIZE), E (EPROTOTYPE),
  E (ENOPROTOOPT), E (EPROTONOSUPPORT), E (EOPNOTSUPP), E (EAFNOSUPPORT),
  E (EADDRINUSE), E (EADDRNOTAVAIL), E (ENETDOWN), E (ENETUNREACH),
  E (ENETRESET), E (ECONNABORTED), E (ECONNRESET), E (ENOBUFS), E (EISCONN),
  E (ENOTCONN), E (ESHUTDOWN), E (ETIMEDOUT), E (ECONNREFUSED), E (EHOSTDOWN),
  E (EHOSTUNREACH), E (EALREADY), E (EINPROGRESS), E (ECANCELED), E (ENODEV),
  E (EISDIR),
#undef E
};

const char *
sp_errno_name (int errnum)
{
  for (guint i = 0; i < G_N_ELEMENTS (errno_names); i++)
    if (errno_names[i].errnum == errnum)
      return errno_names[i].name;

  return NULL;
}

static int
errno_from_io_error_code (int code)
{
  switch (code)
    {
    case G_IO_ERROR_ADDRESS_IN_USE: return EADDRINUSE;
    case G_IO_ERROR_CONNECTION_REFUSED: return ECONNREFUSED;
    case G_IO_ERROR_PERMISSION_DENIED: return EACCES;
    case G_IO_ERROR_HOST_UNREACHABLE: return EHOSTUNREACH;
    case G_IO_ERROR_NETWORK_UNREACHABLE: return ENETUNREACH;
    case G_IO_ERROR_TIMED_OUT: return ETIMEDOUT;
    case G_IO_ERROR_BROKEN_PIPE: return EPIPE;
    case G_IO_ERROR_WOULD_BLOCK: return EAGAIN;
    case G_IO_ERROR_TOO_MANY_OPEN_FILES: return EMFILE;
    case G_IO_ERROR_NO_SPACE: return ENOSPC;
    case G_IO_ERROR_MESSAGE_TOO_LARGE: return EMSGSIZE;
    case G_IO_ERROR_NOT_CONNECTED: return ENOTCONN;
    case G_IO_ERROR_CANCELLED: return ECANCELED;
    case G_IO_ERROR_NOT_FOUND: return ENOENT;
    case G_IO_ERROR_IS_DIRECTORY: return EISDIR;
    default: return 0;
    }
}

int
sp_errno_from_error (const GError *error)
{
  const char *best_name = NULL;
  gsize best_len = 0;
  int best = 0;

  if (error == NULL || error->domain != G_IO_ERROR)
    return 0;

  /* The text is exact where the code is ambiguous (FAILED, CONNECTION_CLOSED
   * covers ECONNRESET and ESHUTDOWN, PERMISSION_DENIED covers EPERM...). */
  for (guint i = 0; i < G_N_ELEMENTS (errno_names); i++)
    {
      const char *text = g_strerror (errno_names[i].errnum);
      gsize len = strlen (text);

      if (len > best_len && g_str_has_suffix (error->message, text))
        {
          best = errno_names[i].errnum;
          best_name = text;
          best_len = len;
        }
    }

  if (best_name != NULL)
    return best;

  return errno_from_io_error_code (error->code);
}

char *
sp_errno_describe (const GError  *error,
                   const char    *call,
                   const char    *address,
                   const char    *host,
                   guint          port,
                   GSocketFamily  family)
{
  int errnum = sp_errno_from_error (error);
  const char *name = sp_errno_name (errnum);

  if (g_error_matches (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND) ||
      g_error_matches (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_TEMPORARY_FAILURE))
    return g_strdup_printf (_("Host “%s” not found: the name does not resolve to an address."),
                            host);
  if (errnum == EADDRINUSE)
    return g_strdup_printf (_("Port %u is already in use (EADDRINUSE): another socket is bound to %s — a running server, or a connection closed moments ago still in TIME_WAIT."),
                            port, address);
  if (errnum == EACCES && g_strcmp0 (call, "bind") == 0)
    return g_strdup_printf (_("Permission denied for port %u (EACCES): ports below 1024 need administrator rights. Use a port from 1024 to 65535."),
                            port);
  /* Linux refuses a datagram to a broadcast address (sendto(), or
   * connect() on UDP) from a socket without SO_BROADCAST. */
  if (errnum == EACCES && (g_strcmp0 (call, "sendto") == 0 || g_strcmp0 (call, "send") == 0 ||
                           g_strcmp0 (call, "connect") == 0))
    return g_strdup_printf (_("Sending to a broadcast address needs SO_BROADCAST (EACCES): %s is one. Turn on “Allow broadcast” in the client’s socket options — sk.setsockopt(SOL_SOCKET, SO_BROADCAST, 1)."),
                            address);
  if (errnum == ENODEV && g_strcmp0 (call, "setsockopt") == 0)
    return g_strdup_printf (_("No interface to join %s on (ENODEV): no route covers the group. Name an interface in the server’s socket options, or add a multicast route."),
                            address);
  if (errnum == EADDRNOTAVAIL && g_strcmp0 (call, "setsockopt") == 0)
    return g_strdup_printf (_("Cannot join %s there (EADDRNOTAVAIL): the interface has no address for that group’s family, or the group is joined already."),
                            address);
  if (errnum == EADDRNOTAVAIL)
    return g_strdup_printf (_("%s is not an address of this computer (EADDRNOTAVAIL)."),
                            address);
  if (errnum == ECONNREFUSED && g_strcmp0 (call, "connect") == 0)
    return g_strdup_printf (_("Connection refused by %s (ECONNREFUSED): nothing is listening on that port."),
                            address);
  if (errnum == ECONNREFUSED)
    return g_strdup_printf (_("%s refused a datagram (ECONNREFUSED): no socket is bound to that port (ICMP port unreachable)."),
                            address);
  if (errnum == ECONNRESET)
    return g_strdup (_("Connection reset by peer (ECONNRESET): the other side aborted the connection."));
  if (errnum == EPIPE)
    return g_strdup (_("Broken pipe (EPIPE): the connection is already closed for sending."));
  if (errnum == ETIMEDOUT)
    return g_strdup_printf (_("Connection to %s timed out (ETIMEDOUT)."), address);
  /* 65535 less the IP header IPv4 counts in its length (20) and the UDP
   * header (8); IPv6's length leaves its own header out. */
  if (errnum == EMSGSIZE && family == G_SOCKET_FAMILY_IPV6)
    return g_strdup (_("Message too long for one datagram (EMSGSIZE): UDP carries at most 65527 bytes over IPv6."));
  if (errnum == EMSGSIZE && family == G_SOCKET_FAMILY_IPV4)
    return g_strdup (_("Message too long for one datagram (EMSGSIZE): UDP carries at most 65507 bytes over IPv4."));
  if (errnum == EMSGSIZE)
    return g_strdup (_("Message too long for one datagram (EMSGSIZE): UDP carries at most 65507 bytes over IPv4, 65527 over IPv6."));
  if (errnum == EMFILE || errnum == ENFILE)
    return g_strdup_printf (_("Too many open files (%s): accept() cannot take more connections until some close. Open connections keep working."),
                            name);
  if (name != NULL)
    /* TRANSLATORS: "bind() failed: Network is unreachable (ENETUNREACH)" */
    return g_strdup_printf (_("%s() failed: %s (%s)"), call, g_strerror (errnum), name);

  return g_strdup_printf (_("%s() failed: %s"), call, error->message);
}
