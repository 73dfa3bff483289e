/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-transport.c: TCP/UDP header parsing, malformed segments, and the
 * per-frame stream/sequence values of real captures against tshark */
#include "config.h"

#include <string.h>

#include "trawl-test-util.h"
#include "dissect/trawl-linktype.h"
#include "analysis/trawl-tcp-analysis.h"

/* ---- dissecting an L4 segment directly (independent of ip.c) ---- */

typedef struct
{
  TrawlArena  *arena;
  TrawlPacket  pkt;
} L4;

static void
l4_init (L4 *t)
{
  trawl_dissectors_init ();
  t->arena = trawl_arena_new ();
  trawl_packet_init (&t->pkt, t->arena);
}

static void
l4_clear (L4 *t)
{
  trawl_packet_clear (&t->pkt);
  trawl_arena_free (t->arena);
}

/* Dissect @len bytes as the payload of an IPv4 packet 10.0.0.1 -> 10.0.0.2
 * (or the reverse) carrying protocol @proto. */
static void
l4_dissect (L4 *t, guint32 number, gint64 ts, gboolean reverse, guint8 proto,
            const guint8 *data, guint32 len, TrawlAnalysis *analysis,
            gboolean first_pass)
{
  static const guint8 a[4] = { 10, 0, 0, 1 }, b[4] = { 10, 0, 0, 2 };
  TrawlCursor cur;
  TrawlDissector d;

  t->pkt.number = number;
  t->pkt.data = data;
  t->pkt.caplen = t->pkt.wirelen = len;
  t->pkt.ts_ns = ts;
  t->pkt.analysis = analysis;
  trawl_packet_set_options (&t->pkt, &(TrawlDissectOptions) {
                              .first_pass = first_pass, .tree = !first_pass, .columns = !first_pass });
  trawl_packet_reset_output (&t->pkt);
  trawl_address_set (&t->pkt.net_src, TRAWL_AT_IPv4, reverse ? b : a);
  trawl_address_set (&t->pkt.net_dst, TRAWL_AT_IPv4, reverse ? a : b);
  trawl_cursor_init (&cur, data, len);
  d = trawl_dissector_table_lookup (TRAWL_TABLE_IP_PROTO, proto);
  g_assert_nonnull (d);
  d (&t->pkt, &cur, t->pkt.root);
}

static char *
values (TrawlPacket *pkt, const char *abbrev)
{
  const TrawlField *f = trawl_field_lookup (abbrev);
  GString *s = g_string_new (NULL);
  GPtrArray *stack = g_ptr_array_new ();
  gboolean any = FALSE;

  g_assert_nonnull (f);
  /* depth-first, document order */
  for (TrawlNode *n = pkt->root->first_child; n; )
    {
      if (n->field && n->field->id == f->id)
        {
          if (any)
            g_string_append_c (s, ',');
          trawl_format_field_value (n, s);
          any = TRUE;
        }
      if (n->first_child)
        {
          g_ptr_array_add (stack, n->next);
          n = n->first_child;
          continue;
        }
      n = n->next;
      while (n == NULL && stack->len > 0)
        n = g_ptr_array_steal_index (stack, stack->len - 1);
    }
  g_ptr_array_unref (stack);
  return g_string_free (s, !any);
}

#define assert_value(pkt, abbrev, expected) \
  G_STMT_START { g_autofree char *v_ = values ((pkt), (abbrev)); \
    g_assert_cmpstr (v_, ==, (expected)); } G_STMT_END

