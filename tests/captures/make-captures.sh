#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Regenerate the small real captures in tests/captures/ (see README.md).
#
# usage: make-captures.sh [NAME...]     (default: all; needs root)
#   names: http ws dns ipv6 vlan frag defrag tls dhcp sll derived variants
# "derived" (null-loopback.pcap, raw-ip.pcap) needs http and dns;
# "variants" (pcap-variants/) needs http, ws and sll.
#
# Every step runs in its own subshell with its own temp dir, network
# namespaces and an EXIT trap that kills its servers and deletes its
# namespaces, so a failure leaves nothing behind.  Namespaces use private
# addresses that exist only between them; nothing leaves the machine.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
export PATH="/usr/sbin:/usr/bin:/sbin:/bin:$PATH"
PYTOOL=(/usr/bin/python3 "$HERE/tools/pcaptool.py")

# Debian packages needed: tshark tcpdump nginx-light python3-websockets curl
# iproute2 ethtool (test set) + iputils-ping dnsutils busybox python3-scapy
for t in tshark dumpcap editcap mergecap tcpdump nginx curl ip ethtool ping dig busybox openssl gzip; do
    command -v "$t" >/dev/null || { echo "missing $t (see README.md)" >&2; exit 1; }
done
/usr/bin/python3 -c 'import websockets, scapy' 2>/dev/null || { echo "missing python3-websockets / python3-scapy" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "needs root (tcpdump, network namespaces)" >&2; exit 1; }

# ----------------------------------------------------------------- http
cap_http() (
    . "$HERE/tools/lib.sh"
    make_docroot "$WORK/www"
    NGINX_MAIN_EXTRA="load_module /usr/lib/nginx/modules/ngx_http_echo_module.so;"
    nginx_start 12345 "$WORK/www" 'listen [::1]:12345;
        location = /echo { echo_read_request_body; echo "received: $request_body"; }'
    capture_start "$WORK/out.pcap" tcpdump -i lo 'tcp port 12345'
    curl -sS -o /dev/null http://127.0.0.1:12345/index.html
    curl -sS -o /dev/null http://127.0.0.1:12345/does-not-exist
    curl -sS -o /dev/null -H 'Content-Type: application/x-www-form-urlencoded' \
        --data 'name=trawl&msg=hello+world' http://127.0.0.1:12345/echo
    # keep-alive: two requests on one connection
    curl -sS -o /dev/null -o /dev/null http://127.0.0.1:12345/index.html http://127.0.0.1:12345/hello.txt
    curl -sS -g -o /dev/null 'http://[::1]:12345/hello.txt'
    capture_stop
    finish "$WORK/out.pcap" "$HERE/http-curl.pcap" 'http.response.code == 404' 'http.request.method == "POST"' ipv6
)

# ----------------------------------------------------------------- ws
cap_ws() (
    . "$HERE/tools/lib.sh"
    make_docroot "$WORK/www"
    chat_server_start
    nginx_start 12345 "$WORK/www"
    capture_start "$WORK/out.pcapng" dumpcap -i lo -f 'port 12345 or port 9501'
    chat_clients --extras
    sleep 0.3
    curl -sS -o /dev/null http://127.0.0.1:12345/index.html
    capture_stop
    finish "$WORK/out.pcapng" "$HERE/ws-chat-eth.pcapng" \
        'websocket.opcode == 1 && websocket.mask == 1' 'websocket.opcode == 2' \
        'websocket.opcode == 8' 'websocket.opcode == 9' 'websocket.opcode == 10'
)

