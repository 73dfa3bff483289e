/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-tcp-reassembly.c: TCP segments joined into the PDUs above them
 *
 * The first pass keeps, per direction of a stream that waits for the
 * rest of a PDU, one Msp: the PDU's bytes so far (contiguous from its
 * first byte), the segments they came from, and segments that arrived
 * beyond a hole (held until the hole is filled, bounded).  Everything the
 * first pass appends is in frame order, so a capture that grows only
 * adds records; nothing is sized by the frame count.
 */
#include "config.h"

#include <string.h>

#include "trawl-tcp-reassembly.h"
#include "file/trawl-capture-file.h"

/* Segments beyond a hole, per PDU, and how far beyond it they may be. */
#define MAX_OOO 256
#define MAX_OOO_SPAN (4u << 20)

typedef struct
{
  guint32 first_seg;   /* into r->segs, once done */
  guint32 n_segs;
  guint32 len;
  guint32 done_frame;  /* 0: not (yet) complete */
} Pdu;

/* What one frame did (see TrawlTcpReasmResult), sorted by frame. */
typedef struct
{
  guint32 frame;
  guint32 cont_pdu;
  guint32 cont_len;
  guint32 start_pdu;
} Rec;

typedef struct
{
  guint32        rel;    /* offset in the PDU */
  TrawlTcpSegRef ref;
  guint8        *bytes;
} OooSeg;

/* A PDU still gathering its bytes (first pass only). */
typedef struct
{
  guint32     pdu;       /* index into r->pdus */
  guint32     seq;       /* raw sequence number of its first byte */
  guint32     need;      /* its length, unless one_more */
  gboolean    one_more;  /* the next segment may complete it */
  GByteArray *data;
  GArray     *segs;      /* TrawlTcpSegRef, in PDU order */
  GArray     *ooo;       /* OooSeg, or NULL */
} Msp;

struct _TrawlTcpReassembly
{
  GArray     *pdus;      /* Pdu */
  GArray     *segs;      /* TrawlTcpSegRef: each done PDU's, contiguous */
  GArray     *recs;      /* Rec */
  GHashTable *msps;      /* guint64 flow -> Msp (first pass) */
  GHashTable *kept;      /* PDU index -> GBytes, for rebuilds without a file */
  gsize       pending;   /* bytes held by msps */
  gboolean    keep;      /* no file to rebuild from: keep done PDUs' bytes */
  /* The pass appends while readers beside it look records up. */
  GMutex      lock;
};

static void
ooo_free (OooSeg *o)
{
  g_free (o->bytes);
}

static void
msp_free (gpointer data)
{
  Msp *m = data;

  g_byte_array_unref (m->data);
  g_array_unref (m->segs);
  if (m->ooo)
    {
      for (guint i = 0; i < m->ooo->len; i++)
        ooo_free (&g_array_index (m->ooo, OooSeg, i));
      g_array_unref (m->ooo);
    }
  g_free (m);
}

TrawlTcpReassembly *
trawl_tcp_reassembly_new (void)
{
  TrawlTcpReassembly *r = g_new0 (TrawlTcpReassembly, 1);

  r->pdus = g_array_new (FALSE, FALSE, sizeof (Pdu));
  r->segs = g_array_new (FALSE, FALSE, sizeof (TrawlTcpSegRef));
  r->recs = g_array_new (FALSE, FALSE, sizeof (Rec));
  r->msps = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, msp_free);
  r->kept = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_bytes_unref);
  g_mutex_init (&r->lock);
  r->keep = TRUE;
  return r;
}

void
trawl_tcp_reassembly_free (TrawlTcpReassembly *r)
{
  if (r == NULL)
    return;
  g_array_unref (r->pdus);
  g_array_unref (r->segs);
  g_array_unref (r->recs);
  g_hash_table_unref (r->msps);
  g_hash_table_unref (r->kept);
  g_mutex_clear (&r->lock);
  g_free (r);
}

gsize
trawl_tcp_reassembly_pending_bytes (TrawlTcpReassembly *r)
{
  g_return_val_if_fail (r != NULL, 0);

  return r->pending;
}

static Msp *
msp_get (TrawlTcpReassembly *r, guint64 flow)
{
  return g_hash_table_lookup (r->msps, &flow);
}

static void
msp_drop (TrawlTcpReassembly *r, guint64 flow, Msp *m)
{
  r->pending -= m->data->len;
  g_hash_table_remove (r->msps, &flow);
}

