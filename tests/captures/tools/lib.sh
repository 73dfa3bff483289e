# SPDX-License-Identifier: GPL-3.0-or-later
# Shared helpers for the capture-making scripts.  Source it from a script
# that has `set -euo pipefail`.  It creates $WORK (a mktemp dir) and installs
# an EXIT trap that runs every registered cleanup command in reverse order,
# kills registered background processes, deletes registered network
# namespaces and removes $WORK.
#
# Python: Debian's python3-websockets / python3-scapy belong to the system
# interpreter, so we always use /usr/bin/python3.

PY=/usr/bin/python3
TOOLS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORK="$(mktemp -d -t trawl-cap.XXXXXX)"
chmod 755 "$WORK"
_CLEANUP=()
_PIDS=()
_NETNS=()

_cleanup() {
    local rc=$?
    set +e
    local i
    for ((i=${#_CLEANUP[@]}-1; i>=0; i--)); do eval "${_CLEANUP[$i]}" >/dev/null 2>&1; done
    for ((i=${#_PIDS[@]}-1; i>=0; i--)); do
        kill "${_PIDS[$i]}" 2>/dev/null && wait "${_PIDS[$i]}" 2>/dev/null
    done
    for ns in "${_NETNS[@]}"; do ip netns del "$ns" 2>/dev/null; done
    rm -rf "$WORK"
    exit $rc
}
trap _cleanup EXIT
trap 'exit 130' INT TERM

on_exit() { _CLEANUP+=("$*"); }

# spawn CMD...: start CMD in the background, remember its pid in $BGPID.
spawn() {
    "$@" &
    BGPID=$!
    _PIDS+=("$BGPID")
}

# stop PID: SIGTERM (or $2) a background process and wait for it.
stop() {
    local sig=${2:-TERM}
    kill -s "$sig" "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}

# wait_for_text FILE TEXT [TIMEOUT_S]
wait_for_text() {
    local n=0 max=$(( ${3:-10} * 20 ))
    until grep -q -- "$2" "$1" 2>/dev/null; do
        n=$((n+1)); [ $n -lt $max ] || { echo "timeout waiting for '$2' in $1" >&2; cat "$1" >&2 || true; return 1; }
        sleep 0.05
    done
}

# wait_port [NETNS] PORT: wait until something listens on TCP PORT.
wait_port() {
    local ns="" port n=0
    if [ $# -eq 2 ]; then ns=$1; port=$2; else port=$1; fi
    while ! ${ns:+ip netns exec "$ns"} ss -Hltn "sport = :$port" | grep -q .; do
        n=$((n+1)); [ $n -lt 200 ] || { echo "timeout waiting for port $port" >&2; return 1; }
        sleep 0.05
    done
}

# capture_start OUT [ip netns exec NS] TOOL ARGS...: start tcpdump or
# dumpcap writing OUT, wait until it is capturing.  Sets $CAPPID.
capture_start() {
    local out=$1; shift
    local pre=()
    if [ "$1" = ip ]; then pre=("$1" "$2" "$3" "$4"); shift 4; fi
    local tool=$1; shift
    local log="$WORK/cap.$BASHPID.$RANDOM.log"
    rm -f "$out"
    case "$tool" in
        tcpdump) spawn "${pre[@]}" "$tool" --immediate-mode -U -n -w "$out" "$@" 2>"$log"; wait_for_text "$log" "listening on" ;;
        *)       spawn "${pre[@]}" "$tool" -q -w "$out" "$@" 2>"$log"; wait_for_text "$log" "Capturing on" ;;
    esac
    CAPPID=$BGPID
    sleep 0.5
}

# capture_stop: let the last packets arrive, then stop the capture.
capture_stop() {
    sleep 1.5
    kill -0 "$CAPPID" 2>/dev/null || { echo "capture process died early" >&2; exit 1; }
    stop "$CAPPID" INT
}

# finish TMPFILE DEST [DISPLAY_FILTER...]: every display filter must match
# at least one frame and tshark must read the file without error; only
# then is the capture moved to DEST (an interrupted run leaves DEST alone).
finish() {
    local tmp=$1 dest=$2 flt; shift 2
    for flt in "$@"; do
        tshark -r "$tmp" -Y "$flt" 2>/dev/null | grep -q . || { echo "$(basename "$dest"): nothing matches '$flt'" >&2; exit 1; }
    done
    check_read "$tmp" >/dev/null
    mv "$tmp" "$dest"
    check_read "$dest"
}

# netns_new NAME: create a namespace (deleted on exit) with lo up.
netns_new() {
    ip netns del "$1" 2>/dev/null || true
    ip netns add "$1"
    _NETNS+=("$1")
    ip -n "$1" link set lo up
}

# veth_pair NSA IFA NSB IFB: veth between two namespaces, up, offloads off.
veth_pair() {
    ip link add "$2" netns "$1" type veth peer name "$4" netns "$3"
    ip -n "$1" link set "$2" up
    ip -n "$3" link set "$4" up
    ip netns exec "$1" ethtool -K "$2" tso off gso off gro off tx off rx off >/dev/null 2>&1 || true
    ip netns exec "$3" ethtool -K "$4" tso off gso off gro off tx off rx off >/dev/null 2>&1 || true
}

# set_mac NS IF MAC: fixed MACs make the captures easier to read.
set_mac() { ip -n "$1" link set dev "$2" address "$3"; }

# nginx_start PORT DOCROOT [EXTRA_SERVER_CONF] [LISTEN_ADDR]: nginx in the
# foreground with its own prefix/config/pid/logs under $WORK/nginx.$PORT.
nginx_start() {
    local port=$1 root=$2 extra=${3:-} addr=${4:-127.0.0.1} ns=${5:-}
    local p="$WORK/nginx.$port"
    mkdir -p "$p/logs" "$p/tmp"
    cat >"$p/nginx.conf" <<NGX
${NGINX_MAIN_EXTRA:-}
user root;
daemon off;
worker_processes 1;
pid $p/nginx.pid;
error_log $p/logs/error.log;
events { worker_connections 64; }
http {
    access_log $p/logs/access.log;
    client_body_temp_path $p/tmp/body;
    proxy_temp_path $p/tmp/proxy;
    fastcgi_temp_path $p/tmp/fastcgi;
    uwsgi_temp_path $p/tmp/uwsgi;
    scgi_temp_path $p/tmp/scgi;
    types { text/html html; text/plain txt; }
    default_type application/octet-stream;
    server_tokens off;
    server {
        listen $addr:$port;
        root $root;
        location /websocket {
            proxy_pass http://127.0.0.1:9501;
            proxy_http_version 1.1;
            proxy_set_header Upgrade \$http_upgrade;
            proxy_set_header Connection "Upgrade";
            proxy_set_header Host \$host;
        }
        $extra
    }
}
NGX
    spawn ${ns:+ip netns exec "$ns"} nginx -e "$p/logs/error.log" -p "$p" -c "$p/nginx.conf"
    NGINXPID=$BGPID
    wait_port $ns "$port"
}

# make_docroot DIR: a small static site.
make_docroot() {
    mkdir -p "$1"
    cat >"$1/index.html" <<'HTML'
<!DOCTYPE html>
<html><head><title>Trawl test page</title></head>
<body><h1>Trawl</h1><p>A small static page served by nginx for capture tests.</p></body>
</html>
HTML
    echo "hello from trawl" >"$1/hello.txt"
}

# chat_scenario [--extras]: websocket chat server on 127.0.0.1:9501, two
# clients through nginx on 127.0.0.1:12345 (nginx must be running).
chat_server_start() {
    spawn "$PY" -u "$TOOLS/chat_server.py" 127.0.0.1 9501 >"$WORK/chat.log" 2>&1
    CHATPID=$BGPID
    wait_for_text "$WORK/chat.log" ready
}
chat_clients() {
    "$PY" "$TOOLS/chat_clients.py" ws://127.0.0.1:12345/websocket "$@"
}

# check_read FILE: tshark must read the file without error.
check_read() {
    local n
    n=$(tshark -r "$1" 2>&1 >/dev/null | grep -v "^Running as user" >"$WORK/tshark.err" || true; tshark -r "$1" 2>/dev/null | wc -l)
    if [ -s "$WORK/tshark.err" ]; then echo "tshark error on $1:" >&2; cat "$WORK/tshark.err" >&2; return 1; fi
    printf '%-34s %5s frames  %s\n' "$(basename "$1")" "$n" "$("$PY" "$TOOLS/pcaptool.py" info "$1" | tr '\n' ' ')"
}