# ----------------------------------------------------------------- dns
cap_dns() (
    . "$HERE/tools/lib.sh"
    local C="trawl-dnsc-$BASHPID" S="trawl-dnss-$BASHPID"
    netns_new "$C"; netns_new "$S"
    for ns in "$C" "$S"; do ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1; done
    veth_pair "$C" vc "$S" vs
    set_mac "$C" vc 02:00:0a:63:07:0a; set_mac "$S" vs 02:00:0a:63:07:35
    ip -n "$C" addr add 10.99.7.10/24 dev vc
    ip -n "$S" addr add 10.99.7.53/24 dev vs
    spawn ip netns exec "$S" /usr/bin/python3 -u "$HERE/tools/dns_server.py" 10.99.7.53 53 >"$WORK/dns.log" 2>&1
    wait_for_text "$WORK/dns.log" ready
    ip -n "$C" neigh flush all; ip -n "$S" neigh flush all
    capture_start "$WORK/out.pcap" ip netns exec "$C" tcpdump -i vc
    ip netns exec "$C" ping -n -c 1 -W 2 10.99.7.53 >/dev/null
    local D=(ip netns exec "$C" dig @10.99.7.53 +tries=1 +time=2)
    "${D[@]}" www.example.test A >/dev/null
    "${D[@]}" web.example.test AAAA +noedns >/dev/null
    "${D[@]}" example.test MX >/dev/null
    "${D[@]}" example.test NS +nsid >/dev/null
    "${D[@]}" example.test TXT >/dev/null
    "${D[@]}" example.test SOA +nocookie >/dev/null
    "${D[@]}" _sip._tcp.example.test SRV >/dev/null
    "${D[@]}" -x 10.99.7.80 >/dev/null
    "${D[@]}" nosuchhost.example.test A >/dev/null          # NXDOMAIN
    "${D[@]}" www.example.test A +tcp >/dev/null             # DNS over TCP
    "${D[@]}" big.example.test TXT +noedns >/dev/null        # TC=1, retried over TCP
    capture_stop
    finish "$WORK/out.pcap" "$HERE/dns-netns.pcap" \
        arp icmp 'dns.flags.rcode == 3' 'tcp && dns' 'dns.opt' 'udp && dns.flags.truncated == 1'
)

