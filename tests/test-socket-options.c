/* test-socket-options.c: a pane's socket options, offered to the kinds
 * they apply to and working from the pane (under Xvfb)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sp-test-ui.h"

#include <string.h>

/* "Echo back" is offered by servers only, and works from the pane. */
static void
test_echo (void)
{
  SpWindow *window = sp_window_new (NULL);
  SpPane *server, *client;
  GtkWidget *server_echo, *client_echo;

  gtk_window_present (GTK_WINDOW (window));
  server = sp_window_get_pane (window, 0);
  client = sp_window_get_pane (window, 1);
  sp_test_open_socket_options (server);
  sp_test_open_socket_options (client);
  server_echo = sp_test_find_child (GTK_WIDGET (server), "echo_check");
  client_echo = sp_test_find_child (GTK_WIDGET (client), "echo_check");
  g_assert_nonnull (server_echo);
  g_assert_true (gtk_widget_get_visible (server_echo));
  g_assert_false (gtk_widget_get_visible (client_echo));
  g_assert_false (sp_endpoint_get_echo (sp_pane_get_endpoint (server)));

  gtk_check_button_set_active (GTK_CHECK_BUTTON (server_echo), TRUE);
  g_assert_true (sp_endpoint_get_echo (sp_pane_get_endpoint (server)));

  sp_test_start_pair (server, client);

  sp_test_set_text (client, "message_entry", "hello");
  sp_test_click (client, "send_button");
  sp_test_wait_until (sp_test_has_received_hello, client, 0, "the echo of hello in the client's log");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Broadcast is offered to UDP clients, a multicast group to UDP servers;
 * a bad group stays in its entry with the reason and never reaches the
 * endpoint. */
static void
test_broadcast_multicast (void)
{
  SpWindow *window = sp_window_new (NULL);
  SpPane *server, *client;
  SpEndpoint *server_endpoint, *client_endpoint;
  GtkWidget *group_entry, *error_label;

  gtk_window_present (GTK_WINDOW (window));
  server = sp_window_get_pane (window, 0);
  client = sp_window_get_pane (window, 1);
  sp_test_open_socket_options (server);
  sp_test_open_socket_options (client);
  server_endpoint = sp_pane_get_endpoint (server);
  client_endpoint = sp_pane_get_endpoint (client);

  /* TCP panes offer neither. */
  g_assert_false (gtk_widget_get_visible (sp_test_find_child (GTK_WIDGET (server), "group_entry")));
  g_assert_false (gtk_widget_get_visible (sp_test_find_child (GTK_WIDGET (client), "broadcast_check")));

  sp_endpoint_reconfigure (server_endpoint, SP_ENDPOINT_KIND_UDP_SERVER, "0.0.0.0", 0);
  sp_endpoint_reconfigure (client_endpoint, SP_ENDPOINT_KIND_UDP_CLIENT, "127.0.0.1", 9);
  g_assert_true (gtk_widget_get_visible (sp_test_find_child (GTK_WIDGET (server), "group_entry")));
  g_assert_false (gtk_widget_get_visible (sp_test_find_child (GTK_WIDGET (server), "broadcast_check")));
  g_assert_true (gtk_widget_get_visible (sp_test_find_child (GTK_WIDGET (client), "broadcast_check")));
  g_assert_false (gtk_widget_get_visible (sp_test_find_child (GTK_WIDGET (client), "group_entry")));

  gtk_check_button_set_active (GTK_CHECK_BUTTON (sp_test_find_child (GTK_WIDGET (client), "broadcast_check")), TRUE);
  g_assert_true (sp_endpoint_get_broadcast (client_endpoint));

  group_entry = sp_test_find_child (GTK_WIDGET (server), "group_entry");
  error_label = sp_test_find_child (GTK_WIDGET (server), "multicast_error_label");
  sp_test_set_text (server, "group_entry", "10.1.2.3");
  g_assert_true (gtk_widget_has_css_class (group_entry, "error"));
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "is not a multicast address"));
  g_assert_null (sp_endpoint_get_multicast_group (server_endpoint));

  sp_test_set_text (server, "group_entry", "224.1.1.1");
  g_assert_false (gtk_widget_has_css_class (group_entry, "error"));
  g_assert_false (gtk_widget_get_visible (error_label));
  g_assert_cmpstr (sp_endpoint_get_multicast_group (server_endpoint), ==, "224.1.1.1");

  sp_test_set_text (server, "interface_entry", "no-such-if0");
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "(ENODEV)"));
  g_assert_null (sp_endpoint_get_multicast_interface (server_endpoint));
  sp_test_set_text (server, "interface_entry", "lo");
  g_assert_cmpstr (sp_endpoint_get_multicast_interface (server_endpoint), ==, "lo");

  /* A lesson's setup shows in the entry. */
  sp_endpoint_set_multicast_group (server_endpoint, "239.9.9.9");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (group_entry)), ==, "239.9.9.9");

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  sp_test_ui_init (&argc, &argv);

  g_test_add_func ("/socket-options/echo", test_echo);
  g_test_add_func ("/socket-options/broadcast-multicast", test_broadcast_multicast);

  return g_test_run ();
}
