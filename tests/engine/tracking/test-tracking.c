/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-tracking.c: facts that need earlier (or later) frames, against
 * tshark 4.0.17 on the committed captures.
 *
 * Unless said otherwise the expected values come from
 *   tshark -n -r CAPTURE -o tcp.desegment_tcp_streams:FALSE -T fields -e ...
 * and forward references (a later frame) from the same with -2. */
#include "config.h"

#include <string.h>

#include "trawl-test-util.h"
#include "analysis/trawl-tcp-analysis.h"

static void
assert_field (TrawlTestDissection *t,
              const char          *abbrev,
              const char          *expected)
{
  g_autofree char *v = trawl_test_field_values (t, abbrev);

  if (g_strcmp0 (v, expected) != 0)
    g_error ("frame %u %s: trawl '%s', tshark '%s'", t->pkt.number, abbrev,
             v ? v : "(absent)", expected ? expected : "(absent)");
}

static TrawlTestDissection *
open_capture (const char *name)
{
  TrawlTestDissection *t = trawl_test_open_capture (name);

  if (t == NULL)
    g_test_skip ("capture missing");
  return t;
}

/* ---- 1. TCP PDU tracking (DNS over TCP) ---- */

typedef struct
{
  const char *capture;
  guint32     query, response, continuation;
  const char *continuation_info;
  const char *continuation_protocols;
} PduCase;

static const PduCase pdu_cases[] = {
  { "dns-netns.pcap", 38, 40, 42,
    "[Continuation to #40] 53 \342\206\222 43633 [PSH, ACK] Seq=1209 Ack=37 Win=65536 Len=108 TSval=3767522658 TSecr=3237515641",
    "eth:ethertype:ip:tcp" },
  { "raw-ip.pcap", 36, 38, 40,
    "[Continuation to #38] 53 \342\206\222 43633 [PSH, ACK] Seq=1209 Ack=37 Win=65536 Len=108 TSval=3767522658 TSecr=3237515641",
    "raw:ip:tcp" },
};

static void
test_pdu (gconstpointer data)
{
  const PduCase *c = data;
  TrawlTestDissection *t = open_capture (c->capture);
  g_autofree char *last = NULL;

  if (t == NULL)
    return;
  /* The continuation first: the analysis makes the order irrelevant. */
  trawl_test_dissect_frame (t, c->continuation);
  last = g_strdup_printf ("%u", c->response);
  assert_field (t, "tcp.continuation_to", last);
  assert_field (t, "dns.id", NULL);
  assert_field (t, "tcp.pdu.size", NULL);
  assert_field (t, "tcp.len", "108");
  g_assert_cmpstr (t->pkt.col_info->str, ==, c->continuation_info);
  g_assert_cmpstr (t->pkt.col_protocol, ==, "TCP");
  g_assert_cmpstr (t->pkt.protocols->str, ==, c->continuation_protocols);

  trawl_test_dissect_frame (t, c->response);
  assert_field (t, "tcp.pdu.size", "1316");
  assert_field (t, "tcp.continuation_to", NULL);
  g_free (last);
  last = g_strdup_printf ("%u", c->continuation);
  assert_field (t, "tcp.pdu.last_frame", last);     /* tshark -2 */
  assert_field (t, "tcp.pdu.time", "0.000042000");  /* tshark -2 */
  assert_field (t, "dns.id", "0xf6a5");

  trawl_test_dissect_frame (t, c->query);
  assert_field (t, "tcp.pdu.size", "36");
  assert_field (t, "tcp.pdu.last_frame", NULL);
  assert_field (t, "tcp.continuation_to", NULL);
  trawl_test_dissection_free (t);
}

/* WebSocket frames report their size too (tshark -e tcp.pdu.size). */
static void
test_pdu_websocket (void)
{
  static const struct { guint32 frame; const char *size; } expect[] = {
    { 15, "12" }, { 17, "17" }, { 33, "9" }, { 36, "14" }, { 14, NULL },
  };
  TrawlTestDissection *t = open_capture ("ws-chat-eth.pcapng");

  if (t == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (expect); i++)
    {
      trawl_test_dissect_frame (t, expect[i].frame);
      assert_field (t, "tcp.pdu.size", expect[i].size);
    }
  trawl_test_dissection_free (t);
}

/* ---- 2. UDP datagrams quoted by ICMP errors ---- */

typedef struct
{
  const char *capture;
  guint32     frame;
  const char *stream;
} QuotedCase;

