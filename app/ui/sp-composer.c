/* sp-composer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "sp-composer.h"
#include "sp-display-props.h"
#include "sp-endpoint-watch.h"
#include "sp-file-send.h"
#include "sp-hex.h"
#include "sp-inline-message.h"
#include "sp-send-extras.h"
#include "sp-send-job.h"
#include "sp-template.h"
#include "sp-wrap-box.h"

/* GtkText keeps at most 65535 characters and cuts a longer paste short
 * without a word; a message must be what the user meant, so a paste that
 * would not fit is refused whole, with the reason. */
#define COMPOSER_MAX_CHARS 65535

struct _SpComposer
{
  GtkWidget        parent_instance;

  SpEndpointWatch  watch;
  SpTextEncoding   encoding;
  SpConnection    *target;
  gboolean         send_to_all;

  GtkEntry        *message_entry;
  GtkSpinButton   *burst_spin;
  GtkButton       *send_button;
  GtkDropDown     *send_as_dropdown;
  GtkDropDown     *encoding_dropdown;
  GtkDropDown     *ending_dropdown;
  GtkToggleButton *pause_button;
  GtkLabel        *composer_error_label;
  GtkMenuButton   *more_button;
  GtkPopover      *more_popover;
  SpSendExtras    *extras;          /* made when the ⋮ menu first opens */
  GtkWidget       *progress_box;
  GtkProgressBar  *progress_bar;

  /* What the ⋮ menu shows, or will once made. */
  gboolean         timed;
  guint            interval_ms;
  gboolean         chunked;
  guint            chunk_size;

  /* At most one timed or file send at a time, shown in progress_box. */
  SpSendJob            *job;
  SpFileSend           *file_job;
  GtkFileChooserNative *chooser;
};

enum {
  PROP_0,
  PROP_ENDPOINT,
  PROP_ENCODING,
  PROP_TARGET,
  PROP_SEND_TO_ALL,
  N_PROPS
};

enum {
  SEND_SETTINGS_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SpComposer, sp_composer, GTK_TYPE_WIDGET)

/* ×N, the timer or the chunk size: the window's saved layout keeps them. */
static void
send_settings_changed_cb (SpComposer *self)
{
  g_signal_emit (self, signals[SEND_SETTINGS_CHANGED], 0);
}

static void
message_changed_cb (SpComposer *self)
{
  gboolean hex = gtk_drop_down_get_selected (self->send_as_dropdown) == 1;

  /* Line endings are a text thing; hex input says every byte itself. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->ending_dropdown), !hex);
  sp_inline_message_show (self->composer_error_label, NULL);
  sp_inline_message_mark_entry (GTK_WIDGET (self->message_entry), FALSE);
}

static void
message_insert_text_cb (GtkEditable *editable,
                        const char  *text,
                        int          length,
                        int         *position,
                        SpComposer  *self)
{
  glong n_new = g_utf8_strlen (text, length);
  glong n_old = g_utf8_strlen (gtk_editable_get_text (editable), -1);

  if (n_old + n_new <= COMPOSER_MAX_CHARS)
    return;

  g_signal_stop_emission_by_name (editable, "insert-text");
  {
    g_autofree char *size = g_format_size (length >= 0 ? (guint64) length : strlen (text));
    g_autofree char *message =
      g_strdup_printf (_("Not pasted: %s is more than the message box holds (%u characters). "
                         "Send big data in parts, or with the ×N count."),
                       size, COMPOSER_MAX_CHARS);

    sp_inline_message_show (self->composer_error_label, message);
    sp_inline_message_mark_entry (GTK_WIDGET (self->message_entry), TRUE);
  }
}

/* "1000000000" is typed in a moment; say why it became the maximum. */
static int
burst_input_cb (GtkSpinButton *spin,
                double        *new_value,
                SpComposer    *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (spin));
  GtkAdjustment *adjustment = gtk_spin_button_get_adjustment (spin);
  char *end = NULL;
  double value = g_ascii_strtod (text, &end);

  while (end != NULL && g_ascii_isspace (*end))
    end++;

  if (end == text || end == NULL || *end != '\0' || !isfinite (value) || floor (value) != value)
    {
      /* The spin button is numeric: letters never get in, but it can be
       * left empty. */
      g_autofree char *message =
        *text == '\0'
        ? g_strdup_printf (_("Type how many times to send: a whole number from 1 to %u."),
                           (guint) gtk_adjustment_get_upper (adjustment))
        : g_strdup_printf (_("“%s” is not a number of times: use a whole number from 1 to %u."),
                           text, (guint) gtk_adjustment_get_upper (adjustment));

      sp_inline_message_show (self->composer_error_label, message);
      /* Keep the count as it was (GTK_INPUT_ERROR would reset it). */
      *new_value = gtk_adjustment_get_value (adjustment);
      return TRUE;
    }

  if (value > gtk_adjustment_get_upper (adjustment) || value < gtk_adjustment_get_lower (adjustment))
    {
      g_autofree char *message = g_strdup_printf (_("Sends per burst are from 1 to %u; %s became %u."),
                                                  (guint) gtk_adjustment_get_upper (adjustment), text,
                                                  (guint) CLAMP (value, gtk_adjustment_get_lower (adjustment),
                                                                 gtk_adjustment_get_upper (adjustment)));

      sp_inline_message_show (self->composer_error_label, message);
    }

  *new_value = CLAMP (value, gtk_adjustment_get_lower (adjustment), gtk_adjustment_get_upper (adjustment));
  return TRUE;
}

