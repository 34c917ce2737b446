/* sp-connection-host.h: a connection as the engine drives it
 *
 * A connection does its own I/O (sp-connection-io.c): it reads, writes,
 * echoes and decodes, and logs each call as an event. What it needs from
 * the endpoint it belongs to is an SpConnectionHost: where events and
 * traced calls go, the settings its calls follow, and three callbacks. The
 * endpoint keeps one, current, for all its connections.
 *
 * Only the engine (SpEndpoint, SpKernelMonitor) includes this; everyone
 * else reads connections through sp-connection.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sp-call-trace.h"
#include "sp-connection.h"
#include "sp-event-log.h"
#include "sp-framing.h"

G_BEGIN_DECLS

/* Socket sources run below GTK's input (G_PRIORITY_DEFAULT) and redraw
 * (G_PRIORITY_HIGH_IDLE + 20) priorities: a flood is read between frames,
 * never instead of them. */
#define SP_CONNECTION_IO_PRIORITY            G_PRIORITY_DEFAULT_IDLE
/* A flood must not starve the main loop: a bounded number of calls per
 * dispatch (accept(), send()), then the loop gets to redraw and handle
 * input. */
#define SP_CONNECTION_MAX_CALLS_PER_DISPATCH 16

typedef struct _SpConnectionHost SpConnectionHost;

struct _SpConnectionHost
{
  /* The endpoint, held during a dispatch: callbacks may drop the last
   * other reference to it. */
  GObject       *owner;
  /* Where events and traced calls go; NULL once the owner is disposed. */
  SpEventLog    *events;
  SpCallTrace   *trace;

  /* The owner's settings, read at each call. */
  guint          read_size;
  gboolean       is_server;      /* received data flows client → server */
  gboolean       echo;           /* servers: every chunk goes back */
  gboolean       paused;         /* no recv() calls */
  /* A relay: no recv() calls on its connections of that side (indexed by
   * SpRelaySide), so one direction's bytes pile up in the kernel. */
  gboolean       relay_paused[SP_RELAY_SIDE_SERVER + 1];
  SpSendMode     send_mode;
  guint          drop_percent;   /* UDP: simulated loss before sendto() */
  GRand         *rand;

  /* @call failed on @connection: log it, as the owner words errors. */
  void         (*report_error)     (SpConnectionHost *host,
                                    SpConnection     *connection,
                                    const char       *call,
                                    const GError     *error);
  /* @connection is closed (and logged so): the owner forgets it. */
  void         (*closed)           (SpConnectionHost *host,
                                    SpConnection     *connection);
  /* A decoder completed frames, or holds part of one. */
  void         (*framing_progress) (SpConnectionHost *host);
  /* What reply rules look at arrived on @connection: one recv()'s (or
   * datagram's) bytes with framing off, one message with it on. NULL
   * while the endpoint has no reply rules. */
  void         (*received_unit)    (SpConnectionHost *host,
                                    SpConnection     *connection,
                                    const guint8     *data,
                                    gsize             len);
};

/* The host's helpers (sp-connection-io.c), for connections and for the
 * endpoint's own socket alike. */

/* Whether data going @direction flows from a client to a server. */
gboolean      sp_connection_host_client_to_server  (SpConnectionHost *host,
                                                    SpDirection       direction);
/* The same for @connection's data (NULL: the host's own socket): a
 * relay's server side is its client. */
gboolean      sp_connection_host_flows_to_server   (SpConnectionHost *host,
                                                    SpConnection     *connection,
                                                    SpDirection       direction);
/* How many receive calls one dispatch makes at most at the read size. */
guint         sp_connection_host_reads_per_dispatch (SpConnectionHost *host);
/* Around a dispatch's calls: the logs' watchers hear of them once, at
 * the end. Per event, the signals would cost more than recv() itself. */
void          sp_connection_host_freeze_logs       (SpConnectionHost *host);
void          sp_connection_host_thaw_logs         (SpConnectionHost *host);
/* One MESSAGE event per frame a decoder completed; @connection may be
 * NULL (a datagram from an unknown peer). */
