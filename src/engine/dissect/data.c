/* SPDX-License-Identifier: GPL-3.0-or-later */
/* data.c: bytes no dissector understood, shown as data (never an error) */
#include "config.h"

#include <glib/gi18n.h>

#include "trawl-dissect.h"

static int proto_data = -1;
static int hf_data_data = -1;
static int hf_data_len = -1;

static const TrawlFieldDef fields[] = {
  { &hf_data_data, "data.data", N_("Data"), TRAWL_FT_BYTES, TRAWL_BASE_NONE },
  { &hf_data_len, "data.len", N_("Length"), TRAWL_FT_INT32, TRAWL_BASE_DEC },
};

void
trawl_register_data (void)
{
  proto_data = trawl_proto_register ("data", N_("Data"), "DATA");
  trawl_field_register (proto_data, fields, G_N_ELEMENTS (fields));
}

void
trawl_dissect_data (TrawlPacket *pkt,
                    TrawlCursor *cur,
                    TrawlNode   *parent)
{
  guint32 len = trawl_cursor_len (cur);
  TrawlNode *top, *n;

  if (len == 0)
    return;
  top = trawl_tree_add_protocol (pkt, parent, proto_data, cur, 0, len);
  trawl_node_set_text (pkt, top, "Data (%u byte%s)", len, len == 1 ? "" : "s");
  trawl_tree_add_item (pkt, top, hf_data_data, cur, 0, len, TRAWL_ENC_BE);
  n = trawl_tree_add_int (pkt, top, hf_data_len, cur, 0, 0, len);
  trawl_node_set_flags (n, TRAWL_NODE_GENERATED);
  if (pkt->col_protocol == NULL)
    trawl_col_set_protocol (pkt, "DATA");
}
