/* sp-lesson-library.c
 *
 * The folder is read in the background (enumerate, then read each changed
 * file) and the list is replaced in one go when every file has been read,
 * so the list never shows half a folder. A file whose name, size and
 * modification time are unchanged keeps its SpLesson, so a lesson open in
 * the sidebar stays the same object when another file changes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sp-lesson-library.h"

/* Changes come in bursts (an editor writes, renames, touches); one read
 * after the burst is enough. */
#define RESCAN_DELAY_MS 150

typedef struct {
  char     *name;      /* the file's basename, also how messages call it */
  char     *stamp;     /* etag and size: unchanged files are not read again */
  SpLesson *lesson;    /* or NULL, and then: */
  char     *problem;
} Entry;

struct _SpLessonLibrary
{
  GObject        parent_instance;

  GListStore    *lessons;
  guint          n_built_in;
  guint          n_mine;
  GFile         *folder;
  GFileMonitor  *monitor;
  /* The monitor was made before the folder existed, and sees little. */
  gboolean       watching_missing;
  GHashTable    *entries;      /* name → Entry, the folder as last read */
  GPtrArray     *opened;       /* SpLesson opened by hand, oldest first */
  GStrv          problems;
  gboolean       loading;
  GCancellable  *scan_cancellable;
  gboolean       scan_again;   /* the folder changed while it was read */
  guint          rescan_id;
};

enum {
  PROP_0,
  PROP_LOADING,
  PROP_PROBLEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SpLessonLibrary, sp_lesson_library, G_TYPE_OBJECT)

static void start_scan (SpLessonLibrary *self);

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_free (entry->name);
  g_free (entry->stamp);
  g_clear_object (&entry->lesson);
  g_free (entry->problem);
  g_free (entry);
}

/* Reading one file, at most one byte over the limit ----------------------- */

typedef struct {
  char   *name;
  guint8 *buffer;
  gsize   length;
} ReadData;

static void
read_data_free (gpointer data)
{
  ReadData *read = data;

  g_free (read->name);
  g_free (read->buffer);
  g_free (read);
}

/* A file that could not be read, in the words of a lesson's errors. */
static GError *
read_error (const char   *name,
            const GError *cause)
{
  /* TRANSLATORS: %s is a file name, then why it could not be read */
  return g_error_new (SP_LESSON_ERROR, SP_LESSON_ERROR_INVALID,
                      _("%s: could not read the file: %s"), name, cause->message);
}

static void
read_all_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ReadData *read = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  if (!g_input_stream_read_all_finish (G_INPUT_STREAM (object), result, &length, &error))
    {
      g_task_return_error (task, read_error (read->name, error));
      return;
    }

  read->length = length;
  g_task_return_boolean (task, TRUE);
}

static void
read_opened_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ReadData *read = g_task_get_task_data (task);
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;

  stream = g_file_read_finish (G_FILE (object), result, &error);
  if (stream == NULL)
    {
      g_task_return_error (task, read_error (read->name, error));
      return;
    }

  g_input_stream_read_all_async (G_INPUT_STREAM (stream), read->buffer, SP_LESSON_MAX_FILE_SIZE + 1,
                                 G_PRIORITY_DEFAULT, g_task_get_cancellable (task),
                                 read_all_cb, g_object_ref (task));
}

/* Reads @file and parses it as a lesson; the task's result is the lesson. */
static void
read_lesson_async (GFile               *file,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  GTask *task = g_task_new (file, cancellable, callback, user_data);
  ReadData *read = g_new0 (ReadData, 1);

  read->name = g_file_get_basename (file);
  read->buffer = g_malloc (SP_LESSON_MAX_FILE_SIZE + 1);
  g_task_set_task_data (task, read, read_data_free);
  g_file_read_async (file, G_PRIORITY_DEFAULT, cancellable, read_opened_cb, task);
}

static SpLesson *
read_lesson_finish (GFile         *file,
                    GAsyncResult  *result,
                    GError       **error)
{
  GTask *task = G_TASK (result);
  ReadData *read = g_task_get_task_data (task);

  if (!g_task_propagate_boolean (task, error))
    return NULL;

  /* One byte over the limit says the file is larger than that. */
  return sp_lesson_new_for_file (file, read->name, (const char *) read->buffer, read->length, error);
}

