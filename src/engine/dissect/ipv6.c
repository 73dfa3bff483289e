/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ipv6.c: Internet Protocol version 6 (RFC 8200) and its extension headers
 *
 * Hop-by-Hop, Routing, Fragment and Destination Options headers are
 * walked in a bounded chain; each is its own protocol in Wireshark
 * ("ipv6.hopopts" ...) and shows in frame.protocols.  As for IPv4,
 * fragments are reassembled as Wireshark does by default
 * (analysis/trawl-ip-reassembly.c): the fragment that completes a
 * datagram hands it all up, the others are data ("IPv6 fragment
 * (off=1448 more=y ident=0x... nxt=58)").
 */
#include "config.h"

#include <glib/gi18n.h>

#include "trawl-dissect.h"
#include "trawl-ethertype.h"
#include "analysis/trawl-ip-reassembly.h"

static int proto_ipv6 = -1;
static int hf_ipv6_version = -1;
static int hf_ip_version = -1;   /* ip.version, registered by ip.c */
static int hf_ipv6_tclass = -1;
static int hf_ipv6_tclass_dscp = -1;
static int hf_ipv6_tclass_ecn = -1;
static int hf_ipv6_flow = -1;
static int hf_ipv6_plen = -1;
static int hf_ipv6_nxt = -1;
static int hf_ipv6_hlim = -1;
static int hf_ipv6_src = -1;
static int hf_ipv6_dst = -1;
static int hf_ipv6_addr = -1;
static int hf_ipv6_src_host = -1;
static int hf_ipv6_dst_host = -1;
static int hf_ipv6_host = -1;
static int hf_ipv6_opt = -1;
static int hf_ipv6_opt_type = -1;
static int hf_ipv6_opt_type_action = -1;
static int hf_ipv6_opt_type_change = -1;
static int hf_ipv6_opt_type_rest = -1;
static int hf_ipv6_opt_length = -1;
static int hf_ipv6_opt_pad1 = -1;
static int hf_ipv6_opt_padn = -1;
static int hf_ipv6_opt_router_alert = -1;
static int hf_ipv6_opt_unknown_data = -1;

static int proto_hopopts = -1;
static int hf_hopopts_nxt = -1;
static int hf_hopopts_len = -1;
static int hf_hopopts_len_oct = -1;
static int proto_dstopts = -1;
static int hf_dstopts_nxt = -1;
static int hf_dstopts_len = -1;
static int hf_dstopts_len_oct = -1;
static int proto_routing = -1;
static int hf_routing_nxt = -1;
static int hf_routing_len = -1;
static int hf_routing_len_oct = -1;
static int hf_routing_type = -1;
static int hf_routing_segleft = -1;
static int hf_routing_unknown_data = -1;
static int proto_fraghdr = -1;
static int hf_frag_nxt = -1;
static int hf_frag_reserved_octet = -1;
static int hf_frag_offset = -1;
static int hf_frag_reserved_bits = -1;
static int hf_frag_more = -1;
static int hf_frag_ident = -1;
static int hf_ipv6_fragments = -1;
static int hf_ipv6_fragment = -1;
static int hf_ipv6_fragment_overlap = -1;
static int hf_ipv6_fragment_overlap_conflict = -1;
static int hf_ipv6_fragment_multiple_tails = -1;
static int hf_ipv6_fragment_too_long = -1;
static int hf_ipv6_fragment_error = -1;
static int hf_ipv6_fragment_count = -1;
static int hf_ipv6_reassembled_in = -1;
static int hf_ipv6_reassembled_length = -1;
static int hf_ipv6_reassembled_data = -1;

#define IP6_HOPOPTS   0
#define IP6_ROUTING   43
#define IP6_FRAGMENT  44
#define IP6_NONXT     59
#define IP6_DSTOPTS   60

/* Bound on the extension header chain; each header is at least 8 bytes. */
#define MAX_EXT_HEADERS 32
/* Bound on options in one Hop-by-Hop/Destination header (2 KiB max). */
#define MAX_OPTIONS 2048

static const TrawlValueName opt_type_names[] = {
  { 0x00, "Pad1" },
  { 0x01, "PadN" },
  { 0x04, "Tunnel Encapsulation Limit" },
  { 0x05, "Router Alert" },
  { 0x06, "Quick-Start" },
  { 0x07, "CALIPSO" },
  { 0x08, "SMF_DPD" },
  { 0x0f, "Performance and Diagnostic Metrics" },
  { 0x26, "Quick-Start" },
  { 0x31, "IOAM" },
  { 0x3e, "Path MTU" },
  { 0x63, "RPL Option" },
  { 0x6d, "MPL Option" },
  { 0x8a, "Endpoint Identification" },
  { 0x8b, "ILNP Nonce" },
  { 0x8c, "Line-Identification Option" },
  { 0xc2, "Jumbo Payload" },
  { 0xc9, "Home Address Option" },
  { 0xee, "IP_DFF" },
  { 0, NULL }
};

static const TrawlValueName opt_action_names[] = {
  { 0, "Skip and continue" },
  { 1, "Discard" },
  { 2, "Discard and send ICMP Parameter Problem" },
  { 3, "Discard and send ICMP if not multicast" },
  { 0, NULL }
};

static const TrawlValueName router_alert_names[] = {
  { 0, "MLD" },
  { 1, "RSVP" },
  { 2, "Active Networks" },
  { 0, NULL }
};

static const TrawlValueName routing_type_names[] = {
  { 0, "Source Route" },
  { 1, "Nimrod" },
  { 2, "Type 2 Routing" },
  { 3, "RPL Source Route Header" },
  { 4, "Segment Routing" },
  { 0, NULL }
};

static const TrawlTrueFalse yes_no = { "Yes", "No" };

static const TrawlFieldDef fields[] = {
  { &hf_ipv6_version, "ipv6.version", N_("Version"), TRAWL_FT_UINT8, TRAWL_BASE_DEC },
  { &hf_ipv6_tclass, "ipv6.tclass", N_("Traffic Class"), TRAWL_FT_UINT32, TRAWL_BASE_HEX, NULL, 0x0ff00000 },
  { &hf_ipv6_tclass_dscp, "ipv6.tclass.dscp", N_("Differentiated Services Codepoint"), TRAWL_FT_UINT32, TRAWL_BASE_DEC, trawl_dscp_names, 0x0fc00000 },
  { &hf_ipv6_tclass_ecn, "ipv6.tclass.ecn", N_("Explicit Congestion Notification"), TRAWL_FT_UINT32, TRAWL_BASE_DEC, trawl_ecn_names, 0x00300000 },
  { &hf_ipv6_flow, "ipv6.flow", N_("Flow Label"), TRAWL_FT_UINT24, TRAWL_BASE_HEX, NULL, 0xfffff },
  { &hf_ipv6_plen, "ipv6.plen", N_("Payload Length"), TRAWL_FT_UINT16, TRAWL_BASE_DEC },
  { &hf_ipv6_nxt, "ipv6.nxt", N_("Next Header"), TRAWL_FT_UINT8, TRAWL_BASE_DEC, trawl_ipproto_names },
  { &hf_ipv6_hlim, "ipv6.hlim", N_("Hop Limit"), TRAWL_FT_UINT8, TRAWL_BASE_DEC },
  { &hf_ipv6_src, "ipv6.src", N_("Source Address"), TRAWL_FT_IPv6, TRAWL_BASE_NONE, NULL, 0, N_("Source IPv6 Address") },
  { &hf_ipv6_dst, "ipv6.dst", N_("Destination Address"), TRAWL_FT_IPv6, TRAWL_BASE_NONE, NULL, 0, N_("Destination IPv6 Address") },
  { &hf_ipv6_addr, "ipv6.addr", N_("Source or Destination Address"), TRAWL_FT_IPv6, TRAWL_BASE_NONE },
  { &hf_ipv6_src_host, "ipv6.src_host", N_("Source Host"), TRAWL_FT_STRING, TRAWL_BASE_NONE },
  { &hf_ipv6_dst_host, "ipv6.dst_host", N_("Destination Host"), TRAWL_FT_STRING, TRAWL_BASE_NONE },
  { &hf_ipv6_host, "ipv6.host", N_("Source or Destination Host"), TRAWL_FT_STRING, TRAWL_BASE_NONE },
  { &hf_ipv6_opt, "ipv6.opt", N_("IPv6 Option"), TRAWL_FT_NONE, TRAWL_BASE_NONE, NULL, 0, N_("Option") },
  { &hf_ipv6_opt_type, "ipv6.opt.type", N_("Type"), TRAWL_FT_UINT8, TRAWL_BASE_HEX, opt_type_names, 0, N_("Option type") },
  { &hf_ipv6_opt_type_action, "ipv6.opt.type.action", N_("Action"), TRAWL_FT_UINT8, TRAWL_BASE_DEC, opt_action_names, 0xc0, N_("Action for unrecognized option type") },
  { &hf_ipv6_opt_type_change, "ipv6.opt.type.change", N_("May Change"), TRAWL_FT_BOOLEAN, 8, NULL, 0x20, N_("Whether the option data may change en-route"), NULL, &yes_no },
  { &hf_ipv6_opt_type_rest, "ipv6.opt.type.rest", N_("Low-Order Bits"), TRAWL_FT_UINT8, TRAWL_BASE_HEX, NULL, 0x1f, N_("Remaining low-order bits") },
  { &hf_ipv6_opt_length, "ipv6.opt.length", N_("Length"), TRAWL_FT_UINT8, TRAWL_BASE_DEC, NULL, 0, N_("Option length in octets") },
  { &hf_ipv6_opt_pad1, "ipv6.opt.pad1", N_("Pad1"), TRAWL_FT_NONE, TRAWL_BASE_NONE, NULL, 0, N_("Pad1 Option") },
  { &hf_ipv6_opt_padn, "ipv6.opt.padn", N_("PadN"), TRAWL_FT_BYTES, TRAWL_BASE_NONE | TRAWL_BASE_ALLOW_ZERO, NULL, 0, N_("PadN Option") },
  { &hf_ipv6_opt_router_alert, "ipv6.opt.router_alert", N_("Router Alert"), TRAWL_FT_UINT16, TRAWL_BASE_DEC, router_alert_names, 0, N_("Router Alert Option") },
  { &hf_ipv6_opt_unknown_data, "ipv6.opt_unknown_data", N_("Unknown Data"), TRAWL_FT_BYTES, TRAWL_BASE_NONE, NULL, 0, N_("Not interpreted data") },
};

static const TrawlFieldDef hopopts_fields[] = {
  { &hf_hopopts_nxt, "ipv6.hopopts.nxt", N_("Next Header"), TRAWL_FT_UINT8, TRAWL_BASE_DEC, trawl_ipproto_names },
  { &hf_hopopts_len, "ipv6.hopopts.len", N_("Length"), TRAWL_FT_UINT8, TRAWL_BASE_DEC, NULL, 0, N_("Extension header length in 8-octet words (minus 1)") },
  { &hf_hopopts_len_oct, "ipv6.hopopts.len_oct", N_("Length"), TRAWL_FT_UINT16, TRAWL_BASE_DEC },
};

static const TrawlFieldDef dstopts_fields[] = {
  { &hf_dstopts_nxt, "ipv6.dstopts.nxt", N_("Next Header"), TRAWL_FT_UINT8, TRAWL_BASE_DEC, trawl_ipproto_names },
  { &hf_dstopts_len, "ipv6.dstopts.len", N_("Length"), TRAWL_FT_UINT8, TRAWL_BASE_DEC, NULL, 0, N_("Extension header length in 8-octet words (minus 1)") },
  { &hf_dstopts_len_oct, "ipv6.dstopts.len_oct", N_("Length"), TRAWL_FT_UINT16, TRAWL_BASE_DEC },
};

static const TrawlFieldDef routing_fields[] = {
  { &hf_routing_nxt, "ipv6.routing.nxt", N_("Next Header"), TRAWL_FT_UINT8, TRAWL_BASE_DEC, trawl_ipproto_names },
  { &hf_routing_len, "ipv6.routing.len", N_("Length"), TRAWL_FT_UINT8, TRAWL_BASE_DEC, NULL, 0, N_("Extension header length in 8-octet words (minus 1)") },
  { &hf_routing_len_oct, "ipv6.routing.len_oct", N_("Length"), TRAWL_FT_UINT16, TRAWL_BASE_DEC },
  { &hf_routing_type, "ipv6.routing.type", N_("Type"), TRAWL_FT_UINT8, TRAWL_BASE_DEC, routing_type_names, 0, N_("Routing Header Type") },
  { &hf_routing_segleft, "ipv6.routing.segleft", N_("Segments Left"), TRAWL_FT_UINT8, TRAWL_BASE_DEC, NULL, 0, N_("Routing Header Segments Left") },
  { &hf_routing_unknown_data, "ipv6.routing.unknown_data", N_("Type-Specific Data"), TRAWL_FT_BYTES, TRAWL_BASE_NONE, NULL, 0, N_("Unknown routing header type-specific data") },
};

static const TrawlFieldDef frag_fields[] = {
  { &hf_frag_nxt, "ipv6.fraghdr.nxt", N_("Next header"), TRAWL_FT_UINT8, TRAWL_BASE_DEC, trawl_ipproto_names },
  { &hf_frag_reserved_octet, "ipv6.fraghdr.reserved_octet", N_("Reserved octet"), TRAWL_FT_UINT8, TRAWL_BASE_HEX, NULL, 0, N_("Should always be 0") },
  { &hf_frag_offset, "ipv6.fraghdr.offset", N_("Offset"), TRAWL_FT_UINT16, TRAWL_BASE_DEC, NULL, 0xfff8, N_("Fragment Offset") },
  { &hf_frag_reserved_bits, "ipv6.fraghdr.reserved_bits", N_("Reserved bits"), TRAWL_FT_UINT16, TRAWL_BASE_DEC, NULL, 0x0006 },
  { &hf_frag_more, "ipv6.fraghdr.more", N_("More Fragments"), TRAWL_FT_BOOLEAN, 16, NULL, 0x0001, NULL, NULL, &yes_no },
  { &hf_frag_ident, "ipv6.fraghdr.ident", N_("Identification"), TRAWL_FT_UINT32, TRAWL_BASE_HEX, NULL, 0, N_("Fragment Identification") },
};

/* Wireshark registers these under "ipv6", not "ipv6.fraghdr". */
static const TrawlFieldDef reassembly_fields[] = {
  { &hf_ipv6_fragments, "ipv6.fragments", N_("IPv6 Fragments"), TRAWL_FT_NONE, TRAWL_BASE_NONE },
  { &hf_ipv6_fragment, "ipv6.fragment", N_("IPv6 Fragment"), TRAWL_FT_FRAMENUM, TRAWL_BASE_NONE },
  { &hf_ipv6_fragment_overlap, "ipv6.fragment.overlap", N_("Fragment overlap"), TRAWL_FT_BOOLEAN, 0, NULL, 0, N_("Fragment overlaps with other fragments") },
  { &hf_ipv6_fragment_overlap_conflict, "ipv6.fragment.overlap.conflict", N_("Conflicting data in fragment overlap"), TRAWL_FT_BOOLEAN, 0, NULL, 0, N_("Overlapping fragments contained conflicting data") },
  { &hf_ipv6_fragment_multiple_tails, "ipv6.fragment.multipletails", N_("Multiple tail fragments found"), TRAWL_FT_BOOLEAN, 0, NULL, 0, N_("Several tails were found when defragmenting the packet") },
  { &hf_ipv6_fragment_too_long, "ipv6.fragment.toolongfragment", N_("Fragment too long"), TRAWL_FT_BOOLEAN, 0, NULL, 0, N_("Fragment contained data past end of packet") },
  { &hf_ipv6_fragment_error, "ipv6.fragment.error", N_("Defragmentation error"), TRAWL_FT_FRAMENUM, TRAWL_BASE_NONE, NULL, 0, N_("Defragmentation error due to illegal fragments") },
  { &hf_ipv6_fragment_count, "ipv6.fragment.count", N_("Fragment count"), TRAWL_FT_UINT32, TRAWL_BASE_DEC },
  { &hf_ipv6_reassembled_in, "ipv6.reassembled.in", N_("Reassembled IPv6 in frame"), TRAWL_FT_FRAMENUM, TRAWL_BASE_NONE, NULL, 0, N_("This IPv6 packet is reassembled in this frame") },
  { &hf_ipv6_reassembled_length, "ipv6.reassembled.length", N_("Reassembled IPv6 length"), TRAWL_FT_UINT32, TRAWL_BASE_DEC, NULL, 0, N_("The total length of the reassembled payload") },
  { &hf_ipv6_reassembled_data, "ipv6.reassembled.data", N_("Reassembled IPv6 data"), TRAWL_FT_BYTES, TRAWL_BASE_NONE, NULL, 0, N_("The reassembled payload") },
};

static const TrawlIpFragFields ipv6_frag_fields = {
  &hf_ipv6_fragments, &hf_ipv6_fragment, &hf_ipv6_fragment_overlap,
  &hf_ipv6_fragment_overlap_conflict, &hf_ipv6_fragment_multiple_tails,
  &hf_ipv6_fragment_too_long, &hf_ipv6_fragment_error, &hf_ipv6_fragment_count,
  &hf_ipv6_reassembled_in, &hf_ipv6_reassembled_length, &hf_ipv6_reassembled_data,
  "IPv6 Fragment", "IPv6 Fragments", "Reassembled IPv6",
};

static void
add_address (TrawlPacket *pkt,
             TrawlNode   *top,
             TrawlCursor *cur,
             guint32      off,
             int          hf,
             int          hf_host)
{
  TrawlNode *n;
  TrawlAddress a;
  char text[48];

  trawl_tree_add_item (pkt, top, hf, cur, off, 16, TRAWL_ENC_BE);
  n = trawl_tree_add_item (pkt, top, hf_ipv6_addr, cur, off, 16, TRAWL_ENC_BE);
  trawl_node_set_flags (n, TRAWL_NODE_HIDDEN);
  trawl_address_set (&a, TRAWL_AT_IPv6, trawl_cursor_ptr (cur, off, 16));
  trawl_address_to_string (&a, text, sizeof text);
  n = trawl_tree_add_string (pkt, top, hf_host, cur, off, 16, text, -1);
  trawl_node_set_flags (n, TRAWL_NODE_HIDDEN);
  n = trawl_tree_add_string (pkt, top, hf_ipv6_host, cur, off, 16, text, -1);
  trawl_node_set_flags (n, TRAWL_NODE_HIDDEN);
}

static void
add_fixed_header (TrawlPacket *pkt,
                  TrawlNode   *top,
                  TrawlCursor *cur,
                  guint16      plen)
{
  TrawlNode *n;
  guint8 tclass = (trawl_cursor_get_u16 (cur, 0) >> 4) & 0xff;
  const char *dscp = trawl_value_name_lookup (trawl_dscp_short_names, tclass >> 2);

  n = trawl_tree_add_uint (pkt, top, hf_ipv6_version, cur, 0, 1, 6);
  trawl_node_set_text (pkt, n, "0110 .... = Version: 6");
  /* Lets "ip.version == 6" match, as in Wireshark. */
  n = trawl_tree_add_uint (pkt, top, hf_ip_version, cur, 0, 1, 6);
  trawl_node_set_flags (n, TRAWL_NODE_HIDDEN);

  n = trawl_tree_add_item (pkt, top, hf_ipv6_tclass, cur, 0, 4, TRAWL_ENC_BE);
  trawl_node_append_text (pkt, n, " (DSCP: %s, ECN: %s)", dscp ? dscp : "Unknown",
                          trawl_value_name_lookup (trawl_ecn_short_names, tclass & 3));
  trawl_tree_add_item (pkt, n, hf_ipv6_tclass_dscp, cur, 0, 4, TRAWL_ENC_BE);
  trawl_tree_add_item (pkt, n, hf_ipv6_tclass_ecn, cur, 0, 4, TRAWL_ENC_BE);
  trawl_tree_add_item (pkt, top, hf_ipv6_flow, cur, 1, 3, TRAWL_ENC_BE);
  n = trawl_tree_add_item (pkt, top, hf_ipv6_plen, cur, 4, 2, TRAWL_ENC_BE);
  if (plen == 0)
    trawl_node_append_text (pkt, n, " (reported as 0, presumed to be because of \"TCP segmentation offload\" (TSO))");
  trawl_tree_add_item (pkt, top, hf_ipv6_nxt, cur, 6, 1, TRAWL_ENC_BE);
  trawl_tree_add_item (pkt, top, hf_ipv6_hlim, cur, 7, 1, TRAWL_ENC_BE);
  add_address (pkt, top, cur, 8, hf_ipv6_src, hf_ipv6_src_host);
  add_address (pkt, top, cur, 24, hf_ipv6_dst, hf_ipv6_dst_host);
}

/* The TLV options of a Hop-by-Hop or Destination Options header, which
 * occupies [off, off + len) with the options from off + 2. */
static void
dissect_tlv_options (TrawlPacket *pkt,
                     TrawlNode   *hdr,
                     TrawlCursor *cur,
                     guint32      off,
                     guint32      len)
{
  guint32 o = off + 2, end = off + len;

  for (guint n = 0; n < MAX_OPTIONS && o < end; n++)
    {
      guint8 type = trawl_cursor_get_u8 (cur, o);
      const char *name = trawl_value_name_lookup (opt_type_names, type);
      TrawlNode *opt, *t;
      guint8 olen;

      if (type == 0)
        {
          opt = trawl_tree_add_item (pkt, hdr, hf_ipv6_opt, cur, o, 1, TRAWL_ENC_BE);
          trawl_node_set_text (pkt, opt, "Pad1");
          t = trawl_tree_add_item (pkt, opt, hf_ipv6_opt_type, cur, o, 1, TRAWL_ENC_BE);
          trawl_tree_add_item (pkt, t, hf_ipv6_opt_type_action, cur, o, 1, TRAWL_ENC_BE);
          trawl_tree_add_item (pkt, t, hf_ipv6_opt_type_change, cur, o, 1, TRAWL_ENC_BE);
          trawl_tree_add_item (pkt, t, hf_ipv6_opt_type_rest, cur, o, 1, TRAWL_ENC_BE);
          o++;
          continue;
        }
      olen = trawl_cursor_get_u8 (cur, o + 1);
      opt = trawl_tree_add_item (pkt, hdr, hf_ipv6_opt, cur, o, MIN (2u + olen, end - o), TRAWL_ENC_BE);
      trawl_node_set_text (pkt, opt, "%s", name ? name : "Unknown IPv6 Option");
      t = trawl_tree_add_item (pkt, opt, hf_ipv6_opt_type, cur, o, 1, TRAWL_ENC_BE);
      trawl_tree_add_item (pkt, t, hf_ipv6_opt_type_action, cur, o, 1, TRAWL_ENC_BE);
      trawl_tree_add_item (pkt, t, hf_ipv6_opt_type_change, cur, o, 1, TRAWL_ENC_BE);
      trawl_tree_add_item (pkt, t, hf_ipv6_opt_type_rest, cur, o, 1, TRAWL_ENC_BE);
      trawl_tree_add_item (pkt, opt, hf_ipv6_opt_length, cur, o + 1, 1, TRAWL_ENC_BE);
      if (o + 2 + olen > end)
        {
          trawl_tree_add_expert (pkt, opt, TRAWL_EXPERT_ERROR, "Invalid IPv6 option length");
          break;
        }
      if (type == 1)
        trawl_tree_add_item (pkt, opt, hf_ipv6_opt_padn, cur, o + 2, olen, TRAWL_ENC_BE);
      else if (type == 5 && olen == 2)
        trawl_tree_add_item (pkt, opt, hf_ipv6_opt_router_alert, cur, o + 2, 2, TRAWL_ENC_BE);
      else if (olen > 0)
        trawl_tree_add_item (pkt, opt, hf_ipv6_opt_unknown_data, cur, o + 2, olen, TRAWL_ENC_BE);
      o += 2u + olen;
    }
}

/* One extension header at @off; returns its length, or 0 when it does
 * not fit (the caller marks the packet). */
static guint32
dissect_ext_header (TrawlPacket *pkt,
                    TrawlNode   *top,
                    TrawlCursor *cur,
                    guint32      off,
                    guint8       type,
                    guint8      *next,
                    guint32     *frag_off,
                    gboolean    *more)
{
  TrawlNode *hdr, *n;
  guint32 len;
  int proto, hf_nxt, hf_len, hf_len_oct;

  if (type == IP6_FRAGMENT)
    {
      guint16 fo;

      hdr = trawl_tree_add_protocol (pkt, top, proto_fraghdr, cur, off, 8);
      if (!trawl_cursor_has (cur, off, 8))
        return 0;
      fo = trawl_cursor_get_u16 (cur, off + 2);
      *next = trawl_cursor_get_u8 (cur, off);
      *frag_off = fo & 0xfff8u;
      *more = (fo & 1) != 0;
      trawl_tree_add_item (pkt, hdr, hf_frag_nxt, cur, off, 1, TRAWL_ENC_BE);
      trawl_tree_add_item (pkt, hdr, hf_frag_reserved_octet, cur, off + 1, 1, TRAWL_ENC_BE);
      n = trawl_tree_add_item (pkt, hdr, hf_frag_offset, cur, off + 2, 2, TRAWL_ENC_BE);
      trawl_node_set_text (pkt, n, "Offset: %u (%u bytes)", fo >> 3, fo & 0xfff8u);
      trawl_tree_add_item (pkt, hdr, hf_frag_reserved_bits, cur, off + 2, 2, TRAWL_ENC_BE);
      trawl_tree_add_item (pkt, hdr, hf_frag_more, cur, off + 2, 2, TRAWL_ENC_BE);
      trawl_tree_add_item (pkt, hdr, hf_frag_ident, cur, off + 4, 4, TRAWL_ENC_BE);
      return 8;
    }

  switch (type)
    {
    case IP6_HOPOPTS:
      proto = proto_hopopts, hf_nxt = hf_hopopts_nxt, hf_len = hf_hopopts_len, hf_len_oct = hf_hopopts_len_oct;
      break;
    case IP6_DSTOPTS:
      proto = proto_dstopts, hf_nxt = hf_dstopts_nxt, hf_len = hf_dstopts_len, hf_len_oct = hf_dstopts_len_oct;
      break;
    default:
      proto = proto_routing, hf_nxt = hf_routing_nxt, hf_len = hf_routing_len, hf_len_oct = hf_routing_len_oct;
      break;
    }
  len = (trawl_cursor_get_u8 (cur, off + 1) + 1u) * 8;
  hdr = trawl_tree_add_protocol (pkt, top, proto, cur, off, len);
  if (!trawl_cursor_has (cur, off, len))
    return 0;
  *next = trawl_cursor_get_u8 (cur, off);
  trawl_tree_add_item (pkt, hdr, hf_nxt, cur, off, 1, TRAWL_ENC_BE);
  trawl_tree_add_item (pkt, hdr, hf_len, cur, off + 1, 1, TRAWL_ENC_BE);
  n = trawl_tree_add_uint (pkt, hdr, hf_len_oct, cur, off + 1, 1, len);
  trawl_node_set_text (pkt, n, "Length: %u bytes", len);
  trawl_node_set_flags (n, TRAWL_NODE_GENERATED);

  if (type == IP6_ROUTING)
    {
      trawl_tree_add_item (pkt, hdr, hf_routing_type, cur, off + 2, 1, TRAWL_ENC_BE);
      trawl_tree_add_item (pkt, hdr, hf_routing_segleft, cur, off + 3, 1, TRAWL_ENC_BE);
      trawl_tree_add_item (pkt, hdr, hf_routing_unknown_data, cur, off + 4, len - 4, TRAWL_ENC_BE);
    }
  else if (trawl_packet_tree_wanted (pkt))
    dissect_tlv_options (pkt, hdr, cur, off, len);
  return len;
}

static gboolean
is_ext_header (guint8 nxt)
{
  return nxt == IP6_HOPOPTS || nxt == IP6_ROUTING || nxt == IP6_FRAGMENT || nxt == IP6_DSTOPTS;
}

static void
show_fragment (TrawlPacket *pkt,
               TrawlCursor *dgram,
               guint32      off,
               guint32      frag_off,
               gboolean     more,
               guint8       nxt)
{
  if (!pkt->in_error_pkt)
    trawl_col_set_info (pkt, "IPv6 fragment (off=%u more=%c ident=0x%08x nxt=%u)",
                        frag_off, more ? 'y' : 'n', trawl_cursor_get_u32 (dgram, off - 4), nxt);
}

/* A fragment whose header ends at @off, as Wireshark's default
 * ipv6.defragment shows it: the frame that completes its datagram hands
 * it up, every other one is data.  FALSE when not even tried (an ICMPv6
 * error's quoted packet, a frame cut short, bytes not the frame's own). */
static gboolean
defragment (TrawlPacket *pkt,
            TrawlNode   *top,
            TrawlCursor *dgram,
            guint32      off,
            guint32      dgram_len,
            gboolean     more,
            guint32      frag_off,
            TrawlNode   *parent)
{
  TrawlIpFragment f = { 0 };
  TrawlIpReassembled r;
  TrawlCursor payload, rcur;

  if (pkt->in_error_pkt || dgram->ds != 0 || dgram->data != pkt->data ||
      dgram_len < off || !trawl_cursor_has (dgram, off, dgram_len - off))
    return FALSE;
  f.version = 6;
  f.more = more;
  f.src = pkt->net_src;
  f.dst = pkt->net_dst;
  f.id = trawl_cursor_get_u32 (dgram, off - 4);
  f.offset = frag_off;
  f.len = dgram_len - off;
  f.frame_off = trawl_cursor_abs (dgram, off);
  if (trawl_ip_reassembly_add (pkt, &f, &r) && r.reassembled_in == pkt->number)
    {
      trawl_ip_fragments_show (pkt, top, &r, &ipv6_frag_fields, &rcur);
      pkt->ip_fragment = FALSE;
      if (pkt->ip_proto == IP6_NONXT ||
          !trawl_dissector_table_try (TRAWL_TABLE_IP_PROTO, pkt->ip_proto, pkt, &rcur, parent))
        trawl_dissect_data (pkt, &rcur, parent);
      return TRUE;
    }
  show_fragment (pkt, dgram, off, frag_off, more, pkt->ip_proto);
  trawl_ip_fragments_show_in (pkt, top, dgram, &r, &ipv6_frag_fields);
  payload = trawl_cursor_tail (dgram, off);
  trawl_dissect_data (pkt, &payload, parent);
  return TRUE;
}

static gboolean
dissect_ipv6 (TrawlPacket *pkt,
              TrawlCursor *cur,
              TrawlNode   *parent)
{
  TrawlNode *top;
  TrawlCursor dgram, payload;
  guint16 plen;
  guint8 nxt;
  guint32 off = 40, frag_off = 0, dgram_len;
  gboolean more = FALSE, fragment = FALSE;
  char src[48], dst[48];

  pkt->ip_depth++;
  top = trawl_tree_add_protocol (pkt, parent, proto_ipv6, cur, 0, 40);
  if (!pkt->in_error_pkt)
    {
      trawl_col_set_protocol (pkt, "IPv6");
      trawl_col_clear_info (pkt);
    }
  if (!trawl_cursor_has (cur, 0, 40))
    {
      trawl_tree_mark_malformed (pkt, top, "IPv6");
      return TRUE;
    }
  if ((trawl_cursor_get_u8 (cur, 0) >> 4) != 6)
    {
      trawl_tree_add_expert (pkt, top, TRAWL_EXPERT_ERROR, "Bogus IP version (%u, must be 6)",
                             trawl_cursor_get_u8 (cur, 0) >> 4);
      trawl_tree_mark_malformed (pkt, top, "IPv6");
      return TRUE;
    }

  plen = trawl_cursor_get_u16 (cur, 4);
  nxt = trawl_cursor_get_u8 (cur, 6);
  trawl_address_set (&pkt->net_src, TRAWL_AT_IPv6, trawl_cursor_ptr (cur, 8, 16));
  trawl_address_set (&pkt->net_dst, TRAWL_AT_IPv6, trawl_cursor_ptr (cur, 24, 16));
  if (!pkt->in_error_pkt)
    trawl_col_set_addresses (pkt, &pkt->net_src, &pkt->net_dst);
  pkt->ip_ttl = trawl_cursor_get_u8 (cur, 7);

  if (trawl_packet_tree_wanted (pkt))
    {
      if (trawl_packet_labels_wanted (pkt))
        {
          trawl_address_to_string (&pkt->net_src, src, sizeof src);
          trawl_address_to_string (&pkt->net_dst, dst, sizeof dst);
          trawl_node_append_text (pkt, top, ", Src: %s, Dst: %s", src, dst);
        }
      add_fixed_header (pkt, top, cur, plen);
    }

  /* Payload length 0 without a jumbogram is what TSO leaves behind. */
  dgram_len = plen == 0 ? trawl_cursor_len (cur) : 40u + plen;
  if (dgram_len < trawl_cursor_len (cur))
    trawl_eth_add_padding (pkt, cur, trawl_cursor_abs (cur, dgram_len));
  dgram = trawl_cursor_sub (cur, 0, dgram_len, NULL);

  for (guint i = 0; i < MAX_EXT_HEADERS && is_ext_header (nxt); i++)
    {
      gboolean is_frag = nxt == IP6_FRAGMENT;
      guint32 len = dissect_ext_header (pkt, top, &dgram, off, nxt, &nxt, &frag_off, &more);

      if (len == 0)
        {
          trawl_tree_mark_malformed (pkt, top, "IPv6");
          return TRUE;
        }
      off += len;
      if (is_frag)
        {
          fragment = TRUE;
          break;
        }
    }

  pkt->ip_proto = nxt;
  pkt->ip_fragment = fragment && (more || frag_off != 0);
  payload = trawl_cursor_tail (&dgram, off);
  if (pkt->ip_fragment && defragment (pkt, top, &dgram, off, dgram_len, more, frag_off, parent))
    return TRUE;
  if (fragment && frag_off != 0)
    {
      show_fragment (pkt, &dgram, off, frag_off, more, nxt);
      trawl_dissect_data (pkt, &payload, parent);
      return TRUE;
    }
  if (nxt == IP6_NONXT || !trawl_dissector_table_try (TRAWL_TABLE_IP_PROTO, nxt, pkt, &payload, parent))
    trawl_dissect_data (pkt, &payload, parent);
  return TRUE;
}

void
trawl_register_ipv6 (void)
{
  const TrawlField *ipv;

  proto_ipv6 = trawl_proto_register ("ipv6", N_("Internet Protocol Version 6"), "IPv6");
  trawl_field_register (proto_ipv6, fields, G_N_ELEMENTS (fields));
  trawl_field_register (proto_ipv6, reassembly_fields, G_N_ELEMENTS (reassembly_fields));
  proto_hopopts = trawl_proto_register ("ipv6.hopopts", N_("IPv6 Hop-by-Hop Option"), "IPv6 Hop-by-Hop Option");
  trawl_field_register (proto_hopopts, hopopts_fields, G_N_ELEMENTS (hopopts_fields));
  proto_routing = trawl_proto_register ("ipv6.routing", N_("Routing Header for IPv6"), "IPv6 Routing");
  trawl_field_register (proto_routing, routing_fields, G_N_ELEMENTS (routing_fields));
  proto_fraghdr = trawl_proto_register ("ipv6.fraghdr", N_("Fragment Header for IPv6"), "IPv6 Fragment");
  trawl_field_register (proto_fraghdr, frag_fields, G_N_ELEMENTS (frag_fields));
  proto_dstopts = trawl_proto_register ("ipv6.dstopts", N_("Destination Options for IPv6"), "IPv6 Destination Options");
  trawl_field_register (proto_dstopts, dstopts_fields, G_N_ELEMENTS (dstopts_fields));

  /* ip.c registers first (trawl-protocols.h order). */
  ipv = trawl_field_lookup ("ip.version");
  hf_ip_version = ipv ? ipv->id : hf_ipv6_version;

  trawl_dissector_table_add (TRAWL_TABLE_ETHERTYPE, TRAWL_ETHERTYPE_IPV6, dissect_ipv6);
  trawl_dissector_table_add (TRAWL_TABLE_IP_PROTO, 41, dissect_ipv6);
}
