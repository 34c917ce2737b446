/* test-wrap-label.c: the event rows' wrapping label measures as GtkLabel
 * does (under Xvfb)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sp-test-ui.h"
#include "sp-wrap-label.h"

/* An event row's detail is as high as the GtkLabel it replaces, also
 * when it finds its height without laying its text out (a long preview
 * in a monospace font). */
static void
test_wrap_label (void)
{
  static const char *texts[] = {
    "hello, world",
    "The quick brown fox jumps over the lazy dog; pack my box with five dozen liquor jugs.",
    NULL,   /* a long preview of binary bytes, made below */
  };
  g_autoptr(GString) binary = g_string_new (NULL);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *ours = sp_wrap_label_new ();
  GtkWidget *label = gtk_label_new (NULL);

  for (guint i = 0; i < 40; i++)
    g_string_append (binary, "\\x85\\xd8k\\xac-\\x96");
  texts[G_N_ELEMENTS (texts) - 1] = binary->str;

  sp_wrap_label_set_lines (SP_WRAP_LABEL (ours), 3);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (label), 3);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), ours);
  gtk_box_append (GTK_BOX (box), label);
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));

  for (guint monospace = 0; monospace < 2; monospace++)
    {
      if (monospace)
        {
          gtk_widget_add_css_class (ours, "monospace");
          gtk_widget_add_css_class (label, "monospace");
        }
      /* Styled, so both measure in the font they draw in. */
      gtk_test_widget_wait_for_draw (window);

      for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
        for (int width = 120; width <= 600; width += 80)
          {
            int expected, height;

            sp_wrap_label_set_text (SP_WRAP_LABEL (ours), texts[i]);
            gtk_label_set_text (GTK_LABEL (label), texts[i]);
            gtk_widget_measure (label, GTK_ORIENTATION_VERTICAL, width, &expected, NULL, NULL, NULL);
            gtk_widget_measure (ours, GTK_ORIENTATION_VERTICAL, width, &height, NULL, NULL, NULL);
            g_assert_cmpint (height, ==, expected);
          }
    }

  g_assert_cmpstr (sp_wrap_label_get_text (SP_WRAP_LABEL (ours)), ==, binary->str);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  sp_test_ui_init (&argc, &argv);

  g_test_add_func ("/wrap-label/height", test_wrap_label);

  return g_test_run ();
}
