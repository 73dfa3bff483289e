#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Regenerate expected/*.tsv from tshark (the oracle) for the capture-file
# tests: one line per frame with frame.number, frame.time_epoch,
# frame.cap_len, frame.len, frame.interface_id, frame.encap_type (a
# wiretap encapsulation number), after a line with the capture's sha256.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
CAPS="$HERE/../../captures"
mkdir -p "$HERE/expected"
for f in "$CAPS"/pcap-variants/* "$CAPS"/*.pcap "$CAPS"/*.pcapng; do
  [ -f "$f" ] || continue
  name=$(basename "$f")
  { echo "# sha256 $(sha256sum <"$f" | cut -d' ' -f1)"
    tshark -r "$f" -T fields -e frame.number -e frame.time_epoch \
      -e frame.cap_len -e frame.len -e frame.interface_id -e frame.encap_type \
      2>/dev/null || true
  } >"$HERE/expected/$name.tsv"
done
