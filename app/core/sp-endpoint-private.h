/* sp-endpoint-private.h: SpEndpoint's fields and what its files share
 *
 *   sp-endpoint.c              the object, its properties, start, stop, send
 *   sp-endpoint-settings.c     kind, host, port, read size, send mode, pause...
 *   sp-endpoint-options.c      socket options (SO_RCVBUF, SO_SNDBUF,
 *                              TCP_NODELAY, SO_REUSEADDR), a bound socket
 *   sp-endpoint-multicast.c    SO_BROADCAST, joining and leaving a
 *                              multicast group
 *   sp-endpoint-framing.c      framing what is sent, decoding what arrives
 *   sp-endpoint-send.c         what a pane sends, to which connections
 *   sp-endpoint-connections.c  its connections, and what they tell it
 *   sp-endpoint-resolve.c      the addresses of its host, IPv4 first
 *   sp-endpoint-tcp-server.c   listen() and accept()
 *   sp-endpoint-tcp-client.c   connect() by name
 *   sp-endpoint-udp.c          UDP server and client, their datagrams
 *   sp-endpoint-relay.c        TCP relay: its target, and a connection to
 *                              it for each client accepted
 *   sp-endpoint-replies.c      a server's reply rules, their delays and
 *                              loop cap
 *   sp-endpoint-udp-relay.c    UDP relay: a socket of its own to the target
 *                              for each client, forgotten when idle
 *
 * Connections do their own I/O (sp-connection-io.c); an endpoint is their
 * SpConnectionHost.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sp-connection-host.h"
#include "sp-endpoint.h"
#include "sp-reply-rules.h"

G_BEGIN_DECLS

/* How long a listener out of file descriptors rests before accept() again. */
#define SP_ENDPOINT_ACCEPT_RETRY_MS 500

struct _SpEndpoint
{
  GObject           parent_instance;

  /* What connections see of their endpoint: the logs, the settings their
   * calls follow (read size, echo, paused, send mode, loss), callbacks. */
  SpConnectionHost  io;

  SpEndpointKind    kind;
  char             *host;
  guint             port;
  gboolean          udp_connect;
  gboolean          reuse_address;
  gboolean          no_delay;
  gboolean          broadcast;
  char             *multicast_group;
  char             *multicast_interface;
  guint             rcvbuf;
  guint             sndbuf;
  SpFramingConfig   framing;
  /* Relays: where accepted clients are connected on to. */
  char             *target_host;
  guint             target_port;
  /* UDP relay: the target resolved at start, each client's mapping by its
   * address ("127.0.0.1:40222") and by either of its two connections
   * (sp-endpoint-udp-relay.c), and how long an idle one lives. */
  GInetSocketAddress *udp_target;
  GHashTable       *udp_mappings;
  GHashTable       *udp_mappings_by_connection;
  guint             relay_idle_ms;

  SpEndpointState   state;
  guint             bound_port;
  char             *local_address;
  char             *remote_address;
  char             *error_message;
  /* The error message is a send refused for want of SO_BROADCAST. */
  gboolean          refused_broadcast;

  GListStore       *connections;
  guint             next_connection_id;

  /* The listening TCP socket, or the UDP socket. */
  GSocket          *socket;
  GSource          *socket_source;
  /* A server on a name with several addresses (localhost: 127.0.0.1 and
   * ::1) listens on each, like socketserver would on every one: @socket is
   * the first, the others are here, each watched by the source at the same
   * index of @more_sources while @socket is watched. */
  GPtrArray        *more_sockets;
  GPtrArray        *more_sources;
  /* Every address it listens on, "127.0.0.1:8081, [::1]:8081" (NULL: just
   * @local_address). */
  char             *all_local_addresses;
  GCancellable     *cancellable;
  guint             accept_retry_id;
  gboolean          accept_error_reported;
  /* The UDP server's membership, left before the socket closes. */
  GInetAddress     *joined_group;

  /* UDP: peers by "addr:port", the SpConnection in @connections. */
  GHashTable       *udp_peers;
  /* Every connection by id, closed ones too: their log entries and streams
   * stay viewable until the log is cleared. */
  GHashTable       *by_id;
  /* Connections closed since the last iteration, still in @connections:
   * they leave it together (sp-endpoint-connections.c). */
  GHashTable       *leaving;
  guint             leaving_id;

