/* test-preferences.c: the preferences window writes GSettings, and the
 * window and its panes follow them (under Xvfb)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sp-hex-view.h"
#include "sp-preferences-window.h"
#include "sp-test-ui.h"

/* Preferences write GSettings, and the window follows them. */
static void
test_preferences (void)
{
  SpWindow *window = sp_window_new (NULL);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GtkWidget *prefs = sp_preferences_window_new (GTK_WINDOW (window), settings);
  gboolean wall_clock = FALSE;

  gtk_window_present (GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (prefs));

  /* Screen readers (and the AT-SPI tests) know the controls by name. */
  g_assert_null (gtk_test_accessible_check_property (GTK_ACCESSIBLE (sp_test_find_child (prefs, "host_row")),
                                                     GTK_ACCESSIBLE_PROPERTY_LABEL, "Default host"));
  g_assert_null (gtk_test_accessible_check_property (GTK_ACCESSIBLE (sp_test_find_child (prefs, "port_spin")),
                                                     GTK_ACCESSIBLE_PROPERTY_LABEL, "Default port"));
  g_assert_null (gtk_test_accessible_check_property (GTK_ACCESSIBLE (sp_test_find_child (prefs, "framing_row")),
                                                     GTK_ACCESSIBLE_PROPERTY_LABEL, "Default framing"));
  g_assert_null (gtk_test_accessible_check_property (GTK_ACCESSIBLE (sp_test_find_child (prefs, "lessons_folder_button")),
                                                     GTK_ACCESSIBLE_PROPERTY_LABEL, "Open the lessons folder"));
  /* Those names alone: not run together with the row's title. */
  g_assert_false (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (sp_test_find_child (prefs, "port_spin")),
                                                    GTK_ACCESSIBLE_RELATION_LABELLED_BY));
  g_assert_false (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (sp_test_find_child (prefs, "host_row")),
                                                    GTK_ACCESSIBLE_RELATION_LABELLED_BY));

  adw_combo_row_set_selected (ADW_COMBO_ROW (sp_test_find_child (prefs, "language_row")), 2);
  g_assert_cmpstr (g_settings_get_string (settings, "language"), ==, "zh_CN");
  adw_combo_row_set_selected (ADW_COMBO_ROW (sp_test_find_child (prefs, "style_row")), 2);
  g_assert_cmpstr (g_settings_get_string (settings, "style"), ==, "dark");

  adw_combo_row_set_selected (ADW_COMBO_ROW (sp_test_find_child (prefs, "timestamps_row")), 1);
  g_object_get (sp_window_get_pane (window, 0), "wall-clock", &wall_clock, NULL);
  g_assert_true (wall_clock);

  gtk_switch_set_active (GTK_SWITCH (sp_test_find_child (prefs, "colour_blind_switch")), TRUE);
  g_assert_true (g_settings_get_boolean (settings, "colour-blind"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (window), "colour-blind"));

  /* The host new panes start with, typed into its entry row. */
  {
    GtkWidget *host_row = sp_test_find_child (prefs, "host_row");
    GtkWidget *host_error = sp_test_find_child (prefs, "host_error_label");
    g_autofree char *saved = NULL;

    gtk_editable_set_text (GTK_EDITABLE (host_row), "::1");
    saved = g_settings_get_string (settings, "default-host");
    g_assert_cmpstr (saved, ==, "::1");
    g_assert_false (gtk_widget_get_visible (host_error));

    /* A host no pane could use is said under the row and not kept. */
    gtk_editable_set_text (GTK_EDITABLE (host_row), "bad host!");
    g_clear_pointer (&saved, g_free);
    saved = g_settings_get_string (settings, "default-host");
    g_assert_cmpstr (saved, ==, "::1");
    g_assert_true (gtk_widget_get_visible (host_error));
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (host_error)), !=, "");
    g_assert_true (gtk_widget_has_css_class (host_row, "error"));
    g_assert_null (gtk_test_accessible_check_state (GTK_ACCESSIBLE (host_row), GTK_ACCESSIBLE_STATE_INVALID,
                                                    GTK_ACCESSIBLE_INVALID_TRUE));

    gtk_editable_set_text (GTK_EDITABLE (host_row), "localhost");
    g_clear_pointer (&saved, g_free);
    saved = g_settings_get_string (settings, "default-host");
    g_assert_cmpstr (saved, ==, "localhost");
    g_assert_false (gtk_widget_get_visible (host_error));
    g_assert_false (gtk_widget_has_css_class (host_row, "error"));

    /* And a host set elsewhere shows in the row. */
    g_settings_set_string (settings, "default-host", "127.0.0.2");
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (host_row)), ==, "127.0.0.2");
  }

  /* New panes start with the default framing. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (sp_test_find_child (prefs, "framing_row")), 1);
  g_assert_cmpstr (g_settings_get_string (settings, "default-framing"), ==, "python-i");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.add-pane", NULL);
  g_assert_cmpint (sp_endpoint_get_framing (sp_pane_get_endpoint (sp_window_get_pane (window, sp_window_get_n_panes (window) - 1)))->mode,
                   ==, SP_FRAMING_LENGTH_PREFIX);
  g_settings_reset (settings, "default-framing");

  /* The port, from its spin button, and settings changed elsewhere show
   * in the window too. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (sp_test_find_child (prefs, "port_spin")), 7000);
  {
    guint16 port = 0;

    g_settings_get (settings, "default-port", "q", &port);
    g_assert_cmpuint (port, ==, 7000);
  }
  g_settings_set (settings, "default-port", "q", (guint16) 9000);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (sp_test_find_child (prefs, "port_spin"))), ==, 9000);

  /* Hex dumps follow the bytes-per-line setting. */
  {
    SpPane *pane = sp_window_get_pane (window, 0);
    GtkWidget *hex_view = sp_test_find_child (GTK_WIDGET (pane), "hex_view");
    GtkListView *hex_list = GTK_LIST_VIEW (sp_test_find_child (hex_view, "hex_list"));
    g_autoptr(GBytes) bytes = g_bytes_new_static ("0123456789abcdefghij", 20);
    SpEventInit init = { .kind = SP_EVENT_KIND_RECEIVED, .direction = SP_DIRECTION_IN, .payload = bytes };
    g_autoptr(SpEvent) event = sp_event_new (&init);
    guint bytes_per_line = 0;

    sp_hex_view_set_event (SP_HEX_VIEW (hex_view), event, NULL);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (hex_list))), ==, 2);

    adw_combo_row_set_selected (ADW_COMBO_ROW (sp_test_find_child (prefs, "bytes_per_line_row")), 0);
    g_assert_cmpstr (g_settings_get_string (settings, "hex-bytes-per-line"), ==, "8");
    g_object_get (pane, "bytes-per-line", &bytes_per_line, NULL);
    g_assert_cmpuint (bytes_per_line, ==, 8);
    g_assert_cmpuint (sp_hex_view_get_bytes_per_line (SP_HEX_VIEW (hex_view)), ==, 8);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (hex_list))), ==, 3);

    g_settings_set_string (settings, "hex-bytes-per-line", "32");
    g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (sp_test_find_child (prefs, "bytes_per_line_row"))), ==, 2);
    g_assert_cmpuint (sp_hex_view_get_bytes_per_line (SP_HEX_VIEW (hex_view)), ==, 32);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (hex_list))), ==, 1);
    sp_hex_view_set_event (SP_HEX_VIEW (hex_view), NULL, NULL);
  }

  /* The capture limit, in MiB. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (sp_test_find_child (prefs, "capture_spin")), 512);
  g_assert_cmpuint (g_settings_get_uint (settings, "capture-limit-mib"), ==, 512);
  g_settings_set_uint (settings, "capture-limit-mib", 1024);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (sp_test_find_child (prefs, "capture_spin"))), ==, 1024);
  g_settings_reset (settings, "capture-limit-mib");

  g_settings_reset (settings, "hex-bytes-per-line");
  g_settings_reset (settings, "language");
  g_settings_reset (settings, "style");
  g_settings_reset (settings, "timestamps");
  g_settings_reset (settings, "colour-blind");
  g_settings_reset (settings, "default-port");
  g_settings_reset (settings, "default-host");
  gtk_window_destroy (GTK_WINDOW (prefs));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  sp_test_ui_init (&argc, &argv);

  g_test_add_func ("/preferences/settings", test_preferences);

  return g_test_run ();
}
