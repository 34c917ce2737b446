/* test-hostile.c: the engine against peers that misbehave, and endpoints
 * stopped or dropped in every state
 *
 * The peers here are plain GSockets driven by the test, so they can do what
 * no pane would: half-close, vanish mid-frame, flood, lie in a header.
 * G_DEBUG=fatal-warnings (tests/meson.build) turns any warning into a
 * failure; ASan/LSan and tests/valgrind.sh catch leaks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sp-test-util.h"

#include <string.h>
#include <sys/socket.h>

#include "sp-endpoint.h"
#include "sp-text-codec.h"

static void
start_on_loopback (SpEndpoint *server)
{
  sp_endpoint_set_host (server, "127.0.0.1");
  sp_endpoint_set_port (server, 0);
  sp_endpoint_start (server);
  sp_test_wait_until (sp_test_is_running, server, 0, "server running");
}

static SpEndpoint *
start_server (void)
{
  SpEndpoint *server = sp_endpoint_new (SP_ENDPOINT_KIND_TCP_SERVER);

  start_on_loopback (server);
  return server;
}

static GSocket *
connect_peer (SpEndpoint *server)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, sp_endpoint_get_bound_port (server));
  g_autoptr(GSocket) peer = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, 0, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_socket_connect (peer, address, NULL, &error));
  g_assert_no_error (error);
  g_socket_set_blocking (peer, FALSE);

  return g_steal_pointer (&peer);
}

static void
wait_connections (SpEndpoint *endpoint,
                  guint       n)
{
  SpTestCount w = { endpoint, n };

  sp_test_wait_until (sp_test_has_n_connections, &w, 0, "connection count");
}

static SpEvent *
find_event (SpEndpoint   *endpoint,
            SpEventKind   kind,
            SpEventFlags  flags)
{
  GListModel *events = G_LIST_MODEL (sp_endpoint_get_events (endpoint));

  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(SpEvent) event = g_list_model_get_item (events, i);

      if (sp_event_get_kind (event) == kind && (sp_event_get_flags (event) & flags) == flags)
        return sp_test_keep_event (endpoint, event);
    }

  return NULL;
}

typedef struct {
  SpEndpoint   *endpoint;
  SpEventKind   kind;
  SpEventFlags  flags;
} KindWait;

static gboolean
has_event (gpointer data)
{
  KindWait *w = data;

  return find_event (w->endpoint, w->kind, w->flags) != NULL;
}

static SpEvent *
wait_event (SpEndpoint   *endpoint,
            SpEventKind   kind,
            SpEventFlags  flags)
{
  KindWait w = { endpoint, kind, flags };

  sp_test_wait_until (has_event, &w, 0, sp_event_kind_to_string (kind));
  return find_event (endpoint, kind, flags);
}

static GBytes *
pattern (gsize size)
{
  guint8 *data = g_malloc (size);

  for (gsize i = 0; i < size; i++)
    data[i] = (guint8) (i * 7 + i / 251);

  return g_bytes_new_take (data, size);
}

static void
peer_send (GSocket      *peer,
           const guint8 *data,
           gsize         len)
{
  g_assert_cmpint (g_socket_send (peer, (const char *) data, len, NULL, NULL), ==, (gssize) len);
}

/* The peer half-closes (shutdown(SHUT_WR)) while the pane still has bytes
 * going out: the pane shows that the peer closed, its queued and further
 * sends still reach the peer, and only then does it close its side. */
