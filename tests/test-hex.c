/* test-hex.c: hex dump formatting and hex input parsing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib.h>

#include "sp-hex.h"

/* 0x00, 0x7f, 0x80, 0xff first, then printable text including '"' and '\'. */
static const guint8 sample[] = {
  0x00, 0x7f, 0x80, 0xff, 'H', 'e', 'l', 'l', 'o', ',', ' ', 'w', 'o', 'r', 'l', 'd',
  '\n', '!', '"', '\\', ' ', '!', '"', '#', '$', '%', '&', '\'', '(', ')', '*', '+',
  ',',
};

static const struct {
  gsize n_bytes;
  const char *dump;
} format_cases[] = {
  { 0, "" },
  { 1,
    "00000000  00                                                ." },
  { 7,
    "00000000  00 7f 80 ff 48 65 6c                              ....Hel" },
  { 8,
    "00000000  00 7f 80 ff 48 65 6c 6c                           ....Hell" },
  { 9,
    "00000000  00 7f 80 ff 48 65 6c 6c  6f                       ....Hell o" },
  { 15,
    "00000000  00 7f 80 ff 48 65 6c 6c  6f 2c 20 77 6f 72 6c     ....Hell o, worl" },
  { 16,
    "00000000  00 7f 80 ff 48 65 6c 6c  6f 2c 20 77 6f 72 6c 64  ....Hell o, world" },
  { 17,
    "00000000  00 7f 80 ff 48 65 6c 6c  6f 2c 20 77 6f 72 6c 64  ....Hell o, world\n"
    "00000010  0a                                                ." },
  { 32,
    "00000000  00 7f 80 ff 48 65 6c 6c  6f 2c 20 77 6f 72 6c 64  ....Hell o, world\n"
    "00000010  0a 21 22 5c 20 21 22 23  24 25 26 27 28 29 2a 2b  .!\"\\ !\"# $%&'()*+" },
  { 33,
    "00000000  00 7f 80 ff 48 65 6c 6c  6f 2c 20 77 6f 72 6c 64  ....Hell o, world\n"
    "00000010  0a 21 22 5c 20 21 22 23  24 25 26 27 28 29 2a 2b  .!\"\\ !\"# $%&'()*+\n"
    "00000020  2c                                                ," },
};

G_STATIC_ASSERT (sizeof sample == 33);

static void
test_format_cases (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (format_cases); i++)
    {
      g_autofree char *dump = sp_hex_format (sample, format_cases[i].n_bytes);

      g_test_message ("%" G_GSIZE_FORMAT " bytes", format_cases[i].n_bytes);
      g_assert_cmpstr (dump, ==, format_cases[i].dump);
    }
}

/* The example from sp-hex.h. */
static void
test_format_header_example (void)
{
  static const char data[] = "Hello, world\n\0\1\2";
  g_autofree char *dump = sp_hex_format ((const guint8 *) data, 16);

  g_assert_cmpstr (dump, ==,
                   "00000000  48 65 6c 6c 6f 2c 20 77  6f 72 6c 64 0a 00 01 02  Hello, w orld....");
  g_assert_cmpuint (strlen (dump), ==, SP_HEX_LINE_WIDTH);
}

