/* sp-test-ui.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <adwaita.h>

#include "sp-event-row.h"
#include "sp-test-ui.h"

void
sp_test_ui_init (int    *argc,
                 char ***argv)
{
  gtk_test_init (argc, argv, NULL);
  /* Libadwaita's widgets, style sheet and style manager, as the app has. */
  adw_init ();
  /* Xvfb has no window manager, so no window is ever active: a focused
   * entry's cursor-blink timer then finds it unfocused and warns (fatal
   * here) whenever a test waits long enough for it to fire. */
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);
  /* Toasts and the like appear at once. libadwaita 1.2 also frees a toast
   * twice when it is dismissed while still sliding in. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
}

GtkWidget *
sp_test_find_descendant (GtkWidget     *root,
                         SpTestMatch    match,
                         gconstpointer  data)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (match (child, data))
        return child;
      if ((found = sp_test_find_descendant (child, match, data)) != NULL)
        return found;
    }

  return NULL;
}

/* Template children carry their .ui id as buildable id. */
static gboolean
has_id (GtkWidget     *widget,
        gconstpointer  id)
{
  return g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget)), id) == 0;
}

GtkWidget *
sp_test_find_child (GtkWidget  *root,
                    const char *id)
{
  return sp_test_find_descendant (root, has_id, id);
}

static gboolean
is_label_showing (GtkWidget     *widget,
                  gconstpointer  needle)
{
  return GTK_IS_LABEL (widget) && gtk_widget_is_visible (widget) &&
         strstr (gtk_label_get_text (GTK_LABEL (widget)), needle) != NULL;
}

GtkWidget *
sp_test_find_visible_label (GtkWidget  *root,
                            const char *needle)
{
  return sp_test_find_descendant (root, is_label_showing, needle);
}

static gboolean
is_event_row (GtkWidget     *widget,
              gconstpointer  data)
{
  return SP_IS_EVENT_ROW (widget);
}

void
sp_test_collect_rows (GtkWidget *root,
                      GPtrArray *rows)
{
  sp_test_collect (root, is_event_row, NULL, rows);
}

void
sp_test_collect (GtkWidget     *root,
                 SpTestMatch    match,
                 gconstpointer  data,
                 GPtrArray     *found)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (match (child, data))
        g_ptr_array_add (found, child);
      sp_test_collect (child, match, data, found);
    }
}

static gboolean
is_button_labelled (GtkWidget     *widget,
                    gconstpointer  label)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

GtkWidget *
sp_test_find_button (GtkWidget  *root,
                     const char *label)
{
  return sp_test_find_descendant (root, is_button_labelled, label);
}

void
sp_test_collect_buttons (GtkWidget  *root,
                         const char *label,
                         GPtrArray  *buttons)
{
  sp_test_collect (root, is_button_labelled, label, buttons);
}

int
sp_test_natural_height (GtkWidget *widget)
{
  int natural = 0;

  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, -1, NULL, &natural, NULL, NULL);
  return natural;
}

SpWindow *
sp_test_fresh_window (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  SpWindow *window;

  g_settings_reset (settings, "pane-layout");
  g_settings_reset (settings, "pane-targets");
  g_settings_reset (settings, "pane-reply-rules");
  g_settings_reset (settings, "pane-send-settings");
  window = sp_window_new (NULL);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_cmpuint (sp_window_get_n_panes (window), ==, 2);

  return window;
}

void
sp_test_set_text (SpPane     *pane,
                  const char *id,
                  const char *text)
{
  GtkWidget *entry = sp_test_find_child (GTK_WIDGET (pane), id);

  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
}

void
sp_test_click (SpPane     *pane,
               const char *id)
{
  GtkWidget *button = sp_test_find_child (GTK_WIDGET (pane), id);

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

void
sp_test_open_menu (SpPane     *pane,
                   const char *id)
{
  GtkWidget *button = sp_test_find_child (GTK_WIDGET (pane), id);

  g_assert_true (GTK_IS_MENU_BUTTON (button));
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  g_assert_nonnull (gtk_popover_get_child (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button))));
  gtk_menu_button_popdown (GTK_MENU_BUTTON (button));
}

void
sp_test_open_socket_options (SpPane *pane)
{
  sp_test_open_menu (pane, "options_button");
}

gboolean
sp_test_pane_is_running (gpointer pane)
{
  return sp_endpoint_get_state (sp_pane_get_endpoint (pane)) == SP_ENDPOINT_STATE_RUNNING;
}

