/* sp-event-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sp-batched-model.h"
#include "sp-bench-count.h"
#include "sp-capture-store.h"
#include "sp-display-props.h"
#include "sp-event-list-private.h"
#include "sp-export.h"
#include "sp-file-dialogs.h"
#include "sp-hex-view.h"
#include "sp-hex.h"
#include "sp-inline-message.h"
#include "sp-template.h"
#include "sp-text-codec.h"
#include "sp-throttle.h"
#include "sp-wrap-box.h"

/* Following the newest event makes GTK 4.8's list rebind every row it
 * keeps (up to 200): under a flood, two jumps a second, not one a frame. */
#define FOLLOW_INTERVAL_MS 500

/* With no event selected the hex view follows the newest bytes; under a
 * flood, a few times a second, not once per batch: each new payload
 * makes its dump's list drop and make all of its rows (up to 200). */
#define HEX_FOLLOW_INTERVAL_MS 250

#define SETTLE_TRIES 4

/* Rows made per frame while the list fills (each is a template: about a
 * millisecond). */
#define ROWS_MADE_PER_FRAME 8
enum {
  PROP_0,
  PROP_ENDPOINT,
  PROP_ENCODING,
  PROP_WALL_CLOCK,
  PROP_BYTES_PER_LINE,
  PROP_FOLLOWING,
  PROP_SEARCH_VISIBLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SpEventList, sp_event_list, GTK_TYPE_WIDGET)

/* Following the newest event ---------------------------------------------- */

static SpEvent *
newest_data_event (GListModel *events)
{
  guint n = g_list_model_get_n_items (events);

  /* Only a recent window: the hex view follows what just happened. */
  for (guint i = n; i > 0 && n - i < 64; i--)
    {
      g_autoptr(SpEvent) event = g_list_model_get_item (events, i - 1);

      if (sp_event_get_payload (event) != NULL)
        return g_steal_pointer (&event);
    }

  return NULL;
}

/* A jump costs GTK 4.8's list a bind of the 200 rows it keeps, laid out in
 * the next frame: it takes the turn of this frame and the next, shared with
 * other panes' jumps, new dumps and views still filling
 * (sp_frame_take_turn()). Returns FALSE, and asks to run again a frame
 * later, when they are taken. */
static gboolean
take_jump_turn (SpEventList *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  if (sp_frame_take_turn (clock, 2))
    return TRUE;

  /* A frame must come for the turn to: ask for one. */
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_PAINT);
  sp_throttle_request_again (&self->scroll_throttle);
  return FALSE;
}

static void
scroll_to_newest (SpEventList *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));

  if (!take_jump_turn (self))
    return;

  /* The list view anchors on the item, which holds while row heights are
   * still being measured (a value on the adjustment would not). */
  if (n > 0)
    {
      sp_bench_count (SP_BENCH_LIST_JUMPS, 1);
      gtk_widget_activate_action (GTK_WIDGET (self->events_list), "list.scroll-to-item", "u", n - 1);
    }
}

static void
scroll_to_newest_cb (gpointer user_data)
{
  SpEventList *self = user_data;

  /* Asked for before the user scrolled up. */
  if (self->follow_newest)
    scroll_to_newest (self);
}

static gboolean
settle_scroll_cb (gpointer user_data)
{
  SpEventList *self = user_data;
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->events_scroller);
  gboolean at_bottom = gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_size (adj)
                       >= gtk_adjustment_get_upper (adj) - 4;

  self->settle_scroll_id = 0;
  if (!self->follow_newest)
    return G_SOURCE_REMOVE;

  /* Row heights are estimates until the rows are made: GTK 4.8 can land
   * short of the end. Go once more when the events stop, then again
   * while the last go (laid out by now) did not reach the bottom. */
  if (self->settle_tries < SETTLE_TRIES && at_bottom)
    return G_SOURCE_REMOVE;

  scroll_to_newest (self);
  if (self->settle_tries-- > 0)
    self->settle_scroll_id = g_timeout_add (150, settle_scroll_cb, self);

  return G_SOURCE_REMOVE;
}

static void
show_event (SpEventList *self,
            SpEvent     *event)
{
  SpConnection *connection = NULL;

  if (sp_event_get_connection_id (event) != 0)
    connection = sp_endpoint_find_connection (self->endpoint, sp_event_get_connection_id (event));

  sp_hex_view_set_event (self->hex_view, event, connection);
}

