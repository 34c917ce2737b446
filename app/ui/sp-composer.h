/* sp-composer.h: what a pane sends: the message, as text or hex, its
 * encoding and line ending, how many times, and the button that sends
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sp-endpoint.h"
#include "sp-text-codec.h"

G_BEGIN_DECLS

#define SP_TYPE_COMPOSER (sp_composer_get_type ())
G_DECLARE_FINAL_TYPE (SpComposer, sp_composer, SP, COMPOSER, GtkWidget)

/* A server's composer sends to its "target" connection, or to every
 * connection with "send-to-all"; other endpoints have one peer. */
GtkWidget      *sp_composer_new          (void);
SpEndpoint     *sp_composer_get_endpoint (SpComposer     *self);
void            sp_composer_set_endpoint (SpComposer     *self,
                                          SpEndpoint     *endpoint);
SpTextEncoding  sp_composer_get_encoding (SpComposer     *self);
void            sp_composer_set_encoding (SpComposer     *self,
                                          SpTextEncoding  encoding);
/* The message as typed, and whether it is sent as hex. */
char           *sp_composer_dup_message  (SpComposer     *self,
                                          gboolean       *send_as_hex);
void            sp_composer_set_message  (SpComposer     *self,
                                          const char     *message,
                                          gboolean        send_as_hex);
/* Sends the message as the composer says (×N back to back, or ×N on a
 * timer with "Every T ms"), or shows inline why not. */
void            sp_composer_send         (SpComposer     *self);
/* Sends @file's bytes to where Send goes, whole or in the chosen chunks,
 * with progress and Stop; failures are shown inline. "Send a File…" does
 * this with the file chosen. */
void            sp_composer_send_file    (SpComposer     *self,
                                          GFile          *file);
/* What sessions keep: the ×N count, the timer's interval (0: off, back to
 * back) and the file chunk size (0: one sendall()). */
void            sp_composer_get_send_settings (SpComposer *self,
                                               guint      *count,
                                               guint      *interval_ms,
                                               guint      *chunk_size);
void            sp_composer_set_send_settings (SpComposer *self,
                                               guint       count,
                                               guint       interval_ms,
                                               guint       chunk_size);

G_END_DECLS
