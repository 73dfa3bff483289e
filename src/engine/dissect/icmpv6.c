/* SPDX-License-Identifier: GPL-3.0-or-later */
/* icmpv6.c: ICMPv6 (RFC 4443), Neighbor Discovery (RFC 4861), MLDv2 reports
 *
 * The checksum covers an IPv6 pseudo-header, taken from pkt->net_src and
 * net_dst as the IPv6 layer left them.  Errors quote the offending packet,
 * dissected with pkt->in_error_pkt set and the columns put back after.
 * Request/response matching ("(request in 16)") is not done.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "trawl-checksum.h"
#include "trawl-dissect.h"
#include "trawl-ethertype.h"
#include "analysis/trawl-icmp-analysis.h"

static int proto_icmpv6 = -1;
static int hf_type = -1;
static int hf_code = -1;
static int hf_checksum = -1;
static int hf_checksum_status = -1;
static int hf_reserved = -1;
static int hf_data = -1;
static int hf_mtu = -1;
static int hf_pointer = -1;
static int hf_echo_id = -1;
static int hf_echo_seq = -1;
static int hf_resp_in = -1;
static int hf_no_resp = -1;
static int hf_resp_to = -1;
static int hf_resptime = -1;
static int hf_ns_target = -1;
static int hf_na_flag = -1;
static int hf_na_flag_r = -1;
static int hf_na_flag_s = -1;
static int hf_na_flag_o = -1;
static int hf_na_flag_rsv = -1;
static int hf_na_target = -1;
static int hf_ra_cur_hop_limit = -1;
static int hf_ra_flag = -1;
static int hf_ra_flag_m = -1;
static int hf_ra_flag_o = -1;
static int hf_ra_flag_h = -1;
static int hf_ra_flag_prf = -1;
static int hf_ra_flag_p = -1;
static int hf_ra_flag_rsv = -1;
static int hf_ra_router_lifetime = -1;
static int hf_ra_reachable_time = -1;
static int hf_ra_retrans_timer = -1;
static int hf_opt = -1;
static int hf_opt_type = -1;
static int hf_opt_length = -1;
static int hf_opt_linkaddr = -1;
static int hf_opt_src_linkaddr = -1;
static int hf_opt_target_linkaddr = -1;
static int hf_opt_prefix_length = -1;
static int hf_opt_prefix_flag = -1;
static int hf_opt_prefix_flag_l = -1;
static int hf_opt_prefix_flag_a = -1;
static int hf_opt_prefix_flag_r = -1;
static int hf_opt_prefix_flag_reserved = -1;
static int hf_opt_prefix_valid = -1;
static int hf_opt_prefix_preferred = -1;
static int hf_opt_reserved = -1;
static int hf_opt_prefix = -1;
static int hf_opt_mtu = -1;
static int hf_opt_nonce = -1;
static int hf_mldr_nb = -1;
static int hf_mldr_mar = -1;
static int hf_mldr_record_type = -1;
static int hf_mldr_aux_len = -1;
static int hf_mldr_nb_sources = -1;
static int hf_mldr_mcast = -1;
static int hf_mldr_source = -1;

#define T_UNREACH   1
#define T_TOOBIG    2
#define T_TIMXCEED  3
#define T_PARAMPROB 4
#define T_ECHO      128
#define T_ECHOREPLY 129
#define T_RS        133
#define T_RA        134
#define T_NS        135
#define T_NA        136
#define T_REDIRECT  137
#define T_MLDV2     143

/* Each option is at least 8 bytes: a message this size holds fewer. */
#define MAX_OPTIONS 8192
#define MAX_MLD_RECORDS 4096

static const TrawlValueName type_names[] = {
  { T_UNREACH, "Destination Unreachable" },
  { T_TOOBIG, "Packet Too Big" },
  { T_TIMXCEED, "Time Exceeded" },
  { T_PARAMPROB, "Parameter Problem" },
  { T_ECHO, "Echo (ping) request" },
  { T_ECHOREPLY, "Echo (ping) reply" },
  { 130, "Multicast Listener Query" },
  { 131, "Multicast Listener Report" },
  { 132, "Multicast Listener Done" },
  { T_RS, "Router Solicitation" },
  { T_RA, "Router Advertisement" },
  { T_NS, "Neighbor Solicitation" },
  { T_NA, "Neighbor Advertisement" },
  { T_REDIRECT, "Redirect" },
  { 138, "Router Renumbering" },
  { 141, "Inverse Neighbor Discovery Solicitation" },
  { 142, "Inverse Neighbor Discovery Advertisement" },
  { T_MLDV2, "Multicast Listener Report Message v2" },
  { 0, NULL }
};

