/* sp-reply-rules.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sp-hex.h"
#include "sp-reply-rules.h"
#include "sp-user-text.h"

G_DEFINE_QUARK (sp-reply-rule-error-quark, sp_reply_rule_error)

static const char * const match_nicks[] = { "contains", "equals", "starts-with" };

const char *
sp_reply_match_to_nick (SpReplyMatch match)
{
  g_return_val_if_fail (match < G_N_ELEMENTS (match_nicks), NULL);
  return match_nicks[match];
}

gboolean
sp_reply_match_from_nick (const char   *nick,
                          SpReplyMatch *match)
{
  for (guint i = 0; i < G_N_ELEMENTS (match_nicks); i++)
    if (g_strcmp0 (nick, match_nicks[i]) == 0)
      {
        *match = i;
        return TRUE;
      }

  return FALSE;
}

/* One rule ----------------------------------------------------------------- */

SpReplyRule *
sp_reply_rule_new (SpReplyMatch  match,
                   gboolean      when_hex,
                   const char   *when,
                   gboolean      reply_hex,
                   const char   *reply,
                   guint         delay_ms)
{
  SpReplyRule *rule = g_new0 (SpReplyRule, 1);

  rule->match = match;
  rule->when_hex = !!when_hex;
  rule->when = g_strdup (when ? when : "");
  rule->reply_hex = !!reply_hex;
  rule->reply = g_strdup (reply ? reply : "");
  rule->delay_ms = MIN (delay_ms, SP_REPLY_RULE_MAX_DELAY_MS);
  return rule;
}

SpReplyRule *
sp_reply_rule_copy (const SpReplyRule *rule)
{
  return sp_reply_rule_new (rule->match, rule->when_hex, rule->when,
                            rule->reply_hex, rule->reply, rule->delay_ms);
}

void
sp_reply_rule_free (SpReplyRule *rule)
{
  if (rule == NULL)
    return;
  g_free (rule->when);
  g_free (rule->reply);
  g_free (rule);
}

gboolean
sp_reply_rule_equal (const SpReplyRule *a,
                     const SpReplyRule *b)
{
  return a->match == b->match && a->when_hex == b->when_hex && a->reply_hex == b->reply_hex &&
         a->delay_ms == b->delay_ms && g_strcmp0 (a->when, b->when) == 0 &&
         g_strcmp0 (a->reply, b->reply) == 0;
}

static gboolean
rule_syntax_error (GError    **error,
                   const char *line,
                   const char *why)
{
  g_set_error (error, SP_REPLY_RULE_ERROR, SP_REPLY_RULE_ERROR_SYNTAX,
               "reply rule “%s”: %s", line, why);
  return FALSE;
}

/* Reads "[text|hex] WORD" at *@i of @argv. */
static gboolean
parse_side (char       **argv,
            int          argc,
            int         *i,
            gboolean    *hex,
            const char **word)
{
  *hex = FALSE;
  if (*i < argc && (g_str_equal (argv[*i], "text") || g_str_equal (argv[*i], "hex")) && *i + 1 < argc)
    {
      *hex = g_str_equal (argv[*i], "hex");
      (*i)++;
    }
  if (*i >= argc)
    return FALSE;
  *word = argv[(*i)++];
  return TRUE;
}

SpReplyRule *
sp_reply_rule_parse (const char  *line,
                     GError     **error)
{
  g_auto(GStrv) argv = NULL;
  g_autoptr(GError) shell_error = NULL;
  int argc = 0, i = 1;
  SpReplyMatch match;
  gboolean when_hex, reply_hex;
  const char *when, *reply;
  guint64 delay = 0;

  g_return_val_if_fail (line != NULL, NULL);

  if (!g_shell_parse_argv (line, &argc, &argv, &shell_error))
    return rule_syntax_error (error, line, shell_error->message), NULL;
  if (!sp_reply_match_from_nick (argv[0], &match))
    return rule_syntax_error (error, line, "starts with contains, equals or starts-with"), NULL;
  if (!parse_side (argv, argc, &i, &when_hex, &when))
    return rule_syntax_error (error, line, "needs what to look for"), NULL;
  if (i >= argc || !g_str_equal (argv[i++], "reply"))
    return rule_syntax_error (error, line, "needs “reply” after what to look for"), NULL;
  if (!parse_side (argv, argc, &i, &reply_hex, &reply))
    return rule_syntax_error (error, line, "needs a reply"), NULL;
  if (i < argc)
    {
      if (!g_str_equal (argv[i], "delay") || i + 2 != argc ||
          !sp_user_text_parse_uint (argv[i + 1], 0, SP_REPLY_RULE_MAX_DELAY_MS, &delay))
        return rule_syntax_error (error, line, "ends with “delay MS” (0–60000) or nothing"), NULL;
    }

  return sp_reply_rule_new (match, when_hex, when, reply_hex, reply, delay);
}