  /* Servers: the reply rules, replies waiting for their delay (of
   * PendingReply), and each connection's loop cap (id → SpReplyLimiter). */
  SpReplyRules     *reply_rules;
  GPtrArray        *pending_replies;
  GHashTable       *reply_limiters;
};

typedef enum {
  PROP_0,
  PROP_KIND,
  PROP_HOST,
  PROP_PORT,
  PROP_READ_SIZE,
  PROP_UDP_CONNECT,
  PROP_REUSE_ADDRESS,
  PROP_NO_DELAY,
  PROP_BROADCAST,
  PROP_MULTICAST_GROUP,
  PROP_MULTICAST_INTERFACE,
  PROP_MULTICAST_JOINED,
  PROP_PAUSED,
  PROP_RCVBUF,
  PROP_SNDBUF,
  PROP_SEND_MODE,
  PROP_FRAMING,
  PROP_DROP_PERCENT,
  PROP_ECHO,
  PROP_TARGET_HOST,
  PROP_TARGET_PORT,
  PROP_PAUSE_CLIENT_SIDE,
  PROP_PAUSE_SERVER_SIDE,
  PROP_RELAY_IDLE_TIMEOUT,
  PROP_STATE,
  PROP_BOUND_PORT,
  PROP_LOCAL_ADDRESS,
  PROP_REMOTE_ADDRESS,
  PROP_ERROR_MESSAGE,
  PROP_EVENTS,
  PROP_CONNECTIONS,
  PROP_N_CONNECTIONS,
  N_PROPS
} SpEndpointProperty;

/* sp-endpoint.c */
void          _sp_endpoint_notify             (SpEndpoint         *self,
                                               SpEndpointProperty  prop);
void          _sp_endpoint_set_string         (SpEndpoint         *self,
                                               char              **field,
                                               const char         *value,
                                               SpEndpointProperty  prop);
void          _sp_endpoint_set_state          (SpEndpoint         *self,
                                               SpEndpointState     state);
/* Logs an event with no payload about the endpoint (@connection NULL) or
 * one of its connections. */
void          _sp_endpoint_log                (SpEndpoint         *self,
                                               SpEventKind         kind,
                                               SpConnection       *connection,
                                               const char         *message);
/* Turns a GIO error from @call into a specific, translated sentence with the
 * errno name, logs it and its trace line, and returns the errno. With
 * @fatal, or when no connection is at fault, it is the endpoint's error
 * message too. */
int           _sp_endpoint_report_error       (SpEndpoint         *self,
                                               SpConnection       *connection,
                                               const char         *call,
                                               const char         *address,
                                               const GError       *error,
                                               gboolean            fatal);
/* The same about a call to @host and @port, not the endpoint's own (a
 * relay's target). */
int           _sp_endpoint_report_error_on    (SpEndpoint         *self,
                                               SpConnection       *connection,
                                               const char         *call,
                                               const char         *address,
                                               const char         *host,
                                               guint               port,
                                               const GError       *error,
                                               gboolean            fatal);
/* The same (not fatal), its Calls line @traced_call(@traced_args) rather
 * than @call(@address): a relay's "upstream2.recv(65536)". */
int           _sp_endpoint_report_error_traced (SpEndpoint        *self,
                                                SpConnection      *connection,
                                                const char        *call,
                                                const char        *address,
                                                const char        *traced_call,
                                                const char        *traced_args,
                                                const GError      *error);
/* Reads back what the kernel bound @socket to (port 0 becomes a real port). */
void          _sp_endpoint_take_local_address (SpEndpoint         *self,
                                               GSocket            *socket);
/* Reads the endpoint's own sockets with @callback when one is readable. */
void          _sp_endpoint_watch_socket       (SpEndpoint         *self,
                                               GSourceFunc         callback);
