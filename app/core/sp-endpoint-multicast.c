/* sp-endpoint-multicast.c: one datagram to many — SO_BROADCAST on a UDP
 * client, and a UDP server's membership of a multicast group
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <glib/gi18n-lib.h>

#include "sp-endpoint-private.h"
#include "sp-errno.h"

gboolean
sp_endpoint_check_multicast_group (const char  *group,
                                   GError     **error)
{
  g_autoptr(GInetAddress) address = NULL;

  if (group == NULL || *group == '\0')
    return TRUE;

  address = g_inet_address_new_from_string (group);
  if (address == NULL)
    {
      g_set_error (error, SP_ENDPOINT_ERROR, SP_ENDPOINT_ERROR_INVALID,
                   _("“%s” is not an IP address: write a multicast group as digits, like 224.1.1.1 or ff15::1234."),
                   group);
      return FALSE;
    }

  if (!g_inet_address_get_is_multicast (address))
    {
      g_set_error (error, SP_ENDPOINT_ERROR, SP_ENDPOINT_ERROR_INVALID,
                   _("%s is not a multicast address: IPv4 groups are 224.0.0.0 to 239.255.255.255, IPv6 groups start with ff."),
                   group);
      return FALSE;
    }

  return TRUE;
}

gboolean
sp_endpoint_check_multicast_interface (const char  *name,
                                       GError     **error)
{
  if (name == NULL || *name == '\0')
    return TRUE;

  if (strlen (name) >= IF_NAMESIZE || if_nametoindex (name) == 0)
    {
      g_set_error (error, SP_ENDPOINT_ERROR, SP_ENDPOINT_ERROR_INVALID,
                   _("There is no network interface “%s” (ENODEV): “ip link” lists them, e.g. lo or eth0. Leave it empty to let the routing table choose."),
                   name);
      return FALSE;
    }

  return TRUE;
}

void
_sp_endpoint_apply_broadcast (SpEndpoint *self,
                              GSocket    *socket)
{
  g_autoptr(GError) error = NULL;

  if (!g_socket_get_broadcast (socket) && !self->broadcast)
    return;

  if (!g_socket_set_option (socket, SOL_SOCKET, SO_BROADCAST, self->broadcast, &error))
    {
      _sp_endpoint_report_error (self, NULL, "setsockopt", "SO_BROADCAST", error, FALSE);
      return;
    }
  sp_call_trace_add (self->io.trace, 0, 0, "sk.setsockopt(SOL_SOCKET, SO_BROADCAST, %d)", self->broadcast);
}

gboolean
_sp_endpoint_apply_multicast_interface (SpEndpoint          *self,
                                        GSocket             *socket,
                                        GInetSocketAddress  *target,
                                        GError             **error)
{
  GInetAddress *address = g_inet_socket_address_get_address (target);
  const char *interface = self->multicast_interface;
  guint index;

  if (interface == NULL || !g_inet_address_get_is_multicast (address))
    return TRUE;

  if (!sp_endpoint_check_multicast_interface (interface, error))
    return FALSE;

  index = if_nametoindex (interface);
  if (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV6)
    {
      if (!g_socket_set_option (socket, IPPROTO_IPV6, IPV6_MULTICAST_IF, index, error))
        return FALSE;
      sp_call_trace_add (self->io.trace, 0, 0,
                         "sk.setsockopt(IPPROTO_IPV6, IPV6_MULTICAST_IF, %u)  # %s", index, interface);
    }
  else
    {
      /* An int would be read as an IPv4 address; struct ip_mreqn names the
       * interface by its index. */
      struct ip_mreqn mreqn = { .imr_ifindex = index };

      if (setsockopt (g_socket_get_fd (socket), IPPROTO_IP, IP_MULTICAST_IF, &mreqn, sizeof mreqn) < 0)
        {
          int saved = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       "%s", g_strerror (saved));
          return FALSE;
        }
      sp_call_trace_add (self->io.trace, 0, 0,
                         "sk.setsockopt(IPPROTO_IP, IP_MULTICAST_IF, struct.pack('4s4si', bytes(4), bytes(4), %u))  # %s",
                         index, interface);
    }

  return TRUE;
}

/* The membership request as Python writes it: IPv4's struct ip_mreq, IPv6's
 * struct ipv6_mreq (group and interface index). */
