/* sp-bench-framing.c: figure 3, the framing decoder against memcpy of the
 * same bytes
 *
 *   sp-bench framing BYTES
 *
 * BYTES of frames with a 4-byte little-endian length prefix (the
 * struct.pack('i') preset) and 1 KiB payloads, in one buffer written before
 * timing (resident, far larger than the caches: both sides read it from
 * memory). The decoder is fed 64 KiB chunks, as recv(65536) returns them
 * (frames straddle the chunk edges), each in a GBytes as the engine feeds
 * its received payloads (a frame inside a chunk is a view on it, a frame
 * across an edge is copied); its frames are freed after each chunk,
 * as the app drops them once shown, so malloc hands the same blocks back
 * (warm after the first chunk). The baseline copies the same payloads, one
 * memcpy of 1 KiB per frame, into one 64 KiB buffer used over and over
 * (warm too): the least work that delivers the same bytes. For reference,
 * memcpy of the whole 64 KiB chunks (headers too, in 64 KiB calls) into
 * that buffer is timed as well.
 *
 * One untimed pass checks every frame; then five timed passes of each,
 * interleaved, the order rotating. Prints one JSON object with every
 * pass; the figures are the medians.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sp-bench.h"
#include "sp-framing.h"

enum { PAYLOAD = 1024, CHUNK = 64 * 1024, PASSES = 5 };

typedef struct {
  SpFramingConfig config;
  GByteArray     *stream;
  gsize           frame_len;
  guint64         n_frames;
  guint8          payload[PAYLOAD];
} Stream;

/* Feeds the whole stream in chunks; the number of frames, or 0 on a
 * framing error. With @check, every payload is compared with the one sent. */
static guint64
decode_pass (Stream   *s,
             gboolean  check)
{
  g_autoptr(SpFrameDecoder) decoder = sp_frame_decoder_new (&s->config);
  g_autoptr(GPtrArray) frames = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_frame_free);
  guint64 n = 0;

  for (gsize off = 0; off < s->stream->len; off += CHUNK)
    {
      /* As the engine feeds it: the received chunk as a GBytes, so frames
       * inside it are views on it. */
      g_autoptr(GBytes) chunk = g_bytes_new_static (s->stream->data + off, MIN (CHUNK, s->stream->len - off));

      if (!sp_frame_decoder_feed_bytes (decoder, chunk, frames, NULL))
        return 0;
      n += frames->len;
      if (check)
        for (guint i = 0; i < frames->len; i++)
          {
            SpFrame *frame = g_ptr_array_index (frames, i);
            gsize len;
            const guint8 *p = g_bytes_get_data (frame->payload, &len);

            if (len != PAYLOAD || memcmp (p, s->payload, PAYLOAD) != 0)
              return 0;
          }
      g_ptr_array_set_size (frames, 0);
    }
  return n;
}

static guint64
memcpy_pass (Stream *s,
             guint8 *out)
{
  volatile guint8 sink = 0;
  guint64 n;

  for (n = 0; n < s->n_frames; n++)
    {
      guint8 *to = out + (n % (CHUNK / PAYLOAD)) * PAYLOAD;

      memcpy (to, s->stream->data + n * s->frame_len + (s->frame_len - PAYLOAD), PAYLOAD);
      sink ^= to[n & (PAYLOAD - 1)];  /* the copy has a reader */
    }
  (void) sink;
  return n;
}

static guint64
chunk_pass (Stream *s,
            guint8 *out)
{
  volatile guint8 sink = 0;

  for (gsize off = 0; off < s->stream->len; off += CHUNK)
    {
      memcpy (out, s->stream->data + off, MIN (CHUNK, s->stream->len - off));
      sink ^= out[off & (CHUNK - 1)];
    }
  (void) sink;
  return s->n_frames;
}

static double
median (double *v,
        guint   n)
{
  g_autofree double *s = g_memdup2 (v, n * sizeof *v);

  for (guint i = 1; i < n; i++)
    for (guint j = i; j > 0 && s[j - 1] > s[j]; j--)
      {
        double x = s[j];

        s[j] = s[j - 1];
        s[j - 1] = x;
      }
  return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

static void
print_list (const char *name,
            double     *v)
{
  g_print ("\"%s\": [", name);
  for (guint i = 0; i < PASSES; i++)
    g_print ("%s%.5f", i ? ", " : "", v[i]);
  g_print ("], ");
}

int
sp_bench_framing_main (int    argc,
                       char **argv)
{
  Stream s = { 0 };
  g_autoptr(GBytes) one = NULL;
  g_autoptr(GBytes) frame = NULL;
  g_autoptr(GByteArray) stream = NULL;
  g_autofree guint8 *out = g_malloc (CHUNK);
  double times[3][PASSES];
  gsize size;
  gboolean ok;

  if (argc != 2 || (size = sp_bench_parse_size (argv[1])) < CHUNK)
    {
      g_printerr ("usage: sp-bench framing BYTES (at least 64K)\n");
      return 2;
    }

  sp_framing_config_init (&s.config);
  sp_framing_config_preset (&s.config, SP_FRAMING_PRESET_PYTHON_STRUCT_I);
  sp_bench_fill_random (s.payload, PAYLOAD, 3);
  one = g_bytes_new_static (s.payload, PAYLOAD);
  frame = sp_framing_encode (&s.config, one, NULL, NULL, NULL);
  s.frame_len = g_bytes_get_size (frame);
  stream = s.stream = g_byte_array_sized_new (size);
  while (stream->len + s.frame_len <= size)
    g_byte_array_append (stream, g_bytes_get_data (frame, NULL), s.frame_len);
  s.n_frames = stream->len / s.frame_len;
  memset (out, 0, CHUNK);

  ok = decode_pass (&s, TRUE) == s.n_frames;

  for (guint pass = 0; pass < PASSES; pass++)
    for (guint k = 0; k < 3; k++)
      {
        guint who = (k + pass) % 3;
        double t0 = sp_bench_now_s ();
        guint64 n = who == 0 ? decode_pass (&s, FALSE) : who == 1 ? memcpy_pass (&s, out) : chunk_pass (&s, out);

        times[who][pass] = sp_bench_now_s () - t0;
        ok = ok && n == s.n_frames;
      }

  g_print ("{\"bytes\": %u, \"frame_payload\": %d, \"frames\": %" G_GUINT64_FORMAT ", \"chunk\": %d, ",
           stream->len, PAYLOAD, s.n_frames, CHUNK);
  print_list ("decode_passes_s", times[0]);
  print_list ("memcpy_passes_s", times[1]);
  print_list ("memcpy_chunks_passes_s", times[2]);
  g_print ("\"decode_s\": %.5f, \"memcpy_s\": %.5f, \"memcpy_chunks_s\": %.5f, "
           "\"decode_MiBps\": %.1f, \"memcpy_MiBps\": %.1f, \"memcpy_chunks_MiBps\": %.1f, "
           "\"complete\": %s}\n",
           median (times[0], PASSES), median (times[1], PASSES), median (times[2], PASSES),
           stream->len / median (times[0], PASSES) / (1 << 20),
           stream->len / median (times[1], PASSES) / (1 << 20),
           stream->len / median (times[2], PASSES) / (1 << 20), ok ? "true" : "false");
  return ok ? 0 : 1;
}
