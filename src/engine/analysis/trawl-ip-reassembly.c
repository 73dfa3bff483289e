/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-ip-reassembly.c: IPv4 and IPv6 fragments put back together */
#include "config.h"

#include <string.h>

#include "trawl-ip-reassembly.h"
#include "file/trawl-capture-file.h"

/* A datagram takes at most this many fragments: beyond it, a hostile
 * capture would make each new fragment cost a walk of thousands.  An
 * IPv4 datagram of 65,535 bytes in 1,280-byte pieces needs 52. */
#define MAX_PIECES 1024

#define NONE G_MAXUINT32

/* One fragment: 28 bytes, the only per-frame memory this costs. */
typedef struct
{
  guint32 frame;
  guint32 dgram;      /* index into dgrams */
  guint32 next;       /* next fragment of the datagram in offset order, or NONE */
  guint32 offset;     /* in the datagram */
  guint32 len;
  guint32 frame_off;  /* in the frame's bytes */
  guint8  flags;      /* TRAWL_FRAG_MULTIPLE_TAILS / TOO_LONG, known when recorded */
} FragRec;

enum
{
  DGRAM_DATALEN_SET = 1 << 0,
};

typedef struct
{
  guint32 head;            /* first FragRec in offset order */
  guint32 n;               /* fragments */
  guint32 datalen;         /* from the first tail fragment */
  guint32 reassembled_in;  /* 0 while incomplete */
  guint8  flags;
} Dgram;

typedef struct
{
  TrawlAddress src, dst;
  guint32      id;
  guint8       version, proto;
} DgramKey;

struct _TrawlIpReassembly
{
  TrawlFrameBytesFunc bytes;
  gpointer            bytes_data;
  GDestroyNotify      bytes_destroy;
  GArray             *recs;     /* FragRec, in frame order */
  GArray             *dgrams;   /* Dgram */
  GHashTable         *pending;  /* DgramKey* -> dgram index + 1, incomplete ones */
};

static guint
key_hash (gconstpointer p)
{
  const guint8 *b = p;
  guint h = 2166136261u;

  for (gsize i = 0; i < sizeof (DgramKey); i++)
    h = (h ^ b[i]) * 16777619u;
  return h;
}

static gboolean
key_equal (gconstpointer a,
           gconstpointer b)
{
  return memcmp (a, b, sizeof (DgramKey)) == 0;
}

TrawlIpReassembly *
trawl_ip_reassembly_new (TrawlFrameBytesFunc bytes,
                         gpointer            data,
                         GDestroyNotify      destroy)
{
  TrawlIpReassembly *r;

  g_return_val_if_fail (bytes != NULL, NULL);

  r = g_new0 (TrawlIpReassembly, 1);
  r->bytes = bytes;
  r->bytes_data = data;
  r->bytes_destroy = destroy;
  r->recs = g_array_new (FALSE, FALSE, sizeof (FragRec));
  r->dgrams = g_array_new (FALSE, FALSE, sizeof (Dgram));
  r->pending = g_hash_table_new_full (key_hash, key_equal, g_free, NULL);
  return r;
}

static const guint8 *
file_bytes (gpointer  data,
            guint32   number,
            guint32  *caplen)
{
  TrawlCaptureFile *file = data;

  *caplen = 0;
  if (number == 0 || number > trawl_capture_file_get_n_frames (file))
    return NULL;
  *caplen = trawl_capture_file_get_record (file, number - 1)->caplen;
  return trawl_capture_file_get_data (file, number - 1);
}

TrawlIpReassembly *
trawl_ip_reassembly_new_for_file (TrawlCaptureFile *file)
{
  g_return_val_if_fail (file != NULL, NULL);

  return trawl_ip_reassembly_new (file_bytes, g_object_ref (file), g_object_unref);
}

void
trawl_ip_reassembly_free (gpointer reassembly)
{
  TrawlIpReassembly *r = reassembly;

  if (r == NULL)
    return;
  if (r->bytes_destroy)
    r->bytes_destroy (r->bytes_data);
  g_array_unref (r->recs);
  g_array_unref (r->dgrams);
  g_hash_table_unref (r->pending);
  g_free (r);
}

guint32
trawl_ip_reassembly_n_fragments (TrawlIpReassembly *reassembly)
{
  g_return_val_if_fail (reassembly != NULL, 0);
  return reassembly->recs->len;
}

gsize
trawl_ip_reassembly_fragment_size (void)
{
  return sizeof (FragRec);
}

#define REC(r, i)   (&g_array_index ((r)->recs, FragRec, (i)))
#define DGRAM(r, i) (&g_array_index ((r)->dgrams, Dgram, (i)))

