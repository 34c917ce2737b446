/* sp-lesson-panel.c: the course sidebar — lessons, their steps, and checks
 * that turn steps green from the panes' real events
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sp-lesson-panel.h"
#include "sp-lesson-session.h"
#include "sp-template.h"

#define PROGRESS_KEY "lesson-progress"

struct _SpLessonPanel
{
  GtkWidget          parent_instance;

  GListModel        *lessons;
  GListModel        *endpoints;
  GSettings         *settings;
  const SpSetupHost *host;
  gpointer           host_data;
  SpLessonSession   *session;
  guint              current;
  GCancellable      *setup_cancellable;
  GPtrArray         *step_widgets;   /* per step: its box */

  GtkStack          *stack;
  GtkListBox        *lessons_list;
  GtkLabel          *progress_label;
  GtkButton         *next_button;
  GtkLabel          *group_label;
  GtkLabel          *title_label;
  GtkBox            *paragraphs_box;
  GtkSwitch         *code_switch;
  GtkLabel          *code_label;
  GtkBox            *steps_box;
  GtkLabel          *setup_error_label;
  GtkScrolledWindow *lesson_scroller;
};

G_DEFINE_FINAL_TYPE (SpLessonPanel, sp_lesson_panel, GTK_TYPE_WIDGET)

/* Progress: "lesson-id/step-id" strings in GSettings --------------------- */

static GStrv
done_steps (SpLessonPanel *self,
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

/* The list of lessons ------------------------------------------------------ */

static char *
lesson_mark (SpLessonPanel *self,
             SpLesson      *lesson)
{
  g_auto(GStrv) done = done_steps (self, lesson);
  guint n_done = 0, n = sp_lesson_get_n_steps (lesson);

  for (guint i = 0; i < n; i++)
    if (g_strv_contains ((const char * const *) done, sp_lesson_get_step (lesson, i)->id))
      n_done++;

  if (n_done == n)
    return g_strdup ("✓");
  if (n_done > 0)
    return g_strdup_printf ("%u/%u", n_done, n);
  return g_strdup ("");
}

static void
header_func (GtkListBoxRow *row,
             GtkListBoxRow *before,
             gpointer       user_data)
{
  SpLesson *lesson = g_object_get_data (G_OBJECT (row), "lesson");
  SpLesson *previous = before ? g_object_get_data (G_OBJECT (before), "lesson") : NULL;
  GtkWidget *header;

  if (previous != NULL && g_str_equal (sp_lesson_get_group (lesson), sp_lesson_get_group (previous)))
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }

  header = gtk_label_new (sp_lesson_translate (sp_lesson_get_group (lesson)));
  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_widget_add_css_class (header, "heading");
  gtk_widget_add_css_class (header, "dim-label");
  gtk_widget_set_margin_start (header, 12);
  gtk_widget_set_margin_top (header, 12);
  gtk_widget_set_margin_bottom (header, 4);
  gtk_list_box_row_set_header (row, header);
}

static void
update_list (SpLessonPanel *self)
{
  guint n = self->lessons ? g_list_model_get_n_items (self->lessons) : 0;

  for (guint i = 0; i < n; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->lessons_list, i);
      SpLesson *lesson = g_object_get_data (G_OBJECT (row), "lesson");
      GtkWidget *mark = g_object_get_data (G_OBJECT (row), "mark");
      GtkWidget *button = gtk_list_box_row_get_child (row);
      g_autofree char *text = lesson_mark (self, lesson);
      g_autofree char *name = NULL;

      gtk_label_set_text (GTK_LABEL (mark), text);
      /* TRANSLATORS: accessible name of a lesson in the list: number, title, progress */
      name = g_strdup_printf (_("Lesson %u: %s %s"), i + 1,
                              sp_lesson_translate (sp_lesson_get_title (lesson)),
                              g_str_equal (text, "✓") ? _("(done)") : text);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      g_strstrip (name), -1);
    }
}

