/* test-localhost.c: a name with several addresses — "localhost" is
 * 127.0.0.1 and ::1 — against plain IPv4 sockets, as the tutorials'
 * Python programs use them (socket.socket() is AF_INET)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sp-test-util.h"

#include <errno.h>
#include <string.h>

#include "sp-endpoint.h"

/* A plain socket of @family, not blocking, as a Python peer would open it. */
static GSocket *
plain_socket (GSocketFamily family,
              GSocketType   type)
{
  g_autoptr(GError) error = NULL;
  GSocket *socket = g_socket_new (family, type, G_SOCKET_PROTOCOL_DEFAULT, &error);

  g_assert_no_error (error);
  g_socket_set_blocking (socket, FALSE);
  return socket;
}

static GSocketAddress *
loopback (GSocketFamily family,
          guint         port)
{
  g_autoptr(GInetAddress) address = g_inet_address_new_loopback (family);

  return g_inet_socket_address_new (address, port);
}

/* A connect() in progress has finished, one way or the other. */
static gboolean
connect_done (gpointer socket)
{
  return g_socket_condition_check (socket, G_IO_OUT | G_IO_ERR | G_IO_HUP) != 0;
}

/* connect(('127.0.0.1', port)) — or ('::1', port) — to completion. */
static GSocket *
plain_connect (GSocketFamily family,
               guint         port)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketAddress) to = loopback (family, port);
  GSocket *socket = plain_socket (family, G_SOCKET_TYPE_STREAM);

  if (!g_socket_connect (socket, to, NULL, &error))
    {
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PENDING);
      g_clear_error (&error);
      sp_test_wait_until (connect_done, socket, 0, "connect");
    }
  g_assert_true (g_socket_check_connect_result (socket, &error));
  g_assert_no_error (error);

  return socket;
}

static SpEndpoint *
start_endpoint (SpEndpointKind  kind,
                guint           port)
{
  return sp_test_start_endpoint (kind, "localhost", port);
}

static gboolean
has_message (SpEndpoint *endpoint,
             SpEventKind kind,
             const char *text)
{
  GListModel *events = G_LIST_MODEL (sp_endpoint_get_events (endpoint));

  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(SpEvent) event = g_list_model_get_item (events, i);

      if (sp_event_get_kind (event) == kind && strstr (sp_event_get_message (event), text) != NULL)
        return TRUE;
    }

  return FALSE;
}

/* A TCP server on "localhost" listens on 127.0.0.1 and ::1: a plain IPv4
 * client connects (and an IPv6 one too), and what it sends arrives. */
static void
test_tcp_server (void)
{
  g_autoptr(SpEndpoint) server = start_endpoint (SP_ENDPOINT_KIND_TCP_SERVER, 0);
  guint port = sp_endpoint_get_bound_port (server);
  g_autofree char *v4 = g_strdup_printf ("127.0.0.1:%u", port);
  g_autofree char *v6 = g_strdup_printf ("[::1]:%u", port);
  g_autofree char *both = g_strdup_printf ("%s, %s", v4, v6);
  g_autoptr(GSocket) ipv4 = NULL;
  g_autoptr(GSocket) ipv6 = NULL;
  g_autoptr(SpConnection) first = NULL;
  g_autoptr(GError) error = NULL;
  SpTestCount count = { server, 1 };
  SpTestBytes bytes = { server, 5 };

  /* IPv4 first, as the tutorials' programs are; the pane's address line
   * names both. */
  g_assert_cmpstr (sp_endpoint_get_local_address (server), ==, v4);
  g_assert_cmpstr (sp_endpoint_get_all_local_addresses (server), ==, both);
  g_assert_true (has_message (server, SP_EVENT_KIND_LISTENING, both));

  ipv4 = plain_connect (G_SOCKET_FAMILY_IPV4, port);
  sp_test_wait_until (sp_test_has_connections, &count, 0, "the IPv4 client accepted");
  first = g_list_model_get_item (sp_endpoint_get_connections (server), 0);
  g_assert_true (g_str_has_prefix (sp_connection_get_remote_address (first), "127.0.0.1:"));
  g_assert_cmpstr (sp_connection_get_local_address (first), ==, v4);

  g_assert_cmpint (g_socket_send (ipv4, "hello", 5, NULL, &error), ==, 5);
  g_assert_no_error (error);
  sp_test_wait_until (sp_test_has_received, &bytes, 0, "hello from the IPv4 client");

  ipv6 = plain_connect (G_SOCKET_FAMILY_IPV6, port);
  count.n = 2;
  sp_test_wait_until (sp_test_has_connections, &count, 0, "the IPv6 client accepted");

  /* Stopped, both listeners are closed: a new IPv4 connect is refused. */
  sp_endpoint_stop (server);
  g_assert_null (sp_endpoint_get_all_local_addresses (server));
  {
    g_autoptr(GSocket) late = plain_socket (G_SOCKET_FAMILY_IPV6, G_SOCKET_TYPE_STREAM);
    g_autoptr(GSocketAddress) to = loopback (G_SOCKET_FAMILY_IPV6, port);

    if (!g_socket_connect (late, to, NULL, &error) &&
        g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PENDING))
      {
        g_clear_error (&error);
        sp_test_wait_until (connect_done, late, 0, "refused");
        g_assert_false (g_socket_check_connect_result (late, &error));
      }
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  }
}

