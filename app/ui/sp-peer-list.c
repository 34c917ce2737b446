/* sp-peer-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sp-bench-count.h"
#include "sp-endpoint-watch.h"
#include "sp-peer-list.h"
#include "sp-template.h"
#include "sp-throttle.h"
#include "sp-wrap-box.h"

/* Connections compared or added per frame (see sync_shown()), and runs of
 * gone ones taken out (each is a change the list view handles). */
#define PEERS_PER_FRAME 256
#define SPLICES_PER_FRAME 32
/* While the list is short, the rows GTK makes for new connections (up to
 * 200 on screen and near it): this many a frame. */
#define ROWS_MADE_PER_FRAME 8
#define ROWS_KEPT 256

struct _SpPeerList
{
  GtkWidget           parent_instance;

  SpEndpointWatch     watch;
  gboolean            send_to_all;

  GtkLabel           *clients_label;
  GtkCheckButton     *send_all_check;
  GtkWidget          *clients_scroller;
  GtkListView        *clients_list;
  GtkSingleSelection *selection;

  /* What the list shows: the endpoint's connections, brought up to date
   * once per frame (see sync_shown()). */
  GListStore         *shown;
  guint               update_tick_id;
  /* The endpoint's connections, and where they first differ from what is
   * shown: positions before it are known to be the same. */
  GListModel         *connections;
  guint               same_until;
  guint               per_frame;
};

enum {
  PROP_0,
  PROP_ENDPOINT,
  PROP_SELECTED,
  PROP_SEND_TO_ALL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SpPeerList, sp_peer_list, GTK_TYPE_WIDGET)

static void
update_cb (SpPeerList *self)
{
  SpEndpointKind kind = sp_endpoint_get_kind (self->watch.endpoint);
  guint n_connections = g_list_model_get_n_items (sp_endpoint_get_connections (self->watch.endpoint));
  g_autofree char *clients = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self), sp_endpoint_is_server (self->watch.endpoint));
  gtk_widget_set_visible (self->clients_scroller, n_connections > 0);

  if (kind == SP_ENDPOINT_KIND_UDP_RELAY)
    {
      /* Each mapping is two: the client side and the upstream socket. */
      g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u client mapped",
                                                             "%u clients mapped", n_connections / 2),
                                                n_connections / 2);

      /* TRANSLATORS: "2 clients mapped · forgotten after 60 s idle" */
      clients = g_strdup_printf (_("%s · forgotten after %g s idle"), count,
                                 sp_endpoint_get_relay_idle_timeout (self->watch.endpoint) / 1000.0);
    }
  else if (kind == SP_ENDPOINT_KIND_TCP_RELAY)
    /* Each pair is two: the client side and the server side. */
    clients = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u connection open",
                                            "%u connections open", n_connections),
                               n_connections);
  else if (kind == SP_ENDPOINT_KIND_TCP_SERVER)
    clients = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u client connected",
                                            "%u clients connected", n_connections),
                               n_connections);
  else
    clients = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u peer known",
                                            "%u peers known", n_connections),
                               n_connections);
  gtk_label_set_text (self->clients_label, clients);
  /* A relay only passes on what its two sides send. */
  gtk_widget_set_visible (GTK_WIDGET (self->send_all_check), !sp_endpoint_kind_is_relay (kind));
  gtk_check_button_set_label (self->send_all_check,
                              kind == SP_ENDPOINT_KIND_TCP_SERVER ? _("Send to all clients")
                                                                  : _("Reply to all peers"));
}

static void
connections_changed_cb (SpPeerList *self,
                        guint       position,
                        guint       removed,
                        guint       added,
                        GListModel *connections)
{
  self->same_until = MIN (self->same_until, position);
}

