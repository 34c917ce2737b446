/* sp-user-text.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sp-user-text.h"

char *
sp_user_text_shorten (const char *text,
                      glong       max_chars)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);

  if (g_utf8_strlen (valid, -1) > max_chars)
    {
      const char *cut = g_utf8_offset_to_pointer (valid, max_chars - 1);
      g_autofree char *head = g_strndup (valid, cut - valid);

      return g_strconcat (head, "…", NULL);
    }

  return g_steal_pointer (&valid);
}

char *
sp_user_text_quote (const char *text)
{
  return sp_user_text_shorten (text, SP_USER_TEXT_MAX_QUOTED);
}

gboolean
sp_user_text_parse_uint (const char *word,
                         guint64     min,
                         guint64     max,
                         guint64    *out)
{
  guint64 value;

  /* g_ascii_string_to_unsigned() refuses signs and spaces. */
  if (word == NULL || !g_ascii_string_to_unsigned (word, 10, min, max, &value, NULL))
    return FALSE;

  *out = value;
  return TRUE;
}

gboolean
sp_user_text_parse_choice (const char *word,
                           const char *if_false,
                           const char *if_true,
                           gboolean   *out)
{
  if (g_strcmp0 (word, if_false) == 0)
    *out = FALSE;
  else if (g_strcmp0 (word, if_true) == 0)
    *out = TRUE;
  else
    return FALSE;

  return TRUE;
}

gboolean
sp_user_text_ends_in_lone_backslash (const char *text)
{
  gsize len = strlen (text);
  gsize n = 0;

  while (n < len && text[len - 1 - n] == '\\')
    n++;

  return n % 2 == 1;
}
