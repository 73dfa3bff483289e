/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-web-bytes.c: HTTP, WebSocket and TLS on hand-made and hostile
 * payloads: split headers, 16/64-bit WebSocket lengths, frames cut by the
 * segment end, lengths that point past the data. */
#include "config.h"

#include <string.h>

#include "trawl-test-util.h"

gboolean trawl_websocket_dissect (TrawlPacket *pkt,
                                  TrawlCursor *cur,
                                  TrawlNode   *parent);

typedef enum { VIA_HEUR, VIA_PORT80, VIA_WS } Via;

static TrawlTestDissection *
dissect (const guint8 *data,
         gsize         len,
         Via           via,
         gboolean     *took)
{
  TrawlTestDissection *t = g_new0 (TrawlTestDissection, 1);
  TrawlCursor cur;

  trawl_dissectors_init ();
  t->arena = trawl_arena_new ();
  trawl_packet_init (&t->pkt, t->arena);
  t->pkt.number = 1;
  t->pkt.data = data;
  t->pkt.caplen = t->pkt.wirelen = (guint32) len;
  trawl_packet_reset_output (&t->pkt);
  trawl_cursor_init (&cur, data, (guint32) len);
  switch (via)
    {
    case VIA_HEUR:
      *took = trawl_heuristic_try (TRAWL_HEUR_TCP, &t->pkt, &cur, t->pkt.root);
      break;
    case VIA_PORT80:
      *took = trawl_dissector_table_try (TRAWL_TABLE_TCP_PORT, 80, &t->pkt, &cur, t->pkt.root);
      break;
    case VIA_WS:
      *took = trawl_websocket_dissect (&t->pkt, &cur, t->pkt.root);
      break;
    }
  return t;
}

static void
assert_field (TrawlTestDissection *t,
              const char          *abbrev,
              const char          *want)
{
  g_autofree char *got = trawl_test_field_values (t, abbrev);
  g_assert_cmpstr (got, ==, want);
}

static void
test_http_split_header (void)
{
  static const char seg1[] = "GET /a?x=1&y=2 HTTP/1.1\r\nHost: example.test\r\nAcc";
  static const char seg2[] = "ept: */*\r\n\r\n";
  gboolean took;
  TrawlTestDissection *t = dissect ((const guint8 *) seg1, strlen (seg1), VIA_HEUR, &took);

  g_assert_true (took);
  assert_field (t, "http.request.method", "GET");
  assert_field (t, "http.request.uri", "/a?x=1&y=2");
  assert_field (t, "http.request.uri.path", "/a");
  assert_field (t, "http.request.uri.query", "x=1&y=2");
  assert_field (t, "http.request.uri.query.parameter", "x=1,y=2");
  assert_field (t, "http.host", "example.test");
  assert_field (t, "http.request.full_uri", "http://example.test/a?x=1&y=2");
  /* the cut line is not a header */
  assert_field (t, "http.request.line", "Host: example.test\\r\\n");
  g_assert_false (t->pkt.malformed);
  g_assert_cmpstr (t->pkt.col_info->str, ==, "GET /a?x=1&y=2 HTTP/1.1 ");
  trawl_test_dissection_free (t);

  /* The rest, on port 80, is a continuation; on another port without
   * stream state it is not claimed by HTTP. */
  t = dissect ((const guint8 *) seg2, strlen (seg2), VIA_PORT80, &took);
  g_assert_true (took);
  g_assert_cmpstr (t->pkt.col_info->str, ==, "Continuation");
  g_assert_cmpstr (t->pkt.col_protocol, ==, "HTTP");
  trawl_test_dissection_free (t);
  t = dissect ((const guint8 *) seg2, strlen (seg2), VIA_HEUR, &took);
  g_assert_false (took);
  trawl_test_dissection_free (t);
}

static void
test_http_not_http (void)
{
  static const char junk[] = "GETX / HTTP/1.1\r\n";
  gboolean took;
  TrawlTestDissection *t = dissect ((const guint8 *) junk, strlen (junk), VIA_HEUR, &took);

  g_assert_false (took);
  trawl_test_dissection_free (t);
}

static void
test_http_pipelined (void)
{
  static const char two[] =
    "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nok"
    "HTTP/1.1 204 No Content\r\n\r\n";
  gboolean took;
  TrawlTestDissection *t = dissect ((const guint8 *) two, strlen (two), VIA_HEUR, &took);

  g_assert_true (took);
  assert_field (t, "http.response.code", "200,204");
  assert_field (t, "http.response.code.desc", "OK,No Content");
  assert_field (t, "http.content_length", "2");
  assert_field (t, "http.file_data", "ok");
  g_assert_cmpstr (t->pkt.col_info->str, ==, "HTTP/1.1 200 OK  (text/plain) HTTP/1.1 204 No Content ");
  trawl_test_dissection_free (t);
}

