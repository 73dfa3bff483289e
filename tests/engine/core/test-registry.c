/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-registry.c: the field registry and the packet tree */
#include "config.h"

#include "trawl-test-util.h"
#include "dissect/trawl-linktype.h"

static void
test_registry_lookup (void)
{
  const TrawlField *f;
  g_autofree const char **near = NULL;

  trawl_dissectors_init ();
  f = trawl_field_lookup ("eth.src");
  g_assert_nonnull (f);
  g_assert_cmpint (f->type, ==, TRAWL_FT_ETHER);
  g_assert_cmpstr (trawl_field_get (f->id)->abbrev, ==, "eth.src");
  g_assert_cmpstr (trawl_field_get (f->proto_id)->abbrev, ==, "eth");
  g_assert_null (trawl_field_lookup ("eth.nonexistent"));
  g_assert_null (trawl_field_get (-1));
  g_assert_null (trawl_field_get (1 << 30));
  g_assert_cmpstr (trawl_field_type_name (TRAWL_FT_UINT16), ==, "FT_UINT16");

  /* booleans report the bit width of their parent as their base */
  f = trawl_field_lookup ("eth.dst.lg");
  g_assert_cmpstr (trawl_field_base_name (f), ==, "24");
  g_assert_cmpuint (f->bitshift, ==, 17);

  near = trawl_field_suggest ("eth.scr", 3);
  g_assert_nonnull (near[0]);
  g_assert_cmpstr (near[0], ==, "eth.src");
}

static void
test_tree_from_bytes (void)
{
  /* A broadcast ARP-typed Ethernet header followed by 4 opaque bytes. */
  static const guint8 frame[] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01,
    0x88, 0xb5, 0xde, 0xad, 0xbe, 0xef,
  };
  TrawlTestDissection *t = trawl_test_dissect_bytes (frame, sizeof frame, TRAWL_LINKTYPE_ETHERNET);
  TrawlNode *n;

  n = trawl_test_find (t, "eth.type");
  g_assert_nonnull (n);
  g_assert_cmpuint (n->v.u, ==, 0x88b5);
  g_assert_cmpuint (n->start, ==, 12);
  g_assert_cmpuint (n->len, ==, 2);
  n = trawl_test_find (t, "eth.dst.ig");
  g_assert_cmpuint (n->v.u, ==, 1);
  n = trawl_test_find (t, "eth.src.lg");
  g_assert_cmpuint (n->v.u, ==, 1);
  n = trawl_test_find (t, "eth.src.ig");
  g_assert_cmpuint (n->v.u, ==, 0);
  n = trawl_test_find (t, "data.data");
  g_assert_cmpuint (n->len, ==, 4);
  g_assert_cmpuint (n->v.b.p[0], ==, 0xde);
  g_assert_cmpstr (t->pkt.protocols->str, ==, "eth:ethertype:data");
  g_assert_false (t->pkt.malformed);
  trawl_test_dissection_free (t);
}

static void
test_truncated_ethernet (void)
{
  static const guint8 frame[] = { 0x00, 0x11, 0x22 };
  TrawlTestDissection *t = trawl_test_dissect_bytes (frame, sizeof frame, TRAWL_LINKTYPE_ETHERNET);

  g_assert_true (t->pkt.malformed);
  g_assert_null (trawl_test_find (t, "eth.type"));
  g_assert_nonnull (trawl_test_find (t, "frame.number"));
  trawl_test_dissection_free (t);
}

static void
test_unknown_linktype (void)
{
  static const guint8 frame[] = { 1, 2, 3 };
  TrawlTestDissection *t = trawl_test_dissect_bytes (frame, sizeof frame, 4242);

  g_assert_false (t->pkt.malformed);
  g_assert_nonnull (trawl_test_find (t, "data.data"));
  trawl_test_dissection_free (t);
}

static void
test_field_mask (void)
{
  static const guint8 frame[] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01,
    0x88, 0xb5, 0xde, 0xad,
  };
  g_autoptr(TrawlArena) arena = trawl_arena_new ();
  g_autofree guint8 *mask = NULL;
  const TrawlField *type;
  TrawlPacket pkt;
  TrawlNode *n;

  trawl_dissectors_init ();
  type = trawl_field_lookup ("eth.type");
  mask = g_new0 (guint8, trawl_field_count () / 8 + 1);
  mask[type->id >> 3] |= 1u << (type->id & 7);

  trawl_packet_init (&pkt, arena);
  pkt.number = 1;
  pkt.data = frame;
  pkt.caplen = pkt.wirelen = sizeof frame;
  pkt.linktype = TRAWL_LINKTYPE_ETHERNET;
  trawl_packet_set_options (&pkt, &(TrawlDissectOptions) {
                              .tree = TRUE, .columns = TRUE,
                              .field_mask = mask, .field_mask_bits = trawl_field_count () });
  trawl_dissect_frame (&pkt);

  n = trawl_node_find (pkt.root, type->id);
  g_assert_nonnull (n);
  g_assert_cmpuint (n->v.u, ==, 0x88b5);
  g_assert_null (trawl_node_find (pkt.root, trawl_field_lookup ("eth.src")->id));
  g_assert_null (trawl_node_find (pkt.root, trawl_field_lookup ("frame.number")->id));
  /* protocol nodes are always there, for `eth` existence tests */
  g_assert_nonnull (trawl_node_find (pkt.root, trawl_field_lookup ("eth")->id));
  trawl_packet_clear (&pkt);
}

static void
test_arena_grows (void)
{
  g_autoptr(TrawlArena) arena = trawl_arena_new ();

  for (guint round = 0; round < 3; round++)
    {
      for (guint i = 0; i < 10000; i++)
        {
          char *s = trawl_arena_printf (arena, "field %u of round %u", i, round);
          g_assert_true (g_str_has_prefix (s, "field "));
        }
      /* a block larger than a chunk */
      memset (trawl_arena_alloc (arena, 200000), 0xab, 200000);
      trawl_arena_reset (arena);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/registry/lookup", test_registry_lookup);
  g_test_add_func ("/tree/from-bytes", test_tree_from_bytes);
  g_test_add_func ("/tree/truncated-ethernet", test_truncated_ethernet);
  g_test_add_func ("/tree/unknown-linktype", test_unknown_linktype);
  g_test_add_func ("/tree/field-mask", test_field_mask);
  g_test_add_func ("/arena/grows", test_arena_grows);
  return g_test_run ();
}
