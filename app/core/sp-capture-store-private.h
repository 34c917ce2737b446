/* sp-capture-store-private.h: between the capture store and event logs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sp-capture-store.h"
#include "sp-event-log.h"

G_BEGIN_DECLS

/* The store keeps no reference on its logs: a log leaves when finalized. */
void     sp_capture_store_add_log        (SpCaptureStore *self,
                                          SpEventLog     *log);
void     sp_capture_store_remove_log     (SpCaptureStore *self,
                                          SpEventLog     *log);
/* @log kept @n_bytes more; may release old payloads, @log's among them. */
void     sp_capture_store_kept           (SpCaptureStore *self,
                                          gsize           n_bytes);
/* @log let go of @n_bytes it kept (cleared). */
void     sp_capture_store_forgot         (SpCaptureStore *self,
                                          guint64         n_bytes);

/* The time of @self's oldest kept payload; FALSE when it keeps none. */
gboolean sp_event_log_peek_oldest_kept   (SpEventLog     *self,
                                          gint64         *time_us);
/* Releases @self's oldest kept payload; returns its size. */
gsize    sp_event_log_release_oldest     (SpEventLog     *self);

G_END_DECLS
