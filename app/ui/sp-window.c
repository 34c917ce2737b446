/* sp-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "sp-lesson-panel.h"
#include "sp-net-input.h"
#include "sp-sequence-view.h"
#include "sp-setup-runner.h"
#include "sp-window-private.h"
#include "sp-width-bin.h"

enum {
  PROP_0,
  PROP_LESSONS_VISIBLE,
  PROP_DIAGRAM_VISIBLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SpWindow, sp_window, ADW_TYPE_APPLICATION_WINDOW)

/* The panes' endpoints and titles, left to right, for exports. */
void
sp_window_collect_panes (SpWindow  *self,
                         GPtrArray *endpoints,
                         GPtrArray *titles)
{
  for (guint i = 0; i < sp_window_get_n_panes (self); i++)
    {
      SpPane *pane = sp_window_get_pane (self, i);

      g_ptr_array_add (endpoints, sp_pane_get_endpoint (pane));
      g_ptr_array_add (titles, sp_pane_dup_title (pane));
    }
}

/* The diagram has a lifeline per pane, named like the pane. */
void
sp_window_update_diagram (SpWindow *self)
{
  g_autoptr(GPtrArray) endpoints = g_ptr_array_new ();
  g_autoptr(GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);

  if (self->sequence_view == NULL)
    return;

  sp_window_collect_panes (self, endpoints, titles);
  sp_sequence_view_set_endpoints (self->sequence_view, endpoints, titles);
  {
    g_autoptr(GArray) encodings = g_array_new (FALSE, TRUE, sizeof (SpTextEncoding));

    for (guint i = 0; i < sp_window_get_n_panes (self); i++)
      {
        int encoding = SP_TEXT_ENCODING_UTF8;

        g_object_get (sp_window_get_pane (self, i), "encoding", &encoding, NULL);
        g_array_append_val (encodings, encoding);
      }
    sp_sequence_view_set_encodings (self->sequence_view, (SpTextEncoding *) encodings->data, encodings->len);
  }
}

/* Remembers the row of panes, so the next start looks the same. */
void
sp_window_save_layout (SpWindow *self)
{
  GVariantBuilder builder;
  GVariantBuilder targets;
  GVariantBuilder rules;
  GVariantBuilder sends;

  if (self->restoring || self->settings == NULL)
    return;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(ssq)"));
  g_variant_builder_init (&targets, G_VARIANT_TYPE ("a(sq)"));
  g_variant_builder_init (&rules, G_VARIANT_TYPE ("aas"));
  g_variant_builder_init (&sends, G_VARIANT_TYPE ("a(uuu)"));
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->panes_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      SpEndpoint *endpoint = sp_pane_get_endpoint (SP_PANE (child));
      g_auto(GStrv) lines = sp_reply_rules_to_strv (sp_endpoint_get_reply_rules (endpoint));
      guint count, interval_ms, chunk_size;

      g_variant_builder_add (&builder, "(ssq)",
                             sp_endpoint_kind_to_nick (sp_endpoint_get_kind (endpoint)),
                             sp_endpoint_get_host (endpoint),
                             (guint16) sp_endpoint_get_port (endpoint));
      g_variant_builder_add (&targets, "(sq)", sp_endpoint_get_target_host (endpoint),
                             (guint16) sp_endpoint_get_target_port (endpoint));
      g_variant_builder_add (&rules, "^as", lines);
      sp_composer_get_send_settings (sp_pane_get_composer_widget (SP_PANE (child)),
                                     &count, &interval_ms, &chunk_size);
      g_variant_builder_add (&sends, "(uuu)", count, interval_ms, chunk_size);
    }

  /* The parallel keys first: a change to any of them is then read back
   * whole with pane-layout. */
  g_settings_set_value (self->settings, "pane-targets", g_variant_builder_end (&targets));
  g_settings_set_value (self->settings, "pane-reply-rules", g_variant_builder_end (&rules));
  g_settings_set_value (self->settings, "pane-send-settings", g_variant_builder_end (&sends));
  g_settings_set_value (self->settings, "pane-layout", g_variant_builder_end (&builder));
}

static gboolean
timestamps_to_wall_clock (GValue   *value,
                          GVariant *variant,
                          gpointer  user_data)
{
  g_value_set_boolean (value, g_str_equal (g_variant_get_string (variant, NULL), "wall-clock"));
  return TRUE;
}

