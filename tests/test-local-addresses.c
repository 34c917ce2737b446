/* test-local-addresses.c: this machine's addresses for a server bound to
 * the wildcard, from a made-up interface list and from the real one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <string.h>

#include <glib.h>

#include "sp-local-addresses.h"

/* A made-up getifaddrs() list: entries live in one array, linked in order. */
typedef struct
{
  struct ifaddrs          entries[16];
  struct sockaddr_storage addrs[16];
  guint                   n;
} FakeList;

static void
fake_add (FakeList   *list,
          const char *name,
          guint       flags,
          const char *address)
{
  struct ifaddrs *ifa = &list->entries[list->n];
  struct sockaddr_storage *storage = &list->addrs[list->n];

  g_assert_cmpuint (list->n, <, G_N_ELEMENTS (list->entries));
  memset (ifa, 0, sizeof *ifa);
  memset (storage, 0, sizeof *storage);
  ifa->ifa_name = (char *) name;
  ifa->ifa_flags = flags;

  if (address == NULL)
    ifa->ifa_addr = NULL;  /* an interface without an address (AF_PACKET-less) */
  else if (strchr (address, ':') != NULL)
    {
      struct sockaddr_in6 *in6 = (struct sockaddr_in6 *) storage;

      in6->sin6_family = AF_INET6;
      g_assert_cmpint (inet_pton (AF_INET6, address, &in6->sin6_addr), ==, 1);
      ifa->ifa_addr = (struct sockaddr *) in6;
    }
  else
    {
      struct sockaddr_in *in = (struct sockaddr_in *) storage;

      in->sin_family = AF_INET;
      g_assert_cmpint (inet_pton (AF_INET, address, &in->sin_addr), ==, 1);
      ifa->ifa_addr = (struct sockaddr *) in;
    }

  if (list->n > 0)
    list->entries[list->n - 1].ifa_next = ifa;
  list->n++;
}

/* "eth0 192.168.1.5|wlan0 fe80::1%wlan0|…" */
static char *
describe (GPtrArray *addresses)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < addresses->len; i++)
    {
      const SpLocalAddress *address = g_ptr_array_index (addresses, i);

      g_string_append_printf (text, "%s%s %s", i > 0 ? "|" : "",
                              address->interface, address->address);
    }
  return g_string_free (text, FALSE);
}

static void
fill_machine (FakeList *list)
{
  const guint up = IFF_UP | IFF_RUNNING;

  fake_add (list, "lo", up | IFF_LOOPBACK, "127.0.0.1");
  fake_add (list, "lo", up | IFF_LOOPBACK, "::1");
  fake_add (list, "eth0", up, "fe80::fc:ff:fe00:1");
  fake_add (list, "eth0", up, "2001:db8::5");
  fake_add (list, "eth0", up, "192.168.1.5");
  fake_add (list, "wlan0", up, NULL);
  fake_add (list, "wlan0", up, "fd00::7");
  fake_add (list, "wlan0", up, "10.0.0.7");
  fake_add (list, "wlan0", up, "10.0.0.7");       /* listed twice: shown once */
  fake_add (list, "docker0", IFF_UP, "172.17.0.1"); /* up, no carrier: reachable from containers */
  fake_add (list, "eth1", 0, "192.168.9.9");      /* down */
  fake_add (list, "dummy0", up, "127.0.0.2");     /* loopback range on another interface */
  fake_add (list, "wlan0", up, "fe80::2");
}

static void
test_order_and_filter_dual_stack (void)
{
  FakeList list = { 0 };
  g_autoptr(GPtrArray) addresses = NULL;
  g_autofree char *text = NULL;

  fill_machine (&list);
  addresses = sp_local_addresses_from_list (list.entries, G_SOCKET_FAMILY_IPV6);
  text = describe (addresses);
  g_assert_cmpstr (text, ==,
                   "eth0 192.168.1.5|wlan0 10.0.0.7|docker0 172.17.0.1|"
                   "eth0 2001:db8::5|wlan0 fd00::7|"
                   "eth0 fe80::fc:ff:fe00:1%eth0|wlan0 fe80::2%wlan0");

  g_assert_false (((SpLocalAddress *) g_ptr_array_index (addresses, 0))->link_local);
  g_assert_cmpint (((SpLocalAddress *) g_ptr_array_index (addresses, 0))->family, ==, G_SOCKET_FAMILY_IPV4);
  g_assert_true (((SpLocalAddress *) g_ptr_array_index (addresses, 5))->link_local);
  g_assert_cmpint (((SpLocalAddress *) g_ptr_array_index (addresses, 5))->family, ==, G_SOCKET_FAMILY_IPV6);
}