# ----------------------------------------------------------------- ipv6
cap_ipv6() (
    . "$HERE/tools/lib.sh"
    local A="trawl-v6a-$BASHPID" B="trawl-v6b-$BASHPID"
    netns_new "$A"; netns_new "$B"
    ip link add va netns "$A" type veth peer name vb netns "$B"
    set_mac "$A" va 02:00:fd:00:07:01; set_mac "$B" vb 02:00:fd:00:07:02
    for x in "$A va" "$B vb"; do set -- $x
        ip netns exec "$1" ethtool -K "$2" tso off gso off gro off tx off rx off >/dev/null 2>&1 || true
    done
    ip -n "$A" link set va up; ip -n "$B" link set vb up
    # capture from the start: link-local DAD, MLDv2 reports (Hop-by-Hop
    # router alert), router solicitations, then the global addresses
    capture_start "$WORK/out.pcap" ip netns exec "$A" tcpdump -i va
    ip -n "$A" addr add fd00:99:7::1/64 dev va
    ip -n "$B" addr add fd00:99:7::2/64 dev vb
    local n=0
    while ip -n "$A" -6 addr show tentative | grep -q . || ip -n "$B" -6 addr show tentative | grep -q .; do
        n=$((n+1)); [ $n -lt 100 ] || { echo "DAD did not finish" >&2; exit 1; }; sleep 0.1
    done
    make_docroot "$WORK/www"
    spawn ip netns exec "$B" /usr/bin/python3 -u -m http.server -b fd00:99:7::2 -d "$WORK/www" 8080 >"$WORK/http.log" 2>&1
    spawn ip netns exec "$B" /usr/bin/python3 -u "$HERE/tools/dns_server.py" fd00:99:7::2 53 >"$WORK/dns.log" 2>&1
    wait_port "$B" 8080; wait_for_text "$WORK/dns.log" ready
    ip netns exec "$A" ping -6 -n -c 2 -i 0.2 fd00:99:7::2 >/dev/null
    ip netns exec "$A" ping -6 -n -c 1 -s 3000 fd00:99:7::2 >/dev/null   # fragment extension headers
    ip netns exec "$A" curl -sS -6 -g -o /dev/null 'http://[fd00:99:7::2]:8080/index.html'
    ip netns exec "$A" dig -6 @fd00:99:7::2 +tries=1 +time=2 web.example.test AAAA >/dev/null
    # UDP to a closed port -> ICMPv6 destination unreachable
    ip netns exec "$A" /usr/bin/python3 -c 'import socket; s=socket.socket(socket.AF_INET6,socket.SOCK_DGRAM); s.sendto(b"trawl udp probe", ("fd00:99:7::2", 9999))'
    # Hop-by-Hop and Destination Options headers, sent with scapy on the veth
    ip netns exec "$A" /usr/bin/python3 - <<'PY' 2>/dev/null
from scapy.all import Ether, IPv6, IPv6ExtHdrHopByHop, IPv6ExtHdrDestOpt, RouterAlert, PadN, ICMPv6EchoRequest, UDP, Raw, sendp
dst = "02:00:fd:00:07:02"; src = "02:00:fd:00:07:01"
sendp(Ether(src=src, dst=dst)/IPv6(src="fd00:99:7::1", dst="fd00:99:7::2")/IPv6ExtHdrHopByHop(options=[PadN(optdata=b"\0\0\0\0")])/ICMPv6EchoRequest(id=0x7777, seq=1, data=b"hop-by-hop"), iface="va", verbose=False)
sendp(Ether(src=src, dst=dst)/IPv6(src="fd00:99:7::1", dst="fd00:99:7::2")/IPv6ExtHdrDestOpt(options=[PadN(optdata=b"\0\0\0\0")])/UDP(sport=40000, dport=53)/Raw(b"\x12\x34\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00\x03www\x07example\x04test\x00\x00\x1c\x00\x01"), iface="va", verbose=False)
PY
    capture_stop
    finish "$WORK/out.pcap" "$HERE/ipv6-icmpv6.pcap" \
        'icmpv6.type == 135' 'icmpv6.type == 136' 'icmpv6.type == 128' 'icmpv6.type == 129' \
        'ipv6.fragment' 'ipv6.hopopts' 'ipv6.dstopts' 'tcp && http' 'udp && dns' 'icmpv6.type == 1'
)

