/* sp-user-text.h: what people write in fields, session files and lesson
 * setups — whole numbers, one of two words — and their text quoted back in
 * a message when it is wrong
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Enough of a bad value to recognise it; the rest would only flood the
 * message (a value can be a megabyte long). */
#define SP_USER_TEXT_MAX_QUOTED 40

/* @text as valid UTF-8 of at most @max_chars characters, "…" marking a cut. */
char     *sp_user_text_shorten      (const char *text,
                                     glong       max_chars);
/* User text echoed in a message: sp_user_text_shorten() to
 * SP_USER_TEXT_MAX_QUOTED characters. */
char     *sp_user_text_quote        (const char *text);
/* A whole number from @min to @max written in plain decimal digits: no
 * sign, no white space, no "0x" (leading zeros are fine). FALSE, leaving
 * *@out alone, for anything else, NULL included. */
gboolean  sp_user_text_parse_uint   (const char *word,
                                     guint64     min,
                                     guint64     max,
                                     guint64    *out);
/* *@out = FALSE for @if_false, TRUE for @if_true ("off"/"on",
 * "false"/"true"...); FALSE for any other word, NULL included. */
gboolean  sp_user_text_parse_choice (const char *word,
                                     const char *if_false,
                                     const char *if_true,
                                     gboolean   *out);
/* Whether @text ends in a "\" that escapes nothing: setup commands and
 * lesson checks use C-like escapes (\n, \\) that g_strcompress() undoes,
 * and it would warn at such a backslash and drop it. */
gboolean  sp_user_text_ends_in_lone_backslash (const char *text);

G_END_DECLS
