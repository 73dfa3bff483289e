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
 * Memory: one FrameRec (32 bytes) per frame, one TcpStream per stream; the
 * unacknowledged-segment lists of the SEQ/ACK analysis live only while the
 * first pass runs.
 */
#include "config.h"

#include <string.h>

#include "trawl-tcp-analysis.h"
#include "analysis/trawl-analysis.h"
#include "file/trawl-capture-file.h"

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
};

enum
{
  REC_HAVE_TA  = 1 << 0,  /* Wireshark made a tcp_acked for it: show SEQ/ACK */
  REC_HAVE_BIF = 1 << 1,
};

typedef struct
{
  guint32 stream;        /* index into the TCP or UDP streams */
  guint32 prev;          /* previous frame (1-based) of the same stream, 0 none */
  guint32 acks_frame;
  guint32 bytes_in_flight;
  guint32 push_bytes;
  guint32 dupack_frame;
  guint16 aflags;
  guint16 dupack_num;
  guint8  kind;
  guint8  rflags;
  guint8  completeness;  /* before this frame, as tshark shows it */
  guint8  pad;
} FrameRec;

typedef struct
{
  TrawlAddress addr[2];
  guint16      port[2];
} Endpoints;

typedef struct _Unacked Unacked;
struct _Unacked
{
  Unacked *next;
  guint32  frame, seq, nextseq;
  gint64   ts;
};

typedef struct
{
  guint32  base;
  gboolean base_set;
  gint8    win_scale;
  /* first pass only */
  guint32  nextseq, maxseqtobeacked, lastack;
  guint32  window;
  guint32  lastnondupack;
  gint     dupacknum;
  guint16  lastsegmentflags;
  gboolean valid_bif;
  gboolean push_set_last;
  guint32  push_bytes_sent;
  Unacked *segs;
  guint    n_segs;
} Flow;

typedef struct
{
  Endpoints ep;            /* ep[0]: sender of the first frame */
  guint8    client;        /* endpoint that opened the stream */
  guint16   server_port;
  Flow      flow[2];
  guint32   first_frame, last_frame;
  guint8    app;
  guint32   app_frame;
  guint8    completeness;
  guint32   irtt_frame;    /* 0: no iRTT (yet) */
  gint64    irtt;
  gint64    syn_ts;
  gboolean  have_syn_ts;
} TcpStream;

typedef struct
{
  Endpoints ep;
  guint32   first_frame, last_frame;
} UdpStream;

struct _TrawlTcpAnalysis
{
  FrameRec         *frames;
  guint32           n_alloc;
  gint64           *ts;          /* only without a file */
  TrawlCaptureFile *file;
  GPtrArray        *tcp;         /* TcpStream* */
  GPtrArray        *udp;         /* UdpStream* */
  GHashTable       *tcp_by_ep;   /* canonical Endpoints -> stream index + 1 */
  GHashTable       *udp_by_ep;
};

/* ---- endpoints ---- */

