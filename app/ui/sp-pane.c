/* sp-pane.c: one endpoint on screen — settings, log, bytes, composer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "sp-batched-model.h"
#include "sp-code-gen.h"
#include "sp-export.h"
#include "sp-file-dialogs.h"
#include "sp-core-enums.h"
#include "sp-event-row.h"
#include "sp-framing-editor.h"
#include "sp-hex.h"
#include "sp-hex-view.h"
#include "sp-kernel-monitor.h"
#include "sp-net-input.h"
#include "sp-pane.h"

struct _SpPane
{
  GtkWidget           parent_instance;

  SpEndpoint         *endpoint;
  guint               number;
  SpTextEncoding      encoding;
  gboolean            wall_clock;
  GtkLabel           *capture_label;
  SpBatchedModel     *batched_events;
  guint               bytes_per_line;
  GtkSingleSelection *events_selection;
  GtkSingleSelection *clients_selection;
  gboolean            follow_newest;
  guint               scroll_idle_id;
  guint               settle_scroll_id;
  guint               settle_tries;
  gint64              last_scroll_us;
  guint               hex_follow_id;
  gint64              last_hex_follow_us;
  double              last_scroll_value;
  gboolean            extent_changing;
  guint               extent_idle_id;
  SpKernelMonitor    *kernel_monitor;

  GtkLabel           *title_label;
  GtkLabel           *state_label;
  GtkDropDown        *kind_dropdown;
  GtkEntry           *host_entry;
  GtkEntry           *port_entry;
  GtkButton          *start_button;
  GtkCheckButton     *udp_connect_check;
  GtkCheckButton     *reuse_check;
  GtkCheckButton     *echo_check;
  GtkLabel           *field_error_label;
  GtkLabel           *warning_label;
  GtkLabel           *status_label;
  GtkLabel           *error_label;
  GtkWidget          *clients_box;
  GtkLabel           *clients_label;
  GtkCheckButton     *send_all_check;
  GtkListView        *clients_list;
  GtkWidget          *clients_scroller;
  GtkScrolledWindow  *events_scroller;
  GtkListView        *events_list;
  SpHexView          *hex_view;
  GtkEntry           *message_entry;
  GtkDropDown        *send_as_dropdown;
  GtkDropDown        *encoding_dropdown;
  GtkDropDown        *ending_dropdown;
  GtkButton          *send_button;
  GtkLabel           *composer_error_label;
  GtkSpinButton      *read_size_spin;
  GtkCheckButton     *nodelay_check;
  GtkSpinButton      *rcvbuf_spin;
  GtkSpinButton      *sndbuf_spin;
  GtkDropDown        *send_mode_dropdown;
  GtkSwitch          *framing_switch;
  GtkLabel           *framing_label;
  SpFramingEditor    *framing_editor;
  GtkLabel           *framing_status_label;
  GtkToggleButton    *pause_button;
  GtkLabel           *queue_label;
  GtkSpinButton      *burst_spin;
  GtkWidget          *drop_label;
  GtkSpinButton      *drop_spin;
  GtkSearchEntry     *log_search_entry;
  GtkDropDown        *filter_dropdown;
  GtkCustomFilter    *filter;
  GBytes             *search_bytes;   /* what the search entry asks for */
  char               *search_text;
};

enum {
  PROP_0,
  PROP_ENDPOINT,
  PROP_NUMBER,
  PROP_ENCODING,
  PROP_TITLE,
  PROP_WALL_CLOCK,
  PROP_BYTES_PER_LINE,
  N_PROPS
};

enum {
  CLOSE_REQUESTED,
  LAYOUT_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SpPane, sp_pane, GTK_TYPE_WIDGET)

static void     update_queues  (SpPane   *self);

static void
show_message (GtkLabel   *label,
              const char *message)
{
  gtk_label_set_text (label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL && *message != '\0');
}

