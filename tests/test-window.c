/* test-window.c: the window: its panes, sessions, zoom, language, and
 * closing panes in every state (under Xvfb)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "sp-application.h"
#include "sp-test-ui.h"

#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

/* First start, and adding and closing panes. */
static void
test_panes (void)
{
  SpWindow *window = sp_window_new (NULL);
  SpPane *server, *client, *added;

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
    "[Pane 2]\nKind=udp-client\nHost=127.0.0.1\nPort=8000\nMessage=Hi Server\n"
    "SendCount=7\nSendInterval=250\nFileChunk=512\n\n"
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
  /* Numbered from 1 again, not after the two panes it replaced. */
  for (guint i = 0; i < 3; i++)
    g_assert_cmpuint (sp_pane_get_number (sp_window_get_pane (window, i)), ==, i + 1);
  {
    SpEndpoint *udp = sp_pane_get_endpoint (sp_window_get_pane (window, 1));
    SpEndpoint *tcp = sp_pane_get_endpoint (sp_window_get_pane (window, 2));
    GtkWidget *message = sp_test_find_child (GTK_WIDGET (sp_window_get_pane (window, 1)), "message_entry");
    guint count, interval, chunk;

    g_assert_cmpint (sp_endpoint_get_kind (udp), ==, SP_ENDPOINT_KIND_UDP_CLIENT);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (message)), ==, "Hi Server");
    /* The composer's ×N, timer and chunks come back too. */
    sp_composer_get_send_settings (sp_pane_get_composer_widget (sp_window_get_pane (window, 1)),
                                   &count, &interval, &chunk);
    g_assert_cmpuint (count, ==, 7);
    g_assert_cmpuint (interval, ==, 250);
    g_assert_cmpuint (chunk, ==, 512);
    g_assert_cmpstr (sp_endpoint_get_host (tcp), ==, "::1");
    g_assert_true (sp_endpoint_get_reuse_address (tcp));
    g_assert_cmpint (sp_endpoint_get_framing (tcp)->mode, ==, SP_FRAMING_LENGTH_PREFIX);
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct {
  GtkWidget *widget;
  int        height;
} Taller;

static gboolean
grew_taller (gpointer data)
{
  Taller *t = data;

  return sp_test_natural_height (t->widget) > t->height;
}

