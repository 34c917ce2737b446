/* test-load.c: the engine under load, out of descriptors, and with a lot of
 * data, driven by tests/sp-loadgen (a process of its own)
 *
 * What is asserted here is what happens, never how fast: the main loop's
 * longest gap under these loads and the CPU time spent while out of
 * descriptors are figures of the benchmark (build-aux/bench.sh, figure 8).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sp-test-util.h"
#include "sp-accept-count.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/resource.h>

#include "sp-endpoint.h"
#include "sp-export.h"
#include "sp-system.h"

#define N_CLIENTS_DEFAULT 1000
#define LOADGEN_TIMEOUT_MS (150 * 1000)

static guint
n_clients (void)
{
  /* Fewer under valgrind (tests/valgrind.sh), where everything is slower. */
  const char *env = g_getenv ("SP_LOAD_CLIENTS");

  return env != NULL ? (guint) g_ascii_strtoull (env, NULL, 10) : N_CLIENTS_DEFAULT;
}

typedef struct {
  GSubprocess      *process;
  GDataInputStream *out;
  char             *line;
  gboolean          line_done;
  gboolean          exited;
  gboolean          ok;
  GError           *error;
} Loadgen;

static void
line_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      data)
{
  Loadgen *l = data;

  l->line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, NULL, NULL);
  l->line_done = TRUE;
}

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      data)
{
  Loadgen *l = data;

  l->ok = g_subprocess_wait_check_finish (G_SUBPROCESS (object), result, &l->error);
  l->exited = TRUE;
}

static Loadgen *
loadgen_spawn (GSubprocessFlags flags,
               const char      *mode,
               guint            port,
               const char      *arg1,
               const char      *arg2)
{
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, "sp-loadgen", NULL);
  g_autofree char *port_string = g_strdup_printf ("%u", port);
  g_autoptr(GError) error = NULL;
  Loadgen *l = g_new0 (Loadgen, 1);

  l->process = g_subprocess_new (flags | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                 path, mode, "127.0.0.1", port_string, arg1, arg2, NULL);
  g_assert_no_error (error);
  l->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (l->process));
  g_data_input_stream_read_line_async (l->out, G_PRIORITY_DEFAULT, NULL, line_cb, l);
  g_subprocess_wait_check_async (l->process, NULL, wait_cb, l);

  return l;
}

static gboolean
loadgen_line_done (gpointer data)
{
  return ((Loadgen *) data)->line_done;
}

static gboolean
loadgen_exited (gpointer data)
{
  Loadgen *l = data;

  return l->exited && l->line_done;
}

static void
loadgen_free (Loadgen *l)
{
  g_clear_object (&l->out);
  g_clear_object (&l->process);
  g_clear_error (&l->error);
  g_free (l->line);
  g_free (l);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Loadgen, loadgen_free)

static SpEndpoint *
start_server (SpEndpointKind kind,
              gboolean       echo)
{
  SpEndpoint *server = sp_endpoint_new (kind);

  sp_endpoint_set_host (server, "127.0.0.1");
  sp_endpoint_set_port (server, 0);
  sp_endpoint_set_echo (server, echo);
  sp_endpoint_start (server);
  sp_test_wait_until (sp_test_is_running, server, 0, "server running");

  return server;
}

static gboolean
enough_descriptors (guint needed)
{
  guint64 limit = sp_raise_fd_limit ();

  if (limit < needed)
    {
      g_autofree char *message = g_strdup_printf ("needs %u descriptors, the hard limit is %" G_GUINT64_FORMAT,
                                                  needed, limit);

      g_test_skip (message);
      return FALSE;
    }

  return TRUE;
}

