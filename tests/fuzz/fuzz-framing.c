/* fuzz-framing.c: libFuzzer target for the framing encoder and decoder
 *
 * Input: CONFIG_BYTES bytes of configuration (see config_from_input()), two
 * big-endian bytes giving the length of a payload that follows (15 bits; the
 * top bit asks for a payload of the fixed size instead), then the stream.
 * The payload is encoded and decoded back. The stream is decoded in one piece, in chunks whose sizes
 * come from the input, and by a deliberately naive reference decoder; all
 * three must agree. Any disagreement aborts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "sp-framing.h"

#include "fuzz-common.h"

#define CONFIG_BYTES 11

/*  0     mode (low 2 bits); bit 7: make the configuration invalid
 *  1     header size (bits 0-1: 1, 2, 4, 8), bit 2 big endian, bit 3
 *        signed, bit 4 length includes header
 *  2     delimiter length - 1 (bits 0-1)
 *  3-6   delimiter bytes
 *  7     fixed size - 1 (mod 64)
 *  8-9   max_frame - 1 (mod 4096)
 *  10    chunking: bits 0-2 pick the largest chunk, all 8 seed the sizes */
static gboolean
config_from_input (SpFramingConfig *config,
                   const guint8    *b)
{
  sp_framing_config_init (config);
  config->mode = b[0] & 3;
  config->header_size = 1u << (b[1] & 3);
  config->big_endian = (b[1] >> 2) & 1;
  config->is_signed = (b[1] >> 3) & 1;
  config->length_includes_header = (b[1] >> 4) & 1;
  config->delimiter_len = 1 + (b[2] & 3);
  memcpy (config->delimiter, b + 3, 4);
  config->max_frame = 1 + ((b[8] << 8 | b[9]) % 4096);
  config->fixed_size = MIN ((gsize) 1 + b[7] % 64, config->max_frame);

  if (b[0] & 0x80)
    {
      /* One bad field that the mode uses, picked by the other bits. */
      switch (config->mode)
        {
        case SP_FRAMING_OFF:
          config->mode = 4 + (b[0] >> 2 & 0x1f);
          break;
        case SP_FRAMING_LENGTH_PREFIX:
          if (b[0] & 0x04)
            config->max_frame = 0;
          else
            config->header_size = (b[1] >> 5) == 0 ? 0 : ((b[1] >> 5) | 1) + 2;
          break;
        case SP_FRAMING_DELIMITER:
          if (b[0] & 0x04)
            config->max_frame = 0;
          else
            config->delimiter_len = (b[2] & 0x80) ? 0 : SP_FRAMING_MAX_DELIMITER + 1 + (b[2] >> 4 & 7);
          break;
        default:
          if (b[0] & 0x04)
            config->max_frame = 0;
          else
            config->fixed_size = (b[7] & 1) ? 0 : config->max_frame + 1 + b[7];
          break;
        }
      return FALSE;
    }

  return TRUE;
}

/* Expected outcome of an encode, or -1 for success, computed plainly. */
static int
expected_encode_error (const SpFramingConfig *config,
                       const guint8          *payload,
                       gsize                  len)
{
  switch (config->mode)
    {
    case SP_FRAMING_OFF:
      return -1;

    case SP_FRAMING_LENGTH_PREFIX:
      {
        guint bits = config->header_size * 8 - (config->is_signed ? 1 : 0);
        guint64 value = len + (config->length_includes_header ? config->header_size : 0);

        if (len > config->max_frame)
          return SP_FRAMING_ERROR_TOO_LARGE;
        if (bits < 64 && value >= (G_GUINT64_CONSTANT (1) << bits))
          return SP_FRAMING_ERROR_TOO_LARGE;
        return -1;
      }

    case SP_FRAMING_DELIMITER:
      {
        gsize dl = config->delimiter_len;
        g_autofree guint8 *frame = NULL;

        if (len > config->max_frame)
          return SP_FRAMING_ERROR_TOO_LARGE;

        frame = g_malloc (len + dl);
        memcpy (frame, payload, len);
        memcpy (frame + len, config->delimiter, dl);
        for (gsize i = 0; i < len; i++)
          if (memcmp (frame + i, config->delimiter, dl) == 0)
            return SP_FRAMING_ERROR_CONTAINS_DELIMITER;
        return -1;
      }

    case SP_FRAMING_FIXED_SIZE:
      return len == config->fixed_size ? -1 : SP_FRAMING_ERROR_WRONG_SIZE;

    default:
      abort ();
    }
}

