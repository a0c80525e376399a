#!/bin/sh
# run.sh — build the libFuzzer target (clang, ASan + UBSan) and fuzz the
# loader and every renderer for a bounded time, seeded with samples/,
# tests/data/ and the hostile corpus.  Every crash, leak, timeout or
# out-of-memory input it finds is copied into tests/hostile/regress/ (named
# by its SHA-1), where test_hostile replays it on every test run; the script
# then exits 1.
#
#   tests/fuzz/run.sh [SECONDS]        default 60; FUZZ_JOBS=N parallel workers
#   BUILD=build-fuzz                   the build folder (default build-fuzz)
#
# Prints "fuzz: N executions in S s, K findings".
set -eu
cd "$(dirname "$0")/../.."
secs=${1:-60}
build=${BUILD:-build-fuzz}
jobs=${FUZZ_JOBS:-1}
command -v clang >/dev/null || { echo "fuzz: clang not found (apt-get install clang)"; exit 2; }

CC=clang cmake -S . -B "$build" -DAD_FUZZ=ON -DBUILD_TESTING=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j"$(nproc 2>/dev/null || echo 2)" --target auditdoc-fuzz >"${TMPDIR:-/tmp}/auditdoc-fuzz-build.log" 2>&1 ||
    { cat "${TMPDIR:-/tmp}/auditdoc-fuzz-build.log"; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/auditdoc-fuzz-run.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
mkdir "$work/corpus" "$work/artifacts"
for f in samples/*.xml tests/data/*.xml tests/hostile/*.xml tests/hostile/regress/*; do
    [ -f "$f" ] && cp "$f" "$work/corpus/$(basename "$f")"
done

# Library caches (fontconfig, Pango, GLib) live for the whole process and are
# suppressed as in the tests; nothing of auditdoc's own code is.
export LSAN_OPTIONS="suppressions=$(pwd)/tests/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=0"

set +e
"$build/fuzz/auditdoc-fuzz" "$work/corpus" \
    -dict=tests/fuzz/audit.dict -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -max_total_time="$secs" -print_final_stats=1 -jobs="$jobs" -workers="$jobs" \
    -artifact_prefix="$work/artifacts/" >"$work/log" 2>&1
rc=$?
set -e

execs=$(grep -h 'stat::number_of_executed_units' "$work/log" fuzz-*.log 2>/dev/null |
        awk '{s += $2} END {print s + 0}')
rm -f fuzz-*.log
found=0
for a in "$work"/artifacts/*; do
    [ -f "$a" ] || continue
    kind=$(basename "$a" | cut -d- -f1)
    sum=$(sha1sum "$a" | cut -c1-16)
    dst="tests/hostile/regress/fuzz-$kind-$sum.xml"
    cp "$a" "$dst"
    echo "fuzz: $kind -> $dst"
    found=$((found + 1))
done
echo "fuzz: $execs executions in $secs s, $found findings"
if [ "$found" -gt 0 ] || { [ "$rc" -ne 0 ] && [ "$execs" -eq 0 ]; }; then
    tail -60 "$work/log"
    exit 1
fi
