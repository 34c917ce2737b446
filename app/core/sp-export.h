/* sp-export.h: the session as a pcapng capture, the log as CSV, and a
 * connection's received bytes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sp-endpoint.h"

G_BEGIN_DECLS

/* Every pane's traffic (@endpoints, with their pane @titles for the packet
 * comments) as a pcapng file: synthetic IP and TCP/UDP headers, TCP
 * handshakes, data and FINs with consistent sequence numbers, so Wireshark's
 * "Follow TCP Stream" shows exactly the bytes sent. */
GBytes   *sp_export_pcapng          (GPtrArray  *endpoints,
                                     GPtrArray  *titles,
                                     GError    **error);
/* Every byte connection @connection_id received, in order, exactly. */
GBytes   *sp_export_received_bytes  (SpEndpoint *endpoint,
                                     guint       connection_id);
/* One line per event of every pane, with its bytes in hex. */
char     *sp_export_log_csv         (GPtrArray  *endpoints,
                                     GPtrArray  *titles);

G_END_DECLS
