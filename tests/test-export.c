/* test-export.c: a real loopback session exported as pcapng (checked with
 * tshark), as CSV and as received bytes; and "Copy as Python" run for real
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sp-code-gen.h"
#include "sp-export.h"
#include "sp-py-format.h"
#include "sp-test-util.h"

#include <glib/gstdio.h>
#include <unistd.h>

typedef struct {
  SpEndpoint *endpoint;
  guint       n;
  SpEventKind kind;
} KindCount;

static gboolean
has_kind (gpointer data)
{
  KindCount *w = data;
  GListModel *events = G_LIST_MODEL (sp_endpoint_get_events (w->endpoint));
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (events); i++)
    {
      g_autoptr(SpEvent) event = g_list_model_get_item (events, i);

      if (sp_event_get_kind (event) == w->kind)
        n++;
    }

  return n >= w->n;
}

static SpEndpoint *
start (SpEndpointKind kind,
       guint          port)
{
  SpEndpoint *endpoint = sp_endpoint_new (kind);

  sp_endpoint_set_port (endpoint, port);
  sp_endpoint_start (endpoint);
  sp_test_wait_until (sp_test_is_running, endpoint, 0, "running");
  return endpoint;
}

static void
send_text (SpEndpoint *endpoint,
           const char *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

  g_assert_true (sp_endpoint_send (endpoint, bytes, NULL, NULL));
}

static void
wait_bytes (SpEndpoint *endpoint,
            guint       connection,
            gsize       n)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  for (;;)
    {
      g_autoptr(GBytes) got = sp_export_received_bytes (endpoint, connection, NULL);

      if (g_bytes_get_size (got) >= n)
        return;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static char *
tshark (const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;

  g_ptr_array_add (argv, (gpointer) "tshark");
  g_ptr_array_add (argv, (gpointer) "-n");
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

static void
test_pcapng_session (void)
{
  g_autoptr(SpEndpoint) server = start (SP_ENDPOINT_KIND_TCP_SERVER, 0);
  g_autoptr(SpEndpoint) client = start (SP_ENDPOINT_KIND_TCP_CLIENT, sp_endpoint_get_bound_port (server));
  g_autoptr(SpEndpoint) udp_server = start (SP_ENDPOINT_KIND_UDP_SERVER, 0);
  g_autoptr(SpEndpoint) udp_client = start (SP_ENDPOINT_KIND_UDP_CLIENT, sp_endpoint_get_bound_port (udp_server));
  g_autoptr(GPtrArray) endpoints = g_ptr_array_new ();
  g_autoptr(GPtrArray) titles = g_ptr_array_new ();
  g_autoptr(GBytes) capture = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *follow = NULL;
  g_autofree char *comments = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *udp = NULL;
  g_autofree char *tshark_path = NULL;
  KindCount accepted = { server, 1, SP_EVENT_KIND_ACCEPTED };
  KindCount closed = { server, 1, SP_EVENT_KIND_PEER_CLOSED };
  KindCount datagram = { udp_server, 1, SP_EVENT_KIND_RECEIVED };
  int fd;

  sp_test_wait_until (has_kind, &accepted, 0, "accepted");
  send_text (client, "hello, ");
  send_text (client, "world");
  wait_bytes (server, 1, 12);
  {
    g_autoptr(SpConnection) c = g_list_model_get_item (sp_endpoint_get_connections (server), 0);

    send_text (server, "\xe8\xbf\x9e\xe6\x8e\xa5\xe6\x88\x90\xe5\x8a\x9f");
  }
  wait_bytes (client, 1, 12);
  send_text (udp_client, "Hi Server");
  sp_test_wait_until (has_kind, &datagram, 0, "datagram");
  sp_endpoint_stop (client);
  sp_test_wait_until (has_kind, &closed, 0, "peer closed");

  g_ptr_array_add (endpoints, server);
  g_ptr_array_add (titles, (gpointer) "TCP server 1");
  g_ptr_array_add (endpoints, client);
  g_ptr_array_add (titles, (gpointer) "TCP client 2");
  g_ptr_array_add (endpoints, udp_server);
  g_ptr_array_add (titles, (gpointer) "UDP server 3");
  g_ptr_array_add (endpoints, udp_client);
  g_ptr_array_add (titles, (gpointer) "UDP client 4");

  /* Received bytes: exactly what came, in order. */
  {
    g_autoptr(GBytes) got = sp_export_received_bytes (server, 1, NULL);

    g_assert_cmpmem (g_bytes_get_data (got, NULL), g_bytes_get_size (got), "hello, world", 12);
  }

  csv = sp_export_log_csv (endpoints, titles);
  g_assert_true (g_str_has_prefix (csv, "time_ms,pane,kind,connection,bytes,peer,errno,detail,hex\n"));
  g_assert_nonnull (strstr (csv, "\"TCP server 1\",\"received\",1,12,"));
  g_assert_nonnull (strstr (csv, "68656c6c6f2c20776f726c64"));

  capture = sp_export_pcapng (endpoints, titles, &error);
  g_assert_no_error (error);
  g_assert_nonnull (capture);

  tshark_path = g_find_program_in_path ("tshark");
  if (tshark_path == NULL)
    {
      g_test_skip ("tshark is not installed");
      return;
    }

  fd = g_file_open_tmp ("sp-export-XXXXXX.pcapng", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (capture, NULL), g_bytes_get_size (capture), &error));

  /* Follow TCP Stream shows exactly the bytes sent, both ways. */
  follow = tshark ((const char *[]) { "-r", path, "-q", "-z", "follow,tcp,raw,0", NULL });
  g_assert_nonnull (strstr (follow, "68656c6c6f2c20"));     /* "hello, " */
  g_assert_nonnull (strstr (follow, "776f726c64"));         /* "world" */
  g_assert_nonnull (strstr (follow, "e8bf9ee68ea5e68890e58a9f"));

  /* Each packet names the call. */
  comments = tshark ((const char *[]) { "-r", path, "-T", "fields", "-e", "frame.comment", NULL });
  g_assert_nonnull (strstr (comments, "send() #1 from TCP client 2"));
  g_assert_nonnull (strstr (comments, "send() #2 from TCP client 2"));
  g_assert_nonnull (strstr (comments, "send() #1 from TCP server 1"));

  /* The datagram once, not twice (sent by one pane, received by another). */
  udp = tshark ((const char *[]) { "-r", path, "-Y", "udp", "-T", "fields", "-e", "udp.length", NULL });
  g_assert_cmpstr (udp, ==, "17\n");

  g_unlink (path);
}