void
sp_test_start_pair (SpPane *server,
                    SpPane *client)
{
  g_autofree char *port = NULL;

  sp_test_set_text (server, "port_entry", "0");
  sp_test_click (server, "start_button");
  sp_test_wait_until (sp_test_pane_is_running, server, 0, "server");
  port = g_strdup_printf ("%u", sp_endpoint_get_bound_port (sp_pane_get_endpoint (server)));
  sp_test_set_text (client, "host_entry", "127.0.0.1");
  sp_test_set_text (client, "port_entry", port);
  sp_test_click (client, "start_button");
  sp_test_wait_until (sp_test_pane_is_running, client, 0, "client");
}

void
sp_test_send_text (SpPane     *pane,
                   const char *text)
{
  sp_test_set_text (pane, "message_entry", text);
  sp_test_click (pane, "send_button");
}

gboolean
sp_test_has_received_hello (gpointer data)
{
  SpPane *pane = data;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  sp_test_collect_rows (sp_test_find_child (GTK_WIDGET (pane), "events_list"), rows);
  for (guint i = 0; i < rows->len; i++)
    {
      SpEvent *event = sp_event_row_get_event (rows->pdata[i]);

      if (event != NULL && sp_event_get_kind (event) == SP_EVENT_KIND_RECEIVED)
        {
          g_autofree char *text = sp_event_describe (event, SP_TEXT_ENCODING_UTF8);

          if (strstr (text, "hello") != NULL && gtk_widget_get_mapped (rows->pdata[i]))
            return TRUE;
        }
    }

  return FALSE;
}

GListModel *
sp_test_shown_events (SpPane *pane)
{
  GtkWidget *list = sp_test_find_child (GTK_WIDGET (pane), "events_list");

  g_assert_nonnull (list);
  return G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)));
}

gboolean
sp_test_list_shows_all (gpointer data)
{
  SpPane *pane = data;

  return g_list_model_get_n_items (sp_test_shown_events (pane)) ==
         g_list_model_get_n_items (G_LIST_MODEL (sp_endpoint_get_events (sp_pane_get_endpoint (pane))));
}

/* Toasts and dialogs ------------------------------------------------------ */

static gboolean
is_toast_widget (GtkWidget     *widget,
                 gconstpointer  data)
{
  /* libadwaita's own widget for a shown toast, not public API. */
  return g_str_equal (G_OBJECT_TYPE_NAME (widget), "AdwToastWidget");
}

GtkWidget *
sp_test_find_toast (GtkWidget *window)
{
  return sp_test_find_descendant (window, is_toast_widget, NULL);
}

typedef struct {
  GtkWidget  *window;
  const char *needle;
} ToastQuery;

static gboolean
toast_shows (gpointer data)
{
  ToastQuery *query = data;
  GtkWidget *toast = sp_test_find_toast (query->window);

  return toast != NULL && sp_test_find_visible_label (toast, query->needle) != NULL;
}

GtkWidget *
sp_test_wait_for_toast (GtkWidget  *window,
                        const char *needle)
{
  ToastQuery query = { window, needle };
  g_autofree char *what = g_strdup_printf ("a toast saying “%s”", needle);

  sp_test_wait_until (toast_shows, &query, 0, what);
  return sp_test_find_toast (window);
}

void
sp_test_click_toast_button (GtkWidget  *window,
                            const char *label)
{
  GtkWidget *toast = sp_test_find_toast (window);
  GtkWidget *button;

  g_assert_nonnull (toast);
  button = sp_test_find_button (toast, label);
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
}

static gboolean
has_no_toast (gpointer window)
{
  return sp_test_find_toast (window) == NULL;
}

void
sp_test_dismiss_toasts (GtkWidget *window)
{
  GtkWidget *toast;

  /* As its × does; a queued toast then shows, and goes the same way. */
  while ((toast = sp_test_find_toast (window)) != NULL)
    {
      g_autoptr(AdwToast) shown = NULL;

      g_object_get (toast, "toast", &shown, NULL);
      g_assert_nonnull (shown);
      adw_toast_dismiss (shown);
      sp_test_wait_until (has_no_toast, window, 0, "the toast to go");
    }
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }

  return NULL;
}

static gboolean
has_toplevel (gpointer type)
{
  return find_toplevel (GPOINTER_TO_SIZE (type)) != NULL;
}

GtkWindow *
sp_test_wait_for_toplevel (GType type)
{
  g_autofree char *what = g_strdup_printf ("a %s to show", g_type_name (type));

  sp_test_wait_until (has_toplevel, GSIZE_TO_POINTER (type), 0, what);
  return find_toplevel (type);
}

typedef struct {
  GtkFileChooser *chooser;
  GFile          *file;
} ChooserQuery;

