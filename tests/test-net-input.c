/* test-net-input.c: validation of the Host and Port fields
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib.h>

#include "sp-net-input.h"

static void
assert_port (const char *text,
             gboolean    allow_zero,
             guint16     expected)
{
  g_autoptr(GError) error = NULL;
  guint16 port = 4321;

  g_autofree char *escaped = g_strescape (text != NULL ? text : "(NULL)", NULL);

  g_test_message ("port “%s”", escaped);
  g_assert_true (sp_net_parse_port (text, allow_zero, &port, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (port, ==, expected);
}

static void
assert_port_error (const char *text,
                   gboolean    allow_zero,
                   const char *message)
{
  g_autoptr(GError) error = NULL;
  guint16 port = 4321;

  g_autofree char *escaped = g_strescape (text != NULL ? text : "(NULL)", NULL);

  g_test_message ("port “%s”", escaped);
  g_assert_false (sp_net_parse_port (text, allow_zero, &port, &error));
  g_assert_error (error, SP_NET_INPUT_ERROR, SP_NET_INPUT_ERROR_PORT);
  g_assert_cmpstr (error->message, ==, message);
  g_assert_cmpuint (port, ==, 4321);

  g_assert_false (sp_net_parse_port (text, allow_zero, NULL, NULL));
}

static void
test_port_valid (void)
{
  assert_port ("80", FALSE, 80);
  assert_port ("1", FALSE, 1);
  assert_port ("65535", FALSE, 65535);
  assert_port ("080", FALSE, 80);
  assert_port ("0000000000000000000000443", FALSE, 443);
  assert_port ("0", TRUE, 0);
  assert_port ("00", TRUE, 0);
  assert_port ("8080", TRUE, 8080);
}

static void
test_port_empty (void)
{
  assert_port_error ("", TRUE, "Enter a port number (0–65535)");
  assert_port_error ("", FALSE, "Enter a port number (0–65535)");
  assert_port_error (NULL, FALSE, "Enter a port number (0–65535)");
}

static void
test_port_spaces (void)
{
  const char *message = "Spaces are not allowed in a port number";

  assert_port_error (" 80", FALSE, message);
  assert_port_error ("80 ", FALSE, message);
  assert_port_error ("8 0", FALSE, message);
  assert_port_error ("80\n", FALSE, message);
  assert_port_error ("\t80", TRUE, message);
  assert_port_error (" ", TRUE, message);
  /* An ideographic space, as a Chinese input method may type it */
  assert_port_error ("80\xe3\x80\x80", FALSE, message);
}

static void
test_port_range (void)
{
  const char *message = "Port must be between 0 and 65535";

  assert_port_error ("-1", TRUE, message);
  assert_port_error ("-80", FALSE, message);
  assert_port_error ("65536", TRUE, message);
  assert_port_error ("70000", TRUE, message);
  assert_port_error ("99999999999999999999", TRUE, message);
  assert_port_error ("000065536", FALSE, message);
}

static void
test_port_not_a_number (void)
{
  assert_port_error ("abc", FALSE, "“abc” is not a port number: use digits 0–9");
  assert_port_error ("80a", FALSE, "“80a” is not a port number: use digits 0–9");
  assert_port_error ("+80", FALSE, "“+80” is not a port number: use digits 0–9");
  assert_port_error ("-", FALSE, "“-” is not a port number: use digits 0–9");
  assert_port_error ("-0", TRUE, "“-0” is not a port number: use digits 0–9");
  assert_port_error ("0x50", FALSE, "“0x50” is not a port number: use digits 0–9");
  assert_port_error ("8.0", FALSE, "“8.0” is not a port number: use digits 0–9");
  assert_port_error ("-8a", FALSE, "“-8a” is not a port number: use digits 0–9");
  /* Full-width digits are not 0–9 */
  assert_port_error ("８０", FALSE, "“８０” is not a port number: use digits 0–9");
  assert_port_error ("http", FALSE, "“http” is not a port number: use digits 0–9");
  /* Long input is shortened in the message. */
  assert_port_error ("abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz", FALSE,
                     "“abcdefghijklmnopqrstuvwxyzabcdefghijklm…” is not a port number: use digits 0–9");
}

static void
test_port_zero (void)
{
  const char *message = "Port 0 can only be used by servers (the system picks a free port)";

  assert_port_error ("0", FALSE, message);
  assert_port_error ("000", FALSE, message);
}

static void
assert_host (const char *text)
{
  g_autoptr(GError) error = NULL;

  g_autofree char *escaped = g_strescape (text != NULL ? text : "(NULL)", NULL);

  g_test_message ("host “%s”", escaped);
  g_assert_true (sp_net_check_host (text, &error));
  g_assert_no_error (error);
}

