/* sp-hex.c: hex dump formatting and hex input parsing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sp-hex.h"

G_DEFINE_QUARK (sp-hex-parse-error, sp_hex_parse_error)

/* Entry i is the "xx " triplet for byte i, padded with a space to 4 bytes so
 * every entry can be stored with one fixed-size 4-byte copy. The 4th byte is
 * either overwritten by the next entry or lands exactly on a column space. */
#define HEX_ROW(h) \
  h "0  " h "1  " h "2  " h "3  " h "4  " h "5  " h "6  " h "7  " \
  h "8  " h "9  " h "a  " h "b  " h "c  " h "d  " h "e  " h "f  "

static const char hex_quads[256 * 4 + 1] =
  HEX_ROW ("0") HEX_ROW ("1") HEX_ROW ("2") HEX_ROW ("3")
  HEX_ROW ("4") HEX_ROW ("5") HEX_ROW ("6") HEX_ROW ("7")
  HEX_ROW ("8") HEX_ROW ("9") HEX_ROW ("a") HEX_ROW ("b")
  HEX_ROW ("c") HEX_ROW ("d") HEX_ROW ("e") HEX_ROW ("f");

#undef HEX_ROW

#define DOTS16 "................"

static const char printable[256 + 1] =
  DOTS16                      /* 0x00 */
  DOTS16                      /* 0x10 */
  " !\"#$%&'()*+,-./"         /* 0x20 */
  "0123456789:;<=>?"          /* 0x30 */
  "@ABCDEFGHIJKLMNO"          /* 0x40 */
  "PQRSTUVWXYZ[\\]^_"         /* 0x50 */
  "`abcdefghijklmno"          /* 0x60 */
  "pqrstuvwxyz{|}~."          /* 0x70 */
  DOTS16 DOTS16 DOTS16 DOTS16 /* 0x80 */
  DOTS16 DOTS16 DOTS16 DOTS16;

#undef DOTS16

G_STATIC_ASSERT (sizeof hex_quads == 256 * 4 + 1);
G_STATIC_ASSERT (sizeof printable == 256 + 1);
G_STATIC_ASSERT (SP_HEX_LINE_WIDTH == 77);
G_STATIC_ASSERT (SP_HEX_MAX_LINE_WIDTH == 145);

/* Column layout of a line, see sp-hex.h. */
#define COL_HEX_1   10
#define COL_HEX_2   (COL_HEX_1 + 8 * 3 + 1)
#define COL_ASCII_1 (COL_HEX_2 + 8 * 3 + 1)
#define COL_ASCII_2 (COL_ASCII_1 + 8 + 1)

static inline void
put_quad (char         *p,
          const guint8  byte)
{
  memcpy (p, hex_quads + 4 * byte, 4);
}

/* Writes the 8-digit offset and the two spaces after it (10 bytes). The
 * offset wraps at 4 GiB so a line never exceeds SP_HEX_LINE_WIDTH. */
static inline void
put_offset (char  *p,
            gsize  offset)
{
  put_quad (p + 0, (offset >> 24) & 0xff);
  put_quad (p + 2, (offset >> 16) & 0xff);
  put_quad (p + 4, (offset >> 8) & 0xff);
  put_quad (p + 6, offset & 0xff);
}

/* A full 16-byte line: exactly SP_HEX_LINE_WIDTH bytes, not terminated. */
static inline void
put_full_line (char         *p,
               gsize         offset,
               const guint8 *d)
{
  put_offset (p, offset);

  for (guint i = 0; i < 8; i++)
    put_quad (p + COL_HEX_1 + 3 * i, d[i]);
  for (guint i = 0; i < 8; i++)
    put_quad (p + COL_HEX_2 + 3 * i, d[8 + i]);

  for (guint i = 0; i < 8; i++)
    p[COL_ASCII_1 + i] = printable[d[i]];
  p[COL_ASCII_1 + 8] = ' ';
  for (guint i = 0; i < 8; i++)
    p[COL_ASCII_2 + i] = printable[d[8 + i]];
}

