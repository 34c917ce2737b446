/* sp-connection.c: the object, what it records of its stream, and the
 * registry that finds a TCP connection's other end in this process
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sys/ioctl.h>
#ifdef __linux__
# include <linux/sockios.h>
#endif

#include "sp-core-enums.h"
#include "sp-connection-private.h"

G_DEFINE_FINAL_TYPE (SpConnection, sp_connection, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_LOCAL_ADDRESS,
  PROP_REMOTE_ADDRESS,
  PROP_STATE,
  PROP_IS_DATAGRAM,
  PROP_BYTES_SENT,
  PROP_BYTES_RECEIVED,
  PROP_BYTES_QUEUED,
  PROP_TCP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Live TCP connections of this process by "local|remote". */
static GHashTable *registry;

static void
sp_connection_dispose (GObject *object)
{
  SpConnection *self = (SpConnection *)object;

  if (self->registry_key != NULL && registry != NULL &&
      g_hash_table_lookup (registry, self->registry_key) == self)
    g_hash_table_remove (registry, self->registry_key);
  g_clear_pointer (&self->registry_key, g_free);
  g_clear_pointer (&self->decoder, sp_frame_decoder_free);

  sp_connection_clear_io (self);
  g_clear_weak_pointer (&self->relay_partner);
  g_clear_object (&self->stream);
  g_clear_object (&self->socket);
  g_clear_object (&self->remote);

  G_OBJECT_CLASS (sp_connection_parent_class)->dispose (object);
}

static void
sp_connection_finalize (GObject *object)
{
  SpConnection *self = (SpConnection *)object;

  g_free (self->local_address);
  g_clear_pointer (&self->remote_address, g_ref_string_release);
  g_free (self->tcp_state);
  g_ptr_array_unref (self->stream_in.pieces);
  g_ptr_array_unref (self->stream_out.pieces);
  g_array_unref (self->recv_chunks);
  g_array_unref (self->send_chunks);

  G_OBJECT_CLASS (sp_connection_parent_class)->finalize (object);
}

