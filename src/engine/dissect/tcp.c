/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tcp.c: Transmission Control Protocol (RFC 9293), as Wireshark 4.0 shows it
 *
 * Relative sequence numbers, stream numbers, window scaling and the
 * SEQ/ACK analysis come from the analysis pass (analysis/
 * trawl-tcp-analysis.c); everything else is read from the segment itself.
 * Segments are not reassembled: each payload goes to the dissector above
 * as it is.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "trawl-dissect.h"
#include "trawl-tcp.h"
#include "analysis/trawl-analysis.h"
#include "analysis/trawl-tcp-analysis.h"

#define TH_FIN  0x001
#define TH_SYN  0x002
#define TH_RST  0x004
#define TH_PUSH 0x008
#define TH_ACK  0x010
#define TH_URG  0x020
#define TH_ECE  0x040
#define TH_CWR  0x080
#define TH_AE   0x100
#define TH_RES  0xe00

static int proto_tcp = -1;
static int proto_opt_eol = -1;
static int proto_opt_nop = -1;
static int proto_opt_mss = -1;
static int proto_opt_wscale = -1;
static int proto_opt_sack_perm = -1;
static int proto_opt_sack = -1;
static int proto_opt_timestamp = -1;
static int proto_opt_unknown = -1;

static int hf_srcport = -1;
static int hf_dstport = -1;
static int hf_port = -1;
static int hf_stream = -1;
static int hf_completeness = -1;
static int hf_len = -1;
static int hf_seq = -1;
static int hf_seq_raw = -1;
static int hf_nxtseq = -1;
static int hf_ack = -1;
static int hf_ack_raw = -1;
static int hf_hdr_len = -1;
static int hf_flags = -1;
static int hf_flags_res = -1;
static int hf_flags_ae = -1;
static int hf_flags_cwr = -1;
static int hf_flags_ece = -1;
static int hf_flags_urg = -1;
static int hf_flags_ack = -1;
static int hf_flags_push = -1;
static int hf_flags_reset = -1;
static int hf_flags_syn = -1;
static int hf_flags_fin = -1;
static int hf_flags_str = -1;
static int hf_window_size_value = -1;
static int hf_window_size = -1;
static int hf_window_size_scalefactor = -1;
static int hf_checksum = -1;
static int hf_checksum_status = -1;
static int hf_urgent_pointer = -1;
static int hf_options = -1;
static int hf_option_kind = -1;
static int hf_option_len = -1;
static int hf_mss_val = -1;
static int hf_wscale_shift = -1;
static int hf_wscale_multiplier = -1;
static int hf_sack_le = -1;
static int hf_sack_re = -1;
static int hf_sack_count = -1;
static int hf_tsval = -1;
static int hf_tsecr = -1;
static int hf_time_relative = -1;
static int hf_time_delta = -1;
static int hf_analysis = -1;
static int hf_analysis_flags = -1;
static int hf_acks_frame = -1;
static int hf_ack_rtt = -1;
static int hf_initial_rtt = -1;
static int hf_bytes_in_flight = -1;
static int hf_push_bytes_sent = -1;
static int hf_duplicate_ack_num = -1;
static int hf_duplicate_ack_frame = -1;
static int hf_payload = -1;
static int hf_continuation_to = -1;
static int hf_pdu_time = -1;
static int hf_pdu_size = -1;
static int hf_pdu_last_frame = -1;
static int hf_segment_data = -1;
static int hf_reassembled_in = -1;
static int hf_segments = -1;
static int hf_segment = -1;
static int hf_segment_count = -1;
static int hf_reassembled_length = -1;
static int hf_reassembled_data = -1;

static const TrawlValueName option_kind_names[] = {
  { 0, "End of Option List" },
  { 1, "No-Operation" },
  { 2, "Maximum Segment Size" },
  { 3, "Window Scale" },
  { 4, "SACK Permitted" },
  { 5, "SACK" },
  { 6, "Echo" },
  { 7, "Echo Reply" },
  { 8, "Time Stamp Option" },
  { 9, "Partial Order Connection Permitted" },
  { 10, "Partial Order Service Profile" },
  { 11, "CC" },
  { 12, "CC.NEW" },
  { 13, "CC.ECHO" },
  { 14, "TCP Alternate Checksum Request" },
  { 15, "TCP Alternate Checksum Data" },
  { 16, "Skeeter" },
  { 17, "Bubba" },
  { 18, "Trailer Checksum Option" },
  { 19, "MD5 Signature Option" },
  { 20, "SCPS Capabilities" },
  { 21, "Selective Negative Acknowledgements" },
  { 22, "Record Boundaries" },
  { 23, "Corruption experienced" },
  { 24, "SNAP" },
  { 25, "Unassigned" },
  { 26, "TCP Compression Filter" },
  { 27, "Quick-Start Response" },
  { 28, "User Timeout Option" },
  { 29, "The TCP Authentication Option" },
  { 30, "Multipath TCP" },
  { 34, "TCP Fast Open Cookie" },
  { 76, "Riverbed Probe" },
  { 78, "Riverbed Transparency" },
  { 172, "Accurate ECN Order 0" },
  { 174, "Accurate ECN Order 1" },
  { 253, "RFC3692-style Experiment 1" },
  { 254, "RFC3692-style Experiment 2" },
  { 0, NULL }
};

