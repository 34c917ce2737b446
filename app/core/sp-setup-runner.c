/* sp-setup-runner.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sp-framing.h"
#include "sp-hex.h"
#include "sp-send-job.h"
#include "sp-setup-runner.h"
#include "sp-socket-address.h"
#include "sp-text-codec.h"
#include "sp-user-text.h"

#define WAIT_MAX_MS   5000
#define START_TIMEOUT 10000

G_DEFINE_QUARK (sp-setup-error-quark, sp_setup_error)

typedef struct {
  GStrv              commands;
  guint              next;
  const SpSetupHost *host;
  gpointer           host_data;
  SpEndpoint        *waiting_on;
  gulong             state_handler;
  guint              timeout_id;
  GPtrArray         *changes;     /* of char *, see sp_setup_run_finish() */
} RunData;

static void run_next (GTask *task);

static void
run_data_free (gpointer data)
{
  RunData *run = data;

  if (run->waiting_on != NULL)
    g_clear_signal_handler (&run->state_handler, run->waiting_on);
  g_clear_object (&run->waiting_on);
  g_clear_handle_id (&run->timeout_id, g_source_remove);
  g_strfreev (run->commands);
  g_ptr_array_unref (run->changes);
  g_free (run);
}

static gboolean
syntax_error (GError    **error,
              const char *command,
              const char *why)
{
  g_set_error (error, SP_SETUP_ERROR, SP_SETUP_ERROR_SYNTAX,
               "setup “%s”: %s", command, why);
  return FALSE;
}

/* The text after the first @n words of @command. */
static const char *
after_words (const char *command,
             guint       n)
{
  const char *p = command;

  for (guint i = 0; i < n; i++)
    {
      p = strchr (p, ' ');
      if (p == NULL)
        return "";
      p++;
    }

  return p;
}

typedef enum {
  ACTION_VALIDATE,
  ACTION_RUN,
} Action;

/* One command being checked, or run. */
typedef struct {
  const char         *text;
  char              **words;
  guint               n_words;
  Action              action;
  const SpSetupHost  *host;
  gpointer            host_data;
  guint               position;   /* the pane the command names */
  SpEndpoint         *endpoint;   /* running: that pane */
  GPtrArray          *changes;    /* running: what it changed, said */
  /* Set by a command the next one has to wait for. */
  SpEndpoint         *wait_on;    /* until it has started, or failed to */
  guint               wait_ms;
} Command;

/* Each verb checks its words and, when running, does what it says. */
typedef gboolean (*VerbFunc) (Command  *command,
                              GError  **error);

/* Says that @what of the command's pane went from @from to @to, if it did. */
static void
note_change (Command    *command,
             const char *what,
             const char *from,
             const char *to)
{
  if (command->changes == NULL || g_strcmp0 (from, to) == 0)
    return;

  /* TRANSLATORS: what "Set it up for me" changed: "Pane 2: Encoding GBK → UTF-8" */
  g_ptr_array_add (command->changes, g_strdup_printf (_("Pane %u: %s %s → %s"),
                                                      command->position, what, from, to));
}

static const char *
on_off (gboolean on)
{
  return on ? _("on") : _("off");
}

static gboolean
verb_wait (Command  *command,
           GError  **error)
{
  guint64 ms;

  if (command->n_words != 2 || !sp_user_text_parse_uint (command->words[1], 0, WAIT_MAX_MS, &ms))
    return syntax_error (error, command->text, "use: wait MS (at most 5000)");
  if (command->action == ACTION_RUN)
    command->wait_ms = ms;
  return TRUE;
}

