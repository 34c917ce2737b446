/* sp-sequence-view-rows.c: the diagram's rows, read from the panes' logs
 * as they grow
 *
 * Each update reads only the events logged since the last one, a bounded
 * number per main-loop iteration and for a bounded time (see
 * SP_SEQUENCE_VIEW_SLICE_TIME_US), oldest first across the logs; it finds
 * the new rows' arrows and looks again for the few whose end had not come
 * yet (a send whose bytes were not received yet).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sp-bench-count.h"
#include "sp-sequence-relay.h"
#include "sp-sequence-view-private.h"

/* Rows still waiting for where their arrow ends (the bytes of a send not
 * yet received): the newest ones are kept, older ones stay arrowless. A
 * flood of small sends keeps a socket buffer's worth waiting (thousands
 * of sends of a byte), and a slice cut short by its time must not lose
 * their arrows. */
#define MAX_PENDING   4096

#define CLOCK_EVERY   SP_SEQUENCE_VIEW_CLOCK_EVERY

/* A row's arrow was found: its end's label keeps clear of it (see
 * _sp_sequence_draw_row_label()). */
static void
arrow_found (SpSequenceView *self,
             guint           i)
{
  Row *row = &g_array_index (self->rows, Row, i);

  self->n_arrows++;
  if ((guint) row->target_row < self->rows->len)
    g_array_index (self->rows, Row, row->target_row).incoming = (int) i > row->target_row ? 1 : -1;
}

/* Whether row @i's arrow may still find its end in rows yet to come: a
 * send (its bytes not received yet), a connect(), a close() towards a
 * pane on the diagram. */
static gboolean
may_find_arrow (SpSequenceView *self,
                guint           i)
{
  Row *row = &g_array_index (self->rows, Row, i);
  SpEventKind kind = sp_event_record_get_kind (row->record);
  SpConnection *connection;

  if (row->target >= 0 ||
      (kind != SP_EVENT_KIND_SENT && kind != SP_EVENT_KIND_CONNECTED && kind != SP_EVENT_KIND_CLOSED))
    return FALSE;

  connection = sp_endpoint_find_connection (row->endpoint, sp_event_record_get_connection_id (row->record));
  if (connection != NULL && kind == SP_EVENT_KIND_SENT && sp_endpoint_is_datagram (row->endpoint))
    return TRUE;

  return _sp_sequence_view_peer_column (self, connection) >= 0;
}

/* Row @i's label and arrow, or a note to look again when more rows came. */
static void
describe_new_row (SpSequenceView *self,
                  guint           i)
{
  Row *row = &g_array_index (self->rows, Row, i);

  _sp_sequence_view_describe_row (self, i);
  if (row->target >= 0 || _sp_sequence_view_relay_row (self, i))
    arrow_found (self, i);
  else if (!row->end_passed && may_find_arrow (self, i))
    g_array_append_val (self->pending, i);
}

/* Only the newest MAX_PENDING wait (dropped at once, not one by one). */
static void
trim_pending (SpSequenceView *self)
{
  if (self->pending->len > MAX_PENDING)
    g_array_remove_range (self->pending, 0, self->pending->len - MAX_PENDING);
}

/* A send on a byte stream: the connection it is on (never 0), or 0. Such
 * sends are received in the order they were made. */
static guint64
stream_send (SpSequenceView *self,
             const Row      *row)
{
  if (sp_event_record_get_kind (row->record) != SP_EVENT_KIND_SENT || sp_endpoint_is_datagram (row->endpoint))
    return 0;

  return ((guint64) row->column << 32 | sp_event_record_get_connection_id (row->record)) + 1;
}

static gboolean
contains (GArray  *keys,
          guint64  key)
{
  for (guint k = 0; k < keys->len; k++)
    if (g_array_index (keys, guint64, k) == key)
      return TRUE;

  return FALSE;
}

/* The pending rows whose arrow's end has come. Once a send on a stream
 * finds none, the later sends on that stream (waiting for later bytes)
 * are not looked at again until the next update: thousands of waiting
 * sends cost a check each, not a search. */
