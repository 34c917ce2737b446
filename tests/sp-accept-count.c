/* sp-accept-count.c: see sp-accept-count.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE  /* RTLD_NEXT */
#include "config.h"

#include <dlfcn.h>
#include <sys/socket.h>

#include "sp-accept-count.h"

static guint n_calls;

guint
sp_accept_count_get (void)
{
  return g_atomic_int_get (&n_calls);
}

/* The next definition after ours: the C library's, or a sanitizer's
 * wrapper of it. */
static gpointer
next_symbol (gpointer   *cache,
             const char *name)
{
  gpointer fn = g_atomic_pointer_get (cache);

  if (fn == NULL)
    {
      fn = dlsym (RTLD_NEXT, name);
      if (fn == NULL)
        g_error ("%s not found: %s", name, dlerror ());
      g_atomic_pointer_set (cache, fn);
    }
  return fn;
}

int
accept (int              fd,
        struct sockaddr *address,
        socklen_t       *length)
{
  static gpointer real;
  int (*fn) (int, struct sockaddr *, socklen_t *) = next_symbol (&real, "accept");

  g_atomic_int_inc (&n_calls);
  return fn (fd, address, length);
}

int
accept4 (int              fd,
         struct sockaddr *address,
         socklen_t       *length,
         int              flags)
{
  static gpointer real;
  int (*fn) (int, struct sockaddr *, socklen_t *, int) = next_symbol (&real, "accept4");

  g_atomic_int_inc (&n_calls);
  return fn (fd, address, length, flags);
}
