/* sp-lesson-panel-private.h: what the sidebar's files share
 * (sp-lesson-panel.c, the lesson; sp-lesson-panel-list.c, the list)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sp-lesson-code.h"
#include "sp-lesson-panel.h"

G_BEGIN_DECLS

struct _SpLessonPanel
{
  GtkWidget          parent_instance;

  SpLessonLibrary   *library;
  GListModel        *lessons;
  GListModel        *endpoints;
  GSettings         *settings;
  const SpSetupHost *host;
  gpointer           host_data;
  SpLessonSession   *session;
  SpLesson          *current;
  GCancellable      *setup_cancellable;
  GtkWidget         *setup_button;   /* of the run in progress */
  GCancellable      *open_cancellable;
  GPtrArray         *step_widgets;   /* per step: its box */
  char              *pending_id;     /* sp_lesson_panel_show_lesson() before the folder was read */

  GtkStack          *stack;
  GtkListBox        *lessons_list;
  GtkLabel          *list_message_label;
  GtkLabel          *progress_label;
  GtkButton         *next_button;
  GtkLabel          *group_label;
  GtkLabel          *title_label;
  GtkLabel          *source_label;
  GtkLabel          *exercise_label;
  GtkBox            *paragraphs_box;
  GtkWidget         *code_box;
  GtkSwitch         *code_switch;
  SpLessonCode      *python_code;
  SpLessonCode      *c_code;
  GtkBox            *steps_box;
  GtkWidget         *summary_box;
  GtkLabel          *summary_label;
  GtkLabel          *copied_label;
  GtkLabel          *setup_error_label;
  GtkScrolledWindow *lesson_scroller;
};

/* The ids of @lesson's steps done, as kept in the settings. */
GStrv        _sp_lesson_panel_done_steps  (SpLessonPanel *self,
                                           SpLesson      *lesson);
/* The heading @lesson is listed under: its group, or "My lessons". */
const char  *_sp_lesson_panel_heading     (SpLesson      *lesson);
void         _sp_lesson_panel_init_list   (SpLessonPanel *self);
/* Rows for every lesson of the library, and the end of "My lessons". */
void         _sp_lesson_panel_build_list  (SpLessonPanel *self);
/* Each row's progress mark and accessible name. */
void         _sp_lesson_panel_update_list (SpLessonPanel *self);

G_END_DECLS
