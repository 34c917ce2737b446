/* sp-session-file.c: session files (.spsession), the panes and their settings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sp-net-input.h"
#include "sp-session-file.h"
#include "sp-file-send.h"
#include "sp-send-job.h"
#include "sp-user-text.h"

G_DEFINE_QUARK (sp-session-file-error, sp_session_file_error)

#define HEADER_GROUP      "Socket Playground Session"
#define PANE_GROUP_PREFIX "Pane "
/* Enough of GLib's word on a file that is not a key file. */
#define MAX_QUOTED_ERROR  200

static const char * const send_mode_nicks[] = {
  [SP_SEND_MODE_ALL] = "all",
  [SP_SEND_MODE_ONCE] = "once",
  NULL
};

static const char * const encoding_nicks[] = {
  [SP_TEXT_ENCODING_UTF8] = "utf-8",
  [SP_TEXT_ENCODING_GBK] = "gbk",
  [SP_TEXT_ENCODING_LATIN1] = "latin-1",
  NULL
};

static const char * const send_as_nicks[] = { "text", "hex", NULL };

#define N_KINDS (SP_ENDPOINT_KIND_UDP_RELAY + 1)

/* Panes ----------------------------------------------------------------- */

void
sp_session_pane_free (SpSessionPane *pane)
{
  if (pane == NULL)
    return;

  g_free (pane->host);
  g_free (pane->multicast_group);
  g_free (pane->multicast_interface);
  g_free (pane->target_host);
  g_free (pane->message);
  g_strfreev (pane->reply_rules);
  g_free (pane);
}

void
sp_session_pane_init_from_endpoint (SpSessionPane *pane,
                                    SpEndpoint    *endpoint)
{
  g_return_if_fail (pane != NULL);
  g_return_if_fail (SP_IS_ENDPOINT (endpoint));

  pane->kind = sp_endpoint_get_kind (endpoint);
  g_free (pane->host);
  pane->host = g_strdup (sp_endpoint_get_host (endpoint));
  pane->port = sp_endpoint_get_port (endpoint);
  pane->read_size = sp_endpoint_get_read_size (endpoint);
  pane->reuse_address = sp_endpoint_get_reuse_address (endpoint);
  pane->udp_connect = sp_endpoint_get_udp_connect (endpoint);
  pane->no_delay = sp_endpoint_get_no_delay (endpoint);
  pane->broadcast = sp_endpoint_get_broadcast (endpoint);
  g_free (pane->multicast_group);
  pane->multicast_group = g_strdup (sp_endpoint_get_multicast_group (endpoint));
  g_free (pane->multicast_interface);
  pane->multicast_interface = g_strdup (sp_endpoint_get_multicast_interface (endpoint));
  pane->rcvbuf = sp_endpoint_get_rcvbuf (endpoint);
  pane->sndbuf = sp_endpoint_get_sndbuf (endpoint);
  pane->send_mode = sp_endpoint_get_send_mode (endpoint);
  pane->drop_percent = sp_endpoint_get_drop_percent (endpoint);
  pane->echo = sp_endpoint_get_echo (endpoint);
  g_free (pane->target_host);
  pane->target_host = g_strdup (sp_endpoint_get_target_host (endpoint));
  pane->target_port = sp_endpoint_get_target_port (endpoint);
  pane->relay_idle_ms = sp_endpoint_get_relay_idle_timeout (endpoint);
  pane->framing = *sp_endpoint_get_framing (endpoint);
  g_strfreev (pane->reply_rules);
  pane->reply_rules = sp_reply_rules_to_strv (sp_endpoint_get_reply_rules (endpoint));
}

/* Reply rules: each its own key, ReplyRule1..., so no list escapes. */
static void
apply_reply_rules (const SpSessionPane *pane,
                   SpEndpoint          *endpoint)
{
  SpReplyRules *rules = sp_endpoint_get_reply_rules (endpoint);

  sp_reply_rules_clear (rules);
  sp_reply_rules_resume (rules);
  for (guint i = 0; pane->reply_rules != NULL && pane->reply_rules[i] != NULL; i++)
    {
      g_autoptr(SpReplyRule) rule = sp_reply_rule_parse (pane->reply_rules[i], NULL);

      /* Checked when read. */
      if (rule != NULL)
        sp_reply_rules_add (rules, rule, NULL);
    }
}

