#!/bin/sh
# What CI can check of the Flatpak without fetching the GNOME runtime: the
# manifest parses and asks for no more than it should, and the build and
# install steps it runs (meson, prefix /app, its config-opts) put every file
# where the manifest and the desktop file expect it.
#
# usage: check-flatpak.sh SRCDIR
set -eu
src=$(cd "${1:-.}" && pwd)
id=io.github.sockplay.SocketPlayground
manifest="$src/flatpak/$id.json"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if command -v flatpak-builder >/dev/null 2>&1; then
  (cd "$tmp" && flatpak-builder --show-manifest "$manifest" >/dev/null)
  echo "ok: flatpak-builder parses the manifest"
else
  echo "skip: flatpak-builder is not installed"
fi

# finish-args: network, display and GPU only; files go through portals.
python3 - "$manifest" "$tmp/opts" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
want = ['--share=network', '--socket=wayland', '--socket=fallback-x11', '--device=dri', '--share=ipc']
assert sorted(m['finish-args']) == sorted(want), m['finish-args']
assert not any(a.startswith('--filesystem') for a in m['finish-args'])
assert m['command'] == 'socket-playground'
module = m['modules'][-1]
assert module['buildsystem'] == 'meson'
open(sys.argv[2], 'w').write('\n'.join(module.get('config-opts', [])))
print('ok: finish-args and command')
PY
opts=$(cat "$tmp/opts")

# The module's build, as flatpak-builder runs it.
# shellcheck disable=SC2086
meson setup "$tmp/build" "$src" --prefix=/app $opts >/dev/null
meson compile -C "$tmp/build" >/dev/null
DESTDIR="$tmp/stage" meson install -C "$tmp/build" --no-rebuild >/dev/null
app="$tmp/stage/app"

for f in \
  bin/socket-playground \
  share/applications/$id.desktop \
  share/metainfo/$id.metainfo.xml \
  share/icons/hicolor/scalable/apps/$id.svg \
  share/icons/hicolor/symbolic/apps/$id-symbolic.svg \
  share/glib-2.0/schemas/$id.gschema.xml \
  share/mime/packages/$id.xml \
  share/locale/zh_CN/LC_MESSAGES/socket-playground.mo
do
  [ -e "$app/$f" ] || { echo "not ok: /app/$f is missing"; exit 1; }
done
echo "ok: every installed file is in place"

grep -q "^Exec=socket-playground" "$app/share/applications/$id.desktop"
grep -q "^Icon=$id$" "$app/share/applications/$id.desktop"
grep -q "<launchable type=\"desktop-id\">$id.desktop</launchable>" "$app/share/metainfo/$id.metainfo.xml"
echo "ok: desktop file and metainfo point at the installed binary and icon"
