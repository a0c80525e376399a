#!/bin/bash
# callgrind.sh — where `auditdoc build` spends its instructions (issue 8).
#
#   tests/bench/callgrind.sh [INPUT] [TOP]
#     INPUT  sample (default), NxM (gen_audit N M), or an audit XML file
#     TOP    how many functions to list (default 30)
#
# Builds auditdoc (Release with debug info, for function names and lines) into
# BUILD (env, default REPO/build-bench-prof), runs one untimed build first (font
# caches), then `auditdoc build -j 1` under valgrind --tool=callgrind: with one
# job the whole build runs in one process, so the counts cover everything and are
# repeatable (instruction counts do not drift with the machine's load).
# Prints the total, the top functions by own (self) instructions and by
# inclusive instructions, and keeps callgrind.out in BUILD/callgrind/ for
# callgrind_annotate or kcachegrind.
set -eu
export LC_ALL=C.UTF-8 2>/dev/null || export LC_ALL=C
REPO=$(cd "$(dirname "$0")/../.." && pwd)
INPUT=${1:-sample}
TOP=${2:-30}
BUILD=${BUILD:-$REPO/build-bench-prof}
command -v valgrind >/dev/null || {
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq >/dev/null 2>&1; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind >/dev/null 2>&1
  fi
  command -v valgrind >/dev/null || { echo "callgrind: needs valgrind (sudo apt-get install valgrind)" >&2; exit 1; }
}

if [ "${NO_BUILD:-0}" != 1 ]; then
  cmake -S "$REPO" -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=OFF -DAD_BENCH=ON >/dev/null
  cmake --build "$BUILD" -j"$(nproc)" --target auditdoc gen_audit >/dev/null
fi
AUDITDOC="$BUILD/auditdoc"
OUT="$BUILD/callgrind"
mkdir -p "$OUT"
case "$INPUT" in
  sample) IN="$REPO/samples/ryugasaki-r7-first-half.xml" ;;
  [0-9]*x[0-9]*) IN="$OUT/in-$INPUT.xml"; "$BUILD/tests/bench/gen_audit" "${INPUT%x*}" "${INPUT#*x}" "$IN" ;;
  *) IN=$INPUT ;;
esac
[ -f "$IN" ] || { echo "callgrind: no such input: $IN" >&2; exit 1; }

rm -rf "$OUT/o"
"$AUDITDOC" build -q -j 1 "$IN" -o "$OUT/o" # untimed: caches
rm -rf "$OUT/o"
CG="$OUT/callgrind.out"
valgrind --tool=callgrind --callgrind-out-file="$CG" --dump-instr=no --collect-jumps=no \
  "$AUDITDOC" build -q -j 1 "$IN" -o "$OUT/o" 2>"$OUT/valgrind.log" ||
  { tail -20 "$OUT/valgrind.log" >&2; exit 1; }

TOTAL=$(callgrind_annotate "$CG" 2>/dev/null | awk '/PROGRAM TOTALS/{gsub(",","",$1); print $1; exit}')
echo "auditdoc build -j 1 $(basename "$IN"): $(awk -v t="$TOTAL" 'BEGIN{printf "%.1f", t/1e6}') M instructions (Ir)"
echo
echo "== top $TOP functions by own instructions (self) =="
callgrind_annotate --inclusive=no --auto=no --threshold=100 "$CG" 2>/dev/null |
  awk '/^-+$/{d++; next} d>=6 && NF' | sed -e 's#\[/[^]]*/#[#' | sed -n "1,${TOP}p"
echo
echo "== top $TOP functions by inclusive instructions =="
callgrind_annotate --inclusive=yes --auto=no --threshold=100 "$CG" 2>/dev/null |
  awk '/^-+$/{d++; next} d>=6 && NF' | sed -e 's#\[/[^]]*/#[#' | sed -n "1,${TOP}p"
echo
echo "callgrind: data in $CG (callgrind_annotate --tree=caller $CG | less)"
