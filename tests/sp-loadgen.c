/* sp-loadgen.c: a load generator for the engine tests, in a process of its own
 *
 * Plain non-blocking sockets and poll(): it must not share the engine's main
 * loop, or the test could not tell the server's work from the clients'.
 *
 *   sp-loadgen tcp HOST PORT N [--hold] [--no-echo]
 *       N TCP connections at once, each sends a distinct line and expects
 *       exactly that line back (an echo server). With --hold every connection
 *       stays open after its echo until stdin reaches end of file, so the
 *       caller can count them on the server. With --no-echo a client is done
 *       once its line is sent (the benchmark's accept storm, where the
 *       server only receives; it counts what the server took itself).
 *   sp-loadgen udp HOST PORT N
 *       N UDP sockets, N source ports, one distinct datagram each, echo
 *       expected (lost datagrams are sent again, up to 5 times).
 *   sp-loadgen bulk HOST PORT BYTES SEED
 *       One TCP connection sends BYTES pseudo-random bytes (xorshift64 from
 *       SEED), then shuts down its sending side and waits for the server to
 *       close; prints the SHA-256 of what it sent.
 *
 * Prints one summary line: "ok …" (exit 0) or "FAIL: …" (exit 1).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib.h>

#include "sp-peer-fail.h"

/* Connections still waiting for their echo: below the server's listen
 * backlog, so no SYN is dropped and no client waits a second to retry. */
#define WINDOW          64
#define DEADLINE_S      150
#define UDP_RETRY_MS    500
#define UDP_MAX_TRIES   5

typedef enum { CONNECTING, SENDING, READING, DONE } Phase;

typedef struct {
  int      fd;
  Phase    phase;
  char    *message;
  gsize    len;
  gsize    sent;
  char    *got;
  gsize    n_got;
  gint64   last_send;
  guint    tries;
} Client;

static struct sockaddr_storage server;
static socklen_t server_len;


static void
resolve (const char *host,
         const char *port,
         int         type)
{
  struct addrinfo hints = { .ai_flags = AI_NUMERICHOST | AI_NUMERICSERV, .ai_socktype = type };
  struct addrinfo *result = NULL;
  int rc = getaddrinfo (host, port, &hints, &result);

  if (rc != 0)
    sp_peer_fail ("getaddrinfo %s %s: %s", host, port, gai_strerror (rc));
  memcpy (&server, result->ai_addr, result->ai_addrlen);
  server_len = result->ai_addrlen;
  freeaddrinfo (result);
}

static void
raise_fd_limit (void)
{
  struct rlimit limit;

  if (getrlimit (RLIMIT_NOFILE, &limit) == 0)
    {
      limit.rlim_cur = limit.rlim_max;
      setrlimit (RLIMIT_NOFILE, &limit);
    }
}

static void
check_deadline (gint64 start)
{
  if (g_get_monotonic_time () - start > DEADLINE_S * G_USEC_PER_SEC)
    sp_peer_fail ("not done after %d s", DEADLINE_S);
}

static char *
make_message (guint i,
              guint n,
              gsize *len)
{
  /* Distinct lengths too, so a mix-up of two echoes cannot pass. */
  char *message = g_strdup_printf ("client %u of %u says %.*s\n", i, n, (int) (i % 37),
                                   "abcdefghijklmnopqrstuvwxyz0123456789+");

  *len = strlen (message);
  return message;
}

/* Reads what has come back; TRUE once the whole echo is in. */
static gboolean
read_echo (Client *c,
           guint   i)
{
  char buffer[512];
  ssize_t n = recv (c->fd, buffer, sizeof buffer, 0);

  if (n < 0 && (errno == EAGAIN || errno == EINTR))
    return FALSE;
  if (n < 0)
    sp_peer_fail ("client %u: recv: %s", i, g_strerror (errno));
  if (n == 0)
    sp_peer_fail ("client %u: the server closed after %zu of %zu echoed bytes", i, c->n_got, c->len);
  if (c->n_got + n > c->len)
    sp_peer_fail ("client %u: %zu bytes echoed, expected %zu", i, c->n_got + n, c->len);

  memcpy (c->got + c->n_got, buffer, n);
  c->n_got += n;
  if (c->n_got < c->len)
    return FALSE;
  if (memcmp (c->got, c->message, c->len) != 0)
    sp_peer_fail ("client %u: the echo differs from what it sent", i);

  return TRUE;
}

/* Client @index of @n: its message, a non-blocking socket of @type,
 * connect() begun (TCP) or done (UDP). */