/* A new Msp for @flow with the PDU's first bytes. */
static Msp *
msp_new (TrawlTcpReassembly *r, guint64 flow, guint32 seq, guint32 more)
{
  Msp *m = g_new0 (Msp, 1);
  Pdu p = { 0, 0, 0, 0 };
  guint64 *key = g_new (guint64, 1);

  g_mutex_lock (&r->lock);
  m->pdu = r->pdus->len;
  g_array_append_val (r->pdus, p);
  g_mutex_unlock (&r->lock);
  m->seq = seq;
  m->one_more = more == TRAWL_TCP_ONE_MORE_SEGMENT;
  m->data = g_byte_array_new ();
  m->segs = g_array_new (FALSE, FALSE, sizeof (TrawlTcpSegRef));
  *key = flow;
  g_hash_table_replace (r->msps, key, m);
  return m;
}

static void
msp_append (TrawlTcpReassembly *r, Msp *m, const guint8 *bytes, guint32 n,
            guint32 frame, guint32 frame_off)
{
  TrawlTcpSegRef ref = { frame, frame_off, n };

  g_byte_array_append (m->data, bytes, n);
  r->pending += n;
  g_array_append_val (m->segs, ref);
}

/* Segments held beyond the hole that now fit go in, in order. */
static void
msp_drain_ooo (TrawlTcpReassembly *r, Msp *m)
{
  gboolean moved = TRUE;

  while (moved && m->ooo && m->ooo->len > 0)
    {
      moved = FALSE;
      for (guint i = 0; i < m->ooo->len; i++)
        {
          OooSeg *o = &g_array_index (m->ooo, OooSeg, i);
          guint32 have = m->data->len;

          if (o->rel > have)
            continue;
          if (o->rel + o->ref.len > have)
            {
              guint32 skip = have - o->rel;
              msp_append (r, m, o->bytes + skip, o->ref.len - skip,
                          o->ref.frame, o->ref.off + skip);
            }
          ooo_free (o);
          g_array_remove_index (m->ooo, i);
          moved = TRUE;
          break;
        }
    }
}

static void
msp_hold_ooo (Msp *m, guint32 rel, const guint8 *bytes, guint32 n,
              guint32 frame, guint32 frame_off)
{
  OooSeg o;

  if (m->one_more || rel - m->data->len > MAX_OOO_SPAN || rel >= m->need)
    return;
  if (m->ooo == NULL)
    m->ooo = g_array_new (FALSE, FALSE, sizeof (OooSeg));
  if (m->ooo->len >= MAX_OOO)
    return;
  n = MIN (n, m->need - rel);
  o.rel = rel;
  o.ref.frame = frame;
  o.ref.off = frame_off;
  o.ref.len = n;
  o.bytes = g_memdup2 (bytes, n);
  g_array_append_val (m->ooo, o);
}

void
trawl_tcp_reassembly_segment (TrawlTcpReassembly  *r,
                              guint64              flow,
                              guint32              frame,
                              guint32              seq,
                              const guint8        *payload,
                              guint32              len,
                              guint32              frame_off,
                              TrawlTcpReasmResult *res)
{
  Msp *m;
  guint32 rel, skip = 0, take, have, added = 0;

  g_return_if_fail (r != NULL && res != NULL);

  memset (res, 0, sizeof *res);
  m = msp_get (r, flow);
  if (m == NULL || len == 0)
    return;
  rel = seq - m->seq;
  if ((gint32) rel < 0)
    {
      /* Starts before the PDU: those bytes were handed up before. */
      skip = m->seq - seq;
      if (skip >= len)
        {
          res->cont_len = len;
          return;
        }
      rel = 0;
    }
  have = m->data->len;
  res->cont_pdu = m->pdu + 1;
  if (rel > have)
    {
      /* Beyond a hole: held until a retransmission fills it. */
      msp_hold_ooo (m, rel, payload + skip, len - skip, frame, frame_off + skip);
      res->cont_len = len;
      return;
    }
  take = len - skip;
  if (!m->one_more)
    take = MIN (take, m->need - rel);
  if (rel + take > have)
    {
      added = rel + take - have;
      if (have + added > TRAWL_TCP_REASM_MAX_PDU)
        {
          /* Given up: the rest is handed up as it comes. */
          msp_drop (r, flow, m);
          memset (res, 0, sizeof *res);
          return;
        }
      msp_append (r, m, payload + skip + (have - rel), added, frame,
                  frame_off + skip + (have - rel));
      msp_drain_ooo (r, m);
    }
  res->cont_len = skip + take;
  if (added > 0 && (m->one_more || m->data->len >= m->need))
    {
      res->ready = TRUE;
      res->data = m->data->data;
      res->len = m->one_more ? m->data->len : MIN (m->data->len, m->need);
    }
}

