/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-analysis.c: the sequential pass that records cross-frame facts */
#include "config.h"

#include "trawl-analysis.h"
#include "trawl-tcp-analysis.h"
#include "trawl-ip-reassembly.h"
#include "dissect/trawl-dissect.h"
#include "file/trawl-capture-file.h"

/* How often the pass looks at the GCancellable: often enough to stop
 * within milliseconds, rarely enough to cost nothing. */
#define CANCEL_CHECK_INTERVAL 4096

/* How many frames ahead the pass prefetches packet bytes. */
#define PREFETCH_AHEAD 8

/* Frames between two progress reports of a pass run by
 * trawl_analysis_start(): readers wait for whole blocks. */
#define PROGRESS_INTERVAL 1024

static TrawlAnalysis *
analysis_alloc (guint32 n_frames)
{
  TrawlAnalysis *analysis = g_new0 (TrawlAnalysis, 1);

  analysis->n_frames = n_frames;
  analysis->tcp = trawl_tcp_analysis_new (n_frames);
  g_mutex_init (&analysis->lock);
  g_mutex_init (&analysis->progress_lock);
  g_cond_init (&analysis->progress);
  g_cond_init (&analysis->more);
  /* Not started: complete as far as anybody waiting is concerned. */
  analysis->n_done = G_MAXUINT;
  return analysis;
}

TrawlAnalysis *
trawl_analysis_new (void)
{
  return analysis_alloc (0);
}

void
trawl_analysis_free (TrawlAnalysis *analysis)
{
  if (analysis == NULL)
    return;
  if (analysis->thread != NULL)
    {
      g_atomic_int_set (&analysis->stop, 1);
      g_thread_join (analysis->thread);
    }
  trawl_tcp_analysis_free (analysis->tcp);
  if (analysis->http)
    trawl_http_analysis_free (analysis->http);
  if (analysis->dns)
    trawl_dns_analysis_free (analysis->dns);
  if (analysis->icmp)
    trawl_icmp_analysis_free (analysis->icmp);
  trawl_ip_reassembly_free (analysis->ipfrag);
  g_mutex_clear (&analysis->lock);
  g_mutex_clear (&analysis->progress_lock);
  g_cond_clear (&analysis->progress);
  g_cond_clear (&analysis->more);
  g_free (analysis);
}

static void
publish_progress (TrawlAnalysis *analysis,
                  guint          n_done)
{
  g_mutex_lock (&analysis->progress_lock);
  g_atomic_int_set (&analysis->n_done, n_done);
  /* A wake-up is a system call: only when somebody waits. */
  if (analysis->n_waiting > 0)
    g_cond_broadcast (&analysis->progress);
  g_mutex_unlock (&analysis->progress_lock);
}

void
trawl_analysis_wait (TrawlAnalysis *analysis,
                     guint32        n)
{
  g_return_if_fail (analysis != NULL);

  if ((guint) g_atomic_int_get (&analysis->n_done) >= n)
    return;
  g_mutex_lock (&analysis->progress_lock);
  analysis->n_waiting++;
  while ((guint) g_atomic_int_get (&analysis->n_done) < n)
    g_cond_wait (&analysis->progress, &analysis->progress_lock);
  analysis->n_waiting--;
  g_mutex_unlock (&analysis->progress_lock);
}

/* The indexed frames, once there are more than @i of them or the index
 * is complete (or the pass is told to stop): a pass may follow an index
 * still running on another thread (trawl_analysis_start). */
static guint32
frames_after (TrawlAnalysis    *analysis,
              TrawlCaptureFile *file,
              guint32           i)
{
  for (;;)
    {
      /* The flag first: once it is set, the count is final. */
      gboolean complete = trawl_capture_file_is_indexed (file);
      guint32 n = MIN (trawl_capture_file_get_n_frames (file), analysis->n_frames);

      if (n > i || complete || g_atomic_int_get (&analysis->stop))
        return n;
      if (trawl_capture_file_is_growing (file))
        {
          /* A live capture: frames come when the writer writes them;
           * trawl_analysis_kick () says when. */
          gint64 until = g_get_monotonic_time () + 50 * G_TIME_SPAN_MILLISECOND;

          g_mutex_lock (&analysis->progress_lock);
          if (!g_atomic_int_get (&analysis->kicked))
            g_cond_wait_until (&analysis->more, &analysis->progress_lock, until);
          g_atomic_int_set (&analysis->kicked, 0);
          g_mutex_unlock (&analysis->progress_lock);
          continue;
        }
      /* Rare: the index is many times faster than the pass. */
      g_usleep (100);
    }
}

/* The pass records facts and builds no tree and no columns. */
static const TrawlDissectOptions pass_options = { .first_pass = TRUE };

