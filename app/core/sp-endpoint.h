/* sp-endpoint.h: one socket endpoint (a pane's engine)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sp-connection.h"
#include "sp-event-log.h"
#include "sp-framing.h"
#include "sp-reply-rules.h"

G_BEGIN_DECLS

typedef enum {
  SP_ENDPOINT_KIND_TCP_SERVER,
  SP_ENDPOINT_KIND_TCP_CLIENT,
  SP_ENDPOINT_KIND_UDP_SERVER,
  SP_ENDPOINT_KIND_UDP_CLIENT,
  /* Listens like a TCP server and connects each client it accepts on to
   * a target server, passing every byte on both ways. */
  SP_ENDPOINT_KIND_TCP_RELAY,
  /* Listens like a UDP server and sends each client's datagrams on to a
   * target from a socket of that client's own (a mapping, like a NAT's),
   * so the target's replies go back to the right client. */
  SP_ENDPOINT_KIND_UDP_RELAY,
} SpEndpointKind;

typedef enum {
  SP_ENDPOINT_STATE_STOPPED,
  SP_ENDPOINT_STATE_STARTING,
  SP_ENDPOINT_STATE_RUNNING,
} SpEndpointState;

#define SP_ENDPOINT_DEFAULT_READ_SIZE 1024
#define SP_ENDPOINT_MAX_READ_SIZE     (1024 * 1024)
#define SP_ENDPOINT_MAX_BURST         10000
#define SP_ENDPOINT_MAX_BUFFER_SIZE   (16 * 1024 * 1024)
/* UDP relays: a client's mapping is forgotten after this long without a
 * datagram either way (Linux's conntrack keeps a UDP stream 120 s). */
#define SP_ENDPOINT_DEFAULT_RELAY_IDLE_MS (60 * 1000)
#define SP_ENDPOINT_MIN_RELAY_IDLE_MS     50
#define SP_ENDPOINT_MAX_RELAY_IDLE_MS     (3600 * 1000)

#define SP_ENDPOINT_ERROR (sp_endpoint_error_quark ())
typedef enum {
  SP_ENDPOINT_ERROR_NOT_RUNNING,
  SP_ENDPOINT_ERROR_NO_PEER,
  SP_ENDPOINT_ERROR_EMPTY,
  SP_ENDPOINT_ERROR_INVALID,
} SpEndpointError;

#define SP_TYPE_ENDPOINT (sp_endpoint_get_type ())
G_DECLARE_FINAL_TYPE (SpEndpoint, sp_endpoint, SP, ENDPOINT, GObject)

GQuark           sp_endpoint_error_quark        (void);

SpEndpoint      *sp_endpoint_new                (SpEndpointKind  kind);

SpEndpointKind   sp_endpoint_get_kind           (SpEndpoint     *self);
void             sp_endpoint_set_kind           (SpEndpoint     *self,
                                                 SpEndpointKind  kind);
const char      *sp_endpoint_get_host           (SpEndpoint     *self);
void             sp_endpoint_set_host           (SpEndpoint     *self,
                                                 const char     *host);
guint            sp_endpoint_get_port           (SpEndpoint     *self);
void             sp_endpoint_set_port           (SpEndpoint     *self,
                                                 guint           port);
guint            sp_endpoint_get_read_size      (SpEndpoint     *self);
void             sp_endpoint_set_read_size      (SpEndpoint     *self,
                                                 guint           read_size);
gboolean         sp_endpoint_get_udp_connect    (SpEndpoint     *self);
void             sp_endpoint_set_udp_connect    (SpEndpoint     *self,
                                                 gboolean        udp_connect);
gboolean         sp_endpoint_get_reuse_address  (SpEndpoint     *self);
void             sp_endpoint_set_reuse_address  (SpEndpoint     *self,
                                                 gboolean        reuse_address);

/* UDP clients: SO_BROADCAST, without which sending to a broadcast address
 * fails with EACCES. Applies to a running socket at once. */
gboolean         sp_endpoint_get_broadcast      (SpEndpoint     *self);
void             sp_endpoint_set_broadcast      (SpEndpoint     *self,
                                                 gboolean        broadcast);
/* UDP servers: the multicast group joined after bind() and left on stop
 * (NULL or "": none), and the interface to join it on (NULL or "": the one
 * the kernel's route for the group names). A UDP client sends multicast
 * out of that interface. Take effect at the next start. */
const char      *sp_endpoint_get_multicast_group (SpEndpoint    *self);
void             sp_endpoint_set_multicast_group (SpEndpoint    *self,
                                                  const char    *group);
const char      *sp_endpoint_get_multicast_interface (SpEndpoint *self);
void             sp_endpoint_set_multicast_interface (SpEndpoint *self,
                                                      const char *interface);
/* Whether the running server is a member of its multicast group. */
gboolean         sp_endpoint_get_multicast_joined (SpEndpoint   *self);
/* FALSE with a specific message if @group is not a multicast address
 * ("" is fine: no group). */