static void
test_format_line (void)
{
  guint8 data[300];
  char line[SP_HEX_LINE_WIDTH + 1];
  gsize len;

  for (guint i = 0; i < sizeof data; i++)
    data[i] = i;

  len = sp_hex_format_line (data, sizeof data, 1, line);
  g_assert_cmpuint (len, ==, SP_HEX_LINE_WIDTH);
  g_assert_cmpstr (line, ==,
                   "00000010  10 11 12 13 14 15 16 17  18 19 1a 1b 1c 1d 1e 1f  ........ ........");

  len = sp_hex_format_line (data, sizeof data, 2, line);
  g_assert_cmpstr (line, ==,
                   "00000020  20 21 22 23 24 25 26 27  28 29 2a 2b 2c 2d 2e 2f   !\"#$%&' ()*+,-./");
  g_assert_cmpuint (len, ==, SP_HEX_LINE_WIDTH);

  len = sp_hex_format_line (data, sizeof data, 16, line);
  g_assert_cmpstr (line, ==,
                   "00000100  00 01 02 03 04 05 06 07  08 09 0a 0b 0c 0d 0e 0f  ........ ........");

  /* 300 = 18 * 16 + 12 */
  len = sp_hex_format_line (data, sizeof data, 18, line);
  g_assert_cmpstr (line, ==,
                   "00000120  20 21 22 23 24 25 26 27  28 29 2a 2b               !\"#$%&' ()*+");
  g_assert_cmpuint (len, ==, 60 + 12 + 1);
  g_assert_cmpuint (len, ==, strlen (line));
}

/* Every byte value against an independent oracle. */
static void
test_format_all_bytes (void)
{
  guint8 data[256];
  g_autofree char *dump = NULL;
  g_auto(GStrv) lines = NULL;

  for (guint i = 0; i < 256; i++)
    data[i] = i;

  dump = sp_hex_format (data, sizeof data);
  lines = g_strsplit (dump, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 16);

  for (guint l = 0; l < 16; l++)
    {
      g_autofree char *offset = g_strdup_printf ("%08x  ", l * 16);

      g_assert_cmpuint (strlen (lines[l]), ==, SP_HEX_LINE_WIDTH);
      g_assert_true (g_str_has_prefix (lines[l], offset));
      g_assert_cmpint (lines[l][34], ==, ' ');
      g_assert_cmpint (lines[l][59], ==, ' ');
      g_assert_cmpint (lines[l][68], ==, ' ');

      for (guint i = 0; i < 16; i++)
        {
          guint8 b = l * 16 + i;
          char hex[3];
          const char *h = lines[l] + (i < 8 ? 10 + 3 * i : 35 + 3 * (i - 8));
          char a = lines[l][i < 8 ? 60 + i : 61 + i];

          g_snprintf (hex, sizeof hex, "%02x", b);
          g_assert_cmpint (h[0], ==, hex[0]);
          g_assert_cmpint (h[1], ==, hex[1]);
          g_assert_cmpint (h[2], ==, ' ');
          g_assert_cmpint (a, ==, (b >= 0x20 && b <= 0x7e) ? (char) b : '.');
        }
    }
}

/* The whole dump is its lines joined with '\n', for many sizes. */
static void
test_format_matches_lines (void)
{
  guint8 data[200];

  for (guint i = 0; i < sizeof data; i++)
    data[i] = g_test_rand_int_range (0, 256);

  for (gsize n = 0; n <= sizeof data; n++)
    {
      g_autofree char *dump = sp_hex_format (data, n);
      g_autoptr(GString) joined = g_string_new (NULL);

      for (gsize l = 0; l < sp_hex_n_lines (n); l++)
        {
          char line[SP_HEX_LINE_WIDTH + 1];
          gsize rest = n - l * 16;
          gsize len = sp_hex_format_line (data, n, l, line);

          g_assert_cmpuint (len, ==, strlen (line));
          if (rest >= 16)
            g_assert_cmpuint (len, ==, SP_HEX_LINE_WIDTH);
          else
            g_assert_cmpuint (len, ==, 60 + rest + (rest > 8));

          if (l > 0)
            g_string_append_c (joined, '\n');
          g_string_append (joined, line);
        }

      g_assert_cmpstr (dump, ==, joined->str);
    }
}

