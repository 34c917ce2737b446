/* test-endpoint-replies.c: a server's reply rules on real loopback sockets
 * with a plain peer — a rule answers (TCP and UDP), 黏包 makes "equals"
 * miss without framing and hit with it, delays wait and are cancelled with
 * their connection, and the loop cap stops a loop without freezing the
 * main loop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sp-test-util.h"

#include <string.h>

#include "sp-endpoint.h"
#include "sp-test-host.h"

/* A plain socket connected to @server: TCP (non-blocking once connected)
 * or UDP. */
static GSocket *
plain_peer (SpEndpoint *server,
            GSocketType type)
{
  return sp_test_plain_connect (type, sp_endpoint_get_bound_port (server));
}

static void
peer_send (GSocket    *peer,
           const char *data,
           gsize       len)
{
  g_assert_cmpint (g_socket_send (peer, data, len, NULL, NULL), ==, (gssize) len);
}

static void
add_rule (SpEndpoint *server,
          const char *line)
{
  g_autoptr(SpReplyRule) rule = sp_reply_rule_parse (line, NULL);

  g_assert_nonnull (rule);
  g_assert_true (sp_reply_rules_add (sp_endpoint_get_reply_rules (server), rule, NULL));
}

/* Waits until @peer has read exactly @expected (nothing more so far). */
static void
assert_peer_gets (GSocket    *peer,
                  const char *expected,
                  gsize       len)
{
  g_autoptr(GByteArray) received = g_byte_array_new ();
  SpTestDrain drain = { peer, received, len, FALSE };

  sp_test_wait_until (sp_test_drain_some, &drain, 0, "the peer got the reply");
  g_assert_cmpmem (received->data, received->len, expected, len);
}

static void
assert_peer_got_nothing (GSocket *peer)
{
  char buffer[16];
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_socket_receive (peer, buffer, sizeof buffer, NULL, &error), ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK);
}

static SpEndpoint *
accepted_server (GSocket   **peer)
{
  SpEndpoint *server = sp_test_start_endpoint (SP_ENDPOINT_KIND_TCP_SERVER, "127.0.0.1", 0);
  SpTestCount one = { server, 1 };

  *peer = plain_peer (server, G_SOCKET_TYPE_STREAM);
  sp_test_wait_until (sp_test_has_connections, &one, 0, "accepted");
  return server;
}

static void
test_tcp_rule_answers (void)
{
  g_autoptr(GSocket) peer = NULL;
  g_autoptr(SpEndpoint) server = accepted_server (&peer);
  SpTestBytes got = { server, 8 };
  SpEvent *sent;

  add_rule (server, "contains nothing reply never");
  add_rule (server, "equals hello reply world");
  add_rule (server, "contains hell reply 'second rule'");

  peer_send (peer, "hello", 5);
  assert_peer_gets (peer, "world", 5);
  /* One real send, a row like any other, read as the text it was typed. */
  sent = sp_test_last_of_kind (server, SP_EVENT_KIND_SENT);
  g_assert_nonnull (sent);
  g_assert_cmpuint (sp_event_get_n_bytes (sent), ==, 5);
  g_assert_cmpint (sp_event_get_text_encoding (sent, SP_TEXT_ENCODING_LATIN1), ==, SP_TEXT_ENCODING_UTF8);
  g_assert_cmpuint (sp_test_count_kind (server, SP_EVENT_KIND_SENT), ==, 1);

  /* Hex on both sides. */
  add_rule (server, "starts-with hex 'AA 01' reply hex '06'");
  peer_send (peer, "\xaa\x01\x02", 3);
  sp_test_wait_until (sp_test_has_received, &got, 0, "8 bytes received");
  assert_peer_gets (peer, "\x06", 1);
}

/* 黏包: two sends that arrive in one recv() are "hellohello", which
 * "equals hello" does not match; with framing on they are two messages and
 * the rule answers each. */
