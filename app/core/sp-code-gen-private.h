/* sp-code-gen-private.h: what sp-code-gen.c's files share
 *
 *   sp-code-gen.c        programs that replay what a pane did
 *   sp-code-gen-relay.c  a relay like a relay pane, TCP or UDP
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sp-code-gen.h"

G_BEGIN_DECLS

/* A relay's program: it listens where the pane does and relays to its
 * target, in Python or in C. */
char *_sp_code_gen_relay (SpEndpoint     *endpoint,
                          SpCodeLanguage  language);

G_END_DECLS