/* Stops watching them (a pause, accept() out of descriptors, stop). */
void          _sp_endpoint_unwatch_sockets    (SpEndpoint         *self);
/* Closes the endpoint's own socket and forgets what it was bound to. */
void          _sp_endpoint_finish_stop        (SpEndpoint         *self);

/* sp-endpoint-resolve.c */
/* Starts on @addresses (GInetSocketAddress, IPv4 first): a server on each,
 * a UDP client to the first. */
void          _sp_endpoint_start_with_addresses (SpEndpoint       *self,
                                                 GPtrArray        *addresses);
/* For g_ptr_array_sort() of GInetAddress: IPv4 ones first, the order kept
 * otherwise. */
int           _sp_endpoint_ipv4_first         (gconstpointer       a,
                                               gconstpointer       b);
/* Looks up every address of the host, then starts on them (or says why
 * not and stops). */
void          _sp_endpoint_resolve_and_start  (SpEndpoint         *self);

/* sp-endpoint-connections.c */
/* The list, the tables, and the host's callbacks (init). */
void          _sp_endpoint_init_connections   (SpEndpoint         *self);
/* None of them may call back into the endpoint any more (dispose). */
void          _sp_endpoint_abandon_connections (SpEndpoint        *self);
void          _sp_endpoint_flush_leaving       (SpEndpoint        *self);
SpConnection *_sp_endpoint_new_connection     (SpEndpoint         *self,
                                               GSocket            *socket,
                                               gboolean            is_datagram,
                                               const char         *local_address,
                                               const char         *remote_address);
/* A connection around @stream, which GSocketClient connected: its socket
 * non-blocking, its addresses in *@local and *@remote. */
SpConnection *_sp_endpoint_adopt_stream      (SpEndpoint         *self,
                                               GSocketConnection  *stream,
                                               char              **local,
                                               char              **remote);
/* Everything a new TCP connection needs before its first byte: framing,
 * TCP_NODELAY. */
void          _sp_endpoint_setup_connection   (SpEndpoint         *self,
                                               SpConnection       *connection);
void          _sp_endpoint_add_connection     (SpEndpoint         *self,
                                               SpConnection       *connection);

/* sp-endpoint-replies.c */
void          _sp_endpoint_init_replies       (SpEndpoint         *self);
void          _sp_endpoint_dispose_replies    (SpEndpoint         *self);
/* Forgets the replies waiting for @connection (NULL: all) and its cap. */
void          _sp_endpoint_cancel_replies     (SpEndpoint         *self,
                                               SpConnection       *connection);

/* sp-endpoint-options.c */
/* A server's sockets, as @self's, one for each of @addresses
 * (GInetSocketAddress, the first is @socket, the same port on the others):
 * socket(), non-blocking, buffer sizes, SO_REUSEADDR and bind(), each
 * traced. When the first fails, says why and stops: FALSE; another that
 * fails is said and left out. */
gboolean      _sp_endpoint_bind_server_socket (SpEndpoint         *self,
                                               GPtrArray          *addresses,
                                               GSocketType         type);
/* What the server is bound to: @local_address and, with several sockets,
 * @all_local_addresses. */
void          _sp_endpoint_take_server_addresses (SpEndpoint      *self);
/* Buffer sizes go on before bind()/listen()/connect(), where they matter
 * (the receive buffer sets the TCP window offered in the handshake). With
 * @report, an event says what the kernel made of them. */
void          _sp_endpoint_apply_buffer_sizes (SpEndpoint         *self,
                                               GSocket            *socket,
                                               gboolean            report);
void          _sp_endpoint_apply_no_delay     (SpEndpoint         *self,
                                               GSocket            *socket);

/* sp-endpoint-multicast.c */
/* SO_BROADCAST on a UDP client's socket, traced when on. */
void          _sp_endpoint_apply_broadcast    (SpEndpoint         *self,
                                               GSocket            *socket);
/* UDP clients sending to a multicast group from a named interface:
 * IP_MULTICAST_IF / IPV6_MULTICAST_IF, traced. FALSE with @error when the
 * interface is gone or the call fails. */
gboolean      _sp_endpoint_apply_multicast_interface (SpEndpoint          *self,
                                                      GSocket             *socket,
                                                      GInetSocketAddress  *target,
                                                      GError             **error);