static void
set_entry_error (GtkEntry *entry,
                 gboolean  error)
{
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");

  gtk_accessible_update_state (GTK_ACCESSIBLE (entry),
                               GTK_ACCESSIBLE_STATE_INVALID,
                               error ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
}

char *
sp_pane_dup_title (SpPane *self)
{
  g_return_val_if_fail (SP_IS_PANE (self), NULL);

  /* TRANSLATORS: pane title, e.g. "TCP server 1" */
  return g_strdup_printf (_("%s %u"),
                          sp_endpoint_kind_to_string (sp_endpoint_get_kind (self->endpoint)),
                          self->number);
}

static void
update_title (SpPane *self)
{
  g_autofree char *title = sp_pane_dup_title (self);

  gtk_label_set_text (self->title_label, title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

/* Checks Host and Port as typed; returns FALSE and shows why when wrong. */
static gboolean
validate_address (SpPane   *self,
                  guint16  *port_out,
                  gboolean  focus)
{
  g_autoptr(GError) host_error = NULL;
  g_autoptr(GError) port_error = NULL;
  const char *host = gtk_editable_get_text (GTK_EDITABLE (self->host_entry));
  const char *port_text = gtk_editable_get_text (GTK_EDITABLE (self->port_entry));
  gboolean host_ok, port_ok;
  guint16 port = 0;

  host_ok = sp_net_check_host (host, &host_error);
  port_ok = sp_net_parse_port (port_text, sp_endpoint_is_server (self->endpoint), &port, &port_error);

  set_entry_error (self->host_entry, !host_ok);
  set_entry_error (self->port_entry, !port_ok);

  if (!host_ok)
    show_message (self->field_error_label, host_error->message);
  else if (!port_ok)
    show_message (self->field_error_label, port_error->message);
  else
    show_message (self->field_error_label, NULL);

  if (focus && !host_ok)
    gtk_widget_grab_focus (GTK_WIDGET (self->host_entry));
  else if (focus && !port_ok)
    gtk_widget_grab_focus (GTK_WIDGET (self->port_entry));

  gtk_widget_set_visible (GTK_WIDGET (self->warning_label),
                          host_ok && sp_endpoint_is_server (self->endpoint) &&
                          sp_net_host_is_wildcard (host));

  if (port_out != NULL)
    *port_out = port;

  return host_ok && port_ok;
}

static void
address_changed_cb (SpPane *self)
{
  guint16 port;

  if (validate_address (self, &port, FALSE))
    {
      sp_endpoint_set_host (self->endpoint, gtk_editable_get_text (GTK_EDITABLE (self->host_entry)));
      sp_endpoint_set_port (self->endpoint, port);
      g_signal_emit (self, signals[LAYOUT_CHANGED], 0);
    }
}

static void
update_state (SpPane *self)
{
  SpEndpoint *endpoint = self->endpoint;
  SpEndpointState state = sp_endpoint_get_state (endpoint);
  SpEndpointKind kind = sp_endpoint_get_kind (endpoint);
  gboolean stopped = state == SP_ENDPOINT_STATE_STOPPED;
  gboolean server = sp_endpoint_is_server (endpoint);
  guint n_connections = g_list_model_get_n_items (sp_endpoint_get_connections (endpoint));
  const char *local = sp_endpoint_get_local_address (endpoint);
  const char *remote = sp_endpoint_get_remote_address (endpoint);
  g_autofree char *status = NULL;
  g_autofree char *clients = NULL;
  const char *badge;

  gtk_button_set_label (self->start_button, stopped ? _("Start") : _("Stop"));
  if (stopped)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->start_button), "suggested-action");
      gtk_widget_remove_css_class (GTK_WIDGET (self->start_button), "destructive-action");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->start_button), "suggested-action");
      gtk_widget_add_css_class (GTK_WIDGET (self->start_button), "destructive-action");
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->kind_dropdown), stopped);
  gtk_widget_set_sensitive (GTK_WIDGET (self->host_entry), stopped);
  gtk_widget_set_sensitive (GTK_WIDGET (self->port_entry), stopped);
  /* These act on socket(), bind() and connect(): fixed once running. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->udp_connect_check), stopped);
  gtk_widget_set_sensitive (GTK_WIDGET (self->reuse_check), stopped);
  gtk_widget_set_visible (GTK_WIDGET (self->udp_connect_check), kind == SP_ENDPOINT_KIND_UDP_CLIENT);
  gtk_widget_set_visible (GTK_WIDGET (self->reuse_check), kind == SP_ENDPOINT_KIND_TCP_SERVER);
  gtk_widget_set_visible (GTK_WIDGET (self->echo_check), server);
  gtk_widget_set_visible (GTK_WIDGET (self->nodelay_check), !sp_endpoint_is_datagram (endpoint));
  gtk_widget_set_visible (self->drop_label, sp_endpoint_is_datagram (endpoint));
  gtk_widget_set_visible (GTK_WIDGET (self->drop_spin), sp_endpoint_is_datagram (endpoint));
  gtk_widget_set_visible (self->clients_box, server);
  gtk_widget_set_visible (self->clients_scroller, n_connections > 0);

  switch (state)
    {
    case SP_ENDPOINT_STATE_STARTING:
      badge = server ? _("Binding…") : _("Connecting…");
      break;

    case SP_ENDPOINT_STATE_RUNNING:
      if (kind == SP_ENDPOINT_KIND_TCP_SERVER)
        badge = _("Listening");
      else if (kind == SP_ENDPOINT_KIND_TCP_CLIENT || sp_endpoint_get_udp_connect (endpoint))
        badge = _("Connected");
      else
        badge = _("Bound");
      break;

    case SP_ENDPOINT_STATE_STOPPED:
    default:
      badge = _("Stopped");
      break;
    }
  gtk_label_set_text (self->state_label, badge);
  gtk_widget_set_css_classes (GTK_WIDGET (self->state_label),
                              (const char *[]) { "state-badge",
                                                 stopped ? "stopped" : "running", NULL });

  if (state == SP_ENDPOINT_STATE_RUNNING)
    {
      switch (kind)
        {
        case SP_ENDPOINT_KIND_TCP_SERVER:
          /* TRANSLATORS: %s is an address:port */
          status = g_strdup_printf (_("Listening on %s"), local);
          break;

        case SP_ENDPOINT_KIND_UDP_SERVER:
          status = g_strdup_printf (_("Bound to %s, receiving from anyone"), local);
          break;

        case SP_ENDPOINT_KIND_TCP_CLIENT:
          /* TRANSLATORS: the connection's 5-tuple: protocol, local end, remote end */
          status = g_strdup_printf (_("TCP  local %s ↔ remote %s"), local, remote);
          break;

        case SP_ENDPOINT_KIND_UDP_CLIENT:
        default:
          status = g_strdup_printf (_("UDP  local %s → target %s"), local, remote);
          break;
        }
    }
  else if (state == SP_ENDPOINT_STATE_STARTING)
    status = g_strdup (server ? _("Binding…") : _("Connecting…"));

  gtk_label_set_text (self->status_label, status ? status : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), status != NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_label),
                               kind == SP_ENDPOINT_KIND_TCP_CLIENT
                               ? _("Protocol, local address and port, remote address and port: the 5-tuple that names this connection")
                               : NULL);

  if (kind == SP_ENDPOINT_KIND_TCP_SERVER)
    clients = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u client connected",
                                            "%u clients connected", n_connections),
                               n_connections);
  else
    clients = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u peer known",
                                            "%u peers known", n_connections),
                               n_connections);
  gtk_label_set_text (self->clients_label, clients);
  gtk_check_button_set_label (self->send_all_check,
                              kind == SP_ENDPOINT_KIND_TCP_SERVER ? _("Send to all clients")
                                                                  : _("Reply to all peers"));

  show_message (self->error_label, sp_endpoint_get_error_message (endpoint));

  update_queues (self);
}

static void
kind_selected_cb (SpPane *self)
{
  guint selected = gtk_drop_down_get_selected (self->kind_dropdown);

  if (selected == GTK_INVALID_LIST_POSITION || self->endpoint == NULL)
    return;

  sp_endpoint_set_kind (self->endpoint, selected);
}

/* The endpoint changed from elsewhere (a lesson's setup): show it. */
static void
endpoint_address_changed_cb (SpPane *self)
{
  g_autofree char *port = g_strdup_printf ("%u", sp_endpoint_get_port (self->endpoint));

  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->host_entry)),
                 sp_endpoint_get_host (self->endpoint)) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->host_entry), sp_endpoint_get_host (self->endpoint));

  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->port_entry)), port) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->port_entry), port);
}