typedef struct {
  GSocket    *socket;
  GByteArray *got;
  char       *from;
} Datagram;

static gboolean
received_datagram (gpointer data)
{
  Datagram *d = data;
  g_autoptr(GSocketAddress) from = NULL;
  char buffer[256];
  gssize n = g_socket_receive_from (d->socket, &from, buffer, sizeof buffer, NULL, NULL);

  if (n < 0)
    return FALSE;

  g_byte_array_append (d->got, (guint8 *) buffer, n);
  d->from = g_inet_address_to_string (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (from)));
  return TRUE;
}

/* A UDP client to "localhost" sends to 127.0.0.1 — a plain IPv4 server
 * gets the datagram — and says which address it chose. */
static void
test_udp_client (void)
{
  g_autoptr(GSocket) plain = plain_socket (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM);
  g_autoptr(GSocketAddress) any_port = loopback (G_SOCKET_FAMILY_IPV4, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(SpEndpoint) client = NULL;
  g_autoptr(GBytes) hello = g_bytes_new_static ("hello", 5);
  g_autoptr(GError) error = NULL;
  g_autofree char *target = NULL;
  g_autofree char *said = NULL;
  Datagram d = { NULL, g_byte_array_new (), NULL };
  guint port;

  g_assert_true (g_socket_bind (plain, any_port, FALSE, &error));
  bound = g_socket_get_local_address (plain, &error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));

  client = start_endpoint (SP_ENDPOINT_KIND_UDP_CLIENT, port);
  target = g_strdup_printf ("127.0.0.1:%u", port);
  g_assert_cmpstr (sp_endpoint_get_remote_address (client), ==, target);
  said = g_strdup_printf ("datagrams go to %s", target);
  g_assert_true (has_message (client, SP_EVENT_KIND_INFO, said));
  g_assert_true (has_message (client, SP_EVENT_KIND_INFO, "::1"));

  g_assert_true (sp_endpoint_send (client, hello, NULL, &error));
  g_assert_no_error (error);
  d.socket = plain;
  sp_test_wait_until (received_datagram, &d, 0, "the datagram at the IPv4 server");
  g_assert_cmpmem (d.got->data, d.got->len, "hello", 5);
  g_assert_cmpstr (d.from, ==, "127.0.0.1");

  g_byte_array_unref (d.got);
  g_free (d.from);
}

/* A UDP server on "localhost" receives from a plain IPv4 client and
 * replies through the socket the datagram came in on. */
