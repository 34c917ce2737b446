/* sp-lesson-check.c
 *
 * Checks are fed every new event as it is logged, keep what they need to
 * count (per endpoint and connection), and never rescan the log, so a flood
 * costs them O(1) per event.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sp-errno.h"
#include "sp-hex.h"
#include "sp-lesson-check.h"
#include "sp-lesson-error.h"
#include "sp-user-text.h"

typedef enum {
  CHECK_LISTENING,
  CHECK_CONNECTED,
  CHECK_ACCEPTED,
  CHECK_SENT,
  CHECK_RECEIVED,
  CHECK_RECEIVED_TEXT,
  CHECK_RECEIVED_CONTAINS,
  CHECK_RECEIVED_MATCHES,
  CHECK_MESSAGE_TEXT,
  CHECK_MESSAGE_MATCHES,
  CHECK_SENT_HEX,
  CHECK_RECEIVED_FROM,
  CHECK_STICKY,
  CHECK_SPLIT,
  CHECK_MESSAGES,
  CHECK_PEER_CLOSED,
  CHECK_ERROR,
  CHECK_FRAMING_ERROR,
  CHECK_TRUNCATED,
  CHECK_PARTIAL_SEND,
  CHECK_DROPPED,
  CHECK_CLOSED_BY_SERVER,
  CHECK_JOINED,
  CHECK_RELAY_CONNECTED,
  CHECK_RELAYED,
} CheckKind;

typedef enum {
  PROTO_ANY,
  PROTO_TCP,
  PROTO_UDP,
} Proto;

struct _SpLessonCheck
{
  CheckKind   kind;
  Proto       proto;
  guint       port;        /* 0: any */
  gboolean    reuse;
  guint       count;
  GBytes     *bytes;       /* text or hex to match */
  GRegex     *regex;       /* received-matches, message-matches */
  GInetAddress *group;     /* joined; NULL: any */
  int         errnum;
  gboolean    to_server;   /* relayed: client-to-server */
  gboolean    passed;

  /* Counters keyed by endpoint or "endpoint:connection". */
  GHashTable *counts;      /* key → count */
  GHashTable *seen;        /* key → set of connection ids (received-from) / peer-closed ids */
};

static const struct {
  const char *name;
  CheckKind   kind;
} names[] = {
  { "listening", CHECK_LISTENING },
  { "connected", CHECK_CONNECTED },
  { "accepted", CHECK_ACCEPTED },
  { "sent", CHECK_SENT },
  { "received", CHECK_RECEIVED },
  { "received-text", CHECK_RECEIVED_TEXT },
  { "received-contains", CHECK_RECEIVED_CONTAINS },
  { "received-matches", CHECK_RECEIVED_MATCHES },
  { "message-text", CHECK_MESSAGE_TEXT },
  { "message-matches", CHECK_MESSAGE_MATCHES },
  { "sent-hex", CHECK_SENT_HEX },
  { "received-from", CHECK_RECEIVED_FROM },
  { "sticky", CHECK_STICKY },
  { "split", CHECK_SPLIT },
  { "messages", CHECK_MESSAGES },
  { "peer-closed", CHECK_PEER_CLOSED },
  { "error", CHECK_ERROR },
  { "framing-error", CHECK_FRAMING_ERROR },
  { "truncated", CHECK_TRUNCATED },
  { "partial-send", CHECK_PARTIAL_SEND },
  { "dropped", CHECK_DROPPED },
  { "closed-by-server", CHECK_CLOSED_BY_SERVER },
  { "joined", CHECK_JOINED },
  { "relay-connected", CHECK_RELAY_CONNECTED },
  { "relayed", CHECK_RELAYED },
};

static gboolean
fail (GError    **error,
      const char *text,
      const char *why)
{
  g_set_error (error, SP_LESSON_ERROR, SP_LESSON_ERROR_INVALID,
               /* TRANSLATORS: a lesson's check as written, then what is wrong with it */
               _("check “%s”: %s"), text, why);
  return FALSE;
}

