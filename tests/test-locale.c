/* test-locale.c: the language chosen in Preferences works under any system
 * locale, LANG=C included
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include <glib/gi18n-lib.h>

#include "sp-locale.h"

/* The system's locale is "C" (LANG=C, nothing else set), where glibc's
 * gettext ignores LANGUAGE. */
static void
set_system_locale_c (void)
{
  g_unsetenv ("LC_ALL");
  g_unsetenv ("LC_MESSAGES");
  g_unsetenv ("LANGUAGE");
  g_setenv ("LANG", "C", TRUE);
}

static void
test_system (void)
{
  set_system_locale_c ();

  g_assert_cmpstr (sp_locale_apply_language (""), ==, "C");
  g_assert_null (g_getenv ("LANGUAGE"));
  g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "Start"), ==, "Start");

  g_assert_cmpstr (sp_locale_apply_language (NULL), ==, "C");
  g_assert_null (g_getenv ("LANGUAGE"));
}

static void
test_chinese_under_c (void)
{
  const char *locale;

  set_system_locale_c ();

  locale = sp_locale_apply_language ("zh_CN");
  g_test_message ("locale for zh_CN under LANG=C: %s", locale);
  /* zh_CN.UTF-8 where it is installed, else C.UTF-8: both UTF-8, both
   * honour LANGUAGE. */
  g_assert_true (g_str_equal (locale, "zh_CN.UTF-8") || g_str_equal (locale, "C.UTF-8"));
  g_assert_cmpstr (g_getenv ("LANGUAGE"), ==, "zh_CN");
  g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "Start"), ==, "启动");
}

/* English is the untranslated text: it shows under a Chinese system too. */
static void
test_english_under_chinese (void)
{
  set_system_locale_c ();
  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "Start"), ==, "启动");

  sp_locale_apply_language ("en");
  g_assert_cmpstr (g_getenv ("LANGUAGE"), ==, "en");
  g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "Start"), ==, "Start");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *locale_dir = NULL;

  g_test_init (&argc, &argv, NULL);

  /* The build's own compiled catalogue, as po/<lang>/LC_MESSAGES/. */
  locale_dir = g_test_build_filename (G_TEST_BUILT, "..", "po", NULL);
  bindtextdomain (GETTEXT_PACKAGE, locale_dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  g_test_add_func ("/locale/system", test_system);
  g_test_add_func ("/locale/chinese-under-c", test_chinese_under_c);
  g_test_add_func ("/locale/english-under-chinese", test_english_under_chinese);

  return g_test_run ();
}
