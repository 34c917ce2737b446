/* sp-event-log.h: the ordered events of one endpoint, as a GListModel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sp-capture-store.h"
#include "sp-event.h"
#include "sp-event-record.h"

G_BEGIN_DECLS

#define SP_TYPE_EVENT_LOG (sp_event_log_get_type ())
G_DECLARE_FINAL_TYPE (SpEventLog, sp_event_log, SP, EVENT_LOG, GObject)

/* Payloads count against sp_capture_store_get_default(). */
SpEventLog  *sp_event_log_new            (void);
SpEventLog  *sp_event_log_new_with_store (SpCaptureStore *store);
void         sp_event_log_append         (SpEventLog  *self,
                                          SpEvent     *event);
/* Stamps @init with sp_clock_now() and appends it as a record (no object
 * is made); returns its position. */
guint        sp_event_log_add_now        (SpEventLog  *self,
                                          SpEventInit *init);
/* Appends the trace line of a read call of @form that asked for
 * @read_size bytes and made the RECEIVED event at @position in @subjects:
 * the line is written from that record when first asked for. Every line
 * of one log reads the same @subjects (held weakly). */
guint        sp_event_log_add_read_call  (SpEventLog  *self,
                                          guint        connection_id,
                                          SpCallForm   form,
                                          guint        read_size,
                                          SpEventLog  *subjects,
                                          guint        position);
/* The record at @position, for code that walks every event without making
 * objects: it stays where it is until the log is cleared. NULL past the
 * end. Positions count every event appended, announced or not. */
const SpEventRecord *sp_event_log_peek   (SpEventLog  *self,
                                          guint        position);
/* Every event appended, announced or not. */
guint        sp_event_log_get_n_records  (SpEventLog  *self);
/* The record's message; a trace line of a read is written here when first
 * asked for. */
const char  *sp_event_log_get_message    (SpEventLog  *self,
                                          guint        position);
void         sp_event_log_clear          (SpEventLog  *self);
/* Between these, appends are announced once, at the last thaw (a burst of
 * reads makes one items-changed, not one per event). The totals below are
 * always current. */
void         sp_event_log_freeze         (SpEventLog  *self);
void         sp_event_log_thaw           (SpEventLog  *self);
/* Totals over every event appended since the last clear. */
guint64      sp_event_log_get_bytes_sent     (SpEventLog *self);
guint64      sp_event_log_get_bytes_received (SpEventLog *self);
/* Of this log's payloads, how many bytes / events the capture store
 * released (oldest first); the events themselves stay. */
guint64      sp_event_log_get_bytes_released  (SpEventLog *self);
guint        sp_event_log_get_events_released (SpEventLog *self);


/* A read straight into the capture store: see sp_capture_store_reserve(). */
guint8      *sp_event_log_reserve_payload (SpEventLog  *self,
                                           gsize        size);
GBytes      *sp_event_log_commit_payload  (SpEventLog  *self,
                                           gsize        reserved,
                                           gsize        size);
/* See sp_capture_store_commit_in_block(): for SpEventInit's payload_block. */
GBytes      *sp_event_log_commit_payload_in_block (SpEventLog *self,
                                                   gsize       reserved,
                                                   gsize       size,
                                                   gsize      *offset);

G_END_DECLS