static void
endpoint_framing_changed_cb (SpPane *self)
{
  const SpFramingConfig *framing = sp_endpoint_get_framing (self->endpoint);
  SpFramingConfig shown;
  gboolean on = gtk_switch_get_active (self->framing_switch);

  sp_framing_editor_get_config (self->framing_editor, &shown);
  if (framing->mode == SP_FRAMING_OFF ? !on
                                      : on && memcmp (framing, &shown, sizeof shown) == 0)
    return;

  if (framing->mode != SP_FRAMING_OFF)
    sp_framing_editor_set_config (self->framing_editor, framing);
  gtk_switch_set_active (self->framing_switch, framing->mode != SP_FRAMING_OFF);
}

static void
endpoint_kind_changed_cb (SpPane *self)
{
  gtk_drop_down_set_selected (self->kind_dropdown, sp_endpoint_get_kind (self->endpoint));
  update_title (self);
  validate_address (self, NULL, FALSE);
  update_state (self);
  g_signal_emit (self, signals[LAYOUT_CHANGED], 0);
}

static void
start_clicked_cb (SpPane *self)
{
  guint16 port;

  if (sp_endpoint_get_state (self->endpoint) != SP_ENDPOINT_STATE_STOPPED)
    {
      sp_endpoint_stop (self->endpoint);
      return;
    }

  if (!validate_address (self, &port, TRUE))
    return;

  sp_endpoint_set_host (self->endpoint, gtk_editable_get_text (GTK_EDITABLE (self->host_entry)));
  sp_endpoint_set_port (self->endpoint, port);
  sp_endpoint_start (self->endpoint);
}

static void
message_changed_cb (SpPane *self)
{
  gboolean hex = gtk_drop_down_get_selected (self->send_as_dropdown) == 1;

  /* Line endings are a text thing; hex input says every byte itself. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->ending_dropdown), !hex);
  show_message (self->composer_error_label, NULL);
  set_entry_error (self->message_entry, FALSE);
}

static SpConnection *
selected_client (SpPane *self)
{
  return gtk_single_selection_get_selected_item (self->clients_selection);
}

static void
send_all_toggled_cb (SpPane *self)
{
  if (gtk_check_button_get_active (self->send_all_check))
    gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->clients_selection));
}

static void
clients_selection_changed_cb (SpPane *self)
{
  if (selected_client (self) != NULL)
    gtk_check_button_set_active (self->send_all_check, FALSE);
}

/* GtkText keeps at most 65535 characters and cuts a longer paste short
 * without a word; a message must be what the user meant, so a paste that
 * would not fit is refused whole, with the reason. */
#define COMPOSER_MAX_CHARS 65535

static void
message_insert_text_cb (GtkEditable *editable,
                        const char  *text,
                        int          length,
                        int         *position,
                        SpPane      *self)
{
  glong n_new = g_utf8_strlen (text, length);
  glong n_old = g_utf8_strlen (gtk_editable_get_text (editable), -1);

  if (n_old + n_new <= COMPOSER_MAX_CHARS)
    return;

  g_signal_stop_emission_by_name (editable, "insert-text");
  {
    g_autofree char *size = g_format_size (length >= 0 ? (guint64) length : strlen (text));
    g_autofree char *message =
      g_strdup_printf (_("Not pasted: %s is more than the message box holds (%u characters). "
                         "Send big data in parts, or with the ×N count."),
                       size, COMPOSER_MAX_CHARS);

    show_message (self->composer_error_label, message);
    set_entry_error (self->message_entry, TRUE);
  }
}

/* "1000000000" is typed in a moment; say why it became the maximum. */
static int
burst_input_cb (GtkSpinButton *spin,
                double        *new_value,
                SpPane        *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (spin));
  GtkAdjustment *adjustment = gtk_spin_button_get_adjustment (spin);
  char *end = NULL;
  double value = g_ascii_strtod (text, &end);

  while (end != NULL && g_ascii_isspace (*end))
    end++;

  if (end == text || end == NULL || *end != '\0' || !isfinite (value) || floor (value) != value)
    {
      /* The spin button is numeric: letters never get in, but it can be
       * left empty. */
      g_autofree char *message =
        *text == '\0'
        ? g_strdup_printf (_("Type how many times to send: a whole number from 1 to %u."),
                           (guint) gtk_adjustment_get_upper (adjustment))
        : g_strdup_printf (_("“%s” is not a number of times: use a whole number from 1 to %u."),
                           text, (guint) gtk_adjustment_get_upper (adjustment));

      show_message (self->composer_error_label, message);
      /* Keep the count as it was (GTK_INPUT_ERROR would reset it). */
      *new_value = gtk_adjustment_get_value (adjustment);
      return TRUE;
    }

  if (value > gtk_adjustment_get_upper (adjustment) || value < gtk_adjustment_get_lower (adjustment))
    {
      g_autofree char *message = g_strdup_printf (_("Sends per burst are from 1 to %u; %s became %u."),
                                                  (guint) gtk_adjustment_get_upper (adjustment), text,
                                                  (guint) CLAMP (value, gtk_adjustment_get_lower (adjustment),
                                                                 gtk_adjustment_get_upper (adjustment)));

      show_message (self->composer_error_label, message);
    }

  *new_value = CLAMP (value, gtk_adjustment_get_lower (adjustment), gtk_adjustment_get_upper (adjustment));
  return TRUE;
}

/* Builds the bytes the composer says; NULL with the reason shown inline. */
static GBytes *
compose (SpPane *self)
{
  g_autoptr(GError) error = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->message_entry));
  gboolean hex = gtk_drop_down_get_selected (self->send_as_dropdown) == 1;
  gsize error_pos = 0;
  GBytes *bytes;

  if (hex)
    bytes = sp_hex_parse (text, -1, &error_pos, &error);
  else
    bytes = sp_text_encode (text, self->encoding,
                            gtk_drop_down_get_selected (self->ending_dropdown),
                            &error_pos, &error);

  if (bytes == NULL)
    {
      show_message (self->composer_error_label, error->message);
      set_entry_error (self->message_entry, TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->message_entry));
      if (g_utf8_strlen (text, -1) > 0)
        gtk_editable_select_region (GTK_EDITABLE (self->message_entry), error_pos, error_pos + 1);
      return NULL;
    }

  if (g_bytes_get_size (bytes) == 0)
    {
      show_message (self->composer_error_label, _("Nothing to send: type a message first."));
      g_bytes_unref (bytes);
      return NULL;
    }

  return bytes;
}

