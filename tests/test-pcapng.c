/* test-pcapng.c: the synthesised pcapng capture
 *
 * The structural tests read the file back with a parser of their own and
 * recompute every checksum; the tshark tests then check that Wireshark
 * itself agrees: same packets, same comments, the exact bytes in "Follow
 * TCP Stream", no sequence analysis complaints, no bad checksums.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "sp-pcapng.h"

#define T0 G_GUINT64_CONSTANT (1700000000000000)

/* Reading the file back */

typedef struct {
  guint64       time_us;
  const guint8 *data;     /* the IP packet, inside the file's bytes */
  gsize         len;
  char         *comment;  /* NULL when the block has none */
  gsize         offset;   /* of the block in the file */
  gsize         block_len;
} Packet;

static void
packet_free (gpointer data)
{
  Packet *packet = data;

  g_free (packet->comment);
  g_free (packet);
}

static guint16
get_le16 (const guint8 *p)
{
  return p[0] | (p[1] << 8);
}

static guint32
get_le32 (const guint8 *p)
{
  return (guint32) get_le16 (p) | ((guint32) get_le16 (p + 2) << 16);
}

static guint16
get_be16 (const guint8 *p)
{
  return (p[0] << 8) | p[1];
}

static guint32
get_be32 (const guint8 *p)
{
  return ((guint32) get_be16 (p) << 16) | get_be16 (p + 2);
}

/* Checks a block's framing at @offset and returns its length. */
static gsize
check_block (const guint8 *file,
             gsize         size,
             gsize         offset,
             guint32       type)
{
  gsize len;

  g_assert_cmpuint (size - offset, >=, 12);
  g_assert_cmphex (get_le32 (file + offset), ==, type);
  len = get_le32 (file + offset + 4);
  g_assert_cmpuint (len % 4, ==, 0);
  g_assert_cmpuint (len, >=, 12);
  g_assert_cmpuint (len, <=, size - offset);
  g_assert_cmpuint (get_le32 (file + offset + len - 4), ==, len);

  return len;
}

/* Options from @p to @end (exclusive of the trailing block length): each
 * padded to 32 bits, the list closed by opt_endofopt. Returns the value of
 * the one option with @wanted code, or NULL; any other code fails. */
static char *
check_options (const guint8 *p,
               const guint8 *end,
               guint16       wanted)
{
  char *value = NULL;

  if (p == end)
    return NULL;

  for (;;)
    {
      guint16 code;
      guint16 len;

      g_assert_cmpint (end - p, >=, 4);
      code = get_le16 (p);
      len = get_le16 (p + 2);
      p += 4;
      if (code == 0)
        {
          g_assert_cmpuint (len, ==, 0);
          break;
        }
      g_assert_cmpuint (code, ==, wanted);
      g_assert_null (value);
      g_assert_cmpint (end - p, >=, (len + 3) / 4 * 4);
      value = g_strndup ((const char *) p, len);
      g_assert_cmpuint (strlen (value), ==, len);
      g_assert_true (g_utf8_validate (value, -1, NULL));
      for (guint i = len; i < (len + 3u) / 4 * 4; i++)
        g_assert_cmpuint (p[i], ==, 0);
      p += (len + 3) / 4 * 4;
    }

  g_assert_true (p == end);
  return value;
}

/* The whole file: one section header, one raw-IP interface, then packets. */
static GPtrArray *
parse_capture (GBytes *bytes)
{
  gsize size;
  const guint8 *file = g_bytes_get_data (bytes, &size);
  GPtrArray *packets = g_ptr_array_new_with_free_func (packet_free);
  g_autofree char *userappl = NULL;
  gsize offset = 0;
  gsize len;

  g_assert_cmpuint (size % 4, ==, 0);

  /* Section Header Block */
  len = check_block (file, size, offset, 0x0A0D0D0A);
  g_assert_cmpuint (len, >=, 28);
  g_assert_cmphex (get_le32 (file + 8), ==, 0x1A2B3C4D);
  g_assert_cmpuint (get_le16 (file + 12), ==, 1);
  g_assert_cmpuint (get_le16 (file + 14), ==, 0);
  g_assert_cmphex (get_le32 (file + 16), ==, 0xffffffff);
  g_assert_cmphex (get_le32 (file + 20), ==, 0xffffffff);
  userappl = check_options (file + 24, file + len - 4, 4);
  g_assert_cmpstr (userappl, ==, "Socket Playground " PACKAGE_VERSION);
  offset += len;

  /* Interface Description Block, exactly: LINKTYPE_RAW, no options (so
   * microsecond timestamps) */
  {
    static const guint8 idb[] = {
      0x01, 0x00, 0x00, 0x00,  0x14, 0x00, 0x00, 0x00,
      0x65, 0x00, 0x00, 0x00,  0x00, 0x00, 0x04, 0x00,
      0x14, 0x00, 0x00, 0x00,
    };

    g_assert_cmpuint (size - offset, >=, sizeof idb);
    g_assert_cmpmem (file + offset, sizeof idb, idb, sizeof idb);
    offset += sizeof idb;
  }

  /* Enhanced Packet Blocks */
  while (offset < size)
    {
      const guint8 *block = file + offset;
      Packet *packet = g_new0 (Packet, 1);
      gsize caplen;

      len = check_block (file, size, offset, 6);
      g_assert_cmpuint (len, >=, 32);
      g_assert_cmpuint (get_le32 (block + 8), ==, 0);
      packet->time_us = ((guint64) get_le32 (block + 12) << 32) | get_le32 (block + 16);
      caplen = get_le32 (block + 20);
      g_assert_cmpuint (get_le32 (block + 24), ==, caplen);
      g_assert_cmpuint (caplen, <=, 262144);
      g_assert_cmpuint (28 + (caplen + 3) / 4 * 4 + 4, <=, len);
      for (gsize i = caplen; i < (caplen + 3) / 4 * 4; i++)
        g_assert_cmpuint (block[28 + i], ==, 0);
      packet->data = block + 28;
      packet->len = caplen;
      packet->comment = check_options (block + 28 + (caplen + 3) / 4 * 4, block + len - 4, 1);
      packet->offset = offset;
      packet->block_len = len;
      g_ptr_array_add (packets, packet);
      offset += len;
    }

  g_assert_cmpuint (offset, ==, size);
  return packets;
}

/* Decoding packets, checking every header field that is a constant */

typedef struct {
  gboolean      is_ipv6;
  guint8        source[16];
  guint8        destination[16];
  guint16       ipv4_id;
  guint8        protocol;
  guint16       source_port;
  guint16       destination_port;
  /* TCP only */
  guint32       seq;
  guint32       ack;
  guint8        flags;
  const guint8 *payload;
  gsize         payload_len;
} Decoded;

/* Folded one's-complement sum; 0xffff for data whose checksum is right. */
static guint16
ones_sum (const guint8 *data,
          gsize         len)
{
  guint32 sum = 0;

  for (gsize i = 0; i < len; i++)
    sum += (i % 2 == 0) ? data[i] << 8 : data[i];
  while (sum > 0xffff)
    sum = (sum & 0xffff) + (sum >> 16);

  return sum;
}

