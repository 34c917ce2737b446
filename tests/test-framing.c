/* test-framing.c: message framing over a byte stream
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib.h>

#include "sp-framing.h"

#define N_RANDOM_CHUNKINGS 1000

/* The seed's 黏包 lesson: "hello, " + "world" sent quickly, then the ten
 * messages of the struct.pack('i', len) fix; empty ones where modes allow. */
static const char * const messages[] = {
  "hello, ",
  "world",
  "",
  "这是第1次发送的数据",
  "这是第2次发送的数据",
  "这是第3次发送的数据",
  "这是第4次发送的数据",
  "",
  /* 115 bytes: longer frames, still within a 1-byte signed header. */
  ("hello, world. hello, world. hello, world. hello, world. hello, world. "
   "hello, world. hello, world. hello, world. hel"),
  "这是第5次发送的数据",
  "这是第6次发送的数据",
  "这是第7次发送的数据",
  "这是第8次发送的数据",
  "这是第9次发送的数据",
  "这是第10次发送的数据",
  "",
};

static SpFramingConfig
preset (SpFramingPreset p)
{
  SpFramingConfig config;

  sp_framing_config_init (&config);
  sp_framing_config_preset (&config, p);

  return config;
}

static SpFramingConfig
length_prefix (guint    header_size,
               gboolean big_endian,
               gboolean is_signed,
               gboolean includes_header)
{
  SpFramingConfig config;

  sp_framing_config_init (&config);
  config.mode = SP_FRAMING_LENGTH_PREFIX;
  config.header_size = header_size;
  config.big_endian = big_endian;
  config.is_signed = is_signed;
  config.length_includes_header = includes_header;

  return config;
}

static SpFramingConfig
delimited (const char *delimiter,
           gsize       len)
{
  SpFramingConfig config;

  sp_framing_config_init (&config);
  config.mode = SP_FRAMING_DELIMITER;
  memcpy (config.delimiter, delimiter, len);
  config.delimiter_len = len;

  return config;
}

#define DELIMITED(literal) delimited ((literal), sizeof (literal) - 1)

static SpFramingConfig
fixed (gsize size)
{
  SpFramingConfig config;

  sp_framing_config_init (&config);
  config.mode = SP_FRAMING_FIXED_SIZE;
  config.fixed_size = size;

  return config;
}

static GPtrArray *
frame_array_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) sp_frame_free);
}

static GBytes *
bytes_of (const char *data,
          gsize       len)
{
  return g_bytes_new (data, len);
}

#define BYTES(literal) bytes_of ((literal), sizeof (literal) - 1)

/* Encoding */

static void
assert_encodes (const SpFramingConfig *config,
                const char            *payload,
                gsize                  payload_len,
                const char            *expected,
                gsize                  expected_len,
                gsize                  expected_header,
                gsize                  expected_trailer)
{
  g_autoptr(GBytes) in = bytes_of (payload, payload_len);
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GError) error = NULL;
  gsize header_len = 99, trailer_len = 99;

  out = sp_framing_encode (config, in, &header_len, &trailer_len, &error);
  g_assert_no_error (error);
  g_assert_nonnull (out);
  g_assert_cmpmem (g_bytes_get_data (out, NULL), g_bytes_get_size (out), expected, expected_len);
  g_assert_cmpuint (header_len, ==, expected_header);
  g_assert_cmpuint (trailer_len, ==, expected_trailer);
}

#define ASSERT_ENCODES(config, payload, expected, header, trailer) \
  assert_encodes ((config), (payload), sizeof (payload) - 1, \
                  (expected), sizeof (expected) - 1, (header), (trailer))

/* Fails to encode @payload_len bytes of 'x' with @code and a message
 * containing each of the NULL-terminated @parts. */
static void
assert_encode_fails (const SpFramingConfig *config,
                     GBytes                *payload,
                     SpFramingError         code,
                     ...)
{
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GError) error = NULL;
  gsize header_len = 99, trailer_len = 99;
  const char *part;
  va_list args;

  out = sp_framing_encode (config, payload, &header_len, &trailer_len, &error);
  g_assert_null (out);
  g_assert_error (error, SP_FRAMING_ERROR, (gint) code);
  g_test_message ("%s", error->message);
  g_assert_cmpuint (header_len, ==, 0);
  g_assert_cmpuint (trailer_len, ==, 0);

  va_start (args, code);
  while ((part = va_arg (args, const char *)) != NULL)
    g_assert_nonnull (strstr (error->message, part));
  va_end (args);
}

static GBytes *
filled (gsize len)
{
  char *data = g_malloc (len + 1);

  memset (data, 'x', len);
  return g_bytes_new_take (data, len);
}

static void
test_encode_python_struct (void)
{
  SpFramingConfig config;

  /* struct.pack('i', 5) == b'\x05\x00\x00\x00' */
  config = preset (SP_FRAMING_PRESET_PYTHON_STRUCT_I);
  ASSERT_ENCODES (&config, "hello", "\x05\x00\x00\x00" "hello", 4, 0);
  /* struct.pack('i', 1234) == b'\xd2\x04\x00\x00' (the tutorial's example) */
  {
    g_autoptr(GBytes) payload = filled (1234);
    g_autoptr(GBytes) out = sp_framing_encode (&config, payload, NULL, NULL, NULL);

    g_assert_cmpuint (g_bytes_get_size (out), ==, 4 + 1234);
    g_assert_cmpmem (g_bytes_get_data (out, NULL), 4, "\xd2\x04\x00\x00", 4);
  }

  /* struct.pack('!I', 5) == b'\x00\x00\x00\x05' */
  config = preset (SP_FRAMING_PRESET_NETWORK_ORDER_I);
  ASSERT_ENCODES (&config, "hello", "\x00\x00\x00\x05" "hello", 4, 0);

  /* struct.pack('>H', 300) == b'\x01,' and struct.pack('<H', 300) == b',\x01' */
  {
    g_autoptr(GBytes) payload = filled (300);
    g_autoptr(GBytes) be = NULL;
    g_autoptr(GBytes) le = NULL;

    config = length_prefix (2, TRUE, FALSE, FALSE);
    be = sp_framing_encode (&config, payload, NULL, NULL, NULL);
    config = length_prefix (2, FALSE, FALSE, FALSE);
    le = sp_framing_encode (&config, payload, NULL, NULL, NULL);
    g_assert_cmpmem (g_bytes_get_data (be, NULL), 2, "\x01\x2c", 2);
    g_assert_cmpmem (g_bytes_get_data (le, NULL), 2, "\x2c\x01", 2);
  }

  /* struct.pack('B', 200) == b'\xc8' */
  {
    g_autoptr(GBytes) payload = filled (200);
    g_autoptr(GBytes) out = NULL;

    config = length_prefix (1, TRUE, FALSE, FALSE);
    out = sp_framing_encode (&config, payload, NULL, NULL, NULL);
    g_assert_cmpuint (g_bytes_get_size (out), ==, 201);
    g_assert_cmpmem (g_bytes_get_data (out, NULL), 1, "\xc8", 1);
  }

  /* struct.pack('<q', 5) == b'\x05\x00\x00\x00\x00\x00\x00\x00' */
  config = length_prefix (8, FALSE, TRUE, FALSE);
  ASSERT_ENCODES (&config, "hello", "\x05\x00\x00\x00\x00\x00\x00\x00" "hello", 8, 0);
  /* struct.pack('>Q', 5) */
  config = length_prefix (8, TRUE, FALSE, FALSE);
  ASSERT_ENCODES (&config, "hello", "\x00\x00\x00\x00\x00\x00\x00\x05" "hello", 8, 0);

  /* Empty payload: just the header. */
  config = preset (SP_FRAMING_PRESET_PYTHON_STRUCT_I);
  ASSERT_ENCODES (&config, "", "\x00\x00\x00\x00", 4, 0);
}

