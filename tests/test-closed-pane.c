/* test-closed-pane.c: a closed pane kept for Undo: its endpoint stopped,
 * its log whole, its composer's text, its place
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sp-closed-pane.h"
#include "sp-test-util.h"

static gboolean
is_freed (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
test_keeps_and_stops (void)
{
  g_autoptr(SpEndpoint) server = sp_endpoint_new (SP_ENDPOINT_KIND_TCP_SERVER);
  g_autoptr(SpEndpoint) client = sp_endpoint_new (SP_ENDPOINT_KIND_TCP_CLIENT);
  SpClosedPane *closed;
  gpointer watch;
  guint before;
  gboolean hex = FALSE;
  SpTestCount one = { NULL, 1 };

  sp_endpoint_set_host (server, "127.0.0.1");
  sp_endpoint_set_port (server, 0);
  sp_endpoint_start (server);
  sp_test_wait_until (sp_test_is_running, server, 0, "server");
  sp_endpoint_set_host (client, "127.0.0.1");
  sp_endpoint_set_port (client, sp_endpoint_get_bound_port (server));
  sp_endpoint_start (client);
  one.endpoint = server;
  sp_test_wait_until (sp_test_has_connections, &one, 0, "the client accepted");
  before = g_list_model_get_n_items (G_LIST_MODEL (sp_endpoint_get_events (server)));

  closed = sp_closed_pane_new (server, 3, 1, SP_TEXT_ENCODING_GBK, "48 69", TRUE);
  /* Its sockets close at once; the log keeps what happened, and more:
   * the close itself. */
  g_assert_cmpint (sp_endpoint_get_state (server), ==, SP_ENDPOINT_STATE_STOPPED);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (sp_endpoint_get_events (server))), >, before);
  g_assert_true (sp_closed_pane_get_endpoint (closed) == server);
  g_assert_cmpuint (sp_closed_pane_get_number (closed), ==, 3);
  g_assert_cmpuint (sp_closed_pane_get_position (closed), ==, 1);
  g_assert_cmpint (sp_closed_pane_get_encoding (closed), ==, SP_TEXT_ENCODING_GBK);
  g_assert_cmpstr (sp_closed_pane_get_message (closed, &hex), ==, "48 69");
  g_assert_true (hex);

  /* It holds the endpoint, log and all, until it goes. */
  watch = server;
  g_object_add_weak_pointer (watch, &watch);
  g_clear_object (&server);
  g_assert_nonnull (watch);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (sp_endpoint_get_events (watch))), >, before);
  g_object_unref (closed);
  sp_test_wait_until (is_freed, &watch, 0, "the endpoint to be freed with the closed pane");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/closed-pane/keeps-and-stops", test_keeps_and_stops);

  return g_test_run ();
}
