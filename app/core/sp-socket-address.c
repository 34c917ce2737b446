/* sp-socket-address.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sp-socket-address.h"
#include "sp-user-text.h"

char *
sp_format_socket_address (GSocketAddress *address)
{
  GInetAddress *inet;
  g_autofree char *ip = NULL;
  guint16 port;

  if (!G_IS_INET_SOCKET_ADDRESS (address))
    return g_strdup ("?");

  inet = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address));
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address));
  ip = g_inet_address_to_string (inet);

  if (g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6)
    return g_strdup_printf ("[%s]:%u", ip, port);

  return g_strdup_printf ("%s:%u", ip, port);
}

char *
sp_format_local_address (GSocket *socket)
{
  g_autoptr(GSocketAddress) address = g_socket_get_local_address (socket, NULL);

  return address ? sp_format_socket_address (address) : NULL;
}

char *
sp_format_remote_address (GSocket *socket)
{
  g_autoptr(GSocketAddress) address = g_socket_get_remote_address (socket, NULL);

  return address ? sp_format_socket_address (address) : NULL;
}

char *
sp_format_host_port (const char *host,
                     guint       port)
{
  if (strchr (host, ':') != NULL)
    return g_strdup_printf ("[%s]:%u", host, port);

  return g_strdup_printf ("%s:%u", host, port);
}

gboolean
sp_parse_socket_address (const char  *address,
                         char       **host,
                         guint       *port)
{
  const char *colon;
  guint64 value;

  if (address == NULL || (colon = strrchr (address, ':')) == NULL ||
      !sp_user_text_parse_uint (colon + 1, 0, 65535, &value))
    return FALSE;

  if (address[0] == '[' && colon > address + 1 && colon[-1] == ']')
    *host = g_strndup (address + 1, colon - address - 2);
  else
    *host = g_strndup (address, colon - address);
  *port = value;
  return TRUE;
}