/* Counts (and ports) in checks: 1 to 100000. */
static gboolean
parse_count (const char *word,
             guint      *out)
{
  guint64 value;

  if (!sp_user_text_parse_uint (word, 1, 100000, &value))
    return FALSE;

  *out = value;
  return TRUE;
}

static int
errno_from_name (const char *name)
{
  for (int e = 1; e < 256; e++)
    if (g_strcmp0 (sp_errno_name (e), name) == 0)
      return e;

  return 0;
}

/* Levenshtein distance, for names of a few letters. */
static guint
distance (const char *a,
          const char *b)
{
  gsize la = strlen (a), lb = strlen (b);
  g_autofree guint *row = g_new (guint, lb + 1);

  for (gsize j = 0; j <= lb; j++)
    row[j] = j;

  for (gsize i = 1; i <= la; i++)
    {
      guint diagonal = row[0];

      row[0] = i;
      for (gsize j = 1; j <= lb; j++)
        {
          guint above = row[j];

          row[j] = MIN (MIN (row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] != b[j - 1]));
          diagonal = above;
        }
    }

  return row[lb];
}

/* What a teacher needs for a check the vocabulary lacks: the check meant
 * when it is a slip of the keyboard, else the whole vocabulary. */
static char *
unknown_check (const char *word)
{
  g_autoptr(GString) list = g_string_new (NULL);
  const char *closest = NULL;
  guint best = 3;

  if (word == NULL || *word == '\0')
    word = "";

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      guint d = *word ? distance (word, names[i].name) : G_MAXUINT;

      if (d < best)
        {
          best = d;
          closest = names[i].name;
        }
      g_string_append_printf (list, "%s%s", i > 0 ? ", " : "", names[i].name);
    }

  if (closest != NULL)
    /* TRANSLATORS: %s is the name of a check, keep it as it is */
    return g_strdup_printf (_("unknown check; did you mean “%s”?"), closest);
  /* TRANSLATORS: %s lists the names of every check, keep them as they are */
  return g_strdup_printf (_("unknown check; expected one of %s"), list->str);
}

/* The rest of @text after its first word, for texts with spaces. */
static const char *
rest_of_line (const char *text)
{
  const char *space = strchr (text, ' ');

  return space ? space + 1 : "";
}

/* joined GROUP|* */
static gboolean
parse_joined (SpLessonCheck  *check,
              const char     *text,
              char          **words,
              guint           n_words,
              GError        **error)
{
  g_autoptr(GError) group_error = NULL;

  if (n_words != 2)
    /* TRANSLATORS: keep the syntax as it is */
    return fail (error, text, _("use: joined GROUP|*"));
  if (g_str_equal (words[1], "*"))
    return TRUE;
  if (!sp_endpoint_check_multicast_group (words[1], &group_error))
    return fail (error, text, group_error->message);
  check->group = g_inet_address_new_from_string (words[1]);
  return TRUE;
}

/* A text to match, as written after the check's words, with \n, \r, \t
 * and \\ escapes. */
static gboolean
parse_text (SpLessonCheck  *check,
            const char     *text,
            const char     *escaped,
            GError        **error)
{
  g_autofree char *unescaped = NULL;

  /* g_strcompress() would warn and drop it. */
  if (sp_user_text_ends_in_lone_backslash (escaped))
    return fail (error, text, _("ends in a lone “\\”; write “\\\\” for a backslash"));
  unescaped = g_strcompress (escaped);
  if (*unescaped == '\0')
    return fail (error, text, _("needs a text"));
  check->bytes = g_bytes_new (unescaped, strlen (unescaped));
  return TRUE;
}

/* relayed client-to-server|server-to-client [TEXT] */
static gboolean
parse_relayed (SpLessonCheck  *check,
               const char     *text,
               char          **words,
               guint           n_words,
               GError        **error)
{
  const char *escaped;

  if (n_words < 2 || !(g_str_equal (words[1], "client-to-server") || g_str_equal (words[1], "server-to-client")))
    /* TRANSLATORS: keep the syntax as it is */
    return fail (error, text, _("use: relayed client-to-server|server-to-client [TEXT]"));
  check->to_server = g_str_equal (words[1], "client-to-server");

  escaped = rest_of_line (rest_of_line (text));
  if (n_words == 2 || *escaped == '\0')
    return TRUE;
  return parse_text (check, text, escaped, error);
}

