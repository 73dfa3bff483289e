/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ip-reassembly.c: IPv4/IPv6 datagrams rebuilt on demand
 *
 * On ip-defrag.pcap (tests/captures/make-captures.sh defrag), where the
 * conformance suite compares every field with tshark: a frame shows the
 * same whatever was dissected before it, on any thread; a pass run in
 * pieces (as a live capture's) records what one pass records; every
 * piece of a rebuilt datagram holds the bytes its own frame carries; and
 * frames that are not fragments cost no memory. */
#include "config.h"

#include <string.h>

#include "trawl-test-util.h"
#include "analysis/trawl-ip-reassembly.h"

#define CAPTURE "ip-defrag.pcap"

static const char *const sig_fields[] = {
  "ip.fragment", "ip.fragment.error", "ip.fragment.count", "ip.reassembled_in",
  "ip.reassembled.length", "ip.reassembled.data", "ipv6.fragment",
  "ipv6.reassembled.in", "ipv6.reassembled.data", "icmp.checksum.status",
  "icmp.resp_in", "icmpv6.resp_in", "dns.count.answers", "data.len",
};

static void
dissect (TrawlPacket      *pkt,
         TrawlCaptureFile *file,
         TrawlAnalysis    *analysis,
         guint32           number,
         gboolean          first_pass)
{
  trawl_capture_file_fill_packet (file, number - 1, pkt);
  pkt->analysis = analysis;
  pkt->first_pass = first_pass;
  pkt->want_tree = !first_pass;
  pkt->want_columns = !first_pass;
  trawl_dissect_frame (pkt);
}

static void
collect_values (TrawlNode  *node,
                int         id,
                GString    *out)
{
  for (TrawlNode *c = node->first_child; c != NULL; c = c->next)
    {
      if (c->field && c->field->id == id)
        {
          g_string_append_c (out, ',');
          trawl_format_field_value (c, out);
        }
      collect_values (c, id, out);
    }
}

/* What a frame shows: Info, protocols, its data sources and the fields
 * of the reassembly and of the protocols above it. */
static char *
signature (TrawlPacket *pkt)
{
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, "%s|%s|%s|%u", pkt->col_protocol, pkt->col_info->str,
                          pkt->protocols->str, pkt->n_sources);
  for (guint i = 1; i < pkt->n_sources; i++)
    g_string_append_printf (s, "|%s:%u", pkt->sources[i].name, pkt->sources[i].len);
  for (guint i = 0; i < G_N_ELEMENTS (sig_fields); i++)
    {
      const TrawlField *f = trawl_field_lookup (sig_fields[i]);
      g_assert_nonnull (f);
      g_string_append_printf (s, "|%s=", sig_fields[i]);
      collect_values (pkt->root, f->id, s);
    }
  return g_string_free (s, FALSE);
}

/* Every frame's signature, dissected in @order (0-based indices). */
static GPtrArray *
signatures (TrawlCaptureFile *file,
            TrawlAnalysis    *analysis,
            const guint32    *order,
            guint32           n)
{
  g_autoptr(TrawlArena) arena = trawl_arena_new ();
  GPtrArray *sigs = g_ptr_array_new_full (n, g_free);
  TrawlPacket pkt;

  g_ptr_array_set_size (sigs, n);
  trawl_packet_init (&pkt, arena);
  for (guint32 k = 0; k < n; k++)
    {
      guint32 i = order ? order[k] : k;
      trawl_arena_reset (arena);
      dissect (&pkt, file, analysis, i + 1, FALSE);
      g_ptr_array_index (sigs, i) = signature (&pkt);
    }
  trawl_packet_clear (&pkt);
  return sigs;
}

static void
assert_same (GPtrArray  *want,
             GPtrArray  *got,
             const char *how)
{
  g_assert_cmpuint (want->len, ==, got->len);
  for (guint i = 0; i < want->len; i++)
    if (g_strcmp0 (want->pdata[i], got->pdata[i]) != 0)
      g_error ("%s: frame %u differs:\n  %s\n  %s", how, i + 1,
               (char *) want->pdata[i], (char *) got->pdata[i]);
}

static TrawlCaptureFile *
load (const char *name)
{
  g_autofree char *path = trawl_test_capture_path (name);
  g_autoptr(GError) error = NULL;
  TrawlCaptureFile *file = trawl_capture_file_load (path, &error);

  g_assert_no_error (error);
  return file;
}

/* A few frames of the capture really are reassembled datagrams. */
static guint
count_containing (GPtrArray  *sigs,
                  const char *needle)
{
  guint n = 0;

  for (guint i = 0; i < sigs->len; i++)
    n += strstr (sigs->pdata[i], needle) != NULL;
  return n;
}

