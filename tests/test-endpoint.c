/* test-endpoint.c: the socket engine on real loopback sockets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sp-test-util.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include "sp-endpoint.h"
#include "sp-system.h"




/* All bytes of @kind events on connection @id (0: any) concatenated. */
static GByteArray *
collect (SpEndpoint  *endpoint,
         SpEventKind  kind,
         guint        id,
         guint       *n_events)
{
  GListModel *events = G_LIST_MODEL (sp_endpoint_get_events (endpoint));
  GByteArray *out = g_byte_array_new ();
  guint count = 0;

  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(SpEvent) event = g_list_model_get_item (events, i);
      GBytes *payload;

      if (sp_event_get_kind (event) != kind)
        continue;
      if (id != 0 && sp_event_get_connection_id (event) != id)
        continue;

      count++;
      payload = sp_event_get_payload (event);
      if (payload != NULL)
        g_byte_array_append (out, g_bytes_get_data (payload, NULL), g_bytes_get_size (payload));
    }

  if (n_events)
    *n_events = count;

  return out;
}

typedef struct {
  SpEndpoint *endpoint;
  guint       id;
  gsize       n_bytes;
} BytesWait;

static gboolean
received_at_least (gpointer data)
{
  BytesWait *w = data;
  g_autoptr(GByteArray) got = collect (w->endpoint, SP_EVENT_KIND_RECEIVED, w->id, NULL);

  return got->len >= w->n_bytes;
}

static void
assert_received (SpEndpoint *endpoint,
                 guint       id,
                 const char *expected)
{
  BytesWait w = { endpoint, id, strlen (expected) };
  g_autoptr(GByteArray) got = NULL;

  sp_test_wait_until (received_at_least, &w, 0, expected);
  got = collect (endpoint, SP_EVENT_KIND_RECEIVED, id, NULL);
  g_assert_cmpmem (got->data, got->len, expected, strlen (expected));
}

static SpEvent *
find_event (SpEndpoint  *endpoint,
            SpEventKind  kind)
{
  GListModel *events = G_LIST_MODEL (sp_endpoint_get_events (endpoint));

  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(SpEvent) event = g_list_model_get_item (events, i);

      if (sp_event_get_kind (event) == kind)
        return sp_test_keep_event (endpoint, event);
    }

  return NULL;
}

typedef struct {
  SpEndpoint  *endpoint;
  SpEventKind  kind;
} KindWait;

static gboolean
has_event (gpointer data)
{
  KindWait *w = data;

  return find_event (w->endpoint, w->kind) != NULL;
}

static SpEvent *
wait_event (SpEndpoint  *endpoint,
            SpEventKind  kind)
{
  KindWait w = { endpoint, kind };

  sp_test_wait_until (has_event, &w, 0, sp_event_kind_to_string (kind));
  return find_event (endpoint, kind);
}

static SpEndpoint *
start_server (SpEndpointKind  kind,
              const char     *host)
{
  SpEndpoint *server = sp_endpoint_new (kind);

  sp_endpoint_set_host (server, host);
  sp_endpoint_set_port (server, 0);
  sp_endpoint_start (server);
  sp_test_wait_until (sp_test_is_running, server, 0, "server running");
  g_assert_cmpuint (sp_endpoint_get_bound_port (server), >, 0);

  return server;
}

static SpEndpoint *
start_client (SpEndpointKind  kind,
              const char     *host,
              guint           port)
{
  return sp_test_start_endpoint (kind, host, port);
}

static void
send_text (SpEndpoint   *endpoint,
           SpConnection *target,
           const char   *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(GError) error = NULL;

  g_assert_true (sp_endpoint_send (endpoint, bytes, target, &error));
  g_assert_no_error (error);
}

/* The listen queue the kernel granted the listener bound to @port: for a
 * listening socket, TCP_INFO's tcpi_sacked is its backlog. Found among this
 * process's descriptors; 0 if none. */
static guint
kernel_backlog (guint port)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      int fd = atoi (name), listening = 0;
      struct sockaddr_in6 address;
      socklen_t len = sizeof address, int_len = sizeof listening, info_len;
      struct tcp_info info;

      if (getsockopt (fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &int_len) != 0 || !listening ||
          getsockname (fd, (struct sockaddr *) &address, &len) != 0 ||
          ntohs (address.sin6_port) != port)   /* sin_port sits at the same place */
        continue;

      info_len = sizeof info;
      if (getsockopt (fd, IPPROTO_TCP, TCP_INFO, &info, &info_len) == 0)
        return info.tcpi_sacked;
    }

  return 0;
}

/* A class's clients arrive all at once: the listen queue holds thousands
 * (what net.core.somaxconn allows), not 128, and the trace says so. */
static void
test_tcp_listen_backlog (void)
{
  g_autoptr(SpEndpoint) server = start_server (SP_ENDPOINT_KIND_TCP_SERVER, "127.0.0.1");
  g_autofree char *somaxconn = NULL;
  g_autofree char *traced = g_strdup_printf ("listen(%u)", sp_listen_backlog ());
  GListModel *calls = G_LIST_MODEL (sp_endpoint_get_calls (server));
  gboolean found = FALSE;
  guint wanted = SP_LISTEN_BACKLOG_WANTED;

  if (g_file_get_contents ("/proc/sys/net/core/somaxconn", &somaxconn, NULL, NULL))
    wanted = MIN (wanted, (guint) g_ascii_strtoull (somaxconn, NULL, 10));
  g_assert_cmpuint (wanted, >, 128);
  g_assert_cmpuint (sp_listen_backlog (), ==, wanted);
  g_assert_cmpuint (kernel_backlog (sp_endpoint_get_bound_port (server)), ==, wanted);

  for (guint i = 0; i < g_list_model_get_n_items (calls); i++)
    {
      g_autoptr(SpEvent) call = g_list_model_get_item (calls, i);

      found = found || g_strcmp0 (sp_event_get_message (call), traced) == 0;
    }
  g_assert_true (found);
}

