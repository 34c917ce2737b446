/* test-release-notes.c: the About window's release notes, read from the
 * metainfo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include <glib/gi18n-lib.h>

#include "sp-release-notes.h"

static const char sample[] =
  "<?xml version='1.0' encoding='UTF-8'?>\n"
  "<component type='desktop-application'>\n"
  "  <description><p>Not a release note.</p></description>\n"
  "  <releases>\n"
  "    <release version='2.0' date='2027-01-01'>\n"
  "      <description>\n"
  "        <p>Faster  hex\n          views &amp; a <em>new</em> <code>--version</code>.</p>\n"
  "        <p xml:lang='de'>Schnellere Hex-Ansichten.</p>\n"
  "        <ol>\n"
  "          <li>One &lt;two&gt;</li>\n"
  "          <li xml:lang='de'>Eins</li>\n"
  "        </ol>\n"
  "      </description>\n"
  "    </release>\n"
  "    <release version='1.0' date='2026-01-01'>\n"
  "      <description><p>Older.</p></description>\n"
  "    </release>\n"
  "  </releases>\n"
  "</component>\n";

/* The first release only, one language's lines, white space as itstool
 * writes message ids, markup kept and text escaped. */
static void
test_newest (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL;
  g_autofree char *notes = NULL;

  g_assert_true (sp_release_notes_read (sample, -1, &version, &notes, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (version, ==, "2.0");
  g_assert_cmpstr (notes, ==,
                   "<p>Faster hex views &amp; a <em>new</em> <code>--version</code>.</p>"
                   "<ol><li>One &lt;two&gt;</li></ol>");
}

static void
test_bad (void)
{
  const char *bad[] = {
    "<component><releases><release version='1'/></releases></component>",
    "<component><description><p>No releases.</p></description></component>",
    "<component><releases><release version='1'><description>",
    "not xml",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *notes = NULL;

      g_assert_false (sp_release_notes_read (bad[i], -1, NULL, &notes, &error));
      g_assert_nonnull (error);
      g_assert_null (notes);
    }
}

/* The app's own metainfo, in English and through the catalogue in
 * Chinese (the metainfo's xml:lang copies come from the same po file). */
static void
test_metainfo (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data",
                                                 "io.github.sockplay.SocketPlayground.metainfo.xml.in.in", NULL);
  g_autofree char *locale_dir = g_test_build_filename (G_TEST_BUILT, "..", "po", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *version = NULL;
  g_autofree char *notes = NULL;
  g_autofree char *zh_notes = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &data, &length, &error));
  g_assert_no_error (error);

  g_assert_true (sp_release_notes_read (data, length, &version, &notes, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (version, ==, PACKAGE_VERSION);
  g_assert_true (g_str_has_prefix (notes, "<p>The first release of Socket Playground.</p><ul><li>"));

  bindtextdomain (GETTEXT_PACKAGE, locale_dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  g_assert_nonnull (setlocale (LC_ALL, "C.UTF-8"));
  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  g_assert_true (sp_release_notes_read (data, length, NULL, &zh_notes, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (zh_notes, "<p>套接字演练场的首个版本。</p><ul><li>"));
  g_assert_nonnull (strstr (zh_notes, "<li>以十六进制显示每一次发送和接收</li>"));
  g_unsetenv ("LANGUAGE");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/release-notes/newest", test_newest);
  g_test_add_func ("/release-notes/bad", test_bad);
  g_test_add_func ("/release-notes/metainfo", test_metainfo);

  return g_test_run ();
}