static void
test_any_order (void)
{
  g_autoptr(TrawlCaptureFile) file = load (CAPTURE);
  g_autoptr(TrawlAnalysis) analysis = trawl_analysis_run (file, NULL, NULL);
  guint32 n = trawl_capture_file_get_n_frames (file);
  g_autofree guint32 *order = g_new (guint32, n);
  g_autoptr(GPtrArray) want = NULL, reverse = NULL, shuffled = NULL;
  GRand *rand = g_rand_new_with_seed (16);

  g_assert_nonnull (analysis);
  want = signatures (file, analysis, NULL, n);
  g_assert_cmpuint (count_containing (want, "Reassembled IPv4:"), >=, 8);
  g_assert_cmpuint (count_containing (want, "Reassembled IPv6:"), >=, 4);
  g_assert_cmpuint (count_containing (want, "[Reassembled in #"), >=, 10);

  for (guint32 i = 0; i < n; i++)
    order[i] = n - 1 - i;
  reverse = signatures (file, analysis, order, n);
  assert_same (want, reverse, "reverse order");

  for (guint32 i = n - 1; i > 0; i--)
    {
      guint32 j = g_rand_int_range (rand, 0, (gint32) i + 1), t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  shuffled = signatures (file, analysis, order, n);
  assert_same (want, shuffled, "shuffled order");
  g_rand_free (rand);
}

typedef struct
{
  TrawlCaptureFile *file;
  TrawlAnalysis    *analysis;
  guint32           n, seed;
  GPtrArray        *want;
} ThreadCase;

static gpointer
thread_run (gpointer data)
{
  ThreadCase *c = data;
  g_autofree guint32 *order = g_new (guint32, c->n);
  GPtrArray *got;

  for (guint32 i = 0; i < c->n; i++)
    order[i] = (i * 7 + c->seed) % c->n;
  for (guint round = 0; round < 5; round++)
    {
      got = signatures (c->file, c->analysis, c->seed % 2 ? order : NULL, c->n);
      assert_same (c->want, got, "thread");
      g_ptr_array_unref (got);
    }
  return NULL;
}

static void
test_threads (void)
{
  g_autoptr(TrawlCaptureFile) file = load (CAPTURE);
  g_autoptr(TrawlAnalysis) analysis = trawl_analysis_run (file, NULL, NULL);
  guint32 n = trawl_capture_file_get_n_frames (file);
  g_autoptr(GPtrArray) want = signatures (file, analysis, NULL, n);
  ThreadCase cases[4];
  GThread *threads[4];

  g_assert_cmpuint (n % 7, !=, 0);  /* i * 7 % n is then a permutation */
  for (guint t = 0; t < G_N_ELEMENTS (threads); t++)
    {
      cases[t] = (ThreadCase) { file, analysis, n, t + 1, want };
      threads[t] = g_thread_new ("defrag", thread_run, &cases[t]);
    }
  for (guint t = 0; t < G_N_ELEMENTS (threads); t++)
    g_thread_join (threads[t]);
}

/* As a live capture's pass: frames [0, k), later [k, n), one analysis. */
static void
test_pass_in_pieces (void)
{
  g_autoptr(TrawlCaptureFile) file = load (CAPTURE);
  g_autoptr(TrawlAnalysis) whole = trawl_analysis_run (file, NULL, NULL);
  guint32 n = trawl_capture_file_get_n_frames (file);
  g_autoptr(GPtrArray) want = signatures (file, whole, NULL, n);
  static const guint32 splits[] = { 6, 19, 34, 47, 61 };

  for (guint s = 0; s < G_N_ELEMENTS (splits); s++)
    {
      g_autoptr(TrawlAnalysis) pieces = trawl_analysis_new ();
      g_autoptr(TrawlArena) arena = trawl_arena_new ();
      g_autoptr(GPtrArray) got = NULL;
      TrawlPacket pkt;

      pieces->ipfrag = trawl_ip_reassembly_new_for_file (file);
      trawl_packet_init (&pkt, arena);
      for (guint32 i = 0; i < splits[s]; i++)
        dissect (&pkt, file, pieces, i + 1, TRUE);
      /* A frame dissected again by a pass that starts over there. */
      dissect (&pkt, file, pieces, splits[s], TRUE);
      for (guint32 i = splits[s]; i < n; i++)
        dissect (&pkt, file, pieces, i + 1, TRUE);
      trawl_packet_clear (&pkt);
      g_assert_cmpuint (trawl_ip_reassembly_n_fragments (pieces->ipfrag), ==,
                        trawl_ip_reassembly_n_fragments (whole->ipfrag));
      got = signatures (file, pieces, NULL, n);
      assert_same (want, got, "pass in pieces");
    }
}

/* Each piece of a datagram, where it did not overlap another, holds the
 * bytes its own frame shows as data. */
static void
test_pieces_hold_their_bytes (void)
{
  TrawlTestDissection *t = trawl_test_open_capture (CAPTURE);
  g_autoptr(GPtrArray) pieces = g_ptr_array_new ();
  const int ids[] = { trawl_field_lookup ("ip.fragment")->id, trawl_field_lookup ("ipv6.fragment")->id };
  guint32 n = trawl_capture_file_get_n_frames (t->file), checked = 0;

  for (guint32 number = 1; number <= n; number++)
    {
      trawl_test_dissect_frame (t, number);
      g_ptr_array_set_size (pieces, 0);
      for (guint k = 0; k < G_N_ELEMENTS (ids); k++)
        {
          TrawlNode *first = trawl_node_find (t->pkt.root, ids[k]);
          for (TrawlNode *p = first; p != NULL; p = p->next)
            if (p->field && p->field->id == ids[k] && p->first_child == NULL)
              g_ptr_array_add (pieces, p);
        }
      for (guint k = 0; k < pieces->len; k++)
        {
          TrawlNode *p = pieces->pdata[k];
          g_autoptr(TrawlArena) arena = trawl_arena_new ();
          guint8 *copy;
          guint32 len = p->len, start = p->start, frame = (guint32) p->v.u;
          TrawlPacket other;
          TrawlNode *data;

          g_assert_cmpuint (p->ds, >, 0);
          g_assert_cmpuint (start + len, <=, t->pkt.sources[p->ds].len);
          copy = g_memdup2 (t->pkt.sources[p->ds].data + start, len);
          trawl_packet_init (&other, arena);
          dissect (&other, t->file, t->analysis, frame, FALSE);
          if (frame != number)
            {
              data = trawl_node_find (other.root, trawl_field_lookup ("data.data")->id);
              g_assert_nonnull (data);
              g_assert_cmpuint (data->v.b.n, ==, len);
              g_assert_cmpmem (data->v.b.p, len, copy, len);
              checked++;
            }
          trawl_packet_clear (&other);
          g_free (copy);
        }
      /* The other dissection reused nothing of this one's: look again. */
      trawl_test_dissect_frame (t, number);
    }
  g_assert_cmpuint (checked, >=, 15);
  trawl_test_dissection_free (t);
}

/* Memory: one record per fragment, nothing for any other frame. */
static void
test_memory (void)
{
  g_autoptr(TrawlCaptureFile) file = load (CAPTURE);
  g_autoptr(TrawlAnalysis) analysis = trawl_analysis_run (file, NULL, NULL);
  g_autoptr(TrawlCaptureFile) plain = load ("http-curl.pcap");
  g_autoptr(TrawlAnalysis) plain_analysis = trawl_analysis_run (plain, NULL, NULL);
  TrawlTestDissection *t = trawl_test_open_capture (CAPTURE);
  guint32 n = trawl_capture_file_get_n_frames (file), fragments = 0;

  for (guint32 number = 1; number <= n; number++)
    {
      trawl_test_dissect_frame (t, number);
      fragments += trawl_test_find (t, "ipv6.fraghdr") != NULL ||
                   (trawl_test_find (t, "ip.flags.mf") != NULL &&
                    (trawl_test_find (t, "ip.flags.mf")->v.u ||
                     trawl_test_find (t, "ip.frag_offset")->v.u));
    }
  trawl_test_dissection_free (t);
  g_assert_cmpuint (fragments, >=, 40);
  g_assert_cmpuint (trawl_ip_reassembly_n_fragments (analysis->ipfrag), ==, fragments);
  g_assert_cmpuint (trawl_ip_reassembly_fragment_size (), <=, 28);
  g_assert_cmpuint (trawl_ip_reassembly_n_fragments (plain_analysis->ipfrag), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  trawl_dissectors_init ();
  g_test_add_func ("/defrag/any-order", test_any_order);
  g_test_add_func ("/defrag/threads", test_threads);
  g_test_add_func ("/defrag/pass-in-pieces", test_pass_in_pieces);
  g_test_add_func ("/defrag/pieces-hold-their-bytes", test_pieces_hold_their_bytes);
  g_test_add_func ("/defrag/memory", test_memory);
  return g_test_run ();
}
