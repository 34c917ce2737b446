/* test-event-list.c: a pane's log: search and filter, the capture limit,
 * and following the newest event (under Xvfb)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sp-bench-count.h"
#include "sp-event-list.h"
#include "sp-event-row.h"
#include "sp-hex-view.h"
#include "sp-test-ui.h"

static void
search_for (SpPane     *pane,
            const char *text)
{
  sp_test_set_text (pane, "log_search_entry", text);
  /* A search entry waits for more typing; say it's done. */
  g_signal_emit_by_name (sp_test_find_child (GTK_WIDGET (pane), "log_search_entry"), "search-changed");
}

/* @window shown, its server and client panes connected, and "hello" sent
 * to the server and shown there; the server pane. */
static SpPane *
show_hello (SpWindow *window)
{
  SpPane *server, *client;

  gtk_window_present (GTK_WINDOW (window));
  server = sp_window_get_pane (window, 0);
  client = sp_window_get_pane (window, 1);
  sp_test_start_pair (server, client);
  sp_test_send_text (client, "hello");
  sp_test_wait_until (sp_test_has_received_hello, server, 0, "a received row showing hello");
  return server;
}

/* The log filter and search show only what matches. */
static void
test_filter_and_search (void)
{
  SpWindow *window = sp_window_new (NULL);
  SpPane *server;
  GListModel *shown;
  GtkDropDown *filter;

  server = show_hello (window);

  shown = sp_test_shown_events (server);
  filter = GTK_DROP_DOWN (sp_test_find_child (GTK_WIDGET (server), "filter_dropdown"));

  gtk_drop_down_set_selected (filter, 2);  /* Received */
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 1);
  gtk_drop_down_set_selected (filter, 0);
  search_for (server, "68 65 6c");   /* "hel" as hex */
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 1);
  search_for (server, "#1");   /* connection 1: accepted, received */
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 2);
  search_for (server, "nothing like this");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 0);
  search_for (server, "");
  g_assert_cmpuint (g_list_model_get_n_items (shown), >, 1);

  /* Showing everything, the list does not ask about each new event. */
  {
    GtkSingleSelection *selection = GTK_SINGLE_SELECTION (gtk_list_view_get_model (GTK_LIST_VIEW (sp_test_find_child (GTK_WIDGET (server), "events_list"))));
    GtkFilter *all = gtk_filter_list_model_get_filter (GTK_FILTER_LIST_MODEL (gtk_single_selection_get_model (selection)));

    g_assert_cmpint (gtk_filter_get_strictness (all), ==, GTK_FILTER_MATCH_ALL);
    gtk_drop_down_set_selected (filter, 2);
    g_assert_cmpint (gtk_filter_get_strictness (all), ==, GTK_FILTER_MATCH_SOME);
    gtk_drop_down_set_selected (filter, 0);
    g_assert_cmpint (gtk_filter_get_strictness (all), ==, GTK_FILTER_MATCH_ALL);
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Past the capture limit the pane says what is gone and still lists every
 * event; a released one says so in its row. */
static void
test_capture_limit (void)
{
  SpWindow *window = sp_test_fresh_window ();
  SpCaptureStore *store = sp_capture_store_get_default ();
  SpPane *server, *client;
  SpEndpoint *server_ep, *client_ep;
  GtkWidget *note;
  SpTestBytes wait;

  sp_capture_store_set_limit (store, SP_CAPTURE_STORE_MIN_LIMIT);
  server = sp_window_get_pane (window, 0);
  client = sp_window_get_pane (window, 1);
  server_ep = sp_pane_get_endpoint (server);
  client_ep = sp_pane_get_endpoint (client);
  note = sp_test_find_child (GTK_WIDGET (server), "capture_label");
  g_assert_false (gtk_widget_get_visible (note));

  sp_test_start_pair (server, client);

  for (guint i = 0; i < 24; i++)
    {
      g_autoptr(GBytes) chunk = g_bytes_new_take (g_malloc0 (128 * 1024), 128 * 1024);
      g_assert_true (sp_endpoint_send (client_ep, chunk, NULL, NULL));
    }
  wait = (SpTestBytes) { server_ep, 24 * 128 * 1024 };
  sp_test_wait_until (sp_test_has_received, &wait, 30000, "3 MiB received");
  sp_test_wait_until (sp_test_list_shows_all, server, 0, "every event listed");

  g_assert_true (gtk_widget_get_visible (note));
  g_test_message ("%s", gtk_label_get_text (GTK_LABEL (note)));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (note)), "not kept"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (note)), "capture limit 1.0\u00a0MiB"));

  /* The oldest received event: its row says its bytes are gone. */
  {
    GListModel *events = G_LIST_MODEL (sp_endpoint_get_events (server_ep));

    for (guint i = 0; i < g_list_model_get_n_items (events); i++)
      {
        g_autoptr(SpEvent) event = g_list_model_get_item (events, i);

        if (sp_event_get_kind (event) == SP_EVENT_KIND_RECEIVED)
          {
            g_autofree char *text = sp_event_describe (event, SP_TEXT_ENCODING_UTF8);

            g_assert_true (sp_event_get_payload_released (event));
            g_assert_nonnull (strstr (text, "no longer kept"));
            break;
          }
      }
  }

  /* Clearing the log clears the note. */
  sp_endpoint_clear_events (server_ep);
  g_assert_false (gtk_widget_get_visible (note));

  sp_capture_store_set_limit (store, SP_CAPTURE_STORE_DEFAULT_LIMIT);
  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct {
  SpPane *pane;
  guint64 offset;   /* the newest event's stream offset */
} NewestRow;