/* tshark -e udp.stream -e udp.time_relative on the ICMP errors. */
static const QuotedCase quoted_cases[] = {
  { "ipv4-frag-opts.pcap", 14, "0" },
  { "ipv4-frag-opts.pcap", 17, "1" },
  { "ipv6-icmpv6.pcap", 42, "1" },
  { "ipv6-icmpv6.pcap", 47, "2" },
};

static void
test_quoted_udp (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (quoted_cases); i++)
    {
      const QuotedCase *c = &quoted_cases[i];
      TrawlTestDissection *t = open_capture (c->capture);

      if (t == NULL)
        return;
      trawl_test_dissect_frame (t, c->frame);
      assert_field (t, "udp.stream", c->stream);
      assert_field (t, "udp.time_relative", NULL);
      assert_field (t, "udp.time_delta", NULL);
      trawl_test_dissection_free (t);
    }
}

/* A datagram first seen inside an ICMP error makes its stream (as
 * Wireshark's find_or_create_conversation), but the stream's times start
 * at its first datagram of its own. */
static void
test_quoted_udp_first (void)
{
  static const guint8 a[4] = { 10, 0, 0, 1 }, b[4] = { 10, 0, 0, 2 };
  g_autoptr(TrawlArena) arena = trawl_arena_new ();
  TrawlTcpAnalysis *ta = trawl_tcp_analysis_new (16);
  TrawlPacket pkt;
  TrawlUdpLookup lk;
  guint32 stream = 99;

  trawl_packet_init (&pkt, arena);
  trawl_address_set (&pkt.net_src, TRAWL_AT_IPv4, a);
  trawl_address_set (&pkt.net_dst, TRAWL_AT_IPv4, b);
  pkt.srcport = 1000;
  pkt.dstport = 2000;

  /* frame 1: another conversation; frame 2: the error quoting 1000 -> 2000 */
  pkt.number = 1;
  pkt.ts_ns = 1000;
  pkt.dstport = 3000;
  trawl_udp_analysis_track (ta, &pkt, &lk);
  g_assert_cmpuint (lk.stream, ==, 0);
  pkt.number = 2;
  pkt.ts_ns = 2000;
  pkt.dstport = 2000;
  pkt.in_error_pkt = TRUE;
  g_assert_cmpuint (trawl_udp_analysis_track_quoted (ta, &pkt), ==, 1);
  pkt.in_error_pkt = FALSE;

  /* frame 3: the reverse direction's first datagram of its own */
  pkt.number = 3;
  pkt.ts_ns = 5000;
  trawl_address_set (&pkt.net_src, TRAWL_AT_IPv4, b);
  trawl_address_set (&pkt.net_dst, TRAWL_AT_IPv4, a);
  pkt.srcport = 2000;
  pkt.dstport = 1000;
  trawl_udp_analysis_track (ta, &pkt, &lk);
  g_assert_cmpuint (lk.stream, ==, 1);
  g_assert_cmpint (lk.time_relative, ==, 0);
  g_assert_cmpint (lk.time_delta, ==, 0);

  /* random order: the error frame keeps its stream, a plain lookup of it fails */
  pkt.number = 2;
  g_assert_true (trawl_udp_analysis_lookup_quoted (ta, &pkt, &stream));
  g_assert_cmpuint (stream, ==, 1);
  g_assert_false (trawl_udp_analysis_lookup (ta, &pkt, &lk));
  pkt.number = 3;
  g_assert_false (trawl_udp_analysis_lookup_quoted (ta, &pkt, &stream));

  trawl_packet_clear (&pkt);
  trawl_tcp_analysis_free (ta);
}

/* ---- 3. ICMP and ICMPv6 echo pairs ---- */

typedef struct
{
  const char *capture;
  guint32     frame;
  const char *field, *value;
  const char *info_suffix;   /* the end of the Info column */
} EchoCase;

/* tshark -2 -n -T fields -e icmp.resp_in ... (fragments reassembled) and
 * its summary lines (single-pass tshark has no resp_in nor "(reply in N)"). */
