#!/bin/sh
# socket-playground --version prints its name and the project's version and
# exits 0, with no display (packagers and bug reports run it anywhere).
#
# usage: check-version.sh PATH/TO/socket-playground VERSION
set -u
app=$1
version=$2

out=$(env -u DISPLAY -u WAYLAND_DISPLAY "$app" --version 2>&1)
status=$?
if [ "$status" -ne 0 ]; then
  echo "not ok: --version exited with $status: $out"
  exit 1
fi
if [ "$out" != "socket-playground $version" ]; then
  echo "not ok: --version printed “$out”, expected “socket-playground $version”"
  exit 1
fi
echo "ok: $out"
