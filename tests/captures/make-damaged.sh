#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Regenerate tests/captures/damaged/ (deterministic) from http-curl.pcap and
# pcap-variants/http.pcapng, and write damaged/EXPECTED.txt.
#
# EXPECTED.txt columns:
#   file  tshark_frames  damage_offset  intact_frames  tshark_result
# tshark_frames: frames `tshark -r` prints before it stops (with or without
#   an error); damage_offset: byte offset of the first damaged byte;
#   intact_frames: records lying entirely before the damage (from the file
#   structure; tshark may read more when the damage is only in packet bytes);
#   tshark_result: "ok" or "error" (tshark exit status / message), for
#   reference only - a reader may be stricter or more lenient.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
D="$HERE/damaged"
mkdir -p "$D"
find "$D" -maxdepth 1 -type f ! -name EXPECTED.txt -delete
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
/usr/bin/python3 "$HERE/tools/make_damaged.py" "$HERE/http-curl.pcap" "$HERE/pcap-variants/http.pcapng" "$D" >"$TMP/list"
{
    echo "# file tshark_frames damage_offset intact_frames tshark_result   (see make-damaged.sh)"
    echo "# tshark: $(tshark --version 2>/dev/null | head -1)"
    while read -r name intact offset; do
        rc=0
        frames=$(tshark -r "$D/$name" 2>"$TMP/err" | wc -l) || true
        tshark -r "$D/$name" >/dev/null 2>&1 || rc=$?
        msg=$( (grep -v '^Running as user' "$TMP/err" || true) | head -1 | sed "s/^tshark: //; s|\"[^\"]*/$name\"|$name|" | cut -c1-120)
        if [ $rc -eq 0 ] && [ -z "$msg" ]; then res=ok; else res="error: ${msg:-exit $rc}"; fi
        printf '%s %s %s %s %s\n' "$name" "$frames" "$offset" "$intact" "$res"
    done <"$TMP/list"
} >"$D/EXPECTED.txt"
cat "$D/EXPECTED.txt"