static const TrawlFieldDef fields[] = {
  { &hf_srcport, "tcp.srcport", N_("Source Port"), TRAWL_FT_UINT16, TRAWL_BASE_PT_TCP },
  { &hf_dstport, "tcp.dstport", N_("Destination Port"), TRAWL_FT_UINT16, TRAWL_BASE_PT_TCP },
  { &hf_port, "tcp.port", N_("Source or Destination Port"), TRAWL_FT_UINT16, TRAWL_BASE_PT_TCP },
  { &hf_stream, "tcp.stream", N_("Stream index"), TRAWL_FT_UINT32, TRAWL_BASE_DEC },
  { &hf_completeness, "tcp.completeness", N_("Conversation completeness"), TRAWL_FT_UINT8, TRAWL_BASE_DEC, NULL, 0, N_("The completeness of the conversation capture") },
  { &hf_len, "tcp.len", N_("TCP Segment Len"), TRAWL_FT_UINT32, TRAWL_BASE_DEC },
  { &hf_seq, "tcp.seq", N_("Sequence Number"), TRAWL_FT_UINT32, TRAWL_BASE_DEC },
  { &hf_seq_raw, "tcp.seq_raw", N_("Sequence Number (raw)"), TRAWL_FT_UINT32, TRAWL_BASE_DEC, NULL, 0, N_("This shows the raw value of the sequence number") },
  { &hf_nxtseq, "tcp.nxtseq", N_("Next Sequence Number"), TRAWL_FT_UINT32, TRAWL_BASE_DEC },
  { &hf_ack, "tcp.ack", N_("Acknowledgment Number"), TRAWL_FT_UINT32, TRAWL_BASE_DEC },
  { &hf_ack_raw, "tcp.ack_raw", N_("Acknowledgment number (raw)"), TRAWL_FT_UINT32, TRAWL_BASE_DEC, NULL, 0, N_("This shows the raw value of the acknowledgment number") },
  { &hf_hdr_len, "tcp.hdr_len", N_("Header Length"), TRAWL_FT_UINT8, TRAWL_BASE_DEC, NULL, 0, N_("Data offset in 32-bit words") },
  { &hf_flags, "tcp.flags", N_("Flags"), TRAWL_FT_UINT16, TRAWL_BASE_HEX, NULL, 0xfff, N_("Flags (12 bits)") },
  { &hf_flags_res, "tcp.flags.res", N_("Reserved"), TRAWL_FT_BOOLEAN, 12, NULL, 0xe00, N_("Three reserved bits (must be zero)") },
  { &hf_flags_ae, "tcp.flags.ae", N_("Accurate ECN"), TRAWL_FT_BOOLEAN, 12, NULL, 0x100 },
  { &hf_flags_cwr, "tcp.flags.cwr", N_("Congestion Window Reduced"), TRAWL_FT_BOOLEAN, 12, NULL, 0x80 },
  { &hf_flags_ece, "tcp.flags.ece", N_("ECN-Echo"), TRAWL_FT_BOOLEAN, 12, NULL, 0x40 },
  { &hf_flags_urg, "tcp.flags.urg", N_("Urgent"), TRAWL_FT_BOOLEAN, 12, NULL, 0x20 },
  { &hf_flags_ack, "tcp.flags.ack", N_("Acknowledgment"), TRAWL_FT_BOOLEAN, 12, NULL, 0x10 },
  { &hf_flags_push, "tcp.flags.push", N_("Push"), TRAWL_FT_BOOLEAN, 12, NULL, 0x8 },
  { &hf_flags_reset, "tcp.flags.reset", N_("Reset"), TRAWL_FT_BOOLEAN, 12, NULL, 0x4 },
  { &hf_flags_syn, "tcp.flags.syn", N_("Syn"), TRAWL_FT_BOOLEAN, 12, NULL, 0x2 },
  { &hf_flags_fin, "tcp.flags.fin", N_("Fin"), TRAWL_FT_BOOLEAN, 12, NULL, 0x1 },
  { &hf_flags_str, "tcp.flags.str", N_("TCP Flags"), TRAWL_FT_STRING, TRAWL_BASE_NONE },
  { &hf_window_size_value, "tcp.window_size_value", N_("Window"), TRAWL_FT_UINT16, TRAWL_BASE_DEC, NULL, 0, N_("The window size value from the TCP header") },
  { &hf_window_size, "tcp.window_size", N_("Calculated window size"), TRAWL_FT_UINT32, TRAWL_BASE_DEC, NULL, 0, N_("The scaled window size (if scaling has been used)") },
  { &hf_window_size_scalefactor, "tcp.window_size_scalefactor", N_("Window size scaling factor"), TRAWL_FT_INT32, TRAWL_BASE_DEC, NULL, 0, N_("The window size scaling factor (-1 when unknown, -2 when no scaling is used)") },
  { &hf_checksum, "tcp.checksum", N_("Checksum"), TRAWL_FT_UINT16, TRAWL_BASE_HEX, NULL, 0, N_("Details at: https://www.wireshark.org/docs/wsug_html_chunked/ChAdvChecksums.html") },
  { &hf_checksum_status, "tcp.checksum.status", N_("Checksum Status"), TRAWL_FT_UINT8, TRAWL_BASE_NONE, trawl_checksum_status_vals },
  { &hf_urgent_pointer, "tcp.urgent_pointer", N_("Urgent Pointer"), TRAWL_FT_UINT16, TRAWL_BASE_DEC },
  { &hf_options, "tcp.options", N_("TCP Options"), TRAWL_FT_BYTES, TRAWL_BASE_NONE },
  { &hf_option_kind, "tcp.option_kind", N_("Kind"), TRAWL_FT_UINT8, TRAWL_BASE_DEC, option_kind_names, 0, N_("This TCP option's kind") },
  { &hf_option_len, "tcp.option_len", N_("Length"), TRAWL_FT_UINT8, TRAWL_BASE_DEC, NULL, 0, N_("Length of this TCP option in bytes (including kind and length fields)") },
  { &hf_mss_val, "tcp.options.mss_val", N_("MSS Value"), TRAWL_FT_UINT16, TRAWL_BASE_DEC },
  { &hf_wscale_shift, "tcp.options.wscale.shift", N_("Shift count"), TRAWL_FT_UINT8, TRAWL_BASE_DEC, NULL, 0, N_("Logarithmically encoded power of 2 scale factor") },
  { &hf_wscale_multiplier, "tcp.options.wscale.multiplier", N_("Multiplier"), TRAWL_FT_UINT16, TRAWL_BASE_DEC, NULL, 0, N_("Multiply segment window size by this for scaled window size") },
  { &hf_sack_le, "tcp.options.sack_le", N_("TCP SACK Left Edge"), TRAWL_FT_UINT32, TRAWL_BASE_DEC },
  { &hf_sack_re, "tcp.options.sack_re", N_("TCP SACK Right Edge"), TRAWL_FT_UINT32, TRAWL_BASE_DEC },
  { &hf_sack_count, "tcp.options.sack.count", N_("TCP SACK Count"), TRAWL_FT_UINT8, TRAWL_BASE_DEC },
  { &hf_tsval, "tcp.options.timestamp.tsval", N_("Timestamp value"), TRAWL_FT_UINT32, TRAWL_BASE_DEC, NULL, 0, N_("Value of sending machine's timestamp clock") },
  { &hf_tsecr, "tcp.options.timestamp.tsecr", N_("Timestamp echo reply"), TRAWL_FT_UINT32, TRAWL_BASE_DEC, NULL, 0, N_("Echoed timestamp from remote machine") },
  { &hf_time_relative, "tcp.time_relative", N_("Time since first frame in this TCP stream"), TRAWL_FT_RELATIVE_TIME, TRAWL_BASE_NONE, NULL, 0, N_("Time relative to first frame in this TCP stream") },
  { &hf_time_delta, "tcp.time_delta", N_("Time since previous frame in this TCP stream"), TRAWL_FT_RELATIVE_TIME, TRAWL_BASE_NONE, NULL, 0, N_("Time delta from previous frame in this TCP stream") },
  { &hf_analysis, "tcp.analysis", N_("SEQ/ACK analysis"), TRAWL_FT_NONE, TRAWL_BASE_NONE, NULL, 0, N_("This frame has some of the TCP analysis shown") },
  { &hf_analysis_flags, "tcp.analysis.flags", N_("TCP Analysis Flags"), TRAWL_FT_NONE, TRAWL_BASE_NONE, NULL, 0, N_("This frame has some of the TCP analysis flags set") },
  { &hf_acks_frame, "tcp.analysis.acks_frame", N_("This is an ACK to the segment in frame"), TRAWL_FT_FRAMENUM, TRAWL_BASE_NONE, NULL, 0, N_("Which previous segment is this an ACK for") },
  { &hf_ack_rtt, "tcp.analysis.ack_rtt", N_("The RTT to ACK the segment was"), TRAWL_FT_RELATIVE_TIME, TRAWL_BASE_NONE, NULL, 0, N_("How long time it took to ACK the segment (RTT)") },
  { &hf_initial_rtt, "tcp.analysis.initial_rtt", N_("iRTT"), TRAWL_FT_RELATIVE_TIME, TRAWL_BASE_NONE, NULL, 0, N_("How long it took for the SYN to ACK handshake (iRTT)") },
  { &hf_bytes_in_flight, "tcp.analysis.bytes_in_flight", N_("Bytes in flight"), TRAWL_FT_UINT32, TRAWL_BASE_DEC, NULL, 0, N_("How many bytes are now in flight for this connection") },
  { &hf_push_bytes_sent, "tcp.analysis.push_bytes_sent", N_("Bytes sent since last PSH flag"), TRAWL_FT_UINT32, TRAWL_BASE_DEC, NULL, 0, N_("How many bytes have been sent since the last PSH flag") },
  { &hf_duplicate_ack_num, "tcp.analysis.duplicate_ack_num", N_("Duplicate ACK #"), TRAWL_FT_UINT32, TRAWL_BASE_DEC, NULL, 0, N_("This is duplicate ACK number #") },
  { &hf_duplicate_ack_frame, "tcp.analysis.duplicate_ack_frame", N_("Duplicate to the ACK in frame"), TRAWL_FT_FRAMENUM, TRAWL_BASE_NONE, NULL, 0, N_("This is a duplicate to the ACK in frame #") },
  { &hf_payload, "tcp.payload", N_("TCP payload"), TRAWL_FT_BYTES, TRAWL_BASE_NONE, NULL, 0, N_("The TCP payload of this packet") },
  { &hf_continuation_to, "tcp.continuation_to", N_("This is a continuation to the PDU in frame"), TRAWL_FT_FRAMENUM, TRAWL_BASE_NONE, NULL, 0, N_("This is a continuation to the PDU in frame #") },
  { &hf_pdu_time, "tcp.pdu.time", N_("Time until the last segment of this PDU"), TRAWL_FT_RELATIVE_TIME, TRAWL_BASE_NONE, NULL, 0, N_("How long time has passed until the last frame of this PDU") },
  { &hf_pdu_size, "tcp.pdu.size", N_("PDU Size"), TRAWL_FT_UINT32, TRAWL_BASE_DEC, NULL, 0, N_("The size of this PDU") },
  { &hf_pdu_last_frame, "tcp.pdu.last_frame", N_("Last frame of this PDU"), TRAWL_FT_FRAMENUM, TRAWL_BASE_NONE, NULL, 0, N_("This is the last frame of the PDU starting in this segment") },
  { &hf_segment_data, "tcp.segment_data", N_("TCP segment data"), TRAWL_FT_BYTES, TRAWL_BASE_NONE, NULL, 0, N_("A data segment used in reassembly of a lower-level protocol") },
  { &hf_reassembled_in, "tcp.reassembled_in", N_("Reassembled PDU in frame"), TRAWL_FT_FRAMENUM, TRAWL_BASE_NONE, NULL, 0, N_("The PDU that doesn't end in this segment is reassembled in this frame") },
  { &hf_segments, "tcp.segments", N_("Reassembled TCP Segments"), TRAWL_FT_NONE, TRAWL_BASE_NONE, NULL, 0, N_("TCP Segments") },
  { &hf_segment, "tcp.segment", N_("TCP Segment"), TRAWL_FT_FRAMENUM, TRAWL_BASE_NONE },
  { &hf_segment_count, "tcp.segment.count", N_("Segment count"), TRAWL_FT_UINT32, TRAWL_BASE_DEC },
  { &hf_reassembled_length, "tcp.reassembled.length", N_("Reassembled TCP length"), TRAWL_FT_UINT32, TRAWL_BASE_DEC, NULL, 0, N_("The total length of the reassembled payload") },
  { &hf_reassembled_data, "tcp.reassembled.data", N_("Reassembled TCP Data"), TRAWL_FT_BYTES, TRAWL_BASE_NONE, NULL, 0, N_("The reassembled payload") },
};

static TrawlDissector app_dissectors[8];

void
trawl_tcp_register_app (TrawlTcpApp    app,
                        TrawlDissector dissector)
{
  g_return_if_fail ((guint) app < G_N_ELEMENTS (app_dissectors));

  app_dissectors[app] = dissector;
}

void
trawl_tcp_set_app (TrawlPacket *pkt,
                   TrawlTcpApp  app)
{
  g_return_if_fail (pkt != NULL);

  if (!pkt->first_pass || pkt->analysis == NULL || pkt->tcp == NULL ||
      pkt->tcp->stream == G_MAXUINT32 || pkt->in_error_pkt)
    return;
  trawl_tcp_analysis_set_app (pkt->analysis->tcp, pkt->tcp->stream, (guint8) app, pkt->number);
}