static char *
format_membership (GInetAddress *group,
                   const char   *interface,
                   gboolean      join)
{
  g_autofree char *text = g_inet_address_to_string (group);

  if (g_inet_address_get_family (group) == G_SOCKET_FAMILY_IPV6)
    return g_strdup_printf ("sk.setsockopt(IPPROTO_IPV6, %s, inet_pton(AF_INET6, '%s') + struct.pack('@I', %u))",
                            join ? "IPV6_JOIN_GROUP" : "IPV6_LEAVE_GROUP", text,
                            interface ? if_nametoindex (interface) : 0);

  /* GLib sends struct ip_mreqn with the interface's index; ip_mreq with
   * INADDR_ANY, as Python code usually does, asks the same of the kernel
   * when no interface is named. */
  if (interface != NULL)
    return g_strdup_printf ("sk.setsockopt(IPPROTO_IP, %s, struct.pack('4s4si', inet_aton('%s'), inet_aton('0.0.0.0'), %u))",
                            join ? "IP_ADD_MEMBERSHIP" : "IP_DROP_MEMBERSHIP", text,
                            if_nametoindex (interface));
  return g_strdup_printf ("sk.setsockopt(IPPROTO_IP, %s, struct.pack('4s4s', inet_aton('%s'), inet_aton('0.0.0.0')))",
                          join ? "IP_ADD_MEMBERSHIP" : "IP_DROP_MEMBERSHIP", text);
}

static const char *
interface_or_null (SpEndpoint *self)
{
  return self->multicast_interface != NULL && *self->multicast_interface != '\0'
         ? self->multicast_interface : NULL;
}

/* A server bound to one unicast address only gets datagrams sent to that
 * address: the group's never match it. Worth saying, not refusing. */
static void
warn_if_bound_elsewhere (SpEndpoint   *self,
                         GInetAddress *group)
{
  g_autoptr(GSocketAddress) local = g_socket_get_local_address (self->socket, NULL);
  GInetAddress *bound;
  g_autofree char *message = NULL;
  g_autofree char *group_text = NULL;
  g_autofree char *bound_text = NULL;

  if (!G_IS_INET_SOCKET_ADDRESS (local))
    return;

  bound = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (local));
  if (g_inet_address_get_is_any (bound) || g_inet_address_equal (bound, group))
    return;

  group_text = g_inet_address_to_string (group);
  bound_text = g_inet_address_to_string (bound);
  message = g_strdup_printf (_("Bound to %s only: datagrams sent to %s will not reach this socket. Bind to %s (any address) or to the group itself."),
                             bound_text, group_text,
                             g_inet_address_get_family (bound) == G_SOCKET_FAMILY_IPV6 ? "::" : "0.0.0.0");
  _sp_endpoint_log (self, SP_EVENT_KIND_INFO, NULL, message);
}

static void
notify_joined (SpEndpoint *self)
{
  _sp_endpoint_notify (self, PROP_MULTICAST_JOINED);
}

gboolean
_sp_endpoint_join_group (SpEndpoint *self)
{
  g_autoptr(GInetAddress) group = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *trace = NULL;
  g_autofree char *message = NULL;
  const char *interface = interface_or_null (self);

  if (self->multicast_group == NULL || *self->multicast_group == '\0')
    return TRUE;

  if (!sp_endpoint_check_multicast_group (self->multicast_group, &error) ||
      !sp_endpoint_check_multicast_interface (interface, &error))
    {
      _sp_endpoint_log (self, SP_EVENT_KIND_ERROR, NULL, error->message);
      _sp_endpoint_set_string (self, &self->error_message, error->message, PROP_ERROR_MESSAGE);
      _sp_endpoint_finish_stop (self);
      return FALSE;
    }

  group = g_inet_address_new_from_string (self->multicast_group);
  if (g_inet_address_get_family (group) != g_socket_get_family (self->socket))
    {
      message = g_strdup_printf (_("%s is an %s group, but this server’s socket is %s: bind to %s to join it."),
                                 self->multicast_group,
                                 g_inet_address_get_family (group) == G_SOCKET_FAMILY_IPV6 ? "IPv6" : "IPv4",
                                 g_socket_get_family (self->socket) == G_SOCKET_FAMILY_IPV6 ? "IPv6" : "IPv4",
                                 g_inet_address_get_family (group) == G_SOCKET_FAMILY_IPV6 ? "::" : "0.0.0.0");
      _sp_endpoint_log (self, SP_EVENT_KIND_ERROR, NULL, message);
      _sp_endpoint_set_string (self, &self->error_message, message, PROP_ERROR_MESSAGE);
      _sp_endpoint_finish_stop (self);
      return FALSE;
    }

  if (!g_socket_join_multicast_group (self->socket, group, FALSE, interface, &error))
    {
      _sp_endpoint_report_error (self, NULL, "setsockopt", self->multicast_group, error, TRUE);
      _sp_endpoint_finish_stop (self);
      return FALSE;
    }

  trace = format_membership (group, interface, TRUE);
  sp_call_trace_add (self->io.trace, 0, 0, "%s", trace);

  if (interface != NULL)
    message = g_strdup_printf (_("Joined multicast group %s on %s: datagrams sent to the group arrive here"),
                               self->multicast_group, interface);
  else
    message = g_strdup_printf (_("Joined multicast group %s on the interface its route names: datagrams sent to the group arrive here"),
                               self->multicast_group);
  _sp_endpoint_log (self, SP_EVENT_KIND_INFO, NULL, message);
  warn_if_bound_elsewhere (self, group);

  self->joined_group = g_steal_pointer (&group);
  notify_joined (self);
  return TRUE;
}

