/* test-lesson-panel.c: the lessons sidebar with teachers' lessons, driven
 * as a student and a teacher would (under Xvfb): "My lessons" following the
 * folder, exercise mode holding help back until a try, the summary to
 * hand in, bad files refused with where and what, and the app's --lesson
 * and file arguments
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "sp-application.h"
#include "sp-lesson-panel.h"
#include "sp-test-host.h"
#include "sp-test-ui.h"

typedef struct {
  SpTestHost       host;
  char            *dir;
  SpLessonLibrary *library;
  GtkWidget       *window;
  SpLessonPanel   *panel;
} Fixture;

static char *
example_path (const char *name)
{
  g_autofree char *file = g_strconcat (name, SP_LESSON_FILE_SUFFIX, NULL);

  return g_test_build_filename (G_TEST_DIST, "..", "data", "lessons", "examples", file, NULL);
}

static void
copy_example (const char *dir,
              const char *name)
{
  g_autofree char *from = example_path (name);
  g_autofree char *file = g_strconcat (name, SP_LESSON_FILE_SUFFIX, NULL);
  g_autofree char *to = g_build_filename (dir, file, NULL);
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (from, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (to, contents, length, NULL));
}

static void
write_file (const char *dir,
            const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
}

static void
remove_file (const char *dir,
             const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_assert_cmpint (g_remove (path), ==, 0);
}

static gboolean
library_idle (gpointer data)
{
  return !sp_lesson_library_is_loading (data);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GFile) folder = NULL;

  sp_test_host_init (&f->host);
  f->dir = g_dir_make_tmp ("sp-panel-XXXXXX", NULL);
  copy_example (f->dir, "answer-time");
  folder = g_file_new_for_path (f->dir);
  f->library = sp_lesson_library_new (RESOURCE_PREFIX "/lessons", folder);
  sp_test_wait_until (library_idle, f->library, 0, "the lessons folder");

  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 380, 720);
  f->panel = g_object_new (SP_TYPE_LESSON_PANEL, NULL);
  sp_lesson_panel_set_library (f->panel, f->library);
  sp_lesson_panel_setup (f->panel, G_LIST_MODEL (f->host.endpoints), NULL, &sp_test_setup_host, &f->host);
  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->panel));
  gtk_window_present (GTK_WINDOW (f->window));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  gtk_window_destroy (GTK_WINDOW (f->window));
  sp_test_host_clear (&f->host);

  while ((name = g_dir_read_name (dir)) != NULL)
    remove_file (f->dir, name);
  g_assert_cmpint (g_rmdir (f->dir), ==, 0);
  /* The library lets go once the folder reads empty. */
  sp_test_wait_until (library_idle, f->library, 0, "the last reading");
  g_clear_object (&f->library);
  g_free (f->dir);
}

/* Widgets ------------------------------------------------------------------ */

static gboolean
is_label_starting (GtkWidget     *widget,
                   gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && g_str_has_prefix (gtk_label_get_text (GTK_LABEL (widget)), text);
}

static gboolean
has_class (GtkWidget     *widget,
           gconstpointer  name)
{
  return gtk_widget_has_css_class (widget, name);
}

static gboolean
is_expander (GtkWidget     *widget,
             gconstpointer  data)
{
  return GTK_IS_EXPANDER (widget);
}

static gboolean
is_lesson_button (GtkWidget     *widget,
                  gconstpointer  id)
{
  SpLesson *lesson = GTK_IS_BUTTON (widget) ? g_object_get_data (G_OBJECT (widget), "lesson") : NULL;

  return lesson != NULL && g_str_equal (sp_lesson_get_id (lesson), id);
}

/* What the clipboard holds, as text. */
static char *
clipboard_text (GtkWidget *widget)
{
  GdkClipboard *board = gtk_widget_get_clipboard (widget);
  const GdkContentProvider *content = gdk_clipboard_get_content (board);
  g_auto(GValue) value = G_VALUE_INIT;

  g_value_init (&value, G_TYPE_STRING);
  g_assert_nonnull (content);
  g_assert_true (gdk_content_provider_get_value ((GdkContentProvider *) content, &value, NULL));
  return g_value_dup_string (&value);
}

