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

/* Properties: "timed", "interval" (ms), "chunked", "chunk-size" (bytes)
 * and "can-send-file"; the signal "send-file" asks for a file to send. */
GtkWidget *sp_send_extras_new (void);

G_END_DECLS
