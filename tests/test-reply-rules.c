/* test-reply-rules.c: reply rules — match kinds, hex and text in each
 * encoding, first match wins, delays, the rule line, the loop cap
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sp-hex.h"
#include "sp-reply-rules.h"

static void
add (SpReplyRules *rules,
     const char   *line)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SpReplyRule) rule = sp_reply_rule_parse (line, &error);

  g_assert_no_error (error);
  g_assert_true (sp_reply_rules_add (rules, rule, &error));
  g_assert_no_error (error);
}

/* The index of the rule matching @text (-1: none), its reply in *@reply. */
static int
match (SpReplyRules *rules,
       const char   *text,
       char        **reply)
{
  g_autoptr(GBytes) bytes = NULL;
  int index = sp_reply_rules_match (rules, (const guint8 *) text, strlen (text), &bytes, NULL, NULL);

  if (reply != NULL)
    *reply = bytes ? g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes)) : NULL;
  return index;
}

static void
test_match_kinds (void)
{
  g_autoptr(SpReplyRules) rules = sp_reply_rules_new ();
  g_autofree char *reply = NULL;

  add (rules, "equals hello reply equal");
  add (rules, "starts-with GET reply starts");
  add (rules, "contains ping reply contains");

  g_assert_cmpint (match (rules, "hello", &reply), ==, 0);
  g_assert_cmpstr (reply, ==, "equal");
  g_clear_pointer (&reply, g_free);
  /* Two sends that arrived in one recv(): "equals" misses them. */
  g_assert_cmpint (match (rules, "hellohello", NULL), ==, -1);
  g_assert_cmpint (match (rules, "hell", NULL), ==, -1);
  g_assert_cmpint (match (rules, "GET /", &reply), ==, 1);
  g_assert_cmpstr (reply, ==, "starts");
  g_clear_pointer (&reply, g_free);
  g_assert_cmpint (match (rules, "a GET", NULL), ==, -1);
  g_assert_cmpint (match (rules, "xxpingxx", NULL), ==, 2);
  g_assert_cmpint (match (rules, "ping", NULL), ==, 2);
  g_assert_cmpint (match (rules, "pin", NULL), ==, -1);
  g_assert_cmpint (match (rules, "", NULL), ==, -1);
}

static void
test_first_wins (void)
{
  g_autoptr(SpReplyRules) rules = sp_reply_rules_new ();
  g_autofree char *reply = NULL;

  add (rules, "contains a reply first");
  add (rules, "equals abc reply second");
  g_assert_cmpint (match (rules, "abc", &reply), ==, 0);
  g_assert_cmpstr (reply, ==, "first");

  sp_reply_rules_remove (rules, 0);
  g_clear_pointer (&reply, g_free);
  g_assert_cmpint (match (rules, "abc", &reply), ==, 0);
  g_assert_cmpstr (reply, ==, "second");
}

static void
test_hex (void)
{
  g_autoptr(SpReplyRules) rules = sp_reply_rules_new ();
  static const guint8 frame[] = { 0xaa, 0x01, 0x00, 0x55 };
  g_autoptr(GBytes) reply = NULL;
  guint text_encoding = 99;
  gsize n;
  const guint8 *p;

  add (rules, "starts-with hex 'AA 01' reply hex '0x06,0x00'");
  g_assert_cmpint (sp_reply_rules_match (rules, frame, sizeof frame, &reply, NULL, &text_encoding), ==, 0);
  p = g_bytes_get_data (reply, &n);
  g_assert_cmpmem (p, n, "\x06\x00", 2);
  /* Hex is just bytes in the sent row. */
  g_assert_cmpuint (text_encoding, ==, 0);
  g_assert_cmpint (sp_reply_rules_match (rules, frame + 1, 3, NULL, NULL, NULL), ==, -1);
}

