/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-tcp-analysis.c: TCP streams and UDP conversations across frames
 *
 * Streams are numbered as Wireshark numbers its TCP/UDP conversations: by
 * (address, port) pairs in frame order, with a new TCP stream when a SYN
 * arrives whose sequence number differs from the base of the stream that
 * has the same endpoints (port reuse).  Relative numbers use Wireshark's
 * bases: the ISN when the first segment of a direction is a SYN, seq - 1
 * otherwise; the other side's base is ack - 1 from the first ACK seen when
 * no segment of that side came first.
 *
 * Memory: one FrameRec (24 bytes) per frame (duplicate ACKs, which are
 * rare, keep their details in a side table), one compact TcpStream
 * (~150 bytes) per stream in chunked arrays (no allocation per stream),
 * and an open-addressing index of 4 bytes per slot from endpoints to
 * stream.  The unacknowledged segments of the SEQ/ACK analysis come from
 * one pool (16 bytes each, recycled), not from malloc per segment.
 */
#include "config.h"

#include <string.h>

#include "trawl-tcp-analysis.h"
#include "trawl-tcp-reassembly.h"
#include "analysis/trawl-analysis.h"
#include "file/trawl-capture-file.h"
#include "file/trawl-big-alloc.h"

#define TH_FIN 0x01
#define TH_SYN 0x02
#define TH_RST 0x04
#define TH_PUSH 0x08
#define TH_ACK 0x10

#define MAX_UNACKED 10000

#define GT_SEQ(x, y) ((gint32) ((y) - (x)) < 0)
#define LT_SEQ(x, y) ((gint32) ((x) - (y)) < 0)

enum
{
  KIND_NONE,
  KIND_TCP,
  KIND_UDP,
  KIND_UDP_QUOTED,   /* an ICMP error quoting a UDP datagram: its stream */
};

enum
{
  REC_HAVE_TA  = 1 << 0,  /* Wireshark made a tcp_acked for it: show SEQ/ACK */
  REC_HAVE_BIF = 1 << 1,
  REC_HAVE_PDU = 1 << 2,  /* the frame has a PduRec (PDU tracking) */
  REC_FIN_PASSIVE = 1 << 3, /* a FIN after the other side's: "undergoes the connection closing" */
  REC_HAVE_REASM = 1 << 4,  /* the frame took part in reassembly (a record in ta->reasm) */
};

typedef struct
{
  guint32 stream;        /* index into the TCP or UDP streams */
  guint32 prev;          /* previous frame (1-based) of the same stream, 0 none */
  guint32 acks_frame;
  guint32 bytes_in_flight;
  guint32 push_bytes;
  guint16 aflags;
  guint8  kind : 3;
  guint8  rflags : 5;
  guint8  completeness;  /* before this frame, as tshark shows it */
} FrameRec;

G_STATIC_ASSERT (sizeof (FrameRec) == 24);

/* Details of a duplicate ACK (TRAWL_TCP_A_DUPLICATE_ACK in aflags),
 * sorted by frame: appended in frame order by the first pass. */
typedef struct
{
  guint32 frame;
  guint32 dupack_frame;
  guint32 dupack_num;
} DupAck;

/* PDU tracking of a frame (Wireshark's tcp_dissect_pdus without
 * desegmentation), sorted by frame: appended in frame order by the first
 * pass.  Only frames that start a PDU running past their end, or that
 * fall inside one, have a record. */
typedef struct
{
  guint32 frame;
  guint32 continuation_to;  /* first frame of the PDU this segment continues, 0 none */
  guint32 skip;             /* payload bytes of that PDU here; G_MAXUINT32: all */
  guint32 last_frame;       /* for the PDU's first frame: its last frame seen */
} PduRec;

typedef struct
{
  TrawlAddress addr[2];
  guint16      port[2];
} Endpoints;

/* An unacknowledged segment: a node of a per-flow list in the pool,
 * linked by pool index (0 ends a list). */
typedef struct
{
  guint32 next;
  guint32 frame, seq, nextseq;
} Unacked;

typedef struct
{
  guint32  base;
  /* first pass only */
  guint32  nextseq, maxseqtobeacked, lastack;
  guint32  window;
  guint32  lastnondupack;
  gint32   dupacknum;
  guint32  push_bytes_sent;
  guint32  segs;           /* first Unacked (pool index), 0: none */
  /* the last PDU announced past the end of its segment (Wireshark keeps
   * them all; the latest is what in-order segments meet) */
  guint32  pdu_seq, pdu_next;
  guint32  pdu_rec;        /* its PduRec + 1, 0: none */
  guint16  n_segs;
  guint16  lastsegmentflags;
  gint8    win_scale;
  guint8   base_set : 1;
  guint8   valid_bif : 1;
  guint8   push_set_last : 1;
  guint8   closing_initiator : 1;  /* sent the first FIN */
  guint8   lastack_set : 1;        /* lastack and window come from an ACK */
} Flow;

typedef struct
{
  Endpoints key;           /* canonical: lower endpoint first */
  guint8    first_side;    /* key side (0/1) that sent the first frame */
  guint8    client;        /* direction (0: first sender) that opened the stream */
  guint8    completeness;
  guint16   server_port;
  Flow      flow[2];
  guint32   first_frame, last_frame;
  guint32   app_word;      /* the TrawlTcpApp in force after app_frame (atomic) */
  guint32   app_frame;
  guint32   irtt_frame;    /* 0: no iRTT (yet) */
  guint32   irtt_syn;      /* the SYN frame the iRTT is measured from */
  guint32   syn_frame;     /* last SYN seen, 0: none */
} TcpStream;

typedef struct
{
  Endpoints key;
  guint8    first_side;
  guint32   first_frame, last_frame;
} UdpStream;

/* Streams live in chunks that never move: growing costs no copy and no
 * peak of twice the memory. */
#define RECENT_STREAMS 64
#define STREAM_CHUNK_SHIFT 12
#define STREAM_CHUNK (1u << STREAM_CHUNK_SHIFT)

