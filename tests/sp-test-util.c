/* sp-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sp-test-util.h"

#include <string.h>

#include "sp-errno.h"

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

void
sp_test_wait_until (SpTestCondition  condition,
                    gpointer         data,
                    guint            timeout_ms,
                    const char      *what)
{
  gboolean timed_out = FALSE;
  /* Valgrind runs everything tens of times slower; the bound is there to
   * end a hang, not to time the code. */
  guint scale = g_getenv ("SP_UNDER_VALGRIND") != NULL ? 5 : 1;
  guint id = g_timeout_add ((timeout_ms ? timeout_ms : SP_TEST_TIMEOUT_MS) * scale, timeout_cb, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (timed_out)
    g_error ("timed out waiting for %s", what);

  g_source_remove (id);
}

void
sp_test_settle (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

gboolean
sp_test_is_running (gpointer endpoint)
{
  return sp_endpoint_get_state (endpoint) == SP_ENDPOINT_STATE_RUNNING;
}

SpEndpoint *
sp_test_start_endpoint (SpEndpointKind  kind,
                        const char     *host,
                        guint           port)
{
  SpEndpoint *endpoint = sp_endpoint_new (kind);
  g_autofree char *what = g_strdup_printf ("%s on %s port %u running",
                                           sp_endpoint_kind_to_nick (kind), host, port);

  sp_endpoint_set_host (endpoint, host);
  sp_endpoint_set_port (endpoint, port);
  sp_endpoint_start (endpoint);
  sp_test_wait_until (sp_test_is_running, endpoint, 0, what);

  return endpoint;
}

gboolean
sp_test_is_stopped (gpointer endpoint)
{
  return sp_endpoint_get_state (endpoint) == SP_ENDPOINT_STATE_STOPPED;
}

gboolean
sp_test_has_connections (gpointer count)
{
  SpTestCount *c = count;

  return g_list_model_get_n_items (sp_endpoint_get_connections (c->endpoint)) >= c->n;
}

gboolean
sp_test_has_n_connections (gpointer count)
{
  SpTestCount *c = count;

  return g_list_model_get_n_items (sp_endpoint_get_connections (c->endpoint)) == c->n;
}

static void
drain (SpTestDrain *d)
{
  char buffer[65536];
  gssize n;

  while ((n = g_socket_receive (d->socket, buffer, sizeof buffer, NULL, NULL)) > 0)
    g_byte_array_append (d->received, (guint8 *) buffer, n);
  if (n == 0)
    d->eof = TRUE;
}

gboolean
sp_test_drain_some (gpointer data)
{
  SpTestDrain *d = data;

  drain (d);
  return d->received->len >= d->size;
}

gboolean
sp_test_drain_to_eof (gpointer data)
{
  SpTestDrain *d = data;

  drain (d);
  return d->eof;
}

/* Events of @kind, and with @errnum unless it is 0. */
static guint
count_events (SpEndpoint  *endpoint,
              SpEventKind  kind,
              int          errnum)
{
  GListModel *events = G_LIST_MODEL (sp_endpoint_get_events (endpoint));
  guint count = 0;

  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(SpEvent) event = g_list_model_get_item (events, i);

      if (sp_event_get_kind (event) != kind || (errnum != 0 && sp_event_get_errnum (event) != errnum))
        continue;
      if (errnum != 0)
        g_assert_nonnull (strstr (sp_event_get_message (event), sp_errno_name (errnum)));
      count++;
    }

  return count;
}

guint
sp_test_count_kind (SpEndpoint  *endpoint,
                    SpEventKind  kind)
{
  return count_events (endpoint, kind, 0);
}

guint
sp_test_count_errno (SpEndpoint *endpoint,
                     int         errnum)
{
  return count_events (endpoint, SP_EVENT_KIND_ERROR, errnum);
}

gboolean
sp_test_has_n_of_kind (gpointer kind_count)
{
  SpTestKindCount *c = kind_count;

  return sp_test_count_kind (c->endpoint, c->kind) >= c->n;
}

SpEvent *
sp_test_keep_event (SpEndpoint *endpoint,
                    SpEvent    *event)
{
  GPtrArray *kept = g_object_get_data (G_OBJECT (endpoint), "sp-test-kept-events");

  if (kept == NULL)
    {
      kept = g_ptr_array_new_with_free_func (g_object_unref);
      g_object_set_data_full (G_OBJECT (endpoint), "sp-test-kept-events", kept,
                              (GDestroyNotify) g_ptr_array_unref);
    }
  g_ptr_array_add (kept, g_object_ref (event));

  return event;
}

