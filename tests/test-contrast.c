/* test-contrast.c: coloured text reaches WCAG AA (4.5:1), measured on
 * screenshots of the window in the light and the dark style: the hex
 * dump of both directions, the framing bytes marked in it, an invalid
 * entry's text and a selected row of the log (under Xvfb).
 *
 * The window runs in an AdwApplication, which loads style.css and, while
 * the style is dark, style-dark.css, as the app does. Each label is cut
 * out of the window's picture; its background is its most common colour,
 * its text the inkiest pixels (antialiasing only lowers the figure).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "sp-test-ui.h"

#define AA_TEXT 4.5

static GtkApplication *app;

typedef struct {
  guchar *pixels;   /* CAIRO_FORMAT_ARGB32 as GDK downloads it */
  int     width;
  int     height;
  gsize   stride;
} Shot;

static void
shot_free (Shot *shot)
{
  g_free (shot->pixels);
  g_free (shot);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Shot, shot_free)

/* The window as drawn, in its own coordinates; saved as a PNG where
 * SP_CONTRAST_SHOTS names a folder, to look at. */
static Shot *
take_shot (GtkWidget  *window,
           const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (window);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  const char *folder = g_getenv ("SP_CONTRAST_SHOTS");
  Shot *shot = g_new0 (Shot, 1);

  shot->width = gtk_widget_get_width (window);
  shot->height = gtk_widget_get_height (window);
  gdk_paintable_snapshot (paintable, snapshot, shot->width, shot->height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, shot->width, shot->height));
  shot->stride = (gsize) shot->width * 4;
  shot->pixels = g_malloc ((gsize) shot->height * shot->stride);
  gdk_texture_download (texture, shot->pixels, shot->stride);

  if (folder != NULL && *folder != '\0')
    {
      g_autofree char *file = g_strdup_printf ("%s.png", name);
      g_autofree char *path = g_build_filename (folder, file, NULL);

      g_assert_true (gdk_texture_save_to_png (texture, path));
    }

  return shot;
}

static guint32
pixel_at (const Shot *shot,
          int         x,
          int         y)
{
  const guchar *p = shot->pixels + (gsize) y * shot->stride + (gsize) x * 4;

  /* Native-endian ARGB32: B, G, R, A in memory here. Opaque window. */
  return ((guint32) p[2] << 16) | ((guint32) p[1] << 8) | p[0];
}

static double
channel (guint32 rgb,
         int     shift)
{
  double c = ((rgb >> shift) & 0xff) / 255.0;

  return c <= 0.04045 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
}

/* WCAG 2 relative luminance and contrast ratio. */
static double
luminance (guint32 rgb)
{
  return 0.2126 * channel (rgb, 16) + 0.7152 * channel (rgb, 8) + 0.0722 * channel (rgb, 0);
}

static double
contrast (guint32 a,
          guint32 b)
{
  double la = luminance (a), lb = luminance (b);

  return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}

/* The most common colour of the columns [x0, x1) that @use accepts, rows
 * [y0, y1). */
static guint32
mode_colour (const Shot     *shot,
             int             x0,
             int             x1,
             int             y0,
             int             y1,
             const gboolean *use)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (NULL, NULL);
  guint32 best = 0;
  guint best_count = 0;

  for (int x = x0; x < x1; x++)
    for (int y = y0; y < y1 && (use == NULL || use[x - x0]); y++)
      {
        guint32 rgb = pixel_at (shot, x, y);
        guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, GUINT_TO_POINTER (rgb + 1))) + 1;

        g_hash_table_insert (counts, GUINT_TO_POINTER (rgb + 1), GUINT_TO_POINTER (n));
        if (n > best_count)
          {
            best = rgb;
            best_count = n;
          }
      }

  return best;
}

/* A tint can be as light as the background and still another colour. */
static double
colour_distance (guint32 a,
                 guint32 b)
{
  double d = 0;

  for (int shift = 0; shift <= 16; shift += 8)
    {
      double c = (double) ((a >> shift) & 0xff) - (double) ((b >> shift) & 0xff);

      d += c * c;
    }
  return sqrt (d);
}

