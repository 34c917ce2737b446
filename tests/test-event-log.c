/* test-event-log.c: events and the event log model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>

#include "sp-batched-model.h"
#include "sp-errno.h"
#include "sp-event-log.h"

typedef struct {
  guint position, removed, added, calls;
} Changed;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Changed    *changed)
{
  changed->position = position;
  changed->removed = removed;
  changed->added = added;
  changed->calls++;
}

static SpEvent *
data_event (SpEventKind  kind,
            const char  *text,
            gsize        requested)
{
  g_autoptr(GBytes) payload = g_bytes_new (text, strlen (text));
  SpEventInit init = {
    .kind = kind,
    .direction = kind == SP_EVENT_KIND_SENT ? SP_DIRECTION_OUT : SP_DIRECTION_IN,
    .time_us = 1500,
    .connection_id = 3,
    .peer = "127.0.0.1:53422",
    .payload = payload,
    .n_requested = requested,
    .client_to_server = TRUE,
  };

  return sp_event_new (&init);
}

static gboolean
contains (SpEvent    *event,
          const char *needle)
{
  g_autoptr(GBytes) bytes = g_bytes_new (needle, strlen (needle));

  return sp_event_payload_contains (event, bytes);
}

static void
test_event_payload_contains (void)
{
  g_autoptr(SpEvent) event = data_event (SP_EVENT_KIND_RECEIVED, "hellohello", 0);
  g_autoptr(SpEvent) empty = data_event (SP_EVENT_KIND_RECEIVED, "", 0);
  SpEventInit message_init = { .kind = SP_EVENT_KIND_MESSAGE, .message = "hello" };
  g_autoptr(SpEvent) message = sp_event_new (&message_init);

  g_assert_true (contains (event, "hello"));
  g_assert_true (contains (event, "ohe"));
  g_assert_true (contains (event, "lo"));
  g_assert_true (contains (event, "hellohello"));
  g_assert_false (contains (event, "hellohellox"));
  g_assert_false (contains (event, "lol"));
  g_assert_true (contains (event, ""));
  g_assert_false (sp_event_payload_contains (event, NULL));
  g_assert_true (contains (empty, ""));
  g_assert_false (contains (empty, "h"));
  /* A message has no payload: no bytes are in it, not even none. */
  g_assert_false (contains (message, ""));
}

static void
test_event_fields (void)
{
  g_autoptr(SpEvent) sent = data_event (SP_EVENT_KIND_SENT, "hello", 5);
  g_autoptr(SpEvent) partial = data_event (SP_EVENT_KIND_SENT, "hel", 5);
  g_autoptr(SpEvent) received = data_event (SP_EVENT_KIND_RECEIVED, "hello", 0);
  SpEventInit error_init = {
    .kind = SP_EVENT_KIND_ERROR,
    .message = "Port 8081 is already in use (EADDRINUSE)",
    .errnum = EADDRINUSE,
  };
  g_autoptr(SpEvent) error = sp_event_new (&error_init);

  g_assert_cmpint (sp_event_get_kind (sent), ==, SP_EVENT_KIND_SENT);
  g_assert_cmpint (sp_event_get_direction (sent), ==, SP_DIRECTION_OUT);
  g_assert_cmpint (sp_event_get_time_us (sent), ==, 1500);
  g_assert_cmpuint (sp_event_get_connection_id (sent), ==, 3);
  g_assert_cmpstr (sp_event_get_peer (sent), ==, "127.0.0.1:53422");
  g_assert_cmpuint (sp_event_get_n_bytes (sent), ==, 5);
  g_assert_false (sp_event_is_partial (sent));
  g_assert_true (sp_event_get_client_to_server (sent));

  g_assert_cmpuint (sp_event_get_n_bytes (partial), ==, 3);
  g_assert_cmpuint (sp_event_get_n_requested (partial), ==, 5);
  g_assert_true (sp_event_is_partial (partial));

  /* "partial" is about send calls only. */
  g_assert_false (sp_event_is_partial (received));

  g_assert_cmpuint (sp_event_get_n_bytes (error), ==, 0);
  g_assert_null (sp_event_get_payload (error));
  g_assert_cmpstr (sp_event_get_errno_name (error), ==, "EADDRINUSE");

  g_assert_cmpstr (sp_event_kind_to_string (SP_EVENT_KIND_RECEIVED), ==, "received");
  g_assert_cmpstr (sp_event_kind_to_string (SP_EVENT_KIND_PEER_CLOSED), ==, "peer closed");
}