static const TrawlValueName unreach_names[] = {
  { 0, "no route to destination" },
  { 1, "Administratively prohibited" },
  { 2, "Beyond scope of source address" },
  { 3, "Address unreachable" },
  { 4, "Port unreachable" },
  { 5, "Source address failed ingress/egress policy" },
  { 6, "Reject route to destination" },
  { 7, "Error in Source Routing Header" },
  { 0, NULL }
};

static const TrawlValueName timxceed_names[] = {
  { 0, "hop limit exceeded in transit" },
  { 1, "fragment reassembly time exceeded" },
  { 0, NULL }
};

static const TrawlValueName paramprob_names[] = {
  { 0, "erroneous header field encountered" },
  { 1, "unrecognized Next Header type encountered" },
  { 2, "unrecognized IPv6 option encountered" },
  { 3, "IPv6 First Fragment has incomplete IPv6 Header Chain" },
  { 0, NULL }
};

static const TrawlValueName opt_type_names[] = {
  { 1, "Source link-layer address" },
  { 2, "Target link-layer address" },
  { 3, "Prefix information" },
  { 4, "Redirected header" },
  { 5, "MTU" },
  { 14, "Nonce" },
  { 25, "Recursive DNS Server" },
  { 31, "DNS Search List" },
  { 0, NULL }
};

static const TrawlValueName prf_names[] = {
  { 0, "Medium" },
  { 1, "High" },
  { 2, "Reserved" },
  { 3, "Low" },
  { 0, NULL }
};

static const TrawlValueName record_type_names[] = {
  { 1, "Include" },
  { 2, "Exclude" },
  { 3, "Changed to include" },
  { 4, "Changed to exclude" },
  { 5, "Allow new sources" },
  { 6, "Block old sources" },
  { 0, NULL }
};

