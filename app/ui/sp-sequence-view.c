/* sp-sequence-view.c: the session as a ladder diagram
 *
 * One lifeline per pane, time flowing down one row per event (real gaps
 * vary from microseconds to minutes, so rows keep the order, not the
 * scale). Each send() is an arrow from the sender's lifeline at its row to
 * the receiver's at the row of the first recv() that got its bytes, so a
 * send that two recv()s read, or two sends one recv() read, is drawn as it
 * happened. Only the visible rows are drawn.
 *
 * The rows grow as the logs do: each update reads only the events logged
 * since the last one (a bounded number, for a bounded time, per main-loop
 * iteration), finds the new rows' arrows and retries the sends whose bytes
 * had not yet arrived. A flood costs each frame a few milliseconds, not a
 * walk over the whole session; a data row's label is written when it is
 * drawn.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "sp-bench-count.h"
#include "sp-palette.h"
#include "sp-scroll-state.h"
#include "sp-sequence-relay.h"
#include "sp-sequence-view-private.h"
#include "sp-sequence-view.h"
#include "sp-text-codec.h"

#define ROW_HEIGHT    30.0
#define HEADER_HEIGHT 36.0
#define MIN_COLUMN    SP_SEQUENCE_VIEW_MIN_COLUMN

/* Events read from the logs per main-loop iteration: opening the diagram
 * on a long session fills it over a few frames instead of in one gap. */
#define READ_SLICE    SP_SEQUENCE_VIEW_READ_SLICE
enum {
  PROP_0,
  PROP_N_ARROWS,
  N_PROPS,
  /* Then the four of GtkScrollable: SpScrollProp. */
  PROP_SCROLLABLE,
};

enum {
  EVENT_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE_WITH_CODE (SpSequenceView, sp_sequence_view, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE, NULL))

static void
row_clear (gpointer data)
{
  Row *row = data;

  g_free (row->label);
}

/* The pane whose connection is @connection's other end, or -1. A flood's
 * rows ask for the same connection's over and over: the last answer is
 * kept for the rest of the update (see _sp_sequence_view_update_rows()),
 * never longer, as connections come and go between updates. */
static int
peer_column (SpSequenceView *self,
             SpConnection   *connection,
             SpConnection  **peer_out)
{
  SpConnection *peer;
  int column = -1;

  if (connection != NULL && connection == self->peer_memo.connection)
    {
      *peer_out = self->peer_memo.peer;
      return self->peer_memo.column;
    }

  peer = connection ? sp_connection_find_peer (connection) : NULL;
  for (guint i = 0; peer != NULL && i < self->endpoints->len && column < 0; i++)
    if (sp_endpoint_find_connection (self->endpoints->pdata[i], sp_connection_get_id (peer)) == peer)
      column = i;

  self->peer_memo.connection = connection;
  self->peer_memo.peer = peer;
  self->peer_memo.column = column;
  *peer_out = peer;
  return column;
}

/* As the pane's row says it: sent text as typed, received bytes in the
 * pane's Encoding. */
static char *
short_text (SpSequenceView *self,
            const Row      *row)
{
  SpTextEncoding shown = SP_TEXT_ENCODING_UTF8;
  gsize size = 0;
  const guint8 *data = sp_event_record_get_payload_data (row->record, &size);

  if (data == NULL)
    return g_strdup ("");

  if (row->column < self->encodings->len)
    shown = g_array_index (self->encodings, SpTextEncoding, row->column);
  return sp_text_decode_for_display (data, size, sp_event_record_get_text_encoding (row->record, shown),
                                     TRUE, 16);
}

/* A row's label; a send's or recv's as its pane's row reads, made when
 * first asked for. */
