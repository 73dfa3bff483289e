#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Benchmark display filters: trawl-cli -Y against tshark -Y on a big capture.
#
# usage: tests/bench/run-filter-bench.sh [N] [BUILD_DIR]     (N frames, default 1000000)
#
# Uses the capture of run-bench.sh (${TRAWL_BENCH_DIR:-/tmp/trawl-bench}/big-N.pcap,
# built with make-big-capture.sh when missing).  For each filter of issue 3
# it runs `-Y FILTER -T fields -e frame.number > /dev/null` with both
# programs and prints wall and CPU seconds, frames/s, the number of
# matching frames (which must agree), peak anonymous memory and its bytes
# per frame, and the speed-up.  trawl-cli's time includes its index pass
# and its analysis pass (tcp.stream, relative sequence numbers): the row
# "index + analysis only" (-c 1 with no filter) shows that part alone.
# Not a timed test: goals are >= 20x tshark and <= 100 B/frame.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
N=${1:-1000000}
BUILD=${2:-$HERE/../../build}
CLI="$BUILD/src/cli/trawl-cli"
DIR=${TRAWL_BENCH_DIR:-/tmp/trawl-bench}
CAP="$DIR/big-$N.pcap"
mkdir -p "$DIR"
RUN_OUT="$DIR/out.$$.txt"
. "$HERE/bench-lib.sh"
[ -x "$CLI" ] || { echo "no trawl-cli at $CLI (give BUILD_DIR)"; exit 1; }

bench_capture
SIZE=$(stat -c %s "$CAP")

row() { # name secs cpu anon_kb hwm_kb lines
  python3 - "$@" "$N" <<'PY'
import sys
name, secs, cpu, anon, hwm, lines, n = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4] or 0), int(sys.argv[5] or 0), int(sys.argv[6]), int(sys.argv[7])
print(f"{name:44} {secs:7.2f} s {cpu:6.2f} s {n / secs:10.0f} fr/s {lines:8} {anon / 1024:8.1f} MB {anon * 1024 / n:7.1f} B/fr {hwm / 1024:8.1f} MB")
PY
}

FILTERS=(
  'tcp.flags.syn == 1 && tcp.flags.ack == 0'
  'http.request'
  'dns.qry.name contains "wiki"'
)

echo "capture: $CAP ($N frames, $SIZE bytes); $(nproc) cores"
printf '%-44s %9s %8s %15s %8s %11s %12s %11s\n' "run" "wall" "cpu" "rate" "matches" "peak anon" "anon/frame" "peak RSS"
# -c 1 with the pass first (not beside the output, where it would stop early).
TRAWL_CLI_PIPELINE_MIN=4000000000 run "$CLI" -r "$CAP" -c 1
row "trawl-cli index + analysis only (-c 1)" "$SECS" "$CPU" "$ANON" "$HWM" 0
SUMMARY=""
for f in "${FILTERS[@]}"; do
  A=("$CLI" -r "$CAP" -Y "$f" -T fields -e frame.number)
  B=(tshark -n -r "$CAP" -Y "$f" -T fields -e frame.number)
  run_pair A B
  TL=$LINES_A SL=$LINES_B
  row "trawl-cli -Y '$f'" "$SECS_A" "$CPU_A" "$ANON_A" "$HWM_A" "$TL"; T=$SECS_A
  row "tshark -Y '$f'" "$SECS_B" "$CPU_B" "$ANON_B" "$HWM_B" "$SL"; S=$SECS_B
  SUMMARY+=$(python3 -c "import sys; t, s, tl, sl, f = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]; print(f'{f:44} speed-up {s / t:6.1f}x (goal >= 20x)  matches {\"equal\" if tl == sl else f\"DIFFER: trawl {tl}, tshark {sl}\"}')" "$T" "$S" "$TL" "$SL" "$f")
  SUMMARY+=$'\n'
done
echo
printf '%s' "$SUMMARY"