static const EchoCase echo_cases[] = {
  { "dns-netns.pcap", 3, "icmp.resp_in", "4", "ttl=64 (reply in 4)" },
  { "dns-netns.pcap", 4, "icmp.resp_to", "3", "ttl=64 (request in 3)" },
  { "dns-netns.pcap", 4, "icmp.resptime", "0.018", NULL },
  { "raw-ip.pcap", 2, "icmp.resp_to", "1", "ttl=64 (request in 1)" },
  { "vlan-qinq.pcap", 9, "icmp.resp_in", "10", "seq=2/512, ttl=64 (reply in 10)" },
  { "vlan-qinq.pcap", 10, "icmp.resptime", "0.718", "seq=2/512, ttl=64 (request in 9)" },
  { "ipv6-icmpv6.pcap", 16, "icmpv6.resp_in", "17", "hop limit=64 (reply in 17)" },
  { "ipv6-icmpv6.pcap", 17, "icmpv6.resp_to", "16", "hop limit=64 (request in 16)" },
  { "ipv6-icmpv6.pcap", 17, "icmpv6.resptime", "0.007", NULL },
  { "ipv6-icmpv6.pcap", 22, "icmpv6.resp_in", "25", NULL },
  { "ipv6-icmpv6.pcap", 25, "icmpv6.resptime", "0.014", "seq=1, hop limit=64 (request in 22)" },
  { "ipv6-icmpv6.pcap", 44, "icmpv6.resp_to", "43", NULL },
  /* a request sent in IP fragments: the frame that completes it */
  { "ipv4-frag-opts.pcap", 5, "icmp.resp_in", "8", NULL },
};

static void
test_echo (void)
{
  /* Backwards: the pairs come from the analysis, not from dissection order. */
  for (guint i = G_N_ELEMENTS (echo_cases); i-- > 0;)
    {
      const EchoCase *c = &echo_cases[i];
      TrawlTestDissection *t = open_capture (c->capture);

      if (t == NULL)
        return;
      trawl_test_dissect_frame (t, c->frame);
      assert_field (t, c->field, c->value);
      assert_field (t, "icmp.no_resp", NULL);
      assert_field (t, "icmpv6.no_resp", NULL);
      if (c->info_suffix)
        g_assert_true (g_str_has_suffix (t->pkt.col_info->str, c->info_suffix));
      trawl_test_dissection_free (t);
    }
}

/* A request without reply: tshark -2 on frame 3 of dns-netns.pcap alone
 * (tshark -r dns-netns.pcap -Y frame.number==3 -w one.pcap):
 * "... ttl=64 (no response found!)", [No response seen] with a warning. */
static void
test_echo_unanswered (void)
{
  TrawlTestDissection *t = open_capture ("dns-netns.pcap");
  g_autoptr(TrawlAnalysis) an = trawl_analysis_new ();
  TrawlNode *n;

  if (t == NULL)
    return;
  /* an analysis pass that saw only this frame, then the dissection */
  for (guint pass = 0; pass < 2; pass++)
    {
      trawl_capture_file_fill_packet (t->file, 2, &t->pkt);
      t->pkt.analysis = an;
      trawl_packet_set_options (&t->pkt, &(TrawlDissectOptions) {
                                  .first_pass = pass == 0, .tree = pass == 1, .columns = pass == 1 });
      trawl_dissect_frame (&t->pkt);
    }
  g_assert_true (g_str_has_suffix (t->pkt.col_info->str, "ttl=64 (no response found!)"));
  n = trawl_test_find (t, "icmp.no_resp");
  g_assert_nonnull (n);
  g_assert_nonnull (n->first_child);
  g_assert_cmpstr (n->first_child->text, ==, "No response seen to ICMP request");
  g_assert_cmpuint (t->pkt.expert_max, ==, TRAWL_EXPERT_WARN);
  assert_field (t, "icmp.resp_in", NULL);
  trawl_test_dissection_free (t);
}

/* ---- 4. TCP FIN notes, the Info fence ---- */

/* tshark -V: the expert note under "[TCP Flags: ...]" of a FIN; frames
 * from tshark -Y tcp.connection.fin_active / fin_passive. */
