/* sp-lesson-reader.c: the lesson file format (data/lessons/README.md)
 *
 * A file is read whole or refused whole: every element, attribute, setup
 * command and check is checked here, so a lesson that loads can always be
 * shown and run. Every refusal says where (line and column, counted as
 * GMarkup counts them: from 1, in characters; sp-lesson-source.c finds
 * them) and what was expected.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sp-lesson-check.h"
#include "sp-lesson-private.h"
#include "sp-lesson-source.h"
#include "sp-setup-runner.h"
#include "sp-user-text.h"

#define MAX_ID_LENGTH 64
#define MAX_ORDER     9999
#define MAX_MESSAGE   200   /* characters of a message GMarkup wrote */
#define MAX_QUOTED    40    /* characters of a value a message quotes */

typedef SpLessonPos Pos;

typedef struct {
  const char *name;        /* GMarkup's, valid while the element is open */
  Pos         start;       /* its '<' */
  gsize       text_start;  /* offset of what follows its start tag */
  gboolean    empty;       /* <name/> */
  char       *lang;        /* xml:lang, its own or inherited; "" if none */
} Open;

typedef struct {
  GMarkupParseContext *context;
  SpLesson            *lesson;
  SpLessonSource       src;
  GArray              *open;       /* of Open, innermost last */
  GString             *text;
  gboolean             seen_lesson;
  SpLessonHelp         show_hint;  /* the lesson's defaults for its steps */
  SpLessonHelp         show_setup;
  SpLessonText        *last_p;     /* the <p> just read, for its translations */
  GHashTable          *step_ids;
  GPtrArray           *setup;      /* of the step being read */
  GPtrArray           *checks;
  gboolean             seen_setup;
  gboolean             failed;     /* GMarkup may still end an element */
  GPtrArray           *quoted;     /* values as messages show them */
} Reader;

static void
open_clear (gpointer data)
{
  g_free (((Open *) data)->lang);
}

static gboolean
fail_at (GError     **error,
         Pos          pos,
         const char  *format,
         ...) G_GNUC_PRINTF (3, 4);

static gboolean
fail_at (GError     **error,
         Pos          pos,
         const char  *format,
         ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, SP_LESSON_ERROR, SP_LESSON_ERROR_INVALID, "%d:%d: %s", pos.line, pos.col, message);
  return FALSE;
}

/* An attribute's value as a message quotes it (values may hold line
 * breaks, or be a megabyte long). Owned by @r. */
static const char *
quote (Reader     *r,
       const char *value)
{
  char *shown = sp_lesson_one_line (value, MAX_QUOTED);

  g_ptr_array_add (r->quoted, shown);
  return shown;
}

/* Attributes ------------------------------------------------------------ */

static const char *
find_attribute (const char  *name,
                const char **names,
                const char **values)
{
  for (guint i = 0; names[i]; i++)
    if (strcmp (names[i], name) == 0)
      return values[i];

  return NULL;
}

