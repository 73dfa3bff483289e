/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-icmp-analysis.c: ICMP and ICMPv6 echo request/reply pairs */
#include "config.h"

#include <string.h>

#include "trawl-icmp-analysis.h"
#include "dissect/trawl-checksum.h"
#include "dissect/trawl-hash.h"

typedef struct
{
  guint32 frame;
  guint32 other;
  gint64  ts_or_delta;   /* request: its time (first pass); reply: time since the request */
} EchoRec;

typedef struct
{
  TrawlAddress a, b;     /* lower address first: both directions meet */
  guint16      cksum, id, seq;
  guint8       version;
} EchoKey;

typedef struct
{
  GArray     *recs;      /* EchoRec, sorted by frame */
  /* unanswered requests: EchoKey* -> index + 1 of the request's EchoRec */
  GHashTable *pending;
} IcmpAnalysis;

static guint
echo_key_hash (gconstpointer p)
{
  return trawl_hash_bytes (p, sizeof (EchoKey));
}

static gboolean
echo_key_equal (gconstpointer a,
                gconstpointer b)
{
  return memcmp (a, b, sizeof (EchoKey)) == 0;
}

void
trawl_icmp_analysis_free (gpointer data)
{
  IcmpAnalysis *ia = data;

  if (ia == NULL)
    return;
  g_array_unref (ia->recs);
  g_hash_table_unref (ia->pending);
  g_free (ia);
}

static void
make_key (EchoKey           *key,
          const TrawlPacket *pkt,
          guint8             version,
          guint16            cksum,
          guint16            id,
          guint16            seq)
{
  gboolean swap = memcmp (&pkt->net_src, &pkt->net_dst, sizeof (TrawlAddress)) > 0;

  memset (key, 0, sizeof *key);  /* padding takes part in hash and equality */
  key->a = swap ? pkt->net_dst : pkt->net_src;
  key->b = swap ? pkt->net_src : pkt->net_dst;
  key->cksum = cksum;
  key->id = id;
  key->seq = seq;
  key->version = version;
}

void
trawl_icmp_analysis_track (TrawlPacket *pkt,
                           guint8       version,
                           gboolean     reply,
                           guint16      request_cksum,
                           guint16      id,
                           guint16      seq)
{
  IcmpAnalysis *ia;
  EchoRec rec = { pkt->number, 0, pkt->ts_ns };
  EchoKey key;
  guint idx;
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_if_fail (pkt != NULL && pkt->analysis != NULL);

  locker = trawl_analysis_locker (pkt->analysis);
  ia = pkt->analysis->icmp;
  if (ia == NULL)
    {
      ia = g_new0 (IcmpAnalysis, 1);
      ia->recs = g_array_new (FALSE, FALSE, sizeof (EchoRec));
      ia->pending = g_hash_table_new_full (echo_key_hash, echo_key_equal, g_free, NULL);
      pkt->analysis->icmp = ia;
    }
  /* A frame dissected twice in the pass records nothing new. */
  if (ia->recs->len > 0 &&
      g_array_index (ia->recs, EchoRec, ia->recs->len - 1).frame >= pkt->number)
    return;

  make_key (&key, pkt, version, request_cksum, id, seq);
  if (!reply)
    {
      /* A repeated request replaces the earlier one, as in Wireshark. */
      g_array_append_val (ia->recs, rec);
      g_hash_table_replace (ia->pending, g_memdup2 (&key, sizeof key),
                            GUINT_TO_POINTER (ia->recs->len));
      return;
    }

  rec.ts_or_delta = 0;
  idx = GPOINTER_TO_UINT (g_hash_table_lookup (ia->pending, &key));
  if (idx > 0)
    {
      /* Answered: a second reply to it finds nothing, as in Wireshark. */
      EchoRec *req = &g_array_index (ia->recs, EchoRec, idx - 1);
      req->other = pkt->number;
      rec.other = req->frame;
      rec.ts_or_delta = pkt->ts_ns - req->ts_or_delta;
      g_hash_table_remove (ia->pending, &key);
    }
  g_array_append_val (ia->recs, rec);
}

