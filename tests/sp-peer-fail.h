/* sp-peer-fail.h: how the plain peer processes (sp-loadgen, sp-relay-peer,
 * sp-udp-relay-peer) end on an error: a "FAIL: …" line on stdout, which
 * the test reading them reports, and exit status 1
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_NORETURN void sp_peer_fail (const char *format, ...) G_GNUC_PRINTF (1, 2);
