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
/* Sends the message as the composer says, or shows inline why not. */
void            sp_composer_send         (SpComposer     *self);

G_END_DECLS