void
_sp_endpoint_leave_group (SpEndpoint *self)
{
  g_autoptr(GInetAddress) group = g_steal_pointer (&self->joined_group);
  const char *interface = interface_or_null (self);

  if (group == NULL)
    return;

  /* close() would drop the membership too; leaving says so in the trace,
   * as a program that stays running would. */
  if (self->socket != NULL &&
      g_socket_leave_multicast_group (self->socket, group, FALSE, interface, NULL))
    {
      g_autofree char *trace = format_membership (group, interface, FALSE);
      g_autofree char *text = g_inet_address_to_string (group);
      g_autofree char *message = g_strdup_printf (_("Left multicast group %s"), text);

      sp_call_trace_add (self->io.trace, 0, 0, "%s", trace);
      _sp_endpoint_log (self, SP_EVENT_KIND_INFO, NULL, message);
    }

  notify_joined (self);
}

/* Properties ------------------------------------------------------------ */

gboolean
sp_endpoint_get_broadcast (SpEndpoint *self)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (self), FALSE);
  return self->broadcast;
}

void
sp_endpoint_set_broadcast (SpEndpoint *self,
                           gboolean    broadcast)
{
  g_return_if_fail (SP_IS_ENDPOINT (self));

  broadcast = !!broadcast;
  if (self->broadcast == broadcast)
    return;

  self->broadcast = broadcast;
  if (self->socket != NULL && self->kind == SP_ENDPOINT_KIND_UDP_CLIENT)
    _sp_endpoint_apply_broadcast (self, self->socket);

  /* The refusal said to turn it on; now it is, the message is stale. */
  if (broadcast && self->refused_broadcast)
    {
      self->refused_broadcast = FALSE;
      _sp_endpoint_set_string (self, &self->error_message, NULL, PROP_ERROR_MESSAGE);
    }

  _sp_endpoint_notify (self, PROP_BROADCAST);
}

const char *
sp_endpoint_get_multicast_group (SpEndpoint *self)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (self), NULL);
  return self->multicast_group;
}

void
sp_endpoint_set_multicast_group (SpEndpoint *self,
                                 const char *group)
{
  g_autofree char *stripped = NULL;

  g_return_if_fail (SP_IS_ENDPOINT (self));

  stripped = g_strstrip (g_strdup (group ? group : ""));
  _sp_endpoint_set_string (self, &self->multicast_group, *stripped ? stripped : NULL,
                           PROP_MULTICAST_GROUP);
}

const char *
sp_endpoint_get_multicast_interface (SpEndpoint *self)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (self), NULL);
  return self->multicast_interface;
}

void
sp_endpoint_set_multicast_interface (SpEndpoint *self,
                                     const char *interface)
{
  g_autofree char *stripped = NULL;

  g_return_if_fail (SP_IS_ENDPOINT (self));

  stripped = g_strstrip (g_strdup (interface ? interface : ""));
  _sp_endpoint_set_string (self, &self->multicast_interface, *stripped ? stripped : NULL,
                           PROP_MULTICAST_INTERFACE);
}

gboolean
sp_endpoint_get_multicast_joined (SpEndpoint *self)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (self), FALSE);
  return self->joined_group != NULL;
}