static void
test_encodings (void)
{
  g_autoptr(SpReplyRules) rules = sp_reply_rules_new ();
  g_autoptr(GBytes) reply = NULL;
  guint text_encoding = 0;
  gsize n;
  const guint8 *p;

  add (rules, "equals 你好 reply 再见");
  /* UTF-8 你好 */
  g_assert_cmpint (sp_reply_rules_match (rules, (const guint8 *) "\xe4\xbd\xa0\xe5\xa5\xbd", 6,
                                         &reply, NULL, &text_encoding), ==, 0);
  g_assert_cmpuint (text_encoding, ==, SP_TEXT_ENCODING_UTF8 + 1);
  g_clear_pointer (&reply, g_bytes_unref);

  sp_reply_rules_set_encoding (rules, SP_TEXT_ENCODING_GBK);
  g_assert_cmpint (sp_reply_rules_match (rules, (const guint8 *) "\xe4\xbd\xa0\xe5\xa5\xbd", 6,
                                         NULL, NULL, NULL), ==, -1);
  /* GBK 你好 → 再见 in GBK */
  g_assert_cmpint (sp_reply_rules_match (rules, (const guint8 *) "\xc4\xe3\xba\xc3", 4,
                                         &reply, NULL, &text_encoding), ==, 0);
  p = g_bytes_get_data (reply, &n);
  g_assert_cmpmem (p, n, "\xd4\xd9\xbc\xfb", 4);
  g_assert_cmpuint (text_encoding, ==, SP_TEXT_ENCODING_GBK + 1);

  /* Latin-1 cannot say 你好: the rule is kept, says why, matches nothing. */
  sp_reply_rules_set_encoding (rules, SP_TEXT_ENCODING_LATIN1);
  {
    g_autoptr(GError) error = NULL;
    gboolean in_reply = TRUE;
    gsize pos = 99;

    g_assert_false (sp_reply_rules_check_rule (rules, 0, &in_reply, &pos, &error));
    g_assert_error (error, SP_TEXT_CODEC_ERROR, SP_TEXT_CODEC_ERROR_UNREPRESENTABLE);
    g_assert_false (in_reply);
    g_assert_cmpuint (pos, ==, 0);
  }
  g_assert_cmpuint (sp_reply_rules_get_n_rules (rules), ==, 1);
}

static void
test_bad_hex (void)
{
  g_autoptr(SpReplyRules) rules = sp_reply_rules_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gboolean in_reply = FALSE;
  gsize pos = 0;

  bytes = sp_reply_rule_encode ("48 6", TRUE, SP_TEXT_ENCODING_UTF8, &pos, &error);
  g_assert_null (bytes);
  g_assert_error (error, SP_HEX_PARSE_ERROR, SP_HEX_PARSE_ERROR_ODD_DIGITS);
  g_assert_cmpuint (pos, ==, 3);
  g_clear_error (&error);

  bytes = sp_reply_rule_encode ("", FALSE, SP_TEXT_ENCODING_UTF8, NULL, &error);
  g_assert_error (error, SP_REPLY_RULE_ERROR, SP_REPLY_RULE_ERROR_EMPTY);
  g_clear_error (&error);

  add (rules, "contains hello reply hex 'zz'");
  g_assert_false (sp_reply_rules_check_rule (rules, 0, &in_reply, &pos, &error));
  g_assert_error (error, SP_HEX_PARSE_ERROR, SP_HEX_PARSE_ERROR_INVALID_CHARACTER);
  g_assert_true (in_reply);
  g_assert_cmpint (match (rules, "hello", NULL), ==, -1);
}

static void
test_delay (void)
{
  g_autoptr(SpReplyRules) rules = sp_reply_rules_new ();
  guint delay = 0;

  add (rules, "equals a reply b delay 250");
  add (rules, "equals c reply d");
  g_assert_cmpint (sp_reply_rules_match (rules, (const guint8 *) "a", 1, NULL, &delay, NULL), ==, 0);
  g_assert_cmpuint (delay, ==, 250);
  g_assert_cmpint (sp_reply_rules_match (rules, (const guint8 *) "c", 1, NULL, &delay, NULL), ==, 1);
  g_assert_cmpuint (delay, ==, 0);
}

static void
test_line (void)
{
  static const char * const good[] = {
    "contains text 'hello' reply text 'world'",
    "equals text 'hello world' reply hex '6f 6b' delay 100",
    "starts-with hex 'AA' reply text 'it'\\''s'",
    "equals text '' reply text 'x'",
  };
  static const char * const bad[] = {
    "",
    "is hello reply x",
    "contains hello",
    "contains hello answer x",
    "contains hello reply",
    "contains hello reply x delay",
    "contains hello reply x delay 60001",
    "contains hello reply x delay 5 more",
    "contains 'unclosed reply x",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SpReplyRule) rule = sp_reply_rule_parse (good[i], &error);
      g_autoptr(SpReplyRule) again = NULL;
      g_autofree char *line = NULL;

      g_assert_no_error (error);
      line = sp_reply_rule_to_string (rule);
      g_assert_cmpstr (line, ==, good[i]);
      again = sp_reply_rule_parse (line, &error);
      g_assert_true (sp_reply_rule_equal (rule, again));
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SpReplyRule) rule = sp_reply_rule_parse (bad[i], &error);

      g_assert_null (rule);
      g_assert_error (error, SP_REPLY_RULE_ERROR, SP_REPLY_RULE_ERROR_SYNTAX);
    }

  {
    g_autoptr(SpReplyRule) rule = sp_reply_rule_parse ("equals hex '68 69' reply 'hi there' delay 7", NULL);

    g_assert_cmpint (rule->match, ==, SP_REPLY_MATCH_EQUALS);
    g_assert_true (rule->when_hex);
    g_assert_cmpstr (rule->when, ==, "68 69");
    g_assert_false (rule->reply_hex);
    g_assert_cmpstr (rule->reply, ==, "hi there");
    g_assert_cmpuint (rule->delay_ms, ==, 7);
  }
}