/* "16" → 16; the schema's choices keep it one of 8, 16 and 32. */
static gboolean
string_to_uint (GValue   *value,
                GVariant *variant,
                gpointer  user_data)
{
  g_value_set_uint (value, (guint) g_ascii_strtoull (g_variant_get_string (variant, NULL), NULL, 10));
  return TRUE;
}

static void
colour_blind_changed_cb (SpWindow *self)
{
  /* style.css gives .colour-blind orange and blue instead of red and blue. */
  if (g_settings_get_boolean (self->settings, "colour-blind"))
    gtk_widget_add_css_class (GTK_WIDGET (self), "colour-blind");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "colour-blind");
  /* The diagram draws its own arrows. */
  gtk_widget_queue_draw (GTK_WIDGET (self->sequence_view));
}

SpPane *
sp_window_insert_pane (SpWindow   *self,
                       SpEndpoint *endpoint,
                       guint       number,
                       guint       position)
{
  GtkWidget *pane = sp_pane_new (endpoint, number);
  GtkWidget *before;

  position = MIN (position, sp_window_get_n_panes (self));
  before = position > 0 ? GTK_WIDGET (sp_window_get_pane (self, position - 1)) : NULL;

  if (self->settings != NULL)
    g_settings_bind_with_mapping (self->settings, "timestamps", pane, "wall-clock",
                                  G_SETTINGS_BIND_GET, timestamps_to_wall_clock, NULL, NULL, NULL);
  if (self->settings != NULL)
    g_settings_bind_with_mapping (self->settings, "hex-bytes-per-line", pane, "bytes-per-line",
                                  G_SETTINGS_BIND_GET, string_to_uint, NULL, NULL, NULL);
  g_signal_connect_object (pane, "close-requested",
                           G_CALLBACK (sp_window_close_pane), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (pane, "layout-changed",
                           G_CALLBACK (sp_window_save_layout), self, G_CONNECT_SWAPPED);
  /* The diagram names its lifelines after the panes; typing a host or
   * port doesn't change that, so it isn't rebuilt for every keystroke. */
  g_signal_connect_object (pane, "notify::title",
                           G_CALLBACK (sp_window_update_diagram), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (pane, "notify::encoding",
                           G_CALLBACK (sp_window_update_diagram), self, G_CONNECT_SWAPPED);
  gtk_box_insert_child_after (self->panes_box, pane, before);
  g_list_store_insert (self->endpoints, position, endpoint);
  sp_window_update_diagram (self);
  sp_window_save_layout (self);

  return SP_PANE (pane);
}

static SpPane *
add_pane (SpWindow       *self,
          SpEndpointKind  kind,
          const char     *host,
          guint           port)
{
  g_autoptr(SpEndpoint) endpoint = sp_endpoint_new (kind);

  sp_endpoint_set_host (endpoint, host);
  sp_endpoint_set_port (endpoint, port);
  if (self->settings != NULL)
    {
      g_autofree char *framing_text = g_settings_get_string (self->settings, "default-framing");
      SpFramingConfig framing;

      /* A hand-edited setting that doesn't parse leaves framing off. */
      if (sp_framing_config_from_string (framing_text, &framing, NULL))
        sp_endpoint_set_framing (endpoint, &framing, NULL);
    }

  return sp_window_insert_pane (self, endpoint, self->next_number++, sp_window_get_n_panes (self));
}

SpPane *
sp_window_add_pane (SpWindow       *self,
                    SpEndpointKind  kind)
{
  g_autofree char *host = NULL;
  guint16 port = 8081;

  g_return_val_if_fail (SP_IS_WINDOW (self), NULL);

  if (self->settings != NULL)
    {
      host = g_settings_get_string (self->settings, "default-host");
      g_settings_get (self->settings, "default-port", "q", &port);
    }

  return add_pane (self, kind, host ? host : "127.0.0.1", port);
}

void
sp_window_remove_pane (SpWindow *self,
                       SpPane   *pane)
{
  SpEndpoint *endpoint = sp_pane_get_endpoint (pane);
  guint position;

  g_return_if_fail (SP_IS_WINDOW (self));
  g_return_if_fail (SP_IS_PANE (pane));

  sp_endpoint_stop (endpoint);
  if (g_list_store_find (self->endpoints, endpoint, &position))
    g_list_store_remove (self->endpoints, position);
  gtk_box_remove (self->panes_box, GTK_WIDGET (pane));
  sp_window_update_diagram (self);
  sp_window_save_layout (self);
}

guint
sp_window_get_n_panes (SpWindow *self)
{
  guint n = 0;

  g_return_val_if_fail (SP_IS_WINDOW (self), 0);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->panes_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n++;

  return n;
}

SpPane *
sp_window_get_pane (SpWindow *self,
                    guint     position)
{
  GtkWidget *child;

  g_return_val_if_fail (SP_IS_WINDOW (self), NULL);

  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->panes_box));
       child != NULL && position > 0;
       child = gtk_widget_get_next_sibling (child))
    position--;

  return child ? SP_PANE (child) : NULL;
}

