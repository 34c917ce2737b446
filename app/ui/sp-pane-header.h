/* sp-pane-header.h: the top of a pane: its title, a badge with what its
 * endpoint is doing, and the buttons that clear its log, open its socket
 * options and close it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sp-endpoint.h"

G_BEGIN_DECLS

#define SP_TYPE_PANE_HEADER (sp_pane_header_get_type ())
G_DECLARE_FINAL_TYPE (SpPaneHeader, sp_pane_header, SP, PANE_HEADER, GtkWidget)

/* The buttons act through the pane's actions (pane.clear-log, pane.close). */
GtkWidget  *sp_pane_header_new          (void);
SpEndpoint *sp_pane_header_get_endpoint (SpPaneHeader *self);
void        sp_pane_header_set_endpoint (SpPaneHeader *self,
                                         SpEndpoint   *endpoint);
const char *sp_pane_header_get_title    (SpPaneHeader *self);
void        sp_pane_header_set_title    (SpPaneHeader *self,
                                         const char   *title);

G_END_DECLS
