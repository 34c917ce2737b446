/* test-layout.c: on a 1366×768 projector, with the lessons sidebar open
 * and with the diagram open, at zoom 1.0 and 1.3, for two and four panes,
 * every pane's Kind, Host, Port, Start, Message, Send, Pause reading and
 * close controls are in the window and on the screen, whole and not
 * scrolled away; the event list keeps six rows at zoom 1.3 (under Xvfb,
 * whose screen tests/run-ui.sh makes 1366×768)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sp-event-row.h"
#include "sp-test-ui.h"

#define SCREEN_WIDTH  1366
#define SCREEN_HEIGHT 768

typedef struct {
  double   zoom;
  guint    n_panes;
  gboolean diagram;
} Config;

/* The controls a lesson's steps name, by their template ids. */
static const char * const controls[] = {
  "kind_dropdown", "host_entry", "port_entry", "start_button",
  "message_entry", "send_button", "pause_button", "close_button",
};

/* Layout happens before painting: two frames drawn after a change see it
 * laid out, and the window at the size the X server gave it. */
static void
settle (SpWindow *window)
{
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
}

static SpWindow *
projector_window (const Config *config)
{
  SpWindow *window = sp_test_fresh_window ();

  /* The size the app remembers, or a maximized window on the projector. */
  gtk_window_set_default_size (GTK_WINDOW (window), SCREEN_WIDTH, SCREEN_HEIGHT);
  while (sp_window_get_n_panes (window) < config->n_panes)
    sp_window_add_pane (window, sp_window_get_n_panes (window) % 2 ? SP_ENDPOINT_KIND_UDP_CLIENT
                                                                  : SP_ENDPOINT_KIND_UDP_SERVER);
  sp_window_set_lessons_visible (window, TRUE);
  sp_window_set_diagram_visible (window, config->diagram);
  sp_window_set_zoom (window, config->zoom);
  settle (window);

  return window;
}

/* Servers listening and clients connected: the widest badges, and the
 * status lines and client lists a lesson shows. */
static void
start_all (SpWindow *window)
{
  for (guint i = 0; i + 1 < sp_window_get_n_panes (window); i += 2)
    sp_test_start_pair (sp_window_get_pane (window, i), sp_window_get_pane (window, i + 1));
  settle (window);
}

/* @control shows whole: every widget it lies in (a scrolled window, a
 * paned, the pane, the window) holds all of it, so nothing is scrolled or
 * clipped away, and it got at least the width and height it asked for. */
