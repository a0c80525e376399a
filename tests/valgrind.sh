#!/bin/sh
# valgrind.sh — valgrind memcheck over the program and the in-process unit
# tests, with tests/valgrind.supp (one-time allocations of fontconfig, Pango
# and GLib, each explained there).  Any memory error or any definitely or
# indirectly lost block fails the run.
#
#   tests/valgrind.sh BUILD_DIR      (a build without sanitizers)
#
# Runs: validate and build (serial and with two worker processes) of the
# sample, archive + verify + rebuild, validate of every hostile-corpus input,
# and the unit-test executables with CK_FORK=no (so valgrind sees the tests
# themselves, not a forked child).
set -eu
cd "$(dirname "$0")/.."
build=${1:?usage: tests/valgrind.sh BUILD_DIR}
command -v valgrind >/dev/null || { echo "valgrind: not installed (apt-get install valgrind)"; exit 2; }
bin="$build/auditdoc"
sample=samples/ryugasaki-r7-first-half.xml
work=$(mktemp -d "${TMPDIR:-/tmp}/auditdoc-vg.XXXXXX")
export AUDITDOC_CACHE_DIR="$work/cache" # the font cache of these runs stays in $work
trap 'rm -rf "$work"' EXIT INT TERM
vg="valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect
    --errors-for-leak-kinds=definite,indirect --num-callers=40 --track-fds=no
    --suppressions=$(pwd)/tests/valgrind.supp --log-file=$work/vg.%p.log"
n=0
fail=0
run() { # run NAME EXPECTED-STATUS COMMAND...
    name=$1 want=$2
    shift 2
    n=$((n + 1))
    set +e
    "$@" >"$work/out" 2>&1
    rc=$?
    set -e
    bad=$(cat "$work"/vg.*.log 2>/dev/null | grep -c '==[0-9]*==' || true)
    if [ "$rc" = 99 ] || [ "$bad" != 0 ] || { [ "$want" != any ] && [ "$rc" != "$want" ]; }; then
        echo "valgrind: FAIL $name (status $rc)"
        cat "$work"/vg.*.log 2>/dev/null | head -80
        tail -20 "$work/out"
        fail=$((fail + 1))
    fi
    rm -f "$work"/vg.*.log
}

run "validate sample" 0 $vg "$bin" validate "$sample"
run "build -j1" 0 $vg "$bin" build -q -j1 "$sample" -o "$work/out1"
run "build -j2 (workers forked)" 0 $vg "$bin" build -q -j2 "$sample" -o "$work/out2"
run "build again over the previous output" 0 $vg "$bin" build -q -j1 "$sample" -o "$work/out1"
run "archive" 0 $vg "$bin" archive -q -j1 "$sample" --root "$work/arch" --init
run "verify --rebuild" 0 $vg "$bin" verify --rebuild "$work/arch"
for f in tests/hostile/*.xml; do
    run "validate $f" any $vg "$bin" validate "$f"
done
for t in test_util test_uniclass test_load test_wareki test_views test_templates test_doc test_compose \
         test_docx test_typeset test_workers test_jbreak; do
    [ -x "$build/tests/$t" ] || continue
    CK_FORK=no CK_DEFAULT_TIMEOUT=0 run "$t" 0 $vg "$build/tests/$t"
done
echo "valgrind: $n runs, $fail failed"
[ "$fail" = 0 ]
