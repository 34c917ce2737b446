/* sp-preferences-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sp-inline-message.h"
#include "sp-lesson-library.h"
#include "sp-net-input.h"
#include "sp-preferences-window.h"

struct _SpPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;

  AdwComboRow          *language_row;
  AdwComboRow          *style_row;
  AdwComboRow          *timestamps_row;
  AdwComboRow          *bytes_per_line_row;
  GtkSpinButton        *capture_spin;
  AdwComboRow          *framing_row;
  GtkSwitch            *colour_blind_switch;
  AdwEntryRow          *host_row;
  GtkLabel             *host_error_label;
  GtkSpinButton        *port_spin;
  AdwActionRow         *lessons_folder_row;
};

G_DEFINE_FINAL_TYPE (SpPreferencesWindow, sp_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* A combo row's items stand for these setting values, in order. */
static const char *language_values[] = { "", "en", "zh_CN", NULL };
static const char *style_values[] = { "system", "light", "dark", NULL };
static const char *timestamp_values[] = { "relative", "wall-clock", NULL };
static const char *bytes_per_line_values[] = { "8", "16", "32", NULL };
static const char *framing_values[] = { "off", "python-i", "network-i", "lines", NULL };

static gboolean
string_to_row (GValue   *value,
               GVariant *variant,
               gpointer  user_data)
{
  const char * const *values = user_data;
  const char *text = g_variant_get_string (variant, NULL);

  for (guint i = 0; values[i]; i++)
    if (g_str_equal (values[i], text))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }

  g_value_set_uint (value, 0);
  return TRUE;
}

static GVariant *
row_to_string (const GValue       *value,
               const GVariantType *type,
               gpointer            user_data)
{
  const char * const *values = user_data;
  guint row = g_value_get_uint (value);

  if (row >= g_strv_length ((char **) values))
    return NULL;

  return g_variant_new_string (values[row]);
}

/* Spin buttons hold doubles; the settings are "q" (port) or "u" (MiB). */
static GVariant *
double_to_number (const GValue       *value,
                  const GVariantType *type,
                  gpointer            user_data)
{
  double number = g_value_get_double (value);

  if (g_variant_type_equal (type, G_VARIANT_TYPE_UINT16))
    return g_variant_new_uint16 ((guint16) number);
  return g_variant_new_uint32 ((guint32) number);
}

static gboolean
number_to_double (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  if (g_variant_is_of_type (variant, G_VARIANT_TYPE_UINT16))
    g_value_set_double (value, g_variant_get_uint16 (variant));
  else
    g_value_set_double (value, g_variant_get_uint32 (variant));
  return TRUE;
}

static void
bind_choice (GSettings   *settings,
             const char  *key,
             AdwComboRow *row,
             const char **values)
{
  g_settings_bind_with_mapping (settings, key, row, "selected", G_SETTINGS_BIND_DEFAULT,
                                string_to_row, row_to_string, values, NULL);
}

/* Only a host new panes can use is kept; anything else is said under the
 * row, as the panes' own host fields do. */
static void
host_changed_cb (SpPreferencesWindow *self)
{
  const char *host = gtk_editable_get_text (GTK_EDITABLE (self->host_row));
  g_autoptr(GError) error = NULL;
  gboolean ok = sp_net_check_host (host, &error);

  sp_inline_message_mark_entry (GTK_WIDGET (self->host_row), !ok);
  sp_inline_message_show (self->host_error_label, ok ? NULL : error->message);

  if (ok && self->settings != NULL)
    {
      g_autofree char *saved = g_settings_get_string (self->settings, "default-host");

      if (!g_str_equal (saved, host))
        g_settings_set_string (self->settings, "default-host", host);
    }
}

static void
default_host_changed_cb (SpPreferencesWindow *self)
{
  g_autofree char *host = g_settings_get_string (self->settings, "default-host");

  if (!g_str_equal (host, gtk_editable_get_text (GTK_EDITABLE (self->host_row))))
    gtk_editable_set_text (GTK_EDITABLE (self->host_row), host);
}