static void
assert_shown_whole (GtkWidget  *control,
                    const char *what)
{
  graphene_rect_t own;
  int min_width, min_height;

  g_assert_true (gtk_widget_get_mapped (control));
  g_assert_true (gtk_widget_is_drawable (control));
  /* Bounds are of the border box; measuring counts the margins too. */
  g_assert_true (gtk_widget_compute_bounds (control, control, &own));
  gtk_widget_measure (control, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  gtk_widget_measure (control, GTK_ORIENTATION_VERTICAL, gtk_widget_get_width (control),
                      &min_height, NULL, NULL, NULL);
  min_width -= gtk_widget_get_margin_start (control) + gtk_widget_get_margin_end (control);
  min_height -= gtk_widget_get_margin_top (control) + gtk_widget_get_margin_bottom (control);
  if (own.size.width + 0.5 < min_width || own.size.height + 0.5 < min_height)
    g_test_fail_printf ("%s is %.0f×%.0f, less than the %d×%d it needs", what,
                        own.size.width, own.size.height, min_width, min_height);

  for (GtkWidget *ancestor = gtk_widget_get_parent (control);
       ancestor != NULL;
       ancestor = gtk_widget_get_parent (ancestor))
    {
      graphene_rect_t bounds, room;

      g_assert_true (gtk_widget_compute_bounds (control, ancestor, &bounds));
      g_assert_true (gtk_widget_compute_bounds (ancestor, ancestor, &room));
      if (!graphene_rect_contains_rect (&room, &GRAPHENE_RECT_INIT (bounds.origin.x + 0.5f,
                                                                     bounds.origin.y + 0.5f,
                                                                     bounds.size.width - 1.f,
                                                                     bounds.size.height - 1.f)))
        {
          g_test_fail_printf ("%s lies at %.0f,%.0f %.0f×%.0f, outside its %s (%.0f,%.0f %.0f×%.0f)",
                              what, bounds.origin.x, bounds.origin.y, bounds.size.width, bounds.size.height,
                              G_OBJECT_TYPE_NAME (ancestor), room.origin.x, room.origin.y,
                              room.size.width, room.size.height);
          return;
        }
    }
}

static void
test_controls_shown (gconstpointer data)
{
  const Config *config = data;
  SpWindow *window = projector_window (config);
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));

  start_all (window);

  /* The window fits the screen: no wider or taller than the projector. */
  g_test_message ("window %d×%d", gdk_surface_get_width (surface), gdk_surface_get_height (surface));
  if (gdk_surface_get_width (surface) > SCREEN_WIDTH || gdk_surface_get_height (surface) > SCREEN_HEIGHT)
    g_test_fail_printf ("the window is %d×%d, larger than the screen",
                        gdk_surface_get_width (surface), gdk_surface_get_height (surface));
  g_assert_cmpuint (sp_window_get_n_panes (window), ==, config->n_panes);

  /* The diagram is open for use, 220px high where the panes leave room,
   * never less than its names and an arrow; the handle gives it more. */
  if (config->diagram)
    {
      GtkWidget *diagram = gtk_widget_get_parent (GTK_WIDGET (sp_window_get_sequence_view (window)));

      g_test_message ("diagram %d px high", gtk_widget_get_height (diagram));
      g_assert_cmpint (gtk_widget_get_height (diagram), >=, config->n_panes == 2 ? 200 : 80);
      assert_shown_whole (diagram, "the diagram");
    }

  for (guint i = 0; i < config->n_panes; i++)
    {
      SpPane *pane = sp_window_get_pane (window, i);

      for (guint j = 0; j < G_N_ELEMENTS (controls); j++)
        {
          g_autofree char *what = g_strdup_printf ("pane %u’s %s", i + 1, controls[j]);
          GtkWidget *control = sp_test_find_child (GTK_WIDGET (pane), controls[j]);

          g_assert_nonnull (control);
          assert_shown_whole (control, what);
        }
    }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Rows of @pane's log that show whole in its scrolled window. */
static guint
count_rows_shown (SpPane *pane)
{
  GtkWidget *scroller = sp_test_find_child (GTK_WIDGET (pane), "events_scroller");
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  guint shown = 0;

  sp_test_collect_rows (scroller, rows);
  for (guint i = 0; i < rows->len; i++)
    {
      graphene_rect_t bounds;

      if (gtk_widget_get_mapped (rows->pdata[i]) &&
          gtk_widget_compute_bounds (rows->pdata[i], scroller, &bounds) &&
          bounds.origin.y >= -0.5 &&
          bounds.origin.y + bounds.size.height <= gtk_widget_get_height (scroller) + 0.5)
        shown++;
    }

  return shown;
}

typedef struct {
  SpPane *pane;
  guint   n;
} RowsShown;

static gboolean
shows_rows (gpointer data)
{
  RowsShown *rows = data;

  return count_rows_shown (rows->pane) >= rows->n;
}

/* A log that can't show the six rows of a lesson's exchange is useless on
 * the projector: with two panes and the lessons open, at zoom 1.3, the
 * server's log has room for at least six. */