static int
compare_double_desc (gconstpointer a,
                     gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x < y) - (x > y);
}

/* The text's contrast on @bg: the third inkiest pixel, so that one stray
 * pixel does not count. 0 when there is no text. */
static double
ink_contrast (const Shot     *shot,
              int             x0,
              int             x1,
              int             y0,
              int             y1,
              const gboolean *use,
              guint32         bg)
{
  g_autoptr(GArray) ratios = g_array_new (FALSE, FALSE, sizeof (double));

  for (int x = x0; x < x1; x++)
    for (int y = y0; y < y1 && (use == NULL || use[x - x0]); y++)
      {
        double ratio = contrast (pixel_at (shot, x, y), bg);

        g_array_append_val (ratios, ratio);
      }
  if (ratios->len < 3)
    return 0;
  g_array_sort (ratios, compare_double_desc);
  return g_array_index (ratios, double, 2);
}

typedef struct {
  double plain;       /* text on the label's background */
  double marked;      /* text on a differently tinted run (0: none) */
} Measure;

/* Measures @label in @shot. Columns whose own background differs from
 * the label's (the framing bytes' tint) are measured on their own. */
static Measure
measure_label (const Shot *shot,
               GtkWidget  *window,
               GtkWidget  *label)
{
  graphene_rect_t bounds;
  int x0, x1, y0, y1, width;
  g_autofree gboolean *plain = NULL;
  g_autofree gboolean *marked = NULL;
  gboolean any_marked = FALSE;
  guint32 bg;
  Measure m = { 0, 0 };

  g_assert_true (gtk_widget_compute_bounds (label, window, &bounds));
  x0 = MAX (0, (int) ceil (bounds.origin.x));
  y0 = MAX (0, (int) ceil (bounds.origin.y));
  x1 = MIN (shot->width, (int) floor (bounds.origin.x + bounds.size.width));
  y1 = MIN (shot->height, (int) floor (bounds.origin.y + bounds.size.height));
  g_assert_cmpint (x1 - x0, >, 4);
  g_assert_cmpint (y1 - y0, >, 4);
  width = x1 - x0;

  bg = mode_colour (shot, x0, x1, y0, y1, NULL);
  plain = g_new0 (gboolean, width);
  marked = g_new0 (gboolean, width);
  for (int x = x0; x < x1; x++)
    {
      gboolean one[1] = { TRUE };
      guint32 column = mode_colour (shot, x, x + 1, y0, y1, one);

      marked[x - x0] = colour_distance (column, bg) > 40;
      plain[x - x0] = !marked[x - x0];
      any_marked |= marked[x - x0];
    }

  m.plain = ink_contrast (shot, x0, x1, y0, y1, plain, bg);
  if (any_marked)
    {
      guint32 tint = mode_colour (shot, x0, x1, y0, y1, marked);

      m.marked = ink_contrast (shot, x0, x1, y0, y1, marked, tint);
    }
  return m;
}

static void
assert_readable (const char *what,
                 double      ratio)
{
  g_test_message ("%s: %.2f:1", what, ratio);
  if (ratio < AA_TEXT)
    g_test_fail_printf ("%s: contrast %.2f:1, below %.1f:1", what, ratio, AA_TEXT);
}

/* The shown hex dump's first line in @pane. */
static GtkWidget *
first_hex_line (SpPane *pane)
{
  GtkWidget *list = sp_test_find_child (GTK_WIDGET (pane), "hex_list");
  GtkWidget *row;

  g_assert_nonnull (list);
  row = gtk_widget_get_first_child (list);
  while (row != NULL && !GTK_IS_LABEL (gtk_widget_get_first_child (row)))
    row = gtk_widget_get_next_sibling (row);
  g_assert_nonnull (row);
  return gtk_widget_get_first_child (row);
}

