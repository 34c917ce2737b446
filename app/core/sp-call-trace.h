/* sp-call-trace.h: the socket-call recorder — one line per call an
 * endpoint makes, in the tutorials' Python notation
 * ("bind(('127.0.0.1', 8081))", "conn1.recv(1024) → b'hi' (2 bytes)")
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sp-event-log.h"

G_BEGIN_DECLS

/* The trace is for reading: a flood's millionth recv() adds nothing to it
 * but memory and time. Past this many calls it says so once and stops. */
#define SP_CALL_TRACE_MAX_CALLS 100000

typedef struct _SpCallTrace SpCallTrace;

SpCallTrace *sp_call_trace_new          (void);
void         sp_call_trace_free         (SpCallTrace  *self);
/* The lines, SP_EVENT_KIND_CALL events, oldest first. */
SpEventLog  *sp_call_trace_get_log      (SpCallTrace  *self);
/* FALSE once the trace has stopped: skip formatting a line then. */
gboolean     sp_call_trace_is_recording (SpCallTrace  *self);
/* One line, made of @format; @errnum is the errno the call failed with. */
void         sp_call_trace_add          (SpCallTrace  *self,
                                         guint         connection_id,
                                         int           errnum,
                                         const char   *format,
                                         ...) G_GNUC_PRINTF (4, 5);
/* A read that made the RECEIVED event at @position in @events: the line is
 * written from that record when first shown, so tracing a flood formats
 * nothing and makes no object. */
void         sp_call_trace_add_read     (SpCallTrace  *self,
                                         guint         connection_id,
                                         SpCallForm    form,
                                         guint         read_size,
                                         SpEventLog   *events,
                                         guint         position);
/* "bind(127.0.0.1:80) → error EACCES (Permission denied)". */
void         sp_call_trace_add_failure  (SpCallTrace  *self,
                                         guint         connection_id,
                                         const char   *call,
                                         const char   *address,
                                         const GError *error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpCallTrace, sp_call_trace_free)

G_END_DECLS
