/* sp-reply-rules-editor.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sp-inline-message.h"
#include "sp-reply-rule-row.h"
#include "sp-reply-rules-editor.h"

struct _SpReplyRulesEditor
{
  AdwWindow       parent_instance;

  SpEndpoint     *endpoint;
  SpReplyRules   *rules;
  /* Set while a row's edit goes into the rules: the rows stay as they are
   * (rebuilding them would take the focus from the entry being typed in). */
  gboolean        editing;

  AdwWindowTitle *window_title;
  GtkLabel       *framing_label;
  GtkListBox     *rules_list;
  GtkWidget      *empty_label;
  GtkButton      *add_button;
  GtkLabel       *add_error_label;
};

enum {
  PROP_0,
  PROP_ENDPOINT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SpReplyRulesEditor, sp_reply_rules_editor, ADW_TYPE_WINDOW)

/* The 黏包 lesson: without framing a rule sees whatever one recv()
 * returned, two sends together or half of one. */
static void
update_framing (SpReplyRulesEditor *self)
{
  gboolean framed = sp_endpoint_get_framing (self->endpoint)->mode != SP_FRAMING_OFF;
  const char *text;

  if (framed)
    text = _("Framing is on: each rule looks at one whole message, however recv() cut the stream, and each reply is framed like anything this pane sends.");
  else if (sp_endpoint_is_datagram (self->endpoint))
    text = _("Framing is off: each rule looks at one datagram, as one recvfrom() returned it.");
  else
    text = _("Framing is off: each rule looks at what one recv() returned. Two sends that arrive together are one recv() (黏包), so “equals hello” misses “hellohello”; turn framing on to match whole messages.");

  gtk_label_set_text (self->framing_label, text);
}

static void
show_row_error (SpReplyRulesEditor *self,
                SpReplyRuleRow     *row,
                gboolean            new_rule)
{
  g_autoptr(GError) error = NULL;
  gboolean in_reply = FALSE;
  guint index = sp_reply_rule_row_get_index (row);

  if (sp_reply_rules_check_rule (self->rules, index, &in_reply, NULL, &error) ||
      /* A rule just added is empty: no reproach before it is typed in. */
      (new_rule && g_error_matches (error, SP_REPLY_RULE_ERROR, SP_REPLY_RULE_ERROR_EMPTY)))
    g_clear_error (&error);
  sp_reply_rule_row_show_error (row, in_reply, error);
}

static void
row_edited_cb (SpReplyRulesEditor *self,
               SpReplyRuleRow     *row)
{
  g_autoptr(SpReplyRule) rule = sp_reply_rule_row_dup_rule (row);

  self->editing = TRUE;
  sp_reply_rules_replace (self->rules, sp_reply_rule_row_get_index (row), rule);
  self->editing = FALSE;
  show_row_error (self, row, FALSE);
}

static void
row_remove_cb (SpReplyRulesEditor *self,
               SpReplyRuleRow     *row)
{
  sp_reply_rules_remove (self->rules, sp_reply_rule_row_get_index (row));
}

static void
rebuild (SpReplyRulesEditor *self)
{
  GtkWidget *child;
  guint n = sp_reply_rules_get_n_rules (self->rules);

  if (self->editing)
    return;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->rules_list))) != NULL)
    gtk_list_box_remove (self->rules_list, child);

  for (guint i = 0; i < n; i++)
    {
      GtkWidget *row = sp_reply_rule_row_new (i, sp_reply_rules_get_rule (self->rules, i));
      g_autofree char *name = g_strdup_printf (_("Rule %u"), i + 1);

      g_signal_connect_object (row, "edited", G_CALLBACK (row_edited_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (row, "remove", G_CALLBACK (row_remove_cb), self, G_CONNECT_SWAPPED);
      gtk_list_box_append (self->rules_list, row);
      /* The list's row around it reads as the rule, too. */
      gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_parent (row)),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      show_row_error (self, SP_REPLY_RULE_ROW (row), TRUE);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->rules_list), n > 0);
  gtk_widget_set_visible (self->empty_label, n == 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), n < SP_REPLY_RULES_MAX);
}

