/* sp-reply-rules.h: a server pane's reply rules — "when what arrives
 * contains / equals / starts with X, send Y" — and the cap that stops two
 * automatic answerers from looping
 *
 * A rule keeps what the user typed (text, or hex); the set turns it into
 * bytes with the pane's Encoding. The first rule that matches answers; the
 * others are not tried. What a rule is matched against (each recv()'s
 * bytes, or each message when framing is on) is the engine's business.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "sp-text-codec.h"

G_BEGIN_DECLS

/* How long a rule may wait before it answers. */
#define SP_REPLY_RULE_MAX_DELAY_MS     60000
/* How many rules a pane may have. */
#define SP_REPLY_RULES_MAX             50
/* The loop cap: at most this many automatic replies per connection within
 * SP_REPLY_CAP_WINDOW_US, then the rules pause until resumed. */
#define SP_REPLY_CAP_REPLIES           100
#define SP_REPLY_CAP_WINDOW_US         G_USEC_PER_SEC

typedef enum {
  SP_REPLY_MATCH_CONTAINS,
  SP_REPLY_MATCH_EQUALS,
  SP_REPLY_MATCH_STARTS_WITH,
} SpReplyMatch;

#define SP_REPLY_RULE_ERROR (sp_reply_rule_error_quark ())
typedef enum {
  SP_REPLY_RULE_ERROR_SYNTAX,
  SP_REPLY_RULE_ERROR_EMPTY,
  SP_REPLY_RULE_ERROR_TOO_MANY,
} SpReplyRuleError;

GQuark sp_reply_rule_error_quark (void);

typedef struct {
  SpReplyMatch  match;
  gboolean      when_hex;   /* @when is hex, not text in the Encoding */
  char         *when;
  gboolean      reply_hex;
  char         *reply;
  guint         delay_ms;
} SpReplyRule;

SpReplyRule *sp_reply_rule_new       (SpReplyMatch       match,
                                      gboolean           when_hex,
                                      const char        *when,
                                      gboolean           reply_hex,
                                      const char        *reply,
                                      guint              delay_ms);
SpReplyRule *sp_reply_rule_copy      (const SpReplyRule *rule);
void         sp_reply_rule_free      (SpReplyRule       *rule);
gboolean     sp_reply_rule_equal     (const SpReplyRule *a,
                                      const SpReplyRule *b);

/* One line, as session files and setups write a rule:
 *   MATCH [text|hex] X reply [text|hex] Y [delay MS]
 * MATCH is contains, equals or starts-with; X and Y are words, quoted as in
 * a shell when they hold spaces or quotes ('hello world', "it's"). Text is
 * the default. The line does not say whether X and Y encode: see
 * sp_reply_rule_encode(). */
SpReplyRule *sp_reply_rule_parse     (const char        *line,
                                      GError           **error);
char        *sp_reply_rule_to_string (const SpReplyRule *rule);

/* What one side of a rule (@text, hex or text in @encoding) sends or looks
 * for, with the composer's parsing and messages (and *@error_pos as
 * sp_hex_parse()'s or sp_text_encode()'s); an empty side is an error. */
GBytes      *sp_reply_rule_encode    (const char        *text,
                                      gboolean           hex,
                                      SpTextEncoding     encoding,
                                      gsize             *error_pos,
                                      GError           **error);

const char  *sp_reply_match_to_nick  (SpReplyMatch       match);
gboolean     sp_reply_match_from_nick (const char       *nick,
                                       SpReplyMatch     *match);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpReplyRule, sp_reply_rule_free)

/* The loop cap for one connection. Zero-initialised. */
typedef struct {
  gint64 window_start;
  guint  count;
} SpReplyLimiter;

/* Whether one more reply at @now_us (monotonic) stays within the cap;
 * counts it if so. */
gboolean     sp_reply_limiter_allow  (SpReplyLimiter    *limiter,
                                      gint64             now_us);

#define SP_TYPE_REPLY_RULES (sp_reply_rules_get_type ())
G_DECLARE_FINAL_TYPE (SpReplyRules, sp_reply_rules, SP, REPLY_RULES, GObject)

/* An empty set, not paused, encoding UTF-8. "changed" is emitted when a
 * rule is added, replaced or removed. */
SpReplyRules      *sp_reply_rules_new           (void);
guint              sp_reply_rules_get_n_rules   (SpReplyRules      *self);
const SpReplyRule *sp_reply_rules_get_rule      (SpReplyRules      *self,
                                                 guint              index);
/* Adds a copy of @rule at the end; fails beyond SP_REPLY_RULES_MAX. A rule
 * that does not encode is kept (the editor shows why) but never matches. */
gboolean           sp_reply_rules_add           (SpReplyRules      *self,
                                                 const SpReplyRule *rule,
                                                 GError           **error);
void               sp_reply_rules_replace       (SpReplyRules      *self,
                                                 guint              index,
                                                 const SpReplyRule *rule);
void               sp_reply_rules_remove        (SpReplyRules      *self,
                                                 guint              index);
void               sp_reply_rules_clear         (SpReplyRules      *self);
/* Every rule, one sp_reply_rule_to_string() line each; NULL-terminated. */
GStrv              sp_reply_rules_to_strv       (SpReplyRules      *self);

SpTextEncoding     sp_reply_rules_get_encoding  (SpReplyRules      *self);
void               sp_reply_rules_set_encoding  (SpReplyRules      *self,
                                                 SpTextEncoding     encoding);
/* Why rule @index matches nothing in the current encoding (FALSE), with
 * @in_reply telling which side is wrong and *@error_pos where. */
gboolean           sp_reply_rules_check_rule    (SpReplyRules      *self,
                                                 guint              index,
                                                 gboolean          *in_reply,
                                                 gsize             *error_pos,
                                                 GError           **error);

/* The first rule that matches @data: its index, its reply's bytes in
 * *@reply, its delay, and what the reply was typed as (the SpTextEncoding
 * + 1, 0 for hex: as SpEventInit's text_encoding). -1 when none does, or
 * when the set is paused. */
int                sp_reply_rules_match         (SpReplyRules      *self,
                                                 const guint8      *data,
                                                 gsize              len,
                                                 GBytes           **reply,
                                                 guint             *delay_ms,
                                                 guint             *text_encoding);

/* Paused: the cap was hit. @message says why (shown in the pane). */
gboolean           sp_reply_rules_get_paused    (SpReplyRules      *self);
const char        *sp_reply_rules_get_pause_message (SpReplyRules  *self);
void               sp_reply_rules_pause         (SpReplyRules      *self,
                                                 const char        *message);
void               sp_reply_rules_resume        (SpReplyRules      *self);

G_END_DECLS
