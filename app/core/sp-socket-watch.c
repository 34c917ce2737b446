/* sp-socket-watch.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "sp-socket-watch.h"

typedef struct _Hub Hub;

/* One socket in the epoll set, with the watches on it. */
typedef struct
{
  guint      ref_count;
  Hub       *hub;        /* NULL once out of the set */
  guint64    id;         /* the epoll data: never reused, unlike a pointer */
  GSocket   *socket;
  guint32    events;     /* registered with epoll, 0 before */
  GPtrArray *watches;    /* SpSocketWatch, the entry's references */
} Entry;

struct _Hub
{
  GSource     source;
  int         epfd;
  GHashTable *by_socket; /* GSocket → Entry (the hub's reference) */
  GHashTable *by_id;     /* &Entry.id → Entry */
  /* Room for every socket in the set, to serve all ready ones in a
   * dispatch, as GLib dispatches all ready sources of a priority in one
   * iteration: the engine's batching (a list's closed connections taken
   * out in one change) counts on that. */
  struct epoll_event *events;
  Entry     **ready;
  guint       capacity;
};

struct _SpSocketWatch
{
  guint              ref_count;
  guint64            born;      /* the dispatch it was made in, or 0 */
  Entry             *entry;     /* NULL once destroyed or on its own source */
  GSource           *own;       /* when epoll would not take the socket */
  GIOCondition       condition;
  SpSocketWatchFunc  func;
  gpointer           user_data;
  gboolean           destroyed;
};

G_DEFINE_BOXED_TYPE (SpSocketWatch, sp_socket_watch, sp_socket_watch_ref, sp_socket_watch_unref)

/* Hubs by priority; a hub goes when its last socket does. */
static GSList *hubs;
static guint64 next_id = 1;
/* The dispatch under way (0: none). A watch made in it waits for the next,
 * as a GSource attached during a dispatch does. */
static guint64 dispatching;
static guint64 n_dispatches;

static guint32
to_epoll (GIOCondition condition)
{
  return ((condition & G_IO_IN) ? EPOLLIN : 0) |
         ((condition & G_IO_OUT) ? EPOLLOUT : 0) |
         ((condition & G_IO_PRI) ? EPOLLPRI : 0);
}

static GIOCondition
from_epoll (guint32 events)
{
  return ((events & EPOLLIN) ? G_IO_IN : 0) |
         ((events & EPOLLOUT) ? G_IO_OUT : 0) |
         ((events & EPOLLPRI) ? G_IO_PRI : 0) |
         ((events & EPOLLERR) ? G_IO_ERR : 0) |
         ((events & EPOLLHUP) ? G_IO_HUP : 0);
}

static Entry *
entry_ref (Entry *entry)
{
  entry->ref_count++;
  return entry;
}

static void
entry_unref (Entry *entry)
{
  if (--entry->ref_count > 0)
    return;

  g_assert (entry->watches->len == 0);
  g_ptr_array_unref (entry->watches);
  g_object_unref (entry->socket);
  g_free (entry);
}

/* Hubs -------------------------------------------------------------------- */

static gboolean dispatch_hub (GSource *source, GSourceFunc callback, gpointer user_data);

static void
finalize_hub (GSource *source)
{
  Hub *hub = (Hub *) source;

  g_hash_table_unref (hub->by_id);
  g_hash_table_unref (hub->by_socket);
  g_free (hub->events);
  g_free (hub->ready);
  close (hub->epfd);
}

static GSourceFuncs hub_funcs = {
  .dispatch = dispatch_hub,
  .finalize = finalize_hub,
};

static Hub *
get_hub (int priority)
{
  Hub *hub;
  int epfd;

  for (GSList *l = hubs; l != NULL; l = l->next)
    if (g_source_get_priority (l->data) == priority)
      return l->data;

  epfd = epoll_create1 (EPOLL_CLOEXEC);
  if (epfd < 0)
    return NULL;

  hub = (Hub *) g_source_new (&hub_funcs, sizeof (Hub));
  hub->epfd = epfd;
  hub->by_socket = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) entry_unref);
  hub->by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_source_add_unix_fd (&hub->source, epfd, G_IO_IN);
  g_source_set_priority (&hub->source, priority);
  g_source_set_static_name (&hub->source, "SpSocketWatch");
  /* Otherwise GLib takes the epoll descriptor out of its poll set and puts
   * it back around every dispatch, waking itself up both times: two
   * write()s and a read() more per dispatch, in a flood as many as the
   * send() calls. */
  g_source_set_can_recurse (&hub->source, TRUE);
  g_source_attach (&hub->source, NULL);
  hubs = g_slist_prepend (hubs, hub);

  return hub;
}

