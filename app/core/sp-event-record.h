/* sp-event-record.h: one event as the log stores it
 *
 * An event log keeps each event as a small record in an array of chunks,
 * not as an object: a flood makes one per recv(), and a GObject each would
 * cost more than the read. The SpEvent object a list row shows is made from
 * the record only when someone asks the log for that item (see
 * sp-event-log.h). Code that walks every event reads the records directly:
 * sp_event_log_peek() and the getters below, the same as SpEvent's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

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
  SP_EVENT_FLAG_SHUTDOWN      = 1 << 2,  /* INFO: shutdown(SHUT_WR) made (a relay passing a FIN on) */
  SP_EVENT_FLAG_RESET         = 1 << 3,  /* CLOSED: with SO_LINGER 0, so the kernel sent RST */
  SP_EVENT_FLAG_CONTINUED     = 1 << 4,  /* SENT: sendall() goes on with the same message */
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
  SP_CALL_FORM_RECV_UPSTREAM, /* upstream2.recv(n) → b'...': a relay's connection to its target */
} SpCallForm;

typedef struct _SpEvent SpEvent;

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

/* The fields are the event log's and SpEvent's: read them with the
 * functions below. 72 bytes on 64-bit systems. */
typedef struct _SpEventRecord SpEventRecord;

struct _SpEventRecord
{
  /*< private >*/
  union {
    /* NULL when none or released by the capture store. With @sliced, the
     * capture store's whole block: the payload is n_bytes at
     * payload_offset in it. */
    GBytes    *payload;
    SpEvent   *subject;       /* CALL with a form and @subject_object: owned */
  };
  char        *peer;          /* interned GRefString: shared by a peer's events */
  char        *message;       /* CALL with a form: written when first asked for */
  gint64       time_us;
  /* CALL with a form and no @subject_object: the serial of its RECEIVED
   * record in the log the trace reads (sp_event_log_add_read_call()). */
  guint64      stream_offset;
  guint64      n_bytes;       /* of the payload, kept when it is released */
  union {
    struct {
      guint16  header_len;    /* SENT with framing */
      guint16  trailer_len;
    };
    guint32    payload_offset;/* with @sliced (a RECEIVED event, no framing bytes) */
  };
  guint32      n_requested;
  /* CALL with a form: the size its subject read, for when that is gone. */
  guint32      call_number;
  guint32      connection_id;
  gint32       errnum;
  guint        flags : 8;
  guint        kind : 5;
  guint        direction : 2;
  guint        client_to_server : 1;
  guint        truncated : 1;
  guint        released : 1;
  guint        call_form : 2;
  guint        text_encoding : 3;
  guint        sliced : 1;
  guint        subject_object : 1;
};

SpEventKind   sp_event_record_get_kind             (const SpEventRecord *record);
SpDirection   sp_event_record_get_direction        (const SpEventRecord *record);
gint64        sp_event_record_get_time_us          (const SpEventRecord *record);
guint         sp_event_record_get_connection_id    (const SpEventRecord *record);
const char   *sp_event_record_get_peer             (const SpEventRecord *record);
/* Whether the payload is kept (not released). */
gboolean      sp_event_record_has_payload          (const SpEventRecord *record);
/* The payload's bytes where they are kept, without a GBytes: NULL when
 * there is none (or it was released); @size may be NULL. */
const guint8 *sp_event_record_get_payload_data     (const SpEventRecord *record,
                                                    gsize               *size);
/* The payload as a GBytes (a new reference; a slice of the capture store's
 * block for a read), or NULL. */
GBytes       *sp_event_record_dup_payload          (const SpEventRecord *record);
gboolean      sp_event_record_payload_contains     (const SpEventRecord *record,
                                                    GBytes              *needle);
gsize         sp_event_record_get_n_bytes          (const SpEventRecord *record);
gboolean      sp_event_record_get_payload_released (const SpEventRecord *record);
gsize         sp_event_record_get_n_requested      (const SpEventRecord *record);
gboolean      sp_event_record_is_partial           (const SpEventRecord *record);
gboolean      sp_event_record_get_client_to_server (const SpEventRecord *record);
gboolean      sp_event_record_get_truncated        (const SpEventRecord *record);
guint64       sp_event_record_get_stream_offset    (const SpEventRecord *record);
guint         sp_event_record_get_header_len       (const SpEventRecord *record);
guint         sp_event_record_get_trailer_len      (const SpEventRecord *record);
guint         sp_event_record_get_call_number      (const SpEventRecord *record);
SpEventFlags  sp_event_record_get_flags            (const SpEventRecord *record);
SpTextEncoding sp_event_record_get_text_encoding   (const SpEventRecord *record,
                                                    SpTextEncoding       shown);
/* NULL for a CALL line not written yet: sp_event_log_get_message() writes it. */
const char   *sp_event_record_get_message          (const SpEventRecord *record);
int           sp_event_record_get_errnum           (const SpEventRecord *record);
const char   *sp_event_record_get_errno_name       (const SpEventRecord *record);

/* For the event log and SpEvent. */
void          sp_event_record_init                 (SpEventRecord       *record,
                                                    const SpEventInit   *init);
void          sp_event_record_copy                 (SpEventRecord       *dest,
                                                    const SpEventRecord *src);
void          sp_event_record_clear                (SpEventRecord       *record);
/* Drops the payload; returns how many bytes it had. */
gsize         sp_event_record_release_payload      (SpEventRecord       *record);
/* The trace's line for a read call of @form that asked for @record's
 * n_requested bytes and made @subject (its RECEIVED record; NULL when it is
 * no longer in the log, @cleared saying whether the log was cleared). */
char         *sp_event_record_format_read_call     (const SpEventRecord *record,
                                                    const SpEventRecord *subject,
                                                    gboolean             cleared);

G_END_DECLS