static void
test_tcp_three_clients (void)
{
  g_autoptr(SpEndpoint) server = start_server (SP_ENDPOINT_KIND_TCP_SERVER, "127.0.0.1");
  SpEndpoint *clients[3];
  SpTestCount three = { server, 3 };
  guint port = sp_endpoint_get_bound_port (server);

  g_assert_nonnull (find_event (server, SP_EVENT_KIND_LISTENING));

  for (guint i = 0; i < 3; i++)
    {
      clients[i] = start_client (SP_ENDPOINT_KIND_TCP_CLIENT, "127.0.0.1", port);
      g_assert_nonnull (find_event (clients[i], SP_EVENT_KIND_CONNECTED));
      /* Both ends of the 5-tuple are known. */
      g_assert_nonnull (sp_endpoint_get_local_address (clients[i]));
      g_assert_cmpstr (sp_endpoint_get_remote_address (clients[i]), ==,
                       sp_endpoint_get_local_address (server));
    }

  sp_test_wait_until (sp_test_has_connections, &three, 0, "3 accepted");

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *text = g_strdup_printf ("hello from client %u", i);
      SpConnection *client_conn;
      guint id;

      /* Find the server-side connection whose remote end is this client. */
      id = 0;
      for (guint j = 0; j < 3; j++)
        {
          g_autoptr(SpConnection) c = g_list_model_get_item (sp_endpoint_get_connections (server), j);

          if (g_strcmp0 (sp_connection_get_remote_address (c), sp_endpoint_get_local_address (clients[i])) == 0)
            id = sp_connection_get_id (c);
        }
      g_assert_cmpuint (id, !=, 0);

      send_text (clients[i], NULL, text);
      assert_received (server, id, text);

      client_conn = g_list_model_get_item (sp_endpoint_get_connections (clients[i]), 0);
      g_assert_cmpuint (sp_connection_get_bytes_sent (client_conn), ==, strlen (text));
      g_object_unref (client_conn);
    }

  /* To all ... */
  send_text (server, NULL, "to all");
  for (guint i = 0; i < 3; i++)
    assert_received (clients[i], 0, "to all");

  /* ... and to one. */
  {
    g_autoptr(SpConnection) first = g_list_model_get_item (sp_endpoint_get_connections (server), 0);
    SpEndpoint *target = NULL;

    for (guint i = 0; i < 3; i++)
      if (g_strcmp0 (sp_connection_get_remote_address (first), sp_endpoint_get_local_address (clients[i])) == 0)
        target = clients[i];
    g_assert_nonnull (target);

    send_text (server, first, "just you");
    assert_received (target, 0, "to alljust you");

    /* Let any stray bytes arrive, then check the others got nothing more. */
    for (guint k = 0; k < 50; k++)
      g_main_context_iteration (NULL, FALSE);
    for (guint i = 0; i < 3; i++)
      if (clients[i] != target)
        {
          g_autoptr(GByteArray) got = collect (clients[i], SP_EVENT_KIND_RECEIVED, 0, NULL);
          g_assert_cmpmem (got->data, got->len, "to all", 6);
        }
  }

  /* Peer close is recv() returning 0 on the other side. */
  sp_endpoint_stop (clients[0]);
  g_assert_nonnull (find_event (clients[0], SP_EVENT_KIND_CLOSED));
  {
    SpEvent *closed = wait_event (server, SP_EVENT_KIND_PEER_CLOSED);

    g_assert_cmpuint (sp_event_get_n_bytes (closed), ==, 0);
  }

  sp_endpoint_stop (server);
  for (guint i = 0; i < 3; i++)
    {
      if (i > 0)
        wait_event (clients[i], SP_EVENT_KIND_PEER_CLOSED);
      sp_test_wait_until (sp_test_is_stopped, clients[i], 0, "client stopped after server closed");
      g_object_unref (clients[i]);
    }
  g_assert_cmpuint (g_list_model_get_n_items (sp_endpoint_get_connections (server)), ==, 0);
}

static void
test_tcp_ipv6 (void)
{
  g_autoptr(SpEndpoint) server = start_server (SP_ENDPOINT_KIND_TCP_SERVER, "::1");
  g_autoptr(SpEndpoint) client = NULL;
  SpTestCount one = { NULL, 1 };
  g_autoptr(SpConnection) accepted = NULL;
  g_autofree char *expected_local = g_strdup_printf ("[::1]:%u", sp_endpoint_get_bound_port (server));

  g_assert_cmpstr (sp_endpoint_get_local_address (server), ==, expected_local);

  client = start_client (SP_ENDPOINT_KIND_TCP_CLIENT, "::1", sp_endpoint_get_bound_port (server));
  g_assert_true (g_str_has_prefix (sp_endpoint_get_local_address (client), "[::1]:"));

  one.endpoint = server;
  sp_test_wait_until (sp_test_has_connections, &one, 0, "accepted");
  accepted = g_list_model_get_item (sp_endpoint_get_connections (server), 0);

  send_text (client, NULL, "\xe8\xbf\x9e\xe6\x8e\xa5\xe6\x88\x90\xe5\x8a\x9f");
  assert_received (server, 0, "\xe8\xbf\x9e\xe6\x8e\xa5\xe6\x88\x90\xe5\x8a\x9f");
  send_text (server, accepted, "back");
  assert_received (client, 0, "back");
}

