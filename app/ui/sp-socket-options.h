/* sp-socket-options.h: a pane's socket options: recv() size, TCP_NODELAY,
 * buffer sizes, send() or sendall(), UDP connect(), SO_REUSEADDR, echo
 * and simulated loss, each shown for the kinds it applies to
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sp-endpoint.h"

G_BEGIN_DECLS

#define SP_TYPE_SOCKET_OPTIONS (sp_socket_options_get_type ())
G_DECLARE_FINAL_TYPE (SpSocketOptions, sp_socket_options, SP, SOCKET_OPTIONS, GtkWidget)

GtkWidget  *sp_socket_options_new          (void);
SpEndpoint *sp_socket_options_get_endpoint (SpSocketOptions *self);
void        sp_socket_options_set_endpoint (SpSocketOptions *self,
                                            SpEndpoint      *endpoint);

G_END_DECLS