typedef struct
{
  gpointer *chunks;
  guint32   n_chunks;
  guint32   chunk_cap;     /* room in chunks: sized for the capture, so that
                            * readers beside the pass never see it move */
  guint32   len;
  gsize     elem_size;
  /* Open addressing, linear probing: stream index + 1, 0 for empty. */
  guint64  *slots;         /* hash << 32 | (index + 1): a probe compares
                            * keys only when the hashes agree */
  guint32   mask;          /* capacity - 1 */
  guint32   used;
  /* The streams of the last few lookups, by hash: a capture has few
   * conversations going at once, and this saves the slots array (a
   * cache miss per frame once it has 100,000 streams).  Checked against
   * the stream's key like a slot. */
  guint32   recent[RECENT_STREAMS];
} StreamTable;

struct _TrawlTcpAnalysis
{
  FrameRec         *frames;
  guint32           n_alloc;
  gint64           *ts;          /* only without a file */
  TrawlCaptureFile *file;
  StreamTable       tcp;         /* TcpStream */
  StreamTable       udp;         /* UdpStream */
  Unacked          *pool;        /* [0] unused */
  GArray           *dupacks;     /* DupAck */
  GArray           *pdus;        /* PduRec */
  TrawlTcpReassembly *reasm;
  guint32           pool_len, pool_alloc, pool_free;
  /* dupacks and pdus grow (and PduRec.last_frame changes) while readers
   * beside a running pass search them. */
  GMutex            side_lock;
};

/* ---- endpoints ---- */

/* memcmp order of two addresses (type, length, bytes), a word at a time:
 * every frame compares its two endpoints. */
static inline int
address_cmp (const TrawlAddress *a, const TrawlAddress *b)
{
  const guint8 *pa = (const guint8 *) a, *pb = (const guint8 *) b;

  G_STATIC_ASSERT (sizeof (TrawlAddress) == 18);
  for (guint i = 0; i < 16; i += 8)
    {
      guint64 wa, wb;

      memcpy (&wa, pa + i, 8);
      memcpy (&wb, pb + i, 8);
      if (wa != wb)
        return GUINT64_FROM_BE (wa) < GUINT64_FROM_BE (wb) ? -1 : 1;
    }
  if (pa[16] != pb[16])
    return pa[16] < pb[16] ? -1 : 1;
  return (int) pa[17] - (int) pb[17];
}

static inline gboolean
address_equal (const TrawlAddress *a, const TrawlAddress *b)
{
  guint64 wa[2], wb[2];
  guint16 ta, tb;

  memcpy (wa, a, 16);
  memcpy (wb, b, 16);
  memcpy (&ta, (const guint8 *) a + 16, 2);
  memcpy (&tb, (const guint8 *) b + 16, 2);
  return ((wa[0] ^ wb[0]) | (wa[1] ^ wb[1]) | (guint64) (ta ^ tb)) == 0;
}

static inline gboolean
endpoints_equal (const Endpoints *a, const Endpoints *b)
{
  guint64 wa[5], wb[5];

  memcpy (wa, a, sizeof wa);
  memcpy (wb, b, sizeof wb);
  return ((wa[0] ^ wb[0]) | (wa[1] ^ wb[1]) | (wa[2] ^ wb[2]) |
          (wa[3] ^ wb[3]) | (wa[4] ^ wb[4])) == 0;
}

static inline int
endpoint_cmp (const TrawlAddress *a, guint16 pa, const TrawlAddress *b, guint16 pb)
{
  int c = address_cmp (a, b);
  if (c != 0)
    return c;
  return (int) pa - (int) pb;
}

/* The key is the same for both directions: lower endpoint first. */
static void
canonical_key (const TrawlPacket *pkt, Endpoints *key)
{
  memset (key, 0, sizeof *key);
  if (endpoint_cmp (&pkt->net_src, pkt->srcport, &pkt->net_dst, pkt->dstport) <= 0)
    {
      key->addr[0] = pkt->net_src; key->port[0] = pkt->srcport;
      key->addr[1] = pkt->net_dst; key->port[1] = pkt->dstport;
    }
  else
    {
      key->addr[0] = pkt->net_dst; key->port[0] = pkt->dstport;
      key->addr[1] = pkt->net_src; key->port[1] = pkt->srcport;
    }
}

G_STATIC_ASSERT (sizeof (Endpoints) == 40);

/* Every frame hashes its endpoints: whole words, not bytes. */
static guint32
endpoints_hash (const Endpoints *ep)
{
  guint64 w[5], h = 0x9e3779b97f4a7c15ull;

  memcpy (w, ep, sizeof w);
  for (guint i = 0; i < 5; i++)
    {
      h ^= w[i];
      h *= 0xff51afd7ed558ccdull;
      h ^= h >> 32;
    }
  return (guint32) h;
}

/* The key side (0/1) that sent @pkt. */
static guint
side_of (const Endpoints *key, const TrawlPacket *pkt)
{
  if (address_equal (&key->addr[0], &pkt->net_src) && key->port[0] == pkt->srcport)
    return 0;
  return 1;
}

/* 0 when @pkt was sent by the endpoint that sent the stream's first frame. */
static inline guint
direction_of (const Endpoints *key, guint8 first_side, const TrawlPacket *pkt)
{
  return side_of (key, pkt) ^ first_side;
}

/* ---- stream tables ---- */

static void
table_init (StreamTable *t, gsize elem_size, guint32 n_frames_hint)
{
  memset (t, 0, sizeof *t);
  t->elem_size = elem_size;
  /* At most one stream per frame. */
  t->chunk_cap = n_frames_hint / STREAM_CHUNK + 2;
  t->chunks = g_new0 (gpointer, t->chunk_cap);
  t->mask = 1023;
  t->slots = g_new0 (guint64, t->mask + 1);
}

static void
table_clear (StreamTable *t)
{
  for (guint32 i = 0; i < t->n_chunks; i++)
    g_free (t->chunks[i]);
  g_free (t->chunks);
  g_free (t->slots);
  memset (t, 0, sizeof *t);
}

static inline gpointer
table_get (const StreamTable *t, guint32 idx)
{
  return (guint8 *) t->chunks[idx >> STREAM_CHUNK_SHIFT] +
         (gsize) (idx & (STREAM_CHUNK - 1)) * t->elem_size;
}

