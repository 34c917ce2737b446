/* sp-session-file.h: "Save session" / "Open session", the panes and their
 * settings in a small key file (.spsession), so a demo can be prepared
 * ahead of class; the format is described in data/session-format.md
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "sp-endpoint.h"
#include "sp-framing.h"
#include "sp-text-codec.h"

G_BEGIN_DECLS

#define SP_SESSION_FILE_EXTENSION ".spsession"
#define SP_SESSION_FILE_VERSION   1
#define SP_SESSION_MAX_PANES      16
#define SP_SESSION_MAX_FILE_SIZE  (1024 * 1024)
/* Bytes of composer text (UTF-8) per pane. */
#define SP_SESSION_MAX_MESSAGE    (64 * 1024)

#define SP_SESSION_FILE_ERROR (sp_session_file_error_quark ())
typedef enum {
  SP_SESSION_FILE_ERROR_TOO_LARGE,      /* above SP_SESSION_MAX_FILE_SIZE */
  SP_SESSION_FILE_ERROR_NOT_A_SESSION,  /* empty, binary, not UTF-8, not a key file, no header group */
  SP_SESSION_FILE_ERROR_NEWER_VERSION,  /* Version above SP_SESSION_FILE_VERSION */
  SP_SESSION_FILE_ERROR_INVALID,        /* a group or key is missing or has a wrong value */
} SpSessionFileError;

typedef struct {
  SpEndpointKind  kind;
  char           *host;
  guint           port;
  guint           read_size;
  gboolean        reuse_address, udp_connect, no_delay;
  gboolean        broadcast;
  char           *multicast_group;     /* NULL: none */
  char           *multicast_interface; /* NULL: the route's */
  guint           rcvbuf, sndbuf;
  SpSendMode      send_mode;
  guint           drop_percent;
  gboolean        echo;
  char           *target_host;         /* relays: where clients go on to */
  guint           target_port;
  guint           relay_idle_ms;       /* UDP relays: a mapping's idle timeout */
  SpFramingConfig framing;
  SpTextEncoding  encoding;
  char           *message;             /* the composer text, UTF-8 */
  gboolean        send_as_hex;
  GStrv           reply_rules;         /* servers: sp_reply_rule_to_string() lines; NULL: none */
  /* The composer's ×N, its timer (0: off) and file chunks (0: whole). */
  guint           send_count;
  guint           send_interval_ms;
  guint           file_chunk_size;
} SpSessionPane;

GQuark      sp_session_file_error_quark        (void);

/* Frees @pane, its hosts, multicast strings and message. */
void        sp_session_pane_free               (SpSessionPane *pane);
/* Copies @endpoint's settings into @pane, which must be zero-filled (e.g.
 * from g_new0()) or filled before: its old host is freed. Encoding, message
 * and send_as_hex are left alone, for the caller to set from the composer. */
void        sp_session_pane_init_from_endpoint (SpSessionPane *pane,
                                                SpEndpoint    *endpoint);
/* Gives @endpoint every setting of @pane, stopping it first if it runs
 * (its events stay). @pane's framing must pass sp_framing_config_check(),
 * as every pane read from a file does. */
void        sp_session_pane_apply              (const SpSessionPane *pane,
                                                SpEndpoint          *endpoint);

/* The session file for @panes (SpSessionPane*, 1..SP_SESSION_MAX_PANES of
 * them), NUL-terminated UTF-8; *@length (may be NULL) gets its length
 * without the NUL. Messages are made valid UTF-8 and cut (at a character)
 * to SP_SESSION_MAX_MESSAGE bytes. Hosts should pass sp_net_check_host()
 * and framings sp_framing_config_check(), or the file will not read back.
 * With many panes of near-maximal messages full of line breaks the file can
 * exceed SP_SESSION_MAX_FILE_SIZE: a caller should refuse to save then. */
char       *sp_session_file_write              (GPtrArray   *panes,
                                                gsize       *length);
/* Parses a session file: a new array of SpSessionPane* (with
 * sp_session_pane_free as its free function), or NULL and an
 * SP_SESSION_FILE_ERROR whose message, for the user, names the group and
 * key at fault. Nothing is returned unless the whole file is right. Keys
 * left out take a new endpoint's defaults (Kind and Port are required);
 * unknown keys and groups are ignored. */
GPtrArray  *sp_session_file_read               (const char  *data,
                                                gsize        length,
                                                GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SpSessionPane, sp_session_pane_free)

G_END_DECLS
