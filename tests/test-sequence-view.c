/* test-sequence-view.c: the diagram draws the arrows of a real exchange
 * (under Xvfb)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <sys/socket.h>

#include "sp-bench-count.h"
#include "sp-sequence-view.h"
#include "sp-sequence-view-private.h"
#include "sp-test-peer.h"
#include "sp-test-ui.h"

static gboolean
server_has_bytes (gpointer data)
{
  SpEndpoint *server = data;

  return sp_event_log_get_bytes_received (sp_endpoint_get_events (server)) >= 15;
}

/* The diagram draws an arrow per send() after a scripted exchange. */
static void
test_diagram (void)
{
  SpWindow *window = sp_window_new (NULL);
  SpPane *server = sp_window_get_pane (window, 0);
  SpPane *client = sp_window_get_pane (window, 1);
  SpSequenceView *view = sp_window_get_sequence_view (window);

  /* Whatever an earlier test left in the settings: a TCP pair. */
  sp_endpoint_reconfigure (sp_pane_get_endpoint (server), SP_ENDPOINT_KIND_TCP_SERVER, "127.0.0.1", 0);
  sp_endpoint_reconfigure (sp_pane_get_endpoint (client), SP_ENDPOINT_KIND_TCP_CLIENT, "127.0.0.1", 1);
  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-diagram", NULL);
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_parent (GTK_WIDGET (view))));

  sp_test_start_pair (server, client);

  for (guint i = 0; i < 3; i++)
    {
      sp_test_set_text (client, "message_entry", "hello");
      sp_test_click (client, "send_button");
    }
  sp_test_wait_until (server_has_bytes, sp_pane_get_endpoint (server), 0, "15 bytes");

  sp_sequence_view_refresh (view);
  /* connect() → accept(), and three send() arrows. */
  g_assert_cmpuint (sp_sequence_view_get_n_arrows (view), ==, 4);

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
has_label (SpSequenceView *view,
           const char     *label)
{
  const char *text;

  for (guint i = 0; (text = sp_sequence_view_get_label (view, i)) != NULL; i++)
    if (g_str_equal (text, label))
      return TRUE;

  return FALSE;
}

static gboolean
received_4_bytes (gpointer data)
{
  return sp_event_log_get_bytes_received (sp_endpoint_get_events (data)) >= 4;
}

/* A window with the two panes of a first start, whatever panes an earlier
 * test left in the saved layout. */
static SpWindow *
new_window (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_settings_reset (settings, "pane-layout");
  return sp_window_new (NULL);
}

/* A window showing its diagram, with a @server_kind pane and a
 * @client_kind pane talking to it. */
