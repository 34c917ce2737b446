/* sp-socket-options.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sp-endpoint-watch.h"
#include "sp-inline-message.h"
#include "sp-reply-rules-editor.h"
#include "sp-socket-options.h"
#include "sp-template.h"

struct _SpSocketOptions
{
  GtkWidget        parent_instance;

  SpEndpointWatch  watch;

  GtkCheckButton  *udp_connect_check;
  GtkCheckButton  *reuse_check;
  GtkCheckButton  *echo_check;
  GtkButton       *rules_button;
  /* On the endpoint's reply rules: the button counts them. */
  GSignalGroup    *rules_signals;
  GtkWidget       *drop_label;
  GtkSpinButton   *drop_spin;
  GtkWidget       *idle_label;
  GtkWidget       *send_mode_label;
  GtkSpinButton   *idle_spin;
  GtkSpinButton   *read_size_spin;
  GtkCheckButton  *nodelay_check;
  GtkSpinButton   *rcvbuf_spin;
  GtkSpinButton   *sndbuf_spin;
  GtkDropDown     *send_mode_dropdown;
  GtkCheckButton  *broadcast_check;
  GtkWidget       *group_label;
  GtkEntry        *group_entry;
  GtkWidget       *interface_label;
  GtkEntry        *interface_entry;
  GtkLabel        *multicast_error_label;
  /* Set while the entries show the endpoint's values: their "changed"
   * (first to "", then to the value) must not write back. */
  gboolean         showing;
};

enum {
  PROP_0,
  PROP_ENDPOINT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SpSocketOptions, sp_socket_options, GTK_TYPE_WIDGET)

static void
update_cb (SpSocketOptions *self)
{
  SpEndpoint *endpoint = self->watch.endpoint;
  SpEndpointKind kind = sp_endpoint_get_kind (endpoint);
  gboolean stopped = sp_endpoint_get_state (endpoint) == SP_ENDPOINT_STATE_STOPPED;

  /* These act on socket(), bind() and connect(): fixed once running. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->udp_connect_check), stopped);
  gtk_widget_set_sensitive (GTK_WIDGET (self->reuse_check), stopped);
  gtk_widget_set_visible (GTK_WIDGET (self->udp_connect_check), kind == SP_ENDPOINT_KIND_UDP_CLIENT);
  gtk_widget_set_visible (GTK_WIDGET (self->reuse_check),
                          kind == SP_ENDPOINT_KIND_TCP_SERVER || kind == SP_ENDPOINT_KIND_TCP_RELAY);
  /* A relay passes what it receives on, never back. */
  gtk_widget_set_visible (GTK_WIDGET (self->echo_check),
                          sp_endpoint_is_server (endpoint) && !sp_endpoint_kind_is_relay (kind));
  /* A relay passes every byte on: always sendall() (TCP), one datagram
   * whole (UDP). */
  gtk_widget_set_visible (self->send_mode_label, !sp_endpoint_kind_is_relay (kind));
  gtk_widget_set_visible (GTK_WIDGET (self->send_mode_dropdown), !sp_endpoint_kind_is_relay (kind));
  gtk_widget_set_visible (self->idle_label, kind == SP_ENDPOINT_KIND_UDP_RELAY);
  gtk_widget_set_visible (GTK_WIDGET (self->idle_spin), kind == SP_ENDPOINT_KIND_UDP_RELAY);
  gtk_widget_set_visible (GTK_WIDGET (self->rules_button),
                          kind == SP_ENDPOINT_KIND_TCP_SERVER || kind == SP_ENDPOINT_KIND_UDP_SERVER);
  gtk_widget_set_visible (GTK_WIDGET (self->nodelay_check), !sp_endpoint_is_datagram (endpoint));
  gtk_widget_set_visible (self->drop_label, sp_endpoint_is_datagram (endpoint));
  gtk_widget_set_visible (GTK_WIDGET (self->drop_spin), sp_endpoint_is_datagram (endpoint));

  gtk_widget_set_visible (GTK_WIDGET (self->broadcast_check), kind == SP_ENDPOINT_KIND_UDP_CLIENT);
  gtk_widget_set_visible (self->group_label, kind == SP_ENDPOINT_KIND_UDP_SERVER);
  gtk_widget_set_visible (GTK_WIDGET (self->group_entry), kind == SP_ENDPOINT_KIND_UDP_SERVER);
  /* A UDP relay's sockets send to its target, never to a group. */
  gtk_widget_set_visible (self->interface_label, sp_endpoint_is_datagram (endpoint) && kind != SP_ENDPOINT_KIND_UDP_RELAY);
  gtk_widget_set_visible (GTK_WIDGET (self->interface_entry),
                          sp_endpoint_is_datagram (endpoint) && kind != SP_ENDPOINT_KIND_UDP_RELAY);
  /* Joined after bind(), left on Stop: changes wait for the next Start. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->group_entry), stopped);
  gtk_widget_set_sensitive (GTK_WIDGET (self->interface_entry), stopped);
  if (!sp_endpoint_is_datagram (endpoint))
    sp_inline_message_show (self->multicast_error_label, NULL);
}

/* Shows what the endpoint has, unless the entry says the same already
 * (with its own spaces) or holds text the endpoint refused. */
static void
show_text (SpSocketOptions *self,
           GtkEntry        *entry,
           const char      *value)
{
  g_autofree char *current = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));

  if (g_strcmp0 (current, value ? value : "") == 0 || gtk_widget_has_css_class (GTK_WIDGET (entry), "error"))
    return;

  self->showing = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (entry), value ? value : "");
  self->showing = FALSE;
}

