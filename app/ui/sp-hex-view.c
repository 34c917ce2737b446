/* sp-hex-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sp-batched-model.h"
#include "sp-bench-count.h"
#include "sp-capture-store.h"
#include "sp-display-props.h"
#include "sp-hex.h"
#include "sp-hex-line.h"
#include "sp-hex-lines.h"
#include "sp-hex-view.h"
#include "sp-stream-view.h"
#include "sp-template.h"
#include "sp-throttle.h"
#include "sp-wrap-box.h"

/* GtkTextView lays out all of its text; past this the hex tab (virtualised)
 * is the way to see everything. */
#define TEXT_VIEW_MAX_BYTES (256 * 1024)

/* Rows of the dump made per frame. */
#define LINES_PER_FRAME 16

struct _SpHexView
{
  GtkWidget       parent_instance;

  GtkStack       *stack;
  GtkListView    *hex_list;
  GtkTextView    *text_view;
  GtkDropDown    *read_as_dropdown;
  GtkLabel       *read_as_note;
  GtkLabel       *summary_label;
  GtkLabel       *empty_label;
  GtkWidget      *header;
  SpStreamView   *stream_view;
  GtkListView    *calls_list;

  SpHexLines     *lines;
  /* The lines as the list learns of them: a screenful per frame. */
  SpBatchedModel *batched_lines;
  SpFrameBatches  batches;
  SpEvent        *event;
  SpConnection   *connection;
  SpTextEncoding  encoding;
  gboolean        text_stale;
  /* The framing bytes' colours, from style.css (light or dark), as the
   * "#rrggbb" Pango markup wants. */
  char            framing_fg[8];
  char            framing_bg[8];
};

enum {
  PROP_0,
  PROP_EVENT,
  PROP_ENCODING,
  PROP_BYTES_PER_LINE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SpHexView, sp_hex_view, GTK_TYPE_WIDGET)

static void
setup_line_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), FALSE);
  gtk_widget_add_css_class (label, "monospace");
  gtk_list_item_set_child (item, label);
  sp_bench_count (SP_BENCH_DUMP_ROWS_MADE, 1);
}

/* Which columns of @line show framing bytes (a header or a delimiter). */
static void
mark_columns (const char *line,
              gsize       line_index,
              guint       bytes_per_line,
              gsize       total,
              guint       header_len,
              guint       trailer_len,
              gboolean   *marked)
{
  gsize len = strlen (line);

  for (guint j = 0; j < bytes_per_line; j++)
    {
      gsize pos = line_index * bytes_per_line + j;

      if (pos >= total || (pos >= header_len && pos < total - trailer_len))
        continue;

      for (guint k = 0; k < 2; k++)
        if (sp_hex_hex_column (j) + k < len)
          marked[sp_hex_hex_column (j) + k] = TRUE;
      if (sp_hex_ascii_column (j, bytes_per_line) < len)
        marked[sp_hex_ascii_column (j, bytes_per_line)] = TRUE;
    }
}

static void
show_line (SpHexView   *self,
           GtkListItem *item)
{
  SpHexLine *object = gtk_list_item_get_item (item);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));
  const char *line = sp_hex_line_get_text (object);
  guint header_len = self->event ? sp_event_get_header_len (self->event) : 0;
  guint trailer_len = self->event ? sp_event_get_trailer_len (self->event) : 0;
  gboolean marked[SP_HEX_MAX_LINE_WIDTH + 1] = { FALSE };
  g_autoptr(GString) markup = NULL;
  gboolean open = FALSE;
  gsize len;

  sp_bench_count (SP_BENCH_DUMP_ROWS_SHOWN, 1);
  if (header_len == 0 && trailer_len == 0)
    {
      gtk_label_set_text (label, line);
      return;
    }

  /* Framing bytes stand out from the payload: bold, on the colours
   * style.css names for them. */
  mark_columns (line, sp_hex_line_get_position (object),
                sp_hex_lines_get_bytes_per_line (self->lines),
                sp_event_get_n_bytes (self->event), header_len, trailer_len, marked);
  markup = g_string_new (NULL);
  len = strlen (line);
  for (gsize i = 0; i < len; i++)
    {
      if (marked[i] && !open)
        g_string_append_printf (markup, "<span weight=\"bold\" fgcolor=\"%s\" bgcolor=\"%s\">",
                                self->framing_fg, self->framing_bg);
      else if (!marked[i] && open)
        g_string_append (markup, "</span>");
      open = marked[i];

      if (line[i] == '<')
        g_string_append (markup, "&lt;");
      else if (line[i] == '>')
        g_string_append (markup, "&gt;");
      else if (line[i] == '&')
        g_string_append (markup, "&amp;");
      else
        g_string_append_c (markup, line[i]);
    }
  if (open)
    g_string_append (markup, "</span>");

  gtk_label_set_markup (label, markup->str);
}