static void
check_transport_checksum (const Decoded *d,
                          const guint8  *segment,
                          gsize          len)
{
  g_autoptr(GByteArray) all = g_byte_array_new ();
  gsize addr_len = d->is_ipv6 ? 16 : 4;
  guint8 tail[8] = { 0 };

  g_byte_array_append (all, d->source, addr_len);
  g_byte_array_append (all, d->destination, addr_len);
  if (d->is_ipv6)
    {
      /* RFC 8200: 32-bit length, three zero bytes, next header */
      tail[0] = len >> 24;
      tail[1] = (len >> 16) & 0xff;
      tail[2] = (len >> 8) & 0xff;
      tail[3] = len & 0xff;
      tail[7] = d->protocol;
      g_byte_array_append (all, tail, 8);
    }
  else
    {
      /* RFC 793: zero byte, protocol, 16-bit length */
      tail[1] = d->protocol;
      tail[2] = len >> 8;
      tail[3] = len & 0xff;
      g_byte_array_append (all, tail, 4);
    }
  g_byte_array_append (all, segment, len);

  g_assert_cmphex (ones_sum (all->data, all->len), ==, 0xffff);
}

static void
decode (const Packet *packet,
        Decoded      *d)
{
  const guint8 *ip = packet->data;
  const guint8 *segment;
  gsize len;

  memset (d, 0, sizeof *d);
  g_assert_cmpuint (packet->len, >=, 20);

  if (ip[0] >> 4 == 6)
    {
      g_assert_cmpuint (packet->len, >=, 40);
      d->is_ipv6 = TRUE;
      g_assert_cmphex (get_be32 (ip), ==, 0x60000000);
      g_assert_cmpuint (get_be16 (ip + 4), ==, packet->len - 40);
      d->protocol = ip[6];
      g_assert_cmpuint (ip[7], ==, 64);
      memcpy (d->source, ip + 8, 16);
      memcpy (d->destination, ip + 24, 16);
      segment = ip + 40;
      len = packet->len - 40;
    }
  else
    {
      g_assert_cmphex (ip[0], ==, 0x45);
      g_assert_cmpuint (ip[1], ==, 0);
      g_assert_cmpuint (get_be16 (ip + 2), ==, packet->len);
      d->ipv4_id = get_be16 (ip + 4);
      g_assert_cmphex (get_be16 (ip + 6), ==, 0x4000);
      g_assert_cmpuint (ip[8], ==, 64);
      d->protocol = ip[9];
      g_assert_cmphex (ones_sum (ip, 20), ==, 0xffff);
      memcpy (d->source, ip + 12, 4);
      memcpy (d->destination, ip + 16, 4);
      segment = ip + 20;
      len = packet->len - 20;
    }

  if (d->protocol == 6)
    {
      g_assert_cmpuint (len, >=, 20);
      g_assert_cmphex (segment[12], ==, 0x50);
      g_assert_cmphex (segment[13] & ~0x1f, ==, 0);
      g_assert_cmpuint (get_be16 (segment + 14), ==, 65535);
      g_assert_cmpuint (get_be16 (segment + 18), ==, 0);
      d->seq = get_be32 (segment + 4);
      d->ack = get_be32 (segment + 8);
      d->flags = segment[13];
      d->payload = segment + 20;
      d->payload_len = len - 20;
    }
  else
    {
      g_assert_cmpuint (d->protocol, ==, 17);
      g_assert_cmpuint (len, >=, 8);
      g_assert_cmpuint (get_be16 (segment + 4), ==, len);
      g_assert_cmpuint (get_be16 (segment + 6), !=, 0);
      d->payload = segment + 8;
      d->payload_len = len - 8;
    }
  d->source_port = get_be16 (segment);
  d->destination_port = get_be16 (segment + 2);

  check_transport_checksum (d, segment, len);
}

/* Each packet's IPv4 identification is one more than the last one's. */
static void
check_ipv4_ids (GPtrArray *packets)
{
  guint16 expected = 0;
  gboolean first = TRUE;

  for (guint i = 0; i < packets->len; i++)
    {
      Decoded d;

      decode (packets->pdata[i], &d);
      if (d.is_ipv6)
        continue;
      if (!first)
        g_assert_cmpuint (d.ipv4_id, ==, expected);
      expected = d.ipv4_id + 1;
      first = FALSE;
    }
}

static const guint8 loopback4[4] = { 127, 0, 0, 1 };
static const guint8 loopback6[16] = { [15] = 1 };

/* TCP conversations as tables */

enum { SYN = 0x02, FIN = 0x01, PSH = 0x08, ACK = 0x10 };

typedef struct {
  gboolean    from_client;
  guint8      flags;
  guint32     seq;        /* relative to the sender's initial sequence number */
  guint32     ack;        /* relative to the receiver's, unless flags lack ACK */
  gsize       len;
  const char *comment;
} ExpectedSegment;

/* Checks @n_expected TCP packets from @first against @expected; the
 * initial sequence numbers come from the SYN and SYN-ACK. Returns the
 * bytes each side sent, in order. */
static void
check_tcp (GPtrArray             *packets,
           guint                  first,
           const ExpectedSegment *expected,
           gsize                  n_expected,
           const guint8          *client_addr,
           guint16                client_port,
           const guint8          *server_addr,
           guint16                server_port,
           GByteArray            *client_bytes,
           GByteArray            *server_bytes)
{
  guint32 isn[2] = { 0, 0 };

  g_assert_cmpuint (packets->len, >=, first + n_expected);

  for (gsize i = 0; i < n_expected; i++)
    {
      const ExpectedSegment *e = &expected[i];
      const Packet *packet = packets->pdata[first + i];
      int side = e->from_client ? 0 : 1;
      Decoded d;

      g_test_message ("packet %u", (guint) (first + i + 1));
      decode (packet, &d);
      g_assert_cmpuint (d.protocol, ==, 6);
      g_assert_cmphex (d.flags, ==, e->flags);
      g_assert_cmpmem (d.source, d.is_ipv6 ? 16 : 4,
                       e->from_client ? client_addr : server_addr, d.is_ipv6 ? 16 : 4);
      g_assert_cmpmem (d.destination, d.is_ipv6 ? 16 : 4,
                       e->from_client ? server_addr : client_addr, d.is_ipv6 ? 16 : 4);
      g_assert_cmpuint (d.source_port, ==, e->from_client ? client_port : server_port);
      g_assert_cmpuint (d.destination_port, ==, e->from_client ? server_port : client_port);

      if (d.flags & SYN)
        {
          g_assert_cmpuint (e->seq, ==, 0);
          isn[side] = d.seq;
        }
      g_assert_cmpuint (d.seq - isn[side], ==, e->seq);
      if (d.flags & ACK)
        g_assert_cmpuint (d.ack - isn[!side], ==, e->ack);
      else
        g_assert_cmpuint (d.ack, ==, 0);
      g_assert_cmpuint (d.payload_len, ==, e->len);
      g_assert_cmpstr (packet->comment, ==, e->comment);

      g_byte_array_append (e->from_client ? client_bytes : server_bytes,
                           d.payload, d.payload_len);
    }

  /* Deterministic, but not the same for both sides */
  g_assert_cmpuint (isn[0], !=, isn[1]);
}