/* A line of 1..16 bytes; returns its length, not terminated. */
static gsize
put_line (char         *p,
          gsize         offset,
          const guint8 *d,
          gsize         n)
{
  gsize len;

  if (n == SP_HEX_BYTES_PER_LINE)
    {
      put_full_line (p, offset, d);
      return SP_HEX_LINE_WIDTH;
    }

  put_offset (p, offset);
  memset (p + COL_HEX_1, ' ', COL_ASCII_1 - COL_HEX_1);

  for (gsize i = 0; i < n; i++)
    put_quad (p + (i < 8 ? COL_HEX_1 + 3 * i : COL_HEX_2 + 3 * (i - 8)), d[i]);

  len = COL_ASCII_1;
  for (gsize i = 0; i < n; i++)
    {
      if (i == 8)
        p[len++] = ' ';
      p[len++] = printable[d[i]];
    }

  return len;
}

gsize
sp_hex_n_lines (gsize n_bytes)
{
  return sp_hex_n_lines_for (n_bytes, SP_HEX_BYTES_PER_LINE);
}

gsize
sp_hex_format_line (const guint8 *data,
                    gsize         n_bytes,
                    gsize         line,
                    char         *out)
{
  gsize offset;
  gsize len;

  g_return_val_if_fail (out != NULL, 0);
  out[0] = '\0';
  g_return_val_if_fail (data != NULL || n_bytes == 0, 0);
  g_return_val_if_fail (line < sp_hex_n_lines (n_bytes), 0);

  offset = line * SP_HEX_BYTES_PER_LINE;
  len = put_line (out, offset, data + offset,
                  MIN (n_bytes - offset, SP_HEX_BYTES_PER_LINE));
  out[len] = '\0';

  return len;
}

gboolean
sp_hex_bytes_per_line_is_valid (guint bytes_per_line)
{
  return bytes_per_line == 8 || bytes_per_line == 16 || bytes_per_line == 32;
}

guint
sp_hex_hex_column (guint j)
{
  return COL_HEX_1 + 3 * j + j / 8;
}

guint
sp_hex_ascii_column (guint j,
                     guint bytes_per_line)
{
  return COL_HEX_1 + 25 * (bytes_per_line / 8) + j + j / 8;
}

gsize
sp_hex_line_width (guint bytes_per_line)
{
  g_return_val_if_fail (sp_hex_bytes_per_line_is_valid (bytes_per_line), 0);
  return sp_hex_ascii_column (bytes_per_line - 1, bytes_per_line) + 1;
}

gsize
sp_hex_n_lines_for (gsize n_bytes,
                    guint bytes_per_line)
{
  g_return_val_if_fail (sp_hex_bytes_per_line_is_valid (bytes_per_line), 0);
  return n_bytes / bytes_per_line + (n_bytes % bytes_per_line != 0);
}

gsize
sp_hex_format_line_for (const guint8 *data,
                        gsize         n_bytes,
                        gsize         line,
                        guint         bytes_per_line,
                        char         *out)
{
  const guint8 *d;
  gsize offset;
  gsize n;
  guint ascii;

  g_return_val_if_fail (out != NULL, 0);
  out[0] = '\0';
  g_return_val_if_fail (sp_hex_bytes_per_line_is_valid (bytes_per_line), 0);

  if (bytes_per_line == SP_HEX_BYTES_PER_LINE)
    return sp_hex_format_line (data, n_bytes, line, out);

  g_return_val_if_fail (data != NULL || n_bytes == 0, 0);
  g_return_val_if_fail (line < sp_hex_n_lines_for (n_bytes, bytes_per_line), 0);

  offset = line * bytes_per_line;
  d = data + offset;
  n = MIN (n_bytes - offset, bytes_per_line);
  ascii = sp_hex_ascii_column (0, bytes_per_line);

  put_offset (out, offset);
  memset (out + COL_HEX_1, ' ', ascii - COL_HEX_1);
  /* put_quad writes 4 bytes; the last one lands on the space before ASCII. */
  for (gsize j = 0; j < n; j++)
    put_quad (out + sp_hex_hex_column (j), d[j]);
  for (gsize j = 0; j < n; j++)
    {
      if (j % 8 == 0 && j > 0)
        out[ascii + j + j / 8 - 1] = ' ';
      out[ascii + j + j / 8] = printable[d[j]];
    }

  out[sp_hex_ascii_column (n - 1, bytes_per_line) + 1] = '\0';
  return sp_hex_ascii_column (n - 1, bytes_per_line) + 1;
}

