/* sp-text-codec.h: text <-> bytes in the encodings the composer offers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  SP_TEXT_ENCODING_UTF8,
  SP_TEXT_ENCODING_GBK,
  SP_TEXT_ENCODING_LATIN1,
} SpTextEncoding;

typedef enum {
  SP_LINE_ENDING_NONE,
  SP_LINE_ENDING_LF,
  SP_LINE_ENDING_CRLF,
} SpLineEnding;

#define SP_TEXT_CODEC_ERROR (sp_text_codec_error_quark ())
typedef enum {
  SP_TEXT_CODEC_ERROR_UNREPRESENTABLE,
  SP_TEXT_CODEC_ERROR_INVALID_INPUT,
} SpTextCodecError;

GQuark       sp_text_codec_error_quark   (void);

/* iconv name, e.g. "GBK"; and the name shown to users ("UTF-8", "GBK", "Latin-1"). */
const char  *sp_text_encoding_charset    (SpTextEncoding  encoding);
const char  *sp_text_encoding_label      (SpTextEncoding  encoding);

/* Encodes UTF-8 @text into @encoding and appends @ending (line breaks inside
 * @text are left as they are). On a character the encoding cannot represent
 * returns NULL, sets @error (which names the character; the message counts
 * characters from 1) and *error_pos to its 0-based character offset. Text
 * that is not valid UTF-8 gives SP_TEXT_CODEC_ERROR_INVALID_INPUT, with
 * *error_pos at the first invalid byte (counted in characters). */
GBytes      *sp_text_encode              (const char     *text,
                                          SpTextEncoding  encoding,
                                          SpLineEnding    ending,
                                          gsize          *error_pos,
                                          GError        **error);

/* Decodes @data for display, never failing: bytes that are not valid in
 * @encoding appear as "\xNN" escapes (so invalid UTF-8/GBK is shown, not
 * lost; in GBK a lead byte with a bad trail is escaped alone); control
 * characters appear as C escapes ("\r", "\0", "\t", "\x1b", DEL "\x7f";
 * Latin-1 0x80..0x9f as "\xNN", UTF-8 C1 controls as "\u0085"), and a
 * backslash as "\\" so the result is unambiguous.
 * '\n' stays a real newline unless @single_line is TRUE, then it is "\n"
 * (U+2028/U+2029 likewise become "\u2028"/"\u2029").
 * At most @max_bytes input bytes are decoded (G_MAXSIZE for all); a
 * character cut by that limit is dropped, and when the input is longer "…"
 * is appended. Returns valid UTF-8. */
char        *sp_text_decode_for_display  (const guint8   *data,
                                          gsize           n_bytes,
                                          SpTextEncoding  encoding,
                                          gboolean        single_line,
                                          gsize           max_bytes);

G_END_DECLS
