/* sp-endpoint-replies.c: a server's reply rules at work
 *
 * Connections hand each unit they receive to the host's received_unit
 * (one recv()'s or datagram's bytes with framing off, one message with it
 * on). The first rule that matches answers on that connection with one
 * real send, framed like anything else the pane sends, now or after the
 * rule's delay. More than SP_REPLY_CAP_REPLIES replies on one connection
 * within a second is a loop (two answerers answering each other): the
 * rules pause, the pane says so, and only the user resumes them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sp-endpoint-private.h"

typedef struct {
  SpEndpoint   *endpoint;
  SpConnection *connection;
  GBytes       *reply;
  guint         text_encoding;
  guint         source_id;
} PendingReply;

static void
pending_reply_free (gpointer data)
{
  PendingReply *pending = data;

  g_clear_handle_id (&pending->source_id, g_source_remove);
  g_object_unref (pending->connection);
  g_bytes_unref (pending->reply);
  g_free (pending);
}

static void
send_reply (SpEndpoint   *self,
            SpConnection *connection,
            GBytes       *reply,
            guint         text_encoding)
{
  g_autoptr(GBytes) framed = NULL;
  g_autoptr(GError) error = NULL;
  gsize header_len = 0, trailer_len = 0;

  if (sp_connection_get_state (connection) != SP_CONNECTION_STATE_OPEN)
    return;

  framed = sp_framing_encode (&self->framing, reply, &header_len, &trailer_len, &error);
  if (framed == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("A reply rule’s reply could not be framed: %s"),
                                                  error->message);

      _sp_endpoint_log (self, SP_EVENT_KIND_ERROR, connection, message);
      return;
    }

  sp_connection_send (connection, framed, header_len, trailer_len, text_encoding);
}

static gboolean
pending_reply_due_cb (gpointer user_data)
{
  PendingReply *pending = user_data;
  SpEndpoint *self = pending->endpoint;

  pending->source_id = 0;
  send_reply (self, pending->connection, pending->reply, pending->text_encoding);
  g_ptr_array_remove (self->pending_replies, pending);
  return G_SOURCE_REMOVE;
}

void
_sp_endpoint_cancel_replies (SpEndpoint   *self,
                             SpConnection *connection)
{
  for (guint i = self->pending_replies->len; i > 0; i--)
    {
      PendingReply *pending = g_ptr_array_index (self->pending_replies, i - 1);

      if (connection == NULL || pending->connection == connection)
        g_ptr_array_remove_index (self->pending_replies, i - 1);
    }

  if (connection != NULL)
    g_hash_table_remove (self->reply_limiters, GUINT_TO_POINTER (sp_connection_get_id (connection)));
  else
    g_hash_table_remove_all (self->reply_limiters);
}

/* The cap was hit on @connection: no more automatic replies, none still
 * waiting, until the user resumes them. */
static void
pause_rules (SpEndpoint   *self,
             SpConnection *connection)
{
  g_autofree char *message =
    /* TRANSLATORS: the loop cap of reply rules; %u is a number of replies */
    g_strdup_printf (_("Reply rules paused: %u replies in 1 s — a loop?"), SP_REPLY_CAP_REPLIES);

  _sp_endpoint_cancel_replies (self, NULL);
  sp_reply_rules_pause (self->reply_rules, message);
  _sp_endpoint_log (self, SP_EVENT_KIND_ERROR, connection, message);
}

static void
received_unit_cb (SpConnectionHost *host,
                  SpConnection     *connection,
                  const guint8     *data,
                  gsize             len)
{
  SpEndpoint *self = SP_ENDPOINT (host->owner);
  g_autoptr(GBytes) reply = NULL;
  SpReplyLimiter *limiter;
  guint delay_ms = 0, text_encoding = 0;
  gpointer key;

  /* Servers answer; a relay passes what it receives on, never back. */
  if ((self->kind != SP_ENDPOINT_KIND_TCP_SERVER && self->kind != SP_ENDPOINT_KIND_UDP_SERVER) ||
      sp_reply_rules_match (self->reply_rules, data, len, &reply, &delay_ms, &text_encoding) < 0)
    return;

  key = GUINT_TO_POINTER (sp_connection_get_id (connection));
  limiter = g_hash_table_lookup (self->reply_limiters, key);
  if (limiter == NULL)
    {
      limiter = g_new0 (SpReplyLimiter, 1);
      g_hash_table_insert (self->reply_limiters, key, limiter);
    }

  if (!sp_reply_limiter_allow (limiter, g_get_monotonic_time ()))
    {
      pause_rules (self, connection);
      return;
    }

  if (delay_ms == 0)
    {
      send_reply (self, connection, reply, text_encoding);
      return;
    }

  {
    PendingReply *pending = g_new0 (PendingReply, 1);

    pending->endpoint = self;
    pending->connection = g_object_ref (connection);
    pending->reply = g_steal_pointer (&reply);
    pending->text_encoding = text_encoding;
    pending->source_id = g_timeout_add (delay_ms, pending_reply_due_cb, pending);
    g_source_set_name_by_id (pending->source_id, "[sp] reply rule delay");
    g_ptr_array_add (self->pending_replies, pending);
  }
}

static void
rules_paused_cb (SpEndpoint   *self,
                 GParamSpec   *pspec,
                 SpReplyRules *rules)
{
  /* Resumed: every connection starts a fresh count. */
  if (!sp_reply_rules_get_paused (rules))
    g_hash_table_remove_all (self->reply_limiters);
}

/* Without rules no unit is handed over: the per-read path stays as cheap
 * as it was before rules existed. */
static void
rules_counted_cb (SpEndpoint   *self,
                  GParamSpec   *pspec,
                  SpReplyRules *rules)
{
  self->io.received_unit = sp_reply_rules_get_n_rules (rules) > 0 ? received_unit_cb : NULL;
}

void
_sp_endpoint_init_replies (SpEndpoint *self)
{
  self->reply_rules = sp_reply_rules_new ();
  self->pending_replies = g_ptr_array_new_with_free_func (pending_reply_free);
  self->reply_limiters = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_signal_connect_object (self->reply_rules, "notify::paused", G_CALLBACK (rules_paused_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->reply_rules, "notify::n-rules", G_CALLBACK (rules_counted_cb),
                           self, G_CONNECT_SWAPPED);
}

void
_sp_endpoint_dispose_replies (SpEndpoint *self)
{
  if (self->pending_replies != NULL)
    _sp_endpoint_cancel_replies (self, NULL);
  g_clear_pointer (&self->pending_replies, g_ptr_array_unref);
  g_clear_pointer (&self->reply_limiters, g_hash_table_unref);
  g_clear_object (&self->reply_rules);
}

SpReplyRules *
sp_endpoint_get_reply_rules (SpEndpoint *self)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (self), NULL);
  return self->reply_rules;
}