static inline const Endpoints *
table_key (const StreamTable *t, guint32 idx)
{
  /* Both stream types start with their key. */
  return table_get (t, idx);
}

/* Index + 1 of the stream with @key, 0 when none. */
static guint32
table_lookup (StreamTable *t, const Endpoints *key, guint32 hash)
{
  guint32 *recent = &t->recent[hash % RECENT_STREAMS];

  if (*recent != 0 && endpoints_equal (table_key (t, *recent - 1), key))
    return *recent;
  for (guint32 i = hash & t->mask;; i = (i + 1) & t->mask)
    {
      guint64 slot = t->slots[i];
      guint32 v = (guint32) slot;

      if (v == 0)
        return 0;
      if ((guint32) (slot >> 32) == hash && endpoints_equal (table_key (t, v - 1), key))
        return *recent = v;
    }
}

static void
table_put_slot (guint64 *slots, guint32 mask, guint32 hash, guint32 value)
{
  guint32 i = hash & mask;

  while (slots[i] != 0)
    i = (i + 1) & mask;
  slots[i] = (guint64) hash << 32 | value;
}

/* Point @key at stream @idx (a new stream, or a reused one replacing the
 * old stream with the same endpoints). */
static void
table_set (StreamTable *t, const Endpoints *key, guint32 hash, guint32 idx)
{
  /* A new stream for these endpoints is the one to find from now on. */
  t->recent[hash % RECENT_STREAMS] = idx + 1;
  for (guint32 i = hash & t->mask; t->slots[i] != 0; i = (i + 1) & t->mask)
    if ((guint32) (t->slots[i] >> 32) == hash &&
        endpoints_equal (table_key (t, (guint32) t->slots[i] - 1), key))
      {
        t->slots[i] = (guint64) hash << 32 | (idx + 1);
        return;
      }

  if ((t->used + 1) * 2 > t->mask + 1)
    {
      guint32 new_mask = t->mask * 2 + 1;
      guint64 *slots = g_new0 (guint64, new_mask + 1);

      for (guint32 i = 0; i <= t->mask; i++)
        if (t->slots[i])
          table_put_slot (slots, new_mask, (guint32) (t->slots[i] >> 32), (guint32) t->slots[i]);
      g_free (t->slots);
      t->slots = slots;
      t->mask = new_mask;
    }
  table_put_slot (t->slots, t->mask, hash, idx + 1);
  t->used++;
}

/* A zeroed stream at the end of the table; returns its index. */
static guint32
table_append (StreamTable *t)
{
  guint32 idx = t->len;

  if ((idx >> STREAM_CHUNK_SHIFT) >= t->n_chunks)
    {
      /* Only without a frame count (a test's bare analysis), never
       * while readers run beside the pass. */
      if (t->n_chunks == t->chunk_cap)
        {
          t->chunk_cap *= 2;
          t->chunks = g_renew (gpointer, t->chunks, t->chunk_cap);
        }
      t->chunks[t->n_chunks] = g_malloc0 (STREAM_CHUNK * t->elem_size);
      /* Published before the stream count that makes it reachable. */
      g_atomic_pointer_set (&t->chunks[t->n_chunks], t->chunks[t->n_chunks]);
      t->n_chunks++;
    }
  t->len++;
  return idx;
}

/* ---- the unacked-segment pool ---- */

static guint32
unacked_new (TrawlTcpAnalysis *ta)
{
  guint32 i;

  if (ta->pool_free)
    {
      i = ta->pool_free;
      ta->pool_free = ta->pool[i].next;
      return i;
    }
  if (ta->pool_len == ta->pool_alloc)
    {
      ta->pool_alloc = MAX (ta->pool_alloc * 2, 1024);
      ta->pool = g_renew (Unacked, ta->pool, ta->pool_alloc);
      if (ta->pool_len == 0)
        ta->pool_len = 1;   /* index 0 means "none" */
    }
  return ta->pool_len++;
}

static inline void
unacked_free (TrawlTcpAnalysis *ta, guint32 i)
{
  ta->pool[i].next = ta->pool_free;
  ta->pool_free = i;
}

/* ---- lifetime ---- */

TrawlTcpAnalysis *
trawl_tcp_analysis_new (guint32 n_frames_hint)
{
  TrawlTcpAnalysis *ta = g_new0 (TrawlTcpAnalysis, 1);

  ta->n_alloc = MAX (n_frames_hint, 64);
  ta->frames = trawl_big_alloc0 (ta->n_alloc * sizeof (FrameRec), TRUE);
  ta->dupacks = g_array_new (FALSE, FALSE, sizeof (DupAck));
  ta->pdus = g_array_new (FALSE, FALSE, sizeof (PduRec));
  table_init (&ta->tcp, sizeof (TcpStream), n_frames_hint);
  table_init (&ta->udp, sizeof (UdpStream), n_frames_hint);
  g_mutex_init (&ta->side_lock);
  ta->reasm = trawl_tcp_reassembly_new ();
  return ta;
}

void
trawl_tcp_analysis_free (TrawlTcpAnalysis *ta)
{
  if (ta == NULL)
    return;
  table_clear (&ta->tcp);
  table_clear (&ta->udp);
  g_free (ta->pool);
  g_array_unref (ta->dupacks);
  g_array_unref (ta->pdus);
  trawl_tcp_reassembly_free (ta->reasm);
  g_mutex_clear (&ta->side_lock);
  g_clear_object (&ta->file);
  trawl_big_free (ta->frames, ta->n_alloc * sizeof (FrameRec));
  trawl_big_free (ta->ts, ta->n_alloc * sizeof (gint64));
  g_free (ta);
}

void
trawl_tcp_analysis_set_file (TrawlTcpAnalysis *ta,
                             TrawlCaptureFile *file)
{
  g_return_if_fail (ta != NULL);

  g_set_object (&ta->file, file);
  trawl_tcp_reassembly_set_keep (ta->reasm, file == NULL);
}

