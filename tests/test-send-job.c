/* test-send-job.c: timed sends (every T ms, N times) and file sends
 *
 * The file tests' receiver is an sp-relay-peer process (plain sockets and
 * poll()), so what arrives is counted outside the engine's main loop.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sp-test-util.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "sp-capture-store.h"
#include "sp-file-send.h"
#include "sp-framing.h"
#include "sp-send-job.h"
#include "sp-setup-runner.h"
#include "sp-test-host.h"
#include "sp-test-peer.h"

#define INTERVAL_MS 40

/* Timed sends --------------------------------------------------------------- */

static gboolean
job_ended (gpointer job)
{
  return !sp_send_job_get_running (job);
}

typedef struct {
  SpSendJob *job;
  guint      n;
} JobSent;

static gboolean
job_has_sent (gpointer data)
{
  JobSent *s = data;

  return sp_send_job_get_sent (s->job) >= s->n;
}

/* The "sent" events of @endpoint, oldest first (owned by the log). */
static GPtrArray *
sent_events (SpEndpoint *endpoint)
{
  GListModel *events = G_LIST_MODEL (sp_endpoint_get_events (endpoint));
  GPtrArray *sent = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      SpEvent *event = g_list_model_get_item (events, i);

      if (sp_event_get_kind (event) == SP_EVENT_KIND_SENT)
        g_ptr_array_add (sent, event);
      else
        g_object_unref (event);
    }

  return sent;
}

/* A TCP server and a client connected to it, both running. */
static void
connected_pair (SpEndpoint **server,
                SpEndpoint **client)
{
  SpTestCount one;

  *server = sp_test_start_endpoint (SP_ENDPOINT_KIND_TCP_SERVER, "127.0.0.1", 0);
  *client = sp_test_start_endpoint (SP_ENDPOINT_KIND_TCP_CLIENT, "127.0.0.1",
                                    sp_endpoint_get_bound_port (*server));
  one = (SpTestCount) { *server, 1 };
  sp_test_wait_until (sp_test_has_connections, &one, 0, "the server accepts the client");
}

static void
test_timed_count_and_spacing (void)
{
  g_autoptr(SpEndpoint) server = NULL;
  g_autoptr(SpEndpoint) client = NULL;
  g_autoptr(GBytes) tick = g_bytes_new_static ("tick", 4);
  g_autoptr(SpSendJob) job = NULL;
  g_autoptr(GPtrArray) sent = NULL;
  g_autoptr(GError) error = NULL;
  SpTestBytes all;
  const guint n = 8;
  gint64 first, last;

  connected_pair (&server, &client);
  job = sp_send_job_new (client, tick, SP_TEXT_ENCODING_UTF8, NULL, INTERVAL_MS, n);
  g_assert_true (sp_send_job_start (job, &error));
  g_assert_no_error (error);
  g_assert_true (sp_send_job_get_running (job));
  g_assert_cmpuint (sp_send_job_get_sent (job), ==, 1);

  sp_test_wait_until (job_ended, job, 0, "the timed send ends");
  g_assert_cmpuint (sp_send_job_get_sent (job), ==, n);
  g_assert_null (sp_send_job_get_error_message (job));

  /* One send() row per message, each taking the whole message. */
  sent = sent_events (client);
  g_assert_cmpuint (sent->len, ==, n);
  for (guint i = 0; i < sent->len; i++)
    g_assert_cmpuint (sp_event_get_n_bytes (sent->pdata[i]), ==, 4);

  /* Never closer than the interval (10 % for the clock's grain), and the
   * whole run within a generous bound. */
  for (guint i = 1; i < sent->len; i++)
    {
      gint64 gap = sp_event_get_time_us (sent->pdata[i]) - sp_event_get_time_us (sent->pdata[i - 1]);

      g_assert_cmpint (gap, >=, INTERVAL_MS * 1000 * 9 / 10);
    }
  first = sp_event_get_time_us (sent->pdata[0]);
  last = sp_event_get_time_us (sent->pdata[sent->len - 1]);
  g_assert_cmpint (last - first, <, (gint64) (n - 1) * INTERVAL_MS * 1000 + 20 * G_USEC_PER_SEC);

  all = (SpTestBytes) { server, 4 * n };
  sp_test_wait_until (sp_test_has_received, &all, 0, "the server receives every tick");
  g_assert_cmpuint (sp_event_log_get_bytes_received (sp_endpoint_get_events (server)), ==, 4 * n);
}