static void
test_fin_notes (void)
{
  static const struct { const char *capture; guint32 frame; gboolean passive; } fins[] = {
    { "dns-netns.pcap", 30, FALSE }, { "dns-netns.pcap", 31, TRUE },
    { "http-curl.pcap", 8, FALSE }, { "http-curl.pcap", 9, TRUE },
    { "http-curl.pcap", 50, FALSE }, { "http-curl.pcap", 51, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (fins); i++)
    {
      TrawlTestDissection *t = open_capture (fins[i].capture);
      TrawlNode *n;

      if (t == NULL)
        return;
      trawl_test_dissect_frame (t, fins[i].frame);
      n = trawl_test_find (t, "tcp.flags.str");
      g_assert_nonnull (n);
      g_assert_nonnull (n->first_child);
      g_assert_true (n->first_child->flags & TRAWL_NODE_EXPERT);
      g_assert_cmpuint (n->first_child->severity, ==, TRAWL_EXPERT_NOTE);
      g_assert_cmpuint (n->first_child->group, ==, TRAWL_EXPERT_GROUP_SEQUENCE);
      g_assert_cmpstr (n->first_child->text, ==,
                       fins[i].passive ? "This frame undergoes the connection closing"
                                       : "This frame initiates the connection closing");
      /* the frame before a FIN (an ACK, or the first FIN's data) has none */
      trawl_test_dissect_frame (t, fins[i].frame - 2);
      n = trawl_test_find (t, "tcp.flags.str");
      g_assert_true (n == NULL || n->first_child == NULL);
      trawl_test_dissection_free (t);
    }
}

/* Wireshark's col_set_fence / col_prepend_fence_fstr. */
static void
test_fence (void)
{
  g_autoptr(TrawlArena) arena = trawl_arena_new ();
  TrawlPacket pkt;

  trawl_packet_init (&pkt, arena);
  trawl_packet_set_options (&pkt, &(TrawlDissectOptions) { .tree = TRUE, .columns = TRUE });
  trawl_packet_reset_output (&pkt);
  trawl_col_set_info (&pkt, "80 \342\206\222 1234 [ACK]");
  trawl_col_prepend_fence_str (&pkt, "[TCP Retransmission] ");
  trawl_col_prepend_fence_str (&pkt, "[Continuation to #4] ");
  g_assert_cmpstr (pkt.col_info->str, ==, "[Continuation to #4] [TCP Retransmission] 80 \342\206\222 1234 [ACK]");
  trawl_col_clear_info (&pkt);
  g_assert_cmpstr (pkt.col_info->str, ==, "[Continuation to #4] [TCP Retransmission] ");
  trawl_col_set_info (&pkt, "GET / HTTP/1.1");
  g_assert_cmpstr (pkt.col_info->str, ==, "[Continuation to #4] [TCP Retransmission] GET / HTTP/1.1");
  trawl_col_set_fence (&pkt);
  trawl_col_set_info (&pkt, " , more");
  g_assert_cmpstr (pkt.col_info->str, ==, "[Continuation to #4] [TCP Retransmission] GET / HTTP/1.1 , more");
  /* the next frame starts without a fence */
  trawl_packet_reset_output (&pkt);
  trawl_col_set_info (&pkt, "x");
  trawl_col_clear_info (&pkt);
  g_assert_cmpstr (pkt.col_info->str, ==, "");
  trawl_packet_clear (&pkt);
}

/* tshark -o tcp.desegment_tcp_streams:FALSE: the TCP prefix outlives
 * WebSocket's Info (and HTTP's, DNS's). */
static void
test_fence_capture (void)
{
  TrawlTestDissection *t = open_capture ("../../data/chat.pcap");

  if (t == NULL)
    return;
  trawl_test_dissect_frame (t, 47);
  g_assert_cmpstr (t->pkt.col_info->str, ==, "[TCP Previous segment not captured] WebSocket Text [FIN] ");
  trawl_test_dissect_frame (t, 46);
  g_assert_cmpstr (t->pkt.col_info->str, ==, "WebSocket Text [FIN] ");
  trawl_test_dissection_free (t);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  trawl_dissectors_init ();
  for (guint i = 0; i < G_N_ELEMENTS (pdu_cases); i++)
    {
      g_autofree char *p = g_strdup_printf ("/tracking/tcp-pdu/%s", pdu_cases[i].capture);
      g_test_add_data_func (p, &pdu_cases[i], test_pdu);
    }
  g_test_add_func ("/tracking/tcp-pdu/websocket", test_pdu_websocket);
  g_test_add_func ("/tracking/udp-quoted/captures", test_quoted_udp);
  g_test_add_func ("/tracking/udp-quoted/first", test_quoted_udp_first);
  g_test_add_func ("/tracking/icmp-echo/captures", test_echo);
  g_test_add_func ("/tracking/icmp-echo/unanswered", test_echo_unanswered);
  g_test_add_func ("/tracking/tcp-fin/notes", test_fin_notes);
  g_test_add_func ("/tracking/info-fence/core", test_fence);
  g_test_add_func ("/tracking/info-fence/chat", test_fence_capture);
  return g_test_run ();
}
