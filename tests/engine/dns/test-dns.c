/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-dns.c: DNS and DHCP dissectors on real payloads and hostile bytes
 *
 * The payloads are DNS/DHCP messages cut from tests/captures/dns-netns.pcap
 * and dhcp-netns.pcap; expected values are what tshark 4.0 prints for the
 * same frames.  The dissectors are called through the port tables, so the
 * tests do not depend on the IP and UDP layers.
 */
#include "config.h"

#include <time.h>

#include "trawl-test-util.h"

typedef struct
{
  TrawlArena  *arena;
  TrawlPacket  pkt;
  guint8      *bytes;
  gboolean     taken;
} Dissection;

static Dissection *
dissect_payload_as (TrawlTableId  table,
                    guint32       port,
                    const char   *hex,
                    gboolean      want_output);

/* Dissected with the tree and the columns. */
static Dissection *
dissect_payload (TrawlTableId  table,
                 guint32       port,
                 const char   *hex)
{
  return dissect_payload_as (table, port, hex, TRUE);
}

/* Without tree and columns (as the analysis pass) when !@want_output. */
static Dissection *
dissect_payload_as (TrawlTableId  table,
                    guint32       port,
                    const char   *hex,
                    gboolean      want_output)
{
  Dissection *d = g_new0 (Dissection, 1);
  gsize len = strlen (hex) / 2;
  TrawlDissector fn;
  TrawlCursor cur;

  trawl_dissectors_init ();
  d->bytes = g_malloc (MAX (len, 1));
  for (gsize i = 0; i < len; i++)
    d->bytes[i] = (guint8) ((g_ascii_xdigit_value (hex[2 * i]) << 4) | g_ascii_xdigit_value (hex[2 * i + 1]));
  d->arena = trawl_arena_new ();
  trawl_packet_init (&d->pkt, d->arena);
  d->pkt.number = 1;
  d->pkt.data = d->bytes;
  d->pkt.caplen = d->pkt.wirelen = (guint32) len;
  d->pkt.want_tree = d->pkt.want_columns = want_output;
  trawl_packet_reset_output (&d->pkt);
  fn = trawl_dissector_table_lookup (table, port);
  g_assert_nonnull (fn);
  trawl_cursor_init (&cur, d->bytes, (guint32) len);
  d->taken = fn (&d->pkt, &cur, d->pkt.root);
  return d;
}

static void
dissection_free (Dissection *d)
{
  trawl_packet_clear (&d->pkt);
  trawl_arena_free (d->arena);
  g_free (d->bytes);
  g_free (d);
}

static void
collect (TrawlNode *node,
         int        id,
         GString   *out)
{
  for (TrawlNode *c = node->first_child; c != NULL; c = c->next)
    {
      if (c->field && c->field->id == id)
        {
          if (out->len > 0)
            g_string_append_c (out, ',');
          trawl_format_field_value (c, out);
        }
      collect (c, id, out);
    }
}

/* Every value of @abbrev as tshark -T fields prints it, "," joined. */
static char *
values (Dissection *d,
        const char *abbrev)
{
  const TrawlField *f = trawl_field_lookup (abbrev);
  GString *s = g_string_new (NULL);

  g_assert_nonnull (f);
  collect (d->pkt.root, f->id, s);
  return g_string_free (s, FALSE);
}

#define assert_values(d, abbrev, expected)              \
  G_STMT_START {                                        \
    g_autofree char *v_ = values ((d), (abbrev));       \
    g_assert_cmpstr (v_, ==, (expected));               \
  } G_STMT_END