static gboolean
verb_pane (Command  *command,
           GError  **error)
{
  SpEndpointKind kind;
  guint64 port;

  if (command->n_words != 5 || !sp_endpoint_kind_from_nick (command->words[2], &kind) ||
      !sp_user_text_parse_uint (command->words[4], 0, 65535, &port))
    return syntax_error (error, command->text, "use: pane P KIND HOST PORT");
  if (command->action == ACTION_RUN)
    {
      SpEndpoint *before = command->host->lookup (command->host_data, command->position);
      g_autofree char *old_port = before ? g_strdup_printf ("%u", sp_endpoint_get_port (before)) : NULL;
      SpEndpointKind old_kind = before ? sp_endpoint_get_kind (before) : kind;
      g_autofree char *old_host = before ? g_strdup (sp_endpoint_get_host (before)) : NULL;

      command->host->ensure (command->host_data, command->position, kind, command->words[3], port);
      if (before == NULL && command->changes != NULL)
        /* TRANSLATORS: "Pane 2: added, TCP client 127.0.0.1 8081" */
        g_ptr_array_add (command->changes,
                         g_strdup_printf (_("Pane %u: added, %s %s %u"), command->position,
                                          sp_endpoint_kind_to_string (kind), command->words[3],
                                          (guint) port));
      if (before == NULL)
        return TRUE;
      note_change (command, _("Kind"), sp_endpoint_kind_to_string (old_kind),
                   sp_endpoint_kind_to_string (kind));
      note_change (command, _("Host"), old_host, command->words[3]);
      note_change (command, _("Port"), old_port, command->words[4]);
    }
  return TRUE;
}

/* start, stop, pause, resume and close-client name only the pane. */
static gboolean
check_pane_only (Command  *command,
                 GError  **error)
{
  if (command->n_words != 2)
    return syntax_error (error, command->text, "takes only the pane position");
  return TRUE;
}

static gboolean
verb_start (Command  *command,
            GError  **error)
{
  if (!check_pane_only (command, error))
    return FALSE;
  if (command->action != ACTION_RUN)
    return TRUE;

  sp_endpoint_start (command->endpoint);
  if (sp_endpoint_get_state (command->endpoint) == SP_ENDPOINT_STATE_STARTING)
    command->wait_on = command->endpoint;
  return TRUE;
}

static gboolean
verb_stop (Command  *command,
           GError  **error)
{
  if (!check_pane_only (command, error))
    return FALSE;
  if (command->action == ACTION_RUN)
    sp_endpoint_stop (command->endpoint);
  return TRUE;
}

static gboolean
verb_pause (Command  *command,
            GError  **error)
{
  if (!check_pane_only (command, error))
    return FALSE;
  if (command->action == ACTION_RUN)
    {
      gboolean was = sp_endpoint_get_paused (command->endpoint);
      gboolean paused = g_str_equal (command->words[0], "pause");

      sp_endpoint_set_paused (command->endpoint, paused);
      note_change (command, _("Pause reading"), on_off (was), on_off (paused));
    }
  return TRUE;
}

static gboolean
verb_close_client (Command  *command,
                   GError  **error)
{
  g_autoptr(SpConnection) oldest = NULL;

  if (!check_pane_only (command, error))
    return FALSE;
  if (command->action != ACTION_RUN)
    return TRUE;

  oldest = g_list_model_get_item (sp_endpoint_get_connections (command->endpoint), 0);
  if (oldest != NULL)
    sp_endpoint_close_connection (command->endpoint, oldest);
  return TRUE;
}

/* rule P LINE: adds a reply rule (sp_reply_rule_parse()'s line);
 * rule P clear: removes them all, so a step's setup can start clean. */
static gboolean
verb_rule (Command  *command,
           GError  **error)
{
  const char *line = after_words (command->text, 2);
  g_autoptr(SpReplyRule) rule = NULL;
  g_autoptr(GError) rule_error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  SpReplyRules *rules;
  gboolean clear = g_str_equal (line, "clear");

  if (!clear && (rule = sp_reply_rule_parse (line, &rule_error)) == NULL)
    return syntax_error (error, command->text, rule_error->message);
  if (command->action != ACTION_RUN)
    return TRUE;

  if (sp_endpoint_get_kind (command->endpoint) != SP_ENDPOINT_KIND_TCP_SERVER &&
      sp_endpoint_get_kind (command->endpoint) != SP_ENDPOINT_KIND_UDP_SERVER)
    {
      g_set_error (error, SP_SETUP_ERROR, SP_SETUP_ERROR_FAILED,
                   _("Pane %u is not a TCP or UDP server: only servers answer by reply rules."),
                   command->position);
      return FALSE;
    }

  rules = sp_endpoint_get_reply_rules (command->endpoint);
  before = g_strdup_printf ("%u", sp_reply_rules_get_n_rules (rules));
  if (clear)
    sp_reply_rules_clear (rules);
  else if (!sp_reply_rules_add (rules, rule, error))
    return FALSE;
  after = g_strdup_printf ("%u", sp_reply_rules_get_n_rules (rules));
  note_change (command, _("Reply rules"), before, after);
  return TRUE;
}

