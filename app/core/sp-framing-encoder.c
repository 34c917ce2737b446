/* sp-framing-encoder.c: one payload into one frame
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sp-framing-private.h"

static void
write_uint (guint8   *p,
            guint     size,
            gboolean  big_endian,
            guint64   value)
{
  guint16 u16;
  guint32 u32;
  guint64 u64;

  switch (size)
    {
    case 1:
      p[0] = value;
      break;
    case 2:
      u16 = big_endian ? GUINT16_TO_BE (value) : GUINT16_TO_LE (value);
      memcpy (p, &u16, 2);
      break;
    case 4:
      u32 = big_endian ? GUINT32_TO_BE (value) : GUINT32_TO_LE (value);
      memcpy (p, &u32, 4);
      break;
    case 8:
      u64 = big_endian ? GUINT64_TO_BE (value) : GUINT64_TO_LE (value);
      memcpy (p, &u64, 8);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* The largest number the header can carry. */
static guint64
header_max (const SpFramingConfig *config)
{
  guint bits = config->header_size * 8 - (config->is_signed ? 1 : 0);

  return bits == 64 ? G_MAXUINT64 : (G_GUINT64_CONSTANT (1) << bits) - 1;
}

static void
set_too_large (const SpFramingConfig  *config,
               gsize                   size,
               GError                **error)
{
  g_autofree char *limit = sp_framing_format_limit (config->max_frame);

  g_set_error (error, SP_FRAMING_ERROR, SP_FRAMING_ERROR_TOO_LARGE,
               /* Translators: %s is a size such as “1 MiB” */
               _("The message is %lu bytes, larger than the %s limit"),
               (gulong) size, limit);
}

static GBytes *
encode_length_prefix (const SpFramingConfig  *config,
                      const guint8           *data,
                      gsize                   size,
                      gsize                  *header_len,
                      GError                **error)
{
  guint hs = config->header_size;
  guint64 value = size;
  guint8 *frame;

  if (size > config->max_frame)
    {
      set_too_large (config, size, error);
      return NULL;
    }

  if (config->length_includes_header)
    value += hs;

  if (value > header_max (config))
    {
      if (config->length_includes_header)
        g_set_error (error, SP_FRAMING_ERROR, SP_FRAMING_ERROR_TOO_LARGE,
                     _("The frame would be %llu bytes with its header, but the %u-byte length header can say at most %llu"),
                     (unsigned long long) value, hs, (unsigned long long) header_max (config));
      else
        g_set_error (error, SP_FRAMING_ERROR, SP_FRAMING_ERROR_TOO_LARGE,
                     _("The message is %llu bytes, but the %u-byte length header can say at most %llu"),
                     (unsigned long long) value, hs, (unsigned long long) header_max (config));
      return NULL;
    }

  frame = g_malloc (hs + size);
  write_uint (frame, hs, config->big_endian, value);
  if (size > 0)
    memcpy (frame + hs, data, size);

  *header_len = hs;
  return g_bytes_new_take (frame, hs + size);
}

static GBytes *
encode_delimiter (const SpFramingConfig  *config,
                  const guint8           *data,
                  gsize                   size,
                  gsize                  *trailer_len,
                  GError                **error)
{
  gsize dl = config->delimiter_len;
  const guint8 *hit;
  guint8 *frame;

  if (size > config->max_frame)
    {
      set_too_large (config, size, error);
      return NULL;
    }

  hit = sp_framing_find_delimiter (data, size, config->delimiter, dl);
  if (hit != NULL)
    {
      g_autofree char *delimiter = sp_framing_escape_delimiter (config->delimiter, dl);

      g_set_error (error, SP_FRAMING_ERROR, SP_FRAMING_ERROR_CONTAINS_DELIMITER,
                   /* Translators: %s is the delimiter in C escapes, %lu a 0-based byte offset */
                   _("The message contains the delimiter %s at offset %lu: the receiver would end the message there"),
                   delimiter, (gulong) (hit - data));
      return NULL;
    }

  frame = g_malloc (size + dl);
  if (size > 0)
    memcpy (frame, data, size);
  memcpy (frame + size, config->delimiter, dl);

  /* "a" + delimiter "aa" reads as "" + "aa": the receiver would stop early. */
  hit = sp_framing_find_delimiter (frame + (size >= dl ? size - dl + 1 : 0),
                        MIN (size, dl - 1) + dl, config->delimiter, dl);
  if (hit != frame + size)
    {
      g_autofree char *delimiter = sp_framing_escape_delimiter (config->delimiter, dl);

      g_set_error (error, SP_FRAMING_ERROR, SP_FRAMING_ERROR_CONTAINS_DELIMITER,
                   /* Translators: %s is the delimiter in C escapes, %lu a 0-based byte offset */
                   _("The message ends with the start of the delimiter %s: the receiver would end the message early, at offset %lu"),
                   delimiter, (gulong) (hit - frame));
      g_free (frame);
      return NULL;
    }

  *trailer_len = dl;
  return g_bytes_new_take (frame, size + dl);
}

GBytes *
sp_framing_encode (const SpFramingConfig  *config,
                   GBytes                 *payload,
                   gsize                  *header_len,
                   gsize                  *trailer_len,
                   GError                **error)
{
  gsize dummy_header, dummy_trailer;
  const guint8 *data;
  gsize size;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (payload != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (header_len == NULL)
    header_len = &dummy_header;
  if (trailer_len == NULL)
    trailer_len = &dummy_trailer;
  *header_len = 0;
  *trailer_len = 0;

  if (!sp_framing_config_check (config, error))
    return NULL;

  data = g_bytes_get_data (payload, &size);

  switch (config->mode)
    {
    case SP_FRAMING_OFF:
      return g_bytes_ref (payload);

    case SP_FRAMING_LENGTH_PREFIX:
      return encode_length_prefix (config, data, size, header_len, error);

    case SP_FRAMING_DELIMITER:
      return encode_delimiter (config, data, size, trailer_len, error);

    case SP_FRAMING_FIXED_SIZE:
      if (size != config->fixed_size)
        {
          g_set_error (error, SP_FRAMING_ERROR, SP_FRAMING_ERROR_WRONG_SIZE,
                       _("The message is %lu bytes, but fixed-size framing needs exactly %lu bytes per message"),
                       (gulong) size, (gulong) config->fixed_size);
          return NULL;
        }
      return g_bytes_ref (payload);

    default:
      g_assert_not_reached ();
    }
}