/* 8 and 32 bytes per line: the same layout class with one or four groups. */
static void
test_format_widths (void)
{
  const char *abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  char line[SP_HEX_MAX_LINE_WIDTH + 1];
  guint8 data[100];
  gsize len;

  len = sp_hex_format_line_for ((const guint8 *) abc, 10, 0, 8, line);
  g_assert_cmpstr (line, ==, "00000000  41 42 43 44 45 46 47 48  ABCDEFGH");
  g_assert_cmpuint (len, ==, sp_hex_line_width (8));
  len = sp_hex_format_line_for ((const guint8 *) abc, 10, 1, 8, line);
  g_assert_cmpstr (line, ==, "00000008  49 4a" "                    " "IJ");
  g_assert_cmpuint (len, ==, strlen (line));

  len = sp_hex_format_line_for ((const guint8 *) abc, 36, 0, 32, line);
  g_assert_cmpstr (line, ==,
                   "00000000  41 42 43 44 45 46 47 48  49 4a 4b 4c 4d 4e 4f 50  "
                   "51 52 53 54 55 56 57 58  59 5a 30 31 32 33 34 35  "
                   "ABCDEFGH IJKLMNOP QRSTUVWX YZ012345");
  g_assert_cmpuint (len, ==, sp_hex_line_width (32));
  g_assert_cmpuint (len, ==, SP_HEX_MAX_LINE_WIDTH);
  len = sp_hex_format_line_for ((const guint8 *) abc, 36, 1, 32, line);
  g_assert_cmpuint (len, ==, strlen (line));
  g_assert_true (g_str_has_prefix (line, "00000020  36 37 38 39 "));
  g_assert_true (g_str_has_suffix (line, "  6789"));
  g_assert_cmpuint (len, ==, sp_hex_ascii_column (3, 32) + 1);

  g_assert_cmpuint (sp_hex_line_width (16), ==, SP_HEX_LINE_WIDTH);
  g_assert_false (sp_hex_bytes_per_line_is_valid (12));
  g_assert_cmpuint (sp_hex_n_lines_for (65, 32), ==, 3);
  g_assert_cmpuint (sp_hex_n_lines_for (64, 8), ==, 8);

  /* Every byte's hex digits and ASCII character sit where the column
   * functions say, for every width and every line length. */
  for (guint i = 0; i < sizeof data; i++)
    data[i] = g_test_rand_int_range (0, 256);
  for (guint w = 8; w <= 32; w *= 2)
    for (gsize n = 1; n <= sizeof data; n++)
      for (gsize l = 0; l < sp_hex_n_lines_for (n, w); l++)
        {
          gsize rest = MIN (n - l * w, w);

          len = sp_hex_format_line_for (data, n, l, w, line);
          g_assert_cmpuint (len, ==, strlen (line));
          g_assert_cmpuint (len, ==, sp_hex_ascii_column (rest - 1, w) + 1);
          if (w == 16)
            {
              char line16[SP_HEX_LINE_WIDTH + 1];
              sp_hex_format_line (data, n, l, line16);
              g_assert_cmpstr (line, ==, line16);
            }
          for (gsize j = 0; j < rest; j++)
            {
              guint8 b = data[l * w + j];
              char hex[3];

              g_snprintf (hex, sizeof hex, "%02x", b);
              g_assert_cmpint (line[sp_hex_hex_column (j)], ==, hex[0]);
              g_assert_cmpint (line[sp_hex_hex_column (j) + 1], ==, hex[1]);
              g_assert_cmpint (line[sp_hex_ascii_column (j, w)], ==,
                               (b >= 0x20 && b <= 0x7e) ? (char) b : '.');
            }
        }
}

