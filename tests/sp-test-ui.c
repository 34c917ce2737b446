/* sp-test-ui.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "sp-event-row.h"
#include "sp-test-ui.h"

void
sp_test_ui_init (int    *argc,
                 char ***argv)
{
  gtk_test_init (argc, argv, NULL);
  /* As AdwApplication does at startup: libadwaita's stylesheet and style
   * manager, which the windows here are made for. */
  adw_init ();
  /* Xvfb has no window manager, so no window is ever active: a focused
   * entry's cursor-blink timer then finds it unfocused and warns (fatal
   * here) whenever a test waits long enough for it to fire. */
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);
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