static void
multicast_notify_cb (SpSocketOptions *self)
{
  show_text (self, self->group_entry, sp_endpoint_get_multicast_group (self->watch.endpoint));
  show_text (self, self->interface_entry, sp_endpoint_get_multicast_interface (self->watch.endpoint));
}

/* Only a valid group or interface reaches the endpoint; anything else
 * stays in the entry, marked, with the reason below it. */
static void
multicast_changed_cb (SpSocketOptions *self)
{
  const char *group = gtk_editable_get_text (GTK_EDITABLE (self->group_entry));
  const char *interface = gtk_editable_get_text (GTK_EDITABLE (self->interface_entry));
  g_autofree char *group_stripped = g_strstrip (g_strdup (group));
  g_autofree char *interface_stripped = g_strstrip (g_strdup (interface));
  g_autoptr(GError) group_error = NULL;
  g_autoptr(GError) interface_error = NULL;
  gboolean group_ok = sp_endpoint_check_multicast_group (group_stripped, &group_error);
  gboolean interface_ok = sp_endpoint_check_multicast_interface (interface_stripped, &interface_error);

  if (self->showing)
    return;

  sp_inline_message_mark_entry (GTK_WIDGET (self->group_entry), !group_ok);
  sp_inline_message_mark_entry (GTK_WIDGET (self->interface_entry), !interface_ok);
  sp_inline_message_show (self->multicast_error_label,
                          !group_ok ? group_error->message
                          : !interface_ok ? interface_error->message : NULL);

  if (self->watch.endpoint == NULL)
    return;
  if (group_ok)
    sp_endpoint_set_multicast_group (self->watch.endpoint, group_stripped);
  if (interface_ok)
    sp_endpoint_set_multicast_interface (self->watch.endpoint, interface_stripped);
}

static void
send_mode_selected_cb (SpSocketOptions *self)
{
  if (self->watch.endpoint != NULL)
    sp_endpoint_set_send_mode (self->watch.endpoint, gtk_drop_down_get_selected (self->send_mode_dropdown));
}

