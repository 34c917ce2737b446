/* test-session-file.c: session files and the framing syntax they share
 * with lesson setups
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib.h>

#include "sp-session-file.h"

#define HEADER "[Socket Playground Session]\nVersion=1\n"

/* Equal as far as the mode looks: what survives to_string/from_string. */
static void
assert_framing_equal (const SpFramingConfig *a,
                      const SpFramingConfig *b)
{
  g_assert_cmpint (a->mode, ==, b->mode);
  g_assert_cmpuint (a->max_frame, ==, b->max_frame);

  switch (a->mode)
    {
    case SP_FRAMING_OFF:
      break;
    case SP_FRAMING_LENGTH_PREFIX:
      g_assert_cmpuint (a->header_size, ==, b->header_size);
      g_assert_cmpint (!a->big_endian, ==, !b->big_endian);
      g_assert_cmpint (!a->is_signed, ==, !b->is_signed);
      g_assert_cmpint (!a->length_includes_header, ==, !b->length_includes_header);
      break;
    case SP_FRAMING_DELIMITER:
      g_assert_cmpmem (a->delimiter, a->delimiter_len, b->delimiter, b->delimiter_len);
      break;
    case SP_FRAMING_FIXED_SIZE:
      g_assert_cmpuint (a->fixed_size, ==, b->fixed_size);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
assert_pane_equal (const SpSessionPane *a,
                   const SpSessionPane *b)
{
  g_assert_cmpint (a->kind, ==, b->kind);
  g_assert_cmpstr (a->host, ==, b->host);
  g_assert_cmpuint (a->port, ==, b->port);
  g_assert_cmpuint (a->read_size, ==, b->read_size);
  g_assert_cmpint (a->reuse_address, ==, b->reuse_address);
  g_assert_cmpint (a->udp_connect, ==, b->udp_connect);
  g_assert_cmpint (a->no_delay, ==, b->no_delay);
  g_assert_cmpint (a->broadcast, ==, b->broadcast);
  g_assert_cmpstr (a->multicast_group, ==, b->multicast_group);
  g_assert_cmpstr (a->multicast_interface, ==, b->multicast_interface);
  g_assert_cmpuint (a->rcvbuf, ==, b->rcvbuf);
  g_assert_cmpuint (a->sndbuf, ==, b->sndbuf);
  g_assert_cmpint (a->send_mode, ==, b->send_mode);
  g_assert_cmpuint (a->drop_percent, ==, b->drop_percent);
  g_assert_cmpint (a->echo, ==, b->echo);
  g_assert_cmpstr (a->target_host, ==, b->target_host);
  g_assert_cmpuint (a->target_port, ==, b->target_port);
  g_assert_cmpuint (a->relay_idle_ms, ==, b->relay_idle_ms);
  assert_framing_equal (&a->framing, &b->framing);
  g_assert_cmpint (a->encoding, ==, b->encoding);
  g_assert_cmpstr (a->message, ==, b->message);
  g_assert_cmpint (a->send_as_hex, ==, b->send_as_hex);
}

/* A pane as a new endpoint of @kind would save it, with an empty composer. */
static SpSessionPane *
default_pane (SpEndpointKind kind)
{
  g_autoptr(SpEndpoint) endpoint = sp_endpoint_new (kind);
  SpSessionPane *pane = g_new0 (SpSessionPane, 1);

  sp_session_pane_init_from_endpoint (pane, endpoint);
  pane->encoding = SP_TEXT_ENCODING_UTF8;
  pane->message = g_strdup ("");
  pane->send_as_hex = FALSE;

  return pane;
}

static SpFramingConfig
framing_from_string (const char *text)
{
  g_autoptr(GError) error = NULL;
  SpFramingConfig config;

  g_assert_true (sp_framing_config_from_string (text, &config, &error));
  g_assert_no_error (error);

  return config;
}

/* Framing syntax -------------------------------------------------------- */

static void
assert_framing_round_trip (const SpFramingConfig *config)
{
  g_autofree char *text = sp_framing_config_to_string (config);
  g_autofree char *again = NULL;
  SpFramingConfig parsed;

  g_assert_nonnull (text);
  g_test_message ("framing “%s”", text);
  parsed = framing_from_string (text);
  assert_framing_equal (config, &parsed);

  again = sp_framing_config_to_string (&parsed);
  g_assert_cmpstr (again, ==, text);
}

static void
test_framing_round_trip (void)
{
  static const gsize max_frames[] = { SP_FRAMING_DEFAULT_MAX_FRAME, 1, 4096, G_MAXSIZE };
  static const struct {
    const char *bytes;
    guint       len;
  } delimiters[] = {
    { "\n", 1 },
    { "\r\n", 2 },
    { "\0", 1 },
    { ":", 1 },
    { ":max=", 5 },
    { "\xff\xfe", 2 },
    { "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f", 16 },
  };
  static const gsize fixed_sizes[] = { 1, 16, 4096, 1024 * 1024 };
  guint n = 0;

  for (guint m = 0; m < G_N_ELEMENTS (max_frames); m++)
    {
      SpFramingConfig config;

      sp_framing_config_init (&config);
      config.max_frame = max_frames[m];
      assert_framing_round_trip (&config);

      for (SpFramingPreset p = SP_FRAMING_PRESET_PYTHON_STRUCT_I; p <= SP_FRAMING_PRESET_LINES; p++)
        {
          sp_framing_config_preset (&config, p);
          assert_framing_round_trip (&config);
        }

      for (guint bits = 0; bits < 4 * 8; bits++)
        {
          sp_framing_config_init (&config);
          config.max_frame = max_frames[m];
          config.mode = SP_FRAMING_LENGTH_PREFIX;
          config.header_size = 1u << (bits & 3);
          config.big_endian = (bits >> 2) & 1;
          config.is_signed = (bits >> 3) & 1;
          config.length_includes_header = (bits >> 4) & 1;
          assert_framing_round_trip (&config);
          n++;
        }

      for (guint i = 0; i < G_N_ELEMENTS (delimiters); i++)
        {
          sp_framing_config_init (&config);
          config.max_frame = max_frames[m];
          config.mode = SP_FRAMING_DELIMITER;
          memcpy (config.delimiter, delimiters[i].bytes, delimiters[i].len);
          config.delimiter_len = delimiters[i].len;
          assert_framing_round_trip (&config);
          n++;
        }

      for (guint i = 0; i < G_N_ELEMENTS (fixed_sizes); i++)
        {
          sp_framing_config_init (&config);
          config.max_frame = max_frames[m];
          config.mode = SP_FRAMING_FIXED_SIZE;
          config.fixed_size = MIN (fixed_sizes[i], config.max_frame);
          assert_framing_round_trip (&config);
          n++;
        }
    }

  g_assert_cmpuint (n, >, 100);
}

static void
test_framing_to_string (void)
{
  static const struct {
    const char *in;
    const char *out;
  } cases[] = {
    { "off", "off" },
    { "off:max=1048576", "off" },
    { "off:max=10", "off:max=10" },
    { "python-i", "python-i" },
    { "length:4:le:signed:payload", "python-i" },
    { "network-i", "network-i" },
    { "length:04:be:unsigned:payload", "network-i" },
    { "python-i:max=4096", "python-i:max=4096" },
    { "lines", "lines" },
    { "delimiter:0a", "lines" },
    { "delimiter:0A", "lines" },
    { "lines:max=80", "lines:max=80" },
    /* The setups' syntax, as sp_hex_parse() reads it. */
    { "delimiter:0d0a", "delimiter:0d0a" },
    { "delimiter:0d 0a", "delimiter:0d0a" },
    { "delimiter:\\x0d\\x0a", "delimiter:0d0a" },
    { "delimiter:0x0d,0x0a", "delimiter:0d0a" },
    { "delimiter:0d:0a:max=64", "delimiter:0d0a:max=64" },
    { "delimiter:7c7c", "delimiter:7c7c" },
    { "fixed:16", "fixed:16" },
    { "fixed:016", "fixed:16" },
    { "fixed:1048576", "fixed:1048576" },
    { "fixed:16:max=16", "fixed:16:max=16" },
    { "length:1:le:unsigned:payload", "length:1:le:unsigned:payload" },
    { "length:2:be:unsigned:total:max=4096", "length:2:be:unsigned:total:max=4096" },
    { "length:8:be:signed:total", "length:8:be:signed:total" },
    { "length:4:le:signed:total", "length:4:le:signed:total" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      SpFramingConfig config = framing_from_string (cases[i].in);
      g_autofree char *text = sp_framing_config_to_string (&config);

      g_test_message ("framing “%s”", cases[i].in);
      g_assert_cmpstr (text, ==, cases[i].out);
    }

  /* What the presets are. */
  {
    SpFramingConfig config = framing_from_string ("python-i");

    g_assert_cmpint (config.mode, ==, SP_FRAMING_LENGTH_PREFIX);
    g_assert_cmpuint (config.header_size, ==, 4);
    g_assert_false (config.big_endian);
    g_assert_true (config.is_signed);
    g_assert_false (config.length_includes_header);
    g_assert_cmpuint (config.max_frame, ==, SP_FRAMING_DEFAULT_MAX_FRAME);

    config = framing_from_string ("delimiter:0d 0a:max=64");
    g_assert_cmpint (config.mode, ==, SP_FRAMING_DELIMITER);
    g_assert_cmpmem (config.delimiter, config.delimiter_len, "\r\n", 2);
    g_assert_cmpuint (config.max_frame, ==, 64);
  }
}

static void
test_framing_invalid (void)
{
  static const char * const cases[] = {
    "", "on", "OFF", "Lines", " off", "off ", "off:", "off:max", "off:max=", "off:max=0",
    "off:max=-1", "off:max=+5", "off:max= 5", "off:max=5:max=6", "off:max=99999999999999999999999",
    ":max=5", "python-i:", "network-i:max=x", "lines:max=1k",
    "fixed", "fixed:", "fixed:0", "fixed:-1", "fixed:+3", "fixed: 3", "fixed:3 ", "fixed:0x10",
    "fixed:1048577", "fixed:17:max=16", "fixed:99999999999999999999999",
    "delimiter", "delimiter:", "delimiter:zz", "delimiter:0", "delimiter:, ,",
    "delimiter:000102030405060708090a0b0c0d0e0f10",
    "length", "length:", "length:4", "length:4:le:signed", "length:4:le:signed:payload:total",
    "length:3:le:signed:payload", "length:0:le:signed:payload", "length:16:le:signed:payload",
    "length:99999999999:le:signed:payload", "length:four:le:signed:payload",
    "length:4:LE:signed:payload", "length:4:little:signed:payload", "length:4:le:sign:payload",
    "length:4:le:signed:header", "length:4:le:signed:payload:max=0",
    "framing off", "\xff\xfe", "fixed:16\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      SpFramingConfig config;
      SpFramingConfig before;
      g_autofree char *escaped = g_strescape (cases[i], NULL);

      g_test_message ("framing “%s”", escaped);
      memset (&config, 0x5a, sizeof config);
      before = config;
      g_assert_false (sp_framing_config_from_string (cases[i], &config, &error));
      g_assert_error (error, SP_FRAMING_ERROR, SP_FRAMING_ERROR_INVALID_CONFIG);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_cmpstr (error->message, !=, "");
      g_assert_cmpmem (&config, sizeof config, &before, sizeof before);
      g_assert_false (sp_framing_config_from_string (cases[i], &config, NULL));
    }
}

/* Round trips ----------------------------------------------------------- */

static GPtrArray *
sample_panes (void)
{
  GPtrArray *panes = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_session_pane_free);
  SpSessionPane *pane;

  pane = default_pane (SP_ENDPOINT_KIND_TCP_SERVER);
  g_free (pane->host);
  pane->host = g_strdup ("0.0.0.0");
  pane->port = 0;
  pane->read_size = 1;
  pane->reuse_address = FALSE;
  pane->no_delay = TRUE;
  pane->rcvbuf = 4096;
  pane->sndbuf = SP_ENDPOINT_MAX_BUFFER_SIZE;
  pane->send_mode = SP_SEND_MODE_ONCE;
  pane->echo = TRUE;
  pane->framing = framing_from_string ("length:2:be:unsigned:total:max=4096");
  pane->encoding = SP_TEXT_ENCODING_GBK;
  g_free (pane->message);
  pane->message = g_strdup ("你好\n世界\t\\ end, trailing spaces  ");
  g_ptr_array_add (panes, pane);

  pane = default_pane (SP_ENDPOINT_KIND_TCP_CLIENT);
  g_free (pane->host);
  pane->host = g_strdup ("localhost");
  pane->port = 65535;
  pane->read_size = SP_ENDPOINT_MAX_READ_SIZE;
  pane->framing = framing_from_string ("delimiter:0d0a:max=64");
  pane->encoding = SP_TEXT_ENCODING_LATIN1;
  g_free (pane->message);
  pane->message = g_strdup ("  leading spaces; # not a comment\n[Pane 9]\nKey=value\r\n\\n\\s ;");
  g_ptr_array_add (panes, pane);

  pane = default_pane (SP_ENDPOINT_KIND_UDP_SERVER);
  g_free (pane->host);
  pane->host = g_strdup ("::1");
  pane->port = 8081;
  pane->udp_connect = TRUE;
  pane->drop_percent = 100;
  pane->multicast_group = g_strdup ("ff15::1234");
  pane->multicast_interface = g_strdup ("lo");
  pane->framing = framing_from_string ("fixed:16:max=16");
  g_free (pane->message);
  pane->message = g_strdup ("48 65 6c 6c 6f");
  pane->send_as_hex = TRUE;
  g_ptr_array_add (panes, pane);

  pane = default_pane (SP_ENDPOINT_KIND_UDP_CLIENT);
  g_free (pane->host);
  pane->host = g_strdup ("例子.中国");
  pane->port = 1;
  pane->broadcast = TRUE;
  pane->drop_percent = 37;
  pane->rcvbuf = SP_ENDPOINT_MAX_BUFFER_SIZE;
  pane->framing = framing_from_string ("off:max=10");
  g_free (pane->message);
  pane->message = g_strdup ("\t tab, then a space, first");
  g_ptr_array_add (panes, pane);

  pane = default_pane (SP_ENDPOINT_KIND_TCP_CLIENT);
  pane->framing = framing_from_string ("length:1:be:signed:payload:max=100");
  g_free (pane->message);
  pane->message = g_strdup ("   ");
  g_ptr_array_add (panes, pane);

  pane = default_pane (SP_ENDPOINT_KIND_TCP_RELAY);
  g_free (pane->target_host);
  pane->target_host = g_strdup ("::1");
  pane->target_port = 9999;
  pane->port = 0;
  g_ptr_array_add (panes, pane);

  pane = default_pane (SP_ENDPOINT_KIND_TCP_SERVER);
  pane->framing = framing_from_string ("python-i");
  g_free (pane->message);
  pane->message = g_strdup ("ends in a tab and a CR\t\r");
  g_ptr_array_add (panes, pane);

  return panes;
}

static void
assert_panes_equal (GPtrArray *a,
                    GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    assert_pane_equal (g_ptr_array_index (a, i), g_ptr_array_index (b, i));
}

/* A UDP relay keeps its kind, target and idle timeout. */
static void
test_round_trip_udp_relay (void)
{
  g_autoptr(GPtrArray) panes = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_session_pane_free);
  g_autoptr(GPtrArray) read = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  SpSessionPane *pane = default_pane (SP_ENDPOINT_KIND_UDP_RELAY);
  gsize length = 0;

  g_free (pane->target_host);
  pane->target_host = g_strdup ("::1");
  pane->target_port = 9001;
  pane->relay_idle_ms = 2500;
  g_ptr_array_add (panes, pane);

  text = sp_session_file_write (panes, &length);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "Kind=udp-relay\n"));
  g_assert_nonnull (strstr (text, "TargetHost=::1\nTargetPort=9001\nRelayIdleTimeout=2500\n"));
  read = sp_session_file_read (text, length, &error);
  g_assert_no_error (error);
  assert_panes_equal (panes, read);

  /* Out of range: a clear message, nothing read. */
  g_clear_pointer (&read, g_ptr_array_unref);
  g_free (text);
  text = g_strdup (HEADER "Panes=1\n\n[Pane 1]\nKind=udp-relay\nPort=0\nRelayIdleTimeout=7\n");
  read = sp_session_file_read (text, strlen (text), &error);
  g_assert_null (read);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "RelayIdleTimeout"));
}