/* frame 5: query with an EDNS cookie */
#define QUERY_A "3b830120000100000000000103777777076578616d706c650474657374000001000100002904d000000000000c000a0008c6fdf15369dcc85b"
/* frame 6: response with compression pointers */
#define RESPONSE_A "3b838500000100030002000103777777076578616d706c6504746573740000010001c00c000500010000012c000603776562c010c02e000100010000012c00040a630750c02e000100010000012c00040a630751c010000200010000012c0006036e7331c010c010000200010000012c0006036e7332c01000002904d0000000000014000a0010c6fdf15369dcc85b547261776c537276"
/* frame 18: SRV */
#define RESPONSE_SRV "245685000001000200000002045f736970045f746370076578616d706c6504746573740000210001c00c002100010000012c000c000a003c13c403736970c016c00c002100010000012c000d0014000013c40473697032c016c03a000100010000012c00040a63073200002904d0000000000014000a0010bfcde6e4eb9ed14c547261776c537276"
/* frame 22: NXDOMAIN with SOA */
#define RESPONSE_NX "9b53850300010000000100010a6e6f73756368686f7374076578616d706c6504746573740000010001c017000600010000012c0027036e7331c0170a686f73746d6173746572c01778a3f17500000e1000000258000151800000012c00002904d0000000000014000a0010c841068bc0cbb5ab547261776c537276"

static void
test_query (void)
{
  Dissection *d = dissect_payload (TRAWL_TABLE_UDP_PORT, 53, QUERY_A);

  g_assert_true (d->taken);
  g_assert_false (d->pkt.malformed);
  g_assert_cmpstr (d->pkt.col_protocol, ==, "DNS");
  g_assert_cmpstr (d->pkt.col_info->str, ==, "Standard query 0x3b83 A www.example.test OPT");
  assert_values (d, "dns.id", "0x3b83");
  assert_values (d, "dns.flags", "0x0120");
  assert_values (d, "dns.flags.response", "0");
  assert_values (d, "dns.flags.authenticated", "1");
  assert_values (d, "dns.count.queries", "1");
  assert_values (d, "dns.count.add_rr", "1");
  assert_values (d, "dns.qry.name", "www.example.test");
  assert_values (d, "dns.qry.name.len", "16");
  assert_values (d, "dns.count.labels", "3");
  assert_values (d, "dns.qry.type", "1");
  assert_values (d, "dns.qry.class", "0x0001");
  assert_values (d, "dns.resp.name", "<Root>");
  assert_values (d, "dns.resp.type", "41");
  assert_values (d, "dns.rr.udp_payload_size", "1232");
  assert_values (d, "dns.resp.ext_rcode", "0x00");
  assert_values (d, "dns.resp.z.do", "0");
  assert_values (d, "dns.opt.code", "10");
  assert_values (d, "dns.opt.len", "8");
  assert_values (d, "dns.opt.cookie.client", "c6fdf15369dcc85b");
  dissection_free (d);
}

static void
test_response (void)
{
  Dissection *d = dissect_payload (TRAWL_TABLE_UDP_PORT, 53, RESPONSE_A);

  g_assert_false (d->pkt.malformed);
  g_assert_cmpstr (d->pkt.col_info->str, ==,
                   "Standard query response 0x3b83 A www.example.test CNAME web.example.test "
                   "A 10.99.7.80 A 10.99.7.81 NS ns1.example.test NS ns2.example.test OPT");
  assert_values (d, "dns.flags", "0x8500");
  assert_values (d, "dns.flags.rcode", "0");
  assert_values (d, "dns.count.answers", "3");
  assert_values (d, "dns.count.auth_rr", "2");
  assert_values (d, "dns.resp.name", "www.example.test,web.example.test,web.example.test,example.test,example.test,<Root>");
  assert_values (d, "dns.resp.ttl", "300,300,300,300,300");
  assert_values (d, "dns.resp.len", "6,4,4,6,6,20");
  assert_values (d, "dns.cname", "web.example.test");
  assert_values (d, "dns.a", "10.99.7.80,10.99.7.81");
  assert_values (d, "dns.ns", "ns1.example.test,ns2.example.test");
  assert_values (d, "dns.opt.cookie.server", "547261776c537276");
  /* the tree line of an answer, as tshark -V */
  {
    TrawlNode *a = trawl_node_find (d->pkt.root, trawl_field_lookup ("dns.a")->id);
    g_assert_nonnull (a);
    g_assert_cmpstr (a->parent->text, ==, "web.example.test: type A, class IN, addr 10.99.7.80");
    g_assert_cmpstr (a->parent->parent->text, ==, "Answers");
  }
  dissection_free (d);
}

