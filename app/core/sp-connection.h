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

G_END_DECLS