static gboolean
valid_id (const char *id)
{
  gsize len = strlen (id);

  if (len == 0 || len > MAX_ID_LENGTH || !g_ascii_isalnum (id[0]))
    return FALSE;

  for (const char *p = id; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.')
      return FALSE;

  return TRUE;
}

/* en, zh, zh_CN, zh-CN, zh-Hant-TW, sr@latin */
static gboolean
valid_lang (const char *lang)
{
  const char *p = lang;
  int n = 0;

  while (g_ascii_isalpha (*p))
    p++, n++;
  if (n < 2 || n > 3)
    return FALSE;

  while (*p == '-' || *p == '_')
    {
      p++;
      n = 0;
      while (g_ascii_isalnum (*p))
        p++, n++;
      if (n < 2 || n > 8)
        return FALSE;
    }

  if (*p == '@')
    {
      p++;
      n = 0;
      while (g_ascii_isalnum (*p))
        p++, n++;
      if (n == 0)
        return FALSE;
    }

  return *p == '\0';
}

/* Checks every attribute of @element against @allowed (a NULL-terminated
 * list) and the format; @expected says the list in the message. */
static gboolean
check_attributes (Reader             *r,
                  const char         *element,
                  Pos                 pos,
                  const char * const *allowed,
                  const char         *expected,
                  const char        **names,
                  GError            **error)
{
  static const char *since_2[] = { "mode", "show-hint", "show-setup", "xml:lang", NULL };

  for (guint i = 0; names[i]; i++)
    {
      if (!g_strv_contains (allowed, names[i]))
        {
          if (expected == NULL)
            /* TRANSLATORS: %s are an element and an attribute name, keep them as they are */
            return fail_at (error, pos, _("<%s> takes no attributes, but has “%s”"), element, names[i]);
          return fail_at (error, pos,
                          /* TRANSLATORS: <%s> is an element, “%s” an attribute,
                           * the last %s the list of attributes it may have */
                          _("unknown attribute “%s” on <%s>; expected %s"),
                          names[i], element, expected);
        }

      if (r->lesson->format < 2 && g_strv_contains (since_2, names[i]))
        return fail_at (error, pos,
                        /* TRANSLATORS: “%s” is an attribute; keep format="2" and <lesson> as they are */
                        _("“%s” needs format=\"2\" on <lesson> (a file without format is read as format 1)"),
                        names[i]);
    }

  return TRUE;
}

/* The language an element's text is in: its xml:lang, else its parent's. */
static gboolean
element_lang (Reader      *r,
              Pos          pos,
              const char **names,
              const char **values,
              char       **out,
              GError     **error)
{
  const char *lang = find_attribute ("xml:lang", names, values);

  if (lang != NULL && !valid_lang (lang))
    /* TRANSLATORS: keep xml:lang as it is; %s is what the file says */
    return fail_at (error, pos, _("xml:lang=“%s”: expected a language code such as en, zh_CN or zh-CN"), quote (r, lang));

  if (lang == NULL && r->open->len > 1)
    lang = g_array_index (r->open, Open, r->open->len - 2).lang;

  *out = g_strdup (lang ? lang : "");
  return TRUE;
}

/* show-hint and show-setup: @out keeps its value when @names lacks them. */
static gboolean
read_help (Reader       *r,
           Pos           pos,
           const char   *name,
           const char  **names,
           const char  **values,
           SpLessonHelp *out,
           GError      **error)
{
  const char *value = find_attribute (name, names, values);

  if (value == NULL)
    return TRUE;

  if (g_str_equal (value, "always"))
    *out = SP_LESSON_HELP_ALWAYS;
  else if (g_str_equal (value, "after-try"))
    *out = SP_LESSON_HELP_AFTER_TRY;
  else if (g_str_equal (value, "never"))
    *out = SP_LESSON_HELP_NEVER;
  else
    /* TRANSLATORS: %s= is an attribute; keep always, after-try and never as they are */
    return fail_at (error, pos, _("%s=“%s”: expected always, after-try or never"), name, quote (r, value));

  return TRUE;
}

/* The id of a <lesson> or <step>: there, and a name (ids go into
 * progress keys, "lesson/step"). */
static gboolean
read_id (Reader      *r,
         Pos          pos,
         const char  *element,
         const char  *id,
         GError     **error)
{
  if (id == NULL)
    /* TRANSLATORS: <%s> is an element, “%s” an attribute, keep both as they are */
    return fail_at (error, pos, _("<%s> needs the attribute “%s”"), element, "id");
  if (!valid_id (id))
    return fail_at (error, pos,
                    /* TRANSLATORS: keep id= as it is; %s is what the file says */
                    _("id=“%s”: expected up to 64 letters, digits, “-”, “_” or “.”, starting with a letter or digit"),
                    quote (r, id));
  return TRUE;
}

static gboolean
start_lesson (Reader      *r,
              Pos          pos,
              const char **names,
              const char **values,
              GError     **error)
{
  static const char *allowed[] = {
    "id", "group", "order", "format", "mode", "show-hint", "show-setup", "xml:lang", NULL
  };
  SpLesson *lesson = r->lesson;
  const char *format = find_attribute ("format", names, values);
  const char *id = find_attribute ("id", names, values);
  const char *group = find_attribute ("group", names, values);
  const char *order = find_attribute ("order", names, values);
  const char *mode = find_attribute ("mode", names, values);
  guint64 number;

  if (r->seen_lesson)
    return fail_at (error, pos, _("a second <lesson>; a file holds one lesson"));
  r->seen_lesson = TRUE;

  /* The format first: it says which attributes may follow. */
  if (format != NULL)
    {
      if (!sp_user_text_parse_uint (format, 1, G_MAXUINT, &number))
        /* TRANSLATORS: keep format= as it is; %s is what the file says */
        return fail_at (error, pos, _("format=“%s”: expected a whole number such as 2"), quote (r, format));
      if (number > SP_LESSON_FORMAT_VERSION)
        return fail_at (error, pos,
                        /* TRANSLATORS: the first %u is the file's format, the second the newest this version reads */
                        _("this lesson is written in format %u; this version of Socket Playground reads formats 1 to %u, a newer version is needed"),
                        (guint) number, SP_LESSON_FORMAT_VERSION);
      lesson->format = number;
    }

  if (!check_attributes (r, "lesson", pos, allowed,
                         /* TRANSLATORS: attribute names, keep them as they are */
                         _("id, group, order, format, mode, show-hint, show-setup or xml:lang"),
                         names, error))
    return FALSE;

  if (!read_id (r, pos, "lesson", id, error))
    return FALSE;
  lesson->id = g_strdup (id);

  /* Format 1 is the built-in course's, where every lesson has its heading. */
  if (group == NULL && lesson->format < 2)
    return fail_at (error, pos, _("<%s> needs the attribute “%s”"), "lesson", "group");
  if (group != NULL)
    lesson->group = sp_lesson_collapse_space (group, !lesson->built_in);

  if (order != NULL)
    {
      if (!sp_user_text_parse_uint (order, 0, MAX_ORDER, &number))
        /* TRANSLATORS: keep order= as it is; %s is what the file says */
        return fail_at (error, pos, _("order=“%s”: expected a whole number from 0 to 9999"), quote (r, order));
      lesson->order = number;
    }

  if (mode != NULL)
    {
      if (g_str_equal (mode, "tutorial"))
        lesson->mode = SP_LESSON_MODE_TUTORIAL;
      else if (g_str_equal (mode, "exercise"))
        lesson->mode = SP_LESSON_MODE_EXERCISE;
      else
        /* TRANSLATORS: keep mode=, tutorial and exercise as they are */
        return fail_at (error, pos, _("mode=“%s”: expected tutorial or exercise"), quote (r, mode));
    }

  r->show_hint = r->show_setup = lesson->mode == SP_LESSON_MODE_EXERCISE ? SP_LESSON_HELP_AFTER_TRY
                                                                          : SP_LESSON_HELP_ALWAYS;
  if (!read_help (r, pos, "show-hint", names, values, &r->show_hint, error) ||
      !read_help (r, pos, "show-setup", names, values, &r->show_setup, error))
    return FALSE;

  return TRUE;
}

static gboolean
start_step (Reader      *r,
            Pos          pos,
            const char **names,
            const char **values,
            GError     **error)
{
  static const char *allowed[] = { "id", "show-hint", "show-setup", NULL };
  const char *id = find_attribute ("id", names, values);
  SpLessonStep step = { 0 };

  /* TRANSLATORS: attribute names, keep them as they are */
  if (!check_attributes (r, "step", pos, allowed, _("id, show-hint or show-setup"), names, error))
    return FALSE;

  if (!read_id (r, pos, "step", id, error))
    return FALSE;
  if (g_hash_table_contains (r->step_ids, id))
    /* TRANSLATORS: %s is a step's id */
    return fail_at (error, pos, _("a second step with the id “%s”; each step needs its own"), id);

  step.show_hint = r->show_hint;
  step.show_setup = r->show_setup;
  if (!read_help (r, pos, "show-hint", names, values, &step.show_hint, error) ||
      !read_help (r, pos, "show-setup", names, values, &step.show_setup, error))
    return FALSE;

  g_hash_table_add (r->step_ids, g_strdup (id));
  step.id = g_strdup (id);
  step.task = sp_lesson_text_new ();
  g_array_append_val (r->lesson->steps, step);

  r->setup = g_ptr_array_new_null_terminated (4, g_free, TRUE);
  r->checks = g_ptr_array_new_null_terminated (2, g_free, TRUE);
  r->seen_setup = FALSE;
  return TRUE;
}

static SpLessonStep *
current_step (Reader *r)
{
  return &g_array_index (r->lesson->steps, SpLessonStep, r->lesson->steps->len - 1);
}

static gboolean
is_text_element (const char *name)
{
  static const char *texts[] = { "title", "p", "python", "c", "task", "hint", "setup", "check", NULL };

  return g_strv_contains (texts, name);
}

static void
read_start (Reader       *r,
            const char   *element,
            const char  **names,
            const char  **values,
            GError      **error)
{
  static const char *lang_only[] = { "xml:lang", NULL };
  static const char *none[] = { NULL };
  const char *parent = r->open->len > 0 ? g_array_index (r->open, Open, r->open->len - 1).name : NULL;
  gsize at = sp_lesson_source_find_tag (&r->src, element, FALSE);
  Open open = { element, sp_lesson_source_pos (&r->src, at), r->src.scan, FALSE, NULL };
  Open *pushed;

  open.empty = r->src.scan >= 2 && r->src.data[r->src.scan - 2] == '/';
  g_array_append_val (r->open, open);
  pushed = &g_array_index (r->open, Open, r->open->len - 1);
  g_string_truncate (r->text, 0);

  if (parent == NULL)
    {
      if (!g_str_equal (element, "lesson"))
        {
          /* TRANSLATORS: <%s> is the element the file starts with; keep <lesson> as it is */
          fail_at (error, open.start, _("the file must start with <lesson>, not <%s>"), element);
          return;
        }
      if (start_lesson (r, open.start, names, values, error))
        element_lang (r, open.start, names, values, &pushed->lang, error);
      return;
    }

  if (g_str_equal (parent, "lesson"))
    {
      static const char *children[] = { "title", "p", "python", "c", "step", NULL };

      if (!g_strv_contains (children, element))
        {
          /* TRANSLATORS: <%s> is an element; keep the element names as they are */
          fail_at (error, open.start, _("<%s> cannot go inside <lesson>; expected <title>, <p>, <python>, <c> or <step>"),
                   element);
          return;
        }
      if (!g_str_equal (element, "p"))
        r->last_p = NULL;
    }
  else if (g_str_equal (parent, "step"))
    {
      static const char *children[] = { "task", "hint", "setup", "check", NULL };

      if (!g_strv_contains (children, element))
        {
          fail_at (error, open.start, _("<%s> cannot go inside <step>; expected <task>, <hint>, <setup> or <check>"),
                   element);
          return;
        }
    }
  else
    {
      /* TRANSLATORS: both are element names */
      fail_at (error, open.start, _("<%s> cannot go inside <%s>, which holds plain text only"), element, parent);
      return;
    }

  if (g_str_equal (element, "step"))
    {
      if (start_step (r, open.start, names, values, error))
        element_lang (r, open.start, (const char *[]) { NULL }, NULL, &pushed->lang, error);
    }
  else if (g_str_equal (element, "title") || g_str_equal (element, "p") ||
           g_str_equal (element, "python") || g_str_equal (element, "c") ||
           g_str_equal (element, "task") || g_str_equal (element, "hint"))
    {
      if (check_attributes (r, element, open.start, lang_only, "xml:lang", names, error))
        element_lang (r, open.start, names, values, &pushed->lang, error);
    }
  else
    check_attributes (r, element, open.start, none, NULL, names, error);
}

/* Adds one language of a title, task or hint. */
static gboolean
add_single (SpLessonText *text,
            const Open   *open,
            char         *value,
            GError      **error)
{
  if (sp_lesson_text_has (text, open->lang))
    {
      g_free (value);
      if (open->lang[0] == '\0')
        /* TRANSLATORS: <%s> is an element; keep xml:lang as it is */
        return fail_at (error, open->start, _("a second <%s> without xml:lang; give each translation its language"),
                        open->name);
      /* TRANSLATORS: <%s> is an element, %s a language code */
      return fail_at (error, open->start, _("a second <%s> in the language “%s”"), open->name, open->lang);
    }

  sp_lesson_text_add (text, open->lang, value);
  return TRUE;
}

/* Code as written inside <python> or <c>: without the blank lines around
 * it, and without the indentation every line shares, so a block indented
 * to match the XML still copies as a program Python accepts. Built-in
 * code starts at the margin, so this is also how xgettext trims its msgid. */
static char *
dedent_code (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(GString) out = g_string_new (NULL);
  gsize common = G_MAXSIZE;
  const char *first = NULL;

  for (guint i = 0; lines[i]; i++)
    {
      const char *line = lines[i];
      gsize indent = strspn (line, " \t");

      if (line[indent] == '\0' || line[indent] == '\r')
        continue;
      if (first == NULL)
        first = line;
      /* Only the characters every line starts with, tabs and spaces alike. */
      indent = MIN (indent, common == G_MAXSIZE ? indent : common);
      for (gsize k = 0; k < indent; k++)
        if (line[k] != first[k])
          {
            indent = k;
            break;
          }
      common = indent;
    }

  if (first == NULL)
    return g_strdup ("");

  for (guint i = 0; lines[i]; i++)
    {
      const char *line = lines[i];

      if (out->len == 0 && line[strspn (line, " \t\r")] == '\0')
        continue;
      g_string_append (out, strlen (line) >= common ? line + common : "");
      g_string_append_c (out, '\n');
    }

  return g_strchomp (g_string_free (g_steal_pointer (&out), FALSE));
}

static gboolean
end_code (Reader        *r,
          const Open    *open,
          SpLessonText **field,
          GError       **error)
{
  char *code = dedent_code (r->text->str);

  if (*code == '\0')
    {
      g_free (code);
      /* TRANSLATORS: <%s> is an element */
      return fail_at (error, open->start, _("<%s> is empty"), open->name);
    }

  if (*field == NULL)
    *field = sp_lesson_text_new ();
  else if (open->lang[0] == '\0' && sp_lesson_text_has (*field, ""))
    {
      g_free (code);
      /* TRANSLATORS: both are element names */
      return fail_at (error, open->start, _("a second <%s> in this <%s>"), open->name, "lesson");
    }

  return add_single (*field, open, code, error);
}

typedef gboolean (*LineCheck) (const char  *line,
                               GError     **error);

static gboolean
valid_setup (const char  *line,
             GError     **error)
{
  const char *commands[] = { line, NULL };

  /* The runner unescapes with g_strcompress(), which warns at a lone
   * backslash and drops it. */
  if (sp_user_text_ends_in_lone_backslash (line))
    {
      g_set_error (error, SP_LESSON_ERROR, SP_LESSON_ERROR_INVALID,
                   /* TRANSLATORS: %s is a setup command as written */
                   _("setup “%s”: ends in a lone “\\”; write “\\\\” for a backslash"), line);
      return FALSE;
    }

  return sp_setup_validate (commands, error);
}

static gboolean
valid_check (const char  *line,
             GError     **error)
{
  g_autoptr(SpLessonCheck) check = sp_lesson_check_new (line, error);

  return check != NULL;
}

/* Adds @open's lines to @into, each checked by @valid; a bad one is
 * reported at its own line and column. */
static gboolean
add_lines (Reader      *r,
           const Open  *open,
           LineCheck    valid,
           GPtrArray   *into,
           GError     **error)
{
  g_autoptr(GPtrArray) lines = sp_lesson_source_lines (&r->src, open->text_start, r->text->str);

  for (guint i = 0; i < lines->len; i++)
    {
      SpLessonLine *line = lines->pdata[i];
      g_autoptr(GError) local_error = NULL;

      if (!valid (line->text, &local_error))
        return fail_at (error, line->pos, "%s", local_error->message);
      g_ptr_array_add (into, g_strdup (line->text));
    }

  return TRUE;
}

static gboolean
end_setup (Reader      *r,
           const Open  *open,
           GError     **error)
{
  if (r->seen_setup)
    return fail_at (error, open->start, _("a second <%s> in this <%s>"), "setup", "step");
  r->seen_setup = TRUE;

  return add_lines (r, open, valid_setup, r->setup, error);
}

static gboolean
end_check (Reader      *r,
           const Open  *open,
           GError     **error)
{
  guint before = r->checks->len;

  if (!add_lines (r, open, valid_check, r->checks, error))
    return FALSE;
  if (r->checks->len == before)
    return fail_at (error, open->start, _("<%s> is empty"), "check");

  return TRUE;
}

static gboolean
end_step (Reader      *r,
          const Open  *open,
          GError     **error)
{
  SpLessonStep *step = current_step (r);

  step->setup = (char **) g_ptr_array_free (g_steal_pointer (&r->setup), FALSE);
  step->checks = (char **) g_ptr_array_free (g_steal_pointer (&r->checks), FALSE);

  if (((SpLessonText *) step->task)->len == 0)
    /* TRANSLATORS: %s is the step's id; keep <step id=…> and <task> as they are */
    return fail_at (error, open->start, _("<step id=“%s”> has no <task>"), step->id);
  if (step->checks[0] == NULL)
    /* TRANSLATORS: %s is the step's id; keep <step id=…> and <check> as they are */
    return fail_at (error, open->start, _("<step id=“%s”> has no <check>; each step needs at least one"), step->id);

  return TRUE;
}

static gboolean
end_lesson (Reader      *r,
            const Open  *open,
            GError     **error)
{
  if (r->lesson->title == NULL)
    return fail_at (error, open->start, _("<lesson> has no <title>"));
  if (r->lesson->steps->len == 0)
    return fail_at (error, open->start, _("<lesson> has no <step>; a lesson needs at least one"));

  return TRUE;
}

static gboolean
end_text (Reader      *r,
          const Open  *open,
          GError     **error)
{
  SpLesson *lesson = r->lesson;
  char *value = sp_lesson_collapse_space (r->text->str, !lesson->built_in);

  if (*value == '\0')
    {
      g_free (value);
      return fail_at (error, open->start, _("<%s> is empty"), open->name);
    }

  if (g_str_equal (open->name, "title"))
    {
      if (lesson->title == NULL)
        lesson->title = sp_lesson_text_new ();
      return add_single (lesson->title, open, value, error);
    }

  if (g_str_equal (open->name, "task"))
    return add_single (current_step (r)->task, open, value, error);

  if (g_str_equal (open->name, "hint"))
    {
      SpLessonStep *step = current_step (r);

      if (step->hint == NULL)
        step->hint = sp_lesson_text_new ();
      return add_single (step->hint, open, value, error);
    }

  /* <p>: a translation joins the paragraph just before it, unless that one
   * has this language already; then it is a paragraph of its own. */
  if (r->last_p == NULL || sp_lesson_text_has (r->last_p, open->lang))
    {
      r->last_p = sp_lesson_text_new ();
      g_ptr_array_add (lesson->paragraphs, r->last_p);
    }
  sp_lesson_text_add (r->last_p, open->lang, value);
  return TRUE;
}

static void
start_element (GMarkupParseContext  *context,
               const char           *element,
               const char          **names,
               const char          **values,
               gpointer              user_data,
               GError              **error)
{
  Reader *r = user_data;

  /* GMarkup may go on after an error of its own, with the same GError. */
  if (r->failed || *error != NULL)
    return;

  read_start (r, element, names, values, error);
  r->failed = *error != NULL;
}

static void
end_element (GMarkupParseContext  *context,
             const char           *element,
             gpointer              user_data,
             GError              **error)
{
  Reader *r = user_data;
  Open *open;

  /* An empty element (<step/>) ends even when its start was refused, and
   * GMarkup may go on after an error of its own (invalid UTF-8 in CDATA). */
  if (r->failed || *error != NULL)
    return;

  open = &g_array_index (r->open, Open, r->open->len - 1);

  if (!open->empty)
    sp_lesson_source_find_tag (&r->src, element, TRUE);

  if (g_str_equal (element, "lesson"))
    end_lesson (r, open, error);
  else if (g_str_equal (element, "step"))
    end_step (r, open, error);
  else if (g_str_equal (element, "setup"))
    end_setup (r, open, error);
  else if (g_str_equal (element, "check"))
    end_check (r, open, error);
  else if (g_str_equal (element, "python"))
    end_code (r, open, &r->lesson->python, error);
  else if (g_str_equal (element, "c"))
    end_code (r, open, &r->lesson->c, error);
  else
    end_text (r, open, error);

  g_array_set_size (r->open, r->open->len - 1);
  g_string_truncate (r->text, 0);
  r->failed = *error != NULL;
}

static void
text (GMarkupParseContext  *context,
      const char           *text,
      gsize                 len,
      gpointer              user_data,
      GError              **error)
{
  Reader *r = user_data;
  const char *parent = r->open->len > 0 ? g_array_index (r->open, Open, r->open->len - 1).name : NULL;

  if (r->failed || *error != NULL)
    return;

  if (parent != NULL && is_text_element (parent))
    {
      g_string_append_len (r->text, text, len);
      return;
    }

  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isspace (text[i]))
      {
        g_autofree char *chunk = g_strndup (text, len);
        g_autofree char *shown = sp_lesson_one_line (chunk, 30);

        fail_at (error, sp_lesson_source_next_text (&r->src),
                 /* TRANSLATORS: %s is the text; keep <p> as it is */
                 _("text outside an element: “%s”; explanations go in <p>"), shown);
        r->failed = TRUE;
        return;
      }
}

