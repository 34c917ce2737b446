/* test-text-codec.c: text <-> bytes in the composer's encodings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib.h>

#include "sp-text-codec.h"

/* "连接成功" ("connected") */
#define CONNECTED      "连接成功"
#define CONNECTED_UTF8 "\xe8\xbf\x9e\xe6\x8e\xa5\xe6\x88\x90\xe5\x8a\x9f"
#define CONNECTED_GBK  "\xc1\xac\xbd\xd3\xb3\xc9\xb9\xa6"

G_STATIC_ASSERT (sizeof CONNECTED == sizeof CONNECTED_UTF8);

static void
assert_encodes (const char     *text,
                SpTextEncoding  encoding,
                SpLineEnding    ending,
                const char     *expected,
                gsize           n_expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize pos = 12345;

  bytes = sp_text_encode (text, encoding, ending, &pos, &error);
  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                   expected, n_expected);
  g_assert_cmpuint (pos, ==, 12345);
}

#define ASSERT_ENCODES(text, encoding, ending, expected) \
  assert_encodes ((text), (encoding), (ending), (expected), sizeof (expected) - 1)

static char *
decode (const char     *data,
        gsize           n_bytes,
        SpTextEncoding  encoding,
        gboolean        single_line,
        gsize           max_bytes)
{
  char *text = sp_text_decode_for_display ((const guint8 *) data, n_bytes, encoding,
                                           single_line, max_bytes);

  g_assert_nonnull (text);
  g_assert_true (g_utf8_validate (text, -1, NULL));

  return text;
}

#define ASSERT_DECODES(data, encoding, single_line, max_bytes, expected) G_STMT_START { \
  g_autofree char *decoded_ = decode ((data), sizeof (data) - 1, (encoding), \
                                      (single_line), (max_bytes)); \
  g_assert_cmpstr (decoded_, ==, (expected)); \
} G_STMT_END

static void
test_names (void)
{
  g_assert_cmpstr (sp_text_encoding_charset (SP_TEXT_ENCODING_UTF8), ==, "UTF-8");
  g_assert_cmpstr (sp_text_encoding_charset (SP_TEXT_ENCODING_GBK), ==, "GBK");
  g_assert_cmpstr (sp_text_encoding_charset (SP_TEXT_ENCODING_LATIN1), ==, "ISO-8859-1");
  g_assert_cmpstr (sp_text_encoding_label (SP_TEXT_ENCODING_UTF8), ==, "UTF-8");
  g_assert_cmpstr (sp_text_encoding_label (SP_TEXT_ENCODING_GBK), ==, "GBK");
  g_assert_cmpstr (sp_text_encoding_label (SP_TEXT_ENCODING_LATIN1), ==, "Latin-1");
}

static void
test_encode_gbk (void)
{
  ASSERT_ENCODES (CONNECTED, SP_TEXT_ENCODING_UTF8, SP_LINE_ENDING_NONE, CONNECTED_UTF8);
  ASSERT_ENCODES (CONNECTED, SP_TEXT_ENCODING_GBK, SP_LINE_ENDING_NONE, CONNECTED_GBK);
  ASSERT_ENCODES ("OK " CONNECTED, SP_TEXT_ENCODING_GBK, SP_LINE_ENDING_CRLF,
                  "OK " CONNECTED_GBK "\r\n");
  /* The euro sign is 0x80 in GBK as in code page 936. */
  ASSERT_ENCODES ("€", SP_TEXT_ENCODING_GBK, SP_LINE_ENDING_NONE, "\x80");
}

static void
test_gbk_round_trip (void)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;

  bytes = sp_text_encode (CONNECTED, SP_TEXT_ENCODING_GBK, SP_LINE_ENDING_NONE, NULL, NULL);
  g_assert_nonnull (bytes);
  text = decode (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                 SP_TEXT_ENCODING_GBK, TRUE, G_MAXSIZE);
  g_assert_cmpstr (text, ==, CONNECTED);

  ASSERT_DECODES (CONNECTED_GBK, SP_TEXT_ENCODING_GBK, TRUE, G_MAXSIZE, CONNECTED);
  ASSERT_DECODES (CONNECTED_UTF8, SP_TEXT_ENCODING_UTF8, TRUE, G_MAXSIZE, CONNECTED);
}

