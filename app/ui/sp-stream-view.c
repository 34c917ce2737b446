/* sp-stream-view.c: one direction of a TCP connection, byte by byte
 *
 * The bytes are laid out as a hex dump. Each byte's background says which
 * send() call on the sending side wrote it (known when the sender is a pane
 * of this app); a bar and a number mark where each recv() call on the
 * receiving side began. Two sends read by one recv, or one send read by two
 * recvs, show at a glance. A relay between two programs outside the app
 * shows its own calls: the recv()s on one side and the send()s that passed
 * the same bytes on out of the other; through a UDP relay, each datagram
 * (one recvfrom() or recv(), passed on whole by one send() or sendto()).
 *
 * Only the visible rows are drawn (GtkScrollable), so a megabyte scrolls as
 * smoothly as a line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sp-hex.h"
#include "sp-palette.h"
#include "sp-scroll-state.h"
#include "sp-stream-view.h"

struct _SpStreamView
{
  GtkWidget            parent_instance;

  SpScrollState        scroll;

  SpConnection        *connection;
  gboolean             outgoing;
  GBytes              *bytes;
  /* Copies, so drawing never races the engine appending. */
  GArray              *send_chunks;
  GArray              *recv_chunks;
  gboolean             sender_known;
  gboolean             receiver_known;
  SpConnection        *relayed_by;   /* owned: the relay's other side, when it gives the boundaries */
  gulong               notify_id;
  guint                reload_tick_id;

  int                  char_width;
  int                  line_height;
  int                  marker_height;
  guint                bytes_per_line;
};

enum {
  PROP_0,
  PROP_SUMMARY,
  N_PROPS,
  /* Then the four of GtkScrollable: SpScrollProp. */
  PROP_SCROLLABLE,
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE_WITH_CODE (SpStreamView, sp_stream_view, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE, NULL))

/* Between a recv() marker and the letters below it. */
#define MARKER_GAP 2

static int
row_height (SpStreamView *self)
{
  /* A strip above each row holds the recv() markers, clear of the text:
   * the ▼ may come from a taller fallback font. */
  return self->marker_height + MARKER_GAP + self->line_height;
}

/* The markers' font: @font (the text's), smaller and bold. */
static void
make_marker_font (PangoFontDescription *font)
{
  pango_font_description_set_size (font, pango_font_description_get_size (font) * 3 / 4);
  pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
}

static guint
n_rows (SpStreamView *self)
{
  return self->bytes ? sp_hex_n_lines_for (g_bytes_get_size (self->bytes), self->bytes_per_line) : 0;
}

/* The chunk containing @offset (chunks are sorted and contiguous). */
static const SpStreamChunk *
chunk_at (GArray  *chunks,
          guint64  offset,
          guint   *index)
{
  guint lo = 0, hi = chunks->len;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      const SpStreamChunk *c = &g_array_index (chunks, SpStreamChunk, mid);

      if (offset < c->offset)
        hi = mid;
      else if (offset >= c->offset + c->len)
        lo = mid + 1;
      else
        {
          if (index)
            *index = mid;
          return c;
        }
    }

  return NULL;
}

static void
update_metrics (SpStreamView *self)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  g_autoptr(PangoLayout) layout = pango_layout_new (context);
  PangoFontDescription *font = pango_font_description_from_string ("Monospace");
  int width, height;

  pango_font_description_merge (font, pango_context_get_font_description (context), FALSE);
  pango_font_description_set_family (font, "Monospace");
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, "0000000000", -1);
  pango_layout_get_pixel_size (layout, &width, &height);
  self->char_width = MAX (1, width / 10);
  self->line_height = MAX (1, height);

  make_marker_font (font);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, "▼0123456789", -1);
  pango_layout_get_pixel_size (layout, NULL, &height);
  self->marker_height = MAX (1, height);
  pango_font_description_free (font);
}

static void
configure_adjustments (SpStreamView *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  double content_w = (double) (sp_hex_line_width (self->bytes_per_line) + 2) * self->char_width;
  double content_h = (double) n_rows (self) * row_height (self) + self->line_height;

  sp_scroll_state_configure (&self->scroll, GTK_ORIENTATION_VERTICAL, content_h, height, row_height (self), FALSE);
  sp_scroll_state_configure (&self->scroll, GTK_ORIENTATION_HORIZONTAL, content_w, width, self->char_width, FALSE);
}

