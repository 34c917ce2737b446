/* sp-lesson-session.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

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
};

enum {
  PROP_0,
  PROP_N_DONE,
  N_PROPS
};

enum {
  STEP_DONE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SpLessonSession, sp_lesson_session, G_TYPE_OBJECT)

static void
mark_done (SpLessonSession *self,
           guint            step)
{
  if (self->done[step])
    return;

  self->done[step] = TRUE;
  self->n_done++;
  g_signal_emit (self, signals[STEP_DONE], 0, step);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_DONE]);
}

static void
feed (SpLessonSession *self,
      SpEndpoint      *endpoint,
      SpEvent         *event)
{
  for (guint step = 0; step < self->checks->len; step++)
    {
      GPtrArray *checks = g_ptr_array_index (self->checks, step);
      gboolean all = TRUE;

      if (self->done[step])
        continue;

      for (guint i = 0; i < checks->len; i++)
        all &= sp_lesson_check_feed (g_ptr_array_index (checks, i), endpoint, event);

      if (all)
        mark_done (self, step);
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

  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(SpEvent) event = g_list_model_get_item (events, i);

      feed (self, endpoint, event);
    }
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
}

static void
sp_lesson_session_init (SpLessonSession *self)
{
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
  g_return_if_fail (SP_IS_LESSON_SESSION (self));

  /* Fresh checks: what they counted so far no longer counts. */
  make_checks (self, NULL);
  memset (self->done, 0, sizeof (gboolean) * sp_lesson_get_n_steps (self->lesson));
  self->n_done = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_DONE]);
}