static void
test_n_lines (void)
{
  g_assert_cmpuint (sp_hex_n_lines (0), ==, 0);
  g_assert_cmpuint (sp_hex_n_lines (1), ==, 1);
  g_assert_cmpuint (sp_hex_n_lines (15), ==, 1);
  g_assert_cmpuint (sp_hex_n_lines (16), ==, 1);
  g_assert_cmpuint (sp_hex_n_lines (17), ==, 2);
  g_assert_cmpuint (sp_hex_n_lines (32), ==, 2);
  g_assert_cmpuint (sp_hex_n_lines (33), ==, 3);
  g_assert_cmpuint (sp_hex_n_lines (G_MAXSIZE), ==, G_MAXSIZE / 16 + 1);
  /* G_MAXSIZE is 16 * (G_MAXSIZE / 16) + 15 */
  g_assert_cmpuint (sp_hex_n_lines (G_MAXSIZE - 14), ==, G_MAXSIZE / 16 + 1);
  g_assert_cmpuint (sp_hex_n_lines (G_MAXSIZE - 15), ==, G_MAXSIZE / 16);
  g_assert_cmpuint (sp_hex_n_lines (G_MAXSIZE - 16), ==, G_MAXSIZE / 16);
  g_assert_cmpuint (sp_hex_n_lines (G_MAXSIZE - 31), ==, G_MAXSIZE / 16 - 1);
}

static void
test_format_compact (void)
{
  char *s;

  s = sp_hex_format_compact (NULL, 0);
  g_assert_cmpstr (s, ==, "");
  g_free (s);

  s = sp_hex_format_compact (sample, 1);
  g_assert_cmpstr (s, ==, "00");
  g_free (s);

  s = sp_hex_format_compact (sample, 7);
  g_assert_cmpstr (s, ==, "00 7f 80 ff 48 65 6c");
  g_free (s);

  s = sp_hex_format_compact (sample, 17);
  g_assert_cmpstr (s, ==, "00 7f 80 ff 48 65 6c 6c 6f 2c 20 77 6f 72 6c 64 0a");
  g_free (s);
}

/* Parser */

static void
assert_parses (const char   *text,
               gssize        length,
               const guint8 *expected,
               gsize         n_expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize error_pos = 12345;

  g_autofree char *escaped = g_strescape (text != NULL ? text : "(NULL)", NULL);

  g_test_message ("parsing “%s”", escaped);
  bytes = sp_hex_parse (text, length, &error_pos, &error);
  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                   expected, n_expected);
  g_assert_cmpuint (error_pos, ==, 12345);
}

#define ASSERT_PARSES(text, ...) G_STMT_START { \
  static const guint8 expected_[] = { __VA_ARGS__ }; \
  assert_parses ((text), -1, expected_, sizeof expected_); \
} G_STMT_END

static void
test_parse_forms (void)
{
  ASSERT_PARSES ("48 65 6c", 0x48, 0x65, 0x6c);
  ASSERT_PARSES ("48656c", 0x48, 0x65, 0x6c);
  ASSERT_PARSES ("\\x48\\x65", 0x48, 0x65);
  ASSERT_PARSES ("0x48,0x65", 0x48, 0x65);
  ASSERT_PARSES ("48:65:6c", 0x48, 0x65, 0x6c);
  ASSERT_PARSES ("48-65", 0x48, 0x65);
  ASSERT_PARSES ("48;65", 0x48, 0x65);
  ASSERT_PARSES ("00", 0x00);
  ASSERT_PARSES ("ff", 0xff);
  ASSERT_PARSES ("DEADbeef", 0xde, 0xad, 0xbe, 0xef);
  ASSERT_PARSES ("0XAB 0Xcd \\XEF", 0xab, 0xcd, 0xef);
  ASSERT_PARSES ("  48\t65\n6C\r\n\f", 0x48, 0x65, 0x6c);
}

static void
test_parse_prefix_digits (void)
{
  ASSERT_PARSES ("0x5", 0x05);
  ASSERT_PARSES ("0x0", 0x00);
  ASSERT_PARSES ("\\x5\\xa", 0x05, 0x0a);
  ASSERT_PARSES ("0x5 0x6", 0x05, 0x06);
  ASSERT_PARSES ("0x5,0xff", 0x05, 0xff);
  ASSERT_PARSES ("0x480x65", 0x48, 0x65);
  ASSERT_PARSES ("\\x480x65", 0x48, 0x65);
  ASSERT_PARSES ("0x5\\x6", 0x05, 0x06);
  ASSERT_PARSES ("480x65", 0x48, 0x65);
  ASSERT_PARSES ("48\\x6", 0x48, 0x06);
}