/* Sends @bytes @count times; @bytes is NULL when the text did not encode.
 * Text keeps its @encoding in the sent rows (-1: hex, just bytes). */
static gboolean
send_message (Command  *command,
              GBytes   *bytes,
              int       encoding,
              guint     count,
              GError  **error)
{
  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    return syntax_error (error, command->text, "needs something to send");
  if (command->action != ACTION_RUN)
    return TRUE;
  if (encoding < 0)
    return sp_endpoint_send_burst (command->endpoint, bytes, NULL, count, error);
  return sp_endpoint_send_text_burst (command->endpoint, bytes, encoding, NULL, count, error);
}

/* The text with its C escapes (\n, \x00...) undone, encoded. */
static GBytes *
encode_text (const char     *text,
             SpTextEncoding  encoding)
{
  g_autofree char *unescaped = g_strcompress (text);

  return sp_text_encode (unescaped, encoding, SP_LINE_ENDING_NONE, NULL, NULL);
}

static gboolean
verb_send (Command  *command,
           GError  **error)
{
  g_autoptr(GBytes) bytes = encode_text (after_words (command->text, 2), SP_TEXT_ENCODING_UTF8);

  return send_message (command, bytes, SP_TEXT_ENCODING_UTF8, 1, error);
}

static gboolean
verb_send_gbk (Command  *command,
               GError  **error)
{
  g_autoptr(GBytes) bytes = encode_text (after_words (command->text, 2), SP_TEXT_ENCODING_GBK);

  return send_message (command, bytes, SP_TEXT_ENCODING_GBK, 1, error);
}

static gboolean
verb_send_hex (Command  *command,
               GError  **error)
{
  g_autoptr(GBytes) bytes = sp_hex_parse (after_words (command->text, 2), -1, NULL, NULL);

  return send_message (command, bytes, -1, 1, error);
}

static gboolean
verb_burst (Command  *command,
            GError  **error)
{
  g_autoptr(GBytes) bytes = NULL;
  guint64 count;

  if (command->n_words < 4 ||
      !sp_user_text_parse_uint (command->words[2], 1, SP_ENDPOINT_MAX_BURST, &count))
    return syntax_error (error, command->text, "use: burst P COUNT TEXT");

  bytes = encode_text (after_words (command->text, 3), SP_TEXT_ENCODING_UTF8);
  return send_message (command, bytes, SP_TEXT_ENCODING_UTF8, count, error);
}

/* "every P MS COUNT TEXT": a timed send, which goes on after the setup has
 * run (stopping the pane stops it). */
static gboolean
verb_every (Command  *command,
            GError  **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(SpSendJob) job = NULL;
  guint64 ms, count;

  if (command->n_words < 5 ||
      !sp_user_text_parse_uint (command->words[2], SP_SEND_JOB_MIN_INTERVAL_MS, SP_SEND_JOB_MAX_INTERVAL_MS, &ms) ||
      !sp_user_text_parse_uint (command->words[3], 1, SP_ENDPOINT_MAX_BURST, &count))
    return syntax_error (error, command->text, "use: every P MS COUNT TEXT (MS 10–3600000, COUNT 1–10000)");

  bytes = encode_text (after_words (command->text, 4), SP_TEXT_ENCODING_UTF8);
  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    return syntax_error (error, command->text, "needs something to send");
  if (command->action != ACTION_RUN)
    return TRUE;

  job = sp_send_job_new (command->endpoint, bytes, SP_TEXT_ENCODING_UTF8, NULL, ms, count);
  return sp_send_job_start (job, error);
}

static void
set_pause_client_side (SpEndpoint *endpoint,
                       gboolean    on)
{
  sp_endpoint_set_relay_paused (endpoint, SP_RELAY_SIDE_CLIENT, on);
}

static gboolean
get_pause_client_side (SpEndpoint *endpoint)
{
  return sp_endpoint_get_relay_paused (endpoint, SP_RELAY_SIDE_CLIENT);
}

static void
set_pause_server_side (SpEndpoint *endpoint,
                       gboolean    on)
{
  sp_endpoint_set_relay_paused (endpoint, SP_RELAY_SIDE_SERVER, on);
}

static gboolean
get_pause_server_side (SpEndpoint *endpoint)
{
  return sp_endpoint_get_relay_paused (endpoint, SP_RELAY_SIDE_SERVER);
}