TrawlTcpReassembly *
trawl_tcp_analysis_get_reassembly (TrawlTcpAnalysis *ta)
{
  g_return_val_if_fail (ta != NULL, NULL);

  return ta->reasm;
}

TrawlCaptureFile *
trawl_tcp_analysis_get_file (TrawlTcpAnalysis *ta)
{
  g_return_val_if_fail (ta != NULL, NULL);

  return ta->file;
}

void
trawl_tcp_analysis_mark_reassembled (TrawlTcpAnalysis *ta,
                                     guint32           number)
{
  g_return_if_fail (ta != NULL);

  if (number >= 1 && number <= ta->n_alloc && ta->frames[number - 1].kind == KIND_TCP)
    ta->frames[number - 1].rflags |= REC_HAVE_REASM;
}

gsize
trawl_tcp_analysis_frame_size (void)
{
  return sizeof (FrameRec);
}

guint32
trawl_tcp_analysis_n_streams (const TrawlTcpAnalysis *ta)
{
  return ta ? ta->tcp.len : 0;
}

/* The record of frame @number, growing the array in the first pass. */
static FrameRec *
frame_rec (TrawlTcpAnalysis *ta, guint32 number)
{
  if (number == 0)
    return NULL;
  if (number > ta->n_alloc)
    {
      guint32 n = MAX (ta->n_alloc * 2, number);
      ta->frames = trawl_big_realloc0 (ta->frames, ta->n_alloc * sizeof (FrameRec),
                                       (gsize) n * sizeof (FrameRec));
      if (ta->ts)
        ta->ts = trawl_big_realloc0 (ta->ts, ta->n_alloc * sizeof (gint64),
                                     (gsize) n * sizeof (gint64));
      ta->n_alloc = n;
    }
  return &ta->frames[number - 1];
}

static const FrameRec *
frame_rec_const (const TrawlTcpAnalysis *ta, guint32 number)
{
  if (number == 0 || number > ta->n_alloc)
    return NULL;
  return &ta->frames[number - 1];
}

static void
record_ts (TrawlTcpAnalysis *ta, const TrawlPacket *pkt)
{
  if (ta->file)
    return;
  if (ta->ts == NULL)
    ta->ts = trawl_big_alloc0 (ta->n_alloc * sizeof (gint64), TRUE);
  frame_rec (ta, pkt->number);
  ta->ts[pkt->number - 1] = pkt->ts_ns;
}

static gint64
frame_ts (const TrawlTcpAnalysis *ta, guint32 number)
{
  if (ta->file)
    {
      const TrawlFrameRecord *r = trawl_capture_file_get_record (ta->file, number - 1);
      return r ? r->ts_ns : 0;
    }
  if (ta->ts && number >= 1 && number <= ta->n_alloc)
    return ta->ts[number - 1];
  return 0;
}

/* ---- TCP ---- */

static TcpStream *
tcp_stream_new (TrawlTcpAnalysis *ta, const TrawlPacket *pkt, const Endpoints *key,
                guint32 hash, guint32 *idx)
{
  TcpStream *s;

  *idx = table_append (&ta->tcp);
  s = table_get (&ta->tcp, *idx);
  s->key = *key;
  s->first_side = (guint8) side_of (key, pkt);
  s->flow[0].win_scale = s->flow[1].win_scale = -1;
  s->flow[0].valid_bif = s->flow[1].valid_bif = TRUE;
  s->first_frame = pkt->number;
  table_set (&ta->tcp, key, hash, *idx);
  return s;
}

/* Wireshark's verify_tcp_window_scaling, on SYN and SYN+ACK. */
static void
verify_window_scaling (TcpStream *s, guint dir, gboolean synack)
{
  Flow *fwd = &s->flow[dir], *rev = &s->flow[!dir];

  if (fwd->win_scale == -1)
    {
      fwd->win_scale = -2;
      rev->win_scale = -2;
    }
  else if (synack && rev->win_scale == -2)
    fwd->win_scale = -2;
}

static void
update_completeness (TcpStream *s, const TrawlTcpSegment *seg)
{
  guint16 f = seg->flags;

  if ((f & (TH_SYN | TH_ACK)) == TH_SYN)
    s->completeness |= 1;
  else if ((f & (TH_SYN | TH_ACK)) == (TH_SYN | TH_ACK) && (s->completeness & 1))
    s->completeness |= 2;
  else if ((f & (TH_SYN | TH_ACK)) == TH_ACK && (s->completeness & 2))
    s->completeness |= 4;
  if (seg->have_seglen && seg->seglen > 0)
    s->completeness |= 8;
  if (f & TH_FIN)
    s->completeness |= 16;
  if (f & TH_RST)
    s->completeness |= 32;
}

/* The subset of Wireshark's tcp_analyze_sequence_number that feeds the
 * default-visible fields: ACKed frame and RTT, bytes in flight, bytes
 * since PSH, and the common expert flags. */
static void
record_dupack (TrawlTcpAnalysis *ta, guint32 frame, guint32 dupack_frame, guint32 num)
{
  DupAck d = { frame, dupack_frame, num };
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&ta->side_lock);

  /* A frame tracked twice (two TCP layers) replaces its entry. */
  if (ta->dupacks->len > 0 &&
      g_array_index (ta->dupacks, DupAck, ta->dupacks->len - 1).frame >= frame)
    {
      DupAck *last = &g_array_index (ta->dupacks, DupAck, ta->dupacks->len - 1);
      if (last->frame == frame)
        *last = d;
      return;
    }
  g_array_append_val (ta->dupacks, d);
}

/* Copies the record of @frame to @out; FALSE when there is none. */
static gboolean
find_dupack (const TrawlTcpAnalysis *ta, guint32 frame, DupAck *out)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new ((GMutex *) &ta->side_lock);
  guint lo = 0, hi = ta->dupacks->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      const DupAck *d = &g_array_index (ta->dupacks, DupAck, mid);
      if (d->frame < frame)
        lo = mid + 1;
      else if (d->frame > frame)
        hi = mid;
      else
        {
          *out = *d;
          return TRUE;
        }
    }
  return FALSE;
}

