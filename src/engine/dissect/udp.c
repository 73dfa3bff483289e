/* SPDX-License-Identifier: GPL-3.0-or-later */
/* udp.c: User Datagram Protocol (RFC 768), as Wireshark 4.0 shows it */
#include "config.h"

#include <glib/gi18n.h>

#include "trawl-dissect.h"
#include "analysis/trawl-analysis.h"
#include "analysis/trawl-tcp-analysis.h"

static int proto_udp = -1;
static int hf_srcport = -1;
static int hf_dstport = -1;
static int hf_port = -1;
static int hf_length = -1;
static int hf_checksum = -1;
static int hf_checksum_status = -1;
static int hf_stream = -1;
static int hf_time_relative = -1;
static int hf_time_delta = -1;
static int hf_payload = -1;

static const TrawlFieldDef fields[] = {
  { &hf_srcport, "udp.srcport", N_("Source Port"), TRAWL_FT_UINT16, TRAWL_BASE_PT_UDP },
  { &hf_dstport, "udp.dstport", N_("Destination Port"), TRAWL_FT_UINT16, TRAWL_BASE_PT_UDP },
  { &hf_port, "udp.port", N_("Source or Destination Port"), TRAWL_FT_UINT16, TRAWL_BASE_PT_UDP },
  { &hf_stream, "udp.stream", N_("Stream index"), TRAWL_FT_UINT32, TRAWL_BASE_DEC },
  { &hf_length, "udp.length", N_("Length"), TRAWL_FT_UINT16, TRAWL_BASE_DEC, NULL, 0, N_("Length in octets including this header and the data") },
  { &hf_checksum, "udp.checksum", N_("Checksum"), TRAWL_FT_UINT16, TRAWL_BASE_HEX, NULL, 0, N_("Details at: https://www.wireshark.org/docs/wsug_html_chunked/ChAdvChecksums.html") },
  { &hf_checksum_status, "udp.checksum.status", N_("Checksum Status"), TRAWL_FT_UINT8, TRAWL_BASE_NONE, trawl_checksum_status_vals },
  { &hf_time_relative, "udp.time_relative", N_("Time since first frame"), TRAWL_FT_RELATIVE_TIME, TRAWL_BASE_NONE, NULL, 0, N_("Time relative to first frame in this UDP stream") },
  { &hf_time_delta, "udp.time_delta", N_("Time since previous frame"), TRAWL_FT_RELATIVE_TIME, TRAWL_BASE_NONE, NULL, 0, N_("Time delta from previous frame in this UDP stream") },
  { &hf_payload, "udp.payload", N_("Payload"), TRAWL_FT_BYTES, TRAWL_BASE_NONE },
};

static void
dissect_payload (TrawlPacket *pkt,
                 TrawlCursor *payload,
                 TrawlNode   *parent)
{
  guint16 low = MIN (pkt->srcport, pkt->dstport);
  guint16 high = MAX (pkt->srcport, pkt->dstport);

  if (pkt->depth == TRAWL_DEPTH_TRANSPORT && !pkt->first_pass)
    return;
  /* Wireshark's "try low port first", then the heuristics. */
  if (trawl_dissector_table_try (TRAWL_TABLE_UDP_PORT, low, pkt, payload, parent))
    return;
  if (high != low && trawl_dissector_table_try (TRAWL_TABLE_UDP_PORT, high, pkt, payload, parent))
    return;
  if (trawl_heuristic_try (TRAWL_HEUR_UDP, pkt, payload, parent))
    return;
  trawl_dissect_data (pkt, payload, parent);
}