static gboolean
newest_row_shown (gpointer data)
{
  NewestRow *w = data;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  sp_test_collect_rows (sp_test_find_child (GTK_WIDGET (w->pane), "events_list"), rows);
  for (guint i = 0; i < rows->len; i++)
    {
      SpEvent *event = sp_event_row_get_event (rows->pdata[i]);

      if (event != NULL && gtk_widget_get_mapped (rows->pdata[i]) &&
          sp_event_get_kind (event) == SP_EVENT_KIND_RECEIVED &&
          sp_event_get_stream_offset (event) == w->offset)
        return TRUE;
    }

  return FALSE;
}

static SpEventList *
event_list_of (SpPane *pane)
{
  return SP_EVENT_LIST (sp_test_find_child (GTK_WIDGET (pane), "event_list"));
}

static gboolean
no_follow_pending (gpointer pane)
{
  return !sp_event_list_get_follow_pending (event_list_of (pane));
}

/* The user drags the view to the top; it may take more than one go while
 * the list is still laying out rows it just made (that is not the user). */
static gboolean
scrolled_up_by_user (gpointer pane)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (sp_test_find_child (GTK_WIDGET (pane), "events_scroller")));

  gtk_adjustment_set_value (adj, 0);
  return !sp_event_list_get_following (event_list_of (pane));
}

/* After a flood of thousands of events the log shows the newest one: it
 * follows while the user has not scrolled up. */
