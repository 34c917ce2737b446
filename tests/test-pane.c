/* test-pane.c: a pane as a whole: start a server on a port the system
 * picks, connect a client, send; the pane's actions (under Xvfb)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sp-event-row.h"
#include "sp-hex-view.h"
#include "sp-test-ui.h"

/* Port 0: the system picks, the pane shows it; a client connects to it
 * and what it sends shows in the server's log. */
static void
test_start_and_send (void)
{
  SpWindow *window = sp_window_new (NULL);
  SpPane *server, *client;
  g_autofree char *port = NULL;

  gtk_window_present (GTK_WINDOW (window));
  server = sp_window_get_pane (window, 0);
  client = sp_window_get_pane (window, 1);

  sp_test_set_text (server, "port_entry", "0");
  sp_test_click (server, "start_button");
  sp_test_wait_until (sp_test_pane_is_running, server, 0, "server");
  port = g_strdup_printf ("%u", sp_endpoint_get_bound_port (sp_pane_get_endpoint (server)));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (sp_test_find_child (GTK_WIDGET (server), "status_label"))), port));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (sp_test_find_child (GTK_WIDGET (server), "start_button"))), ==, "Stop");

  sp_test_set_text (client, "port_entry", port);
  sp_test_click (client, "start_button");
  sp_test_wait_until (sp_test_pane_is_running, client, 0, "client");

  sp_test_set_text (client, "message_entry", "hello");
  sp_test_click (client, "send_button");
  sp_test_wait_until (sp_test_has_received_hello, server, 0, "a received row showing hello");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The row of @pane's log showing @kind, mapped, and saying @text (NULL:
 * the row, whatever it says) as it decodes its bytes. */
static GtkWidget *
row_showing (SpPane      *pane,
             SpEventKind  kind,
             const char  *text)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  sp_test_collect_rows (sp_test_find_child (GTK_WIDGET (pane), "events_list"), rows);
  for (guint i = 0; i < rows->len; i++)
    {
      SpEvent *event = sp_event_row_get_event (rows->pdata[i]);
      g_autofree char *says = NULL;

      if (event == NULL || sp_event_get_kind (event) != kind || !gtk_widget_get_mapped (rows->pdata[i]))
        continue;
      says = sp_event_describe (event, sp_event_row_get_encoding (rows->pdata[i]));
      if (text == NULL || strstr (says, text) != NULL)
        return rows->pdata[i];
    }

  return NULL;
}

static gboolean
sent_row_says_nihao (gpointer pane)
{
  return row_showing (pane, SP_EVENT_KIND_SENT, "你好") != NULL;
}

typedef struct {
  SpPane  *pane;
  SpEvent *event;
} Selecting;

/* Selects the event once the pane's list has it (the list takes new
 * events in batches); done when the byte view shows it. */
static gboolean
selected (gpointer data)
{
  Selecting *s = data;
  SpHexView *hex_view = SP_HEX_VIEW (sp_test_find_child (GTK_WIDGET (s->pane), "hex_view"));

  if (sp_hex_view_get_event (hex_view) == s->event)
    return TRUE;
  sp_pane_select_event (s->pane, s->event);
  return FALSE;
}

/* The pane's list, searched, shows one entry: a sent one. */
static gboolean
search_finds_sent (gpointer pane)
{
  GListModel *shown = sp_test_shown_events (pane);
  g_autoptr(SpEvent) first = g_list_model_get_n_items (shown) == 1 ? g_list_model_get_item (shown, 0) : NULL;

  return first != NULL && sp_event_get_kind (first) == SP_EVENT_KIND_SENT;
}

static char *
text_tab (SpHexView *hex_view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (sp_test_find_child (GTK_WIDGET (hex_view), "text_view")));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* A sent row keeps the encoding it was typed in when the composer's
 * Encoding changes; received bytes follow the pane's Encoding, and the
 * byte view reads an entry as another encoding on request. */
