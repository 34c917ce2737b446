/* sp-lesson-session.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sp-clock.h"
#include "sp-lesson-check.h"
#include "sp-lesson-session.h"

struct _SpLessonSession
{
  GObject     parent_instance;

  SpLesson   *lesson;
  GListModel *endpoints;
  GPtrArray  *watched;     /* SpEndpoint, with an items-changed handler each */
  GPtrArray  *checks;      /* per step: GPtrArray of SpLessonCheck */
  gboolean   *done;
  guint       n_done;

  gint64      started;     /* sp_clock_now() at new or reset */
  gint64     *done_at;     /* per step: event time, or -1 (not done, or done before) */
  gboolean   *tried;
  gboolean   *helped;
  gboolean    setup_running;
  gint        setup_step;  /* the step whose setup runs, or -1 */
};

enum {
  PROP_0,
  PROP_N_DONE,
  N_PROPS
};

enum {
  STEP_DONE,
  STEP_TRIED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SpLessonSession, sp_lesson_session, G_TYPE_OBJECT)

static void
mark_done (SpLessonSession *self,
           guint            step,
           gint64           time)
{
  if (self->done[step])
    return;

  self->done[step] = TRUE;
  self->done_at[step] = time;
  if (self->setup_running && self->setup_step == (gint) step)
    self->helped[step] = TRUE;
  self->n_done++;
  g_signal_emit (self, signals[STEP_DONE], 0, step);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_DONE]);
}

static gboolean
is_attempt (const SpEventRecord *event)
{
  switch (sp_event_record_get_kind (event))
    {
    case SP_EVENT_KIND_INFO:
    case SP_EVENT_KIND_CALL:
      return FALSE;
    default:
      return TRUE;
    }
}

static void
feed (SpLessonSession     *self,
      SpEndpoint          *endpoint,
      const SpEventRecord *event)
{
  guint n_steps = self->checks->len;
  guint current = 0;

  /* Which step the student was at before this event. */
  while (current < n_steps && self->done[current])
    current++;

  for (guint step = 0; step < self->checks->len; step++)
    {
      GPtrArray *checks = g_ptr_array_index (self->checks, step);
      gboolean all = TRUE;

      if (self->done[step])
        continue;

      for (guint i = 0; i < checks->len; i++)
        all &= sp_lesson_check_feed (g_ptr_array_index (checks, i), endpoint, event);

      if (all)
        mark_done (self, step, sp_event_record_get_time_us (event));
    }

  if (current < n_steps && !self->done[current] && !self->tried[current] &&
      !self->setup_running && is_attempt (event))
    {
      self->tried[current] = TRUE;
      g_signal_emit (self, signals[STEP_TRIED], 0, current);
    }
}

static void
events_changed_cb (GListModel      *events,
                   guint            position,
                   guint            removed,
                   guint            added,
                   SpLessonSession *self)
{
  SpEndpoint *endpoint = g_object_get_data (G_OBJECT (events), "sp-endpoint");

  /* Records, not objects: a flood is checked without making one per read. */
  for (guint i = position; i < position + added; i++)
    feed (self, endpoint, sp_event_log_peek (SP_EVENT_LOG (events), i));
}

static void
unwatch_all (SpLessonSession *self)
{
  for (guint i = 0; i < self->watched->len; i++)
    {
      SpEndpoint *endpoint = g_ptr_array_index (self->watched, i);

      g_signal_handlers_disconnect_by_func (sp_endpoint_get_events (endpoint),
                                            events_changed_cb, self);
    }
  g_ptr_array_set_size (self->watched, 0);
}

/* Follows the endpoints as panes come and go. */
static void
endpoints_changed_cb (SpLessonSession *self)
{
  guint n = g_list_model_get_n_items (self->endpoints);

  unwatch_all (self);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SpEndpoint) endpoint = g_list_model_get_item (self->endpoints, i);
      SpEventLog *events = sp_endpoint_get_events (endpoint);

      g_object_set_data (G_OBJECT (events), "sp-endpoint", endpoint);
      g_signal_connect (events, "items-changed", G_CALLBACK (events_changed_cb), self);
      g_ptr_array_add (self->watched, g_object_ref (endpoint));
    }
}

