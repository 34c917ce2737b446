/* test-endpoint-multicast.c: SO_BROADCAST and multicast groups, for real
 *
 * Broadcast and multicast need an interface that is not loopback and a
 * route: tests/run-netns-lan.sh gives the test a namespace of its own with
 * a veth pair (sp0, 10.77.0.1/24) and sets SP_NETNS_LAN. Without it the
 * tests that send skip: they would reach the real network.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sp-test-util.h"

#include <errno.h>
#include <string.h>

#include "sp-endpoint.h"

#define LAN_BROADCAST "10.77.0.255"

static gboolean
have_lan (void)
{
  if (g_getenv ("SP_NETNS_LAN") != NULL)
    return TRUE;

  g_test_skip ("needs the network namespace of tests/run-netns-lan.sh (root and unshare): "
               "broadcast and multicast would otherwise reach the real network");
  return FALSE;
}

static SpEndpoint *
start_endpoint (SpEndpointKind  kind,
                const char     *host,
                guint           port)
{
  return sp_test_start_endpoint (kind, host, port);
}

static SpEndpoint *
start_server (const char *host,
              const char *group,
              const char *interface)
{
  SpEndpoint *server = sp_endpoint_new (SP_ENDPOINT_KIND_UDP_SERVER);

  sp_endpoint_set_host (server, host);
  sp_endpoint_set_port (server, 0);
  sp_endpoint_set_multicast_group (server, group);
  sp_endpoint_set_multicast_interface (server, interface);
  sp_endpoint_start (server);
  sp_test_wait_until (sp_test_is_running, server, 0, "udp server");

  return server;
}

static void
send_text (SpEndpoint *endpoint,
           const char *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(GError) error = NULL;

  g_assert_true (sp_endpoint_send (endpoint, bytes, NULL, &error));
  g_assert_no_error (error);
}

static void
assert_received (SpEndpoint *endpoint,
                 const char *text)
{
  SpTestBytes bytes = { endpoint, strlen (text) };
  SpEvent *event;
  GBytes *payload;

  sp_test_wait_until (sp_test_has_received, &bytes, 0, text);
  event = sp_test_last_of_kind (endpoint, SP_EVENT_KIND_RECEIVED);
  payload = sp_event_get_payload (event);
  g_assert_cmpmem (g_bytes_get_data (payload, NULL), g_bytes_get_size (payload), text, strlen (text));
}

static gboolean
has_error_message (gpointer endpoint)
{
  return sp_endpoint_get_error_message (endpoint) != NULL;
}

/* Without SO_BROADCAST the kernel refuses the datagram: EACCES, named, in
 * the log and inline; with it, the server on 0.0.0.0 gets it. */
static void
test_broadcast_needs_option (gconstpointer data)
{
  const char *target = data;
  g_autoptr(SpEndpoint) server = NULL;
  g_autoptr(SpEndpoint) client = NULL;
  SpTestKindCount errors = { NULL, SP_EVENT_KIND_ERROR, 1 };
  const char *message;

  if (!have_lan ())
    return;

  server = start_server ("0.0.0.0", NULL, NULL);
  client = start_endpoint (SP_ENDPOINT_KIND_UDP_CLIENT, target, sp_endpoint_get_bound_port (server));
  g_assert_false (sp_endpoint_get_broadcast (client));

  send_text (client, "to everyone");
  errors.endpoint = client;
  sp_test_wait_until (sp_test_has_n_of_kind, &errors, 0, "EACCES");
  g_assert_cmpuint (sp_test_count_errno (client, EACCES), ==, 1);
  sp_test_wait_until (has_error_message, client, 0, "inline message");
  message = sp_endpoint_get_error_message (client);
  g_assert_true (g_str_has_prefix (message, "Sending to a broadcast address needs SO_BROADCAST (EACCES)"));
  g_assert_nonnull (strstr (message, target));
  g_assert_nonnull (sp_test_find_call (client, "sendto("));
  g_assert_nonnull (strstr (sp_test_find_call (client, "sendto("), "→ error EACCES"));
  /* The socket is fine: the client keeps running. */
  g_assert_cmpint (sp_endpoint_get_state (client), ==, SP_ENDPOINT_STATE_RUNNING);
  g_assert_cmpuint (sp_test_count_kind (server, SP_EVENT_KIND_RECEIVED), ==, 0);

  /* Turned on while running: the socket gets it at once, and the stale
   * message goes. */
  sp_endpoint_set_broadcast (client, TRUE);
  g_assert_null (sp_endpoint_get_error_message (client));
  g_assert_nonnull (sp_test_find_call (client, "sk.setsockopt(SOL_SOCKET, SO_BROADCAST, 1)"));
  send_text (client, "to everyone");
  assert_received (server, "to everyone");
  g_assert_cmpuint (sp_test_count_errno (client, EACCES), ==, 1);
}

