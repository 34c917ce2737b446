/* sp-connection-private.h: SpConnection's fields, shared by its own files
 * (sp-connection.c: the object and what it records; sp-connection-io.c: its
 * sockets' I/O)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sp-connection-host.h"

G_BEGIN_DECLS

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

  /* TCP: this connection's own socket. UDP: the endpoint's socket, shared. */
  GSocket           *socket;
  /* UDP: where datagrams for this peer go; NULL on a connect()ed socket. */
  GSocketAddress    *remote;
  /* Keeps GSocketClient's result alive so it does not close the socket. */
  GIOStream         *stream;
  GSource           *in_source;
  GSource           *out_source;
  GQueue             send_queue;   /* of SendItem, see sp-connection-io.c */

  guint              send_calls;
  guint              recv_calls;
  SpFrameDecoder    *decoder;      /* NULL when framing is off */

  /* What the stream view draws: the bytes each way (the first
   * SP_CONNECTION_STREAM_CAPTURE of them) and where each call's bytes start. */
  GByteArray        *stream_in;
  GByteArray        *stream_out;
  GArray            *recv_chunks;  /* of SpStreamChunk */
  GArray            *send_chunks;  /* of SpStreamChunk */
  char              *registry_key;
  char              *tcp_state;
};

/* sp-connection.c */
void  sp_connection_set_state        (SpConnection      *self,
                                      SpConnectionState  state);
void  sp_connection_set_bytes_queued (SpConnection      *self,
                                      gsize              bytes_queued);
/* One receive / send call's bytes, for the counters and the stream view. */
void  sp_connection_record_received  (SpConnection      *self,
                                      const guint8      *data,
                                      gsize              len);
void  sp_connection_record_sent      (SpConnection      *self,
                                      const guint8      *data,
                                      gsize              len);

/* sp-connection-io.c */
/* Drops the sources and what is still queued (dispose). */
void  sp_connection_clear_io         (SpConnection      *self);

G_END_DECLS