static SpWindow *
diagram_window (SpEndpointKind server_kind,
                SpEndpointKind client_kind)
{
  SpWindow *window = new_window ();
  SpPane *server = sp_window_get_pane (window, 0);
  SpPane *client = sp_window_get_pane (window, 1);

  sp_endpoint_reconfigure (sp_pane_get_endpoint (server), server_kind, "127.0.0.1", 0);
  sp_endpoint_reconfigure (sp_pane_get_endpoint (client), client_kind, "127.0.0.1", 1);
  /* The projector's screen. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1366, 768);
  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-diagram", NULL);
  sp_test_start_pair (server, client);

  return window;
}

/* GBK text reads as the panes show it: 你好, not \xc4\xe3\xba\xc3 — the
 * sent arrow as typed, the received one in the server pane's Encoding. */
static void
test_encoding (void)
{
  SpWindow *window = diagram_window (SP_ENDPOINT_KIND_TCP_SERVER, SP_ENDPOINT_KIND_TCP_CLIENT);
  SpPane *server = sp_window_get_pane (window, 0);
  SpPane *client = sp_window_get_pane (window, 1);
  SpSequenceView *view = sp_window_get_sequence_view (window);

  g_object_set (client, "encoding", SP_TEXT_ENCODING_GBK, NULL);
  sp_test_send_text (client, "你好");
  sp_test_wait_until (received_4_bytes, sp_pane_get_endpoint (server), 0, "4 bytes");
  sp_sequence_view_refresh (view);
  g_assert_true (has_label (view, "send 4 B “你好”"));
  /* The server pane reads UTF-8: the diagram shows what its row shows. */
  g_assert_true (has_label (view, "recv 4 B “\\xc4\\xe3\\xba\\xc3”"));

  g_object_set (server, "encoding", SP_TEXT_ENCODING_GBK, NULL);
  sp_sequence_view_refresh (view);
  g_assert_true (has_label (view, "recv 4 B “你好”"));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Arrow labels sit beside their arrows, row labels beside the arrows that
 * end on their row: no line crosses a label, no label another. */
static void
test_labels_clear (void)
{
  SpWindow *window = diagram_window (SP_ENDPOINT_KIND_TCP_SERVER, SP_ENDPOINT_KIND_TCP_CLIENT);
  SpPane *server = sp_window_get_pane (window, 0);
  SpPane *client = sp_window_get_pane (window, 1);
  SpSequenceView *view = sp_window_get_sequence_view (window);
  SpTestDrawing drawing = { GTK_WIDGET (view) };

  sp_test_send_text (client, "hello, world");
  sp_test_wait_until (received_4_bytes, sp_pane_get_endpoint (server), 0, "hello");
  sp_test_send_text (server, "HELLO, WORLD");
  sp_test_wait_until (received_4_bytes, sp_pane_get_endpoint (client), 0, "HELLO");
  sp_sequence_view_refresh (view);
  g_assert_cmpuint (sp_sequence_view_get_n_arrows (view), ==, 3);
  sp_test_wait_until (sp_test_capture_drawing, &drawing, 0, "the diagram drawn");

  /* The two titles, and the rows in view of listen(), accept(), connect(),
   * two sends, two recvs. */
  g_assert_cmpuint (drawing.texts->len, >=, 6);
  for (guint i = 0; i < drawing.texts->len; i++)
    {
      SpTestText *label = &g_array_index (drawing.texts, SpTestText, i);

      g_assert_cmpuint (sp_test_drawing_alpha_in (&drawing, &label->bounds), <, 128);
      for (guint j = i + 1; j < drawing.texts->len; j++)
        g_assert_false (graphene_rect_intersection (&label->bounds,
                                                    &g_array_index (drawing.texts, SpTestText, j).bounds, NULL));
    }

  sp_test_drawing_clear (&drawing);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Each datagram lands whole: an arrow from each sendto() to its recvfrom(). */
static void
test_udp (void)
{
  SpWindow *window = diagram_window (SP_ENDPOINT_KIND_UDP_SERVER, SP_ENDPOINT_KIND_UDP_CLIENT);
  SpPane *server = sp_window_get_pane (window, 0);
  SpPane *client = sp_window_get_pane (window, 1);
  SpSequenceView *view = sp_window_get_sequence_view (window);
  SpTestKindCount received = { sp_pane_get_endpoint (server), SP_EVENT_KIND_RECEIVED, 2 };

  sp_test_send_text (client, "hello");
  sp_test_send_text (client, "hi");
  sp_test_wait_until (sp_test_has_n_of_kind, &received, 0, "two datagrams");

  sp_sequence_view_refresh (view);
  g_assert_cmpuint (sp_sequence_view_get_n_arrows (view), ==, 2);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* connect() → accept(), and close() → the recv() that returned 0. */
static void
test_close (void)
{
  SpWindow *window = diagram_window (SP_ENDPOINT_KIND_TCP_SERVER, SP_ENDPOINT_KIND_TCP_CLIENT);
  SpPane *server = sp_window_get_pane (window, 0);
  SpPane *client = sp_window_get_pane (window, 1);
  SpSequenceView *view = sp_window_get_sequence_view (window);
  SpTestKindCount fin = { sp_pane_get_endpoint (server), SP_EVENT_KIND_PEER_CLOSED, 1 };

  sp_test_click (client, "start_button");   /* Stop */
  sp_test_wait_until (sp_test_has_n_of_kind, &fin, 0, "the server to see the close");

  sp_sequence_view_refresh (view);
  g_assert_cmpuint (sp_sequence_view_get_n_arrows (view), ==, 2);

  gtk_window_destroy (GTK_WINDOW (window));
}

static guint
n_rows (SpSequenceView *view)
{
  guint n = 0;

  while (sp_sequence_view_get_label (view, n) != NULL)
    n++;

  return n;
}

/* Events of @endpoint that draw a row (all but notes and messages). */
static guint
n_row_events (SpEndpoint *endpoint)
{
  GListModel *events = G_LIST_MODEL (sp_endpoint_get_events (endpoint));
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(SpEvent) event = g_list_model_get_item (events, i);
      SpEventKind kind = sp_event_get_kind (event);

      n += kind != SP_EVENT_KIND_INFO && kind != SP_EVENT_KIND_MESSAGE;
    }

  return n;
}

static guint
n_events (SpEndpoint *endpoint)
{
  return g_list_model_get_n_items (G_LIST_MODEL (sp_endpoint_get_events (endpoint)));
}

/* @view's lifelines: @server's, then @client's. */
static void
set_lifelines (SpSequenceView *view,
               SpEndpoint     *server,
               SpEndpoint     *client)
{
  g_autoptr(GPtrArray) endpoints = g_ptr_array_new ();
  g_autoptr(GPtrArray) titles = g_ptr_array_new ();

  g_ptr_array_add (endpoints, server);
  g_ptr_array_add (endpoints, client);
  g_ptr_array_add (titles, (char *) "server");
  g_ptr_array_add (titles, (char *) "client");
  sp_sequence_view_set_endpoints (view, endpoints, titles);
}

/* The same rows, labels and arrows as a diagram made at once from the
 * whole logs. */
static void
assert_same_as_fresh (SpSequenceView *view,
                      SpEndpoint     *server,
                      SpEndpoint     *client)
{
  SpSequenceView *fresh = SP_SEQUENCE_VIEW (g_object_ref_sink (sp_sequence_view_new ()));
  guint n = n_rows (view);

  set_lifelines (fresh, server, client);
  sp_sequence_view_refresh (fresh);

  g_assert_cmpuint (n_rows (fresh), ==, n);
  g_assert_cmpuint (sp_sequence_view_get_n_arrows (fresh), ==, sp_sequence_view_get_n_arrows (view));
  for (guint i = 0; i < n; i++)
    {
      guint c1 = 0, r1 = 0, c2 = 0, r2 = 0;
      gboolean a1 = sp_sequence_view_get_arrow (view, i, &c1, &r1);
      gboolean a2 = sp_sequence_view_get_arrow (fresh, i, &c2, &r2);

      g_assert_cmpstr (sp_sequence_view_get_label (view, i), ==, sp_sequence_view_get_label (fresh, i));
      g_assert_cmpint (a1, ==, a2);
      g_assert_cmpuint (c1, ==, c2);
      g_assert_cmpuint (r1, ==, r2);
    }

  g_object_unref (fresh);
}

/* Each update reads only the events logged since the last one, and the
 * newest arrows come out as a diagram made from scratch draws them: a
 * message each way per round, the reply's arrow from the server's
 * lifeline to the client's recv(). */
static void
test_incremental (void)
{
  SpWindow *window = diagram_window (SP_ENDPOINT_KIND_TCP_SERVER, SP_ENDPOINT_KIND_TCP_CLIENT);
  SpPane *server = sp_window_get_pane (window, 0);
  SpPane *client = sp_window_get_pane (window, 1);
  SpEndpoint *server_ep = sp_pane_get_endpoint (server);
  SpEndpoint *client_ep = sp_pane_get_endpoint (client);
  SpSequenceView *view = sp_window_get_sequence_view (window);
  SpTestBytes to_server = { server_ep, 0 }, to_client = { client_ep, 0 };

  sp_sequence_view_refresh (view);
  for (guint round = 0; round < 4; round++)
    {
      g_autofree char *ask = g_strdup_printf ("ask %u", round);
      g_autofree char *reply = g_strdup_printf ("reply %u", round);
      g_autofree char *reply_label = g_strdup_printf ("send 7 B “reply %u”", round);
      guint before, n_logged, last_send = G_MAXUINT, to_column = 0, to_row = 0;

      /* Up to date, then counted from here: every event read exactly once. */
      sp_sequence_view_refresh (view);
      before = n_rows (view);
      n_logged = n_events (server_ep) + n_events (client_ep);
      sp_bench_counts[SP_BENCH_DIAGRAM_READ] = 0;

      sp_test_send_text (client, ask);
      to_server.n += strlen (ask);
      sp_test_wait_until (sp_test_has_received, &to_server, 0, "the ask");
      sp_test_send_text (server, reply);
      to_client.n += strlen (reply);
      sp_test_wait_until (sp_test_has_received, &to_client, 0, "the reply");

      sp_sequence_view_refresh (view);
      g_assert_cmpuint (n_rows (view), ==, n_row_events (server_ep) + n_row_events (client_ep));
      /* Only the new events were read (by this refresh or the updates the
       * diagram made while the test waited), not the whole session again. */
      g_assert_cmpuint (sp_bench_counts[SP_BENCH_DIAGRAM_READ], ==,
                        n_events (server_ep) + n_events (client_ep) - n_logged);
      g_assert_cmpuint (n_rows (view), >, before);
      /* connect() and two arrows a round. */
      g_assert_cmpuint (sp_sequence_view_get_n_arrows (view), ==, 1 + 2 * (round + 1));

      for (guint i = before; i < n_rows (view); i++)
        if (g_str_equal (sp_sequence_view_get_label (view, i), reply_label))
          last_send = i;
      g_assert_cmpuint (last_send, !=, G_MAXUINT);
      g_assert_true (sp_sequence_view_get_arrow (view, last_send, &to_column, &to_row));
      g_assert_cmpuint (to_column, ==, 1);
      g_assert_cmpuint (to_row, >, last_send);
      g_assert_true (g_str_has_prefix (sp_sequence_view_get_label (view, to_row), "recv "));
    }

  assert_same_as_fresh (view, server_ep, client_ep);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A long session opens a slice at a time, and the drawing walks the rows
 * in view, not all of them. */
static void
test_slices (void)
{
  SpWindow *window = diagram_window (SP_ENDPOINT_KIND_TCP_SERVER, SP_ENDPOINT_KIND_TCP_CLIENT);
  SpPane *server = sp_window_get_pane (window, 0);
  SpPane *client = sp_window_get_pane (window, 1);
  SpEndpoint *server_ep = sp_pane_get_endpoint (server);
  SpEndpoint *client_ep = sp_pane_get_endpoint (client);
  SpSequenceView *view = sp_window_get_sequence_view (window);
  g_autoptr(GBytes) one = g_bytes_new_static ("x", 1);
  SpTestBytes all = { server_ep, SP_SEQUENCE_VIEW_READ_SLICE + 500 };
  SpTestDrawing drawing = { GTK_WIDGET (view) };
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;

  g_assert_true (sp_endpoint_send_burst (client_ep, one, NULL, all.n, NULL));
  sp_test_wait_until (sp_test_has_received, &all, 0, "every byte");
  g_assert_cmpuint (n_events (server_ep) + n_events (client_ep), >, SP_SEQUENCE_VIEW_READ_SLICE);

  /* The panes changed: one slice now, the rest in later iterations. Its
   * time unbounded, so the count is what ends it, however slow the run. */
  _sp_sequence_view_set_slice_time (view, G_MAXINT64);
  sp_bench_counts[SP_BENCH_DIAGRAM_READ] = 0;
  set_lifelines (view, server_ep, client_ep);
  g_assert_cmpuint (sp_bench_counts[SP_BENCH_DIAGRAM_READ], ==, SP_SEQUENCE_VIEW_READ_SLICE);
  g_assert_cmpuint (n_rows (view), <=, SP_SEQUENCE_VIEW_READ_SLICE);

  sp_sequence_view_refresh (view);
  g_assert_cmpuint (n_rows (view), ==, n_row_events (server_ep) + n_row_events (client_ep));
  assert_same_as_fresh (view, server_ep, client_ep);

  /* Drawn at the newest rows: a screenful and the look-back, not thousands. */
  sp_test_wait_until (sp_test_capture_drawing, &drawing, 0, "the diagram drawn");
  sp_bench_counts[SP_BENCH_DIAGRAM_DRAWN] = 0;
  GTK_WIDGET_GET_CLASS (view)->snapshot (GTK_WIDGET (view), snapshot);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_cmpuint (sp_bench_counts[SP_BENCH_DIAGRAM_DRAWN], >, 0);
  g_assert_cmpuint (sp_bench_counts[SP_BENCH_DIAGRAM_DRAWN], <=,
                    64 + gtk_widget_get_height (GTK_WIDGET (view)) / 30 + 2);

  sp_test_drawing_clear (&drawing);
  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct {
  SpSequenceView *view;
  SpEndpoint     *server;
  SpEndpoint     *client;
} Diagram;

static gboolean
every_row_read (gpointer data)
{
  Diagram *d = data;

  return n_rows (d->view) == n_row_events (d->server) + n_row_events (d->client);
}

/* A slice ends when its time is up, short of its count: with no time at
 * all, after the events read between two looks at the clock. The slices
 * that follow on their own read every event, each once, and the view
 * stays at the newest rows. */
static void
test_slice_time (void)
{
  SpWindow *window = diagram_window (SP_ENDPOINT_KIND_TCP_SERVER, SP_ENDPOINT_KIND_TCP_CLIENT);
  SpEndpoint *server_ep = sp_pane_get_endpoint (sp_window_get_pane (window, 0));
  SpEndpoint *client_ep = sp_pane_get_endpoint (sp_window_get_pane (window, 1));
  SpSequenceView *view = sp_window_get_sequence_view (window);
  g_autoptr(GBytes) one = g_bytes_new_static ("x", 1);
  SpTestBytes all = { server_ep, SP_SEQUENCE_VIEW_READ_SLICE + 500 };
  Diagram diagram = { view, server_ep, client_ep };
  GtkAdjustment *vadjustment;

  g_assert_true (sp_endpoint_send_burst (client_ep, one, NULL, all.n, NULL));
  sp_test_wait_until (sp_test_has_received, &all, 0, "every byte");

  _sp_sequence_view_set_slice_time (view, 0);
  sp_bench_counts[SP_BENCH_DIAGRAM_READ] = 0;
  set_lifelines (view, server_ep, client_ep);
  g_assert_cmpuint (sp_bench_counts[SP_BENCH_DIAGRAM_READ], ==, SP_SEQUENCE_VIEW_CLOCK_EVERY);
  g_assert_cmpuint (sp_bench_counts[SP_BENCH_DIAGRAM_READ], <, SP_SEQUENCE_VIEW_READ_SLICE);

  /* No refresh: the diagram's own slices. */
  sp_test_wait_until (every_row_read, &diagram, 0, "every row, a slice at a time");
  g_assert_cmpuint (sp_bench_counts[SP_BENCH_DIAGRAM_READ], ==, n_events (server_ep) + n_events (client_ep));
  assert_same_as_fresh (view, server_ep, client_ep);
  /* connect() → accept() and every send()'s arrow: each recv() read
   * bytes of at least one. */
  g_assert_cmpuint (sp_sequence_view_get_n_arrows (view), ==, 1 + SP_SEQUENCE_VIEW_READ_SLICE + 500);

  vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
  g_assert_cmpfloat (gtk_adjustment_get_value (vadjustment), >=,
                     gtk_adjustment_get_upper (vadjustment) - gtk_adjustment_get_page_size (vadjustment) - 1);

  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct {
  SpEndpoint *endpoint;
  SpEvent    *event;
} Activated;

static void
event_activated_cb (SpSequenceView *view,
                    SpEndpoint     *endpoint,
                    SpEvent        *event,
                    Activated      *activated)
{
  activated->endpoint = endpoint;
  g_set_object (&activated->event, event);
}

/* A press at (@x, @y) in @view's own coordinates. */
static void
press (SpSequenceView *view,
       double          x,
       double          y)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (view));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_CLICK (controller))
        g_signal_emit_by_name (controller, "pressed", 1, x, y);
    }
}

/* A click on a send()'s arrow shows that send: the event made from the
 * row's record when clicked, the pane's own. */
static void
test_click (void)
{
  SpWindow *window = diagram_window (SP_ENDPOINT_KIND_TCP_SERVER, SP_ENDPOINT_KIND_TCP_CLIENT);
  SpPane *server = sp_window_get_pane (window, 0);
  SpPane *client = sp_window_get_pane (window, 1);
  SpSequenceView *view = sp_window_get_sequence_view (window);
  SpTestDrawing drawing = { GTK_WIDGET (view) };
  SpTestBytes hello = { sp_pane_get_endpoint (server), 5 };
  Activated activated = { NULL };
  guint send_row = G_MAXUINT, to_column = 0, to_row = 0;
  double width, x1, x2, y1, y2, dy;

  sp_test_send_text (client, "hello");
  sp_test_wait_until (sp_test_has_received, &hello, 0, "hello");
  sp_sequence_view_refresh (view);
  sp_test_wait_until (sp_test_capture_drawing, &drawing, 0, "the diagram drawn");
  for (guint i = 0; sp_sequence_view_get_label (view, i) != NULL; i++)
    if (g_str_equal (sp_sequence_view_get_label (view, i), "send 5 B “hello”"))
      send_row = i;
  g_assert_cmpuint (send_row, !=, G_MAXUINT);
  g_assert_true (sp_sequence_view_get_arrow (view, send_row, &to_column, &to_row));

  /* The middle of the arrow, from the client's lifeline (the second) to
   * the server's: columns share the width, rows are 30 px under a 36 px
   * header. */
  width = MAX (view->min_column, gtk_widget_get_width (GTK_WIDGET (view)) / 2.0);
  dy = gtk_adjustment_get_value (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view)));
  x1 = width * 1.5;
  x2 = width * (to_column + 0.5);
  y1 = 36 + 30 * (send_row + 0.5) - dy;
  y2 = 36 + 30 * (to_row + 0.5) - dy;
  g_signal_connect (view, "event-activated", G_CALLBACK (event_activated_cb), &activated);
  press (view, (x1 + x2) / 2, (y1 + y2) / 2);

  g_assert_nonnull (activated.event);
  g_assert_true (activated.endpoint == sp_pane_get_endpoint (client));
  g_assert_cmpint (sp_event_get_kind (activated.event), ==, SP_EVENT_KIND_SENT);
  g_assert_cmpuint (sp_event_get_n_bytes (activated.event), ==, 5);

  g_clear_object (&activated.event);
  sp_test_drawing_clear (&drawing);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Rows point into the logs: a cleared log's rows go at once, before the
 * next update, and come back from what is logged after. */
static void
test_log_cleared (void)
{
  SpWindow *window = diagram_window (SP_ENDPOINT_KIND_TCP_SERVER, SP_ENDPOINT_KIND_TCP_CLIENT);
  SpEndpoint *server_ep = sp_pane_get_endpoint (sp_window_get_pane (window, 0));
  SpEndpoint *client_ep = sp_pane_get_endpoint (sp_window_get_pane (window, 1));
  SpSequenceView *view = sp_window_get_sequence_view (window);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  SpTestBytes hello = { server_ep, 5 };

  sp_test_send_text (sp_window_get_pane (window, 1), "hello");
  sp_test_wait_until (sp_test_has_received, &hello, 0, "hello");
  sp_sequence_view_refresh (view);
  g_assert_cmpuint (n_rows (view), >, 0);

  sp_event_log_clear (sp_endpoint_get_events (server_ep));
  g_assert_cmpuint (n_rows (view), ==, 0);
  GTK_WIDGET_GET_CLASS (view)->snapshot (GTK_WIDGET (view), snapshot);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));

  sp_sequence_view_refresh (view);
  g_assert_cmpuint (n_rows (view), ==, n_row_events (server_ep) + n_row_events (client_ep));
  g_assert_cmpuint (n_rows (view), >, 0);

  gtk_window_destroy (GTK_WINDOW (window));
}