char *
sp_hex_format (const guint8 *data,
               gsize         n_bytes)
{
  gsize n_full = n_bytes / SP_HEX_BYTES_PER_LINE;
  gsize n_rest = n_bytes % SP_HEX_BYTES_PER_LINE;
  gsize size;
  char *buf;
  char *p;

  g_return_val_if_fail (data != NULL || n_bytes == 0, NULL);

  if (n_bytes == 0)
    return g_strdup ("");

  /* Each full line plus its '\n'; the last line's '\n' slot holds the NUL. */
  if (!g_size_checked_mul (&size, n_full, SP_HEX_LINE_WIDTH + 1) ||
      !g_size_checked_add (&size, size, n_rest == 0 ? 0 : COL_ASCII_1 + n_rest + (n_rest > 8) + 1))
    g_error ("Hex dump of %" G_GSIZE_FORMAT " bytes is too large", n_bytes);

  buf = g_malloc (size);
  p = buf;

  for (gsize i = 0; i < n_full; i++)
    {
      put_full_line (p, i * SP_HEX_BYTES_PER_LINE, data + i * SP_HEX_BYTES_PER_LINE);
      p[SP_HEX_LINE_WIDTH] = '\n';
      p += SP_HEX_LINE_WIDTH + 1;
    }

  if (n_rest != 0)
    {
      p += put_line (p, n_full * SP_HEX_BYTES_PER_LINE,
                     data + n_full * SP_HEX_BYTES_PER_LINE, n_rest);
      *p++ = '\n';
    }

  g_assert (p == buf + size);
  p[-1] = '\0';

  return buf;
}

char *
sp_hex_format_compact (const guint8 *data,
                       gsize         n_bytes)
{
  gsize size;
  char *buf;
  char *p;

  g_return_val_if_fail (data != NULL || n_bytes == 0, NULL);

  if (n_bytes == 0)
    return g_strdup ("");

  /* The last triplet's space becomes the NUL; +1 for the 4-byte store. */
  if (!g_size_checked_mul (&size, n_bytes, 3) ||
      !g_size_checked_add (&size, size, 1))
    g_error ("Hex dump of %" G_GSIZE_FORMAT " bytes is too large", n_bytes);

  buf = g_malloc (size);
  p = buf;

  for (gsize i = 0; i < n_bytes; i++, p += 3)
    put_quad (p, data[i]);

  p[-1] = '\0';

  return buf;
}

/* Parser */

static inline gboolean
is_separator (char c)
{
  return g_ascii_isspace (c) || c == ',' || c == ':' || c == '-' || c == ';';
}

/* "0x", "0X", "\x" or "\X" at @p. */
static inline gboolean
is_prefix (const char *p,
           const char *end)
{
  return end - p >= 2 && (p[0] == '0' || p[0] == '\\') && (p[1] == 'x' || p[1] == 'X');
}

/* Character (not byte) offset of @p in @text. Everything the parser accepts
 * is ASCII, but count properly so positions stay right if that changes. */
static gsize
char_offset (const char *text,
             const char *p)
{
  gsize n = 0;

  for (const char *q = text; q < p; q++)
    n += ((guchar) *q & 0xc0) != 0x80;

  return n;
}

/* The whole (possibly multibyte) character at @p, printable in a message. */
static char *
describe_char (const char *p,
               const char *end)
{
  gunichar c;

  /* Only possible with an explicit length; the validator rejects it. */
  if (*p == '\0')
    return g_strdup ("U+0000");

  c = g_utf8_get_char_validated (p, end - p);
  if (c == (gunichar) -1 || c == (gunichar) -2)
    return g_strdup_printf ("\\x%02x", (guchar) *p);

  if (!g_unichar_isgraph (c))
    return g_strdup_printf ("U+%04X", c);

  return g_strndup (p, g_utf8_next_char (p) - p);
}

