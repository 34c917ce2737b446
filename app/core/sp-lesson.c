/* sp-lesson.c: the lesson object; sp-lesson-reader.c reads the files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "sp-lesson-private.h"

G_DEFINE_FINAL_TYPE (SpLesson, sp_lesson, G_TYPE_OBJECT)

static void
variant_free (gpointer data)
{
  SpLessonVariant *variant = data;

  g_free (variant->lang);
  g_free (variant->text);
  g_free (variant);
}

SpLessonText *
sp_lesson_text_new (void)
{
  return g_ptr_array_new_with_free_func (variant_free);
}

/* Takes @value. */
void
sp_lesson_text_add (SpLessonText *text,
                    const char   *lang,
                    char         *value)
{
  SpLessonVariant *variant = g_new0 (SpLessonVariant, 1);

  variant->lang = g_strdup (lang);
  variant->text = value;
  g_ptr_array_add (text, variant);
}


/* "zh-CN", "zh_cn" and "zh_CN" are one language, as g_get_language_names()
 * says it: "zh_CN". "" (no xml:lang) matches only "". */
static gboolean
lang_matches (const char *lang,
              const char *name)
{
  gsize len = strlen (lang);

  if (strlen (name) != len)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char a = lang[i] == '-' ? '_' : lang[i];
      char b = name[i] == '-' ? '_' : name[i];

      if (g_ascii_tolower (a) != g_ascii_tolower (b))
        return FALSE;
    }

  return TRUE;
}

gboolean
sp_lesson_text_has (SpLessonText *text,
                    const char   *lang)
{
  for (guint i = 0; i < text->len; i++)
    if (lang_matches (((SpLessonVariant *) text->pdata[i])->lang, lang))
      return TRUE;

  return FALSE;
}

static void
step_clear (gpointer data)
{
  SpLessonStep *step = data;

  g_free (step->id);
  g_strfreev (step->setup);
  g_strfreev (step->checks);
  g_clear_pointer ((SpLessonText **) &step->task, g_ptr_array_unref);
  g_clear_pointer ((SpLessonText **) &step->hint, g_ptr_array_unref);
}

static void
sp_lesson_finalize (GObject *object)
{
  SpLesson *self = (SpLesson *)object;

  g_clear_object (&self->file);
  g_free (self->id);
  g_free (self->group);
  g_clear_pointer (&self->title, g_ptr_array_unref);
  g_ptr_array_unref (self->paragraphs);
  g_clear_pointer (&self->python, g_ptr_array_unref);
  g_clear_pointer (&self->c, g_ptr_array_unref);
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
  self->format = 1;
  self->paragraphs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  self->steps = g_array_new (FALSE, TRUE, sizeof (SpLessonStep));
  g_array_set_clear_func (self->steps, step_clear);
}

SpLesson *
sp_lesson_new_from_data (const char  *data,
                         gssize       length,
                         GError     **error)
{
  g_autoptr(SpLesson) lesson = g_object_new (SP_TYPE_LESSON, NULL);

  g_return_val_if_fail (data != NULL, NULL);

  lesson->built_in = TRUE;
  if (!sp_lesson_read (lesson, data, length < 0 ? strlen (data) : (gsize) length, error))
    return NULL;

  return g_steal_pointer (&lesson);
}

SpLesson *
sp_lesson_new_for_file (GFile       *file,
                        const char  *name,
                        const char  *data,
                        gssize       length,
                        GError     **error)
{
  g_autoptr(SpLesson) lesson = g_object_new (SP_TYPE_LESSON, NULL);
  g_autoptr(GError) local_error = NULL;
  gsize size;

  g_return_val_if_fail (file == NULL || G_IS_FILE (file), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (data != NULL, NULL);

  size = length < 0 ? strlen (data) : (gsize) length;
  if (size > SP_LESSON_MAX_FILE_SIZE)
    {
      g_set_error (error, SP_LESSON_ERROR, SP_LESSON_ERROR_INVALID,
                   /* TRANSLATORS: %s is a file name */
                   _("%s: the file is larger than 1 MiB; a lesson is a small text file"), name);
      return NULL;
    }

  lesson->file = file ? g_object_ref (file) : NULL;
  if (!sp_lesson_read (lesson, data, size, &local_error))
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s:", name);
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
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s:", names[i]);
          return NULL;
        }

      g_list_store_insert_sorted (store, lesson, compare_order, NULL);
    }

  return G_LIST_MODEL (g_steal_pointer (&store));
}


