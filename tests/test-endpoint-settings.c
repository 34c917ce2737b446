/* test-endpoint-settings.c: kind, host and port as a student types them:
 * each mistake refused inline, nothing started (under Xvfb)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sp-framing-editor.h"
#include "sp-test-ui.h"

#include <string.h>

static void
assert_refused (SpPane     *pane,
                const char *entry,
                const char *text)
{
  GtkWidget *label = sp_test_find_child (GTK_WIDGET (pane), "field_error_label");

  sp_test_set_text (pane, entry, text);
  g_assert_true (gtk_widget_get_visible (label));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), !=, "");
  g_test_message ("%s “%s”: %s", entry, text, gtk_label_get_text (GTK_LABEL (label)));
  g_signal_emit_by_name (sp_test_find_child (GTK_WIDGET (pane), "start_button"), "clicked");
  g_assert_cmpint (sp_endpoint_get_state (sp_pane_get_endpoint (pane)), ==, SP_ENDPOINT_STATE_STOPPED);
}

/* Bad input is refused inline, nothing starts; fixed, the message goes. */
static void
test_refused (void)
{
  SpWindow *window = sp_window_new (NULL);
  SpPane *server;
  GtkWidget *error_label;

  gtk_window_present (GTK_WINDOW (window));
  server = sp_window_get_pane (window, 0);

  sp_test_set_text (server, "port_entry", "65536");
  error_label = sp_test_find_child (GTK_WIDGET (server), "field_error_label");
  g_assert_true (gtk_widget_get_visible (error_label));
  g_signal_emit_by_name (sp_test_find_child (GTK_WIDGET (server), "start_button"), "clicked");
  g_assert_cmpint (sp_endpoint_get_state (sp_pane_get_endpoint (server)), ==, SP_ENDPOINT_STATE_STOPPED);

  sp_test_set_text (server, "port_entry", "0");
  g_assert_false (gtk_widget_get_visible (error_label));

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
shows_error (gpointer data)
{
  SpPane *pane = data;

  return sp_endpoint_get_state (sp_pane_get_endpoint (pane)) == SP_ENDPOINT_STATE_STOPPED &&
         sp_test_find_visible_label (GTK_WIDGET (pane), "not found") != NULL;
}

/* What a student may type: each refused inline, nothing started. */
static void
test_bad_address (void)
{
  SpWindow *window = sp_test_fresh_window ();
  SpPane *server, *client;
  const char *ports[] = { "", "-1", "65536", "abc", " 80" };
  const char *hosts[] = { "", "999.1.1.1", "::g" };

  server = sp_window_get_pane (window, 0);
  client = sp_window_get_pane (window, 1);

  for (guint i = 0; i < G_N_ELEMENTS (ports); i++)
    assert_refused (server, "port_entry", ports[i]);
  sp_test_set_text (server, "port_entry", "0");
  for (guint i = 0; i < G_N_ELEMENTS (hosts); i++)
    assert_refused (server, "host_entry", hosts[i]);
  sp_test_set_text (server, "host_entry", "127.0.0.1");
  g_assert_false (gtk_widget_get_visible (sp_test_find_child (GTK_WIDGET (server), "field_error_label")));

  /* A name that does not resolve: said inline, the pane stays stopped. */
  sp_test_set_text (client, "host_entry", "no-such-host.invalid");
  sp_test_set_text (client, "port_entry", "9");
  sp_test_click (client, "start_button");
  sp_test_wait_until (shows_error, client, 30000, "an error for a name that does not resolve");
  g_test_message ("%s", gtk_label_get_text (GTK_LABEL (sp_test_find_visible_label (GTK_WIDGET (client), "not found"))));

  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct {
  GSocket *listener;
  GSocket *accepted;
} Accept;

static gboolean
accepted (gpointer data)
{
  Accept *a = data;

  if (a->accepted == NULL)
    a->accepted = g_socket_accept (a->listener, NULL, NULL);
  return a->accepted != NULL;
}

static gboolean
label_shown (gpointer data)
{
  gpointer *pane_and_text = data;

  return sp_test_find_visible_label (pane_and_text[0], pane_and_text[1]) != NULL;
}

/* A pane made a TCP relay: its target asked for and checked inline, then
 * a plain client's bytes reach a plain server through it, and the peer
 * list shows the pair. */
static void
test_relay_pane (void)
{
  SpWindow *window = sp_test_fresh_window ();
  SpPane *relay = sp_window_get_pane (window, 0);
  GtkWidget *target_box = sp_test_find_child (GTK_WIDGET (relay), "target_box");
  GtkWidget *error_label = sp_test_find_child (GTK_WIDGET (relay), "field_error_label");
  g_autoptr(GSocket) listener = NULL;
  g_autoptr(GSocket) client = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, 0, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  guint server_port;
  g_autoptr(GSocketAddress) relay_address = NULL;
  g_autoptr(GByteArray) got = g_byte_array_new ();
  g_autofree char *target_port = NULL;
  SpEndpoint *endpoint = sp_pane_get_endpoint (relay);
  Accept a = { NULL, NULL };
  SpTestDrain drain = { NULL, got, 5, FALSE };
  gpointer pair_row[] = { relay, "server side" };

  g_assert_false (gtk_widget_get_visible (target_box));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (sp_test_find_child (GTK_WIDGET (relay), "kind_dropdown")),
                              SP_ENDPOINT_KIND_TCP_RELAY);
  g_assert_cmpint (sp_endpoint_get_kind (endpoint), ==, SP_ENDPOINT_KIND_TCP_RELAY);
  g_assert_true (gtk_widget_get_visible (target_box));
  g_assert_false (gtk_widget_get_visible (sp_test_find_child (GTK_WIDGET (relay), "composer")));

  /* Each bad target refused inline, naming the target; nothing starts. */
  sp_test_set_text (relay, "port_entry", "0");
  sp_test_set_text (relay, "target_port_entry", "0");
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (error_label)), "Target: "));
  sp_test_click (relay, "start_button");
  g_assert_cmpint (sp_endpoint_get_state (endpoint), ==, SP_ENDPOINT_STATE_STOPPED);
  sp_test_set_text (relay, "target_port_entry", "8082");
  g_assert_false (gtk_widget_get_visible (error_label));
  sp_test_set_text (relay, "target_host_entry", "0.0.0.0");
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "0.0.0.0"));
  sp_test_click (relay, "start_button");
  g_assert_cmpint (sp_endpoint_get_state (endpoint), ==, SP_ENDPOINT_STATE_STOPPED);

  /* A real server behind it. */
  listener = sp_test_plain_bound (G_SOCKET_TYPE_STREAM, &server_port);
  g_assert_true (g_socket_listen (listener, NULL));
  g_socket_set_blocking (listener, FALSE);
  a.listener = listener;
  target_port = g_strdup_printf ("%u", server_port);
  sp_test_set_text (relay, "target_host_entry", "127.0.0.1");
  sp_test_set_text (relay, "target_port_entry", target_port);
  g_assert_false (gtk_widget_get_visible (error_label));
  g_assert_cmpuint (sp_endpoint_get_target_port (endpoint), ==, g_ascii_strtoull (target_port, NULL, 10));

  sp_test_click (relay, "start_button");
  sp_test_wait_until (sp_test_pane_is_running, relay, 0, "the relay listens");
  g_assert_nonnull (sp_test_find_visible_label (GTK_WIDGET (relay), "Relaying"));
  g_assert_false (gtk_widget_get_sensitive (target_box));

  relay_address = g_inet_socket_address_new (loopback, sp_endpoint_get_bound_port (endpoint));
  g_assert_true (g_socket_connect (client, relay_address, NULL, NULL));
  sp_test_wait_until (accepted, &a, 0, "the relay connects on to the server");
  g_assert_cmpint (g_socket_send (client, "hello", 5, NULL, NULL), ==, 5);
  drain.socket = a.accepted;
  g_socket_set_blocking (a.accepted, FALSE);
  sp_test_wait_until (sp_test_drain_some, &drain, 0, "the server gets the client's bytes");
  g_assert_cmpmem (got->data, got->len, "hello", 5);
  sp_test_wait_until (label_shown, pair_row, 0, "the peer list shows the pair");
  g_assert_nonnull (sp_test_find_visible_label (GTK_WIDGET (relay), "client side"));

  /* Pausing one side is a toggle of the pane, and the engine's. */
  g_assert_true (gtk_widget_get_visible (sp_test_find_child (GTK_WIDGET (relay), "relay_pause_box")));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (sp_test_find_child (GTK_WIDGET (relay), "pause_server_button")), TRUE);
  g_assert_true (sp_endpoint_get_relay_paused (endpoint, SP_RELAY_SIDE_SERVER));
  g_assert_false (sp_endpoint_get_relay_paused (endpoint, SP_RELAY_SIDE_CLIENT));

  g_clear_object (&a.accepted);
  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct {
  GSocket    *socket;
  GByteArray *got;
} Datagram;