gboolean         sp_endpoint_check_multicast_group (const char  *group,
                                                    GError     **error);
/* FALSE with a specific message if there is no network interface @name
 * ("" is fine: the kernel chooses). */
gboolean         sp_endpoint_check_multicast_interface (const char  *name,
                                                        GError     **error);

/* Whether @kind is a relay (TCP or UDP): it has a target and two sides. */
gboolean         sp_endpoint_kind_is_relay      (SpEndpointKind  kind);

/* UDP relays: how long a client's mapping (its own socket to the target)
 * lives without a datagram either way, in milliseconds. */
guint            sp_endpoint_get_relay_idle_timeout (SpEndpoint *self);
void             sp_endpoint_set_relay_idle_timeout (SpEndpoint *self,
                                                     guint       msec);

/* Relays: the server each accepted client is connected on to. Take
 * effect at the next start; sp_endpoint_start() refuses a bad one. */
const char      *sp_endpoint_get_target_host    (SpEndpoint     *self);
void             sp_endpoint_set_target_host    (SpEndpoint     *self,
                                                 const char     *host);
guint            sp_endpoint_get_target_port    (SpEndpoint     *self);
void             sp_endpoint_set_target_port    (SpEndpoint     *self,
                                                 guint           port);
/* Relays: no recv() calls on the connections of one side (clients, or
 * the servers it connects to), so that direction's bytes pile up in the
 * kernel while the other direction flows. */
gboolean         sp_endpoint_get_relay_paused   (SpEndpoint     *self,
                                                 SpRelaySide     side);
void             sp_endpoint_set_relay_paused   (SpEndpoint     *self,
                                                 SpRelaySide     side,
                                                 gboolean        paused);
/* FALSE with a specific message if a relay's target is not one to connect
 * to (no host, a malformed one, port 0). */
gboolean         sp_endpoint_check_target       (const char     *host,
                                                 guint           port,
                                                 GError        **error);

gboolean         sp_endpoint_get_no_delay       (SpEndpoint     *self);
void             sp_endpoint_set_no_delay       (SpEndpoint     *self,
                                                 gboolean        no_delay);
/* SO_RCVBUF / SO_SNDBUF to ask for; 0 leaves the system default. */
guint            sp_endpoint_get_rcvbuf         (SpEndpoint     *self);
void             sp_endpoint_set_rcvbuf         (SpEndpoint     *self,
                                                 guint           size);
guint            sp_endpoint_get_sndbuf         (SpEndpoint     *self);
void             sp_endpoint_set_sndbuf         (SpEndpoint     *self,
                                                 guint           size);
SpSendMode       sp_endpoint_get_send_mode      (SpEndpoint     *self);
void             sp_endpoint_set_send_mode      (SpEndpoint     *self,
                                                 SpSendMode      mode);
/* UDP: drop this share of outgoing datagrams before sendto(), to show loss
 * on loopback (where none happens). Logged as simulated. */
guint            sp_endpoint_get_drop_percent   (SpEndpoint     *self);
void             sp_endpoint_set_drop_percent   (SpEndpoint     *self,
                                                 guint           percent);
/* Servers: send each received chunk straight back to the connection or UDP
 * peer it came from (an echo server), each send() logged as usual. */
gboolean         sp_endpoint_get_echo           (SpEndpoint     *self);
void             sp_endpoint_set_echo           (SpEndpoint     *self,
                                                 gboolean        echo);
/* Servers: rules that answer what arrives (not a relay's). */
SpReplyRules    *sp_endpoint_get_reply_rules    (SpEndpoint     *self);
/* While paused nothing is read: data piles up in the kernel's receive queue,
 * as in a program that calls recv() late. */
gboolean         sp_endpoint_get_paused         (SpEndpoint     *self);
void             sp_endpoint_set_paused         (SpEndpoint     *self,
                                                 gboolean        paused);
const SpFramingConfig *sp_endpoint_get_framing  (SpEndpoint     *self);
/* Framing for what is sent from now on and for decoding what arrives
 * (connections decode afresh from the next byte). FALSE if @config is
 * invalid; nothing changes then. */
gboolean         sp_endpoint_set_framing        (SpEndpoint            *self,
                                                 const SpFramingConfig *config,
                                                 GError               **error);
/* "#1: waiting for 7 more bytes of a 15-byte frame" while a frame is
 * incomplete, else NULL. */
char            *sp_endpoint_dup_framing_status (SpEndpoint     *self);

SpEndpointState  sp_endpoint_get_state          (SpEndpoint     *self);
gboolean         sp_endpoint_is_server          (SpEndpoint     *self);
gboolean         sp_endpoint_is_datagram        (SpEndpoint     *self);
/* The port actually bound (what port 0 became); 0 while stopped. */
guint            sp_endpoint_get_bound_port     (SpEndpoint     *self);
/* "127.0.0.1:8081" while running, else NULL. */
const char      *sp_endpoint_get_local_address  (SpEndpoint     *self);
/* A server on a name with several addresses listens on each:
 * "127.0.0.1:8081, [::1]:8081". Otherwise the local address. */
