/* sp-lesson-panel.h: the course sidebar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sp-lesson-session.h"
#include "sp-setup-runner.h"

G_BEGIN_DECLS

#define SP_TYPE_LESSON_PANEL (sp_lesson_panel_get_type ())
G_DECLARE_FINAL_TYPE (SpLessonPanel, sp_lesson_panel, SP, LESSON_PANEL, GtkWidget)

/* @endpoints: the panes' SpEndpoints, watched by the checks; @settings (may
 * be NULL) keeps progress; @host runs "Set it up for me". */
void             sp_lesson_panel_setup       (SpLessonPanel     *self,
                                              GListModel        *endpoints,
                                              GSettings         *settings,
                                              const SpSetupHost *host,
                                              gpointer           host_data);
gboolean         sp_lesson_panel_open        (SpLessonPanel     *self,
                                              guint              index);
SpLessonSession *sp_lesson_panel_get_session (SpLessonPanel     *self);
GListModel      *sp_lesson_panel_get_lessons (SpLessonPanel     *self);
void             sp_lesson_panel_reset_all   (SpLessonPanel     *self);

G_END_DECLS