/* Shown: visible itself and every parent up to the panel. */
static gboolean
shown (GtkWidget *widget)
{
  for (; widget != NULL; widget = gtk_widget_get_parent (widget))
    if (!gtk_widget_get_visible (widget))
      return FALSE;

  return TRUE;
}

/* The step boxes of the open lesson, in order. */
static GPtrArray *
steps (SpLessonPanel *panel)
{
  GPtrArray *found = g_ptr_array_new ();

  sp_test_collect (GTK_WIDGET (panel), has_class, "lesson-step", found);
  return found;
}

static GtkWidget *
step_setup_button (SpLessonPanel *panel,
                   guint          index)
{
  g_autoptr(GPtrArray) boxes = steps (panel);

  g_assert_cmpuint (index, <, boxes->len);
  return sp_test_find_button (boxes->pdata[index], "Set it up for me");
}

static GtkWidget *
step_hint (SpLessonPanel *panel,
           guint          index)
{
  g_autoptr(GPtrArray) boxes = steps (panel);

  return sp_test_find_descendant (boxes->pdata[index], is_expander, NULL);
}

static GtkWidget *
step_locked_note (SpLessonPanel *panel,
                  guint          index)
{
  g_autoptr(GPtrArray) boxes = steps (panel);

  return sp_test_find_descendant (boxes->pdata[index], is_label_starting, "Try this step first");
}

/* Conditions ---------------------------------------------------------------- */

typedef struct {
  SpLessonPanel *panel;
  const char    *id;
  guint          step;
} PanelWait;

static gboolean
lesson_listed (gpointer data)
{
  PanelWait *w = data;

  return sp_test_find_descendant (GTK_WIDGET (w->panel), is_lesson_button, w->id) != NULL;
}

static gboolean
lesson_not_listed (gpointer data)
{
  return !lesson_listed (data);
}

static gboolean
lesson_open (gpointer data)
{
  PanelWait *w = data;
  SpLessonSession *session = sp_lesson_panel_get_session (w->panel);

  return session != NULL && g_str_equal (sp_lesson_get_id (sp_lesson_session_get_lesson (session)), w->id);
}

static gboolean
setup_shown (gpointer data)
{
  PanelWait *w = data;

  return shown (step_setup_button (w->panel, w->step));
}

static gboolean
step_done (gpointer data)
{
  PanelWait *w = data;

  return sp_lesson_session_step_done (sp_lesson_panel_get_session (w->panel), w->step);
}

static gboolean
problem_listed (gpointer data)
{
  PanelWait *w = data;

  return sp_test_find_descendant (GTK_WIDGET (w->panel), is_label_starting, w->id) != NULL;
}

/* Tests -------------------------------------------------------------------- */

/* "My lessons" follows the folder: new files appear, bad ones are listed
 * with their reason, removed ones go. */
