/* test-relay-lanes.c: the parties and arrows a relay's events draw in the
 * sequence diagram, when its client and server are outside programs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sp-relay-lanes.h"

#define CLIENT "127.0.0.1:53422"
#define SERVER "127.0.0.1:8082"

typedef struct {
  gboolean drawn;
  guint    party;
  gboolean to_party;
  gboolean dashed;
  char    *label;
} Drawn;

static void
drawn_clear (Drawn *drawn)
{
  g_clear_pointer (&drawn->label, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Drawn, drawn_clear)

/* Adds a step; what it draws in @drawn. */
static void
add (SpRelayLanes *lanes,
     SpRelayStep   step,
     Drawn        *drawn)
{
  SpRelayArrow arrow = { 0 };

  drawn_clear (drawn);
  drawn->drawn = sp_relay_lanes_add (lanes, &step, &arrow);
  drawn->party = arrow.party;
  drawn->to_party = arrow.to_party;
  drawn->dashed = arrow.dashed;
  drawn->label = arrow.label;
  if (!drawn->drawn)
    g_assert_null (arrow.label);
}

static void
assert_arrow (const Drawn *drawn,
              guint        party,
              gboolean     to_party,
              gboolean     dashed,
              const char  *label)
{
  g_assert_true (drawn->drawn);
  g_assert_cmpuint (drawn->party, ==, party);
  g_assert_cmpint (drawn->to_party, ==, to_party);
  g_assert_cmpint (drawn->dashed, ==, dashed);
  g_assert_cmpstr (drawn->label, ==, label);
}

static void
assert_title (SpRelayLanes *lanes,
              guint         party,
              const char   *title)
{
  g_autofree char *text = sp_relay_lanes_dup_party_title (lanes, party);

  g_assert_cmpstr (text, ==, title);
}

/* One pair from accept() to close: the client left, the server right, each
 * call an arrow on its own side, the FIN passed on drawn towards the server
 * and the server's towards the client. */