static void
test_encode_line_endings (void)
{
  ASSERT_ENCODES ("hi", SP_TEXT_ENCODING_UTF8, SP_LINE_ENDING_NONE, "hi");
  ASSERT_ENCODES ("hi", SP_TEXT_ENCODING_UTF8, SP_LINE_ENDING_LF, "hi\n");
  ASSERT_ENCODES ("hi", SP_TEXT_ENCODING_UTF8, SP_LINE_ENDING_CRLF, "hi\r\n");
  ASSERT_ENCODES ("hi", SP_TEXT_ENCODING_LATIN1, SP_LINE_ENDING_CRLF, "hi\r\n");
  ASSERT_ENCODES ("hi", SP_TEXT_ENCODING_GBK, SP_LINE_ENDING_LF, "hi\n");
  /* Only appended: line breaks inside the text are sent as typed. */
  ASSERT_ENCODES ("a\nb", SP_TEXT_ENCODING_UTF8, SP_LINE_ENDING_CRLF, "a\nb\r\n");
  ASSERT_ENCODES ("", SP_TEXT_ENCODING_UTF8, SP_LINE_ENDING_NONE, "");
  ASSERT_ENCODES ("", SP_TEXT_ENCODING_GBK, SP_LINE_ENDING_CRLF, "\r\n");
  ASSERT_ENCODES ("", SP_TEXT_ENCODING_LATIN1, SP_LINE_ENDING_LF, "\n");
}

static void
test_encode_latin1 (void)
{
  ASSERT_ENCODES ("café ÿ", SP_TEXT_ENCODING_LATIN1, SP_LINE_ENDING_NONE, "caf\xe9 \xff");
  ASSERT_ENCODES ("\xc2\x80", SP_TEXT_ENCODING_LATIN1, SP_LINE_ENDING_NONE, "\x80");
}

static void
assert_encode_error (const char     *text,
                     SpTextEncoding  encoding,
                     int             code,
                     gsize           pos,
                     const char     *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize error_pos = 12345;

  bytes = sp_text_encode (text, encoding, SP_LINE_ENDING_CRLF, &error_pos, &error);
  g_assert_null (bytes);
  g_assert_error (error, SP_TEXT_CODEC_ERROR, code);
  g_assert_cmpuint (error_pos, ==, pos);
  g_assert_cmpstr (error->message, ==, message);

  bytes = sp_text_encode (text, encoding, SP_LINE_ENDING_NONE, NULL, NULL);
  g_assert_null (bytes);
}

static void
test_encode_unrepresentable (void)
{
  assert_encode_error ("中", SP_TEXT_ENCODING_LATIN1,
                       SP_TEXT_CODEC_ERROR_UNREPRESENTABLE, 0,
                       "“中” (character 1) cannot be encoded in Latin-1");
  /* Positions count characters, not bytes: "é" is two bytes. */
  assert_encode_error ("café 中文", SP_TEXT_ENCODING_LATIN1,
                       SP_TEXT_CODEC_ERROR_UNREPRESENTABLE, 5,
                       "“中” (character 6) cannot be encoded in Latin-1");
  assert_encode_error ("ok €", SP_TEXT_ENCODING_LATIN1,
                       SP_TEXT_CODEC_ERROR_UNREPRESENTABLE, 3,
                       "“€” (character 4) cannot be encoded in Latin-1");
  assert_encode_error (CONNECTED "😀", SP_TEXT_ENCODING_GBK,
                       SP_TEXT_CODEC_ERROR_UNREPRESENTABLE, 4,
                       "“😀” (character 5) cannot be encoded in GBK");
  /* Invisible characters are named by code point. */
  assert_encode_error ("a\xc2\x85", SP_TEXT_ENCODING_GBK,
                       SP_TEXT_CODEC_ERROR_UNREPRESENTABLE, 1,
                       "“U+0085” (character 2) cannot be encoded in GBK");
}

