/* sp-lesson-source.h: the text of a lesson file as the reader sees it:
 * where each tag and line is (line and column, as GMarkup counts them),
 * and lesson text folded as it is shown
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* From 1, in characters. */
typedef struct {
  int line;
  int col;
} SpLessonPos;

typedef struct {
  const char *data;
  gsize       length;
  GArray     *lines;   /* gsize: offset of each line's start */
  gsize       scan;    /* offset past the last tag found */
} SpLessonSource;

typedef struct {
  char        *text;
  SpLessonPos  pos;
} SpLessonLine;

void         sp_lesson_source_init      (SpLessonSource *src,
                                         const char     *data,
                                         gsize           length);
void         sp_lesson_source_clear     (SpLessonSource *src);
SpLessonPos  sp_lesson_source_pos       (SpLessonSource *src,
                                         gsize           offset);
/* Finds the next start tag (@closing FALSE) or end tag of @name from
 * where the last one was found, skipping comments, CDATA and the like,
 * and moves past it. Returns the offset of its '<'. GMarkup reports tags
 * in this order, so this is the tag it reports. */
gsize        sp_lesson_source_find_tag  (SpLessonSource *src,
                                         const char     *name,
                                         gboolean        closing);
/* Where the first non-blank character after the last tag found is. */
SpLessonPos  sp_lesson_source_next_text (SpLessonSource *src);
/* The non-empty, trimmed lines of @text, an element's text that starts at
 * @text_start: SpLessonLine, each with its place. */
GPtrArray   *sp_lesson_source_lines     (SpLessonSource *src,
                                         gsize           text_start,
                                         const char     *text);

/* As xgettext does for ITS: trim, and fold white space runs into one
 * space; with @cjk, a line break between two wide (Chinese) characters is
 * dropped instead. */
char        *sp_lesson_collapse_space   (const char     *text,
                                         gboolean        cjk);
/* @text as a message shows it: on one line, at most @max characters,
 * with "…" where it was cut. */
char        *sp_lesson_one_line         (const char     *text,
                                         glong           max);

G_END_DECLS