static void
coalesce (SpEndpoint *server,
          GSocket    *peer,
          const char *data,
          gsize       len,
          guint       n_sends)
{
  SpTestBytes all = { server, len * n_sends };

  sp_endpoint_set_paused (server, TRUE);
  for (guint i = 0; i < n_sends; i++)
    peer_send (peer, data, len);
  /* Both sends wait in the kernel's receive queue... */
  {
    guint in_queue = 0, out_queue = 0;

    while (!sp_endpoint_get_kernel_queues (server, &in_queue, &out_queue) || in_queue < len * n_sends)
      g_main_context_iteration (NULL, FALSE);
  }
  /* ...so the first recv() after the pause takes them all. */
  sp_endpoint_set_paused (server, FALSE);
  sp_test_wait_until (sp_test_has_received, &all, 0, "all received");
}

static void
test_framing_off_misses_coalesced (void)
{
  g_autoptr(GSocket) peer = NULL;
  g_autoptr(SpEndpoint) server = accepted_server (&peer);

  add_rule (server, "equals hello reply world");
  coalesce (server, peer, "hello", 5, 2);

  g_assert_cmpuint (sp_test_count_kind (server, SP_EVENT_KIND_RECEIVED), ==, 1);
  g_assert_cmpuint (sp_test_count_kind (server, SP_EVENT_KIND_SENT), ==, 0);
  assert_peer_got_nothing (peer);

  /* One send on its own is answered. */
  peer_send (peer, "hello", 5);
  assert_peer_gets (peer, "world", 5);
}

static void
test_framing_on_answers_each (void)
{
  g_autoptr(GSocket) peer = NULL;
  g_autoptr(SpEndpoint) server = accepted_server (&peer);
  SpFramingConfig framing;
  static const char frame[] = "\x05\x00\x00\x00hello";

  sp_framing_config_init (&framing);
  sp_framing_config_preset (&framing, SP_FRAMING_PRESET_PYTHON_STRUCT_I);
  g_assert_true (sp_endpoint_set_framing (server, &framing, NULL));
  add_rule (server, "equals hello reply world");
  coalesce (server, peer, frame, 9, 2);

  g_assert_cmpuint (sp_test_count_kind (server, SP_EVENT_KIND_RECEIVED), ==, 1);
  g_assert_cmpuint (sp_test_count_kind (server, SP_EVENT_KIND_MESSAGE), ==, 2);
  /* Two replies, each framed like anything the pane sends. */
  assert_peer_gets (peer, "\x05\x00\x00\x00world\x05\x00\x00\x00world", 18);
  g_assert_cmpuint (sp_test_count_kind (server, SP_EVENT_KIND_SENT), ==, 2);
  g_assert_cmpuint (sp_event_get_header_len (sp_test_last_of_kind (server, SP_EVENT_KIND_SENT)), ==, 4);
}

static void
test_udp_rule_answers (void)
{
  g_autoptr(SpEndpoint) server = sp_test_start_endpoint (SP_ENDPOINT_KIND_UDP_SERVER, "127.0.0.1", 0);
  g_autoptr(GSocket) peer = plain_peer (server, G_SOCKET_TYPE_DATAGRAM);
  g_autoptr(GByteArray) received = g_byte_array_new ();
  SpTestDrain drain = { peer, received, 4, FALSE };

  add_rule (server, "equals ping reply pong");
  peer_send (peer, "ping", 4);
  sp_test_wait_until (sp_test_drain_some, &drain, 0, "pong");
  g_assert_cmpmem (received->data, received->len, "pong", 4);

  /* "equals" on a datagram: each datagram is one recvfrom(). */
  peer_send (peer, "pingping", 8);
  peer_send (peer, "ping", 4);
  g_byte_array_set_size (received, 0);
  sp_test_wait_until (sp_test_drain_some, &drain, 0, "pong again");
  g_assert_cmpmem (received->data, received->len, "pong", 4);
  g_assert_cmpuint (sp_test_count_kind (server, SP_EVENT_KIND_SENT), ==, 2);
}

static void
test_delay (void)
{
  g_autoptr(GSocket) peer = NULL;
  g_autoptr(SpEndpoint) server = accepted_server (&peer);
  gint64 start;

  add_rule (server, "equals hello reply world delay 200");
  start = g_get_monotonic_time ();
  peer_send (peer, "hello", 5);
  assert_peer_gets (peer, "world", 5);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 200 * 1000);
}

