/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-link-bytes.c: link/network dissectors on hand-made frames,
 * including truncated and malformed ones (no crash, layer marked,
 * outer layers intact). */
#include "config.h"

#include "trawl-test-util.h"
#include "dissect/trawl-linktype.h"

#define ETH_HDR(type_hi, type_lo) \
  0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, type_hi, type_lo

/* IPv4 header, 20 bytes, ICMP, 10.0.0.1 -> 10.0.0.2, total length @len. */
#define IPV4_HDR(len_hi, len_lo, proto) \
  0x45, 0x00, len_hi, len_lo, 0x12, 0x34, 0x40, 0x00, 0x40, proto, 0x00, 0x00, \
  10, 0, 0, 1, 10, 0, 0, 2

static void
assert_field (TrawlTestDissection *t,
              const char          *abbrev,
              const char          *expected)
{
  g_autofree char *v = trawl_test_field_values (t, abbrev);
  g_assert_cmpstr (v, ==, expected);
}

static gboolean
has_protocol (TrawlTestDissection *t,
              const char          *abbrev)
{
  g_auto(GStrv) parts = g_strsplit (t->pkt.protocols->str, ":", -1);
  return g_strv_contains ((const char * const *) parts, abbrev);
}

static void
test_qinq_icmp_echo (void)
{
  static const guint8 frame[] = {
    ETH_HDR (0x88, 0xa8),
    0x20, 0x64, 0x81, 0x00,             /* S-tag: PRI 1, VID 100 */
    0xb0, 0xc8, 0x08, 0x00,             /* C-tag: PRI 5, DEI 1, VID 200 */
    IPV4_HDR (0x00, 0x1c, 1),
    0x08, 0x00, 0xe5, 0xca, 0x12, 0x34, 0x00, 0x01, /* echo request id 0x1234 seq 1 */
  };
  TrawlTestDissection *t = trawl_test_dissect_bytes (frame, sizeof frame, TRAWL_LINKTYPE_ETHERNET);

  g_assert_cmpstr (t->pkt.protocols->str, ==, "eth:ethertype:ieee8021ad:ethertype:vlan:ethertype:ip:icmp");
  assert_field (t, "ieee8021ad.id", "100");
  assert_field (t, "vlan.id", "200");
  assert_field (t, "vlan.priority", "5");
  assert_field (t, "vlan.dei", "1");
  assert_field (t, "vlan.etype", "0x0800");
  assert_field (t, "icmp.checksum.status", "1");
  g_assert_cmpstr (t->pkt.col_protocol, ==, "ICMP");
  g_assert_cmpstr (t->pkt.col_info->str, ==, "Echo (ping) request  id=0x1234, seq=1/256, ttl=64");
  g_assert_cmpstr (t->pkt.col_src, ==, "10.0.0.1");
  g_assert_false (t->pkt.malformed);
  trawl_test_dissection_free (t);
}

static void
test_vlan_truncated (void)
{
  static const guint8 frame[] = { ETH_HDR (0x81, 0x00), 0x00, 0x0a };
  TrawlTestDissection *t = trawl_test_dissect_bytes (frame, sizeof frame, TRAWL_LINKTYPE_ETHERNET);

  g_assert_true (t->pkt.malformed);
  g_assert_nonnull (trawl_test_find (t, "eth.src"));
  g_assert_true (has_protocol (t, "vlan"));
  trawl_test_dissection_free (t);
}

/* Thousands of nested tags: the VLAN dissector stops after its limit,
 * with a tree and without one (where the layers leave no nodes to
 * count), instead of recursing once per tag. */
