/* test-lesson-file.c: teachers' lesson files — the format (every refusal
 * says where and what), translations, exercise settings, and the lesson
 * library that follows a folder as it changes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "sp-lesson.h"
#include "sp-lesson-library.h"
#include "sp-test-util.h"

#define LESSONS_PATH RESOURCE_PREFIX "/lessons"

static SpLesson *
parse (const char  *text,
       GError     **error)
{
  return sp_lesson_new_for_file (NULL, "test.splesson", text, -1, error);
}

static SpLesson *
parse_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  SpLesson *lesson = parse (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (lesson);
  return lesson;
}

/* Runs @func's checks with the interface in @language. */
static void
set_language (const char *language)
{
  if (language != NULL)
    g_setenv ("LANGUAGE", language, TRUE);
  else
    g_unsetenv ("LANGUAGE");
}

/* Each file of tests/lessons-malformed/ is refused with the message in
 * the .expected file next to it: the same words --check-lesson prints. */
static void
test_malformed (void)
{
  g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, "lessons-malformed", NULL);
  g_autofree char *old_dir = g_get_current_dir ();
  g_autoptr(SpLessonLibrary) library = sp_lesson_library_new (LESSONS_PATH, NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, SP_LESSON_FILE_SUFFIX))
      g_ptr_array_add (names, g_strdup (name));
  g_assert_cmpuint (names->len, >=, 30);

  /* Names as given: relative to the corpus, as a teacher would type them. */
  g_assert_cmpint (g_chdir (dir_path), ==, 0);
  for (guint i = 0; i < names->len; i++)
    {
      const char *file = names->pdata[i];
      g_autofree char *stem = g_strndup (file, strlen (file) - strlen (SP_LESSON_FILE_SUFFIX));
      g_autofree char *expected_path = g_strconcat (stem, ".expected", NULL);
      g_autofree char *expected = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(SpLesson) lesson = NULL;

      g_test_message ("%s", file);
      g_assert_true (g_file_get_contents (expected_path, &expected, NULL, NULL));
      g_strchomp (expected);

      lesson = sp_lesson_library_check_file (library, file, &error);
      g_assert_null (lesson);
      g_assert_error (error, SP_LESSON_ERROR, SP_LESSON_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, expected);
      /* One message, one line: a teacher's editor can jump to it. */
      g_assert_null (strchr (error->message, '\n'));
    }
  g_assert_cmpint (g_chdir (old_dir), ==, 0);
}

/* The examples in data/lessons/examples/ pass, and are exercises. */
static void
test_examples (void)
{
  g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, "..", "data", "lessons", "examples", NULL);
  g_autoptr(SpLessonLibrary) library = sp_lesson_library_new (LESSONS_PATH, NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(SpLesson) lesson = NULL;

      if (!g_str_has_suffix (name, SP_LESSON_FILE_SUFFIX))
        continue;

      lesson = sp_lesson_library_check_file (library, path, &error);
      g_assert_no_error (error);
      g_assert_false (sp_lesson_is_built_in (lesson));
      g_assert_cmpuint (sp_lesson_get_format (lesson), ==, 2);
      g_assert_cmpint (sp_lesson_get_mode (lesson), ==, SP_LESSON_MODE_EXERCISE);
      /* Each step can be done by "Set it up for me", so the engine test
       * can do them all. */
      for (guint s = 0; s < sp_lesson_get_n_steps (lesson); s++)
        g_assert_nonnull (sp_lesson_get_step (lesson, s)->setup[0]);
      n++;
    }

  g_assert_cmpuint (n, >=, 2);
}

static const char bilingual[] =
  "<lesson format='2' id='two-languages'>\n"
  "  <title>Hello</title>\n"
  "  <title xml:lang='zh-CN'>你好</title>\n"
  "  <p>First.</p>\n"
  "  <p xml:lang='zh_CN'>第一段。</p>\n"
  "  <p>Second, in English only.</p>\n"
  "  <p>Third.</p>\n"
  "  <p xml:lang='zh_CN'>第三段。</p>\n"
  "  <step id='a'>\n"
  "    <task xml:lang='zh_CN'>连接。</task>\n"
  "    <task>Connect.</task>\n"
  "    <hint>Press Start.</hint>\n"
  "    <check>connected</check>\n"
  "  </step>\n"
  "</lesson>\n";

/* xml:lang text next to the English: chosen by the interface's language,
 * English where the file has nothing better. */