static gboolean
make_checks (SpLessonSession  *self,
             GError          **error)
{
  guint n_steps = sp_lesson_get_n_steps (self->lesson);

  g_ptr_array_set_size (self->checks, 0);
  for (guint step = 0; step < n_steps; step++)
    {
      const SpLessonStep *s = sp_lesson_get_step (self->lesson, step);
      GPtrArray *checks = g_ptr_array_new_with_free_func ((GDestroyNotify) sp_lesson_check_free);

      g_ptr_array_add (self->checks, checks);
      for (guint i = 0; s->checks[i]; i++)
        {
          SpLessonCheck *check = sp_lesson_check_new (s->checks[i], error);

          if (check == NULL)
            return FALSE;
          g_ptr_array_add (checks, check);
        }
    }

  return TRUE;
}

static void
sp_lesson_session_dispose (GObject *object)
{
  SpLessonSession *self = (SpLessonSession *)object;

  if (self->watched != NULL)
    unwatch_all (self);
  if (self->endpoints != NULL)
    g_signal_handlers_disconnect_by_func (self->endpoints, endpoints_changed_cb, self);
  g_clear_object (&self->endpoints);

  G_OBJECT_CLASS (sp_lesson_session_parent_class)->dispose (object);
}

static void
sp_lesson_session_finalize (GObject *object)
{
  SpLessonSession *self = (SpLessonSession *)object;

  g_clear_object (&self->lesson);
  g_ptr_array_unref (self->watched);
  g_ptr_array_unref (self->checks);
  g_free (self->done);
  g_free (self->done_at);
  g_free (self->tried);
  g_free (self->helped);

  G_OBJECT_CLASS (sp_lesson_session_parent_class)->finalize (object);
}

