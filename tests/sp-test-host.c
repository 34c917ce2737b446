/* sp-test-host.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sp-test-host.h"
#include "sp-test-util.h"

SpEndpoint *
sp_test_host_lookup (SpTestHost *host,
                     guint       position)
{
  if (position == 0 || position > host->owned->len)
    return NULL;

  return g_ptr_array_index (host->owned, position - 1);
}

SpEndpoint *
sp_test_host_ensure (SpTestHost     *host,
                     guint           position,
                     SpEndpointKind  kind,
                     const char     *address,
                     guint           port)
{
  SpEndpoint *endpoint;

  while (host->owned->len < position)
    {
      endpoint = sp_endpoint_new (kind);
      g_ptr_array_add (host->owned, endpoint);
      g_list_store_append (host->endpoints, endpoint);
    }

  endpoint = sp_test_host_lookup (host, position);
  sp_endpoint_reconfigure (endpoint, kind, address, port);

  return endpoint;
}

static SpEndpoint *
lookup_cb (gpointer data,
           guint    position)
{
  return sp_test_host_lookup (data, position);
}

static SpEndpoint *
ensure_cb (gpointer        data,
           guint           position,
           SpEndpointKind  kind,
           const char     *address,
           guint           port)
{
  return sp_test_host_ensure (data, position, kind, address, port);
}

static SpTextEncoding
set_encoding_cb (gpointer       data,
                 guint          position,
                 SpTextEncoding encoding)
{
  SpTestHost *host = data;
  SpTextEncoding before = host->encodings[position - 1];

  host->encodings[position - 1] = encoding;
  return before;
}

const SpSetupHost sp_test_setup_host = {
  .ensure = ensure_cb,
  .lookup = lookup_cb,
  .set_encoding = set_encoding_cb,
};

void
sp_test_host_init (SpTestHost *host)
{
  host->endpoints = g_list_store_new (SP_TYPE_ENDPOINT);
  for (guint i = 0; i < G_N_ELEMENTS (host->encodings); i++)
    host->encodings[i] = SP_TEXT_ENCODING_UTF8;
  host->owned = g_ptr_array_new_with_free_func (g_object_unref);
}

void
sp_test_host_clear (SpTestHost *host)
{
  for (guint i = 0; i < host->owned->len; i++)
    sp_endpoint_stop (g_ptr_array_index (host->owned, i));
  g_clear_object (&host->endpoints);
  g_clear_pointer (&host->owned, g_ptr_array_unref);
}

typedef struct {
  gboolean  done;
  GStrv     changes;
  GError   *error;
} RunWait;

static void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  RunWait *wait = user_data;

  sp_setup_run_finish (result, &wait->changes, &wait->error);
  wait->done = TRUE;
}

static gboolean
run_finished (gpointer data)
{
  return ((RunWait *) data)->done;
}

gboolean
sp_test_host_run (SpTestHost         *host,
                  const char * const *commands,
                  GError            **error)
{
  g_auto(GStrv) changes = NULL;

  return sp_test_host_run_changes (host, commands, &changes, error);
}

gboolean
sp_test_host_run_changes (SpTestHost         *host,
                          const char * const *commands,
                          GStrv              *changes,
                          GError            **error)
{
  RunWait run = { FALSE, NULL, NULL };

  sp_setup_run_async (commands, &sp_test_setup_host, host, NULL, run_done_cb, &run);
  sp_test_wait_until (run_finished, &run, 20000, "the setup runs");
  *changes = run.changes;
  if (run.error != NULL)
    {
      g_propagate_error (error, run.error);
      return FALSE;
    }

  return TRUE;
}

void
sp_test_setup_rejects (const char         *before,
                       const char * const *bad,
                       gsize               n_bad,
                       const char * const *good)
{
  for (gsize i = 0; i < n_bad; i++)
    {
      const char *alone[] = { bad[i], NULL };
      const char *after[] = { before, bad[i], NULL };
      g_autoptr(GError) error = NULL;

      g_test_message ("setup %s", bad[i]);
      g_assert_false (sp_setup_validate (before != NULL ? after : alone, &error));
      g_assert_error (error, SP_SETUP_ERROR, SP_SETUP_ERROR_SYNTAX);
    }
  g_assert_true (sp_setup_validate (good, NULL));
}

gboolean
sp_test_step_done (gpointer data)
{
  SpTestStep *w = data;

  return sp_lesson_session_step_done (w->session, w->step);
}

gboolean
sp_test_step_tried (gpointer data)
{
  SpTestStep *w = data;

  return sp_lesson_session_step_tried (w->session, w->step);
}

void
sp_test_host_do_lesson (SpTestHost      *host,
                        SpLessonSession *session)
{
  sp_test_host_do_lesson_with (host, session, NULL, NULL);
}

void
sp_test_host_do_lesson_with (SpTestHost      *host,
                             SpLessonSession *session,
                             SpTestStudent    student,
                             gpointer         data)
{
  SpLesson *lesson = sp_lesson_session_get_lesson (session);

  for (guint s = 0; s < sp_lesson_get_n_steps (lesson); s++)
    {
      const SpLessonStep *step = sp_lesson_get_step (lesson, s);
      RunWait run = { FALSE, NULL, NULL };
      SpTestStep w = { session, s };

      g_test_message ("step %s", step->id);
      sp_lesson_session_setup_started (session, s);
      sp_setup_run_async ((const char * const *) step->setup, &sp_test_setup_host, host, NULL,
                          run_done_cb, &run);
      sp_test_wait_until (run_finished, &run, 20000, step->id);
      g_assert_no_error (run.error);
      g_strfreev (run.changes);
      if (student != NULL)
        {
          sp_lesson_session_setup_finished (session);
          student (host, s, data);
        }
      sp_test_wait_until (sp_test_step_done, &w, 15000, step->id);
      if (student == NULL)
        sp_lesson_session_setup_finished (session);
    }

  g_assert_true (sp_lesson_session_is_complete (session));
}