static gboolean
parse (SpLessonCheck  *check,
       const char     *text,
       GError        **error)
{
  g_auto(GStrv) words = g_strsplit_set (text, " \t", -1);
  guint n_words = g_strv_length (words);
  gboolean found = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (words[0], names[i].name) == 0)
      {
        check->kind = names[i].kind;
        found = TRUE;
      }

  if (!found)
    {
      g_autofree char *why = unknown_check (words[0]);

      return fail (error, text, why);
    }

  switch (check->kind)
    {
    case CHECK_LISTENING:
      if (n_words < 3 || n_words > 4)
        /* TRANSLATORS: keep the syntax as it is */
        return fail (error, text, _("use: listening tcp|udp PORT|* [reuse]"));
      check->proto = g_str_equal (words[1], "tcp") ? PROTO_TCP
                   : g_str_equal (words[1], "udp") ? PROTO_UDP : PROTO_ANY;
      if (check->proto == PROTO_ANY)
        return fail (error, text, _("protocol must be tcp or udp"));
      if (!g_str_equal (words[2], "*") && !parse_count (words[2], &check->port))
        return fail (error, text, _("bad port"));
      if (n_words == 4 && !(check->reuse = g_str_equal (words[3], "reuse")))
        return fail (error, text, _("only “reuse” may follow the port"));
      break;

    case CHECK_SENT:
    case CHECK_RECEIVED:
      if (n_words > 2)
        /* TRANSLATORS: keep the syntax as it is */
        return fail (error, text, _("use: sent|received [tcp|udp]"));
      if (n_words == 2)
        {
          check->proto = g_str_equal (words[1], "tcp") ? PROTO_TCP
                       : g_str_equal (words[1], "udp") ? PROTO_UDP : PROTO_ANY;
          if (check->proto == PROTO_ANY)
            return fail (error, text, _("protocol must be tcp or udp"));
        }
      break;

    case CHECK_ACCEPTED:
    case CHECK_RECEIVED_FROM:
    case CHECK_MESSAGES:
      if (n_words != 2 || !parse_count (words[1], &check->count))
        return fail (error, text, _("needs a count"));
      break;

    case CHECK_RECEIVED_TEXT:
    case CHECK_RECEIVED_CONTAINS:
    case CHECK_MESSAGE_TEXT:
      return parse_text (check, text, rest_of_line (text), error);

    case CHECK_RECEIVED_MATCHES:
    case CHECK_MESSAGE_MATCHES:
      {
        g_autoptr(GError) regex_error = NULL;

        if (n_words < 2)
          return fail (error, text, _("needs a regular expression"));
        /* The rest of the line as written: \d, \n and friends are the
         * expression's own escapes. */
        check->regex = g_regex_new (rest_of_line (text), 0, 0, &regex_error);
        if (check->regex == NULL)
          return fail (error, text, regex_error->message);
      }
      break;

    case CHECK_SENT_HEX:
      check->bytes = sp_hex_parse (rest_of_line (text), -1, NULL, NULL);
      if (check->bytes == NULL)
        return fail (error, text, _("needs hex bytes"));
      break;

    case CHECK_JOINED:
      return parse_joined (check, text, words, n_words, error);

    case CHECK_RELAYED:
      return parse_relayed (check, text, words, n_words, error);

    case CHECK_ERROR:
      if (n_words != 2 || (check->errnum = errno_from_name (words[1])) == 0)
        return fail (error, text, _("needs an errno name such as EADDRINUSE"));
      break;

    default:
      if (n_words != 1)
        return fail (error, text, _("takes no arguments"));
      break;
    }

  return TRUE;
}