/* SYN from 40001 to 81: MSS 1460, SACK_PERM, NOP, WS 7, EOL (synthetic.pcap frame 2) */
static const guint8 syn[] = {
  0x9c, 0x41, 0x00, 0x51, 0x00, 0x00, 0x00, 0x64, 0x00, 0x00, 0x00, 0x00,
  0x80, 0x02, 0x20, 0x00, 0x12, 0x34, 0x00, 0x00,
  0x02, 0x04, 0x05, 0xb4, 0x04, 0x02, 0x01, 0x03, 0x03, 0x07, 0x00, 0x00
};
/* SYN+ACK 81 -> 40001, seq 500 ack 101, WS 2 */
static const guint8 synack[] = {
  0x00, 0x51, 0x9c, 0x41, 0x00, 0x00, 0x01, 0xf4, 0x00, 0x00, 0x00, 0x65,
  0x60, 0x12, 0x20, 0x00, 0x12, 0x34, 0x00, 0x00,
  0x03, 0x03, 0x02, 0x00
};
/* ACK with SACK 600-700 800-900 (relative 100-200 300-400), window 50 */
static const guint8 ack_sack[] = {
  0x9c, 0x41, 0x00, 0x51, 0x00, 0x00, 0x00, 0x65, 0x00, 0x00, 0x01, 0xf5,
  0xa0, 0x10, 0x00, 0x32, 0x12, 0x34, 0x00, 0x00,
  0x01, 0x01, 0x05, 0x12, 0x00, 0x00, 0x02, 0x58, 0x00, 0x00, 0x02, 0xbc,
  0x00, 0x00, 0x03, 0x20, 0x00, 0x00, 0x03, 0x84
};
/* PSH, ACK with "hello" */
static const guint8 data5[] = {
  0x9c, 0x41, 0x00, 0x51, 0x00, 0x00, 0x00, 0x65, 0x00, 0x00, 0x01, 0xf5,
  0x50, 0x18, 0x00, 0x32, 0x12, 0x34, 0x00, 0x00, 'h', 'e', 'l', 'l', 'o'
};

static void
test_handshake (void)
{
  L4 t;
  g_autoptr(TrawlAnalysis) an = trawl_analysis_new ();
  const guint8 *frames[] = { syn, synack, ack_sack, data5 };
  const guint32 lens[] = { sizeof syn, sizeof synack, sizeof ack_sack, sizeof data5 };
  const gboolean rev[] = { FALSE, TRUE, FALSE, FALSE };

  l4_init (&t);
  for (guint i = 0; i < 4; i++)
    l4_dissect (&t, i + 1, 1000 * i, rev[i], 6, frames[i], lens[i], an, TRUE);

  /* Random order after the pass; values from tshark on synthetic.pcap. */
  l4_dissect (&t, 3, 2000, FALSE, 6, ack_sack, sizeof ack_sack, an, FALSE);
  assert_value (&t.pkt, "tcp.seq", "1");
  assert_value (&t.pkt, "tcp.ack", "1");
  assert_value (&t.pkt, "tcp.window_size", "6400");
  assert_value (&t.pkt, "tcp.window_size_scalefactor", "128");
  assert_value (&t.pkt, "tcp.options.sack_le", "100,300");
  assert_value (&t.pkt, "tcp.options.sack_re", "200,400");
  assert_value (&t.pkt, "tcp.analysis.acks_frame", "2");
  g_assert_cmpstr (t.pkt.col_info->str, ==,
                   "40001 \342\206\222 81 [ACK] Seq=1 Ack=1 Win=6400 Len=0 SLE=100 SRE=200 SLE=300 SRE=400");

  l4_dissect (&t, 1, 0, FALSE, 6, syn, sizeof syn, an, FALSE);
  g_assert_cmpstr (t.pkt.col_info->str, ==,
                   "40001 \342\206\222 81 [SYN] Seq=0 Win=8192 Len=0 MSS=1460 SACK_PERM WS=128");
  assert_value (&t.pkt, "tcp.flags.str", "\302\267\302\267\302\267\302\267\302\267\302\267\302\267\302\267\302\267\302\267S\302\267");
  assert_value (&t.pkt, "tcp.nxtseq", "1");
  assert_value (&t.pkt, "tcp.options.mss_val", "1460");
  assert_value (&t.pkt, "tcp.options.wscale.multiplier", "128");
  assert_value (&t.pkt, "tcp.hdr_len", "32");

  l4_dissect (&t, 2, 1000, TRUE, 6, synack, sizeof synack, an, FALSE);
  g_assert_cmpstr (t.pkt.col_info->str, ==,
                   "81 \342\206\222 40001 [SYN, ACK] Seq=0 Ack=1 Win=8192 Len=0 WS=4");

  l4_dissect (&t, 4, 3000, FALSE, 6, data5, sizeof data5, an, FALSE);
  assert_value (&t.pkt, "tcp.len", "5");
  assert_value (&t.pkt, "tcp.nxtseq", "6");
  assert_value (&t.pkt, "tcp.payload", "68656c6c6f");
  assert_value (&t.pkt, "tcp.analysis.bytes_in_flight", "5");
  assert_value (&t.pkt, "tcp.analysis.push_bytes_sent", "5");
  assert_value (&t.pkt, "tcp.stream", "0");
  g_assert_cmpstr (t.pkt.protocols->str, ==, "tcp:data");
  l4_clear (&t);
}

