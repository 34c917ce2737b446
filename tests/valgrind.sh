#!/bin/sh
# Runs the core tests (the unit and engine suites, without the network
# namespace wrappers) under valgrind's memcheck: any invalid access, use of
# uninitialised memory or definite leak fails the run. ASan covers the same
# tests in CI; valgrind also sees what ASan's instrumentation cannot, e.g.
# uninitialised reads and leaks in the uninstrumented libraries' paths.
#
# usage: tests/valgrind.sh BUILDDIR [TEST...]
# BUILDDIR is a normal (not sanitized) build, e.g. _build-ci.
set -eu

if [ $# -lt 1 ]; then
  echo "usage: $0 BUILDDIR [TEST...]" >&2
  exit 2
fi
builddir=$1
shift
here=$(cd "$(dirname "$0")" && pwd)

if [ $# -gt 0 ]; then
  tests="$*"
else
  tests="hex text-codec net-input event-log framing pcapng relay-lanes session-file lesson-file locale release-notes
         tcp-state reply-rules capture endpoint endpoint-replies export hostile kernel-monitor localhost closed-pane
         load lessons relay relay-udp send-job socket-watch"
fi

# gc-friendly: GLib clears freed pointers, so a leaked block is not hidden by
# a stale reference. The tests' own G_DEBUG (fatal-warnings) is kept.
# SP_LOAD_CLIENTS: the load test with fewer clients; everything is ~20x
# slower under valgrind, and the full 1,000 run under ASan anyway.
# SP_RELAY_BYTES: the relay's bulk test at 16 MiB each way instead of 64.
wrapper="env G_SLICE=always-malloc G_DEBUG=fatal-warnings,gc-friendly SP_LOAD_CLIENTS=${SP_LOAD_CLIENTS:-200} SP_RELAY_BYTES=16777216 SP_UNDER_VALGRIND=1
  valgrind --tool=memcheck --error-exitcode=1 --leak-check=full
  --errors-for-leak-kinds=definite --show-leak-kinds=definite
  --track-origins=yes --num-callers=30
  --suppressions=$here/valgrind.supp --gen-suppressions=all"

# shellcheck disable=SC2086 # $tests and $wrapper are word lists
# --logbase: the build's own testlog.json stays that of the plain run.
meson test -C "$builddir" --print-errorlogs --num-processes 2 --logbase valgrind \
  --timeout-multiplier 10 --wrapper "$(echo $wrapper)" $tests