static void
sp_connection_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SpConnection *self = SP_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_uint (value, self->id);
      break;

    case PROP_LOCAL_ADDRESS:
      g_value_set_string (value, self->local_address);
      break;

    case PROP_REMOTE_ADDRESS:
      g_value_set_string (value, self->remote_address);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_IS_DATAGRAM:
      g_value_set_boolean (value, self->is_datagram);
      break;

    case PROP_BYTES_SENT:
      g_value_set_uint64 (value, self->bytes_sent);
      break;

    case PROP_BYTES_RECEIVED:
      g_value_set_uint64 (value, self->bytes_received);
      break;

    case PROP_BYTES_QUEUED:
      g_value_set_uint64 (value, self->bytes_queued);
      break;

    case PROP_TCP_STATE:
      g_value_set_string (value, self->tcp_state);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_connection_class_init (SpConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = sp_connection_dispose;
  object_class->finalize = sp_connection_finalize;
  object_class->get_property = sp_connection_get_property;

  properties[PROP_ID] =
    g_param_spec_uint ("id", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_LOCAL_ADDRESS] =
    g_param_spec_string ("local-address", NULL, NULL, NULL, flags);
  properties[PROP_REMOTE_ADDRESS] =
    g_param_spec_string ("remote-address", NULL, NULL, NULL, flags);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, SP_TYPE_CONNECTION_STATE,
                       SP_CONNECTION_STATE_OPEN, flags);
  properties[PROP_IS_DATAGRAM] =
    g_param_spec_boolean ("is-datagram", NULL, NULL, FALSE, flags);
  properties[PROP_BYTES_SENT] =
    g_param_spec_uint64 ("bytes-sent", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_BYTES_RECEIVED] =
    g_param_spec_uint64 ("bytes-received", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_BYTES_QUEUED] =
    g_param_spec_uint64 ("bytes-queued", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_TCP_STATE] =
    g_param_spec_string ("tcp-state", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sp_connection_init (SpConnection *self)
{
  g_queue_init (&self->send_queue);
  self->stream_in.pieces = g_ptr_array_new_with_free_func (g_free);
  self->stream_out.pieces = g_ptr_array_new_with_free_func (g_free);
  self->recv_chunks = g_array_new (FALSE, FALSE, sizeof (SpStreamChunk));
  self->send_chunks = g_array_new (FALSE, FALSE, sizeof (SpStreamChunk));
}

SpConnection *
sp_connection_new (SpConnectionHost *host,
                   guint             id,
                   GSocket          *socket,
                   gboolean          is_datagram,
                   const char       *local_address,
                   const char       *remote_address)
{
  SpConnection *self = g_object_new (SP_TYPE_CONNECTION, NULL);

  self->host = host;
  self->id = id;
  self->socket = socket ? g_object_ref (socket) : NULL;
  self->is_datagram = is_datagram;
  self->local_address = g_strdup (local_address);
  /* Interned once: every event of the connection shares it (peer_interned). */
  self->remote_address = remote_address ? g_ref_string_new_intern (remote_address) : NULL;

  return self;
}

guint
sp_connection_get_id (SpConnection *self)
{
  g_return_val_if_fail (SP_IS_CONNECTION (self), 0);
  return self->id;
}

const char *
sp_connection_get_local_address (SpConnection *self)
{
  g_return_val_if_fail (SP_IS_CONNECTION (self), NULL);
  return self->local_address;
}

const char *
sp_connection_get_remote_address (SpConnection *self)
{
  g_return_val_if_fail (SP_IS_CONNECTION (self), NULL);
  return self->remote_address;
}

SpConnectionState
sp_connection_get_state (SpConnection *self)
{
  g_return_val_if_fail (SP_IS_CONNECTION (self), 0);
  return self->state;
}

gboolean
sp_connection_get_is_datagram (SpConnection *self)
{
  g_return_val_if_fail (SP_IS_CONNECTION (self), FALSE);
  return self->is_datagram;
}

guint64
sp_connection_get_bytes_sent (SpConnection *self)
{
  g_return_val_if_fail (SP_IS_CONNECTION (self), 0);
  return self->bytes_sent;
}

guint64
sp_connection_get_bytes_received (SpConnection *self)
{
  g_return_val_if_fail (SP_IS_CONNECTION (self), 0);
  return self->bytes_received;
}

gsize
sp_connection_get_bytes_queued (SpConnection *self)
{
  g_return_val_if_fail (SP_IS_CONNECTION (self), 0);
  return self->bytes_queued;
}

void
sp_connection_set_state (SpConnection      *self,
                         SpConnectionState  state)
{
  g_return_if_fail (SP_IS_CONNECTION (self));

  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* A flood is tens of thousands of calls a second: while a source's dispatch
 * holds the notifications, the counts stay exact for the getters and each
 * one moved is announced once, when the dispatch lets go. */
void
sp_connection_hold_notify (SpConnection *self)
{
  self->notify_hold++;
}

void
sp_connection_release_notify (SpConnection *self)
{
  guint pending;

  g_assert (self->notify_hold > 0);
  if (--self->notify_hold > 0)
    return;

  pending = self->notify_pending;
  self->notify_pending = 0;
  if (pending & (1u << PROP_BYTES_SENT))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_SENT]);
  if (pending & (1u << PROP_BYTES_RECEIVED))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_RECEIVED]);
}

static inline void
notify_count (SpConnection *self,
              guint         prop)
{
  if (self->notify_hold > 0)
    self->notify_pending |= 1u << prop;
  else
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
add_bytes_sent (SpConnection *self,
                gsize         n)
{
  self->bytes_sent += n;
  notify_count (self, PROP_BYTES_SENT);
}

void
sp_connection_add_bytes_received (SpConnection *self,
                                  gsize         n)
{
  self->bytes_received += n;
  notify_count (self, PROP_BYTES_RECEIVED);
}

void
sp_connection_set_bytes_queued (SpConnection *self,
                                gsize         bytes_queued)
{
  self->bytes_queued = bytes_queued;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_QUEUED]);
}

