/* test-relay-udp.c: the UDP relay between plain peers on loopback
 *
 * The peers are sp-udp-relay-peer processes (a plain socket and poll()) or
 * plain sockets of the test's own, never endpoints: the relay is what is
 * tested.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sp-test-util.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "sp-code-gen.h"
#include "sp-endpoint.h"
#include "sp-test-peer.h"

#define N_DATAGRAMS 2000
#define N_CLIENTS   4

/* A plain UDP socket on 127.0.0.1, port 0 (non-blocking). */
static GSocket *
plain_udp (guint *port)
{
  GSocket *socket = sp_test_plain_bound (G_SOCKET_TYPE_DATAGRAM, port);

  g_socket_set_blocking (socket, FALSE);
  return socket;
}

static SpEndpoint *
start_relay (guint target_port)
{
  SpEndpoint *relay = sp_endpoint_new (SP_ENDPOINT_KIND_UDP_RELAY);

  sp_endpoint_set_host (relay, "127.0.0.1");
  sp_endpoint_set_port (relay, 0);
  sp_endpoint_set_target_host (relay, "127.0.0.1");
  sp_endpoint_set_target_port (relay, target_port);
  /* Datagrams up to 9000 bytes pass whole. */
  sp_endpoint_set_read_size (relay, 65536);
  sp_endpoint_start (relay);
  sp_test_wait_until (sp_test_is_running, relay, 0, "the relay listens");

  return relay;
}

static void
send_to (GSocket    *socket,
         guint       port,
         const char *text)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) to = g_inet_socket_address_new (loopback, port);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_socket_send_to (socket, to, text, strlen (text), NULL, &error), ==, strlen (text));
  g_assert_no_error (error);
}

/* A plain socket's datagrams, each kept whole, with where they came from. */
typedef struct {
  GSocket   *socket;
  GPtrArray *datagrams;   /* GBytes */
  GPtrArray *senders;     /* GSocketAddress */
  guint      n;           /* done at this many */
} Datagrams;

static gboolean
has_datagrams (gpointer data)
{
  Datagrams *d = data;
  char buffer[65536];

  for (;;)
    {
      GSocketAddress *from = NULL;
      gssize n = g_socket_receive_from (d->socket, &from, buffer, sizeof buffer, NULL, NULL);

      if (n < 0)
        break;
      g_ptr_array_add (d->datagrams, g_bytes_new (buffer, n));
      g_ptr_array_add (d->senders, from);
    }

  return d->datagrams->len >= d->n;
}

static void
datagrams_init (Datagrams *d,
                GSocket   *socket)
{
  d->socket = socket;
  d->datagrams = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  d->senders = g_ptr_array_new_with_free_func (g_object_unref);
  d->n = 0;
}

static void
datagrams_clear (Datagrams *d)
{
  g_ptr_array_unref (d->datagrams);
  g_ptr_array_unref (d->senders);
}

static guint
sender_port (Datagrams *d,
             guint      i)
{
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (d->senders->pdata[i]));
}

static void
assert_datagram (Datagrams  *d,
                 guint       i,
                 const char *text)
{
  g_assert_cmpmem (g_bytes_get_data (d->datagrams->pdata[i], NULL), g_bytes_get_size (d->datagrams->pdata[i]),
                   text, strlen (text));
}

/* Where the first traced call starting with @prefix is (it must be there). */
static int
call_index (SpEndpoint *endpoint,
            const char *prefix)
{
  int i = sp_test_call_index (endpoint, prefix);

  if (i < 0)
    g_error ("no call %s", prefix);
  return i;
}

/* Events of @kind flowing client → server (or back): how many, how many bytes. */
static guint
count_events (SpEndpoint  *endpoint,
              SpEventKind  kind,
              gboolean     client_to_server,
              guint64     *bytes)
{
  GListModel *events = G_LIST_MODEL (sp_endpoint_get_events (endpoint));
  guint count = 0;

  *bytes = 0;
  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(SpEvent) event = g_list_model_get_item (events, i);

      if (sp_event_get_kind (event) == kind && sp_event_get_client_to_server (event) == client_to_server)
        {
          count++;
          *bytes += sp_event_get_n_bytes (event);
        }
    }

  return count;
}

typedef struct {
  guint64 n_sent;
  char    sent[65];
  guint64 n_recv;
  char    recv[65];
  guint   peers;
} Line;

static void
parse_client (const char *line,
              Line       *c)
{
  g_assert_cmpint (sscanf (line, "client sent %" G_GUINT64_FORMAT " %64s recv %" G_GUINT64_FORMAT " %64s",
                           &c->n_sent, c->sent, &c->n_recv, c->recv), ==, 4);
}

