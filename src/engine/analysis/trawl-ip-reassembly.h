/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-ip-reassembly.h: IPv4 and IPv6 fragments put back together
 *
 * As Wireshark does with its default preferences (ip.defragment and
 * ipv6.defragment on): fragments with the same addresses, identification
 * (and, for IPv4, protocol) make one datagram; it is complete once a
 * fragment without "more fragments" gave its length and the fragments
 * cover every byte before it, in any order; overlaps keep the bytes that
 * came first in offset order; a fragment of a datagram already completed
 * starts a new one.
 *
 * The analysis pass records, per fragment, only where its bytes are
 * (frame, offset in the frame, offset in the datagram, length): 28 bytes
 * per fragment and nothing per other frame.  Any later dissection of the
 * completing frame, in any order and on any thread, reads the fragments'
 * bytes again from the capture and rebuilds the datagram in its arena.
 */
#pragma once

#include "analysis/trawl-analysis.h"

G_BEGIN_DECLS

typedef struct _TrawlIpReassembly TrawlIpReassembly;

/* Bytes of frame @number (1-based), or NULL; *@caplen set. */
typedef const guint8 *(*TrawlFrameBytesFunc) (gpointer  data,
                                              guint32   number,
                                              guint32  *caplen);

/* What a fragment says about itself. */
typedef struct
{
  guint8       version;    /* 4 or 6 */
  guint8       proto;      /* IPv4 protocol (part of the key); 0 for IPv6 */
  gboolean     more;       /* more fragments follow */
  TrawlAddress src, dst;
  guint32      id;         /* identification */
  guint32      offset;     /* in the datagram, bytes */
  guint32      len;        /* payload bytes of this fragment */
  guint32      frame_off;  /* where they start in the frame's bytes */
} TrawlIpFragment;

/* Wireshark's fragment flags, as shown under a fragment. */
typedef enum
{
  TRAWL_FRAG_OVERLAP          = 1 << 0,
  TRAWL_FRAG_OVERLAP_CONFLICT = 1 << 1,
  TRAWL_FRAG_MULTIPLE_TAILS   = 1 << 2,
  TRAWL_FRAG_TOO_LONG         = 1 << 3,
} TrawlFragFlags;

typedef struct
{
  guint32 frame;
  guint32 offset;
  guint32 len;
  guint8  flags;           /* TrawlFragFlags */
} TrawlFragPiece;

/* What a fragment is to its datagram. */
typedef struct
{
  guint32         reassembled_in;  /* frame that completes it; 0: none (yet) */
  /* When this frame completes it (reassembled_in == the frame): */
  const guint8   *data;            /* the datagram's payload, in the arena */
  guint32         len;
  const TrawlFragPiece *pieces;    /* in offset order, in the arena */
  guint32         n_pieces;
  guint8          flags;           /* union of the pieces' TrawlFragFlags */
} TrawlIpReassembled;

/* Over @bytes (called for frames already recorded; @data outlives it). */
TrawlIpReassembly *trawl_ip_reassembly_new  (TrawlFrameBytesFunc bytes,
                                             gpointer            data,
                                             GDestroyNotify      destroy);
/* Over the frames of @file (kept referenced). */
TrawlIpReassembly *trawl_ip_reassembly_new_for_file (TrawlCaptureFile *file);
void               trawl_ip_reassembly_free (gpointer           reassembly);

/* The first pass records @frag of @pkt (once per frame); every pass
 * then fills @out.  FALSE when @pkt's analysis has no reassembly or
 * does not know this fragment (the pass has not reached it). */
gboolean           trawl_ip_reassembly_add  (TrawlPacket           *pkt,
                                             const TrawlIpFragment *frag,
                                             TrawlIpReassembled    *out);

/* Fragments recorded (for tests and the memory budget). */
guint32            trawl_ip_reassembly_n_fragments (TrawlIpReassembly *reassembly);
gsize              trawl_ip_reassembly_fragment_size (void);

G_END_DECLS

G_BEGIN_DECLS

/* How IPv4 or IPv6 names the fields of its reassembly. */
typedef struct
{
  int        *hf_fragments, *hf_fragment, *hf_overlap, *hf_overlap_conflict,
             *hf_multiple_tails, *hf_too_long, *hf_error, *hf_count,
             *hf_reassembled_in, *hf_reassembled_length, *hf_reassembled_data;
  const char *fragment_name;   /* "IPv4 Fragment" */
  const char *fragments_name;  /* "IPv4 Fragments" */
  const char *source_name;     /* "Reassembled IPv4" */
} TrawlIpFragFields;

/* The datagram @r that this frame completes, as tshark shows it under
 * @top ("[3 IPv4 Fragments (3008 bytes): #3(1480), ...]"); returns a
 * cursor over it, a data source of its own (@rcur). */
void     trawl_ip_fragments_show        (TrawlPacket              *pkt,
                                         TrawlNode                *top,
                                         const TrawlIpReassembled *r,
                                         const TrawlIpFragFields  *fields,
                                         TrawlCursor              *rcur);
/* A fragment that some later frame completes: "[Reassembled IPv4 in
 * frame: N]" (not in tshark's single pass, which cannot know it). */
void     trawl_ip_fragments_show_in     (TrawlPacket              *pkt,
                                         TrawlNode                *top,
                                         TrawlCursor              *cur,
                                         const TrawlIpReassembled *r,
                                         const TrawlIpFragFields  *fields);

G_END_DECLS
