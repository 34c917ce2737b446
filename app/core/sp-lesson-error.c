/* sp-lesson-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sp-lesson-error.h"

G_DEFINE_QUARK (sp-lesson-error-quark, sp_lesson_error)