# ----------------------------------------------------------------- vlan
# The test kernel has no 8021q module, no bridge VLAN filtering and no tc
# vlan action, so `ip link add ... type vlan` fails.  tools/vlan_tap.py does
# the tagging in userspace: the kernel's own ARP/ICMP leave TAP devices
# untagged and go on the veth with an 802.1Q tag (VID 10) or an 802.1ad
# S-tag (VID 100) + 802.1Q C-tag (VID 200).  If `type vlan` works, real
# kernel VLAN sub-interfaces are used instead.
cap_vlan() (
    . "$HERE/tools/lib.sh"
    local A="trawl-vla-$BASHPID" B="trawl-vlb-$BASHPID"
    netns_new "$A"; netns_new "$B"
    for ns in "$A" "$B"; do ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1; done
    veth_pair "$A" veth0 "$B" veth1
    set_mac "$A" veth0 02:00:00:00:10:01; set_mac "$B" veth1 02:00:00:00:10:02
    local kernel_vlan=0
    ip -n "$A" link add link veth0 name veth0.10 type vlan id 10 2>/dev/null && kernel_vlan=1
    for x in "$A veth0 1" "$B veth1 2"; do set -- $x
        # tags in the frame bytes, not in skb metadata
        ip netns exec "$1" ethtool -K "$2" txvlan off rxvlan off tx-vlan-stag-hw-insert off rx-vlan-stag-hw-parse off >/dev/null 2>&1 || true
        ip -n "$1" addr add 10.99.9.$3/24 dev "$2"
        if [ $kernel_vlan = 1 ]; then
            ip -n "$1" link show "$2.10" >/dev/null 2>&1 || ip -n "$1" link add link "$2" name "$2.10" type vlan id 10
            ip -n "$1" link add link "$2" name "$2.100" type vlan proto 802.1ad id 100
            ip -n "$1" link add link "$2.100" name "$2.100.200" type vlan id 200
            local q="$2.10" qq="$2.100.200"
            ip -n "$1" link set "$2.100" up
        else
            spawn ip netns exec "$1" /usr/bin/python3 -u "$HERE/tools/vlan_tap.py" "$2" \
                "tap10=8100:10" "tap200=88a8:100,8100:200" >"$WORK/vt$3.log" 2>&1
            wait_for_text "$WORK/vt$3.log" ready
            local q=tap10 qq=tap200
            set_mac "$1" tap10 02:00:00:10:00:0$3; set_mac "$1" tap200 02:00:00:20:00:0$3
        fi
        ip -n "$1" addr add 10.99.10.$3/24 dev "$q"
        ip -n "$1" addr add 10.99.20.$3/24 dev "$qq"
        ip -n "$1" link set "$q" up; ip -n "$1" link set "$qq" up
    done
    capture_start "$WORK/out.pcap" ip netns exec "$A" tcpdump -i veth0
    ip netns exec "$A" ping -n -c 1 -W 2 10.99.9.2 >/dev/null     # untagged
    ip netns exec "$A" ping -n -c 2 -i 0.2 -W 2 10.99.10.2 >/dev/null   # 802.1Q id 10
    ip netns exec "$A" ping -n -c 2 -i 0.2 -W 2 10.99.20.2 >/dev/null   # 802.1ad 100 + 802.1Q 200
    ip netns exec "$A" /usr/bin/python3 -c 'import socket; s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM); s.sendto(b"udp in qinq", ("10.99.20.2", 9999))'
    capture_stop
    finish "$WORK/out.pcap" "$HERE/vlan-qinq.pcap" \
        'vlan.id == 10' 'ieee8021ad.id == 100 && vlan.id == 200' 'eth.type == 0x88a8' 'vlan && arp' 'vlan && icmp' '!vlan && icmp'
)

# ----------------------------------------------------------------- frag
cap_frag() (
    . "$HERE/tools/lib.sh"
    local A="trawl-fra-$BASHPID" B="trawl-frb-$BASHPID"
    netns_new "$A"; netns_new "$B"
    for ns in "$A" "$B"; do ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1; done
    veth_pair "$A" va "$B" vb
    set_mac "$A" va 02:00:0a:63:07:01; set_mac "$B" vb 02:00:0a:63:07:02
    ip -n "$A" link set va mtu 1500; ip -n "$B" link set vb mtu 1500
    ip -n "$A" addr add 10.99.7.1/24 dev va
    ip -n "$B" addr add 10.99.7.2/24 dev vb
    capture_start "$WORK/out.pcap" ip netns exec "$A" tcpdump -i va
    ip netns exec "$A" ping -n -c 1 -W 2 -s 3000 10.99.7.2 >/dev/null   # fragmented both ways
    ip netns exec "$A" ping -n -c 1 -W 2 -R 10.99.7.2 >/dev/null        # IP option: record route
    ip netns exec "$A" ping -n -c 1 -W 2 -T tsandaddr 10.99.7.2 >/dev/null || true   # IP option: timestamp
    # UDP to a closed port -> ICMP port unreachable (quoting the UDP header)
    ip netns exec "$A" /usr/bin/python3 -c 'import socket; s=socket.socket(); s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM); s.sendto(b"trawl udp probe", ("10.99.7.2", 9999))'
    # a 2000-byte UDP datagram, fragmented, to the same closed port
    ip netns exec "$A" /usr/bin/python3 -c 'import socket; s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM); s.sendto(b"F"*2000, ("10.99.7.2", 9998))'
    capture_stop
    finish "$WORK/out.pcap" "$HERE/ipv4-frag-opts.pcap" \
        'ip.flags.mf == 1' 'ip.frag_offset > 0' 'ip.opt.type == 7' 'icmp.type == 3 && icmp.code == 3'
)

