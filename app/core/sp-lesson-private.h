/* sp-lesson-private.h: what sp-lesson.c (the object) and
 * sp-lesson-reader.c (the file format) share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sp-lesson.h"

G_BEGIN_DECLS

/* One piece of text in each language the file gives it. */
typedef struct {
  char *lang;   /* as in xml:lang, "" when the file does not say */
  char *text;
} SpLessonVariant;

/* A GPtrArray of SpLessonVariant, in file order. */
typedef GPtrArray SpLessonText;

struct _SpLesson
{
  GObject       parent_instance;

  gboolean      built_in;
  guint         format;
  GFile        *file;
  char         *id;
  char         *group;
  guint         order;
  SpLessonMode  mode;
  SpLessonText *title;
  GPtrArray    *paragraphs;  /* of SpLessonText */
  SpLessonText *python;      /* NULL when the lesson has none */
  SpLessonText *c;
  GArray       *steps;       /* of SpLessonStep; task and hint are SpLessonText */
};

SpLessonText *sp_lesson_text_new         (void);
void          sp_lesson_text_add         (SpLessonText *text,
                                          const char   *lang,
                                          char         *value);
gboolean      sp_lesson_text_has         (SpLessonText *text,
                                          const char   *lang);

/* Reads @data into @lesson (built_in set by the caller); errors read
 * "LINE:COLUMN: what". */
gboolean      sp_lesson_read             (SpLesson     *lesson,
                                          const char   *data,
                                          gsize         length,
                                          GError      **error);

G_END_DECLS
