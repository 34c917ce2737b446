/* test-reply-rules-editor.c: a server pane's reply rules, from its socket
 * options to the editor window and back — adding, editing and removing
 * rules, bad hex said inline, the framing line, accessible names, and the
 * pane's "paused" notice (under Xvfb)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sp-test-ui.h"

#include <string.h>

#include "sp-reply-rule-row.h"
#include "sp-reply-rules-editor.h"

static GtkWidget *
find_editor (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (SP_IS_REPLY_RULES_EDITOR (l->data) && gtk_widget_get_visible (l->data))
      return l->data;

  return NULL;
}

static void
click (GtkWidget *root,
       const char *id)
{
  GtkWidget *button = sp_test_find_child (root, id);

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static void
type (GtkWidget  *root,
      const char *id,
      const char *text)
{
  GtkWidget *entry = sp_test_find_child (root, id);

  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
}

static void
assert_label (GtkWidget  *root,
              const char *id,
              const char *label)
{
  GtkWidget *widget = sp_test_find_child (root, id);

  g_assert_nonnull (widget);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, label);
}

static gboolean
is_entry (GtkWidget     *widget,
          gconstpointer  data)
{
  return GTK_IS_ENTRY (widget);
}

static void
test_editor (void)
{
  SpWindow *window = sp_window_new (NULL);
  SpPane *server, *client;
  SpEndpoint *endpoint;
  SpReplyRules *rules;
  GtkWidget *editor, *reply_entry, *error_label, *framing_label;
  SpFramingConfig framing;

  gtk_window_present (GTK_WINDOW (window));
  server = sp_window_get_pane (window, 0);
  client = sp_window_get_pane (window, 1);
  endpoint = sp_pane_get_endpoint (server);
  rules = sp_endpoint_get_reply_rules (endpoint);
  sp_test_open_socket_options (server);
  sp_test_open_socket_options (client);

  /* Servers have rules; clients do not. */
  g_assert_true (gtk_widget_get_visible (sp_test_find_child (GTK_WIDGET (server), "rules_button")));
  g_assert_false (gtk_widget_get_visible (sp_test_find_child (GTK_WIDGET (client), "rules_button")));
  assert_label (GTK_WIDGET (server), "rules_button", "Reply rules");

  sp_test_click (server, "rules_button");
  editor = find_editor ();
  g_assert_nonnull (editor);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (editor)) == GTK_WINDOW (window));

  /* The framing line follows the framing switch. */
  framing_label = sp_test_find_child (editor, "framing_label");
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (framing_label)), "Framing is off"));
  sp_framing_config_init (&framing);
  sp_framing_config_preset (&framing, SP_FRAMING_PRESET_PYTHON_STRUCT_I);
  g_assert_true (sp_endpoint_set_framing (endpoint, &framing, NULL));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (framing_label)), "Framing is on"));
  sp_framing_config_init (&framing);
  g_assert_true (sp_endpoint_set_framing (endpoint, &framing, NULL));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (framing_label)), "Framing is off"));

  /* Add: an empty rule, not reproached before it is typed in. */
  g_assert_true (gtk_widget_get_visible (sp_test_find_child (editor, "empty_label")));
  click (editor, "add_button");
  g_assert_cmpuint (sp_reply_rules_get_n_rules (rules), ==, 1);
  g_assert_false (gtk_widget_get_visible (sp_test_find_child (editor, "empty_label")));
  error_label = sp_test_find_child (editor, "error_label");
  g_assert_false (gtk_widget_get_visible (error_label));
  assert_label (editor, "when_entry", "Rule 1: what to look for");
  assert_label (editor, "reply_entry", "Rule 1: reply");
  assert_label (editor, "match_dropdown", "Rule 1: how to compare");
  assert_label (editor, "delay_spin", "Rule 1: delay before replying, in milliseconds");
  assert_label (editor, "remove_button", "Remove rule 1");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (gtk_widget_get_parent (gtk_widget_get_ancestor (
                                         sp_test_find_child (editor, "when_entry"), SP_TYPE_REPLY_RULE_ROW))),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Rule 1");

  /* Edit. */
  type (editor, "when_entry", "hello");
  type (editor, "reply_entry", "hi");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (sp_test_find_child (editor, "match_dropdown")), SP_REPLY_MATCH_EQUALS);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (sp_test_find_child (editor, "delay_spin")), 30);
  {
    g_autofree char *line = sp_reply_rule_to_string (sp_reply_rules_get_rule (rules, 0));

    g_assert_cmpstr (line, ==, "equals text 'hello' reply text 'hi' delay 30");
  }
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (sp_test_find_child (GTK_WIDGET (server), "rules_button"))),
                   ==, "Reply Rules (1)…");

  /* Bad hex: said inline, the entry marked, the rule kept but silent. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (sp_test_find_child (editor, "reply_format_dropdown")), 1);
  reply_entry = sp_test_find_child (editor, "reply_entry");
  type (editor, "reply_entry", "6");
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "Reply: "));
  g_assert_true (gtk_widget_has_css_class (reply_entry, "error"));
  gtk_test_accessible_assert_state (GTK_ACCESSIBLE (reply_entry), GTK_ACCESSIBLE_STATE_INVALID,
                                    GTK_ACCESSIBLE_INVALID_TRUE);
  g_assert_cmpint (sp_reply_rules_match (rules, (const guint8 *) "hello", 5, NULL, NULL, NULL), ==, -1);
  type (editor, "reply_entry", "68 69");
  g_assert_false (gtk_widget_get_visible (error_label));
  g_assert_false (gtk_widget_has_css_class (reply_entry, "error"));
  g_assert_cmpint (sp_reply_rules_match (rules, (const guint8 *) "hello", 5, NULL, NULL, NULL), ==, 0);

  /* A second rule, then the first removed: the second becomes rule 1. */
  click (editor, "add_button");
  g_assert_cmpuint (sp_reply_rules_get_n_rules (rules), ==, 2);
  {
    g_autoptr(GPtrArray) entries = g_ptr_array_new ();
    g_autoptr(SpReplyRule) second = sp_reply_rule_new (SP_REPLY_MATCH_CONTAINS, FALSE, "bye", FALSE, "ok", 0);

    sp_test_collect (editor, is_entry, NULL, entries);
    g_assert_cmpuint (entries->len, ==, 4);
    gtk_editable_set_text (GTK_EDITABLE (g_ptr_array_index (entries, 2)), "bye");
    gtk_editable_set_text (GTK_EDITABLE (g_ptr_array_index (entries, 3)), "ok");
    click (editor, "remove_button");
    g_assert_cmpuint (sp_reply_rules_get_n_rules (rules), ==, 1);
    g_assert_true (sp_reply_rule_equal (sp_reply_rules_get_rule (rules, 0), second));
    assert_label (editor, "when_entry", "Rule 1: what to look for");
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (sp_test_find_child (editor, "when_entry"))), ==, "bye");
  }

  gtk_window_destroy (GTK_WINDOW (editor));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The loop cap's notice in the pane, and its button. */
