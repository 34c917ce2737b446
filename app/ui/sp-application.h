/* sp-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SP_TYPE_APPLICATION (sp_application_get_type ())
G_DECLARE_FINAL_TYPE (SpApplication, sp_application, SP, APPLICATION, GtkApplication)

SpApplication *sp_application_new (void);
/* Preferences may choose the language over the system's: sets LANGUAGE
 * from @settings' "language" (empty: follow the system). Call before
 * anything is translated. */
void           sp_application_apply_language (GSettings *settings);

G_END_DECLS
