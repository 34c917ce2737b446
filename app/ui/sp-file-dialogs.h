/* sp-file-dialogs.h: saving and opening files through the file chooser
 * portal (GtkFileChooserNative), with errors said in a dialog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Once the file is written, sp_save_bytes_as() activates this action on
 * its window with the file's URI and size, "(st)". */
#define SP_FILE_SAVED_ACTION "win.file-saved"

/* Asks where to save, then writes @bytes there without blocking. */
void sp_save_bytes_as (GtkWindow  *parent,
                       const char *title,
                       const char *suggested_name,
                       GBytes     *bytes);

typedef void (*SpOpenFunc) (GtkWindow *parent,
                            GFile     *file,
                            gpointer   user_data);

/* Asks for a file to open; @callback gets it (not yet read). */
void sp_open_file     (GtkWindow  *parent,
                       const char *title,
                       const char *pattern,
                       SpOpenFunc  callback,
                       gpointer    user_data);

/* Shows the folder @file is in, in the file manager. */
void sp_show_in_folder (GtkWindow *parent,
                        GFile     *file);

/* A modal message for a failed file operation. */
void sp_show_error    (GtkWindow  *parent,
                       const char *primary,
                       const char *secondary);

G_END_DECLS