static void
test_parse_mixed (void)
{
  ASSERT_PARSES ("de ad:BE-ef,0x1;\\xff 0a0B", 0xde, 0xad, 0xbe, 0xef, 0x01, 0xff, 0x0a, 0x0b);
  ASSERT_PARSES (" ,0x00, 7F ,\\x80 , FF, ", 0x00, 0x7f, 0x80, 0xff);
  ASSERT_PARSES ("48 65 6c 6c 6f\n0d 0a", 0x48, 0x65, 0x6c, 0x6c, 0x6f, 0x0d, 0x0a);
}

static void
test_parse_length (void)
{
  static const guint8 expected[] = { 0x48, 0x65 };
  static const char with_nul[] = "48 65\0 zz";

  /* Only the given length is read; what follows does not matter. */
  assert_parses ("4865zz", 4, expected, sizeof expected);
  assert_parses ("48 650x", 5, expected, sizeof expected);
  assert_parses (with_nul, 5, expected, sizeof expected);
}

static void
assert_parse_error (const char *text,
                    gssize      length,
                    int         code,
                    gsize       pos,
                    const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize error_pos = 12345;

  g_autofree char *escaped = g_strescape (text != NULL ? text : "(NULL)", NULL);

  g_test_message ("parsing “%s”", escaped);
  bytes = sp_hex_parse (text, length, &error_pos, &error);
  g_assert_null (bytes);
  g_assert_error (error, SP_HEX_PARSE_ERROR, code);
  g_assert_cmpuint (error_pos, ==, pos);
  g_assert_cmpstr (error->message, ==, message);

  /* error_pos is optional */
  g_clear_error (&error);
  bytes = sp_hex_parse (text, length, NULL, &error);
  g_assert_null (bytes);
  g_assert_error (error, SP_HEX_PARSE_ERROR, code);

  /* and so is error */
  bytes = sp_hex_parse (text, length, NULL, NULL);
  g_assert_null (bytes);
}

#define INVALID SP_HEX_PARSE_ERROR_INVALID_CHARACTER
#define ODD     SP_HEX_PARSE_ERROR_ODD_DIGITS
#define EMPTY   SP_HEX_PARSE_ERROR_EMPTY

static void
test_parse_invalid_character (void)
{
  assert_parse_error ("zz", -1, INVALID, 0,
                      "Invalid character “z” at position 1: hex digits are 0-9 and a-f");
  assert_parse_error ("4865 zz", -1, INVALID, 5,
                      "Invalid character “z” at position 6: hex digits are 0-9 and a-f");
  assert_parse_error ("48 65 g0", -1, INVALID, 6,
                      "Invalid character “g” at position 7: hex digits are 0-9 and a-f");
  assert_parse_error ("48.65", -1, INVALID, 2,
                      "Invalid character “.” at position 3: hex digits are 0-9 and a-f");
  /* 'x' not preceded by '0' or '\' */
  assert_parse_error ("x48", -1, INVALID, 0,
                      "Invalid character “x” at position 1: hex digits are 0-9 and a-f");
  /* "40x5": 40 is a byte, then a stray 'x' */
  assert_parse_error ("40x5", -1, INVALID, 2,
                      "Invalid character “x” at position 3: hex digits are 0-9 and a-f");
  assert_parse_error ("\\48", -1, INVALID, 0,
                      "Invalid character “\\” at position 1: hex digits are 0-9 and a-f");
  assert_parse_error ("0xg", -1, INVALID, 2,
                      "Invalid character “g” at position 3: hex digits are 0-9 and a-f");
  /* Junk right after a lone digit is reported, not the odd count. */
  assert_parse_error ("4z", -1, INVALID, 1,
                      "Invalid character “z” at position 2: hex digits are 0-9 and a-f");
  /* Invisible characters are named by code point. */
  assert_parse_error ("48\x01", -1, INVALID, 2,
                      "Invalid character “U+0001” at position 3: hex digits are 0-9 and a-f");
  assert_parse_error ("48 65\0 6c", 9, INVALID, 5,
                      "Invalid character “U+0000” at position 6: hex digits are 0-9 and a-f");
  assert_parse_error ("48\xc2\xa0" "65", -1, INVALID, 2,
                      "Invalid character “U+00A0” at position 3: hex digits are 0-9 and a-f");
  /* A byte that is not UTF-8 at all. */
  assert_parse_error ("48 \xff", -1, INVALID, 3,
                      "Invalid character “\\xff” at position 4: hex digits are 0-9 and a-f");
}