static void
test_follow_after_flood (void)
{
  SpWindow *window = sp_test_fresh_window ();
  SpPane *server, *client;
  SpEndpoint *server_ep, *client_ep;
  SpTestBytes wait;
  NewestRow newest;
  GListModel *events;

  server = sp_window_get_pane (window, 0);
  client = sp_window_get_pane (window, 1);
  server_ep = sp_pane_get_endpoint (server);
  client_ep = sp_pane_get_endpoint (client);

  sp_test_start_pair (server, client);
  sp_test_wait_until (sp_test_list_shows_all, server, 0, "the server's first events listed");

  {
    g_autoptr(GBytes) chunk = g_bytes_new_take (g_malloc0 (1024 * 1024), 1024 * 1024);

    for (guint i = 0; i < 8; i++)
      g_assert_true (sp_endpoint_send (client_ep, chunk, NULL, NULL));
  }
  wait = (SpTestBytes) { server_ep, 8 * 1024 * 1024 };
  sp_test_wait_until (sp_test_has_received, &wait, 30000, "8 MiB received");

  events = G_LIST_MODEL (sp_endpoint_get_events (server_ep));
  {
    g_autoptr(SpEvent) last = g_list_model_get_item (events, g_list_model_get_n_items (events) - 1);

    g_assert_cmpint (sp_event_get_kind (last), ==, SP_EVENT_KIND_RECEIVED);
    newest = (NewestRow) { server, sp_event_get_stream_offset (last) };
  }
  g_test_message ("%u events", g_list_model_get_n_items (events));
  sp_test_wait_until (newest_row_shown, &newest, 10000, "the newest event's row on screen");

  /* Scrolled up by the user, the view stays where they put it. */
  {
    GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (sp_test_find_child (GTK_WIDGET (server), "events_scroller")));
    g_autoptr(GBytes) more = g_bytes_new_static ("more", 4);

    /* The jumps to the newest event are done. */
    sp_test_wait_until (no_follow_pending, server, 0, "the view to settle at the end");
    sp_test_wait_until (scrolled_up_by_user, server, 0, "the list to stop following");
    g_assert_true (sp_endpoint_send (client_ep, more, NULL, NULL));
    wait = (SpTestBytes) { server_ep, 8 * 1024 * 1024 + 4 };
    sp_test_wait_until (sp_test_has_received, &wait, 10000, "4 more bytes");
    /* The list has the new event, and whatever it made of it is done. */
    sp_test_wait_until (sp_test_list_shows_all, server, 0, "the new event listed");
    sp_test_wait_until (no_follow_pending, server, 0, "the view to settle");
    /* A jump is laid out in the next frame. */
    gtk_test_widget_wait_for_draw (sp_test_find_child (GTK_WIDGET (server), "events_list"));
    g_assert_cmpfloat (gtk_adjustment_get_value (adj), <, gtk_adjustment_get_page_size (adj));
  }

  /* Scrolled up in the middle of a flood, while a jump to the newest
   * event is waiting to run: the view still stays where they put it. */
  {
    GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (sp_test_find_child (GTK_WIDGET (server), "events_scroller")));
    g_autoptr(GBytes) chunk = g_bytes_new_take (g_malloc0 (1024 * 1024), 1024 * 1024);
    guint64 before = sp_event_log_get_bytes_received (sp_endpoint_get_events (server_ep));

    /* Back at the end, following again. */
    gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
    sp_test_wait_until (no_follow_pending, server, 0, "the view back at the end");
    g_assert_true (sp_event_list_get_following (event_list_of (server)));

    for (guint i = 0; i < 8; i++)
      g_assert_true (sp_endpoint_send (client_ep, chunk, NULL, NULL));
    wait = (SpTestBytes) { server_ep, before + 1024 * 1024 };
    sp_test_wait_until (sp_test_has_received, &wait, 30000, "the flood under way");
    sp_test_wait_until (scrolled_up_by_user, server, 0, "the list to stop following");

    wait = (SpTestBytes) { server_ep, before + 8 * 1024 * 1024 };
    sp_test_wait_until (sp_test_has_received, &wait, 30000, "the whole flood");
    sp_test_wait_until (sp_test_list_shows_all, server, 0, "the flood listed");
    sp_test_wait_until (no_follow_pending, server, 0, "the view to settle");
    gtk_test_widget_wait_for_draw (sp_test_find_child (GTK_WIDGET (server), "events_list"));
    g_assert_false (sp_event_list_get_following (event_list_of (server)));
    g_assert_cmpfloat (gtk_adjustment_get_value (adj), <, gtk_adjustment_get_page_size (adj));
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct {
  SpHexView *hex_view;
  SpEvent   *event;
} HexShows;

static gboolean
hex_view_shows (gpointer data)
{
  HexShows *w = data;

  return sp_hex_view_get_event (w->hex_view) == w->event;
}

typedef struct {
  GtkWidget *list;
  guint      most_shown;      /* rows whose texts were set in one frame */
  guint      most_measured;
  guint      stale_in_view;   /* rows drawn in view showing another event */
  guint      frames;
} RowWork;

static void
after_paint_cb (GdkFrameClock *clock,
                RowWork       *work)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  int height = gtk_widget_get_height (work->list);

  work->most_shown = MAX (work->most_shown, sp_bench_counts[SP_BENCH_ROWS_SHOWN]);
  work->most_measured = MAX (work->most_measured, sp_bench_counts[SP_BENCH_ROWS_MEASURED]);
  sp_bench_counts[SP_BENCH_ROWS_SHOWN] = sp_bench_counts[SP_BENCH_ROWS_MEASURED] = 0;
  work->frames++;

  sp_test_collect_rows (work->list, rows);
  for (guint i = 0; i < rows->len; i++)
    {
      graphene_rect_t bounds;

      if (gtk_widget_get_mapped (rows->pdata[i]) &&
          gtk_widget_compute_bounds (rows->pdata[i], work->list, &bounds) &&
          bounds.origin.y + bounds.size.height > 0 && bounds.origin.y < height &&
          !sp_event_row_is_shown (rows->pdata[i]))
        work->stale_in_view++;
    }
}