static void
lesson_clicked_cb (GtkButton     *button,
                   SpLessonPanel *self)
{
  sp_lesson_panel_open (self, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "index")));
}

static void
build_list (SpLessonPanel *self)
{
  guint n = g_list_model_get_n_items (self->lessons);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SpLesson) lesson = g_list_model_get_item (self->lessons, i);
      g_autofree char *number = g_strdup_printf ("%u.", i + 1);
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      GtkWidget *number_label = gtk_label_new (number);
      GtkWidget *title = gtk_label_new (sp_lesson_translate (sp_lesson_get_title (lesson)));
      GtkWidget *mark = gtk_label_new (NULL);
      /* A button, so every way of activating it (keyboard, pointer, a screen
       * reader's action) opens the lesson. */
      GtkWidget *button = gtk_button_new ();

      gtk_widget_add_css_class (button, "flat");
      gtk_widget_add_css_class (button, "lesson-row");
      g_object_set_data (G_OBJECT (button), "index", GUINT_TO_POINTER (i));
      g_signal_connect (button, "clicked", G_CALLBACK (lesson_clicked_cb), self);
      gtk_widget_add_css_class (number_label, "dim-label");
      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_label_set_wrap (GTK_LABEL (title), TRUE);
      gtk_widget_set_hexpand (title, TRUE);
      gtk_widget_add_css_class (mark, "lesson-mark");
      gtk_box_append (GTK_BOX (box), number_label);
      gtk_box_append (GTK_BOX (box), title);
      gtk_box_append (GTK_BOX (box), mark);
      gtk_button_set_child (GTK_BUTTON (button), box);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), button);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      g_object_set_data_full (G_OBJECT (row), "lesson", g_object_ref (lesson), g_object_unref);
      g_object_set_data (G_OBJECT (row), "mark", mark);
      gtk_list_box_append (self->lessons_list, row);
    }

  gtk_list_box_set_header_func (self->lessons_list, header_func, NULL, NULL);
  update_list (self);
}

/* One lesson ----------------------------------------------------------------- */

static void
clear_box (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))))
    gtk_box_remove (box, child);
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
      const SpLessonStep *step = sp_lesson_get_step (lesson, i);
      g_autofree char *name = NULL;

      gtk_label_set_text (GTK_LABEL (status), done ? "✓" : "");
      if (done)
        gtk_widget_add_css_class (box, "done");
      else
        gtk_widget_remove_css_class (box, "done");

      /* TRANSLATORS: accessible name of a lesson step: number, task, state */
      name = g_strdup_printf (_("Step %u: %s — %s"), i + 1, sp_lesson_translate (step->task),
                              done ? _("done") : _("not done yet"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->next_button),
                            self->current + 1 < g_list_model_get_n_items (self->lessons));
  update_list (self);
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
setup_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!sp_setup_run_finish (result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      SpLessonPanel *self = user_data;

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

  /* The panel outlives a run it started: it cancels it when it goes. */
  sp_setup_run_async ((const char * const *) step->setup, self->host, self->host_data,
                      self->setup_cancellable, setup_done_cb, self);
}

