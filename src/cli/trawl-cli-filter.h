/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-cli-filter.h: trawl-cli's -Y, -R, -f and --explain-filter */
#pragma once

#include "analysis/trawl-analysis.h"
#include "file/trawl-capture-file.h"
#include "filter/trawl-bpf-filter.h"
#include "filter/trawl-display-filter.h"

G_BEGIN_DECLS

typedef struct
{
  const char         *display_text;  /* -Y (or -R with -2) */
  const char         *bpf_text;      /* -f */
  const char         *read_filter;   /* -R: tshark wants -2 with it */
  gboolean            two_pass;      /* -2 */
  TrawlDisplayFilter *dfilter;
  TrawlBpfFilter     *bpf;
  GArray             *matches;       /* guint32 frame indices, or NULL: all */
} CliFilter;

/* Compile the filters given; on error print it as tshark does (message,
 * the filter, a caret under the place) and return the exit status (1 or
 * 2), or 0 when all is well. */
int      cli_filter_compile  (CliFilter        *self);
static inline gboolean
cli_filter_active (const CliFilter *self)
{
  return self->dfilter != NULL || self->bpf != NULL;
}
/* With a filter: find the matching frames among the first *@limit (as
 * tshark, -c counts frames read, not frames shown) and set *@limit to
 * their number.  FALSE after printing an error. */
gboolean cli_filter_apply    (CliFilter        *self,
                              TrawlCaptureFile *file,
                              TrawlAnalysis    *analysis,
                              guint32          *limit);
/* The frame index of the @k-th frame to show. */
static inline guint32
cli_filter_frame (const CliFilter *self,
                  guint32          k)
{
  return self->matches ? g_array_index (self->matches, guint32, k) : k;
}
/* Point the previous displayed frame (frame.time_delta_displayed) of
 * @opts at the frame shown before the @k-th, as tshark does. */
void     cli_filter_prev_displayed (const CliFilter     *self,
                                    TrawlCaptureFile    *file,
                                    guint32              k,
                                    TrawlDissectOptions *opts);
void     cli_filter_clear    (CliFilter        *self);
/* --explain-filter: print the parsed and compiled form; exit status. */
int      cli_explain_filter  (const char       *text);

G_END_DECLS