static void
sp_stream_view_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  configure_adjustments (SP_STREAM_VIEW (widget));
}

static void
sp_stream_view_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  SpStreamView *self = SP_STREAM_VIEW (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = self->char_width * 20;
      *natural = self->char_width * (int) (sp_hex_line_width (self->bytes_per_line) + 2);
    }
  else
    {
      *minimum = row_height (self);
      *natural = MAX (*minimum, (int) n_rows (self) * row_height (self));
    }
}

static void
draw_cell (GtkSnapshot   *snapshot,
           const GdkRGBA *color,
           double         x,
           double         y,
           double         w,
           double         h)
{
  gtk_snapshot_append_color (snapshot, color, &GRAPHENE_RECT_INIT (x, y, w, h));
}

static void
sp_stream_view_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  SpStreamView *self = SP_STREAM_VIEW (widget);
  PangoContext *context = gtk_widget_get_pango_context (widget);
  g_autoptr(PangoLayout) layout = NULL;
  g_autoptr(PangoLayout) marker = NULL;
  PangoFontDescription *font;
  GdkRGBA fg;
  const guint8 *data;
  gsize size;
  double dx, dy;
  int height = gtk_widget_get_height (widget);
  int rh = row_height (self);
  int cw = self->char_width;
  guint first, last;

  if (self->bytes == NULL || g_bytes_get_size (self->bytes) == 0)
    return;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS

  data = g_bytes_get_data (self->bytes, &size);
  dx = -sp_scroll_state_get_value (&self->scroll, GTK_ORIENTATION_HORIZONTAL);
  dy = sp_scroll_state_get_value (&self->scroll, GTK_ORIENTATION_VERTICAL);
  first = (guint) (dy / rh);
  last = MIN (n_rows (self), (guint) ((dy + height) / rh) + 1);

  layout = pango_layout_new (context);
  font = pango_font_description_copy (pango_context_get_font_description (context));
  pango_font_description_set_family (font, "Monospace");
  pango_layout_set_font_description (layout, font);
  marker = pango_layout_new (context);
  make_marker_font (font);
  pango_layout_set_font_description (marker, font);
  pango_font_description_free (font);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (dx + cw, -dy));

  for (guint row = first; row < last; row++)
    {
      char line[SP_HEX_MAX_LINE_WIDTH + 1];
      double y = (double) row * rh;
      double text_y = y + rh - self->line_height;
      /* Where the last number drawn in this row ends: numbers never
       * overlap, a crowded one gives way (its bar stays). */
      double numbers_end = -G_MAXDOUBLE;
      guint bpl = self->bytes_per_line;
      guint n = MIN (bpl, size - (gsize) row * bpl);

      for (guint j = 0; j < n; j++)
        {
          guint64 offset = (guint64) row * bpl + j;
          guint hex_col = sp_hex_hex_column (j);
          guint ascii_col = sp_hex_ascii_column (j, bpl);
          const SpStreamChunk *sent;
          const SpStreamChunk *recv;
          guint index = 0;

          sent = self->sender_known ? chunk_at (self->send_chunks, offset, &index) : NULL;
          if (sent != NULL)
            {
              GdkRGBA c;

              sp_palette_get_send (widget, sent->call_number, &c);
              draw_cell (snapshot, &c, hex_col * cw - cw * 0.5, text_y, 3 * cw, self->line_height);
              draw_cell (snapshot, &c, ascii_col * cw, text_y, cw, self->line_height);
            }

          recv = self->receiver_known ? chunk_at (self->recv_chunks, offset, NULL) : NULL;
          if (recv != NULL && recv->offset == offset)
            {
              g_autofree char *label = g_strdup_printf ("▼%u", recv->call_number);
              double x = hex_col * cw - cw * 0.5;
              int label_width;

              /* A bar where this recv() call's bytes begin, its number above. */
              draw_cell (snapshot, &fg, x - 1, y + self->marker_height * 0.5,
                         2.5, rh - self->marker_height * 0.5);
              draw_cell (snapshot, &fg, ascii_col * cw - 1, text_y, 2.5, self->line_height);
              pango_layout_set_text (marker, label, -1);
              pango_layout_get_pixel_size (marker, &label_width, NULL);
              if (x + 2 < numbers_end)
                continue;
              numbers_end = x + 2 + label_width + cw * 0.5;
              gtk_snapshot_save (snapshot);
              gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x + 2, y));
              gtk_snapshot_append_layout (snapshot, marker, &fg);
              gtk_snapshot_restore (snapshot);
            }
        }

      sp_hex_format_line_for (data, size, row, bpl, line);
      pango_layout_set_text (layout, line, -1);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (0, text_y));
      gtk_snapshot_append_layout (snapshot, layout, &fg);
      gtk_snapshot_restore (snapshot);
    }

  gtk_snapshot_restore (snapshot);
}