static const TrawlFieldDef fields[] = {
  { &hf_type, "icmpv6.type", N_("Type"), TRAWL_FT_UINT8, TRAWL_BASE_DEC, type_names, 0, N_("Indicates the type of the message") },
  { &hf_code, "icmpv6.code", N_("Code"), TRAWL_FT_UINT8, TRAWL_BASE_DEC },
  { &hf_checksum, "icmpv6.checksum", N_("Checksum"), TRAWL_FT_UINT16, TRAWL_BASE_HEX },
  { &hf_checksum_status, "icmpv6.checksum.status", N_("Checksum Status"), TRAWL_FT_UINT8, TRAWL_BASE_NONE, trawl_checksum_status_vals },
  { &hf_reserved, "icmpv6.reserved", N_("Reserved"), TRAWL_FT_BYTES, TRAWL_BASE_NONE, NULL, 0, N_("Must be Zero") },
  { &hf_data, "icmpv6.data", N_("Data"), TRAWL_FT_BYTES, TRAWL_BASE_NONE },
  { &hf_mtu, "icmpv6.mtu", N_("MTU"), TRAWL_FT_UINT32, TRAWL_BASE_DEC },
  { &hf_pointer, "icmpv6.pointer", N_("Pointer"), TRAWL_FT_UINT32, TRAWL_BASE_DEC },
  { &hf_echo_id, "icmpv6.echo.identifier", N_("Identifier"), TRAWL_FT_UINT16, TRAWL_BASE_HEX },
  { &hf_echo_seq, "icmpv6.echo.sequence_number", N_("Sequence"), TRAWL_FT_UINT16, TRAWL_BASE_DEC },
  { &hf_resp_in, "icmpv6.resp_in", N_("Response In"), TRAWL_FT_FRAMENUM, TRAWL_BASE_NONE, NULL, 0, N_("The response to this request is in this frame") },
  { &hf_no_resp, "icmpv6.no_resp", N_("No response seen"), TRAWL_FT_NONE, TRAWL_BASE_NONE, NULL, 0, N_("No corresponding response frame was seen") },
  { &hf_resp_to, "icmpv6.resp_to", N_("Response To"), TRAWL_FT_FRAMENUM, TRAWL_BASE_NONE, NULL, 0, N_("This is the response to the request in this frame") },
  { &hf_resptime, "icmpv6.resptime", N_("Response Time"), TRAWL_FT_DOUBLE, TRAWL_BASE_NONE, NULL, 0, N_("The time between the request and the response, in ms.") },
  { &hf_ns_target, "icmpv6.nd.ns.target_address", N_("Target Address"), TRAWL_FT_IPv6, TRAWL_BASE_NONE },
  { &hf_na_flag, "icmpv6.nd.na.flag", N_("Flags"), TRAWL_FT_UINT32, TRAWL_BASE_HEX },
  { &hf_na_flag_r, "icmpv6.nd.na.flag.r", N_("Router"), TRAWL_FT_BOOLEAN, 32, NULL, 0x80000000 },
  { &hf_na_flag_s, "icmpv6.nd.na.flag.s", N_("Solicited"), TRAWL_FT_BOOLEAN, 32, NULL, 0x40000000 },
  { &hf_na_flag_o, "icmpv6.nd.na.flag.o", N_("Override"), TRAWL_FT_BOOLEAN, 32, NULL, 0x20000000 },
  { &hf_na_flag_rsv, "icmpv6.nd.na.flag.rsv", N_("Reserved"), TRAWL_FT_UINT32, TRAWL_BASE_DEC, NULL, 0x1fffffff },
  { &hf_na_target, "icmpv6.nd.na.target_address", N_("Target Address"), TRAWL_FT_IPv6, TRAWL_BASE_NONE },
  { &hf_ra_cur_hop_limit, "icmpv6.nd.ra.cur_hop_limit", N_("Cur hop limit"), TRAWL_FT_UINT8, TRAWL_BASE_DEC },
  { &hf_ra_flag, "icmpv6.nd.ra.flag", N_("Flags"), TRAWL_FT_UINT8, TRAWL_BASE_HEX },
  { &hf_ra_flag_m, "icmpv6.nd.ra.flag.m", N_("Managed address configuration"), TRAWL_FT_BOOLEAN, 8, NULL, 0x80 },
  { &hf_ra_flag_o, "icmpv6.nd.ra.flag.o", N_("Other configuration"), TRAWL_FT_BOOLEAN, 8, NULL, 0x40 },
  { &hf_ra_flag_h, "icmpv6.nd.ra.flag.h", N_("Home Agent"), TRAWL_FT_BOOLEAN, 8, NULL, 0x20 },
  { &hf_ra_flag_prf, "icmpv6.nd.ra.flag.prf", N_("Prf (Default Router Preference)"), TRAWL_FT_UINT8, TRAWL_BASE_DEC, prf_names, 0x18 },
  { &hf_ra_flag_p, "icmpv6.nd.ra.flag.p", N_("Proxy"), TRAWL_FT_BOOLEAN, 8, NULL, 0x04 },
  { &hf_ra_flag_rsv, "icmpv6.nd.ra.flag.rsv", N_("Reserved"), TRAWL_FT_UINT8, TRAWL_BASE_DEC, NULL, 0x03 },
  { &hf_ra_router_lifetime, "icmpv6.nd.ra.router_lifetime", N_("Router lifetime (s)"), TRAWL_FT_UINT16, TRAWL_BASE_DEC },
  { &hf_ra_reachable_time, "icmpv6.nd.ra.reachable_time", N_("Reachable time (ms)"), TRAWL_FT_UINT32, TRAWL_BASE_DEC },
  { &hf_ra_retrans_timer, "icmpv6.nd.ra.retrans_timer", N_("Retrans timer (ms)"), TRAWL_FT_UINT32, TRAWL_BASE_DEC },
  { &hf_opt, "icmpv6.opt", N_("ICMPv6 Option"), TRAWL_FT_NONE, TRAWL_BASE_NONE, NULL, 0, N_("Option") },
  { &hf_opt_type, "icmpv6.opt.type", N_("Type"), TRAWL_FT_UINT8, TRAWL_BASE_DEC, opt_type_names, 0, N_("Options type") },
  { &hf_opt_length, "icmpv6.opt.length", N_("Length"), TRAWL_FT_UINT8, TRAWL_BASE_DEC },
  { &hf_opt_linkaddr, "icmpv6.opt.linkaddr", N_("Link-layer address"), TRAWL_FT_BYTES, TRAWL_BASE_SEP_COLON },
  { &hf_opt_src_linkaddr, "icmpv6.opt.src_linkaddr", N_("Source Link-layer address"), TRAWL_FT_BYTES, TRAWL_BASE_SEP_COLON },
  { &hf_opt_target_linkaddr, "icmpv6.opt.target_linkaddr", N_("Target Link-layer address"), TRAWL_FT_BYTES, TRAWL_BASE_SEP_COLON },
  { &hf_opt_prefix_length, "icmpv6.opt.prefix.length", N_("Prefix Length"), TRAWL_FT_UINT8, TRAWL_BASE_DEC },
  { &hf_opt_prefix_flag, "icmpv6.opt.prefix.flag", N_("Flag"), TRAWL_FT_UINT8, TRAWL_BASE_HEX },
  { &hf_opt_prefix_flag_l, "icmpv6.opt.prefix.flag.l", N_("On-link flag(L)"), TRAWL_FT_BOOLEAN, 8, NULL, 0x80 },
  { &hf_opt_prefix_flag_a, "icmpv6.opt.prefix.flag.a", N_("Autonomous address-configuration flag(A)"), TRAWL_FT_BOOLEAN, 8, NULL, 0x40 },
  { &hf_opt_prefix_flag_r, "icmpv6.opt.prefix.flag.r", N_("Router address flag(R)"), TRAWL_FT_BOOLEAN, 8, NULL, 0x20 },
  { &hf_opt_prefix_flag_reserved, "icmpv6.opt.prefix.flag.reserved", N_("Reserved"), TRAWL_FT_UINT8, TRAWL_BASE_DEC, NULL, 0x1f },
  { &hf_opt_prefix_valid, "icmpv6.opt.prefix.valid_lifetime", N_("Valid Lifetime"), TRAWL_FT_UINT32, TRAWL_BASE_DEC },
  { &hf_opt_prefix_preferred, "icmpv6.opt.prefix.preferred_lifetime", N_("Preferred Lifetime"), TRAWL_FT_UINT32, TRAWL_BASE_DEC },
  { &hf_opt_reserved, "icmpv6.opt.reserved", N_("Reserved"), TRAWL_FT_NONE, TRAWL_BASE_NONE },
  { &hf_opt_prefix, "icmpv6.opt.prefix", N_("Prefix"), TRAWL_FT_IPv6, TRAWL_BASE_NONE },
  { &hf_opt_mtu, "icmpv6.opt.mtu", N_("MTU"), TRAWL_FT_UINT32, TRAWL_BASE_DEC },
  { &hf_opt_nonce, "icmpv6.opt.nonce", N_("Nonce"), TRAWL_FT_BYTES, TRAWL_BASE_NONE, NULL, 0, N_("A field containing a random number selected by the sender of the solicitation message") },
  { &hf_mldr_nb, "icmpv6.mldr.nb_mcast_records", N_("Number of Multicast Address Records"), TRAWL_FT_UINT16, TRAWL_BASE_DEC },
  { &hf_mldr_mar, "icmpv6.mldr.mar", N_("Multicast Address Record"), TRAWL_FT_NONE, TRAWL_BASE_NONE },
  { &hf_mldr_record_type, "icmpv6.mldr.mar.record_type", N_("Record Type"), TRAWL_FT_UINT8, TRAWL_BASE_DEC, record_type_names },
  { &hf_mldr_aux_len, "icmpv6.mldr.mar.aux_data_len", N_("Aux Data Len"), TRAWL_FT_UINT8, TRAWL_BASE_DEC },
  { &hf_mldr_nb_sources, "icmpv6.mldr.mar.nb_sources", N_("Number of Sources"), TRAWL_FT_UINT16, TRAWL_BASE_DEC },
  { &hf_mldr_mcast, "icmpv6.mldr.mar.multicast_address", N_("Multicast Address"), TRAWL_FT_IPv6, TRAWL_BASE_NONE },
  { &hf_mldr_source, "icmpv6.mldr.mar.source_address", N_("Source Address"), TRAWL_FT_IPv6, TRAWL_BASE_NONE },
};

