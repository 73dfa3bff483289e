#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Writes expected.txt: for each line of filters.txt, the frames tshark
# (4.0, the oracle) keeps.  Run from anywhere; commit the result.
#   capture<TAB>filter<TAB>comma-separated frame numbers (or "error")
# "xor"/"^^" are not in Wireshark 4.0: those lines are run with
# "a xor b" rewritten as "(a) != (b)" spelled with and/or/not.
set -e
here=$(cd "$(dirname "$0")" && pwd)
caps="$here/../../captures"
out="$here/expected.txt"
: > "$out"
grep -v '^#' "$here/filters.txt" | while IFS='	' read -r cap filter; do
  [ -n "$cap" ] || continue
  f="$filter"
  case "$f" in
    *" xor "*)
      a=${f%% xor *}; b=${f#* xor }
      f="(($a) and not ($b)) or (not ($a) and ($b))";;
  esac
  # TCP reassembly stays off here until dns.c asks TCP for desegmentation
  # (dns-netns.pcap's answer over TCP, frames 40/42); the reassembled
  # HTTP and WebSocket filters are checked by the conformance suite.
  # Trawl does not defragment IP: tshark is set up the same way, except for
  # WebSocket payloads, which tshark 4.0 only dissects while it may
  # desegment (see tests/conformance/conformance.py).
  case "$f" in
    *websocket.payload*) prefs="";;
    *) prefs="-o ip.defragment:FALSE -o ipv6.defragment:FALSE -o tcp.desegment_tcp_streams:FALSE";;
  esac
  # shellcheck disable=SC2086
  if frames=$(tshark -n $prefs -r "$caps/$cap" -Y "$f" -T fields -e frame.number 2>/dev/null); then
    printf '%s\t%s\t%s\n' "$cap" "$filter" "$(echo $frames | tr ' ' ',')" >> "$out"
  else
    printf '%s\t%s\terror\n' "$cap" "$filter" >> "$out"
  fi
done
