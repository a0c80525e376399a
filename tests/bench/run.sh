#!/bin/bash
# run.sh — speed and scale of `auditdoc build`, measured side by side with the peers
# (issue 8).  One command from the repository:
#
#   tests/bench/run.sh                 full run (about 15 minutes: WeasyPrint is slow)
#   tests/bench/run.sh --quick         auditdoc at every size, peers only on the sample and 20×40, 1 run
#   tests/bench/run.sh --no-peers      auditdoc only
#
# What it does:
#   1. builds auditdoc and gen_audit (Release) into BUILD (default: build-bench);
#   2. makes the inputs: the sample, and gen_audit 20 40, 100 40, 300 60
#      (deterministic, validated with `auditdoc validate --strict`);
#   3. times each command as a whole process with tests/bench/timeproc (wall
#      from the monotonic clock, CPU and peak RSS from wait4, to the
#      microsecond: GNU time's hundredths are too coarse for a 50 ms build):
#      one warm-up, then RUNS runs (FAST_RUNS for an input built in under
#      0.2 s); reports the median wall and CPU (user+sys)
#      seconds and the largest peak RSS (the biggest single process: the main
#      process or one worker, as getrusage reports it);
#   4. in the same run, on the same XML, the peers from ../shared/peers
#      (WeasyPrint packet PDF, python-docx packet DOCX, LibreOffice DOCX → PDF
#      of python-docx's DOCX), and prints each peer's time as a ratio to auditdoc;
#   5. checks the targets of issue 8: ratios, linearity 100×40 → 300×60, peak
#      memory at 300×60, CPU > wall on the large cases, and identical output
#      bytes with -j1 and -j2 at 20×40;
#   6. prints the table and writes it as Markdown (default BUILD/bench.md).
#
# Only ratios measured in one run should be compared: absolute times on shared
# machines drift.
#
# Options:
#   --sizes "sample 20x40 100x40 300x60"   inputs (NxM = gen_audit N M)
#   --runs N          auditdoc runs per input after the warm-up (default 5, at least 5 for the README)
#   --fast-runs N     auditdoc runs for an input it builds in under 0.2 s (default 21)
#   --peer-runs N     peer runs per input (default 5; at most 3 above 20×40)
#   --peers "weasy docx lo"                which peers (default all three)
#   --no-peers        auditdoc only
#   --all-peers       also run the peers on inputs larger than 100×40 (1 run, no warm-up; slow:
#                     WeasyPrint needs many minutes and GBs at 300×60)
#   --quick           peers only up to 20×40, 1 peer run; auditdoc as usual
#   --jobs N          passes -j N to auditdoc build (default: its own, the number of CPUs)
#   --build DIR       build folder (default REPO/build-bench)
#   --no-build        use the auditdoc already in BUILD
#   --md FILE         Markdown output (default BUILD/bench.md)
#   --peers-dir DIR   the peer scripts (default REPO/../shared/peers)
#   --keep            keep the work folder (inputs, outputs, raw timings)
set -u
export LC_ALL=C.UTF-8 2>/dev/null || export LC_ALL=C

REPO=$(cd "$(dirname "$0")/../.." && pwd)
SIZES="sample 20x40 100x40 300x60"
RUNS=5
FAST_RUNS=21
PEER_RUNS=5
PEERS="weasy docx lo"
ALL_PEERS=0
QUICK=0
JOBS=""
BUILD="$REPO/build-bench"
DO_BUILD=1
MD=""
PEERS_DIR="$REPO/../shared/peers"
KEEP=0
PY=/usr/bin/python3

