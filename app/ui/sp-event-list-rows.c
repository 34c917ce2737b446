/* sp-event-list-rows.c: the event list's rows
 *
 * GTK 4.8's list keeps up to 200 rows bound around the row it shows, far
 * more than fit in view. Rows in view show their event when bound; the
 * others set their texts (and are measured again) a few per frame, nearest
 * to the view first, and none in a frame that has a big piece of work
 * (sp_frame_take_turn()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sp-bench-count.h"
#include "sp-event-list-private.h"
#include "sp-event-row.h"

/* Rows out of view whose texts are set per frame, between all the event
 * lists (see _sp_event_list_bind_event_cb()); each is measured again,
 * about a third of a millisecond. */
#define ROWS_SHOWN_PER_FRAME 12
/* The fewest pixels a row takes: a bound on how many rows fit in view. */
#define MIN_ROW_HEIGHT 20

void
_sp_event_list_setup_event_cb (GtkSignalListItemFactory *factory,
                               GtkListItem              *item,
                               SpEventList              *self)
{
  GtkWidget *row = sp_event_row_new ();

  sp_bench_count (SP_BENCH_ROWS_MADE, 1);

  g_object_bind_property (self, "encoding", row, "encoding", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self, "wall-clock", row, "wall-clock", G_BINDING_SYNC_CREATE);
  gtk_list_item_set_child (item, row);
}

/* Where the rows in view are, read once from the scroll position: the rows
 * are not placed yet when bound. */
typedef struct {
  double   first, last;   /* as positions in the list, a share of its rows */
  guint    n;
  guint    margin;
  gboolean follow_newest;
  gboolean unknown;       /* not laid out yet, or empty: every row is near */
} ViewSpan;

static void
view_span_init (ViewSpan    *span,
                SpEventList *self)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->events_scroller);
  double upper = gtk_adjustment_get_upper (adj);
  double page = gtk_adjustment_get_page_size (adj);
  double value = gtk_adjustment_get_value (adj);

  span->n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  span->unknown = upper <= 0 || span->n == 0;
  span->margin = (guint) (page / MIN_ROW_HEIGHT) + 4;
  span->follow_newest = self->follow_newest;
  if (!span->unknown)
    {
      span->first = value / upper * span->n;
      span->last = (value + page) / upper * span->n;
    }
}

/* How far row @position is from the rows in view (0: in view or next to
 * it). */
static guint
view_span_distance (const ViewSpan *span,
                    guint           position)
{
  guint distance = 0;

  if (span->unknown)
    return 0;

  if (position + span->margin < span->first)
    distance = (guint) (span->first - position - span->margin);
  else if (position > span->last + span->margin)
    distance = (guint) (position - span->last - span->margin);

  /* Following, the newest rows are in view too: the list jumps to them
   * (it may not have yet). */
  if (span->follow_newest)
    distance = MIN (distance, position + span->margin >= span->n ? 0 : span->n - span->margin - position);

  return distance;
}

static int
compare_distance (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  guint da = view_span_distance (user_data, gtk_list_item_get_position (*(GtkListItem **) a));
  guint db = view_span_distance (user_data, gtk_list_item_get_position (*(GtkListItem **) b));

  return da < db ? -1 : da > db;
}

static gboolean
show_rows_tick_cb (GtkWidget     *widget,
                   GdkFrameClock *clock,
                   gpointer       user_data)
{
  /* Every event list in the window shares one allowance a frame: panes
   * flooded together do not each take a whole one. */
  static SpFrameTurn allowance = SP_FRAME_TURN_INIT;
  static guint shown;
  SpEventList *self = user_data;
  ViewSpan span;
  /* A frame with a big piece of work (a jump, a new dump, new rows) leaves
   * the rows out of view to the next. */
  guint limit = sp_frame_turn_taken (clock) ? 0 : ROWS_SHOWN_PER_FRAME;

  if (sp_frame_claim (&allowance, clock))
    shown = 0;
  /* The nearest to the view first. Rows the user scrolled into view show
   * their own event now, whatever the allowance. */
  view_span_init (&span, self);
  g_ptr_array_sort_with_data (self->unshown, compare_distance, &span);
  while (self->unshown->len > 0)
    {
      GtkListItem *item = self->unshown->pdata[0];
      gboolean in_view = view_span_distance (&span, gtk_list_item_get_position (item)) == 0;
      GtkWidget *row;

      if (!in_view && shown >= limit)
        break;

      g_ptr_array_steal_index (self->unshown, 0);
      row = gtk_list_item_get_child (item);
      /* Not when the list let the item go meanwhile. */
      if (SP_IS_EVENT_ROW (row) && !sp_event_row_is_shown (SP_EVENT_ROW (row)))
        {
          sp_event_row_show (SP_EVENT_ROW (row));
          if (!in_view)
            {
              sp_bench_count (SP_BENCH_ROWS_SHOWN_LATER, 1);
              shown++;
            }
        }
      g_object_unref (item);
    }

  if (self->unshown->len > 0)
    return G_SOURCE_CONTINUE;
  self->show_tick_id = 0;
  return G_SOURCE_REMOVE;
}

/* Rows are measured when their texts change. GTK 4.8's list keeps 200 rows
 * bound around the row it shows: following the newest event binds all of
 * them again at each jump, far more than fit in view. Those in view show
 * their event at once; the others a few per frame, nearest first. */
void
_sp_event_list_bind_event_cb (GtkSignalListItemFactory *factory,
                              GtkListItem              *item,
                              SpEventList              *self)
{
  SpEventRow *row = SP_EVENT_ROW (gtk_list_item_get_child (item));
  ViewSpan span;
  gboolean now = self->unshown == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self->events_list));

  if (!now)
    {
      view_span_init (&span, self);
      now = view_span_distance (&span, gtk_list_item_get_position (item)) == 0;
    }

  sp_bench_count (SP_BENCH_ROWS_BOUND, 1);
  sp_event_row_bind (row, gtk_list_item_get_item (item), now);
  if (now)
    return;

  g_ptr_array_add (self->unshown, g_object_ref (item));
  if (self->show_tick_id == 0)
    self->show_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self->events_list), show_rows_tick_cb,
                                                       self, NULL);
}

void
_sp_event_list_unbind_event_cb (GtkSignalListItemFactory *factory,
                                GtkListItem              *item,
                                SpEventList              *self)
{
  sp_event_row_set_event (SP_EVENT_ROW (gtk_list_item_get_child (item)), NULL);
}

void
_sp_event_list_rows_clear (SpEventList *self)
{
  if (self->show_tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->events_list), self->show_tick_id);
  self->show_tick_id = 0;
  g_clear_pointer (&self->unshown, g_ptr_array_unref);
}
