/* sp-export.c: the session's traffic as a pcapng capture, the log as CSV,
 * a connection's received bytes as they came
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sp-clock.h"
#include "sp-export.h"
#include "sp-pcapng.h"

typedef enum {
  RECORD_OPEN,
  RECORD_DATA,
  RECORD_CLOSE,
  RECORD_DATAGRAM,
} RecordKind;

/* One thing that went over the wire, from one pane's point of view. */
typedef struct {
  RecordKind  kind;
  gint64      time_us;
  guint       order;        /* keeps equal times in log order */
  char       *client;       /* TCP: the connecting side's address */
  char       *server;
  gboolean    from_client;
  GBytes     *bytes;
  char       *source;       /* UDP */
  char       *destination;
  char       *comment;
} Record;

G_DEFINE_QUARK (sp-export-error-quark, sp_export_error)

static void
record_free (gpointer data)
{
  Record *r = data;

  g_free (r->client);
  g_free (r->server);
  g_clear_pointer (&r->bytes, g_bytes_unref);
  g_free (r->source);
  g_free (r->destination);
  g_free (r->comment);
  g_free (r);
}

static int
compare_records (gconstpointer a,
                 gconstpointer b)
{
  const Record *ra = *(const Record **) a;
  const Record *rb = *(const Record **) b;

  if (ra->time_us != rb->time_us)
    return ra->time_us < rb->time_us ? -1 : 1;
  return ra->order < rb->order ? -1 : ra->order > rb->order;
}

/* A socket bound to the wildcard sends from the address the route picks:
 * on loopback, the loopback address of its family. */
static char *
concrete_source (const char *local,
                 const char *remote)
{
  const char *colon = local ? strrchr (local, ':') : NULL;

  if (colon == NULL)
    return g_strdup (local);
  if (g_str_has_prefix (local, "0.0.0.0:") && remote && g_str_has_prefix (remote, "127."))
    return g_strdup_printf ("127.0.0.1%s", colon);
  if (g_str_has_prefix (local, "[::]:") && remote && g_str_has_prefix (remote, "[::1]"))
    return g_strdup_printf ("[::1]%s", colon);
  return g_strdup (local);
}

static gboolean
address_is_ours (GPtrArray  *locals,
                 const char *address)
{
  return address != NULL && g_ptr_array_find_with_equal_func (locals, address, g_str_equal, NULL);
}

/* Adds to @records what went over the wire according to @endpoint's log:
 * opened and closed connections, data, datagrams (each once, see @locals),
 * with @title in the comments. */
static void
add_wire_records (SpEndpoint *endpoint,
                  const char *title,
                  GPtrArray  *locals,
                  GPtrArray  *records,
                  GHashTable *opened,
                  guint      *order)
{
  SpEventLog *events = sp_endpoint_get_events (endpoint);
  gboolean udp = sp_endpoint_is_datagram (endpoint);
  gboolean client_side = sp_endpoint_get_kind (endpoint) == SP_ENDPOINT_KIND_TCP_CLIENT;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (events));

  /* Records, not objects: no SpEvent is made per event exported. */
  for (guint i = 0; i < n; i++)
    {
      const SpEventRecord *event = sp_event_log_peek (events, i);
      SpEventKind kind = sp_event_record_get_kind (event);
      SpConnection *c = sp_endpoint_find_connection (endpoint, sp_event_record_get_connection_id (event));
      gboolean peer_in_app;
      const char *local, *remote;
      Record *r;

      if (c == NULL)
        continue;

      local = sp_connection_get_local_address (c);
      remote = sp_connection_get_remote_address (c);
      peer_in_app = sp_connection_find_peer (c) != NULL;

      if (udp)
        {
          g_autoptr(GBytes) payload = sp_event_record_dup_payload (event);

          /* Each datagram once: as sent when the sender is ours (the
           * truth of what went out), as received otherwise. */
          if (payload == NULL || !(kind == SP_EVENT_KIND_SENT || kind == SP_EVENT_KIND_RECEIVED))
            continue;
          if (kind == SP_EVENT_KIND_RECEIVED && address_is_ours (locals, sp_event_record_get_peer (event)))
            continue;

          r = g_new0 (Record, 1);
          r->kind = RECORD_DATAGRAM;
          r->bytes = g_bytes_ref (payload);
          if (kind == SP_EVENT_KIND_SENT)
            {
              r->source = concrete_source (local, remote);
              r->destination = g_strdup (remote);
              r->comment = g_strdup_printf (_("sendto() #%u from %s"), sp_event_record_get_call_number (event), title);
            }
          else
            {
              r->source = g_strdup (sp_event_record_get_peer (event));
              r->destination = concrete_source (local, sp_event_record_get_peer (event));
              r->comment = g_strdup_printf (_("recvfrom() by %s"), title);
            }
        }
      else
        {
          g_autofree char *key = NULL;
          const char *client = client_side ? local : remote;
          const char *server = client_side ? remote : local;

          key = g_strconcat (client, "|", server, NULL);

          if (kind == SP_EVENT_KIND_ACCEPTED || kind == SP_EVENT_KIND_CONNECTED)
            {
              if (g_hash_table_contains (opened, key))
                continue;
              g_hash_table_add (opened, g_steal_pointer (&key));
              r = g_new0 (Record, 1);
              r->kind = RECORD_OPEN;
            }
          else if (kind == SP_EVENT_KIND_SENT && sp_event_record_has_payload (event))
            {
              r = g_new0 (Record, 1);
              r->kind = RECORD_DATA;
              r->from_client = client_side;
              r->bytes = sp_event_record_dup_payload (event);
              r->comment = g_strdup_printf (_("send() #%u from %s"), sp_event_record_get_call_number (event), title);
            }
          else if (kind == SP_EVENT_KIND_RECEIVED && !peer_in_app && sp_event_record_has_payload (event))
            {
              /* The other end is not ours: what we read is what it sent. */
              r = g_new0 (Record, 1);
              r->kind = RECORD_DATA;
              r->from_client = !client_side;
              r->bytes = sp_event_record_dup_payload (event);
              r->comment = g_strdup_printf (_("recv() #%u by %s"), sp_event_record_get_call_number (event), title);
            }
          else if (kind == SP_EVENT_KIND_CLOSED)
            {
              r = g_new0 (Record, 1);
              r->kind = RECORD_CLOSE;
              r->from_client = client_side;
              r->comment = g_strdup_printf (_("close() by %s"), title);
            }
          else if (kind == SP_EVENT_KIND_PEER_CLOSED && !peer_in_app)
            {
              r = g_new0 (Record, 1);
              r->kind = RECORD_CLOSE;
              r->from_client = !client_side;
            }
          else
            continue;

          r->client = g_strdup (client);
          r->server = g_strdup (server);
        }

      r->time_us = sp_event_record_get_time_us (event);
      r->order = (*order)++;
      g_ptr_array_add (records, r);
    }
}

