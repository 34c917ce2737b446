/* sp-send-extras.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sp-send-extras.h"
#include "sp-template.h"

struct _SpSendExtras
{
  GtkWidget       parent_instance;

  GtkCheckButton *timed_check;
  GtkAdjustment  *interval_adjustment;
  GtkCheckButton *whole_check;
  GtkCheckButton *chunk_check;
  GtkAdjustment  *chunk_adjustment;
  GtkWidget      *send_file_button;
};

enum {
  PROP_0,
  PROP_TIMED,
  PROP_INTERVAL,
  PROP_CHUNKED,
  PROP_CHUNK_SIZE,
  PROP_CAN_SEND_FILE,
  N_PROPS
};

enum {
  SEND_FILE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SpSendExtras, sp_send_extras, GTK_TYPE_WIDGET)

static void
chunk_toggled_cb (SpSendExtras *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHUNKED]);
}

static void
send_file_clicked_cb (SpSendExtras *self)
{
  g_signal_emit (self, signals[SEND_FILE], 0);
}

static void
sp_send_extras_dispose (GObject *object)
{
  sp_template_dispose (GTK_WIDGET (object), SP_TYPE_SEND_EXTRAS);

  G_OBJECT_CLASS (sp_send_extras_parent_class)->dispose (object);
}

static void
sp_send_extras_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SpSendExtras *self = SP_SEND_EXTRAS (object);

  switch (prop_id)
    {
    case PROP_TIMED:
      g_value_set_boolean (value, gtk_check_button_get_active (self->timed_check));
      break;

    case PROP_INTERVAL:
      g_value_set_uint (value, (guint) gtk_adjustment_get_value (self->interval_adjustment));
      break;

    case PROP_CHUNKED:
      g_value_set_boolean (value, gtk_check_button_get_active (self->chunk_check));
      break;

    case PROP_CHUNK_SIZE:
      g_value_set_uint (value, (guint) gtk_adjustment_get_value (self->chunk_adjustment));
      break;

    case PROP_CAN_SEND_FILE:
      g_value_set_boolean (value, gtk_widget_get_sensitive (self->send_file_button));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_send_extras_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SpSendExtras *self = SP_SEND_EXTRAS (object);

  switch (prop_id)
    {
    case PROP_TIMED:
      gtk_check_button_set_active (self->timed_check, g_value_get_boolean (value));
      break;

    case PROP_INTERVAL:
      gtk_adjustment_set_value (self->interval_adjustment, g_value_get_uint (value));
      break;

    case PROP_CHUNKED:
      /* One of the two is always chosen. */
      gtk_check_button_set_active (g_value_get_boolean (value) ? self->chunk_check : self->whole_check, TRUE);
      break;

    case PROP_CHUNK_SIZE:
      gtk_adjustment_set_value (self->chunk_adjustment, g_value_get_uint (value));
      break;

    case PROP_CAN_SEND_FILE:
      gtk_widget_set_sensitive (self->send_file_button, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_send_extras_class_init (SpSendExtrasClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sp_send_extras_dispose;
  object_class->get_property = sp_send_extras_get_property;
  object_class->set_property = sp_send_extras_set_property;

  /* The widgets hold the values and notify through handlers connected in
   * init. The ranges are the spin buttons'. */
  properties[PROP_TIMED] =
    g_param_spec_boolean ("timed", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_INTERVAL] =
    g_param_spec_uint ("interval", NULL, NULL, SP_SEND_EXTRAS_MIN_INTERVAL_MS, SP_SEND_EXTRAS_MAX_INTERVAL_MS,
                       SP_SEND_EXTRAS_DEFAULT_INTERVAL_MS,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CHUNKED] =
    g_param_spec_boolean ("chunked", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CHUNK_SIZE] =
    g_param_spec_uint ("chunk-size", NULL, NULL, 1, SP_SEND_EXTRAS_MAX_CHUNK_SIZE, SP_SEND_EXTRAS_DEFAULT_CHUNK_SIZE,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CAN_SEND_FILE] =
    g_param_spec_boolean ("can-send-file", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SEND_FILE] =
    g_signal_new ("send-file", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/sp-send-extras.ui");
  gtk_widget_class_bind_template_child (widget_class, SpSendExtras, timed_check);
  gtk_widget_class_bind_template_child (widget_class, SpSendExtras, interval_adjustment);
  gtk_widget_class_bind_template_child (widget_class, SpSendExtras, whole_check);
  gtk_widget_class_bind_template_child (widget_class, SpSendExtras, chunk_check);
  gtk_widget_class_bind_template_child (widget_class, SpSendExtras, chunk_adjustment);
  gtk_widget_class_bind_template_child (widget_class, SpSendExtras, send_file_button);
  gtk_widget_class_bind_template_callback (widget_class, chunk_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, send_file_clicked_cb);
}

static void
notify_cb (SpSendExtras *self,
           GParamSpec   *pspec,
           GObject      *widget)
{
  if (widget == G_OBJECT (self->timed_check))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMED]);
  else if (widget == G_OBJECT (self->interval_adjustment))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTERVAL]);
  else if (widget == G_OBJECT (self->chunk_adjustment))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHUNK_SIZE]);
}

static void
sp_send_extras_init (SpSendExtras *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (self->timed_check, "notify::active", G_CALLBACK (notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->interval_adjustment, "notify::value", G_CALLBACK (notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->chunk_adjustment, "notify::value", G_CALLBACK (notify_cb), self, G_CONNECT_SWAPPED);
}

GtkWidget *
sp_send_extras_new (void)
{
  return g_object_new (SP_TYPE_SEND_EXTRAS, NULL);
}