/* The sample conversation used by most tests */

#define BIG_LEN 70000
#define SUCCESS "连接成功"

static GBytes *
big_payload (void)
{
  g_autoptr(GRand) rng = g_rand_new_with_seed (20240601);
  guint8 *data = g_malloc (BIG_LEN);
  gsize random_len = BIG_LEN - strlen (SUCCESS);

  for (gsize i = 0; i < random_len; i++)
    data[i] = g_rand_int_range (rng, 0, 256);
  memcpy (data + random_len, SUCCESS, strlen (SUCCESS));

  return g_bytes_new_take (data, BIG_LEN);
}

/* 127.0.0.1:53422 → 127.0.0.1:8080: "hello, " and "world" from the client,
 * 70,000 bytes back, client closes, server closes. 11 packets. */
static void
add_ipv4_conversation (SpPcapng *pcapng,
                       GBytes   *big)
{
  g_autoptr(GError) error = NULL;
  guint stream;

  stream = sp_pcapng_tcp_open (pcapng, T0, "127.0.0.1:53422", "127.0.0.1:8080", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stream, >, 0);
  sp_pcapng_tcp_data (pcapng, stream, T0 + 100, TRUE, (const guint8 *) "hello, ", 7,
                      "send() #1 from TCP client 1");
  sp_pcapng_tcp_data (pcapng, stream, T0 + 200, TRUE, (const guint8 *) "world", 5,
                      "send() #2 from TCP client 1");
  sp_pcapng_tcp_data (pcapng, stream, T0 + 300, FALSE,
                      g_bytes_get_data (big, NULL), g_bytes_get_size (big),
                      "sendall() #1 from 连接 1");
  sp_pcapng_tcp_close (pcapng, stream, T0 + 400, TRUE, "close() from TCP client 1");
  sp_pcapng_tcp_close (pcapng, stream, T0 + 500, FALSE, NULL);
}

static const ExpectedSegment ipv4_conversation[] = {
  { TRUE,  SYN,       0,     0,     0,     NULL },
  { FALSE, SYN | ACK, 0,     1,     0,     NULL },
  { TRUE,  ACK,       1,     1,     0,     NULL },
  { TRUE,  PSH | ACK, 1,     1,     7,     "send() #1 from TCP client 1" },
  { TRUE,  PSH | ACK, 8,     1,     5,     "send() #2 from TCP client 1" },
  { FALSE, PSH | ACK, 1,     13,    65000, "sendall() #1 from 连接 1" },
  { FALSE, PSH | ACK, 65001, 13,    5000,  "sendall() #1 from 连接 1" },
  { TRUE,  FIN | ACK, 13,    70001, 0,     "close() from TCP client 1" },
  { FALSE, ACK,       70001, 14,    0,     NULL },
  { FALSE, FIN | ACK, 70001, 14,    0,     NULL },
  { TRUE,  ACK,       14,    70002, 0,     NULL },
};

/* [::1]:40000 → [::1]:8081: "ping", "pong", the server closes first.
 * 9 packets. */
static void
add_ipv6_conversation (SpPcapng *pcapng)
{
  g_autoptr(GError) error = NULL;
  guint stream;

  stream = sp_pcapng_tcp_open (pcapng, T0 + 1000, "[::1]:40000", "[::1]:8081", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stream, >, 0);
  sp_pcapng_tcp_data (pcapng, stream, T0 + 1100, TRUE, (const guint8 *) "ping", 4, "send() #1 from TCP client 2");
  sp_pcapng_tcp_data (pcapng, stream, T0 + 1200, FALSE, (const guint8 *) "pong", 4, "send() #1 from TCP server");
  sp_pcapng_tcp_close (pcapng, stream, T0 + 1300, FALSE, "close() from TCP server");
  sp_pcapng_tcp_close (pcapng, stream, T0 + 1400, TRUE, "close() from TCP client 2");
}

static const ExpectedSegment ipv6_conversation[] = {
  { TRUE,  SYN,       0, 0, 0, NULL },
  { FALSE, SYN | ACK, 0, 1, 0, NULL },
  { TRUE,  ACK,       1, 1, 0, NULL },
  { TRUE,  PSH | ACK, 1, 1, 4, "send() #1 from TCP client 2" },
  { FALSE, PSH | ACK, 1, 5, 4, "send() #1 from TCP server" },
  { FALSE, FIN | ACK, 5, 5, 0, "close() from TCP server" },
  { TRUE,  ACK,       5, 6, 0, NULL },
  { TRUE,  FIN | ACK, 5, 6, 0, "close() from TCP client 2" },
  { FALSE, ACK,       6, 6, 0, NULL },
};

/* Two datagrams, one per family. 2 packets. */
static void
add_datagrams (SpPcapng *pcapng)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sp_pcapng_udp (pcapng, T0 + 2000, "127.0.0.1:5005", "127.0.0.1:9999",
                                (const guint8 *) "dgram " SUCCESS, 6 + strlen (SUCCESS),
                                "sendto() #1 from UDP socket 1", &error));
  g_assert_no_error (error);
  g_assert_true (sp_pcapng_udp (pcapng, T0 + 2100, "[::1]:9999", "[::1]:5005",
                                (const guint8 *) "reply", 5, NULL, &error));
  g_assert_no_error (error);
}

#define N_SAMPLE_PACKETS (G_N_ELEMENTS (ipv4_conversation) + G_N_ELEMENTS (ipv6_conversation) + 2)

static GBytes *
sample_capture (GBytes *big)
{
  g_autoptr(SpPcapng) pcapng = sp_pcapng_new ();

  add_ipv4_conversation (pcapng, big);
  add_ipv6_conversation (pcapng);
  add_datagrams (pcapng);

  return sp_pcapng_finish (pcapng);
}

/* Structural tests */

static void
test_empty (void)
{
  g_autoptr(SpPcapng) pcapng = sp_pcapng_new ();
  g_autoptr(GBytes) first = sp_pcapng_finish (pcapng);
  g_autoptr(GBytes) second = sp_pcapng_finish (pcapng);
  g_autoptr(GPtrArray) packets = parse_capture (first);

  g_assert_cmpuint (packets->len, ==, 0);
  g_assert_true (g_bytes_equal (first, second));
}

/* One datagram's block, byte for byte (computed independently, and
 * accepted by Wireshark): 192.0.2.1:5005 → 198.51.100.7:53 "hi!". */