static const TrawlValueName *
code_names_for (guint8 type)
{
  switch (type)
    {
    case T_UNREACH: return unreach_names;
    case T_TIMXCEED: return timxceed_names;
    case T_PARAMPROB: return paramprob_names;
    default: return NULL;
    }
}

static void
add_checksum (TrawlPacket *pkt,
              TrawlNode   *top,
              TrawlCursor *cur)
{
  guint32 len = trawl_cursor_len (cur);
  const guint8 *p = trawl_cursor_ptr (cur, 0, len);
  TrawlNode *n, *s;
  guint32 sum;

  n = trawl_tree_add_item (pkt, top, hf_checksum, cur, 2, 2, TRAWL_ENC_BE);
  if (pkt->ip_fragment || pkt->caplen < pkt->wirelen || pkt->in_error_pkt || p == NULL ||
      pkt->net_src.type != TRAWL_AT_IPv6)
    {
      trawl_node_append_text (pkt, n, pkt->ip_fragment ? " [unverified] [fragmented datagram]" : " [unverified]");
      s = trawl_tree_add_uint (pkt, top, hf_checksum_status, cur, 2, 0, 2);
      trawl_node_set_text (pkt, s, "Checksum Status: Unverified");
      trawl_node_set_flags (s, TRAWL_NODE_GENERATED);
      return;
    }
  /* Pseudo-header: source, destination, upper-layer length, next header. */
  sum = trawl_csum_add (0, pkt->net_src.data, 16);
  sum = trawl_csum_add (sum, pkt->net_dst.data, 16);
  sum += (len >> 16) + (len & 0xffff) + 58;
  sum = trawl_csum_add (sum, p, len);
  if (trawl_csum_fold (sum) == 0)
    {
      trawl_node_append_text (pkt, n, " [correct]");
      s = trawl_tree_add_uint (pkt, top, hf_checksum_status, cur, 2, 0, 1);
      trawl_node_set_text (pkt, s, "Checksum Status: Good");
    }
  else
    {
      guint16 should = trawl_csum_fold (sum - trawl_cursor_get_u16 (cur, 2));
      trawl_node_append_text (pkt, n, " incorrect, should be 0x%04x", should);
      s = trawl_tree_add_uint (pkt, top, hf_checksum_status, cur, 2, 0, 0);
      trawl_node_set_text (pkt, s, "Checksum Status: Bad");
      trawl_tree_add_expert (pkt, top, TRAWL_EXPERT_WARN, "Bad checksum");
    }
  trawl_node_set_flags (s, TRAWL_NODE_GENERATED);
}

