/* sp-endpoint-settings.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sp-endpoint-settings.h"
#include "sp-endpoint-watch.h"
#include "sp-framing-editor.h"
#include "sp-inline-message.h"
#include "sp-net-input.h"
#include "sp-template.h"
#include "sp-wrap-box.h"

struct _SpEndpointSettings
{
  GtkWidget        parent_instance;

  SpEndpointWatch  watch;

  GtkDropDown     *kind_dropdown;
  GtkEntry        *host_entry;
  GtkEntry        *port_entry;
  GtkWidget       *target_box;
  GtkEntry        *target_host_entry;
  GtkEntry        *target_port_entry;
  GtkWidget       *relay_pause_box;
  GtkToggleButton *pause_client_button;
  GtkToggleButton *pause_server_button;
  GtkButton       *start_button;
  GtkSwitch       *framing_switch;
  GtkLabel        *framing_label;
  GtkMenuButton   *framing_button;
  GtkPopover      *framing_popover;
  SpFramingEditor *framing_editor;   /* made when its menu first opens */
  GtkLabel        *framing_status_label;
  GtkLabel        *field_error_label;
  GtkLabel        *warning_label;

  /* The framing the switch turns on: what the editor shows, or will once
   * made. FALSE: the editor's fields do not make a framing (it says why). */
  SpFramingConfig  framing_choice;
  gboolean         framing_choice_valid;
};

enum {
  PROP_0,
  PROP_ENDPOINT,
  N_PROPS
};

enum {
  ADDRESS_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SpEndpointSettings, sp_endpoint_settings, GTK_TYPE_WIDGET)

/* Host and port ------------------------------------------------------------ */

static gboolean
is_relay (SpEndpointSettings *self)
{
  return sp_endpoint_kind_is_relay (sp_endpoint_get_kind (self->watch.endpoint));
}

/* A relay's target as typed: FALSE with why (NULL @message: fine, or not
 * a relay). */
static gboolean
validate_target (SpEndpointSettings  *self,
                 guint16             *port_out,
                 char               **message)
{
  g_autoptr(GError) error = NULL;
  const char *host = gtk_editable_get_text (GTK_EDITABLE (self->target_host_entry));
  const char *port_text = gtk_editable_get_text (GTK_EDITABLE (self->target_port_entry));
  gboolean host_ok, port_ok;
  guint16 port = 0;

  *message = NULL;
  if (!is_relay (self))
    return TRUE;

  port_ok = sp_net_parse_port (port_text, FALSE, &port, &error);
  host_ok = sp_endpoint_check_target (host, port_ok ? port : 1, error ? NULL : &error);
  sp_inline_message_mark_entry (GTK_WIDGET (self->target_host_entry), !host_ok);
  sp_inline_message_mark_entry (GTK_WIDGET (self->target_port_entry), !port_ok);

  if (error != NULL)
    /* TRANSLATORS: %s says what is wrong with the target */
    *message = g_strdup_printf (_("Target: %s"), error->message);
  *port_out = port;
  return host_ok && port_ok;
}

/* Checks Host and Port (and a relay's target) as typed; returns FALSE and
 * shows why when wrong. */
