/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sll.c: Linux "cooked" captures (tcpdump -i any), versions 1 and 2
 *
 * Both versions are one protocol, "sll", in Wireshark; they differ only in
 * field order and widths.  v1 (16 bytes): packet type, ARPHRD type,
 * address length, 8 address bytes, protocol.  v2 (20 bytes): protocol,
 * 2 reserved bytes, interface index, ARPHRD type, packet type (1 byte),
 * address length (1 byte), 8 address bytes.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "trawl-dissect.h"
#include "trawl-linktype.h"

static int proto_sll = -1;
static int hf_sll_pkttype = -1;
static int hf_sll_hatype = -1;
static int hf_sll_halen = -1;
static int hf_sll_src_eth = -1;
static int hf_sll_src_ipv4 = -1;
static int hf_sll_src_other = -1;
static int hf_sll_unused = -1;
static int hf_sll_ltype = -1;
static int hf_sll_etype = -1;
static int hf_sll_ifindex = -1;

#define ARPHRD_ETHER     1
#define ARPHRD_LOOPBACK  772
#define ARPHRD_IPGRE     778

static const TrawlValueName pkttype_names[] = {
  { 0, "Unicast to us" },
  { 1, "Broadcast" },
  { 2, "Multicast" },
  { 3, "Unicast to another host" },
  { 4, "Sent by us" },
  { 0, NULL }
};

/* The ARPHRD_ types a cooked capture is likely to carry. */
static const TrawlValueName hatype_names[] = {
  { 1, "Ethernet" },
  { 24, "IEEE 1394" },
  { 32, "InfiniBand" },
  { 512, "PPP" },
  { 768, "IPIP" },
  { 769, "IPv6-in-IPv6" },
  { 772, "Loopback" },
  { 776, "IPv6-in-IPv4" },
  { 778, "IP over GRE" },
  { 801, "IEEE 802.11" },
  { 803, "IEEE 802.11 + radiotap header" },
  { 823, "IP6GRE" },
  { 824, "Netlink" },
  { 65534, "None" },
  { 65535, "Void" },
  { 0, NULL }
};

/* Linux protocol numbers below 1536 (not Ethernet types). */
static const TrawlValueName ltype_names[] = {
  { 0x0001, "Novell 802.3" },
  { 0x0002, "AX.25" },
  { 0x0003, "All" },
  { 0x0004, "802.2 LLC" },
  { 0x000c, "CAN" },
  { 0x0010, "HDLC" },
  { 0x0015, "CAN FD" },
  { 0, NULL }
};

static const TrawlFieldDef fields[] = {
  { &hf_sll_pkttype, "sll.pkttype", N_("Packet type"), TRAWL_FT_UINT16, TRAWL_BASE_DEC, pkttype_names },
  { &hf_sll_hatype, "sll.hatype", N_("Link-layer address type"), TRAWL_FT_UINT16, TRAWL_BASE_DEC, hatype_names },
  { &hf_sll_halen, "sll.halen", N_("Link-layer address length"), TRAWL_FT_UINT16, TRAWL_BASE_DEC },
  { &hf_sll_src_eth, "sll.src.eth", N_("Source"), TRAWL_FT_ETHER, TRAWL_BASE_NONE, NULL, 0, N_("Source link-layer address") },
  { &hf_sll_src_ipv4, "sll.src.ipv4", N_("Source"), TRAWL_FT_IPv4, TRAWL_BASE_NONE, NULL, 0, N_("Source link-layer address") },
  { &hf_sll_src_other, "sll.src.other", N_("Source"), TRAWL_FT_BYTES, TRAWL_BASE_NONE, NULL, 0, N_("Source link-layer address") },
  { &hf_sll_unused, "sll.unused", N_("Unused"), TRAWL_FT_BYTES, TRAWL_BASE_NONE, NULL, 0, N_("Unused bytes") },
  { &hf_sll_ltype, "sll.ltype", N_("Protocol"), TRAWL_FT_UINT16, TRAWL_BASE_HEX, ltype_names, 0, N_("Linux protocol type") },
  { &hf_sll_etype, "sll.etype", N_("Protocol"), TRAWL_FT_UINT16, TRAWL_BASE_HEX, trawl_etype_names, 0, N_("Ethernet protocol type") },
  { &hf_sll_ifindex, "sll.ifindex", N_("Interface index"), TRAWL_FT_UINT32, TRAWL_BASE_DEC },
};

/* The 8-byte address slot at @off: as many bytes as halen says, the rest
 * unused.  Sets pkt->dl_src for Ethernet-like addresses. */