static const char *
mac_text (TrawlPacket  *pkt,
          const guint8 *p,
          guint32       n)
{
  char buf[3 * 16];
  gsize o = 0;
  static const char hex[] = "0123456789abcdef";

  for (guint32 i = 0; i < n && i < 16; i++)
    {
      if (i)
        buf[o++] = ':';
      buf[o++] = hex[p[i] >> 4];
      buf[o++] = hex[p[i] & 15];
    }
  return trawl_arena_strndup (pkt->arena, buf, o);
}

/* ND options from @off to the end; returns the link-layer address text
 * of the first source/target link-layer option (for Info), or NULL. */
static const char *
dissect_nd_options (TrawlPacket *pkt,
                    TrawlNode   *top,
                    TrawlCursor *cur,
                    guint32      off)
{
  guint32 end = trawl_cursor_len (cur);
  const char *lladdr = NULL;

  for (guint i = 0; i < MAX_OPTIONS && off + 2 <= end; i++)
    {
      guint8 type = trawl_cursor_get_u8 (cur, off);
      guint32 len = trawl_cursor_get_u8 (cur, off + 1) * 8u;
      const char *name = trawl_value_name_lookup (opt_type_names, type);
      TrawlNode *opt, *n;

      opt = trawl_tree_add_item (pkt, top, hf_opt, cur, off, MAX (len, 2u), TRAWL_ENC_BE);
      trawl_node_set_text (pkt, opt, "ICMPv6 Option (%s)", name ? name : "Unknown");
      trawl_tree_add_item (pkt, opt, hf_opt_type, cur, off, 1, TRAWL_ENC_BE);
      n = trawl_tree_add_item (pkt, opt, hf_opt_length, cur, off + 1, 1, TRAWL_ENC_BE);
      trawl_node_append_text (pkt, n, " (%u bytes)", len);
      if (len == 0 || off + len > end)
        {
          trawl_tree_add_expert (pkt, opt, TRAWL_EXPERT_ERROR, "Invalid option length (Zero)");
          if (len != 0)
            trawl_tree_mark_malformed (pkt, top, "ICMPv6");
          return lladdr;
        }

      switch (type)
        {
        case 1:
        case 2:
          {
            guint32 alen = len - 2 == 6 ? 6 : len - 2;
            const char *text = mac_text (pkt, trawl_cursor_ptr (cur, off + 2, alen), alen);
            n = trawl_tree_add_item (pkt, opt, hf_opt_linkaddr, cur, off + 2, alen, TRAWL_ENC_BE);
            trawl_node_set_text (pkt, n, "Link-layer address: %s", text);
            n = trawl_tree_add_item (pkt, opt, type == 1 ? hf_opt_src_linkaddr : hf_opt_target_linkaddr,
                                     cur, off + 2, alen, TRAWL_ENC_BE);
            trawl_node_set_flags (n, TRAWL_NODE_HIDDEN);
            trawl_node_set_text (pkt, opt, "ICMPv6 Option (%s : %s)", name, text);
            if (lladdr == NULL)
              lladdr = text;
          }
          break;
        case 3:
          if (len >= 32)
            {
              char prefix[48];
              TrawlAddress a;

              trawl_tree_add_item (pkt, opt, hf_opt_prefix_length, cur, off + 2, 1, TRAWL_ENC_BE);
              n = trawl_tree_add_item (pkt, opt, hf_opt_prefix_flag, cur, off + 3, 1, TRAWL_ENC_BE);
              trawl_tree_add_item (pkt, n, hf_opt_prefix_flag_l, cur, off + 3, 1, TRAWL_ENC_BE);
              trawl_tree_add_item (pkt, n, hf_opt_prefix_flag_a, cur, off + 3, 1, TRAWL_ENC_BE);
              trawl_tree_add_item (pkt, n, hf_opt_prefix_flag_r, cur, off + 3, 1, TRAWL_ENC_BE);
              trawl_tree_add_item (pkt, n, hf_opt_prefix_flag_reserved, cur, off + 3, 1, TRAWL_ENC_BE);
              trawl_tree_add_item (pkt, opt, hf_opt_prefix_valid, cur, off + 4, 4, TRAWL_ENC_BE);
              trawl_tree_add_item (pkt, opt, hf_opt_prefix_preferred, cur, off + 8, 4, TRAWL_ENC_BE);
              trawl_tree_add_item (pkt, opt, hf_opt_reserved, cur, off + 12, 4, TRAWL_ENC_BE);
              trawl_tree_add_item (pkt, opt, hf_opt_prefix, cur, off + 16, 16, TRAWL_ENC_BE);
              trawl_address_set (&a, TRAWL_AT_IPv6, trawl_cursor_ptr (cur, off + 16, 16));
              trawl_address_to_string (&a, prefix, sizeof prefix);
              trawl_node_set_text (pkt, opt, "ICMPv6 Option (Prefix information : %s/%u)",
                                   prefix, trawl_cursor_get_u8 (cur, off + 2));
            }
          break;
        case 5:
          if (len >= 8)
            {
              trawl_tree_add_item (pkt, opt, hf_opt_reserved, cur, off + 2, 2, TRAWL_ENC_BE);
              trawl_tree_add_item (pkt, opt, hf_opt_mtu, cur, off + 4, 4, TRAWL_ENC_BE);
              trawl_node_set_text (pkt, opt, "ICMPv6 Option (MTU : %u)", trawl_cursor_get_u32 (cur, off + 4));
            }
          break;
        case 14:
          trawl_tree_add_item (pkt, opt, hf_opt_nonce, cur, off + 2, len - 2, TRAWL_ENC_BE);
          break;
        default:
          break;
        }
      off += len;
    }
  return lladdr;
}

