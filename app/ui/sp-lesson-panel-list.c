/* sp-lesson-panel-list.c: the lesson list of the sidebar — the built-in
 * course by group, then "My lessons" with the lesson files that did not
 * load and where lesson files go
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sp-file-dialogs.h"
#include "sp-lesson-panel-private.h"
#include "sp-wrap-box.h"

/* The heading a lesson is listed under. */
const char *
_sp_lesson_panel_heading (SpLesson *lesson)
{
  return sp_lesson_is_built_in (lesson) ? sp_lesson_get_group (lesson) : _("My lessons");
}

static char *
lesson_mark (SpLessonPanel *self,
             SpLesson      *lesson)
{
  g_auto(GStrv) done = _sp_lesson_panel_done_steps (self, lesson);
  guint n_done = 0, n = sp_lesson_get_n_steps (lesson);

  for (guint i = 0; i < n; i++)
    if (g_strv_contains ((const char * const *) done, sp_lesson_get_step (lesson, i)->id))
      n_done++;

  if (n_done == n)
    return g_strdup ("✓");
  if (n_done > 0)
    return g_strdup_printf ("%u/%u", n_done, n);
  return g_strdup ("");
}

static void
header_func (GtkListBoxRow *row,
             GtkListBoxRow *before,
             gpointer       user_data)
{
  const char *heading = g_object_get_data (G_OBJECT (row), "heading");
  const char *previous = before ? g_object_get_data (G_OBJECT (before), "heading") : NULL;
  GtkWidget *header;

  if (g_strcmp0 (heading, previous) == 0)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }

  header = gtk_label_new (heading);
  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_label_set_wrap (GTK_LABEL (header), TRUE);
  gtk_widget_add_css_class (header, "heading");
  gtk_widget_add_css_class (header, "dim-label");
  gtk_widget_set_margin_start (header, 12);
  gtk_widget_set_margin_top (header, 12);
  gtk_widget_set_margin_bottom (header, 4);
  gtk_list_box_row_set_header (row, header);
}

void
_sp_lesson_panel_update_list (SpLessonPanel *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->lessons_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      SpLesson *lesson = g_object_get_data (G_OBJECT (child), "lesson");
      guint number = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (child), "number"));
      GtkWidget *mark = g_object_get_data (G_OBJECT (child), "mark");
      g_autofree char *text = NULL;
      g_autofree char *name = NULL;
      const char *state;

      if (lesson == NULL)
        continue;

      text = lesson_mark (self, lesson);
      gtk_label_set_text (GTK_LABEL (mark), text);
      state = g_str_equal (text, "✓") ? _("(done)") : text;
      if (sp_lesson_is_built_in (lesson))
        /* TRANSLATORS: accessible name of a lesson in the list: number, title, progress */
        name = g_strdup_printf (_("Lesson %u: %s %s"), number, sp_lesson_get_title (lesson), state);
      else
        /* TRANSLATORS: accessible name of a teacher's lesson in the list: title, progress */
        name = g_strdup_printf (_("My lesson: %s %s"), sp_lesson_get_title (lesson), state);
      gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (child))),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, g_strstrip (name), -1);
    }
}

static void
lesson_clicked_cb (GtkButton     *button,
                   SpLessonPanel *self)
{
  sp_lesson_panel_open_lesson (self, g_object_get_data (G_OBJECT (button), "lesson"));
}

static GtkWidget *
add_row (SpLessonPanel *self,
         GtkWidget     *child,
         const char    *heading)
{
  GtkWidget *row = gtk_list_box_row_new ();

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), child);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  g_object_set_data_full (G_OBJECT (row), "heading", g_strdup (heading), g_free);
  gtk_list_box_append (self->lessons_list, row);
  return row;
}

static void
add_lesson_row (SpLessonPanel *self,
                SpLesson      *lesson,
                guint          number)
{
  g_autofree char *number_text = g_strdup_printf ("%u.", number);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *number_label = gtk_label_new (number_text);
  GtkWidget *title = gtk_label_new (sp_lesson_get_title (lesson));
  GtkWidget *mark = gtk_label_new (NULL);
  /* A button, so every way of activating it (keyboard, pointer, a screen
   * reader's action) opens the lesson. */
  GtkWidget *button = gtk_button_new ();
  GtkWidget *row;

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "lesson-row");
  g_object_set_data_full (G_OBJECT (button), "lesson", g_object_ref (lesson), g_object_unref);
  g_signal_connect (button, "clicked", G_CALLBACK (lesson_clicked_cb), self);
  gtk_widget_add_css_class (number_label, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (title), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_widget_add_css_class (mark, "lesson-mark");
  gtk_box_append (GTK_BOX (box), number_label);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), mark);
  gtk_button_set_child (GTK_BUTTON (button), box);

  row = add_row (self, button, _sp_lesson_panel_heading (lesson));
  g_object_set_data_full (G_OBJECT (row), "lesson", g_object_ref (lesson), g_object_unref);
  g_object_set_data (G_OBJECT (row), "number", GUINT_TO_POINTER (number));
  g_object_set_data (G_OBJECT (row), "mark", mark);
}