static void
sp_preferences_window_dispose (GObject *object)
{
  SpPreferencesWindow *self = (SpPreferencesWindow *)object;

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sp_preferences_window_parent_class)->dispose (object);
}

static void
sp_preferences_window_class_init (SpPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sp_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/sp-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SpPreferencesWindow, language_row);
  gtk_widget_class_bind_template_child (widget_class, SpPreferencesWindow, style_row);
  gtk_widget_class_bind_template_child (widget_class, SpPreferencesWindow, timestamps_row);
  gtk_widget_class_bind_template_child (widget_class, SpPreferencesWindow, bytes_per_line_row);
  gtk_widget_class_bind_template_child (widget_class, SpPreferencesWindow, capture_spin);
  gtk_widget_class_bind_template_child (widget_class, SpPreferencesWindow, framing_row);
  gtk_widget_class_bind_template_child (widget_class, SpPreferencesWindow, colour_blind_switch);
  gtk_widget_class_bind_template_child (widget_class, SpPreferencesWindow, host_row);
  gtk_widget_class_bind_template_child (widget_class, SpPreferencesWindow, host_error_label);
  gtk_widget_class_bind_template_callback (widget_class, host_changed_cb);
  gtk_widget_class_bind_template_child (widget_class, SpPreferencesWindow, port_spin);
  gtk_widget_class_bind_template_child (widget_class, SpPreferencesWindow, lessons_folder_row);
}

static void
sp_preferences_window_init (SpPreferencesWindow *self)
{
  g_autofree char *folder = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* A row names its control after its title too ("Default port Port");
   * these controls keep their own fuller names, the ones they always had. */
  {
    GtkAccessible *named[] = {
      GTK_ACCESSIBLE (self->framing_row), GTK_ACCESSIBLE (self->host_row),
      GTK_ACCESSIBLE (self->port_spin), GTK_ACCESSIBLE (self->capture_spin),
      GTK_ACCESSIBLE (self->colour_blind_switch),
    };

    for (guint i = 0; i < G_N_ELEMENTS (named); i++)
      gtk_accessible_reset_relation (named[i], GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  }

  folder = g_file_get_parse_name (sp_lesson_library_get_folder (sp_lesson_library_get_default ()));
  adw_action_row_set_subtitle (self->lessons_folder_row, folder);
}

GtkWidget *
sp_preferences_window_new (GtkWindow *parent,
                           GSettings *settings)
{
  SpPreferencesWindow *self = g_object_new (SP_TYPE_PREFERENCES_WINDOW,
                                            "transient-for", parent, NULL);

  self->settings = g_object_ref (settings);
  bind_choice (settings, "language", self->language_row, language_values);
  bind_choice (settings, "style", self->style_row, style_values);
  bind_choice (settings, "timestamps", self->timestamps_row, timestamp_values);
  bind_choice (settings, "hex-bytes-per-line", self->bytes_per_line_row, bytes_per_line_values);
  bind_choice (settings, "default-framing", self->framing_row, framing_values);
  g_settings_bind (settings, "colour-blind", self->colour_blind_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (settings, "changed::default-host", G_CALLBACK (default_host_changed_cb),
                           self, G_CONNECT_SWAPPED);
  default_host_changed_cb (self);
  g_settings_bind_with_mapping (settings, "default-port", gtk_spin_button_get_adjustment (self->port_spin),
                                "value", G_SETTINGS_BIND_DEFAULT, number_to_double, double_to_number, NULL, NULL);
  g_settings_bind_with_mapping (settings, "capture-limit-mib", gtk_spin_button_get_adjustment (self->capture_spin),
                                "value", G_SETTINGS_BIND_DEFAULT, number_to_double, double_to_number, NULL, NULL);

  return GTK_WIDGET (self);
}
