/* sp-framing-editor.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sp-framing-editor.h"
#include "sp-hex.h"
#include "sp-template.h"

/* Rows of the preset dropdown, in the order of the .ui. */
static const SpFramingPreset preset_rows[] = {
  SP_FRAMING_PRESET_PYTHON_STRUCT_I,
  SP_FRAMING_PRESET_NETWORK_ORDER_I,
  SP_FRAMING_PRESET_LINES,
  SP_FRAMING_PRESET_CUSTOM,
};

static const guint header_sizes[] = { 1, 2, 4, 8 };

static const struct {
  const char *bytes;
  guint       len;
} delimiters[] = {
  { "\n", 1 },
  { "\r\n", 2 },
  { "\0", 1 },
};

struct _SpFramingEditor
{
  GtkWidget       parent_instance;

  gboolean        updating;

  GtkDropDown    *preset_dropdown;
  GtkDropDown    *mode_dropdown;
  GtkWidget      *header_size_label;
  GtkDropDown    *header_size_dropdown;
  GtkWidget      *byte_order_label;
  GtkDropDown    *byte_order_dropdown;
  GtkCheckButton *signed_check;
  GtkCheckButton *includes_header_check;
  GtkWidget      *delimiter_label;
  GtkDropDown    *delimiter_dropdown;
  GtkEntry       *delimiter_entry;
  GtkWidget      *fixed_size_label;
  GtkSpinButton  *fixed_size_spin;
  GtkSpinButton  *max_frame_spin;
  GtkLabel       *error_label;
};

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SpFramingEditor, sp_framing_editor, GTK_TYPE_WIDGET)

static void
update_visibility (SpFramingEditor *self)
{
  guint mode = gtk_drop_down_get_selected (self->mode_dropdown);
  gboolean length = mode == 0, delimiter = mode == 1, fixed = mode == 2;

  gtk_widget_set_visible (self->header_size_label, length);
  gtk_widget_set_visible (GTK_WIDGET (self->header_size_dropdown), length);
  gtk_widget_set_visible (self->byte_order_label, length);
  gtk_widget_set_visible (GTK_WIDGET (self->byte_order_dropdown), length);
  gtk_widget_set_visible (GTK_WIDGET (self->signed_check), length);
  gtk_widget_set_visible (GTK_WIDGET (self->includes_header_check), length);
  gtk_widget_set_visible (self->delimiter_label, delimiter);
  gtk_widget_set_visible (GTK_WIDGET (self->delimiter_dropdown), delimiter);
  gtk_widget_set_visible (GTK_WIDGET (self->delimiter_entry),
                          delimiter && gtk_drop_down_get_selected (self->delimiter_dropdown) == 3);
  gtk_widget_set_visible (self->fixed_size_label, fixed);
  gtk_widget_set_visible (GTK_WIDGET (self->fixed_size_spin), fixed);
}

gboolean
sp_framing_editor_get_config (SpFramingEditor *self,
                              SpFramingConfig *config)
{
  g_autoptr(GError) error = NULL;
  guint mode, delimiter;

  g_return_val_if_fail (SP_IS_FRAMING_EDITOR (self), FALSE);

  sp_framing_config_init (config);
  mode = gtk_drop_down_get_selected (self->mode_dropdown);
  config->mode = mode == 0 ? SP_FRAMING_LENGTH_PREFIX
               : mode == 1 ? SP_FRAMING_DELIMITER
               : SP_FRAMING_FIXED_SIZE;
  config->header_size = header_sizes[MIN (gtk_drop_down_get_selected (self->header_size_dropdown), 3)];
  config->big_endian = gtk_drop_down_get_selected (self->byte_order_dropdown) == 1;
  config->is_signed = gtk_check_button_get_active (self->signed_check);
  config->length_includes_header = gtk_check_button_get_active (self->includes_header_check);
  config->fixed_size = gtk_spin_button_get_value_as_int (self->fixed_size_spin);
  config->max_frame = (gsize) gtk_spin_button_get_value_as_int (self->max_frame_spin) * 1024;

  delimiter = gtk_drop_down_get_selected (self->delimiter_dropdown);
  if (delimiter < G_N_ELEMENTS (delimiters))
    {
      memcpy (config->delimiter, delimiters[delimiter].bytes, delimiters[delimiter].len);
      config->delimiter_len = delimiters[delimiter].len;
    }
  else if (config->mode == SP_FRAMING_DELIMITER)
    {
      g_autoptr(GBytes) bytes = NULL;
      gsize len = 0;
      const char *text = gtk_editable_get_text (GTK_EDITABLE (self->delimiter_entry));

      bytes = sp_hex_parse (text, -1, NULL, &error);
      if (bytes != NULL && (len = g_bytes_get_size (bytes)) > SP_FRAMING_MAX_DELIMITER)
        g_set_error (&error, SP_FRAMING_ERROR, SP_FRAMING_ERROR_INVALID_CONFIG,
                     _("A delimiter has at most %d bytes."), SP_FRAMING_MAX_DELIMITER);
      else if (bytes != NULL)
        {
          memcpy (config->delimiter, g_bytes_get_data (bytes, NULL), len);
          config->delimiter_len = len;
        }
    }

  if (error == NULL)
    sp_framing_config_check (config, &error);

  gtk_label_set_text (self->error_label, error ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);

  return error == NULL;
}

static void
field_changed_cb (SpFramingEditor *self)
{
  update_visibility (self);

  if (self->updating)
    return;

  /* Editing a field makes the framing a custom one. */
  self->updating = TRUE;
  gtk_drop_down_set_selected (self->preset_dropdown, G_N_ELEMENTS (preset_rows) - 1);
  self->updating = FALSE;

  g_signal_emit (self, signals[CHANGED], 0);
}