/* GMarkup's own errors begin "Error on line N char M: "; say them as
 * "N:M: …" like the reader's. */
static void
restate_markup_error (Reader  *r,
                      GError **error)
{
  g_autofree char *prefix = NULL;
  g_autofree char *valid = NULL;
  g_autofree char *shown = NULL;
  int line = 0, col = 0;
  const char *message = (*error)->message;
  GError *restated;

  g_markup_parse_context_get_position (r->context, &line, &col);
  prefix = g_strdup_printf (g_dgettext ("glib20", "Error on line %d char %d: "), line, col);
  if (g_str_has_prefix (message, prefix))
    message += strlen (prefix);

  /* GMarkup quotes what it could not read, invalid UTF-8, line breaks and
   * all; a message is one line of text, short enough to read. */
  valid = g_utf8_make_valid (message, -1);
  shown = sp_lesson_one_line (valid, MAX_MESSAGE);
  restated = g_error_new (SP_LESSON_ERROR, SP_LESSON_ERROR_INVALID, "%d:%d: %s", line, col, shown);
  g_clear_error (error);
  *error = restated;
}

static gboolean
check_encoding (Reader  *r,
                GError **error)
{
  const char *end = NULL;

  if (g_utf8_validate_len (r->src.data, r->src.length, &end))
    return TRUE;

  if (*end == '\0')
    return fail_at (error, sp_lesson_source_pos (&r->src, end - r->src.data),
                    _("the file holds a NUL byte; a lesson is a text file"));
  return fail_at (error, sp_lesson_source_pos (&r->src, end - r->src.data),
                  /* TRANSLATORS: %02X is the byte in hex */
                  _("byte %02X is not UTF-8: save the file as UTF-8 (not GBK or another encoding)"),
                  (guint) (guchar) *end);
}