# ----------------------------------------------------------------- defrag
# IPv4/IPv6 reassembly: ping -s 4000 both ways (v4 and v6), a DNS answer of
# ~1,100 bytes over UDP on a 576-byte MTU link (kernel fragments), and
# fragments sent by tools/send_fragments.py out of order, duplicated,
# overlapping (same and other bytes), with a piece missing, repeated after
# completion, with two tails.
cap_defrag() (
    . "$HERE/tools/lib.sh"
    local A="defrag-a-$BASHPID" B="defrag-b-$BASHPID"
    netns_new "$A"; netns_new "$B"
    veth_pair "$A" dfa "$B" dfb
    set_mac "$A" dfa 02:00:0a:63:09:01; set_mac "$B" dfb 02:00:0a:63:09:02
    ip -n "$A" addr add 10.99.9.1/24 dev dfa
    ip -n "$B" addr add 10.99.9.2/24 dev dfb
    ip -n "$A" addr add fd00:99:9::1/64 dev dfa nodad
    ip -n "$B" addr add fd00:99:9::2/64 dev dfb nodad
    spawn ip netns exec "$B" /usr/bin/python3 -u "$HERE/tools/dns_server.py" 10.99.9.2 53 4096 >"$WORK/dns.log" 2>&1
    wait_for_text "$WORK/dns.log" ready
    # neighbours first, so that the capture holds only the cases
    ip netns exec "$A" ping -n -c 1 -W 2 10.99.9.2 >/dev/null
    ip netns exec "$A" ping -6 -n -c 1 -W 2 fd00:99:9::2 >/dev/null
    capture_start "$WORK/out.pcap" ip netns exec "$A" tcpdump -i dfa 'ip or ip6'
    ip netns exec "$A" ping -n -c 1 -W 2 -s 4000 10.99.9.2 >/dev/null
    ip netns exec "$A" ping -6 -n -c 1 -W 2 -s 4000 fd00:99:9::2 >/dev/null
    ip -n "$A" link set dfa mtu 576; ip -n "$B" link set dfb mtu 576
    ip netns exec "$A" dig @10.99.9.2 +tries=1 +time=2 +bufsize=4096 +nocookie big.example.test TXT >/dev/null
    ip -n "$A" link set dfa mtu 1500; ip -n "$B" link set dfb mtu 1500
    ip netns exec "$A" /usr/bin/python3 "$HERE/tools/send_fragments.py" dfa \
        02:00:0a:63:09:01 02:00:0a:63:09:02 10.99.9.1 10.99.9.2 fd00:99:9::1 fd00:99:9::2
    capture_stop
    finish "$WORK/out.pcap" "$HERE/ip-defrag.pcap" \
        'ip.flags.mf == 1' 'ipv6.fraghdr' 'dns.flags.response == 1 && ip.fragment' \
        'ip.fragment.overlap.conflict' 'ip.fragment.multipletails' 'icmpv6.type == 129 && ipv6.fragment'
)

# ----------------------------------------------------------------- tls
cap_tls() (
    . "$HERE/tools/lib.sh"
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=trawl.example" \
        -addext "subjectAltName=DNS:trawl.example" \
        -keyout "$WORK/key.pem" -out "$WORK/cert.pem" >/dev/null 2>&1
    spawn openssl s_server -accept 127.0.0.1:8443 -cert "$WORK/cert.pem" -key "$WORK/key.pem" -www -quiet >"$WORK/srv.log" 2>&1
    wait_port 8443
    capture_start "$WORK/out.pcap" tcpdump -i lo 'tcp port 8443'
    # TLS 1.2: certificate visible in clear
    printf 'GET / HTTP/1.0\r\n\r\n' | openssl s_client -connect 127.0.0.1:8443 -servername trawl.example \
        -tls1_2 -ign_eof >/dev/null 2>&1 || true
    sleep 0.2
    # TLS 1.3 via curl, SNI + ALPN
    curl -sS -k -o /dev/null --resolve trawl.example:8443:127.0.0.1 https://trawl.example:8443/ || true
    capture_stop
    finish "$WORK/out.pcap" "$HERE/tls-clienthello.pcap" \
        'tls.handshake.extensions_server_name == "trawl.example"' 'tls.handshake.type == 11' \
        'tls.handshake.type == 2' 'tls.record.version == 0x0303 && tls.app_data'
)