static void
test_timed_stop_midway (void)
{
  g_autoptr(SpEndpoint) server = NULL;
  g_autoptr(SpEndpoint) client = NULL;
  g_autoptr(SpEndpoint) witness = NULL;
  g_autoptr(GBytes) tick = g_bytes_new_static ("x", 1);
  g_autoptr(SpSendJob) job = NULL;
  g_autoptr(SpSendJob) clock = NULL;
  g_autoptr(GPtrArray) sent = NULL;
  JobSent three, later;
  guint at_stop;
  SpTestCount two;

  connected_pair (&server, &client);
  witness = sp_test_start_endpoint (SP_ENDPOINT_KIND_TCP_CLIENT, "127.0.0.1",
                                    sp_endpoint_get_bound_port (server));
  two = (SpTestCount) { server, 2 };
  sp_test_wait_until (sp_test_has_connections, &two, 0, "the server accepts the witness");

  job = sp_send_job_new (client, tick, -1, NULL, INTERVAL_MS, 1000);
  clock = sp_send_job_new (witness, tick, -1, NULL, INTERVAL_MS, 1000);
  g_assert_true (sp_send_job_start (job, NULL));
  g_assert_true (sp_send_job_start (clock, NULL));

  three = (JobSent) { job, 3 };
  sp_test_wait_until (job_has_sent, &three, 0, "three timed sends");
  sp_send_job_stop (job);
  at_stop = sp_send_job_get_sent (job);
  g_assert_false (sp_send_job_get_running (job));
  g_assert_true (sp_test_log_has_message (client, "stopped after"));

  /* Proof that time went on: the witness, on the same interval, sends
   * three more after the stop was processed. */
  later = (JobSent) { clock, sp_send_job_get_sent (clock) + 3 };
  sp_test_wait_until (job_has_sent, &later, 0, "the witness sends three more");
  sp_send_job_stop (clock);

  sent = sent_events (client);
  g_assert_cmpuint (sent->len, ==, at_stop);
  g_assert_cmpuint (sp_send_job_get_sent (job), ==, at_stop);
}

static void
test_timed_stops_with_pane (void)
{
  g_autoptr(SpEndpoint) server = NULL;
  g_autoptr(SpEndpoint) client = NULL;
  g_autoptr(GBytes) tick = g_bytes_new_static ("x", 1);
  g_autoptr(SpSendJob) job = NULL;
  g_autoptr(GError) error = NULL;

  connected_pair (&server, &client);

  /* Out of range: nothing starts, nothing is sent. */
  job = sp_send_job_new (client, tick, -1, NULL, 5, 10);
  g_assert_false (sp_send_job_start (job, &error));
  g_assert_error (error, SP_ENDPOINT_ERROR, SP_ENDPOINT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "10"));
  g_clear_error (&error);
  g_clear_object (&job);
  g_assert_cmpuint (sp_test_count_kind (client, SP_EVENT_KIND_SENT), ==, 0);

  job = sp_send_job_new (client, tick, -1, NULL, INTERVAL_MS, 1000);
  g_assert_true (sp_send_job_start (job, NULL));
  sp_endpoint_stop (client);
  g_assert_false (sp_send_job_get_running (job));
  g_assert_nonnull (sp_send_job_get_error_message (job));
  g_assert_cmpuint (sp_send_job_get_sent (job), ==, 1);

  /* A stopped pane refuses at once. */
  g_clear_object (&job);
  job = sp_send_job_new (client, tick, -1, NULL, INTERVAL_MS, 3);
  g_assert_false (sp_send_job_start (job, &error));
  g_assert_error (error, SP_ENDPOINT_ERROR, SP_ENDPOINT_ERROR_NOT_RUNNING);
}