static void
dissect_mldv2_report (TrawlPacket *pkt,
                      TrawlNode   *top,
                      TrawlCursor *cur)
{
  guint16 count = trawl_cursor_get_u16 (cur, 6);
  guint32 off = 8;

  trawl_tree_add_item (pkt, top, hf_reserved, cur, 4, 2, TRAWL_ENC_BE);
  trawl_tree_add_item (pkt, top, hf_mldr_nb, cur, 6, 2, TRAWL_ENC_BE);
  for (guint i = 0; i < count && i < MAX_MLD_RECORDS && trawl_cursor_has (cur, off, 20); i++)
    {
      guint8 rtype = trawl_cursor_get_u8 (cur, off);
      guint32 aux = trawl_cursor_get_u8 (cur, off + 1) * 4u;
      guint16 nsrc = trawl_cursor_get_u16 (cur, off + 2);
      guint32 rlen = 20u + nsrc * 16u + aux;
      const char *rname = trawl_value_name_lookup (record_type_names, rtype);
      TrawlAddress a;
      char mcast[48];
      TrawlNode *rec;

      trawl_address_set (&a, TRAWL_AT_IPv6, trawl_cursor_ptr (cur, off + 4, 16));
      trawl_address_to_string (&a, mcast, sizeof mcast);
      rec = trawl_tree_add_item (pkt, top, hf_mldr_mar, cur, off, rlen, TRAWL_ENC_BE);
      trawl_node_set_text (pkt, rec, "Multicast Address Record %s: %s", rname ? rname : "Unknown", mcast);
      trawl_tree_add_item (pkt, rec, hf_mldr_record_type, cur, off, 1, TRAWL_ENC_BE);
      trawl_tree_add_item (pkt, rec, hf_mldr_aux_len, cur, off + 1, 1, TRAWL_ENC_BE);
      trawl_tree_add_item (pkt, rec, hf_mldr_nb_sources, cur, off + 2, 2, TRAWL_ENC_BE);
      trawl_tree_add_item (pkt, rec, hf_mldr_mcast, cur, off + 4, 16, TRAWL_ENC_BE);
      for (guint32 s = 0; s < nsrc && trawl_cursor_has (cur, off + 20 + s * 16, 16); s++)
        trawl_tree_add_item (pkt, rec, hf_mldr_source, cur, off + 20 + s * 16, 16, TRAWL_ENC_BE);
      off += rlen;
    }
}

static void
dissect_error (TrawlPacket *pkt,
               TrawlNode   *top,
               TrawlCursor *cur,
               guint8       type)
{
  TrawlCursor inner = trawl_cursor_tail (cur, 8);
  const char *saved_proto = pkt->col_protocol;
  char *saved_info = NULL;
  gboolean saved_in_error = pkt->in_error_pkt;

  if (type == T_TOOBIG)
    trawl_tree_add_item (pkt, top, hf_mtu, cur, 4, 4, TRAWL_ENC_BE);
  else if (type == T_PARAMPROB)
    trawl_tree_add_item (pkt, top, hf_pointer, cur, 4, 4, TRAWL_ENC_BE);
  else
    trawl_tree_add_item (pkt, top, hf_reserved, cur, 4, 4, TRAWL_ENC_BE);
  if (trawl_cursor_len (&inner) == 0)
    return;

  if (pkt->want_columns)
    saved_info = trawl_arena_strndup (pkt->arena, pkt->col_info->str, pkt->col_info->len);
  pkt->in_error_pkt = TRUE;
  if (!trawl_dissector_table_try (TRAWL_TABLE_ETHERTYPE, TRAWL_ETHERTYPE_IPV6, pkt, &inner, top))
    trawl_dissect_data (pkt, &inner, top);
  pkt->in_error_pkt = saved_in_error;
  pkt->col_protocol = saved_proto;
  if (saved_info)
    g_string_assign (pkt->col_info, saved_info);
}

