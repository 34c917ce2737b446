/* test-peer-list.c: a server's clients: counted, one chosen to send to
 * or all of them, and closed from the server side (under Xvfb)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sp-test-ui.h"

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

int
main (int   argc,
      char *argv[])
{
  sp_test_ui_init (&argc, &argv);

  g_test_add_func ("/peer-list/select-send-close", test_select_send_close);
  g_test_add_func ("/peer-list/udp-peers", test_udp_peers);

  return g_test_run ();
}