static void
test_one_pair (void)
{
  g_autoptr(SpRelayLanes) lanes = sp_relay_lanes_new ();
  g_auto(Drawn) d = { 0 };

  /* listen(): the relay's own, no party. */
  add (lanes, (SpRelayStep) { .kind = SP_EVENT_KIND_LISTENING }, &d);
  g_assert_false (d.drawn);
  g_assert_cmpuint (sp_relay_lanes_get_n_parties (lanes), ==, 0);

  add (lanes, (SpRelayStep) { .kind = SP_EVENT_KIND_ACCEPTED, .connection_id = 1, .peer = CLIENT }, &d);
  assert_arrow (&d, 0, FALSE, FALSE, "#1 connect() → accept()");
  /* "connect() to … for connection #1…": a note, no arrow. */
  add (lanes, (SpRelayStep) { .kind = SP_EVENT_KIND_INFO, .connection_id = 1, .peer = CLIENT }, &d);
  g_assert_false (d.drawn);
  add (lanes, (SpRelayStep) { .kind = SP_EVENT_KIND_CONNECTED, .connection_id = 2, .peer = SERVER }, &d);
  assert_arrow (&d, 1, TRUE, FALSE, "#2 connect()");

  g_assert_cmpuint (sp_relay_lanes_get_n_parties (lanes), ==, 2);
  g_assert_cmpint (sp_relay_lanes_get_party_side (lanes, 0), ==, SP_RELAY_SIDE_CLIENT);
  g_assert_cmpint (sp_relay_lanes_get_party_side (lanes, 1), ==, SP_RELAY_SIDE_SERVER);
  assert_title (lanes, 0, "Client " CLIENT);
  assert_title (lanes, 1, "Server " SERVER);

  /* The side comes from the connection once it is known (side given). */
  add (lanes, (SpRelayStep) { .kind = SP_EVENT_KIND_RECEIVED, .connection_id = 1, .side = SP_RELAY_SIDE_CLIENT,
                              .peer = CLIENT, .n_bytes = 5, .preview = "hello" }, &d);
  assert_arrow (&d, 0, FALSE, FALSE, "#1 recv 5 B “hello”");
  add (lanes, (SpRelayStep) { .kind = SP_EVENT_KIND_SENT, .connection_id = 2, .side = SP_RELAY_SIDE_SERVER,
                              .peer = SERVER, .n_bytes = 3, .preview = "hel" }, &d);
  assert_arrow (&d, 1, TRUE, FALSE, "#2 send 3 B “hel”");
  /* …or, once the connection is gone, from its accept() or connect(). */
  add (lanes, (SpRelayStep) { .kind = SP_EVENT_KIND_SENT, .connection_id = 2, .peer = SERVER,
                              .n_bytes = 2, .preview = "lo" }, &d);
  assert_arrow (&d, 1, TRUE, FALSE, "#2 send 2 B “lo”");
  add (lanes, (SpRelayStep) { .kind = SP_EVENT_KIND_RECEIVED, .connection_id = 2, .peer = SERVER,
                              .n_bytes = 5, .preview = NULL }, &d);
  assert_arrow (&d, 1, FALSE, FALSE, "#2 recv 5 B “”");
  add (lanes, (SpRelayStep) { .kind = SP_EVENT_KIND_SENT, .connection_id = 1, .peer = CLIENT,
                              .n_bytes = 5, .preview = "HELLO" }, &d);
  assert_arrow (&d, 0, TRUE, FALSE, "#1 send 5 B “HELLO”");

  /* The client's FIN, passed on to the server as shutdown(SHUT_WR)… */
  add (lanes, (SpRelayStep) { .kind = SP_EVENT_KIND_PEER_CLOSED, .connection_id = 1, .peer = CLIENT }, &d);
  assert_arrow (&d, 0, FALSE, TRUE, "#1 recv → 0 (FIN)");
  add (lanes, (SpRelayStep) { .kind = SP_EVENT_KIND_INFO, .flags = SP_EVENT_FLAG_SHUTDOWN,
                              .connection_id = 2, .peer = SERVER }, &d);
  assert_arrow (&d, 1, TRUE, TRUE, "#2 shutdown(SHUT_WR) → FIN");
  /* …and the server's, to the client. */
  add (lanes, (SpRelayStep) { .kind = SP_EVENT_KIND_PEER_CLOSED, .connection_id = 2, .peer = SERVER }, &d);
  assert_arrow (&d, 1, FALSE, TRUE, "#2 recv → 0 (FIN)");
  add (lanes, (SpRelayStep) { .kind = SP_EVENT_KIND_INFO, .flags = SP_EVENT_FLAG_SHUTDOWN,
                              .connection_id = 1, .peer = CLIENT }, &d);
  assert_arrow (&d, 0, TRUE, TRUE, "#1 shutdown(SHUT_WR) → FIN");
  add (lanes, (SpRelayStep) { .kind = SP_EVENT_KIND_CLOSED, .connection_id = 1, .peer = CLIENT }, &d);
  assert_arrow (&d, 0, TRUE, TRUE, "#1 close()");
  add (lanes, (SpRelayStep) { .kind = SP_EVENT_KIND_CLOSED, .connection_id = 2, .peer = SERVER }, &d);
  assert_arrow (&d, 1, TRUE, TRUE, "#2 close()");

  /* Still one client and one server. */
  g_assert_cmpuint (sp_relay_lanes_get_n_parties (lanes), ==, 2);
}