void          sp_connection_host_log_frames        (SpConnectionHost *host,
                                                    SpConnection     *connection,
                                                    const char       *peer,
                                                    GPtrArray        *frames);
void          sp_connection_host_report_framing_error (SpConnectionHost *host,
                                                       SpConnection     *connection,
                                                       const GError     *error);

/* A connection's life (sp-connection.c) */

SpConnection *sp_connection_new                (SpConnectionHost      *host,
                                                guint                  id,
                                                GSocket               *socket,
                                                gboolean               is_datagram,
                                                const char            *local_address,
                                                const char            *remote_address);
/* UDP: where this peer's datagrams go; NULL on a connect()ed socket, which
 * must use send(), not sendto(). */
void          sp_connection_set_remote         (SpConnection          *self,
                                                GSocketAddress        *remote);
/* TCP client: keeps GSocketClient's result alive, so it does not close
 * the socket. */
void          sp_connection_take_stream        (SpConnection          *self,
                                                GIOStream             *stream);
/* TCP: this connection's own socket. UDP: the endpoint's, shared. */
GSocket      *sp_connection_get_socket         (SpConnection          *self);
/* TCP: decodes what arrives from the next byte on with @config (framing
 * off: not at all). */
void          sp_connection_set_framing        (SpConnection          *self,
                                                const SpFramingConfig *config);
/* The decoder, NULL when framing is off. */
SpFrameDecoder *sp_connection_get_decoder      (SpConnection          *self);
/* A TCP connection between two endpoints of this process can find its
 * other end, which knows where each send() call's bytes begin. */
void          sp_connection_register           (SpConnection          *self);
/* Makes two TCP connections a relay's pair: what one receives, the other
 * sends; a FIN or a reset on one is passed on to the other. With
 * @server_side NULL, only marks @client_side as a relay's, waiting for its
 * server side. */
void          sp_connection_link_relay         (SpConnection          *client_side,
                                                SpConnection          *server_side);
/* UDP: a datagram of @n bytes arrived from this peer. */
void          sp_connection_add_bytes_received (SpConnection          *self,
                                                gsize                  n);
/* One receive call's bytes, for the counters and the stream view (a UDP
 * relay's sides keep theirs). */
void          sp_connection_record_received    (SpConnection          *self,
                                                const guint8          *data,
                                                gsize                  len);
/* The kernel's TCP state, as an SpKernelMonitor read it (NULL: unknown). */
void          sp_connection_set_tcp_state      (SpConnection          *self,
                                                const char            *state);
/* What the kernel holds in @socket's receive and send queues (SIOCINQ,
 * SIOCOUTQ); FALSE where that can't be read. */
gboolean      sp_socket_get_kernel_queues      (GSocket               *socket,
                                                guint                 *in_queue,
                                                guint                 *out_queue);

/* A connection's I/O (sp-connection-io.c) */

/* Reads whatever arrives, one event per receive call, unless the host is
 * paused or the connection no longer open. */
void          sp_connection_watch              (SpConnection          *self);
/* No more reads until the next sp_connection_watch(). */
void          sp_connection_stop_reading       (SpConnection          *self);
/* Queues @bytes, @header_len and @trailer_len of them framing, and writes
 * what the kernel takes now; the rest goes out when the socket is
 * writable. Every send call is one "sent" event, carrying @text_encoding
 * (as SpEventInit's: the SpTextEncoding typed in + 1, 0 for bytes). */
void          sp_connection_send               (SpConnection          *self,
                                                GBytes                *bytes,
                                                guint                  header_len,
                                                guint                  trailer_len,
                                                guint                  text_encoding);
/* Echo: when the host echoes and the connection is open, @data goes back
 * where it came from through the normal send path. */
void          sp_connection_echo               (SpConnection          *self,
                                                const guint8          *data,
                                                gsize                  len);
/* Closes our side (or forgets a UDP peer), logs it with @why, and tells
 * the host. */
void          sp_connection_close              (SpConnection          *self,
                                                const char            *why);
/* The host is going away: every source stops, a TCP socket closes without
 * a word, and the connection forgets its host. */
void          sp_connection_abandon            (SpConnection          *self);

G_END_DECLS