static void
test_parse_non_ascii (void)
{
  /* ç is two bytes in UTF-8: positions count characters. */
  assert_parse_error ("48 6ç", -1, INVALID, 4,
                      "Invalid character “ç” at position 5: hex digits are 0-9 and a-f");
  assert_parse_error ("48 65 6ç", -1, INVALID, 7,
                      "Invalid character “ç” at position 8: hex digits are 0-9 and a-f");
  assert_parse_error ("48 ç6", -1, INVALID, 3,
                      "Invalid character “ç” at position 4: hex digits are 0-9 and a-f");
  assert_parse_error ("中文 48", -1, INVALID, 0,
                      "Invalid character “中” at position 1: hex digits are 0-9 and a-f");
  assert_parse_error ("0x48，0x65", -1, INVALID, 4,
                      "Invalid character “，” at position 5: hex digits are 0-9 and a-f");
  assert_parse_error ("48 😀 65", -1, INVALID, 3,
                      "Invalid character “😀” at position 4: hex digits are 0-9 and a-f");
  assert_parse_error ("0x😀", -1, INVALID, 2,
                      "Invalid character “😀” at position 3: hex digits are 0-9 and a-f");
  /* A cut-off UTF-8 sequence is shown byte-wise. */
  assert_parse_error ("48 \xe4\xb8", -1, INVALID, 3,
                      "Invalid character “\\xe4” at position 4: hex digits are 0-9 and a-f");
}

static void
test_parse_odd_digits (void)
{
  /* The position is that of the lone (last) digit of the run. */
  assert_parse_error ("4", -1, ODD, 0,
                      "Odd number of hex digits at position 1: each byte needs two digits");
  assert_parse_error ("486", -1, ODD, 2,
                      "Odd number of hex digits at position 3: each byte needs two digits");
  assert_parse_error ("48 6 65", -1, ODD, 3,
                      "Odd number of hex digits at position 4: each byte needs two digits");
  assert_parse_error ("48 65 6", -1, ODD, 6,
                      "Odd number of hex digits at position 7: each byte needs two digits");
  assert_parse_error ("48656c6", -1, ODD, 6,
                      "Odd number of hex digits at position 7: each byte needs two digits");
  assert_parse_error ("4\\x65", -1, ODD, 0,
                      "Odd number of hex digits at position 1: each byte needs two digits");
  assert_parse_error ("0x48 123,", -1, ODD, 7,
                      "Odd number of hex digits at position 8: each byte needs two digits");
}