static void
copy_chunks (GArray              *to,
             const SpStreamChunk *chunks,
             guint                n)
{
  g_array_set_size (to, 0);
  g_array_append_vals (to, chunks, n);
}

/* Takes a fresh look at the connection and its peer in this process. */
static void
reload (SpStreamView *self)
{
  SpConnection *sender = NULL;
  SpConnection *receiver = NULL;
  SpConnection *peer;
  const SpStreamChunk *chunks;
  guint n;

  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_array_set_size (self->send_chunks, 0);
  g_array_set_size (self->recv_chunks, 0);
  self->sender_known = self->receiver_known = FALSE;

  g_clear_object (&self->relayed_by);

  if (self->connection != NULL)
    {
      peer = sp_connection_find_peer (self->connection);
      /* The other end is outside the app: a relay's other side handled
       * the same bytes (what one side received, the other sent). */
      if (peer == NULL && sp_connection_get_relay_partner (self->connection) != NULL)
        peer = self->relayed_by = g_object_ref (sp_connection_get_relay_partner (self->connection));
      sender = self->outgoing ? self->connection : peer;
      receiver = self->outgoing ? peer : self->connection;
      self->bytes = sp_connection_dup_stream (self->connection, self->outgoing);
    }

  if (sender != NULL)
    {
      chunks = sp_connection_get_send_chunks (sender, &n);
      copy_chunks (self->send_chunks, chunks, n);
      self->sender_known = TRUE;
    }

  if (receiver != NULL)
    {
      chunks = sp_connection_get_recv_chunks (receiver, &n);
      copy_chunks (self->recv_chunks, chunks, n);
      self->receiver_known = TRUE;
    }

  configure_adjustments (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUMMARY]);
}

/* One direction through a UDP relay: recvfrom()/sendto() with the client,
 * send()/recv() on the mapping's socket to the server; each datagram whole. */
static char *
dup_datagram_relay_summary (SpStreamView *self,
                            SpConnection *received_on,
                            SpConnection *sent_on)
{
  if (sp_connection_get_relay_side (received_on) == SP_RELAY_SIDE_CLIENT)
    /* TRANSLATORS: stream view legend for a UDP relay; "3 × recvfrom()" counts calls, #1 and #2 are connections */
    return g_strdup_printf (_("Client → server through the relay: %u × recvfrom() from the client on #%u, passed on as %u × send() to the server on #%u. UDP never splits or joins a datagram: each colour (a send()) starts at a ▼ (a recvfrom())."),
                            self->recv_chunks->len, sp_connection_get_id (received_on),
                            self->send_chunks->len, sp_connection_get_id (sent_on));

  /* TRANSLATORS: stream view legend for a UDP relay; "3 × recv()" counts calls, #2 and #1 are connections */
  return g_strdup_printf (_("Server → client through the relay: %u × recv() from the server on #%u, passed on as %u × sendto() to the client on #%u. UDP never splits or joins a datagram: each colour (a sendto()) starts at a ▼ (a recv())."),
                          self->recv_chunks->len, sp_connection_get_id (received_on),
                          self->send_chunks->len, sp_connection_get_id (sent_on));
}

/* One direction through a relay: its recv()s on one side, its send()s on
 * the other. */
static char *
dup_relay_summary (SpStreamView *self)
{
  SpConnection *received_on = self->outgoing ? self->relayed_by : self->connection;
  SpConnection *sent_on = self->outgoing ? self->connection : self->relayed_by;

  if (sp_connection_get_is_datagram (received_on))
    return dup_datagram_relay_summary (self, received_on, sent_on);

  if (sp_connection_get_relay_side (received_on) == SP_RELAY_SIDE_CLIENT)
    /* TRANSLATORS: stream view legend for a relay; "3 × recv()" counts calls, #1 and #2 are connections */
    return g_strdup_printf (_("Client → server through the relay: %u × recv() from the client on #%u, passed on as %u × send() to the server on #%u. A colour per send(); ▼ where each recv() began."),
                            self->recv_chunks->len, sp_connection_get_id (received_on),
                            self->send_chunks->len, sp_connection_get_id (sent_on));

  /* TRANSLATORS: stream view legend for a relay; "3 × recv()" counts calls, #2 and #1 are connections */
  return g_strdup_printf (_("Server → client through the relay: %u × recv() from the server on #%u, passed on as %u × send() to the client on #%u. A colour per send(); ▼ where each recv() began."),
                          self->recv_chunks->len, sp_connection_get_id (received_on),
                          self->send_chunks->len, sp_connection_get_id (sent_on));
}