static void
test_timed_udp_and_all (void)
{
  g_autoptr(SpEndpoint) udp_server = sp_test_start_endpoint (SP_ENDPOINT_KIND_UDP_SERVER, "127.0.0.1", 0);
  g_autoptr(SpEndpoint) udp_client = sp_test_start_endpoint (SP_ENDPOINT_KIND_UDP_CLIENT, "127.0.0.1",
                                                             sp_endpoint_get_bound_port (udp_server));
  g_autoptr(SpEndpoint) server = NULL;
  g_autoptr(SpEndpoint) client = NULL;
  g_autoptr(SpEndpoint) client2 = NULL;
  g_autoptr(GBytes) hi = g_bytes_new_static ("hi", 2);
  g_autoptr(SpSendJob) job = NULL;
  g_autoptr(SpSendJob) to_all = NULL;
  SpTestKindCount five = { udp_server, SP_EVENT_KIND_RECEIVED, 5 };
  SpTestCount two;
  SpTestBytes got;

  job = sp_send_job_new (udp_client, hi, SP_TEXT_ENCODING_UTF8, NULL, 20, 5);
  g_assert_true (sp_send_job_start (job, NULL));
  sp_test_wait_until (job_ended, job, 0, "the UDP timed send ends");
  g_assert_cmpuint (sp_test_count_kind (udp_client, SP_EVENT_KIND_SENT), ==, 5);
  sp_test_wait_until (sp_test_has_n_of_kind, &five, 0, "five datagrams arrive");

  /* A server's "send to all": every client gets every message. */
  connected_pair (&server, &client);
  client2 = sp_test_start_endpoint (SP_ENDPOINT_KIND_TCP_CLIENT, "127.0.0.1",
                                    sp_endpoint_get_bound_port (server));
  two = (SpTestCount) { server, 2 };
  sp_test_wait_until (sp_test_has_connections, &two, 0, "two clients");
  to_all = sp_send_job_new (server, hi, SP_TEXT_ENCODING_UTF8, NULL, 20, 4);
  g_assert_true (sp_send_job_start (to_all, NULL));
  sp_test_wait_until (job_ended, to_all, 0, "the timed send to all ends");
  g_assert_cmpuint (sp_test_count_kind (server, SP_EVENT_KIND_SENT), ==, 8);
  got = (SpTestBytes) { client, 8 };
  sp_test_wait_until (sp_test_has_received, &got, 0, "client 1 gets 4 messages");
  got = (SpTestBytes) { client2, 8 };
  sp_test_wait_until (sp_test_has_received, &got, 0, "client 2 gets 4 messages");
}

/* A message bigger than the kernel takes at once: its send() rows show
 * the partial sends as they are, and the rest follows when the socket is
 * writable, in order, before the next tick's message. */
static void
test_timed_partial_sends (void)
{
  g_autoptr(SpEndpoint) server = sp_test_start_endpoint (SP_ENDPOINT_KIND_TCP_SERVER, "127.0.0.1", 0);
  g_autoptr(SpEndpoint) client = sp_endpoint_new (SP_ENDPOINT_KIND_TCP_CLIENT);
  g_autofree guint8 *data = g_malloc0 (512 * 1024);
  g_autoptr(GBytes) big = NULL;
  g_autoptr(SpSendJob) job = NULL;
  g_autoptr(GPtrArray) sent = NULL;
  SpTestCount one = { server, 1 };
  SpTestBytes all;
  guint64 total = 0;
  guint partial = 0;

  big = g_bytes_new_take (g_steal_pointer (&data), 512 * 1024);
  sp_endpoint_set_host (client, "127.0.0.1");
  sp_endpoint_set_port (client, sp_endpoint_get_bound_port (server));
  sp_endpoint_set_sndbuf (client, 65536);
  sp_endpoint_start (client);
  sp_test_wait_until (sp_test_is_running, client, 0, "the client connects");
  sp_test_wait_until (sp_test_has_connections, &one, 0, "the server accepts");

  job = sp_send_job_new (client, big, -1, NULL, INTERVAL_MS, 3);
  g_assert_true (sp_send_job_start (job, NULL));
  sp_test_wait_until (job_ended, job, 0, "three messages handed on");
  all = (SpTestBytes) { server, 3 * 512 * 1024 };
  sp_test_wait_until (sp_test_has_received, &all, 60000, "the server gets every byte");

  /* Each row asks for what is left of its message (at most a piece) and
   * takes what the kernel took; a message's rows add up to it. */
  sent = sent_events (client);
  for (guint i = 0; i < sent->len; i++)
    {
      SpEvent *event = sent->pdata[i];
      gsize left = 512 * 1024 - total % (512 * 1024);

      g_assert_cmpuint (sp_event_get_n_requested (event), ==, MIN (left, SP_CONNECTION_SEND_PIECE));
      if (sp_event_is_partial (event))
        partial++;
      total += sp_event_get_n_bytes (event);
    }
  g_assert_cmpuint (total, ==, 3 * 512 * 1024);
  g_assert_cmpuint (partial, >, 0);
}