static GtkWidget *
make_step (SpLessonPanel      *self,
           const SpLessonStep *step,
           guint               index)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  g_autofree char *number = g_strdup_printf ("%u.", index + 1);
  GtkWidget *number_label = gtk_label_new (number);
  GtkWidget *task = gtk_label_new (sp_lesson_translate (step->task));
  GtkWidget *status = gtk_label_new (NULL);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *setup = gtk_button_new_with_label (_("Set it up for me"));
  GtkWidget *hint = gtk_expander_new (_("Hint"));
  GtkWidget *hint_label = gtk_label_new (sp_lesson_translate (step->hint));

  gtk_widget_add_css_class (box, "lesson-step");
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  sp_lesson_translate (step->task), -1);
  gtk_widget_add_css_class (number_label, "heading");
  gtk_label_set_xalign (GTK_LABEL (number_label), 0);
  gtk_widget_set_valign (number_label, GTK_ALIGN_START);
  gtk_label_set_xalign (GTK_LABEL (task), 0);
  gtk_label_set_wrap (GTK_LABEL (task), TRUE);
  gtk_widget_set_hexpand (task, TRUE);
  gtk_widget_add_css_class (status, "step-status");
  gtk_widget_set_valign (status, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (top), number_label);
  gtk_box_append (GTK_BOX (top), task);
  gtk_box_append (GTK_BOX (top), status);

  gtk_widget_set_tooltip_text (setup, _("Configure and start the panes this step needs"));
  gtk_widget_set_sensitive (setup, step->setup[0] != NULL && self->host != NULL);
  g_object_set_data (G_OBJECT (setup), "step", GUINT_TO_POINTER (index));
  g_signal_connect (setup, "clicked", G_CALLBACK (setup_clicked_cb), self);
  gtk_label_set_wrap (GTK_LABEL (hint_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (hint_label), 0);
  gtk_widget_add_css_class (hint_label, "dim-label");
  gtk_expander_set_child (GTK_EXPANDER (hint), hint_label);
  gtk_widget_set_visible (hint, step->hint != NULL);
  gtk_box_append (GTK_BOX (buttons), setup);
  gtk_box_append (GTK_BOX (box), top);
  gtk_box_append (GTK_BOX (box), buttons);
  gtk_box_append (GTK_BOX (box), hint);

  g_object_set_data (G_OBJECT (box), "status", status);
  return box;
}

static void
code_switch_cb (SpLessonPanel *self)
{
  SpLesson *lesson = self->session ? sp_lesson_session_get_lesson (self->session) : NULL;
  const char *code;

  if (lesson == NULL)
    return;

  code = gtk_switch_get_active (self->code_switch) ? sp_lesson_get_c (lesson)
                                                   : sp_lesson_get_python (lesson);
  gtk_label_set_text (self->code_label, code ? code : "");
}

gboolean
sp_lesson_panel_open (SpLessonPanel *self,
                      guint          index)
{
  g_autoptr(SpLesson) lesson = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) done = NULL;
  const char * const *paragraphs;

  g_return_val_if_fail (SP_IS_LESSON_PANEL (self), FALSE);

  if (self->lessons == NULL || index >= g_list_model_get_n_items (self->lessons))
    return FALSE;

  lesson = g_list_model_get_item (self->lessons, index);
  done = done_steps (self, lesson);

  g_cancellable_cancel (self->setup_cancellable);
  g_clear_object (&self->setup_cancellable);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_func (self->session, step_done_cb, self);
  g_clear_object (&self->session);

  self->session = sp_lesson_session_new (lesson, self->endpoints, (const char * const *) done, &error);
  if (self->session == NULL)
    {
      /* A broken lesson file is our bug; say so instead of showing nothing. */
      g_critical ("Lesson %s: %s", sp_lesson_get_id (lesson), error->message);
      return FALSE;
    }
  g_signal_connect_swapped (self->session, "step-done", G_CALLBACK (step_done_cb), self);
  self->current = index;

  gtk_label_set_text (self->group_label, sp_lesson_translate (sp_lesson_get_group (lesson)));
  gtk_label_set_text (self->title_label, sp_lesson_translate (sp_lesson_get_title (lesson)));
  clear_box (self->paragraphs_box);
  paragraphs = sp_lesson_get_paragraphs (lesson);
  for (guint i = 0; paragraphs[i]; i++)
    {
      GtkWidget *label = gtk_label_new (sp_lesson_translate (paragraphs[i]));

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_box_append (self->paragraphs_box, label);
    }
  code_switch_cb (self);

  clear_box (self->steps_box);
  g_ptr_array_set_size (self->step_widgets, 0);
  for (guint i = 0; i < sp_lesson_get_n_steps (lesson); i++)
    {
      GtkWidget *step = make_step (self, sp_lesson_get_step (lesson, i), i);

      g_ptr_array_add (self->step_widgets, step);
      gtk_box_append (self->steps_box, step);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->setup_error_label), FALSE);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->lesson_scroller), 0);
  update_progress (self);
  gtk_stack_set_visible_child_name (self->stack, "lesson");

  return TRUE;
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
  update_list (self);
}