static void
test_vlan_nesting_limit (void)
{
  gsize n_tags = 4000, len = 14 + n_tags * 4;
  g_autofree guint8 *frame = g_malloc0 (len);
  static const guint8 eth[] = { ETH_HDR (0x81, 0x00) };

  memcpy (frame, eth, sizeof eth);
  for (gsize i = 0; i < n_tags; i++)
    {
      frame[14 + i * 4 + 1] = 0x0a;   /* VID 10 */
      frame[14 + i * 4 + 2] = 0x81;   /* another 802.1Q tag follows */
    }
  for (int tree = 0; tree < 2; tree++)
    {
      TrawlTestDissection *t = trawl_test_dissection_new ();
      g_auto(GStrv) parts = NULL;

      t->pkt.number = 1;
      t->pkt.data = frame;
      t->pkt.caplen = t->pkt.wirelen = (guint32) len;
      t->pkt.linktype = TRAWL_LINKTYPE_ETHERNET;
      trawl_packet_set_options (&t->pkt, &(TrawlDissectOptions) { .tree = tree, .columns = TRUE });
      trawl_dissect_frame (&t->pkt);
      g_assert_true (t->pkt.malformed);
      parts = g_strsplit (t->pkt.protocols->str, ":vlan", -1);
      /* the limit (20) and the tag that is refused */
      g_assert_cmpuint (g_strv_length (parts) - 1, ==, 21);
      g_assert_cmpstr (t->pkt.col_protocol, ==, "VLAN");
      trawl_test_dissection_free (t);
    }
}

static void
test_arp_padding_and_gratuitous (void)
{
  static const guint8 frame[60] = {
    ETH_HDR (0x08, 0x06),
    0x00, 0x01, 0x08, 0x00, 6, 4, 0x00, 0x01,
    0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 10, 0, 0, 1,
    0, 0, 0, 0, 0, 0, 10, 0, 0, 1,
  };
  TrawlTestDissection *t = trawl_test_dissect_bytes (frame, sizeof frame, TRAWL_LINKTYPE_ETHERNET);

  assert_field (t, "arp.opcode", "1");
  assert_field (t, "arp.isgratuitous", "1");
  assert_field (t, "arp.isannouncement", "1");
  assert_field (t, "eth.padding", "000000000000000000000000000000000000");
  g_assert_cmpstr (t->pkt.col_info->str, ==, "ARP Announcement for 10.0.0.1");
  g_assert_false (t->pkt.malformed);
  trawl_test_dissection_free (t);
}

static void
test_arp_truncated (void)
{
  static const guint8 frame[] = { ETH_HDR (0x08, 0x06), 0x00, 0x01, 0x08, 0x00, 6, 4, 0x00, 0x02, 0x02 };
  TrawlTestDissection *t = trawl_test_dissect_bytes (frame, sizeof frame, TRAWL_LINKTYPE_ETHERNET);

  g_assert_true (t->pkt.malformed);
  assert_field (t, "arp.opcode", "2");
  g_assert_nonnull (trawl_test_find (t, "eth.type"));
  trawl_test_dissection_free (t);
}

static void
test_ipv4_truncated_and_bogus (void)
{
  static const guint8 short_hdr[] = { ETH_HDR (0x08, 0x00), 0x45, 0x00, 0x00, 0x54, 0x12 };
  static const guint8 bad_ihl[] = { ETH_HDR (0x08, 0x00), 0x43, 0x00, 0x00, 0x54, 0x12, 0x34, 0, 0, 64, 1, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8 };
  static const guint8 bad_len[] = { ETH_HDR (0x08, 0x00), IPV4_HDR (0x00, 0x10, 17) };
  /* 8 bytes of options: a record route whose length runs past the header. */
  static const guint8 bad_opt[] = {
    ETH_HDR (0x08, 0x00),
    0x47, 0x00, 0x00, 0x1c, 0x12, 0x34, 0x00, 0x00, 0x40, 0xfd, 0x00, 0x00, 10, 0, 0, 1, 10, 0, 0, 2,
    0x01, 0x07, 0x27, 0x04, 0, 0, 0, 0,
  };
  TrawlTestDissection *t;

  t = trawl_test_dissect_bytes (short_hdr, sizeof short_hdr, TRAWL_LINKTYPE_ETHERNET);
  g_assert_true (t->pkt.malformed);
  g_assert_true (has_protocol (t, "ip"));
  g_assert_nonnull (trawl_test_find (t, "eth.dst"));
  trawl_test_dissection_free (t);

  t = trawl_test_dissect_bytes (bad_ihl, sizeof bad_ihl, TRAWL_LINKTYPE_ETHERNET);
  g_assert_true (t->pkt.malformed);
  trawl_test_dissection_free (t);

  t = trawl_test_dissect_bytes (bad_len, sizeof bad_len, TRAWL_LINKTYPE_ETHERNET);
  g_assert_true (t->pkt.malformed);
  assert_field (t, "ip.len", "16");
  trawl_test_dissection_free (t);

  t = trawl_test_dissect_bytes (bad_opt, sizeof bad_opt, TRAWL_LINKTYPE_ETHERNET);
  g_assert_true (t->pkt.malformed);
  assert_field (t, "ip.opt.type", "1,7");
  assert_field (t, "ip.src", "10.0.0.1");
  trawl_test_dissection_free (t);
}

