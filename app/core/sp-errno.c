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
  E (EHOSTUNREACH), E (EALREADY), E (EINPROGRESS), E (ECANCELED),
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