typedef enum {
  OPTION_FRAMING,
  OPTION_SEND_MODE,
  OPTION_ENCODING,    /* utf-8 | gbk | latin-1 */
  OPTION_SWITCH,      /* on | off */
  OPTION_NUMBER,      /* 0 to max */
  OPTION_WORD,        /* a checked word, or "none" */
  OPTION_TARGET,      /* HOST:PORT, [IPv6]:PORT */
} OptionKind;

/* @label is how the change is said ("Pane 1: Read size 4 → 1024"): the
 * pane's own word for it, or the socket option's name; the getters read
 * the value before (an option without one is set, not reported). */
static const struct {
  const char  *name;
  const char  *label;
  OptionKind   kind;
  guint        max;
  void       (*set_switch) (SpEndpoint *endpoint,
                            gboolean    on);
  gboolean   (*get_switch) (SpEndpoint *endpoint);
  void       (*set_number) (SpEndpoint *endpoint,
                            guint       number);
  guint      (*get_number) (SpEndpoint *endpoint);
  void       (*set_word)   (SpEndpoint *endpoint,
                            const char *word);
  const char *(*get_word)  (SpEndpoint *endpoint);
  gboolean   (*check_word) (const char  *word,
                            GError     **error);
} options[] = {
  { "framing", N_("Framing"), OPTION_FRAMING },
  { "send-mode", N_("Send mode"), OPTION_SEND_MODE },
  { "encoding", N_("Encoding"), OPTION_ENCODING },
  { "target", N_("Target"), OPTION_TARGET },
  { "pause-client-side", N_("Pause reading clients"), OPTION_SWITCH,
    .set_switch = set_pause_client_side, .get_switch = get_pause_client_side },
  { "pause-server-side", N_("Pause reading servers"), OPTION_SWITCH,
    .set_switch = set_pause_server_side, .get_switch = get_pause_server_side },
  { "idle-timeout", N_("Mapping idle timeout (ms)"), OPTION_NUMBER, SP_ENDPOINT_MAX_RELAY_IDLE_MS,
    .set_number = sp_endpoint_set_relay_idle_timeout, .get_number = sp_endpoint_get_relay_idle_timeout },
  { "nodelay", "TCP_NODELAY", OPTION_SWITCH,
    .set_switch = sp_endpoint_set_no_delay, .get_switch = sp_endpoint_get_no_delay },
  { "reuse", "SO_REUSEADDR", OPTION_SWITCH,
    .set_switch = sp_endpoint_set_reuse_address, .get_switch = sp_endpoint_get_reuse_address },
  { "udp-connect", N_("UDP connect()"), OPTION_SWITCH,
    .set_switch = sp_endpoint_set_udp_connect, .get_switch = sp_endpoint_get_udp_connect },
  { "broadcast", "SO_BROADCAST", OPTION_SWITCH,
    .set_switch = sp_endpoint_set_broadcast, .get_switch = sp_endpoint_get_broadcast },
  { "multicast-group", N_("Multicast group"), OPTION_WORD,
    .set_word = sp_endpoint_set_multicast_group, .get_word = sp_endpoint_get_multicast_group,
    .check_word = sp_endpoint_check_multicast_group },
  { "multicast-interface", N_("Multicast interface"), OPTION_WORD,
    .set_word = sp_endpoint_set_multicast_interface, .get_word = sp_endpoint_get_multicast_interface },
  { "read-size", N_("Read size"), OPTION_NUMBER, SP_ENDPOINT_MAX_READ_SIZE,
    .set_number = sp_endpoint_set_read_size, .get_number = sp_endpoint_get_read_size },
  { "sndbuf", "SO_SNDBUF", OPTION_NUMBER, SP_ENDPOINT_MAX_BUFFER_SIZE,
    .set_number = sp_endpoint_set_sndbuf, .get_number = sp_endpoint_get_sndbuf },
  { "rcvbuf", "SO_RCVBUF", OPTION_NUMBER, SP_ENDPOINT_MAX_BUFFER_SIZE,
    .set_number = sp_endpoint_set_rcvbuf, .get_number = sp_endpoint_get_rcvbuf },
  { "drop-percent", N_("Loss %"), OPTION_NUMBER, 100,
    .set_number = sp_endpoint_set_drop_percent, .get_number = sp_endpoint_get_drop_percent },
};