static void
test_cap (void)
{
  SpReplyLimiter limiter = { 0 };
  gint64 t = 5 * G_USEC_PER_SEC;

  for (guint i = 0; i < SP_REPLY_CAP_REPLIES; i++)
    g_assert_true (sp_reply_limiter_allow (&limiter, t + i * 1000));
  g_assert_false (sp_reply_limiter_allow (&limiter, t + 500000));
  g_assert_false (sp_reply_limiter_allow (&limiter, t + SP_REPLY_CAP_WINDOW_US - 1));
  /* A new second, a new count. */
  g_assert_true (sp_reply_limiter_allow (&limiter, t + SP_REPLY_CAP_WINDOW_US));
}

static void
test_pause (void)
{
  g_autoptr(SpReplyRules) rules = sp_reply_rules_new ();

  add (rules, "contains a reply b");
  sp_reply_rules_pause (rules, "looping");
  g_assert_true (sp_reply_rules_get_paused (rules));
  g_assert_cmpstr (sp_reply_rules_get_pause_message (rules), ==, "looping");
  g_assert_cmpint (match (rules, "a", NULL), ==, -1);
  sp_reply_rules_resume (rules);
  g_assert_null (sp_reply_rules_get_pause_message (rules));
  g_assert_cmpint (match (rules, "a", NULL), ==, 0);
}

static void
count_cb (SpReplyRules *rules,
          guint        *count)
{
  (*count)++;
}

static void
test_limits (void)
{
  g_autoptr(SpReplyRules) rules = sp_reply_rules_new ();
  g_autoptr(SpReplyRule) rule = sp_reply_rule_new (SP_REPLY_MATCH_EQUALS, FALSE, "a", FALSE, "b", 999999);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  guint changed = 0;

  g_assert_cmpuint (rule->delay_ms, ==, SP_REPLY_RULE_MAX_DELAY_MS);
  g_signal_connect (rules, "changed", G_CALLBACK (count_cb), &changed);
  for (guint i = 0; i < SP_REPLY_RULES_MAX; i++)
    g_assert_true (sp_reply_rules_add (rules, rule, NULL));
  g_assert_false (sp_reply_rules_add (rules, rule, &error));
  g_assert_error (error, SP_REPLY_RULE_ERROR, SP_REPLY_RULE_ERROR_TOO_MANY);
  g_assert_cmpuint (changed, ==, SP_REPLY_RULES_MAX);
  /* The same rule again is no change. */
  sp_reply_rules_replace (rules, 0, rule);
  g_assert_cmpuint (changed, ==, SP_REPLY_RULES_MAX);

  lines = sp_reply_rules_to_strv (rules);
  g_assert_cmpuint (g_strv_length (lines), ==, SP_REPLY_RULES_MAX);
  g_assert_cmpstr (lines[0], ==, "equals text 'a' reply text 'b' delay 60000");
  sp_reply_rules_clear (rules);
  g_assert_cmpuint (sp_reply_rules_get_n_rules (rules), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/reply-rules/match-kinds", test_match_kinds);
  g_test_add_func ("/reply-rules/first-wins", test_first_wins);
  g_test_add_func ("/reply-rules/hex", test_hex);
  g_test_add_func ("/reply-rules/encodings", test_encodings);
  g_test_add_func ("/reply-rules/bad-hex", test_bad_hex);
  g_test_add_func ("/reply-rules/delay", test_delay);
  g_test_add_func ("/reply-rules/line", test_line);
  g_test_add_func ("/reply-rules/cap", test_cap);
  g_test_add_func ("/reply-rules/pause", test_pause);
  g_test_add_func ("/reply-rules/limits", test_limits);

  return g_test_run ();
}
