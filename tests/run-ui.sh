#!/bin/sh
# Runs a UI test under its own X server and D-Bus session when there is no
# display (CI), with private runtime and cache directories.
#
# Xvfb picks a free display itself (-displayfd) and reports it once it is
# ready, so back-to-back tests never race for the same display number.
set -e

# Lessons use fixed ports: a namespace of its own keeps them free.
if [ -z "$SP_IN_NETNS" ]; then
  exec "$(dirname "$0")/run-netns.sh" "$0" "$@"
fi

tmp=$(mktemp -d)
xvfb_pid=
cleanup() {
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null && wait "$xvfb_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

export XDG_RUNTIME_DIR="$tmp/runtime" XDG_CACHE_HOME="$tmp/cache" XDG_CONFIG_HOME="$tmp/config"
# The lessons folder ("My lessons") is made and read there, not in $HOME.
export XDG_DATA_HOME="$tmp/data"
mkdir -p "$XDG_RUNTIME_DIR" "$XDG_CACHE_HOME" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME"
chmod 700 "$XDG_RUNTIME_DIR"
export GSK_RENDERER=cairo GDK_BACKEND=x11
unset NO_AT_BRIDGE

if [ -z "$DISPLAY" ] || [ -n "$SP_FORCE_XVFB" ]; then
  # In a network namespace of our own, the abstract socket is private to
  # it; without the shared /tmp/.X11-unix one, tests never meet.
  extra=
  [ -n "$SP_IN_NETNS" ] && extra="-nolisten unix"
  Xvfb -displayfd 3 -screen 0 1366x768x24 -nolisten tcp $extra 3>"$tmp/display" 2>"$tmp/xvfb.log" &
  xvfb_pid=$!
  i=0
  while [ ! -s "$tmp/display" ]; do
    i=$((i + 1))
    if [ $i -gt 200 ] || ! kill -0 "$xvfb_pid" 2>/dev/null; then
      echo "Xvfb did not start:" >&2
      cat "$tmp/xvfb.log" >&2
      exit 1
    fi
    sleep 0.05
  done
  DISPLAY=:$(cat "$tmp/display")
  export DISPLAY
fi

status=0
# The services D-Bus starts (the AT-SPI registry says hello on stdout) write
# to stderr; only the test writes TAP to stdout, through fd 4. G_DEBUG's
# fatal-warnings is for our code: the AT-SPI registry warns (and would
# die) when the X server is slow to take its connection on a busy machine.
exec 4>&1
test_g_debug=${G_DEBUG-}
env -u G_DEBUG dbus-run-session -- \
  sh -c 'G_DEBUG=$0; export G_DEBUG; exec "$@" >&4 4>&-' "$test_g_debug" "$@" >&2 || status=$?
if [ $status -ne 0 ] && [ -s "$tmp/xvfb.log" ]; then
  echo "--- Xvfb (display $DISPLAY) said:" >&2
  cat "$tmp/xvfb.log" >&2
fi
exit $status
