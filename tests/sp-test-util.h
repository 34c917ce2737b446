/* sp-test-util.h: running the main loop in tests, bounded in time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

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

G_END_DECLS