static void
test_malformed (void)
{
  L4 t;
  /* header length 12 (bogus), and header length 60 with 20 bytes present */
  guint8 bogus[20], longhdr[20];

  l4_init (&t);
  memcpy (bogus, data5, 20);
  bogus[12] = 0x30;
  l4_dissect (&t, 1, 0, FALSE, 6, bogus, sizeof bogus, NULL, FALSE);
  g_assert_true (g_str_has_suffix (t.pkt.col_info->str, ", bogus TCP header length (12, must be at least 20)"));
  g_assert_true (t.pkt.malformed || t.pkt.expert_max >= TRAWL_EXPERT_ERROR);

  memcpy (longhdr, data5, 20);
  longhdr[12] = 0xf0;
  l4_dissect (&t, 1, 0, FALSE, 6, longhdr, sizeof longhdr, NULL, FALSE);
  g_assert_true (t.pkt.malformed);
  assert_value (&t.pkt, "tcp.seq", "101");   /* no segment length: raw, as tshark */
  g_assert_null (values (&t.pkt, "tcp.len"));

  /* Every truncation of a valid segment: no crash, marked malformed. */
  for (guint32 n = 0; n < sizeof ack_sack; n++)
    {
      g_autofree guint8 *copy = g_memdup2 (ack_sack, n ? n : 1);
      l4_dissect (&t, 1, 0, FALSE, 6, copy, n, NULL, FALSE);
      g_assert_true (t.pkt.malformed);
    }
  /* Option with a length running past the header. */
  {
    guint8 bad[sizeof syn];
    memcpy (bad, syn, sizeof syn);
    bad[21] = 40;
    l4_dissect (&t, 1, 0, FALSE, 6, bad, sizeof bad, NULL, FALSE);
    g_assert_true (t.pkt.malformed);
  }
  l4_clear (&t);
}

static void
test_udp (void)
{
  L4 t;
  static const guint8 udp[] = { 0x13, 0x88, 0x17, 0x70, 0x00, 0x0e, 0x96, 0xaa, 'a', 'b', 'c', 'd', 'e', 'f' };
  guint8 copy[sizeof udp];
  g_autoptr(TrawlAnalysis) an = trawl_analysis_new ();

  l4_init (&t);
  l4_dissect (&t, 1, 0, FALSE, 17, udp, sizeof udp, NULL, FALSE);
  g_assert_cmpstr (t.pkt.col_info->str, ==, "5000 \342\206\222 6000 Len=6");
  assert_value (&t.pkt, "udp.length", "14");
  assert_value (&t.pkt, "udp.checksum.status", "2");
  assert_value (&t.pkt, "udp.stream", "0");
  assert_value (&t.pkt, "udp.port", "5000,6000");

  memcpy (copy, udp, sizeof udp);
  copy[5] = 100;
  l4_dissect (&t, 1, 0, FALSE, 17, copy, sizeof copy, NULL, FALSE);
  g_assert_cmpstr (t.pkt.col_info->str, ==, "5000 \342\206\222 6000 [BAD UDP LENGTH 100 > IP PAYLOAD LENGTH] Len=92");
  copy[5] = 3;
  l4_dissect (&t, 1, 0, FALSE, 17, copy, sizeof copy, NULL, FALSE);
  g_assert_cmpstr (t.pkt.col_info->str, ==, "5000 \342\206\222 6000 [BAD UDP LENGTH 3 < 8]");
  copy[5] = 10;  /* length limits the payload */
  l4_dissect (&t, 1, 0, FALSE, 17, copy, sizeof copy, NULL, FALSE);
  assert_value (&t.pkt, "udp.payload", "6162");

  /* streams: both directions of one conversation share a stream */
  l4_dissect (&t, 1, 0, FALSE, 17, udp, sizeof udp, an, TRUE);
  memcpy (copy, udp, sizeof udp);
  copy[0] = 0x17; copy[1] = 0x70; copy[2] = 0x13; copy[3] = 0x88;
  l4_dissect (&t, 2, 5, TRUE, 17, copy, sizeof copy, an, TRUE);
  copy[0] = 0x17; copy[1] = 0x71;
  l4_dissect (&t, 3, 9, TRUE, 17, copy, sizeof copy, an, TRUE);
  l4_dissect (&t, 2, 5, TRUE, 17, copy, sizeof copy, an, FALSE);
  assert_value (&t.pkt, "udp.stream", "0");
  l4_dissect (&t, 3, 9, TRUE, 17, copy, sizeof copy, an, FALSE);
  assert_value (&t.pkt, "udp.stream", "1");
  l4_clear (&t);
}