static void
test_srv_soa (void)
{
  Dissection *d = dissect_payload (TRAWL_TABLE_UDP_PORT, 53, RESPONSE_SRV);

  g_assert_false (d->pkt.malformed);
  g_assert_cmpstr (d->pkt.col_info->str, ==,
                   "Standard query response 0x2456 SRV _sip._tcp.example.test SRV 10 60 5060 sip.example.test "
                   "SRV 20 0 5060 sip2.example.test A 10.99.7.50 OPT");
  assert_values (d, "dns.srv.service", "_sip,_sip");
  assert_values (d, "dns.srv.proto", "_tcp,_tcp");
  assert_values (d, "dns.srv.name", "example.test,example.test");
  assert_values (d, "dns.srv.priority", "10,20");
  assert_values (d, "dns.srv.weight", "60,0");
  assert_values (d, "dns.srv.port", "5060,5060");
  assert_values (d, "dns.srv.target", "sip.example.test,sip2.example.test");
  dissection_free (d);

  d = dissect_payload (TRAWL_TABLE_UDP_PORT, 53, RESPONSE_NX);
  g_assert_false (d->pkt.malformed);
  g_assert_cmpstr (d->pkt.col_info->str, ==,
                   "Standard query response 0x9b53 No such name A nosuchhost.example.test SOA ns1.example.test OPT");
  assert_values (d, "dns.flags.rcode", "3");
  assert_values (d, "dns.soa.mname", "ns1.example.test");
  assert_values (d, "dns.soa.rname", "hostmaster.example.test");
  assert_values (d, "dns.soa.serial_number", "2024010101");
  assert_values (d, "dns.soa.refresh_interval", "3600");
  assert_values (d, "dns.soa.retry_interval", "600");
  assert_values (d, "dns.soa.expire_limit", "86400");
  assert_values (d, "dns.soa.minimum_ttl", "300");
  dissection_free (d);
}

/* DNS over TCP: the same query behind a length prefix, then cut short. */
static void
test_tcp (void)
{
  Dissection *d = dissect_payload (TRAWL_TABLE_TCP_PORT, 53, "0039" QUERY_A);

  g_assert_false (d->pkt.malformed);
  assert_values (d, "dns.length", "57");
  assert_values (d, "dns.qry.name", "www.example.test");
  g_assert_cmpstr (d->pkt.col_info->str, ==, "Standard query 0x3b83 A www.example.test OPT");
  dissection_free (d);

  /* a message longer than the segment: shown as far as it goes, a note
   * (as tshark without reassembly), not a malformed packet */
  d = dissect_payload (TRAWL_TABLE_TCP_PORT, 53, "0100" "3b838500000100030002000103777777076578616d706c6504746573740000010001c00c0005");
  g_assert_false (d->pkt.malformed);
  g_assert_cmpint (d->pkt.expert_max, ==, TRAWL_EXPERT_NOTE);
  assert_values (d, "dns.qry.name", "www.example.test");
  dissection_free (d);
}

/* ---- hostile bytes: tshark 4.0's behaviour on the same bytes ---- */

static void
test_pointer_to_itself (void)
{
  Dissection *d = dissect_payload (TRAWL_TABLE_UDP_PORT, 53, "123401000001000000000000c00c00010001");

  g_assert_false (d->pkt.malformed);
  assert_values (d, "dns.qry.name", "<Name contains a pointer that loops>");
  assert_values (d, "dns.qry.name.len", "36");
  assert_values (d, "dns.count.labels", "1");
  g_assert_cmpstr (d->pkt.col_info->str, ==, "Standard query 0x1234 A <Name contains a pointer that loops>");
  dissection_free (d);
}