/* Builds the bytes the composer says; NULL with the reason shown inline. */
static GBytes *
compose (SpComposer *self)
{
  g_autoptr(GError) error = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->message_entry));
  gboolean hex = gtk_drop_down_get_selected (self->send_as_dropdown) == 1;
  gsize error_pos = 0;
  GBytes *bytes;

  if (hex)
    bytes = sp_hex_parse (text, -1, &error_pos, &error);
  else
    bytes = sp_text_encode (text, self->encoding,
                            gtk_drop_down_get_selected (self->ending_dropdown),
                            &error_pos, &error);

  if (bytes == NULL)
    {
      sp_inline_message_show (self->composer_error_label, error->message);
      sp_inline_message_mark_entry (GTK_WIDGET (self->message_entry), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->message_entry));
      if (g_utf8_strlen (text, -1) > 0)
        gtk_editable_select_region (GTK_EDITABLE (self->message_entry), error_pos, error_pos + 1);
      return NULL;
    }

  if (g_bytes_get_size (bytes) == 0)
    {
      sp_inline_message_show (self->composer_error_label, _("Nothing to send: type a message first."));
      g_bytes_unref (bytes);
      return NULL;
    }

  return bytes;
}

/* The connection a server sends to (NULL: all), or FALSE with the reason
 * shown; other endpoints have one peer (NULL). */
static gboolean
resolve_target (SpComposer    *self,
                SpConnection **target)
{
  *target = NULL;
  if (!sp_endpoint_is_server (self->watch.endpoint) || self->send_to_all)
    return TRUE;

  *target = self->target;
  if (*target == NULL)
    {
      sp_inline_message_show (self->composer_error_label,
                              _("Select a client in the list, or tick “Send to all”."));
      return FALSE;
    }

  return TRUE;
}

static gboolean
job_running (SpComposer *self)
{
  return (self->job != NULL && sp_send_job_get_running (self->job)) ||
         (self->file_job != NULL && sp_file_send_get_running (self->file_job));
}

static void
show_progress (SpComposer *self)
{
  g_autofree char *text = NULL;
  double fraction = 0;

  if (self->job != NULL)
    {
      guint sent = sp_send_job_get_sent (self->job), count = sp_send_job_get_count (self->job);

      /* TRANSLATORS: a timed send's progress: "3 of 10 sent" */
      text = g_strdup_printf (_("%u of %u sent"), sent, count);
      fraction = (double) sent / count;
    }
  else if (self->file_job != NULL)
    {
      guint64 sent = sp_file_send_get_sent (self->file_job), total = sp_file_send_get_total (self->file_job);
      g_autofree char *sent_text = g_format_size_full (sent, G_FORMAT_SIZE_IEC_UNITS);
      g_autofree char *total_text = g_format_size_full (total, G_FORMAT_SIZE_IEC_UNITS);

      /* TRANSLATORS: a file send's progress: "report.pdf: 1.2 MiB of 5.0 MiB" */
      text = g_strdup_printf (_("%s: %s of %s"), sp_file_send_get_name (self->file_job),
                              sent_text, total_text);
      fraction = total > 0 ? (double) sent / total : 0;
    }

  gtk_progress_bar_set_text (self->progress_bar, text);
  gtk_progress_bar_set_fraction (self->progress_bar, fraction);
}