void
sp_session_pane_apply (const SpSessionPane *pane,
                       SpEndpoint          *endpoint)
{
  g_return_if_fail (pane != NULL);
  g_return_if_fail (SP_IS_ENDPOINT (endpoint));
  /* Checked before anything changes, so a bad pane changes nothing. */
  g_return_if_fail (sp_framing_config_check (&pane->framing, NULL));

  /* An opened session starts with every pane stopped, whatever ran before. */
  sp_endpoint_stop (endpoint);
  sp_endpoint_reconfigure (endpoint, pane->kind, pane->host, pane->port);
  sp_endpoint_set_read_size (endpoint, pane->read_size);
  sp_endpoint_set_reuse_address (endpoint, pane->reuse_address);
  sp_endpoint_set_udp_connect (endpoint, pane->udp_connect);
  sp_endpoint_set_no_delay (endpoint, pane->no_delay);
  sp_endpoint_set_broadcast (endpoint, pane->broadcast);
  sp_endpoint_set_multicast_group (endpoint, pane->multicast_group);
  sp_endpoint_set_multicast_interface (endpoint, pane->multicast_interface);
  sp_endpoint_set_rcvbuf (endpoint, pane->rcvbuf);
  sp_endpoint_set_sndbuf (endpoint, pane->sndbuf);
  sp_endpoint_set_send_mode (endpoint, pane->send_mode);
  sp_endpoint_set_drop_percent (endpoint, pane->drop_percent);
  sp_endpoint_set_echo (endpoint, pane->echo);
  sp_endpoint_set_target_host (endpoint, pane->target_host);
  sp_endpoint_set_target_port (endpoint, pane->target_port);
  sp_endpoint_set_relay_idle_timeout (endpoint, pane->relay_idle_ms);
  sp_endpoint_set_framing (endpoint, &pane->framing, NULL);
  apply_reply_rules (pane, endpoint);
}

/* Writing --------------------------------------------------------------- */

/* What the reader takes back: valid UTF-8, cut at a character boundary. */
static char *
writable_message (const char *message)
{
  char *valid = g_utf8_make_valid (message != NULL ? message : "", -1);
  gsize len = strlen (valid);

  if (len > SP_SESSION_MAX_MESSAGE)
    {
      gsize cut = SP_SESSION_MAX_MESSAGE;

      /* valid[cut] exists; back up to the start of its character. */
      while (cut > 0 && ((guchar) valid[cut] & 0xc0) == 0x80)
        cut--;
      valid[cut] = '\0';
    }

  return valid;
}

static gboolean
pane_is_writable (const SpSessionPane *pane)
{
  return pane != NULL &&
         (guint) pane->kind < N_KINDS &&
         (guint) pane->send_mode < G_N_ELEMENTS (send_mode_nicks) - 1 &&
         (guint) pane->encoding < G_N_ELEMENTS (encoding_nicks) - 1;
}

/* The composer's ×N count, timer and file chunks. */
static void
write_sending (GKeyFile            *key_file,
               const char          *group,
               const SpSessionPane *pane)
{
  g_key_file_set_uint64 (key_file, group, "SendCount", MAX (pane->send_count, 1));
  g_key_file_set_uint64 (key_file, group, "SendInterval", pane->send_interval_ms);
  g_key_file_set_uint64 (key_file, group, "FileChunk", pane->file_chunk_size);
}