GBytes *
sp_export_pcapng (GPtrArray  *endpoints,
                  GPtrArray  *titles,
                  GError    **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (record_free);
  g_autoptr(GHashTable) opened = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) streams = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(SpPcapng) pcapng = sp_pcapng_new ();
  g_autoptr(GPtrArray) locals = g_ptr_array_new_with_free_func (g_free);
  gint64 epoch = sp_clock_unix_epoch_us ();
  guint order = 0;

  g_return_val_if_fail (endpoints != NULL && titles != NULL, NULL);
  g_return_val_if_fail (endpoints->len == titles->len, NULL);

  /* A stream with its start missing would tell a different story. */
  for (guint i = 0; i < endpoints->len; i++)
    {
      guint64 released = sp_event_log_get_bytes_released (sp_endpoint_get_events (endpoints->pdata[i]));

      if (released > 0)
        {
          g_autofree char *size = g_format_size_full (released, G_FORMAT_SIZE_IEC_UNITS);

          g_set_error (error, SP_EXPORT_ERROR, SP_EXPORT_ERROR_NOT_KEPT,
                       _("The first %s of %s are no longer kept: the capture limit let them go, so a capture "
                         "would miss the start of the conversation. Raise the limit in Preferences, clear the "
                         "logs and run it again."),
                       size, (const char *) titles->pdata[i]);
          return NULL;
        }
    }

  /* Datagrams between two of our panes are written once, as sent. */
  for (guint i = 0; i < endpoints->len; i++)
    {
      g_autoptr(GPtrArray) all = sp_endpoint_dup_all_connections (endpoints->pdata[i]);
      const char *local = sp_endpoint_get_local_address (endpoints->pdata[i]);

      if (local != NULL)
        g_ptr_array_add (locals, g_strdup (local));
      for (guint j = 0; j < all->len; j++)
        {
          SpConnection *c = all->pdata[j];

          if (sp_connection_get_is_datagram (c))
            g_ptr_array_add (locals, concrete_source (sp_connection_get_local_address (c),
                                                      sp_connection_get_remote_address (c)));
        }
    }
  for (guint i = 0; i < endpoints->len; i++)
    add_wire_records (endpoints->pdata[i], titles->pdata[i], locals, records, opened, &order);

  g_ptr_array_sort (records, compare_records);

  for (guint i = 0; i < records->len; i++)
    {
      Record *r = records->pdata[i];
      guint64 time = (guint64) (epoch + r->time_us);
      g_autofree char *key = r->client ? g_strconcat (r->client, "|", r->server, NULL) : NULL;
      guint stream = key ? GPOINTER_TO_UINT (g_hash_table_lookup (streams, key)) : 0;
      g_autoptr(GError) local_error = NULL;
      const guint8 *data;
      gsize size;

      switch (r->kind)
        {
        case RECORD_OPEN:
          stream = sp_pcapng_tcp_open (pcapng, time, r->client, r->server, &local_error);
          if (stream == 0)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return NULL;
            }
          g_hash_table_replace (streams, g_steal_pointer (&key), GUINT_TO_POINTER (stream));
          break;

        case RECORD_DATA:
          if (stream != 0)
            {
              data = g_bytes_get_data (r->bytes, &size);
              sp_pcapng_tcp_data (pcapng, stream, time, r->from_client, data, size, r->comment);
            }
          break;

        case RECORD_CLOSE:
          {
            g_autofree char *side = g_strconcat (key, r->from_client ? "|client" : "|server", NULL);

            /* Each side sends one FIN, however many panes saw it. */
            if (stream != 0 && !g_hash_table_contains (streams, side))
              {
                sp_pcapng_tcp_close (pcapng, stream, time, r->from_client, r->comment);
                g_hash_table_replace (streams, g_steal_pointer (&side), GUINT_TO_POINTER (1));
              }
          }
          break;

        case RECORD_DATAGRAM:
          data = g_bytes_get_data (r->bytes, &size);
          if (!sp_pcapng_udp (pcapng, time, r->source, r->destination, data, size, r->comment, &local_error))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return NULL;
            }
          break;

        default:
          g_assert_not_reached ();
        }
    }

  return sp_pcapng_finish (pcapng);
}