void
trawl_tcp_pdu (TrawlPacket *pkt,
               TrawlCursor *cur,
               guint32      off,
               guint32      pdu_len)
{
  TrawlTcpInfo *tcp;
  guint32 len, at, left;
  TrawlNode *n;

  g_return_if_fail (pkt != NULL && cur != NULL);

  tcp = pkt->tcp;
  if (tcp == NULL || pkt->in_error_pkt)
    return;
  if (cur->ds != tcp->payload_ds)
    {
      /* A reassembled PDU: only its size is shown. */
      if (cur->ds == tcp->deseg_ds && tcp->deseg_ds != 0)
        {
          len = trawl_cursor_len (cur);
          len = off < len ? MIN (pdu_len, len - off) : 0;
          n = trawl_tree_add_uint (pkt, tcp->tree, hf_pdu_size, cur, MIN (off, trawl_cursor_len (cur)), len, pdu_len);
          trawl_node_set_flags (n, TRAWL_NODE_GENERATED);
        }
      return;
    }
  at = trawl_cursor_abs (cur, off);
  if (at < tcp->payload_off)
    return;
  at -= tcp->payload_off;
  left = tcp->payload_len > at ? tcp->payload_len - at : 0;
  /* Only the last PDU of a segment can run past its end. */
  tcp->pdu_bytes_left = pdu_len > left ? pdu_len - left : 0;
  if (!trawl_packet_tree_wanted (pkt))
    return;
  len = trawl_cursor_len (cur);
  len = off < len ? MIN (pdu_len, len - off) : 0;
  n = trawl_tree_add_uint (pkt, tcp->tree, hf_pdu_size, cur, MIN (off, trawl_cursor_len (cur)), len, pdu_len);
  trawl_node_set_flags (n, TRAWL_NODE_GENERATED);
}

gboolean
trawl_tcp_desegment (TrawlPacket *pkt,
                     TrawlCursor *cur,
                     guint32      off,
                     guint32      more)
{
  TrawlTcpInfo *tcp;
  guint32 at;

  g_return_val_if_fail (pkt != NULL && cur != NULL, FALSE);

  tcp = pkt->tcp;
  if (tcp == NULL || !tcp->can_desegment || pkt->in_error_pkt || more == 0 ||
      cur->ds != tcp->deseg_ds || off > trawl_cursor_len (cur))
    return FALSE;
  at = trawl_cursor_abs (cur, off);
  if (at < tcp->deseg_base)
    return FALSE;
  tcp->deseg_off = at - tcp->deseg_base;
  tcp->deseg_more = more;
  /* One request per hand-up: what follows it is TCP's. */
  tcp->can_desegment = FALSE;
  return TRUE;
}

/* With desegmentation off, Wireshark remembers where a PDU announced by
 * a length runs past its segment, and does not hand up a later segment
 * that lies inside it.  Returns FALSE when nothing of @payload is left
 * to dissect; moves @payload past the end of the earlier PDU otherwise. */
static gboolean
track_pdus (TrawlPacket *pkt,
            TrawlNode   *top,
            TrawlCursor *cur,
            TrawlCursor *payload,
            guint32      rel_nxtseq,
            gboolean     cols)
{
  TrawlTcpPduLookup pl;
  TrawlNode *n;
  TrawlTcpInfo *tcp = pkt->tcp;

  if (pkt->first_pass)
    trawl_tcp_analysis_scan_pdu (pkt->analysis->tcp, pkt, tcp->seq,
                                 tcp->seq + (rel_nxtseq - tcp->rel_seq), &pl);
  else if (!trawl_tcp_analysis_lookup_pdu (pkt->analysis->tcp, pkt, &pl))
    return TRUE;

  if (pl.last_frame && trawl_packet_tree_wanted (pkt))
    {
      n = trawl_tree_add_uint (pkt, top, hf_pdu_last_frame, cur, 0, 0, pl.last_frame);
      trawl_node_set_flags (n, TRAWL_NODE_GENERATED);
      n = trawl_tree_add_time (pkt, top, hf_pdu_time, cur, 0, 0, pl.pdu_time);
      trawl_node_set_flags (n, TRAWL_NODE_GENERATED);
    }
  if (pl.continuation_to == 0)
    return TRUE;
  if (cols)
    {
      char buf[48], *p;

      p = g_stpcpy (buf, "[Continuation to #");
      p = trawl_format_uint (p, pl.continuation_to);
      g_stpcpy (p, "] ");
      trawl_col_prepend_fence_str (pkt, buf);
    }
  n = trawl_tree_add_uint (pkt, top, hf_continuation_to, cur, 0, 0, pl.continuation_to);
  trawl_node_set_flags (n, TRAWL_NODE_GENERATED);
  if (pl.skip >= trawl_cursor_len (payload))
    return FALSE;
  *payload = trawl_cursor_tail (payload, pl.skip);
  return TRUE;
}

/* A bounded text buffer on the stack: TCP's Info pieces are built for
 * every segment, so without printf or heap allocation.  The longest
 * piece (40 bytes of options, at most 4 SACK blocks) fits easily. */
typedef struct
{
  gsize len;
  char  buf[480];
} InfoBuf;

static void
info_add_len (InfoBuf *b, const char *s, gsize n)
{
  char *d = b->buf + b->len;

  n = MIN (n, sizeof b->buf - 1 - b->len);
  /* Pieces are a few bytes long: a loop beats a call to memcpy. */
  for (gsize i = 0; i < n; i++)
    d[i] = s[i];
  b->len += n;
  b->buf[b->len] = '\0';
}

static void
info_add (InfoBuf *b, const char *s)
{
  info_add_len (b, s, strlen (s));
}

static void
info_add_uint (InfoBuf *b, guint64 v)
{
  char num[24];
  char *end = trawl_format_uint (num, v);

  info_add_len (b, num, (gsize) (end - num));
}

/* "SYN, ACK" as Wireshark lists the flags: lowest bit first. */
static void
append_flag_names (InfoBuf *s, guint16 flags)
{
  static const char *const names[] = { "FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR", "AE" };
  gsize start = s->len;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (flags & (1u << i))
      {
        if (s->len > start)
          info_add (s, ", ");
        info_add (s, names[i]);
      }
  if (flags & TH_RES)
    {
      if (s->len > start)
        info_add (s, ", ");
      info_add (s, "Reserved");
    }
  if (s->len == start)
    info_add (s, "<None>");
}

/* ---- options ---- */

typedef struct
{
  TrawlTcpSegment *seg;
  guint32          ack_base;    /* to make SACK edges relative */
  gboolean         relative;
  InfoBuf         *info;        /* " MSS=1460 SACK_PERM ..." or NULL */
  TrawlNode       *summary;     /* the "Options: (N bytes)" node */
} OptionCtx;

static TrawlNode *
option_node (TrawlPacket *pkt,
             TrawlNode   *parent,
             int          proto,
             TrawlCursor *cur,
             guint32      off,
             guint32      len,
             guint8       kind,
             gboolean     has_len)
{
  TrawlNode *n = trawl_tree_add_item (pkt, parent, proto, cur, off, len, TRAWL_ENC_BE);

  trawl_tree_add_item (pkt, n, hf_option_kind, cur, off, 1, TRAWL_ENC_BE);
  if (has_len)
    trawl_tree_add_item (pkt, n, hf_option_len, cur, off + 1, 1, TRAWL_ENC_BE);
  (void) kind;
  return n;
}

static void
summary_add (TrawlPacket *pkt, OptionCtx *ctx, const char *name)
{
  trawl_node_append_text (pkt, ctx->summary, ", %s", name);
}