/* Projector mode: Ctrl+plus makes text larger, and it is remembered. */
static void
test_zoom (void)
{
  SpWindow *window = sp_window_new (NULL);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GtkWidget *status;
  Taller taller;
  int before, after;

  gtk_window_present (GTK_WINDOW (window));
  sp_window_set_zoom (window, 1.0);
  /* Drawn in the style of zoom 1.0. */
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  status = sp_test_find_child (GTK_WIDGET (sp_window_get_pane (window, 0)), "empty_label");
  before = sp_test_natural_height (status);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-in", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-in", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-in", NULL);
  taller = (Taller) { status, before };
  sp_test_wait_until (grew_taller, &taller, 0, "the larger text");
  after = sp_test_natural_height (status);

  g_assert_cmpfloat_with_epsilon (sp_window_get_zoom (window), 1.3, 0.001);
  g_assert_cmpfloat_with_epsilon (g_settings_get_double (settings, "zoom"), 1.3, 0.001);
  g_assert_cmpint (after, >, before);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-reset", NULL);
  g_assert_cmpfloat_with_epsilon (g_settings_get_double (settings, "zoom"), 1.0, 0.001);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* @data points at an object pointer that a weak pointer clears. */
static gboolean
is_freed (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static gboolean
is_mid_send (gpointer endpoint)
{
  g_autoptr(GPtrArray) connections = sp_endpoint_dup_all_connections (endpoint);
  gsize queued = 0;

  for (guint i = 0; i < connections->len; i++)
    queued += sp_connection_get_bytes_queued (connections->pdata[i]);

  return queued > 0 && sp_event_log_get_bytes_sent (sp_endpoint_get_events (endpoint)) > 0;
}

/* Closes @pane with its close button, and waits until its endpoint is
 * freed: whatever was under way (a connect, a send) has finished with it. */
static void
close_pane (SpPane *pane)
{
  gpointer endpoint = sp_pane_get_endpoint (pane);
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (pane), GTK_TYPE_WINDOW);

  g_object_add_weak_pointer (endpoint, &endpoint);
  g_signal_emit_by_name (sp_test_find_child (GTK_WIDGET (pane), "close_button"), "clicked");
  /* Kept for Undo while its toast is up. */
  sp_test_dismiss_toasts (window);
  sp_test_wait_until (is_freed, &endpoint, 0, "the closed pane's endpoint to be freed");
}

/* Panes closed in every state: connecting, listening with a client, in the
 * middle of a long send, and started and stopped over and over first. No
 * warning (fatal here), no crash; ASan checks the memory. */
static void
test_close_in_every_state (void)
{
  SpWindow *window = sp_test_fresh_window ();
  SpPane *server, *client;
  SpEndpoint *server_ep, *client_ep;
  SpTestKindCount fin;
  gpointer last;

  server = sp_window_get_pane (window, 0);
  client = sp_window_get_pane (window, 1);
  server_ep = sp_pane_get_endpoint (server);
  client_ep = sp_pane_get_endpoint (client);

  sp_test_set_text (server, "port_entry", "0");
  for (guint i = 0; i < 20; i++)
    {
      sp_test_click (server, "start_button");
      sp_test_wait_until (sp_test_pane_is_running, server, 0, "server");
      sp_test_click (server, "start_button");
      g_assert_cmpint (sp_endpoint_get_state (server_ep), ==, SP_ENDPOINT_STATE_STOPPED);
    }
  sp_test_click (server, "start_button");
  sp_test_wait_until (sp_test_pane_is_running, server, 0, "server");

  /* Mid-send: megabytes queued that a paused reader will not take. */
  sp_endpoint_set_paused (server_ep, TRUE);
  sp_endpoint_set_host (client_ep, "127.0.0.1");
  sp_endpoint_set_port (client_ep, sp_endpoint_get_bound_port (server_ep));
  sp_endpoint_start (client_ep);
  sp_test_wait_until (sp_test_pane_is_running, client, 0, "client");
  {
    g_autoptr(GBytes) big = g_bytes_new_take (g_malloc0 (4 * 1024 * 1024), 4 * 1024 * 1024);

    g_assert_true (sp_endpoint_send_burst (client_ep, big, NULL, 4, NULL));
  }
  sp_test_wait_until (is_mid_send, client_ep, 0, "the client in the middle of its send");
  close_pane (client);
  g_assert_cmpuint (sp_window_get_n_panes (window), ==, 1);

  /* Connecting: closed before the connect completes. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.add-pane", NULL);
  client = sp_window_get_pane (window, 1);
  sp_endpoint_set_kind (sp_pane_get_endpoint (client), SP_ENDPOINT_KIND_TCP_CLIENT);
  sp_endpoint_set_port (sp_pane_get_endpoint (client), sp_endpoint_get_bound_port (server_ep));
  sp_endpoint_start (sp_pane_get_endpoint (client));
  close_pane (client);

  /* Listening, with a client still connected to it. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.add-pane", NULL);
  client = sp_window_get_pane (window, 1);
  client_ep = sp_pane_get_endpoint (client);
  sp_endpoint_set_kind (client_ep, SP_ENDPOINT_KIND_TCP_CLIENT);
  sp_endpoint_set_port (client_ep, sp_endpoint_get_bound_port (server_ep));
  sp_endpoint_set_paused (server_ep, FALSE);
  sp_endpoint_start (client_ep);
  sp_test_wait_until (sp_test_pane_is_running, client, 0, "second client");
  close_pane (server);
  fin = (SpTestKindCount) { client_ep, SP_EVENT_KIND_PEER_CLOSED, 1 };
  sp_test_wait_until (sp_test_has_n_of_kind, &fin, 0, "the client to see the server close");
  g_assert_cmpuint (sp_window_get_n_panes (window), ==, 1);

  last = client_ep;
  g_object_add_weak_pointer (last, &last);
  gtk_window_destroy (GTK_WINDOW (window));
  sp_test_wait_until (is_freed, &last, 0, "the last pane's endpoint to be freed");
}

/* Real key presses, from the X server (xdotool through XTest). */
static void
xdotool (const char *first,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = 0;
  va_list ap;

  g_ptr_array_add (args, (char *) "xdotool");
  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) args->pdata, NULL, G_SPAWN_SEARCH_PATH,
                               NULL, NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

static gboolean
window_is_active (gpointer window)
{
  return gtk_window_is_active (window);
}

static gboolean
diagram_is (gpointer data)
{
  gpointer *args = data;
  gboolean visible;

  g_object_get (args[0], "diagram-visible", &visible, NULL);
  return visible == GPOINTER_TO_INT (args[1]);
}

static gboolean
lessons_shown (gpointer window)
{
  gboolean visible;

  g_object_get (window, "lessons-visible", &visible, NULL);
  return visible;
}

static gboolean
entry_ends_with_x (gpointer entry)
{
  return g_str_has_suffix (gtk_editable_get_text (entry), "x");
}

static gboolean
has_one_pane (gpointer window)
{
  return sp_window_get_n_panes (window) == 1;
}

/* F8, F9 and Ctrl+W while typing in a pane's message entry. GtkPaned
 * binds F8 for itself; the panes sit in two of them. */
static void
test_keys_in_entry (void)
{
#ifdef GDK_WINDOWING_X11
  g_autofree char *program = g_find_program_in_path ("xdotool");
  g_autofree char *xid = NULL;
  SpWindow *window;
  GtkWidget *entry;
  gpointer diagram[2];

  if (program == NULL || !GDK_IS_X11_DISPLAY (gdk_display_get_default ()))
    {
      g_test_skip ("needs xdotool and X11");
      return;
    }

  window = sp_test_fresh_window ();
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  xid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (window))));
  xdotool ("windowfocus", "--sync", xid, NULL);
  sp_test_wait_until (window_is_active, window, 0, "the window to have the keyboard");

  entry = sp_test_find_child (GTK_WIDGET (sp_window_get_pane (window, 1)), "message_entry");
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  gtk_widget_grab_focus (entry);
  xdotool ("type", "x", NULL);
  sp_test_wait_until (entry_ends_with_x, entry, 0, "the typed x in the entry");

  diagram[0] = window;
  diagram[1] = GINT_TO_POINTER (TRUE);
  xdotool ("key", "F8", NULL);
  sp_test_wait_until (diagram_is, diagram, 0, "F8 to show the diagram");
  g_assert_true (gtk_widget_is_focus (gtk_root_get_focus (GTK_ROOT (window))));
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), entry));
  diagram[1] = GINT_TO_POINTER (FALSE);
  xdotool ("key", "F8", NULL);
  sp_test_wait_until (diagram_is, diagram, 0, "F8 to hide the diagram");

  xdotool ("key", "F9", NULL);
  sp_test_wait_until (lessons_shown, window, 0, "F9 to show the lessons");
  gtk_widget_grab_focus (entry);

  xdotool ("key", "ctrl+w", NULL);
  sp_test_wait_until (has_one_pane, window, 0, "Ctrl+W to close the pane");
  sp_test_wait_for_toast (GTK_WIDGET (window), "TCP client 2 closed");

  sp_window_set_lessons_visible (window, FALSE);
  sp_test_dismiss_toasts (GTK_WIDGET (window));
  gtk_window_destroy (GTK_WINDOW (window));
