/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-reassembly.c: TCP reassembly fed segments in any order
 *
 * The input is a script of 8-byte steps: flow (1 bit), a sequence
 * number offset from the flow's start (24 bits, or a huge jump), a
 * length, and what the "protocol above" asks when a PDU is handed to it
 * (complete, more bytes, one more segment, a cut inside it).  Payload
 * bytes are derived from the sequence number, so every rebuilt PDU can be
 * checked byte for byte.  An input starting with 0xff runs the fixed
 * case of 100,000 one-byte segments of one PDU.  Checks: nothing read
 * out of bounds (the sanitizers), bytes held never above the bound,
 * every completed PDU rebuilt with the bytes its segments carried.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include <glib.h>

#include "analysis/trawl-tcp-reassembly.h"

#define ISN 0x7ffffff0u   /* sequence numbers wrap inside the script */

static guint8
byte_at (guint32 seq)
{
  return (guint8) (seq * 2654435761u >> 24);
}

static void
fill (guint8 *buf, guint32 seq, guint32 len)
{
  for (guint32 i = 0; i < len; i++)
    buf[i] = byte_at (seq + i);
}

/* Every completed PDU: its bytes are those of its sequence range. */
static void
check_pdus (TrawlTcpReassembly *r, guint32 n_pdus)
{
  for (guint32 pdu = 1; pdu <= n_pdus; pdu++)
    {
      g_autofree TrawlTcpSegRef *segs = NULL;
      g_autofree guint8 *buf = NULL;
      guint32 n_segs, len, total = 0;

      if (!trawl_tcp_reassembly_segments (r, pdu, &segs, &n_segs, &len))
        continue;
      for (guint32 i = 0; i < n_segs; i++)
        total += segs[i].len;
      g_assert_cmpuint (total, ==, len);
      buf = g_malloc (MAX (len, 1));
      g_assert_true (trawl_tcp_reassembly_rebuild (r, NULL, pdu, segs, n_segs, buf, len));
    }
}

static void
feed (TrawlTcpReassembly *r, guint64 flow, guint32 frame, guint32 seq, guint32 len,
      guint8 ask, guint32 *n_pdus)
{
  g_autofree guint8 *payload = g_malloc (MAX (len, 1));
  TrawlTcpReasmResult res;
  guint32 consumed = 0;

  fill (payload, seq, len);
  /* As tcp.c: a PDU may take the start, what it leaves is handed up. */
  while (consumed < len)
    {
      trawl_tcp_reassembly_segment (r, flow, frame, seq + consumed, payload + consumed,
                                    len - consumed, 54 + consumed, &res);
      if (res.cont_len == 0)
        break;
      g_assert_cmpuint (res.cont_len, <=, len - consumed);
      consumed += res.cont_len;
      if (!res.ready)
        break;
      g_assert_nonnull (res.data);
      g_assert_cmpuint (res.len, <=, TRAWL_TCP_REASM_MAX_PDU);
      switch (ask & 3)
        {
        case 0: trawl_tcp_reassembly_handed (r, flow, frame, TRAWL_TCP_NO_DESEGMENT, 0, &res); break;
        case 1: trawl_tcp_reassembly_handed (r, flow, frame, 0, 1 + (ask >> 2) * 37, &res); break;
        case 2: trawl_tcp_reassembly_handed (r, flow, frame, 0, TRAWL_TCP_ONE_MORE_SEGMENT, &res); break;
        default: trawl_tcp_reassembly_handed (r, flow, frame, res.len / 2, 1 + (ask >> 2), &res); break;
        }
      if (res.start_pdu > *n_pdus)
        *n_pdus = res.start_pdu;
    }
  if (consumed < len && (ask & 0x10))
    {
      guint32 more = (ask & 0x20) ? TRAWL_TCP_ONE_MORE_SEGMENT : ((guint32) ask << 6) + 1;

      memset (&res, 0, sizeof res);
      trawl_tcp_reassembly_start (r, flow, frame, seq + consumed, payload + consumed,
                                  len - consumed, 54 + consumed, more, &res);
      if (res.start_pdu > *n_pdus)
        *n_pdus = res.start_pdu;
    }
  g_assert_cmpuint (trawl_tcp_reassembly_pending_bytes (r), <=, 2 * (gsize) TRAWL_TCP_REASM_MAX_PDU);
}

/* 100,000 one-byte segments of a PDU announced as 100,000 bytes. */
static void
one_byte_segments (void)
{
  TrawlTcpReassembly *r = trawl_tcp_reassembly_new ();
  TrawlTcpReasmResult res = { 0 };
  guint8 b = byte_at (ISN);
  guint32 n_pdus = 0;

  trawl_tcp_reassembly_start (r, 0, 1, ISN, &b, 1, 54, 99999, &res);
  g_assert_cmpuint (res.start_pdu, ==, 1);
  for (guint32 i = 1; i < 100000; i++)
    feed (r, 0, i + 1, ISN + i, 1, 0, &n_pdus);
  g_assert_cmpuint (trawl_tcp_reassembly_done_in (r, 1), ==, 100000);
  g_assert_cmpuint (trawl_tcp_reassembly_pending_bytes (r), ==, 0);
  check_pdus (r, 1);
  trawl_tcp_reassembly_free (r);
}

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  TrawlTcpReassembly *r;
  guint32 n_pdus = 0;

  if (size >= 1 && data[0] == 0xff)
    {
      one_byte_segments ();
      return 0;
    }
  r = trawl_tcp_reassembly_new ();
  for (size_t i = 0, frame = 1; i + 8 <= size && frame < 4096; i += 8, frame++)
    {
      const guint8 *s = data + i;
      guint64 flow = s[0] & 1;
      guint32 off = (guint32) s[1] << 16 | (guint32) s[2] << 8 | s[3];
      guint32 len = ((guint32) s[4] << 8 | s[5]) & 0x1fff;
      guint32 seq = ISN + off;

      /* A huge jump now and then. */
      if (s[0] & 0x80)
        seq += 0x40000000u;
      feed (r, flow, (guint32) frame, seq, len, s[6], &n_pdus);
      /* Keep the record as tcp.c does (frames in order). */
      if (s[7] & 1)
        {
          TrawlTcpReasmResult res = { 0 };
          res.cont_len = 1;
          trawl_tcp_reassembly_record (r, (guint32) frame, &res);
          g_assert_true (trawl_tcp_reassembly_lookup (r, (guint32) frame, &res));
        }
    }
  check_pdus (r, n_pdus + 64);
  trawl_tcp_reassembly_free (r);
  return 0;
}
