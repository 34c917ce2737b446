/* test-window.c: the window and panes, driven as a user would (under Xvfb)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sp-test-util.h"

#include <locale.h>

#include <glib/gi18n.h>
#include <gtk/gtk.h>

#include "sp-application.h"
#include "sp-event-row.h"
#include "sp-hex-view.h"
#include "sp-preferences-window.h"
#include "sp-window.h"
#include "sp-wrap-label.h"



typedef gboolean (*Match) (GtkWidget     *widget,
                           gconstpointer  data);

/* The first descendant of @root, depth first, that @match accepts. */
static GtkWidget *
find_descendant (GtkWidget     *root,
                 Match          match,
                 gconstpointer  data)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (match (child, data))
        return child;
      if ((found = find_descendant (child, match, data)) != NULL)
        return found;
    }

  return NULL;
}

/* Template children carry their .ui id as buildable id. */
static gboolean
has_id (GtkWidget     *widget,
        gconstpointer  id)
{
  return g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget)), id) == 0;
}

static GtkWidget *
find_child (GtkWidget  *root,
            const char *id)
{
  return find_descendant (root, has_id, id);
}

/* A window with the first-start panes (a TCP server and its client),
 * whatever panes an earlier test left in the saved layout. */
static SpWindow *
fresh_window (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  SpWindow *window;

  g_settings_reset (settings, "pane-layout");
  window = sp_window_new (NULL);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_cmpuint (sp_window_get_n_panes (window), ==, 2);

  return window;
}

static void
collect_rows (GtkWidget *root,
              GPtrArray *rows)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (SP_IS_EVENT_ROW (child))
        g_ptr_array_add (rows, child);
      collect_rows (child, rows);
    }
}

static void
set_text (SpPane     *pane,
          const char *id,
          const char *text)
{
  GtkWidget *entry = find_child (GTK_WIDGET (pane), id);

  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
}