/* A reset from the server: ECONNRESET there, RST passed on to the client. */
static void
test_reset (void)
{
  g_autoptr(SpRelayLanes) lanes = sp_relay_lanes_new ();
  g_auto(Drawn) d = { 0 };

  add (lanes, (SpRelayStep) { .kind = SP_EVENT_KIND_ACCEPTED, .connection_id = 3, .peer = CLIENT }, &d);
  add (lanes, (SpRelayStep) { .kind = SP_EVENT_KIND_CONNECTED, .connection_id = 4, .peer = SERVER }, &d);
  /* The client resets: a client side with its pair. */
  add (lanes, (SpRelayStep) { .kind = SP_EVENT_KIND_ERROR, .connection_id = 3, .side = SP_RELAY_SIDE_CLIENT,
                              .partner_id = 4, .peer = CLIENT, .errno_name = "ECONNRESET" }, &d);
  assert_arrow (&d, 0, FALSE, TRUE, "#3 RST → ⚠ ECONNRESET");

  add (lanes, (SpRelayStep) { .kind = SP_EVENT_KIND_ERROR, .connection_id = 4, .peer = SERVER,
                              .errno_name = "ECONNRESET" }, &d);
  assert_arrow (&d, 1, FALSE, TRUE, "#4 RST → ⚠ ECONNRESET");
  add (lanes, (SpRelayStep) { .kind = SP_EVENT_KIND_CLOSED, .connection_id = 4, .peer = SERVER }, &d);
  assert_arrow (&d, 1, TRUE, TRUE, "#4 close()");
  add (lanes, (SpRelayStep) { .kind = SP_EVENT_KIND_CLOSED, .flags = SP_EVENT_FLAG_RESET,
                              .connection_id = 3, .peer = CLIENT }, &d);
  assert_arrow (&d, 0, TRUE, TRUE, "#3 close() → RST");

  /* Other errors are the relay's own: a mark on its lifeline, no arrow. */
  add (lanes, (SpRelayStep) { .kind = SP_EVENT_KIND_ERROR, .connection_id = 3, .peer = CLIENT,
                              .errno_name = "EPIPE" }, &d);
  g_assert_false (d.drawn);
  add (lanes, (SpRelayStep) { .kind = SP_EVENT_KIND_ERROR, .connection_id = 0, .errno_name = "EADDRINUSE" }, &d);
  g_assert_false (d.drawn);
  /* The relay's connect() to the target reset before it was through: the
   * client did nothing, so no arrow from it. */
  add (lanes, (SpRelayStep) { .kind = SP_EVENT_KIND_ACCEPTED, .connection_id = 5, .peer = CLIENT }, &d);
  add (lanes, (SpRelayStep) { .kind = SP_EVENT_KIND_ERROR, .connection_id = 5, .peer = CLIENT,
                              .errno_name = "ECONNRESET" }, &d);
  g_assert_false (d.drawn);
}

/* Where the program on a side is a pane of the diagram, the panes' arrow
 * is drawn instead: no party, no arrow. */
static void
test_peer_in_view (void)
{
  g_autoptr(SpRelayLanes) lanes = sp_relay_lanes_new ();
  g_auto(Drawn) d = { 0 };

  add (lanes, (SpRelayStep) { .kind = SP_EVENT_KIND_ACCEPTED, .connection_id = 1, .peer = CLIENT,
                              .peer_in_view = TRUE }, &d);
  g_assert_false (d.drawn);
  add (lanes, (SpRelayStep) { .kind = SP_EVENT_KIND_CONNECTED, .connection_id = 2, .peer = SERVER }, &d);
  assert_arrow (&d, 0, TRUE, FALSE, "#2 connect()");
  add (lanes, (SpRelayStep) { .kind = SP_EVENT_KIND_RECEIVED, .connection_id = 1, .peer = CLIENT,
                              .n_bytes = 1, .preview = "x", .peer_in_view = TRUE }, &d);
  g_assert_false (d.drawn);

  g_assert_cmpuint (sp_relay_lanes_get_n_parties (lanes), ==, 1);
  assert_title (lanes, 0, "Server " SERVER);
}

/* Many connections at once: each client its own lifeline (the first few),
 * its arrows numbered by its connection; every server connection to the
 * same target on one lifeline, another target on another. */