/* A server bound to 0.0.0.0 accepts IPv4 only: no IPv6 address is offered. */
static void
test_ipv4_only (void)
{
  FakeList list = { 0 };
  g_autoptr(GPtrArray) addresses = NULL;
  g_autofree char *text = NULL;

  fill_machine (&list);
  addresses = sp_local_addresses_from_list (list.entries, G_SOCKET_FAMILY_IPV4);
  text = describe (addresses);
  g_assert_cmpstr (text, ==, "eth0 192.168.1.5|wlan0 10.0.0.7|docker0 172.17.0.1");
}

static void
test_only_loopback (void)
{
  FakeList list = { 0 };
  g_autoptr(GPtrArray) addresses = NULL;

  fake_add (&list, "lo", IFF_UP | IFF_LOOPBACK, "127.0.0.1");
  fake_add (&list, "lo", IFF_UP | IFF_LOOPBACK, "::1");
  addresses = sp_local_addresses_from_list (list.entries, G_SOCKET_FAMILY_IPV6);
  g_assert_cmpuint (addresses->len, ==, 0);

  g_clear_pointer (&addresses, g_ptr_array_unref);
  addresses = sp_local_addresses_from_list (NULL, G_SOCKET_FAMILY_IPV6);
  g_assert_cmpuint (addresses->len, ==, 0);
}

static void
test_with_port (void)
{
  SpLocalAddress v4 = { (char *) "eth0", (char *) "192.168.1.5", G_SOCKET_FAMILY_IPV4, FALSE };
  SpLocalAddress v6 = { (char *) "eth0", (char *) "2001:db8::5", G_SOCKET_FAMILY_IPV6, FALSE };
  SpLocalAddress ll = { (char *) "eth0", (char *) "fe80::1%eth0", G_SOCKET_FAMILY_IPV6, TRUE };
  g_autofree char *a = sp_local_address_with_port (&v4, 8081);
  g_autofree char *b = sp_local_address_with_port (&v6, 8081);
  g_autofree char *c = sp_local_address_with_port (&ll, 65535);

  g_assert_cmpstr (a, ==, "192.168.1.5:8081");
  g_assert_cmpstr (b, ==, "[2001:db8::5]:8081");
  g_assert_cmpstr (c, ==, "[fe80::1%eth0]:65535");
}

/* The real list: what `getifaddrs` says, filtered the same way, and each
 * address one a client can parse (the scope included). In the test's own
 * network namespace with a LAN (tests/run-netns-lan.sh), the addresses are
 * known exactly. */
static void
test_real_machine (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) addresses = sp_local_addresses_list (G_SOCKET_FAMILY_IPV6, &error);
  gboolean seen_v6 = FALSE;

  g_assert_no_error (error);
  g_assert_nonnull (addresses);

  for (guint i = 0; i < addresses->len; i++)
    {
      const SpLocalAddress *address = g_ptr_array_index (addresses, i);
      g_autoptr(GInetAddress) parsed = NULL;
      g_autofree char *bare = g_strdup (address->address);
      char *percent = strchr (bare, '%');

      g_test_message ("%s %s", address->interface, address->address);
      if (percent != NULL)
        {
          g_assert_true (address->link_local);
          g_assert_cmpstr (percent + 1, ==, address->interface);
          *percent = '\0';
        }
      parsed = g_inet_address_new_from_string (bare);
      g_assert_nonnull (parsed);
      g_assert_false (g_inet_address_get_is_loopback (parsed));
      g_assert_cmpint (g_inet_address_get_family (parsed), ==, address->family);
      if (address->family == G_SOCKET_FAMILY_IPV6)
        seen_v6 = TRUE;
      else
        g_assert_false (seen_v6);  /* IPv4 first */
    }

  if (g_getenv ("SP_NETNS_LAN") != NULL)
    {
      g_autofree char *text = describe (addresses);

      /* sp0 (10.77.0.1, fd77::1) and its link-local address; sp1 has none
       * of its own but its link-local one. */
      g_assert_true (g_str_has_prefix (text, "sp0 10.77.0.1|sp0 fd77::1|"));
      g_assert_nonnull (strstr (text, "%sp0"));
      g_assert_null (strstr (text, "127.0.0.1"));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/local-addresses/order-and-filter", test_order_and_filter_dual_stack);
  g_test_add_func ("/local-addresses/ipv4-only", test_ipv4_only);
  g_test_add_func ("/local-addresses/only-loopback", test_only_loopback);
  g_test_add_func ("/local-addresses/with-port", test_with_port);
  g_test_add_func ("/local-addresses/real-machine", test_real_machine);

  return g_test_run ();
}