/* Joins the server's multicast group on its bound socket, if it has one.
 * When that fails, says why and stops: FALSE. */
gboolean      _sp_endpoint_join_group         (SpEndpoint         *self);
/* Leaves the group joined, before the socket closes. */
void          _sp_endpoint_leave_group        (SpEndpoint         *self);

/* sp-endpoint-tcp-server.c */
void          _sp_endpoint_start_tcp_server   (SpEndpoint         *self,
                                               GPtrArray          *addresses);

/* sp-endpoint-tcp-client.c */
void          _sp_endpoint_start_tcp_client   (SpEndpoint         *self);

/* sp-endpoint-relay.c */
/* The relay's target, checked before it listens: FALSE after saying why. */
gboolean      _sp_endpoint_relay_check_target (SpEndpoint         *self);
/* The relay's properties (target, pausing a side): FALSE for others. */
gboolean      _sp_endpoint_relay_get_property (SpEndpoint         *self,
                                               guint               prop_id,
                                               GValue             *value);
gboolean      _sp_endpoint_relay_set_property (SpEndpoint         *self,
                                               guint               prop_id,
                                               const GValue       *value);
/* A client was accepted: connect to the target, then relay. */
void          _sp_endpoint_relay_accepted     (SpEndpoint         *self,
                                               SpConnection       *connection);

/* sp-endpoint-udp.c */
void          _sp_endpoint_start_udp_server   (SpEndpoint         *self,
                                               GPtrArray          *addresses);
void          _sp_endpoint_start_udp_client   (SpEndpoint         *self,
                                               GInetSocketAddress *target);
/* Reads datagrams again after a pause (or stops, when paused). */
void          _sp_endpoint_udp_set_paused     (SpEndpoint         *self,
                                               gboolean            paused);
/* Reads what @socket holds, one event per receive call: the endpoint's own
 * socket (@known NULL: each datagram's sender tells its peer) or a UDP
 * relay's upstream socket (@known: its server side). */
gboolean      _sp_endpoint_udp_read           (SpEndpoint         *self,
                                               GSocket            *socket,
                                               SpConnection       *known);
/* The callback that reads the endpoint's own datagram sockets. */
gboolean      _sp_endpoint_udp_readable_cb    (GSocket            *socket,
                                               GIOCondition        condition,
                                               gpointer            user_data);

/* sp-endpoint-udp-relay.c */
void          _sp_endpoint_udp_relay_init     (SpEndpoint         *self);
/* Resolves the target, then listens on @addresses like a UDP server. */
void          _sp_endpoint_start_udp_relay    (SpEndpoint         *self,
                                               GPtrArray          *addresses);
/* The client side of the mapping for datagrams from @from, made (with its
 * upstream socket) at the first one; NULL after saying why it could not. */
SpConnection *_sp_endpoint_udp_relay_client_for (SpEndpoint       *self,
                                                 GSocket          *socket,
                                                 GSocketAddress   *from,
                                                 const char       *from_string);
/* One side of a mapping received @payload: the other side sends it. */
void          _sp_endpoint_udp_relay_forward  (SpEndpoint         *self,
                                               SpConnection       *connection,
                                               GBytes             *payload,
                                               gboolean            truncated);
/* Reading one side, or every mapping's upstream socket, stops or resumes. */
void          _sp_endpoint_udp_relay_set_paused (SpEndpoint       *self,
                                                 SpRelaySide       side,
                                                 gboolean         paused);
/* @connection closed: its mapping and upstream socket go. */
void          _sp_endpoint_udp_relay_forget   (SpEndpoint         *self,
                                               SpConnection       *connection);
/* What the kernel holds for the listening socket and every upstream one. */
gboolean      _sp_endpoint_udp_relay_get_queues (SpEndpoint       *self,
                                                 guint            *in_queue,
                                                 guint            *out_queue);
/* Every mapping goes (stop). */
void          _sp_endpoint_udp_relay_clear    (SpEndpoint         *self);
/* And the tables (dispose). */
void          _sp_endpoint_udp_relay_dispose  (SpEndpoint         *self);

G_END_DECLS