SpEvent *
sp_test_last_of_kind (SpEndpoint  *endpoint,
                      SpEventKind  kind)
{
  GListModel *events = G_LIST_MODEL (sp_endpoint_get_events (endpoint));

  for (guint i = g_list_model_get_n_items (events); i > 0; i--)
    {
      g_autoptr(SpEvent) event = g_list_model_get_item (events, i - 1);

      if (sp_event_get_kind (event) == kind)
        return sp_test_keep_event (endpoint, event);
    }

  return NULL;
}

int
sp_test_call_index (SpEndpoint *endpoint,
                    const char *prefix)
{
  GListModel *calls = G_LIST_MODEL (sp_endpoint_get_calls (endpoint));

  for (guint i = 0; i < g_list_model_get_n_items (calls); i++)
    {
      g_autoptr(SpEvent) call = g_list_model_get_item (calls, i);

      if (g_str_has_prefix (sp_event_get_message (call), prefix))
        return i;
    }

  return -1;
}

const char *
sp_test_find_call (SpEndpoint *endpoint,
                   const char *prefix)
{
  int i = sp_test_call_index (endpoint, prefix);
  g_autoptr(SpEvent) call = NULL;

  if (i < 0)
    return NULL;
  call = g_list_model_get_item (G_LIST_MODEL (sp_endpoint_get_calls (endpoint)), i);
  return sp_event_get_message (call);  /* the log keeps it alive */
}

gboolean
sp_test_has_received (gpointer bytes)
{
  SpTestBytes *b = bytes;

  return sp_event_log_get_bytes_received (sp_endpoint_get_events (b->endpoint)) >= b->n;
}

gboolean
sp_test_has_sent (gpointer bytes)
{
  SpTestBytes *b = bytes;

  return sp_event_log_get_bytes_sent (sp_endpoint_get_events (b->endpoint)) >= b->n;
}

GSocket *
sp_test_plain_bound (GSocketType  type,
                     guint       *port)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, type, 0, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_nonnull (socket);
  g_assert_true (g_socket_bind (socket, address, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));

  return g_steal_pointer (&socket);
}

GSocket *
sp_test_plain_connect (GSocketType type,
                       guint       port)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, type, 0, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);

  g_assert_nonnull (socket);
  g_assert_true (g_socket_connect (socket, address, NULL, NULL));
  g_socket_set_blocking (socket, FALSE);

  return g_steal_pointer (&socket);
}

static void
output_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  SpTestOutput *output = data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &output->out, NULL, &output->error);
  output->done = TRUE;
}

void
sp_test_output_start (SpTestOutput *output,
                      GSubprocess  *process)
{
  *output = (SpTestOutput) { FALSE, NULL, NULL };
  g_subprocess_communicate_utf8_async (process, NULL, NULL, output_done_cb, output);
}

gboolean
sp_test_output_done (gpointer output)
{
  return ((SpTestOutput *) output)->done;
}

char *
sp_test_program_output (GSubprocess *process,
                        guint        timeout_ms,
                        const char  *what)
{
  SpTestOutput run;

  sp_test_output_start (&run, process);
  sp_test_wait_until (sp_test_output_done, &run, timeout_ms, what);
  g_assert_no_error (run.error);
  if (!g_subprocess_get_successful (process))
    g_error ("%s failed: %s", what, run.out);
  return run.out;
}

/* Events of @kind (or of any kind) whose message has @needle. */
static guint
count_messages (SpEndpoint  *endpoint,
                gboolean     any_kind,
                SpEventKind  kind,
                const char  *needle)
{
  SpEventLog *events = sp_endpoint_get_events (endpoint);
  guint count = 0;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (events)); i++)
    {
      const char *message = sp_event_log_get_message (events, i);

      if ((any_kind || sp_event_record_get_kind (sp_event_log_peek (events, i)) == kind) &&
          message != NULL && strstr (message, needle) != NULL)
        count++;
    }

  return count;
}

guint
sp_test_count_messages (SpEndpoint  *endpoint,
                        SpEventKind  kind,
                        const char  *needle)
{
  return count_messages (endpoint, FALSE, kind, needle);
}

gboolean
sp_test_log_has_message (SpEndpoint *endpoint,
                         const char *part)
{
  return count_messages (endpoint, TRUE, 0, part) > 0;
}
