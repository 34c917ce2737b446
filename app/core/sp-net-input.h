/* sp-net-input.h: validation of the Host and Port fields
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SP_NET_INPUT_ERROR (sp_net_input_error_quark ())
typedef enum {
  SP_NET_INPUT_ERROR_PORT,
  SP_NET_INPUT_ERROR_HOST,
} SpNetInputError;

GQuark    sp_net_input_error_quark (void);

/* Parses a port typed by the user: plain decimal digits only (no sign, no
 * white space anywhere), leading zeros allowed ("080" is 80), 0..65535.
 * Port 0 ("let the system pick") is only accepted when @allow_zero is TRUE,
 * i.e. for servers. On failure returns FALSE, leaves *@out_port alone and
 * sets a SP_NET_INPUT_ERROR_PORT error with a message for the user. */
gboolean  sp_net_parse_port        (const char  *text,
                                    gboolean     allow_zero,
                                    guint16     *out_port,
                                    GError     **error);

/* Checks the syntax of a host typed by the user, without resolving it:
 * a dotted-quad IPv4 address, an IPv6 literal without brackets, or a host
 * name made of RFC 1123 labels (letters, digits, inner hyphens; 1–63
 * characters each, at most 253 in all, one trailing dot allowed).
 * Internationalized names ("例子.中国") are checked in their ASCII (IDNA)
 * form. On failure returns FALSE and sets a SP_NET_INPUT_ERROR_HOST error
 * with a message for the user. */
gboolean  sp_net_check_host        (const char  *text,
                                    GError     **error);

/* TRUE if @host is an IP literal equal to the any-address ("0.0.0.0", "::",
 * "0:0:0:0:0:0:0:0", ...). Host names are never wildcards. */
gboolean  sp_net_host_is_wildcard  (const char  *host);

/* TRUE for 127.0.0.0/8, ::1 and the name "localhost" (any case, optional
 * trailing dot). */
gboolean  sp_net_host_is_loopback  (const char  *host);

G_END_DECLS
