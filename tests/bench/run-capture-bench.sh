#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# run-capture-bench.sh [N]: live-capture drops of trawl-capture beside
# dumpcap and tcpdump -w (not a test: it prints numbers side by side).
#
# The N-frame benchmark capture (make-big-capture.sh, default 1,000,000
# frames) is replayed by tcpreplay from one network namespace onto a veth
# (offloads off) at 50k, 100k and 200k packets/s and at top speed; in the
# other namespace each capturer in turn writes everything it receives on
# the peer interface, with the same 2 MiB kernel buffer.  For each it
# prints the packets tcpreplay sent, those in the written file, and the
# kernel drops the capturer reports (trawl-capture: its last ISB's
# isb_ifdrop; dumpcap: "received/dropped"; tcpdump: "dropped by kernel").
# Needs root, tcpreplay, dumpcap, tcpdump (tools/install-deps.sh --captures).
# BENCH_RATES (default "50000 100000 200000 top"), BENCH_LIMIT (packets per
# replay, default all), TRAWL_BENCH_DIR (default /tmp/trawl-bench).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
N=${1:-1000000}
DIR=${TRAWL_BENCH_DIR:-/tmp/trawl-bench}
CAP="$DIR/big-$N.pcap"
RATES=${BENCH_RATES:-50000 100000 200000 top}
LIMIT=${BENCH_LIMIT:-}
HELPER=${TRAWL_CAPTURE_HELPER:-$HERE/../../build/src/capture/trawl-capture}
mkdir -p "$DIR"
. "$HERE/bench-lib.sh"

[ "$(id -u)" = 0 ] || { echo "needs root (namespaces, capture)" >&2; exit 1; }
for t in tcpreplay dumpcap tcpdump capinfos ip ethtool; do
  command -v "$t" >/dev/null || { echo "missing $t (tools/install-deps.sh --captures)" >&2; exit 1; }
done
[ -x "$HELPER" ] || { echo "no trawl-capture at $HELPER (build first, or set TRAWL_CAPTURE_HELPER)" >&2; exit 1; }
bench_capture

A=capture-bench-a B=capture-bench-b VA=capb-va VB=capb-vb
cleanup() { ip netns del "$A" 2>/dev/null || true; ip netns del "$B" 2>/dev/null || true; }
trap 'cleanup; rm -f "$DIR/time.$$.out"' EXIT
cleanup
ip netns add "$A"; ip netns add "$B"
ip link add "$VA" netns "$A" type veth peer name "$VB" netns "$B"
for ns_if in "$A:$VA" "$B:$VB"; do
  ns=${ns_if%%:*} dev=${ns_if#*:}
  ip -n "$ns" link set "$dev" up
  ip netns exec "$ns" ethtool -K "$dev" tso off gso off gro off tx off rx off >/dev/null 2>&1 || true
done

OUT="$DIR/capture-bench.pcapng"
ERR="$DIR/capture-bench.err"

# start_capture TOOL: the capturer in namespace B, its pid in CPID.
start_capture() {
  rm -f "$OUT"
  case $1 in
    trawl-capture)
      ip netns exec "$B" "$HELPER" -i "$VB" --output-fd 3 3>"$OUT" 2>"$ERR" & ;;
    dumpcap)
      ip netns exec "$B" dumpcap -i "$VB" -w "$OUT" >"$ERR" 2>&1 & ;;
    tcpdump)
      ip netns exec "$B" tcpdump -i "$VB" -w "$OUT" >"$ERR" 2>&1 & ;;
  esac
  CPID=$!
  sleep 1.5   # every capturer is listening well before this
}

# dropped TOOL: the kernel drops the capturer reported.
dropped() {
  case $1 in
    trawl-capture)
      /usr/bin/python3 -c "
import sys; sys.path.insert(0, sys.argv[1])
import capturelib
isbs = capturelib.read_pcapng(sys.argv[2])[2]
print(isbs[-1].get('ifdrop', '?') if isbs else '?')" "$HERE/../capture" "$OUT" ;;
    dumpcap)
      sed -n "s/.*received\/dropped on interface '[^']*': [0-9]*\/\([0-9]*\).*/\1/p" "$ERR" | tail -1 ;;
    tcpdump)
      sed -n 's/^\([0-9]*\) packets\{0,1\} dropped by kernel.*/\1/p' "$ERR" | tail -1 ;;
  esac
}

printf '%-9s %-14s %10s %10s %10s %8s\n' rate capturer sent written dropped seconds
for rate in $RATES; do
  for tool in trawl-capture dumpcap tcpdump; do
    start_capture "$tool"
    speed=(--pps="$rate")
    [ "$rate" = top ] && speed=(--topspeed)
    lim=()
    [ -n "$LIMIT" ] && lim=(--limit="$LIMIT")
    t0=$(date +%s.%N)
    sent=$(ip netns exec "$A" tcpreplay -i "$VA" "${speed[@]}" "${lim[@]}" "$CAP" 2>&1 \
           | sed -n 's/.*Successful packets: *\([0-9]*\).*/\1/p')
    t1=$(date +%s.%N)
    sleep 1
    kill -INT "$CPID"
    wait "$CPID" || true
    written=$(capinfos -c -M "$OUT" 2>/dev/null | sed -n 's/^Number of packets: *//p')
    printf '%-9s %-14s %10s %10s %10s %8.1f\n' "$rate" "$tool" "${sent:-?}" "${written:-?}" \
      "$(dropped "$tool")" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')"
  done
done
rm -f "$OUT" "$ERR"
