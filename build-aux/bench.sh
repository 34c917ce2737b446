#!/bin/bash
# Runs the benchmarks of BENCHMARKS.md: installs what they need (Debian 12,
# as root or with sudo), builds with --buildtype=release and
# -Dbenchmarks=true into _build-bench, measures every figure beside its
# baseline, the whole set three times (SP_BENCH_RUNS), prints each run, then
# min/median/max of every figure with the verdict on the worst run and the
# table for BENCHMARKS.md, and writes every run into _build-bench/bench.json.
# Not part of CI or `meson test`: figures need a quiet machine.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail

cd "$(dirname "$0")/.."
top=$PWD
build=_build-bench

# shellcheck source=build-aux/install-deps.sh
. "$top/build-aux/install-deps.sh"

deps=(
  "${build_deps[@]}" libx11-dev libxdamage-dev
  xxd xvfb xauth dbus dbus-x11 at-spi2-core xdotool gtk-4-examples
  python3 python3-gi python3-pyatspi gir1.2-atspi-2.0 iproute2 util-linux valgrind
)
# SP_BENCH_PERF=1 also ties figure 4's and 7's longest frame gaps to the
# functions sampled in them (it slows the app, so not by default).
if [ "${SP_BENCH_PERF:-}" = 1 ]; then
  deps+=(linux-perf)
fi

install_deps "${deps[@]}"

if [ -f "$build/build.ninja" ]; then
  meson configure "$build" --buildtype=release -Dbenchmarks=true --werror --prefix="$top/$build/_install" >/dev/null
else
  meson setup "$build" --buildtype=release -Dbenchmarks=true --werror --prefix="$top/$build/_install" >/dev/null
fi
# Two jobs at most: the machine is shared with other builds.
ninja -C "$build" -j 2 >/dev/null
meson install -C "$build" --quiet >/dev/null

exec /usr/bin/python3 build-aux/bench.py "$build"