static void
test_udp_exact (void)
{
  static const guint8 expected[] = {
    /* EPB: type 6, length 80, interface 0, timestamp 1700000000123456 µs */
    0x06, 0x00, 0x00, 0x00, 0x50, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x24, 0x0a, 0x06, 0x00, 0x40, 0x22, 0x20, 0x18,
    /* captured and original length 31 */
    0x1f, 0x00, 0x00, 0x00, 0x1f, 0x00, 0x00, 0x00,
    /* IPv4: length 31, id 1, DF, TTL 64, UDP, checksum 0x4e91 */
    0x45, 0x00, 0x00, 0x1f, 0x00, 0x01, 0x40, 0x00, 0x40, 0x11, 0x4e, 0x91,
    0xc0, 0x00, 0x02, 0x01, 0xc6, 0x33, 0x64, 0x07,
    /* UDP: 5005 → 53, length 11, checksum 0x7670, "hi!", one byte padding */
    0x13, 0x8d, 0x00, 0x35, 0x00, 0x0b, 0x76, 0x70, 0x68, 0x69, 0x21, 0x00,
    /* opt_comment, 6 bytes "连接", padding, opt_endofopt */
    0x01, 0x00, 0x06, 0x00, 0xe8, 0xbf, 0x9e, 0xe6, 0x8e, 0xa5, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00,
    /* block length again */
    0x50, 0x00, 0x00, 0x00,
  };
  g_autoptr(SpPcapng) pcapng = sp_pcapng_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) file = NULL;
  g_autoptr(GPtrArray) packets = NULL;
  const Packet *packet;
  gsize size;
  const guint8 *data;

  g_assert_true (sp_pcapng_udp (pcapng, G_GUINT64_CONSTANT (1700000000123456),
                                "192.0.2.1:5005", "198.51.100.7:53",
                                (const guint8 *) "hi!", 3, "连接", &error));
  g_assert_no_error (error);
  file = sp_pcapng_finish (pcapng);
  packets = parse_capture (file);
  g_assert_cmpuint (packets->len, ==, 1);
  packet = packets->pdata[0];
  g_assert_cmpuint (packet->time_us, ==, G_GUINT64_CONSTANT (1700000000123456));

  data = g_bytes_get_data (file, &size);
  g_assert_cmpmem (data + packet->offset, packet->block_len, expected, sizeof expected);
  g_assert_cmpuint (packet->offset + packet->block_len, ==, size);
}

static void
test_tcp_ipv4 (void)
{
  g_autoptr(SpPcapng) pcapng = sp_pcapng_new ();
  g_autoptr(GBytes) big = big_payload ();
  g_autoptr(GBytes) file = NULL;
  g_autoptr(GPtrArray) packets = NULL;
  g_autoptr(GByteArray) client = g_byte_array_new ();
  g_autoptr(GByteArray) server = g_byte_array_new ();
  static const guint64 times[] = { 0, 0, 0, 100, 200, 300, 300, 400, 400, 500, 500 };

  add_ipv4_conversation (pcapng, big);
  file = sp_pcapng_finish (pcapng);
  packets = parse_capture (file);
  g_assert_cmpuint (packets->len, ==, G_N_ELEMENTS (ipv4_conversation));
  check_tcp (packets, 0, ipv4_conversation, G_N_ELEMENTS (ipv4_conversation),
             loopback4, 53422, loopback4, 8080, client, server);

  g_assert_cmpmem (client->data, client->len, "hello, world", 12);
  g_assert_cmpmem (server->data, server->len, g_bytes_get_data (big, NULL), BIG_LEN);

  for (guint i = 0; i < packets->len; i++)
    {
      const Packet *packet = packets->pdata[i];
      Decoded d;

      decode (packet, &d);
      g_assert_false (d.is_ipv6);
      g_assert_cmpuint (d.ipv4_id, ==, i + 1);
      g_assert_cmpuint (packet->time_us, ==, T0 + times[i]);
    }
}

static void
test_tcp_ipv6 (void)
{
  g_autoptr(SpPcapng) pcapng = sp_pcapng_new ();
  g_autoptr(GBytes) file = NULL;
  g_autoptr(GPtrArray) packets = NULL;
  g_autoptr(GByteArray) client = g_byte_array_new ();
  g_autoptr(GByteArray) server = g_byte_array_new ();

  add_ipv6_conversation (pcapng);
  file = sp_pcapng_finish (pcapng);
  packets = parse_capture (file);
  g_assert_cmpuint (packets->len, ==, G_N_ELEMENTS (ipv6_conversation));
  check_tcp (packets, 0, ipv6_conversation, G_N_ELEMENTS (ipv6_conversation),
             loopback6, 40000, loopback6, 8081, client, server);

  g_assert_cmpmem (client->data, client->len, "ping", 4);
  g_assert_cmpmem (server->data, server->len, "pong", 4);
}

/* Segments are cut at 65000 bytes exactly; a zero-byte send() puts
 * nothing on the wire. */
static void
test_tcp_segments (void)
{
  g_autoptr(SpPcapng) pcapng = sp_pcapng_new ();
  g_autoptr(GBytes) file = NULL;
  g_autoptr(GPtrArray) packets = NULL;
  g_autofree guint8 *data = g_malloc (2 * 65000 + 1);
  static const gsize sizes[] = { 65000, 65000, 1, 65000 };
  guint32 seq = 0;
  guint stream;

  for (gsize i = 0; i < 2 * 65000 + 1; i++)
    data[i] = i * 7;

  stream = sp_pcapng_tcp_open (pcapng, T0, "[2001:db8::1]:1234", "[2001:db8::2]:80", NULL);
  g_assert_cmpuint (stream, ==, 1);
  sp_pcapng_tcp_data (pcapng, stream, T0, TRUE, data, 2 * 65000 + 1, NULL);
  sp_pcapng_tcp_data (pcapng, stream, T0, TRUE, data, 0, "nothing");
  sp_pcapng_tcp_data (pcapng, stream, T0, TRUE, NULL, 0, "nothing");
  sp_pcapng_tcp_data (pcapng, stream, T0, TRUE, data, 65000, NULL);

  file = sp_pcapng_finish (pcapng);
  packets = parse_capture (file);
  g_assert_cmpuint (packets->len, ==, 3 + G_N_ELEMENTS (sizes));
  for (gsize i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      const Packet *packet = packets->pdata[3 + i];
      Decoded d;

      decode (packet, &d);
      g_assert_true (d.is_ipv6);
      g_assert_cmpuint (d.payload_len, ==, sizes[i]);
      g_assert_cmpuint (packet->len, ==, 40 + 20 + sizes[i]);
      if (i > 0)
        g_assert_cmpuint (d.seq, ==, seq);
      seq = d.seq + d.payload_len;
      g_assert_null (packet->comment);
    }
}

/* The same calls give the same file; other addresses other sequence
 * numbers. */
static void
test_deterministic (void)
{
  g_autoptr(GBytes) big = big_payload ();
  g_autoptr(GBytes) first = sample_capture (big);
  g_autoptr(GBytes) second = sample_capture (big);
  g_autoptr(SpPcapng) other = sp_pcapng_new ();
  g_autoptr(GBytes) other_file = NULL;
  g_autoptr(GPtrArray) packets = NULL;
  g_autoptr(GPtrArray) other_packets = NULL;
  Decoded a;
  Decoded b;

  g_assert_true (g_bytes_equal (first, second));

  g_assert_cmpuint (sp_pcapng_tcp_open (other, T0, "127.0.0.1:53423", "127.0.0.1:8080", NULL), ==, 1);
  g_assert_cmpuint (sp_pcapng_tcp_open (other, T0, "127.0.0.1:53422", "127.0.0.1:8080", NULL), ==, 2);
  other_file = sp_pcapng_finish (other);
  packets = parse_capture (first);
  other_packets = parse_capture (other_file);

  decode (packets->pdata[0], &a);
  decode (other_packets->pdata[0], &b);
  g_assert_cmpuint (a.seq, !=, b.seq);
  decode (other_packets->pdata[3], &b);
  g_assert_cmpuint (a.seq, ==, b.seq);
}