/* Move @m's first @len bytes into a done PDU, completed by @frame. */
static void
msp_complete (TrawlTcpReassembly *r, Msp *m, guint32 len, guint32 frame)
{
  Pdu *p;
  guint32 at = 0;

  g_mutex_lock (&r->lock);
  p = &g_array_index (r->pdus, Pdu, m->pdu);
  p->first_seg = r->segs->len;
  for (guint i = 0; i < m->segs->len && at < len; i++)
    {
      TrawlTcpSegRef ref = g_array_index (m->segs, TrawlTcpSegRef, i);
      ref.len = MIN (ref.len, len - at);
      at += ref.len;
      g_array_append_val (r->segs, ref);
    }
  p->n_segs = r->segs->len - p->first_seg;
  p->len = len;
  p->done_frame = frame;
  if (r->keep)
    g_hash_table_replace (r->kept, GUINT_TO_POINTER (m->pdu + 1),
                          g_bytes_new (m->data->data, MIN (len, m->data->len)));
  g_mutex_unlock (&r->lock);
}

void
trawl_tcp_reassembly_handed (TrawlTcpReassembly  *r,
                             guint64              flow,
                             guint32              frame,
                             guint32              deseg_off,
                             guint32              more,
                             TrawlTcpReasmResult *res)
{
  Msp *m, *next;
  guint32 len, at = 0;

  g_return_if_fail (r != NULL && res != NULL);

  res->ready = FALSE;
  m = msp_get (r, flow);
  if (m == NULL)
    return;
  len = res->len;
  if (deseg_off == 0 && len == m->data->len)
    {
      /* Still short: wait for more. */
      guint64 need = (guint64) len + more;
      if (more == TRAWL_TCP_ONE_MORE_SEGMENT)
        m->one_more = TRUE;
      else if (need > TRAWL_TCP_REASM_MAX_PDU)
        msp_drop (r, flow, m);
      else
        {
          m->one_more = FALSE;
          m->need = (guint32) need;
        }
      return;
    }
  if (deseg_off == TRAWL_TCP_NO_DESEGMENT || deseg_off == 0 || deseg_off >= len)
    {
      /* Complete (a PDU whose length was known may have gathered more
       * than it asked for from a segment held beyond a hole). */
      msp_complete (r, m, len, frame);
      res->done = TRUE;
      /* Bytes past the PDU held from out-of-order segments are lost to
       * it: the flow starts afresh. */
      msp_drop (r, flow, m);
      return;
    }

  /* A PDU ended inside the data and the next one is cut: the first is
   * done, the rest starts a new PDU with the segments it came from. */
  msp_complete (r, m, deseg_off, frame);
  res->done = TRUE;
  {
    g_autoptr(GArray) segs = g_array_ref (m->segs);
    g_autoptr(GByteArray) data = g_byte_array_ref (m->data);
    guint32 seq = m->seq + deseg_off;

    msp_drop (r, flow, m);
    next = msp_new (r, flow, seq, more);
    if (!next->one_more)
      next->need = data->len - deseg_off + more;
    for (guint i = 0; i < segs->len; i++)
      {
        TrawlTcpSegRef ref = g_array_index (segs, TrawlTcpSegRef, i);
        guint32 end = at + ref.len;

        if (end > deseg_off)
          {
            guint32 cut = at < deseg_off ? deseg_off - at : 0;
            msp_append (r, next, data->data + at + cut, ref.len - cut, ref.frame, ref.off + cut);
          }
        at = end;
      }
    res->start_pdu = next->pdu + 1;
  }
}

void
trawl_tcp_reassembly_start (TrawlTcpReassembly  *r,
                            guint64              flow,
                            guint32              frame,
                            guint32              seq,
                            const guint8        *bytes,
                            guint32              n,
                            guint32              frame_off,
                            guint32              more,
                            TrawlTcpReasmResult *res)
{
  Msp *m;

  g_return_if_fail (r != NULL && res != NULL);

  if (n == 0 || n > TRAWL_TCP_REASM_MAX_PDU || msp_get (r, flow) != NULL)
    return;
  if (more != TRAWL_TCP_ONE_MORE_SEGMENT && (guint64) n + more > TRAWL_TCP_REASM_MAX_PDU)
    return;
  m = msp_new (r, flow, seq, more);
  if (!m->one_more)
    m->need = n + more;
  msp_append (r, m, bytes, n, frame, frame_off);
  res->start_pdu = m->pdu + 1;
}