typedef struct {
  GPtrArray *frames;
  int        error;     /* SpFramingError of the feeds, or -1 */
  gsize      pending;   /* when no error */
} Outcome;

static void
outcome_clear (Outcome *o)
{
  g_clear_pointer (&o->frames, g_ptr_array_unref);
}

static SpFrame *
frame_new (const guint8 *stream,
           gsize         offset,
           gsize         payload_start,
           gsize         payload_len,
           gsize         frame_len)
{
  SpFrame *frame = g_new (SpFrame, 1);

  frame->payload = g_bytes_new (stream + payload_start, payload_len);
  frame->stream_offset = offset;
  frame->frame_len = frame_len;

  return frame;
}

/* The decoder as a student would write it, with the whole stream at hand. */
static Outcome
reference_decode (const SpFramingConfig *config,
                  const guint8          *stream,
                  gsize                  len)
{
  Outcome o = { g_ptr_array_new_with_free_func ((GDestroyNotify) sp_frame_free), -1, 0 };
  gsize pos = 0;

  for (;;)
    {
      gsize rest = len - pos;

      if (config->mode == SP_FRAMING_LENGTH_PREFIX)
        {
          guint hs = config->header_size;
          guint64 raw = 0;
          guint64 payload;

          if (rest < hs)
            break;
          for (guint i = 0; i < hs; i++)
            raw = raw << 8 | stream[pos + (config->big_endian ? i : hs - 1 - i)];

          if (config->is_signed && (raw >> (hs * 8 - 1)))
            {
              o.error = SP_FRAMING_ERROR_NEGATIVE_LENGTH;
              break;
            }
          payload = raw;
          if (config->length_includes_header)
            {
              if (raw < hs)
                {
                  o.error = SP_FRAMING_ERROR_LENGTH_BELOW_HEADER;
                  break;
                }
              payload -= hs;
            }
          if (payload > config->max_frame)
            {
              o.error = SP_FRAMING_ERROR_TOO_LARGE;
              break;
            }
          if (rest - hs < payload)
            break;

          g_ptr_array_add (o.frames, frame_new (stream, pos, pos + hs, payload, hs + payload));
          pos += hs + payload;
        }
      else if (config->mode == SP_FRAMING_DELIMITER)
        {
          gsize dl = config->delimiter_len;
          gsize found = G_MAXSIZE;

          for (gsize i = pos; i + dl <= len; i++)
            if (memcmp (stream + i, config->delimiter, dl) == 0)
              {
                found = i;
                break;
              }

          if (found == G_MAXSIZE)
            {
              if (rest >= config->max_frame + dl)
                o.error = SP_FRAMING_ERROR_TOO_LARGE;
              break;
            }
          if (found - pos > config->max_frame)
            {
              o.error = SP_FRAMING_ERROR_TOO_LARGE;
              break;
            }

          g_ptr_array_add (o.frames, frame_new (stream, pos, pos, found - pos, found - pos + dl));
          pos = found + dl;
        }
      else if (config->mode == SP_FRAMING_FIXED_SIZE)
        {
          if (rest < config->fixed_size)
            break;
          g_ptr_array_add (o.frames, frame_new (stream, pos, pos, config->fixed_size, config->fixed_size));
          pos += config->fixed_size;
        }
      else
        {
          abort ();
        }
    }

  if (o.error < 0)
    o.pending = len - pos;

  return o;
}

static guint32
next_random (guint32 *state)
{
  /* xorshift32: the chunking only has to be reproducible. */
  *state ^= *state << 13;
  *state ^= *state >> 17;
  *state ^= *state << 5;
  return *state;
}

