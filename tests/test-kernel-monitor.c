/* test-kernel-monitor.c: what SpKernelMonitor reads from the kernel about
 * real loopback sockets — TCP states, queues, TIME_WAIT after close — and
 * the line a pane shows from it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sp-kernel-monitor.h"
#include "sp-test-util.h"

/* Faster polls than a pane's; the tests wait for what the kernel says,
 * never for a tick. */
#define INTERVAL_MS 50

static gboolean
have_tcp_table (void)
{
  if (g_file_test ("/proc/net/tcp", G_FILE_TEST_EXISTS))
    return TRUE;

  g_test_skip ("no /proc/net/tcp here");
  return FALSE;
}

static SpEndpoint *
start (SpEndpointKind  kind,
       guint           port)
{
  SpEndpoint *endpoint = sp_endpoint_new (kind);

  sp_endpoint_set_host (endpoint, "127.0.0.1");
  sp_endpoint_set_port (endpoint, port);
  sp_endpoint_start (endpoint);
  sp_test_wait_until (sp_test_is_running, endpoint, 0, "the endpoint runs");

  return endpoint;
}

typedef struct {
  SpKernelMonitor *monitor;
  const char      *text;
} SummaryWait;

static gboolean
summary_has_prefix (gpointer data)
{
  SummaryWait *w = data;

  return g_str_has_prefix (sp_kernel_monitor_get_summary (w->monitor), w->text);
}

static gboolean
summary_contains (gpointer data)
{
  SummaryWait *w = data;

  return strstr (sp_kernel_monitor_get_summary (w->monitor), w->text) != NULL;
}

static void
wait_summary_prefix (SpKernelMonitor *monitor,
                     const char      *prefix)
{
  SummaryWait w = { monitor, prefix };

  sp_test_wait_until (summary_has_prefix, &w, 0, prefix);
}

static void
wait_summary_contains (SpKernelMonitor *monitor,
                       const char      *text)
{
  SummaryWait w = { monitor, text };

  sp_test_wait_until (summary_contains, &w, 0, text);
}

/* A server and a client connected to it, each with a monitor. */
typedef struct {
  SpEndpoint      *server;
  SpEndpoint      *client;
  SpKernelMonitor *server_monitor;
  SpKernelMonitor *client_monitor;
  SpConnection    *accepted;
  SpConnection    *connected;
} Pair;

static void
pair_open (Pair *pair)
{
  SpTestCount one = { NULL, 1 };

  pair->server = start (SP_ENDPOINT_KIND_TCP_SERVER, 0);
  pair->server_monitor = sp_kernel_monitor_new (pair->server, INTERVAL_MS);
  pair->client = start (SP_ENDPOINT_KIND_TCP_CLIENT, sp_endpoint_get_bound_port (pair->server));
  pair->client_monitor = sp_kernel_monitor_new (pair->client, INTERVAL_MS);

  one.endpoint = pair->server;
  sp_test_wait_until (sp_test_has_connections, &one, 0, "the server accepts");
  pair->accepted = g_list_model_get_item (sp_endpoint_get_connections (pair->server), 0);
  pair->connected = g_list_model_get_item (sp_endpoint_get_connections (pair->client), 0);
}

static void
pair_close (Pair *pair)
{
  g_clear_object (&pair->accepted);
  g_clear_object (&pair->connected);
  g_clear_object (&pair->server_monitor);
  g_clear_object (&pair->client_monitor);
  sp_endpoint_stop (pair->client);
  sp_endpoint_stop (pair->server);
  g_clear_object (&pair->client);
  g_clear_object (&pair->server);
}

static gboolean
tcp_state_is (gpointer data)
{
  gpointer *args = data;

  return g_strcmp0 (sp_connection_get_tcp_state (args[0]), args[1]) == 0;
}

static void
wait_tcp_state (SpConnection *connection,
                const char   *state)
{
  gpointer args[] = { connection, (gpointer) state };

  sp_test_wait_until (tcp_state_is, args, 0, state);
}

static void
test_states (void)
{
  Pair pair = { NULL };

  if (!have_tcp_table ())
    return;
  pair_open (&pair);

  /* The listener's state leads a server's line, the connection's a
   * client's; both connections are ESTABLISHED. */
  wait_summary_prefix (pair.server_monitor, "LISTEN · in kernel: recv-Q 0 B · send-Q 0 B");
  g_assert_cmpstr (sp_kernel_monitor_get_listener_state (pair.server_monitor), ==, "LISTEN");
  wait_summary_prefix (pair.client_monitor, "ESTABLISHED · in kernel: recv-Q 0 B · send-Q 0 B");
  g_assert_null (sp_kernel_monitor_get_listener_state (pair.client_monitor));
  wait_tcp_state (pair.accepted, "ESTABLISHED");
  wait_tcp_state (pair.connected, "ESTABLISHED");

  pair_close (&pair);
}