static void
test_encode_invalid_input (void)
{
  assert_encode_error ("ab\xff" "c", SP_TEXT_ENCODING_UTF8,
                       SP_TEXT_CODEC_ERROR_INVALID_INPUT, 2,
                       "The text is not valid UTF-8 (at character 3)");
  assert_encode_error ("é\xe8\xbf", SP_TEXT_ENCODING_GBK,
                       SP_TEXT_CODEC_ERROR_INVALID_INPUT, 1,
                       "The text is not valid UTF-8 (at character 2)");
  assert_encode_error ("\xc0\xaf", SP_TEXT_ENCODING_LATIN1,
                       SP_TEXT_CODEC_ERROR_INVALID_INPUT, 0,
                       "The text is not valid UTF-8 (at character 1)");
}

static void
test_decode_controls (void)
{
  ASSERT_DECODES ("\0\a\b\t\n\v\f\r\x1b\x01\x1f\x7f\\", SP_TEXT_ENCODING_UTF8, TRUE, G_MAXSIZE,
                  "\\0\\a\\b\\t\\n\\v\\f\\r\\x1b\\x01\\x1f\\x7f\\\\");
  ASSERT_DECODES ("a\r\nb\n", SP_TEXT_ENCODING_UTF8, FALSE, G_MAXSIZE, "a\\r\nb\n");
  ASSERT_DECODES ("a\r\nb\n", SP_TEXT_ENCODING_UTF8, TRUE, G_MAXSIZE, "a\\r\\nb\\n");
  ASSERT_DECODES ("a\r\nb\t\0", SP_TEXT_ENCODING_GBK, FALSE, G_MAXSIZE, "a\\r\nb\\t\\0");
  ASSERT_DECODES ("a\r\nb\t\0", SP_TEXT_ENCODING_LATIN1, FALSE, G_MAXSIZE, "a\\r\nb\\t\\0");
  ASSERT_DECODES ("GET / HTTP/1.1\r\n\r\n", SP_TEXT_ENCODING_UTF8, TRUE, G_MAXSIZE,
                  "GET / HTTP/1.1\\r\\n\\r\\n");
  /* A backslash is doubled so escapes stay unambiguous. */
  ASSERT_DECODES ("C:\\x41", SP_TEXT_ENCODING_UTF8, TRUE, G_MAXSIZE, "C:\\\\x41");
  ASSERT_DECODES ("C:\\x41", SP_TEXT_ENCODING_GBK, TRUE, G_MAXSIZE, "C:\\\\x41");
  ASSERT_DECODES ("C:\\x41", SP_TEXT_ENCODING_LATIN1, TRUE, G_MAXSIZE, "C:\\\\x41");
  /* C1 controls and line separators in UTF-8 are characters, not bytes. */
  ASSERT_DECODES ("a\xc2\x85" "b\xc2\x9f\xc2\xa0", SP_TEXT_ENCODING_UTF8, FALSE, G_MAXSIZE,
                  "a\\u0085b\\u009f\xc2\xa0");
  ASSERT_DECODES ("a\xe2\x80\xa8" "b\xe2\x80\xa9", SP_TEXT_ENCODING_UTF8, TRUE, G_MAXSIZE,
                  "a\\u2028b\\u2029");
  ASSERT_DECODES ("a\xe2\x80\xa8" "b\xe2\x80\xa9", SP_TEXT_ENCODING_UTF8, FALSE, G_MAXSIZE,
                  "a\xe2\x80\xa8" "b\xe2\x80\xa9");
}

