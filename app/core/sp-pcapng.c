/* sp-pcapng.c: a pcapng capture synthesised from what the sockets did
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "sp-pcapng.h"
#include "sp-user-text.h"

G_DEFINE_QUARK (sp-pcapng-error, sp_pcapng_error)

/* pcapng (draft-ietf-opsawg-pcapng) block types and option codes */
#define BLOCK_SECTION_HEADER      0x0A0D0D0Au
#define BLOCK_INTERFACE           0x00000001u
#define BLOCK_ENHANCED_PACKET     0x00000006u
#define BYTE_ORDER_MAGIC          0x1A2B3C4Du
#define OPT_ENDOFOPT              0
#define OPT_COMMENT               1
#define OPT_SHB_USERAPPL          4
#define LINKTYPE_RAW              101
#define SNAPLEN                   262144

#define IPPROTO_TCP_NUMBER        6
#define IPPROTO_UDP_NUMBER        17
#define HOP_LIMIT                 64
#define IPV4_HEADER_LEN           20
#define IPV6_HEADER_LEN           40
#define TCP_HEADER_LEN            20
#define UDP_HEADER_LEN            8
#define TCP_CHECKSUM_OFFSET       16
#define UDP_CHECKSUM_OFFSET       6
#define TCP_WINDOW                65535

#define TCP_FIN                   0x01
#define TCP_SYN                   0x02
#define TCP_PSH                   0x08
#define TCP_ACK                   0x10

typedef struct {
  gboolean is_ipv6;
  guint8   bytes[16];     /* IPv4 uses the first 4 */
  guint16  port;
} Address;

/* Sides of a TCP stream, as indexes into its arrays */
enum { CLIENT, SERVER };

typedef struct {
  Address  address[2];
  guint32  next_seq[2];   /* the sequence number the side's next byte gets */
  gboolean closed[2];     /* the side sent its FIN */
} Stream;

struct _SpPcapng {
  GArray     *streams;    /* Stream; handle n is index n - 1 */
  GByteArray *blocks;     /* the Enhanced Packet Blocks so far */
  GByteArray *packet;     /* scratch space for the packet being built */
  guint16     ipv4_id;
};

SpPcapng *
sp_pcapng_new (void)
{
  SpPcapng *self = g_new0 (SpPcapng, 1);

  self->streams = g_array_new (FALSE, TRUE, sizeof (Stream));
  self->blocks = g_byte_array_new ();
  self->packet = g_byte_array_new ();

  return self;
}

void
sp_pcapng_free (SpPcapng *self)
{
  if (self == NULL)
    return;

  g_array_unref (self->streams);
  g_byte_array_unref (self->blocks);
  g_byte_array_unref (self->packet);
  g_free (self);
}

/* Addresses */

static gboolean
parse_port (const char *text,
            guint16    *out_port)
{
  guint64 value;

  if (!sp_user_text_parse_uint (text, 0, G_MAXUINT16, &value))
    return FALSE;

  *out_port = value;
  return TRUE;
}

static gboolean
parse_address (const char  *text,
               Address     *out,
               GError     **error)
{
  g_autofree char *host = NULL;
  g_autoptr(GInetAddress) inet = NULL;
  const char *port = NULL;
  gboolean ok = FALSE;

  memset (out, 0, sizeof *out);

  if (text[0] == '[')
    {
      const char *close = strchr (text, ']');

      if (close != NULL && close[1] == ':')
        {
          host = g_strndup (text + 1, close - text - 1);
          port = close + 2;
          inet = g_inet_address_new_from_string (host);
          ok = inet != NULL && g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6;
        }
    }
  else
    {
      const char *colon = strchr (text, ':');

      /* Without brackets only IPv4 fits: an IPv6 address has colons of
       * its own, and the port would be ambiguous. */
      if (colon != NULL)
        {
          host = g_strndup (text, colon - text);
          port = colon + 1;
          inet = g_inet_address_new_from_string (host);
          ok = inet != NULL && g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV4;
        }
    }

  if (ok)
    ok = parse_port (port, &out->port);

  if (!ok)
    {
      g_set_error (error, SP_PCAPNG_ERROR, SP_PCAPNG_ERROR_INVALID_ADDRESS,
                   _("“%s” is not an address with a port, such as 127.0.0.1:8080 or [::1]:8080"),
                   text);
      return FALSE;
    }

  out->is_ipv6 = g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6;
  memcpy (out->bytes, g_inet_address_to_bytes (inet), g_inet_address_get_native_size (inet));

  return TRUE;
}