SpLessonCheck *
sp_lesson_check_new (const char  *text,
                     GError     **error)
{
  g_autoptr(SpLessonCheck) check = g_new0 (SpLessonCheck, 1);

  check->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  check->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) g_hash_table_unref);

  if (!parse (check, text, error))
    return NULL;

  return g_steal_pointer (&check);
}

void
sp_lesson_check_free (SpLessonCheck *check)
{
  if (check == NULL)
    return;

  g_clear_pointer (&check->bytes, g_bytes_unref);
  g_clear_pointer (&check->regex, g_regex_unref);
  g_clear_object (&check->group);
  g_hash_table_unref (check->counts);
  g_hash_table_unref (check->seen);
  g_free (check);
}

gboolean
sp_lesson_check_passed (SpLessonCheck *check)
{
  return check->passed;
}

static gboolean
proto_matches (Proto       proto,
               SpEndpoint *endpoint)
{
  return proto == PROTO_ANY ||
         (proto == PROTO_UDP) == sp_endpoint_is_datagram (endpoint);
}

/* Counts one more for @endpoint (and @id when not 0); returns the count. */
static guint
bump (SpLessonCheck *check,
      SpEndpoint    *endpoint,
      guint          id)
{
  g_autofree char *key = g_strdup_printf ("%p:%u", (gpointer) endpoint, id);
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (check->counts, key)) + 1;

  g_hash_table_insert (check->counts, g_steal_pointer (&key), GUINT_TO_POINTER (count));
  return count;
}

/* Adds @id to @endpoint's set; returns the set's size. */
static guint
remember (SpLessonCheck *check,
          SpEndpoint    *endpoint,
          guint          id)
{
  g_autofree char *key = g_strdup_printf ("%p", (gpointer) endpoint);
  GHashTable *set = g_hash_table_lookup (check->seen, key);

  if (set == NULL)
    {
      set = g_hash_table_new (NULL, NULL);
      g_hash_table_insert (check->seen, g_steal_pointer (&key), set);
    }
  g_hash_table_add (set, GUINT_TO_POINTER (id));

  return g_hash_table_size (set);
}

static gboolean
remembered (SpLessonCheck *check,
            SpEndpoint    *endpoint,
            guint          id)
{
  g_autofree char *key = g_strdup_printf ("%p", (gpointer) endpoint);
  GHashTable *set = g_hash_table_lookup (check->seen, key);

  return set != NULL && g_hash_table_contains (set, GUINT_TO_POINTER (id));
}

static gboolean
payload_equals (const SpEventRecord *event,
                GBytes              *bytes)
{
  gsize size, wanted_size;
  const guint8 *data = sp_event_record_get_payload_data (event, &size);
  const guint8 *wanted = g_bytes_get_data (bytes, &wanted_size);

  return sp_event_record_has_payload (event) && size == wanted_size &&
         (size == 0 || memcmp (data, wanted, size) == 0);
}

/* Text only: a payload that is not UTF-8 (or holds NUL) matches nothing. */
static gboolean
payload_matches (const SpEventRecord *event,
                 GRegex              *regex)
{
  gsize size;
  const char *data = (const char *) sp_event_record_get_payload_data (event, &size);

  if (data == NULL)
    return FALSE;

  return size > 0 && g_utf8_validate (data, size, NULL) &&
         g_regex_match_full (regex, data, size, 0, 0, NULL, NULL);
}

/* How the bytes of one received entry relate to the sender's send() calls:
 * the number of send() calls they came from, and whether a send() call's
 * bytes reach outside this entry (split over several recv() calls). */