/* A reply waiting for its delay goes with its connection: nothing is sent
 * on it, or on anything else, and nothing crashes. */
static void
test_delay_cancelled (void)
{
  g_autoptr(GSocket) peer = NULL;
  g_autoptr(SpEndpoint) server = accepted_server (&peer);
  g_autoptr(SpConnection) accepted = g_list_model_get_item (sp_endpoint_get_connections (server), 0);
  SpTestBytes got = { server, 5 };

  add_rule (server, "equals hello reply world delay 150");
  peer_send (peer, "hello", 5);
  sp_test_wait_until (sp_test_has_received, &got, 0, "hello received");
  sp_endpoint_close_connection (server, accepted);
  /* Past the delay: the reply would have gone by now. */
  sp_test_settle (400);
  g_assert_cmpuint (sp_test_count_kind (server, SP_EVENT_KIND_SENT), ==, 0);

  /* The same for a stopped pane. */
  {
    g_autoptr(GSocket) peer2 = plain_peer (server, G_SOCKET_TYPE_STREAM);
    SpTestCount one = { server, 1 };
    SpTestBytes got2 = { server, 10 };

    sp_test_wait_until (sp_test_has_connections, &one, 0, "accepted again");
    peer_send (peer2, "hello", 5);
    sp_test_wait_until (sp_test_has_received, &got2, 0, "hello received again");
    sp_endpoint_stop (server);
    sp_test_settle (400);
    g_assert_cmpuint (sp_test_count_kind (server, SP_EVENT_KIND_SENT), ==, 0);
  }
}

/* The loop: a peer that echoes everything back, and a rule that answers
 * its own reply. */
typedef struct {
  GSocket *socket;
  gboolean echo;
} EchoPeer;

static gboolean
echo_readable_cb (GSocket      *socket,
                  GIOCondition  condition,
                  gpointer      data)
{
  EchoPeer *peer = data;
  char buffer[4096];
  gssize n;

  while ((n = g_socket_receive (socket, buffer, sizeof buffer, NULL, NULL)) > 0)
    if (peer->echo)
      g_assert_cmpint (g_socket_send (socket, buffer, n, NULL, NULL), ==, n);
  return G_SOURCE_CONTINUE;
}

typedef struct {
  gint64 last;
  gint64 max_gap;
  guint  ticks;
} Ticker;

static gboolean
tick_cb (gpointer data)
{
  Ticker *ticker = data;
  gint64 now = g_get_monotonic_time ();

  if (ticker->last != 0)
    ticker->max_gap = MAX (ticker->max_gap, now - ticker->last);
  ticker->last = now;
  ticker->ticks++;
  return G_SOURCE_CONTINUE;
}

static gboolean
ticked (gpointer data)
{
  return ((Ticker *) data)->ticks >= 3;
}

static gboolean
rules_paused (gpointer rules)
{
  return sp_reply_rules_get_paused (rules);
}

