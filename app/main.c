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
#include "sp-system.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SpApplication) app = NULL;

  /* A peer that closes while we write must be an error on screen, not the
   * end of the process. GSocket already passes MSG_NOSIGNAL; this covers
   * any other path. */
  signal (SIGPIPE, SIG_IGN);

  /* A server pane holds one descriptor per client. */
  sp_raise_fd_limit ();

  /* Preferences may choose the language over the system's. */
  {
    GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
    g_autoptr(GSettingsSchema) schema = source ? g_settings_schema_source_lookup (source, APP_ID, TRUE) : NULL;

    if (schema != NULL)
      {
        g_autoptr(GSettings) settings = g_settings_new (APP_ID);

        sp_application_apply_language (settings);
      }
  }

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = sp_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