GBytes *
sp_export_received_bytes (SpEndpoint  *endpoint,
                          guint        connection_id,
                          GError     **error)
{
  SpEventLog *events = sp_endpoint_get_events (endpoint);
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  guint n = g_list_model_get_n_items (G_LIST_MODEL (events));
  guint64 released = 0;

  for (guint i = 0; i < n; i++)
    {
      const SpEventRecord *event = sp_event_log_peek (events, i);
      gsize size;
      const guint8 *data = sp_event_record_get_payload_data (event, &size);

      if (sp_event_record_get_kind (event) != SP_EVENT_KIND_RECEIVED ||
          sp_event_record_get_connection_id (event) != connection_id)
        continue;

      if (sp_event_record_get_payload_released (event))
        released += sp_event_record_get_n_bytes (event);
      else if (data != NULL && released == 0)
        g_byte_array_append (bytes, data, size);
    }

  if (released > 0)
    {
      g_autofree char *size = g_format_size_full (released, G_FORMAT_SIZE_IEC_UNITS);

      g_set_error (error, SP_EXPORT_ERROR, SP_EXPORT_ERROR_NOT_KEPT,
                   _("The first %s received on connection #%u are no longer kept: the capture limit let them go. "
                     "Raise the limit in Preferences and receive them again to save everything."),
                   size, connection_id);
      return NULL;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

static void
csv_field (GString    *s,
           const char *text)
{
  g_string_append_c (s, '"');
  for (const char *p = text ? text : ""; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (s, '"');
      g_string_append_c (s, *p);
    }
  g_string_append_c (s, '"');
}

char *
sp_export_log_csv (GPtrArray *endpoints,
                   GPtrArray *titles)
{
  GString *s = g_string_new ("time_ms,pane,kind,connection,bytes,peer,errno,detail,hex\n");

  for (guint e = 0; e < endpoints->len; e++)
    {
      SpEventLog *events = sp_endpoint_get_events (endpoints->pdata[e]);
      guint n = g_list_model_get_n_items (G_LIST_MODEL (events));

      for (guint i = 0; i < n; i++)
        {
          const SpEventRecord *event = sp_event_log_peek (events, i);
          gsize size;
          const guint8 *data = sp_event_record_get_payload_data (event, &size);
          g_autofree char *hex = NULL;

          if (sp_event_record_has_payload (event))
            {
              GString *h = g_string_sized_new (size * 2);

              for (gsize k = 0; k < size; k++)
                g_string_append_printf (h, "%02x", data[k]);
              hex = g_string_free (h, FALSE);
            }

          g_string_append_printf (s, "%.3f,", sp_event_record_get_time_us (event) / 1000.0);
          csv_field (s, titles->pdata[e]);
          g_string_append_c (s, ',');
          csv_field (s, sp_event_kind_to_string (sp_event_record_get_kind (event)));
          g_string_append_printf (s, ",%u,%lu,", sp_event_record_get_connection_id (event),
                                  (gulong) sp_event_record_get_n_bytes (event));
          csv_field (s, sp_event_record_get_peer (event));
          g_string_append_c (s, ',');
          csv_field (s, sp_event_record_get_errno_name (event));
          g_string_append_c (s, ',');
          csv_field (s, sp_event_log_get_message (events, i));
          g_string_append_c (s, ',');
          csv_field (s, hex);
          g_string_append_c (s, '\n');
        }
    }

  return g_string_free (s, FALSE);
}