gboolean
trawl_icmp_analysis_lookup (const TrawlAnalysis *analysis,
                            guint32              number,
                            TrawlIcmpEcho       *out)
{
  const IcmpAnalysis *ia;
  guint lo = 0, hi;
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  if (analysis == NULL)
    return FALSE;
  locker = trawl_analysis_locker ((TrawlAnalysis *) analysis);
  if ((ia = analysis->icmp) == NULL)
    return FALSE;
  hi = ia->recs->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      const EchoRec *r = &g_array_index (ia->recs, EchoRec, mid);
      if (r->frame < number)
        lo = mid + 1;
      else if (r->frame > number)
        hi = mid;
      else
        {
          out->other = r->other;
          /* a request keeps its own time: only a reply has a delta */
          out->delta_ns = r->other > r->frame ? 0 : r->ts_or_delta;
          return TRUE;
        }
    }
  return FALSE;
}

static void
show_request (TrawlPacket               *pkt,
              TrawlNode                 *top,
              TrawlCursor               *cur,
              const TrawlIcmpEcho       *e,
              const TrawlIcmpEchoFields *fields)
{
  TrawlNode *n, *expert;

  if (e->other)
    {
      n = trawl_tree_add_uint (pkt, top, fields->hf_resp_in, cur, 0, 0, e->other);
      trawl_node_set_flags (n, TRAWL_NODE_GENERATED);
      trawl_col_append_info (pkt, " (reply in %u)", e->other);
      return;
    }
  n = trawl_tree_add_item (pkt, top, fields->hf_no_resp, cur, 0, 0, TRAWL_ENC_BE);
  trawl_node_set_flags (n, TRAWL_NODE_GENERATED);
  if (fields->expert_names_frame)
    expert = trawl_tree_add_expert (pkt, n, TRAWL_EXPERT_WARN, "%s in frame %u",
                                    fields->no_resp_expert, pkt->number);
  else
    expert = trawl_tree_add_expert (pkt, n, TRAWL_EXPERT_WARN, "%s", fields->no_resp_expert);
  trawl_node_set_expert_group (expert, TRAWL_EXPERT_GROUP_SEQUENCE);
  trawl_col_append_info (pkt, " (no response found!)");
}

void
trawl_icmp_echo_pairing (TrawlPacket               *pkt,
                         TrawlNode                 *top,
                         TrawlCursor               *cur,
                         gboolean                   reply,
                         const TrawlIcmpEchoFields *fields)
{
  TrawlIcmpEcho e;
  TrawlNode *n;

  g_return_if_fail (pkt != NULL && cur != NULL && fields != NULL);

  if (pkt->analysis == NULL || pkt->in_error_pkt)
    return;
  if (pkt->first_pass)
    {
      guint32 cksum = trawl_cursor_get_u16 (cur, 2);

      /* The request's checksum: the reply's with the difference of the
       * type words taken back (one's complement arithmetic). */
      if (reply)
        cksum = trawl_csum_fold ((guint16) ~cksum + fields->type_word_diff);
      trawl_icmp_analysis_track (pkt, fields->version, reply, (guint16) cksum,
                                 trawl_cursor_get_u16 (cur, 4), trawl_cursor_get_u16 (cur, 6));
      return;
    }
  if (!trawl_icmp_analysis_lookup (pkt->analysis, pkt->number, &e))
    return;
  if (!reply)
    {
      /* A single pass knows nothing yet of a request's reply, not even
       * that there is none (tshark shows neither). */
      if (!pkt->no_forward_refs)
        show_request (pkt, top, cur, &e, fields);
    }
  else if (e.other)
    {
      n = trawl_tree_add_uint (pkt, top, fields->hf_resp_to, cur, 0, 0, e.other);
      trawl_node_set_flags (n, TRAWL_NODE_GENERATED);
      n = trawl_tree_add_double (pkt, top, fields->hf_resptime, cur, 0, 0, e.delta_ns / 1e6);
      trawl_node_set_flags (n, TRAWL_NODE_GENERATED);
      trawl_node_set_text (pkt, n, "%s: %.3f ms", fields->resptime_label, e.delta_ns / 1e6);
      trawl_col_append_info (pkt, " (request in %u)", e.other);
    }
}
