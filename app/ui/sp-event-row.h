/* sp-event-row.h: one line of a pane's event log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sp-event.h"
#include "sp-text-codec.h"

G_BEGIN_DECLS

#define SP_TYPE_EVENT_ROW (sp_event_row_get_type ())
G_DECLARE_FINAL_TYPE (SpEventRow, sp_event_row, SP, EVENT_ROW, GtkWidget)

GtkWidget      *sp_event_row_new          (void);
SpEvent        *sp_event_row_get_event    (SpEventRow     *self);
void            sp_event_row_set_event    (SpEventRow     *self,
                                           SpEvent        *event);
/* Binds @event; with @show_now FALSE the row keeps showing what it showed
 * until sp_event_row_show(): a list that binds a screenful of rows out of
 * view at once sets their texts (and measures them) a few per frame. */
void            sp_event_row_bind         (SpEventRow     *self,
                                           SpEvent        *event,
                                           gboolean        show_now);
/* Shows the bound event if it is not shown yet. */
void            sp_event_row_show         (SpEventRow     *self);
gboolean        sp_event_row_is_shown     (SpEventRow     *self);
SpTextEncoding  sp_event_row_get_encoding (SpEventRow     *self);
void            sp_event_row_set_encoding (SpEventRow     *self,
                                           SpTextEncoding  encoding);

/* The sentence a screen reader (and the UI tests) hear for @event. */
char           *sp_event_describe         (SpEvent        *event,
                                           SpTextEncoding  encoding);

G_END_DECLS
