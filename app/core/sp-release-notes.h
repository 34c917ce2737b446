/* sp-release-notes.h: the newest release's notes from the app's AppStream
 * metainfo, as the About window shows them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Reads the first <release> of the metainfo @data (AppStream lists the
 * newest first): its version and its <description> as AppStream markup
 * (<p>, <ul>, <ol>, <li>, <em>, <code>), each paragraph and item in the
 * interface's language through the app's catalogue (the metainfo's
 * xml:lang copies come from the same translations). FALSE with @error
 * when @data is not XML or has no release with a description. */
gboolean sp_release_notes_read (const char  *data,
                                gssize       length,
                                char       **version,
                                char       **notes,
                                GError     **error);

G_END_DECLS
