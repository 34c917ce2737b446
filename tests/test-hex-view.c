/* test-hex-view.c: the hex dump keeps its rows and shows the right lines
 * as payload after payload comes in (under Xvfb)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sp-bench-count.h"
#include "sp-event.h"
#include "sp-hex.h"
#include "sp-hex-line.h"
#include "sp-hex-view.h"
#include "sp-test-ui.h"

typedef struct {
  GtkWidget  *list;
  GHashTable *expected;   /* the payload's lines */
  guint       n_lines;
  guint       frames;
  guint       made_before;    /* rows made as the last frame began */
  guint       most_made;      /* the most rows made in one frame */
} Dump;

static gboolean
is_label (GtkWidget     *widget,
          gconstpointer  data)
{
  return GTK_IS_LABEL (widget);
}

static gboolean
frame_cb (GtkWidget     *widget,
          GdkFrameClock *clock,
          gpointer       data)
{
  Dump *d = data;
  guint made = sp_bench_counts[SP_BENCH_DUMP_ROWS_MADE];

  d->frames++;
  d->most_made = MAX (d->most_made, made - d->made_before);
  d->made_before = made;
  return G_SOURCE_CONTINUE;
}

/* Every row shows a line of the payload, and there are as many rows as
 * lines (or a screenful). */
static gboolean
dump_shows_payload (gpointer data)
{
  Dump *d = data;
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  guint shown = 0;

  sp_test_collect (d->list, is_label, NULL, labels);
  for (guint i = 0; i < labels->len; i++)
    {
      if (!g_hash_table_contains (d->expected, gtk_label_get_text (g_ptr_array_index (labels, i))))
        return FALSE;
      shown++;
    }

  return shown == d->n_lines || (d->n_lines > 16 && shown >= 16);
}

/* All lines announced (a long dump comes a screenful per frame), and two
 * frames drawn since. */
static gboolean
dump_settled (gpointer data)
{
  Dump *d = data;
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (d->list)));

  if (g_list_model_get_n_items (model) != d->n_lines)
    {
      d->frames = 0;
      return FALSE;
    }

  return d->frames >= 2;
}

/* @view shows a new payload of @size random bytes, @d expects its lines. */
static void
set_payload (SpHexView *view,
             Dump      *d,
             gsize      size)
{
  g_autofree guint8 *data = g_malloc (size);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(SpEvent) event = NULL;
  SpEventInit init = { .kind = SP_EVENT_KIND_RECEIVED, .direction = SP_DIRECTION_IN };

  for (gsize i = 0; i < size; i++)
    data[i] = g_test_rand_int_range (0, 256);
  bytes = g_bytes_new (data, size);
  init.payload = bytes;
  event = sp_event_new (&init);

  g_hash_table_remove_all (d->expected);
  d->n_lines = sp_hex_n_lines (size);
  for (guint l = 0; l < d->n_lines; l++)
    {
      char line[SP_HEX_MAX_LINE_WIDTH + 1];

      sp_hex_format_line_for (data, size, l, SP_HEX_BYTES_PER_LINE, line);
      g_hash_table_add (d->expected, g_strdup (line));
    }

  sp_hex_view_set_event (view, event, NULL);
  d->frames = 0;
}

static void
wait_for_payload (Dump *d)
{
  sp_test_wait_until (dump_shows_payload, d, 0, "the dump showing the new payload");
  sp_test_wait_until (dump_settled, d, 0, "every line announced, two frames later");
  g_assert_true (dump_shows_payload (d));
}

static void
show_payload (SpHexView *view,
              Dump      *d,
              gsize      size)
{
  set_payload (view, d, size);
  wait_for_payload (d);
}

static gboolean
frame_drawn (gpointer data)
{
  return ((Dump *)data)->frames > 0;
}

/* Each new payload gives the rows new text: the rows and their items stay
 * (GTK 4.8 drops and makes a row for each new item, a millisecond each),
 * and every row shows its line of the newest bytes. */
static void
test_hex_view_payloads (void)
{
  GtkWidget *window = gtk_window_new ();
  SpHexView *view = SP_HEX_VIEW (sp_hex_view_new ());
  Dump d = { .expected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL) };
  GListModel *model;
  g_autoptr(SpHexLine) first = NULL;
  guint made;

  gtk_window_set_default_size (GTK_WINDOW (window), 700, 500);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  d.list = sp_test_find_child (GTK_WIDGET (view), "hex_list");
  gtk_widget_add_tick_callback (d.list, frame_cb, &d, NULL);
  gtk_window_present (GTK_WINDOW (window));

  show_payload (view, &d, 1024);
  model = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (d.list)));
  first = g_list_model_get_item (model, 0);
  made = sp_bench_counts[SP_BENCH_DUMP_ROWS_MADE];
  g_assert_cmpuint (made, >, 0);

  for (guint i = 0; i < 100; i++)
    {
      g_autoptr(SpHexLine) line = NULL;

      show_payload (view, &d, 1024);
      line = g_list_model_get_item (model, 0);
      g_assert_true (line == first);
      g_assert_cmpuint (sp_hex_line_get_position (line), ==, 0);
    }
  g_assert_cmpuint (sp_bench_counts[SP_BENCH_DUMP_ROWS_MADE], ==, made);

  /* A line shorter: the rows before the cut stay as they are. */
  show_payload (view, &d, 1000);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 63);
  g_assert_cmpuint (sp_bench_counts[SP_BENCH_DUMP_ROWS_MADE], ==, made);

  /* Shorter and longer dumps: the lines past the end go, new ones come. */
  show_payload (view, &d, 40);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
  show_payload (view, &d, 4096);
  show_payload (view, &d, 7);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  show_payload (view, &d, 1024);

  sp_hex_view_set_event (view, NULL, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  gtk_window_destroy (GTK_WINDOW (window));
  g_hash_table_unref (d.expected);
}