char *
sp_stream_view_dup_summary (SpStreamView *self)
{
  gsize size;

  g_return_val_if_fail (SP_IS_STREAM_VIEW (self), NULL);

  if (self->connection == NULL)
    return g_strdup (_("Select an event of a TCP connection to see its byte stream."));

  /* A UDP relay's sides show each direction's datagrams. */
  if (sp_connection_get_is_datagram (self->connection) && self->relayed_by == NULL)
    return g_strdup (_("UDP keeps each datagram whole: there is no byte stream to split or join."));

  size = self->bytes ? g_bytes_get_size (self->bytes) : 0;
  if (size == 0)
    return g_strdup_printf (self->outgoing ? _("Connection #%u has sent nothing yet.")
                                           : _("Connection #%u has received nothing yet."),
                            sp_connection_get_id (self->connection));

  if (self->relayed_by != NULL)
    return dup_relay_summary (self);

  if (self->sender_known && self->receiver_known)
    return g_strdup_printf (self->outgoing
                            /* TRANSLATORS: stream view legend; "10 × send()" counts calls */
                            ? _("Sent on connection #%u: %u × send() here → %u × recv() at the other end. A colour per send(); ▼ where each recv() began.")
                            : _("Received on connection #%u: %u × send() at the other end → %u × recv() here. A colour per send(); ▼ where each recv() began."),
                            sp_connection_get_id (self->connection),
                            self->send_chunks->len, self->recv_chunks->len);

  if (self->receiver_known)
    return g_strdup_printf (_("Received on connection #%u: %u × recv() (▼). The sender is outside this app, so its send() calls are unknown."),
                            sp_connection_get_id (self->connection), self->recv_chunks->len);

  return g_strdup_printf (_("Sent on connection #%u: %u × send() (a colour each). The receiver is outside this app, so its recv() calls are unknown."),
                          sp_connection_get_id (self->connection), self->send_chunks->len);
}

static void
sp_stream_view_css_changed (GtkWidget         *widget,
                            GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (sp_stream_view_parent_class)->css_changed (widget, change);
  update_metrics (SP_STREAM_VIEW (widget));
  gtk_widget_queue_resize (widget);
}

static void
sp_stream_view_root (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (sp_stream_view_parent_class)->root (widget);
  sp_palette_track_root (widget);
}

static void
sp_stream_view_unroot (GtkWidget *widget)
{
  sp_palette_untrack_root (widget);
  GTK_WIDGET_CLASS (sp_stream_view_parent_class)->unroot (widget);
}

static void
sp_stream_view_unmap (GtkWidget *widget)
{
  SpStreamView *self = SP_STREAM_VIEW (widget);

  if (self->reload_tick_id != 0)
    {
      gtk_widget_remove_tick_callback (widget, self->reload_tick_id);
      self->reload_tick_id = 0;
    }
  GTK_WIDGET_CLASS (sp_stream_view_parent_class)->unmap (widget);
}

static void
sp_stream_view_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (sp_stream_view_parent_class)->map (widget);
  /* Updates were skipped while hidden. */
  reload (SP_STREAM_VIEW (widget));
}

static void
sp_stream_view_dispose (GObject *object)
{
  SpStreamView *self = (SpStreamView *)object;

  sp_stream_view_set_connection (self, NULL, FALSE);
  sp_scroll_state_clear (&self->scroll);

  G_OBJECT_CLASS (sp_stream_view_parent_class)->dispose (object);
}

static void
sp_stream_view_finalize (GObject *object)
{
  SpStreamView *self = (SpStreamView *)object;

  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_array_unref (self->send_chunks);
  g_array_unref (self->recv_chunks);

  G_OBJECT_CLASS (sp_stream_view_parent_class)->finalize (object);
}