static void
test_translations (void)
{
  g_autoptr(SpLesson) lesson = parse_ok (bilingual);
  g_autofree char *old = g_strdup (g_getenv ("LANGUAGE"));

  g_assert_cmpuint (sp_lesson_get_n_paragraphs (lesson), ==, 3);

  set_language ("zh_CN");
  g_assert_cmpstr (sp_lesson_get_title (lesson), ==, "你好");
  g_assert_cmpstr (sp_lesson_get_paragraph (lesson, 0), ==, "第一段。");
  g_assert_cmpstr (sp_lesson_get_paragraph (lesson, 1), ==, "Second, in English only.");
  g_assert_cmpstr (sp_lesson_get_paragraph (lesson, 2), ==, "第三段。");
  g_assert_cmpstr (sp_lesson_get_task (lesson, 0), ==, "连接。");
  g_assert_cmpstr (sp_lesson_get_hint (lesson, 0), ==, "Press Start.");

  set_language ("en_GB:en");
  g_assert_cmpstr (sp_lesson_get_title (lesson), ==, "Hello");
  g_assert_cmpstr (sp_lesson_get_paragraph (lesson, 0), ==, "First.");
  g_assert_cmpstr (sp_lesson_get_task (lesson, 0), ==, "Connect.");

  /* A language the file does not have: its English. */
  set_language ("fr");
  g_assert_cmpstr (sp_lesson_get_title (lesson), ==, "Hello");
  g_assert_cmpstr (sp_lesson_get_paragraph (lesson, 2), ==, "Third.");

  /* The preferred of several. */
  set_language ("fr:zh_CN:en");
  g_assert_cmpstr (sp_lesson_get_title (lesson), ==, "你好");

  set_language (old);
}

/* Code without its comments: what must stay the same in every language.
 * Strings are skipped whole, so a '#' or a slash and star in one start no comment. */
static char *
strip_comments (const char *code,
                gboolean    python)
{
  GString *out = g_string_new (NULL);
  const char *p = code;

  while (*p)
    {
      if ((python && *p == '#') || (!python && g_str_has_prefix (p, "//")))
        p += strcspn (p, "\n");
      else if (!python && g_str_has_prefix (p, "/*"))
        {
          const char *end = strstr (p + 2, "*/");

          g_assert_nonnull (end);
          p = end + 2;
        }
      else if (*p == '\'' || *p == '"')
        {
          char quote = *p;

          g_string_append_c (out, *p++);
          while (*p && *p != quote)
            {
              if (*p == '\\' && p[1])
                g_string_append_c (out, *p++);
              g_string_append_c (out, *p++);
            }
          if (*p)
            g_string_append_c (out, *p++);
        }
      else
        g_string_append_c (out, *p++);
    }

  return g_string_free (out, FALSE);
}

/* Binds the build's own catalogue (po/<lang>/LC_MESSAGES/) and puts the
 * interface in @language; NULL puts back what was. */
static void
use_build_catalogue (const char *language)
{
  static char *old_dir, *old_locale, *old_language;

  if (language != NULL)
    {
      g_autofree char *locale_dir = g_test_build_filename (G_TEST_BUILT, "..", "po", NULL);

      old_dir = g_strdup (bindtextdomain (GETTEXT_PACKAGE, NULL));
      old_locale = g_strdup (setlocale (LC_ALL, NULL));
      old_language = g_strdup (g_getenv ("LANGUAGE"));
      bindtextdomain (GETTEXT_PACKAGE, locale_dir);
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      /* gettext ignores LANGUAGE in the C locale. */
      g_assert_nonnull (setlocale (LC_ALL, "C.UTF-8"));
      set_language (language);
      return;
    }

  bindtextdomain (GETTEXT_PACKAGE, old_dir);
  setlocale (LC_ALL, old_locale);
  set_language (old_language);
  g_clear_pointer (&old_dir, g_free);
  g_clear_pointer (&old_locale, g_free);
  g_clear_pointer (&old_language, g_free);
}

/* The built-in course's code, in Chinese: its comments are translated
 * (every block has some), and nothing else changed, so the Chinese copy
 * runs as the English does. */
