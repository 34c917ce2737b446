/* sp-tcp-state.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "sp-socket-address.h"
#include "sp-tcp-state.h"

static const char * const state_names[] = {
  NULL, "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2",
  "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING",
};

/* "0100007F:1F91" (IPv4) or 32 hex digits ":port" (IPv6): the address is
 * 32-bit words in the kernel's byte order. */
static char *
parse_endpoint (const char *field)
{
  g_auto(GStrv) parts = g_strsplit (field, ":", 2);
  guint8 bytes[16];
  gsize n_words;
  g_autoptr(GInetAddress) inet = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  guint64 port;

  if (g_strv_length (parts) != 2 ||
      !g_ascii_string_to_unsigned (parts[1], 16, 0, 65535, &port, NULL))
    return NULL;

  n_words = strlen (parts[0]) / 8;
  if ((n_words != 1 && n_words != 4) || strlen (parts[0]) != n_words * 8)
    return NULL;

  for (gsize w = 0; w < n_words; w++)
    {
      char hex[9];
      guint64 value;
      guint32 word;

      memcpy (hex, parts[0] + w * 8, 8);
      hex[8] = '\0';
      if (!g_ascii_string_to_unsigned (hex, 16, 0, G_MAXUINT32, &value, NULL))
        return NULL;
      word = value;
      memcpy (bytes + w * 4, &word, 4);
    }

  inet = g_inet_address_new_from_bytes (bytes, n_words == 1 ? G_SOCKET_FAMILY_IPV4
                                                            : G_SOCKET_FAMILY_IPV6);
  address = g_inet_socket_address_new (inet, port);
  return sp_format_socket_address (address);
}

GHashTable *
sp_tcp_states_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

void
sp_tcp_states_parse (GHashTable *states,
                     const char *contents)
{
  g_auto(GStrv) lines = g_strsplit (contents, "\n", -1);

  /* The first line names the columns. */
  for (guint i = 1; lines[0] != NULL && lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit_set (g_strstrip (lines[i]), " ", -1);
      g_autofree char *local = NULL;
      g_autofree char *remote = NULL;
      const char *f[4] = { NULL };
      guint64 state;
      guint n = 0;

      /* Fields are separated by runs of spaces. */
      for (guint j = 0; fields[j] && n < 4; j++)
        if (*fields[j] != '\0')
          f[n++] = fields[j];

      if (n < 4 || !g_ascii_string_to_unsigned (f[3], 16, 1, G_N_ELEMENTS (state_names) - 1, &state, NULL))
        continue;

      local = parse_endpoint (f[1]);
      remote = parse_endpoint (f[2]);
      if (local != NULL && remote != NULL)
        g_hash_table_replace (states, g_strconcat (local, "|", remote, NULL),
                              (gpointer) state_names[state]);
    }
}

static void
read_table (GHashTable *states,
            const char *path)
{
  g_autofree char *contents = NULL;

  if (g_file_get_contents (path, &contents, NULL, NULL))
    sp_tcp_states_parse (states, contents);
}

GHashTable *
sp_tcp_states_read (void)
{
  GHashTable *states;

  if (!g_file_test ("/proc/net/tcp", G_FILE_TEST_EXISTS))
    return NULL;

  states = sp_tcp_states_new ();
  read_table (states, "/proc/net/tcp");
  read_table (states, "/proc/net/tcp6");

  return states;
}

/* The reading monitors share, main thread only. */
static struct {
  GHashTable *table;
  gint64      time;
  gboolean    have_read;
  gboolean    available;
  gboolean    reading;     /* a new one is being read in a thread */
} shared;

static void
share (GHashTable *table,
       gint64      time)
{
  g_clear_pointer (&shared.table, g_hash_table_unref);
  shared.table = table;
  shared.available = table != NULL;
  shared.time = time;
  shared.have_read = TRUE;
}

GHashTable *
sp_tcp_states_read_shared (gint64 max_age_us)
{
  gint64 now = g_get_monotonic_time ();

  if (!shared.have_read || now - shared.time > max_age_us)
    share (sp_tcp_states_read (), now);

  return shared.available ? g_hash_table_ref (shared.table) : NULL;
}

static void
read_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GHashTable *states = sp_tcp_states_read ();

  g_task_return_pointer (task, states, states ? (GDestroyNotify) g_hash_table_unref : NULL);
}

static void
read_done_cb (GObject      *source_object,
              GAsyncResult *result,
              gpointer      user_data)
{
  gint64 *started = g_task_get_task_data (G_TASK (result));

  shared.reading = FALSE;
  /* A synchronous reading may have come meanwhile: keep the newer. */
  if (*started >= shared.time)
    share (g_task_propagate_pointer (G_TASK (result), NULL), *started);
}

GHashTable *
sp_tcp_states_peek_shared (gint64 max_age_us,
                           guint  read_at_once_max)
{
  gint64 now = g_get_monotonic_time ();

  if (!shared.have_read || !shared.available || g_hash_table_size (shared.table) <= read_at_once_max)
    return sp_tcp_states_read_shared (max_age_us);

  if (now - shared.time > max_age_us && !shared.reading)
    {
      g_autoptr(GTask) task = g_task_new (NULL, NULL, read_done_cb, NULL);

      shared.reading = TRUE;
      g_task_set_source_tag (task, sp_tcp_states_peek_shared);
      g_task_set_task_data (task, g_memdup2 (&now, sizeof now), g_free);
      g_task_run_in_thread (task, read_in_thread);
    }

  return shared.available ? g_hash_table_ref (shared.table) : NULL;
}

const char *
sp_tcp_states_find (GHashTable *states,
                    const char *local,
                    const char *remote)
{
  g_autofree char *key = NULL;

  if (states == NULL || local == NULL || remote == NULL)
    return NULL;

  key = g_strconcat (local, "|", remote, NULL);
  return g_hash_table_lookup (states, key);
}
