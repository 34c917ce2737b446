/* sp-lesson-panel.c: the course sidebar — lessons, their steps, and checks
 * that turn steps green from the panes' real events
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sp-file-dialogs.h"
#include "sp-lesson-panel-private.h"
#include "sp-template.h"

#define PROGRESS_KEY "lesson-progress"

G_DEFINE_FINAL_TYPE (SpLessonPanel, sp_lesson_panel, GTK_TYPE_WIDGET)

/* Progress: "lesson-id/step-id" strings in GSettings --------------------- */

GStrv
_sp_lesson_panel_done_steps (SpLessonPanel *self,
                             SpLesson      *lesson)
{
  g_auto(GStrv) all = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *prefix = g_strconcat (sp_lesson_get_id (lesson), "/", NULL);

  if (self->settings != NULL)
    {
      all = g_settings_get_strv (self->settings, PROGRESS_KEY);
      for (guint i = 0; all[i]; i++)
        if (g_str_has_prefix (all[i], prefix))
          g_strv_builder_add (builder, all[i] + strlen (prefix));
    }

  return g_strv_builder_end (builder);
}

static void
save_done (SpLessonPanel *self,
           SpLesson      *lesson,
           const char    *step_id,
           gboolean       done)
{
  g_auto(GStrv) all = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *prefix = g_strconcat (sp_lesson_get_id (lesson), "/", NULL);
  g_autofree char *entry = step_id ? g_strconcat (prefix, step_id, NULL) : NULL;
  g_auto(GStrv) result = NULL;

  if (self->settings == NULL)
    return;

  all = g_settings_get_strv (self->settings, PROGRESS_KEY);
  for (guint i = 0; all[i]; i++)
    {
      /* step_id NULL: forget the whole lesson. */
      if (entry == NULL ? g_str_has_prefix (all[i], prefix) : g_str_equal (all[i], entry))
        continue;
      g_strv_builder_add (builder, all[i]);
    }
  if (done && entry != NULL)
    g_strv_builder_add (builder, entry);

  result = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, PROGRESS_KEY, (const char * const *) result);
}

/* One lesson ----------------------------------------------------------------- */

static void
clear_box (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))))
    gtk_box_remove (box, child);
}

static gboolean
help_offered (SpLessonHelp help,
              gboolean     tried,
              gboolean     done)
{
  return help == SP_LESSON_HELP_ALWAYS || (help == SP_LESSON_HELP_AFTER_TRY && (tried || done));
}

/* What of a step's help shows: the lesson may hold it back until the
 * student has tried the step. */
static void
update_step_help (SpLessonPanel *self,
                  guint          index)
{
  SpLesson *lesson = sp_lesson_session_get_lesson (self->session);
  const SpLessonStep *step = sp_lesson_get_step (lesson, index);
  GtkWidget *box = g_ptr_array_index (self->step_widgets, index);
  GtkWidget *setup = g_object_get_data (G_OBJECT (box), "setup");
  GtkWidget *hint = g_object_get_data (G_OBJECT (box), "hint");
  GtkWidget *locked = g_object_get_data (G_OBJECT (box), "locked");
  gboolean done = sp_lesson_session_step_done (self->session, index);
  gboolean tried = sp_lesson_session_step_tried (self->session, index);
  gboolean has_hint = sp_lesson_get_hint (lesson, index) != NULL;
  gboolean has_setup = step->setup[0] != NULL;
  gboolean show_hint = has_hint && help_offered (step->show_hint, tried, done);
  gboolean show_setup = has_setup && help_offered (step->show_setup, tried, done);
  gboolean waiting = (has_hint && !show_hint && step->show_hint == SP_LESSON_HELP_AFTER_TRY) ||
                     (has_setup && !show_setup && step->show_setup == SP_LESSON_HELP_AFTER_TRY);

  gtk_widget_set_visible (hint, show_hint);
  /* The row goes with its button, so a hidden one leaves no gap. */
  gtk_widget_set_visible (gtk_widget_get_parent (setup), show_setup);
  gtk_widget_set_visible (locked, waiting);
}