static void
analyze_sequence (TrawlTcpAnalysis *ta, TcpStream *s, guint dir, const TrawlTcpSegment *seg,
                  const TrawlPacket *pkt, FrameRec *rec)
{
  Flow *fwd = &s->flow[dir], *rev = &s->flow[!dir];
  guint32 seq = seg->seq, ack = seg->ack, seglen = seg->seglen, window = seg->window;
  guint16 flags = seg->flags;
  guint32 nextseq;
  guint32 ui, prev;

  if (flags & TH_ACK)
    rev->valid_bif = TRUE;

  if (window == 0 && (flags & (TH_RST | TH_FIN | TH_SYN)) == 0)
    rec->aflags |= TRAWL_TCP_A_ZERO_WINDOW;

  if (fwd->nextseq && GT_SEQ (seq, fwd->nextseq) && (flags & TH_RST) == 0)
    {
      rec->aflags |= TRAWL_TCP_A_LOST_PACKET;
      fwd->valid_bif = FALSE;
    }

  /* Window full: the data reaches the right edge of the window the
   * receiver last advertised (its scale known). */
  if (seglen > 0 && rev->win_scale != -1 && rev->lastack_set &&
      seq + seglen == rev->lastack + (rev->window << (rev->win_scale < 0 ? 0 : rev->win_scale)) &&
      (flags & (TH_SYN | TH_FIN | TH_RST)) == 0)
    rec->aflags |= TRAWL_TCP_A_WINDOW_FULL;

  if ((seglen == 0 || seglen == 1) && seq == fwd->nextseq - 1 &&
      (flags & (TH_SYN | TH_FIN | TH_RST)) == 0)
    rec->aflags |= TRAWL_TCP_A_KEEP_ALIVE;

  if (seglen == 0 && window && window != fwd->window && seq == fwd->nextseq &&
      ack == fwd->lastack && (flags & (TH_SYN | TH_FIN | TH_RST)) == 0)
    rec->aflags |= TRAWL_TCP_A_WINDOW_UPDATE;

  if (seglen == 0 && window && window == fwd->window && seq == fwd->nextseq &&
      ack == fwd->lastack && (rev->lastsegmentflags & TRAWL_TCP_A_KEEP_ALIVE) &&
      (flags & (TH_SYN | TH_FIN | TH_RST)) == 0)
    {
      rec->aflags |= TRAWL_TCP_A_KEEP_ALIVE_ACK;
      goto finished_fwd;
    }

  if (seglen == 0 && window && window == fwd->window && seq == fwd->nextseq &&
      ack == fwd->lastack && (flags & (TH_SYN | TH_FIN | TH_RST)) == 0)
    {
      fwd->dupacknum = fwd->dupacknum == -1 ? 1 : fwd->dupacknum + 1;
      rec->aflags |= TRAWL_TCP_A_DUPLICATE_ACK;
      record_dupack (ta, pkt->number, fwd->lastnondupack, (guint32) MIN (fwd->dupacknum, G_MAXUINT16));
    }

finished_fwd:
  if (ack != fwd->lastack)
    {
      fwd->lastnondupack = pkt->number;
      fwd->dupacknum = 0;
    }

  /* Wireshark 4.0's rule (the oracle): flag, then move max-seq-to-be-acked
   * to what was seen so that later ACKs of it are not flagged again
   * (newer versions keep it when it is not above nextseq: chat.pcap #60). */
  if (rev->maxseqtobeacked && GT_SEQ (ack, rev->maxseqtobeacked) && (flags & TH_ACK))
    {
      rec->aflags |= TRAWL_TCP_A_ACK_LOST_PACKET;
      rev->maxseqtobeacked = rev->nextseq;
    }

  /* Retransmissions (fast retransmission and out-of-order are not told
   * apart: both show as retransmissions here). */
  if ((seglen > 0 || (flags & (TH_SYN | TH_FIN))) && !(rec->aflags & TRAWL_TCP_A_KEEP_ALIVE))
    {
      gboolean not_advanced = fwd->nextseq && LT_SEQ (seq, fwd->nextseq);

      if (seglen > 1 && fwd->nextseq - 1 == seq)
        not_advanced = FALSE;
      if (seglen > 0 && rev->lastack && !GT_SEQ (seq + seglen, rev->lastack))
        rec->aflags |= TRAWL_TCP_A_SPURIOUS_RETRANSMISSION;
      else if (not_advanced)
        rec->aflags |= TRAWL_TCP_A_RETRANSMISSION;
    }

  nextseq = seq + seglen;
  if ((seglen || (flags & (TH_SYN | TH_FIN))) && fwd->n_segs < MAX_UNACKED)
    {
      Unacked *u;

      ui = unacked_new (ta);
      u = &ta->pool[ui];
      u->next = fwd->segs;
      fwd->segs = ui;
      fwd->n_segs++;
      u->frame = pkt->number;
      u->seq = seq;
      if (flags & (TH_SYN | TH_FIN))
        nextseq += 1;
      u->nextseq = nextseq;
    }

  if (GT_SEQ (nextseq, fwd->nextseq) || !fwd->nextseq)
    fwd->nextseq = nextseq;
  if (seq == fwd->maxseqtobeacked || !fwd->maxseqtobeacked)
    fwd->maxseqtobeacked = fwd->nextseq;

  fwd->window = window;
  fwd->lastack = ack;
  fwd->lastack_set = (flags & TH_ACK) != 0 || fwd->lastack_set;
  fwd->lastsegmentflags = rec->aflags;

  /* Drop what this ACKs from the other side's list. */
  prev = 0;
  ui = rev->segs;
  while (ui)
    {
      Unacked *u = &ta->pool[ui];
      guint32 next;

      if (ack == u->nextseq)
        {
          rec->acks_frame = u->frame;
          rec->rflags |= REC_HAVE_TA;
        }
      else if (GT_SEQ (ack, u->seq) && !GT_SEQ (ack, u->nextseq))
        {
          u->seq = ack;
          continue;
        }
      else if (GT_SEQ (u->nextseq, ack))
        {
          prev = ui;
          ui = u->next;
          continue;
        }
      next = u->next;
      if (prev)
        ta->pool[prev].next = next;
      else
        rev->segs = next;
      unacked_free (ta, ui);
      rev->n_segs--;
      ui = next;
    }

  /* Bytes in flight, from the payloads not yet acknowledged. */
  ui = fwd->segs;
  if (seglen != 0 && ui && fwd->valid_bif)
    {
      const Unacked *u = &ta->pool[ui];
      guint32 first = u->seq - fwd->base, last = u->nextseq - fwd->base, in_flight;

      for (; ui; ui = ta->pool[ui].next)
        {
          u = &ta->pool[ui];
          if (u->nextseq - fwd->base > last)
            last = u->nextseq - fwd->base;
          if (u->seq - fwd->base < first)
            first = u->seq - fwd->base;
        }
      in_flight = last - first;
      if (in_flight > 0 && in_flight < 2000000000)
        {
          rec->bytes_in_flight = in_flight - ((flags & (TH_SYN | TH_FIN)) ? 1 : 0);
          rec->rflags |= REC_HAVE_BIF;
        }

      if ((flags & TH_PUSH) && !fwd->push_set_last)
        {
          fwd->push_bytes_sent += seglen;
          fwd->push_set_last = TRUE;
        }
      else if ((flags & TH_PUSH) && fwd->push_set_last)
        fwd->push_bytes_sent = seglen;
      else if (fwd->push_set_last)
        {
          fwd->push_bytes_sent = seglen;
          fwd->push_set_last = FALSE;
        }
      else
        fwd->push_bytes_sent += seglen;
      rec->push_bytes = fwd->push_bytes_sent;
      rec->rflags |= REC_HAVE_TA;
    }

  if (rec->aflags)
    rec->rflags |= REC_HAVE_TA;
}

