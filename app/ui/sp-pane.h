/* sp-pane.h: one endpoint on screen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sp-composer.h"
#include "sp-endpoint.h"
#include "sp-text-codec.h"

G_BEGIN_DECLS

#define SP_TYPE_PANE (sp_pane_get_type ())
G_DECLARE_FINAL_TYPE (SpPane, sp_pane, SP, PANE, GtkWidget)

GtkWidget   *sp_pane_new          (SpEndpoint *endpoint,
                                   guint       number);
SpEndpoint  *sp_pane_get_endpoint (SpPane     *self);
guint        sp_pane_get_number   (SpPane     *self);
/* "TCP server 1": the pane's kind and number, translated. */
char        *sp_pane_dup_title    (SpPane     *self);

/* Says the pane was closed and brought back, its sockets closed, until
 * its endpoint starts again. */
void         sp_pane_set_reopened (SpPane         *self,
                                   gboolean        reopened);
gboolean     sp_pane_get_reopened (SpPane         *self);
/* Selects @event in the log and shows its bytes. */
void         sp_pane_select_event (SpPane         *self,
                                   SpEvent        *event);
/* The composer, for saving and opening sessions. */
void         sp_pane_get_composer (SpPane         *self,
                                   SpTextEncoding *encoding,
                                   char          **message,
                                   gboolean       *send_as_hex);
void         sp_pane_set_composer (SpPane         *self,
                                   SpTextEncoding  encoding,
                                   const char     *message,
                                   gboolean        send_as_hex);
/* Its ×N, timer and file chunks (see sp_composer_get_send_settings()). */
SpComposer  *sp_pane_get_composer_widget (SpPane      *self);

G_END_DECLS