static void
set_invalid_character (GError     **error,
                       const char  *text,
                       const char  *p,
                       const char  *end,
                       gsize       *error_pos)
{
  g_autofree char *what = describe_char (p, end);
  gsize pos = char_offset (text, p);

  *error_pos = pos;
  g_set_error (error, SP_HEX_PARSE_ERROR, SP_HEX_PARSE_ERROR_INVALID_CHARACTER,
               /* Translators: %s is the offending character, %zu a 1-based position */
               _("Invalid character “%s” at position %zu: hex digits are 0-9 and a-f"),
               what, pos + 1);
}

GBytes *
sp_hex_parse (const char  *text,
              gssize       length,
              gsize       *error_pos,
              GError     **error)
{
  g_autoptr(GByteArray) bytes = NULL;
  gsize dummy_pos;
  const char *p;
  const char *end;

  g_return_val_if_fail (text != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (error_pos == NULL)
    error_pos = &dummy_pos;

  if (text == NULL)
    text = "";
  if (length < 0)
    length = strlen (text);

  p = text;
  end = text + length;
  bytes = g_byte_array_sized_new (length / 2);

  while (p < end)
    {
      if (is_separator (*p))
        {
          p++;
        }
      else if (is_prefix (p, end))
        {
          const char *prefix = p;
          guint8 byte;

          p += 2;
          if (p == end || !g_ascii_isxdigit (*p))
            {
              if (p < end && !is_separator (*p) && !is_prefix (p, end))
                {
                  set_invalid_character (error, text, p, end, error_pos);
                  return NULL;
                }

              *error_pos = char_offset (text, p);
              g_set_error (error, SP_HEX_PARSE_ERROR, SP_HEX_PARSE_ERROR_INVALID_CHARACTER,
                           /* Translators: %zu is a 1-based position, %.2s is “0x” or “\x” */
                           _("Expected a hex digit at position %zu after “%.2s”"),
                           *error_pos + 1, prefix);
              return NULL;
            }

          byte = g_ascii_xdigit_value (*p++);
          if (p < end && g_ascii_isxdigit (*p))
            byte = byte << 4 | g_ascii_xdigit_value (*p++);
          g_byte_array_append (bytes, &byte, 1);

          /* "0x480x65" is fine, "0x123" is not. */
          if (p < end && g_ascii_isxdigit (*p) && !is_prefix (p, end))
            {
              *error_pos = char_offset (text, p);
              g_set_error (error, SP_HEX_PARSE_ERROR, SP_HEX_PARSE_ERROR_INVALID_CHARACTER,
                           /* Translators: %zu is a 1-based position */
                           _("Too many digits at position %zu: “0x” and “\\x” take one or two digits for one byte"),
                           *error_pos + 1);
              return NULL;
            }
        }
      else if (g_ascii_isxdigit (*p))
        {
          /* A bare run, read in pairs; "0x" may start at a pair boundary. */
          while (p < end && g_ascii_isxdigit (*p) && !is_prefix (p, end))
            {
              guint8 byte;

              if (p + 1 == end || !g_ascii_isxdigit (p[1]))
                {
                  /* Junk right after the run is the more useful report:
                   * in "48 6ç" the user mistyped a digit. */
                  if (p + 1 < end && !is_separator (p[1]) && !is_prefix (p + 1, end))
                    {
                      set_invalid_character (error, text, p + 1, end, error_pos);
                      return NULL;
                    }

                  *error_pos = char_offset (text, p);
                  g_set_error (error, SP_HEX_PARSE_ERROR, SP_HEX_PARSE_ERROR_ODD_DIGITS,
                               /* Translators: %zu is a 1-based position */
                               _("Odd number of hex digits at position %zu: each byte needs two digits"),
                               *error_pos + 1);
                  return NULL;
                }

              byte = g_ascii_xdigit_value (p[0]) << 4 | g_ascii_xdigit_value (p[1]);
              g_byte_array_append (bytes, &byte, 1);
              p += 2;
            }
        }
      else
        {
          set_invalid_character (error, text, p, end, error_pos);
          return NULL;
        }
    }

  if (bytes->len == 0)
    {
      *error_pos = 0;
      g_set_error_literal (error, SP_HEX_PARSE_ERROR, SP_HEX_PARSE_ERROR_EMPTY,
                           _("Nothing to send: the hex input is empty"));
      return NULL;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}
