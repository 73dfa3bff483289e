/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-detail-node.h: one line of the detail tree */
#pragma once

#include <gio/gio.h>

#include "dissect/trawl-packet.h"
#include "trawl-dissection.h"

G_BEGIN_DECLS

#define TRAWL_TYPE_DETAIL_NODE (trawl_detail_node_get_type ())
G_DECLARE_FINAL_TYPE (TrawlDetailNode, trawl_detail_node, TRAWL, DETAIL_NODE, GObject)

/* A line for @node of @dissection, which the line keeps alive. */
TrawlDetailNode *trawl_detail_node_new          (TrawlDissection *dissection,
                                                 const TrawlNode *node,
                                                 const char      *parent_key);
/* A text line under an expert line ("[Severity level: Chat]"). */
TrawlDetailNode *trawl_detail_node_new_text     (const char      *text,
                                                 const char      *parent_key);
const TrawlNode *trawl_detail_node_get_node     (TrawlDetailNode *self);
/* The line as Wireshark shows it ("Source Port: 38588", "[Stream index: 0]"). */
const char      *trawl_detail_node_get_label    (TrawlDetailNode *self);
/* Path of field names from the top ("tcp/tcp.flags"): what the tree
 * remembers to keep the same subtrees open on the next frame. */
const char      *trawl_detail_node_get_key      (TrawlDetailNode *self);
/* "tcp.srcport", or NULL for text lines. */
const char      *trawl_detail_node_get_abbrev   (TrawlDetailNode *self);
char            *trawl_detail_node_dup_tooltip  (TrawlDetailNode *self);
gboolean         trawl_detail_node_has_children (TrawlDetailNode *self);
/* The visible children, as a new GListStore of TrawlDetailNode. */
GListModel      *trawl_detail_node_children     (TrawlDetailNode *self);

G_END_DECLS
