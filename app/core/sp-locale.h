/* sp-locale.h: the interface language chosen in Preferences, whatever the
 * system's locale
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Sets the process's locale (LC_ALL) before anything is translated: the
 * system's, from the environment, when @language is NULL or empty;
 * otherwise a UTF-8 locale for @language ("zh_CN" → zh_CN.UTF-8) where it
 * is installed, and LANGUAGE=@language either way. Where it is not (a
 * system with few locales, a Flatpak without that language's extension)
 * the system's locale stays if gettext honours LANGUAGE in it, and C.UTF-8
 * takes its place if not (glibc ignores LANGUAGE in the "C" locale, LANG=C).
 * Returns the locale now in force for LC_MESSAGES. */
const char *sp_locale_apply_language (const char *language);

G_END_DECLS