static void
test_parse_prefix_errors (void)
{
  /* "0x" without a digit: the position just after the prefix. */
  assert_parse_error ("0x", -1, INVALID, 2,
                      "Expected a hex digit at position 3 after “0x”");
  assert_parse_error ("\\x", -1, INVALID, 2,
                      "Expected a hex digit at position 3 after “\\x”");
  assert_parse_error ("48 0X", -1, INVALID, 5,
                      "Expected a hex digit at position 6 after “0X”");
  assert_parse_error ("0x 48", -1, INVALID, 2,
                      "Expected a hex digit at position 3 after “0x”");
  assert_parse_error ("0x,48", -1, INVALID, 2,
                      "Expected a hex digit at position 3 after “0x”");
  assert_parse_error ("0x\\x48", -1, INVALID, 2,
                      "Expected a hex digit at position 3 after “0x”");

  /* At most two digits after a prefix: the third digit is the error. */
  assert_parse_error ("0x123", -1, INVALID, 4,
                      "Too many digits at position 5: “0x” and “\\x” take one or two digits for one byte");
  assert_parse_error ("\\x123", -1, INVALID, 4,
                      "Too many digits at position 5: “0x” and “\\x” take one or two digits for one byte");
  assert_parse_error ("00 0x4801", -1, INVALID, 7,
                      "Too many digits at position 8: “0x” and “\\x” take one or two digits for one byte");
}

static void
test_parse_empty (void)
{
  const char *message = "Nothing to send: the hex input is empty";

  assert_parse_error ("", -1, EMPTY, 0, message);
  assert_parse_error ("", 0, EMPTY, 0, message);
  assert_parse_error ("48", 0, EMPTY, 0, message);
  assert_parse_error ("   ", -1, EMPTY, 0, message);
  assert_parse_error (" ,;:-\n\t", -1, EMPTY, 0, message);
  assert_parse_error (NULL, 0, EMPTY, 0, message);
}

/* Whatever the input, the parser either succeeds or reports a position
 * inside (or just past) the text, and never reads outside it. */
static void
test_parse_random (void)
{
  static const char alphabet[] = "0123456789abcdefABCDEFxX\\ ,:;-\t\ngz\xc3\xa7\xff";

  for (guint i = 0; i < 20000; i++)
    {
      gsize len = g_test_rand_int_range (0, 12);
      g_autofree char *text = g_malloc (len);
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = NULL;
      gsize pos = G_MAXSIZE;

      for (gsize j = 0; j < len; j++)
        text[j] = alphabet[g_test_rand_int_range (0, sizeof alphabet - 1)];

      bytes = sp_hex_parse (text, len, &pos, &error);
      if (bytes != NULL)
        {
          g_assert_no_error (error);
          g_assert_cmpuint (g_bytes_get_size (bytes), >, 0);
          g_assert_cmpuint (g_bytes_get_size (bytes), <=, len / 2);
        }
      else
        {
          g_assert_nonnull (error);
          g_assert_cmpuint (pos, <=, len);
          g_assert_true (g_utf8_validate (error->message, -1, NULL));
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hex/format/cases", test_format_cases);
  g_test_add_func ("/hex/format/header-example", test_format_header_example);
  g_test_add_func ("/hex/format/line", test_format_line);
  g_test_add_func ("/hex/format/all-bytes", test_format_all_bytes);
  g_test_add_func ("/hex/format/matches-lines", test_format_matches_lines);
  g_test_add_func ("/hex/format/compact", test_format_compact);
  g_test_add_func ("/hex/format/widths", test_format_widths);
  g_test_add_func ("/hex/n-lines", test_n_lines);
  g_test_add_func ("/hex/parse/forms", test_parse_forms);
  g_test_add_func ("/hex/parse/prefix-digits", test_parse_prefix_digits);
  g_test_add_func ("/hex/parse/mixed", test_parse_mixed);
  g_test_add_func ("/hex/parse/length", test_parse_length);
  g_test_add_func ("/hex/parse/invalid-character", test_parse_invalid_character);
  g_test_add_func ("/hex/parse/non-ascii", test_parse_non_ascii);
  g_test_add_func ("/hex/parse/odd-digits", test_parse_odd_digits);
  g_test_add_func ("/hex/parse/prefix-errors", test_parse_prefix_errors);
  g_test_add_func ("/hex/parse/empty", test_parse_empty);
  g_test_add_func ("/hex/parse/random", test_parse_random);

  return g_test_run ();
}
