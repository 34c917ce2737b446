/* sp-framing-syntax.c: a framing configuration as text, the way session
 * files and lesson setups write it ("python-i", "fixed:16:max=4096"...)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sp-framing.h"
#include "sp-hex.h"
#include "sp-user-text.h"

#define MAX_PREFIX ":max="

/* The presets by name: what lesson setups and people write. */
static const struct {
  const char      *name;
  SpFramingPreset  preset;
} preset_names[] = {
  { "python-i", SP_FRAMING_PRESET_PYTHON_STRUCT_I },
  { "network-i", SP_FRAMING_PRESET_NETWORK_ORDER_I },
  { "lines", SP_FRAMING_PRESET_LINES },
};

char *
sp_framing_config_to_string (const SpFramingConfig *config)
{
  GString *s;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (sp_framing_config_check (config, NULL), NULL);

  s = g_string_new (NULL);

  switch (config->mode)
    {
    case SP_FRAMING_OFF:
      g_string_append (s, "off");
      break;

    case SP_FRAMING_LENGTH_PREFIX:
      /* The presets by name (see preset_names). */
      if (config->header_size == 4 && !config->big_endian && config->is_signed &&
          !config->length_includes_header)
        g_string_append (s, "python-i");
      else if (config->header_size == 4 && config->big_endian && !config->is_signed &&
               !config->length_includes_header)
        g_string_append (s, "network-i");
      else
        /* Byte order is kept even for 1-byte headers, where it means
         * nothing, so the framing editor gets back what it had. */
        g_string_append_printf (s, "length:%u:%s:%s:%s",
                                config->header_size,
                                config->big_endian ? "be" : "le",
                                config->is_signed ? "signed" : "unsigned",
                                config->length_includes_header ? "total" : "payload");
      break;

    case SP_FRAMING_DELIMITER:
      if (config->delimiter_len == 1 && config->delimiter[0] == '\n')
        {
          g_string_append (s, "lines");
          break;
        }
      g_string_append (s, "delimiter:");
      for (guint i = 0; i < config->delimiter_len; i++)
        g_string_append_printf (s, "%02x", config->delimiter[i]);
      break;

    case SP_FRAMING_FIXED_SIZE:
      g_string_append_printf (s, "fixed:%" G_GSIZE_FORMAT, config->fixed_size);
      break;

    default:
      g_assert_not_reached ();
    }

  if (config->max_frame != SP_FRAMING_DEFAULT_MAX_FRAME)
    g_string_append_printf (s, MAX_PREFIX "%" G_GSIZE_FORMAT, config->max_frame);

  return g_string_free (s, FALSE);
}

static gboolean
parse_preset (const char      *body,
              SpFramingConfig *parsed)
{
  for (guint i = 0; i < G_N_ELEMENTS (preset_names); i++)
    if (g_str_equal (body, preset_names[i].name))
      {
        sp_framing_config_preset (parsed, preset_names[i].preset);
        return TRUE;
      }

  return FALSE;
}

static gboolean
parse_fixed (const char       *body,
             const char       *quoted,
             SpFramingConfig  *parsed,
             GError          **error)
{
  guint64 number;

  if (!sp_user_text_parse_uint (body + strlen ("fixed:"), 1, G_MAXSIZE, &number))
    {
      g_set_error (error, SP_FRAMING_ERROR, SP_FRAMING_ERROR_INVALID_CONFIG,
                   /* Translators: “fixed:N” is syntax, keep it as is */
                   _("“%s” is not a fixed-size framing: use fixed:N with N a whole number of bytes, at least 1"),
                   quoted);
      return FALSE;
    }

  parsed->mode = SP_FRAMING_FIXED_SIZE;
  parsed->fixed_size = number;
  return TRUE;
}

static gboolean
parse_delimiter (const char       *body,
                 SpFramingConfig  *parsed,
                 GError          **error)
{
  const char *hex = body + strlen ("delimiter:");
  g_autoptr(GError) hex_error = NULL;
  g_autoptr(GBytes) bytes = sp_hex_parse (hex, -1, NULL, &hex_error);
  gsize len;

  /* Nothing at all: sp_framing_config_check() words that for framing. */
  if (g_error_matches (hex_error, SP_HEX_PARSE_ERROR, SP_HEX_PARSE_ERROR_EMPTY))
    {
      parsed->mode = SP_FRAMING_DELIMITER;
      parsed->delimiter_len = 0;
      return TRUE;
    }

  if (bytes == NULL)
    {
      g_autofree char *quoted_hex = sp_user_text_quote (hex);

      g_set_error (error, SP_FRAMING_ERROR, SP_FRAMING_ERROR_INVALID_CONFIG,
                   /* Translators: the first %s is what was written, the second why it is wrong */
                   _("The delimiter “%s” is not hex bytes: %s"),
                   quoted_hex, hex_error->message);
      return FALSE;
    }

  if ((len = g_bytes_get_size (bytes)) > SP_FRAMING_MAX_DELIMITER)
    {
      /* Worded as sp_framing_config_check() would, were it to fit. */
      g_set_error (error, SP_FRAMING_ERROR, SP_FRAMING_ERROR_INVALID_CONFIG,
                   _("The delimiter is %u bytes long: at most %u bytes are allowed"),
                   (guint) MIN (len, G_MAXUINT), (guint) SP_FRAMING_MAX_DELIMITER);
      return FALSE;
    }

  parsed->mode = SP_FRAMING_DELIMITER;
  parsed->delimiter_len = len;
  memcpy (parsed->delimiter, g_bytes_get_data (bytes, NULL), len);
  return TRUE;
}