static void
parse_server (const char *line,
              Line       *c)
{
  /* The server's "recv" is what the clients sent. */
  g_assert_cmpint (sscanf (line, "server recv %" G_GUINT64_FORMAT " %64s sent %" G_GUINT64_FORMAT " %64s peers %u",
                           &c->n_sent, c->sent, &c->n_recv, c->recv, &c->peers), ==, 5);
}

/* 2000 datagrams of 8 to 9000 bytes each way: each arrives once, whole, in
 * order (the peers check), and what each end received hashes the same as
 * what the other sent. Each row is one call: 2000 of each. */
static void
test_both_ways (void)
{
  guint server_port;
  g_autoptr(GSocket) target = plain_udp (&server_port);
  g_autoptr(SpEndpoint) relay = NULL;
  g_autofree char *total = g_strdup_printf ("%u", N_DATAGRAMS);
  g_autofree char *relay_port = NULL;
  g_auto(GStrv) server_lines = NULL;
  g_auto(GStrv) client_lines = NULL;
  SpTestPeer *server, *client;
  Line c, s;
  guint64 bytes;

  server = sp_test_peer_spawn ("sp-udp-relay-peer", g_socket_get_fd (target),
                               (const char *[]) { "server", total, NULL });
  relay = start_relay (server_port);
  relay_port = g_strdup_printf ("%u", sp_endpoint_get_bound_port (relay));
  client = sp_test_peer_spawn ("sp-udp-relay-peer", -1,
                               (const char *[]) { "client", relay_port, "1", total, NULL });

  client_lines = sp_test_peer_finish (client, "the client peer", "client ");
  server_lines = sp_test_peer_finish (server, "the server peer", "server ");
  g_assert_cmpuint (g_strv_length (client_lines), ==, 1);
  g_assert_cmpuint (g_strv_length (server_lines), ==, 1);
  parse_client (client_lines[0], &c);
  parse_server (server_lines[0], &s);
  g_assert_cmpuint (c.n_sent, ==, s.n_sent);
  g_assert_cmpstr (c.sent, ==, s.sent);
  g_assert_cmpuint (c.n_recv, ==, s.n_recv);
  g_assert_cmpstr (c.recv, ==, s.recv);
  g_assert_cmpuint (s.peers, ==, 1);

  /* One recvfrom() and one send() per datagram each way, on its side. */
  g_assert_cmpuint (count_events (relay, SP_EVENT_KIND_RECEIVED, TRUE, &bytes), ==, N_DATAGRAMS);
  g_assert_cmpuint (bytes, ==, c.n_sent);
  g_assert_cmpuint (count_events (relay, SP_EVENT_KIND_SENT, TRUE, &bytes), ==, N_DATAGRAMS);
  g_assert_cmpuint (bytes, ==, c.n_sent);
  g_assert_cmpuint (count_events (relay, SP_EVENT_KIND_RECEIVED, FALSE, &bytes), ==, N_DATAGRAMS);
  g_assert_cmpuint (bytes, ==, c.n_recv);
  g_assert_cmpuint (count_events (relay, SP_EVENT_KIND_SENT, FALSE, &bytes), ==, N_DATAGRAMS);
  g_assert_cmpuint (bytes, ==, c.n_recv);
  g_assert_cmpuint (g_list_model_get_n_items (sp_endpoint_get_connections (relay)), ==, 2);

  /* In the order the relay made them: the client's first datagram, then
   * the socket for its mapping, then the datagram passed on. */
  g_assert_cmpint (call_index (relay, "sk.recvfrom(65536) → "), <, call_index (relay, "upstream2 = socket.socket(AF_INET, SOCK_DGRAM)"));
  g_assert_cmpint (call_index (relay, "upstream2 = socket.socket("), <, call_index (relay, "upstream2.connect("));
  g_assert_cmpint (call_index (relay, "upstream2.connect("), <, call_index (relay, "upstream2.send("));
  g_assert_cmpint (call_index (relay, "upstream2.send("), <, call_index (relay, "upstream2.recv(65536) → "));
  g_assert_cmpint (call_index (relay, "upstream2.recv("), <, call_index (relay, "sk.sendto("));
}

/* Several clients at once: each gets a mapping (an upstream socket, so a
 * source port, of its own) and only its own answers (the peers check). */
