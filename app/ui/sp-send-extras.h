/* sp-send-extras.h: the composer's ⋮ menu: timed sends (every N ms) and
 * sending a file (whole, or in chunks of N bytes)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SP_TYPE_SEND_EXTRAS (sp_send_extras_get_type ())
G_DECLARE_FINAL_TYPE (SpSendExtras, sp_send_extras, SP, SEND_EXTRAS, GtkWidget)

/* The ranges and starting values of its spin buttons (ui/sp-send-extras.ui). */
#define SP_SEND_EXTRAS_MIN_INTERVAL_MS     10
#define SP_SEND_EXTRAS_MAX_INTERVAL_MS     3600000
#define SP_SEND_EXTRAS_DEFAULT_INTERVAL_MS 500
#define SP_SEND_EXTRAS_MAX_CHUNK_SIZE      16777216
#define SP_SEND_EXTRAS_DEFAULT_CHUNK_SIZE  1024

/* Properties: "timed", "interval" (ms), "chunked", "chunk-size" (bytes)
 * and "can-send-file"; the signal "send-file" asks for a file to send. */
GtkWidget *sp_send_extras_new (void);

G_END_DECLS
