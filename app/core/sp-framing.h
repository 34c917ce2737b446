/* sp-framing.h: message framing over a byte stream — the fix for 黏包
 *
 * Pure code, no sockets: an encoder that wraps one payload into one frame,
 * and an incremental decoder that turns arbitrary chunks of a stream (as
 * recv() returns them) back into the frames that were sent.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* SP_FRAMING_OFF is no framing at all, the 黏包 behaviour itself: the encoder
 * returns the payload unchanged and the decoder returns every fed chunk (one
 * recv()) as one frame. max_frame does not apply to it. */
typedef enum {
  SP_FRAMING_OFF,
  SP_FRAMING_LENGTH_PREFIX,
  SP_FRAMING_DELIMITER,
  SP_FRAMING_FIXED_SIZE,
} SpFramingMode;

typedef enum {
  SP_FRAMING_PRESET_CUSTOM,
  SP_FRAMING_PRESET_PYTHON_STRUCT_I,   /* struct.pack('i', n): 4 bytes, little endian, signed */
  SP_FRAMING_PRESET_NETWORK_ORDER_I,   /* struct.pack('!I', n): 4 bytes, big endian, unsigned */
  SP_FRAMING_PRESET_LINES,             /* "\n" after each message */
} SpFramingPreset;

#define SP_FRAMING_DEFAULT_MAX_FRAME (1024 * 1024)
#define SP_FRAMING_MAX_DELIMITER     16

typedef struct {
  SpFramingMode mode;

  /* SP_FRAMING_LENGTH_PREFIX */
  guint         header_size;        /* 1, 2, 4 or 8 */
  gboolean      big_endian;
  gboolean      is_signed;
  gboolean      length_includes_header;

  /* SP_FRAMING_DELIMITER: 1..SP_FRAMING_MAX_DELIMITER bytes */
  guint8        delimiter[SP_FRAMING_MAX_DELIMITER];
  guint         delimiter_len;

  /* SP_FRAMING_FIXED_SIZE: payload bytes per frame, >= 1 */
  gsize         fixed_size;

  /* Frames whose payload would be larger are refused, in both directions. */
  gsize         max_frame;
} SpFramingConfig;

#define SP_FRAMING_ERROR (sp_framing_error_quark ())
typedef enum {
  SP_FRAMING_ERROR_INVALID_CONFIG,
  SP_FRAMING_ERROR_TOO_LARGE,           /* length above max_frame (or above what the header can say),
                                         * or no delimiter within max_frame */
  SP_FRAMING_ERROR_NEGATIVE_LENGTH,     /* signed header holding a negative number */
  SP_FRAMING_ERROR_LENGTH_BELOW_HEADER, /* header+payload length smaller than the header itself */
  SP_FRAMING_ERROR_TRUNCATED,           /* the stream ended in the middle of a frame */
  SP_FRAMING_ERROR_WRONG_SIZE,          /* fixed size: payload is not exactly N bytes */
  SP_FRAMING_ERROR_CONTAINS_DELIMITER,  /* delimiter framing: payload contains the delimiter */
} SpFramingError;

GQuark       sp_framing_error_quark   (void);

/* OFF, with max_frame set to the default. The other modes' fields get
 * usable defaults (as the Python preset, delimiter "\n", fixed size 16), so
 * switching only the mode gives a valid configuration. */
void         sp_framing_config_init   (SpFramingConfig       *config);
/* Resets @config to @preset, keeping its max_frame. CUSTOM leaves it as is. */
void         sp_framing_config_preset (SpFramingConfig       *config,
                                       SpFramingPreset        preset);
/* FALSE with a message naming the bad field (header size 3, empty
 * delimiter, fixed size 0 or above max_frame, max_frame 0...). Only the
 * fields the mode uses are checked. */
gboolean     sp_framing_config_check  (const SpFramingConfig *config,
                                       GError               **error);
/* Short human description, translated, e.g. "4-byte little-endian signed
 * length prefix (payload only)", "delimiter \r\n" (bytes other than 0x21..0x7e
 * escaped as \n \r \t \0 \\ or \xNN), "fixed 16-byte frames" or "off". */
char        *sp_framing_config_describe (const SpFramingConfig *config);