/* Returns FALSE when the option list is damaged (the rest is not read). */
static gboolean
dissect_option (TrawlPacket *pkt,
                TrawlNode   *parent,
                TrawlCursor *cur,
                guint32     *off,
                OptionCtx   *ctx)
{
  guint32 o = *off, end = trawl_cursor_len (cur);
  guint8 kind = trawl_cursor_get_u8 (cur, o), len;
  TrawlNode *n;
  gboolean tree = trawl_packet_tree_wanted (pkt);

  if (kind == 0)
    {
      n = option_node (pkt, parent, proto_opt_eol, cur, o, 1, kind, FALSE);
      trawl_node_set_text (pkt, n, "TCP Option - End of Option List (EOL)");
      summary_add (pkt, ctx, "End of Option List (EOL)");
      *off = end;
      return TRUE;
    }
  if (kind == 1)
    {
      n = option_node (pkt, parent, proto_opt_nop, cur, o, 1, kind, FALSE);
      trawl_node_set_text (pkt, n, "TCP Option - No-Operation (NOP)");
      summary_add (pkt, ctx, "No-Operation (NOP)");
      *off = o + 1;
      return TRUE;
    }
  if (o + 2 > end)
    return FALSE;
  len = trawl_cursor_get_u8 (cur, o + 1);
  if (len < 2 || len > end - o)
    {
      n = option_node (pkt, parent, proto_opt_unknown, cur, o, end - o, kind, TRUE);
      trawl_tree_add_expert (pkt, n, TRAWL_EXPERT_WARN, "Option length %u is invalid", len);
      return FALSE;
    }

  switch (kind)
    {
    case 2:
      n = option_node (pkt, parent, proto_opt_mss, cur, o, len, kind, TRUE);
      summary_add (pkt, ctx, "Maximum segment size");
      if (len != 4)
        {
          trawl_node_set_text (pkt, n, "TCP Option - Maximum segment size");
          trawl_tree_add_expert (pkt, n, TRAWL_EXPERT_NOTE, "option length should be 4");
          break;
        }
      {
        guint16 mss = trawl_cursor_get_u16 (cur, o + 2);
        trawl_node_set_text (pkt, n, "TCP Option - Maximum segment size: %u bytes", mss);
        trawl_tree_add_item (pkt, n, hf_mss_val, cur, o + 2, 2, TRAWL_ENC_BE);
        if (ctx->info)
          {
            info_add (ctx->info, " MSS=");
            info_add_uint (ctx->info, mss);
          }
      }
      break;
    case 3:
      n = option_node (pkt, parent, proto_opt_wscale, cur, o, len, kind, TRUE);
      summary_add (pkt, ctx, "Window scale");
      if (len != 3)
        {
          trawl_node_set_text (pkt, n, "TCP Option - Window scale");
          trawl_tree_add_expert (pkt, n, TRAWL_EXPERT_NOTE, "option length should be 3");
          break;
        }
      {
        guint8 shift = trawl_cursor_get_u8 (cur, o + 2);
        guint mult = 1u << MIN (shift, 14);
        TrawlNode *m;
        trawl_node_set_text (pkt, n, "TCP Option - Window scale: %u (multiply by %u)", shift, mult);
        trawl_tree_add_item (pkt, n, hf_wscale_shift, cur, o + 2, 1, TRAWL_ENC_BE);
        m = trawl_tree_add_uint (pkt, n, hf_wscale_multiplier, cur, o + 2, 1, mult);
        trawl_node_set_flags (m, TRAWL_NODE_GENERATED);
        ctx->seg->wscale_opt = (gint8) MIN (shift, 14);
        if (ctx->info)
          {
            info_add (ctx->info, " WS=");
            info_add_uint (ctx->info, mult);
          }
      }
      break;
    case 4:
      n = option_node (pkt, parent, proto_opt_sack_perm, cur, o, len, kind, TRUE);
      trawl_node_set_text (pkt, n, "TCP Option - SACK permitted");
      summary_add (pkt, ctx, "SACK permitted");
      if (ctx->info)
        info_add (ctx->info, " SACK_PERM");
      break;
    case 5:
      {
        guint32 nblocks = (len - 2) / 8;
        GString *title = tree ? g_string_new ("TCP Option - SACK") : NULL;

        n = option_node (pkt, parent, proto_opt_sack, cur, o, len, kind, TRUE);
        summary_add (pkt, ctx, "SACK");
        for (guint32 i = 0; i < nblocks; i++)
          {
            guint32 p = o + 2 + i * 8;
            guint32 le = trawl_cursor_get_u32 (cur, p), re = trawl_cursor_get_u32 (cur, p + 4);
            TrawlNode *e;
            if (ctx->relative)
              {
                le -= ctx->ack_base;
                re -= ctx->ack_base;
              }
            if (i < 4)
              {
                ctx->seg->sack_le[i] = le;
                ctx->seg->sack_re[i] = re;
                ctx->seg->n_sack = (guint8) (i + 1);
              }
            e = trawl_tree_add_uint (pkt, n, hf_sack_le, cur, p, 4, le);
            trawl_node_set_text (pkt, e, ctx->relative ? "left edge = %u (relative)" : "left edge = %u", le);
            e = trawl_tree_add_uint (pkt, n, hf_sack_re, cur, p + 4, 4, re);
            trawl_node_set_text (pkt, e, ctx->relative ? "right edge = %u (relative)" : "right edge = %u", re);
            if (title)
              g_string_append_printf (title, " %u-%u", le, re);
            if (ctx->info)
              {
                info_add (ctx->info, " SLE=");
                info_add_uint (ctx->info, le);
                info_add (ctx->info, " SRE=");
                info_add_uint (ctx->info, re);
              }
          }
        if (title)
          {
            TrawlNode *c = trawl_tree_add_uint (pkt, n, hf_sack_count, cur, o, 0, nblocks);
            trawl_node_set_flags (c, TRAWL_NODE_GENERATED);
            trawl_node_set_text (pkt, n, "%s", title->str);
            g_string_free (title, TRUE);
          }
      }
      break;
    case 8:
      n = option_node (pkt, parent, proto_opt_timestamp, cur, o, len, kind, TRUE);
      summary_add (pkt, ctx, "Timestamps");
      if (len != 10)
        {
          trawl_node_set_text (pkt, n, "TCP Option - Timestamps");
          trawl_tree_add_expert (pkt, n, TRAWL_EXPERT_NOTE, "option length should be 10");
          break;
        }
      {
        guint32 tsval = trawl_cursor_get_u32 (cur, o + 2), tsecr = trawl_cursor_get_u32 (cur, o + 6);
        trawl_node_set_text (pkt, n, "TCP Option - Timestamps: TSval %u, TSecr %u", tsval, tsecr);
        trawl_tree_add_item (pkt, n, hf_tsval, cur, o + 2, 4, TRAWL_ENC_BE);
        trawl_tree_add_item (pkt, n, hf_tsecr, cur, o + 6, 4, TRAWL_ENC_BE);
        if (ctx->info)
          {
            info_add (ctx->info, " TSval=");
            info_add_uint (ctx->info, tsval);
            info_add (ctx->info, " TSecr=");
            info_add_uint (ctx->info, tsecr);
          }
      }
      break;
    default:
      {
        const char *name = trawl_value_name_lookup (option_kind_names, kind);
        n = option_node (pkt, parent, proto_opt_unknown, cur, o, len, kind, TRUE);
        if (name && kind != 25)
          {
            trawl_node_set_text (pkt, n, "TCP Option - %s", name);
            summary_add (pkt, ctx, name);
          }
        else if (tree)
          {
            char buf[32];
            g_snprintf (buf, sizeof buf, "Unknown (0x%02x)", kind);
            trawl_node_set_text (pkt, n, "TCP Option - Unknown");
            summary_add (pkt, ctx, buf);
          }
      }
      break;
    }
  *off = o + len;
  return TRUE;
}

/* Walk the options (at most 40 bytes; every step advances). */
static gboolean
dissect_options (TrawlPacket *pkt,
                 TrawlNode   *top,
                 TrawlCursor *opts,
                 OptionCtx   *ctx)
{
  guint32 off = 0, end = trawl_cursor_len (opts);

  ctx->summary = trawl_tree_add_item (pkt, top, hf_options, opts, 0, end, TRAWL_ENC_BE);
  trawl_node_set_text (pkt, ctx->summary, "Options: (%u bytes)", end);
  while (off < end)
    if (!dissect_option (pkt, ctx->summary, opts, &off, ctx))
      return FALSE;
  return TRUE;
}

/* ---- analysis output ---- */

typedef struct
{
  guint16     flag;
  const char *info;
  TrawlExpertSeverity severity;
  const char *expert;
} AnalysisFlagText;

/* In the order Wireshark prints them; each one is prepended to Info. */
static const AnalysisFlagText flag_texts[] = {
  { TRAWL_TCP_A_RETRANSMISSION, "[TCP Retransmission] ", TRAWL_EXPERT_NOTE, "This frame is a (suspected) retransmission" },
  { TRAWL_TCP_A_SPURIOUS_RETRANSMISSION, "[TCP Spurious Retransmission] ", TRAWL_EXPERT_NOTE, "This frame is a (suspected) spurious retransmission" },
  { TRAWL_TCP_A_REUSED_PORTS, "[TCP Port numbers reused] ", TRAWL_EXPERT_NOTE, "A new tcp session is started with the same ports as an earlier session in this trace" },
  { TRAWL_TCP_A_LOST_PACKET, "[TCP Previous segment not captured] ", TRAWL_EXPERT_WARN, "Previous segment(s) not captured (common at capture start)" },
  { TRAWL_TCP_A_ACK_LOST_PACKET, "[TCP ACKed unseen segment] ", TRAWL_EXPERT_WARN, "ACKed segment that wasn't captured (common at capture start)" },
  { TRAWL_TCP_A_WINDOW_UPDATE, "[TCP Window Update] ", TRAWL_EXPERT_CHAT, "TCP window update" },
  { TRAWL_TCP_A_WINDOW_FULL, "[TCP Window Full] ", TRAWL_EXPERT_WARN, "TCP window specified by the receiver is now completely full" },
  { TRAWL_TCP_A_KEEP_ALIVE, "[TCP Keep-Alive] ", TRAWL_EXPERT_NOTE, "TCP keep-alive segment" },
  { TRAWL_TCP_A_KEEP_ALIVE_ACK, "[TCP Keep-Alive ACK] ", TRAWL_EXPERT_NOTE, "ACK to a TCP keep-alive segment" },
  { TRAWL_TCP_A_DUPLICATE_ACK, NULL, TRAWL_EXPERT_NOTE, NULL },
  { TRAWL_TCP_A_ZERO_WINDOW, "[TCP ZeroWindow] ", TRAWL_EXPERT_WARN, "TCP Zero Window segment" },
};

