/* test-pane.c: a pane as a whole: start a server on a port the system
 * picks, connect a client, send; the pane's actions (under Xvfb)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sp-test-ui.h"

/* Port 0: the system picks, the pane shows it; a client connects to it
 * and what it sends shows in the server's log. */
static void
test_start_and_send (void)
{
  SpWindow *window = sp_window_new (NULL);
  SpPane *server, *client;
  g_autofree char *port = NULL;

  gtk_window_present (GTK_WINDOW (window));
  server = sp_window_get_pane (window, 0);
  client = sp_window_get_pane (window, 1);

  sp_test_set_text (server, "port_entry", "0");
  sp_test_click (server, "start_button");
  sp_test_wait_until (sp_test_pane_is_running, server, 0, "server");
  port = g_strdup_printf ("%u", sp_endpoint_get_bound_port (sp_pane_get_endpoint (server)));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (sp_test_find_child (GTK_WIDGET (server), "status_label"))), port));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (sp_test_find_child (GTK_WIDGET (server), "start_button"))), ==, "Stop");

  sp_test_set_text (client, "port_entry", port);
  sp_test_click (client, "start_button");
  sp_test_wait_until (sp_test_pane_is_running, client, 0, "client");

  sp_test_set_text (client, "message_entry", "hello");
  sp_test_click (client, "send_button");
  sp_test_wait_until (sp_test_has_received_hello, server, 0, "a received row showing hello");

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
log_has_events (gpointer endpoint)
{
  return g_list_model_get_n_items (G_LIST_MODEL (sp_endpoint_get_events (endpoint))) > 0;
}

/* Keyboard: Ctrl+R in a pane starts it, Ctrl+L clears its log. */
static void
test_actions (void)
{
  SpWindow *window = sp_window_new (NULL);
  SpPane *pane;

  gtk_window_present (GTK_WINDOW (window));
  pane = sp_window_get_pane (window, 0);

  sp_endpoint_reconfigure (sp_pane_get_endpoint (pane), SP_ENDPOINT_KIND_TCP_SERVER, "127.0.0.1", 0);
  gtk_widget_activate_action (GTK_WIDGET (pane), "pane.start-stop", NULL);
  g_assert_cmpint (sp_endpoint_get_state (sp_pane_get_endpoint (pane)), !=, SP_ENDPOINT_STATE_STOPPED);
  gtk_widget_activate_action (GTK_WIDGET (pane), "pane.start-stop", NULL);
  g_assert_cmpint (sp_endpoint_get_state (sp_pane_get_endpoint (pane)), ==, SP_ENDPOINT_STATE_STOPPED);

  /* Clearing a pane's log empties it. */
  {
    SpEventLog *log = sp_endpoint_get_events (sp_pane_get_endpoint (pane));

    sp_endpoint_start (sp_pane_get_endpoint (pane));
    /* Something to clear. */
    sp_test_wait_until (log_has_events, sp_pane_get_endpoint (pane), 0, "events in the log");
    gtk_widget_activate_action (GTK_WIDGET (pane), "pane.clear-log", NULL);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 0);
    sp_endpoint_stop (sp_pane_get_endpoint (pane));
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The log's search hides until asked for: the header's search button or
 * Ctrl+F (pane.search-log) shows it with the focus in it; Escape hides
 * it and shows every entry again. */
static void
test_search (void)
{
  SpWindow *window = sp_window_new (NULL);
  SpPane *pane;
  GtkWidget *button, *entry, *filter, *focus;

  gtk_window_present (GTK_WINDOW (window));
  pane = sp_window_get_pane (window, 0);
  button = sp_test_find_child (GTK_WIDGET (pane), "search_button");
  entry = sp_test_find_child (GTK_WIDGET (pane), "log_search_entry");
  filter = sp_test_find_child (GTK_WIDGET (pane), "filter_dropdown");

  g_assert_false (gtk_widget_is_visible (entry));
  gtk_widget_activate_action (GTK_WIDGET (pane), "pane.search-log", NULL);
  g_assert_true (gtk_widget_is_visible (entry));
  focus = gtk_window_get_focus (GTK_WINDOW (window));
  g_assert_true (focus == entry || gtk_widget_is_ancestor (focus, entry));
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (button)));

  gtk_editable_set_text (GTK_EDITABLE (entry), "hello");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (filter), 1);
  g_signal_emit_by_name (entry, "stop-search");
  g_assert_false (gtk_widget_is_visible (entry));
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (button)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (filter)), ==, 0);

  /* The button shows it too. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
  g_assert_true (gtk_widget_is_visible (entry));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  sp_test_ui_init (&argc, &argv);

  g_test_add_func ("/pane/start-and-send", test_start_and_send);
  g_test_add_func ("/pane/actions", test_actions);
  g_test_add_func ("/pane/search", test_search);

  return g_test_run ();
}