/* Feeds @stream in chunks of at most @max_chunk bytes (0: in one piece). */
static Outcome
decode (const SpFramingConfig *config,
        const guint8          *stream,
        gsize                  len,
        guint                  max_chunk,
        guint32                seed)
{
  Outcome o = { g_ptr_array_new_with_free_func ((GDestroyNotify) sp_frame_free), -1, 0 };
  g_autoptr(SpFrameDecoder) decoder = sp_frame_decoder_new (config);
  g_autoptr(GError) error = NULL;
  guint32 state = seed | 1;
  gsize pos = 0;

  CHECK (decoder != NULL);

  do
    {
      gsize n = len - pos;

      if (max_chunk > 0)
        {
          gsize chunk = next_random (&state) % (max_chunk + 1);

          n = MIN (n, chunk);
        }

      gboolean ok;

      /* Every other chunking feeds GBytes (the engine's way): frames inside
       * a chunk are views on it and must outlive it correctly. */
      if (seed & 2)
        {
          g_autoptr(GBytes) chunk = g_bytes_new (stream + pos, n);

          ok = sp_frame_decoder_feed_bytes (decoder, chunk, o.frames, &error);
        }
      else
        ok = sp_frame_decoder_feed (decoder, stream + pos, n, o.frames, &error);

      if (!ok)
        {
          CHECK (error != NULL && error->domain == SP_FRAMING_ERROR);
          CHECK (error->message != NULL && error->message[0] != '\0');
          o.error = error->code;
          break;
        }
      CHECK (error == NULL);
      pos += n;

      /* The "waiting for N more bytes" numbers stay within the frame. */
      if (config->mode == SP_FRAMING_FIXED_SIZE)
        CHECK (sp_frame_decoder_get_pending (decoder) + sp_frame_decoder_get_needed (decoder) ==
               (sp_frame_decoder_get_pending (decoder) ? config->fixed_size : 0));
      if (config->mode == SP_FRAMING_LENGTH_PREFIX && sp_frame_decoder_get_pending (decoder) > 0)
        CHECK (sp_frame_decoder_get_needed (decoder) > 0);
    }
  while (pos < len);

  if (o.error < 0)
    {
      gboolean finished;

      o.pending = sp_frame_decoder_get_pending (decoder);
      finished = sp_frame_decoder_finish (decoder, &error);
      CHECK (finished == (o.pending == 0));
      CHECK (finished || g_error_matches (error, SP_FRAMING_ERROR, SP_FRAMING_ERROR_TRUNCATED));
      g_clear_error (&error);
    }
  else
    {
      guint n_frames = o.frames->len;

      /* Stays failed, with the same error. */
      g_clear_error (&error);
      CHECK (!sp_frame_decoder_feed (decoder, stream, len, o.frames, &error));
      CHECK (g_error_matches (error, SP_FRAMING_ERROR, o.error));
      g_clear_error (&error);
      CHECK (!sp_frame_decoder_finish (decoder, &error));
      CHECK (g_error_matches (error, SP_FRAMING_ERROR, o.error));
      CHECK (o.frames->len == n_frames);
      CHECK (sp_frame_decoder_get_pending (decoder) == 0);
    }

  return o;
}

static void
check_same (const Outcome *a,
            const Outcome *b)
{
  CHECK (a->error == b->error);
  CHECK (a->pending == b->pending);
  CHECK (a->frames->len == b->frames->len);

  for (guint i = 0; i < a->frames->len; i++)
    {
      const SpFrame *fa = g_ptr_array_index (a->frames, i);
      const SpFrame *fb = g_ptr_array_index (b->frames, i);

      CHECK (fa->stream_offset == fb->stream_offset);
      CHECK (fa->frame_len == fb->frame_len);
      CHECK (g_bytes_equal (fa->payload, fb->payload));
    }
}

