/* sp-test-peer.c: plain peer processes and plain listeners for the relay tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sp-test-peer.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "sp-code-gen.h"
#include "sp-test-util.h"

struct _SpTestPeer {
  GSubprocess  *process;
  SpTestOutput  output;
};

static gboolean
peer_is_done (gpointer data)
{
  SpTestPeer *peer = data;

  return peer->output.done && g_subprocess_get_if_exited (peer->process);
}

/* A test that fails does not wait for its children: they end with it. */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

GSubprocessLauncher *
sp_test_launcher_new (GSubprocessFlags flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  return launcher;
}

SpTestPeer *
sp_test_peer_spawn (const char        *program,
                    int                fd,
                    const char *const *args)
{
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, program, NULL);
  g_autoptr(GSubprocessLauncher) launcher = sp_test_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  SpTestPeer *peer = g_new0 (SpTestPeer, 1);

  g_ptr_array_add (argv, path);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  if (fd >= 0)
    g_subprocess_launcher_take_fd (launcher, dup (fd), 3);
  peer->process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  sp_test_output_start (&peer->output, peer->process);

  return peer;
}

char **
sp_test_peer_finish (SpTestPeer *peer,
                     const char *what,
                     const char *prefix)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new ();
  g_auto(GStrv) all = NULL;

  sp_test_wait_until (peer_is_done, peer, 120000, what);
  g_assert_no_error (peer->output.error);
  if (g_subprocess_get_exit_status (peer->process) != 0)
    g_error ("%s: %s", what, peer->output.out);
  g_assert_true (g_str_has_suffix (peer->output.out, "ok\n"));

  all = g_strsplit (peer->output.out, "\n", -1);
  for (guint i = 0; all[i] != NULL; i++)
    if (g_str_has_prefix (all[i], prefix))
      g_ptr_array_add (lines, g_strdup (all[i]));
  g_ptr_array_add (lines, NULL);

  g_object_unref (peer->process);
  g_free (peer->output.out);
  g_free (peer);
  return (char **) g_ptr_array_free (g_steal_pointer (&lines), FALSE);
}

void
sp_test_code_has (SpEndpoint        *endpoint,
                  gboolean           is_c,
                  const char *const *parts)
{
  g_autofree char *code = sp_code_generate (endpoint, is_c ? SP_CODE_C : SP_CODE_PYTHON);

  g_test_message ("%s", code);
  for (guint i = 0; parts[i] != NULL; i++)
    if (strstr (code, parts[i]) == NULL)
      g_error ("no \"%s\" in the program above", parts[i]);
  sp_test_program_builds (code, is_c);
}

char *
sp_test_program_build_c (const char *code)
{
  g_autofree char *compiler = g_find_program_in_path ("cc");
  g_autofree char *dir = NULL;
  g_autofree char *source = NULL;
  g_autoptr(GSubprocess) check = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *errors = NULL;
  char *binary;

  if (compiler == NULL)
    {
      g_test_skip ("no cc to build the program");
      return NULL;
    }

  dir = g_dir_make_tmp ("sp-relay-XXXXXX", &error);
  g_assert_no_error (error);
  source = g_build_filename (dir, "relay.c", NULL);
  binary = g_build_filename (dir, "relay", NULL);
  g_assert_true (g_file_set_contents (source, code, -1, NULL));
  check = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_PIPE, &error, compiler, "-Wall", "-Wextra",
                            "-Werror", "-o", binary, source, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (check, NULL, NULL, NULL, &errors, &error));
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (check))
    g_error ("%s\n%s", code, errors);
  g_unlink (source);

  return binary;
}

void
sp_test_program_remove (const char *binary)
{
  g_autofree char *dir = g_path_get_dirname (binary);

  g_unlink (binary);
  g_rmdir (dir);
}

gboolean
sp_test_program_builds (const char *code,
                        gboolean    is_c)
{
  g_autofree char *python = NULL;
  g_autoptr(GSubprocess) check = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *errors = NULL;

  if (is_c)
    {
      g_autofree char *binary = sp_test_program_build_c (code);

      if (binary != NULL)
        sp_test_program_remove (binary);
      return binary != NULL;
    }

  python = g_find_program_in_path ("python3");
  if (python == NULL)
    {
      g_test_skip ("no python3 to check the program's syntax");
      return FALSE;
    }

  check = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_PIPE, &error, python, "-c",
                            "import sys; compile(sys.argv[1], 'relay.py', 'exec')", code, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (check, NULL, NULL, NULL, &errors, &error));
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (check))
    g_error ("%s\n%s", code, errors);
  return TRUE;
}

GSocket *
sp_test_plain_listener (guint *port)
{
  g_autoptr(GSocket) listener = sp_test_plain_bound (G_SOCKET_TYPE_STREAM, port);

  g_socket_set_listen_backlog (listener, 128);
  g_assert_true (g_socket_listen (listener, NULL));

  return g_steal_pointer (&listener);
}

guint
sp_test_relay_echo (SpEndpoint *relay,
                    guint       n_clients,
                    guint       bytes)
{
  guint server_port;
  g_autoptr(GSocket) listener = sp_test_plain_listener (&server_port);
  g_autofree char *count = g_strdup_printf ("%u", n_clients);
  g_autofree char *size = g_strdup_printf ("%u", bytes);
  g_autofree char *relay_port = NULL;
  g_auto(GStrv) client_lines = NULL;
  g_auto(GStrv) server_lines = NULL;
  SpTestCount none = { relay, 0 };
  SpTestPeer *server, *client;

  sp_endpoint_reconfigure (relay, SP_ENDPOINT_KIND_TCP_RELAY, "127.0.0.1", 0);
  sp_endpoint_set_target_host (relay, "127.0.0.1");
  sp_endpoint_set_target_port (relay, server_port);
  sp_endpoint_start (relay);
  sp_test_wait_until (sp_test_is_running, relay, 0, "the relay listens");

  server = sp_test_peer_spawn ("sp-relay-peer", g_socket_get_fd (listener),
                               (const char *[]) { "server", count, "0", "1", "echo", NULL });
  relay_port = g_strdup_printf ("%u", sp_endpoint_get_bound_port (relay));
  client = sp_test_peer_spawn ("sp-relay-peer", -1, (const char *[]) { "client", relay_port, count, size, "5", NULL });
  client_lines = sp_test_peer_finish (client, "the client peer", "conn ");
  server_lines = sp_test_peer_finish (server, "the server peer", "conn ");
  g_assert_cmpuint (g_strv_length (client_lines), ==, n_clients);
  sp_test_wait_until (sp_test_has_n_connections, &none, 0, "the relay closes every pair");

  return server_port;
}
