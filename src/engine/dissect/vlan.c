/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vlan.c: IEEE 802.1Q VLAN tags and IEEE 802.1ad (Q-in-Q) service tags
 *
 * Wireshark shows an 802.1ad S-tag as its own protocol ("ieee8021ad")
 * whose Type field is named ieee8021ah.etype; we keep those names so
 * filters carry over.  Stacked tags simply recurse through the ethertype
 * table; the depth is bounded because each tag consumes 4 bytes.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "trawl-dissect.h"
#include "trawl-ethertype.h"

static int proto_vlan = -1;
static int hf_vlan_priority = -1;
static int hf_vlan_dei = -1;
static int hf_vlan_id = -1;
static int hf_vlan_etype = -1;
static int hf_vlan_len = -1;
static int hf_vlan_trailer = -1;

static int proto_ieee8021ad = -1;
static int hf_ad_priority = -1;
static int hf_ad_dei = -1;
static int hf_ad_id = -1;

static int proto_ieee8021ah = -1;
static int hf_ah_etype = -1;

/* Wireshark stops after this many nested tags ("Too many nested VLAN tags"). */
#define MAX_VLAN_DEPTH 20

/* IEEE 802.1D-2004 traffic types. */
static const TrawlValueName priority_names[] = {
  { 0, "Best Effort (default)" },
  { 1, "Background" },
  { 2, "Excellent Effort" },
  { 3, "Critical Applications" },
  { 4, "Video, < 100ms latency and jitter" },
  { 5, "Voice, < 10ms latency and jitter" },
  { 6, "Internetwork Control" },
  { 7, "Network Control" },
  { 0, NULL }
};

static const TrawlTrueFalse dei_tfs = { "Eligible", "Ineligible" };

static const TrawlFieldDef vlan_fields[] = {
  { &hf_vlan_priority, "vlan.priority", N_("Priority"), TRAWL_FT_UINT16, TRAWL_BASE_DEC, priority_names, 0xe000, N_("Descriptions are recommendations from IEEE standard 802.1D-2004") },
  { &hf_vlan_dei, "vlan.dei", N_("DEI"), TRAWL_FT_BOOLEAN, 16, NULL, 0x1000, N_("Drop Eligible Indicator"), NULL, &dei_tfs },
  { &hf_vlan_id, "vlan.id", N_("ID"), TRAWL_FT_UINT16, TRAWL_BASE_DEC, NULL, 0x0fff, N_("VLAN ID") },
  { &hf_vlan_etype, "vlan.etype", N_("Type"), TRAWL_FT_UINT16, TRAWL_BASE_HEX, trawl_etype_names, 0, N_("Ethertype") },
  { &hf_vlan_len, "vlan.len", N_("Length"), TRAWL_FT_UINT16, TRAWL_BASE_DEC },
  { &hf_vlan_trailer, "vlan.trailer", N_("Trailer"), TRAWL_FT_BYTES, TRAWL_BASE_NONE, NULL, 0, N_("VLAN Trailer") },
};

static const TrawlFieldDef ad_fields[] = {
  { &hf_ad_priority, "ieee8021ad.priority", N_("Priority"), TRAWL_FT_UINT16, TRAWL_BASE_DEC, NULL, 0xe000 },
  { &hf_ad_dei, "ieee8021ad.dei", N_("DEI"), TRAWL_FT_UINT16, TRAWL_BASE_DEC, NULL, 0x1000, N_("Drop Eligibility") },
  { &hf_ad_id, "ieee8021ad.id", N_("ID"), TRAWL_FT_UINT16, TRAWL_BASE_DEC, NULL, 0x0fff, N_("Vlan ID") },
};

static const TrawlFieldDef ah_fields[] = {
  { &hf_ah_etype, "ieee8021ah.etype", N_("Type"), TRAWL_FT_UINT16, TRAWL_BASE_HEX, trawl_etype_names },
};


/* An 802.3 length instead of a type: the rest is LLC, which we show as data. */
static void
dissect_length_payload (TrawlPacket *pkt,
                        TrawlCursor *cur,
                        TrawlNode   *parent,
                        TrawlNode   *top,
                        guint16      len)
{
  TrawlCursor payload;
  gboolean clipped;

  trawl_tree_add_item (pkt, top, hf_vlan_len, cur, 2, 2, TRAWL_ENC_BE);
  payload = trawl_cursor_sub (cur, 4, len, &clipped);
  if (!clipped && trawl_cursor_len (cur) > 4u + len)
    trawl_tree_add_item (pkt, top, hf_vlan_trailer, cur, 4u + len,
                         trawl_cursor_len (cur) - 4 - len, TRAWL_ENC_BE);
  trawl_dissect_data (pkt, &payload, parent);
}

