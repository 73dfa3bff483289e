#!/bin/bash
# Benchmark trawl-cli against tshark on a big capture.
#
# usage: tests/bench/run-bench.sh [N] [BUILD_DIR]      (N frames, default 1000000)
#
# The capture is cached in ${TRAWL_BENCH_DIR:-/tmp/trawl-bench}/big-N.pcap:
# built by make-big-capture.sh (real traffic, needs root and netns) or, if
# that fails, by replicating tests/captures/http-curl.pcap with replicate.py.
# Prints frames/s for the index pass, summary lines of every frame, and
# -T fields -e tcp.stream -e tcp.seq; peak RSS and bytes/frame beyond the
# file size.  Peak RSS: /usr/bin/time -f %M when present, else VmHWM
# sampled from /proc/PID/status.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
N=${1:-1000000}
BUILD=${2:-$HERE/../../build}
CLI="$BUILD/src/cli/trawl-cli"
DIR=${TRAWL_BENCH_DIR:-/tmp/trawl-bench}
CAP="$DIR/big-$N.pcap"
mkdir -p "$DIR"
[ -x "$CLI" ] || { echo "no trawl-cli at $CLI (give BUILD_DIR)"; exit 1; }

if [ ! -s "$CAP" ]; then
  if [ "$(id -u)" = 0 ] && "$HERE/make-big-capture.sh" "$CAP" "$N" >/dev/null 2>&1; then
    echo "built $CAP with make-big-capture.sh"
  else
    /usr/bin/python3 "$HERE/replicate.py" "$HERE/../captures/http-curl.pcap" "$CAP" "$N" 127.0.0.1
    echo "built $CAP by replicating http-curl.pcap"
  fi
fi
SIZE=$(stat -c %s "$CAP")

# run CMD...: sets SECS and KB (peak RSS), output to /dev/null
run() {
  local t0 t1 pid hwm=0 v
  t0=$(date +%s.%N)
  if [ -x /usr/bin/time ]; then
    KB=$( /usr/bin/time -f %M -o "$DIR/time.out" "$@" >/dev/null 2>/dev/null; tail -1 "$DIR/time.out")
  else
    "$@" >/dev/null 2>/dev/null &
    pid=$!
    while kill -0 "$pid" 2>/dev/null; do
      v=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
      [ -n "$v" ] && [ "$v" -gt "$hwm" ] && hwm=$v
      sleep 0.05
    done
    wait "$pid" || true
    KB=$hwm
  fi
  t1=$(date +%s.%N)
  SECS=$(echo "$t1 - $t0" | bc -l 2>/dev/null || python3 -c "print($t1 - $t0)")
}

row() { # name secs kb
  python3 - "$@" "$N" "$SIZE" <<'PY'
import sys
name, secs, kb, n, size = sys.argv[1], float(sys.argv[2]), int(sys.argv[3] or 0), int(sys.argv[4]), int(sys.argv[5])
extra = (kb * 1024 - size) / n
print(f"{name:44} {secs:9.2f} s {n / secs:12.0f} fr/s {kb / 1024:9.1f} MB {extra:9.1f} B/fr")
PY
}

echo "capture: $CAP ($N frames, $SIZE bytes)"
printf '%-44s %11s %17s %12s %12s\n' "run" "time" "rate" "peak RSS" "beyond file"
if "$CLI" --bench-index -r "$CAP" >/dev/null 2>&1; then
  run "$CLI" --bench-index -r "$CAP"; row "trawl-cli index pass (--bench-index)" "$SECS" "$KB"
fi
run "$CLI" -r "$CAP"; row "trawl-cli summary lines" "$SECS" "$KB"; T1=$SECS
run tshark -n -r "$CAP"; row "tshark -n summary lines" "$SECS" "$KB"; S1=$SECS
if ! "$CLI" -r "$CAP" -c 1 -T fields -e tcp.stream -e tcp.seq >/dev/null 2>&1; then
  echo "trawl-cli -T fields tcp.stream tcp.seq: not available yet (fields unknown)"
else run "$CLI" -r "$CAP" -T fields -e tcp.stream -e tcp.seq; row "trawl-cli -T fields tcp.stream tcp.seq" "$SECS" "$KB"; fi
run tshark -n -r "$CAP" -T fields -e tcp.stream -e tcp.seq; row "tshark -T fields tcp.stream tcp.seq" "$SECS" "$KB"
python3 -c "print(f'summary speed-up over tshark: {$S1 / $T1:.1f}x (goal >= 10x)')"