static int
natural_width (SpSequenceView *view)
{
  int natural = 0;

  gtk_widget_measure (GTK_WIDGET (view), GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
  return natural;
}

typedef struct {
  SpSequenceView *view;
  int             width;
} Wider;

static gboolean
wider_after_update (gpointer data)
{
  Wider *w = data;

  sp_sequence_view_refresh (w->view);
  return natural_width (w->view) > w->width;
}

/* Columns are as wide as the widest title: measured again when the
 * titles change and when the font does (the teacher's zoom), not on
 * every update. */
static void
test_title_width (void)
{
  SpWindow *window = diagram_window (SP_ENDPOINT_KIND_TCP_SERVER, SP_ENDPOINT_KIND_TCP_CLIENT);
  SpEndpoint *server_ep = sp_pane_get_endpoint (sp_window_get_pane (window, 0));
  SpEndpoint *client_ep = sp_pane_get_endpoint (sp_window_get_pane (window, 1));
  SpSequenceView *view = sp_window_get_sequence_view (window);
  g_autoptr(GPtrArray) endpoints = g_ptr_array_new ();
  g_autoptr(GPtrArray) titles = g_ptr_array_new ();
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();
  Wider wider = { view, 0 };
  int narrow;

  set_lifelines (view, server_ep, client_ep);
  sp_sequence_view_refresh (view);
  narrow = natural_width (view);

  g_ptr_array_add (endpoints, server_ep);
  g_ptr_array_add (endpoints, client_ep);
  g_ptr_array_add (titles, (char *) "server");
  g_ptr_array_add (titles, (char *) "a client whose title is far wider than a column's least width");
  sp_sequence_view_set_endpoints (view, endpoints, titles);
  sp_sequence_view_refresh (view);
  g_assert_cmpint (natural_width (view), >, narrow);

  /* A larger font: wider again, once the view's style has it. */
  wider.width = natural_width (view);
  gtk_css_provider_load_from_data (css, "sequenceview { font-size: 40px; }", -1);
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_USER);
  sp_test_wait_until (wider_after_update, &wider, 0, "the titles measured in the larger font");
  gtk_style_context_remove_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The arrows a relay's log should draw to and from outside programs,
 * counted from its events: every call on a connection that is a party's
 * (accept, connect, recv, send, FIN, shutdown, close, reset). */
static guint
count_relay_calls (SpEndpoint *relay)
{
  GListModel *events = G_LIST_MODEL (sp_endpoint_get_events (relay));
  guint count = 0;

  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(SpEvent) event = g_list_model_get_item (events, i);

      if (sp_event_get_connection_id (event) == 0)
        continue;

      switch ((int) sp_event_get_kind (event))
        {
        case SP_EVENT_KIND_ACCEPTED:
        case SP_EVENT_KIND_CONNECTED:
        case SP_EVENT_KIND_SENT:
        case SP_EVENT_KIND_RECEIVED:
        case SP_EVENT_KIND_PEER_CLOSED:
        case SP_EVENT_KIND_CLOSED:
          count++;
          break;

        case SP_EVENT_KIND_INFO:
          count += (sp_event_get_flags (event) & SP_EVENT_FLAG_SHUTDOWN) != 0;
          break;

        case SP_EVENT_KIND_ERROR:
          count += g_strcmp0 (sp_event_get_errno_name (event), "ECONNRESET") == 0;
          break;

        default:
          break;
        }
    }

  return count;
}

