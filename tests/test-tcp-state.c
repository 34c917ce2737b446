/* test-tcp-state.c: the kernel's TCP table, parsed from /proc/net/tcp and
 * /proc/net/tcp6 text recorded on Linux (x86_64): a listener with an open,
 * a closed (TIME_WAIT) and a half-closed (FIN_WAIT2/CLOSE_WAIT) connection,
 * on 127.0.0.1, ::1 and the wildcard addresses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>

#include "sp-tcp-state.h"

/* Sockets on ports 43181 (127.0.0.1) and 34527 (0.0.0.0); other lines of
 * the recording were left out. */
static const char tcp4[] =
  "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode                                                     \n"
  "   0: 0100007F:A8AD 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 306195 1 00000000f0ec04d5 100 0 0 10 0                    \n"
  "   1: 00000000:86DF 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 306268 1 00000000f0ec04d5 100 0 0 10 0                    \n"
  "   2: 0100007F:E5D6 0100007F:A8AD 01 00000000:00000000 00:00000000 00000000     0        0 306196 2 000000000f1eca85 20 0 0 11 -1                    \n"
  "   3: 0100007F:E5D8 0100007F:A8AD 06 00000000:00000000 03:00001766 00000000     0        0 0 3 000000003b645fc1                                      \n"
  "   4: 0100007F:A8AD 0100007F:E5D6 01 00000000:00000005 00:00000000 00000000     0        0 306197 1 0000000040e86140 20 4 30 10 -1                   \n"
  "   5: 0100007F:86DF 0100007F:DC28 08 00000000:00000001 00:00000000 00000000     0        0 306270 1 000000000f1eca85 20 4 0 10 -1                    \n"
  "   6: 0100007F:DC28 0100007F:86DF 05 00000000:00000000 03:0000176A 00000000     0        0 0 3 00000000cb158081                                      \n";

/* Sockets on ports 43903 (::1) and 52559 (::). */
static const char tcp6[] =
  "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
  "   0: 00000000000000000000000001000000:AB7F 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 306201 1 000000009a132065 100 0 0 10 0\n"
  "   1: 00000000000000000000000001000000:A208 00000000000000000000000001000000:AB7F 01 00000000:00000000 00:00000000 00000000     0        0 306202 2 0000000011841ea9 20 0 0 11 -1\n"
  "   2: 00000000000000000000000001000000:A212 00000000000000000000000001000000:AB7F 06 00000000:00000000 03:00001765 00000000     0        0 0 3 0000000047b3ccb4\n"
  "   3: 00000000000000000000000001000000:AB7F 00000000000000000000000001000000:A208 01 00000000:00000005 00:00000000 00000000     0        0 306203 1 0000000012cf537b 20 4 30 10 -1\n"
  "   4: 00000000000000000000000000000000:CD4F 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 306278 1 000000009a132065 100 0 0 10 0\n";

/* The kernel writes addresses as 32-bit words in the host's byte order:
 * the recording reads right on little-endian hosts only. */
static gboolean
recording_applies (void)
{
  if (G_BYTE_ORDER == G_LITTLE_ENDIAN)
    return TRUE;

  g_test_skip ("the recording is of a little-endian host");
  return FALSE;
}

static void
assert_state (GHashTable *states,
              const char *local,
              const char *remote,
              const char *expected)
{
  g_assert_cmpstr (sp_tcp_states_find (states, local, remote), ==, expected);
}

