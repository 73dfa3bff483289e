/* SPDX-License-Identifier: GPL-3.0-or-later */
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

/* How ICMP or ICMPv6 names the pairing of its echo messages. */
typedef struct
{
  guint8      version;          /* 4 or 6 */
  guint16     type_word_diff;   /* added to a reply's complemented checksum
                                 * gives its request's (the types differ) */
  int         hf_resp_in, hf_resp_to, hf_resptime, hf_no_resp;
  const char *no_resp_expert;   /* "No response seen to ICMP request" */
  gboolean    expert_names_frame; /* ICMPv6 adds " in frame N" */
  const char *resptime_label;   /* "Response time" (ICMP), "Response Time" (ICMPv6) */
} TrawlIcmpEchoFields;

/* The echo message at @cur (type, code, checksum, identifier, sequence):
 * recorded in the first pass; afterwards its pair is shown as tshark -2
 * shows it, in the tree under @top and at the end of Info. */
void     trawl_icmp_echo_pairing    (TrawlPacket               *pkt,
                                     TrawlNode                 *top,
                                     TrawlCursor               *cur,
                                     gboolean                   reply,
                                     const TrawlIcmpEchoFields *fields);

G_END_DECLS
