# bench-lib.sh: what the benchmark scripts share; sourced, not run.
# Needs HERE, N, DIR and CAP set by the caller.

# bench_capture: build $CAP ($N frames) unless it is cached.
bench_capture() {
  if [ ! -s "$CAP" ]; then
    if [ "$(id -u)" = 0 ] && "$HERE/make-big-capture.sh" "$CAP" "$N" >"$DIR/make.log" 2>&1; then
      echo "built $CAP with make-big-capture.sh"
    else
      # Not the benchmark's traffic mix: say so, and why.
      echo "make-big-capture.sh failed (needs root and tools/install-deps.sh --captures):"
      tail -n 3 "$DIR/make.log" 2>/dev/null | sed 's/^/  /'
      /usr/bin/python3 "$HERE/replicate.py" "$HERE/../captures/http-curl.pcap" "$CAP" "$N" 127.0.0.1
      echo "built $CAP by replicating http-curl.pcap (NOT comparable with the real mix)"
    fi
  fi
}

# RUN_OUT: where run() sends the command's output (a file to count LINES).
RUN_OUT=${RUN_OUT:-/dev/null}

# BENCH_RUNS: timed runs of each command (default 3); the fastest counts,
# for trawl and tshark alike, since other guests on the host slow one run
# or another by up to 30%.
BENCH_RUNS=${BENCH_RUNS:-3}

# run CMD...: SECS (wall) and CPU (user+sys) of the fastest of BENCH_RUNS
# runs, LINES (lines printed, when RUN_OUT is a file), each run with
# nothing beside it; ANON and HWM (peak KB, RssAnon and VmHWM sampled
# every 20 ms with shell builtins) from one more run.  The sampler takes
# CPU: on a 2-core machine it would slow the timed run itself.
run() {
  local t0 t1 pid kid="" anon=0 hwm=0 k v rest i secs
  SECS=""
  for i in $(seq 1 "$BENCH_RUNS"); do
    t0=$(date +%s.%N)
    /usr/bin/time -f '%U %S' -o "$DIR/time.$$.out" "$@" >"$RUN_OUT" 2>/dev/null || true
    t1=$(date +%s.%N)
    secs=$(python3 -c "print($t1 - $t0)")
    if [ -z "$SECS" ] || python3 -c "import sys; sys.exit(0 if $secs < $SECS else 1)"; then
      SECS=$secs
      CPU=$(python3 -c "u, s = open('$DIR/time.$$.out').read().split()[-2:]; print(float(u) + float(s))")
    fi
  done
  LINES=0
  if [ "$RUN_OUT" != /dev/null ]; then
    LINES=$(wc -l < "$RUN_OUT")
    rm -f "$RUN_OUT"
  fi

  /usr/bin/time -f '%U %S' -o "$DIR/time.$$.out" "$@" >/dev/null 2>/dev/null &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    [ -z "$kid" ] && { read -r kid rest < "/proc/$pid/task/$pid/children" || true; } 2>/dev/null
    if [ -n "$kid" ]; then
      { while read -r k v rest; do
          case $k in
            RssAnon:) [ "$v" -gt "$anon" ] && anon=$v || true ;;
            VmHWM:) [ "$v" -gt "$hwm" ] && hwm=$v || true ;;
          esac
        done < "/proc/$kid/status"; } 2>/dev/null || true
    fi
    sleep 0.02
  done
  wait "$pid" || true
  ANON=$anon
  HWM=$hwm
}
