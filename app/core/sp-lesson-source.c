/* sp-lesson-source.c
 *
 * GMarkup reports positions a character or two past what it just read, so
 * the reader finds each tag in the text itself: it walks the file forward
 * from one tag to the next as GMarkup reports them, which gives the exact
 * place of every tag and of every line of a <setup> or <check>.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sp-lesson-source.h"
#include "sp-user-text.h"

void
sp_lesson_source_init (SpLessonSource *src,
                       const char     *data,
                       gsize           length)
{
  gsize zero = 0;

  src->data = data;
  src->length = length;
  src->scan = 0;
  src->lines = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_array_append_val (src->lines, zero);
  for (gsize i = 0; i < length; i++)
    if (data[i] == '\n')
      {
        gsize next = i + 1;

        g_array_append_val (src->lines, next);
      }
}

void
sp_lesson_source_clear (SpLessonSource *src)
{
  g_clear_pointer (&src->lines, g_array_unref);
}

SpLessonPos
sp_lesson_source_pos (SpLessonSource *src,
                      gsize           offset)
{
  guint lo = 0, hi = src->lines->len;
  gsize line_start;

  /* The last line starting at or before @offset. */
  while (hi - lo > 1)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (src->lines, gsize, mid) <= offset)
        lo = mid;
      else
        hi = mid;
    }

  line_start = g_array_index (src->lines, gsize, lo);
  return (SpLessonPos) { lo + 1, (int) g_utf8_strlen (src->data + line_start, offset - line_start) + 1 };
}

/* Past the '>' of the tag at @offset, stepping over quoted values. */
static gsize
tag_end (SpLessonSource *src,
         gsize           offset)
{
  char quote = 0;

  for (gsize i = offset; i < src->length; i++)
    {
      char c = src->data[i];

      if (quote != 0)
        {
          if (c == quote)
            quote = 0;
        }
      else if (c == '"' || c == '\'')
        quote = c;
      else if (c == '>')
        return i + 1;
    }

  return src->length;
}

/* Past the end of @close (e.g. "-->") from @offset, or the end of the file. */
static gsize
skip_past (SpLessonSource *src,
           gsize           offset,
           const char     *close)
{
  gsize n = strlen (close);

  for (gsize i = offset; i + n <= src->length; i++)
    if (memcmp (src->data + i, close, n) == 0)
      return i + n;

  return src->length;
}

static gboolean
looking_at (SpLessonSource *src,
            gsize           offset,
            const char     *text)
{
  gsize n = strlen (text);

  return offset + n <= src->length && memcmp (src->data + offset, text, n) == 0;
}

gsize
sp_lesson_source_find_tag (SpLessonSource *src,
                           const char     *name,
                           gboolean        closing)
{
  gsize n = strlen (name);
  gsize i = src->scan;

  while (i < src->length)
    {
      gsize here;

      if (src->data[i] != '<')
        {
          i++;
          continue;
        }

      here = i;
      if (looking_at (src, i, "<!--"))
        i = skip_past (src, i + 4, "-->");
      else if (looking_at (src, i, "<![CDATA["))
        i = skip_past (src, i + 9, "]]>");
      else if (looking_at (src, i, "<?"))
        i = skip_past (src, i + 2, "?>");
      else if (looking_at (src, i, "<!"))
        i = tag_end (src, i);
      else
        {
          gsize name_at = i + 1 + (i + 1 < src->length && src->data[i + 1] == '/' ? 1 : 0);
          gboolean is_end = name_at == i + 2;
          char after = name_at + n < src->length ? src->data[name_at + n] : '\0';

          i = tag_end (src, i);
          if (is_end == closing && name_at + n <= src->length &&
              memcmp (src->data + name_at, name, n) == 0 &&
              (after == '>' || after == '/' || g_ascii_isspace (after)))
            {
              src->scan = i;
              return here;
            }
        }
    }

  /* GMarkup read it, so it is there; this is only a safe fallback. */
  return MIN (src->scan, src->length);
}

SpLessonPos
sp_lesson_source_next_text (SpLessonSource *src)
{
  gsize i = src->scan;

  while (i < src->length)
    {
      if (looking_at (src, i, "<!--"))
        i = skip_past (src, i + 4, "-->");
      else if (g_ascii_isspace (src->data[i]))
        i++;
      else
        break;
    }

  return sp_lesson_source_pos (src, MIN (i, src->length));
}

/* Teachers' files drop a line break between two Chinese characters, as
 * Chinese has no spaces between words; built-in lessons keep xgettext's
 * rule, their text is a msgid. */
char *
sp_lesson_collapse_space (const char *text,
                          gboolean    cjk)
{
  GString *s = g_string_new (NULL);
  gboolean space = FALSE;
  gboolean newline = FALSE;
  gunichar previous = 0;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x80 && g_ascii_isspace (c))
        {
          space = s->len > 0;
          newline |= c == '\n';
          continue;
        }

      if (space && !(cjk && newline && g_unichar_iswide (previous) && g_unichar_iswide (c)))
        g_string_append_c (s, ' ');
      g_string_append_unichar (s, c);
      previous = c;
      space = newline = FALSE;
    }

  return g_string_free (s, FALSE);
}

char *
sp_lesson_one_line (const char *text,
                    glong       max)
{
  g_autofree char *folded = sp_lesson_collapse_space (text, FALSE);

  return sp_user_text_shorten (folded, max);
}

static void
line_free (gpointer data)
{
  g_free (((SpLessonLine *) data)->text);
  g_free (data);
}

GPtrArray *
sp_lesson_source_lines (SpLessonSource *src,
                        gsize           text_start,
                        const char     *text)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (line_free);
  g_auto(GStrv) split = g_strsplit (text, "\n", -1);
  SpLessonPos start = sp_lesson_source_pos (src, text_start);

  for (guint i = 0; split[i]; i++)
    {
      const char *p = split[i];
      int leading = 0;
      SpLessonLine *line;

      while (*p == ' ' || *p == '\t' || *p == '\r')
        p++, leading++;
      g_strchomp ((char *) p);
      if (*p == '\0')
        continue;

      line = g_new0 (SpLessonLine, 1);
      line->text = g_strdup (p);
      line->pos.line = start.line + (int) i;
      line->pos.col = (i == 0 ? start.col : 1) + leading;
      g_ptr_array_add (lines, line);
    }

  return lines;
}