static void
send_clicked_cb (SpPane *self)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  SpConnection *target = NULL;

  bytes = compose (self);
  if (bytes == NULL)
    return;

  if (sp_endpoint_is_server (self->endpoint) &&
      !gtk_check_button_get_active (self->send_all_check))
    {
      target = selected_client (self);
      if (target == NULL)
        {
          show_message (self->composer_error_label,
                        _("Select a client in the list, or tick “Send to all”."));
          return;
        }
    }

  if (!sp_endpoint_send_burst (self->endpoint, bytes, target,
                               gtk_spin_button_get_value_as_int (self->burst_spin), &error))
    {
      show_message (self->composer_error_label, error->message);
      return;
    }

  show_message (self->composer_error_label, NULL);
}

/* Event log ---------------------------------------------------------------- */

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

static void
scroll_to_newest (SpPane *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->events_selection));

  /* The list view anchors on the item, which holds while row heights are
   * still being measured (a value on the adjustment would not). */
  if (n > 0)
    gtk_widget_activate_action (GTK_WIDGET (self->events_list), "list.scroll-to-item", "u", n - 1);
}

/* Following the newest event makes GTK 4.8's list rebind every row it
 * keeps (up to 200): under a flood, two jumps a second, not one a frame. */
#define FOLLOW_INTERVAL_MS 500

#define SETTLE_TRIES 4

static gboolean
settle_scroll_cb (gpointer user_data)
{
  SpPane *self = user_data;
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

static gboolean
scroll_to_end_cb (gpointer user_data)
{
  SpPane *self = user_data;

  self->scroll_idle_id = 0;
  self->last_scroll_us = g_get_monotonic_time ();
  scroll_to_newest (self);

  return G_SOURCE_REMOVE;
}

static void
show_event (SpPane  *self,
            SpEvent *event)
{
  SpConnection *connection = NULL;

  if (sp_event_get_connection_id (event) != 0)
    connection = sp_endpoint_find_connection (self->endpoint, sp_event_get_connection_id (event));

  sp_hex_view_set_event (self->hex_view, event, connection);
}

/* With no event selected the hex view follows the newest bytes; under a
 * flood, a few times a second, not once per batch: each new payload
 * makes its dump's list drop and make all of its rows (up to 200). */
#define HEX_FOLLOW_INTERVAL_MS 250

static void
follow_newest_bytes (SpPane *self)
{
  g_autoptr(SpEvent) newest = NULL;

  self->last_hex_follow_us = g_get_monotonic_time ();
  if (gtk_single_selection_get_selected (self->events_selection) != GTK_INVALID_LIST_POSITION)
    return;

  newest = newest_data_event (G_LIST_MODEL (self->batched_events));
  if (newest != NULL)
    show_event (self, newest);
}

static gboolean
hex_follow_cb (gpointer user_data)
{
  SpPane *self = user_data;

  self->hex_follow_id = 0;
  follow_newest_bytes (self);

  return G_SOURCE_REMOVE;
}

static void
events_changed_cb (SpPane     *self,
                   guint       position,
                   guint       removed,
                   guint       added,
                   GListModel *model)
{
  if (self->hex_follow_id == 0 &&
      gtk_single_selection_get_selected (self->events_selection) == GTK_INVALID_LIST_POSITION)
    {
      gint64 since_ms = (g_get_monotonic_time () - self->last_hex_follow_us) / 1000;

      if (since_ms >= HEX_FOLLOW_INTERVAL_MS)
        follow_newest_bytes (self);
      else
        self->hex_follow_id = g_timeout_add (HEX_FOLLOW_INTERVAL_MS - since_ms, hex_follow_cb, self);
    }

  /* Once the events stop coming (150 ms without a batch), make sure the
   * view ended at the end. */
  if (self->follow_newest)
    {
      g_clear_handle_id (&self->settle_scroll_id, g_source_remove);
      self->settle_tries = SETTLE_TRIES;
      self->settle_scroll_id = g_timeout_add (150, settle_scroll_cb, self);
    }

  if (self->follow_newest && self->scroll_idle_id == 0)
    {
      gint64 since_ms = (g_get_monotonic_time () - self->last_scroll_us) / 1000;

      if (since_ms < FOLLOW_INTERVAL_MS)
        self->scroll_idle_id = g_timeout_add_full (G_PRIORITY_HIGH_IDLE + 30, FOLLOW_INTERVAL_MS - since_ms,
                                                   scroll_to_end_cb, self, NULL);
      else
        /* After the frame's layout (GDK_PRIORITY_REDRAW), before socket I/O. */
        self->scroll_idle_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 30, scroll_to_end_cb, self, NULL);
    }
}

/* Counters stay exact past the capture limit; say what is gone. */
static void
update_capture_note (SpPane *self)
{
  SpEventLog *log = sp_endpoint_get_events (self->endpoint);
  guint64 released = sp_event_log_get_bytes_released (log);
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

  show_message (self->capture_label, text);
}

static void
events_scrolled_cb (SpPane        *self,
                    GtkAdjustment *adj)
{
  double value = gtk_adjustment_get_value (adj);
  gboolean at_bottom = value + gtk_adjustment_get_page_size (adj) >= gtk_adjustment_get_upper (adj) - 4;

  /* Follow new events while the user is at the bottom; stop when they
   * scroll up. The list growing under the view, or re-estimating its row
   * heights (it reconfigures the adjustment: "changed", then the value),
   * is not the user. */
  if (at_bottom)
    self->follow_newest = TRUE;
  else if (value < self->last_scroll_value - 0.5 && !self->extent_changing)
    self->follow_newest = FALSE;
  self->last_scroll_value = value;
}

static gboolean
extent_settled_cb (gpointer user_data)
{
  SpPane *self = user_data;

  self->extent_idle_id = 0;
  self->extent_changing = FALSE;
  return G_SOURCE_REMOVE;
}

/* The list re-laid out its rows: value changes that follow in the same
 * turn of the main loop are its doing. */
static void
events_extent_changed_cb (SpPane *self)
{
  self->extent_changing = TRUE;
  if (self->extent_idle_id == 0)
    self->extent_idle_id = g_idle_add_full (G_PRIORITY_HIGH, extent_settled_cb, self, NULL);
}

static void
event_selected_cb (SpPane *self)
{
  SpEvent *event = gtk_single_selection_get_selected_item (self->events_selection);

  if (event != NULL)
    show_event (self, event);
}

static void
setup_event_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                SpPane                   *self)
{
  GtkWidget *row = sp_event_row_new ();

  g_object_bind_property (self, "encoding", row, "encoding", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self, "wall-clock", row, "wall-clock", G_BINDING_SYNC_CREATE);
  gtk_list_item_set_child (item, row);
}