static void
update_summary (SpLessonPanel *self)
{
  gboolean complete = sp_lesson_session_is_complete (self->session);

  if (complete)
    {
      g_autofree char *summary = sp_lesson_session_dup_summary (self->session);

      gtk_label_set_text (self->summary_label, summary);
    }
  gtk_widget_set_visible (self->summary_box, complete);
  gtk_widget_set_visible (GTK_WIDGET (self->copied_label), FALSE);
}

/* The lesson after the current one in the same part of the list. */
static SpLesson *
next_lesson (SpLessonPanel *self)
{
  guint n = g_list_model_get_n_items (self->lessons);
  gboolean found = FALSE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SpLesson) lesson = g_list_model_get_item (self->lessons, i);

      if (found)
        return sp_lesson_is_built_in (lesson) == sp_lesson_is_built_in (self->current) ? lesson : NULL;
      found = lesson == self->current;
    }

  return NULL;
}

static void
update_progress (SpLessonPanel *self)
{
  SpLesson *lesson = sp_lesson_session_get_lesson (self->session);
  guint n = sp_lesson_get_n_steps (lesson);
  guint n_done = sp_lesson_session_get_n_done (self->session);
  g_autofree char *text = NULL;

  /* TRANSLATORS: steps done of steps, e.g. "3/5 done" */
  text = g_strdup_printf (_("%u/%u done"), n_done, n);
  gtk_label_set_text (self->progress_label, text);

  for (guint i = 0; i < n; i++)
    {
      GtkWidget *box = g_ptr_array_index (self->step_widgets, i);
      GtkWidget *status = g_object_get_data (G_OBJECT (box), "status");
      gboolean done = sp_lesson_session_step_done (self->session, i);
      g_autofree char *name = NULL;

      gtk_label_set_text (GTK_LABEL (status), done ? "✓" : "");
      if (done)
        gtk_widget_add_css_class (box, "done");
      else
        gtk_widget_remove_css_class (box, "done");

      /* TRANSLATORS: accessible name of a lesson step: number, task, state */
      name = g_strdup_printf (_("Step %u: %s — %s"), i + 1, sp_lesson_get_task (lesson, i),
                              done ? _("done") : _("not done yet"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      update_step_help (self, i);
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->next_button), next_lesson (self) != NULL);
  update_summary (self);
  _sp_lesson_panel_update_list (self);
}

static void
step_done_cb (SpLessonPanel   *self,
              guint            step,
              SpLessonSession *session)
{
  SpLesson *lesson = sp_lesson_session_get_lesson (session);

  save_done (self, lesson, sp_lesson_get_step (lesson, step)->id, TRUE);
  update_progress (self);
}

static void
step_tried_cb (SpLessonPanel   *self,
               guint            step,
               SpLessonSession *session)
{
  update_step_help (self, step);
}

static void
setup_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) changes = NULL;
  gboolean ok = sp_setup_run_finish (result, &changes, &error);
  SpLessonPanel *self = user_data;
  GtkLabel *changed;

  /* Cancelled: the panel has gone, or another run has begun. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  sp_lesson_session_setup_finished (self->session);
  /* Says what it changed next to the button, so nothing changes unseen. */
  changed = self->setup_button ? g_object_get_data (G_OBJECT (self->setup_button), "changed") : NULL;
  if (changed != NULL)
    {
      g_autofree char *lines = g_strjoinv ("\n", changes);

      gtk_label_set_text (changed, lines);
      gtk_widget_set_visible (GTK_WIDGET (changed), changes[0] != NULL);
    }
  if (self->setup_button != NULL)
    gtk_widget_set_sensitive (self->setup_button, TRUE);
  self->setup_button = NULL;
  if (!ok)
    {
      gtk_label_set_text (self->setup_error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->setup_error_label), TRUE);
    }
}

