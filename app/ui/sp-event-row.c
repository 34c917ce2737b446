/* sp-event-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sp-bench-count.h"
#include "sp-clock.h"
#include "sp-display-props.h"
#include "sp-event-row.h"
#include "sp-template.h"
#include "sp-wrap-box.h"
#include "sp-wrap-label.h"

/* A row previews only the start of a payload; the hex view has all of it. */
#define PREVIEW_BYTES 96

struct _SpEventRow
{
  GtkWidget       parent_instance;

  GtkLabel       *time_label;
  GtkLabel       *kind_label;
  GtkLabel       *connection_label;
  GtkLabel       *bytes_label;
  GtkLabel       *peer_label;
  SpWrapLabel    *detail_label;

  SpEvent        *event;
  gboolean        shown;    /* the labels show @event */
  SpTextEncoding  encoding;
  gboolean        wall_clock;

  /* The style classes set now: a row rebound to an event of the same kind
   * keeps them, so its style is not recomputed (a list under a flood
   * rebinds a screenful of rows at a time). */
  const char     *kind_class;
  const char     *direction_class;
  gboolean        monospace;

  /* Flips when the labels change, see sp_event_row_snapshot(). */
  gboolean        texts_phase;
};

enum {
  PROP_0,
  PROP_EVENT,
  PROP_ENCODING,
  PROP_WALL_CLOCK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SpEventRow, sp_event_row, GTK_TYPE_WIDGET)

static const char *kind_classes[] = {
  "listening", "accepted", "connected", "sent", "received",
  "peer-closed", "error", "closed", "info", "message", "call",
};

static gboolean
has_data (SpEvent *event)
{
  SpEventKind kind = sp_event_get_kind (event);

  return kind == SP_EVENT_KIND_SENT || kind == SP_EVENT_KIND_RECEIVED ||
         kind == SP_EVENT_KIND_MESSAGE;
}

static char *
format_bytes (SpEvent *event)
{
  gsize n = sp_event_get_n_bytes (event);

  if (sp_event_is_partial (event))
    /* TRANSLATORS: a send() call that the kernel took only part of */
    return g_strdup_printf (_("%lu of %lu bytes (partial)"),
                            (gulong) n, (gulong) sp_event_get_n_requested (event));

  if (sp_event_get_truncated (event))
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%lu byte (datagram truncated)",
                                         "%lu bytes (datagram truncated)", n),
                            (gulong) n);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%lu byte",
                                       "%lu bytes", n),
                          (gulong) n);
}

static char *
format_peer (SpEvent *event)
{
  const char *peer = sp_event_get_peer (event);

  if (peer == NULL)
    return NULL;

  switch ((int) sp_event_get_kind (event))
    {
    case SP_EVENT_KIND_SENT:
      return g_strdup_printf (_("to %s"), peer);

    case SP_EVENT_KIND_RECEIVED:
      return g_strdup_printf (_("from %s"), peer);

    default:
      return g_strdup_printf (_("peer %s"), peer);
    }
}

static char *
format_detail (SpEvent        *event,
               SpTextEncoding  encoding)
{
  GBytes *payload = sp_event_get_payload (event);

  if (has_data (event) && payload != NULL)
    {
      gsize size;
      const guint8 *data = g_bytes_get_data (payload, &size);

      /* A sent text reads as it was typed; received bytes as the pane says. */
      return sp_text_decode_for_display (data, size, sp_event_get_text_encoding (event, encoding),
                                         TRUE, PREVIEW_BYTES);
    }

  if (sp_event_get_payload_released (event))
    return g_strdup (_("(bytes no longer kept: capture limit reached)"));

  return g_strdup (sp_event_get_message (event));
}

char *
sp_event_describe (SpEvent        *event,
                   SpTextEncoding  encoding)
{
  GString *s = g_string_new (sp_event_kind_to_string (sp_event_get_kind (event)));
  g_autofree char *peer = format_peer (event);
  g_autofree char *detail = format_detail (event, encoding);

  if (has_data (event))
    {
      g_autofree char *bytes = format_bytes (event);

      g_string_append_printf (s, ", %s", bytes);
    }

  if (peer != NULL)
    g_string_append_printf (s, ", %s", peer);

  if (sp_event_get_connection_id (event) != 0)
    {
      g_string_append (s, ", ");
      g_string_append_printf (s, _("connection #%u"), sp_event_get_connection_id (event));
    }

  if (detail != NULL && *detail != '\0')
    g_string_append_printf (s, ": %s", detail);

  return g_string_free (s, FALSE);
}