static void
make_key (DgramKey              *key,
          const TrawlIpFragment *frag)
{
  memset (key, 0, sizeof *key);  /* padding takes part in hash and equality */
  key->src = frag->src;
  key->dst = frag->dst;
  key->id = frag->id;
  key->version = frag->version;
  key->proto = frag->proto;
}

/* The incomplete datagram of @frag's key, made when there is none. */
static guint32
find_dgram (TrawlIpReassembly     *r,
            const TrawlIpFragment *frag)
{
  DgramKey key;
  guint idx;
  Dgram d = { NONE, 0, 0, 0, 0 };

  make_key (&key, frag);
  idx = GPOINTER_TO_UINT (g_hash_table_lookup (r->pending, &key));
  if (idx > 0)
    return idx - 1;
  g_array_append_val (r->dgrams, d);
  g_hash_table_insert (r->pending, g_memdup2 (&key, sizeof key),
                       GUINT_TO_POINTER (r->dgrams->len));
  return r->dgrams->len - 1;
}

/* Into the offset-ordered list, after those with the same offset (the
 * earlier one's bytes win an overlap, as in Wireshark). */
static void
insert_sorted (TrawlIpReassembly *r,
               Dgram             *d,
               guint32            ri)
{
  FragRec *rec = REC (r, ri);
  guint32 *link = &d->head;

  while (*link != NONE && REC (r, *link)->offset <= rec->offset)
    link = &REC (r, *link)->next;
  rec->next = *link;
  *link = ri;
  d->n++;
}

/* How far the fragments cover the datagram from its start. */
static guint32
covered (TrawlIpReassembly *r,
         const Dgram       *d)
{
  guint32 max = 0;

  for (guint32 i = d->head; i != NONE; i = REC (r, i)->next)
    {
      const FragRec *f = REC (r, i);
      if (f->offset <= max && f->offset + f->len > max)
        max = f->offset + f->len;
    }
  return max;
}

/* First pass: record @frag of frame @number.  The datagram completes
 * when its length is known and every byte before it is there. */
static void
track (TrawlIpReassembly     *r,
       guint32                number,
       const TrawlIpFragment *frag)
{
  FragRec rec = { number, 0, NONE, frag->offset, frag->len, frag->frame_off, 0 };
  guint32 di = find_dgram (r, frag), ri, max;
  Dgram *d = DGRAM (r, di);

  if (d->n >= MAX_PIECES)
    return;
  rec.dgram = di;
  if (!frag->more)
    {
      if (!(d->flags & DGRAM_DATALEN_SET))
        {
          d->datalen = frag->offset + frag->len;
          d->flags |= DGRAM_DATALEN_SET;
        }
      else if (d->datalen != frag->offset + frag->len)
        rec.flags |= TRAWL_FRAG_MULTIPLE_TAILS;
    }
  g_array_append_val (r->recs, rec);
  ri = r->recs->len - 1;
  insert_sorted (r, d, ri);
  if (!(d->flags & DGRAM_DATALEN_SET) || (max = covered (r, d)) < d->datalen)
    return;
  if (max > d->datalen)
    REC (r, ri)->flags |= TRAWL_FRAG_TOO_LONG;
  d->reassembled_in = number;
  /* Complete: a later fragment with the same key starts a new one. */
  {
    DgramKey key;
    make_key (&key, frag);
    g_hash_table_remove (r->pending, &key);
  }
}

/* The record of frame @number, or NULL. */
static const FragRec *
find_rec (TrawlIpReassembly *r,
          guint32            number)
{
  guint lo = 0, hi = r->recs->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      const FragRec *f = REC (r, mid);
      if (f->frame < number)
        lo = mid + 1;
      else if (f->frame > number)
        hi = mid;
      else
        return f;
    }
  return NULL;
}

/* Under the lock: the datagram's fragments, in the arena (the arrays
 * may grow once the lock is let go). */
static TrawlFragPiece *
copy_pieces (TrawlIpReassembly *r,
             const Dgram       *d,
             TrawlArena        *arena,
             guint32          **frame_offs)
{
  TrawlFragPiece *pieces = trawl_arena_alloc0 (arena, d->n * sizeof *pieces);
  guint32 k = 0;

  *frame_offs = trawl_arena_alloc0 (arena, d->n * sizeof **frame_offs);
  for (guint32 i = d->head; i != NONE && k < d->n; i = REC (r, i)->next, k++)
    {
      const FragRec *f = REC (r, i);
      pieces[k].frame = f->frame;
      pieces[k].offset = f->offset;
      pieces[k].len = f->len;
      pieces[k].flags = f->flags;
      (*frame_offs)[k] = f->frame_off;
    }
  return pieces;
}