static void
add_source (TrawlPacket *pkt,
            TrawlNode   *top,
            TrawlCursor *cur,
            guint32      off,
            guint16      hatype,
            guint32      halen)
{
  int hf;

  if (halen > 8)
    halen = 8;
  if (halen == 6 && (hatype == ARPHRD_ETHER || hatype == ARPHRD_LOOPBACK))
    {
      hf = hf_sll_src_eth;
      trawl_address_set (&pkt->dl_src, TRAWL_AT_ETHER, trawl_cursor_ptr (cur, off, 6));
    }
  else if (halen == 4 && hatype == ARPHRD_IPGRE)
    hf = hf_sll_src_ipv4;
  else
    hf = hf_sll_src_other;

  if (halen > 0)
    trawl_tree_add_item (pkt, top, hf, cur, off, halen, TRAWL_ENC_BE);
  if (halen < 8)
    trawl_tree_add_item (pkt, top, hf_sll_unused, cur, off + halen, 8 - halen, TRAWL_ENC_BE);
}

static void
dissect_payload (TrawlPacket *pkt,
                 TrawlCursor *cur,
                 TrawlNode   *parent,
                 TrawlNode   *top,
                 guint32      proto_off,
                 guint32      hdr_len)
{
  guint16 protocol = trawl_cursor_get_u16 (cur, proto_off);
  TrawlCursor payload = trawl_cursor_tail (cur, hdr_len);

  if (protocol <= 1500)
    {
      /* A Linux protocol number: nothing above it that we dissect. */
      trawl_tree_add_item (pkt, top, hf_sll_ltype, cur, proto_off, 2, TRAWL_ENC_BE);
      trawl_dissect_data (pkt, &payload, parent);
      return;
    }
  trawl_tree_add_item (pkt, top, hf_sll_etype, cur, proto_off, 2, TRAWL_ENC_BE);
  trawl_dissect_ethertype (pkt, protocol, &payload, parent);
}

static gboolean
dissect_sll_v1 (TrawlPacket *pkt,
                TrawlCursor *cur,
                TrawlNode   *parent)
{
  TrawlNode *top;

  top = trawl_tree_add_protocol (pkt, parent, proto_sll, cur, 0, 16);
  trawl_node_set_text (pkt, top, "Linux cooked capture v1");
  trawl_col_set_protocol (pkt, "SLL");
  if (!trawl_cursor_has (cur, 0, 16))
    {
      trawl_tree_mark_malformed (pkt, top, "SLL");
      return TRUE;
    }
  trawl_tree_add_item (pkt, top, hf_sll_pkttype, cur, 0, 2, TRAWL_ENC_BE);
  trawl_tree_add_item (pkt, top, hf_sll_hatype, cur, 2, 2, TRAWL_ENC_BE);
  trawl_tree_add_item (pkt, top, hf_sll_halen, cur, 4, 2, TRAWL_ENC_BE);
  add_source (pkt, top, cur, 6, trawl_cursor_get_u16 (cur, 2), trawl_cursor_get_u16 (cur, 4));
  dissect_payload (pkt, cur, parent, top, 14, 16);
  return TRUE;
}

static gboolean
dissect_sll_v2 (TrawlPacket *pkt,
                TrawlCursor *cur,
                TrawlNode   *parent)
{
  TrawlNode *top;
  guint16 protocol;
  TrawlCursor payload;

  top = trawl_tree_add_protocol (pkt, parent, proto_sll, cur, 0, 20);
  trawl_node_set_text (pkt, top, "Linux cooked capture v2");
  trawl_col_set_protocol (pkt, "SLL");
  if (!trawl_cursor_has (cur, 0, 20))
    {
      trawl_tree_mark_malformed (pkt, top, "SLL");
      return TRUE;
    }
  /* v2 puts the protocol first; Wireshark shows the fields in byte order. */
  protocol = trawl_cursor_get_u16 (cur, 0);
  trawl_tree_add_item (pkt, top, protocol <= 1500 ? hf_sll_ltype : hf_sll_etype, cur, 0, 2, TRAWL_ENC_BE);
  trawl_tree_add_item (pkt, top, hf_sll_ifindex, cur, 4, 4, TRAWL_ENC_BE);
  trawl_tree_add_item (pkt, top, hf_sll_hatype, cur, 8, 2, TRAWL_ENC_BE);
  trawl_tree_add_item (pkt, top, hf_sll_pkttype, cur, 10, 1, TRAWL_ENC_BE);
  trawl_tree_add_item (pkt, top, hf_sll_halen, cur, 11, 1, TRAWL_ENC_BE);
  add_source (pkt, top, cur, 12, trawl_cursor_get_u16 (cur, 8), trawl_cursor_get_u8 (cur, 11));

  payload = trawl_cursor_tail (cur, 20);
  if (protocol <= 1500)
    trawl_dissect_data (pkt, &payload, parent);
  else
    trawl_dissect_ethertype (pkt, protocol, &payload, parent);
  return TRUE;
}

void
trawl_register_sll (void)
{
  proto_sll = trawl_proto_register ("sll", N_("Linux cooked-mode capture"), "SLL");
  trawl_field_register (proto_sll, fields, G_N_ELEMENTS (fields));
  trawl_dissector_table_add (TRAWL_TABLE_LINKTYPE, TRAWL_LINKTYPE_LINUX_SLL, dissect_sll_v1);
  trawl_dissector_table_add (TRAWL_TABLE_LINKTYPE, TRAWL_LINKTYPE_LINUX_SLL2, dissect_sll_v2);
}
