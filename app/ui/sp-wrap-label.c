/* sp-wrap-label.c
 *
 * What an event row shows below its header: wrapped at word or character
 * boundaries into at most a few lines, ellipsized after. A GtkLabel doing
 * the same lays its text out several times per measure (its minimum and
 * natural widths, then the height for the width it gets), and GTK 4.8's
 * list view re-measures up to 200 rows each time it jumps. This one has
 * one PangoLayout: its width asks no shaping at all, its height for a
 * width lays the text out once, and drawing uses that same layout. In a
 * monospace font, text that surely fills every line (a payload preview,
 * mostly) is not laid out to be measured at all: only rows on screen are
 * drawn, so only they shape their text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sp-wrap-label.h"

/* As narrow as a GtkInscription: a few characters. */
#define MIN_CHARS 3
/* A natural width: the text on one line, up to about this many. */
#define MAX_NAT_CHARS 80

struct _SpWrapLabel
{
  GtkWidget    parent_instance;

  char        *text;
  guint        lines;
  glong        n_chars;

  PangoLayout *layout;        /* NULL until measured or drawn */
  int          layout_width;  /* what the layout wraps at, in pixels; -1: not */
  gboolean     guessed;       /* the last height given came from fills_all_lines() */

  /* Found in the font when first measured, again after it changes. */
  PangoFontDescription *font_desc;  /* the font they are for; NULL: none yet */
  int          char_width;    /* approximate, in pixels */
  int          line_height;   /* approximate, in pixels */
  PangoFont   *fixed_font;    /* the font, if monospace; else NULL */
  int          cell_width;    /* its advance, in Pango units */
  int          cell_height;   /* one line of it, in Pango units */
};

enum {
  PROP_0,
  PROP_TEXT,
  PROP_LINES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SpWrapLabel, sp_wrap_label, GTK_TYPE_WIDGET)

static void
forget_font (SpWrapLabel *self)
{
  g_clear_pointer (&self->font_desc, pango_font_description_free);
  g_clear_object (&self->fixed_font);
}

/* The font changed, or the text direction: lay out again. */
static void
drop_layout (SpWrapLabel *self)
{
  g_clear_object (&self->layout);
  forget_font (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static void
ensure_font (SpWrapLabel *self)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  const PangoFontDescription *desc = pango_context_get_font_description (context);
  PangoFontMetrics *metrics;
  PangoFont *font;

  if (self->font_desc != NULL && pango_font_description_equal (desc, self->font_desc))
    return;

  forget_font (self);
  self->font_desc = pango_font_description_copy (desc);

  metrics = pango_context_get_metrics (context, desc, NULL);
  self->char_width = MAX (1, PANGO_PIXELS_CEIL (pango_font_metrics_get_approximate_char_width (metrics)));
  self->line_height = MAX (1, PANGO_PIXELS_CEIL (pango_font_metrics_get_height (metrics)));
  pango_font_metrics_unref (metrics);

  font = pango_context_load_font (context, desc);
  if (font != NULL &&
      pango_font_family_is_monospace (pango_font_face_get_family (pango_font_get_face (font))))
    {
      g_autoptr(PangoLayout) probe = pango_layout_new (context);

      pango_layout_set_text (probe, "0000000000", 10);
      pango_layout_get_size (probe, &self->cell_width, &self->cell_height);
      self->cell_width /= 10;
      self->fixed_font = g_steal_pointer (&font);
    }
  g_clear_object (&font);
}

static PangoLayout *
ensure_layout (SpWrapLabel *self,
               int          width)
{
  if (self->layout == NULL)
    {
      ensure_font (self);
      self->layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), self->text);
      if (self->fixed_font != NULL)
        {
          /* Every line as high as the font's, also one with a character
           * from a taller fallback font, so fills_all_lines() knows the
           * height without shaping. */
          g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();

          pango_attr_list_insert (attrs, pango_attr_line_height_new_absolute (self->cell_height));
          pango_layout_set_attributes (self->layout, attrs);
        }
      pango_layout_set_wrap (self->layout, PANGO_WRAP_WORD_CHAR);
      pango_layout_set_ellipsize (self->layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_height (self->layout, -(int) self->lines);
      self->layout_width = -1;
    }

  if (width != self->layout_width)
    {
      pango_layout_set_width (self->layout, width < 0 ? -1 : width * PANGO_SCALE);
      self->layout_width = width;
    }

  return self->layout;
}