static void
test_event_rows (void)
{
  static const Config config = { 1.3, 2, FALSE };
  SpWindow *window = projector_window (&config);
  SpPane *server = sp_window_get_pane (window, 0);
  SpPane *client = sp_window_get_pane (window, 1);
  SpEndpoint *endpoint = sp_pane_get_endpoint (server);
  RowsShown rows = { server, 6 };
  guint received = 0;
  GtkSelectionModel *model;
  GtkAdjustment *adj;

  start_all (window);
  for (guint i = 0; i < 12; i++)
    {
      sp_test_send_text (client, "hello");
      /* One at a time, so that each is a row of its own. */
      sp_test_wait_until (sp_test_has_n_of_kind,
                          &(SpTestKindCount) { endpoint, SP_EVENT_KIND_RECEIVED, ++received },
                          0, "the server receiving");
    }
  /* Its bytes shown below the log, as in class; the newest rows in view,
   * all alike: a received "hello" each. */
  model = gtk_list_view_get_model (GTK_LIST_VIEW (sp_test_find_child (GTK_WIDGET (server), "events_list")));
  gtk_selection_model_select_item (model, g_list_model_get_n_items (G_LIST_MODEL (model)) - 1, TRUE);
  settle (window);
  adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (sp_test_find_child (GTK_WIDGET (server),
                                                                                       "events_scroller")));
  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
  settle (window);
  sp_test_wait_until (shows_rows, &rows, 0, "six rows in the server’s log");
  g_test_message ("%u rows shown", count_rows_shown (server));

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
is_label (GtkWidget     *widget,
          gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

static int
label_height (GtkWidget  *root,
              const char *text)
{
  GtkWidget *label = sp_test_find_descendant (root, is_label, text);

  g_assert_nonnull (label);
  return sp_test_natural_height (label);
}

/* A drop-down list is a popover, a surface of its own, which the theme
 * gives its own font: at zoom 1.3 its items are as large as the drop-down
 * button's text in the window, and larger than at zoom 1.0; the socket
 * options' popover grows too. Each is measured while it is shown. */
static int
shown_label_height (SpWindow   *window,
                    GtkWidget  *opener,
                    const char *text)
{
  GtkWidget *popover;
  int height;

  /* A menu button makes its popover's content when it opens it. */
  if (GTK_IS_MENU_BUTTON (opener))
    {
      gtk_menu_button_popup (GTK_MENU_BUTTON (opener));
      popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (opener)));
    }
  else
    {
      popover = gtk_widget_get_last_child (opener);
      g_assert_true (GTK_IS_POPOVER (popover));
      gtk_popover_popup (GTK_POPOVER (popover));
    }
  gtk_test_widget_wait_for_draw (popover);
  height = label_height (popover, text);
  gtk_popover_popdown (GTK_POPOVER (popover));
  settle (window);

  return height;
}

static void
test_popover_zoom (void)
{
  static const Config config = { 1.0, 2, FALSE };
  SpWindow *window = projector_window (&config);
  GtkWidget *pane = GTK_WIDGET (sp_window_get_pane (window, 1));
  GtkWidget *dropdown = sp_test_find_child (pane, "kind_dropdown");
  GtkWidget *options = sp_test_find_child (pane, "options_button");
  int item_before, item_after, button_after, option_before, option_after;

  item_before = shown_label_height (window, dropdown, "UDP server");
  option_before = shown_label_height (window, options, "SO_RCVBUF");

  sp_window_set_zoom (window, 1.3);
  settle (window);
  item_after = shown_label_height (window, dropdown, "UDP server");
  option_after = shown_label_height (window, options, "SO_RCVBUF");
  button_after = label_height (gtk_widget_get_first_child (dropdown), "TCP client");
  g_test_message ("drop-down item %d → %d px high, the button's text %d px; socket option %d → %d px",
                  item_before, item_after, button_after, option_before, option_after);

  g_assert_cmpint (item_after, >, item_before);
  g_assert_cmpint (ABS (item_after - button_after), <=, 1);
  g_assert_cmpint (option_after, >, option_before);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
load_app_style (void)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

  /* As AdwApplication does for the app: its style sheet sizes things too. */
  gtk_css_provider_load_from_resource (provider, RESOURCE_PREFIX "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

int
main (int   argc,
      char *argv[])
{
  static const Config configs[] = {
    { 1.0, 2, FALSE }, { 1.0, 2, TRUE }, { 1.0, 4, FALSE }, { 1.0, 4, TRUE },
    { 1.3, 2, FALSE }, { 1.3, 2, TRUE }, { 1.3, 4, FALSE }, { 1.3, 4, TRUE },
  };

  sp_test_ui_init (&argc, &argv);
  load_app_style ();

  for (guint i = 0; i < G_N_ELEMENTS (configs); i++)
    {
      g_autofree char *path = g_strdup_printf ("/layout/controls/zoom-%.1f/%u-panes/%s",
                                               configs[i].zoom, configs[i].n_panes,
                                               configs[i].diagram ? "diagram" : "no-diagram");

      g_test_add_data_func (path, &configs[i], test_controls_shown);
    }
  g_test_add_func ("/layout/event-rows", test_event_rows);
  g_test_add_func ("/layout/popover-zoom", test_popover_zoom);

  return g_test_run ();
}