/* Following a flood, a frame sets the texts of the rows in view and of a
 * few more, not of every row GTK 4.8 binds again at each jump (200); a
 * row drawn in view always shows its own event. */
static void
test_rows_per_frame (void)
{
  SpWindow *window = sp_test_fresh_window ();
  SpPane *server = sp_window_get_pane (window, 0);
  SpPane *client = sp_window_get_pane (window, 1);
  SpEndpoint *server_ep = sp_pane_get_endpoint (server);
  RowWork work = { sp_test_find_child (GTK_WIDGET (server), "events_list") };
  g_autoptr(GBytes) chunk = g_bytes_new_take (g_malloc0 (1024 * 1024), 1024 * 1024);
  SpTestBytes wait = { server_ep, 4 * 1024 * 1024 };
  GdkFrameClock *clock;
  NewestRow newest;
  GtkAdjustment *adj;
  gulong handler;
  guint bound;

  sp_test_start_pair (server, client);
  sp_test_wait_until (sp_test_list_shows_all, server, 0, "the server's first events listed");
  clock = gtk_widget_get_frame_clock (work.list);
  sp_bench_counts[SP_BENCH_ROWS_SHOWN] = sp_bench_counts[SP_BENCH_ROWS_MEASURED] = 0;
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &work);

  for (guint i = 0; i < 4; i++)
    g_assert_true (sp_endpoint_send (sp_pane_get_endpoint (client), chunk, NULL, NULL));
  sp_test_wait_until (sp_test_has_received, &wait, 30000, "4 MiB received");
  {
    GListModel *events = G_LIST_MODEL (sp_endpoint_get_events (server_ep));
    g_autoptr(SpEvent) last = g_list_model_get_item (events, g_list_model_get_n_items (events) - 1);

    newest = (NewestRow) { server, sp_event_get_stream_offset (last) };
  }
  sp_test_wait_until (newest_row_shown, &newest, 10000, "the newest event's row on screen");
  sp_test_wait_until (no_follow_pending, server, 0, "the view to settle at the end");
  g_signal_handler_disconnect (clock, handler);

  /* In view (a row is 20 pixels at least) and next to it, a frame's share
   * of the rest (12), and the rows the list made for new events in that
   * frame (8 at most): far fewer than the 200 a jump binds. */
  adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (sp_test_find_child (GTK_WIDGET (server), "events_scroller")));
  bound = (guint) (gtk_adjustment_get_page_size (adj) / 20) + 4 + 12 + 8;
  g_test_message ("%u frames; at most %u rows shown, %u measured in one (bound %u)",
                  work.frames, work.most_shown, work.most_measured, bound);
  g_assert_cmpuint (work.frames, >, 0);
  g_assert_cmpuint (work.most_shown, >, 0);
  g_assert_cmpuint (work.most_shown, <=, bound);
  g_assert_cmpuint (work.stale_in_view, ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* With no event selected the hex view follows the newest bytes; with one
 * selected it keeps showing that one's. */
static void
test_hex_follows_newest (void)
{
  SpWindow *window = sp_test_fresh_window ();
  SpPane *server, *client;
  SpEndpoint *server_ep;
  HexShows shows;
  SpTestBytes wait;

  server = sp_window_get_pane (window, 0);
  client = sp_window_get_pane (window, 1);
  server_ep = sp_pane_get_endpoint (server);
  sp_test_start_pair (server, client);
  g_assert_true (sp_event_list_get_following (event_list_of (server)));

  sp_test_send_text (client, "hello");
  wait = (SpTestBytes) { server_ep, 5 };
  sp_test_wait_until (sp_test_has_received, &wait, 0, "hello received");
  shows = (HexShows) { SP_HEX_VIEW (sp_test_find_child (GTK_WIDGET (server), "hex_view")),
                       sp_test_last_of_kind (server_ep, SP_EVENT_KIND_RECEIVED) };
  sp_test_wait_until (hex_view_shows, &shows, 0, "the hex view on the newest bytes");

  sp_pane_select_event (server, shows.event);
  g_assert_true (hex_view_shows (&shows));
  sp_test_send_text (client, "world");
  wait = (SpTestBytes) { server_ep, 10 };
  sp_test_wait_until (sp_test_has_received, &wait, 0, "world received");
  /* The list has the new event, and whatever it made of it is done. */
  sp_test_wait_until (sp_test_list_shows_all, server, 0, "the new event listed");
  sp_test_wait_until (no_follow_pending, server, 0, "the list to settle");
  g_assert_true (sp_test_last_of_kind (server_ep, SP_EVENT_KIND_RECEIVED) != shows.event);
  g_assert_true (hex_view_shows (&shows));

  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct {
  guint most_in_a_frame;
  guint total;
  guint most_shown_later;     /* rows out of view shown in one frame */
  guint total_shown_later;
} RampWork;

static void
count_ramps_cb (GdkFrameClock *clock,
                RampWork      *work)
{
  work->most_in_a_frame = MAX (work->most_in_a_frame, sp_bench_counts[SP_BENCH_RAMP_BATCHES]);
  work->total += sp_bench_counts[SP_BENCH_RAMP_BATCHES];
  work->most_shown_later = MAX (work->most_shown_later, sp_bench_counts[SP_BENCH_ROWS_SHOWN_LATER]);
  work->total_shown_later += sp_bench_counts[SP_BENCH_ROWS_SHOWN_LATER];
  sp_bench_counts[SP_BENCH_RAMP_BATCHES] = sp_bench_counts[SP_BENCH_ROWS_SHOWN_LATER] = 0;
}

/* Both lists' rows out of view, or most of them, were shown. */
static gboolean
shown_later_at_least (gpointer data)
{
  RampWork *work = data;

  return work->total_shown_later >= 2 * 120;
}

/* Both panes' logs fill at once (each side sends 2,000 messages): every
 * view still filling makes its rows a batch a frame, and they take turns,
 * so no frame makes two views' batches; the rows out of view that both
 * lists show later share one allowance a frame. */
static void
test_fill_turns (void)
{
  SpWindow *window = sp_test_fresh_window ();
  SpPane *server = sp_window_get_pane (window, 0);
  SpPane *client = sp_window_get_pane (window, 1);
  GtkWidget *list = sp_test_find_child (GTK_WIDGET (server), "events_list");
  RampWork work = { 0 };
  GdkFrameClock *clock;
  gulong handler;

  sp_test_start_pair (server, client);
  sp_test_wait_until (sp_test_list_shows_all, server, 0, "the server's first events listed");
  sp_test_wait_until (sp_test_list_shows_all, client, 0, "the client's first events listed");

  clock = gtk_widget_get_frame_clock (list);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (count_ramps_cb), &work);
  sp_bench_counts[SP_BENCH_RAMP_BATCHES] = sp_bench_counts[SP_BENCH_ROWS_SHOWN_LATER] = 0;
  for (guint i = 0; i < 2000; i++)
    {
      g_autoptr(GBytes) ping = g_bytes_new_static ("ping", 4);

      g_assert_true (sp_endpoint_send (sp_pane_get_endpoint (client), ping, NULL, NULL));
      g_assert_true (sp_endpoint_send (sp_pane_get_endpoint (server), ping, NULL, NULL));
    }
  sp_test_wait_until (sp_test_list_shows_all, server, 30000, "every server event listed");
  sp_test_wait_until (sp_test_list_shows_all, client, 30000, "every client event listed");
  g_signal_handler_disconnect (clock, handler);

  g_test_message ("%u filling batches, at most %u in a frame", work.total, work.most_in_a_frame);
  /* Each log took 256 rows at 8 a batch at least. */
  g_assert_cmpuint (work.total, >=, 2 * 256 / 8);
  g_assert_cmpuint (work.most_in_a_frame, ==, 1);

  /* Both lists scrolled to their top in the same turn: each binds the
   * 200 rows GTK 4.8 keeps there, those out of view to be shown later.
   * The two lists share one allowance a frame for them (12). */
  work = (RampWork) { 0 };
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (count_ramps_cb), &work);
  for (guint i = 0; i < 2; i++)
    {
      GtkWidget *scroller = sp_test_find_child (GTK_WIDGET (i == 0 ? server : client), "events_scroller");

      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller)), 0);
    }
  sp_test_wait_until (shown_later_at_least, &work, 10000, "the rows out of view shown");
  g_signal_handler_disconnect (clock, handler);
  g_test_message ("%u rows shown later, at most %u in a frame", work.total_shown_later, work.most_shown_later);
  g_assert_cmpuint (work.most_shown_later, <=, 12);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The row's own drawing, as the list takes it in a frame. */
