/* test-address-list.c: a server bound to 0.0.0.0 or :: lists this
 * machine's addresses with their port, each copyable; one bound to
 * 127.0.0.1 does not (under Xvfb, in a network namespace with a LAN of its
 * own where possible: tests/run-netns-lan.sh)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sp-local-addresses.h"
#include "sp-test-ui.h"

/* Each row's "address:port" label, in order. */
static GPtrArray *
shown_addresses (SpPane *pane)
{
  GtkWidget *list_box = sp_test_find_child (GTK_WIDGET (pane), "address_list_box");
  GPtrArray *shown = g_ptr_array_new_with_free_func (g_free);

  for (GtkWidget *row = gtk_widget_get_first_child (list_box); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *box = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));

      g_ptr_array_add (shown, g_strdup (gtk_label_get_text (GTK_LABEL (gtk_widget_get_first_child (box)))));
    }
  return shown;
}

static GtkWidget *
copy_button (SpPane *pane,
             guint   index)
{
  GtkWidget *row = gtk_widget_get_first_child (sp_test_find_child (GTK_WIDGET (pane), "address_list_box"));

  while (index-- > 0)
    row = gtk_widget_get_next_sibling (row);
  return gtk_widget_get_last_child (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row)));
}

static gboolean
is_shown (gpointer pane)
{
  return gtk_widget_get_mapped (sp_test_find_child (GTK_WIDGET (pane), "address_list"));
}

static void
start_on (SpPane     *pane,
          const char *host)
{
  SpEndpoint *endpoint = sp_pane_get_endpoint (pane);

  if (sp_endpoint_get_state (endpoint) != SP_ENDPOINT_STATE_STOPPED)
    {
      sp_test_click (pane, "start_button");
      sp_test_wait_until (sp_test_is_stopped, endpoint, 0, "stopped");
    }
  sp_test_set_text (pane, "host_entry", host);
  sp_test_set_text (pane, "port_entry", "0");
  sp_test_click (pane, "start_button");
  sp_test_wait_until (sp_test_is_running, endpoint, 0, "running");
}

/* What the list must say: the machine's own addresses with the port. */
static void
assert_lists_machine (SpPane        *pane,
                      GSocketFamily  family)
{
  g_autoptr(GPtrArray) expected = sp_local_addresses_list (family, NULL);
  g_autoptr(GPtrArray) shown = shown_addresses (pane);
  guint port = sp_endpoint_get_bound_port (sp_pane_get_endpoint (pane));

  g_assert_nonnull (expected);
  g_assert_cmpuint (shown->len, ==, expected->len);
  for (guint i = 0; i < shown->len; i++)
    {
      g_autofree char *text = sp_local_address_with_port (g_ptr_array_index (expected, i), port);

      g_test_message ("%s", (char *) g_ptr_array_index (shown, i));
      g_assert_cmpstr (g_ptr_array_index (shown, i), ==, text);
    }
  /* Nothing to list: it says why instead. */
  g_assert_true (gtk_widget_get_visible (sp_test_find_child (GTK_WIDGET (pane), "no_address_label")) == (shown->len == 0));
}

typedef struct {
  GdkClipboard *clipboard;
  char         *text;
  gboolean      done;
} ClipboardRead;

static void
read_text_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  ClipboardRead *read = data;

  read->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
  read->done = TRUE;
}

static gboolean
read_done (gpointer data)
{
  return ((ClipboardRead *) data)->done;
}

static char *
clipboard_text (GtkWidget *widget)
{
  ClipboardRead read = { gtk_widget_get_clipboard (widget), NULL, FALSE };

  gdk_clipboard_read_text_async (read.clipboard, NULL, read_text_cb, &read);
  sp_test_wait_until (read_done, &read, 0, "the clipboard's text");
  return read.text;
}

static gboolean
copied_shown (gpointer pane)
{
  return gtk_widget_get_visible (sp_test_find_child (GTK_WIDGET (pane), "address_copied_label"));
}

