/* sp-endpoint-settings.c: what a pane sets on its endpoint — kind, host and
 * port, read size, send mode, pausing, simulated loss, echo — and the names
 * of the kinds in settings and lesson files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sp-core-enums.h"
#include "sp-endpoint-private.h"

SpEndpointKind
sp_endpoint_get_kind (SpEndpoint *self)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (self), 0);
  return self->kind;
}

void
sp_endpoint_set_kind (SpEndpoint     *self,
                      SpEndpointKind  kind)
{
  g_return_if_fail (SP_IS_ENDPOINT (self));

  if (self->kind == kind)
    return;

  /* A running socket cannot change what it is. */
  sp_endpoint_stop (self);
  self->kind = kind;
  self->io.is_server = sp_endpoint_is_server (self);
  _sp_endpoint_notify (self, PROP_KIND);
}

const char *
sp_endpoint_get_host (SpEndpoint *self)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (self), NULL);
  return self->host;
}

void
sp_endpoint_set_host (SpEndpoint *self,
                      const char *host)
{
  g_return_if_fail (SP_IS_ENDPOINT (self));
  _sp_endpoint_set_string (self, &self->host, host ? host : "", PROP_HOST);
}

guint
sp_endpoint_get_port (SpEndpoint *self)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (self), 0);
  return self->port;
}

void
sp_endpoint_set_port (SpEndpoint *self,
                      guint       port)
{
  g_return_if_fail (SP_IS_ENDPOINT (self));
  g_return_if_fail (port <= G_MAXUINT16);

  if (self->port == port)
    return;

  self->port = port;
  _sp_endpoint_notify (self, PROP_PORT);
}

guint
sp_endpoint_get_read_size (SpEndpoint *self)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (self), 0);
  return self->io.read_size;
}

void
sp_endpoint_set_read_size (SpEndpoint *self,
                           guint       read_size)
{
  g_return_if_fail (SP_IS_ENDPOINT (self));

  read_size = CLAMP (read_size, 1, SP_ENDPOINT_MAX_READ_SIZE);
  if (self->io.read_size == read_size)
    return;

  self->io.read_size = read_size;
  _sp_endpoint_notify (self, PROP_READ_SIZE);
}

gboolean
sp_endpoint_get_udp_connect (SpEndpoint *self)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (self), FALSE);
  return self->udp_connect;
}

void
sp_endpoint_set_udp_connect (SpEndpoint *self,
                             gboolean    udp_connect)
{
  g_return_if_fail (SP_IS_ENDPOINT (self));

  udp_connect = !!udp_connect;
  if (self->udp_connect == udp_connect)
    return;

  self->udp_connect = udp_connect;
  _sp_endpoint_notify (self, PROP_UDP_CONNECT);
}

SpSendMode
sp_endpoint_get_send_mode (SpEndpoint *self)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (self), 0);
  return self->io.send_mode;
}

void
sp_endpoint_set_send_mode (SpEndpoint *self,
                           SpSendMode  mode)
{
  g_return_if_fail (SP_IS_ENDPOINT (self));

  if (self->io.send_mode == mode)
    return;

  self->io.send_mode = mode;
  _sp_endpoint_notify (self, PROP_SEND_MODE);
}

gboolean
sp_endpoint_get_paused (SpEndpoint *self)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (self), FALSE);
  return self->io.paused;
}

void
sp_endpoint_set_paused (SpEndpoint *self,
                        gboolean    paused)
{
  guint n;

  g_return_if_fail (SP_IS_ENDPOINT (self));

  paused = !!paused;
  if (self->io.paused == paused)
    return;

  self->io.paused = paused;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->connections));

  if (sp_endpoint_is_datagram (self))
    _sp_endpoint_udp_set_paused (self, paused);
  else
    for (guint i = 0; i < n; i++)
      {
        g_autoptr(SpConnection) c = g_list_model_get_item (G_LIST_MODEL (self->connections), i);

        if (paused)
          sp_connection_stop_reading (c);
        else
          sp_connection_watch (c);
      }

  if (self->state == SP_ENDPOINT_STATE_RUNNING)
    _sp_endpoint_log (self, SP_EVENT_KIND_INFO, NULL,
                      paused ? _("Reading paused: no recv() calls; bytes wait in the kernel’s receive queue")
                             : _("Reading resumed"));

  _sp_endpoint_notify (self, PROP_PAUSED);
}

guint
sp_endpoint_get_drop_percent (SpEndpoint *self)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (self), 0);
  return self->io.drop_percent;
}

void
sp_endpoint_set_drop_percent (SpEndpoint *self,
                              guint       percent)
{
  g_return_if_fail (SP_IS_ENDPOINT (self));

  percent = MIN (percent, 100);
  if (self->io.drop_percent == percent)
    return;

  self->io.drop_percent = percent;
  _sp_endpoint_notify (self, PROP_DROP_PERCENT);
}

gboolean
sp_endpoint_get_echo (SpEndpoint *self)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (self), FALSE);
  return self->io.echo;
}

void
sp_endpoint_set_echo (SpEndpoint *self,
                      gboolean    echo)
{
  g_return_if_fail (SP_IS_ENDPOINT (self));

  echo = !!echo;
  if (self->io.echo == echo)
    return;

  self->io.echo = echo;
  _sp_endpoint_notify (self, PROP_ECHO);
}

const char *
sp_endpoint_kind_to_nick (SpEndpointKind kind)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (SP_TYPE_ENDPOINT_KIND);
  GEnumValue *value = g_enum_get_value (klass, kind);

  return value ? value->value_nick : NULL;
}

gboolean
sp_endpoint_kind_from_nick (const char     *nick,
                            SpEndpointKind *kind)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (SP_TYPE_ENDPOINT_KIND);
  GEnumValue *value = nick ? g_enum_get_value_by_nick (klass, nick) : NULL;

  if (value == NULL)
    return FALSE;

  *kind = value->value;
  return TRUE;
}

void
sp_endpoint_reconfigure (SpEndpoint     *self,
                         SpEndpointKind  kind,
                         const char     *host,
                         guint           port)
{
  g_return_if_fail (SP_IS_ENDPOINT (self));

  if (self->kind == kind && g_strcmp0 (self->host, host) == 0 && self->port == port)
    return;

  sp_endpoint_stop (self);
  sp_endpoint_set_kind (self, kind);
  sp_endpoint_set_host (self, host);
  sp_endpoint_set_port (self, port);
}
