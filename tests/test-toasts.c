/* test-toasts.c: what the window says in toasts and asks in dialogs:
 * closing a pane and bringing it back, where a save went, replacing the
 * panes in use with a session (under Xvfb)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "sp-test-ui.h"

static gboolean
is_freed (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static guint
n_events (SpEndpoint *endpoint)
{
  return g_list_model_get_n_items (G_LIST_MODEL (sp_endpoint_get_events (endpoint)));
}

static gboolean
reopened_note_shows (gpointer pane)
{
  return sp_test_find_visible_label (pane, "Closed and brought back") != NULL;
}

/* × on a pane with a log: the toast names it, Undo brings it back at its
 * place, around the same endpoint, stopped, with every row of its log. */
static void
test_undo_close (void)
{
  SpWindow *window = sp_test_fresh_window ();
  SpPane *server = sp_window_get_pane (window, 0);
  SpPane *client = sp_window_get_pane (window, 1);
  SpPane *third, *back;
  SpEndpoint *server_ep = sp_pane_get_endpoint (server);
  gpointer watch = server_ep;
  guint rows, port;

  sp_test_start_pair (server, client);
  sp_test_send_text (client, "hello");
  sp_test_wait_until (sp_test_has_received_hello, server, 0, "hello at the server");
  port = sp_endpoint_get_bound_port (server_ep);
  sp_test_set_text (server, "message_entry", "kept message");
  /* A third pane, so that the server's place is between two. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.add-pane", NULL);
  third = sp_window_get_pane (window, 2);
  gtk_box_reorder_child_after (GTK_BOX (gtk_widget_get_parent (GTK_WIDGET (server))),
                               GTK_WIDGET (server), GTK_WIDGET (client));
  g_assert_true (sp_window_get_pane (window, 1) == server);

  g_object_add_weak_pointer (watch, &watch);
  g_signal_emit_by_name (sp_test_find_child (GTK_WIDGET (server), "close_button"), "clicked");
  g_assert_cmpuint (sp_window_get_n_panes (window), ==, 2);
  sp_test_wait_for_toast (GTK_WIDGET (window), "TCP server 1 closed");
  /* Kept while the toast lives, its sockets closed; the log says so. */
  g_assert_nonnull (watch);
  g_assert_cmpint (sp_endpoint_get_state (server_ep), ==, SP_ENDPOINT_STATE_STOPPED);
  rows = n_events (server_ep);
  g_assert_cmpuint (rows, >, 3);

  sp_test_click_toast_button (GTK_WIDGET (window), "_Undo");
  g_assert_cmpuint (sp_window_get_n_panes (window), ==, 3);
  back = sp_window_get_pane (window, 1);
  g_assert_true (sp_window_get_pane (window, 0) == client);
  g_assert_true (sp_window_get_pane (window, 2) == third);
  g_assert_true (sp_pane_get_endpoint (back) == server_ep);
  g_assert_cmpuint (sp_pane_get_number (back), ==, 1);
  g_assert_cmpint (sp_endpoint_get_state (server_ep), ==, SP_ENDPOINT_STATE_STOPPED);
  g_assert_cmpuint (sp_endpoint_get_port (server_ep), ==, 0);
  {
    GtkWidget *message = sp_test_find_child (GTK_WIDGET (back), "message_entry");

    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (message)), ==, "kept message");
  }
  /* Every row of the log, as many as before the close. */
  sp_test_wait_until (sp_test_list_shows_all, back, 0, "the whole log in the pane brought back");
  g_assert_cmpuint (g_list_model_get_n_items (sp_test_shown_events (back)), ==, rows);
  g_assert_cmpuint (n_events (server_ep), ==, rows);
  g_assert_true (sp_test_pane_is_running (client));
  /* The pane says its sockets are closed, until it starts again. */
  g_assert_true (sp_pane_get_reopened (back));
  sp_test_wait_until (reopened_note_shows, back, 0, "the note on the pane brought back");
  sp_test_click (back, "start_button");
  sp_test_wait_until (sp_test_pane_is_running, back, 0, "the pane brought back to start");
  g_assert_false (sp_pane_get_reopened (back));
  g_assert_false (reopened_note_shows (back));
  g_assert_cmpuint (sp_endpoint_get_bound_port (server_ep), !=, port);

  /* Once its toast is gone, a close is final: the endpoint is freed. */
  sp_test_dismiss_toasts (GTK_WIDGET (window));
  gtk_widget_activate_action (GTK_WIDGET (back), "pane.close", NULL);
  sp_test_wait_for_toast (GTK_WIDGET (window), "TCP server 1 closed");
  sp_test_dismiss_toasts (GTK_WIDGET (window));
  sp_test_wait_until (is_freed, &watch, 0, "the closed pane's endpoint to be freed");
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo-close", NULL) &&
                  sp_window_get_n_panes (window) != 2);
  g_assert_cmpuint (sp_window_get_n_panes (window), ==, 2);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Closing a second pane makes the first close final; Undo brings back the
 * last one only. */
