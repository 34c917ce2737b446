/* sp-connection-private.h: what the engine (sp-endpoint.c) sees of a connection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sp-connection.h"

G_BEGIN_DECLS

typedef struct _SpFrameDecoder SpFrameDecoder;

typedef struct {
  GBytes         *bytes;
  gsize           offset;
  /* Framing bytes at the start and end of @bytes, to mark in the views. */
  guint           header_len;
  guint           trailer_len;
} SpSendItem;

struct _SpConnection
{
  GObject            parent_instance;

  guint              id;
  char              *local_address;
  char              *remote_address;
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
  GQueue             send_queue;   /* of SpSendItem */

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

SpConnection *sp_connection_new               (guint              id,
                                               GSocket           *socket,
                                               gboolean           is_datagram,
                                               const char        *local_address,
                                               const char        *remote_address);
void          sp_connection_set_state         (SpConnection      *self,
                                               SpConnectionState  state);
void          sp_connection_add_bytes_sent    (SpConnection      *self,
                                               gsize              n);
void          sp_connection_add_bytes_received(SpConnection      *self,
                                               gsize              n);
void          sp_connection_enqueue           (SpConnection      *self,
                                               GBytes            *bytes,
                                               guint              header_len,
                                               guint              trailer_len);
/* A TCP connection between two endpoints of this process can find its other
 * end, which knows where each send() call's bytes begin. */
void          sp_connection_register          (SpConnection      *self);
void          sp_connection_record_received   (SpConnection      *self,
                                               const guint8      *data,
                                               gsize              len);
void          sp_connection_record_sent       (SpConnection      *self,
                                               const guint8      *data,
                                               gsize              len);
void          sp_connection_consume           (SpConnection      *self,
                                               gsize              n);
/* Drops what is still queued; returns how many bytes that was. */
gsize         sp_connection_drop_queue        (SpConnection      *self);
void          sp_connection_detach_sources    (SpConnection      *self);
/* What the kernel holds in @socket's receive and send queues (SIOCINQ,
 * SIOCOUTQ); FALSE where that can't be read. */
gboolean      sp_socket_get_kernel_queues     (GSocket           *socket,
                                               guint             *in_queue,
                                               guint             *out_queue);

G_END_DECLS
