/* sp-send-job.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sp-send-job.h"

struct _SpSendJob
{
  GObject       parent_instance;

  SpEndpoint   *endpoint;
  GBytes       *bytes;
  int           text_encoding;
  SpConnection *target;
  guint         interval_ms;
  guint         count;

  guint         sent;
  guint         timeout_id;
  gulong        state_handler;
  gboolean      running;
  char         *error_message;
};

enum {
  PROP_0,
  PROP_RUNNING,
  PROP_SENT,
  PROP_COUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SpSendJob, sp_send_job, G_TYPE_OBJECT)

/* Ends the run: no timeout, no handler, the self-reference dropped. */
static void
finish (SpSendJob  *self,
        const char *error_message)
{
  g_autofree char *note = NULL;

  if (!self->running)
    return;

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_signal_handler (&self->state_handler, self->endpoint);
  self->running = FALSE;

  if (error_message != NULL)
    {
      g_free (self->error_message);
      self->error_message = g_strdup (error_message);
      /* TRANSLATORS: a timed send ended early: "Timed send stopped after 3 of 10 messages: Not connected." */
      note = g_strdup_printf (_("Timed send stopped after %u of %u messages: %s"),
                              self->sent, self->count, error_message);
    }
  else if (self->sent < self->count)
    note = g_strdup_printf (_("Timed send stopped after %u of %u messages"), self->sent, self->count);
  else
    note = g_strdup_printf (_("Timed send done: %u messages, one every %u ms"), self->sent, self->interval_ms);

  sp_endpoint_log_note (self->endpoint, SP_EVENT_KIND_INFO, self->target, note);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  /* The run's own reference, taken in start. */
  g_object_unref (self);
}

/* One message: FALSE (and the job ended) if it could not be sent. */
static gboolean
send_one (SpSendJob  *self,
          GError    **error)
{
  gboolean ok;

  if (self->text_encoding < 0)
    ok = sp_endpoint_send_burst (self->endpoint, self->bytes, self->target, 1, error);
  else
    ok = sp_endpoint_send_text_burst (self->endpoint, self->bytes, self->text_encoding,
                                      self->target, 1, error);
  if (!ok)
    return FALSE;

  self->sent++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SENT]);
  return TRUE;
}

static gboolean tick_cb (gpointer data);

/* A one-shot timeout armed after each send, from the time it is armed:
 * a repeating one re-arms from the main loop's iteration time, which can
 * lie before a late send, and so bring the next send closer than T. */
static void
arm (SpSendJob *self)
{
  self->timeout_id = g_timeout_add (self->interval_ms, tick_cb, self);
}

static gboolean
tick_cb (gpointer data)
{
  SpSendJob *self = data;
  G_GNUC_UNUSED g_autoptr(SpSendJob) hold = g_object_ref (self);
  g_autoptr(GError) error = NULL;

  self->timeout_id = 0;
  if (!send_one (self, &error))
    finish (self, error->message);
  else if (!self->running)
    /* Stopped from inside the send (the pane stopped): nothing more. */
    ;
  else if (self->sent == self->count)
    finish (self, NULL);
  else
    arm (self);

  return G_SOURCE_REMOVE;
}

static void
endpoint_state_cb (SpSendJob *self)
{
  if (sp_endpoint_get_state (self->endpoint) != SP_ENDPOINT_STATE_RUNNING)
    finish (self, _("the pane stopped."));
}

static void
sp_send_job_dispose (GObject *object)
{
  SpSendJob *self = (SpSendJob *)object;

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->endpoint != NULL)
    g_clear_signal_handler (&self->state_handler, self->endpoint);
  g_clear_object (&self->endpoint);
  g_clear_object (&self->target);
  g_clear_pointer (&self->bytes, g_bytes_unref);

  G_OBJECT_CLASS (sp_send_job_parent_class)->dispose (object);
}

static void
sp_send_job_finalize (GObject *object)
{
  SpSendJob *self = (SpSendJob *)object;

  g_free (self->error_message);

  G_OBJECT_CLASS (sp_send_job_parent_class)->finalize (object);
}