char *
sp_session_file_write (GPtrArray *panes,
                       gsize     *length)
{
  g_autoptr(GKeyFile) key_file = NULL;

  g_return_val_if_fail (panes != NULL, NULL);
  g_return_val_if_fail (panes->len >= 1 && panes->len <= SP_SESSION_MAX_PANES, NULL);
  for (guint i = 0; i < panes->len; i++)
    g_return_val_if_fail (pane_is_writable (g_ptr_array_index (panes, i)), NULL);

  key_file = g_key_file_new ();
  g_key_file_set_integer (key_file, HEADER_GROUP, "Version", SP_SESSION_FILE_VERSION);
  g_key_file_set_integer (key_file, HEADER_GROUP, "Panes", panes->len);
  /* File content, not user interface: not translated. */
  g_key_file_set_comment (key_file, NULL, NULL,
                          " Socket Playground session: open it with Open Session.", NULL);

  for (guint i = 0; i < panes->len; i++)
    {
      const SpSessionPane *pane = g_ptr_array_index (panes, i);
      g_autofree char *group = g_strdup_printf (PANE_GROUP_PREFIX "%u", i + 1);
      g_autofree char *framing = sp_framing_config_to_string (&pane->framing);
      g_autofree char *message = writable_message (pane->message);

      g_key_file_set_string (key_file, group, "Kind", sp_endpoint_kind_to_nick (pane->kind));
      g_key_file_set_string (key_file, group, "Host", pane->host != NULL ? pane->host : "");
      g_key_file_set_uint64 (key_file, group, "Port", pane->port);
      g_key_file_set_uint64 (key_file, group, "ReadSize", pane->read_size);
      g_key_file_set_boolean (key_file, group, "ReuseAddress", pane->reuse_address);
      g_key_file_set_boolean (key_file, group, "UdpConnect", pane->udp_connect);
      g_key_file_set_boolean (key_file, group, "NoDelay", pane->no_delay);
      g_key_file_set_boolean (key_file, group, "Broadcast", pane->broadcast);
      g_key_file_set_string (key_file, group, "MulticastGroup",
                             pane->multicast_group != NULL ? pane->multicast_group : "");
      g_key_file_set_string (key_file, group, "MulticastInterface",
                             pane->multicast_interface != NULL ? pane->multicast_interface : "");
      g_key_file_set_uint64 (key_file, group, "ReceiveBuffer", pane->rcvbuf);
      g_key_file_set_uint64 (key_file, group, "SendBuffer", pane->sndbuf);
      g_key_file_set_string (key_file, group, "SendMode", send_mode_nicks[pane->send_mode]);
      g_key_file_set_uint64 (key_file, group, "DropPercent", pane->drop_percent);
      g_key_file_set_boolean (key_file, group, "Echo", pane->echo);
      g_key_file_set_string (key_file, group, "TargetHost",
                             pane->target_host != NULL ? pane->target_host : "");
      g_key_file_set_uint64 (key_file, group, "TargetPort", pane->target_port);
      if (pane->kind == SP_ENDPOINT_KIND_UDP_RELAY)
        g_key_file_set_uint64 (key_file, group, "RelayIdleTimeout", pane->relay_idle_ms);
      /* NULL (after a critical) only for an invalid framing. */
      g_key_file_set_string (key_file, group, "Framing", framing != NULL ? framing : "off");
      g_key_file_set_string (key_file, group, "Encoding", encoding_nicks[pane->encoding]);
      g_key_file_set_string (key_file, group, "Message", message);
      g_key_file_set_string (key_file, group, "SendAs", send_as_nicks[pane->send_as_hex ? 1 : 0]);
      for (guint r = 0; pane->reply_rules != NULL && pane->reply_rules[r] != NULL; r++)
        {
          g_autofree char *key = g_strdup_printf ("ReplyRule%u", r + 1);

          g_key_file_set_string (key_file, group, key, pane->reply_rules[r]);
        }
      write_sending (key_file, group, pane);
    }

  return g_key_file_to_data (key_file, length, NULL);
}

/* Reading --------------------------------------------------------------- */

static gboolean
invalid_value (GError     **error,
               const char  *group,
               const char  *key,
               const char  *reason)
{
  g_set_error (error, SP_SESSION_FILE_ERROR, SP_SESSION_FILE_ERROR_INVALID,
               /* Translators: e.g. “Wrong value for Port in [Pane 2]: “abc” is not a
                * whole number from 0 to 65535”; Port and [Pane 2] are file syntax */
               _("Wrong value for %s in [%s]: %s"), key, group, reason);
  return FALSE;
}

/* GKeyFile's string escapes, undone here rather than by
 * g_key_file_get_string(): GLib 2.74 sets its GError twice (a warning,
 * fatal in tests) for a value with a bad escape that also ends in a
 * backslash, and names neither. FALSE with a reason for the user. */
static gboolean
unescape (const char  *raw,
          char       **out,
          char       **reason)
{
  GString *s = g_string_sized_new (strlen (raw));

  for (const char *p = raw; *p != '\0'; p++)
    {
      if (*p != '\\')
        {
          g_string_append_c (s, *p);
          continue;
        }

      switch (*++p)
        {
        case 's':
          g_string_append_c (s, ' ');
          break;
        case 'n':
          g_string_append_c (s, '\n');
          break;
        case 't':
          g_string_append_c (s, '\t');
          break;
        case 'r':
          g_string_append_c (s, '\r');
          break;
        case '\\':
          g_string_append_c (s, '\\');
          break;
        case '\0':
          /* Translators: \\ is file syntax, a backslash written twice */
          *reason = g_strdup (_("the value ends in a lone backslash: write \\\\ for a backslash"));
          g_string_free (s, TRUE);
          return FALSE;
        default:
          {
            g_autofree char *sequence = g_strndup (p - 1, g_utf8_next_char (p) - (p - 1));

            /* Translators: the escapes listed are file syntax */
            *reason = g_strdup_printf (_("“%s” is not an escape: use \\s, \\n, \\t, \\r or \\\\"),
                                       sequence);
            g_string_free (s, TRUE);
            return FALSE;
          }
        }
    }

  *out = g_string_free (s, FALSE);
  return TRUE;
}