static void
add_clicked_cb (SpReplyRulesEditor *self)
{
  g_autoptr(SpReplyRule) rule = sp_reply_rule_new (SP_REPLY_MATCH_CONTAINS, FALSE, "", FALSE, "", 0);
  g_autoptr(GError) error = NULL;
  GtkListBoxRow *last;

  if (!sp_reply_rules_add (self->rules, rule, &error))
    {
      sp_inline_message_show (self->add_error_label, error->message);
      return;
    }
  sp_inline_message_show (self->add_error_label, NULL);

  last = gtk_list_box_get_row_at_index (self->rules_list, sp_reply_rules_get_n_rules (self->rules) - 1);
  if (last != NULL)
    sp_reply_rule_row_focus (SP_REPLY_RULE_ROW (gtk_list_box_row_get_child (last)));
}

static void
update_title (SpReplyRulesEditor *self)
{
  g_autofree char *subtitle = g_strdup_printf ("%s %s:%u", sp_endpoint_kind_to_string (sp_endpoint_get_kind (self->endpoint)),
                                               sp_endpoint_get_host (self->endpoint),
                                               sp_endpoint_get_port (self->endpoint));

  adw_window_title_set_subtitle (self->window_title, subtitle);
}

static void
set_endpoint (SpReplyRulesEditor *self,
              SpEndpoint         *endpoint)
{
  self->endpoint = g_object_ref (endpoint);
  self->rules = g_object_ref (sp_endpoint_get_reply_rules (endpoint));

  g_signal_connect_object (self->rules, "changed", G_CALLBACK (rebuild), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (endpoint, "notify::framing", G_CALLBACK (update_framing), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (endpoint, "notify::kind", G_CALLBACK (update_framing), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (endpoint, "notify::kind", G_CALLBACK (update_title), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (endpoint, "notify::port", G_CALLBACK (update_title), self, G_CONNECT_SWAPPED);
  update_framing (self);
  update_title (self);
  rebuild (self);
}

static void
sp_reply_rules_editor_dispose (GObject *object)
{
  SpReplyRulesEditor *self = (SpReplyRulesEditor *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), SP_TYPE_REPLY_RULES_EDITOR);
  g_clear_object (&self->rules);
  g_clear_object (&self->endpoint);

  G_OBJECT_CLASS (sp_reply_rules_editor_parent_class)->dispose (object);
}

static void
sp_reply_rules_editor_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  SpReplyRulesEditor *self = SP_REPLY_RULES_EDITOR (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      g_value_set_object (value, self->endpoint);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_reply_rules_editor_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  SpReplyRulesEditor *self = SP_REPLY_RULES_EDITOR (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      set_endpoint (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_reply_rules_editor_class_init (SpReplyRulesEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sp_reply_rules_editor_dispose;
  object_class->get_property = sp_reply_rules_editor_get_property;
  object_class->set_property = sp_reply_rules_editor_set_property;

  properties[PROP_ENDPOINT] =
    g_param_spec_object ("endpoint", NULL, NULL, SP_TYPE_ENDPOINT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/sockplay/SocketPlayground/sp-reply-rules-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, SpReplyRulesEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, SpReplyRulesEditor, framing_label);
  gtk_widget_class_bind_template_child (widget_class, SpReplyRulesEditor, rules_list);
  gtk_widget_class_bind_template_child (widget_class, SpReplyRulesEditor, empty_label);
  gtk_widget_class_bind_template_child (widget_class, SpReplyRulesEditor, add_button);
  gtk_widget_class_bind_template_child (widget_class, SpReplyRulesEditor, add_error_label);
  gtk_widget_class_bind_template_callback (widget_class, add_clicked_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sp_reply_rules_editor_init (SpReplyRulesEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Projector zoom: the window's font scales like the main window's. */
  gtk_widget_add_css_class (GTK_WIDGET (self), "sp-main");
}

GtkWindow *
sp_reply_rules_editor_new (GtkWindow  *parent,
                           SpEndpoint *endpoint)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (endpoint), NULL);

  return g_object_new (SP_TYPE_REPLY_RULES_EDITOR,
                       "endpoint", endpoint,
                       "transient-for", parent,
                       NULL);
}