/* "Set it up for me": lessons drive the panes through these. */
static SpEndpoint *
host_lookup (gpointer data,
             guint    position)
{
  SpPane *pane = sp_window_get_pane (data, position - 1);

  return pane ? sp_pane_get_endpoint (pane) : NULL;
}

static SpEndpoint *
host_ensure (gpointer        data,
             guint           position,
             SpEndpointKind  kind,
             const char     *host,
             guint           port)
{
  SpWindow *self = data;
  SpEndpoint *endpoint;

  while (sp_window_get_n_panes (self) < position)
    sp_window_add_pane (self, kind);

  endpoint = host_lookup (self, position);
  sp_endpoint_reconfigure (endpoint, kind, host, port);

  return endpoint;
}

static SpTextEncoding
host_set_encoding (gpointer       data,
                   guint          position,
                   SpTextEncoding encoding)
{
  SpPane *pane = sp_window_get_pane (data, position - 1);
  int before = encoding;

  if (pane != NULL)
    {
      g_object_get (pane, "encoding", &before, NULL);
      g_object_set (pane, "encoding", (int) encoding, NULL);
    }
  return before;
}

static const SpSetupHost setup_host = {
  .ensure = host_ensure,
  .lookup = host_lookup,
  .set_encoding = host_set_encoding,
};

static void
diagram_event_activated_cb (SpWindow   *self,
                            SpEndpoint *endpoint,
                            SpEvent    *event)
{
  for (guint i = 0; i < sp_window_get_n_panes (self); i++)
    {
      SpPane *pane = sp_window_get_pane (self, i);

      if (sp_pane_get_endpoint (pane) == endpoint)
        sp_pane_select_event (pane, event);
    }
}

SpSequenceView *
sp_window_get_sequence_view (SpWindow *self)
{
  g_return_val_if_fail (SP_IS_WINDOW (self), NULL);
  return self->sequence_view;
}

#define DIAGRAM_HEIGHT 220

/* The diagram 220px high, or what the panes' controls leave: the paned
 * keeps their height, moving the line down as far as it must. The handle
 * moves the line. Placed once the window has its height. */
static gboolean
place_diagram_cb (GtkWidget     *widget,
                  GdkFrameClock *clock,
                  gpointer       data)
{
  SpWindow *self = SP_WINDOW (widget);
  int height = gtk_widget_get_height (GTK_WIDGET (self->diagram_paned));

  if (height <= DIAGRAM_HEIGHT)
    return G_SOURCE_CONTINUE;

  gtk_paned_set_position (self->diagram_paned, height - DIAGRAM_HEIGHT);
  self->place_diagram_id = 0;
  return G_SOURCE_REMOVE;
}

void
sp_window_set_diagram_visible (SpWindow *self,
                               gboolean  visible)
{
  g_return_if_fail (SP_IS_WINDOW (self));

  visible = !!visible;
  if (self->diagram_visible == visible)
    return;

  self->diagram_visible = visible;
  gtk_widget_set_visible (self->diagram_scroller, visible);
  if (visible && self->place_diagram_id == 0)
    self->place_diagram_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), place_diagram_cb, NULL, NULL);
  else if (!visible && self->place_diagram_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->place_diagram_id);
      self->place_diagram_id = 0;
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIAGRAM_VISIBLE]);
}

#define ZOOM_MIN  0.5
#define ZOOM_MAX  3.0
#define ZOOM_STEP 0.1

double
sp_window_get_zoom (SpWindow *self)
{
  g_return_val_if_fail (SP_IS_WINDOW (self), 1.0);
  return self->zoom;
}

