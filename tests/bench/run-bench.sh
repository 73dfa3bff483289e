#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Benchmark trawl-cli against tshark on a big capture.
#
# usage: tests/bench/run-bench.sh [N] [BUILD_DIR]      (N frames, default 1000000)
#
# The capture is cached in ${TRAWL_BENCH_DIR:-/tmp/trawl-bench}/big-N.pcap:
# built by make-big-capture.sh (real traffic, needs root and netns) or, if
# that fails, by replicating tests/captures/http-curl.pcap with replicate.py.
# Prints frames/s for the index pass, summary lines of every frame, and
# -T fields -e tcp.stream -e tcp.seq; peak anonymous memory (RssAnon,
# sampled from /proc/PID/status every 20 ms: the mapped capture file is
# file-backed and not counted) and its bytes per frame, and peak RSS
# (VmHWM, file pages included) for reference.  Times are wall clock; the
# user+system CPU time is shown too, because other work on the machine
# inflates wall times.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
N=${1:-1000000}
BUILD=${2:-$HERE/../../build}
CLI="$BUILD/src/cli/trawl-cli"
DIR=${TRAWL_BENCH_DIR:-/tmp/trawl-bench}
CAP="$DIR/big-$N.pcap"
mkdir -p "$DIR"
. "$HERE/bench-lib.sh"
[ -x "$CLI" ] || { echo "no trawl-cli at $CLI (give BUILD_DIR)"; exit 1; }

bench_capture
SIZE=$(stat -c %s "$CAP")

row() { # name secs cpu anon_kb hwm_kb
  python3 - "$@" "$N" "$SIZE" <<'PY'
import sys
name, secs, cpu, anon, hwm, n, size = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4] or 0), int(sys.argv[5] or 0), int(sys.argv[6]), int(sys.argv[7])
print(f"{name:42} {secs:7.2f} s {cpu:6.2f} s {n / secs:10.0f} fr/s {anon / 1024:8.1f} MB {anon * 1024 / n:7.1f} B/fr {hwm / 1024:8.1f} MB")
PY
}

echo "capture: $CAP ($N frames, $SIZE bytes)"
printf '%-42s %9s %8s %15s %11s %12s %11s\n' "run" "wall" "cpu" "rate" "peak anon" "anon/frame" "peak RSS"
if "$CLI" --bench-index -r "$CAP" >/dev/null 2>&1; then
  run "$CLI" --bench-index -r "$CAP"; row "trawl-cli index pass (--bench-index)" "$SECS" "$CPU" "$ANON" "$HWM"
fi
A=("$CLI" -r "$CAP"); B=(tshark -n -r "$CAP")
run_pair A B
row "trawl-cli summary lines" "$SECS_A" "$CPU_A" "$ANON_A" "$HWM_A"; T1=$SECS_A
row "tshark -n summary lines" "$SECS_B" "$CPU_B" "$ANON_B" "$HWM_B"; S1=$SECS_B
A=("$CLI" -r "$CAP" -T fields -e tcp.stream -e tcp.seq); B=(tshark -n -r "$CAP" -T fields -e tcp.stream -e tcp.seq)
run_pair A B
row "trawl-cli -T fields tcp.stream tcp.seq" "$SECS_A" "$CPU_A" "$ANON_A" "$HWM_A"
row "tshark -T fields tcp.stream tcp.seq" "$SECS_B" "$CPU_B" "$ANON_B" "$HWM_B"
python3 -c "print(f'summary speed-up over tshark: {$S1 / $T1:.1f}x (goal >= 10x)')"