static const char *
row_label (SpSequenceView *self,
           Row            *row)
{
  SpEventKind kind = sp_event_record_get_kind (row->record);

  if (row->label == NULL && (kind == SP_EVENT_KIND_SENT || kind == SP_EVENT_KIND_RECEIVED))
    {
      g_autofree char *text = short_text (self, row);

      if (kind == SP_EVENT_KIND_SENT)
        /* TRANSLATORS: arrow label in the sequence diagram: bytes and a preview */
        row->label = g_strdup_printf (_("send %lu B “%s”"), (gulong) sp_event_record_get_n_bytes (row->record), text);
      else
        row->label = g_strdup_printf (_("recv %lu B “%s”"), (gulong) sp_event_record_get_n_bytes (row->record), text);
    }

  return row->label;
}

/* Rows of one kind of event on one connection of one column, in row order:
 * the arrows' ends are found by lookup and binary search, not by scanning
 * every later row (which made a long session quadratic). */
#define ANY_CONNECTION G_MAXUINT32

static GArray *
index_lookup (GHashTable  *index,
              guint        column,
              SpEventKind  kind,
              guint        connection_id)
{
  gint64 key = ((gint64) column << 40) | ((gint64) kind << 32) | connection_id;

  return g_hash_table_lookup (index, &key);
}

static void
index_add (GHashTable  *index,
           guint        column,
           SpEventKind  kind,
           guint        connection_id,
           guint        row)
{
  GArray *rows = index_lookup (index, column, kind, connection_id);

  if (rows == NULL)
    {
      gint64 *key = g_new (gint64, 1);

      *key = ((gint64) column << 40) | ((gint64) kind << 32) | connection_id;
      rows = g_array_new (FALSE, FALSE, sizeof (guint));
      g_hash_table_insert (index, key, rows);
    }
  g_array_append_val (rows, row);
}

/* Position in @rows (ascending) of the first row after @row. */
static guint
first_after (GArray *rows,
             guint   row)
{
  guint lo = 0, hi = rows->len;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (rows, guint, mid) <= row)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

/* Appends a row for @record, at @position in column @column's log; the
 * index gets the rows that arrows end on. */
void
_sp_sequence_view_add_row (SpSequenceView      *self,
                           guint                column,
                           const SpEventRecord *record,
                           guint                position)
{
  GHashTable *index = self->index;
  guint i = self->rows->len;
  Row row = { 0 };

  row.endpoint = self->endpoints->pdata[column];
  row.record = record;
  row.position = position;
  row.column = column;
  row.target = -1;
  row.target_row = -1;
  g_array_append_val (self->rows, row);

  switch ((int) sp_event_record_get_kind (record))
    {
    case SP_EVENT_KIND_RECEIVED:
      index_add (index, row.column, SP_EVENT_KIND_RECEIVED, ANY_CONNECTION, i);
      G_GNUC_FALLTHROUGH;
    case SP_EVENT_KIND_ACCEPTED:
    case SP_EVENT_KIND_PEER_CLOSED:
      index_add (index, row.column, sp_event_record_get_kind (record), sp_event_record_get_connection_id (record), i);
      break;

    default:
      break;
    }
}

/* A datagram lands whole on the pane bound where it was sent: the first
 * later datagram of its size there. */
static void
find_datagram_target (SpSequenceView *self,
                      GHashTable     *index,
                      guint           i,
                      SpConnection   *connection)
{
  Row *row = &g_array_index (self->rows, Row, i);
  const char *to = sp_connection_get_remote_address (connection);

  for (guint c = 0; c < self->endpoints->len; c++)
    {
      const char *local = sp_endpoint_get_local_address (self->endpoints->pdata[c]);
      GArray *received = index_lookup (index, c, SP_EVENT_KIND_RECEIVED, ANY_CONNECTION);

      if (received == NULL || local == NULL || !g_str_has_suffix (to, strrchr (local, ':')))
        continue;

      /* A lost datagram must not cost a scan of all the rest. */
      for (guint k = first_after (received, i), tries = 0;
           k < received->len && tries < 256; k++, tries++)
        {
          guint j = g_array_index (received, guint, k);

          if (row->target_row >= 0 && j >= (guint) row->target_row)
            break;
          if (sp_event_record_get_n_bytes (g_array_index (self->rows, Row, j).record) == sp_event_record_get_n_bytes (row->record))
            {
              row->target = c;
              row->target_row = j;
              break;
            }
        }
    }
}