/* A job ended (done, failed or stopped): the bar goes, a failure is said. */
static void
job_running_cb (SpComposer *self)
{
  const char *error_message = NULL;

  /* One at a time: Send and Send a File wait for Stop or the end. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->send_button), !job_running (self));
  if (self->extras != NULL)
    g_object_set (self->extras, "can-send-file", !job_running (self), NULL);
  if (job_running (self))
    {
      show_progress (self);
      gtk_widget_set_visible (self->progress_box, TRUE);
      return;
    }

  if (self->job != NULL)
    error_message = sp_send_job_get_error_message (self->job);
  else if (self->file_job != NULL)
    error_message = sp_file_send_get_error_message (self->file_job);

  if (error_message != NULL)
    {
      g_autofree char *message = self->file_job != NULL
        /* TRANSLATORS: "Could not send “a.bin”: there is no such file (ENOENT)." */
        ? g_strdup_printf (_("Could not send “%s”: %s"), sp_file_send_get_name (self->file_job), error_message)
        /* TRANSLATORS: "Timed send stopped: Not connected." */
        : g_strdup_printf (_("Timed send stopped: %s"), error_message);

      sp_inline_message_show (self->composer_error_label, message);
    }

  gtk_widget_set_visible (self->progress_box, FALSE);
}

static void
stop_jobs (SpComposer *self)
{
  if (self->job != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->job, self);
      sp_send_job_stop (self->job);
      g_clear_object (&self->job);
    }
  if (self->file_job != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->file_job, self);
      sp_file_send_stop (self->file_job);
      g_clear_object (&self->file_job);
    }
  gtk_widget_set_visible (self->progress_box, FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->send_button), TRUE);
  if (self->extras != NULL)
    g_object_set (self->extras, "can-send-file", TRUE, NULL);
}

static void
stop_clicked_cb (SpComposer *self)
{
  if (self->job != NULL)
    sp_send_job_stop (self->job);
  if (self->file_job != NULL)
    sp_file_send_stop (self->file_job);
}

/* Shows @job's progress until it ends; FALSE if it did not start. */
static gboolean
watch_job (SpComposer *self,
           GObject    *job)
{
  g_signal_connect_object (job, "notify", G_CALLBACK (show_progress), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (job, "notify::running", G_CALLBACK (job_running_cb), self, G_CONNECT_SWAPPED);
  job_running_cb (self);
  return TRUE;
}

static void
send_clicked_cb (SpComposer *self)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  SpConnection *target = NULL;
  guint count = gtk_spin_button_get_value_as_int (self->burst_spin);
  gboolean hex = gtk_drop_down_get_selected (self->send_as_dropdown) == 1;
  gboolean sent;

  if (self->watch.endpoint == NULL || job_running (self))
    return;

  bytes = compose (self);
  if (bytes == NULL || !resolve_target (self, &target))
    return;

  if (self->timed)
    {
      stop_jobs (self);
      self->job = sp_send_job_new (self->watch.endpoint, bytes, hex ? -1 : (int) self->encoding, target,
                                   self->interval_ms, count);
      sent = sp_send_job_start (self->job, &error) &&
             watch_job (self, G_OBJECT (self->job));
    }
  /* Typed text keeps its encoding in the sent rows; hex is just bytes. */
  else if (hex)
    sent = sp_endpoint_send_burst (self->watch.endpoint, bytes, target, count, &error);
  else
    sent = sp_endpoint_send_text_burst (self->watch.endpoint, bytes, self->encoding, target,
                                        count, &error);
  if (!sent)
    {
      sp_inline_message_show (self->composer_error_label, error->message);
      return;
    }

  sp_inline_message_show (self->composer_error_label, NULL);
}