static void
bind_event_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               SpPane                   *self)
{
  sp_event_row_set_event (SP_EVENT_ROW (gtk_list_item_get_child (item)),
                          gtk_list_item_get_item (item));
}

static void
unbind_event_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 SpPane                   *self)
{
  sp_event_row_set_event (SP_EVENT_ROW (gtk_list_item_get_child (item)), NULL);
}

/* Clients ------------------------------------------------------------------ */

static void
close_client_clicked_cb (GtkButton *button,
                         SpPane    *self)
{
  GtkListItem *item = g_object_get_data (G_OBJECT (button), "list-item");
  SpConnection *connection = gtk_list_item_get_item (item);

  if (connection != NULL)
    sp_endpoint_close_connection (self->endpoint, connection);
}

static void
setup_client_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 SpPane                   *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *button = gtk_button_new_from_icon_name ("window-close-symbolic");

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "monospace");
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Close this connection from the server side"));
  g_object_set_data (G_OBJECT (button), "list-item", item);
  g_signal_connect (button, "clicked", G_CALLBACK (close_client_clicked_cb), self);

  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), button);
  gtk_widget_set_margin_start (box, 6);
  gtk_list_item_set_child (item, box);
}

static void
update_client_row (GtkListItem *item)
{
  SpConnection *connection = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *label = gtk_widget_get_first_child (box);
  GtkWidget *button = gtk_widget_get_last_child (box);
  const char *tcp_state = sp_connection_get_tcp_state (connection);
  g_autofree char *text = tcp_state
    ? g_strdup_printf ("#%u  %s  %s", sp_connection_get_id (connection),
                       sp_connection_get_remote_address (connection), tcp_state)
    : g_strdup_printf ("#%u  %s", sp_connection_get_id (connection),
                       sp_connection_get_remote_address (connection));
  g_autofree char *close_label = NULL;

  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_widget_set_visible (button, !sp_connection_get_is_datagram (connection));
  /* TRANSLATORS: accessible name of the button that closes connection %s */
  close_label = g_strdup_printf (_("Close connection %s"), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, close_label,
                                  -1);
}

static void
bind_client_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                SpPane                   *self)
{
  update_client_row (item);
  g_signal_connect_object (gtk_list_item_get_item (item), "notify::tcp-state",
                           G_CALLBACK (update_client_row), item, G_CONNECT_SWAPPED);
}

static void
unbind_client_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  SpPane                   *self)
{
  g_signal_handlers_disconnect_by_func (gtk_list_item_get_item (item), update_client_row, item);
}


/* Socket options, framing, reading ---------------------------------------- */

static void
send_mode_selected_cb (SpPane *self)
{
  if (self->endpoint != NULL)
    sp_endpoint_set_send_mode (self->endpoint, gtk_drop_down_get_selected (self->send_mode_dropdown));
}

static void
framing_changed_cb (SpPane *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  SpFramingConfig config;
  gboolean valid;

  if (self->endpoint == NULL)
    return;

  valid = sp_framing_editor_get_config (self->framing_editor, &config);
  description = sp_framing_config_describe (&config);

  if (!gtk_switch_get_active (self->framing_switch))
    {
      gsize max_frame = config.max_frame;

      sp_framing_config_init (&config);
      config.max_frame = max_frame;
      g_free (description);
      description = g_strdup (_("Framing off: a raw byte stream"));
    }
  else if (!valid)
    {
      /* The editor shows why; the pane keeps its previous framing. */
      gtk_label_set_text (self->framing_label, _("Framing settings are incomplete"));
      return;
    }

  if (!sp_endpoint_set_framing (self->endpoint, &config, &error))
    {
      gtk_label_set_text (self->framing_label, error->message);
      return;
    }

  gtk_label_set_text (self->framing_label, description);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->framing_label), description);
}

static void
framing_status_cb (SpPane *self)
{
  g_autofree char *status = sp_endpoint_dup_framing_status (self->endpoint);

  show_message (self->framing_status_label, status);
}

/* What the kernel holds: queues, TCP states, closed connections in
 * TIME_WAIT (polled by the monitor, also while stopped). */
static void
update_queues (SpPane *self)
{
  gtk_label_set_text (self->queue_label, sp_kernel_monitor_get_summary (self->kernel_monitor));
}

static void
paused_changed_cb (SpPane *self)
{
  gboolean paused = sp_endpoint_get_paused (self->endpoint);

  gtk_button_set_icon_name (GTK_BUTTON (self->pause_button),
                            paused ? "media-playback-start-symbolic" : "media-playback-pause-symbolic");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->pause_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  paused ? _("Resume reading") : _("Pause reading"),
                                  -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->pause_button),
                               paused ? _("Resume reading: call recv() again; what piled up arrives in as few calls as the read size allows")
                                      : _("Pause reading: stop calling recv(), so data piles up in the kernel and the next recv() returns several sends at once"));
  update_queues (self);
}

/* Actions and life cycle ------------------------------------------------- */

static void
copy_code_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SpPane *self = SP_PANE (widget);
  g_autofree char *code = sp_code_generate (self->endpoint,
                                            g_str_equal (action_name, "pane.copy-c") ? SP_CODE_C
                                                                                     : SP_CODE_PYTHON);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), code);
}

static void
save_received_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  SpPane *self = SP_PANE (widget);
  SpConnection *connection = sp_hex_view_get_connection (self->hex_view);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  if (connection == NULL)
    return;

  bytes = sp_export_received_bytes (self->endpoint, sp_connection_get_id (connection), &error);
  if (bytes == NULL)
    {
      sp_show_error (GTK_WINDOW (gtk_widget_get_root (widget)), _("Could not save the received bytes"), error->message);
      return;
    }
  name = g_strdup_printf ("received-%u.bin", sp_connection_get_id (connection));
  sp_save_bytes_as (GTK_WINDOW (gtk_widget_get_root (widget)), _("Save Received Bytes"), name, bytes);
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  send_clicked_cb (SP_PANE (widget));
}

static void
start_stop_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  start_clicked_cb (SP_PANE (widget));
}

static void
focus_composer_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  gtk_widget_grab_focus (GTK_WIDGET (SP_PANE (widget)->message_entry));
}

