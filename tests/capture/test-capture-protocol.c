/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-capture-protocol.c: the control channel's framing and payloads
 *
 * Round trips through the encoder and the incremental decoder fed one
 * byte at a time, and the refusals a hostile peer meets: unknown types,
 * lengths over the limit, invalid UTF-8, malformed lines.
 */
#include <string.h>

#include "trawl-capture-protocol.h"

static void
test_round_trip (void)
{
  g_autoptr(GByteArray) wire = g_byte_array_new ();
  g_autoptr(TrawlCaptureDecoder) dec = trawl_capture_decoder_new ();
  g_autofree char *big = g_strnfill (TRAWL_CAPTURE_MSG_MAX_PAYLOAD, 'x');
  const char *texts[] = { "eth0\t1\t262144\n", "", "stopped", big };
  const guint8 types[] = { 'S', 'Q', 'X', 'E' };
  guint got = 0;

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    g_assert_true (trawl_capture_msg_encode (wire, types[i], texts[i], strlen (texts[i])));
  g_assert_cmpuint (wire->len, ==, 4 * 4 + 14 + 7 + TRAWL_CAPTURE_MSG_MAX_PAYLOAD);
  g_assert_cmpuint (wire->data[0], ==, 'S');
  g_assert_cmpuint (wire->data[3], ==, 14);

  for (guint off = 0; off < wire->len; off++)
    {
      guint8 type;
      const char *payload;
      gsize len;
      GError *error = NULL;

      trawl_capture_decoder_push (dec, wire->data + off, 1);
      while (trawl_capture_decoder_next (dec, &type, &payload, &len, &error))
        {
          g_assert_cmpuint (type, ==, types[got]);
          g_assert_cmpuint (len, ==, strlen (texts[got]));
          g_assert_cmpstr (payload, ==, texts[got]);
          got++;
        }
      g_assert_no_error (error);
    }
  g_assert_cmpuint (got, ==, G_N_ELEMENTS (texts));
}

static void
test_encode_limits (void)
{
  g_autoptr(GByteArray) wire = g_byte_array_new ();
  g_autofree char *big = g_strnfill (TRAWL_CAPTURE_MSG_MAX_PAYLOAD + 1, 'x');

  g_assert_false (trawl_capture_msg_encode (wire, 'S', big, strlen (big)));
  g_assert_false (trawl_capture_msg_encode (wire, 'Z', "a", 1));
  g_assert_cmpuint (wire->len, ==, 0);
}

static void
expect_broken (const guint8 *bytes,
               gsize         len,
               int           code)
{
  g_autoptr(TrawlCaptureDecoder) dec = trawl_capture_decoder_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) again = NULL;

  trawl_capture_decoder_push (dec, bytes, len);
  g_assert_false (trawl_capture_decoder_next (dec, NULL, NULL, NULL, &error));
  g_assert_error (error, TRAWL_CAPTURE_PROTOCOL_ERROR, code);
  /* A broken stream stays broken. */
  g_assert_false (trawl_capture_decoder_next (dec, NULL, NULL, NULL, &again));
  g_assert_nonnull (again);
}

static void
test_hostile (void)
{
  const guint8 bad_type[] = { 'Z', 0, 0, 0 };
  const guint8 too_long[] = { 'P', 0x01, 0x00, 0x00 };
  const guint8 huge[] = { 'P', 0xff, 0xff, 0xff };
  const guint8 nul[] = { 'E', 0, 0, 3, 'a', 0, 'b' };
  const guint8 not_utf8[] = { 'E', 0, 0, 2, 0xc3, 0x28 };
  g_autoptr(TrawlCaptureDecoder) dec = trawl_capture_decoder_new ();
  const guint8 partial[] = { 'X', 0, 0, 10, 'a', 'b' };

  expect_broken (bad_type, sizeof bad_type, TRAWL_CAPTURE_PROTOCOL_ERROR_TYPE);
  expect_broken (too_long, sizeof too_long, TRAWL_CAPTURE_PROTOCOL_ERROR_LENGTH);
  expect_broken (huge, sizeof huge, TRAWL_CAPTURE_PROTOCOL_ERROR_LENGTH);
  expect_broken (nul, sizeof nul, TRAWL_CAPTURE_PROTOCOL_ERROR_TEXT);
  expect_broken (not_utf8, sizeof not_utf8, TRAWL_CAPTURE_PROTOCOL_ERROR_TEXT);

  /* An incomplete message is not an error: more bytes may come. */
  trawl_capture_decoder_push (dec, partial, sizeof partial);
  g_assert_false (trawl_capture_decoder_next (dec, NULL, NULL, NULL, NULL));
}