static void
test_loop_cap (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(SpEndpoint) server = accepted_server (&socket);
  SpReplyRules *rules = sp_endpoint_get_reply_rules (server);
  EchoPeer peer = { socket, TRUE };
  g_autoptr(GSource) source = g_socket_create_source (socket, G_IO_IN, NULL);
  Ticker ticker = { 0 };
  guint tick_id;
  SpEvent *error;
  SpTestBytes sent = { server, SP_REPLY_CAP_REPLIES * 4 };

  g_source_set_callback (source, G_SOURCE_FUNC (echo_readable_cb), &peer, NULL);
  g_source_attach (source, NULL);
  /* Input and redraws run at the default priority: they must keep running. */
  tick_id = g_timeout_add (5, tick_cb, &ticker);

  add_rule (server, "contains ping reply ping");
  peer_send (socket, "ping", 4);
  sp_test_wait_until (rules_paused, rules, 0, "the rules paused");

  error = sp_test_last_of_kind (server, SP_EVENT_KIND_ERROR);
  g_assert_nonnull (error);
  g_assert_cmpstr (sp_event_get_message (error), ==, "Reply rules paused: 100 replies in 1 s — a loop?");
  g_assert_cmpstr (sp_reply_rules_get_pause_message (rules), ==, sp_event_get_message (error));
  sp_test_wait_until (sp_test_has_sent, &sent, 0, "every allowed reply sent");
  /* The loop is over, not spinning: the main loop goes on ticking. */
  sp_test_wait_until (ticked, &ticker, 0, "the main loop ticks");
  g_assert_cmpint (ticker.max_gap, <, G_USEC_PER_SEC);

  /* Paused: the last echo is read, and not answered. */
  {
    SpTestBytes last = { server, (SP_REPLY_CAP_REPLIES + 1) * 4 };

    sp_test_wait_until (sp_test_has_received, &last, 0, "the last echo read");
    sp_test_settle (50);
    g_assert_cmpuint (sp_test_count_kind (server, SP_EVENT_KIND_SENT), <=, SP_REPLY_CAP_REPLIES);
  }

  /* Resumed (the peer no longer echoing): the rule answers again. */
  peer.echo = FALSE;
  sp_reply_rules_resume (rules);
  peer_send (socket, "ping", 4);
  sent.n += 4;
  sp_test_wait_until (sp_test_has_sent, &sent, 0, "answered after resume");
  g_assert_false (sp_reply_rules_get_paused (rules));

  g_source_remove (tick_id);
  g_source_destroy (source);
}

/* "Set it up for me" adds rules (and clears them), and says so. */
static void
test_setup_rule (void)
{
  static const char *commands[] = {
    "pane 1 tcp-server 127.0.0.1 0", "rule 1 clear", "rule 1 contains zzz reply never",
    "rule 1 equals hello reply 'hi there'", "start 1", NULL,
  };
  static const char *bad[] = {
    "rule 1", "rule 1 is hello reply x", "rule 1 equals hello", "rule 1 equals a reply b delay 99999",
  };
  static const char *on_client[] = { "pane 2 tcp-client 127.0.0.1 1", "rule 2 equals a reply b", NULL };
  SpTestHost host;
  g_auto(GStrv) said = NULL;
  g_auto(GStrv) client_said = NULL;
  g_autoptr(GError) run_error = NULL;
  SpEndpoint *server;
  g_autoptr(GSocket) peer = NULL;
  g_autofree char *changes = NULL;

  sp_test_setup_rejects (NULL, bad, G_N_ELEMENTS (bad), commands);

  sp_test_host_init (&host);
  g_assert_true (sp_test_host_run_changes (&host, commands, &said, &run_error));
  g_assert_no_error (run_error);
  server = sp_test_host_lookup (&host, 1);
  g_assert_cmpuint (sp_reply_rules_get_n_rules (sp_endpoint_get_reply_rules (server)), ==, 2);
  changes = g_strjoinv ("\n", said);
  g_assert_nonnull (strstr (changes, "Pane 1: Reply rules 1 → 2"));

  peer = plain_peer (server, G_SOCKET_TYPE_STREAM);
  peer_send (peer, "hello", 5);
  assert_peer_gets (peer, "hi there", 8);

  /* Only servers answer by rules. */
  g_assert_false (sp_test_host_run_changes (&host, on_client, &client_said, &run_error));
  g_assert_error (run_error, SP_SETUP_ERROR, SP_SETUP_ERROR_FAILED);

  sp_test_host_clear (&host);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/endpoint-replies/tcp", test_tcp_rule_answers);
  g_test_add_func ("/endpoint-replies/framing-off-misses-coalesced", test_framing_off_misses_coalesced);
  g_test_add_func ("/endpoint-replies/framing-on-answers-each", test_framing_on_answers_each);
  g_test_add_func ("/endpoint-replies/udp", test_udp_rule_answers);
  g_test_add_func ("/endpoint-replies/delay", test_delay);
  g_test_add_func ("/endpoint-replies/delay-cancelled", test_delay_cancelled);
  g_test_add_func ("/endpoint-replies/loop-cap", test_loop_cap);
  g_test_add_func ("/endpoint-replies/setup", test_setup_rule);

  return g_test_run ();
}