static void
test_sample (void)
{
  g_autoptr(GBytes) big = big_payload ();
  g_autoptr(GBytes) file = sample_capture (big);
  g_autoptr(GPtrArray) packets = parse_capture (file);
  g_autoptr(GByteArray) client = g_byte_array_new ();
  g_autoptr(GByteArray) server = g_byte_array_new ();
  guint n4 = G_N_ELEMENTS (ipv4_conversation);
  guint n6 = G_N_ELEMENTS (ipv6_conversation);
  const Packet *packet;
  Decoded d;

  g_assert_cmpuint (packets->len, ==, N_SAMPLE_PACKETS);
  check_tcp (packets, 0, ipv4_conversation, n4, loopback4, 53422, loopback4, 8080, client, server);
  check_tcp (packets, n4, ipv6_conversation, n6, loopback6, 40000, loopback6, 8081, client, server);
  check_ipv4_ids (packets);
  /* Both conversations' bytes, one after the other */
  g_assert_cmpmem (client->data, client->len, "hello, worldping", 16);
  g_assert_cmpuint (server->len, ==, BIG_LEN + 4);
  g_assert_cmpmem (server->data, BIG_LEN, g_bytes_get_data (big, NULL), BIG_LEN);
  g_assert_cmpmem (server->data + BIG_LEN, 4, "pong", 4);

  packet = packets->pdata[n4 + n6];
  decode (packet, &d);
  g_assert_false (d.is_ipv6);
  g_assert_cmpuint (d.protocol, ==, 17);
  g_assert_cmpuint (d.ipv4_id, ==, n4 + 1);
  g_assert_cmpuint (d.source_port, ==, 5005);
  g_assert_cmpuint (d.destination_port, ==, 9999);
  g_assert_cmpmem (d.payload, d.payload_len, "dgram " SUCCESS, 6 + strlen (SUCCESS));
  g_assert_cmpstr (packet->comment, ==, "sendto() #1 from UDP socket 1");
  g_assert_cmpuint (packet->time_us, ==, T0 + 2000);

  packet = packets->pdata[n4 + n6 + 1];
  decode (packet, &d);
  g_assert_true (d.is_ipv6);
  g_assert_cmpuint (d.protocol, ==, 17);
  g_assert_cmpmem (d.source, 16, loopback6, 16);
  g_assert_cmpuint (d.source_port, ==, 9999);
  g_assert_cmpuint (d.destination_port, ==, 5005);
  g_assert_cmpmem (d.payload, d.payload_len, "reply", 5);
  g_assert_null (packet->comment);
}

static void
test_udp_limits (void)
{
  static const struct {
    const char *source;
    const char *destination;
    gsize       len;
    gboolean    ok;
  } cases[] = {
    { "10.0.0.1:1", "10.0.0.2:2", 0, TRUE },
    { "10.0.0.1:1", "10.0.0.2:2", 65507, TRUE },
    { "10.0.0.1:1", "10.0.0.2:2", 65508, FALSE },
    { "10.0.0.1:1", "10.0.0.2:2", 1000000, FALSE },
    { "[fe80::1]:1", "[fe80::2]:2", 0, TRUE },
    { "[fe80::1]:1", "[fe80::2]:2", 65527, TRUE },
    { "[fe80::1]:1", "[fe80::2]:2", 65528, FALSE },
  };
  g_autofree guint8 *data = g_malloc0 (1000000);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SpPcapng) pcapng = sp_pcapng_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) file = NULL;
      g_autoptr(GPtrArray) packets = NULL;
      gboolean ok;

      g_test_message ("%s → %s, %lu bytes", cases[i].source, cases[i].destination,
                      (gulong) cases[i].len);
      ok = sp_pcapng_udp (pcapng, T0, cases[i].source, cases[i].destination,
                          data, cases[i].len, NULL, &error);
      file = sp_pcapng_finish (pcapng);
      packets = parse_capture (file);

      if (cases[i].ok)
        {
          const Packet *packet;
          Decoded d;

          g_assert_no_error (error);
          g_assert_true (ok);
          g_assert_cmpuint (packets->len, ==, 1);
          packet = packets->pdata[0];
          decode (packet, &d);
          g_assert_cmpuint (d.payload_len, ==, cases[i].len);
          g_assert_cmpuint (packet->len, ==, (d.is_ipv6 ? 40 : 20) + 8 + cases[i].len);
        }
      else
        {
          g_assert_error (error, SP_PCAPNG_ERROR, SP_PCAPNG_ERROR_TOO_LARGE);
          g_assert_false (ok);
          g_assert_cmpuint (packets->len, ==, 0);
        }
    }
}

static void
test_invalid_addresses (void)
{
  static const char * const invalid[] = {
    "",
    "127.0.0.1",
    "127.0.0.1:",
    "127.0.0.1:65536",
    "127.0.0.1:99999999999999999999",
    "127.0.0.1:-1",
    "127.0.0.1:+80",
    "127.0.0.1:0x50",
    "127.0.0.1: 80",
    "127.0.0.1:80 ",
    "127.0.0.1:80:80",
    "1.2.3:80",
    "localhost:80",
    ":80",
    "::1:80",
    "::1",
    "[::1]",
    "[::1]:",
    "[::1]80",
    "[::1]:80x",
    "[127.0.0.1]:80",
    "[localhost]:80",
    "[::1:80",
    "[]:80",
  };
  static const char * const valid_ipv4 = "127.0.0.1:80";
  static const char * const valid_ipv6 = "[::1]:80";

  for (gsize i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(SpPcapng) pcapng = sp_pcapng_new ();
      g_autoptr(GBytes) file = NULL;
      g_autoptr(GPtrArray) packets = NULL;
      const char *valid = strchr (invalid[i], '[') != NULL ? valid_ipv6 : valid_ipv4;

      g_test_message ("“%s”", invalid[i]);
      for (int order = 0; order < 2; order++)
        {
          g_autoptr(GError) tcp_error = NULL;
          g_autoptr(GError) udp_error = NULL;
          const char *first = order == 0 ? invalid[i] : valid;
          const char *second = order == 0 ? valid : invalid[i];

          g_assert_cmpuint (sp_pcapng_tcp_open (pcapng, T0, first, second, &tcp_error), ==, 0);
          g_assert_error (tcp_error, SP_PCAPNG_ERROR, SP_PCAPNG_ERROR_INVALID_ADDRESS);
          g_assert_nonnull (strstr (tcp_error->message, invalid[i]));
          g_assert_false (sp_pcapng_udp (pcapng, T0, first, second, NULL, 0, NULL, &udp_error));
          g_assert_error (udp_error, SP_PCAPNG_ERROR, SP_PCAPNG_ERROR_INVALID_ADDRESS);
        }

      file = sp_pcapng_finish (pcapng);
      packets = parse_capture (file);
      g_assert_cmpuint (packets->len, ==, 0);
    }
}

