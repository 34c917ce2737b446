/* sp-lesson-code.h: a lesson's example program, shown as code
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SP_TYPE_LESSON_CODE (sp_lesson_code_get_type ())
G_DECLARE_FINAL_TYPE (SpLessonCode, sp_lesson_code, SP, LESSON_CODE, GtkWidget)

/* The language's name, "Python" or "C": the heading, and what the Copy
 * button and the code say they are to a screen reader. */
void        sp_lesson_code_set_title (SpLessonCode *self,
                                      const char   *title);
const char *sp_lesson_code_get_title (SpLessonCode *self);
/* The program, as it is copied; NULL or "" shows nothing. */
void        sp_lesson_code_set_code  (SpLessonCode *self,
                                      const char   *code);
const char *sp_lesson_code_get_code  (SpLessonCode *self);

G_END_DECLS
