/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-link-captures.c: link/network fields on real captures; every
 * expected value was printed by tshark 4.0.17 (-T fields -e ..., with
 * -o ip.defragment:FALSE / ipv6.defragment:FALSE where fragments are
 * involved, since Trawl does not reassemble). */
#include "config.h"

#include "trawl-test-util.h"

static void
check (TrawlTestDissection *t,
       const char          *abbrev,
       const char          *expected)
{
  g_autofree char *v = trawl_test_field_values (t, abbrev);
  g_assert_cmpstr (v, ==, expected);
}

static void
test_vlan_qinq (void)
{
  TrawlTestDissection *t = trawl_test_open_capture ("vlan-qinq.pcap");

  trawl_test_dissect_frame (t, 13);
  check (t, "vlan.id", "200");
  check (t, "ieee8021ad.id", "100");
  check (t, "vlan.etype", "0x0800");
  check (t, "ip.src", "10.99.20.1");
  check (t, "ip.ttl", "64");
  check (t, "icmp.ident", "20091");
  check (t, "icmp.seq_le", "256");
  /* tshark -2 (the analysis pass knows the reply, as its second pass) */
  g_assert_cmpstr (t->pkt.col_info->str, ==, "Echo (ping) request  id=0x4e7b, seq=1/256, ttl=64 (reply in 14)");
  g_assert_cmpstr (t->pkt.protocols->str, ==, "eth:ethertype:ieee8021ad:ethertype:vlan:ethertype:ip:icmp:data");

  trawl_test_dissect_frame (t, 18);
  /* tshark: ...:ip:icmp:ip:udp:data; what follows UDP is not ours to test. */
  g_assert_true (g_str_has_prefix (t->pkt.protocols->str, "eth:ethertype:ieee8021ad:ethertype:vlan:ethertype:ip:icmp:ip:udp"));
  g_assert_cmpstr (t->pkt.col_info->str, ==, "Destination unreachable (Port unreachable)");
  g_assert_cmpstr (t->pkt.col_protocol, ==, "ICMP");
  trawl_test_dissection_free (t);
}

static void
test_ipv4_frag_opts (void)
{
  TrawlTestDissection *t = trawl_test_open_capture ("ipv4-frag-opts.pcap");

  trawl_test_dissect_frame (t, 4);
  check (t, "ip.hdr_len", "20");
  check (t, "ip.frag_offset", "185");
  check (t, "ip.flags.mf", "1");
  /* tshark -2 (the analysis pass knows the frame that completes it) */
  g_assert_cmpstr (t->pkt.col_info->str, ==, "Fragmented IP protocol (proto=ICMP 1, off=1480, ID=d284) [Reassembled in #5]");

  trawl_test_dissect_frame (t, 9);
  check (t, "ip.hdr_len", "60");
  check (t, "ip.rec_rt", "10.99.7.1");
  check (t, "ip.empty_rt", "0.0.0.0,0.0.0.0,0.0.0.0,0.0.0.0,0.0.0.0,0.0.0.0,0.0.0.0,0.0.0.0");
  check (t, "ip.opt.ptr", "8");
  /* tshark -2 (the analysis pass knows the reply, as its second pass) */
  g_assert_cmpstr (t->pkt.col_info->str, ==, "Echo (ping) request  id=0x4f8c, seq=1/256, ttl=64 (reply in 10)");

  trawl_test_dissect_frame (t, 11);
  check (t, "ip.hdr_len", "56");
  check (t, "ip.opt.ptr", "13");
  check (t, "ip.opt.time_stamp", "50386574,0,0,0");
  trawl_test_dissection_free (t);
}

static void
test_arp_padding (void)
{
  TrawlTestDissection *t = trawl_test_open_capture ("dhcp-netns.pcap");

  trawl_test_dissect_frame (t, 2);
  check (t, "arp.opcode", "1");
  check (t, "arp.src.proto_ipv4", "10.99.8.1");
  check (t, "arp.dst.proto_ipv4", "10.99.8.118");
  check (t, "eth.padding", "000000000000000000000000000000000000");
  g_assert_cmpstr (t->pkt.col_info->str, ==, "Who has 10.99.8.118? Tell 10.99.8.1");
  trawl_test_dissection_free (t);
}