/* Follows the connections of the endpoint shown. */
static void
watch_connections (SpPeerList *self)
{
  GListModel *connections = self->watch.endpoint ? sp_endpoint_get_connections (self->watch.endpoint) : NULL;

  if (self->connections == connections)
    return;

  if (self->connections != NULL)
    g_signal_handlers_disconnect_by_func (self->connections, connections_changed_cb, self);
  g_set_object (&self->connections, connections);
  if (connections != NULL)
    g_signal_connect_object (connections, "items-changed", G_CALLBACK (connections_changed_cb),
                             self, G_CONNECT_SWAPPED);
  self->same_until = 0;
}

/* Brings the shown list towards the endpoint's connections, @budget
 * connections compared or added at most; returns whether it is up to date.
 * Connections are only ever appended, and removed anywhere, so both lists
 * are in the same order: a shown connection that differs from the
 * connection at its place is gone, each run of them one splice, the new
 * ones at the end another. Only what changed since the last call is
 * walked (from same_until), so a frame costs the connections that came or
 * went, a bounded number of them, however many are open. Told per
 * connection instead, GTK 4.8's list view rebinds every row on screen for
 * each client that leaves (thousands of times in a second when a class's
 * clients quit), and the selection would be lost if the list were
 * replaced as a whole. */
static gboolean
sync_shown (SpPeerList    *self,
            guint          budget,
            GdkFrameClock *clock)
{
  GListModel *connections;
  GListModel *shown = G_LIST_MODEL (self->shown);
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);
  guint n_new, j, used = 0, splices = 0;

  watch_connections (self);
  connections = self->connections;
  n_new = connections ? g_list_model_get_n_items (connections) : 0;
  j = MIN (self->same_until, g_list_model_get_n_items (shown));

  while (j < g_list_model_get_n_items (shown) && used < budget && splices < SPLICES_PER_FRAME)
    {
      g_autoptr(GObject) next = j < n_new ? g_list_model_get_item (connections, j) : NULL;
      guint n_shown = g_list_model_get_n_items (shown);
      guint gone = 0;

      for (; j + gone < n_shown && used < budget; gone++, used++)
        {
          g_autoptr(GObject) old = g_list_model_get_item (shown, j + gone);

          if (old == next)
            break;
        }

      if (gone > 0)
        {
          g_list_store_splice (self->shown, j, gone, NULL, 0);
          splices++;
        }
      if (next != NULL && j < g_list_model_get_n_items (shown) && used < budget)
        {
          j++;
          used++;
        }
    }

  for (guint i = j; j == g_list_model_get_n_items (shown) && i < n_new && used < budget; i++, used++)
    {
      /* While short, the list makes a row for each new one: it takes its
       * turn with the other views filling (sp_frame_take_filling_turn()). */
      gboolean makes_rows = i < ROWS_KEPT && budget != G_MAXUINT;

      if (makes_rows && (added->len >= ROWS_MADE_PER_FRAME ||
                         (added->len == 0 && !sp_frame_take_filling_turn (clock))))
        break;
      g_ptr_array_add (added, g_list_model_get_item (connections, i));
    }
  if (added->len > 0)
    g_list_store_splice (self->shown, j, 0, added->pdata, added->len);

  self->same_until = j + added->len;
  sp_bench_count (SP_BENCH_PEERS_COMPARED, used);

  return self->same_until == n_new && g_list_model_get_n_items (shown) == n_new;
}

/* Brings the shown list up to date at once: while not on screen. */
static void
sync_shown_all (SpPeerList *self)
{
  while (!sync_shown (self, G_MAXUINT, NULL))
    ;
}


static gboolean
update_tick_cb (GtkWidget     *widget,
                GdkFrameClock *frame_clock,
                gpointer       user_data)
{
  SpPeerList *self = SP_PEER_LIST (widget);

  gboolean done = sync_shown (self, self->per_frame, frame_clock);

  if (self->watch.endpoint != NULL)
    update_cb (self);
  /* More to compare: on the next frame. */
  if (!done)
    return G_SOURCE_CONTINUE;

  self->update_tick_id = 0;
  return G_SOURCE_REMOVE;
}

