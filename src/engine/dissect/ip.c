/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ip.c: Internet Protocol version 4 (RFC 791)
 *
 * Fragments are reassembled as Wireshark does by default
 * (analysis/trawl-ip-reassembly.c): every fragment but the one that
 * completes its datagram is data with "Fragmented IP protocol (...)" in
 * Info; that one hands the whole datagram to the protocol above.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "trawl-dissect.h"
#include "trawl-ethertype.h"
#include "analysis/trawl-ip-reassembly.h"

static int proto_ip = -1;
static int hf_ip_version = -1;
static int hf_ip_hdr_len = -1;
static int hf_ip_dsfield = -1;
static int hf_ip_dsfield_dscp = -1;
static int hf_ip_dsfield_ecn = -1;
static int hf_ip_len = -1;
static int hf_ip_id = -1;
static int hf_ip_flags = -1;
static int hf_ip_flags_rb = -1;
static int hf_ip_flags_df = -1;
static int hf_ip_flags_mf = -1;
static int hf_ip_frag_offset = -1;
static int hf_ip_ttl = -1;
static int hf_ip_proto = -1;
static int hf_ip_checksum = -1;
static int hf_ip_checksum_status = -1;
static int hf_ip_src = -1;
static int hf_ip_dst = -1;
static int hf_ip_addr = -1;
static int hf_ip_src_host = -1;
static int hf_ip_dst_host = -1;
static int hf_ip_host = -1;
static int hf_ip_opt_type = -1;
static int hf_ip_opt_type_copy = -1;
static int hf_ip_opt_type_class = -1;
static int hf_ip_opt_type_number = -1;
static int hf_ip_opt_len = -1;
static int hf_ip_opt_ptr = -1;
static int hf_ip_opt_ra = -1;
static int hf_ip_rec_rt = -1;
static int hf_ip_rec_rt_host = -1;
static int hf_ip_cur_rt = -1;
static int hf_ip_cur_rt_host = -1;
static int hf_ip_src_rt = -1;
static int hf_ip_src_rt_host = -1;
static int hf_ip_empty_rt = -1;
static int hf_ip_empty_rt_host = -1;
static int hf_ip_opt_overflow = -1;
static int hf_ip_opt_flag = -1;
static int hf_ip_opt_time_stamp = -1;
static int hf_ip_opt_time_stamp_addr = -1;
static int hf_ip_fragments = -1;
static int hf_ip_fragment = -1;
static int hf_ip_fragment_overlap = -1;
static int hf_ip_fragment_overlap_conflict = -1;
static int hf_ip_fragment_multiple_tails = -1;
static int hf_ip_fragment_too_long = -1;
static int hf_ip_fragment_error = -1;
static int hf_ip_fragment_count = -1;
static int hf_ip_reassembled_in = -1;
static int hf_ip_reassembled_length = -1;
static int hf_ip_reassembled_data = -1;

/* Wireshark registers each option as a protocol ("ip.options.nop"). */
static int proto_opt_eol = -1;
static int proto_opt_nop = -1;
static int proto_opt_security = -1;
static int proto_opt_lsr = -1;
static int proto_opt_timestamp = -1;
static int proto_opt_ext_security = -1;
static int proto_opt_cipso = -1;
static int proto_opt_rr = -1;
static int proto_opt_sid = -1;
static int proto_opt_ssr = -1;
static int proto_opt_mtu_probe = -1;
static int proto_opt_mtu_reply = -1;
static int proto_opt_traceroute = -1;
static int proto_opt_ra = -1;
static int proto_opt_sdb = -1;
static int proto_opt_qs = -1;

#define IPOPT_EOOL      0
#define IPOPT_NOP       1
#define IPOPT_RR        7
#define IPOPT_TS        68
#define IPOPT_LSR       131
#define IPOPT_SSR       137
#define IPOPT_RA        148

/* An IPv4 header has at most 40 bytes of options, so at most 40 options. */
#define MAX_OPTIONS 40

const TrawlValueName trawl_ipproto_names[] = {
  { 0, "IPv6 Hop-by-Hop Option" },
  { 1, "ICMP" },
  { 2, "IGMP" },
  { 3, "Gateway-to-Gateway" },
  { 4, "IPIP" },
  { 5, "Stream" },
  { 6, "TCP" },
  { 8, "EGP" },
  { 9, "IGRP" },
  { 17, "UDP" },
  { 27, "Reliable Data" },
  { 33, "DCCP" },
  { 41, "IPv6" },
  { 43, "Routing Header for IPv6" },
  { 44, "Fragment Header for IPv6" },
  { 46, "Reservation Protocol" },
  { 47, "Generic Routing Encapsulation" },
  { 50, "Encap Security Payload" },
  { 51, "Authentication Header" },
  { 58, "ICMPv6" },
  { 59, "IPv6 No Next Header" },
  { 60, "Destination Options for IPv6" },
  { 88, "Enhanced Interior Gateway Routing Protocol" },
  { 89, "Open Shortest Path First" },
  { 103, "Protocol Independent Multicast" },
  { 112, "Virtual Router Redundancy Protocol" },
  { 115, "Layer 2 Tunneling Protocol" },
  { 132, "Stream Control Transmission Protocol" },
  { 135, "Mobile IPv6 Extension Header" },
  { 136, "Lightweight User Datagram Protocol" },
  { 137, "MPLS in IP" },
  { 139, "Host Identity Protocol" },
  { 140, "Shim6 Protocol" },
  { 255, "Reserved" },
  { 0, NULL }
};