static void
follow_newest_bytes (SpEventList *self)
{
  g_autoptr(SpEvent) newest = NULL;

  if (gtk_single_selection_get_selected (self->selection) != GTK_INVALID_LIST_POSITION)
    return;

  newest = newest_data_event (G_LIST_MODEL (self->batched_events));
  if (newest != NULL)
    {
      sp_bench_count (SP_BENCH_DUMP_FOLLOWS, 1);
      show_event (self, newest);
    }
}

/* In a frame's update phase, the new dump's cost is that frame's: the turn
 * taken is the frame that lays it out. */
static gboolean
follow_newest_bytes_tick_cb (GtkWidget     *widget,
                             GdkFrameClock *clock,
                             gpointer       user_data)
{
  SpEventList *self = user_data;

  if (!sp_frame_take_turn (clock, 1))
    return G_SOURCE_CONTINUE;

  self->hex_tick_id = 0;
  follow_newest_bytes (self);
  return G_SOURCE_REMOVE;
}

static void
follow_newest_bytes_cb (gpointer user_data)
{
  SpEventList *self = user_data;

  if (gtk_single_selection_get_selected (self->selection) != GTK_INVALID_LIST_POSITION ||
      self->hex_tick_id != 0)
    return;

  /* No frames come to an unmapped list, and it has none to spare. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    follow_newest_bytes (self);
  else
    self->hex_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), follow_newest_bytes_tick_cb,
                                                      self, NULL);
}

static void
cancel_hex_tick (SpEventList *self)
{
  if (self->hex_tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->hex_tick_id);
  self->hex_tick_id = 0;
}

static void
events_changed_cb (SpEventList *self,
                   guint        position,
                   guint        removed,
                   guint        added,
                   GListModel  *model)
{
  if (gtk_single_selection_get_selected (self->selection) == GTK_INVALID_LIST_POSITION)
    sp_throttle_request (&self->hex_throttle);

  /* Once the events stop coming (150 ms without a batch), make sure the
   * view ended at the end. */
  if (self->follow_newest)
    {
      g_clear_handle_id (&self->settle_scroll_id, g_source_remove);
      self->settle_tries = SETTLE_TRIES;
      self->settle_scroll_id = g_timeout_add (150, settle_scroll_cb, self);
    }

  if (self->follow_newest)
    sp_throttle_request (&self->scroll_throttle);
}

static void
events_scrolled_cb (SpEventList   *self,
                    GtkAdjustment *adj)
{
  double value = gtk_adjustment_get_value (adj);
  gboolean at_bottom = value + gtk_adjustment_get_page_size (adj) >= gtk_adjustment_get_upper (adj) - 4;
  gboolean was_following = self->follow_newest;

  /* Follow new events while the user is at the bottom; stop when they
   * scroll up. The list growing under the view, or re-estimating its row
   * heights (it reconfigures the adjustment: "changed", then the value),
   * is not the user. */
  if (at_bottom)
    self->follow_newest = TRUE;
  else if (value < self->last_scroll_value - 0.5 && !self->extent_changing)
    self->follow_newest = FALSE;
  self->last_scroll_value = value;

  if (self->follow_newest != was_following)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOWING]);
}

static gboolean
extent_settled_cb (gpointer user_data)
{
  SpEventList *self = user_data;

  self->extent_idle_id = 0;
  self->extent_changing = FALSE;
  return G_SOURCE_REMOVE;
}

/* The list re-laid out its rows: value changes that follow in the same
 * turn of the main loop are its doing. */
static void
events_extent_changed_cb (SpEventList *self)
{
  self->extent_changing = TRUE;
  if (self->extent_idle_id == 0)
    self->extent_idle_id = g_idle_add_full (G_PRIORITY_HIGH, extent_settled_cb, self, NULL);
}

static void
event_selected_cb (SpEventList *self)
{
  SpEvent *event = gtk_single_selection_get_selected_item (self->selection);

  if (event != NULL)
    show_event (self, event);
}

/* Search and filter -------------------------------------------------------- */

enum {
  FILTER_ALL,
  FILTER_SENT,
  FILTER_RECEIVED,
  FILTER_MESSAGES,
  FILTER_ERRORS,
  FILTER_CONNECTIONS,
};

