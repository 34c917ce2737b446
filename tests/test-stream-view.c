/* test-stream-view.c: the Stream tab of a relay between two plain peer
 * processes shows each direction's boundaries: the relay's recv() calls on
 * one side and its send() calls on the other, and a UDP relay's datagrams
 * (under Xvfb)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sp-stream-view.h"
#include "sp-test-peer.h"
#include "sp-test-ui.h"

/* Events of @kind on connection @id. */
static guint
count_on (SpEndpoint  *endpoint,
          SpEventKind  kind,
          guint        id)
{
  GListModel *events = G_LIST_MODEL (sp_endpoint_get_events (endpoint));
  guint count = 0;

  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(SpEvent) event = g_list_model_get_item (events, i);

      count += sp_event_get_kind (event) == kind && sp_event_get_connection_id (event) == id;
    }

  return count;
}

/* The legend of @connection's stream, one direction. */
static char *
summary_of (SpStreamView *view,
            SpConnection *connection,
            gboolean      outgoing)
{
  sp_stream_view_set_connection (view, connection, outgoing);
  return sp_stream_view_dup_summary (view);
}

/* @relay's connection to its client (a new reference); its partner is the
 * one to the server. */
static SpConnection *
dup_client_side (SpEndpoint *relay)
{
  g_autoptr(GPtrArray) pair = sp_endpoint_dup_all_connections (relay);

  g_assert_cmpuint (pair->len, ==, 2);
  return g_object_ref (pair->pdata[sp_connection_get_relay_side (pair->pdata[0]) == SP_RELAY_SIDE_CLIENT ? 0 : 1]);
}

/* Client → server is @c2s and server → client @s2c, whichever side's
 * event is picked: a recv() on the client side and a send() on the server
 * side show the same direction, as do the other two. */
static void
assert_directions (SpStreamView *view,
                   SpConnection *client_side,
                   SpConnection *server_side,
                   const char   *c2s,
                   const char   *s2c)
{
  g_autofree char *received_from_client = summary_of (view, client_side, FALSE);
  g_autofree char *sent_to_server = summary_of (view, server_side, TRUE);
  g_autofree char *received_from_server = summary_of (view, server_side, FALSE);
  g_autofree char *sent_to_client = summary_of (view, client_side, TRUE);

  g_assert_true (g_str_has_prefix (received_from_client, c2s));
  g_assert_true (g_str_has_prefix (sent_to_server, c2s));
  g_assert_true (g_str_has_prefix (received_from_server, s2c));
  g_assert_true (g_str_has_prefix (sent_to_client, s2c));
}

/* A relay (read size 100) between an echo server and a client sending 3000
 * bytes: client → server is the relay's recv()s from the client and its
 * send()s to the server, whichever side's event is picked; server → client
 * the other way round. */
