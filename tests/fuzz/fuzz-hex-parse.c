/* fuzz-hex-parse.c: libFuzzer target for hex input parsing and hex dumps
 *
 * The input is parsed as hex text; what parses must survive a round trip
 * through sp_hex_format_compact(). The input is also dumped as raw bytes,
 * whole and line by line, and the two must agree. Any disagreement aborts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "sp-hex.h"

#include "fuzz-common.h"

/* Characters as sp_hex_parse() counts them for error positions. */
static gsize
n_chars (const guint8 *text,
         gsize         len)
{
  gsize n = 0;

  for (gsize i = 0; i < len; i++)
    n += (text[i] & 0xc0) != 0x80;

  return n;
}

static void
check_parse (const guint8 *data,
             gsize         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autofree char *compact = NULL;
  gsize pos = G_MAXSIZE;
  const guint8 *parsed;
  gsize n_parsed;

  bytes = sp_hex_parse ((const char *) data, size, &pos, &error);
  if (bytes == NULL)
    {
      CHECK (error != NULL && error->domain == SP_HEX_PARSE_ERROR);
      CHECK (error->message != NULL && g_utf8_validate (error->message, -1, NULL));
      CHECK (pos <= n_chars (data, size));
      if (error->code == SP_HEX_PARSE_ERROR_EMPTY)
        CHECK (pos == 0);
      return;
    }

  CHECK (error == NULL);
  CHECK (pos == G_MAXSIZE);
  parsed = g_bytes_get_data (bytes, &n_parsed);
  CHECK (n_parsed > 0);
  /* Every byte takes two characters at least ("48", or "0x5" for three). */
  CHECK (2 * n_parsed <= size);

  compact = sp_hex_format_compact (parsed, n_parsed);
  CHECK (strlen (compact) == 3 * n_parsed - 1);
  again = sp_hex_parse (compact, -1, NULL, &error);
  CHECK (error == NULL);
  CHECK (again != NULL && g_bytes_equal (again, bytes));
}

static void
check_format (const guint8 *data,
              gsize         size)
{
  g_autofree char *dump = sp_hex_format (data, size);
  g_autofree char *compact = sp_hex_format_compact (data, size);
  g_autoptr(GString) joined = g_string_new (NULL);
  gsize n_lines = sp_hex_n_lines (size);

  CHECK (dump != NULL && compact != NULL);
  CHECK (n_lines == (size + SP_HEX_BYTES_PER_LINE - 1) / SP_HEX_BYTES_PER_LINE);

  for (gsize line = 0; line < n_lines; line++)
    {
      char out[SP_HEX_LINE_WIDTH + 1];
      gsize len = sp_hex_format_line (data, size, line, out);

      CHECK (len == strlen (out));
      CHECK (len <= SP_HEX_LINE_WIDTH);
      CHECK (line + 1 < n_lines ? len == SP_HEX_LINE_WIDTH : len > 0);
      if (line > 0)
        g_string_append_c (joined, '\n');
      g_string_append_len (joined, out, len);
    }
  CHECK (strcmp (joined->str, dump) == 0);

  if (size == 0)
    {
      CHECK (compact[0] == '\0');
    }
  else
    {
      g_autoptr(GBytes) back = sp_hex_parse (compact, -1, NULL, NULL);
      g_autoptr(GBytes) original = g_bytes_new (data, size);

      CHECK (strlen (compact) == 3 * size - 1);
      CHECK (back != NULL && g_bytes_equal (back, original));
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  check_parse (data, size);
  check_format (data, size);

  return 0;
}
