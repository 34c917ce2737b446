/* sp-hex-view.h: the bytes of one event, as a hex dump and as text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sp-connection.h"
#include "sp-event.h"
#include "sp-text-codec.h"

G_BEGIN_DECLS

#define SP_TYPE_HEX_VIEW (sp_hex_view_get_type ())
G_DECLARE_FINAL_TYPE (SpHexView, sp_hex_view, SP, HEX_VIEW, GtkWidget)

GtkWidget      *sp_hex_view_new          (void);
SpEvent        *sp_hex_view_get_event    (SpHexView      *self);
/* Shows @event's bytes; @connection (may be NULL) is the connection it
 * belongs to, whose stream the Stream page draws. */
void            sp_hex_view_set_event    (SpHexView      *self,
                                          SpEvent        *event,
                                          SpConnection   *connection);
/* The connection of the event shown, or NULL. */
SpConnection   *sp_hex_view_get_connection (SpHexView    *self);
/* The pane's socket-call trace, for the Calls page (NULL: none). */
void            sp_hex_view_set_calls    (SpHexView      *self,
                                          GListModel     *calls);
SpTextEncoding  sp_hex_view_get_encoding (SpHexView      *self);
/* How the Text tab decodes the entry: the "Read as" choice, or as the
 * entry was typed (sent text), or the pane's Encoding. */
SpTextEncoding  sp_hex_view_get_text_encoding (SpHexView  *self);
/* Chooses "Read as" @encoding for the entry shown (until another is). */
void            sp_hex_view_read_as      (SpHexView      *self,
                                          SpTextEncoding  encoding);
void            sp_hex_view_set_encoding (SpHexView      *self,
                                          SpTextEncoding  encoding);

guint           sp_hex_view_get_bytes_per_line (SpHexView      *self);
void            sp_hex_view_set_bytes_per_line (SpHexView      *self,
                                                guint           bytes_per_line);

G_END_DECLS