static gboolean
dissect_udp (TrawlPacket *pkt,
             TrawlCursor *cur,
             TrawlNode   *parent)
{
  TrawlNode *top, *n;
  guint32 reported = trawl_cursor_len (cur);
  guint16 sport, dport, ulen;
  gboolean cols = pkt->want_columns && !pkt->in_error_pkt;
  guint32 plen;
  TrawlUdpLookup lk = { 0 };
  gboolean have_lk = FALSE, have_quoted = FALSE;

  top = trawl_tree_add_protocol (pkt, parent, proto_udp, cur, 0, MIN (reported, 8));
  if (!pkt->in_error_pkt)
    trawl_col_set_protocol (pkt, "UDP");
  sport = trawl_cursor_get_u16 (cur, 0);
  dport = trawl_cursor_get_u16 (cur, 2);
  if (cur->error)
    {
      trawl_tree_mark_malformed (pkt, top, "UDP");
      return TRUE;
    }
  trawl_dissect_port_pair (pkt, top, cur, TRAWL_PT_UDP, hf_srcport, hf_dstport, hf_port);
  if (cols)
    trawl_col_set_info (pkt, "%u \342\206\222 %u", sport, dport);

  if (!trawl_cursor_has (cur, 0, 8))
    {
      if (!pkt->in_error_pkt)
        trawl_tree_mark_malformed (pkt, top, "UDP");
      return TRUE;
    }
  ulen = trawl_cursor_get_u16 (cur, 4);

  if (ulen < 8)
    {
      n = trawl_tree_add_item (pkt, top, hf_length, cur, 4, 2, TRAWL_ENC_BE);
      trawl_node_set_text (pkt, n, "Length: %u (bogus, must be >= 8)", ulen);
      trawl_tree_add_expert (pkt, n, TRAWL_EXPERT_ERROR, "Bad length value %u < 8", ulen);
      if (cols)
        trawl_col_append_info (pkt, " [BAD UDP LENGTH %u < 8]", ulen);
      return TRUE;
    }

  n = trawl_tree_add_item (pkt, top, hf_length, cur, 4, 2, TRAWL_ENC_BE);
  if (ulen > reported && !pkt->in_error_pkt && !pkt->ip_fragment)
    {
      /* The IP payload is shorter than UDP claims: use what is there. */
      trawl_node_set_text (pkt, n, "Length: %u (bogus, payload length %u)", ulen, reported);
      trawl_tree_add_expert (pkt, n, TRAWL_EXPERT_ERROR, "Bad length value %u > IP payload length", ulen);
      if (cols)
        trawl_col_append_info (pkt, " [BAD UDP LENGTH %u > IP PAYLOAD LENGTH]", ulen);
      plen = reported - 8;
    }
  else
    plen = MIN ((guint32) ulen, reported) - 8;

  n = trawl_tree_add_item (pkt, top, hf_checksum, cur, 6, 2, TRAWL_ENC_BE);
  if (trawl_cursor_get_u16 (cur, 6) == 0)
    {
      trawl_node_set_text (pkt, n, "Checksum: 0x0000 [zero-value ignored]");
      n = trawl_tree_add_uint (pkt, top, hf_checksum_status, cur, 6, 2, 3);
      trawl_node_set_text (pkt, n, "Checksum Status: Not present");
    }
  else
    {
      trawl_node_set_text (pkt, n, "Checksum: 0x%04x [unverified]", trawl_cursor_get_u16 (cur, 6));
      n = trawl_tree_add_uint (pkt, top, hf_checksum_status, cur, 6, 2, 2);
      trawl_node_set_text (pkt, n, "Checksum Status: Unverified");
    }
  trawl_node_set_flags (n, TRAWL_NODE_GENERATED);

  if (pkt->analysis && !pkt->in_error_pkt)
    {
      if (pkt->first_pass)
        {
          trawl_udp_analysis_track (pkt->analysis->tcp, pkt, &lk);
          have_lk = TRUE;
        }
      else
        have_lk = trawl_udp_analysis_lookup (pkt->analysis->tcp, pkt, &lk);
    }
  else if (pkt->analysis)
    {
      /* A quoted datagram: tshark gives it its conversation's stream but
       * no Timestamps. */
      if (pkt->first_pass)
        {
          lk.stream = trawl_udp_analysis_track_quoted (pkt->analysis->tcp, pkt);
          have_quoted = TRUE;
        }
      else
        have_quoted = trawl_udp_analysis_lookup_quoted (pkt->analysis->tcp, pkt, &lk.stream);
    }
  else if (!pkt->in_error_pkt)
    have_lk = TRUE;  /* a lone frame: stream 0, times 0, as tshark shows it */

  if (have_lk && trawl_packet_tree_wanted (pkt))
    {
      TrawlNode *ts;
      n = trawl_tree_add_uint (pkt, top, hf_stream, cur, 0, 0, lk.stream);
      trawl_node_set_flags (n, TRAWL_NODE_GENERATED);
      ts = trawl_tree_add_text (pkt, top, cur, 0, 0, "Timestamps");
      trawl_node_set_flags (ts, TRAWL_NODE_GENERATED);
      n = trawl_tree_add_time (pkt, ts, hf_time_relative, cur, 0, 0, lk.time_relative);
      trawl_node_set_flags (n, TRAWL_NODE_GENERATED);
      n = trawl_tree_add_time (pkt, ts, hf_time_delta, cur, 0, 0, lk.time_delta);
      trawl_node_set_flags (n, TRAWL_NODE_GENERATED);
    }
  else if (have_quoted)
    {
      n = trawl_tree_add_uint (pkt, top, hf_stream, cur, 0, 0, lk.stream);
      trawl_node_set_flags (n, TRAWL_NODE_GENERATED);
    }

  if (cols)
    trawl_col_append_info (pkt, " Len=%u", ulen >= 8 ? (guint) ulen - 8 : 0);
  if (plen > 0)
    {
      TrawlCursor payload = trawl_cursor_sub (cur, 8, plen, NULL);
      n = trawl_tree_add_item (pkt, top, hf_payload, cur, 8, plen, TRAWL_ENC_BE);
      trawl_node_set_text (pkt, n, "UDP payload (%u byte%s)", plen, plen == 1 ? "" : "s");
      /* tshark hands the payload of a datagram quoted by an ICMP error to
       * the protocol above too (DNS, data), and shows it at the top level;
       * the ICMP dissector puts the columns back. */
      dissect_payload (pkt, &payload, pkt->in_error_pkt ? pkt->root : parent);
    }
  return TRUE;
}

void
trawl_register_udp (void)
{
  proto_udp = trawl_proto_register ("udp", N_("User Datagram Protocol"), "UDP");
  trawl_field_register (proto_udp, fields, G_N_ELEMENTS (fields));
  trawl_dissector_table_add (TRAWL_TABLE_IP_PROTO, 17, dissect_udp);
}