static void
test_encode_includes_header (void)
{
  SpFramingConfig config;

  /* struct.pack('>I', 9): 4 header bytes + 5 payload bytes */
  config = length_prefix (4, TRUE, FALSE, TRUE);
  ASSERT_ENCODES (&config, "hello", "\x00\x00\x00\x09" "hello", 4, 0);
  /* struct.pack('<h', 7) */
  config = length_prefix (2, FALSE, TRUE, TRUE);
  ASSERT_ENCODES (&config, "hello", "\x07\x00" "hello", 2, 0);
  config = length_prefix (1, FALSE, FALSE, TRUE);
  ASSERT_ENCODES (&config, "", "\x01", 1, 0);
}

static void
test_encode_header_limits (void)
{
  SpFramingConfig config;

  /* 1-byte signed ('b'): 127 fits, 128 and 200 do not. */
  config = length_prefix (1, FALSE, TRUE, FALSE);
  {
    g_autoptr(GBytes) ok = filled (127);
    g_autoptr(GBytes) out = sp_framing_encode (&config, ok, NULL, NULL, NULL);
    g_autoptr(GBytes) p128 = filled (128);
    g_autoptr(GBytes) p200 = filled (200);

    g_assert_cmpmem (g_bytes_get_data (out, NULL), 1, "\x7f", 1);
    assert_encode_fails (&config, p128, SP_FRAMING_ERROR_TOO_LARGE, "128", "1-byte", "127", NULL);
    assert_encode_fails (&config, p200, SP_FRAMING_ERROR_TOO_LARGE, "200", "127", NULL);
  }

  /* 1-byte unsigned ('B'): 255 fits, 256 and 300 do not. */
  config = length_prefix (1, FALSE, FALSE, FALSE);
  {
    g_autoptr(GBytes) ok = filled (255);
    g_autoptr(GBytes) out = sp_framing_encode (&config, ok, NULL, NULL, NULL);
    g_autoptr(GBytes) p256 = filled (256);
    g_autoptr(GBytes) p300 = filled (300);

    g_assert_cmpmem (g_bytes_get_data (out, NULL), 1, "\xff", 1);
    assert_encode_fails (&config, p256, SP_FRAMING_ERROR_TOO_LARGE, "256", "255", NULL);
    assert_encode_fails (&config, p300, SP_FRAMING_ERROR_TOO_LARGE, "300", "255", NULL);
  }

  /* Header included: 1-byte unsigned says at most 255, so 254 bytes of payload. */
  config = length_prefix (1, FALSE, FALSE, TRUE);
  {
    g_autoptr(GBytes) ok = filled (254);
    g_autoptr(GBytes) out = sp_framing_encode (&config, ok, NULL, NULL, NULL);
    g_autoptr(GBytes) p255 = filled (255);

    g_assert_cmpmem (g_bytes_get_data (out, NULL), 1, "\xff", 1);
    assert_encode_fails (&config, p255, SP_FRAMING_ERROR_TOO_LARGE, "256", "255", "header", NULL);
  }

  /* 2-byte signed: 32767. */
  config = length_prefix (2, TRUE, TRUE, FALSE);
  {
    g_autoptr(GBytes) p = filled (32768);

    assert_encode_fails (&config, p, SP_FRAMING_ERROR_TOO_LARGE, "32768", "32767", NULL);
  }
}