static void
test_close_two (void)
{
  SpWindow *window = sp_test_fresh_window ();
  SpPane *server = sp_window_get_pane (window, 0);
  SpPane *client = sp_window_get_pane (window, 1);
  gpointer first = sp_pane_get_endpoint (server);
  SpEndpoint *second = sp_pane_get_endpoint (client);

  g_object_add_weak_pointer (first, &first);
  gtk_widget_activate_action (GTK_WIDGET (server), "pane.close", NULL);
  gtk_widget_activate_action (GTK_WIDGET (client), "pane.close", NULL);
  g_assert_cmpuint (sp_window_get_n_panes (window), ==, 0);
  sp_test_wait_until (is_freed, &first, 0, "the first closed pane's endpoint to be freed");
  sp_test_wait_for_toast (GTK_WIDGET (window), "TCP client 2 closed");

  sp_test_click_toast_button (GTK_WIDGET (window), "_Undo");
  g_assert_cmpuint (sp_window_get_n_panes (window), ==, 1);
  g_assert_true (sp_pane_get_endpoint (sp_window_get_pane (window, 0)) == second);

  sp_test_dismiss_toasts (GTK_WIDGET (window));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Export Log as CSV through the save dialog: the toast names the file
 * and its size, and offers its folder. */
static void
test_export_toast (void)
{
  SpWindow *window = sp_test_fresh_window ();
  g_autofree char *dir = g_dir_make_tmp ("sp-toasts-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "class & log.csv", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *size = NULL;
  g_autofree char *expected = NULL;
  GtkWidget *toast;
  gsize length;

  sp_test_start_pair (sp_window_get_pane (window, 0), sp_window_get_pane (window, 1));
  sp_test_dismiss_toasts (GTK_WIDGET (window));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.export-log", NULL);
  sp_test_save_in_file_chooser (path);
  toast = sp_test_wait_for_toast (GTK_WIDGET (window), "class & log.csv");

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 0);
  size = g_format_size_full (length, G_FORMAT_SIZE_IEC_UNITS);
  expected = g_strdup_printf ("Saved %s to class & log.csv", size);
  g_assert_nonnull (sp_test_find_visible_label (toast, expected));
  g_assert_nonnull (sp_test_find_button (toast, "_Open Folder"));

  sp_test_dismiss_toasts (GTK_WIDGET (window));
  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (path);
  g_rmdir (dir);
}

static const char session[] =
  "[Socket Playground Session]\nVersion=1\nPanes=3\n\n"
  "[Pane 1]\nKind=udp-server\nHost=127.0.0.1\nPort=8000\n\n"
  "[Pane 2]\nKind=udp-client\nHost=127.0.0.1\nPort=8000\n\n"
  "[Pane 3]\nKind=tcp-server\nHost=::1\nPort=8081\n";

static gboolean
has_n_panes (gpointer data)
{
  gpointer *args = data;

  return sp_window_get_n_panes (args[0]) == GPOINTER_TO_UINT (args[1]);
}

/* Opening a session while a pane runs asks first: Cancel keeps the panes
 * (and their sockets), Replace loads the session. */
static void
test_replace_question (void)
{
  SpWindow *window = sp_test_fresh_window ();
  SpPane *server = sp_window_get_pane (window, 0);
  g_autofree char *dir = g_dir_make_tmp ("sp-toasts-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "lesson.spsession", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  AdwMessageDialog *dialog;
  gpointer args[2] = { window, GUINT_TO_POINTER (3) };

  g_assert_true (g_file_set_contents (path, session, -1, NULL));
  sp_test_set_text (server, "port_entry", "0");
  sp_test_click (server, "start_button");
  sp_test_wait_until (sp_test_pane_is_running, server, 0, "server");

  sp_window_open_session (window, file);
  dialog = ADW_MESSAGE_DIALOG (sp_test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Replace the 2 open panes?");
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  sp_test_click_dialog_button (GTK_WINDOW (dialog), "_Cancel");
  g_assert_cmpuint (sp_window_get_n_panes (window), ==, 2);
  g_assert_true (sp_window_get_pane (window, 0) == server);
  g_assert_true (sp_test_pane_is_running (server));

  /* A close still undoable is final once the session replaces the
   * panes: Undo would bring a pane of the old set into the new. */
  gtk_widget_activate_action (GTK_WIDGET (sp_window_get_pane (window, 1)), "pane.close", NULL);
  sp_test_wait_for_toast (GTK_WIDGET (window), "TCP client 2 closed");
  sp_window_open_session (window, file);
  dialog = ADW_MESSAGE_DIALOG (sp_test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Replace the open pane?");
  sp_test_click_dialog_button (GTK_WINDOW (dialog), "_Replace");
  sp_test_click_toast_button (GTK_WIDGET (window), "_Undo");
  g_assert_cmpuint (sp_window_get_n_panes (window), ==, 3);
  g_assert_cmpint (sp_endpoint_get_kind (sp_pane_get_endpoint (sp_window_get_pane (window, 0))), ==,
                   SP_ENDPOINT_KIND_UDP_SERVER);

  /* Nothing in use (stopped, empty logs): no question. */
  g_assert_true (sp_window_load_session (window, session, sizeof session - 1, NULL));
  args[1] = GUINT_TO_POINTER (2);
  {
    static const char two[] =
      "[Socket Playground Session]\nVersion=1\nPanes=2\n\n"
      "[Pane 1]\nKind=udp-server\nHost=127.0.0.1\nPort=8000\n\n"
      "[Pane 2]\nKind=udp-client\nHost=127.0.0.1\nPort=8000\n";

    g_assert_true (g_file_set_contents (path, two, -1, NULL));
  }
  sp_window_open_session (window, file);
  sp_test_wait_until (has_n_panes, args, 0, "the session to load without a question");

  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  sp_test_ui_init (&argc, &argv);
  /* As AdwApplication does at startup: libadwaita's stylesheet, for the
   * toasts and dialogs as they look. (Not for every UI test: the app's
   * startup, which some run, still sets GTK's own dark-theme setting,
   * which libadwaita refuses.) */
  adw_init ();

  g_test_add_func ("/toasts/undo-close", test_undo_close);
  g_test_add_func ("/toasts/close-two", test_close_two);
  g_test_add_func ("/toasts/export", test_export_toast);
  g_test_add_func ("/toasts/replace-question", test_replace_question);

  return g_test_run ();
}