static gboolean
in_queue_is (gpointer data)
{
  gpointer *args = data;
  guint in_queue, out_queue;

  return sp_kernel_monitor_get_queues (args[0], &in_queue, &out_queue) &&
         in_queue == GPOINTER_TO_UINT (args[1]);
}

/* While the server does not read, what the client sent waits in the
 * server's receive queue; reading empties it. */
static void
test_queues (void)
{
  g_autoptr(GBytes) five = g_bytes_new_static ("hello", 5);
  g_autoptr(GError) error = NULL;
  Pair pair = { NULL };
  gpointer queued[] = { NULL, GUINT_TO_POINTER (5) };
  gpointer empty[] = { NULL, GUINT_TO_POINTER (0) };
  guint in_queue = 0;

  if (!have_tcp_table ())
    return;
  pair_open (&pair);

  sp_endpoint_set_paused (pair.server, TRUE);
  g_assert_true (sp_endpoint_send (pair.client, five, NULL, &error));
  g_assert_no_error (error);

  queued[0] = empty[0] = pair.server_monitor;
  sp_test_wait_until (in_queue_is, queued, 0, "5 bytes wait in the kernel");
  g_object_get (pair.server_monitor, "in-queue", &in_queue, NULL);
  g_assert_cmpuint (in_queue, ==, 5);
  wait_summary_contains (pair.server_monitor, "recv-Q 5 B");

  sp_endpoint_set_paused (pair.server, FALSE);
  sp_test_wait_until (in_queue_is, empty, 0, "the server read them");

  pair_close (&pair);
}

/* A poll of many connections is spread over main-loop iterations, a slice
 * at a time, and still sums every connection's queue. */
static void
test_slices (void)
{
  g_autoptr(GBytes) five = g_bytes_new_static ("hello", 5);
  g_autoptr(SpEndpoint) server = start (SP_ENDPOINT_KIND_TCP_SERVER, 0);
  g_autoptr(SpKernelMonitor) monitor = sp_kernel_monitor_new (server, INTERVAL_MS);
  SpEndpoint *clients[5];
  SpTestCount all = { server, G_N_ELEMENTS (clients) };
  gpointer queued[] = { monitor, GUINT_TO_POINTER (5 * G_N_ELEMENTS (clients)) };
  guint largest = 0;

  if (!have_tcp_table ())
    return;

  sp_kernel_monitor_set_slice (monitor, 2);
  sp_endpoint_set_paused (server, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (clients); i++)
    clients[i] = start (SP_ENDPOINT_KIND_TCP_CLIENT, sp_endpoint_get_bound_port (server));
  sp_test_wait_until (sp_test_has_connections, &all, 0, "five clients accepted");
  for (guint i = 0; i < G_N_ELEMENTS (clients); i++)
    g_assert_true (sp_endpoint_send (clients[i], five, NULL, NULL));

  sp_test_wait_until (in_queue_is, queued, 0, "every client's 5 bytes summed");
  /* Five connections, two a slice: three iterations at least. */
  g_assert_cmpuint (sp_kernel_monitor_get_last_poll (monitor, &largest), >=, 3);
  g_assert_cmpuint (largest, <=, 2);
  g_assert_cmpuint (largest, >, 0);

  for (guint i = 0; i < G_N_ELEMENTS (clients); i++)
    {
      sp_endpoint_stop (clients[i]);
      g_object_unref (clients[i]);
    }
  sp_endpoint_stop (server);
}

/* The side that closes first keeps the connection in TIME_WAIT, also after
 * its endpoint stopped: what "Address already in use" is about. */
static void
test_time_wait (void)
{
  Pair pair = { NULL };

  if (!have_tcp_table ())
    return;
  pair_open (&pair);

  sp_endpoint_close_connection (pair.server, pair.accepted);
  sp_test_wait_until (sp_test_is_stopped, pair.client, 0, "the client closes after its peer");
  wait_summary_contains (pair.server_monitor, "after close: #1 TIME_WAIT");
  g_assert_cmpstr (sp_connection_get_tcp_state (pair.accepted), ==, "TIME_WAIT");

  /* Stopping is noticed at once, without waiting for a poll. */
  sp_endpoint_stop (pair.server);
  g_assert_true (g_str_has_prefix (sp_kernel_monitor_get_summary (pair.server_monitor), "no socket"));
  g_assert_null (sp_kernel_monitor_get_listener_state (pair.server_monitor));
  wait_summary_prefix (pair.server_monitor, "no socket · after close: #1 TIME_WAIT");

  pair_close (&pair);
}

