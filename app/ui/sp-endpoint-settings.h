/* sp-endpoint-settings.h: what a pane is and where: its kind, host and
 * port, the Start/Stop button, and its message framing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sp-endpoint.h"

G_BEGIN_DECLS

#define SP_TYPE_ENDPOINT_SETTINGS (sp_endpoint_settings_get_type ())
G_DECLARE_FINAL_TYPE (SpEndpointSettings, sp_endpoint_settings, SP, ENDPOINT_SETTINGS, GtkWidget)

/* "address-changed": the host and port typed are valid and went into the
 * endpoint. */
GtkWidget  *sp_endpoint_settings_new          (void);
SpEndpoint *sp_endpoint_settings_get_endpoint (SpEndpointSettings *self);
void        sp_endpoint_settings_set_endpoint (SpEndpointSettings *self,
                                               SpEndpoint         *endpoint);
/* Stops a running endpoint; starts a stopped one on the address typed, or
 * says inline what is wrong with it. */
void        sp_endpoint_settings_start_stop   (SpEndpointSettings *self);

G_END_DECLS