static void
test_my_lessons (Fixture       *f,
                 gconstpointer  data)
{
  PanelWait w = { f->panel, "answer-time", 0 };
  GtkWidget *button;

  sp_test_wait_until (lesson_listed, &w, 0, "answer-time listed");
  button = sp_test_find_descendant (GTK_WIDGET (f->panel), is_lesson_button, "answer-time");
  g_assert_null (gtk_test_accessible_check_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                     "My lesson: Make the server answer TIME"));
  /* The built-in course is there too, numbered as always. */
  button = sp_test_find_descendant (GTK_WIDGET (f->panel), is_lesson_button, "sockets-and-ports");
  g_assert_null (gtk_test_accessible_check_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                     "Lesson 1: Sockets, IP addresses and ports"));
  /* Each group's heading once, "My lessons" last. */
  {
    g_autoptr(GPtrArray) rows = g_ptr_array_new ();
    g_autoptr(GHashTable) headings = g_hash_table_new (g_str_hash, g_str_equal);
    GtkWidget *list = sp_test_find_child (GTK_WIDGET (f->panel), "lessons_list");
    const char *last = NULL;

    for (GtkWidget *row = gtk_widget_get_first_child (list); row; row = gtk_widget_get_next_sibling (row))
      {
        GtkWidget *header = GTK_IS_LIST_BOX_ROW (row) ? gtk_list_box_row_get_header (GTK_LIST_BOX_ROW (row)) : NULL;

        if (header == NULL || !GTK_IS_LABEL (header))
          continue;
        last = gtk_label_get_text (GTK_LABEL (header));
        g_assert_false (g_hash_table_contains (headings, last));
        g_hash_table_add (headings, (gpointer) last);
      }
    g_assert_true (g_hash_table_contains (headings, "TCP"));
    g_assert_cmpuint (g_hash_table_size (headings), >=, 6);
    g_assert_cmpstr (last, ==, "My lessons");
  }

  /* And the teacher's buttons, named. */
  g_assert_nonnull (sp_test_find_button (GTK_WIDGET (f->panel), "Open Lesson File…"));
  button = sp_test_find_button (GTK_WIDGET (f->panel), "Open Folder");
  g_assert_null (gtk_test_accessible_check_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                     "Open the lessons folder"));

  copy_example (f->dir, "byte-order-bug");
  w.id = "byte-order-bug";
  sp_test_wait_until (lesson_listed, &w, 0, "byte-order-bug listed");

  write_file (f->dir, "broken.splesson", "<lesson format='2' id='broken'>\n  <step/>\n</lesson>\n");
  w.id = "broken.splesson:2:3: <step> needs the attribute “id”";
  sp_test_wait_until (problem_listed, &w, 0, "broken.splesson's problem listed");

  remove_file (f->dir, "byte-order-bug.splesson");
  w.id = "byte-order-bug";
  sp_test_wait_until (lesson_not_listed, &w, 0, "byte-order-bug gone");
  w.id = "answer-time";
  g_assert_true (lesson_listed (&w));
}

static void
send_text (Fixture    *f,
           guint       position,
           const char *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(GError) error = NULL;

  g_assert_true (sp_endpoint_send (sp_test_host_lookup (&f->host, position), bytes, NULL, &error));
  g_assert_no_error (error);
}

static gboolean
is_sensitive (gpointer widget)
{
  return gtk_widget_is_sensitive (widget);
}

/* "Set it up for me", until the step is done and the run over: events
 * while it runs are the app's, not the student's tries. */
static void
click_setup (Fixture *f,
             guint    step)
{
  PanelWait w = { f->panel, NULL, step };
  GtkWidget *button = step_setup_button (f->panel, step);

  g_signal_emit_by_name (button, "clicked");
  g_assert_false (gtk_widget_is_sensitive (button));
  sp_test_wait_until (step_done, &w, 20000, "step done by its setup");
  sp_test_wait_until (is_sensitive, button, 20000, "the end of the setup run");
}

/* Exercise mode: a step's hint and "Set it up for me" wait until the
 * panes show an attempt at it; the summary to hand in comes at the end. */
