/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-analysis.h: the facts that need earlier frames
 *
 * The analysis pass dissects every frame once, in order, without a tree,
 * with pkt->first_pass set; dissectors record what later random-order
 * dissections need (TCP stream numbers, initial sequence numbers, window
 * scale, protocol upgrades).  After the pass the analysis is read-only
 * and may be shared by any number of threads.
 */
#pragma once

#include <gio/gio.h>

#include "dissect/trawl-packet.h"

G_BEGIN_DECLS

typedef struct _TrawlTcpAnalysis TrawlTcpAnalysis;
typedef struct _TrawlCaptureFile TrawlCaptureFile;

struct _TrawlAnalysis
{
  guint32           n_frames;   /* frames it has room for: the pass covers at most these */
  TrawlTcpAnalysis *tcp;
  /* HTTP message pairing and TLS versions per stream, owned by http.c;
   * trawl_analysis_free() releases it with trawl_http_analysis_free(). */
  gpointer          http;
  /* DNS query/response pairs, owned by dns.c; trawl_analysis_free()
   * releases it with trawl_dns_analysis_free(). */
  gpointer          dns;
  /* ICMP/ICMPv6 echo request/reply pairs (trawl-icmp-analysis.c);
   * trawl_analysis_free() releases it with trawl_icmp_analysis_free(). */
  gpointer          icmp;
  /* IPv4/IPv6 fragments (trawl-ip-reassembly.c), made over the file by
   * trawl_analysis_run/start (NULL otherwise: no reassembly);
   * trawl_analysis_free() releases it with trawl_ip_reassembly_free(). */
  gpointer          ipfrag;
  /* Guards http, dns, icmp and ipfrag (and their lazy creation): their tables
   * grow, and earlier entries learn their pair, while output threads
   * beside a running pass (trawl_analysis_start) look them up. */
  GMutex            lock;
  /* Frames [0, n_done) are analysed (atomic); n_frames once it is over. */
  guint             n_done;
  GMutex            progress_lock;
  GCond             progress;
  guint             n_waiting;  /* threads in trawl_analysis_wait (progress_lock) */
  GCond             more;       /* a growing file has more frames (trawl_analysis_kick) */
  gint              kicked;     /* atomic: kicked since the pass last looked */
  GThread          *thread;     /* trawl_analysis_start's pass */
  gint              stop;       /* atomic: the pass should end early */
};

void           trawl_http_analysis_free (gpointer http);
void           trawl_dns_analysis_free  (gpointer dns);
void           trawl_icmp_analysis_free (gpointer icmp);

TrawlAnalysis *trawl_analysis_new   (void);
void           trawl_analysis_free  (TrawlAnalysis    *analysis);
/* Run the pass over every indexed frame of @file on a thread of its own
 * and return at once.  The index may still be running on another thread:
 * the pass follows it to its end.  Frames may be dissected (not in the first pass)
 * as soon as trawl_analysis_wait() says they are analysed; whatever they
 * show of later frames depends on how far the pass has got, so such
 * dissections set TrawlPacket.no_forward_refs.  trawl_analysis_free()
 * stops and joins the pass. */
TrawlAnalysis *trawl_analysis_start (TrawlCaptureFile *file);
/* Block until frames [0, @n) are analysed (at once for a finished
 * pass, or an analysis not made by trawl_analysis_start()). */
void           trawl_analysis_wait  (TrawlAnalysis    *analysis,
                                     guint32           n);
/* A live capture's pass follows its growing file for at most this many
 * frames (per-frame arrays are reserved, not touched, up front). */
#define TRAWL_ANALYSIS_GROWING_MAX (1u << 26)

/* End a pass started by trawl_analysis_start() early (the frames it
 * has not reached stay without analysis); readers stop waiting. */
void           trawl_analysis_stop  (TrawlAnalysis    *analysis);
/* A pass following a growing file: it has more frames to look at. */
void           trawl_analysis_kick  (TrawlAnalysis    *analysis);
/* Frames [0, n) analysed so far; complete once the pass is over (or the
 * analysis was not made by trawl_analysis_start()).  Inline: asked for
 * every frame a view dissects. */
static inline gboolean
trawl_analysis_is_complete (TrawlAnalysis *analysis)
{
  return (guint) g_atomic_int_get (&analysis->n_done) == G_MAXUINT;
}

static inline guint32
trawl_analysis_get_n_done (TrawlAnalysis *analysis)
{
  return MIN ((guint) g_atomic_int_get (&analysis->n_done), analysis->n_frames);
}

/* Run the pass over every indexed frame of @file. */
TrawlAnalysis *trawl_analysis_run   (TrawlCaptureFile *file,
                                     GCancellable     *cancellable,
                                     GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TrawlAnalysis, trawl_analysis_free)

/* The analysis lock (TrawlAnalysis.lock) for a few table operations.
 * The pass and the threads beside it take it for a lookup or an insert
 * at a time, so a thread that finds it taken spins a little before it
 * sleeps: a sleep and its wake-up are two system calls (26,000 of them
 * in a summary of 1,000,000 frames). */
static inline GMutexLocker *
trawl_analysis_locker (TrawlAnalysis *analysis)
{
  for (guint i = 0; i < 200; i++)
    {
      if (g_mutex_trylock (&analysis->lock))
        return (GMutexLocker *) &analysis->lock;  /* as g_mutex_locker_new() */
#if defined(__x86_64__) || defined(__i386__)
      __builtin_ia32_pause ();
#endif
    }
  return g_mutex_locker_new (&analysis->lock);
}

G_END_DECLS
