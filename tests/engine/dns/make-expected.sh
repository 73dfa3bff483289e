#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Regenerate expected/*.tsv from tshark (the oracle) for test-dns-captures:
# a line with the capture's sha256, a line with the field names, then one
# line per DNS/DHCP frame as `tshark -2 -T fields` prints it.  Frames whose
# DNS message tshark reassembled from several TCP segments are left out:
# trawl does not reassemble DNS over TCP.  dns.opt.cookie.server is left
# out: tshark prints an absent server cookie as "<MISSING>".
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
CAPS="$HERE/../../captures"
mkdir -p "$HERE/expected"

DNS_FIELDS="_ws.col.Info dns.length dns.id dns.flags dns.flags.rcode dns.count.queries
  dns.count.answers dns.count.auth_rr dns.count.add_rr dns.qry.name dns.qry.name.len
  dns.count.labels dns.qry.type dns.qry.class dns.resp.name dns.resp.type dns.resp.class
  dns.resp.ttl dns.resp.len dns.a dns.aaaa dns.cname dns.ns dns.ptr.domain_name
  dns.mx.preference dns.mx.mail_exchange dns.txt.length dns.txt dns.soa.mname dns.soa.rname
  dns.soa.serial_number dns.soa.minimum_ttl dns.srv.service dns.srv.target dns.srv.port
  dns.rr.udp_payload_size dns.resp.z.do dns.opt.code dns.opt.len dns.opt.data
  dns.opt.cookie.client dns.response_in dns.response_to dns.time"
DHCP_FIELDS="_ws.col.Info dhcp.type dhcp.hw.type dhcp.hw.len dhcp.id dhcp.secs dhcp.flags
  dhcp.flags.bc dhcp.ip.client dhcp.ip.your dhcp.ip.server dhcp.ip.relay dhcp.hw.mac_addr
  dhcp.server dhcp.file dhcp.cookie dhcp.option.type dhcp.option.length dhcp.option.dhcp
  dhcp.option.requested_ip_address dhcp.option.dhcp_server_id
  dhcp.option.ip_address_lease_time dhcp.option.subnet_mask dhcp.option.router
  dhcp.option.domain_name_server dhcp.option.hostname dhcp.option.request_list_item
  dhcp.option.dhcp_max_message_size dhcp.option.vendor_class_id dhcp.option.end"

gen () {
  cap=$1 filter=$2 fields=$3
  f="$CAPS/$cap"
  [ -f "$f" ] || return 0
  args=""
  for e in $fields; do args="$args -e $e"; done
  { echo "# sha256 $(sha256sum <"$f" | cut -d' ' -f1)"
    echo "frame.number $fields" | tr -s ' \n' '\t\t' | sed 's/\t$//'
    echo
    # shellcheck disable=SC2086
    tshark -2 -n -r "$f" -Y "$filter" -T fields -e frame.number $args 2>/dev/null
  } >"$HERE/expected/$cap.tsv"
}

gen dns-netns.pcap 'dns && !tcp.reassembled.length' "$DNS_FIELDS"
gen dhcp-netns.pcap 'dhcp' "$DHCP_FIELDS"