static gboolean
validate_address (SpEndpointSettings *self,
                  guint16            *port_out,
                  gboolean            focus)
{
  g_autofree char *target_error = NULL;
  guint16 target_port = 0;
  gboolean target_ok;
  g_autoptr(GError) host_error = NULL;
  g_autoptr(GError) port_error = NULL;
  const char *host = gtk_editable_get_text (GTK_EDITABLE (self->host_entry));
  const char *port_text = gtk_editable_get_text (GTK_EDITABLE (self->port_entry));
  gboolean host_ok, port_ok;
  guint16 port = 0;

  host_ok = sp_net_check_host (host, &host_error);
  port_ok = sp_net_parse_port (port_text, sp_endpoint_is_server (self->watch.endpoint), &port, &port_error);

  target_ok = validate_target (self, &target_port, &target_error);

  sp_inline_message_mark_entry (GTK_WIDGET (self->host_entry), !host_ok);
  sp_inline_message_mark_entry (GTK_WIDGET (self->port_entry), !port_ok);

  if (!host_ok)
    sp_inline_message_show (self->field_error_label, host_error->message);
  else if (!port_ok)
    sp_inline_message_show (self->field_error_label, port_error->message);
  else
    sp_inline_message_show (self->field_error_label, target_error);

  if (focus && !host_ok)
    gtk_widget_grab_focus (GTK_WIDGET (self->host_entry));
  else if (focus && !port_ok)
    gtk_widget_grab_focus (GTK_WIDGET (self->port_entry));
  else if (focus && !target_ok)
    gtk_widget_grab_focus (GTK_WIDGET (self->target_host_entry));

  gtk_widget_set_visible (GTK_WIDGET (self->warning_label),
                          host_ok && sp_endpoint_is_server (self->watch.endpoint) &&
                          sp_net_host_is_wildcard (host));

  if (port_out != NULL)
    *port_out = port;

  return host_ok && port_ok && target_ok;
}

/* Gives a relay the target typed, once it is valid. */
static void
apply_target (SpEndpointSettings *self)
{
  g_autofree char *message = NULL;
  guint16 port = 0;

  if (!is_relay (self) || !validate_target (self, &port, &message))
    return;

  sp_endpoint_set_target_host (self->watch.endpoint,
                               gtk_editable_get_text (GTK_EDITABLE (self->target_host_entry)));
  sp_endpoint_set_target_port (self->watch.endpoint, port);
}

static void
address_changed_cb (SpEndpointSettings *self)
{
  guint16 port;

  if (self->watch.endpoint == NULL)
    return;

  if (validate_address (self, &port, FALSE))
    {
      sp_endpoint_set_host (self->watch.endpoint, gtk_editable_get_text (GTK_EDITABLE (self->host_entry)));
      sp_endpoint_set_port (self->watch.endpoint, port);
      apply_target (self);
      g_signal_emit (self, signals[ADDRESS_CHANGED], 0);
    }
}

/* The endpoint changed from elsewhere (a lesson's setup): show it. */
static void
endpoint_address_changed_cb (SpEndpointSettings *self)
{
  g_autofree char *port = g_strdup_printf ("%u", sp_endpoint_get_port (self->watch.endpoint));

  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->host_entry)),
                 sp_endpoint_get_host (self->watch.endpoint)) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->host_entry), sp_endpoint_get_host (self->watch.endpoint));

  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->port_entry)), port) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->port_entry), port);
}

static void
endpoint_target_changed_cb (SpEndpointSettings *self)
{
  g_autofree char *port = g_strdup_printf ("%u", sp_endpoint_get_target_port (self->watch.endpoint));
  const char *host = sp_endpoint_get_target_host (self->watch.endpoint);

  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->target_host_entry)), host) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->target_host_entry), host);

  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->target_port_entry)), port) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->target_port_entry), port);
}

static void
start_clicked_cb (SpEndpointSettings *self)
{
  guint16 port;

  if (self->watch.endpoint == NULL)
    return;

  if (sp_endpoint_get_state (self->watch.endpoint) != SP_ENDPOINT_STATE_STOPPED)
    {
      sp_endpoint_stop (self->watch.endpoint);
      return;
    }

  if (!validate_address (self, &port, TRUE))
    return;

  sp_endpoint_set_host (self->watch.endpoint, gtk_editable_get_text (GTK_EDITABLE (self->host_entry)));
  sp_endpoint_set_port (self->watch.endpoint, port);
  apply_target (self);
  sp_endpoint_start (self->watch.endpoint);
}

/* Kind and state ----------------------------------------------------------- */

static void
kind_selected_cb (SpEndpointSettings *self)
{
  guint selected = gtk_drop_down_get_selected (self->kind_dropdown);

  if (selected == GTK_INVALID_LIST_POSITION || self->watch.endpoint == NULL)
    return;

  sp_endpoint_set_kind (self->watch.endpoint, selected);
}

