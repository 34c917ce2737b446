/* sp-event-list.h: a pane's log: search and filter, the list of events
 * that follows the newest one, and the bytes of the selected (or newest)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sp-endpoint.h"

G_BEGIN_DECLS

#define SP_TYPE_EVENT_LIST (sp_event_list_get_type ())
G_DECLARE_FINAL_TYPE (SpEventList, sp_event_list, SP, EVENT_LIST, GtkWidget)

GtkWidget    *sp_event_list_new                  (void);
SpEndpoint   *sp_event_list_get_endpoint         (SpEventList *self);
void          sp_event_list_set_endpoint         (SpEventList *self,
                                                  SpEndpoint  *endpoint);
/* Selects @event, scrolls to it and shows its bytes. */
void          sp_event_list_select_event         (SpEventList *self,
                                                  SpEvent     *event);
/* Asks where to save every byte received on the connection of the event
 * shown, and saves them there. */
void          sp_event_list_save_received        (SpEventList *self);
/* Empties the endpoint's log, and the bytes view with it. */
void          sp_event_list_clear                (SpEventList *self);
/* TRUE while the view follows new events: the user has not scrolled up
 * from the bottom. */
gboolean      sp_event_list_get_following        (SpEventList *self);
/* TRUE while following the newest event waits for its turn: a jump of
 * the view to it, or the hex view moving to the newest bytes. */
gboolean      sp_event_list_get_follow_pending   (SpEventList *self);
/* The search and the filter of the log, hidden until asked for. */
gboolean      sp_event_list_get_search_visible   (SpEventList *self);
void          sp_event_list_set_search_visible   (SpEventList *self,
                                                  gboolean     visible);

G_END_DECLS