static int
endpoint_cmp (const TrawlAddress *a, guint16 pa, const TrawlAddress *b, guint16 pb)
{
  int c = memcmp (a, b, sizeof *a);
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

static guint
endpoints_hash (gconstpointer p)
{
  const guint8 *b = p;
  guint h = 2166136261u;
  for (gsize i = 0; i < sizeof (Endpoints); i++)
    h = (h ^ b[i]) * 16777619u;
  return h;
}

static gboolean
endpoints_equal (gconstpointer a, gconstpointer b)
{
  return memcmp (a, b, sizeof (Endpoints)) == 0;
}

/* 0 when @pkt was sent by ep[0], else 1. */
static guint
direction_of (const Endpoints *ep, const TrawlPacket *pkt)
{
  if (memcmp (&ep->addr[0], &pkt->net_src, sizeof (TrawlAddress)) == 0 &&
      ep->port[0] == pkt->srcport)
    return 0;
  return 1;
}

static void
set_endpoints (Endpoints *ep, const TrawlPacket *pkt)
{
  memset (ep, 0, sizeof *ep);
  ep->addr[0] = pkt->net_src; ep->port[0] = pkt->srcport;
  ep->addr[1] = pkt->net_dst; ep->port[1] = pkt->dstport;
}

/* ---- lifetime ---- */

TrawlTcpAnalysis *
trawl_tcp_analysis_new (guint32 n_frames_hint)
{
  TrawlTcpAnalysis *ta = g_new0 (TrawlTcpAnalysis, 1);

  ta->n_alloc = MAX (n_frames_hint, 64);
  ta->frames = g_new0 (FrameRec, ta->n_alloc);
  ta->tcp = g_ptr_array_new_with_free_func (g_free);
  ta->udp = g_ptr_array_new_with_free_func (g_free);
  ta->tcp_by_ep = g_hash_table_new_full (endpoints_hash, endpoints_equal, g_free, NULL);
  ta->udp_by_ep = g_hash_table_new_full (endpoints_hash, endpoints_equal, g_free, NULL);
  return ta;
}

static void
free_unacked (Flow *f)
{
  while (f->segs)
    {
      Unacked *next = f->segs->next;
      g_free (f->segs);
      f->segs = next;
    }
  f->n_segs = 0;
}

void
trawl_tcp_analysis_free (TrawlTcpAnalysis *ta)
{
  if (ta == NULL)
    return;
  for (guint i = 0; i < ta->tcp->len; i++)
    {
      TcpStream *s = g_ptr_array_index (ta->tcp, i);
      free_unacked (&s->flow[0]);
      free_unacked (&s->flow[1]);
    }
  g_ptr_array_unref (ta->tcp);
  g_ptr_array_unref (ta->udp);
  g_hash_table_unref (ta->tcp_by_ep);
  g_hash_table_unref (ta->udp_by_ep);
  g_clear_object (&ta->file);
  g_free (ta->frames);
  g_free (ta->ts);
  g_free (ta);
}

void
trawl_tcp_analysis_set_file (TrawlTcpAnalysis *ta,
                             TrawlCaptureFile *file)
{
  g_return_if_fail (ta != NULL);

  g_set_object (&ta->file, file);
}

gsize
trawl_tcp_analysis_frame_size (void)
{
  return sizeof (FrameRec);
}

guint32
trawl_tcp_analysis_n_streams (const TrawlTcpAnalysis *ta)
{
  return ta ? ta->tcp->len : 0;
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
      ta->frames = g_renew (FrameRec, ta->frames, n);
      memset (ta->frames + ta->n_alloc, 0, (n - ta->n_alloc) * sizeof (FrameRec));
      if (ta->ts)
        {
          ta->ts = g_renew (gint64, ta->ts, n);
          memset (ta->ts + ta->n_alloc, 0, (n - ta->n_alloc) * sizeof (gint64));
        }
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
    ta->ts = g_new0 (gint64, ta->n_alloc);
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
tcp_stream_new (TrawlTcpAnalysis *ta, const TrawlPacket *pkt, const Endpoints *key)
{
  TcpStream *s = g_new0 (TcpStream, 1);

  set_endpoints (&s->ep, pkt);
  s->flow[0].win_scale = s->flow[1].win_scale = -1;
  s->flow[0].valid_bif = s->flow[1].valid_bif = TRUE;
  s->first_frame = pkt->number;
  g_ptr_array_add (ta->tcp, s);
  g_hash_table_replace (ta->tcp_by_ep, g_memdup2 (key, sizeof *key),
                        GUINT_TO_POINTER (ta->tcp->len));
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
analyze_sequence (TcpStream *s, guint dir, const TrawlTcpSegment *seg,
                  const TrawlPacket *pkt, FrameRec *rec)
{
  Flow *fwd = &s->flow[dir], *rev = &s->flow[!dir];
  guint32 seq = seg->seq, ack = seg->ack, seglen = seg->seglen, window = seg->window;
  guint16 flags = seg->flags;
  guint32 nextseq;
  Unacked *u, *prev;

  if (flags & TH_ACK)
    rev->valid_bif = TRUE;

  if (window == 0 && (flags & (TH_RST | TH_FIN | TH_SYN)) == 0)
    rec->aflags |= TRAWL_TCP_A_ZERO_WINDOW;

  if (fwd->nextseq && GT_SEQ (seq, fwd->nextseq) && (flags & TH_RST) == 0)
    {
      rec->aflags |= TRAWL_TCP_A_LOST_PACKET;
      fwd->valid_bif = FALSE;
    }

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
      rec->dupack_num = (guint16) MIN (fwd->dupacknum, G_MAXUINT16);
      rec->dupack_frame = fwd->lastnondupack;
    }

finished_fwd:
  if (ack != fwd->lastack)
    {
      fwd->lastnondupack = pkt->number;
      fwd->dupacknum = 0;
    }

  if (rev->maxseqtobeacked && GT_SEQ (ack, rev->maxseqtobeacked) && (flags & TH_ACK))
    {
      if (rev->maxseqtobeacked > rev->nextseq)
        {
          rev->maxseqtobeacked = rev->nextseq;
          rec->aflags |= TRAWL_TCP_A_ACK_LOST_PACKET;
        }
      else
        {
          if (rev->dupacknum == 0)
            rec->aflags |= TRAWL_TCP_A_ACK_LOST_PACKET;
          rev->dupacknum = -1;
        }
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
      u = g_new (Unacked, 1);
      u->next = fwd->segs;
      fwd->segs = u;
      fwd->n_segs++;
      u->frame = pkt->number;
      u->seq = seq;
      u->ts = pkt->ts_ns;
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
  fwd->lastsegmentflags = rec->aflags;

  /* Drop what this ACKs from the other side's list. */
  prev = NULL;
  u = rev->segs;
  while (u)
    {
      Unacked *next;

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
          prev = u;
          u = u->next;
          continue;
        }
      next = u->next;
      if (prev)
        prev->next = next;
      else
        rev->segs = next;
      g_free (u);
      rev->n_segs--;
      u = next;
    }

  /* Bytes in flight, from the payloads not yet acknowledged. */
  u = fwd->segs;
  if (seglen != 0 && u && fwd->valid_bif)
    {
      guint32 first = u->seq - fwd->base, last = u->nextseq - fwd->base, in_flight;

      for (; u; u = u->next)
        {
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
  out->app = (s->app && number > s->app_frame) ? s->app : 0;
  out->completeness = rec->completeness;
  out->time_relative = ts - frame_ts (ta, s->first_frame);
  out->time_delta = rec->prev ? ts - frame_ts (ta, rec->prev) : 0;
  out->acks_frame = rec->acks_frame;
  if (rec->acks_frame)
    out->ack_rtt = ts - frame_ts (ta, rec->acks_frame);
  out->have_irtt = s->irtt_frame && number >= s->irtt_frame && (rec->rflags & REC_HAVE_TA);
  out->irtt = s->irtt;
  out->have_bif = (rec->rflags & REC_HAVE_BIF) != 0;
  out->bytes_in_flight = rec->bytes_in_flight;
  out->push_bytes_sent = rec->push_bytes;
  out->aflags = rec->aflags;
  out->dupack_num = rec->dupack_num;
  out->dupack_frame = rec->dupack_frame;
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
  guint32 idx;
  guint dir;
  FrameRec *rec;
  gboolean reused = FALSE;

  g_return_if_fail (ta != NULL && pkt != NULL && seg != NULL && out != NULL);

  record_ts (ta, pkt);
  rec = frame_rec (ta, pkt->number);
  canonical_key (pkt, &key);
  idx = GPOINTER_TO_UINT (g_hash_table_lookup (ta->tcp_by_ep, &key));
  if (idx)
    {
      s = g_ptr_array_index (ta->tcp, idx - 1);
      dir = direction_of (&s->ep, pkt);
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
      s = tcp_stream_new (ta, pkt, &key);
      idx = ta->tcp->len;
    }
  dir = direction_of (&s->ep, pkt);

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
          s->syn_ts = pkt->ts_ns;
          s->have_syn_ts = TRUE;
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
      analyze_sequence (s, dir, seg, pkt, rec);
    }

  /* iRTT: from the last SYN to the first ACK that completes the handshake. */
  if ((seg->flags & (TH_SYN | TH_ACK)) == TH_ACK && s->have_syn_ts && s->irtt_frame == 0)
    {
      s->irtt_frame = pkt->number;
      s->irtt = pkt->ts_ns - s->syn_ts;
    }

  if (seg->wscale_opt >= 0 && (seg->flags & TH_SYN))
    s->flow[dir].win_scale = (gint8) MIN (seg->wscale_opt, 14);
  if (seg->flags & TH_SYN)
    verify_window_scaling (s, dir, (seg->flags & TH_ACK) != 0);

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
  if (rec == NULL || rec->kind != KIND_TCP || rec->stream >= ta->tcp->len)
    return FALSE;
  s = g_ptr_array_index (ta->tcp, rec->stream);
  fill_lookup (ta, s, rec->stream, direction_of (&s->ep, pkt), rec,
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

  if (stream >= ta->tcp->len)
    return;
  s = g_ptr_array_index (ta->tcp, stream);
  if (s->app == app)
    return;
  s->app = app;
  s->app_frame = number;
}

/* ---- UDP ---- */

void
trawl_udp_analysis_track (TrawlTcpAnalysis  *ta,
                          const TrawlPacket *pkt,
                          TrawlUdpLookup    *out)
{
  Endpoints key;
  UdpStream *s;
  guint32 idx;
  FrameRec *rec;

  g_return_if_fail (ta != NULL && pkt != NULL && out != NULL);

  record_ts (ta, pkt);
  rec = frame_rec (ta, pkt->number);
  canonical_key (pkt, &key);
  idx = GPOINTER_TO_UINT (g_hash_table_lookup (ta->udp_by_ep, &key));
  if (idx == 0)
    {
      s = g_new0 (UdpStream, 1);
      set_endpoints (&s->ep, pkt);
      s->first_frame = pkt->number;
      g_ptr_array_add (ta->udp, s);
      idx = ta->udp->len;
      g_hash_table_replace (ta->udp_by_ep, g_memdup2 (&key, sizeof key), GUINT_TO_POINTER (idx));
    }
  s = g_ptr_array_index (ta->udp, idx - 1);
  memset (rec, 0, sizeof *rec);
  rec->kind = KIND_UDP;
  rec->stream = idx - 1;
  rec->prev = s->last_frame;
  s->last_frame = pkt->number;

  out->stream = idx - 1;
  out->time_relative = pkt->ts_ns - frame_ts (ta, s->first_frame);
  out->time_delta = rec->prev ? pkt->ts_ns - frame_ts (ta, rec->prev) : 0;
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
  if (rec == NULL || rec->kind != KIND_UDP || rec->stream >= ta->udp->len)
    return FALSE;
  s = g_ptr_array_index (ta->udp, rec->stream);
  out->stream = rec->stream;
  out->time_relative = pkt->ts_ns - frame_ts (ta, s->first_frame);
  out->time_delta = rec->prev ? pkt->ts_ns - frame_ts (ta, rec->prev) : 0;
  return TRUE;
}
