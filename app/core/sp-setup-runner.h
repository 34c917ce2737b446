/* sp-setup-runner.h: runs a lesson step's setup commands ("Set it up for
 * me") against the panes, in the main loop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sp-endpoint.h"
#include "sp-text-codec.h"

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
  /* Sets pane @position's Encoding (how its received bytes read, and
   * what typed text becomes) and returns the one it had. */
  SpTextEncoding (*set_encoding) (gpointer        data,
                                  guint           position,
                                  SpTextEncoding  encoding);
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
/* @changes (may be NULL): what the run changed in the panes so far, one
 * translated line each ("Pane 2: Encoding GBK → UTF-8"), even when it
 * failed; free with g_strfreev(). */
gboolean sp_setup_run_finish  (GAsyncResult         *result,
                               GStrv                *changes,
                               GError              **error);

G_END_DECLS
