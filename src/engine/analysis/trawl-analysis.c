/* trawl-analysis.c: placeholder */
#include "config.h"

#include "trawl-analysis.h"

TrawlAnalysis *trawl_analysis_run (TrawlCaptureFile *file, GCancellable *c, GError **e) { return NULL; }
void trawl_analysis_free (TrawlAnalysis *a) {}