die() { echo "bench: $*" >&2; exit 1; }
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) SIZES=$2; shift ;;
    --runs) RUNS=$2; shift ;;
    --fast-runs) FAST_RUNS=$2; shift ;;
    --peer-runs) PEER_RUNS=$2; shift ;;
    --peers) PEERS=$2; shift ;;
    --no-peers) PEERS="" ;;
    --all-peers) ALL_PEERS=1 ;;
    --quick) QUICK=1 ;;
    --jobs|-j) JOBS=$2; shift ;;
    --build) BUILD=$2; shift ;;
    --no-build) DO_BUILD=0 ;;
    --md) MD=$2; shift ;;
    --peers-dir) PEERS_DIR=$2; shift ;;
    --keep) KEEP=1 ;;
    -h|--help) sed -n '2,/^set -u/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option: $1 (see --help)" ;;
  esac
  shift
done
case "$RUNS$PEER_RUNS$FAST_RUNS" in *[!0-9]*|"") die "--runs, --fast-runs and --peer-runs take a number" ;; esac
[ "$RUNS" -ge 1 ] && [ "$PEER_RUNS" -ge 1 ] || die "--runs and --peer-runs must be at least 1"
if [ "$QUICK" = 1 ]; then PEER_RUNS=1; fi
[ -n "$MD" ] || MD="$BUILD/bench.md"
PEERS_DIR=$(cd "$PEERS_DIR" 2>/dev/null && pwd) || { [ -z "$PEERS" ] || {
  echo "bench: no peers folder at $PEERS_DIR: running auditdoc only (use --peers-dir)" >&2; PEERS=""; }; }

# ---- what is needed, and what is missing -------------------------------------
AS_ROOT=0; [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null && AS_ROOT=1
apt_install() { # packages...: installs when root, else says how
  if [ "$AS_ROOT" = 1 ]; then
    echo "bench: installing $* (apt-get)" >&2
    apt-get update -qq >/dev/null 2>&1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null 2>&1
  else
    echo "bench: missing: $* — install with: sudo apt-get install $*" >&2
    return 1
  fi
}
for t in cmake cc; do command -v $t >/dev/null || die "$t is needed to build auditdoc (scripts/install-deps.sh)"; done

peer_ok() { # peer -> 0 if it can run
  case "$1" in
    weasy) [ -x $PY ] && $PY -c 'import weasyprint' 2>/dev/null ;;
    docx) [ -x $PY ] && $PY -c 'import docx' 2>/dev/null ;;
    lo) [ -x $PY ] && $PY -c 'import docx' 2>/dev/null && command -v soffice >/dev/null ;;
  esac
}
peer_pkg() { case "$1" in weasy) echo python3-weasyprint ;; docx) echo python3-docx ;;
  lo) echo "python3-docx libreoffice-writer-nogui" ;; esac; }
peer_name() { case "$1" in weasy) echo "WeasyPrint packet PDF" ;; docx) echo "python-docx packet DOCX" ;;
  lo) echo "LibreOffice DOCX→PDF" ;; esac; }
OK_PEERS=""
for p in $PEERS; do
  case "$p" in weasy|docx|lo) ;; *) die "unknown peer '$p' (weasy, docx, lo)" ;; esac
  if ! peer_ok "$p"; then
    # shellcheck disable=SC2046
    apt_install $(peer_pkg "$p") || true
  fi
  if peer_ok "$p"; then OK_PEERS="$OK_PEERS $p"
  else echo "bench: skipping peer '$p' ($(peer_name "$p")): needs $PY with $(peer_pkg "$p")" >&2; fi
done
PEERS=$OK_PEERS

# ---- build ------------------------------------------------------------------
AUDITDOC="$BUILD/auditdoc"
GEN="$BUILD/tests/bench/gen_audit"
TIMEPROC="$BUILD/tests/bench/timeproc"
if [ "$DO_BUILD" = 1 ]; then
  echo "bench: building auditdoc (Release) in $BUILD" >&2
  cmake -S "$REPO" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF -DAD_BENCH=ON \
    >"$BUILD.cmake.log" 2>&1 || { cat "$BUILD.cmake.log" >&2; die "cmake failed"; }
  cmake --build "$BUILD" -j"$(nproc)" --target auditdoc gen_audit timeproc >>"$BUILD.cmake.log" 2>&1 ||
    { tail -30 "$BUILD.cmake.log" >&2; die "build failed (log: $BUILD.cmake.log)"; }
  rm -f "$BUILD.cmake.log"