typedef struct {
  gboolean done;
  gboolean ok;
} ProcessWait;

static void
process_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ProcessWait *w = user_data;

  w->ok = g_subprocess_wait_check_finish (G_SUBPROCESS (object), result, NULL);
  w->done = TRUE;
}

static gboolean
process_finished (gpointer data)
{
  return ((ProcessWait *) data)->done;
}

/* "Copy as Python" of a client, run for real against the server: it sends
 * the same bytes in the same calls. */
static void
test_python_reproduces (void)
{
  g_autoptr(SpEndpoint) server = start (SP_ENDPOINT_KIND_TCP_SERVER, 0);
  g_autoptr(SpEndpoint) client = start (SP_ENDPOINT_KIND_TCP_CLIENT, sp_endpoint_get_bound_port (server));
  g_autofree char *script = NULL;
  g_autofree char *python = g_find_program_in_path ("python3");
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  KindCount accepted = { server, 2, SP_EVENT_KIND_ACCEPTED };
  ProcessWait wait = { FALSE, FALSE };

  send_text (client, "hello, ");
  send_text (client, "world");
  wait_bytes (server, 1, 12);
  sp_endpoint_stop (client);

  script = sp_code_generate (client, SP_CODE_PYTHON);
  g_assert_nonnull (strstr (script, "sk.connect(('127.0.0.1', "));
  g_assert_nonnull (strstr (script, "sk.sendall(b'hello, ')\nsk.sendall(b'world')\n"));

  if (python == NULL)
    {
      g_test_skip ("python3 is not installed");
      return;
    }

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, python, "-c", script, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check_async (process, NULL, process_done_cb, &wait);
  sp_test_wait_until (process_finished, &wait, 20000, "python3");
  g_assert_true (wait.ok);

  sp_test_wait_until (has_kind, &accepted, 0, "the script's connection");
  wait_bytes (server, 2, 12);
  {
    g_autoptr(GBytes) got = sp_export_received_bytes (server, 2, NULL);

    g_assert_cmpmem (g_bytes_get_data (got, NULL), g_bytes_get_size (got), "hello, world", 12);
  }

  /* The C version compiles. */
  {
    g_autofree char *c = sp_code_generate (client, SP_CODE_C);
    g_autofree char *cc = g_find_program_in_path ("cc");
    g_autofree char *dir = g_dir_make_tmp ("sp-code-XXXXXX", NULL);
    g_autofree char *source = g_build_filename (dir, "demo.c", NULL);
    g_autofree char *binary = g_build_filename (dir, "demo", NULL);
    int status = 0;

    g_assert_nonnull (strstr (c, "send_all (sk, \"hello, \", 7);"));
    if (cc != NULL)
      {
        const char *argv[] = { cc, "-Wall", "-Werror", "-o", binary, source, NULL };
        g_autofree char *errors = NULL;

        g_assert_true (g_file_set_contents (source, c, -1, NULL));
        g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                     NULL, &errors, &status, NULL));
        if (!g_spawn_check_wait_status (status, NULL))
          g_test_message ("%s\n%s", c, errors);
        g_assert_true (g_spawn_check_wait_status (status, NULL));
        g_unlink (binary);
        g_unlink (source);
      }
    g_rmdir (dir);
  }

  sp_endpoint_stop (server);
  sp_test_wait_until (sp_test_is_stopped, server, 0, "stopped");
}

