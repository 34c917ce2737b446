/* sp-pane-header.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sp-endpoint-watch.h"
#include "sp-pane-header.h"
#include "sp-socket-options.h"
#include "sp-template.h"
#include "sp-wrap-box.h"

struct _SpPaneHeader
{
  GtkWidget        parent_instance;

  SpEndpointWatch  watch;
  char            *title;
  gboolean         search_active;

  GtkLabel        *state_label;
  GtkMenuButton   *options_button;
  GtkPopover      *options_popover;
};

enum {
  PROP_0,
  PROP_ENDPOINT,
  PROP_TITLE,
  PROP_SEARCH_ACTIVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SpPaneHeader, sp_pane_header, GTK_TYPE_WIDGET)

/* The word in the badge: what the endpoint is doing. */
static const char *
state_badge (SpEndpoint *endpoint)
{
  SpEndpointKind kind = sp_endpoint_get_kind (endpoint);
  gboolean server = sp_endpoint_is_server (endpoint);

  switch (sp_endpoint_get_state (endpoint))
    {
    case SP_ENDPOINT_STATE_STARTING:
      return server ? _("Binding…") : _("Connecting…");

    case SP_ENDPOINT_STATE_RUNNING:
      if (kind == SP_ENDPOINT_KIND_TCP_SERVER)
        return _("Listening");
      else if (sp_endpoint_kind_is_relay (kind))
        return _("Relaying");
      else if (kind == SP_ENDPOINT_KIND_TCP_CLIENT || sp_endpoint_get_udp_connect (endpoint))
        return _("Connected");
      else
        return _("Bound");

    case SP_ENDPOINT_STATE_STOPPED:
    default:
      return _("Stopped");
    }
}

static void
update_badge_cb (SpPaneHeader *self)
{
  gboolean stopped = sp_endpoint_get_state (self->watch.endpoint) == SP_ENDPOINT_STATE_STOPPED;

  gtk_label_set_text (self->state_label, state_badge (self->watch.endpoint));
  gtk_widget_set_css_classes (GTK_WIDGET (self->state_label),
                              (const char *[]) { "state-badge",
                                                 stopped ? "stopped" : "running", NULL });
}

static void
show_endpoint (GtkWidget *widget)
{
  update_badge_cb (SP_PANE_HEADER (widget));
}

static void
sp_pane_header_dispose (GObject *object)
{
  SpPaneHeader *self = (SpPaneHeader *)object;

  sp_endpoint_watch_clear (&self->watch);
  sp_template_dispose (GTK_WIDGET (self), SP_TYPE_PANE_HEADER);
  g_clear_pointer (&self->title, g_free);

  G_OBJECT_CLASS (sp_pane_header_parent_class)->dispose (object);
}

static void
sp_pane_header_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SpPaneHeader *self = SP_PANE_HEADER (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      g_value_set_object (value, self->watch.endpoint);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_SEARCH_ACTIVE:
      g_value_set_boolean (value, self->search_active);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_pane_header_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SpPaneHeader *self = SP_PANE_HEADER (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      sp_pane_header_set_endpoint (self, g_value_get_object (value));
      break;

    case PROP_TITLE:
      sp_pane_header_set_title (self, g_value_get_string (value));
      break;

    case PROP_SEARCH_ACTIVE:
      if (self->search_active != g_value_get_boolean (value))
        {
          self->search_active = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The socket options are made when the menu first opens: two panes'
 * worth of them (thirty widgets each, a tooltip on most, and under GTK 4.8
 * on X11 each tooltip set costs a round trip to the X server) are not
 * made before the window's first frame. */
static void
options_popup_cb (GtkMenuButton *button,
                  gpointer       user_data)
{
  SpPaneHeader *self = user_data;
  GtkWidget *options;

  if (gtk_popover_get_child (self->options_popover) != NULL)
    return;

  options = sp_socket_options_new ();
  g_object_bind_property (self, "endpoint", options, "endpoint", G_BINDING_SYNC_CREATE);
  gtk_popover_set_child (self->options_popover, options);
}

static void
sp_pane_header_class_init (SpPaneHeaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sp_pane_header_dispose;
  object_class->get_property = sp_pane_header_get_property;
  object_class->set_property = sp_pane_header_set_property;

  properties[PROP_ENDPOINT] =
    g_param_spec_object ("endpoint", NULL, NULL, SP_TYPE_ENDPOINT,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* The search button: the pane shows its log's search while it is on. */
  properties[PROP_SEARCH_ACTIVE] =
    g_param_spec_boolean ("search-active", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SP_TYPE_WRAP_BOX);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/sp-pane-header.ui");
  gtk_widget_class_bind_template_child (widget_class, SpPaneHeader, state_label);
  gtk_widget_class_bind_template_child (widget_class, SpPaneHeader, options_button);
  gtk_widget_class_bind_template_child (widget_class, SpPaneHeader, options_popover);

  gtk_widget_class_set_css_name (widget_class, "paneheader");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
sp_pane_header_init (SpPaneHeader *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_menu_button_set_create_popup_func (self->options_button, options_popup_cb, self, NULL);

  sp_endpoint_watch_init (&self->watch, GTK_WIDGET (self), properties[PROP_ENDPOINT], show_endpoint);
  g_signal_group_connect_swapped (self->watch.signals, "notify::kind", G_CALLBACK (update_badge_cb), self);
  g_signal_group_connect_swapped (self->watch.signals, "notify::state", G_CALLBACK (update_badge_cb), self);
}

GtkWidget *
sp_pane_header_new (void)
{
  return g_object_new (SP_TYPE_PANE_HEADER, NULL);
}

SpEndpoint *
sp_pane_header_get_endpoint (SpPaneHeader *self)
{
  g_return_val_if_fail (SP_IS_PANE_HEADER (self), NULL);
  return self->watch.endpoint;
}

void
sp_pane_header_set_endpoint (SpPaneHeader *self,
                             SpEndpoint   *endpoint)
{
  g_return_if_fail (SP_IS_PANE_HEADER (self));

  sp_endpoint_watch_set_endpoint (&self->watch, endpoint);
}

const char *
sp_pane_header_get_title (SpPaneHeader *self)
{
  g_return_val_if_fail (SP_IS_PANE_HEADER (self), NULL);
  return self->title;
}

void
sp_pane_header_set_title (SpPaneHeader *self,
                          const char   *title)
{
  g_return_if_fail (SP_IS_PANE_HEADER (self));

  if (g_strcmp0 (self->title, title) == 0)
    return;

  g_free (self->title);
  self->title = g_strdup (title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}
