/* sp-connection.h: one conversation of an endpoint (a TCP connection, or a
 * UDP peer address)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum {
  SP_CONNECTION_STATE_OPEN,
  SP_CONNECTION_STATE_PEER_CLOSED,
  SP_CONNECTION_STATE_CLOSED,
} SpConnectionState;

/* How a message is written: like Python's sendall() (keep calling send()
 * until every byte is taken) or like send() (one call, the rest is dropped). */
typedef enum {
  SP_SEND_MODE_ALL,
  SP_SEND_MODE_ONCE,
} SpSendMode;

/* sendall() asks send() for at most this many bytes at a time, and stops
 * for the main-loop dispatch once that much is sent. Asked for all that
 * is left (megabytes), the kernel fills the socket buffers faster than the
 * reader drains them, and the copies in and out of them miss the CPU's
 * caches: on loopback, 256 MiB took up to twice as long. No more than a
 * new socket's receive buffer (tcp_rmem's default, 128 KiB): with larger
 * pieces a connection under BBR left its startup at random and the kernel
 * then paced every segment, the same 256 MiB taking 55 or 100 ms. */
#define SP_CONNECTION_SEND_PIECE (128 * 1024)

/* Which side of a relay a connection is: the client that connected to
 * the relay, or the relay's own connection to its target server. */
typedef enum {
  SP_RELAY_SIDE_NONE,
  SP_RELAY_SIDE_CLIENT,
  SP_RELAY_SIDE_SERVER,
} SpRelaySide;

/* The stream view shows at most this many received bytes per connection. */
#define SP_CONNECTION_STREAM_CAPTURE (1024 * 1024)

typedef struct {
  guint64 offset;        /* in the stream, from the connection's first byte */
  gsize   len;
  guint   call_number;   /* 1 for the first send()/recv() call */
} SpStreamChunk;

#define SP_TYPE_CONNECTION (sp_connection_get_type ())
G_DECLARE_FINAL_TYPE (SpConnection, sp_connection, SP, CONNECTION, GObject)

guint              sp_connection_get_id             (SpConnection *self);
const char        *sp_connection_get_local_address  (SpConnection *self);
const char        *sp_connection_get_remote_address (SpConnection *self);
SpConnectionState  sp_connection_get_state          (SpConnection *self);
gboolean           sp_connection_get_is_datagram    (SpConnection *self);
guint64            sp_connection_get_bytes_sent     (SpConnection *self);
guint64            sp_connection_get_bytes_received (SpConnection *self);
/* Bytes handed to sp_endpoint_send() that the kernel has not taken yet. */
gsize              sp_connection_get_bytes_queued   (SpConnection *self);

/* Takes back whatever of @bytes (the very GBytes handed to sp_endpoint_send()
 * with framing off) the kernel has not taken yet: no further send() call
 * is made for it. Returns how many bytes that was. A stopped file send. */
gsize              sp_connection_retract            (SpConnection *self,
                                                     GBytes       *bytes);

/* The bytes received (or sent, when @outgoing) as captured for the stream
 * view, and where each recv() and send() call's bytes begin. */
GBytes            *sp_connection_dup_stream         (SpConnection *self,
                                                     gboolean      outgoing);
const SpStreamChunk *sp_connection_get_recv_chunks  (SpConnection *self,
                                                     guint        *n_chunks);
const SpStreamChunk *sp_connection_get_send_chunks  (SpConnection *self,
                                                     guint        *n_chunks);
/* The other end of this TCP connection when it is an endpoint of this
 * process too (a client pane talking to a server pane), else NULL. */
SpConnection      *sp_connection_find_peer          (SpConnection *self);
/* A relay's connections come in pairs: what one receives, the other sends.
 * NONE and NULL for every other connection. */
SpRelaySide        sp_connection_get_relay_side     (SpConnection *self);
SpConnection      *sp_connection_get_relay_partner  (SpConnection *self);
/* "ESTABLISHED", "TIME_WAIT"...: the kernel's state of this TCP connection
 * at the last poll of an SpKernelMonitor, NULL when unknown or gone. */
const char        *sp_connection_get_tcp_state      (SpConnection *self);
/* Bytes waiting in the kernel: not yet read by us (SIOCINQ) and not yet
 * acknowledged by the peer (SIOCOUTQ). FALSE where the system can't say. */
gboolean           sp_connection_get_kernel_queues  (SpConnection *self,
                                                     guint        *in_queue,
                                                     guint        *out_queue);

G_END_DECLS