static void
add_seq_analysis (TrawlPacket          *pkt,
                  TrawlNode            *top,
                  TrawlCursor          *cur,
                  const TrawlTcpLookup *lk,
                  InfoBuf              *prefix)
{
  TrawlNode *sa, *n, *fl = NULL;

  /* Each text is prepended in table order: the last one comes first. */
  for (guint i = G_N_ELEMENTS (flag_texts); i-- > 0;)
    {
      const AnalysisFlagText *t = &flag_texts[i];
      if (!(lk->aflags & t->flag) || prefix == NULL)
        continue;
      if (t->flag == TRAWL_TCP_A_DUPLICATE_ACK)
        {
          info_add (prefix, "[TCP Dup ACK ");
          info_add_uint (prefix, lk->dupack_frame);
          info_add (prefix, "#");
          info_add_uint (prefix, lk->dupack_num);
          info_add (prefix, "] ");
        }
      else
        info_add (prefix, t->info);
    }

  if (!trawl_packet_tree_wanted (pkt))
    return;
  sa = trawl_tree_add_item (pkt, top, hf_analysis, cur, 0, 0, TRAWL_ENC_BE);
  trawl_node_set_flags (sa, TRAWL_NODE_GENERATED);
  if (lk->acks_frame)
    {
      n = trawl_tree_add_uint (pkt, sa, hf_acks_frame, cur, 0, 0, lk->acks_frame);
      trawl_node_set_flags (n, TRAWL_NODE_GENERATED);
      if (lk->ack_rtt != 0)
        {
          n = trawl_tree_add_time (pkt, sa, hf_ack_rtt, cur, 0, 0, lk->ack_rtt);
          trawl_node_set_flags (n, TRAWL_NODE_GENERATED);
        }
    }
  if (lk->have_irtt)
    {
      n = trawl_tree_add_time (pkt, sa, hf_initial_rtt, cur, 0, 0, lk->irtt);
      trawl_node_set_flags (n, TRAWL_NODE_GENERATED);
    }
  if (lk->have_bif)
    {
      n = trawl_tree_add_uint (pkt, sa, hf_bytes_in_flight, cur, 0, 0, lk->bytes_in_flight);
      trawl_node_set_flags (n, TRAWL_NODE_GENERATED);
    }
  if (lk->push_bytes_sent)
    {
      n = trawl_tree_add_uint (pkt, sa, hf_push_bytes_sent, cur, 0, 0, lk->push_bytes_sent);
      trawl_node_set_flags (n, TRAWL_NODE_GENERATED);
    }
  for (guint i = 0; i < G_N_ELEMENTS (flag_texts); i++)
    {
      const AnalysisFlagText *t = &flag_texts[i];
      if (!(lk->aflags & t->flag))
        continue;
      if (fl == NULL)
        {
          fl = trawl_tree_add_item (pkt, sa, hf_analysis_flags, cur, 0, 0, TRAWL_ENC_BE);
          trawl_node_set_flags (fl, TRAWL_NODE_GENERATED);
        }
      if (t->flag == TRAWL_TCP_A_DUPLICATE_ACK)
        {
          trawl_node_set_expert_group (trawl_tree_add_expert (pkt, fl, TRAWL_EXPERT_NOTE,
                                                              "Duplicate ACK (#%u)", lk->dupack_num),
                                       TRAWL_EXPERT_GROUP_SEQUENCE);
          n = trawl_tree_add_uint (pkt, sa, hf_duplicate_ack_num, cur, 0, 0, lk->dupack_num);
          trawl_node_set_flags (n, TRAWL_NODE_GENERATED);
          n = trawl_tree_add_uint (pkt, sa, hf_duplicate_ack_frame, cur, 0, 0, lk->dupack_frame);
          trawl_node_set_flags (n, TRAWL_NODE_GENERATED);
        }
      else
        trawl_node_set_expert_group (trawl_tree_add_expert (pkt, fl, t->severity, "%s", t->expert),
                                     TRAWL_EXPERT_GROUP_SEQUENCE);
    }
}

static const char *
completeness_text (guint8 v)
{
  /* SYN, SYN-ACK and ACK seen, then FIN or RST: complete. */
  if ((v & 0x07) == 0x07 && (v & 0x30))
    return (v & 0x08) ? "Complete, WITH_DATA" : "Complete, NO_DATA";
  switch (v)
    {
    case 1: return "Incomplete, SYN_SENT";
    case 3: return "Incomplete, CLIENT_ESTABLISHED";
    case 7: return "Incomplete, ESTABLISHED";
    case 15: return "Incomplete, DATA";
    default: return "Incomplete";
    }
}

/* ---- payload ---- */

static void
dissect_payload (TrawlPacket          *pkt,
                 TrawlCursor          *payload,
                 TrawlNode            *parent,
                 const TrawlTcpLookup *lk,
                 gboolean              have_lk)
{
  guint16 low, high;

  if (pkt->depth == TRAWL_DEPTH_TRANSPORT && !pkt->first_pass)
    return;
  if (pkt->tcp->app != TRAWL_TCP_APP_NONE && pkt->tcp->app < G_N_ELEMENTS (app_dissectors) &&
      app_dissectors[pkt->tcp->app] != NULL &&
      app_dissectors[pkt->tcp->app] (pkt, payload, parent))
    return;

  /* Wireshark tries the server port seen in the SYN first, then the lower
   * port, then the higher one, then the heuristics. */
  if (have_lk && lk->server_port != 0 &&
      trawl_dissector_table_try (TRAWL_TABLE_TCP_PORT, lk->server_port, pkt, payload, parent))
    return;
  low = MIN (pkt->srcport, pkt->dstport);
  high = MAX (pkt->srcport, pkt->dstport);
  if (trawl_dissector_table_try (TRAWL_TABLE_TCP_PORT, low, pkt, payload, parent))
    return;
  if (high != low && trawl_dissector_table_try (TRAWL_TABLE_TCP_PORT, high, pkt, payload, parent))
    return;
  if (trawl_heuristic_try (TRAWL_HEUR_TCP, pkt, payload, parent))
    return;
  trawl_dissect_data (pkt, payload, parent);
}

/* ---- reassembly ---- */

/* The reassembly's name for the direction of @lk's stream. */
static guint64
flow_key (const TrawlTcpLookup *lk)
{
  return (guint64) lk->stream << 1 | (lk->from_client ? 1u : 0u);
}

/* Hand @c (payload, or a reassembled PDU) to the protocol above, which
 * may ask for desegmentation when @allow. */
static void
hand_up (TrawlPacket          *pkt,
         TrawlCursor          *c,
         TrawlNode            *parent,
         const TrawlTcpLookup *lk,
         gboolean              allow)
{
  TrawlTcpInfo *tcp = pkt->tcp;

  tcp->can_desegment = allow;
  tcp->deseg_ds = c->ds;
  tcp->deseg_base = trawl_cursor_abs (c, 0);
  tcp->deseg_off = TRAWL_TCP_NO_DESEGMENT;
  tcp->deseg_more = 0;
  tcp->pdu_bytes_left = 0;
  dissect_payload (pkt, c, parent, lk, TRUE);
  tcp->can_desegment = FALSE;
}

/* "[2 Reassembled TCP Segments (1316 bytes): #40(1208), #42(108)]" and
 * its children, as Wireshark's show_fragment_seq_tree. */
static void
add_segments_tree (TrawlPacket          *pkt,
                   TrawlNode            *parent,
                   TrawlCursor          *pdu,
                   const TrawlTcpSegRef *segs,
                   guint32               n_segs,
                   guint32               len)
{
  TrawlNode *top, *n;
  GString *title;
  guint32 at = 0;

  if (!trawl_packet_tree_wanted (pkt))
    return;
  title = g_string_new (NULL);
  g_string_printf (title, "%u Reassembled TCP Segments (%u bytes): ", n_segs, len);
  top = trawl_tree_add_item (pkt, parent, hf_segments, pdu, 0, len, TRAWL_ENC_BE);
  trawl_node_set_flags (top, TRAWL_NODE_GENERATED);
  for (guint32 i = 0; i < n_segs; i++)
    {
      g_string_append_printf (title, "%s#%u(%u)", i ? ", " : "", segs[i].frame, segs[i].len);
      n = trawl_tree_add_uint (pkt, top, hf_segment, pdu, at, segs[i].len, segs[i].frame);
      trawl_node_set_flags (n, TRAWL_NODE_GENERATED);
      trawl_node_set_text (pkt, n, "Frame: %u, payload: %u-%u (%u byte%s)", segs[i].frame,
                           at, at + segs[i].len - 1, segs[i].len, segs[i].len == 1 ? "" : "s");
      at += segs[i].len;
    }
  /* Wireshark's labels hold ITEM_LABEL_LENGTH - 1 bytes. */
  if (title->len > 239)
    g_string_truncate (title, 239);
  trawl_node_set_text (pkt, top, "%s", title->str);
  g_string_free (title, TRUE);
  n = trawl_tree_add_uint (pkt, top, hf_segment_count, pdu, 0, 0, n_segs);
  trawl_node_set_flags (n, TRAWL_NODE_GENERATED);
  n = trawl_tree_add_uint (pkt, top, hf_reassembled_length, pdu, 0, 0, len);
  trawl_node_set_flags (n, TRAWL_NODE_GENERATED);
  n = trawl_tree_add_item (pkt, top, hf_reassembled_data, pdu, 0, len, TRAWL_ENC_BE);
  trawl_node_set_flags (n, TRAWL_NODE_GENERATED);
}

/* A later dissection of the frame that completed PDU @pdu: read it again
 * from the frames and hand it up. */
static void
dissect_done_pdu (TrawlPacket          *pkt,
                  TrawlNode            *parent,
                  const TrawlTcpLookup *lk,
                  guint32               pdu)
{
  TrawlTcpReassembly *r = trawl_tcp_analysis_get_reassembly (pkt->analysis->tcp);
  g_autofree TrawlTcpSegRef *segs = NULL;
  guint32 n_segs = 0, len = 0;
  guint8 *buf;
  TrawlCursor c;

  if (!trawl_tcp_reassembly_segments (r, pdu, &segs, &n_segs, &len))
    return;
  buf = trawl_arena_alloc (pkt->arena, MAX (len, 1));
  if (!trawl_tcp_reassembly_rebuild (r, trawl_tcp_analysis_get_file (pkt->analysis->tcp),
                                     pdu, segs, n_segs, buf, len))
    return;
  trawl_cursor_init (&c, buf, len);
  c.ds = trawl_packet_add_source (pkt, buf, len, "Reassembled TCP");
  if (c.ds == 0)
    return;
  add_segments_tree (pkt, parent, &c, segs, n_segs, len);
  hand_up (pkt, &c, parent, lk, FALSE);
}

