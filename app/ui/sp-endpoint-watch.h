/* sp-endpoint-watch.h: the endpoint side of a pane's part: the endpoint
 * it shows, the handlers it has on it and the properties it binds to it,
 * all moved at once when the part is given another endpoint
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sp-endpoint.h"

G_BEGIN_DECLS

typedef struct {
  GtkWidget      *widget;
  GParamSpec     *pspec;
  void          (*show) (GtkWidget *widget);
  SpEndpoint     *endpoint;
  /* Connect to these in init; they follow the endpoint. */
  GSignalGroup   *signals;
  GBindingGroup  *bindings;
} SpEndpointWatch;

/* @pspec is @widget's "endpoint" property, notified on a change; @show
 * (may be NULL) makes @widget show a new endpoint, before its handlers
 * hear from it. */
void        sp_endpoint_watch_init         (SpEndpointWatch  *self,
                                            GtkWidget        *widget,
                                            GParamSpec       *pspec,
                                            void            (*show) (GtkWidget *widget));
/* For dispose(). */
void        sp_endpoint_watch_clear        (SpEndpointWatch  *self);
void        sp_endpoint_watch_set_endpoint (SpEndpointWatch  *self,
                                            SpEndpoint       *endpoint);

G_END_DECLS
