/* sp-lesson-session.h: a lesson being worked through: which steps the real
 * events of the panes have completed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sp-lesson.h"

G_BEGIN_DECLS

#define SP_TYPE_LESSON_SESSION (sp_lesson_session_get_type ())
G_DECLARE_FINAL_TYPE (SpLessonSession, sp_lesson_session, SP, LESSON_SESSION, GObject)

/* Watches the events that @endpoints (a model of SpEndpoint, which may
 * change) log from now on. Steps in @done (ids, may be NULL) start done. */
SpLessonSession *sp_lesson_session_new          (SpLesson           *lesson,
                                                 GListModel         *endpoints,
                                                 const char * const *done,
                                                 GError            **error);
SpLesson        *sp_lesson_session_get_lesson   (SpLessonSession    *self);
gboolean         sp_lesson_session_step_done    (SpLessonSession    *self,
                                                 guint               step);
guint            sp_lesson_session_get_n_done   (SpLessonSession    *self);
/* Forgets what was done; only events after this count. */
void             sp_lesson_session_reset        (SpLessonSession    *self);

G_END_DECLS