static void
test_http_hostile_content_length (void)
{
  static const char msg[] =
    "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\nabc";
  gboolean took;
  TrawlTestDissection *t = dissect ((const guint8 *) msg, strlen (msg), VIA_HEUR, &took);

  g_assert_true (took);
  /* an unparsable length: the body runs to the end of the segment */
  g_assert_null (trawl_test_find (t, "http.content_length"));
  assert_field (t, "http.file_data", "abc");
  trawl_test_dissection_free (t);
}

static void
test_ws_ext16 (void)
{
  guint8 f[4 + 200];
  gboolean took;
  TrawlTestDissection *t;

  f[0] = 0x82; f[1] = 0x7e; f[2] = 0x00; f[3] = 0xc8;
  for (guint i = 0; i < 200; i++)
    f[4 + i] = (guint8) i;
  t = dissect (f, sizeof f, VIA_WS, &took);
  g_assert_true (took);
  assert_field (t, "websocket.opcode", "2");
  assert_field (t, "websocket.payload_length", "126");
  assert_field (t, "websocket.payload_length_ext_16", "200");
  assert_field (t, "data.len", "200");
  g_assert_cmpstr (t->pkt.col_info->str, ==, "WebSocket Binary [FIN] ");
  g_assert_false (t->pkt.malformed);
  trawl_test_dissection_free (t);
}

static void
test_ws_ext64_masked_cut (void)
{
  /* 64-bit length 65536, masked with key 01020304, only 4 payload bytes
   * in the segment: "abcd" masked. */
  guint8 f[2 + 8 + 4 + 4] = { 0x81, 0xff, 0, 0, 0, 0, 0, 1, 0, 0, 1, 2, 3, 4 };
  const char *plain = "abcd";
  gboolean took;
  TrawlTestDissection *t;

  for (guint i = 0; i < 4; i++)
    f[14 + i] = (guint8) plain[i] ^ f[10 + (i & 3)];
  t = dissect (f, sizeof f, VIA_WS, &took);
  g_assert_true (took);
  assert_field (t, "websocket.payload_length", "127");
  assert_field (t, "websocket.payload_length_ext_64", "65536");
  assert_field (t, "websocket.masking_key", "01020304");
  assert_field (t, "websocket.payload.text", "abcd");
  g_assert_cmpuint (t->pkt.n_sources, ==, 2);
  g_assert_cmpstr (t->pkt.col_info->str, ==, "WebSocket Text [FIN] [MASKED]");
  g_assert_false (t->pkt.malformed);
  trawl_test_dissection_free (t);
}

static void
test_ws_two_frames (void)
{
  static const guint8 f[] = { 0x81, 0x02, 'h', 'i', 0x88, 0x05, 0x03, 0xe9, 'b', 'y', 'e' };
  gboolean took;
  TrawlTestDissection *t = dissect (f, sizeof f, VIA_WS, &took);

  g_assert_true (took);
  assert_field (t, "websocket.opcode", "1,8");
  assert_field (t, "websocket.payload.text", "hi");
  assert_field (t, "websocket.payload.close.status_code", "1001");
  assert_field (t, "websocket.payload.close.reason", "bye");
  g_assert_cmpstr (t->pkt.col_info->str, ==, "WebSocket Text [FIN] WebSocket Connection Close [FIN] ");
  trawl_test_dissection_free (t);
}