static void
test_sent_keeps_encoding (void)
{
  SpWindow *window = sp_test_fresh_window ();
  SpPane *server = sp_window_get_pane (window, 0);
  SpPane *client = sp_window_get_pane (window, 1);
  SpHexView *hex_view = SP_HEX_VIEW (sp_test_find_child (GTK_WIDGET (server), "hex_view"));
  SpTestBytes got = { sp_pane_get_endpoint (server), 4 };
  g_autofree char *as_utf8 = NULL;
  g_autofree char *as_gbk = NULL;
  SpEvent *received;

  sp_test_start_pair (server, client);
  g_object_set (client, "encoding", SP_TEXT_ENCODING_GBK, NULL);
  sp_test_send_text (client, "你好");
  sp_test_wait_until (sp_test_has_received, &got, 0, "c4 e3 ba c3 received");
  sp_test_wait_until (sent_row_says_nihao, client, 0, "the sent row reading 你好 in GBK");

  /* The student switches the composer back: the sent row still reads 你好. */
  g_object_set (client, "encoding", SP_TEXT_ENCODING_UTF8, NULL);
  g_assert_nonnull (row_showing (client, SP_EVENT_KIND_SENT, "你好"));
  /* And searching for what it shows finds it. */
  sp_test_set_text (client, "log_search_entry", "你好");
  sp_test_wait_until (search_finds_sent, client, 0, "the search finding the GBK row");

  /* The server reads UTF-8: the received bytes are not 你好 there, until
   * the byte view reads them as GBK. */
  received = sp_test_last_of_kind (sp_pane_get_endpoint (server), SP_EVENT_KIND_RECEIVED);
  sp_test_wait_until (selected, &(Selecting) { server, received }, 0, "the received entry selected");
  gtk_stack_set_visible_child_name (GTK_STACK (sp_test_find_child (GTK_WIDGET (hex_view), "stack")), "text");
  as_utf8 = text_tab (hex_view);
  g_assert_null (strstr (as_utf8, "你好"));
  g_assert_cmpint (sp_hex_view_get_text_encoding (hex_view), ==, SP_TEXT_ENCODING_UTF8);
  sp_hex_view_read_as (hex_view, SP_TEXT_ENCODING_GBK);
  as_gbk = text_tab (hex_view);
  g_assert_cmpstr (as_gbk, ==, "你好");
  g_assert_nonnull (sp_test_find_visible_label (GTK_WIDGET (hex_view), "for this entry only"));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The Stream tab's ▼ marks sit above the letters, never on them, nor on
 * each other, even with a recv() for every byte. */
static void
test_stream_marks (void)
{
  SpWindow *window = sp_test_fresh_window ();
  SpPane *server = sp_window_get_pane (window, 0);
  SpPane *client = sp_window_get_pane (window, 1);
  SpEndpoint *server_ep = sp_pane_get_endpoint (server);
  GtkWidget *hex_view = sp_test_find_child (GTK_WIDGET (server), "hex_view");
  GtkWidget *view = sp_test_find_child (hex_view, "stream_view");
  SpTestBytes got = { server_ep, 12 };
  SpTestDrawing drawing = { view };
  g_autoptr(GArray) marks = g_array_new (FALSE, FALSE, sizeof (graphene_rect_t));
  g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (graphene_rect_t));

  sp_endpoint_set_read_size (server_ep, 1);
  sp_test_start_pair (server, client);
  sp_test_send_text (client, "hello, world");
  sp_test_wait_until (sp_test_has_received, &got, 0, "12 one-byte reads");
  sp_test_wait_until (selected, &(Selecting) { server, sp_test_last_of_kind (server_ep, SP_EVENT_KIND_RECEIVED) },
                      0, "the last received entry selected");
  gtk_stack_set_visible_child_name (GTK_STACK (sp_test_find_child (hex_view, "stack")), "stream");
  sp_test_wait_until (sp_test_capture_drawing, &drawing, 0, "the stream view drawn");
  /* Short runs are the "▼12" marks, long ones the hex lines. */
  for (guint i = 0; i < drawing.texts->len; i++)
    {
      SpTestText *text = &g_array_index (drawing.texts, SpTestText, i);

      g_array_append_val (text->n_glyphs <= 8 ? marks : lines, text->bounds);
    }
  sp_test_drawing_clear (&drawing);

  g_assert_cmpuint (lines->len, >=, 1);
  g_assert_cmpuint (marks->len, >=, 2);
  for (guint i = 0; i < marks->len; i++)
    {
      graphene_rect_t *mark = &g_array_index (marks, graphene_rect_t, i);

      for (guint j = 0; j < lines->len; j++)
        g_assert_false (graphene_rect_intersection (mark, &g_array_index (lines, graphene_rect_t, j), NULL));
      for (guint j = i + 1; j < marks->len; j++)
        g_assert_false (graphene_rect_intersection (mark, &g_array_index (marks, graphene_rect_t, j), NULL));
    }

  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct {
  GtkLabel   *label;
  const char *text;
} LabelShows;

/* @text is the label's, laid out whole: not cut short with "…", and as
 * wide and tall as its lines. */
static gboolean
label_shows_whole (gpointer data)
{
  LabelShows *w = data;
  PangoLayout *layout = gtk_label_get_layout (w->label);
  int width, height;

  if (g_strcmp0 (gtk_label_get_text (w->label), w->text) != 0 || !gtk_widget_get_mapped (GTK_WIDGET (w->label)))
    return FALSE;
  pango_layout_get_pixel_size (layout, &width, &height);
  return !pango_layout_is_ellipsized (layout) && width > 0 &&
         gtk_widget_get_width (GTK_WIDGET (w->label)) >= width &&
         gtk_widget_get_height (GTK_WIDGET (w->label)) >= height;
}

/* At 1366×768 with the lessons open, the byte view's header says the whole
 * "received, 12 bytes", not "received, …". */
static void
test_byte_view_header (void)
{
  SpWindow *window = sp_test_fresh_window ();
  SpPane *server = sp_window_get_pane (window, 0);
  SpPane *client = sp_window_get_pane (window, 1);
  SpEndpoint *server_ep = sp_pane_get_endpoint (server);
  GtkWidget *hex_view = sp_test_find_child (GTK_WIDGET (server), "hex_view");
  SpTestBytes got = { server_ep, 12 };
  LabelShows shows = { GTK_LABEL (sp_test_find_child (hex_view, "summary_label")), "received, 12 bytes" };

  gtk_window_set_default_size (GTK_WINDOW (window), 1366, 768);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-lessons", NULL);
  sp_test_start_pair (server, client);
  sp_test_send_text (client, "hello, world");
  sp_test_wait_until (sp_test_has_received, &got, 0, "hello, world");
  sp_test_wait_until (selected, &(Selecting) { server, sp_test_last_of_kind (server_ep, SP_EVENT_KIND_RECEIVED) },
                      0, "the received entry selected");
  sp_test_wait_until (label_shows_whole, &shows, 0, "the whole summary");

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
log_has_events (gpointer endpoint)
{
  return g_list_model_get_n_items (G_LIST_MODEL (sp_endpoint_get_events (endpoint))) > 0;
}

/* Keyboard: Ctrl+R in a pane starts it, Ctrl+L clears its log. */
static void
test_actions (void)
{
  SpWindow *window = sp_window_new (NULL);
  SpPane *pane;

  gtk_window_present (GTK_WINDOW (window));
  pane = sp_window_get_pane (window, 0);

  sp_endpoint_reconfigure (sp_pane_get_endpoint (pane), SP_ENDPOINT_KIND_TCP_SERVER, "127.0.0.1", 0);
  gtk_widget_activate_action (GTK_WIDGET (pane), "pane.start-stop", NULL);
  g_assert_cmpint (sp_endpoint_get_state (sp_pane_get_endpoint (pane)), !=, SP_ENDPOINT_STATE_STOPPED);
  gtk_widget_activate_action (GTK_WIDGET (pane), "pane.start-stop", NULL);
  g_assert_cmpint (sp_endpoint_get_state (sp_pane_get_endpoint (pane)), ==, SP_ENDPOINT_STATE_STOPPED);

  /* Clearing a pane's log empties it. */
  {
    SpEventLog *log = sp_endpoint_get_events (sp_pane_get_endpoint (pane));

    sp_endpoint_start (sp_pane_get_endpoint (pane));
    /* Something to clear. */
    sp_test_wait_until (log_has_events, sp_pane_get_endpoint (pane), 0, "events in the log");
    gtk_widget_activate_action (GTK_WIDGET (pane), "pane.clear-log", NULL);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 0);
    sp_endpoint_stop (sp_pane_get_endpoint (pane));
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The log's search hides until asked for: the header's search button or
 * Ctrl+F (pane.search-log) shows it with the focus in it; Escape hides
 * it and shows every entry again. */
static void
test_search (void)
{
  SpWindow *window = sp_window_new (NULL);
  SpPane *pane;
  GtkWidget *button, *entry, *filter, *focus;

  gtk_window_present (GTK_WINDOW (window));
  pane = sp_window_get_pane (window, 0);
  button = sp_test_find_child (GTK_WIDGET (pane), "search_button");
  entry = sp_test_find_child (GTK_WIDGET (pane), "log_search_entry");
  filter = sp_test_find_child (GTK_WIDGET (pane), "filter_dropdown");

  g_assert_false (gtk_widget_is_visible (entry));
  gtk_widget_activate_action (GTK_WIDGET (pane), "pane.search-log", NULL);
  g_assert_true (gtk_widget_is_visible (entry));
  focus = gtk_window_get_focus (GTK_WINDOW (window));
  g_assert_true (focus == entry || gtk_widget_is_ancestor (focus, entry));
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (button)));

  gtk_editable_set_text (GTK_EDITABLE (entry), "hello");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (filter), 1);
  g_signal_emit_by_name (entry, "stop-search");
  g_assert_false (gtk_widget_is_visible (entry));
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (button)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (filter)), ==, 0);

  /* The button shows it too. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
  g_assert_true (gtk_widget_is_visible (entry));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  sp_test_ui_init (&argc, &argv);

  g_test_add_func ("/pane/start-and-send", test_start_and_send);
  g_test_add_func ("/pane/actions", test_actions);
  g_test_add_func ("/pane/sent-keeps-encoding", test_sent_keeps_encoding);
  g_test_add_func ("/pane/stream-marks", test_stream_marks);
  g_test_add_func ("/pane/byte-view-header", test_byte_view_header);
  g_test_add_func ("/pane/search", test_search);

  return g_test_run ();
}