static void
test_round_trip (void)
{
  g_autoptr(GPtrArray) panes = sample_panes ();
  g_autoptr(GPtrArray) read = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *again = NULL;
  gsize length = 0, again_length = 0;

  text = sp_session_file_write (panes, &length);
  g_assert_nonnull (text);
  g_assert_cmpuint (strlen (text), ==, length);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_test_message ("%s", text);

  g_assert_nonnull (strstr (text, "\n" HEADER "Panes=7\n"));
  g_assert_nonnull (strstr (text, "[Pane 1]\nKind=tcp-server\nHost=0.0.0.0\nPort=0\nReadSize=1\n"
                                  "ReuseAddress=false\nUdpConnect=false\nNoDelay=true\n"
                                  "Broadcast=false\nMulticastGroup=\nMulticastInterface=\n"
                                  "ReceiveBuffer=4096\nSendBuffer=16777216\nSendMode=once\n"
                                  "DropPercent=0\nEcho=true\nTargetHost=127.0.0.1\nTargetPort=8082\n"
                                  "Framing=length:2:be:unsigned:total:max=4096\n"
                                  "Encoding=gbk\nMessage=你好\\n世界\t\\\\ end, trailing spaces  \n"
                                  "SendAs=text\n"));
  g_assert_nonnull (strstr (text, "Framing=delimiter:0d0a:max=64\n"));
  g_assert_nonnull (strstr (text, "Encoding=latin-1\n"));
  g_assert_nonnull (strstr (text, "Message=\\s\\sleading spaces; # not a comment\\n[Pane 9]\\nKey=value\\r\\n\\\\n\\\\s ;\n"));
  g_assert_nonnull (strstr (text, "Kind=udp-server\n"));
  g_assert_nonnull (strstr (text, "SendAs=hex\n"));
  g_assert_nonnull (strstr (text, "Framing=fixed:16:max=16\n"));
  g_assert_nonnull (strstr (text, "Host=例子.中国\n"));
  g_assert_nonnull (strstr (text, "Framing=off:max=10\n"));
  g_assert_nonnull (strstr (text, "Framing=python-i\n"));
  g_assert_nonnull (strstr (text, "Kind=tcp-relay\n"));
  g_assert_nonnull (strstr (text, "TargetHost=::1\nTargetPort=9999\n"));

  read = sp_session_file_read (text, length, &error);
  g_assert_no_error (error);
  g_assert_nonnull (read);
  assert_panes_equal (panes, read);

  /* Writing what was read gives the same file. */
  again = sp_session_file_write (read, &again_length);
  g_assert_cmpstr (again, ==, text);
  g_assert_cmpuint (again_length, ==, length);
}

