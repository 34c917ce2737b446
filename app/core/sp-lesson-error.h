/* sp-lesson-error.h: the error a lesson file, a step's check or a setup
 * line is refused with
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SP_LESSON_ERROR (sp_lesson_error_quark ())
typedef enum {
  SP_LESSON_ERROR_INVALID,
} SpLessonError;

GQuark sp_lesson_error_quark (void);

G_END_DECLS