/* Copy as Python / C carry SO_BROADCAST and a group's membership, and the C
 * builds. */
static guint
count_in (const char *text,
          const char *what)
{
  guint n = 0;

  for (const char *p = strstr (text, what); p != NULL; p = strstr (p + 1, what))
    n++;
  return n;
}

/* sendall() sends a message bigger than its piece in several calls; the
 * program still sends it with one sendall(). */
static void
test_code_big_message (void)
{
  g_autoptr(SpEndpoint) server = start (SP_ENDPOINT_KIND_TCP_SERVER, 0);
  g_autoptr(SpEndpoint) client = start (SP_ENDPOINT_KIND_TCP_CLIENT, sp_endpoint_get_bound_port (server));
  const gsize size = 2 * SP_CONNECTION_SEND_PIECE + 1000;
  g_autofree char *text = g_malloc (size + 1);
  g_autofree char *python = NULL;
  g_autofree char *c = NULL;

  memset (text, 'a', size);
  text[size] = '\0';
  send_text (client, text);
  send_text (client, "b");
  wait_bytes (server, 1, size + 1);
  g_assert_cmpuint (sp_test_count_kind (client, SP_EVENT_KIND_SENT), >=, 4);

  python = sp_code_generate (client, SP_CODE_PYTHON);
  g_assert_cmpuint (count_in (python, "sk.sendall("), ==, 2);
  g_assert_nonnull (strstr (python, "sk.sendall(b'b')"));
  c = sp_code_generate (client, SP_CODE_C);
  g_assert_cmpuint (count_in (c, "send_all (sk, "), ==, 2);
}