/* Whether the text fills all its lines at @width, ellipsized, found
 * without shaping it: the advances of the characters in the monospace
 * font, a cell at least each, add up to more than the lines hold.
 * Wrapping only wastes room; spaces are not counted, as they may hang
 * past a line's end, nor characters from other fonts, maybe narrower. */
static gboolean
fills_all_lines (SpWrapLabel *self,
                 int          width)
{
  gint64 room = (gint64) self->lines * width * PANGO_SCALE + self->cell_width;
  gint64 ink = 0;

  if (self->fixed_font == NULL || self->cell_width <= 0 || width * PANGO_SCALE < 2 * self->cell_width)
    return FALSE;

  for (const char *p = self->text; *p != '\0' && ink <= room; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c > 0x20 && c < 0x7f)
        ink += self->cell_width;
      else if (c >= 0x80 && !g_unichar_isspace (c) && !g_unichar_iszerowidth (c) &&
               pango_font_has_char (self->fixed_font, c))
        ink += self->cell_width;
    }

  return ink > room;
}

static GtkSizeRequestMode
sp_wrap_label_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
sp_wrap_label_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  SpWrapLabel *self = SP_WRAP_LABEL (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      ensure_font (self);
      *minimum = self->char_width * MIN_CHARS;
      *natural = self->char_width * CLAMP (self->n_chars, MIN_CHARS, MAX_NAT_CHARS);
    }
  else if (for_size < 0)
    {
      /* Only to guess a natural size: the lines at the natural width,
       * without laying out at a width no row is given. */
      glong n_lines = CLAMP ((self->n_chars + MAX_NAT_CHARS - 1) / MAX_NAT_CHARS, 1, (glong) self->lines);

      ensure_font (self);
      *minimum = *natural = self->line_height * n_lines;
    }
  else if (self->layout_width != for_size && (ensure_font (self), fills_all_lines (self, for_size)))
    {
      *minimum = *natural = PANGO_PIXELS_CEIL ((gint64) self->lines * self->cell_height);
      self->guessed = TRUE;
    }
  else
    {
      int height;

      self->guessed = FALSE;

      pango_layout_get_pixel_size (ensure_layout (self, for_size), NULL, &height);
      *minimum = *natural = height;
    }
}

static void
sp_wrap_label_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  SpWrapLabel *self = SP_WRAP_LABEL (widget);
  PangoLayout *layout = ensure_layout (self, gtk_widget_get_width (widget));
  int height;

  /* The guess is short when the ellipsis ends up in a taller fallback font
   * (it does not take the line height). Measured again, the layout just
   * made gives the height: only rows on screen get here. */
  pango_layout_get_pixel_size (layout, NULL, &height);
  if (self->guessed && height != gtk_widget_get_height (widget))
    {
      self->guessed = FALSE;
      gtk_widget_queue_resize (widget);
    }

  gtk_snapshot_render_layout (snapshot, gtk_widget_get_style_context (widget), 0, 0, layout);
}

static void
sp_wrap_label_css_changed (GtkWidget         *widget,
                           GtkCssStyleChange *change)
{
  SpWrapLabel *self = SP_WRAP_LABEL (widget);
  const PangoFontDescription *desc;

  GTK_WIDGET_CLASS (sp_wrap_label_parent_class)->css_changed (widget, change);

  /* Only a new font needs a new layout: a row rebound to an event of
   * another kind only changes colours. */
  desc = pango_context_get_font_description (gtk_widget_get_pango_context (widget));
  if (self->font_desc == NULL || !pango_font_description_equal (desc, self->font_desc))
    drop_layout (self);
}

