/* sp-address-list.h: a server bound to the wildcard (0.0.0.0 or ::) lists
 * this machine's addresses other computers can connect to, each with a
 * Copy button
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sp-endpoint.h"

G_BEGIN_DECLS

#define SP_TYPE_ADDRESS_LIST (sp_address_list_get_type ())
G_DECLARE_FINAL_TYPE (SpAddressList, sp_address_list, SP, ADDRESS_LIST, GtkWidget)

/* Shown while a TCP or UDP server or a relay runs on 0.0.0.0 or ::; read
 * again when it starts, on Refresh, and when the network changes. */
GtkWidget  *sp_address_list_new           (void);
SpEndpoint *sp_address_list_get_endpoint  (SpAddressList *self);
void        sp_address_list_set_endpoint  (SpAddressList *self,
                                           SpEndpoint    *endpoint);
/* Reads this machine's addresses again. */
void        sp_address_list_refresh       (SpAddressList *self);

G_END_DECLS