static void
test_code_multicast (void)
{
  g_autoptr(SpEndpoint) client = sp_endpoint_new (SP_ENDPOINT_KIND_UDP_CLIENT);
  g_autoptr(SpEndpoint) server = sp_endpoint_new (SP_ENDPOINT_KIND_UDP_SERVER);
  g_autoptr(SpEndpoint) server6 = sp_endpoint_new (SP_ENDPOINT_KIND_UDP_SERVER);
  g_autoptr(SpEndpoint) sender = sp_endpoint_new (SP_ENDPOINT_KIND_UDP_CLIENT);
  g_autofree char *py_sender = NULL, *c_sender = NULL;
  g_autofree char *py_client = NULL, *py_server = NULL, *py_server6 = NULL;
  g_autofree char *c_client = NULL, *c_server = NULL, *c_server6 = NULL;

  sp_endpoint_reconfigure (client, SP_ENDPOINT_KIND_UDP_CLIENT, "255.255.255.255", 9999);
  sp_endpoint_set_broadcast (client, TRUE);
  sp_endpoint_reconfigure (server, SP_ENDPOINT_KIND_UDP_SERVER, "0.0.0.0", 5007);
  sp_endpoint_set_multicast_group (server, "224.1.1.1");
  sp_endpoint_reconfigure (server6, SP_ENDPOINT_KIND_UDP_SERVER, "::", 5007);
  sp_endpoint_set_multicast_group (server6, "ff15::1234");
  sp_endpoint_set_multicast_interface (server6, "lo");

  sp_endpoint_reconfigure (sender, SP_ENDPOINT_KIND_UDP_CLIENT, "224.1.1.1", 5007);
  sp_endpoint_set_multicast_interface (sender, "lo");
  py_sender = sp_code_generate (sender, SP_CODE_PYTHON);
  c_sender = sp_code_generate (sender, SP_CODE_C);
  g_assert_nonnull (strstr (py_sender, "import struct\n"));
  g_assert_nonnull (strstr (py_sender, "socket.IP_MULTICAST_IF,\n              struct.pack('4s4si', bytes(4), bytes(4), socket.if_nametoindex('lo')))\n"));

  py_client = sp_code_generate (client, SP_CODE_PYTHON);
  py_server = sp_code_generate (server, SP_CODE_PYTHON);
  py_server6 = sp_code_generate (server6, SP_CODE_PYTHON);
  g_assert_nonnull (strstr (py_client, "sk.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)\n"));
  g_assert_null (strstr (py_client, "import struct"));
  g_assert_nonnull (strstr (py_server, "import socket\nimport struct\n"));
  g_assert_nonnull (strstr (py_server, "sk.bind(('0.0.0.0', 5007))\nsk.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP,\n"
                                       "              struct.pack('4s4si', socket.inet_aton('224.1.1.1'), socket.inet_aton('0.0.0.0'), 0))\n"));
  g_assert_nonnull (strstr (py_server6, "socket.inet_pton(socket.AF_INET6, 'ff15::1234') + struct.pack('@I', socket.if_nametoindex('lo'))"));
  g_assert_null (strstr (py_server6, "SO_BROADCAST"));

  c_client = sp_code_generate (client, SP_CODE_C);
  c_server = sp_code_generate (server, SP_CODE_C);
  c_server6 = sp_code_generate (server6, SP_CODE_C);
  g_assert_nonnull (strstr (c_client, "setsockopt (sk, SOL_SOCKET, SO_BROADCAST, &(int) { 1 }, sizeof (int));"));
  g_assert_nonnull (strstr (c_server, "IP_ADD_MEMBERSHIP, &mreq, sizeof mreq"));
  g_assert_nonnull (strstr (c_server6, "struct ipv6_mreq mreq = { .ipv6mr_interface = if_nametoindex (\"lo\") };"));

  {
    g_autofree char *cc = g_find_program_in_path ("cc");
    g_autofree char *dir = g_dir_make_tmp ("sp-code-XXXXXX", NULL);
    g_autofree char *source = g_build_filename (dir, "demo.c", NULL);
    g_autofree char *binary = g_build_filename (dir, "demo", NULL);
    const char *programs[] = { c_client, c_server, c_server6, c_sender };

    for (guint i = 0; cc != NULL && i < G_N_ELEMENTS (programs); i++)
      {
        const char *argv[] = { cc, "-Wall", "-Werror", "-o", binary, source, NULL };
        g_autofree char *errors = NULL;
        int status = 0;

        g_assert_true (g_file_set_contents (source, programs[i], -1, NULL));
        g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                     NULL, &errors, &status, NULL));
        if (!g_spawn_check_wait_status (status, NULL))
          g_test_message ("%s\n%s", programs[i], errors);
        g_assert_true (g_spawn_check_wait_status (status, NULL));
        g_unlink (binary);
        g_unlink (source);
      }
    g_rmdir (dir);
  }
}

static gboolean
has_once_line (gpointer server)
{
  return sp_test_find_call (server, "conn1.send(b'once') → 4") != NULL;
}

/* Each call of @endpoint's trace ("sk.sendall(", "conn1.recv(") is
 * written with the same variable and method in "Copy as Python"; returns
 * how many calls it checked. */