const TrawlValueName trawl_dscp_names[] = {
  { 0, "Default" },
  { 1, "Lower Effort" },
  { 8, "Class Selector 1" },
  { 10, "Assured Forwarding 11" },
  { 12, "Assured Forwarding 12" },
  { 14, "Assured Forwarding 13" },
  { 16, "Class Selector 2" },
  { 18, "Assured Forwarding 21" },
  { 20, "Assured Forwarding 22" },
  { 22, "Assured Forwarding 23" },
  { 24, "Class Selector 3" },
  { 26, "Assured Forwarding 31" },
  { 28, "Assured Forwarding 32" },
  { 30, "Assured Forwarding 33" },
  { 32, "Class Selector 4" },
  { 34, "Assured Forwarding 41" },
  { 36, "Assured Forwarding 42" },
  { 38, "Assured Forwarding 43" },
  { 40, "Class Selector 5" },
  { 44, "Voice Admit" },
  { 46, "Expedited Forwarding" },
  { 48, "Class Selector 6" },
  { 56, "Class Selector 7" },
  { 0, NULL }
};

const TrawlValueName trawl_dscp_short_names[] = {
  { 0, "CS0" }, { 1, "LE" }, { 8, "CS1" }, { 10, "AF11" }, { 12, "AF12" },
  { 14, "AF13" }, { 16, "CS2" }, { 18, "AF21" }, { 20, "AF22" }, { 22, "AF23" },
  { 24, "CS3" }, { 26, "AF31" }, { 28, "AF32" }, { 30, "AF33" }, { 32, "CS4" },
  { 34, "AF41" }, { 36, "AF42" }, { 38, "AF43" }, { 40, "CS5" }, { 44, "VA" },
  { 46, "EF" }, { 48, "CS6" }, { 56, "CS7" },
  { 0, NULL }
};

const TrawlValueName trawl_ecn_names[] = {
  { 0, "Not ECN-Capable Transport" },
  { 1, "ECN-Capable Transport codepoint '01'" },
  { 2, "ECN-Capable Transport codepoint '10'" },
  { 3, "Congestion Experienced" },
  { 0, NULL }
};

const TrawlValueName trawl_ecn_short_names[] = {
  { 0, "Not-ECT" },
  { 1, "ECT(1)" },
  { 2, "ECT(0)" },
  { 3, "CE" },
  { 0, NULL }
};

static const TrawlTrueFalse yes_no = { "Yes", "No" };

static const TrawlValueName opt_class_names[] = {
  { 0, "Control" },
  { 1, "Reserved for future use" },
  { 2, "Debugging and measurement" },
  { 3, "Reserved for future use" },
  { 0, NULL }
};

static const TrawlValueName opt_number_names[] = {
  { 0, "End of Option List (EOL)" },
  { 1, "No-Operation (NOP)" },
  { 2, "Security" },
  { 3, "Loose source route" },
  { 4, "Time stamp" },
  { 5, "Extended security" },
  { 6, "Commercial security" },
  { 7, "Record route" },
  { 8, "Stream identifier" },
  { 9, "Strict source route" },
  { 10, "Experimental Measurement" },
  { 11, "MTU Probe" },
  { 12, "MTU Reply" },
  { 13, "Experimental Flow Control" },
  { 14, "Experimental Access Control" },
  { 15, "ENCODE" },
  { 16, "IMI Traffic Descriptor" },
  { 17, "Extended Internet Protocol" },
  { 18, "Traceroute" },
  { 19, "Address Extension" },
  { 20, "Router Alert" },
  { 21, "Selective Directed Broadcast" },
  { 23, "Dynamic Packet State" },
  { 24, "Upstream Multicast Pkt." },
  { 25, "Quick-Start" },
  { 30, "RFC3692-style Experiment" },
  { 0, NULL }
};

static const TrawlValueName ts_flag_names[] = {
  { 0, "Time stamps only" },
  { 1, "Time stamp and address" },
  { 3, "Time stamps for prespecified addresses" },
  { 0, NULL }
};

static const TrawlValueName ra_names[] = {
  { 0, "Router shall examine packet" },
  { 0, NULL }
};