/* A dual-stack server socket sees an IPv4 client as ::ffff:a.b.c.d, while
 * the client saw its plain IPv4 address; on the wire both are IPv4. */
static void
unmap_ipv4 (Address *address)
{
  static const guint8 prefix[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

  if (address->is_ipv6 && memcmp (address->bytes, prefix, sizeof prefix) == 0)
    {
      memmove (address->bytes, address->bytes + 12, 4);
      memset (address->bytes + 4, 0, 12);
      address->is_ipv6 = FALSE;
    }
}

static gboolean
parse_pair (const char  *first,
            const char  *second,
            Address     *out_first,
            Address     *out_second,
            GError     **error)
{
  if (!parse_address (first, out_first, error) ||
      !parse_address (second, out_second, error))
    return FALSE;

  if (out_first->is_ipv6 != out_second->is_ipv6)
    {
      unmap_ipv4 (out_first);
      unmap_ipv4 (out_second);
    }

  if (out_first->is_ipv6 != out_second->is_ipv6)
    {
      g_set_error (error, SP_PCAPNG_ERROR, SP_PCAPNG_ERROR_MIXED_FAMILIES,
                   _("%s and %s cannot talk to each other: one is IPv4, the other IPv6"),
                   first, second);
      return FALSE;
    }

  return TRUE;
}

static gsize
address_len (const Address *address)
{
  return address->is_ipv6 ? 16 : 4;
}

/* FNV-1a: the initial sequence numbers only need to look arbitrary and be
 * the same every time the same two endpoints meet. */
static guint32
fnv1a (guint32       hash,
       const guint8 *data,
       gsize         len)
{
  for (gsize i = 0; i < len; i++)
    {
      hash ^= data[i];
      hash *= 16777619u;
    }

  return hash;
}

static guint32
initial_seq (const Address *from,
             const Address *to)
{
  guint32 hash = 2166136261u;
  guint8 ports[4] = { from->port >> 8, from->port & 0xff, to->port >> 8, to->port & 0xff };

  hash = fnv1a (hash, from->bytes, address_len (from));
  hash = fnv1a (hash, to->bytes, address_len (to));
  hash = fnv1a (hash, ports, sizeof ports);

  return hash;
}

/* Byte order helpers */

static void
put_be16 (guint8  *p,
          guint16  value)
{
  p[0] = value >> 8;
  p[1] = value & 0xff;
}

static void
put_be32 (guint8  *p,
          guint32  value)
{
  put_be16 (p, value >> 16);
  put_be16 (p + 2, value & 0xffff);
}

static void
append_le16 (GByteArray *array,
             guint16     value)
{
  guint16 le = GUINT16_TO_LE (value);

  g_byte_array_append (array, (const guint8 *) &le, sizeof le);
}

static void
append_le32 (GByteArray *array,
             guint32     value)
{
  guint32 le = GUINT32_TO_LE (value);

  g_byte_array_append (array, (const guint8 *) &le, sizeof le);
}

static void
append_padding (GByteArray *array)
{
  static const guint8 zeros[3] = { 0 };

  g_byte_array_append (array, zeros, (4 - array->len % 4) % 4);
}

static void
set_le32 (GByteArray *array,
          gsize       offset,
          guint32     value)
{
  guint32 le = GUINT32_TO_LE (value);

  memcpy (array->data + offset, &le, sizeof le);
}

/* The Internet checksum (RFC 1071). Sums of 16-bit words in network order;
 * only the last piece summed may have an odd length. */
static guint64
checksum_add (guint64       sum,
              const guint8 *data,
              gsize         len)
{
  gsize i;

  for (i = 0; i + 1 < len; i += 2)
    sum += (data[i] << 8) | data[i + 1];
  if (i < len)
    sum += data[i] << 8;

  return sum;
}

static guint16
checksum_finish (guint64 sum)
{
  while (sum >> 16)
    sum = (sum & 0xffff) + (sum >> 16);

  return ~sum & 0xffff;
}

/* Blocks */

/* Starts a block of @type in @array and returns where it starts, for
 * end_block() to fill in the length. */
static gsize
begin_block (GByteArray *array,
             guint32     type)
{
  gsize start = array->len;

  append_le32 (array, type);
  append_le32 (array, 0);

  return start;
}

static void
end_block (GByteArray *array,
           gsize       start)
{
  guint32 total = array->len - start + 4;

  append_le32 (array, total);
  set_le32 (array, start + 4, total);
}

static void
append_option (GByteArray *array,
               guint16     code,
               const char *value)
{
  gsize len = strlen (value);

  /* The option length is 16 bits; cut longer text between characters. */
  if (len > G_MAXUINT16)
    len = g_utf8_find_prev_char (value, value + G_MAXUINT16 + 1) - value;

  append_le16 (array, code);
  append_le16 (array, len);
  g_byte_array_append (array, (const guint8 *) value, len);
  append_padding (array);
}

static void
append_end_of_options (GByteArray *array)
{
  append_le16 (array, OPT_ENDOFOPT);
  append_le16 (array, 0);
}

/* One Enhanced Packet Block holding self->packet. */
static void
append_packet_block (SpPcapng   *self,
                     guint64     time_us,
                     const char *comment)
{
  GByteArray *blocks = self->blocks;
  gsize start = begin_block (blocks, BLOCK_ENHANCED_PACKET);

  append_le32 (blocks, 0);                 /* interface ID */
  append_le32 (blocks, time_us >> 32);     /* timestamp, in if_tsresol units */
  append_le32 (blocks, time_us & 0xffffffff);
  append_le32 (blocks, self->packet->len); /* captured length */
  append_le32 (blocks, self->packet->len); /* original length */
  g_byte_array_append (blocks, self->packet->data, self->packet->len);
  append_padding (blocks);

  if (comment != NULL)
    {
      g_autofree char *valid = g_utf8_make_valid (comment, -1);

      append_option (blocks, OPT_COMMENT, valid);
      append_end_of_options (blocks);
    }

  end_block (blocks, start);
}

/* Packets */

/* Builds an IP packet in self->packet carrying @header (the transport
 * header, checksum zero at @checksum_offset) and @data, fills in every
 * checksum and writes it out as one block. */
static void
add_packet (SpPcapng      *self,
            guint64        time_us,
            const Address *source,
            const Address *destination,
            guint8         protocol,
            const guint8  *header,
            gsize          header_len,
            gsize          checksum_offset,
            const guint8  *data,
            gsize          len,
            const char    *comment)
{
  gsize ip_len = source->is_ipv6 ? IPV6_HEADER_LEN : IPV4_HEADER_LEN;
  gsize transport_len = header_len + len;
  gsize addr_len = address_len (source);
  guint8 *ip;
  guint8 *transport;
  guint8 pseudo_tail[4] = { 0 };
  guint64 sum = 0;
  guint16 checksum;

  g_assert (ip_len + transport_len <= G_MAXUINT16 || source->is_ipv6);
  g_assert (transport_len <= G_MAXUINT16);

  g_byte_array_set_size (self->packet, ip_len + transport_len);
  ip = self->packet->data;
  transport = ip + ip_len;
  memset (ip, 0, ip_len);
  memcpy (transport, header, header_len);
  if (len > 0)
    memcpy (transport + header_len, data, len);

  if (source->is_ipv6)
    {
      ip[0] = 0x60;                       /* version 6, traffic class and flow label 0 */
      put_be16 (ip + 4, transport_len);   /* payload length */
      ip[6] = protocol;                   /* next header */
      ip[7] = HOP_LIMIT;
      memcpy (ip + 8, source->bytes, 16);
      memcpy (ip + 24, destination->bytes, 16);
    }
  else
    {
      ip[0] = 0x45;                       /* version 4, IHL 5 words */
      put_be16 (ip + 2, ip_len + transport_len);
      put_be16 (ip + 4, ++self->ipv4_id);
      put_be16 (ip + 6, 0x4000);          /* don't fragment, offset 0 */
      ip[8] = HOP_LIMIT;
      ip[9] = protocol;
      memcpy (ip + 12, source->bytes, 4);
      memcpy (ip + 16, destination->bytes, 4);
      put_be16 (ip + 10, checksum_finish (checksum_add (0, ip, IPV4_HEADER_LEN)));
    }

  /* The pseudo-header: both addresses, then the length and protocol,
   * which are 16 + 8 bits in IPv4 and 32 + 8 in IPv6 (RFC 768, 8200);
   * as sums of big-endian words the two layouts add up the same. */
  sum = checksum_add (sum, source->bytes, addr_len);
  sum = checksum_add (sum, destination->bytes, addr_len);
  put_be16 (pseudo_tail, transport_len);
  pseudo_tail[3] = protocol;
  sum = checksum_add (sum, pseudo_tail, sizeof pseudo_tail);
  sum = checksum_add (sum, transport, transport_len);
  checksum = checksum_finish (sum);
  /* In UDP, 0 means "no checksum"; its one's-complement twin is sent. */
  if (protocol == IPPROTO_UDP_NUMBER && checksum == 0)
    checksum = 0xffff;
  put_be16 (transport + checksum_offset, checksum);

  append_packet_block (self, time_us, comment);
}

static Stream *
get_stream (SpPcapng *self,
            guint     stream)
{
  if (stream == 0 || stream > self->streams->len)
    return NULL;

  return &g_array_index (self->streams, Stream, stream - 1);
}

/* One TCP segment from @side; seq and ack come from the stream's state,
 * which the caller then advances. */
static void
add_tcp_segment (SpPcapng     *self,
                 Stream       *stream,
                 guint64       time_us,
                 int           side,
                 guint8        flags,
                 const guint8 *data,
                 gsize         len,
                 const char   *comment)
{
  const Address *source = &stream->address[side];
  const Address *destination = &stream->address[!side];
  guint8 header[TCP_HEADER_LEN] = { 0 };

  put_be16 (header + 0, source->port);
  put_be16 (header + 2, destination->port);
  put_be32 (header + 4, stream->next_seq[side]);
  if (flags & TCP_ACK)
    put_be32 (header + 8, stream->next_seq[!side]);
  header[12] = (TCP_HEADER_LEN / 4) << 4;   /* data offset, no options */
  header[13] = flags;
  put_be16 (header + 14, TCP_WINDOW);

  add_packet (self, time_us, source, destination, IPPROTO_TCP_NUMBER,
              header, sizeof header, TCP_CHECKSUM_OFFSET, data, len, comment);
}

guint
sp_pcapng_tcp_open (SpPcapng    *self,
                    guint64      time_us,
                    const char  *client,
                    const char  *server,
                    GError     **error)
{
  Stream stream = { 0 };
  Stream *s;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (client != NULL, 0);
  g_return_val_if_fail (server != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (!parse_pair (client, server, &stream.address[CLIENT], &stream.address[SERVER], error))
    return 0;

  stream.next_seq[CLIENT] = initial_seq (&stream.address[CLIENT], &stream.address[SERVER]);
  stream.next_seq[SERVER] = initial_seq (&stream.address[SERVER], &stream.address[CLIENT]);
  g_array_append_val (self->streams, stream);
  s = &g_array_index (self->streams, Stream, self->streams->len - 1);

  /* A SYN counts as one byte of the sequence space. */
  add_tcp_segment (self, s, time_us, CLIENT, TCP_SYN, NULL, 0, NULL);
  s->next_seq[CLIENT]++;
  add_tcp_segment (self, s, time_us, SERVER, TCP_SYN | TCP_ACK, NULL, 0, NULL);
  s->next_seq[SERVER]++;
  add_tcp_segment (self, s, time_us, CLIENT, TCP_ACK, NULL, 0, NULL);

  return self->streams->len;
}

void
sp_pcapng_tcp_data (SpPcapng     *self,
                    guint         stream,
                    guint64       time_us,
                    gboolean      from_client,
                    const guint8 *data,
                    gsize         len,
                    const char   *comment)
{
  int side = from_client ? CLIENT : SERVER;
  Stream *s;

  g_return_if_fail (self != NULL);
  g_return_if_fail (data != NULL || len == 0);
  s = get_stream (self, stream);
  g_return_if_fail (s != NULL);
  g_return_if_fail (!s->closed[side]);

  for (gsize offset = 0; offset < len; )
    {
      gsize n = MIN (len - offset, SP_PCAPNG_MAX_SEGMENT);

      add_tcp_segment (self, s, time_us, side, TCP_PSH | TCP_ACK, data + offset, n, comment);
      s->next_seq[side] += n;
      offset += n;
    }
}

void
sp_pcapng_tcp_close (SpPcapng   *self,
                     guint       stream,
                     guint64     time_us,
                     gboolean    from_client,
                     const char *comment)
{
  int side = from_client ? CLIENT : SERVER;
  Stream *s;

  g_return_if_fail (self != NULL);
  s = get_stream (self, stream);
  g_return_if_fail (s != NULL);
  g_return_if_fail (!s->closed[side]);

  /* Like a SYN, a FIN takes one sequence number, which the ACK covers. */
  add_tcp_segment (self, s, time_us, side, TCP_FIN | TCP_ACK, NULL, 0, comment);
  s->next_seq[side]++;
  s->closed[side] = TRUE;
  add_tcp_segment (self, s, time_us, !side, TCP_ACK, NULL, 0, NULL);
}

gboolean
sp_pcapng_udp (SpPcapng      *self,
               guint64        time_us,
               const char    *source,
               const char    *destination,
               const guint8  *data,
               gsize          len,
               const char    *comment,
               GError       **error)
{
  Address from;
  Address to;
  guint8 header[UDP_HEADER_LEN] = { 0 };
  gsize max;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (source != NULL, FALSE);
  g_return_val_if_fail (destination != NULL, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!parse_pair (source, destination, &from, &to, error))
    return FALSE;

  max = from.is_ipv6 ? SP_PCAPNG_MAX_UDP_IPV6 : SP_PCAPNG_MAX_UDP_IPV4;
  if (len > max)
    {
      g_set_error (error, SP_PCAPNG_ERROR, SP_PCAPNG_ERROR_TOO_LARGE,
                   /* Translators: the first %s is IPv4 or IPv6 */
                   _("A UDP datagram over %s holds at most %u bytes, not %lu"),
                   from.is_ipv6 ? "IPv6" : "IPv4", (guint) max, (gulong) len);
      return FALSE;
    }

  put_be16 (header + 0, from.port);
  put_be16 (header + 2, to.port);
  put_be16 (header + 4, UDP_HEADER_LEN + len);

  add_packet (self, time_us, &from, &to, IPPROTO_UDP_NUMBER,
              header, sizeof header, UDP_CHECKSUM_OFFSET, data, len, comment);

  return TRUE;
}

GBytes *
sp_pcapng_finish (SpPcapng *self)
{
  g_autoptr(GByteArray) file = NULL;
  gsize start;

  g_return_val_if_fail (self != NULL, NULL);

  file = g_byte_array_sized_new (self->blocks->len + 128);

  start = begin_block (file, BLOCK_SECTION_HEADER);
  append_le32 (file, BYTE_ORDER_MAGIC);
  append_le16 (file, 1);                  /* major version */
  append_le16 (file, 0);                  /* minor version */
  append_le32 (file, 0xffffffff);         /* section length: not given */
  append_le32 (file, 0xffffffff);
  append_option (file, OPT_SHB_USERAPPL, "Socket Playground " PACKAGE_VERSION);
  append_end_of_options (file);
  end_block (file, start);

  /* No if_tsresol option: the default is microseconds. */
  start = begin_block (file, BLOCK_INTERFACE);
  append_le16 (file, LINKTYPE_RAW);
  append_le16 (file, 0);                  /* reserved */
  append_le32 (file, SNAPLEN);
  end_block (file, start);

  g_byte_array_append (file, self->blocks->data, self->blocks->len);

  return g_byte_array_free_to_bytes (g_steal_pointer (&file));
}