void
sp_connection_set_remote (SpConnection   *self,
                          GSocketAddress *remote)
{
  g_return_if_fail (SP_IS_CONNECTION (self));
  g_set_object (&self->remote, remote);
}

void
sp_connection_take_stream (SpConnection *self,
                           GIOStream    *stream)
{
  g_return_if_fail (SP_IS_CONNECTION (self));

  g_clear_object (&self->stream);
  self->stream = stream;
}

GSocket *
sp_connection_get_socket (SpConnection *self)
{
  g_return_val_if_fail (SP_IS_CONNECTION (self), NULL);
  return self->socket;
}

void
sp_connection_set_framing (SpConnection          *self,
                           const SpFramingConfig *config)
{
  g_return_if_fail (SP_IS_CONNECTION (self));

  if (self->is_datagram)
    return;

  g_clear_pointer (&self->decoder, sp_frame_decoder_free);
  if (config->mode != SP_FRAMING_OFF)
    self->decoder = sp_frame_decoder_new (config);
}

SpFrameDecoder *
sp_connection_get_decoder (SpConnection *self)
{
  g_return_val_if_fail (SP_IS_CONNECTION (self), NULL);
  return self->decoder;
}

void
sp_connection_register (SpConnection *self)
{
  g_return_if_fail (SP_IS_CONNECTION (self));

  if (self->is_datagram || self->local_address == NULL || self->remote_address == NULL)
    return;

  if (registry == NULL)
    registry = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_free (self->registry_key);
  self->registry_key = g_strconcat (self->local_address, "|", self->remote_address, NULL);
  g_hash_table_replace (registry, g_strdup (self->registry_key), self);
}

SpConnection *
sp_connection_find_peer (SpConnection *self)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (SP_IS_CONNECTION (self), NULL);

  if (registry == NULL || self->is_datagram)
    return NULL;

  key = g_strconcat (self->remote_address, "|", self->local_address, NULL);
  return g_hash_table_lookup (registry, key);
}

/* A stream and where each call's bytes start: a byte stream's, and a UDP
 * relay side's datagrams (the Stream tab shows each direction's
 * boundaries through it). */
static gboolean
keeps_stream (SpConnection *self)
{
  return !self->is_datagram || self->relay_side != SP_RELAY_SIDE_NONE;
}

#define STREAM_PIECE (64 * 1024)

static void
stream_copy_append (SpStreamCopy *copy,
                    const guint8 *data,
                    gsize         len)
{
  while (len > 0)
    {
      gsize used = copy->len % STREAM_PIECE;
      gsize n = MIN (len, STREAM_PIECE - used);
      gpointer *last;

      if (used == 0)
        {
          g_ptr_array_add (copy->pieces, NULL);
          copy->room = 0;
        }
      last = &g_ptr_array_index (copy->pieces, copy->pieces->len - 1);
      /* A connection that sends "hello" keeps a few bytes, not a piece. */
      if (used + n > copy->room)
        {
          copy->room = MIN (STREAM_PIECE, MAX (used + n, 2 * copy->room));
          *last = g_realloc (*last, copy->room);
        }
      memcpy ((guint8 *) *last + used, data, n);
      copy->len += n;
      data += n;
      len -= n;
    }
}

static GBytes *
stream_copy_dup (const SpStreamCopy *copy)
{
  guint8 *data;

  if (copy->len == 0)
    return g_bytes_new (NULL, 0);
  data = g_malloc (copy->len);
  for (guint i = 0; i < copy->pieces->len; i++)
    memcpy (data + (gsize) i * STREAM_PIECE, g_ptr_array_index (copy->pieces, i),
            MIN (STREAM_PIECE, copy->len - (gsize) i * STREAM_PIECE));
  return g_bytes_new_take (data, copy->len);
}