/* A lesson's setup: "every P MS COUNT TEXT", checked and run. */
static void
test_timed_setup_verb (void)
{
  static const char *bad[] = {
    "every 1 5 10 ping", "every 1 3600001 10 ping", "every 1 20 0 ping", "every 1 20 10001 ping",
    "every 1 20 10", "every 1 x 10 ping", "every 1 20",
  };
  g_autoptr(SpEndpoint) server = sp_test_start_endpoint (SP_ENDPOINT_KIND_UDP_SERVER, "127.0.0.1", 0);
  g_autofree char *pane = g_strdup_printf ("pane 1 udp-client 127.0.0.1 %u", sp_endpoint_get_bound_port (server));
  const char *commands[] = { pane, "start 1", "every 1 20 5 ping", NULL };
  const char *not_running[] = { "pane 1 udp-client 127.0.0.1 9", "stop 1", "every 1 20 5 ping", NULL };
  SpTestKindCount five = { server, SP_EVENT_KIND_RECEIVED, 5 };
  g_autoptr(GError) error = NULL;
  SpTestHost host;

  sp_test_setup_rejects (NULL, bad, G_N_ELEMENTS (bad), commands);

  sp_test_host_init (&host);
  g_assert_true (sp_test_host_run (&host, commands, &error));
  g_assert_no_error (error);
  sp_test_wait_until (sp_test_has_n_of_kind, &five, 0, "five timed datagrams arrive");
  g_assert_true (sp_test_log_has_message (sp_test_host_lookup (&host, 1), "Timed send done: 5 messages"));

  /* When it runs, it fails as Send would. */
  g_assert_false (sp_test_host_run (&host, not_running, &error));
  g_assert_error (error, SP_ENDPOINT_ERROR, SP_ENDPOINT_ERROR_NOT_RUNNING);
  sp_test_host_clear (&host);
}

/* File sends ---------------------------------------------------------------- */

/* A plain server process that accepts one connection on @port, reads it
 * to the end and says how many bytes came, and their SHA-256. */
static SpTestPeer *
plain_receiver (guint *port)
{
  g_autoptr(GSocket) listener = sp_test_plain_listener (port);
  static const char *const args[] = { "server", "1", "0", "1", "after-eof", NULL };

  return sp_test_peer_spawn ("sp-relay-peer", g_socket_get_fd (listener), args);
}

/* Waits for the receiver; its byte count and SHA-256 (hex). */
static char *
receiver_finish (SpTestPeer *peer,
                 guint64    *n_recv)
{
  g_auto(GStrv) lines = sp_test_peer_finish (peer, "the plain receiver ends", "conn ");
  char sent[65], recv[65];
  guint64 n_sent;

  g_assert_nonnull (lines[0]);
  g_assert_cmpint (sscanf (lines[0], "conn sent %" G_GUINT64_FORMAT " %64s recv %" G_GUINT64_FORMAT " %64s",
                           &n_sent, sent, n_recv, recv), ==, 4);
  return g_strdup (recv);
}

/* A file of @size pseudo-random bytes in a new temporary folder; its
 * SHA-256 in @sha. */
