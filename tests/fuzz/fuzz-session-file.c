/* fuzz-session-file.c: libFuzzer target for session files and the framing
 * syntax
 *
 * The input is read as a session file. Where it fails there must be an
 * error for the user; where it reads, the panes are written, the text read
 * again, and written again: both readings must agree and both writings be
 * the same text. The input is also parsed as a framing string, which must
 * survive sp_framing_config_to_string() in the same way. Any disagreement
 * aborts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "sp-session-file.h"

#include "fuzz-common.h"

static void
check_same_framing (const SpFramingConfig *a,
                    const SpFramingConfig *b)
{
  g_autofree char *text_a = sp_framing_config_to_string (a);
  g_autofree char *text_b = sp_framing_config_to_string (b);

  CHECK (text_a != NULL && text_b != NULL);
  CHECK (strcmp (text_a, text_b) == 0);
}

static void
check_same_pane (const SpSessionPane *a,
                 const SpSessionPane *b)
{
  CHECK (a->kind == b->kind);
  CHECK (strcmp (a->host, b->host) == 0);
  CHECK (a->port == b->port && a->port <= G_MAXUINT16);
  CHECK (a->read_size == b->read_size);
  CHECK (a->read_size >= 1 && a->read_size <= SP_ENDPOINT_MAX_READ_SIZE);
  CHECK (a->reuse_address == b->reuse_address);
  CHECK (a->udp_connect == b->udp_connect);
  CHECK (a->no_delay == b->no_delay);
  CHECK (a->broadcast == b->broadcast);
  CHECK (g_strcmp0 (a->multicast_group, b->multicast_group) == 0);
  CHECK (sp_endpoint_check_multicast_group (a->multicast_group, NULL));
  CHECK (g_strcmp0 (a->multicast_interface, b->multicast_interface) == 0);
  CHECK (a->rcvbuf == b->rcvbuf && a->rcvbuf <= SP_ENDPOINT_MAX_BUFFER_SIZE);
  CHECK (a->sndbuf == b->sndbuf && a->sndbuf <= SP_ENDPOINT_MAX_BUFFER_SIZE);
  CHECK (a->send_mode == b->send_mode);
  CHECK (a->drop_percent == b->drop_percent && a->drop_percent <= 100);
  CHECK (sp_framing_config_check (&a->framing, NULL));
  check_same_framing (&a->framing, &b->framing);
  CHECK (a->encoding == b->encoding);
  CHECK (strcmp (a->message, b->message) == 0);
  CHECK (strlen (a->message) <= SP_SESSION_MAX_MESSAGE);
  CHECK (g_utf8_validate (a->message, -1, NULL));
  CHECK (a->send_as_hex == b->send_as_hex);
  CHECK ((a->reply_rules ? g_strv_length (a->reply_rules) : 0) ==
         (b->reply_rules ? g_strv_length (b->reply_rules) : 0));
  for (guint i = 0; a->reply_rules != NULL && a->reply_rules[i] != NULL; i++)
    {
      g_autoptr(SpReplyRule) rule = sp_reply_rule_parse (a->reply_rules[i], NULL);

      CHECK (strcmp (a->reply_rules[i], b->reply_rules[i]) == 0);
      CHECK (rule != NULL);
    }
}

static void
check_error (const GError *error)
{
  CHECK (error != NULL);
  CHECK (error->message != NULL && error->message[0] != '\0');
  CHECK (g_utf8_validate (error->message, -1, NULL));
}

static void
fuzz_session (const uint8_t *data,
              size_t         size)
{
  g_autoptr(GPtrArray) panes = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text_again = NULL;
  gsize length, length_again;

  panes = sp_session_file_read ((const char *) data, size, &error);
  if (panes == NULL)
    {
      check_error (error);
      CHECK (error->domain == SP_SESSION_FILE_ERROR);
      return;
    }

  CHECK (error == NULL);
  CHECK (panes->len >= 1 && panes->len <= SP_SESSION_MAX_PANES);

  text = sp_session_file_write (panes, &length);
  CHECK (text != NULL && strlen (text) == length);

  again = sp_session_file_read (text, length, &error);
  if (again == NULL)
    {
      fprintf (stderr, "written file does not read back: %s\n%s", error->message, text);
      abort ();
    }
  CHECK (again->len == panes->len);
  for (guint i = 0; i < panes->len; i++)
    check_same_pane (g_ptr_array_index (panes, i), g_ptr_array_index (again, i));

  text_again = sp_session_file_write (again, &length_again);
  CHECK (length_again == length);
  CHECK (memcmp (text, text_again, length) == 0);
}

static void
fuzz_framing (const uint8_t *data,
              size_t         size)
{
  g_autofree char *string = g_strndup ((const char *) data, size);
  g_autofree char *text = NULL;
  g_autofree char *text_again = NULL;
  g_autoptr(GError) error = NULL;
  SpFramingConfig config, again;

  if (!sp_framing_config_from_string (string, &config, &error))
    {
      check_error (error);
      CHECK (g_error_matches (error, SP_FRAMING_ERROR, SP_FRAMING_ERROR_INVALID_CONFIG));
      return;
    }

  CHECK (sp_framing_config_check (&config, NULL));
  text = sp_framing_config_to_string (&config);
  CHECK (text != NULL);
  CHECK (sp_framing_config_from_string (text, &again, NULL));
  text_again = sp_framing_config_to_string (&again);
  CHECK (strcmp (text, text_again) == 0);
  CHECK (config.mode == again.mode && config.max_frame == again.max_frame);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  fuzz_session (data, size);
  fuzz_framing (data, size);

  return 0;
}
