/* trawl-analysis.c: the sequential pass that records cross-frame facts */
#include "config.h"

#include "trawl-analysis.h"
#include "trawl-tcp-analysis.h"
#include "dissect/trawl-dissect.h"
#include "file/trawl-capture-file.h"

/* How often the pass looks at the GCancellable: often enough to stop
 * within milliseconds, rarely enough to cost nothing. */
#define CANCEL_CHECK_INTERVAL 4096

/* How many frames ahead the pass prefetches packet bytes. */
#define PREFETCH_AHEAD 8

TrawlAnalysis *
trawl_analysis_new (void)
{
  TrawlAnalysis *analysis = g_new0 (TrawlAnalysis, 1);

  analysis->tcp = trawl_tcp_analysis_new (0);
  return analysis;
}

void
trawl_analysis_free (TrawlAnalysis *analysis)
{
  if (analysis == NULL)
    return;
  trawl_tcp_analysis_free (analysis->tcp);
  if (analysis->http)
    trawl_http_analysis_free (analysis->http);
  if (analysis->dns)
    trawl_dns_analysis_free (analysis->dns);
  if (analysis->icmp)
    trawl_icmp_analysis_free (analysis->icmp);
  g_free (analysis);
}

TrawlAnalysis *
trawl_analysis_run (TrawlCaptureFile *file,
                    GCancellable     *cancellable,
                    GError          **error)
{
  g_autoptr(TrawlAnalysis) analysis = NULL;
  g_autoptr(TrawlArena) arena = NULL;
  TrawlPacket pkt;
  guint32 n;

  g_return_val_if_fail (file != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  trawl_dissectors_init ();
  n = trawl_capture_file_get_n_frames (file);
  analysis = g_new0 (TrawlAnalysis, 1);
  analysis->n_frames = n;
  analysis->tcp = trawl_tcp_analysis_new (n);
  trawl_tcp_analysis_set_file (analysis->tcp, file);

  trawl_capture_file_populate (file);
  /* One arena and one packet for the whole pass: no allocation per frame. */
  arena = trawl_arena_new ();
  trawl_packet_init (&pkt, arena);
  for (guint32 i = 0; i < n; i++)
    {
      if (i % CANCEL_CHECK_INTERVAL == 0 &&
          g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          trawl_packet_clear (&pkt);
          return NULL;
        }
      /* The pass is bound by the first touch of each frame's bytes:
       * ask for a later frame's first cache lines early. */
      if (i + PREFETCH_AHEAD < n)
        {
          const guint8 *ahead = trawl_capture_file_get_data (file, i + PREFETCH_AHEAD);
          __builtin_prefetch (ahead);
          __builtin_prefetch (ahead + 64);
        }
      trawl_capture_file_fill_packet (file, i, &pkt);
      pkt.analysis = analysis;
      pkt.first_pass = TRUE;
      pkt.want_tree = FALSE;
      pkt.want_columns = FALSE;
      trawl_dissect_frame (&pkt);
    }
  trawl_packet_clear (&pkt);
  return g_steal_pointer (&analysis);
}
