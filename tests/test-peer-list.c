/* test-peer-list.c: a server's clients: counted, one chosen to send to
 * or all of them, and closed from the server side (under Xvfb)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sp-bench-count.h"
#include "sp-peer-list.h"
#include "sp-test-ui.h"
#include "sp-throttle.h"

static gboolean
is_close_button (GtkWidget     *widget,
                 gconstpointer  data)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (widget)), "window-close-symbolic") == 0;
}

typedef struct {
  GtkWidget  *label;
  const char *text;
} LabelText;

static gboolean
label_says (gpointer data)
{
  LabelText *wanted = data;

  return g_str_equal (gtk_label_get_text (GTK_LABEL (wanted->label)), wanted->text);
}

/* The count is said once per frame, not once per accept(): waited for. */
static void
wait_label (GtkWidget  *label,
            const char *text)
{
  LabelText wanted = { label, text };

  sp_test_wait_until (label_says, &wanted, 0, text);
}

typedef struct {
  GListModel *shown;
  GListModel *connections;
  guint       most_in_a_frame;
} Shown;

static gboolean
shown_is_connections (gpointer data)
{
  Shown *s = data;
  guint n = g_list_model_get_n_items (s->connections);

  if (g_list_model_get_n_items (s->shown) != n)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) a = g_list_model_get_item (s->shown, i);
      g_autoptr(GObject) b = g_list_model_get_item (s->connections, i);

      if (a != b)
        return FALSE;
    }

  return TRUE;
}

