/* test-lessons.c: every lesson's steps, done for real through the engine
 *
 * Each lesson's "Set it up for me" commands run against real endpoints on
 * loopback, and each step's checks must pass from the events they cause.
 * Lessons use the seeds' fixed ports (8081, 8000), so meson runs each lesson
 * in a network namespace of its own where it can (tests/run-netns.sh).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sp-lesson.h"
#include "sp-lesson-check.h"
#include "sp-lesson-session.h"
#include "sp-setup-runner.h"
#include "sp-test-util.h"

#define LESSONS_PATH RESOURCE_PREFIX "/lessons"

typedef struct {
  GListStore *endpoints;
  GPtrArray  *owned;
} Host;

static SpEndpoint *
host_lookup (gpointer data,
             guint    position)
{
  Host *host = data;

  if (position == 0 || position > host->owned->len)
    return NULL;

  return g_ptr_array_index (host->owned, position - 1);
}

static SpEndpoint *
host_ensure (gpointer        data,
             guint           position,
             SpEndpointKind  kind,
             const char     *address,
             guint           port)
{
  Host *host = data;
  SpEndpoint *endpoint;

  while (host->owned->len < position)
    {
      endpoint = sp_endpoint_new (kind);
      g_ptr_array_add (host->owned, endpoint);
      g_list_store_append (host->endpoints, endpoint);
    }

  endpoint = host_lookup (host, position);
  sp_endpoint_reconfigure (endpoint, kind, address, port);

  return endpoint;
}

static const SpSetupHost test_host = {
  .ensure = host_ensure,
  .lookup = host_lookup,
};

static void
host_init (Host *host)
{
  host->endpoints = g_list_store_new (SP_TYPE_ENDPOINT);
  host->owned = g_ptr_array_new_with_free_func (g_object_unref);
}

static void
host_clear (Host *host)
{
  for (guint i = 0; i < host->owned->len; i++)
    sp_endpoint_stop (g_ptr_array_index (host->owned, i));
  g_clear_object (&host->endpoints);
  g_clear_pointer (&host->owned, g_ptr_array_unref);
}

static GListModel *
load_lessons (void)
{
  g_autoptr(GError) error = NULL;
  GListModel *lessons = sp_lesson_load_all (LESSONS_PATH, &error);

  g_assert_no_error (error);
  g_assert_nonnull (lessons);
  return lessons;
}

static SpLesson *
find_lesson (const char *id)
{
  g_autoptr(GListModel) lessons = load_lessons ();

  for (guint i = 0; i < g_list_model_get_n_items (lessons); i++)
    {
      g_autoptr(SpLesson) lesson = g_list_model_get_item (lessons, i);

      if (g_str_equal (sp_lesson_get_id (lesson), id))
        return g_steal_pointer (&lesson);
    }

  g_error ("no lesson %s", id);
}

typedef struct {
  gboolean  done;
  GError   *error;
} RunWait;

static void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  RunWait *wait = user_data;

  sp_setup_run_finish (result, &wait->error);
  wait->done = TRUE;
}

static gboolean
run_finished (gpointer data)
{
  return ((RunWait *) data)->done;
}

static void
run_setup (Host               *host,
           const SpLessonStep *step)
{
  RunWait wait = { FALSE, NULL };

  sp_setup_run_async ((const char * const *) step->setup, &test_host, host, NULL,
                      run_done_cb, &wait);
  sp_test_wait_until (run_finished, &wait, 20000, step->id);
  g_assert_no_error (wait.error);
}

typedef struct {
  SpLessonSession *session;
  guint            step;
} StepWait;

static gboolean
step_is_done (gpointer data)
{
  StepWait *w = data;

  return sp_lesson_session_step_done (w->session, w->step);
}

/* Every file parses; every check and setup command is in the vocabulary. */
static void
test_parse_all (void)
{
  g_autoptr(GListModel) lessons = load_lessons ();
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  guint n = g_list_model_get_n_items (lessons);

  g_assert_cmpuint (n, >=, 14);

  /* Every file in data/lessons/ made it into the resource. */
  {
    g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, "..", "data", "lessons", NULL);
    g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
    const char *name;
    guint n_files = 0;

    g_assert_nonnull (dir);
    while ((name = g_dir_read_name (dir)) != NULL)
      if (g_str_has_suffix (name, ".xml"))
        n_files++;
    g_assert_cmpuint (n_files, ==, n);
  }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SpLesson) lesson = g_list_model_get_item (lessons, i);

      g_test_message ("lesson %s", sp_lesson_get_id (lesson));
      g_assert_false (g_ptr_array_find_with_equal_func (ids, sp_lesson_get_id (lesson), g_str_equal, NULL));
      g_ptr_array_add (ids, (gpointer) sp_lesson_get_id (lesson));
      g_assert_nonnull (sp_lesson_get_paragraphs (lesson)[0]);
      g_assert_nonnull (sp_lesson_get_python (lesson));
      g_assert_nonnull (sp_lesson_get_c (lesson));

      for (guint s = 0; s < sp_lesson_get_n_steps (lesson); s++)
        {
          const SpLessonStep *step = sp_lesson_get_step (lesson, s);
          g_autoptr(GError) error = NULL;

          g_assert_nonnull (step->hint);
          g_assert_nonnull (step->setup[0]);
          g_assert_true (sp_setup_validate ((const char * const *) step->setup, &error));
          g_assert_no_error (error);
          for (guint c = 0; step->checks[c]; c++)
            {
              g_autoptr(SpLessonCheck) check = sp_lesson_check_new (step->checks[c], &error);

              g_assert_no_error (error);
              g_assert_nonnull (check);
            }
        }
    }
}