static void
test_log_model (void)
{
  g_autoptr(SpEventLog) log = sp_event_log_new ();
  g_autoptr(SpEvent) sent = data_event (SP_EVENT_KIND_SENT, "hello", 5);
  g_autoptr(SpEvent) received = data_event (SP_EVENT_KIND_RECEIVED, "hello, world", 0);
  g_autoptr(SpEvent) item = NULL;
  Changed changed = { 0 };

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (log)) == SP_TYPE_EVENT);
  g_signal_connect (log, "items-changed", G_CALLBACK (items_changed_cb), &changed);

  sp_event_log_append (log, sent);
  g_assert_cmpuint (changed.calls, ==, 1);
  g_assert_cmpuint (changed.position, ==, 0);
  g_assert_cmpuint (changed.added, ==, 1);

  sp_event_log_append (log, received);
  g_assert_cmpuint (changed.position, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 2);

  item = g_list_model_get_item (G_LIST_MODEL (log), 1);
  g_assert_true (item == received);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (log), 2));

  g_assert_cmpuint (sp_event_log_get_bytes_sent (log), ==, 5);
  g_assert_cmpuint (sp_event_log_get_bytes_received (log), ==, 12);

  sp_event_log_clear (log);
  g_assert_cmpuint (changed.removed, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 0);
  g_assert_cmpuint (sp_event_log_get_bytes_sent (log), ==, 0);
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

/* A frozen log takes events without a word; the thaw says it once. */
static void
test_log_freeze (void)
{
  g_autoptr(SpEventLog) log = sp_event_log_new ();
  Changed changed = { 0 };
  guint received_notifies = 0, n_items_notifies = 0;

  g_signal_connect (log, "items-changed", G_CALLBACK (items_changed_cb), &changed);
  g_signal_connect (log, "notify::bytes-received", G_CALLBACK (count_notify_cb), &received_notifies);
  g_signal_connect (log, "notify::n-items", G_CALLBACK (count_notify_cb), &n_items_notifies);

  {
    g_autoptr(SpEvent) first = data_event (SP_EVENT_KIND_SENT, "a", 1);

    sp_event_log_append (log, first);
    g_assert_cmpuint (changed.calls, ==, 1);
  }

  sp_event_log_freeze (log);
  sp_event_log_freeze (log);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(SpEvent) event = data_event (SP_EVENT_KIND_RECEIVED, "hello", 0);

      sp_event_log_append (log, event);
    }
  /* The totals are current; the model still says what it announced. */
  g_assert_cmpuint (sp_event_log_get_bytes_received (log), ==, 15);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 1);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (log), 1));
  g_assert_cmpuint (changed.calls, ==, 1);
  g_assert_cmpuint (received_notifies, ==, 0);

  sp_event_log_thaw (log);
  g_assert_cmpuint (changed.calls, ==, 1);
  sp_event_log_thaw (log);
  g_assert_cmpuint (changed.calls, ==, 2);
  g_assert_cmpuint (changed.position, ==, 1);
  g_assert_cmpuint (changed.removed, ==, 0);
  g_assert_cmpuint (changed.added, ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 4);
  g_assert_cmpuint (received_notifies, ==, 1);
  g_assert_cmpuint (n_items_notifies, ==, 2);

  /* Nothing appended: nothing said. */
  sp_event_log_freeze (log);
  sp_event_log_thaw (log);
  g_assert_cmpuint (changed.calls, ==, 2);

  /* Cleared while frozen: only what the model had announced is removed. */
  sp_event_log_freeze (log);
  {
    g_autoptr(SpEvent) event = data_event (SP_EVENT_KIND_RECEIVED, "x", 0);

    sp_event_log_append (log, event);
  }
  sp_event_log_clear (log);
  g_assert_cmpuint (changed.calls, ==, 3);
  g_assert_cmpuint (changed.removed, ==, 4);
  sp_event_log_thaw (log);
  g_assert_cmpuint (changed.calls, ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 0);
}

static void
test_errno_from_error (void)
{
  g_autoptr(GError) in_use = g_error_new (G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE,
                                          "Error binding to address 127.0.0.1:8081: %s",
                                          g_strerror (EADDRINUSE));
  /* GIO folds ECONNRESET into CONNECTION_CLOSED; the text tells them apart. */
  g_autoptr(GError) reset = g_error_new (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                                         "Error receiving data: %s", g_strerror (ECONNRESET));
  g_autoptr(GError) unreachable = g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                                               "Error sending: %s", g_strerror (ENETUNREACH));
  g_autoptr(GError) refused = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED,
                                                   "Could not connect");
  g_autoptr(GError) resolver = g_error_new_literal (G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND,
                                                    "not found");

  g_assert_cmpint (sp_errno_from_error (in_use), ==, EADDRINUSE);
  g_assert_cmpint (sp_errno_from_error (reset), ==, ECONNRESET);
  g_assert_cmpint (sp_errno_from_error (unreachable), ==, ENETUNREACH);
  g_assert_cmpint (sp_errno_from_error (refused), ==, ECONNREFUSED);
  g_assert_cmpint (sp_errno_from_error (resolver), ==, 0);
  g_assert_cmpstr (sp_errno_name (ECONNREFUSED), ==, "ECONNREFUSED");
  g_assert_null (sp_errno_name (0));
}

static SpEvent *
sized_event (gint64 time_us,
             gsize  size,
             guint8 fill)
{
  g_autofree guint8 *data = g_malloc (size);
  g_autoptr(GBytes) payload = NULL;
  SpEventInit init = {
    .kind = SP_EVENT_KIND_RECEIVED,
    .direction = SP_DIRECTION_IN,
    .time_us = time_us,
    .connection_id = 1,
    .peer = "127.0.0.1:53422",
  };

  memset (data, fill, size);
  payload = g_bytes_new_take (g_steal_pointer (&data), size);
  init.payload = payload;
  return sp_event_new (&init);
}

