/* test-capture.c: the capture limit on a real connection, and 64 MiB
 * between two endpoints arriving byte-exact, framing off and on
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sp-endpoint.h"
#include "sp-export.h"
#include "sp-test-util.h"

/* A server and a client connected to it on 127.0.0.1, reading 64 KiB per
 * recv() so a big transfer takes few events. */
static void
connect_pair (const SpFramingConfig  *framing,
              SpEndpoint            **server,
              SpEndpoint            **client)
{
  *server = sp_endpoint_new (SP_ENDPOINT_KIND_TCP_SERVER);
  sp_endpoint_set_port (*server, 0);
  sp_endpoint_set_read_size (*server, 64 * 1024);
  if (framing != NULL)
    g_assert_true (sp_endpoint_set_framing (*server, framing, NULL));
  sp_endpoint_start (*server);
  sp_test_wait_until (sp_test_is_running, *server, 0, "server running");

  *client = sp_endpoint_new (SP_ENDPOINT_KIND_TCP_CLIENT);
  sp_endpoint_set_port (*client, sp_endpoint_get_bound_port (*server));
  if (framing != NULL)
    g_assert_true (sp_endpoint_set_framing (*client, framing, NULL));
  sp_endpoint_start (*client);
  sp_test_wait_until (sp_test_is_running, *client, 0, "client connected");
  {
    SpTestCount one = { *server, 1 };
    sp_test_wait_until (sp_test_has_connections, &one, 0, "server accepted");
  }
}

/* Deterministic bytes that no chunking lines up with. */
static GBytes *
pattern (gsize   n,
         guint32 seed)
{
  guint8 *data = g_malloc (n);
  guint32 x = seed | 1;

  for (gsize i = 0; i < n; i++)
    {
      x ^= x << 13;
      x ^= x >> 17;
      x ^= x << 5;
      data[i] = x >> 24;
    }

  return g_bytes_new_take (data, n);
}

/* Past the limit the oldest payloads go; counts stay exact, the newest
 * events keep their bytes, and saving refuses to pretend it has it all. */
static void
test_limit_on_connection (void)
{
  SpCaptureStore *store = sp_capture_store_get_default ();
  g_autoptr(SpEndpoint) server = NULL;
  g_autoptr(SpEndpoint) client = NULL;
  g_autoptr(GError) error = NULL;
  const gsize chunk = 64 * 1024;
  const guint n_chunks = 48;   /* 3 MiB */
  SpEventLog *log;
  SpTestBytes wait;
  guint n_items;

  sp_capture_store_set_limit (store, SP_CAPTURE_STORE_MIN_LIMIT);
  connect_pair (NULL, &server, &client);

  for (guint i = 0; i < n_chunks; i++)
    {
      g_autoptr(GBytes) bytes = pattern (chunk, i + 1);
      g_assert_true (sp_endpoint_send (client, bytes, NULL, NULL));
    }

  log = sp_endpoint_get_events (server);
  wait = (SpTestBytes) { server, (guint64) chunk * n_chunks };
  sp_test_wait_until (sp_test_has_received, &wait, 30000, "3 MiB received");

  g_assert_cmpuint (sp_event_log_get_bytes_received (log), ==, (guint64) chunk * n_chunks);
  g_assert_cmpuint (sp_event_log_get_bytes_sent (sp_endpoint_get_events (client)), ==, (guint64) chunk * n_chunks);
  g_assert_cmpuint (sp_capture_store_get_bytes_kept (store), <=, SP_CAPTURE_STORE_MIN_LIMIT);
  g_assert_cmpuint (sp_event_log_get_bytes_released (log), >, 0);

  /* Every recv() is still an event with its exact size; the released ones
   * are the oldest, the newest still show their bytes. */
  n_items = g_list_model_get_n_items (G_LIST_MODEL (log));
  {
    guint64 sum = 0, released = 0;
    gboolean seen_kept = FALSE;

    for (guint i = 0; i < n_items; i++)
      {
        g_autoptr(SpEvent) event = g_list_model_get_item (G_LIST_MODEL (log), i);

        if (sp_event_get_kind (event) != SP_EVENT_KIND_RECEIVED)
          continue;
        sum += sp_event_get_n_bytes (event);
        if (sp_event_get_payload_released (event))
          {
            g_assert_false (seen_kept);
            released += sp_event_get_n_bytes (event);
          }
        else
          {
            g_assert_nonnull (sp_event_get_payload (event));
            seen_kept = TRUE;
          }
      }
    g_assert_true (seen_kept);
    g_assert_cmpuint (sum, ==, (guint64) chunk * n_chunks);
    g_assert_cmpuint (released, ==, sp_event_log_get_bytes_released (log));
  }

  /* The trace's first recv() line is written from its event, whose bytes
   * are gone by now: it says so instead of showing them. */
  {
    const char *line = sp_test_find_call (server, "conn1.recv(");

    g_assert_nonnull (line);
    g_assert_nonnull (strstr (line, "capture limit"));
  }

  g_assert_null (sp_export_received_bytes (server, 1, &error));
  g_assert_error (error, SP_EXPORT_ERROR, SP_EXPORT_ERROR_NOT_KEPT);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  {
    g_autoptr(GPtrArray) endpoints = g_ptr_array_new ();
    g_autoptr(GPtrArray) titles = g_ptr_array_new ();

    g_ptr_array_add (endpoints, server);
    g_ptr_array_add (titles, (gpointer) "TCP server 1");
    g_assert_null (sp_export_pcapng (endpoints, titles, &error));
    g_assert_error (error, SP_EXPORT_ERROR, SP_EXPORT_ERROR_NOT_KEPT);
    g_clear_error (&error);
  }

  /* Clearing gives the room back. */
  sp_endpoint_clear_events (server);
  sp_endpoint_clear_events (client);
  g_assert_cmpuint (sp_event_log_get_bytes_released (log), ==, 0);

  sp_endpoint_stop (client);
  sp_endpoint_stop (server);
  sp_capture_store_set_limit (store, SP_CAPTURE_STORE_DEFAULT_LIMIT);
}