/* 1,000 TCP clients at once, each accepted, listed and echoed exactly. */
static void
test_tcp_clients (void)
{
  guint n = n_clients ();
  g_autoptr(SpEndpoint) server = NULL;
  g_autoptr(Loadgen) load = NULL;
  g_autofree char *clients = g_strdup_printf ("%u", n);
  SpTestCount all = { NULL, n }, none = { NULL, 0 };

  if (!enough_descriptors (n + 100))
    return;

  server = start_server (SP_ENDPOINT_KIND_TCP_SERVER, TRUE);
  all.endpoint = none.endpoint = server;

  load = loadgen_spawn (G_SUBPROCESS_FLAGS_STDIN_PIPE, "tcp", sp_endpoint_get_bound_port (server),
                        clients, "--hold");
  sp_test_wait_until (loadgen_line_done, load, LOADGEN_TIMEOUT_MS, "every client echoed");
  g_test_message ("%s", load->line);
  g_assert_nonnull (load->line);
  g_assert_true (g_str_has_prefix (load->line, "ok tcp: "));

  /* Every client still holds its connection: the list shows them all. */
  sp_test_wait_until (sp_test_has_n_connections, &all, 0, "every connection listed");
  g_assert_cmpuint (sp_test_count_kind (server, SP_EVENT_KIND_ACCEPTED), ==, n);
  g_assert_cmpuint (sp_test_count_kind (server, SP_EVENT_KIND_ERROR), ==, 0);

  g_output_stream_close (g_subprocess_get_stdin_pipe (load->process), NULL, NULL);
  sp_test_wait_until (loadgen_exited, load, LOADGEN_TIMEOUT_MS, "load generator exit");
  g_assert_no_error (load->error);
  g_assert_true (load->ok);
  sp_test_wait_until (sp_test_has_n_connections, &none, 0, "every connection closed");
  g_assert_cmpuint (sp_test_count_kind (server, SP_EVENT_KIND_PEER_CLOSED), ==, n);
  g_assert_cmpuint (sp_test_count_kind (server, SP_EVENT_KIND_ERROR), ==, 0);

  sp_endpoint_stop (server);
}

/* The same for UDP: 1,000 source ports, each a peer of the server. */
static void
test_udp_ports (void)
{
  guint n = n_clients ();
  g_autoptr(SpEndpoint) server = NULL;
  g_autoptr(Loadgen) load = NULL;
  g_autofree char *clients = g_strdup_printf ("%u", n);
  SpTestCount all = { NULL, n };

  if (!enough_descriptors (100))
    return;

  server = start_server (SP_ENDPOINT_KIND_UDP_SERVER, TRUE);
  all.endpoint = server;

  load = loadgen_spawn (G_SUBPROCESS_FLAGS_NONE, "udp", sp_endpoint_get_bound_port (server),
                        clients, NULL);
  sp_test_wait_until (loadgen_exited, load, LOADGEN_TIMEOUT_MS, "every datagram echoed");
  g_test_message ("%s", load->line);
  g_assert_no_error (load->error);
  g_assert_true (load->ok);
  g_assert_true (g_str_has_prefix (load->line, "ok udp: "));

  /* Each source port is a peer of its own in the list. */
  g_assert_true (sp_test_has_n_connections (&all));
  g_assert_cmpuint (sp_test_count_kind (server, SP_EVENT_KIND_RECEIVED), >=, n);
  g_assert_cmpuint (sp_test_count_kind (server, SP_EVENT_KIND_SENT), ==, sp_test_count_kind (server, SP_EVENT_KIND_RECEIVED));

  sp_endpoint_stop (server);
  g_assert_cmpuint (g_list_model_get_n_items (sp_endpoint_get_connections (server)), ==, 0);
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

/* Runs the main loop for @ms, sleeping in poll() like the app does (unlike
 * sp_test_settle(), which spins). */
static void
run_loop_for (guint ms)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  g_timeout_add (ms, quit_cb, loop);
  g_main_loop_run (loop);
}

typedef struct {
  SpEndpoint *endpoint;
  int         errnum;
} ErrnoWait;

static gboolean
has_errno (gpointer data)
{
  ErrnoWait *w = data;

  return sp_test_count_errno (w->endpoint, w->errnum) > 0;
}

static GSocket *
connect_to (guint port)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, 0, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_socket_connect (socket, address, NULL, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&socket);
}

#define N_WAITING 3