/* Copy the pieces' bytes into a datagram of @datalen bytes as Wireshark
 * does: in offset order, the bytes already there win an overlap, which
 * is flagged (and flagged a conflict when the bytes differ). */
static guint8
rebuild (TrawlIpReassembly *r,
         const TrawlPacket *pkt,
         TrawlFragPiece    *pieces,
         const guint32     *frame_offs,
         guint32            n,
         guint8            *buf,
         guint32            datalen)
{
  guint32 dfpos = 0;
  guint8 all = 0;

  for (guint32 k = 0; k < n; k++)
    {
      TrawlFragPiece *p = &pieces[k];
      const guint8 *src;
      guint32 caplen = 0;

      if (p->frame == pkt->number)
        src = pkt->data, caplen = pkt->caplen;
      else
        src = r->bytes (r->bytes_data, p->frame, &caplen);
      /* The capture did not change since the pass checked this. */
      if (src == NULL || frame_offs[k] > caplen || p->len > caplen - frame_offs[k])
        src = NULL;
      else
        src += frame_offs[k];
      if (p->len > 0 && p->offset < dfpos)
        {
          guint32 end = MIN (MIN (dfpos, p->offset + p->len), datalen);
          p->flags |= TRAWL_FRAG_OVERLAP;
          if (src != NULL && p->offset < end && memcmp (buf + p->offset, src, end - p->offset) != 0)
            p->flags |= TRAWL_FRAG_OVERLAP_CONFLICT;
        }
      if (p->len > 0 && p->offset + p->len > dfpos)
        {
          if (p->offset >= datalen)
            p->flags |= TRAWL_FRAG_TOO_LONG;
          else if (src != NULL && dfpos < datalen)
            {
              guint32 from = MAX (dfpos, p->offset);
              guint32 to = MIN (p->offset + p->len, datalen);
              if (to > from)
                memcpy (buf + from, src + (from - p->offset), to - from);
            }
          dfpos = p->offset + p->len;
        }
      all |= p->flags;
    }
  return all;
}