static gboolean
has_datagram (gpointer data)
{
  Datagram *d = data;
  char buffer[256];
  gssize n = g_socket_receive (d->socket, buffer, sizeof buffer, NULL, NULL);

  if (n > 0)
    g_byte_array_append (d->got, (guint8 *) buffer, n);
  return d->got->len > 0;
}

/* A pane made a UDP relay: the target row, the idle timeout among the
 * socket options, and a plain client's datagram reaching a plain server
 * through a mapping the peer list shows. */
static void
test_udp_relay_pane (void)
{
  SpWindow *window = sp_test_fresh_window ();
  SpPane *relay = sp_window_get_pane (window, 0);
  GtkWidget *target_box = sp_test_find_child (GTK_WIDGET (relay), "target_box");
  g_autoptr(GSocket) server = NULL;
  g_autoptr(GSocket) client = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM, 0, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  guint server_port;
  g_autoptr(GSocketAddress) relay_address = NULL;
  g_autoptr(GByteArray) got = g_byte_array_new ();
  g_autofree char *target_port = NULL;
  SpEndpoint *endpoint = sp_pane_get_endpoint (relay);
  Datagram d = { NULL, got };
  gpointer mapping_row[] = { relay, "upstream 127.0.0.1:" };

  gtk_drop_down_set_selected (GTK_DROP_DOWN (sp_test_find_child (GTK_WIDGET (relay), "kind_dropdown")),
                              SP_ENDPOINT_KIND_UDP_RELAY);
  g_assert_cmpint (sp_endpoint_get_kind (endpoint), ==, SP_ENDPOINT_KIND_UDP_RELAY);
  g_assert_true (gtk_widget_get_visible (target_box));
  g_assert_true (gtk_widget_get_visible (sp_test_find_child (GTK_WIDGET (relay), "relay_pause_box")));
  g_assert_false (gtk_widget_get_visible (sp_test_find_child (GTK_WIDGET (relay), "composer")));
  sp_test_open_socket_options (relay);
  g_assert_true (gtk_widget_get_visible (sp_test_find_child (GTK_WIDGET (relay), "idle_spin")));
  /* A relay passes datagrams on whole: no send()/sendall() to choose. */
  g_assert_false (gtk_widget_get_visible (sp_test_find_child (GTK_WIDGET (relay), "send_mode_dropdown")));
  g_assert_false (gtk_widget_get_visible (sp_test_find_child (GTK_WIDGET (relay), "interface_entry")));
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (sp_test_find_child (GTK_WIDGET (relay), "idle_spin"))),
                     ==, 60.0);
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (sp_test_find_child (GTK_WIDGET (relay), "pause_server_button")),
                            "wait whole"));

  server = sp_test_plain_bound (G_SOCKET_TYPE_DATAGRAM, &server_port);
  g_socket_set_blocking (server, FALSE);
  d.socket = server;
  target_port = g_strdup_printf ("%u", server_port);
  sp_test_set_text (relay, "port_entry", "0");
  sp_test_set_text (relay, "target_host_entry", "127.0.0.1");
  sp_test_set_text (relay, "target_port_entry", target_port);

  sp_test_click (relay, "start_button");
  sp_test_wait_until (sp_test_pane_is_running, relay, 0, "the relay binds");
  g_assert_nonnull (sp_test_find_visible_label (GTK_WIDGET (relay), "Relaying"));

  relay_address = g_inet_socket_address_new (loopback, sp_endpoint_get_bound_port (endpoint));
  g_assert_cmpint (g_socket_send_to (client, relay_address, "hello", 5, NULL, NULL), ==, 5);
  sp_test_wait_until (has_datagram, &d, 0, "the server gets the client's datagram");
  g_assert_cmpmem (got->data, got->len, "hello", 5);
  sp_test_wait_until (label_shown, mapping_row, 0, "the peer list shows the mapping");
  g_assert_nonnull (sp_test_find_visible_label (GTK_WIDGET (relay), "1 client mapped · forgotten after 60 s idle"));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* As lessons and session files write a framing. */