static void
sp_stream_view_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SpStreamView *self = SP_STREAM_VIEW (object);

  if (sp_scroll_state_get_property (&self->scroll, prop_id, value))
    return;

  switch (prop_id)
    {
    case PROP_SUMMARY:
      g_value_take_string (value, sp_stream_view_dup_summary (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_stream_view_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SpStreamView *self = SP_STREAM_VIEW (object);

  if (!sp_scroll_state_set_property (&self->scroll, prop_id, value))
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
sp_stream_view_class_init (SpStreamViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sp_stream_view_dispose;
  object_class->finalize = sp_stream_view_finalize;
  object_class->get_property = sp_stream_view_get_property;
  object_class->set_property = sp_stream_view_set_property;

  widget_class->measure = sp_stream_view_measure;
  widget_class->size_allocate = sp_stream_view_size_allocate;
  widget_class->snapshot = sp_stream_view_snapshot;
  widget_class->css_changed = sp_stream_view_css_changed;
  widget_class->root = sp_stream_view_root;
  widget_class->unmap = sp_stream_view_unmap;
  widget_class->unroot = sp_stream_view_unroot;
  widget_class->map = sp_stream_view_map;

  properties[PROP_SUMMARY] =
    g_param_spec_string ("summary", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  sp_scroll_state_override_properties (object_class, PROP_SCROLLABLE);

  gtk_widget_class_set_css_name (widget_class, "streamview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
sp_stream_view_init (SpStreamView *self)
{
  self->send_chunks = g_array_new (FALSE, FALSE, sizeof (SpStreamChunk));
  self->recv_chunks = g_array_new (FALSE, FALSE, sizeof (SpStreamChunk));
  self->bytes_per_line = SP_HEX_BYTES_PER_LINE;
  sp_scroll_state_init (&self->scroll, GTK_WIDGET (self), PROP_SCROLLABLE,
                        (void (*) (GtkWidget *)) configure_adjustments,
                        G_CALLBACK (gtk_widget_queue_draw), G_CALLBACK (gtk_widget_queue_draw));
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  update_metrics (self);
}

GtkWidget *
sp_stream_view_new (void)
{
  return g_object_new (SP_TYPE_STREAM_VIEW, NULL);
}

void
sp_stream_view_set_connection (SpStreamView *self,
                               SpConnection *connection,
                               gboolean      outgoing)
{
  g_return_if_fail (SP_IS_STREAM_VIEW (self));

  if (self->connection == connection && self->outgoing == outgoing)
    {
      sp_stream_view_refresh (self);
      return;
    }

  if (self->connection != NULL)
    g_clear_signal_handler (&self->notify_id, self->connection);
  g_set_object (&self->connection, connection);
  self->outgoing = outgoing;

  if (connection != NULL)
    self->notify_id = g_signal_connect_swapped (connection,
                                                outgoing ? "notify::bytes-sent"
                                                         : "notify::bytes-received",
                                                G_CALLBACK (sp_stream_view_refresh), self);

  if (sp_scroll_state_get_adjustment (&self->scroll, GTK_ORIENTATION_VERTICAL) != NULL)
    gtk_adjustment_set_value (sp_scroll_state_get_adjustment (&self->scroll, GTK_ORIENTATION_VERTICAL), 0);
  reload (self);
}

static gboolean
reload_tick_cb (GtkWidget     *widget,
                GdkFrameClock *frame_clock,
                gpointer       user_data)
{
  SpStreamView *self = SP_STREAM_VIEW (widget);

  self->reload_tick_id = 0;
  reload (self);

  return G_SOURCE_REMOVE;
}

void
sp_stream_view_refresh (SpStreamView *self)
{
  g_return_if_fail (SP_IS_STREAM_VIEW (self));

  /* Only while on screen, and once per frame: a flood must not redo this
   * work per recv(). Hidden, it is redone when mapped. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)) && self->reload_tick_id == 0)
    self->reload_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), reload_tick_cb, NULL, NULL);
  else if (self->bytes == NULL)
    reload (self);
}

void
sp_stream_view_set_bytes_per_line (SpStreamView *self,
                                   guint         bytes_per_line)
{
  g_return_if_fail (SP_IS_STREAM_VIEW (self));
  g_return_if_fail (sp_hex_bytes_per_line_is_valid (bytes_per_line));

  if (self->bytes_per_line == bytes_per_line)
    return;

  self->bytes_per_line = bytes_per_line;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  configure_adjustments (self);
}
