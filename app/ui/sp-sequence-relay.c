/* sp-sequence-relay.c: lifelines for the outside programs a relay pane
 * stands between (see sp-sequence-relay.h); what each of the relay's
 * events draws is sp-relay-lanes.c's, this file places it in the diagram;
 * and what every lifeline's title asks for (width, a description)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sp-relay-lanes.h"
#include "sp-sequence-relay.h"

typedef struct {
  guint column;    /* the relay's */
  guint party;     /* of its SpRelayLanes */
} Lane;

struct _SpSequenceRelay
{
  GPtrArray  *endpoints;
  GPtrArray  *lanes;       /* SpRelayLanes or NULL, one per column */
  GArray     *extra;       /* of Lane: column endpoints->len + i */
  GHashTable *lane_of;     /* (column, party) → extra index + 1 */
};

SpSequenceRelay *
_sp_sequence_relay_new (GPtrArray *endpoints)
{
  SpSequenceRelay *self = g_new0 (SpSequenceRelay, 1);

  self->endpoints = g_ptr_array_ref (endpoints);
  self->lanes = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_relay_lanes_free);
  for (guint c = 0; c < endpoints->len; c++)
    {
      SpEndpointKind kind = sp_endpoint_get_kind (endpoints->pdata[c]);

      g_ptr_array_add (self->lanes,
                       kind == SP_ENDPOINT_KIND_TCP_RELAY || kind == SP_ENDPOINT_KIND_UDP_RELAY
                         ? sp_relay_lanes_new () : NULL);
    }
  self->extra = g_array_new (FALSE, FALSE, sizeof (Lane));
  self->lane_of = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  return self;
}

void
_sp_sequence_relay_free (SpSequenceRelay *self)
{
  if (self == NULL)
    return;

  g_ptr_array_unref (self->endpoints);
  g_ptr_array_unref (self->lanes);
  g_array_unref (self->extra);
  g_hash_table_unref (self->lane_of);
  g_free (self);
}

/* The diagram's column for @party of the relay in @column. */
static guint
lane_column (SpSequenceRelay *self,
             guint            column,
             guint            party)
{
  gint64 key = ((gint64) column << 32) | party;
  guint index = GPOINTER_TO_UINT (g_hash_table_lookup (self->lane_of, &key));

  if (index == 0)
    {
      Lane lane = { column, party };
      gint64 *stored = g_new (gint64, 1);

      *stored = key;
      g_array_append_val (self->extra, lane);
      index = self->extra->len;
      g_hash_table_insert (self->lane_of, stored, GUINT_TO_POINTER (index));
    }

  return self->endpoints->len + index - 1;
}

gboolean
_sp_sequence_relay_has (SpSequenceRelay *self,
                        guint            column)
{
  return column < self->lanes->len && self->lanes->pdata[column] != NULL;
}

gboolean
_sp_sequence_relay_arrow (SpSequenceRelay      *self,
                          guint                 column,
                          const SpEventRecord  *record,
                          gboolean              peer_in_view,
                          const char           *preview,
                          guint                *target,
                          gboolean             *from_target,
                          gboolean             *dashed,
                          char                **label)
{
  SpRelayLanes *lanes = column < self->lanes->len ? self->lanes->pdata[column] : NULL;
  SpConnection *connection;
  SpRelayStep step = { 0 };
  SpRelayArrow arrow = { 0 };

  if (lanes == NULL)
    return FALSE;

  step.kind = sp_event_record_get_kind (record);
  step.flags = sp_event_record_get_flags (record);
  step.connection_id = sp_event_record_get_connection_id (record);
  connection = sp_endpoint_find_connection (self->endpoints->pdata[column], step.connection_id);
  step.side = connection ? sp_connection_get_relay_side (connection) : SP_RELAY_SIDE_NONE;
  if (connection != NULL && sp_connection_get_relay_partner (connection) != NULL)
    step.partner_id = sp_connection_get_id (sp_connection_get_relay_partner (connection));
  step.peer = sp_event_record_get_peer (record);
  step.n_bytes = sp_event_record_get_n_bytes (record);
  step.preview = preview;
  step.errno_name = sp_event_record_get_errno_name (record);
  step.peer_in_view = peer_in_view;
  step.datagram = sp_endpoint_get_kind (self->endpoints->pdata[column]) == SP_ENDPOINT_KIND_UDP_RELAY;

  if (!sp_relay_lanes_add (lanes, &step, &arrow))
    return FALSE;

  *target = lane_column (self, column, arrow.party);
  *from_target = !arrow.to_party;
  *dashed = arrow.dashed;
  *label = arrow.label;
  return TRUE;
}

