/* sp-export.h: the session as a pcapng capture, the log as CSV, and a
 * connection's received bytes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sp-endpoint.h"

G_BEGIN_DECLS

#define SP_EXPORT_ERROR (sp_export_error_quark ())
typedef enum {
  SP_EXPORT_ERROR_NOT_KEPT,   /* the capture store released some of the bytes */
} SpExportError;

GQuark    sp_export_error_quark     (void);

/* Every pane's traffic (@endpoints, with their pane @titles for the packet
 * comments) as a pcapng file: synthetic IP and TCP/UDP headers, TCP
 * handshakes, data and FINs with consistent sequence numbers, so Wireshark's
 * "Follow TCP Stream" shows exactly the bytes sent. */
GBytes   *sp_export_pcapng          (GPtrArray  *endpoints,
                                     GPtrArray  *titles,
                                     GError    **error);
/* Every byte connection @connection_id received, in order, exactly; fails
 * (SP_EXPORT_ERROR_NOT_KEPT) rather than save a part when the capture limit
 * let some of them go. The pcapng export fails alike. */
GBytes   *sp_export_received_bytes  (SpEndpoint *endpoint,
                                     guint       connection_id,
                                     GError    **error);
/* One line per event of every pane, with its bytes in hex. */
char     *sp_export_log_csv         (GPtrArray  *endpoints,
                                     GPtrArray  *titles);

G_END_DECLS
