/* test-throttle.c: turns a frame shared by views, per window (under Xvfb)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sp-test-ui.h"
#include "sp-throttle.h"

typedef struct {
  GdkFrameClock *clock;
  gint64         after;
} Frame;

static gboolean
frame_passed (gpointer data)
{
  Frame *f = data;

  return gdk_frame_clock_get_frame_counter (f->clock) > f->after;
}

/* Draws a frame of @window's and waits for it. */
static void
next_frame (GtkWidget *window)
{
  Frame f = { gtk_widget_get_frame_clock (window), 0 };

  f.after = gdk_frame_clock_get_frame_counter (f.clock);
  gtk_widget_queue_draw (window);
  sp_test_wait_until (frame_passed, &f, 0, "a frame drawn");
}

/* Every window's clock counts its frames from 0: a turn taken in one
 * window's frame N does not deny another window's frame N. */
static void
test_claim_per_window (void)
{
  GtkWidget *first = gtk_window_new ();
  GtkWidget *second = gtk_window_new ();
  GdkFrameClock *a, *b;
  SpFrameTurn turn = SP_FRAME_TURN_INIT;

  gtk_window_present (GTK_WINDOW (first));
  gtk_window_present (GTK_WINDOW (second));
  next_frame (first);
  next_frame (second);
  a = gtk_widget_get_frame_clock (first);
  b = gtk_widget_get_frame_clock (second);
  g_assert_true (a != b);
  /* Both windows at the same frame number: the one behind draws more. */
  while (gdk_frame_clock_get_frame_counter (a) != gdk_frame_clock_get_frame_counter (b))
    next_frame (gdk_frame_clock_get_frame_counter (a) < gdk_frame_clock_get_frame_counter (b) ? first : second);

  g_assert_true (sp_frame_claim (&turn, a));
  g_assert_false (sp_frame_claim (&turn, a));
  g_assert_true (sp_frame_claim (&turn, b));
  g_assert_false (sp_frame_claim (&turn, b));
  /* Without a clock (not on screen): always. */
  g_assert_true (sp_frame_claim (&turn, NULL));
  g_assert_true (sp_frame_claim (&turn, NULL));

  /* The next frame has a turn of its own. */
  next_frame (first);
  g_assert_true (sp_frame_claim (&turn, a));
  g_assert_false (sp_frame_claim (&turn, a));

  gtk_window_destroy (GTK_WINDOW (first));
  gtk_window_destroy (GTK_WINDOW (second));
}

/* The big-work turn is the window's, for as many frames as asked: a
 * list's jump takes its frame and the next, and neither another jump, a
 * new dump nor a filling view's batch has them. */
static void
test_take_turn (void)
{
  GtkWidget *window = gtk_window_new ();
  GdkFrameClock *clock;
  gint64 first;

  gtk_window_present (GTK_WINDOW (window));
  next_frame (window);
  clock = gtk_widget_get_frame_clock (window);
  /* A frame no one has taken. */
  while (sp_frame_turn_taken (clock))
    next_frame (window);
  first = gdk_frame_clock_get_frame_counter (clock);

  g_assert_true (sp_frame_take_turn (clock, 2));
  g_assert_true (sp_frame_turn_taken (clock));
  g_assert_false (sp_frame_take_turn (clock, 1));
  g_assert_false (sp_frame_take_filling_turn (clock));

  next_frame (window);
  g_assert_cmpint (gdk_frame_clock_get_frame_counter (clock), ==, first + 1);
  g_assert_true (sp_frame_turn_taken (clock));
  g_assert_false (sp_frame_take_turn (clock, 1));

  next_frame (window);
  g_assert_false (sp_frame_turn_taken (clock));
  g_assert_true (sp_frame_take_filling_turn (clock));
  g_assert_true (sp_frame_turn_taken (clock));
  g_assert_false (sp_frame_take_turn (clock, 1));

  /* Without a clock (not on screen): always, and never taken. */
  g_assert_true (sp_frame_take_turn (NULL, 2));
  g_assert_false (sp_frame_turn_taken (NULL));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  sp_test_ui_init (&argc, &argv);

  g_test_add_func ("/throttle/claim-per-window", test_claim_per_window);
  g_test_add_func ("/throttle/take-turn", test_take_turn);

  return g_test_run ();
}