static void
retry_pending (SpSequenceView *self)
{
  g_autoptr(GArray) waiting = g_array_new (FALSE, FALSE, sizeof (guint64));
  guint kept = 0;

  for (guint k = 0; k < self->pending->len; k++)
    {
      guint i = g_array_index (self->pending, guint, k);
      Row *row = &g_array_index (self->rows, Row, i);
      guint64 stream = stream_send (self, row);

      if (stream == 0 || !contains (waiting, stream))
        {
          g_clear_pointer (&row->label, g_free);
          _sp_sequence_view_describe_row (self, i);
          if (row->target >= 0)
            {
              arrow_found (self, i);
              continue;
            }
          if (row->end_passed)
            continue;
          if (stream != 0)
            g_array_append_val (waiting, stream);
        }
      g_array_index (self->pending, guint, kept++) = i;
    }
  g_array_set_size (self->pending, kept);
}

/* Forgets every row: the next update reads every log from its start. */
static void
reset_rows (SpSequenceView *self)
{
  if (self->rows->len > 0)
    {
      gtk_widget_queue_resize (GTK_WIDGET (self));
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
  g_array_set_size (self->rows, 0);
  g_array_set_size (self->pending, 0);
  g_hash_table_remove_all (self->index);
  g_array_set_size (self->n_read, 0);
  g_array_set_size (self->n_read, self->endpoints->len);
  self->n_arrows = 0;
  self->reset = FALSE;
  g_clear_pointer (&self->relay, _sp_sequence_relay_free);
  self->relay = _sp_sequence_relay_new (self->endpoints);
}

/* Of @time_us, the reading's share, from the last slice's split between
 * reading and finding arrows. */
static gint64
reading_time (SpSequenceView *self,
              gint64          time_us)
{
  if (time_us == G_MAXINT64)
    return G_MAXINT64;

  return (gint64) ((double) time_us * self->read_share);
}

/* The last slice took @total µs, @reading of them reading: the next one's
 * share, smoothed (one slice's clock readings are coarse). */
static void
learn_read_share (SpSequenceView *self,
                  gint64          reading,
                  gint64          total)
{
  if (total > 0)
    self->read_share = CLAMP ((self->read_share + (double) reading / (double) total) / 2, 0.1, 1.0);
}

/* Reads up to @budget events logged since the last time, oldest first
 * across the panes' logs (each log is in time order: a merge), into rows,
 * stopping when its share of @time_us has passed (the clock read every
 * CLOCK_EVERY events). Returns whether events are left to read. */
static gboolean
read_new_events (SpSequenceView *self,
                 guint           budget,
                 gint64          time_us)
{
  gint64 start = g_get_monotonic_time ();
  gint64 read_until = reading_time (self, time_us);
  gint64 read_end;
  guint n_columns = self->endpoints->len;
  g_autofree const SpEventRecord **head = g_new0 (const SpEventRecord *, n_columns);
  g_autofree guint *n_items = g_new0 (guint, n_columns);
  guint *n_read = (guint *) (gpointer) self->n_read->data;
  guint first_new = self->rows->len;
  gboolean more = FALSE;

  for (guint c = 0; c < n_columns; c++)
    {
      SpEventLog *log = sp_endpoint_get_events (self->endpoints->pdata[c]);

      /* The events announced: the log's list shows no more yet. */
      n_items[c] = g_list_model_get_n_items (G_LIST_MODEL (log));
      if (n_read[c] < n_items[c])
        head[c] = sp_event_log_peek (log, n_read[c]);
    }

  for (guint read = 0;; read++)
    {
      int next = -1;
      SpEventKind kind;

      for (guint c = 0; c < n_columns; c++)
        if (head[c] != NULL &&
            (next < 0 || sp_event_record_get_time_us (head[c]) < sp_event_record_get_time_us (head[next])))
          next = c;
      if (next < 0)
        break;
      if (read == budget ||
          (read % CLOCK_EVERY == 0 && read > 0 && g_get_monotonic_time () - start >= read_until))
        {
          more = TRUE;
          break;
        }
      sp_bench_count (SP_BENCH_DIAGRAM_READ, 1);

      kind = sp_event_record_get_kind (head[next]);
      /* A shutdown(SHUT_WR) is a FIN on its way: drawn like a close(). */
      if ((kind != SP_EVENT_KIND_INFO || (sp_event_record_get_flags (head[next]) & SP_EVENT_FLAG_SHUTDOWN) != 0) &&
          kind != SP_EVENT_KIND_MESSAGE)
        _sp_sequence_view_add_row (self, next, head[next], n_read[next]);
      head[next] = ++n_read[next] < n_items[next]
                   ? sp_event_log_peek (sp_endpoint_get_events (self->endpoints->pdata[next]), n_read[next])
                   : NULL;
    }
  read_end = g_get_monotonic_time ();

  /* The pending rows first: a new row's arrow is found as it is added. */
  if (self->rows->len > first_new)
    retry_pending (self);
  for (guint i = first_new; i < self->rows->len; i++)
    describe_new_row (self, i);
  trim_pending (self);

  if (more && time_us != G_MAXINT64)
    learn_read_share (self, read_end - start, g_get_monotonic_time () - start);

  return more;
}

/* Columns as wide as the widest of @ordered's titles (titles never run
 * into each other), measured again only when the titles or the view's
 * font changed: every slice of a flood ends here, and laying out the
 * titles cost more than the slice's reading. */
static double
min_column (SpSequenceView *self,
            GPtrArray      *ordered)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  g_autoptr(GString) titles = g_string_new (NULL);

  for (guint p = 0; p < ordered->len; p++)
    g_string_append_printf (titles, "%s\n", (const char *) ordered->pdata[p]);
  if (context == self->measured_context && pango_context_get_serial (context) == self->measured_serial &&
      g_strcmp0 (titles->str, self->measured_titles) == 0)
    return self->min_column;

  g_set_object (&self->measured_context, context);
  self->measured_serial = pango_context_get_serial (context);
  g_free (self->measured_titles);
  self->measured_titles = g_string_free (g_steal_pointer (&titles), FALSE);
  return MAX (SP_SEQUENCE_VIEW_MIN_COLUMN, _sp_sequence_widest_title (GTK_WIDGET (self), ordered) + 24);
}