static void
test_udp_both_ways (gconstpointer data)
{
  gboolean use_connect = GPOINTER_TO_INT (data);
  g_autoptr(SpEndpoint) server = start_server (SP_ENDPOINT_KIND_UDP_SERVER, "127.0.0.1");
  g_autoptr(SpEndpoint) client = sp_endpoint_new (SP_ENDPOINT_KIND_UDP_CLIENT);
  g_autoptr(SpConnection) peer = NULL;
  SpTestCount one = { NULL, 1 };
  g_autofree char *client_seen = NULL;
  SpEvent *received;

  sp_endpoint_set_port (client, sp_endpoint_get_bound_port (server));
  sp_endpoint_set_udp_connect (client, use_connect);
  sp_endpoint_start (client);
  sp_test_wait_until (sp_test_is_running, client, 0, "udp client");

  /* Unconnected, the client is bound to the wildcard address; the server
   * sees the loopback address the datagram came from. */
  client_seen = g_strdup_printf ("127.0.0.1:%u", sp_endpoint_get_bound_port (client));
  if (!use_connect)
    g_assert_true (g_str_has_prefix (sp_endpoint_get_local_address (client), "0.0.0.0:"));
  else
    g_assert_cmpstr (sp_endpoint_get_local_address (client), ==, client_seen);

  send_text (client, NULL, "Hi Server");
  assert_received (server, 0, "Hi Server");

  /* recvfrom() tells the server who sent it. */
  received = find_event (server, SP_EVENT_KIND_RECEIVED);
  g_assert_cmpstr (sp_event_get_peer (received), ==, client_seen);
  {
    g_autofree char *line = g_strdup_printf ("sk.recvfrom(1024) → (b'Hi Server', ('127.0.0.1', %u))",
                                             sp_endpoint_get_bound_port (client));

    g_assert_cmpstr (sp_test_find_call (server, "sk.recvfrom("), ==, line);
  }

  one.endpoint = server;
  sp_test_wait_until (sp_test_has_connections, &one, 0, "peer known");
  peer = g_list_model_get_item (sp_endpoint_get_connections (server), 0);
  g_assert_cmpstr (sp_connection_get_remote_address (peer), ==, client_seen);

  send_text (server, peer, "Hi");
  assert_received (client, 0, "Hi");
  received = find_event (client, SP_EVENT_KIND_RECEIVED);
  g_assert_cmpstr (sp_event_get_peer (received), ==, sp_endpoint_get_local_address (server));

  /* Datagram boundaries are kept: two sends, two receives. */
  send_text (client, NULL, "one");
  send_text (client, NULL, "two");
  {
    BytesWait w = { server, 0, strlen ("Hi Serveronetwo") };
    guint n_events = 0;
    g_autoptr(GByteArray) got = NULL;

    sp_test_wait_until (received_at_least, &w, 0, "two datagrams");
    got = collect (server, SP_EVENT_KIND_RECEIVED, 0, &n_events);
    g_assert_cmpuint (n_events, ==, 3);
  }
}

static void
test_udp_truncated (void)
{
  g_autoptr(SpEndpoint) server = start_server (SP_ENDPOINT_KIND_UDP_SERVER, "127.0.0.1");
  g_autoptr(SpEndpoint) client = start_client (SP_ENDPOINT_KIND_UDP_CLIENT, "127.0.0.1",
                                               sp_endpoint_get_bound_port (server));
  SpEvent *received;

  sp_endpoint_set_read_size (server, 4);
  send_text (client, NULL, "0123456789");
  received = wait_event (server, SP_EVENT_KIND_RECEIVED);
  g_assert_cmpuint (sp_event_get_n_bytes (received), ==, 4);
  g_assert_true (sp_event_get_truncated (received));
  g_assert_true (g_str_has_suffix (sp_test_find_call (server, "sk.recvfrom(4) → (b'0123', "), ")) MSG_TRUNC"));
}

static void
assert_start_fails (SpEndpoint *endpoint,
                    int         errnum,
                    const char *fragment)
{
  SpEvent *error;

  sp_endpoint_start (endpoint);
  sp_test_wait_until (sp_test_is_stopped, endpoint, 0, "start to fail");
  error = find_event (endpoint, SP_EVENT_KIND_ERROR);
  g_assert_nonnull (error);
  g_assert_cmpint (sp_event_get_errnum (error), ==, errnum);
  g_assert_nonnull (sp_endpoint_get_error_message (endpoint));
  g_assert_nonnull (strstr (sp_endpoint_get_error_message (endpoint), fragment));
}

