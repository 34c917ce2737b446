/* sp-relay-lanes.c: the parties a relay's log shows and the arrow each of
 * its calls draws (see sp-relay-lanes.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sp-relay-lanes.h"

typedef struct {
  SpRelaySide  side;
  char        *address;     /* NULL: the lifeline later clients share */
  guint        n_clients;   /* that shared lifeline's clients */
} Party;

struct _SpRelayLanes
{
  GArray     *parties;      /* of Party */
  GHashTable *sides;        /* connection id → SpRelaySide */
  GHashTable *party_of;     /* connection id → party + 1 */
  GHashTable *servers;      /* target address → party + 1 */
  guint       n_clients;    /* clients with a lifeline of their own */
  int         shared;       /* the shared lifeline, or -1 */
  GHashTable *mapping_of;   /* UDP: upstream connection id → its client's */
  guint       last_client;  /* UDP: the client side of the latest recvfrom() */
};

static void
party_clear (gpointer data)
{
  g_free (((Party *) data)->address);
}

SpRelayLanes *
sp_relay_lanes_new (void)
{
  SpRelayLanes *self = g_new0 (SpRelayLanes, 1);

  self->parties = g_array_new (FALSE, TRUE, sizeof (Party));
  g_array_set_clear_func (self->parties, party_clear);
  self->sides = g_hash_table_new (NULL, NULL);
  self->party_of = g_hash_table_new (NULL, NULL);
  self->servers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->shared = -1;
  self->mapping_of = g_hash_table_new (NULL, NULL);

  return self;
}

void
sp_relay_lanes_free (SpRelayLanes *self)
{
  if (self == NULL)
    return;

  g_array_unref (self->parties);
  g_hash_table_unref (self->sides);
  g_hash_table_unref (self->party_of);
  g_hash_table_unref (self->servers);
  g_hash_table_unref (self->mapping_of);
  g_free (self);
}

static guint
add_party (SpRelayLanes *self,
           SpRelaySide   side,
           const char   *address)
{
  Party party = { side, g_strdup (address), 0 };

  g_array_append_val (self->parties, party);
  return self->parties->len - 1;
}

/* The side a step's connection is on: as given, or as its accept() or the
 * relay's connect() said earlier. */
static SpRelaySide
side_of (SpRelayLanes      *self,
         const SpRelayStep *step)
{
  SpRelaySide side = step->side;

  if (side == SP_RELAY_SIDE_NONE && step->kind == SP_EVENT_KIND_ACCEPTED)
    side = SP_RELAY_SIDE_CLIENT;
  else if (side == SP_RELAY_SIDE_NONE && step->kind == SP_EVENT_KIND_CONNECTED)
    side = SP_RELAY_SIDE_SERVER;
  else if (side == SP_RELAY_SIDE_NONE)
    side = GPOINTER_TO_INT (g_hash_table_lookup (self->sides, GUINT_TO_POINTER (step->connection_id)));
  /* A UDP relay's upstream side starts with its mapping (CONNECTED): any
   * other connection met first is a client's. */
  if (side == SP_RELAY_SIDE_NONE && step->datagram)
    side = SP_RELAY_SIDE_CLIENT;

  if (side != SP_RELAY_SIDE_NONE)
    g_hash_table_insert (self->sides, GUINT_TO_POINTER (step->connection_id), GINT_TO_POINTER (side));

  return side;
}

/* Each client its own lifeline (up to a few), named by its address; every
 * connection to the same target one lifeline, the server's. */