fi
[ -x "$AUDITDOC" ] && [ -x "$GEN" ] && [ -x "$TIMEPROC" ] || die "no $AUDITDOC, $GEN or $TIMEPROC (build first)"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/auditdoc-bench.XXXXXX")
cleanup() { [ "$KEEP" = 1 ] && echo "bench: work folder kept: $WORK" >&2 || rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
export LO_PROFILE="$WORK/lo-profile"

# ---- inputs -------------------------------------------------------------------
label() { case "$1" in sample) echo "sample (7 depts)" ;; *) echo "${1%x*}×${1#*x}" ;; esac; }
for s in $SIZES; do
  case "$s" in
    sample) cp "$REPO/samples/ryugasaki-r7-first-half.xml" "$WORK/in-sample.xml" ;;
    [0-9]*x[0-9]*) "$GEN" "${s%x*}" "${s#*x}" "$WORK/in-$s.xml" || die "gen_audit $s failed" ;;
    *) die "bad size '$s' (sample or NxM)" ;;
  esac
  "$AUDITDOC" validate --strict "$WORK/in-$s.xml" >"$WORK/validate-$s.log" 2>&1 ||
    { cat "$WORK/validate-$s.log" >&2; die "input $s does not validate"; }
done

# ---- timing -------------------------------------------------------------------
# tm FILE CMD...: one timed run appended to FILE ("wall user sys maxrss_kib"); fails with CMD
tm() {
  local f=$1; shift
  "$TIMEPROC" "$f.one" "$@" >>"$WORK/cmd.log" 2>&1
  local rc=$?
  if [ $rc -ne 0 ]; then
    echo "bench: failed (exit $rc): $*" >&2; tail -5 "$WORK/cmd.log" >&2; return 1
  fi
  tail -1 "$f.one" >>"$f"
}
# series FILE WARMUP RUNS PRE CMD...: PRE (a shell snippet) runs untimed before each run
series() {
  local f=$1 warm=$2 runs=$3 pre=$4; shift 4
  : >"$f"
  if [ "$warm" = 1 ]; then eval "$pre"; "$@" >>"$WORK/cmd.log" 2>&1 || { echo "bench: warm-up failed: $*" >&2; tail -5 "$WORK/cmd.log" >&2; return 1; }; fi
  local i
  for ((i = 0; i < runs; i++)); do eval "$pre"; tm "$f" "$@" || return 1; done
}
# stat FILE FIELD: median wall | median cpu | max peak MB | n
med() { awk '{print $1}' "$1" | sort -g | awk '{a[NR]=$1} END{if(NR==0)print "";else if(NR%2)print a[(NR+1)/2];else printf "%.3f\n",(a[NR/2]+a[NR/2+1])/2}'; }
medcpu() { awk '{printf "%.3f\n",$2+$3}' "$1" | sort -g | awk '{a[NR]=$1} END{if(NR==0)print "";else if(NR%2)print a[(NR+1)/2];else printf "%.3f\n",(a[NR/2]+a[NR/2+1])/2}'; }
peakmb() { awk 'BEGIN{m=0} {if($4>m)m=$4} END{printf "%.1f\n", m/1024}' "$1"; }
nruns() { wc -l <"$1" | tr -d ' '; }
calc() { awk "BEGIN{printf \"$1\n\", $2}"; }

JARG=(); [ -n "$JOBS" ] && JARG=(-j "$JOBS")
declare -A AW AC AP AN PW PN MARKS DEPTS
fmt_s() { awk -v t="$1" 'BEGIN{ if (t=="") print "–"; else if (t < 0.1) printf "%.4f", t; else if (t < 1) printf "%.3f", t; else if (t < 10) printf "%.2f", t; else printf "%.1f", t }'; }

