/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-packet-list.h: the packet list pane (a GtkColumnView) */
#pragma once

#include <gtk/gtk.h>

#include "trawl-packet-list-model.h"

G_BEGIN_DECLS

#define TRAWL_TYPE_PACKET_LIST (trawl_packet_list_get_type ())

/* GTK 4.8's list view makes the widgets of up to 200 rows (x 7 cells)
 * when rows arrive: ~110 ms of CPU here in one items-changed.  Rows are
 * therefore added RAMP_STEP a frame until RAMP_ROWS exist (each step well
 * under the 50 ms budget); after that, the rest at once is cheap. */
#define TRAWL_PACKET_LIST_RAMP_ROWS 240
#define TRAWL_PACKET_LIST_RAMP_STEP 6
G_DECLARE_FINAL_TYPE (TrawlPacketList, trawl_packet_list, TRAWL, PACKET_LIST, GtkWidget)

void                  trawl_packet_list_set_model        (TrawlPacketList      *self,
                                                          TrawlPacketListModel *model);
TrawlPacketListModel *trawl_packet_list_get_model        (TrawlPacketList      *self);
/* Selected frame index, or -1. */
gint64                trawl_packet_list_get_selected_frame (TrawlPacketList    *self);
/* Select the row at @position and scroll it into view. */
void                  trawl_packet_list_select_position  (TrawlPacketList      *self,
                                                          guint                 position);
/* Select @frame if it is displayed; FALSE otherwise. */
gboolean              trawl_packet_list_select_frame     (TrawlPacketList      *self,
                                                          guint32               frame);
guint                 trawl_packet_list_get_selected_position (TrawlPacketList *self);
/* Column widths as "w,w,w,...", and back (from GSettings). */
char                 *trawl_packet_list_get_column_widths (TrawlPacketList     *self);
void                  trawl_packet_list_set_column_widths (TrawlPacketList     *self,
                                                          const char           *widths);

/* Show only @frames (ascending frame indices, transfer full), or every
 * frame when NULL: done a few frames later (::frames-shown then), after
 * the row widgets below the view are gone, so that no frame takes long.
 * The selected frame stays selected when it is still shown. */
void                  trawl_packet_list_show_frames      (TrawlPacketList      *self,
                                                          GArray               *frames);
/* A live capture: the view follows the newest row while it shows the
 * last one (the user scrolling up stops that, back to the end resumes). */
void                  trawl_packet_list_set_live         (TrawlPacketList      *self,
                                                          gboolean              live);
gboolean              trawl_packet_list_get_following    (TrawlPacketList      *self);
/* Append @frames (ascending, after every displayed one) to a filtered
 * view; FALSE when it cannot take them now (a new set, a sort or a
 * filtered view is on its way, or the view is sorted): ask again later. */
gboolean              trawl_packet_list_append_frames    (TrawlPacketList      *self,
                                                          const guint32        *frames,
                                                          guint                 n);
/* Sort again by the header's column (after loading or filtering). */
void                  trawl_packet_list_resort           (TrawlPacketList      *self);

G_END_DECLS
