/* sp-connection-private.h: what the engine (sp-endpoint.c) sees of a connection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sp-connection.h"

G_BEGIN_DECLS

typedef struct {
  GBytes         *bytes;
  gsize           offset;
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
                                               GBytes            *bytes);
void          sp_connection_consume           (SpConnection      *self,
                                               gsize              n);
/* Drops what is still queued; returns how many bytes that was. */
gsize         sp_connection_drop_queue        (SpConnection      *self);
void          sp_connection_detach_sources    (SpConnection      *self);

G_END_DECLS