/* The application protocol in force for frame @number.  The pass may be
 * switching it beside us: app_frame is written before app (see
 * trawl_tcp_analysis_set_app), so a new app is never paired with an old
 * app_frame. */
static guint8
app_at (const TcpStream *s, guint32 number)
{
  guint8 app = (guint8) g_atomic_int_get ((const gint *) &s->app_word);
  guint32 since = (guint32) g_atomic_int_get ((const gint *) &s->app_frame);

  return (app && number > since) ? app : 0;
}

static void
fill_lookup (const TrawlTcpAnalysis *ta, const TcpStream *s, guint32 stream,
             guint dir, const FrameRec *rec, guint32 number, gint64 ts,
             TrawlTcpLookup *out)
{
  const Flow *fwd = &s->flow[dir], *rev = &s->flow[!dir];

  memset (out, 0, sizeof *out);
  out->stream = stream;
  out->from_client = dir == s->client;
  out->seq_base_set = fwd->base_set;
  out->seq_base = fwd->base;
  out->ack_base_set = rev->base_set;
  out->ack_base = rev->base;
  out->win_scale = fwd->win_scale;
  out->server_port = s->server_port;
  out->app = app_at (s, number);
  out->completeness = rec->completeness;
  out->time_relative = ts - frame_ts (ta, s->first_frame);
  out->time_delta = rec->prev ? ts - frame_ts (ta, rec->prev) : 0;
  out->acks_frame = rec->acks_frame;
  if (rec->acks_frame)
    out->ack_rtt = ts - frame_ts (ta, rec->acks_frame);
  out->have_irtt = s->irtt_frame && number >= s->irtt_frame && (rec->rflags & REC_HAVE_TA);
  out->irtt = s->irtt_frame ? frame_ts (ta, s->irtt_frame) - frame_ts (ta, s->irtt_syn) : 0;
  out->have_bif = (rec->rflags & REC_HAVE_BIF) != 0;
  out->bytes_in_flight = rec->bytes_in_flight;
  out->push_bytes_sent = rec->push_bytes;
  out->aflags = rec->aflags;
  out->fin_passive = (rec->rflags & REC_FIN_PASSIVE) != 0;
  out->reassembled = (rec->rflags & REC_HAVE_REASM) != 0;
  if (rec->aflags & TRAWL_TCP_A_DUPLICATE_ACK)
    {
      DupAck d;
      if (find_dupack (ta, number, &d))
        {
          out->dupack_num = d.dupack_num;
          out->dupack_frame = d.dupack_frame;
        }
    }
  if (!(rec->rflags & REC_HAVE_TA))
    out->aflags = 0;
}