static void
test_memory (void)
{
  /* The analysis keeps one small record per frame: with the 32-byte
   * index record this stays well under 100 bytes per frame. */
  g_assert_cmpuint (trawl_tcp_analysis_frame_size () + sizeof (TrawlFrameRecord), <=, 64);
}

/* ---- captures against tshark ---- */

static const char *const columns[] = {
  "tcp.stream", "tcp.seq", "tcp.ack", "tcp.nxtseq", "tcp.window_size", "tcp.len", "udp.stream"
};

/* Minimal link + IP walk used only while ip.c is not there yet. */
static gboolean
mini_l3 (TrawlPacket *pkt, guint32 linktype, TrawlCursor *l4, guint8 *proto)
{
  TrawlCursor c;
  guint32 off, etype;
  guint8 v;

  trawl_cursor_init (&c, pkt->data, pkt->caplen);
  switch (linktype)
    {
    case TRAWL_LINKTYPE_ETHERNET: off = 14; etype = trawl_cursor_get_u16 (&c, 12); break;
    case TRAWL_LINKTYPE_LINUX_SLL: off = 16; etype = trawl_cursor_get_u16 (&c, 14); break;
    case TRAWL_LINKTYPE_LINUX_SLL2: off = 20; etype = trawl_cursor_get_u16 (&c, 0); break;
    default: return FALSE;
    }
  while (etype == 0x8100 || etype == 0x88a8)
    {
      etype = trawl_cursor_get_u16 (&c, off + 2);
      off += 4;
    }
  v = trawl_cursor_get_u8 (&c, off) >> 4;
  if (etype == 0x0800 && v == 4)
    {
      guint32 ihl = (trawl_cursor_get_u8 (&c, off) & 15) * 4, tot = trawl_cursor_get_u16 (&c, off + 2);
      if (trawl_cursor_get_u16 (&c, off + 6) & 0x3fff)
        return FALSE;
      *proto = trawl_cursor_get_u8 (&c, off + 9);
      trawl_address_set (&pkt->net_src, TRAWL_AT_IPv4, trawl_cursor_ptr (&c, off + 12, 4));
      trawl_address_set (&pkt->net_dst, TRAWL_AT_IPv4, trawl_cursor_ptr (&c, off + 16, 4));
      *l4 = trawl_cursor_sub (&c, off + ihl, tot > ihl ? tot - ihl : 0, NULL);
    }
  else if (etype == 0x86dd && v == 6)
    {
      *proto = trawl_cursor_get_u8 (&c, off + 6);
      trawl_address_set (&pkt->net_src, TRAWL_AT_IPv6, trawl_cursor_ptr (&c, off + 8, 16));
      trawl_address_set (&pkt->net_dst, TRAWL_AT_IPv6, trawl_cursor_ptr (&c, off + 24, 16));
      *l4 = trawl_cursor_sub (&c, off + 40, trawl_cursor_get_u16 (&c, off + 4), NULL);
    }
  else
    return FALSE;
  return !c.error && (*proto == 6 || *proto == 17);
}

static void
mini_dissect (TrawlCaptureFile *file, guint32 i, TrawlPacket *pkt, TrawlAnalysis *an, gboolean first)
{
  TrawlCursor l4;
  guint8 proto = 0;
  guint32 linktype;

  trawl_capture_file_fill_packet (file, i, pkt);
  linktype = pkt->linktype;
  pkt->analysis = an;
  trawl_packet_set_options (pkt, &(TrawlDissectOptions) { .first_pass = first, .tree = !first, .columns = !first });
  trawl_packet_reset_output (pkt);
  if (mini_l3 (pkt, linktype, &l4, &proto))
    trawl_dissector_table_lookup (TRAWL_TABLE_IP_PROTO, proto) (pkt, &l4, pkt->root);
}