static gboolean
event_visible (gpointer item,
               gpointer user_data)
{
  SpEventList *self = user_data;
  SpEvent *event = item;
  SpEventKind kind = sp_event_get_kind (event);
  gboolean shown;
  GBytes *needle;

  switch (gtk_drop_down_get_selected (self->filter_dropdown))
    {
    case FILTER_SENT:
      shown = kind == SP_EVENT_KIND_SENT;
      break;

    case FILTER_RECEIVED:
      shown = kind == SP_EVENT_KIND_RECEIVED;
      break;

    case FILTER_MESSAGES:
      shown = kind == SP_EVENT_KIND_MESSAGE;
      break;

    case FILTER_ERRORS:
      shown = kind == SP_EVENT_KIND_ERROR;
      break;

    case FILTER_CONNECTIONS:
      shown = kind != SP_EVENT_KIND_SENT && kind != SP_EVENT_KIND_RECEIVED &&
              kind != SP_EVENT_KIND_MESSAGE;
      break;

    case FILTER_ALL:
    default:
      shown = TRUE;
      break;
    }

  if (!shown || self->search_text == NULL)
    return shown;

  /* "#3": the entries of connection 3. */
  if (self->search_text[0] == '#' && g_ascii_isdigit (self->search_text[1]))
    return sp_event_get_connection_id (event) == (guint) g_ascii_strtoull (self->search_text + 1, NULL, 10);

  /* The bytes as the entry's encoding writes the text, or as hex, or the
   * words of the entry's message. */
  needle = self->search_bytes[sp_event_get_text_encoding (event, self->encoding)];
  return sp_event_payload_contains (event, needle) ||
         (sp_event_get_message (event) != NULL &&
          strstr (sp_event_get_message (event), self->search_text) != NULL);
}

static gboolean
shows_all (SpEventList *self)
{
  return self->search_text == NULL &&
         gtk_drop_down_get_selected (self->filter_dropdown) == FILTER_ALL;
}

static void
filter_changed_cb (SpEventList *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->log_search_entry));

  g_clear_pointer (&self->search_text, g_free);
  for (guint e = 0; e < G_N_ELEMENTS (self->search_bytes); e++)
    g_clear_pointer (&self->search_bytes[e], g_bytes_unref);

  if (text != NULL && *text != '\0')
    {
      g_autoptr(GBytes) hex = sp_hex_parse (text, -1, NULL, NULL);

      self->search_text = g_strdup (text);
      /* Hex when it reads as hex ("0d 0a"), else the text itself. */
      for (guint e = 0; e < G_N_ELEMENTS (self->search_bytes); e++)
        self->search_bytes[e] = hex ? g_bytes_ref (hex)
                                    : sp_text_encode (text, e, SP_LINE_ENDING_NONE, NULL, NULL);
    }

  /* Showing every entry: no function at all, so the filter model passes
   * new entries on without asking the log for an object each. */
  if (self->filter == NULL)
    return;
  if (shows_all (self))
    gtk_custom_filter_set_filter_func (self->filter, NULL, NULL, NULL);
  else
    gtk_custom_filter_set_filter_func (self->filter, event_visible, self, NULL);
}

/* Escape in the search entry closes the search. */
static void
stop_search_cb (SpEventList *self)
{
  sp_event_list_set_search_visible (self, FALSE);
}

/* Counters stay exact past the capture limit; say what is gone. */
static void
update_capture_note (SpEventList *self)
{
  SpEventLog *log = self->endpoint ? sp_endpoint_get_events (self->endpoint) : NULL;
  guint64 released = log ? sp_event_log_get_bytes_released (log) : 0;
  g_autofree char *text = NULL;

  if (released > 0)
    {
      guint n = sp_event_log_get_events_released (log);
      g_autofree char *size = g_format_size_full (released, G_FORMAT_SIZE_IEC_UNITS);
      g_autofree char *limit = g_format_size_full (sp_capture_store_get_limit (sp_capture_store_get_default ()),
                                                   G_FORMAT_SIZE_IEC_UNITS);

      /* TRANSLATORS: "First 1.2 GB not kept (the bytes of 1,234 events): capture limit 256.0 MiB. ..." */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "First %s not kept (the bytes of %'u event): capture limit %s. "
                                           "Every event and count is still here.",
                                           "First %s not kept (the bytes of %'u events): capture limit %s. "
                                           "Every event and count is still here.", n),
                              size, n, limit);
    }

  sp_inline_message_show (self->capture_label, text);
}