const char      *sp_endpoint_get_all_local_addresses (SpEndpoint *self);
/* Clients: the server's / target's address while running, else NULL. */
const char      *sp_endpoint_get_remote_address (SpEndpoint     *self);
/* The last error that stopped or hindered the endpoint, for the pane to show
 * inline; cleared by sp_endpoint_start(). */
const char      *sp_endpoint_get_error_message  (SpEndpoint     *self);

/* The events, SpEvent items, oldest first. */
SpEventLog      *sp_endpoint_get_events         (SpEndpoint     *self);
/* The socket-call trace: one SP_EVENT_KIND_CALL entry per call made, in
 * Python notation ("bind(('127.0.0.1', 8081))", "conn1.recv(1024) → b'hi'"). */
SpEventLog      *sp_endpoint_get_calls          (SpEndpoint     *self);
/* Open connections (TCP) or known peers (UDP), SpConnection items. */
GListModel      *sp_endpoint_get_connections    (SpEndpoint     *self);
/* By id, closed connections included (until the events are cleared). */
SpConnection    *sp_endpoint_find_connection    (SpEndpoint     *self,
                                                 guint           id);
void             sp_endpoint_clear_events       (SpEndpoint     *self);
/* Every connection sp_endpoint_find_connection() knows, closed ones too. */
GPtrArray       *sp_endpoint_dup_all_connections (SpEndpoint    *self);

/* Starts listening / binding / connecting in the main loop; progress and
 * failures arrive as events and state changes, never by blocking. */
void             sp_endpoint_start              (SpEndpoint     *self);
void             sp_endpoint_stop               (SpEndpoint     *self);
/* Closes one connection of a server (or forgets one UDP peer). */
void             sp_endpoint_close_connection   (SpEndpoint     *self,
                                                 SpConnection   *connection);

/* Queues @bytes for @target (NULL: every open connection / known peer) and
 * writes what the kernel takes now; the rest goes out when the socket is
 * writable, every send() call logged as one "sent" event. Fails, sending
 * nothing, when not running, when there is no one to send to, or when
 * @bytes is empty. */
gboolean         sp_endpoint_send               (SpEndpoint     *self,
                                                 GBytes         *bytes,
                                                 SpConnection   *target,
                                                 GError        **error);

/* The open connections a send to @target (NULL: all) goes to, new
 * references; NULL with the reason send would give (not running, no one
 * to send to). */
GPtrArray       *sp_endpoint_dup_send_targets   (SpEndpoint     *self,
                                                 SpConnection   *target,
                                                 GError        **error);
/* Sends @bytes @count times, each its own message and its own send call(s),
 * back to back (the tutorials' loop of ten messages). */
gboolean         sp_endpoint_send_burst         (SpEndpoint     *self,
                                                 GBytes         *bytes,
                                                 SpConnection   *target,
                                                 guint           count,
                                                 GError        **error);
/* The same for text typed in @encoding: the sent events keep it, so a
 * sent row reads as what was typed whatever the pane's Encoding later. */
gboolean         sp_endpoint_send_text_burst    (SpEndpoint     *self,
                                                 GBytes         *bytes,
                                                 SpTextEncoding  encoding,
                                                 SpConnection   *target,
                                                 guint           count,
                                                 GError        **error);
/* Logs @message as an event of @kind (a note: no bytes) for @connection
 * (NULL: the pane), as the engine logs its own; for what sends on the
 * pane's behalf (timed and file sends). */
void             sp_endpoint_log_note           (SpEndpoint     *self,
                                                 SpEventKind     kind,
                                                 SpConnection   *connection,
                                                 const char     *message);
/* Kernel queue sizes summed over the open connections (TCP) or the socket
 * (UDP: the next datagram's size). FALSE where not available. */
gboolean         sp_endpoint_get_kernel_queues  (SpEndpoint     *self,
                                                 guint          *in_queue,
                                                 guint          *out_queue);

/* "TCP server", "UDP client"... translated. */
const char      *sp_endpoint_kind_to_string     (SpEndpointKind  kind);
/* "tcp-server", "udp-client"...: the names in settings and lesson files. */
const char      *sp_endpoint_kind_to_nick       (SpEndpointKind  kind);
gboolean         sp_endpoint_kind_from_nick     (const char     *nick,
                                                 SpEndpointKind *kind);
/* Makes @self that kind of endpoint on that host and port, stopping it first
 * if anything changes. */
void             sp_endpoint_reconfigure        (SpEndpoint     *self,
                                                 SpEndpointKind  kind,
                                                 const char     *host,
                                                 guint           port);

G_END_DECLS