static GFile *
random_file (gsize   size,
             char  **sha)
{
  g_autofree char *dir = g_dir_make_tmp ("sp-send-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "payload.bin", NULL);
  g_autofree guint8 *data = g_malloc (size);
  guint64 x = 0x9e3779b97f4a7c15;

  for (gsize i = 0; i < size; i++)
    {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      data[i] = x;
    }
  g_assert_true (g_file_set_contents (path, (const char *) data, size, NULL));
  *sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, size);

  return g_file_new_for_path (path);
}

static void
remove_file (GFile *file)
{
  g_autoptr(GFile) dir = g_file_get_parent (file);

  g_file_delete (file, NULL, NULL);
  g_file_delete (dir, NULL, NULL);
}

static gboolean
file_send_ended (gpointer job)
{
  return !sp_file_send_get_running (job);
}

/* The client's send rows, checked against chunks of @chunk bytes (0: one
 * sendall of @size): each chunk's first row asks for the whole chunk, the
 * next ones for what is left of it (at most a piece, as sendall() asks),
 * and no row crosses a chunk's end.
 * Returns how many chunks the rows show. */
static guint
check_send_rows (SpEndpoint *client,
                 gsize       size,
                 gsize       chunk)
{
  g_autoptr(GPtrArray) sent = sent_events (client);
  guint64 total = 0;
  gsize left = 0;
  guint chunks = 0;

  for (guint i = 0; i < sent->len; i++)
    {
      SpEvent *event = sent->pdata[i];

      if (left == 0)
        {
          gsize expected = chunk == 0 ? size : MIN (chunk, size - total);

          left = expected;
          chunks++;
        }
      g_assert_cmpuint (sp_event_get_n_requested (event), ==, MIN (left, SP_CONNECTION_SEND_PIECE));
      g_assert_cmpuint (sp_event_get_n_bytes (event), <=, left);
      left -= sp_event_get_n_bytes (event);
      total += sp_event_get_n_bytes (event);
    }

  g_assert_cmpuint (left, ==, 0);
  g_assert_cmpuint (total, ==, size);
  return chunks;
}

/* Sends a @size-byte file in @chunk-byte chunks (0: whole) to a plain
 * receiver and checks what arrived. */
static void
send_file_and_check (gsize size,
                     gsize chunk)
{
  g_autofree char *sha = NULL;
  g_autofree char *got = NULL;
  g_autoptr(GFile) file = random_file (size, &sha);
  g_autoptr(SpEndpoint) client = NULL;
  g_autoptr(SpFileSend) job = NULL;
  g_autoptr(GError) error = NULL;
  guint64 n_recv;
  guint port;
  SpTestPeer *peer = plain_receiver (&port);
  guint chunks;

  client = sp_test_start_endpoint (SP_ENDPOINT_KIND_TCP_CLIENT, "127.0.0.1", port);
  job = sp_file_send_new (client, file, NULL, chunk);
  g_assert_true (sp_file_send_start (job, &error));
  g_assert_no_error (error);
  sp_test_wait_until (file_send_ended, job, 60000, "the file is sent");
  g_assert_null (sp_file_send_get_error_message (job));
  g_assert_cmpuint (sp_file_send_get_total (job), ==, size);
  g_assert_cmpuint (sp_file_send_get_sent (job), ==, size);
  g_assert_cmpuint (sp_event_log_get_bytes_sent (sp_endpoint_get_events (client)), ==, size);
  g_assert_true (sp_test_log_has_message (client, chunk == 0 ? "as one sendall()" : "chunks of up to"));

  chunks = check_send_rows (client, size, chunk);
  g_assert_cmpuint (chunks, ==, chunk == 0 ? 1 : (size + chunk - 1) / chunk);

  /* Everything is out of our queue: closing sends the FIN after it. */
  sp_endpoint_stop (client);
  got = receiver_finish (peer, &n_recv);
  g_assert_cmpuint (n_recv, ==, size);
  g_assert_cmpstr (got, ==, sha);
  remove_file (file);
}

static void
test_file_whole (void)
{
  send_file_and_check (6 * 1024 * 1024 + 17, 0);
}

static void
test_file_chunks (void)
{
  send_file_and_check (6 * 1024 * 1024 + 17, 65536);
  /* Chunks that do not divide the read pieces. */
  send_file_and_check (1000003, 100000);
}

