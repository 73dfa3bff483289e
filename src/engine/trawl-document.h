/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-document.h: one capture, read from a file or growing live
 *
 * A TrawlDocument owns a capture file, its frame index and the
 * cross-frame analysis, and is what the window and trawl-cli hold.  A
 * file loads in the background (trawl_document_load_async) with the
 * phase, fraction and n-frames properties a window binds to, as
 * Sysprof's document loader; a live capture's file grows
 * (trawl_document_open_growing, then trawl_document_update each time the
 * writer wrote more), and the analysis follows it.  Either way
 * ::frames-added says, on the main context the document was made in,
 * which frames the views may now show.
 *
 * Frames are dissected through the document, with options saying what
 * the caller wants: trawl_document_fill () into a caller's packet (the
 * hot loops reuse one per thread), trawl_document_dissect () into a
 * reference-counted TrawlDissection that a view keeps as long as it
 * shows it.
 */
#pragma once

#include <gio/gio.h>

#include "analysis/trawl-analysis.h"
#include "file/trawl-capture-file.h"
#include "trawl-dissection.h"

G_BEGIN_DECLS

typedef enum
{
  TRAWL_DOCUMENT_PHASE_EMPTY,      /* nothing opened yet */
  TRAWL_DOCUMENT_PHASE_INDEXING,   /* reading the record headers (the analysis follows) */
  TRAWL_DOCUMENT_PHASE_ANALYSING,  /* indexed; the analysis pass is finishing */
  TRAWL_DOCUMENT_PHASE_CAPTURING,  /* a live capture: the file grows */
  TRAWL_DOCUMENT_PHASE_READY,      /* every frame indexed and analysed */
} TrawlDocumentPhase;

#define TRAWL_TYPE_DOCUMENT_PHASE (trawl_document_phase_get_type ())
GType trawl_document_phase_get_type (void);

#define TRAWL_TYPE_DOCUMENT (trawl_document_get_type ())
G_DECLARE_FINAL_TYPE (TrawlDocument, trawl_document, TRAWL, DOCUMENT, GObject)

TrawlDocument     *trawl_document_new              (void);

/* ---- a file, in the background (the window) ---- */
/* Run the loader and the pass below the calling thread's priority, so
 * that a window stays responsive while they use every core. */
void               trawl_document_set_background   (TrawlDocument        *self,
                                                    gboolean              background);
void               trawl_document_load_async       (TrawlDocument        *self,
                                                    const char           *path,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
/* FALSE with @error when the file could not be opened.  A load stopped
 * through @cancellable is not an error: the frames read so far stay
 * (trawl_document_was_stopped ()). */
gboolean           trawl_document_load_finish      (TrawlDocument        *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

/* ---- a file, step by step, on the calling thread (trawl-cli) ---- */
gboolean           trawl_document_open             (TrawlDocument        *self,
                                                    const char           *path,
                                                    GError              **error);
/* Start the analysis pass on a thread of its own; it follows the index
 * (trawl_document_index () on this thread) frame by frame. */
void               trawl_document_start_analysis   (TrawlDocument        *self);
gboolean           trawl_document_index            (TrawlDocument        *self,
                                                    GCancellable         *cancellable,
                                                    GError              **error);
/* Open, index and analyse before returning. */
gboolean           trawl_document_load             (TrawlDocument        *self,
                                                    const char           *path,
                                                    GCancellable         *cancellable,
                                                    GError              **error);
/* Block until frames [0, @n) are analysed. */
void               trawl_document_wait_analysed    (TrawlDocument        *self,
                                                    guint32               n);

/* ---- a live capture ---- */
/* @path is being written by a capture (possibly still empty).  The
 * document is in the capturing phase until trawl_document_end_growing. */
gboolean           trawl_document_open_growing     (TrawlDocument        *self,
                                                    const char           *path,
                                                    GError              **error);
/* Index what the writer appended since the last call; the analysis
 * follows on its thread and ::frames-added reports the new frames.
 * Cheap: proportional to what was appended. */
gboolean           trawl_document_update           (TrawlDocument        *self,
                                                    GError              **error);
/* The writer stopped: index the rest, finish the analysis. */
gboolean           trawl_document_end_growing      (TrawlDocument        *self,
                                                    GError              **error);
/* The same two steps on the document's own thread, for a main context
 * that must not wait for the index of a batch (a window).  Use these or
 * the two above, not both. */
void               trawl_document_queue_update     (TrawlDocument        *self);
void               trawl_document_queue_end        (TrawlDocument        *self);

/* ---- a stream: a pipe, a FIFO, stdin, a gzip file ---- */
/* Read @fd (owned from now on; stdin stays open) as it comes, through
 * a growing temporary file.  trawl_document_update () indexes what has
 * come; once trawl_document_stream_is_done (), end_growing. */
gboolean           trawl_document_open_stream      (TrawlDocument        *self,
                                                    int                   fd,
                                                    const char           *display_name,
                                                    GError              **error);
/* TRUE once the stream has ended (or failed: @error) or was stopped. */
gboolean           trawl_document_stream_is_done   (TrawlDocument        *self,
                                                    GError              **error);
/* Stop reading the stream (-c has its frames). */
void               trawl_document_stop_stream      (TrawlDocument        *self);
/* Damage in compressed data, once the stream is done, or NULL. */
const char        *trawl_document_get_stream_warning (TrawlDocument      *self);

/* ---- state ---- */
TrawlDocumentPhase trawl_document_get_phase        (TrawlDocument        *self);
double             trawl_document_get_fraction     (TrawlDocument        *self);
/* Frames the views may show: the indexed ones while a file loads, the
 * analysed ones of a live capture. */
guint32            trawl_document_get_n_frames     (TrawlDocument        *self);
const char        *trawl_document_get_path         (TrawlDocument        *self);
/* NULL until the file is open (it opens on the loader's thread). */
TrawlCaptureFile  *trawl_document_get_file         (TrawlDocument        *self);
/* The analysis, complete or still running (readers of frame i wait
 * for it with trawl_document_wait_analysed), or NULL. */
TrawlAnalysis     *trawl_document_get_analysis     (TrawlDocument        *self);
gboolean           trawl_document_is_analysed      (TrawlDocument        *self);
gboolean           trawl_document_was_stopped      (TrawlDocument        *self);
/* The file's damage report, once indexed, or NULL. */
const char        *trawl_document_get_warning      (TrawlDocument        *self);

/* ---- dissection ---- */
/* Dissect @frame into @pkt (trawl_packet_init'ed by the caller, reused
 * frame after frame) as @opts ask, with the analysis when it has seen
 * the frame. */
void               trawl_document_fill             (TrawlDocument             *self,
                                                    guint32                    frame,
                                                    const TrawlDissectOptions *opts,
                                                    TrawlPacket               *pkt);
/* The same into a dissection of its own, which keeps the document
 * alive as long as somebody holds it. */
TrawlDissection   *trawl_document_dissect          (TrawlDocument             *self,
                                                    guint32                    frame,
                                                    const TrawlDissectOptions *opts);

G_END_DECLS