/* Past the limit the oldest payloads go, across logs; counters stay exact. */
static void
test_capture_limit (void)
{
  const gsize chunk = 1024;
  const guint n = 3000;
  g_autoptr(SpCaptureStore) store = sp_capture_store_new (SP_CAPTURE_STORE_MIN_LIMIT);
  g_autoptr(SpEventLog) a = sp_event_log_new_with_store (store);
  g_autoptr(SpEventLog) b = sp_event_log_new_with_store (store);
  guint64 released = 0;

  g_assert_cmpuint (sp_capture_store_get_limit (store), ==, SP_CAPTURE_STORE_MIN_LIMIT);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SpEvent) event = sized_event (i, chunk, i & 0xff);

      sp_event_log_append (i % 2 ? b : a, event);
      g_assert_cmpuint (sp_capture_store_get_bytes_kept (store), <=, SP_CAPTURE_STORE_MIN_LIMIT);
    }

  /* Counters and events all stay. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (a)), ==, n / 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (b)), ==, n / 2);
  g_assert_cmpuint (sp_event_log_get_bytes_received (a) + sp_event_log_get_bytes_received (b), ==, n * chunk);

  released = sp_event_log_get_bytes_released (a) + sp_event_log_get_bytes_released (b);
  g_assert_cmpuint (released, ==, sp_capture_store_get_bytes_released (store));
  g_assert_cmpuint (released + sp_capture_store_get_bytes_kept (store), ==, n * chunk);
  g_assert_cmpuint (released, >=, n * chunk - SP_CAPTURE_STORE_MIN_LIMIT);
  g_assert_cmpuint (sp_event_log_get_events_released (a) + sp_event_log_get_events_released (b), ==, released / chunk);

  /* Oldest first, in both logs: a prefix released, the rest intact. */
  for (guint l = 0; l < 2; l++)
    {
      SpEventLog *log = l ? b : a;
      guint gone = sp_event_log_get_events_released (log);

      g_assert_cmpuint (gone, >, 0);
      for (guint i = 0; i < n / 2; i++)
        {
          g_autoptr(SpEvent) event = g_list_model_get_item (G_LIST_MODEL (log), i);
          GBytes *payload = sp_event_get_payload (event);

          g_assert_cmpuint (sp_event_get_n_bytes (event), ==, chunk);
          g_assert_cmpint (sp_event_get_payload_released (event), ==, i < gone);
          if (i < gone)
            g_assert_null (payload);
          else
            {
              g_assert_nonnull (payload);
              g_assert_cmpint (((const guint8 *) g_bytes_get_data (payload, NULL))[0], ==, (2 * i + l) & 0xff);
            }
        }
    }
  /* Interleaved in time, so both lost about as much. */
  g_assert_cmpint (ABS ((int) sp_event_log_get_events_released (a) - (int) sp_event_log_get_events_released (b)), <=, 1);

  /* A lower limit releases at once; clearing a log gives its bytes back. */
  sp_capture_store_set_limit (store, 0);
  g_assert_cmpuint (sp_capture_store_get_limit (store), ==, SP_CAPTURE_STORE_MIN_LIMIT);
  sp_capture_store_set_limit (store, 2 * SP_CAPTURE_STORE_MIN_LIMIT);
  sp_event_log_clear (a);
  g_assert_cmpuint (sp_event_log_get_bytes_released (a), ==, 0);
  g_assert_cmpuint (sp_capture_store_get_bytes_kept (store), ==,
                    (n / 2 - sp_event_log_get_events_released (b)) * chunk);
  g_clear_object (&b);
  g_assert_cmpuint (sp_capture_store_get_bytes_kept (store), ==, 0);
}

/* Reads as the engine makes their events: straight into the store's block,
 * the event holding the block and its place in it, the peer interned once
 * by the caller. What a reader sees is the same as with a GBytes. */