/* Labels the relay's accept()s and passed-on FINs should have drawn. */
static void
assert_relay_labels (SpSequenceView *view,
                     SpEndpoint     *relay,
                     guint          *n_accepted,
                     guint          *n_shutdowns)
{
  GListModel *events = G_LIST_MODEL (sp_endpoint_get_events (relay));

  *n_accepted = *n_shutdowns = 0;
  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(SpEvent) event = g_list_model_get_item (events, i);
      guint id = sp_event_get_connection_id (event);
      g_autofree char *label = NULL;

      if (sp_event_get_kind (event) == SP_EVENT_KIND_ACCEPTED)
        {
          label = g_strdup_printf ("#%u connect() → accept()", id);
          (*n_accepted)++;
        }
      else if (sp_event_get_kind (event) == SP_EVENT_KIND_INFO &&
               (sp_event_get_flags (event) & SP_EVENT_FLAG_SHUTDOWN) != 0)
        {
          label = g_strdup_printf ("#%u shutdown(SHUT_WR) → FIN", id);
          (*n_shutdowns)++;
        }
      else
        continue;

      if (!has_label (view, label))
        g_error ("no arrow “%s”", label);
    }
}

/* A relay pane between two plain peer processes (the student's own client
 * and server, not panes): three kinds of party — each client by its
 * address left of the relay, the target server right of it — and an arrow
 * for each of the relay's calls, both FINs passed on. */
