/* sp-lesson-check.h: one condition of a lesson step, decided from the real
 * events of the panes (never from a flag a button set)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sp-endpoint.h"

G_BEGIN_DECLS

typedef struct _SpLessonCheck SpLessonCheck;

/* Parses one line of the vocabulary in data/lessons/README.md. */
SpLessonCheck *sp_lesson_check_new    (const char     *text,
                                       GError        **error);
void           sp_lesson_check_free   (SpLessonCheck  *check);
/* Looks at one new event of @endpoint; returns TRUE once the condition
 * holds (and stays TRUE). */
gboolean       sp_lesson_check_feed   (SpLessonCheck       *check,
                                       SpEndpoint          *endpoint,
                                       const SpEventRecord *event);
gboolean       sp_lesson_check_passed (SpLessonCheck  *check);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpLessonCheck, sp_lesson_check_free)

G_END_DECLS