static gboolean
parse_encoding (const char     *value,
                SpTextEncoding *encoding)
{
  static const SpTextEncoding all[] = {
    SP_TEXT_ENCODING_UTF8, SP_TEXT_ENCODING_GBK, SP_TEXT_ENCODING_LATIN1,
  };

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    if (g_ascii_strcasecmp (value, sp_text_encoding_label (all[i])) == 0)
      {
        *encoding = all[i];
        return TRUE;
      }

  return FALSE;
}

static gboolean
set_framing (Command                *command,
             const char             *label,
             const SpFramingConfig  *framing,
             GError                **error)
{
  g_autofree char *before = sp_framing_config_to_string (sp_endpoint_get_framing (command->endpoint));
  g_autofree char *after = sp_framing_config_to_string (framing);

  if (!sp_endpoint_set_framing (command->endpoint, framing, error))
    return FALSE;
  note_change (command, label, before, after);
  return TRUE;
}

static void
set_encoding (Command        *command,
              const char     *label,
              SpTextEncoding  encoding)
{
  SpTextEncoding before;

  /* A host without Encodings (a test of the engine alone) has none to set. */
  if (command->host->set_encoding == NULL)
    return;

  before = command->host->set_encoding (command->host_data, command->position, encoding);
  note_change (command, label, sp_text_encoding_label (before), sp_text_encoding_label (encoding));
}

static void
set_number (Command    *command,
            guint       option,
            const char *label,
            guint       number)
{
  g_autofree char *after = g_strdup_printf ("%u", number);
  /* An option without a getter is set, not reported. */
  g_autofree char *before = options[option].get_number
                            ? g_strdup_printf ("%u", options[option].get_number (command->endpoint))
                            : g_strdup (after);

  options[option].set_number (command->endpoint, number);
  note_change (command, label, before, after);
}

/* A relay's target, "127.0.0.1:8082" or "[::1]:8082". */
static gboolean
set_target (Command     *command,
            const char  *label,
            const char  *value,
            GError     **error)
{
  g_autofree char *host = NULL;
  g_autofree char *before = NULL;
  guint port = 0;

  /* "::1:80" is itself an IPv6 address: IPv6 takes brackets. */
  if (!sp_parse_socket_address (value, &host, &port) || !sp_endpoint_check_target (host, port, NULL) ||
      (strchr (host, ':') != NULL && value[0] != '['))
    return syntax_error (error, command->text, "target HOST:PORT, e.g. 127.0.0.1:8082 or [::1]:8082 (port 1-65535)");
  if (command->action != ACTION_RUN)
    return TRUE;

  before = sp_format_host_port (sp_endpoint_get_target_host (command->endpoint),
                                sp_endpoint_get_target_port (command->endpoint));
  sp_endpoint_set_target_host (command->endpoint, host);
  sp_endpoint_set_target_port (command->endpoint, port);
  note_change (command, label, before, value);
  return TRUE;
}

