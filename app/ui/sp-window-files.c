/* sp-window-files.c: sessions and exports
 *
 * Every file written is confirmed by a toast naming it, with a button to
 * show its folder; a session that would replace panes in use asks first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sp-export.h"
#include "sp-file-dialogs.h"
#include "sp-session-file.h"
#include "sp-window-private.h"

static void
export_pcapng_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  SpWindow *self = SP_WINDOW (widget);
  g_autoptr(GPtrArray) endpoints = g_ptr_array_new ();
  g_autoptr(GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GBytes) capture = NULL;
  g_autoptr(GError) error = NULL;

  sp_window_collect_panes (self, endpoints, titles);
  capture = sp_export_pcapng (endpoints, titles, &error);
  if (capture == NULL)
    {
      sp_show_error (GTK_WINDOW (self), _("Could not export the capture"), error->message);
      return;
    }

  sp_save_bytes_as (GTK_WINDOW (self), _("Export as pcapng"), "socket-playground.pcapng", capture);
}

static void
export_log_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SpWindow *self = SP_WINDOW (widget);
  g_autoptr(GPtrArray) endpoints = g_ptr_array_new ();
  g_autoptr(GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GBytes) bytes = NULL;
  char *csv;

  sp_window_collect_panes (self, endpoints, titles);
  csv = sp_export_log_csv (endpoints, titles);
  bytes = g_bytes_new_take (csv, strlen (csv));
  sp_save_bytes_as (GTK_WINDOW (self), _("Export Log as CSV"), "socket-playground-log.csv", bytes);
}

static void
save_session_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SpWindow *self = SP_WINDOW (widget);
  g_autoptr(GPtrArray) panes = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_session_pane_free);
  g_autoptr(GBytes) bytes = NULL;
  char *text;
  gsize length;

  for (guint i = 0; i < sp_window_get_n_panes (self); i++)
    {
      SpPane *pane = sp_window_get_pane (self, i);
      SpSessionPane *saved = g_new0 (SpSessionPane, 1);

      sp_session_pane_init_from_endpoint (saved, sp_pane_get_endpoint (pane));
      sp_pane_get_composer (pane, &saved->encoding, &saved->message, &saved->send_as_hex);
      sp_composer_get_send_settings (sp_pane_get_composer_widget (pane), &saved->send_count,
                                     &saved->send_interval_ms, &saved->file_chunk_size);
      g_ptr_array_add (panes, saved);
    }

  text = sp_session_file_write (panes, &length);
  if (length > SP_SESSION_MAX_FILE_SIZE)
    {
      g_free (text);
      sp_show_error (GTK_WINDOW (self), _("Could not save the session"),
                     _("The messages in the panes are too long for a session file (1 MiB at most)."));
      return;
    }

  bytes = g_bytes_new_take (text, length);
  sp_save_bytes_as (GTK_WINDOW (self), _("Save Session"), "lesson.spsession", bytes);
}

/* "Saved 1.2 MiB to capture.pcapng", from sp_save_bytes_as(). */
static void
file_saved_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SpWindow *self = SP_WINDOW (widget);
  const char *uri;
  guint64 size;
  g_autoptr(GFile) file = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *name = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *size_text = NULL;
  AdwToast *toast;

  g_variant_get (parameter, "(&st)", &uri, &size);
  file = g_file_new_for_uri (uri);
  basename = g_file_get_basename (file);
  name = g_filename_display_name (basename);
  /* The toast's title is markup; a file may be called "a & b.csv". */
  escaped = g_markup_escape_text (name, -1);
  size_text = g_format_size_full (size, G_FORMAT_SIZE_IEC_UNITS);

  /* TRANSLATORS: "Saved 1.2 MiB to capture.pcapng" */
  toast = adw_toast_new_format (_("Saved %s to %s"), size_text, escaped);
  adw_toast_set_button_label (toast, _("_Open Folder"));
  adw_toast_set_action_name (toast, "win.show-in-folder");
  adw_toast_set_action_target_value (toast, g_variant_new_string (uri));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
show_in_folder_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (parameter, NULL));

  sp_show_in_folder (GTK_WINDOW (widget), file);
}

static void
apply_session (SpWindow  *self,
               GPtrArray *panes)
{
  sp_window_forget_closed_pane (self);
  while (sp_window_get_n_panes (self) > 0)
    sp_window_remove_pane (self, sp_window_get_pane (self, 0));
  /* A new session counts its panes from 1 again. */
  self->next_number = 1;

  for (guint i = 0; i < panes->len; i++)
    {
      SpSessionPane *saved = panes->pdata[i];
      SpPane *pane = sp_window_add_pane (self, saved->kind);

      sp_session_pane_apply (saved, sp_pane_get_endpoint (pane));
      sp_pane_set_composer (pane, saved->encoding, saved->message, saved->send_as_hex);
      sp_composer_set_send_settings (sp_pane_get_composer_widget (pane), saved->send_count,
                                     saved->send_interval_ms, saved->file_chunk_size);
    }

  sp_window_save_layout (self);
}

