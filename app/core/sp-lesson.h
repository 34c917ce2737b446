/* sp-lesson.h: one lesson, as read from data/lessons/ (the course, built
 * in) or from a teacher's lesson file (see data/lessons/README.md)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sp-lesson-error.h"

G_BEGIN_DECLS

/* The newest format this version reads; files without format="…" are 1. */
#define SP_LESSON_FORMAT_VERSION 2
/* A lesson is a small text file; anything larger is refused unread. */
#define SP_LESSON_MAX_FILE_SIZE  (1024 * 1024)
/* What lesson files are called, and the folder of "My lessons". */
#define SP_LESSON_FILE_SUFFIX    ".splesson"

/* When a step's hint or its "Set it up for me" button is offered. */
typedef enum {
  SP_LESSON_HELP_ALWAYS,
  SP_LESSON_HELP_AFTER_TRY,   /* once the panes showed an attempt at the step */
  SP_LESSON_HELP_NEVER,
} SpLessonHelp;

typedef enum {
  SP_LESSON_MODE_TUTORIAL,
  SP_LESSON_MODE_EXERCISE,    /* help after a try by default, a summary to hand in */
} SpLessonMode;

typedef struct {
  char          *id;
  char         **setup;       /* commands, one per element */
  char         **checks;
  SpLessonHelp   show_hint;
  SpLessonHelp   show_setup;
  /*< private >*/
  gpointer       task;
  gpointer       hint;
} SpLessonStep;

#define SP_TYPE_LESSON (sp_lesson_get_type ())
G_DECLARE_FINAL_TYPE (SpLesson, sp_lesson, SP, LESSON, GObject)

/* A lesson of the built-in course: its text is the English msgid, shown
 * translated through gettext. Errors read "LINE:COLUMN: what". */
SpLesson           *sp_lesson_new_from_data   (const char  *data,
                                               gssize       length,
                                               GError     **error);
/* A teacher's lesson file: its text is shown in the language of the
 * interface where the file has it (xml:lang), else as written. @name is
 * how messages call the file; they read "NAME:LINE:COLUMN: what". The
 * file is refused whole or read whole. @file (may be NULL) is kept as its
 * origin. */
SpLesson           *sp_lesson_new_for_file    (GFile       *file,
                                               const char  *name,
                                               const char  *data,
                                               gssize       length,
                                               GError     **error);

const char         *sp_lesson_get_id          (SpLesson    *self);
gboolean            sp_lesson_is_built_in     (SpLesson    *self);
/* The file it was read from, or NULL (built in). */
GFile              *sp_lesson_get_file        (SpLesson    *self);
guint               sp_lesson_get_format      (SpLesson    *self);
SpLessonMode        sp_lesson_get_mode        (SpLesson    *self);
guint               sp_lesson_get_order       (SpLesson    *self);

/* Text, as shown: translated (built in) or in the best language the file
 * has. The group may be NULL for lesson files. */
const char         *sp_lesson_get_group       (SpLesson    *self);
const char         *sp_lesson_get_title       (SpLesson    *self);
guint               sp_lesson_get_n_paragraphs (SpLesson   *self);
const char         *sp_lesson_get_paragraph   (SpLesson    *self,
                                               guint        index);
const char         *sp_lesson_get_task        (SpLesson    *self,
                                               guint        step);
/* NULL when the step has no hint. */
const char         *sp_lesson_get_hint        (SpLesson    *self,
                                               guint        step);

/* Code, NULL when the lesson has none. Translated like the text: only its
 * comments differ between languages, so any of them runs as it is. */
const char         *sp_lesson_get_python      (SpLesson    *self);
const char         *sp_lesson_get_c           (SpLesson    *self);
guint               sp_lesson_get_n_steps     (SpLesson    *self);
const SpLessonStep *sp_lesson_get_step        (SpLesson    *self,
                                               guint        index);

/* Every lesson under @resource_path in the GResource, sorted by order. */
GListModel         *sp_lesson_load_all        (const char  *resource_path,
                                               GError     **error);

G_END_DECLS