static void
test_encode_max_frame (void)
{
  SpFramingConfig configs[] = {
    preset (SP_FRAMING_PRESET_PYTHON_STRUCT_I),
    length_prefix (2, TRUE, FALSE, TRUE),
    preset (SP_FRAMING_PRESET_LINES),
  };
  g_autoptr(GBytes) ok = filled (10);
  g_autoptr(GBytes) big = filled (11);

  for (guint i = 0; i < G_N_ELEMENTS (configs); i++)
    {
      g_autoptr(GBytes) out = NULL;
      g_autoptr(GError) error = NULL;

      configs[i].max_frame = 10;
      out = sp_framing_encode (&configs[i], ok, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (out);
      assert_encode_fails (&configs[i], big, SP_FRAMING_ERROR_TOO_LARGE, "11 bytes", "10 B limit", NULL);
    }
}

static void
test_encode_delimiter (void)
{
  SpFramingConfig config;

  config = preset (SP_FRAMING_PRESET_LINES);
  ASSERT_ENCODES (&config, "hello", "hello\n", 0, 1);
  ASSERT_ENCODES (&config, "", "\n", 0, 1);

  config = DELIMITED ("\r\n");
  ASSERT_ENCODES (&config, "hello", "hello\r\n", 0, 2);
  /* A lone "\r" or "\n" is not the delimiter. */
  ASSERT_ENCODES (&config, "a\nb\r", "a\nb\r\r\n", 0, 2);

  config = DELIMITED ("\0");
  ASSERT_ENCODES (&config, "hello", "hello\0", 0, 1);
}

static void
test_encode_contains_delimiter (void)
{
  SpFramingConfig config;

  config = preset (SP_FRAMING_PRESET_LINES);
  {
    g_autoptr(GBytes) p = BYTES ("hel\nlo");

    assert_encode_fails (&config, p, SP_FRAMING_ERROR_CONTAINS_DELIMITER, "\\n", "offset 3", NULL);
  }

  config = DELIMITED ("\r\n");
  {
    g_autoptr(GBytes) p = BYTES ("hello\r\nworld");

    assert_encode_fails (&config, p, SP_FRAMING_ERROR_CONTAINS_DELIMITER, "\\r\\n", "offset 5", NULL);
  }

  /* "ab\0" + "\0\0" reads as "ab" + "\0\0" + "\0": the end of the message
   * and the delimiter together hold the delimiter. */
  config = DELIMITED ("\0\0");
  {
    g_autoptr(GBytes) p = BYTES ("ab\0");

    assert_encode_fails (&config, p, SP_FRAMING_ERROR_CONTAINS_DELIMITER, "\\0\\0", "offset 2", NULL);
  }

  config = DELIMITED ("aba");
  {
    g_autoptr(GBytes) p1 = BYTES ("xab");
    g_autoptr(GBytes) p2 = BYTES ("ab");

    assert_encode_fails (&config, p1, SP_FRAMING_ERROR_CONTAINS_DELIMITER, "offset 1", NULL);
    assert_encode_fails (&config, p2, SP_FRAMING_ERROR_CONTAINS_DELIMITER, "offset 0", NULL);
    ASSERT_ENCODES (&config, "a", "aaba", 0, 3);
    ASSERT_ENCODES (&config, "b", "baba", 0, 3);
  }
}

static void
test_encode_fixed_and_off (void)
{
  SpFramingConfig config;

  config = fixed (5);
  ASSERT_ENCODES (&config, "hello", "hello", 0, 0);
  {
    g_autoptr(GBytes) p4 = BYTES ("hell");
    g_autoptr(GBytes) p6 = BYTES ("hello!");

    assert_encode_fails (&config, p4, SP_FRAMING_ERROR_WRONG_SIZE, "4 bytes", "exactly 5", NULL);
    assert_encode_fails (&config, p6, SP_FRAMING_ERROR_WRONG_SIZE, "6 bytes", "exactly 5", NULL);
  }

  config = preset (SP_FRAMING_PRESET_CUSTOM);
  g_assert_cmpint (config.mode, ==, SP_FRAMING_OFF);
  ASSERT_ENCODES (&config, "hello, world", "hello, world", 0, 0);
  ASSERT_ENCODES (&config, "", "", 0, 0);
}

/* Configuration */

static void
test_config_presets (void)
{
  SpFramingConfig config;

  sp_framing_config_init (&config);
  g_assert_cmpint (config.mode, ==, SP_FRAMING_OFF);
  g_assert_cmpuint (config.max_frame, ==, SP_FRAMING_DEFAULT_MAX_FRAME);
  g_assert_cmpuint (config.max_frame, ==, 1024 * 1024);

  config.max_frame = 4096;
  sp_framing_config_preset (&config, SP_FRAMING_PRESET_PYTHON_STRUCT_I);
  g_assert_cmpint (config.mode, ==, SP_FRAMING_LENGTH_PREFIX);
  g_assert_cmpuint (config.header_size, ==, 4);
  g_assert_false (config.big_endian);
  g_assert_true (config.is_signed);
  g_assert_false (config.length_includes_header);
  g_assert_cmpuint (config.max_frame, ==, 4096);

  config.length_includes_header = TRUE;
  sp_framing_config_preset (&config, SP_FRAMING_PRESET_NETWORK_ORDER_I);
  g_assert_cmpint (config.mode, ==, SP_FRAMING_LENGTH_PREFIX);
  g_assert_cmpuint (config.header_size, ==, 4);
  g_assert_true (config.big_endian);
  g_assert_false (config.is_signed);
  g_assert_false (config.length_includes_header);
  g_assert_cmpuint (config.max_frame, ==, 4096);

  sp_framing_config_preset (&config, SP_FRAMING_PRESET_LINES);
  g_assert_cmpint (config.mode, ==, SP_FRAMING_DELIMITER);
  g_assert_cmpuint (config.delimiter_len, ==, 1);
  g_assert_cmpuint (config.delimiter[0], ==, '\n');
  g_assert_cmpuint (config.max_frame, ==, 4096);

  /* CUSTOM keeps what the user set. */
  config.delimiter[1] = '\n';
  config.delimiter[0] = '\r';
  config.delimiter_len = 2;
  sp_framing_config_preset (&config, SP_FRAMING_PRESET_CUSTOM);
  g_assert_cmpint (config.mode, ==, SP_FRAMING_DELIMITER);
  g_assert_cmpmem (config.delimiter, config.delimiter_len, "\r\n", 2);

  /* Every mode is usable right after init. */
  for (SpFramingMode mode = SP_FRAMING_OFF; mode <= SP_FRAMING_FIXED_SIZE; mode++)
    {
      g_autoptr(GError) error = NULL;

      sp_framing_config_init (&config);
      config.mode = mode;
      g_assert_true (sp_framing_config_check (&config, &error));
      g_assert_no_error (error);
    }
}

static void
test_config_describe (void)
{
  static const struct {
    SpFramingConfig config;
    const char *description;
  } cases[] = {
    { { .mode = SP_FRAMING_LENGTH_PREFIX, .header_size = 4, .is_signed = TRUE, .max_frame = 1 },
      "4-byte little-endian signed length prefix (payload only)" },
    { { .mode = SP_FRAMING_LENGTH_PREFIX, .header_size = 4, .big_endian = TRUE, .max_frame = 1 },
      "4-byte big-endian unsigned length prefix (payload only)" },
    { { .mode = SP_FRAMING_LENGTH_PREFIX, .header_size = 2, .big_endian = TRUE, .is_signed = TRUE,
        .length_includes_header = TRUE, .max_frame = 1 },
      "2-byte big-endian signed length prefix (header included)" },
    { { .mode = SP_FRAMING_LENGTH_PREFIX, .header_size = 1, .big_endian = TRUE, .max_frame = 1 },
      "1-byte unsigned length prefix (payload only)" },
    { { .mode = SP_FRAMING_DELIMITER, .delimiter = "\n", .delimiter_len = 1, .max_frame = 1 },
      "delimiter \\n" },
    { { .mode = SP_FRAMING_DELIMITER, .delimiter = "\r\n", .delimiter_len = 2, .max_frame = 1 },
      "delimiter \\r\\n" },
    { { .mode = SP_FRAMING_DELIMITER, .delimiter = "", .delimiter_len = 1, .max_frame = 1 },
      "delimiter \\0" },
    { { .mode = SP_FRAMING_DELIMITER, .delimiter = "E\xff \x7f\\\t\x1b;", .delimiter_len = 8, .max_frame = 1 },
      "delimiter E\\xff\\x20\\x7f\\\\\\t\\x1b;" },
    { { .mode = SP_FRAMING_FIXED_SIZE, .fixed_size = 16, .max_frame = 16 },
      "fixed 16-byte frames" },
    { { .mode = SP_FRAMING_OFF },
      "off" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *description = sp_framing_config_describe (&cases[i].config);

      g_assert_cmpstr (description, ==, cases[i].description);
    }

  {
    SpFramingConfig config = preset (SP_FRAMING_PRESET_PYTHON_STRUCT_I);
    g_autofree char *python = sp_framing_config_describe (&config);
    g_autofree char *network = NULL;
    g_autofree char *lines = NULL;

    config = preset (SP_FRAMING_PRESET_NETWORK_ORDER_I);
    network = sp_framing_config_describe (&config);
    config = preset (SP_FRAMING_PRESET_LINES);
    lines = sp_framing_config_describe (&config);

    g_assert_cmpstr (python, ==, "4-byte little-endian signed length prefix (payload only)");
    g_assert_cmpstr (network, ==, "4-byte big-endian unsigned length prefix (payload only)");
    g_assert_cmpstr (lines, ==, "delimiter \\n");
  }
}

static void
assert_config_invalid (const SpFramingConfig *config,
                       const char            *part)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) encode_error = NULL;
  g_autoptr(GBytes) payload = BYTES ("x");
  g_autoptr(GBytes) out = NULL;

  g_assert_false (sp_framing_config_check (config, &error));
  g_assert_error (error, SP_FRAMING_ERROR, SP_FRAMING_ERROR_INVALID_CONFIG);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, part));

  out = sp_framing_encode (config, payload, NULL, NULL, &encode_error);
  g_assert_null (out);
  g_assert_error (encode_error, SP_FRAMING_ERROR, SP_FRAMING_ERROR_INVALID_CONFIG);
  g_assert_cmpstr (encode_error->message, ==, error->message);
}

static void
test_config_check (void)
{
  SpFramingConfig config;

  for (guint size = 0; size <= 9; size++)
    {
      config = length_prefix (size, FALSE, FALSE, FALSE);
      if (size == 1 || size == 2 || size == 4 || size == 8)
        {
          g_assert_true (sp_framing_config_check (&config, NULL));
        }
      else
        {
          g_autofree char *part = g_strdup_printf ("Header size %u", size);

          assert_config_invalid (&config, part);
        }
    }

  config = DELIMITED ("\n");
  config.delimiter_len = 0;
  assert_config_invalid (&config, "delimiter is empty");
  config.delimiter_len = SP_FRAMING_MAX_DELIMITER + 1;
  assert_config_invalid (&config, "17 bytes");
  config.delimiter_len = SP_FRAMING_MAX_DELIMITER;
  g_assert_true (sp_framing_config_check (&config, NULL));

  config = fixed (0);
  assert_config_invalid (&config, "size 0");
  config = fixed (2000);
  config.max_frame = 1024;
  assert_config_invalid (&config, "Fixed frame size 2000 is larger than the 1 KiB limit");
  config.max_frame = 2000;
  g_assert_true (sp_framing_config_check (&config, NULL));

  config = preset (SP_FRAMING_PRESET_PYTHON_STRUCT_I);
  config.max_frame = 0;
  assert_config_invalid (&config, "maximum frame size is 0");

  config.mode = 42;
  assert_config_invalid (&config, "42");

  /* OFF uses no field, so none can be wrong. */
  memset (&config, 0, sizeof config);
  config.mode = SP_FRAMING_OFF;
  config.header_size = 3;
  g_assert_true (sp_framing_config_check (&config, NULL));
}

/* Decoding */

typedef struct {
  GPtrArray *payloads;  /* GBytes */
  GArray    *offsets;   /* guint64 */
  GArray    *lens;      /* gsize */
  GBytes    *stream;
} Expected;

