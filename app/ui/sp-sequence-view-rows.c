/* sp-sequence-view-rows.c: the diagram's rows, read from the panes' logs
 * as they grow
 *
 * Each update reads only the events logged since the last one, a bounded
 * number per main-loop iteration, oldest first across the logs; it finds
 * the new rows' arrows and looks again for the few whose end had not come
 * yet (a send whose bytes were not received yet).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sp-bench-count.h"
#include "sp-sequence-relay.h"
#include "sp-sequence-view-private.h"

/* Rows still waiting for where their arrow ends (the bytes of a send not
 * yet received): the newest ones are kept, older ones stay arrowless. */
#define MAX_PENDING   256

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
  SpEventKind kind = sp_event_get_kind (row->event);
  SpConnection *connection;

  if (row->target >= 0 ||
      (kind != SP_EVENT_KIND_SENT && kind != SP_EVENT_KIND_CONNECTED && kind != SP_EVENT_KIND_CLOSED))
    return FALSE;

  connection = sp_endpoint_find_connection (row->endpoint, sp_event_get_connection_id (row->event));
  if (connection != NULL && kind == SP_EVENT_KIND_SENT && sp_endpoint_is_datagram (row->endpoint))
    return TRUE;

  return _sp_sequence_view_peer_column (self, connection) >= 0;
}

/* Row @i's label and arrow, or a note to look again when more rows came. */
static void
describe_new_row (SpSequenceView *self,
                  guint           i)
{
  _sp_sequence_view_describe_row (self, i);
  if (g_array_index (self->rows, Row, i).target >= 0 || _sp_sequence_view_relay_row (self, i))
    arrow_found (self, i);
  else if (may_find_arrow (self, i))
    {
      if (self->pending->len >= MAX_PENDING)
        g_array_remove_index (self->pending, 0);
      g_array_append_val (self->pending, i);
    }
}

/* The pending rows whose arrow's end has come. */
static void
retry_pending (SpSequenceView *self)
{
  for (guint k = 0; k < self->pending->len;)
    {
      guint i = g_array_index (self->pending, guint, k);
      Row *row = &g_array_index (self->rows, Row, i);

      g_clear_pointer (&row->label, g_free);
      _sp_sequence_view_describe_row (self, i);
      if (row->target >= 0)
        {
          arrow_found (self, i);
          g_array_remove_index (self->pending, k);
        }
      else
        k++;
    }
}

/* Forgets every row: the next update reads every log from its start. */
static void
reset_rows (SpSequenceView *self)
{
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

/* Reads up to @budget events logged since the last time, oldest first
 * across the panes' logs (each log is in time order: a merge), into rows.
 * Returns whether events are left to read. */
static gboolean
read_new_events (SpSequenceView *self,
                 guint           budget)
{
  guint n_columns = self->endpoints->len;
  g_autofree SpEvent **head = g_new0 (SpEvent *, n_columns);
  g_autofree guint *n_items = g_new0 (guint, n_columns);
  guint *n_read = (guint *) (gpointer) self->n_read->data;
  guint first_new = self->rows->len;
  gboolean more = FALSE;

  for (guint c = 0; c < n_columns; c++)
    {
      GListModel *events = G_LIST_MODEL (sp_endpoint_get_events (self->endpoints->pdata[c]));

      n_items[c] = g_list_model_get_n_items (events);
      if (n_read[c] < n_items[c])
        head[c] = g_list_model_get_item (events, n_read[c]);
    }

  for (guint read = 0;; read++)
    {
      int next = -1;
      SpEventKind kind;

      for (guint c = 0; c < n_columns; c++)
        if (head[c] != NULL &&
            (next < 0 || sp_event_get_time_us (head[c]) < sp_event_get_time_us (head[next])))
          next = c;
      if (next < 0)
        break;
      if (read == budget)
        {
          more = TRUE;
          break;
        }
      sp_bench_count (SP_BENCH_DIAGRAM_READ, 1);

      kind = sp_event_get_kind (head[next]);
      /* A shutdown(SHUT_WR) is a FIN on its way: drawn like a close(). */
      if ((kind == SP_EVENT_KIND_INFO && (sp_event_get_flags (head[next]) & SP_EVENT_FLAG_SHUTDOWN) == 0) ||
          kind == SP_EVENT_KIND_MESSAGE)
        g_object_unref (head[next]);
      else
        _sp_sequence_view_add_row (self, next, head[next]);
      head[next] = ++n_read[next] < n_items[next]
                   ? g_list_model_get_item (G_LIST_MODEL (sp_endpoint_get_events (self->endpoints->pdata[next])),
                                            n_read[next])
                   : NULL;
    }

  for (guint c = 0; c < n_columns; c++)
    g_clear_object (&head[c]);

  /* The pending rows first: a new row's arrow is found as it is added. */
  if (self->rows->len > first_new)
    retry_pending (self);
  for (guint i = first_new; i < self->rows->len; i++)
    describe_new_row (self, i);

  return more;
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

  more = read_new_events (self, budget ? budget : G_MAXUINT);
  _sp_sequence_view_finish_lanes (self);

  g_object_set_data (G_OBJECT (self), "n-arrows", GUINT_TO_POINTER (self->n_arrows));
  if (self->rows->len != n_rows)
    gtk_widget_queue_resize (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (self->n_arrows != n_arrows)
    g_object_notify (G_OBJECT (self), "n-arrows");

  return more;
}
