/* sp-framing.c: a framing configuration — its defaults, presets, checks
 * and description (its text form is in sp-framing-syntax.c, the encoder and
 * decoder in sp-framing-encoder.c and sp-framing-decoder.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sp-framing-private.h"

G_DEFINE_QUARK (sp-framing-error, sp_framing_error)

#define KiB ((guint64) 1024)
#define MiB (KiB * 1024)
#define GiB (MiB * 1024)

/* Configuration */

void
sp_framing_config_init (SpFramingConfig *config)
{
  g_return_if_fail (config != NULL);

  memset (config, 0, sizeof *config);
  config->mode = SP_FRAMING_OFF;
  config->header_size = 4;
  config->big_endian = FALSE;
  config->is_signed = TRUE;
  config->length_includes_header = FALSE;
  config->delimiter[0] = '\n';
  config->delimiter_len = 1;
  config->fixed_size = 16;
  config->max_frame = SP_FRAMING_DEFAULT_MAX_FRAME;
}

void
sp_framing_config_preset (SpFramingConfig *config,
                          SpFramingPreset  preset)
{
  gsize max_frame;

  g_return_if_fail (config != NULL);

  if (preset == SP_FRAMING_PRESET_CUSTOM)
    return;

  max_frame = config->max_frame;
  sp_framing_config_init (config);
  config->max_frame = max_frame;

  switch (preset)
    {
    case SP_FRAMING_PRESET_PYTHON_STRUCT_I:
      config->mode = SP_FRAMING_LENGTH_PREFIX;
      config->header_size = 4;
      config->big_endian = FALSE;
      config->is_signed = TRUE;
      break;
    case SP_FRAMING_PRESET_NETWORK_ORDER_I:
      config->mode = SP_FRAMING_LENGTH_PREFIX;
      config->header_size = 4;
      config->big_endian = TRUE;
      config->is_signed = FALSE;
      break;
    case SP_FRAMING_PRESET_LINES:
      config->mode = SP_FRAMING_DELIMITER;
      config->delimiter[0] = '\n';
      config->delimiter_len = 1;
      break;
    case SP_FRAMING_PRESET_CUSTOM:
    default:
      g_return_if_reached ();
    }
}

/* "1 MiB", "64 KiB", else exact bytes: a limit the user typed should read
 * back exactly, not as "1.0 MB". */
char *
sp_framing_format_limit (guint64 size)
{
  if (size >= GiB && size % GiB == 0)
    /* Translators: the size limit of a frame; binary units, 1 GiB = 1024 MiB */
    return g_strdup_printf (_("%llu GiB"), (unsigned long long) (size / GiB));
  if (size >= MiB && size % MiB == 0)
    return g_strdup_printf (_("%llu MiB"), (unsigned long long) (size / MiB));
  if (size >= KiB && size % KiB == 0)
    return g_strdup_printf (_("%llu KiB"), (unsigned long long) (size / KiB));
  return g_strdup_printf (_("%llu B"), (unsigned long long) size);
}