static void
drop_hub_if_empty (Hub *hub)
{
  if (g_hash_table_size (hub->by_socket) > 0)
    return;

  hubs = g_slist_remove (hubs, hub);
  /* While it dispatches, GLib holds a reference of its own. */
  g_source_destroy (&hub->source);
  g_source_unref (&hub->source);
}

/* Registers the union of the entry's watches with epoll. */
static gboolean
sync_entry (Entry *entry)
{
  guint32 events = 0;
  struct epoll_event ev = { 0 };
  int op;

  for (guint i = 0; i < entry->watches->len; i++)
    events |= to_epoll (((SpSocketWatch *) entry->watches->pdata[i])->condition);

  if (events == entry->events)
    return TRUE;

  op = entry->events == 0 ? EPOLL_CTL_ADD : EPOLL_CTL_MOD;
  ev.events = events;
  ev.data.u64 = entry->id;
  if (epoll_ctl (entry->hub->epfd, op, g_socket_get_fd (entry->socket), &ev) < 0)
    return FALSE;

  entry->events = events;
  return TRUE;
}

static void
remove_entry (Entry *entry)
{
  Hub *hub = entry->hub;

  /* Closing a socket took it out of the set already, and its descriptor
   * number may since belong to another socket in the set: a closed
   * GSocket's descriptor reads -1, so that one is left alone. */
  if (entry->events != 0 && g_socket_get_fd (entry->socket) >= 0)
    epoll_ctl (hub->epfd, EPOLL_CTL_DEL, g_socket_get_fd (entry->socket), NULL);

  entry->hub = NULL;
  g_hash_table_remove (hub->by_id, &entry->id);
  g_hash_table_remove (hub->by_socket, entry->socket);
  drop_hub_if_empty (hub);
}

static void
serve_entry (Entry        *entry,
             GIOCondition  ready)
{
  /* Callbacks may add and destroy watches, this entry's too. */
  g_autoptr(GPtrArray) watches = g_ptr_array_new_full (entry->watches->len, (GDestroyNotify) sp_socket_watch_unref);

  for (guint i = 0; i < entry->watches->len; i++)
    g_ptr_array_add (watches, sp_socket_watch_ref (entry->watches->pdata[i]));

  for (guint i = 0; i < watches->len; i++)
    {
      SpSocketWatch *watch = watches->pdata[i];
      GIOCondition mine = ready & (watch->condition | G_IO_ERR | G_IO_HUP);

      if (watch->entry != entry || mine == 0 || watch->born == dispatching)
        continue;

      if (!watch->func (entry->socket, mine, watch->user_data))
        sp_socket_watch_destroy (watch);
    }
}

static gboolean
dispatch_hub (GSource     *source,
              GSourceFunc  callback,
              gpointer     user_data)
{
  Hub *hub = (Hub *) source;
  guint64 outer = dispatching;
  /* The hub may recurse (a callback running the main loop): a dispatch
   * within this one takes arrays of its own while it holds these. */
  struct epoll_event *events = g_steal_pointer (&hub->events);
  Entry **ready = g_steal_pointer (&hub->ready);
  guint capacity = hub->capacity;
  guint n_ready = 0;
  int n;

  hub->capacity = 0;
  if (capacity < MAX (g_hash_table_size (hub->by_socket), 1))
    {
      capacity = MAX (MAX (g_hash_table_size (hub->by_socket), capacity * 2), 16);
      events = g_renew (struct epoll_event, events, capacity);
      ready = g_renew (Entry *, ready, capacity);
    }

  do
    n = epoll_wait (hub->epfd, events, capacity, 0);
  while (n < 0 && errno == EINTR);

  /* Hold them all first: serving one may end another. An unknown id is a
   * socket closed while another process still held it (a child between
   * fork() and exec(); the app's sockets are close-on-exec): the kernel
   * drops it from the set once that process lets go. */
  for (int i = 0; i < n; i++)
    {
      guint64 id = events[i].data.u64;   /* packed: not aligned */
      Entry *entry = g_hash_table_lookup (hub->by_id, &id);

      if (entry != NULL)
        {
          events[n_ready].events = events[i].events;
          ready[n_ready++] = entry_ref (entry);
        }
    }

  dispatching = ++n_dispatches;
  for (guint i = 0; i < n_ready; i++)
    {
      if (ready[i]->hub != NULL)
        serve_entry (ready[i], from_epoll (events[i].events));
      entry_unref (ready[i]);
    }
  dispatching = outer;

  /* Keep the larger arrays (a recursive dispatch may have grown its own). */
  if (hub->capacity > capacity)
    {
      g_free (events);
      g_free (ready);
    }
  else
    {
      g_free (hub->events);
      g_free (hub->ready);
      hub->events = events;
      hub->ready = ready;
      hub->capacity = capacity;
    }

  return G_SOURCE_CONTINUE;
}