static void
open_client (Client *c,
             guint   index,
             guint   n,
             int     type)
{
  c->message = make_message (index, n, &c->len);
  c->got = g_malloc (c->len);
  c->fd = socket (server.ss_family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (c->fd < 0)
    sp_peer_fail ("client %u: socket: %s", index, g_strerror (errno));
  if (connect (c->fd, (struct sockaddr *) &server, server_len) != 0 &&
      !(type == SOCK_STREAM && errno == EINPROGRESS))
    sp_peer_fail ("client %u: connect: %s", index, g_strerror (errno));
}

static int
run_tcp (guint    n,
         gboolean hold,
         gboolean echo)
{
  g_autofree Client *clients = g_new0 (Client, n);
  g_autofree struct pollfd *fds = g_new (struct pollfd, n);
  g_autofree guint *which = g_new (guint, n);
  gint64 start = g_get_monotonic_time ();
  guint started = 0, done = 0;

  while (done < n)
    {
      guint n_fds = 0;

      check_deadline (start);

      while (started < n && started - done < WINDOW)
        {
          Client *c = &clients[started];

          open_client (c, started, n, SOCK_STREAM);
          c->phase = CONNECTING;
          started++;
        }

      for (guint i = 0; i < started; i++)
        if (clients[i].phase != DONE)
          {
            fds[n_fds] = (struct pollfd) { clients[i].fd, clients[i].phase == READING ? POLLIN : POLLOUT, 0 };
            which[n_fds++] = i;
          }

      if (poll (fds, n_fds, 1000) < 0 && errno != EINTR)
        sp_peer_fail ("poll: %s", g_strerror (errno));

      for (guint k = 0; k < n_fds; k++)
        {
          guint i = which[k];
          Client *c = &clients[i];

          if (fds[k].revents == 0)
            continue;

          if (c->phase == CONNECTING)
            {
              int error = 0;
              socklen_t len = sizeof error;

              getsockopt (c->fd, SOL_SOCKET, SO_ERROR, &error, &len);
              if (error != 0)
                sp_peer_fail ("client %u: connect: %s", i, g_strerror (error));
              c->phase = SENDING;
            }

          if (c->phase == SENDING)
            {
              ssize_t sent = send (c->fd, c->message + c->sent, c->len - c->sent, MSG_NOSIGNAL);

              if (sent < 0 && errno != EAGAIN && errno != EINTR)
                sp_peer_fail ("client %u: send: %s", i, g_strerror (errno));
              if (sent > 0)
                c->sent += sent;
              if (c->sent == c->len && !echo)
                {
                  c->phase = DONE;
                  done++;
                }
              else if (c->sent == c->len)
                c->phase = READING;
              continue;
            }

          if (c->phase == READING && read_echo (c, i))
            {
              c->phase = DONE;
              done++;
              if (!hold)
                close (c->fd);
            }
        }
    }

  printf ("ok tcp: %u clients %s in %.1f s\n", n, echo ? "echoed" : "connected and sent",
          (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
  fflush (stdout);

  if (hold)
    {
      char buffer[64];

      while (read (STDIN_FILENO, buffer, sizeof buffer) > 0)
        ;
      for (guint i = 0; i < n; i++)
        close (clients[i].fd);
    }

  for (guint i = 0; i < n; i++)
    {
      g_free (clients[i].message);
      g_free (clients[i].got);
    }

  return 0;
}

static void
udp_send (Client *c,
          guint   i)
{
  if (send (c->fd, c->message, c->len, 0) != (ssize_t) c->len)
    sp_peer_fail ("client %u: send: %s", i, g_strerror (errno));
  c->last_send = g_get_monotonic_time ();
  c->tries++;
}

static int
run_udp (guint n)
{
  g_autofree Client *clients = g_new0 (Client, n);
  g_autofree struct pollfd *fds = g_new (struct pollfd, n);
  g_autofree guint *which = g_new (guint, n);
  gint64 start = g_get_monotonic_time ();
  guint started = 0, done = 0, resent = 0;

  while (done < n)
    {
      guint n_fds = 0;
      gint64 now;

      check_deadline (start);

      while (started < n && started - done < WINDOW)
        {
          Client *c = &clients[started];

          /* connect() fixes a UDP peer: only the server's datagrams arrive. */
          open_client (c, started, n, SOCK_DGRAM);
          udp_send (c, started);
          started++;
        }

      now = g_get_monotonic_time ();
      for (guint i = 0; i < started; i++)
        if (clients[i].phase != DONE)
          {
            Client *c = &clients[i];

            if (now - c->last_send > UDP_RETRY_MS * 1000)
              {
                if (c->tries >= UDP_MAX_TRIES)
                  sp_peer_fail ("client %u: no echo after %u datagrams", i, c->tries);
                udp_send (c, i);
                resent++;
              }
            fds[n_fds] = (struct pollfd) { c->fd, POLLIN, 0 };
            which[n_fds++] = i;
          }

      if (poll (fds, n_fds, 100) < 0 && errno != EINTR)
        sp_peer_fail ("poll: %s", g_strerror (errno));

      for (guint k = 0; k < n_fds; k++)
        {
          guint i = which[k];
          Client *c = &clients[i];
          ssize_t got;

          if (fds[k].revents == 0)
            continue;

          got = recv (c->fd, c->got, c->len, MSG_TRUNC);
          if (got < 0 && (errno == EAGAIN || errno == EINTR))
            continue;
          if (got < 0)
            sp_peer_fail ("client %u: recv: %s", i, g_strerror (errno));
          if ((gsize) got != c->len || memcmp (c->got, c->message, c->len) != 0)
            sp_peer_fail ("client %u: the echo differs from what it sent (%zd bytes)", i, got);
          c->phase = DONE;
          done++;
        }
    }

  printf ("ok udp: %u source ports echoed in %.1f s, %u datagrams sent again\n", n,
          (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC, resent);
  fflush (stdout);

  for (guint i = 0; i < n; i++)
    {
      close (clients[i].fd);
      g_free (clients[i].message);
      g_free (clients[i].got);
    }

  return 0;
}

static guint64
xorshift64 (guint64 *state)
{
  guint64 x = *state;

  x ^= x << 13;
  x ^= x >> 7;
  x ^= x << 17;
  return *state = x;
}

static int
run_bulk (guint64 total,
          guint64 seed)
{
  g_autoptr(GChecksum) sha = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guint8 *chunk = g_malloc (64 * 1024);
  guint64 state = seed ? seed : 1;
  guint64 sent = 0;
  gint64 start = g_get_monotonic_time ();
  int fd = socket (server.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  char buffer[4096];

  if (fd < 0 || connect (fd, (struct sockaddr *) &server, server_len) != 0)
    sp_peer_fail ("bulk: connect: %s", g_strerror (errno));

  while (sent < total)
    {
      gsize len = MIN (total - sent, 64 * 1024);
      gsize off = 0;

      for (gsize i = 0; i < len; i += 8)
        {
          guint64 x = xorshift64 (&state);

          memcpy (chunk + i, &x, MIN (8, len - i));
        }
      g_checksum_update (sha, chunk, len);

      while (off < len)
        {
          ssize_t n = send (fd, chunk + off, len - off, MSG_NOSIGNAL);

          if (n < 0 && errno == EINTR)
            continue;
          if (n < 0)
            sp_peer_fail ("bulk: send after %" G_GUINT64_FORMAT " bytes: %s", sent + off, g_strerror (errno));
          off += n;
        }
      sent += len;
      check_deadline (start);
    }

  /* Our side is done; the server closes once it has read everything. */
  shutdown (fd, SHUT_WR);
  while (TRUE)
    {
      ssize_t n = recv (fd, buffer, sizeof buffer, 0);

      if (n == 0)
        break;
      if (n < 0 && errno != EINTR)
        sp_peer_fail ("bulk: recv: %s", g_strerror (errno));
    }
  close (fd);

  printf ("ok bulk: %" G_GUINT64_FORMAT " bytes sha256 %s\n", sent, g_checksum_get_string (sha));
  fflush (stdout);
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  if (argc < 5)
    {
      fprintf (stderr, "usage: %s tcp HOST PORT N [--hold] [--no-echo]\n"
                       "       %s udp HOST PORT N\n"
                       "       %s bulk HOST PORT BYTES SEED\n", argv[0], argv[0], argv[0]);
      return 2;
    }

  raise_fd_limit ();

  if (strcmp (argv[1], "tcp") == 0)
    {
      gboolean hold = FALSE, echo = TRUE;

      for (int i = 5; i < argc; i++)
        if (strcmp (argv[i], "--hold") == 0)
          hold = TRUE;
        else if (strcmp (argv[i], "--no-echo") == 0)
          echo = FALSE;
        else
          {
            fprintf (stderr, "%s: unknown option %s\n", argv[0], argv[i]);
            return 2;
          }
      resolve (argv[2], argv[3], SOCK_STREAM);
      return run_tcp (atoi (argv[4]), hold, echo);
    }

  if (strcmp (argv[1], "udp") == 0)
    {
      resolve (argv[2], argv[3], SOCK_DGRAM);
      return run_udp (atoi (argv[4]));
    }

  if (strcmp (argv[1], "bulk") == 0 && argc > 5)
    {
      resolve (argv[2], argv[3], SOCK_STREAM);
      return run_bulk (g_ascii_strtoull (argv[4], NULL, 10), g_ascii_strtoull (argv[5], NULL, 10));
    }

  fprintf (stderr, "%s: unknown mode %s\n", argv[0], argv[1]);
  return 2;
}