static void
test_round_trip_all_framings (void)
{
  static const char * const framings[] = {
    "off", "python-i", "network-i", "lines", "fixed:1", "delimiter:00",
    "length:8:le:unsigned:total", "length:2:le:signed:payload:max=32767",
    "delimiter:ff00ff00ff00ff00ff00ff00ff00ff00:max=1", "fixed:64:max=64",
    "off:max=18446744073709551615",
  };
  g_autoptr(GPtrArray) panes = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_session_pane_free);
  g_autoptr(GPtrArray) read = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gsize length;

  for (guint i = 0; i < G_N_ELEMENTS (framings); i++)
    {
      SpSessionPane *pane = default_pane (i % 4);

      pane->framing = framing_from_string (framings[i]);
      g_ptr_array_add (panes, pane);
    }

  text = sp_session_file_write (panes, &length);
  read = sp_session_file_read (text, length, &error);
  g_assert_no_error (error);
  assert_panes_equal (panes, read);

  for (guint i = 0; i < G_N_ELEMENTS (framings); i++)
    {
      const SpSessionPane *pane = g_ptr_array_index (read, i);
      g_autofree char *framing = sp_framing_config_to_string (&pane->framing);

      g_assert_cmpstr (framing, ==, framings[i]);
    }
}

static void
test_defaults (void)
{
  static const char * const files[] = {
    HEADER "Panes=1\n[Pane 1]\nKind=udp-client\nPort=9000\n",
    /* Comments, blank lines, unknown keys and groups, translations of a
     * key, trailing spaces, Windows line ends and a byte order mark. */
    "\xef\xbb\xbf# prepared for Tuesday\r\n\r\n"
    "[Socket Playground Session]\r\nVersion=001\r\nPanes=1  \r\nAuthor=Ms. Li\r\n\r\n"
    "[Teacher Notes]\r\nText=show the 黏包 first\r\n\r\n"
    "[Pane 1]\r\n# the client\r\nKind=udp-client \r\nPort=9000\t\r\nColour=blue\r\n"
    "Message[de]=Hallo\r\n",
    /* Pane groups in any order. */
    "[Pane 1]\nPort=9000\nKind=udp-client\n\n" HEADER "Panes=1\n",
  };

  for (guint f = 0; f < G_N_ELEMENTS (files); f++)
    {
      g_autoptr(GPtrArray) panes = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(SpSessionPane) expected = default_pane (SP_ENDPOINT_KIND_UDP_CLIENT);
      const SpSessionPane *pane;

      g_test_message ("file %u", f);
      panes = sp_session_file_read (files[f], strlen (files[f]), &error);
      g_assert_no_error (error);
      g_assert_cmpuint (panes->len, ==, 1);
      pane = g_ptr_array_index (panes, 0);

      expected->port = 9000;
      assert_pane_equal (pane, expected);

      /* What those defaults are today. */
      g_assert_cmpstr (pane->host, ==, "127.0.0.1");
      g_assert_cmpuint (pane->read_size, ==, SP_ENDPOINT_DEFAULT_READ_SIZE);
      g_assert_true (pane->reuse_address);
      g_assert_false (pane->udp_connect || pane->no_delay);
      g_assert_cmpuint (pane->rcvbuf, ==, 0);
      g_assert_cmpuint (pane->sndbuf, ==, 0);
      g_assert_cmpint (pane->send_mode, ==, SP_SEND_MODE_ALL);
      g_assert_cmpuint (pane->drop_percent, ==, 0);
      g_assert_false (pane->echo);
      g_assert_cmpint (pane->framing.mode, ==, SP_FRAMING_OFF);
      g_assert_cmpint (pane->encoding, ==, SP_TEXT_ENCODING_UTF8);
      g_assert_cmpstr (pane->message, ==, "");
      g_assert_false (pane->send_as_hex);
    }
}

