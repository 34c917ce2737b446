/* sp-framing-decoder.c: chunks of a stream, as recv() returns them, back
 * into the frames that were sent
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sp-framing-private.h"

static guint64
read_uint (const guint8 *p,
           guint         size,
           gboolean      big_endian)
{
  guint16 u16;
  guint32 u32;
  guint64 u64;

  switch (size)
    {
    case 1:
      return p[0];
    case 2:
      memcpy (&u16, p, 2);
      return big_endian ? GUINT16_FROM_BE (u16) : GUINT16_FROM_LE (u16);
    case 4:
      memcpy (&u32, p, 4);
      return big_endian ? GUINT32_FROM_BE (u32) : GUINT32_FROM_LE (u32);
    case 8:
      memcpy (&u64, p, 8);
      return big_endian ? GUINT64_FROM_BE (u64) : GUINT64_FROM_LE (u64);
    default:
      g_assert_not_reached ();
    }
}

static inline gboolean
is_negative (guint64 raw,
             guint   size)
{
  return (raw >> (size * 8 - 1)) & 1;
}

static gint64
sign_extend (guint64 raw,
             guint   size)
{
  guint64 mask = size == 8 ? G_MAXUINT64 : (G_GUINT64_CONSTANT (1) << (size * 8)) - 1;

  if (!is_negative (raw, size))
    return raw;

  /* -(magnitude - 1) - 1, so INT64_MIN never overflows. */
  return -(gint64) (~raw & mask) - 1;
}

/* Checks the raw header value @raw; on success sets the payload length and
 * returns -1, else returns the SpFramingError. */
static int
length_to_payload (const SpFramingConfig *config,
                   guint64                raw,
                   guint64               *payload_len)
{
  guint64 len = raw;

  if (config->is_signed && is_negative (raw, config->header_size))
    return SP_FRAMING_ERROR_NEGATIVE_LENGTH;

  if (config->length_includes_header)
    {
      if (raw < config->header_size)
        return SP_FRAMING_ERROR_LENGTH_BELOW_HEADER;
      len -= config->header_size;
    }

  if (len > config->max_frame || len > G_MAXSIZE - config->header_size)
    return SP_FRAMING_ERROR_TOO_LARGE;

  *payload_len = len;
  return -1;
}

static guint64
swap_bytes (guint64 raw,
            guint   size)
{
  return GUINT64_SWAP_LE_BE (raw) >> (64 - size * 8);
}

struct _SpFrameDecoder
{
  SpFramingConfig  config;

  /* The incomplete frame at the end of what was fed, header included. Whole
   * frames inside a fed chunk never pass through it. */
  GByteArray      *buf;
  /* Stream offset of the frame in progress (of buf's first byte). */
  guint64          frame_start;

  /* Length prefix: the header of the frame in progress has been read. */
  gboolean         have_length;
  gsize            payload_len;
  gint64           declared;

  /* Set once the stream is broken; every later call repeats it. */
  GError          *error;

  /* During sp_frame_decoder_feed_bytes(): the chunk being fed, so a frame
   * that lies inside it becomes a view on it instead of a copy. */
  GBytes          *chunk;
  const guint8    *chunk_data;
};

SpFrameDecoder *
sp_frame_decoder_new (const SpFramingConfig *config)
{
  SpFrameDecoder *self;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (sp_framing_config_check (config, NULL), NULL);

  self = g_new0 (SpFrameDecoder, 1);
  self->config = *config;
  self->buf = g_byte_array_new ();

  return self;
}

void
sp_frame_decoder_free (SpFrameDecoder *decoder)
{
  if (decoder == NULL)
    return;

  g_byte_array_unref (decoder->buf);
  g_clear_error (&decoder->error);
  g_free (decoder);
}

void
sp_frame_free (SpFrame *frame)
{
  if (frame == NULL)
    return;

  g_clear_pointer (&frame->payload, g_bytes_unref);
  g_free (frame);
}

static gboolean
fail (SpFrameDecoder  *self,
      SpFramingError   code,
      const char      *message,
      GError         **error)
{
  self->error = g_error_new_literal (SP_FRAMING_ERROR, code, message);
  g_byte_array_set_size (self->buf, 0);
  g_propagate_error (error, g_error_copy (self->error));
  return FALSE;
}

/* The payload at @p, @len bytes inside the fed chunk: a view on the chunk
 * when it is a GBytes (no copy, no buffer of its own), else a copy. */
static GBytes *
slice (SpFrameDecoder *self,
       const guint8   *p,
       gsize           len)
{
  if (self->chunk != NULL)
    return g_bytes_new_from_bytes (self->chunk, p - self->chunk_data, len);

  return g_bytes_new (p, len);
}

