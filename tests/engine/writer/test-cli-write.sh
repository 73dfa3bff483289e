#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# test-cli-write.sh TRAWL_CLI SRCDIR: trawl-cli -w against tshark -w.
# For each capture and filter, tshark reads the file trawl-cli wrote and
# the one tshark itself wrote from the same input and filter; the frames
# (time, lengths, protocols) must be the same.  Skipped without tshark.
set -u
cli=$1 src=$2
command -v tshark >/dev/null 2>&1 || { echo "SKIP: tshark not installed"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

fields () {
  tshark -n -r "$1" -T fields -e frame.time_epoch -e frame.len -e frame.cap_len \
    -e frame.protocols 2>/dev/null
}

fail () {
  echo "FAIL: $*"
  status=1
}

# same CAPTURE OUTNAME TRAWL-OPTIONS... [-- TSHARK-OPTIONS...]: tshark
# gets the same options unless given its own (tshark applies no -f to a
# file).  tshark runs with reassembly and defragmentation off, as Trawl
# dissects (see tests/conformance).
same () {
  name=$1 in=$src/$1 out=$2
  shift 2
  seen=0
  rm -f "$tmp/$out" "$tmp/ref-$out"
  for a in "$@"; do
    [ "$a" = "--" ] && { seen=1; break; }
  done
  # Split the arguments at "--" into $tmp/args-trawl and $tmp/args-tshark.
  : > "$tmp/args-trawl"; : > "$tmp/args-tshark"
  side=trawl
  for a in "$@"; do
    if [ "$a" = "--" ]; then side=tshark; continue; fi
    printf '%s\n' "$a" >> "$tmp/args-$side"
    [ $seen = 0 ] && printf '%s\n' "$a" >> "$tmp/args-tshark"
  done
  (
    IFS='
'
    set -f
    "$cli" -r "$in" $(cat "$tmp/args-trawl") -w "$tmp/$out" || exit 1
    tshark -o ip.defragment:FALSE -o ipv6.defragment:FALSE -o tcp.desegment_tcp_streams:FALSE \
      -r "$in" $(cat "$tmp/args-tshark") -w "$tmp/ref-$out" 2>/dev/null
    exit 0
  ) || { fail "trawl-cli -r $name $* -w $out: failed"; return; }
  fields "$tmp/$out" > "$tmp/got"
  fields "$tmp/ref-$out" > "$tmp/want"
  if ! cmp -s "$tmp/got" "$tmp/want"; then
    fail "$name $*: frames differ from tshark -w's"
    diff "$tmp/want" "$tmp/got" | head -5
  elif [ ! -s "$tmp/want" ]; then
    fail "$name $*: tshark kept no frame: the case proves nothing"
  else
    echo "ok: $name $* ($(wc -l < "$tmp/want") frames)"
  fi
}

magic () {
  od -A n -t x1 -N 4 "$1" | tr -d ' '
}

same data/chat.pcap all.pcapng
same data/chat.pcap ws.pcapng -Y websocket
same data/chat.pcap http.pcapng -Y 'http.request || http.response'
same tests/captures/ws-chat-eth.pcapng ws.pcapng -Y 'websocket.opcode == 1'
same tests/captures/dns-netns.pcap dns.pcapng -Y 'dns.flags.response == 1'
same tests/captures/dns-netns.pcap tcp53.pcapng -f 'tcp port 53' -- -Y 'tcp.port == 53'
same tests/captures/dns-netns.pcap both.pcapng -f udp -Y 'dns.qry.type == 1' -- -Y 'udp && dns.qry.type == 1'
same tests/captures/http-curl.pcap c5.pcapng -c 5
same tests/captures/pcap-variants/comments.pcapng comments.pcapng
same tests/captures/pcap-variants/two-interfaces.pcapng two.pcapng -Y 'tcp.flags.syn == 1'
same tests/captures/http-curl.pcap f-pcap.pcap -F pcap -Y 'tcp.len > 0'
same tests/captures/pcap-variants/http-le-nsec.pcap f-nsec.pcap -F nsecpcap -Y http

# Formats: by name, or -F.
"$cli" -r "$src/tests/captures/http-curl.pcap" -w "$tmp/a.pcap" || fail "a.pcap"
[ "$(magic "$tmp/a.pcap")" = d4c3b2a1 ] || [ "$(magic "$tmp/a.pcap")" = a1b2c3d4 ] || fail "a.pcap is not a µs pcap: $(magic "$tmp/a.pcap")"
"$cli" -r "$src/tests/captures/pcap-variants/http-le-nsec.pcap" -w "$tmp/n.pcap" || fail "n.pcap"
[ "$(magic "$tmp/n.pcap")" = 4d3cb2a1 ] || [ "$(magic "$tmp/n.pcap")" = a1b23c4d ] || fail "n.pcap is not a ns pcap: $(magic "$tmp/n.pcap")"
"$cli" -r "$src/tests/captures/http-curl.pcap" -w "$tmp/a.out" || fail "a.out"
[ "$(magic "$tmp/a.out")" = 0a0d0d0a ] || fail "a.out is not pcapng: $(magic "$tmp/a.out")"
"$cli" -r "$src/tests/captures/http-curl.pcap" -F pcapng -w "$tmp/b.pcap" || fail "-F pcapng"
[ "$(magic "$tmp/b.pcap")" = 0a0d0d0a ] || fail "-F pcapng wrote $(magic "$tmp/b.pcap")"

# Standard output.
"$cli" -r "$src/data/chat.pcap" -Y websocket -w - > "$tmp/stdout.pcapng" || fail "-w -"
tshark -r "$src/data/chat.pcap" -Y websocket -T fields -e frame.time_epoch -e frame.len 2>/dev/null > "$tmp/want"
tshark -r "$tmp/stdout.pcapng" -T fields -e frame.time_epoch -e frame.len 2>/dev/null > "$tmp/got"
cmp -s "$tmp/want" "$tmp/got" || fail "-w - differs"

# Errors: an unknown -F (exit 1, tshark's list), several link types in a
# pcap (exit 2, nothing written), a damaged input (exit 2, the intact
# frames written, as tshark).
"$cli" -r "$src/data/chat.pcap" -F bogus -w "$tmp/x" 2> "$tmp/err"
[ $? = 1 ] || fail "-F bogus: exit status"
grep -q '"bogus" isn.t a valid capture file type' "$tmp/err" || fail "-F bogus: message: $(cat "$tmp/err")"
"$cli" -r "$src/tests/captures/pcap-variants/two-interfaces.pcapng" -w "$tmp/mixed.pcap" 2> "$tmp/err"
[ $? = 2 ] || fail "mixed link types: exit status"
grep -q 'several link types' "$tmp/err" || fail "mixed link types: message: $(cat "$tmp/err")"
[ ! -e "$tmp/mixed.pcap" ] || fail "mixed link types: a file was written"
"$cli" -r "$src/tests/captures/damaged/truncated-record.pcap" -w "$tmp/cut.pcapng" 2> "$tmp/err"
[ $? = 2 ] || fail "damaged input: exit status"
grep -q 'truncated-record.pcap' "$tmp/err" || fail "damaged input: message: $(cat "$tmp/err")"
n=$(tshark -r "$tmp/cut.pcapng" 2>/dev/null | wc -l)
[ "$n" = 51 ] || fail "damaged input: $n frames written, want the 51 intact ones"
ls -a "$tmp" | grep -q trawl-tmp && fail "a temporary file was left behind"

[ $status = 0 ] && echo "all ok"
exit $status
