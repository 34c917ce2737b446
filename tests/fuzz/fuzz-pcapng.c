/* fuzz-pcapng.c: libFuzzer target for the pcapng writer
 *
 * The input is a sequence of operations on one SpPcapng, as the export
 * makes them from a session's events: TCP streams opened, data from either
 * side, closes, UDP datagrams, and finish() in between. Each operation is
 * one byte of opcode followed by its arguments (see the switch below);
 * addresses come mostly from a table of valid ones (so streams get data),
 * sometimes straight from the input (malformed ones must be refused with an
 * error, not a crash). The writer's preconditions (no data after a side
 * closed) are kept, as the export keeps them.
 *
 * Every finish() result is walked as a pcapng file: block lengths agree at
 * both ends and stay within the file, the section header comes first, and
 * each packet's IP header states the packet's captured length. Any
 * disagreement aborts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "sp-pcapng.h"

#include "fuzz-common.h"

#define MAX_STREAMS 16
/* Large sends exercise the split into SP_PCAPNG_MAX_SEGMENT segments. */
#define MAX_DATA    (3 * SP_PCAPNG_MAX_SEGMENT + 17)
/* Payload bytes per input, so one run stays fast and small. */
#define MAX_TOTAL   (2 * 1024 * 1024)

static const char *const addresses[] = {
  "127.0.0.1:8081",
  "127.0.0.1:53422",
  "10.0.0.2:65535",
  "192.168.1.1:0",
  "[::1]:8081",
  "[::1]:40000",
  "[fe80::1]:1",
  "[2001:db8::ff]:9",
};

typedef struct {
  const guint8 *p;
  gsize         left;
} Input;

static guint
take_byte (Input *in)
{
  if (in->left == 0)
    return 0;
  in->left--;
  return *in->p++;
}

static guint
take_u16 (Input *in)
{
  guint hi = take_byte (in);

  return hi << 8 | take_byte (in);
}

static gboolean
is_ipv6 (guint index)
{
  return index >= 4;
}

/* An address from the table, or (opcode bit) up to 31 raw input bytes. */
static char *
take_address (Input    *in,
              gboolean *from_table,
              guint    *index)
{
  guint b = take_byte (in);

  if ((b & 0xe0) != 0xe0)
    {
      *from_table = TRUE;
      *index = b % G_N_ELEMENTS (addresses);
      return g_strdup (addresses[*index]);
    }

  {
    gsize len = MIN ((gsize) (b & 0x1f), in->left);
    char *raw = g_strndup ((const char *) in->p, len);

    in->p += len;
    in->left -= len;
    *from_table = FALSE;
    *index = 0;
    return raw;
  }
}

static char *
take_comment (Input *in)
{
  guint len = take_byte (in);

  if (len == 0)
    return NULL;
  len = MIN ((gsize) (len & 0x3f), in->left);
  {
    /* May be invalid UTF-8 or hold a NUL: the writer must cope. */
    char *comment = g_strndup ((const char *) in->p, len);

    in->p += len;
    in->left -= len;
    return comment;
  }
}

static guint32
read_u32 (const guint8 *p,
          gboolean      big_endian)
{
  guint32 v;

  memcpy (&v, p, 4);
  return big_endian ? GUINT32_FROM_BE (v) : GUINT32_FROM_LE (v);
}

