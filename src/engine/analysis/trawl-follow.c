/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-follow.c: the bytes a conversation carried, in order */
#include "config.h"

#include <string.h>

#include "trawl-follow.h"
#include "trawl-analysis.h"
#include "dissect/trawl-dissect.h"
#include "dissect/trawl-tcp.h"
#include "file/trawl-capture-file.h"

#define CANCEL_CHECK_INTERVAL 4096
/* Segments held beyond a hole, per direction: a bound for hostile input. */
#define MAX_HELD 65536

#define GT_SEQ(x, y) ((gint32) ((y) - (x)) < 0)
#define LT_SEQ(x, y) ((gint32) ((x) - (y)) < 0)

typedef struct
{
  guint32  seq;
  guint32  frame;
  gint64   ts_ns;
  GBytes  *bytes;
} Held;

typedef struct
{
  gboolean  seq_set;
  guint32   next;      /* raw sequence number of the next byte expected */
  GArray   *held;      /* Held, beyond a hole */
} Direction;

typedef struct
{
  TrawlFollowFunc func;
  gpointer        user_data;
  gboolean        stopped;
} Sink;

static void
held_clear (gpointer p)
{
  g_bytes_unref (((Held *) p)->bytes);
}

static void
emit (Sink *sink, guint peer, guint32 frame, gint64 ts, const guint8 *data, guint32 len)
{
  TrawlFollowChunk c = { peer, frame, ts, data, len };

  if (len == 0 || sink->stopped)
    return;
  if (!sink->func (&c, sink->user_data))
    sink->stopped = TRUE;
}

static void drain_held (Direction *d, Sink *sink, guint peer);

/* Bytes [@seq, @seq + @len) arrived: hand up what is new and in order. */
static void
deliver (Direction *d, Sink *sink, guint peer, guint32 frame, gint64 ts,
         guint32 seq, const guint8 *data, guint32 len)
{
  if (LT_SEQ (seq, d->next))
    {
      guint32 old = d->next - seq;
      if (old >= len)
        return;   /* a retransmission of bytes already shown */
      seq += old;
      data += old;
      len -= old;
    }
  if (GT_SEQ (seq, d->next))
    {
      Held h = { seq, frame, ts, g_bytes_new (data, len) };
      if (d->held->len < MAX_HELD)
        g_array_append_val (d->held, h);
      else
        g_bytes_unref (h.bytes);
      return;
    }
  emit (sink, peer, frame, ts, data, len);
  d->next = seq + len;
  drain_held (d, sink, peer);
}

/* Held segments that now follow on, in any order they came. */
static void
drain_held (Direction *d, Sink *sink, guint peer)
{
  for (gboolean moved = TRUE; moved;)
    {
      moved = FALSE;
      for (guint i = 0; i < d->held->len; i++)
        {
          Held h = g_array_index (d->held, Held, i);
          gsize n;
          const guint8 *p = g_bytes_get_data (h.bytes, &n);

          if (GT_SEQ (h.seq, d->next))
            continue;
          g_array_remove_index (d->held, i);
          if (GT_SEQ (h.seq + (guint32) n, d->next))
            {
              guint32 skip = d->next - h.seq;
              emit (sink, peer, h.frame, h.ts_ns, p + skip, (guint32) n - skip);
              d->next = h.seq + (guint32) n;
            }
          g_bytes_unref (h.bytes);
          moved = TRUE;
          break;
        }
    }
}

static gint
held_cmp (gconstpointer a, gconstpointer b)
{
  const Held *x = a, *y = b;

  return LT_SEQ (x->seq, y->seq) ? -1 : x->seq == y->seq ? 0 : 1;
}

/* Wireshark's follow: when the other side acknowledges bytes beyond a
 * hole, they were sent but not captured.  A marker stands for them
 * (with its NUL, as tshark prints it), and what was held follows. */
static void
ack_beyond_hole (Direction *d, Sink *sink, guint peer, guint32 ack, guint32 frame)
{
  guint32 lowest;
  char text[64];
  gint n;

  if (d->held->len == 0 || !d->seq_set)
    return;
  lowest = g_array_index (d->held, Held, 0).seq;
  for (guint i = 1; i < d->held->len; i++)
    if (LT_SEQ (g_array_index (d->held, Held, i).seq, lowest))
      lowest = g_array_index (d->held, Held, i).seq;
  if (!GT_SEQ (lowest, d->next) || !GT_SEQ (ack, lowest))
    return;
  n = g_snprintf (text, sizeof text, "[%u bytes missing in capture file]", lowest - d->next);
  /* tshark gives the marker no time. */
  emit (sink, peer, frame, 0, (const guint8 *) text, (guint32) n + 1);
  d->next = lowest;
  drain_held (d, sink, peer);
}

/* The end: what stayed beyond a hole, in sequence order. */
static void
flush_held (Direction *d, Sink *sink, guint peer)
{
  g_array_sort (d->held, held_cmp);
  while (d->held->len > 0)
    {
      Held h = g_array_index (d->held, Held, 0);
      gsize n;
      const guint8 *p = g_bytes_get_data (h.bytes, &n);

      g_array_remove_index (d->held, 0);
      if (!d->seq_set || !LT_SEQ (h.seq + (guint32) n, d->next))
        {
          guint32 skip = LT_SEQ (h.seq, d->next) ? d->next - h.seq : 0;
          emit (sink, peer, h.frame, h.ts_ns, p + skip, (guint32) n - skip);
          d->next = h.seq + (guint32) n;
        }
      g_bytes_unref (h.bytes);
    }
}

