/* sp-kernel-monitor.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sp-connection-host.h"
#include "sp-kernel-monitor.h"
#include "sp-tcp-state.h"

/* Closed connections listed in the summary: enough to see TIME_WAIT. */
#define MAX_LINGERING_TEXT 200

/* A poll asks the kernel about every connection (two ioctls each, and a
 * lookup in its TCP table): with thousands of clients, a slice of them per
 * main-loop iteration, the frames drawn between. The summary changes once
 * the sweep has been through them all. */
#define CONNECTIONS_PER_SLICE 256
/* Tables of more sockets are read in a thread (see sweep_begin()). */
#define MAX_READ_AT_ONCE 2048

G_STATIC_ASSERT (CONNECTIONS_PER_SLICE == SP_KERNEL_MONITOR_CONNECTIONS_PER_SLICE);

/* One poll, through every connection. */
typedef struct {
  GPtrArray  *all;        /* SpConnection, closed ones too */
  guint       next;       /* the first not yet asked about */
  GHashTable *states;     /* the kernel's TCP table, or NULL */
  gboolean    tcp;        /* look up TCP states */
  gboolean    any_queues;
  guint       in_queue;
  guint       out_queue;
  gsize       queued;     /* what sendall() still waits to hand over */
  gint64      spent_us;   /* in its slices so far */
  guint       n_slices;
  guint       largest_slice;
  char       *client_state;
  GString    *lingering;
} Sweep;

struct _SpKernelMonitor
{
  GObject     parent_instance;

  SpEndpoint *endpoint;
  guint       interval_ms;
  guint       timer_id;

  Sweep      *sweep;      /* a periodic poll under way */
  guint       slice;      /* connections per slice */
  guint       last_slices;        /* of the last periodic poll */
  guint       last_largest_slice;

  gboolean    have_queues;
  guint       in_queue;
  guint       out_queue;
  char       *listener_state;
  char       *summary;
};

enum {
  PROP_0,
  PROP_ENDPOINT,
  PROP_INTERVAL,
  PROP_IN_QUEUE,
  PROP_OUT_QUEUE,
  PROP_LISTENER_STATE,
  PROP_SUMMARY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SpKernelMonitor, sp_kernel_monitor, G_TYPE_OBJECT)