static void
emit (SpFrameDecoder *self,
      GPtrArray      *frames,
      GBytes         *payload,
      gsize           frame_len)
{
  SpFrame *frame = g_new (SpFrame, 1);

  frame->payload = payload;
  frame->stream_offset = self->frame_start;
  frame->frame_len = frame_len;
  g_ptr_array_add (frames, frame);

  self->frame_start += frame_len;
  self->have_length = FALSE;
}

/* One payload from the buffered start of a frame and its rest in the chunk,
 * copied once; NULL when nothing is buffered (the caller slices the chunk). */
static GBytes *
join_payload (const guint8 *head,
              gsize         head_len,
              const guint8 *tail,
              gsize         tail_len)
{
  guint8 *data;

  if (head_len == 0)
    return NULL;

  data = g_malloc (head_len + tail_len);
  memcpy (data, head, head_len);
  memcpy (data + head_len, tail, tail_len);

  return g_bytes_new_take (data, head_len + tail_len);
}

static gboolean
read_header (SpFrameDecoder  *self,
             const guint8    *header,
             GError         **error)
{
  const SpFramingConfig *config = &self->config;
  guint hs = config->header_size;
  guint64 raw = read_uint (header, hs, config->big_endian);
  g_autofree char *message = NULL;
  guint64 payload_len;
  int code;

  self->have_length = TRUE;
  if (config->is_signed)
    self->declared = sign_extend (raw, hs);
  else
    self->declared = MIN (raw, (guint64) G_MAXINT64);

  code = length_to_payload (config, raw, &payload_len);
  if (code < 0)
    {
      self->payload_len = payload_len;
      return TRUE;
    }

  switch (code)
    {
    case SP_FRAMING_ERROR_TOO_LARGE:
      {
        g_autofree char *limit = sp_framing_format_limit (config->max_frame);

        if (config->length_includes_header)
          message = g_strdup_printf (/* Translators: %s is a size such as “1 MiB” */
                                     _("Frame length %llu (%llu without the %u-byte header) exceeds the %s limit"),
                                     (unsigned long long) raw, (unsigned long long) (raw - hs),
                                     hs, limit);
        else
          message = g_strdup_printf (/* Translators: %s is a size such as “1 MiB” */
                                     _("Frame length %llu exceeds the %s limit"),
                                     (unsigned long long) raw, limit);
      }
      break;

    case SP_FRAMING_ERROR_NEGATIVE_LENGTH:
      message = g_strdup_printf (_("Frame length is negative (%lld): the header is not a length, or the sender uses an unsigned or differently sized header"),
                                 (long long) sign_extend (raw, hs));
      break;

    case SP_FRAMING_ERROR_LENGTH_BELOW_HEADER:
      message = g_strdup_printf (_("Frame length %llu is smaller than the %u-byte header it should include: the sender may count only the payload"),
                                 (unsigned long long) raw, hs);
      break;

    default:
      g_assert_not_reached ();
    }

  /* The classic mismatch: '!I' on one side, 'i' on the other. */
  if (hs > 1 && length_to_payload (config, swap_bytes (raw, hs), &payload_len) < 0)
    {
      g_autofree char *hint =
        g_strdup_printf (_("The header read the other way round would be %llu: do both sides use the same byte order?"),
                         (unsigned long long) swap_bytes (raw, hs));
      char *joined;

      /* Translators: an error message (no full stop of its own), then a hint */
      joined = g_strdup_printf (_("%s. %s"), message, hint);
      g_free (message);
      message = joined;
    }

  return fail (self, code, message, error);
}

static gboolean
feed_length_prefix (SpFrameDecoder  *self,
                    const guint8    *p,
                    const guint8    *end,
                    GPtrArray       *frames,
                    GError         **error)
{
  gsize hs = self->config.header_size;
  GByteArray *buf = self->buf;

  if (buf->len > 0)
    {
      GBytes *payload;
      gsize need;

      if (buf->len < hs)
        {
          gsize take = MIN (hs - buf->len, (gsize) (end - p));

          g_byte_array_append (buf, p, take);
          p += take;
          if (buf->len < hs)
            return TRUE;
          if (!read_header (self, buf->data, error))
            return FALSE;
        }

      need = hs + self->payload_len - buf->len;
      if ((gsize) (end - p) < need)
        {
          g_byte_array_append (buf, p, end - p);
          return TRUE;
        }

      payload = join_payload (buf->data + hs, buf->len - hs, p, need);
      emit (self, frames, payload ? payload : slice (self, p, need), hs + self->payload_len);
      p += need;
      g_byte_array_set_size (buf, 0);
    }

  while ((gsize) (end - p) >= hs)
    {
      if (!read_header (self, p, error))
        return FALSE;
      if ((gsize) (end - p) - hs < self->payload_len)
        break;

      emit (self, frames, slice (self, p + hs, self->payload_len), hs + self->payload_len);
      p += hs + self->payload_len;
    }

  g_byte_array_append (buf, p, end - p);
  return TRUE;
}

