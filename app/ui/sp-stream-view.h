/* sp-stream-view.h: one direction of a TCP connection with its send() and
 * recv() boundaries
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sp-connection.h"

G_BEGIN_DECLS

#define SP_TYPE_STREAM_VIEW (sp_stream_view_get_type ())
G_DECLARE_FINAL_TYPE (SpStreamView, sp_stream_view, SP, STREAM_VIEW, GtkWidget)

GtkWidget *sp_stream_view_new            (void);
/* Shows what @connection received (or sent, when @outgoing). */
void       sp_stream_view_set_connection (SpStreamView *self,
                                          SpConnection *connection,
                                          gboolean      outgoing);
void       sp_stream_view_refresh        (SpStreamView *self);
/* A sentence saying what is shown: counts of send() and recv() calls. */
char      *sp_stream_view_dup_summary    (SpStreamView *self);
/* 8, 16 (the default) or 32, as the hex dump. */
void       sp_stream_view_set_bytes_per_line (SpStreamView *self,
                                              guint         bytes_per_line);

G_END_DECLS