static void
test_error_address_in_use (gconstpointer data)
{
  SpEndpointKind kind = GPOINTER_TO_INT (data);
  GSocketType type = kind == SP_ENDPOINT_KIND_TCP_SERVER ? G_SOCKET_TYPE_STREAM : G_SOCKET_TYPE_DATAGRAM;
  g_autoptr(GSocket) holder = g_socket_new (G_SOCKET_FAMILY_IPV4, type, 0, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(SpEndpoint) server = sp_endpoint_new (kind);

  g_assert_true (g_socket_bind (holder, address, FALSE, NULL));
  if (type == G_SOCKET_TYPE_STREAM)
    g_assert_true (g_socket_listen (holder, NULL));
  bound = g_socket_get_local_address (holder, NULL);

  sp_endpoint_set_port (server, g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  assert_start_fails (server, EADDRINUSE, "EADDRINUSE");

  /* The pane can try again once the port is free. */
  g_socket_close (holder, NULL);
  sp_endpoint_start (server);
  sp_test_wait_until (sp_test_is_running, server, 0, "server after port freed");
  g_assert_null (sp_endpoint_get_error_message (server));
}

/* The app quits while its server's connection is in TIME_WAIT (the server
 * closed first) and starts again on the same port: a new server pane binds
 * at once, SO_REUSEADDR being on by default. Without it, EADDRINUSE — as
 * lesson 11 shows. */
static void
test_restart_after_time_wait (void)
{
  SpEndpoint *server = start_server (SP_ENDPOINT_KIND_TCP_SERVER, "127.0.0.1");
  guint port = sp_endpoint_get_bound_port (server);
  g_autoptr(SpEndpoint) client = start_client (SP_ENDPOINT_KIND_TCP_CLIENT, "127.0.0.1", port);
  g_autoptr(SpEndpoint) without_reuse = sp_endpoint_new (SP_ENDPOINT_KIND_TCP_SERVER);
  g_autoptr(SpEndpoint) restarted = sp_endpoint_new (SP_ENDPOINT_KIND_TCP_SERVER);
  g_autoptr(SpConnection) accepted = NULL;
  SpTestCount one = { server, 1 };

  g_assert_true (sp_endpoint_get_reuse_address (restarted));
  sp_test_wait_until (sp_test_has_connections, &one, 0, "accepted");
  accepted = g_list_model_get_item (sp_endpoint_get_connections (server), 0);
  sp_endpoint_close_connection (server, accepted);
  sp_test_wait_until (sp_test_is_stopped, client, 0, "the client sees the server close first");
  /* Quit: the server pane and its socket are gone, the closed connection
   * lingers in the kernel. */
  sp_endpoint_stop (server);
  g_object_unref (server);

  sp_endpoint_set_reuse_address (without_reuse, FALSE);
  sp_endpoint_set_port (without_reuse, port);
  assert_start_fails (without_reuse, EADDRINUSE, "EADDRINUSE");

  sp_endpoint_set_port (restarted, port);
  sp_endpoint_start (restarted);
  sp_test_wait_until (sp_test_is_running, restarted, 0, "the restarted server");
  g_assert_cmpuint (sp_endpoint_get_bound_port (restarted), ==, port);
  g_assert_null (sp_endpoint_get_error_message (restarted));
}

static void
test_error_refused (void)
{
  /* A bound but not listening socket holds the port: connects are refused. */
  g_autoptr(GSocket) holder = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, 0, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(SpEndpoint) client = sp_endpoint_new (SP_ENDPOINT_KIND_TCP_CLIENT);

  g_assert_true (g_socket_bind (holder, address, FALSE, NULL));
  bound = g_socket_get_local_address (holder, NULL);

  sp_endpoint_set_port (client, g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  assert_start_fails (client, ECONNREFUSED, "ECONNREFUSED");
}

static void
test_error_bad_host (void)
{
  g_autoptr(SpEndpoint) client = sp_endpoint_new (SP_ENDPOINT_KIND_TCP_CLIENT);
  g_autoptr(SpEndpoint) server = sp_endpoint_new (SP_ENDPOINT_KIND_TCP_SERVER);
  SpEvent *error;

  /* Rejected before any socket exists. */
  sp_endpoint_set_host (server, "999.1.1.1");
  sp_endpoint_start (server);
  g_assert_cmpint (sp_endpoint_get_state (server), ==, SP_ENDPOINT_STATE_STOPPED);
  g_assert_nonnull (strstr (sp_endpoint_get_error_message (server), "999.1.1.1"));

  /* A well-formed name that does not resolve (.invalid never does, RFC 6761). */
  sp_endpoint_set_host (client, "no-such-host.invalid");
  sp_endpoint_start (client);
  sp_test_wait_until (sp_test_is_stopped, client, 0, "resolution to fail");
  error = find_event (client, SP_EVENT_KIND_ERROR);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (sp_endpoint_get_error_message (client), "no-such-host.invalid"));

  /* Clients need a real port. */
  sp_endpoint_set_host (client, "127.0.0.1");
  sp_endpoint_set_port (client, 0);
  sp_endpoint_start (client);
  g_assert_cmpint (sp_endpoint_get_state (client), ==, SP_ENDPOINT_STATE_STOPPED);
  g_assert_nonnull (strstr (sp_endpoint_get_error_message (client), "0"));
}

static void
test_error_privileged_port (void)
{
  /* Root may bind anything: check as an ordinary user, in a child. */
  if (g_test_subprocess ())
    {
      g_autoptr(SpEndpoint) server = sp_endpoint_new (SP_ENDPOINT_KIND_TCP_SERVER);

      if (geteuid () == 0 && (setgid (65534) != 0 || setuid (65534) != 0))
        g_error ("could not drop privileges");

      sp_endpoint_set_port (server, 1);
      assert_start_fails (server, EACCES, "EACCES");
      return;
    }

  g_test_trap_subprocess (NULL, 20 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static void
count_changes_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *changes)
{
  (*changes)++;
}

/* Many clients leave at once: every connection closes and the list
 * empties, in far fewer changes than connections (a run of neighbours
 * leaves in one). */
static void
test_tcp_mass_leave (void)
{
  enum { N = 200 };
  g_autoptr(SpEndpoint) server = start_server (SP_ENDPOINT_KIND_TCP_SERVER, "127.0.0.1");
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, sp_endpoint_get_bound_port (server));
  g_autoptr(GPtrArray) peers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) all = NULL;
  SpTestCount count = { server, N };
  guint changes = 0;

  for (guint i = 0; i < N; i++)
    {
      GSocket *peer = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, 0, NULL);

      g_assert_true (g_socket_connect (peer, address, NULL, NULL));
      g_ptr_array_add (peers, peer);
    }
  sp_test_wait_until (sp_test_has_n_connections, &count, 0, "every client accepted");

  g_signal_connect (sp_endpoint_get_connections (server), "items-changed",
                    G_CALLBACK (count_changes_cb), &changes);
  for (guint i = 0; i < N; i++)
    g_socket_close (g_ptr_array_index (peers, i), NULL);

  count.n = 0;
  sp_test_wait_until (sp_test_has_n_connections, &count, 0, "every client gone from the list");
  g_signal_handlers_disconnect_by_func (sp_endpoint_get_connections (server), count_changes_cb, &changes);
  g_test_message ("%u clients left in %u list changes", N, changes);
  g_assert_cmpuint (changes, <, N / 2);

  all = sp_endpoint_dup_all_connections (server);
  g_assert_cmpuint (all->len, ==, N);
  for (guint i = 0; i < all->len; i++)
    g_assert_cmpint (sp_connection_get_state (g_ptr_array_index (all, i)), ==, SP_CONNECTION_STATE_CLOSED);
  g_assert_cmpuint (sp_test_count_kind (server, SP_EVENT_KIND_CLOSED), ==, N);
  g_assert_cmpint (sp_endpoint_get_state (server), ==, SP_ENDPOINT_STATE_RUNNING);
}

/* The peer aborts with RST (SO_LINGER 0): recv() fails with ECONNRESET and
 * the pane says so, then closes its side. */