static const TrawlFieldDef fields[] = {
  { &hf_ip_version, "ip.version", N_("Version"), TRAWL_FT_UINT8, TRAWL_BASE_DEC },
  { &hf_ip_hdr_len, "ip.hdr_len", N_("Header Length"), TRAWL_FT_UINT8, TRAWL_BASE_DEC, NULL, 0, N_("Header length in 32-bit words") },
  { &hf_ip_dsfield, "ip.dsfield", N_("Differentiated Services Field"), TRAWL_FT_UINT8, TRAWL_BASE_HEX },
  { &hf_ip_dsfield_dscp, "ip.dsfield.dscp", N_("Differentiated Services Codepoint"), TRAWL_FT_UINT8, TRAWL_BASE_DEC, trawl_dscp_names, 0xfc },
  { &hf_ip_dsfield_ecn, "ip.dsfield.ecn", N_("Explicit Congestion Notification"), TRAWL_FT_UINT8, TRAWL_BASE_DEC, trawl_ecn_names, 0x03 },
  { &hf_ip_len, "ip.len", N_("Total Length"), TRAWL_FT_UINT16, TRAWL_BASE_DEC },
  { &hf_ip_id, "ip.id", N_("Identification"), TRAWL_FT_UINT16, TRAWL_BASE_HEX_DEC },
  { &hf_ip_flags, "ip.flags", N_("Flags"), TRAWL_FT_UINT8, TRAWL_BASE_HEX, NULL, 0xe0, N_("Flags (3 bits)") },
  { &hf_ip_flags_rb, "ip.flags.rb", N_("Reserved bit"), TRAWL_FT_BOOLEAN, 8, NULL, 0x80 },
  { &hf_ip_flags_df, "ip.flags.df", N_("Don't fragment"), TRAWL_FT_BOOLEAN, 8, NULL, 0x40 },
  { &hf_ip_flags_mf, "ip.flags.mf", N_("More fragments"), TRAWL_FT_BOOLEAN, 8, NULL, 0x20 },
  { &hf_ip_frag_offset, "ip.frag_offset", N_("Fragment Offset"), TRAWL_FT_UINT16, TRAWL_BASE_DEC, NULL, 0x1fff, N_("Fragment offset (13 bits)") },
  { &hf_ip_ttl, "ip.ttl", N_("Time to Live"), TRAWL_FT_UINT8, TRAWL_BASE_DEC },
  { &hf_ip_proto, "ip.proto", N_("Protocol"), TRAWL_FT_UINT8, TRAWL_BASE_DEC, trawl_ipproto_names },
  { &hf_ip_checksum, "ip.checksum", N_("Header Checksum"), TRAWL_FT_UINT16, TRAWL_BASE_HEX },
  { &hf_ip_checksum_status, "ip.checksum.status", N_("Header checksum status"), TRAWL_FT_UINT8, TRAWL_BASE_NONE, trawl_checksum_status_vals },
  { &hf_ip_src, "ip.src", N_("Source Address"), TRAWL_FT_IPv4, TRAWL_BASE_NONE },
  { &hf_ip_dst, "ip.dst", N_("Destination Address"), TRAWL_FT_IPv4, TRAWL_BASE_NONE },
  { &hf_ip_addr, "ip.addr", N_("Source or Destination Address"), TRAWL_FT_IPv4, TRAWL_BASE_NONE },
  { &hf_ip_src_host, "ip.src_host", N_("Source Host"), TRAWL_FT_STRING, TRAWL_BASE_NONE },
  { &hf_ip_dst_host, "ip.dst_host", N_("Destination Host"), TRAWL_FT_STRING, TRAWL_BASE_NONE },
  { &hf_ip_host, "ip.host", N_("Source or Destination Host"), TRAWL_FT_STRING, TRAWL_BASE_NONE },
  { &hf_ip_opt_type, "ip.opt.type", N_("Type"), TRAWL_FT_UINT8, TRAWL_BASE_DEC },
  { &hf_ip_opt_type_copy, "ip.opt.type.copy", N_("Copy on fragmentation"), TRAWL_FT_BOOLEAN, 8, NULL, 0x80, NULL, NULL, &yes_no },
  { &hf_ip_opt_type_class, "ip.opt.type.class", N_("Class"), TRAWL_FT_UINT8, TRAWL_BASE_DEC, opt_class_names, 0x60 },
  { &hf_ip_opt_type_number, "ip.opt.type.number", N_("Number"), TRAWL_FT_UINT8, TRAWL_BASE_DEC, opt_number_names, 0x1f },
  { &hf_ip_opt_len, "ip.opt.len", N_("Length"), TRAWL_FT_UINT8, TRAWL_BASE_DEC },
  { &hf_ip_opt_ptr, "ip.opt.ptr", N_("Pointer"), TRAWL_FT_UINT8, TRAWL_BASE_DEC },
  { &hf_ip_opt_ra, "ip.opt.ra", N_("Router Alert"), TRAWL_FT_UINT16, TRAWL_BASE_DEC, ra_names },
  { &hf_ip_rec_rt, "ip.rec_rt", N_("Recorded Route"), TRAWL_FT_IPv4, TRAWL_BASE_NONE },
  { &hf_ip_rec_rt_host, "ip.rec_rt_host", N_("Recorded Route Host"), TRAWL_FT_STRING, TRAWL_BASE_NONE },
  { &hf_ip_cur_rt, "ip.cur_rt", N_("Current Route"), TRAWL_FT_IPv4, TRAWL_BASE_NONE },
  { &hf_ip_cur_rt_host, "ip.cur_rt_host", N_("Current Route Host"), TRAWL_FT_STRING, TRAWL_BASE_NONE },
  { &hf_ip_src_rt, "ip.src_rt", N_("Source Route"), TRAWL_FT_IPv4, TRAWL_BASE_NONE },
  { &hf_ip_src_rt_host, "ip.src_rt_host", N_("Source Route Host"), TRAWL_FT_STRING, TRAWL_BASE_NONE },
  { &hf_ip_empty_rt, "ip.empty_rt", N_("Empty Route"), TRAWL_FT_IPv4, TRAWL_BASE_NONE },
  { &hf_ip_empty_rt_host, "ip.empty_rt_host", N_("Empty Route Host"), TRAWL_FT_STRING, TRAWL_BASE_NONE },
  { &hf_ip_opt_overflow, "ip.opt.overflow", N_("Overflow"), TRAWL_FT_UINT8, TRAWL_BASE_DEC, NULL, 0xf0 },
  { &hf_ip_opt_flag, "ip.opt.flag", N_("Flag"), TRAWL_FT_UINT8, TRAWL_BASE_HEX, ts_flag_names, 0x0f },
  { &hf_ip_opt_time_stamp, "ip.opt.time_stamp", N_("Time stamp"), TRAWL_FT_UINT32, TRAWL_BASE_DEC },
  { &hf_ip_opt_time_stamp_addr, "ip.opt.time_stamp_addr", N_("Address"), TRAWL_FT_IPv4, TRAWL_BASE_NONE },
  { &hf_ip_fragments, "ip.fragments", N_("IPv4 Fragments"), TRAWL_FT_BYTES, TRAWL_BASE_NONE },
  { &hf_ip_fragment, "ip.fragment", N_("IPv4 Fragment"), TRAWL_FT_FRAMENUM, TRAWL_BASE_NONE },
  { &hf_ip_fragment_overlap, "ip.fragment.overlap", N_("Fragment overlap"), TRAWL_FT_BOOLEAN, 0, NULL, 0, N_("Fragment overlaps with other fragments") },
  { &hf_ip_fragment_overlap_conflict, "ip.fragment.overlap.conflict", N_("Conflicting data in fragment overlap"), TRAWL_FT_BOOLEAN, 0, NULL, 0, N_("Overlapping fragments contained conflicting data") },
  { &hf_ip_fragment_multiple_tails, "ip.fragment.multipletails", N_("Multiple tail fragments found"), TRAWL_FT_BOOLEAN, 0, NULL, 0, N_("Several tails were found when defragmenting the packet") },
  { &hf_ip_fragment_too_long, "ip.fragment.toolongfragment", N_("Fragment too long"), TRAWL_FT_BOOLEAN, 0, NULL, 0, N_("Fragment contained data past end of packet") },
  { &hf_ip_fragment_error, "ip.fragment.error", N_("Defragmentation error"), TRAWL_FT_FRAMENUM, TRAWL_BASE_NONE, NULL, 0, N_("Defragmentation error due to illegal fragments") },
  { &hf_ip_fragment_count, "ip.fragment.count", N_("Fragment count"), TRAWL_FT_UINT32, TRAWL_BASE_DEC },
  { &hf_ip_reassembled_in, "ip.reassembled_in", N_("Reassembled IPv4 in frame"), TRAWL_FT_FRAMENUM, TRAWL_BASE_NONE, NULL, 0, N_("This IPv4 packet is reassembled in this frame") },
  { &hf_ip_reassembled_length, "ip.reassembled.length", N_("Reassembled IPv4 length"), TRAWL_FT_UINT32, TRAWL_BASE_DEC, NULL, 0, N_("The total length of the reassembled payload") },
  { &hf_ip_reassembled_data, "ip.reassembled.data", N_("Reassembled IPv4 data"), TRAWL_FT_BYTES, TRAWL_BASE_NONE, NULL, 0, N_("The reassembled payload") },
};

