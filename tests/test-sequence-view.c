/* test-sequence-view.c: the diagram draws the arrows of a real exchange
 * (under Xvfb)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "sp-sequence-view.h"
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
server_has_4_bytes (gpointer data)
{
  return sp_event_log_get_bytes_received (sp_endpoint_get_events (data)) >= 4;
}

/* GBK text reads as the panes show it: 你好, not \xc4\xe3\xba\xc3 — the
 * sent arrow as typed, the received one in the server pane's Encoding. */
static void
test_encoding (void)
{
  SpWindow *window = sp_window_new (NULL);
  SpPane *server = sp_window_get_pane (window, 0);
  SpPane *client = sp_window_get_pane (window, 1);
  SpSequenceView *view = sp_window_get_sequence_view (window);

  sp_endpoint_reconfigure (sp_pane_get_endpoint (server), SP_ENDPOINT_KIND_TCP_SERVER, "127.0.0.1", 0);
  sp_endpoint_reconfigure (sp_pane_get_endpoint (client), SP_ENDPOINT_KIND_TCP_CLIENT, "127.0.0.1", 1);
  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-diagram", NULL);
  sp_test_start_pair (server, client);

  g_object_set (client, "encoding", SP_TEXT_ENCODING_GBK, NULL);
  sp_test_send_text (client, "你好");
  sp_test_wait_until (server_has_4_bytes, sp_pane_get_endpoint (server), 0, "4 bytes");
  sp_sequence_view_refresh (view);
  g_assert_true (has_label (view, "send 4 B “你好”"));
  /* The server pane reads UTF-8: the diagram shows what its row shows. */
  g_assert_true (has_label (view, "recv 4 B “\\xc4\\xe3\\xba\\xc3”"));

  g_object_set (server, "encoding", SP_TEXT_ENCODING_GBK, NULL);
  sp_sequence_view_refresh (view);
  g_assert_true (has_label (view, "recv 4 B “你好”"));

  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct {
  GArray          *labels;   /* graphene_rect_t: where text is drawn */
  cairo_surface_t *strokes;  /* the lines and arrows, as drawn */
} Drawing;

/* Paints @node's lines into @d->strokes and collects its text's bounds
 * (pure translations only, as the diagram draws). */
static void
collect_drawing (GskRenderNode         *node,
                 double                 ox,
                 double                 oy,
                 const graphene_rect_t *clip,
                 Drawing               *d)
{
  graphene_rect_t bounds;

  switch ((int) gsk_render_node_get_node_type (node))
    {
    case GSK_CONTAINER_NODE:
      for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
        collect_drawing (gsk_container_node_get_child (node, i), ox, oy, clip, d);
      break;

    case GSK_TRANSFORM_NODE:
      {
        float tx = 0, ty = 0;

        g_assert_cmpint (gsk_transform_get_category (gsk_transform_node_get_transform (node)), >=,
                         GSK_TRANSFORM_CATEGORY_2D_TRANSLATE);
        gsk_transform_to_translate (gsk_transform_node_get_transform (node), &tx, &ty);
        collect_drawing (gsk_transform_node_get_child (node), ox + tx, oy + ty, clip, d);
      }
      break;

    case GSK_CLIP_NODE:
      /* Rows scrolled under the header are drawn, but clipped away. */
      bounds = *gsk_clip_node_get_clip (node);
      graphene_rect_offset (&bounds, ox, oy);
      if (clip == NULL || graphene_rect_intersection (clip, &bounds, &bounds))
        collect_drawing (gsk_clip_node_get_child (node), ox, oy, &bounds, d);
      break;

    case GSK_TEXT_NODE:
      gsk_render_node_get_bounds (node, &bounds);
      graphene_rect_offset (&bounds, ox, oy);
      if (clip == NULL || graphene_rect_intersection (clip, &bounds, &bounds))
        g_array_append_val (d->labels, bounds);
      break;

    case GSK_CAIRO_NODE:
      {
        cairo_t *cr = cairo_create (d->strokes);

        if (clip != NULL)
          {
            cairo_rectangle (cr, clip->origin.x, clip->origin.y, clip->size.width, clip->size.height);
            cairo_clip (cr);
          }
        cairo_translate (cr, ox, oy);
        gsk_render_node_draw (node, cr);
        cairo_destroy (cr);
      }
      break;

    default:
      break;
    }
}

/* The most opaque stroke pixel inside @rect (0 to 255). */
static guint
stroke_alpha_in (cairo_surface_t       *strokes,
                 const graphene_rect_t *rect)
{
  int stride = cairo_image_surface_get_stride (strokes);
  int w = cairo_image_surface_get_width (strokes);
  int h = cairo_image_surface_get_height (strokes);
  const guint8 *pixels = cairo_image_surface_get_data (strokes);
  guint most = 0;

  for (int y = MAX (0, (int) ceil (rect->origin.y)); y < MIN (h, (int) (rect->origin.y + rect->size.height)); y++)
    for (int x = MAX (0, (int) ceil (rect->origin.x)); x < MIN (w, (int) (rect->origin.x + rect->size.width)); x++)
      most = MAX (most, pixels[y * stride + x * 4 + 3]);

  return most;
}

typedef struct {
  GtkWidget     *view;
  GskRenderNode *node;
} Drawn;

/* The view as last drawn, once it has been (at a useful size). */
static gboolean
view_drawn (gpointer data)
{
  Drawn *drawn = data;
  g_autoptr(GdkPaintable) paintable = NULL;
  GtkSnapshot *snapshot;
  int w = gtk_widget_get_width (drawn->view);
  int h = gtk_widget_get_height (drawn->view);

  if (!gtk_widget_get_mapped (drawn->view) || h < 150 || w < 300)
    return FALSE;

  paintable = gtk_widget_paintable_new (drawn->view);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, w, h);
  drawn->node = gtk_snapshot_free_to_node (snapshot);
  return drawn->node != NULL;
}