/* Bad lesson files and bad vocabulary are refused with a reason. */
static void
test_parse_errors (void)
{
  static const char *bad_lessons[] = {
    "<lesson id='x' group='g'><title>t</title></lesson>",          /* no steps */
    "<lesson group='g'><title>t</title><step id='s'><task>t</task><check>connected</check></step></lesson>",
    "<lesson id='x' group='g'><title>t</title><step id='s'><task>t</task></step></lesson>",
    "<lesson id='x' group='g'><title>t</title><bogus/></lesson>",
    "<lesson id='x' group='g'><title>t",
  };
  static const char *bad_checks[] = {
    "listening", "listening sctp 8081", "listening tcp port", "accepted", "accepted zero",
    "error EWHATEVER", "sticky now", "received-text", "sent-hex zz", "frobnicate",
  };
  static const char *bad_setups[] = {
    "pane 1 tcp-bridge 127.0.0.1 8081", "pane 0 tcp-server 127.0.0.1 8081", "start",
    "wait 99999", "option 1 framing sideways", "option 1 read-size 0x10",
    "burst 1 0 hello", "send 1", "teleport 1",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad_lessons); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SpLesson) lesson = sp_lesson_new_from_data (bad_lessons[i], -1, &error);

      g_assert_null (lesson);
      g_assert_nonnull (error);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad_checks); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SpLessonCheck) check = sp_lesson_check_new (bad_checks[i], &error);

      g_test_message ("check %s", bad_checks[i]);
      g_assert_null (check);
      g_assert_error (error, SP_LESSON_ERROR, SP_LESSON_ERROR_INVALID);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad_setups); i++)
    {
      g_autoptr(GError) error = NULL;
      const char *commands[] = { bad_setups[i], NULL };

      g_test_message ("setup %s", bad_setups[i]);
      g_assert_false (sp_setup_validate (commands, &error));
      g_assert_error (error, SP_SETUP_ERROR, SP_SETUP_ERROR_SYNTAX);
    }
}

/* An idle session completes nothing, whatever the lesson. */
static void
test_idle (void)
{
  g_autoptr(GListModel) lessons = load_lessons ();
  Host host;

  host_init (&host);
  host_ensure (&host, 1, SP_ENDPOINT_KIND_TCP_SERVER, "127.0.0.1", 0);
  host_ensure (&host, 2, SP_ENDPOINT_KIND_TCP_CLIENT, "127.0.0.1", 1);

  for (guint i = 0; i < g_list_model_get_n_items (lessons); i++)
    {
      g_autoptr(SpLesson) lesson = g_list_model_get_item (lessons, i);
      g_autoptr(SpLessonSession) session = sp_lesson_session_new (lesson, G_LIST_MODEL (host.endpoints), NULL, NULL);

      sp_test_settle (20);
      g_assert_cmpuint (sp_lesson_session_get_n_done (session), ==, 0);
    }

  host_clear (&host);
}