# ----------------------------------------------------------------- dhcp
cap_dhcp() (
    . "$HERE/tools/lib.sh"
    local C="trawl-dhc-$BASHPID" S="trawl-dhs-$BASHPID"
    netns_new "$C"; netns_new "$S"
    for ns in "$C" "$S"; do ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1; done
    veth_pair "$C" vc "$S" vs
    set_mac "$C" vc 02:00:0a:63:08:64; set_mac "$S" vs 02:00:0a:63:08:01
    ip -n "$S" addr add 10.99.8.1/24 dev vs
    : >"$WORK/udhcpd.leases"
    cat >"$WORK/udhcpd.conf" <<EOF
start 10.99.8.100
end 10.99.8.150
interface vs
lease_file $WORK/udhcpd.leases
pidfile $WORK/udhcpd.pid
option subnet 255.255.255.0
option router 10.99.8.1
option dns 10.99.8.1
option domain example.test
option lease 3600
EOF
    printf '#!/bin/sh\n[ "$1" = bound ] && ip addr add "$ip/$mask" dev "$interface"\nexit 0\n' >"$WORK/udhcpc.script"
    chmod +x "$WORK/udhcpc.script"
    spawn ip netns exec "$S" busybox udhcpd -f -a 300 "$WORK/udhcpd.conf" >"$WORK/udhcpd.log" 2>&1
    sleep 0.5
    capture_start "$WORK/out.pcap" ip netns exec "$S" tcpdump -i vs
    # DISCOVER / OFFER / REQUEST / ACK, then RELEASE on exit (-R, SIGTERM)
    spawn ip netns exec "$C" busybox udhcpc -i vc -f -R -t 3 -T 2 -x hostname:trawl-client \
        -s "$WORK/udhcpc.script" >"$WORK/udhcpc.log" 2>&1
    wait_for_text "$WORK/udhcpc.log" "lease of" 15
    sleep 0.5
    stop "$BGPID" TERM
    capture_stop
    finish "$WORK/out.pcap" "$HERE/dhcp-netns.pcap" \
        'dhcp.option.dhcp == 1' 'dhcp.option.dhcp == 2' 'dhcp.option.dhcp == 3' 'dhcp.option.dhcp == 5' 'dhcp.option.dhcp == 7'
)

# ----------------------------------------------------------------- sll
cap_sll() (
    # in a private namespace, so "any" only sees its loopback and port 53 is free
    . "$HERE/tools/lib.sh"
    local S="trawl-sll-$BASHPID"
    netns_new "$S"
    local X=(ip netns exec "$S")
    make_docroot "$WORK/www"
    nginx_start 80 "$WORK/www" "" 127.0.0.1 "$S"
    spawn "${X[@]}" /usr/bin/python3 -u "$HERE/tools/dns_server.py" 127.0.0.1 53 >"$WORK/dns.log" 2>&1
    wait_for_text "$WORK/dns.log" ready
    local flt='port 80 or port 53'
    capture_start "$WORK/v1.pcap" "${X[@]}" tcpdump -i any -y LINUX_SLL "$flt"; local p1=$CAPPID
    capture_start "$WORK/v2.pcap" "${X[@]}" tcpdump -i any -y LINUX_SLL2 "$flt"; local p2=$CAPPID
    "${X[@]}" curl -sS -o /dev/null http://127.0.0.1/index.html
    "${X[@]}" dig @127.0.0.1 +tries=1 +time=2 www.example.test A >/dev/null
    sleep 1.5
    kill -0 "$p1" && kill -0 "$p2" || { echo "capture process died early" >&2; exit 1; }
    stop "$p1" INT; stop "$p2" INT
    mkdir -p "$HERE/pcap-variants"
    finish "$WORK/v1.pcap" "$HERE/sll-v1.pcap" 'sll.pkttype == 0 || sll.pkttype == 4' http dns
    finish "$WORK/v2.pcap" "$HERE/pcap-variants/sll2-any.pcap" 'sll.ifindex == 1' http dns
)