static guint
party_for (SpRelayLanes      *self,
           const SpRelayStep *step,
           SpRelaySide        side)
{
  gpointer found = g_hash_table_lookup (self->party_of, GUINT_TO_POINTER (step->connection_id));
  const char *address = step->peer ? step->peer : "";
  guint party;

  if (found != NULL)
    return GPOINTER_TO_UINT (found) - 1;

  if (side == SP_RELAY_SIDE_SERVER)
    {
      found = g_hash_table_lookup (self->servers, address);
      party = found ? GPOINTER_TO_UINT (found) - 1 : add_party (self, side, address);
      if (found == NULL)
        g_hash_table_insert (self->servers, g_strdup (address), GUINT_TO_POINTER (party + 1));
    }
  else if (self->n_clients < SP_RELAY_LANES_MAX_CLIENTS)
    {
      party = add_party (self, side, address);
      self->n_clients++;
    }
  else
    {
      if (self->shared < 0)
        self->shared = add_party (self, side, NULL);
      party = self->shared;
      g_array_index (self->parties, Party, party).n_clients++;
    }

  g_hash_table_insert (self->party_of, GUINT_TO_POINTER (step->connection_id), GUINT_TO_POINTER (party + 1));
  return party;
}

/* A UDP relay's arrow: recvfrom()/sendto() with the clients,
 * send()/recv() on the mapping's upstream socket; NULL for no arrow. */
static char *
describe_datagram (const SpRelayStep *step,
                   SpRelaySide        side,
                   gboolean          *to_party,
                   gboolean          *dashed)
{
  const char *preview = step->preview ? step->preview : "";
  gboolean client = side == SP_RELAY_SIDE_CLIENT;

  *to_party = FALSE;
  *dashed = FALSE;

  switch ((int) step->kind)
    {
    case SP_EVENT_KIND_RECEIVED:
      return g_strdup_printf (client ? _("recvfrom %lu B “%s”") : _("recv %lu B “%s”"),
                              (gulong) step->n_bytes, preview);

    case SP_EVENT_KIND_SENT:
      *to_party = TRUE;
      return g_strdup_printf (client ? _("sendto %lu B “%s”") : _("send %lu B “%s”"),
                              (gulong) step->n_bytes, preview);

    case SP_EVENT_KIND_CLOSED:
      /* Only the upstream socket is closed; the client's side of the
       * mapping is forgotten, with nothing to tell it. */
      if (client)
        return NULL;
      *to_party = *dashed = TRUE;
      return g_strdup (_("mapping expired: close(), nothing sent"));

    case SP_EVENT_KIND_ERROR:
      if (client || g_strcmp0 (step->errno_name, "ECONNREFUSED") != 0)
        return NULL;
      *dashed = TRUE;
      return g_strdup (_("ICMP port unreachable → ⚠ ECONNREFUSED"));

    default:
      return NULL;
    }
}

/* A UDP relay's mapping number: its client side's connection. */
static guint
mapping_number (SpRelayLanes      *self,
                const SpRelayStep *step,
                SpRelaySide        side)
{
  gpointer found;

  if (side == SP_RELAY_SIDE_CLIENT)
    {
      if (step->kind == SP_EVENT_KIND_RECEIVED)
        self->last_client = step->connection_id;
      return step->connection_id;
    }

  found = g_hash_table_lookup (self->mapping_of, GUINT_TO_POINTER (step->connection_id));
  if (found != NULL)
    return GPOINTER_TO_UINT (found);

  /* A mapping is made right after its client's first recvfrom(): that
   * client, when the connections are gone and cannot say. */
  if (step->partner_id != 0 || step->kind == SP_EVENT_KIND_CONNECTED)
    {
      guint number = step->partner_id != 0 ? step->partner_id : self->last_client;

      if (number != 0)
        g_hash_table_insert (self->mapping_of, GUINT_TO_POINTER (step->connection_id), GUINT_TO_POINTER (number));
      return number != 0 ? number : step->connection_id;
    }

  return step->connection_id;
}

/* The words of the arrow, without its connection's number; NULL for an
 * event that draws no arrow. */
