/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-packet-list-model.h: the packet list as a GListModel
 *
 * A view over the capture file's index, the list of displayed frames (a
 * display filter's result, or every frame) and a sort permutation.  Rows
 * (TrawlPacketRow) are made only for the positions GTK asks for; their
 * texts come from dissecting that one frame.  Nothing here touches every
 * frame on the calling thread: growth, filtering and sorting arrive as
 * arrays made elsewhere (sorting in a worker thread) and are swapped in
 * with one items-changed.  Uses GLib/GIO only, so it is tested without a
 * display.
 */
#pragma once

#include <gio/gio.h>

#include "analysis/trawl-analysis.h"
#include "file/trawl-capture-file.h"
#include "trawl-document.h"
#include "trawl-packet-row.h"

G_BEGIN_DECLS

typedef enum
{
  TRAWL_TIME_FORMAT_RELATIVE,   /* seconds since the first frame */
  TRAWL_TIME_FORMAT_DELTA_DISPLAYED, /* since the previous displayed frame */
  TRAWL_TIME_FORMAT_ABSOLUTE,   /* local date and time */
  TRAWL_TIME_FORMAT_UTC,        /* UTC date and time */
  TRAWL_TIME_FORMAT_EPOCH,      /* seconds since 1970 */
} TrawlTimeFormat;

#define TRAWL_TYPE_PACKET_LIST_MODEL (trawl_packet_list_model_get_type ())
G_DECLARE_FINAL_TYPE (TrawlPacketListModel, trawl_packet_list_model, TRAWL, PACKET_LIST_MODEL, GObject)

/* A view over @doc, whose file must be open. */
TrawlPacketListModel *trawl_packet_list_model_new            (TrawlDocument        *doc);
TrawlDocument        *trawl_packet_list_model_get_document   (TrawlPacketListModel *self);
TrawlCaptureFile     *trawl_packet_list_model_get_file       (TrawlPacketListModel *self);

/* Show the frames the index has published since the last call (when no
 * filter or sort is applied), and the rows of a filter or sort not added
 * yet (trawl_packet_list_model_refill); emits items-changed for the
 * appended rows only.  Returns how many rows were added. */
guint                 trawl_packet_list_model_poll           (TrawlPacketListModel *self);
/* The same, adding at most @max_added rows. */
guint                 trawl_packet_list_model_poll_at_most   (TrawlPacketListModel *self,
                                                              guint                 max_added);

/* The rows of the view: all of a filter's result or a sort, and the
 * indexed frames otherwise.  GTK is told of them (get_n_items) as they are
 * added.  When a filter or sort replaces every row, the new rows are added
 * at once, or, with a deferred refill, not at all: the owner adds them
 * with trawl_packet_list_model_refill, at most @max_added at a time. */
guint                 trawl_packet_list_model_get_n_rows     (TrawlPacketListModel *self);
void                  trawl_packet_list_model_set_deferred_refill (TrawlPacketListModel *self,
                                                                   gboolean              deferred);
/* Tell GTK of only the first @n rows for now (the others come back with
 * trawl_packet_list_model_refill). */
void                  trawl_packet_list_model_truncate       (TrawlPacketListModel *self,
                                                              guint                 n);
/* Take the first @n rows away from GTK until the next replacement (the
 * view's positions then start at the row after them). */
void                  trawl_packet_list_model_drop_head      (TrawlPacketListModel *self,
                                                              guint                 n);
guint                 trawl_packet_list_model_refill         (TrawlPacketListModel *self,
                                                              guint                 max_added);

/* The document's analysis pass has ended: the rows GTK holds that were
 * made before the pass reached their frame are dissected again
 * (tcp.stream-dependent Info) and ::changed on each. */
void                  trawl_packet_list_model_analysis_done  (TrawlPacketListModel *self);
/* The document's analysis (complete, or running beside the views). */
TrawlAnalysis        *trawl_packet_list_model_get_analysis   (TrawlPacketListModel *self);

/* Show only @frames (ascending 0-based indices, transfer full), or every
 * frame when NULL.  Drops the sort order.  Every row is removed, then
 * the new ones added (two items-changed). */
void                  trawl_packet_list_model_set_displayed  (TrawlPacketListModel *self,
                                                              GArray               *frames);
/* A live capture's filter matched @frames (ascending, after every
 * displayed one): add them to the displayed set; rows for them come with
 * the next refill.  FALSE when the view is not filtered, or sorted. */
gboolean              trawl_packet_list_model_append_displayed (TrawlPacketListModel *self,
                                                                const guint32        *frames,
                                                                guint                 n);
gboolean              trawl_packet_list_model_is_filtered    (TrawlPacketListModel *self);
/* The displayed frames (ascending; a reference to an array that is
 * never changed), or NULL when all are. */
GArray               *trawl_packet_list_model_ref_displayed  (TrawlPacketListModel *self);
guint                 trawl_packet_list_model_get_n_total    (TrawlPacketListModel *self);

/* Frame index at @position, and the position of @frame (or -1). */
guint32               trawl_packet_list_model_get_frame      (TrawlPacketListModel *self,
                                                              guint                 position);
gint64                trawl_packet_list_model_find_frame     (TrawlPacketListModel *self,
                                                              guint32               frame);

void                  trawl_packet_list_model_set_time_format (TrawlPacketListModel *self,
                                                               TrawlTimeFormat       format);
TrawlTimeFormat       trawl_packet_list_model_get_time_format (TrawlPacketListModel *self);

/* Sort the displayed rows by @column in a worker thread; the finish
 * function swaps the permutation in with one items-changed.  Sorting by
 * TRAWL_N_COLUMNS restores frame order. */
void                  trawl_packet_list_model_sort_async     (TrawlPacketListModel *self,
                                                              TrawlColumn           column,
                                                              gboolean              descending,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
gboolean              trawl_packet_list_model_sort_finish    (TrawlPacketListModel *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);
/* Current sort column (TRAWL_N_COLUMNS when in frame order). */
TrawlColumn           trawl_packet_list_model_get_sort_column (TrawlPacketListModel *self,
                                                               gboolean             *descending);

/* Dissect @frame with a full tree and the model's displayed-time, into
 * a dissection of its own. */
TrawlDissection      *trawl_packet_list_model_dissect        (TrawlPacketListModel *self,
                                                              guint32               frame);

G_END_DECLS
