/* sp-hex-lines.h: a hex dump as a list of lines, each made when asked for
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SP_TYPE_HEX_LINES (sp_hex_lines_get_type ())
G_DECLARE_FINAL_TYPE (SpHexLines, sp_hex_lines, SP, HEX_LINES, GObject)

SpHexLines *sp_hex_lines_new       (void);
GBytes     *sp_hex_lines_get_bytes (SpHexLines *self);
void        sp_hex_lines_set_bytes (SpHexLines *self,
                                    GBytes     *bytes);
/* 8, 16 (the default) or 32. */
guint       sp_hex_lines_get_bytes_per_line (SpHexLines *self);
void        sp_hex_lines_set_bytes_per_line (SpHexLines *self,
                                             guint       bytes_per_line);

G_END_DECLS