static void
check_file (GBytes *bytes,
            guint   expected_packets)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  gsize offset = 0;
  gboolean big_endian;
  guint packets = 0;

  CHECK (size >= 28);
  CHECK (read_u32 (data, FALSE) == 0x0A0D0D0A);
  /* The byte-order magic says how the rest is written. */
  big_endian = read_u32 (data + 8, TRUE) == 0x1A2B3C4D;
  CHECK (big_endian || read_u32 (data + 8, FALSE) == 0x1A2B3C4D);

  while (offset < size)
    {
      guint32 type, total;

      CHECK (size - offset >= 12);
      type = read_u32 (data + offset, big_endian);
      total = read_u32 (data + offset + 4, big_endian);
      CHECK (total >= 12 && total % 4 == 0 && total <= size - offset);
      CHECK (read_u32 (data + offset + total - 4, big_endian) == total);

      if (type == 6)
        {
          /* Enhanced Packet Block: interface, time, captured, original. */
          guint32 captured, original;
          const guint8 *packet;

          CHECK (total >= 32);
          captured = read_u32 (data + offset + 20, big_endian);
          original = read_u32 (data + offset + 24, big_endian);
          CHECK (captured == original);
          CHECK (captured <= total - 32);
          packet = data + offset + 28;
          CHECK (captured >= 20);
          if (packet[0] >> 4 == 4)
            CHECK ((guint) (packet[2] << 8 | packet[3]) == captured);
          else
            {
              CHECK (packet[0] >> 4 == 6);
              CHECK (captured >= 40);
              CHECK ((guint) (packet[4] << 8 | packet[5]) == captured - 40);
            }
          packets++;
        }

      offset += total;
    }

  CHECK (offset == size);
  CHECK (packets == expected_packets);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static guint8 *payload = NULL;
  g_autoptr(SpPcapng) pcapng = sp_pcapng_new ();
  Input in = { data, size };
  guint streams[MAX_STREAMS];
  gboolean closed[MAX_STREAMS][2];
  guint n_streams = 0;
  guint64 time_us = 1700000000000000;
  /* Packets written: a handshake is 3, a close 2 (FIN, ACK), data one per
   * segment, a datagram 1. */
  guint expected = 0;
  gsize total = 0;

  if (payload == NULL)
    {
      payload = g_malloc (MAX_DATA);
      for (gsize i = 0; i < MAX_DATA; i++)
        payload[i] = (guint8) (i * 31 + 7);
    }

  while (in.left > 0)
    {
      guint op = take_byte (&in);

      time_us += take_byte (&in) * 1000;

      switch (op % 5)
        {
        case 0:  /* open a TCP stream */
          {
            g_autoptr(GError) error = NULL;
            gboolean table_a, table_b;
            guint ia, ib;
            g_autofree char *client = take_address (&in, &table_a, &ia);
            g_autofree char *server = take_address (&in, &table_b, &ib);
            guint stream = sp_pcapng_tcp_open (pcapng, time_us, client, server, &error);

            CHECK ((stream == 0) == (error != NULL));
            if (table_a && table_b)
              CHECK ((stream != 0) == (is_ipv6 (ia) == is_ipv6 (ib)));
            if (stream != 0)
              {
                expected += 3;
                if (n_streams < MAX_STREAMS)
                  {
                    streams[n_streams] = stream;
                    closed[n_streams][0] = closed[n_streams][1] = FALSE;
                    n_streams++;
                  }
              }
          }
          break;

        case 1:  /* data on a stream, from one side */
          {
            guint which = take_byte (&in);
            guint len = take_u16 (&in);
            g_autofree char *comment = take_comment (&in);
            gboolean from_client = (which & 0x80) != 0;
            guint i;

            if (op & 0x80)
              len = MIN ((gsize) len * 8, MAX_DATA);
            if (n_streams == 0)
              break;
            i = which % n_streams;
            if (closed[i][from_client] || total + len > MAX_TOTAL)
              break;
            total += len;
            sp_pcapng_tcp_data (pcapng, streams[i], time_us, from_client, payload, len, comment);
            expected += (len + SP_PCAPNG_MAX_SEGMENT - 1) / SP_PCAPNG_MAX_SEGMENT;
          }
          break;

        case 2:  /* close one side */
          {
            guint which = take_byte (&in);
            g_autofree char *comment = take_comment (&in);
            gboolean from_client = (which & 0x80) != 0;
            guint i;

            if (n_streams == 0)
              break;
            i = which % n_streams;
            if (closed[i][from_client])
              break;
            sp_pcapng_tcp_close (pcapng, streams[i], time_us, from_client, comment);
            closed[i][from_client] = TRUE;
            expected += 2;
          }
          break;

        case 3:  /* one datagram */
          {
            g_autoptr(GError) error = NULL;
            gboolean table_a, table_b;
            guint ia, ib;
            g_autofree char *source = take_address (&in, &table_a, &ia);
            g_autofree char *destination = take_address (&in, &table_b, &ib);
            guint len = take_u16 (&in);
            g_autofree char *comment = take_comment (&in);
            gboolean ok;

            if (op & 0x80)
              len = MIN ((gsize) len * 2, MAX_DATA);
            if (total + len > MAX_TOTAL)
              break;
            total += len;
            ok = sp_pcapng_udp (pcapng, time_us, source, destination, payload, len, comment, &error);
            CHECK (ok == (error == NULL));
            if (table_a && table_b)
              {
                gboolean v6 = is_ipv6 (ia);
                gsize max = v6 ? SP_PCAPNG_MAX_UDP_IPV6 : SP_PCAPNG_MAX_UDP_IPV4;

                CHECK (ok == (v6 == is_ipv6 (ib) && len <= max));
              }
            if (ok)
              expected++;
          }
          break;

        default:  /* the file so far; the writer stays usable */
          {
            g_autoptr(GBytes) file = sp_pcapng_finish (pcapng);

            check_file (file, expected);
          }
          break;
        }
    }

  {
    g_autoptr(GBytes) file = sp_pcapng_finish (pcapng);

    check_file (file, expected);
  }

  return 0;
}
