/* test-lessons.c: every lesson's steps, done for real through the engine
 *
 * Each lesson's "Set it up for me" commands run against real endpoints on
 * loopback, and each step's checks must pass from the events they cause.
 * Lessons use the tutorials' fixed ports (8081, 8000), so meson runs each lesson
 * in a network namespace of its own where it can (tests/run-netns.sh).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sp-lesson.h"
#include "sp-lesson-check.h"
#include "sp-lesson-session.h"
#include "sp-setup-runner.h"
#include "sp-test-host.h"
#include "sp-test-util.h"

#define LESSONS_PATH RESOURCE_PREFIX "/lessons"

/* Every snake_case name in @text (client_msg, recv_exactly) appears in
 * @lesson's Python code: a hint naming a variable the code does not have
 * sends the student looking for it. */
static void
assert_names_in_code (SpLesson   *lesson,
                      const char *text)
{
  g_autoptr(GRegex) names = g_regex_new ("\\b[a-z][a-z0-9]*_[a-z0-9_]+\\b", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  if (text == NULL)
    return;

  for (g_regex_match (names, text, 0, &match); g_match_info_matches (match); g_match_info_next (match, NULL))
    {
      g_autofree char *name = g_match_info_fetch (match, 0);

      if (strstr (sp_lesson_get_python (lesson), name) == NULL)
        g_error ("lesson %s names %s, which its code does not have: “%s”",
                 sp_lesson_get_id (lesson), name, text);
    }
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


/* Every file parses; every check and setup command is in the vocabulary. */
static void
test_parse_all (void)
{
  g_autoptr(GListModel) lessons = load_lessons ();
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  guint n = g_list_model_get_n_items (lessons);

  g_assert_cmpuint (n, >=, 14);

  /* The list shows a heading where the group changes: a group's lessons
   * come one after another, or its heading would show twice. */
  {
    g_autoptr(GPtrArray) seen = g_ptr_array_new ();

    for (guint i = 0; i < n; i++)
      {
        g_autoptr(SpLesson) lesson = g_list_model_get_item (lessons, i);
        const char *group = sp_lesson_get_group (lesson);

        if (seen->len > 0 && g_str_equal (group, seen->pdata[seen->len - 1]))
          continue;
        if (g_ptr_array_find_with_equal_func (seen, group, g_str_equal, NULL))
          g_error ("group “%s” comes back at lesson %s", group, sp_lesson_get_id (lesson));
        g_ptr_array_add (seen, (gpointer) group);
      }
  }

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
      g_assert_cmpuint (sp_lesson_get_n_paragraphs (lesson), >, 0);
      g_assert_nonnull (sp_lesson_get_group (lesson));
      g_assert_true (sp_lesson_is_built_in (lesson));
      g_assert_nonnull (sp_lesson_get_python (lesson));
      g_assert_nonnull (sp_lesson_get_c (lesson));

      /* A name the text gives the code (msg, recv_exactly) is the code's own. */
      for (guint p = 0; p < sp_lesson_get_n_paragraphs (lesson); p++)
        assert_names_in_code (lesson, sp_lesson_get_paragraph (lesson, p));

      for (guint s = 0; s < sp_lesson_get_n_steps (lesson); s++)
        {
          const SpLessonStep *step = sp_lesson_get_step (lesson, s);
          g_autoptr(GError) error = NULL;

          assert_names_in_code (lesson, sp_lesson_get_hint (lesson, s));
          assert_names_in_code (lesson, sp_lesson_get_task (lesson, s));
          g_assert_nonnull (sp_lesson_get_hint (lesson, s));
          g_assert_cmpint (step->show_hint, ==, SP_LESSON_HELP_ALWAYS);
          g_assert_cmpint (step->show_setup, ==, SP_LESSON_HELP_ALWAYS);
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
    "received-matches", "received-matches ([0-9]", "message-text", "message-matches [a-",
    "joined", "joined 10.0.0.1", "joined 224.1.1.1 eth0",
  };
  static const char *bad_setups[] = {
    "pane 1 tcp-bridge 127.0.0.1 8081", "pane 0 tcp-server 127.0.0.1 8081", "start",
    "wait 99999", "option 1 framing sideways", "option 1 read-size 0x10",
    "burst 1 0 hello", "send 1", "teleport 1", "option 1 broadcast maybe",
    "option 1 multicast-group 10.0.0.1", "option 1 multicast-group",
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


static SpEndpoint *
start_endpoint (SpTestHost           *host,
                guint           position,
                SpEndpointKind  kind,
                guint           port)
{
  SpEndpoint *endpoint = sp_test_host_ensure (host, position, kind, "127.0.0.1", port);

  sp_endpoint_start (endpoint);
  sp_test_wait_until (sp_test_is_running, endpoint, 0, "start");
  return endpoint;
}

typedef struct {
  gboolean  done;
  GStrv     changes;
  GError   *error;
} SetupRun;

static void
setup_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  SetupRun *run = user_data;

  sp_setup_run_finish (result, &run->changes, &run->error);
  run->done = TRUE;
}

static gboolean
setup_finished (gpointer data)
{
  return ((SetupRun *) data)->done;
}

/* "Set it up for me" sets a pane's Encoding as it does its framing, and
 * says what it changed, and only that. Text it sends keeps the encoding it
 * was typed in. */
static void
test_setup_changes (void)
{
  SpTestHost host;
  SpEndpoint *server, *client;
  SpFramingConfig python_i;
  g_autofree char *connect = NULL;
  SetupRun run = { FALSE, NULL, NULL };
  SpTestKindCount sent = { NULL, SP_EVENT_KIND_SENT, 2 };
  SpEvent *event;

  sp_test_host_init (&host);
  server = start_endpoint (&host, 1, SP_ENDPOINT_KIND_TCP_SERVER, 0);
  client = sp_test_host_ensure (&host, 2, SP_ENDPOINT_KIND_TCP_CLIENT, "127.0.0.1",
                                sp_endpoint_get_bound_port (server));
  /* As a student left them in an earlier lesson. */
  host.encodings[1] = SP_TEXT_ENCODING_GBK;
  sp_framing_config_from_string ("python-i", &python_i, NULL);
  g_assert_true (sp_endpoint_set_framing (server, &python_i, NULL));
  sp_endpoint_set_read_size (server, 1024);

  connect = g_strdup_printf ("pane 2 tcp-client 127.0.0.1 %u", sp_endpoint_get_bound_port (server));
  sp_setup_run_async ((const char *[]) {
                        connect,
                        "option 1 framing off",
                        "option 1 read-size 1024",
                        "option 1 encoding utf-8",
                        "option 2 encoding UTF-8",
                        "option 2 reuse off",
                        "start 2",
                        "send-gbk 2 你好",
                        "send-hex 2 c4e3",
                        NULL },
                      &sp_test_setup_host, &host, NULL, setup_done_cb, &run);
  sp_test_wait_until (setup_finished, &run, 0, "setup");
  g_assert_no_error (run.error);

  g_assert_cmpint (host.encodings[1], ==, SP_TEXT_ENCODING_UTF8);
  g_assert_cmpstrv (run.changes, ((const char *[]) {
                                   "Pane 1: Framing python-i → off",
                                   "Pane 2: Encoding GBK → UTF-8",
                                   "Pane 2: SO_REUSEADDR on → off",
                                   NULL }));

  /* A sent row keeps GBK whatever the pane's Encoding is; hex has none. */
  sent.endpoint = client;
  sp_test_wait_until (sp_test_has_n_of_kind, &sent, 0, "two sends");
  event = g_list_model_get_item (G_LIST_MODEL (sp_endpoint_get_events (client)),
                                 g_list_model_get_n_items (G_LIST_MODEL (sp_endpoint_get_events (client))) - 1);
  g_assert_cmpint (sp_event_get_text_encoding (event, SP_TEXT_ENCODING_LATIN1), ==, SP_TEXT_ENCODING_LATIN1);
  g_object_unref (event);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (sp_endpoint_get_events (client))); i++)
    {
      g_autoptr(SpEvent) e = g_list_model_get_item (G_LIST_MODEL (sp_endpoint_get_events (client)), i);

      if (sp_event_get_kind (e) == SP_EVENT_KIND_SENT)
        {
          g_assert_cmpint (sp_event_get_text_encoding (e, SP_TEXT_ENCODING_UTF8), ==, SP_TEXT_ENCODING_GBK);
          break;
        }
    }

  g_strfreev (run.changes);
  sp_test_host_clear (&host);
}

/* Every built-in lesson's first step sets what its checks and texts
 * depend on, for each pane it makes: Encoding, read size, and for TCP
 * framing, send mode and (servers) SO_REUSEADDR. A pane left on GBK, a
 * framing or send() by an earlier lesson would fail it or show mojibake. */
static void
test_setups_complete (void)
{
  g_autoptr(GListModel) lessons = load_lessons ();

  for (guint i = 0; i < g_list_model_get_n_items (lessons); i++)
    {
      g_autoptr(SpLesson) lesson = g_list_model_get_item (lessons, i);
      const SpLessonStep *first = sp_lesson_get_step (lesson, 0);
      g_autofree char *all = g_strjoinv ("\n", first->setup);

      for (guint c = 0; first->setup[c]; c++)
        {
          g_auto(GStrv) words = g_strsplit (first->setup[c], " ", -1);
          const char *needed[] = { "encoding", "read-size", "framing", "send-mode", "reuse" };

          if (!g_str_equal (words[0], "pane"))
            continue;
          for (guint n = 0; n < G_N_ELEMENTS (needed); n++)
            {
              g_autofree char *option = g_strdup_printf ("option %s %s ", words[1], needed[n]);

              gboolean tcp_only = n >= 2, server_only = n == 4;

              if ((tcp_only && !g_str_has_prefix (words[2], "tcp")) ||
                  (server_only && !g_str_equal (words[2], "tcp-server")))
                continue;
              if (strstr (all, option) == NULL)
                g_error ("lesson %s, step %s: setup makes pane %s but leaves its %s as it was",
                         sp_lesson_get_id (lesson), first->id, words[1], needed[n]);
            }
        }
    }
}

/* Exercise mode rests on "tried": an event that does not complete the
 * step the student is at. The app's own setup runs are not tries, and the
 * summary says which steps the app set up. */
static void
test_tries_and_summary (void)
{
  g_autoptr(SpLesson) lesson = NULL;
  g_autoptr(SpLessonSession) session = NULL;
  g_autoptr(SpLessonSession) restored = NULL;
  g_autoptr(GBytes) hello = g_bytes_new_static ("hello", 5);
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *restored_summary = NULL;
  SpEndpoint *tcp_server, *client;
  SpTestStep tried = { NULL, 0 };
  SpTestStep done = { NULL, 0 };
  SpTestHost host;

  lesson = sp_lesson_new_for_file (NULL, "tries.splesson",
                                   "<lesson format='2' id='tries' mode='exercise'><title>Tries</title>"
                                   "<step id='udp'><task>A UDP server.</task><check>listening udp *</check></step>"
                                   "<step id='hello'><task>Say hello.</task><check>received-text hello</check></step>"
                                   "</lesson>", -1, &error);
  g_assert_no_error (error);

  sp_test_host_init (&host);
  session = sp_lesson_session_new (lesson, G_LIST_MODEL (host.endpoints), NULL, &error);
  g_assert_no_error (error);
  tried.session = done.session = session;

  /* A TCP server is a try at a UDP server. */
  tcp_server = start_endpoint (&host, 1, SP_ENDPOINT_KIND_TCP_SERVER, 0);
  tried.step = 0;
  sp_test_wait_until (sp_test_step_tried, &tried, 0, "first step tried");
  g_assert_false (sp_lesson_session_step_done (session, 0));
  g_assert_false (sp_lesson_session_step_tried (session, 1));

  /* "Set it up for me": done, not tried again, and set up by the app. */
  sp_lesson_session_setup_started (session, 0);
  start_endpoint (&host, 2, SP_ENDPOINT_KIND_UDP_SERVER, 0);
  done.step = 0;
  sp_test_wait_until (sp_test_step_done, &done, 0, "first step done");
  sp_lesson_session_setup_finished (session);
  g_assert_true (sp_lesson_session_step_helped (session, 0));
  /* The event that completed the first step is no try at the second. */
  g_assert_false (sp_lesson_session_step_tried (session, 1));

  /* Connecting is a try at saying hello; saying it completes the step. */
  client = start_endpoint (&host, 3, SP_ENDPOINT_KIND_TCP_CLIENT, sp_endpoint_get_bound_port (tcp_server));
  tried.step = 1;
  sp_test_wait_until (sp_test_step_tried, &tried, 0, "second step tried");
  g_assert_true (sp_endpoint_send (client, hello, NULL, &error));
  g_assert_no_error (error);
  done.step = 1;
  sp_test_wait_until (sp_test_step_done, &done, 0, "second step done");
  g_assert_false (sp_lesson_session_step_helped (session, 1));
  g_assert_true (sp_lesson_session_is_complete (session));
  g_assert_cmpint (sp_lesson_session_get_step_time (session, 1), >=,
                   sp_lesson_session_get_step_time (session, 0));

  summary = sp_lesson_session_dup_summary (session);
  g_test_message ("%s", summary);
  g_assert_true (g_regex_match_simple ("^Socket Playground [0-9.]+ — lesson summary\n"
                                       "Lesson: Tries \\(tries\\)\n"
                                       "Steps done: 2 of 2\n"
                                       "  ✓ 1\\. udp — at [0-9]+ s \\(set up by the app\\)\n"
                                       "  ✓ 2\\. hello — at [0-9]+ s\n"
                                       "Time taken: [0-9]+ s\n"
                                       "Finished: [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}\n$",
                                       summary, 0, 0));

  /* Reset forgets tries and times too. */
  sp_lesson_session_reset (session);
  g_assert_false (sp_lesson_session_step_tried (session, 0));
  g_assert_cmpint (sp_lesson_session_get_step_time (session, 0), ==, -1);
  g_assert_false (sp_lesson_session_is_complete (session));

  /* Steps done in an earlier run of the app have no time. */
  restored = sp_lesson_session_new (lesson, G_LIST_MODEL (host.endpoints), (const char *[]) { "udp", NULL }, &error);
  g_assert_no_error (error);
  restored_summary = sp_lesson_session_dup_summary (restored);
  g_assert_nonnull (strstr (restored_summary, "Steps done: 1 of 2\n"));
  g_assert_nonnull (strstr (restored_summary, "  ✓ 1. udp — done before this session\n"));
  g_assert_nonnull (strstr (restored_summary, "  ✗ 2. hello — not done\n"));
  g_assert_nonnull (strstr (restored_summary, "Time so far: "));

  sp_test_host_clear (&host);
}

/* An idle session completes nothing, whatever the lesson. */
static void
test_idle (void)
{
  g_autoptr(GListModel) lessons = load_lessons ();
  SpTestHost host;

  sp_test_host_init (&host);
  sp_test_host_ensure (&host, 1, SP_ENDPOINT_KIND_TCP_SERVER, "127.0.0.1", 0);
  sp_test_host_ensure (&host, 2, SP_ENDPOINT_KIND_TCP_CLIENT, "127.0.0.1", 1);

  for (guint i = 0; i < g_list_model_get_n_items (lessons); i++)
    {
      g_autoptr(SpLesson) lesson = g_list_model_get_item (lessons, i);
      g_autoptr(SpLessonSession) session = sp_lesson_session_new (lesson, G_LIST_MODEL (host.endpoints), NULL, NULL);

      sp_test_settle (20);
      g_assert_cmpuint (sp_lesson_session_get_n_done (session), ==, 0);
    }

  sp_test_host_clear (&host);
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
  SpTestHost host;

  sp_test_host_init (&host);
  session = sp_lesson_session_new (done, G_LIST_MODEL (host.endpoints), NULL, NULL);
  watching = sp_lesson_session_new (other, G_LIST_MODEL (host.endpoints), NULL, NULL);

  sp_test_host_do_lesson (&host, session);
  sp_test_settle (300);

  g_assert_cmpuint (sp_lesson_session_get_n_done (session), ==, sp_lesson_get_n_steps (done));
  g_assert_cmpuint (sp_lesson_session_get_n_done (watching), <, sp_lesson_get_n_steps (other));

  sp_test_host_clear (&host);
}

/* The lesson named by the test path: each step's setup makes its checks pass. */
static void
test_lesson_steps (gconstpointer data)
{
  g_autoptr(SpLesson) lesson = find_lesson (data);
  g_autoptr(SpLessonSession) session = NULL;
  g_autoptr(GError) error = NULL;
  SpTestHost host;

  /* Their datagrams would go out on the real network. */
  if ((g_str_equal (data, "udp-broadcast") || g_str_equal (data, "udp-multicast")) &&
      g_getenv ("SP_NETNS_LAN") == NULL)
    {
      g_test_skip ("needs the network namespace of tests/run-netns-lan.sh (root and unshare)");
      return;
    }

  sp_test_host_init (&host);
  session = sp_lesson_session_new (lesson, G_LIST_MODEL (host.endpoints), NULL, &error);
  g_assert_no_error (error);

  sp_test_host_do_lesson (&host, session);
  g_assert_cmpuint (sp_lesson_session_get_n_done (session), ==, sp_lesson_get_n_steps (lesson));

  /* Reset forgets; nothing passes again without new events. */
  sp_lesson_session_reset (session);
  sp_test_settle (50);
  g_assert_cmpuint (sp_lesson_session_get_n_done (session), ==, 0);

  sp_test_host_clear (&host);
}

static char *
examples_dir (void)
{
  return g_test_build_filename (G_TEST_DIST, "..", "data", "lessons", "examples", NULL);
}

/* A teacher's example lesson, done for real the same way. */
static void
test_example_steps (gconstpointer data)
{
  g_autofree char *dir = examples_dir ();
  g_autofree char *name = g_strconcat (data, SP_LESSON_FILE_SUFFIX, NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *contents = NULL;
  g_autofree char *summary = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(SpLesson) lesson = NULL;
  g_autoptr(SpLessonSession) session = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  SpTestHost host;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  lesson = sp_lesson_new_for_file (file, name, contents, length, &error);
  g_assert_no_error (error);

  sp_test_host_init (&host);
  session = sp_lesson_session_new (lesson, G_LIST_MODEL (host.endpoints), NULL, &error);
  g_assert_no_error (error);

  sp_test_host_do_lesson (&host, session);
  summary = sp_lesson_session_dup_summary (session);
  g_test_message ("%s", summary);
  g_assert_nonnull (strstr (summary, sp_lesson_get_id (lesson)));
  g_assert_nonnull (strstr (summary, name));
  g_assert_nonnull (strstr (summary, "Time taken: "));

  sp_test_host_clear (&host);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GListModel) lessons = NULL;
  g_autoptr(GPtrArray) example_ids = g_ptr_array_new_with_free_func (g_free);
  static const char *no_sticky[] = { "sockets-and-ports", "sticky-two-sends" };
  static const char *no_partial[] = { "length-prefix", "send-vs-sendall" };

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lessons/general/parse-all", test_parse_all);
  g_test_add_func ("/lessons/general/parse-errors", test_parse_errors);
  g_test_add_func ("/lessons/general/idle", test_idle);
  g_test_add_func ("/lessons/general/setup-changes", test_setup_changes);
  g_test_add_func ("/lessons/general/setups-complete", test_setups_complete);
  g_test_add_func ("/lessons/general/tries-and-summary", test_tries_and_summary);
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

  {
    g_autofree char *dir = examples_dir ();
    g_autoptr(GDir) examples = g_dir_open (dir, 0, NULL);
    const char *name;

    while (examples != NULL && (name = g_dir_read_name (examples)) != NULL)
      if (g_str_has_suffix (name, SP_LESSON_FILE_SUFFIX))
        {
          char *id = g_strndup (name, strlen (name) - strlen (SP_LESSON_FILE_SUFFIX));
          g_autofree char *path = g_strdup_printf ("/lessons/examples/%s", id);

          /* @example_ids holds the id until main returns. */
          g_ptr_array_add (example_ids, id);
          g_test_add_data_func (path, id, test_example_steps);
        }
  }

  return g_test_run ();
}
