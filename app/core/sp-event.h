/* sp-event.h: one thing that happened on an endpoint
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "sp-event-record.h"

G_BEGIN_DECLS

#define SP_TYPE_EVENT (sp_event_get_type ())
G_DECLARE_FINAL_TYPE (SpEvent, sp_event, SP, EVENT, GObject)

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

/* For the event log. The record an event reads: its own, or one in a log. */
const SpEventRecord *sp_event_get_record   (SpEvent *self);
/* Called when an event that reads a record elsewhere is finalized. */
typedef void (*SpEventGoneFunc) (gpointer       data,
                                 SpEventRecord *record);
/* An event that reads @record, which stays where it is until
 * sp_event_detach() (the log calls it before the record goes); @gone is
 * called when the event is finalized before that. */
SpEvent      *sp_event_new_view            (SpEventRecord   *record,
                                            SpEventGoneFunc  gone,
                                            gpointer         data);
/* Moves the record an event reads into the event itself (@gone is not
 * called then). */
void          sp_event_detach              (SpEvent *self);
/* Moves an event's own record to @dest, which it reads from then on, as
 * sp_event_new_view() does; FALSE (and nothing moved) if it already reads
 * one elsewhere. */
gboolean      sp_event_move_record         (SpEvent         *self,
                                            SpEventRecord   *dest,
                                            SpEventGoneFunc  gone,
                                            gpointer         data);

/* Plain words for the kind, translated: "received", "sent", "peer closed"... */
const char   *sp_event_kind_to_string      (SpEventKind kind);

G_END_DECLS
