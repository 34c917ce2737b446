/* sp-peer-fail.c: see sp-peer-fail.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "sp-peer-fail.h"

void
sp_peer_fail (const char *format, ...)
{
  va_list args;

  printf ("FAIL: ");
  va_start (args, format);
  vprintf (format, args);
  va_end (args);
  printf ("\n");
  fflush (stdout);
  exit (1);
}