static gboolean
dissect_vlan (TrawlPacket *pkt,
              TrawlCursor *cur,
              TrawlNode   *parent)
{
  TrawlNode *top;
  guint16 tci, type;
  TrawlCursor payload;

  top = trawl_tree_add_protocol (pkt, parent, proto_vlan, cur, 0, 4);
  trawl_col_set_protocol (pkt, "VLAN");
  if (!trawl_cursor_has (cur, 0, 4) || ++pkt->vlan_depth > MAX_VLAN_DEPTH)
    {
      trawl_tree_mark_malformed (pkt, top, "VLAN");
      return TRUE;
    }

  tci = trawl_cursor_get_u16 (cur, 0);
  type = trawl_cursor_get_u16 (cur, 2);
  trawl_col_set_info (pkt, "PRI: %u  DEI: %u  ID: %u", tci >> 13, (tci >> 12) & 1, tci & 0x0fff);
  trawl_node_append_text (pkt, top, ", PRI: %u, DEI: %u, ID: %u", tci >> 13, (tci >> 12) & 1, tci & 0x0fff);
  trawl_tree_add_item (pkt, top, hf_vlan_priority, cur, 0, 2, TRAWL_ENC_BE);
  trawl_tree_add_item (pkt, top, hf_vlan_dei, cur, 0, 2, TRAWL_ENC_BE);
  trawl_tree_add_item (pkt, top, hf_vlan_id, cur, 0, 2, TRAWL_ENC_BE);

  if (type <= 1500)
    {
      dissect_length_payload (pkt, cur, parent, top, type);
      return TRUE;
    }
  trawl_tree_add_item (pkt, top, hf_vlan_etype, cur, 2, 2, TRAWL_ENC_BE);
  payload = trawl_cursor_tail (cur, 4);
  trawl_dissect_ethertype (pkt, type, &payload, parent);
  return TRUE;
}

static gboolean
dissect_ieee8021ad (TrawlPacket *pkt,
                    TrawlCursor *cur,
                    TrawlNode   *parent)
{
  TrawlNode *top;
  guint16 tci, type;
  TrawlCursor payload;

  top = trawl_tree_add_protocol (pkt, parent, proto_ieee8021ad, cur, 0, 4);
  trawl_col_set_protocol (pkt, "802.1ad");
  if (!trawl_cursor_has (cur, 0, 4) || ++pkt->vlan_depth > MAX_VLAN_DEPTH)
    {
      trawl_tree_mark_malformed (pkt, top, "IEEE 802.1ad");
      return TRUE;
    }

  tci = trawl_cursor_get_u16 (cur, 0);
  type = trawl_cursor_get_u16 (cur, 2);
  trawl_col_set_info (pkt, "PRI: %u  DROP: %u ID: %u", tci >> 13, (tci >> 12) & 1, tci & 0x0fff);
  trawl_node_append_text (pkt, top, ", ID: %u", tci & 0x0fff);
  trawl_tree_add_item (pkt, top, hf_ad_priority, cur, 0, 2, TRAWL_ENC_BE);
  trawl_tree_add_item (pkt, top, hf_ad_dei, cur, 0, 2, TRAWL_ENC_BE);
  trawl_tree_add_item (pkt, top, hf_ad_id, cur, 0, 2, TRAWL_ENC_BE);
  trawl_tree_add_item (pkt, top, hf_ah_etype, cur, 2, 2, TRAWL_ENC_BE);
  payload = trawl_cursor_tail (cur, 4);
  trawl_dissect_ethertype (pkt, type, &payload, parent);
  return TRUE;
}

void
trawl_register_vlan (void)
{
  proto_vlan = trawl_proto_register ("vlan", N_("802.1Q Virtual LAN"), "VLAN");
  trawl_field_register (proto_vlan, vlan_fields, G_N_ELEMENTS (vlan_fields));
  proto_ieee8021ad = trawl_proto_register ("ieee8021ad", N_("IEEE 802.1ad"), "802.1ad");
  trawl_field_register (proto_ieee8021ad, ad_fields, G_N_ELEMENTS (ad_fields));
  /* Only for the Type field Wireshark's 802.1ad dissector borrows. */
  proto_ieee8021ah = trawl_proto_register ("ieee8021ah", N_("IEEE 802.1ah"), "IEEE 802.1ah");
  trawl_field_register (proto_ieee8021ah, ah_fields, G_N_ELEMENTS (ah_fields));

  trawl_dissector_table_add (TRAWL_TABLE_ETHERTYPE, TRAWL_ETHERTYPE_VLAN, dissect_vlan);
  trawl_dissector_table_add (TRAWL_TABLE_ETHERTYPE, TRAWL_ETHERTYPE_QINQ, dissect_ieee8021ad);
}
