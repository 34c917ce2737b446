/* sp-release-notes.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sp-release-notes.h"

typedef struct {
  gboolean  in_releases;
  gboolean  in_release;
  gboolean  done;          /* past the first release */
  guint     skip;          /* depth inside an element in another language */
  char     *version;
  GString  *notes;         /* NULL until the release's <description> */
  GString  *block;         /* the <p> or <li> being read */
} Reader;

static gboolean
is_block (const char *name)
{
  return g_str_equal (name, "p") || g_str_equal (name, "li");
}

static gboolean
is_list (const char *name)
{
  return g_str_equal (name, "ul") || g_str_equal (name, "ol");
}

static gboolean
is_inline (const char *name)
{
  return g_str_equal (name, "em") || g_str_equal (name, "code");
}

static void
start_element (GMarkupParseContext  *context,
               const char           *name,
               const char          **attribute_names,
               const char          **attribute_values,
               gpointer              user_data,
               GError              **error)
{
  Reader *r = user_data;

  if (r->done)
    return;

  if (r->skip > 0 || (r->notes != NULL && g_strv_contains (attribute_names, "xml:lang")))
    {
      r->skip++;
      return;
    }

  if (g_str_equal (name, "releases"))
    r->in_releases = TRUE;
  else if (r->in_releases && !r->in_release && g_str_equal (name, "release"))
    {
      r->in_release = TRUE;
      for (guint i = 0; attribute_names[i]; i++)
        if (g_str_equal (attribute_names[i], "version"))
          r->version = g_strdup (attribute_values[i]);
    }
  else if (r->in_release && r->notes == NULL && g_str_equal (name, "description"))
    r->notes = g_string_new (NULL);
  else if (r->notes != NULL && r->block == NULL && is_block (name))
    r->block = g_string_new (NULL);
  else if (r->notes != NULL && r->block == NULL && is_list (name))
    g_string_append_printf (r->notes, "<%s>", name);
  else if (r->block != NULL && is_inline (name))
    g_string_append_printf (r->block, "<%s>", name);
}

/* As itstool writes the message ids: runs of white space made one space. */
static char *
collapse_spaces (const char *text)
{
  g_auto(GStrv) words = g_strsplit_set (text, " \t\r\n", -1);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; words[i]; i++)
    if (*words[i] != '\0')
      g_string_append_printf (out, "%s%s", out->len ? " " : "", words[i]);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
end_element (GMarkupParseContext  *context,
             const char           *name,
             gpointer              user_data,
             GError              **error)
{
  Reader *r = user_data;

  if (r->done)
    return;

  if (r->skip > 0)
    r->skip--;
  else if (g_str_equal (name, "release") && r->in_release)
    r->done = TRUE;
  else if (r->block != NULL && is_block (name))
    {
      g_autofree char *msgid = collapse_spaces (r->block->str);

      g_string_append_printf (r->notes, "<%s>%s</%s>", name,
                              *msgid ? g_dgettext (GETTEXT_PACKAGE, msgid) : "", name);
      g_string_free (g_steal_pointer (&r->block), TRUE);
    }
  else if (r->block != NULL && is_inline (name))
    g_string_append_printf (r->block, "</%s>", name);
  else if (r->notes != NULL && r->block == NULL && is_list (name))
    g_string_append_printf (r->notes, "</%s>", name);
}

static void
text (GMarkupParseContext  *context,
      const char           *text,
      gsize                 length,
      gpointer              user_data,
      GError              **error)
{
  Reader *r = user_data;
  g_autofree char *escaped = NULL;

  if (r->done || r->skip > 0 || r->block == NULL)
    return;

  escaped = g_markup_escape_text (text, length);
  g_string_append (r->block, escaped);
}

gboolean
sp_release_notes_read (const char  *data,
                       gssize       length,
                       char       **version,
                       char       **notes,
                       GError     **error)
{
  static const GMarkupParser parser = {
    .start_element = start_element,
    .end_element = end_element,
    .text = text,
  };
  Reader r = { 0 };
  g_autoptr(GMarkupParseContext) context = g_markup_parse_context_new (&parser, 0, &r, NULL);
  gboolean ok;

  g_return_val_if_fail (data != NULL, FALSE);

  ok = g_markup_parse_context_parse (context, data, length, error) &&
       g_markup_parse_context_end_parse (context, error);

  if (ok && (r.notes == NULL || r.notes->len == 0))
    {
      g_set_error_literal (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                           _("The metainfo has no release with a description"));
      ok = FALSE;
    }

  if (ok)
    {
      if (version != NULL)
        *version = g_steal_pointer (&r.version);
      if (notes != NULL)
        *notes = g_string_free (g_steal_pointer (&r.notes), FALSE);
    }

  g_free (r.version);
  if (r.notes != NULL)
    g_string_free (r.notes, TRUE);
  if (r.block != NULL)
    g_string_free (r.block, TRUE);

  return ok;
}
