/* sp-local-addresses.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <string.h>

#include <glib/gi18n.h>

#include "sp-errno.h"
#include "sp-local-addresses.h"

void
sp_local_address_free (SpLocalAddress *address)
{
  if (address == NULL)
    return;

  g_free (address->interface);
  g_free (address->address);
  g_free (address);
}

char *
sp_local_address_with_port (const SpLocalAddress *address,
                            guint                 port)
{
  if (address->family == G_SOCKET_FAMILY_IPV6)
    return g_strdup_printf ("[%s]:%u", address->address, port);

  return g_strdup_printf ("%s:%u", address->address, port);
}

/* 0: IPv4, 1: global (and unique local) IPv6, 2: link-local IPv6. */
static int
rank (const SpLocalAddress *address)
{
  if (address->family == G_SOCKET_FAMILY_IPV4)
    return 0;
  return address->link_local ? 2 : 1;
}

static SpLocalAddress *
address_from_ifaddr (const struct ifaddrs *ifa,
                     GSocketFamily         family)
{
  char text[INET6_ADDRSTRLEN];
  SpLocalAddress *address;

  if (ifa->ifa_addr == NULL || ifa->ifa_name == NULL ||
      !(ifa->ifa_flags & IFF_UP) || (ifa->ifa_flags & IFF_LOOPBACK))
    return NULL;

  if (ifa->ifa_addr->sa_family == AF_INET)
    {
      const struct sockaddr_in *in = (const struct sockaddr_in *) ifa->ifa_addr;

      /* 127.0.0.0/8 on an interface not flagged loopback is loopback too. */
      if ((ntohl (in->sin_addr.s_addr) >> 24) == 127 ||
          inet_ntop (AF_INET, &in->sin_addr, text, sizeof text) == NULL)
        return NULL;

      address = g_new0 (SpLocalAddress, 1);
      address->family = G_SOCKET_FAMILY_IPV4;
      address->address = g_strdup (text);
    }
  else if (ifa->ifa_addr->sa_family == AF_INET6 && family == G_SOCKET_FAMILY_IPV6)
    {
      const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *) ifa->ifa_addr;

      if (IN6_IS_ADDR_LOOPBACK (&in6->sin6_addr) ||
          IN6_IS_ADDR_UNSPECIFIED (&in6->sin6_addr) ||
          inet_ntop (AF_INET6, &in6->sin6_addr, text, sizeof text) == NULL)
        return NULL;

      address = g_new0 (SpLocalAddress, 1);
      address->family = G_SOCKET_FAMILY_IPV6;
      address->link_local = IN6_IS_ADDR_LINKLOCAL (&in6->sin6_addr);
      /* The interface is the scope a client on the same link names. */
      address->address = address->link_local ? g_strdup_printf ("%s%%%s", text, ifa->ifa_name)
                                             : g_strdup (text);
    }
  else
    return NULL;

  address->interface = g_strdup (ifa->ifa_name);
  return address;
}

static gboolean
contains (GPtrArray            *addresses,
          const SpLocalAddress *address)
{
  for (guint i = 0; i < addresses->len; i++)
    {
      const SpLocalAddress *other = g_ptr_array_index (addresses, i);

      if (g_str_equal (other->address, address->address) &&
          g_str_equal (other->interface, address->interface))
        return TRUE;
    }
  return FALSE;
}

static int
compare_rank (gconstpointer a,
              gconstpointer b)
{
  return rank (*(const SpLocalAddress **) a) - rank (*(const SpLocalAddress **) b);
}

GPtrArray *
sp_local_addresses_from_list (const struct ifaddrs *list,
                              GSocketFamily         family)
{
  GPtrArray *addresses = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_local_address_free);

  for (const struct ifaddrs *ifa = list; ifa != NULL; ifa = ifa->ifa_next)
    {
      SpLocalAddress *address = address_from_ifaddr (ifa, family);

      if (address == NULL)
        continue;
      if (contains (addresses, address))
        sp_local_address_free (address);
      else
        g_ptr_array_add (addresses, address);
    }

  /* Stable (a merge sort): the list's own order within each rank. */
  g_ptr_array_sort (addresses, compare_rank);
  return addresses;
}

GPtrArray *
sp_local_addresses_list (GSocketFamily   family,
                         GError        **error)
{
  struct ifaddrs *list = NULL;
  GPtrArray *addresses;

  if (getifaddrs (&list) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   /* TRANSLATORS: %s is the errno name and the system's
                    * message, e.g. "ENOMEM: Cannot allocate memory" */
                   _("Could not list this computer’s network addresses (getifaddrs): %s: %s"),
                   sp_errno_name (saved) != NULL ? sp_errno_name (saved) : "errno",
                   g_strerror (saved));
      return NULL;
    }

  addresses = sp_local_addresses_from_list (list, family);
  freeifaddrs (list);
  return addresses;
}