static void
test_pointers_at_each_other (void)
{
  /* name at 12 points to 14, which points back to 12 */
  Dissection *d = dissect_payload (TRAWL_TABLE_UDP_PORT, 53, "123401000001000000000000c00ec00c00010001");

  assert_values (d, "dns.qry.name", "<Name contains a pointer that loops>");
  g_assert_cmpstr (d->pkt.col_info->str, ==, "Standard query 0x1234 Unknown (49164) <Name contains a pointer that loops>");
  dissection_free (d);
}

static void
test_pointer_past_end (void)
{
  Dissection *d = dissect_payload (TRAWL_TABLE_UDP_PORT, 53, "123401000001000000000000c0ff00010001");

  g_assert_true (d->pkt.malformed);
  g_assert_null (trawl_node_find (d->pkt.root, trawl_field_lookup ("dns.qry.name")->id));
  g_assert_cmpstr (d->pkt.col_info->str, ==, "Standard query 0x1234[Malformed Packet]");
  dissection_free (d);
}

static void
test_long_names (void)
{
  GString *hex = g_string_new ("123401000001000000000000");
  Dissection *d;

  /* 63+63+63+61 bytes and three dots: 253 characters, the most allowed */
  for (guint l = 0; l < 4; l++)
    {
      guint n = l < 3 ? 63 : 61;
      g_string_append_printf (hex, "%02x", n);
      for (guint i = 0; i < n; i++)
        g_string_append (hex, "61");
    }
  g_string_append (hex, "0000010001");
  d = dissect_payload (TRAWL_TABLE_UDP_PORT, 53, hex->str);
  g_assert_false (d->pkt.malformed);
  assert_values (d, "dns.qry.name.len", "253");
  assert_values (d, "dns.count.labels", "4");
  dissection_free (d);

  /* five labels of 59 bytes: 300 bytes on the wire */
  g_string_assign (hex, "123401000001000000000000");
  for (guint l = 0; l < 5; l++)
    {
      g_string_append (hex, "3b");
      for (guint i = 0; i < 59; i++)
        g_string_append (hex, "62");
    }
  g_string_append (hex, "0000010001");
  d = dissect_payload (TRAWL_TABLE_UDP_PORT, 53, hex->str);
  g_assert_false (d->pkt.malformed);
  assert_values (d, "dns.qry.name", "<Name too long>");
  assert_values (d, "dns.qry.name.len", "15");
  assert_values (d, "dns.qry.type", "1");
  dissection_free (d);
  g_string_free (hex, TRUE);
}

/* A response whose first answer (root, type NULL) holds in its data a
 * chain of @hops pointers, each pointing at the next (tcpdump's
 * dns_fwdptr.pcap is made so), or with @label a one-byte label before each
 * pointer; the chain ends in the root, or with @cycle its last pointer
 * points back at its first.  Then as many answers (type NULL, no data)
 * named by a pointer to the chain as fit in @size bytes. */
#define CHAIN_START (12 + 11)

static GString *
pointer_chain_message (guint    hops,
                       gboolean label,
                       gboolean cycle,
                       gsize    size,
                       guint   *n_answers)
{
  GString *hex = g_string_new (NULL);
  guint step = label ? 4 : 2;
  guint32 chain_len = hops * step + 1;
  guint n = (guint) ((size - CHAIN_START - chain_len) / 12);

  g_assert_cmpuint (CHAIN_START + chain_len, <, 0x4000);
  g_assert_cmpuint (n, <, G_MAXUINT16);
  g_string_append_printf (hex, "12348180" "0000" "%04x" "0000" "0000", n + 1);
  g_string_append_printf (hex, "00" "000a" "0001" "00000000" "%04x", chain_len);
  for (guint i = 0; i < hops; i++)
    {
      guint32 next = cycle && i + 1 == hops ? CHAIN_START : CHAIN_START + (i + 1) * step;
      if (label)
        g_string_append (hex, "0161");
      g_string_append_printf (hex, "%04x", 0xc000 | next);
    }
  g_string_append (hex, "00");
  for (guint i = 0; i < n; i++)
    g_string_append_printf (hex, "%04x" "000a" "0001" "00000000" "0000", 0xc000 | CHAIN_START);
  *n_answers = n;
  return hex;
}

