/* sp-call-trace.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sp-call-trace.h"
#include "sp-errno.h"

struct _SpCallTrace
{
  SpEventLog *log;
  /* Counted here: the log's own count lags while it is frozen. */
  guint       n_traced;
};

SpCallTrace *
sp_call_trace_new (void)
{
  SpCallTrace *self = g_new0 (SpCallTrace, 1);

  self->log = sp_event_log_new ();
  return self;
}

void
sp_call_trace_free (SpCallTrace *self)
{
  if (self == NULL)
    return;

  g_clear_object (&self->log);
  g_free (self);
}

SpEventLog *
sp_call_trace_get_log (SpCallTrace *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->log;
}

gboolean
sp_call_trace_is_recording (SpCallTrace *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->n_traced < SP_CALL_TRACE_MAX_CALLS;
}

/* Counts a line; for the last one, says the trace stops instead and
 * returns FALSE. */
static gboolean
count_line (SpCallTrace *self,
            guint        connection_id)
{
  g_autofree char *stops = NULL;
  SpEventInit init = {
    .kind = SP_EVENT_KIND_CALL,
    .connection_id = connection_id,
  };

  if (++self->n_traced < SP_CALL_TRACE_MAX_CALLS)
    return TRUE;

  stops = g_strdup_printf (_("… the trace stops after %u calls; the log still lists every event"),
                           SP_CALL_TRACE_MAX_CALLS - 1);
  init.message = stops;
  sp_event_log_add_now (self->log, &init);
  return FALSE;
}

void
sp_call_trace_add (SpCallTrace *self,
                   guint        connection_id,
                   int          errnum,
                   const char  *format,
                   ...)
{
  g_autofree char *text = NULL;
  va_list args;
  SpEventInit init = {
    .kind = SP_EVENT_KIND_CALL,
    .connection_id = connection_id,
    .errnum = errnum,
  };

  if (!sp_call_trace_is_recording (self))
    return;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  init.message = text;
  if (count_line (self, connection_id))
    sp_event_log_add_now (self->log, &init);
}

void
sp_call_trace_add_read (SpCallTrace *self,
                        guint        connection_id,
                        SpCallForm   form,
                        guint        read_size,
                        SpEventLog  *events,
                        guint        position)
{
  if (sp_call_trace_is_recording (self) && count_line (self, connection_id))
    sp_event_log_add_read_call (self->log, connection_id, form, read_size, events, position);
}

void
sp_call_trace_add_failure (SpCallTrace  *self,
                           guint         connection_id,
                           const char   *call,
                           const char   *address,
                           const GError *error)
{
  int errnum = sp_errno_from_error (error);
  const char *name = sp_errno_name (errnum);

  if (name != NULL)
    sp_call_trace_add (self, connection_id, errnum, "%s(%s) → error %s (%s)", call,
                       address ? address : "", name, g_strerror (errnum));
  else
    sp_call_trace_add (self, connection_id, 0, "%s(%s) → error: %s", call,
                       address ? address : "", error->message);
}