/* The list ----------------------------------------------------------------- */

static int
compare_mine (gconstpointer a,
              gconstpointer b)
{
  SpLesson *la = *(SpLesson **) a;
  SpLesson *lb = *(SpLesson **) b;
  int c;

  if (sp_lesson_get_order (la) != sp_lesson_get_order (lb))
    return sp_lesson_get_order (la) < sp_lesson_get_order (lb) ? -1 : 1;
  if ((c = g_utf8_collate (sp_lesson_get_title (la), sp_lesson_get_title (lb))) != 0)
    return c;
  return strcmp (sp_lesson_get_id (la), sp_lesson_get_id (lb));
}

static SpLesson *
find_built_in (SpLessonLibrary *self,
               const char      *id)
{
  for (guint i = 0; i < self->n_built_in; i++)
    {
      g_autoptr(SpLesson) lesson = g_list_model_get_item (G_LIST_MODEL (self->lessons), i);

      if (g_str_equal (sp_lesson_get_id (lesson), id))
        return lesson;
    }

  return NULL;
}

static gboolean
is_opened (SpLessonLibrary *self,
           GFile           *file)
{
  for (guint i = 0; i < self->opened->len; i++)
    if (g_file_equal (sp_lesson_get_file (self->opened->pdata[i]), file))
      return TRUE;

  return FALSE;
}

static char *
display_name (GFile *file)
{
  return file ? g_file_get_parse_name (file) : g_strdup ("");
}

/* Why @lesson cannot join "My lessons" next to @taken (id → SpLesson), or
 * NULL. */
static char *
id_conflict (SpLessonLibrary *self,
             SpLesson        *lesson,
             const char      *name,
             GHashTable      *taken)
{
  const char *id = sp_lesson_get_id (lesson);
  SpLesson *other;

  if (find_built_in (self, id) != NULL)
    /* TRANSLATORS: %s are a file name and a lesson id */
    return g_strdup_printf (_("%s: the id “%s” is the id of a built-in lesson; choose another"), name, id);

  other = taken ? g_hash_table_lookup (taken, id) : NULL;
  if (other != NULL)
    {
      g_autofree char *where = display_name (sp_lesson_get_file (other));

      /* TRANSLATORS: a file name, a lesson id, and the other file with that id */
      return g_strdup_printf (_("%s: the id “%s” is already used by %s; each lesson needs its own"),
                              name, id, where);
    }

  return NULL;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

/* Puts the opened files and the folder's lessons into the list. */
static void
rebuild (SpLessonLibrary *self)
{
  g_autoptr(GHashTable) taken = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) mine = g_ptr_array_new ();
  g_autoptr(GStrvBuilder) problems = g_strv_builder_new ();
  g_autofree const char **names = NULL;
  g_auto(GStrv) new_problems = NULL;
  gboolean same = TRUE;
  guint n_names;

  for (guint i = 0; i < self->opened->len; i++)
    {
      SpLesson *lesson = self->opened->pdata[i];

      g_hash_table_insert (taken, (gpointer) sp_lesson_get_id (lesson), lesson);
      g_ptr_array_add (mine, lesson);
    }

  names = (const char **) g_hash_table_get_keys_as_array (self->entries, &n_names);
  qsort (names, n_names, sizeof (char *), compare_names);
  for (guint i = 0; i < n_names; i++)
    {
      Entry *entry = g_hash_table_lookup (self->entries, names[i]);
      g_autofree char *conflict = NULL;

      if (entry->lesson == NULL)
        {
          g_strv_builder_add (problems, entry->problem);
          continue;
        }
      /* Opened by hand from the folder: that reading counts. */
      if (is_opened (self, sp_lesson_get_file (entry->lesson)))
        continue;

      conflict = id_conflict (self, entry->lesson, entry->name, taken);
      if (conflict != NULL)
        {
          g_strv_builder_add (problems, conflict);
          continue;
        }
      g_hash_table_insert (taken, (gpointer) sp_lesson_get_id (entry->lesson), entry->lesson);
      g_ptr_array_add (mine, entry->lesson);
    }

  g_ptr_array_sort (mine, compare_mine);

  /* Unchanged, the list stays as it is: no reason to rebuild a sidebar. */
  if (mine->len != self->n_mine)
    same = FALSE;
  for (guint i = 0; same && i < mine->len; i++)
    {
      g_autoptr(SpLesson) old = g_list_model_get_item (G_LIST_MODEL (self->lessons), self->n_built_in + i);

      same = old == mine->pdata[i];
    }
  if (!same)
    {
      g_list_store_splice (self->lessons, self->n_built_in, self->n_mine, mine->pdata, mine->len);
      self->n_mine = mine->len;
    }

  new_problems = g_strv_builder_end (problems);
  if (self->problems == NULL || !g_strv_equal ((const char * const *) self->problems,
                                               (const char * const *) new_problems))
    {
      g_strfreev (self->problems);
      self->problems = g_steal_pointer (&new_problems);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEMS]);
    }
}