/* A flood's first payloads fill an empty dump: GTK 4.8's list view makes
 * about 200 rows around its anchor when its model grows, a millisecond
 * each, so the model grows a few dozen lines per frame, also when the
 * next payloads (shorter, then longer) come while it fills. */
static void
test_hex_view_fills (void)
{
  GtkWidget *window = gtk_window_new ();
  SpHexView *view = SP_HEX_VIEW (sp_hex_view_new ());
  Dump d = { .expected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL) };
  GListModel *model;
  const gsize sizes[] = { 65536, 65000, 65536 };

  gtk_window_set_default_size (GTK_WINDOW (window), 700, 500);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  d.list = sp_test_find_child (GTK_WIDGET (view), "hex_list");
  model = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (d.list)));
  /* The list is mapped only once there are bytes to show. */
  gtk_widget_add_tick_callback (window, frame_cb, &d, NULL);
  gtk_window_present (GTK_WINDOW (window));
  sp_test_wait_until (frame_drawn, &d, 0, "the empty dump drawn");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  d.most_made = 0;

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      set_payload (view, &d, sizes[i]);
      sp_test_wait_until (frame_drawn, &d, 0, "a frame with the new payload");
    }
  wait_for_payload (&d);

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 4096);
  g_assert_cmpuint (sp_bench_counts[SP_BENCH_DUMP_ROWS_MADE], >=, 32);
  g_test_message ("most dump rows made in one frame: %u", d.most_made);
  /* A batch of 16 with the payload and one on the frame: 32; without
   * the ramp GTK makes about 200. */
  g_assert_cmpuint (d.most_made, <=, 40);
  for (guint i = 0; i < 4096; i += 455)
    {
      g_autoptr(SpHexLine) line = g_list_model_get_item (model, i);

      g_assert_true (g_hash_table_contains (d.expected, sp_hex_line_get_text (line)));
    }

  gtk_window_destroy (GTK_WINDOW (window));
  g_hash_table_unref (d.expected);
}

typedef struct {
  GListModel *model;
  Dump       *dump;
} Calls;

static gboolean
calls_settled (gpointer data)
{
  Calls *c = data;

  if (g_list_model_get_n_items (c->model) != 1000)
    {
      c->dump->frames = 0;
      return FALSE;
    }
  return c->dump->frames >= 2;
}

/* The calls list (one call per recv) fills a few rows per frame too: a
 * flood's first frame made about 200 of them, shown or not. */
static void
test_hex_view_calls_fill (void)
{
  GtkWidget *window = gtk_window_new ();
  SpHexView *view = SP_HEX_VIEW (sp_hex_view_new ());
  Dump d = { 0 };
  g_autoptr(GListStore) calls = g_list_store_new (SP_TYPE_EVENT);
  Calls c = { .dump = &d };
  guint made;

  gtk_window_set_default_size (GTK_WINDOW (window), 700, 500);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_widget_add_tick_callback (window, frame_cb, &d, NULL);
  gtk_window_present (GTK_WINDOW (window));
  sp_test_wait_until (frame_drawn, &d, 0, "the empty view drawn");
  sp_hex_view_set_calls (view, G_LIST_MODEL (calls));
  c.model = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (sp_test_find_child (GTK_WIDGET (view), "calls_list"))));
  d.most_made = 0;
  d.made_before = made = sp_bench_counts[SP_BENCH_DUMP_ROWS_MADE];

  for (guint i = 0; i < 1000; i++)
    {
      SpEventInit init = { .kind = SP_EVENT_KIND_RECEIVED, .direction = SP_DIRECTION_IN };
      g_autoptr(SpEvent) call = sp_event_new (&init);

      g_list_store_append (calls, call);
    }
  sp_test_wait_until (calls_settled, &c, 0, "every call announced, two frames later");

  g_test_message ("most call rows made in one frame: %u", d.most_made);
  g_assert_cmpuint (sp_bench_counts[SP_BENCH_DUMP_ROWS_MADE] - made, >=, 32);
  g_assert_cmpuint (d.most_made, <=, 40);
  sp_hex_view_set_calls (view, NULL);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  sp_test_ui_init (&argc, &argv);

  g_test_add_func ("/hex-view/payloads", test_hex_view_payloads);
  g_test_add_func ("/hex-view/fills", test_hex_view_fills);
  g_test_add_func ("/hex-view/calls-fill", test_hex_view_calls_fill);

  return g_test_run ();
}
