/* sp-framing-editor.h: the settings of a pane's message framing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "sp-framing.h"

G_BEGIN_DECLS

#define SP_TYPE_FRAMING_EDITOR (sp_framing_editor_get_type ())
G_DECLARE_FINAL_TYPE (SpFramingEditor, sp_framing_editor, SP, FRAMING_EDITOR, GtkWidget)

/* What a new editor's fields say: Python's struct.pack('i', len). */
#define SP_FRAMING_EDITOR_DEFAULT_PRESET SP_FRAMING_PRESET_PYTHON_STRUCT_I

GtkWidget *sp_framing_editor_new        (void);
/* The framing the fields describe (never OFF); FALSE, with the reason shown
 * in the editor, when they don't describe a valid one. */
gboolean   sp_framing_editor_get_config (SpFramingEditor       *self,
                                         SpFramingConfig       *config);
void       sp_framing_editor_set_config (SpFramingEditor       *self,
                                         const SpFramingConfig *config);
void       sp_framing_editor_set_preset (SpFramingEditor       *self,
                                         SpFramingPreset        preset);

G_END_DECLS