static void
test_decode_latin1 (void)
{
  ASSERT_DECODES ("A\xe9\x85\x9f\xa0\xff\r", SP_TEXT_ENCODING_LATIN1, TRUE, G_MAXSIZE,
                  "A\xc3\xa9\\x85\\x9f\xc2\xa0\xc3\xbf\\r");
  ASSERT_DECODES ("\x80\x81", SP_TEXT_ENCODING_LATIN1, TRUE, G_MAXSIZE, "\\x80\\x81");
}

static void
test_decode_invalid_utf8 (void)
{
  ASSERT_DECODES ("a\xff" "b", SP_TEXT_ENCODING_UTF8, TRUE, G_MAXSIZE, "a\\xffb");
  /* A sequence cut short by the data itself is shown, byte by byte. */
  ASSERT_DECODES ("ok\xe8\xbf", SP_TEXT_ENCODING_UTF8, TRUE, G_MAXSIZE, "ok\\xe8\\xbf");
  ASSERT_DECODES ("\xe8\xbf" "A\xe8\xbf\x9e", SP_TEXT_ENCODING_UTF8, TRUE, G_MAXSIZE,
                  "\\xe8\\xbfA连");
  /* Overlong encoding, surrogate, beyond U+10FFFF, lone continuation byte */
  ASSERT_DECODES ("\xc0\xaf", SP_TEXT_ENCODING_UTF8, TRUE, G_MAXSIZE, "\\xc0\\xaf");
  ASSERT_DECODES ("\xed\xa0\x80", SP_TEXT_ENCODING_UTF8, TRUE, G_MAXSIZE, "\\xed\\xa0\\x80");
  ASSERT_DECODES ("\xf4\x90\x80\x80", SP_TEXT_ENCODING_UTF8, TRUE, G_MAXSIZE,
                  "\\xf4\\x90\\x80\\x80");
  ASSERT_DECODES ("\x80" "a", SP_TEXT_ENCODING_UTF8, TRUE, G_MAXSIZE, "\\x80a");
  ASSERT_DECODES ("\xff\xfe\0", SP_TEXT_ENCODING_UTF8, TRUE, G_MAXSIZE, "\\xff\\xfe\\0");
  /* GBK bytes read as UTF-8: d3 b3 and c9 b9 happen to be valid UTF-8
   * (U+04F3, U+0279), the rest is not. */
  ASSERT_DECODES (CONNECTED_GBK, SP_TEXT_ENCODING_UTF8, TRUE, G_MAXSIZE,
                  "\\xc1\\xac\\xbd\xd3\xb3\xc9\xb9\\xa6");
}

static void
test_decode_invalid_gbk (void)
{
  ASSERT_DECODES ("\xff", SP_TEXT_ENCODING_GBK, TRUE, G_MAXSIZE, "\\xff");
  ASSERT_DECODES ("\x80", SP_TEXT_ENCODING_GBK, TRUE, G_MAXSIZE, "€");
  /* A lead byte with an invalid trail: only the lead is escaped. */
  ASSERT_DECODES ("\xc1\n", SP_TEXT_ENCODING_GBK, TRUE, G_MAXSIZE, "\\xc1\\n");
  ASSERT_DECODES ("\xc1\n", SP_TEXT_ENCODING_GBK, FALSE, G_MAXSIZE, "\\xc1\n");
  /* 0x41 is a valid trail byte: C1 41 is U+7F59 */
  ASSERT_DECODES ("\xc1" "A", SP_TEXT_ENCODING_GBK, TRUE, G_MAXSIZE, "罙");
  ASSERT_DECODES ("\xc1\x30" CONNECTED_GBK, SP_TEXT_ENCODING_GBK, TRUE, G_MAXSIZE,
                  "\\xc10" CONNECTED);
  ASSERT_DECODES ("\xc1\x7f\xc1\xac", SP_TEXT_ENCODING_GBK, TRUE, G_MAXSIZE, "\\xc1\\x7f连");
  /* C1 C1 is itself a character, so only the last byte is left over. */
  ASSERT_DECODES ("\xc1\xc1\xac", SP_TEXT_ENCODING_GBK, TRUE, G_MAXSIZE, "亮\\xac");
  /* A lead byte at the very end */
  ASSERT_DECODES ("ab\xc1", SP_TEXT_ENCODING_GBK, TRUE, G_MAXSIZE, "ab\\xc1");
  ASSERT_DECODES (CONNECTED_GBK "\xb9", SP_TEXT_ENCODING_GBK, TRUE, G_MAXSIZE,
                  CONNECTED "\\xb9");
}