/* A file bigger than the capture limit goes out whole; the log says the
 * capture keeps only part of it. */
static void
test_file_over_capture_limit (void)
{
  SpCaptureStore *store = sp_capture_store_get_default ();
  guint64 limit = sp_capture_store_get_limit (store);
  g_autofree char *sha = NULL;
  g_autofree char *got = NULL;
  g_autoptr(GFile) file = random_file (3 * 1024 * 1024, &sha);
  g_autoptr(SpEndpoint) client = NULL;
  g_autoptr(SpFileSend) job = NULL;
  guint64 n_recv;
  guint port;
  SpTestPeer *peer = plain_receiver (&port);

  sp_capture_store_set_limit (store, SP_CAPTURE_STORE_MIN_LIMIT);
  client = sp_test_start_endpoint (SP_ENDPOINT_KIND_TCP_CLIENT, "127.0.0.1", port);
  job = sp_file_send_new (client, file, NULL, 0);
  g_assert_true (sp_file_send_start (job, NULL));
  sp_test_wait_until (file_send_ended, job, 60000, "the file is sent");
  g_assert_null (sp_file_send_get_error_message (job));
  g_assert_true (sp_test_log_has_message (client, "larger than the capture limit"));
  g_assert_cmpuint (sp_event_log_get_bytes_sent (sp_endpoint_get_events (client)), ==, 3 * 1024 * 1024);
  g_assert_cmpuint (sp_event_log_get_bytes_released (sp_endpoint_get_events (client)), >, 0);

  sp_endpoint_stop (client);
  got = receiver_finish (peer, &n_recv);
  g_assert_cmpuint (n_recv, ==, 3 * 1024 * 1024);
  g_assert_cmpstr (got, ==, sha);
  sp_capture_store_set_limit (store, limit);
  remove_file (file);
}

/* Fails, after starting, with a message naming @errno_name. */
static void
expect_file_error (SpEndpoint *client,
                   GFile      *file,
                   const char *errno_name)
{
  g_autoptr(SpFileSend) job = sp_file_send_new (client, file, NULL, 0);
  guint sent_before = sp_test_count_kind (client, SP_EVENT_KIND_SENT);

  g_assert_true (sp_file_send_start (job, NULL));
  sp_test_wait_until (file_send_ended, job, 0, "the file send fails");
  g_assert_nonnull (sp_file_send_get_error_message (job));
  g_assert_nonnull (strstr (sp_file_send_get_error_message (job), errno_name));
  g_assert_true (sp_test_log_has_message (client, errno_name));
  g_assert_cmpuint (sp_test_count_kind (client, SP_EVENT_KIND_SENT), ==, sent_before);
}

static void
test_file_errors (void)
{
  g_autoptr(SpEndpoint) server = NULL;
  g_autoptr(SpEndpoint) client = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sp-send-XXXXXX", NULL);
  g_autofree char *missing_path = g_build_filename (dir, "missing.bin", NULL);
  g_autofree char *locked_path = g_build_filename (dir, "locked.bin", NULL);
  g_autoptr(GFile) missing = g_file_new_for_path (missing_path);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(GFile) locked = g_file_new_for_path (locked_path);
  g_autoptr(SpFileSend) job = NULL;
  g_autoptr(GError) error = NULL;

  connected_pair (&server, &client);
  expect_file_error (client, missing, "ENOENT");
  expect_file_error (client, folder, "EISDIR");

  g_assert_true (g_file_set_contents (locked_path, "secret", -1, NULL));
  g_assert_cmpint (chmod (locked_path, 0), ==, 0);
  if (geteuid () != 0)
    expect_file_error (client, locked, "EACCES");

  /* Chunks too big for a datagram, or for anyone, are refused at once. */
  job = sp_file_send_new (client, locked, NULL, SP_FILE_SEND_MAX_CHUNK + 1);
  g_assert_false (sp_file_send_start (job, &error));
  g_assert_error (error, SP_ENDPOINT_ERROR, SP_ENDPOINT_ERROR_INVALID);

  g_unlink (locked_path);
  g_rmdir (dir);
}