static void
test_families (void)
{
  g_autoptr(SpPcapng) pcapng = sp_pcapng_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) file = NULL;
  g_autoptr(GPtrArray) packets = NULL;
  g_autoptr(GByteArray) client = g_byte_array_new ();
  g_autoptr(GByteArray) server = g_byte_array_new ();
  static const guint8 ten[4] = { 10, 1, 2, 3 };
  static const ExpectedSegment handshake[] = {
    { TRUE,  SYN,       0, 0, 0, NULL },
    { FALSE, SYN | ACK, 0, 1, 0, NULL },
    { TRUE,  ACK,       1, 1, 0, NULL },
  };
  Decoded d;

  g_assert_cmpuint (sp_pcapng_tcp_open (pcapng, T0, "127.0.0.1:1", "[::1]:2", &error), ==, 0);
  g_assert_error (error, SP_PCAPNG_ERROR, SP_PCAPNG_ERROR_MIXED_FAMILIES);
  g_clear_error (&error);
  g_assert_false (sp_pcapng_udp (pcapng, T0, "[::1]:2", "127.0.0.1:1", NULL, 0, NULL, &error));
  g_assert_error (error, SP_PCAPNG_ERROR, SP_PCAPNG_ERROR_MIXED_FAMILIES);
  g_clear_error (&error);

  /* An IPv4-mapped address meets a plain IPv4 one: IPv4 on the wire */
  g_assert_cmpuint (sp_pcapng_tcp_open (pcapng, T0, "[::ffff:10.1.2.3]:40000", "127.0.0.1:8080", &error), ==, 1);
  g_assert_no_error (error);
  g_assert_true (sp_pcapng_udp (pcapng, T0, "[::ffff:127.0.0.1]:1", "[::1]:2", NULL, 0, NULL, &error));
  g_assert_no_error (error);

  file = sp_pcapng_finish (pcapng);
  packets = parse_capture (file);
  g_assert_cmpuint (packets->len, ==, 4);
  check_tcp (packets, 0, handshake, G_N_ELEMENTS (handshake), ten, 40000, loopback4, 8080, client, server);
  /* Both IPv6, so the mapped address stays as it was written */
  decode (packets->pdata[3], &d);
  g_assert_true (d.is_ipv6);
  g_assert_cmphex (d.source[10], ==, 0xff);
  g_assert_cmphex (d.source[15], ==, 1);
}

static void
test_comments (void)
{
  g_autoptr(SpPcapng) pcapng = sp_pcapng_new ();
  g_autoptr(GBytes) file = NULL;
  g_autoptr(GPtrArray) packets = NULL;
  static const char * const comments[] = { NULL, "", "a", "ab", "abc", "abcd", "abcde", "é" };
  guint stream;

  stream = sp_pcapng_tcp_open (pcapng, T0, "127.0.0.1:1", "127.0.0.1:2", NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (comments); i++)
    sp_pcapng_tcp_data (pcapng, stream, T0, TRUE, (const guint8 *) "x", 1, comments[i]);
  /* Not UTF-8: written with U+FFFD instead, so readers can show it */
  sp_pcapng_tcp_data (pcapng, stream, T0, TRUE, (const guint8 *) "x", 1, "bad \xff byte");

  file = sp_pcapng_finish (pcapng);
  packets = parse_capture (file);
  g_assert_cmpuint (packets->len, ==, 3 + G_N_ELEMENTS (comments) + 1);
  for (gsize i = 0; i < G_N_ELEMENTS (comments); i++)
    {
      const Packet *packet = packets->pdata[3 + i];

      g_assert_cmpstr (packet->comment, ==, comments[i]);
      /* 28 header bytes, 41 bytes of packet padded to 44, the option with
       * its padding and the end marker, the trailing length */
      if (comments[i] == NULL)
        g_assert_cmpuint (packet->block_len, ==, 28 + 44 + 4);
      else
        g_assert_cmpuint (packet->block_len, ==,
                          28 + 44 + 4 + (strlen (comments[i]) + 3) / 4 * 4 + 4 + 4);
    }
  g_assert_cmpstr (((Packet *) packets->pdata[3 + G_N_ELEMENTS (comments)])->comment, ==,
                   "bad \xef\xbf\xbd byte");
}

/* Misuse is a programming error: a critical, and nothing written. */
static void
test_misuse (void)
{
  g_autoptr(SpPcapng) pcapng = sp_pcapng_new ();
  g_autoptr(GBytes) file = NULL;
  g_autoptr(GPtrArray) packets = NULL;
  guint stream;

  stream = sp_pcapng_tcp_open (pcapng, T0, "127.0.0.1:1", "127.0.0.1:2", NULL);
  sp_pcapng_tcp_close (pcapng, stream, T0, TRUE, NULL);

  g_test_expect_message ("sp-core", G_LOG_LEVEL_CRITICAL, "*closed*");
  sp_pcapng_tcp_data (pcapng, stream, T0, TRUE, (const guint8 *) "x", 1, NULL);
  g_test_assert_expected_messages ();
  g_test_expect_message ("sp-core", G_LOG_LEVEL_CRITICAL, "*closed*");
  sp_pcapng_tcp_close (pcapng, stream, T0, TRUE, NULL);
  g_test_assert_expected_messages ();
  g_test_expect_message ("sp-core", G_LOG_LEVEL_CRITICAL, "*!= NULL*");
  sp_pcapng_tcp_data (pcapng, 0, T0, TRUE, (const guint8 *) "x", 1, NULL);
  g_test_assert_expected_messages ();
  g_test_expect_message ("sp-core", G_LOG_LEVEL_CRITICAL, "*!= NULL*");
  sp_pcapng_tcp_close (pcapng, stream + 1, T0, TRUE, NULL);
  g_test_assert_expected_messages ();

  /* The other side can still talk */
  sp_pcapng_tcp_data (pcapng, stream, T0, FALSE, (const guint8 *) "x", 1, NULL);

  file = sp_pcapng_finish (pcapng);
  packets = parse_capture (file);
  g_assert_cmpuint (packets->len, ==, 3 + 2 + 1);
}

/* tshark */

typedef struct {
  char   *tshark;
  char   *path;
  GBytes *big;
} Capture;

static char *
hex (const guint8 *data,
     gsize         len)
{
  GString *string = g_string_sized_new (len * 2);

  for (gsize i = 0; i < len; i++)
    g_string_append_printf (string, "%02x", data[i]);

  return g_string_free (string, FALSE);
}

/* Runs "tshark -n -r @path @args..." and returns its output, or NULL with
 * @error when it could not run or failed. */