/* The "wrong encoding" lesson: UTF-8 bytes read as GBK and as Latin-1. */
static void
test_decode_mojibake (void)
{
  /* U+6769 U+70B4 U+5E34 U+93B4 U+612C U+59DB */
  ASSERT_DECODES (CONNECTED_UTF8, SP_TEXT_ENCODING_GBK, TRUE, G_MAXSIZE, "杩炴帴鎴愬姛");
  ASSERT_DECODES (CONNECTED_UTF8, SP_TEXT_ENCODING_LATIN1, TRUE, G_MAXSIZE,
                  "è¿\\x9eæ\\x8e¥æ\\x88\\x90å\\x8a\\x9f");
  /* "café" in UTF-8 read as Latin-1 */
  ASSERT_DECODES ("caf\xc3\xa9", SP_TEXT_ENCODING_LATIN1, TRUE, G_MAXSIZE, "cafÃ©");
}

static void
test_decode_truncate_utf8 (void)
{
  /* "连接" is 6 bytes; a cut inside "接" drops it instead of escaping it. */
  ASSERT_DECODES ("连接", SP_TEXT_ENCODING_UTF8, TRUE, 6, "连接");
  ASSERT_DECODES ("连接", SP_TEXT_ENCODING_UTF8, TRUE, 5, "连…");
  ASSERT_DECODES ("连接", SP_TEXT_ENCODING_UTF8, TRUE, 4, "连…");
  ASSERT_DECODES ("连接", SP_TEXT_ENCODING_UTF8, TRUE, 3, "连…");
  ASSERT_DECODES ("连接", SP_TEXT_ENCODING_UTF8, TRUE, 2, "…");
  ASSERT_DECODES ("连接", SP_TEXT_ENCODING_UTF8, TRUE, 0, "…");
  ASSERT_DECODES ("😀", SP_TEXT_ENCODING_UTF8, TRUE, 3, "…");
  ASSERT_DECODES ("abc", SP_TEXT_ENCODING_UTF8, TRUE, 2, "ab…");
  ASSERT_DECODES ("abc", SP_TEXT_ENCODING_UTF8, TRUE, 3, "abc");
  ASSERT_DECODES ("", SP_TEXT_ENCODING_UTF8, TRUE, 0, "");
  /* Bytes invalid anyway are shown even at the cut. */
  ASSERT_DECODES ("a\xe8" "A", SP_TEXT_ENCODING_UTF8, TRUE, 2, "a\\xe8…");
  ASSERT_DECODES ("a\xe8\xbf" "A", SP_TEXT_ENCODING_UTF8, TRUE, 2, "a\\xe8…");
  ASSERT_DECODES ("a\xe8\xbf" "A", SP_TEXT_ENCODING_UTF8, TRUE, 3, "a\\xe8\\xbf…");
  ASSERT_DECODES ("\xff\xff", SP_TEXT_ENCODING_UTF8, TRUE, 1, "\\xff…");
}

static void
test_decode_truncate_gbk (void)
{
  ASSERT_DECODES (CONNECTED_GBK, SP_TEXT_ENCODING_GBK, TRUE, 8, CONNECTED);
  ASSERT_DECODES (CONNECTED_GBK, SP_TEXT_ENCODING_GBK, TRUE, 7, "连接成…");
  ASSERT_DECODES (CONNECTED_GBK, SP_TEXT_ENCODING_GBK, TRUE, 3, "连…");
  ASSERT_DECODES (CONNECTED_GBK, SP_TEXT_ENCODING_GBK, TRUE, 1, "…");
  ASSERT_DECODES ("a\xc1\n", SP_TEXT_ENCODING_GBK, TRUE, 2, "a\\xc1…");
  ASSERT_DECODES ("a\xc1\n", SP_TEXT_ENCODING_GBK, FALSE, 2, "a\\xc1…");
  ASSERT_DECODES ("ab", SP_TEXT_ENCODING_GBK, TRUE, 1, "a…");
}

