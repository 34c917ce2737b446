#!/bin/sh
# Fuzzes every libFuzzer target for SECONDS each, starting from a copy of its
# seed corpus, so new inputs never land in the repository. Fails when a target
# crashes, leaks, hangs or trips a sanitizer; the reproducer is kept and its
# path printed.
#
# usage: tests/fuzz/run.sh BUILDDIR [SECONDS]
# BUILDDIR comes from, e.g.:
#   CC=clang meson setup _build-fuzz -Dfuzzing=true \
#     -Db_sanitize=address,undefined -Db_lundef=false
set -eu

if [ $# -lt 1 ]; then
  echo "usage: $0 BUILDDIR [SECONDS]" >&2
  exit 2
fi
builddir=$1
seconds=${2:-60}
here=$(cd "$(dirname "$0")" && pwd)
targets="fuzz-framing fuzz-hex-parse fuzz-lesson fuzz-pcapng fuzz-session-file"

ninja -C "$builddir" $(for t in $targets; do printf 'tests/fuzz/%s ' "$t"; done) >/dev/null

# A g_return_if_fail() or UBSan report is a bug too, not just a crash.
export G_DEBUG=fatal-warnings,fatal-criticals
export G_SLICE=always-malloc
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}

status=0
for target in $targets; do
  exe=$builddir/tests/fuzz/$target
  work=$(mktemp -d "${TMPDIR:-/tmp}/$target.XXXXXX")
  mkdir "$work/corpus" "$work/artifacts"
  cp "$here/corpus/$target/"* "$work/corpus/"

  echo "== $target: ${seconds}s"
  if "$exe" -max_len=4096 -max_total_time="$seconds" -timeout=10 \
       -print_final_stats=1 -artifact_prefix="$work/artifacts/" \
       "$work/corpus" >"$work/log" 2>&1; then
    grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+.*DONE)' "$work/log" || true
    rm -rf "$work"
  else
    tail -n 40 "$work/log"
    echo "not ok: $target failed; log and reproducer in $work" >&2
    status=1
  fi
done

exit $status