static void
test_parse_started (void)
{
  const char *good = "eth0\t1\t262144\nany\t113\t65535\n";
  const char *bad[] = {
    "", "eth0\t1\t262144", "eth0\t1\n", "\t1\t2\n", "eth0/x\t1\t2\n", "abcdefghijklmnop\t1\t2\n",
    "eth0\t-1\t2\n", "eth0\t1\t4294967296\n", "eth0\t1\t2\nextra", "eth0 1 2\n", "..\t1\t2\n",
  };
  g_autoptr(GArray) ifs = trawl_capture_parse_started (good, strlen (good), NULL);

  g_assert_nonnull (ifs);
  g_assert_cmpuint (ifs->len, ==, 2);
  g_assert_cmpstr (g_array_index (ifs, TrawlCaptureStartedIf, 1).name, ==, "any");
  g_assert_cmpuint (g_array_index (ifs, TrawlCaptureStartedIf, 1).linktype, ==, 113);
  g_assert_cmpuint (g_array_index (ifs, TrawlCaptureStartedIf, 0).snaplen, ==, 262144);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) none = trawl_capture_parse_started (bad[i], strlen (bad[i]), &error);

      g_assert_null (none);
      g_assert_error (error, TRAWL_CAPTURE_PROTOCOL_ERROR, TRAWL_CAPTURE_PROTOCOL_ERROR_TEXT);
    }
}

static void
test_parse_progress (void)
{
  const char *good = "packets=18446744073709551615 filesize=12\n"
                     "if=eth0 recv=5 drop=1 ifdrop=2\nif=lo recv=0 drop=0 ifdrop=0\n";
  const char *bad[] = {
    "", "packets=1\n", "packets=1 filesize=2", "packets=18446744073709551616 filesize=2\n",
    "packets=1 filesize=2\nif=eth0 recv=1 drop=2\n", "packets=1 filesize=2\nif= recv=1 drop=2 ifdrop=3\n",
    "packets=1 filesize=2\nif=eth0 recv=1 ifdrop=3 drop=2\n", "packets=+1 filesize=2\n",
  };
  guint64 packets = 0, size = 0;
  g_autoptr(GArray) ifs = trawl_capture_parse_progress (good, strlen (good), &packets, &size, NULL);

  g_assert_nonnull (ifs);
  g_assert_cmpuint (packets, ==, G_MAXUINT64);
  g_assert_cmpuint (size, ==, 12);
  g_assert_cmpuint (ifs->len, ==, 2);
  g_assert_cmpuint (g_array_index (ifs, TrawlCaptureIfCounters, 0).drop, ==, 1);
  g_assert_cmpuint (g_array_index (ifs, TrawlCaptureIfCounters, 0).ifdrop, ==, 2);
  g_assert_cmpstr (g_array_index (ifs, TrawlCaptureIfCounters, 1).name, ==, "lo");
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) none = trawl_capture_parse_progress (bad[i], strlen (bad[i]), NULL, NULL, &error);

      g_assert_null (none);
      g_assert_nonnull (error);
    }
}

static void
test_names (void)
{
  g_assert_true (trawl_capture_interface_name_is_valid ("eth0.100"));
  g_assert_true (trawl_capture_interface_name_is_valid ("br-lan:1"));
  g_assert_true (trawl_capture_interface_name_is_valid ("abcdefghijklmno"));
  g_assert_false (trawl_capture_interface_name_is_valid ("abcdefghijklmnop"));
  g_assert_false (trawl_capture_interface_name_is_valid (".."));
  g_assert_false (trawl_capture_interface_name_is_valid ("a/b"));
  g_assert_false (trawl_capture_interface_name_is_valid (""));
  g_assert_false (trawl_capture_interface_name_is_valid (NULL));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/capture/protocol/round-trip", test_round_trip);
  g_test_add_func ("/capture/protocol/encode-limits", test_encode_limits);
  g_test_add_func ("/capture/protocol/hostile", test_hostile);
  g_test_add_func ("/capture/protocol/started", test_parse_started);
  g_test_add_func ("/capture/protocol/progress", test_parse_progress);
  g_test_add_func ("/capture/protocol/names", test_names);
  return g_test_run ();
}