/* Reading the folder ------------------------------------------------------- */

typedef struct {
  SpLessonLibrary *self;
  GCancellable    *cancellable;
  GHashTable      *entries;   /* the new reading: name → Entry */
  gboolean         listing;   /* the folder is still being listed */
  guint            pending;   /* files still being read */
  char            *failure;   /* the folder could not be listed */
} Scan;

static void
scan_free (Scan *scan)
{
  g_object_unref (scan->self);
  g_object_unref (scan->cancellable);
  g_hash_table_unref (scan->entries);
  g_free (scan->failure);
  g_free (scan);
}

static void
set_loading (SpLessonLibrary *self,
             gboolean         loading)
{
  if (self->loading == loading)
    return;

  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
scan_done (Scan *scan)
{
  SpLessonLibrary *self = scan->self;

  if (scan->failure != NULL)
    {
      Entry *entry = g_new0 (Entry, 1);

      /* Listed first: nothing in the folder could be read. */
      entry->name = g_strdup ("");
      entry->problem = g_steal_pointer (&scan->failure);
      g_hash_table_replace (scan->entries, g_strdup (entry->name), entry);
    }

  g_hash_table_unref (self->entries);
  self->entries = g_hash_table_ref (scan->entries);
  g_clear_object (&self->scan_cancellable);
  rebuild (self);
  set_loading (self, FALSE);

  if (self->scan_again)
    {
      self->scan_again = FALSE;
      start_scan (self);
    }
}

/* Once the folder is listed and every changed file read. */
static void
scan_maybe_done (Scan *scan)
{
  if (scan->listing || scan->pending > 0)
    return;

  if (!g_cancellable_is_cancelled (scan->cancellable))
    scan_done (scan);
  scan_free (scan);
}

static void
file_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Entry *entry = user_data;
  Scan *scan = g_object_get_data (object, "sp-scan");
  g_autoptr(GError) error = NULL;

  entry->lesson = read_lesson_finish (G_FILE (object), result, &error);
  if (entry->lesson == NULL)
    entry->problem = g_strdup (error->message);

  scan->pending--;
  scan_maybe_done (scan);
}