/* Sets *@out to the unescaped value of @key, or to NULL when the key is
 * missing and not @required. Trailing white space, which an editor may
 * leave, is dropped unless the value is text (@chomp FALSE). The file is
 * known to be UTF-8 already. */
static gboolean
get_value (GKeyFile    *key_file,
           const char  *group,
           const char  *key,
           gboolean     required,
           gboolean     chomp,
           char       **out,
           GError     **error)
{
  g_autofree char *raw = NULL;
  g_autofree char *reason = NULL;

  *out = NULL;

  raw = g_key_file_get_value (key_file, group, key, NULL);
  if (raw == NULL)
    {
      if (!required)
        return TRUE;

      g_set_error (error, SP_SESSION_FILE_ERROR, SP_SESSION_FILE_ERROR_INVALID,
                   /* Translators: e.g. “The key Port is missing in [Pane 2]” */
                   _("The key %s is missing in [%s]"), key, group);
      return FALSE;
    }

  if (!unescape (raw, out, &reason))
    return invalid_value (error, group, key, reason);

  if (chomp)
    g_strchomp (*out);
  return TRUE;
}

/* Leaves *@out alone when the key is missing (and not @required). */
static gboolean
get_uint (GKeyFile    *key_file,
          const char  *group,
          const char  *key,
          gboolean     required,
          guint        min,
          guint        max,
          guint       *out,
          GError     **error)
{
  g_autofree char *value = NULL;
  guint64 number;

  if (!get_value (key_file, group, key, required, TRUE, &value, error))
    return FALSE;
  if (value == NULL)
    return TRUE;

  if (!sp_user_text_parse_uint (value, min, max, &number))
    {
      g_autofree char *quoted = sp_user_text_quote (value);
      g_autofree char *reason =
        /* Translators: e.g. “"abc" is not a whole number from 0 to 65535” */
        g_strdup_printf (_("“%s” is not a whole number from %u to %u"), quoted, min, max);

      return invalid_value (error, group, key, reason);
    }

  *out = number;
  return TRUE;
}

static gboolean
get_boolean (GKeyFile    *key_file,
             const char  *group,
             const char  *key,
             gboolean    *out,
             GError     **error)
{
  g_autofree char *value = NULL;

  if (!get_value (key_file, group, key, FALSE, TRUE, &value, error))
    return FALSE;
  if (value == NULL)
    return TRUE;

  if (!sp_user_text_parse_choice (value, "false", "true", out))
    {
      g_autofree char *quoted = sp_user_text_quote (value);
      g_autofree char *reason =
        /* Translators: true and false are file syntax, keep them as they are */
        g_strdup_printf (_("“%s” is not true or false"), quoted);

      return invalid_value (error, group, key, reason);
    }

  return TRUE;
}

/* Sets *@out to the index of the value in @nicks; leaves it alone when the
 * key is missing (and not @required). */
static gboolean
get_choice (GKeyFile           *key_file,
            const char         *group,
            const char         *key,
            gboolean            required,
            const char * const *nicks,
            guint              *out,
            GError            **error)
{
  g_autofree char *value = NULL;
  g_autofree char *quoted = NULL;
  g_autofree char *choices = NULL;
  g_autofree char *reason = NULL;

  if (!get_value (key_file, group, key, required, TRUE, &value, error))
    return FALSE;
  if (value == NULL)
    return TRUE;

  for (guint i = 0; nicks[i] != NULL; i++)
    if (g_str_equal (value, nicks[i]))
      {
        *out = i;
        return TRUE;
      }

  quoted = sp_user_text_quote (value);
  choices = g_strjoinv (", ", (char **) nicks);
  /* Translators: the second %s lists the words allowed, e.g. “all, once” */
  reason = g_strdup_printf (_("“%s” is not one of %s"), quoted, choices);

  return invalid_value (error, group, key, reason);
}