static const TrawlIpFragFields frag_fields = {
  &hf_ip_fragments, &hf_ip_fragment, &hf_ip_fragment_overlap, &hf_ip_fragment_overlap_conflict,
  &hf_ip_fragment_multiple_tails, &hf_ip_fragment_too_long, &hf_ip_fragment_error,
  &hf_ip_fragment_count, &hf_ip_reassembled_in, &hf_ip_reassembled_length,
  &hf_ip_reassembled_data, "IPv4 Fragment", "IPv4 Fragments", "Reassembled IPv4",
};

typedef struct
{
  guint8      type;
  int        *proto;
  const char *name;
  const char *abbrev;
} IpOption;

static const IpOption options[] = {
  { IPOPT_EOOL, &proto_opt_eol, N_("End of Options List (EOL)"), "ip.options.eol" },
  { IPOPT_NOP, &proto_opt_nop, N_("No-Operation (NOP)"), "ip.options.nop" },
  { 130, &proto_opt_security, N_("Security"), "ip.options.security" },
  { IPOPT_LSR, &proto_opt_lsr, N_("Loose Source Route"), "ip.options.route" },
  { IPOPT_TS, &proto_opt_timestamp, N_("Time Stamp"), "ip.options.timestamp" },
  { 133, &proto_opt_ext_security, N_("Extended Security"), "ip.options.ext_security" },
  { 134, &proto_opt_cipso, N_("Commercial Security"), "ip.options.cipso" },
  { IPOPT_RR, &proto_opt_rr, N_("Record Route"), "ip.options.record_route" },
  { 136, &proto_opt_sid, N_("Stream ID"), "ip.options.sid" },
  { IPOPT_SSR, &proto_opt_ssr, N_("Strict Source Route"), "ip.options.source_route" },
  { 11, &proto_opt_mtu_probe, N_("MTU Probe"), "ip.options.mtu_probe" },
  { 12, &proto_opt_mtu_reply, N_("MTU Reply"), "ip.options.mtu_reply" },
  { 82, &proto_opt_traceroute, N_("Traceroute"), "ip.options.traceroute" },
  { IPOPT_RA, &proto_opt_ra, N_("Router Alert"), "ip.options.routeralert" },
  { 149, &proto_opt_sdb, N_("Selective Directed Broadcast"), "ip.options.sdb" },
  { 25, &proto_opt_qs, N_("Quick-Start"), "ip.options.qs" },
};

static const IpOption *
find_option (guint8 type)
{
  for (guint i = 0; i < G_N_ELEMENTS (options); i++)
    if (options[i].type == type)
      return &options[i];
  return NULL;
}

/* "...0 0000 1011 1001 = " for a bitfield whose displayed value is not
 * the raw bits (the fragment offset is shown in bytes). */
static void
bits_prefix (char    *buf,
             gsize    size,
             guint32  raw,
             guint32  mask,
             guint    bits)
{
  gsize o = 0;

  for (guint i = bits; i > 0 && o + 5 < size; i--)
    {
      guint32 bit = 1u << (i - 1);
      buf[o++] = (mask & bit) ? ((raw & bit) ? '1' : '0') : '.';
      if (i > 1 && (i - 1) % 4 == 0)
        buf[o++] = ' ';
    }
  g_strlcpy (buf + o, " = ", size - o);
}