#else
  g_test_skip ("needs X11");
#endif
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
  start = sp_test_find_child (GTK_WIDGET (sp_window_get_pane (window, 0)), "start_button");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (start)), ==, "Start");
  gtk_window_destroy (GTK_WINDOW (window));

  g_settings_set_string (settings, "language", "zh_CN");
  sp_application_apply_language (settings);
  g_assert_cmpstr (g_getenv ("LANGUAGE"), ==, "zh_CN");
  window = sp_window_new (NULL);
  start = sp_test_find_child (GTK_WIDGET (sp_window_get_pane (window, 0)), "start_button");
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

/* A relay's target is part of the saved layout (pane-targets, beside
 * pane-layout): the next window brings it back; a layout from before the
 * key, or one written without it, leaves relays at the default target. */
static void
test_relay_target_restored (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GVariant) targets = NULL;
  SpWindow *window = sp_test_fresh_window ();
  SpPane *udp = sp_window_get_pane (window, 0);
  SpPane *tcp = sp_window_get_pane (window, 1);
  SpEndpoint *endpoint;

  /* One as typed in the pane, one as a lesson's setup would. */
  sp_endpoint_set_kind (sp_pane_get_endpoint (udp), SP_ENDPOINT_KIND_UDP_RELAY);
  sp_test_set_text (udp, "target_host_entry", "::1");
  sp_test_set_text (udp, "target_port_entry", "9001");
  sp_endpoint_set_kind (sp_pane_get_endpoint (tcp), SP_ENDPOINT_KIND_TCP_RELAY);
  sp_endpoint_set_target_host (sp_pane_get_endpoint (tcp), "localhost");
  sp_endpoint_set_target_port (sp_pane_get_endpoint (tcp), 9002);
  gtk_window_destroy (GTK_WINDOW (window));

  targets = g_settings_get_value (settings, "pane-targets");
  g_assert_cmpuint (g_variant_n_children (targets), ==, 2);

  window = sp_window_new (NULL);
  g_assert_cmpuint (sp_window_get_n_panes (window), ==, 2);
  endpoint = sp_pane_get_endpoint (sp_window_get_pane (window, 0));
  g_assert_cmpint (sp_endpoint_get_kind (endpoint), ==, SP_ENDPOINT_KIND_UDP_RELAY);
  g_assert_cmpstr (sp_endpoint_get_target_host (endpoint), ==, "::1");
  g_assert_cmpuint (sp_endpoint_get_target_port (endpoint), ==, 9001);
  endpoint = sp_pane_get_endpoint (sp_window_get_pane (window, 1));
  g_assert_cmpint (sp_endpoint_get_kind (endpoint), ==, SP_ENDPOINT_KIND_TCP_RELAY);
  g_assert_cmpstr (sp_endpoint_get_target_host (endpoint), ==, "localhost");
  g_assert_cmpuint (sp_endpoint_get_target_port (endpoint), ==, 9002);
  gtk_window_destroy (GTK_WINDOW (window));

  /* An older version's layout: the panes come back, with default targets. */
  g_settings_reset (settings, "pane-targets");
  window = sp_window_new (NULL);
  g_assert_cmpuint (sp_window_get_n_panes (window), ==, 2);
  endpoint = sp_pane_get_endpoint (sp_window_get_pane (window, 0));
  g_assert_cmpint (sp_endpoint_get_kind (endpoint), ==, SP_ENDPOINT_KIND_UDP_RELAY);
  g_assert_cmpstr (sp_endpoint_get_target_host (endpoint), ==, "127.0.0.1");
  g_assert_cmpuint (sp_endpoint_get_target_port (endpoint), ==, 8082);
  gtk_window_destroy (GTK_WINDOW (window));

  /* A hand-edited host that is not one is left out; the port still comes back. */
  g_settings_set_value (settings, "pane-targets", g_variant_new_parsed ("[('bad host!', @q 7), ('::1', 7)]"));
  window = sp_window_new (NULL);
  endpoint = sp_pane_get_endpoint (sp_window_get_pane (window, 0));
  g_assert_cmpstr (sp_endpoint_get_target_host (endpoint), ==, "127.0.0.1");
  g_assert_cmpuint (sp_endpoint_get_target_port (endpoint), ==, 7);
  g_assert_cmpstr (sp_endpoint_get_target_host (sp_pane_get_endpoint (sp_window_get_pane (window, 1))), ==, "::1");
  gtk_window_destroy (GTK_WINDOW (window));

  g_settings_reset (settings, "pane-layout");
  g_settings_reset (settings, "pane-targets");
}