gboolean
sp_framing_config_check (const SpFramingConfig  *config,
                         GError                **error)
{
  g_return_val_if_fail (config != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  switch (config->mode)
    {
    case SP_FRAMING_OFF:
      return TRUE;
    case SP_FRAMING_LENGTH_PREFIX:
      if (config->header_size != 1 && config->header_size != 2 &&
          config->header_size != 4 && config->header_size != 8)
        {
          g_set_error (error, SP_FRAMING_ERROR, SP_FRAMING_ERROR_INVALID_CONFIG,
                       _("Header size %u is not supported: use 1, 2, 4 or 8 bytes"),
                       config->header_size);
          return FALSE;
        }
      break;
    case SP_FRAMING_DELIMITER:
      if (config->delimiter_len == 0)
        {
          g_set_error_literal (error, SP_FRAMING_ERROR, SP_FRAMING_ERROR_INVALID_CONFIG,
                               _("The delimiter is empty: it needs at least one byte"));
          return FALSE;
        }
      if (config->delimiter_len > SP_FRAMING_MAX_DELIMITER)
        {
          g_set_error (error, SP_FRAMING_ERROR, SP_FRAMING_ERROR_INVALID_CONFIG,
                       _("The delimiter is %u bytes long: at most %u bytes are allowed"),
                       config->delimiter_len, (guint) SP_FRAMING_MAX_DELIMITER);
          return FALSE;
        }
      break;
    case SP_FRAMING_FIXED_SIZE:
      if (config->fixed_size == 0)
        {
          g_set_error_literal (error, SP_FRAMING_ERROR, SP_FRAMING_ERROR_INVALID_CONFIG,
                               _("Fixed frame size 0 is not allowed: a frame needs at least one byte"));
          return FALSE;
        }
      break;
    default:
      g_set_error (error, SP_FRAMING_ERROR, SP_FRAMING_ERROR_INVALID_CONFIG,
                   _("Unknown framing mode %d"), (int) config->mode);
      return FALSE;
    }

  if (config->max_frame == 0)
    {
      g_set_error_literal (error, SP_FRAMING_ERROR, SP_FRAMING_ERROR_INVALID_CONFIG,
                           _("The maximum frame size is 0: no message could be framed"));
      return FALSE;
    }

  if (config->mode == SP_FRAMING_FIXED_SIZE && config->fixed_size > config->max_frame)
    {
      g_autofree char *limit = sp_framing_format_limit (config->max_frame);

      g_set_error (error, SP_FRAMING_ERROR, SP_FRAMING_ERROR_INVALID_CONFIG,
                   /* Translators: %s is a size such as “1 MiB” */
                   _("Fixed frame size %lu is larger than the %s limit"),
                   (gulong) config->fixed_size, limit);
      return FALSE;
    }

  return TRUE;
}

/* The delimiter as C-like escapes, so invisible bytes show. */
char *
sp_framing_escape_delimiter (const guint8 *delimiter,
                  guint         len)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < len; i++)
    {
      guint8 c = delimiter[i];

      switch (c)
        {
        case '\n':
          g_string_append (s, "\\n");
          break;
        case '\r':
          g_string_append (s, "\\r");
          break;
        case '\t':
          g_string_append (s, "\\t");
          break;
        case '\0':
          g_string_append (s, "\\0");
          break;
        case '\\':
          g_string_append (s, "\\\\");
          break;
        default:
          /* A space would be invisible at the end of a label. */
          if (c > 0x20 && c < 0x7f)
            g_string_append_c (s, c);
          else
            g_string_append_printf (s, "\\x%02x", c);
        }
    }

  return g_string_free (s, FALSE);
}

char *
sp_framing_config_describe (const SpFramingConfig *config)
{
  g_return_val_if_fail (config != NULL, NULL);

  switch (config->mode)
    {
    case SP_FRAMING_OFF:
      /* Translators: the framing described when there is none */
      return g_strdup (C_("framing", "off"));

    case SP_FRAMING_LENGTH_PREFIX:
      {
        const char *sign = config->is_signed ? _("signed") : _("unsigned");
        const char *counts = config->length_includes_header ? _("header included")
                                                            : _("payload only");

        /* Byte order means nothing for a single byte. */
        if (config->header_size == 1)
          /* Translators: e.g. “1-byte unsigned length prefix (payload only)” */
          return g_strdup_printf (_("%u-byte %s length prefix (%s)"),
                                  config->header_size, sign, counts);

        /* Translators: e.g. “4-byte little-endian signed length prefix (payload only)” */
        return g_strdup_printf (_("%u-byte %s %s length prefix (%s)"),
                                config->header_size,
                                config->big_endian ? _("big-endian") : _("little-endian"),
                                sign, counts);
      }

    case SP_FRAMING_DELIMITER:
      {
        g_autofree char *delimiter =
          sp_framing_escape_delimiter (config->delimiter, MIN (config->delimiter_len, SP_FRAMING_MAX_DELIMITER));

        /* Translators: %s is the delimiter in C escapes, e.g. “\n” */
        return g_strdup_printf (_("delimiter %s"), delimiter);
      }

    case SP_FRAMING_FIXED_SIZE:
      /* Translators: e.g. “fixed 16-byte frames” */
      return g_strdup_printf (_("fixed %lu-byte frames"), (gulong) config->fixed_size);

    default:
      return g_strdup (_("unknown framing"));
    }
}

/* Where @delimiter first occurs in @data, or NULL. memchr() does the
 * scanning; delimiters are short, so checking each candidate is cheap. */
const guint8 *
sp_framing_find_delimiter (const guint8 *data,
                gsize         len,
                const guint8 *delimiter,
                gsize         delimiter_len)
{
  const guint8 *p = data;
  const guint8 *last;

  if (len < delimiter_len)
    return NULL;

  if (delimiter_len == 1)
    return memchr (data, delimiter[0], len);

  last = data + len - delimiter_len;
  while (p <= last)
    {
      p = memchr (p, delimiter[0], last - p + 1);
      if (p == NULL)
        return NULL;
      if (memcmp (p + 1, delimiter + 1, delimiter_len - 1) == 0)
        return p;
      p++;
    }

  return NULL;
}