void
trawl_tcp_analysis_track (TrawlTcpAnalysis      *ta,
                          const TrawlPacket     *pkt,
                          const TrawlTcpSegment *seg,
                          TrawlTcpLookup        *out)
{
  Endpoints key;
  TcpStream *s = NULL;
  guint32 idx, hash;
  guint dir;
  FrameRec *rec;
  gboolean reused = FALSE;

  g_return_if_fail (ta != NULL && pkt != NULL && seg != NULL && out != NULL);

  record_ts (ta, pkt);
  rec = frame_rec (ta, pkt->number);
  canonical_key (pkt, &key);
  hash = endpoints_hash (&key);
  idx = table_lookup (&ta->tcp, &key, hash);
  if (idx)
    {
      s = table_get (&ta->tcp, idx - 1);
      dir = direction_of (&s->key, s->first_side, pkt);
      /* A SYN with another ISN on the same endpoints: the ports were reused. */
      if ((seg->flags & (TH_SYN | TH_ACK)) == TH_SYN && s->flow[dir].base_set &&
          seg->seq != s->flow[dir].base)
        {
          s = NULL;
          reused = TRUE;
        }
    }
  if (s == NULL)
    {
      s = tcp_stream_new (ta, pkt, &key, hash, &idx);
      idx++;
    }
  dir = direction_of (&s->key, s->first_side, pkt);

  memset (rec, 0, sizeof *rec);
  rec->kind = KIND_TCP;
  rec->stream = idx - 1;
  rec->prev = s->last_frame;
  rec->completeness = s->completeness;
  s->last_frame = pkt->number;
  if (reused)
    {
      rec->aflags |= TRAWL_TCP_A_REUSED_PORTS;
      rec->rflags |= REC_HAVE_TA;
    }

  if (seg->flags & TH_SYN)
    {
      if (seg->flags & TH_ACK)
        {
          s->server_port = pkt->srcport;
          if (s->first_frame == pkt->number)
            s->client = 1;  /* the SYN was not captured */
        }
      else
        {
          s->server_port = pkt->dstport;
          s->client = (guint8) dir;
          s->syn_frame = pkt->number;
        }
    }

  if (seg->have_seglen)
    {
      Flow *fwd = &s->flow[dir], *rev = &s->flow[!dir];

      if (!fwd->base_set)
        {
          fwd->base = (seg->flags & TH_SYN) ? seg->seq : seg->seq - 1;
          fwd->base_set = TRUE;
        }
      if (!rev->base_set && (seg->flags & TH_ACK))
        {
          rev->base = seg->ack - 1;
          rev->base_set = TRUE;
        }
      analyze_sequence (ta, s, dir, seg, pkt, rec);
    }

  /* iRTT: from the last SYN to the first ACK that completes the handshake. */
  if ((seg->flags & (TH_SYN | TH_ACK)) == TH_ACK && s->syn_frame && s->irtt_frame == 0)
    {
      s->irtt_frame = pkt->number;
      s->irtt_syn = s->syn_frame;
    }

  if (seg->wscale_opt >= 0 && (seg->flags & TH_SYN))
    s->flow[dir].win_scale = (gint8) MIN (seg->wscale_opt, 14);
  if (seg->flags & TH_SYN)
    verify_window_scaling (s, dir, (seg->flags & TH_ACK) != 0);

  /* Wireshark 4.0: the side whose peer has not sent a FIN initiates the
   * closing (also when it repeats its FIN); the other undergoes it. */
  if (seg->flags & TH_FIN)
    {
      if (s->flow[!dir].closing_initiator)
        rec->rflags |= REC_FIN_PASSIVE;
      else
        s->flow[dir].closing_initiator = TRUE;
    }

  update_completeness (s, seg);
  fill_lookup (ta, s, idx - 1, dir, rec, pkt->number, pkt->ts_ns, out);
}

gboolean
trawl_tcp_analysis_lookup (const TrawlTcpAnalysis *ta,
                           const TrawlPacket      *pkt,
                           TrawlTcpLookup         *out)
{
  const FrameRec *rec;
  const TcpStream *s;

  g_return_val_if_fail (ta != NULL && pkt != NULL && out != NULL, FALSE);

  rec = frame_rec_const (ta, pkt->number);
  if (rec == NULL || rec->kind != KIND_TCP || rec->stream >= ta->tcp.len)
    return FALSE;
  s = table_get (&ta->tcp, rec->stream);
  fill_lookup (ta, s, rec->stream, direction_of (&s->key, s->first_side, pkt), rec,
               pkt->number, pkt->ts_ns, out);
  return TRUE;
}

void
trawl_tcp_analysis_set_app (TrawlTcpAnalysis *ta,
                            guint32           stream,
                            guint8            app,
                            guint32           number)
{
  TcpStream *s;

  g_return_if_fail (ta != NULL);

  if (stream >= ta->tcp.len)
    return;
  s = table_get (&ta->tcp, stream);
  if (s->app_word == app)
    return;
  g_atomic_int_set ((gint *) &s->app_frame, (gint) number);
  g_atomic_int_set ((gint *) &s->app_word, app);
}

/* ---- PDU tracking ---- */

/* The flow that sent @pkt (tracked already), and its frame record. */
static Flow *
pdu_flow (TrawlTcpAnalysis *ta, const TrawlPacket *pkt, FrameRec **rec_out)
{
  FrameRec *rec;
  TcpStream *s;

  if (pkt->number == 0 || pkt->number > ta->n_alloc)
    return NULL;
  rec = &ta->frames[pkt->number - 1];
  if (rec->kind != KIND_TCP || rec->stream >= ta->tcp.len)
    return NULL;
  s = table_get (&ta->tcp, rec->stream);
  *rec_out = rec;
  return &s->flow[direction_of (&s->key, s->first_side, pkt)];
}

/* The PduRec of @frame (the last one), made if needed; its index + 1, or
 * 0 when frames came out of order. */
static guint32
pdu_rec_index (TrawlTcpAnalysis *ta, FrameRec *rec, guint32 frame)
{
  PduRec r = { frame, 0, 0, 0 };

  if (ta->pdus->len > 0)
    {
      const PduRec *last = &g_array_index (ta->pdus, PduRec, ta->pdus->len - 1);
      if (last->frame == frame)
        return ta->pdus->len;
      if (last->frame > frame)
        return 0;
    }
  g_array_append_val (ta->pdus, r);
  rec->rflags |= REC_HAVE_PDU;
  return ta->pdus->len;
}

void
trawl_tcp_analysis_scan_pdu (TrawlTcpAnalysis  *ta,
                             const TrawlPacket *pkt,
                             guint32            seq,
                             guint32            nxtseq,
                             TrawlTcpPduLookup *out)
{
  FrameRec *rec = NULL;
  Flow *fwd;
  guint32 first, idx;
  PduRec *r;
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_if_fail (ta != NULL && pkt != NULL && out != NULL);

  memset (out, 0, sizeof *out);
  fwd = pdu_flow (ta, pkt, &rec);
  locker = g_mutex_locker_new (&ta->side_lock);
  /* Wireshark looks for a PDU that started before this segment. */
  if (fwd == NULL || fwd->pdu_rec == 0 || !GT_SEQ (seq, fwd->pdu_seq) ||
      !LT_SEQ (seq, fwd->pdu_next))
    return;
  idx = pdu_rec_index (ta, rec, pkt->number);
  if (idx == 0)
    return;
  r = &g_array_index (ta->pdus, PduRec, fwd->pdu_rec - 1);
  r->last_frame = pkt->number;
  first = r->frame;
  r = &g_array_index (ta->pdus, PduRec, idx - 1);
  r->continuation_to = first;
  r->skip = GT_SEQ (nxtseq, fwd->pdu_next) ? fwd->pdu_next - seq : G_MAXUINT32;
  out->continuation_to = r->continuation_to;
  out->skip = r->skip;
}

