/* sp-test-util.h: running the main loop in tests, bounded in time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sp-endpoint.h"

G_BEGIN_DECLS

#define SP_TEST_TIMEOUT_MS 10000

typedef gboolean (*SpTestCondition) (gpointer data);

/* Iterates the default main context until @condition holds; aborts the test
 * naming @what after @timeout_ms (0: SP_TEST_TIMEOUT_MS). */
void sp_test_wait_until (SpTestCondition  condition,
                         gpointer         data,
                         guint            timeout_ms,
                         const char      *what);

/* Lets the default main context run for @ms, for things that must NOT
 * happen (a check that must not pass, a style that must settle). */
void sp_test_settle     (guint            ms);

/* A new @kind endpoint on @host and @port, started; returns once it runs. */
SpEndpoint *sp_test_start_endpoint (SpEndpointKind  kind,
                                    const char     *host,
                                    guint           port);

/* Conditions on an SpEndpoint. */
gboolean sp_test_is_running        (gpointer endpoint);
gboolean sp_test_is_stopped        (gpointer endpoint);

/* @endpoint lists at least / exactly @n connections (or UDP peers). */
typedef struct {
  SpEndpoint *endpoint;
  guint       n;
} SpTestCount;

gboolean sp_test_has_connections   (gpointer count);
gboolean sp_test_has_n_connections (gpointer count);

/* How many of @endpoint's logged events are of @kind. */
guint    sp_test_count_kind        (SpEndpoint  *endpoint,
                                    SpEventKind  kind);
/* How many error events carry @errnum; each must name it in its message
 * ("… (EMFILE)"), as every error shown to the user does. */
guint    sp_test_count_errno       (SpEndpoint  *endpoint,
                                    int          errnum);

/* How many of @endpoint's logged events of @kind have @needle in their
 * message. */
guint    sp_test_count_messages    (SpEndpoint  *endpoint,
                                    SpEventKind  kind,
                                    const char  *needle);

/* @endpoint logged at least @n events of @kind. */
typedef struct {
  SpEndpoint  *endpoint;
  SpEventKind  kind;
  guint        n;
} SpTestKindCount;

gboolean sp_test_has_n_of_kind     (gpointer kind_count);

/* Keeps @event alive as long as @endpoint (a log makes an item's object
 * only when asked, and keeps it only while someone does); returns it. */
SpEvent *sp_test_keep_event        (SpEndpoint  *endpoint,
                                    SpEvent     *event);

/* The newest of @endpoint's logged events of @kind (kept alive as long as
 * @endpoint), or NULL. */
SpEvent *sp_test_last_of_kind      (SpEndpoint  *endpoint,
                                    SpEventKind  kind);

/* Whether one of @endpoint's logged events has a message containing @part. */
gboolean sp_test_log_has_message   (SpEndpoint  *endpoint,
                                    const char  *part);

/* The first line of @endpoint's socket-call trace that starts with
 * @prefix (owned by the trace), or NULL. */
const char *sp_test_find_call      (SpEndpoint  *endpoint,
                                    const char  *prefix);

/* Where that line is in the trace (-1: nowhere). */
int         sp_test_call_index     (SpEndpoint  *endpoint,
                                    const char  *prefix);

/* @endpoint's log counts at least @n bytes received / sent. */
typedef struct {
  SpEndpoint *endpoint;
  guint64     n;
} SpTestBytes;

gboolean sp_test_has_received      (gpointer bytes);
gboolean sp_test_has_sent          (gpointer bytes);

/* A plain (not the engine's) @type socket bound to 127.0.0.1, port 0;
 * the port it got in @port. */
GSocket *sp_test_plain_bound       (GSocketType  type,
                                    guint       *port);
/* A plain @type socket connected to 127.0.0.1 @port, non-blocking once
 * connected. */
GSocket *sp_test_plain_connect     (GSocketType  type,
                                    guint        port);

/* A plain socket's reader: reads what has arrived into @received. */
typedef struct {
  GSocket    *socket;
  GByteArray *received;
  gsize       size;     /* sp_test_drain_some(): done at this many bytes */
  gboolean    eof;      /* set when the peer closed */
} SpTestDrain;

gboolean sp_test_drain_some        (gpointer drain);
/* Done at end of stream. */
gboolean sp_test_drain_to_eof      (gpointer drain);

/* A process's standard output (spawned with it piped), read to its end
 * while the main loop runs: sp_test_output_done() holds when it is. */
typedef struct {
  gboolean  done;
  char     *out;
  GError   *error;
} SpTestOutput;

void     sp_test_output_start      (SpTestOutput *output,
                                    GSubprocess  *process);
gboolean sp_test_output_done       (gpointer      output);

/* Waits for @process (spawned with its standard output piped) to end, the
 * main loop running meanwhile, and fails the test naming @what if it takes
 * longer than @timeout_ms or does not exit with 0; returns what it wrote. */
char    *sp_test_program_output    (GSubprocess *process,
                                    guint        timeout_ms,
                                    const char  *what);

G_END_DECLS
