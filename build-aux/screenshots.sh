#!/bin/bash
# Regenerates data/screenshots/*.png from the real app under Xvfb, in English
# and Simplified Chinese, light and dark: one command, run as root (or with
# sudo) on Debian 12. Installs what it needs first.
#
# Each PNG is a window capture as Flathub asks for (the window with its
# rounded corners and shadow on a transparent background, no desktop around
# it): build-aux/screenshots.py runs a compositing window manager on the
# Xvfb screen and reads the window's ARGB pixels from the compositor.
# tests/check-flatpak.sh checks the results.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
cd "$(dirname "$0")/.."
top=$PWD

. "$top/build-aux/install-deps.sh"   # gives build_deps
deps=(
  "${build_deps[@]}"
  xvfb xauth dbus dbus-x11 at-spi2-core
  python3 python3-gi python3-pyatspi gir1.2-atspi-2.0 python3-xlib
  xfwm4 imagemagick iproute2 util-linux
)
install_deps "${deps[@]}"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

meson setup "$tmp/build" --prefix="$tmp/prefix" >/dev/null
meson install -C "$tmp/build" --quiet >/dev/null

# A fixed window size and a fresh, private settings store. Each language
# runs in its own network namespace, so port 8081 is free (no TIME_WAIT
# left over from the previous run). The screen is bigger than the window,
# so the window manager never shrinks it.
mkdir -p "$tmp/config/glib-2.0/settings" data/screenshots
for run in en zh_CN en:dark zh_CN:dark; do
  lang=${run%%:*}
  style=light
  [ "$run" != "$lang" ] && style=dark
  cat > "$tmp/config/glib-2.0/settings/keyfile" <<KEYFILE
[io/github/sockplay/SocketPlayground]
window-width=1366
window-height=740
style='$style'
KEYFILE
  XDG_CONFIG_HOME="$tmp/config" XDG_DATA_DIRS="$tmp/prefix/share:/usr/share" \
  GSETTINGS_BACKEND=keyfile GSETTINGS_SCHEMA_DIR="$tmp/prefix/share/glib-2.0/schemas" \
  GSK_RENDERER=cairo GDK_BACKEND=x11 XDG_RUNTIME_DIR="$tmp" \
  SHOT_ARGS="$tmp/prefix $top/data/screenshots $lang $style" \
    unshare --net sh -c 'ip link set lo up && exec xvfb-run -a -s "-screen 0 1920x1080x24" \
      dbus-run-session -- /usr/bin/python3 build-aux/screenshots.py $SHOT_ARGS'
done
ls -l data/screenshots