/* 64 MiB from a client endpoint to a server endpoint in one main loop,
 * capture on: what the server saves is exactly what was sent. */
static void
test_64mib (gconstpointer data)
{
  gboolean framed = GPOINTER_TO_INT (data);
  const gsize chunk = 512 * 1024;
  const guint n_chunks = 128;
  g_autoptr(SpEndpoint) server = NULL;
  g_autoptr(SpEndpoint) client = NULL;
  g_autoptr(GChecksum) sent = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GChecksum) messages = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GBytes) got = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *got_sum = NULL;
  SpFramingConfig framing;
  guint64 expected;
  guint n_messages = 0;
  SpTestBytes wait;

  sp_framing_config_init (&framing);
  sp_framing_config_preset (&framing, SP_FRAMING_PRESET_PYTHON_STRUCT_I);
  connect_pair (framed ? &framing : NULL, &server, &client);

  for (guint i = 0; i < n_chunks; i++)
    {
      g_autoptr(GBytes) bytes = pattern (chunk, 1000 + i);

      g_checksum_update (sent, g_bytes_get_data (bytes, NULL), chunk);
      g_assert_true (sp_endpoint_send (client, bytes, NULL, &error));
      g_assert_no_error (error);
    }

  /* Framed, each message has a 4-byte header on the wire. */
  expected = (guint64) n_chunks * (chunk + (framed ? 4 : 0));
  wait = (SpTestBytes) { server, expected };
  sp_test_wait_until (sp_test_has_received, &wait, 120000, "64 MiB received");
  g_assert_cmpuint (sp_event_log_get_bytes_received (sp_endpoint_get_events (server)), ==, expected);
  g_assert_cmpuint (sp_event_log_get_bytes_released (sp_endpoint_get_events (server)), ==, 0);

  got = sp_export_received_bytes (server, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (got), ==, expected);

  if (!framed)
    {
      got_sum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, got);
      g_assert_cmpstr (got_sum, ==, g_checksum_get_string (sent));
      goto out;
    }

  /* The decoded messages, in order, are the sent ones. */
  {
    GListModel *events = G_LIST_MODEL (sp_endpoint_get_events (server));

    for (guint i = 0; i < g_list_model_get_n_items (events); i++)
      {
        g_autoptr(SpEvent) event = g_list_model_get_item (events, i);
        GBytes *payload = sp_event_get_payload (event);

        if (sp_event_get_kind (event) != SP_EVENT_KIND_MESSAGE)
          continue;
        g_assert_nonnull (payload);
        g_assert_cmpuint (g_bytes_get_size (payload), ==, chunk);
        g_checksum_update (messages, g_bytes_get_data (payload, NULL), chunk);
        n_messages++;
      }
    g_assert_cmpuint (n_messages, ==, n_chunks);
    g_assert_cmpstr (g_checksum_get_string (messages), ==, g_checksum_get_string (sent));
  }

out:
  sp_endpoint_stop (client);
  sp_endpoint_stop (server);
}

/* The call trace keeps its first 100,000 calls and says it stopped; the
 * log keeps every event. */
static void
test_trace_stops (void)
{
  g_autoptr(SpEndpoint) server = NULL;
  g_autoptr(SpEndpoint) client = NULL;
  g_autoptr(GBytes) one = g_bytes_new_static ("x", 1);
  GListModel *calls;
  guint n_sent = 0;
  SpTestBytes wait;

  connect_pair (NULL, &server, &client);
  /* send() and nothing else: every byte its own call. */
  sp_endpoint_set_send_mode (client, SP_SEND_MODE_ONCE);
  for (guint i = 0; i < 11; i++)
    g_assert_true (sp_endpoint_send_burst (client, one, NULL, 10000, NULL));
  wait = (SpTestBytes) { client, 110000 };
  sp_test_wait_until (sp_test_has_sent, &wait, 60000, "110000 sends");

  calls = G_LIST_MODEL (sp_endpoint_get_calls (client));
  g_assert_cmpuint (g_list_model_get_n_items (calls), ==, 100000);
  {
    g_autoptr(SpEvent) last = g_list_model_get_item (calls, 99999);
    g_assert_nonnull (strstr (sp_event_get_message (last), "trace stops"));
  }
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (sp_endpoint_get_events (client))); i++)
    {
      g_autoptr(SpEvent) event = g_list_model_get_item (G_LIST_MODEL (sp_endpoint_get_events (client)), i);
      n_sent += sp_event_get_kind (event) == SP_EVENT_KIND_SENT;
    }
  g_assert_cmpuint (n_sent, ==, 110000);

  sp_endpoint_stop (client);
  sp_endpoint_stop (server);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/capture/limit-on-connection", test_limit_on_connection);
  g_test_add_data_func ("/capture/64mib/framing-off", GINT_TO_POINTER (FALSE), test_64mib);
  g_test_add_data_func ("/capture/64mib/framing-on", GINT_TO_POINTER (TRUE), test_64mib);
  g_test_add_func ("/capture/trace-stops", test_trace_stops);

  return g_test_run ();
}
