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
gboolean         sp_lesson_session_is_complete  (SpLessonSession    *self);

/* A step is tried once the panes log an event (a listen, connect, send,
 * receive, close or error) while it is the first step not done, and that
 * event does not complete it. Events while "Set it up for me" runs are the
 * app's, not tries. Emits "step-tried". */
gboolean         sp_lesson_session_step_tried   (SpLessonSession    *self,
                                                 guint               step);
/* "Set it up for me" starts for @step / has finished. A step done while
 * its setup ran counts as set up for the student in the summary. */
void             sp_lesson_session_setup_started  (SpLessonSession  *self,
                                                   guint             step);
void             sp_lesson_session_setup_finished (SpLessonSession  *self);
gboolean         sp_lesson_session_step_helped  (SpLessonSession    *self,
                                                 guint               step);
/* Microseconds from the start (new or reset) to the event that completed
 * @step; -1 when it is not done, or was done before this session. */
gint64           sp_lesson_session_get_step_time (SpLessonSession   *self,
                                                  guint              step);
/* What a student hands in: lesson, each step and when it was done, the
 * time taken. Plain text, in the interface's language. */
char            *sp_lesson_session_dup_summary  (SpLessonSession    *self);

G_END_DECLS