static gboolean
has_no_toplevel (gpointer type)
{
  return find_toplevel (GPOINTER_TO_SIZE (type)) == NULL;
}

void
sp_test_click_dialog_button (GtkWindow  *dialog,
                             const char *label)
{
  GType type = G_OBJECT_TYPE (dialog);
  GtkWidget *button = sp_test_find_button (GTK_WIDGET (dialog), label);

  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  sp_test_wait_until (has_no_toplevel, GSIZE_TO_POINTER (type), 0, "the dialog to close");
}

static gboolean
chooser_has_file (gpointer data)
{
  ChooserQuery *query = data;
  g_autoptr(GFile) file = gtk_file_chooser_get_file (query->chooser);

  if (file != NULL && g_file_equal (file, query->file))
    return TRUE;

  /* A path typed in full, as one can: whatever folder it shows. */
  if (gtk_widget_get_mapped (GTK_WIDGET (query->chooser)))
    gtk_file_chooser_set_current_name (query->chooser, g_file_peek_path (query->file));
  return FALSE;
}

void
sp_test_save_in_file_chooser (const char *path)
{
  GtkWindow *chooser = sp_test_wait_for_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  ChooserQuery query = { GTK_FILE_CHOOSER (chooser), file };

  /* Its folder is read in the background before the name counts. */
  sp_test_wait_until (chooser_has_file, &query, 0, "the save dialog to take the name");
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
  G_GNUC_END_IGNORE_DEPRECATIONS
}

static void
collect_drawing (GskRenderNode         *node,
                 double                 ox,
                 double                 oy,
                 const graphene_rect_t *clip,
                 SpTestDrawing         *d)
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
        GskTransform *transform = gsk_transform_node_get_transform (node);
        float tx = 0, ty = 0;

        g_assert_cmpint (gsk_transform_get_category (transform), >=, GSK_TRANSFORM_CATEGORY_2D_TRANSLATE);
        gsk_transform_to_translate (transform, &tx, &ty);
        collect_drawing (gsk_transform_node_get_child (node), ox + tx, oy + ty, clip, d);
      }
      break;

    case GSK_CLIP_NODE:
      /* What scrolls under a header is drawn, but clipped away. */
      bounds = *gsk_clip_node_get_clip (node);
      graphene_rect_offset (&bounds, ox, oy);
      if (clip == NULL || graphene_rect_intersection (clip, &bounds, &bounds))
        collect_drawing (gsk_clip_node_get_child (node), ox, oy, &bounds, d);
      break;

    case GSK_TEXT_NODE:
      {
        SpTestText text = { .n_glyphs = gsk_text_node_get_num_glyphs (node) };

        gsk_render_node_get_bounds (node, &text.bounds);
        graphene_rect_offset (&text.bounds, ox, oy);
        if (clip == NULL || graphene_rect_intersection (clip, &text.bounds, &text.bounds))
          g_array_append_val (d->texts, text);
      }
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

gboolean
sp_test_capture_drawing (gpointer data)
{
  SpTestDrawing *d = data;
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  GtkSnapshot *snapshot;
  int w = gtk_widget_get_width (d->widget);
  int h = gtk_widget_get_height (d->widget);

  if (!gtk_widget_get_mapped (d->widget) || w < 100 || h < 40)
    return FALSE;

  paintable = gtk_widget_paintable_new (d->widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, w, h);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node == NULL)
    return FALSE;

  sp_test_drawing_clear (d);
  d->texts = g_array_new (FALSE, FALSE, sizeof (SpTestText));
  d->strokes = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  collect_drawing (node, 0, 0, NULL, d);
  cairo_surface_flush (d->strokes);
  return TRUE;
}

void
sp_test_drawing_clear (SpTestDrawing *d)
{
  g_clear_pointer (&d->texts, g_array_unref);
  g_clear_pointer (&d->strokes, cairo_surface_destroy);
}

guint
sp_test_drawing_alpha_in (SpTestDrawing         *d,
                          const graphene_rect_t *rect)
{
  int stride = cairo_image_surface_get_stride (d->strokes);
  int w = cairo_image_surface_get_width (d->strokes);
  int h = cairo_image_surface_get_height (d->strokes);
  const guint8 *pixels = cairo_image_surface_get_data (d->strokes);
  guint most = 0;

  for (int y = MAX (0, (int) ceil (rect->origin.y)); y < MIN (h, (int) (rect->origin.y + rect->size.height)); y++)
    for (int x = MAX (0, (int) ceil (rect->origin.x)); x < MIN (w, (int) (rect->origin.x + rect->size.width)); x++)
      most = MAX (most, pixels[y * stride + x * 4 + 3]);

  return most;
}