static void
setup_clicked_cb (GtkButton     *button,
                  SpLessonPanel *self)
{
  SpLesson *lesson = sp_lesson_session_get_lesson (self->session);
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "step"));
  const SpLessonStep *step = sp_lesson_get_step (lesson, index);

  if (self->host == NULL)
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->setup_error_label), FALSE);
  g_cancellable_cancel (self->setup_cancellable);
  g_clear_object (&self->setup_cancellable);
  self->setup_cancellable = g_cancellable_new ();
  /* One click, one run: the button waits until its run is over. */
  if (self->setup_button != NULL)
    gtk_widget_set_sensitive (self->setup_button, TRUE);
  self->setup_button = GTK_WIDGET (button);
  gtk_widget_set_sensitive (self->setup_button, FALSE);

  /* Its events are the app's doing, not the student's tries. */
  sp_lesson_session_setup_started (self->session, index);
  /* The panel outlives a run it started: it cancels it when it goes. */
  sp_setup_run_async ((const char * const *) step->setup, self->host, self->host_data,
                      self->setup_cancellable, setup_done_cb, self);
}

static GtkWidget *
make_step (SpLessonPanel *self,
           SpLesson      *lesson,
           guint          index)
{
  const char *hint_text = sp_lesson_get_hint (lesson, index);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  g_autofree char *number = g_strdup_printf ("%u.", index + 1);
  GtkWidget *number_label = gtk_label_new (number);
  GtkWidget *task = gtk_label_new (sp_lesson_get_task (lesson, index));
  GtkWidget *status = gtk_label_new (NULL);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *setup = gtk_button_new_with_label (_("Set it up for me"));
  GtkWidget *hint = gtk_expander_new (_("Hint"));
  g_autofree char *hint_name = NULL;
  GtkWidget *hint_label = gtk_label_new (hint_text);
  GtkWidget *locked = gtk_label_new (_("Try this step first: its help appears after your first attempt."));
  GtkWidget *changed = gtk_label_new (NULL);

  gtk_widget_add_css_class (box, "lesson-step");
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  sp_lesson_get_task (lesson, index), -1);
  gtk_widget_add_css_class (number_label, "heading");
  gtk_label_set_xalign (GTK_LABEL (number_label), 0);
  gtk_widget_set_valign (number_label, GTK_ALIGN_START);
  gtk_label_set_xalign (GTK_LABEL (task), 0);
  gtk_label_set_wrap (GTK_LABEL (task), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (task), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_hexpand (task, TRUE);
  gtk_widget_add_css_class (status, "step-status");
  gtk_widget_set_valign (status, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (top), number_label);
  gtk_box_append (GTK_BOX (top), task);
  gtk_box_append (GTK_BOX (top), status);

  gtk_widget_set_tooltip_text (setup, _("Configure and start the panes this step needs"));
  gtk_widget_set_sensitive (setup, self->host != NULL);
  g_object_set_data (G_OBJECT (setup), "step", GUINT_TO_POINTER (index));
  g_signal_connect (setup, "clicked", G_CALLBACK (setup_clicked_cb), self);
  gtk_label_set_wrap (GTK_LABEL (hint_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (hint_label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (hint_label), 0);
  gtk_widget_add_css_class (hint_label, "dim-label");
  gtk_expander_set_child (GTK_EXPANDER (hint), hint_label);
  /* TRANSLATORS: accessible name of the hint of a lesson step, %u the step's number */
  hint_name = g_strdup_printf (_("Hint for step %u"), index + 1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (hint), GTK_ACCESSIBLE_PROPERTY_LABEL, hint_name, -1);
  gtk_label_set_xalign (GTK_LABEL (locked), 0);
  gtk_label_set_wrap (GTK_LABEL (locked), TRUE);
  gtk_widget_add_css_class (locked, "dim-label");
  gtk_widget_add_css_class (locked, "caption");
  gtk_label_set_xalign (GTK_LABEL (changed), 0);
  gtk_label_set_wrap (GTK_LABEL (changed), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (changed), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (changed, "caption");
  gtk_widget_set_visible (changed, FALSE);
  g_object_set_data (G_OBJECT (setup), "changed", changed);
  gtk_box_append (GTK_BOX (buttons), setup);
  gtk_box_append (GTK_BOX (box), top);
  gtk_box_append (GTK_BOX (box), buttons);
  gtk_box_append (GTK_BOX (box), changed);
  gtk_box_append (GTK_BOX (box), hint);
  gtk_box_append (GTK_BOX (box), locked);

  g_object_set_data (G_OBJECT (box), "status", status);
  g_object_set_data (G_OBJECT (box), "setup", setup);
  g_object_set_data (G_OBJECT (box), "hint", hint);
  g_object_set_data (G_OBJECT (box), "locked", locked);
  return box;
}

static void
code_switch_cb (SpLessonPanel *self)
{
  gboolean c = gtk_switch_get_active (self->code_switch);

  if (self->current == NULL)
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->python_code), !c && sp_lesson_get_python (self->current) != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->c_code), c && sp_lesson_get_c (self->current) != NULL);
}