static void
test_code_translated (void)
{
  g_autoptr(GListModel) lessons = NULL;
  g_autoptr(GError) error = NULL;
  guint n_blocks = 0;

  lessons = sp_lesson_load_all (LESSONS_PATH, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < g_list_model_get_n_items (lessons); i++)
    {
      g_autoptr(SpLesson) lesson = g_list_model_get_item (lessons, i);

      for (guint c = 0; c < 2; c++)
        {
          g_autofree char *en = NULL;
          g_autofree char *zh = NULL;
          g_autofree char *en_code = NULL;
          g_autofree char *zh_code = NULL;

          en = g_strdup (c ? sp_lesson_get_c (lesson) : sp_lesson_get_python (lesson));
          if (en == NULL)
            continue;
          use_build_catalogue ("zh_CN");
          zh = g_strdup (c ? sp_lesson_get_c (lesson) : sp_lesson_get_python (lesson));
          use_build_catalogue (NULL);

          g_test_message ("%s, %s", sp_lesson_get_id (lesson), c ? "C" : "Python");
          en_code = strip_comments (en, !c);
          zh_code = strip_comments (zh, !c);
          /* A program with comments has them in Chinese. */
          if (!g_str_equal (en_code, en))
            g_assert_cmpstr (zh, !=, en);
          g_assert_cmpstr (zh_code, ==, en_code);
          n_blocks++;
        }
    }
  g_assert_cmpuint (n_blocks, >=, 15);

  /* One comment, as the sidebar shows it. */
  {
    g_autoptr(SpLesson) echo = NULL;

    for (guint i = 0; echo == NULL && i < g_list_model_get_n_items (lessons); i++)
      {
        g_autoptr(SpLesson) lesson = g_list_model_get_item (lessons, i);

        if (g_str_equal (sp_lesson_get_id (lesson), "echo-server"))
          echo = g_steal_pointer (&lesson);
      }
    g_assert_nonnull (echo);
    g_assert_nonnull (strstr (sp_lesson_get_python (echo),
                              "while True:                             # one client after another\n"));
    use_build_catalogue ("zh_CN");
    g_assert_nonnull (strstr (sp_lesson_get_python (echo),
                              "while True:                             # 一个客户端接一个客户端\n"));
    use_build_catalogue (NULL);
  }
}

static const char bilingual_code[] =
  "<?xml version='1.0' encoding='UTF-8'?>\n"
  "<lesson format='2' id='code'>\n"
  "  <title>Code</title>\n"
  "  <python><![CDATA[\n"
  "    import socket\n"
  "\n"
  "    while True:   # forever\n"
  "        pass\n"
  "  ]]></python>\n"
  "  <python xml:lang='zh_CN'><![CDATA[\n"
  "import socket\n"
  "\n"
  "while True:   # 永远\n"
  "    pass\n"
  "]]></python>\n"
  "  <c>int main (void) { return 0; } /* nothing */</c>\n"
  "  <step id='a'><task>Connect.</task><check>connected</check></step>\n"
  "</lesson>\n";

/* A teacher's code in two languages, like the text: the interface's
 * language picks one, and the indentation the file gives every line of a
 * block (to match the XML around it) is not part of the program. */
static void
test_code_xml_lang (void)
{
  g_autoptr(SpLesson) lesson = parse_ok (bilingual_code);
  g_autofree char *old = g_strdup (g_getenv ("LANGUAGE"));

  set_language ("en");
  g_assert_cmpstr (sp_lesson_get_python (lesson), ==, "import socket\n\nwhile True:   # forever\n    pass");
  g_assert_cmpstr (sp_lesson_get_c (lesson), ==, "int main (void) { return 0; } /* nothing */");
  set_language ("zh_CN");
  g_assert_cmpstr (sp_lesson_get_python (lesson), ==, "import socket\n\nwhile True:   # 永远\n    pass");
  /* No Chinese C: the English. */
  g_assert_cmpstr (sp_lesson_get_c (lesson), ==, "int main (void) { return 0; } /* nothing */");
  set_language (old);
}

/* A Chinese teacher writes in Chinese only, with or without xml:lang: the
 * lesson loads and shows that text whatever the interface's language. */