static void
test_ipv4 (void)
{
  g_autoptr(GHashTable) states = sp_tcp_states_new ();

  if (!recording_applies ())
    return;
  sp_tcp_states_parse (states, tcp4);

  g_assert_cmpuint (g_hash_table_size (states), ==, 7);
  assert_state (states, "127.0.0.1:43181", "0.0.0.0:0", "LISTEN");
  assert_state (states, "0.0.0.0:34527", "0.0.0.0:0", "LISTEN");
  /* Both ends of one connection. */
  assert_state (states, "127.0.0.1:58838", "127.0.0.1:43181", "ESTABLISHED");
  assert_state (states, "127.0.0.1:43181", "127.0.0.1:58838", "ESTABLISHED");
  /* The end that closed first waits; its peer is gone from the table. */
  assert_state (states, "127.0.0.1:58840", "127.0.0.1:43181", "TIME_WAIT");
  assert_state (states, "127.0.0.1:43181", "127.0.0.1:58840", NULL);
  /* Half closed: the client closed, the server did not yet. */
  assert_state (states, "127.0.0.1:56360", "127.0.0.1:34527", "FIN_WAIT2");
  assert_state (states, "127.0.0.1:34527", "127.0.0.1:56360", "CLOSE_WAIT");
  /* Order matters: local first. */
  assert_state (states, "0.0.0.0:0", "127.0.0.1:43181", NULL);
}

static void
test_ipv6 (void)
{
  g_autoptr(GHashTable) states = sp_tcp_states_new ();

  if (!recording_applies ())
    return;
  sp_tcp_states_parse (states, tcp6);

  g_assert_cmpuint (g_hash_table_size (states), ==, 5);
  assert_state (states, "[::1]:43903", "[::]:0", "LISTEN");
  assert_state (states, "[::]:52559", "[::]:0", "LISTEN");
  assert_state (states, "[::1]:41480", "[::1]:43903", "ESTABLISHED");
  assert_state (states, "[::1]:43903", "[::1]:41480", "ESTABLISHED");
  assert_state (states, "[::1]:41490", "[::1]:43903", "TIME_WAIT");
  /* Without brackets it is not the app's notation. */
  assert_state (states, "::1:43903", "[::]:0", NULL);
}

/* Both tables go into one reading, as sp_tcp_states_read() does. */
static void
test_both (void)
{
  g_autoptr(GHashTable) states = sp_tcp_states_new ();

  if (!recording_applies ())
    return;
  sp_tcp_states_parse (states, tcp4);
  sp_tcp_states_parse (states, tcp6);
  g_assert_cmpuint (g_hash_table_size (states), ==, 12);
  assert_state (states, "127.0.0.1:43181", "0.0.0.0:0", "LISTEN");
  assert_state (states, "[::1]:43903", "[::]:0", "LISTEN");
}

/* Lines that do not parse are skipped; the others still count. */
static void
test_bad_lines (void)
{
  static const char *contents[] = {
    "",
    "  sl  local_address rem_address   st\n",
    "  sl  local_address rem_address   st\n"
    "   0: 0100007F:A8AD 00000000:0000 0C 00000000:00000000\n"         /* state 12: none */
    "   1: 0100007F:A8AD 00000000:0000 00 00000000:00000000\n"         /* state 0: none */
    "   2: 0100007F:A8AD 00000000:0000 zz 00000000:00000000\n"
    "   3: 0100007F:A8AD 00000000:0000\n"                              /* no state */
    "   4: 0100007F 00000000:0000 0A\n"                                /* no port */
    "   5: 0100007F:10000 00000000:0000 0A\n"                          /* port above 65535 */
    "   6: 0100007:A8AD 00000000:0000 0A\n"                            /* 7 hex digits */
    "   7: 00000000000000000000000001:A8AD 00000000:0000 0A\n"         /* 26 hex digits */
    "   8: 0100007G:A8AD 00000000:0000 0A\n"                           /* not hex */
    "garbage\n"
    "\n"
    "   9: 0100007F:1F91 00000000:0000 0A 00000000:00000000\n",        /* the one good line */
  };

  for (guint i = 0; i < G_N_ELEMENTS (contents); i++)
    {
      g_autoptr(GHashTable) states = sp_tcp_states_new ();

      sp_tcp_states_parse (states, contents[i]);
      g_assert_cmpuint (g_hash_table_size (states), ==, i == 2 ? 1 : 0);
    }

  if (recording_applies ())
    {
      g_autoptr(GHashTable) states = sp_tcp_states_new ();

      sp_tcp_states_parse (states, contents[2]);
      assert_state (states, "127.0.0.1:8081", "0.0.0.0:0", "LISTEN");
    }
}