/* Echo request/reply pairing: recorded in the analysis pass, shown
 * afterwards with tshark -2's lines and Info suffixes. */
static void
track_echo (TrawlPacket *pkt,
            TrawlNode   *top,
            TrawlCursor *cur,
            gboolean     reply)
{
  /* 0xfeff: the type difference (0x8100 - 0x8000) taken out. */
  const TrawlIcmpEchoFields fields = {
    6, 0xfeff, hf_resp_in, hf_resp_to, hf_resptime, hf_no_resp,
    "No response seen to ICMPv6 request", TRUE, "Response Time",
  };

  trawl_icmp_echo_pairing (pkt, top, cur, reply, &fields);
}

static void
dissect_body (TrawlPacket *pkt,
              TrawlNode   *top,
              TrawlCursor *cur,
              guint8       type)
{
  const char *ll;
  char target[48];
  TrawlAddress a;
  TrawlNode *n;

  switch (type)
    {
    case T_UNREACH:
    case T_TOOBIG:
    case T_TIMXCEED:
    case T_PARAMPROB:
      dissect_error (pkt, top, cur, type);
      break;
    case T_ECHO:
    case T_ECHOREPLY:
      {
        TrawlCursor data = trawl_cursor_tail (cur, 8);
        trawl_tree_add_item (pkt, top, hf_echo_id, cur, 4, 2, TRAWL_ENC_BE);
        trawl_tree_add_item (pkt, top, hf_echo_seq, cur, 6, 2, TRAWL_ENC_BE);
        trawl_col_append_info (pkt, " id=0x%04x, seq=%u, hop limit=%u",
                               trawl_cursor_get_u16 (cur, 4), trawl_cursor_get_u16 (cur, 6), pkt->ip_ttl);
        track_echo (pkt, top, cur, type == T_ECHOREPLY);
        trawl_dissect_data (pkt, &data, top);
      }
      break;
    case T_RS:
      trawl_tree_add_item (pkt, top, hf_reserved, cur, 4, 4, TRAWL_ENC_BE);
      ll = dissect_nd_options (pkt, top, cur, 8);
      if (ll)
        trawl_col_append_info (pkt, " from %s", ll);
      break;
    case T_RA:
      trawl_tree_add_item (pkt, top, hf_ra_cur_hop_limit, cur, 4, 1, TRAWL_ENC_BE);
      n = trawl_tree_add_item (pkt, top, hf_ra_flag, cur, 5, 1, TRAWL_ENC_BE);
      trawl_tree_add_item (pkt, n, hf_ra_flag_m, cur, 5, 1, TRAWL_ENC_BE);
      trawl_tree_add_item (pkt, n, hf_ra_flag_o, cur, 5, 1, TRAWL_ENC_BE);
      trawl_tree_add_item (pkt, n, hf_ra_flag_h, cur, 5, 1, TRAWL_ENC_BE);
      trawl_tree_add_item (pkt, n, hf_ra_flag_prf, cur, 5, 1, TRAWL_ENC_BE);
      trawl_tree_add_item (pkt, n, hf_ra_flag_p, cur, 5, 1, TRAWL_ENC_BE);
      trawl_tree_add_item (pkt, n, hf_ra_flag_rsv, cur, 5, 1, TRAWL_ENC_BE);
      trawl_tree_add_item (pkt, top, hf_ra_router_lifetime, cur, 6, 2, TRAWL_ENC_BE);
      trawl_tree_add_item (pkt, top, hf_ra_reachable_time, cur, 8, 4, TRAWL_ENC_BE);
      trawl_tree_add_item (pkt, top, hf_ra_retrans_timer, cur, 12, 4, TRAWL_ENC_BE);
      ll = dissect_nd_options (pkt, top, cur, 16);
      if (ll)
        trawl_col_append_info (pkt, " from %s", ll);
      break;
    case T_NS:
    case T_NA:
      {
        guint32 flags = trawl_cursor_get_u32 (cur, 4);

        if (type == T_NS)
          trawl_tree_add_item (pkt, top, hf_reserved, cur, 4, 4, TRAWL_ENC_BE);
        else
          {
            n = trawl_tree_add_item (pkt, top, hf_na_flag, cur, 4, 4, TRAWL_ENC_BE);
            if (flags & 0x80000000)
              trawl_node_append_text (pkt, n, ", Router");
            if (flags & 0x40000000)
              trawl_node_append_text (pkt, n, ", Solicited");
            if (flags & 0x20000000)
              trawl_node_append_text (pkt, n, ", Override");
            trawl_tree_add_item (pkt, n, hf_na_flag_r, cur, 4, 4, TRAWL_ENC_BE);
            trawl_tree_add_item (pkt, n, hf_na_flag_s, cur, 4, 4, TRAWL_ENC_BE);
            trawl_tree_add_item (pkt, n, hf_na_flag_o, cur, 4, 4, TRAWL_ENC_BE);
            trawl_tree_add_item (pkt, n, hf_na_flag_rsv, cur, 4, 4, TRAWL_ENC_BE);
          }
        if (!trawl_cursor_has (cur, 8, 16))
          {
            trawl_tree_mark_malformed (pkt, top, "ICMPv6");
            return;
          }
        trawl_tree_add_item (pkt, top, type == T_NS ? hf_ns_target : hf_na_target, cur, 8, 16, TRAWL_ENC_BE);
        trawl_address_set (&a, TRAWL_AT_IPv6, trawl_cursor_ptr (cur, 8, 16));
        trawl_address_to_string (&a, target, sizeof target);
        ll = dissect_nd_options (pkt, top, cur, 24);
        if (type == T_NS)
          {
            trawl_col_append_info (pkt, " for %s", target);
            if (ll)
              trawl_col_append_info (pkt, " from %s", ll);
          }
        else
          {
            trawl_col_append_info (pkt, " %s", target);
            if (flags & 0xe0000000)
              trawl_col_append_info (pkt, " (%s%s%s%s%s)",
                                     flags & 0x80000000 ? "rtr" : "",
                                     (flags & 0x80000000) && (flags & 0x60000000) ? ", " : "",
                                     flags & 0x40000000 ? "sol" : "",
                                     (flags & 0x40000000) && (flags & 0x20000000) ? ", " : "",
                                     flags & 0x20000000 ? "ovr" : "");
            if (ll)
              trawl_col_append_info (pkt, " is at %s", ll);
          }
      }
      break;
    case T_MLDV2:
      dissect_mldv2_report (pkt, top, cur);
      break;
    default:
      if (trawl_cursor_len (cur) > 4)
        trawl_tree_add_item (pkt, top, hf_data, cur, 4, trawl_cursor_len (cur) - 4, TRAWL_ENC_BE);
      break;
    }
}

