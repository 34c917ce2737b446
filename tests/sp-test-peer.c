/* sp-test-peer.c: sp-relay-peer processes and plain listeners for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <unistd.h>

#include "sp-test-peer.h"
#include "sp-test-util.h"

struct _SpTestPeer {
  GSubprocess *process;
  char        *out;
  GError      *error;
  gboolean     done;
};

static void
peer_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      data)
{
  SpTestPeer *peer = data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result, &peer->out, NULL, &peer->error);
  peer->done = TRUE;
}

static gboolean
peer_is_done (gpointer data)
{
  SpTestPeer *peer = data;

  return peer->done && g_subprocess_get_if_exited (peer->process);
}

SpTestPeer *
sp_test_peer_spawn (int                listen_fd,
                    const char *const *args)
{
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, "sp-relay-peer", NULL);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  SpTestPeer *peer = g_new0 (SpTestPeer, 1);

  g_ptr_array_add (argv, path);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  if (listen_fd >= 0)
    g_subprocess_launcher_take_fd (launcher, dup (listen_fd), 3);
  peer->process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (peer->process, NULL, NULL, peer_done_cb, peer);

  return peer;
}

char **
sp_test_peer_finish (SpTestPeer *peer,
                     const char *what)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new ();
  g_auto(GStrv) all = NULL;

  sp_test_wait_until (peer_is_done, peer, 120000, what);
  g_assert_no_error (peer->error);
  if (g_subprocess_get_exit_status (peer->process) != 0)
    g_error ("%s: %s", what, peer->out);
  g_assert_true (g_str_has_suffix (peer->out, "ok\n"));

  all = g_strsplit (peer->out, "\n", -1);
  for (guint i = 0; all[i] != NULL; i++)
    if (g_str_has_prefix (all[i], "conn "))
      g_ptr_array_add (lines, g_strdup (all[i]));
  g_ptr_array_add (lines, NULL);

  g_object_unref (peer->process);
  g_free (peer->out);
  g_free (peer);
  return (char **) g_ptr_array_free (g_steal_pointer (&lines), FALSE);
}

GSocket *
sp_test_plain_listener (guint *port)
{
  g_autoptr(GSocket) listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, 0, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (listener, address, FALSE, NULL));
  g_socket_set_listen_backlog (listener, 128);
  g_assert_true (g_socket_listen (listener, NULL));
  bound = g_socket_get_local_address (listener, NULL);
  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));

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

  server = sp_test_peer_spawn (g_socket_get_fd (listener),
                               (const char *[]) { "server", count, "0", "1", "echo", NULL });
  relay_port = g_strdup_printf ("%u", sp_endpoint_get_bound_port (relay));
  client = sp_test_peer_spawn (-1, (const char *[]) { "client", relay_port, count, size, "5", NULL });
  client_lines = sp_test_peer_finish (client, "the client peer");
  server_lines = sp_test_peer_finish (server, "the server peer");
  g_assert_cmpuint (g_strv_length (client_lines), ==, n_clients);
  sp_test_wait_until (sp_test_has_n_connections, &none, 0, "the relay closes every pair");

  return server_port;
}
