/* SPDX-License-Identifier: GPL-3.0-or-later */
/* eth.c: Ethernet II (and 802.3 length frames shown as data) */
#include "config.h"

#include <glib/gi18n.h>

#include "trawl-dissect.h"
#include "trawl-ethertype.h"
#include "trawl-linktype.h"

static int proto_eth = -1;
static int hf_eth_dst = -1;
static int hf_eth_dst_lg = -1;
static int hf_eth_dst_ig = -1;
static int hf_eth_src = -1;
static int hf_eth_src_lg = -1;
static int hf_eth_src_ig = -1;
static int hf_eth_addr = -1;
static int hf_eth_lg = -1;
static int hf_eth_ig = -1;
static int hf_eth_type = -1;
static int hf_eth_len = -1;
static int hf_eth_padding = -1;

/* Shared with vlan.c and sll.c through the registry (etype value names). */
const TrawlValueName trawl_etype_names[] = {
  { TRAWL_ETHERTYPE_IPV4, "IPv4" },
  { TRAWL_ETHERTYPE_ARP, "ARP" },
  { TRAWL_ETHERTYPE_VLAN, "802.1Q Virtual LAN" },
  { TRAWL_ETHERTYPE_QINQ, "802.1ad Provider Bridge (Q-in-Q)" },
  { TRAWL_ETHERTYPE_IPV6, "IPv6" },
  { TRAWL_ETHERTYPE_RARP, "RARP" },
  { 0x888e, "802.1X Authentication" },
  { 0x88cc, "802.1 Link Layer Discovery Protocol (LLDP)" },
  { 0x8847, "MPLS label switched packet" },
  { 0x8864, "PPPoE Session" },
  { 0x9000, "Loopback" },
  { 0, NULL }
};

static const TrawlTrueFalse lg_tfs = { "Locally administered address (this is NOT the factory default)", "Globally unique address (factory default)" };
static const TrawlTrueFalse ig_tfs = { "Group address (multicast/broadcast)", "Individual address (unicast)" };

static const TrawlFieldDef fields[] = {
  { &hf_eth_dst, "eth.dst", N_("Destination"), TRAWL_FT_ETHER, TRAWL_BASE_NONE, NULL, 0, N_("Destination Hardware Address") },
  { &hf_eth_dst_lg, "eth.dst.lg", N_("LG bit"), TRAWL_FT_BOOLEAN, 24, NULL, 0x20000, N_("Specifies if this is a locally administered or globally unique (IEEE assigned) address"), NULL, &lg_tfs },
  { &hf_eth_dst_ig, "eth.dst.ig", N_("IG bit"), TRAWL_FT_BOOLEAN, 24, NULL, 0x10000, N_("Specifies if this is an individual (unicast) or group (broadcast/multicast) address"), NULL, &ig_tfs },
  { &hf_eth_src, "eth.src", N_("Source"), TRAWL_FT_ETHER, TRAWL_BASE_NONE, NULL, 0, N_("Source Hardware Address") },
  { &hf_eth_src_lg, "eth.src.lg", N_("LG bit"), TRAWL_FT_BOOLEAN, 24, NULL, 0x20000, N_("Specifies if this is a locally administered or globally unique (IEEE assigned) address"), NULL, &lg_tfs },
  { &hf_eth_src_ig, "eth.src.ig", N_("IG bit"), TRAWL_FT_BOOLEAN, 24, NULL, 0x10000, N_("Specifies if this is an individual (unicast) or group (broadcast/multicast) address"), NULL, &ig_tfs },
  { &hf_eth_addr, "eth.addr", N_("Address"), TRAWL_FT_ETHER, TRAWL_BASE_NONE, NULL, 0, N_("Source or Destination Hardware Address") },
  { &hf_eth_lg, "eth.lg", N_("LG bit"), TRAWL_FT_BOOLEAN, 24, NULL, 0x20000, N_("Specifies if this is a locally administered or globally unique (IEEE assigned) address"), NULL, &lg_tfs },
  { &hf_eth_ig, "eth.ig", N_("IG bit"), TRAWL_FT_BOOLEAN, 24, NULL, 0x10000, N_("Specifies if this is an individual (unicast) or group (broadcast/multicast) address"), NULL, &ig_tfs },
  { &hf_eth_type, "eth.type", N_("Type"), TRAWL_FT_UINT16, TRAWL_BASE_HEX, trawl_etype_names },
  { &hf_eth_len, "eth.len", N_("Length"), TRAWL_FT_UINT16, TRAWL_BASE_DEC },
  { &hf_eth_padding, "eth.padding", N_("Padding"), TRAWL_FT_BYTES, TRAWL_BASE_NONE, NULL, 0, N_("Ethernet Padding") },
};