/* Out of descriptors, accept() fails with EMFILE: said once, clearly; the
 * open connection keeps being served; the listener is not polled in a
 * busy loop; once descriptors are free the waiting clients get in. */
static void
test_emfile (void)
{
  g_autoptr(SpEndpoint) server = start_server (SP_ENDPOINT_KIND_TCP_SERVER, TRUE);
  guint port = sp_endpoint_get_bound_port (server);
  g_autoptr(GSocket) open_client = connect_to (port);
  g_autoptr(GSocket) late = NULL;
  g_autoptr(GArray) hoard = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GByteArray) echoed = g_byte_array_new ();
  GSocket *waiting[N_WAITING];
  SpTestCount one = { server, 1 }, all = { server, 0 };
  ErrnoWait emfile = { server, EMFILE };
  SpTestDrain drain = { open_client, echoed, 10 };
  struct rlimit saved, low;
  guint attempts;
  int null_fd, fd;

  sp_test_wait_until (sp_test_has_n_connections, &one, 0, "first client accepted");
  for (guint i = 0; i < N_WAITING; i++)
    waiting[i] = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, 0, NULL);
  null_fd = open ("/dev/null", O_RDONLY | O_CLOEXEC);
  g_assert_cmpint (null_fd, >=, 0);

  /* Take every descriptor number below a low limit: the next accept()
   * has none left. */
  g_assert_cmpint (getrlimit (RLIMIT_NOFILE, &saved), ==, 0);
  low = saved;
  low.rlim_cur = MIN (saved.rlim_max, 256);
  g_assert_cmpint (setrlimit (RLIMIT_NOFILE, &low), ==, 0);
  while ((fd = dup (null_fd)) >= 0)
    g_array_append_val (hoard, fd);
  g_assert_cmpint (errno, ==, EMFILE);

  /* The kernel completes these handshakes; only accept() needs an fd. */
  for (guint i = 0; i < N_WAITING; i++)
    {
      g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
      g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);

      g_assert_true (g_socket_connect (waiting[i], address, NULL, NULL));
    }

  sp_test_wait_until (has_errno, &emfile, 0, "the EMFILE error");
  /* Backed off: the listener, readable all along, is not polled in a busy
   * loop (thousands of accept() calls a second) but retried now and then.
   * A slower machine makes fewer attempts, never more. The retry timer
   * was set when the error came, before this second began, so it runs in
   * it at least once. */
  attempts = sp_accept_count_get ();
  run_loop_for (1000);
  attempts = sp_accept_count_get () - attempts;
  g_test_message ("accept() calls over 1 s out of descriptors: %u", attempts);
  g_assert_cmpuint (attempts, >=, 1);
  g_assert_cmpuint (attempts, <=, 5);
  g_assert_cmpuint (sp_test_count_errno (server, EMFILE), ==, 1);
  g_assert_cmpint (sp_endpoint_get_state (server), ==, SP_ENDPOINT_STATE_RUNNING);
  g_assert_cmpuint (g_list_model_get_n_items (sp_endpoint_get_connections (server)), ==, 1);

  /* The open connection is still served (the echo needs no descriptor). */
  g_socket_set_blocking (open_client, FALSE);
  g_assert_cmpint (g_socket_send (open_client, "still here", 10, NULL, NULL), ==, 10);
  sp_test_wait_until (sp_test_drain_some, &drain, 0, "echo while out of descriptors");
  g_assert_cmpmem (echoed->data, echoed->len, "still here", 10);

  /* Descriptors back: new and waiting clients are accepted, no more
   * errors. Valgrind only emulates the limit: it closes what accept()
   * returned above it, so there the waiting clients are gone. */
  for (guint i = 0; i < hoard->len; i++)
    close (g_array_index (hoard, int, i));
  close (null_fd);
  g_assert_cmpint (setrlimit (RLIMIT_NOFILE, &saved), ==, 0);
  late = connect_to (port);
  if (g_getenv ("SP_UNDER_VALGRIND") != NULL)
    all.n = 2;
  else
    all.n = 2 + N_WAITING;
  sp_test_wait_until (sp_test_has_n_connections, &all, 0, "waiting and new clients accepted");
  g_assert_cmpuint (sp_test_count_errno (server, EMFILE), ==, 1);

  for (guint i = 0; i < N_WAITING; i++)
    g_object_unref (waiting[i]);
  sp_endpoint_stop (server);
}

