/* sp-reply-rule-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sp-inline-message.h"
#include "sp-reply-rule-row.h"
#include "sp-template.h"

struct _SpReplyRuleRow
{
  GtkWidget       parent_instance;

  guint           index;
  /* Set while the widgets are given the rule: no "edited" then. */
  gboolean        showing;

  GtkLabel       *title_label;
  GtkButton      *remove_button;
  GtkDropDown    *match_dropdown;
  GtkDropDown    *when_format_dropdown;
  GtkEntry       *when_entry;
  GtkDropDown    *reply_format_dropdown;
  GtkSpinButton  *delay_spin;
  GtkEntry       *reply_entry;
  GtkLabel       *error_label;
};

enum {
  EDITED,
  REMOVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SpReplyRuleRow, sp_reply_rule_row, GTK_TYPE_WIDGET)

static void
edited_cb (SpReplyRuleRow *self)
{
  if (!self->showing)
    g_signal_emit (self, signals[EDITED], 0);
}

static void
remove_clicked_cb (SpReplyRuleRow *self)
{
  g_signal_emit (self, signals[REMOVE], 0);
}

static void
sp_reply_rule_row_dispose (GObject *object)
{
  sp_template_dispose (GTK_WIDGET (object), SP_TYPE_REPLY_RULE_ROW);

  G_OBJECT_CLASS (sp_reply_rule_row_parent_class)->dispose (object);
}

static void
sp_reply_rule_row_class_init (SpReplyRuleRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sp_reply_rule_row_dispose;

  signals[EDITED] = g_signal_new ("edited", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[REMOVE] = g_signal_new ("remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/sockplay/SocketPlayground/sp-reply-rule-row.ui");
  gtk_widget_class_bind_template_child (widget_class, SpReplyRuleRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, SpReplyRuleRow, remove_button);
  gtk_widget_class_bind_template_child (widget_class, SpReplyRuleRow, match_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SpReplyRuleRow, when_format_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SpReplyRuleRow, when_entry);
  gtk_widget_class_bind_template_child (widget_class, SpReplyRuleRow, reply_format_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SpReplyRuleRow, delay_spin);
  gtk_widget_class_bind_template_child (widget_class, SpReplyRuleRow, reply_entry);
  gtk_widget_class_bind_template_child (widget_class, SpReplyRuleRow, error_label);
  gtk_widget_class_bind_template_callback (widget_class, edited_cb);
  gtk_widget_class_bind_template_callback (widget_class, remove_clicked_cb);

  gtk_widget_class_set_css_name (widget_class, "replyrule");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
sp_reply_rule_row_init (SpReplyRuleRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static void
take_label (GtkWidget *widget,
            char      *label)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_free (label);
}

/* Every control says which rule it belongs to: a screen reader reads
 * "Rule 2: reply", not "reply" five times over. */
static void
label_controls (SpReplyRuleRow *self)
{
  guint n = self->index + 1;
  g_autofree char *title = g_strdup_printf (_("Rule %u"), n);

  gtk_label_set_text (self->title_label, title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  /* TRANSLATORS: accessible names of a reply rule's controls; %u is the rule's number */
  take_label (GTK_WIDGET (self->remove_button), g_strdup_printf (_("Remove rule %u"), n));
  take_label (GTK_WIDGET (self->match_dropdown), g_strdup_printf (_("Rule %u: how to compare"), n));
  take_label (GTK_WIDGET (self->when_format_dropdown), g_strdup_printf (_("Rule %u: look for text or hex"), n));
  take_label (GTK_WIDGET (self->when_entry), g_strdup_printf (_("Rule %u: what to look for"), n));
  take_label (GTK_WIDGET (self->reply_format_dropdown), g_strdup_printf (_("Rule %u: reply as text or hex"), n));
  take_label (GTK_WIDGET (self->delay_spin),
              g_strdup_printf (_("Rule %u: delay before replying, in milliseconds"), n));
  take_label (GTK_WIDGET (self->reply_entry), g_strdup_printf (_("Rule %u: reply"), n));
}

GtkWidget *
sp_reply_rule_row_new (guint              index,
                       const SpReplyRule *rule)
{
  SpReplyRuleRow *self = g_object_new (SP_TYPE_REPLY_RULE_ROW, NULL);

  self->index = index;
  label_controls (self);

  self->showing = TRUE;
  gtk_drop_down_set_selected (self->match_dropdown, rule->match);
  gtk_drop_down_set_selected (self->when_format_dropdown, rule->when_hex ? 1 : 0);
  gtk_editable_set_text (GTK_EDITABLE (self->when_entry), rule->when);
  gtk_drop_down_set_selected (self->reply_format_dropdown, rule->reply_hex ? 1 : 0);
  gtk_spin_button_set_value (self->delay_spin, rule->delay_ms);
  gtk_editable_set_text (GTK_EDITABLE (self->reply_entry), rule->reply);
  self->showing = FALSE;

  return GTK_WIDGET (self);
}

guint
sp_reply_rule_row_get_index (SpReplyRuleRow *self)
{
  g_return_val_if_fail (SP_IS_REPLY_RULE_ROW (self), 0);
  return self->index;
}

SpReplyRule *
sp_reply_rule_row_dup_rule (SpReplyRuleRow *self)
{
  g_return_val_if_fail (SP_IS_REPLY_RULE_ROW (self), NULL);

  return sp_reply_rule_new (gtk_drop_down_get_selected (self->match_dropdown),
                            gtk_drop_down_get_selected (self->when_format_dropdown) == 1,
                            gtk_editable_get_text (GTK_EDITABLE (self->when_entry)),
                            gtk_drop_down_get_selected (self->reply_format_dropdown) == 1,
                            gtk_editable_get_text (GTK_EDITABLE (self->reply_entry)),
                            gtk_spin_button_get_value_as_int (self->delay_spin));
}

void
sp_reply_rule_row_show_error (SpReplyRuleRow *self,
                              gboolean        in_reply,
                              const GError   *error)
{
  g_autofree char *message = NULL;

  g_return_if_fail (SP_IS_REPLY_RULE_ROW (self));

  sp_inline_message_mark_entry (GTK_WIDGET (self->when_entry), error != NULL && !in_reply);
  sp_inline_message_mark_entry (GTK_WIDGET (self->reply_entry), error != NULL && in_reply);
  if (error != NULL)
    message = g_strdup_printf (in_reply ? _("Reply: %s") : _("What to look for: %s"), error->message);
  sp_inline_message_show (self->error_label, message);
}

void
sp_reply_rule_row_focus (SpReplyRuleRow *self)
{
  g_return_if_fail (SP_IS_REPLY_RULE_ROW (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->when_entry));
}
