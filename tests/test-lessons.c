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

#include <signal.h>
#include <sys/prctl.h>

#include <glib/gstdio.h>

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
    "relayed", "relayed sideways", "relayed client hello", "relay-connected now",
    "relayed client-to-server \\",
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
  g_auto(GStrv) said = NULL;
  g_autoptr(GError) error = NULL;
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
  sp_test_host_run_changes (&host, (const char *[]) {
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
                      &said, &error);
  g_assert_no_error (error);

  g_assert_cmpint (host.encodings[1], ==, SP_TEXT_ENCODING_UTF8);
  g_assert_cmpstrv (said, ((const char *[]) {
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

static void
feed_all (SpLessonCheck *check,
          SpEndpoint    *endpoint)
{
  SpEventLog *events = sp_endpoint_get_events (endpoint);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (events)); i++)
    sp_lesson_check_feed (check, endpoint, sp_event_log_peek (events, i));
}

/* The relay's checks hold from a relay's own events, in their direction,
 * and never from a server's and client's own. */
static void
test_relay_checks (void)
{
  static const char *hold[] = {
    "relay-connected", "relayed client-to-server", "relayed server-to-client",
    "relayed client-to-server hello", "relayed server-to-client 连接成功",
  };
  static const char *fail_checks[] = {
    "relayed server-to-client hello", "relayed client-to-server 连接成功",
    "relayed client-to-server hel",
  };
  g_autoptr(GBytes) greeting = g_bytes_new_static ("连接成功", strlen ("连接成功"));
  g_autoptr(GBytes) hello = g_bytes_new_static ("hello", 5);
  SpTestHost host;
  SpEndpoint *server, *relay, *client;
  SpTestCount one = { NULL, 1 };
  SpTestKindCount relayed = { NULL, SP_EVENT_KIND_SENT, 2 };
  SpTestBytes at_server = { NULL, 5 };

  sp_test_host_init (&host);
  server = start_endpoint (&host, 1, SP_ENDPOINT_KIND_TCP_SERVER, 0);
  relay = sp_test_host_ensure (&host, 2, SP_ENDPOINT_KIND_TCP_RELAY, "127.0.0.1", 0);
  sp_endpoint_set_target_host (relay, "127.0.0.1");
  sp_endpoint_set_target_port (relay, sp_endpoint_get_bound_port (server));
  sp_endpoint_start (relay);
  sp_test_wait_until (sp_test_is_running, relay, 0, "the relay listens");
  client = start_endpoint (&host, 3, SP_ENDPOINT_KIND_TCP_CLIENT, sp_endpoint_get_bound_port (relay));

  one.endpoint = server;
  sp_test_wait_until (sp_test_has_connections, &one, 0, "the relay connects on");
  g_assert_true (sp_endpoint_send (server, greeting, NULL, NULL));
  g_assert_true (sp_endpoint_send (client, hello, NULL, NULL));
  relayed.endpoint = relay;
  sp_test_wait_until (sp_test_has_n_of_kind, &relayed, 0, "both ways passed on");
  at_server.endpoint = server;
  sp_test_wait_until (sp_test_has_received, &at_server, 0, "hello at the server");

  for (guint i = 0; i < G_N_ELEMENTS (hold); i++)
    {
      g_autoptr(SpLessonCheck) check = sp_lesson_check_new (hold[i], NULL);

      g_test_message ("check %s", hold[i]);
      /* The server's and client's own events say nothing of a relay. */
      feed_all (check, server);
      feed_all (check, client);
      g_assert_false (sp_lesson_check_passed (check));
      feed_all (check, relay);
      g_assert_true (sp_lesson_check_passed (check));
    }

  for (guint i = 0; i < G_N_ELEMENTS (fail_checks); i++)
    {
      g_autoptr(SpLessonCheck) check = sp_lesson_check_new (fail_checks[i], NULL);

      g_test_message ("check %s", fail_checks[i]);
      feed_all (check, server);
      feed_all (check, client);
      feed_all (check, relay);
      g_assert_false (sp_lesson_check_passed (check));
    }

  sp_test_host_clear (&host);
}

/* "Watch your own programs": the student's own client and server are the
 * lesson's Python code, run as two python3 processes on loopback, with the
 * relay pane between them. */

typedef struct {
  char        *dir;
  char        *python;
  GSubprocess *server;
  GString     *server_out;
  GDataInputStream *server_lines;
  GCancellable *cancel;
  gboolean     server_ended;
} Student;

static void
server_line_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  Student *student = data;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL, NULL);

  if (line == NULL)
    {
      student->server_ended = TRUE;
      return;
    }
  g_test_message ("server: %s", line);
  g_string_append_printf (student->server_out, "%s\n", line);
  g_data_input_stream_read_line_async (student->server_lines, G_PRIORITY_DEFAULT, student->cancel,
                                       server_line_cb, student);
}

typedef struct {
  Student    *student;
  const char *text;
} ServerSaid;

static gboolean
server_said (gpointer data)
{
  ServerSaid *said = data;

  return strstr (said->student->server_out->str, said->text) != NULL;
}

static void
wait_server_says (Student    *student,
                  const char *text)
{
  ServerSaid said = { student, text };

  sp_test_wait_until (server_said, &said, 15000, text);
}

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* python3 -u PATH; it dies with the test, should the test fail. */
static GSubprocess *
spawn_program (Student    *student,
               const char *name)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autofree char *path = g_build_filename (student->dir, name, NULL);
  g_autoptr(GError) error = NULL;
  GSubprocess *program;

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  program = g_subprocess_launcher_spawn (launcher, &error, student->python, "-u", path, NULL);
  g_assert_no_error (error);
  return program;
}