static void
test_several_clients (void)
{
  guint server_port;
  g_autoptr(GSocket) target = plain_udp (&server_port);
  g_autoptr(SpEndpoint) relay = NULL;
  g_autofree char *total = g_strdup_printf ("%u", N_CLIENTS * 200);
  g_autofree char *relay_port = NULL;
  g_auto(GStrv) server_lines = NULL;
  SpTestPeer *server, *clients[N_CLIENTS];
  Line s;

  server = sp_test_peer_spawn ("sp-udp-relay-peer", g_socket_get_fd (target),
                               (const char *[]) { "server", total, NULL });
  relay = start_relay (server_port);
  relay_port = g_strdup_printf ("%u", sp_endpoint_get_bound_port (relay));
  for (guint i = 0; i < N_CLIENTS; i++)
    {
      g_autofree char *id = g_strdup_printf ("%u", i + 1);

      clients[i] = sp_test_peer_spawn ("sp-udp-relay-peer", -1,
                                       (const char *[]) { "client", relay_port, id, "200", NULL });
    }

  for (guint i = 0; i < N_CLIENTS; i++)
    {
      g_auto(GStrv) lines = sp_test_peer_finish (clients[i], "a client peer", "client ");
      Line c;

      parse_client (lines[0], &c);
      g_assert_cmpuint (c.n_recv, >, 0);
    }
  server_lines = sp_test_peer_finish (server, "the server peer", "server ");
  parse_server (server_lines[0], &s);
  g_assert_cmpuint (s.peers, ==, N_CLIENTS);
  g_assert_cmpuint (g_list_model_get_n_items (sp_endpoint_get_connections (relay)), ==, 2 * N_CLIENTS);
  g_assert_cmpuint (sp_test_count_kind (relay, SP_EVENT_KIND_CONNECTED), ==, N_CLIENTS);
}

static gboolean
has_refused (gpointer relay)
{
  return sp_test_count_errno (relay, ECONNREFUSED) > 0;
}

/* Nothing is bound at the target: the kernel's ICMP "port unreachable"
 * comes back as ECONNREFUSED on the upstream socket, and the log says so
 * with the target; the mapping and the relay stay. */
static void
test_target_down (void)
{
  guint port, client_port;
  g_autoptr(GSocket) gone = plain_udp (&port);
  g_autoptr(GSocket) client = plain_udp (&client_port);
  g_autoptr(SpEndpoint) relay = NULL;
  g_autofree char *target = g_strdup_printf ("127.0.0.1:%u", port);

  g_socket_close (gone, NULL);
  relay = start_relay (port);
  send_to (client, sp_endpoint_get_bound_port (relay), "anyone there?");
  sp_test_wait_until (has_refused, relay, 0, "the relay hears ECONNREFUSED");

  g_assert_cmpuint (sp_test_count_errno (relay, ECONNREFUSED), ==, 1);
  g_assert_cmpuint (sp_test_count_messages (relay, SP_EVENT_KIND_ERROR, target), ==, 1);
  g_assert_cmpuint (sp_test_count_messages (relay, SP_EVENT_KIND_ERROR, "ICMP port unreachable"), ==, 1);
  g_assert_nonnull (sp_test_find_call (relay, "upstream2.recv(65536) → error ECONNREFUSED"));
  g_assert_cmpuint (g_list_model_get_n_items (sp_endpoint_get_connections (relay)), ==, 2);
  g_assert_cmpint (sp_endpoint_get_state (relay), ==, SP_ENDPOINT_STATE_RUNNING);
}

static gboolean
has_no_mapping (gpointer relay)
{
  return g_list_model_get_n_items (sp_endpoint_get_connections (relay)) == 0;
}

/* A mapping used by neither side for the idle timeout is forgotten, its
 * socket closed; the client's next datagram gets a new one, from a new
 * port. A datagram meanwhile keeps it alive. */