/* A connect()ed UDP client meets the same rule at connect(). */
static void
test_broadcast_connect (void)
{
  g_autoptr(SpEndpoint) client = NULL;
  g_autoptr(SpEndpoint) server = NULL;

  if (!have_lan ())
    return;

  client = sp_endpoint_new (SP_ENDPOINT_KIND_UDP_CLIENT);
  sp_endpoint_set_host (client, LAN_BROADCAST);
  sp_endpoint_set_port (client, 9);
  sp_endpoint_set_udp_connect (client, TRUE);
  sp_endpoint_start (client);
  sp_test_wait_until (sp_test_is_stopped, client, 0, "connect refused");
  g_assert_cmpuint (sp_test_count_errno (client, EACCES), ==, 1);
  g_assert_true (g_str_has_prefix (sp_endpoint_get_error_message (client),
                                   "Sending to a broadcast address needs SO_BROADCAST (EACCES)"));

  /* Set before Start, it goes on before connect(). */
  server = start_server ("0.0.0.0", NULL, NULL);
  sp_endpoint_set_port (client, sp_endpoint_get_bound_port (server));
  sp_endpoint_set_broadcast (client, TRUE);
  sp_endpoint_start (client);
  sp_test_wait_until (sp_test_is_running, client, 0, "connected to broadcast");
  g_assert_null (sp_endpoint_get_error_message (client));
  send_text (client, "hello all");
  assert_received (server, "hello all");
}

static void
test_multicast (gconstpointer data)
{
  const char *const *args = data;
  const char *any = args[0], *group = args[1], *interface = args[2];
  g_autoptr(SpEndpoint) server = NULL;
  g_autoptr(SpEndpoint) client = NULL;
  const char *join = strchr (group, ':') ? "sk.setsockopt(IPPROTO_IPV6, IPV6_JOIN_GROUP"
                                         : "sk.setsockopt(IPPROTO_IP, IP_ADD_MEMBERSHIP";
  const char *leave = strchr (group, ':') ? "sk.setsockopt(IPPROTO_IPV6, IPV6_LEAVE_GROUP"
                                          : "sk.setsockopt(IPPROTO_IP, IP_DROP_MEMBERSHIP";

  if (!have_lan ())
    return;

  server = start_server (any, group, interface);
  g_assert_true (sp_endpoint_get_multicast_joined (server));
  g_assert_nonnull (sp_test_find_call (server, join));
  g_assert_null (sp_test_find_call (server, leave));

  /* The client sends out of the interface the server joined on. */
  client = sp_endpoint_new (SP_ENDPOINT_KIND_UDP_CLIENT);
  sp_endpoint_set_host (client, group);
  sp_endpoint_set_port (client, sp_endpoint_get_bound_port (server));
  sp_endpoint_set_multicast_interface (client, interface);
  sp_endpoint_start (client);
  sp_test_wait_until (sp_test_is_running, client, 0, "multicast client");
  if (interface != NULL)
    g_assert_nonnull (sp_test_find_call (client, strchr (group, ':') ? "sk.setsockopt(IPPROTO_IPV6, IPV6_MULTICAST_IF, "
                                                                     : "sk.setsockopt(IPPROTO_IP, IP_MULTICAST_IF, "));
  send_text (client, "to the group");
  assert_received (server, "to the group");

  /* Stop leaves the group before close(). */
  sp_endpoint_stop (server);
  g_assert_false (sp_endpoint_get_multicast_joined (server));
  g_assert_nonnull (sp_test_find_call (server, leave));
}