static void
test_exercise (Fixture       *f,
               gconstpointer  data)
{
  PanelWait w = { f->panel, "answer-time", 0 };
  GtkWidget *summary_label, *copy, *summary_box;
  g_autoptr(GPtrArray) boxes = NULL;
  g_autofree char *clipboard = NULL;
  const char *summary;

  sp_lesson_panel_show_lesson (f->panel, "answer-time");
  sp_test_wait_until (lesson_open, &w, 0, "answer-time open");
  boxes = steps (f->panel);
  g_assert_cmpuint (boxes->len, ==, 4);

  /* Step 1 offers its help from the start (show-setup="always"); the
   * others hold it back and say so. */
  g_assert_true (shown (step_setup_button (f->panel, 0)));
  g_assert_true (shown (step_hint (f->panel, 0)));
  g_assert_false (shown (step_locked_note (f->panel, 0)));
  for (guint s = 1; s < 4; s++)
    {
      g_assert_false (shown (step_setup_button (f->panel, s)));
      g_assert_false (shown (step_hint (f->panel, s)));
      g_assert_true (shown (step_locked_note (f->panel, s)));
    }
  g_assert_true (shown (sp_test_find_descendant (GTK_WIDGET (f->panel), is_label_starting, "Exercise: ")));

  click_setup (f, 0);
  /* Done by the app: nothing of step 2 was tried. */
  g_assert_false (shown (step_setup_button (f->panel, 1)));

  /* A wrong request is a try at step 2: its help appears, step 3's not. */
  send_text (f, 2, "hello");
  w.step = 1;
  sp_test_wait_until (setup_shown, &w, 0, "step 2's help after a try");
  g_assert_true (shown (step_hint (f->panel, 1)));
  g_assert_false (shown (step_locked_note (f->panel, 1)));
  g_assert_false (shown (step_setup_button (f->panel, 2)));
  click_setup (f, 1);

  /* Step 3 by hand after a wrong answer: "noon" is no HH:MM:SS. */
  send_text (f, 1, "noon");
  w.step = 2;
  sp_test_wait_until (setup_shown, &w, 0, "step 3's help after a try");
  send_text (f, 1, "12:00:00");
  sp_test_wait_until (step_done, &w, 0, "step 3 done by hand");

  /* Step 4 never shows a hint (show-hint="never"), even after a try. */
  g_assert_false (shown (step_hint (f->panel, 3)));
  send_text (f, 2, "TIME");
  w.step = 3;
  sp_test_wait_until (setup_shown, &w, 0, "step 4's setup after a try");
  g_assert_false (shown (step_hint (f->panel, 3)));
  click_setup (f, 3);

  /* The summary: every step, which the app set up, the time taken. */
  summary_box = sp_test_find_descendant (GTK_WIDGET (f->panel), is_label_starting, "Lesson complete");
  g_assert_true (shown (summary_box));
  summary_label = sp_test_find_descendant (GTK_WIDGET (f->panel), is_label_starting, "Socket Playground ");
  summary = gtk_label_get_text (GTK_LABEL (summary_label));
  g_test_message ("%s", summary);
  g_assert_nonnull (strstr (summary, "Lesson: Make the server answer TIME (answer-time)\n"));
  g_assert_nonnull (strstr (summary, "File: answer-time.splesson\n"));
  g_assert_nonnull (strstr (summary, "Steps done: 4 of 4\n"));
  g_assert_nonnull (strstr (summary, "  ✓ 2. ask — at "));
  g_assert_true (g_regex_match_simple ("✓ 3\\. answer — at [0-9]+ s\n", summary, 0, 0));
  g_assert_nonnull (strstr (summary, " (set up by the app)"));
  g_assert_nonnull (strstr (summary, "Time taken: "));

  copy = sp_test_find_button (GTK_WIDGET (f->panel), "Copy Summary");
  g_assert_true (shown (copy));
  g_signal_emit_by_name (copy, "clicked");
  g_assert_true (shown (sp_test_find_descendant (sp_test_find_child (GTK_WIDGET (f->panel), "summary_box"),
                                                is_label_starting, "Copied.")));
  clipboard = clipboard_text (GTK_WIDGET (f->panel));
  g_assert_cmpstr (clipboard, ==, summary);

  /* Reset: the help is held back again, the summary goes. */
  g_signal_emit_by_name (sp_test_find_button (GTK_WIDGET (f->panel), "Reset"), "clicked");
  g_assert_false (shown (summary_box));
  g_assert_false (shown (step_setup_button (f->panel, 1)));
}

/* A tutorial (the built-in course) offers all help from the start and
 * shows the summary too when done. */
static void
test_tutorial_help (Fixture       *f,
                    gconstpointer  data)
{
  PanelWait w = { f->panel, "tcp-life-cycle", 0 };

  sp_lesson_panel_show_lesson (f->panel, "tcp-life-cycle");
  sp_test_wait_until (lesson_open, &w, 0, "tcp-life-cycle open");
  for (guint s = 0; s < sp_lesson_get_n_steps (sp_lesson_session_get_lesson (sp_lesson_panel_get_session (f->panel))); s++)
    {
      g_assert_true (shown (step_setup_button (f->panel, s)));
      g_assert_true (shown (step_hint (f->panel, s)));
      g_assert_false (shown (step_locked_note (f->panel, s)));
    }
  g_assert_false (shown (sp_test_find_descendant (GTK_WIDGET (f->panel), is_label_starting, "Exercise: ")));
}

static gboolean
error_dialog_says (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (!ADW_IS_MESSAGE_DIALOG (window))
        continue;
      if (g_strcmp0 (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (window)), data) == 0)
        {
          gtk_window_destroy (GTK_WINDOW (window));
          return TRUE;
        }
    }

  return FALSE;
}

/* Open Lesson File…: a good file opens in the sidebar, a bad one is
 * refused with a message that says where and what. */
