/* sp-endpoint-watch.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sp-endpoint-watch.h"

void
sp_endpoint_watch_init (SpEndpointWatch  *self,
                        GtkWidget        *widget,
                        GParamSpec       *pspec,
                        void            (*show) (GtkWidget *widget))
{
  *self = (SpEndpointWatch) {
    .widget = widget,
    .pspec = pspec,
    .show = show,
    .signals = g_signal_group_new (SP_TYPE_ENDPOINT),
    .bindings = g_binding_group_new (),
  };
}

void
sp_endpoint_watch_clear (SpEndpointWatch *self)
{
  if (self->signals != NULL)
    g_signal_group_set_target (self->signals, NULL);
  if (self->bindings != NULL)
    g_binding_group_set_source (self->bindings, NULL);
  g_clear_object (&self->signals);
  g_clear_object (&self->bindings);
  g_clear_object (&self->endpoint);
}

void
sp_endpoint_watch_set_endpoint (SpEndpointWatch *self,
                                SpEndpoint      *endpoint)
{
  g_return_if_fail (endpoint == NULL || SP_IS_ENDPOINT (endpoint));

  if (self->endpoint == endpoint)
    return;

  g_signal_group_set_target (self->signals, NULL);
  g_set_object (&self->endpoint, endpoint);
  g_binding_group_set_source (self->bindings, endpoint);
  if (endpoint != NULL && self->show != NULL)
    self->show (self->widget);
  g_signal_group_set_target (self->signals, endpoint);

  g_object_notify_by_pspec (G_OBJECT (self->widget), self->pspec);
}