static void
test_chinese_only (void)
{
  static const char *files[] = {
    "<lesson format='2' id='zh'>\n"
    "  <title>字节序</title>\n"
    "  <p>第一段。</p>\n"
    "  <p>第二段。</p>\n"
    "  <step id='a'><task>连接。</task><hint>按启动。</hint><check>connected</check></step>\n"
    "</lesson>\n",

    "<lesson format='2' id='zh' xml:lang='zh_CN'>\n"
    "  <title>字节序</title>\n"
    "  <p>第一段。</p>\n"
    "  <p>第二段。</p>\n"
    "  <step id='a'><task>连接。</task><hint>按启动。</hint><check>connected</check></step>\n"
    "</lesson>\n",

    "<lesson format='2' id='zh'>\n"
    "  <title xml:lang='zh_CN'>字节序</title>\n"
    "  <p xml:lang='zh_CN'>第一段。</p>\n"
    "  <p xml:lang='zh_CN'>第二段。</p>\n"
    "  <step id='a'><task xml:lang='zh_CN'>连接。</task><hint xml:lang='zh_CN'>按启动。</hint><check>connected</check></step>\n"
    "</lesson>\n",
  };
  static const char *languages[] = { "en", "zh_CN", "de_DE:de", NULL };
  g_autofree char *old = g_strdup (g_getenv ("LANGUAGE"));

  for (guint f = 0; f < G_N_ELEMENTS (files); f++)
    {
      g_autoptr(SpLesson) lesson = parse_ok (files[f]);

      g_assert_cmpuint (sp_lesson_get_n_paragraphs (lesson), ==, 2);
      for (guint l = 0; l < g_strv_length ((char **) languages); l++)
        {
          set_language (languages[l]);
          g_assert_cmpstr (sp_lesson_get_title (lesson), ==, "字节序");
          g_assert_cmpstr (sp_lesson_get_paragraph (lesson, 1), ==, "第二段。");
          g_assert_cmpstr (sp_lesson_get_task (lesson, 0), ==, "连接。");
          g_assert_cmpstr (sp_lesson_get_hint (lesson, 0), ==, "按启动。");
        }
    }

  /* Written in Chinese, translated into English. */
  {
    g_autoptr(SpLesson) lesson = parse_ok (
      "<lesson format='2' id='zh' xml:lang='zh_CN'>\n"
      "  <title>字节序</title><title xml:lang='en'>Byte order</title>\n"
      "  <step id='a'><task>连接。</task><check>connected</check></step>\n"
      "</lesson>\n");

    set_language ("en_US");
    g_assert_cmpstr (sp_lesson_get_title (lesson), ==, "Byte order");
    set_language ("zh_CN");
    g_assert_cmpstr (sp_lesson_get_title (lesson), ==, "字节序");
    /* Its English is the fallback, not its Chinese. */
    set_language ("fr");
    g_assert_cmpstr (sp_lesson_get_title (lesson), ==, "Byte order");
    /* The task has Chinese only. */
    g_assert_cmpstr (sp_lesson_get_task (lesson, 0), ==, "连接。");
  }

  set_language (old);
}

/* Lines broken inside Chinese text join without a space; English words
 * keep theirs. */
static void
test_wrapped_text (void)
{
  g_autoptr(SpLesson) lesson = parse_ok (
    "<lesson format='2' id='wrap'>\n"
    "  <title>Two\n     lines</title>\n"
    "  <p>一台设备每发一条消息，\n    前面都加报头。</p>\n"
    "  <p>Send hello\n    世界 and\n\tmore.</p>\n"
    "  <step id='a'><task>  连接\n  服务器。 </task><check>connected</check></step>\n"
    "</lesson>\n");

  g_assert_cmpstr (sp_lesson_get_title (lesson), ==, "Two lines");
  g_assert_cmpstr (sp_lesson_get_paragraph (lesson, 0), ==, "一台设备每发一条消息，前面都加报头。");
  g_assert_cmpstr (sp_lesson_get_paragraph (lesson, 1), ==, "Send hello 世界 and more.");
  g_assert_cmpstr (sp_lesson_get_task (lesson, 0), ==, "连接服务器。");
}

/* mode="exercise" holds help back until a try; show-hint and show-setup
 * on the lesson or a step say otherwise. */
static void
test_exercise_settings (void)
{
  g_autoptr(SpLesson) tutorial = parse_ok (
    "<lesson format='2' id='t'><title>t</title>"
    "<step id='a'><task>t</task><check>connected</check></step></lesson>");
  g_autoptr(SpLesson) exercise = parse_ok (
    "<lesson format='2' id='e' mode='exercise' show-setup='never'><title>t</title>"
    "<step id='a'><task>t</task><check>connected</check></step>"
    "<step id='b' show-hint='always' show-setup='after-try'><task>t</task><check>connected</check></step>"
    "<step id='c' show-hint='never'><task>t</task><check>connected</check></step>"
    "</lesson>");
  const SpLessonStep *step;

  g_assert_cmpint (sp_lesson_get_mode (tutorial), ==, SP_LESSON_MODE_TUTORIAL);
  step = sp_lesson_get_step (tutorial, 0);
  g_assert_cmpint (step->show_hint, ==, SP_LESSON_HELP_ALWAYS);
  g_assert_cmpint (step->show_setup, ==, SP_LESSON_HELP_ALWAYS);
  g_assert_null (sp_lesson_get_hint (tutorial, 0));
  g_assert_null (sp_lesson_get_python (tutorial));
  g_assert_null (sp_lesson_get_group (tutorial));

  g_assert_cmpint (sp_lesson_get_mode (exercise), ==, SP_LESSON_MODE_EXERCISE);
  step = sp_lesson_get_step (exercise, 0);
  g_assert_cmpint (step->show_hint, ==, SP_LESSON_HELP_AFTER_TRY);
  g_assert_cmpint (step->show_setup, ==, SP_LESSON_HELP_NEVER);
  step = sp_lesson_get_step (exercise, 1);
  g_assert_cmpint (step->show_hint, ==, SP_LESSON_HELP_ALWAYS);
  g_assert_cmpint (step->show_setup, ==, SP_LESSON_HELP_AFTER_TRY);
  step = sp_lesson_get_step (exercise, 2);
  g_assert_cmpint (step->show_hint, ==, SP_LESSON_HELP_NEVER);
  g_assert_cmpint (step->show_setup, ==, SP_LESSON_HELP_NEVER);
}