/* The peer's recv() calls read its stream in order: the one holding this
 * send()'s first byte, by binary search. */
static void
find_stream_target (SpSequenceView *self,
                    GHashTable     *index,
                    guint           i,
                    int             target,
                    SpConnection   *peer)
{
  Row *row = &g_array_index (self->rows, Row, i);
  guint64 offset = sp_event_record_get_stream_offset (row->record);
  GArray *received = index_lookup (index, target, SP_EVENT_KIND_RECEIVED, sp_connection_get_id (peer));
  guint lo = 0, hi = received ? received->len : 0;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      guint j = g_array_index (received, guint, mid);
      const SpEventRecord *r = g_array_index (self->rows, Row, j).record;
      guint64 start = sp_event_record_get_stream_offset (r);

      if (offset < start)
        hi = mid;
      else if (offset >= start + sp_event_record_get_n_bytes (r))
        lo = mid + 1;
      else
        {
          if (j > i)
            {
              row->target = target;
              row->target_row = j;
            }
          row->end_passed = j <= i;
          break;
        }
    }
}

/* Row @i's label, and where its arrow ends: each send() at the first
 * recv() that read its first byte, a connect() at the accept(), a close()
 * at the recv() that returned 0. */
static void
describe_row (SpSequenceView *self,
              GHashTable     *index,
              guint           i)
{
  Row *row = &g_array_index (self->rows, Row, i);
  const SpEventRecord *event = row->record;
  SpEventKind kind = sp_event_record_get_kind (event);
  SpConnection *connection = NULL, *peer = NULL;
  int target = -1;

  /* Only the rows an arrow starts from look for the other end. */
  if (kind == SP_EVENT_KIND_SENT || kind == SP_EVENT_KIND_CONNECTED ||
      kind == SP_EVENT_KIND_CLOSED || kind == SP_EVENT_KIND_INFO)
    {
      connection = sp_endpoint_find_connection (row->endpoint, sp_event_record_get_connection_id (event));
      target = peer_column (self, connection, &peer);
    }

  switch ((int) kind)
    {
    case SP_EVENT_KIND_SENT:
      /* The label when drawn (row_label()). */
      if (sp_endpoint_is_datagram (row->endpoint) && connection != NULL)
        find_datagram_target (self, index, i, connection);
      else if (target >= 0)
        find_stream_target (self, index, i, target, peer);
      break;

    case SP_EVENT_KIND_RECEIVED:
      break;

    case SP_EVENT_KIND_CONNECTED:
      row->label = g_strdup ("connect()");
      if (target >= 0)
        {
          GArray *accepted = index_lookup (index, target, SP_EVENT_KIND_ACCEPTED, sp_connection_get_id (peer));

          if (accepted != NULL)
            {
              row->target = target;
              row->target_row = g_array_index (accepted, guint, accepted->len - 1);
            }
        }
      break;

    case SP_EVENT_KIND_ACCEPTED:
      row->label = g_strdup ("accept()");
      break;

    case SP_EVENT_KIND_LISTENING:
      row->label = g_strdup (sp_endpoint_is_datagram (row->endpoint) ? "bind()" : "listen()");
      break;

    case SP_EVENT_KIND_INFO:   /* shutdown(SHUT_WR), see read_new_events() */
    case SP_EVENT_KIND_CLOSED:
      if (kind == SP_EVENT_KIND_INFO)
        row->label = g_strdup ("shutdown(SHUT_WR)");
      else
        row->label = g_strdup ((sp_event_record_get_flags (event) & SP_EVENT_FLAG_RESET) ? "close() → RST" : "close()");
      row->dashed = TRUE;
      if (target >= 0)
        {
          GArray *fins = index_lookup (index, target, SP_EVENT_KIND_PEER_CLOSED, sp_connection_get_id (peer));
          guint k = fins ? first_after (fins, i) : 0;

          if (fins != NULL && k < fins->len)
            {
              row->target = target;
              row->target_row = g_array_index (fins, guint, k);
            }
        }
      break;

    case SP_EVENT_KIND_PEER_CLOSED:
      row->label = g_strdup (_("recv → 0 (FIN)"));
      break;

    case SP_EVENT_KIND_ERROR:
      row->label = g_strdup_printf ("⚠ %s", sp_event_record_get_errno_name (event) ? sp_event_record_get_errno_name (event)
                                                                         : sp_event_kind_to_string (kind));
      break;

    default:
      row->label = g_strdup (sp_event_kind_to_string (kind));
      break;
    }
}