/* Replaces the panes with the session's; nothing changes when @data is not
 * a valid session, and the reason is shown. */
gboolean
sp_window_load_session (SpWindow    *self,
                        const char  *data,
                        gsize        length,
                        GError     **error)
{
  g_autoptr(GPtrArray) panes = sp_session_file_read (data, length, error);

  g_return_val_if_fail (SP_IS_WINDOW (self), FALSE);

  if (panes == NULL)
    return FALSE;

  apply_session (self, panes);
  return TRUE;
}

/* Something would be lost: a socket open, or a log with events in it. */
static gboolean
panes_in_use (SpWindow *self)
{
  for (guint i = 0; i < sp_window_get_n_panes (self); i++)
    {
      SpEndpoint *endpoint = sp_pane_get_endpoint (sp_window_get_pane (self, i));

      if (sp_endpoint_get_state (endpoint) != SP_ENDPOINT_STATE_STOPPED ||
          g_list_model_get_n_items (G_LIST_MODEL (sp_endpoint_get_events (endpoint))) > 0)
        return TRUE;
    }

  return FALSE;
}

typedef struct {
  SpWindow  *window;
  GPtrArray *panes;
} ReplaceData;

static void
replace_data_free (gpointer  user_data,
                   GClosure *closure)
{
  ReplaceData *data = user_data;

  g_object_unref (data->window);
  g_ptr_array_unref (data->panes);
  g_free (data);
}

static void
replace_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     ReplaceData      *data)
{
  if (g_str_equal (response, "replace"))
    apply_session (data->window, data->panes);
}

static void
ask_to_replace (SpWindow  *self,
                GPtrArray *panes)
{
  guint n = sp_window_get_n_panes (self);
  ReplaceData *data = g_new0 (ReplaceData, 1);
  GtkWidget *dialog;

  data->window = g_object_ref (self);
  data->panes = g_ptr_array_ref (panes);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), NULL, NULL);
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog),
                                     ngettext ("Replace the open pane?",
                                               "Replace the %u open panes?", n), n);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                               _("The session’s panes take their place: open sockets close and their logs are discarded. "
                                 "To keep a log, export it first."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "replace", _("_Replace"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "replace",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (replace_response_cb),
                         data, replace_data_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
session_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(SpWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) panes = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (g_file_load_contents_finish (G_FILE (object), result, &contents, &length, NULL, &error))
    panes = sp_session_file_read (contents, length, &error);

  if (panes == NULL)
    {
      g_autofree char *name = g_file_get_parse_name (G_FILE (object));
      g_autofree char *primary = g_strdup_printf (_("Could not open “%s”"), name);

      sp_show_error (GTK_WINDOW (self), primary, error->message);
    }
  else if (panes_in_use (self))
    ask_to_replace (self, panes);
  else
    apply_session (self, panes);
}

void
sp_window_open_session (SpWindow *self,
                        GFile    *file)
{
  g_return_if_fail (SP_IS_WINDOW (self));

  g_file_load_contents_async (file, NULL, session_loaded_cb, g_object_ref (self));
}

static void
session_chosen_cb (GtkWindow *parent,
                   GFile     *file,
                   gpointer   user_data)
{
  sp_window_open_session (SP_WINDOW (parent), file);
}

static void
open_session_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  sp_open_file (GTK_WINDOW (widget), _("Socket Playground sessions"), "*.spsession",
                session_chosen_cb, NULL);
}

static void
lesson_file_chosen_cb (GtkWindow *parent,
                       GFile     *file,
                       gpointer   user_data)
{
  sp_window_set_lessons_visible (SP_WINDOW (parent), TRUE);
  sp_lesson_panel_open_file (sp_window_get_lesson_panel (SP_WINDOW (parent)), file);
}

static void
open_lesson_file_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  sp_open_file (GTK_WINDOW (widget), _("Lesson files"), "*.splesson", lesson_file_chosen_cb, NULL);
}

void
sp_window_class_init_files (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.export-pcapng", NULL, export_pcapng_action);
  gtk_widget_class_install_action (widget_class, "win.export-log", NULL, export_log_action);
  gtk_widget_class_install_action (widget_class, "win.save-session", NULL, save_session_action);
  gtk_widget_class_install_action (widget_class, "win.open-session", NULL, open_session_action);
  gtk_widget_class_install_action (widget_class, "win.open-lesson-file", NULL, open_lesson_file_action);
  gtk_widget_class_install_action (widget_class, SP_FILE_SAVED_ACTION, "(st)", file_saved_action);
  gtk_widget_class_install_action (widget_class, "win.show-in-folder", "s", show_in_folder_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open-session", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "win.save-session", NULL);
  /* Also where the application sets no accelerators (as in the tests). */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_q, GDK_CONTROL_MASK, "app.quit", NULL);
}