/* Refused whole: an error anywhere, even in the last check of the last
 * step, and there is no lesson; a file over the limit is not even read. */
static void
test_whole_or_nothing (void)
{
  g_autoptr(GString) big = g_string_new ("<lesson format='2' id='big'><title>t</title><p>");
  g_autoptr(GError) error = NULL;
  g_autoptr(SpLesson) lesson = NULL;

  lesson = parse ("<lesson format='2' id='x'><title>t</title>"
                  "<step id='a'><task>t</task><check>connected</check></step>"
                  "<step id='b'><task>t</task><check>connected</check><check>teleported</check></step>"
                  "</lesson>", &error);
  g_assert_null (lesson);
  g_assert_error (error, SP_LESSON_ERROR, SP_LESSON_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "test.splesson:1:"));
  g_clear_error (&error);

  while (big->len <= SP_LESSON_MAX_FILE_SIZE)
    g_string_append (big, "A paragraph that goes on and on. ");
  g_string_append (big, "</p><step id='a'><task>t</task><check>connected</check></step></lesson>");
  lesson = parse (big->str, &error);
  g_assert_null (lesson);
  g_assert_cmpstr (error->message, ==, "test.splesson: the file is larger than 1 MiB; a lesson is a small text file");
}

/* Positions count lines from 1 and characters (not bytes) from 1, and
 * point at the tag or the line of the setup or check at fault. */