static void
test_error_reset (void)
{
  g_autoptr(SpEndpoint) server = start_server (SP_ENDPOINT_KIND_TCP_SERVER, "127.0.0.1");
  g_autoptr(GSocket) peer = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, 0, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, sp_endpoint_get_bound_port (server));
  SpTestCount one = { server, 1 };
  struct linger linger = { 1, 0 };
  SpEvent *error;

  g_assert_true (g_socket_connect (peer, address, NULL, NULL));
  sp_test_wait_until (sp_test_has_connections, &one, 0, "accepted");
  g_assert_cmpint (setsockopt (g_socket_get_fd (peer), SOL_SOCKET, SO_LINGER, &linger, sizeof linger), ==, 0);
  g_socket_close (peer, NULL);

  error = wait_event (server, SP_EVENT_KIND_ERROR);
  g_assert_cmpint (sp_event_get_errnum (error), ==, ECONNRESET);
  g_assert_nonnull (strstr (sp_event_get_message (error), "ECONNRESET"));
  wait_event (server, SP_EVENT_KIND_CLOSED);
  /* Closed connections leave the list together, in the next iteration. */
  one.n = 0;
  sp_test_wait_until (sp_test_has_n_connections, &one, 0, "the connection gone from the list");
  /* The server itself keeps listening. */
  g_assert_cmpint (sp_endpoint_get_state (server), ==, SP_ENDPOINT_STATE_RUNNING);
}

static gboolean
has_partial_send (gpointer data)
{
  SpEventLog *log = sp_endpoint_get_events (data);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (log));

  for (guint i = 0; i < n; i++)
    if (sp_event_record_is_partial (sp_event_log_peek (log, i)))
      return TRUE;
  return FALSE;
}

/* A peer that never reads: the kernel takes part of a large send, the rest
 * follows as the peer drains, and every send() call is one event. sendall()
 * asks for the rest a piece at a time, and says the message goes on. */
static void
test_tcp_partial_send (void)
{
  g_autoptr(GSocket) listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, 0, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GSocket) peer = NULL;
  g_autoptr(SpEndpoint) client = NULL;
  g_autoptr(GByteArray) sent = NULL;
  g_autoptr(GByteArray) received = g_byte_array_new ();
  g_autoptr(GBytes) message = NULL;
  const gsize size = 8 * 1024 * 1024;
  guint8 *data = g_malloc (size);
  SpEvent *first;
  guint n_sent = 0;
  SpTestDrain drain;

  for (gsize i = 0; i < size; i++)
    data[i] = (guint8)(i * 7 + (i >> 11));
  message = g_bytes_new_take (data, size);

  g_assert_true (g_socket_bind (listener, address, FALSE, NULL));
  g_assert_true (g_socket_listen (listener, NULL));
  bound = g_socket_get_local_address (listener, NULL);

  /* A small send buffer, as lesson 10 sets: a piece does not fit. */
  client = sp_endpoint_new (SP_ENDPOINT_KIND_TCP_CLIENT);
  sp_endpoint_set_host (client, "127.0.0.1");
  sp_endpoint_set_port (client, g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  sp_endpoint_set_sndbuf (client, 65536);
  sp_endpoint_start (client);
  sp_test_wait_until (sp_test_is_running, client, 0, "connected");
  peer = g_socket_accept (listener, NULL, NULL);
  g_assert_nonnull (peer);

  g_assert_true (sp_endpoint_send (client, message, NULL, NULL));

  first = find_event (client, SP_EVENT_KIND_SENT);
  g_assert_nonnull (first);
  g_assert_cmpuint (sp_event_get_n_requested (first), ==, SP_CONNECTION_SEND_PIECE);
  g_assert_true (sp_event_get_flags (first) & SP_EVENT_FLAG_CONTINUED);
  /* The peer does not read: the buffers fill, and a call takes part. */
  sp_test_wait_until (has_partial_send, client, 0, "a partial send()");

  /* Drain it with a plain socket and let the engine write the rest. */
  g_socket_set_blocking (peer, FALSE);
  drain.socket = peer;
  drain.received = received;
  drain.size = size;
  sp_test_wait_until (sp_test_drain_some, &drain, SP_TEST_TIMEOUT_MS * 3, "the peer to read everything");

  g_assert_cmpmem (received->data, received->len, g_bytes_get_data (message, NULL), size);
  sent = collect (client, SP_EVENT_KIND_SENT, 0, &n_sent);
  g_assert_cmpmem (sent->data, sent->len, g_bytes_get_data (message, NULL), size);
  g_assert_cmpuint (n_sent, >, 1);

  /* Each call asked for what was left, at most a piece; every call but
   * the last says the message goes on. */
  {
    SpEventLog *log = sp_endpoint_get_events (client);
    guint n = g_list_model_get_n_items (G_LIST_MODEL (log));
    gsize done = 0;
    guint seen = 0;

    for (guint i = 0; i < n; i++)
      {
        const SpEventRecord *event = sp_event_log_peek (log, i);

        if (sp_event_record_get_kind (event) != SP_EVENT_KIND_SENT)
          continue;
        g_assert_cmpuint (sp_event_record_get_n_requested (event), ==, MIN (size - done, SP_CONNECTION_SEND_PIECE));
        done += sp_event_record_get_n_bytes (event);
        g_assert_cmpint (!!(sp_event_record_get_flags (event) & SP_EVENT_FLAG_CONTINUED), ==, done < size);
        seen++;
      }
    g_assert_cmpuint (done, ==, size);
    g_assert_cmpuint (seen, ==, n_sent);
  }
}

static void
test_stop_while_connecting (void)
{
  g_autoptr(SpEndpoint) server = start_server (SP_ENDPOINT_KIND_TCP_SERVER, "127.0.0.1");
  g_autoptr(SpEndpoint) client = sp_endpoint_new (SP_ENDPOINT_KIND_TCP_CLIENT);

  sp_endpoint_set_port (client, sp_endpoint_get_bound_port (server));
  sp_endpoint_start (client);
  g_assert_cmpint (sp_endpoint_get_state (client), ==, SP_ENDPOINT_STATE_STARTING);
  sp_endpoint_stop (client);
  g_assert_cmpint (sp_endpoint_get_state (client), ==, SP_ENDPOINT_STATE_STOPPED);

  /* Nothing left behind: the server never saw a connection finish, and the
   * loop runs on with no warnings. */
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_null (find_event (client, SP_EVENT_KIND_CONNECTED));

  /* Sending while stopped is refused with a reason. */
  {
    g_autoptr(GBytes) bytes = g_bytes_new_static ("x", 1);
    g_autoptr(GError) error = NULL;

    g_assert_false (sp_endpoint_send (client, bytes, NULL, &error));
    g_assert_error (error, SP_ENDPOINT_ERROR, SP_ENDPOINT_ERROR_NOT_RUNNING);
  }
}