gboolean
trawl_ip_reassembly_add (TrawlPacket           *pkt,
                         const TrawlIpFragment *frag,
                         TrawlIpReassembled    *out)
{
  TrawlIpReassembly *r;
  const FragRec *rec;
  const Dgram *d;
  TrawlFragPiece *pieces;
  guint32 *frame_offs, datalen, n;
  guint8 *buf;
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (pkt != NULL && frag != NULL && out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  if (pkt->analysis == NULL || (r = pkt->analysis->ipfrag) == NULL)
    return FALSE;
  locker = trawl_analysis_locker (pkt->analysis);
  /* A frame dissected twice in the pass records nothing new. */
  if (pkt->first_pass &&
      (r->recs->len == 0 || REC (r, r->recs->len - 1)->frame < pkt->number))
    track (r, pkt->number, frag);
  rec = find_rec (r, pkt->number);
  if (rec == NULL || rec->offset != frag->offset || rec->len != frag->len)
    return FALSE;
  d = DGRAM (r, rec->dgram);
  out->reassembled_in = d->reassembled_in;
  if (d->reassembled_in != pkt->number)
    return TRUE;

  datalen = d->datalen;
  n = d->n;
  pieces = copy_pieces (r, d, pkt->arena, &frame_offs);
  g_clear_pointer (&locker, g_mutex_locker_free);

  /* Outside the lock: reading other frames may touch the disk. */
  buf = trawl_arena_alloc0 (pkt->arena, MAX (datalen, 1));
  out->flags = rebuild (r, pkt, pieces, frame_offs, n, buf, datalen);
  out->data = buf;
  out->len = datalen;
  out->pieces = pieces;
  out->n_pieces = n;
  return TRUE;
}

static void
show_piece (TrawlPacket             *pkt,
            TrawlNode               *list,
            TrawlCursor             *rcur,
            const TrawlFragPiece    *p,
            const TrawlIpFragFields *fields)
{
  const guint8 errors = TRAWL_FRAG_OVERLAP_CONFLICT | TRAWL_FRAG_MULTIPLE_TAILS | TRAWL_FRAG_TOO_LONG;
  TrawlNode *n, *b;
  int hf = (p->flags & errors) ? *fields->hf_error : *fields->hf_fragment;
  guint32 len = MIN (p->len, p->offset < trawl_cursor_len (rcur) ? trawl_cursor_len (rcur) - p->offset : 0);

  n = trawl_tree_add_uint (pkt, list, hf, rcur, MIN (p->offset, trawl_cursor_len (rcur)), len, p->frame);
  trawl_node_set_flags (n, TRAWL_NODE_GENERATED);
  if (p->len == 0)
    trawl_node_set_text (pkt, n, "Frame: %u (no data)", p->frame);
  else
    trawl_node_set_text (pkt, n, "Frame: %u, payload: %u-%u (%u byte%s)", p->frame, p->offset,
                         p->offset + p->len - 1, p->len, p->len == 1 ? "" : "s");
  if (p->flags & TRAWL_FRAG_OVERLAP)
    {
      b = trawl_tree_add_boolean (pkt, n, *fields->hf_overlap, rcur, 0, 0, 1);
      trawl_node_set_flags (b, TRAWL_NODE_GENERATED);
    }
  if (p->flags & TRAWL_FRAG_OVERLAP_CONFLICT)
    {
      b = trawl_tree_add_boolean (pkt, n, *fields->hf_overlap_conflict, rcur, 0, 0, 1);
      trawl_node_set_flags (b, TRAWL_NODE_GENERATED);
    }
  if (p->flags & TRAWL_FRAG_MULTIPLE_TAILS)
    {
      b = trawl_tree_add_boolean (pkt, n, *fields->hf_multiple_tails, rcur, 0, 0, 1);
      trawl_node_set_flags (b, TRAWL_NODE_GENERATED);
    }
  if (p->flags & TRAWL_FRAG_TOO_LONG)
    {
      b = trawl_tree_add_boolean (pkt, n, *fields->hf_too_long, rcur, 0, 0, 1);
      trawl_node_set_flags (b, TRAWL_NODE_GENERATED);
    }
}

void
trawl_ip_fragments_show (TrawlPacket              *pkt,
                         TrawlNode                *top,
                         const TrawlIpReassembled *r,
                         const TrawlIpFragFields  *fields,
                         TrawlCursor              *rcur)
{
  TrawlNode *list, *n;

  g_return_if_fail (pkt != NULL && r != NULL && fields != NULL && rcur != NULL);

  trawl_cursor_init (rcur, r->data, r->len);
  rcur->ds = trawl_packet_add_source (pkt, r->data, r->len, fields->source_name);
  if (rcur->ds == 0)
    {
      /* No room for another source: nothing can point into it. */
      rcur->end = 0;
      return;
    }

  list = trawl_tree_add_item (pkt, top, *fields->hf_fragments, rcur, 0, r->len, TRAWL_ENC_BE);
  trawl_node_set_flags (list, TRAWL_NODE_GENERATED);
  if (trawl_packet_labels_wanted (pkt))
    {
      GString *s = g_string_new (NULL);
      g_string_append_printf (s, "%u %s (%u byte%s): ", r->n_pieces,
                              r->n_pieces == 1 ? fields->fragment_name : fields->fragments_name,
                              r->len, r->len == 1 ? "" : "s");
      for (guint32 k = 0; k < r->n_pieces; k++)
        g_string_append_printf (s, "%s#%u(%u)", k ? ", " : "", r->pieces[k].frame, r->pieces[k].len);
      trawl_node_set_text (pkt, list, "%s", s->str);
      g_string_free (s, TRUE);
    }
  for (guint32 k = 0; k < r->n_pieces; k++)
    show_piece (pkt, list, rcur, &r->pieces[k], fields);
  n = trawl_tree_add_uint (pkt, list, *fields->hf_count, rcur, 0, 0, r->n_pieces);
  trawl_node_set_flags (n, TRAWL_NODE_GENERATED);
  n = trawl_tree_add_uint (pkt, list, *fields->hf_reassembled_length, rcur, 0, 0, r->len);
  trawl_node_set_flags (n, TRAWL_NODE_GENERATED);
  n = trawl_tree_add_item (pkt, list, *fields->hf_reassembled_data, rcur, 0, r->len, TRAWL_ENC_BE);
  trawl_node_set_flags (n, TRAWL_NODE_GENERATED);
}

void
trawl_ip_fragments_show_in (TrawlPacket              *pkt,
                            TrawlNode                *top,
                            TrawlCursor              *cur,
                            const TrawlIpReassembled *r,
                            const TrawlIpFragFields  *fields)
{
  TrawlNode *n;

  g_return_if_fail (pkt != NULL && r != NULL && fields != NULL);

  if (r->reassembled_in == 0 || r->reassembled_in == pkt->number || pkt->no_forward_refs)
    return;
  n = trawl_tree_add_uint (pkt, top, *fields->hf_reassembled_in, cur, 0, 0, r->reassembled_in);
  trawl_node_set_flags (n, TRAWL_NODE_GENERATED);
}
