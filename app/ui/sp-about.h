/* sp-about.h: the About window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* An AdwAboutWindow for the app, over @parent (may be NULL), with the
 * newest release's notes from the metainfo built into the resources. */
GtkWindow *sp_about_window_new (GtkWindow *parent);

G_END_DECLS
