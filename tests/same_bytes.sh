#!/bin/bash
# same_bytes.sh — proves that a change altered no byte of any output: builds
# auditdoc from BASE (a commit, default HEAD) and from the working tree, runs
# both on the same inputs and compares every file they write.
#
#   tests/same_bytes.sh [BASE] [--quick] [--keep]
#
# Inputs: the sample, gen_audit 20 40 and 100 40 (tests/bench/gen_audit.c),
# and the legal extremes that tests/test_extreme.c generates (collected by
# running it with AD_TEST_KEEP_INPUTS).  Each is built with -j1 and -j2 by
# both binaries; --quick drops 100x40 and the extremes.  Exit 0 when every
# output tree is byte-identical, 1 with the differing files listed.
#
# For refactoring (issue 13): run it before each commit that claims "output
# unchanged".  Where a byte must change, the commit says which and why.
set -u
export LC_ALL=C.UTF-8 SOURCE_DATE_EPOCH=1767225600
REPO=$(cd "$(dirname "$0")/.." && pwd)
BASE=HEAD QUICK=0 KEEP=0
for a in "$@"; do
    case "$a" in
    --quick) QUICK=1 ;;
    --keep) KEEP=1 ;;
    -h | --help) sed -n '2,16p' "$0"; exit 0 ;;
    *) BASE=$a ;;
    esac
done
W=$(mktemp -d "${TMPDIR:-/tmp}/same-bytes.XXXXXX")
[ "$KEEP" = 1 ] || trap 'rm -rf "$W"' EXIT
jobs=$(nproc 2>/dev/null || echo 2)

build() { # SRC BUILD
    cmake -S "$1" -B "$2" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DAD_REQUIRE_TESTS=ON >"$W/cmake.log" 2>&1 &&
        cmake --build "$2" -j"$jobs" >>"$W/cmake.log" 2>&1 ||
        { echo "same_bytes: build of $1 failed:"; tail -30 "$W/cmake.log"; exit 2; }
}

mkdir -p "$W/base-src" "$W/in"
(cd "$REPO" && git archive "$BASE") | tar -x -C "$W/base-src" || { echo "same_bytes: no commit $BASE"; exit 2; }
echo "same_bytes: building $BASE ($(cd "$REPO" && git rev-parse --short "$BASE")) and the working tree"
build "$W/base-src" "$W/base-build"
build "$REPO" "$W/cur-build"

cp "$REPO/samples/ryugasaki-r7-first-half.xml" "$W/in/sample.xml"
"$W/cur-build/tests/bench/gen_audit" 20 40 "$W/in/g20x40.xml"
if [ "$QUICK" = 0 ]; then
    "$W/cur-build/tests/bench/gen_audit" 100 40 "$W/in/g100x40.xml"
    mkdir -p "$W/ext"
    (cd "$W/cur-build/tests" && AD_TEST_KEEP_INPUTS="$W/ext" ./test_extreme >"$W/extreme.log" 2>&1) ||
        { echo "same_bytes: test_extreme failed (see $W/extreme.log)"; tail -20 "$W/extreme.log"; }
    i=0
    for f in $(ls "$W/ext"/*.xml 2>/dev/null | sort); do
        i=$((i + 1)); cp "$f" "$W/in/extreme-$i.xml"
    done
fi

fail=0 n=0
for in in "$W/in"/*.xml; do
    name=$(basename "$in" .xml)
    for j in 1 2; do
        for side in base cur; do
            o="$W/out/$side/$name-j$j"
            mkdir -p "$(dirname "$o")"
            (cd "$(dirname "$in")" && "$W/$side-build/auditdoc" build -q -j "$j" "$in" -o "$o" \
                >"$o.log" 2>&1)
            echo "exit $?" >>"$o.log"
        done
        b="$W/out/base/$name-j$j" c="$W/out/cur/$name-j$j"
        n=$((n + 1))
        if ! diff -q "$b.log" "$c.log" >/dev/null; then
            echo "DIFFERS: $name -j$j: messages or exit status"; diff "$b.log" "$c.log" | head -10
            fail=1
        fi
        if ! diff -rq "$b" "$c" >"$W/diff.txt" 2>&1; then
            echo "DIFFERS: $name -j$j:"; sed 's/^/  /' "$W/diff.txt" | head -20
            fail=1
        fi
    done
done
if [ "$fail" = 0 ]; then
    echo "same_bytes: $n builds ($(ls "$W/in" | wc -l) inputs x -j1/-j2): every output byte-identical to $BASE"
else
    echo "same_bytes: outputs differ from $BASE${KEEP:+ (kept in $W)}"
fi
exit "$fail"
