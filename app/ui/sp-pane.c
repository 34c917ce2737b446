/* sp-pane.c: one endpoint on screen
 *
 * A column of parts, each a widget of its own: SpPaneHeader, SpEndpointSettings,
 * what is running and what the kernel holds (here), SpPeerList, SpEventList
 * and SpComposer. The pane hands them its endpoint (sp-pane.ui binds it) and
 * owns the actions and shortcuts that act on the pane with the focus.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sp-address-list.h"
#include "sp-code-gen.h"
#include "sp-composer.h"
#include "sp-display-props.h"
#include "sp-endpoint-settings.h"
#include "sp-event-list.h"
#include "sp-hex.h"
#include "sp-inline-message.h"
#include "sp-kernel-monitor.h"
#include "sp-pane.h"
#include "sp-pane-header.h"
#include "sp-peer-list.h"
#include "sp-reply-rules-banner.h"
#include "sp-socket-address.h"
#include "sp-template.h"

struct _SpPane
{
  GtkWidget           parent_instance;

  SpEndpoint         *endpoint;
  guint               number;
  SpTextEncoding      encoding;
  gboolean            wall_clock;
  guint               bytes_per_line;
  SpKernelMonitor    *kernel_monitor;
  gboolean            reopened;

  SpEndpointSettings *settings;
  GtkLabel           *status_label;
  GtkLabel           *queue_label;
  GtkLabel           *error_label;
  GtkLabel           *reopened_label;
  SpEventList        *event_list;
  SpComposer         *composer;
};

enum {
  PROP_0,
  PROP_ENDPOINT,
  PROP_NUMBER,
  PROP_ENCODING,
  PROP_TITLE,
  PROP_WALL_CLOCK,
  PROP_BYTES_PER_LINE,
  N_PROPS
};

enum {
  CLOSE_REQUESTED,
  LAYOUT_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SpPane, sp_pane, GTK_TYPE_WIDGET)

char *
sp_pane_dup_title (SpPane *self)
{
  g_return_val_if_fail (SP_IS_PANE (self), NULL);

  /* TRANSLATORS: pane title, e.g. "TCP server 1" */
  return g_strdup_printf (_("%s %u"),
                          sp_endpoint_kind_to_string (sp_endpoint_get_kind (self->endpoint)),
                          self->number);
}

static void
update_title (SpPane *self)
{
  g_autofree char *title = sp_pane_dup_title (self);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

/* Where a started endpoint is: its addresses, as its kind says them. */
static char *
dup_status (SpEndpoint *endpoint)
{
  SpEndpointState state = sp_endpoint_get_state (endpoint);
  const char *local = sp_endpoint_get_local_address (endpoint);
  const char *remote = sp_endpoint_get_remote_address (endpoint);
  /* localhost: 127.0.0.1 and ::1 */
  const char *all_local = sp_endpoint_get_all_local_addresses (endpoint);

  if (state == SP_ENDPOINT_STATE_STARTING)
    return g_strdup (sp_endpoint_is_server (endpoint) ? _("Binding…") : _("Connecting…"));

  if (state != SP_ENDPOINT_STATE_RUNNING)
    return NULL;

  switch (sp_endpoint_get_kind (endpoint))
    {
    case SP_ENDPOINT_KIND_TCP_SERVER:
      /* TRANSLATORS: %s is an address:port */
      return g_strdup_printf (_("Listening on %s"), all_local);

    case SP_ENDPOINT_KIND_UDP_SERVER:
      return g_strdup_printf (_("Bound to %s, receiving from anyone"), all_local);

    case SP_ENDPOINT_KIND_TCP_RELAY:
    case SP_ENDPOINT_KIND_UDP_RELAY:
      {
        g_autofree char *target = sp_format_host_port (sp_endpoint_get_target_host (endpoint),
                                                       sp_endpoint_get_target_port (endpoint));

        /* TRANSLATORS: "Relaying 127.0.0.1:8081 → 127.0.0.1:8082": where clients connect, and the server they reach */
        return g_strdup_printf (_("Relaying %s → %s"), all_local, target);
      }

    case SP_ENDPOINT_KIND_TCP_CLIENT:
      /* TRANSLATORS: the connection's 5-tuple: protocol, local end, remote end */
      return g_strdup_printf (_("TCP  local %s ↔ remote %s"), local, remote);

    case SP_ENDPOINT_KIND_UDP_CLIENT:
    default:
      return g_strdup_printf (_("UDP  local %s → target %s"), local, remote);
    }
}

static void
update_state (SpPane *self)
{
  SpEndpoint *endpoint = self->endpoint;
  g_autofree char *status = dup_status (endpoint);
  const char *tooltip = sp_endpoint_get_kind (endpoint) == SP_ENDPOINT_KIND_TCP_CLIENT
    ? _("Protocol, local address and port, remote address and port: the 5-tuple that names this connection")
    : NULL;
  const char *old_tooltip = gtk_widget_get_tooltip_text (GTK_WIDGET (self->status_label));

  gtk_label_set_text (self->status_label, status ? status : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), status != NULL);
  /* Only when it changes: GTK 4.8 asks the X server where the pointer is
   * on every set (a round trip). */
  if (g_strcmp0 (old_tooltip, tooltip) != 0)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_label), tooltip);

  sp_inline_message_show (self->error_label, sp_endpoint_get_error_message (endpoint));

  /* The note lasts until the endpoint opens its sockets again. */
  if (sp_endpoint_get_state (endpoint) != SP_ENDPOINT_STATE_STOPPED)
    self->reopened = FALSE;
  sp_inline_message_show (self->reopened_label,
                          self->reopened ? _("Closed and brought back: press Start to open it again") : NULL);
}