static void
test_sll (void)
{
  TrawlTestDissection *t = trawl_test_open_capture ("sll-v1.pcap");
  g_autofree char *chat = NULL;

  trawl_test_dissect_frame (t, 1);
  check (t, "sll.pkttype", "0");
  check (t, "sll.hatype", "772");
  check (t, "sll.halen", "6");
  check (t, "sll.src.eth", "00:00:00:00:00:00");
  check (t, "sll.etype", "0x0800");
  trawl_test_dissection_free (t);

  chat = g_build_filename ("..", "..", "data", "chat.pcap", NULL);
  t = trawl_test_open_capture (chat);
  trawl_test_dissect_frame (t, 1);
  check (t, "sll.ifindex", "1");
  check (t, "sll.hatype", "772");
  check (t, "sll.etype", "0x0800");
  g_assert_cmpstr (t->pkt.protocols->str, ==, "sll:ethertype:ip:tcp");
  g_assert_cmpstr (t->pkt.col_src, ==, "127.0.0.1");
  trawl_test_dissection_free (t);
}

static void
test_null_and_raw (void)
{
  TrawlTestDissection *t = trawl_test_open_capture ("null-loopback.pcap");

  trawl_test_dissect_frame (t, 43);
  check (t, "null.family", "30");
  check (t, "ipv6.src", "::1");
  g_assert_cmpstr (t->pkt.protocols->str, ==, "null:ipv6:tcp");
  trawl_test_dissection_free (t);

  t = trawl_test_open_capture ("raw-ip.pcap");
  trawl_test_dissect_frame (t, 1);
  check (t, "ip.dst", "10.99.7.53");
  g_assert_cmpstr (t->pkt.protocols->str, ==, "raw:ip:icmp:data");
  trawl_test_dissection_free (t);
}

static void
test_ipv6_icmpv6 (void)
{
  TrawlTestDissection *t = trawl_test_open_capture ("ipv6-icmpv6.pcap");

  trawl_test_dissect_frame (t, 2);
  check (t, "ipv6.hopopts.nxt", "58");
  check (t, "ipv6.opt.router_alert", "0");
  check (t, "icmpv6.checksum.status", "1");
  g_assert_cmpstr (t->pkt.col_info->str, ==, "Multicast Listener Report Message v2");

  trawl_test_dissect_frame (t, 14);
  check (t, "icmpv6.nd.ns.target_address", "fd00:99:7::2");
  g_assert_cmpstr (t->pkt.col_info->str, ==, "Neighbor Solicitation for fd00:99:7::2 from 02:00:fd:00:07:01");

  trawl_test_dissect_frame (t, 15);
  check (t, "icmpv6.nd.na.flag.s", "1");
  check (t, "icmpv6.checksum.status", "1");
  g_assert_cmpstr (t->pkt.col_info->str, ==, "Neighbor Advertisement fd00:99:7::2 (sol, ovr) is at 02:00:fd:00:07:02");

  trawl_test_dissect_frame (t, 21);
  check (t, "ipv6.fraghdr.offset", "181");
  check (t, "ipv6.fraghdr.ident", "0x5fb5634c");
  g_assert_cmpstr (t->pkt.col_info->str, ==, "IPv6 fragment (off=1448 more=y ident=0x5fb5634c nxt=58)");

  trawl_test_dissect_frame (t, 42);
  check (t, "icmpv6.checksum.status", "1");
  g_assert_cmpstr (t->pkt.col_info->str, ==, "Destination Unreachable (Port unreachable)");
  /* tshark: eth:ethertype:ipv6:icmpv6:ipv6:udp:data */
  g_assert_true (g_str_has_prefix (t->pkt.protocols->str, "eth:ethertype:ipv6:icmpv6:ipv6:udp"));
  trawl_test_dissection_free (t);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/link/captures/vlan-qinq", test_vlan_qinq);
  g_test_add_func ("/link/captures/ipv4-frag-opts", test_ipv4_frag_opts);
  g_test_add_func ("/link/captures/arp-padding", test_arp_padding);
  g_test_add_func ("/link/captures/sll", test_sll);
  g_test_add_func ("/link/captures/null-raw", test_null_and_raw);
  g_test_add_func ("/link/captures/ipv6-icmpv6", test_ipv6_icmpv6);
  return g_test_run ();
}