static void
click (SpPane     *pane,
       const char *id)
{
  GtkWidget *button = find_child (GTK_WIDGET (pane), id);

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static gboolean
is_running (gpointer data)
{
  return sp_endpoint_get_state (sp_pane_get_endpoint (data)) == SP_ENDPOINT_STATE_RUNNING;
}

/* Starts @server on an ephemeral port and connects @client to it, both
 * through their panes' controls. */
static void
start_pair (SpPane *server,
            SpPane *client)
{
  g_autofree char *port = NULL;

  set_text (server, "port_entry", "0");
  click (server, "start_button");
  sp_test_wait_until (is_running, server, 0, "server");
  port = g_strdup_printf ("%u", sp_endpoint_get_bound_port (sp_pane_get_endpoint (server)));
  set_text (client, "host_entry", "127.0.0.1");
  set_text (client, "port_entry", port);
  click (client, "start_button");
  sp_test_wait_until (is_running, client, 0, "client");
}

/* A visible row in @pane's log shows a received event with @text. */
static gboolean
has_received_row (gpointer data)
{
  SpPane *pane = data;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect_rows (find_child (GTK_WIDGET (pane), "events_list"), rows);
  for (guint i = 0; i < rows->len; i++)
    {
      SpEvent *event = sp_event_row_get_event (rows->pdata[i]);

      if (event != NULL && sp_event_get_kind (event) == SP_EVENT_KIND_RECEIVED)
        {
          g_autofree char *text = sp_event_describe (event, SP_TEXT_ENCODING_UTF8);

          if (strstr (text, "hello") != NULL && gtk_widget_get_mapped (rows->pdata[i]))
            return TRUE;
        }
    }

  return FALSE;
}

static void
test_window_panes (void)
{
  SpWindow *window = sp_window_new (NULL);
  SpPane *server, *client, *added;
  g_autofree char *port = NULL;
  GtkWidget *error_label;

  gtk_window_present (GTK_WINDOW (window));

  /* First start: a server and its client, side by side. */
  g_assert_cmpuint (sp_window_get_n_panes (window), ==, 2);
  server = sp_window_get_pane (window, 0);
  client = sp_window_get_pane (window, 1);
  g_assert_cmpint (sp_endpoint_get_kind (sp_pane_get_endpoint (server)), ==, SP_ENDPOINT_KIND_TCP_SERVER);
  g_assert_cmpint (sp_endpoint_get_kind (sp_pane_get_endpoint (client)), ==, SP_ENDPOINT_KIND_TCP_CLIENT);

  /* Add pane adds one, its close button closes it. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.add-pane", NULL);
  g_assert_cmpuint (sp_window_get_n_panes (window), ==, 3);
  added = sp_window_get_pane (window, 2);
  gtk_widget_activate_action (GTK_WIDGET (added), "pane.close", NULL);
  g_assert_cmpuint (sp_window_get_n_panes (window), ==, 2);

  /* Bad input is refused inline, nothing starts. */
  set_text (server, "port_entry", "65536");
  error_label = find_child (GTK_WIDGET (server), "field_error_label");
  g_assert_true (gtk_widget_get_visible (error_label));
  g_signal_emit_by_name (find_child (GTK_WIDGET (server), "start_button"), "clicked");
  g_assert_cmpint (sp_endpoint_get_state (sp_pane_get_endpoint (server)), ==, SP_ENDPOINT_STATE_STOPPED);

  /* Port 0: the system picks, the pane shows it. */
  set_text (server, "port_entry", "0");
  g_assert_false (gtk_widget_get_visible (error_label));
  click (server, "start_button");
  sp_test_wait_until (is_running, server, 0, "server");
  port = g_strdup_printf ("%u", sp_endpoint_get_bound_port (sp_pane_get_endpoint (server)));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (find_child (GTK_WIDGET (server), "status_label"))), port));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (find_child (GTK_WIDGET (server), "start_button"))), ==, "Stop");

  set_text (client, "port_entry", port);
  click (client, "start_button");
  sp_test_wait_until (is_running, client, 0, "client");

  set_text (client, "message_entry", "hello");
  click (client, "send_button");
  sp_test_wait_until (has_received_row, server, 0, "a received row showing hello");

  /* The log filter and search show only what matches. */
  {
    GtkListView *list = GTK_LIST_VIEW (find_child (GTK_WIDGET (server), "events_list"));
    GListModel *shown = G_LIST_MODEL (gtk_list_view_get_model (list));
    GtkDropDown *filter = GTK_DROP_DOWN (find_child (GTK_WIDGET (server), "filter_dropdown"));

    gtk_drop_down_set_selected (filter, 2);  /* Received */
    g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 1);
    gtk_drop_down_set_selected (filter, 0);
    /* A search entry waits for more typing; say it's done. */
    set_text (server, "log_search_entry", "68 65 6c");   /* "hel" as hex */
    g_signal_emit_by_name (find_child (GTK_WIDGET (server), "log_search_entry"), "search-changed");
    g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 1);
    set_text (server, "log_search_entry", "#1");   /* connection 1: accepted, received */
    g_signal_emit_by_name (find_child (GTK_WIDGET (server), "log_search_entry"), "search-changed");
    g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 2);
    set_text (server, "log_search_entry", "nothing like this");
    g_signal_emit_by_name (find_child (GTK_WIDGET (server), "log_search_entry"), "search-changed");
    g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 0);
    set_text (server, "log_search_entry", "");
    g_signal_emit_by_name (find_child (GTK_WIDGET (server), "log_search_entry"), "search-changed");
    g_assert_cmpuint (g_list_model_get_n_items (shown), >, 1);
  }

  /* Hex input with a bad character is refused, nothing is sent. */
  {
    SpEventLog *log = sp_endpoint_get_events (sp_pane_get_endpoint (client));
    guint before = g_list_model_get_n_items (G_LIST_MODEL (log));
    GtkWidget *composer_error = find_child (GTK_WIDGET (client), "composer_error_label");

    gtk_drop_down_set_selected (GTK_DROP_DOWN (find_child (GTK_WIDGET (client), "send_as_dropdown")), 1);
    set_text (client, "message_entry", "48 6z");
    click (client, "send_button");
    g_assert_true (gtk_widget_get_visible (composer_error));
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (composer_error)), "5"));
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, before);
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

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
  server_echo = find_child (GTK_WIDGET (server), "echo_check");
  client_echo = find_child (GTK_WIDGET (client), "echo_check");
  g_assert_nonnull (server_echo);
  g_assert_true (gtk_widget_get_visible (server_echo));
  g_assert_false (gtk_widget_get_visible (client_echo));
  g_assert_false (sp_endpoint_get_echo (sp_pane_get_endpoint (server)));

  gtk_check_button_set_active (GTK_CHECK_BUTTON (server_echo), TRUE);
  g_assert_true (sp_endpoint_get_echo (sp_pane_get_endpoint (server)));

  start_pair (server, client);

  set_text (client, "message_entry", "hello");
  click (client, "send_button");
  sp_test_wait_until (has_received_row, client, 0, "the echo of hello in the client's log");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
collect_buttons (GtkWidget  *root,
                 const char *label,
                 GPtrArray  *buttons)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_BUTTON (child) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (child)), label) == 0)
        g_ptr_array_add (buttons, child);
      collect_buttons (child, label, buttons);
    }
}

typedef struct {
  SpLessonPanel *panel;
  guint          step;
} LessonWait;

static gboolean
lesson_step_done (gpointer data)
{
  LessonWait *w = data;

  return sp_lesson_session_step_done (sp_lesson_panel_get_session (w->panel), w->step);
}