static void
test_endpoint (void)
{
  g_autoptr(SpEndpoint) source = sp_endpoint_new (SP_ENDPOINT_KIND_UDP_SERVER);
  g_autoptr(SpEndpoint) target = sp_endpoint_new (SP_ENDPOINT_KIND_TCP_CLIENT);
  g_autoptr(SpSessionPane) from_source = g_new0 (SpSessionPane, 1);
  g_autoptr(SpSessionPane) from_target = g_new0 (SpSessionPane, 1);
  SpFramingConfig framing = framing_from_string ("length:8:be:unsigned:total:max=1000");

  sp_endpoint_reconfigure (source, SP_ENDPOINT_KIND_UDP_SERVER, "::", 0);
  sp_endpoint_set_read_size (source, 7);
  sp_endpoint_set_reuse_address (source, FALSE);
  sp_endpoint_set_udp_connect (source, TRUE);
  sp_endpoint_set_no_delay (source, TRUE);
  sp_endpoint_set_broadcast (source, TRUE);
  sp_endpoint_set_multicast_group (source, "224.1.1.1");
  sp_endpoint_set_multicast_interface (source, "eth9");
  sp_endpoint_set_rcvbuf (source, 1000);
  sp_endpoint_set_sndbuf (source, 2000);
  sp_endpoint_set_send_mode (source, SP_SEND_MODE_ONCE);
  sp_endpoint_set_drop_percent (source, 50);
  sp_endpoint_set_echo (source, TRUE);
  sp_endpoint_set_target_host (source, "10.1.2.3");
  sp_endpoint_set_target_port (source, 6000);
  g_assert_true (sp_endpoint_set_framing (source, &framing, NULL));

  sp_session_pane_init_from_endpoint (from_source, source);
  g_assert_cmpint (from_source->kind, ==, SP_ENDPOINT_KIND_UDP_SERVER);
  g_assert_cmpstr (from_source->host, ==, "::");
  g_assert_cmpuint (from_source->port, ==, 0);
  g_assert_cmpuint (from_source->read_size, ==, 7);
  g_assert_cmpuint (from_source->drop_percent, ==, 50);
  g_assert_true (from_source->echo);
  g_assert_true (from_source->broadcast);
  g_assert_cmpstr (from_source->multicast_group, ==, "224.1.1.1");
  g_assert_cmpstr (from_source->multicast_interface, ==, "eth9");
  g_assert_cmpstr (from_source->target_host, ==, "10.1.2.3");
  g_assert_cmpuint (from_source->target_port, ==, 6000);
  assert_framing_equal (&from_source->framing, &framing);

  /* Again over a filled pane: the old host goes. */
  sp_session_pane_init_from_endpoint (from_source, source);
  from_source->message = g_strdup ("hi");

  sp_session_pane_apply (from_source, target);
  g_assert_cmpint (sp_endpoint_get_state (target), ==, SP_ENDPOINT_STATE_STOPPED);
  sp_session_pane_init_from_endpoint (from_target, target);
  from_target->message = g_strdup ("hi");
  assert_pane_equal (from_source, from_target);
}

/* Malformed files --------------------------------------------------------- */

