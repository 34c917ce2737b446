/* sp-lesson-panel.h: the course sidebar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sp-lesson-library.h"
#include "sp-lesson-session.h"
#include "sp-setup-runner.h"

G_BEGIN_DECLS

#define SP_TYPE_LESSON_PANEL (sp_lesson_panel_get_type ())
G_DECLARE_FINAL_TYPE (SpLessonPanel, sp_lesson_panel, SP, LESSON_PANEL, GtkWidget)

/* The lessons shown; the app's (sp_lesson_library_get_default()) unless
 * set before sp_lesson_panel_setup(). */
void             sp_lesson_panel_set_library (SpLessonPanel     *self,
                                              SpLessonLibrary   *library);
/* @endpoints: the panes' SpEndpoints, watched by the checks; @settings (may
 * be NULL) keeps progress; @host runs "Set it up for me". */
void             sp_lesson_panel_setup       (SpLessonPanel     *self,
                                              GListModel        *endpoints,
                                              GSettings         *settings,
                                              const SpSetupHost *host,
                                              gpointer           host_data);
/* @index is a position in sp_lesson_panel_get_lessons(). */
gboolean         sp_lesson_panel_open        (SpLessonPanel     *self,
                                              guint              index);
gboolean         sp_lesson_panel_open_lesson (SpLessonPanel     *self,
                                              SpLesson          *lesson);
/* Opens the lesson with @id now, or once the lessons folder has been read;
 * when there is none, the list says so. */
void             sp_lesson_panel_show_lesson (SpLessonPanel     *self,
                                              const char        *id);
/* Reads @file into "My lessons" and opens it; a bad file is refused with
 * a message that says where and what. */
void             sp_lesson_panel_open_file   (SpLessonPanel     *self,
                                              GFile             *file);
SpLessonSession *sp_lesson_panel_get_session (SpLessonPanel     *self);
GListModel      *sp_lesson_panel_get_lessons (SpLessonPanel     *self);
void             sp_lesson_panel_reset_all   (SpLessonPanel     *self);

/* Shows the default lessons folder in the file manager (making it first),
 * or says why not. */
void             sp_lesson_panel_show_folder (GtkWindow         *parent);

G_END_DECLS
