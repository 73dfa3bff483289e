/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-tcp-analysis.h: TCP streams and UDP conversations across frames
 *
 * The first pass (pkt->first_pass) calls the *_track functions once per
 * segment or datagram, in frame order; they number the streams the way
 * Wireshark does and keep the little that a later, random-order
 * dissection needs: one small record per frame plus one struct per
 * stream.  The *_lookup functions only read, so any thread may call them
 * once the pass is over.
 */
#pragma once

#include "dissect/trawl-packet.h"

G_BEGIN_DECLS

#include "analysis/trawl-analysis.h"
#include "analysis/trawl-tcp-reassembly.h"

/* Wireshark's TCP_A_* analysis flags (only those we compute). */
typedef enum
{
  TRAWL_TCP_A_RETRANSMISSION  = 0x0001,
  TRAWL_TCP_A_LOST_PACKET     = 0x0002,
  TRAWL_TCP_A_ACK_LOST_PACKET = 0x0004,
  TRAWL_TCP_A_KEEP_ALIVE      = 0x0008,
  TRAWL_TCP_A_DUPLICATE_ACK   = 0x0010,
  TRAWL_TCP_A_ZERO_WINDOW     = 0x0020,
  TRAWL_TCP_A_KEEP_ALIVE_ACK  = 0x0100,
  TRAWL_TCP_A_WINDOW_UPDATE   = 0x0800,
  TRAWL_TCP_A_WINDOW_FULL     = 0x1000,
  TRAWL_TCP_A_REUSED_PORTS    = 0x2000,
  TRAWL_TCP_A_SPURIOUS_RETRANSMISSION = 0x4000,
} TrawlTcpAnalysisFlags;

/* What a segment looks like to the analysis. */
typedef struct
{
  guint32 seq, ack;        /* raw */
  guint32 seglen;
  guint16 flags;           /* the 12 flag bits */
  guint16 window;          /* unscaled */
  gint8   wscale_opt;      /* shift from a window-scale option, or -1 */
  gboolean have_seglen;    /* FALSE when the header is longer than the segment */
  guint8  n_sack;          /* SACK blocks (raw edges), at most 4 */
  guint32 sack_le[4], sack_re[4];
} TrawlTcpSegment;

/* What a dissection of a segment learns from the analysis. */
typedef struct
{
  guint32  stream;
  gboolean from_client;
  gboolean seq_base_set, ack_base_set;
  guint32  seq_base, ack_base;   /* subtract from raw seq / ack */
  gint     win_scale;            /* sender's: -1 unknown, -2 none, else shift */
  guint16  server_port;          /* 0 when no SYN was seen */
  guint8   app;                  /* TrawlTcpApp in force for this frame */
  guint8   completeness;         /* tcp.completeness as of this frame */
  gint64   time_relative;        /* ns since the stream's first frame */
  gint64   time_delta;           /* ns since the stream's previous frame */
  /* SEQ/ACK analysis of this frame */
  guint32  acks_frame;           /* 0: none */
  gint64   ack_rtt;
  gboolean have_irtt;
  gint64   irtt;
  gboolean have_bif;
  guint32  bytes_in_flight;
  guint32  push_bytes_sent;
  guint16  aflags;               /* TrawlTcpAnalysisFlags */
  guint32  dupack_num, dupack_frame;
  gboolean fin_passive;          /* a FIN: the other side closed first */
  gboolean reassembled;          /* took part in reassembly (trawl_tcp_reassembly_lookup) */
} TrawlTcpLookup;

/* PDU tracking (Wireshark's tcp_dissect_pdus with desegmentation off):
 * what a segment's payload is to the PDUs announced before it. */
typedef struct
{
  guint32 continuation_to;  /* first frame of the PDU this segment continues, 0 none */
  guint32 skip;             /* payload bytes that belong to it; G_MAXUINT32: all */
  guint32 last_frame;       /* this frame started a PDU past its end: the PDU's last frame */
  gint64  pdu_time;         /* ns from this frame to last_frame */
} TrawlTcpPduLookup;

