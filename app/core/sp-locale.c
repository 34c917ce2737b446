/* sp-locale.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "sp-locale.h"

/* glibc's gettext ignores LANGUAGE only in exactly this locale ("C.UTF-8"
 * honours it). */
static gboolean
ignores_language (const char *messages_locale)
{
  return messages_locale == NULL ||
         g_str_equal (messages_locale, "C") ||
         g_str_equal (messages_locale, "POSIX");
}

const char *
sp_locale_apply_language (const char *language)
{
  g_autofree char *utf8_locale = NULL;

  setlocale (LC_ALL, "");
  if (language == NULL || *language == '\0')
    return setlocale (LC_MESSAGES, NULL);

  g_setenv ("LANGUAGE", language, TRUE);

  /* "en" is the untranslated text: any locale shows it. */
  if (strchr (language, '_') != NULL)
    {
      utf8_locale = g_strconcat (language, ".UTF-8", NULL);
      if (setlocale (LC_ALL, utf8_locale) != NULL)
        return setlocale (LC_MESSAGES, NULL);
    }

  if (ignores_language (setlocale (LC_MESSAGES, NULL)))
    setlocale (LC_ALL, "C.UTF-8");

  return setlocale (LC_MESSAGES, NULL);
}