typedef struct {
  SpFileSend   *job;
  SpEndpoint   *client;
} Behind;

/* The kernel took some of the file, and the rest waits in our queue. */
static gboolean
file_send_behind (gpointer data)
{
  Behind *b = data;
  g_autoptr(SpConnection) conn = g_list_model_get_item (sp_endpoint_get_connections (b->client), 0);

  return sp_file_send_get_sent (b->job) > 0 && sp_file_send_get_running (b->job) &&
         sp_connection_get_bytes_queued (conn) > 0;
}

/* Stopped while the receiver does not read: no send() after the stop, and
 * the receiver gets exactly the bytes the kernel took. */
static void
stop_file_send (gboolean framed)
{
  g_autofree char *sha = NULL;
  g_autoptr(GFile) file = random_file (8 * 1024 * 1024, &sha);
  g_autoptr(SpEndpoint) server = sp_test_start_endpoint (SP_ENDPOINT_KIND_TCP_SERVER, "127.0.0.1", 0);
  g_autoptr(SpEndpoint) client = NULL;
  g_autoptr(SpFileSend) job = NULL;
  g_autoptr(SpConnection) conn = NULL;
  g_autoptr(GBytes) marker = g_bytes_new_static ("END", 3);
  SpTestCount one = { server, 1 };
  SpTestBytes all;
  guint sent_rows;
  guint64 sent;

  Behind behind;

  /* Small kernel buffers, so the file cannot all be taken at once. */
  client = sp_endpoint_new (SP_ENDPOINT_KIND_TCP_CLIENT);
  sp_endpoint_set_host (client, "127.0.0.1");
  sp_endpoint_set_port (client, sp_endpoint_get_bound_port (server));
  sp_endpoint_set_sndbuf (client, 65536);
  if (framed)
    {
      SpFramingConfig config;

      g_assert_true (sp_framing_config_from_string ("python-i", &config, NULL));
      g_assert_true (sp_endpoint_set_framing (client, &config, NULL));
    }
  sp_endpoint_start (client);
  sp_test_wait_until (sp_test_is_running, client, 0, "the client connects");
  sp_test_wait_until (sp_test_has_connections, &one, 0, "the server accepts");
  sp_endpoint_set_paused (server, TRUE);

  job = sp_file_send_new (client, file, NULL, 65536);
  g_assert_true (sp_file_send_start (job, NULL));
  behind = (Behind) { job, client };
  sp_test_wait_until (file_send_behind, &behind, 60000, "the kernel's buffers fill");
  sp_file_send_stop (job);
  g_assert_false (sp_file_send_get_running (job));
  sent = sp_file_send_get_sent (job);
  g_assert_cmpuint (sent, <, 8 * 1024 * 1024);
  conn = g_list_model_get_item (sp_endpoint_get_connections (client), 0);
  g_assert_true (sp_test_log_has_message (client, "Stopped sending"));
  if (framed)
    {
      /* The framing's copies cannot be taken back: they go out, and the
       * log says how much that is. */
      guint64 queued = sp_connection_get_bytes_queued (conn);

      g_assert_cmpuint (queued, >, 0);
      g_assert_true (sp_test_log_has_message (client, "still go out"));
      sp_endpoint_set_paused (server, FALSE);
      all = (SpTestBytes) { server, sp_event_log_get_bytes_sent (sp_endpoint_get_events (client)) + queued };
      sp_test_wait_until (sp_test_has_received, &all, 60000, "the server reads what was handed on");
      remove_file (file);
      return;
    }
  g_assert_cmpuint (sp_connection_get_bytes_queued (conn), ==, 0);
  sent_rows = sp_test_count_kind (client, SP_EVENT_KIND_SENT);

  /* Proof the stop was processed before more could be sent: a marker
   * sent after it is the next and last row, and arrives right after the
   * file's bytes the kernel took. */
  g_assert_true (sp_endpoint_send (client, marker, NULL, NULL));
  sp_endpoint_set_paused (server, FALSE);
  all = (SpTestBytes) { server, sent + 3 };
  sp_test_wait_until (sp_test_has_received, &all, 60000, "the server reads all that was sent");
  g_assert_cmpuint (sp_event_log_get_bytes_received (sp_endpoint_get_events (server)), ==, sent + 3);
  g_assert_cmpuint (sp_test_count_kind (client, SP_EVENT_KIND_SENT), >=, sent_rows + 1);
  g_assert_cmpuint (sp_event_log_get_bytes_sent (sp_endpoint_get_events (client)), ==, sent + 3);
  remove_file (file);
}

