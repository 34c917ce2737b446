/* sp-udp-relay-peer.c: a plain peer process for the UDP relay tests — the
 * student's own UDP client or server, with a plain socket and poll(), so
 * neither end shares the engine's main loop
 *
 *   sp-udp-relay-peer server TOTAL
 *       Answers TOTAL datagrams on the bound UDP socket it inherits as
 *       fd 3, each to where it came from. A datagram starts with its
 *       client's number and its own (4 bytes each, big-endian); the answer
 *       starts with the same 8 bytes, followed by pseudo-random bytes whose
 *       count depends on both numbers.
 *   sp-udp-relay-peer client PORT ID COUNT
 *       Sends COUNT datagrams to 127.0.0.1:PORT one at a time, of sizes
 *       from 8 to 9000 bytes, each after the answer to the one before;
 *       checks each answer is its own and the next in order.
 *
 * Prints "client sent N SHA256 recv N SHA256" or
 * "server recv N SHA256 sent N SHA256 peers K" (K: source addresses seen),
 * then "ok" (exit 0), or "FAIL: …" (exit 1).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib.h>

#include "sp-peer-fail.h"

#define WAIT_MS  20000
#define MAX_SIZE 9000

/* Fills @len bytes from xorshift64 seeded by @seed. */
static void
fill (guint8  *data,
      gsize    len,
      guint64  seed)
{
  guint64 state = seed * 0x9E3779B97F4A7C15ull + 1;

  for (gsize i = 0; i < len; i++)
    {
      state ^= state << 13;
      state ^= state >> 7;
      state ^= state << 17;
      data[i] = (guint8) state;
    }
}

static gsize
build (guint8  *data,
       guint32  id,
       guint32  seq,
       gsize    len)
{
  guint32 header[2] = { htonl (id), htonl (seq) };

  memcpy (data, header, sizeof header);
  fill (data + 8, len - 8, ((guint64) id << 32) | seq);
  return len;
}

/* Waits for one datagram on @fd: its length. */
static gssize
receive (int                      fd,
         guint8                  *data,
         struct sockaddr_storage *from,
         socklen_t               *from_len)
{
  struct pollfd pfd = { fd, POLLIN, 0 };
  gssize n;

  if (poll (&pfd, 1, WAIT_MS) <= 0)
    sp_peer_fail ("no datagram for %d ms", WAIT_MS);

  *from_len = sizeof *from;
  n = recvfrom (fd, data, MAX_SIZE + 64, 0, (struct sockaddr *) from, from_len);
  if (n < 8)
    sp_peer_fail ("recvfrom: %zd (%s)", n, n < 0 ? g_strerror (errno) : "shorter than a header");
  return n;
}

static void
header (const guint8 *data,
        guint32      *id,
        guint32      *seq)
{
  guint32 h[2];

  memcpy (h, data, sizeof h);
  *id = ntohl (h[0]);
  *seq = ntohl (h[1]);
}

static int
run_server (guint total)
{
  g_autoptr(GChecksum) sent = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GChecksum) recv = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GHashTable) peers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint8 *in = g_malloc (MAX_SIZE + 64);
  guint8 *out = g_malloc (MAX_SIZE + 64);
  guint64 n_sent = 0, n_recv = 0;

  for (guint i = 0; i < total; i++)
    {
      struct sockaddr_storage from;
      socklen_t from_len;
      gssize n = receive (3, in, &from, &from_len);
      guint32 id, seq;
      gsize len;

      g_checksum_update (recv, in, n);
      n_recv += n;
      g_hash_table_add (peers, g_base64_encode ((guint8 *) &from, from_len));

      header (in, &id, &seq);
      len = build (out, id, seq, 8 + (seq * 7919u + id * 31u) % (MAX_SIZE - 8));
      if (sendto (3, out, len, 0, (struct sockaddr *) &from, from_len) != (gssize) len)
        sp_peer_fail ("sendto: %s", g_strerror (errno));
      g_checksum_update (sent, out, len);
      n_sent += len;
    }

  printf ("server recv %" G_GUINT64_FORMAT " %s sent %" G_GUINT64_FORMAT " %s peers %u\nok\n",
          n_recv, g_checksum_get_string (recv), n_sent, g_checksum_get_string (sent),
          g_hash_table_size (peers));
  g_free (in);
  g_free (out);
  return 0;
}

static int
run_client (guint   port,
            guint32 id,
            guint   count)
{
  g_autoptr(GChecksum) sent = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GChecksum) recv = g_checksum_new (G_CHECKSUM_SHA256);
  struct sockaddr_in relay = { .sin_family = AF_INET, .sin_port = htons (port) };
  guint8 *in = g_malloc (MAX_SIZE + 64);
  guint8 *out = g_malloc (MAX_SIZE + 64);
  guint64 n_sent = 0, n_recv = 0;
  int fd = socket (AF_INET, SOCK_DGRAM, 0);

  relay.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  if (fd < 0)
    sp_peer_fail ("socket: %s", g_strerror (errno));

  for (guint32 seq = 0; seq < count; seq++)
    {
      struct sockaddr_storage from;
      socklen_t from_len;
      gsize len = build (out, id, seq, 8 + (seq * 104729u + id * 17u) % (MAX_SIZE - 8));
      gssize n;
      guint32 got_id, got_seq;

      if (sendto (fd, out, len, 0, (struct sockaddr *) &relay, sizeof relay) != (gssize) len)
        sp_peer_fail ("sendto: %s", g_strerror (errno));
      g_checksum_update (sent, out, len);
      n_sent += len;

      n = receive (fd, in, &from, &from_len);
      header (in, &got_id, &got_seq);
      if (got_id != id || got_seq != seq)
        sp_peer_fail ("client %u got the answer of client %u's datagram %u for its datagram %u", id, got_id, got_seq, seq);
      g_checksum_update (recv, in, n);
      n_recv += n;
    }

  printf ("client sent %" G_GUINT64_FORMAT " %s recv %" G_GUINT64_FORMAT " %s\nok\n",
          n_sent, g_checksum_get_string (sent), n_recv, g_checksum_get_string (recv));
  close (fd);
  g_free (in);
  g_free (out);
  return 0;
}

int
main (int    argc,
      char **argv)
{
  if (argc == 3 && strcmp (argv[1], "server") == 0)
    return run_server (atoi (argv[2]));
  if (argc == 5 && strcmp (argv[1], "client") == 0)
    return run_client (atoi (argv[2]), atoi (argv[3]), atoi (argv[4]));

  fprintf (stderr, "usage: %s server TOTAL | client PORT ID COUNT\n", argv[0]);
  return 2;
}