static void
test_relay_outside (void)
{
  SpWindow *window = new_window ();
  SpPane *pane = sp_window_get_pane (window, 0);
  SpEndpoint *relay = sp_pane_get_endpoint (pane);
  SpSequenceView *view = sp_window_get_sequence_view (window);
  g_autofree char *server_title = NULL;
  g_autofree char *relay_title = NULL;
  g_autoptr(GString) description = g_string_new ("Lifelines: ");
  guint server_port, n_arrows, n_accepted, n_shutdowns;

  while (sp_window_get_n_panes (window) > 1)
    sp_window_remove_pane (window, sp_window_get_pane (window, 1));
  gtk_window_set_default_size (GTK_WINDOW (window), 1366, 768);
  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-diagram", NULL);

  /* Two clients at once, each 300 bytes; the server echoes them. */
  server_port = sp_test_relay_echo (relay, 2, 300);

  sp_sequence_view_refresh (view);

  /* Client, client, relay, server: left to right. */
  g_assert_cmpuint (sp_sequence_view_get_n_lifelines (view), ==, 4);
  g_assert_true (g_str_has_prefix (sp_sequence_view_get_lifeline_title (view, 0), "Client 127.0.0.1:"));
  g_assert_true (g_str_has_prefix (sp_sequence_view_get_lifeline_title (view, 1), "Client 127.0.0.1:"));
  g_assert_cmpstr (sp_sequence_view_get_lifeline_title (view, 0), !=, sp_sequence_view_get_lifeline_title (view, 1));
  relay_title = sp_pane_dup_title (pane);
  g_assert_cmpstr (sp_sequence_view_get_lifeline_title (view, 2), ==, relay_title);
  server_title = g_strdup_printf ("Server 127.0.0.1:%u", server_port);
  g_assert_cmpstr (sp_sequence_view_get_lifeline_title (view, 3), ==, server_title);
  g_assert_null (sp_sequence_view_get_lifeline_title (view, 4));

  /* An arrow per call: at least accept, connect, a recv and a send each
   * way, a FIN and a shutdown each way and two closes per pair. */
  n_arrows = count_relay_calls (relay);
  g_assert_cmpuint (n_arrows, >=, 2 * 12);
  g_assert_cmpuint (sp_sequence_view_get_n_arrows (view), ==, n_arrows);
  assert_relay_labels (view, relay, &n_accepted, &n_shutdowns);
  g_assert_cmpuint (n_accepted, ==, 2);
  g_assert_cmpuint (n_shutdowns, ==, 4);

  /* Screen readers hear the same. */
  for (guint p = 0; p < 4; p++)
    g_string_append_printf (description, "%s%s", p > 0 ? " | " : "", sp_sequence_view_get_lifeline_title (view, p));
  g_string_append_printf (description, "; %u arrows", n_arrows);
  gtk_test_accessible_assert_property (view, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description->str);

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
mappings_gone (gpointer relay)
{
  return g_list_model_get_n_items (sp_endpoint_get_connections (relay)) == 0;
}

static gboolean
has_refused (gpointer relay)
{
  return sp_test_count_errno (relay, ECONNREFUSED) > 0;
}

/* The arrows a UDP relay's log should draw: each datagram received or
 * sent on either side, each mapping's expiry (on its upstream side) and
 * each ECONNREFUSED; checks the labels of the last two. */
static guint
count_udp_relay_arrows (SpSequenceView *view,
                        SpEndpoint     *relay,
                        guint          *n_expired)
{
  GListModel *events = G_LIST_MODEL (sp_endpoint_get_events (relay));
  g_autoptr(GHashTable) upstream = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) mapping = g_hash_table_new (NULL, NULL);
  guint count = 0, last_client = 0;

  *n_expired = 0;
  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(SpEvent) event = g_list_model_get_item (events, i);
      gpointer id = GUINT_TO_POINTER (sp_event_get_connection_id (event));
      guint number = GPOINTER_TO_UINT (g_hash_table_lookup (mapping, id));
      g_autofree char *label = NULL;

      switch ((int) sp_event_get_kind (event))
        {
        case SP_EVENT_KIND_RECEIVED:
          if (!g_hash_table_contains (upstream, id))
            last_client = GPOINTER_TO_UINT (id);
          count++;
          break;

        case SP_EVENT_KIND_SENT:
          count++;
          break;

        case SP_EVENT_KIND_CONNECTED:
          /* A new mapping, right after its client's first recvfrom(). */
          g_hash_table_add (upstream, id);
          g_hash_table_insert (mapping, id, GUINT_TO_POINTER (last_client));
          break;

        case SP_EVENT_KIND_CLOSED:
          if (!g_hash_table_contains (upstream, id))
            break;
          label = g_strdup_printf ("#%u mapping expired: close(), nothing sent", number);
          (*n_expired)++;
          break;

        case SP_EVENT_KIND_ERROR:
          if (g_strcmp0 (sp_event_get_errno_name (event), "ECONNREFUSED") == 0)
            label = g_strdup_printf ("#%u ICMP port unreachable → ⚠ ECONNREFUSED", number);
          break;

        default:
          break;
        }

      if (label == NULL)
        continue;
      count++;
      if (!has_label (view, label))
        g_error ("no arrow “%s”", label);
    }

  return count;
}

