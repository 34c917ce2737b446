/* sp-display-props.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sp-display-props.h"
#include "sp-hex.h"
#include "sp-text-codec.h"

#define FLAGS (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY)

GParamSpec *
sp_display_prop_encoding (void)
{
  return g_param_spec_int ("encoding", NULL, NULL,
                           SP_TEXT_ENCODING_UTF8, SP_TEXT_ENCODING_LATIN1, SP_TEXT_ENCODING_UTF8,
                           FLAGS);
}

GParamSpec *
sp_display_prop_bytes_per_line (void)
{
  return g_param_spec_uint ("bytes-per-line", NULL, NULL,
                            8, SP_HEX_MAX_BYTES_PER_LINE, SP_HEX_BYTES_PER_LINE,
                            FLAGS);
}

GParamSpec *
sp_display_prop_wall_clock (void)
{
  return g_param_spec_boolean ("wall-clock", NULL, NULL, FALSE, FLAGS);
}