static void
add_host (TrawlPacket *pkt,
          TrawlNode   *parent,
          int          hf,
          TrawlCursor *cur,
          guint32      off)
{
  const guint8 *p = trawl_cursor_ptr (cur, off, 4);
  char text[16];
  TrawlNode *n;

  /* Four of these per frame: no printf for a filter that does not ask. */
  if (p == NULL || !trawl_packet_field_wanted (pkt, parent, hf))
    return;
  g_snprintf (text, sizeof text, "%u.%u.%u.%u", p[0], p[1], p[2], p[3]);
  n = trawl_tree_add_string (pkt, parent, hf, cur, off, 4, text, -1);
  trawl_node_set_flags (n, TRAWL_NODE_HIDDEN);
}

static void
add_hidden_ipv4 (TrawlPacket *pkt,
                 TrawlNode   *parent,
                 int          hf,
                 TrawlCursor *cur,
                 guint32      off)
{
  TrawlNode *n = trawl_tree_add_item (pkt, parent, hf, cur, off, 4, TRAWL_ENC_BE);
  trawl_node_set_flags (n, TRAWL_NODE_HIDDEN);
}

/* Record Route, Loose and Strict Source Route: a list of addresses and a
 * 1-based pointer to the next one. */
static void
dissect_route_option (TrawlPacket *pkt,
                      TrawlNode   *opt,
                      TrawlCursor *cur,
                      guint32      off,
                      guint8       type,
                      guint8       len)
{
  guint8 ptr;
  gboolean rr = type == IPOPT_RR;

  if (len < 3)
    return;
  ptr = trawl_cursor_get_u8 (cur, off + 2);
  trawl_tree_add_item (pkt, opt, hf_ip_opt_ptr, cur, off + 2, 1, TRAWL_ENC_BE);
  for (guint32 o = 3; o + 4 <= len; o += 4)
    {
      int hf, hf_host;
      const char *suffix = NULL;
      TrawlNode *n;

      if (o + 1 < ptr)
        hf = hf_ip_rec_rt, hf_host = hf_ip_rec_rt_host;
      else if (o + 1 == ptr)
        {
          if (rr)
            hf = hf_ip_empty_rt, hf_host = hf_ip_empty_rt_host, suffix = " <- (next)";
          else
            hf = hf_ip_cur_rt, hf_host = hf_ip_cur_rt_host, suffix = " <- (current)";
        }
      else if (rr)
        hf = hf_ip_empty_rt, hf_host = hf_ip_empty_rt_host;
      else
        hf = hf_ip_src_rt, hf_host = hf_ip_src_rt_host;

      n = trawl_tree_add_item (pkt, opt, hf, cur, off + o, 4, TRAWL_ENC_BE);
      if (suffix)
        trawl_node_append_text (pkt, n, "%s", suffix);
      add_host (pkt, opt, hf_host, cur, off + o);
    }
}

static void
dissect_timestamp_option (TrawlPacket *pkt,
                          TrawlNode   *opt,
                          TrawlCursor *cur,
                          guint32      off,
                          guint8       len)
{
  guint8 flag;
  guint32 step;

  if (len < 4)
    return;
  trawl_tree_add_item (pkt, opt, hf_ip_opt_ptr, cur, off + 2, 1, TRAWL_ENC_BE);
  trawl_tree_add_item (pkt, opt, hf_ip_opt_overflow, cur, off + 3, 1, TRAWL_ENC_BE);
  trawl_tree_add_item (pkt, opt, hf_ip_opt_flag, cur, off + 3, 1, TRAWL_ENC_BE);
  flag = trawl_cursor_get_u8 (cur, off + 3) & 0x0f;
  step = flag == 0 ? 4 : 8;
  for (guint32 o = 4; o + step <= len; o += step)
    {
      if (step == 8)
        {
          TrawlNode *n = trawl_tree_add_item (pkt, opt, hf_ip_opt_time_stamp_addr, cur, off + o, 4, TRAWL_ENC_BE);
          if (trawl_cursor_get_u32 (cur, off + o) == 0)
            trawl_node_set_text (pkt, n, "Address: -");
          trawl_tree_add_item (pkt, opt, hf_ip_opt_time_stamp, cur, off + o + 4, 4, TRAWL_ENC_BE);
        }
      else
        trawl_tree_add_item (pkt, opt, hf_ip_opt_time_stamp, cur, off + o, 4, TRAWL_ENC_BE);
    }
}

static TrawlNode *
add_option_node (TrawlPacket    *pkt,
                 TrawlNode      *list,
                 TrawlCursor    *cur,
                 guint32         off,
                 guint32         len,
                 guint8          type,
                 const IpOption *info)
{
  TrawlNode *opt, *t;

  if (info)
    {
      opt = trawl_tree_add_item (pkt, list, *info->proto, cur, off, len, TRAWL_ENC_BE);
      if (len > 1)
        trawl_node_set_text (pkt, opt, "IP Option - %s (%u bytes)", _(info->name), len);
      else
        trawl_node_set_text (pkt, opt, "IP Option - %s", _(info->name));
    }
  else
    opt = trawl_tree_add_text (pkt, list, cur, off, len, "IP Option - Unknown (0x%02x) (%u bytes)", type, len);

  t = trawl_tree_add_item (pkt, opt, hf_ip_opt_type, cur, off, 1, TRAWL_ENC_BE);
  trawl_tree_add_item (pkt, t, hf_ip_opt_type_copy, cur, off, 1, TRAWL_ENC_BE);
  trawl_tree_add_item (pkt, t, hf_ip_opt_type_class, cur, off, 1, TRAWL_ENC_BE);
  trawl_tree_add_item (pkt, t, hf_ip_opt_type_number, cur, off, 1, TRAWL_ENC_BE);
  return opt;
}

