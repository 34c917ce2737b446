#!/bin/sh
# Fails when a catalogue has untranslated or fuzzy messages, or when a source
# file with translatable strings is missing from po/POTFILES.in.
#
# usage: check-po.sh SRCDIR
set -eu
src=${1:-.}
status=0

for lang in $(sed -e 's/#.*//' "$src/po/LINGUAS"); do
  stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$src/po/$lang.po" 2>&1)
  case "$stats" in
    *untranslated*|*fuzzy*)
      echo "not ok: po/$lang.po is incomplete: $stats"
      status=1 ;;
    *) echo "ok: po/$lang.po: $stats" ;;
  esac
done

cd "$src"
for f in $(grep -l -E '(^|[^a-zA-Z_])(_|N_|C_|NC_|g_dngettext) ?\(|translatable="yes"' \
             app/core/*.c app/ui/*.c ui/*.ui ui/gtk/*.ui data/lessons/*.xml 2>/dev/null); do
  if ! grep -qx "$f" po/POTFILES.in; then
    echo "not ok: $f has translatable strings but is not in po/POTFILES.in"
    status=1
  fi
done

# Lesson texts are all translatable.
for f in data/lessons/*.xml; do
  [ -e "$f" ] || continue
  if ! grep -qx "$f" po/POTFILES.in; then
    echo "not ok: lesson $f is not in po/POTFILES.in"
    status=1
  fi
done
exit $status