/* The sticky-packets lesson, done with its "Set it up for me" buttons. */
static void
test_lesson_sticky (void)
{
  SpWindow *window = sp_window_new (NULL);
  SpLessonPanel *panel = sp_window_get_lesson_panel (window);
  GListModel *lessons = sp_lesson_panel_get_lessons (panel);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  g_auto(GStrv) progress = NULL;
  SpLessonSession *session;
  SpLesson *lesson;
  guint index = G_MAXUINT;

  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-lessons", NULL);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (panel)));

  g_assert_nonnull (lessons);
  for (guint i = 0; i < g_list_model_get_n_items (lessons); i++)
    {
      g_autoptr(SpLesson) l = g_list_model_get_item (lessons, i);

      if (g_str_equal (sp_lesson_get_id (l), "sticky-two-sends"))
        index = i;
    }
  g_assert_cmpuint (index, !=, G_MAXUINT);
  g_assert_true (sp_lesson_panel_open (panel, index));

  session = sp_lesson_panel_get_session (panel);
  lesson = sp_lesson_session_get_lesson (session);
  g_assert_cmpuint (sp_lesson_session_get_n_done (session), ==, 0);

  collect_buttons (GTK_WIDGET (panel), "Set it up for me", buttons);
  g_assert_cmpuint (buttons->len, ==, sp_lesson_get_n_steps (lesson));

  for (guint s = 0; s < buttons->len; s++)
    {
      LessonWait w = { panel, s };

      g_signal_emit_by_name (buttons->pdata[s], "clicked");
      sp_test_wait_until (lesson_step_done, &w, 20000, sp_lesson_get_step (lesson, s)->id);
    }

  g_assert_cmpuint (sp_lesson_session_get_n_done (session), ==, sp_lesson_get_n_steps (lesson));

  /* Progress is kept for the next start. */
  progress = g_settings_get_strv (settings, "lesson-progress");
  g_assert_cmpuint (g_strv_length (progress), ==, sp_lesson_get_n_steps (lesson));

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
server_has_bytes (gpointer data)
{
  SpEndpoint *server = data;

  return sp_event_log_get_bytes_received (sp_endpoint_get_events (server)) >= 15;
}

/* The diagram draws an arrow per send() after a scripted exchange. */
static void
test_diagram (void)
{
  SpWindow *window = sp_window_new (NULL);
  SpPane *server = sp_window_get_pane (window, 0);
  SpPane *client = sp_window_get_pane (window, 1);
  SpSequenceView *view = sp_window_get_sequence_view (window);

  /* Whatever an earlier test left in the settings: a TCP pair. */
  sp_endpoint_reconfigure (sp_pane_get_endpoint (server), SP_ENDPOINT_KIND_TCP_SERVER, "127.0.0.1", 0);
  sp_endpoint_reconfigure (sp_pane_get_endpoint (client), SP_ENDPOINT_KIND_TCP_CLIENT, "127.0.0.1", 1);
  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-diagram", NULL);
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_parent (GTK_WIDGET (view))));

  start_pair (server, client);

  for (guint i = 0; i < 3; i++)
    {
      set_text (client, "message_entry", "hello");
      click (client, "send_button");
    }
  sp_test_wait_until (server_has_bytes, sp_pane_get_endpoint (server), 0, "15 bytes");

  sp_sequence_view_refresh (view);
  /* connect() → accept(), and three send() arrows. */
  g_assert_cmpuint (sp_sequence_view_get_n_arrows (view), ==, 4);

  gtk_window_destroy (GTK_WINDOW (window));
}

static int
natural_height (GtkWidget *widget)
{
  int natural = 0;

  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, -1, NULL, &natural, NULL, NULL);
  return natural;
}