void
sp_connection_record_received (SpConnection *self,
                               const guint8 *data,
                               gsize         len)
{
  SpStreamChunk chunk = { self->bytes_received, len, ++self->recv_calls };

  if (keeps_stream (self) && self->bytes_received < SP_CONNECTION_STREAM_CAPTURE)
    {
      gsize room = SP_CONNECTION_STREAM_CAPTURE - self->bytes_received;

      stream_copy_append (&self->stream_in, data, MIN (len, room));
      g_array_append_val (self->recv_chunks, chunk);
    }

  sp_connection_add_bytes_received (self, len);
}

void
sp_connection_record_sent (SpConnection *self,
                           const guint8 *data,
                           gsize         len)
{
  SpStreamChunk chunk = { self->bytes_sent, len, ++self->send_calls };

  /* Datagrams have no stream to draw, but through a relay. */
  if (keeps_stream (self) && self->bytes_sent < SP_CONNECTION_STREAM_CAPTURE)
    {
      gsize room = SP_CONNECTION_STREAM_CAPTURE - self->bytes_sent;

      stream_copy_append (&self->stream_out, data, MIN (len, room));
      g_array_append_val (self->send_chunks, chunk);
    }

  add_bytes_sent (self, len);
}

GBytes *
sp_connection_dup_stream (SpConnection *self,
                          gboolean      outgoing)
{
  g_return_val_if_fail (SP_IS_CONNECTION (self), NULL);

  return stream_copy_dup (outgoing ? &self->stream_out : &self->stream_in);
}

const SpStreamChunk *
sp_connection_get_recv_chunks (SpConnection *self,
                               guint        *n_chunks)
{
  g_return_val_if_fail (SP_IS_CONNECTION (self), NULL);
  *n_chunks = self->recv_chunks->len;
  return (const SpStreamChunk *) self->recv_chunks->data;
}

const SpStreamChunk *
sp_connection_get_send_chunks (SpConnection *self,
                               guint        *n_chunks)
{
  g_return_val_if_fail (SP_IS_CONNECTION (self), NULL);
  *n_chunks = self->send_chunks->len;
  return (const SpStreamChunk *) self->send_chunks->data;
}

gboolean
sp_socket_get_kernel_queues (GSocket *socket,
                             guint   *in_queue,
                             guint   *out_queue)
{
#if defined (SIOCINQ) && defined (SIOCOUTQ)
  int fd, in = 0, out = 0;

  if (socket == NULL || g_socket_is_closed (socket))
    return FALSE;

  fd = g_socket_get_fd (socket);
  if (ioctl (fd, SIOCINQ, &in) != 0 || ioctl (fd, SIOCOUTQ, &out) != 0)
    return FALSE;

  *in_queue = in;
  *out_queue = out;
  return TRUE;
#else
  return FALSE;
#endif
}

gboolean
sp_connection_get_kernel_queues (SpConnection *self,
                                 guint        *in_queue,
                                 guint        *out_queue)
{
  g_return_val_if_fail (SP_IS_CONNECTION (self), FALSE);

  return sp_socket_get_kernel_queues (self->socket, in_queue, out_queue);
}

const char *
sp_connection_get_tcp_state (SpConnection *self)
{
  g_return_val_if_fail (SP_IS_CONNECTION (self), NULL);
  return self->tcp_state;
}

void
sp_connection_set_tcp_state (SpConnection *self,
                             const char   *state)
{
  g_return_if_fail (SP_IS_CONNECTION (self));

  if (g_strcmp0 (state, self->tcp_state) == 0)
    return;

  g_free (self->tcp_state);
  self->tcp_state = g_strdup (state);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TCP_STATE]);
}