static void
close_session (SpLessonPanel *self)
{
  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->session, step_done_cb, self);
      g_signal_handlers_disconnect_by_func (self->session, step_tried_cb, self);
    }
  g_clear_object (&self->session);
  g_clear_object (&self->current);
}

gboolean
sp_lesson_panel_open_lesson (SpLessonPanel *self,
                             SpLesson      *lesson)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) done = NULL;
  g_autoptr(SpLessonSession) session = NULL;
  GFile *file;
  gboolean has_code;

  g_return_val_if_fail (SP_IS_LESSON_PANEL (self), FALSE);
  g_return_val_if_fail (SP_IS_LESSON (lesson), FALSE);

  if (self->endpoints == NULL)
    return FALSE;

  done = _sp_lesson_panel_done_steps (self, lesson);
  session = sp_lesson_session_new (lesson, self->endpoints, (const char * const *) done, &error);
  if (session == NULL)
    {
      /* Every check was read when the lesson was; this is our bug. */
      g_critical ("Lesson %s: %s", sp_lesson_get_id (lesson), error->message);
      return FALSE;
    }

  /* A run for the lesson before is not this lesson's doing. */
  g_cancellable_cancel (self->setup_cancellable);
  self->setup_button = NULL;
  close_session (self);
  self->session = g_steal_pointer (&session);
  self->current = g_object_ref (lesson);
  g_signal_connect_swapped (self->session, "step-done", G_CALLBACK (step_done_cb), self);
  g_signal_connect_swapped (self->session, "step-tried", G_CALLBACK (step_tried_cb), self);

  gtk_label_set_text (self->group_label, sp_lesson_get_group (lesson) ? sp_lesson_get_group (lesson)
                                                                      : _sp_lesson_panel_heading (lesson));
  gtk_label_set_text (self->title_label, sp_lesson_get_title (lesson));

  file = sp_lesson_get_file (lesson);
  gtk_widget_set_visible (GTK_WIDGET (self->source_label), file != NULL);
  if (file != NULL)
    {
      g_autofree char *name = g_file_get_basename (file);
      /* TRANSLATORS: where a teacher's lesson comes from: its file name */
      g_autofree char *text = g_strdup_printf (_("From the file %s"), name);

      gtk_label_set_text (self->source_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->exercise_label),
                          sp_lesson_get_mode (lesson) == SP_LESSON_MODE_EXERCISE);

  clear_box (self->paragraphs_box);
  for (guint i = 0; i < sp_lesson_get_n_paragraphs (lesson); i++)
    {
      GtkWidget *label = gtk_label_new (sp_lesson_get_paragraph (lesson, i));

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_box_append (self->paragraphs_box, label);
    }

  has_code = sp_lesson_get_python (lesson) != NULL || sp_lesson_get_c (lesson) != NULL;
  /* The switch only where there is something to switch between. */
  gtk_widget_set_visible (self->code_box, sp_lesson_get_python (lesson) != NULL && sp_lesson_get_c (lesson) != NULL);
  sp_lesson_code_set_code (self->python_code, sp_lesson_get_python (lesson));
  sp_lesson_code_set_code (self->c_code, sp_lesson_get_c (lesson));
  /* Python where there is Python. */
  gtk_switch_set_active (self->code_switch, sp_lesson_get_python (lesson) == NULL && has_code);
  code_switch_cb (self);

  clear_box (self->steps_box);
  g_ptr_array_set_size (self->step_widgets, 0);
  for (guint i = 0; i < sp_lesson_get_n_steps (lesson); i++)
    {
      GtkWidget *step = make_step (self, lesson, i);

      g_ptr_array_add (self->step_widgets, step);
      gtk_box_append (self->steps_box, step);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->setup_error_label), FALSE);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->lesson_scroller), 0);
  update_progress (self);
  gtk_stack_set_visible_child_name (self->stack, "lesson");

  return TRUE;
}

