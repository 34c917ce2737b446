/* sp-test-ui.h: finding and driving the app's widgets in the UI tests,
 * as a user would (run under Xvfb by tests/run-ui.sh)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sp-pane.h"
#include "sp-test-util.h"
#include "sp-window.h"

G_BEGIN_DECLS

/* gtk_test_init() and the settings every UI test binary runs with. */
void       sp_test_ui_init             (int          *argc,
                                        char       ***argv);

typedef gboolean (*SpTestMatch) (GtkWidget     *widget,
                                 gconstpointer  data);

/* The first descendant of @root, depth first, that @match accepts. */
GtkWidget *sp_test_find_descendant     (GtkWidget    *root,
                                        SpTestMatch   match,
                                        gconstpointer data);
/* Adds every descendant of @root that @match accepts to @found, depth
 * first. */
void       sp_test_collect             (GtkWidget    *root,
                                        SpTestMatch   match,
                                        gconstpointer data,
                                        GPtrArray    *found);
/* The descendant of @root that a template names @id (its .ui id). */
GtkWidget *sp_test_find_child          (GtkWidget    *root,
                                        const char   *id);
/* A label under @root, shown, whose text has @needle. */
GtkWidget *sp_test_find_visible_label  (GtkWidget    *root,
                                        const char   *needle);
/* Adds every SpEventRow under @root to @rows. */
void       sp_test_collect_rows        (GtkWidget    *root,
                                        GPtrArray    *rows);
/* The first GtkButton under @root labelled @label. */
GtkWidget *sp_test_find_button         (GtkWidget    *root,
                                        const char   *label);
/* Every GtkButton under @root labelled @label. */
void       sp_test_collect_buttons     (GtkWidget    *root,
                                        const char   *label,
                                        GPtrArray    *buttons);
/* The height @widget asks for. */
int        sp_test_natural_height      (GtkWidget    *widget);

/* A window with the first-start panes (a TCP server and its client),
 * whatever panes an earlier test left in the saved layout. */
SpWindow  *sp_test_fresh_window        (void);

/* Types @text into @pane's entry @id. */
void       sp_test_set_text            (SpPane       *pane,
                                        const char   *id,
                                        const char   *text);
/* Opens and closes the menu of @pane's menu button @id, as a user would
 * first: the socket options, the framing editor and the composer's ⋮ menu
 * are made when their menu first opens. */
void       sp_test_open_menu           (SpPane       *pane,
                                        const char   *id);
/* sp_test_open_menu() of the header's socket options button. */
void       sp_test_open_socket_options (SpPane       *pane);
/* Clicks @pane's button @id, which must be sensitive. */
void       sp_test_click               (SpPane       *pane,
                                        const char   *id);
gboolean   sp_test_pane_is_running     (gpointer      pane);
/* Starts @server on an ephemeral port and connects @client to it, both
 * through their panes' controls. */
void       sp_test_start_pair          (SpPane       *server,
                                        SpPane       *client);
/* Sends @text from @pane's composer. */
void       sp_test_send_text           (SpPane       *pane,
                                        const char   *text);
/* A visible row in @pane's log shows a received event with "hello". */
gboolean   sp_test_has_received_hello  (gpointer      pane);
/* @pane's log lists every event its endpoint logged. */
gboolean   sp_test_list_shows_all      (gpointer      pane);
/* @pane's list of events, as shown (after search and filter). */
GListModel *sp_test_shown_events       (SpPane       *pane);

/* The toast @window shows (libadwaita's AdwToastWidget), or NULL. */
GtkWidget  *sp_test_find_toast          (GtkWidget    *window);
/* Waits until @window shows a toast whose text has @needle. */
GtkWidget  *sp_test_wait_for_toast      (GtkWidget    *window,
                                         const char   *needle);
/* Clicks the button labelled @label (as in the source: "_Undo") of the
 * toast @window shows. */
void        sp_test_click_toast_button  (GtkWidget    *window,
                                         const char   *label);
/* Closes every toast @window has, shown or queued, as their × does. */
void        sp_test_dismiss_toasts      (GtkWidget    *window);
/* Waits for a shown toplevel of @type (a dialog) and returns it. */
GtkWindow  *sp_test_wait_for_toplevel   (GType         type);
/* Clicks @dialog's button labelled @label ("_Cancel") and waits until
 * the dialog has closed. */
void        sp_test_click_dialog_button (GtkWindow    *dialog,
                                         const char   *label);
/* Waits for the save dialog (GTK's own, without a portal) and saves to
 * @path there, as a user would. */
void        sp_test_save_in_file_chooser (const char  *path);

/* What a widget draws, as it last drew it: each run of text (where, how
 * many glyphs) and its lines and shapes (cairo), painted at its size.
 * Translations and clips are followed, as the app's custom views draw. */
typedef struct {
  graphene_rect_t bounds;
  guint           n_glyphs;
} SpTestText;

typedef struct {
  GtkWidget       *widget;
  GArray          *texts;     /* SpTestText, shown (clipped) only */
  cairo_surface_t *strokes;   /* ARGB32, the widget's size */
} SpTestDrawing;

/* Captures @drawing's widget: FALSE until it is mapped, at least 100×40,
 * and drawn (a condition for sp_test_wait_until()). */
gboolean   sp_test_capture_drawing     (gpointer       drawing);
void       sp_test_drawing_clear       (SpTestDrawing *drawing);
/* The most opaque stroke pixel inside @rect, 0 to 255. */
guint      sp_test_drawing_alpha_in    (SpTestDrawing         *drawing,
                                        const graphene_rect_t *rect);

G_END_DECLS