static void
round_trip (const SpFramingConfig *config,
            const guint8          *payload,
            gsize                  len)
{
  g_autoptr(GBytes) in = g_bytes_new (payload, len);
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GError) error = NULL;
  gsize header_len = 12345, trailer_len = 12345;
  int expected = expected_encode_error (config, payload, len);
  const guint8 *frame;
  gsize frame_len;

  out = sp_framing_encode (config, in, &header_len, &trailer_len, &error);
  if (out == NULL)
    {
      CHECK (error != NULL && error->domain == SP_FRAMING_ERROR);
      CHECK (error->code == expected);
      CHECK (header_len == 0 && trailer_len == 0);
      return;
    }

  CHECK (error == NULL);
  CHECK (expected == -1);
  frame = g_bytes_get_data (out, &frame_len);
  CHECK (frame_len == header_len + len + trailer_len);
  CHECK (len == 0 || memcmp (frame + header_len, payload, len) == 0);

  if (config->mode == SP_FRAMING_OFF)
    {
      CHECK (header_len == 0 && trailer_len == 0);
      return;
    }

  for (guint max_chunk = 0; max_chunk <= 3; max_chunk++)
    {
      Outcome o = decode (config, frame, frame_len, max_chunk, 7);
      const SpFrame *f;

      CHECK (o.error == -1);
      CHECK (o.pending == 0);
      CHECK (o.frames->len == 1);
      f = g_ptr_array_index (o.frames, 0);
      CHECK (f->stream_offset == 0);
      CHECK (f->frame_len == frame_len);
      CHECK (g_bytes_equal (f->payload, in));
      outcome_clear (&o);
    }
}

static void
check_off (const SpFramingConfig *config,
           const guint8          *stream,
           gsize                  len,
           guint32                seed)
{
  Outcome o = decode (config, stream, len, 64, seed);
  gsize pos = 0;

  CHECK (o.error == -1 && o.pending == 0);
  for (guint i = 0; i < o.frames->len; i++)
    {
      const SpFrame *f = g_ptr_array_index (o.frames, i);
      gsize n;
      const guint8 *p = g_bytes_get_data (f->payload, &n);

      CHECK (f->stream_offset == pos);
      CHECK (f->frame_len == n && n > 0);
      CHECK (memcmp (p, stream + pos, n) == 0);
      pos += n;
    }
  CHECK (pos == len);
  outcome_clear (&o);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const guint max_chunks[8] = { 1, 2, 3, 7, 16, 61, 300, 5000 };
  SpFramingConfig config;
  const guint8 *payload;
  const guint8 *stream;
  gsize payload_len, stream_len;
  g_autofree char *description = NULL;
  Outcome reference, whole, chunked;

  if (size < CONFIG_BYTES + 2)
    return 0;

  if (!config_from_input (&config, data))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) in = g_bytes_new (data, size);
      g_autoptr(GBytes) out = NULL;

      CHECK (!sp_framing_config_check (&config, &error));
      CHECK (g_error_matches (error, SP_FRAMING_ERROR, SP_FRAMING_ERROR_INVALID_CONFIG));
      g_clear_error (&error);
      out = sp_framing_encode (&config, in, NULL, NULL, &error);
      CHECK (out == NULL);
      CHECK (g_error_matches (error, SP_FRAMING_ERROR, SP_FRAMING_ERROR_INVALID_CONFIG));
      return 0;
    }

  CHECK (sp_framing_config_check (&config, NULL));
  description = sp_framing_config_describe (&config);
  CHECK (description != NULL && g_utf8_validate (description, -1, NULL));

  payload = data + CONFIG_BYTES + 2;
  payload_len = MIN ((gsize) ((data[CONFIG_BYTES] & 0x7f) << 8 | data[CONFIG_BYTES + 1]),
                     size - CONFIG_BYTES - 2);
  stream = payload + payload_len;
  stream_len = size - CONFIG_BYTES - 2 - payload_len;

  /* A payload of the one size fixed framing takes, when there is one. */
  if (config.mode == SP_FRAMING_FIXED_SIZE && (data[CONFIG_BYTES] & 0x80) &&
      size - CONFIG_BYTES - 2 >= config.fixed_size)
    round_trip (&config, payload, config.fixed_size);
  else
    round_trip (&config, payload, payload_len);

  if (config.mode == SP_FRAMING_OFF)
    {
      check_off (&config, stream, stream_len, data[10]);
      return 0;
    }

  reference = reference_decode (&config, stream, stream_len);
  whole = decode (&config, stream, stream_len, 0, 0);
  chunked = decode (&config, stream, stream_len, max_chunks[data[10] & 7], data[10]);
  check_same (&reference, &whole);
  check_same (&reference, &chunked);

  outcome_clear (&reference);
  outcome_clear (&whole);
  outcome_clear (&chunked);

  return 0;
}
