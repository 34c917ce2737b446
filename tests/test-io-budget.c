/* test-io-budget.c: socket I/O shares each turn of the main loop with the
 * frames (sp-io-budget.h)
 *
 * The budget is set to 0 here, so each turn may serve one socket: what a
 * slow machine would see with thousands of sockets ready at once, made
 * exact. Counting per turn, not timing, keeps the tests independent of the
 * machine's load.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sp-test-util.h"

#include "sp-endpoint.h"
#include "sp-io-budget.h"

#define N_PEERS 40

/* One turn of the default main context, without waiting: what
 * g_main_context_iteration() does, with check() and every dispatch. */
static void
one_turn (void)
{
  g_main_context_iteration (NULL, FALSE);
}

static void
test_turn (void)
{
  sp_io_budget_set_limit (0);
  /* The first caller of a turn always runs: each turn makes progress. */
  one_turn ();
  g_assert_false (sp_io_budget_spent ());
  g_assert_true (sp_io_budget_spent ());
  g_assert_true (sp_io_budget_spent ());
  one_turn ();
  g_assert_false (sp_io_budget_spent ());
  g_assert_true (sp_io_budget_spent ());

  /* Within the budget, every caller runs. */
  sp_io_budget_set_limit (G_USEC_PER_SEC * 60);
  one_turn ();
  for (guint i = 0; i < 100; i++)
    g_assert_false (sp_io_budget_spent ());

  sp_io_budget_set_limit (-1);
}

static GSocket *
connect_peer (guint16 port)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);
  g_autoptr(GSocket) peer = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, 0, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_socket_connect (peer, address, NULL, &error));
  g_assert_no_error (error);

  return g_steal_pointer (&peer);
}

/* A class's clients all leave at once: the server's recv() → 0 and
 * close() for each are spread over as many turns, one a turn. */
static void
test_peers_leaving (void)
{
  g_autoptr(SpEndpoint) server = sp_test_start_endpoint (SP_ENDPOINT_KIND_TCP_SERVER, "127.0.0.1", 0);
  g_autoptr(GPtrArray) peers = g_ptr_array_new_with_free_func (g_object_unref);
  SpTestCount all = { server, N_PEERS };
  guint ended = 0, turns = 0, most_in_a_turn = 0;
  gint64 deadline;

  for (guint i = 0; i < N_PEERS; i++)
    g_ptr_array_add (peers, connect_peer (sp_endpoint_get_bound_port (server)));
  sp_test_wait_until (sp_test_has_n_connections, &all, 0, "every peer accepted");

  sp_io_budget_set_limit (0);
  /* On loopback the FIN is queued at the server's socket by close() itself:
   * every one of them is readable before the next turn. */
  for (guint i = 0; i < N_PEERS; i++)
    g_assert_true (g_socket_close (peers->pdata[i], NULL));

  deadline = g_get_monotonic_time () + SP_TEST_TIMEOUT_MS * 1000;
  while (ended < N_PEERS)
    {
      guint now;

      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
      turns++;
      now = sp_test_count_kind (server, SP_EVENT_KIND_PEER_CLOSED);
      most_in_a_turn = MAX (most_in_a_turn, now - ended);
      ended = now;
    }
  sp_io_budget_set_limit (-1);

  g_test_message ("%u peers left over %u turns", N_PEERS, turns);
  g_assert_cmpuint (most_in_a_turn, ==, 1);
  g_assert_cmpuint (turns, >=, N_PEERS);

  /* And each was closed in its turn, not dropped. */
  sp_test_wait_until (sp_test_has_n_connections, &(SpTestCount) { server, 0 }, 0, "every connection closed");
}

/* Datagrams waiting at several UDP servers: one server's recvfrom()s a
 * turn, and every datagram is still read. */
static void
test_udp (void)
{
  SpEndpoint *servers[4];
  g_autoptr(GSocket) sender = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM, 0, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  guint received = 0, most_in_a_turn = 0;
  gint64 deadline;

  for (guint i = 0; i < G_N_ELEMENTS (servers); i++)
    servers[i] = sp_test_start_endpoint (SP_ENDPOINT_KIND_UDP_SERVER, "127.0.0.1", 0);

  sp_io_budget_set_limit (0);
  for (guint i = 0; i < G_N_ELEMENTS (servers); i++)
    {
      g_autoptr(GSocketAddress) to = g_inet_socket_address_new (loopback, sp_endpoint_get_bound_port (servers[i]));
      g_autoptr(GError) error = NULL;

      g_assert_cmpint (g_socket_send_to (sender, to, "hi", 2, NULL, &error), ==, 2);
      g_assert_no_error (error);
    }

  deadline = g_get_monotonic_time () + SP_TEST_TIMEOUT_MS * 1000;
  while (received < G_N_ELEMENTS (servers))
    {
      guint now = 0;

      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
      for (guint i = 0; i < G_N_ELEMENTS (servers); i++)
        now += sp_test_count_kind (servers[i], SP_EVENT_KIND_RECEIVED);
      most_in_a_turn = MAX (most_in_a_turn, now - received);
      received = now;
    }
  sp_io_budget_set_limit (-1);

  g_assert_cmpuint (most_in_a_turn, ==, 1);
  for (guint i = 0; i < G_N_ELEMENTS (servers); i++)
    {
      sp_endpoint_stop (servers[i]);
      g_object_unref (servers[i]);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/io-budget/turn", test_turn);
  g_test_add_func ("/io-budget/peers-leaving", test_peers_leaving);
  g_test_add_func ("/io-budget/udp", test_udp);

  return g_test_run ();
}