static void
test_idle_expiry (void)
{
  guint server_port, client_port;
  g_autoptr(GSocket) server = plain_udp (&server_port);
  g_autoptr(GSocket) client = plain_udp (&client_port);
  g_autoptr(SpEndpoint) relay = start_relay (server_port);
  guint relay_port = sp_endpoint_get_bound_port (relay);
  Datagrams at_server, at_client;
  gint64 start;

  datagrams_init (&at_server, server);
  datagrams_init (&at_client, client);
  sp_endpoint_set_relay_idle_timeout (relay, 300);
  g_assert_cmpuint (sp_endpoint_get_relay_idle_timeout (relay), ==, 300);

  start = g_get_monotonic_time ();
  send_to (client, relay_port, "one");
  at_server.n = 1;
  sp_test_wait_until (has_datagrams, &at_server, 0, "the first datagram reaches the server");
  assert_datagram (&at_server, 0, "one");
  /* The answer goes back to the client through the same mapping. */
  g_socket_send_to (server, at_server.senders->pdata[0], "ONE", 3, NULL, NULL);
  at_client.n = 1;
  sp_test_wait_until (has_datagrams, &at_client, 0, "the answer reaches the client");
  assert_datagram (&at_client, 0, "ONE");
  g_assert_cmpuint (sender_port (&at_client, 0), ==, relay_port);

  sp_test_wait_until (has_no_mapping, relay, 5000, "the idle mapping is forgotten");
  /* Not before the timeout (the answer kept it alive a little longer). */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 300 * 1000);
  g_assert_cmpuint (sp_test_count_messages (relay, SP_EVENT_KIND_CLOSED, "expired"), ==, 1);
  g_assert_nonnull (sp_test_find_call (relay, "upstream2.close()"));

  send_to (client, relay_port, "two");
  at_server.n = 2;
  sp_test_wait_until (has_datagrams, &at_server, 0, "the next datagram reaches the server");
  assert_datagram (&at_server, 1, "two");
  g_assert_cmpuint (sender_port (&at_server, 1), !=, sender_port (&at_server, 0));
  g_assert_cmpuint (sp_test_count_kind (relay, SP_EVENT_KIND_CONNECTED), ==, 2);

  datagrams_clear (&at_server);
  datagrams_clear (&at_client);
}

/* Pausing the server side: the target's datagrams wait in the kernel, no
 * recv() is made; resumed, each comes out whole (boundaries kept). */
static void
test_pause_server_side (void)
{
  guint server_port, client_port;
  g_autoptr(GSocket) server = plain_udp (&server_port);
  g_autoptr(GSocket) client = plain_udp (&client_port);
  g_autoptr(SpEndpoint) relay = start_relay (server_port);
  Datagrams at_server, at_client;
  guint64 bytes;
  guint in_queue, out_queue;

  datagrams_init (&at_server, server);
  datagrams_init (&at_client, client);
  send_to (client, sp_endpoint_get_bound_port (relay), "hi");
  at_server.n = 1;
  sp_test_wait_until (has_datagrams, &at_server, 0, "the datagram reaches the server");

  sp_endpoint_set_relay_paused (relay, SP_RELAY_SIDE_SERVER, TRUE);
  /* On loopback, sendto() has queued them at the upstream socket when it
   * returns: they are there to be read, and must not be. */
  g_socket_send_to (server, at_server.senders->pdata[0], "abc", 3, NULL, NULL);
  g_socket_send_to (server, at_server.senders->pdata[0], "defg", 4, NULL, NULL);
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (count_events (relay, SP_EVENT_KIND_RECEIVED, FALSE, &bytes), ==, 0);
  /* They wait in the upstream socket's receive queue (SIOCINQ: the next
   * datagram's size). */
  g_assert_true (sp_endpoint_get_kernel_queues (relay, &in_queue, &out_queue));
  g_assert_cmpuint (in_queue, ==, 3);

  sp_endpoint_set_relay_paused (relay, SP_RELAY_SIDE_SERVER, FALSE);
  at_client.n = 2;
  sp_test_wait_until (has_datagrams, &at_client, 0, "both answers reach the client");
  assert_datagram (&at_client, 0, "abc");
  assert_datagram (&at_client, 1, "defg");
  g_assert_cmpuint (count_events (relay, SP_EVENT_KIND_RECEIVED, FALSE, &bytes), ==, 2);

  datagrams_clear (&at_server);
  datagrams_clear (&at_client);
}

/* Copy as Python and Copy as C give a UDP relay like the pane: the
 * listening address, the target, the read size and the idle timeout. */
static void
test_copy_as_code (void)
{
  g_autoptr(SpEndpoint) relay = sp_endpoint_new (SP_ENDPOINT_KIND_UDP_RELAY);
  static const char *const python[] = {
    "sk = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\nsk.bind(('127.0.0.1', 9100))\n",
    "up = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)\n",
    "up.connect(('::1', 9200))\n",
    "data, addr = sk.recvfrom(2048)\n",
    "IDLE = 1.5\n",
    "except ConnectionRefusedError as e:",
    NULL,
  };
  static const char *const c[] = {
    "resolve (\"127.0.0.1\", \"9100\", SOCK_DGRAM, AI_PASSIVE)",
    "ai = resolve (\"::1\", \"9200\", SOCK_DGRAM, 0);",
    "static char buf[2048];",
    "#define IDLE_MS 1500\n",
    NULL,
  };

  sp_endpoint_set_port (relay, 9100);
  sp_endpoint_set_target_host (relay, "::1");
  sp_endpoint_set_target_port (relay, 9200);
  sp_endpoint_set_read_size (relay, 2048);
  sp_endpoint_set_relay_idle_timeout (relay, 1500);

  sp_test_code_has (relay, FALSE, python);
  sp_test_code_has (relay, TRUE, c);
}

