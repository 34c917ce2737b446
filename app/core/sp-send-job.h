/* sp-send-job.h: "every T ms, N times": a message sent from a GLib timeout
 * in the main loop, one message per tick, each through the endpoint's
 * usual send path (so every send() call is its own "sent" row)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sp-endpoint.h"

G_BEGIN_DECLS

#define SP_SEND_JOB_MIN_INTERVAL_MS 10
#define SP_SEND_JOB_MAX_INTERVAL_MS (60 * 60 * 1000)

#define SP_TYPE_SEND_JOB (sp_send_job_get_type ())
G_DECLARE_FINAL_TYPE (SpSendJob, sp_send_job, SP, SEND_JOB, GObject)

/* @text_encoding: the SpTextEncoding the text was typed in, or -1 for
 * bytes (hex). @target: NULL for every connection / peer. */
SpSendJob  *sp_send_job_new               (SpEndpoint    *endpoint,
                                           GBytes        *bytes,
                                           int            text_encoding,
                                           SpConnection  *target,
                                           guint          interval_ms,
                                           guint          count);
/* Checks the interval and count, sends the first message at once and the
 * others every interval_ms. FALSE, sending nothing, with the reason. The
 * job keeps itself alive until it finishes or is stopped. */
gboolean    sp_send_job_start             (SpSendJob     *self,
                                           GError       **error);
/* No send after this returns; says in the log how far it got. Also when
 * the endpoint stops, or a send fails (the error message says why). */
void        sp_send_job_stop              (SpSendJob     *self);
gboolean    sp_send_job_get_running       (SpSendJob     *self);
/* Messages handed to the socket so far (k of N). */
guint       sp_send_job_get_sent          (SpSendJob     *self);
guint       sp_send_job_get_count         (SpSendJob     *self);
guint       sp_send_job_get_interval      (SpSendJob     *self);
/* Why it ended early, or NULL. */
const char *sp_send_job_get_error_message (SpSendJob     *self);
/* FALSE with a specific message if @interval_ms or @count is out of range. */
gboolean    sp_send_job_check             (guint          interval_ms,
                                           guint          count,
                                           GError       **error);

G_END_DECLS