gboolean
sp_lesson_panel_open (SpLessonPanel *self,
                      guint          index)
{
  g_autoptr(SpLesson) lesson = NULL;

  g_return_val_if_fail (SP_IS_LESSON_PANEL (self), FALSE);

  if (self->lessons == NULL || index >= g_list_model_get_n_items (self->lessons))
    return FALSE;

  lesson = g_list_model_get_item (self->lessons, index);
  return sp_lesson_panel_open_lesson (self, lesson);
}

/* Opens the lesson asked for by id once it can be known whether it exists. */
static void
open_pending (SpLessonPanel *self)
{
  g_autofree char *id = NULL;
  SpLesson *lesson;

  if (self->pending_id == NULL || self->endpoints == NULL)
    return;

  lesson = sp_lesson_library_find (self->library, self->pending_id);
  if (lesson == NULL && sp_lesson_library_is_loading (self->library))
    return;

  id = g_steal_pointer (&self->pending_id);
  if (lesson != NULL && sp_lesson_panel_open_lesson (self, lesson))
    return;

  {
    /* TRANSLATORS: %s is a lesson id, as given with --lesson */
    g_autofree char *message = g_strdup_printf (_("There is no lesson with the id “%s”. The lessons below are the ones there are."), id);

    gtk_label_set_text (self->list_message_label, message);
    gtk_widget_set_visible (GTK_WIDGET (self->list_message_label), TRUE);
    gtk_stack_set_visible_child_name (self->stack, "list");
  }
}

void
sp_lesson_panel_show_lesson (SpLessonPanel *self,
                             const char    *id)
{
  g_return_if_fail (SP_IS_LESSON_PANEL (self));
  g_return_if_fail (id != NULL);

  g_free (self->pending_id);
  self->pending_id = g_strdup (id);
  gtk_widget_set_visible (GTK_WIDGET (self->list_message_label), FALSE);
  open_pending (self);
}

static void
file_opened_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GFile) file = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SpLesson) lesson = sp_lesson_library_open_file_finish (SP_LESSON_LIBRARY (object), result, &error);
  SpLessonPanel *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = g_object_get_data (G_OBJECT (file), "sp-panel");
  if (lesson == NULL)
    {
      g_autofree char *name = g_file_get_parse_name (file);
      /* TRANSLATORS: %s is a file */
      g_autofree char *primary = g_strdup_printf (_("Could not open “%s”"), name);

      sp_show_error (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), primary, error->message);
      return;
    }

  sp_lesson_panel_open_lesson (self, lesson);
}