static void
add_file (Scan      *scan,
          GFileInfo *info)
{
  SpLessonLibrary *self = scan->self;
  const char *name = g_file_info_get_name (info);
  g_autofree char *stamp = NULL;
  Entry *old = g_hash_table_lookup (self->entries, name);
  Entry *entry;
  g_autoptr(GFile) file = NULL;

  if (!g_str_has_suffix (name, SP_LESSON_FILE_SUFFIX) ||
      g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    return;

  stamp = g_strdup_printf ("%s/%" G_GOFFSET_FORMAT,
                           g_file_info_get_etag (info) ? g_file_info_get_etag (info) : "",
                           g_file_info_get_size (info));
  entry = g_new0 (Entry, 1);
  entry->name = g_strdup (name);
  entry->stamp = g_strdup (stamp);
  g_hash_table_replace (scan->entries, g_strdup (name), entry);

  if (old != NULL && g_strcmp0 (old->stamp, stamp) == 0)
    {
      entry->lesson = old->lesson ? g_object_ref (old->lesson) : NULL;
      entry->problem = g_strdup (old->problem);
      return;
    }

  file = g_file_get_child (self->folder, name);
  g_object_set_data (G_OBJECT (file), "sp-scan", scan);
  scan->pending++;
  read_lesson_async (file, scan->cancellable, file_read_cb, entry);
}

static void
next_files_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GFileEnumerator *enumerator = G_FILE_ENUMERATOR (object);
  Scan *scan = user_data;
  g_autoptr(GError) error = NULL;
  GList *infos = g_file_enumerator_next_files_finish (enumerator, result, &error);

  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *where = g_file_get_parse_name (scan->self->folder);

      /* TRANSLATORS: a folder, then why it could not be read */
      scan->failure = g_strdup_printf (_("%s: could not read the folder: %s"), where, error->message);
    }

  for (GList *l = infos; l != NULL; l = l->next)
    add_file (scan, l->data);

  if (infos != NULL)
    {
      g_list_free_full (infos, g_object_unref);
      g_file_enumerator_next_files_async (enumerator, 64, G_PRIORITY_DEFAULT,
                                          scan->cancellable, next_files_cb, scan);
      return;
    }

  g_file_enumerator_close_async (enumerator, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  scan->listing = FALSE;
  scan_maybe_done (scan);
}

static void
enumerated_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Scan *scan = user_data;
  g_autoptr(GFileEnumerator) enumerator = NULL;
  g_autoptr(GError) error = NULL;

  enumerator = g_file_enumerate_children_finish (G_FILE (object), result, &error);
  if (enumerator == NULL)
    {
      /* No folder yet is no lesson yet, not a problem. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) &&
          !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *where = g_file_get_parse_name (G_FILE (object));

          scan->failure = g_strdup_printf (_("%s: could not read the folder: %s"), where, error->message);
        }
      scan->listing = FALSE;
      scan_maybe_done (scan);
      return;
    }

  g_file_enumerator_next_files_async (enumerator, 64, G_PRIORITY_DEFAULT,
                                      scan->cancellable, next_files_cb, scan);
}

static void
start_scan (SpLessonLibrary *self)
{
  Scan *scan;

  if (self->folder == NULL)
    return;

  /* One reading at a time; a change during it asks for another. */
  if (self->scan_cancellable != NULL)
    {
      self->scan_again = TRUE;
      return;
    }

  scan = g_new0 (Scan, 1);
  scan->self = g_object_ref (self);
  scan->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, entry_free);
  scan->listing = TRUE;
  self->scan_cancellable = g_cancellable_new ();
  scan->cancellable = g_object_ref (self->scan_cancellable);
  set_loading (self, TRUE);
  g_file_enumerate_children_async (self->folder,
                                   G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                   G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                                   G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                                   G_FILE_ATTRIBUTE_ETAG_VALUE,
                                   G_FILE_QUERY_INFO_NONE, G_PRIORITY_DEFAULT,
                                   self->scan_cancellable, enumerated_cb, scan);
}

static gboolean
rescan_cb (gpointer data)
{
  SpLessonLibrary *self = data;

  self->rescan_id = 0;
  start_scan (self);
  return G_SOURCE_REMOVE;
}

static void
folder_changed_cb (GFileMonitor      *monitor,
                   GFile             *file,
                   GFile             *other_file,
                   GFileMonitorEvent  event,
                   SpLessonLibrary   *self)
{
  if (self->rescan_id == 0)
    self->rescan_id = g_timeout_add (RESCAN_DELAY_MS, rescan_cb, self);
}

static void
watch_folder (SpLessonLibrary *self)
{
  g_autoptr(GError) error = NULL;

  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->monitor, folder_changed_cb, self);
      g_file_monitor_cancel (self->monitor);
      g_clear_object (&self->monitor);
    }

  self->watching_missing = !g_file_query_exists (self->folder, NULL);
  self->monitor = g_file_monitor_directory (self->folder, G_FILE_MONITOR_WATCH_MOVES, NULL, &error);
  if (self->monitor == NULL)
    {
      /* The list still shows the folder as read at start. */
      g_debug ("Not watching the lessons folder: %s", error->message);
      return;
    }

  g_signal_connect (self->monitor, "changed", G_CALLBACK (folder_changed_cb), self);
}