/* Someone is bound to @port (the relay program has started). */
static gboolean
port_taken (gpointer data)
{
  g_autoptr(GSocket) probe = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM, 0, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, GPOINTER_TO_UINT (data));

  return !g_socket_bind (probe, address, FALSE, NULL);
}

static gboolean
keep_ticking (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* The copied programs run: between the plain peers, each datagram passes
 * whole both ways, the SHA-256s agree. */
static void
run_copied_relay (gboolean is_c)
{
  guint server_port, relay_port;
  g_autoptr(GSocket) target = plain_udp (&server_port);
  g_autoptr(GSocket) probe = plain_udp (&relay_port);
  g_autoptr(SpEndpoint) relay = sp_endpoint_new (SP_ENDPOINT_KIND_UDP_RELAY);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) program = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *binary = NULL;
  g_autofree char *python = g_find_program_in_path ("python3");
  g_autofree char *port = NULL;
  g_auto(GStrv) server_lines = NULL;
  g_auto(GStrv) client_lines = NULL;
  SpTestPeer *server, *client;
  Line c, s;
  guint tick;

  /* A free port for the program, which binds a fixed one, as the pane's. */
  g_socket_close (probe, NULL);
  sp_endpoint_set_port (relay, relay_port);
  sp_endpoint_set_target_port (relay, server_port);
  sp_endpoint_set_read_size (relay, 65536);
  code = sp_code_generate (relay, is_c ? SP_CODE_C : SP_CODE_PYTHON);

  if (is_c && (binary = sp_test_program_build_c (code)) == NULL)
    return;
  if (!is_c && python == NULL)
    {
      g_test_skip ("no python3 to run the program");
      return;
    }
  launcher = sp_test_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  program = is_c ? g_subprocess_launcher_spawn (launcher, &error, binary, NULL)
                 : g_subprocess_launcher_spawn (launcher, &error, python, "-c", code, NULL);
  g_assert_no_error (error);
  /* Nothing in this process hears of it: look again every 10 ms. */
  tick = g_timeout_add (10, keep_ticking, NULL);
  sp_test_wait_until (port_taken, GUINT_TO_POINTER (relay_port), 0, "the program binds its port");
  g_source_remove (tick);

  server = sp_test_peer_spawn ("sp-udp-relay-peer", g_socket_get_fd (target),
                               (const char *[]) { "server", "300", NULL });
  port = g_strdup_printf ("%u", relay_port);
  client = sp_test_peer_spawn ("sp-udp-relay-peer", -1, (const char *[]) { "client", port, "7", "300", NULL });
  client_lines = sp_test_peer_finish (client, "the client peer", "client ");
  server_lines = sp_test_peer_finish (server, "the server peer", "server ");
  parse_client (client_lines[0], &c);
  parse_server (server_lines[0], &s);
  g_assert_cmpstr (c.sent, ==, s.sent);
  g_assert_cmpstr (c.recv, ==, s.recv);
  g_assert_cmpuint (c.n_recv, ==, s.n_recv);

  g_subprocess_force_exit (program);
  g_assert_true (g_subprocess_wait (program, NULL, NULL));
  if (binary != NULL)
    sp_test_program_remove (binary);
}

static void
test_copied_c_runs (void)
{
  run_copied_relay (TRUE);
}

static void
test_copied_python_runs (void)
{
  run_copied_relay (FALSE);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/relay-udp/both-ways", test_both_ways);
  g_test_add_func ("/relay-udp/several-clients", test_several_clients);
  g_test_add_func ("/relay-udp/target-down", test_target_down);
  g_test_add_func ("/relay-udp/idle-expiry", test_idle_expiry);
  g_test_add_func ("/relay-udp/pause-server-side", test_pause_server_side);
  g_test_add_func ("/relay-udp/copy-as-code", test_copy_as_code);
  g_test_add_func ("/relay-udp/copied-c-runs", test_copied_c_runs);
  g_test_add_func ("/relay-udp/copied-python-runs", test_copied_python_runs);

  return g_test_run ();
}