/* A UDP relay between plain peer processes: each client by its address
 * left of the relay, the target right; an arrow per recvfrom(), sendto(),
 * upstream send() and recv(), each mapping's expiry and the target's
 * ECONNREFUSED on the server's lifeline. The diagram is read as the log
 * grows (each row once), and the same when read again from the start. */
static void
test_relay_udp_outside (void)
{
  SpWindow *window = new_window ();
  SpPane *pane = sp_window_get_pane (window, 0);
  SpEndpoint *relay = sp_pane_get_endpoint (pane);
  SpSequenceView *view = sp_window_get_sequence_view (window);
  g_autoptr(GSocket) target = NULL;
  g_autoptr(GSocket) late = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM, 0, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) relay_address = NULL;
  g_autofree char *relay_title = NULL;
  g_autofree char *server_title = NULL;
  g_autofree char *relay_port = NULL;
  g_auto(GStrv) server_lines = NULL;
  g_auto(GStrv) client1_lines = NULL;
  g_auto(GStrv) client2_lines = NULL;
  SpTestPeer *peers[3];
  guint server_port, n_arrows, n_expired;

  while (sp_window_get_n_panes (window) > 1)
    sp_window_remove_pane (window, sp_window_get_pane (window, 1));
  gtk_window_set_default_size (GTK_WINDOW (window), 1366, 768);
  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-diagram", NULL);

  target = sp_test_plain_bound (G_SOCKET_TYPE_DATAGRAM, &server_port);

  sp_endpoint_reconfigure (relay, SP_ENDPOINT_KIND_UDP_RELAY, "127.0.0.1", 0);
  sp_endpoint_set_target_host (relay, "127.0.0.1");
  sp_endpoint_set_target_port (relay, server_port);
  sp_endpoint_set_read_size (relay, 65536);
  sp_endpoint_set_relay_idle_timeout (relay, 300);
  sp_endpoint_start (relay);
  sp_test_wait_until (sp_test_is_running, relay, 0, "the relay listens");
  relay_port = g_strdup_printf ("%u", sp_endpoint_get_bound_port (relay));

  /* Two clients at once, three datagrams each, answered by the server. */
  peers[0] = sp_test_peer_spawn ("sp-udp-relay-peer", g_socket_get_fd (target),
                                 (const char *[]) { "server", "6", NULL });
  peers[1] = sp_test_peer_spawn ("sp-udp-relay-peer", -1, (const char *[]) { "client", relay_port, "1", "3", NULL });
  peers[2] = sp_test_peer_spawn ("sp-udp-relay-peer", -1, (const char *[]) { "client", relay_port, "2", "3", NULL });
  client1_lines = sp_test_peer_finish (peers[1], "the first client", "client ");
  client2_lines = sp_test_peer_finish (peers[2], "the second client", "client ");
  server_lines = sp_test_peer_finish (peers[0], "the server", "server ");
  /* The diagram reads the log as it grows, not all at the end. */
  sp_sequence_view_refresh (view);
  sp_test_wait_until (mappings_gone, relay, 5000, "both mappings expire");

  /* Now nothing listens at the target: a third client's datagram comes
   * back as ECONNREFUSED. */
  g_socket_close (target, NULL);
  relay_address = g_inet_socket_address_new (loopback, sp_endpoint_get_bound_port (relay));
  g_assert_cmpint (g_socket_send_to (late, relay_address, "anyone?", 7, NULL, NULL), ==, 7);
  sp_test_wait_until (has_refused, relay, 0, "the relay hears ECONNREFUSED");
  sp_sequence_view_refresh (view);

  /* Client, client, client, relay, server: left to right. */
  g_assert_cmpuint (sp_sequence_view_get_n_lifelines (view), ==, 5);
  for (guint p = 0; p < 3; p++)
    g_assert_true (g_str_has_prefix (sp_sequence_view_get_lifeline_title (view, p), "Client 127.0.0.1:"));
  g_assert_cmpstr (sp_sequence_view_get_lifeline_title (view, 0), !=, sp_sequence_view_get_lifeline_title (view, 1));
  relay_title = sp_pane_dup_title (pane);
  g_assert_cmpstr (sp_sequence_view_get_lifeline_title (view, 3), ==, relay_title);
  server_title = g_strdup_printf ("Server 127.0.0.1:%u", server_port);
  g_assert_cmpstr (sp_sequence_view_get_lifeline_title (view, 4), ==, server_title);

  /* 6 datagrams each way: 4 calls each; 3 mappings made, 2 expired, 1
   * refused (its datagram recvfrom() and send()). */
  n_arrows = count_udp_relay_arrows (view, relay, &n_expired);
  g_assert_cmpuint (n_expired, ==, 2);
  g_assert_cmpuint (n_arrows, ==, 6 * 4 + 2 + 2 + 1);
  g_assert_cmpuint (sp_sequence_view_get_n_arrows (view), ==, n_arrows);

  /* The same when the whole log is read again. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-diagram", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-diagram", NULL);
  sp_sequence_view_refresh (view);
  g_assert_cmpuint (sp_sequence_view_get_n_arrows (view), ==, n_arrows);
  g_assert_cmpuint (count_udp_relay_arrows (view, relay, &n_expired), ==, n_arrows);

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
accepted (gpointer data)
{
  GSocket **sockets = data;

  sockets[1] = g_socket_accept (sockets[0], NULL, NULL);
  return sockets[1] != NULL;
}

/* The outside server resets its connection (close() with SO_LINGER 0):
 * the RST arrives from the server's lifeline, and the reset the relay
 * passes on goes to the client's. */