/* Projector mode: every text in the window, hex views included, scales. */
void
sp_window_set_zoom (SpWindow *self,
                    double    zoom)
{
  g_autofree char *css = NULL;
  int percent;

  g_return_if_fail (SP_IS_WINDOW (self));

  zoom = CLAMP (round (zoom * 10) / 10, ZOOM_MIN, ZOOM_MAX);
  self->zoom = zoom;
  percent = (int) round (zoom * 100);

  if (self->zoom_provider == NULL)
    {
      self->zoom_provider = gtk_css_provider_new ();
      gtk_style_context_add_provider_for_display (gtk_widget_get_display (GTK_WIDGET (self)),
                                                  GTK_STYLE_PROVIDER (self->zoom_provider),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION + 1);
    }
  /* The theme gives headings and captions absolute sizes; make them
   * relative so that they grow with the rest. Popovers (menus, the
   * drop-down lists) start again from the theme's font ("font: initial"):
   * rem, the desktop's font size, scales them as much as the window. */
  css = g_strdup_printf ("window.sp-main { font-size: %d%%; }\n"
                         "window.sp-main popover.background { font-size: %d.%02drem; }\n"
                         "window.sp-main .heading { font-size: 100%%; }\n"
                         "window.sp-main .caption, window.sp-main .caption-heading { font-size: 85%%; }\n"
                         "window.sp-main .title-3 { font-size: 130%%; }\n"
                         "window.sp-main .title-4 { font-size: 115%%; }\n",
                         percent, percent / 100, percent % 100);
  gtk_css_provider_load_from_data (self->zoom_provider, css, -1);

  if (self->settings != NULL && g_settings_get_double (self->settings, "zoom") != zoom)
    g_settings_set_double (self->settings, "zoom", zoom);
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SpWindow *self = SP_WINDOW (widget);

  if (g_str_equal (action_name, "win.zoom-in"))
    sp_window_set_zoom (self, self->zoom + ZOOM_STEP);
  else if (g_str_equal (action_name, "win.zoom-out"))
    sp_window_set_zoom (self, self->zoom - ZOOM_STEP);
  else
    sp_window_set_zoom (self, 1.0);
}

static void
fullscreen_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  if (gtk_window_is_fullscreen (GTK_WINDOW (widget)))
    gtk_window_unfullscreen (GTK_WINDOW (widget));
  else
    gtk_window_fullscreen (GTK_WINDOW (widget));
}

static void
reset_lessons_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  sp_lesson_panel_reset_all (SP_WINDOW (widget)->lesson_panel);
}

SpLessonPanel *
sp_window_get_lesson_panel (SpWindow *self)
{
  g_return_val_if_fail (SP_IS_WINDOW (self), NULL);
  return self->lesson_panel;
}

void
sp_window_set_lessons_visible (SpWindow *self,
                               gboolean  visible)
{
  g_return_if_fail (SP_IS_WINDOW (self));

  visible = !!visible;
  if (self->lessons_visible == visible)
    return;

  self->lessons_visible = visible;
  gtk_widget_set_visible (GTK_WIDGET (self->lesson_panel), visible);
  if (self->settings != NULL)
    g_settings_set_boolean (self->settings, "lessons-visible", visible);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LESSONS_VISIBLE]);
}