void
trawl_tcp_analysis_store_pdu (TrawlTcpAnalysis  *ta,
                              const TrawlPacket *pkt,
                              guint32            seq,
                              guint32            nxtpdu)
{
  FrameRec *rec = NULL;
  Flow *fwd;
  guint32 idx;
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_if_fail (ta != NULL && pkt != NULL);

  fwd = pdu_flow (ta, pkt, &rec);
  locker = g_mutex_locker_new (&ta->side_lock);
  if (fwd == NULL || (idx = pdu_rec_index (ta, rec, pkt->number)) == 0)
    return;
  g_array_index (ta->pdus, PduRec, idx - 1).last_frame = pkt->number;
  fwd->pdu_seq = seq;
  fwd->pdu_next = nxtpdu;
  fwd->pdu_rec = idx;
}

gboolean
trawl_tcp_analysis_lookup_pdu (const TrawlTcpAnalysis *ta,
                               const TrawlPacket      *pkt,
                               TrawlTcpPduLookup      *out)
{
  const FrameRec *rec;
  guint lo = 0, hi;
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (ta != NULL && pkt != NULL && out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  rec = frame_rec_const (ta, pkt->number);
  if (rec == NULL || rec->kind != KIND_TCP || !(rec->rflags & REC_HAVE_PDU))
    return FALSE;
  locker = g_mutex_locker_new ((GMutex *) &ta->side_lock);
  hi = ta->pdus->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      const PduRec *r = &g_array_index (ta->pdus, PduRec, mid);
      if (r->frame < pkt->number)
        lo = mid + 1;
      else if (r->frame > pkt->number)
        hi = mid;
      else
        {
          out->continuation_to = r->continuation_to;
          out->skip = r->skip;
          /* Single-pass output knows no later frame. */
          out->last_frame = pkt->no_forward_refs && r->last_frame > pkt->number ? pkt->number : r->last_frame;
          if (out->last_frame)
            out->pdu_time = frame_ts (ta, out->last_frame) - pkt->ts_ns;
          return TRUE;
        }
    }
  return FALSE;
}

/* ---- UDP ---- */

/* The UDP stream with @pkt's endpoints, made if there is none yet
 * (first_frame 0: no datagram of its own seen). */
static guint32
udp_stream_get (TrawlTcpAnalysis *ta, const TrawlPacket *pkt)
{
  Endpoints key;
  UdpStream *s;
  guint32 idx, hash;

  canonical_key (pkt, &key);
  hash = endpoints_hash (&key);
  idx = table_lookup (&ta->udp, &key, hash);
  if (idx != 0)
    return idx - 1;
  idx = table_append (&ta->udp);
  s = table_get (&ta->udp, idx);
  s->key = key;
  s->first_side = (guint8) side_of (&key, pkt);
  table_set (&ta->udp, &key, hash, idx);
  return idx;
}

void
trawl_udp_analysis_track (TrawlTcpAnalysis  *ta,
                          const TrawlPacket *pkt,
                          TrawlUdpLookup    *out)
{
  UdpStream *s;
  guint32 idx;
  FrameRec *rec;

  g_return_if_fail (ta != NULL && pkt != NULL && out != NULL);

  record_ts (ta, pkt);
  rec = frame_rec (ta, pkt->number);
  idx = udp_stream_get (ta, pkt);
  s = table_get (&ta->udp, idx);
  if (s->first_frame == 0)
    s->first_frame = pkt->number;
  memset (rec, 0, sizeof *rec);
  rec->kind = KIND_UDP;
  rec->stream = idx;
  rec->prev = s->last_frame;
  s->last_frame = pkt->number;

  out->stream = idx;
  out->time_relative = pkt->ts_ns - frame_ts (ta, s->first_frame);
  out->time_delta = rec->prev ? pkt->ts_ns - frame_ts (ta, rec->prev) : 0;
}

/* Wireshark finds or creates the conversation of a datagram quoted by an
 * ICMP error but leaves its times alone.  The error frame carries no
 * transport of its own, so its FrameRec holds the stream. */
guint32
trawl_udp_analysis_track_quoted (TrawlTcpAnalysis  *ta,
                                 const TrawlPacket *pkt)
{
  FrameRec *rec;
  guint32 idx;

  g_return_val_if_fail (ta != NULL && pkt != NULL, 0);

  record_ts (ta, pkt);
  rec = frame_rec (ta, pkt->number);
  idx = udp_stream_get (ta, pkt);
  if (rec->kind == KIND_NONE)
    {
      rec->kind = KIND_UDP_QUOTED;
      rec->stream = idx;
    }
  return idx;
}

gboolean
trawl_udp_analysis_lookup_quoted (const TrawlTcpAnalysis *ta,
                                  const TrawlPacket      *pkt,
                                  guint32                *stream)
{
  const FrameRec *rec;

  g_return_val_if_fail (ta != NULL && pkt != NULL && stream != NULL, FALSE);

  rec = frame_rec_const (ta, pkt->number);
  if (rec == NULL || rec->kind != KIND_UDP_QUOTED || rec->stream >= ta->udp.len)
    return FALSE;
  *stream = rec->stream;
  return TRUE;
}

gboolean
trawl_udp_analysis_lookup (const TrawlTcpAnalysis *ta,
                           const TrawlPacket      *pkt,
                           TrawlUdpLookup         *out)
{
  const FrameRec *rec;
  const UdpStream *s;

  g_return_val_if_fail (ta != NULL && pkt != NULL && out != NULL, FALSE);

  rec = frame_rec_const (ta, pkt->number);
  if (rec == NULL || rec->kind != KIND_UDP || rec->stream >= ta->udp.len)
    return FALSE;
  s = table_get (&ta->udp, rec->stream);
  out->stream = rec->stream;
  out->time_relative = pkt->ts_ns - frame_ts (ta, s->first_frame);
  out->time_delta = rec->prev ? pkt->ts_ns - frame_ts (ta, rec->prev) : 0;
  return TRUE;
}