static void
line_text_changed_cb (SpHexLine   *line,
                      GParamSpec  *pspec,
                      GtkListItem *item)
{
  show_line (g_object_get_data (G_OBJECT (item), "sp-hex-view"), item);
}

/* A row stays bound to the line at its position while the dump shows new
 * bytes; the line's new text is shown when it is told. */
static void
bind_line_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              SpHexView                *self)
{
  g_object_set_data (G_OBJECT (item), "sp-hex-view", self);
  g_signal_connect_object (gtk_list_item_get_item (item), "notify::text",
                           G_CALLBACK (line_text_changed_cb), item, 0);
  show_line (self, item);
}

static void
unbind_line_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                SpHexView                *self)
{
  g_signal_handlers_disconnect_by_func (gtk_list_item_get_item (item),
                                        line_text_changed_cb, item);
}

static void
format_colour (char          *out,
               const GdkRGBA *colour)
{
  g_snprintf (out, 8, "#%02x%02x%02x",
              (guint) (CLAMP (colour->red, 0, 1) * 255 + 0.5),
              (guint) (CLAMP (colour->green, 0, 1) * 255 + 0.5),
              (guint) (CLAMP (colour->blue, 0, 1) * 255 + 0.5));
}

/* Reads the framing colours from the style; TRUE when they changed (the
 * style went dark or light). */
static gboolean
update_framing_colours (SpHexView *self)
{
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));
  /* Without style.css (a bare widget in a test): still readable. */
  GdkRGBA fg = { 0, 0, 0, 1 };
  GdkRGBA bg = { 0.98, 0.89, 0.36, 1 };
  char old_fg[8], old_bg[8];

  gtk_style_context_lookup_color (context, "sp_framing_fg_color", &fg);
  gtk_style_context_lookup_color (context, "sp_framing_bg_color", &bg);
  G_GNUC_END_IGNORE_DEPRECATIONS

  memcpy (old_fg, self->framing_fg, sizeof old_fg);
  memcpy (old_bg, self->framing_bg, sizeof old_bg);
  format_colour (self->framing_fg, &fg);
  format_colour (self->framing_bg, &bg);

  return memcmp (old_fg, self->framing_fg, sizeof old_fg) != 0 ||
         memcmp (old_bg, self->framing_bg, sizeof old_bg) != 0;
}

static void
sp_hex_view_css_changed (GtkWidget         *widget,
                         GtkCssStyleChange *change)
{
  SpHexView *self = SP_HEX_VIEW (widget);

  GTK_WIDGET_CLASS (sp_hex_view_parent_class)->css_changed (widget, change);

  /* Bound lines keep their markup: bind them again in the new colours. */
  if (update_framing_colours (self) && sp_hex_lines_get_bytes (self->lines) != NULL)
    {
      sp_hex_lines_set_bytes (self->lines, sp_hex_lines_get_bytes (self->lines));
    }
}

static void
update_text (SpHexView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GBytes *payload = self->event ? sp_event_get_payload (self->event) : NULL;
  g_autofree char *text = NULL;
  const guint8 *data;
  gsize size = 0;

  /* Laying out up to 256 KiB of text is slow: only for the Text page on
   * screen, not for every event a flood shows in passing. */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "text") != 0)
    {
      self->text_stale = TRUE;
      return;
    }
  self->text_stale = FALSE;

  if (payload == NULL)
    {
      gtk_text_buffer_set_text (buffer, "", 0);
      return;
    }

  data = g_bytes_get_data (payload, &size);
  text = sp_text_decode_for_display (data, size, sp_hex_view_get_text_encoding (self), FALSE,
                                     TEXT_VIEW_MAX_BYTES);
  gtk_text_buffer_set_text (buffer, text, -1);
}

/* What "Automatic" means for this entry: as typed (a sent text), or the
 * pane's Encoding. */