/* The variant for the interface's languages, in their order of
 * preference; then text the file gives no language (or English), so that
 * English is the fallback where there is one; then whatever the file has,
 * so a lesson written only in Chinese shows in Chinese everywhere. */
static const char *
choose (SpLesson     *self,
        SpLessonText *text)
{
  const char * const *names;

  if (text == NULL || text->len == 0)
    return NULL;

  if (self->built_in)
    return g_dgettext (GETTEXT_PACKAGE, ((SpLessonVariant *) text->pdata[0])->text);

  names = g_get_language_names ();
  for (guint n = 0; names[n]; n++)
    {
      if (g_str_equal (names[n], "C") || g_str_equal (names[n], "POSIX"))
        break;
      for (guint i = 0; i < text->len; i++)
        {
          SpLessonVariant *variant = text->pdata[i];

          if (lang_matches (variant->lang, names[n]))
            return variant->text;
        }
    }

  for (guint i = 0; i < text->len; i++)
    {
      SpLessonVariant *variant = text->pdata[i];

      if (variant->lang[0] == '\0' || lang_matches (variant->lang, "en"))
        return variant->text;
    }

  return ((SpLessonVariant *) text->pdata[0])->text;
}

const char *
sp_lesson_get_id (SpLesson *self)
{
  g_return_val_if_fail (SP_IS_LESSON (self), NULL);
  return self->id;
}

gboolean
sp_lesson_is_built_in (SpLesson *self)
{
  g_return_val_if_fail (SP_IS_LESSON (self), FALSE);
  return self->built_in;
}

GFile *
sp_lesson_get_file (SpLesson *self)
{
  g_return_val_if_fail (SP_IS_LESSON (self), NULL);
  return self->file;
}

guint
sp_lesson_get_format (SpLesson *self)
{
  g_return_val_if_fail (SP_IS_LESSON (self), 0);
  return self->format;
}

SpLessonMode
sp_lesson_get_mode (SpLesson *self)
{
  g_return_val_if_fail (SP_IS_LESSON (self), SP_LESSON_MODE_TUTORIAL);
  return self->mode;
}

guint
sp_lesson_get_order (SpLesson *self)
{
  g_return_val_if_fail (SP_IS_LESSON (self), 0);
  return self->order;
}

const char *
sp_lesson_get_group (SpLesson *self)
{
  g_return_val_if_fail (SP_IS_LESSON (self), NULL);

  if (self->group == NULL)
    return NULL;
  return self->built_in ? g_dgettext (GETTEXT_PACKAGE, self->group) : self->group;
}

const char *
sp_lesson_get_title (SpLesson *self)
{
  g_return_val_if_fail (SP_IS_LESSON (self), NULL);
  return choose (self, self->title);
}

guint
sp_lesson_get_n_paragraphs (SpLesson *self)
{
  g_return_val_if_fail (SP_IS_LESSON (self), 0);
  return self->paragraphs->len;
}

const char *
sp_lesson_get_paragraph (SpLesson *self,
                         guint     index)
{
  g_return_val_if_fail (SP_IS_LESSON (self), NULL);
  g_return_val_if_fail (index < self->paragraphs->len, NULL);
  return choose (self, self->paragraphs->pdata[index]);
}

const char *
sp_lesson_get_task (SpLesson *self,
                    guint     step)
{
  g_return_val_if_fail (SP_IS_LESSON (self), NULL);
  g_return_val_if_fail (step < self->steps->len, NULL);
  return choose (self, g_array_index (self->steps, SpLessonStep, step).task);
}

const char *
sp_lesson_get_hint (SpLesson *self,
                    guint     step)
{
  g_return_val_if_fail (SP_IS_LESSON (self), NULL);
  g_return_val_if_fail (step < self->steps->len, NULL);
  return choose (self, g_array_index (self->steps, SpLessonStep, step).hint);
}

const char *
sp_lesson_get_python (SpLesson *self)
{
  g_return_val_if_fail (SP_IS_LESSON (self), NULL);
  return choose (self, self->python);
}

const char *
sp_lesson_get_c (SpLesson *self)
{
  g_return_val_if_fail (SP_IS_LESSON (self), NULL);
  return choose (self, self->c);
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