/* First pass: feed the segment to the reassembly, hand up what became
 * whole and what no PDU took; returns what happened. */
static void
reassemble_first_pass (TrawlPacket          *pkt,
                       TrawlNode            *top,
                       TrawlNode            *parent,
                       TrawlCursor          *cur,
                       TrawlCursor          *payload,
                       const TrawlTcpLookup *lk,
                       guint32               frame_off,
                       guint32               rel_nxtseq,
                       TrawlTcpReasmResult  *res)
{
  TrawlTcpReassembly *r = trawl_tcp_analysis_get_reassembly (pkt->analysis->tcp);
  TrawlTcpInfo *tcp = pkt->tcp;
  guint32 len = trawl_cursor_len (payload), consumed = 0;
  const guint8 *bytes = trawl_cursor_ptr (payload, 0, len);
  guint64 flow = flow_key (lk);

  memset (res, 0, sizeof *res);
  /* Each round takes at least a byte or stops. */
  while (consumed < len)
    {
      TrawlTcpReasmResult step;
      TrawlCursor c;

      trawl_tcp_reassembly_segment (r, flow, pkt->number, tcp->seq + consumed, bytes + consumed,
                                    len - consumed, frame_off + consumed, &step);
      if (step.cont_len == 0)
        break;
      if (consumed == 0)
        res->cont_pdu = step.cont_pdu;
      consumed += step.cont_len;
      res->cont_len = consumed;
      if (!step.ready)
        break;
      trawl_cursor_init (&c, step.data, step.len);
      c.ds = trawl_packet_add_source (pkt, step.data, step.len, "Reassembled TCP");
      hand_up (pkt, &c, parent, lk, TRUE);
      trawl_tcp_reassembly_handed (r, flow, pkt->number, tcp->deseg_off, tcp->deseg_more, &step);
      if (step.done && step.cont_pdu == res->cont_pdu)
        res->done = TRUE;
      if (step.start_pdu)
        res->start_pdu = step.start_pdu;
    }
  if (consumed < len)
    {
      TrawlCursor fresh = trawl_cursor_tail (payload, consumed);
      TrawlTcpReasmResult step = { 0 };

      /* Protocols that only announce their PDUs' lengths (trawl_tcp_pdu)
       * keep the tracking they had without desegmentation. */
      if (consumed == 0 && !track_pdus (pkt, top, cur, &fresh, rel_nxtseq, FALSE))
        goto out;
      consumed = len - trawl_cursor_len (&fresh);
      hand_up (pkt, &fresh, parent, lk, TRUE);
      if (tcp->deseg_off != TRAWL_TCP_NO_DESEGMENT)
        {
          guint32 d = consumed + tcp->deseg_off;
          trawl_tcp_reassembly_start (r, flow, pkt->number, tcp->seq + d, bytes + d, len - d,
                                      frame_off + d, tcp->deseg_more, &step);
          res->start_pdu = step.start_pdu;
        }
      else if (tcp->pdu_bytes_left)
        trawl_tcp_analysis_store_pdu (pkt->analysis->tcp, pkt, tcp->seq,
                                      tcp->seq + len + tcp->pdu_bytes_left);
    }
out:
  trawl_tcp_reassembly_record (r, pkt->number, res);
  if (res->cont_len || res->start_pdu)
    trawl_tcp_analysis_mark_reassembled (pkt->analysis->tcp, pkt->number);
}

/* A frame's payload with desegmentation on: returns FALSE when TCP has
 * nothing to do with reassembly here (the caller hands the payload up as
 * before). */
static gboolean
dissect_reassembly (TrawlPacket          *pkt,
                    TrawlNode            *top,
                    TrawlNode            *parent,
                    TrawlCursor          *cur,
                    TrawlCursor          *payload,
                    const TrawlTcpLookup *lk,
                    guint32               hlen,
                    guint32               rel_nxtseq,
                    gboolean              cols)
{
  TrawlTcpReassembly *r = trawl_tcp_analysis_get_reassembly (pkt->analysis->tcp);
  TrawlTcpInfo *tcp = pkt->tcp;
  guint32 len = trawl_cursor_len (payload), in_pdu = 0, later = 0;
  TrawlTcpReasmResult res;
  gboolean shown = FALSE;
  TrawlNode *n;

  if (pkt->first_pass)
    {
      reassemble_first_pass (pkt, top, parent, cur, payload, lk, trawl_cursor_abs (cur, hlen),
                             rel_nxtseq, &res);
      return TRUE;
    }
  if (!lk->reassembled || !trawl_tcp_reassembly_lookup (r, pkt->number, &res))
    return FALSE;

  if (res.cont_pdu != 0 && res.done)
    {
      dissect_done_pdu (pkt, parent, lk, res.cont_pdu);
      shown = TRUE;
    }
  else if (res.cont_pdu != 0)
    later = res.cont_pdu;
  if (res.cont_pdu != 0)
    in_pdu = MIN (res.cont_len, len);
  tcp->deseg_off = TRAWL_TCP_NO_DESEGMENT;
  if (res.cont_len < len)
    {
      TrawlCursor fresh = trawl_cursor_tail (payload, res.cont_len);

      hand_up (pkt, &fresh, parent, lk, res.start_pdu != 0);
      if (tcp->deseg_off != TRAWL_TCP_NO_DESEGMENT)
        {
          if (tcp->deseg_off > 0)
            shown = TRUE;
          in_pdu += len - res.cont_len - tcp->deseg_off;
        }
      else
        shown = TRUE;
    }
  if (res.start_pdu != 0)
    later = res.start_pdu;

  if (later && trawl_packet_tree_wanted (pkt))
    {
      guint32 done_in = trawl_tcp_reassembly_done_in (r, later);
      if (done_in && !(pkt->no_forward_refs && done_in > pkt->number))
        {
          n = trawl_tree_add_uint (pkt, top, hf_reassembled_in, cur, 0, 0, done_in);
          trawl_node_set_flags (n, TRAWL_NODE_GENERATED);
        }
    }
  if (in_pdu > 0)
    {
      n = trawl_tree_add_item (pkt, top, hf_segment_data, payload, len - in_pdu, in_pdu, TRAWL_ENC_BE);
      trawl_node_set_text (pkt, n, "TCP segment data (%u byte%s)", in_pdu, in_pdu == 1 ? "" : "s");
    }
  if (!shown && cols)
    {
      trawl_col_set_protocol (pkt, "TCP");
      trawl_col_append_str (pkt, " [TCP segment of a reassembled PDU]");
    }
  return TRUE;
}

/* Without an analysis (a lone frame), relative numbers start from this
 * segment, as tshark shows a capture of just this frame. */
static void
lookup_without_analysis (const TrawlTcpSegment *seg,
                         TrawlTcpLookup        *lk)
{
  memset (lk, 0, sizeof *lk);
  lk->stream = 0;
  lk->from_client = TRUE;
  lk->seq_base_set = seg->have_seglen;
  lk->seq_base = (seg->flags & TH_SYN) ? seg->seq : seg->seq - 1;
  lk->ack_base_set = seg->have_seglen && (seg->flags & TH_ACK);
  lk->ack_base = seg->ack - 1;
  lk->win_scale = -1;
  if (seg->flags & TH_SYN)
    lk->win_scale = seg->wscale_opt >= 0 && !(seg->flags & TH_ACK) ? seg->wscale_opt : -2;
}

static void
add_flags (TrawlPacket *pkt,
           TrawlNode   *top,
           TrawlCursor *cur,
           guint16      flags,
           guint16      server_port_syn,
           guint16      server_port_synack,
           const TrawlTcpLookup *lk)
{
  TrawlNode *f, *n;
  char str[13 * 3];
  static const char letters[] = "RRRACEUAPRSF";
  InfoBuf names = { 0 };
  char *p = str;

  if (!trawl_packet_tree_wanted (pkt))
    return;
  append_flag_names (&names, flags);
  f = trawl_tree_add_item (pkt, top, hf_flags, cur, 12, 2, TRAWL_ENC_BE);
  trawl_node_set_text (pkt, f, "Flags: 0x%03x (%s)", flags, names.buf);
  trawl_node_set_flags (f, TRAWL_NODE_NO_BITS);
  trawl_tree_add_item (pkt, f, hf_flags_res, cur, 12, 2, TRAWL_ENC_BE);
  trawl_tree_add_item (pkt, f, hf_flags_ae, cur, 12, 2, TRAWL_ENC_BE);
  trawl_tree_add_item (pkt, f, hf_flags_cwr, cur, 12, 2, TRAWL_ENC_BE);
  trawl_tree_add_item (pkt, f, hf_flags_ece, cur, 12, 2, TRAWL_ENC_BE);
  trawl_tree_add_item (pkt, f, hf_flags_urg, cur, 12, 2, TRAWL_ENC_BE);
  trawl_tree_add_item (pkt, f, hf_flags_ack, cur, 12, 2, TRAWL_ENC_BE);
  trawl_tree_add_item (pkt, f, hf_flags_push, cur, 12, 2, TRAWL_ENC_BE);
  n = trawl_tree_add_item (pkt, f, hf_flags_reset, cur, 12, 2, TRAWL_ENC_BE);
  if (flags & TH_RST)
    trawl_node_set_expert_group (trawl_tree_add_expert (pkt, n, TRAWL_EXPERT_WARN, "Connection reset (RST)"), TRAWL_EXPERT_GROUP_SEQUENCE);
  n = trawl_tree_add_item (pkt, f, hf_flags_syn, cur, 12, 2, TRAWL_ENC_BE);
  if ((flags & (TH_SYN | TH_ACK)) == (TH_SYN | TH_ACK))
    trawl_node_set_expert_group (trawl_tree_add_expert (pkt, n, TRAWL_EXPERT_CHAT,
                                                        "Connection establish acknowledge (SYN+ACK): server port %u",
                                                        server_port_synack),
                                 TRAWL_EXPERT_GROUP_SEQUENCE);
  else if (flags & TH_SYN)
    trawl_node_set_expert_group (trawl_tree_add_expert (pkt, n, TRAWL_EXPERT_CHAT,
                                                        "Connection establish request (SYN): server port %u",
                                                        server_port_syn),
                                 TRAWL_EXPERT_GROUP_SEQUENCE);
  n = trawl_tree_add_item (pkt, f, hf_flags_fin, cur, 12, 2, TRAWL_ENC_BE);
  if (flags & TH_FIN)
    trawl_node_set_expert_group (trawl_tree_add_expert (pkt, n, TRAWL_EXPERT_CHAT, "Connection finish (FIN)"), TRAWL_EXPERT_GROUP_SEQUENCE);

  /* U+00B7 MIDDLE DOT for each flag that is not set, as Wireshark. */
  for (guint i = 0; i < 12; i++)
    {
      if (flags & (0x800 >> i))
        *p++ = letters[i];
      else
        {
          *p++ = (char) 0xc2;
          *p++ = (char) 0xb7;
        }
    }
  *p = '\0';
  n = trawl_tree_add_string (pkt, f, hf_flags_str, cur, 12, 2, str, p - str);
  trawl_node_set_flags (n, TRAWL_NODE_GENERATED);
  if ((flags & TH_FIN) && lk != NULL)
    trawl_node_set_expert_group (trawl_tree_add_expert (pkt, n, TRAWL_EXPERT_NOTE,
                                                        lk->fin_passive ? "This frame undergoes the connection closing"
                                                                        : "This frame initiates the connection closing"),
                                 TRAWL_EXPERT_GROUP_SEQUENCE);
}