static void
expected_free (Expected *e)
{
  g_ptr_array_unref (e->payloads);
  g_array_unref (e->offsets);
  g_array_unref (e->lens);
  g_bytes_unref (e->stream);
  g_free (e);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Expected, expected_free)

/* Encodes @payloads one after the other, as the sender's send() calls. */
static Expected *
expected_new (const SpFramingConfig *config,
              GBytes               **payloads,
              guint                  n_payloads)
{
  Expected *e = g_new0 (Expected, 1);
  GByteArray *stream = g_byte_array_new ();

  e->payloads = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  e->offsets = g_array_new (FALSE, FALSE, sizeof (guint64));
  e->lens = g_array_new (FALSE, FALSE, sizeof (gsize));

  for (guint i = 0; i < n_payloads; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) frame = NULL;
      guint64 offset = stream->len;
      gsize header_len, trailer_len, frame_len;

      frame = sp_framing_encode (config, payloads[i], &header_len, &trailer_len, &error);
      g_assert_no_error (error);
      frame_len = g_bytes_get_size (frame);
      g_assert_cmpuint (header_len + g_bytes_get_size (payloads[i]) + trailer_len, ==, frame_len);

      g_ptr_array_add (e->payloads, g_bytes_ref (payloads[i]));
      g_array_append_val (e->offsets, offset);
      g_array_append_val (e->lens, frame_len);
      g_byte_array_append (stream, g_bytes_get_data (frame, NULL), frame_len);
    }

  e->stream = g_byte_array_free_to_bytes (stream);
  return e;
}

/* Decodes the stream cut at @cuts (increasing offsets), fed as plain bytes
 * or as GBytes chunks, and checks every frame. */
static void
assert_decodes_fed (const SpFramingConfig *config,
                    const Expected        *e,
                    const gsize           *cuts,
                    guint                  n_cuts,
                    gboolean               as_bytes)
{
  g_autoptr(SpFrameDecoder) decoder = sp_frame_decoder_new (config);
  g_autoptr(GPtrArray) frames = frame_array_new ();
  g_autoptr(GError) error = NULL;
  gsize len;
  const guint8 *data = g_bytes_get_data (e->stream, &len);
  gsize pos = 0;
  g_autoptr(GArray) chunk_of = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i <= n_cuts; i++)
    {
      gsize next = i < n_cuts ? cuts[i] : len;

      g_assert_cmpuint (next, >=, pos);
      if (as_bytes)
        {
          g_autoptr(GBytes) chunk = g_bytes_new_from_bytes (e->stream, pos, next - pos);

          g_assert_true (sp_frame_decoder_feed_bytes (decoder, chunk, frames, &error));
        }
      else
        g_assert_true (sp_frame_decoder_feed (decoder, data + pos, next - pos, frames, &error));
      g_assert_no_error (error);
      while (chunk_of->len < frames->len)
        g_array_append_val (chunk_of, i);
      pos = next;
    }

  g_assert_cmpuint (sp_frame_decoder_get_pending (decoder), ==, 0);
  g_assert_cmpuint (sp_frame_decoder_get_needed (decoder), ==, 0);
  g_assert_true (sp_frame_decoder_finish (decoder, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (frames->len, ==, e->payloads->len);
  for (guint i = 0; i < frames->len; i++)
    {
      SpFrame *frame = g_ptr_array_index (frames, i);
      GBytes *payload = g_ptr_array_index (e->payloads, i);
      guint c = g_array_index (chunk_of, guint, i);
      gsize chunk_start = c > 0 ? cuts[c - 1] : 0;
      const guint8 *p = g_bytes_get_data (frame->payload, NULL);

      g_assert_cmpmem (p, g_bytes_get_size (frame->payload),
                       g_bytes_get_data (payload, NULL), g_bytes_get_size (payload));
      g_assert_cmpuint (frame->stream_offset, ==, g_array_index (e->offsets, guint64, i));
      g_assert_cmpuint (frame->frame_len, ==, g_array_index (e->lens, gsize, i));

      /* Fed as GBytes, a frame that lies inside one chunk is a view on it
       * (its bytes are the stream's own), not a copy. */
      if (as_bytes && frame->stream_offset >= chunk_start && g_bytes_get_size (frame->payload) > 0)
        g_assert_true (p >= data && p < data + len);
    }
}

static void
assert_decodes (const SpFramingConfig *config,
                const Expected        *e,
                const gsize           *cuts,
                guint                  n_cuts)
{
  assert_decodes_fed (config, e, cuts, n_cuts, FALSE);
  assert_decodes_fed (config, e, cuts, n_cuts, TRUE);
}

static void
assert_all_chunkings (const SpFramingConfig *config,
                      GBytes               **payloads,
                      guint                  n_payloads)
{
  g_autoptr(Expected) e = expected_new (config, payloads, n_payloads);
  g_autoptr(GRand) rand = g_rand_new_with_seed (12345);
  g_autoptr(GArray) cuts = g_array_new (FALSE, FALSE, sizeof (gsize));
  gsize len = g_bytes_get_size (e->stream);

  /* In one piece, then in two at every possible boundary. */
  assert_decodes (config, e, NULL, 0);
  for (gsize split = 0; split <= len; split++)
    assert_decodes (config, e, &split, 1);

  /* One byte at a time. */
  for (gsize i = 1; i < len; i++)
    g_array_append_val (cuts, i);
  assert_decodes (config, e, (gsize *) cuts->data, cuts->len);

  /* Random chunkings, small and large chunks mixed, empty ones included. */
  for (guint run = 0; run < N_RANDOM_CHUNKINGS; run++)
    {
      gint32 max_chunk = g_rand_boolean (rand) ? 8 : (gint32) len + 1;
      gsize pos = 0;

      g_array_set_size (cuts, 0);
      while (pos < len)
        {
          gsize chunk = g_rand_int_range (rand, 0, max_chunk + 1);

          pos = MIN (len, pos + chunk);
          g_array_append_val (cuts, pos);
        }
      assert_decodes (config, e, (gsize *) cuts->data, cuts->len);
    }
}

static GPtrArray *
message_payloads (gboolean with_empty)
{
  GPtrArray *payloads = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  for (guint i = 0; i < G_N_ELEMENTS (messages); i++)
    if (with_empty || messages[i][0] != '\0')
      g_ptr_array_add (payloads, bytes_of (messages[i], strlen (messages[i])));

  return payloads;
}

static void
test_decode_chunkings_length_prefix (void)
{
  SpFramingConfig configs[] = {
    preset (SP_FRAMING_PRESET_PYTHON_STRUCT_I),
    preset (SP_FRAMING_PRESET_NETWORK_ORDER_I),
    length_prefix (1, FALSE, FALSE, FALSE),
    length_prefix (1, TRUE, TRUE, TRUE),
    length_prefix (2, TRUE, TRUE, TRUE),
    length_prefix (2, FALSE, FALSE, FALSE),
    length_prefix (4, TRUE, TRUE, TRUE),
    length_prefix (8, FALSE, FALSE, FALSE),
    length_prefix (8, TRUE, TRUE, TRUE),
  };
  g_autoptr(GPtrArray) payloads = message_payloads (TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (configs); i++)
    {
      g_autofree char *description = sp_framing_config_describe (&configs[i]);

      g_test_message ("%s", description);
      assert_all_chunkings (&configs[i], (GBytes **) payloads->pdata, payloads->len);
    }
}

/* Frames larger than most chunks, so their payloads are put together from
 * several feeds. */
static void
test_decode_chunkings_large (void)
{
  SpFramingConfig configs[] = {
    preset (SP_FRAMING_PRESET_PYTHON_STRUCT_I),
    length_prefix (2, TRUE, FALSE, TRUE),
    DELIMITED ("\r\n"),
    fixed (1500),
  };
  g_autoptr(GPtrArray) payloads = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  guint8 data[1600];

  for (guint i = 0; i < sizeof data; i++)
    data[i] = 'a' + i % 26;

  for (guint c = 0; c < G_N_ELEMENTS (configs); c++)
    {
      g_ptr_array_set_size (payloads, 0);
      if (configs[c].mode == SP_FRAMING_FIXED_SIZE)
        {
          for (guint i = 0; i < 3; i++)
            g_ptr_array_add (payloads, g_bytes_new (data + 7 * i, 1500));
        }
      else
        {
          g_ptr_array_add (payloads, g_bytes_new (data, 1500));
          g_ptr_array_add (payloads, g_bytes_new (data, 0));
          g_ptr_array_add (payloads, g_bytes_new (data + 7, 1100));
          g_ptr_array_add (payloads, g_bytes_new (data + 3, 1));
          g_ptr_array_add (payloads, g_bytes_new (data + 1, 1499));
        }

      assert_all_chunkings (&configs[c], (GBytes **) payloads->pdata, payloads->len);
    }
}

static void
test_decode_chunkings_delimiter (void)
{
  SpFramingConfig configs[] = {
    preset (SP_FRAMING_PRESET_LINES),
    DELIMITED ("\r\n"),
    DELIMITED ("\0"),
    DELIMITED ("\r\n\r\n"),
    /* Overlaps itself, to catch a search that skips too far. */
    DELIMITED ("\xe6\xe6\xe5"),
  };
  g_autoptr(GPtrArray) payloads = message_payloads (TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (configs); i++)
    {
      g_autofree char *description = sp_framing_config_describe (&configs[i]);

      g_test_message ("%s", description);
      assert_all_chunkings (&configs[i], (GBytes **) payloads->pdata, payloads->len);
    }
}

static void
test_decode_chunkings_fixed (void)
{
  g_autoptr(GPtrArray) messages_bytes = message_payloads (FALSE);
  g_autoptr(GPtrArray) payloads = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GByteArray) all = g_byte_array_new ();
  SpFramingConfig configs[] = { fixed (1), fixed (7), fixed (28) };

  for (guint i = 0; i < messages_bytes->len; i++)
    {
      GBytes *b = g_ptr_array_index (messages_bytes, i);

      g_byte_array_append (all, g_bytes_get_data (b, NULL), g_bytes_get_size (b));
    }

  for (guint c = 0; c < G_N_ELEMENTS (configs); c++)
    {
      gsize size = configs[c].fixed_size;
      guint n = c == 0 ? 40 : 10;

      g_ptr_array_set_size (payloads, 0);
      g_assert_cmpuint (all->len, >=, n * size);
      for (guint i = 0; i < n; i++)
        g_ptr_array_add (payloads, g_bytes_new (all->data + i * size, size));
      assert_all_chunkings (&configs[c], (GBytes **) payloads->pdata, payloads->len);
    }
}

