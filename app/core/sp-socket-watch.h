/* sp-socket-watch.h: waiting for many sockets at the cost of the ready ones
 *
 * A GSource per socket costs every turn of the main loop a look at every
 * socket: GLib prepares, polls and checks each source, ready or not. A
 * server holding 10,000 idle connections then spends milliseconds a turn
 * on sockets that have nothing to say. A watch works like
 * g_socket_create_source(), but all watches of one priority share one
 * GSource in the default main context, which polls a single epoll
 * descriptor: a turn costs what is ready, not what is open.
 *
 * The reads and writes themselves stay g_socket_receive() and
 * g_socket_send() calls in the callbacks, one call each, in the main
 * loop. Main thread only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _SpSocketWatch SpSocketWatch;

/* As a GSocketSourceFunc: FALSE stops the watch. @condition always may
 * hold G_IO_ERR and G_IO_HUP, as poll() reports them unasked. */
typedef gboolean (*SpSocketWatchFunc) (GSocket      *socket,
                                       GIOCondition  condition,
                                       gpointer      user_data);

#define SP_TYPE_SOCKET_WATCH (sp_socket_watch_get_type ())

GType          sp_socket_watch_get_type (void) G_GNUC_CONST;
/* Calls @func in the main loop whenever @socket is ready for
 * @condition (G_IO_IN, G_IO_OUT and/or G_IO_PRI: not none), until it
 * returns FALSE or the watch is destroyed; not before the next dispatch
 * when made in one, as a GSource. Watches of one socket may overlap (one
 * for reading, one for writing). Returns a reference for the caller. */
SpSocketWatch *sp_socket_watch_new      (GSocket           *socket,
                                         GIOCondition       condition,
                                         int                priority,
                                         SpSocketWatchFunc  func,
                                         gpointer           user_data);
SpSocketWatch *sp_socket_watch_ref      (SpSocketWatch     *self);
void           sp_socket_watch_unref    (SpSocketWatch     *self);
/* Stops the watch: @func is not called again, also not later in the
 * dispatch that is running. Safe from inside @func; idempotent. */
void           sp_socket_watch_destroy  (SpSocketWatch     *self);
gboolean       sp_socket_watch_is_destroyed (SpSocketWatch *self);
/* Destroys and drops the watch in *@watch, if any, and sets it to NULL. */
void           sp_socket_watch_clear    (SpSocketWatch    **watch);
/* FALSE while the watch has a GSource of its own (epoll would not take its
 * socket), or once destroyed. */
gboolean       sp_socket_watch_is_shared    (SpSocketWatch *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpSocketWatch, sp_socket_watch_unref)

G_END_DECLS
