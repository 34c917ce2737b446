#!/bin/sh
# Runs a UI test under its own X server and D-Bus session when there is no
# display (CI), with private runtime and cache directories.
set -e

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_RUNTIME_DIR="$tmp/runtime" XDG_CACHE_HOME="$tmp/cache" XDG_CONFIG_HOME="$tmp/config"
mkdir -p "$XDG_RUNTIME_DIR" "$XDG_CACHE_HOME" "$XDG_CONFIG_HOME"
chmod 700 "$XDG_RUNTIME_DIR"
export GSK_RENDERER=cairo GDK_BACKEND=x11
unset NO_AT_BRIDGE

if [ -n "$DISPLAY" ] && [ -z "$SP_FORCE_XVFB" ]; then
  exec dbus-run-session -- "$@"
fi
exec xvfb-run -a -s "-screen 0 1366x768x24" dbus-run-session -- "$@"
