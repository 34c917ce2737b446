/* sp-address-list.c: a wildcard server's addresses for other computers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sp-address-list.h"
#include "sp-endpoint-watch.h"
#include "sp-local-addresses.h"
#include "sp-net-input.h"
#include "sp-template.h"

struct _SpAddressList
{
  GtkWidget        parent_instance;

  SpEndpointWatch  watch;
  GNetworkMonitor *monitor;
  gulong           network_changed_id;

  GtkLabel        *address_heading_label;
  GtkLabel        *address_copied_label;
  GtkButton       *address_refresh_button;
  GtkWidget       *address_scroller;
  GtkListBox      *address_list_box;
  GtkLabel        *no_address_label;
};

enum {
  PROP_0,
  PROP_ENDPOINT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SpAddressList, sp_address_list, GTK_TYPE_WIDGET)

/* Bound to 0.0.0.0: IPv4 only. Bound to :: (GSocket clears IPV6_V6ONLY):
 * IPv4 and IPv6. Anything else (a real address, a name): no list. */
static GSocketFamily
wildcard_family (SpEndpoint *endpoint)
{
  const char *host = sp_endpoint_get_host (endpoint);
  g_autoptr(GInetAddress) address = NULL;

  if (!sp_net_host_is_wildcard (host))
    return G_SOCKET_FAMILY_INVALID;

  address = g_inet_address_new_from_string (host);
  return address != NULL ? g_inet_address_get_family (address) : G_SOCKET_FAMILY_INVALID;
}

static gboolean
should_show (SpAddressList *self)
{
  SpEndpoint *endpoint = self->watch.endpoint;

  return endpoint != NULL && sp_endpoint_is_server (endpoint) &&
         sp_endpoint_get_state (endpoint) == SP_ENDPOINT_STATE_RUNNING &&
         sp_endpoint_get_bound_port (endpoint) != 0 &&
         wildcard_family (endpoint) != G_SOCKET_FAMILY_INVALID;
}

static void
copy_clicked_cb (GtkButton     *button,
                 SpAddressList *self)
{
  const char *text = g_object_get_data (G_OBJECT (button), "sp-address");
  g_autofree char *copied = NULL;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  /* TRANSLATORS: %s is what was copied, e.g. "192.168.1.5:8081" */
  copied = g_strdup_printf (_("Copied %s"), text);
  gtk_label_set_text (self->address_copied_label, copied);
  gtk_widget_set_visible (GTK_WIDGET (self->address_copied_label), TRUE);
}

static GtkWidget *
make_row (SpAddressList        *self,
          const SpLocalAddress *address,
          guint                 port)
{
  g_autofree char *text = sp_local_address_with_port (address, port);
  g_autofree char *copy_name = NULL;
  GtkWidget *box, *label, *interface, *button, *row;

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  label = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_set_tooltip_text (label, text);
  gtk_widget_add_css_class (label, "monospace");
  gtk_box_append (GTK_BOX (box), label);

  interface = gtk_label_new (address->interface);
  gtk_widget_add_css_class (interface, "caption");
  gtk_widget_add_css_class (interface, "dim-label");
  gtk_box_append (GTK_BOX (box), interface);

  button = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  /* TRANSLATORS: a button's name; %s is an address with its port, e.g.
   * "192.168.1.5:8081", then the network interface, e.g. "eth0" */
  copy_name = g_strdup_printf (_("Copy %s (%s)"), text, address->interface);
  gtk_widget_set_tooltip_text (button, copy_name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, copy_name, -1);
  g_object_set_data_full (G_OBJECT (button), "sp-address", g_steal_pointer (&text), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (copy_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), button);

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

static void
clear_rows (SpAddressList *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->address_list_box))) != NULL)
    gtk_list_box_remove (self->address_list_box, child);
}

void
sp_address_list_refresh (SpAddressList *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) addresses = NULL;
  guint port;

  g_return_if_fail (SP_IS_ADDRESS_LIST (self));

  clear_rows (self);
  gtk_widget_set_visible (GTK_WIDGET (self->address_copied_label), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self), should_show (self));
  if (!should_show (self))
    return;

  port = sp_endpoint_get_bound_port (self->watch.endpoint);
  addresses = sp_local_addresses_list (wildcard_family (self->watch.endpoint), &error);
  if (addresses != NULL)
    for (guint i = 0; i < addresses->len; i++)
      gtk_list_box_append (self->address_list_box, make_row (self, g_ptr_array_index (addresses, i), port));

  gtk_widget_set_visible (self->address_scroller, addresses != NULL && addresses->len > 0);
  /* A scrollbar's own minimum height would leave a short list a blank
   * row: scroll only a list longer than the pane should give room to. */
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->address_scroller), GTK_POLICY_NEVER,
                                  addresses != NULL && addresses->len > 2 ? GTK_POLICY_AUTOMATIC
                                                                          : GTK_POLICY_NEVER);
  if (error != NULL)
    gtk_label_set_text (self->no_address_label, error->message);
  else if (addresses->len == 0)
    gtk_label_set_text (self->no_address_label,
                        _("This computer has no network address besides loopback (127.0.0.1): "
                          "other computers cannot reach it until it joins a network."));
  gtk_widget_set_visible (GTK_WIDGET (self->no_address_label), error != NULL || addresses->len == 0);
}

