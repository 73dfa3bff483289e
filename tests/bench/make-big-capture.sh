#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Build a big benchmark capture of N frames (default 1000000) of realistic
# traffic made by real programs, replicated.
#
# usage: make-big-capture.sh OUT [N]      (needs root; do not commit OUT)
#
# 1. Two network namespaces joined by a veth pair (10.99.7.0/24, private,
#    only between them).  The server namespace runs nginx (static files,
#    /websocket proxied to a python3-websockets chat server), the stdlib DNS
#    server from tests/captures/tools, and openssl s_server.  The client
#    namespace runs curl (GET, 404, POST, keep-alive), two websocket chat
#    clients, dig (UDP, TCP, NXDOMAIN), curl over TLS, ping and a few
#    connections to a closed port.  tcpdump on the client's veth writes a
#    small Ethernet pcap.
# 2. replicate.py repeats it N frames long with increasing timestamps and a
#    different client IPv4 address per copy, so every copy has new streams.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
OUT=${1:?usage: make-big-capture.sh OUT [N]}
N=${2:-1000000}
CAPS="$HERE/../captures"
. "$CAPS/tools/lib.sh"

C="trawl-bc-$BASHPID" S="trawl-bs-$BASHPID"
netns_new "$C"; netns_new "$S"
for ns in "$C" "$S"; do ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1; done
veth_pair "$C" vc "$S" vs
set_mac "$C" vc 02:00:0a:63:07:0a; set_mac "$S" vs 02:00:0a:63:07:01
ip -n "$C" addr add 10.99.7.10/24 dev vc
ip -n "$S" addr add 10.99.7.1/24 dev vs

make_docroot "$WORK/www"
head -c 20000 /dev/zero | tr '\0' 'x' >"$WORK/www/big.txt"
spawn ip netns exec "$S" "$PY" -u "$TOOLS/chat_server.py" 127.0.0.1 9501 >"$WORK/chat.log" 2>&1
wait_for_text "$WORK/chat.log" ready
NGINX_MAIN_EXTRA="load_module /usr/lib/nginx/modules/ngx_http_echo_module.so;"
nginx_start 80 "$WORK/www" 'location = /echo { echo_read_request_body; echo "received: $request_body"; }' 10.99.7.1 "$S"
spawn ip netns exec "$S" "$PY" -u "$TOOLS/dns_server.py" 10.99.7.1 53 >"$WORK/dns.log" 2>&1
wait_for_text "$WORK/dns.log" ready
openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=trawl.example" \
    -keyout "$WORK/key.pem" -out "$WORK/cert.pem" >/dev/null 2>&1
spawn ip netns exec "$S" openssl s_server -accept 10.99.7.1:443 -cert "$WORK/cert.pem" -key "$WORK/key.pem" -www -quiet >"$WORK/tls.log" 2>&1
wait_port "$S" 443

X=(ip netns exec "$C")
capture_start "$WORK/base.pcap" "${X[@]}" tcpdump -i vc
"${X[@]}" ping -n -c 2 -i 0.2 10.99.7.1 >/dev/null
"${X[@]}" curl -sS -o /dev/null http://10.99.7.1/index.html
"${X[@]}" curl -sS -o /dev/null http://10.99.7.1/missing
"${X[@]}" curl -sS -o /dev/null --data 'name=trawl&msg=hello' http://10.99.7.1/echo
"${X[@]}" curl -sS -o /dev/null -o /dev/null -o /dev/null http://10.99.7.1/index.html http://10.99.7.1/hello.txt http://10.99.7.1/big.txt
"${X[@]}" "$PY" "$TOOLS/chat_clients.py" ws://10.99.7.1/websocket --extras
D=("${X[@]}" dig @10.99.7.1 +tries=1 +time=2)
"${D[@]}" www.example.test A >/dev/null
"${D[@]}" example.test MX >/dev/null
"${D[@]}" -x 10.99.7.80 >/dev/null
"${D[@]}" nosuchhost.example.test A >/dev/null
"${D[@]}" example.test NS +tcp >/dev/null
"${X[@]}" curl -sS -k -o /dev/null --resolve trawl.example:443:10.99.7.1 https://trawl.example/ || true
for p in 1 2 3; do "${X[@]}" curl -sS -o /dev/null --max-time 2 "http://10.99.7.1:81$p/" 2>/dev/null || true; done
capture_stop

echo "base capture: $(tshark -r "$WORK/base.pcap" 2>/dev/null | wc -l) frames"
time "$PY" "$HERE/replicate.py" "$WORK/base.pcap" "$OUT" "$N" 10.99.7.10
ls -l "$OUT"