static gboolean
verb_option (Command  *command,
             GError  **error)
{
  const char *name = command->n_words == 4 ? command->words[2] : "";
  const char *value = command->n_words == 4 ? command->words[3] : "";
  gboolean run = command->action == ACTION_RUN;
  SpFramingConfig framing;
  SpTextEncoding encoding;
  gboolean on, was;
  guint64 number;

  for (guint i = 0; i < G_N_ELEMENTS (options); i++)
    {
      const char *label = g_dgettext (GETTEXT_PACKAGE, options[i].label);

      if (!g_str_equal (name, options[i].name))
        continue;

      switch (options[i].kind)
        {
        case OPTION_FRAMING:
          if (!sp_framing_config_from_string (value, &framing, NULL))
            return syntax_error (error, command->text, "framing off|python-i|network-i|lines|fixed:N|delimiter:HEX|length:SIZE:le|be:signed|unsigned:payload|total[:max=BYTES]");
          return !run || set_framing (command, label, &framing, error);

        case OPTION_SEND_MODE:
          if (!sp_user_text_parse_choice (value, "all", "once", &on))
            return syntax_error (error, command->text, "send-mode all|once");
          if (!run)
            return TRUE;
          was = sp_endpoint_get_send_mode (command->endpoint) == SP_SEND_MODE_ONCE;
          sp_endpoint_set_send_mode (command->endpoint, on ? SP_SEND_MODE_ONCE : SP_SEND_MODE_ALL);
          note_change (command, label, was ? "send()" : "sendall()", on ? "send()" : "sendall()");
          return TRUE;

        case OPTION_ENCODING:
          if (!parse_encoding (value, &encoding))
            return syntax_error (error, command->text, "encoding utf-8|gbk|latin-1");
          if (run)
            set_encoding (command, label, encoding);
          return TRUE;

        case OPTION_SWITCH:
          if (!sp_user_text_parse_choice (value, "off", "on", &on))
            return syntax_error (error, command->text, "needs on or off");
          if (!run)
            return TRUE;
          was = options[i].get_switch ? options[i].get_switch (command->endpoint) : on;
          options[i].set_switch (command->endpoint, on);
          note_change (command, label, on_off (was), on_off (on));
          return TRUE;

        case OPTION_NUMBER:
          if (!sp_user_text_parse_uint (value, 0, options[i].max, &number))
            return syntax_error (error, command->text, "needs a number in range");
          if (run)
            set_number (command, i, label, number);
          return TRUE;

        case OPTION_WORD:
          if (g_str_equal (value, "none"))
            value = "";
          /* Interfaces differ from machine to machine: checked when the
           * pane starts, not when the lesson is read. */
          if (options[i].check_word != NULL && !options[i].check_word (value, NULL))
            return syntax_error (error, command->text, "needs a multicast address (224.0.0.0–239.255.255.255, ff00::/8) or none");
          if (run)
            {
              g_autofree char *before = g_strdup (options[i].get_word (command->endpoint));

              options[i].set_word (command->endpoint, value);
              note_change (command, label, before && before[0] ? before : _("none"), value[0] ? value : _("none"));
            }
          return TRUE;

        case OPTION_TARGET:
          return set_target (command, label, value, error);

        default:
          g_assert_not_reached ();
        }
    }

  return syntax_error (error, command->text, "unknown option");
}

typedef enum {
  PANE_NONE,       /* no pane position */
  PANE_MADE,       /* the command makes the pane */
  PANE_EXISTING,   /* the pane must exist to run the command */
  PANE_IF_ANY,     /* nothing to do where there is no pane: setups can start clean */
} PaneUse;

static const struct {
  const char *name;
  PaneUse     pane;
  VerbFunc    func;
} verbs[] = {
  { "wait", PANE_NONE, verb_wait },
  { "pane", PANE_MADE, verb_pane },
  { "start", PANE_EXISTING, verb_start },
  { "stop", PANE_IF_ANY, verb_stop },
  { "pause", PANE_EXISTING, verb_pause },
  { "resume", PANE_EXISTING, verb_pause },
  { "close-client", PANE_EXISTING, verb_close_client },
  { "send", PANE_EXISTING, verb_send },
  { "send-gbk", PANE_EXISTING, verb_send_gbk },
  { "send-hex", PANE_EXISTING, verb_send_hex },
  { "burst", PANE_EXISTING, verb_burst },
  { "every", PANE_EXISTING, verb_every },
  { "option", PANE_EXISTING, verb_option },
  { "rule", PANE_EXISTING, verb_rule },
};

/* Checks @command and, with ACTION_RUN, does it: FALSE with @error for a
 * bad command or a failure. A command the next one must wait for sets
 * @command's wait_on or wait_ms. */
static gboolean
check_or_run (Command  *command,
              GError  **error)
{
  guint verb = 0;
  guint64 position;

  while (verb < G_N_ELEMENTS (verbs) && !g_str_equal (command->words[0], verbs[verb].name))
    verb++;

  if (verb == G_N_ELEMENTS (verbs) || verbs[verb].pane != PANE_NONE)
    {
      if (command->n_words < 2 || !sp_user_text_parse_uint (command->words[1], 1, 16, &position))
        return syntax_error (error, command->text, "needs a pane position 1–16");
      command->position = position;
    }

  if (verb == G_N_ELEMENTS (verbs))
    return syntax_error (error, command->text, "unknown command");

  if (command->action == ACTION_RUN && verbs[verb].pane >= PANE_EXISTING)
    {
      command->endpoint = command->host->lookup (command->host_data, command->position);
      if (command->endpoint == NULL && verbs[verb].pane == PANE_IF_ANY && command->n_words == 2)
        return TRUE;
      if (command->endpoint == NULL)
        {
          g_set_error (error, SP_SETUP_ERROR, SP_SETUP_ERROR_NO_PANE,
                       _("There is no pane %u for “%s”."), command->position, command->text);
          return FALSE;
        }
    }

  return verbs[verb].func (command, error);
}