/* AddressSanitizer makes every step about five times dearer: the time
 * budgets grow with it (the message took 25 s under ASan before the
 * step budget, 0.22 s of CPU after). */
#if defined(__SANITIZE_ADDRESS__)
#define TIME_SCALE 5
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TIME_SCALE 5
#endif
#endif
#ifndef TIME_SCALE
#define TIME_SCALE 1
#endif

/* CPU time of this thread: what the dissection costs, whatever else
 * the machine runs at the same time. */
static gint64
cpu_time_us (void)
{
  struct timespec ts;

  g_assert_cmpint (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts), ==, 0);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static void
assert_chain (guint       hops,
              gboolean    label,
              gboolean    cycle,
              gsize       size,
              const char *name,
              gint64      max_us)
{
  guint n = 0;
  g_autoptr(GString) hex = pointer_chain_message (hops, label, cycle, size, &n);
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autofree char *names = NULL;
  gint64 t0, us;
  Dissection *d;

  /* Timed as the analysis pass dissects (no tree: the names alone) ... */
  t0 = cpu_time_us ();
  d = dissect_payload_as (TRAWL_TABLE_UDP_PORT, 53, hex->str, FALSE);
  us = cpu_time_us () - t0;
  g_test_message ("%u answers on a %s of %u %s: %" G_GINT64_FORMAT " us of CPU", n,
                  cycle ? "cycle" : "chain", hops, label ? "labels and pointers" : "pointers", us);
  g_assert_false (d->pkt.malformed);
  dissection_free (d);

  /* ... and every name as the tree shows it. */
  d = dissect_payload (TRAWL_TABLE_UDP_PORT, 53, hex->str);
  g_assert_false (d->pkt.malformed);
  names = values (d, "dns.resp.name");
  g_string_append (expected, "<Root>");
  for (guint i = 0; i < n; i++)
    g_string_append_printf (expected, ",%s", name);
  g_assert_cmpstr (names, ==, expected->str);
  g_assert_cmpint (us, <, max_us * TIME_SCALE);
  dissection_free (d);
}

static void
test_pointer_chain_budget (void)
{
  /* A short chain expands as tshark expands it ... */
  assert_chain (200, FALSE, FALSE, 2000, "<Root>", G_USEC_PER_SEC);
  assert_chain (200, TRUE, FALSE, 2000, "<Name too long>", G_USEC_PER_SEC);
  /* ... and a 63 KB message of names that each walk a long chain, or a
   * cycle until they have seen as many bytes as the message has, costs
   * milliseconds, not seconds: under 200 ms of CPU (1 s under ASan). */
  assert_chain (2000, FALSE, TRUE, 63000, "<Name contains a pointer that loops>", 200 * 1000);
  assert_chain (8000, FALSE, FALSE, 63000, "<Name contains a pointer that loops>", 200 * 1000);
  assert_chain (4000, TRUE, FALSE, 63000, "<Name too long>", 200 * 1000);
}

static void
test_huge_counts (void)
{
  Dissection *d = dissect_payload (TRAWL_TABLE_UDP_PORT, 53, "1234010000ffffffffffffff03777777");

  g_assert_true (d->pkt.malformed);
  assert_values (d, "dns.count.queries", "255");
  assert_values (d, "dns.count.answers", "65535");
  dissection_free (d);

  d = dissect_payload (TRAWL_TABLE_UDP_PORT, 53, "1234ffffffffffffffffffff");
  g_assert_true (d->pkt.malformed);
  dissection_free (d);
}