static void
update_rules_button (SpSocketOptions *self)
{
  guint n = self->watch.endpoint ? sp_reply_rules_get_n_rules (sp_endpoint_get_reply_rules (self->watch.endpoint)) : 0;
  g_autofree char *label = NULL;

  if (n == 0)
    label = g_strdup (_("Reply Rules…"));
  else
    /* TRANSLATORS: a button; %u is how many reply rules the pane has */
    label = g_strdup_printf (_("Reply Rules (%u)…"), n);
  gtk_button_set_label (self->rules_button, label);
  /* set_label() names the button after its text; keep the plain name. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->rules_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Reply rules"), -1);
}

static void
rules_clicked_cb (SpSocketOptions *self)
{
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_POPOVER);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWindow *editor;

  if (self->watch.endpoint == NULL)
    return;
  if (popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (popover));

  editor = sp_reply_rules_editor_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->watch.endpoint);
  gtk_window_present (editor);
}

static void
show_endpoint (GtkWidget *widget)
{
  SpSocketOptions *self = SP_SOCKET_OPTIONS (widget);

  g_signal_group_set_target (self->rules_signals, sp_endpoint_get_reply_rules (self->watch.endpoint));
  update_rules_button (self);

  gtk_drop_down_set_selected (self->send_mode_dropdown, sp_endpoint_get_send_mode (self->watch.endpoint));
  /* Another pane's endpoint: what was typed for the last one goes. */
  sp_inline_message_mark_entry (GTK_WIDGET (self->group_entry), FALSE);
  sp_inline_message_mark_entry (GTK_WIDGET (self->interface_entry), FALSE);
  multicast_notify_cb (self);
  update_cb (self);
}

static void
sp_socket_options_dispose (GObject *object)
{
  SpSocketOptions *self = (SpSocketOptions *)object;

  sp_endpoint_watch_clear (&self->watch);
  g_clear_object (&self->rules_signals);
  sp_template_dispose (GTK_WIDGET (self), SP_TYPE_SOCKET_OPTIONS);

  G_OBJECT_CLASS (sp_socket_options_parent_class)->dispose (object);
}