static void
clear_log_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SpPane *self = SP_PANE (widget);

  sp_hex_view_set_event (self->hex_view, NULL, NULL);
  sp_endpoint_clear_events (self->endpoint);
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  g_signal_emit (widget, signals[CLOSE_REQUESTED], 0);
}

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
  SpPane *self = user_data;
  SpEvent *event = item;
  SpEventKind kind = sp_event_get_kind (event);
  gboolean shown;

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

  /* The bytes as the pane's encoding writes the text, or as hex, or the
   * words of the entry's message. */
  return sp_event_payload_contains (event, self->search_bytes) ||
         (sp_event_get_message (event) != NULL &&
          strstr (sp_event_get_message (event), self->search_text) != NULL);
}

static void
filter_changed_cb (SpPane *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->log_search_entry));

  g_clear_pointer (&self->search_text, g_free);
  g_clear_pointer (&self->search_bytes, g_bytes_unref);

  if (text != NULL && *text != '\0')
    {
      self->search_text = g_strdup (text);
      /* Hex when it reads as hex ("0d 0a"), else the text itself. */
      self->search_bytes = sp_hex_parse (text, -1, NULL, NULL);
      if (self->search_bytes == NULL)
        self->search_bytes = sp_text_encode (text, self->encoding, SP_LINE_ENDING_NONE, NULL, NULL);
    }

  if (self->filter != NULL)
    gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

/* Shows @model in @list_view with at most one selected row, none at first. */
static GtkSingleSelection *
attach_list (SpPane      *self,
             GtkListView *list_view,
             GListModel  *model,
             GCallback    selected_cb,
             GCallback    setup_cb,
             GCallback    bind_cb,
             GCallback    unbind_cb)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkSingleSelection *selection = gtk_single_selection_new (g_object_ref (model));

  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_single_selection_set_selected (selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect_object (selection, "notify::selected", selected_cb, self, G_CONNECT_SWAPPED);

  g_signal_connect (factory, "setup", setup_cb, self);
  g_signal_connect (factory, "bind", bind_cb, self);
  if (unbind_cb != NULL)
    g_signal_connect (factory, "unbind", unbind_cb, self);
  gtk_list_view_set_factory (list_view, factory);
  gtk_list_view_set_model (list_view, GTK_SELECTION_MODEL (selection));

  return selection;
}