static void
dissect_options (TrawlPacket *pkt,
                 TrawlNode   *top,
                 TrawlCursor *cur,
                 guint32      hlen)
{
  TrawlNode *list;
  guint32 off = 20;

  list = trawl_tree_add_text (pkt, top, cur, 20, hlen - 20, "Options: (%u bytes)", hlen - 20);
  for (guint n = 0; n < MAX_OPTIONS && off < hlen; n++)
    {
      guint8 type = trawl_cursor_get_u8 (cur, off);
      const IpOption *info = find_option (type);
      TrawlNode *opt;
      guint8 len;

      if (type == IPOPT_EOOL || type == IPOPT_NOP)
        {
          add_option_node (pkt, list, cur, off, 1, type, info);
          off++;
          if (type == IPOPT_EOOL)
            break;
          continue;
        }
      len = off + 1 < hlen ? trawl_cursor_get_u8 (cur, off + 1) : 0;
      if (len < 2 || off + len > hlen)
        {
          opt = add_option_node (pkt, list, cur, off, hlen - off, type, info);
          trawl_tree_add_expert (pkt, opt, TRAWL_EXPERT_ERROR,
                                 "Invalid length for option (%u, must be >= 2 and <= %u)",
                                 len, hlen - off);
          break;
        }
      if (info)
        trawl_node_append_text (pkt, list, ", %s", _(info->name));
      opt = add_option_node (pkt, list, cur, off, len, type, info);
      trawl_tree_add_item (pkt, opt, hf_ip_opt_len, cur, off + 1, 1, TRAWL_ENC_BE);
      switch (type)
        {
        case IPOPT_RR:
        case IPOPT_LSR:
        case IPOPT_SSR:
          dissect_route_option (pkt, opt, cur, off, type, len);
          break;
        case IPOPT_TS:
          dissect_timestamp_option (pkt, opt, cur, off, len);
          break;
        case IPOPT_RA:
          if (len == 4)
            trawl_tree_add_item (pkt, opt, hf_ip_opt_ra, cur, off + 2, 2, TRAWL_ENC_BE);
          break;
        default:
          break;
        }
      off += len;
    }
}

static void
add_header_fields (TrawlPacket *pkt,
                   TrawlNode   *top,
                   TrawlCursor *cur,
                   guint8       ihl,
                   guint16      ip_len,
                   guint16      frag)
{
  TrawlNode *n;
  guint8 tos = trawl_cursor_get_u8 (cur, 1);
  char bits[48];
  const char *dscp_short;

  n = trawl_tree_add_uint (pkt, top, hf_ip_version, cur, 0, 1, 4);
  trawl_node_set_text (pkt, n, "0100 .... = Version: 4");
  n = trawl_tree_add_uint (pkt, top, hf_ip_hdr_len, cur, 0, 1, ihl * 4u);
  bits_prefix (bits, sizeof bits, ihl, 0x0f, 8);
  trawl_node_set_text (pkt, n, "%sHeader Length: %u bytes (%u)", bits, ihl * 4u, ihl);

  n = trawl_tree_add_item (pkt, top, hf_ip_dsfield, cur, 1, 1, TRAWL_ENC_BE);
  dscp_short = trawl_value_name_lookup (trawl_dscp_short_names, tos >> 2);
  trawl_node_append_text (pkt, n, " (DSCP: %s, ECN: %s)", dscp_short ? dscp_short : "Unknown",
                          trawl_value_name_lookup (trawl_ecn_short_names, tos & 3));
  trawl_tree_add_item (pkt, n, hf_ip_dsfield_dscp, cur, 1, 1, TRAWL_ENC_BE);
  trawl_tree_add_item (pkt, n, hf_ip_dsfield_ecn, cur, 1, 1, TRAWL_ENC_BE);

  n = trawl_tree_add_item (pkt, top, hf_ip_len, cur, 2, 2, TRAWL_ENC_BE);
  if (ip_len == 0)
    trawl_node_append_text (pkt, n, " (reported as 0, presumed to be because of \"TCP segmentation offload\" (TSO))");
  trawl_tree_add_item (pkt, top, hf_ip_id, cur, 4, 2, TRAWL_ENC_BE);

  n = trawl_tree_add_item (pkt, top, hf_ip_flags, cur, 6, 1, TRAWL_ENC_BE);
  if (frag & 0x8000)
    trawl_node_append_text (pkt, n, ", Reserved bit");
  if (frag & 0x4000)
    trawl_node_append_text (pkt, n, ", Don't fragment");
  if (frag & 0x2000)
    trawl_node_append_text (pkt, n, ", More fragments");
  trawl_tree_add_item (pkt, n, hf_ip_flags_rb, cur, 6, 1, TRAWL_ENC_BE);
  trawl_tree_add_item (pkt, n, hf_ip_flags_df, cur, 6, 1, TRAWL_ENC_BE);
  trawl_tree_add_item (pkt, n, hf_ip_flags_mf, cur, 6, 1, TRAWL_ENC_BE);

  /* The value is in 8-byte units (as -T fields prints it), the label in bytes. */
  n = trawl_tree_add_item (pkt, top, hf_ip_frag_offset, cur, 6, 2, TRAWL_ENC_BE);
  trawl_node_set_text (pkt, n, "Fragment Offset: %u", (frag & 0x1fffu) * 8);

  trawl_tree_add_item (pkt, top, hf_ip_ttl, cur, 8, 1, TRAWL_ENC_BE);
  trawl_tree_add_item (pkt, top, hf_ip_proto, cur, 9, 1, TRAWL_ENC_BE);
  /* Like Wireshark by default: the header checksum is not verified. */
  n = trawl_tree_add_item (pkt, top, hf_ip_checksum, cur, 10, 2, TRAWL_ENC_BE);
  trawl_node_append_text (pkt, n, " [validation disabled]");
  n = trawl_tree_add_uint (pkt, top, hf_ip_checksum_status, cur, 10, 0, 2);
  trawl_node_set_text (pkt, n, "Header checksum status: Unverified");
  trawl_node_set_flags (n, TRAWL_NODE_GENERATED);

  trawl_tree_add_item (pkt, top, hf_ip_src, cur, 12, 4, TRAWL_ENC_BE);
  add_hidden_ipv4 (pkt, top, hf_ip_addr, cur, 12);
  add_host (pkt, top, hf_ip_src_host, cur, 12);
  add_host (pkt, top, hf_ip_host, cur, 12);
  trawl_tree_add_item (pkt, top, hf_ip_dst, cur, 16, 4, TRAWL_ENC_BE);
  add_hidden_ipv4 (pkt, top, hf_ip_addr, cur, 16);
  add_host (pkt, top, hf_ip_dst_host, cur, 16);
  add_host (pkt, top, hf_ip_host, cur, 16);
}

