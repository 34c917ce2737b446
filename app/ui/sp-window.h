/* sp-window.h: the main window, a row of panes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sp-lesson-panel.h"
#include "sp-pane.h"
#include "sp-sequence-view.h"

G_BEGIN_DECLS

#define SP_TYPE_WINDOW (sp_window_get_type ())
G_DECLARE_FINAL_TYPE (SpWindow, sp_window, SP, WINDOW, AdwApplicationWindow)

SpWindow *sp_window_new         (GtkApplication *application);
SpPane   *sp_window_add_pane    (SpWindow       *self,
                                 SpEndpointKind  kind);
/* Removes @pane for good, its endpoint stopped. */
void      sp_window_remove_pane (SpWindow       *self,
                                 SpPane         *pane);
/* Closes @pane as its × does: a toast offers to bring it back. */
void      sp_window_close_pane  (SpWindow       *self,
                                 SpPane         *pane);
guint     sp_window_get_n_panes (SpWindow       *self);
SpPane   *sp_window_get_pane    (SpWindow       *self,
                                 guint           position);

SpLessonPanel *sp_window_get_lesson_panel    (SpWindow       *self);
/* Text size, 0.5–3.0, remembered (projector mode). */
double         sp_window_get_zoom            (SpWindow       *self);
void           sp_window_set_zoom            (SpWindow       *self,
                                              double          zoom);
SpSequenceView *sp_window_get_sequence_view  (SpWindow       *self);
void           sp_window_set_diagram_visible (SpWindow       *self,
                                              gboolean        visible);
gboolean       sp_window_load_session        (SpWindow       *self,
                                              const char     *data,
                                              gsize           length,
                                              GError        **error);
/* Reads @file, and asks first when that replaces panes in use. */
void           sp_window_open_session        (SpWindow       *self,
                                              GFile          *file);
void           sp_window_set_lessons_visible (SpWindow       *self,
                                              gboolean        visible);

G_END_DECLS
