#!/bin/bash
# The long "nothing lost" run (issue 8): 1 GiB of pseudo-random bytes from a
# plain client process through a TCP server endpoint, saved the way "Save
# Received Bytes…" saves them, must have the SHA-256 of what was sent. CI
# runs the same test with 64 MiB.
#
#   build-aux/soak.sh [MIB]      (default 1024)
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -euo pipefail
cd "$(dirname "$0")/.."

mib=${1:-1024}
[ -f _build-soak/build.ninja ] || meson setup _build-soak --buildtype=release >/dev/null
meson compile -C _build-soak tests/test-load tests/sp-loadgen >/dev/null

echo "Sending $mib MiB through a server endpoint..."
env G_DEBUG=fatal-warnings GSETTINGS_BACKEND=memory LC_ALL=C.UTF-8 \
  G_TEST_SRCDIR="$PWD/tests" G_TEST_BUILDDIR="$PWD/_build-soak/tests" \
  SP_NOTHING_LOST_MIB="$mib" \
  _build-soak/tests/test-load -p /load/tcp/nothing-lost --verbose