static void
test_relay_reset (void)
{
  SpWindow *window = new_window ();
  SpEndpoint *relay = sp_pane_get_endpoint (sp_window_get_pane (window, 0));
  SpSequenceView *view = sp_window_get_sequence_view (window);
  g_autoptr(GSocket) client = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, 0, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = NULL;
  g_autofree char *rst = NULL;
  g_autofree char *reset = NULL;
  SpTestCount none = { relay, 0 };
  SpTestKindCount connected = { relay, SP_EVENT_KIND_CONNECTED, 1 };
  GSocket *server[2] = { NULL, NULL };
  struct linger linger = { 1, 0 };
  guint server_port;

  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-diagram", NULL);
  server[0] = sp_test_plain_listener (&server_port);
  g_socket_set_blocking (server[0], FALSE);
  sp_endpoint_reconfigure (relay, SP_ENDPOINT_KIND_TCP_RELAY, "127.0.0.1", 0);
  sp_endpoint_set_target_host (relay, "127.0.0.1");
  sp_endpoint_set_target_port (relay, server_port);
  sp_endpoint_start (relay);
  sp_test_wait_until (sp_test_is_running, relay, 0, "the relay listens");

  address = g_inet_socket_address_new (loopback, sp_endpoint_get_bound_port (relay));
  g_assert_true (g_socket_connect (client, address, NULL, NULL));
  sp_test_wait_until (accepted, server, 0, "the server accepts the relay");
  sp_test_wait_until (sp_test_has_n_of_kind, &connected, 0, "the relay's connect() through");
  g_assert_cmpint (setsockopt (g_socket_get_fd (server[1]), SOL_SOCKET, SO_LINGER, &linger, sizeof linger), ==, 0);
  g_socket_close (server[1], NULL);
  sp_test_wait_until (sp_test_has_n_connections, &none, 0, "the relay resets the client too");

  g_assert_cmpuint (sp_test_count_errno (relay, ECONNRESET), ==, 1);
  rst = g_strdup_printf ("#%u RST → ⚠ ECONNRESET",
                         sp_event_get_connection_id (sp_test_last_of_kind (relay, SP_EVENT_KIND_ERROR)));
  sp_sequence_view_refresh (view);
  g_assert_true (has_label (view, rst));
  /* The first connection is the client's. */
  g_assert_true (has_label (view, "#1 close() → RST"));
  g_assert_cmpuint (sp_sequence_view_get_n_lifelines (view), ==, 4);

  g_object_unref (server[0]);
  g_object_unref (server[1]);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Client pane → relay pane → server pane: three lifelines, the panes',
 * and no outside parties; the relay's shutdown(SHUT_WR) passing the
 * client's close on is drawn. */
static void
test_relay_panes (void)
{
  SpWindow *window = diagram_window (SP_ENDPOINT_KIND_TCP_SERVER, SP_ENDPOINT_KIND_TCP_CLIENT);
  SpPane *server = sp_window_get_pane (window, 0);
  SpPane *client = sp_window_get_pane (window, 1);
  SpPane *relay = sp_window_add_pane (window, SP_ENDPOINT_KIND_TCP_RELAY);
  SpEndpoint *relay_ep = sp_pane_get_endpoint (relay);
  SpSequenceView *view = sp_window_get_sequence_view (window);
  SpTestKindCount fin = { sp_pane_get_endpoint (server), SP_EVENT_KIND_PEER_CLOSED, 1 };
  g_autofree char *port = NULL;

  /* diagram_window() started the client on the server: now through the relay. */
  sp_test_click (client, "start_button");   /* Stop */
  sp_test_wait_until (sp_test_pane_is_running, server, 0, "the server still runs");
  sp_endpoint_reconfigure (relay_ep, SP_ENDPOINT_KIND_TCP_RELAY, "127.0.0.1", 0);
  sp_endpoint_set_target_host (relay_ep, "127.0.0.1");
  sp_endpoint_set_target_port (relay_ep, sp_endpoint_get_bound_port (sp_pane_get_endpoint (server)));
  sp_test_click (relay, "start_button");
  sp_test_wait_until (sp_test_pane_is_running, relay, 0, "the relay listens");
  port = g_strdup_printf ("%u", sp_endpoint_get_bound_port (relay_ep));
  sp_test_set_text (client, "port_entry", port);
  sp_test_click (client, "start_button");
  sp_test_wait_until (sp_test_pane_is_running, client, 0, "the client connects to the relay");

  sp_test_send_text (client, "hello");
  sp_test_wait_until (sp_test_has_received_hello, server, 0, "hello at the server");
  fin.n = sp_test_count_kind (sp_pane_get_endpoint (server), SP_EVENT_KIND_PEER_CLOSED) + 1;
  sp_test_click (client, "start_button");   /* Stop */
  sp_test_wait_until (sp_test_has_n_of_kind, &fin, 0, "the FIN passed on to the server");

  sp_sequence_view_refresh (view);
  g_assert_cmpuint (sp_sequence_view_get_n_lifelines (view), ==, 3);
  for (guint p = 0; p < 3; p++)
    g_assert_false (g_str_has_prefix (sp_sequence_view_get_lifeline_title (view, p), "Client "));
  g_assert_true (has_label (view, "shutdown(SHUT_WR)"));
  /* Two connects, the first connection's close; hello sent twice, and the
   * relay's connect, the FIN and the shutdown. */
  g_assert_cmpuint (sp_sequence_view_get_n_arrows (view), >=, 8);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  sp_test_ui_init (&argc, &argv);

  g_test_add_func ("/sequence-view/tcp", test_diagram);
  g_test_add_func ("/sequence-view/udp", test_udp);
  g_test_add_func ("/sequence-view/close", test_close);
  g_test_add_func ("/sequence-view/encoding", test_encoding);
  g_test_add_func ("/sequence-view/labels-clear", test_labels_clear);
  g_test_add_func ("/sequence-view/incremental", test_incremental);
  g_test_add_func ("/sequence-view/slices", test_slices);
  g_test_add_func ("/sequence-view/slice-time", test_slice_time);
  g_test_add_func ("/sequence-view/click", test_click);
  g_test_add_func ("/sequence-view/log-cleared", test_log_cleared);
  g_test_add_func ("/sequence-view/title-width", test_title_width);

  g_test_add_func ("/sequence-view/relay-outside", test_relay_outside);
  g_test_add_func ("/sequence-view/relay-udp-outside", test_relay_udp_outside);
  g_test_add_func ("/sequence-view/relay-panes", test_relay_panes);
  g_test_add_func ("/sequence-view/relay-reset", test_relay_reset);

  return g_test_run ();
}
