/* sp-net-input.c: validation of the Host and Port fields
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "sp-net-input.h"
#include "sp-user-text.h"

G_DEFINE_QUARK (sp-net-input-error, sp_net_input_error)

/* Finds ASCII and Unicode white space (an IME may insert U+3000). */
static gboolean
has_space (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (g_ascii_isspace (*p))
        return TRUE;
      if ((guchar) *p >= 0x80 && g_unichar_isspace (g_utf8_get_char (p)))
        return TRUE;
    }

  return FALSE;
}

static gboolean
is_space_at (const char *p)
{
  return g_ascii_isspace (*p) || ((guchar) *p >= 0x80 && g_unichar_isspace (g_utf8_get_char (p)));
}

gboolean
sp_net_parse_port (const char  *text,
                   gboolean     allow_zero,
                   guint16     *out_port,
                   GError     **error)
{
  g_autofree char *quoted = NULL;
  const char *digits;
  gboolean negative;
  guint32 value = 0;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (text == NULL || *text == '\0')
    {
      g_set_error_literal (error, SP_NET_INPUT_ERROR, SP_NET_INPUT_ERROR_PORT,
                           _("Enter a port number (0–65535)"));
      return FALSE;
    }

  if (!g_utf8_validate (text, -1, NULL))
    goto not_a_number;

  if (has_space (text))
    {
      g_set_error_literal (error, SP_NET_INPUT_ERROR, SP_NET_INPUT_ERROR_PORT,
                           _("Spaces are not allowed in a port number"));
      return FALSE;
    }

  negative = text[0] == '-';
  digits = negative ? text + 1 : text;

  if (*digits == '\0')
    goto not_a_number;

  for (const char *p = digits; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        goto not_a_number;

      /* Saturate so any number of digits is fine. */
      if (value <= G_MAXUINT16)
        value = value * 10 + (*p - '0');
    }

  /* "-0" is not out of range, just not how one writes a port. */
  if (negative && value == 0)
    goto not_a_number;

  if (negative || value > G_MAXUINT16)
    {
      g_set_error_literal (error, SP_NET_INPUT_ERROR, SP_NET_INPUT_ERROR_PORT,
                           _("Port must be between 0 and 65535"));
      return FALSE;
    }

  if (value == 0 && !allow_zero)
    {
      g_set_error_literal (error, SP_NET_INPUT_ERROR, SP_NET_INPUT_ERROR_PORT,
                           _("Port 0 can only be used by servers (the system picks a free port)"));
      return FALSE;
    }

  if (out_port != NULL)
    *out_port = value;

  return TRUE;

not_a_number:
  quoted = sp_user_text_quote (text);
  g_set_error (error, SP_NET_INPUT_ERROR, SP_NET_INPUT_ERROR_PORT,
               /* Translators: %s is what the user typed */
               _("“%s” is not a port number: use digits 0–9"),
               quoted);
  return FALSE;
}

/* RFC 1123: dot-separated labels of letters, digits and inner hyphens,
 * 1–63 characters each, 253 in all; one trailing dot (a rooted name) is
 * fine. */