static gboolean
parse_length (const char       *body,
              const char       *quoted,
              SpFramingConfig  *parsed,
              GError          **error)
{
  g_auto(GStrv) parts = g_strsplit (body + strlen ("length:"), ":", -1);
  guint64 number;

  if (g_strv_length (parts) != 4 ||
      !sp_user_text_parse_uint (parts[0], 1, G_MAXUINT, &number) ||
      !sp_user_text_parse_choice (parts[1], "le", "be", &parsed->big_endian) ||
      !sp_user_text_parse_choice (parts[2], "unsigned", "signed", &parsed->is_signed) ||
      !sp_user_text_parse_choice (parts[3], "payload", "total", &parsed->length_includes_header))
    {
      g_set_error (error, SP_FRAMING_ERROR, SP_FRAMING_ERROR_INVALID_CONFIG,
                   /* Translators: the syntax after the colon is literal, keep it as is */
                   _("“%s” is not a length prefix: use length:SIZE:le|be:signed|unsigned:payload|total, e.g. length:4:be:unsigned:payload"),
                   quoted);
      return FALSE;
    }

  parsed->mode = SP_FRAMING_LENGTH_PREFIX;
  /* 3, 16...: sp_framing_config_check() says which sizes exist. */
  parsed->header_size = number;
  return TRUE;
}

/* The ":max=BYTES" suffix, if any: sets @parsed's max_frame and returns
 * where it starts (the end of @text without one). */
static gboolean
parse_max (const char       *text,
           const char      **body_end,
           SpFramingConfig  *parsed,
           GError          **error)
{
  /* No mode's own syntax can contain ":max=" (not even HEX, where 'm' is
   * invalid), so the first one starts the suffix. */
  const char *max_text = strstr (text, MAX_PREFIX);
  guint64 number;

  *body_end = max_text != NULL ? max_text : text + strlen (text);
  if (max_text == NULL)
    return TRUE;

  max_text += strlen (MAX_PREFIX);
  if (!sp_user_text_parse_uint (max_text, 1, G_MAXSIZE, &number))
    {
      g_autofree char *quoted_max = sp_user_text_quote (max_text);

      g_set_error (error, SP_FRAMING_ERROR, SP_FRAMING_ERROR_INVALID_CONFIG,
                   /* Translators: “:max=BYTES” is syntax, keep it as is */
                   _("“%s” is not a maximum frame size: use :max=BYTES with a whole number of bytes, at least 1"),
                   quoted_max);
      return FALSE;
    }

  parsed->max_frame = number;
  return TRUE;
}

gboolean
sp_framing_config_from_string (const char       *text,
                               SpFramingConfig  *config,
                               GError          **error)
{
  SpFramingConfig parsed;
  g_autofree char *body = NULL;
  g_autofree char *quoted = NULL;
  const char *body_end;
  gboolean ok;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (config != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  sp_framing_config_init (&parsed);
  quoted = sp_user_text_quote (text);

  if (!parse_max (text, &body_end, &parsed, error))
    return FALSE;
  body = g_strndup (text, body_end - text);

  if (g_str_equal (body, "off") || parse_preset (body, &parsed))
    ok = TRUE;
  else if (g_str_has_prefix (body, "fixed:"))
    ok = parse_fixed (body, quoted, &parsed, error);
  else if (g_str_has_prefix (body, "delimiter:"))
    ok = parse_delimiter (body, &parsed, error);
  else if (g_str_has_prefix (body, "length:"))
    ok = parse_length (body, quoted, &parsed, error);
  else
    {
      g_set_error (error, SP_FRAMING_ERROR, SP_FRAMING_ERROR_INVALID_CONFIG,
                   /* Translators: the words after the colon are literal syntax, keep them as they are */
                   _("Unknown framing “%s”: use off, python-i, network-i, lines, fixed:N, delimiter:HEX or length:SIZE:le|be:signed|unsigned:payload|total, optionally followed by :max=BYTES"),
                   quoted);
      ok = FALSE;
    }

  if (!ok || !sp_framing_config_check (&parsed, error))
    return FALSE;

  *config = parsed;
  return TRUE;
}