static void
test_decode_truncate_latin1 (void)
{
  ASSERT_DECODES ("caf\xe9s", SP_TEXT_ENCODING_LATIN1, TRUE, 4, "café…");
  ASSERT_DECODES ("caf\xe9", SP_TEXT_ENCODING_LATIN1, TRUE, 4, "café");
}

/* Turns a displayed string back into bytes; decoding must be lossless. */
static GByteArray *
undisplay (const char     *text,
           SpTextEncoding  encoding,
           gboolean        single_line)
{
  GByteArray *bytes = g_byte_array_new ();
  const char *p = text;

  while (*p != '\0')
    {
      if (*p == '\\')
        {
          static const char simple[] = "0\0a\ab\bt\tn\nv\vf\fr\r\\\\";
          guint8 b;

          p++;
          if (*p == 'x')
            {
              g_assert_true (g_ascii_isxdigit (p[1]) && g_ascii_isxdigit (p[2]));
              b = g_ascii_xdigit_value (p[1]) << 4 | g_ascii_xdigit_value (p[2]);
              g_byte_array_append (bytes, &b, 1);
              p += 3;
              continue;
            }
          if (*p == 'u')
            {
              g_autofree char *hex = g_strndup (p + 1, 4);
              char utf8[8];
              gint n;

              g_assert_cmpint (encoding, ==, SP_TEXT_ENCODING_UTF8);
              n = g_unichar_to_utf8 (g_ascii_strtoull (hex, NULL, 16), utf8);
              g_byte_array_append (bytes, (guint8 *) utf8, n);
              p += 5;
              continue;
            }

          for (guint i = 0; ; i += 2)
            {
              g_assert_cmpuint (i, <, sizeof simple - 1);
              if (simple[i] == *p)
                {
                  b = simple[i + 1];
                  break;
                }
            }
          if (b == '\n')
            g_assert_true (single_line);
          g_byte_array_append (bytes, &b, 1);
          p++;
        }
      else
        {
          const char *next = g_utf8_next_char (p);
          gunichar c = g_utf8_get_char (p);
          g_autofree char *encoded = NULL;
          gsize n_encoded;

          /* Controls never appear raw */
          g_assert_true (c == '\n' || !g_unichar_iscntrl (c));
          if (c == '\n')
            g_assert_false (single_line);

          if (encoding == SP_TEXT_ENCODING_UTF8)
            encoded = g_strndup (p, next - p), n_encoded = next - p;
          else
            encoded = g_convert (p, next - p, sp_text_encoding_charset (encoding), "UTF-8",
                                 NULL, &n_encoded, NULL);
          g_assert_nonnull (encoded);
          g_byte_array_append (bytes, (guint8 *) encoded, n_encoded);
          p = next;
        }
    }

  return bytes;
}