static void
test_select_send_close (void)
{
  SpWindow *window = sp_test_fresh_window ();
  SpPane *server, *client, *second;
  SpEndpoint *server_ep, *client_ep, *second_ep;
  GtkWidget *clients_label, *send_all;
  GtkSingleSelection *selection;
  SpTestKindCount fin;
  SpTestCount count;
  SpTestBytes wait;
  Shown shown;

  server = sp_window_get_pane (window, 0);
  client = sp_window_get_pane (window, 1);
  second = sp_window_add_pane (window, SP_ENDPOINT_KIND_TCP_CLIENT);
  server_ep = sp_pane_get_endpoint (server);
  client_ep = sp_pane_get_endpoint (client);
  second_ep = sp_pane_get_endpoint (second);
  clients_label = sp_test_find_child (GTK_WIDGET (server), "clients_label");
  send_all = sp_test_find_child (GTK_WIDGET (server), "send_all_check");
  selection = GTK_SINGLE_SELECTION (gtk_list_view_get_model (GTK_LIST_VIEW (sp_test_find_child (GTK_WIDGET (server), "clients_list"))));

  /* A client pane has no list of peers. */
  g_assert_true (gtk_widget_get_visible (sp_test_find_child (GTK_WIDGET (server), "peer_list")));
  g_assert_false (gtk_widget_get_visible (sp_test_find_child (GTK_WIDGET (client), "peer_list")));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (clients_label)), ==, "0 clients connected");

  sp_test_start_pair (server, client);
  sp_test_set_text (second, "host_entry", "127.0.0.1");
  sp_test_set_text (second, "port_entry", gtk_editable_get_text (GTK_EDITABLE (sp_test_find_child (GTK_WIDGET (client), "port_entry"))));
  sp_test_click (second, "start_button");
  count = (SpTestCount) { server_ep, 2 };
  sp_test_wait_until (sp_test_has_n_connections, &count, 0, "two clients");
  wait_label (clients_label, "2 clients connected");
  /* The rows may come a frame or two after the count: new rows take turns
   * with the other views filling. */
  shown = (Shown) { G_LIST_MODEL (selection), sp_endpoint_get_connections (server_ep), 0 };
  sp_test_wait_until (shown_is_connections, &shown, 0, "both clients listed");
  g_assert_cmpstr (gtk_check_button_get_label (GTK_CHECK_BUTTON (send_all)), ==, "Send to all clients");

  /* Choosing a client unticks "send to all"; the message goes to it alone. */
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (send_all)));
  gtk_single_selection_set_selected (selection, 0);
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (send_all)));
  sp_test_send_text (server, "hello");
  /* Then to all: "hi" goes to both, after "hello" on the first. */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (send_all), TRUE);
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, GTK_INVALID_LIST_POSITION);
  sp_test_send_text (server, "hi");
  wait = (SpTestBytes) { client_ep, 7 };
  sp_test_wait_until (sp_test_has_received, &wait, 0, "hello and hi on the first client");
  wait = (SpTestBytes) { second_ep, 2 };
  sp_test_wait_until (sp_test_has_received, &wait, 0, "hi on the second client");
  /* One stream, in order: had hello reached the second client, it would
   * have come before hi. */
  g_assert_cmpuint (sp_event_log_get_bytes_received (sp_endpoint_get_events (second_ep)), ==, 2);

  /* Nothing selected and "send to all" unticked: the composer asks. */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (send_all), FALSE);
  sp_test_send_text (server, "hello");
  g_assert_true (gtk_widget_get_visible (sp_test_find_child (GTK_WIDGET (server), "composer_error_label")));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (send_all), TRUE);

  /* The first row's close button closes that connection, server side. */
  g_signal_emit_by_name (sp_test_find_descendant (sp_test_find_child (GTK_WIDGET (server), "clients_list"),
                                                  is_close_button, NULL), "clicked");
  fin = (SpTestKindCount) { client_ep, SP_EVENT_KIND_PEER_CLOSED, 1 };
  sp_test_wait_until (sp_test_has_n_of_kind, &fin, 0, "the first client to see the close");
  count = (SpTestCount) { server_ep, 1 };
  sp_test_wait_until (sp_test_has_n_connections, &count, 0, "one client left");
  wait_label (clients_label, "1 client connected");
  g_assert_cmpuint (sp_test_count_kind (second_ep, SP_EVENT_KIND_PEER_CLOSED), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A UDP server lists the peers it heard from. */
static void
test_udp_peers (void)
{
  SpWindow *window = sp_test_fresh_window ();
  SpPane *server, *client;
  SpTestCount count;

  server = sp_window_get_pane (window, 0);
  client = sp_window_get_pane (window, 1);
  sp_endpoint_set_kind (sp_pane_get_endpoint (server), SP_ENDPOINT_KIND_UDP_SERVER);
  sp_endpoint_set_kind (sp_pane_get_endpoint (client), SP_ENDPOINT_KIND_UDP_CLIENT);
  sp_test_start_pair (server, client);
  sp_test_send_text (client, "hello");
  count = (SpTestCount) { sp_pane_get_endpoint (server), 1 };
  sp_test_wait_until (sp_test_has_n_connections, &count, 0, "one peer");

  wait_label (sp_test_find_child (GTK_WIDGET (server), "clients_label"), "1 peer known");
  g_assert_cmpstr (gtk_check_button_get_label (GTK_CHECK_BUTTON (sp_test_find_child (GTK_WIDGET (server), "send_all_check"))),
                   ==, "Reply to all peers");
  /* A datagram peer has no connection to close. */
  g_assert_null (sp_test_find_descendant (sp_test_find_child (GTK_WIDGET (server), "clients_list"),
                                          is_close_button, NULL));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* @n TCP clients of the server on 127.0.0.1 @port, started. */
static void
start_clients (SpEndpoint **clients,
               guint        n,
               guint        port)
{
  for (guint i = 0; i < n; i++)
    {
      clients[i] = sp_endpoint_new (SP_ENDPOINT_KIND_TCP_CLIENT);
      sp_endpoint_reconfigure (clients[i], SP_ENDPOINT_KIND_TCP_CLIENT, "127.0.0.1", port);
      sp_endpoint_start (clients[i]);
    }
}

static void
stop_clients (SpEndpoint **clients,
              guint        n)
{
  for (guint i = 0; i < n; i++)
    {
      sp_endpoint_stop (clients[i]);
      g_object_unref (clients[i]);
    }
}

/* The peer lists' work of the frame before. */
static gboolean
count_tick_cb (GtkWidget     *widget,
               GdkFrameClock *clock,
               gpointer       data)
{
  Shown *s = data;

  s->most_in_a_frame = MAX (s->most_in_a_frame, sp_bench_counts[SP_BENCH_PEERS_COMPARED]);
  sp_bench_counts[SP_BENCH_PEERS_COMPARED] = 0;
  return G_SOURCE_CONTINUE;
}

/* A few connections compared per frame, and still every connection shown,
 * in order, as clients come and as some of them leave. */
static void
test_bounded_per_frame (void)
{
  SpWindow *window = sp_test_fresh_window ();
  SpPane *server = sp_window_get_pane (window, 0);
  SpEndpoint *server_ep = sp_pane_get_endpoint (server);
  SpPeerList *peers = SP_PEER_LIST (sp_test_find_child (GTK_WIDGET (server), "peer_list"));
  GtkListView *list = GTK_LIST_VIEW (sp_test_find_child (GTK_WIDGET (server), "clients_list"));
  SpEndpoint *clients[9];
  SpTestCount count = { server_ep, G_N_ELEMENTS (clients) };
  Shown shown = { G_LIST_MODEL (gtk_list_view_get_model (list)), sp_endpoint_get_connections (server_ep), 0 };
  guint tick;

  sp_endpoint_reconfigure (server_ep, SP_ENDPOINT_KIND_TCP_SERVER, "127.0.0.1", 0);
  sp_peer_list_set_per_frame (peers, 2);
  sp_endpoint_start (server_ep);
  sp_test_wait_until (sp_test_is_running, server_ep, 0, "the server runs");
  sp_bench_counts[SP_BENCH_PEERS_COMPARED] = 0;
  tick = gtk_widget_add_tick_callback (GTK_WIDGET (window), count_tick_cb, &shown, NULL);

  start_clients (clients, G_N_ELEMENTS (clients), sp_endpoint_get_bound_port (server_ep));
  sp_test_wait_until (sp_test_has_n_connections, &count, 0, "nine clients");
  sp_test_wait_until (shown_is_connections, &shown, 0, "every client listed");

  /* Every other one leaves: runs of one gone between those that stay. */
  for (guint i = 0; i < G_N_ELEMENTS (clients); i += 2)
    sp_endpoint_stop (clients[i]);
  count.n = G_N_ELEMENTS (clients) / 2;
  sp_test_wait_until (sp_test_has_n_connections, &count, 0, "four clients left");
  sp_test_wait_until (shown_is_connections, &shown, 0, "the four listed");
  g_assert_cmpuint (shown.most_in_a_frame, >, 0);
  g_assert_cmpuint (shown.most_in_a_frame, <=, 2);

  gtk_widget_remove_tick_callback (GTK_WIDGET (window), tick);
  stop_clients (clients, G_N_ELEMENTS (clients));
  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct {
  GdkFrameClock *clock;
  gint64         held;         /* the last frame whose turn is gone before the list's tick */
  guint          batches;      /* splices that made rows */
  guint          in_held;      /* of them, made in such a frame */
} Filling;

/* Runs before the peer list's tick: every other frame, takes the turn as
 * another view filling would (unless one already did). */
static void
hold_turn_cb (GdkFrameClock *clock,
              Filling       *f)
{
  gint64 frame = gdk_frame_clock_get_frame_counter (clock);

  if (frame % 2 == 0)
    {
      sp_frame_take_filling_turn (clock);
      f->held = frame;
    }
}

static void
rows_added_cb (GListModel *model,
               guint       position,
               guint       removed,
               guint       added,
               Filling    *f)
{
  if (added == 0)
    return;
  f->batches++;
  if (gdk_frame_clock_get_frame_counter (f->clock) == f->held)
    f->in_held++;
}

/* While short, the list makes a few rows a frame, and only in a frame
 * whose filling turn it got: not in those another view took. */
static void
test_filling_turn (void)
{
  SpWindow *window = sp_test_fresh_window ();
  SpPane *server = sp_window_get_pane (window, 0);
  SpEndpoint *server_ep = sp_pane_get_endpoint (server);
  GtkListView *list = GTK_LIST_VIEW (sp_test_find_child (GTK_WIDGET (server), "clients_list"));
  SpEndpoint *clients[20];
  SpTestCount count = { server_ep, G_N_ELEMENTS (clients) };
  Shown shown = { G_LIST_MODEL (gtk_list_view_get_model (list)), sp_endpoint_get_connections (server_ep), 0 };
  Filling filling = { gtk_widget_get_frame_clock (GTK_WIDGET (window)), -1, 0, 0 };
  gulong handler, holder;

  sp_endpoint_reconfigure (server_ep, SP_ENDPOINT_KIND_TCP_SERVER, "127.0.0.1", 0);
  sp_endpoint_start (server_ep);
  sp_test_wait_until (sp_test_is_running, server_ep, 0, "the server runs");
  g_assert_nonnull (filling.clock);
  /* Connected before any tick of the peer list's: runs first each frame. */
  holder = g_signal_connect (filling.clock, "update", G_CALLBACK (hold_turn_cb), &filling);
  handler = g_signal_connect (shown.shown, "items-changed", G_CALLBACK (rows_added_cb), &filling);

  start_clients (clients, G_N_ELEMENTS (clients), sp_endpoint_get_bound_port (server_ep));
  sp_test_wait_until (sp_test_has_n_connections, &count, 0, "twenty clients");
  sp_test_wait_until (shown_is_connections, &shown, 0, "every client listed");

  /* Twenty rows at most eight a frame: three batches or more. */
  g_assert_cmpuint (filling.batches, >=, 3);
  g_assert_cmpuint (filling.in_held, ==, 0);

  g_signal_handler_disconnect (shown.shown, handler);
  g_signal_handler_disconnect (filling.clock, holder);
  stop_clients (clients, G_N_ELEMENTS (clients));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  sp_test_ui_init (&argc, &argv);

  g_test_add_func ("/peer-list/select-send-close", test_select_send_close);
  g_test_add_func ("/peer-list/udp-peers", test_udp_peers);
  g_test_add_func ("/peer-list/bounded-per-frame", test_bounded_per_frame);
  g_test_add_func ("/peer-list/filling-turn", test_filling_turn);

  return g_test_run ();
}