static void
test_open_file (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *elsewhere = g_dir_make_tmp ("sp-opened-XXXXXX", NULL);
  g_autofree char *good_path = NULL;
  g_autofree char *bad_path = g_build_filename (elsewhere, "bad.splesson", NULL);
  g_autoptr(GFile) good = NULL;
  g_autoptr(GFile) bad = g_file_new_for_path (bad_path);
  PanelWait w = { f->panel, "byte-order-bug", 0 };

  copy_example (elsewhere, "byte-order-bug");
  good_path = g_build_filename (elsewhere, "byte-order-bug.splesson", NULL);
  good = g_file_new_for_path (good_path);
  sp_lesson_panel_open_file (f->panel, good);
  sp_test_wait_until (lesson_open, &w, 0, "byte-order-bug open");
  g_assert_true (lesson_listed (&w));
  /* A lesson written in Chinese only shows in Chinese here too. */
  g_assert_cmpstr (sp_lesson_get_title (sp_lesson_session_get_lesson (sp_lesson_panel_get_session (f->panel))),
                   ==, "找出字节序的错误");

  write_file (elsewhere, "bad.splesson", "<lesson format='2' id='bad'>\n  <titel>t</titel>\n</lesson>\n");
  sp_lesson_panel_open_file (f->panel, bad);
  sp_test_wait_until (error_dialog_says,
                      "bad.splesson:2:3: <titel> cannot go inside <lesson>; expected <title>, <p>, <python>, <c> or <step>",
                      0, "the error dialog");
  /* Nothing else changed. */
  g_assert_true (lesson_open (&w));

  remove_file (elsewhere, "byte-order-bug.splesson");
  remove_file (elsewhere, "bad.splesson");
  g_assert_cmpint (g_rmdir (elsewhere), ==, 0);
}

static gboolean
message_shown (gpointer data)
{
  PanelWait *w = data;
  GtkWidget *label = sp_test_find_descendant (GTK_WIDGET (w->panel), is_label_starting, w->id);

  return label != NULL && shown (label);
}

/* --lesson with an id there is no lesson for says so. */
static void
test_unknown_id (Fixture       *f,
                 gconstpointer  data)
{
  PanelWait w = { f->panel, "There is no lesson with the id “nonesuch”.", 0 };

  sp_lesson_panel_show_lesson (f->panel, "nonesuch");
  sp_test_wait_until (message_shown, &w, 0, "the message");
  g_assert_null (sp_lesson_panel_get_session (f->panel));
}

/* The app itself ------------------------------------------------------------- */

typedef struct {
  const char *id;
  gboolean    seen;
} AppWait;

static gboolean
app_check_cb (gpointer data)
{
  AppWait *w = data;
  GApplication *app = g_application_get_default ();
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  SpLessonPanel *panel;
  SpLessonSession *session;

  if (window == NULL)
    return G_SOURCE_CONTINUE;

  panel = sp_window_get_lesson_panel (SP_WINDOW (window));
  session = sp_lesson_panel_get_session (panel);
  if (session == NULL || !gtk_widget_get_visible (GTK_WIDGET (panel)) ||
      !g_str_equal (sp_lesson_get_id (sp_lesson_session_get_lesson (session)), w->id))
    return G_SOURCE_CONTINUE;

  w->seen = TRUE;
  gtk_window_destroy (window);
  return G_SOURCE_REMOVE;
}

static gboolean
app_timeout_cb (gpointer data)
{
  g_error ("timed out waiting for the app to open lesson %s", ((AppWait *) data)->id);
  return G_SOURCE_REMOVE;
}

/* Runs the app with @argv until its window shows lesson @id. */
static void
run_app (const char * const *argv,
         const char         *id)
{
  g_autoptr(SpApplication) app = sp_application_new ();
  AppWait w = { id, FALSE };
  guint timeout = g_timeout_add_seconds (30, app_timeout_cb, &w);
  int status;

  /* Looks until it has seen it, then closes the window, which ends the run. */
  g_timeout_add (50, app_check_cb, &w);
  status = g_application_run (G_APPLICATION (app), g_strv_length ((char **) argv), (char **) argv);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (w.seen);
  g_source_remove (timeout);
}

