/* test-socket-options.c: a pane's socket options, offered to the kinds
 * they apply to and working from the pane (under Xvfb)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sp-test-ui.h"

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

int
main (int   argc,
      char *argv[])
{
  sp_test_ui_init (&argc, &argv);

  g_test_add_func ("/socket-options/echo", test_echo);

  return g_test_run ();
}