static void
test_wildcard_lists_addresses (void)
{
  SpWindow *window = sp_test_fresh_window ();
  SpPane *server = sp_window_get_pane (window, 0);
  gboolean lan = g_getenv ("SP_NETNS_LAN") != NULL;
  g_autofree char *first = NULL;
  g_autofree char *copied = NULL;
  g_autofree char *expected_name = NULL;
  g_autoptr(GPtrArray) shown = NULL;
  GtkWidget *button;
  const char *name;
  guint port;

  /* Not before the server runs. */
  g_assert_false (is_shown (server));

  /* 0.0.0.0: IPv4 addresses only, with the bound port. */
  start_on (server, "0.0.0.0");
  sp_test_wait_until (is_shown, server, 0, "the address list");
  g_assert_true (gtk_widget_get_visible (sp_test_find_child (GTK_WIDGET (server), "warning_label")));
  assert_lists_machine (server, G_SOCKET_FAMILY_IPV4);
  port = sp_endpoint_get_bound_port (sp_pane_get_endpoint (server));
  shown = shown_addresses (server);
  if (lan)
    {
      g_autofree char *sp0 = g_strdup_printf ("10.77.0.1:%u", port);

      g_assert_cmpuint (shown->len, ==, 1);
      g_assert_cmpstr (g_ptr_array_index (shown, 0), ==, sp0);
    }

  if (shown->len > 0)
    {
      /* Copy: "address:port" on the clipboard, and its name says which. */
      first = g_strdup (g_ptr_array_index (shown, 0));
      button = copy_button (server, 0);
      name = gtk_widget_get_tooltip_text (button);
      expected_name = g_strdup_printf ("Copy %s (%s)", first, lan ? "sp0" : "");
      if (lan)
        g_assert_cmpstr (name, ==, expected_name);
      else
        g_assert_true (g_str_has_prefix (name, "Copy "));
      gtk_widget_activate (button);
      sp_test_wait_until (copied_shown, server, 0, "“Copied”");
      copied = clipboard_text (button);
      g_assert_cmpstr (copied, ==, first);
    }

  /* ::: a dual-stack socket, so IPv4 first, then IPv6, link-local with
   * its interface as the scope. */
  start_on (server, "::");
  sp_test_wait_until (is_shown, server, 0, "the address list for ::");
  assert_lists_machine (server, G_SOCKET_FAMILY_IPV6);
  if (lan)
    {
      g_autoptr(GPtrArray) all = shown_addresses (server);
      g_autofree char *v4 = g_strdup_printf ("10.77.0.1:%u", sp_endpoint_get_bound_port (sp_pane_get_endpoint (server)));
      g_autofree char *v6 = g_strdup_printf ("[fd77::1]:%u", sp_endpoint_get_bound_port (sp_pane_get_endpoint (server)));

      g_assert_cmpuint (all->len, >=, 3);
      g_assert_cmpstr (g_ptr_array_index (all, 0), ==, v4);
      g_assert_cmpstr (g_ptr_array_index (all, 1), ==, v6);
      g_assert_true (g_str_has_prefix (g_ptr_array_index (all, 2), "[fe80::"));
      g_assert_nonnull (strstr (g_ptr_array_index (all, 2), "%sp"));
    }

  /* 127.0.0.1: only this computer can connect; no list, no warning. The
   * server running is the proof the change was seen. */
  start_on (server, "127.0.0.1");
  g_assert_false (is_shown (server));
  g_assert_false (gtk_widget_get_visible (sp_test_find_child (GTK_WIDGET (server), "warning_label")));

  /* Stopped: gone. */
  start_on (server, "0.0.0.0");
  sp_test_wait_until (is_shown, server, 0, "the list again");
  sp_test_click (server, "start_button");
  sp_test_wait_until (sp_test_is_stopped, sp_pane_get_endpoint (server), 0, "stopped");
  g_assert_false (is_shown (server));
}

/* UDP servers and relays list them too; clients never do. */
static void
test_other_kinds (void)
{
  SpWindow *window = sp_test_fresh_window ();
  SpPane *client = sp_window_get_pane (window, 1);
  SpPane *udp = sp_window_add_pane (window, SP_ENDPOINT_KIND_UDP_SERVER);
  SpPane *relay = sp_window_add_pane (window, SP_ENDPOINT_KIND_TCP_RELAY);

  start_on (udp, "0.0.0.0");
  sp_test_wait_until (is_shown, udp, 0, "a UDP server's list");
  assert_lists_machine (udp, G_SOCKET_FAMILY_IPV4);

  sp_test_set_text (relay, "target_host_entry", "127.0.0.1");
  sp_test_set_text (relay, "target_port_entry", "9");
  start_on (relay, "0.0.0.0");
  sp_test_wait_until (is_shown, relay, 0, "a relay's list");
  assert_lists_machine (relay, G_SOCKET_FAMILY_IPV4);

  /* A client connecting to 0.0.0.0 is not a server: no list. */
  sp_test_set_text (client, "host_entry", "0.0.0.0");
  g_assert_false (is_shown (client));

  /* Refresh reads them again: the same list. */
  sp_test_click (udp, "address_refresh_button");
  assert_lists_machine (udp, G_SOCKET_FAMILY_IPV4);
}

int
main (int   argc,
      char *argv[])
{
  sp_test_ui_init (&argc, &argv);

  g_test_add_func ("/address-list/wildcard", test_wildcard_lists_addresses);
  g_test_add_func ("/address-list/other-kinds", test_other_kinds);

  return g_test_run ();
}