/* Version and header-length sanity; FALSE (layer marked) when bogus. */
static gboolean
check_header (TrawlPacket *pkt,
              TrawlNode   *top,
              TrawlCursor *cur,
              guint8       version,
              guint8       ihl)
{
  TrawlNode *n;

  if (version != 4)
    {
      n = trawl_tree_add_uint (pkt, top, hf_ip_version, cur, 0, 1, version);
      trawl_node_set_text (pkt, n, "%u%u%u%u .... = Version: %u", (version >> 3) & 1,
                           (version >> 2) & 1, (version >> 1) & 1, version & 1, version);
      trawl_tree_add_expert (pkt, top, TRAWL_EXPERT_ERROR,
                             "Bogus IP version (%u, must be 4)", version);
      trawl_col_set_info (pkt, "Bogus IPv4 version (%u, must be 4)", version);
      return FALSE;
    }
  if (ihl < 5)
    {
      n = trawl_tree_add_uint (pkt, top, hf_ip_hdr_len, cur, 0, 1, ihl * 4u);
      trawl_node_set_text (pkt, n, "Header Length: %u bytes", ihl * 4u);
      trawl_tree_add_expert (pkt, top, TRAWL_EXPERT_ERROR,
                             "Bogus IP header length (%u, must be at least 20)", ihl * 4u);
      trawl_col_set_info (pkt, "Bogus IP header length (%u, must be at least 20)", ihl * 4u);
      return FALSE;
    }
  return TRUE;
}

static void
show_fragment (TrawlPacket *pkt,
               TrawlCursor *cur,
               guint8       proto,
               guint32      frag_off)
{
  const char *pname;

  if (pkt->in_error_pkt)
    return;
  pname = trawl_value_name_lookup (trawl_ipproto_names, proto);
  trawl_col_set_info (pkt, "Fragmented IP protocol (proto=%s %u, off=%u, ID=%04x)",
                      pname ? pname : "Unknown", proto, frag_off,
                      trawl_cursor_get_u16 (cur, 4));
}

/* A fragment, as Wireshark's default ip.defragment shows it: the frame
 * that completes its datagram hands the whole of it up, every other one
 * is data.  FALSE when not even tried, as in Wireshark: the datagram an
 * ICMP error quotes, a frame cut short, an empty payload (and here a
 * datagram not in the frame's own bytes, such as a tunnel's inside a
 * reassembled one). */
static gboolean
defragment (TrawlPacket *pkt,
            TrawlNode   *top,
            TrawlCursor *cur,
            guint32      hlen,
            guint32      datagram_len,
            TrawlNode   *parent)
{
  TrawlIpFragment f = { 0 };
  TrawlIpReassembled r;
  TrawlCursor payload, rcur;
  guint16 frag = trawl_cursor_get_u16 (cur, 6);

  if (pkt->in_error_pkt || cur->ds != 0 || cur->data != pkt->data ||
      datagram_len <= hlen || !trawl_cursor_has (cur, hlen, datagram_len - hlen))
    return FALSE;
  f.version = 4;
  f.proto = pkt->ip_proto;
  f.more = (frag & 0x2000) != 0;
  f.src = pkt->net_src;
  f.dst = pkt->net_dst;
  f.id = trawl_cursor_get_u16 (cur, 4);
  f.offset = (frag & 0x1fffu) * 8;
  f.len = datagram_len - hlen;
  f.frame_off = trawl_cursor_abs (cur, hlen);
  if (trawl_ip_reassembly_add (pkt, &f, &r) && r.reassembled_in == pkt->number)
    {
      trawl_ip_fragments_show (pkt, top, &r, &frag_fields, &rcur);
      /* The whole datagram is here: checksums above can be verified. */
      pkt->ip_fragment = FALSE;
      if (!trawl_dissector_table_try (TRAWL_TABLE_IP_PROTO, f.proto, pkt, &rcur, parent))
        trawl_dissect_data (pkt, &rcur, parent);
      return TRUE;
    }
  show_fragment (pkt, cur, f.proto, f.offset);
  trawl_ip_fragments_show_in (pkt, top, cur, &r, &frag_fields);
  if (r.reassembled_in != 0 && !pkt->no_forward_refs && !pkt->in_error_pkt)
    trawl_col_append_info (pkt, " [Reassembled in #%u]", r.reassembled_in);
  payload = trawl_cursor_sub (cur, hlen, datagram_len - hlen, NULL);
  trawl_dissect_data (pkt, &payload, parent);
  return TRUE;
}