static gboolean
fail_no_delimiter (SpFrameDecoder  *self,
                   GError         **error)
{
  g_autofree char *delimiter = sp_framing_escape_delimiter (self->config.delimiter, self->config.delimiter_len);
  g_autofree char *limit = sp_framing_format_limit (self->config.max_frame);
  g_autofree char *message = NULL;

  message = g_strdup_printf (/* Translators: the first %s is the delimiter in C escapes, the second a size such as “1 MiB” */
                             _("No delimiter %s was found within the %s limit: the sender may not end its messages with it, or the message is too large"),
                             delimiter, limit);

  return fail (self, SP_FRAMING_ERROR_TOO_LARGE, message, error);
}

static gboolean
feed_delimiter (SpFrameDecoder  *self,
                const guint8    *p,
                const guint8    *end,
                GPtrArray       *frames,
                GError         **error)
{
  const guint8 *delimiter = self->config.delimiter;
  gsize dl = self->config.delimiter_len;
  gsize max_frame = self->config.max_frame;
  GByteArray *buf = self->buf;
  const guint8 *hit;
  gsize window;

  /* A frame can span this many bytes before its delimiter has to be seen:
   * a full payload plus a delimiter. */
  if (!g_size_checked_add (&window, max_frame, dl))
    window = G_MAXSIZE;

  if (buf->len > 0)
    {
      /* The delimiter may straddle the previous chunk and this one. */
      gsize keep = MIN (buf->len, dl - 1);
      gsize extra = MIN ((gsize) (end - p), dl - 1);
      guint8 seam[2 * SP_FRAMING_MAX_DELIMITER];
      gsize room, n;

      memcpy (seam, buf->data + buf->len - keep, keep);
      memcpy (seam + keep, p, extra);
      hit = sp_framing_find_delimiter (seam, keep + extra, delimiter, dl);
      if (hit != NULL && (gsize) (hit - seam) < keep)
        {
          gsize payload_len = buf->len - keep + (hit - seam);

          if (payload_len > max_frame)
            return fail_no_delimiter (self, error);

          emit (self, frames, g_bytes_new (buf->data, payload_len), payload_len + dl);
          p += (hit - seam) + dl - keep;
          g_byte_array_set_size (buf, 0);
        }
      else
        {
          room = window - buf->len;
          n = MIN ((gsize) (end - p), room);
          hit = sp_framing_find_delimiter (p, n, delimiter, dl);
          if (hit == NULL)
            {
              if (n == room)
                return fail_no_delimiter (self, error);
              g_byte_array_append (buf, p, n);
              return TRUE;
            }

          emit (self, frames, join_payload (buf->data, buf->len, p, hit - p), buf->len + (hit - p) + dl);
          p = hit + dl;
          g_byte_array_set_size (buf, 0);
        }
    }

  while (p < end)
    {
      gsize n = MIN ((gsize) (end - p), window);

      hit = sp_framing_find_delimiter (p, n, delimiter, dl);
      if (hit == NULL)
        {
          if (n == window)
            return fail_no_delimiter (self, error);
          break;
        }

      emit (self, frames, slice (self, p, hit - p), (hit - p) + dl);
      p = hit + dl;
    }

  g_byte_array_append (buf, p, end - p);
  return TRUE;
}

static gboolean
feed_fixed_size (SpFrameDecoder *self,
                 const guint8   *p,
                 const guint8   *end,
                 GPtrArray      *frames)
{
  gsize size = self->config.fixed_size;
  GByteArray *buf = self->buf;

  if (buf->len > 0)
    {
      gsize need = size - buf->len;

      if ((gsize) (end - p) < need)
        {
          g_byte_array_append (buf, p, end - p);
          return TRUE;
        }

      emit (self, frames, join_payload (buf->data, buf->len, p, need), size);
      p += need;
      g_byte_array_set_size (buf, 0);
    }

  while ((gsize) (end - p) >= size)
    {
      emit (self, frames, slice (self, p, size), size);
      p += size;
    }

  g_byte_array_append (buf, p, end - p);
  return TRUE;
}

static gboolean
feed (SpFrameDecoder  *decoder,
      const guint8    *data,
      gsize            len,
      GPtrArray       *frames,
      GError         **error)
{
  if (decoder->error != NULL)
    {
      g_propagate_error (error, g_error_copy (decoder->error));
      return FALSE;
    }

  if (len == 0)
    return TRUE;

  switch (decoder->config.mode)
    {
    case SP_FRAMING_OFF:
      emit (decoder, frames, slice (decoder, data, len), len);
      return TRUE;
    case SP_FRAMING_LENGTH_PREFIX:
      return feed_length_prefix (decoder, data, data + len, frames, error);
    case SP_FRAMING_DELIMITER:
      return feed_delimiter (decoder, data, data + len, frames, error);
    case SP_FRAMING_FIXED_SIZE:
      return feed_fixed_size (decoder, data, data + len, frames);
    default:
      g_assert_not_reached ();
    }
}

