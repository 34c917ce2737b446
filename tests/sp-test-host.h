/* sp-test-host.h: panes for lessons in tests, without a window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sp-lesson-session.h"
#include "sp-setup-runner.h"

G_BEGIN_DECLS

/* Endpoints made as a lesson's "pane P" commands ask, left to right, in a
 * list model a lesson session can watch. */
typedef struct {
  GListStore     *endpoints;
  GPtrArray      *owned;
  /* The panes' Encodings, as "option P encoding" sets them (UTF-8 at first). */
  SpTextEncoding  encodings[16];
} SpTestHost;

/* Runs setup commands against a SpTestHost (as host data). */
extern const SpSetupHost sp_test_setup_host;

void        sp_test_host_init   (SpTestHost     *host);
/* Stops every endpoint and lets go of them. */
void        sp_test_host_clear  (SpTestHost     *host);
SpEndpoint *sp_test_host_lookup (SpTestHost     *host,
                                 guint           position);
SpEndpoint *sp_test_host_ensure (SpTestHost     *host,
                                 guint           position,
                                 SpEndpointKind  kind,
                                 const char     *address,
                                 guint           port);

/* Runs setup @commands against @host and waits until they are done. */
gboolean    sp_test_host_run    (SpTestHost         *host,
                                 const char * const *commands,
                                 GError            **error);
/* The same; @changes: what the setup says it changed (as "Set it up for
 * me" shows it), set also when it fails. */
gboolean    sp_test_host_run_changes (SpTestHost         *host,
                                      const char * const *commands,
                                      GStrv              *changes,
                                      GError            **error);

/* Each of the @n_bad commands @bad, after @before (NULL: alone), is a
 * syntax error to sp_setup_validate(); @good (NULL-terminated) is not. */
void        sp_test_setup_rejects (const char         *before,
                                   const char * const *bad,
                                   gsize               n_bad,
                                   const char * const *good);

/* Conditions on step @step of @session. */
typedef struct {
  SpLessonSession *session;
  guint            step;
} SpTestStep;

gboolean    sp_test_step_done   (gpointer        step);
gboolean    sp_test_step_tried  (gpointer        step);

/* Does each step of @lesson with its setup commands, as "Set it up for
 * me" would, waiting for each to be done (or failing the test). */
void        sp_test_host_do_lesson (SpTestHost      *host,
                                    SpLessonSession *session);

/* What the student does outside the app after step @step's setup ran
 * (runs their own programs), in the main loop. */
typedef void (*SpTestStudent) (SpTestHost *host,
                               guint       step,
                               gpointer    data);

/* The same, with @student acting after each setup: what the student's
 * programs do counts as theirs, not the setup's. */
void        sp_test_host_do_lesson_with (SpTestHost      *host,
                                         SpLessonSession *session,
                                         SpTestStudent    student,
                                         gpointer         data);

G_END_DECLS