/* Clients come and go by the thousand in a storm: the list and the count
 * follow once per frame, not once per accept() or close (each change of
 * the label is also an accessibility event). */
static void
n_connections_changed_cb (SpPeerList *self)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      sync_shown_all (self);
      update_cb (self);
    }
  else if (self->update_tick_id == 0)
    self->update_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), update_tick_cb, NULL, NULL);
}

static void
sp_peer_list_unmap (GtkWidget *widget)
{
  SpPeerList *self = SP_PEER_LIST (widget);

  /* A tick waits for the next frame, which an unmapped widget may not get. */
  if (self->update_tick_id != 0)
    {
      gtk_widget_remove_tick_callback (widget, self->update_tick_id);
      self->update_tick_id = 0;
      sync_shown_all (self);
      if (self->watch.endpoint != NULL)
        update_cb (self);
    }

  GTK_WIDGET_CLASS (sp_peer_list_parent_class)->unmap (widget);
}

static void
send_all_toggled_cb (SpPeerList *self)
{
  /* Not gtk_selection_model_unselect_all(): GTK 4.8's single selection
   * refuses it. */
  if (gtk_check_button_get_active (self->send_all_check))
    gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
}

static void
selection_changed_cb (SpPeerList *self)
{
  /* Also heard while the list is torn down. */
  if (self->selection == NULL)
    return;

  if (sp_peer_list_get_selected (self) != NULL)
    gtk_check_button_set_active (self->send_all_check, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

/* Rows --------------------------------------------------------------------- */

static void
close_client_clicked_cb (GtkButton  *button,
                         SpPeerList *self)
{
  GtkListItem *item = g_object_get_data (G_OBJECT (button), "list-item");
  SpConnection *connection = gtk_list_item_get_item (item);

  if (connection != NULL)
    sp_endpoint_close_connection (self->watch.endpoint, connection);
}

#define CLOSE_TOOLTIP N_("Close this connection from the server side")

/* The close button's tooltip, given when asked for: GTK 4.8 on X11 asks
 * the X server where the pointer is (three round trips) for every
 * gtk_widget_set_tooltip_text(), and a server taking 10,000 clients makes
 * a row for each: the app waited on the X server for most of the storm's
 * longest frames. */
static gboolean
close_tooltip_cb (GtkWidget  *button,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip,
                  gpointer    user_data)
{
  gtk_tooltip_set_text (tooltip, _(CLOSE_TOOLTIP));
  return TRUE;
}

static void
setup_client_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 SpPeerList               *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *button = gtk_button_new_from_icon_name ("window-close-symbolic");

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "monospace");
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_has_tooltip (button, TRUE);
  g_signal_connect (button, "query-tooltip", G_CALLBACK (close_tooltip_cb), NULL);
  /* What gtk_widget_set_tooltip_text() would tell assistive technologies. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _(CLOSE_TOOLTIP),
                                  -1);
  g_object_set_data (G_OBJECT (button), "list-item", item);
  g_signal_connect (button, "clicked", G_CALLBACK (close_client_clicked_cb), self);

  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), button);
  gtk_widget_set_margin_start (box, 6);
  gtk_list_item_set_child (item, box);
}

/* "#1  127.0.0.1:40222", or on a relay "#2  server side 127.0.0.1:8082 ⇄ #1",
 * or on a UDP relay "#2  upstream 127.0.0.1:51000 ⇄ #1" (its socket to the
 * target, which the status line names). */
static char *
describe_connection (SpConnection *connection)
{
  SpConnection *partner = sp_connection_get_relay_partner (connection);
  guint id = sp_connection_get_id (connection);
  const char *remote = sp_connection_get_remote_address (connection);
  gboolean datagram = sp_connection_get_is_datagram (connection);

  switch (sp_connection_get_relay_side (connection))
    {
    case SP_RELAY_SIDE_SERVER:
      if (datagram)
        /* TRANSLATORS: a UDP relay's mapping: its upstream socket to the target, and the client it serves */
        return g_strdup_printf (_("#%u  upstream %s ⇄ #%u"), id, sp_connection_get_local_address (connection),
                                partner ? sp_connection_get_id (partner) : 0);
      /* TRANSLATORS: a relay's connection to its target server, and the client connection it relays */
      return g_strdup_printf (_("#%u  server side %s ⇄ #%u"), id, remote,
                              partner ? sp_connection_get_id (partner) : 0);

    case SP_RELAY_SIDE_CLIENT:
      /* TRANSLATORS: a client connected to a relay */
      return g_strdup_printf (_("#%u  client side %s"), id, remote);

    case SP_RELAY_SIDE_NONE:
    default:
      return g_strdup_printf ("#%u  %s", id, remote);
    }
}

static void
update_client_row (GtkListItem *item)
{
  SpConnection *connection = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *label = gtk_widget_get_first_child (box);
  GtkWidget *button = gtk_widget_get_last_child (box);
  const char *tcp_state = sp_connection_get_tcp_state (connection);
  g_autofree char *described = describe_connection (connection);
  g_autofree char *text = tcp_state ? g_strdup_printf ("%s  %s", described, tcp_state)
                                    : g_strdup (described);
  g_autofree char *close_label = NULL;

  gtk_label_set_text (GTK_LABEL (label), text);
  /* A UDP relay's mapping can be forgotten at once, as if idle. */
  gtk_widget_set_visible (button, !sp_connection_get_is_datagram (connection) ||
                                  sp_connection_get_relay_side (connection) != SP_RELAY_SIDE_NONE);
  /* TRANSLATORS: accessible name of the button that closes connection %s */
  close_label = g_strdup_printf (_("Close connection %s"), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, close_label,
                                  -1);
}

static void
bind_client_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                SpPeerList               *self)
{
  update_client_row (item);
  g_signal_connect_object (gtk_list_item_get_item (item), "notify::tcp-state",
                           G_CALLBACK (update_client_row), item, G_CONNECT_SWAPPED);
}