void
_sp_sequence_view_describe_row (SpSequenceView *self,
                                guint           i)
{
  describe_row (self, self->index, i);
}

int
_sp_sequence_view_peer_column (SpSequenceView *self,
                               SpConnection   *connection)
{
  SpConnection *peer;

  return peer_column (self, connection, &peer);
}

/* A relay's row whose other end is a program outside the app: an arrow
 * at the row between the relay and that program's lifeline. An arrow from
 * the program is drawn from row->column to row->target like any other, so
 * the two are swapped; row->endpoint stays the relay (a click shows its
 * event). Called once per row, in row order. */
gboolean
_sp_sequence_view_relay_row (SpSequenceView *self,
                             guint           i)
{
  Row *row = &g_array_index (self->rows, Row, i);
  SpEventKind kind = sp_event_record_get_kind (row->record);
  SpConnection *connection, *peer = NULL;
  g_autofree char *preview = NULL;
  gboolean from_target, dashed;
  char *label;
  guint target;

  /* Other panes' rows cost nothing more. */
  if (row->target >= 0 || !_sp_sequence_relay_has (self->relay, row->column))
    return FALSE;
  connection = sp_endpoint_find_connection (row->endpoint, sp_event_record_get_connection_id (row->record));
  if (kind == SP_EVENT_KIND_SENT || kind == SP_EVENT_KIND_RECEIVED)
    preview = short_text (self, row);
  if (!_sp_sequence_relay_arrow (self->relay, row->column, row->record, peer_column (self, connection, &peer) >= 0,
                                 preview, &target, &from_target, &dashed, &label))
    return FALSE;

  g_free (row->label);
  row->label = label;
  row->relay_label = TRUE;
  row->dashed = dashed;
  row->target = from_target ? (int) row->column : (int) target;
  row->column = from_target ? target : row->column;
  row->target_row = i;
  return TRUE;
}

/* Column @column's title: a pane's, then the outside programs'. */
static const char *
column_title (SpSequenceView *self,
              guint           column)
{
  if (column < self->titles->len)
    return self->titles->pdata[column];

  return self->lane_titles->pdata[column - self->titles->len];
}

static gboolean rebuild_cb (gpointer user_data);

/* Every row again, from the logs' start: the panes changed. */
static void
rebuild (SpSequenceView *self)
{
  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  self->reset = TRUE;
  if (_sp_sequence_view_update_rows (self, READ_SLICE))
    self->rebuild_id = g_timeout_add (0, rebuild_cb, self);
}

guint
sp_sequence_view_get_n_arrows (SpSequenceView *self)
{
  g_return_val_if_fail (SP_IS_SEQUENCE_VIEW (self), 0);
  return self->n_arrows;
}

static double
column_width (SpSequenceView *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));

  return MAX (self->min_column, (double) width / MAX (1, sp_sequence_view_get_n_lifelines (self)));
}

static double
column_x (SpSequenceView *self,
          guint           column)
{
  guint place = column < self->positions->len ? g_array_index (self->positions, guint, column) : column;

  return column_width (self) * (place + 0.5);
}

static double
row_y (guint row)
{
  return HEADER_HEIGHT + ROW_HEIGHT * (row + 0.5);
}

static void
configure_adjustments (SpSequenceView *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  double content_h = HEADER_HEIGHT + ROW_HEIGHT * (self->rows->len + 1);
  double content_w = column_width (self) * MAX (1, sp_sequence_view_get_n_lifelines (self));

  sp_scroll_state_configure (&self->scroll, GTK_ORIENTATION_VERTICAL, content_h, height, ROW_HEIGHT, self->follow);
  sp_scroll_state_configure (&self->scroll, GTK_ORIENTATION_HORIZONTAL, content_w, width, 20, FALSE);
}