/* MulticastGroup must be a multicast address (or empty); the interface is
 * only a name, as the machine that opens the file may not have it. */
static gboolean
read_multicast (GKeyFile       *key_file,
                const char     *group,
                SpSessionPane  *pane,
                GError        **error)
{
  g_autofree char *multicast_group = NULL;
  g_autofree char *interface = NULL;
  g_autoptr(GError) group_error = NULL;

  if (!get_value (key_file, group, "MulticastGroup", FALSE, TRUE, &multicast_group, error) ||
      !get_value (key_file, group, "MulticastInterface", FALSE, TRUE, &interface, error))
    return FALSE;
  /* As the endpoint keeps them: no spaces around. */
  if (multicast_group != NULL)
    g_strstrip (multicast_group);
  if (interface != NULL)
    g_strstrip (interface);

  if (!sp_endpoint_check_multicast_group (multicast_group, &group_error))
    return invalid_value (error, group, "MulticastGroup", group_error->message);

  if (multicast_group != NULL)
    {
      g_free (pane->multicast_group);
      pane->multicast_group = *multicast_group ? g_steal_pointer (&multicast_group) : NULL;
    }
  if (interface != NULL)
    {
      g_free (pane->multicast_interface);
      pane->multicast_interface = *interface ? g_steal_pointer (&interface) : NULL;
    }
  return TRUE;
}

/* A relay's target: optional (files from before relays have none), an
 * empty host or port 0 stand for "not set yet", as the pane allows; and a
 * UDP relay's idle timeout (ms), optional too. */
static gboolean
read_sending (GKeyFile       *key_file,
              const char     *group,
              SpSessionPane  *pane,
              GError        **error)
{
  pane->send_count = 1;
  pane->send_interval_ms = 0;
  pane->file_chunk_size = 0;

  if (!get_uint (key_file, group, "SendCount", FALSE, 1, SP_ENDPOINT_MAX_BURST, &pane->send_count, error) ||
      !get_uint (key_file, group, "SendInterval", FALSE, 0, SP_SEND_JOB_MAX_INTERVAL_MS,
                 &pane->send_interval_ms, error) ||
      !get_uint (key_file, group, "FileChunk", FALSE, 0, SP_FILE_SEND_MAX_CHUNK, &pane->file_chunk_size, error))
    return FALSE;

  /* 0 is off; a timer below the minimum would not run as saved. */
  if (pane->send_interval_ms > 0 && pane->send_interval_ms < SP_SEND_JOB_MIN_INTERVAL_MS)
    {
      g_autofree char *reason =
        /* Translators: e.g. “5 ms is below the shortest interval, 10 ms (0: no timer)” */
        g_strdup_printf (_("%u ms is below the shortest interval, %u ms (0: no timer)"),
                         pane->send_interval_ms, SP_SEND_JOB_MIN_INTERVAL_MS);

      return invalid_value (error, group, "SendInterval", reason);
    }

  return TRUE;
}

static gboolean
read_target (GKeyFile       *key_file,
             const char     *group,
             SpSessionPane  *pane,
             GError        **error)
{
  g_autofree char *host = NULL;

  if (!get_value (key_file, group, "TargetHost", FALSE, TRUE, &host, error) ||
      !get_uint (key_file, group, "TargetPort", FALSE, 0, G_MAXUINT16, &pane->target_port, error) ||
      !get_uint (key_file, group, "RelayIdleTimeout", FALSE, SP_ENDPOINT_MIN_RELAY_IDLE_MS,
                 SP_ENDPOINT_MAX_RELAY_IDLE_MS, &pane->relay_idle_ms, error))
    return FALSE;

  if (host != NULL && *host != '\0')
    {
      g_autoptr(GError) host_error = NULL;

      if (!sp_net_check_host (host, &host_error))
        return invalid_value (error, group, "TargetHost", host_error->message);
    }
  if (host != NULL)
    {
      g_free (pane->target_host);
      pane->target_host = g_steal_pointer (&host);
    }

  return TRUE;
}