/* Life cycle --------------------------------------------------------------- */

static void
forget_endpoint (SpEventList *self)
{
  sp_frame_batches_clear (&self->batches);
  sp_throttle_cancel (&self->scroll_throttle);
  sp_throttle_cancel (&self->hex_throttle);
  cancel_hex_tick (self);
  g_clear_handle_id (&self->settle_scroll_id, g_source_remove);
  if (self->batched_events != NULL)
    g_signal_handlers_disconnect_by_data (self->batched_events, self);
  gtk_filter_list_model_set_model (self->filtered_events, NULL);
  g_clear_object (&self->batched_events);
  sp_hex_view_set_event (self->hex_view, NULL, NULL);
  sp_hex_view_set_calls (self->hex_view, NULL);
  g_clear_object (&self->endpoint);
}

/* A follow waiting for a frame is done now: none come while unmapped. */
static void
sp_event_list_unmap (GtkWidget *widget)
{
  SpEventList *self = SP_EVENT_LIST (widget);

  GTK_WIDGET_CLASS (sp_event_list_parent_class)->unmap (widget);
  if (self->hex_tick_id != 0)
    {
      cancel_hex_tick (self);
      follow_newest_bytes (self);
    }
}

static void
sp_event_list_dispose (GObject *object)
{
  SpEventList *self = (SpEventList *)object;

  /* Tearing the list down reconfigures its adjustment: stop listening. */
  if (self->events_scroller != NULL)
    g_signal_handlers_disconnect_by_data (gtk_scrolled_window_get_vadjustment (self->events_scroller), self);
  if (self->filtered_events != NULL)
    forget_endpoint (self);
  g_clear_handle_id (&self->extent_idle_id, g_source_remove);
  _sp_event_list_rows_clear (self);
  if (self->log_signals != NULL)
    g_signal_group_set_target (self->log_signals, NULL);
  g_signal_handlers_disconnect_by_data (sp_capture_store_get_default (), self);

  sp_template_dispose (GTK_WIDGET (self), SP_TYPE_EVENT_LIST);
  g_clear_object (&self->log_signals);
  g_clear_pointer (&self->search_text, g_free);
  for (guint e = 0; e < G_N_ELEMENTS (self->search_bytes); e++)
    g_clear_pointer (&self->search_bytes[e], g_bytes_unref);

  G_OBJECT_CLASS (sp_event_list_parent_class)->dispose (object);
}