static void
assert_host_error (const char *text,
                   const char *message)
{
  g_autoptr(GError) error = NULL;

  g_autofree char *escaped = g_strescape (text != NULL ? text : "(NULL)", NULL);

  g_test_message ("host “%s”", escaped);
  g_assert_false (sp_net_check_host (text, &error));
  g_assert_error (error, SP_NET_INPUT_ERROR, SP_NET_INPUT_ERROR_HOST);
  g_assert_cmpstr (error->message, ==, message);

  g_assert_false (sp_net_check_host (text, NULL));
}

static void
test_host_valid (void)
{
  assert_host ("localhost");
  assert_host ("example.com");
  assert_host ("example.com.");
  assert_host ("my-server.lan");
  assert_host ("a");
  assert_host ("A1.b-2.C3");
  assert_host ("123abc.example");
  assert_host ("1.2.3.4a");
  assert_host ("127.0.0.1");
  assert_host ("0.0.0.0");
  assert_host ("255.255.255.255");
  assert_host ("192.168.1.10");
  assert_host ("::");
  assert_host ("::1");
  assert_host ("fe80::1");
  assert_host ("2001:db8::8a2e:370:7334");
  assert_host ("0:0:0:0:0:0:0:0");
  assert_host ("::ffff:192.0.2.1");
  /* Internationalized names, checked in IDNA form */
  assert_host ("例子.中国");
  assert_host ("bücher.example");
}

static void
test_host_lengths (void)
{
  g_autofree char *label63 = g_strnfill (63, 'a');
  g_autofree char *label64 = g_strnfill (64, 'a');
  g_autofree char *name253 = NULL;
  g_autofree char *name254 = NULL;
  g_autofree char *message = NULL;

  /* 4 labels: 63 + 1 + 63 + 1 + 63 + 1 + 61 = 253 */
  name253 = g_strdup_printf ("%s.%s.%s.%.61s", label63, label63, label63, label63);
  name254 = g_strdup_printf ("%s.%s.%s.%.62s", label63, label63, label63, label63);
  g_assert_cmpuint (strlen (name253), ==, 253);

  assert_host (label63);
  assert_host (name253);

  message = g_strdup_printf ("“%.39s…” is not a valid host name", label64);
  assert_host_error (label64, message);
  g_free (message);

  message = g_strdup_printf ("“%.39s…” is not a valid host name", name254);
  assert_host_error (name254, message);
}

static void
test_host_empty (void)
{
  const char *message = "Enter a host name or IP address";

  assert_host_error ("", message);
  assert_host_error (NULL, message);
  assert_host_error (" ", message);
  assert_host_error ("   \t", message);
}

static void
test_host_spaces (void)
{
  const char *message = "Remove the spaces before or after the host";

  assert_host_error (" localhost", message);
  assert_host_error ("localhost ", message);
  assert_host_error ("\t::1", message);
  assert_host_error ("127.0.0.1\n", message);
  assert_host_error ("\xe3\x80\x80" "example.com", message);
  /* Inside, a space just makes an invalid name. */
  assert_host_error ("exa mple.com", "“exa mple.com” is not a valid host name");
}

static void
test_host_ipv4 (void)
{
  assert_host_error ("999.1.1.1", "“999.1.1.1” is not a valid IPv4 address (each part is 0–255)");
  assert_host_error ("1.2.3", "“1.2.3” is not a valid IPv4 address (each part is 0–255)");
  assert_host_error ("1.2.3.4.5", "“1.2.3.4.5” is not a valid IPv4 address (each part is 0–255)");
  assert_host_error ("256.0.0.1", "“256.0.0.1” is not a valid IPv4 address (each part is 0–255)");
  assert_host_error ("1..2.3", "“1..2.3” is not a valid IPv4 address (each part is 0–255)");
  assert_host_error ("1.2.3.4.", "“1.2.3.4.” is not a valid IPv4 address (each part is 0–255)");
  assert_host_error ("12345", "“12345” is not a valid IPv4 address (each part is 0–255)");
}

static void
test_host_ipv6 (void)
{
  assert_host_error ("::g", "“::g” is not a valid IPv6 address");
  assert_host_error (":::", "“:::” is not a valid IPv6 address");
  assert_host_error ("host:", "“host:” is not a valid IPv6 address");
  assert_host_error ("1::2::3", "“1::2::3” is not a valid IPv6 address");
  assert_host_error ("12345::1", "“12345::1” is not a valid IPv6 address");
  /* One colon: most likely a port typed into the host field */
  assert_host_error ("example.com:80",
                     "“example.com:80” is not a valid IPv6 address; enter the port in the Port field");
  assert_host_error ("127.0.0.1:8080",
                     "“127.0.0.1:8080” is not a valid IPv6 address; enter the port in the Port field");
}