static gboolean
is_selected_row (GtkWidget     *widget,
                 gconstpointer  data)
{
  return (gtk_widget_get_state_flags (widget) & GTK_STATE_FLAG_SELECTED) != 0 &&
         gtk_widget_get_first_child (widget) != NULL &&
         g_str_equal (G_OBJECT_TYPE_NAME (gtk_widget_get_first_child (widget)), "SpEventRow");
}

/* @row is wholly in its list's view; if not, its list is scrolled to it
 * (laid out in a later frame). */
static gboolean
row_in_view (gpointer row)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (row, GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *list = gtk_widget_get_ancestor (row, GTK_TYPE_LIST_VIEW);
  GtkSelectionModel *model = gtk_list_view_get_model (GTK_LIST_VIEW (list));
  graphene_rect_t bounds, view;

  g_assert_true (gtk_widget_compute_bounds (row, scroller, &bounds));
  graphene_rect_init (&view, 0, 0, gtk_widget_get_width (scroller), gtk_widget_get_height (scroller));
  if (graphene_rect_contains_rect (&view, &bounds))
    return TRUE;

  /* As the app scrolls: by item, which holds while GTK 4.8 is still
   * measuring rows (a value on the adjustment would not). */
  gtk_widget_activate_action (list, "list.scroll-to-item", "u",
                              gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (model)));
  return FALSE;
}

/* Both logs' selected rows are wholly in view (scrolled to if not). */
static gboolean
selected_rows_in_view (gpointer window)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  gboolean all = TRUE;

  sp_test_collect (window, is_selected_row, NULL, rows);
  for (guint i = 0; i < rows->len; i++)
    all &= row_in_view (rows->pdata[i]);

  return all && rows->len == 2;
}

/* A label with text, wholly in view in its scrolled list. */
static gboolean
is_label_in_view (GtkWidget     *widget,
                  gconstpointer  data)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  graphene_rect_t bounds, view;

  if (!GTK_IS_LABEL (widget) || !gtk_widget_get_mapped (widget) ||
      *gtk_label_get_text (GTK_LABEL (widget)) == '\0' ||
      scroller == NULL || !gtk_widget_compute_bounds (widget, scroller, &bounds))
    return FALSE;

  graphene_rect_init (&view, 0, 0, gtk_widget_get_width (scroller), gtk_widget_get_height (scroller));
  return graphene_rect_contains_rect (&view, &bounds);
}

static void
check_style (SpWindow   *window,
             const char *style)
{
  SpPane *server = sp_window_get_pane (window, 0);
  SpPane *client = sp_window_get_pane (window, 1);
  g_autoptr(Shot) shot = NULL;
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autofree char *name = g_strdup_printf ("contrast-%s", style);
  GtkWidget *entry_text;
  Measure m;

  /* Twice: the hex lines are bound again in the new colours after the
   * style is, in the frame that follows. */
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  /* The selected rows in full view, whatever their height now; measured
   * as they are then, as a list reuses its row widgets as it scrolls. */
  sp_test_wait_until (selected_rows_in_view, window, 0, "the selected rows in view");
  sp_test_collect (GTK_WIDGET (window), is_selected_row, NULL, rows);
  shot = take_shot (GTK_WIDGET (window), name);

  /* Client→server, with the framing header marked. */
  m = measure_label (shot, GTK_WIDGET (window), first_hex_line (client));
  assert_readable (g_strdup_printf ("%s: client→server hex dump", style), m.plain);
  g_assert_cmpfloat (m.marked, >, 0);
  assert_readable (g_strdup_printf ("%s: framing bytes in the hex dump", style), m.marked);

  /* Server→client. */
  m = measure_label (shot, GTK_WIDGET (window), first_hex_line (server));
  assert_readable (g_strdup_printf ("%s: server→client hex dump", style), m.plain);

  /* The invalid port. */
  entry_text = gtk_widget_get_first_child (sp_test_find_child (GTK_WIDGET (server), "message_entry"));
  while (entry_text != NULL && !GTK_IS_TEXT (entry_text))
    entry_text = gtk_widget_get_next_sibling (entry_text);
  g_assert_nonnull (entry_text);
  m = measure_label (shot, GTK_WIDGET (window), entry_text);
  assert_readable (g_strdup_printf ("%s: invalid entry", style), m.plain);

  /* The selected rows of both logs: every label on them. */
  for (guint i = 0; i < rows->len; i++)
    {
      guint before = labels->len;

      sp_test_collect (rows->pdata[i], is_label_in_view, NULL, labels);
      g_assert_cmpuint (labels->len, >, before);
    }
  g_assert_cmpuint (labels->len, >, 0);
  for (guint i = 0; i < labels->len; i++)
    {
      m = measure_label (shot, GTK_WIDGET (window), labels->pdata[i]);
      assert_readable (g_strdup_printf ("%s: selected row, “%s”", style,
                                        gtk_label_get_text (labels->pdata[i])), m.plain);
    }
}