gboolean
sp_frame_decoder_feed (SpFrameDecoder  *decoder,
                       const guint8    *data,
                       gsize            len,
                       GPtrArray       *frames,
                       GError         **error)
{
  g_return_val_if_fail (decoder != NULL, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (frames != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return feed (decoder, data, len, frames, error);
}

gboolean
sp_frame_decoder_feed_bytes (SpFrameDecoder  *decoder,
                             GBytes          *chunk,
                             GPtrArray       *frames,
                             GError         **error)
{
  gsize len;
  gboolean ok;

  g_return_val_if_fail (decoder != NULL, FALSE);
  g_return_val_if_fail (chunk != NULL, FALSE);
  g_return_val_if_fail (frames != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  decoder->chunk = chunk;
  decoder->chunk_data = g_bytes_get_data (chunk, &len);
  ok = feed (decoder, decoder->chunk_data, len, frames, error);
  decoder->chunk = NULL;
  decoder->chunk_data = NULL;

  return ok;
}

gboolean
sp_frame_decoder_finish (SpFrameDecoder  *decoder,
                         GError         **error)
{
  const SpFramingConfig *config;
  g_autofree char *message = NULL;
  gsize pending;

  g_return_val_if_fail (decoder != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (decoder->error != NULL)
    {
      g_propagate_error (error, g_error_copy (decoder->error));
      return FALSE;
    }

  config = &decoder->config;
  pending = decoder->buf->len;
  if (pending == 0)
    return TRUE;

  switch (config->mode)
    {
    case SP_FRAMING_LENGTH_PREFIX:
      if (!decoder->have_length)
        message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "The stream ended in the middle of a frame: %lu of its %u header byte arrived",
                                                "The stream ended in the middle of a frame: %lu of its %u header bytes arrived",
                                                config->header_size),
                                   (gulong) pending, config->header_size);
      else
        message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "The stream ended in the middle of a frame: %lu of %lu byte arrived",
                                                "The stream ended in the middle of a frame: %lu of %lu bytes arrived",
                                                config->header_size + decoder->payload_len),
                                   (gulong) pending, (gulong) (config->header_size + decoder->payload_len));
      break;

    case SP_FRAMING_DELIMITER:
      {
        g_autofree char *delimiter = sp_framing_escape_delimiter (config->delimiter, config->delimiter_len);

        message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                /* Translators: %s is the delimiter in C escapes */
                                                "The stream ended in the middle of a frame: %lu byte arrived, but no delimiter %s after it",
                                                "The stream ended in the middle of a frame: %lu bytes arrived, but no delimiter %s after them",
                                                pending),
                                   (gulong) pending, delimiter);
      }
      break;

    case SP_FRAMING_FIXED_SIZE:
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "The stream ended in the middle of a frame: %lu of %lu byte arrived",
                                              "The stream ended in the middle of a frame: %lu of %lu bytes arrived",
                                              config->fixed_size),
                                 (gulong) pending, (gulong) config->fixed_size);
      break;

    case SP_FRAMING_OFF:
    default:
      g_assert_not_reached ();
    }

  decoder->have_length = FALSE;
  return fail (decoder, SP_FRAMING_ERROR_TRUNCATED, message, error);
}

gsize
sp_frame_decoder_get_pending (SpFrameDecoder *decoder)
{
  g_return_val_if_fail (decoder != NULL, 0);

  return decoder->buf->len;
}

gsize
sp_frame_decoder_get_needed (SpFrameDecoder *decoder)
{
  gsize pending;

  g_return_val_if_fail (decoder != NULL, 0);

  pending = decoder->buf->len;
  if (pending == 0)
    return 0;

  switch (decoder->config.mode)
    {
    case SP_FRAMING_LENGTH_PREFIX:
      if (!decoder->have_length)
        return decoder->config.header_size - pending;
      return decoder->config.header_size + decoder->payload_len - pending;
    case SP_FRAMING_FIXED_SIZE:
      return decoder->config.fixed_size - pending;
    case SP_FRAMING_OFF:
    case SP_FRAMING_DELIMITER:
    default:
      return 0;
    }
}

gboolean
sp_frame_decoder_get_declared_length (SpFrameDecoder *decoder,
                                      gint64         *length)
{
  g_return_val_if_fail (decoder != NULL, FALSE);

  if (decoder->config.mode != SP_FRAMING_LENGTH_PREFIX || !decoder->have_length)
    return FALSE;

  if (length != NULL)
    *length = decoder->declared;
  return TRUE;
}