/* The outside programs' lifelines after an update: their titles and
 * places, the accessible description, the columns' width. */
void
_sp_sequence_view_finish_lanes (SpSequenceView *self)
{
  g_autoptr(GPtrArray) ordered = g_ptr_array_new ();
  double width;

  g_ptr_array_set_size (self->lane_titles, 0);
  _sp_sequence_relay_finish (self->relay, self->titles, self->lane_titles, self->positions, ordered);
  _sp_sequence_describe (GTK_WIDGET (self), ordered, self->n_arrows, &self->description);
  width = min_column (self, ordered);
  if (width != self->min_column)
    {
      self->min_column = width;
      gtk_widget_queue_resize (GTK_WIDGET (self));
    }
}

gboolean
_sp_sequence_view_update_rows (SpSequenceView *self,
                               guint           budget)
{
  guint n_arrows = self->n_arrows;
  guint n_rows = self->rows->len;
  gboolean more;

  if (self->reset || self->n_read->len != self->endpoints->len)
    reset_rows (self);

  more = read_new_events (self, budget ? budget : G_MAXUINT, budget ? self->slice_time_us : G_MAXINT64);
  /* Connections may go before the next update. */
  memset (&self->peer_memo, 0, sizeof self->peer_memo);
  _sp_sequence_view_finish_lanes (self);

  if (self->rows->len != n_rows)
    gtk_widget_queue_resize (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (self->n_arrows != n_arrows)
    g_object_notify (G_OBJECT (self), "n-arrows");

  return more;
}

void
_sp_sequence_view_set_slice_time (SpSequenceView *self,
                                  gint64          time_us)
{
  self->slice_time_us = time_us;
}

void
_sp_sequence_view_forget_rows (SpSequenceView *self)
{
  reset_rows (self);
}

gboolean
sp_sequence_view_get_arrow (SpSequenceView *self,
                            guint           row,
                            guint          *to_column,
                            guint          *to_row)
{
  const Row *r;

  g_return_val_if_fail (SP_IS_SEQUENCE_VIEW (self), FALSE);

  if (row >= self->rows->len || (r = &g_array_index (self->rows, Row, row))->target < 0)
    return FALSE;

  *to_column = r->target;
  *to_row = r->target_row;
  return TRUE;
}