static void
test_capture (gconstpointer data)
{
  const char *name = data;
  g_autofree char *expected_path = g_build_filename (g_getenv ("TRAWL_TRANSPORT_EXPECTED"), name, NULL);
  g_autofree char *tsv_path = g_strconcat (expected_path, ".tsv", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TrawlCaptureFile) file = NULL;
  g_autoptr(TrawlAnalysis) an = NULL;
  g_autoptr(TrawlArena) arena = NULL;
  gboolean have_ip;
  TrawlPacket pkt;
  guint mismatches = 0;

  if (!g_file_get_contents (tsv_path, &contents, NULL, NULL))
    {
      g_test_skip ("no expected values");
      return;
    }
  path = g_str_equal (name, "chat.pcap") ? g_build_filename (g_getenv ("TRAWL_CAPTURES"), "..", "..", "data", name, NULL)
       : g_str_equal (name, "synthetic.pcap") ? g_build_filename (g_getenv ("TRAWL_TRANSPORT_EXPECTED"), "..", name, NULL)
       : trawl_test_capture_path (name);
  file = trawl_capture_file_load (path, &error);
  if (file == NULL)
    {
      g_test_skip (error->message);
      return;
    }

  trawl_dissectors_init ();
  have_ip = trawl_field_lookup ("ip.src") != NULL &&
            trawl_dissector_table_lookup (TRAWL_TABLE_ETHERTYPE, 0x0800) != NULL &&
            trawl_dissector_table_lookup (TRAWL_TABLE_ETHERTYPE, 0x86dd) != NULL;
  arena = trawl_arena_new ();
  trawl_packet_init (&pkt, arena);
  if (have_ip)
    an = trawl_analysis_run (file, NULL, &error);
  else
    {
      an = trawl_analysis_new ();
      for (guint32 i = 0; i < trawl_capture_file_get_n_frames (file); i++)
        mini_dissect (file, i, &pkt, an, TRUE);
    }
  g_assert_no_error (error);

  lines = g_strsplit (contents, "\n", -1);
  /* Dissect in reverse order: the analysis must make order irrelevant. */
  for (gint i = (gint) g_strv_length (lines) - 1; i >= 0; i--)
    {
      g_auto(GStrv) cols = NULL;
      guint32 number;

      if (lines[i][0] == '\0')
        continue;
      cols = g_strsplit (lines[i], "\t", -1);
      number = (guint32) g_ascii_strtoull (cols[0], NULL, 10);
      g_assert_cmpuint (number, <=, trawl_capture_file_get_n_frames (file));
      if (have_ip)
        {
          trawl_capture_file_fill_packet (file, number - 1, &pkt);
          pkt.analysis = an;
          trawl_packet_set_options (&pkt, &(TrawlDissectOptions) { .tree = TRUE, .columns = TRUE });
          trawl_dissect_frame (&pkt);
        }
      else
        mini_dissect (file, number - 1, &pkt, an, FALSE);
      for (guint c = 0; c < G_N_ELEMENTS (columns) && cols[c + 1]; c++)
        {
          g_autofree char *v = values (&pkt, columns[c]);
          if (g_strcmp0 (v ? v : "", cols[c + 1]) != 0)
            {
              g_printerr ("%s frame %u %s: trawl '%s' tshark '%s'\n", name, number,
                          columns[c], v ? v : "", cols[c + 1]);
              mismatches++;
            }
        }
    }
  trawl_packet_clear (&pkt);
  g_assert_cmpuint (mismatches, ==, 0);
}

int
main (int argc, char **argv)
{
  static const char *const captures[] = {
    "http-curl.pcap", "ws-chat-eth.pcapng", "dns-netns.pcap", "chat.pcap", "synthetic.pcap"
  };

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/transport/tcp/handshake", test_handshake);
  g_test_add_func ("/transport/tcp/malformed", test_malformed);
  g_test_add_func ("/transport/udp/basic", test_udp);
  g_test_add_func ("/transport/memory", test_memory);
  for (guint i = 0; i < G_N_ELEMENTS (captures); i++)
    {
      g_autofree char *p = g_strdup_printf ("/transport/capture/%s", captures[i]);
      g_test_add_data_func (p, captures[i], test_capture);
    }
  return g_test_run ();
}