void
trawl_tcp_reassembly_record (TrawlTcpReassembly        *r,
                             guint32                    frame,
                             const TrawlTcpReasmResult *res)
{
  Rec rec = { frame, res->cont_pdu, res->cont_len, res->start_pdu };
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_if_fail (r != NULL && res != NULL);

  if (res->cont_len == 0 && res->start_pdu == 0)
    return;
  locker = g_mutex_locker_new (&r->lock);
  if (r->recs->len > 0)
    {
      Rec *last = &g_array_index (r->recs, Rec, r->recs->len - 1);
      if (last->frame == frame)
        {
          *last = rec;
          return;
        }
      if (last->frame > frame)
        return;
    }
  g_array_append_val (r->recs, rec);
}

gboolean
trawl_tcp_reassembly_lookup (TrawlTcpReassembly  *r,
                             guint32              frame,
                             TrawlTcpReasmResult *res)
{
  g_autoptr(GMutexLocker) locker = NULL;
  guint lo = 0, hi;

  g_return_val_if_fail (r != NULL && res != NULL, FALSE);

  memset (res, 0, sizeof *res);
  locker = g_mutex_locker_new (&r->lock);
  hi = r->recs->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      const Rec *rec = &g_array_index (r->recs, Rec, mid);

      if (rec->frame < frame)
        lo = mid + 1;
      else if (rec->frame > frame)
        hi = mid;
      else
        {
          res->cont_pdu = rec->cont_pdu;
          res->cont_len = rec->cont_len;
          res->start_pdu = rec->start_pdu;
          res->done = rec->cont_pdu != 0 && rec->cont_pdu <= r->pdus->len &&
                      g_array_index (r->pdus, Pdu, rec->cont_pdu - 1).done_frame == frame;
          return TRUE;
        }
    }
  return FALSE;
}

guint32
trawl_tcp_reassembly_done_in (TrawlTcpReassembly *r,
                              guint32             pdu)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (r != NULL, 0);

  locker = g_mutex_locker_new (&r->lock);
  if (pdu == 0 || pdu > r->pdus->len)
    return 0;
  return g_array_index (r->pdus, Pdu, pdu - 1).done_frame;
}

gboolean
trawl_tcp_reassembly_segments (TrawlTcpReassembly  *r,
                               guint32              pdu,
                               TrawlTcpSegRef     **segs,
                               guint32             *n_segs,
                               guint32             *len)
{
  g_autoptr(GMutexLocker) locker = NULL;
  const Pdu *p;

  g_return_val_if_fail (r != NULL && segs != NULL && n_segs != NULL && len != NULL, FALSE);

  locker = g_mutex_locker_new (&r->lock);
  if (pdu == 0 || pdu > r->pdus->len)
    return FALSE;
  p = &g_array_index (r->pdus, Pdu, pdu - 1);
  if (p->done_frame == 0)
    return FALSE;
  *segs = g_memdup2 (&g_array_index (r->segs, TrawlTcpSegRef, p->first_seg),
                     (gsize) p->n_segs * sizeof (TrawlTcpSegRef));
  *n_segs = p->n_segs;
  *len = p->len;
  return TRUE;
}

void
trawl_tcp_reassembly_set_keep (TrawlTcpReassembly *r,
                               gboolean            keep)
{
  g_return_if_fail (r != NULL);

  r->keep = keep;
}

gboolean
trawl_tcp_reassembly_rebuild (TrawlTcpReassembly   *r,
                              TrawlCaptureFile     *file,
                              guint32               pdu,
                              const TrawlTcpSegRef *segs,
                              guint32               n_segs,
                              guint8               *buf,
                              guint32               len)
{
  guint32 at = 0;

  g_return_val_if_fail (r != NULL && (segs != NULL || n_segs == 0) && buf != NULL, FALSE);

  if (file == NULL)
    {
      g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&r->lock);
      GBytes *b = g_hash_table_lookup (r->kept, GUINT_TO_POINTER (pdu));
      gsize n = 0;
      const guint8 *d = b ? g_bytes_get_data (b, &n) : NULL;

      if (d == NULL || n != len)
        return FALSE;
      memcpy (buf, d, len);
      return TRUE;
    }
  for (guint32 i = 0; i < n_segs; i++)
    {
      const TrawlFrameRecord *rec = trawl_capture_file_get_record (file, segs[i].frame - 1);
      const guint8 *data = trawl_capture_file_get_data (file, segs[i].frame - 1);

      if (rec == NULL || data == NULL || segs[i].off > rec->caplen ||
          segs[i].len > rec->caplen - segs[i].off || segs[i].len > len - at)
        return FALSE;
      memcpy (buf + at, data + segs[i].off, segs[i].len);
      at += segs[i].len;
    }
  return at == len;
}