static void
add_address (TrawlPacket *pkt,
             TrawlNode   *top,
             TrawlCursor *cur,
             guint32      off,
             int          hf_addr,
             int          hf_lg,
             int          hf_ig)
{
  TrawlNode *n = trawl_tree_add_item (pkt, top, hf_addr, cur, off, 6, TRAWL_ENC_BE);
  TrawlNode *h;

  /* As tshark 4.0 shows it: eth.addr is a visible child of the address,
   * the generic eth.lg/eth.ig are hidden next to the specific bits. */
  trawl_tree_add_item (pkt, n, hf_eth_addr, cur, off, 6, TRAWL_ENC_BE);
  trawl_tree_add_item (pkt, n, hf_lg, cur, off, 3, TRAWL_ENC_BE);
  h = trawl_tree_add_item (pkt, n, hf_eth_lg, cur, off, 3, TRAWL_ENC_BE);
  trawl_node_set_flags (h, TRAWL_NODE_HIDDEN);
  trawl_tree_add_item (pkt, n, hf_ig, cur, off, 3, TRAWL_ENC_BE);
  h = trawl_tree_add_item (pkt, n, hf_eth_ig, cur, off, 3, TRAWL_ENC_BE);
  trawl_node_set_flags (h, TRAWL_NODE_HIDDEN);
}

static gboolean
dissect_eth (TrawlPacket *pkt,
             TrawlCursor *cur,
             TrawlNode   *parent)
{
  TrawlNode *top;
  guint16 type;
  char src[32], dst[32];

  top = trawl_tree_add_protocol (pkt, parent, proto_eth, cur, 0, 14);
  trawl_col_set_protocol (pkt, "ETH");
  if (!trawl_cursor_has (cur, 0, 14))
    {
      trawl_tree_mark_malformed (pkt, top, "ETH");
      trawl_dissect_data (pkt, cur, parent);
      return TRUE;
    }

  trawl_address_set (&pkt->dl_dst, TRAWL_AT_ETHER, trawl_cursor_ptr (cur, 0, 6));
  trawl_address_set (&pkt->dl_src, TRAWL_AT_ETHER, trawl_cursor_ptr (cur, 6, 6));
  trawl_col_set_addresses (pkt, &pkt->dl_src, &pkt->dl_dst);
  type = trawl_cursor_get_u16 (cur, 12);

  if (trawl_packet_tree_wanted (pkt))
    {
      if (trawl_packet_labels_wanted (pkt))
        {
          trawl_address_to_string (&pkt->dl_src, src, sizeof src);
          trawl_address_to_string (&pkt->dl_dst, dst, sizeof dst);
          trawl_node_append_text (pkt, top, ", Src: %s, Dst: %s", src, dst);
        }
      add_address (pkt, top, cur, 0, hf_eth_dst, hf_eth_dst_lg, hf_eth_dst_ig);
      add_address (pkt, top, cur, 6, hf_eth_src, hf_eth_src_lg, hf_eth_src_ig);
    }

  if (type <= 1500)
    {
      /* IEEE 802.3 length field: LLC is not dissected; show the payload as data. */
      TrawlCursor payload;
      trawl_tree_add_item (pkt, top, hf_eth_len, cur, 12, 2, TRAWL_ENC_BE);
      payload = trawl_cursor_sub (cur, 14, type, NULL);
      trawl_dissect_data (pkt, &payload, parent);
      return TRUE;
    }

  trawl_tree_add_item (pkt, top, hf_eth_type, cur, 12, 2, TRAWL_ENC_BE);
  {
    TrawlCursor payload = trawl_cursor_tail (cur, 14);
    trawl_dissect_ethertype (pkt, type, &payload, parent);
  }
  return TRUE;
}

/* Whatever the layers above did not claim at the end of a short frame
 * is Ethernet padding (e.g. a 60-byte ARP).  IPv4/IPv6 call this with
 * the first byte after their datagram. */
void
trawl_eth_add_padding (TrawlPacket *pkt,
                       TrawlCursor *frame_cur,
                       guint32      abs_end)
{
  TrawlNode *eth;
  TrawlCursor whole;

  if (pkt->linktype != TRAWL_LINKTYPE_ETHERNET || abs_end >= pkt->caplen || pkt->ip_depth > 1)
    return;
  eth = NULL;
  for (TrawlNode *n = pkt->root->first_child; n; n = n->next)
    if (n->field && n->field->id == proto_eth)
      eth = n;
  if (eth == NULL)
    return;
  trawl_cursor_init (&whole, pkt->data, pkt->caplen);
  whole.ds = frame_cur->ds;
  trawl_tree_add_item (pkt, eth, hf_eth_padding, &whole, abs_end, pkt->caplen - abs_end, TRAWL_ENC_BE);
}

void
trawl_register_eth (void)
{
  proto_eth = trawl_proto_register ("eth", N_("Ethernet II"), "ETH");
  trawl_field_register (proto_eth, fields, G_N_ELEMENTS (fields));
  trawl_dissector_table_add (TRAWL_TABLE_LINKTYPE, TRAWL_LINKTYPE_ETHERNET, dissect_eth);
}