static SpFramingConfig
framing_named (const char *name)
{
  SpFramingConfig config;

  g_assert_true (sp_framing_config_from_string (name, &config, NULL));
  return config;
}

static void
assert_framing (SpEndpoint            *endpoint,
                const SpFramingConfig *expected)
{
  g_autofree char *have = sp_framing_config_describe (sp_endpoint_get_framing (endpoint));
  g_autofree char *want = sp_framing_config_describe (expected);

  g_assert_cmpstr (have, ==, want);
  g_assert_cmpmem (sp_endpoint_get_framing (endpoint), sizeof *expected, expected, sizeof *expected);
}

/* The framing editor is made when its menu first opens. Before and after,
 * the switch turns on the framing the editor shows (or will), and a
 * framing set from elsewhere (a lesson) is what it shows. */
static void
test_framing_editor (void)
{
  SpWindow *window = sp_test_fresh_window ();
  SpPane *pane = sp_window_get_pane (window, 0);
  SpEndpoint *endpoint = sp_pane_get_endpoint (pane);
  GtkMenuButton *button = GTK_MENU_BUTTON (sp_test_find_child (GTK_WIDGET (pane), "framing_button"));
  GtkSwitch *framing_switch = GTK_SWITCH (sp_test_find_child (GTK_WIDGET (pane), "framing_switch"));
  GtkLabel *framing_label = GTK_LABEL (sp_test_find_child (GTK_WIDGET (pane), "framing_label"));
  SpFramingConfig python = framing_named ("python-i");
  SpFramingConfig lines = framing_named ("lines");
  SpFramingConfig network = framing_named ("network-i");
  SpFramingConfig shown;
  GtkWidget *editor;

  g_assert_null (gtk_popover_get_child (gtk_menu_button_get_popover (button)));

  /* No editor yet: the switch turns on a new editor's framing. */
  gtk_switch_set_active (framing_switch, TRUE);
  assert_framing (endpoint, &python);
  gtk_switch_set_active (framing_switch, FALSE);
  g_assert_cmpint (sp_endpoint_get_framing (endpoint)->mode, ==, SP_FRAMING_OFF);

  /* A lesson turns lines on: the editor, made now, shows them, its
   * preset row too. */
  g_assert_true (sp_endpoint_set_framing (endpoint, &lines, NULL));
  g_assert_true (gtk_switch_get_active (framing_switch));
  gtk_menu_button_popup (button);
  editor = gtk_popover_get_child (gtk_menu_button_get_popover (button));
  g_assert_true (SP_IS_FRAMING_EDITOR (editor));
  g_assert_true (sp_framing_editor_get_config (SP_FRAMING_EDITOR (editor), &shown));
  g_assert_cmpmem (&shown, sizeof shown, &lines, sizeof lines);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (sp_test_find_child (editor, "preset_dropdown"))), ==, 2);

  /* Chosen in the editor: applied at once, and again after off and on. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (sp_test_find_child (editor, "preset_dropdown")), 1);
  assert_framing (endpoint, &network);
  gtk_switch_set_active (framing_switch, FALSE);
  gtk_switch_set_active (framing_switch, TRUE);
  assert_framing (endpoint, &network);

  /* Fields that make no framing (a delimiter that is not hex): the pane
   * keeps the one it has, and says so. The delimiter's fields count only
   * once the mode is a delimiter. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (sp_test_find_child (editor, "delimiter_dropdown")), 3);
  gtk_editable_set_text (GTK_EDITABLE (sp_test_find_child (editor, "delimiter_entry")), "zz");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (sp_test_find_child (editor, "mode_dropdown")), 1);
  g_assert_false (sp_framing_editor_get_config (SP_FRAMING_EDITOR (editor), &shown));
  assert_framing (endpoint, &network);
  g_assert_cmpstr (gtk_label_get_text (framing_label), ==, "Framing settings are incomplete");
  gtk_menu_button_popdown (button);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  sp_test_ui_init (&argc, &argv);

  g_test_add_func ("/endpoint-settings/refused", test_refused);
  g_test_add_func ("/endpoint-settings/bad-address", test_bad_address);
  g_test_add_func ("/endpoint-settings/relay-pane", test_relay_pane);
  g_test_add_func ("/endpoint-settings/udp-relay-pane", test_udp_relay_pane);
  g_test_add_func ("/endpoint-settings/framing-editor", test_framing_editor);

  return g_test_run ();
}