static gboolean
read_reply_rules (GKeyFile       *key_file,
                  const char     *group,
                  SpSessionPane  *pane,
                  GError        **error)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 1; i <= SP_REPLY_RULES_MAX; i++)
    {
      g_autofree char *key = g_strdup_printf ("ReplyRule%u", i);
      g_autofree char *line = NULL;
      g_autoptr(SpReplyRule) rule = NULL;
      g_autoptr(GError) rule_error = NULL;

      if (!get_value (key_file, group, key, FALSE, TRUE, &line, error))
        return FALSE;
      if (line == NULL)
        break;
      rule = sp_reply_rule_parse (line, &rule_error);
      if (rule == NULL)
        return invalid_value (error, group, key, rule_error->message);
      g_ptr_array_add (lines, g_steal_pointer (&line));
    }

  g_strfreev (pane->reply_rules);
  g_ptr_array_add (lines, NULL);
  pane->reply_rules = (GStrv) g_ptr_array_free (g_steal_pointer (&lines), FALSE);
  return TRUE;
}

static SpSessionPane *
read_pane (GKeyFile    *key_file,
           const char  *group,
           SpEndpoint  *defaults,
           GError     **error)
{
  g_autoptr(SpSessionPane) pane = g_new0 (SpSessionPane, 1);
  const char *kind_nicks[N_KINDS + 1] = { NULL };
  g_autofree char *host = NULL;
  g_autofree char *framing = NULL;
  g_autofree char *message = NULL;
  guint kind = 0;
  guint send_mode, encoding, send_as;

  /* The enum's own nicks, as in lesson setups. */
  for (guint i = 0; i < N_KINDS; i++)
    kind_nicks[i] = sp_endpoint_kind_to_nick (i);

  sp_session_pane_init_from_endpoint (pane, defaults);
  pane->encoding = SP_TEXT_ENCODING_UTF8;
  pane->message = g_strdup ("");
  pane->send_as_hex = FALSE;

  send_mode = pane->send_mode;
  encoding = pane->encoding;
  send_as = pane->send_as_hex ? 1 : 0;

  if (!get_choice (key_file, group, "Kind", TRUE, kind_nicks, &kind, error))
    return NULL;
  pane->kind = kind;

  if (!get_value (key_file, group, "Host", FALSE, TRUE, &host, error))
    return NULL;
  if (host != NULL)
    {
      g_autoptr(GError) host_error = NULL;

      if (!sp_net_check_host (host, &host_error))
        {
          invalid_value (error, group, "Host", host_error->message);
          return NULL;
        }
      g_free (pane->host);
      pane->host = g_steal_pointer (&host);
    }

  if (!get_uint (key_file, group, "Port", TRUE, 0, G_MAXUINT16, &pane->port, error) ||
      !get_uint (key_file, group, "ReadSize", FALSE, 1, SP_ENDPOINT_MAX_READ_SIZE, &pane->read_size, error) ||
      !get_boolean (key_file, group, "ReuseAddress", &pane->reuse_address, error) ||
      !get_boolean (key_file, group, "UdpConnect", &pane->udp_connect, error) ||
      !get_boolean (key_file, group, "NoDelay", &pane->no_delay, error) ||
      !get_boolean (key_file, group, "Broadcast", &pane->broadcast, error) ||
      !read_multicast (key_file, group, pane, error) ||
      !get_uint (key_file, group, "ReceiveBuffer", FALSE, 0, SP_ENDPOINT_MAX_BUFFER_SIZE, &pane->rcvbuf, error) ||
      !get_uint (key_file, group, "SendBuffer", FALSE, 0, SP_ENDPOINT_MAX_BUFFER_SIZE, &pane->sndbuf, error) ||
      !get_choice (key_file, group, "SendMode", FALSE, send_mode_nicks, &send_mode, error) ||
      !get_uint (key_file, group, "DropPercent", FALSE, 0, 100, &pane->drop_percent, error) ||
      !get_boolean (key_file, group, "Echo", &pane->echo, error) ||
      !read_target (key_file, group, pane, error) ||
      !read_reply_rules (key_file, group, pane, error) ||
      !read_sending (key_file, group, pane, error))
    return NULL;
  pane->send_mode = send_mode;

  if (!get_value (key_file, group, "Framing", FALSE, TRUE, &framing, error))
    return NULL;
  if (framing != NULL)
    {
      g_autoptr(GError) framing_error = NULL;

      if (!sp_framing_config_from_string (framing, &pane->framing, &framing_error))
        {
          invalid_value (error, group, "Framing", framing_error->message);
          return NULL;
        }
    }

  if (!get_choice (key_file, group, "Encoding", FALSE, encoding_nicks, &encoding, error))
    return NULL;
  pane->encoding = encoding;

  /* The composer text exactly as it was, trailing spaces included. */
  if (!get_value (key_file, group, "Message", FALSE, FALSE, &message, error))
    return NULL;
  if (message != NULL)
    {
      gsize len = strlen (message);

      if (len > SP_SESSION_MAX_MESSAGE)
        {
          g_autofree char *reason =
            /* Translators: e.g. “the text is 70000 bytes long, more than the 65536 bytes allowed” */
            g_strdup_printf (_("the text is %u bytes long, more than the %u bytes allowed"),
                             (guint) len, (guint) SP_SESSION_MAX_MESSAGE);

          invalid_value (error, group, "Message", reason);
          return NULL;
        }
      g_free (pane->message);
      pane->message = g_steal_pointer (&message);
    }

  if (!get_choice (key_file, group, "SendAs", FALSE, send_as_nicks, &send_as, error))
    return NULL;
  pane->send_as_hex = send_as == 1;

  return g_steal_pointer (&pane);
}

