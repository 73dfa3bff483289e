/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-tcp-reassembly.h: TCP segments joined into the PDUs above them
 *
 * Wireshark's desegmentation: a protocol over TCP that finds its PDU cut
 * by the end of a segment asks for more bytes (trawl_tcp_desegment() in
 * dissect/trawl-tcp.h); the first pass gathers the following segments of
 * that direction until the PDU is whole, hands it up again, and records
 * which frames (and which bytes of them) make it.  Later dissections of
 * any frame, in any order and on any thread, read those records and
 * rebuild the PDU from the capture file's frames.
 *
 * What stays after the first pass is small: per PDU one Pdu record (16
 * bytes) and one segment reference (12 bytes) per frame in it, and one
 * 16-byte record per frame that takes part.  Bytes are kept only while a
 * PDU is incomplete (bounded: TRAWL_TCP_REASM_MAX_PDU), or for a bare
 * analysis without a capture file to read them from again.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _TrawlTcpReassembly TrawlTcpReassembly;
typedef struct _TrawlCaptureFile   TrawlCaptureFile;

/* desegment "more" value: the PDU's length is not known yet, the next
 * segment may complete it (Wireshark's DESEGMENT_ONE_MORE_SEGMENT). */
#define TRAWL_TCP_ONE_MORE_SEGMENT G_MAXUINT32
/* No desegmentation asked. */
#define TRAWL_TCP_NO_DESEGMENT G_MAXUINT32

/* Larger PDUs are given up (their frames stay plain segments). */
#define TRAWL_TCP_REASM_MAX_PDU (64u << 20)

/* Where the bytes of one segment of a PDU are. */
typedef struct
{
  guint32 frame;   /* 1-based */
  guint32 off;     /* in the frame's captured bytes */
  guint32 len;
} TrawlTcpSegRef;

/* What reassembly did with one segment's payload. */
typedef struct
{
  guint32       cont_pdu;   /* PDU + 1 that the payload's start belongs to, 0 none */
  guint32       cont_len;   /* payload bytes from the start that it took (or that
                             * repeat bytes it has: not handed up again) */
  guint32       start_pdu;  /* PDU + 1 that starts in this frame and ends later, 0 none */
  gboolean      done;       /* cont_pdu is complete with this frame */
  /* first pass only */
  gboolean      ready;      /* cont_pdu has the bytes it asked for: hand them up */
  const guint8 *data;       /* with ready: the PDU so far */
  guint32       len;
} TrawlTcpReasmResult;

TrawlTcpReassembly *trawl_tcp_reassembly_new   (void);
void                trawl_tcp_reassembly_free  (TrawlTcpReassembly *r);

/* First pass, per segment with payload, in frame order: @flow names the
 * stream and direction.  Fills @res; with res->ready the caller hands
 * res->data up and calls trawl_tcp_reassembly_handed(). */
void     trawl_tcp_reassembly_segment (TrawlTcpReassembly  *r,
                                       guint64              flow,
                                       guint32              frame,
                                       guint32              seq,
                                       const guint8        *payload,
                                       guint32              len,
                                       guint32              frame_off,
                                       TrawlTcpReasmResult *res);
/* First pass: the PDU handed up asked for @more bytes past its end at
 * @deseg_off (TRAWL_TCP_NO_DESEGMENT: it is complete). */
void     trawl_tcp_reassembly_handed  (TrawlTcpReassembly  *r,
                                       guint64              flow,
                                       guint32              frame,
                                       guint32              deseg_off,
                                       guint32              more,
                                       TrawlTcpReasmResult *res);
/* First pass: payload bytes not taken by a PDU were handed up and asked
 * for @more past the segment's end from raw sequence number @seq on. */
void     trawl_tcp_reassembly_start   (TrawlTcpReassembly  *r,
                                       guint64              flow,
                                       guint32              frame,
                                       guint32              seq,
                                       const guint8        *bytes,
                                       guint32              n,
                                       guint32              frame_off,
                                       guint32              more,
                                       TrawlTcpReasmResult *res);
/* First pass: keep @res for @frame (frames must come in order). */
void     trawl_tcp_reassembly_record  (TrawlTcpReassembly        *r,
                                       guint32                    frame,
                                       const TrawlTcpReasmResult *res);

/* Any later pass: FALSE when @frame took no part in a PDU. */
gboolean trawl_tcp_reassembly_lookup  (TrawlTcpReassembly  *r,
                                       guint32              frame,
                                       TrawlTcpReasmResult *res);
/* The frame that completed PDU @pdu (index + 1), 0 when none (yet). */
guint32  trawl_tcp_reassembly_done_in (TrawlTcpReassembly  *r,
                                       guint32              pdu);
/* The segments of completed PDU @pdu (index + 1), copied into @segs
 * (g_free it); FALSE when it is not complete. */
gboolean trawl_tcp_reassembly_segments (TrawlTcpReassembly  *r,
                                        guint32              pdu,
                                        TrawlTcpSegRef     **segs,
                                        guint32             *n_segs,
                                        guint32             *len);
/* The bytes of completed PDU @pdu read again from @file's frames (or
 * from the copy a bare analysis keeps): @len bytes in @buf, which must
 * hold them.  FALSE when a frame is missing or shorter than recorded. */
gboolean trawl_tcp_reassembly_rebuild (TrawlTcpReassembly   *r,
                                       TrawlCaptureFile     *file,
                                       guint32               pdu,
                                       const TrawlTcpSegRef *segs,
                                       guint32               n_segs,
                                       guint8               *buf,
                                       guint32               len);
/* Whether completed PDUs keep their bytes (a bare analysis, without a
 * capture file to read frames from again: the default). */
void     trawl_tcp_reassembly_set_keep (TrawlTcpReassembly *r,
                                        gboolean            keep);
/* Bytes still held for incomplete PDUs (for tests of the bound). */
gsize    trawl_tcp_reassembly_pending_bytes (TrawlTcpReassembly *r);

G_END_DECLS
