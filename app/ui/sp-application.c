/* sp-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sp-application.h"
#include "sp-capture-store.h"
#include "sp-preferences-window.h"
#include "sp-window.h"

struct _SpApplication
{
  GtkApplication  parent_instance;

  GSettings      *settings;   /* NULL when the schema is not installed */
  GtkCssProvider *dark_provider;
  gboolean        dark;
};

G_DEFINE_FINAL_TYPE (SpApplication, sp_application, GTK_TYPE_APPLICATION)

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *app = user_data;
  static const char *developers[] = { "Socket Playground contributors", NULL };

  gtk_show_about_dialog (gtk_application_get_active_window (app),
                         "program-name", _("Socket Playground"),
                         "logo-icon-name", APP_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("See sockets work: every send() and recv() as bytes"),
                         "website", PACKAGE_WEBSITE,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "authors", developers,
                         /* TRANSLATORS: your name(s) */
                         "translator-credits", _("translator-credits"),
                         NULL);
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
    gtk_window_present (GTK_WINDOW (sp_preferences_window_new (parent, self->settings)));
}

static void
style_changed_cb (SpApplication *self)
{
  g_autofree char *style = g_settings_get_string (self->settings, "style");
  GtkSettings *gtk_settings = gtk_settings_get_default ();

  /* "system" leaves GTK's own choice alone. */
  if (g_str_equal (style, "dark"))
    g_object_set (gtk_settings, "gtk-application-prefer-dark-theme", TRUE, NULL);
  else if (g_str_equal (style, "light"))
    g_object_set (gtk_settings, "gtk-application-prefer-dark-theme", FALSE, NULL);
  else
    gtk_settings_reset_property (gtk_settings, "gtk-application-prefer-dark-theme");
}

/* GTK 4.8 has no prefers-color-scheme media query: style-dark.css goes on
 * top of style.css while the theme in use is dark, whoever chose it. */
static void
dark_changed_cb (SpApplication *self)
{
  GtkSettings *gtk_settings = gtk_settings_get_default ();
  g_autofree char *theme = NULL;
  gboolean prefer_dark = FALSE;
  gboolean dark;

  g_object_get (gtk_settings,
                "gtk-application-prefer-dark-theme", &prefer_dark,
                "gtk-theme-name", &theme,
                NULL);
  dark = prefer_dark || (theme != NULL && (g_str_has_suffix (theme, "-dark") ||
                                           g_str_has_suffix (theme, ":dark")));
  if (dark == self->dark)
    return;

  self->dark = dark;
  if (dark)
    gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                GTK_STYLE_PROVIDER (self->dark_provider),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION + 1);
  else
    gtk_style_context_remove_provider_for_display (gdk_display_get_default (),
                                                   GTK_STYLE_PROVIDER (self->dark_provider));
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
};

static void
sp_application_startup (GApplication *application)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

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

  gtk_css_provider_load_from_resource (provider, RESOURCE_PREFIX "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  gtk_window_set_default_icon_name (APP_ID);

  {
    SpApplication *self = SP_APPLICATION (application);
    GtkSettings *gtk_settings = gtk_settings_get_default ();

    self->dark_provider = gtk_css_provider_new ();
    gtk_css_provider_load_from_resource (self->dark_provider, RESOURCE_PREFIX "/style-dark.css");
    g_signal_connect_object (gtk_settings, "notify::gtk-application-prefer-dark-theme",
                             G_CALLBACK (dark_changed_cb), self, G_CONNECT_SWAPPED);
    g_signal_connect_object (gtk_settings, "notify::gtk-theme-name",
                             G_CALLBACK (dark_changed_cb), self, G_CONNECT_SWAPPED);
    dark_changed_cb (self);
  }
}

static void
sp_application_activate (GApplication *application)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (application));

  if (window == NULL)
    window = GTK_WINDOW (sp_window_new (GTK_APPLICATION (application)));

  gtk_window_present (window);
}

/* A session file opened from the file manager. */
static void
sp_application_open (GApplication  *application,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  GtkWindow *window;

  sp_application_activate (application);
  window = gtk_application_get_active_window (GTK_APPLICATION (application));
  if (n_files > 0)
    sp_window_open_session (SP_WINDOW (window), files[0]);
}

static void
sp_application_dispose (GObject *object)
{
  g_clear_object (&SP_APPLICATION (object)->settings);
  g_clear_object (&SP_APPLICATION (object)->dark_provider);

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
}

static void
sp_application_init (SpApplication *self)
{
}

void
sp_application_apply_language (GSettings *settings)
{
  g_autofree char *language = NULL;

  g_return_if_fail (G_IS_SETTINGS (settings));

  language = g_settings_get_string (settings, "language");
  if (*language != '\0')
    g_setenv ("LANGUAGE", language, TRUE);
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