static char *
tshark_run (const char          *tshark,
            const char          *path,
            const char * const  *args,
            GError             **error)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  g_ptr_array_add (argv, (char *) tshark);
  g_ptr_array_add (argv, (char *) "-n");
  g_ptr_array_add (argv, (char *) "-r");
  g_ptr_array_add (argv, (char *) path);
  /* Explicitly, whatever the user's preferences say */
  g_ptr_array_add (argv, (char *) "-o");
  g_ptr_array_add (argv, (char *) "tcp.analyze_sequence_numbers:TRUE");
  for (; *args != NULL; args++)
    g_ptr_array_add (argv, (char *) *args);
  g_ptr_array_add (argv, NULL);

  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                     &out, &err, &status, error))
    return NULL;
  if (!g_spawn_check_wait_status (status, error))
    {
      g_prefix_error (error, "%s: ", err);
      return NULL;
    }

  return g_steal_pointer (&out);
}

static char *
tshark_run_checked (const Capture      *capture,
                    const char * const *args)
{
  g_autoptr(GError) error = NULL;
  char *out = tshark_run (capture->tshark, capture->path, args, &error);

  g_assert_no_error (error);
  return out;
}

/* Output lines, without the empty string after the last newline. */
static GStrv
lines (const char *out)
{
  g_autofree char *copy = g_strdup (out);
  gsize len = strlen (copy);

  g_assert_true (len == 0 || copy[len - 1] == '\n');
  if (len > 0)
    copy[len - 1] = '\0';

  return len == 0 ? g_new0 (char *, 1) : g_strsplit (copy, "\n", -1);
}

static void
write_capture (Capture *capture,
               GBytes  *file)
{
  g_autoptr(GError) error = NULL;
  int fd;

  fd = g_file_open_tmp ("sp-pcapng-XXXXXX.pcapng", &capture->path, &error);
  g_assert_no_error (error);
  g_close (fd, NULL);
  g_file_set_contents (capture->path, g_bytes_get_data (file, NULL),
                       g_bytes_get_size (file), &error);
  g_assert_no_error (error);
}

static gboolean
capture_setup (Capture *capture)
{
  g_autoptr(GBytes) file = NULL;

  capture->tshark = g_find_program_in_path ("tshark");
  if (capture->tshark == NULL)
    {
      g_test_skip ("tshark is not installed");
      return FALSE;
    }

  capture->big = big_payload ();
  file = sample_capture (capture->big);
  write_capture (capture, file);

  return TRUE;
}

static void
capture_clear (Capture *capture)
{
  if (capture->path != NULL)
    g_unlink (capture->path);
  g_clear_pointer (&capture->path, g_free);
  g_clear_pointer (&capture->tshark, g_free);
  g_clear_pointer (&capture->big, g_bytes_unref);
}

/* "Follow TCP Stream", raw: the two endpoints, then one line of hex per
 * segment, the server's indented by a tab. */
static void
check_follow (const Capture *capture,
              guint          stream_index,
              const char    *client,
              const char    *server,
              const guint8  *client_data,
              gsize          client_len,
              const guint8  *server_data,
              gsize          server_len)
{
  g_autofree char *filter = g_strdup_printf ("follow,tcp,raw,%u", stream_index);
  const char * const args[] = { "-q", "-z", filter, NULL };
  g_autofree char *out = tshark_run_checked (capture, args);
  g_auto(GStrv) output = lines (out);
  g_autofree char *node0 = g_strdup_printf ("Node 0: %s", client);
  g_autofree char *node1 = g_strdup_printf ("Node 1: %s", server);
  g_autoptr(GString) client_hex = g_string_new ("");
  g_autoptr(GString) server_hex = g_string_new ("");
  g_autofree char *expected_client = hex (client_data, client_len);
  g_autofree char *expected_server = hex (server_data, server_len);
  guint i = 0;

  while (output[i] != NULL && !g_str_has_prefix (output[i], "Node 0: "))
    i++;
  g_assert_cmpstr (output[i], ==, node0);
  g_assert_cmpstr (output[i + 1], ==, node1);
  for (i += 2; output[i] != NULL && !g_str_has_prefix (output[i], "====="); i++)
    {
      const char *line = output[i];

      if (line[0] == '\t')
        g_string_append (server_hex, line + 1);
      else
        g_string_append (client_hex, line);
    }
  g_assert_nonnull (output[i]);
  g_assert_null (output[i + 1]);

  g_assert_cmpuint (client_hex->len, ==, 2 * client_len);
  g_assert_cmpstr (client_hex->str, ==, expected_client);
  g_assert_cmpuint (server_hex->len, ==, 2 * server_len);
  g_assert_cmpstr (server_hex->str, ==, expected_server);
}

static void
test_tshark_follow (void)
{
  Capture capture = { 0 };
  const guint8 *big;

  if (!capture_setup (&capture))
    return;

  big = g_bytes_get_data (capture.big, NULL);
  check_follow (&capture, 0, "127.0.0.1:53422", "127.0.0.1:8080",
                (const guint8 *) "hello, world", 12, big, BIG_LEN);
  check_follow (&capture, 1, "[::1]:40000", "[::1]:8081",
                (const guint8 *) "ping", 4, (const guint8 *) "pong", 4);
  /* The last bytes of the big payload, as sent */
  g_assert_cmpmem (big + BIG_LEN - strlen (SUCCESS), strlen (SUCCESS), SUCCESS, strlen (SUCCESS));

  capture_clear (&capture);
}

static void
test_tshark_packets (void)
{
  Capture capture = { 0 };
  const char * const no_args[] = { NULL };
  const char * const numbers_args[] = { "-T", "fields", "-e", "frame.number", "-e", "frame.protocols", NULL };
  g_autofree char *summary = NULL;
  g_autofree char *numbers = NULL;
  g_auto(GStrv) summary_lines = NULL;
  g_auto(GStrv) number_lines = NULL;

  if (!capture_setup (&capture))
    return;

  summary = tshark_run_checked (&capture, no_args);
  summary_lines = lines (summary);
  g_assert_cmpuint (g_strv_length (summary_lines), ==, N_SAMPLE_PACKETS);

  numbers = tshark_run_checked (&capture, numbers_args);
  number_lines = lines (numbers);
  g_assert_cmpuint (g_strv_length (number_lines), ==, N_SAMPLE_PACKETS);
  for (guint i = 0; i < N_SAMPLE_PACKETS; i++)
    {
      g_auto(GStrv) fields = g_strsplit (number_lines[i], "\t", -1);
      g_autofree char *number = g_strdup_printf ("%u", i + 1);
      gboolean ipv6 = i >= G_N_ELEMENTS (ipv4_conversation) && i != N_SAMPLE_PACKETS - 2;
      gboolean udp = i >= N_SAMPLE_PACKETS - 2;
      const char *prefix = ipv6 ? (udp ? "raw:ipv6:udp" : "raw:ipv6:tcp")
                                : (udp ? "raw:ip:udp" : "raw:ip:tcp");

      g_assert_cmpuint (g_strv_length (fields), ==, 2);
      g_assert_cmpstr (fields[0], ==, number);
      g_test_message ("frame %s: %s", fields[0], fields[1]);
      g_assert_true (g_str_has_prefix (fields[1], prefix));
    }

  capture_clear (&capture);
}

