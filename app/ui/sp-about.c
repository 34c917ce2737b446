/* sp-about.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "sp-about.h"
#include "sp-release-notes.h"

/* The metainfo the app installs is built into the resources, so the notes
 * are the release's own, in any install and in the build tree. */
static void
set_release_notes (AdwAboutWindow *about)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) metainfo = g_resources_lookup_data (RESOURCE_PREFIX "/metainfo.xml",
                                                        G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  g_autofree char *version = NULL;
  g_autofree char *notes = NULL;
  gsize length = 0;
  const char *data;

  if (metainfo == NULL)
    {
      g_warning ("No metainfo in the resources: %s", error->message);
      return;
    }

  data = g_bytes_get_data (metainfo, &length);
  if (!sp_release_notes_read (data, length, &version, &notes, &error))
    {
      g_warning ("No release notes: %s", error->message);
      return;
    }

  adw_about_window_set_release_notes_version (about, version != NULL ? version : PACKAGE_VERSION);
  adw_about_window_set_release_notes (about, notes);
}

/* What a bug report needs: the versions in use, the language the app
 * chose, and whether it runs sandboxed (portals, the runtime's locales). */
static char *
debug_info (void)
{
  const char *language = g_getenv ("LANGUAGE");

  return g_strdup_printf ("Socket Playground %s (%s)\n"
                          "GLib %u.%u.%u\nGTK %u.%u.%u\nlibadwaita %u.%u.%u\n"
                          "Locale (messages): %s\nLANGUAGE: %s\n"
                          "Flatpak: %s\n",
                          PACKAGE_VERSION, APP_ID,
                          glib_major_version, glib_minor_version, glib_micro_version,
                          gtk_get_major_version (), gtk_get_minor_version (), gtk_get_micro_version (),
                          adw_get_major_version (), adw_get_minor_version (), adw_get_micro_version (),
                          setlocale (LC_MESSAGES, NULL), language != NULL ? language : "(not set)",
                          g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS) ? "yes" : "no");
}

GtkWindow *
sp_about_window_new (GtkWindow *parent)
{
  static const char *developers[] = { "Socket Playground contributors", NULL };
  static const char *built_with[] = {
    "GTK https://gtk.org",
    "libadwaita https://gnome.pages.gitlab.gnome.org/libadwaita/",
    "GLib https://docs.gtk.org/glib/",
    NULL
  };
  AdwAboutWindow *about = ADW_ABOUT_WINDOW (adw_about_window_new ());

  if (parent != NULL)
    {
      gtk_window_set_transient_for (GTK_WINDOW (about), parent);
      gtk_window_set_modal (GTK_WINDOW (about), TRUE);
      gtk_window_set_destroy_with_parent (GTK_WINDOW (about), TRUE);
    }

  adw_about_window_set_application_name (about, _("Socket Playground"));
  adw_about_window_set_application_icon (about, APP_ID);
  adw_about_window_set_version (about, PACKAGE_VERSION);
  adw_about_window_set_developer_name (about, _("Socket Playground contributors"));
  adw_about_window_set_comments (about, _("See sockets work: every send() and recv() as bytes"));
  adw_about_window_set_website (about, PACKAGE_WEBSITE);
  adw_about_window_set_issue_url (about, PACKAGE_WEBSITE "/issues");
  adw_about_window_set_license_type (about, GTK_LICENSE_GPL_3_0);
  adw_about_window_set_copyright (about, _("© 2026 Socket Playground contributors"));
  adw_about_window_set_developers (about, developers);
  /* TRANSLATORS: your name(s), one per line */
  adw_about_window_set_translator_credits (about, _("translator-credits"));
  adw_about_window_add_acknowledgement_section (about, _("Built with"), built_with);
  set_release_notes (about);
  {
    g_autofree char *info = debug_info ();

    adw_about_window_set_debug_info (about, info);
  }

  return GTK_WINDOW (about);
}