static void
test_short_and_empty (void)
{
  Dissection *d = dissect_payload (TRAWL_TABLE_UDP_PORT, 53, "");

  /* Wireshark does not hand an empty datagram to DNS */
  g_assert_false (d->taken);
  g_assert_null (d->pkt.root->first_child);
  dissection_free (d);

  for (guint n = 1; n < 12; n++)
    {
      g_autofree char *hex = g_strndup ("123401000001000000000000", n * 2);
      d = dissect_payload (TRAWL_TABLE_UDP_PORT, 53, hex);
      g_assert_true (d->taken);
      g_assert_true (d->pkt.malformed);
      dissection_free (d);
    }

  d = dissect_payload (TRAWL_TABLE_TCP_PORT, 53, "00");
  g_assert_false (d->pkt.malformed);
  dissection_free (d);
}

static void
test_escaped_labels (void)
{
  Dissection *d = dissect_payload (TRAWL_TABLE_UDP_PORT, 53, "12340100000100000000000005610162007f0000010001");

  assert_values (d, "dns.qry.name", "a\\001b\\000\\177");
  assert_values (d, "dns.qry.name.len", "5");
  dissection_free (d);

  d = dissect_payload (TRAWL_TABLE_UDP_PORT, 53, "1234010000010000000000000561075c0d1b0000010001");
  assert_values (d, "dns.qry.name", "a\\a\\\\r\\033");
  dissection_free (d);

  /* invalid UTF-8 bytes become U+FFFD; a dot inside a label counts as one */
  d = dissect_payload (TRAWL_TABLE_UDP_PORT, 53, "12340100000100000000000004ff2e0a4103636f6d0000010001");
  assert_values (d, "dns.qry.name", "\xef\xbf\xbd.\\nA.com");
  assert_values (d, "dns.count.labels", "3");
  dissection_free (d);
}

/* Every truncation and a bit flip of each byte of a real response: no
 * crash, no read outside the bytes (run under ASan in CI). */
static void
test_cuts_and_flips (void)
{
  const char *hex = RESPONSE_NX;
  gsize n = strlen (hex) / 2;

  for (gsize cut = 0; cut <= n; cut++)
    {
      g_autofree char *h = g_strndup (hex, cut * 2);
      dissection_free (dissect_payload (TRAWL_TABLE_UDP_PORT, 53, h));
      dissection_free (dissect_payload (TRAWL_TABLE_TCP_PORT, 53, h));
    }
  for (gsize i = 0; i < n; i++)
    for (guint bit = 0; bit < 8; bit++)
      {
        g_autofree char *h = g_strdup (hex);
        guint v = (guint) ((g_ascii_xdigit_value (h[2 * i]) << 4) | g_ascii_xdigit_value (h[2 * i + 1]));
        char two[3];
        v ^= 1u << bit;
        g_snprintf (two, sizeof two, "%02x", v);
        h[2 * i] = two[0];
        h[2 * i + 1] = two[1];
        dissection_free (dissect_payload (TRAWL_TABLE_UDP_PORT, 53, h));
      }
}

/* frame 3 of dhcp-netns.pcap: an Offer */
#define DHCP_OFFER \
  "020106002f73f00d00000000000000000a630876000000000000000002000a630864000000000000" \
  "00000000000000000000000000000000000000000000000000000000000000000000000000000000" \
  "00000000000000000000000000000000000000000000000000000000000000000000000000000000" \
  "00000000000000000000000000000000000000000000000000000000000000000000000000000000" \
  "00000000000000000000000000000000000000000000000000000000000000000000000000000000" \
  "00000000000000000000000000000000000000000000000000000000000000000000000063825363" \
  "35010236040a630801330400000e100104ffffff0003040a63080106040a6308010f0c6578616d70" \
  "6c652e74657374ff000000000000000000000000"

