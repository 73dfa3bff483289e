/* SPDX-License-Identifier: GPL-3.0-or-later */
/* arp.c: ARP and RARP (RFC 826, RFC 903), with RFC 5227 probe/announcement */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "trawl-dissect.h"
#include "trawl-ethertype.h"

static int proto_arp = -1;
static int hf_arp_hw_type = -1;
static int hf_arp_proto_type = -1;
static int hf_arp_hw_size = -1;
static int hf_arp_proto_size = -1;
static int hf_arp_opcode = -1;
static int hf_arp_isgratuitous = -1;
static int hf_arp_isprobe = -1;
static int hf_arp_isannouncement = -1;
static int hf_arp_src_hw = -1;
static int hf_arp_src_hw_mac = -1;
static int hf_arp_src_proto = -1;
static int hf_arp_src_proto_ipv4 = -1;
static int hf_arp_dst_hw = -1;
static int hf_arp_dst_hw_mac = -1;
static int hf_arp_dst_proto = -1;
static int hf_arp_dst_proto_ipv4 = -1;

#define ARPHRD_ETHER      1
#define ARPHRD_IEEE802    6
#define ARPOP_REQUEST     1
#define ARPOP_REPLY       2
#define ARPOP_RREQUEST    3
#define ARPOP_RREPLY      4

static const TrawlValueName hrd_names[] = {
  { 0, "NET/ROM pseudo" },
  { 1, "Ethernet" },
  { 2, "Experimental Ethernet" },
  { 3, "AX.25" },
  { 4, "ProNET" },
  { 5, "Chaos" },
  { 6, "IEEE 802" },
  { 7, "ARCNET" },
  { 8, "Hyperchannel" },
  { 9, "Lanstar" },
  { 10, "Autonet Short Address" },
  { 11, "LocalTalk" },
  { 12, "LocalNet" },
  { 13, "Ultra link" },
  { 14, "SMDS" },
  { 15, "Frame Relay DLCI" },
  { 16, "ATM" },
  { 17, "HDLC" },
  { 18, "Fibre Channel" },
  { 19, "ATM (RFC 2225)" },
  { 20, "Serial Line" },
  { 21, "ATM" },
  { 24, "IEEE 1394.1995" },
  { 32, "InfiniBand" },
  { 0, NULL }
};

static const TrawlValueName op_names[] = {
  { 1, "request" },
  { 2, "reply" },
  { 3, "reverse request" },
  { 4, "reverse reply" },
  { 5, "DRARP-Request" },
  { 6, "DRARP-Reply" },
  { 7, "DRARP-Error" },
  { 8, "InARP request" },
  { 9, "InARP reply" },
  { 10, "ARP-NAK" },
  { 0, NULL }
};

static const TrawlFieldDef fields[] = {
  { &hf_arp_hw_type, "arp.hw.type", N_("Hardware type"), TRAWL_FT_UINT16, TRAWL_BASE_DEC, hrd_names },
  { &hf_arp_proto_type, "arp.proto.type", N_("Protocol type"), TRAWL_FT_UINT16, TRAWL_BASE_HEX, trawl_etype_names },
  { &hf_arp_hw_size, "arp.hw.size", N_("Hardware size"), TRAWL_FT_UINT8, TRAWL_BASE_DEC },
  { &hf_arp_proto_size, "arp.proto.size", N_("Protocol size"), TRAWL_FT_UINT8, TRAWL_BASE_DEC },
  { &hf_arp_opcode, "arp.opcode", N_("Opcode"), TRAWL_FT_UINT16, TRAWL_BASE_DEC, op_names },
  { &hf_arp_isgratuitous, "arp.isgratuitous", N_("Is gratuitous"), TRAWL_FT_BOOLEAN, 0 },
  { &hf_arp_isprobe, "arp.isprobe", N_("Is probe"), TRAWL_FT_BOOLEAN, 0 },
  { &hf_arp_isannouncement, "arp.isannouncement", N_("Is announcement"), TRAWL_FT_BOOLEAN, 0 },
  { &hf_arp_src_hw, "arp.src.hw", N_("Sender hardware address"), TRAWL_FT_BYTES, TRAWL_BASE_NONE },
  { &hf_arp_src_hw_mac, "arp.src.hw_mac", N_("Sender MAC address"), TRAWL_FT_ETHER, TRAWL_BASE_NONE },
  { &hf_arp_src_proto, "arp.src.proto", N_("Sender protocol address"), TRAWL_FT_BYTES, TRAWL_BASE_NONE },
  { &hf_arp_src_proto_ipv4, "arp.src.proto_ipv4", N_("Sender IP address"), TRAWL_FT_IPv4, TRAWL_BASE_NONE },
  { &hf_arp_dst_hw, "arp.dst.hw", N_("Target hardware address"), TRAWL_FT_BYTES, TRAWL_BASE_NONE },
  { &hf_arp_dst_hw_mac, "arp.dst.hw_mac", N_("Target MAC address"), TRAWL_FT_ETHER, TRAWL_BASE_NONE },
  { &hf_arp_dst_proto, "arp.dst.proto", N_("Target protocol address"), TRAWL_FT_BYTES, TRAWL_BASE_NONE },
  { &hf_arp_dst_proto_ipv4, "arp.dst.proto_ipv4", N_("Target IP address"), TRAWL_FT_IPv4, TRAWL_BASE_NONE },
};