static void
sp_socket_options_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SpSocketOptions *self = SP_SOCKET_OPTIONS (object);

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
sp_socket_options_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SpSocketOptions *self = SP_SOCKET_OPTIONS (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      sp_socket_options_set_endpoint (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_socket_options_class_init (SpSocketOptionsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sp_socket_options_dispose;
  object_class->get_property = sp_socket_options_get_property;
  object_class->set_property = sp_socket_options_set_property;

  properties[PROP_ENDPOINT] =
    g_param_spec_object ("endpoint", NULL, NULL, SP_TYPE_ENDPOINT,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/sp-socket-options.ui");
  gtk_widget_class_bind_template_child (widget_class, SpSocketOptions, udp_connect_check);
  gtk_widget_class_bind_template_child (widget_class, SpSocketOptions, reuse_check);
  gtk_widget_class_bind_template_child (widget_class, SpSocketOptions, echo_check);
  gtk_widget_class_bind_template_child (widget_class, SpSocketOptions, rules_button);
  gtk_widget_class_bind_template_child (widget_class, SpSocketOptions, drop_label);
  gtk_widget_class_bind_template_child (widget_class, SpSocketOptions, drop_spin);
  gtk_widget_class_bind_template_child (widget_class, SpSocketOptions, idle_label);
  gtk_widget_class_bind_template_child (widget_class, SpSocketOptions, send_mode_label);
  gtk_widget_class_bind_template_child (widget_class, SpSocketOptions, idle_spin);
  gtk_widget_class_bind_template_child (widget_class, SpSocketOptions, read_size_spin);
  gtk_widget_class_bind_template_child (widget_class, SpSocketOptions, nodelay_check);
  gtk_widget_class_bind_template_child (widget_class, SpSocketOptions, rcvbuf_spin);
  gtk_widget_class_bind_template_child (widget_class, SpSocketOptions, sndbuf_spin);
  gtk_widget_class_bind_template_child (widget_class, SpSocketOptions, send_mode_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SpSocketOptions, broadcast_check);
  gtk_widget_class_bind_template_child (widget_class, SpSocketOptions, group_label);
  gtk_widget_class_bind_template_child (widget_class, SpSocketOptions, group_entry);
  gtk_widget_class_bind_template_child (widget_class, SpSocketOptions, interface_label);
  gtk_widget_class_bind_template_child (widget_class, SpSocketOptions, interface_entry);
  gtk_widget_class_bind_template_child (widget_class, SpSocketOptions, multicast_error_label);
  gtk_widget_class_bind_template_callback (widget_class, send_mode_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, multicast_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, rules_clicked_cb);

  gtk_widget_class_set_css_name (widget_class, "socketoptions");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
bind_to_spin (GBindingGroup *bindings,
              const char    *property,
              GtkSpinButton *spin)
{
  g_binding_group_bind (bindings, property, gtk_spin_button_get_adjustment (spin), "value",
                        G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
}

/* The idle timeout is kept in milliseconds and typed in seconds. */
static gboolean
msec_to_seconds (GBinding     *binding,
                 const GValue *from,
                 GValue       *to,
                 gpointer      user_data)
{
  g_value_set_double (to, g_value_get_uint (from) / 1000.0);
  return TRUE;
}

static gboolean
seconds_to_msec (GBinding     *binding,
                 const GValue *from,
                 GValue       *to,
                 gpointer      user_data)
{
  g_value_set_uint (to, (guint) (g_value_get_double (from) * 1000.0 + 0.5));
  return TRUE;
}

static void
sp_socket_options_init (SpSocketOptions *self)
{
  GBindingGroup *bindings;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->rules_signals = g_signal_group_new (SP_TYPE_REPLY_RULES);
  g_signal_group_connect_swapped (self->rules_signals, "notify::n-rules",
                                  G_CALLBACK (update_rules_button), self);
  sp_endpoint_watch_init (&self->watch, GTK_WIDGET (self), properties[PROP_ENDPOINT], show_endpoint);

  bindings = self->watch.bindings;
  g_binding_group_bind (bindings, "udp-connect", self->udp_connect_check, "active",
                        G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_binding_group_bind (bindings, "reuse-address", self->reuse_check, "active",
                        G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_binding_group_bind (bindings, "echo", self->echo_check, "active",
                        G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_binding_group_bind (bindings, "no-delay", self->nodelay_check, "active",
                        G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_binding_group_bind (bindings, "broadcast", self->broadcast_check, "active",
                        G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  bind_to_spin (bindings, "read-size", self->read_size_spin);
  bind_to_spin (bindings, "rcvbuf", self->rcvbuf_spin);
  bind_to_spin (bindings, "sndbuf", self->sndbuf_spin);
  bind_to_spin (bindings, "drop-percent", self->drop_spin);
  g_binding_group_bind_full (bindings, "relay-idle-timeout", gtk_spin_button_get_adjustment (self->idle_spin),
                             "value", G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL,
                             msec_to_seconds, seconds_to_msec, NULL, NULL);

  g_signal_group_connect_swapped (self->watch.signals, "notify::kind", G_CALLBACK (update_cb), self);
  g_signal_group_connect_swapped (self->watch.signals, "notify::state", G_CALLBACK (update_cb), self);
  g_signal_group_connect_swapped (self->watch.signals, "notify::multicast-group",
                                  G_CALLBACK (multicast_notify_cb), self);
  g_signal_group_connect_swapped (self->watch.signals, "notify::multicast-interface",
                                  G_CALLBACK (multicast_notify_cb), self);
}

GtkWidget *
sp_socket_options_new (void)
{
  return g_object_new (SP_TYPE_SOCKET_OPTIONS, NULL);
}

SpEndpoint *
sp_socket_options_get_endpoint (SpSocketOptions *self)
{
  g_return_val_if_fail (SP_IS_SOCKET_OPTIONS (self), NULL);
  return self->watch.endpoint;
}

void
sp_socket_options_set_endpoint (SpSocketOptions *self,
                                SpEndpoint      *endpoint)
{
  g_return_if_fail (SP_IS_SOCKET_OPTIONS (self));

  sp_endpoint_watch_set_endpoint (&self->watch, endpoint);
}