static void
update_read_as_note (SpHexView *self)
{
  g_autofree char *note = NULL;
  /* A sent text's encoding wins over any fallback: both give the same. */
  gboolean typed = self->event != NULL &&
                   sp_event_get_text_encoding (self->event, SP_TEXT_ENCODING_UTF8) ==
                   sp_event_get_text_encoding (self->event, SP_TEXT_ENCODING_GBK);
  SpTextEncoding automatic = self->event ? sp_event_get_text_encoding (self->event, self->encoding)
                                         : self->encoding;

  if (gtk_drop_down_get_selected (self->read_as_dropdown) != 0)
    note = g_strdup (_("for this entry only"));
  else if (typed)
    /* TRANSLATORS: a sent entry reads as its text was typed: "typed as GBK" */
    note = g_strdup_printf (_("typed as %s"), sp_text_encoding_label (automatic));
  else
    /* TRANSLATORS: received bytes read with the pane's Encoding: "the pane’s Encoding, UTF-8" */
    note = g_strdup_printf (_("the pane’s Encoding, %s"), sp_text_encoding_label (automatic));

  gtk_label_set_text (self->read_as_note, note);
}

static void
read_as_changed_cb (SpHexView *self)
{
  update_read_as_note (self);
  update_text (self);
}

static void
page_changed_cb (SpHexView *self)
{
  if (self->text_stale)
    update_text (self);
}

static void
update (SpHexView *self)
{
  GBytes *payload = self->event ? sp_event_get_payload (self->event) : NULL;
  gboolean has_bytes = payload != NULL && g_bytes_get_size (payload) > 0;
  g_autofree char *summary = NULL;

  gtk_widget_remove_css_class (GTK_WIDGET (self), "c2s");
  gtk_widget_remove_css_class (GTK_WIDGET (self), "s2c");

  /* Rows keep their lines and show the new text (and marks, even for the
   * same bytes). */
  sp_hex_lines_set_bytes (self->lines, has_bytes ? payload : NULL);
  sp_batched_model_flush (self->batched_lines);
  update_read_as_note (self);
  update_text (self);
  sp_stream_view_set_connection (self->stream_view, self->connection,
                                 self->event != NULL &&
                                 sp_event_get_kind (self->event) == SP_EVENT_KIND_SENT);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "hex-view.copy", has_bytes);
  gtk_label_set_text (self->summary_label, "");

  if (self->event != NULL && sp_event_get_payload_released (self->event))
    {
      g_autofree char *size = g_format_size_full (sp_event_get_n_bytes (self->event), G_FORMAT_SIZE_IEC_UNITS);
      g_autofree char *limit = g_format_size_full (sp_capture_store_get_limit (sp_capture_store_get_default ()),
                                                   G_FORMAT_SIZE_IEC_UNITS);
      g_autofree char *text = g_strdup_printf (_("These %s are no longer kept: the capture limit of %s was reached, "
                                                 "so the oldest bytes were let go. Raise the limit in Preferences to keep more."),
                                               size, limit);

      gtk_label_set_text (self->empty_label, text);
    }
  else
    gtk_label_set_text (self->empty_label, _("Select a sent or received event to see its bytes."));

  if (!has_bytes)
    {
      /* The trace belongs to the pane, not to one event: it stays. */
      if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "calls") != 0)
        gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  gtk_widget_add_css_class (GTK_WIDGET (self),
                            sp_event_get_client_to_server (self->event) ? "c2s" : "s2c");

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "empty") == 0)
    gtk_stack_set_visible_child_name (self->stack, "hex");

  if (sp_event_get_header_len (self->event) + sp_event_get_trailer_len (self->event) > 0)
    /* TRANSLATORS: "sent, 9 bytes (4 framing)" */
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, %lu byte (%u framing, marked)",
                                            "%s, %lu bytes (%u framing, marked)",
                                            g_bytes_get_size (payload)),
                               sp_event_kind_to_string (sp_event_get_kind (self->event)),
                               (gulong) g_bytes_get_size (payload),
                               sp_event_get_header_len (self->event) + sp_event_get_trailer_len (self->event));
  else
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, %lu byte",
                                            "%s, %lu bytes",
                                            g_bytes_get_size (payload)),
                               sp_event_kind_to_string (sp_event_get_kind (self->event)),
                               (gulong) g_bytes_get_size (payload));
  gtk_label_set_text (self->summary_label, summary);
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SpHexView *self = SP_HEX_VIEW (widget);
  GBytes *payload = self->event ? sp_event_get_payload (self->event) : NULL;
  g_autofree char *text = NULL;
  const guint8 *data;
  gsize size;

  if (payload == NULL)
    return;

  data = g_bytes_get_data (payload, &size);
  text = sp_hex_format_compact (data, size);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
}

