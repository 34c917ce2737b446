/* sp-file-dialogs.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>

#include <adwaita.h>
#include <gio/gunixfdlist.h>
#include <glib/gi18n.h>

#include "sp-file-dialogs.h"

void
sp_show_error (GtkWindow  *parent,
               const char *primary,
               const char *secondary)
{
  GtkWidget *dialog = adw_message_dialog_new (parent, primary, secondary);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
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
  else if (data->parent != NULL)
    {
      g_autofree char *uri = g_file_get_uri (G_FILE (object));

      /* The window says where it went (a toast); elsewhere nothing does. */
      gtk_widget_activate_action (GTK_WIDGET (data->parent), SP_FILE_SAVED_ACTION, "(st)",
                                  uri, (guint64) g_bytes_get_size (data->bytes));
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

/* Showing a saved file's folder ------------------------------------------ */

typedef struct {
  GtkWindow *parent;
  GFile     *file;
} ShowData;

static void
show_data_free (ShowData *data)
{
  g_clear_object (&data->parent);
  g_object_unref (data->file);
  g_free (data);
}

static void
folder_launched_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  ShowData *data = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    sp_show_error (data->parent, _("Could not open the folder"), error->message);
  show_data_free (data);
}

/* Without the portal: the folder in whatever opens folders. */
static void
launch_folder (ShowData *data)
{
  g_autoptr(GFile) folder = g_file_get_parent (data->file);
  g_autofree char *uri = g_file_get_uri (folder != NULL ? folder : data->file);
  g_autoptr(GAppLaunchContext) context = NULL;

  if (data->parent != NULL)
    context = G_APP_LAUNCH_CONTEXT (gdk_display_get_app_launch_context (gtk_widget_get_display (GTK_WIDGET (data->parent))));
  g_app_info_launch_default_for_uri_async (uri, context, NULL, folder_launched_cb, data);
}

static void
open_directory_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ShowData *data = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;

  reply = g_dbus_connection_call_with_unix_fd_list_finish (G_DBUS_CONNECTION (object), NULL, result, &error);
  if (reply != NULL)
    {
      show_data_free (data);
      return;
    }

  g_debug ("OpenURI portal: %s", error->message);
  launch_folder (data);
}

void
sp_show_in_folder (GtkWindow *parent,
                   GFile     *file)
{
  GApplication *application = g_application_get_default ();
  GDBusConnection *bus = application ? g_application_get_dbus_connection (application) : NULL;
  g_autofree char *path = g_file_get_path (file);
  ShowData *data = g_new0 (ShowData, 1);
  g_autoptr(GUnixFDList) fds = NULL;
  int fd;

  data->parent = parent ? g_object_ref (parent) : NULL;
  data->file = g_object_ref (file);

  /* In a Flatpak, a file chosen through the portal lives in the document
   * portal: its real folder is known to the OpenURI portal only, which
   * shows it with the file selected. */
  fd = (bus != NULL && path != NULL) ? open (path, O_RDONLY | O_CLOEXEC) : -1;
  if (fd < 0)
    {
      launch_folder (data);
      return;
    }

  fds = g_unix_fd_list_new_from_array (&fd, 1);
  g_dbus_connection_call_with_unix_fd_list (bus,
                                            "org.freedesktop.portal.Desktop",
                                            "/org/freedesktop/portal/desktop",
                                            "org.freedesktop.portal.OpenURI",
                                            "OpenDirectory",
                                            g_variant_new ("(sha{sv})", "", 0, NULL),
                                            NULL, G_DBUS_CALL_FLAGS_NONE, -1, fds, NULL,
                                            open_directory_cb, data);
}