typedef struct
{
  guint16 hrd, pro, op;
  guint8  hln, pln;
  guint32 sha, spa, tha, tpa;   /* window offsets of the four addresses */
} ArpHeader;

static gboolean
is_ether (const ArpHeader *h)
{
  return h->hln == 6 && (h->hrd == ARPHRD_ETHER || h->hrd == ARPHRD_IEEE802);
}

static gboolean
is_ipv4 (const ArpHeader *h)
{
  return h->pln == 4 && h->pro == TRAWL_ETHERTYPE_IPV4;
}

/* Address as Info text: dotted quad, colon MAC, or hex bytes. */
static const char *
addr_text (TrawlPacket     *pkt,
           TrawlCursor     *cur,
           guint32          off,
           guint8           len,
           gboolean         typed)
{
  const guint8 *p = trawl_cursor_ptr (cur, off, len);
  char buf[3 * 256];
  gsize o = 0;

  if (p == NULL)
    return "";
  if (typed && len == 4)
    return trawl_arena_printf (pkt->arena, "%u.%u.%u.%u", p[0], p[1], p[2], p[3]);
  for (guint i = 0; i < len; i++)
    {
      static const char hex[] = "0123456789abcdef";
      if (typed && i > 0)
        buf[o++] = ':';
      buf[o++] = hex[p[i] >> 4];
      buf[o++] = hex[p[i] & 15];
    }
  return trawl_arena_strndup (pkt->arena, buf, o);
}

static void
add_addresses (TrawlPacket     *pkt,
               TrawlNode       *top,
               TrawlCursor     *cur,
               const ArpHeader *h)
{
  int hf_hw_s = is_ether (h) ? hf_arp_src_hw_mac : hf_arp_src_hw;
  int hf_hw_d = is_ether (h) ? hf_arp_dst_hw_mac : hf_arp_dst_hw;
  int hf_pr_s = is_ipv4 (h) ? hf_arp_src_proto_ipv4 : hf_arp_src_proto;
  int hf_pr_d = is_ipv4 (h) ? hf_arp_dst_proto_ipv4 : hf_arp_dst_proto;

  if (h->hln)
    trawl_tree_add_item (pkt, top, hf_hw_s, cur, h->sha, h->hln, TRAWL_ENC_BE);
  if (h->pln)
    trawl_tree_add_item (pkt, top, hf_pr_s, cur, h->spa, h->pln, TRAWL_ENC_BE);
  if (h->hln)
    trawl_tree_add_item (pkt, top, hf_hw_d, cur, h->tha, h->hln, TRAWL_ENC_BE);
  if (h->pln)
    trawl_tree_add_item (pkt, top, hf_pr_d, cur, h->tpa, h->pln, TRAWL_ENC_BE);
}

static gboolean
bytes_zero (TrawlCursor *cur,
            guint32      off,
            guint8       len)
{
  const guint8 *p = trawl_cursor_ptr (cur, off, len);

  for (guint i = 0; p && i < len; i++)
    if (p[i])
      return FALSE;
  return p != NULL;
}