static gboolean
dissect_icmpv6 (TrawlPacket *pkt,
                TrawlCursor *cur,
                TrawlNode   *parent)
{
  TrawlNode *top, *n;
  guint8 type, code;
  const char *type_name, *code_name = NULL;
  const TrawlValueName *codes;

  top = trawl_tree_add_protocol (pkt, parent, proto_icmpv6, cur, 0, trawl_cursor_len (cur));
  trawl_col_set_protocol (pkt, "ICMPv6");
  trawl_col_clear_info (pkt);
  if (!trawl_cursor_has (cur, 0, 4))
    {
      trawl_tree_mark_malformed (pkt, top, "ICMPv6");
      return TRUE;
    }

  type = trawl_cursor_get_u8 (cur, 0);
  code = trawl_cursor_get_u8 (cur, 1);
  type_name = trawl_value_name_lookup (type_names, type);
  codes = code_names_for (type);
  if (codes)
    code_name = trawl_value_name_lookup (codes, code);
  if (code_name)
    trawl_col_set_info (pkt, "%s (%s)", type_name, code_name);
  else
    trawl_col_set_info (pkt, "%s", type_name ? type_name : "Unknown ICMPv6 type");

  trawl_tree_add_item (pkt, top, hf_type, cur, 0, 1, TRAWL_ENC_BE);
  n = trawl_tree_add_item (pkt, top, hf_code, cur, 1, 1, TRAWL_ENC_BE);
  if (code_name)
    trawl_node_append_text (pkt, n, " (%s)", code_name);
  add_checksum (pkt, top, cur);
  if (!trawl_cursor_has (cur, 0, 8))
    {
      trawl_tree_mark_malformed (pkt, top, "ICMPv6");
      return TRUE;
    }
  dissect_body (pkt, top, cur, type);
  return TRUE;
}

void
trawl_register_icmpv6 (void)
{
  proto_icmpv6 = trawl_proto_register ("icmpv6", N_("Internet Control Message Protocol v6"), "ICMPv6");
  trawl_field_register (proto_icmpv6, fields, G_N_ELEMENTS (fields));
  trawl_dissector_table_add (TRAWL_TABLE_IP_PROTO, 58, dissect_icmpv6);
}