static void
sp_event_list_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SpEventList *self = SP_EVENT_LIST (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      g_value_set_object (value, self->endpoint);
      break;

    case PROP_ENCODING:
      g_value_set_int (value, self->encoding);
      break;

    case PROP_WALL_CLOCK:
      g_value_set_boolean (value, self->wall_clock);
      break;

    case PROP_BYTES_PER_LINE:
      g_value_set_uint (value, self->bytes_per_line);
      break;

    case PROP_FOLLOWING:
      g_value_set_boolean (value, self->follow_newest);
      break;

    case PROP_SEARCH_VISIBLE:
      g_value_set_boolean (value, gtk_widget_get_visible (self->search_row));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_event_list_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  SpEventList *self = SP_EVENT_LIST (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      sp_event_list_set_endpoint (self, g_value_get_object (value));
      break;

    case PROP_ENCODING:
      if (self->encoding != (SpTextEncoding) g_value_get_int (value))
        {
          self->encoding = g_value_get_int (value);
          /* Received bytes now read, and are searched, in this one. */
          if (self->filter != NULL && self->search_text != NULL)
            gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_WALL_CLOCK:
      if (self->wall_clock != g_value_get_boolean (value))
        {
          self->wall_clock = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_BYTES_PER_LINE:
      if (self->bytes_per_line != g_value_get_uint (value))
        {
          self->bytes_per_line = g_value_get_uint (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_SEARCH_VISIBLE:
      sp_event_list_set_search_visible (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_event_list_class_init (SpEventListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sp_event_list_dispose;
  object_class->get_property = sp_event_list_get_property;
  object_class->set_property = sp_event_list_set_property;
  widget_class->unmap = sp_event_list_unmap;

  properties[PROP_ENDPOINT] =
    g_param_spec_object ("endpoint", NULL, NULL, SP_TYPE_ENDPOINT,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* How the rows show bytes as text, and how the search finds text. */
  properties[PROP_ENCODING] = sp_display_prop_encoding ();
  properties[PROP_WALL_CLOCK] = sp_display_prop_wall_clock ();
  properties[PROP_BYTES_PER_LINE] = sp_display_prop_bytes_per_line ();
  properties[PROP_FOLLOWING] =
    g_param_spec_boolean ("following", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SEARCH_VISIBLE] =
    g_param_spec_boolean ("search-visible", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SP_TYPE_HEX_VIEW);
  g_type_ensure (SP_TYPE_WRAP_BOX);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/sp-event-list.ui");
  gtk_widget_class_bind_template_child (widget_class, SpEventList, search_row);
  gtk_widget_class_bind_template_child (widget_class, SpEventList, log_search_entry);
  gtk_widget_class_bind_template_child (widget_class, SpEventList, filter_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SpEventList, capture_label);
  gtk_widget_class_bind_template_child (widget_class, SpEventList, events_scroller);
  gtk_widget_class_bind_template_child (widget_class, SpEventList, events_list);
  gtk_widget_class_bind_template_child (widget_class, SpEventList, selection);
  gtk_widget_class_bind_template_child (widget_class, SpEventList, filtered_events);
  gtk_widget_class_bind_template_child (widget_class, SpEventList, filter);
  gtk_widget_class_bind_template_child (widget_class, SpEventList, hex_view);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, event_selected_cb);
  gtk_widget_class_bind_template_callback_full (widget_class, "setup_event_cb",
                                                G_CALLBACK (_sp_event_list_setup_event_cb));
  gtk_widget_class_bind_template_callback_full (widget_class, "bind_event_cb",
                                                G_CALLBACK (_sp_event_list_bind_event_cb));
  gtk_widget_class_bind_template_callback_full (widget_class, "unbind_event_cb",
                                                G_CALLBACK (_sp_event_list_unbind_event_cb));

  gtk_widget_class_set_css_name (widget_class, "eventlist");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
sp_event_list_init (SpEventList *self)
{
  GtkAdjustment *adj;

  /* Before the template: its hex view binds to it. */
  self->bytes_per_line = SP_HEX_BYTES_PER_LINE;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->unshown = g_ptr_array_new_with_free_func (g_object_unref);
  filter_changed_cb (self);

  self->follow_newest = TRUE;
  sp_throttle_init (&self->scroll_throttle, FOLLOW_INTERVAL_MS,
                    /* After the frame's layout (GDK_PRIORITY_REDRAW), before socket I/O. */
                    G_PRIORITY_HIGH_IDLE + 30, FALSE, scroll_to_newest_cb, self);
  sp_throttle_init (&self->hex_throttle, HEX_FOLLOW_INTERVAL_MS,
                    G_PRIORITY_DEFAULT, TRUE, follow_newest_bytes_cb, self);
  adj = gtk_scrolled_window_get_vadjustment (self->events_scroller);
  g_signal_connect_object (adj, "value-changed", G_CALLBACK (events_scrolled_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adj, "changed", G_CALLBACK (events_extent_changed_cb),
                           self, G_CONNECT_SWAPPED);

  self->log_signals = g_signal_group_new (SP_TYPE_EVENT_LOG);
  g_signal_group_connect_swapped (self->log_signals, "notify::bytes-released",
                                  G_CALLBACK (update_capture_note), self);
  g_signal_connect_object (sp_capture_store_get_default (), "notify::limit",
                           G_CALLBACK (update_capture_note), self, G_CONNECT_SWAPPED);
}

GtkWidget *
sp_event_list_new (void)
{
  return g_object_new (SP_TYPE_EVENT_LIST, NULL);
}

SpEndpoint *
sp_event_list_get_endpoint (SpEventList *self)
{
  g_return_val_if_fail (SP_IS_EVENT_LIST (self), NULL);
  return self->endpoint;
}

void
sp_event_list_set_endpoint (SpEventList *self,
                            SpEndpoint  *endpoint)
{
  g_return_if_fail (SP_IS_EVENT_LIST (self));
  g_return_if_fail (endpoint == NULL || SP_IS_ENDPOINT (endpoint));

  if (self->endpoint == endpoint)
    return;

  forget_endpoint (self);
  if (endpoint != NULL)
    {
      self->endpoint = g_object_ref (endpoint);
      sp_hex_view_set_calls (self->hex_view, G_LIST_MODEL (sp_endpoint_get_calls (endpoint)));
      /* The view learns of new events once per frame, however many came. */
      self->batched_events = sp_batched_model_new (G_LIST_MODEL (sp_endpoint_get_events (endpoint)));
      /* The list makes up to 200 rows as it first fills: a few per frame. */
      sp_batched_model_set_ramp (self->batched_events, ROWS_MADE_PER_FRAME, 256);
      sp_frame_batches_init (&self->batches, GTK_WIDGET (self), self->batched_events);
      gtk_filter_list_model_set_model (self->filtered_events, G_LIST_MODEL (self->batched_events));
      g_signal_connect_object (self->batched_events, "items-changed",
                               G_CALLBACK (events_changed_cb), self, G_CONNECT_SWAPPED);
    }
  g_signal_group_set_target (self->log_signals, endpoint ? sp_endpoint_get_events (endpoint) : NULL);
  update_capture_note (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENDPOINT]);
}

void
sp_event_list_select_event (SpEventList *self,
                            SpEvent     *event)
{
  GListModel *events;
  guint n;

  g_return_if_fail (SP_IS_EVENT_LIST (self));

  events = G_LIST_MODEL (self->selection);
  n = g_list_model_get_n_items (events);
  for (guint i = n; i > 0; i--)
    {
      g_autoptr(SpEvent) candidate = g_list_model_get_item (events, i - 1);

      if (candidate == event)
        {
          gtk_single_selection_set_selected (self->selection, i - 1);
          gtk_widget_activate_action (GTK_WIDGET (self->events_list), "list.scroll-to-item", "u", i - 1);
          return;
        }
    }
}

void
sp_event_list_save_received (SpEventList *self)
{
  SpConnection *connection;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  GtkWindow *window;

  g_return_if_fail (SP_IS_EVENT_LIST (self));

  connection = sp_hex_view_get_connection (self->hex_view);
  if (connection == NULL || self->endpoint == NULL)
    return;

  window = GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));
  bytes = sp_export_received_bytes (self->endpoint, sp_connection_get_id (connection), &error);
  if (bytes == NULL)
    {
      sp_show_error (window, _("Could not save the received bytes"), error->message);
      return;
    }
  name = g_strdup_printf ("received-%u.bin", sp_connection_get_id (connection));
  sp_save_bytes_as (window, _("Save Received Bytes"), name, bytes);
}

void
sp_event_list_clear (SpEventList *self)
{
  g_return_if_fail (SP_IS_EVENT_LIST (self));

  sp_hex_view_set_event (self->hex_view, NULL, NULL);
  if (self->endpoint != NULL)
    sp_endpoint_clear_events (self->endpoint);
}

gboolean
sp_event_list_get_following (SpEventList *self)
{
  g_return_val_if_fail (SP_IS_EVENT_LIST (self), FALSE);
  return self->follow_newest;
}

gboolean
sp_event_list_get_follow_pending (SpEventList *self)
{
  g_return_val_if_fail (SP_IS_EVENT_LIST (self), FALSE);
  return sp_throttle_is_pending (&self->scroll_throttle) ||
         sp_throttle_is_pending (&self->hex_throttle) ||
         self->hex_tick_id != 0 ||
         self->settle_scroll_id != 0;
}

gboolean
sp_event_list_get_search_visible (SpEventList *self)
{
  g_return_val_if_fail (SP_IS_EVENT_LIST (self), FALSE);
  return gtk_widget_get_visible (self->search_row);
}

/* Shown, the search takes the focus; hidden, it shows every entry again,
 * so that no filter is left working out of sight. */
void
sp_event_list_set_search_visible (SpEventList *self,
                                  gboolean     visible)
{
  gboolean changed;

  g_return_if_fail (SP_IS_EVENT_LIST (self));

  visible = !!visible;
  changed = gtk_widget_get_visible (self->search_row) != visible;
  gtk_widget_set_visible (self->search_row, visible);
  if (visible)
    gtk_widget_grab_focus (GTK_WIDGET (self->log_search_entry));
  else if (changed)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->log_search_entry), "");
      gtk_drop_down_set_selected (self->filter_dropdown, 0);
      filter_changed_cb (self);
    }
  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH_VISIBLE]);
}
