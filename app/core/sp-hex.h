/* sp-hex.h: hex dump formatting and hex input parsing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Bytes per dump line and the width of one formatted line, without '\n'.
 * Layout (as Wireshark's "Follow Stream" hex dump):
 *   "00000000  48 65 6c 6c 6f 2c 20 77  6f 72 6c 64 0a 00 01 02  Hello, w orld...."
 *   8-digit lowercase hex offset, two spaces, 16 bytes as "xx " with one extra
 *   space after the 8th byte, one more space, then the ASCII column: printable
 *   bytes 0x20..0x7e as themselves, everything else '.', a space between the
 *   8th and 9th character. A short last line is padded in the hex part so the
 *   ASCII column lines up, and has no trailing spaces after its ASCII.
 */
#define SP_HEX_BYTES_PER_LINE 16
#define SP_HEX_LINE_WIDTH     (8 + 2 + 16 * 3 + 1 + 1 + 16 + 1)

/* The same layout with 8 or 32 bytes per line (Preferences): one group of
 * 8 bytes, or four, each group followed by one extra space, and the ASCII
 * column split the same way. 16 gives exactly the layout above. */
#define SP_HEX_MAX_BYTES_PER_LINE 32
#define SP_HEX_MAX_LINE_WIDTH     (10 + 4 * 25 + 32 + 3)

gboolean sp_hex_bytes_per_line_is_valid (guint bytes_per_line);
/* Width of a full line, without '\n'. */
gsize    sp_hex_line_width      (guint bytes_per_line);
/* The column of byte @j's first hex digit / its ASCII character. */
guint    sp_hex_hex_column      (guint j);
guint    sp_hex_ascii_column    (guint j,
                                 guint bytes_per_line);
gsize    sp_hex_n_lines_for     (gsize         n_bytes,
                                 guint         bytes_per_line);
/* As sp_hex_format_line(); @out holds SP_HEX_MAX_LINE_WIDTH + 1 bytes. */
gsize    sp_hex_format_line_for (const guint8 *data,
                                 gsize         n_bytes,
                                 gsize         line,
                                 guint         bytes_per_line,
                                 char         *out);

gsize  sp_hex_n_lines     (gsize          n_bytes);
/* Formats line @line (< sp_hex_n_lines (@n_bytes)) of @data into @out, which
 * must hold SP_HEX_LINE_WIDTH + 1 bytes; returns the length written
 * (NUL-terminated). Offsets past 4 GiB wrap to keep the 8-digit width. */
gsize  sp_hex_format_line (const guint8  *data,
                           gsize          n_bytes,
                           gsize          line,
                           char          *out);
/* The whole dump, lines separated by '\n' (no trailing newline); "" for 0 bytes. */
char  *sp_hex_format      (const guint8  *data,
                           gsize          n_bytes);
/* "48 65 6c" — bytes separated by single spaces; "" for 0 bytes. */
char  *sp_hex_format_compact (const guint8 *data,
                              gsize         n_bytes);

#define SP_HEX_PARSE_ERROR (sp_hex_parse_error_quark ())
typedef enum {
  SP_HEX_PARSE_ERROR_INVALID_CHARACTER,
  SP_HEX_PARSE_ERROR_ODD_DIGITS,
  SP_HEX_PARSE_ERROR_EMPTY,
} SpHexParseError;

GQuark      sp_hex_parse_error_quark (void);

/* Parses user hex input. Accepted forms, freely mixed:
 *   "48 65 6c"   "48656c"   "\x48\x65"   "0x48,0x65"   "48:65:6c"   "48-65"
 * Separators: ASCII white space (as g_ascii_isspace()), ',', ':', '-', ';'.
 * A "0x"/"0X"/"\x"/"\X" prefix introduces one byte of one or two digits
 * ("0x5" is 05); it may also follow a byte directly ("0x480x65", "480x65").
 * Bare digit runs are read in pairs and must have an even number of digits.
 * @length is in bytes, -1 for NUL-terminated.
 *
 * On error returns NULL, sets @error and, if @error_pos is not NULL, the
 * 0-based *character* (not byte) offset of the first bad character in
 * @text; messages give the same position 1-based:
 *   INVALID_CHARACTER  a character that is no digit, separator or prefix;
 *                      a prefix with no digit: the position just after it
 *                      (may equal the length: "0x" gives 2); a third digit
 *                      after a prefix: that digit ("0x123" gives 4)
 *   ODD_DIGITS         the lone last digit of an odd run ("48 6" gives 3);
 *                      but junk right after it wins ("48 6ç" is an invalid
 *                      character at 4)
 *   EMPTY              no bytes at all (only separators); position 0 */
GBytes     *sp_hex_parse (const char  *text,
                          gssize       length,
                          gsize       *error_pos,
                          GError     **error);

G_END_DECLS