static char *
describe (const SpRelayStep *step,
          SpRelaySide        side,
          gboolean          *to_party,
          gboolean          *dashed)
{
  const char *preview = step->preview ? step->preview : "";

  *to_party = FALSE;
  *dashed = FALSE;

  switch ((int) step->kind)
    {
    case SP_EVENT_KIND_RECEIVED:
      return g_strdup_printf (_("recv %lu B “%s”"), (gulong) step->n_bytes, preview);

    case SP_EVENT_KIND_SENT:
      *to_party = TRUE;
      return g_strdup_printf (_("send %lu B “%s”"), (gulong) step->n_bytes, preview);

    case SP_EVENT_KIND_ACCEPTED:
      return g_strdup ("connect() → accept()");

    case SP_EVENT_KIND_CONNECTED:
      *to_party = TRUE;
      return g_strdup ("connect()");

    case SP_EVENT_KIND_PEER_CLOSED:
      *dashed = TRUE;
      return g_strdup (_("recv → 0 (FIN)"));

    case SP_EVENT_KIND_INFO:
      if ((step->flags & SP_EVENT_FLAG_SHUTDOWN) == 0)
        return NULL;
      *to_party = *dashed = TRUE;
      return g_strdup ("shutdown(SHUT_WR) → FIN");

    case SP_EVENT_KIND_CLOSED:
      *to_party = *dashed = TRUE;
      return g_strdup ((step->flags & SP_EVENT_FLAG_RESET) ? "close() → RST" : "close()");

    case SP_EVENT_KIND_ERROR:
      /* The program on that side reset the connection; not the relay's
       * own connect() to the target failing (nothing is read from a
       * client before its server side is connected). */
      if (g_strcmp0 (step->errno_name, "ECONNRESET") != 0 ||
          (side == SP_RELAY_SIDE_CLIENT && step->partner_id == 0))
        return NULL;
      *dashed = TRUE;
      return g_strdup ("RST → ⚠ ECONNRESET");

    default:
      return NULL;
    }
}

gboolean
sp_relay_lanes_add (SpRelayLanes      *self,
                    const SpRelayStep *step,
                    SpRelayArrow      *arrow)
{
  g_autofree char *words = NULL;
  SpRelaySide side;
  gboolean to_party, dashed;
  guint number;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (step != NULL, FALSE);
  g_return_val_if_fail (arrow != NULL, FALSE);

  if (step->connection_id == 0)
    return FALSE;

  side = side_of (self, step);
  if (side == SP_RELAY_SIDE_NONE || step->peer_in_view)
    return FALSE;

  number = step->datagram ? mapping_number (self, step, side) : step->connection_id;
  words = step->datagram ? describe_datagram (step, side, &to_party, &dashed)
                         : describe (step, side, &to_party, &dashed);
  if (words == NULL)
    return FALSE;

  arrow->party = party_for (self, step, side);
  arrow->to_party = to_party;
  arrow->dashed = dashed;
  /* The connection's (a UDP relay: the mapping's) number tells many
   * connections at once apart. */
  arrow->label = g_strdup_printf ("#%u %s", number, words);
  return TRUE;
}

guint
sp_relay_lanes_get_n_parties (SpRelayLanes *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->parties->len;
}

SpRelaySide
sp_relay_lanes_get_party_side (SpRelayLanes *self,
                               guint         party)
{
  g_return_val_if_fail (self != NULL, SP_RELAY_SIDE_NONE);
  g_return_val_if_fail (party < self->parties->len, SP_RELAY_SIDE_NONE);

  return g_array_index (self->parties, Party, party).side;
}

char *
sp_relay_lanes_dup_party_title (SpRelayLanes *self,
                                guint         party)
{
  const Party *p;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (party < self->parties->len, NULL);

  p = &g_array_index (self->parties, Party, party);
  if (p->address == NULL)
    /* TRANSLATORS: a lifeline that the relay's later clients share */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u more client", "%u more clients", p->n_clients),
                            p->n_clients);

  if (p->side == SP_RELAY_SIDE_SERVER)
    /* TRANSLATORS: a lifeline in the diagram: the relay's target, "Server 127.0.0.1:8082" */
    return g_strdup_printf (_("Server %s"), p->address);

  /* TRANSLATORS: a lifeline in the diagram: a program connected to the relay, "Client 127.0.0.1:53422" */
  return g_strdup_printf (_("Client %s"), p->address);
}