for s in $SIZES; do
  in="$WORK/in-$s.xml"
  DEPTS[$s]=$(grep -c '<department ' "$in")
  MARKS[$s]=$(( $(grep -c '<marks>' "$in") * DEPTS[$s] ))
  echo "bench: $(label "$s"): auditdoc build, 1 warm-up + $RUNS runs" >&2
  out="$WORK/out-auditdoc-$s"
  series "$WORK/t-auditdoc-$s" 1 "$RUNS" "rm -rf '$out'" "$AUDITDOC" build -q "${JARG[@]}" "$in" -o "$out" ||
    die "auditdoc build failed on $s"
  # a build of a few tens of milliseconds varies by a tenth from run to run
  # on a shared machine: time it FAST_RUNS times, so the median settles
  if awk -v t="$(med "$WORK/t-auditdoc-$s")" 'BEGIN{exit !(t < 0.2)}'; then
    for ((k = RUNS; k < FAST_RUNS; k++)); do
      rm -rf "$out"; tm "$WORK/t-auditdoc-$s" "$AUDITDOC" build -q "${JARG[@]}" "$in" -o "$out" ||
        die "auditdoc build failed on $s"
    done
  fi
  AW[$s]=$(med "$WORK/t-auditdoc-$s"); AC[$s]=$(medcpu "$WORK/t-auditdoc-$s")
  AP[$s]=$(peakmb "$WORK/t-auditdoc-$s"); AN[$s]=$(nruns "$WORK/t-auditdoc-$s")

  # peers: how many runs at this size
  w=0; [ "$s" = sample ] || w=$(( ${s%x*} * ${s#*x} ))
  pr=$PEER_RUNS; pwarm=1
  if [ "$w" -gt 800 ] && [ "$pr" -gt 3 ]; then pr=3; fi
  if [ "$w" -gt 800 ] && [ "$QUICK" = 1 ]; then continue; fi
  if [ "$w" -gt 4000 ]; then
    [ "$ALL_PEERS" = 1 ] || continue
    pr=1; pwarm=0
  fi
  for p in $PEERS; do
    po="$WORK/out-$p-$s"; f="$WORK/t-$p-$s"
    echo "bench: $(label "$s"): $(peer_name "$p"), $([ $pwarm = 1 ] && echo "1 warm-up + ")$pr run(s)" >&2
    case "$p" in
      weasy) series "$f" $pwarm $pr "" $PY "$PEERS_DIR/weasy_peer.py" "$in" "$po" packet ;;
      docx) series "$f" $pwarm $pr "" $PY "$PEERS_DIR/docx_peer.py" "$in" "$po" fast ;;
      lo)
        docx="$WORK/out-docx-$s/packet.docx"
        [ -f "$docx" ] || $PY "$PEERS_DIR/docx_peer.py" "$in" "$WORK/out-docx-$s" fast >>"$WORK/cmd.log" 2>&1
        series "$f" $pwarm $pr "" $PY "$PEERS_DIR/lo_peer.py" "$docx" "$po" ;;
    esac || { echo "bench: peer $p failed on $s; left out" >&2; continue; }
    want="$po/packet.pdf"; [ "$p" = docx ] && want="$po/packet.docx"
    [ -s "$want" ] || { echo "bench: peer $p made no $want on $s; left out" >&2; continue; }
    PW[$p,$s]=$(med "$f"); PN[$p,$s]=$(nruns "$f")
  done
done

