# SPDX-License-Identifier: GPL-3.0-or-later
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

# The timing files of this shell go when it does.
trap 'rm -f "$DIR/time.$$.out"' EXIT

# RUN_OUT: where run() sends the command's output (a file to count LINES).
RUN_OUT=${RUN_OUT:-/dev/null}

# BENCH_RUNS: timed runs of each command (default 3); the fastest counts,
# for trawl and tshark alike, since other guests on the host slow the
# machine by up to 60% for seconds at a time.  run_pair alternates the two
# commands so that such a phase falls on both.
BENCH_RUNS=${BENCH_RUNS:-3}

# time_once CMD...: T_SECS (wall) and T_CPU (user+sys) of one run, with
# nothing beside it; the output goes to RUN_OUT.
time_once() {
  local t0 t1
  t0=$(date +%s.%N)
  /usr/bin/time -f '%U %S' -o "$DIR/time.$$.out" "$@" >"$RUN_OUT" 2>/dev/null || true
  t1=$(date +%s.%N)
  T_SECS=$(python3 -c "print($t1 - $t0)")
  T_CPU=$(python3 -c "u, s = open('$DIR/time.$$.out').read().split()[-2:]; print(float(u) + float(s))")
}

# faster A B: whether A is below B (B empty: yes).
faster() { [ -z "$2" ] || python3 -c "import sys; sys.exit(0 if $1 < $2 else 1)"; }

# sample_mem CMD...: ANON and HWM, peak KB of RssAnon and VmHWM sampled
# every 20 ms with shell builtins, from a run of its own (the sampler
# takes CPU: on a 2-core machine it would slow a timed run).
sample_mem() {
  local pid kid="" anon=0 hwm=0 k v rest
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

# run CMD...: SECS and CPU of the fastest of BENCH_RUNS runs, LINES
# (lines printed, when RUN_OUT is a file), ANON and HWM (sample_mem).
run() {
  local i
  SECS=""
  for i in $(seq 1 "$BENCH_RUNS"); do
    time_once "$@"
    if faster "$T_SECS" "$SECS"; then SECS=$T_SECS CPU=$T_CPU; fi
  done
  LINES=$(lines_out)
  [ "$RUN_OUT" = /dev/null ] || rm -f "$RUN_OUT"
  sample_mem "$@"
}

# lines_out: the lines RUN_OUT holds (0 when it is /dev/null).
lines_out() { if [ "$RUN_OUT" != /dev/null ]; then wc -l < "$RUN_OUT"; else echo 0; fi; }

# run_pair A B: the commands in the arrays named A and B, run in turn
# (A, B, A, B, ...) BENCH_RUNS times each: SECS_A, CPU_A, LINES_A,
# ANON_A, HWM_A of A's fastest run and the same for B.
run_pair() {
  local -n _cmd_a=$1 _cmd_b=$2
  local i
  SECS_A="" SECS_B=""
  for i in $(seq 1 "$BENCH_RUNS"); do
    time_once "${_cmd_a[@]}"
    if faster "$T_SECS" "$SECS_A"; then SECS_A=$T_SECS CPU_A=$T_CPU; fi
    LINES_A=$(lines_out)
    time_once "${_cmd_b[@]}"
    if faster "$T_SECS" "$SECS_B"; then SECS_B=$T_SECS CPU_B=$T_CPU; fi
    LINES_B=$(lines_out)
  done
  [ "$RUN_OUT" = /dev/null ] || rm -f "$RUN_OUT"
  sample_mem "${_cmd_a[@]}"; ANON_A=$ANON HWM_A=$HWM
  sample_mem "${_cmd_b[@]}"; ANON_B=$ANON HWM_B=$HWM
}
