/* sp-test-peer.c: plain peer processes for the relay tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sp-test-peer.h"

#include <unistd.h>

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
sp_test_peer_spawn (const char        *program,
                    int                fd,
                    const char *const *args)
{
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, program, NULL);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
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
  g_subprocess_communicate_utf8_async (peer->process, NULL, NULL, peer_done_cb, peer);

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
  g_assert_no_error (peer->error);
  if (g_subprocess_get_exit_status (peer->process) != 0)
    g_error ("%s: %s", what, peer->out);
  g_assert_true (g_str_has_suffix (peer->out, "ok\n"));

  all = g_strsplit (peer->out, "\n", -1);
  for (guint i = 0; all[i] != NULL; i++)
    if (g_str_has_prefix (all[i], prefix))
      g_ptr_array_add (lines, g_strdup (all[i]));
  g_ptr_array_add (lines, NULL);

  g_object_unref (peer->process);
  g_free (peer->out);
  g_free (peer);
  return (char **) g_ptr_array_free (g_steal_pointer (&lines), FALSE);
}
