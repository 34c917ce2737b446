/* sp-endpoint-resolve.c: where an endpoint's host is — every address of
 * a name ("localhost": 127.0.0.1 and ::1), IPv4 first, as servers listen
 * on each and a UDP client sends to the first
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sp-endpoint-private.h"
#include "sp-socket-address.h"

/* "127.0.0.1, ::1" */
static char *
join_addresses (GPtrArray *addresses)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < addresses->len; i++)
    {
      GInetAddress *address = g_inet_socket_address_get_address (addresses->pdata[i]);
      g_autofree char *one = g_inet_address_to_string (address);

      if (i > 0)
        /* TRANSLATORS: between addresses in a list */
        g_string_append (text, _(", "));
      g_string_append (text, one);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* A UDP client sends to one address: the first IPv4 one, as the tutorials'
 * socket.socket() is IPv4; when the name had a choice, it says which. */
static void
start_udp_client (SpEndpoint *self,
                  GPtrArray  *addresses)
{
  GInetSocketAddress *chosen = addresses->pdata[0];

  if (addresses->len > 1)
    {
      g_autofree char *all = join_addresses (addresses);
      g_autofree char *target = sp_format_socket_address (G_SOCKET_ADDRESS (chosen));
      g_autofree char *message = NULL;

      /* TRANSLATORS: "“localhost” resolves to 127.0.0.1, ::1: datagrams go to 127.0.0.1:8081 (IPv4 first…)" */
      message = g_strdup_printf (_("“%s” resolves to %s: datagrams go to %s (IPv4 first, like the tutorials’ socket.socket())."),
                                 self->host, all, target);
      _sp_endpoint_log (self, SP_EVENT_KIND_INFO, NULL, message);
    }

  _sp_endpoint_start_udp_client (self, chosen);
}

void
_sp_endpoint_start_with_addresses (SpEndpoint *self,
                                   GPtrArray  *addresses)
{
  switch (self->kind)
    {
    case SP_ENDPOINT_KIND_TCP_SERVER:
    case SP_ENDPOINT_KIND_TCP_RELAY:
      _sp_endpoint_start_tcp_server (self, addresses);
      break;

    case SP_ENDPOINT_KIND_UDP_SERVER:
      _sp_endpoint_start_udp_server (self, addresses);
      break;

    case SP_ENDPOINT_KIND_UDP_RELAY:
      _sp_endpoint_start_udp_relay (self, addresses);
      break;

    case SP_ENDPOINT_KIND_UDP_CLIENT:
      start_udp_client (self, addresses);
      break;

    case SP_ENDPOINT_KIND_TCP_CLIENT:
    default:
      g_assert_not_reached ();
    }
}

int
_sp_endpoint_ipv4_first (gconstpointer a,
                         gconstpointer b)
{
  GSocketFamily fa = g_inet_address_get_family (*(GInetAddress **) a);
  GSocketFamily fb = g_inet_address_get_family (*(GInetAddress **) b);

  return (fa != G_SOCKET_FAMILY_IPV4) - (fb != G_SOCKET_FAMILY_IPV4);
}

/* Every address of the name, IPv4 ones first (in the resolver's order
 * otherwise), once each, on the pane's port. */
static GPtrArray *
socket_addresses (SpEndpoint *self,
                  GList      *resolved)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  GPtrArray *addresses = g_ptr_array_new_with_free_func (g_object_unref);

  for (GList *l = resolved; l != NULL; l = l->next)
    g_ptr_array_add (sorted, l->data);
  g_ptr_array_sort (sorted, _sp_endpoint_ipv4_first);  /* stable */

  for (guint i = 0; i < sorted->len; i++)
    {
      gboolean seen = FALSE;

      for (guint j = 0; j < i && !seen; j++)
        seen = g_inet_address_equal (sorted->pdata[i], sorted->pdata[j]);
      if (!seen)
        g_ptr_array_add (addresses, g_inet_socket_address_new (sorted->pdata[i], self->port));
    }

  return addresses;
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SpEndpoint) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) addresses = NULL;
  GList *resolved;

  resolved = g_resolver_lookup_by_name_finish (G_RESOLVER (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (resolved == NULL)
    {
      if (error == NULL)
        error = g_error_new_literal (G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND, "");
      _sp_endpoint_report_error (self, NULL, "getaddrinfo", self->host, error, TRUE);
      _sp_endpoint_finish_stop (self);
      return;
    }

  addresses = socket_addresses (self, resolved);
  g_resolver_free_addresses (resolved);
  _sp_endpoint_start_with_addresses (self, addresses);
}

void
_sp_endpoint_resolve_and_start (SpEndpoint *self)
{
  g_autoptr(GResolver) resolver = g_resolver_get_default ();

  /* Every address, not just the first: a server listens on each. */
  g_resolver_lookup_by_name_async (resolver, self->host, self->cancellable, lookup_cb,
                                   g_object_ref (self));
}
