/* sp-code-gen.h: "Copy as Python" / "Copy as C" for a pane
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sp-endpoint.h"

G_BEGIN_DECLS

typedef enum {
  SP_CODE_PYTHON,
  SP_CODE_C,
} SpCodeLanguage;

/* A runnable program making the calls @endpoint made (in the tutorials'
 * style for Python, POSIX sockets for C). For a relay (TCP or UDP), a
 * relay like it. */
char *sp_code_generate (SpEndpoint     *endpoint,
                        SpCodeLanguage  language);

G_END_DECLS
