/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-filter-run.h: which frames of a capture match
 *
 * Evaluates a display filter and/or a BPF filter over every indexed frame,
 * in ranges, on worker threads, dissecting only what the filter needs;
 * the result is the ascending list of matching frame indices (0-based),
 * which the packet list and trawl-cli show.
 *
 * Limitation: "displayed" fields (frame.time_delta_displayed) depend on
 * which earlier frames matched, so a filter that reads one is evaluated
 * in order on one thread, as tshark's single pass does.
 */
#pragma once

#include <gio/gio.h>

#include "analysis/trawl-analysis.h"
#include "file/trawl-capture-file.h"
#include "filter/trawl-bpf-filter.h"
#include "filter/trawl-display-filter.h"

G_BEGIN_DECLS

/* Frames per range handed to a worker at a time (an eighth of it while
 * the analysis pass is still running). */
#define TRAWL_FILTER_RUN_RANGE 16384

/* Returns a GArray of guint32, or NULL on cancellation/error.
 * @dfilter and @bpf may each be NULL; @n_threads 0 means one per core. */
GArray *trawl_filter_run      (TrawlCaptureFile   *file,
                               TrawlAnalysis      *analysis,
                               TrawlDisplayFilter *dfilter,
                               TrawlBpfFilter     *bpf,
                               guint               n_threads,
                               GCancellable       *cancellable,
                               GError            **error);
/* Same over frames [@first, @end) only (clamped to the indexed frames):
 * trawl-cli's -c N reads N frames; a live capture filters what was just
 * appended.  Indices in the result are absolute.  When @progress is not
 * NULL, the frames of each range are added to it (atomically) as the
 * range is done: a window's progress bar. */
GArray *trawl_filter_run_range (TrawlCaptureFile   *file,
                                TrawlAnalysis      *analysis,
                                TrawlDisplayFilter *dfilter,
                                TrawlBpfFilter     *bpf,
                                guint32             first,
                                guint32             end,
                                guint               n_threads,
                                gint               *progress,
                                GCancellable       *cancellable,
                                GError            **error);

G_END_DECLS
