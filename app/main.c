/* main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <signal.h>

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "sp-application.h"
#include "sp-locale.h"
#include "sp-system.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SpApplication) app = NULL;
  const char *locale_dir;

  /* A peer that closes while we write must be an error on screen, not the
   * end of the process. GSocket already passes MSG_NOSIGNAL; this covers
   * any other path. */
  signal (SIGPIPE, SIG_IGN);

  /* A server pane holds one descriptor per client. Before any thread
   * starts: see sp_reserve_fd_table(). */
  sp_raise_fd_limit ();
  sp_reserve_fd_table (SP_FD_TABLE_RESERVE);

  /* Preferences may choose the language over the system's: that decides
   * the locale, set here before anything is translated. */
  {
    GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
    g_autoptr(GSettingsSchema) schema = source ? g_settings_schema_source_lookup (source, APP_ID, TRUE) : NULL;

    if (schema != NULL)
      {
        g_autoptr(GSettings) settings = g_settings_new (APP_ID);

        sp_application_apply_language (settings);
      }
    else
      sp_locale_apply_language (NULL);
  }
  /* GTK would set it again from the environment (LANG=C undoing the
   * choice). */
  gtk_disable_setlocale ();

  /* Running from the build tree (the tests), the catalogues are there. */
  locale_dir = g_getenv ("SOCKET_PLAYGROUND_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE, locale_dir != NULL ? locale_dir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = sp_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