static void
test_payload_in_block (void)
{
  g_autoptr(SpCaptureStore) store = sp_capture_store_new (SP_CAPTURE_STORE_MIN_LIMIT);
  g_autoptr(SpEventLog) log = sp_event_log_new_with_store (store);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  char *peer = g_ref_string_new_intern ("127.0.0.1:53422");
  const char *texts[] = { "hello", "sticky", "packets" };
  gsize total = 0;

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      gsize n = strlen (texts[i]), offset = G_MAXSIZE;
      guint8 *buffer = sp_event_log_reserve_payload (log, 1024);
      g_autoptr(GBytes) block = NULL;
      SpEventInit init = {
        .kind = SP_EVENT_KIND_RECEIVED,
        .direction = SP_DIRECTION_IN,
        .peer = peer,
        .peer_interned = TRUE,
      };

      memcpy (buffer, texts[i], n);
      block = sp_event_log_commit_payload_in_block (log, 1024, n, &offset);
      /* One shared block, the reads one after the other in it. */
      g_assert_cmpuint (offset, ==, total);
      g_assert_true ((const guint8 *) g_bytes_get_data (block, NULL) + offset == buffer);
      init.payload_block = block;
      init.payload_offset = offset;
      init.payload_size = n;
      g_ptr_array_add (events, g_list_model_get_item (G_LIST_MODEL (log), sp_event_log_add_now (log, &init)));
      total += n;
    }

  g_assert_cmpuint (sp_event_log_get_bytes_received (log), ==, total);
  g_assert_cmpuint (sp_capture_store_get_bytes_kept (store), ==, total);
  for (guint i = 0; i < events->len; i++)
    {
      SpEvent *event = g_ptr_array_index (events, i);
      g_autoptr(GBytes) needle = g_bytes_new (texts[i] + 1, 3);
      /* Across the seams: "hello|sticky|packets" lie side by side. */
      g_autoptr(GBytes) seam = g_bytes_new (i == 0 ? "ost" : "yp", i == 0 ? 3 : 2);

      g_assert_true (sp_event_get_peer (event) == peer);
      /* Its place in the block is no framing bytes. */
      g_assert_cmpuint (sp_event_get_header_len (event), ==, 0);
      g_assert_cmpuint (sp_event_get_trailer_len (event), ==, 0);
      g_assert_cmpuint (sp_event_get_n_bytes (event), ==, strlen (texts[i]));
      g_assert_true (sp_event_has_payload (event));
      /* Searched in place: only its own bytes, not its neighbours'. */
      g_assert_true (sp_event_payload_contains (event, needle));
      g_assert_false (sp_event_payload_contains (event, seam));
      g_assert_cmpmem (g_bytes_get_data (sp_event_get_payload (event), NULL),
                       g_bytes_get_size (sp_event_get_payload (event)),
                       texts[i], strlen (texts[i]));
      g_assert_cmpuint (sp_event_get_header_len (event), ==, 0);
      g_assert_cmpuint (sp_event_get_trailer_len (event), ==, 0);
    }
  /* The trace line of a read is written from the bytes in the block. */
  {
    SpEventInit call = {
      .kind = SP_EVENT_KIND_CALL,
      .call_form = SP_CALL_FORM_RECV,
      .n_requested = 1024,
      .subject = g_ptr_array_index (events, 2),
    };
    g_autoptr(SpEvent) line = sp_event_new (&call);

    g_assert_cmpstr (sp_event_get_message (line), ==, "sk.recv(1024) → b'packets' (7 bytes)");
  }

  /* Released like any payload, oldest first: the size stays. */
  {
    g_autoptr(SpEvent) huge = sized_event (2, 2 * SP_CAPTURE_STORE_MIN_LIMIT, 'b');

    sp_event_log_append (log, huge);
  }
  g_assert_true (sp_event_get_payload_released (g_ptr_array_index (events, 0)));
  g_assert_false (sp_event_has_payload (g_ptr_array_index (events, 0)));
  g_assert_null (sp_event_get_payload (g_ptr_array_index (events, 0)));
  g_assert_cmpuint (sp_event_get_n_bytes (g_ptr_array_index (events, 0)), ==, 5);
  g_assert_cmpuint (sp_capture_store_get_bytes_kept (store), ==, 0);
  g_ref_string_release (peer);
}

/* One payload larger than the limit is released as soon as it arrives. */
static void
test_capture_oversized (void)
{
  g_autoptr(SpCaptureStore) store = sp_capture_store_new (SP_CAPTURE_STORE_MIN_LIMIT);
  g_autoptr(SpEventLog) log = sp_event_log_new_with_store (store);
  g_autoptr(SpEvent) small = sized_event (1, 10, 'a');
  g_autoptr(SpEvent) huge = sized_event (2, 2 * SP_CAPTURE_STORE_MIN_LIMIT, 'b');

  sp_event_log_append (log, small);
  sp_event_log_append (log, huge);
  g_assert_true (sp_event_get_payload_released (small));
  g_assert_true (sp_event_get_payload_released (huge));
  g_assert_cmpuint (sp_event_get_n_bytes (huge), ==, 2 * SP_CAPTURE_STORE_MIN_LIMIT);
  g_assert_cmpuint (sp_capture_store_get_bytes_kept (store), ==, 0);
  g_assert_cmpuint (sp_event_log_get_events_released (log), ==, 2);
}

