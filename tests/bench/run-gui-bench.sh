#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Benchmark the window on a big capture (not a timed test).
#
# usage: tests/bench/run-gui-bench.sh [N] [BUILD_DIR] [RUNS]   (N frames, default 1000000)
#
# Starts `trawl big-N.pcap` under Xvfb with the debug hook
# (TRAWL_DEBUG_STDOUT=1) and reads what it prints: the wall-clock instant
# of the first rows on screen, of the end of the index pass and of the end
# of the analysis pass (loaded), and the longest main-loop stall from the
# window's first frame on screen (before it the application is starting,
# not frozen).  Times are measured from the launch of the process (the
# shell's clock before exec), so they include GTK's start-up.  Then it
# applies a display filter with xdotool and reads the filter time and the
# longest stall until the filtered rows are on screen.  Peak
# RssAnon (anonymous memory: the heap, not the mapped file) is sampled
# every 20 ms.  tshark's wall time to read the same file
# (`tshark -r F > /dev/null`) is printed beside.
# Targets (issue 4): first rows <= 0.5 s, fully indexed <= 2 s, no stall
# over 50 ms, <= 150 MB beyond the file.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
N=${1:-1000000}
BUILD=${2:-$HERE/../../build}
RUNS=${3:-3}
TRAWL="$BUILD/src/gui/trawl"
DIR=${TRAWL_BENCH_DIR:-/tmp/trawl-bench}
CAP="$DIR/big-$N.pcap"
FILTER=${TRAWL_BENCH_FILTER:-'tcp.flags.syn == 1 && tcp.flags.ack == 0'}
mkdir -p "$DIR"
[ -x "$TRAWL" ] || { echo "no trawl at $TRAWL (give BUILD_DIR)"; exit 1; }
for tool in xvfb-run xdotool dbus-run-session; do
  command -v $tool >/dev/null 2>&1 || { echo "$tool missing"; exit 1; }
done

. "$HERE/bench-lib.sh"
bench_capture

if [ -z "${TRAWL_IN_XVFB:-}" ]; then
  export TRAWL_IN_XVFB=1
  exec dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" "$0" "$N" "$BUILD" "$RUNS"
fi
export GDK_BACKEND=x11 GSETTINGS_BACKEND=memory NO_AT_BRIDGE=1 GTK_A11Y=none
# There is no GPU under Xvfb: the window draws with cairo, and GL is not
# set up either (GDK otherwise loads Mesa's llvmpipe when it opens the
# display, 130-140 ms before the window exists).  GDK_DEBUG= (empty) in
# the environment keeps GL, to measure that too.
export TRAWL_DEBUG_STDOUT=1 TRAWL_NON_UNIQUE=1 GSK_RENDERER=${GSK_RENDERER:-cairo} GDK_DEBUG=${GDK_DEBUG-gl-disable}

SIZE=$(stat -c %s "$CAP")
OUT="$DIR/gui-bench-out.txt"

# field LINE-REGEX: the first number after the regex in the output
field () { sed -n "s/$1\([0-9.]*\).*/\1/p" "$OUT" | head -1; }

one_run () {
  local t0 pid anon=0 k v rest i sent=0
  : > "$OUT"
  t0=$(date +%s.%N)
  "$TRAWL" "$CAP" > "$OUT" 2>/dev/null &
  pid=$!
  # Sample RssAnon until the load is done and the filter has run.
  for i in $(seq 1 3000); do
    while read -r k v rest; do
      [ "$k" = RssAnon: ] && [ "$v" -gt "$anon" ] && anon=$v
    done < "/proc/$pid/status" 2>/dev/null || true
    if grep -q '^loaded ' "$OUT"; then
      if [ $sent = 0 ]; then
        sleep 0.3
        xdotool key ctrl+slash
        xdotool type --delay 5 "$FILTER"
        xdotool key Return
        sent=1
      elif grep -q '^filter-max-stall' "$OUT"; then
        break
      fi
    fi
    sleep 0.02
  done
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true
  python3 - "$OUT" "$t0" "$anon" "$SIZE" <<'PY'
import re, sys
out, t0, anon, size = open(sys.argv[1]).read(), float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
def at(name):
    m = re.search(r'^%s .*\bat=([0-9.]+)' % name, out, re.M)
    return float(m.group(1)) - t0 if m else float('nan')
stalls = [float(x) for x in re.findall(r'^max-stall ([0-9.]+)', out, re.M)]
stalls += [float(x) for x in re.findall(r'^filter-max-stall ([0-9.]+)', out, re.M)]
ft = re.search(r'^filter-time ([0-9.]+)', out, re.M)
disp = re.findall(r'^displayed (\d+)/(\d+)', out, re.M)
print(f"{at('first-rows'):8.3f} {at('indexed'):8.3f} {at('loaded'):8.3f} "
      f"{stalls[0] if stalls else float('nan'):9.1f} "
      f"{float(ft.group(1)) if ft else float('nan'):8.3f} "
      f"{stalls[1] if len(stalls) > 1 else float('nan'):9.1f} "
      f"{anon / 1024:9.1f} {disp[-1][0] if disp else '?':>8}")
PY
}

echo "capture: $CAP ($N frames, $SIZE bytes); $(nproc) cores; filter: $FILTER"
t0=$(date +%s.%N); tshark -n -r "$CAP" > /dev/null 2>&1 || true; t1=$(date +%s.%N)
python3 -c "print(f'tshark -r (wall): {$t1 - $t0:.2f} s')"
echo "times in s from launch; stalls in ms; memory = peak RssAnon in MB (the mapped file not counted)"
printf '%8s %8s %8s %9s %8s %9s %9s %8s\n' first-rows indexed loaded max-stall filter f-stall anon-MB matches
for r in $(seq 1 "$RUNS"); do one_run; done