static void
test_dhcp_offer (void)
{
  Dissection *d = dissect_payload (TRAWL_TABLE_UDP_PORT, 68, DHCP_OFFER);

  g_assert_cmpuint (strlen (DHCP_OFFER) / 2, ==, 300);
  g_assert_false (d->pkt.malformed);
  g_assert_cmpstr (d->pkt.col_protocol, ==, "DHCP");
  g_assert_cmpstr (d->pkt.col_info->str, ==, "DHCP Offer    - Transaction ID 0x2f73f00d");
  assert_values (d, "dhcp.type", "2");
  assert_values (d, "dhcp.hw.type", "0x01");
  assert_values (d, "dhcp.hw.len", "6");
  assert_values (d, "dhcp.id", "0x2f73f00d");
  assert_values (d, "dhcp.flags", "0x0000");
  assert_values (d, "dhcp.ip.your", "10.99.8.118");
  assert_values (d, "dhcp.hw.mac_addr", "02:00:0a:63:08:64");
  assert_values (d, "dhcp.cookie", "99.130.83.99");
  assert_values (d, "dhcp.option.type", "53,54,51,1,3,6,15,0");
  assert_values (d, "dhcp.option.dhcp", "2");
  assert_values (d, "dhcp.option.dhcp_server_id", "10.99.8.1");
  assert_values (d, "dhcp.option.ip_address_lease_time", "3600");
  assert_values (d, "dhcp.option.subnet_mask", "255.255.255.0");
  assert_values (d, "dhcp.option.router", "10.99.8.1");
  assert_values (d, "dhcp.option.domain_name_server", "10.99.8.1");
  assert_values (d, "dhcp.option.domain_name", "example.test");
  assert_values (d, "dhcp.option.end", "255");
  dissection_free (d);
}

static void
test_dhcp_hostile (void)
{
  /* an option whose length runs past the end */
  g_autofree char *hex = g_strndup (DHCP_OFFER, 240 * 2);
  g_autofree char *bad = g_strconcat (hex, "0cff6162", NULL);
  Dissection *d = dissect_payload (TRAWL_TABLE_UDP_PORT, 67, bad);

  g_assert_true (d->pkt.malformed);
  dissection_free (d);

  for (gsize cut = 1; cut < strlen (DHCP_OFFER) / 2; cut += 7)
    {
      g_autofree char *h = g_strndup (DHCP_OFFER, cut * 2);
      dissection_free (dissect_payload (TRAWL_TABLE_UDP_PORT, 67, h));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/dns/query", test_query);
  g_test_add_func ("/dns/response", test_response);
  g_test_add_func ("/dns/srv-soa", test_srv_soa);
  g_test_add_func ("/dns/tcp", test_tcp);
  g_test_add_func ("/dns/hostile/pointer-to-itself", test_pointer_to_itself);
  g_test_add_func ("/dns/hostile/pointers-at-each-other", test_pointers_at_each_other);
  g_test_add_func ("/dns/hostile/pointer-past-end", test_pointer_past_end);
  g_test_add_func ("/dns/hostile/long-names", test_long_names);
  g_test_add_func ("/dns/hostile/huge-counts", test_huge_counts);
  g_test_add_func ("/dns/hostile/pointer-chain-budget", test_pointer_chain_budget);
  g_test_add_func ("/dns/hostile/short-and-empty", test_short_and_empty);
  g_test_add_func ("/dns/hostile/escaped-labels", test_escaped_labels);
  g_test_add_func ("/dns/hostile/cuts-and-flips", test_cuts_and_flips);
  g_test_add_func ("/dhcp/offer", test_dhcp_offer);
  g_test_add_func ("/dhcp/hostile", test_dhcp_hostile);
  return g_test_run ();
}