static void
test_decode_chunkings_off (void)
{
  SpFramingConfig config = preset (SP_FRAMING_PRESET_CUSTOM);
  g_autoptr(GRand) rand = g_rand_new_with_seed (12345);
  g_autoptr(GByteArray) stream = g_byte_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (messages); i++)
    g_byte_array_append (stream, (const guint8 *) messages[i], strlen (messages[i]));

  /* Every recv() is one "message": whatever the chunks, that is what comes out. */
  for (guint run = 0; run < N_RANDOM_CHUNKINGS; run++)
    {
      g_autoptr(SpFrameDecoder) decoder = sp_frame_decoder_new (&config);
      g_autoptr(GPtrArray) frames = frame_array_new ();
      guint n_expected = 0;
      gsize pos = 0;

      while (pos < stream->len)
        {
          gsize chunk = g_rand_int_range (rand, 0, 40);
          gsize n = MIN (stream->len - pos, chunk);
          guint before = frames->len;

          g_assert_true (sp_frame_decoder_feed (decoder, stream->data + pos, n, frames, NULL));
          if (n == 0)
            {
              g_assert_cmpuint (frames->len, ==, before);
              continue;
            }

          g_assert_cmpuint (frames->len, ==, before + 1);
          {
            SpFrame *frame = g_ptr_array_index (frames, before);

            g_assert_cmpmem (g_bytes_get_data (frame->payload, NULL), g_bytes_get_size (frame->payload),
                             stream->data + pos, n);
            g_assert_cmpuint (frame->stream_offset, ==, pos);
            g_assert_cmpuint (frame->frame_len, ==, n);
          }
          g_assert_cmpuint (sp_frame_decoder_get_pending (decoder), ==, 0);
          n_expected++;
          pos += n;
        }

      g_assert_cmpuint (frames->len, ==, n_expected);
      g_assert_true (sp_frame_decoder_finish (decoder, NULL));
    }
}

/* The tutorial's 黏包: two quick sends arrive as one recv(). */
static void
test_decode_sticky (void)
{
  static const char off_stream[] = "hello, world";
  static const char framed_stream[] = "\x07\x00\x00\x00" "hello, " "\x05\x00\x00\x00" "world";
  SpFramingConfig config = preset (SP_FRAMING_PRESET_CUSTOM);
  g_autoptr(SpFrameDecoder) off = sp_frame_decoder_new (&config);
  g_autoptr(SpFrameDecoder) framed = NULL;
  g_autoptr(GPtrArray) frames = frame_array_new ();
  SpFrame *frame;

  g_assert_true (sp_frame_decoder_feed (off, (const guint8 *) off_stream, sizeof off_stream - 1, frames, NULL));
  g_assert_cmpuint (frames->len, ==, 1);
  frame = g_ptr_array_index (frames, 0);
  g_assert_cmpmem (g_bytes_get_data (frame->payload, NULL), g_bytes_get_size (frame->payload),
                   "hello, world", 12);

  g_ptr_array_set_size (frames, 0);
  config = preset (SP_FRAMING_PRESET_PYTHON_STRUCT_I);
  framed = sp_frame_decoder_new (&config);
  g_assert_true (sp_frame_decoder_feed (framed, (const guint8 *) framed_stream, sizeof framed_stream - 1, frames, NULL));
  g_assert_cmpuint (frames->len, ==, 2);
  frame = g_ptr_array_index (frames, 0);
  g_assert_cmpmem (g_bytes_get_data (frame->payload, NULL), g_bytes_get_size (frame->payload), "hello, ", 7);
  g_assert_cmpuint (frame->stream_offset, ==, 0);
  g_assert_cmpuint (frame->frame_len, ==, 11);
  frame = g_ptr_array_index (frames, 1);
  g_assert_cmpmem (g_bytes_get_data (frame->payload, NULL), g_bytes_get_size (frame->payload), "world", 5);
  g_assert_cmpuint (frame->stream_offset, ==, 11);
  g_assert_cmpuint (frame->frame_len, ==, 9);
}

static void
feed_ok (SpFrameDecoder *decoder,
         const char     *data,
         gsize           len,
         GPtrArray      *frames)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sp_frame_decoder_feed (decoder, (const guint8 *) data, len, frames, &error));
  g_assert_no_error (error);
}

static void
assert_progress (SpFrameDecoder *decoder,
                 gsize           pending,
                 gsize           needed,
                 gboolean        has_declared,
                 gint64          declared)
{
  gint64 length = -12345;

  g_assert_cmpuint (sp_frame_decoder_get_pending (decoder), ==, pending);
  g_assert_cmpuint (sp_frame_decoder_get_needed (decoder), ==, needed);
  g_assert_cmpint (sp_frame_decoder_get_declared_length (decoder, &length), ==, has_declared);
  if (has_declared)
    g_assert_cmpint (length, ==, declared);
  else
    g_assert_cmpint (length, ==, -12345);
}