static void
relate_to_sends (SpEndpoint          *endpoint,
                 const SpEventRecord *event,
                 guint               *n_sends,
                 gboolean            *split)
{
  SpConnection *connection = sp_endpoint_find_connection (endpoint, sp_event_record_get_connection_id (event));
  SpConnection *peer = connection ? sp_connection_find_peer (connection) : NULL;
  guint64 start = sp_event_record_get_stream_offset (event);
  guint64 end = start + sp_event_record_get_n_bytes (event);
  const SpStreamChunk *chunks;
  guint n;

  *n_sends = 0;
  *split = FALSE;

  if (peer == NULL || end == start)
    return;

  chunks = sp_connection_get_send_chunks (peer, &n);
  for (guint i = 0; i < n; i++)
    {
      guint64 c_start = chunks[i].offset, c_end = c_start + chunks[i].len;

      if (c_end <= start || c_start >= end)
        continue;

      (*n_sends)++;
      if (c_start < start || c_end > end)
        *split = TRUE;
    }
}

/* The checks on a relay's own events. */
static gboolean
relay_holds (SpLessonCheck       *check,
             const SpEventRecord *event)
{
  SpEventKind kind = sp_event_record_get_kind (event);

  if (check->kind == CHECK_RELAY_CONNECTED)
    /* The relay's own connect() to its target, for a client it accepted. */
    return kind == SP_EVENT_KIND_CONNECTED;

  /* Without a text: a send() passing bytes on in that direction. With one:
   * a single recv() from the sending side was exactly it, so sends glued
   * together in the kernel show as one text. */
  if (sp_event_record_get_client_to_server (event) != check->to_server)
    return FALSE;
  if (check->bytes == NULL)
    return kind == SP_EVENT_KIND_SENT;
  return kind == SP_EVENT_KIND_RECEIVED && payload_equals (event, check->bytes);
}

/* The checks on what one event carried, and on a relay's events. */
static gboolean
event_holds (SpLessonCheck       *check,
             SpEndpoint          *endpoint,
             const SpEventRecord *event)
{
  SpEventKind kind = sp_event_record_get_kind (event);

  switch (check->kind)
    {
    case CHECK_RECEIVED_TEXT:
      return kind == SP_EVENT_KIND_RECEIVED && payload_equals (event, check->bytes);

    case CHECK_RECEIVED_CONTAINS:
      return kind == SP_EVENT_KIND_RECEIVED && sp_event_record_payload_contains (event, check->bytes);

    case CHECK_RECEIVED_MATCHES:
      return kind == SP_EVENT_KIND_RECEIVED && payload_matches (event, check->regex);

    /* A framed message is what the program reading it would get, however
     * the stream was cut or glued. */
    case CHECK_MESSAGE_TEXT:
      return kind == SP_EVENT_KIND_MESSAGE && payload_equals (event, check->bytes);

    case CHECK_MESSAGE_MATCHES:
      return kind == SP_EVENT_KIND_MESSAGE && payload_matches (event, check->regex);

    case CHECK_SENT_HEX:
      return kind == SP_EVENT_KIND_SENT && payload_equals (event, check->bytes);

    case CHECK_RELAY_CONNECTED:
    case CHECK_RELAYED:
      return sp_endpoint_get_kind (endpoint) == SP_ENDPOINT_KIND_TCP_RELAY && relay_holds (check, event);

    default:
      g_assert_not_reached ();
    }
}

static gboolean
joined_group_matches (SpLessonCheck *check,
                      SpEndpoint    *endpoint)
{
  g_autoptr(GInetAddress) joined = NULL;

  if (check->group == NULL)
    return TRUE;

  joined = g_inet_address_new_from_string (sp_endpoint_get_multicast_group (endpoint));
  return joined != NULL && g_inet_address_equal (joined, check->group);
}