/* The object ---------------------------------------------------------------- */

static void
sp_lesson_library_dispose (GObject *object)
{
  SpLessonLibrary *self = (SpLessonLibrary *)object;

  g_cancellable_cancel (self->scan_cancellable);
  g_clear_object (&self->scan_cancellable);
  g_clear_handle_id (&self->rescan_id, g_source_remove);
  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->monitor, folder_changed_cb, self);
      g_file_monitor_cancel (self->monitor);
      g_clear_object (&self->monitor);
    }

  G_OBJECT_CLASS (sp_lesson_library_parent_class)->dispose (object);
}

static void
sp_lesson_library_finalize (GObject *object)
{
  SpLessonLibrary *self = (SpLessonLibrary *)object;

  g_clear_object (&self->lessons);
  g_clear_object (&self->folder);
  g_hash_table_unref (self->entries);
  g_ptr_array_unref (self->opened);
  g_strfreev (self->problems);

  G_OBJECT_CLASS (sp_lesson_library_parent_class)->finalize (object);
}

static void
sp_lesson_library_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SpLessonLibrary *self = SP_LESSON_LIBRARY (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    case PROP_PROBLEMS:
      g_value_set_boxed (value, self->problems);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_lesson_library_class_init (SpLessonLibraryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sp_lesson_library_dispose;
  object_class->finalize = sp_lesson_library_finalize;
  object_class->get_property = sp_lesson_library_get_property;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PROBLEMS] =
    g_param_spec_boxed ("problems", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sp_lesson_library_init (SpLessonLibrary *self)
{
  self->lessons = g_list_store_new (SP_TYPE_LESSON);
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, entry_free);
  self->opened = g_ptr_array_new_with_free_func (g_object_unref);
  self->problems = g_new0 (char *, 1);
}

SpLessonLibrary *
sp_lesson_library_new (const char *resource_path,
                       GFile      *folder)
{
  SpLessonLibrary *self;

  g_return_val_if_fail (folder == NULL || G_IS_FILE (folder), NULL);

  self = g_object_new (SP_TYPE_LESSON_LIBRARY, NULL);

  if (resource_path != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GListModel) built_in = sp_lesson_load_all (resource_path, &error);

      /* A broken built-in lesson is our bug; say so instead of hiding it. */
      if (built_in == NULL)
        g_critical ("Could not load the lessons: %s", error->message);
      else
        for (guint i = 0; i < g_list_model_get_n_items (built_in); i++)
          {
            g_autoptr(SpLesson) lesson = g_list_model_get_item (built_in, i);

            g_list_store_append (self->lessons, lesson);
            self->n_built_in++;
          }
    }

  if (folder != NULL)
    {
      self->folder = g_object_ref (folder);
      watch_folder (self);
      start_scan (self);
    }

  return self;
}

GFile *
sp_lesson_library_default_folder (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "socket-playground", "lessons", NULL);

  return g_file_new_for_path (path);
}

SpLessonLibrary *
sp_lesson_library_get_default (void)
{
  static SpLessonLibrary *library;

  if (library == NULL)
    {
      g_autoptr(GFile) folder = sp_lesson_library_default_folder ();

      library = sp_lesson_library_new (RESOURCE_PREFIX "/lessons", folder);
    }

  return library;
}

GFile *
sp_lesson_library_get_folder (SpLessonLibrary *self)
{
  g_return_val_if_fail (SP_IS_LESSON_LIBRARY (self), NULL);
  return self->folder;
}

gboolean
sp_lesson_library_ensure_folder (SpLessonLibrary  *self,
                                 GError          **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (SP_IS_LESSON_LIBRARY (self), FALSE);
  g_return_val_if_fail (self->folder != NULL, FALSE);

  if (!g_file_make_directory_with_parents (self->folder, NULL, &local_error))
    {
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      /* Made by someone else since the library started watching. */
      if (!self->watching_missing)
        return TRUE;
    }

  watch_folder (self);
  start_scan (self);
  return TRUE;
}

