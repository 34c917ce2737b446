#!/bin/bash
# Socket Playground quick start for Debian 12 (run as root, or with sudo).
#
#   build-aux/quickstart.sh run    install build dependencies, build, launch
#   build-aux/quickstart.sh test   install build and test dependencies, build
#                                  with warnings as errors, run every test
#                                  suite, the core suites under valgrind,
#                                  then everything again under ASan + UBSan
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

cd "$(dirname "$0")/.."
top=$PWD

test_deps=(
  xvfb xauth dbus dbus-x11 at-spi2-core xdotool
  python3 python3-gi python3-pyatspi gir1.2-atspi-2.0
  imagemagick iproute2 util-linux
  clang libclang-rt-14-dev tshark flatpak-builder valgrind
)

# shellcheck source=build-aux/install-deps.sh
. "$top/build-aux/install-deps.sh"   # also gives build_deps

configure() {
  local dir=$1; shift
  if [ -f "$dir/build.ninja" ]; then
    meson configure "$dir" "$@" >/dev/null
  else
    meson setup "$dir" "$@"
  fi
}

case "${1:-}" in
  run)
    install_deps "${build_deps[@]}"
    # Installed into a private prefix, so translations, icons and the
    # GSettings schema are found exactly as in a real installation.
    configure _build --prefix="$top/_install"
    meson install -C _build --quiet
    export XDG_DATA_DIRS="$top/_install/share:${XDG_DATA_DIRS:-/usr/local/share:/usr/share}"
    export GSETTINGS_SCHEMA_DIR="$top/_install/share/glib-2.0/schemas"
    exec "$top/_install/bin/socket-playground"
    ;;

  test)
    install_deps "${build_deps[@]}" "${test_deps[@]}"
    configure _build-ci --werror --buildtype=debugoptimized
    meson compile -C _build-ci
    meson test -C _build-ci --print-errorlogs

    # The unit and engine suites under valgrind's memcheck: invalid accesses,
    # uninitialised reads and definite leaks fail (tests/valgrind.supp lists
    # the few one-time allocations of glibc and GLib it ignores).
    tests/valgrind.sh _build-ci

    # The same suites under AddressSanitizer and UndefinedBehaviorSanitizer
    # (tests/meson.build turns leak checking off for the GTK suites only).
    configure _build-asan --werror --buildtype=debug -Db_sanitize=address,undefined -Db_lundef=false
    meson compile -C _build-asan
    UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 meson test -C _build-asan --print-errorlogs

    # The libFuzzer targets, a bounded run each from the committed corpora.
    CC=clang configure _build-fuzz --buildtype=debug -Dfuzzing=true \
      -Db_sanitize=address,undefined -Db_lundef=false
    meson compile -C _build-fuzz
    meson test -C _build-fuzz --print-errorlogs --suite fuzz
    tests/fuzz/run.sh _build-fuzz "${SP_FUZZ_SECONDS:-30}"

    # One closing line over every run (meson stops above on any failure).
    # (meson names the valgrind run's log after its wrapper: valgrind-env.json.)
    python3 - _build-ci/meson-logs/testlog.json _build-ci/meson-logs/valgrind-env.json \
      _build-asan/meson-logs/testlog.json _build-fuzz/meson-logs/testlog.json <<'PY'
import json, sys
passed = failed = skipped = 0
for path in sys.argv[1:]:
    with open(path) as log:
        for line in log:
            result = json.loads(line)['result']
            if result == 'OK':
                passed += 1
            elif result == 'SKIP':
                skipped += 1
            else:
                failed += 1
print(f'{passed} passed, {failed} failed, {skipped} skipped')
PY
    ;;

  *)
    echo "usage: $0 run|test" >&2
    exit 2
    ;;
esac
