/* test-application.c: the application object, under Xvfb: its style
 * follows the preference and the desktop, its About window, and files
 * opened from the command line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "sp-application.h"
#include "sp-test-ui.h"

static SpApplication *app;

static gboolean
is_dark (gpointer manager)
{
  return adw_style_manager_get_dark (manager);
}

/* Dark when forced, light when forced, and the desktop's own choice (the
 * settings portal, or GNOME's setting where there is none) otherwise. */
static void
test_style (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  AdwStyleManager *manager = adw_style_manager_get_default ();
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) desktop_schema = g_settings_schema_source_lookup (source, "org.gnome.desktop.interface", TRUE);
  g_autoptr(GSettings) desktop = NULL;

  g_settings_set_string (settings, "style", "dark");
  g_assert_cmpint (adw_style_manager_get_color_scheme (manager), ==, ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (adw_style_manager_get_dark (manager));

  g_settings_set_string (settings, "style", "light");
  g_assert_cmpint (adw_style_manager_get_color_scheme (manager), ==, ADW_COLOR_SCHEME_FORCE_LIGHT);
  g_assert_false (adw_style_manager_get_dark (manager));

  g_settings_set_string (settings, "style", "system");
  g_assert_cmpint (adw_style_manager_get_color_scheme (manager), ==, ADW_COLOR_SCHEME_DEFAULT);

  /* Without a portal (as here) libadwaita reads GNOME's own setting. */
  if (desktop_schema == NULL || !g_settings_schema_has_key (desktop_schema, "color-scheme") ||
      !adw_style_manager_get_system_supports_color_schemes (manager))
    {
      g_test_skip ("no desktop colour scheme to follow here");
      return;
    }

  desktop = g_settings_new ("org.gnome.desktop.interface");
  g_settings_set_string (desktop, "color-scheme", "prefer-dark");
  sp_test_wait_until (is_dark, manager, 0, "the desktop's dark style");
  g_settings_set_string (desktop, "color-scheme", "default");
  g_assert_false (adw_style_manager_get_dark (manager));

  /* A forced style wins over the desktop's. */
  g_settings_set_string (desktop, "color-scheme", "prefer-dark");
  sp_test_wait_until (is_dark, manager, 0, "the desktop's dark style");
  g_settings_set_string (settings, "style", "light");
  g_assert_false (adw_style_manager_get_dark (manager));

  g_settings_reset (desktop, "color-scheme");
  g_settings_reset (settings, "style");
}

static gboolean
is_about (gpointer data)
{
  return ADW_IS_ABOUT_WINDOW (data);
}

static GtkWindow *
find_toplevel (gboolean (*match) (gpointer))
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (match (window))
        return window;
    }

  return NULL;
}

static void
test_about (void)
{
  AdwAboutWindow *about;
  const char *notes;

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  about = ADW_ABOUT_WINDOW (find_toplevel (is_about));
  g_assert_nonnull (about);

  g_assert_cmpstr (adw_about_window_get_version (about), ==, "0.1.0");
  g_assert_cmpstr (adw_about_window_get_website (about), ==, PACKAGE_WEBSITE);
  g_assert_cmpstr (adw_about_window_get_issue_url (about), ==, PACKAGE_WEBSITE "/issues");
  g_assert_cmpint (adw_about_window_get_license_type (about), ==, GTK_LICENSE_GPL_3_0);
  g_assert_cmpstr (adw_about_window_get_application_icon (about), ==, APP_ID);
  g_assert_nonnull (adw_about_window_get_developers (about));

  /* The newest release's notes, from the metainfo the app installs. */
  g_assert_cmpstr (adw_about_window_get_release_notes_version (about), ==, "0.1.0");
  notes = adw_about_window_get_release_notes (about);
  g_assert_nonnull (strstr (notes, "<p>The first release of Socket Playground.</p>"));
  g_assert_nonnull (strstr (notes, "<ul><li>TCP and UDP servers and clients in side-by-side panes</li>"));
  g_assert_nonnull (strstr (notes, "<li>Click-through lessons</li></ul>"));
  /* Only one language's copy of each line. */
  g_assert_null (strstr (notes, "首个版本"));

  /* For bug reports: the versions and the language in use. */
  g_assert_true (g_str_has_prefix (adw_about_window_get_debug_info (about), "Socket Playground 0.1.0 (" APP_ID ")\n"));
  g_assert_nonnull (strstr (adw_about_window_get_debug_info (about), "\nlibadwaita 1."));

  gtk_window_destroy (GTK_WINDOW (about));
}

static char *
write_session (const char *dir,
               const char *name,
               guint       n_panes)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_string_append_printf (text, "[Socket Playground Session]\nVersion=1\nPanes=%u\n", n_panes);
  for (guint i = 1; i <= n_panes; i++)
    g_string_append_printf (text, "\n[Pane %u]\nKind=udp-server\nHost=127.0.0.1\nPort=0\n", i);
  g_file_set_contents (path, text->str, -1, &error);
  g_assert_no_error (error);

  return path;
}

typedef struct {
  SpWindow   *window;
  guint       n_panes;
} PanesWait;

static gboolean
has_n_panes (gpointer data)
{
  PanesWait *wait = data;

  return sp_window_get_n_panes (wait->window) == wait->n_panes;
}

static GtkWidget *
find_label_anywhere (const char *needle)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);
      GtkWidget *label = sp_test_find_visible_label (window, needle);

      if (label != NULL)
        return label;
    }

  return NULL;
}

static gboolean
ignored_said (gpointer needle)
{
  return find_label_anywhere (needle) != NULL;
}

/* A window shows one session: of several, the first opens, and the
 * window says which were left out. */
static void
test_open_sessions (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sp-sessions-XXXXXX", NULL);
  g_autofree char *first = write_session (dir, "three.spsession", 3);
  g_autofree char *second = write_session (dir, "one.spsession", 1);
  GFile *files[] = { g_file_new_for_path (first), g_file_new_for_path (second) };
  PanesWait wait = { 0 };

  g_application_open (G_APPLICATION (app), files, G_N_ELEMENTS (files), "");
  wait.window = SP_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (wait.window);
  wait.n_panes = 3;
  sp_test_wait_until (has_n_panes, &wait, 0, "the first session's three panes");

  sp_test_wait_until (ignored_said, "“one.spsession” was ignored", 0, "the notice of the ignored file");
  g_assert_nonnull (find_label_anywhere ("“three.spsession” was opened"));

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    g_object_unref (files[i]);
  g_unlink (first);
  g_unlink (second);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  sp_test_ui_init (&argc, &argv);

  /* Registered, it has started up (settings, style, actions), as in the
   * app; not unique, so it never meets another instance on the bus. */
  app = sp_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  g_test_add_func ("/application/style", test_style);
  g_test_add_func ("/application/about", test_about);
  g_test_add_func ("/application/open-sessions", test_open_sessions);

  status = g_test_run ();
  g_clear_object (&app);

  return status;
}
