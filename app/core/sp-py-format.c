/* sp-py-format.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sp-py-format.h"
#include "sp-socket-address.h"

/* Called for every traced recv(), so no printf: at most four output
 * bytes per input byte, written straight into one allocation. */
char *
sp_py_bytes (const guint8 *data,
             gsize         len,
             gsize         max)
{
  static const char hex[] = "0123456789abcdef";
  gsize n = MIN (len, max);
  char *out = g_malloc (n * 4 + sizeof "b''…");
  char *p = out;

  *p++ = 'b';
  *p++ = '\'';
  for (gsize i = 0; i < n; i++)
    {
      guint8 c = data[i];

      switch (c)
        {
        case '\\': case '\'': *p++ = '\\'; *p++ = (char) c; break;
        case '\n': *p++ = '\\'; *p++ = 'n'; break;
        case '\r': *p++ = '\\'; *p++ = 'r'; break;
        case '\t': *p++ = '\\'; *p++ = 't'; break;
        default:
          if (c >= 0x20 && c < 0x7f)
            *p++ = (char) c;
          else
            {
              *p++ = '\\';
              *p++ = 'x';
              *p++ = hex[c >> 4];
              *p++ = hex[c & 0xf];
            }
        }
    }
  *p++ = '\'';
  if (len > max)
    {
      memcpy (p, "…", sizeof "…" - 1);
      p += sizeof "…" - 1;
    }
  *p = '\0';

  return out;
}

char *
sp_py_address (const char *address,
               const char *fallback)
{
  g_autofree char *host = NULL;
  guint port;

  if (!sp_parse_socket_address (address, &host, &port))
    return g_strdup (fallback);

  return g_strdup_printf ("('%s', %u)", host, port);
}

char *
sp_py_socket_address (GSocketAddress *address)
{
  g_autofree char *text = NULL;

  if (!G_IS_INET_SOCKET_ADDRESS (address))
    return g_strdup ("?");

  text = sp_format_socket_address (address);
  return sp_py_address (text, "?");
}

char *
sp_py_local_address (GSocket *socket)
{
  g_autoptr(GSocketAddress) address = g_socket_get_local_address (socket, NULL);

  return sp_py_socket_address (address);
}

char *
sp_py_remote_address (GSocket *socket)
{
  g_autoptr(GSocketAddress) address = g_socket_get_remote_address (socket, NULL);

  return sp_py_socket_address (address);
}

char *
sp_py_socket_name (gboolean accepted,
                   guint    connection_id)
{
  return accepted ? g_strdup_printf ("conn%u", connection_id) : g_strdup ("sk");
}

const char *
sp_py_family (GSocket *socket)
{
  return g_socket_get_family (socket) == G_SOCKET_FAMILY_IPV6 ? "AF_INET6" : "AF_INET";
}