/* Projector mode: Ctrl+plus makes text larger, and it is remembered. */
static void
test_zoom (void)
{
  SpWindow *window = sp_window_new (NULL);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GtkWidget *status;
  int before, after;

  gtk_window_present (GTK_WINDOW (window));
  sp_window_set_zoom (window, 1.0);
  sp_test_settle (100);
  status = find_child (GTK_WIDGET (sp_window_get_pane (window, 0)), "empty_label");
  before = natural_height (status);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-in", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-in", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-in", NULL);
  sp_test_settle (100);
  after = natural_height (status);

  g_assert_cmpfloat_with_epsilon (sp_window_get_zoom (window), 1.3, 0.001);
  g_assert_cmpfloat_with_epsilon (g_settings_get_double (settings, "zoom"), 1.3, 0.001);
  g_assert_cmpint (after, >, before);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-reset", NULL);
  g_assert_cmpfloat_with_epsilon (g_settings_get_double (settings, "zoom"), 1.0, 0.001);

  /* Keyboard: Ctrl+R in a pane starts it, Ctrl+L clears its log. */
  {
    SpPane *pane = sp_window_get_pane (window, 0);

    sp_endpoint_reconfigure (sp_pane_get_endpoint (pane), SP_ENDPOINT_KIND_TCP_SERVER, "127.0.0.1", 0);
    gtk_widget_activate_action (GTK_WIDGET (pane), "pane.start-stop", NULL);
    g_assert_cmpint (sp_endpoint_get_state (sp_pane_get_endpoint (pane)), !=, SP_ENDPOINT_STATE_STOPPED);
    gtk_widget_activate_action (GTK_WIDGET (pane), "pane.start-stop", NULL);
    g_assert_cmpint (sp_endpoint_get_state (sp_pane_get_endpoint (pane)), ==, SP_ENDPOINT_STATE_STOPPED);
  }

  /* Clearing a pane's log empties it. */
  {
    SpPane *pane = sp_window_get_pane (window, 0);
    SpEventLog *log = sp_endpoint_get_events (sp_pane_get_endpoint (pane));

    sp_endpoint_start (sp_pane_get_endpoint (pane));
    gtk_widget_activate_action (GTK_WIDGET (pane), "pane.clear-log", NULL);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 0);
    sp_endpoint_stop (sp_pane_get_endpoint (pane));
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Preferences write GSettings, and the window follows them. */
static void
test_preferences (void)
{
  SpWindow *window = sp_window_new (NULL);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GtkWidget *prefs = sp_preferences_window_new (GTK_WINDOW (window), settings);
  gboolean wall_clock = FALSE;

  gtk_window_present (GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (prefs));

  gtk_drop_down_set_selected (GTK_DROP_DOWN (find_child (prefs, "language_dropdown")), 2);
  g_assert_cmpstr (g_settings_get_string (settings, "language"), ==, "zh_CN");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (find_child (prefs, "style_dropdown")), 2);
  g_assert_cmpstr (g_settings_get_string (settings, "style"), ==, "dark");

  gtk_drop_down_set_selected (GTK_DROP_DOWN (find_child (prefs, "timestamps_dropdown")), 1);
  g_object_get (sp_window_get_pane (window, 0), "wall-clock", &wall_clock, NULL);
  g_assert_true (wall_clock);

  gtk_check_button_set_active (GTK_CHECK_BUTTON (find_child (prefs, "colour_blind_check")), TRUE);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (window), "colour-blind"));

  /* New panes start with the default framing. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (find_child (prefs, "framing_dropdown")), 1);
  g_assert_cmpstr (g_settings_get_string (settings, "default-framing"), ==, "python-i");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.add-pane", NULL);
  g_assert_cmpint (sp_endpoint_get_framing (sp_pane_get_endpoint (sp_window_get_pane (window, sp_window_get_n_panes (window) - 1)))->mode,
                   ==, SP_FRAMING_LENGTH_PREFIX);
  g_settings_reset (settings, "default-framing");

  /* Settings changed elsewhere show in the window too. */
  g_settings_set (settings, "default-port", "q", (guint16) 9000);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (find_child (prefs, "port_spin"))), ==, 9000);

  /* Hex dumps follow the bytes-per-line setting. */
  {
    SpPane *pane = sp_window_get_pane (window, 0);
    GtkWidget *hex_view = find_child (GTK_WIDGET (pane), "hex_view");
    GtkListView *hex_list = GTK_LIST_VIEW (find_child (hex_view, "hex_list"));
    g_autoptr(GBytes) bytes = g_bytes_new_static ("0123456789abcdefghij", 20);
    SpEventInit init = { .kind = SP_EVENT_KIND_RECEIVED, .direction = SP_DIRECTION_IN, .payload = bytes };
    g_autoptr(SpEvent) event = sp_event_new (&init);
    guint bytes_per_line = 0;

    sp_hex_view_set_event (SP_HEX_VIEW (hex_view), event, NULL);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (hex_list))), ==, 2);

    gtk_drop_down_set_selected (GTK_DROP_DOWN (find_child (prefs, "bytes_per_line_dropdown")), 0);
    g_assert_cmpstr (g_settings_get_string (settings, "hex-bytes-per-line"), ==, "8");
    g_object_get (pane, "bytes-per-line", &bytes_per_line, NULL);
    g_assert_cmpuint (bytes_per_line, ==, 8);
    g_assert_cmpuint (sp_hex_view_get_bytes_per_line (SP_HEX_VIEW (hex_view)), ==, 8);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (hex_list))), ==, 3);

    g_settings_set_string (settings, "hex-bytes-per-line", "32");
    g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (find_child (prefs, "bytes_per_line_dropdown"))), ==, 2);
    g_assert_cmpuint (sp_hex_view_get_bytes_per_line (SP_HEX_VIEW (hex_view)), ==, 32);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (hex_list))), ==, 1);
    sp_hex_view_set_event (SP_HEX_VIEW (hex_view), NULL, NULL);
  }

  /* The capture limit, in MiB. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (find_child (prefs, "capture_spin")), 512);
  g_assert_cmpuint (g_settings_get_uint (settings, "capture-limit-mib"), ==, 512);
  g_settings_set_uint (settings, "capture-limit-mib", 1024);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (find_child (prefs, "capture_spin"))), ==, 1024);
  g_settings_reset (settings, "capture-limit-mib");

  g_settings_reset (settings, "hex-bytes-per-line");
  g_settings_reset (settings, "language");
  g_settings_reset (settings, "style");
  g_settings_reset (settings, "timestamps");
  g_settings_reset (settings, "colour-blind");
  g_settings_reset (settings, "default-port");
  gtk_window_destroy (GTK_WINDOW (prefs));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Opening a session replaces the panes; a bad file changes nothing. */