static void
sp_sequence_view_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  configure_adjustments (SP_SEQUENCE_VIEW (widget));
}

static void
sp_sequence_view_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  SpSequenceView *self = SP_SEQUENCE_VIEW (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = MIN_COLUMN;
      *natural = self->min_column * MAX (1, sp_sequence_view_get_n_lifelines (self));
    }
  else
    {
      *minimum = HEADER_HEIGHT + ROW_HEIGHT * 2;
      /* An empty diagram still asks for its minimum. */
      *natural = HEADER_HEIGHT + ROW_HEIGHT * (MAX (1, self->rows->len) + 1);
    }
}

/* The rows in view: [@first, @last). */
static void
first_last_rows (SpSequenceView *self,
                 guint          *first,
                 guint          *last)
{
  double dy = sp_scroll_state_get_value (&self->scroll, GTK_ORIENTATION_VERTICAL);
  int height = gtk_widget_get_height (GTK_WIDGET (self));

  *first = dy > HEADER_HEIGHT ? (guint) ((dy - HEADER_HEIGHT) / ROW_HEIGHT) : 0;
  *last = MIN (self->rows->len, (guint) ((dy + height) / ROW_HEIGHT) + 2);
}

static void
sp_sequence_view_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  SpSequenceView *self = SP_SEQUENCE_VIEW (widget);
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, NULL);
  double dy = sp_scroll_state_get_value (&self->scroll, GTK_ORIENTATION_VERTICAL);
  double dx = sp_scroll_state_get_value (&self->scroll, GTK_ORIENTATION_HORIZONTAL);
  int height = gtk_widget_get_height (widget);
  int width = gtk_widget_get_width (widget);
  GdkRGBA c2s, s2c, fg, dim;
  guint first, last;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  dim = fg;
  dim.alpha = 0.35;
  /* As in the panes: client→server red (orange), server→client blue. */
  sp_palette_get_direction (widget, TRUE, &c2s);
  sp_palette_get_direction (widget, FALSE, &s2c);

  first_last_rows (self, &first, &last);
  sp_bench_count (SP_BENCH_DIAGRAM_DRAWN, last - (first > 64 ? first - 64 : 0));

  /* Rows scroll under the header, never over it. */
  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, HEADER_HEIGHT, width, MAX (0, height - HEADER_HEIGHT)));
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (-dx, -dy));

  /* Lifelines. */
  for (guint c = 0; c < sp_sequence_view_get_n_lifelines (self); c++)
    _sp_sequence_stroke_line (snapshot, &dim, column_x (self, c), dy + HEADER_HEIGHT, column_x (self, c), dy + height,
                 2, TRUE, FALSE);

  /* Arrows that end in view may start above it: look back a little. */
  for (guint i = first > 64 ? first - 64 : 0; i < last; i++)
    {
      Row *row = &g_array_index (self->rows, Row, i);
      double x = column_x (self, row->column);
      double y = row_y (i);
      gboolean data = sp_event_record_has_payload (row->record);
      const GdkRGBA *color = data ? (sp_event_record_get_client_to_server (row->record) ? &c2s : &s2c) : &fg;

      if (row->target >= 0)
        {
          double tx = column_x (self, row->target);
          double ty = row_y (row->target_row);

          _sp_sequence_stroke_line (snapshot, color, x, y, tx, ty, 2.5, row->dashed, TRUE);
          if (i >= first)
            _sp_sequence_draw_arrow_label (snapshot, layout, color, row_label (self, row), x, y, tx, ty);
        }
      else if (i >= first)
        {
          gtk_snapshot_append_color (snapshot, color, &GRAPHENE_RECT_INIT (x - 4, y - 4, 8, 8));
          _sp_sequence_draw_row_label (snapshot, layout, color, row_label (self, row), row->incoming, x, y);
        }
    }

  gtk_snapshot_restore (snapshot);
  gtk_snapshot_pop (snapshot);

  /* Pane names stay on top while the rows scroll. */
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (-dx, 0));
  {
    GdkRGBA band = fg;

    band.alpha = 0.06;
    gtk_snapshot_append_color (snapshot, &band, &GRAPHENE_RECT_INIT (dx, 0, width, HEADER_HEIGHT));
  }
  for (guint c = 0; c < sp_sequence_view_get_n_lifelines (self); c++)
    _sp_sequence_draw_title (snapshot, layout, &fg, column_title (self, c), column_x (self, c), HEADER_HEIGHT / 2);
  gtk_snapshot_restore (snapshot);
}

