/* sp-peer-list.h: a server's clients (TCP) or peers (UDP), the one to
 * send to, and a button to close each connection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sp-endpoint.h"

G_BEGIN_DECLS

#define SP_TYPE_PEER_LIST (sp_peer_list_get_type ())
G_DECLARE_FINAL_TYPE (SpPeerList, sp_peer_list, SP, PEER_LIST, GtkWidget)

/* Shown for servers only. Selecting a peer unticks "send to all", and
 * ticking it clears the selection. */
GtkWidget    *sp_peer_list_new             (void);
SpEndpoint   *sp_peer_list_get_endpoint    (SpPeerList *self);
void          sp_peer_list_set_endpoint    (SpPeerList *self,
                                            SpEndpoint *endpoint);
/* The selected connection, or NULL. */
SpConnection *sp_peer_list_get_selected    (SpPeerList *self);
gboolean      sp_peer_list_get_send_to_all (SpPeerList *self);

/* For tests: connections compared or added per frame (0: the default). */
void          sp_peer_list_set_per_frame (SpPeerList *self,
                                          guint       n_connections);

G_END_DECLS