static gboolean
dissect_tcp (TrawlPacket *pkt,
             TrawlCursor *cur,
             TrawlNode   *parent)
{
  TrawlNode *top, *n;
  TrawlTcpSegment seg = { 0 };
  TrawlTcpLookup lk;
  gboolean have_analysis = FALSE;
  gboolean tree = trawl_packet_tree_wanted (pkt);
  gboolean cols = pkt->want_columns && !pkt->in_error_pkt;
  guint32 reported = trawl_cursor_len (cur);
  guint16 sport, dport, win_raw, urg;
  guint hlen;
  guint32 seq, ack, nxtseq = 0, win;
  gboolean opts_ok = TRUE, pre_ok = TRUE, pre_done = FALSE;
  OptionCtx octx = { 0 };
  InfoBuf optinfo, prefix;

  top = trawl_tree_add_protocol (pkt, parent, proto_tcp, cur, 0, MIN (reported, 20));
  if (!pkt->in_error_pkt)
    trawl_col_set_protocol (pkt, "TCP");

  sport = trawl_cursor_get_u16 (cur, 0);
  dport = trawl_cursor_get_u16 (cur, 2);
  if (cur->error)
    {
      trawl_tree_mark_malformed (pkt, top, "TCP");
      return TRUE;
    }
  trawl_dissect_port_pair (pkt, top, cur, TRAWL_PT_TCP, hf_srcport, hf_dstport, hf_port);
  if (cols)
    {
      trawl_col_clear_info (pkt);
      trawl_col_append_uint (pkt, sport);
      trawl_col_append_str (pkt, " \342\206\222 ");
      trawl_col_append_uint (pkt, dport);
    }

  if (!trawl_cursor_has (cur, 0, 20))
    {
      /* An ICMP error quotes only the first 8 bytes: show what is there. */
      if (trawl_cursor_has (cur, 4, 4))
        {
          trawl_tree_add_item (pkt, top, hf_seq, cur, 4, 4, TRAWL_ENC_BE);
          trawl_tree_add_item (pkt, top, hf_seq_raw, cur, 4, 4, TRAWL_ENC_BE);
        }
      if (!pkt->in_error_pkt)
        trawl_tree_mark_malformed (pkt, top, "TCP");
      return TRUE;
    }

  seq = seg.seq = trawl_cursor_get_u32 (cur, 4);
  ack = seg.ack = trawl_cursor_get_u32 (cur, 8);
  hlen = (trawl_cursor_get_u8 (cur, 12) >> 4) * 4u;
  seg.flags = trawl_cursor_get_u16 (cur, 12) & 0xfff;
  win_raw = seg.window = trawl_cursor_get_u16 (cur, 14);
  urg = trawl_cursor_get_u16 (cur, 18);
  seg.wscale_opt = -1;
  /* Like Wireshark, no segment length for a fragment or a quoted header. */
  seg.have_seglen = !pkt->in_error_pkt && !pkt->ip_fragment && reported >= hlen;
  seg.seglen = seg.have_seglen ? reported - hlen : 0;

  /* Options first (without tree) when the analysis needs the window scale. */
  if (hlen > 20 && trawl_cursor_has (cur, 0, hlen) && pkt->first_pass)
    {
      TrawlCursor opts = trawl_cursor_sub (cur, 20, hlen - 20, NULL);
      gboolean saved = pkt->want_tree;
      OptionCtx pre = { &seg, 0, FALSE, NULL, NULL };
      pkt->want_tree = FALSE;
      pre_ok = dissect_options (pkt, NULL, &opts, &pre);
      pre_done = TRUE;
      pkt->want_tree = saved;
    }

  if (pkt->analysis && !pkt->in_error_pkt)
    {
      if (pkt->first_pass)
        {
          trawl_tcp_analysis_track (pkt->analysis->tcp, pkt, &seg, &lk);
          have_analysis = TRUE;
        }
      else
        have_analysis = trawl_tcp_analysis_lookup (pkt->analysis->tcp, pkt, &lk);
    }
  if (!have_analysis)
    lookup_without_analysis (&seg, &lk);

  if (seg.have_seglen && lk.seq_base_set)
    seq -= lk.seq_base;
  if (seg.have_seglen && (seg.flags & TH_ACK) && lk.ack_base_set)
    ack -= lk.ack_base;
  win = win_raw;
  if (!(seg.flags & TH_SYN) && lk.win_scale >= 0)
    win <<= lk.win_scale;
  if (seg.have_seglen)
    {
      nxtseq = seq + seg.seglen;
      if ((seg.flags & (TH_SYN | TH_FIN)) && seg.seglen > 0)
        nxtseq += 1;
    }
  if (seg.have_seglen && (seg.flags & (TH_SYN | TH_FIN)) && seg.seglen == 0)
    nxtseq = seq + 1;

  /* Tell the layers above (DNS over TCP, HTTP, TLS) where they are. */
  pkt->tcp = trawl_arena_alloc0 (pkt->arena, sizeof (TrawlTcpInfo));
  pkt->tcp->stream = have_analysis ? lk.stream : G_MAXUINT32;
  pkt->tcp->seq = seg.seq;
  pkt->tcp->ack = seg.ack;
  pkt->tcp->rel_seq = seq;
  pkt->tcp->rel_ack = ack;
  pkt->tcp->payload_len = seg.seglen;
  pkt->tcp->flags = seg.flags;
  pkt->tcp->from_client = lk.from_client;
  pkt->tcp->app = have_analysis ? lk.app : TRAWL_TCP_APP_NONE;
  pkt->tcp->tree = top;
  pkt->tcp->payload_off = trawl_cursor_abs (cur, hlen);
  pkt->tcp->payload_ds = cur->ds;

  if (tree)
    {
      if (have_analysis)
        {
          n = trawl_tree_add_uint (pkt, top, hf_stream, cur, 0, 0, lk.stream);
          trawl_node_set_flags (n, TRAWL_NODE_GENERATED);
          n = trawl_tree_add_uint (pkt, top, hf_completeness, cur, 0, 0, lk.completeness);
          trawl_node_set_flags (n, TRAWL_NODE_GENERATED);
          trawl_node_set_text (pkt, n, "Conversation completeness: %s (%u)",
                               completeness_text (lk.completeness), lk.completeness);
        }
      if (!seg.have_seglen && !pkt->in_error_pkt && !pkt->ip_fragment)
        trawl_node_set_expert_group (trawl_tree_add_expert (pkt, top, TRAWL_EXPERT_WARN,
                               "Short segment. Segment/fragment does not contain a full TCP header"
                               " (might be NMAP or someone else deliberately sending unusual packets)"),
                                     TRAWL_EXPERT_GROUP_MALFORMED);
      if (seg.have_seglen)
        {
          n = trawl_tree_add_uint (pkt, top, hf_len, cur, 12, 1, seg.seglen);
          trawl_node_set_flags (n, TRAWL_NODE_GENERATED);
        }
      n = trawl_tree_add_uint (pkt, top, hf_seq, cur, 4, 4, seq);
      if (seg.have_seglen)
        trawl_node_append_text (pkt, n, "    (relative sequence number)");
      trawl_tree_add_item (pkt, top, hf_seq_raw, cur, 4, 4, TRAWL_ENC_BE);
    }
  trawl_node_append_text (pkt, top, ", Seq: %u", seq);

  if (cols)
    {
      InfoBuf names;

      names.len = 0;
      info_add (&names, " [");
      append_flag_names (&names, seg.flags);
      info_add (&names, "] Seq=");
      info_add_uint (&names, seq);
      if (seg.flags & TH_ACK)
        {
          info_add (&names, " Ack=");
          info_add_uint (&names, ack);
        }
      info_add (&names, " Win=");
      info_add_uint (&names, win);
      trawl_col_append_str (pkt, names.buf);
    }

  if (hlen < 20)
    {
      if (cols)
        trawl_col_append_info (pkt, ", bogus TCP header length (%u, must be at least 20)", hlen);
      n = trawl_tree_add_uint (pkt, top, hf_hdr_len, cur, 12, 1, hlen);
      trawl_node_set_text (pkt, n, "%u%u%u%u .... = Header Length: %u bytes (%u)",
                           (hlen >> 5) & 1, (hlen >> 4) & 1, (hlen >> 3) & 1, (hlen >> 2) & 1,
                           hlen, hlen >> 2);
      trawl_tree_add_expert (pkt, n, TRAWL_EXPERT_ERROR,
                             "Bogus TCP header length (%u, must be at least 20)", hlen);
      return TRUE;
    }

  if (seg.flags & TH_ACK)
    trawl_node_append_text (pkt, top, ", Ack: %u", ack);
  if (seg.have_seglen)
    trawl_node_append_text (pkt, top, ", Len: %u", seg.seglen);
  trawl_node_set_len (top, MIN (hlen, reported));

  if (tree)
    {
      if (seg.have_seglen)
        {
          n = trawl_tree_add_uint (pkt, top, hf_nxtseq, cur, 0, 0, nxtseq);
          trawl_node_set_flags (n, TRAWL_NODE_GENERATED);
          trawl_node_append_text (pkt, n, "    (relative sequence number)");
        }
      n = trawl_tree_add_uint (pkt, top, hf_ack, cur, 8, 4, ack);
      if ((seg.flags & TH_ACK) && seg.have_seglen)
        trawl_node_append_text (pkt, n, "    (relative ack number)");
      else if (!(seg.flags & TH_ACK) && seg.ack != 0)
        trawl_tree_add_expert (pkt, n, TRAWL_EXPERT_NOTE,
                               "The acknowledgment number field is nonzero while the ACK flag is not set");
      trawl_tree_add_item (pkt, top, hf_ack_raw, cur, 8, 4, TRAWL_ENC_BE);
      n = trawl_tree_add_uint (pkt, top, hf_hdr_len, cur, 12, 1, hlen);
      trawl_node_set_text (pkt, n, "%u%u%u%u .... = Header Length: %u bytes (%u)",
                           (hlen >> 5) & 1, (hlen >> 4) & 1, (hlen >> 3) & 1, (hlen >> 2) & 1,
                           hlen, hlen >> 2);
      add_flags (pkt, top, cur, seg.flags,
                 dport, sport, have_analysis ? &lk : NULL);
      trawl_tree_add_item (pkt, top, hf_window_size_value, cur, 14, 2, TRAWL_ENC_BE);
      n = trawl_tree_add_uint (pkt, top, hf_window_size, cur, 14, 2, win);
      trawl_node_set_flags (n, TRAWL_NODE_GENERATED);
      if (!(seg.flags & TH_SYN) && have_analysis)
        {
          gint64 factor = lk.win_scale >= 0 ? (1 << lk.win_scale) : lk.win_scale;
          n = trawl_tree_add_int (pkt, top, hf_window_size_scalefactor, cur, 14, 2, factor);
          trawl_node_set_flags (n, TRAWL_NODE_GENERATED);
          if (lk.win_scale == -1)
            trawl_node_set_text (pkt, n, "Window size scaling factor: -1 (unknown)");
          else if (lk.win_scale == -2)
            trawl_node_set_text (pkt, n, "Window size scaling factor: -2 (no window scaling used)");
        }
      n = trawl_tree_add_item (pkt, top, hf_checksum, cur, 16, 2, TRAWL_ENC_BE);
      trawl_node_set_text (pkt, n, "Checksum: 0x%04x [unverified]", trawl_cursor_get_u16 (cur, 16));
      n = trawl_tree_add_uint (pkt, top, hf_checksum_status, cur, 16, 2, 2);
      trawl_node_set_flags (n, TRAWL_NODE_GENERATED);
      trawl_node_set_text (pkt, n, "Checksum Status: Unverified");
      trawl_tree_add_item (pkt, top, hf_urgent_pointer, cur, 18, 2, TRAWL_ENC_BE);
    }

  if (cols && (seg.flags & TH_URG))
    {
      trawl_col_append_str (pkt, " Urg=");
      trawl_col_append_uint (pkt, urg);
    }
  if (cols && seg.have_seglen)
    {
      trawl_col_append_str (pkt, " Len=");
      trawl_col_append_uint (pkt, seg.seglen);
    }

  if (hlen > 20)
    {
      gboolean clipped;
      TrawlCursor opts = trawl_cursor_sub (cur, 20, hlen - 20, &clipped);
      TrawlTcpSegment scratch = seg;

      optinfo.len = 0;
      optinfo.buf[0] = '\0';
      octx.seg = &scratch;
      octx.relative = have_analysis ? lk.ack_base_set : seg.have_seglen;
      octx.ack_base = lk.ack_base;
      octx.info = cols ? &optinfo : NULL;
      if (pre_done && !tree && !cols)
        opts_ok = pre_ok;   /* the analysis pass read them already */
      else if (clipped)
        {
          /* The header says more than the segment holds. */
          n = trawl_tree_add_item (pkt, top, hf_options, &opts, 0, trawl_cursor_len (&opts), TRAWL_ENC_BE);
          trawl_node_set_text (pkt, n, "Options: (%u bytes)", hlen - 20);
          opts_ok = FALSE;
        }
      else
        opts_ok = dissect_options (pkt, top, &opts, &octx);
      if (cols && opts_ok && optinfo.len)
        trawl_col_append_str (pkt, optinfo.buf);
    }

  if (have_analysis && tree)
    {
      TrawlNode *ts = trawl_tree_add_text (pkt, top, cur, 0, 0, "Timestamps");
      trawl_node_set_flags (ts, TRAWL_NODE_GENERATED);
      n = trawl_tree_add_time (pkt, ts, hf_time_relative, cur, 0, 0, lk.time_relative);
      trawl_node_set_flags (n, TRAWL_NODE_GENERATED);
      n = trawl_tree_add_time (pkt, ts, hf_time_delta, cur, 0, 0, lk.time_delta);
      trawl_node_set_flags (n, TRAWL_NODE_GENERATED);
    }
  if (have_analysis && (lk.acks_frame || lk.have_bif || lk.push_bytes_sent || lk.aflags || lk.have_irtt))
    {
      prefix.len = 0;
      prefix.buf[0] = '\0';
      add_seq_analysis (pkt, top, cur, &lk, cols ? &prefix : NULL);
      if (cols && prefix.len)
        trawl_col_prepend_fence_str (pkt, prefix.buf);
    }

  if (!opts_ok || !seg.have_seglen)
    {
      if (!pkt->in_error_pkt && !pkt->ip_fragment)
        trawl_tree_mark_malformed (pkt, top, "TCP");
      return TRUE;
    }

  if (seg.seglen > 0)
    {
      TrawlCursor payload = trawl_cursor_tail (cur, hlen);
      n = trawl_tree_add_item (pkt, top, hf_payload, cur, hlen, seg.seglen, TRAWL_ENC_BE);
      trawl_node_set_text (pkt, n, "TCP payload (%u byte%s)", seg.seglen, seg.seglen == 1 ? "" : "s");
      /* Reassembly needs every byte of the segment, in the frame itself. */
      if (have_analysis && cur->ds == 0 && trawl_cursor_len (&payload) == seg.seglen &&
          dissect_reassembly (pkt, top, parent, cur, &payload, &lk, hlen, nxtseq, cols))
        return TRUE;
      if (have_analysis && !track_pdus (pkt, top, cur, &payload, nxtseq, cols))
        return TRUE;
      dissect_payload (pkt, &payload, parent, &lk, have_analysis);
      if (have_analysis && pkt->first_pass && pkt->tcp->pdu_bytes_left)
        trawl_tcp_analysis_store_pdu (pkt->analysis->tcp, pkt, seg.seq,
                                      seg.seq + (nxtseq - seq) + pkt->tcp->pdu_bytes_left);
    }
  return TRUE;
}

