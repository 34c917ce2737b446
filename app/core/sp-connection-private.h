/* sp-connection-private.h: SpConnection's fields, shared by its own files
 * (sp-connection.c: the object and what it records; sp-connection-io.c: its
 * sockets' I/O)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sp-connection-host.h"
#include "sp-socket-watch.h"

G_BEGIN_DECLS

/* The first bytes of one direction, in pieces of up to STREAM_PIECE bytes
 * (sp-connection.c), the last one grown as bytes come. Not one growing
 * array: at a megabyte its realloc reaches malloc's mmap range, and once
 * such a block is freed glibc raises that threshold, so the next
 * connection's copy takes new heap pages (a page fault each) where pieces
 * reuse freed ones. */
typedef struct {
  GPtrArray *pieces;
  gsize      len;
  gsize      room;     /* the last piece's size */
} SpStreamCopy;

struct _SpConnection
{
  GObject            parent_instance;

  /* The endpoint's side of things; NULL once it let go (sp_connection_abandon()). */
  SpConnectionHost  *host;

  guint              id;
  char              *local_address;
  char              *remote_address;   /* an interned GRefString */
  SpConnectionState  state;
  guint64            bytes_sent;
  guint64            bytes_received;
  gsize              bytes_queued;
  gboolean           is_datagram;
  /* Held by a dispatch: the byte counts' notifications wait for its end. */
  guint              notify_hold;
  guint              notify_pending;   /* bits: 1 << PROP_BYTES_… */

  /* TCP: this connection's own socket. UDP: the endpoint's socket, shared. */
  GSocket           *socket;
  /* UDP: where datagrams for this peer go; NULL on a connect()ed socket. */
  GSocketAddress    *remote;
  /* Keeps GSocketClient's result alive so it does not close the socket. */
  GIOStream         *stream;
  SpSocketWatch     *in_source;
  SpSocketWatch     *out_source;
  GQueue             send_queue;   /* of SendItem, see sp-connection-io.c */

  guint              send_calls;
  guint              recv_calls;
  SpFrameDecoder    *decoder;      /* NULL when framing is off */

  /* What the stream view draws: the bytes each way (the first
   * SP_CONNECTION_STREAM_CAPTURE of them) and where each call's bytes start. */
  SpStreamCopy       stream_in;
  SpStreamCopy       stream_out;
  GArray            *recv_chunks;  /* of SpStreamChunk */
  GArray            *send_chunks;  /* of SpStreamChunk */
  char              *registry_key;
  char              *tcp_state;

  /* A relay's pair (sp-connection-relay.c): the other one, a weak pointer. */
  SpConnection      *relay_partner;
  SpRelaySide        relay_side;
  /* The other side sent its FIN: shutdown(SHUT_WR) once the queue is out. */
  gboolean           relay_fin_pending;
  gboolean           relay_fin_sent;
  /* Closed by a receive or send error: the partner is reset, not closed. */
  gboolean           relay_reset;
  /* SO_LINGER 0 was set to pass a reset on: the close sends RST. */
  gboolean           relay_sends_reset;
};

/* sp-connection.c */
void  sp_connection_set_state        (SpConnection      *self,
                                      SpConnectionState  state);
void  sp_connection_set_bytes_queued (SpConnection      *self,
                                      gsize              bytes_queued);
/* One send call's bytes, for the counters and the stream view (a receive
 * call's: sp_connection_record_received() in sp-connection-host.h). */
void  sp_connection_record_sent      (SpConnection      *self,
                                      const guint8      *data,
                                      gsize              len);
/* Around a dispatch: bytes-sent / bytes-received notify once, at the end. */
void  sp_connection_hold_notify      (SpConnection      *self);
void  sp_connection_release_notify   (SpConnection      *self);

/* sp-connection-io.c */
/* Drops the sources and what is still queued (dispose). */
void  sp_connection_clear_io         (SpConnection      *self);

/* sp-connection-relay.c */
/* The name "Copy as Python" gives this connection's socket: conn1, sk, or
 * upstream2 for a relay's connection to its target. */
char     *_sp_connection_py_name          (SpConnection      *self);
/* Logs an event about the connection as a whole (closed, peer closed). */
void      _sp_connection_log_note         (SpConnection      *self,
                                           SpEventKind        kind,
                                           const char        *message);
/* The same, with @flags (a shutdown(SHUT_WR) passed on, a reset). */
void      _sp_connection_log_flagged_note (SpConnection      *self,
                                           SpEventKind        kind,
                                           SpEventFlags       flags,
                                           const char        *message);
/* Sends what this side of a relay received (@len bytes at @offset in
 * @block, the capture store's) out of the other side. */
void      _sp_connection_relay_forward    (SpConnection      *self,
                                           GBytes            *block,
                                           gsize              offset,
                                           gsize              len);
/* The other side has bytes the kernel did not take yet: stop reading
 * until they are out, so nothing piles up in memory. */
gboolean  _sp_connection_relay_backed_up  (SpConnection      *self);
/* recv() returned 0 here: the FIN goes on to the other side. */
void      _sp_connection_relay_peer_closed (SpConnection     *self);
/* This side's send queue is empty. */
void      _sp_connection_relay_drained    (SpConnection      *self);
/* This side was closed: so is the other (reset, after an error). */
void      _sp_connection_relay_closed     (SpConnection      *self);

G_END_DECLS
