/* sp-lesson.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "sp-lesson.h"

struct _SpLesson
{
  GObject    parent_instance;

  char      *id;
  char      *group;
  guint      order;
  char      *title;
  GPtrArray *paragraphs;  /* NULL-terminated */
  char      *python;
  char      *c;
  GArray    *steps;       /* of SpLessonStep */
};

G_DEFINE_FINAL_TYPE (SpLesson, sp_lesson, G_TYPE_OBJECT)
G_DEFINE_QUARK (sp-lesson-error-quark, sp_lesson_error)

static void
step_clear (gpointer data)
{
  SpLessonStep *step = data;

  g_free (step->id);
  g_free (step->task);
  g_free (step->hint);
  g_strfreev (step->setup);
  g_strfreev (step->checks);
}

static void
sp_lesson_finalize (GObject *object)
{
  SpLesson *self = (SpLesson *)object;

  g_free (self->id);
  g_free (self->group);
  g_free (self->title);
  g_ptr_array_unref (self->paragraphs);
  g_free (self->python);
  g_free (self->c);
  g_array_unref (self->steps);

  G_OBJECT_CLASS (sp_lesson_parent_class)->finalize (object);
}

static void
sp_lesson_class_init (SpLessonClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sp_lesson_finalize;
}

static void
sp_lesson_init (SpLesson *self)
{
  self->paragraphs = g_ptr_array_new_null_terminated (4, g_free, TRUE);
  self->steps = g_array_new (FALSE, TRUE, sizeof (SpLessonStep));
  g_array_set_clear_func (self->steps, step_clear);
}

/* As xgettext does for ITS: trim, and fold white space runs into one space. */
static char *
collapse_space (const char *text)
{
  GString *s = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = text; *p; p++)
    {
      if (g_ascii_isspace (*p))
        space = s->len > 0;
      else
        {
          if (space)
            g_string_append_c (s, ' ');
          g_string_append_c (s, *p);
          space = FALSE;
        }
    }

  return g_string_free (s, FALSE);
}

/* Non-empty, trimmed lines of a <setup> or one <check>. */
static void
append_lines (GPtrArray  *lines,
              const char *text)
{
  g_auto(GStrv) split = g_strsplit (text, "\n", -1);

  for (guint i = 0; split[i]; i++)
    {
      char *line = g_strstrip (split[i]);

      if (*line != '\0')
        g_ptr_array_add (lines, g_strdup (line));
    }
}

typedef struct {
  SpLesson  *lesson;
  GString   *text;
  gboolean   in_step;
  GPtrArray *setup;
  GPtrArray *checks;
} ParseState;

static const char *
find_attribute (const char  *name,
                const char **names,
                const char **values)
{
  for (guint i = 0; names[i]; i++)
    if (strcmp (names[i], name) == 0)
      return values[i];

  return NULL;
}

static void
start_element (GMarkupParseContext  *context,
               const char           *element,
               const char          **names,
               const char          **values,
               gpointer              user_data,
               GError              **error)
{
  ParseState *state = user_data;

  g_string_truncate (state->text, 0);

  if (strcmp (element, "lesson") == 0)
    {
      const char *id = find_attribute ("id", names, values);
      const char *group = find_attribute ("group", names, values);
      const char *order = find_attribute ("order", names, values);

      if (id == NULL || group == NULL)
        {
          g_set_error (error, SP_LESSON_ERROR, SP_LESSON_ERROR_INVALID,
                       "<lesson> needs id and group attributes");
          return;
        }

      state->lesson->id = g_strdup (id);
      state->lesson->group = collapse_space (group);
      state->lesson->order = order ? (guint) g_ascii_strtoull (order, NULL, 10) : 0;
    }
  else if (strcmp (element, "step") == 0)
    {
      SpLessonStep step = { 0 };
      const char *id = find_attribute ("id", names, values);

      if (id == NULL)
        {
          g_set_error (error, SP_LESSON_ERROR, SP_LESSON_ERROR_INVALID,
                       "<step> needs an id attribute");
          return;
        }

      step.id = g_strdup (id);
      g_array_append_val (state->lesson->steps, step);
      state->in_step = TRUE;
      state->setup = g_ptr_array_new_null_terminated (4, g_free, TRUE);
      state->checks = g_ptr_array_new_null_terminated (2, g_free, TRUE);
    }
  else if (!g_str_equal (element, "title") && !g_str_equal (element, "p") &&
           !g_str_equal (element, "python") && !g_str_equal (element, "c") &&
           !g_str_equal (element, "task") && !g_str_equal (element, "hint") &&
           !g_str_equal (element, "setup") && !g_str_equal (element, "check"))
    g_set_error (error, SP_LESSON_ERROR, SP_LESSON_ERROR_INVALID,
                 "unknown element <%s>", element);
}

