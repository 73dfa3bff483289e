#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Regenerate the per-frame transport values that test-transport compares
# with: tshark (4.0) is the oracle.  Run from the top of the source tree.
set -eu
out=tests/engine/transport/expected
mkdir -p "$out"
for f in tests/captures/http-curl.pcap tests/captures/ws-chat-eth.pcapng \
         tests/captures/dns-netns.pcap data/chat.pcap tests/engine/transport/synthetic.pcap; do
  [ -f "$f" ] || continue
  tshark -r "$f" -n -T fields -E separator=/t \
    -e frame.number -e tcp.stream -e tcp.seq -e tcp.ack -e tcp.nxtseq \
    -e tcp.window_size -e tcp.len -e udp.stream 2>/dev/null > "$out/$(basename "$f").tsv"
done
