#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Regenerate the web suite's expected values with tshark (the oracle).
# For each line of cases.txt: the frame's TCP payload (payloads/NAME.hex)
# and tshark's -T fields value of every listed field (expected/NAME.txt,
# "field<TAB>value" with all occurrences joined by ",").
# Run from anywhere; needs tshark 4.0 (`--enable-heuristic http_tcp` finds
# HTTP on port 12345 as trawl does).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
mkdir -p "$here/payloads" "$here/expected"
grep -v '^#' "$here/cases.txt" | while read -r name cap frame entry fields; do
  [ -n "$name" ] || continue
  tshark --enable-heuristic http_tcp -r "$top/$cap" -Y "frame.number==$frame" \
    -T fields -e tcp.payload > "$here/payloads/$name.hex"
  : > "$here/expected/$name.txt"
  for f in $fields; do
    v=$(tshark --enable-heuristic http_tcp -r "$top/$cap" -Y "frame.number==$frame" \
          -T fields -E occurrence=a -E aggregator=, -e "$f")
    printf '%s\t%s\n' "$f" "$v" >> "$here/expected/$name.txt"
  done
done