static void
sp_hex_view_dispose (GObject *object)
{
  SpHexView *self = (SpHexView *)object;

  sp_frame_batches_clear (&self->batches);
  sp_template_dispose (GTK_WIDGET (self), SP_TYPE_HEX_VIEW);
  g_clear_object (&self->batched_lines);
  g_clear_object (&self->lines);
  g_clear_object (&self->event);
  g_clear_object (&self->connection);

  G_OBJECT_CLASS (sp_hex_view_parent_class)->dispose (object);
}

static void
sp_hex_view_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  SpHexView *self = SP_HEX_VIEW (object);

  switch (prop_id)
    {
    case PROP_EVENT:
      g_value_set_object (value, self->event);
      break;

    case PROP_ENCODING:
      g_value_set_int (value, self->encoding);
      break;

    case PROP_BYTES_PER_LINE:
      g_value_set_uint (value, sp_hex_lines_get_bytes_per_line (self->lines));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_hex_view_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  SpHexView *self = SP_HEX_VIEW (object);

  switch (prop_id)
    {
    case PROP_EVENT:
      sp_hex_view_set_event (self, g_value_get_object (value), NULL);
      break;

    case PROP_ENCODING:
      sp_hex_view_set_encoding (self, g_value_get_int (value));
      break;

    case PROP_BYTES_PER_LINE:
      sp_hex_view_set_bytes_per_line (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_hex_view_class_init (SpHexViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sp_hex_view_dispose;
  widget_class->css_changed = sp_hex_view_css_changed;
  object_class->get_property = sp_hex_view_get_property;
  object_class->set_property = sp_hex_view_set_property;

  properties[PROP_EVENT] =
    g_param_spec_object ("event", NULL, NULL, SP_TYPE_EVENT,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ENCODING] = sp_display_prop_encoding ();
  /* Of the hex tab and the stream tab: 8, 16 or 32. */
  properties[PROP_BYTES_PER_LINE] = sp_display_prop_bytes_per_line ();
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SP_TYPE_STREAM_VIEW);
  g_type_ensure (SP_TYPE_WRAP_BOX);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/sp-hex-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SpHexView, stack);
  gtk_widget_class_bind_template_child (widget_class, SpHexView, hex_list);
  gtk_widget_class_bind_template_child (widget_class, SpHexView, text_view);
  gtk_widget_class_bind_template_child (widget_class, SpHexView, read_as_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SpHexView, read_as_note);
  gtk_widget_class_bind_template_child (widget_class, SpHexView, summary_label);
  gtk_widget_class_bind_template_child (widget_class, SpHexView, empty_label);
  gtk_widget_class_bind_template_child (widget_class, SpHexView, header);
  gtk_widget_class_bind_template_child (widget_class, SpHexView, stream_view);
  gtk_widget_class_bind_template_child (widget_class, SpHexView, calls_list);

  gtk_widget_class_install_action (widget_class, "hex-view.copy", NULL, copy_action);
  gtk_widget_class_set_css_name (widget_class, "hexview");
}

static void
sp_hex_view_init (SpHexView *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkNoSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (self->stack, "notify::visible-child-name",
                           G_CALLBACK (page_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->read_as_dropdown, "notify::selected",
                           G_CALLBACK (read_as_changed_cb), self, G_CONNECT_SWAPPED);
  self->lines = sp_hex_lines_new ();
  /* A longer dump makes new rows (rows already made keep their lines and
   * only show new text): at most a screenful of them per frame, the first
   * lines at once, so a dump of 4,096 lines costs no frame more than 16
   * rows. */
  self->batched_lines = sp_batched_model_new (G_LIST_MODEL (self->lines));
  sp_batched_model_set_ramp (self->batched_lines, LINES_PER_FRAME, 256);
  sp_frame_batches_init (&self->batches, GTK_WIDGET (self), self->batched_lines);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->batched_lines)));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_line_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_line_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_line_cb), self);
  gtk_list_view_set_factory (self->hex_list, factory);
  gtk_list_view_set_model (self->hex_list, GTK_SELECTION_MODEL (selection));

  update_framing_colours (self);
  update (self);
}

GtkWidget *
sp_hex_view_new (void)
{
  return g_object_new (SP_TYPE_HEX_VIEW, NULL);
}

SpEvent *
sp_hex_view_get_event (SpHexView *self)
{
  g_return_val_if_fail (SP_IS_HEX_VIEW (self), NULL);
  return self->event;
}