static gboolean
dissect_arp (TrawlPacket *pkt,
             TrawlCursor *cur,
             TrawlNode   *parent)
{
  ArpHeader h;
  TrawlNode *top, *n;
  gboolean rarp, gratuitous = FALSE, probe = FALSE, announcement = FALSE;
  guint32 total;
  const char *suffix;

  h.op = trawl_cursor_get_u16 (cur, 6);
  rarp = h.op == ARPOP_RREQUEST || h.op == ARPOP_RREPLY;
  top = trawl_tree_add_protocol (pkt, parent, proto_arp, cur, 0, 8);
  trawl_col_set_protocol (pkt, rarp ? "RARP" : "ARP");
  if (!trawl_cursor_has (cur, 0, 8))
    {
      trawl_tree_mark_malformed (pkt, top, "ARP");
      return TRUE;
    }

  h.hrd = trawl_cursor_get_u16 (cur, 0);
  h.pro = trawl_cursor_get_u16 (cur, 2);
  h.hln = trawl_cursor_get_u8 (cur, 4);
  h.pln = trawl_cursor_get_u8 (cur, 5);
  h.sha = 8;
  h.spa = h.sha + h.hln;
  h.tha = h.spa + h.pln;
  h.tpa = h.tha + h.hln;
  total = h.tpa + h.pln;
  trawl_node_set_len (top, MIN (total, trawl_cursor_len (cur)));

  if (h.op == ARPOP_REQUEST || h.op == ARPOP_REPLY)
    {
      const guint8 *spa = trawl_cursor_ptr (cur, h.spa, h.pln);
      const guint8 *tpa = trawl_cursor_ptr (cur, h.tpa, h.pln);
      gboolean tha_zero = bytes_zero (cur, h.tha, h.hln);

      gratuitous = spa && tpa && h.pln > 0 && memcmp (spa, tpa, h.pln) == 0;
      if (h.op == ARPOP_REQUEST && is_ipv4 (&h) && tha_zero)
        {
          probe = bytes_zero (cur, h.spa, h.pln);
          announcement = gratuitous;
        }
    }

  if (rarp)
    trawl_node_set_text (pkt, top, "Reverse Address Resolution Protocol");
  switch (h.op)
    {
    case ARPOP_REQUEST:
      suffix = announcement ? "ARP Announcement" : gratuitous ? "request/gratuitous ARP"
             : probe ? "ARP Probe" : "request";
      break;
    case ARPOP_REPLY:
      suffix = gratuitous ? "reply/gratuitous ARP" : "reply";
      break;
    default:
      suffix = trawl_value_name_lookup (op_names, h.op);
      break;
    }
  if (suffix)
    trawl_node_append_text (pkt, top, " (%s)", suffix);

  trawl_tree_add_item (pkt, top, hf_arp_hw_type, cur, 0, 2, TRAWL_ENC_BE);
  trawl_tree_add_item (pkt, top, hf_arp_proto_type, cur, 2, 2, TRAWL_ENC_BE);
  trawl_tree_add_item (pkt, top, hf_arp_hw_size, cur, 4, 1, TRAWL_ENC_BE);
  trawl_tree_add_item (pkt, top, hf_arp_proto_size, cur, 5, 1, TRAWL_ENC_BE);
  trawl_tree_add_item (pkt, top, hf_arp_opcode, cur, 6, 2, TRAWL_ENC_BE);
  if (gratuitous)
    {
      n = trawl_tree_add_boolean (pkt, top, hf_arp_isgratuitous, cur, 0, 0, TRUE);
      trawl_node_set_flags (n, TRAWL_NODE_GENERATED);
    }
  if (probe)
    {
      n = trawl_tree_add_boolean (pkt, top, hf_arp_isprobe, cur, 0, 0, TRUE);
      trawl_node_set_flags (n, TRAWL_NODE_GENERATED);
    }
  if (announcement)
    {
      n = trawl_tree_add_boolean (pkt, top, hf_arp_isannouncement, cur, 0, 0, TRUE);
      trawl_node_set_flags (n, TRAWL_NODE_GENERATED);
    }

  if (!trawl_cursor_has (cur, 0, total))
    {
      add_addresses (pkt, top, cur, &h);
      trawl_tree_mark_malformed (pkt, top, rarp ? "RARP" : "ARP");
      return TRUE;
    }
  add_addresses (pkt, top, cur, &h);

  if (pkt->want_columns)
    {
      gboolean e = is_ether (&h), ip = is_ipv4 (&h);
      const char *sha = addr_text (pkt, cur, h.sha, h.hln, e);
      const char *spa = addr_text (pkt, cur, h.spa, h.pln, ip);
      const char *tha = addr_text (pkt, cur, h.tha, h.hln, e);
      const char *tpa = addr_text (pkt, cur, h.tpa, h.pln, ip);

      switch (h.op)
        {
        case ARPOP_REQUEST:
          if (announcement)
            trawl_col_set_info (pkt, "ARP Announcement for %s", spa);
          else if (gratuitous)
            trawl_col_set_info (pkt, "Gratuitous ARP for %s (Request)", spa);
          else if (probe)
            trawl_col_set_info (pkt, "Who has %s? (ARP Probe)", tpa);
          else
            trawl_col_set_info (pkt, "Who has %s? Tell %s", tpa, spa);
          break;
        case ARPOP_REPLY:
          if (gratuitous)
            trawl_col_set_info (pkt, "Gratuitous ARP for %s (Reply)", spa);
          else
            trawl_col_set_info (pkt, "%s is at %s", spa, sha);
          break;
        case ARPOP_RREQUEST:
          trawl_col_set_info (pkt, "Who is %s? Tell %s", tha, sha);
          break;
        case ARPOP_RREPLY:
          trawl_col_set_info (pkt, "%s is at %s", tha, tpa);
          break;
        default:
          trawl_col_set_info (pkt, "Unknown ARP opcode 0x%04x", h.op);
          break;
        }
    }

  /* A 60-byte minimum Ethernet frame leaves padding after the 28 bytes. */
  trawl_eth_add_padding (pkt, cur, trawl_cursor_abs (cur, total));
  return TRUE;
}

void
trawl_register_arp (void)
{
  proto_arp = trawl_proto_register ("arp", N_("Address Resolution Protocol"), "ARP/RARP");
  trawl_field_register (proto_arp, fields, G_N_ELEMENTS (fields));
  trawl_dissector_table_add (TRAWL_TABLE_ETHERTYPE, TRAWL_ETHERTYPE_ARP, dissect_arp);
  trawl_dissector_table_add (TRAWL_TABLE_ETHERTYPE, TRAWL_ETHERTYPE_RARP, dissect_arp);
}