static void
test_relay_directions (void)
{
  g_autoptr(SpEndpoint) relay = sp_endpoint_new (SP_ENDPOINT_KIND_TCP_RELAY);
  GtkWidget *window = gtk_window_new ();
  SpStreamView *view = SP_STREAM_VIEW (sp_stream_view_new ());
  g_autoptr(SpConnection) client_side = NULL;
  g_autofree char *c2s = NULL;
  g_autofree char *s2c = NULL;
  SpConnection *server_side;
  guint c, s;

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_present (GTK_WINDOW (window));
  sp_endpoint_set_read_size (relay, 100);
  sp_test_relay_echo (relay, 1, 3000);

  client_side = dup_client_side (relay);
  server_side = sp_connection_get_relay_partner (client_side);
  g_assert_nonnull (server_side);
  c = sp_connection_get_id (client_side);
  s = sp_connection_get_id (server_side);
  /* A read size of 100 for 3000 bytes: many calls each way. */
  g_assert_cmpuint (count_on (relay, SP_EVENT_KIND_RECEIVED, c), >=, 30);

  c2s = g_strdup_printf ("Client → server through the relay: %u × recv() from the client on #%u, "
                         "passed on as %u × send() to the server on #%u.",
                         count_on (relay, SP_EVENT_KIND_RECEIVED, c), c, count_on (relay, SP_EVENT_KIND_SENT, s), s);
  s2c = g_strdup_printf ("Server → client through the relay: %u × recv() from the server on #%u, "
                         "passed on as %u × send() to the client on #%u.",
                         count_on (relay, SP_EVENT_KIND_RECEIVED, s), s,
                         count_on (relay, SP_EVENT_KIND_SENT, c), c);

  assert_directions (view, client_side, server_side, c2s, s2c);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A UDP relay between a plain client and server peer process (two
 * datagrams at once each way, 8 to 9000 bytes each): each direction is its
 * datagrams, one recvfrom() (or recv()) and one send() (or sendto()) each,
 * their boundaries the same on both sides. */
static void
test_relay_udp_directions (void)
{
  g_autoptr(SpEndpoint) relay = sp_endpoint_new (SP_ENDPOINT_KIND_UDP_RELAY);
  g_autoptr(GSocket) target = NULL;
  g_autoptr(SpConnection) client_side = NULL;
  g_autofree char *relay_port = NULL;
  g_autofree char *c2s = NULL;
  g_autofree char *s2c = NULL;
  g_auto(GStrv) server_lines = NULL;
  g_auto(GStrv) client_lines = NULL;
  GtkWidget *window = gtk_window_new ();
  SpStreamView *view = SP_STREAM_VIEW (sp_stream_view_new ());
  SpConnection *server_side;
  SpTestPeer *server, *client;
  const SpStreamChunk *in, *out;
  guint n_in, n_out, c, s, target_port;

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_present (GTK_WINDOW (window));
  target = sp_test_plain_bound (G_SOCKET_TYPE_DATAGRAM, &target_port);

  sp_endpoint_set_host (relay, "127.0.0.1");
  sp_endpoint_set_port (relay, 0);
  sp_endpoint_set_target_host (relay, "127.0.0.1");
  sp_endpoint_set_target_port (relay, target_port);
  sp_endpoint_set_read_size (relay, 65536);
  sp_endpoint_start (relay);
  sp_test_wait_until (sp_test_is_running, relay, 0, "the relay listens");
  relay_port = g_strdup_printf ("%u", sp_endpoint_get_bound_port (relay));
  server = sp_test_peer_spawn ("sp-udp-relay-peer", g_socket_get_fd (target), (const char *[]) { "server", "20", NULL });
  client = sp_test_peer_spawn ("sp-udp-relay-peer", -1, (const char *[]) { "client", relay_port, "1", "20", NULL });
  client_lines = sp_test_peer_finish (client, "the client peer", "client ");
  server_lines = sp_test_peer_finish (server, "the server peer", "server ");

  client_side = dup_client_side (relay);
  server_side = sp_connection_get_relay_partner (client_side);
  g_assert_nonnull (server_side);
  c = sp_connection_get_id (client_side);
  s = sp_connection_get_id (server_side);

  /* Each datagram whole: the same boundaries where it came in and where
   * it went out. */
  in = sp_connection_get_recv_chunks (client_side, &n_in);
  out = sp_connection_get_send_chunks (server_side, &n_out);
  g_assert_cmpuint (n_in, ==, 20);
  g_assert_cmpuint (n_out, ==, 20);
  for (guint i = 0; i < n_in; i++)
    {
      g_assert_cmpuint (in[i].offset, ==, out[i].offset);
      g_assert_cmpuint (in[i].len, ==, out[i].len);
    }
  in = sp_connection_get_recv_chunks (server_side, &n_in);
  out = sp_connection_get_send_chunks (client_side, &n_out);
  g_assert_cmpuint (n_in, ==, 20);
  g_assert_cmpuint (n_out, ==, 20);
  for (guint i = 0; i < n_in; i++)
    g_assert_cmpuint (in[i].len, ==, out[i].len);

  c2s = g_strdup_printf ("Client → server through the relay: 20 × recvfrom() from the client on #%u, "
                         "passed on as 20 × send() to the server on #%u.", c, s);
  s2c = g_strdup_printf ("Server → client through the relay: 20 × recv() from the server on #%u, "
                         "passed on as 20 × sendto() to the client on #%u.", s, c);
  assert_directions (view, client_side, server_side, c2s, s2c);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  sp_test_ui_init (&argc, &argv);

  g_test_add_func ("/stream-view/relay-directions", test_relay_directions);
  g_test_add_func ("/stream-view/relay-udp-directions", test_relay_udp_directions);

  return g_test_run ();
}
