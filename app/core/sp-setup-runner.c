/* sp-setup-runner.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sp-framing.h"
#include "sp-hex.h"
#include "sp-session-file.h"
#include "sp-setup-runner.h"
#include "sp-text-codec.h"

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

static gboolean
parse_uint (const char *word,
            guint       max,
            guint      *out)
{
  guint64 value;

  if (word == NULL || !g_ascii_string_to_unsigned (word, 10, 0, max, &value, NULL))
    return FALSE;

  *out = value;
  return TRUE;
}

static gboolean
parse_on_off (const char *word,
              gboolean   *out)
{
  if (g_strcmp0 (word, "on") == 0)
    *out = TRUE;
  else if (g_strcmp0 (word, "off") == 0)
    *out = FALSE;
  else
    return FALSE;

  return TRUE;
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

/* Parses @command and, for ACTION_RUN, does it. Returns FALSE with @error on
 * a bad command or failure; sets *@wait_on to an endpoint to wait for (start)
 * or *@wait_ms to a delay. */
static gboolean
handle (const char         *command,
        Action              action,
        const SpSetupHost  *host,
        gpointer            host_data,
        SpEndpoint        **wait_on,
        guint              *wait_ms,
        GError            **error)
{
  g_auto(GStrv) w = g_strsplit (command, " ", -1);
  guint n = g_strv_length (w);
  const char *verb = w[0];
  SpEndpoint *endpoint = NULL;
  guint position = 0;

  if (g_str_equal (verb, "wait"))
    {
      guint ms;

      if (n != 2 || !parse_uint (w[1], WAIT_MAX_MS, &ms))
        return syntax_error (error, command, "use: wait MS (at most 5000)");
      if (action == ACTION_RUN)
        *wait_ms = ms;
      return TRUE;
    }

  if (n < 2 || !parse_uint (w[1], 16, &position) || position == 0)
    return syntax_error (error, command, "needs a pane position 1–16");

  if (g_str_equal (verb, "pane"))
    {
      SpEndpointKind kind;
      guint port;

      if (n != 5 || !sp_endpoint_kind_from_nick (w[2], &kind) || !parse_uint (w[4], 65535, &port))
        return syntax_error (error, command, "use: pane P KIND HOST PORT");
      if (action == ACTION_RUN)
        host->ensure (host_data, position, kind, w[3], port);
      return TRUE;
    }

  if (action == ACTION_RUN)
    {
      endpoint = host->lookup (host_data, position);
      /* Nothing to stop where there is no pane: setups can start clean. */
      if (endpoint == NULL && g_str_equal (verb, "stop") && n == 2)
        return TRUE;
      if (endpoint == NULL)
        {
          g_set_error (error, SP_SETUP_ERROR, SP_SETUP_ERROR_NO_PANE,
                       _("There is no pane %u for “%s”."), position, command);
          return FALSE;
        }
    }

  if (g_str_equal (verb, "start") || g_str_equal (verb, "stop") ||
      g_str_equal (verb, "pause") || g_str_equal (verb, "resume") ||
      g_str_equal (verb, "close-client"))
    {
      if (n != 2)
        return syntax_error (error, command, "takes only the pane position");
      if (action != ACTION_RUN)
        return TRUE;

      if (g_str_equal (verb, "start"))
        {
          sp_endpoint_start (endpoint);
          if (sp_endpoint_get_state (endpoint) == SP_ENDPOINT_STATE_STARTING)
            *wait_on = endpoint;
        }
      else if (g_str_equal (verb, "stop"))
        sp_endpoint_stop (endpoint);
      else if (g_str_equal (verb, "pause") || g_str_equal (verb, "resume"))
        sp_endpoint_set_paused (endpoint, g_str_equal (verb, "pause"));
      else
        {
          g_autoptr(SpConnection) oldest = g_list_model_get_item (sp_endpoint_get_connections (endpoint), 0);

          if (oldest != NULL)
            sp_endpoint_close_connection (endpoint, oldest);
        }
      return TRUE;
    }

  if (g_str_equal (verb, "send") || g_str_equal (verb, "send-gbk") ||
      g_str_equal (verb, "send-hex") || g_str_equal (verb, "burst"))
    {
      gboolean burst = g_str_equal (verb, "burst");
      guint count = 1;
      const char *text = after_words (command, burst ? 3 : 2);
      g_autofree char *unescaped = g_strcompress (text);
      g_autoptr(GBytes) bytes = NULL;

      if (burst && (n < 4 || !parse_uint (w[2], SP_ENDPOINT_MAX_BURST, &count) || count == 0))
        return syntax_error (error, command, "use: burst P COUNT TEXT");

      if (g_str_equal (verb, "send-hex"))
        bytes = sp_hex_parse (text, -1, NULL, NULL);
      else
        bytes = sp_text_encode (unescaped,
                                g_str_equal (verb, "send-gbk") ? SP_TEXT_ENCODING_GBK
                                                               : SP_TEXT_ENCODING_UTF8,
                                SP_LINE_ENDING_NONE, NULL, NULL);

      if (bytes == NULL || g_bytes_get_size (bytes) == 0)
        return syntax_error (error, command, "needs something to send");

      if (action == ACTION_RUN)
        return sp_endpoint_send_burst (endpoint, bytes, NULL, count, error);
      return TRUE;
    }

  if (g_str_equal (verb, "option"))
    {
      const char *name = n == 4 ? w[2] : "";
      const char *value = n == 4 ? w[3] : "";
      SpFramingConfig framing;
      gboolean flag;
      guint number;

      if (g_str_equal (name, "framing"))
        {
          if (!sp_framing_config_from_string (value, &framing, NULL))
            return syntax_error (error, command, "framing off|python-i|network-i|lines|fixed:N|delimiter:HEX|length:SIZE:le|be:signed|unsigned:payload|total[:max=BYTES]");
          if (action == ACTION_RUN)
            return sp_endpoint_set_framing (endpoint, &framing, error);
        }
      else if (g_str_equal (name, "nodelay") || g_str_equal (name, "reuse") ||
               g_str_equal (name, "udp-connect"))
        {
          if (!parse_on_off (value, &flag))
            return syntax_error (error, command, "needs on or off");
          if (action == ACTION_RUN && g_str_equal (name, "nodelay"))
            sp_endpoint_set_no_delay (endpoint, flag);
          else if (action == ACTION_RUN && g_str_equal (name, "reuse"))
            sp_endpoint_set_reuse_address (endpoint, flag);
          else if (action == ACTION_RUN)
            sp_endpoint_set_udp_connect (endpoint, flag);
        }
      else if (g_str_equal (name, "send-mode"))
        {
          if (!g_str_equal (value, "all") && !g_str_equal (value, "once"))
            return syntax_error (error, command, "send-mode all|once");
          if (action == ACTION_RUN)
            sp_endpoint_set_send_mode (endpoint, g_str_equal (value, "once") ? SP_SEND_MODE_ONCE
                                                                              : SP_SEND_MODE_ALL);
        }
      else if (g_str_equal (name, "read-size") || g_str_equal (name, "sndbuf") ||
               g_str_equal (name, "rcvbuf") || g_str_equal (name, "drop-percent"))
        {
          guint max = g_str_equal (name, "drop-percent") ? 100
                    : g_str_equal (name, "read-size") ? SP_ENDPOINT_MAX_READ_SIZE
                    : SP_ENDPOINT_MAX_BUFFER_SIZE;

          if (!parse_uint (value, max, &number))
            return syntax_error (error, command, "needs a number in range");
          if (action != ACTION_RUN)
            return TRUE;
          if (g_str_equal (name, "read-size"))
            sp_endpoint_set_read_size (endpoint, number);
          else if (g_str_equal (name, "sndbuf"))
            sp_endpoint_set_sndbuf (endpoint, number);
          else if (g_str_equal (name, "rcvbuf"))
            sp_endpoint_set_rcvbuf (endpoint, number);
          else
            sp_endpoint_set_drop_percent (endpoint, number);
        }
      else
        return syntax_error (error, command, "unknown option");

      return TRUE;
    }

  return syntax_error (error, command, "unknown command");
}

gboolean
sp_setup_validate (const char * const  *commands,
                   GError             **error)
{
  for (guint i = 0; commands && commands[i]; i++)
    if (!handle (commands[i], ACTION_VALIDATE, NULL, NULL, NULL, NULL, error))
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

      if (!handle (command, ACTION_RUN, run->host, run->host_data, &wait_on, &wait_ms, &error))
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
                     GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
