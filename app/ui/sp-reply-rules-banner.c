/* sp-reply-rules-banner.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sp-reply-rules-banner.h"
#include "sp-template.h"

struct _SpReplyRulesBanner
{
  GtkWidget     parent_instance;

  SpEndpoint   *endpoint;
  GSignalGroup *signals;

  GtkLabel     *message_label;
};

enum {
  PROP_0,
  PROP_ENDPOINT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SpReplyRulesBanner, sp_reply_rules_banner, GTK_TYPE_WIDGET)

static void
update (SpReplyRulesBanner *self)
{
  SpReplyRules *rules = self->endpoint ? sp_endpoint_get_reply_rules (self->endpoint) : NULL;
  gboolean paused = rules != NULL && sp_reply_rules_get_paused (rules);

  gtk_label_set_text (self->message_label, paused ? sp_reply_rules_get_pause_message (rules) : "");
  gtk_widget_set_visible (GTK_WIDGET (self), paused);
}

static void
resume_clicked_cb (SpReplyRulesBanner *self)
{
  if (self->endpoint != NULL)
    sp_reply_rules_resume (sp_endpoint_get_reply_rules (self->endpoint));
}

static void
sp_reply_rules_banner_dispose (GObject *object)
{
  SpReplyRulesBanner *self = (SpReplyRulesBanner *)object;

  g_clear_object (&self->signals);
  g_clear_object (&self->endpoint);
  sp_template_dispose (GTK_WIDGET (self), SP_TYPE_REPLY_RULES_BANNER);

  G_OBJECT_CLASS (sp_reply_rules_banner_parent_class)->dispose (object);
}

static void
sp_reply_rules_banner_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  SpReplyRulesBanner *self = SP_REPLY_RULES_BANNER (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      g_value_set_object (value, self->endpoint);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_reply_rules_banner_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  SpReplyRulesBanner *self = SP_REPLY_RULES_BANNER (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      sp_reply_rules_banner_set_endpoint (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_reply_rules_banner_class_init (SpReplyRulesBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sp_reply_rules_banner_dispose;
  object_class->get_property = sp_reply_rules_banner_get_property;
  object_class->set_property = sp_reply_rules_banner_set_property;

  properties[PROP_ENDPOINT] =
    g_param_spec_object ("endpoint", NULL, NULL, SP_TYPE_ENDPOINT,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/sockplay/SocketPlayground/sp-reply-rules-banner.ui");
  gtk_widget_class_bind_template_child (widget_class, SpReplyRulesBanner, message_label);
  gtk_widget_class_bind_template_callback (widget_class, resume_clicked_cb);

  gtk_widget_class_set_css_name (widget_class, "replyrulesbanner");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
sp_reply_rules_banner_init (SpReplyRulesBanner *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Reply rules paused"), -1);

  self->signals = g_signal_group_new (SP_TYPE_REPLY_RULES);
  g_signal_group_connect_swapped (self->signals, "notify::paused", G_CALLBACK (update), self);
  g_signal_group_connect_swapped (self->signals, "notify::pause-message", G_CALLBACK (update), self);
}

SpEndpoint *
sp_reply_rules_banner_get_endpoint (SpReplyRulesBanner *self)
{
  g_return_val_if_fail (SP_IS_REPLY_RULES_BANNER (self), NULL);
  return self->endpoint;
}

void
sp_reply_rules_banner_set_endpoint (SpReplyRulesBanner *self,
                                    SpEndpoint         *endpoint)
{
  g_return_if_fail (SP_IS_REPLY_RULES_BANNER (self));

  if (!g_set_object (&self->endpoint, endpoint))
    return;

  g_signal_group_set_target (self->signals, endpoint ? sp_endpoint_get_reply_rules (endpoint) : NULL);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENDPOINT]);
}