static void
test_paused_notice (void)
{
  SpWindow *window = sp_window_new (NULL);
  SpPane *server = sp_window_get_pane (window, 0);
  SpReplyRules *rules = sp_endpoint_get_reply_rules (sp_pane_get_endpoint (server));
  GtkWidget *notice;

  gtk_window_present (GTK_WINDOW (window));
  g_assert_null (sp_test_find_visible_label (GTK_WIDGET (server), "a loop?"));

  sp_reply_rules_pause (rules, "Reply rules paused: 100 replies in 1 s — a loop?");
  notice = sp_test_find_visible_label (GTK_WIDGET (server), "a loop?");
  g_assert_nonnull (notice);
  g_assert_nonnull (sp_test_find_button (GTK_WIDGET (server), "_Resume Rules"));
  g_signal_emit_by_name (sp_test_find_button (GTK_WIDGET (server), "_Resume Rules"), "clicked");
  g_assert_false (sp_reply_rules_get_paused (rules));
  g_assert_null (sp_test_find_visible_label (GTK_WIDGET (server), "a loop?"));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The pane's Encoding is the rules' too. */
static void
test_encoding (void)
{
  SpWindow *window = sp_window_new (NULL);
  SpPane *server = sp_window_get_pane (window, 0);
  SpReplyRules *rules = sp_endpoint_get_reply_rules (sp_pane_get_endpoint (server));

  gtk_window_present (GTK_WINDOW (window));
  g_object_set (server, "encoding", SP_TEXT_ENCODING_GBK, NULL);
  g_assert_cmpint (sp_reply_rules_get_encoding (rules), ==, SP_TEXT_ENCODING_GBK);
  g_object_set (server, "encoding", SP_TEXT_ENCODING_UTF8, NULL);
  g_assert_cmpint (sp_reply_rules_get_encoding (rules), ==, SP_TEXT_ENCODING_UTF8);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  sp_test_ui_init (&argc, &argv);

  g_test_add_func ("/reply-rules-editor/editor", test_editor);
  g_test_add_func ("/reply-rules-editor/paused-notice", test_paused_notice);
  g_test_add_func ("/reply-rules-editor/encoding", test_encoding);

  return g_test_run ();
}