static gboolean
same_endpoint (const TrawlAddress *a, guint16 pa, const TrawlAddress *b, guint16 pb)
{
  return pa == pb && a->type == b->type && a->len == b->len && memcmp (a->data, b->data, a->len) == 0;
}

/* Dissect frame @i down to its transport layer. */
static void
dissect_transport (TrawlCaptureFile *file, TrawlAnalysis *analysis, guint32 i, TrawlPacket *pkt)
{
  if (analysis != NULL)
    trawl_analysis_wait (analysis, i + 1);
  trawl_capture_file_fill_packet (file, i, pkt);
  pkt->analysis = analysis;
  pkt->first_pass = FALSE;
  pkt->want_tree = FALSE;
  pkt->want_columns = FALSE;
  pkt->depth = TRAWL_DEPTH_TRANSPORT;
  trawl_dissect_frame (pkt);
}

gboolean
trawl_follow_tcp (TrawlCaptureFile *file,
                  TrawlAnalysis    *analysis,
                  guint32           stream,
                  TrawlFollowPeers *peers,
                  TrawlFollowFunc   func,
                  gpointer          user_data,
                  GCancellable     *cancellable)
{
  g_autoptr(TrawlArena) arena = trawl_arena_new ();
  Direction dir[2] = { { 0 } };
  Sink sink = { func, user_data, FALSE };
  TrawlPacket pkt;
  guint32 n;
  gboolean ok = TRUE;

  g_return_val_if_fail (file != NULL && peers != NULL && func != NULL, FALSE);

  memset (peers, 0, sizeof *peers);
  for (guint d = 0; d < 2; d++)
    {
      dir[d].held = g_array_new (FALSE, FALSE, sizeof (Held));
    }
  trawl_packet_init (&pkt, arena);
  n = trawl_capture_file_get_n_frames (file);
  for (guint32 i = 0; i < n && !sink.stopped; i++)
    {
      const TrawlTcpInfo *tcp;
      guint peer;
      guint32 avail, seq;

      if (i % CANCEL_CHECK_INTERVAL == 0 && g_cancellable_is_cancelled (cancellable))
        {
          ok = FALSE;
          break;
        }
      dissect_transport (file, analysis, i, &pkt);
      tcp = pkt.tcp;
      if (tcp == NULL || pkt.in_error_pkt || tcp->stream != stream)
        continue;
      if (!peers->found)
        {
          peers->addr[0] = pkt.net_src;
          peers->port[0] = pkt.srcport;
          peers->addr[1] = pkt.net_dst;
          peers->port[1] = pkt.dstport;
          peers->found = TRUE;
        }
      peer = same_endpoint (&pkt.net_src, pkt.srcport, &peers->addr[0], peers->port[0]) ? 0 : 1;
      seq = tcp->seq;
      if (tcp->flags & 0x002)
        {
          /* A SYN takes one sequence number before the data. */
          seq++;
          if (!dir[peer].seq_set)
            {
              dir[peer].next = seq;
              dir[peer].seq_set = TRUE;
            }
        }
      if (tcp->payload_len > 0 && tcp->payload_ds == 0 && tcp->payload_off < pkt.caplen)
        {
          if (!dir[peer].seq_set)
            {
              dir[peer].next = seq;
              dir[peer].seq_set = TRUE;
            }
          avail = MIN (tcp->payload_len, pkt.caplen - tcp->payload_off);
          deliver (&dir[peer], &sink, peer, pkt.number, pkt.ts_ns, seq,
                   pkt.data + tcp->payload_off, avail);
        }
      if (tcp->flags & 0x010)
        ack_beyond_hole (&dir[!peer], &sink, !peer, tcp->ack, pkt.number);
    }
  for (guint d = 0; d < 2; d++)
    {
      if (ok)
        flush_held (&dir[d], &sink, d);
      for (guint i = 0; i < dir[d].held->len; i++)
        held_clear (&g_array_index (dir[d].held, Held, i));
      g_array_unref (dir[d].held);
    }
  trawl_packet_clear (&pkt);
  return ok && !sink.stopped;
}

gboolean
trawl_follow_tcp_find (TrawlCaptureFile   *file,
                       TrawlAnalysis      *analysis,
                       const TrawlAddress *a,
                       guint16             pa,
                       const TrawlAddress *b,
                       guint16             pb,
                       guint32            *stream)
{
  g_autoptr(TrawlArena) arena = trawl_arena_new ();
  TrawlPacket pkt;
  guint32 n;
  gboolean found = FALSE;

  g_return_val_if_fail (file != NULL && a != NULL && b != NULL && stream != NULL, FALSE);

  trawl_packet_init (&pkt, arena);
  n = trawl_capture_file_get_n_frames (file);
  for (guint32 i = 0; i < n && !found; i++)
    {
      dissect_transport (file, analysis, i, &pkt);
      if (pkt.tcp == NULL || pkt.in_error_pkt || pkt.tcp->stream == G_MAXUINT32)
        continue;
      if ((same_endpoint (&pkt.net_src, pkt.srcport, a, pa) && same_endpoint (&pkt.net_dst, pkt.dstport, b, pb)) ||
          (same_endpoint (&pkt.net_src, pkt.srcport, b, pb) && same_endpoint (&pkt.net_dst, pkt.dstport, a, pa)))
        {
          *stream = pkt.tcp->stream;
          found = TRUE;
        }
    }
  trawl_packet_clear (&pkt);
  return found;
}