/* Watches ------------------------------------------------------------------ */

static gboolean
own_source_cb (GSocket      *socket,
               GIOCondition  condition,
               gpointer      user_data)
{
  g_autoptr(SpSocketWatch) watch = sp_socket_watch_ref (user_data);

  if (watch->func (socket, condition, watch->user_data))
    return G_SOURCE_CONTINUE;

  sp_socket_watch_destroy (watch);
  return G_SOURCE_REMOVE;
}

static gboolean
join_hub (SpSocketWatch *watch,
          GSocket       *socket,
          int            priority)
{
  Hub *hub = get_hub (priority);
  Entry *entry;

  if (hub == NULL)
    return FALSE;

  entry = g_hash_table_lookup (hub->by_socket, socket);
  if (entry == NULL)
    {
      entry = g_new0 (Entry, 1);
      entry->ref_count = 1;
      entry->hub = hub;
      entry->id = next_id++;
      entry->socket = g_object_ref (socket);
      entry->watches = g_ptr_array_new ();
      g_hash_table_insert (hub->by_socket, socket, entry);
      g_hash_table_insert (hub->by_id, &entry->id, entry);
    }

  g_ptr_array_add (entry->watches, sp_socket_watch_ref (watch));
  watch->entry = entry;
  if (sync_entry (entry))
    return TRUE;

  watch->entry = NULL;
  g_ptr_array_remove_fast (entry->watches, watch);
  sp_socket_watch_unref (watch);
  if (entry->watches->len == 0)
    remove_entry (entry);

  return FALSE;
}

SpSocketWatch *
sp_socket_watch_new (GSocket           *socket,
                     GIOCondition       condition,
                     int                priority,
                     SpSocketWatchFunc  func,
                     gpointer           user_data)
{
  SpSocketWatch *watch;

  g_return_val_if_fail (G_IS_SOCKET (socket), NULL);
  g_return_val_if_fail ((condition & (G_IO_IN | G_IO_OUT | G_IO_PRI)) != 0, NULL);
  g_return_val_if_fail (func != NULL, NULL);

  watch = g_new0 (SpSocketWatch, 1);
  watch->ref_count = 1;
  watch->born = dispatching;
  watch->condition = condition & (G_IO_IN | G_IO_OUT | G_IO_PRI);
  watch->func = func;
  watch->user_data = user_data;

  /* Out of descriptors or epoll watches (fs.epoll.max_user_watches): this
   * socket gets a GSource of its own, as before, and still works. */
  if (!join_hub (watch, socket, priority))
    {
      watch->own = g_socket_create_source (socket, condition | G_IO_ERR | G_IO_HUP, NULL);
      /* As the hub's entry does, the source holds the watch until destroyed. */
      g_source_set_callback (watch->own, G_SOURCE_FUNC (own_source_cb),
                             sp_socket_watch_ref (watch), (GDestroyNotify) sp_socket_watch_unref);
      g_source_set_priority (watch->own, priority);
      g_source_attach (watch->own, NULL);
    }

  return watch;
}

SpSocketWatch *
sp_socket_watch_ref (SpSocketWatch *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  self->ref_count++;
  return self;
}

void
sp_socket_watch_unref (SpSocketWatch *self)
{
  g_return_if_fail (self != NULL);

  if (--self->ref_count > 0)
    return;

  g_assert (self->entry == NULL);
  g_clear_pointer (&self->own, g_source_unref);
  g_free (self);
}

void
sp_socket_watch_destroy (SpSocketWatch *self)
{
  Entry *entry;

  g_return_if_fail (self != NULL);

  if (self->destroyed)
    return;

  self->destroyed = TRUE;
  if (self->own != NULL)
    g_source_destroy (self->own);

  entry = g_steal_pointer (&self->entry);
  if (entry == NULL)
    return;

  g_ptr_array_remove_fast (entry->watches, self);
  if (entry->watches->len == 0)
    remove_entry (entry);
  else
    sync_entry (entry);
  sp_socket_watch_unref (self);
}

void
sp_socket_watch_clear (SpSocketWatch **watch)
{
  g_return_if_fail (watch != NULL);

  if (*watch == NULL)
    return;

  sp_socket_watch_destroy (*watch);
  g_clear_pointer (watch, sp_socket_watch_unref);
}

gboolean
sp_socket_watch_is_destroyed (SpSocketWatch *self)
{
  g_return_val_if_fail (self != NULL, TRUE);

  return self->destroyed;
}

gboolean
sp_socket_watch_is_shared (SpSocketWatch *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->entry != NULL;
}