gboolean
sp_lesson_check_feed (SpLessonCheck       *check,
                      SpEndpoint          *endpoint,
                      const SpEventRecord *event)
{
  SpEventKind kind = sp_event_record_get_kind (event);
  SpEndpointKind endpoint_kind = sp_endpoint_get_kind (endpoint);
  guint id = sp_event_record_get_connection_id (event);
  gboolean tcp = !sp_endpoint_is_datagram (endpoint);
  gboolean ok = FALSE;

  if (check->passed)
    return TRUE;

  switch (check->kind)
    {
    case CHECK_LISTENING:
      ok = kind == SP_EVENT_KIND_LISTENING && sp_endpoint_is_server (endpoint) &&
           proto_matches (check->proto, endpoint) &&
           (check->port == 0 || sp_endpoint_get_bound_port (endpoint) == check->port) &&
           (!check->reuse || sp_endpoint_get_reuse_address (endpoint));
      break;

    case CHECK_CONNECTED:
      ok = kind == SP_EVENT_KIND_CONNECTED && endpoint_kind == SP_ENDPOINT_KIND_TCP_CLIENT;
      break;

    case CHECK_ACCEPTED:
      ok = kind == SP_EVENT_KIND_ACCEPTED && bump (check, endpoint, 0) >= check->count;
      break;

    case CHECK_SENT:
      ok = kind == SP_EVENT_KIND_SENT && proto_matches (check->proto, endpoint);
      break;

    case CHECK_RECEIVED:
      ok = kind == SP_EVENT_KIND_RECEIVED && proto_matches (check->proto, endpoint);
      break;

    case CHECK_RECEIVED_TEXT:
    case CHECK_RECEIVED_CONTAINS:
    case CHECK_RECEIVED_MATCHES:
    case CHECK_MESSAGE_TEXT:
    case CHECK_MESSAGE_MATCHES:
    case CHECK_SENT_HEX:
    case CHECK_RELAY_CONNECTED:
    case CHECK_RELAYED:
      ok = event_holds (check, endpoint, event);
      break;

    case CHECK_RECEIVED_FROM:
      ok = kind == SP_EVENT_KIND_RECEIVED && sp_endpoint_is_server (endpoint) && id != 0 &&
           remember (check, endpoint, id) >= check->count;
      break;

    case CHECK_STICKY:
    case CHECK_SPLIT:
      if (kind == SP_EVENT_KIND_RECEIVED && tcp)
        {
          guint n_sends;
          gboolean split;

          relate_to_sends (endpoint, event, &n_sends, &split);
          ok = check->kind == CHECK_STICKY ? n_sends >= 2 : split;
        }
      break;

    case CHECK_MESSAGES:
      ok = kind == SP_EVENT_KIND_MESSAGE && bump (check, endpoint, id) >= check->count;
      break;

    case CHECK_PEER_CLOSED:
      ok = kind == SP_EVENT_KIND_PEER_CLOSED;
      break;

    case CHECK_ERROR:
      ok = kind == SP_EVENT_KIND_ERROR && sp_event_record_get_errnum (event) == check->errnum;
      break;

    case CHECK_FRAMING_ERROR:
      ok = kind == SP_EVENT_KIND_ERROR && (sp_event_record_get_flags (event) & SP_EVENT_FLAG_FRAMING_ERROR);
      break;

    case CHECK_TRUNCATED:
      ok = kind == SP_EVENT_KIND_RECEIVED && sp_event_record_get_truncated (event);
      break;

    case CHECK_PARTIAL_SEND:
      ok = kind == SP_EVENT_KIND_SENT && sp_event_record_is_partial (event);
      break;

    case CHECK_DROPPED:
      ok = (sp_event_record_get_flags (event) & SP_EVENT_FLAG_SIMULATED) != 0;
      break;

    case CHECK_CLOSED_BY_SERVER:
      /* The server closed first: no recv() had returned 0 on it. */
      if (endpoint_kind == SP_ENDPOINT_KIND_TCP_SERVER && id != 0)
        {
          if (kind == SP_EVENT_KIND_PEER_CLOSED)
            remember (check, endpoint, id);
          else if (kind == SP_EVENT_KIND_CLOSED)
            ok = !remembered (check, endpoint, id);
        }
      break;

    case CHECK_JOINED:
      /* A server logs that it is listening once its group is joined. */
      ok = kind == SP_EVENT_KIND_LISTENING && endpoint_kind == SP_ENDPOINT_KIND_UDP_SERVER &&
           sp_endpoint_get_multicast_joined (endpoint) && joined_group_matches (check, endpoint);
      break;

    default:
      g_assert_not_reached ();
    }

  if (ok)
    check->passed = TRUE;

  return check->passed;
}