static void
test_decode_progress (void)
{
  static const char frame[] = "\x05\x00\x00\x00" "hello";
  SpFramingConfig config = preset (SP_FRAMING_PRESET_PYTHON_STRUCT_I);
  g_autoptr(SpFrameDecoder) decoder = sp_frame_decoder_new (&config);
  g_autoptr(GPtrArray) frames = frame_array_new ();

  assert_progress (decoder, 0, 0, FALSE, 0);
  feed_ok (decoder, frame, 1, frames);
  assert_progress (decoder, 1, 3, FALSE, 0);
  feed_ok (decoder, frame + 1, 3, frames);
  assert_progress (decoder, 4, 5, TRUE, 5);
  feed_ok (decoder, frame + 4, 4, frames);
  assert_progress (decoder, 8, 1, TRUE, 5);
  g_assert_cmpuint (frames->len, ==, 0);
  /* The last byte, and the next frame's header in the same chunk. */
  feed_ok (decoder, "o\x0b\x00\x00\x00hello", 10, frames);
  g_assert_cmpuint (frames->len, ==, 1);
  assert_progress (decoder, 9, 6, TRUE, 11);

  /* Header included: the declared length is the header's value. */
  {
    g_autoptr(SpFrameDecoder) d = NULL;

    config = length_prefix (2, TRUE, FALSE, TRUE);
    d = sp_frame_decoder_new (&config);
    feed_ok (d, "\x00\x07" "hel", 5, frames);
    assert_progress (d, 5, 2, TRUE, 7);
  }

  /* Fixed size knows what is missing; a delimiter does not. */
  {
    g_autoptr(SpFrameDecoder) d = NULL;

    config = fixed (16);
    d = sp_frame_decoder_new (&config);
    feed_ok (d, "hello", 5, frames);
    assert_progress (d, 5, 11, FALSE, 0);
    feed_ok (d, "hello, world!!!!" "hel", 19, frames);
    assert_progress (d, 8, 8, FALSE, 0);
  }
  {
    g_autoptr(SpFrameDecoder) d = NULL;

    config = DELIMITED ("\r\n");
    d = sp_frame_decoder_new (&config);
    feed_ok (d, "hello\r", 6, frames);
    assert_progress (d, 6, 0, FALSE, 0);
  }
  {
    g_autoptr(SpFrameDecoder) d = NULL;

    config = preset (SP_FRAMING_PRESET_CUSTOM);
    d = sp_frame_decoder_new (&config);
    feed_ok (d, "hello", 5, frames);
    assert_progress (d, 0, 0, FALSE, 0);
  }
}

static void
test_decode_python_literals (void)
{
  /* What the tutorial's server sends for '这是第1次发送的数据'. */
  static const char stream[] =
    "\x1c\x00\x00\x00" "这是第1次发送的数据"
    "\x1d\x00\x00\x00" "这是第10次发送的数据";
  SpFramingConfig config = preset (SP_FRAMING_PRESET_PYTHON_STRUCT_I);
  g_autoptr(SpFrameDecoder) decoder = sp_frame_decoder_new (&config);
  g_autoptr(GPtrArray) frames = frame_array_new ();
  SpFrame *frame;

  feed_ok (decoder, stream, sizeof stream - 1, frames);
  g_assert_cmpuint (frames->len, ==, 2);
  frame = g_ptr_array_index (frames, 0);
  g_assert_cmpmem (g_bytes_get_data (frame->payload, NULL), g_bytes_get_size (frame->payload),
                   "这是第1次发送的数据", 28);
  g_assert_cmpuint (frame->frame_len, ==, 32);
  frame = g_ptr_array_index (frames, 1);
  g_assert_cmpmem (g_bytes_get_data (frame->payload, NULL), g_bytes_get_size (frame->payload),
                   "这是第10次发送的数据", 29);
  g_assert_cmpuint (frame->stream_offset, ==, 32);
  g_assert_cmpuint (frame->frame_len, ==, 33);
}

/* Feeds @stream (in one piece, then byte by byte) and expects @n_frames
 * good frames, then @code with a message containing the NULL-terminated
 * parts; then checks the decoder stays failed. Returns the message. */
static char *
assert_decode_fails (const SpFramingConfig *config,
                     const char            *stream,
                     gsize                  len,
                     guint                  n_frames,
                     SpFramingError         code,
                     ...)
{
  char *message = NULL;

  for (guint bytewise = 0; bytewise < 2; bytewise++)
    {
      g_autoptr(SpFrameDecoder) decoder = sp_frame_decoder_new (config);
      g_autoptr(GPtrArray) frames = frame_array_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) again = NULL;
      g_autoptr(GError) finish_error = NULL;
      gboolean ok = TRUE;
      const char *part;
      va_list args;

      if (bytewise)
        {
          for (gsize i = 0; i < len && ok; i++)
            ok = sp_frame_decoder_feed (decoder, (const guint8 *) stream + i, 1, frames, &error);
        }
      else
        {
          ok = sp_frame_decoder_feed (decoder, (const guint8 *) stream, len, frames, &error);
        }

      if (ok)
        ok = sp_frame_decoder_finish (decoder, &error);

      g_assert_false (ok);
      g_assert_error (error, SP_FRAMING_ERROR, (gint) code);
      g_assert_cmpuint (frames->len, ==, n_frames);
      g_test_message ("%s", error->message);

      va_start (args, code);
      while ((part = va_arg (args, const char *)) != NULL)
        g_assert_nonnull (strstr (error->message, part));
      va_end (args);

      if (message == NULL)
        message = g_strdup (error->message);
      else
        g_assert_cmpstr (error->message, ==, message);

      /* Stays failed, even for a good frame or an empty feed. */
      g_assert_cmpuint (sp_frame_decoder_get_pending (decoder), ==, 0);
      g_assert_cmpuint (sp_frame_decoder_get_needed (decoder), ==, 0);
      g_assert_false (sp_frame_decoder_feed (decoder, (const guint8 *) "\x01\x00\x00\x00x\n", 6, frames, &again));
      g_assert_error (again, SP_FRAMING_ERROR, (gint) code);
      g_assert_cmpstr (again->message, ==, error->message);
      g_clear_error (&again);
      g_assert_false (sp_frame_decoder_feed (decoder, NULL, 0, frames, &again));
      g_assert_error (again, SP_FRAMING_ERROR, (gint) code);
      g_assert_false (sp_frame_decoder_finish (decoder, &finish_error));
      g_assert_error (finish_error, SP_FRAMING_ERROR, (gint) code);
      g_assert_cmpstr (finish_error->message, ==, error->message);
      g_assert_cmpuint (frames->len, ==, n_frames);
    }

  return message;
}

static gint64
declared_after (const SpFramingConfig *config,
                const char            *stream,
                gsize                  len)
{
  g_autoptr(SpFrameDecoder) decoder = sp_frame_decoder_new (config);
  g_autoptr(GPtrArray) frames = frame_array_new ();
  gint64 declared = 0;

  g_assert_false (sp_frame_decoder_feed (decoder, (const guint8 *) stream, len, frames, NULL));
  g_assert_true (sp_frame_decoder_get_declared_length (decoder, &declared));

  return declared;
}

/* The class's favourite: the sender packs '!I', the receiver unpacks 'i'. */
static void
test_error_byte_order (void)
{
  SpFramingConfig sender = preset (SP_FRAMING_PRESET_NETWORK_ORDER_I);
  SpFramingConfig receiver = preset (SP_FRAMING_PRESET_PYTHON_STRUCT_I);
  g_autoptr(GString) text = g_string_new ("hello");
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(GBytes) frame = NULL;
  g_autofree char *message = NULL;
  const char *data;
  gsize len;

  while (text->len < 115)
    g_string_append_c (text, "., world"[text->len % 8]);
  payload = g_bytes_new (text->str, text->len);
  frame = sp_framing_encode (&sender, payload, NULL, NULL, NULL);
  data = g_bytes_get_data (frame, &len);
  g_assert_cmpmem (data, 4, "\x00\x00\x00\x73", 4);

  message = assert_decode_fails (&receiver, data, len, 0, SP_FRAMING_ERROR_TOO_LARGE,
                                 "1929379840", "1 MiB", NULL);
  g_assert_cmpstr (message, ==,
                   "Frame length 1929379840 exceeds the 1 MiB limit. "
                   "The header read the other way round would be 115: "
                   "do both sides use the same byte order?");
  g_assert_cmpint (declared_after (&receiver, data, len), ==, 0x73000000);
  g_assert_cmpint (declared_after (&receiver, data, len), ==, 1929379840);
}