static void
state_changed_cb (SpEndpointSettings *self)
{
  gboolean stopped = sp_endpoint_get_state (self->watch.endpoint) == SP_ENDPOINT_STATE_STOPPED;

  gtk_button_set_label (self->start_button, stopped ? _("Start") : _("Stop"));
  if (stopped)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->start_button), "suggested-action");
      gtk_widget_remove_css_class (GTK_WIDGET (self->start_button), "destructive-action");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->start_button), "suggested-action");
      gtk_widget_add_css_class (GTK_WIDGET (self->start_button), "destructive-action");
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->kind_dropdown), stopped);
  gtk_widget_set_sensitive (GTK_WIDGET (self->host_entry), stopped);
  gtk_widget_set_sensitive (GTK_WIDGET (self->port_entry), stopped);
  gtk_widget_set_sensitive (self->target_box, stopped);
}

/* The kind chosen, and what a relay of that kind shows. */
static void
show_kind (SpEndpointSettings *self)
{
  gboolean udp = sp_endpoint_get_kind (self->watch.endpoint) == SP_ENDPOINT_KIND_UDP_RELAY;

  gtk_drop_down_set_selected (self->kind_dropdown, sp_endpoint_get_kind (self->watch.endpoint));
  gtk_widget_set_visible (self->target_box, is_relay (self));
  gtk_widget_set_visible (self->relay_pause_box, is_relay (self));
  /* Datagrams keep their boundaries: paused ones wait whole, never stuck together. */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->pause_client_button),
                               udp ? _("No recvfrom() from the clients: their datagrams wait whole in the kernel, and any that do not fit are dropped; the server’s replies still flow")
                                   : _("No recv() from the clients: what they send waits in the kernel and reaches the server stuck together later; the server’s replies still flow"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->pause_server_button),
                               udp ? _("No recv() from the target: its datagrams wait whole in the kernel, and any that do not fit are dropped; the clients’ datagrams still flow")
                                   : _("No recv() from the servers: what they send waits in the kernel and reaches the client stuck together later; the clients’ bytes still flow"));
}

static void
endpoint_kind_changed_cb (SpEndpointSettings *self)
{
  show_kind (self);
  validate_address (self, NULL, FALSE);
}

/* Framing ------------------------------------------------------------------ */

static void
framing_changed_cb (SpEndpointSettings *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  SpFramingConfig config = self->framing_choice;
  gboolean valid = self->framing_choice_valid;

  if (self->watch.endpoint == NULL)
    return;

  description = sp_framing_config_describe (&config);

  if (!gtk_switch_get_active (self->framing_switch))
    {
      gsize max_frame = config.max_frame;

      sp_framing_config_init (&config);
      config.max_frame = max_frame;
      g_free (description);
      description = g_strdup (_("Framing off: a raw byte stream"));
    }
  else if (!valid)
    {
      /* The editor shows why; the pane keeps its previous framing. */
      gtk_label_set_text (self->framing_label, _("Framing settings are incomplete"));
      return;
    }

  if (!sp_endpoint_set_framing (self->watch.endpoint, &config, &error))
    {
      gtk_label_set_text (self->framing_label, error->message);
      return;
    }

  gtk_label_set_text (self->framing_label, description);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->framing_label), description);
}

static void
editor_changed_cb (SpEndpointSettings *self)
{
  self->framing_choice_valid = sp_framing_editor_get_config (self->framing_editor, &self->framing_choice);
  framing_changed_cb (self);
}

static void
show_framing_choice (SpEndpointSettings    *self,
                     const SpFramingConfig *framing)
{
  self->framing_choice = *framing;
  self->framing_choice_valid = TRUE;
  if (self->framing_editor != NULL)
    sp_framing_editor_set_config (self->framing_editor, framing);
}

/* The editor is made when its menu first opens, not before the window's
 * first frame: a dozen widgets per pane that most lessons never show. */
