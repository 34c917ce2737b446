/* sp-lesson-library.h: every lesson the app offers: the built-in course,
 * then "My lessons" (the lesson files in a folder, kept up to date as the
 * folder changes, and lesson files opened by hand)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sp-lesson.h"

G_BEGIN_DECLS

#define SP_TYPE_LESSON_LIBRARY (sp_lesson_library_get_type ())
G_DECLARE_FINAL_TYPE (SpLessonLibrary, sp_lesson_library, SP, LESSON_LIBRARY, GObject)

/* $XDG_DATA_HOME/socket-playground/lessons (in a Flatpak, the app's own). */
GFile           *sp_lesson_library_default_folder (void);
/* The app's library: the course in the GResource and the default folder. */
SpLessonLibrary *sp_lesson_library_get_default  (void);

/* @resource_path (may be NULL) holds the built-in lessons; @folder (may be
 * NULL) the teacher's files, "*.splesson", read in the background and
 * again whenever something in it changes. */
SpLessonLibrary *sp_lesson_library_new          (const char       *resource_path,
                                                 GFile            *folder);
GFile           *sp_lesson_library_get_folder   (SpLessonLibrary  *self);
/* Makes the folder (and its parents) if it is missing. */
gboolean         sp_lesson_library_ensure_folder (SpLessonLibrary *self,
                                                  GError         **error);

/* SpLesson: the built-in ones by order, then "My lessons" by order and
 * title. The built-in ones are there from the start. */
GListModel      *sp_lesson_library_get_lessons  (SpLessonLibrary  *self);
SpLesson        *sp_lesson_library_find         (SpLessonLibrary  *self,
                                                 const char       *id);
/* TRUE until the folder has been read once (property "loading"). */
gboolean         sp_lesson_library_is_loading   (SpLessonLibrary  *self);
/* Why files in the folder are not in the list, one message each
 * ("NAME:LINE:COLUMN: what"), in file name order (property "problems"). */
const char * const *sp_lesson_library_get_problems (SpLessonLibrary *self);

/* Reads a lesson file chosen by the user and adds it to "My lessons" for
 * as long as the app runs (opening it again reads it again). The result is
 * the lesson; the error's message names the file as @file's basename. */
void             sp_lesson_library_open_file_async  (SpLessonLibrary     *self,
                                                     GFile               *file,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
SpLesson        *sp_lesson_library_open_file_finish (SpLessonLibrary     *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

/* The same rules for a file named on the command line, read at once:
 * NULL and an error when the file is bad or its id is the id of a
 * built-in lesson. */
SpLesson        *sp_lesson_library_check_file   (SpLessonLibrary  *self,
                                                 const char       *path,
                                                 GError          **error);

G_END_DECLS