/* Polling as often as it can, a monitor still leaves the sockets' reads
 * (at a lower priority) their turn: each poll is an interval after the last
 * one ended, however long reading the kernel's tables took. */
static void
test_reads_keep_their_turn (void)
{
  g_autoptr(GBytes) five = g_bytes_new_static ("hello", 5);
  g_autoptr(SpKernelMonitor) eager = NULL;
  g_autoptr(GError) error = NULL;
  Pair pair = { NULL };
  SpTestBytes received = { NULL, 5 };
  gpointer queued[] = { NULL, GUINT_TO_POINTER (5) };

  if (!have_tcp_table ())
    return;
  pair_open (&pair);
  eager = sp_kernel_monitor_new (pair.server, 1);

  sp_endpoint_set_paused (pair.server, TRUE);
  g_assert_true (sp_endpoint_send (pair.client, five, NULL, &error));
  g_assert_no_error (error);
  queued[0] = eager;
  sp_test_wait_until (in_queue_is, queued, 0, "5 bytes wait in the kernel");

  sp_endpoint_set_paused (pair.server, FALSE);
  received.endpoint = pair.server;
  sp_test_wait_until (sp_test_has_received, &received, 0, "the server reads between polls");

  g_clear_object (&eager);
  pair_close (&pair);
}

/* sendall() progress: what the kernel has not taken yet. */
static void
test_still_to_send (void)
{
  g_autoptr(GBytes) big = NULL;
  g_autoptr(GError) error = NULL;
  Pair pair = { NULL };

  if (!have_tcp_table ())
    return;
  pair_open (&pair);

  /* Nobody reads, and far more than both kernels' buffers goes out. */
  sp_endpoint_set_paused (pair.server, TRUE);
  big = g_bytes_new_take (g_malloc0 (8 * 1024 * 1024), 8 * 1024 * 1024);
  g_assert_true (sp_endpoint_send (pair.client, big, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sp_connection_get_bytes_queued (pair.connected), >, 0);

  wait_summary_contains (pair.client_monitor, " · still to send: ");
  /* The TCP states of periodic polls are a poll late. */
  wait_summary_prefix (pair.client_monitor, "ESTABLISHED · in kernel: ");

  pair_close (&pair);
}

static void
test_udp_and_stopped (void)
{
  g_autoptr(SpEndpoint) idle = sp_endpoint_new (SP_ENDPOINT_KIND_TCP_SERVER);
  g_autoptr(SpKernelMonitor) idle_monitor = sp_kernel_monitor_new (idle, 0);
  g_autoptr(SpEndpoint) udp = NULL;
  g_autoptr(SpKernelMonitor) udp_monitor = NULL;
  guint in_queue = 1, out_queue = 1;

  /* Never started: no socket, nothing to read in the kernel's tables. */
  g_assert_cmpstr (sp_kernel_monitor_get_summary (idle_monitor), ==, "no socket");
  g_assert_false (sp_kernel_monitor_get_queues (idle_monitor, &in_queue, &out_queue));
  g_assert_true (sp_kernel_monitor_get_endpoint (idle_monitor) == idle);

  /* A UDP socket has queues but no TCP state. */
  udp = start (SP_ENDPOINT_KIND_UDP_SERVER, 0);
  udp_monitor = sp_kernel_monitor_new (udp, INTERVAL_MS);
  g_assert_cmpstr (sp_kernel_monitor_get_summary (udp_monitor), ==, "in kernel: recv-Q 0 B · send-Q 0 B");
  g_assert_true (sp_kernel_monitor_get_queues (udp_monitor, &in_queue, &out_queue));
  g_assert_cmpuint (in_queue, ==, 0);
  g_assert_null (sp_kernel_monitor_get_listener_state (udp_monitor));

  sp_endpoint_stop (udp);
  g_assert_cmpstr (sp_kernel_monitor_get_summary (udp_monitor), ==, "no socket");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kernel-monitor/states", test_states);
  g_test_add_func ("/kernel-monitor/queues", test_queues);
  g_test_add_func ("/kernel-monitor/slices", test_slices);
  g_test_add_func ("/kernel-monitor/time-wait", test_time_wait);
  g_test_add_func ("/kernel-monitor/reads-keep-their-turn", test_reads_keep_their_turn);
  g_test_add_func ("/kernel-monitor/still-to-send", test_still_to_send);
  g_test_add_func ("/kernel-monitor/udp-and-stopped", test_udp_and_stopped);

  return g_test_run ();
}