static void
test_peer_half_close (void)
{
  g_autoptr(SpEndpoint) server = start_server ();
  g_autoptr(GSocket) peer = connect_peer (server);
  g_autoptr(SpConnection) connection = NULL;
  g_autoptr(GBytes) big = pattern (8 * 1024 * 1024);
  g_autoptr(GBytes) tail = g_bytes_new_static ("the end", 7);
  g_autoptr(GByteArray) received = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  SpTestDrain drain = { peer, received, 0, FALSE };
  SpEvent *closed;

  wait_connections (server, 1);
  connection = g_list_model_get_item (sp_endpoint_get_connections (server), 0);

  /* More than the kernel buffers hold while the peer does not read. */
  g_assert_true (sp_endpoint_send (server, big, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sp_connection_get_bytes_queued (connection), >, 0);

  g_assert_true (g_socket_shutdown (peer, FALSE, TRUE, NULL));
  closed = wait_event (server, SP_EVENT_KIND_PEER_CLOSED, 0);
  g_assert_cmpuint (sp_event_get_connection_id (closed), ==, sp_connection_get_id (connection));
  g_assert_cmpint (sp_connection_get_state (connection), ==, SP_CONNECTION_STATE_PEER_CLOSED);

  /* The pane keeps sending to a peer that only listens now. */
  g_assert_true (sp_endpoint_send (server, tail, connection, &error));
  g_assert_no_error (error);

  sp_test_wait_until (sp_test_drain_to_eof, &drain, 0, "everything sent, then the pane's FIN");
  g_assert_cmpuint (received->len, ==, g_bytes_get_size (big) + 7);
  g_assert_cmpmem (received->data, g_bytes_get_size (big),
                   g_bytes_get_data (big, NULL), g_bytes_get_size (big));
  g_assert_cmpmem (received->data + g_bytes_get_size (big), 7, "the end", 7);
  g_assert_cmpint (sp_connection_get_state (connection), ==, SP_CONNECTION_STATE_CLOSED);
  g_assert_cmpuint (sp_test_count_kind (server, SP_EVENT_KIND_ERROR), ==, 0);
  g_assert_cmpuint (sp_connection_get_bytes_sent (connection), ==, g_bytes_get_size (big) + 7);
}

static void
use_network_order_framing (SpEndpoint *server,
                           guint       header_size)
{
  SpFramingConfig config;
  g_autoptr(GError) error = NULL;

  sp_framing_config_init (&config);
  sp_framing_config_preset (&config, SP_FRAMING_PRESET_NETWORK_ORDER_I);
  config.header_size = header_size;
  g_assert_true (sp_endpoint_set_framing (server, &config, &error));
  g_assert_no_error (error);
}

/* The peer vanishes in the middle of a frame: the incomplete frame is
 * reported, the connection closes, nothing crashes. */
static void
test_peer_gone_mid_frame (void)
{
  g_autoptr(SpEndpoint) server = start_server ();
  g_autoptr(GSocket) peer = NULL;
  static const guint8 partial[] = { 0, 0, 0, 100, 'o', 'n', 'l', 'y', ' ', 't', 'e', 'n', '.', '.' };
  SpEvent *error;

  use_network_order_framing (server, 4);
  peer = connect_peer (server);
  wait_connections (server, 1);
  peer_send (peer, partial, sizeof partial);
  g_socket_close (peer, NULL);

  error = wait_event (server, SP_EVENT_KIND_ERROR, SP_EVENT_FLAG_FRAMING_ERROR);
  g_test_message ("%s", sp_event_get_message (error));
  wait_connections (server, 0);
  g_assert_nonnull (find_event (server, SP_EVENT_KIND_PEER_CLOSED, 0));
  g_assert_cmpuint (sp_test_count_kind (server, SP_EVENT_KIND_MESSAGE), ==, 0);
  g_assert_cmpint (sp_endpoint_get_state (server), ==, SP_ENDPOINT_STATE_RUNNING);
}

/* A header announcing 4 GiB: refused as too large before any of it is
 * buffered, and the connection is closed cleanly. */
static void
test_header_4gib (gconstpointer data)
{
  guint header_size = GPOINTER_TO_UINT (data);
  g_autoptr(SpEndpoint) server = start_server ();
  g_autoptr(GSocket) peer = NULL;
  g_autoptr(GByteArray) received = g_byte_array_new ();
  SpTestDrain drain = { NULL, received, 0, FALSE };
  /* 4 GiB in 8 bytes; 4 GiB - 1, the most 4 bytes can say. */
  static const guint8 header8[] = { 0, 0, 0, 1, 0, 0, 0, 0 };
  static const guint8 header4[] = { 0xff, 0xff, 0xff, 0xff };
  SpEvent *error;

  use_network_order_framing (server, header_size);
  peer = connect_peer (server);
  drain.socket = peer;
  wait_connections (server, 1);
  if (header_size == 8)
    peer_send (peer, header8, sizeof header8);
  else
    peer_send (peer, header4, sizeof header4);
  peer_send (peer, (const guint8 *) "and a few bytes", 15);

  error = wait_event (server, SP_EVENT_KIND_ERROR, SP_EVENT_FLAG_FRAMING_ERROR);
  g_test_message ("%s", sp_event_get_message (error));
  g_assert_nonnull (strstr (sp_event_get_message (error), header_size == 8 ? "4294967296" : "4294967295"));
  g_assert_nonnull (strstr (sp_event_get_message (error), "exceeds"));
  wait_connections (server, 0);
  g_assert_nonnull (find_event (server, SP_EVENT_KIND_CLOSED, 0));
  /* Closed, not reset: the peer reads a clean end of stream. */
  sp_test_wait_until (sp_test_drain_to_eof, &drain, 0, "end of stream at the peer");
  g_assert_cmpuint (received->len, ==, 0);
  g_assert_cmpint (sp_endpoint_get_state (server), ==, SP_ENDPOINT_STATE_RUNNING);
}

static gboolean
received_n (gpointer data)
{
  SpTestBytes *w = data;
  SpConnection *connection = sp_endpoint_find_connection (w->endpoint, 1);

  return connection != NULL && sp_connection_get_bytes_received (connection) >= w->n;
}

typedef struct {
  GSocket *peer;
  GBytes  *data;
  gsize    offset;
} Flood;

/* Sends as fast as the kernel takes it. */
static gboolean
flood_some (gpointer user_data)
{
  Flood *f = user_data;
  gsize size;
  const char *data = g_bytes_get_data (f->data, &size);
  gssize n;

  while (f->offset < size &&
         (n = g_socket_send (f->peer, data + f->offset, size - f->offset, NULL, NULL)) > 0)
    f->offset += n;

  return f->offset == size;
}

typedef struct {
  guint   n_notifies;
  guint64 last_seen;
} CountWatch;

static void
bytes_received_cb (SpConnection *connection,
                   GParamSpec   *pspec,
                   CountWatch   *watch)
{
  watch->n_notifies++;
  watch->last_seen = sp_connection_get_bytes_received (connection);
}

#define FLOOD_SIZE (4 * 1024 * 1024)
#define FLOOD_TIMEOUT_MS (120 * 1000)

/* A peer that sends faster than the pane reads: while paused the kernel
 * holds the bytes back (the peer blocks, we buffer nothing), then reading
 * continues to the last byte, and what the stream view keeps is capped. */
static void
test_peer_floods (void)
{
  g_autoptr(SpEndpoint) server = sp_endpoint_new (SP_ENDPOINT_KIND_TCP_SERVER);
  g_autoptr(GSocket) peer = NULL;
  g_autoptr(GBytes) data = pattern (FLOOD_SIZE);
  g_autoptr(GBytes) stream = NULL;
  Flood flood = { NULL, data, 0 };
  SpTestBytes all = { server, FLOOD_SIZE };
  CountWatch watch = { 0, 0 };
  SpConnection *connection;

  /* Small kernel buffers on both sides: the flood cannot fit in them. */
  sp_endpoint_set_rcvbuf (server, 64 * 1024);
  start_on_loopback (server);
  peer = connect_peer (server);
  g_assert_true (g_socket_set_option (peer, SOL_SOCKET, SO_SNDBUF, 64 * 1024, NULL));
  flood.peer = peer;

  wait_connections (server, 1);
  connection = sp_endpoint_find_connection (server, 1);
  g_signal_connect (connection, "notify::bytes-received", G_CALLBACK (bytes_received_cb), &watch);
  sp_endpoint_set_paused (server, TRUE);

  for (guint i = 0; i < 20; i++)
    {
      flood_some (&flood);
      sp_test_settle (10);
    }
  g_assert_cmpuint (flood.offset, <, g_bytes_get_size (data));
  g_assert_cmpuint (sp_connection_get_bytes_received (connection), ==, 0);

  sp_endpoint_set_paused (server, FALSE);
  sp_test_wait_until (flood_some, &flood, FLOOD_TIMEOUT_MS, "the flood sent");
  sp_test_wait_until (received_n, &all, FLOOD_TIMEOUT_MS, "the flood read");
  g_assert_cmpuint (sp_connection_get_bytes_received (connection), ==, g_bytes_get_size (data));
  /* A listener hears the final count, once per dispatch rather than per
   * recv(): the kernel held far more than one read when reading resumed. */
  g_assert_cmpuint (watch.last_seen, ==, g_bytes_get_size (data));
  g_test_message ("%u notifications for %u recv() calls", watch.n_notifies,
                  sp_test_count_kind (server, SP_EVENT_KIND_RECEIVED));
  g_assert_cmpuint (watch.n_notifies, >, 0);
  g_assert_cmpuint (watch.n_notifies, <, sp_test_count_kind (server, SP_EVENT_KIND_RECEIVED));
  g_signal_handlers_disconnect_by_data (connection, &watch);

  stream = sp_connection_dup_stream (connection, FALSE);
  g_assert_cmpuint (g_bytes_get_size (stream), ==, SP_CONNECTION_STREAM_CAPTURE);
  g_assert_cmpmem (g_bytes_get_data (stream, NULL), SP_CONNECTION_STREAM_CAPTURE,
                   g_bytes_get_data (data, NULL), SP_CONNECTION_STREAM_CAPTURE);
  g_assert_cmpuint (sp_test_count_kind (server, SP_EVENT_KIND_ERROR), ==, 0);
}

#define ECHO_FLOOD_SIZE (8 * 1024 * 1024)

/* An echo server whose peer sends but never reads: the echo backs up, the
 * server stops reading until it drains (memory stays bounded, the kernel
 * holds the peer back), and once the peer reads, every byte comes back. */
static void
test_echo_peer_never_reads (void)
{
  g_autoptr(SpEndpoint) server = sp_endpoint_new (SP_ENDPOINT_KIND_TCP_SERVER);
  g_autoptr(GSocket) peer = NULL;
  g_autoptr(GBytes) data = pattern (ECHO_FLOOD_SIZE);
  g_autoptr(GByteArray) echoed = g_byte_array_new ();
  Flood flood = { NULL, data, 0 };
  SpConnection *connection;
  gsize most_queued = 0;
  gint64 deadline;

  sp_endpoint_set_echo (server, TRUE);
  sp_endpoint_set_read_size (server, 64 * 1024);
  sp_endpoint_set_rcvbuf (server, 64 * 1024);
  sp_endpoint_set_sndbuf (server, 64 * 1024);
  start_on_loopback (server);
  peer = connect_peer (server);
  g_assert_true (g_socket_set_option (peer, SOL_SOCKET, SO_SNDBUF, 64 * 1024, NULL));
  g_assert_true (g_socket_set_option (peer, SOL_SOCKET, SO_RCVBUF, 64 * 1024, NULL));
  flood.peer = peer;
  wait_connections (server, 1);
  connection = sp_endpoint_find_connection (server, 1);

  for (guint i = 0; i < 100; i++)
    {
      flood_some (&flood);
      sp_test_settle (5);
      most_queued = MAX (most_queued, sp_connection_get_bytes_queued (connection));
    }
  g_test_message ("peer sent %zu bytes, at most %zu queued for the echo", flood.offset, most_queued);
  /* Bounded: the echo queue stops growing near its cap, and the peer is
   * held back by the kernel. */
  g_assert_cmpuint (most_queued, >, 0);
  g_assert_cmpuint (most_queued, <=, 4 * 1024 * 1024 + 64 * 1024);
  g_assert_cmpuint (flood.offset, <, ECHO_FLOOD_SIZE);

  /* The peer reads: the rest of the flood goes through and comes back.
   * (Polled: the peer's socket is not in the main loop.) */
  deadline = g_get_monotonic_time () + FLOOD_TIMEOUT_MS * 1000;
  while (echoed->len < ECHO_FLOOD_SIZE)
    {
      SpTestDrain drain = { peer, echoed, 0, FALSE };
      gsize before = echoed->len;

      flood_some (&flood);
      sp_test_drain_to_eof (&drain);
      g_assert_false (drain.eof);
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out: %u of %u bytes echoed", echoed->len, ECHO_FLOOD_SIZE);
      if (echoed->len == before)
        sp_test_settle (1);
    }
  g_assert_cmpuint (flood.offset, ==, ECHO_FLOOD_SIZE);
  g_assert_cmpmem (echoed->data, echoed->len, g_bytes_get_data (data, NULL), ECHO_FLOOD_SIZE);
  g_assert_cmpuint (sp_test_count_kind (server, SP_EVENT_KIND_ERROR), ==, 0);
}

/* Bytes that are not valid UTF-8 or GBK arrive whole and are shown as
 * escapes, never lost, never a crash. */
static void
test_invalid_text (void)
{
  g_autoptr(SpEndpoint) server = start_server ();
  g_autoptr(GSocket) peer = connect_peer (server);
  /* A stray continuation byte, a cut 3-byte sequence, an overlong NUL, a
   * GBK lead byte with a bad trail, 0xff. */
  static const guint8 bad[] = { 'a', 0x80, 'b', 0xe4, 0xb8, 'c', 0xc0, 0x80, 0x81, 0x20, 0xff };
  static const SpTextEncoding encodings[] = { SP_TEXT_ENCODING_UTF8, SP_TEXT_ENCODING_GBK };
  KindWait w = { server, SP_EVENT_KIND_RECEIVED, 0 };
  GBytes *payload;

  wait_connections (server, 1);
  peer_send (peer, bad, sizeof bad);
  sp_test_wait_until (has_event, &w, 0, "received");
  payload = sp_event_get_payload (sp_test_last_of_kind (server, SP_EVENT_KIND_RECEIVED));
  g_assert_cmpmem (g_bytes_get_data (payload, NULL), g_bytes_get_size (payload), bad, sizeof bad);

  for (guint i = 0; i < G_N_ELEMENTS (encodings); i++)
    {
      g_autofree char *shown = sp_text_decode_for_display (bad, sizeof bad, encodings[i], TRUE, G_MAXSIZE);

      g_test_message ("%s: %s", sp_text_encoding_label (encodings[i]), shown);
      g_assert_true (g_utf8_validate (shown, -1, NULL));
      g_assert_nonnull (strstr (shown, "\\xff"));
      g_assert_true (shown[0] == 'a');
    }
  {
    g_autofree char *utf8 = sp_text_decode_for_display (bad, sizeof bad, SP_TEXT_ENCODING_UTF8, TRUE, G_MAXSIZE);

    g_assert_nonnull (strstr (utf8, "\\x80"));
    g_assert_nonnull (strstr (utf8, "\\xe4\\xb8"));
  }
}

/* A client that connects and says nothing does not keep Stop waiting. */
static void
test_silent_client_then_stop (void)
{
  g_autoptr(SpEndpoint) server = start_server ();
  g_autoptr(GSocket) peer = connect_peer (server);
  g_autoptr(GByteArray) received = g_byte_array_new ();
  SpTestDrain drain = { peer, received, 0, FALSE };

  wait_connections (server, 1);
  sp_test_settle (100);
  sp_endpoint_stop (server);
  g_assert_cmpint (sp_endpoint_get_state (server), ==, SP_ENDPOINT_STATE_STOPPED);
  g_assert_cmpuint (g_list_model_get_n_items (sp_endpoint_get_connections (server)), ==, 0);
  sp_test_wait_until (sp_test_drain_to_eof, &drain, 0, "the silent client sees the close");
}

#define N_PEERS 100

/* Stop with 100 clients connected: every connection is closed and, once
 * the endpoint goes, finalized. */
static void
test_stop_with_100_clients (void)
{
  SpEndpoint *server = start_server ();
  GSocket *peers[N_PEERS];
  SpConnection *connections[N_PEERS];
  GListModel *model = sp_endpoint_get_connections (server);

  for (guint i = 0; i < N_PEERS; i++)
    peers[i] = connect_peer (server);
  wait_connections (server, N_PEERS);
  for (guint i = 0; i < N_PEERS; i++)
    {
      connections[i] = g_list_model_get_item (model, i);
      g_object_add_weak_pointer (G_OBJECT (connections[i]), (gpointer *) &connections[i]);
      g_object_unref (connections[i]);
    }

  sp_endpoint_stop (server);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_cmpuint (sp_test_count_kind (server, SP_EVENT_KIND_CLOSED), ==, N_PEERS + 1);

  for (guint i = 0; i < N_PEERS; i++)
    {
      g_autoptr(GByteArray) received = g_byte_array_new ();
      SpTestDrain drain = { peers[i], received, 0, FALSE };

      g_assert_nonnull (connections[i]);
      g_assert_cmpint (sp_connection_get_state (connections[i]), ==, SP_CONNECTION_STATE_CLOSED);
      sp_test_wait_until (sp_test_drain_to_eof, &drain, 0, "each client sees the close");
      g_object_unref (peers[i]);
    }

  g_object_unref (server);
  for (guint i = 0; i < N_PEERS; i++)
    g_assert_null (connections[i]);
}

/* Stop and Start 50 times in a row, with a client each time. */
static void
test_stop_start_50 (void)
{
  g_autoptr(SpEndpoint) server = start_server ();
  g_autoptr(SpEndpoint) client = sp_endpoint_new (SP_ENDPOINT_KIND_TCP_CLIENT);

  sp_endpoint_set_host (client, "127.0.0.1");
  sp_endpoint_set_reuse_address (server, TRUE);

  for (guint i = 0; i < 50; i++)
    {
      g_autoptr(GBytes) hello = g_bytes_new_static ("hi", 2);

      sp_endpoint_set_port (client, sp_endpoint_get_bound_port (server));
      sp_endpoint_start (client);
      sp_test_wait_until (sp_test_is_running, client, 0, "client connected");
      g_assert_true (sp_endpoint_send (client, hello, NULL, NULL));
      wait_connections (server, 1);

      sp_endpoint_stop (server);
      sp_test_wait_until (sp_test_is_stopped, client, 0, "client stopped with the server");
      g_assert_cmpuint (g_list_model_get_n_items (sp_endpoint_get_connections (server)), ==, 0);
      sp_endpoint_start (server);
      sp_test_wait_until (sp_test_is_running, server, 0, "server running again");
    }

  g_assert_cmpuint (sp_test_count_kind (server, SP_EVENT_KIND_LISTENING), ==, 51);
  g_assert_cmpuint (sp_test_count_kind (server, SP_EVENT_KIND_ERROR), ==, 0);
}

static gboolean
is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* Starts an endpoint and drops the last reference at once, while it is
 * still starting (connecting or resolving). */
static void
drop_while_starting (SpEndpointKind  kind,
                     const char     *host,
                     guint           port,
                     const char     *what)
{
  SpEndpoint *endpoint = sp_endpoint_new (kind);

  g_object_add_weak_pointer (G_OBJECT (endpoint), (gpointer *) &endpoint);
  sp_endpoint_set_host (endpoint, host);
  sp_endpoint_set_port (endpoint, port);
  sp_endpoint_start (endpoint);
  g_assert_cmpint (sp_endpoint_get_state (endpoint), ==, SP_ENDPOINT_STATE_STARTING);
  g_object_unref (endpoint);
  sp_test_wait_until (is_null, &endpoint, 0, what);
  sp_test_settle (50);
}

/* The last reference dropped in each state: the endpoint and its
 * connections go without a warning, a leak, or a late callback. */
static void
test_finalize_in_every_state (void)
{
  g_autoptr(SpEndpoint) server = start_server ();
  SpEndpoint *endpoint;
  SpConnection *connection;

  /* Connecting: the async connect still runs. */
  drop_while_starting (SP_ENDPOINT_KIND_TCP_CLIENT, "127.0.0.1", sp_endpoint_get_bound_port (server),
                       "client finalized while connecting");
  /* Resolving a name. */
  drop_while_starting (SP_ENDPOINT_KIND_TCP_SERVER, "localhost", 0, "server finalized while resolving");

  /* Listening, with a connection. */
  endpoint = sp_endpoint_new (SP_ENDPOINT_KIND_TCP_SERVER);
  g_object_add_weak_pointer (G_OBJECT (endpoint), (gpointer *) &endpoint);
  start_on_loopback (endpoint);
  {
    g_autoptr(GSocket) peer = connect_peer (endpoint);

    wait_connections (endpoint, 1);
    g_object_unref (endpoint);
    sp_test_wait_until (is_null, &endpoint, 0, "listening server finalized");
  }

  /* Mid-send: megabytes queued for a peer that does not read. */
  endpoint = sp_endpoint_new (SP_ENDPOINT_KIND_TCP_CLIENT);
  g_object_add_weak_pointer (G_OBJECT (endpoint), (gpointer *) &endpoint);
  sp_endpoint_set_host (endpoint, "127.0.0.1");
  sp_endpoint_set_port (endpoint, sp_endpoint_get_bound_port (server));
  sp_endpoint_start (endpoint);
  sp_test_wait_until (sp_test_is_running, endpoint, 0, "client connected");
  {
    g_autoptr(GBytes) big = pattern (8 * 1024 * 1024);

    g_assert_true (sp_endpoint_send (endpoint, big, NULL, NULL));
  }
  connection = g_list_model_get_item (sp_endpoint_get_connections (endpoint), 0);
  g_object_add_weak_pointer (G_OBJECT (connection), (gpointer *) &connection);
  g_assert_cmpuint (sp_connection_get_bytes_queued (connection), >, 0);
  g_object_unref (connection);
  g_object_unref (endpoint);
  sp_test_wait_until (is_null, &endpoint, 0, "client finalized mid-send");
  sp_test_wait_until (is_null, &connection, 0, "its connection finalized");

  /* UDP, bound and with a peer. */
  endpoint = sp_endpoint_new (SP_ENDPOINT_KIND_UDP_SERVER);
  g_object_add_weak_pointer (G_OBJECT (endpoint), (gpointer *) &endpoint);
  sp_endpoint_set_echo (endpoint, TRUE);
  start_on_loopback (endpoint);
  {
    g_autoptr(GSocket) peer = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM, 0, NULL);
    g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
    g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, sp_endpoint_get_bound_port (endpoint));

    g_assert_cmpint (g_socket_send_to (peer, address, "x", 1, NULL, NULL), ==, 1);
    wait_connections (endpoint, 1);
    g_object_unref (endpoint);
    sp_test_wait_until (is_null, &endpoint, 0, "UDP server finalized");
  }

  sp_test_settle (100);
  g_assert_cmpuint (sp_test_count_kind (server, SP_EVENT_KIND_ERROR), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hostile/peer-half-close", test_peer_half_close);
  g_test_add_func ("/hostile/peer-gone-mid-frame", test_peer_gone_mid_frame);
  g_test_add_data_func ("/hostile/header-4gib/4-byte", GUINT_TO_POINTER (4), test_header_4gib);
  g_test_add_data_func ("/hostile/header-4gib/8-byte", GUINT_TO_POINTER (8), test_header_4gib);
  g_test_add_func ("/hostile/peer-floods", test_peer_floods);
  g_test_add_func ("/hostile/echo-peer-never-reads", test_echo_peer_never_reads);
  g_test_add_func ("/hostile/invalid-text", test_invalid_text);
  g_test_add_func ("/hostile/silent-client-then-stop", test_silent_client_then_stop);
  g_test_add_func ("/hostile/stop-with-100-clients", test_stop_with_100_clients);
  g_test_add_func ("/hostile/stop-start-50", test_stop_start_50);
  g_test_add_func ("/hostile/finalize-in-every-state", test_finalize_in_every_state);

  return g_test_run ();
}