static void
test_error_too_large (void)
{
  SpFramingConfig config;
  g_autofree char *m1 = NULL;
  g_autofree char *m2 = NULL;
  g_autofree char *m3 = NULL;
  g_autofree char *m4 = NULL;
  g_autofree char *m5 = NULL;

  /* struct.pack('>Q', 2**40), read as '>Q' but far over the limit. */
  config = length_prefix (8, TRUE, FALSE, FALSE);
  m1 = assert_decode_fails (&config, "\x00\x00\x01\x00\x00\x00\x00\x00", 8, 0,
                            SP_FRAMING_ERROR_TOO_LARGE,
                            "Frame length 1099511627776 exceeds the 1 MiB limit",
                            "would be 65536", NULL);
  g_assert_cmpint (declared_after (&config, "\x00\x00\x01\x00\x00\x00\x00\x00", 8), ==,
                   G_GINT64_CONSTANT (1099511627776));

  /* Exact binary units when the limit is one, else bytes. */
  config = preset (SP_FRAMING_PRESET_NETWORK_ORDER_I);
  config.max_frame = 64 * 1024;
  m2 = assert_decode_fails (&config, "\x00\x01\x00\x01", 4, 0, SP_FRAMING_ERROR_TOO_LARGE,
                            "Frame length 65537 exceeds the 64 KiB limit", NULL);
  config.max_frame = 1000;
  m3 = assert_decode_fails (&config, "\x00\x00\x00\x05" "hello" "\x00\x00\x03\xe9", 13, 1,
                            SP_FRAMING_ERROR_TOO_LARGE,
                            "Frame length 1001 exceeds the 1000 B limit", NULL);
  config.max_frame = 1536 * 1024;
  m4 = assert_decode_fails (&config, "\xff\xff\xff\xff", 4, 0, SP_FRAMING_ERROR_TOO_LARGE,
                            "Frame length 4294967295 exceeds the 1536 KiB limit", NULL);
  config.max_frame = (gsize) 2 * 1024 * 1024 * 1024;
  m5 = assert_decode_fails (&config, "\xff\xff\xff\xff", 4, 0, SP_FRAMING_ERROR_TOO_LARGE,
                            "exceeds the 2 GiB limit", NULL);
  /* struct.pack('!H', 5) read as '<H' */
  {
    g_autofree char *m = NULL;

    config = length_prefix (2, FALSE, FALSE, FALSE);
    config.max_frame = 1024;
    m = assert_decode_fails (&config, "\x00\x05" "hello", 7, 0, SP_FRAMING_ERROR_TOO_LARGE,
                             "Frame length 1280 exceeds the 1 KiB limit. "
                             "The header read the other way round would be 5", NULL);
  }

  /* No hint when the other byte order would not help either. */
  g_assert_null (strstr (m4, "other way round"));
  g_assert_null (strstr (m2, "other way round"));

  /* The limit itself is fine. */
  {
    g_autoptr(SpFrameDecoder) decoder = NULL;
    g_autoptr(GPtrArray) frames = frame_array_new ();
    g_autoptr(GBytes) payload = filled (10);
    g_autoptr(GBytes) frame = NULL;

    config = preset (SP_FRAMING_PRESET_PYTHON_STRUCT_I);
    config.max_frame = 10;
    frame = sp_framing_encode (&config, payload, NULL, NULL, NULL);
    decoder = sp_frame_decoder_new (&config);
    feed_ok (decoder, g_bytes_get_data (frame, NULL), g_bytes_get_size (frame), frames);
    g_assert_cmpuint (frames->len, ==, 1);
  }

  /* Header included: the limit is on the payload. */
  {
    g_autofree char *m = NULL;

    config = length_prefix (2, TRUE, FALSE, TRUE);
    config.max_frame = 10;
    m = assert_decode_fails (&config, "\x00\x0c" "0123456789" "\x00\x0d", 14, 1,
                             SP_FRAMING_ERROR_TOO_LARGE,
                             "Frame length 13 (11 without the 2-byte header) exceeds the 10 B limit", NULL);
  }
}

static void
test_error_negative (void)
{
  SpFramingConfig config;
  g_autofree char *m1 = NULL;
  g_autofree char *m2 = NULL;
  g_autofree char *m3 = NULL;

  /* struct.pack('<h', -2) == b'\xfe\xff' */
  config = length_prefix (2, FALSE, TRUE, FALSE);
  m1 = assert_decode_fails (&config, "\xfe\xff", 2, 0, SP_FRAMING_ERROR_NEGATIVE_LENGTH,
                            "Frame length is negative (-2)", "unsigned", NULL);
  g_assert_null (strstr (m1, "other way round"));
  g_assert_cmpint (declared_after (&config, "\xfe\xff", 2), ==, -2);

  /* struct.pack('!I', 200) read by struct.unpack('i'): negative, and the
   * other byte order explains it. */
  config = preset (SP_FRAMING_PRESET_PYTHON_STRUCT_I);
  m2 = assert_decode_fails (&config, "\x00\x00\x00\xc8", 4, 0, SP_FRAMING_ERROR_NEGATIVE_LENGTH,
                            "(-939524096)", "would be 200", NULL);
  g_assert_cmpint (declared_after (&config, "\x00\x00\x00\xc8", 4), ==, -939524096);

  /* struct.pack('>q', -1) */
  config = length_prefix (8, TRUE, TRUE, FALSE);
  m3 = assert_decode_fails (&config, "\xff\xff\xff\xff\xff\xff\xff\xff", 8, 0,
                            SP_FRAMING_ERROR_NEGATIVE_LENGTH, "(-1)", NULL);
  g_assert_cmpint (declared_after (&config, "\x80\x00\x00\x00\x00\x00\x00\x00", 8), ==, G_MININT64);

  /* The same bytes unsigned are a (too large) length, not a negative one. */
  {
    g_autofree char *m = NULL;

    config = length_prefix (8, TRUE, FALSE, FALSE);
    m = assert_decode_fails (&config, "\xff\xff\xff\xff\xff\xff\xff\xff", 8, 0,
                             SP_FRAMING_ERROR_TOO_LARGE, "18446744073709551615", NULL);
    g_assert_cmpint (declared_after (&config, "\xff\xff\xff\xff\xff\xff\xff\xff", 8), ==, G_MAXINT64);
  }
}

static void
test_error_below_header (void)
{
  SpFramingConfig config = length_prefix (4, TRUE, FALSE, TRUE);
  g_autofree char *m1 = NULL;
  g_autofree char *m2 = NULL;

  m1 = assert_decode_fails (&config, "\x00\x00\x00\x02", 4, 0, SP_FRAMING_ERROR_LENGTH_BELOW_HEADER,
                            "Frame length 2 is smaller than the 4-byte header", NULL);
  g_assert_cmpint (declared_after (&config, "\x00\x00\x00\x02", 4), ==, 2);

  /* A sender that counts only the payload: 4 + "hi" then 0 + "". */
  config = length_prefix (2, FALSE, FALSE, TRUE);
  m2 = assert_decode_fails (&config, "\x04\x00" "hi" "\x00\x00", 6, 1,
                            SP_FRAMING_ERROR_LENGTH_BELOW_HEADER,
                            "Frame length 0 is smaller than the 2-byte header", NULL);
}