gboolean
sp_lesson_read (SpLesson    *lesson,
                const char  *data,
                gsize        length,
                GError     **error)
{
  static const GMarkupParser parser = { start_element, end_element, text, NULL, NULL };
  g_autoptr(GError) local_error = NULL;
  Reader r = { 0 };
  gboolean ok;

  r.lesson = lesson;
  sp_lesson_source_init (&r.src, data, length);
  r.open = g_array_new (FALSE, TRUE, sizeof (Open));
  g_array_set_clear_func (r.open, open_clear);
  r.text = g_string_new (NULL);
  r.step_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  r.quoted = g_ptr_array_new_with_free_func (g_free);

  r.context = g_markup_parse_context_new (&parser, G_MARKUP_TREAT_CDATA_AS_TEXT, &r, NULL);
  /* UTF-8 first: a file saved as GBK is a teacher's likely slip, and
   * GMarkup goes on reading after invalid UTF-8 in CDATA. */
  ok = check_encoding (&r, &local_error) &&
       g_markup_parse_context_parse (r.context, data, length, &local_error) &&
       g_markup_parse_context_end_parse (r.context, &local_error);

  /* Comments, a DOCTYPE or processing instructions and nothing else. */
  if (ok && !r.seen_lesson)
    ok = fail_at (&local_error, (Pos) { 1, 1 }, _("there is no <lesson> in the file"));

  if (!ok && local_error->domain == G_MARKUP_ERROR)
    restate_markup_error (&r, &local_error);

  g_markup_parse_context_free (r.context);
  sp_lesson_source_clear (&r.src);
  g_array_unref (r.open);
  g_string_free (r.text, TRUE);
  g_hash_table_unref (r.step_ids);
  g_ptr_array_unref (r.quoted);
  g_clear_pointer (&r.setup, g_ptr_array_unref);
  g_clear_pointer (&r.checks, g_ptr_array_unref);

  if (!ok)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}