static GskRenderNode *
row_node (GtkWidget *row)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();

  GTK_WIDGET_GET_CLASS (row)->snapshot (row, snapshot);
  return gtk_snapshot_free_to_node (snapshot);
}

static gboolean
count_frame_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       n_frames)
{
  (*(guint *) n_frames)++;
  return G_SOURCE_CONTINUE;
}

static gboolean
two_frames (gpointer n_frames)
{
  return *(guint *) n_frames >= 2;
}

/* A row whose texts changed is drawn under a clip unlike its last one, so
 * GTK repaints its whole box (one rectangle, not one per label); unchanged,
 * the clip is the same and nothing is repainted. The clips of both kinds
 * are as wide as each other, so boxes of rows one above the other merge. */
static void
test_row_repaints_whole (void)
{
  SpWindow *window = sp_window_new (NULL);
  SpPane *server;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  GListModel *events;
  g_autoptr(SpEvent) was = NULL;
  g_autoptr(SpEvent) other = NULL;
  GskRenderNode *first, *again, *changed;
  const graphene_rect_t *clip1, *clip2;
  GtkWidget *row = NULL;
  guint n_frames = 0, tick;

  server = show_hello (window);

  sp_test_collect_rows (sp_test_find_child (GTK_WIDGET (server), "events_list"), rows);
  for (guint i = 0; i < rows->len && row == NULL; i++)
    if (gtk_widget_get_mapped (rows->pdata[i]) && sp_event_row_get_event (rows->pdata[i]) != NULL)
      row = rows->pdata[i];
  g_assert_nonnull (row);
  was = g_object_ref (sp_event_row_get_event (SP_EVENT_ROW (row)));
  events = G_LIST_MODEL (sp_endpoint_get_events (sp_pane_get_endpoint (server)));
  for (guint i = 0; i < g_list_model_get_n_items (events) && other == NULL; i++)
    {
      g_autoptr(SpEvent) event = g_list_model_get_item (events, i);

      if (sp_event_get_kind (event) != sp_event_get_kind (was))
        other = g_steal_pointer (&event);
    }
  g_assert_nonnull (other);

  first = row_node (row);
  again = row_node (row);
  g_assert_cmpint (gsk_render_node_get_node_type (first), ==, GSK_CLIP_NODE);
  g_assert_cmpint (gsk_render_node_get_node_type (again), ==, GSK_CLIP_NODE);
  clip1 = gsk_clip_node_get_clip (first);
  g_assert_true (graphene_rect_equal (clip1, gsk_clip_node_get_clip (again)));
  g_assert_true (graphene_rect_contains_rect (clip1, &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (row),
                                                                           gtk_widget_get_height (row))));

  sp_event_row_set_event (SP_EVENT_ROW (row), other);
  /* Laid out again first, as in a frame. */
  tick = gtk_widget_add_tick_callback (row, count_frame_cb, &n_frames, NULL);
  sp_test_wait_until (two_frames, &n_frames, 0, "the row laid out");
  gtk_widget_remove_tick_callback (row, tick);
  changed = row_node (row);
  g_assert_cmpint (gsk_render_node_get_node_type (changed), ==, GSK_CLIP_NODE);
  clip2 = gsk_clip_node_get_clip (changed);
  g_assert_false (graphene_rect_equal (clip1, clip2));
  g_assert_cmpfloat (clip1->origin.x, ==, clip2->origin.x);
  g_assert_cmpfloat (clip1->size.width, ==, clip2->size.width);

  sp_event_row_set_event (SP_EVENT_ROW (row), was);
  gsk_render_node_unref (first);
  gsk_render_node_unref (again);
  gsk_render_node_unref (changed);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  sp_test_ui_init (&argc, &argv);

  g_test_add_func ("/event-list/filter-and-search", test_filter_and_search);
  g_test_add_func ("/event-list/capture-limit", test_capture_limit);
  g_test_add_func ("/event-list/follow-after-flood", test_follow_after_flood);
  g_test_add_func ("/event-list/hex-follows-newest", test_hex_follows_newest);
  g_test_add_func ("/event-list/rows-per-frame", test_rows_per_frame);
  g_test_add_func ("/event-list/fill-turns", test_fill_turns);
  g_test_add_func ("/event-list/row-repaints-whole", test_row_repaints_whole);

  return g_test_run ();
}