static void
refresh_clicked_cb (SpAddressList *self)
{
  sp_address_list_refresh (self);
}

static void
update_cb (SpAddressList *self)
{
  sp_address_list_refresh (self);
}

static void
network_changed_cb (SpAddressList *self)
{
  if (gtk_widget_get_visible (GTK_WIDGET (self)))
    sp_address_list_refresh (self);
}

static void
show_endpoint (GtkWidget *widget)
{
  sp_address_list_refresh (SP_ADDRESS_LIST (widget));
}

/* Life cycle --------------------------------------------------------------- */

static void
sp_address_list_dispose (GObject *object)
{
  SpAddressList *self = (SpAddressList *)object;

  sp_endpoint_watch_clear (&self->watch);
  g_clear_signal_handler (&self->network_changed_id, self->monitor);
  g_clear_object (&self->monitor);
  sp_template_dispose (GTK_WIDGET (self), SP_TYPE_ADDRESS_LIST);

  G_OBJECT_CLASS (sp_address_list_parent_class)->dispose (object);
}

static void
sp_address_list_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SpAddressList *self = SP_ADDRESS_LIST (object);

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
sp_address_list_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  SpAddressList *self = SP_ADDRESS_LIST (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      sp_address_list_set_endpoint (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_address_list_class_init (SpAddressListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sp_address_list_dispose;
  object_class->get_property = sp_address_list_get_property;
  object_class->set_property = sp_address_list_set_property;

  properties[PROP_ENDPOINT] =
    g_param_spec_object ("endpoint", NULL, NULL, SP_TYPE_ENDPOINT,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/sp-address-list.ui");
  gtk_widget_class_bind_template_child (widget_class, SpAddressList, address_heading_label);
  gtk_widget_class_bind_template_child (widget_class, SpAddressList, address_copied_label);
  gtk_widget_class_bind_template_child (widget_class, SpAddressList, address_refresh_button);
  gtk_widget_class_bind_template_child (widget_class, SpAddressList, address_scroller);
  gtk_widget_class_bind_template_child (widget_class, SpAddressList, address_list_box);
  gtk_widget_class_bind_template_child (widget_class, SpAddressList, no_address_label);
  gtk_widget_class_bind_template_callback (widget_class, refresh_clicked_cb);

  gtk_widget_class_set_css_name (widget_class, "addresslist");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
sp_address_list_init (SpAddressList *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("This computer’s addresses"), -1);

  self->monitor = g_object_ref (g_network_monitor_get_default ());
  self->network_changed_id = g_signal_connect_swapped (self->monitor, "network-changed",
                                                       G_CALLBACK (network_changed_cb), self);

  sp_endpoint_watch_init (&self->watch, GTK_WIDGET (self), properties[PROP_ENDPOINT], show_endpoint);
  g_signal_group_connect_swapped (self->watch.signals, "notify::kind", G_CALLBACK (update_cb), self);
  g_signal_group_connect_swapped (self->watch.signals, "notify::state", G_CALLBACK (update_cb), self);
  g_signal_group_connect_swapped (self->watch.signals, "notify::host", G_CALLBACK (update_cb), self);
  g_signal_group_connect_swapped (self->watch.signals, "notify::bound-port", G_CALLBACK (update_cb), self);
}

GtkWidget *
sp_address_list_new (void)
{
  return g_object_new (SP_TYPE_ADDRESS_LIST, NULL);
}

SpEndpoint *
sp_address_list_get_endpoint (SpAddressList *self)
{
  g_return_val_if_fail (SP_IS_ADDRESS_LIST (self), NULL);
  return self->watch.endpoint;
}

void
sp_address_list_set_endpoint (SpAddressList *self,
                              SpEndpoint    *endpoint)
{
  g_return_if_fail (SP_IS_ADDRESS_LIST (self));
  sp_endpoint_watch_set_endpoint (&self->watch, endpoint);
}
