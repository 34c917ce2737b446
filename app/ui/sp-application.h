/* sp-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SP_TYPE_APPLICATION (sp_application_get_type ())
G_DECLARE_FINAL_TYPE (SpApplication, sp_application, SP, APPLICATION, AdwApplication)

SpApplication *sp_application_new (void);
/* Preferences may choose the language over the system's: sets the locale
 * and LANGUAGE for @settings' "language" (empty: follow the system), see
 * sp_locale_apply_language(). Call before anything is translated. */
void           sp_application_apply_language (GSettings *settings);

G_END_DECLS
