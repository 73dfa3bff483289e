#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Benchmark live capture in the window (not a timed test).
#
# usage: tests/bench/run-capture-gui-bench.sh [PPS] [PACKETS] [BUILD_DIR]
#        (default 100000 packets/s, 1000000 packets)
#
# As root: two network namespaces joined by a veth pair; the window (under
# Xvfb, TRAWL_DEBUG_STDOUT=1) captures on one end, started with Ctrl+E on
# the interface TRAWL_TEST_CAPTURE_INTERFACES chooses; tcpreplay sends the
# benchmark capture (make-big-capture.sh's, in /tmp/trawl-bench) onto the
# other end at PPS.  The window prints, at the end, its packet-to-row
# latency (kernel timestamp of each packet to the poll that gave its row
# to GTK, when the list is not filtered: the row is drawn in the next
# frame, <= 16 ms later, not counted) and the longest main-loop stall from
# the first rows to the end.  Memory: RssAnon of the window (the heap, not
# the mapped file) once the capture has started and at its end, divided by
# the frames captured.  The kernel's and the interface's drops are the
# helper's.  Goals (issue 10): p99 <= 250 ms, no stall > 50 ms, <= 150 B a
# frame beyond the file.  The window's debug output is kept in
# $TRAWL_BENCH_DIR/capture-gui-bench-out.txt.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
PPS=${1:-100000}
PACKETS=${2:-1000000}
BUILD=${3:-$HERE/../../build}
TRAWL="$BUILD/src/gui/trawl"
HELPER="$BUILD/src/capture/trawl-capture"
DIR=${TRAWL_BENCH_DIR:-/tmp/trawl-bench}
N=1000000
CAP="$DIR/big-$N.pcap"

[ "$(id -u)" = 0 ] || { echo "needs root (network namespaces, tcpreplay)"; exit 1; }
for tool in xvfb-run xdotool dbus-run-session tcpreplay ip; do
  command -v $tool >/dev/null 2>&1 || { echo "$tool missing"; exit 1; }
done
[ -x "$TRAWL" ] && [ -x "$HELPER" ] || { echo "no trawl or trawl-capture in $BUILD"; exit 1; }
mkdir -p "$DIR"
. "$HERE/bench-lib.sh"
bench_capture

NSA=wcapbench-a
NSB=wcapbench-b
IFA=wcapbencha
IFB=wcapbenchb

if [ -z "${TRAWL_IN_NETNS:-}" ]; then
  cleanup () { ip netns del "$NSA" 2>/dev/null || true; ip netns del "$NSB" 2>/dev/null || true; }
  trap cleanup EXIT
  cleanup
  ip netns add "$NSA"; ip netns add "$NSB"
  ip link add "$IFA" netns "$NSA" type veth peer name "$IFB" netns "$NSB"
  for ns in "$NSA" "$NSB"; do
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
    ip -n "$ns" link set lo up
  done
  ip -n "$NSA" link set "$IFA" up
  ip -n "$NSB" link set "$IFB" up
  export TRAWL_IN_NETNS=1
  ip netns exec "$NSA" dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" "$0" "$PPS" "$PACKETS" "$BUILD"
  exit $?
fi

export GDK_BACKEND=x11 GSETTINGS_BACKEND=memory NO_AT_BRIDGE=1 GTK_A11Y=none
export TRAWL_DEBUG_STDOUT=1 TRAWL_NON_UNIQUE=1 GSK_RENDERER=${GSK_RENDERER:-cairo}
export TRAWL_CAPTURE_HELPER=$HELPER
export TRAWL_TEST_CAPTURE_INTERFACES=$IFA
WORK=$(mktemp -d /tmp/trawl-capture-bench.XXXXXX)
export XDG_CACHE_HOME=$WORK/cache
OUT=$WORK/stdout.txt
"$TRAWL" > "$OUT" 2> "$WORK/stderr.txt" &
PID=$!
trap 'kill $PID 2>/dev/null || true; cp "$OUT" "$DIR/capture-gui-bench-out.txt"; rm -rf "$WORK"' EXIT

wait_for () {
  local t=0
  until grep -qE "$1" "$OUT"; do
    t=$((t + 1)); [ $t -ge $(( ${2:-10} * 10 )) ] && { echo "timed out waiting for /$1/"; cat "$WORK/stderr.txt"; exit 1; }
    sleep 0.1
  done
}
anon_kb () { awk '/^RssAnon:/ { print $2 }' "/proc/$PID/status"; }
# CPU ticks (user + system) of the window's main thread and of the whole process.
cpu_main () { awk '{ print $14 + $15 }' "/proc/$PID/task/$PID/stat"; }
cpu_all () { awk '{ print $14 + $15 }' "/proc/$PID/stat"; }

wait_for '^start-button ' 20
sleep 1
xdotool key ctrl+e
wait_for '^capture-started ' 15
sleep 1
before=$(anon_kb)
main0=$(cpu_main); all0=$(cpu_all)
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
echo "replaying $PACKETS packets of $CAP at $PPS packets/s onto $IFB"
ip netns exec "$NSB" tcpreplay -q -i "$IFB" --pps="$PPS" --limit="$PACKETS" "$CAP" 2>&1 | grep -E 'Actual|Rated|Failed' || true
sleep 2
xdotool key ctrl+e
wait_for '^capture-finished ' 120
after=$(anon_kb)
main1=$(cpu_main); all1=$(cpu_all)
frames=$(sed -n 's/^capture-finished frames=\([0-9]*\).*/\1/p' "$OUT")
grep -E "^capture-stopped|^capture-latency|^max-stall" "$OUT" | tail -3
python3 - "$before" "$after" "$frames" "$((main1 - main0))" "$((all1 - all0))" "$(getconf CLK_TCK)" <<'PY'
import sys
before, after, frames, main, allcpu, hz = (int(x) for x in sys.argv[1:])
print(f"frames captured and shown: {frames}")
print(f"CPU of the window: main thread {main / hz:.2f} s ({main / hz * 1e6 / max(frames, 1):.1f} us a frame), "
      f"all threads {allcpu / hz:.2f} s")
print(f"RssAnon {before / 1024:.1f} MB after start, {after / 1024:.1f} MB at the end: "
      f"{(after - before) * 1024 / max(frames, 1):.0f} B a frame beyond the file")
PY
echo "what the slow main-loop iterations were (debug lines over 10 ms after the first rows: count, mean, max):"
awk '/^first-rows/ { on = 1 } on && /^(update|poll|frame|capture-tick) / { n[$1]++; s[$1] += $2; if ($2 > m[$1]) m[$1] = $2 }
     END { for (k in n) printf "  %-12s %5d  %6.1f ms  %6.1f ms\n", k, n[k], s[k] / n[k], m[k] }' "$OUT"
echo "stalls over 50 ms during the capture (debug 'stall' lines after the first rows):"
awk '/^first-rows/ { on = 1 } on && /^stall / { n++; if ($2 > max) max = $2 } END { print "  " n + 0 " stalls, longest " max + 0 " ms" }' "$OUT"
