/* sp-window-private.h: what the files of SpWindow share
 *
 * sp-window.c: the row of panes, zoom, lessons and diagram;
 * sp-window-files.c: sessions and exports, and the toasts saying where
 * they went; sp-window-close.c: closing a pane, with undo;
 * sp-window-bench.c: the benchmark's frame probe.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sp-closed-pane.h"
#include "sp-window.h"

G_BEGIN_DECLS

struct _SpWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  guint                 next_number;
  gboolean              restoring;

  GListStore           *endpoints;   /* the panes' SpEndpoints, for the lessons */
  gboolean              lessons_visible;
  gboolean              diagram_visible;

  AdwToastOverlay      *toast_overlay;
  GtkScrolledWindow    *scroller;
  GtkBox               *panes_box;
  SpLessonPanel        *lesson_panel;
  GtkPaned             *diagram_paned;
  guint                 place_diagram_id;
  GtkWidget            *diagram_scroller;
  SpSequenceView       *sequence_view;
  GtkCssProvider       *zoom_provider;
  double                zoom;

  /* The last pane closed, while its toast offers Undo. */
  SpClosedPane         *closed_pane;
  AdwToast             *undo_toast;
};

void     sp_window_update_diagram      (SpWindow       *self);
void     sp_window_save_layout         (SpWindow       *self);
/* A pane around @endpoint, numbered @number, at @position in the row. */
SpPane  *sp_window_insert_pane         (SpWindow       *self,
                                        SpEndpoint     *endpoint,
                                        guint           number,
                                        guint           position);
/* The panes' endpoints and titles, left to right. */
void     sp_window_collect_panes       (SpWindow       *self,
                                        GPtrArray      *endpoints,
                                        GPtrArray      *titles);

void     sp_window_class_init_files    (GtkWidgetClass *widget_class);
void     sp_window_class_init_close    (GtkWidgetClass *widget_class);
void     sp_window_forget_closed_pane  (SpWindow       *self);
void     sp_window_close_dispose       (SpWindow       *self);
void     sp_window_bench_probe_setup   (SpWindow       *self);

G_END_DECLS
