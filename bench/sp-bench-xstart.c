/* sp-bench-xstart.c: how long a program takes from exec to its first frame,
 * seen from the X server, so any two X11 programs are timed the same way.
 *
 *   sp-bench-xstart TIMEOUT_S COMMAND [ARG...]
 *
 * Watches the root window for new top-level windows, asks the DAMAGE
 * extension to report drawing into each, forks and execs COMMAND, and prints
 * one JSON object: milliseconds from just before exec to the first MapNotify
 * of a top-level window and to the program's first drawing into a mapped one
 * (its first frame). Then it terminates the program.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include <glib.h>
#include <X11/Xlib.h>
#include <X11/extensions/Xdamage.h>

/* A window may be gone before we ask about it: that is no reason to exit. */
static int
ignore_x_error (Display     *display,
                XErrorEvent *event)
{
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  Display *display;
  Window root;
  int damage_event, damage_error;
  GHashTable *mapped = g_hash_table_new (NULL, NULL);
  gint64 t0, deadline, map_us = -1, damage_us = -1;
  pid_t pid;
  int status;

  if (argc < 3)
    {
      fprintf (stderr, "usage: %s TIMEOUT_S COMMAND [ARG...]\n", argv[0]);
      return 2;
    }

  display = XOpenDisplay (NULL);
  if (display == NULL)
    {
      fprintf (stderr, "cannot open display\n");
      return 1;
    }
  if (!XDamageQueryExtension (display, &damage_event, &damage_error))
    {
      fprintf (stderr, "no DAMAGE extension\n");
      return 1;
    }
  XSetErrorHandler (ignore_x_error);
  root = DefaultRootWindow (display);
  XSelectInput (display, root, SubstructureNotifyMask);
  XSync (display, False);

  t0 = g_get_monotonic_time ();
  deadline = t0 + (gint64) (atof (argv[1]) * G_USEC_PER_SEC);
  pid = fork ();
  if (pid == 0)
    {
      close (ConnectionNumber (display));
      execvp (argv[2], argv + 2);
      fprintf (stderr, "%s: %s\n", argv[2], strerror (errno));
      _exit (127);
    }

  while (damage_us < 0 && g_get_monotonic_time () < deadline)
    {
      struct pollfd pfd = { ConnectionNumber (display), POLLIN, 0 };
      XEvent event;

      if (!XPending (display))
        {
          poll (&pfd, 1, 20);
          if (waitpid (pid, &status, WNOHANG) == pid)
            {
              pid = -1;
              break;
            }
          continue;
        }

      XNextEvent (display, &event);
      if (event.type == CreateNotify && event.xcreatewindow.parent == root)
        {
          /* Damage before the window is mapped (nothing visible) is ignored. */
          XDamageCreate (display, event.xcreatewindow.window, XDamageReportNonEmpty);
        }
      else if (event.type == MapNotify && event.xmap.event == root)
        {
          if (map_us < 0)
            map_us = g_get_monotonic_time () - t0;
          g_hash_table_insert (mapped, GSIZE_TO_POINTER (event.xmap.window), GUINT_TO_POINTER (1));
        }
      else if (event.type == damage_event + XDamageNotify)
        {
          XDamageNotifyEvent *d = (XDamageNotifyEvent *) &event;
          guint n;

          XDamageSubtract (display, d->damage, None, None);
          n = GPOINTER_TO_UINT (g_hash_table_lookup (mapped, GSIZE_TO_POINTER (d->drawable)));
          /* n is 1 + the reports seen since the map. The first report is
           * the server clearing the window to its background as it maps
           * it; the second is the program's own first frame. */
          if (n > 0)
            {
              g_hash_table_insert (mapped, GSIZE_TO_POINTER (d->drawable), GUINT_TO_POINTER (++n));
              if (n == 3)
                damage_us = g_get_monotonic_time () - t0;
            }
        }
    }

  printf ("{\"map_ms\": %.1f, \"first_frame_ms\": %.1f, \"exec_us_monotonic\": %" G_GINT64_FORMAT "}\n",
          map_us / 1000.0, damage_us / 1000.0, t0);
  fflush (stdout);

  if (pid > 0)
    {
      /* A moment for the program to finish the frame (and log it). */
      g_usleep (300 * 1000);
      kill (pid, SIGTERM);
      waitpid (pid, &status, 0);
    }
  XCloseDisplay (display);
  g_hash_table_unref (mapped);
  return damage_us >= 0 ? 0 : 1;
}
