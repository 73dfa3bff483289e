/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-packet-row.h: one row of the packet list, made when GTK asks */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  TRAWL_COLUMN_NUMBER,
  TRAWL_COLUMN_TIME,
  TRAWL_COLUMN_SOURCE,
  TRAWL_COLUMN_DESTINATION,
  TRAWL_COLUMN_PROTOCOL,
  TRAWL_COLUMN_LENGTH,
  TRAWL_COLUMN_INFO,
  TRAWL_N_COLUMNS
} TrawlColumn;

#define TRAWL_TYPE_PACKET_ROW (trawl_packet_row_get_type ())
G_DECLARE_FINAL_TYPE (TrawlPacketRow, trawl_packet_row, TRAWL, PACKET_ROW, GObject)

TrawlPacketRow *trawl_packet_row_new            (guint32         frame);
/* 0-based frame index in the capture file. */
guint32         trawl_packet_row_get_frame      (TrawlPacketRow *self);
/* Text of a column; never NULL. */
const char     *trawl_packet_row_get_text       (TrawlPacketRow *self,
                                                 TrawlColumn     column);
/* Colouring rule's CSS class ("pl-tcp"), or NULL. */
const char     *trawl_packet_row_get_css_class  (TrawlPacketRow *self);

/* Used by TrawlPacketListModel: replace the texts (taking ownership);
 * both return whether anything shown changed, which the model then
 * tells the cells bound to the row with ::changed. */
gboolean        trawl_packet_row_set_texts      (TrawlPacketRow *self,
                                                 char           *texts[TRAWL_N_COLUMNS],
                                                 const char     *css_class);
gboolean        trawl_packet_row_set_text       (TrawlPacketRow *self,
                                                 TrawlColumn     column,
                                                 char           *text);
void            trawl_packet_row_emit_changed   (TrawlPacketRow *self);

G_END_DECLS