static void
test_host_brackets (void)
{
  const char *message = "Write IPv6 addresses without brackets, e.g. ::1";

  assert_host_error ("[::1]", message);
  assert_host_error ("[fe80::1]", message);
  assert_host_error ("[::1]:80", message);
  assert_host_error ("[::1", message);
  assert_host_error ("::1]", message);
}

static void
test_host_names (void)
{
  assert_host_error ("-example.com", "“-example.com” is not a valid host name");
  assert_host_error ("example-.com", "“example-.com” is not a valid host name");
  assert_host_error ("example..com", "“example..com” is not a valid host name");
  assert_host_error (".example.com", "“.example.com” is not a valid host name");
  assert_host_error ("example.com..", "“example.com..” is not a valid host name");
  assert_host_error ("under_score.com", "“under_score.com” is not a valid host name");
  assert_host_error ("http://example.com", "“http://example.com” is not a valid IPv6 address");
  assert_host_error ("example.com/path", "“example.com/path” is not a valid host name");
  assert_host_error ("a@b", "“a@b” is not a valid host name");
  assert_host_error ("-", "“-” is not a valid host name");
  assert_host_error (".", "“.” is not a valid host name");
  assert_host_error ("...", "“...” is not a valid host name");
  assert_host_error ("bad\xff", "“bad\xef\xbf\xbd” is not a valid host name");
}

static void
test_wildcard (void)
{
  g_assert_true (sp_net_host_is_wildcard ("0.0.0.0"));
  g_assert_true (sp_net_host_is_wildcard ("::"));
  g_assert_true (sp_net_host_is_wildcard ("0:0:0:0:0:0:0:0"));
  g_assert_true (sp_net_host_is_wildcard ("0::0"));
  g_assert_true (sp_net_host_is_wildcard ("0000:0000::0000"));

  g_assert_false (sp_net_host_is_wildcard ("127.0.0.1"));
  g_assert_false (sp_net_host_is_wildcard ("::1"));
  g_assert_false (sp_net_host_is_wildcard ("0.0.0.1"));
  g_assert_false (sp_net_host_is_wildcard ("localhost"));
  g_assert_false (sp_net_host_is_wildcard ("0"));
  g_assert_false (sp_net_host_is_wildcard ("[::]"));
  g_assert_false (sp_net_host_is_wildcard (""));
  g_assert_false (sp_net_host_is_wildcard (NULL));
}

static void
test_loopback (void)
{
  g_assert_true (sp_net_host_is_loopback ("127.0.0.1"));
  g_assert_true (sp_net_host_is_loopback ("127.1.2.3"));
  g_assert_true (sp_net_host_is_loopback ("127.255.255.255"));
  g_assert_true (sp_net_host_is_loopback ("::1"));
  g_assert_true (sp_net_host_is_loopback ("0:0:0:0:0:0:0:1"));
  g_assert_true (sp_net_host_is_loopback ("localhost"));
  g_assert_true (sp_net_host_is_loopback ("LocalHost"));
  g_assert_true (sp_net_host_is_loopback ("localhost."));

  g_assert_false (sp_net_host_is_loopback ("128.0.0.1"));
  g_assert_false (sp_net_host_is_loopback ("126.255.255.255"));
  g_assert_false (sp_net_host_is_loopback ("0.0.0.0"));
  g_assert_false (sp_net_host_is_loopback ("::"));
  g_assert_false (sp_net_host_is_loopback ("::2"));
  g_assert_false (sp_net_host_is_loopback ("localhost.example.com"));
  g_assert_false (sp_net_host_is_loopback ("example.com"));
  g_assert_false (sp_net_host_is_loopback (""));
  g_assert_false (sp_net_host_is_loopback (NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/net-input/port/valid", test_port_valid);
  g_test_add_func ("/net-input/port/empty", test_port_empty);
  g_test_add_func ("/net-input/port/spaces", test_port_spaces);
  g_test_add_func ("/net-input/port/range", test_port_range);
  g_test_add_func ("/net-input/port/not-a-number", test_port_not_a_number);
  g_test_add_func ("/net-input/port/zero", test_port_zero);
  g_test_add_func ("/net-input/host/valid", test_host_valid);
  g_test_add_func ("/net-input/host/lengths", test_host_lengths);
  g_test_add_func ("/net-input/host/empty", test_host_empty);
  g_test_add_func ("/net-input/host/spaces", test_host_spaces);
  g_test_add_func ("/net-input/host/ipv4", test_host_ipv4);
  g_test_add_func ("/net-input/host/ipv6", test_host_ipv6);
  g_test_add_func ("/net-input/host/brackets", test_host_brackets);
  g_test_add_func ("/net-input/host/names", test_host_names);
  g_test_add_func ("/net-input/wildcard", test_wildcard);
  g_test_add_func ("/net-input/loopback", test_loopback);

  return g_test_run ();
}