static void
update (SpEventRow *self)
{
  SpEvent *event = self->event;
  g_autofree char *time = NULL;
  g_autofree char *bytes = NULL;
  g_autofree char *peer = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *connection = NULL;
  g_autofree char *description = NULL;
  GtkWidget *widget = GTK_WIDGET (self);

  const char *kind_class;
  const char *direction_class = NULL;
  gboolean monospace = FALSE;

  /* Unbound, the row keeps what it shows until it is bound again: a list
   * rebinding rows unbinds each first, and clearing would restyle it twice. */
  if (event == NULL)
    return;

  self->shown = TRUE;
  self->texts_phase = !self->texts_phase;
  sp_bench_count (SP_BENCH_ROWS_SHOWN, 1);
  kind_class = kind_classes[sp_event_get_kind (event)];
  if (has_data (event))
    {
      direction_class = sp_event_get_client_to_server (event) ? "c2s" : "s2c";
      monospace = TRUE;
    }

  if (g_strcmp0 (kind_class, self->kind_class) != 0)
    {
      if (self->kind_class)
        gtk_widget_remove_css_class (widget, self->kind_class);
      if (kind_class)
        gtk_widget_add_css_class (widget, kind_class);
      self->kind_class = kind_class;
    }
  if (g_strcmp0 (direction_class, self->direction_class) != 0)
    {
      if (self->direction_class)
        gtk_widget_remove_css_class (widget, self->direction_class);
      if (direction_class)
        gtk_widget_add_css_class (widget, direction_class);
      self->direction_class = direction_class;
    }
  if (monospace != self->monospace)
    {
      if (monospace)
        gtk_widget_add_css_class (GTK_WIDGET (self->detail_label), "monospace");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (self->detail_label), "monospace");
      self->monospace = monospace;
    }

  if (has_data (event))
    bytes = format_bytes (event);

  if (self->wall_clock)
    {
      gint64 unix_us = sp_clock_unix_epoch_us () + sp_event_get_time_us (event);
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (unix_us / G_USEC_PER_SEC);
      g_autofree char *seconds = g_date_time_format (when, "%H:%M:%S");

      time = g_strdup_printf ("%s.%06d", seconds, (int) (unix_us % G_USEC_PER_SEC));
    }
  else
    /* TRANSLATORS: relative timestamp in milliseconds */
    time = g_strdup_printf (_("%.3f ms"), sp_event_get_time_us (event) / 1000.0);
  if (sp_event_get_connection_id (event) != 0)
    connection = g_strdup_printf ("#%u", sp_event_get_connection_id (event));
  peer = format_peer (event);
  detail = format_detail (event, self->encoding);

  gtk_label_set_text (self->time_label, time);
  gtk_label_set_text (self->kind_label, sp_event_kind_to_string (sp_event_get_kind (event)));
  gtk_label_set_text (self->connection_label, connection ? connection : "");
  gtk_label_set_text (self->bytes_label, bytes ? bytes : "");
  gtk_label_set_text (self->peer_label, peer ? peer : "");
  gtk_widget_set_visible (GTK_WIDGET (self->peer_label), peer != NULL);
  sp_wrap_label_set_text (self->detail_label, detail);
  gtk_widget_set_visible (GTK_WIDGET (self->detail_label), detail != NULL && *detail != '\0');

  description = sp_event_describe (event, self->encoding);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description,
                                  -1);
}

/* The header line above the detail, as a vertical box would, but counted:
 * the benchmark's probe tells how many rows a frame measured. */
static void
sp_event_row_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  *minimum = *natural = 0;
  if (orientation == GTK_ORIENTATION_VERTICAL)
    sp_bench_count (SP_BENCH_ROWS_MEASURED, 1);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_min, child_nat;

      if (!gtk_widget_should_layout (child))
        continue;

      gtk_widget_measure (child, orientation, orientation == GTK_ORIENTATION_VERTICAL ? for_size : -1,
                          &child_min, &child_nat, NULL, NULL);
      if (orientation == GTK_ORIENTATION_VERTICAL)
        {
          *minimum += child_min;
          *natural += child_nat;
        }
      else
        {
          *minimum = MAX (*minimum, child_min);
          *natural = MAX (*natural, child_nat);
        }
    }
}

static void
sp_event_row_size_allocate (GtkWidget *widget,
                            int        width,
                            int        height,
                            int        baseline)
{
  int total_nat = 0, y = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_should_layout (child))
      {
        int child_nat;

        gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, width, NULL, &child_nat, NULL, NULL);
        total_nat += child_nat;
      }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_should_layout (child))
      {
        int child_min, child_nat, h;

        gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, width, &child_min, &child_nat, NULL, NULL);
        /* Short of room (never in a list, which gives the natural height):
         * the minimum. */
        h = total_nat <= height ? child_nat : child_min;
        gtk_widget_allocate (child, width, h, -1, gsk_transform_translate (NULL, &GRAPHENE_POINT_INIT (0, y)));
        y += h;
      }
}

/* A row whose texts changed is repainted whole, as one rectangle. GTK 4.8
 * repaints the whole window once a frame's changes come to more than 30
 * rectangles, and a screenful of rows rebound to new texts, each a few
 * label-sized pieces, is that many: with a flood in one pane, a clicked tab
 * in the other made a 40 ms frame. A clip unlike the last frame's makes GTK
 * take the row's box, and boxes one above the other merge into one. */
