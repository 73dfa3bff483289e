/* SPDX-License-Identifier: GPL-3.0-or-later */
/* null.c: BSD loopback encapsulation, LINKTYPE_NULL and LINKTYPE_LOOP
 *
 * A 4-byte header holds an AF_ value: in the byte order of the machine
 * that captured (NULL) or in network order (LOOP).  As Wireshark does, a
 * NULL header is read in our own byte order and swapped when that makes
 * no sense (AF_ values are small); IRIX-style 2-byte values and old
 * Linux headers holding an Ethernet type are recognised too.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "trawl-dissect.h"
#include "trawl-ethertype.h"
#include "trawl-linktype.h"

static int proto_null = -1;
static int hf_null_type = -1;
static int hf_null_family = -1;

#define BSD_AF_INET          2
#define BSD_AF_INET6_BSD     24
#define BSD_AF_INET6_FREEBSD 28
#define BSD_AF_INET6_DARWIN  30

static const TrawlValueName family_names[] = {
  { BSD_AF_INET, "IP" },
  { 7, "OSI" },
  { 16, "Appletalk" },
  { 23, "Netware IPX/SPX" },
  { BSD_AF_INET6_BSD, "IPv6" },
  { BSD_AF_INET6_FREEBSD, "IPv6" },
  { BSD_AF_INET6_DARWIN, "IPv6" },
  { 0, NULL }
};

static const TrawlFieldDef fields[] = {
  { &hf_null_type, "null.type", N_("Type"), TRAWL_FT_UINT16, TRAWL_BASE_HEX, trawl_etype_names },
  { &hf_null_family, "null.family", N_("Family"), TRAWL_FT_UINT32, TRAWL_BASE_DEC, family_names },
};

/* @raw is the header read in our byte order. */
static guint32
normalize_header (guint32 raw)
{
  if ((raw & 0xffff0000) != 0)
    {
      /* IRIX/UNICOS snoop: a 16-bit AF_ value in the first two bytes. */
      if ((raw & 0xff000000) == 0 && (raw & 0x00ff0000) < 0x00060000)
        return raw >> 16;
      return GUINT32_SWAP_LE_BE (raw);
    }
  if ((raw & 0x000000ff) == 0 && (raw & 0x0000ff00) < 0x00000600)
    return GUINT16_SWAP_LE_BE (raw & 0xffff);
  return raw;
}

static gboolean
dissect_with_header (TrawlPacket *pkt,
                     TrawlCursor *cur,
                     TrawlNode   *parent,
                     guint32      header)
{
  TrawlNode *top;
  TrawlCursor payload;
  guint32 ethertype = 0;

  top = trawl_tree_add_protocol (pkt, parent, proto_null, cur, 0, 4);
  trawl_col_set_protocol (pkt, "N/A");
  trawl_col_set_info (pkt, "Null/Loopback");
  if (!trawl_cursor_has (cur, 0, 4))
    {
      trawl_tree_mark_malformed (pkt, top, "NULL");
      return TRUE;
    }

  payload = trawl_cursor_tail (cur, 4);
  if (header > 1500)
    {
      /* Old Linux DLT_NULL: an Ethernet type. */
      trawl_tree_add_uint (pkt, top, hf_null_type, cur, 0, 4, (guint16) header);
      ethertype = (guint16) header;
    }
  else
    {
      trawl_tree_add_uint (pkt, top, hf_null_family, cur, 0, 4, header);
      if (header == BSD_AF_INET)
        ethertype = TRAWL_ETHERTYPE_IPV4;
      else if (header == BSD_AF_INET6_BSD || header == BSD_AF_INET6_FREEBSD || header == BSD_AF_INET6_DARWIN)
        ethertype = TRAWL_ETHERTYPE_IPV6;
    }

  /* Straight to the network layer: Wireshark lists no "ethertype" here. */
  if (ethertype == 0 ||
      !trawl_dissector_table_try (TRAWL_TABLE_ETHERTYPE, ethertype, pkt, &payload, parent))
    trawl_dissect_data (pkt, &payload, parent);
  return TRUE;
}

static gboolean
dissect_null (TrawlPacket *pkt,
              TrawlCursor *cur,
              TrawlNode   *parent)
{
  guint32 raw;

  /* "Host byte order" is the reader's here, as in Wireshark; the
   * normalisation below makes the result the same on either kind. */
  if (G_BYTE_ORDER == G_LITTLE_ENDIAN)
    raw = trawl_cursor_get_u32le (cur, 0);
  else
    raw = trawl_cursor_get_u32 (cur, 0);
  return dissect_with_header (pkt, cur, parent, normalize_header (raw));
}

static gboolean
dissect_loop (TrawlPacket *pkt,
              TrawlCursor *cur,
              TrawlNode   *parent)
{
  return dissect_with_header (pkt, cur, parent, trawl_cursor_get_u32 (cur, 0));
}

void
trawl_register_null (void)
{
  proto_null = trawl_proto_register ("null", N_("Null/Loopback"), "NULL");
  trawl_field_register (proto_null, fields, G_N_ELEMENTS (fields));
  trawl_dissector_table_add (TRAWL_TABLE_LINKTYPE, TRAWL_LINKTYPE_NULL, dissect_null);
  trawl_dissector_table_add (TRAWL_TABLE_LINKTYPE, TRAWL_LINKTYPE_LOOP, dissect_loop);
}