static void
click_cb (GtkGestureClick *gesture,
          int              n_press,
          double           x,
          double           y,
          SpSequenceView  *self)
{
  double dy = sp_scroll_state_get_value (&self->scroll, GTK_ORIENTATION_VERTICAL);
  double dx = sp_scroll_state_get_value (&self->scroll, GTK_ORIENTATION_HORIZONTAL);
  double best = 12;
  Row *hit = NULL;
  guint first, last;

  first_last_rows (self, &first, &last);
  x += dx;
  y += dy;

  /* The arrow (or mark) nearest to the click, within a few pixels: of the
   * rows drawn (see the snapshot). */
  for (guint i = first > 64 ? first - 64 : 0; i < last; i++)
    {
      Row *row = &g_array_index (self->rows, Row, i);
      double x1 = column_x (self, row->column), y1 = row_y (i);
      double x2 = row->target >= 0 ? column_x (self, row->target) : x1;
      double y2 = row->target >= 0 ? row_y (row->target_row) : y1;
      double len2 = (x2 - x1) * (x2 - x1) + (y2 - y1) * (y2 - y1);
      double t = len2 > 0 ? CLAMP (((x - x1) * (x2 - x1) + (y - y1) * (y2 - y1)) / len2, 0, 1) : 0;
      double d = hypot (x - (x1 + t * (x2 - x1)), y - (y1 + t * (y2 - y1)));

      if (d < best)
        {
          best = d;
          hit = row;
        }
    }

  if (hit != NULL)
    {
      /* Rows keep records, not objects: the one clicked is made now. */
      g_autoptr(SpEvent) event = g_list_model_get_item (G_LIST_MODEL (sp_endpoint_get_events (hit->endpoint)),
                                                        hit->position);

      if (event != NULL)
        g_signal_emit (self, signals[EVENT_ACTIVATED], 0, hit->endpoint, event);
    }
}

static gboolean
rebuild_cb (gpointer user_data)
{
  SpSequenceView *self = user_data;

  self->rebuild_id = 0;
  /* Events left to read: the next slice soon, the frame drawn between. */
  if (_sp_sequence_view_update_rows (self, READ_SLICE))
    self->rebuild_id = g_timeout_add (16, rebuild_cb, self);
  configure_adjustments (self);
  return G_SOURCE_REMOVE;
}

