/* sp-text-codec.c: text <-> bytes in the encodings the composer offers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sp-text-codec.h"

G_DEFINE_QUARK (sp-text-codec-error, sp_text_codec_error)

const char *
sp_text_encoding_charset (SpTextEncoding encoding)
{
  switch (encoding)
    {
    case SP_TEXT_ENCODING_UTF8:
      return "UTF-8";
    case SP_TEXT_ENCODING_GBK:
      return "GBK";
    case SP_TEXT_ENCODING_LATIN1:
      return "ISO-8859-1";
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
sp_text_encoding_label (SpTextEncoding encoding)
{
  switch (encoding)
    {
    case SP_TEXT_ENCODING_UTF8:
      return "UTF-8";
    case SP_TEXT_ENCODING_GBK:
      return "GBK";
    case SP_TEXT_ENCODING_LATIN1:
      return "Latin-1";
    default:
      g_return_val_if_reached (NULL);
    }
}

/* The character at @p as shown in a message; invisible ones as U+XXXX. */
static char *
describe_char (const char *p)
{
  gunichar c = g_utf8_get_char (p);

  if (!g_unichar_isgraph (c))
    return g_strdup_printf ("U+%04X", c);

  return g_strndup (p, g_utf8_next_char (p) - p);
}

static const char *
line_ending_bytes (SpLineEnding ending)
{
  switch (ending)
    {
    case SP_LINE_ENDING_NONE:
      return "";
    case SP_LINE_ENDING_LF:
      return "\n";
    case SP_LINE_ENDING_CRLF:
      return "\r\n";
    default:
      g_return_val_if_reached ("");
    }
}

GBytes *
sp_text_encode (const char      *text,
                SpTextEncoding   encoding,
                SpLineEnding     ending,
                gsize           *error_pos,
                GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *charset;
  const char *eol;
  const char *invalid;
  GByteArray *bytes;
  gsize dummy_pos;
  gsize n_read = 0;
  gsize n_written = 0;
  char *converted;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (error_pos == NULL)
    error_pos = &dummy_pos;

  charset = sp_text_encoding_charset (encoding);
  g_return_val_if_fail (charset != NULL, NULL);
  eol = line_ending_bytes (ending);

  if (!g_utf8_validate (text, -1, &invalid))
    {
      *error_pos = g_utf8_strlen (text, invalid - text);
      g_set_error (error, SP_TEXT_CODEC_ERROR, SP_TEXT_CODEC_ERROR_INVALID_INPUT,
                   /* Translators: %zu is a 1-based character position */
                   _("The text is not valid UTF-8 (at character %zu)"),
                   *error_pos + 1);
      return NULL;
    }

  if (encoding == SP_TEXT_ENCODING_UTF8)
    {
      n_written = strlen (text);
      converted = g_strndup (text, n_written);
    }
  else
    {
      converted = g_convert (text, -1, charset, "UTF-8", &n_read, &n_written, &local_error);
    }

  if (converted == NULL)
    {
      if (g_error_matches (local_error, G_CONVERT_ERROR, G_CONVERT_ERROR_ILLEGAL_SEQUENCE))
        {
          g_autofree char *what = describe_char (text + n_read);

          *error_pos = g_utf8_strlen (text, n_read);
          g_set_error (error, SP_TEXT_CODEC_ERROR, SP_TEXT_CODEC_ERROR_UNREPRESENTABLE,
                       /* Translators: “%s” is a character, %zu its 1-based position,
                        * the last %s an encoding name such as “Latin-1” */
                       _("“%s” (character %zu) cannot be encoded in %s"),
                       what, *error_pos + 1, sp_text_encoding_label (encoding));
        }
      else
        {
          /* The system lacks the converter; nothing the user can fix. */
          *error_pos = 0;
          g_set_error (error, SP_TEXT_CODEC_ERROR, SP_TEXT_CODEC_ERROR_UNREPRESENTABLE,
                       /* Translators: %s is an encoding name, the second %s a system error */
                       _("Cannot encode text in %s: %s"),
                       sp_text_encoding_label (encoding), local_error->message);
        }
      return NULL;
    }

  bytes = g_byte_array_new_take ((guint8 *) converted, n_written);
  g_byte_array_append (bytes, (const guint8 *) eol, strlen (eol));

  return g_byte_array_free_to_bytes (bytes);
}