static void
test_open_session (void)
{
  SpWindow *window = sp_window_new (NULL);
  g_autoptr(GError) error = NULL;
  static const char good[] =
    "[Socket Playground Session]\nVersion=1\nPanes=3\n\n"
    "[Pane 1]\nKind=udp-server\nHost=127.0.0.1\nPort=8000\n\n"
    "[Pane 2]\nKind=udp-client\nHost=127.0.0.1\nPort=8000\nMessage=Hi Server\n\n"
    "[Pane 3]\nKind=tcp-server\nHost=::1\nPort=8081\nFraming=python-i\nReuseAddress=true\n";
  static const char truncated[] =
    "[Socket Playground Session]\nVersion=1\nPanes=3\n\n[Pane 1]\nKind=udp-ser";

  gtk_window_present (GTK_WINDOW (window));
  g_assert_cmpuint (sp_window_get_n_panes (window), ==, 2);

  g_assert_false (sp_window_load_session (window, truncated, sizeof truncated - 1, &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_assert_cmpuint (sp_window_get_n_panes (window), ==, 2);
  g_assert_cmpint (sp_endpoint_get_kind (sp_pane_get_endpoint (sp_window_get_pane (window, 0))), ==,
                   SP_ENDPOINT_KIND_TCP_SERVER);

  g_assert_true (sp_window_load_session (window, good, sizeof good - 1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sp_window_get_n_panes (window), ==, 3);
  {
    SpEndpoint *udp = sp_pane_get_endpoint (sp_window_get_pane (window, 1));
    SpEndpoint *tcp = sp_pane_get_endpoint (sp_window_get_pane (window, 2));
    GtkWidget *message = find_child (GTK_WIDGET (sp_window_get_pane (window, 1)), "message_entry");

    g_assert_cmpint (sp_endpoint_get_kind (udp), ==, SP_ENDPOINT_KIND_UDP_CLIENT);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (message)), ==, "Hi Server");
    g_assert_cmpstr (sp_endpoint_get_host (tcp), ==, "::1");
    g_assert_true (sp_endpoint_get_reuse_address (tcp));
    g_assert_cmpint (sp_endpoint_get_framing (tcp)->mode, ==, SP_FRAMING_LENGTH_PREFIX);
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
list_shows_all (gpointer data)
{
  SpPane *pane = data;
  GListModel *shown = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (find_child (GTK_WIDGET (pane), "events_list"))));

  return g_list_model_get_n_items (shown) ==
         g_list_model_get_n_items (G_LIST_MODEL (sp_endpoint_get_events (sp_pane_get_endpoint (pane))));
}

/* Past the capture limit the pane says what is gone and still lists every
 * event; a released one says so in its row. */
static void
test_capture_limit (void)
{
  SpWindow *window = fresh_window ();
  SpCaptureStore *store = sp_capture_store_get_default ();
  SpPane *server, *client;
  SpEndpoint *server_ep, *client_ep;
  GtkWidget *note;
  SpTestBytes wait;

  sp_capture_store_set_limit (store, SP_CAPTURE_STORE_MIN_LIMIT);
  server = sp_window_get_pane (window, 0);
  client = sp_window_get_pane (window, 1);
  server_ep = sp_pane_get_endpoint (server);
  client_ep = sp_pane_get_endpoint (client);
  note = find_child (GTK_WIDGET (server), "capture_label");
  g_assert_false (gtk_widget_get_visible (note));

  start_pair (server, client);

  for (guint i = 0; i < 24; i++)
    {
      g_autoptr(GBytes) chunk = g_bytes_new_take (g_malloc0 (128 * 1024), 128 * 1024);
      g_assert_true (sp_endpoint_send (client_ep, chunk, NULL, NULL));
    }
  wait = (SpTestBytes) { server_ep, 24 * 128 * 1024 };
  sp_test_wait_until (sp_test_has_received, &wait, 30000, "3 MiB received");
  sp_test_wait_until (list_shows_all, server, 0, "every event listed");

  g_assert_true (gtk_widget_get_visible (note));
  g_test_message ("%s", gtk_label_get_text (GTK_LABEL (note)));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (note)), "not kept"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (note)), "capture limit 1.0\u00a0MiB"));

  /* The oldest received event: its row says its bytes are gone. */
  {
    GListModel *events = G_LIST_MODEL (sp_endpoint_get_events (server_ep));

    for (guint i = 0; i < g_list_model_get_n_items (events); i++)
      {
        g_autoptr(SpEvent) event = g_list_model_get_item (events, i);

        if (sp_event_get_kind (event) == SP_EVENT_KIND_RECEIVED)
          {
            g_autofree char *text = sp_event_describe (event, SP_TEXT_ENCODING_UTF8);

            g_assert_true (sp_event_get_payload_released (event));
            g_assert_nonnull (strstr (text, "no longer kept"));
            break;
          }
      }
  }

  /* Clearing the log clears the note. */
  sp_endpoint_clear_events (server_ep);
  g_assert_false (gtk_widget_get_visible (note));

  sp_capture_store_set_limit (store, SP_CAPTURE_STORE_DEFAULT_LIMIT);
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
is_label_showing (GtkWidget     *widget,
                  gconstpointer  needle)
{
  return GTK_IS_LABEL (widget) && gtk_widget_is_visible (widget) &&
         strstr (gtk_label_get_text (GTK_LABEL (widget)), needle) != NULL;
}

/* A label under @root, shown, whose text has @needle. */
static GtkWidget *
find_visible_label (GtkWidget  *root,
                    const char *needle)
{
  return find_descendant (root, is_label_showing, needle);
}