typedef struct
{
  guint32 stream;
  gint64  time_relative;
  gint64  time_delta;
} TrawlUdpLookup;

TrawlTcpAnalysis *trawl_tcp_analysis_new       (guint32           n_frames_hint);
void              trawl_tcp_analysis_free      (TrawlTcpAnalysis *ta);
/* Frame times come from @file's index (kept referenced); without a file the
 * first pass records them itself. */
void              trawl_tcp_analysis_set_file  (TrawlTcpAnalysis *ta,
                                                TrawlCaptureFile *file);

/* First pass: record @seg of @pkt (addresses and ports set) and fill @out. */
void              trawl_tcp_analysis_track     (TrawlTcpAnalysis      *ta,
                                                const TrawlPacket     *pkt,
                                                const TrawlTcpSegment *seg,
                                                TrawlTcpLookup        *out);
/* Any pass after the frame was tracked: FALSE if it never was. */
gboolean          trawl_tcp_analysis_lookup    (const TrawlTcpAnalysis *ta,
                                                const TrawlPacket      *pkt,
                                                TrawlTcpLookup         *out);
/* First pass: from the frame after @number on, stream @stream carries @app. */
void              trawl_tcp_analysis_set_app   (TrawlTcpAnalysis *ta,
                                                guint32           stream,
                                                guint8            app,
                                                guint32           number);
/* First pass, after _track and before the payload is handed up: does
 * the segment [@seq, @nxtseq) (raw) fall inside a PDU that an earlier
 * segment of its direction announced? */
void              trawl_tcp_analysis_scan_pdu  (TrawlTcpAnalysis      *ta,
                                                const TrawlPacket     *pkt,
                                                guint32                seq,
                                                guint32                nxtseq,
                                                TrawlTcpPduLookup     *out);
/* First pass, after the payload was handed up: a PDU announced in this
 * segment (starting at raw @seq) ends at raw @nxtpdu, past the segment. */
void              trawl_tcp_analysis_store_pdu (TrawlTcpAnalysis      *ta,
                                                const TrawlPacket     *pkt,
                                                guint32                seq,
                                                guint32                nxtpdu);
/* Any pass after the first: FALSE when the frame has no PDU facts. */
gboolean          trawl_tcp_analysis_lookup_pdu (const TrawlTcpAnalysis *ta,
                                                 const TrawlPacket      *pkt,
                                                 TrawlTcpPduLookup      *out);
guint32           trawl_tcp_analysis_n_streams (const TrawlTcpAnalysis *ta);

void              trawl_udp_analysis_track     (TrawlTcpAnalysis  *ta,
                                                const TrawlPacket *pkt,
                                                TrawlUdpLookup    *out);
gboolean          trawl_udp_analysis_lookup    (const TrawlTcpAnalysis *ta,
                                                const TrawlPacket      *pkt,
                                                TrawlUdpLookup         *out);

/* A datagram quoted by an ICMP error (pkt->in_error_pkt): its stream,
 * found or made as tshark does, without touching the stream's times.
 * The first pass records it for the error frame; later passes look it
 * up (FALSE when the frame has none). */
guint32           trawl_udp_analysis_track_quoted  (TrawlTcpAnalysis       *ta,
                                                    const TrawlPacket      *pkt);
gboolean          trawl_udp_analysis_lookup_quoted (const TrawlTcpAnalysis *ta,
                                                    const TrawlPacket      *pkt,
                                                    guint32                *stream);

/* The reassembly of the streams' PDUs (trawl-tcp-reassembly.h). */
TrawlTcpReassembly *trawl_tcp_analysis_get_reassembly (TrawlTcpAnalysis *ta);
/* The file frames are read from again, or NULL for a bare analysis. */
TrawlCaptureFile  *trawl_tcp_analysis_get_file  (TrawlTcpAnalysis *ta);
/* First pass: frame @number took part in reassembly. */
void              trawl_tcp_analysis_mark_reassembled (TrawlTcpAnalysis *ta,
                                                       guint32           number);

/* Bytes of analysis memory per frame (for the memory budget test). */
gsize             trawl_tcp_analysis_frame_size (void);

G_END_DECLS