static void
sp_send_job_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  SpSendJob *self = SP_SEND_JOB (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;

    case PROP_SENT:
      g_value_set_uint (value, self->sent);
      break;

    case PROP_COUNT:
      g_value_set_uint (value, self->count);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_send_job_class_init (SpSendJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = sp_send_job_dispose;
  object_class->finalize = sp_send_job_finalize;
  object_class->get_property = sp_send_job_get_property;

  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE, flags);
  properties[PROP_SENT] = g_param_spec_uint ("sent", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_COUNT] = g_param_spec_uint ("count", NULL, NULL, 0, G_MAXUINT, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sp_send_job_init (SpSendJob *self)
{
}

SpSendJob *
sp_send_job_new (SpEndpoint   *endpoint,
                 GBytes       *bytes,
                 int           text_encoding,
                 SpConnection *target,
                 guint         interval_ms,
                 guint         count)
{
  SpSendJob *self;

  g_return_val_if_fail (SP_IS_ENDPOINT (endpoint), NULL);
  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (target == NULL || SP_IS_CONNECTION (target), NULL);

  self = g_object_new (SP_TYPE_SEND_JOB, NULL);
  self->endpoint = g_object_ref (endpoint);
  self->bytes = g_bytes_ref (bytes);
  self->text_encoding = text_encoding;
  self->target = target != NULL ? g_object_ref (target) : NULL;
  self->interval_ms = interval_ms;
  self->count = count;

  return self;
}

gboolean
sp_send_job_check (guint    interval_ms,
                   guint    count,
                   GError **error)
{
  if (interval_ms < SP_SEND_JOB_MIN_INTERVAL_MS || interval_ms > SP_SEND_JOB_MAX_INTERVAL_MS)
    {
      g_set_error (error, SP_ENDPOINT_ERROR, SP_ENDPOINT_ERROR_INVALID,
                   _("Send every %u to %u ms; %u ms is out of range."),
                   SP_SEND_JOB_MIN_INTERVAL_MS, SP_SEND_JOB_MAX_INTERVAL_MS, interval_ms);
      return FALSE;
    }

  if (count < 1 || count > SP_ENDPOINT_MAX_BURST)
    {
      g_set_error (error, SP_ENDPOINT_ERROR, SP_ENDPOINT_ERROR_INVALID,
                   _("Send between 1 and %u copies at once."), SP_ENDPOINT_MAX_BURST);
      return FALSE;
    }

  return TRUE;
}

gboolean
sp_send_job_start (SpSendJob  *self,
                   GError    **error)
{
  g_autofree char *note = NULL;

  g_return_val_if_fail (SP_IS_SEND_JOB (self), FALSE);
  g_return_val_if_fail (!self->running && self->sent == 0, FALSE);

  if (!sp_send_job_check (self->interval_ms, self->count, error))
    return FALSE;

  /* The first goes at once; its failure (not running, no peer) is the
   * start's, and nothing is logged then. */
  if (!send_one (self, error))
    return FALSE;

  self->running = TRUE;
  g_object_ref (self);
  /* TRANSLATORS: "Timed send started: 10 messages, one every 500 ms" */
  note = g_strdup_printf (_("Timed send started: %u messages, one every %u ms"), self->count, self->interval_ms);
  sp_endpoint_log_note (self->endpoint, SP_EVENT_KIND_INFO, self->target, note);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);

  if (self->count == 1)
    {
      finish (self, NULL);
      return TRUE;
    }

  self->state_handler = g_signal_connect_swapped (self->endpoint, "notify::state",
                                                  G_CALLBACK (endpoint_state_cb), self);
  arm (self);
  return TRUE;
}

void
sp_send_job_stop (SpSendJob *self)
{
  g_return_if_fail (SP_IS_SEND_JOB (self));

  finish (self, NULL);
}

gboolean
sp_send_job_get_running (SpSendJob *self)
{
  g_return_val_if_fail (SP_IS_SEND_JOB (self), FALSE);
  return self->running;
}

guint
sp_send_job_get_sent (SpSendJob *self)
{
  g_return_val_if_fail (SP_IS_SEND_JOB (self), 0);
  return self->sent;
}

guint
sp_send_job_get_count (SpSendJob *self)
{
  g_return_val_if_fail (SP_IS_SEND_JOB (self), 0);
  return self->count;
}

guint
sp_send_job_get_interval (SpSendJob *self)
{
  g_return_val_if_fail (SP_IS_SEND_JOB (self), 0);
  return self->interval_ms;
}

const char *
sp_send_job_get_error_message (SpSendJob *self)
{
  g_return_val_if_fail (SP_IS_SEND_JOB (self), NULL);
  return self->error_message;
}