# ---- -j1 versus -j2: same bytes ----------------------------------------------
SAME="not checked"
for s in 20x40 $SIZES; do
  [ -f "$WORK/in-$s.xml" ] || continue
  "$AUDITDOC" build -q -j 1 "$WORK/in-$s.xml" -o "$WORK/j1" >>"$WORK/cmd.log" 2>&1 &&
  "$AUDITDOC" build -q -j 2 "$WORK/in-$s.xml" -o "$WORK/j2" >>"$WORK/cmd.log" 2>&1 || { SAME="build failed"; break; }
  if diff -r "$WORK/j1" "$WORK/j2" >"$WORK/jdiff.log" 2>&1; then
    SAME="yes ($(label "$s"), $(find "$WORK/j1" -type f | wc -l) files)"
  else
    SAME="NO ($(label "$s")): $(head -3 "$WORK/jdiff.log" | tr '\n' ' ')"
  fi
  break
done

# ---- report -------------------------------------------------------------------
ratio() { # peer_time auditdoc_time
  [ -n "$1" ] && [ -n "$2" ] || { echo ""; return; }
  awk -v p="$1" -v a="$2" 'BEGIN{ if (a <= 0) print ""; else { r = p / a; printf (r >= 10 ? "%.0f" : "%.1f"), r } }'
}
MODEL=$(awk -F': *' '/^model name/{print $2; exit}' /proc/cpuinfo 2>/dev/null)
MEM=$(awk '/^MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo 2>/dev/null)
VER=$("$AUDITDOC" --version 2>/dev/null | head -1)
PVER=""
for p in $PEERS; do
  case "$p" in
    weasy) PVER="$PVER WeasyPrint $($PY -c 'import weasyprint; print(weasyprint.__version__)' 2>/dev/null)," ;;
    docx) PVER="$PVER python-docx $($PY -c 'import importlib.metadata as m; print(m.version("python-docx"))' 2>/dev/null)," ;;
    lo) PVER="$PVER $(soffice --version 2>/dev/null | awk '{print $1, $2}' | head -1)," ;;
  esac
done
PVER=${PVER%,}