static void
end_element (GMarkupParseContext  *context,
             const char           *element,
             gpointer              user_data,
             GError              **error)
{
  ParseState *state = user_data;
  SpLesson *lesson = state->lesson;
  SpLessonStep *step = state->in_step && lesson->steps->len > 0
                       ? &g_array_index (lesson->steps, SpLessonStep, lesson->steps->len - 1)
                       : NULL;
  const char *text = state->text->str;

  if (strcmp (element, "title") == 0)
    lesson->title = collapse_space (text);
  else if (strcmp (element, "p") == 0)
    g_ptr_array_add (lesson->paragraphs, collapse_space (text));
  else if (strcmp (element, "python") == 0)
    lesson->python = g_strstrip (g_strdup (text));
  else if (strcmp (element, "c") == 0)
    lesson->c = g_strstrip (g_strdup (text));
  else if (step != NULL && strcmp (element, "task") == 0)
    step->task = collapse_space (text);
  else if (step != NULL && strcmp (element, "hint") == 0)
    step->hint = collapse_space (text);
  else if (step != NULL && strcmp (element, "setup") == 0)
    append_lines (state->setup, text);
  else if (step != NULL && strcmp (element, "check") == 0)
    append_lines (state->checks, text);
  else if (step != NULL && strcmp (element, "step") == 0)
    {
      step->setup = (char **) g_ptr_array_free (g_steal_pointer (&state->setup), FALSE);
      step->checks = (char **) g_ptr_array_free (g_steal_pointer (&state->checks), FALSE);
      state->in_step = FALSE;

      if (step->task == NULL || step->checks[0] == NULL)
        g_set_error (error, SP_LESSON_ERROR, SP_LESSON_ERROR_INVALID,
                     "step “%s” needs a <task> and at least one <check>", step->id);
    }

  g_string_truncate (state->text, 0);
}

static void
text (GMarkupParseContext  *context,
      const char           *text,
      gsize                 len,
      gpointer              user_data,
      GError              **error)
{
  ParseState *state = user_data;

  g_string_append_len (state->text, text, len);
}

SpLesson *
sp_lesson_new_from_data (const char  *data,
                         gssize       length,
                         GError     **error)
{
  static const GMarkupParser parser = { start_element, end_element, text, NULL, NULL };
  g_autoptr(SpLesson) lesson = g_object_new (SP_TYPE_LESSON, NULL);
  g_autoptr(GMarkupParseContext) context = NULL;
  ParseState state = { lesson, g_string_new (NULL), FALSE, NULL, NULL };
  gboolean ok;

  context = g_markup_parse_context_new (&parser, G_MARKUP_TREAT_CDATA_AS_TEXT, &state, NULL);
  ok = g_markup_parse_context_parse (context, data, length, error) &&
       g_markup_parse_context_end_parse (context, error);

  g_string_free (state.text, TRUE);
  g_clear_pointer (&state.setup, g_ptr_array_unref);
  g_clear_pointer (&state.checks, g_ptr_array_unref);

  if (!ok)
    return NULL;

  if (lesson->id == NULL || lesson->title == NULL || lesson->steps->len == 0)
    {
      g_set_error (error, SP_LESSON_ERROR, SP_LESSON_ERROR_INVALID,
                   "a lesson needs an id, a <title> and at least one <step>");
      return NULL;
    }

  return g_steal_pointer (&lesson);
}

static int
compare_order (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  SpLesson *la = (SpLesson *) a;
  SpLesson *lb = (SpLesson *) b;

  return (int) la->order - (int) lb->order;
}

GListModel *
sp_lesson_load_all (const char  *resource_path,
                    GError     **error)
{
  g_autoptr(GListStore) store = g_list_store_new (SP_TYPE_LESSON);
  g_auto(GStrv) names = NULL;

  names = g_resources_enumerate_children (resource_path, 0, error);
  if (names == NULL)
    return NULL;

  for (guint i = 0; names[i]; i++)
    {
      g_autofree char *path = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(SpLesson) lesson = NULL;
      g_autoptr(GError) local_error = NULL;
      gsize size;
      const char *data;

      if (!g_str_has_suffix (names[i], ".xml"))
        continue;

      path = g_build_path ("/", resource_path, names[i], NULL);
      bytes = g_resources_lookup_data (path, 0, error);
      if (bytes == NULL)
        return NULL;

      data = g_bytes_get_data (bytes, &size);
      lesson = sp_lesson_new_from_data (data, size, &local_error);
      if (lesson == NULL)
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ", names[i]);
          return NULL;
        }

      g_list_store_insert_sorted (store, lesson, compare_order, NULL);
    }

  return G_LIST_MODEL (g_steal_pointer (&store));
}

const char *
sp_lesson_translate (const char *text)
{
  return text ? g_dgettext (GETTEXT_PACKAGE, text) : NULL;
}

const char *
sp_lesson_get_id (SpLesson *self)
{
  g_return_val_if_fail (SP_IS_LESSON (self), NULL);
  return self->id;
}

const char *
sp_lesson_get_group (SpLesson *self)
{
  g_return_val_if_fail (SP_IS_LESSON (self), NULL);
  return self->group;
}

guint
sp_lesson_get_order (SpLesson *self)
{
  g_return_val_if_fail (SP_IS_LESSON (self), 0);
  return self->order;
}

const char *
sp_lesson_get_title (SpLesson *self)
{
  g_return_val_if_fail (SP_IS_LESSON (self), NULL);
  return self->title;
}

const char * const *
sp_lesson_get_paragraphs (SpLesson *self)
{
  g_return_val_if_fail (SP_IS_LESSON (self), NULL);
  return (const char * const *) self->paragraphs->pdata;
}

const char *
sp_lesson_get_python (SpLesson *self)
{
  g_return_val_if_fail (SP_IS_LESSON (self), NULL);
  return self->python;
}

const char *
sp_lesson_get_c (SpLesson *self)
{
  g_return_val_if_fail (SP_IS_LESSON (self), NULL);
  return self->c;
}

guint
sp_lesson_get_n_steps (SpLesson *self)
{
  g_return_val_if_fail (SP_IS_LESSON (self), 0);
  return self->steps->len;
}

const SpLessonStep *
sp_lesson_get_step (SpLesson *self,
                    guint     index)
{
  g_return_val_if_fail (SP_IS_LESSON (self), NULL);
  g_return_val_if_fail (index < self->steps->len, NULL);
  return &g_array_index (self->steps, SpLessonStep, index);
}