static void
sp_lesson_session_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SpLessonSession *self = SP_LESSON_SESSION (object);

  switch (prop_id)
    {
    case PROP_N_DONE:
      g_value_set_uint (value, self->n_done);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_lesson_session_class_init (SpLessonSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sp_lesson_session_dispose;
  object_class->finalize = sp_lesson_session_finalize;
  object_class->get_property = sp_lesson_session_get_property;

  properties[PROP_N_DONE] =
    g_param_spec_uint ("n-done", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The step's index. */
  signals[STEP_DONE] =
    g_signal_new ("step-done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  /* The step's index. */
  signals[STEP_TRIED] =
    g_signal_new ("step-tried", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
sp_lesson_session_init (SpLessonSession *self)
{
  self->setup_step = -1;
  self->watched = g_ptr_array_new_with_free_func (g_object_unref);
  self->checks = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
}

SpLessonSession *
sp_lesson_session_new (SpLesson           *lesson,
                       GListModel         *endpoints,
                       const char * const *done,
                       GError            **error)
{
  g_autoptr(SpLessonSession) self = NULL;
  guint n_steps;

  g_return_val_if_fail (SP_IS_LESSON (lesson), NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (endpoints), NULL);

  self = g_object_new (SP_TYPE_LESSON_SESSION, NULL);
  self->lesson = g_object_ref (lesson);
  self->endpoints = g_object_ref (endpoints);
  n_steps = sp_lesson_get_n_steps (lesson);
  self->done = g_new0 (gboolean, n_steps);
  self->done_at = g_new (gint64, n_steps);
  self->tried = g_new0 (gboolean, n_steps);
  self->helped = g_new0 (gboolean, n_steps);
  for (guint step = 0; step < n_steps; step++)
    self->done_at[step] = -1;
  self->started = sp_clock_now ();

  if (!make_checks (self, error))
    return NULL;

  for (guint step = 0; done != NULL && step < n_steps; step++)
    if (g_strv_contains (done, sp_lesson_get_step (lesson, step)->id))
      {
        self->done[step] = TRUE;
        self->n_done++;
      }

  g_signal_connect_swapped (endpoints, "items-changed", G_CALLBACK (endpoints_changed_cb), self);
  endpoints_changed_cb (self);

  return g_steal_pointer (&self);
}

SpLesson *
sp_lesson_session_get_lesson (SpLessonSession *self)
{
  g_return_val_if_fail (SP_IS_LESSON_SESSION (self), NULL);
  return self->lesson;
}

gboolean
sp_lesson_session_step_done (SpLessonSession *self,
                             guint            step)
{
  g_return_val_if_fail (SP_IS_LESSON_SESSION (self), FALSE);
  g_return_val_if_fail (step < sp_lesson_get_n_steps (self->lesson), FALSE);
  return self->done[step];
}

guint
sp_lesson_session_get_n_done (SpLessonSession *self)
{
  g_return_val_if_fail (SP_IS_LESSON_SESSION (self), 0);
  return self->n_done;
}

void
sp_lesson_session_reset (SpLessonSession *self)
{
  guint n_steps;

  g_return_if_fail (SP_IS_LESSON_SESSION (self));

  /* Fresh checks: what they counted so far no longer counts. */
  make_checks (self, NULL);
  n_steps = sp_lesson_get_n_steps (self->lesson);
  memset (self->done, 0, sizeof (gboolean) * n_steps);
  memset (self->tried, 0, sizeof (gboolean) * n_steps);
  memset (self->helped, 0, sizeof (gboolean) * n_steps);
  for (guint step = 0; step < n_steps; step++)
    self->done_at[step] = -1;
  self->started = sp_clock_now ();
  self->n_done = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_DONE]);
}

gboolean
sp_lesson_session_is_complete (SpLessonSession *self)
{
  g_return_val_if_fail (SP_IS_LESSON_SESSION (self), FALSE);
  return self->n_done == sp_lesson_get_n_steps (self->lesson);
}

gboolean
sp_lesson_session_step_tried (SpLessonSession *self,
                              guint            step)
{
  g_return_val_if_fail (SP_IS_LESSON_SESSION (self), FALSE);
  g_return_val_if_fail (step < sp_lesson_get_n_steps (self->lesson), FALSE);
  return self->tried[step];
}

void
sp_lesson_session_setup_started (SpLessonSession *self,
                                 guint            step)
{
  g_return_if_fail (SP_IS_LESSON_SESSION (self));
  g_return_if_fail (step < sp_lesson_get_n_steps (self->lesson));

  self->setup_running = TRUE;
  self->setup_step = step;
}

void
sp_lesson_session_setup_finished (SpLessonSession *self)
{
  g_return_if_fail (SP_IS_LESSON_SESSION (self));

  self->setup_running = FALSE;
  self->setup_step = -1;
}

gboolean
sp_lesson_session_step_helped (SpLessonSession *self,
                               guint            step)
{
  g_return_val_if_fail (SP_IS_LESSON_SESSION (self), FALSE);
  g_return_val_if_fail (step < sp_lesson_get_n_steps (self->lesson), FALSE);
  return self->helped[step];
}

gint64
sp_lesson_session_get_step_time (SpLessonSession *self,
                                 guint            step)
{
  g_return_val_if_fail (SP_IS_LESSON_SESSION (self), -1);
  g_return_val_if_fail (step < sp_lesson_get_n_steps (self->lesson), -1);

  if (self->done_at[step] < 0)
    return -1;
  return MAX (self->done_at[step] - self->started, 0);
}

/* "42 s", "6 min 05 s", "1 h 02 min" */
static char *
format_duration (gint64 us)
{
  guint64 s = (guint64) (us / G_USEC_PER_SEC);

  if (s < 60)
    /* TRANSLATORS: a duration in seconds */
    return g_strdup_printf (_("%u s"), (guint) s);
  if (s < 3600)
    /* TRANSLATORS: a duration in minutes and seconds */
    return g_strdup_printf (_("%u min %02u s"), (guint) (s / 60), (guint) (s % 60));
  /* TRANSLATORS: a duration in hours and minutes */
  return g_strdup_printf (_("%u h %02u min"), (guint) (s / 3600), (guint) (s / 60 % 60));
}

char *
sp_lesson_session_dup_summary (SpLessonSession *self)
{
  SpLesson *lesson;
  GString *s;
  GFile *file;
  guint n_steps;
  gint64 last = -1;
  gboolean earlier = FALSE;

  g_return_val_if_fail (SP_IS_LESSON_SESSION (self), NULL);

  lesson = self->lesson;
  n_steps = sp_lesson_get_n_steps (lesson);
  file = sp_lesson_get_file (lesson);
  s = g_string_new (NULL);

  /* TRANSLATORS: the first line of a lesson summary a student copies */
  g_string_append_printf (s, _("Socket Playground %s — lesson summary"), PACKAGE_VERSION);
  g_string_append_c (s, '\n');
  /* TRANSLATORS: the lesson's title, then its id */
  g_string_append_printf (s, _("Lesson: %s (%s)"), sp_lesson_get_title (lesson), sp_lesson_get_id (lesson));
  g_string_append_c (s, '\n');
  if (file != NULL)
    {
      g_autofree char *name = g_file_get_basename (file);

      /* TRANSLATORS: the lesson's file name */
      g_string_append_printf (s, _("File: %s"), name);
      g_string_append_c (s, '\n');
    }
  /* TRANSLATORS: steps done of steps */
  g_string_append_printf (s, _("Steps done: %u of %u"), self->n_done, n_steps);
  g_string_append_c (s, '\n');

  for (guint step = 0; step < n_steps; step++)
    {
      const char *id = sp_lesson_get_step (lesson, step)->id;

      if (!self->done[step])
        /* TRANSLATORS: a step of the summary: its number and id */
        g_string_append_printf (s, _("  ✗ %u. %s — not done"), step + 1, id);
      else if (self->done_at[step] < 0)
        {
          g_string_append_printf (s, _("  ✓ %u. %s — done before this session"), step + 1, id);
          earlier = TRUE;
        }
      else
        {
          g_autofree char *when = format_duration (self->done_at[step] - self->started);

          /* TRANSLATORS: a step of the summary: number, id, and the time from the start */
          g_string_append_printf (s, _("  ✓ %u. %s — at %s"), step + 1, id, when);
          if (self->helped[step])
            g_string_append (s, _(" (set up by the app)"));
          last = MAX (last, self->done_at[step]);
        }
      g_string_append_c (s, '\n');
    }

  if (sp_lesson_session_is_complete (self) && last >= 0)
    {
      g_autofree char *taken = format_duration (last - self->started);
      g_autoptr(GDateTime) finished = g_date_time_new_from_unix_local (
        (sp_clock_unix_epoch_us () + last) / G_USEC_PER_SEC);
      g_autofree char *when = g_date_time_format (finished, "%Y-%m-%d %H:%M");

      g_string_append_printf (s, earlier ? _("Time taken: %s (steps done before this session not counted)")
                                         : _("Time taken: %s"), taken);
      g_string_append_c (s, '\n');
      /* TRANSLATORS: the date and time the last step was done */
      g_string_append_printf (s, _("Finished: %s"), when);
      g_string_append_c (s, '\n');
    }
  else if (!sp_lesson_session_is_complete (self))
    {
      g_autofree char *so_far = format_duration (sp_clock_now () - self->started);

      /* TRANSLATORS: time since the lesson was opened, for an unfinished lesson */
      g_string_append_printf (s, _("Time so far: %s"), so_far);
      g_string_append_c (s, '\n');
    }

  return g_string_free (s, FALSE);
}