static void
test_positions (void)
{
  static const struct {
    const char *text;
    const char *message;
  } cases[] = {
    { "<lesson format='2' id='p'>\n"
      "  <title>题目</title>\n"
      "  <p>中文</p><bogus/>\n"
      "</lesson>",
      "test.splesson:3:12: <bogus> cannot go inside <lesson>; expected <title>, <p>, <python>, <c> or <step>" },
    { "<lesson format='2' id='p'><title>t</title>\n"
      "<step id='a'><task>t</task>\n"
      "<!-- a comment <check>connected</check> -->\n"
      "<setup>start 1\n"
      "\t  sned 1 hi\n"
      "</setup><check>connected</check></step></lesson>",
      "test.splesson:5:4: setup “sned 1 hi”: unknown command" },
    { "<lesson format='2' id='p'><title>t</title>"
      "<step id='a'><task>t</task><check>connected</check></step>"
      "<step id='b'><task>t</task><check>  accepted many</check></step></lesson>",
      "test.splesson:1:137: check “accepted many”: needs a count" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SpLesson) lesson = parse (cases[i].text, &error);

      g_assert_null (lesson);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

/* The folder -------------------------------------------------------------- */

typedef struct {
  SpLessonLibrary *library;
  const char      *id;
  const char      *problem;   /* a problem that starts with this */
  const char      *title;
} LibraryWait;

static gboolean
library_idle (gpointer data)
{
  return !sp_lesson_library_is_loading (((LibraryWait *) data)->library);
}

static gboolean
library_has (gpointer data)
{
  LibraryWait *w = data;

  return !sp_lesson_library_is_loading (w->library) &&
         sp_lesson_library_find (w->library, w->id) != NULL;
}

static gboolean
library_has_title (gpointer data)
{
  LibraryWait *w = data;
  SpLesson *lesson = sp_lesson_library_find (w->library, w->id);

  return lesson != NULL && g_strcmp0 (sp_lesson_get_title (lesson), w->title) == 0;
}

static gboolean
library_lacks (gpointer data)
{
  LibraryWait *w = data;

  return !sp_lesson_library_is_loading (w->library) &&
         sp_lesson_library_find (w->library, w->id) == NULL;
}

static gboolean
library_has_problem (gpointer data)
{
  LibraryWait *w = data;
  const char * const *problems = sp_lesson_library_get_problems (w->library);

  for (guint i = 0; problems[i]; i++)
    if (g_str_has_prefix (problems[i], w->problem))
      return TRUE;

  return FALSE;
}

static char *
lesson_text (const char *id,
             const char *title)
{
  return g_strdup_printf ("<lesson format='2' id='%s'><title>%s</title>"
                          "<step id='a'><task>Connect.</task><check>connected</check></step></lesson>\n",
                          id, title);
}

static void
write_file (const char *dir,
            const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static guint
n_mine (SpLessonLibrary *library)
{
  GListModel *lessons = sp_lesson_library_get_lessons (library);
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (lessons); i++)
    {
      g_autoptr(SpLesson) lesson = g_list_model_get_item (lessons, i);

      n += !sp_lesson_is_built_in (lesson);
    }

  return n;
}

/* Files appear, change, break, mend and go, and the list follows the
 * folder each time (GFileMonitor), with a reason for every file left out. */
static void
test_folder (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sp-lessons-XXXXXX", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(SpLessonLibrary) library = sp_lesson_library_new (LESSONS_PATH, folder);
  g_autofree char *first = lesson_text ("first", "The first");
  g_autofree char *first_changed = lesson_text ("first", "The first, changed");
  g_autofree char *second = lesson_text ("second", "The second");
  g_autofree char *taken = lesson_text ("sticky-two-sends", "Not mine to take");
  g_autofree char *twin = lesson_text ("first", "A twin");
  g_autofree char *path = NULL;
  LibraryWait w = { library, NULL, NULL, NULL };
  SpLesson *lesson;
  GListModel *lessons = sp_lesson_library_get_lessons (library);
  guint n_built_in = g_list_model_get_n_items (lessons);

  g_assert_nonnull (dir);
  g_assert_cmpuint (n_built_in, >=, 15);
  sp_test_wait_until (library_idle, &w, 0, "first reading");
  g_assert_cmpuint (n_mine (library), ==, 0);
  g_assert_null (sp_lesson_library_get_problems (library)[0]);

  /* A new file appears under "My lessons", after the built-in ones. */
  write_file (dir, "first.splesson", first);
  w.id = "first";
  sp_test_wait_until (library_has, &w, 0, "first.splesson");
  lesson = sp_lesson_library_find (library, "first");
  g_assert_cmpstr (sp_lesson_get_title (lesson), ==, "The first");
  g_assert_false (sp_lesson_is_built_in (lesson));
  g_assert_nonnull (sp_lesson_get_file (lesson));
  {
    g_autoptr(SpLesson) last = g_list_model_get_item (lessons, n_built_in);

    g_assert_true (last == lesson);
  }

  /* Other files are none of its business. */
  write_file (dir, "notes.txt", "not a lesson");

  /* Another file: the first keeps its object (an open lesson stays open). */
  write_file (dir, "second.splesson", second);
  w.id = "second";
  sp_test_wait_until (library_has, &w, 0, "second.splesson");
  g_assert_true (sp_lesson_library_find (library, "first") == lesson);
  g_assert_cmpuint (n_mine (library), ==, 2);

  /* Edited: read again. */
  write_file (dir, "first.splesson", first_changed);
  w.id = "first";
  w.title = "The first, changed";
  sp_test_wait_until (library_has_title, &w, 0, "first.splesson changed");

  /* Broken: out of the list, with the reason, name, line and column. */
  write_file (dir, "first.splesson", "<lesson format='2' id='first'>\n  <title>t</title>\n  <step id='a'>\n");
  sp_test_wait_until (library_lacks, &w, 0, "first.splesson broken");
  w.problem = "first.splesson:4:2: Document ended unexpectedly";
  sp_test_wait_until (library_has_problem, &w, 0, "the problem with first.splesson");
  g_assert_cmpuint (n_mine (library), ==, 1);

  /* Mended. */
  write_file (dir, "first.splesson", first);
  sp_test_wait_until (library_has, &w, 0, "first.splesson mended");
  g_assert_null (sp_lesson_library_get_problems (library)[0]);

  /* Ids are unique: not a built-in one, not another file's. */
  write_file (dir, "taken.splesson", taken);
  write_file (dir, "twin.splesson", twin);
  w.problem = "taken.splesson: the id “sticky-two-sends” is the id of a built-in lesson";
  sp_test_wait_until (library_has_problem, &w, 0, "the built-in id");
  w.problem = "twin.splesson: the id “first” is already used by ";
  sp_test_wait_until (library_has_problem, &w, 0, "the twin");
  g_assert_cmpstr (sp_lesson_get_title (sp_lesson_library_find (library, "first")), ==, "The first");
  g_assert_cmpstr (sp_lesson_get_title (sp_lesson_library_find (library, "sticky-two-sends")), !=, "Not mine to take");

  /* Gone. */
  path = g_build_filename (dir, "second.splesson", NULL);
  g_assert_cmpint (g_remove (path), ==, 0);
  w.id = "second";
  sp_test_wait_until (library_lacks, &w, 0, "second.splesson removed");

  /* Clean up: the library follows the empty folder. */
  for (const char *const *name = (const char *[]) { "first.splesson", "taken.splesson", "twin.splesson", "notes.txt", NULL };
       *name; name++)
    {
      g_autofree char *file = g_build_filename (dir, *name, NULL);

      g_assert_cmpint (g_remove (file), ==, 0);
    }
  w.id = "first";
  sp_test_wait_until (library_lacks, &w, 0, "all removed");
  g_assert_cmpuint (n_mine (library), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* A folder that is not there yet is no lesson yet, not a problem; made,
 * it is watched. */
static void
test_folder_made_later (void)
{
  g_autofree char *parent = g_dir_make_tmp ("sp-lessons-XXXXXX", NULL);
  g_autofree char *dir = g_build_filename (parent, "socket-playground", "lessons", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(SpLessonLibrary) library = sp_lesson_library_new (NULL, folder);
  g_autofree char *text = lesson_text ("later", "Later");
  g_autofree char *file = g_build_filename (dir, "later.splesson", NULL);
  g_autoptr(GError) error = NULL;
  LibraryWait w = { library, "later", NULL, NULL };

  sp_test_wait_until (library_idle, &w, 0, "reading nothing");
  g_assert_null (sp_lesson_library_get_problems (library)[0]);

  g_assert_true (sp_lesson_library_ensure_folder (library, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (dir, G_FILE_TEST_IS_DIR));
  /* Twice is fine. */
  g_assert_true (sp_lesson_library_ensure_folder (library, &error));

  write_file (dir, "later.splesson", text);
  sp_test_wait_until (library_has, &w, 0, "later.splesson");

  g_assert_cmpint (g_remove (file), ==, 0);
  sp_test_wait_until (library_lacks, &w, 0, "later.splesson removed");
  g_assert_cmpint (g_rmdir (dir), ==, 0);
  {
    g_autofree char *middle = g_path_get_dirname (dir);

    g_assert_cmpint (g_rmdir (middle), ==, 0);
  }
  g_assert_cmpint (g_rmdir (parent), ==, 0);
}

/* The folder made by someone else, a lesson already in it, after the
 * library started: the app's start (ensure_folder) finds it. */
static void
test_folder_made_by_others (void)
{
  g_autofree char *parent = g_dir_make_tmp ("sp-lessons-XXXXXX", NULL);
  g_autofree char *dir = g_build_filename (parent, "lessons", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(SpLessonLibrary) library = sp_lesson_library_new (NULL, folder);
  g_autofree char *text = lesson_text ("early", "Early");
  g_autofree char *file = g_build_filename (dir, "early.splesson", NULL);
  g_autoptr(GError) error = NULL;
  LibraryWait w = { library, "early", NULL, NULL };

  sp_test_wait_until (library_idle, &w, 0, "reading nothing");
  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  write_file (dir, "early.splesson", text);

  g_assert_true (sp_lesson_library_ensure_folder (library, &error));
  g_assert_no_error (error);
  /* Read again at once, not when the old monitor notices (if ever). */
  g_assert_true (sp_lesson_library_is_loading (library));
  sp_test_wait_until (library_has, &w, 0, "early.splesson");

  g_assert_cmpint (g_remove (file), ==, 0);
  sp_test_wait_until (library_lacks, &w, 0, "early.splesson removed");
  g_assert_cmpint (g_rmdir (dir), ==, 0);
  g_assert_cmpint (g_rmdir (parent), ==, 0);
}

typedef struct {
  gboolean  done;
  SpLesson *lesson;
  GError   *error;
} OpenWait;

static void
opened_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  OpenWait *w = user_data;

  w->lesson = sp_lesson_library_open_file_finish (SP_LESSON_LIBRARY (object), result, &w->error);
  w->done = TRUE;
}

static gboolean
open_done (gpointer data)
{
  return ((OpenWait *) data)->done;
}

static SpLesson *
open_file (SpLessonLibrary  *library,
           const char       *path,
           GError          **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  OpenWait w = { FALSE, NULL, NULL };

  sp_lesson_library_open_file_async (library, file, NULL, opened_cb, &w);
  sp_test_wait_until (open_done, &w, 0, path);
  if (w.error != NULL)
    g_propagate_error (error, w.error);
  return w.lesson;
}

/* Open Lesson File…: the file joins "My lessons"; opened again it is read
 * again; a bad one is refused with its name, line and column. */
static void
test_open_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sp-lessons-XXXXXX", NULL);
  g_autofree char *elsewhere = g_dir_make_tmp ("sp-opened-XXXXXX", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(SpLessonLibrary) library = sp_lesson_library_new (LESSONS_PATH, folder);
  g_autofree char *path = g_build_filename (elsewhere, "thursday.splesson", NULL);
  g_autofree char *bad_path = g_build_filename (elsewhere, "bad.splesson", NULL);
  g_autofree char *clash_path = g_build_filename (elsewhere, "clash.splesson", NULL);
  g_autofree char *text = lesson_text ("thursday", "Thursday");
  g_autofree char *text_again = lesson_text ("thursday", "Thursday, revised");
  g_autofree char *in_folder = lesson_text ("in-folder", "In the folder");
  g_autofree char *clash = lesson_text ("in-folder", "Same id elsewhere");
  g_autoptr(SpLesson) lesson = NULL;
  g_autoptr(SpLesson) again = NULL;
  g_autoptr(GError) error = NULL;
  LibraryWait w = { library, "in-folder", NULL, NULL };

  write_file (dir, "in-folder.splesson", in_folder);
  sp_test_wait_until (library_has, &w, 0, "in-folder.splesson");

  write_file (elsewhere, "thursday.splesson", text);
  lesson = open_file (library, path, &error);
  g_assert_no_error (error);
  g_assert_true (sp_lesson_library_find (library, "thursday") == lesson);
  g_assert_cmpuint (n_mine (library), ==, 2);

  write_file (elsewhere, "thursday.splesson", text_again);
  again = open_file (library, path, &error);
  g_assert_no_error (error);
  g_assert_true (sp_lesson_library_find (library, "thursday") == again);
  g_assert_cmpstr (sp_lesson_get_title (again), ==, "Thursday, revised");
  g_assert_cmpuint (n_mine (library), ==, 2);

  write_file (elsewhere, "bad.splesson", "<lesson format='2' id='bad'>\n  <titel>t</titel>\n</lesson>\n");
  g_assert_null (open_file (library, bad_path, &error));
  g_assert_cmpstr (error->message, ==,
                   "bad.splesson:2:3: <titel> cannot go inside <lesson>; expected <title>, <p>, <python>, <c> or <step>");
  g_clear_error (&error);

  write_file (elsewhere, "clash.splesson", clash);
  g_assert_null (open_file (library, clash_path, &error));
  g_assert_true (g_str_has_prefix (error->message, "clash.splesson: the id “in-folder” is already used by "));
  g_clear_error (&error);

  {
    g_autofree char *missing = g_build_filename (elsewhere, "missing.splesson", NULL);

    g_assert_null (open_file (library, missing, &error));
    g_assert_true (g_str_has_prefix (error->message, "missing.splesson: could not read the file: "));
    g_clear_error (&error);
  }

  g_assert_cmpuint (n_mine (library), ==, 2);

  for (const char *const *name = (const char *[]) { "thursday.splesson", "bad.splesson", "clash.splesson", NULL };
       *name; name++)
    {
      g_autofree char *file = g_build_filename (elsewhere, *name, NULL);

      g_assert_cmpint (g_remove (file), ==, 0);
    }
  {
    g_autofree char *file = g_build_filename (dir, "in-folder.splesson", NULL);

    g_assert_cmpint (g_remove (file), ==, 0);
  }
  sp_test_wait_until (library_lacks, &w, 0, "in-folder.splesson removed");
  g_assert_cmpint (g_rmdir (elsewhere), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_unsetenv ("LANGUAGE");

  g_test_add_func ("/lesson-file/malformed", test_malformed);
  g_test_add_func ("/lesson-file/examples", test_examples);
  g_test_add_func ("/lesson-file/translations", test_translations);
  g_test_add_func ("/lesson-file/chinese-only", test_chinese_only);
  g_test_add_func ("/lesson-file/code-translated", test_code_translated);
  g_test_add_func ("/lesson-file/code-xml-lang", test_code_xml_lang);
  g_test_add_func ("/lesson-file/wrapped-text", test_wrapped_text);
  g_test_add_func ("/lesson-file/exercise-settings", test_exercise_settings);
  g_test_add_func ("/lesson-file/whole-or-nothing", test_whole_or_nothing);
  g_test_add_func ("/lesson-file/positions", test_positions);
  g_test_add_func ("/lesson-library/folder", test_folder);
  g_test_add_func ("/lesson-library/folder-made-later", test_folder_made_later);
  g_test_add_func ("/lesson-library/folder-made-by-others", test_folder_made_by_others);
  g_test_add_func ("/lesson-library/open-file", test_open_file);

  return g_test_run ();
}