static void
sp_wrap_label_direction_changed (GtkWidget        *widget,
                                 GtkTextDirection  previous)
{
  GTK_WIDGET_CLASS (sp_wrap_label_parent_class)->direction_changed (widget, previous);
  drop_layout (SP_WRAP_LABEL (widget));
}

static void
sp_wrap_label_system_setting_changed (GtkWidget        *widget,
                                      GtkSystemSetting  setting)
{
  GTK_WIDGET_CLASS (sp_wrap_label_parent_class)->system_setting_changed (widget, setting);
  drop_layout (SP_WRAP_LABEL (widget));
}

static void
sp_wrap_label_finalize (GObject *object)
{
  SpWrapLabel *self = (SpWrapLabel *)object;

  g_clear_object (&self->layout);
  forget_font (self);
  g_free (self->text);

  G_OBJECT_CLASS (sp_wrap_label_parent_class)->finalize (object);
}

static void
sp_wrap_label_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SpWrapLabel *self = SP_WRAP_LABEL (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;

    case PROP_LINES:
      g_value_set_uint (value, self->lines);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_wrap_label_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  SpWrapLabel *self = SP_WRAP_LABEL (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      sp_wrap_label_set_text (self, g_value_get_string (value));
      break;

    case PROP_LINES:
      sp_wrap_label_set_lines (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sp_wrap_label_class_init (SpWrapLabelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = sp_wrap_label_finalize;
  object_class->get_property = sp_wrap_label_get_property;
  object_class->set_property = sp_wrap_label_set_property;

  widget_class->get_request_mode = sp_wrap_label_get_request_mode;
  widget_class->measure = sp_wrap_label_measure;
  widget_class->snapshot = sp_wrap_label_snapshot;
  widget_class->css_changed = sp_wrap_label_css_changed;
  widget_class->direction_changed = sp_wrap_label_direction_changed;
  widget_class->system_setting_changed = sp_wrap_label_system_setting_changed;

  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LINES] =
    g_param_spec_uint ("lines", NULL, NULL, 1, G_MAXINT, 1,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* "label" like GtkLabel: the theme styles it as one. */
  gtk_widget_class_set_css_name (widget_class, "label");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
sp_wrap_label_init (SpWrapLabel *self)
{
  self->lines = 1;
  self->text = g_strdup ("");
}

GtkWidget *
sp_wrap_label_new (void)
{
  return g_object_new (SP_TYPE_WRAP_LABEL, NULL);
}

const char *
sp_wrap_label_get_text (SpWrapLabel *self)
{
  g_return_val_if_fail (SP_IS_WRAP_LABEL (self), NULL);
  return self->text;
}

void
sp_wrap_label_set_text (SpWrapLabel *self,
                        const char  *text)
{
  g_return_if_fail (SP_IS_WRAP_LABEL (self));

  if (text == NULL)
    text = "";
  if (g_str_equal (text, self->text))
    return;

  g_free (self->text);
  self->text = g_strdup (text);
  self->n_chars = g_utf8_strlen (text, -1);
  /* Laid out again only when needed: maybe never, see fills_all_lines(). */
  g_clear_object (&self->layout);

  /* Screen readers read the text as the label's name, as a GtkLabel's. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                  -1);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

guint
sp_wrap_label_get_lines (SpWrapLabel *self)
{
  g_return_val_if_fail (SP_IS_WRAP_LABEL (self), 0);
  return self->lines;
}

void
sp_wrap_label_set_lines (SpWrapLabel *self,
                         guint        lines)
{
  g_return_if_fail (SP_IS_WRAP_LABEL (self));
  g_return_if_fail (lines >= 1);

  if (self->lines == lines)
    return;

  self->lines = lines;
  if (self->layout != NULL)
    pango_layout_set_height (self->layout, -(int) lines);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINES]);
}