/* "My lessons" ends with what a teacher needs: why a file did not load,
 * and where lesson files go. */
static void
add_my_lessons_footer (SpLessonPanel *self,
                       guint          n_mine)
{
  const char * const *problems = sp_lesson_library_get_problems (self->library);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  /* Side by side, or one under the other when the sidebar is narrow. */
  GtkWidget *buttons = sp_wrap_box_new ();
  GtkWidget *open_file = gtk_button_new_with_label (_("Open Lesson File…"));
  GtkWidget *open_folder = gtk_button_new_with_label (_("Open Folder"));

  for (guint i = 0; problems[i]; i++)
    {
      GtkWidget *label = gtk_label_new (problems[i]);
      g_autofree char *name = NULL;

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "error");
      gtk_widget_add_css_class (label, "caption");
      gtk_widget_add_css_class (label, "lesson-problem");
      /* TRANSLATORS: accessible name of a message about a lesson file that did not load */
      name = g_strdup_printf (_("Lesson file not loaded: %s"), problems[i]);
      gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      gtk_box_append (GTK_BOX (box), label);
    }

  if (n_mine == 0 && problems[0] == NULL)
    {
      GtkWidget *empty = gtk_label_new (_("Lesson files (.splesson) that you put in the lessons folder appear here, and so do lesson files you open."));

      gtk_label_set_xalign (GTK_LABEL (empty), 0);
      gtk_label_set_wrap (GTK_LABEL (empty), TRUE);
      gtk_widget_add_css_class (empty, "dim-label");
      gtk_widget_add_css_class (empty, "caption");
      gtk_box_append (GTK_BOX (box), empty);
    }

  gtk_actionable_set_action_name (GTK_ACTIONABLE (open_file), "win.open-lesson-file");
  gtk_widget_set_tooltip_text (open_file, _("Open a lesson file from a teacher"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (open_folder), "app.open-lessons-folder");
  gtk_widget_set_tooltip_text (open_folder, _("Show the lessons folder in the file manager"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (open_folder), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Open the lessons folder"), -1);
  sp_wrap_box_append (SP_WRAP_BOX (buttons), open_file);
  sp_wrap_box_append (SP_WRAP_BOX (buttons), open_folder);
  gtk_box_append (GTK_BOX (box), buttons);

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 12);
  add_row (self, box, _("My lessons"));
}

void
_sp_lesson_panel_build_list (SpLessonPanel *self)
{
  guint n = g_list_model_get_n_items (self->lessons);
  guint n_built_in = 0, n_mine = 0;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->lessons_list))))
    gtk_list_box_remove (self->lessons_list, child);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SpLesson) lesson = g_list_model_get_item (self->lessons, i);

      if (sp_lesson_is_built_in (lesson))
        add_lesson_row (self, lesson, ++n_built_in);
      else
        add_lesson_row (self, lesson, ++n_mine);
    }
  add_my_lessons_footer (self, n_mine);

  _sp_lesson_panel_update_list (self);
}

void
_sp_lesson_panel_init_list (SpLessonPanel *self)
{
  gtk_list_box_set_header_func (self->lessons_list, header_func, NULL, NULL);
}

/* The lessons folder ------------------------------------------------------- */

static void
folder_shown_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GtkWindow) parent = user_data;
  g_autoptr(GError) error = NULL;

  if (!gtk_show_uri_full_finish (parent, result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *path = g_file_get_parse_name (sp_lesson_library_get_folder (sp_lesson_library_get_default ()));
      /* TRANSLATORS: the folder, then why it could not be shown */
      g_autofree char *secondary = g_strdup_printf (_("The lessons folder is %s. %s"), path, error->message);

      sp_show_error (parent, _("Could not show the lessons folder"), secondary);
    }
}

void
sp_lesson_panel_show_folder (GtkWindow *parent)
{
  SpLessonLibrary *library = sp_lesson_library_get_default ();
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;

  g_return_if_fail (GTK_IS_WINDOW (parent));

  if (!sp_lesson_library_ensure_folder (library, &error))
    {
      sp_show_error (parent, _("Could not make the lessons folder"), error->message);
      return;
    }

  /* In a Flatpak this goes through the OpenURI portal. */
  uri = g_file_get_uri (sp_lesson_library_get_folder (library));
  gtk_show_uri_full (parent, uri, GDK_CURRENT_TIME, NULL, folder_shown_cb, g_object_ref (parent));
}