static void
chooser_response_cb (SpComposer *self,
                     int         response)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (self->chooser));

      if (file != NULL)
        sp_composer_send_file (self, file);
    }

  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
}

/* Through the file chooser portal, as the app opens every file. */
static void
send_file_clicked_cb (SpComposer *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  gtk_popover_popdown (gtk_menu_button_get_popover (self->more_button));
  if (self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (_("Send a File"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Send"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* The bar says when Send is timed. */
static void
timed_changed_cb (SpComposer *self)
{
  gboolean timed = self->timed;
  g_autofree char *tooltip = NULL;

  if (timed)
    /* TRANSLATORS: the Send button's tooltip when timed sends are on */
    tooltip = g_strdup_printf (_("Send the message ×N times, one every %d ms (a timer in the main loop)"),
                               self->interval_ms);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->send_button), tooltip);
  gtk_menu_button_set_icon_name (self->more_button, timed ? "alarm-symbolic" : "view-more-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->more_button),
                               timed ? _("Timed sends are on; files") : _("Timed sends and files"));
}

static void
extras_changed (SpComposer *self)
{
  timed_changed_cb (self);
  send_settings_changed_cb (self);
}

static void
extras_notify_cb (SpComposer *self)
{
  g_object_get (self->extras,
                "timed", &self->timed,
                "interval", &self->interval_ms,
                "chunked", &self->chunked,
                "chunk-size", &self->chunk_size,
                NULL);
  extras_changed (self);
}

/* The ⋮ menu's values into the menu, when made; not echoed back. */
static void
show_extras (SpComposer *self)
{
  if (self->extras == NULL)
    return;

  g_signal_handlers_block_by_func (self->extras, extras_notify_cb, self);
  g_object_set (self->extras,
                "interval", self->interval_ms,
                "chunk-size", self->chunk_size,
                "timed", self->timed,
                "chunked", self->chunked,
                NULL);
  g_signal_handlers_unblock_by_func (self->extras, extras_notify_cb, self);
}

/* Made when the ⋮ menu first opens, not before the window's first frame. */
static void
more_popup_cb (GtkMenuButton *button,
               gpointer       user_data)
{
  SpComposer *self = user_data;

  if (self->extras != NULL)
    return;

  self->extras = SP_SEND_EXTRAS (sp_send_extras_new ());
  show_extras (self);
  g_object_set (self->extras, "can-send-file", !job_running (self), NULL);
  g_signal_connect_object (self->extras, "notify::timed", G_CALLBACK (extras_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->extras, "notify::interval", G_CALLBACK (extras_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->extras, "notify::chunked", G_CALLBACK (extras_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->extras, "notify::chunk-size", G_CALLBACK (extras_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->extras, "send-file", G_CALLBACK (send_file_clicked_cb), self, G_CONNECT_SWAPPED);
  gtk_popover_set_child (self->more_popover, GTK_WIDGET (self->extras));
}

static void
paused_changed_cb (SpComposer *self)
{
  gboolean paused = sp_endpoint_get_paused (self->watch.endpoint);

  gtk_button_set_icon_name (GTK_BUTTON (self->pause_button),
                            paused ? "media-playback-start-symbolic" : "media-playback-pause-symbolic");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->pause_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  paused ? _("Resume reading") : _("Pause reading"),
                                  -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->pause_button),
                               paused ? _("Resume reading: call recv() again; what piled up arrives in as few calls as the read size allows")
                                      : _("Pause reading: stop calling recv(), so data piles up in the kernel and the next recv() returns several sends at once"));
}

static void
show_endpoint (GtkWidget *widget)
{
  SpComposer *self = SP_COMPOSER (widget);

  /* A job belongs to the endpoint it was started on. */
  if ((self->job != NULL && sp_send_job_get_running (self->job)) ||
      (self->file_job != NULL && sp_file_send_get_running (self->file_job)))
    stop_jobs (self);
  paused_changed_cb (self);
}

static gboolean
sp_composer_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (SP_COMPOSER (widget)->message_entry));
}

static void
sp_composer_dispose (GObject *object)
{
  SpComposer *self = (SpComposer *)object;

  /* Closing the pane stops what it was sending. */
  stop_jobs (self);
  if (self->chooser != NULL)
    {
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  sp_endpoint_watch_clear (&self->watch);
  /* The menu goes with the template's widgets. */
  if (self->extras != NULL)
    g_signal_handlers_disconnect_by_data (self->extras, self);
  self->extras = NULL;
  sp_template_dispose (GTK_WIDGET (self), SP_TYPE_COMPOSER);
  g_clear_object (&self->target);

  G_OBJECT_CLASS (sp_composer_parent_class)->dispose (object);
}

static void
sp_composer_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  SpComposer *self = SP_COMPOSER (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      g_value_set_object (value, self->watch.endpoint);
      break;

    case PROP_ENCODING:
      g_value_set_int (value, self->encoding);
      break;

    case PROP_TARGET:
      g_value_set_object (value, self->target);
      break;

    case PROP_SEND_TO_ALL:
      g_value_set_boolean (value, self->send_to_all);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_composer_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  SpComposer *self = SP_COMPOSER (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      sp_composer_set_endpoint (self, g_value_get_object (value));
      break;

    case PROP_ENCODING:
      sp_composer_set_encoding (self, g_value_get_int (value));
      break;

    case PROP_TARGET:
      if (g_set_object (&self->target, g_value_get_object (value)))
        g_object_notify_by_pspec (object, pspec);
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
sp_composer_class_init (SpComposerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sp_composer_dispose;
  object_class->get_property = sp_composer_get_property;
  object_class->set_property = sp_composer_set_property;
  widget_class->grab_focus = sp_composer_grab_focus;

  properties[PROP_ENDPOINT] =
    g_param_spec_object ("endpoint", NULL, NULL, SP_TYPE_ENDPOINT,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* How text becomes bytes; the pane shows received bytes in it too. */
  properties[PROP_ENCODING] = sp_display_prop_encoding ();
  properties[PROP_TARGET] =
    g_param_spec_object ("target", NULL, NULL, SP_TYPE_CONNECTION,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SEND_TO_ALL] =
    g_param_spec_boolean ("send-to-all", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SEND_SETTINGS_CHANGED] =
    g_signal_new ("send-settings-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (SP_TYPE_WRAP_BOX);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/sp-composer.ui");
  gtk_widget_class_bind_template_child (widget_class, SpComposer, message_entry);
  gtk_widget_class_bind_template_child (widget_class, SpComposer, burst_spin);
  gtk_widget_class_bind_template_child (widget_class, SpComposer, send_button);
  gtk_widget_class_bind_template_child (widget_class, SpComposer, send_as_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SpComposer, encoding_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SpComposer, ending_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SpComposer, pause_button);
  gtk_widget_class_bind_template_child (widget_class, SpComposer, composer_error_label);
  gtk_widget_class_bind_template_child (widget_class, SpComposer, more_button);
  gtk_widget_class_bind_template_child (widget_class, SpComposer, progress_box);
  gtk_widget_class_bind_template_child (widget_class, SpComposer, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, SpComposer, more_popover);
  gtk_widget_class_bind_template_callback (widget_class, send_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, message_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, burst_input_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, send_settings_changed_cb);

  gtk_widget_class_set_css_name (widget_class, "composer");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
sp_composer_init (SpComposer *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_menu_button_set_create_popup_func (self->more_button, more_popup_cb, self, NULL);
  /* The menu's starting values. */
  self->interval_ms = SP_SEND_EXTRAS_DEFAULT_INTERVAL_MS;
  self->chunk_size = SP_SEND_EXTRAS_DEFAULT_CHUNK_SIZE;
  g_signal_connect (gtk_editable_get_delegate (GTK_EDITABLE (self->message_entry)), "insert-text",
                    G_CALLBACK (message_insert_text_cb), self);

  sp_endpoint_watch_init (&self->watch, GTK_WIDGET (self), properties[PROP_ENDPOINT], show_endpoint);
  g_binding_group_bind (self->watch.bindings, "paused", self->pause_button, "active",
                        G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_signal_group_connect_swapped (self->watch.signals, "notify::paused",
                                  G_CALLBACK (paused_changed_cb), self);

  message_changed_cb (self);
}

GtkWidget *
sp_composer_new (void)
{
  return g_object_new (SP_TYPE_COMPOSER, NULL);
}

SpEndpoint *
sp_composer_get_endpoint (SpComposer *self)
{
  g_return_val_if_fail (SP_IS_COMPOSER (self), NULL);
  return self->watch.endpoint;
}

void
sp_composer_set_endpoint (SpComposer *self,
                          SpEndpoint *endpoint)
{
  g_return_if_fail (SP_IS_COMPOSER (self));

  sp_endpoint_watch_set_endpoint (&self->watch, endpoint);
}

SpTextEncoding
sp_composer_get_encoding (SpComposer *self)
{
  g_return_val_if_fail (SP_IS_COMPOSER (self), SP_TEXT_ENCODING_UTF8);
  return self->encoding;
}

void
sp_composer_set_encoding (SpComposer     *self,
                          SpTextEncoding  encoding)
{
  g_return_if_fail (SP_IS_COMPOSER (self));

  if (self->encoding == encoding)
    return;

  self->encoding = encoding;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENCODING]);
}

char *
sp_composer_dup_message (SpComposer *self,
                         gboolean   *send_as_hex)
{
  g_return_val_if_fail (SP_IS_COMPOSER (self), NULL);

  if (send_as_hex != NULL)
    *send_as_hex = gtk_drop_down_get_selected (self->send_as_dropdown) == 1;
  return g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->message_entry)));
}

void
sp_composer_set_message (SpComposer *self,
                         const char *message,
                         gboolean    send_as_hex)
{
  g_return_if_fail (SP_IS_COMPOSER (self));

  gtk_editable_set_text (GTK_EDITABLE (self->message_entry), message ? message : "");
  gtk_drop_down_set_selected (self->send_as_dropdown, send_as_hex ? 1 : 0);
}

void
sp_composer_send (SpComposer *self)
{
  g_return_if_fail (SP_IS_COMPOSER (self));

  send_clicked_cb (self);
}

void
sp_composer_send_file (SpComposer *self,
                       GFile      *file)
{
  g_autoptr(GError) error = NULL;
  SpConnection *target = NULL;
  gsize chunk_size;

  g_return_if_fail (SP_IS_COMPOSER (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->watch.endpoint == NULL || job_running (self) || !resolve_target (self, &target))
    return;

  chunk_size = self->chunked ? self->chunk_size : 0;
  stop_jobs (self);
  self->file_job = sp_file_send_new (self->watch.endpoint, file, target, chunk_size);
  if (!sp_file_send_start (self->file_job, &error))
    {
      g_clear_object (&self->file_job);
      sp_inline_message_show (self->composer_error_label, error->message);
      return;
    }

  sp_inline_message_show (self->composer_error_label, NULL);
  watch_job (self, G_OBJECT (self->file_job));
}

void
sp_composer_get_send_settings (SpComposer *self,
                               guint      *count,
                               guint      *interval_ms,
                               guint      *chunk_size)
{
  g_return_if_fail (SP_IS_COMPOSER (self));

  *count = gtk_spin_button_get_value_as_int (self->burst_spin);
  *interval_ms = self->timed ? self->interval_ms : 0;
  *chunk_size = self->chunked ? self->chunk_size : 0;
}

void
sp_composer_set_send_settings (SpComposer *self,
                               guint       count,
                               guint       interval_ms,
                               guint       chunk_size)
{
  g_return_if_fail (SP_IS_COMPOSER (self));

  gtk_spin_button_set_value (self->burst_spin, count);
  self->timed = interval_ms > 0;
  if (interval_ms > 0)
    self->interval_ms = CLAMP (interval_ms, SP_SEND_EXTRAS_MIN_INTERVAL_MS, SP_SEND_EXTRAS_MAX_INTERVAL_MS);
  self->chunked = chunk_size > 0;
  if (chunk_size > 0)
    self->chunk_size = MIN (chunk_size, SP_SEND_EXTRAS_MAX_CHUNK_SIZE);
  show_extras (self);
  extras_changed (self);
}
