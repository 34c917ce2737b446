/* sp-event-list-private.h: SpEventList's insides, shared by
 *
 *   sp-event-list.c       following the newest event, search and filter,
 *                         the pane's log and its byte view
 *   sp-event-list-rows.c  the rows: made, bound, and shown near the view
 *                         first
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sp-batched-model.h"
#include "sp-event-list.h"
#include "sp-hex-view.h"
#include "sp-text-codec.h"
#include "sp-throttle.h"

G_BEGIN_DECLS

struct _SpEventList
{
  GtkWidget           parent_instance;

  SpEndpoint         *endpoint;
  SpTextEncoding      encoding;
  gboolean            wall_clock;
  guint               bytes_per_line;
  SpBatchedModel     *batched_events;
  GSignalGroup       *log_signals;
  /* What the search entry asks for, as each encoding writes the text (or
   * as the hex it reads as): received bytes are searched in the pane's
   * Encoding, a sent text in the one it was typed in. */
  GBytes             *search_bytes[SP_TEXT_ENCODING_LATIN1 + 1];
  char               *search_text;

  gboolean            follow_newest;
  SpThrottle          scroll_throttle;
  SpThrottle          hex_throttle;
  guint               hex_tick_id;
  guint               settle_scroll_id;
  guint               settle_tries;
  double              last_scroll_value;
  gboolean            extent_changing;
  guint               extent_idle_id;
  /* GtkListItems bound to an event their row does not show yet. */
  GPtrArray          *unshown;
  guint               show_tick_id;
  /* The new events: once per frame. */
  SpFrameBatches      batches;

  GtkWidget          *search_row;
  GtkSearchEntry     *log_search_entry;
  GtkDropDown        *filter_dropdown;
  GtkLabel           *capture_label;
  GtkScrolledWindow  *events_scroller;
  GtkListView        *events_list;
  GtkSingleSelection *selection;
  GtkFilterListModel *filtered_events;
  GtkCustomFilter    *filter;
  SpHexView          *hex_view;
};

void _sp_event_list_setup_event_cb  (GtkSignalListItemFactory *factory,
                                     GtkListItem              *item,
                                     SpEventList              *self);
void _sp_event_list_bind_event_cb   (GtkSignalListItemFactory *factory,
                                     GtkListItem              *item,
                                     SpEventList              *self);
void _sp_event_list_unbind_event_cb (GtkSignalListItemFactory *factory,
                                     GtkListItem              *item,
                                     SpEventList              *self);
/* Drops the rows waiting to show their events (dispose). */
void _sp_event_list_rows_clear      (SpEventList              *self);

G_END_DECLS