static gboolean
is_all_digits (const char *text)
{
  if (*text == '\0')
    return FALSE;

  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;

  return TRUE;
}

/* The format version must be 1; a larger number, of any length, means the
 * file comes from a newer program, which deserves a clearer message than
 * whatever in it this version does not understand. */
static gboolean
check_version (GKeyFile  *key_file,
               GError   **error)
{
  g_autofree char *version = NULL;
  const char *significant;

  if (!get_value (key_file, HEADER_GROUP, "Version", TRUE, TRUE, &version, error))
    return FALSE;

  significant = version;
  while (*significant == '0')
    significant++;

  if (is_all_digits (version) && g_str_equal (significant, "1"))
    return TRUE;

  if (is_all_digits (version) && *significant != '\0')
    {
      g_autofree char *quoted = sp_user_text_quote (significant);

      g_set_error (error, SP_SESSION_FILE_ERROR, SP_SESSION_FILE_ERROR_NEWER_VERSION,
                   /* Translators: %s is the file's format version, %d the one this program reads */
                   _("This session was made by a newer version of Socket Playground (file format %s; this version reads format %d). Update Socket Playground to open it."),
                   quoted, SP_SESSION_FILE_VERSION);
      return FALSE;
    }

  {
    g_autofree char *quoted = sp_user_text_quote (version);
    g_autofree char *reason =
      /* Translators: %s is what the file says, %d the format version this program reads */
      g_strdup_printf (_("“%s” is not a format version: this version of Socket Playground reads format %d"),
                       quoted, SP_SESSION_FILE_VERSION);

    return invalid_value (error, HEADER_GROUP, "Version", reason);
  }
}

/* Every [Pane N] group is one of 1..@n_panes, and all of those exist. */
static gboolean
check_pane_groups (GKeyFile  *key_file,
                   guint      n_panes,
                   GError   **error)
{
  g_auto(GStrv) groups = g_key_file_get_groups (key_file, NULL);

  for (guint i = 0; groups[i] != NULL; i++)
    {
      const char *number;
      guint64 n;

      /* Other groups are for later versions; this prefix is ours. */
      if (!g_str_has_prefix (groups[i], PANE_GROUP_PREFIX))
        continue;

      number = groups[i] + strlen (PANE_GROUP_PREFIX);
      if (!is_all_digits (number) || number[0] == '0')
        {
          g_autofree char *quoted = sp_user_text_quote (groups[i]);

          g_set_error (error, SP_SESSION_FILE_ERROR, SP_SESSION_FILE_ERROR_INVALID,
                       /* Translators: [%s] and [Pane 1] are file syntax */
                       _("The group [%s] is not a pane: panes are numbered [Pane 1], [Pane 2]… without leading zeros"),
                       quoted);
          return FALSE;
        }

      if (!sp_user_text_parse_uint (number, 1, n_panes, &n))
        {
          g_autofree char *quoted = sp_user_text_quote (groups[i]);

          g_set_error (error, SP_SESSION_FILE_ERROR, SP_SESSION_FILE_ERROR_INVALID,
                       /* Translators: e.g. “There is a group [Pane 3], but Panes in [Socket
                        * Playground Session] says there are only 2 panes” */
                       g_dngettext (GETTEXT_PACKAGE,
                                    "There is a group [%s], but Panes in [%s] says there is only %u pane",
                                    "There is a group [%s], but Panes in [%s] says there are only %u panes",
                                    n_panes),
                       quoted, HEADER_GROUP, n_panes);
          return FALSE;
        }
    }

  for (guint i = 1; i <= n_panes; i++)
    {
      g_autofree char *group = g_strdup_printf (PANE_GROUP_PREFIX "%u", i);

      if (!g_key_file_has_group (key_file, group))
        {
          g_set_error (error, SP_SESSION_FILE_ERROR, SP_SESSION_FILE_ERROR_INVALID,
                       /* Translators: e.g. “The group [Pane 2] is missing: Panes in [Socket
                        * Playground Session] says there are 2 panes” */
                       g_dngettext (GETTEXT_PACKAGE,
                                    "The group [%s] is missing: Panes in [%s] says there is %u pane",
                                    "The group [%s] is missing: Panes in [%s] says there are %u panes",
                                    n_panes),
                       group, HEADER_GROUP, n_panes);
          return FALSE;
        }
    }

  return TRUE;
}

