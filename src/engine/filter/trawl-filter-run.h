/* trawl-filter-run.h: which frames of a capture match
 *
 * Evaluates a display filter and/or a BPF filter over every indexed frame,
 * in ranges, on worker threads, dissecting only what the filter needs;
 * the result is the ascending list of matching frame indices (0-based),
 * which the packet list and trawl-cli show.
 */
#pragma once

#include <gio/gio.h>

#include "analysis/trawl-analysis.h"
#include "file/trawl-capture-file.h"
#include "filter/trawl-bpf-filter.h"
#include "filter/trawl-display-filter.h"

G_BEGIN_DECLS

/* Returns a GArray of guint32, or NULL on cancellation/error.
 * @dfilter and @bpf may each be NULL; @n_threads 0 means one per core. */
GArray *trawl_filter_run (TrawlCaptureFile   *file,
                          TrawlAnalysis      *analysis,
                          TrawlDisplayFilter *dfilter,
                          TrawlBpfFilter     *bpf,
                          guint               n_threads,
                          GCancellable       *cancellable,
                          GError            **error);

G_END_DECLS
