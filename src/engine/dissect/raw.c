/* SPDX-License-Identifier: GPL-3.0-or-later */
/* raw.c: raw IP link types (LINKTYPE_RAW, LINKTYPE_IPV4, LINKTYPE_IPV6)
 *
 * LINKTYPE_RAW carries IPv4 or IPv6 without any header; the version
 * nibble says which.  Wireshark shows a "Raw packet data" layer for it,
 * but hands LINKTYPE_IPV4/IPV6 straight to IP.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "trawl-dissect.h"
#include "trawl-ethertype.h"
#include "trawl-linktype.h"

static int proto_raw = -1;

static gboolean
try_ip (TrawlPacket *pkt,
        TrawlCursor *cur,
        TrawlNode   *parent,
        guint16      ethertype)
{
  return trawl_dissector_table_try (TRAWL_TABLE_ETHERTYPE, ethertype, pkt, cur, parent);
}

static gboolean
dissect_raw (TrawlPacket *pkt,
             TrawlCursor *cur,
             TrawlNode   *parent)
{
  guint8 version;
  gboolean done = FALSE;

  trawl_tree_add_protocol (pkt, parent, proto_raw, cur, 0, trawl_cursor_len (cur));
  trawl_col_set_protocol (pkt, "N/A");
  trawl_col_set_info (pkt, "Raw packet data");

  version = trawl_cursor_has (cur, 0, 1) ? trawl_cursor_get_u8 (cur, 0) >> 4 : 0;
  if (version == 4)
    done = try_ip (pkt, cur, parent, TRAWL_ETHERTYPE_IPV4);
  else if (version == 6)
    done = try_ip (pkt, cur, parent, TRAWL_ETHERTYPE_IPV6);
  if (!done)
    trawl_dissect_data (pkt, cur, parent);
  return TRUE;
}

static gboolean
dissect_ipv4 (TrawlPacket *pkt,
              TrawlCursor *cur,
              TrawlNode   *parent)
{
  if (!try_ip (pkt, cur, parent, TRAWL_ETHERTYPE_IPV4))
    trawl_dissect_data (pkt, cur, parent);
  return TRUE;
}

static gboolean
dissect_ipv6 (TrawlPacket *pkt,
              TrawlCursor *cur,
              TrawlNode   *parent)
{
  if (!try_ip (pkt, cur, parent, TRAWL_ETHERTYPE_IPV6))
    trawl_dissect_data (pkt, cur, parent);
  return TRUE;
}

void
trawl_register_raw (void)
{
  proto_raw = trawl_proto_register ("raw", N_("Raw packet data"), "Raw");
  trawl_dissector_table_add (TRAWL_TABLE_LINKTYPE, TRAWL_LINKTYPE_RAW, dissect_raw);
  trawl_dissector_table_add (TRAWL_TABLE_LINKTYPE, TRAWL_LINKTYPE_IPV4, dissect_ipv4);
  trawl_dissector_table_add (TRAWL_TABLE_LINKTYPE, TRAWL_LINKTYPE_IPV6, dissect_ipv6);
}
