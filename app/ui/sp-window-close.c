/* sp-window-close.c: closing a pane, and bringing it back
 *
 * A closed pane's endpoint is stopped but kept, log and all, in an
 * SpClosedPane while its toast offers Undo; Undo builds a new pane around
 * the same endpoint at the same place. The last close is the one Undo
 * brings back: closing another pane makes the earlier one final.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sp-window-private.h"

static guint
pane_position (SpWindow *self,
               SpPane   *pane)
{
  guint position = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->panes_box));
       child != NULL && child != GTK_WIDGET (pane);
       child = gtk_widget_get_next_sibling (child))
    position++;

  return position;
}

/* The toast is gone (timed out, closed, or Undo clicked): the close is
 * final unless Undo already took the pane back. */
static void
undo_toast_dismissed_cb (SpWindow *self,
                         AdwToast *toast)
{
  if (self->undo_toast != toast)
    return;

  self->undo_toast = NULL;
  g_clear_object (&self->closed_pane);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo-close", FALSE);
}

void
sp_window_close_pane (SpWindow *self,
                      SpPane   *pane)
{
  g_autofree char *title = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *message = NULL;
  SpTextEncoding encoding;
  gboolean send_as_hex;
  g_return_if_fail (SP_IS_WINDOW (self));
  g_return_if_fail (SP_IS_PANE (pane));

  /* An earlier close, if its toast is still up, is final now. */
  g_clear_object (&self->closed_pane);
  title = sp_pane_dup_title (pane);
  sp_pane_get_composer (pane, &encoding, &message, &send_as_hex);
  self->closed_pane = sp_closed_pane_new (sp_pane_get_endpoint (pane),
                                          sp_pane_get_number (pane),
                                          pane_position (self, pane),
                                          encoding, message, send_as_hex);
  sp_window_remove_pane (self, pane);

  /* The toast's title is markup. */
  escaped = g_markup_escape_text (title, -1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo-close", TRUE);
  if (self->undo_toast != NULL)
    {
      /* The toast already up now offers this pane. Not dismissed and
       * replaced: libadwaita 1.2 crashes dismissing a toast that is still
       * sliding in, as it is after two quick closes. */
      g_autofree char *text = g_strdup_printf (_("%s closed"), escaped);

      adw_toast_set_title (self->undo_toast, text);
      return;
    }

  /* TRANSLATORS: %s is a pane's title, e.g. "TCP server 1 closed" */
  self->undo_toast = adw_toast_new_format (_("%s closed"), escaped);
  adw_toast_set_button_label (self->undo_toast, _("_Undo"));
  adw_toast_set_action_name (self->undo_toast, "win.undo-close");
  /* Over a toast about a save, which can wait: Undo can't for long. */
  adw_toast_set_priority (self->undo_toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_object (self->undo_toast, "dismissed", G_CALLBACK (undo_toast_dismissed_cb),
                           self, G_CONNECT_SWAPPED);
  adw_toast_overlay_add_toast (self->toast_overlay, self->undo_toast);
}

static void
undo_close_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SpWindow *self = SP_WINDOW (widget);
  g_autoptr(SpClosedPane) closed = g_steal_pointer (&self->closed_pane);
  const char *message;
  gboolean send_as_hex;
  SpPane *pane;

  /* Its toast goes by itself: the Undo button dismisses it. */
  self->undo_toast = NULL;
  gtk_widget_action_set_enabled (widget, "win.undo-close", FALSE);
  if (closed == NULL)
    return;

  pane = sp_window_insert_pane (self, sp_closed_pane_get_endpoint (closed),
                                sp_closed_pane_get_number (closed),
                                sp_closed_pane_get_position (closed));
  message = sp_closed_pane_get_message (closed, &send_as_hex);
  sp_pane_set_composer (pane, sp_closed_pane_get_encoding (closed), message, send_as_hex);
  sp_pane_set_reopened (pane, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (pane));
}

/* Panes replaced wholesale (a session opened): the last close is final,
 * its toast's Undo goes grey. */
void
sp_window_forget_closed_pane (SpWindow *self)
{
  self->undo_toast = NULL;
  g_clear_object (&self->closed_pane);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo-close", FALSE);
}

void
sp_window_close_dispose (SpWindow *self)
{
  self->undo_toast = NULL;
  g_clear_object (&self->closed_pane);
}

void
sp_window_class_init_close (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.undo-close", NULL, undo_close_action);
}
