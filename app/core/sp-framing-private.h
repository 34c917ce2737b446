/* sp-framing-private.h: what the framing configuration, encoder and decoder
 * share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sp-framing.h"

G_BEGIN_DECLS

/* "1 MiB", "64 KiB", else exact bytes: a limit the user typed should read
 * back exactly, not as "1.0 MB". */
char         *sp_framing_format_limit     (guint64       size);
/* The delimiter as C-like escapes, so invisible bytes show. */
char         *sp_framing_escape_delimiter (const guint8 *delimiter,
                                           guint         len);
/* Where @delimiter first occurs in @data, or NULL. */
const guint8 *sp_framing_find_delimiter   (const guint8 *data,
                                           gsize         len,
                                           const guint8 *delimiter,
                                           gsize         delimiter_len);

G_END_DECLS