static gboolean
shows_error (gpointer data)
{
  SpPane *pane = data;

  return sp_endpoint_get_state (sp_pane_get_endpoint (pane)) == SP_ENDPOINT_STATE_STOPPED &&
         find_visible_label (GTK_WIDGET (pane), "not found") != NULL;
}

static void
assert_refused (SpPane     *pane,
                const char *entry,
                const char *text)
{
  GtkWidget *label = find_child (GTK_WIDGET (pane), "field_error_label");

  set_text (pane, entry, text);
  g_assert_true (gtk_widget_get_visible (label));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), !=, "");
  g_test_message ("%s “%s”: %s", entry, text, gtk_label_get_text (GTK_LABEL (label)));
  g_signal_emit_by_name (find_child (GTK_WIDGET (pane), "start_button"), "clicked");
  g_assert_cmpint (sp_endpoint_get_state (sp_pane_get_endpoint (pane)), ==, SP_ENDPOINT_STATE_STOPPED);
}

static void
assert_composer_says (SpPane     *pane,
                      const char *what)
{
  GtkWidget *label = find_child (GTK_WIDGET (pane), "composer_error_label");

  g_assert_true (gtk_widget_get_visible (label));
  g_test_message ("composer: %s", gtk_label_get_text (GTK_LABEL (label)));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), what));
}

/* What a student may type: each refused inline, nothing started or sent. */
static void
test_bad_input (void)
{
  SpWindow *window = fresh_window ();
  SpPane *server, *client;
  GtkWidget *message, *burst;
  const char *ports[] = { "", "-1", "65536", "abc", " 80" };
  const char *hosts[] = { "", "999.1.1.1", "::g" };

  server = sp_window_get_pane (window, 0);
  client = sp_window_get_pane (window, 1);

  for (guint i = 0; i < G_N_ELEMENTS (ports); i++)
    assert_refused (server, "port_entry", ports[i]);
  set_text (server, "port_entry", "0");
  for (guint i = 0; i < G_N_ELEMENTS (hosts); i++)
    assert_refused (server, "host_entry", hosts[i]);
  set_text (server, "host_entry", "127.0.0.1");
  g_assert_false (gtk_widget_get_visible (find_child (GTK_WIDGET (server), "field_error_label")));

  /* A name that does not resolve: said inline, the pane stays stopped. */
  set_text (client, "host_entry", "no-such-host.invalid");
  set_text (client, "port_entry", "9");
  click (client, "start_button");
  sp_test_wait_until (shows_error, client, 30000, "an error for a name that does not resolve");
  g_test_message ("%s", gtk_label_get_text (GTK_LABEL (find_visible_label (GTK_WIDGET (client), "not found"))));

  /* Hex with an odd digit or junk: refused before anything is sent. */
  message = find_child (GTK_WIDGET (client), "message_entry");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (find_child (GTK_WIDGET (client), "send_as_dropdown")), 1);
  gtk_editable_set_text (GTK_EDITABLE (message), "48 6");
  g_signal_emit_by_name (find_child (GTK_WIDGET (client), "send_button"), "clicked");
  assert_composer_says (client, "digit");
  gtk_editable_set_text (GTK_EDITABLE (message), "48 zz");
  g_signal_emit_by_name (find_child (GTK_WIDGET (client), "send_button"), "clicked");
  assert_composer_says (client, "“z”");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (find_child (GTK_WIDGET (client), "send_as_dropdown")), 0);

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
  burst = find_child (GTK_WIDGET (client), "burst_spin");
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

/* Panes closed in every state: connecting, listening with a client, in the
 * middle of a long send, and started and stopped over and over first. No
 * warning (fatal here), no crash; ASan checks the memory. */