GListModel *
sp_lesson_library_get_lessons (SpLessonLibrary *self)
{
  g_return_val_if_fail (SP_IS_LESSON_LIBRARY (self), NULL);
  return G_LIST_MODEL (self->lessons);
}

SpLesson *
sp_lesson_library_find (SpLessonLibrary *self,
                        const char      *id)
{
  guint n;

  g_return_val_if_fail (SP_IS_LESSON_LIBRARY (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->lessons));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SpLesson) lesson = g_list_model_get_item (G_LIST_MODEL (self->lessons), i);

      if (g_str_equal (sp_lesson_get_id (lesson), id))
        return lesson;
    }

  return NULL;
}

gboolean
sp_lesson_library_is_loading (SpLessonLibrary *self)
{
  g_return_val_if_fail (SP_IS_LESSON_LIBRARY (self), FALSE);
  return self->loading;
}

const char * const *
sp_lesson_library_get_problems (SpLessonLibrary *self)
{
  g_return_val_if_fail (SP_IS_LESSON_LIBRARY (self), NULL);
  return (const char * const *) self->problems;
}

static void
open_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SpLessonLibrary *self = g_task_get_source_object (task);
  GFile *file = G_FILE (object);
  g_autoptr(SpLesson) lesson = NULL;
  g_autoptr(GHashTable) taken = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *conflict = NULL;
  guint n;

  lesson = read_lesson_finish (file, result, &error);
  if (lesson == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Its id must be free, but for the same file opened before. */
  n = g_list_model_get_n_items (G_LIST_MODEL (self->lessons));
  for (guint i = self->n_built_in; i < n; i++)
    {
      g_autoptr(SpLesson) other = g_list_model_get_item (G_LIST_MODEL (self->lessons), i);
      GFile *other_file = sp_lesson_get_file (other);

      if (other_file == NULL || !g_file_equal (other_file, file))
        g_hash_table_insert (taken, (gpointer) sp_lesson_get_id (other), other);
    }

  conflict = id_conflict (self, lesson, name, taken);
  if (conflict != NULL)
    {
      g_task_return_new_error (task, SP_LESSON_ERROR, SP_LESSON_ERROR_INVALID, "%s", conflict);
      return;
    }

  for (guint i = 0; i < self->opened->len; i++)
    if (g_file_equal (sp_lesson_get_file (self->opened->pdata[i]), file))
      {
        g_ptr_array_remove_index (self->opened, i);
        break;
      }
  g_ptr_array_add (self->opened, g_object_ref (lesson));
  rebuild (self);

  g_task_return_pointer (task, g_steal_pointer (&lesson), g_object_unref);
}

void
sp_lesson_library_open_file_async (SpLessonLibrary     *self,
                                   GFile               *file,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (SP_IS_LESSON_LIBRARY (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sp_lesson_library_open_file_async);
  read_lesson_async (file, cancellable, open_read_cb, task);
}

SpLesson *
sp_lesson_library_open_file_finish (SpLessonLibrary  *self,
                                    GAsyncResult     *result,
                                    GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

SpLesson *
sp_lesson_library_check_file (SpLessonLibrary  *self,
                              const char       *path,
                              GError          **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(SpLesson) lesson = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *conflict = NULL;
  gsize length = 0;

  g_return_val_if_fail (SP_IS_LESSON_LIBRARY (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  file = g_file_new_for_commandline_arg (path);
  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, &local_error))
    {
      g_propagate_error (error, read_error (path, local_error));
      return NULL;
    }

  lesson = sp_lesson_new_for_file (file, path, contents, length, error);
  if (lesson == NULL)
    return NULL;

  conflict = id_conflict (self, lesson, path, NULL);
  if (conflict != NULL)
    {
      g_set_error_literal (error, SP_LESSON_ERROR, SP_LESSON_ERROR_INVALID, conflict);
      return NULL;
    }

  return g_steal_pointer (&lesson);
}
