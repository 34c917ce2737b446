/* sp-errno.h: recover the errno behind a GIO error, for teaching
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The errno value behind @error (0 when there is none, e.g. a resolver error). */
int          sp_errno_from_error (const GError *error);
/* "EADDRINUSE" for EADDRINUSE; NULL for 0 or an unknown value. */
const char  *sp_errno_name       (int           errnum);

G_END_DECLS
