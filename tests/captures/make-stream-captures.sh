#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Captures for TCP reassembly (issue 11), beside make-captures.sh.
#
# usage: make-stream-captures.sh [NAME...]   (default: all; needs root)
#   http-reasm: http-reasm.pcap.gz: curl -> nginx between two network
#     namespaces (streamsc 10.99.31.10 <-> streamss 10.99.31.80, veth,
#     offloads off, MTU 1500): a 1 MB download (Content-Length), a chunked
#     gzip response (nginx gzip on, curl --compressed), a small page, and a
#     POST whose body spans segments.  Compressed with gzip: the download is
#     text and shrinks far below 1 MB.
#   ws-big: ws-big.pcap: tools/ws_big.py client -> echo server (streamsc
#     10.99.32.10 <-> streamss 10.99.32.80:9502): text and binary messages
#     bigger than a segment, one message in three fragments.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
export PATH="/usr/sbin:/usr/bin:/sbin:/bin:$PATH"
for t in tshark tcpdump nginx curl ip ethtool gzip; do
    command -v "$t" >/dev/null || { echo "missing $t" >&2; exit 1; }
done
[ "$(id -u)" = 0 ] || { echo "needs root (tcpdump, network namespaces)" >&2; exit 1; }

cap_http_reasm() (
    . "$HERE/tools/lib.sh"
    local C="streamsc-$BASHPID" S="streamss-$BASHPID"
    netns_new "$C"; netns_new "$S"
    for ns in "$C" "$S"; do ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1; done
    veth_pair "$C" stc "$S" sts
    set_mac "$C" stc 02:00:0a:63:1f:0a; set_mac "$S" sts 02:00:0a:63:1f:50
    ip -n "$C" addr add 10.99.31.10/24 dev stc
    ip -n "$S" addr add 10.99.31.80/24 dev sts
    make_docroot "$WORK/www"
    # 1 MB of text: numbered lines, so that every byte is checkable
    /usr/bin/python3 -c '
import sys
out = open(sys.argv[1], "w")
n = 0
i = 0
while n < 1048576:
    line = "line %06d: the quick brown fox jumps over the lazy dog\n" % i
    out.write(line); n += len(line); i += 1
' "$WORK/www/big.txt"
    /usr/bin/python3 -c '
import sys
open(sys.argv[1], "w").write("".join("gzip line %d of a chunked compressed response\n" % i for i in range(400)))
' "$WORK/www/gz.txt"
    NGINX_MAIN_EXTRA="load_module /usr/lib/nginx/modules/ngx_http_echo_module.so;"
    nginx_start 80 "$WORK/www" 'gzip on; gzip_types text/plain; gzip_min_length 1;
        location = /echo { echo_read_request_body; echo "received $content_length bytes"; }' \
        10.99.31.80 "$S"
    capture_start "$WORK/out.pcap" ip netns exec "$C" tcpdump -i stc 'tcp port 80'
    local CURL=(ip netns exec "$C" curl -sS -o /dev/null)
    "${CURL[@]}" http://10.99.31.80/big.txt
    "${CURL[@]}" --compressed http://10.99.31.80/gz.txt
    "${CURL[@]}" http://10.99.31.80/index.html
    /usr/bin/python3 -c 'print("field=" + "x" * 5000, end="")' >"$WORK/post.txt"
    "${CURL[@]}" -H 'Content-Type: application/x-www-form-urlencoded' \
        --data-binary @"$WORK/post.txt" http://10.99.31.80/echo
    capture_stop
    gzip -9 -n -c "$WORK/out.pcap" >"$WORK/out.pcap.gz"
    finish "$WORK/out.pcap.gz" "$HERE/http-reasm.pcap.gz" \
        'http.content_length > 1000000' 'http.transfer_encoding == "chunked"' \
        'http.content_encoding == "gzip"' 'http.request.method == "POST"' 'tcp.reassembled.length > 1000000'
)

cap_ws_big() (
    . "$HERE/tools/lib.sh"
    local C="streamsc-$BASHPID" S="streamss-$BASHPID"
    netns_new "$C"; netns_new "$S"
    for ns in "$C" "$S"; do ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1; done
    veth_pair "$C" stc "$S" sts
    set_mac "$C" stc 02:00:0a:63:20:0a; set_mac "$S" sts 02:00:0a:63:20:50
    ip -n "$C" addr add 10.99.32.10/24 dev stc
    ip -n "$S" addr add 10.99.32.80/24 dev sts
    spawn ip netns exec "$S" /usr/bin/python3 -u "$HERE/tools/ws_big.py" server 10.99.32.80 9502 >"$WORK/ws.log" 2>&1
    wait_for_text "$WORK/ws.log" ready
    capture_start "$WORK/out.pcap" ip netns exec "$C" tcpdump -i stc 'tcp port 9502'
    ip netns exec "$C" /usr/bin/python3 "$HERE/tools/ws_big.py" client ws://10.99.32.80:9502/
    capture_stop
    finish "$WORK/out.pcap" "$HERE/ws-big.pcap" 'websocket.opcode == 0' 'websocket.opcode == 2' \
        'tcp.reassembled.length > 1500 && websocket.opcode == 1'
)

ALL=(http_reasm ws_big)
[ $# -gt 0 ] || set -- "${ALL[@]}"
for step in "$@"; do
    echo "== $step"
    "cap_${step//-/_}"
done