/* socket-playground --lesson ID: the sidebar at that lesson, also a lesson
 * of the folder, read after the window opened. */
static void
test_app_lesson_option (void)
{
  g_autoptr(GFile) folder = sp_lesson_library_default_folder ();
  g_autofree char *dir = g_file_get_path (folder);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  copy_example (dir, "byte-order-bug");

  run_app ((const char *[]) { "socket-playground", "--lesson", "byte-order-bug", NULL }, "byte-order-bug");
  run_app ((const char *[]) { "socket-playground", "--lesson=sticky-two-sends", NULL }, "sticky-two-sends");

  remove_file (dir, "byte-order-bug.splesson");
}

/* socket-playground FILE.splesson (a double-click in the file manager). */
static void
test_app_open_file (void)
{
  g_autofree char *path = example_path ("answer-time");

  run_app ((const char *[]) { "socket-playground", path, NULL }, "answer-time");
}

/* A built-in lesson in the app's window ----------------------------------- */

typedef struct {
  SpLessonPanel *panel;
  guint          step;
} LessonWait;

static gboolean
lesson_step_done (gpointer data)
{
  LessonWait *w = data;

  return sp_lesson_session_step_done (sp_lesson_panel_get_session (w->panel), w->step);
}

static gboolean
says_encoding_changed (gpointer panel)
{
  return sp_test_find_visible_label (panel, "Pane 2: Encoding GBK → UTF-8") != NULL;
}

/* The sticky-packets lesson, done with its "Set it up for me" buttons,
 * after a lesson that left the client's Encoding on GBK: the setup puts
 * it back and says so. */
static void
test_lesson_sticky (void)
{
  SpWindow *window = sp_window_new (NULL);
  SpLessonPanel *panel = sp_window_get_lesson_panel (window);
  GListModel *lessons = sp_lesson_panel_get_lessons (panel);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  g_auto(GStrv) progress = NULL;
  SpLessonSession *session;
  SpLesson *lesson;
  guint index = G_MAXUINT;

  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-lessons", NULL);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (panel)));

  g_assert_nonnull (lessons);
  for (guint i = 0; i < g_list_model_get_n_items (lessons); i++)
    {
      g_autoptr(SpLesson) l = g_list_model_get_item (lessons, i);

      if (g_str_equal (sp_lesson_get_id (l), "sticky-two-sends"))
        index = i;
    }
  g_assert_cmpuint (index, !=, G_MAXUINT);
  g_assert_true (sp_lesson_panel_open (panel, index));

  session = sp_lesson_panel_get_session (panel);
  lesson = sp_lesson_session_get_lesson (session);
  g_assert_cmpuint (sp_lesson_session_get_n_done (session), ==, 0);

  sp_test_collect_buttons (GTK_WIDGET (panel), "Set it up for me", buttons);
  g_assert_cmpuint (buttons->len, ==, sp_lesson_get_n_steps (lesson));
  g_object_set (sp_window_get_pane (window, 1), "encoding", SP_TEXT_ENCODING_GBK, NULL);

  for (guint s = 0; s < buttons->len; s++)
    {
      LessonWait w = { panel, s };

      g_signal_emit_by_name (buttons->pdata[s], "clicked");
      sp_test_wait_until (lesson_step_done, &w, 20000, sp_lesson_get_step (lesson, s)->id);
      if (s == 0)
        {
          int encoding = -1;

          sp_test_wait_until (says_encoding_changed, panel, 0, "the setup saying what it changed");
          g_object_get (sp_window_get_pane (window, 1), "encoding", &encoding, NULL);
          g_assert_cmpint (encoding, ==, SP_TEXT_ENCODING_UTF8);
        }
    }

  g_assert_cmpuint (sp_lesson_session_get_n_done (session), ==, sp_lesson_get_n_steps (lesson));

  /* Progress is kept for the next start. */
  progress = g_settings_get_strv (settings, "lesson-progress");
  g_assert_cmpuint (g_strv_length (progress), ==, sp_lesson_get_n_steps (lesson));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Lesson code ------------------------------------------------------------- */

typedef struct {
  SpTestHost     host;
  GtkWidget     *window;
  SpLessonPanel *panel;
} CodeView;

/* A sidebar as wide as the window gives it, with a built-in lesson open. */
static void
code_view_open (CodeView   *v,
                const char *id)
{
  g_autoptr(SpLessonLibrary) library = sp_lesson_library_new (RESOURCE_PREFIX "/lessons", NULL);
  GListModel *lessons;
  gboolean opened = FALSE;

  sp_test_host_init (&v->host);
  v->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (v->window), 340, 720);
  v->panel = g_object_new (SP_TYPE_LESSON_PANEL, NULL);
  sp_lesson_panel_set_library (v->panel, library);
  sp_lesson_panel_setup (v->panel, G_LIST_MODEL (v->host.endpoints), NULL, &sp_test_setup_host, &v->host);
  gtk_window_set_child (GTK_WINDOW (v->window), GTK_WIDGET (v->panel));
  gtk_window_present (GTK_WINDOW (v->window));

  lessons = sp_lesson_panel_get_lessons (v->panel);
  for (guint i = 0; !opened && i < g_list_model_get_n_items (lessons); i++)
    {
      g_autoptr(SpLesson) lesson = g_list_model_get_item (lessons, i);

      if (g_str_equal (sp_lesson_get_id (lesson), id))
        opened = sp_lesson_panel_open (v->panel, i);
    }
  g_assert_true (opened);
}

