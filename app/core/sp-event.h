/* sp-event.h: one thing that happened on an endpoint
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "sp-text-codec.h"

G_BEGIN_DECLS

typedef enum {
  SP_EVENT_KIND_LISTENING,
  SP_EVENT_KIND_ACCEPTED,
  SP_EVENT_KIND_CONNECTED,
  SP_EVENT_KIND_SENT,
  SP_EVENT_KIND_RECEIVED,
  SP_EVENT_KIND_PEER_CLOSED,
  SP_EVENT_KIND_ERROR,
  SP_EVENT_KIND_CLOSED,
  SP_EVENT_KIND_INFO,
  SP_EVENT_KIND_MESSAGE,
  SP_EVENT_KIND_CALL,      /* an entry of the socket-call trace */
} SpEventKind;

typedef enum {
  SP_EVENT_FLAG_NONE          = 0,
  SP_EVENT_FLAG_FRAMING_ERROR = 1 << 0,  /* ERROR: the framing decoder failed */
  SP_EVENT_FLAG_SIMULATED     = 1 << 1,  /* INFO: a datagram dropped by the simulated-loss knob */
} SpEventFlags;

typedef enum {
  SP_DIRECTION_NONE,
  SP_DIRECTION_OUT,
  SP_DIRECTION_IN,
} SpDirection;

/* A CALL event that only says what a data event's call was: its line is
 * written from that event when first asked for, so tracing a flood of
 * reads formats nothing (see sp_event_get_message()). */
typedef enum {
  SP_CALL_FORM_NONE,
  SP_CALL_FORM_RECV,      /* conn1.recv(n) → b'...' (n bytes), sk.recv() on a client */
  SP_CALL_FORM_RECVFROM,  /* sk.recvfrom(n) → (b'...', (host, port)) */
  SP_CALL_FORM_RECV_UPSTREAM, /* upstream2.recv(n) → ...: a relay's socket to its target */
} SpCallForm;

#define SP_TYPE_EVENT (sp_event_get_type ())
G_DECLARE_FINAL_TYPE (SpEvent, sp_event, SP, EVENT, GObject)

/* Events are immutable once made; the engine fills them in with this. */
typedef struct {
  SpEventKind  kind;
  SpDirection  direction;
  gint64       time_us;
  guint        connection_id;   /* 0: the endpoint itself (listener, UDP socket) */
  const char  *peer;            /* "127.0.0.1:53422", "[::1]:8081" or NULL */
  GBytes      *payload;         /* SENT: the bytes the kernel took; RECEIVED: the bytes read */
  gsize        n_requested;     /* SENT: bytes passed to send(); else 0 */
  gboolean     client_to_server;/* data flowing from a client to a server */
  const char  *message;         /* human-readable detail, translated */
  int          errnum;          /* ERROR: the errno, 0 if none */
  gboolean     truncated;       /* RECEIVED datagram cut to the read size (MSG_TRUNC) */
  guint64      stream_offset;   /* SENT/RECEIVED/MESSAGE on TCP: offset of the first byte in the connection's stream */
  guint        header_len;      /* SENT with framing: framing bytes before the payload */
  guint        trailer_len;     /* SENT with framing: framing bytes after it (delimiter) */
  guint        call_number;     /* SENT/RECEIVED: 1 for the connection's first send()/recv() call, ... */
  SpEventFlags flags;
  SpCallForm   call_form;       /* CALL: written from @subject, asked for n_requested bytes */
  guint        text_encoding;   /* SENT of typed text: its SpTextEncoding + 1; 0: bytes (hex, an echo) */
  SpEvent     *subject;
  /* The engine's cheaper forms, for one event per recv(): @peer is already
   * an interned GRefString (g_ref_string_new_intern()) the event shares
   * instead of looking it up again; and instead of @payload, the payload is
   * @payload_size bytes at @payload_offset in @payload_block (a capture
   * store block, see sp_event_log_commit_payload_in_block()), made a GBytes
   * of its own only when sp_event_get_payload() asks for it. */
  gboolean     peer_interned;
  GBytes      *payload_block;
  gsize        payload_offset;
  gsize        payload_size;
} SpEventInit;

SpEvent      *sp_event_new                 (const SpEventInit *init);

SpEventKind   sp_event_get_kind            (SpEvent *self);
SpDirection   sp_event_get_direction       (SpEvent *self);
gint64        sp_event_get_time_us         (SpEvent *self);
guint         sp_event_get_connection_id   (SpEvent *self);
const char   *sp_event_get_peer            (SpEvent *self);
GBytes       *sp_event_get_payload         (SpEvent *self);
/* Whether the payload holds @needle anywhere; an empty @needle is in every
 * payload, a NULL one in none. */
gboolean      sp_event_payload_contains    (SpEvent *self,
                                            GBytes  *needle);
/* Whether the payload is kept (not released), without making its GBytes. */
gboolean      sp_event_has_payload         (SpEvent *self);
/* The payload's size, also after it was released. */
gsize         sp_event_get_n_bytes         (SpEvent *self);
/* Whether the capture store released the payload to stay within its limit
 * (sp_event_get_payload() is NULL then); counts and sizes stay exact. */
gboolean      sp_event_get_payload_released (SpEvent *self);
/* For the capture store: drops the payload, returns how many bytes it had. */
gsize         sp_event_release_payload     (SpEvent *self);
gsize         sp_event_get_n_requested     (SpEvent *self);
gboolean      sp_event_is_partial          (SpEvent *self);
gboolean      sp_event_get_client_to_server(SpEvent *self);
gboolean      sp_event_get_truncated       (SpEvent *self);
guint64       sp_event_get_stream_offset   (SpEvent *self);
guint         sp_event_get_header_len      (SpEvent *self);
guint         sp_event_get_trailer_len     (SpEvent *self);
guint         sp_event_get_call_number     (SpEvent *self);
SpEventFlags  sp_event_get_flags           (SpEvent *self);
/* For a CALL with a form, written on first use (and kept). */
/* The encoding the bytes were typed in, for a SENT event of text: a sent
 * row keeps reading as what was typed. Otherwise (received bytes, hex, an
 * echo) @shown, the pane's Encoding. */
SpTextEncoding sp_event_get_text_encoding  (SpEvent        *self,
                                            SpTextEncoding  shown);
const char   *sp_event_get_message         (SpEvent *self);
int           sp_event_get_errnum          (SpEvent *self);
const char   *sp_event_get_errno_name      (SpEvent *self);

/* For the event log, once per event appended: the kind, the payload's size
 * and whether it is kept, in one call and unchecked. */
void          sp_event_peek_totals         (SpEvent     *self,
                                            SpEventKind *kind,
                                            gsize       *n_bytes,
                                            gboolean    *kept);

/* Plain words for the kind, translated: "received", "sent", "peer closed"... */
const char   *sp_event_kind_to_string      (SpEventKind kind);

G_END_DECLS
