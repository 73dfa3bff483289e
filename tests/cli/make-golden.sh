#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Regenerate tests/cli/golden/NAME.txt = `trawl-cli -r NAME -V -n` (TZ=UTC).
# usage: tests/cli/make-golden.sh BUILD_DIR [CAPTURE...]
# Review every changed file against `TZ=UTC tshark -r NAME -V -n` before
# committing; record remaining differences in golden/NOTES.txt.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
BUILD=${1:?usage: make-golden.sh BUILD_DIR [CAPTURE...]}
shift
CLI="$BUILD/src/cli/trawl-cli"
if [ $# -eq 0 ]; then
  set -- "$HERE"/../captures/*.pcap "$HERE"/../captures/*.pcapng "$HERE"/../../data/chat.pcap
fi
for f in "$@"; do
  TZ=UTC "$CLI" -r "$f" -V -n > "$HERE/golden/$(basename "$f").txt" || true
  echo "wrote golden/$(basename "$f").txt"
done