static void
test_many (void)
{
  g_autoptr(SpRelayLanes) lanes = sp_relay_lanes_new ();
  g_auto(Drawn) d = { 0 };
  guint n = SP_RELAY_LANES_MAX_CLIENTS + 2;
  guint server_party = G_MAXUINT;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *client = g_strdup_printf ("127.0.0.1:%u", 50000 + i);
      guint c = 2 * i + 1;
      g_autofree char *label = g_strdup_printf ("#%u recv 1 B “x”", c);

      add (lanes, (SpRelayStep) { .kind = SP_EVENT_KIND_ACCEPTED, .connection_id = c, .peer = client }, &d);
      add (lanes, (SpRelayStep) { .kind = SP_EVENT_KIND_CONNECTED, .connection_id = c + 1, .peer = SERVER }, &d);
      if (server_party == G_MAXUINT)
        server_party = d.party;
      g_assert_cmpuint (d.party, ==, server_party);

      add (lanes, (SpRelayStep) { .kind = SP_EVENT_KIND_RECEIVED, .connection_id = c, .peer = client,
                                  .n_bytes = 1, .preview = "x" }, &d);
      /* One lifeline per client, the server's after the first. */
      assert_arrow (&d, i < SP_RELAY_LANES_MAX_CLIENTS ? (i == 0 ? 0 : i + 1) : SP_RELAY_LANES_MAX_CLIENTS + 1,
                    FALSE, FALSE, label);
    }

  g_assert_cmpuint (sp_relay_lanes_get_n_parties (lanes), ==, SP_RELAY_LANES_MAX_CLIENTS + 2);
  assert_title (lanes, 2, "Client 127.0.0.1:50001");
  assert_title (lanes, SP_RELAY_LANES_MAX_CLIENTS + 1, "2 more clients");

  /* The target changed between two starts: another server. */
  add (lanes, (SpRelayStep) { .kind = SP_EVENT_KIND_CONNECTED, .connection_id = 100, .peer = "[::1]:9000" }, &d);
  assert_arrow (&d, SP_RELAY_LANES_MAX_CLIENTS + 2, TRUE, FALSE, "#100 connect()");
  assert_title (lanes, SP_RELAY_LANES_MAX_CLIENTS + 2, "Server [::1]:9000");
}

#define CLIENT2 "127.0.0.1:53500"

/* A UDP relay: each client by its address, the target right; an arrow per
 * recvfrom()/sendto() and per upstream send()/recv(), each with its
 * mapping's number (the client side's connection) and byte count. The
 * mapping's connect() sends nothing and draws nothing; its expiry and an
 * ECONNREFUSED are drawn on the server's lifeline. */
