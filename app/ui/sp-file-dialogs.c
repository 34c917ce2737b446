/* sp-file-dialogs.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sp-file-dialogs.h"

void
sp_show_error (GtkWindow  *parent,
               const char *primary,
               const char *secondary)
{
  GtkWidget *dialog = gtk_message_dialog_new (parent, GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                              GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE, "%s", primary);

  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", secondary);
  g_signal_connect (dialog, "response", G_CALLBACK (gtk_window_destroy), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

typedef struct {
  GtkWindow *parent;
  GBytes    *bytes;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_clear_object (&data->parent);
  g_bytes_unref (data->bytes);
  g_free (data);
}

static void
replace_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  SaveData *data = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    {
      g_autofree char *name = g_file_get_parse_name (G_FILE (object));
      g_autofree char *primary = g_strdup_printf (_("Could not save “%s”"), name);

      sp_show_error (data->parent, primary, error->message);
    }

  save_data_free (data);
}

static void
save_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  SaveData        *data)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

  if (file != NULL)
    g_file_replace_contents_bytes_async (file, data->bytes, NULL, FALSE,
                                         G_FILE_CREATE_REPLACE_DESTINATION, NULL,
                                         replace_done_cb, data);
  else
    save_data_free (data);

  g_object_unref (dialog);
}

void
sp_save_bytes_as (GtkWindow  *parent,
                  const char *title,
                  const char *suggested_name,
                  GBytes     *bytes)
{
  GtkFileChooserNative *dialog;
  SaveData *data = g_new0 (SaveData, 1);

  data->parent = parent ? g_object_ref (parent) : NULL;
  data->bytes = g_bytes_ref (bytes);

  dialog = gtk_file_chooser_native_new (title, parent, GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), suggested_name);
  g_signal_connect (dialog, "response", G_CALLBACK (save_response_cb), data);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

typedef struct {
  GtkWindow  *parent;
  SpOpenFunc  callback;
  gpointer    user_data;
} OpenData;

static void
open_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  OpenData        *data)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL)
        data->callback (data->parent, file, data->user_data);
    }

  g_clear_object (&data->parent);
  g_free (data);
  g_object_unref (dialog);
}

void
sp_open_file (GtkWindow  *parent,
              const char *title,
              const char *pattern,
              SpOpenFunc  callback,
              gpointer    user_data)
{
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  OpenData *data = g_new0 (OpenData, 1);

  data->parent = parent ? g_object_ref (parent) : NULL;
  data->callback = callback;
  data->user_data = user_data;

  dialog = gtk_file_chooser_native_new (title, parent, GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_filter_add_pattern (filter, pattern);
  gtk_file_filter_set_name (filter, title);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  g_signal_connect (dialog, "response", G_CALLBACK (open_response_cb), data);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}