void
sp_hex_view_set_event (SpHexView    *self,
                       SpEvent      *event,
                       SpConnection *connection)
{
  gboolean changed;

  g_return_if_fail (SP_IS_HEX_VIEW (self));

  g_set_object (&self->connection, connection);
  changed = g_set_object (&self->event, event);
  /* Reading as another encoding is for the entry it was chosen on. */
  if (changed)
    {
      g_signal_handlers_block_by_func (self->read_as_dropdown, read_as_changed_cb, self);
      gtk_drop_down_set_selected (self->read_as_dropdown, 0);
      g_signal_handlers_unblock_by_func (self->read_as_dropdown, read_as_changed_cb, self);
    }
  update (self);

  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVENT]);
}

SpTextEncoding
sp_hex_view_get_encoding (SpHexView *self)
{
  g_return_val_if_fail (SP_IS_HEX_VIEW (self), 0);
  return self->encoding;
}

void
sp_hex_view_set_encoding (SpHexView      *self,
                          SpTextEncoding  encoding)
{
  g_return_if_fail (SP_IS_HEX_VIEW (self));

  if (self->encoding == encoding)
    return;

  self->encoding = encoding;
  update_read_as_note (self);
  update_text (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENCODING]);
}

SpTextEncoding
sp_hex_view_get_text_encoding (SpHexView *self)
{
  guint read_as;

  g_return_val_if_fail (SP_IS_HEX_VIEW (self), 0);

  read_as = gtk_drop_down_get_selected (self->read_as_dropdown);
  if (read_as > 0 && read_as != GTK_INVALID_LIST_POSITION)
    return read_as - 1;
  if (self->event != NULL)
    return sp_event_get_text_encoding (self->event, self->encoding);
  return self->encoding;
}

void
sp_hex_view_read_as (SpHexView      *self,
                     SpTextEncoding  encoding)
{
  g_return_if_fail (SP_IS_HEX_VIEW (self));
  gtk_drop_down_set_selected (self->read_as_dropdown, encoding + 1);
}

static void
setup_call_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (label, "monospace");
  gtk_list_item_set_child (item, label);
  sp_bench_count (SP_BENCH_DUMP_ROWS_MADE, 1);
}

static void
bind_call_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  SpEvent *call = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  g_autofree char *text = g_strdup_printf ("%.3f  %s", sp_event_get_time_us (call) / 1000.0,
                                           sp_event_get_message (call));

  gtk_label_set_text (GTK_LABEL (label), text);
  if (sp_event_get_errnum (call) != 0)
    gtk_widget_add_css_class (label, "error");
  else
    gtk_widget_remove_css_class (label, "error");
}

void
sp_hex_view_set_calls (SpHexView  *self,
                       GListModel *calls)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkNoSelection) selection = NULL;
  SpBatchedModel *batched;

  g_return_if_fail (SP_IS_HEX_VIEW (self));

  if (calls == NULL)
    {
      gtk_list_view_set_model (self->calls_list, NULL);
      return;
    }

  g_signal_connect (factory, "setup", G_CALLBACK (setup_call_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_call_cb), NULL);
  /* One call per recv(): under a flood the list hears of them per frame,
   * and makes its rows (GTK 4.8 makes them while the list is hidden too)
   * a few per frame while it fills, as the dump does. */
  batched = sp_batched_model_new (calls);
  sp_batched_model_set_ramp (batched, LINES_PER_FRAME, 256);
  selection = gtk_no_selection_new (G_LIST_MODEL (batched));
  gtk_list_view_set_factory (self->calls_list, factory);
  gtk_list_view_set_model (self->calls_list, GTK_SELECTION_MODEL (selection));
}

SpConnection *
sp_hex_view_get_connection (SpHexView *self)
{
  g_return_val_if_fail (SP_IS_HEX_VIEW (self), NULL);
  return self->connection;
}

guint
sp_hex_view_get_bytes_per_line (SpHexView *self)
{
  g_return_val_if_fail (SP_IS_HEX_VIEW (self), 0);
  return sp_hex_lines_get_bytes_per_line (self->lines);
}

void
sp_hex_view_set_bytes_per_line (SpHexView *self,
                                guint      bytes_per_line)
{
  g_return_if_fail (SP_IS_HEX_VIEW (self));

  if (!sp_hex_bytes_per_line_is_valid (bytes_per_line) ||
      bytes_per_line == sp_hex_lines_get_bytes_per_line (self->lines))
    return;

  sp_hex_lines_set_bytes_per_line (self->lines, bytes_per_line);
  sp_batched_model_flush (self->batched_lines);
  sp_stream_view_set_bytes_per_line (self->stream_view, bytes_per_line);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_PER_LINE]);
}