static void
set_uint (SpKernelMonitor *self,
          guint           *field,
          guint            value,
          guint            prop_id)
{
  if (*field == value)
    return;

  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

/* Takes @value. */
static void
take_string (SpKernelMonitor  *self,
             char            **field,
             char             *value,
             guint             prop_id)
{
  if (g_strcmp0 (*field, value) == 0)
    {
      g_free (value);
      return;
    }

  g_free (*field);
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

/* Takes @text; returns it with @format's additions. */
static char * G_GNUC_PRINTF (2, 3)
extend (char       *text,
        const char *format,
        ...)
{
  va_list args;
  char *extended;

  va_start (args, format);
  extended = g_strdup_vprintf (format, args);
  va_end (args);
  g_free (text);

  return extended;
}

static char *
describe_queues (SpKernelMonitor *self)
{
  if (sp_endpoint_get_state (self->endpoint) != SP_ENDPOINT_STATE_RUNNING)
    return g_strdup (_("no socket"));
  if (self->have_queues)
    /* TRANSLATORS: bytes waiting in the kernel's receive and send queues */
    return g_strdup_printf (_("in kernel: recv-Q %u B · send-Q %u B"), self->in_queue, self->out_queue);
  if (sp_endpoint_get_kind (self->endpoint) == SP_ENDPOINT_KIND_TCP_SERVER)
    return g_strdup ("");
  return g_strdup (_("kernel queues: not available"));
}

/* The listener's state, looked up as the kernel lists it: bound to
 * its local address, with no peer. */
static const char *
find_listener_state (SpKernelMonitor *self,
                     GHashTable      *states)
{
  const char *local = sp_endpoint_get_local_address (self->endpoint);

  if (sp_endpoint_get_kind (self->endpoint) != SP_ENDPOINT_KIND_TCP_SERVER || local == NULL)
    return NULL;

  return sp_tcp_states_find (states, local, local[0] == '[' ? "[::]:0" : "0.0.0.0:0");
}

static void
sweep_free (Sweep *sweep)
{
  g_ptr_array_unref (sweep->all);
  g_clear_pointer (&sweep->states, g_hash_table_unref);
  g_free (sweep->client_state);
  g_string_free (sweep->lingering, TRUE);
  g_free (sweep);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Sweep, sweep_free)

/* The TCP sockets of this network namespace now (TIME_WAIT included), as
 * /proc/net/sockstat counts them: a few bytes to read, where the table
 * itself may be thousands of lines. 0 where it can't be told. */
static guint
count_tcp_sockets (void)
{
  g_autofree char *text = NULL;
  const char *line;
  guint inuse = 0, tw = 0;

  if (!g_file_get_contents ("/proc/net/sockstat", &text, NULL, NULL) ||
      (line = strstr (text, "\nTCP: ")) == NULL ||
      sscanf (line, "\nTCP: inuse %u orphan %*u tw %u", &inuse, &tw) < 1)
    return 0;

  return inuse + tw;
}

static Sweep *
sweep_begin (SpKernelMonitor *self,
             gboolean         periodic)
{
  Sweep *sweep = g_new0 (Sweep, 1);

  sweep->all = sp_endpoint_dup_all_connections (self->endpoint);
  sweep->lingering = g_string_new (NULL);
  /* A stopped endpoint with no connections has nothing in the kernel's
   * tables; UDP has no TCP states. */
  sweep->tcp = !sp_endpoint_is_datagram (self->endpoint) &&
               (sp_endpoint_get_state (self->endpoint) != SP_ENDPOINT_STATE_STOPPED || sweep->all->len > 0);
  if (sweep->tcp)
    {
      /* Monitors poll on the same tick: one read of the tables serves them all. */
      gint64 max_age = MAX ((gint64) self->interval_ms - 10, 0) * G_TIME_SPAN_MILLISECOND;

      /* The periodic polls have the table read in a thread: their states
       * are a poll late. Reading it costs the kernel a walk of its whole
       * TCP hash table, milliseconds however few sockets there are, and a
       * storm of clients grows it by thousands between two polls. A poll
       * asked for (the endpoint started or stopped) reads it at once
       * unless it is large (more sockets than /proc/net/sockstat says
       * can be read in a frame, or an endpoint with many connections). */
      guint at_once = periodic || sweep->all->len > CONNECTIONS_PER_SLICE || count_tcp_sockets () > MAX_READ_AT_ONCE
                      ? 0 : SP_TCP_STATES_READ_AT_ONCE_MAX;

      sweep->states = sp_tcp_states_peek_shared (max_age, at_once);
    }

  return sweep;
}

/* Asks the kernel about the next @n connections at most; returns whether
 * every connection has been asked about. */
static gboolean
sweep_step (SpKernelMonitor *self,
            Sweep           *sweep,
            guint            n)
{
  gboolean client = sp_endpoint_get_kind (self->endpoint) == SP_ENDPOINT_KIND_TCP_CLIENT;
  guint end = MIN (sweep->all->len, sweep->next + MIN (n, G_MAXUINT - sweep->next));

  sweep->n_slices++;
  sweep->largest_slice = MAX (sweep->largest_slice, end - sweep->next);
  for (; sweep->next < end; sweep->next++)
    {
      SpConnection *c = g_ptr_array_index (sweep->all, sweep->next);
      gboolean closed = sp_connection_get_state (c) == SP_CONNECTION_STATE_CLOSED;
      guint in, out;
      const char *state;

      sweep->queued += sp_connection_get_bytes_queued (c);
      if (sp_connection_get_is_datagram (c))
        continue;

      if (!closed && sp_connection_get_kernel_queues (c, &in, &out))
        {
          sweep->in_queue += in;
          sweep->out_queue += out;
          sweep->any_queues = TRUE;
        }

      if (!sweep->tcp)
        continue;
      sp_connection_set_tcp_state (c, sp_tcp_states_find (sweep->states, sp_connection_get_local_address (c),
                                                          sp_connection_get_remote_address (c)));
      state = sp_connection_get_tcp_state (c);
      /* A client's one connection: its state leads the line. */
      if (client && !closed && state != NULL && sweep->client_state == NULL)
        sweep->client_state = g_strdup (state);
      if (closed && state != NULL && sweep->lingering->len < MAX_LINGERING_TEXT)
        g_string_append_printf (sweep->lingering, " #%u %s", sp_connection_get_id (c), state);
    }

  return sweep->next == sweep->all->len;
}

/* What the sweep found, said: the properties and the summary. */
static void
sweep_finish (SpKernelMonitor *self,
              Sweep           *sweep)
{
  guint in_queue = sweep->in_queue, out_queue = sweep->out_queue;
  char *text;

  self->have_queues = sp_endpoint_get_state (self->endpoint) == SP_ENDPOINT_STATE_RUNNING;
  if (sp_endpoint_is_datagram (self->endpoint))
    self->have_queues = self->have_queues && sp_endpoint_get_kernel_queues (self->endpoint, &in_queue, &out_queue);
  else
    self->have_queues = self->have_queues && sweep->any_queues;
  if (!self->have_queues)
    in_queue = out_queue = 0;
  set_uint (self, &self->in_queue, in_queue, PROP_IN_QUEUE);
  set_uint (self, &self->out_queue, out_queue, PROP_OUT_QUEUE);
  text = describe_queues (self);

  if (sweep->tcp)
    {
      /* The kernel's TCP states, closed connections included: TIME_WAIT
       * lives on after close(). */
      const char *listening;

      if (sweep->states == NULL && text[0] != '\0')
        text = extend (text, _("%s · TCP state: not available"), text);

      listening = find_listener_state (self, sweep->states);
      take_string (self, &self->listener_state, g_strdup (listening), PROP_LISTENER_STATE);
      if (listening != NULL)
        text = extend (text, "%s%s%s", listening, text[0] ? " · " : "", text);
      if (sweep->client_state != NULL)
        text = extend (text, "%s · %s", sweep->client_state, text);
      if (sweep->lingering->len > 0)
        /* TRANSLATORS: connections this pane closed that the kernel still keeps, e.g. " #1 TIME_WAIT" */
        text = extend (text, _("%s · after close:%s"), text, sweep->lingering->str);
    }
  else
    take_string (self, &self->listener_state, NULL, PROP_LISTENER_STATE);

  if (sweep->queued > 0)
    text = extend (text, _("%s · still to send: %lu B"), text, (gulong) sweep->queued);

  take_string (self, &self->summary, text, PROP_SUMMARY);
}

void
sp_kernel_monitor_update (SpKernelMonitor *self)
{
  g_autoptr(Sweep) sweep = NULL;

  g_return_if_fail (SP_IS_KERNEL_MONITOR (self));

  if (self->endpoint == NULL)
    return;

  /* All at once: what a periodic poll had read so far is stale now. */
  g_clear_pointer (&self->sweep, sweep_free);
  sweep = sweep_begin (self, FALSE);
  sweep_step (self, sweep, G_MAXUINT);
  sweep_finish (self, sweep);
}

static gboolean poll_cb (gpointer user_data);

/* The next poll is an interval after this one ends, and at least four
 * times as long as it took, at the sockets' own priority (below GTK's
 * redraw): reading the kernel's tables may take longer than an interval (a
 * busy machine, valgrind, thousands of sockets), and with several monitors
 * (one per pane) polls above the reads' priority could follow each other
 * with a timer always due, and the reads would never get their turn. */
static void
schedule_poll (SpKernelMonitor *self,
               gint64           poll_us)
{
  guint wait_ms = MAX (self->interval_ms, (guint) MIN (poll_us * 4 / 1000, 10000));

  self->timer_id = g_timeout_add_full (SP_CONNECTION_IO_PRIORITY, wait_ms, poll_cb, self, NULL);
}

/* A poll: a slice of the connections per main-loop iteration (at the
 * sockets' priority, so frames and reads come between), then the summary. */
static gboolean
poll_cb (gpointer user_data)
{
  /* A handler of the summary may drop the last other reference. */
  g_autoptr(SpKernelMonitor) self = g_object_ref (user_data);
  g_autoptr(Sweep) sweep = NULL;
  gint64 start = g_get_monotonic_time ();
  gboolean done;

  self->timer_id = 0;
  if (self->endpoint == NULL)
    return G_SOURCE_REMOVE;

  if (self->sweep == NULL)
    self->sweep = sweep_begin (self, TRUE);
  done = sweep_step (self, self->sweep, self->slice);
  self->sweep->spent_us += g_get_monotonic_time () - start;
  if (!done)
    {
      self->timer_id = g_idle_add_full (SP_CONNECTION_IO_PRIORITY, poll_cb, self, NULL);
      return G_SOURCE_REMOVE;
    }

  sweep = g_steal_pointer (&self->sweep);
  self->last_slices = sweep->n_slices;
  self->last_largest_slice = sweep->largest_slice;
  sweep_finish (self, sweep);
  if (self->endpoint != NULL)
    schedule_poll (self, sweep->spent_us);

  return G_SOURCE_REMOVE;
}

static void
sp_kernel_monitor_constructed (GObject *object)
{
  SpKernelMonitor *self = SP_KERNEL_MONITOR (object);
  /* Not n-connections: an update reads the queues and TCP states of every
   * connection, so updating on each accept() made a storm of clients
   * quadratic. The next poll (an interval at most) tells of them. */
  static const char * const triggers[] = {
    "notify::state", "notify::local-address",
    "notify::remote-address", "notify::error-message", "notify::paused",
  };

  G_OBJECT_CLASS (sp_kernel_monitor_parent_class)->constructed (object);

  g_return_if_fail (SP_IS_ENDPOINT (self->endpoint));

  for (guint i = 0; i < G_N_ELEMENTS (triggers); i++)
    g_signal_connect_object (self->endpoint, triggers[i],
                             G_CALLBACK (sp_kernel_monitor_update), self, G_CONNECT_SWAPPED);

  sp_kernel_monitor_update (self);
  schedule_poll (self, 0);
}

static void
sp_kernel_monitor_dispose (GObject *object)
{
  SpKernelMonitor *self = SP_KERNEL_MONITOR (object);

  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_clear_pointer (&self->sweep, sweep_free);
  if (self->endpoint != NULL)
    g_signal_handlers_disconnect_by_data (self->endpoint, self);
  g_clear_object (&self->endpoint);

  G_OBJECT_CLASS (sp_kernel_monitor_parent_class)->dispose (object);
}

static void
sp_kernel_monitor_finalize (GObject *object)
{
  SpKernelMonitor *self = SP_KERNEL_MONITOR (object);

  g_free (self->listener_state);
  g_free (self->summary);

  G_OBJECT_CLASS (sp_kernel_monitor_parent_class)->finalize (object);
}

static void
sp_kernel_monitor_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SpKernelMonitor *self = SP_KERNEL_MONITOR (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      g_value_set_object (value, self->endpoint);
      break;

    case PROP_INTERVAL:
      g_value_set_uint (value, self->interval_ms);
      break;

    case PROP_IN_QUEUE:
      g_value_set_uint (value, self->in_queue);
      break;

    case PROP_OUT_QUEUE:
      g_value_set_uint (value, self->out_queue);
      break;

    case PROP_LISTENER_STATE:
      g_value_set_string (value, self->listener_state);
      break;

    case PROP_SUMMARY:
      g_value_set_string (value, self->summary);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_kernel_monitor_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SpKernelMonitor *self = SP_KERNEL_MONITOR (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      self->endpoint = g_value_dup_object (value);
      break;

    case PROP_INTERVAL:
      self->interval_ms = g_value_get_uint (value);
      if (self->interval_ms == 0)
        self->interval_ms = SP_KERNEL_MONITOR_DEFAULT_INTERVAL_MS;
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_kernel_monitor_class_init (SpKernelMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->constructed = sp_kernel_monitor_constructed;
  object_class->dispose = sp_kernel_monitor_dispose;
  object_class->finalize = sp_kernel_monitor_finalize;
  object_class->get_property = sp_kernel_monitor_get_property;
  object_class->set_property = sp_kernel_monitor_set_property;

  properties[PROP_ENDPOINT] =
    g_param_spec_object ("endpoint", NULL, NULL, SP_TYPE_ENDPOINT, construct);
  /* Milliseconds between polls; 0 for SP_KERNEL_MONITOR_DEFAULT_INTERVAL_MS. */
  properties[PROP_INTERVAL] =
    g_param_spec_uint ("interval", NULL, NULL, 0, G_MAXUINT, 0, construct);
  properties[PROP_IN_QUEUE] =
    g_param_spec_uint ("in-queue", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_OUT_QUEUE] =
    g_param_spec_uint ("out-queue", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_LISTENER_STATE] =
    g_param_spec_string ("listener-state", NULL, NULL, NULL, ro);
  properties[PROP_SUMMARY] =
    g_param_spec_string ("summary", NULL, NULL, NULL, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sp_kernel_monitor_init (SpKernelMonitor *self)
{
  self->interval_ms = SP_KERNEL_MONITOR_DEFAULT_INTERVAL_MS;
  self->slice = SP_KERNEL_MONITOR_CONNECTIONS_PER_SLICE;
}

SpKernelMonitor *
sp_kernel_monitor_new (SpEndpoint *endpoint,
                       guint       interval_ms)
{
  g_return_val_if_fail (SP_IS_ENDPOINT (endpoint), NULL);

  return g_object_new (SP_TYPE_KERNEL_MONITOR,
                       "endpoint", endpoint,
                       "interval", interval_ms,
                       NULL);
}

SpEndpoint *
sp_kernel_monitor_get_endpoint (SpKernelMonitor *self)
{
  g_return_val_if_fail (SP_IS_KERNEL_MONITOR (self), NULL);
  return self->endpoint;
}

gboolean
sp_kernel_monitor_get_queues (SpKernelMonitor *self,
                              guint           *in_queue,
                              guint           *out_queue)
{
  g_return_val_if_fail (SP_IS_KERNEL_MONITOR (self), FALSE);

  *in_queue = self->in_queue;
  *out_queue = self->out_queue;
  return self->have_queues;
}

const char *
sp_kernel_monitor_get_listener_state (SpKernelMonitor *self)
{
  g_return_val_if_fail (SP_IS_KERNEL_MONITOR (self), NULL);
  return self->listener_state;
}

const char *
sp_kernel_monitor_get_summary (SpKernelMonitor *self)
{
  g_return_val_if_fail (SP_IS_KERNEL_MONITOR (self), NULL);
  return self->summary != NULL ? self->summary : "";
}

void
sp_kernel_monitor_set_slice (SpKernelMonitor *self,
                             guint            n_connections)
{
  g_return_if_fail (SP_IS_KERNEL_MONITOR (self));
  self->slice = n_connections ? n_connections : SP_KERNEL_MONITOR_CONNECTIONS_PER_SLICE;
}

guint
sp_kernel_monitor_get_last_poll (SpKernelMonitor *self,
                                 guint           *largest_slice)
{
  g_return_val_if_fail (SP_IS_KERNEL_MONITOR (self), 0);

  *largest_slice = self->last_largest_slice;
  return self->last_slices;
}