/* Bad groups and interfaces are refused with a reason, before any call. */
static void
test_multicast_invalid (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpEndpoint) server = sp_endpoint_new (SP_ENDPOINT_KIND_UDP_SERVER);

  g_assert_true (sp_endpoint_check_multicast_group ("", NULL));
  g_assert_true (sp_endpoint_check_multicast_group ("239.1.2.3", NULL));
  g_assert_true (sp_endpoint_check_multicast_group ("ff02::1", NULL));
  g_assert_false (sp_endpoint_check_multicast_group ("10.0.0.1", &error));
  g_assert_nonnull (strstr (error->message, "224.0.0.0 to 239.255.255.255"));
  g_clear_error (&error);
  g_assert_false (sp_endpoint_check_multicast_group ("224.1.1", &error));
  g_assert_nonnull (strstr (error->message, "not an IP address"));
  g_clear_error (&error);
  g_assert_true (sp_endpoint_check_multicast_interface ("lo", NULL));
  g_assert_false (sp_endpoint_check_multicast_interface ("no-such-if0", &error));
  g_assert_nonnull (strstr (error->message, "(ENODEV)"));
  g_clear_error (&error);

  /* Whitespace around a group is not part of it. */
  sp_endpoint_set_multicast_group (server, " 224.1.1.1 ");
  g_assert_cmpstr (sp_endpoint_get_multicast_group (server), ==, "224.1.1.1");
  sp_endpoint_set_multicast_group (server, "  ");
  g_assert_null (sp_endpoint_get_multicast_group (server));

  /* Start refuses them too, and stops with the same message. */
  sp_endpoint_set_host (server, "127.0.0.1");
  sp_endpoint_set_port (server, 0);
  sp_endpoint_set_multicast_group (server, "10.0.0.1");
  sp_endpoint_start (server);
  sp_test_wait_until (sp_test_is_stopped, server, 0, "refused group");
  g_assert_nonnull (strstr (sp_endpoint_get_error_message (server), "is not a multicast address"));
  g_assert_false (sp_endpoint_get_multicast_joined (server));

  /* An IPv6 group on an IPv4 socket. */
  sp_endpoint_set_multicast_group (server, "ff15::1234");
  sp_endpoint_start (server);
  sp_test_wait_until (sp_test_is_stopped, server, 0, "wrong family");
  g_assert_nonnull (strstr (sp_endpoint_get_error_message (server), "bind to :: to join it"));
}

/* A server bound to one unicast address is told that the group's
 * datagrams will not reach it. */
static void
test_multicast_bound_elsewhere (void)
{
  g_autoptr(SpEndpoint) server = NULL;
  SpEvent *info;

  if (!have_lan ())
    return;

  server = start_server ("127.0.0.1", "224.1.1.1", "lo");
  info = sp_test_last_of_kind (server, SP_EVENT_KIND_INFO);
  g_assert_nonnull (strstr (sp_event_get_message (info), "Bound to 127.0.0.1 only"));
}

int
main (int   argc,
      char *argv[])
{
  static const char *ipv4[] = { "0.0.0.0", "224.1.1.1", NULL };
  static const char *ipv4_if[] = { "0.0.0.0", "239.7.7.7", "sp0" };
  static const char *ipv6[] = { "::", "ff15::1234", "sp0" };
  /* Loopback alone, as on a computer with no network. */
  static const char *ipv4_lo[] = { "0.0.0.0", "239.8.8.8", "lo" };

  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/multicast/broadcast/limited", "255.255.255.255", test_broadcast_needs_option);
  g_test_add_data_func ("/multicast/broadcast/subnet", LAN_BROADCAST, test_broadcast_needs_option);
  g_test_add_func ("/multicast/broadcast/connect", test_broadcast_connect);
  g_test_add_data_func ("/multicast/join/ipv4", ipv4, test_multicast);
  g_test_add_data_func ("/multicast/join/ipv4-interface", ipv4_if, test_multicast);
  g_test_add_data_func ("/multicast/join/ipv6", ipv6, test_multicast);
  g_test_add_data_func ("/multicast/join/ipv4-loopback", ipv4_lo, test_multicast);
  g_test_add_func ("/multicast/join/invalid", test_multicast_invalid);
  g_test_add_func ("/multicast/join/bound-elsewhere", test_multicast_bound_elsewhere);

  return g_test_run ();
}