/* Decoding for display */

static void
append_byte_escape (GString *out,
                    guint8   byte)
{
  static const char digits[] = "0123456789abcdef";
  char esc[4] = { '\\', 'x', digits[byte >> 4], digits[byte & 0xf] };

  g_string_append_len (out, esc, 4);
}

/* C0 controls, DEL and the backslash itself (so a literal "\x41" typed by
 * the peer cannot be confused with an escape). */
static void
append_ascii_escape (GString *out,
                     guint8   c)
{
  switch (c)
    {
    case '\0': g_string_append (out, "\\0"); break;
    case '\a': g_string_append (out, "\\a"); break;
    case '\b': g_string_append (out, "\\b"); break;
    case '\t': g_string_append (out, "\\t"); break;
    case '\n': g_string_append (out, "\\n"); break;
    case '\v': g_string_append (out, "\\v"); break;
    case '\f': g_string_append (out, "\\f"); break;
    case '\r': g_string_append (out, "\\r"); break;
    case '\\': g_string_append (out, "\\\\"); break;
    default: append_byte_escape (out, c); break;
    }
}

static inline gboolean
ascii_needs_escape (guint8   c,
                    gboolean single_line)
{
  if (c == '\n')
    return single_line;

  return c < 0x20 || c == 0x7f || c == '\\';
}

/* Appends @len bytes of valid UTF-8 (which may contain NULs), escaping
 * controls. C1 controls and, on a single line, U+2028/U+2029 are written as
 * "\uXXXX": "\xNN" would claim a single undecodable byte, and raw they are
 * invisible or break the line. */
static void
append_text_escaped (GString    *out,
                     const char *s,
                     gsize       len,
                     gboolean    single_line)
{
  const char *end = s + len;
  const char *run = s;
  const char *q = s;

  while (q < end)
    {
      guint8 c = *q;
      gsize skip;

      if (G_LIKELY (c >= 0x20 && c < 0x7f && c != '\\'))
        {
          q++;
          continue;
        }

      if (c < 0x80)
        {
          if (!ascii_needs_escape (c, single_line))
            {
              q++;
              continue;
            }
          g_string_append_len (out, run, q - run);
          append_ascii_escape (out, c);
          run = ++q;
          continue;
        }

      skip = g_utf8_skip[c];
      if ((c == 0xc2 && (guint8) q[1] < 0xa0) ||
          (single_line && c == 0xe2 && (guint8) q[1] == 0x80 &&
           ((guint8) q[2] == 0xa8 || (guint8) q[2] == 0xa9)))
        {
          g_string_append_len (out, run, q - run);
          g_string_append_printf (out, "\\u%04x", g_utf8_get_char (q));
          run = q + skip;
        }
      q += skip;
    }

  g_string_append_len (out, run, end - run);
}

static void
decode_utf8 (GString      *out,
             const guint8 *data,
             gsize         len,
             gsize         n_bytes,
             gboolean      single_line)
{
  gsize p = 0;

  while (p < len)
    {
      const char *start = (const char *) data + p;
      const char *valid_end;
      gunichar c;

      /* Stops at NULs as well as at invalid or cut sequences. */
      g_utf8_validate_len (start, len - p, &valid_end);
      append_text_escaped (out, start, valid_end - start, single_line);
      p = (const guint8 *) valid_end - data;

      if (p == len)
        break;

      if (data[p] == '\0')
        {
          append_ascii_escape (out, '\0');
          p++;
          continue;
        }

      /* A character cut by max_bytes is dropped, not shown as escapes. */
      c = g_utf8_get_char_validated ((const char *) data + p, MIN (n_bytes - p, 6));
      if (c != (gunichar) -1 && c != (gunichar) -2 && p + g_utf8_skip[data[p]] > len)
        break;

      append_byte_escape (out, data[p]);
      p++;
    }
}