/* Checks (@action ACTION_VALIDATE) or runs @text; see check_or_run(). */
static gboolean
check_or_run_text (const char         *text,
                   Action              action,
                   const SpSetupHost  *host,
                   gpointer            host_data,
                   GPtrArray          *changes,
                   SpEndpoint        **wait_on,
                   guint              *wait_ms,
                   GError            **error)
{
  g_auto(GStrv) words = g_strsplit (text, " ", -1);
  Command command = {
    .text = text,
    .words = words,
    .n_words = g_strv_length (words),
    .action = action,
    .host = host,
    .host_data = host_data,
    .changes = changes,
  };

  if (!check_or_run (&command, error))
    return FALSE;

  if (wait_on != NULL)
    *wait_on = command.wait_on;
  if (wait_ms != NULL)
    *wait_ms = command.wait_ms;
  return TRUE;
}

gboolean
sp_setup_validate (const char * const  *commands,
                   GError             **error)
{
  for (guint i = 0; commands && commands[i]; i++)
    if (!check_or_run_text (commands[i], ACTION_VALIDATE, NULL, NULL, NULL, NULL, NULL, error))
      return FALSE;

  return TRUE;
}

static void
resume (GTask *task)
{
  RunData *run = g_task_get_task_data (task);

  if (run->waiting_on != NULL)
    g_clear_signal_handler (&run->state_handler, run->waiting_on);
  g_clear_object (&run->waiting_on);
  g_clear_handle_id (&run->timeout_id, g_source_remove);
  run_next (task);
}

static void
state_changed_cb (SpEndpoint *endpoint,
                  GParamSpec *pspec,
                  GTask      *task)
{
  if (sp_endpoint_get_state (endpoint) != SP_ENDPOINT_STATE_STARTING)
    resume (task);
}

static gboolean
wait_done_cb (gpointer data)
{
  GTask *task = data;
  RunData *run = g_task_get_task_data (task);

  run->timeout_id = 0;
  resume (task);
  return G_SOURCE_REMOVE;
}

static void
run_next (GTask *task)
{
  RunData *run = g_task_get_task_data (task);

  while (run->commands[run->next] != NULL)
    {
      g_autoptr(GError) error = NULL;
      SpEndpoint *wait_on = NULL;
      guint wait_ms = 0;
      const char *command = run->commands[run->next++];

      if (g_task_return_error_if_cancelled (task))
        {
          g_object_unref (task);
          return;
        }

      if (!check_or_run_text (command, ACTION_RUN, run->host, run->host_data, run->changes,
                              &wait_on, &wait_ms, &error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          g_object_unref (task);
          return;
        }

      if (wait_on != NULL)
        {
          run->waiting_on = g_object_ref (wait_on);
          run->state_handler = g_signal_connect (wait_on, "notify::state",
                                                 G_CALLBACK (state_changed_cb), task);
          run->timeout_id = g_timeout_add (START_TIMEOUT, wait_done_cb, task);
          return;
        }

      if (wait_ms > 0)
        {
          run->timeout_id = g_timeout_add (wait_ms, wait_done_cb, task);
          return;
        }
    }

  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

void
sp_setup_run_async (const char * const  *commands,
                    const SpSetupHost   *host,
                    gpointer             host_data,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  RunData *run = g_new0 (RunData, 1);
  g_autoptr(GError) error = NULL;

  g_task_set_source_tag (task, sp_setup_run_async);
  run->commands = g_strdupv ((char **) commands);
  run->host = host;
  run->host_data = host_data;
  run->changes = g_ptr_array_new_with_free_func (g_free);
  g_task_set_task_data (task, run, run_data_free);

  if (!sp_setup_validate (commands, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  /* The task holds itself until the last command has run. */
  run_next (task);
}

gboolean
sp_setup_run_finish (GAsyncResult  *result,
                     GStrv         *changes,
                     GError       **error)
{
  RunData *run = g_task_get_task_data (G_TASK (result));

  if (changes != NULL)
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

      for (guint i = 0; i < run->changes->len; i++)
        g_strv_builder_add (builder, run->changes->pdata[i]);
      *changes = g_strv_builder_end (builder);
    }

  return g_task_propagate_boolean (G_TASK (result), error);
}