static void
test_close_in_every_state (void)
{
  SpWindow *window = fresh_window ();
  SpPane *server, *client;
  SpEndpoint *server_ep, *client_ep;

  server = sp_window_get_pane (window, 0);
  client = sp_window_get_pane (window, 1);
  server_ep = sp_pane_get_endpoint (server);
  client_ep = sp_pane_get_endpoint (client);

  set_text (server, "port_entry", "0");
  for (guint i = 0; i < 20; i++)
    {
      click (server, "start_button");
      sp_test_wait_until (is_running, server, 0, "server");
      click (server, "start_button");
      g_assert_cmpint (sp_endpoint_get_state (server_ep), ==, SP_ENDPOINT_STATE_STOPPED);
    }
  click (server, "start_button");
  sp_test_wait_until (is_running, server, 0, "server");

  /* Mid-send: megabytes queued that a paused reader will not take. */
  sp_endpoint_set_paused (server_ep, TRUE);
  sp_endpoint_set_host (client_ep, "127.0.0.1");
  sp_endpoint_set_port (client_ep, sp_endpoint_get_bound_port (server_ep));
  sp_endpoint_start (client_ep);
  sp_test_wait_until (is_running, client, 0, "client");
  {
    g_autoptr(GBytes) big = g_bytes_new_take (g_malloc0 (4 * 1024 * 1024), 4 * 1024 * 1024);

    g_assert_true (sp_endpoint_send_burst (client_ep, big, NULL, 4, NULL));
  }
  sp_test_settle (50);
  g_signal_emit_by_name (find_child (GTK_WIDGET (client), "close_button"), "clicked");
  g_assert_cmpuint (sp_window_get_n_panes (window), ==, 1);

  /* Connecting: closed before the connect completes. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.add-pane", NULL);
  client = sp_window_get_pane (window, 1);
  sp_endpoint_set_kind (sp_pane_get_endpoint (client), SP_ENDPOINT_KIND_TCP_CLIENT);
  sp_endpoint_set_port (sp_pane_get_endpoint (client), sp_endpoint_get_bound_port (server_ep));
  sp_endpoint_start (sp_pane_get_endpoint (client));
  g_signal_emit_by_name (find_child (GTK_WIDGET (client), "close_button"), "clicked");
  sp_test_settle (50);

  /* Listening, with a client still connected to it. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.add-pane", NULL);
  client = sp_window_get_pane (window, 1);
  sp_endpoint_set_kind (sp_pane_get_endpoint (client), SP_ENDPOINT_KIND_TCP_CLIENT);
  sp_endpoint_set_port (sp_pane_get_endpoint (client), sp_endpoint_get_bound_port (server_ep));
  sp_endpoint_set_paused (server_ep, FALSE);
  sp_endpoint_start (sp_pane_get_endpoint (client));
  sp_test_wait_until (is_running, client, 0, "second client");
  g_signal_emit_by_name (find_child (GTK_WIDGET (server), "close_button"), "clicked");
  sp_test_settle (100);
  g_assert_cmpuint (sp_window_get_n_panes (window), ==, 1);

  gtk_window_destroy (GTK_WINDOW (window));
  sp_test_settle (50);
}

typedef struct {
  SpPane *pane;
  guint64 offset;   /* the newest event's stream offset */
} NewestRow;

static gboolean
newest_row_shown (gpointer data)
{
  NewestRow *w = data;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect_rows (find_child (GTK_WIDGET (w->pane), "events_list"), rows);
  for (guint i = 0; i < rows->len; i++)
    {
      SpEvent *event = sp_event_row_get_event (rows->pdata[i]);

      if (event != NULL && gtk_widget_get_mapped (rows->pdata[i]) &&
          sp_event_get_kind (event) == SP_EVENT_KIND_RECEIVED &&
          sp_event_get_stream_offset (event) == w->offset)
        return TRUE;
    }

  return FALSE;
}

/* After a flood of thousands of events the log shows the newest one: it
 * follows while the user has not scrolled up. */
static void
test_follow_after_flood (void)
{
  SpWindow *window = fresh_window ();
  SpPane *server, *client;
  SpEndpoint *server_ep, *client_ep;
  SpTestBytes wait;
  NewestRow newest;
  GListModel *events;

  server = sp_window_get_pane (window, 0);
  client = sp_window_get_pane (window, 1);
  server_ep = sp_pane_get_endpoint (server);
  client_ep = sp_pane_get_endpoint (client);

  start_pair (server, client);
  sp_test_settle (200);

  {
    g_autoptr(GBytes) chunk = g_bytes_new_take (g_malloc0 (1024 * 1024), 1024 * 1024);

    for (guint i = 0; i < 8; i++)
      g_assert_true (sp_endpoint_send (client_ep, chunk, NULL, NULL));
  }
  wait = (SpTestBytes) { server_ep, 8 * 1024 * 1024 };
  sp_test_wait_until (sp_test_has_received, &wait, 30000, "8 MiB received");

  events = G_LIST_MODEL (sp_endpoint_get_events (server_ep));
  {
    g_autoptr(SpEvent) last = g_list_model_get_item (events, g_list_model_get_n_items (events) - 1);

    g_assert_cmpint (sp_event_get_kind (last), ==, SP_EVENT_KIND_RECEIVED);
    newest = (NewestRow) { server, sp_event_get_stream_offset (last) };
  }
  g_test_message ("%u events", g_list_model_get_n_items (events));
  sp_test_wait_until (newest_row_shown, &newest, 10000, "the newest event's row on screen");

  /* Scrolled up by the user, the view stays where they put it. */
  {
    GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (find_child (GTK_WIDGET (server), "events_scroller")));
    g_autoptr(GBytes) more = g_bytes_new_static ("more", 4);

    sp_test_settle (500);
    gtk_adjustment_set_value (adj, 0);
    g_assert_true (sp_endpoint_send (client_ep, more, NULL, NULL));
    wait = (SpTestBytes) { server_ep, 8 * 1024 * 1024 + 4 };
    sp_test_wait_until (sp_test_has_received, &wait, 10000, "4 more bytes");
    sp_test_settle (800);
    g_assert_cmpfloat (gtk_adjustment_get_value (adj), <, gtk_adjustment_get_page_size (adj));
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Preferences can put the app in Chinese on an English system. */
static void
test_language_override (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *locale_dir = g_test_build_filename (G_TEST_BUILT, "..", "po", NULL);
  g_autofree char *old_language = g_strdup (g_getenv ("LANGUAGE"));
  g_autofree char *old_dir = g_strdup (bindtextdomain (GETTEXT_PACKAGE, NULL));
  g_autofree char *old_domain = g_strdup (textdomain (NULL));
  g_autofree char *old_locale = g_strdup (setlocale (LC_ALL, NULL));
  SpWindow *window;
  GtkWidget *start;

  /* The build's own compiled catalogue, as po/<lang>/LC_MESSAGES/. */
  bindtextdomain (GETTEXT_PACKAGE, locale_dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  /* As main() does (gtk_test_init() leaves the locale "C", where gettext
   * ignores LANGUAGE); the templates are translated in the default domain. */
  g_assert_nonnull (setlocale (LC_ALL, "C.UTF-8"));
  textdomain (GETTEXT_PACKAGE);
  g_unsetenv ("LANGUAGE");

  /* Empty follows the system (here C.UTF-8: English). */
  sp_application_apply_language (settings);
  g_assert_null (g_getenv ("LANGUAGE"));
  window = sp_window_new (NULL);
  start = find_child (GTK_WIDGET (sp_window_get_pane (window, 0)), "start_button");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (start)), ==, "Start");
  gtk_window_destroy (GTK_WINDOW (window));

  g_settings_set_string (settings, "language", "zh_CN");
  sp_application_apply_language (settings);
  g_assert_cmpstr (g_getenv ("LANGUAGE"), ==, "zh_CN");
  window = sp_window_new (NULL);
  start = find_child (GTK_WIDGET (sp_window_get_pane (window, 0)), "start_button");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (start)), ==, "启动");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "套接字演练场");
  gtk_window_destroy (GTK_WINDOW (window));

  g_settings_reset (settings, "language");
  if (old_language)
    g_setenv ("LANGUAGE", old_language, TRUE);
  else
    g_unsetenv ("LANGUAGE");
  bindtextdomain (GETTEXT_PACKAGE, old_dir);
  textdomain (old_domain);
  setlocale (LC_ALL, old_locale);
}