static void
test_find_without_table (void)
{
  g_autoptr(GHashTable) states = sp_tcp_states_new ();

  g_assert_null (sp_tcp_states_find (NULL, "127.0.0.1:8081", "0.0.0.0:0"));
  g_assert_null (sp_tcp_states_find (states, NULL, "0.0.0.0:0"));
  g_assert_null (sp_tcp_states_find (states, "127.0.0.1:8081", NULL));
}

/* Readings within the age asked for are one reading. */
static void
test_read_shared (void)
{
  g_autoptr(GHashTable) first = NULL;
  g_autoptr(GHashTable) again = NULL;
  g_autoptr(GHashTable) fresh = NULL;

  if (!g_file_test ("/proc/net/tcp", G_FILE_TEST_EXISTS))
    {
      g_assert_null (sp_tcp_states_read ());
      g_test_skip ("no /proc/net/tcp here");
      return;
    }

  first = sp_tcp_states_read_shared (G_TIME_SPAN_HOUR);
  again = sp_tcp_states_read_shared (G_TIME_SPAN_HOUR);
  g_assert_nonnull (first);
  g_assert_true (first == again);

  fresh = sp_tcp_states_read_shared (-1);
  g_assert_nonnull (fresh);
  g_assert_true (fresh != first);
}

static gboolean
timed_out_cb (gpointer data)
{
  g_error ("timed out waiting for the table read in a thread");
  return G_SOURCE_REMOVE;
}

/* Past the size read at once (0 here), never waiting for the kernel once
 * there is a reading: an old one is returned as it is, and the new one,
 * read in a thread, comes later. */
static void
test_peek_shared (void)
{
  g_autoptr(GHashTable) first = NULL;
  g_autoptr(GHashTable) stale = NULL;
  g_autoptr(GHashTable) next = NULL;
  g_autoptr(GSocket) listener = NULL;
  g_autoptr(GSocketAddress) loopback = NULL;
  g_autoptr(GError) error = NULL;
  guint timeout_id;

  if (!g_file_test ("/proc/net/tcp", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no /proc/net/tcp here");
      return;
    }

  /* At least one socket in the table, whatever namespace this runs in. */
  listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  loopback = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_assert_true (g_socket_bind (listener, loopback, FALSE, &error));
  g_assert_true (g_socket_listen (listener, &error));
  g_assert_no_error (error);

  first = sp_tcp_states_read_shared (-1);
  g_assert_cmpuint (g_hash_table_size (first), >, 0);
  /* Too old at once: the same reading, a new one under way. */
  stale = sp_tcp_states_peek_shared (-1, 0);
  g_assert_true (stale == first);

  timeout_id = g_timeout_add_seconds (20, timed_out_cb, NULL);
  while (next == NULL || next == first)
    {
      g_clear_pointer (&next, g_hash_table_unref);
      g_main_context_iteration (NULL, TRUE);
      next = sp_tcp_states_peek_shared (G_TIME_SPAN_HOUR, 0);
    }
  g_source_remove (timeout_id);
  g_assert_nonnull (next);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tcp-state/ipv4", test_ipv4);
  g_test_add_func ("/tcp-state/ipv6", test_ipv6);
  g_test_add_func ("/tcp-state/both", test_both);
  g_test_add_func ("/tcp-state/bad-lines", test_bad_lines);
  g_test_add_func ("/tcp-state/find-without-table", test_find_without_table);
  g_test_add_func ("/tcp-state/read-shared", test_read_shared);
  g_test_add_func ("/tcp-state/peek-shared", test_peek_shared);

  return g_test_run ();
}