static gboolean
dissect_ip (TrawlPacket *pkt,
            TrawlCursor *cur,
            TrawlNode   *parent)
{
  TrawlNode *top;
  TrawlCursor payload;
  guint8 version, ihl, proto;
  guint16 ip_len, frag;
  guint32 hlen, datagram_len, frag_off;
  char src[16], dst[16];

  pkt->ip_depth++;
  top = trawl_tree_add_protocol (pkt, parent, proto_ip, cur, 0, 20);
  if (!pkt->in_error_pkt)
    {
      /* Like Wireshark: what the link layer put in Info is dropped. */
      trawl_col_set_protocol (pkt, "IPv4");
      trawl_col_clear_info (pkt);
    }
  version = trawl_cursor_get_u8 (cur, 0) >> 4;
  ihl = trawl_cursor_get_u8 (cur, 0) & 0x0f;
  hlen = ihl * 4u;
  if (!trawl_cursor_has (cur, 0, 1) || !check_header (pkt, top, cur, version, ihl))
    {
      trawl_tree_mark_malformed (pkt, top, "IPv4");
      return TRUE;
    }
  trawl_node_set_len (top, MIN (hlen, trawl_cursor_len (cur)));
  if (!trawl_cursor_has (cur, 0, hlen))
    {
      /* Truncated header: show nothing half-read, just say so. */
      trawl_tree_mark_malformed (pkt, top, "IPv4");
      return TRUE;
    }

  ip_len = trawl_cursor_get_u16 (cur, 2);
  frag = trawl_cursor_get_u16 (cur, 6);
  proto = trawl_cursor_get_u8 (cur, 9);
  frag_off = (frag & 0x1fffu) * 8;

  trawl_address_set (&pkt->net_src, TRAWL_AT_IPv4, trawl_cursor_ptr (cur, 12, 4));
  trawl_address_set (&pkt->net_dst, TRAWL_AT_IPv4, trawl_cursor_ptr (cur, 16, 4));
  if (!pkt->in_error_pkt)
    trawl_col_set_addresses (pkt, &pkt->net_src, &pkt->net_dst);
  pkt->ip_proto = proto;
  pkt->ip_ttl = trawl_cursor_get_u8 (cur, 8);
  pkt->ip_fragment = (frag & 0x2000) != 0 || frag_off != 0;

  if (trawl_packet_tree_wanted (pkt))
    {
      if (trawl_packet_labels_wanted (pkt))
        {
          trawl_address_to_string (&pkt->net_src, src, sizeof src);
          trawl_address_to_string (&pkt->net_dst, dst, sizeof dst);
          trawl_node_append_text (pkt, top, ", Src: %s, Dst: %s", src, dst);
        }
      add_header_fields (pkt, top, cur, ihl, ip_len, frag);
      if (hlen > 20)
        dissect_options (pkt, top, cur, hlen);
    }

  /* A total length of 0 is what TSO leaves in captures; trust the frame. */
  datagram_len = ip_len == 0 ? trawl_cursor_len (cur) : ip_len;
  if (datagram_len < hlen)
    {
      trawl_tree_add_expert (pkt, top, TRAWL_EXPERT_ERROR,
                             "Bogus IP length (%u, less than header length %u)", ip_len, hlen);
      trawl_tree_mark_malformed (pkt, top, "IPv4");
      return TRUE;
    }

  /* Whatever follows the datagram in a short Ethernet frame is padding. */
  if (datagram_len < trawl_cursor_len (cur))
    trawl_eth_add_padding (pkt, cur, trawl_cursor_abs (cur, datagram_len));

  payload = trawl_cursor_sub (cur, hlen, datagram_len - hlen, NULL);
  if (pkt->ip_fragment && defragment (pkt, top, cur, hlen, datagram_len, parent))
    return TRUE;
  if (frag_off != 0)
    {
      show_fragment (pkt, cur, proto, frag_off);
      trawl_dissect_data (pkt, &payload, parent);
      return TRUE;
    }
  if (!trawl_dissector_table_try (TRAWL_TABLE_IP_PROTO, proto, pkt, &payload, parent))
    trawl_dissect_data (pkt, &payload, parent);
  return TRUE;
}

void
trawl_register_ip (void)
{
  proto_ip = trawl_proto_register ("ip", N_("Internet Protocol Version 4"), "IPv4");
  trawl_field_register (proto_ip, fields, G_N_ELEMENTS (fields));
  for (guint i = 0; i < G_N_ELEMENTS (options); i++)
    {
      g_autofree char *name = g_strdup_printf ("IP Option - %s", options[i].name);
      /* The registry keeps the pointer: intern the string. */
      *options[i].proto = trawl_proto_register (options[i].abbrev, g_intern_string (name), options[i].abbrev);
    }
  trawl_dissector_table_add (TRAWL_TABLE_ETHERTYPE, TRAWL_ETHERTYPE_IPV4, dissect_ip);
  trawl_dissector_table_add (TRAWL_TABLE_IP_PROTO, 4, dissect_ip);
}
