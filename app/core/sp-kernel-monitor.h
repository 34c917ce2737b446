/* sp-kernel-monitor.h: what the kernel says about an endpoint's sockets —
 * TCP states (LISTEN, ESTABLISHED, TIME_WAIT...) and the bytes waiting in
 * their receive and send queues — polled while a pane shows them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sp-endpoint.h"

G_BEGIN_DECLS

#define SP_KERNEL_MONITOR_DEFAULT_INTERVAL_MS 250
/* A periodic poll asks about this many connections per main-loop
 * iteration at most; the summary comes when it has asked about all. */
#define SP_KERNEL_MONITOR_CONNECTIONS_PER_SLICE 256

#define SP_TYPE_KERNEL_MONITOR (sp_kernel_monitor_get_type ())
G_DECLARE_FINAL_TYPE (SpKernelMonitor, sp_kernel_monitor, SP, KERNEL_MONITOR, GObject)

/* Polls @interval_ms (0: SP_KERNEL_MONITOR_DEFAULT_INTERVAL_MS) after the
 * last poll ended, also while @endpoint is stopped (closed connections
 * linger in the kernel), and at once whenever the endpoint starts, stops,
 * pauses or resumes, or gains or loses a connection. Each poll sets the
 * connections' "tcp-state"; the kernel's TCP tables are read once per tick
 * for all monitors, and only when a TCP endpoint has sockets to look up. */
SpKernelMonitor *sp_kernel_monitor_new                (SpEndpoint      *endpoint,
                                                       guint            interval_ms);
SpEndpoint      *sp_kernel_monitor_get_endpoint       (SpKernelMonitor *self);
/* Polls now, every connection at once. */
void             sp_kernel_monitor_update             (SpKernelMonitor *self);
/* For tests: the periodic polls' slice (0: the default); the main-loop
 * iterations the last periodic poll took, and the most connections it
 * asked about in one. */
void             sp_kernel_monitor_set_slice          (SpKernelMonitor *self,
                                                       guint            n_connections);
guint            sp_kernel_monitor_get_last_poll      (SpKernelMonitor *self,
                                                       guint           *largest_slice);
/* The receive and send queues summed over the open connections (TCP) or of
 * the socket (UDP) at the last poll; FALSE when not running or where the
 * system can't say. */
gboolean         sp_kernel_monitor_get_queues         (SpKernelMonitor *self,
                                                       guint           *in_queue,
                                                       guint           *out_queue);
/* A TCP server's listening socket's state ("LISTEN") at the last poll, or
 * NULL. */
const char      *sp_kernel_monitor_get_listener_state (SpKernelMonitor *self);
/* All of it in one line for the pane, translated: "ESTABLISHED · in kernel:
 * recv-Q 0 B · send-Q 0 B", "no socket · after close: #1 TIME_WAIT",
 * "… · still to send: 4096 B" while sendall() waits for the kernel. */
const char      *sp_kernel_monitor_get_summary        (SpKernelMonitor *self);

G_END_DECLS