static gboolean
timed_out_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Appends reach a view in one batch; a clear at once. */
static void
test_batched_model (void)
{
  g_autoptr(SpEventLog) log = sp_event_log_new ();
  g_autoptr(SpBatchedModel) batched = sp_batched_model_new (G_LIST_MODEL (log));
  Changed changed = { 0 };
  gboolean timed_out = FALSE;
  guint timeout_id;

  g_signal_connect (batched, "items-changed", G_CALLBACK (items_changed_cb), &changed);

  for (guint i = 0; i < 100; i++)
    {
      g_autoptr(SpEvent) event = sized_event (i, 4, 'x');
      sp_event_log_append (log, event);
    }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (batched)), ==, 0);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (batched), 0));
  g_assert_cmpuint (changed.calls, ==, 0);

  timeout_id = g_timeout_add (5000, timed_out_cb, &timed_out);
  while (changed.calls == 0 && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout_id);
  g_assert_false (timed_out);
  g_assert_cmpuint (changed.calls, ==, 1);
  g_assert_cmpuint (changed.position, ==, 0);
  g_assert_cmpuint (changed.removed, ==, 0);
  g_assert_cmpuint (changed.added, ==, 100);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (batched)), ==, 100);

  {
    g_autoptr(SpEvent) event = sized_event (100, 4, 'y');
    g_autoptr(SpEvent) first = NULL;

    sp_event_log_append (log, event);
    sp_batched_model_flush (batched);
    g_assert_cmpuint (changed.calls, ==, 2);
    g_assert_cmpuint (changed.position, ==, 100);
    g_assert_cmpuint (changed.added, ==, 1);
    first = g_list_model_get_item (G_LIST_MODEL (batched), 0);
    g_assert_true (sp_event_get_time_us (first) == 0);
  }

  /* Pending appends and a clear: the view learns of the clear at once. */
  {
    g_autoptr(SpEvent) event = sized_event (101, 4, 'z');
    sp_event_log_append (log, event);
  }
  sp_event_log_clear (log);
  g_assert_cmpuint (changed.calls, ==, 3);
  g_assert_cmpuint (changed.position, ==, 0);
  g_assert_cmpuint (changed.removed, ==, 101);
  g_assert_cmpuint (changed.added, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (batched)), ==, 0);
  sp_batched_model_flush (batched);
  g_assert_cmpuint (changed.calls, ==, 3);
}

/* While the view is short it grows a step per batch. */
static void
test_batched_ramp (void)
{
  g_autoptr(SpEventLog) log = sp_event_log_new ();
  g_autoptr(SpBatchedModel) batched = sp_batched_model_new (G_LIST_MODEL (log));
  Changed changed = { 0 };

  sp_batched_model_set_ramp (batched, 10, 25);
  g_signal_connect (batched, "items-changed", G_CALLBACK (items_changed_cb), &changed);
  for (guint i = 0; i < 100; i++)
    {
      g_autoptr(SpEvent) event = sized_event (i, 1, 'r');
      sp_event_log_append (log, event);
    }

  g_assert_true (sp_batched_model_is_ramping (batched));
  sp_batched_model_flush (batched);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (batched)), ==, 10);
  sp_batched_model_flush (batched);
  g_assert_true (sp_batched_model_is_ramping (batched));
  sp_batched_model_flush (batched);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (batched)), ==, 30);
  /* Past 25 the rest comes at once, here from the timer the ramp set. */
  g_assert_false (sp_batched_model_is_ramping (batched));
  while (g_list_model_get_n_items (G_LIST_MODEL (batched)) < 100)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (changed.calls, ==, 4);
  g_assert_cmpuint (changed.added, ==, 70);
}

/* A model that shrinks or grows past what was announced (a hex dump's
 * next payload while the dump is still being announced) changes nothing
 * shown: the ramp goes on. A cut inside what was shown drops only the
 * items past the cut. */
static void
test_batched_changes_past_announced (void)
{
  g_autoptr(GListStore) store = g_list_store_new (G_TYPE_OBJECT);
  g_autoptr(SpBatchedModel) batched = sp_batched_model_new (G_LIST_MODEL (store));
  Changed changed = { 0 };

  sp_batched_model_set_ramp (batched, 10, 200);
  g_signal_connect (batched, "items-changed", G_CALLBACK (items_changed_cb), &changed);
  for (guint i = 0; i < 100; i++)
    {
      g_autoptr(GObject) item = g_object_new (G_TYPE_OBJECT, NULL);
      g_list_store_append (store, item);
    }
  sp_batched_model_flush (batched);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (batched)), ==, 10);
  g_assert_cmpuint (changed.calls, ==, 1);

  g_list_store_splice (store, 90, 10, NULL, 0);
  g_assert_cmpuint (changed.calls, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (batched)), ==, 10);

  sp_batched_model_flush (batched);
  g_assert_cmpuint (changed.calls, ==, 2);
  g_assert_cmpuint (changed.position, ==, 10);
  g_assert_cmpuint (changed.removed, ==, 0);
  g_assert_cmpuint (changed.added, ==, 10);

  g_list_store_splice (store, 15, 75, NULL, 0);
  g_assert_cmpuint (changed.calls, ==, 3);
  g_assert_cmpuint (changed.position, ==, 15);
  g_assert_cmpuint (changed.removed, ==, 5);
  g_assert_cmpuint (changed.added, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (batched)), ==, 15);
  sp_batched_model_flush (batched);
  g_assert_cmpuint (changed.calls, ==, 3);
}

/* The record store ------------------------------------------------------- */

