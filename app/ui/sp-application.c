/* sp-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sp-about.h"
#include "sp-application.h"
#include "sp-capture-store.h"
#include "sp-file-dialogs.h"
#include "sp-lesson-library.h"
#include "sp-locale.h"
#include "sp-preferences-window.h"
#include "sp-window.h"

struct _SpApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;   /* NULL when the schema is not installed */
};

G_DEFINE_FINAL_TYPE (SpApplication, sp_application, ADW_TYPE_APPLICATION)

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  gtk_window_present (sp_about_window_new (parent));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GtkApplication *app = user_data;
  GList *windows = gtk_application_get_windows (app);

  /* Close windows properly so they remember their layout. */
  while (windows != NULL)
    {
      GList *next = windows->next;

      gtk_window_close (windows->data);
      windows = next;
    }
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  SpApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (self->settings != NULL)
    {
      GtkWindow *preferences = GTK_WINDOW (sp_preferences_window_new (parent, self->settings));

      /* Its Open Folder button is an app action. */
      gtk_window_set_application (preferences, GTK_APPLICATION (self));
      gtk_window_present (preferences);
    }
}

static void
open_lessons_folder_action (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  if (parent != NULL)
    sp_lesson_panel_show_folder (parent);
}

/* --lesson ID, also from a second launch: the sidebar at that lesson. */
static void
show_lesson_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  GtkApplication *app = user_data;
  GtkWindow *window = gtk_application_get_active_window (app);

  /* The sidebar and its lesson before the window is first shown: GTK 4.8
   * lays out wrapped text that appears in the same frame as its sidebar
   * at the wrong height, overlapping what follows. */
  if (window == NULL)
    window = GTK_WINDOW (sp_window_new (app));
  sp_window_set_lessons_visible (SP_WINDOW (window), TRUE);
  sp_lesson_panel_show_lesson (sp_window_get_lesson_panel (SP_WINDOW (window)),
                               g_variant_get_string (parameter, NULL));
  gtk_window_present (window);
}

/* "system" follows the desktop's light or dark style (the settings portal,
 * or GNOME's own setting outside a sandbox), and follows it as it changes. */
static void
style_changed_cb (SpApplication *self)
{
  g_autofree char *style = g_settings_get_string (self->settings, "style");
  AdwColorScheme scheme = ADW_COLOR_SCHEME_DEFAULT;

  if (g_str_equal (style, "dark"))
    scheme = ADW_COLOR_SCHEME_FORCE_DARK;
  else if (g_str_equal (style, "light"))
    scheme = ADW_COLOR_SCHEME_FORCE_LIGHT;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), scheme);
}

static gboolean
mib_to_bytes (GValue   *value,
              GVariant *variant,
              gpointer  user_data)
{
  g_value_set_uint64 (value, (guint64) g_variant_get_uint32 (variant) * 1024 * 1024);
  return TRUE;
}

static const GActionEntry app_actions[] = {
  { .name = "preferences", .activate = preferences_action },
  { .name = "about", .activate = about_action },
  { .name = "quit", .activate = quit_action },
  { .name = "open-lessons-folder", .activate = open_lessons_folder_action },
  { .name = "show-lesson", .activate = show_lesson_action, .parameter_type = "s" },
};

static void
sp_application_startup (GApplication *application)
{
  G_APPLICATION_CLASS (sp_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (application), app_actions,
                                   G_N_ELEMENTS (app_actions), application);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.quit",
                                         (const char *[]) { "<Control>q", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "win.add-pane",
                                         (const char *[]) { "<Control>n", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.preferences",
                                         (const char *[]) { "<Control>comma", NULL });

  {
    GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
    g_autoptr(GSettingsSchema) schema = source ? g_settings_schema_source_lookup (source, APP_ID, TRUE) : NULL;
    SpApplication *self = SP_APPLICATION (application);

    if (schema != NULL)
      {
        self->settings = g_settings_new (APP_ID);
        g_signal_connect_object (self->settings, "changed::style", G_CALLBACK (style_changed_cb),
                                 self, G_CONNECT_SWAPPED);
        style_changed_cb (self);
        g_settings_bind_with_mapping (self->settings, "capture-limit-mib",
                                      sp_capture_store_get_default (), "limit",
                                      G_SETTINGS_BIND_GET, mib_to_bytes, NULL, NULL, NULL);
      }
  }

  {
    g_autoptr(GError) error = NULL;

    /* There, so that the teacher finds it and the app can watch it. */
    if (!sp_lesson_library_ensure_folder (sp_lesson_library_get_default (), &error))
      g_message ("No lessons folder: %s", error->message);
  }

  /* AdwApplication loads style.css and style-dark.css from the resource
   * base path itself, the latter while the style is dark. */
  gtk_window_set_default_icon_name (APP_ID);
}

static void
sp_application_activate (GApplication *application)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (application));

  if (window == NULL)
    window = GTK_WINDOW (sp_window_new (GTK_APPLICATION (application)));

  gtk_window_present (window);
}

static gboolean
is_lesson_file (GFile *file)
{
  g_autofree char *name = g_file_get_basename (file);

  return name != NULL && g_str_has_suffix (name, SP_LESSON_FILE_SUFFIX);
}

static char *
display_name (GFile *file)
{
  g_autofree char *parse_name = g_file_get_parse_name (file);

  return g_path_get_basename (parse_name);
}

/* A window shows one session: the first of @files opens, and this names
 * the other sessions, which do not (NULL when there are none). */