static gboolean
is_valid_host_name (const char *name)
{
  gsize len = strlen (name);
  gsize label_len = 0;

  if (len > 0 && name[len - 1] == '.')
    len--;

  if (len == 0 || len > 253)
    return FALSE;

  for (gsize i = 0; i <= len; i++)
    {
      if (i == len || name[i] == '.')
        {
          if (label_len == 0 || label_len > 63 || name[i - 1] == '-')
            return FALSE;
          label_len = 0;
        }
      else if (g_ascii_isalnum (name[i]) || (name[i] == '-' && label_len > 0))
        {
          label_len++;
        }
      else
        {
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
looks_like_ipv4 (const char *text)
{
  gboolean has_digit = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        has_digit = TRUE;
      else if (*p != '.')
        return FALSE;
    }

  return has_digit;
}

static gboolean
is_ip_literal_of_family (const char     *text,
                         GSocketFamily   family)
{
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (text);

  return address != NULL && g_inet_address_get_family (address) == family;
}

gboolean
sp_net_check_host (const char  *text,
                   GError     **error)
{
  g_autofree char *quoted = NULL;
  g_autofree char *ascii = NULL;
  const char *last;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (text == NULL)
    text = "";

  if (!g_utf8_validate (text, -1, NULL))
    goto invalid_name;

  {
    const char *p = text;

    while (*p != '\0' && is_space_at (p))
      p = g_utf8_next_char (p);

    if (*p == '\0')
      {
        g_set_error_literal (error, SP_NET_INPUT_ERROR, SP_NET_INPUT_ERROR_HOST,
                             _("Enter a host name or IP address"));
        return FALSE;
      }
  }

  last = g_utf8_prev_char (text + strlen (text));
  if (is_space_at (text) || is_space_at (last))
    {
      g_set_error_literal (error, SP_NET_INPUT_ERROR, SP_NET_INPUT_ERROR_HOST,
                           _("Remove the spaces before or after the host"));
      return FALSE;
    }

  quoted = sp_user_text_quote (text);

  if (text[0] == '[' || *last == ']')
    {
      g_set_error_literal (error, SP_NET_INPUT_ERROR, SP_NET_INPUT_ERROR_HOST,
                           _("Write IPv6 addresses without brackets, e.g. ::1"));
      return FALSE;
    }

  if (strchr (text, ':') != NULL)
    {
      const char *colon = strchr (text, ':');

      if (is_ip_literal_of_family (text, G_SOCKET_FAMILY_IPV6))
        return TRUE;

      /* Every IPv6 address has at least two colons; "host:80" is a port
       * typed into the wrong field. */
      if (colon[1] != '\0' && strspn (colon + 1, "0123456789") == strlen (colon + 1))
        g_set_error (error, SP_NET_INPUT_ERROR, SP_NET_INPUT_ERROR_HOST,
                     /* Translators: %s is what the user typed */
                     _("“%s” is not a valid IPv6 address; enter the port in the Port field"),
                     quoted);
      else
        g_set_error (error, SP_NET_INPUT_ERROR, SP_NET_INPUT_ERROR_HOST,
                     /* Translators: %s is what the user typed */
                     _("“%s” is not a valid IPv6 address"),
                     quoted);
      return FALSE;
    }

  if (looks_like_ipv4 (text))
    {
      if (is_ip_literal_of_family (text, G_SOCKET_FAMILY_IPV4))
        return TRUE;

      g_set_error (error, SP_NET_INPUT_ERROR, SP_NET_INPUT_ERROR_HOST,
                   /* Translators: %s is what the user typed */
                   _("“%s” is not a valid IPv4 address (each part is 0–255)"),
                   quoted);
      return FALSE;
    }

  /* The resolver takes internationalized names in their IDNA form. */
  if (!g_str_is_ascii (text))
    {
      ascii = g_hostname_to_ascii (text);
      if (ascii == NULL)
        goto invalid_name;
    }

  if (is_valid_host_name (ascii != NULL ? ascii : text))
    return TRUE;

invalid_name:
  if (quoted == NULL)
    quoted = sp_user_text_quote (text);
  g_set_error (error, SP_NET_INPUT_ERROR, SP_NET_INPUT_ERROR_HOST,
               /* Translators: %s is what the user typed */
               _("“%s” is not a valid host name"),
               quoted);
  return FALSE;
}

gboolean
sp_net_host_is_wildcard (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (host == NULL)
    return FALSE;

  address = g_inet_address_new_from_string (host);

  return address != NULL && g_inet_address_get_is_any (address);
}

gboolean
sp_net_host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (host == NULL)
    return FALSE;

  if (g_ascii_strcasecmp (host, "localhost") == 0 ||
      g_ascii_strcasecmp (host, "localhost.") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);

  return address != NULL && g_inet_address_get_is_loopback (address);
}
