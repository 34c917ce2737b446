/* sp-relay-lanes.h: the parties a relay's log shows — the outside client
 * programs and the target server — and the arrow each of the relay's calls
 * draws between it and them, for the sequence diagram
 *
 * A relay pane between a student's own client and server is one pane, but
 * three parties talk: client → relay → server. Each recv() or send() the
 * relay made is an arrow between the relay and the program on that side;
 * FINs, shutdown(SHUT_WR) passed on and resets are arrows too, drawn on
 * the side they happened. Only the relay's own events are known: an
 * outside program's calls are not, so each arrow is drawn at the row of
 * the relay's call.
 *
 * A UDP relay's arrows are its datagrams, each labelled with its mapping's
 * number (the client side's connection): a new mapping's connect() sends
 * nothing, so it draws no arrow; a mapping's expiry (close() on its
 * upstream socket, nothing sent either) and an ECONNREFUSED (the target's
 * ICMP port unreachable) are drawn dashed on the server's lifeline.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "sp-connection.h"
#include "sp-event.h"

G_BEGIN_DECLS

/* One event of the relay's log, as the diagram knows it. */
typedef struct {
  SpEventKind   kind;
  SpEventFlags  flags;
  guint         connection_id;   /* 0: the listener itself */
  /* Which side the connection is on; NONE when not known (a connection
   * already gone): then the ACCEPTED (client) or CONNECTED (server) event
   * seen earlier on the same connection says it. */
  SpRelaySide   side;
  /* The connection's other side, 0 while the relay has not connected on
   * to the target (or could not). */
  guint         partner_id;
  const char   *peer;            /* the outside program's address, "127.0.0.1:53422" */
  gsize         n_bytes;         /* SENT, RECEIVED */
  const char   *preview;         /* SENT, RECEIVED: the bytes as the pane shows them, or NULL */
  const char   *errno_name;      /* ERROR: "ECONNRESET" or NULL */
  /* The program on that side is a pane of the diagram, which draws the
   * arrow between the two panes itself: no party, no arrow here. */
  gboolean      peer_in_view;
  /* A UDP relay: its client side is recvfrom()/sendto() on the listening
   * socket, its server side send()/recv() on the mapping's own connect()ed
   * socket; nothing is set up or torn down on the wire. */
  gboolean      datagram;
} SpRelayStep;

/* Where a step's arrow goes. */
typedef struct {
  guint     party;      /* sp_relay_lanes_get_party_*() */
  gboolean  to_party;   /* from the relay to the party, else from the party */
  gboolean  dashed;     /* connection set-up and tear-down, not bytes */
  char     *label;      /* "#1 recv 5 B “hello”"; the caller frees it */
} SpRelayArrow;

/* No more than this many clients get a lifeline each; later ones share one. */
#define SP_RELAY_LANES_MAX_CLIENTS 4

typedef struct _SpRelayLanes SpRelayLanes;

SpRelayLanes *sp_relay_lanes_new             (void);
void          sp_relay_lanes_free            (SpRelayLanes      *self);
/* Takes the relay's next event (in time order); TRUE with @arrow filled in
 * when it draws an arrow between the relay and an outside party. */
gboolean      sp_relay_lanes_add             (SpRelayLanes      *self,
                                              const SpRelayStep *step,
                                              SpRelayArrow      *arrow);
/* The parties met so far, in order of appearance. */
guint         sp_relay_lanes_get_n_parties   (SpRelayLanes      *self);
SpRelaySide   sp_relay_lanes_get_party_side  (SpRelayLanes      *self,
                                              guint              party);
/* "Client 127.0.0.1:53422", "Server 127.0.0.1:8082", "3 more clients". */
char         *sp_relay_lanes_dup_party_title (SpRelayLanes      *self,
                                              guint              party);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpRelayLanes, sp_relay_lanes_free)

G_END_DECLS