static char *
ignored_sessions_message (GFile **files,
                          int     n_files)
{
  g_autoptr(GString) ignored = g_string_new (NULL);
  g_autofree char *opened = NULL;
  guint n_ignored = 0;

  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *name = NULL;

      if (is_lesson_file (files[i]))
        continue;

      name = display_name (files[i]);
      if (opened == NULL)
        {
          opened = g_steal_pointer (&name);
          continue;
        }

      /* TRANSLATORS: a file name in a list of file names */
      g_string_append_printf (ignored, n_ignored ? _(", “%s”") : _("“%s”"), name);
      n_ignored++;
    }

  if (n_ignored == 0)
    return NULL;

  /* TRANSLATORS: the session file that was opened, then the list of the
   * other session files given, which were not */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "A window shows one session at a time: “%s” was opened and %s was ignored.",
                                       "A window shows one session at a time: “%s” was opened and %s were ignored.",
                                       n_ignored),
                          opened, ignored->str);
}

/* A session or lesson file opened from the file manager or the command
 * line: lessons go to "My lessons", the first session replaces the panes. */
static void
sp_application_open (GApplication  *application,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  SpWindow *window;
  GFile *session = NULL;
  g_autofree char *ignored = ignored_sessions_message (files, n_files);

  sp_application_activate (application);
  window = SP_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (application)));

  for (int i = 0; i < n_files; i++)
    {
      if (is_lesson_file (files[i]))
        {
          sp_window_set_lessons_visible (window, TRUE);
          sp_lesson_panel_open_file (sp_window_get_lesson_panel (window), files[i]);
        }
      else if (session == NULL)
        session = files[i];
    }

  if (session != NULL)
    sp_window_open_session (window, session);
  if (ignored != NULL)
    sp_show_error (GTK_WINDOW (window), _("Only the first session file was opened"), ignored);
}

/* socket-playground --check-lesson FILE…: the messages the app would show,
 * one per bad file, and no window (no display needed). */
static int
check_lessons (const char * const *paths)
{
  g_autoptr(SpLessonLibrary) library = sp_lesson_library_new (RESOURCE_PREFIX "/lessons", NULL);
  int status = 0;

  if (paths == NULL || paths[0] == NULL)
    {
      g_printerr ("%s\n", _("--check-lesson needs one or more lesson files"));
      return 2;
    }

  for (guint i = 0; paths[i]; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SpLesson) lesson = sp_lesson_library_check_file (library, paths[i], &error);
      guint n_steps;

      if (lesson == NULL)
        {
          g_printerr ("%s\n", error->message);
          status = 1;
          continue;
        }

      n_steps = sp_lesson_get_n_steps (lesson);
      /* TRANSLATORS: a file, the lesson's id, and how many steps it has */
      g_print (g_dngettext (GETTEXT_PACKAGE, "%s: lesson “%s” is fine, %u step\n",
                            "%s: lesson “%s” is fine, %u steps\n", n_steps),
               paths[i], sp_lesson_get_id (lesson), n_steps);
    }

  return status;
}

static int
sp_application_handle_local_options (GApplication *application,
                                     GVariantDict *options)
{
  g_autofree const char **paths = NULL;
  const char *lesson_id = NULL;
  g_autoptr(GError) error = NULL;

  /* The program's name, as packagers' scripts expect, then the version. */
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("socket-playground %s\n", PACKAGE_VERSION);
      return 0;
    }

  g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&ay", &paths);
  if (g_variant_dict_contains (options, "check-lesson"))
    return check_lessons (paths);

  g_variant_dict_lookup (options, "lesson", "&s", &lesson_id);
  if (paths == NULL && lesson_id == NULL)
    return -1;

  /* The files were taken off the command line to be seen here, so they
   * are opened here; in a second launch this goes to the first. */
  if (!g_application_register (application, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  if (paths != NULL)
    {
      g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

      g_autofree char *ignored = NULL;

      for (guint i = 0; paths[i]; i++)
        g_ptr_array_add (files, g_file_new_for_commandline_arg (paths[i]));
      /* Said where it was typed too (the window may be another process's). */
      ignored = ignored_sessions_message ((GFile **) files->pdata, files->len);
      if (ignored != NULL)
        g_printerr ("%s\n", ignored);
      g_application_open (application, (GFile **) files->pdata, files->len, "");
    }

  /* It shows the window itself. */
  if (lesson_id != NULL)
    g_action_group_activate_action (G_ACTION_GROUP (application), "show-lesson",
                                    g_variant_new_string (lesson_id));

  return 0;
}

static void
sp_application_dispose (GObject *object)
{
  g_clear_object (&SP_APPLICATION (object)->settings);

  G_OBJECT_CLASS (sp_application_parent_class)->dispose (object);
}

static void
sp_application_class_init (SpApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = sp_application_dispose;

  app_class->startup = sp_application_startup;
  app_class->activate = sp_application_activate;
  app_class->open = sp_application_open;
  app_class->handle_local_options = sp_application_handle_local_options;
}

static void
sp_application_init (SpApplication *self)
{
  const GOptionEntry options[] = {
    { "check-lesson", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Check the lesson files given and say what is wrong with each, without opening a window"), NULL },
    { "lesson", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Open the lessons at the lesson with this id"), N_("ID") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Show the version and quit"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, NULL, NULL, NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_parameter_string (G_APPLICATION (self),
                                                     /* TRANSLATORS: command line usage */
                                                     _("[FILE…] — session or lesson files to open"));
}

void
sp_application_apply_language (GSettings *settings)
{
  g_autofree char *language = NULL;

  g_return_if_fail (G_IS_SETTINGS (settings));

  language = g_settings_get_string (settings, "language");
  sp_locale_apply_language (language);
}

SpApplication *
sp_application_new (void)
{
  return g_object_new (SP_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", RESOURCE_PREFIX,
                       NULL);
}