static void
sp_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  SpWindow *self = SP_WINDOW (object);

  switch (prop_id)
    {
    case PROP_LESSONS_VISIBLE:
      g_value_set_boolean (value, self->lessons_visible);
      break;

    case PROP_DIAGRAM_VISIBLE:
      g_value_set_boolean (value, self->diagram_visible);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  SpWindow *self = SP_WINDOW (object);

  switch (prop_id)
    {
    case PROP_LESSONS_VISIBLE:
      sp_window_set_lessons_visible (self, g_value_get_boolean (value));
      break;

    case PROP_DIAGRAM_VISIBLE:
      sp_window_set_diagram_visible (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* pane-targets holds each pane's relay target, in pane-layout's order; a
 * version before it kept none, and one that wrote pane-layout alone left
 * a list of another length: then relays keep the default target. */
static void
restore_target (SpPane   *pane,
                GVariant *targets,
                gsize     index,
                gsize     n_panes)
{
  SpEndpoint *endpoint = sp_pane_get_endpoint (pane);
  const char *host;
  guint16 port;

  if (g_variant_n_children (targets) != n_panes ||
      !sp_endpoint_kind_is_relay (sp_endpoint_get_kind (endpoint)))
    return;

  g_variant_get_child (targets, index, "(&sq)", &host, &port);
  /* A hand-edited host that isn't one is left out, as a bad Host is. */
  if (sp_net_check_host (host, NULL))
    sp_endpoint_set_target_host (endpoint, host);
  sp_endpoint_set_target_port (endpoint, port);
}

/* pane-reply-rules and pane-send-settings, like pane-targets, are used
 * only when their list is as long as pane-layout; a rule line that is not
 * one (a hand edit, a newer version's) is left out. */
static void
restore_pane_extras (SpPane   *pane,
                     GVariant *rules,
                     GVariant *sends,
                     gsize     index,
                     gsize     n_panes)
{
  if (g_variant_n_children (rules) == n_panes)
    {
      SpReplyRules *pane_rules = sp_endpoint_get_reply_rules (sp_pane_get_endpoint (pane));
      g_autoptr(GVariant) lines = g_variant_get_child_value (rules, index);

      for (gsize i = 0; i < g_variant_n_children (lines); i++)
        {
          g_autoptr(GVariant) line = g_variant_get_child_value (lines, i);
          g_autoptr(SpReplyRule) rule = sp_reply_rule_parse (g_variant_get_string (line, NULL), NULL);

          if (rule != NULL)
            sp_reply_rules_add (pane_rules, rule, NULL);
        }
    }

  if (g_variant_n_children (sends) == n_panes)
    {
      guint count, interval_ms, chunk_size;

      g_variant_get_child (sends, index, "(uuu)", &count, &interval_ms, &chunk_size);
      sp_composer_set_send_settings (sp_pane_get_composer_widget (pane), count, interval_ms, chunk_size);
    }
}

static void
restore_layout (SpWindow *self)
{
  g_autoptr(GVariant) layout = NULL;
  g_autoptr(GVariant) targets = NULL;
  g_autoptr(GVariant) rules = NULL;
  g_autoptr(GVariant) sends = NULL;
  GVariantIter iter;
  const char *nick;
  const char *host;
  guint16 port;
  gsize index = 0;

  self->restoring = TRUE;

  layout = g_settings_get_value (self->settings, "pane-layout");
  targets = g_settings_get_value (self->settings, "pane-targets");
  rules = g_settings_get_value (self->settings, "pane-reply-rules");
  sends = g_settings_get_value (self->settings, "pane-send-settings");
  g_variant_iter_init (&iter, layout);
  while (g_variant_iter_next (&iter, "(&s&sq)", &nick, &host, &port))
    {
      SpEndpointKind kind;

      if (sp_endpoint_kind_from_nick (nick, &kind))
        {
          SpPane *pane = add_pane (self, kind, host, port);

          restore_target (pane, targets, index, g_variant_n_children (layout));
          restore_pane_extras (pane, rules, sends, index, g_variant_n_children (layout));
        }
      index++;
    }

  self->restoring = FALSE;

  /* An empty window teaches nothing: start from a server and its client. */
  if (sp_window_get_n_panes (self) == 0)
    {
      sp_window_add_pane (self, SP_ENDPOINT_KIND_TCP_SERVER);
      sp_window_add_pane (self, SP_ENDPOINT_KIND_TCP_CLIENT);
    }
}

static void
add_pane_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  SpWindow *self = SP_WINDOW (widget);
  SpPane *pane = sp_window_add_pane (self, SP_ENDPOINT_KIND_TCP_CLIENT);
  GtkAdjustment *adj = gtk_scrolled_window_get_hadjustment (self->scroller);

  gtk_widget_grab_focus (GTK_WIDGET (pane));
  /* Show the new pane: it is added at the right end. */
  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
}

static gboolean
sp_window_close_request (GtkWindow *window)
{
  SpWindow *self = SP_WINDOW (window);
  int width, height;

  if (self->settings != NULL)
    {
      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
      g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
    }

  return GTK_WINDOW_CLASS (sp_window_parent_class)->close_request (window);
}

static void
sp_window_dispose (GObject *object)
{
  SpWindow *self = (SpWindow *)object;

  /* No gtk_widget_dispose_template() here: GtkWindow unparents its own
   * child, and doing it twice would touch a freed widget. */
  if (self->zoom_provider != NULL)
    gtk_style_context_remove_provider_for_display (gtk_widget_get_display (GTK_WIDGET (self)),
                                                   GTK_STYLE_PROVIDER (self->zoom_provider));
  g_clear_object (&self->zoom_provider);
  sp_window_close_dispose (self);
  g_clear_object (&self->settings);
  g_clear_object (&self->endpoints);

  G_OBJECT_CLASS (sp_window_parent_class)->dispose (object);
}

static void
sp_window_class_init (SpWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = sp_window_dispose;
  object_class->get_property = sp_window_get_property;
  object_class->set_property = sp_window_set_property;
  window_class->close_request = sp_window_close_request;

  properties[PROP_LESSONS_VISIBLE] =
    g_param_spec_boolean ("lessons-visible", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_DIAGRAM_VISIBLE] =
    g_param_spec_boolean ("diagram-visible", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SP_TYPE_WIDTH_BIN);
  g_type_ensure (SP_TYPE_LESSON_PANEL);
  g_type_ensure (SP_TYPE_SEQUENCE_VIEW);
  g_type_ensure (SP_TYPE_ENDPOINT);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/sp-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SpWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SpWindow, scroller);
  gtk_widget_class_bind_template_child (widget_class, SpWindow, panes_box);
  gtk_widget_class_bind_template_child (widget_class, SpWindow, lesson_panel);
  gtk_widget_class_bind_template_child (widget_class, SpWindow, diagram_paned);
  gtk_widget_class_bind_template_child (widget_class, SpWindow, diagram_scroller);
  gtk_widget_class_bind_template_child (widget_class, SpWindow, sequence_view);
  gtk_widget_class_bind_template_callback (widget_class, diagram_event_activated_cb);
  gtk_widget_class_install_property_action (widget_class, "win.show-diagram", "diagram-visible");
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-reset", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.fullscreen", NULL, fullscreen_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "win.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "win.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "win.zoom-reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0, GDK_CONTROL_MASK, "win.zoom-reset", NULL);

  gtk_widget_class_install_property_action (widget_class, "win.show-lessons", "lessons-visible");
  gtk_widget_class_install_action (widget_class, "win.reset-lessons", NULL, reset_lessons_action);
  sp_window_class_init_files (widget_class);
  sp_window_class_init_close (widget_class);

  gtk_widget_class_install_action (widget_class, "win.add-pane", NULL, add_pane_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "win.add-pane", NULL);
}

/* The function keys work wherever the focus is. Widgets take some for
 * themselves as the key bubbles up: GtkPaned binds F8 (and F6), so with
 * the focus anywhere in the panes, which sit in two GtkPaneds, a binding
 * on the window never saw F8. These run in the capture phase, first. */
static void
add_function_key_shortcuts (SpWindow *self)
{
  static const struct {
    guint       keyval;
    const char *action;
  } keys[] = {
    { GDK_KEY_F8, "win.show-diagram" },
    { GDK_KEY_F9, "win.show-lessons" },
    { GDK_KEY_F11, "win.fullscreen" },
  };
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_event_controller_set_name (controller, "function-keys");
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (keys[i].keyval, 0),
                                                            gtk_named_action_new (keys[i].action)));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