/* Every field of the record at @i, as record_init_at() logged it. */
static void
assert_record_at (const SpEventRecord *r,
                  guint                i,
                  const char          *peer)
{
  g_assert_nonnull (r);
  g_assert_cmpint (sp_event_record_get_kind (r), ==, i % 3 == 0 ? SP_EVENT_KIND_SENT : SP_EVENT_KIND_RECEIVED);
  g_assert_cmpint (sp_event_record_get_direction (r), ==, i % 3 == 0 ? SP_DIRECTION_OUT : SP_DIRECTION_IN);
  g_assert_cmpuint (sp_event_record_get_connection_id (r), ==, i % 7 + 1);
  g_assert_true (sp_event_record_get_peer (r) == peer);
  g_assert_cmpuint (sp_event_record_get_n_bytes (r), ==, 4);
  g_assert_cmpuint (sp_event_record_get_n_requested (r), ==, i % 3 == 0 ? 10 : 0);
  g_assert_cmpint (sp_event_record_is_partial (r), ==, i % 3 == 0);
  g_assert_cmpint (sp_event_record_get_client_to_server (r), ==, i % 2);
  g_assert_cmpuint (sp_event_record_get_stream_offset (r), ==, (guint64) i * 4 + ((guint64) 1 << 40));
  g_assert_cmpuint (sp_event_record_get_call_number (r), ==, i + 1);
  g_assert_cmpint (sp_event_record_get_errnum (r), ==, i % 5 == 0 ? ECONNRESET : 0);
  g_assert_cmpint (sp_event_record_get_truncated (r), ==, i % 11 == 0);
  g_assert_cmpint (sp_event_record_get_text_encoding (r, SP_TEXT_ENCODING_UTF8), ==,
                   i % 3 == 0 ? SP_TEXT_ENCODING_GBK : SP_TEXT_ENCODING_UTF8);
  g_assert_cmpstr (sp_event_record_get_message (r), ==, i % 13 == 0 ? "thirteen" : NULL);
  g_assert_true (sp_event_record_has_payload (r));
  {
    gsize size;
    const guint8 *data = sp_event_record_get_payload_data (r, &size);
    guint32 value;

    g_assert_cmpuint (size, ==, 4);
    memcpy (&value, data, 4);
    g_assert_cmpuint (value, ==, i);
  }
}

/* Logs event @i as the engine does: the payload read into the store. */
static guint
record_init_at (SpEventLog *log,
                guint       i,
                const char *peer)
{
  guint8 *buffer = sp_event_log_reserve_payload (log, 16);
  g_autoptr(GBytes) block = NULL;
  gsize offset;
  SpEventInit init = {
    .kind = i % 3 == 0 ? SP_EVENT_KIND_SENT : SP_EVENT_KIND_RECEIVED,
    .direction = i % 3 == 0 ? SP_DIRECTION_OUT : SP_DIRECTION_IN,
    .connection_id = i % 7 + 1,
    .peer = peer,
    .peer_interned = TRUE,
    .n_requested = i % 3 == 0 ? 10 : 0,
    .client_to_server = i % 2,
    .message = i % 13 == 0 ? "thirteen" : NULL,
    .errnum = i % 5 == 0 ? ECONNRESET : 0,
    .truncated = i % 11 == 0,
    .stream_offset = (guint64) i * 4 + ((guint64) 1 << 40),
    .call_number = i + 1,
    .text_encoding = i % 3 == 0 ? SP_TEXT_ENCODING_GBK + 1 : 0,
  };

  memcpy (buffer, &i, 4);
  block = sp_event_log_commit_payload_in_block (log, 16, 4, &offset);
  init.payload_block = block;
  init.payload_offset = offset;
  init.payload_size = 4;

  return sp_event_log_add_now (log, &init);
}

static void
test_records_append (void)
{
  g_autoptr(SpCaptureStore) store = sp_capture_store_new (G_MAXUINT64);
  g_autoptr(SpEventLog) log = sp_event_log_new_with_store (store);
  char *peer = g_ref_string_new_intern ("127.0.0.1:53422");

  g_assert_null (sp_event_log_peek (log, 0));
  for (guint i = 0; i < 40; i++)
    g_assert_cmpuint (record_init_at (log, i, peer), ==, i);

  g_assert_cmpuint (sp_event_log_get_n_records (log), ==, 40);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 40);
  g_assert_null (sp_event_log_peek (log, 40));
  for (guint i = 0; i < 40; i++)
    {
      const SpEventRecord *r = sp_event_log_peek (log, i);

      assert_record_at (r, i, peer);
      g_assert_cmpint (sp_event_record_get_time_us (r), >=, 0);
      g_assert_cmpstr (sp_event_log_get_message (log, i), ==, i % 13 == 0 ? "thirteen" : NULL);
    }
  /* The object made for an item reads the same record. */
  for (guint i = 0; i < 40; i++)
    {
      g_autoptr(SpEvent) event = g_list_model_get_item (G_LIST_MODEL (log), i);
      g_autoptr(GBytes) expected = g_bytes_new (&i, 4);

      g_assert_true (sp_event_get_record (event) == sp_event_log_peek (log, i));
      g_assert_cmpuint (sp_event_get_call_number (event), ==, i + 1);
      g_assert_cmpuint (sp_event_get_stream_offset (event), ==, (guint64) i * 4 + ((guint64) 1 << 40));
      g_assert_true (g_bytes_equal (sp_event_get_payload (event), expected));
    }
  g_assert_cmpuint (sp_event_log_get_bytes_sent (log) + sp_event_log_get_bytes_received (log), ==, 40 * 4);
  g_ref_string_release (peer);
}

