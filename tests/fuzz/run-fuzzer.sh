#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# run-fuzzer.sh EXE CORPUS SEED...: a short libFuzzer run on a seed corpus.
# FUZZ_SECONDS (default 20) bounds it; a crash fails the test.
set -eu
exe=$1; corpus=$2; shift 2
mkdir -p "$corpus"
exec "$exe" -max_total_time="${FUZZ_SECONDS:-20}" -max_len=65536 -timeout=10 \
  -rss_limit_mb=2048 -print_final_stats=1 "$corpus" "$@"