static void
test_ws_bad_lengths (void)
{
  static const guint8 one[] = { 0x81 };
  static const guint8 ext16_cut[] = { 0x81, 0x7e, 0x01 };
  static const guint8 ext64_cut[] = { 0x81, 0x7f, 0xff, 0xff, 0xff };
  static const guint8 key_cut[] = { 0x81, 0x85, 0x01, 0x02 };
  static const guint8 huge64[] = { 0x82, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xaa };
  const struct { const guint8 *p; gsize n; gboolean malformed; } cases[] = {
    { one, sizeof one, TRUE },
    { ext16_cut, sizeof ext16_cut, TRUE },
    { ext64_cut, sizeof ext64_cut, TRUE },
    { key_cut, sizeof key_cut, TRUE },
    { huge64, sizeof huge64, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gboolean took;
      TrawlTestDissection *t = dissect (cases[i].p, cases[i].n, VIA_WS, &took);
      g_assert_true (took);
      g_assert_cmpint (t->pkt.malformed, ==, cases[i].malformed);
      trawl_test_dissection_free (t);
    }
}

/* A ClientHello with one server_name extension; the lengths can be
 * spoiled to point past the data. */
static GByteArray *
client_hello (guint16 sni_name_len,
              guint16 ext_len_delta)
{
  static const char host[] = "a.test";
  GByteArray *b = g_byte_array_new ();
  guint8 rec[] = { 22, 3, 1, 0, 0 };
  guint8 hs[] = { 1, 0, 0, 0, 3, 3 };
  guint8 random[32] = { 0 };
  guint8 rest[] = { 0, 0, 2, 0x13, 0x01, 1, 0 };
  guint16 ext_len = 4 + 2 + 3 + (sizeof host - 1);
  guint8 exts[] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
  guint32 body, total;

  exts[0] = (guint8) ((ext_len + ext_len_delta) >> 8);
  exts[1] = (guint8) (ext_len + ext_len_delta);
  exts[4] = 0; exts[5] = (guint8) (2 + 3 + sizeof host - 1);        /* extension length */
  exts[6] = 0; exts[7] = (guint8) (3 + sizeof host - 1);            /* list length */
  exts[8] = 0;                                                      /* host_name */
  exts[9] = (guint8) (sni_name_len >> 8); exts[10] = (guint8) sni_name_len;
  g_byte_array_append (b, rec, sizeof rec);
  g_byte_array_append (b, hs, sizeof hs);
  g_byte_array_append (b, random, sizeof random);
  g_byte_array_append (b, rest, sizeof rest);
  g_byte_array_append (b, exts, sizeof exts);
  g_byte_array_append (b, (const guint8 *) host, sizeof host - 1);
  total = b->len - 5;
  body = total - 4;
  b->data[3] = (guint8) (total >> 8); b->data[4] = (guint8) total;
  b->data[6] = (guint8) (body >> 16); b->data[7] = (guint8) (body >> 8); b->data[8] = (guint8) body;
  return b;
}

static void
test_tls_client_hello (void)
{
  g_autoptr(GByteArray) ok = client_hello (6, 0);
  g_autoptr(GByteArray) bad_sni = client_hello (0xfff0, 0);
  g_autoptr(GByteArray) bad_ext = client_hello (6, 0x4000);
  gboolean took;
  TrawlTestDissection *t;

  t = dissect (ok->data, ok->len, VIA_HEUR, &took);
  g_assert_true (took);
  assert_field (t, "tls.handshake.type", "1");
  assert_field (t, "tls.handshake.ciphersuite", "0x1301");
  assert_field (t, "tls.handshake.extensions_server_name", "a.test");
  assert_field (t, "tls.handshake.extensions_server_name_len", "6");
  g_assert_cmpstr (t->pkt.col_info->str, ==, "Client Hello");
  g_assert_cmpstr (t->pkt.col_protocol, ==, "TLSv1");
  g_assert_false (t->pkt.malformed);
  trawl_test_dissection_free (t);

  t = dissect (bad_sni->data, bad_sni->len, VIA_HEUR, &took);
  g_assert_true (took);
  g_assert_null (trawl_test_find (t, "tls.handshake.extensions_server_name"));
  g_assert_true (t->pkt.malformed);
  trawl_test_dissection_free (t);

  t = dissect (bad_ext->data, bad_ext->len, VIA_HEUR, &took);
  g_assert_true (took);
  g_assert_true (t->pkt.malformed);
  trawl_test_dissection_free (t);
}

static void
test_tls_record_cut (void)
{
  /* Application data record of 100 bytes, 10 in the segment, then nothing. */
  guint8 f[5 + 10] = { 23, 3, 3, 0, 100 };
  static const guint8 zero_len[] = { 23, 3, 3, 0, 0 };
  static const guint8 huge_len[] = { 23, 3, 3, 0xff, 0xff, 0 };
  gboolean took;
  TrawlTestDissection *t = dissect (f, sizeof f, VIA_HEUR, &took);

  g_assert_true (took);
  assert_field (t, "tls.record.length", "100");
  assert_field (t, "tls.app_data", "00000000000000000000");
  g_assert_cmpstr (t->pkt.col_info->str, ==, "Application Data");
  trawl_test_dissection_free (t);

  t = dissect (zero_len, sizeof zero_len, VIA_HEUR, &took);
  g_assert_false (took);
  trawl_test_dissection_free (t);
  t = dissect (huge_len, sizeof huge_len, VIA_HEUR, &took);
  g_assert_false (took);
  trawl_test_dissection_free (t);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/web/http/split-header", test_http_split_header);
  g_test_add_func ("/web/http/not-http", test_http_not_http);
  g_test_add_func ("/web/http/pipelined", test_http_pipelined);
  g_test_add_func ("/web/http/hostile-content-length", test_http_hostile_content_length);
  g_test_add_func ("/web/websocket/ext16", test_ws_ext16);
  g_test_add_func ("/web/websocket/ext64-masked-cut", test_ws_ext64_masked_cut);
  g_test_add_func ("/web/websocket/two-frames", test_ws_two_frames);
  g_test_add_func ("/web/websocket/bad-lengths", test_ws_bad_lengths);
  g_test_add_func ("/web/tls/client-hello", test_tls_client_hello);
  g_test_add_func ("/web/tls/record-cut", test_tls_record_cut);
  return g_test_run ();
}