static void
test_tshark_comments (void)
{
  Capture capture = { 0 };
  const char * const frame_comment[] = { "-T", "fields", "-e", "frame.comment", NULL };
  const char * const pkt_comment[] = { "-T", "fields", "-e", "pkt_comment", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) output = NULL;
  guint n4 = G_N_ELEMENTS (ipv4_conversation);
  guint n6 = G_N_ELEMENTS (ipv6_conversation);

  if (!capture_setup (&capture))
    return;

  /* Wireshark 3.6 and later call the field frame.comment, older ones
   * pkt_comment; an unknown field makes tshark fail. */
  out = tshark_run (capture.tshark, capture.path, frame_comment, &error);
  if (out == NULL)
    {
      g_test_message ("frame.comment: %s; trying pkt_comment", error->message);
      g_clear_error (&error);
      out = tshark_run_checked (&capture, pkt_comment);
    }

  output = lines (out);
  g_assert_cmpuint (g_strv_length (output), ==, N_SAMPLE_PACKETS);
  for (guint i = 0; i < n4; i++)
    g_assert_cmpstr (output[i], ==, ipv4_conversation[i].comment ? ipv4_conversation[i].comment : "");
  for (guint i = 0; i < n6; i++)
    g_assert_cmpstr (output[n4 + i], ==, ipv6_conversation[i].comment ? ipv6_conversation[i].comment : "");
  g_assert_cmpstr (output[n4 + n6], ==, "sendto() #1 from UDP socket 1");
  g_assert_cmpstr (output[n4 + n6 + 1], ==, "");

  capture_clear (&capture);
}

static const char * const analysis_args[] = {
  "-Y", "tcp.analysis.flags", "-T", "fields", "-e", "frame.number", NULL,
};

/* checksum.status: 0 is Bad, 1 Good, 2 Unverified (what is left when
 * checking is off). */
static const char * const bad_checksum_args[] = {
  "-o", "ip.check_checksum:TRUE",
  "-o", "tcp.check_checksum:TRUE",
  "-o", "udp.check_checksum:TRUE",
  "-Y", "ip.checksum.status==0 || tcp.checksum.status==0 || udp.checksum.status==0",
  "-T", "fields", "-e", "frame.number",
  NULL,
};

static const char * const good_checksum_args[] = {
  "-o", "ip.check_checksum:TRUE",
  "-o", "tcp.check_checksum:TRUE",
  "-o", "udp.check_checksum:TRUE",
  "-Y", "(ip and ip.checksum.status!=1) || (tcp and tcp.checksum.status!=1) || (udp and udp.checksum.status!=1)",
  "-T", "fields", "-e", "frame.number",
  NULL,
};

/* No retransmissions, lost segments, unseen ACKs...: seq and ack agree
 * throughout. Every checksum verified and good. */
static void
test_tshark_analysis (void)
{
  Capture capture = { 0 };
  g_autofree char *analysis = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *not_good = NULL;

  if (!capture_setup (&capture))
    return;

  analysis = tshark_run_checked (&capture, analysis_args);
  g_assert_cmpstr (analysis, ==, "");
  bad = tshark_run_checked (&capture, bad_checksum_args);
  g_assert_cmpstr (bad, ==, "");
  not_good = tshark_run_checked (&capture, good_checksum_args);
  g_assert_cmpstr (not_good, ==, "");

  capture_clear (&capture);
}

/* The same checks find a retransmitted segment and a damaged datagram:
 * they can fail. */
static void
test_tshark_negative_control (void)
{
  Capture capture = { 0 };
  g_autoptr(GBytes) big = NULL;
  g_autoptr(GBytes) file = NULL;
  g_autoptr(GPtrArray) packets = NULL;
  g_autoptr(GByteArray) damaged = g_byte_array_new ();
  g_autofree char *analysis = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *not_good = NULL;
  g_autofree char *expected_bad = NULL;
  const guint8 *data;
  const Packet *world;
  const Packet *datagram;
  gsize datagram_offset;

  capture.tshark = g_find_program_in_path ("tshark");
  if (capture.tshark == NULL)
    {
      g_test_skip ("tshark is not installed");
      return;
    }

  big = big_payload ();
  file = sample_capture (big);
  data = g_bytes_get_data (file, NULL);
  packets = parse_capture (file);
  world = packets->pdata[4];          /* "world", frame 5 */
  datagram = packets->pdata[N_SAMPLE_PACKETS - 2];

  /* Frame 5 twice, so frame 6 is a retransmission */
  g_byte_array_append (damaged, data, world->offset + world->block_len);
  g_byte_array_append (damaged, data + world->offset, world->block_len);
  datagram_offset = damaged->len + datagram->offset - (world->offset + world->block_len);
  g_byte_array_append (damaged, data + world->offset + world->block_len,
                       g_bytes_get_size (file) - (world->offset + world->block_len));
  /* One payload bit flipped in the IPv4 datagram, frame N + 1 now */
  damaged->data[datagram_offset + 28 + 20 + 8] ^= 0x01;

  {
    g_autoptr(GBytes) damaged_file = g_byte_array_free_to_bytes (g_steal_pointer (&damaged));

    write_capture (&capture, damaged_file);
  }

  analysis = tshark_run_checked (&capture, analysis_args);
  g_assert_cmpstr (analysis, ==, "6\n");
  expected_bad = g_strdup_printf ("%u\n", (guint) N_SAMPLE_PACKETS);
  bad = tshark_run_checked (&capture, bad_checksum_args);
  g_assert_cmpstr (bad, ==, expected_bad);
  not_good = tshark_run_checked (&capture, good_checksum_args);
  g_assert_cmpstr (not_good, ==, expected_bad);

  capture_clear (&capture);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pcapng/empty", test_empty);
  g_test_add_func ("/pcapng/udp/exact", test_udp_exact);
  g_test_add_func ("/pcapng/udp/limits", test_udp_limits);
  g_test_add_func ("/pcapng/tcp/ipv4", test_tcp_ipv4);
  g_test_add_func ("/pcapng/tcp/ipv6", test_tcp_ipv6);
  g_test_add_func ("/pcapng/tcp/segments", test_tcp_segments);
  g_test_add_func ("/pcapng/deterministic", test_deterministic);
  g_test_add_func ("/pcapng/sample", test_sample);
  g_test_add_func ("/pcapng/address/invalid", test_invalid_addresses);
  g_test_add_func ("/pcapng/address/families", test_families);
  g_test_add_func ("/pcapng/comments", test_comments);
  g_test_add_func ("/pcapng/misuse", test_misuse);
  g_test_add_func ("/pcapng/tshark/follow", test_tshark_follow);
  g_test_add_func ("/pcapng/tshark/packets", test_tshark_packets);
  g_test_add_func ("/pcapng/tshark/comments", test_tshark_comments);
  g_test_add_func ("/pcapng/tshark/analysis", test_tshark_analysis);
  g_test_add_func ("/pcapng/tshark/negative-control", test_tshark_negative_control);

  return g_test_run ();
}