static void
test_ipv4_later_fragment (void)
{
  static const guint8 frame[] = {
    ETH_HDR (0x08, 0x00),
    0x45, 0x00, 0x00, 0x1c, 0xab, 0xcd, 0x00, 0xb9, 0x40, 0x11, 0x00, 0x00, 10, 0, 0, 1, 10, 0, 0, 2,
    1, 2, 3, 4, 5, 6, 7, 8,
  };
  TrawlTestDissection *t = trawl_test_dissect_bytes (frame, sizeof frame, TRAWL_LINKTYPE_ETHERNET);

  g_assert_cmpstr (t->pkt.protocols->str, ==, "eth:ethertype:ip:data");
  g_assert_cmpstr (t->pkt.col_info->str, ==, "Fragmented IP protocol (proto=UDP 17, off=1480, ID=abcd)");
  assert_field (t, "ip.frag_offset", "185");
  g_assert_cmpstr (t->pkt.col_protocol, ==, "IPv4");
  trawl_test_dissection_free (t);
}

static void
test_icmp_error_keeps_columns (void)
{
  static const guint8 frame[] = {
    ETH_HDR (0x08, 0x00),
    IPV4_HDR (0x00, 0x38, 1),
    0x03, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x45, 0x00, 0x00, 0x20, 0x00, 0x01, 0x40, 0x00, 0x40, 0x11, 0x00, 0x00, 10, 0, 0, 2, 10, 0, 0, 1,
    0x30, 0x39, 0x27, 0x0f, 0x00, 0x0c, 0x00, 0x00,
  };
  TrawlTestDissection *t = trawl_test_dissect_bytes (frame, sizeof frame, TRAWL_LINKTYPE_ETHERNET);

  g_assert_cmpstr (t->pkt.col_protocol, ==, "ICMP");
  g_assert_cmpstr (t->pkt.col_info->str, ==, "Destination unreachable (Port unreachable)");
  g_assert_cmpstr (t->pkt.col_src, ==, "10.0.0.1");
  assert_field (t, "ip.src", "10.0.0.1,10.0.0.2");
  g_assert_false (t->pkt.in_error_pkt);
  trawl_test_dissection_free (t);
}

static void
test_sll_null_raw (void)
{
  static const guint8 sll_short[] = { 0x00, 0x00, 0x03, 0x04, 0x00, 0x06, 0, 0 };
  static const guint8 null_be[] = { 0x00, 0x00, 0x00, 0x02, IPV4_HDR (0x00, 0x14, 59) };
  static const guint8 null_le[] = { 0x1e, 0x00, 0x00, 0x00, 0x60 };
  static const guint8 raw_v6[] = {
    0x60, 0x00, 0x00, 0x00, 0x00, 0x00, 0x3b, 0x40,
    0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
    0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2,
  };
  TrawlTestDissection *t;

  t = trawl_test_dissect_bytes (sll_short, sizeof sll_short, TRAWL_LINKTYPE_LINUX_SLL);
  g_assert_true (t->pkt.malformed);
  g_assert_cmpstr (t->pkt.protocols->str, ==, "sll");
  trawl_test_dissection_free (t);

  /* A big-endian capture read here: the header is swapped back. */
  t = trawl_test_dissect_bytes (null_be, sizeof null_be, TRAWL_LINKTYPE_NULL);
  assert_field (t, "null.family", "2");
  g_assert_cmpstr (t->pkt.protocols->str, ==, "null:ip");
  trawl_test_dissection_free (t);

  /* AF_INET6 (Darwin) over a truncated IPv6 header. */
  t = trawl_test_dissect_bytes (null_le, sizeof null_le, TRAWL_LINKTYPE_NULL);
  assert_field (t, "null.family", "30");
  g_assert_true (t->pkt.malformed);
  g_assert_cmpstr (t->pkt.protocols->str, ==, "null:ipv6");
  trawl_test_dissection_free (t);

  t = trawl_test_dissect_bytes (raw_v6, sizeof raw_v6, TRAWL_LINKTYPE_RAW);
  g_assert_cmpstr (t->pkt.protocols->str, ==, "raw:ipv6");
  assert_field (t, "ipv6.dst", "fd00::2");
  g_assert_false (t->pkt.malformed);
  trawl_test_dissection_free (t);

  t = trawl_test_dissect_bytes (raw_v6, sizeof raw_v6, TRAWL_LINKTYPE_IPV6);
  g_assert_cmpstr (t->pkt.protocols->str, ==, "ipv6");
  trawl_test_dissection_free (t);
}

