/* test-endpoint-settings.c: kind, host and port as a student types them:
 * each mistake refused inline, nothing started (under Xvfb)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sp-test-ui.h"

static void
assert_refused (SpPane     *pane,
                const char *entry,
                const char *text)
{
  GtkWidget *label = sp_test_find_child (GTK_WIDGET (pane), "field_error_label");

  sp_test_set_text (pane, entry, text);
  g_assert_true (gtk_widget_get_visible (label));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), !=, "");
  g_test_message ("%s “%s”: %s", entry, text, gtk_label_get_text (GTK_LABEL (label)));
  g_signal_emit_by_name (sp_test_find_child (GTK_WIDGET (pane), "start_button"), "clicked");
  g_assert_cmpint (sp_endpoint_get_state (sp_pane_get_endpoint (pane)), ==, SP_ENDPOINT_STATE_STOPPED);
}

/* Bad input is refused inline, nothing starts; fixed, the message goes. */
static void
test_refused (void)
{
  SpWindow *window = sp_window_new (NULL);
  SpPane *server;
  GtkWidget *error_label;

  gtk_window_present (GTK_WINDOW (window));
  server = sp_window_get_pane (window, 0);

  sp_test_set_text (server, "port_entry", "65536");
  error_label = sp_test_find_child (GTK_WIDGET (server), "field_error_label");
  g_assert_true (gtk_widget_get_visible (error_label));
  g_signal_emit_by_name (sp_test_find_child (GTK_WIDGET (server), "start_button"), "clicked");
  g_assert_cmpint (sp_endpoint_get_state (sp_pane_get_endpoint (server)), ==, SP_ENDPOINT_STATE_STOPPED);

  sp_test_set_text (server, "port_entry", "0");
  g_assert_false (gtk_widget_get_visible (error_label));

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
shows_error (gpointer data)
{
  SpPane *pane = data;

  return sp_endpoint_get_state (sp_pane_get_endpoint (pane)) == SP_ENDPOINT_STATE_STOPPED &&
         sp_test_find_visible_label (GTK_WIDGET (pane), "not found") != NULL;
}

/* What a student may type: each refused inline, nothing started. */
static void
test_bad_address (void)
{
  SpWindow *window = sp_test_fresh_window ();
  SpPane *server, *client;
  const char *ports[] = { "", "-1", "65536", "abc", " 80" };
  const char *hosts[] = { "", "999.1.1.1", "::g" };

  server = sp_window_get_pane (window, 0);
  client = sp_window_get_pane (window, 1);

  for (guint i = 0; i < G_N_ELEMENTS (ports); i++)
    assert_refused (server, "port_entry", ports[i]);
  sp_test_set_text (server, "port_entry", "0");
  for (guint i = 0; i < G_N_ELEMENTS (hosts); i++)
    assert_refused (server, "host_entry", hosts[i]);
  sp_test_set_text (server, "host_entry", "127.0.0.1");
  g_assert_false (gtk_widget_get_visible (sp_test_find_child (GTK_WIDGET (server), "field_error_label")));

  /* A name that does not resolve: said inline, the pane stays stopped. */
  sp_test_set_text (client, "host_entry", "no-such-host.invalid");
  sp_test_set_text (client, "port_entry", "9");
  sp_test_click (client, "start_button");
  sp_test_wait_until (shows_error, client, 30000, "an error for a name that does not resolve");
  g_test_message ("%s", gtk_label_get_text (GTK_LABEL (sp_test_find_visible_label (GTK_WIDGET (client), "not found"))));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  sp_test_ui_init (&argc, &argv);

  g_test_add_func ("/endpoint-settings/refused", test_refused);
  g_test_add_func ("/endpoint-settings/bad-address", test_bad_address);

  return g_test_run ();
}