void
sp_lesson_panel_open_file (SpLessonPanel *self,
                           GFile         *file)
{
  g_return_if_fail (SP_IS_LESSON_PANEL (self));
  g_return_if_fail (G_IS_FILE (file));

  /* The panel cancels when it goes, so it is there when this returns. */
  g_object_set_data (G_OBJECT (file), "sp-panel", self);
  sp_lesson_library_open_file_async (self->library, file, self->open_cancellable,
                                     file_opened_cb, g_object_ref (file));
}

SpLessonSession *
sp_lesson_panel_get_session (SpLessonPanel *self)
{
  g_return_val_if_fail (SP_IS_LESSON_PANEL (self), NULL);
  return self->session;
}

GListModel *
sp_lesson_panel_get_lessons (SpLessonPanel *self)
{
  g_return_val_if_fail (SP_IS_LESSON_PANEL (self), NULL);
  return self->lessons;
}

void
sp_lesson_panel_reset_all (SpLessonPanel *self)
{
  g_return_if_fail (SP_IS_LESSON_PANEL (self));

  if (self->settings != NULL)
    g_settings_reset (self->settings, PROGRESS_KEY);
  if (self->session != NULL)
    {
      sp_lesson_session_reset (self->session);
      update_progress (self);
    }
  _sp_lesson_panel_update_list (self);
}

static void
copy_summary_cb (SpLessonPanel *self)
{
  g_autofree char *summary = sp_lesson_session_dup_summary (self->session);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), summary);
  gtk_widget_set_visible (GTK_WIDGET (self->copied_label), TRUE);
}

static void
back_clicked_cb (SpLessonPanel *self)
{
  _sp_lesson_panel_update_list (self);
  gtk_stack_set_visible_child_name (self->stack, "list");
}

static void
reset_clicked_cb (SpLessonPanel *self)
{
  save_done (self, self->current, NULL, FALSE);
  sp_lesson_session_reset (self->session);
  update_progress (self);
}

static void
next_clicked_cb (SpLessonPanel *self)
{
  SpLesson *next = next_lesson (self);

  if (next != NULL)
    sp_lesson_panel_open_lesson (self, next);
}

/* The folder changed: the list follows, and an open lesson whose file was
 * edited opens again as it is now (its steps done stay done). */
static void
lessons_changed_cb (SpLessonPanel *self)
{
  _sp_lesson_panel_build_list (self);

  if (self->current != NULL && !sp_lesson_is_built_in (self->current))
    {
      SpLesson *now = sp_lesson_library_find (self->library, sp_lesson_get_id (self->current));

      if (now != NULL && now != self->current)
        sp_lesson_panel_open_lesson (self, now);
    }

  open_pending (self);
}

static void
sp_lesson_panel_dispose (GObject *object)
{
  SpLessonPanel *self = (SpLessonPanel *)object;

  g_cancellable_cancel (self->setup_cancellable);
  g_clear_object (&self->setup_cancellable);
  g_cancellable_cancel (self->open_cancellable);
  g_clear_object (&self->open_cancellable);
  close_session (self);
  if (self->library != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->library, lessons_changed_cb, self);
      g_signal_handlers_disconnect_by_func (self->library, open_pending, self);
    }
  if (self->lessons != NULL)
    g_signal_handlers_disconnect_by_func (self->lessons, lessons_changed_cb, self);

  sp_template_dispose (GTK_WIDGET (self), SP_TYPE_LESSON_PANEL);

  g_clear_object (&self->lessons);
  g_clear_object (&self->library);
  g_clear_object (&self->endpoints);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->step_widgets, g_ptr_array_unref);
  g_clear_pointer (&self->pending_id, g_free);

  G_OBJECT_CLASS (sp_lesson_panel_parent_class)->dispose (object);
}