static void
sp_pane_constructed (GObject *object)
{
  SpPane *self = (SpPane *)object;
  GListModel *events;
  g_autofree char *port = NULL;

  G_OBJECT_CLASS (sp_pane_parent_class)->constructed (object);

  if (self->endpoint == NULL)
    self->endpoint = sp_endpoint_new (SP_ENDPOINT_KIND_TCP_SERVER);
  /* First, so it has polled before the pane's own handlers run. */
  self->kernel_monitor = sp_kernel_monitor_new (self->endpoint, 0);
  g_signal_connect_object (self->kernel_monitor, "notify::summary",
                           G_CALLBACK (update_queues), self, G_CONNECT_SWAPPED);

  sp_hex_view_set_calls (self->hex_view, G_LIST_MODEL (sp_endpoint_get_calls (self->endpoint)));
  /* The view learns of new events once per frame, however many came. */
  self->batched_events = sp_batched_model_new (G_LIST_MODEL (sp_endpoint_get_events (self->endpoint)));
  /* The list makes up to 200 rows as it first fills: a few per frame. */
  sp_batched_model_set_ramp (self->batched_events, 32, 256);
  events = G_LIST_MODEL (self->batched_events);
  self->filter = gtk_custom_filter_new (event_visible, self, NULL);
  {
    GtkFilterListModel *filtered = gtk_filter_list_model_new (g_object_ref (events),
                                                              g_object_ref (GTK_FILTER (self->filter)));

    self->events_selection = attach_list (self, self->events_list, G_LIST_MODEL (filtered),
                                        G_CALLBACK (event_selected_cb),
                                        G_CALLBACK (setup_event_cb),
                                        G_CALLBACK (bind_event_cb),
                                        G_CALLBACK (unbind_event_cb));
    g_object_unref (filtered);
  }
  g_signal_connect_object (events, "items-changed",
                           G_CALLBACK (events_changed_cb), self, G_CONNECT_SWAPPED);

  self->clients_selection = attach_list (self, self->clients_list,
                                         sp_endpoint_get_connections (self->endpoint),
                                         G_CALLBACK (clients_selection_changed_cb),
                                         G_CALLBACK (setup_client_cb),
                                         G_CALLBACK (bind_client_cb),
                                         G_CALLBACK (unbind_client_cb));

  g_object_bind_property (self->endpoint, "udp-connect", self->udp_connect_check, "active",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_object_bind_property (self->endpoint, "reuse-address", self->reuse_check, "active",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_object_bind_property (self->endpoint, "echo", self->echo_check, "active",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_object_bind_property (self->endpoint, "read-size",
                          gtk_spin_button_get_adjustment (self->read_size_spin), "value",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_object_bind_property (self->endpoint, "no-delay", self->nodelay_check, "active",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_object_bind_property (self->endpoint, "rcvbuf",
                          gtk_spin_button_get_adjustment (self->rcvbuf_spin), "value",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_object_bind_property (self->endpoint, "sndbuf",
                          gtk_spin_button_get_adjustment (self->sndbuf_spin), "value",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_object_bind_property (self->endpoint, "drop-percent",
                          gtk_spin_button_get_adjustment (self->drop_spin), "value",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_object_bind_property (self->endpoint, "paused", self->pause_button, "active",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  gtk_drop_down_set_selected (self->send_mode_dropdown, sp_endpoint_get_send_mode (self->endpoint));
  {
    const SpFramingConfig *framing = sp_endpoint_get_framing (self->endpoint);

    if (framing->mode != SP_FRAMING_OFF)
      sp_framing_editor_set_config (self->framing_editor, framing);
    gtk_switch_set_active (self->framing_switch, framing->mode != SP_FRAMING_OFF);
    framing_changed_cb (self);
  }

  gtk_editable_set_text (GTK_EDITABLE (self->host_entry), sp_endpoint_get_host (self->endpoint));
  port = g_strdup_printf ("%u", sp_endpoint_get_port (self->endpoint));
  gtk_editable_set_text (GTK_EDITABLE (self->port_entry), port);
  gtk_drop_down_set_selected (self->kind_dropdown, sp_endpoint_get_kind (self->endpoint));

  g_signal_connect_object (sp_endpoint_get_events (self->endpoint), "notify::bytes-released",
                           G_CALLBACK (update_capture_note), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (sp_capture_store_get_default (), "notify::limit",
                           G_CALLBACK (update_capture_note), self, G_CONNECT_SWAPPED);
  update_capture_note (self);
  g_signal_connect_object (self->endpoint, "notify::kind",
                           G_CALLBACK (endpoint_kind_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->endpoint, "notify::state",
                           G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->endpoint, "notify::n-connections",
                           G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->endpoint, "notify::local-address",
                           G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->endpoint, "notify::remote-address",
                           G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->endpoint, "notify::error-message",
                           G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->endpoint, "notify::framing",
                           G_CALLBACK (framing_status_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->endpoint, "notify::framing",
                           G_CALLBACK (endpoint_framing_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->endpoint, "notify::host",
                           G_CALLBACK (endpoint_address_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->endpoint, "notify::port",
                           G_CALLBACK (endpoint_address_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->endpoint, "notify::paused",
                           G_CALLBACK (paused_changed_cb), self, G_CONNECT_SWAPPED);
  paused_changed_cb (self);

  update_title (self);
  validate_address (self, NULL, FALSE);
  update_state (self);
  message_changed_cb (self);
}

static void
sp_pane_dispose (GObject *object)
{
  SpPane *self = (SpPane *)object;

  g_clear_object (&self->kernel_monitor);
  /* Stopping logs events: stop listening to them first. */
  if (self->endpoint != NULL)
    {
      g_signal_handlers_disconnect_by_data (sp_endpoint_get_events (self->endpoint), self);
      g_signal_handlers_disconnect_by_data (self->endpoint, self);
      sp_endpoint_stop (self->endpoint);
    }
  /* Tearing the list down reconfigures its adjustment: stop listening. */
  if (self->events_scroller != NULL)
    g_signal_handlers_disconnect_by_data (gtk_scrolled_window_get_vadjustment (self->events_scroller), self);
  g_clear_handle_id (&self->scroll_idle_id, g_source_remove);
  g_clear_handle_id (&self->hex_follow_id, g_source_remove);
  g_clear_handle_id (&self->settle_scroll_id, g_source_remove);
  g_clear_handle_id (&self->extent_idle_id, g_source_remove);

  gtk_widget_dispose_template (GTK_WIDGET (self), SP_TYPE_PANE);
  /* Template children without an id are not cleared by the above. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self)));)
    gtk_widget_unparent (child);
  g_clear_object (&self->events_selection);
  g_clear_object (&self->filter);
  g_clear_object (&self->batched_events);
  g_clear_pointer (&self->search_text, g_free);
  g_clear_pointer (&self->search_bytes, g_bytes_unref);
  g_clear_object (&self->endpoint);

  G_OBJECT_CLASS (sp_pane_parent_class)->dispose (object);
}

static void
sp_pane_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  SpPane *self = SP_PANE (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      g_value_set_object (value, self->endpoint);
      break;

    case PROP_NUMBER:
      g_value_set_uint (value, self->number);
      break;

    case PROP_ENCODING:
      g_value_set_int (value, self->encoding);
      break;

    case PROP_TITLE:
      g_value_take_string (value, sp_pane_dup_title (self));
      break;

    case PROP_WALL_CLOCK:
      g_value_set_boolean (value, self->wall_clock);
      break;

    case PROP_BYTES_PER_LINE:
      g_value_set_uint (value, self->bytes_per_line);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_pane_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  SpPane *self = SP_PANE (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      self->endpoint = g_value_dup_object (value);
      break;

    case PROP_NUMBER:
      self->number = g_value_get_uint (value);
      break;

    case PROP_WALL_CLOCK:
      if (self->wall_clock != g_value_get_boolean (value))
        {
          self->wall_clock = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_BYTES_PER_LINE:
      if (self->bytes_per_line != g_value_get_uint (value) &&
          sp_hex_bytes_per_line_is_valid (g_value_get_uint (value)))
        {
          self->bytes_per_line = g_value_get_uint (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_ENCODING:
      if (self->encoding != (SpTextEncoding) g_value_get_int (value))
        {
          self->encoding = g_value_get_int (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_pane_class_init (SpPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sp_pane_constructed;
  object_class->dispose = sp_pane_dispose;
  object_class->get_property = sp_pane_get_property;
  object_class->set_property = sp_pane_set_property;

  properties[PROP_ENDPOINT] =
    g_param_spec_object ("endpoint", NULL, NULL, SP_TYPE_ENDPOINT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NUMBER] =
    g_param_spec_uint ("number", NULL, NULL, 0, G_MAXUINT, 1,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ENCODING] =
    g_param_spec_int ("encoding", NULL, NULL,
                      SP_TEXT_ENCODING_UTF8, SP_TEXT_ENCODING_LATIN1, SP_TEXT_ENCODING_UTF8,
                      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_WALL_CLOCK] =
    g_param_spec_boolean ("wall-clock", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* Of the hex dumps: 8, 16 or 32. */
  properties[PROP_BYTES_PER_LINE] =
    g_param_spec_uint ("bytes-per-line", NULL, NULL, 8, SP_HEX_MAX_BYTES_PER_LINE, SP_HEX_BYTES_PER_LINE,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CLOSE_REQUESTED] =
    g_signal_new ("close-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[LAYOUT_CHANGED] =
    g_signal_new ("layout-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (SP_TYPE_HEX_VIEW);
  g_type_ensure (SP_TYPE_FRAMING_EDITOR);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/sp-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, SpPane, title_label);
  gtk_widget_class_bind_template_child (widget_class, SpPane, state_label);
  gtk_widget_class_bind_template_child (widget_class, SpPane, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SpPane, host_entry);
  gtk_widget_class_bind_template_child (widget_class, SpPane, port_entry);
  gtk_widget_class_bind_template_child (widget_class, SpPane, start_button);
  gtk_widget_class_bind_template_child (widget_class, SpPane, udp_connect_check);
  gtk_widget_class_bind_template_child (widget_class, SpPane, reuse_check);
  gtk_widget_class_bind_template_child (widget_class, SpPane, echo_check);
  gtk_widget_class_bind_template_child (widget_class, SpPane, field_error_label);
  gtk_widget_class_bind_template_child (widget_class, SpPane, warning_label);
  gtk_widget_class_bind_template_child (widget_class, SpPane, status_label);
  gtk_widget_class_bind_template_child (widget_class, SpPane, error_label);
  gtk_widget_class_bind_template_child (widget_class, SpPane, clients_box);
  gtk_widget_class_bind_template_child (widget_class, SpPane, clients_label);
  gtk_widget_class_bind_template_child (widget_class, SpPane, send_all_check);
  gtk_widget_class_bind_template_child (widget_class, SpPane, clients_list);
  gtk_widget_class_bind_template_child (widget_class, SpPane, clients_scroller);
  gtk_widget_class_bind_template_child (widget_class, SpPane, events_scroller);
  gtk_widget_class_bind_template_child (widget_class, SpPane, events_list);
  gtk_widget_class_bind_template_child (widget_class, SpPane, hex_view);
  gtk_widget_class_bind_template_child (widget_class, SpPane, capture_label);
  gtk_widget_class_bind_template_child (widget_class, SpPane, message_entry);
  gtk_widget_class_bind_template_child (widget_class, SpPane, send_as_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SpPane, encoding_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SpPane, ending_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SpPane, send_button);
  gtk_widget_class_bind_template_child (widget_class, SpPane, composer_error_label);
  gtk_widget_class_bind_template_child (widget_class, SpPane, read_size_spin);
  gtk_widget_class_bind_template_child (widget_class, SpPane, nodelay_check);
  gtk_widget_class_bind_template_child (widget_class, SpPane, rcvbuf_spin);
  gtk_widget_class_bind_template_child (widget_class, SpPane, sndbuf_spin);
  gtk_widget_class_bind_template_child (widget_class, SpPane, send_mode_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SpPane, framing_switch);
  gtk_widget_class_bind_template_child (widget_class, SpPane, framing_label);
  gtk_widget_class_bind_template_child (widget_class, SpPane, framing_editor);
  gtk_widget_class_bind_template_child (widget_class, SpPane, framing_status_label);
  gtk_widget_class_bind_template_child (widget_class, SpPane, pause_button);
  gtk_widget_class_bind_template_child (widget_class, SpPane, queue_label);
  gtk_widget_class_bind_template_child (widget_class, SpPane, burst_spin);
  gtk_widget_class_bind_template_child (widget_class, SpPane, drop_label);
  gtk_widget_class_bind_template_child (widget_class, SpPane, drop_spin);
  gtk_widget_class_bind_template_child (widget_class, SpPane, log_search_entry);
  gtk_widget_class_bind_template_child (widget_class, SpPane, filter_dropdown);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, send_mode_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, framing_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, kind_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, address_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, start_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, send_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, message_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, send_all_toggled_cb);

  gtk_widget_class_install_action (widget_class, "pane.close", NULL, close_action);
  gtk_widget_class_install_action (widget_class, "pane.copy-python", NULL, copy_code_action);
  gtk_widget_class_install_action (widget_class, "pane.copy-c", NULL, copy_code_action);
  gtk_widget_class_install_action (widget_class, "pane.save-received", NULL, save_received_action);
  gtk_widget_class_install_action (widget_class, "pane.clear-log", NULL, clear_log_action);
  gtk_widget_class_install_action (widget_class, "pane.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "pane.start-stop", NULL, start_stop_action);
  gtk_widget_class_install_action (widget_class, "pane.focus-composer", NULL, focus_composer_action);
  /* These act on the pane that has the keyboard focus. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "pane.send", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "pane.send", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "pane.start-stop", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "pane.focus-composer", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "pane.clear-log", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "pane.close", NULL);

  gtk_widget_class_set_css_name (widget_class, "pane");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
sp_pane_init (SpPane *self)
{
  GtkAdjustment *adj;

  /* Before the template: its hex view binds to it. */
  self->bytes_per_line = SP_HEX_BYTES_PER_LINE;
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (gtk_editable_get_delegate (GTK_EDITABLE (self->message_entry)), "insert-text",
                    G_CALLBACK (message_insert_text_cb), self);
  g_signal_connect (self->burst_spin, "input", G_CALLBACK (burst_input_cb), self);

  self->follow_newest = TRUE;
  adj = gtk_scrolled_window_get_vadjustment (self->events_scroller);
  g_signal_connect_object (adj, "value-changed", G_CALLBACK (events_scrolled_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adj, "changed", G_CALLBACK (events_extent_changed_cb),
                           self, G_CONNECT_SWAPPED);
}

GtkWidget *
sp_pane_new (SpEndpoint *endpoint,
             guint       number)
{
  return g_object_new (SP_TYPE_PANE, "endpoint", endpoint, "number", number, NULL);
}

SpEndpoint *
sp_pane_get_endpoint (SpPane *self)
{
  g_return_val_if_fail (SP_IS_PANE (self), NULL);
  return self->endpoint;
}

guint
sp_pane_get_number (SpPane *self)
{
  g_return_val_if_fail (SP_IS_PANE (self), 0);
  return self->number;
}

void
sp_pane_get_composer (SpPane         *self,
                      SpTextEncoding *encoding,
                      char          **message,
                      gboolean       *send_as_hex)
{
  g_return_if_fail (SP_IS_PANE (self));

  *encoding = self->encoding;
  *message = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->message_entry)));
  *send_as_hex = gtk_drop_down_get_selected (self->send_as_dropdown) == 1;
}

void
sp_pane_set_composer (SpPane         *self,
                      SpTextEncoding  encoding,
                      const char     *message,
                      gboolean        send_as_hex)
{
  g_return_if_fail (SP_IS_PANE (self));

  gtk_drop_down_set_selected (self->encoding_dropdown, encoding);
  gtk_editable_set_text (GTK_EDITABLE (self->message_entry), message ? message : "");
  gtk_drop_down_set_selected (self->send_as_dropdown, send_as_hex ? 1 : 0);
}

void
sp_pane_select_event (SpPane  *self,
                      SpEvent *event)
{
  GListModel *events;
  guint n;

  g_return_if_fail (SP_IS_PANE (self));

  events = G_LIST_MODEL (self->events_selection);
  n = g_list_model_get_n_items (events);
  for (guint i = n; i > 0; i--)
    {
      g_autoptr(SpEvent) candidate = g_list_model_get_item (events, i - 1);

      if (candidate == event)
        {
          gtk_single_selection_set_selected (self->events_selection, i - 1);
          gtk_widget_activate_action (GTK_WIDGET (self->events_list), "list.scroll-to-item", "u", i - 1);
          return;
        }
    }
}