static void
sp_window_init (SpWindow *self)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();

  gtk_widget_init_template (GTK_WIDGET (self));
  /* Until a pane is closed. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo-close", FALSE);

  self->next_number = 1;
  self->zoom = 1.0;
  self->endpoints = g_list_store_new (SP_TYPE_ENDPOINT);
  gtk_widget_add_css_class (GTK_WIDGET (self), "sp-main");
  /* The theme stripes a development build's header bar. */
  if (g_str_equal (PROFILE, "development"))
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  /* Without its schema (an uninstalled run) the window still works. */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema != NULL)
    {
      self->settings = g_settings_new (APP_ID);
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (self->settings, "window-width"),
                                   g_settings_get_int (self->settings, "window-height"));
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
      restore_layout (self);
      sp_window_set_lessons_visible (self, g_settings_get_boolean (self->settings, "lessons-visible"));
      sp_window_set_zoom (self, g_settings_get_double (self->settings, "zoom"));
      g_signal_connect_object (self->settings, "changed::colour-blind",
                               G_CALLBACK (colour_blind_changed_cb), self, G_CONNECT_SWAPPED);
      colour_blind_changed_cb (self);
    }
  else
    {
      g_message ("GSettings schema %s is not installed; layout will not be remembered", APP_ID);
      sp_window_add_pane (self, SP_ENDPOINT_KIND_TCP_SERVER);
      sp_window_add_pane (self, SP_ENDPOINT_KIND_TCP_CLIENT);
    }

  sp_lesson_panel_setup (self->lesson_panel, G_LIST_MODEL (self->endpoints), self->settings,
                         &setup_host, self);
  add_function_key_shortcuts (self);
  sp_window_bench_probe_setup (self);
}

SpWindow *
sp_window_new (GtkApplication *application)
{
  return g_object_new (SP_TYPE_WINDOW, "application", application, NULL);
}
