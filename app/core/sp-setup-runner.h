/* sp-setup-runner.h: runs a lesson step's setup commands ("Set it up for
 * me") against the panes, in the main loop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sp-endpoint.h"

G_BEGIN_DECLS

/* What the runner needs from whoever owns the panes (the window, or a test). */
typedef struct {
  /* Pane @position (1 = leftmost) as that kind, host and port: created if
   * missing, stopped and changed if different. */
  SpEndpoint *(*ensure)   (gpointer        data,
                           guint           position,
                           SpEndpointKind  kind,
                           const char     *host,
                           guint           port);
  /* Pane @position, or NULL. */
  SpEndpoint *(*lookup)   (gpointer        data,
                           guint           position);
} SpSetupHost;

#define SP_SETUP_ERROR (sp_setup_error_quark ())
typedef enum {
  SP_SETUP_ERROR_SYNTAX,
  SP_SETUP_ERROR_NO_PANE,
  SP_SETUP_ERROR_FAILED,
} SpSetupError;

GQuark   sp_setup_error_quark (void);

/* Checks that every command is known and well formed, without running it. */
gboolean sp_setup_validate    (const char * const   *commands,
                               GError              **error);

void     sp_setup_run_async   (const char * const   *commands,
                               const SpSetupHost    *host,
                               gpointer              host_data,
                               GCancellable         *cancellable,
                               GAsyncReadyCallback   callback,
                               gpointer              user_data);
gboolean sp_setup_run_finish  (GAsyncResult         *result,
                               GError              **error);

G_END_DECLS