char *
sp_reply_rule_to_string (const SpReplyRule *rule)
{
  g_autofree char *when = g_shell_quote (rule->when);
  g_autofree char *reply = g_shell_quote (rule->reply);
  GString *line = g_string_new (NULL);

  g_string_append_printf (line, "%s %s %s reply %s %s", sp_reply_match_to_nick (rule->match),
                          rule->when_hex ? "hex" : "text", when,
                          rule->reply_hex ? "hex" : "text", reply);
  if (rule->delay_ms > 0)
    g_string_append_printf (line, " delay %u", rule->delay_ms);
  return g_string_free (line, FALSE);
}

GBytes *
sp_reply_rule_encode (const char      *text,
                      gboolean         hex,
                      SpTextEncoding   encoding,
                      gsize           *error_pos,
                      GError         **error)
{
  GBytes *bytes;

  if (error_pos != NULL)
    *error_pos = 0;

  if (text == NULL || text[0] == '\0')
    {
      g_set_error_literal (error, SP_REPLY_RULE_ERROR, SP_REPLY_RULE_ERROR_EMPTY,
                           hex ? _("Type at least one byte in hex, e.g. 68 69.")
                               : _("Type some text."));
      return NULL;
    }

  if (hex)
    bytes = sp_hex_parse (text, -1, error_pos, error);
  else
    bytes = sp_text_encode (text, encoding, SP_LINE_ENDING_NONE, error_pos, error);

  return bytes;
}

/* The cap --------------------------------------------------------------------- */

gboolean
sp_reply_limiter_allow (SpReplyLimiter *limiter,
                        gint64          now_us)
{
  if (limiter->count == 0 || now_us - limiter->window_start >= SP_REPLY_CAP_WINDOW_US)
    {
      limiter->window_start = now_us;
      limiter->count = 0;
    }

  if (limiter->count >= SP_REPLY_CAP_REPLIES)
    return FALSE;

  limiter->count++;
  return TRUE;
}

/* The set ----------------------------------------------------------------------- */

typedef struct {
  SpReplyRule *rule;
  /* In the set's encoding; NULL when that side does not encode. */
  GBytes      *when;
  GBytes      *reply;
} Entry;

struct _SpReplyRules
{
  GObject         parent_instance;

  GPtrArray      *entries;   /* of Entry */
  SpTextEncoding  encoding;
  gboolean        paused;
  char           *pause_message;
};

enum {
  PROP_0,
  PROP_N_RULES,
  PROP_ENCODING,
  PROP_PAUSED,
  PROP_PAUSE_MESSAGE,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SpReplyRules, sp_reply_rules, G_TYPE_OBJECT)

static void
entry_encode (Entry          *entry,
              SpTextEncoding  encoding)
{
  g_clear_pointer (&entry->when, g_bytes_unref);
  g_clear_pointer (&entry->reply, g_bytes_unref);
  entry->when = sp_reply_rule_encode (entry->rule->when, entry->rule->when_hex, encoding, NULL, NULL);
  entry->reply = sp_reply_rule_encode (entry->rule->reply, entry->rule->reply_hex, encoding, NULL, NULL);
}

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  sp_reply_rule_free (entry->rule);
  g_clear_pointer (&entry->when, g_bytes_unref);
  g_clear_pointer (&entry->reply, g_bytes_unref);
  g_free (entry);
}

static void
emit_changed (SpReplyRules *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_RULES]);
}

static void
sp_reply_rules_finalize (GObject *object)
{
  SpReplyRules *self = (SpReplyRules *)object;

  g_ptr_array_unref (self->entries);
  g_free (self->pause_message);

  G_OBJECT_CLASS (sp_reply_rules_parent_class)->finalize (object);
}