# ----------------------------------------------------------------- derived
cap_derived() (
    . "$HERE/tools/lib.sh"
    # Linux cannot capture LINKTYPE_NULL / LINKTYPE_RAW directly and
    # `editcap -T null|rawip` only relabels the link type without rewriting
    # the frame bytes, so tools/pcaptool.py rewrites real Ethernet captures.
    "${PYTOOL[@]}" to-null "$HERE/http-curl.pcap" "$HERE/null-loopback.pcap"
    "${PYTOOL[@]}" to-raw "$HERE/dns-netns.pcap" "$HERE/raw-ip.pcap"
    check_read "$HERE/null-loopback.pcap"
    check_read "$HERE/raw-ip.pcap"
)

# ----------------------------------------------------------------- variants
cap_variants() (
    . "$HERE/tools/lib.sh"
    local V="$HERE/pcap-variants" src="$HERE/http-curl.pcap" ng="$HERE/ws-chat-eth.pcapng"
    mkdir -p "$V"
    cp "$src" "$V/http-le-usec.pcap"
    tcpdump -r "$src" --time-stamp-precision=nano -w "$V/http-le-nsec.pcap" 2>/dev/null
    "${PYTOOL[@]}" pcap-swap "$src" "$V/http-be-usec.pcap"
    "${PYTOOL[@]}" pcap-swap "$V/http-le-nsec.pcap" "$V/http-be-nsec.pcap"
    editcap -F pcapng "$src" "$V/http.pcapng"
    "${PYTOOL[@]}" pcapng-swap "$ng" "$V/ws-chat-be.pcapng"
    gzip -9 -n -c "$src" >"$V/http-curl.pcap.gz"
    gzip -9 -n -c "$ng" >"$V/ws-chat-eth.pcapng.gz"
    # two interfaces with different link types (Ethernet, Linux SLL2) ...
    mergecap -F pcapng -w "$WORK/merged.pcapng" "$src" "$V/sll2-any.pcap"
    # ... and different if_tsresol: interface 1 rewritten to nanoseconds
    "${PYTOOL[@]}" pcapng-tsresol "$WORK/merged.pcapng" "$V/two-interfaces.pcapng" 1 9
    # two sections
    cat "$V/http.pcapng" "$ng" >"$V/two-sections.pcapng"
    # comments: frame comments + section comment
    editcap -F pcapng --capture-comment "Trawl test capture: HTTP via curl and nginx" \
        -a "1:first frame comment" -a "4:GET /index.html follows" "$src" "$V/comments.pcapng"
    # NRB + ISB: dumpcap wrote ISBs at the end of ws-chat-eth.pcapng; tshark
    # 4.0 does not write an NRB for these (loopback names only), so insert one
    "${PYTOOL[@]}" pcapng-add-nrb "$ng" "$V/nrb-isb.pcapng" 127.0.0.1=localhost \
        127.0.0.1=chat.trawl.example ::1=ip6-localhost
    # Simple Packet Blocks (first 2 packets stay EPBs)
    "${PYTOOL[@]}" pcapng-to-spb "$V/http.pcapng" "$V/spb.pcapng" 128 2
    for f in "$V"/*; do check_read "$f"; done
)

ALL=(http ws dns ipv6 vlan frag defrag tls dhcp sll derived variants)
[ $# -gt 0 ] || set -- "${ALL[@]}"
for step in "$@"; do
    echo "== $step"
    "cap_$step"
done