static void
assert_read_fails (const char *data,
                   gsize       length,
                   int         code,
                   const char *in_message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) panes = NULL;
  /* Exactly @length bytes, no NUL after them, so overreads show. */
  g_autofree char *copy = g_memdup2 (data, length);

  panes = sp_session_file_read (copy, length, &error);
  g_assert_null (panes);
  g_assert_nonnull (error);
  g_test_message ("→ %s", error->message);
  g_assert_error (error, SP_SESSION_FILE_ERROR, code);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  if (in_message != NULL && strstr (error->message, in_message) == NULL)
    g_error ("“%s” is not in “%s”", in_message, error->message);

  g_assert_null (sp_session_file_read (copy, length, NULL));
}

/* A valid one-pane file with @lines added to [Pane 1]; a key given again
 * replaces the first. */
static char *
pane_file (const char *lines)
{
  return g_strconcat (HEADER "Panes=1\n\n[Pane 1]\nKind=tcp-server\nPort=8081\n", lines, NULL);
}

static void
test_malformed_values (void)
{
  static const struct {
    const char *lines;
    const char *in_message;
  } cases[] = {
    { "Port=abc", "Wrong value for Port in [Pane 1]: “abc” is not a whole number from 0 to 65535" },
    { "Port=-1", "Port in [Pane 1]" },
    { "Port=+80", "Port in [Pane 1]" },
    { "Port=0x50", "Port in [Pane 1]" },
    { "Port=65536", "“65536” is not a whole number from 0 to 65535" },
    { "Port=99999999999999999999", "“99999999999999999999” is not a whole number" },
    { "Port=99999999999999999999999999999999999999999999999999", "…" },
    { "Port=", "Port in [Pane 1]: “” is not a whole number" },
    { "Port=8 081", "Port in [Pane 1]" },
    { "Port=\\s8081", "Port in [Pane 1]" },
    { "ReadSize=0", "ReadSize in [Pane 1]: “0” is not a whole number from 1 to 1048576" },
    { "ReadSize=1048577", "ReadSize in [Pane 1]" },
    { "ReceiveBuffer=16777217", "ReceiveBuffer in [Pane 1]: “16777217” is not a whole number from 0 to 16777216" },
    { "SendBuffer=big", "SendBuffer in [Pane 1]" },
    { "DropPercent=101", "DropPercent in [Pane 1]: “101” is not a whole number from 0 to 100" },
    { "NoDelay=maybe", "Wrong value for NoDelay in [Pane 1]: “maybe” is not true or false" },
    { "Echo=yes", "Wrong value for Echo in [Pane 1]: “yes” is not true or false" },
    { "Broadcast=1", "Wrong value for Broadcast in [Pane 1]: “1” is not true or false" },
    { "MulticastGroup=10.0.0.1", "Wrong value for MulticastGroup in [Pane 1]: 10.0.0.1 is not a multicast address: IPv4 groups are 224.0.0.0 to 239.255.255.255, IPv6 groups start with ff." },
    { "ReuseAddress=yes", "ReuseAddress in [Pane 1]" },
    { "UdpConnect=1", "UdpConnect in [Pane 1]" },
    { "UdpConnect=TRUE", "UdpConnect in [Pane 1]" },
    { "Kind=tcp", "Wrong value for Kind in [Pane 1]: “tcp” is not one of tcp-server, tcp-client, udp-server, udp-client, tcp-relay, udp-relay" },
    { "TargetPort=65536", "Wrong value for TargetPort in [Pane 1]: “65536” is not a whole number from 0 to 65535" },
    { "TargetHost=bad host", "Wrong value for TargetHost in [Pane 1]" },
    { "Kind=TCP-SERVER", "Kind in [Pane 1]" },
    { "Kind=", "Kind in [Pane 1]" },
    { "SendMode=some", "SendMode in [Pane 1]: “some” is not one of all, once" },
    { "Encoding=utf8", "Encoding in [Pane 1]: “utf8” is not one of utf-8, gbk, latin-1" },
    { "SendAs=binary", "SendAs in [Pane 1]: “binary” is not one of text, hex" },
    { "Framing=bogus", "Wrong value for Framing in [Pane 1]: Unknown framing “bogus”" },
    { "Framing=fixed:0", "Framing in [Pane 1]" },
    { "Framing=length:3:le:signed:payload", "Framing in [Pane 1]: Header size 3" },
    { "Framing=fixed:32:max=16", "Framing in [Pane 1]" },
    { "Framing=delimiter:", "Framing in [Pane 1]" },
    { "Host=", "Host in [Pane 1]" },
    { "Host=bad host", "Host in [Pane 1]" },
    { "Host=-bad-", "Host in [Pane 1]" },
    { "Host=256.1.1.1.1", "Host in [Pane 1]" },
    { "Message=bad \\q escape", "Wrong value for Message in [Pane 1]: “\\q” is not an escape" },
    { "Message=ends in a backslash\\", "Message in [Pane 1]: the value ends in a lone backslash" },
    /* Both at once: GLib 2.74's own unescaping warns here. */
    { "Message=\\q\\", "Message in [Pane 1]: “\\q” is not an escape" },
    { "Message=\\中", "“\\中” is not an escape" },
    { "Host=local\\;host", "Host in [Pane 1]" },
    { "Encoding=gbk\nFraming=lines:max=0", "Framing in [Pane 1]" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *file = pane_file (cases[i].lines);

      g_test_message ("%s", cases[i].lines);
      assert_read_fails (file, strlen (file), SP_SESSION_FILE_ERROR_INVALID, cases[i].in_message);
    }
}

static void
test_malformed_structure (void)
{
  static const struct {
    const char *file;
    int         code;
    const char *in_message;
  } cases[] = {
    { "", SP_SESSION_FILE_ERROR_NOT_A_SESSION, "empty" },
    { "\xef\xbb\xbf", SP_SESSION_FILE_ERROR_NOT_A_SESSION, "empty" },
    { "hello", SP_SESSION_FILE_ERROR_NOT_A_SESSION, "This is not a session file" },
    { "Version=1\n", SP_SESSION_FILE_ERROR_NOT_A_SESSION, "This is not a session file" },
    { "[Socket Playground Session", SP_SESSION_FILE_ERROR_NOT_A_SESSION, "This is not a session file" },
    { "[Socket Playground Session]\nthis line is no key\n", SP_SESSION_FILE_ERROR_NOT_A_SESSION, NULL },
    { "[Pane 1]\nKind=tcp-server\nPort=1\n", SP_SESSION_FILE_ERROR_NOT_A_SESSION,
      "it has no [Socket Playground Session] group" },
    { "[Desktop Entry]\nName=Files\n", SP_SESSION_FILE_ERROR_NOT_A_SESSION, "no [Socket Playground Session] group" },
    { "[Socket Playground Session]\nPanes=1\n", SP_SESSION_FILE_ERROR_INVALID,
      "The key Version is missing in [Socket Playground Session]" },
    { "[Socket Playground Session]\nVersion=2\nPanes=1\n", SP_SESSION_FILE_ERROR_NEWER_VERSION, "newer version" },
    { "[Socket Playground Session]\nVersion=99999999999999999999\n", SP_SESSION_FILE_ERROR_NEWER_VERSION, "newer version" },
    { "[Socket Playground Session]\nVersion=0\nPanes=1\n", SP_SESSION_FILE_ERROR_INVALID, "Version in [Socket Playground Session]" },
    { "[Socket Playground Session]\nVersion=one\nPanes=1\n", SP_SESSION_FILE_ERROR_INVALID, "“one” is not a format version" },
    { "[Socket Playground Session]\nVersion=-1\nPanes=1\n", SP_SESSION_FILE_ERROR_INVALID, "Version" },
    { "[Socket Playground Session]\nVersion=1.0\nPanes=1\n", SP_SESSION_FILE_ERROR_INVALID, "Version" },
    { "[Socket Playground Session]\nVersion=\nPanes=1\n", SP_SESSION_FILE_ERROR_INVALID, "Version" },
    { HEADER, SP_SESSION_FILE_ERROR_INVALID, "The key Panes is missing in [Socket Playground Session]" },
    { HEADER "Panes=0\n", SP_SESSION_FILE_ERROR_INVALID, "“0” is not a whole number from 1 to 16" },
    { HEADER "Panes=17\n", SP_SESSION_FILE_ERROR_INVALID, "Panes in [Socket Playground Session]" },
    { HEADER "Panes=1000\n", SP_SESSION_FILE_ERROR_INVALID, "“1000” is not a whole number from 1 to 16" },
    { HEADER "Panes=99999999999999999999\n", SP_SESSION_FILE_ERROR_INVALID, "Panes" },
    { HEADER "Panes=many\n", SP_SESSION_FILE_ERROR_INVALID, "Panes" },
    { HEADER "Panes=1\n", SP_SESSION_FILE_ERROR_INVALID, "The group [Pane 1] is missing" },
    { HEADER "Panes=2\n[Pane 1]\nKind=tcp-server\nPort=1\n", SP_SESSION_FILE_ERROR_INVALID,
      "The group [Pane 2] is missing: Panes in [Socket Playground Session] says there are 2 panes" },
    { HEADER "Panes=2\n[Pane 2]\nKind=tcp-server\nPort=1\n", SP_SESSION_FILE_ERROR_INVALID, "[Pane 1] is missing" },
    { HEADER "Panes=1\n[Pane 1]\nKind=tcp-server\nPort=1\n[Pane 2]\nKind=tcp-server\nPort=1\n",
      SP_SESSION_FILE_ERROR_INVALID, "There is a group [Pane 2], but Panes in [Socket Playground Session] says there is only 1 pane" },
    { HEADER "Panes=1\n[Pane 1]\nKind=tcp-server\nPort=1\n[Pane 17]\n", SP_SESSION_FILE_ERROR_INVALID, "[Pane 17]" },
    { HEADER "Panes=1\n[Pane 1]\nKind=tcp-server\nPort=1\n[Pane 01]\n", SP_SESSION_FILE_ERROR_INVALID,
      "The group [Pane 01] is not a pane" },
    { HEADER "Panes=1\n[Pane 1]\nKind=tcp-server\nPort=1\n[Pane x]\n", SP_SESSION_FILE_ERROR_INVALID, "[Pane x]" },
    { HEADER "Panes=1\n[Pane 1]\nKind=tcp-server\nPort=1\n[Pane 99999999999999999999999]\n",
      SP_SESSION_FILE_ERROR_INVALID, "[Pane 99999999999999999999999]" },
    { HEADER "Panes=1\n[Pane 1]\nPort=1\n", SP_SESSION_FILE_ERROR_INVALID, "The key Kind is missing in [Pane 1]" },
    { HEADER "Panes=1\n[Pane 1]\nKind=tcp-server\n", SP_SESSION_FILE_ERROR_INVALID, "The key Port is missing in [Pane 1]" },
    { HEADER "Panes=2\n[Pane 1]\nKind=tcp-server\nPort=1\n[Pane 2]\nKind=udp-client\nPort=x\n",
      SP_SESSION_FILE_ERROR_INVALID, "Wrong value for Port in [Pane 2]" },
    /* Invalid UTF-8 anywhere, even where nothing is read. */
    { HEADER "Panes=1\n[Pane 1]\nKind=tcp-server\nPort=1\nMessage=caf\xe9\n", SP_SESSION_FILE_ERROR_NOT_A_SESSION,
      "line 7 is not UTF-8 text" },
    { HEADER "Panes=1\n[Pane 1]\nKind=tcp-server\nPort=1\nFuture=\xc0\x80\n", SP_SESSION_FILE_ERROR_NOT_A_SESSION,
      "line 7 is not UTF-8" },
    { "\xef\xbb\xbf\xef\xbb\xbf" HEADER, SP_SESSION_FILE_ERROR_NOT_A_SESSION, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *escaped = g_strescape (cases[i].file, NULL);

      g_test_message ("%s", escaped);
      assert_read_fails (cases[i].file, strlen (cases[i].file), cases[i].code, cases[i].in_message);
    }
}

static void
test_binary (void)
{
  static const guint8 garbage[] = {
    0x7f, 'E', 'L', 'F', 0x02, 0x01, 0x01, 0x00, 0x00, 0x00, 0xff, 0xfe, 0x00, 0x00, '[', ']', '\n',
  };
  static const char with_nul[] = HEADER "Panes=1\n[Pane 1]\nKind=tcp-server\nPort=1\0\nMessage=x\n";
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);

  assert_read_fails ((const char *) garbage, sizeof garbage, SP_SESSION_FILE_ERROR_NOT_A_SESSION, "line 1");
  assert_read_fails (with_nul, sizeof with_nul - 1, SP_SESSION_FILE_ERROR_NOT_A_SESSION, "line 6 is not UTF-8");

  /* Random bytes: some error, never a crash. */
  for (guint i = 0; i < 200; i++)
    {
      gsize len = g_rand_int_range (rand, 1, 512);
      g_autofree char *bytes = g_malloc (len);
      g_autoptr(GPtrArray) panes = NULL;
      g_autoptr(GError) error = NULL;

      for (gsize j = 0; j < len; j++)
        bytes[j] = g_rand_int (rand);
      panes = sp_session_file_read (bytes, len, &error);
      g_assert_null (panes);
      g_assert_error (error, SP_SESSION_FILE_ERROR, SP_SESSION_FILE_ERROR_NOT_A_SESSION);
    }
}

/* Padded with a comment to exactly @size bytes. */
static char *
padded_file (gsize size)
{
  static const char file[] = HEADER "Panes=1\n[Pane 1]\nKind=tcp-server\nPort=1\n#";
  char *data = g_malloc (size);

  g_assert_cmpuint (size, >=, sizeof file);
  memcpy (data, file, sizeof file - 1);
  memset (data + sizeof file - 1, 'x', size - (sizeof file - 1));

  return data;
}

static void
test_limits (void)
{
  g_autofree char *megabyte = padded_file (SP_SESSION_MAX_FILE_SIZE);
  g_autofree char *too_large = padded_file (2 * 1024 * 1024);
  g_autofree char *one_more = padded_file (SP_SESSION_MAX_FILE_SIZE + 1);
  g_autoptr(GPtrArray) panes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *longest = g_strnfill (SP_SESSION_MAX_MESSAGE, 'a');
  g_autofree char *too_long = g_strnfill (SP_SESSION_MAX_MESSAGE + 1, 'a');
  g_autofree char *file = NULL;
  g_autofree char *lines = NULL;

  panes = sp_session_file_read (megabyte, SP_SESSION_MAX_FILE_SIZE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (panes->len, ==, 1);
  g_clear_pointer (&panes, g_ptr_array_unref);

  assert_read_fails (too_large, 2 * 1024 * 1024, SP_SESSION_FILE_ERROR_TOO_LARGE, "too large");
  assert_read_fails (one_more, SP_SESSION_MAX_FILE_SIZE + 1, SP_SESSION_FILE_ERROR_TOO_LARGE, "at most 1 MiB");

  /* Messages up to 64 KiB. */
  lines = g_strconcat ("Message=", longest, NULL);
  file = pane_file (lines);
  panes = sp_session_file_read (file, strlen (file), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((SpSessionPane *) g_ptr_array_index (panes, 0))->message, ==, longest);
  g_clear_pointer (&panes, g_ptr_array_unref);
  g_clear_pointer (&lines, g_free);
  g_clear_pointer (&file, g_free);

  lines = g_strconcat ("Message=", too_long, NULL);
  file = pane_file (lines);
  assert_read_fails (file, strlen (file), SP_SESSION_FILE_ERROR_INVALID,
                     "Wrong value for Message in [Pane 1]: the text is 65537 bytes long, more than the 65536 bytes allowed");
  g_clear_pointer (&lines, g_free);
  g_clear_pointer (&file, g_free);

  /* Escapes count as what they stand for: 64 KiB of line breaks fit. */
  {
    GString *s = g_string_new ("Message=");

    for (guint i = 0; i < SP_SESSION_MAX_MESSAGE; i++)
      g_string_append (s, "\\n");
    file = pane_file (s->str);
    g_string_free (s, TRUE);
    panes = sp_session_file_read (file, strlen (file), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (strlen (((SpSessionPane *) g_ptr_array_index (panes, 0))->message), ==,
                      SP_SESSION_MAX_MESSAGE);
    g_clear_pointer (&panes, g_ptr_array_unref);
    g_clear_pointer (&file, g_free);
  }

  /* Sixteen panes, not one more. */
  {
    GString *s = g_string_new (HEADER "Panes=16\n");

    for (guint i = 1; i <= 16; i++)
      g_string_append_printf (s, "[Pane %u]\nKind=udp-server\nPort=%u\n", i, 9000 + i);
    panes = sp_session_file_read (s->str, s->len, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (panes->len, ==, 16);
    g_assert_cmpuint (((SpSessionPane *) g_ptr_array_index (panes, 15))->port, ==, 9016);
    g_clear_pointer (&panes, g_ptr_array_unref);
    g_string_free (s, TRUE);
  }
}

static void
test_write_sanitizes (void)
{
  g_autoptr(GPtrArray) panes = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_session_pane_free);
  g_autoptr(GPtrArray) read = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  SpSessionPane *pane;
  GString *long_message = g_string_new (NULL);
  const char *message;
  gsize length;

  /* 3-byte characters do not divide 64 KiB: the cut backs up to one. */
  while (long_message->len <= SP_SESSION_MAX_MESSAGE)
    g_string_append (long_message, "中");

  pane = default_pane (SP_ENDPOINT_KIND_TCP_SERVER);
  g_free (pane->message);
  pane->message = g_string_free (long_message, FALSE);
  g_ptr_array_add (panes, pane);

  pane = default_pane (SP_ENDPOINT_KIND_TCP_CLIENT);
  g_free (pane->message);
  pane->message = g_strdup ("caf\xe9!");
  g_ptr_array_add (panes, pane);

  pane = default_pane (SP_ENDPOINT_KIND_UDP_CLIENT);
  g_clear_pointer (&pane->message, g_free);
  g_ptr_array_add (panes, pane);

  text = sp_session_file_write (panes, &length);
  g_assert_true (g_utf8_validate (text, length, NULL));
  read = sp_session_file_read (text, length, &error);
  g_assert_no_error (error);

  message = ((SpSessionPane *) g_ptr_array_index (read, 0))->message;
  g_assert_cmpuint (strlen (message), ==, SP_SESSION_MAX_MESSAGE / 3 * 3);
  g_assert_true (g_str_has_prefix (((SpSessionPane *) g_ptr_array_index (panes, 0))->message, message));
  g_assert_cmpstr (((SpSessionPane *) g_ptr_array_index (read, 1))->message, ==, "caf\xef\xbf\xbd!");
  g_assert_cmpstr (((SpSessionPane *) g_ptr_array_index (read, 2))->message, ==, "");
}

/* Every 7th cut of a good file fails cleanly, or, where the cut leaves a
 * whole file (in the last pane), reads with the other panes intact. */
static void
test_truncated (void)
{
  g_autoptr(GPtrArray) panes = sample_panes ();
  g_autofree char *text = NULL;
  gsize length, header_end;
  guint n_failed = 0, n_read = 0;

  text = sp_session_file_write (panes, &length);
  header_end = strstr (text, "[Pane 1]") - text;

  for (gsize cut = 0; cut < length; cut += 7)
    {
      g_autofree char *copy = g_memdup2 (text, cut);
      g_autoptr(GPtrArray) read = NULL;
      g_autoptr(GError) error = NULL;

      read = sp_session_file_read (copy, cut, &error);
      if (read == NULL)
        {
          g_assert_nonnull (error);
          g_assert_true (error->domain == SP_SESSION_FILE_ERROR);
          g_assert_true (g_utf8_validate (error->message, -1, NULL));
          n_failed++;
          continue;
        }

      g_assert_no_error (error);
      g_assert_cmpuint (cut, >=, header_end);
      g_assert_cmpuint (read->len, ==, panes->len);
      for (guint i = 0; i + 1 < panes->len; i++)
        assert_pane_equal (g_ptr_array_index (panes, i), g_ptr_array_index (read, i));
      n_read++;
    }

  /* The header alone is many cuts; the last pane's keys give a few whole files. */
  g_assert_cmpuint (n_failed, >, header_end / 7);
  g_assert_cmpuint (n_read, >, 0);
}

/* Reply rules, quotes, semicolons and line breaks included, come back as
 * they were; a bad one names its key. */
static void
test_reply_rules (void)
{
  g_autoptr(SpEndpoint) source = sp_endpoint_new (SP_ENDPOINT_KIND_TCP_SERVER);
  g_autoptr(SpEndpoint) target = sp_endpoint_new (SP_ENDPOINT_KIND_UDP_SERVER);
  g_autoptr(SpSessionPane) pane = g_new0 (SpSessionPane, 1);
  g_autoptr(GPtrArray) panes = g_ptr_array_new ();
  g_autoptr(GPtrArray) read = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *bad = NULL;
  g_auto(GStrv) before = NULL;
  g_auto(GStrv) after = NULL;
  const char *lines[] = {
    "equals 'a;b' reply \"it's\\n\" delay 20",
    "starts-with hex 'AA 01' reply hex 06",
  };

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      g_autoptr(SpReplyRule) rule = sp_reply_rule_parse (lines[i], NULL);

      g_assert_true (sp_reply_rules_add (sp_endpoint_get_reply_rules (source), rule, NULL));
    }
  sp_session_pane_init_from_endpoint (pane, source);
  g_ptr_array_add (panes, pane);
  data = sp_session_file_write (panes, NULL);
  g_assert_nonnull (strstr (data, "ReplyRule2="));
  read = sp_session_file_read (data, strlen (data), &error);
  g_assert_no_error (error);

  sp_reply_rules_pause (sp_endpoint_get_reply_rules (target), "loop");
  sp_session_pane_apply (g_ptr_array_index (read, 0), target);
  before = sp_reply_rules_to_strv (sp_endpoint_get_reply_rules (source));
  after = sp_reply_rules_to_strv (sp_endpoint_get_reply_rules (target));
  g_assert_cmpstrv (after, before);
  g_assert_cmpuint (g_strv_length (after), ==, 2);
  g_assert_false (sp_reply_rules_get_paused (sp_endpoint_get_reply_rules (target)));

  bad = pane_file ("ReplyRule1=is hello reply x\n");
  assert_read_fails (bad, strlen (bad), SP_SESSION_FILE_ERROR_INVALID, "ReplyRule1");
}

/* The composer's ×N, timer and file chunks: kept, defaulted, checked. */
static void
test_sending_settings (void)
{
  g_autoptr(GPtrArray) panes = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_session_pane_free);
  g_autoptr(GPtrArray) read = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *plain = pane_file ("");
  SpSessionPane *pane = default_pane (SP_ENDPOINT_KIND_TCP_CLIENT);
  static const struct {
    const char *lines;
    const char *in_message;
  } cases[] = {
    { "SendCount=0", "Wrong value for SendCount in [Pane 1]: “0” is not a whole number from 1 to 10000" },
    { "SendInterval=5", "Wrong value for SendInterval in [Pane 1]: 5 ms is below the shortest interval, 10 ms" },
    { "SendInterval=3600001", "SendInterval in [Pane 1]" },
    { "FileChunk=16777217", "Wrong value for FileChunk in [Pane 1]: “16777217” is not a whole number from 0 to 16777216" },
  };
  gsize length;

  pane->send_count = 25;
  pane->send_interval_ms = 250;
  pane->file_chunk_size = 4096;
  g_ptr_array_add (panes, pane);
  text = sp_session_file_write (panes, &length);
  g_assert_nonnull (strstr (text, "SendInterval=250\n"));
  read = sp_session_file_read (text, length, &error);
  g_assert_no_error (error);
  pane = read->pdata[0];
  g_assert_cmpuint (pane->send_count, ==, 25);
  g_assert_cmpuint (pane->send_interval_ms, ==, 250);
  g_assert_cmpuint (pane->file_chunk_size, ==, 4096);
  g_clear_pointer (&read, g_ptr_array_unref);

  /* Left out: once, no timer, the whole file. */
  read = sp_session_file_read (plain, strlen (plain), &error);
  g_assert_no_error (error);
  pane = read->pdata[0];
  g_assert_cmpuint (pane->send_count, ==, 1);
  g_assert_cmpuint (pane->send_interval_ms, ==, 0);
  g_assert_cmpuint (pane->file_chunk_size, ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *file = pane_file (cases[i].lines);

      assert_read_fails (file, strlen (file), SP_SESSION_FILE_ERROR_INVALID, cases[i].in_message);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/session-file/framing/round-trip", test_framing_round_trip);
  g_test_add_func ("/session-file/framing/to-string", test_framing_to_string);
  g_test_add_func ("/session-file/framing/invalid", test_framing_invalid);
  g_test_add_func ("/session-file/round-trip", test_round_trip);
  g_test_add_func ("/session-file/round-trip-framings", test_round_trip_all_framings);
  g_test_add_func ("/session-file/round-trip-udp-relay", test_round_trip_udp_relay);
  g_test_add_func ("/session-file/defaults", test_defaults);
  g_test_add_func ("/session-file/endpoint", test_endpoint);
  g_test_add_func ("/session-file/malformed/values", test_malformed_values);
  g_test_add_func ("/session-file/malformed/structure", test_malformed_structure);
  g_test_add_func ("/session-file/malformed/binary", test_binary);
  g_test_add_func ("/session-file/limits", test_limits);
  g_test_add_func ("/session-file/write-sanitizes", test_write_sanitizes);
  g_test_add_func ("/session-file/truncated", test_truncated);
  g_test_add_func ("/session-file/reply-rules", test_reply_rules);
  g_test_add_func ("/session-file/sending-settings", test_sending_settings);

  return g_test_run ();
}
