#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# run-tests.sh [BUILDDIR] [--sanitize]: configure, build and run every test.
# --sanitize builds with AddressSanitizer + UndefinedBehaviorSanitizer and
# the libFuzzer targets (needs clang: CC=clang-14).
set -eu
builddir=${1:-build}
opts=""
skip=""
if [ "${2:-}" = "--sanitize" ]; then
  # thousands of trawl-cli launches: run in the plain build only (see
  # tests/conformance/meson.build)
  skip="--no-suite filter-conformance"
  opts="-Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug -Dfuzzers=true"
  export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
  export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
fi
if [ -d "$builddir/meson-private" ]; then
  meson setup --reconfigure "$builddir" $opts >/dev/null
else
  meson setup "$builddir" $opts
fi
meson compile -C "$builddir"
meson test -C "$builddir" --print-errorlogs --num-processes 2 $skip