static void
place (GArray *positions,
       guint   column,
       guint  *next)
{
  g_array_index (positions, guint, column) = (*next)++;
}

void
_sp_sequence_relay_finish (SpSequenceRelay *self,
                           GPtrArray       *pane_titles,
                           GPtrArray       *titles,
                           GArray          *positions,
                           GPtrArray       *ordered)
{
  guint n_panes = self->endpoints->len;
  guint next = 0;

  g_array_set_size (positions, n_panes + self->extra->len);

  for (guint c = 0; c < n_panes; c++)
    {
      SpRelayLanes *lanes = self->lanes->pdata[c];

      for (guint i = 0; i < self->extra->len; i++)
        {
          Lane *lane = &g_array_index (self->extra, Lane, i);

          if (lane->column == c && sp_relay_lanes_get_party_side (lanes, lane->party) == SP_RELAY_SIDE_CLIENT)
            place (positions, n_panes + i, &next);
        }
      place (positions, c, &next);
      for (guint i = 0; i < self->extra->len; i++)
        {
          Lane *lane = &g_array_index (self->extra, Lane, i);

          if (lane->column == c && sp_relay_lanes_get_party_side (lanes, lane->party) != SP_RELAY_SIDE_CLIENT)
            place (positions, n_panes + i, &next);
        }
    }

  for (guint i = 0; i < self->extra->len; i++)
    {
      Lane *lane = &g_array_index (self->extra, Lane, i);

      g_ptr_array_add (titles, sp_relay_lanes_dup_party_title (self->lanes->pdata[lane->column], lane->party));
    }

  g_ptr_array_set_size (ordered, positions->len);
  for (guint c = 0; c < positions->len; c++)
    ordered->pdata[g_array_index (positions, guint, c)] = c < n_panes ? pane_titles->pdata[c]
                                                                      : titles->pdata[c - n_panes];
}

/* The lifelines, for screen readers and tests -------------------------------- */

void
_sp_sequence_describe (GtkWidget  *view,
                       GPtrArray  *ordered,
                       guint       n_arrows,
                       char      **last)
{
  g_autoptr(GString) names = g_string_new (NULL);
  g_autofree char *description = NULL;

  for (guint p = 0; p < ordered->len; p++)
    g_string_append_printf (names, "%s%s", p > 0 ? " | " : "", (const char *) ordered->pdata[p]);
  /* TRANSLATORS: the diagram's accessible description: its lifelines ("Client 127.0.0.1:53422 | TCP relay 1 | Server 127.0.0.1:8082") and how many arrows it draws */
  description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Lifelines: %s; %u arrow", "Lifelines: %s; %u arrows", n_arrows),
                                 names->str, n_arrows);
  if (g_strcmp0 (description, *last) == 0)
    return;

  g_free (*last);
  *last = g_steal_pointer (&description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, *last, -1);
}

int
_sp_sequence_widest_title (GtkWidget *widget,
                           GPtrArray *titles)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, NULL);
  int widest = 0;

  for (guint p = 0; p < titles->len; p++)
    {
      int width, height;

      pango_layout_set_text (layout, titles->pdata[p], -1);
      pango_layout_get_pixel_size (layout, &width, &height);
      widest = MAX (widest, width);
    }

  return widest;
}