/* The pane's reply rules and the composer's ×N, timer and chunk size are
 * part of the saved layout too (pane-reply-rules, pane-send-settings):
 * used only when their lists are as long as pane-layout, a line that is
 * not a rule left out. */
static char *
rules_of (SpWindow *window,
          guint     position)
{
  SpEndpoint *endpoint = sp_pane_get_endpoint (sp_window_get_pane (window, position));
  g_auto(GStrv) lines = sp_reply_rules_to_strv (sp_endpoint_get_reply_rules (endpoint));

  return g_strjoinv ("|", lines);
}

static void
assert_send_settings (SpWindow *window,
                      guint     position,
                      guint     count,
                      guint     interval_ms,
                      guint     chunk_size)
{
  guint c, i, k;

  sp_composer_get_send_settings (sp_pane_get_composer_widget (sp_window_get_pane (window, position)),
                                 &c, &i, &k);
  g_assert_cmpuint (c, ==, count);
  g_assert_cmpuint (i, ==, interval_ms);
  g_assert_cmpuint (k, ==, chunk_size);
}

static void
test_rules_and_sends_restored (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(SpReplyRule) rule = sp_reply_rule_parse ("equals hello reply 'hi there' delay 100", NULL);
  g_autoptr(SpReplyRule) hex = sp_reply_rule_parse ("contains hex 0d0a reply hex 06", NULL);
  SpWindow *window = sp_test_fresh_window ();
  SpPane *server = sp_window_get_pane (window, 0);
  SpPane *client = sp_window_get_pane (window, 1);
  SpReplyRules *rules = sp_endpoint_get_reply_rules (sp_pane_get_endpoint (server));
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_true (sp_reply_rules_add (rules, rule, NULL));
  g_assert_true (sp_reply_rules_add (rules, hex, NULL));
  before = rules_of (window, 0);
  /* Set in the composer's popover as a person would. */
  sp_test_open_menu (client, "more_button");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (sp_test_find_child (GTK_WIDGET (client), "burst_spin")), 7);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (sp_test_find_child (GTK_WIDGET (client), "timed_check")), TRUE);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (sp_test_find_child (GTK_WIDGET (client), "interval_spin")), 250);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (sp_test_find_child (GTK_WIDGET (client), "chunk_check")), TRUE);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (sp_test_find_child (GTK_WIDGET (client), "chunk_spin")), 4096);
  gtk_window_destroy (GTK_WINDOW (window));

  window = sp_window_new (NULL);
  g_assert_cmpuint (sp_window_get_n_panes (window), ==, 2);
  after = rules_of (window, 0);
  g_assert_cmpstr (after, ==, before);
  g_assert_nonnull (strstr (after, "delay 100"));
  g_clear_pointer (&after, g_free);
  after = rules_of (window, 1);
  g_assert_cmpstr (after, ==, "");
  g_clear_pointer (&after, g_free);
  assert_send_settings (window, 0, 1, 0, 0);
  assert_send_settings (window, 1, 7, 250, 4096);
  gtk_window_destroy (GTK_WINDOW (window));

  /* An older version's layout: no rules, the default send settings. */
  g_settings_reset (settings, "pane-reply-rules");
  g_settings_reset (settings, "pane-send-settings");
  window = sp_window_new (NULL);
  g_assert_cmpuint (sp_window_get_n_panes (window), ==, 2);
  after = rules_of (window, 0);
  g_assert_cmpstr (after, ==, "");
  g_clear_pointer (&after, g_free);
  assert_send_settings (window, 1, 1, 0, 0);
  gtk_window_destroy (GTK_WINDOW (window));

  /* A hand-edited line that is not a rule is left out, the others kept;
   * lists of another length are not used at all. */
  g_settings_set_value (settings, "pane-reply-rules",
                        g_variant_new_parsed ("[['no such rule', 'equals a reply b'], @as []]"));
  g_settings_set_value (settings, "pane-send-settings", g_variant_new_parsed ("[(@u 3, @u 40, @u 8)]"));
  window = sp_window_new (NULL);
  after = rules_of (window, 0);
  g_assert_cmpstr (after, ==, "equals text 'a' reply text 'b'");
  g_clear_pointer (&after, g_free);
  assert_send_settings (window, 0, 1, 0, 0);
  gtk_window_destroy (GTK_WINDOW (window));

  g_settings_set_value (settings, "pane-reply-rules", g_variant_new_parsed ("[['equals a reply b']]"));
  window = sp_window_new (NULL);
  after = rules_of (window, 0);
  g_assert_cmpstr (after, ==, "");
  gtk_window_destroy (GTK_WINDOW (window));

  g_settings_reset (settings, "pane-layout");
  g_settings_reset (settings, "pane-targets");
  g_settings_reset (settings, "pane-reply-rules");
  g_settings_reset (settings, "pane-send-settings");
}

int
main (int   argc,
      char *argv[])
{
  sp_test_ui_init (&argc, &argv);

  g_test_add_func ("/window/panes", test_panes);
  g_test_add_func ("/window/open-session", test_open_session);
  g_test_add_func ("/window/zoom", test_zoom);
  g_test_add_func ("/window/close-in-every-state", test_close_in_every_state);
  g_test_add_func ("/window/keys-in-entry", test_keys_in_entry);
  g_test_add_func ("/window/language-override", test_language_override);
  g_test_add_func ("/window/relay-target-restored", test_relay_target_restored);
  g_test_add_func ("/window/rules-and-sends-restored", test_rules_and_sends_restored);

  return g_test_run ();
}