static void
test_server_send_without_clients (void)
{
  g_autoptr(SpEndpoint) server = start_server (SP_ENDPOINT_KIND_TCP_SERVER, "127.0.0.1");
  g_autoptr(GBytes) bytes = g_bytes_new_static ("x", 1);
  g_autoptr(GError) error = NULL;

  g_assert_false (sp_endpoint_send (server, bytes, NULL, &error));
  g_assert_error (error, SP_ENDPOINT_ERROR, SP_ENDPOINT_ERROR_NO_PEER);
  g_assert_null (find_event (server, SP_EVENT_KIND_SENT));
}


/* Issue 3: framing, pause, burst ------------------------------------------ */

typedef struct {
  SpEndpoint *endpoint;
  guint       in_queue;
} QueueWait;

static gboolean
kernel_has_queued (gpointer data)
{
  QueueWait *w = data;
  guint in_queue = 0, out_queue = 0;

  return sp_endpoint_get_kernel_queues (w->endpoint, &in_queue, &out_queue) &&
         in_queue >= w->in_queue;
}

/* A connected server/client pair with the server's accepted connection. */
typedef struct {
  SpEndpoint   *server;
  SpEndpoint   *client;
  SpConnection *accepted;
} Pair;

static void
pair_open (Pair *pair)
{
  SpTestCount one = { NULL, 1 };

  pair->server = start_server (SP_ENDPOINT_KIND_TCP_SERVER, "127.0.0.1");
  pair->client = start_client (SP_ENDPOINT_KIND_TCP_CLIENT, "127.0.0.1",
                               sp_endpoint_get_bound_port (pair->server));
  one.endpoint = pair->server;
  sp_test_wait_until (sp_test_has_connections, &one, 0, "accepted");
  pair->accepted = g_list_model_get_item (sp_endpoint_get_connections (pair->server), 0);
}

static void
pair_close (Pair *pair)
{
  g_clear_object (&pair->accepted);
  g_clear_object (&pair->client);
  g_clear_object (&pair->server);
}

/* The tutorials' 黏包: a reader that reads late gets several sends per recv. */
static void
test_sticky_packets (void)
{
  Pair pair = { 0 };
  QueueWait queued = { NULL, 50 };
  g_autoptr(GBytes) hello = g_bytes_new_static ("hello", 5);
  g_autoptr(GByteArray) got = NULL;
  guint n_recv = 0;
  SpConnection *client_side;
  const SpStreamChunk *chunks;
  guint n_chunks;

  pair_open (&pair);
  sp_endpoint_set_paused (pair.server, TRUE);
  g_assert_true (sp_endpoint_send_burst (pair.client, hello, NULL, 10, NULL));
  g_assert_cmpuint (sp_test_count_kind (pair.client, SP_EVENT_KIND_SENT), ==, 10);

  queued.endpoint = pair.server;
  sp_test_wait_until (kernel_has_queued, &queued, 0, "50 bytes in the receive queue");
  g_assert_cmpuint (sp_test_count_kind (pair.server, SP_EVENT_KIND_RECEIVED), ==, 0);

  sp_endpoint_set_paused (pair.server, FALSE);
  assert_received (pair.server, 0, "hellohellohellohellohellohellohellohellohellohello");
  got = collect (pair.server, SP_EVENT_KIND_RECEIVED, 0, &n_recv);
  g_assert_cmpuint (n_recv, <, 10);
  g_assert_cmpuint (sp_test_count_kind (pair.server, SP_EVENT_KIND_MESSAGE), ==, 0);
  /* The trace shows each recv() as the tutorials' Python would. */
  g_assert_nonnull (sp_test_find_call (pair.server, "conn1.recv(1024) → b'hellohello"));

  /* The stream view's data: the other end is found, with its 10 sends. */
  client_side = sp_connection_find_peer (pair.accepted);
  g_assert_nonnull (client_side);
  chunks = sp_connection_get_send_chunks (client_side, &n_chunks);
  g_assert_cmpuint (n_chunks, ==, 10);
  g_assert_cmpuint (chunks[9].offset, ==, 45);
  sp_connection_get_recv_chunks (pair.accepted, &n_chunks);
  g_assert_cmpuint (n_chunks, ==, n_recv);

  pair_close (&pair);
}

#define STREAM_MESSAGE 70001

/* The stream view's copy of each direction: every byte in order, however
 * the calls cut it (recv(1000), three sends of 70,001 bytes) and however
 * the copy is stored. */
static void
test_stream_copy (void)
{
  Pair pair = { 0 };
  g_autoptr(GByteArray) all = g_byte_array_new ();
  g_autofree guint8 *buf = g_malloc (STREAM_MESSAGE);
  g_autoptr(GBytes) in = NULL;
  g_autoptr(GBytes) out = NULL;
  SpTestBytes received = { NULL, 3 * STREAM_MESSAGE };
  SpConnection *client_side;

  pair_open (&pair);
  sp_endpoint_set_read_size (pair.server, 1000);
  sp_endpoint_set_send_mode (pair.client, SP_SEND_MODE_ALL);
  for (guint m = 0; m < 3; m++)
    {
      g_autoptr(GBytes) message = NULL;

      for (guint i = 0; i < STREAM_MESSAGE; i++)
        buf[i] = (guint8) ((all->len + i) * 7 % 251);
      message = g_bytes_new (buf, STREAM_MESSAGE);
      g_assert_true (sp_endpoint_send (pair.client, message, NULL, NULL));
      g_byte_array_append (all, buf, STREAM_MESSAGE);
    }
  received.endpoint = pair.server;
  sp_test_wait_until (sp_test_has_received, &received, 0, "every byte read");

  in = sp_connection_dup_stream (pair.accepted, FALSE);
  g_assert_cmpmem (g_bytes_get_data (in, NULL), g_bytes_get_size (in), all->data, all->len);
  client_side = sp_connection_find_peer (pair.accepted);
  g_assert_nonnull (client_side);
  out = sp_connection_dup_stream (client_side, TRUE);
  g_assert_cmpmem (g_bytes_get_data (out, NULL), g_bytes_get_size (out), all->data, all->len);

  pair_close (&pair);
}

