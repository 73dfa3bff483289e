/* trawl-icmp-analysis.h: ICMP and ICMPv6 echo request/reply pairs
 *
 * Wireshark pairs an echo reply with the last unanswered request of the
 * same address pair, identifier, sequence number and checksum (the
 * request's, computed back from the reply's).  The analysis pass records
 * each echo message in frame order; afterwards any frame looks its pair
 * up by binary search.  Only echo messages cost memory.
 */
#pragma once

#include "analysis/trawl-analysis.h"

G_BEGIN_DECLS

typedef struct
{
  guint32 other;     /* the request of a reply, the reply of a request; 0 none */
  gint64  delta_ns;  /* reply: time since its request */
} TrawlIcmpEcho;

/* First pass: record the echo message of @pkt (addresses set).  @version
 * is 4 or 6; @request_cksum is the checksum the request has (for a
 * request its own, for a reply the one its request must have had). */
void     trawl_icmp_analysis_track  (TrawlPacket         *pkt,
                                     guint8               version,
                                     gboolean             reply,
                                     guint16              request_cksum,
                                     guint16              id,
                                     guint16              seq);
/* After the pass: FALSE when @number is not an echo message it saw. */
gboolean trawl_icmp_analysis_lookup (const TrawlAnalysis *analysis,
                                     guint32              number,
                                     TrawlIcmpEcho       *out);

G_END_DECLS