static void
sp_lesson_panel_class_init (SpLessonPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sp_lesson_panel_dispose;

  g_type_ensure (SP_TYPE_LESSON_CODE);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/sp-lesson-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, SpLessonPanel, stack);
  gtk_widget_class_bind_template_child (widget_class, SpLessonPanel, lessons_list);
  gtk_widget_class_bind_template_child (widget_class, SpLessonPanel, list_message_label);
  gtk_widget_class_bind_template_child (widget_class, SpLessonPanel, progress_label);
  gtk_widget_class_bind_template_child (widget_class, SpLessonPanel, next_button);
  gtk_widget_class_bind_template_child (widget_class, SpLessonPanel, group_label);
  gtk_widget_class_bind_template_child (widget_class, SpLessonPanel, title_label);
  gtk_widget_class_bind_template_child (widget_class, SpLessonPanel, source_label);
  gtk_widget_class_bind_template_child (widget_class, SpLessonPanel, exercise_label);
  gtk_widget_class_bind_template_child (widget_class, SpLessonPanel, paragraphs_box);
  gtk_widget_class_bind_template_child (widget_class, SpLessonPanel, code_box);
  gtk_widget_class_bind_template_child (widget_class, SpLessonPanel, code_switch);
  gtk_widget_class_bind_template_child (widget_class, SpLessonPanel, python_code);
  gtk_widget_class_bind_template_child (widget_class, SpLessonPanel, c_code);
  gtk_widget_class_bind_template_child (widget_class, SpLessonPanel, steps_box);
  gtk_widget_class_bind_template_child (widget_class, SpLessonPanel, summary_box);
  gtk_widget_class_bind_template_child (widget_class, SpLessonPanel, summary_label);
  gtk_widget_class_bind_template_child (widget_class, SpLessonPanel, copied_label);
  gtk_widget_class_bind_template_child (widget_class, SpLessonPanel, setup_error_label);
  gtk_widget_class_bind_template_child (widget_class, SpLessonPanel, lesson_scroller);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, reset_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, next_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, code_switch_cb);
  gtk_widget_class_bind_template_callback (widget_class, copy_summary_cb);

  gtk_widget_class_set_css_name (widget_class, "lessonpanel");
}

static void
sp_lesson_panel_init (SpLessonPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->step_widgets = g_ptr_array_new ();
  self->open_cancellable = g_cancellable_new ();
  _sp_lesson_panel_init_list (self);
}

void
sp_lesson_panel_set_library (SpLessonPanel   *self,
                             SpLessonLibrary *library)
{
  g_return_if_fail (SP_IS_LESSON_PANEL (self));
  g_return_if_fail (SP_IS_LESSON_LIBRARY (library));
  g_return_if_fail (self->library == NULL);

  self->library = g_object_ref (library);
}

void
sp_lesson_panel_setup (SpLessonPanel     *self,
                       GListModel        *endpoints,
                       GSettings         *settings,
                       const SpSetupHost *host,
                       gpointer           host_data)
{
  g_return_if_fail (SP_IS_LESSON_PANEL (self));
  g_return_if_fail (G_IS_LIST_MODEL (endpoints));

  g_set_object (&self->endpoints, endpoints);
  g_set_object (&self->settings, settings);
  self->host = host;
  self->host_data = host_data;

  if (self->lessons == NULL)
    {
      if (self->library == NULL)
        self->library = g_object_ref (sp_lesson_library_get_default ());
      self->lessons = g_object_ref (sp_lesson_library_get_lessons (self->library));
      g_signal_connect_swapped (self->lessons, "items-changed", G_CALLBACK (lessons_changed_cb), self);
      g_signal_connect_swapped (self->library, "notify::problems", G_CALLBACK (lessons_changed_cb), self);
      g_signal_connect_swapped (self->library, "notify::loading", G_CALLBACK (open_pending), self);
      _sp_lesson_panel_build_list (self);
    }

  open_pending (self);
}