/* A relay sends nothing of its own. */
static void
update_relay_parts (SpPane *self)
{
  gboolean relay = sp_endpoint_kind_is_relay (sp_endpoint_get_kind (self->endpoint));

  gtk_widget_set_visible (GTK_WIDGET (self->composer), !relay);
}

static void
endpoint_kind_changed_cb (SpPane *self)
{
  update_relay_parts (self);
  update_title (self);
  update_state (self);
  g_signal_emit (self, signals[LAYOUT_CHANGED], 0);
}

/* A valid host and port were typed, or something else the saved layout
 * keeps changed (a relay's target, reply rules, the composer's ×N, timer
 * or chunk size). */
static void
address_changed_cb (SpPane *self)
{
  g_signal_emit (self, signals[LAYOUT_CHANGED], 0);
}

/* Kernel queues and TCP states --------------------------------------------- */

/* What the kernel holds: queues, TCP states, closed connections in
 * TIME_WAIT (polled by the monitor, also while stopped). */
static void
update_queues (SpPane *self)
{
  gtk_label_set_text (self->queue_label, sp_kernel_monitor_get_summary (self->kernel_monitor));
}

/* Actions and life cycle ------------------------------------------------- */

static void
copy_code_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SpPane *self = SP_PANE (widget);
  g_autofree char *code = sp_code_generate (self->endpoint,
                                            g_str_equal (action_name, "pane.copy-c") ? SP_CODE_C
                                                                                     : SP_CODE_PYTHON);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), code);
}

static void
save_received_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  sp_event_list_save_received (SP_PANE (widget)->event_list);
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  sp_composer_send (SP_PANE (widget)->composer);
}

static void
start_stop_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  sp_endpoint_settings_start_stop (SP_PANE (widget)->settings);
}

static void
focus_composer_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  gtk_widget_grab_focus (GTK_WIDGET (SP_PANE (widget)->composer));
}

static void
search_log_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  sp_event_list_set_search_visible (SP_PANE (widget)->event_list, TRUE);
}

static void
clear_log_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  sp_event_list_clear (SP_PANE (widget)->event_list);
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  g_signal_emit (widget, signals[CLOSE_REQUESTED], 0);
}