static gboolean
has_messages (gpointer data)
{
  SpTestCount *w = data;

  return sp_test_count_kind (w->endpoint, SP_EVENT_KIND_MESSAGE) >= w->n;
}

/* The fix: struct.pack('i') length prefixes; ten sends are ten messages,
 * however the recv() calls cut the stream. */
static void
test_framing_ten_messages (void)
{
  Pair pair = { 0 };
  SpFramingConfig framing;
  QueueWait queued = { NULL, 0 };
  SpTestCount ten = { NULL, 10 };
  GListModel *events;
  guint k = 0;

  sp_framing_config_init (&framing);
  sp_framing_config_preset (&framing, SP_FRAMING_PRESET_PYTHON_STRUCT_I);
  pair_open (&pair);
  g_assert_true (sp_endpoint_set_framing (pair.server, &framing, NULL));
  g_assert_true (sp_endpoint_set_framing (pair.client, &framing, NULL));
  sp_endpoint_set_paused (pair.server, TRUE);

  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *text = g_strdup_printf ("message %u%s", i, i % 2 ? "!" : "");

      send_text (pair.client, NULL, text);
      queued.in_queue += 4 + strlen (text);
    }

  queued.endpoint = pair.server;
  sp_test_wait_until (kernel_has_queued, &queued, 0, "all frames in the receive queue");
  sp_endpoint_set_read_size (pair.server, 7);   /* cut frames in odd places */
  sp_endpoint_set_paused (pair.server, FALSE);

  ten.endpoint = pair.server;
  sp_test_wait_until (has_messages, &ten, 0, "10 messages");

  events = G_LIST_MODEL (sp_endpoint_get_events (pair.server));
  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(SpEvent) event = g_list_model_get_item (events, i);
      g_autofree char *expected = NULL;

      if (sp_event_get_kind (event) != SP_EVENT_KIND_MESSAGE)
        continue;

      expected = g_strdup_printf ("message %u%s", k, k % 2 ? "!" : "");
      g_assert_cmpmem (g_bytes_get_data (sp_event_get_payload (event), NULL),
                       sp_event_get_n_bytes (event), expected, strlen (expected));
      k++;
    }
  g_assert_cmpuint (k, ==, 10);

  /* The sender's events mark the 4 header bytes. */
  {
    SpEvent *sent = find_event (pair.client, SP_EVENT_KIND_SENT);

    g_assert_cmpuint (sp_event_get_header_len (sent), ==, 4);
    g_assert_cmpmem (g_bytes_get_data (sp_event_get_payload (sent), NULL), 4, "\x09\x00\x00\x00", 4);
  }

  pair_close (&pair);
}

/* Big-endian sender, little-endian reader: the absurd length is refused and
 * the connection closed; the server goes on. */
static void
test_framing_mismatch (void)
{
  Pair pair = { 0 };
  SpFramingConfig big, little;
  SpEvent *error;

  sp_framing_config_init (&big);
  sp_framing_config_preset (&big, SP_FRAMING_PRESET_NETWORK_ORDER_I);
  sp_framing_config_init (&little);
  sp_framing_config_preset (&little, SP_FRAMING_PRESET_PYTHON_STRUCT_I);

  pair_open (&pair);
  g_assert_true (sp_endpoint_set_framing (pair.client, &big, NULL));
  g_assert_true (sp_endpoint_set_framing (pair.server, &little, NULL));

  send_text (pair.client, NULL, "hello, world");
  error = wait_event (pair.server, SP_EVENT_KIND_ERROR);
  /* 00 00 00 0c read little-endian is 0x0c000000 = 201326592. */
  g_assert_nonnull (strstr (sp_event_get_message (error), "201326592"));
  g_assert_nonnull (strstr (sp_event_get_message (error), "1 MiB"));
  wait_event (pair.server, SP_EVENT_KIND_CLOSED);
  g_assert_cmpint (sp_endpoint_get_state (pair.server), ==, SP_ENDPOINT_STATE_RUNNING);
  wait_event (pair.client, SP_EVENT_KIND_PEER_CLOSED);

  pair_close (&pair);
}

/* send() once into full buffers takes part of the message and drops the
 * rest; sendall() keeps going until the reader drains. */
static void
test_send_once_partial (void)
{
  Pair pair = { 0 };
  const gsize size = 4 * 1024 * 1024;
  g_autoptr(GBytes) big = g_bytes_new_take (g_malloc0 (size), size);
  SpEvent *sent;
  guint n_sent;
  g_autoptr(GByteArray) all = NULL;

  pair_open (&pair);
  sp_endpoint_set_paused (pair.server, TRUE);
  sp_endpoint_set_sndbuf (pair.client, 16384);
  sp_endpoint_set_send_mode (pair.client, SP_SEND_MODE_ONCE);

  g_assert_true (sp_endpoint_send (pair.client, big, NULL, NULL));
  sent = find_event (pair.client, SP_EVENT_KIND_SENT);
  g_assert_nonnull (sent);
  g_assert_true (sp_event_is_partial (sent));
  g_assert_cmpuint (sp_event_get_n_requested (sent), ==, size);
  g_assert_nonnull (strstr (sp_event_get_message (sent), "not sent"));
  /* One call, nothing queued behind it. */
  all = collect (pair.client, SP_EVENT_KIND_SENT, 0, &n_sent);
  g_assert_cmpuint (n_sent, ==, 1);
  {
    g_autoptr(SpConnection) c = g_list_model_get_item (sp_endpoint_get_connections (pair.client), 0);

    g_assert_cmpuint (sp_connection_get_bytes_queued (c), ==, 0);
  }

  pair_close (&pair);
}