static guint
assert_trace_in_script (SpEndpoint *endpoint)
{
  GListModel *calls = G_LIST_MODEL (sp_endpoint_get_calls (endpoint));
  g_autofree char *script = sp_code_generate (endpoint, SP_CODE_PYTHON);
  g_autoptr(GRegex) call = g_regex_new ("^[a-z][a-z0-9]*(, addr = [a-z]+)?\\.[a-z_]+\\(", 0, 0, NULL);
  guint checked = 0;

  for (guint i = 0; i < g_list_model_get_n_items (calls); i++)
    {
      g_autoptr(SpEvent) line = g_list_model_get_item (calls, i);
      g_autoptr(GMatchInfo) match = NULL;
      g_autofree char *prefix = NULL;

      if (!g_regex_match (call, sp_event_get_message (line), 0, &match))
        continue;
      prefix = g_match_info_fetch (match, 0);
      if (strstr (script, prefix) == NULL)
        g_error ("the trace says “%s”, Copy as Python has no %s:\n%s",
                 sp_event_get_message (line), prefix, script);
      checked++;
    }

  return checked;
}

/* The Calls tab names the variable and the call "Copy as Python" writes:
 * a client's sk.sendall(), not conn.send(); a server's conn1.recv(). */
static void
test_trace_matches_script (void)
{
  g_autoptr(SpEndpoint) server = start (SP_ENDPOINT_KIND_TCP_SERVER, 0);
  g_autoptr(SpEndpoint) client = start (SP_ENDPOINT_KIND_TCP_CLIENT, sp_endpoint_get_bound_port (server));
  g_autoptr(SpConnection) accepted = NULL;
  g_autoptr(GBytes) hi = g_bytes_new_static ("hi", 2);
  g_autoptr(GBytes) once = g_bytes_new_static ("once", 4);

  send_text (client, "hello");
  wait_bytes (server, 1, 5);
  accepted = g_list_model_get_item (sp_endpoint_get_connections (server), 0);
  g_assert_true (sp_endpoint_send (server, hi, accepted, NULL));
  wait_bytes (client, 1, 2);
  g_assert_nonnull (sp_test_find_call (server, "conn1.recv(1024) → b'hello'"));
  g_assert_nonnull (sp_test_find_call (server, "conn1.sendall(b'hi')"));
  g_assert_cmpuint (assert_trace_in_script (server), >=, 3);

  /* send(), not sendall(), when the pane sends once. */
  sp_endpoint_set_send_mode (server, SP_SEND_MODE_ONCE);
  g_assert_true (sp_endpoint_send (server, once, accepted, NULL));
  sp_test_wait_until (has_once_line, server, 0, "the send() line");
  {
    g_autofree char *script = sp_code_generate (server, SP_CODE_PYTHON);

    g_assert_nonnull (strstr (script, "conn1.send(b'once')"));
  }
  wait_bytes (client, 1, 6);
  sp_endpoint_stop (client);
  sp_test_wait_until (sp_test_is_stopped, client, 0, "stopped");

  g_assert_nonnull (sp_test_find_call (client, "sk.sendall(b'hello')  # send() → 5"));
  g_assert_nonnull (sp_test_find_call (client, "sk.recv(1024) → b'hi'"));
  g_assert_cmpuint (assert_trace_in_script (client), >=, 3);
}

/* Python's own repr() of bytes, which the trace and "Copy as Python" show. */
static void
test_python_bytes (void)
{
  static const guint8 all[] = "a'\\\n\r\t\x00\x1f\x7f\x80\xff ~";
  g_autofree char *whole = sp_py_bytes (all, sizeof all - 1, G_MAXSIZE);
  g_autofree char *cut = sp_py_bytes (all, sizeof all - 1, 3);
  g_autofree char *exact = sp_py_bytes (all, 3, 3);
  g_autofree char *empty = sp_py_bytes (NULL, 0, 32);

  g_assert_cmpstr (whole, ==, "b'a\\'\\\\\\n\\r\\t\\x00\\x1f\\x7f\\x80\\xff ~'");
  g_assert_cmpstr (cut, ==, "b'a\\'\\\\'…");
  g_assert_cmpstr (exact, ==, "b'a\\'\\\\'");
  g_assert_cmpstr (empty, ==, "b''");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/export/code/multicast", test_code_multicast);
  g_test_add_func ("/export/code/big-message", test_code_big_message);
  g_test_add_func ("/export/pcapng-session", test_pcapng_session);
  g_test_add_func ("/export/python-reproduces", test_python_reproduces);
  g_test_add_func ("/export/python-bytes", test_python_bytes);
  g_test_add_func ("/export/trace-matches-script", test_trace_matches_script);

  return g_test_run ();
}