{
  echo "### auditdoc build vs. the peers — $(date -u +%Y-%m-%d)"
  echo
  echo "Machine: $(nproc) CPUs, ${MODEL:-unknown CPU}, ${MEM:-? GiB}; $(uname -sr). ${VER:-auditdoc}, Release build, \`auditdoc build\` ${JOBS:+-j $JOBS }(default jobs = $(nproc)). Peers:${PVER:- none}."
  echo
  echo "Whole processes, start-up included, timed with tests/bench/timeproc (wall: monotonic clock; CPU and peak memory: wait4, to the microsecond). auditdoc: median of $RUNS runs after 1 warm-up ($FAST_RUNS for an input built in under 0.2 s)"\
       "(wall and CPU = user+sys), peak = the largest single process's maximum RSS over the runs."\
       "Peers: median wall seconds of the number of runs shown in brackets, and in bold the ratio"\
       "peer time / auditdoc time (how many times faster auditdoc is). Only ratios from one run are comparable."
  echo
  printf "| input | marks | auditdoc wall s | CPU s | CPU/wall | peak MB |"
  for p in $PEERS; do printf " %s s (runs) | ×auditdoc |" "$(peer_name "$p")"; done; echo
  printf "|---|---:|---:|---:|---:|---:|"; for _ in $PEERS; do printf -- "---:|---:|"; done; echo
  for s in $SIZES; do
    printf "| %s | %s | %s | %s | %s | %s |" "$(label "$s")" "${MARKS[$s]}" "$(fmt_s "${AW[$s]}")" "$(fmt_s "${AC[$s]}")" \
      "$(calc %.2f "${AC[$s]} / (${AW[$s]} > 0 ? ${AW[$s]} : 1)")" "${AP[$s]}"
    for p in $PEERS; do
      t=${PW[$p,$s]:-}
      if [ -n "$t" ]; then printf " %s (%s) | **%s×** |" "$(fmt_s "$t")" "${PN[$p,$s]}" "$(ratio "$t" "${AW[$s]}")"
      else printf " not run | |"; fi
    done
    echo
  done
  echo
  echo "\"marks\" is departments × checklist rows (the size of the audit). Peers on inputs above 20×40 run at most 3 times;"\
       "above 100×40 only with --all-peers (once, no warm-up)."
  echo
  echo "**Scaling** (auditdoc wall time per 1000 marks):"
  echo
  echo "| input | marks | wall s | ms per 1000 marks | time × vs previous | size × vs previous |"
  echo "|---|---:|---:|---:|---:|---:|"
  prev=""
  for s in $SIZES; do
    tpk=$(calc %.1f "${AW[$s]} * 1000000 / ${MARKS[$s]}")
    if [ -n "$prev" ]; then
      printf "| %s | %s | %s | %s | %s | %s |\n" "$(label "$s")" "${MARKS[$s]}" "$(fmt_s "${AW[$s]}")" "$tpk" \
        "$(calc %.2f "${AW[$s]} / ${AW[$prev]}")" "$(calc %.2f "${MARKS[$s]} / ${MARKS[$prev]}")"
    else
      printf "| %s | %s | %s | %s | | |\n" "$(label "$s")" "${MARKS[$s]}" "$(fmt_s "${AW[$s]}")" "$tpk"
    fi
    prev=$s
  done
  echo
  echo "**Targets of issue 8:**"
  echo
  check() { # description value op limit
    local v=$2
    if [ -z "$v" ]; then echo "- $1: not measured"; return; fi
    if awk -v v="$v" -v l="$4" -v op="$3" 'BEGIN{exit !(op==">=" ? v>=l : v<=l)}'; then
      echo "- $1: $v (target $3 $4) — **met**"
    else
      echo "- $1: $v (target $3 $4) — **NOT met**"
    fi
  }
  if [ -n "${AW[sample]:-}" ]; then
    check "sample: WeasyPrint packet / auditdoc" "$(ratio "${PW[weasy,sample]:-}" "${AW[sample]}")" ">=" 50
    check "sample: LibreOffice DOCX→PDF / auditdoc" "$(ratio "${PW[lo,sample]:-}" "${AW[sample]}")" ">=" 60
    check "sample: python-docx / auditdoc" "$(ratio "${PW[docx,sample]:-}" "${AW[sample]}")" ">=" 4
  fi
  if [ -n "${AW[100x40]:-}" ]; then
    check "100×40: WeasyPrint packet / auditdoc" "$(ratio "${PW[weasy,100x40]:-}" "${AW[100x40]}")" ">=" 100
    check "100×40: LibreOffice DOCX→PDF / auditdoc" "$(ratio "${PW[lo,100x40]:-}" "${AW[100x40]}")" ">=" 15
  fi
  if [ -n "${AW[100x40]:-}" ] && [ -n "${AW[300x60]:-}" ]; then
    check "linearity: time 300×60 / time 100×40 (size ratio $(calc %.2f "${MARKS[300x60]} / ${MARKS[100x40]}"))" \
      "$(calc %.2f "${AW[300x60]} / ${AW[100x40]}")" "<=" 5
  fi
  [ -n "${AP[300x60]:-}" ] && check "peak memory at 300×60, MB (largest process)" "${AP[300x60]}" "<=" 100
  for s in 100x40 300x60; do
    [ -n "${AW[$s]:-}" ] && check "$(label "$s"): CPU / wall (parallel department reports)" \
      "$(calc %.2f "${AC[$s]} / ${AW[$s]}")" ">=" 1.2
  done
  echo "- same output bytes with -j 1 and -j 2: $SAME"
  echo
  echo "Re-run: \`tests/bench/run.sh\` (about 15 minutes with the peers; \`--quick\` or \`--no-peers\` for less)."
} >"$WORK/report.md"

mkdir -p "$(dirname "$MD")"
cp "$WORK/report.md" "$MD"
echo
cat "$WORK/report.md"
echo
echo "bench: Markdown written to $MD" >&2
