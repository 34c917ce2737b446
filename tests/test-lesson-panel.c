/* test-lesson-panel.c: a lesson done through its panel's buttons (under
 * Xvfb)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sp-lesson-panel.h"
#include "sp-test-ui.h"

typedef struct {
  SpLessonPanel *panel;
  guint          step;
} LessonWait;

static gboolean
lesson_step_done (gpointer data)
{
  LessonWait *w = data;

  return sp_lesson_session_step_done (sp_lesson_panel_get_session (w->panel), w->step);
}

/* The sticky-packets lesson, done with its "Set it up for me" buttons. */
static void
test_lesson_sticky (void)
{
  SpWindow *window = sp_window_new (NULL);
  SpLessonPanel *panel = sp_window_get_lesson_panel (window);
  GListModel *lessons = sp_lesson_panel_get_lessons (panel);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  g_auto(GStrv) progress = NULL;
  SpLessonSession *session;
  SpLesson *lesson;
  guint index = G_MAXUINT;

  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-lessons", NULL);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (panel)));

  g_assert_nonnull (lessons);
  for (guint i = 0; i < g_list_model_get_n_items (lessons); i++)
    {
      g_autoptr(SpLesson) l = g_list_model_get_item (lessons, i);

      if (g_str_equal (sp_lesson_get_id (l), "sticky-two-sends"))
        index = i;
    }
  g_assert_cmpuint (index, !=, G_MAXUINT);
  g_assert_true (sp_lesson_panel_open (panel, index));

  session = sp_lesson_panel_get_session (panel);
  lesson = sp_lesson_session_get_lesson (session);
  g_assert_cmpuint (sp_lesson_session_get_n_done (session), ==, 0);

  sp_test_collect_buttons (GTK_WIDGET (panel), "Set it up for me", buttons);
  g_assert_cmpuint (buttons->len, ==, sp_lesson_get_n_steps (lesson));

  for (guint s = 0; s < buttons->len; s++)
    {
      LessonWait w = { panel, s };

      g_signal_emit_by_name (buttons->pdata[s], "clicked");
      sp_test_wait_until (lesson_step_done, &w, 20000, sp_lesson_get_step (lesson, s)->id);
    }

  g_assert_cmpuint (sp_lesson_session_get_n_done (session), ==, sp_lesson_get_n_steps (lesson));

  /* Progress is kept for the next start. */
  progress = g_settings_get_strv (settings, "lesson-progress");
  g_assert_cmpuint (g_strv_length (progress), ==, sp_lesson_get_n_steps (lesson));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  sp_test_ui_init (&argc, &argv);

  g_test_add_func ("/lesson-panel/sticky", test_lesson_sticky);

  return g_test_run ();
}