static void
code_view_close (CodeView *v)
{
  gtk_window_destroy (GTK_WINDOW (v->window));
  sp_test_host_clear (&v->host);
}

static gboolean
is_laid_out (gpointer widget)
{
  return gtk_widget_get_width (widget) > 0 && gtk_widget_get_mapped (widget);
}

/* Code reads as code: one layout line per line of the program (nothing
 * wrapped inside an identifier), the indentation kept, long lines
 * scrolling sideways in a sidebar this narrow; Copy copies it exactly. */
static void
test_code_block (void)
{
  CodeView v;
  SpLesson *lesson;
  GtkWidget *python, *c, *label, *scroller, *copy;
  GtkAdjustment *hadj;
  g_autofree char *copied = NULL;
  g_auto(GStrv) lines = NULL;
  const char *text;

  code_view_open (&v, "length-prefix");
  lesson = sp_lesson_session_get_lesson (sp_lesson_panel_get_session (v.panel));
  python = sp_test_find_child (GTK_WIDGET (v.panel), "python_code");
  c = sp_test_find_child (GTK_WIDGET (v.panel), "c_code");
  g_assert_true (shown (python));
  g_assert_false (shown (c));

  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (python), GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (python), GTK_ACCESSIBLE_PROPERTY_LABEL, "Python code");
  label = sp_test_find_child (python, "code_label");
  scroller = sp_test_find_child (python, "scroller");
  sp_test_wait_until (is_laid_out, label, 0, "the code laid out");

  text = gtk_label_get_text (GTK_LABEL (label));
  g_assert_cmpstr (text, ==, sp_lesson_get_python (lesson));
  g_assert_nonnull (strstr (text, "\n    data = b''\n    while len(data) < n:\n        chunk = "));
  g_assert_false (gtk_label_get_wrap (GTK_LABEL (label)));
  g_assert_true (gtk_widget_has_css_class (label, "monospace"));
  g_assert_true (gtk_label_get_selectable (GTK_LABEL (label)));
  lines = g_strsplit (text, "\n", -1);
  g_assert_cmpint (pango_layout_get_line_count (gtk_label_get_layout (GTK_LABEL (label))), ==, g_strv_length (lines));

  /* The longest lines go on past the sidebar, to be scrolled to. */
  g_assert_cmpint (gtk_widget_get_width (scroller), <=, 340);
  g_assert_cmpint (gtk_widget_get_width (label), >, gtk_widget_get_width (scroller));
  hadj = gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (scroller));
  g_assert_cmpfloat (gtk_adjustment_get_upper (hadj), >, gtk_adjustment_get_page_size (hadj));

  copy = sp_test_find_child (python, "copy_button");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (copy), GTK_ACCESSIBLE_PROPERTY_LABEL, "Copy Python code");
  g_signal_emit_by_name (copy, "clicked");
  copied = clipboard_text (copy);
  g_assert_cmpstr (copied, ==, sp_lesson_get_python (lesson));
  g_assert_true (shown (sp_test_find_child (python, "copied_label")));

  /* The same program in C, with a Copy button of its own. */
  gtk_switch_set_active (GTK_SWITCH (sp_test_find_child (GTK_WIDGET (v.panel), "code_switch")), TRUE);
  g_assert_false (shown (python));
  g_assert_true (shown (c));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (sp_test_find_child (c, "code_label"))), ==, sp_lesson_get_c (lesson));
  copy = sp_test_find_child (c, "copy_button");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (copy), GTK_ACCESSIBLE_PROPERTY_LABEL, "Copy C code");
  g_signal_emit_by_name (copy, "clicked");
  g_clear_pointer (&copied, g_free);
  copied = clipboard_text (copy);
  g_assert_cmpstr (copied, ==, sp_lesson_get_c (lesson));

  code_view_close (&v);
}