static void
test_udp (void)
{
  g_autoptr(SpRelayLanes) lanes = sp_relay_lanes_new ();
  g_auto(Drawn) d = { 0 };

  /* The client's first datagram, before its mapping exists. */
  add (lanes, (SpRelayStep) { .kind = SP_EVENT_KIND_RECEIVED, .connection_id = 1, .side = SP_RELAY_SIDE_CLIENT,
                              .peer = CLIENT, .n_bytes = 5, .preview = "hello", .datagram = TRUE }, &d);
  assert_arrow (&d, 0, FALSE, FALSE, "#1 recvfrom 5 B “hello”");
  /* "New mapping…": connect() on a UDP socket sends nothing. */
  add (lanes, (SpRelayStep) { .kind = SP_EVENT_KIND_CONNECTED, .connection_id = 2, .side = SP_RELAY_SIDE_SERVER,
                              .partner_id = 1, .peer = SERVER, .datagram = TRUE }, &d);
  g_assert_false (d.drawn);
  add (lanes, (SpRelayStep) { .kind = SP_EVENT_KIND_SENT, .connection_id = 2, .side = SP_RELAY_SIDE_SERVER,
                              .partner_id = 1, .peer = SERVER, .n_bytes = 5, .preview = "hello", .datagram = TRUE }, &d);
  assert_arrow (&d, 1, TRUE, FALSE, "#1 send 5 B “hello”");
  /* Once the connections are gone, the side and the mapping as met before. */
  add (lanes, (SpRelayStep) { .kind = SP_EVENT_KIND_RECEIVED, .connection_id = 2, .peer = SERVER,
                              .n_bytes = 2, .preview = "ok", .datagram = TRUE }, &d);
  assert_arrow (&d, 1, FALSE, FALSE, "#1 recv 2 B “ok”");
  add (lanes, (SpRelayStep) { .kind = SP_EVENT_KIND_SENT, .connection_id = 1, .peer = CLIENT,
                              .n_bytes = 2, .preview = "ok", .datagram = TRUE }, &d);
  assert_arrow (&d, 0, TRUE, FALSE, "#1 sendto 2 B “ok”");
  /* A datagram the relay did not pass on: a note, no arrow. */
  add (lanes, (SpRelayStep) { .kind = SP_EVENT_KIND_ERROR, .connection_id = 1, .peer = CLIENT, .datagram = TRUE }, &d);
  g_assert_false (d.drawn);

  /* A second client, whose mapping is rebuilt without its connections
   * (partner unknown): the client of the recvfrom() just before. */
  add (lanes, (SpRelayStep) { .kind = SP_EVENT_KIND_RECEIVED, .connection_id = 3, .peer = CLIENT2,
                              .n_bytes = 1, .preview = "x", .datagram = TRUE }, &d);
  assert_arrow (&d, 2, FALSE, FALSE, "#3 recvfrom 1 B “x”");
  add (lanes, (SpRelayStep) { .kind = SP_EVENT_KIND_CONNECTED, .connection_id = 4, .peer = SERVER,
                              .datagram = TRUE }, &d);
  g_assert_false (d.drawn);
  add (lanes, (SpRelayStep) { .kind = SP_EVENT_KIND_SENT, .connection_id = 4, .peer = SERVER,
                              .n_bytes = 1, .preview = "x", .datagram = TRUE }, &d);
  assert_arrow (&d, 1, TRUE, FALSE, "#3 send 1 B “x”");
  /* The target's port is closed: ICMP back, ECONNREFUSED on recv(). */
  add (lanes, (SpRelayStep) { .kind = SP_EVENT_KIND_ERROR, .connection_id = 4, .peer = SERVER,
                              .errno_name = "ECONNREFUSED", .datagram = TRUE }, &d);
  assert_arrow (&d, 1, FALSE, TRUE, "#3 ICMP port unreachable → ⚠ ECONNREFUSED");

  /* The first mapping expires: close() on its upstream socket, on the
   * server's lifeline; its client is only forgotten. */
  add (lanes, (SpRelayStep) { .kind = SP_EVENT_KIND_CLOSED, .connection_id = 2, .peer = SERVER, .datagram = TRUE }, &d);
  assert_arrow (&d, 1, TRUE, TRUE, "#1 mapping expired: close(), nothing sent");
  add (lanes, (SpRelayStep) { .kind = SP_EVENT_KIND_CLOSED, .connection_id = 1, .peer = CLIENT, .datagram = TRUE }, &d);
  g_assert_false (d.drawn);

  g_assert_cmpuint (sp_relay_lanes_get_n_parties (lanes), ==, 3);
  g_assert_cmpint (sp_relay_lanes_get_party_side (lanes, 0), ==, SP_RELAY_SIDE_CLIENT);
  g_assert_cmpint (sp_relay_lanes_get_party_side (lanes, 1), ==, SP_RELAY_SIDE_SERVER);
  g_assert_cmpint (sp_relay_lanes_get_party_side (lanes, 2), ==, SP_RELAY_SIDE_CLIENT);
  assert_title (lanes, 0, "Client " CLIENT);
  assert_title (lanes, 1, "Server " SERVER);
  assert_title (lanes, 2, "Client " CLIENT2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/relay-lanes/one-pair", test_one_pair);
  g_test_add_func ("/relay-lanes/reset", test_reset);
  g_test_add_func ("/relay-lanes/peer-in-view", test_peer_in_view);
  g_test_add_func ("/relay-lanes/many", test_many);
  g_test_add_func ("/relay-lanes/udp", test_udp);

  return g_test_run ();
}
