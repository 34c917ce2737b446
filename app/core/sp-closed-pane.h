/* sp-closed-pane.h: a pane just closed, kept while it can be brought back
 *
 * Closing a pane stops its endpoint but keeps it, with its whole event log,
 * its settings and what its composer held, for as long as the user may
 * still undo the close.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sp-endpoint.h"
#include "sp-text-codec.h"

G_BEGIN_DECLS

#define SP_TYPE_CLOSED_PANE (sp_closed_pane_get_type ())
G_DECLARE_FINAL_TYPE (SpClosedPane, sp_closed_pane, SP, CLOSED_PANE, GObject)

/* Stops @endpoint (its sockets close, the log keeps what happened). */
SpClosedPane   *sp_closed_pane_new          (SpEndpoint     *endpoint,
                                             guint           number,
                                             guint           position,
                                             SpTextEncoding  encoding,
                                             const char     *message,
                                             gboolean        send_as_hex);
SpEndpoint     *sp_closed_pane_get_endpoint (SpClosedPane   *self);
/* The pane's number, as in "TCP server 1". */
guint           sp_closed_pane_get_number   (SpClosedPane   *self);
/* Where the pane was in the row, 0 at the left. */
guint           sp_closed_pane_get_position (SpClosedPane   *self);
SpTextEncoding  sp_closed_pane_get_encoding (SpClosedPane   *self);
const char     *sp_closed_pane_get_message  (SpClosedPane   *self,
                                             gboolean       *send_as_hex);

G_END_DECLS