/* In Chinese the comments are Chinese, from the build's catalogue. */
static void
test_code_block_chinese (void)
{
  g_autofree char *locale_dir = g_test_build_filename (G_TEST_BUILT, "..", "po", NULL);
  g_autofree char *old_dir = g_strdup (bindtextdomain (GETTEXT_PACKAGE, NULL));
  g_autofree char *old_domain = g_strdup (textdomain (NULL));
  g_autofree char *old_locale = g_strdup (setlocale (LC_ALL, NULL));
  g_autofree char *copied = NULL;
  CodeView v;
  GtkWidget *python, *label, *copy;

  bindtextdomain (GETTEXT_PACKAGE, locale_dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  /* As main() does: gettext ignores LANGUAGE in the "C" locale, and the
   * templates are translated in the default domain. */
  g_assert_nonnull (setlocale (LC_ALL, "C.UTF-8"));
  textdomain (GETTEXT_PACKAGE);
  g_setenv ("LANGUAGE", "zh_CN", TRUE);

  code_view_open (&v, "echo-server");
  python = sp_test_find_child (GTK_WIDGET (v.panel), "python_code");
  label = sp_test_find_child (python, "code_label");
  sp_test_wait_until (is_laid_out, label, 0, "the code laid out");
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)),
                            "\nwhile True:                             # 一个客户端接一个客户端\n"
                            "    conn, addr = sk.accept()\n"));
  copy = sp_test_find_child (python, "copy_button");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (copy), GTK_ACCESSIBLE_PROPERTY_LABEL, "复制 Python 代码");
  g_signal_emit_by_name (copy, "clicked");
  copied = clipboard_text (copy);
  g_assert_cmpstr (copied, ==, gtk_label_get_text (GTK_LABEL (label)));
  code_view_close (&v);

  g_unsetenv ("LANGUAGE");
  bindtextdomain (GETTEXT_PACKAGE, old_dir);
  textdomain (old_domain);
  setlocale (LC_ALL, old_locale);
}

int
main (int   argc,
      char *argv[])
{
  sp_test_ui_init (&argc, &argv);
  g_unsetenv ("LANGUAGE");

  /* First: the built-in course uses the tutorials' port 8081, which the
   * teachers' lessons below leave in TIME_WAIT. */
  g_test_add_func ("/lesson-panel/sticky", test_lesson_sticky);
  g_test_add ("/lesson-panel/my-lessons", Fixture, NULL, fixture_set_up, test_my_lessons, fixture_tear_down);
  g_test_add ("/lesson-panel/exercise", Fixture, NULL, fixture_set_up, test_exercise, fixture_tear_down);
  g_test_add ("/lesson-panel/tutorial-help", Fixture, NULL, fixture_set_up, test_tutorial_help, fixture_tear_down);
  g_test_add ("/lesson-panel/open-file", Fixture, NULL, fixture_set_up, test_open_file, fixture_tear_down);
  g_test_add ("/lesson-panel/unknown-id", Fixture, NULL, fixture_set_up, test_unknown_id, fixture_tear_down);
  g_test_add_func ("/lesson-panel/code-block", test_code_block);
  g_test_add_func ("/lesson-panel/code-block-chinese", test_code_block_chinese);
  g_test_add_func ("/lesson-panel/app-lesson-option", test_app_lesson_option);
  g_test_add_func ("/lesson-panel/app-open-file", test_app_open_file);

  return g_test_run ();
}