#define BULK_SEED  20261122

/* 64 MiB in CI; build-aux/soak.sh sets SP_NOTHING_LOST_MIB=1024. */
static guint64
bulk_bytes (void)
{
  const char *env = g_getenv ("SP_NOTHING_LOST_MIB");
  guint64 mib = env ? g_ascii_strtoull (env, NULL, 10) : 0;

  return (mib > 0 ? mib : 64) * 1024 * 1024;
}

static gboolean
first_connection_closed (gpointer data)
{
  SpConnection *connection = sp_endpoint_find_connection (data, 1);

  return connection != NULL && sp_connection_get_state (connection) == SP_CONNECTION_STATE_CLOSED;
}

/* 64 MiB (or more) of pseudo-random bytes from a plain client: what "Save Received
 * Bytes…" would write (sp_export_received_bytes()) has the SHA-256 of what
 * was sent. Nothing lost, nothing doubled, nothing reordered. */
static void
test_nothing_lost (void)
{
  g_autoptr(SpEndpoint) server = sp_endpoint_new (SP_ENDPOINT_KIND_TCP_SERVER);
  g_autoptr(Loadgen) load = NULL;
  g_autoptr(GBytes) saved = NULL;
  guint64 n = bulk_bytes ();
  g_autofree char *size = g_strdup_printf ("%" G_GUINT64_FORMAT, n);
  g_autofree char *seed = g_strdup_printf ("%u", BULK_SEED);
  g_autofree char *digest = NULL;
  const char *sent_digest;

  /* Saving everything needs it all kept: past the default capture limit,
   * raise it as a user would in Preferences. */
  if (n + 16 * 1024 * 1024 > sp_capture_store_get_limit (sp_capture_store_get_default ()))
    sp_capture_store_set_limit (sp_capture_store_get_default (), n + 64 * 1024 * 1024);

  /* Large reads keep the log short; the bytes take the same path. */
  sp_endpoint_set_read_size (server, 64 * 1024);
  sp_endpoint_set_host (server, "127.0.0.1");
  sp_endpoint_set_port (server, 0);
  sp_endpoint_start (server);
  sp_test_wait_until (sp_test_is_running, server, 0, "server running");

  load = loadgen_spawn (G_SUBPROCESS_FLAGS_NONE, "bulk", sp_endpoint_get_bound_port (server), size, seed);
  sp_test_wait_until (loadgen_exited, load, LOADGEN_TIMEOUT_MS, "the bulk sent");
  g_test_message ("%s", load->line);
  g_assert_no_error (load->error);
  g_assert_true (load->ok);
  sent_digest = strstr (load->line, "sha256 ");
  g_assert_nonnull (sent_digest);
  sent_digest += strlen ("sha256 ");
  sp_test_wait_until (first_connection_closed, server, 0, "connection closed after the peer");

  saved = sp_export_received_bytes (server, 1, NULL);
  g_assert_nonnull (saved);
  g_assert_cmpuint (g_bytes_get_size (saved), ==, n);
  g_assert_cmpuint (sp_connection_get_bytes_received (sp_endpoint_find_connection (server, 1)), ==, n);
  digest = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, saved);
  g_assert_cmpstr (digest, ==, sent_digest);

  sp_endpoint_stop (server);
  sp_capture_store_set_limit (sp_capture_store_get_default (), SP_CAPTURE_STORE_DEFAULT_LIMIT);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/load/tcp/clients", test_tcp_clients);
  g_test_add_func ("/load/udp/ports", test_udp_ports);

  g_test_add_func ("/load/tcp/emfile", test_emfile);

  g_test_add_func ("/load/tcp/nothing-lost", test_nothing_lost);

  return g_test_run ();
}
