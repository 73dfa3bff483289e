#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Produce data/chat.pcap: the sample capture used by the seeds/demo.
#
# A python3-websockets chat server on 127.0.0.1:9501, nginx on
# 127.0.0.1:12345 proxying /websocket to it and serving a static index.html.
# Two clients connect through nginx ("mynick" says "hi, all !", "bob" says
# "hello mynick"), the server broadcasts, both close cleanly; plus one curl
# of /index.html.  Captured with `tcpdump -i any` => Linux cooked v2
# (LINKTYPE_LINUX_SLL2 = 276).  Needs root (tcpdump).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/../tests/captures/tools/lib.sh"

OUT="$HERE/chat.pcap"
make_docroot "$WORK/www"
chat_server_start
nginx_start 12345 "$WORK/www"

capture_start "$WORK/chat.pcap" tcpdump -i any 'port 12345 or port 9501'
chat_clients
sleep 0.3
curl -sS -o /dev/null http://127.0.0.1:12345/index.html
capture_stop

finish "$WORK/chat.pcap" "$OUT" \
    'sll.ifindex == 1' 'http.response.code == 101' 'http.request.uri == "/index.html"' \
    'websocket.payload.text contains "hi, all !"' 'websocket.payload.text contains "hello mynick"' \
    'websocket.opcode == 8'
