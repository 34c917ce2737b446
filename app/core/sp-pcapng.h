/* sp-pcapng.h: a pcapng capture synthesised from what the sockets did
 *
 * The app never sniffs the network: it knows which connections it opened
 * and which bytes each send() moved, and writes packets that say the same,
 * so Wireshark can show a lesson as the wire would have carried it. The
 * headers are plausible rather than recorded: no MSS or window scale
 * options, one segment per send() (split only where one IP packet cannot
 * hold it), no delayed ACKs, no retransmissions.
 *
 * The file has one section, one interface of LINKTYPE_RAW (packets start
 * at the IP header, so IPv4 and IPv6 can share it) with microsecond
 * timestamps, and one Enhanced Packet Block per packet, in the order the
 * packets were added.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TCP payload bytes per segment: an IPv4 packet is at most 65535 bytes,
 * headers included. */
#define SP_PCAPNG_MAX_SEGMENT  65000
/* The largest UDP payloads one IP packet can hold (the UDP length field
 * counts its own 8-byte header, IPv4's total length the IP header too). */
#define SP_PCAPNG_MAX_UDP_IPV4 65507
#define SP_PCAPNG_MAX_UDP_IPV6 65527

#define SP_PCAPNG_ERROR (sp_pcapng_error_quark ())
typedef enum {
  SP_PCAPNG_ERROR_INVALID_ADDRESS,  /* not "IPv4:port" or "[IPv6]:port" */
  SP_PCAPNG_ERROR_MIXED_FAMILIES,   /* one IPv4 and one IPv6 address */
  SP_PCAPNG_ERROR_TOO_LARGE,        /* a datagram no IP packet can hold */
} SpPcapngError;

typedef struct _SpPcapng SpPcapng;

GQuark    sp_pcapng_error_quark (void);

SpPcapng *sp_pcapng_new         (void);
void      sp_pcapng_free        (SpPcapng      *self);

/* Addresses are written as the app prints them: "127.0.0.1:53422" or
 * "[::1]:8081". Times are UNIX microseconds. Writes the handshake (SYN,
 * SYN-ACK, ACK, all at @time_us) and returns a handle for the other
 * sp_pcapng_tcp_*() calls, always > 0; or 0 with @error when an address is
 * malformed or the two are of different families. The initial sequence
 * numbers are hashes of the two addresses, so the same session gives the
 * same file. */
guint     sp_pcapng_tcp_open    (SpPcapng      *self,
                                 guint64        time_us,
                                 const char    *client,
                                 const char    *server,
                                 GError       **error);
/* The bytes of one send() from one side: PSH|ACK segments of at most
 * SP_PCAPNG_MAX_SEGMENT bytes each, acknowledging all the other side sent.
 * Nothing is written for @len 0. @comment, if not NULL, goes on every
 * segment. Not allowed after that side's sp_pcapng_tcp_close(). */
void      sp_pcapng_tcp_data    (SpPcapng      *self,
                                 guint          stream,
                                 guint64        time_us,
                                 gboolean       from_client,
                                 const guint8  *data,
                                 gsize          len,
                                 const char    *comment);
/* FIN|ACK from one side, with @comment, then the other side's bare ACK.
 * Closing both directions takes two calls, one per side; each side closes
 * at most once. */
void      sp_pcapng_tcp_close   (SpPcapng      *self,
                                 guint          stream,
                                 guint64        time_us,
                                 gboolean       from_client,
                                 const char    *comment);
/* One datagram of @len bytes (0 is fine). FALSE with @error for a
 * malformed address, mixed families, or more than SP_PCAPNG_MAX_UDP_IPV4
 * (IPv4) or SP_PCAPNG_MAX_UDP_IPV6 (IPv6) bytes; nothing is written then. */
gboolean  sp_pcapng_udp         (SpPcapng      *self,
                                 guint64        time_us,
                                 const char    *source,
                                 const char    *destination,
                                 const guint8  *data,
                                 gsize          len,
                                 const char    *comment,
                                 GError       **error);
/* The whole file so far. @self stays usable: packets added later appear in
 * the next call's result. */
GBytes   *sp_pcapng_finish      (SpPcapng      *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpPcapng, sp_pcapng_free)

G_END_DECLS
