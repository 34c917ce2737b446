/* sp-lesson-code.c: a lesson's example program, shown as code — in a
 * monospace font, never wrapped (long lines scroll sideways), selectable,
 * with a button that copies the whole program
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "sp-lesson-code.h"
#include "sp-template.h"

struct _SpLessonCode
{
  GtkWidget  parent_instance;

  char      *title;

  GtkLabel  *title_label;
  GtkLabel  *copied_label;
  GtkButton *copy_button;
  GtkWidget *scroller;
  GtkLabel  *code_label;
};

enum {
  PROP_0,
  PROP_TITLE,
  PROP_CODE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SpLessonCode, sp_lesson_code, GTK_TYPE_WIDGET)

static void
copy_clicked_cb (SpLessonCode *self)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), gtk_label_get_text (self->code_label));
  gtk_widget_set_visible (GTK_WIDGET (self->copied_label), TRUE);
}

/* A scrolled window that can scroll sideways takes every wheel event, also
 * one that only goes up or down: the sidebar would stop scrolling whenever
 * the pointer is over code. Up and down go to the sidebar instead, by as
 * much as GtkScrolledWindow itself would move it. */
static gboolean
scroll_cb (SpLessonCode             *self,
           double                    dx,
           double                    dy,
           GtkEventControllerScroll *controller)
{
  GtkWidget *outer = gtk_widget_get_ancestor (gtk_widget_get_parent (GTK_WIDGET (self)), GTK_TYPE_SCROLLED_WINDOW);
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  GtkAdjustment *adj;
  double step;

  if (outer == NULL || dy == 0 || dx != 0 || (state & GDK_SHIFT_MASK) != 0)
    return GDK_EVENT_PROPAGATE;

  adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (outer));
  if (gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_WHEEL)
    step = pow (gtk_adjustment_get_page_size (adj), 2.0 / 3.0);
  else
    step = 2.5;
  gtk_adjustment_set_value (adj, gtk_adjustment_get_value (adj) + dy * step);
  return GDK_EVENT_STOP;
}

static void
sp_lesson_code_dispose (GObject *object)
{
  sp_template_dispose (GTK_WIDGET (object), SP_TYPE_LESSON_CODE);

  G_OBJECT_CLASS (sp_lesson_code_parent_class)->dispose (object);
}

static void
sp_lesson_code_finalize (GObject *object)
{
  g_free (SP_LESSON_CODE (object)->title);

  G_OBJECT_CLASS (sp_lesson_code_parent_class)->finalize (object);
}

static void
sp_lesson_code_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SpLessonCode *self = SP_LESSON_CODE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_CODE:
      g_value_set_string (value, sp_lesson_code_get_code (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_lesson_code_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SpLessonCode *self = SP_LESSON_CODE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      sp_lesson_code_set_title (self, g_value_get_string (value));
      break;
    case PROP_CODE:
      sp_lesson_code_set_code (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_lesson_code_class_init (SpLessonCodeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sp_lesson_code_dispose;
  object_class->finalize = sp_lesson_code_finalize;
  object_class->get_property = sp_lesson_code_get_property;
  object_class->set_property = sp_lesson_code_set_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CODE] =
    g_param_spec_string ("code", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/sp-lesson-code.ui");
  gtk_widget_class_bind_template_child (widget_class, SpLessonCode, title_label);
  gtk_widget_class_bind_template_child (widget_class, SpLessonCode, copied_label);
  gtk_widget_class_bind_template_child (widget_class, SpLessonCode, copy_button);
  gtk_widget_class_bind_template_child (widget_class, SpLessonCode, scroller);
  gtk_widget_class_bind_template_child (widget_class, SpLessonCode, code_label);
  gtk_widget_class_bind_template_callback (widget_class, copy_clicked_cb);

  gtk_widget_class_set_css_name (widget_class, "lessoncode");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
sp_lesson_code_init (SpLessonCode *self)
{
  GtkEventController *scroll;

  gtk_widget_init_template (GTK_WIDGET (self));

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  gtk_event_controller_set_propagation_phase (scroll, GTK_PHASE_CAPTURE);
  g_signal_connect_object (scroll, "scroll", G_CALLBACK (scroll_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (self->scroller, scroll);
}

void
sp_lesson_code_set_title (SpLessonCode *self,
                          const char   *title)
{
  g_autofree char *copy_name = NULL;
  g_autofree char *code_name = NULL;

  g_return_if_fail (SP_IS_LESSON_CODE (self));

  if (g_strcmp0 (self->title, title) == 0)
    return;

  g_free (self->title);
  self->title = g_strdup (title);

  gtk_label_set_text (self->title_label, title ? title : "");
  /* TRANSLATORS: accessible name of the Copy button of a lesson's code; %s is Python or C */
  copy_name = g_strdup_printf (_("Copy %s code"), title ? title : "");
  /* TRANSLATORS: accessible name of a lesson's example program; %s is Python or C */
  code_name = g_strdup_printf (_("%s code"), title ? title : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->copy_button), GTK_ACCESSIBLE_PROPERTY_LABEL, copy_name, -1);
  /* The block as a whole: its label names the code, which reads as itself. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, code_name, -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

const char *
sp_lesson_code_get_title (SpLessonCode *self)
{
  g_return_val_if_fail (SP_IS_LESSON_CODE (self), NULL);
  return self->title;
}

void
sp_lesson_code_set_code (SpLessonCode *self,
                         const char   *code)
{
  g_return_if_fail (SP_IS_LESSON_CODE (self));

  if (g_strcmp0 (code ? code : "", gtk_label_get_text (self->code_label)) == 0)
    return;

  gtk_label_set_text (self->code_label, code ? code : "");
  /* "Copied." was about the code before. */
  gtk_widget_set_visible (GTK_WIDGET (self->copied_label), FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CODE]);
}

const char *
sp_lesson_code_get_code (SpLessonCode *self)
{
  g_return_val_if_fail (SP_IS_LESSON_CODE (self), NULL);
  return gtk_label_get_text (self->code_label);
}
