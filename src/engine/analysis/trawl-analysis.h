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
  guint32           n_frames;
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
};

void           trawl_http_analysis_free (gpointer http);
void           trawl_dns_analysis_free  (gpointer dns);
void           trawl_icmp_analysis_free (gpointer icmp);

TrawlAnalysis *trawl_analysis_new   (void);
void           trawl_analysis_free  (TrawlAnalysis    *analysis);
/* Run the pass over every indexed frame of @file. */
TrawlAnalysis *trawl_analysis_run   (TrawlCaptureFile *file,
                                     GCancellable     *cancellable,
                                     GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TrawlAnalysis, trawl_analysis_free)

G_END_DECLS