static void
test_records_identity (void)
{
  g_autoptr(SpCaptureStore) store = sp_capture_store_new (G_MAXUINT64);
  g_autoptr(SpEventLog) log = sp_event_log_new_with_store (store);
  char *peer = g_ref_string_new_intern ("[::1]:8081");
  SpEvent *first, *again, *other;
  GWeakRef weak;

  for (guint i = 0; i < 3; i++)
    record_init_at (log, i, peer);

  /* While someone holds an item's object, asking again gives it back. */
  first = g_list_model_get_item (G_LIST_MODEL (log), 1);
  again = g_list_model_get_item (G_LIST_MODEL (log), 1);
  other = g_list_model_get_item (G_LIST_MODEL (log), 2);
  g_assert_true (first == again);
  g_assert_true (first != other);
  g_object_unref (again);
  g_object_unref (other);
  again = g_list_model_get_item (G_LIST_MODEL (log), 1);
  g_assert_true (first == again);
  g_object_unref (again);

  /* Once nobody does, it goes; the record stays and makes a new one. */
  g_weak_ref_init (&weak, first);
  g_object_unref (first);
  g_assert_null (g_weak_ref_get (&weak));
  g_weak_ref_clear (&weak);
  first = g_list_model_get_item (G_LIST_MODEL (log), 1);
  assert_record_at (sp_event_get_record (first), 1, peer);

  /* An object outlives a clear of its log with its fields and bytes. */
  sp_event_log_clear (log);
  g_assert_null (sp_event_log_peek (log, 1));
  g_assert_cmpuint (sp_event_get_call_number (first), ==, 2);
  g_assert_true (sp_event_get_peer (first) == peer);
  g_assert_cmpuint (sp_event_get_n_bytes (first), ==, 4);
  g_assert_cmpuint (*(const guint32 *) g_bytes_get_data (sp_event_get_payload (first), NULL), ==, 1);
  g_clear_object (&log);
  g_assert_cmpuint (sp_event_get_connection_id (first), ==, 2);
  g_object_unref (first);
  g_ref_string_release (peer);
}

/* An object appended is the item's object; the capture store's release
 * reaches it. */
static void
test_records_append_object (void)
{
  g_autoptr(SpCaptureStore) store = sp_capture_store_new (SP_CAPTURE_STORE_MIN_LIMIT);
  g_autoptr(SpEventLog) log = sp_event_log_new_with_store (store);
  g_autoptr(SpEvent) small = data_event (SP_EVENT_KIND_RECEIVED, "hello", 0);
  g_autoptr(SpEvent) item = NULL;

  sp_event_log_append (log, small);
  item = g_list_model_get_item (G_LIST_MODEL (log), 0);
  g_assert_true (item == small);
  g_assert_cmpstr (sp_event_get_peer (small), ==, "127.0.0.1:53422");

  /* The same object again is a copy: the first stays the item's. */
  sp_event_log_append (log, small);
  g_clear_object (&item);
  item = g_list_model_get_item (G_LIST_MODEL (log), 1);
  g_assert_true (item != small);
  g_assert_cmpuint (sp_event_get_n_bytes (item), ==, 5);

  {
    g_autoptr(SpEvent) huge = sized_event (2, 2 * SP_CAPTURE_STORE_MIN_LIMIT, 'h');

    sp_event_log_append (log, huge);
  }
  g_assert_true (sp_event_get_payload_released (small));
  g_assert_null (sp_event_get_payload (small));
  g_assert_true (sp_event_get_payload_released (item));
}

/* Many records, over many chunks: each where it was put. */
static void
test_records_many (void)
{
  g_autoptr(SpCaptureStore) store = sp_capture_store_new (G_MAXUINT64);
  g_autoptr(SpEventLog) log = sp_event_log_new_with_store (store);
  char *peer = g_ref_string_new_intern ("127.0.0.1:1");
  const guint n = 300000;
  g_autoptr(SpEvent) held = NULL;

  sp_event_log_freeze (log);
  for (guint i = 0; i < n; i++)
    record_init_at (log, i, peer);
  /* Frozen: recorded, not announced yet. */
  g_assert_cmpuint (sp_event_log_get_n_records (log), ==, n);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 0);
  sp_event_log_thaw (log);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, n);

  for (guint i = 0; i < n; i++)
    assert_record_at (sp_event_log_peek (log, i), i, peer);
  held = g_list_model_get_item (G_LIST_MODEL (log), n - 1);
  assert_record_at (sp_event_get_record (held), n - 1, peer);
  g_assert_cmpuint (sp_event_log_get_bytes_sent (log) + sp_event_log_get_bytes_received (log), ==, (guint64) n * 4);
  g_assert_cmpuint (sp_capture_store_get_bytes_kept (store), ==, (guint64) n * 4);

  /* After a clear the positions start again. */
  sp_event_log_clear (log);
  g_assert_cmpuint (sp_event_log_get_n_records (log), ==, 0);
  g_assert_cmpuint (sp_capture_store_get_bytes_kept (store), ==, 0);
  for (guint i = 0; i < 2000; i++)
    g_assert_cmpuint (record_init_at (log, i, peer), ==, i);
  assert_record_at (sp_event_log_peek (log, 1999), 1999, peer);
  assert_record_at (sp_event_get_record (held), n - 1, peer);
  g_ref_string_release (peer);
}