static void
test_udp_framing_per_datagram (void)
{
  g_autoptr(SpEndpoint) server = start_server (SP_ENDPOINT_KIND_UDP_SERVER, "127.0.0.1");
  g_autoptr(SpEndpoint) client = start_client (SP_ENDPOINT_KIND_UDP_CLIENT, "127.0.0.1",
                                               sp_endpoint_get_bound_port (server));
  SpFramingConfig lines;
  SpTestCount two = { server, 2 };

  sp_framing_config_init (&lines);
  sp_framing_config_preset (&lines, SP_FRAMING_PRESET_LINES);
  g_assert_true (sp_endpoint_set_framing (server, &lines, NULL));

  /* One datagram holding two lines is two messages. */
  send_text (client, NULL, "one\ntwo\n");
  sp_test_wait_until (has_messages, &two, 0, "two messages from one datagram");
  g_assert_cmpuint (sp_test_count_kind (server, SP_EVENT_KIND_RECEIVED), ==, 1);
}

/* Echo: what a client sends comes back through the server's normal send
 * path, one "sent" event per send() call; off by default. */
static void
test_echo (gconstpointer data)
{
  gboolean udp = GPOINTER_TO_INT (data);
  g_autoptr(SpEndpoint) server = sp_endpoint_new (udp ? SP_ENDPOINT_KIND_UDP_SERVER
                                                      : SP_ENDPOINT_KIND_TCP_SERVER);
  g_autoptr(SpEndpoint) client = NULL;
  g_autoptr(GByteArray) sent = NULL;
  guint n_sent = 0;

  g_assert_false (sp_endpoint_get_echo (server));
  sp_endpoint_set_echo (server, TRUE);
  g_assert_true (sp_endpoint_get_echo (server));
  sp_endpoint_set_host (server, "127.0.0.1");
  sp_endpoint_set_port (server, 0);
  sp_endpoint_start (server);
  sp_test_wait_until (sp_test_is_running, server, 0, "server running");

  client = start_client (udp ? SP_ENDPOINT_KIND_UDP_CLIENT : SP_ENDPOINT_KIND_TCP_CLIENT,
                         "127.0.0.1", sp_endpoint_get_bound_port (server));
  send_text (client, NULL, "echo me");
  assert_received (client, 0, "echo me");
  send_text (client, NULL, " and me");
  assert_received (client, 0, "echo me and me");

  sent = collect (server, SP_EVENT_KIND_SENT, 0, &n_sent);
  g_assert_cmpmem (sent->data, sent->len, "echo me and me", 14);
  g_assert_cmpuint (n_sent, >=, 2);

  /* Turned off, the server only listens. */
  sp_endpoint_set_echo (server, FALSE);
  send_text (client, NULL, "!");
  assert_received (server, 0, "echo me and me!");
  sp_test_settle (100);
  {
    g_autoptr(GByteArray) got = collect (client, SP_EVENT_KIND_RECEIVED, 0, NULL);

    g_assert_cmpmem (got->data, got->len, "echo me and me", 14);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/endpoint/tcp/three-clients", test_tcp_three_clients);
  g_test_add_func ("/endpoint/tcp/mass-leave", test_tcp_mass_leave);
  g_test_add_func ("/endpoint/tcp/listen-backlog", test_tcp_listen_backlog);
  g_test_add_func ("/endpoint/tcp/ipv6", test_tcp_ipv6);
  g_test_add_func ("/endpoint/tcp/partial-send", test_tcp_partial_send);
  g_test_add_func ("/endpoint/tcp/stop-while-connecting", test_stop_while_connecting);
  g_test_add_func ("/endpoint/tcp/send-without-clients", test_server_send_without_clients);
  g_test_add_data_func ("/endpoint/udp/both-ways", GINT_TO_POINTER (FALSE), test_udp_both_ways);
  g_test_add_data_func ("/endpoint/udp/both-ways-connect", GINT_TO_POINTER (TRUE), test_udp_both_ways);
  g_test_add_func ("/endpoint/udp/truncated", test_udp_truncated);
  g_test_add_data_func ("/endpoint/error/address-in-use/tcp",
                        GINT_TO_POINTER (SP_ENDPOINT_KIND_TCP_SERVER), test_error_address_in_use);
  g_test_add_data_func ("/endpoint/error/address-in-use/udp",
                        GINT_TO_POINTER (SP_ENDPOINT_KIND_UDP_SERVER), test_error_address_in_use);
  g_test_add_func ("/endpoint/error/refused", test_error_refused);
  g_test_add_func ("/endpoint/tcp/restart-after-time-wait", test_restart_after_time_wait);
  g_test_add_func ("/endpoint/error/bad-host", test_error_bad_host);
  g_test_add_func ("/endpoint/error/privileged-port", test_error_privileged_port);
  g_test_add_func ("/endpoint/error/reset", test_error_reset);
  g_test_add_func ("/endpoint/tcp/sticky-packets", test_sticky_packets);
  g_test_add_func ("/endpoint/tcp/stream-copy", test_stream_copy);
  g_test_add_func ("/endpoint/tcp/framing-ten-messages", test_framing_ten_messages);
  g_test_add_func ("/endpoint/tcp/framing-mismatch", test_framing_mismatch);
  g_test_add_func ("/endpoint/tcp/send-once-partial", test_send_once_partial);
  g_test_add_func ("/endpoint/udp/framing-per-datagram", test_udp_framing_per_datagram);

  g_test_add_data_func ("/endpoint/tcp/echo", GINT_TO_POINTER (FALSE), test_echo);
  g_test_add_data_func ("/endpoint/udp/echo", GINT_TO_POINTER (TRUE), test_echo);

  return g_test_run ();
}