void
trawl_register_tcp (void)
{
  proto_tcp = trawl_proto_register ("tcp", N_("Transmission Control Protocol"), "TCP");
  trawl_field_register (proto_tcp, fields, G_N_ELEMENTS (fields));
  proto_opt_eol = trawl_proto_register ("tcp.options.eol", N_("TCP Option - End of Option List (EOL)"), "End of Option List (EOL)");
  proto_opt_nop = trawl_proto_register ("tcp.options.nop", N_("TCP Option - No-Operation (NOP)"), "No-Operation (NOP)");
  proto_opt_mss = trawl_proto_register ("tcp.options.mss", N_("TCP Option - Maximum segment size"), "Maximum segment size");
  proto_opt_wscale = trawl_proto_register ("tcp.options.wscale", N_("TCP Option - Window scale"), "Window scale");
  proto_opt_sack_perm = trawl_proto_register ("tcp.options.sack_perm", N_("TCP Option - SACK permitted"), "SACK permitted");
  proto_opt_sack = trawl_proto_register ("tcp.options.sack", N_("TCP Option - SACK"), "SACK");
  proto_opt_timestamp = trawl_proto_register ("tcp.options.timestamp", N_("TCP Option - Timestamps"), "Timestamps");
  proto_opt_unknown = trawl_proto_register ("tcp.options.unknown", N_("TCP Option - Unknown"), "Unknown");
  trawl_dissector_table_add (TRAWL_TABLE_IP_PROTO, 6, dissect_tcp);
}