/* The framing as text, as in session files and lesson setups:
 *   off | python-i | network-i | lines | fixed:N | delimiter:HEX
 *   | length:SIZE:le|be:signed|unsigned:payload|total
 * each optionally followed by ":max=BYTES" (max_frame; left out when it is
 * SP_FRAMING_DEFAULT_MAX_FRAME). @config must pass sp_framing_config_check().
 * Presets are written by name; sp_framing_config_from_string() reads every
 * string this returns back to the same configuration. */
char        *sp_framing_config_to_string   (const SpFramingConfig *config);
/* Parses that syntax (the HEX of a delimiter as sp_hex_parse() accepts it,
 * 1..SP_FRAMING_MAX_DELIMITER bytes). The fields the mode does not use get
 * sp_framing_config_init()'s values. Returns FALSE, leaving @config alone,
 * with an SP_FRAMING_ERROR_INVALID_CONFIG error for the user when @text is
 * not valid or the result fails sp_framing_config_check(). */
gboolean     sp_framing_config_from_string (const char            *text,
                                            SpFramingConfig       *config,
                                            GError               **error);

/* Wraps @payload into one frame. *@header_len and *@trailer_len (may be NULL)
 * say how many bytes before and after the payload are framing, so a view can
 * mark them. OFF returns the payload unchanged. Fails for payloads that
 * cannot be framed (too large, wrong fixed size, contains the delimiter, or
 * ends with the start of a delimiter that would then be found too early),
 * and with SP_FRAMING_ERROR_INVALID_CONFIG for a configuration that does not
 * pass sp_framing_config_check(). */
GBytes      *sp_framing_encode        (const SpFramingConfig *config,
                                       GBytes                *payload,
                                       gsize                 *header_len,
                                       gsize                 *trailer_len,
                                       GError               **error);

typedef struct _SpFrameDecoder SpFrameDecoder;

typedef struct {
  GBytes  *payload;        /* the message, without header or delimiter */
  guint64  stream_offset;  /* offset of the frame's first byte (header included) in the stream */
  gsize    frame_len;      /* header + payload + delimiter */
} SpFrame;

/* @config must pass sp_framing_config_check(); it is copied. */
SpFrameDecoder *sp_frame_decoder_new      (const SpFramingConfig *config);
void            sp_frame_decoder_free     (SpFrameDecoder        *decoder);
/* Feeds the next @len bytes of the stream. Complete frames are appended to
 * @frames (SpFrame*, free with sp_frame_free). Returns FALSE on a framing
 * error; the frames completed before the bad one are still appended. The
 * decoder then stays failed (the stream cannot be resynchronised) and
 * further feeds fail with the same error. Feeding 0 bytes does nothing (an
 * end of stream is sp_frame_decoder_finish()). */
gboolean        sp_frame_decoder_feed     (SpFrameDecoder        *decoder,
                                           const guint8          *data,
                                           gsize                  len,
                                           GPtrArray             *frames,
                                           GError               **error);
/* The same for a chunk held in a GBytes (a received payload): a frame that
 * lies inside @chunk is a view on it (it keeps @chunk alive, no copy). */
gboolean        sp_frame_decoder_feed_bytes (SpFrameDecoder  *decoder,
                                             GBytes          *chunk,
                                             GPtrArray       *frames,
                                             GError         **error);
/* The stream ended (recv() returned 0). FALSE with SP_FRAMING_ERROR_TRUNCATED
 * when a frame had started (the decoder then stays failed), or with the
 * earlier error of a failed decoder. */
gboolean        sp_frame_decoder_finish   (SpFrameDecoder        *decoder,
                                           GError               **error);
/* Bytes buffered for the frame in progress, and how many more are needed to
 * complete it when known: the rest of the frame for a length prefix whose
 * header is complete and for fixed size; the missing header bytes while the
 * header is incomplete. 0 when unknown (delimiter), when no frame has
 * started, and once the decoder failed. */
gsize           sp_frame_decoder_get_pending (SpFrameDecoder     *decoder);
gsize           sp_frame_decoder_get_needed  (SpFrameDecoder     *decoder);
/* The declared length of the frame in progress, when a length prefix has
 * been read (so a view can show the absurd number a mismatch produced): the
 * header's value as is (header included in length_includes_header mode),
 * negative for a negative signed header, unsigned values above G_MAXINT64
 * clamped to it. Still set after a length error; FALSE otherwise. */
gboolean        sp_frame_decoder_get_declared_length (SpFrameDecoder *decoder,
                                                      gint64         *length);

void            sp_frame_free             (SpFrame *frame);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpFrameDecoder, sp_frame_decoder_free)

G_END_DECLS
