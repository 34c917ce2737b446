/* test-composer.c: what a student may type to send: each mistake refused
 * inline, before anything is sent (under Xvfb)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

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

static gboolean
widget_hidden (gpointer widget)
{
  return !gtk_widget_get_visible (widget);
}

/* Timed sends and files: the controls are there and labelled, a file
 * sent through the composer arrives whole, a timed send shows k of N and
 * stops with Stop and with its pane. */
static void
test_timed_and_file (void)
{
  static const char *labelled[] = {
    "more_button", "timed_check", "interval_spin", "whole_check", "chunk_check", "chunk_spin",
    "send_file_button", "stop_button", "progress_bar",
  };
  SpWindow *window = sp_test_fresh_window ();
  SpPane *server = sp_window_get_pane (window, 0);
  SpPane *client = sp_window_get_pane (window, 1);
  SpComposer *composer = sp_pane_get_composer_widget (client);
  GtkWidget *progress = sp_test_find_child (GTK_WIDGET (client), "progress_box");
  g_autoptr(SpEndpoint) client_endpoint = g_object_ref (sp_pane_get_endpoint (client));
  g_autofree char *dir = g_dir_make_tmp ("sp-composer-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "data.bin", NULL);
  g_autofree char *missing_path = g_build_filename (dir, "missing.bin", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) missing = g_file_new_for_path (missing_path);
  g_autofree char *data = g_malloc (300000);
  SpTestBytes got;
  guint count, interval, chunk;

  /* The ⋮ menu is made when it first opens. Settings given before (a
   * saved layout) are what it shows then. */
  g_assert_null (sp_test_find_child (GTK_WIDGET (client), "timed_check"));
  sp_composer_set_send_settings (composer, 1, 0, 2048);
  sp_test_open_menu (client, "more_button");
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (sp_test_find_child (GTK_WIDGET (client), "timed_check"))));
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (sp_test_find_child (GTK_WIDGET (client), "chunk_check"))));
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (sp_test_find_child (GTK_WIDGET (client), "chunk_spin"))), ==, 2048);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (sp_test_find_child (GTK_WIDGET (client), "interval_spin"))), ==, 500);
  sp_composer_set_send_settings (composer, 1, 0, 0);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (sp_test_find_child (GTK_WIDGET (client), "whole_check"))));

  for (guint i = 0; i < G_N_ELEMENTS (labelled); i++)
    {
      GtkWidget *widget = sp_test_find_child (GTK_WIDGET (client), labelled[i]);

      g_test_message ("%s", labelled[i]);
      g_assert_nonnull (widget);
      g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL));
    }

  sp_test_start_pair (server, client);

  /* A file in 64 KiB chunks arrives whole; the log says how it went. */
  memset (data, 'f', 300000);
  g_assert_true (g_file_set_contents (path, data, 300000, NULL));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (sp_test_find_child (GTK_WIDGET (client), "chunk_check")), TRUE);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (sp_test_find_child (GTK_WIDGET (client), "chunk_spin")), 65536);
  sp_composer_send_file (composer, file);
  got = (SpTestBytes) { sp_pane_get_endpoint (server), 300000 };
  sp_test_wait_until (sp_test_has_received, &got, 0, "the file arrives");
  sp_test_wait_until (widget_hidden, progress, 0, "the progress bar goes");
  g_assert_true (sp_test_log_has_message (client_endpoint, "300000 bytes in 5 chunks"));

  /* A missing file: said inline, with its errno. */
  sp_composer_send_file (composer, missing);
  sp_test_wait_until (widget_hidden, progress, 0, "the file send fails");
  assert_composer_says (client, "ENOENT");

  /* Every 20 ms, 3 times: k of N while it runs. */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (sp_test_find_child (GTK_WIDGET (client), "timed_check")), TRUE);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (sp_test_find_child (GTK_WIDGET (client), "interval_spin")), 20);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (sp_test_find_child (GTK_WIDGET (client), "burst_spin")), 3);
  sp_composer_get_send_settings (composer, &count, &interval, &chunk);
  g_assert_cmpuint (count, ==, 3);
  g_assert_cmpuint (interval, ==, 20);
  g_assert_cmpuint (chunk, ==, 65536);
  sp_test_send_text (client, "tick");
  g_assert_true (gtk_widget_get_visible (progress));
  /* One job at a time: no file while the timer runs. */
  g_assert_false (gtk_widget_get_sensitive (sp_test_find_child (GTK_WIDGET (client), "send_file_button")));
  g_assert_nonnull (strstr (gtk_progress_bar_get_text (GTK_PROGRESS_BAR (sp_test_find_child (GTK_WIDGET (client), "progress_bar"))),
                            "1 of 3"));
  got = (SpTestBytes) { sp_pane_get_endpoint (server), 300000 + 12 };
  sp_test_wait_until (sp_test_has_received, &got, 0, "three ticks arrive");
  sp_test_wait_until (widget_hidden, progress, 0, "the timed send ends");
  g_assert_true (gtk_widget_get_sensitive (sp_test_find_child (GTK_WIDGET (client), "send_file_button")));

  /* Stop stops it. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (sp_test_find_child (GTK_WIDGET (client), "interval_spin")), 1000);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (sp_test_find_child (GTK_WIDGET (client), "burst_spin")), 100);
  sp_test_send_text (client, "tick");
  g_assert_true (gtk_widget_get_visible (progress));
  sp_test_click (client, "stop_button");
  g_assert_false (gtk_widget_get_visible (progress));
  g_assert_true (sp_test_log_has_message (client_endpoint, "stopped after 1 of 100"));

  /* So does closing the pane. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (sp_test_find_child (GTK_WIDGET (client), "burst_spin")), 50);
  sp_test_send_text (client, "tick");
  g_assert_true (gtk_widget_get_visible (progress));
  sp_window_remove_pane (window, client);
  g_assert_true (sp_test_log_has_message (client_endpoint, "stopped after 1 of 50"));

  g_unlink (path);
  g_rmdir (dir);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  sp_test_ui_init (&argc, &argv);

  g_test_add_func ("/composer/hex-refused", test_hex_refused);
  g_test_add_func ("/composer/bad-input", test_bad_input);
  g_test_add_func ("/composer/timed-and-file", test_timed_and_file);

  return g_test_run ();
}
