/* sp-lesson.h: one lesson of the course, as read from data/lessons/
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct {
  char   *id;
  char   *task;       /* English; translate with sp_lesson_translate() */
  char   *hint;
  char  **setup;      /* commands, one per element */
  char  **checks;
} SpLessonStep;

#define SP_TYPE_LESSON (sp_lesson_get_type ())
G_DECLARE_FINAL_TYPE (SpLesson, sp_lesson, SP, LESSON, GObject)

#define SP_LESSON_ERROR (sp_lesson_error_quark ())
typedef enum {
  SP_LESSON_ERROR_INVALID,
} SpLessonError;

GQuark              sp_lesson_error_quark     (void);

SpLesson           *sp_lesson_new_from_data   (const char  *data,
                                               gssize       length,
                                               GError     **error);
const char         *sp_lesson_get_id          (SpLesson    *self);
const char         *sp_lesson_get_group       (SpLesson    *self);
guint               sp_lesson_get_order       (SpLesson    *self);
const char         *sp_lesson_get_title       (SpLesson    *self);
/* Paragraphs of the explanation, NULL-terminated. */
const char * const *sp_lesson_get_paragraphs  (SpLesson    *self);
const char         *sp_lesson_get_python      (SpLesson    *self);
const char         *sp_lesson_get_c           (SpLesson    *self);
guint               sp_lesson_get_n_steps     (SpLesson    *self);
const SpLessonStep *sp_lesson_get_step        (SpLesson    *self,
                                               guint        index);

/* Every lesson under @resource_path in the GResource, sorted by order. */
GListModel         *sp_lesson_load_all        (const char  *resource_path,
                                               GError     **error);

/* The translation of lesson text: its msgid is the text with white space
 * collapsed, as xgettext extracts it. */
const char         *sp_lesson_translate       (const char  *text);

G_END_DECLS