static void
framing_popup_cb (GtkMenuButton *button,
                  gpointer       user_data)
{
  SpEndpointSettings *self = user_data;
  GtkWidget *editor;

  if (self->framing_editor != NULL)
    return;

  editor = sp_framing_editor_new ();
  self->framing_editor = SP_FRAMING_EDITOR (editor);
  sp_framing_editor_set_config (self->framing_editor, &self->framing_choice);
  g_signal_connect_object (editor, "changed", G_CALLBACK (editor_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_popover_set_child (self->framing_popover, editor);
}

static void
framing_status_cb (SpEndpointSettings *self)
{
  g_autofree char *status = sp_endpoint_dup_framing_status (self->watch.endpoint);

  sp_inline_message_show (self->framing_status_label, status);
}

/* The endpoint's framing changed from elsewhere (a lesson, a session). */
static void
endpoint_framing_changed_cb (SpEndpointSettings *self)
{
  const SpFramingConfig *framing = sp_endpoint_get_framing (self->watch.endpoint);
  gboolean on = gtk_switch_get_active (self->framing_switch);

  if (framing->mode == SP_FRAMING_OFF ? !on
                                      : on && memcmp (framing, &self->framing_choice, sizeof *framing) == 0)
    return;

  if (framing->mode != SP_FRAMING_OFF)
    show_framing_choice (self, framing);
  gtk_switch_set_active (self->framing_switch, framing->mode != SP_FRAMING_OFF);
}

/* Shows a new endpoint's settings, as the endpoint has them (before its
 * handlers listen to it). */
static void
show_endpoint (GtkWidget *widget)
{
  SpEndpointSettings *self = SP_ENDPOINT_SETTINGS (widget);
  const SpFramingConfig *framing = sp_endpoint_get_framing (self->watch.endpoint);
  g_autofree char *port = g_strdup_printf ("%u", sp_endpoint_get_port (self->watch.endpoint));

  if (framing->mode != SP_FRAMING_OFF)
    show_framing_choice (self, framing);
  gtk_switch_set_active (self->framing_switch, framing->mode != SP_FRAMING_OFF);
  framing_changed_cb (self);

  gtk_editable_set_text (GTK_EDITABLE (self->host_entry), sp_endpoint_get_host (self->watch.endpoint));
  gtk_editable_set_text (GTK_EDITABLE (self->port_entry), port);
  endpoint_target_changed_cb (self);
  show_kind (self);
  validate_address (self, NULL, FALSE);
  state_changed_cb (self);
}

/* Life cycle --------------------------------------------------------------- */

static void
sp_endpoint_settings_dispose (GObject *object)
{
  SpEndpointSettings *self = (SpEndpointSettings *)object;

  sp_endpoint_watch_clear (&self->watch);
  sp_template_dispose (GTK_WIDGET (self), SP_TYPE_ENDPOINT_SETTINGS);
  self->framing_editor = NULL;

  G_OBJECT_CLASS (sp_endpoint_settings_parent_class)->dispose (object);
}

static void
sp_endpoint_settings_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  SpEndpointSettings *self = SP_ENDPOINT_SETTINGS (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      g_value_set_object (value, self->watch.endpoint);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_endpoint_settings_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  SpEndpointSettings *self = SP_ENDPOINT_SETTINGS (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      sp_endpoint_settings_set_endpoint (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_endpoint_settings_class_init (SpEndpointSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sp_endpoint_settings_dispose;
  object_class->get_property = sp_endpoint_settings_get_property;
  object_class->set_property = sp_endpoint_settings_set_property;

  properties[PROP_ENDPOINT] =
    g_param_spec_object ("endpoint", NULL, NULL, SP_TYPE_ENDPOINT,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[ADDRESS_CHANGED] =
    g_signal_new ("address-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (SP_TYPE_WRAP_BOX);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/sp-endpoint-settings.ui");
  gtk_widget_class_bind_template_child (widget_class, SpEndpointSettings, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SpEndpointSettings, host_entry);
  gtk_widget_class_bind_template_child (widget_class, SpEndpointSettings, port_entry);
  gtk_widget_class_bind_template_child (widget_class, SpEndpointSettings, target_box);
  gtk_widget_class_bind_template_child (widget_class, SpEndpointSettings, target_host_entry);
  gtk_widget_class_bind_template_child (widget_class, SpEndpointSettings, target_port_entry);
  gtk_widget_class_bind_template_child (widget_class, SpEndpointSettings, relay_pause_box);
  gtk_widget_class_bind_template_child (widget_class, SpEndpointSettings, pause_client_button);
  gtk_widget_class_bind_template_child (widget_class, SpEndpointSettings, pause_server_button);
  gtk_widget_class_bind_template_child (widget_class, SpEndpointSettings, start_button);
  gtk_widget_class_bind_template_child (widget_class, SpEndpointSettings, framing_switch);
  gtk_widget_class_bind_template_child (widget_class, SpEndpointSettings, framing_label);
  gtk_widget_class_bind_template_child (widget_class, SpEndpointSettings, framing_button);
  gtk_widget_class_bind_template_child (widget_class, SpEndpointSettings, framing_popover);
  gtk_widget_class_bind_template_child (widget_class, SpEndpointSettings, framing_status_label);
  gtk_widget_class_bind_template_child (widget_class, SpEndpointSettings, field_error_label);
  gtk_widget_class_bind_template_child (widget_class, SpEndpointSettings, warning_label);
  gtk_widget_class_bind_template_callback (widget_class, kind_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, address_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, start_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, framing_changed_cb);

  gtk_widget_class_set_css_name (widget_class, "endpointsettings");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
sp_endpoint_settings_init (SpEndpointSettings *self)
{
  GSignalGroup *group;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_menu_button_set_create_popup_func (self->framing_button, framing_popup_cb, self, NULL);
  /* What a new editor's fields say. */
  sp_framing_config_init (&self->framing_choice);
  sp_framing_config_preset (&self->framing_choice, SP_FRAMING_EDITOR_DEFAULT_PRESET);
  self->framing_choice_valid = TRUE;

  sp_endpoint_watch_init (&self->watch, GTK_WIDGET (self), properties[PROP_ENDPOINT], show_endpoint);
  g_binding_group_bind (self->watch.bindings, "pause-client-side", self->pause_client_button, "active",
                        G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_binding_group_bind (self->watch.bindings, "pause-server-side", self->pause_server_button, "active",
                        G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  group = self->watch.signals;
  g_signal_group_connect_swapped (group, "notify::kind", G_CALLBACK (endpoint_kind_changed_cb), self);
  g_signal_group_connect_swapped (group, "notify::state", G_CALLBACK (state_changed_cb), self);
  g_signal_group_connect_swapped (group, "notify::framing", G_CALLBACK (framing_status_cb), self);
  g_signal_group_connect_swapped (group, "notify::framing", G_CALLBACK (endpoint_framing_changed_cb), self);
  g_signal_group_connect_swapped (group, "notify::host", G_CALLBACK (endpoint_address_changed_cb), self);
  g_signal_group_connect_swapped (group, "notify::port", G_CALLBACK (endpoint_address_changed_cb), self);
  g_signal_group_connect_swapped (group, "notify::target-host", G_CALLBACK (endpoint_target_changed_cb), self);
  g_signal_group_connect_swapped (group, "notify::target-port", G_CALLBACK (endpoint_target_changed_cb), self);
}

GtkWidget *
sp_endpoint_settings_new (void)
{
  return g_object_new (SP_TYPE_ENDPOINT_SETTINGS, NULL);
}

SpEndpoint *
sp_endpoint_settings_get_endpoint (SpEndpointSettings *self)
{
  g_return_val_if_fail (SP_IS_ENDPOINT_SETTINGS (self), NULL);
  return self->watch.endpoint;
}

void
sp_endpoint_settings_set_endpoint (SpEndpointSettings *self,
                                   SpEndpoint         *endpoint)
{
  g_return_if_fail (SP_IS_ENDPOINT_SETTINGS (self));

  sp_endpoint_watch_set_endpoint (&self->watch, endpoint);
}

void
sp_endpoint_settings_start_stop (SpEndpointSettings *self)
{
  g_return_if_fail (SP_IS_ENDPOINT_SETTINGS (self));

  start_clicked_cb (self);
}