static void
unbind_client_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  SpPeerList               *self)
{
  g_signal_handlers_disconnect_by_func (gtk_list_item_get_item (item), update_client_row, item);
}

/* Life cycle --------------------------------------------------------------- */

static void
show_endpoint (GtkWidget *widget)
{
  SpPeerList *self = SP_PEER_LIST (widget);

  watch_connections (self);
  g_list_store_remove_all (self->shown);
  self->same_until = 0;
  sync_shown_all (self);
  update_cb (self);
}

static void
sp_peer_list_dispose (GObject *object)
{
  SpPeerList *self = (SpPeerList *)object;

  sp_endpoint_watch_clear (&self->watch);
  if (self->update_tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->update_tick_id);
      self->update_tick_id = 0;
    }
  sp_template_dispose (GTK_WIDGET (self), SP_TYPE_PEER_LIST);
  if (self->connections != NULL)
    g_signal_handlers_disconnect_by_func (self->connections, connections_changed_cb, self);
  g_clear_object (&self->connections);
  g_clear_object (&self->shown);

  G_OBJECT_CLASS (sp_peer_list_parent_class)->dispose (object);
}

static void
sp_peer_list_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  SpPeerList *self = SP_PEER_LIST (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      g_value_set_object (value, self->watch.endpoint);
      break;

    case PROP_SELECTED:
      g_value_set_object (value, sp_peer_list_get_selected (self));
      break;

    case PROP_SEND_TO_ALL:
      g_value_set_boolean (value, self->send_to_all);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_peer_list_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  SpPeerList *self = SP_PEER_LIST (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      sp_peer_list_set_endpoint (self, g_value_get_object (value));
      break;

    case PROP_SEND_TO_ALL:
      if (self->send_to_all != g_value_get_boolean (value))
        {
          self->send_to_all = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_peer_list_class_init (SpPeerListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sp_peer_list_dispose;
  object_class->get_property = sp_peer_list_get_property;
  object_class->set_property = sp_peer_list_set_property;
  widget_class->unmap = sp_peer_list_unmap;

  properties[PROP_ENDPOINT] =
    g_param_spec_object ("endpoint", NULL, NULL, SP_TYPE_ENDPOINT,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SELECTED] =
    g_param_spec_object ("selected", NULL, NULL, SP_TYPE_CONNECTION,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SEND_TO_ALL] =
    g_param_spec_boolean ("send-to-all", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SP_TYPE_WRAP_BOX);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/sp-peer-list.ui");
  gtk_widget_class_bind_template_child (widget_class, SpPeerList, clients_label);
  gtk_widget_class_bind_template_child (widget_class, SpPeerList, send_all_check);
  gtk_widget_class_bind_template_child (widget_class, SpPeerList, clients_scroller);
  gtk_widget_class_bind_template_child (widget_class, SpPeerList, clients_list);
  gtk_widget_class_bind_template_child (widget_class, SpPeerList, selection);
  gtk_widget_class_bind_template_callback (widget_class, send_all_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, selection_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, setup_client_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_client_cb);
  gtk_widget_class_bind_template_callback (widget_class, unbind_client_cb);

  gtk_widget_class_set_css_name (widget_class, "peerlist");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
sp_peer_list_init (SpPeerList *self)
{
  self->send_to_all = TRUE;
  self->per_frame = PEERS_PER_FRAME;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->shown = g_list_store_new (SP_TYPE_CONNECTION);
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->shown));

  sp_endpoint_watch_init (&self->watch, GTK_WIDGET (self), properties[PROP_ENDPOINT], show_endpoint);
  g_signal_group_connect_swapped (self->watch.signals, "notify::kind", G_CALLBACK (update_cb), self);
  g_signal_group_connect_swapped (self->watch.signals, "notify::state", G_CALLBACK (update_cb), self);
  g_signal_group_connect_swapped (self->watch.signals, "notify::relay-idle-timeout", G_CALLBACK (update_cb), self);
  g_signal_group_connect_swapped (self->watch.signals, "notify::n-connections", G_CALLBACK (n_connections_changed_cb), self);
}

GtkWidget *
sp_peer_list_new (void)
{
  return g_object_new (SP_TYPE_PEER_LIST, NULL);
}

SpEndpoint *
sp_peer_list_get_endpoint (SpPeerList *self)
{
  g_return_val_if_fail (SP_IS_PEER_LIST (self), NULL);
  return self->watch.endpoint;
}

void
sp_peer_list_set_endpoint (SpPeerList *self,
                           SpEndpoint *endpoint)
{
  g_return_if_fail (SP_IS_PEER_LIST (self));

  if (endpoint == NULL && self->shown != NULL)
    g_list_store_remove_all (self->shown);
  sp_endpoint_watch_set_endpoint (&self->watch, endpoint);
  if (endpoint == NULL)
    watch_connections (self);
}

SpConnection *
sp_peer_list_get_selected (SpPeerList *self)
{
  g_return_val_if_fail (SP_IS_PEER_LIST (self), NULL);
  return self->selection ? gtk_single_selection_get_selected_item (self->selection) : NULL;
}

gboolean
sp_peer_list_get_send_to_all (SpPeerList *self)
{
  g_return_val_if_fail (SP_IS_PEER_LIST (self), FALSE);
  return self->send_to_all;
}

void
sp_peer_list_set_per_frame (SpPeerList *self,
                            guint       n_connections)
{
  g_return_if_fail (SP_IS_PEER_LIST (self));
  self->per_frame = n_connections ? n_connections : PEERS_PER_FRAME;
}