static void
test_file_stop (void)
{
  stop_file_send (FALSE);
}

static void
test_file_stop_framed (void)
{
  stop_file_send (TRUE);
}

static void
test_file_udp (void)
{
  g_autoptr(SpEndpoint) server = sp_test_start_endpoint (SP_ENDPOINT_KIND_UDP_SERVER, "127.0.0.1", 0);
  g_autoptr(SpEndpoint) client = sp_test_start_endpoint (SP_ENDPOINT_KIND_UDP_CLIENT, "127.0.0.1",
                                                         sp_endpoint_get_bound_port (server));
  g_autofree char *big_sha = NULL;
  g_autofree char *sha = NULL;
  g_autoptr(GFile) big = random_file (100 * 1000, &big_sha);
  /* Few enough datagrams that the server's receive buffer holds them all
   * (loopback drops what does not fit, as UDP may). */
  g_autoptr(GFile) file = random_file (40 * 1000, &sha);
  g_autoptr(SpFileSend) whole = NULL;
  g_autoptr(SpFileSend) chunks = NULL;
  g_autoptr(GError) error = NULL;
  SpTestKindCount forty = { server, SP_EVENT_KIND_RECEIVED, 40 };

  /* No datagram holds 100 kB: refused once the size is known. */
  whole = sp_file_send_new (client, big, NULL, 0);
  g_assert_true (sp_file_send_start (whole, NULL));
  sp_test_wait_until (file_send_ended, whole, 0, "the whole-file datagram is refused");
  g_assert_nonnull (strstr (sp_file_send_get_error_message (whole), "chunks"));
  g_assert_cmpuint (sp_test_count_kind (client, SP_EVENT_KIND_SENT), ==, 0);

  g_assert_false (sp_file_send_check_chunk (client, 70000, &error));
  g_assert_error (error, SP_ENDPOINT_ERROR, SP_ENDPOINT_ERROR_INVALID);

  chunks = sp_file_send_new (client, file, NULL, 1000);
  g_assert_true (sp_file_send_start (chunks, NULL));
  sp_test_wait_until (file_send_ended, chunks, 0, "the datagrams are sent");
  g_assert_null (sp_file_send_get_error_message (chunks));
  g_assert_cmpuint (check_send_rows (client, 40 * 1000, 1000), ==, 40);
  sp_test_wait_until (sp_test_has_n_of_kind, &forty, 0, "40 datagrams arrive");
  g_assert_cmpuint (sp_event_log_get_bytes_received (sp_endpoint_get_events (server)), ==, 40 * 1000);
  remove_file (big);
  remove_file (file);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/send-job/timed/count-and-spacing", test_timed_count_and_spacing);
  g_test_add_func ("/send-job/timed/stop-midway", test_timed_stop_midway);
  g_test_add_func ("/send-job/timed/stops-with-pane", test_timed_stops_with_pane);
  g_test_add_func ("/send-job/timed/udp-and-all", test_timed_udp_and_all);
  g_test_add_func ("/send-job/timed/partial-sends", test_timed_partial_sends);
  g_test_add_func ("/send-job/timed/setup-verb", test_timed_setup_verb);
  g_test_add_func ("/send-job/file/whole", test_file_whole);
  g_test_add_func ("/send-job/file/chunks", test_file_chunks);
  g_test_add_func ("/send-job/file/over-capture-limit", test_file_over_capture_limit);
  g_test_add_func ("/send-job/file/errors", test_file_errors);
  g_test_add_func ("/send-job/file/stop", test_file_stop);
  g_test_add_func ("/send-job/file/stop-framed", test_file_stop_framed);
  g_test_add_func ("/send-job/file/udp", test_file_udp);

  return g_test_run ();
}
