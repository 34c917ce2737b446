/* test-composer.c: what a student may type to send: each mistake refused
 * inline, before anything is sent (under Xvfb)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sp-test-ui.h"

static void
assert_composer_says (SpPane     *pane,
                      const char *what)
{
  GtkWidget *label = sp_test_find_child (GTK_WIDGET (pane), "composer_error_label");

  g_assert_true (gtk_widget_get_visible (label));
  g_test_message ("composer: %s", gtk_label_get_text (GTK_LABEL (label)));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), what));
}

/* Hex input with a bad character is refused, nothing is sent. */
static void
test_hex_refused (void)
{
  SpWindow *window = sp_window_new (NULL);
  SpPane *server, *client;

  gtk_window_present (GTK_WINDOW (window));
  server = sp_window_get_pane (window, 0);
  client = sp_window_get_pane (window, 1);
  sp_test_start_pair (server, client);

  {
    SpEventLog *log = sp_endpoint_get_events (sp_pane_get_endpoint (client));
    guint before = g_list_model_get_n_items (G_LIST_MODEL (log));
    GtkWidget *composer_error = sp_test_find_child (GTK_WIDGET (client), "composer_error_label");

    gtk_drop_down_set_selected (GTK_DROP_DOWN (sp_test_find_child (GTK_WIDGET (client), "send_as_dropdown")), 1);
    sp_test_set_text (client, "message_entry", "48 6z");
    sp_test_click (client, "send_button");
    /* The composer said why (a send, had there been one, is logged as it
     * is made). */
    g_assert_true (gtk_widget_get_visible (composer_error));
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (composer_error)), "5"));
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, before);
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Hex with an odd digit or junk, a paste too big for the box, a count out
 * of range: each refused inline, nothing sent. */
static void
test_bad_input (void)
{
  SpWindow *window = sp_test_fresh_window ();
  SpPane *server, *client;
  GtkWidget *message, *burst;

  server = sp_window_get_pane (window, 0);
  client = sp_window_get_pane (window, 1);
  /* Connected: anything the composer let through would go out. */
  sp_test_start_pair (server, client);

  /* Hex with an odd digit or junk: refused before anything is sent. */
  message = sp_test_find_child (GTK_WIDGET (client), "message_entry");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (sp_test_find_child (GTK_WIDGET (client), "send_as_dropdown")), 1);
  gtk_editable_set_text (GTK_EDITABLE (message), "48 6");
  g_signal_emit_by_name (sp_test_find_child (GTK_WIDGET (client), "send_button"), "clicked");
  assert_composer_says (client, "digit");
  gtk_editable_set_text (GTK_EDITABLE (message), "48 zz");
  g_signal_emit_by_name (sp_test_find_child (GTK_WIDGET (client), "send_button"), "clicked");
  assert_composer_says (client, "“z”");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (sp_test_find_child (GTK_WIDGET (client), "send_as_dropdown")), 0);

  /* 100 MiB pasted: not cut short in silence, refused whole. */
  {
    gsize size = 100 * 1024 * 1024;
    g_autofree char *huge = g_malloc (size + 1);
    int position = 0;

    memset (huge, 'x', size);
    huge[size] = '\0';
    gtk_editable_set_text (GTK_EDITABLE (message), "");
    gtk_editable_insert_text (GTK_EDITABLE (message), huge, -1, &position);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (message)), ==, "");
    assert_composer_says (client, "Not pasted");
  }

  /* A burst of 10^9 becomes the maximum, and says so; junk is refused. */
  burst = sp_test_find_child (GTK_WIDGET (client), "burst_spin");
  gtk_editable_set_text (GTK_EDITABLE (burst), "1000000000");
  gtk_spin_button_update (GTK_SPIN_BUTTON (burst));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (burst)), ==, 10000);
  assert_composer_says (client, "10000");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (burst), 3);
  gtk_editable_set_text (GTK_EDITABLE (burst), "abc");
  gtk_spin_button_update (GTK_SPIN_BUTTON (burst));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (burst)), ==, 3);
  assert_composer_says (client, "whole number from 1 to 10000");

  /* Nothing went out. */
  g_assert_cmpuint (sp_event_log_get_bytes_sent (sp_endpoint_get_events (sp_pane_get_endpoint (client))), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  sp_test_ui_init (&argc, &argv);

  g_test_add_func ("/composer/hex-refused", test_hex_refused);
  g_test_add_func ("/composer/bad-input", test_bad_input);

  return g_test_run ();
}