/* A read's trace line is written from its RECEIVED record, and says so
 * when the record's bytes or the record itself are gone. */
static void
test_records_read_call (void)
{
  g_autoptr(SpCaptureStore) store = sp_capture_store_new (SP_CAPTURE_STORE_MIN_LIMIT);
  g_autoptr(SpEventLog) events = sp_event_log_new_with_store (store);
  g_autoptr(SpEventLog) trace = sp_event_log_new_with_store (store);
  g_autoptr(GBytes) hi = g_bytes_new ("hi", 2);
  SpEventInit init = {
    .kind = SP_EVENT_KIND_RECEIVED,
    .direction = SP_DIRECTION_IN,
    .connection_id = 4,
    .payload = hi,
    .client_to_server = TRUE,
  };
  guint first, second, third;

  first = sp_event_log_add_now (events, &init);
  second = sp_event_log_add_now (events, &init);
  third = sp_event_log_add_now (events, &init);
  g_assert_cmpuint (sp_event_log_add_read_call (trace, 4, SP_CALL_FORM_RECV, 1024, events, first), ==, 0);
  sp_event_log_add_read_call (trace, 4, SP_CALL_FORM_RECV, 1024, events, second);
  sp_event_log_add_read_call (trace, 4, SP_CALL_FORM_RECV, 1024, events, third);

  /* Not written until asked for; a trace line counts no bytes. */
  g_assert_null (sp_event_record_get_message (sp_event_log_peek (trace, 0)));
  g_assert_cmpuint (sp_event_log_get_bytes_received (trace), ==, 0);
  g_assert_cmpint (sp_event_record_get_kind (sp_event_log_peek (trace, 0)), ==, SP_EVENT_KIND_CALL);
  g_assert_cmpint (sp_event_record_get_time_us (sp_event_log_peek (trace, 0)), ==,
                   sp_event_record_get_time_us (sp_event_log_peek (events, first)));
  g_assert_cmpstr (sp_event_log_get_message (trace, 0), ==, "conn4.recv(1024) → b'hi' (2 bytes)");
  {
    g_autoptr(SpEvent) line = g_list_model_get_item (G_LIST_MODEL (trace), 1);

    g_assert_cmpstr (sp_event_get_message (line), ==, "conn4.recv(1024) → b'hi' (2 bytes)");
    g_assert_cmpuint (sp_event_get_n_bytes (line), ==, 0);
    g_assert_cmpuint (sp_event_get_call_number (line), ==, 0);
  }

  /* Bytes released before the line was written. */
  sp_event_log_add_read_call (trace, 4, SP_CALL_FORM_RECV, 1024, events, first);
  {
    g_autoptr(SpEvent) huge = sized_event (2, 2 * SP_CAPTURE_STORE_MIN_LIMIT, 'h');

    sp_event_log_append (events, huge);
  }
  g_assert_cmpstr (sp_event_log_get_message (trace, 3), ==,
                   "conn4.recv(1024) → (bytes no longer kept: capture limit reached) (2 bytes)");

  /* The log cleared: the line still says what it can. */
  sp_event_log_clear (events);
  g_assert_cmpstr (sp_event_log_get_message (trace, 2), ==,
                   "conn4.recv(1024) → (bytes no longer kept: the log was cleared) (2 bytes)");
  /* And the log gone. */
  first = sp_event_log_add_now (events, &init);
  sp_event_log_add_read_call (trace, 4, SP_CALL_FORM_RECV, 1024, events, first);
  g_clear_object (&events);
  g_assert_cmpstr (sp_event_log_get_message (trace, 4), ==,
                   "conn4.recv(1024) → (bytes no longer kept: the log was cleared) (2 bytes)");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/event/fields", test_event_fields);
  g_test_add_func ("/event/payload-contains", test_event_payload_contains);
  g_test_add_func ("/event-log/model", test_log_model);
  g_test_add_func ("/event-log/freeze", test_log_freeze);
  g_test_add_func ("/event-log/capture-limit", test_capture_limit);
  g_test_add_func ("/event-log/capture-oversized", test_capture_oversized);
  g_test_add_func ("/event-log/payload-in-block", test_payload_in_block);
  g_test_add_func ("/event-log/records/append", test_records_append);
  g_test_add_func ("/event-log/records/identity", test_records_identity);
  g_test_add_func ("/event-log/records/append-object", test_records_append_object);
  g_test_add_func ("/event-log/records/many", test_records_many);
  g_test_add_func ("/event-log/records/read-call", test_records_read_call);
  g_test_add_func ("/event-log/batched", test_batched_model);
  g_test_add_func ("/event-log/batched-ramp", test_batched_ramp);
  g_test_add_func ("/event-log/batched-past-announced", test_batched_changes_past_announced);
  g_test_add_func ("/errno/from-error", test_errno_from_error);

  return g_test_run ();
}