static void
test_decode_lossless (void)
{
  static const char *pieces[] = {
    "a", "Z", " ", "\\", "\n", "\r", "\0", "\x7f", "\x1b", "\xff", "\x80", "\xc2\x85",
    "连", "é", "😀", "\xe2\x80\xa8", "\xc1", "\xac", "\xc1\xac", "\xa1", "\xe8", "\xbf",
  };
  static const guint lengths[] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 3, 2, 4, 3, 1, 1, 2, 1, 1, 1 };

  G_STATIC_ASSERT (G_N_ELEMENTS (pieces) == G_N_ELEMENTS (lengths));

  for (guint round = 0; round < 3000; round++)
    {
      g_autoptr(GByteArray) data = g_byte_array_new ();
      guint n = g_test_rand_int_range (0, 20);

      for (guint i = 0; i < n; i++)
        {
          guint k = g_test_rand_int_range (0, G_N_ELEMENTS (pieces));

          g_byte_array_append (data, (const guint8 *) pieces[k], lengths[k]);
        }

      for (SpTextEncoding e = SP_TEXT_ENCODING_UTF8; e <= SP_TEXT_ENCODING_LATIN1; e++)
        {
          for (int single_line = 0; single_line <= 1; single_line++)
            {
              g_autofree char *text = decode ((char *) data->data, data->len, e, single_line, G_MAXSIZE);
              g_autoptr(GByteArray) back = undisplay (text, e, single_line);
              g_autofree char *cut = NULL;
              gsize max = g_test_rand_int_range (0, data->len + 1);

              g_assert_cmpmem (back->data, back->len, data->data, data->len);

              /* A cut result is a prefix of the whole (less the "…"). */
              cut = decode ((char *) data->data, data->len, e, single_line, max);
              if (max < data->len)
                {
                  g_assert_true (g_str_has_suffix (cut, "…"));
                  cut[strlen (cut) - strlen ("…")] = '\0';
                  g_assert_true (g_str_has_prefix (text, cut));
                }
              else
                {
                  g_assert_cmpstr (cut, ==, text);
                }
            }
        }
    }
}

static void
test_decode_large (void)
{
  gsize size = 1024 * 1024;
  g_autofree guint8 *data = g_malloc (size);
  g_autoptr(GString) text = g_string_new (NULL);

  for (gsize i = 0; i < size; i++)
    data[i] = g_test_rand_int_range (0, 256);

  for (SpTextEncoding e = SP_TEXT_ENCODING_UTF8; e <= SP_TEXT_ENCODING_LATIN1; e++)
    {
      g_autofree char *decoded = decode ((char *) data, size, e, TRUE, G_MAXSIZE);

      g_assert_cmpuint (strlen (decoded), >=, size);
    }

  /* Mostly valid text in big runs */
  while (text->len < size)
    g_string_append (text, "Hello, " CONNECTED "! ");

  for (SpTextEncoding e = SP_TEXT_ENCODING_UTF8; e <= SP_TEXT_ENCODING_GBK; e++)
    {
      g_autoptr(GBytes) bytes = sp_text_encode (text->str, e, SP_LINE_ENDING_NONE, NULL, NULL);
      g_autofree char *decoded = decode (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                         e, FALSE, G_MAXSIZE);

      g_assert_cmpstr (decoded, ==, text->str);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text-codec/names", test_names);
  g_test_add_func ("/text-codec/encode/gbk", test_encode_gbk);
  g_test_add_func ("/text-codec/encode/line-endings", test_encode_line_endings);
  g_test_add_func ("/text-codec/encode/latin1", test_encode_latin1);
  g_test_add_func ("/text-codec/encode/unrepresentable", test_encode_unrepresentable);
  g_test_add_func ("/text-codec/encode/invalid-input", test_encode_invalid_input);
  g_test_add_func ("/text-codec/gbk-round-trip", test_gbk_round_trip);
  g_test_add_func ("/text-codec/decode/controls", test_decode_controls);
  g_test_add_func ("/text-codec/decode/latin1", test_decode_latin1);
  g_test_add_func ("/text-codec/decode/invalid-utf8", test_decode_invalid_utf8);
  g_test_add_func ("/text-codec/decode/invalid-gbk", test_decode_invalid_gbk);
  g_test_add_func ("/text-codec/decode/mojibake", test_decode_mojibake);
  g_test_add_func ("/text-codec/decode/truncate-utf8", test_decode_truncate_utf8);
  g_test_add_func ("/text-codec/decode/truncate-gbk", test_decode_truncate_gbk);
  g_test_add_func ("/text-codec/decode/truncate-latin1", test_decode_truncate_latin1);
  g_test_add_func ("/text-codec/decode/lossless", test_decode_lossless);
  g_test_add_func ("/text-codec/decode/large", test_decode_large);

  return g_test_run ();
}