static void
test_contrast (void)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  SpWindow *window;
  SpPane *server, *client;
  SpEndpoint *server_ep, *client_ep;
  SpFramingConfig framing;
  g_autoptr(GBytes) reply = g_bytes_new_static ("hi there", 8);
  SpTestKindCount got;

  g_settings_reset (settings, "pane-layout");
  window = sp_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  server = sp_window_get_pane (window, 0);
  client = sp_window_get_pane (window, 1);
  server_ep = sp_pane_get_endpoint (server);
  client_ep = sp_pane_get_endpoint (client);

  g_assert_true (sp_framing_config_from_string ("python-i", &framing, NULL));
  g_assert_true (sp_endpoint_set_framing (client_ep, &framing, NULL));
  g_assert_true (sp_endpoint_set_framing (server_ep, &framing, NULL));
  sp_test_start_pair (server, client);
  sp_test_send_text (client, "hello");
  got = (SpTestKindCount) { server_ep, SP_EVENT_KIND_RECEIVED, 1 };
  sp_test_wait_until (sp_test_has_n_of_kind, &got, 0, "hello at the server");
  g_assert_true (sp_endpoint_send (server_ep, reply, NULL, NULL));
  got = (SpTestKindCount) { server_ep, SP_EVENT_KIND_SENT, 1 };
  sp_test_wait_until (sp_test_has_n_of_kind, &got, 0, "the reply sent");
  got = (SpTestKindCount) { client_ep, SP_EVENT_KIND_RECEIVED, 1 };
  sp_test_wait_until (sp_test_has_n_of_kind, &got, 0, "the reply at the client");

  /* Both logs listed in full before an event is picked in them. */
  sp_test_wait_until (sp_test_list_shows_all, client, 0, "the client's log");
  sp_test_wait_until (sp_test_list_shows_all, server, 0, "the server's log");
  sp_pane_select_event (client, sp_test_last_of_kind (client_ep, SP_EVENT_KIND_SENT));
  sp_pane_select_event (server, sp_test_last_of_kind (server_ep, SP_EVENT_KIND_SENT));

  /* Hex that isn't: the message entry is marked invalid. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (sp_test_find_child (GTK_WIDGET (server), "send_as_dropdown")), 1);
  sp_test_send_text (server, "zz");
  g_assert_true (gtk_widget_has_css_class (sp_test_find_child (GTK_WIDGET (server), "message_entry"), "error"));

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  g_assert_false (adw_style_manager_get_dark (manager));
  check_style (window, "light");

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (adw_style_manager_get_dark (manager));
  check_style (window, "dark");

  adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  sp_test_ui_init (&argc, &argv);

  /* Its startup loads the app's style.css and style-dark.css from the
   * resources, and follows the style manager. */
  app = GTK_APPLICATION (adw_application_new (APP_ID ".ContrastTest", G_APPLICATION_NON_UNIQUE));
  g_application_set_resource_base_path (G_APPLICATION (app), RESOURCE_PREFIX);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  g_test_add_func ("/contrast/aa", test_contrast);

  status = g_test_run ();
  g_object_unref (app);
  return status;
}