static void
sp_event_row_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  SpEventRow *self = SP_EVENT_ROW (widget);
  graphene_rect_t box = GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget), gtk_widget_get_height (widget));
  graphene_rect_t clip, beyond;

  /* The phases differ in height only: rows of either phase take the same
   * width, so that their boxes merge. */
  graphene_rect_inset_r (&box, -1, self->texts_phase ? -1 : -2, &clip);
  /* Nothing to see, but larger than either clip: GTK leaves out a clip
   * that cuts nothing off. */
  graphene_rect_inset_r (&box, -3, -3, &beyond);
  gtk_snapshot_push_clip (snapshot, &clip);
  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 0, 0, 0, 0 }, &beyond);
  GTK_WIDGET_CLASS (sp_event_row_parent_class)->snapshot (widget, snapshot);
  gtk_snapshot_pop (snapshot);
}

static void
sp_event_row_dispose (GObject *object)
{
  SpEventRow *self = (SpEventRow *)object;

  sp_template_dispose (GTK_WIDGET (self), SP_TYPE_EVENT_ROW);
  g_clear_object (&self->event);

  G_OBJECT_CLASS (sp_event_row_parent_class)->dispose (object);
}

static void
sp_event_row_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  SpEventRow *self = SP_EVENT_ROW (object);

  switch (prop_id)
    {
    case PROP_EVENT:
      g_value_set_object (value, self->event);
      break;

    case PROP_ENCODING:
      g_value_set_int (value, self->encoding);
      break;

    case PROP_WALL_CLOCK:
      g_value_set_boolean (value, self->wall_clock);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_event_row_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  SpEventRow *self = SP_EVENT_ROW (object);

  switch (prop_id)
    {
    case PROP_EVENT:
      sp_event_row_set_event (self, g_value_get_object (value));
      break;

    case PROP_ENCODING:
      sp_event_row_set_encoding (self, g_value_get_int (value));
      break;

    case PROP_WALL_CLOCK:
      if (self->wall_clock != g_value_get_boolean (value))
        {
          self->wall_clock = g_value_get_boolean (value);
          update (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_event_row_class_init (SpEventRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sp_event_row_dispose;
  object_class->get_property = sp_event_row_get_property;
  object_class->set_property = sp_event_row_set_property;
  widget_class->measure = sp_event_row_measure;
  widget_class->size_allocate = sp_event_row_size_allocate;
  widget_class->snapshot = sp_event_row_snapshot;

  properties[PROP_EVENT] =
    g_param_spec_object ("event", NULL, NULL, SP_TYPE_EVENT,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ENCODING] = sp_display_prop_encoding ();
  properties[PROP_WALL_CLOCK] = sp_display_prop_wall_clock ();
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SP_TYPE_WRAP_BOX);
  g_type_ensure (SP_TYPE_WRAP_LABEL);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/sp-event-row.ui");
  gtk_widget_class_bind_template_child (widget_class, SpEventRow, time_label);
  gtk_widget_class_bind_template_child (widget_class, SpEventRow, kind_label);
  gtk_widget_class_bind_template_child (widget_class, SpEventRow, connection_label);
  gtk_widget_class_bind_template_child (widget_class, SpEventRow, bytes_label);
  gtk_widget_class_bind_template_child (widget_class, SpEventRow, peer_label);
  gtk_widget_class_bind_template_child (widget_class, SpEventRow, detail_label);

  gtk_widget_class_set_css_name (widget_class, "eventrow");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
sp_event_row_init (SpEventRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
sp_event_row_new (void)
{
  return g_object_new (SP_TYPE_EVENT_ROW, NULL);
}

SpEvent *
sp_event_row_get_event (SpEventRow *self)
{
  g_return_val_if_fail (SP_IS_EVENT_ROW (self), NULL);
  return self->event;
}

void
sp_event_row_set_event (SpEventRow *self,
                        SpEvent    *event)
{
  sp_event_row_bind (self, event, TRUE);
}

void
sp_event_row_bind (SpEventRow *self,
                   SpEvent    *event,
                   gboolean    show_now)
{
  g_return_if_fail (SP_IS_EVENT_ROW (self));

  if (g_set_object (&self->event, event))
    {
      self->shown = FALSE;
      if (show_now)
        update (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVENT]);
    }
}

void
sp_event_row_show (SpEventRow *self)
{
  g_return_if_fail (SP_IS_EVENT_ROW (self));

  if (!self->shown)
    update (self);
}

gboolean
sp_event_row_is_shown (SpEventRow *self)
{
  g_return_val_if_fail (SP_IS_EVENT_ROW (self), FALSE);
  return self->event == NULL || self->shown;
}

SpTextEncoding
sp_event_row_get_encoding (SpEventRow *self)
{
  g_return_val_if_fail (SP_IS_EVENT_ROW (self), 0);
  return self->encoding;
}

void
sp_event_row_set_encoding (SpEventRow     *self,
                           SpTextEncoding  encoding)
{
  g_return_if_fail (SP_IS_EVENT_ROW (self));

  if (self->encoding == encoding)
    return;

  self->encoding = encoding;
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENCODING]);
}