static void
back_clicked_cb (SpLessonPanel *self)
{
  update_list (self);
  gtk_stack_set_visible_child_name (self->stack, "list");
}

static void
reset_clicked_cb (SpLessonPanel *self)
{
  save_done (self, sp_lesson_session_get_lesson (self->session), NULL, FALSE);
  sp_lesson_session_reset (self->session);
  update_progress (self);
}

static void
next_clicked_cb (SpLessonPanel *self)
{
  sp_lesson_panel_open (self, self->current + 1);
}

static void
sp_lesson_panel_dispose (GObject *object)
{
  SpLessonPanel *self = (SpLessonPanel *)object;

  g_cancellable_cancel (self->setup_cancellable);
  g_clear_object (&self->setup_cancellable);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_func (self->session, step_done_cb, self);
  g_clear_object (&self->session);

  sp_template_dispose (GTK_WIDGET (self), SP_TYPE_LESSON_PANEL);

  g_clear_object (&self->lessons);
  g_clear_object (&self->endpoints);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->step_widgets, g_ptr_array_unref);

  G_OBJECT_CLASS (sp_lesson_panel_parent_class)->dispose (object);
}

static void
sp_lesson_panel_class_init (SpLessonPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sp_lesson_panel_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/sp-lesson-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, SpLessonPanel, stack);
  gtk_widget_class_bind_template_child (widget_class, SpLessonPanel, lessons_list);
  gtk_widget_class_bind_template_child (widget_class, SpLessonPanel, progress_label);
  gtk_widget_class_bind_template_child (widget_class, SpLessonPanel, next_button);
  gtk_widget_class_bind_template_child (widget_class, SpLessonPanel, group_label);
  gtk_widget_class_bind_template_child (widget_class, SpLessonPanel, title_label);
  gtk_widget_class_bind_template_child (widget_class, SpLessonPanel, paragraphs_box);
  gtk_widget_class_bind_template_child (widget_class, SpLessonPanel, code_switch);
  gtk_widget_class_bind_template_child (widget_class, SpLessonPanel, code_label);
  gtk_widget_class_bind_template_child (widget_class, SpLessonPanel, steps_box);
  gtk_widget_class_bind_template_child (widget_class, SpLessonPanel, setup_error_label);
  gtk_widget_class_bind_template_child (widget_class, SpLessonPanel, lesson_scroller);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, reset_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, next_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, code_switch_cb);

  gtk_widget_class_set_css_name (widget_class, "lessonpanel");
}

static void
sp_lesson_panel_init (SpLessonPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->step_widgets = g_ptr_array_new ();
}

void
sp_lesson_panel_setup (SpLessonPanel     *self,
                       GListModel        *endpoints,
                       GSettings         *settings,
                       const SpSetupHost *host,
                       gpointer           host_data)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (SP_IS_LESSON_PANEL (self));
  g_return_if_fail (G_IS_LIST_MODEL (endpoints));

  g_set_object (&self->endpoints, endpoints);
  g_set_object (&self->settings, settings);
  self->host = host;
  self->host_data = host_data;

  if (self->lessons == NULL)
    {
      self->lessons = sp_lesson_load_all (RESOURCE_PREFIX "/lessons", &error);
      if (self->lessons == NULL)
        g_critical ("Could not load the lessons: %s", error->message);
      else
        build_list (self);
    }
}