/* Doing one lesson does not complete another that needs something else:
 * a plain exchange is not 黏包, and ten framed messages are not a partial
 * send. */
static void
test_wrong_session (gconstpointer data)
{
  const char * const *ids = data;
  g_autoptr(SpLesson) done = find_lesson (ids[0]);
  g_autoptr(SpLesson) other = find_lesson (ids[1]);
  g_autoptr(SpLessonSession) session = NULL;
  g_autoptr(SpLessonSession) watching = NULL;
  Host host;

  host_init (&host);
  session = sp_lesson_session_new (done, G_LIST_MODEL (host.endpoints), NULL, NULL);
  watching = sp_lesson_session_new (other, G_LIST_MODEL (host.endpoints), NULL, NULL);

  for (guint s = 0; s < sp_lesson_get_n_steps (done); s++)
    {
      StepWait w = { session, s };

      run_setup (&host, sp_lesson_get_step (done, s));
      sp_test_wait_until (step_is_done, &w, 15000, sp_lesson_get_step (done, s)->id);
    }
  sp_test_settle (300);

  g_assert_cmpuint (sp_lesson_session_get_n_done (session), ==, sp_lesson_get_n_steps (done));
  g_assert_cmpuint (sp_lesson_session_get_n_done (watching), <, sp_lesson_get_n_steps (other));

  host_clear (&host);
}

/* The lesson named by the test path: each step's setup makes its checks pass. */
static void
test_lesson_steps (gconstpointer data)
{
  g_autoptr(SpLesson) lesson = find_lesson (data);
  g_autoptr(SpLessonSession) session = NULL;
  g_autoptr(GError) error = NULL;
  Host host;

  host_init (&host);
  session = sp_lesson_session_new (lesson, G_LIST_MODEL (host.endpoints), NULL, &error);
  g_assert_no_error (error);

  for (guint s = 0; s < sp_lesson_get_n_steps (lesson); s++)
    {
      const SpLessonStep *step = sp_lesson_get_step (lesson, s);
      StepWait w = { session, s };

      g_test_message ("step %s", step->id);
      run_setup (&host, step);
      sp_test_wait_until (step_is_done, &w, 15000, step->id);
    }

  g_assert_cmpuint (sp_lesson_session_get_n_done (session), ==, sp_lesson_get_n_steps (lesson));

  /* Reset forgets; nothing passes again without new events. */
  sp_lesson_session_reset (session);
  sp_test_settle (50);
  g_assert_cmpuint (sp_lesson_session_get_n_done (session), ==, 0);

  host_clear (&host);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GListModel) lessons = NULL;
  static const char *no_sticky[] = { "sockets-and-ports", "sticky-two-sends" };
  static const char *no_partial[] = { "length-prefix", "send-vs-sendall" };

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lessons/general/parse-all", test_parse_all);
  g_test_add_func ("/lessons/general/parse-errors", test_parse_errors);
  g_test_add_func ("/lessons/general/idle", test_idle);
  g_test_add_data_func ("/lessons/wrong/plain-is-not-sticky", no_sticky, test_wrong_session);
  g_test_add_data_func ("/lessons/wrong/framing-is-not-partial", no_partial, test_wrong_session);

  lessons = load_lessons ();
  for (guint i = 0; i < g_list_model_get_n_items (lessons); i++)
    {
      g_autoptr(SpLesson) lesson = g_list_model_get_item (lessons, i);
      g_autofree char *path = g_strdup_printf ("/lessons/steps/%s", sp_lesson_get_id (lesson));

      /* The id stays valid: @lessons holds the lesson until main returns. */
      g_test_add_data_func (path, sp_lesson_get_id (lesson), test_lesson_steps);
    }

  return g_test_run ();
}