static void
test_error_truncated (void)
{
  SpFramingConfig config;
  g_autofree char *m1 = NULL;
  g_autofree char *m2 = NULL;
  g_autofree char *m3 = NULL;
  g_autofree char *m4 = NULL;

  config = preset (SP_FRAMING_PRESET_PYTHON_STRUCT_I);
  m1 = assert_decode_fails (&config, "\x0b\x00\x00\x00" "hel", 7, 0, SP_FRAMING_ERROR_TRUNCATED,
                            "The stream ended in the middle of a frame: 7 of 15 bytes arrived", NULL);
  m2 = assert_decode_fails (&config, "\x01\x00\x00\x00" "x" "\x0b\x00", 7, 1, SP_FRAMING_ERROR_TRUNCATED,
                            "2 of its 4 header bytes arrived", NULL);

  config = preset (SP_FRAMING_PRESET_LINES);
  m3 = assert_decode_fails (&config, "hello", 5, 0, SP_FRAMING_ERROR_TRUNCATED,
                            "5 bytes arrived", "\\n", NULL);

  config = fixed (16);
  m4 = assert_decode_fails (&config, "hello", 5, 0, SP_FRAMING_ERROR_TRUNCATED,
                            "5 of 16 bytes arrived", NULL);

  /* After a truncation no frame is in progress any more. */
  {
    g_autoptr(SpFrameDecoder) decoder = NULL;
    g_autoptr(GPtrArray) frames = frame_array_new ();

    config = preset (SP_FRAMING_PRESET_PYTHON_STRUCT_I);
    decoder = sp_frame_decoder_new (&config);
    feed_ok (decoder, "\x0b\x00\x00\x00" "hel", 7, frames);
    g_assert_true (sp_frame_decoder_get_declared_length (decoder, NULL));
    g_assert_false (sp_frame_decoder_finish (decoder, NULL));
    g_assert_false (sp_frame_decoder_get_declared_length (decoder, NULL));
  }
}

static void
test_finish_idle (void)
{
  SpFramingConfig configs[] = {
    preset (SP_FRAMING_PRESET_CUSTOM),
    preset (SP_FRAMING_PRESET_PYTHON_STRUCT_I),
    preset (SP_FRAMING_PRESET_LINES),
    fixed (4),
  };

  for (guint i = 0; i < G_N_ELEMENTS (configs); i++)
    {
      g_autoptr(SpFrameDecoder) fresh = sp_frame_decoder_new (&configs[i]);
      g_autoptr(SpFrameDecoder) used = sp_frame_decoder_new (&configs[i]);
      g_autoptr(GPtrArray) frames = frame_array_new ();
      g_autoptr(GBytes) payload = BYTES ("abcd");
      g_autoptr(GBytes) frame = sp_framing_encode (&configs[i], payload, NULL, NULL, NULL);
      g_autoptr(GError) error = NULL;

      g_assert_true (sp_frame_decoder_finish (fresh, &error));
      g_assert_no_error (error);

      feed_ok (used, g_bytes_get_data (frame, NULL), g_bytes_get_size (frame), frames);
      g_assert_cmpuint (frames->len, ==, 1);
      g_assert_true (sp_frame_decoder_finish (used, &error));
      g_assert_no_error (error);
    }
}

static void
test_error_no_delimiter (void)
{
  SpFramingConfig config;
  g_autofree char *m1 = NULL;
  g_autofree char *m2 = NULL;
  g_autofree char *m3 = NULL;

  config = preset (SP_FRAMING_PRESET_LINES);
  config.max_frame = 8;
  {
    g_autoptr(GBytes) payload = BYTES ("12345678");
    g_autoptr(Expected) e = NULL;

    e = expected_new (&config, &payload, 1);
    assert_decodes (&config, e, (gsize[]) { 4, 8 }, 2);
    assert_decodes (&config, e, NULL, 0);
  }
  m1 = assert_decode_fails (&config, "123456789", 9, 0, SP_FRAMING_ERROR_TOO_LARGE,
                            "No delimiter \\n was found within the 8 B limit", NULL);
  m2 = assert_decode_fails (&config, "1\n" "123456789\n", 12, 1, SP_FRAMING_ERROR_TOO_LARGE,
                            "No delimiter \\n", NULL);

  /* A two-byte delimiter may still end after the limit. */
  config = DELIMITED ("\r\n");
  config.max_frame = 8;
  {
    g_autoptr(GBytes) payload = BYTES ("1234567\r");
    g_autoptr(Expected) e = expected_new (&config, &payload, 1);

    assert_decodes (&config, e, (gsize[]) { 9 }, 1);
    assert_decodes (&config, e, (gsize[]) { 8 }, 1);
  }
  m3 = assert_decode_fails (&config, "123456789\r\n", 11, 0, SP_FRAMING_ERROR_TOO_LARGE,
                            "No delimiter \\r\\n was found within the 8 B limit", NULL);

  /* Found only across a chunk boundary, one byte too late. */
  config = DELIMITED ("END");
  config.max_frame = 10;
  {
    g_autoptr(SpFrameDecoder) decoder = sp_frame_decoder_new (&config);
    g_autoptr(SpFrameDecoder) ok = sp_frame_decoder_new (&config);
    g_autoptr(GPtrArray) frames = frame_array_new ();
    g_autoptr(GError) error = NULL;

    feed_ok (decoder, "0123456789XE", 12, frames);
    g_assert_false (sp_frame_decoder_feed (decoder, (const guint8 *) "ND", 2, frames, &error));
    g_assert_error (error, SP_FRAMING_ERROR, SP_FRAMING_ERROR_TOO_LARGE);
    g_assert_cmpuint (frames->len, ==, 0);

    feed_ok (ok, "0123456789E", 11, frames);
    feed_ok (ok, "ND", 2, frames);
    g_assert_cmpuint (frames->len, ==, 1);
    g_assert_cmpuint (g_bytes_get_size (((SpFrame *) frames->pdata[0])->payload), ==, 10);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/framing/config/presets", test_config_presets);
  g_test_add_func ("/framing/config/describe", test_config_describe);
  g_test_add_func ("/framing/config/check", test_config_check);
  g_test_add_func ("/framing/encode/python-struct", test_encode_python_struct);
  g_test_add_func ("/framing/encode/includes-header", test_encode_includes_header);
  g_test_add_func ("/framing/encode/header-limits", test_encode_header_limits);
  g_test_add_func ("/framing/encode/max-frame", test_encode_max_frame);
  g_test_add_func ("/framing/encode/delimiter", test_encode_delimiter);
  g_test_add_func ("/framing/encode/contains-delimiter", test_encode_contains_delimiter);
  g_test_add_func ("/framing/encode/fixed-and-off", test_encode_fixed_and_off);
  g_test_add_func ("/framing/decode/sticky", test_decode_sticky);
  g_test_add_func ("/framing/decode/python-literals", test_decode_python_literals);
  g_test_add_func ("/framing/decode/progress", test_decode_progress);
  g_test_add_func ("/framing/decode/chunkings/length-prefix", test_decode_chunkings_length_prefix);
  g_test_add_func ("/framing/decode/chunkings/delimiter", test_decode_chunkings_delimiter);
  g_test_add_func ("/framing/decode/chunkings/fixed", test_decode_chunkings_fixed);
  g_test_add_func ("/framing/decode/chunkings/off", test_decode_chunkings_off);
  g_test_add_func ("/framing/decode/chunkings/large", test_decode_chunkings_large);
  g_test_add_func ("/framing/error/byte-order", test_error_byte_order);
  g_test_add_func ("/framing/error/too-large", test_error_too_large);
  g_test_add_func ("/framing/error/negative", test_error_negative);
  g_test_add_func ("/framing/error/below-header", test_error_below_header);
  g_test_add_func ("/framing/error/truncated", test_error_truncated);
  g_test_add_func ("/framing/error/no-delimiter", test_error_no_delimiter);
  g_test_add_func ("/framing/finish-idle", test_finish_idle);

  return g_test_run ();
}