/* An event row's detail is as high as the GtkLabel it replaces, also
 * when it finds its height without laying its text out (a long preview
 * in a monospace font). */
static void
test_wrap_label (void)
{
  static const char *texts[] = {
    "hello, world",
    "The quick brown fox jumps over the lazy dog; pack my box with five dozen liquor jugs.",
    NULL,   /* a long preview of binary bytes, made below */
  };
  g_autoptr(GString) binary = g_string_new (NULL);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *ours = sp_wrap_label_new ();
  GtkWidget *label = gtk_label_new (NULL);

  for (guint i = 0; i < 40; i++)
    g_string_append (binary, "\\x85\\xd8k\\xac-\\x96");
  texts[G_N_ELEMENTS (texts) - 1] = binary->str;

  sp_wrap_label_set_lines (SP_WRAP_LABEL (ours), 3);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (label), 3);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), ours);
  gtk_box_append (GTK_BOX (box), label);
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));

  for (guint monospace = 0; monospace < 2; monospace++)
    {
      if (monospace)
        {
          gtk_widget_add_css_class (ours, "monospace");
          gtk_widget_add_css_class (label, "monospace");
        }
      /* Styled, so both measure in the font they draw in. */
      gtk_test_widget_wait_for_draw (window);

      for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
        for (int width = 120; width <= 600; width += 80)
          {
            int expected, height;

            sp_wrap_label_set_text (SP_WRAP_LABEL (ours), texts[i]);
            gtk_label_set_text (GTK_LABEL (label), texts[i]);
            gtk_widget_measure (label, GTK_ORIENTATION_VERTICAL, width, &expected, NULL, NULL, NULL);
            gtk_widget_measure (ours, GTK_ORIENTATION_VERTICAL, width, &height, NULL, NULL, NULL);
            g_assert_cmpint (height, ==, expected);
          }
    }

  g_assert_cmpstr (sp_wrap_label_get_text (SP_WRAP_LABEL (ours)), ==, binary->str);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  /* Xvfb has no window manager, so no window is ever active: a focused
   * entry's cursor-blink timer then finds it unfocused and warns (fatal
   * here) whenever a test waits long enough for it to fire. */
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);

  g_test_add_func ("/window/panes", test_window_panes);
  g_test_add_func ("/window/echo", test_echo);
  g_test_add_func ("/window/lesson-sticky", test_lesson_sticky);
  g_test_add_func ("/window/open-session", test_open_session);
  g_test_add_func ("/window/diagram", test_diagram);
  g_test_add_func ("/window/zoom", test_zoom);
  g_test_add_func ("/window/preferences", test_preferences);
  g_test_add_func ("/window/capture-limit", test_capture_limit);
  g_test_add_func ("/window/bad-input", test_bad_input);
  g_test_add_func ("/window/close-in-every-state", test_close_in_every_state);
  g_test_add_func ("/window/follow-after-flood", test_follow_after_flood);
  g_test_add_func ("/window/language-override", test_language_override);
  g_test_add_func ("/window/wrap-label", test_wrap_label);

  return g_test_run ();
}