static void
events_changed_cb (SpSequenceView *self,
                   guint           position,
                   guint           removed,
                   guint           added,
                   GListModel     *events)
{
  /* The log was cleared: its rows go now (they point into it). */
  if (removed > 0)
    _sp_sequence_view_forget_rows (self);

  /* A flood logs thousands of events a second: redraw at most ~10 times. */
  if (self->rebuild_id == 0 && gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->rebuild_id = g_timeout_add (100, rebuild_cb, self);
}

static void
scrolled_cb (SpSequenceView *self)
{
  GtkAdjustment *adjustment = sp_scroll_state_get_adjustment (&self->scroll, GTK_ORIENTATION_VERTICAL);
  double value = gtk_adjustment_get_value (adjustment);
  double bottom = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);

  /* Follow new events only while the user is at the bottom. */
  self->follow = value >= bottom - 2;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
unwatch (SpSequenceView *self)
{
  for (guint i = 0; i < self->endpoints->len; i++)
    g_signal_handlers_disconnect_by_data (sp_endpoint_get_events (self->endpoints->pdata[i]), self);
}

static void
sp_sequence_view_map (GtkWidget *widget)
{
  SpSequenceView *self = SP_SEQUENCE_VIEW (widget);

  GTK_WIDGET_CLASS (sp_sequence_view_parent_class)->map (widget);
  /* What was logged while hidden, a slice at a time. */
  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  self->rebuild_id = g_timeout_add (0, rebuild_cb, self);
}

static void
sp_sequence_view_dispose (GObject *object)
{
  SpSequenceView *self = (SpSequenceView *)object;

  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  unwatch (self);
  g_ptr_array_set_size (self->endpoints, 0);
  g_array_set_size (self->rows, 0);
  g_hash_table_remove_all (self->index);
  sp_scroll_state_clear (&self->scroll);

  G_OBJECT_CLASS (sp_sequence_view_parent_class)->dispose (object);
}

static void
sp_sequence_view_finalize (GObject *object)
{
  SpSequenceView *self = (SpSequenceView *)object;

  g_ptr_array_unref (self->endpoints);
  g_ptr_array_unref (self->titles);
  g_array_unref (self->encodings);
  g_array_unref (self->rows);
  g_array_unref (self->n_read);
  g_array_unref (self->pending);
  g_hash_table_unref (self->index);
  g_clear_pointer (&self->relay, _sp_sequence_relay_free);
  g_ptr_array_unref (self->lane_titles);
  g_array_unref (self->positions);
  g_free (self->description);
  g_free (self->measured_titles);
  g_clear_object (&self->measured_context);

  G_OBJECT_CLASS (sp_sequence_view_parent_class)->finalize (object);
}

static void
sp_sequence_view_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SpSequenceView *self = SP_SEQUENCE_VIEW (object);

  if (sp_scroll_state_get_property (&self->scroll, prop_id, value))
    return;

  switch (prop_id)
    {
    case PROP_N_ARROWS:
      g_value_set_uint (value, sp_sequence_view_get_n_arrows (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_sequence_view_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SpSequenceView *self = SP_SEQUENCE_VIEW (object);

  if (!sp_scroll_state_set_property (&self->scroll, prop_id, value))
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
sp_sequence_view_root (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (sp_sequence_view_parent_class)->root (widget);
  sp_palette_track_root (widget);
}

static void
sp_sequence_view_unroot (GtkWidget *widget)
{
  sp_palette_untrack_root (widget);
  GTK_WIDGET_CLASS (sp_sequence_view_parent_class)->unroot (widget);
}

static void
sp_sequence_view_class_init (SpSequenceViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sp_sequence_view_dispose;
  object_class->finalize = sp_sequence_view_finalize;
  object_class->get_property = sp_sequence_view_get_property;
  object_class->set_property = sp_sequence_view_set_property;

  widget_class->measure = sp_sequence_view_measure;
  widget_class->size_allocate = sp_sequence_view_size_allocate;
  widget_class->snapshot = sp_sequence_view_snapshot;
  widget_class->map = sp_sequence_view_map;
  widget_class->root = sp_sequence_view_root;
  widget_class->unroot = sp_sequence_view_unroot;

  properties[PROP_N_ARROWS] =
    g_param_spec_uint ("n-arrows", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  sp_scroll_state_override_properties (object_class, PROP_SCROLLABLE);

  /* An arrow or mark was clicked: (SpEndpoint, SpEvent). */
  signals[EVENT_ACTIVATED] =
    g_signal_new ("event-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, SP_TYPE_ENDPOINT, SP_TYPE_EVENT);

  gtk_widget_class_set_css_name (widget_class, "sequenceview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
sp_sequence_view_init (SpSequenceView *self)
{
  GtkGesture *click = gtk_gesture_click_new ();

  self->endpoints = g_ptr_array_new_with_free_func (g_object_unref);
  self->titles = g_ptr_array_new_with_free_func (g_free);
  self->encodings = g_array_new (FALSE, TRUE, sizeof (SpTextEncoding));
  self->rows = g_array_new (FALSE, TRUE, sizeof (Row));
  g_array_set_clear_func (self->rows, row_clear);
  self->n_read = g_array_new (FALSE, TRUE, sizeof (guint));
  self->pending = g_array_new (FALSE, FALSE, sizeof (guint));
  self->index = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) g_array_unref);
  self->lane_titles = g_ptr_array_new_with_free_func (g_free);
  self->positions = g_array_new (FALSE, TRUE, sizeof (guint));
  self->min_column = MIN_COLUMN;
  self->follow = TRUE;
  self->slice_time_us = SP_SEQUENCE_VIEW_SLICE_TIME_US;
  self->read_share = 0.5;
  sp_scroll_state_init (&self->scroll, GTK_WIDGET (self), PROP_SCROLLABLE,
                        (void (*) (GtkWidget *)) configure_adjustments,
                        G_CALLBACK (gtk_widget_queue_draw), G_CALLBACK (scrolled_cb));

  g_signal_connect (click, "pressed", G_CALLBACK (click_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Sequence diagram"), -1);
}

GtkWidget *
sp_sequence_view_new (void)
{
  return g_object_new (SP_TYPE_SEQUENCE_VIEW, NULL);
}

void
sp_sequence_view_set_endpoints (SpSequenceView *self,
                                GPtrArray      *endpoints,
                                GPtrArray      *titles)
{
  g_return_if_fail (SP_IS_SEQUENCE_VIEW (self));

  unwatch (self);
  g_ptr_array_set_size (self->endpoints, 0);
  g_ptr_array_set_size (self->titles, 0);

  for (guint i = 0; i < endpoints->len; i++)
    {
      SpEndpoint *endpoint = endpoints->pdata[i];

      g_ptr_array_add (self->endpoints, g_object_ref (endpoint));
      g_ptr_array_add (self->titles, g_strdup (titles->pdata[i]));
      g_signal_connect_swapped (sp_endpoint_get_events (endpoint), "items-changed",
                                G_CALLBACK (events_changed_cb), self);
    }

  rebuild (self);
}

const char *
sp_sequence_view_get_label (SpSequenceView *self,
                            guint           row)
{
  g_return_val_if_fail (SP_IS_SEQUENCE_VIEW (self), NULL);

  if (row >= self->rows->len)
    return NULL;

  return row_label (self, &g_array_index (self->rows, Row, row));
}

void
sp_sequence_view_set_encodings (SpSequenceView       *self,
                                const SpTextEncoding *encodings,
                                guint                 n)
{
  g_return_if_fail (SP_IS_SEQUENCE_VIEW (self));

  if (self->encodings->len == n &&
      (n == 0 || memcmp (self->encodings->data, encodings, n * sizeof *encodings) == 0))
    return;

  g_array_set_size (self->encodings, 0);
  g_array_append_vals (self->encodings, encodings, n);
  /* Bytes read in the new encoding: the data labels are made again as
   * they are drawn. */
  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = &g_array_index (self->rows, Row, i);
      SpEventKind kind = sp_event_record_get_kind (row->record);

      if ((kind == SP_EVENT_KIND_SENT || kind == SP_EVENT_KIND_RECEIVED) && !row->relay_label)
        g_clear_pointer (&row->label, g_free);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
sp_sequence_view_refresh (SpSequenceView *self)
{
  g_return_if_fail (SP_IS_SEQUENCE_VIEW (self));

  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  _sp_sequence_view_update_rows (self, 0);
  configure_adjustments (self);
}

guint
sp_sequence_view_get_n_lifelines (SpSequenceView *self)
{
  g_return_val_if_fail (SP_IS_SEQUENCE_VIEW (self), 0);

  return self->endpoints->len + self->lane_titles->len;
}

const char *
sp_sequence_view_get_lifeline_title (SpSequenceView *self,
                                     guint           place)
{
  g_return_val_if_fail (SP_IS_SEQUENCE_VIEW (self), NULL);

  for (guint c = 0; c < sp_sequence_view_get_n_lifelines (self); c++)
    if ((c < self->positions->len ? g_array_index (self->positions, guint, c) : c) == place)
      return column_title (self, c);

  return NULL;
}
