/* sp-capture-store.h: the bound on captured payload bytes
 *
 * Every payload an event log keeps counts against one limit (256 MiB by
 * default, Preferences can change it). Past it the oldest payloads, of
 * whichever log, are released; the events stay, with their sizes, and
 * the logs' byte and event counters stay exact.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SP_CAPTURE_STORE_DEFAULT_LIMIT ((guint64) 256 * 1024 * 1024)
#define SP_CAPTURE_STORE_MIN_LIMIT     ((guint64) 1024 * 1024)

#define SP_TYPE_CAPTURE_STORE (sp_capture_store_get_type ())
G_DECLARE_FINAL_TYPE (SpCaptureStore, sp_capture_store, SP, CAPTURE_STORE, GObject)

/* The store new event logs use: one per process, so the limit bounds the
 * whole app. */
SpCaptureStore *sp_capture_store_get_default    (void);
SpCaptureStore *sp_capture_store_new            (guint64         limit);
guint64         sp_capture_store_get_limit      (SpCaptureStore *self);
/* Releases the oldest payloads at once if more than @limit is kept. Values
 * below SP_CAPTURE_STORE_MIN_LIMIT are raised to it. */
void            sp_capture_store_set_limit      (SpCaptureStore *self,
                                                 guint64         limit);
guint64         sp_capture_store_get_bytes_kept (SpCaptureStore *self);
/* Payload bytes released since the store was made. */
guint64         sp_capture_store_get_bytes_released (SpCaptureStore *self);


/* Where a read of up to @size bytes can land, to become a payload with
 * sp_capture_store_commit() without being copied (small reads land in a
 * shared block, large ones in a buffer of their own). Valid until the next
 * reserve or commit. */
guint8         *sp_capture_store_reserve        (SpCaptureStore *self,
                                                 gsize           size);
/* The first @size (> 0) bytes of what was reserved with @reserved, as a
 * payload. */
GBytes         *sp_capture_store_commit         (SpCaptureStore *self,
                                                 gsize           reserved,
                                                 gsize           size);
/* The same without a GBytes of its own: returns (a new reference to) the
 * block the payload is in, and its @offset there; the payload is the @size
 * bytes from @offset. */
GBytes         *sp_capture_store_commit_in_block (SpCaptureStore *self,
                                                  gsize           reserved,
                                                  gsize           size,
                                                  gsize          *offset);

/* For what keeps payloads in the store (event logs): how the store lets go
 * of the oldest payload of all when it is over its limit. */
typedef struct {
  /* The time of @holder's oldest kept payload; FALSE when it keeps none. */
  gboolean (*peek_oldest_kept) (GObject *holder,
                                gint64  *time_us);
  /* Releases @holder's oldest kept payload; returns its size. */
  gsize    (*release_oldest)   (GObject *holder);
} SpCaptureHolderFuncs;

/* The store keeps no reference on a holder: it leaves when finalized. */
void            sp_capture_store_add_holder     (SpCaptureStore             *self,
                                                 GObject                    *holder,
                                                 const SpCaptureHolderFuncs *funcs);
void            sp_capture_store_remove_holder  (SpCaptureStore             *self,
                                                 GObject                    *holder);
/* A holder kept @n_bytes more; may release old payloads, its own among them. */
void            sp_capture_store_kept           (SpCaptureStore *self,
                                                 gsize           n_bytes);
/* A holder let go of @n_bytes it kept (cleared). */
void            sp_capture_store_forgot         (SpCaptureStore *self,
                                                 guint64         n_bytes);

G_END_DECLS
