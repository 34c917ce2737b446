#!/bin/sh
# socket-playground --check-lesson, as a teacher runs it before class: no
# display and no session bus needed, exit status 0 when every file is good,
# 1 when any is bad (2 for no file at all), one "FILE:LINE:COLUMN: what"
# line per bad file, in the words the app shows.
#
# usage: check-lesson-cli.sh path/to/socket-playground SRCDIR
set -u
app=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$2" && pwd)
status=0
n=0

# No display, no bus: the check must not need either.
unset DISPLAY WAYLAND_DISPLAY DBUS_SESSION_BUS_ADDRESS
export LC_ALL=C.UTF-8
unset LANGUAGE

ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; status=1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# The examples pass, each said to be fine.
"$app" --check-lesson "$src"/data/lessons/examples/*.splesson >"$tmp/out" 2>"$tmp/err"
code=$?
if [ $code -eq 0 ] && [ ! -s "$tmp/err" ] &&
   [ "$(grep -c 'is fine' "$tmp/out")" -eq "$(ls "$src"/data/lessons/examples/*.splesson | wc -l)" ]; then
  ok "examples pass"
else
  not_ok "examples pass (exit $code)"; cat "$tmp/out" "$tmp/err" | sed 's/^/# /'
fi

# Every malformed file: exit 1 and exactly the expected message.
cd "$src/tests/lessons-malformed" || exit 1
for file in *.splesson; do
  "$app" --check-lesson "$file" >"$tmp/out" 2>"$tmp/err"
  code=$?
  if [ $code -eq 1 ] && [ ! -s "$tmp/out" ] && cmp -s "$tmp/err" "${file%.splesson}.expected"; then
    ok "$file refused"
  else
    not_ok "$file refused (exit $code)"
    sed 's/^/# got:      /' "$tmp/err"
    sed 's/^/# expected: /' "${file%.splesson}.expected"
  fi
done

# Good and bad together: every file is checked, the bad one fails it all.
"$app" --check-lesson "$src"/data/lessons/examples/answer-time.splesson bad-check.splesson \
  >"$tmp/out" 2>"$tmp/err"
code=$?
if [ $code -eq 1 ] && grep -q 'is fine' "$tmp/out" && cmp -s "$tmp/err" bad-check.expected; then
  ok "good and bad together"
else
  not_ok "good and bad together (exit $code)"
fi

# A file that is not there.
"$app" --check-lesson no-such-file.splesson >"$tmp/out" 2>"$tmp/err"
code=$?
if [ $code -eq 1 ] && grep -q '^no-such-file.splesson: could not read the file: ' "$tmp/err"; then
  ok "missing file"
else
  not_ok "missing file (exit $code)"; sed 's/^/# /' "$tmp/err"
fi

# Nothing to check is a usage error.
"$app" --check-lesson >"$tmp/out" 2>"$tmp/err"
code=$?
if [ $code -eq 2 ] && grep -q 'needs one or more lesson files' "$tmp/err"; then
  ok "no file"
else
  not_ok "no file (exit $code)"
fi

echo "1..$n"
exit $status
