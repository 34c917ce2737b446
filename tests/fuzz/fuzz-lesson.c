/* fuzz-lesson.c: libFuzzer target for the lesson file reader
 *
 * The input is read as a teacher's lesson file and as a built-in one. A
 * refusal must be one line of valid UTF-8 that names the file, the line
 * and the column; a lesson that loads must be whole: a title and steps,
 * each with a task and checks that parse, and setup commands that
 * validate, its text valid UTF-8 in every language asked for. The first
 * line is also read as one check.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "sp-lesson.h"
#include "sp-lesson-check.h"
#include "sp-setup-runner.h"

#include "fuzz-common.h"

#define NAME "fuzz.splesson"

static void
check_text (const char *text)
{
  CHECK (text != NULL);
  CHECK (text[0] != '\0');
  CHECK (g_utf8_validate (text, -1, NULL));
}

static void
check_refusal (const GError *error,
               const char   *prefix,
               size_t        size)
{
  const char *message;
  int line = 0, col = 0;

  CHECK (error != NULL);
  CHECK (error->domain == SP_LESSON_ERROR);
  message = error->message;
  CHECK (g_utf8_validate (message, -1, NULL));
  CHECK (strchr (message, '\n') == NULL);
  CHECK (g_str_has_prefix (message, prefix));

  /* NAME:LINE:COLUMN: what, but for a file refused unread for its size. */
  if (size > SP_LESSON_MAX_FILE_SIZE)
    return;
  CHECK (sscanf (message + strlen (prefix), "%d:%d: ", &line, &col) == 2);
  CHECK (line >= 1 && col >= 1);
  CHECK ((size_t) line <= size + 2);
}

static void
check_lesson (SpLesson *lesson)
{
  static const char *languages[] = { "en", "zh_CN", "fr:zh-cn:en", NULL };
  guint n_steps = sp_lesson_get_n_steps (lesson);

  check_text (sp_lesson_get_id (lesson));
  CHECK (n_steps >= 1);
  CHECK (sp_lesson_get_format (lesson) >= 1 && sp_lesson_get_format (lesson) <= SP_LESSON_FORMAT_VERSION);

  for (guint l = 0; languages[l]; l++)
    {
      g_setenv ("LANGUAGE", languages[l], TRUE);
      check_text (sp_lesson_get_title (lesson));
      for (guint i = 0; i < sp_lesson_get_n_paragraphs (lesson); i++)
        check_text (sp_lesson_get_paragraph (lesson, i));
      for (guint c = 0; c < 2; c++)
        {
          const char *code = c ? sp_lesson_get_c (lesson) : sp_lesson_get_python (lesson);

          /* Never blank lines or space around it: they are dropped. */
          if (code != NULL)
            {
              check_text (code);
              CHECK (code[0] != '\n' && !g_ascii_isspace (code[strlen (code) - 1]));
            }
        }
      for (guint s = 0; s < n_steps; s++)
        {
          const char *hint = sp_lesson_get_hint (lesson, s);

          check_text (sp_lesson_get_task (lesson, s));
          if (hint != NULL)
            check_text (hint);
        }
    }
  g_unsetenv ("LANGUAGE");

  for (guint s = 0; s < n_steps; s++)
    {
      const SpLessonStep *step = sp_lesson_get_step (lesson, s);

      check_text (step->id);
      CHECK (step->checks != NULL && step->checks[0] != NULL);
      CHECK (step->setup != NULL);
      CHECK (sp_setup_validate ((const char * const *) step->setup, NULL));
      for (guint c = 0; step->checks[c]; c++)
        {
          g_autoptr(SpLessonCheck) check = sp_lesson_check_new (step->checks[c], NULL);

          CHECK (check != NULL);
        }
      CHECK (step->show_hint <= SP_LESSON_HELP_NEVER);
      CHECK (step->show_setup <= SP_LESSON_HELP_NEVER);
    }
}

static void
fuzz_file (const uint8_t *data,
           size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpLesson) lesson = sp_lesson_new_for_file (NULL, NAME, (const char *) data, size, &error);

  if (lesson == NULL)
    {
      check_refusal (error, NAME ":", size);
      return;
    }

  CHECK (error == NULL);
  CHECK (!sp_lesson_is_built_in (lesson));
  check_lesson (lesson);
}

static void
fuzz_built_in (const uint8_t *data,
               size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpLesson) lesson = NULL;

  if (size > SP_LESSON_MAX_FILE_SIZE)
    return;

  lesson = sp_lesson_new_from_data ((const char *) data, size, &error);
  if (lesson == NULL)
    {
      check_refusal (error, "", size);
      return;
    }

  CHECK (sp_lesson_is_built_in (lesson));
  check_lesson (lesson);
}

static void
fuzz_check (const uint8_t *data,
            size_t         size)
{
  const char *end = memchr (data, '\n', size);
  g_autofree char *line = g_strndup ((const char *) data, end ? (size_t) (end - (const char *) data) : size);
  g_autoptr(GError) error = NULL;
  g_autoptr(SpLessonCheck) check = NULL;

  if (!g_utf8_validate (line, -1, NULL))
    return;

  check = sp_lesson_check_new (line, &error);
  CHECK ((check == NULL) == (error != NULL));
  if (error != NULL)
    CHECK (g_utf8_validate (error->message, -1, NULL));
}

/* A GLib warning or critical is a finding: abort, so libFuzzer keeps the
 * input (G_DEBUG's breakpoint is a SIGTRAP, which it does not catch). */
static GLogWriterOutput
abort_on_warnings (GLogLevelFlags   level,
                   const GLogField *fields,
                   gsize            n_fields,
                   gpointer         user_data)
{
  GLogWriterOutput output = g_log_writer_standard_streams (level, fields, n_fields, user_data);

  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    abort ();
  return output;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static gboolean started;

  if (!started)
    {
      g_log_set_writer_func (abort_on_warnings, NULL, NULL);
      started = TRUE;
    }

  fuzz_file (data, size);
  fuzz_built_in (data, size);
  fuzz_check (data, size);

  return 0;
}