/* Before GKeyFile sees the bytes: it would take NUL bytes as line ends and
 * leave invalid UTF-8 in places we never read. */
static gboolean
check_text (const char  *data,
            gsize        length,
            GError     **error)
{
  const char *end;
  guint line = 1;

  if (length == 0)
    {
      g_set_error_literal (error, SP_SESSION_FILE_ERROR, SP_SESSION_FILE_ERROR_NOT_A_SESSION,
                           _("The file is empty: it is not a session file"));
      return FALSE;
    }

  if (g_utf8_validate_len (data, length, &end))
    return TRUE;

  for (const char *p = data; p < end; p++)
    line += *p == '\n';

  g_set_error (error, SP_SESSION_FILE_ERROR, SP_SESSION_FILE_ERROR_NOT_A_SESSION,
               /* Translators: %u is a line number */
               _("This is not a session file: line %u is not UTF-8 text"),
               line);
  return FALSE;
}

GPtrArray *
sp_session_file_read (const char  *data,
                      gsize        length,
                      GError     **error)
{
  g_autoptr(GKeyFile) key_file = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(SpEndpoint) defaults = NULL;
  g_autoptr(GPtrArray) panes = NULL;
  guint n_panes = 0;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length > SP_SESSION_MAX_FILE_SIZE)
    {
      g_autofree char *size = g_format_size_full (length, G_FORMAT_SIZE_IEC_UNITS);

      g_set_error (error, SP_SESSION_FILE_ERROR, SP_SESSION_FILE_ERROR_TOO_LARGE,
                   /* Translators: %s is a size such as “2.0 MiB” */
                   _("The file is too large for a session file (%s; at most 1 MiB)"),
                   size);
      return NULL;
    }

  /* Windows editors may start the file with a byte order mark. */
  if (length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    {
      data += 3;
      length -= 3;
    }

  if (!check_text (data, length, error))
    return NULL;

  key_file = g_key_file_new ();
  if (!g_key_file_load_from_data (key_file, data, length, G_KEY_FILE_NONE, &local_error))
    {
      g_autofree char *reason = sp_user_text_shorten (local_error->message, MAX_QUOTED_ERROR);

      g_set_error (error, SP_SESSION_FILE_ERROR, SP_SESSION_FILE_ERROR_NOT_A_SESSION,
                   /* Translators: %s says what is wrong, from GLib */
                   _("This is not a session file: %s"),
                   reason);
      return NULL;
    }

  if (!g_key_file_has_group (key_file, HEADER_GROUP))
    {
      g_set_error (error, SP_SESSION_FILE_ERROR, SP_SESSION_FILE_ERROR_NOT_A_SESSION,
                   /* Translators: [%s] is file syntax, “[Socket Playground Session]” */
                   _("This is not a session file: it has no [%s] group"),
                   HEADER_GROUP);
      return NULL;
    }

  if (!check_version (key_file, error) ||
      !get_uint (key_file, HEADER_GROUP, "Panes", TRUE, 1, SP_SESSION_MAX_PANES, &n_panes, error) ||
      !check_pane_groups (key_file, n_panes, error))
    return NULL;

  /* Left-out keys take what a new endpoint has, so the defaults live in one
   * place. The kind changes nothing among them. */
  defaults = sp_endpoint_new (SP_ENDPOINT_KIND_TCP_SERVER);
  panes = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_session_pane_free);

  for (guint i = 1; i <= n_panes; i++)
    {
      g_autofree char *group = g_strdup_printf (PANE_GROUP_PREFIX "%u", i);
      SpSessionPane *pane = read_pane (key_file, group, defaults, error);

      if (pane == NULL)
        return NULL;
      g_ptr_array_add (panes, pane);
    }

  return g_steal_pointer (&panes);
}