/* The pass itself; FALSE when cancelled or stopped. */
static gboolean
run_pass (TrawlAnalysis    *analysis,
          TrawlCaptureFile *file,
          GCancellable     *cancellable,
          gboolean          report)
{
  g_autoptr(TrawlArena) arena = trawl_arena_new ();
  guint32 n = 0;
  TrawlPacket pkt;

  trawl_capture_file_populate (file);
  /* One arena and one packet for the whole pass: no allocation per frame. */
  trawl_packet_init (&pkt, arena);
  for (guint32 i = 0;; i++)
    {
      if (i >= n)
        {
          /* Caught up with the index: say so before waiting for it (a
           * live capture's few frames must not wait for a whole block). */
          if (report && i > 0)
            publish_progress (analysis, i);
          if ((n = frames_after (analysis, file, i)) <= i)
            break;
        }
      if (i % CANCEL_CHECK_INTERVAL == 0 &&
          (g_cancellable_is_cancelled (cancellable) || g_atomic_int_get (&analysis->stop)))
        {
          trawl_packet_clear (&pkt);
          return FALSE;
        }
      if (report && i % PROGRESS_INTERVAL == 0)
        publish_progress (analysis, i);
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
      trawl_packet_set_options (&pkt, &pass_options);
      trawl_dissect_frame (&pkt);
    }

  trawl_packet_clear (&pkt);
  return TRUE;
}

TrawlAnalysis *
trawl_analysis_run (TrawlCaptureFile *file,
                    GCancellable     *cancellable,
                    GError          **error)
{
  g_autoptr(TrawlAnalysis) analysis = NULL;

  g_return_val_if_fail (file != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  trawl_dissectors_init ();
  analysis = analysis_alloc (trawl_capture_file_get_n_frames (file));
  trawl_tcp_analysis_set_file (analysis->tcp, file);
  analysis->ipfrag = trawl_ip_reassembly_new_for_file (file);
  if (!run_pass (analysis, file, cancellable, FALSE))
    {
      g_cancellable_set_error_if_cancelled (cancellable, error);
      return NULL;
    }
  return g_steal_pointer (&analysis);
}

typedef struct
{
  TrawlAnalysis    *analysis;
  TrawlCaptureFile *file;
} StartData;

static gpointer
start_thread (gpointer data)
{
  StartData *sd = data;
  gint64 t0 = g_get_monotonic_time ();

  run_pass (sd->analysis, sd->file, NULL, TRUE);
  if (g_getenv ("TRAWL_DEBUG_TIMING"))
    g_printerr ("trawl: analysis pass %.1f ms\n", (g_get_monotonic_time () - t0) / 1000.0);
  /* Done or stopped: nobody may wait any longer. */
  publish_progress (sd->analysis, G_MAXUINT);
  g_object_unref (sd->file);
  g_free (sd);
  return NULL;
}

TrawlAnalysis *
trawl_analysis_start (TrawlCaptureFile *file)
{
  TrawlAnalysis *analysis;
  StartData *sd;
  guint32 n_max;

  g_return_val_if_fail (file != NULL, NULL);

  trawl_dissectors_init ();
  /* While the index runs, room for as many frames as the file could
   * hold (a pcap record takes 16 bytes and more): the per-frame arrays
   * must not move under readers, and pages not written cost nothing.
   * A live capture gets a fixed room (TRAWL_ANALYSIS_GROWING_MAX). */
  if (trawl_capture_file_is_indexed (file))
    n_max = trawl_capture_file_get_n_frames (file);
  else if (trawl_capture_file_is_growing (file))
    n_max = TRAWL_ANALYSIS_GROWING_MAX;
  else
    n_max = (guint32) MIN (trawl_capture_file_get_size (file) / 16 + 1, G_MAXUINT32);
  analysis = analysis_alloc (n_max);
  trawl_tcp_analysis_set_file (analysis->tcp, file);
  analysis->ipfrag = trawl_ip_reassembly_new_for_file (file);
  analysis->n_done = 0;
  sd = g_new0 (StartData, 1);
  sd->analysis = analysis;
  sd->file = g_object_ref (file);
  analysis->thread = g_thread_new ("trawl-analysis", start_thread, sd);
  return analysis;
}

void
trawl_analysis_kick (TrawlAnalysis *analysis)
{
  g_return_if_fail (analysis != NULL);

  g_mutex_lock (&analysis->progress_lock);
  g_atomic_int_set (&analysis->kicked, 1);
  g_cond_signal (&analysis->more);
  g_mutex_unlock (&analysis->progress_lock);
}

void
trawl_analysis_stop (TrawlAnalysis *analysis)
{
  g_return_if_fail (analysis != NULL);

  g_atomic_int_set (&analysis->stop, 1);
  trawl_analysis_kick (analysis);
}