static void
sp_pane_constructed (GObject *object)
{
  SpPane *self = (SpPane *)object;
  /* Not n-connections: the status does not say it, and a storm of clients
   * would update it once per accept(). */
  static const char *state_properties[] = {
    "notify::state", "notify::local-address",
    "notify::remote-address", "notify::error-message",
  };

  G_OBJECT_CLASS (sp_pane_parent_class)->constructed (object);

  if (self->endpoint == NULL)
    self->endpoint = sp_endpoint_new (SP_ENDPOINT_KIND_TCP_SERVER);
  self->kernel_monitor = sp_kernel_monitor_new (self->endpoint, 0);
  g_signal_connect_object (self->kernel_monitor, "notify::summary",
                           G_CALLBACK (update_queues), self, G_CONNECT_SWAPPED);
  /* The parts get the endpoint through their bindings in sp-pane.ui. */
  g_object_notify_by_pspec (object, properties[PROP_ENDPOINT]);
  /* Reply rules are typed in the pane's Encoding, like the composer's text. */
  g_object_bind_property (self, "encoding", sp_endpoint_get_reply_rules (self->endpoint), "encoding",
                          G_BINDING_SYNC_CREATE);

  g_signal_connect_object (self->endpoint, "notify::kind",
                           G_CALLBACK (endpoint_kind_changed_cb), self, G_CONNECT_SWAPPED);
  /* A relay's target is part of the saved layout too (pane-targets). */
  g_signal_connect_object (self->endpoint, "notify::target-host",
                           G_CALLBACK (address_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->endpoint, "notify::target-port",
                           G_CALLBACK (address_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (sp_endpoint_get_reply_rules (self->endpoint), "changed",
                           G_CALLBACK (address_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->composer, "send-settings-changed",
                           G_CALLBACK (address_changed_cb), self, G_CONNECT_SWAPPED);
  for (guint i = 0; i < G_N_ELEMENTS (state_properties); i++)
    g_signal_connect_object (self->endpoint, state_properties[i],
                             G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);

  update_relay_parts (self);
  update_title (self);
  update_state (self);
  update_queues (self);
}

static void
sp_pane_dispose (GObject *object)
{
  SpPane *self = (SpPane *)object;

  if (self->endpoint != NULL)
    g_signal_handlers_disconnect_by_data (self->endpoint, self);
  g_clear_object (&self->kernel_monitor);

  sp_template_dispose (GTK_WIDGET (self), SP_TYPE_PANE);

  /* Stopping logs events: the parts that listened to them are gone. */
  if (self->endpoint != NULL)
    sp_endpoint_stop (self->endpoint);
  g_clear_object (&self->endpoint);

  G_OBJECT_CLASS (sp_pane_parent_class)->dispose (object);
}

static void
sp_pane_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  SpPane *self = SP_PANE (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      g_value_set_object (value, self->endpoint);
      break;

    case PROP_NUMBER:
      g_value_set_uint (value, self->number);
      break;

    case PROP_ENCODING:
      g_value_set_int (value, self->encoding);
      break;

    case PROP_TITLE:
      /* Asked by the header's binding before there is an endpoint. */
      g_value_take_string (value, self->endpoint ? sp_pane_dup_title (self) : NULL);
      break;

    case PROP_WALL_CLOCK:
      g_value_set_boolean (value, self->wall_clock);
      break;

    case PROP_BYTES_PER_LINE:
      g_value_set_uint (value, self->bytes_per_line);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_pane_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  SpPane *self = SP_PANE (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      self->endpoint = g_value_dup_object (value);
      break;

    case PROP_NUMBER:
      self->number = g_value_get_uint (value);
      break;

    case PROP_WALL_CLOCK:
      if (self->wall_clock != g_value_get_boolean (value))
        {
          self->wall_clock = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_BYTES_PER_LINE:
      if (self->bytes_per_line != g_value_get_uint (value) &&
          sp_hex_bytes_per_line_is_valid (g_value_get_uint (value)))
        {
          self->bytes_per_line = g_value_get_uint (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_ENCODING:
      if (self->encoding != (SpTextEncoding) g_value_get_int (value))
        {
          self->encoding = g_value_get_int (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_pane_class_init (SpPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sp_pane_constructed;
  object_class->dispose = sp_pane_dispose;
  object_class->get_property = sp_pane_get_property;
  object_class->set_property = sp_pane_set_property;

  properties[PROP_ENDPOINT] =
    g_param_spec_object ("endpoint", NULL, NULL, SP_TYPE_ENDPOINT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NUMBER] =
    g_param_spec_uint ("number", NULL, NULL, 0, G_MAXUINT, 1,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ENCODING] = sp_display_prop_encoding ();
  properties[PROP_WALL_CLOCK] = sp_display_prop_wall_clock ();
  properties[PROP_BYTES_PER_LINE] = sp_display_prop_bytes_per_line ();
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CLOSE_REQUESTED] =
    g_signal_new ("close-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[LAYOUT_CHANGED] =
    g_signal_new ("layout-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (SP_TYPE_ADDRESS_LIST);
  g_type_ensure (SP_TYPE_COMPOSER);
  g_type_ensure (SP_TYPE_ENDPOINT_SETTINGS);
  g_type_ensure (SP_TYPE_EVENT_LIST);
  g_type_ensure (SP_TYPE_PANE_HEADER);
  g_type_ensure (SP_TYPE_PEER_LIST);
  g_type_ensure (SP_TYPE_REPLY_RULES_BANNER);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/sp-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, SpPane, settings);
  gtk_widget_class_bind_template_child (widget_class, SpPane, status_label);
  gtk_widget_class_bind_template_child (widget_class, SpPane, queue_label);
  gtk_widget_class_bind_template_child (widget_class, SpPane, error_label);
  gtk_widget_class_bind_template_child (widget_class, SpPane, reopened_label);
  gtk_widget_class_bind_template_child (widget_class, SpPane, event_list);
  gtk_widget_class_bind_template_child (widget_class, SpPane, composer);
  gtk_widget_class_bind_template_callback (widget_class, address_changed_cb);

  gtk_widget_class_install_action (widget_class, "pane.close", NULL, close_action);
  gtk_widget_class_install_action (widget_class, "pane.copy-python", NULL, copy_code_action);
  gtk_widget_class_install_action (widget_class, "pane.copy-c", NULL, copy_code_action);
  gtk_widget_class_install_action (widget_class, "pane.save-received", NULL, save_received_action);
  gtk_widget_class_install_action (widget_class, "pane.clear-log", NULL, clear_log_action);
  gtk_widget_class_install_action (widget_class, "pane.search-log", NULL, search_log_action);
  gtk_widget_class_install_action (widget_class, "pane.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "pane.start-stop", NULL, start_stop_action);
  gtk_widget_class_install_action (widget_class, "pane.focus-composer", NULL, focus_composer_action);
  /* These act on the pane that has the keyboard focus. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "pane.send", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "pane.send", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "pane.start-stop", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "pane.focus-composer", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "pane.clear-log", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "pane.search-log", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "pane.close", NULL);

  gtk_widget_class_set_css_name (widget_class, "pane");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
sp_pane_init (SpPane *self)
{
  /* Before the template: its event list binds to it. */
  self->bytes_per_line = SP_HEX_BYTES_PER_LINE;
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
sp_pane_new (SpEndpoint *endpoint,
             guint       number)
{
  return g_object_new (SP_TYPE_PANE, "endpoint", endpoint, "number", number, NULL);
}

SpEndpoint *
sp_pane_get_endpoint (SpPane *self)
{
  g_return_val_if_fail (SP_IS_PANE (self), NULL);
  return self->endpoint;
}

guint
sp_pane_get_number (SpPane *self)
{
  g_return_val_if_fail (SP_IS_PANE (self), 0);
  return self->number;
}

void
sp_pane_get_composer (SpPane         *self,
                      SpTextEncoding *encoding,
                      char          **message,
                      gboolean       *send_as_hex)
{
  g_return_if_fail (SP_IS_PANE (self));

  *encoding = self->encoding;
  *message = sp_composer_dup_message (self->composer, send_as_hex);
}

void
sp_pane_set_composer (SpPane         *self,
                      SpTextEncoding  encoding,
                      const char     *message,
                      gboolean        send_as_hex)
{
  g_return_if_fail (SP_IS_PANE (self));

  sp_composer_set_encoding (self->composer, encoding);
  sp_composer_set_message (self->composer, message, send_as_hex);
}

SpComposer *
sp_pane_get_composer_widget (SpPane *self)
{
  g_return_val_if_fail (SP_IS_PANE (self), NULL);
  return self->composer;
}

/* An undone close: the log is back, the sockets are not; say so. */
void
sp_pane_set_reopened (SpPane   *self,
                      gboolean  reopened)
{
  g_return_if_fail (SP_IS_PANE (self));

  self->reopened = !!reopened;
  update_state (self);
}

gboolean
sp_pane_get_reopened (SpPane *self)
{
  g_return_val_if_fail (SP_IS_PANE (self), FALSE);
  return self->reopened;
}

void
sp_pane_select_event (SpPane  *self,
                      SpEvent *event)
{
  g_return_if_fail (SP_IS_PANE (self));

  sp_event_list_select_event (self->event_list, event);
}
