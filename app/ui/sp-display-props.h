/* sp-display-props.h: the properties that say how a pane shows bytes and
 * times: the text encoding, the hex dumps' bytes per line, wall-clock
 * times. Declared once here for every widget that carries them down (the
 * pane, its composer and event list, the event rows and the hex view).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* "encoding": an SpTextEncoding, UTF-8 at first. */
GParamSpec *sp_display_prop_encoding       (void);
/* "bytes-per-line": 8, 16 or 32. */
GParamSpec *sp_display_prop_bytes_per_line (void);
/* "wall-clock": times of day instead of times since the pane started. */
GParamSpec *sp_display_prop_wall_clock     (void);

G_END_DECLS
