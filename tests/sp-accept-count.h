/* sp-accept-count.h: how many accept() calls this process made
 *
 * Linking sp-accept-count.c into a program puts its accept() and accept4()
 * in front of the C library's (the program's own symbols come first), so
 * every call GIO makes is counted before it goes on to the real one. A test
 * can then assert how often the engine tried to accept, rather than how
 * long something took.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* accept() and accept4() calls so far, from any thread, failed ones too. */
guint sp_accept_count_get (void);

G_END_DECLS