/* The preset row that makes @config, or the custom one. */
static guint
preset_row_for (const SpFramingConfig *config)
{
  for (guint i = 0; i + 1 < G_N_ELEMENTS (preset_rows); i++)
    {
      SpFramingConfig made = *config;

      sp_framing_config_preset (&made, preset_rows[i]);
      if (memcmp (&made, config, sizeof made) == 0)
        return i;
    }

  return G_N_ELEMENTS (preset_rows) - 1;
}

void
sp_framing_editor_set_config (SpFramingEditor       *self,
                              const SpFramingConfig *config)
{
  g_return_if_fail (SP_IS_FRAMING_EDITOR (self));

  self->updating = TRUE;

  if (config->mode == SP_FRAMING_DELIMITER)
    gtk_drop_down_set_selected (self->mode_dropdown, 1);
  else if (config->mode == SP_FRAMING_FIXED_SIZE)
    gtk_drop_down_set_selected (self->mode_dropdown, 2);
  else if (config->mode == SP_FRAMING_LENGTH_PREFIX)
    gtk_drop_down_set_selected (self->mode_dropdown, 0);

  for (guint i = 0; i < G_N_ELEMENTS (header_sizes); i++)
    if (header_sizes[i] == config->header_size)
      gtk_drop_down_set_selected (self->header_size_dropdown, i);
  gtk_drop_down_set_selected (self->byte_order_dropdown, config->big_endian ? 1 : 0);
  gtk_check_button_set_active (self->signed_check, config->is_signed);
  gtk_check_button_set_active (self->includes_header_check, config->length_includes_header);
  if (config->fixed_size > 0)
    gtk_spin_button_set_value (self->fixed_size_spin, config->fixed_size);
  if (config->max_frame > 0)
    gtk_spin_button_set_value (self->max_frame_spin, MAX (1, config->max_frame / 1024));

  if (config->delimiter_len > 0)
    {
      guint row = G_N_ELEMENTS (delimiters);

      for (guint i = 0; i < G_N_ELEMENTS (delimiters); i++)
        if (delimiters[i].len == config->delimiter_len &&
            memcmp (delimiters[i].bytes, config->delimiter, config->delimiter_len) == 0)
          row = i;

      if (row == G_N_ELEMENTS (delimiters))
        {
          g_autofree char *hex = sp_hex_format_compact (config->delimiter, config->delimiter_len);

          gtk_editable_set_text (GTK_EDITABLE (self->delimiter_entry), hex);
        }
      gtk_drop_down_set_selected (self->delimiter_dropdown, row);
    }
  gtk_drop_down_set_selected (self->preset_dropdown, preset_row_for (config));

  self->updating = FALSE;
  update_visibility (self);
}

void
sp_framing_editor_set_preset (SpFramingEditor *self,
                              SpFramingPreset  preset)
{
  SpFramingConfig config;

  g_return_if_fail (SP_IS_FRAMING_EDITOR (self));

  sp_framing_editor_get_config (self, &config);
  sp_framing_config_preset (&config, preset);
  sp_framing_editor_set_config (self, &config);

  self->updating = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (preset_rows); i++)
    if (preset_rows[i] == preset)
      gtk_drop_down_set_selected (self->preset_dropdown, i);
  self->updating = FALSE;

  g_signal_emit (self, signals[CHANGED], 0);
}

static void
preset_selected_cb (SpFramingEditor *self)
{
  guint row = gtk_drop_down_get_selected (self->preset_dropdown);

  if (self->updating || row >= G_N_ELEMENTS (preset_rows) ||
      preset_rows[row] == SP_FRAMING_PRESET_CUSTOM)
    return;

  sp_framing_editor_set_preset (self, preset_rows[row]);
}

static void
sp_framing_editor_dispose (GObject *object)
{
  SpFramingEditor *self = (SpFramingEditor *)object;

  sp_template_dispose (GTK_WIDGET (self), SP_TYPE_FRAMING_EDITOR);

  G_OBJECT_CLASS (sp_framing_editor_parent_class)->dispose (object);
}

static void
sp_framing_editor_class_init (SpFramingEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sp_framing_editor_dispose;

  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/sp-framing-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, SpFramingEditor, preset_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SpFramingEditor, mode_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SpFramingEditor, header_size_label);
  gtk_widget_class_bind_template_child (widget_class, SpFramingEditor, header_size_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SpFramingEditor, byte_order_label);
  gtk_widget_class_bind_template_child (widget_class, SpFramingEditor, byte_order_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SpFramingEditor, signed_check);
  gtk_widget_class_bind_template_child (widget_class, SpFramingEditor, includes_header_check);
  gtk_widget_class_bind_template_child (widget_class, SpFramingEditor, delimiter_label);
  gtk_widget_class_bind_template_child (widget_class, SpFramingEditor, delimiter_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SpFramingEditor, delimiter_entry);
  gtk_widget_class_bind_template_child (widget_class, SpFramingEditor, fixed_size_label);
  gtk_widget_class_bind_template_child (widget_class, SpFramingEditor, fixed_size_spin);
  gtk_widget_class_bind_template_child (widget_class, SpFramingEditor, max_frame_spin);
  gtk_widget_class_bind_template_child (widget_class, SpFramingEditor, error_label);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, preset_selected_cb);
}

static void
sp_framing_editor_init (SpFramingEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  sp_framing_editor_set_preset (self, SP_FRAMING_EDITOR_DEFAULT_PRESET);
}

GtkWidget *
sp_framing_editor_new (void)
{
  return g_object_new (SP_TYPE_FRAMING_EDITOR, NULL);
}