static void
decode_latin1 (GString      *out,
               const guint8 *data,
               gsize         len,
               gboolean      single_line)
{
  gsize run = 0;

  for (gsize p = 0; p < len; p++)
    {
      guint8 c = data[p];

      if (G_LIKELY (c >= 0x20 && c < 0x7f && c != '\\'))
        continue;

      g_string_append_len (out, (const char *) data + run, p - run);
      run = p + 1;

      if (c < 0x80)
        {
          if (ascii_needs_escape (c, single_line))
            append_ascii_escape (out, c);
          else
            g_string_append_c (out, c);
        }
      else if (c < 0xa0)
        {
          /* C1 controls: invisible, and U+0085 would break the line. */
          append_byte_escape (out, c);
        }
      else
        {
          g_string_append_c (out, 0xc0 | (c >> 6));
          g_string_append_c (out, 0x80 | (c & 0x3f));
        }
    }

  g_string_append_len (out, (const char *) data + run, len - run);
}

/* Whether @data (at most 2 bytes are looked at) starts with a complete,
 * valid GBK character. */
static gboolean
gbk_char_is_valid (GIConv        cd,
                   const guint8 *data,
                   gsize         n)
{
  char buf[8];
  char *in = (char *) data;
  char *outp = buf;
  gsize in_left = MIN (n, 2);
  gsize out_left = sizeof buf;
  gsize r;

  g_iconv (cd, NULL, NULL, NULL, NULL);
  r = g_iconv (cd, &in, &in_left, &outp, &out_left);
  g_iconv (cd, NULL, NULL, NULL, NULL);

  /* Stopping after the first character still means that one is valid. */
  return r != (gsize) -1 || in != (char *) data;
}

static void
decode_gbk (GString      *out,
            const guint8 *data,
            gsize         len,
            gsize         n_bytes,
            gboolean      single_line)
{
  GIConv cd;
  char buf[16384];
  gsize p = 0;

  cd = g_iconv_open ("UTF-8", "GBK");
  if (cd == (GIConv) -1)
    {
      /* Never fail: without a converter show ASCII and escape the rest. */
      for (; p < len; p++)
        {
          if (data[p] < 0x80)
            append_text_escaped (out, (const char *) data + p, 1, single_line);
          else
            append_byte_escape (out, data[p]);
        }
      return;
    }

  while (p < len)
    {
      char *in = (char *) data + p;
      gsize in_left = len - p;
      char *outp = buf;
      gsize out_left = sizeof buf;
      gsize r;
      int saved_errno;

      r = g_iconv (cd, &in, &in_left, &outp, &out_left);
      saved_errno = errno;

      append_text_escaped (out, buf, outp - buf, single_line);
      p = (guint8 *) in - data;

      if (r != (gsize) -1 || saved_errno == E2BIG)
        continue;

      /* EINVAL: the input ends inside a character. If only max_bytes cut it,
       * drop it rather than show escapes that are not in the data. */
      if (saved_errno == EINVAL && n_bytes > len &&
          gbk_char_is_valid (cd, data + p, n_bytes - p))
        break;

      /* An invalid lead byte: escape it alone, its trail may be ASCII. */
      append_byte_escape (out, data[p]);
      p++;
      g_iconv (cd, NULL, NULL, NULL, NULL);
    }

  g_iconv_close (cd);
}

char *
sp_text_decode_for_display (const guint8   *data,
                            gsize           n_bytes,
                            SpTextEncoding  encoding,
                            gboolean        single_line,
                            gsize           max_bytes)
{
  GString *out;
  gsize len;

  g_return_val_if_fail (data != NULL || n_bytes == 0, NULL);

  len = MIN (n_bytes, max_bytes);
  out = g_string_sized_new (len + len / 8 + 8);

  switch (encoding)
    {
    case SP_TEXT_ENCODING_UTF8:
      decode_utf8 (out, data, len, n_bytes, single_line);
      break;
    case SP_TEXT_ENCODING_GBK:
      decode_gbk (out, data, len, n_bytes, single_line);
      break;
    case SP_TEXT_ENCODING_LATIN1:
      decode_latin1 (out, data, len, single_line);
      break;
    default:
      g_string_free (out, TRUE);
      g_return_val_if_reached (g_strdup (""));
    }

  if (n_bytes > len)
    g_string_append (out, "…");

  return g_string_free (out, FALSE);
}