static void
test_ipv6_ext_truncated (void)
{
  /* Hop-by-Hop header claiming 16 bytes with 8 present. */
  static const guint8 frame[] = {
    0x60, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x01,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x16,
    0x3a, 0x01, 0x05, 0x02, 0x00, 0x00, 0x01, 0x00,
  };
  TrawlTestDissection *t = trawl_test_dissect_bytes (frame, sizeof frame, TRAWL_LINKTYPE_RAW);

  g_assert_true (t->pkt.malformed);
  g_assert_true (has_protocol (t, "ipv6.hopopts"));
  assert_field (t, "ipv6.dst", "ff02::16");
  trawl_test_dissection_free (t);
}

static void
test_icmpv6_bad_option_length (void)
{
  /* Neighbor solicitation whose option says 16 bytes but has 8. */
  static const guint8 frame[] = {
    0x60, 0x00, 0x00, 0x00, 0x00, 0x20, 0x3a, 0xff,
    0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
    0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2,
    0x87, 0x00, 0x00, 0x00, 0, 0, 0, 0,
    0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2,
    0x01, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01,
  };
  TrawlTestDissection *t = trawl_test_dissect_bytes (frame, sizeof frame, TRAWL_LINKTYPE_RAW);

  g_assert_true (t->pkt.malformed);
  assert_field (t, "icmpv6.nd.ns.target_address", "fd00::2");
  assert_field (t, "icmpv6.checksum.status", "0");
  g_assert_cmpstr (t->pkt.col_info->str, ==, "Neighbor Solicitation for fd00::2");
  trawl_test_dissection_free (t);
}

static void
test_every_prefix_of_a_frame (void)
{
  /* Every truncation of a frame with all layers: never a crash. */
  static const guint8 frame[] = {
    ETH_HDR (0x81, 0x00), 0x00, 0x0a, 0x08, 0x00,
    0x46, 0x00, 0x00, 0x24, 0x12, 0x34, 0x20, 0x00, 0x40, 0x01, 0x00, 0x00, 10, 0, 0, 1, 10, 0, 0, 2,
    0x94, 0x04, 0x00, 0x00,
    0x0b, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  };

  for (gsize n = 0; n <= sizeof frame; n++)
    {
      TrawlTestDissection *t = trawl_test_dissect_bytes (frame, n, TRAWL_LINKTYPE_ETHERNET);
      if (n < sizeof frame)
        g_assert_true (t->pkt.malformed || n == 0);
      trawl_test_dissection_free (t);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/link/qinq-icmp-echo", test_qinq_icmp_echo);
  g_test_add_func ("/link/vlan-truncated", test_vlan_truncated);
  g_test_add_func ("/link/vlan-nesting-limit", test_vlan_nesting_limit);
  g_test_add_func ("/link/arp-padding-gratuitous", test_arp_padding_and_gratuitous);
  g_test_add_func ("/link/arp-truncated", test_arp_truncated);
  g_test_add_func ("/link/ipv4-truncated-bogus", test_ipv4_truncated_and_bogus);
  g_test_add_func ("/link/ipv4-later-fragment", test_ipv4_later_fragment);
  g_test_add_func ("/link/icmp-error-columns", test_icmp_error_keeps_columns);
  g_test_add_func ("/link/sll-null-raw", test_sll_null_raw);
  g_test_add_func ("/link/ipv6-ext-truncated", test_ipv6_ext_truncated);
  g_test_add_func ("/link/icmpv6-bad-option", test_icmpv6_bad_option_length);
  g_test_add_func ("/link/every-prefix", test_every_prefix_of_a_frame);
  return g_test_run ();
}
