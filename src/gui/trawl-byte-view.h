/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-byte-view.h: the frame's bytes as offset / hex / ASCII */
#pragma once

#include <gtk/gtk.h>

#include "dissect/trawl-packet.h"

G_BEGIN_DECLS

#define TRAWL_TYPE_BYTE_VIEW (trawl_byte_view_get_type ())
G_DECLARE_FINAL_TYPE (TrawlByteView, trawl_byte_view, TRAWL, BYTE_VIEW, GtkWidget)

/* Show every data source of @pkt (one tab each); NULL clears.  The bytes
 * are copied. */
void trawl_byte_view_set_packet (TrawlByteView     *self,
                                 const TrawlPacket *pkt);
/* Highlight @len bytes at @start of source @ds (len 0: none). */
void trawl_byte_view_highlight  (TrawlByteView     *self,
                                 guint              ds,
                                 guint              start,
                                 guint              len);

G_END_DECLS
