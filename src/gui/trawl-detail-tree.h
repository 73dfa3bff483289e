/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-detail-tree.h: the selected frame's dissection as a tree */
#pragma once

#include <gtk/gtk.h>

#include "trawl-packet-list-model.h"

G_BEGIN_DECLS

#define TRAWL_TYPE_DETAIL_TREE (trawl_detail_tree_get_type ())
G_DECLARE_FINAL_TYPE (TrawlDetailTree, trawl_detail_tree, TRAWL, DETAIL_TREE, GtkWidget)

/* Dissect @frame of @model with a full tree and show it; @frame < 0 clears. */
void               trawl_detail_tree_show_frame    (TrawlDetailTree      *self,
                                                    TrawlPacketListModel *model,
                                                    gint64                frame);
/* The dissection shown (its data sources feed the byte view), or NULL. */
const TrawlPacket *trawl_detail_tree_get_packet    (TrawlDetailTree      *self);
/* Select the deepest field covering byte @offset of data source @ds. */
gboolean           trawl_detail_tree_select_byte   (TrawlDetailTree      *self,
                                                    guint                 ds,
                                                    guint                 offset);
/* The selected field's abbrev ("tcp.srcport"), or NULL. */
const char        *trawl_detail_tree_get_selected_abbrev (TrawlDetailTree *self);
void               trawl_detail_tree_expand_all    (TrawlDetailTree      *self);
void               trawl_detail_tree_collapse_all  (TrawlDetailTree      *self);

G_END_DECLS