/* Arrow labels sit beside their arrows, row labels beside the arrows that
 * end on their row: no line crosses a label, no label another. */
static void
test_labels_clear (void)
{
  SpWindow *window = sp_window_new (NULL);
  SpPane *server = sp_window_get_pane (window, 0);
  SpPane *client = sp_window_get_pane (window, 1);
  SpSequenceView *view = sp_window_get_sequence_view (window);
  Drawn drawn = { GTK_WIDGET (view), NULL };
  Drawing d;
  int w, h;

  sp_endpoint_reconfigure (sp_pane_get_endpoint (server), SP_ENDPOINT_KIND_TCP_SERVER, "127.0.0.1", 0);
  sp_endpoint_reconfigure (sp_pane_get_endpoint (client), SP_ENDPOINT_KIND_TCP_CLIENT, "127.0.0.1", 1);
  gtk_window_set_default_size (GTK_WINDOW (window), 1366, 768);
  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-diagram", NULL);
  sp_test_start_pair (server, client);
  sp_test_send_text (client, "hello, world");
  sp_test_wait_until (server_has_4_bytes, sp_pane_get_endpoint (server), 0, "hello");
  sp_test_send_text (server, "HELLO, WORLD");
  sp_test_wait_until (server_has_4_bytes, sp_pane_get_endpoint (client), 0, "HELLO");
  sp_sequence_view_refresh (view);
  g_assert_cmpuint (sp_sequence_view_get_n_arrows (view), ==, 3);
  sp_test_wait_until (view_drawn, &drawn, 0, "the diagram drawn");

  w = gtk_widget_get_width (GTK_WIDGET (view));
  h = gtk_widget_get_height (GTK_WIDGET (view));
  d.labels = g_array_new (FALSE, FALSE, sizeof (graphene_rect_t));
  d.strokes = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  collect_drawing (drawn.node, 0, 0, NULL, &d);
  gsk_render_node_unref (drawn.node);
  cairo_surface_flush (d.strokes);

  /* The two titles, and the rows in view of listen(), accept(), connect(),
   * two sends, two recvs. */
  g_assert_cmpuint (d.labels->len, >=, 6);  for (guint i = 0; i < d.labels->len; i++)
    {
      graphene_rect_t *label = &g_array_index (d.labels, graphene_rect_t, i);


      g_assert_cmpuint (stroke_alpha_in (d.strokes, label), <, 128);
      for (guint j = i + 1; j < d.labels->len; j++)
        g_assert_false (graphene_rect_intersection (label, &g_array_index (d.labels, graphene_rect_t, j), NULL));
    }

  g_array_unref (d.labels);
  cairo_surface_destroy (d.strokes);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A window showing its diagram, with a @server_kind pane and a
 * @client_kind pane talking to it. */
static SpWindow *
diagram_window (SpEndpointKind server_kind,
                SpEndpointKind client_kind)
{
  SpWindow *window = sp_window_new (NULL);
  SpPane *server = sp_window_get_pane (window, 0);
  SpPane *client = sp_window_get_pane (window, 1);

  sp_endpoint_reconfigure (sp_pane_get_endpoint (server), server_kind, "127.0.0.1", 0);
  sp_endpoint_reconfigure (sp_pane_get_endpoint (client), client_kind, "127.0.0.1", 1);
  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-diagram", NULL);
  sp_test_start_pair (server, client);

  return window;
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

  return g_test_run ();
}