static void
start_server (Student *student)
{
  g_string_truncate (student->server_out, 0);
  student->server_ended = FALSE;
  student->server = spawn_program (student, "server.py");
  student->server_lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (student->server));
  g_data_input_stream_read_line_async (student->server_lines, G_PRIORITY_DEFAULT, student->cancel,
                                       server_line_cb, student);
  wait_server_says (student, "server on");
}

static gboolean
server_ended (gpointer data)
{
  return ((Student *) data)->server_ended;
}

static void
stop_server (Student *student)
{
  if (student->server == NULL)
    return;
  g_subprocess_force_exit (student->server);
  sp_test_wait_until (server_ended, student, 15000, "the server program ends");
  g_clear_object (&student->server_lines);
  g_clear_object (&student->server);
}

/* Runs the client program to its end, the main loop (and the relay)
 * running meanwhile; returns what it printed. */
static char *
run_client (Student *student)
{
  g_autoptr(GSubprocess) client = spawn_program (student, "client.py");
  char *out = sp_test_program_output (client, 15000, "the client program");

  g_test_message ("client: %s", out);
  return out;
}

/* The student edits both programs: FRAMED = True. */
static void
set_framed (Student *student)
{
  const char *names[] = { "server.py", "client.py" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (student->dir, names[i], NULL);
      g_autofree char *code = NULL;
      g_autoptr(GRegex) framed = g_regex_new ("^FRAMED = False", G_REGEX_MULTILINE, 0, NULL);
      g_autofree char *edited = NULL;

      g_assert_true (g_file_get_contents (path, &code, NULL, NULL));
      edited = g_regex_replace_literal (framed, code, -1, 0, "FRAMED = True", 0, NULL);
      g_assert_cmpstr (edited, !=, code);
      g_assert_true (g_file_set_contents (path, edited, -1, NULL));
    }
}

static void
watch_programs_student (SpTestHost *host,
                        guint       step,
                        gpointer    data)
{
  Student *student = data;
  g_autofree char *out = NULL;

  switch (step)
    {
    case 0:  /* relay: the server runs, the relay points at it */
      start_server (student);
      break;

    case 1:  /* watch: one recv() per word, 0.2 s apart */
      out = run_client (student);
      g_assert_nonnull (strstr (out, "连接成功"));
      wait_server_says (student, "5 b'hello'\n5 b'world'\n3 b'bye'\n");
      break;

    case 2:  /* glue: sent while the relay paused; resumed, one recv() */
      out = run_client (student);
      g_assert_true (sp_endpoint_get_relay_paused (sp_test_host_lookup (host, 1), SP_RELAY_SIDE_CLIENT));
      sp_endpoint_set_relay_paused (sp_test_host_lookup (host, 1), SP_RELAY_SIDE_CLIENT, FALSE);
      wait_server_says (student, "13 b'helloworldbye'\n");
      break;

    case 3:  /* frame: each word after its length; the server restarted */
      stop_server (student);
      set_framed (student);
      start_server (student);
      out = run_client (student);
      wait_server_says (student, "b'\\x05\\x00\\x00\\x00hello'");
      break;

    default:
      g_assert_not_reached ();
    }
}

/* Writes the lesson's code as the two programs it is. */
static void
student_init (Student  *student,
              SpLesson *lesson)
{
  const char *code = sp_lesson_get_python (lesson);
  const char *client = strstr (code, "# ---- client");
  g_autofree char *server_path = NULL;
  g_autofree char *client_path = NULL;
  g_autofree char *server_code = NULL;

  g_assert_nonnull (client);
  student->dir = g_dir_make_tmp ("sp-student-XXXXXX", NULL);
  g_assert_nonnull (student->dir);
  server_path = g_build_filename (student->dir, "server.py", NULL);
  client_path = g_build_filename (student->dir, "client.py", NULL);
  server_code = g_strndup (code, client - code);
  g_assert_true (g_file_set_contents (server_path, server_code, -1, NULL));
  g_assert_true (g_file_set_contents (client_path, client, -1, NULL));
  student->server_out = g_string_new (NULL);
  student->cancel = g_cancellable_new ();
}

static void
student_clear (Student *student)
{
  const char *names[] = { "server.py", "client.py" };

  stop_server (student);
  g_cancellable_cancel (student->cancel);
  g_clear_object (&student->cancel);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (student->dir, names[i], NULL);

      g_unlink (path);
    }
  g_rmdir (student->dir);
  g_clear_pointer (&student->dir, g_free);
  g_string_free (student->server_out, TRUE);
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

  if (g_str_equal (data, "watch-your-programs"))
    {
      Student student = { 0 };

      student.python = g_find_program_in_path ("python3");
      if (student.python == NULL)
        {
          g_test_skip ("no python3 to run the student's programs");
          sp_test_host_clear (&host);
          return;
        }
      student_init (&student, lesson);
      sp_test_host_do_lesson_with (&host, session, watch_programs_student, &student);
      student_clear (&student);
      g_free (student.python);
    }
  else
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
  g_test_add_func ("/lessons/general/relay-checks", test_relay_checks);
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