static void
sp_reply_rules_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SpReplyRules *self = SP_REPLY_RULES (object);

  switch (prop_id)
    {
    case PROP_N_RULES:
      g_value_set_uint (value, self->entries->len);
      break;
    case PROP_ENCODING:
      g_value_set_int (value, self->encoding);
      break;
    case PROP_PAUSED:
      g_value_set_boolean (value, self->paused);
      break;
    case PROP_PAUSE_MESSAGE:
      g_value_set_string (value, self->pause_message);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_reply_rules_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SpReplyRules *self = SP_REPLY_RULES (object);

  switch (prop_id)
    {
    case PROP_ENCODING:
      sp_reply_rules_set_encoding (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_reply_rules_class_init (SpReplyRulesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = sp_reply_rules_finalize;
  object_class->get_property = sp_reply_rules_get_property;
  object_class->set_property = sp_reply_rules_set_property;

  properties[PROP_N_RULES] = g_param_spec_uint ("n-rules", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_ENCODING] =
    g_param_spec_int ("encoding", NULL, NULL, SP_TEXT_ENCODING_UTF8, SP_TEXT_ENCODING_LATIN1,
                      SP_TEXT_ENCODING_UTF8, ro | G_PARAM_WRITABLE);
  properties[PROP_PAUSED] = g_param_spec_boolean ("paused", NULL, NULL, FALSE, ro);
  properties[PROP_PAUSE_MESSAGE] = g_param_spec_string ("pause-message", NULL, NULL, NULL, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
sp_reply_rules_init (SpReplyRules *self)
{
  self->entries = g_ptr_array_new_with_free_func (entry_free);
}

SpReplyRules *
sp_reply_rules_new (void)
{
  return g_object_new (SP_TYPE_REPLY_RULES, NULL);
}

guint
sp_reply_rules_get_n_rules (SpReplyRules *self)
{
  g_return_val_if_fail (SP_IS_REPLY_RULES (self), 0);
  return self->entries->len;
}

const SpReplyRule *
sp_reply_rules_get_rule (SpReplyRules *self,
                         guint         index)
{
  g_return_val_if_fail (SP_IS_REPLY_RULES (self), NULL);
  g_return_val_if_fail (index < self->entries->len, NULL);
  return ((Entry *) g_ptr_array_index (self->entries, index))->rule;
}

gboolean
sp_reply_rules_add (SpReplyRules       *self,
                    const SpReplyRule  *rule,
                    GError            **error)
{
  Entry *entry;

  g_return_val_if_fail (SP_IS_REPLY_RULES (self), FALSE);
  g_return_val_if_fail (rule != NULL, FALSE);

  if (self->entries->len >= SP_REPLY_RULES_MAX)
    {
      g_set_error (error, SP_REPLY_RULE_ERROR, SP_REPLY_RULE_ERROR_TOO_MANY,
                   _("A pane has at most %u reply rules."), SP_REPLY_RULES_MAX);
      return FALSE;
    }

  entry = g_new0 (Entry, 1);
  entry->rule = sp_reply_rule_copy (rule);
  entry_encode (entry, self->encoding);
  g_ptr_array_add (self->entries, entry);
  emit_changed (self);
  return TRUE;
}

void
sp_reply_rules_replace (SpReplyRules      *self,
                        guint              index,
                        const SpReplyRule *rule)
{
  Entry *entry;

  g_return_if_fail (SP_IS_REPLY_RULES (self));
  g_return_if_fail (index < self->entries->len);

  entry = g_ptr_array_index (self->entries, index);
  if (sp_reply_rule_equal (entry->rule, rule))
    return;
  sp_reply_rule_free (entry->rule);
  entry->rule = sp_reply_rule_copy (rule);
  entry_encode (entry, self->encoding);
  emit_changed (self);
}

void
sp_reply_rules_remove (SpReplyRules *self,
                       guint         index)
{
  g_return_if_fail (SP_IS_REPLY_RULES (self));
  g_return_if_fail (index < self->entries->len);

  g_ptr_array_remove_index (self->entries, index);
  emit_changed (self);
}

void
sp_reply_rules_clear (SpReplyRules *self)
{
  g_return_if_fail (SP_IS_REPLY_RULES (self));

  if (self->entries->len == 0)
    return;
  g_ptr_array_set_size (self->entries, 0);
  emit_changed (self);
}

GStrv
sp_reply_rules_to_strv (SpReplyRules *self)
{
  GStrv lines;

  g_return_val_if_fail (SP_IS_REPLY_RULES (self), NULL);

  lines = g_new0 (char *, self->entries->len + 1);
  for (guint i = 0; i < self->entries->len; i++)
    lines[i] = sp_reply_rule_to_string (((Entry *) g_ptr_array_index (self->entries, i))->rule);
  return lines;
}

SpTextEncoding
sp_reply_rules_get_encoding (SpReplyRules *self)
{
  g_return_val_if_fail (SP_IS_REPLY_RULES (self), SP_TEXT_ENCODING_UTF8);
  return self->encoding;
}

void
sp_reply_rules_set_encoding (SpReplyRules   *self,
                             SpTextEncoding  encoding)
{
  g_return_if_fail (SP_IS_REPLY_RULES (self));

  if (self->encoding == encoding)
    return;

  self->encoding = encoding;
  for (guint i = 0; i < self->entries->len; i++)
    entry_encode (g_ptr_array_index (self->entries, i), encoding);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENCODING]);
  /* What the rules look for and send changed with it. */
  g_signal_emit (self, signals[CHANGED], 0);
}

gboolean
sp_reply_rules_check_rule (SpReplyRules  *self,
                           guint          index,
                           gboolean      *in_reply,
                           gsize         *error_pos,
                           GError       **error)
{
  const SpReplyRule *rule;
  g_autoptr(GBytes) when = NULL;
  g_autoptr(GBytes) reply = NULL;

  g_return_val_if_fail (SP_IS_REPLY_RULES (self), FALSE);
  g_return_val_if_fail (index < self->entries->len, FALSE);

  rule = sp_reply_rules_get_rule (self, index);
  *in_reply = FALSE;
  when = sp_reply_rule_encode (rule->when, rule->when_hex, self->encoding, error_pos, error);
  if (when == NULL)
    return FALSE;
  *in_reply = TRUE;
  reply = sp_reply_rule_encode (rule->reply, rule->reply_hex, self->encoding, error_pos, error);
  return reply != NULL;
}

static gboolean
bytes_match (SpReplyMatch  match,
             const guint8 *data,
             gsize         len,
             GBytes       *pattern)
{
  gsize n;
  const guint8 *p = g_bytes_get_data (pattern, &n);

  switch (match)
    {
    case SP_REPLY_MATCH_EQUALS:
      return len == n && memcmp (data, p, n) == 0;
    case SP_REPLY_MATCH_STARTS_WITH:
      return len >= n && memcmp (data, p, n) == 0;
    case SP_REPLY_MATCH_CONTAINS:
      for (gsize i = 0; n <= len && i <= len - n; i++)
        if (data[i] == p[0] && memcmp (data + i, p, n) == 0)
          return TRUE;
      return FALSE;
    default:
      g_assert_not_reached ();
    }
}

int
sp_reply_rules_match (SpReplyRules  *self,
                      const guint8  *data,
                      gsize          len,
                      GBytes       **reply,
                      guint         *delay_ms,
                      guint         *text_encoding)
{
  g_return_val_if_fail (SP_IS_REPLY_RULES (self), -1);

  if (self->paused)
    return -1;

  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      if (entry->when == NULL || entry->reply == NULL ||
          !bytes_match (entry->rule->match, data, len, entry->when))
        continue;

      if (reply != NULL)
        *reply = g_bytes_ref (entry->reply);
      if (delay_ms != NULL)
        *delay_ms = entry->rule->delay_ms;
      if (text_encoding != NULL)
        *text_encoding = entry->rule->reply_hex ? 0 : self->encoding + 1;
      return i;
    }

  return -1;
}

gboolean
sp_reply_rules_get_paused (SpReplyRules *self)
{
  g_return_val_if_fail (SP_IS_REPLY_RULES (self), FALSE);
  return self->paused;
}

const char *
sp_reply_rules_get_pause_message (SpReplyRules *self)
{
  g_return_val_if_fail (SP_IS_REPLY_RULES (self), NULL);
  return self->pause_message;
}

static void
set_paused (SpReplyRules *self,
            gboolean      paused,
            const char   *message)
{
  if (g_strcmp0 (self->pause_message, message) != 0)
    {
      g_free (self->pause_message);
      self->pause_message = g_strdup (message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSE_MESSAGE]);
    }
  if (self->paused != paused)
    {
      self->paused = paused;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
    }
}

void
sp_reply_rules_pause (SpReplyRules *self,
                      const char   *message)
{
  g_return_if_fail (SP_IS_REPLY_RULES (self));
  set_paused (self, TRUE, message);
}

void
sp_reply_rules_resume (SpReplyRules *self)
{
  g_return_if_fail (SP_IS_REPLY_RULES (self));
  set_paused (self, FALSE, NULL);
}
