/* sp-hex-line.h: one line of a hex dump, kept for its position
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define SP_TYPE_HEX_LINE (sp_hex_line_get_type ())
G_DECLARE_FINAL_TYPE (SpHexLine, sp_hex_line, SP, HEX_LINE, GObject)

SpHexLine  *sp_hex_line_new          (guint       position);
guint       sp_hex_line_get_position (SpHexLine  *self);
const char *sp_hex_line_get_text     (SpHexLine  *self);
/* Notifies :text when it differs, and always when @force is set (the
 * same line may need new marks). */
void        sp_hex_line_set_text     (SpHexLine  *self,
                                      const char *text,
                                      gboolean    force);

G_END_DECLS