static void
test_udp_server (void)
{
  g_autoptr(SpEndpoint) server = start_endpoint (SP_ENDPOINT_KIND_UDP_SERVER, 0);
  guint port = sp_endpoint_get_bound_port (server);
  g_autoptr(GSocket) plain = plain_socket (G_SOCKET_FAMILY_IPV6, G_SOCKET_TYPE_DATAGRAM);
  g_autoptr(GSocketAddress) to = loopback (G_SOCKET_FAMILY_IPV6, port);
  g_autoptr(SpConnection) peer = NULL;
  g_autoptr(GBytes) back = g_bytes_new_static ("back", 4);
  g_autoptr(GError) error = NULL;
  SpTestCount count = { server, 1 };
  Datagram d = { plain, g_byte_array_new (), NULL };
  g_autofree char *v6 = g_strdup_printf ("[::1]:%u", port);

  g_assert_nonnull (strstr (sp_endpoint_get_all_local_addresses (server), v6));

  /* To ::1, the server's second socket. */
  g_assert_cmpint (g_socket_send_to (plain, to, "hi", 2, NULL, &error), ==, 2);
  sp_test_wait_until (sp_test_has_connections, &count, 0, "the IPv6 peer");
  peer = g_list_model_get_item (sp_endpoint_get_connections (server), 0);
  g_assert_cmpstr (sp_connection_get_local_address (peer), ==, v6);

  g_assert_true (sp_endpoint_send (server, back, peer, &error));
  g_assert_no_error (error);
  sp_test_wait_until (received_datagram, &d, 0, "the reply");
  g_assert_cmpmem (d.got->data, d.got->len, "back", 4);
  g_assert_cmpstr (d.from, ==, "::1");

  g_byte_array_unref (d.got);
  g_free (d.from);
}

/* A TCP client to "localhost" tries ::1 first (refused: the server is
 * IPv4 only), then 127.0.0.1, and the log shows each try. */
static void
test_tcp_client (void)
{
  g_autoptr(GSocket) listener = plain_socket (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM);
  g_autoptr(GSocketAddress) any_port = loopback (G_SOCKET_FAMILY_IPV4, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(SpEndpoint) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *v4 = NULL;
  g_autofree char *v6_try = NULL;
  guint port;

  g_assert_true (g_socket_bind (listener, any_port, FALSE, &error));
  g_assert_true (g_socket_listen (listener, &error));
  bound = g_socket_get_local_address (listener, &error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));

  client = start_endpoint (SP_ENDPOINT_KIND_TCP_CLIENT, port);
  v4 = g_strdup_printf ("127.0.0.1:%u", port);
  g_assert_cmpstr (sp_endpoint_get_remote_address (client), ==, v4);
  g_assert_true (has_message (client, SP_EVENT_KIND_INFO, v4));
  g_assert_true (has_message (client, SP_EVENT_KIND_CONNECTED, v4));
  /* ::1 came first and was refused: the log says it was tried. */
  v6_try = g_strdup_printf ("trying [::1]:%u", port);
  g_assert_true (has_message (client, SP_EVENT_KIND_INFO, v6_try));
}

/* EMSGSIZE names the limit of the socket's own family. */
static void
test_message_size (gconstpointer data)
{
  gboolean ipv6 = GPOINTER_TO_INT (data);
  g_autoptr(SpEndpoint) client = sp_endpoint_new (SP_ENDPOINT_KIND_UDP_CLIENT);
  g_autoptr(GBytes) big = NULL;
  g_autoptr(GError) error = NULL;
  gsize limit = ipv6 ? 65527 : 65507;
  SpTestKindCount failed = { client, SP_EVENT_KIND_ERROR, 1 };
  SpEvent *event;

  sp_endpoint_set_host (client, ipv6 ? "::1" : "127.0.0.1");
  sp_endpoint_set_port (client, 9);
  sp_endpoint_start (client);
  sp_test_wait_until (sp_test_is_running, client, 0, "udp client");

  big = g_bytes_new_take (g_malloc0 (limit + 1), limit + 1);
  g_assert_true (sp_endpoint_send (client, big, NULL, &error));
  sp_test_wait_until (sp_test_has_n_of_kind, &failed, 0, "EMSGSIZE");
  event = sp_test_last_of_kind (client, SP_EVENT_KIND_ERROR);
  g_assert_cmpint (sp_event_get_errnum (event), ==, EMSGSIZE);
  g_assert_nonnull (strstr (sp_event_get_message (event),
                            ipv6 ? "65527 bytes over IPv6" : "65507 bytes over IPv4"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/localhost/tcp-server", test_tcp_server);
  g_test_add_func ("/localhost/tcp-client", test_tcp_client);
  g_test_add_func ("/localhost/udp-client", test_udp_client);
  g_test_add_func ("/localhost/udp-server", test_udp_server);
  g_test_add_data_func ("/localhost/emsgsize/ipv4", GINT_TO_POINTER (FALSE), test_message_size);
  g_test_add_data_func ("/localhost/emsgsize/ipv6", GINT_TO_POINTER (TRUE), test_message_size);

  return g_test_run ();
}
