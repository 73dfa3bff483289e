/* SPDX-License-Identifier: GPL-3.0-or-later */
/* icmp.c: Internet Control Message Protocol (RFC 792)
 *
 * Errors quote the offending datagram: we dissect its IP header and what
 * follows with pkt->in_error_pkt set, so TCP/UDP above leave their
 * analysis state alone, and we put back the columns afterwards (Wireshark
 * makes them read-only for the quoted packet).
 *
 * Echo requests and replies are paired in the analysis pass
 * (analysis/trawl-icmp-analysis.c); like tshark -2, a request names its
 * reply and an unanswered request says so.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "trawl-checksum.h"
#include "trawl-dissect.h"
#include "trawl-ethertype.h"
#include "analysis/trawl-icmp-analysis.h"

static int proto_icmp = -1;
static int hf_icmp_type = -1;
static int hf_icmp_code = -1;
static int hf_icmp_checksum = -1;
static int hf_icmp_checksum_status = -1;
static int hf_icmp_unused = -1;
static int hf_icmp_ident = -1;
static int hf_icmp_ident_le = -1;
static int hf_icmp_seq = -1;
static int hf_icmp_seq_le = -1;
static int hf_icmp_mtu = -1;
static int hf_icmp_pointer = -1;
static int hf_icmp_redir_gw = -1;
static int hf_icmp_data_time = -1;
static int hf_icmp_data_time_relative = -1;
static int hf_icmp_resp_in = -1;
static int hf_icmp_no_resp = -1;
static int hf_icmp_resp_to = -1;
static int hf_icmp_resptime = -1;

#define ICMP_ECHOREPLY     0
#define ICMP_UNREACH       3
#define ICMP_SOURCEQUENCH  4
#define ICMP_REDIRECT      5
#define ICMP_ECHO          8
#define ICMP_TIMXCEED      11
#define ICMP_PARAMPROB     12
#define ICMP_TSTAMP        13
#define ICMP_TSTAMPREPLY   14
#define ICMP_IREQ          15
#define ICMP_IREQREPLY     16
#define ICMP_MASKREQ       17
#define ICMP_MASKREPLY     18

static const TrawlValueName type_names[] = {
  { ICMP_ECHOREPLY, "Echo (ping) reply" },
  { 1, "Reserved" },
  { 2, "Reserved" },
  { ICMP_UNREACH, "Destination unreachable" },
  { ICMP_SOURCEQUENCH, "Source quench (flow control)" },
  { ICMP_REDIRECT, "Redirect" },
  { 6, "Alternate host address" },
  { ICMP_ECHO, "Echo (ping) request" },
  { 9, "Router advertisement" },
  { 10, "Router solicitation" },
  { ICMP_TIMXCEED, "Time-to-live exceeded" },
  { ICMP_PARAMPROB, "Parameter problem" },
  { ICMP_TSTAMP, "Timestamp request" },
  { ICMP_TSTAMPREPLY, "Timestamp reply" },
  { ICMP_IREQ, "Information request" },
  { ICMP_IREQREPLY, "Information reply" },
  { ICMP_MASKREQ, "Address mask request" },
  { ICMP_MASKREPLY, "Address mask reply" },
  { 30, "Traceroute" },
  { 42, "Extended Echo request" },
  { 43, "Extended Echo reply" },
  { 0, NULL }
};

static const TrawlValueName unreach_names[] = {
  { 0, "Network unreachable" },
  { 1, "Host unreachable" },
  { 2, "Protocol unreachable" },
  { 3, "Port unreachable" },
  { 4, "Fragmentation needed" },
  { 5, "Source route failed" },
  { 6, "Destination network unknown" },
  { 7, "Destination host unknown" },
  { 8, "Source host isolated" },
  { 9, "Network administratively prohibited" },
  { 10, "Host administratively prohibited" },
  { 11, "Network unreachable for TOS" },
  { 12, "Host unreachable for TOS" },
  { 13, "Communication administratively filtered" },
  { 14, "Host precedence violation" },
  { 15, "Precedence cutoff in effect" },
  { 0, NULL }
};

static const TrawlValueName redirect_names[] = {
  { 0, "Redirect for network" },
  { 1, "Redirect for host" },
  { 2, "Redirect for TOS and network" },
  { 3, "Redirect for TOS and host" },
  { 0, NULL }
};

static const TrawlValueName timxceed_names[] = {
  { 0, "Time to live exceeded in transit" },
  { 1, "Fragment reassembly time exceeded" },
  { 0, NULL }
};

static const TrawlValueName paramprob_names[] = {
  { 0, "Pointer indicates the error" },
  { 1, "Required option missing" },
  { 2, "Bad length" },
  { 0, NULL }
};

static const TrawlFieldDef fields[] = {
  { &hf_icmp_type, "icmp.type", N_("Type"), TRAWL_FT_UINT8, TRAWL_BASE_DEC },
  { &hf_icmp_code, "icmp.code", N_("Code"), TRAWL_FT_UINT8, TRAWL_BASE_DEC },
  { &hf_icmp_checksum, "icmp.checksum", N_("Checksum"), TRAWL_FT_UINT16, TRAWL_BASE_HEX },
  { &hf_icmp_checksum_status, "icmp.checksum.status", N_("Checksum Status"), TRAWL_FT_UINT8, TRAWL_BASE_NONE, trawl_checksum_status_vals },
  { &hf_icmp_unused, "icmp.unused", N_("Unused"), TRAWL_FT_BYTES, TRAWL_BASE_NONE },
  { &hf_icmp_ident, "icmp.ident", N_("Identifier (BE)"), TRAWL_FT_UINT16, TRAWL_BASE_DEC_HEX, NULL, 0, N_("Identifier (big endian representation)") },
  { &hf_icmp_ident_le, "icmp.ident_le", N_("Identifier (LE)"), TRAWL_FT_UINT16, TRAWL_BASE_DEC_HEX, NULL, 0, N_("Identifier (little endian representation)") },
  { &hf_icmp_seq, "icmp.seq", N_("Sequence Number (BE)"), TRAWL_FT_UINT16, TRAWL_BASE_DEC_HEX, NULL, 0, N_("Sequence Number (big endian representation)") },
  { &hf_icmp_seq_le, "icmp.seq_le", N_("Sequence Number (LE)"), TRAWL_FT_UINT16, TRAWL_BASE_DEC_HEX, NULL, 0, N_("Sequence Number (little endian representation)") },
  { &hf_icmp_mtu, "icmp.mtu", N_("MTU of next hop"), TRAWL_FT_UINT16, TRAWL_BASE_DEC },
  { &hf_icmp_pointer, "icmp.pointer", N_("Pointer"), TRAWL_FT_UINT32, TRAWL_BASE_DEC },
  { &hf_icmp_redir_gw, "icmp.redir_gw", N_("Gateway Address"), TRAWL_FT_IPv4, TRAWL_BASE_NONE },
  { &hf_icmp_data_time, "icmp.data_time", N_("Timestamp from icmp data"), TRAWL_FT_ABSOLUTE_TIME, TRAWL_BASE_LOCAL, NULL, 0, N_("The timestamp in the first 8 bytes of the icmp data") },
  { &hf_icmp_data_time_relative, "icmp.data_time_relative", N_("Timestamp from icmp data (relative)"), TRAWL_FT_RELATIVE_TIME, TRAWL_BASE_NONE, NULL, 0, N_("The timestamp of the packet, relative to the timestamp in the first 8 bytes of the icmp data") },
  { &hf_icmp_resp_in, "icmp.resp_in", N_("Response frame"), TRAWL_FT_FRAMENUM, TRAWL_BASE_NONE, NULL, 0, N_("The frame number of the corresponding response") },
  { &hf_icmp_no_resp, "icmp.no_resp", N_("No response seen"), TRAWL_FT_NONE, TRAWL_BASE_NONE, NULL, 0, N_("No corresponding response frame was seen") },
  { &hf_icmp_resp_to, "icmp.resp_to", N_("Request frame"), TRAWL_FT_FRAMENUM, TRAWL_BASE_NONE, NULL, 0, N_("The frame number of the corresponding request") },
  { &hf_icmp_resptime, "icmp.resptime", N_("Response time"), TRAWL_FT_DOUBLE, TRAWL_BASE_NONE, NULL, 0, N_("The time between the request and the response, in ms.") },
};

static const TrawlValueName *
code_names_for (guint8 type)
{
  switch (type)
    {
    case ICMP_UNREACH: return unreach_names;
    case ICMP_REDIRECT: return redirect_names;
    case ICMP_TIMXCEED: return timxceed_names;
    case ICMP_PARAMPROB: return paramprob_names;
    default: return NULL;
    }
}

static gboolean
is_error (guint8 type)
{
  return type == ICMP_UNREACH || type == ICMP_SOURCEQUENCH || type == ICMP_REDIRECT ||
         type == ICMP_TIMXCEED || type == ICMP_PARAMPROB;
}

static void
add_checksum (TrawlPacket *pkt,
              TrawlNode   *top,
              TrawlCursor *cur)
{
  guint32 len = trawl_cursor_len (cur);
  const guint8 *p = trawl_cursor_ptr (cur, 0, len);
  guint16 wire = trawl_cursor_get_u16 (cur, 2);
  TrawlNode *n, *s;

  n = trawl_tree_add_item (pkt, top, hf_icmp_checksum, cur, 2, 2, TRAWL_ENC_BE);
  if (pkt->ip_fragment || pkt->caplen < pkt->wirelen || pkt->in_error_pkt || p == NULL)
    {
      trawl_node_append_text (pkt, n, pkt->ip_fragment ? " [unverified] [fragmented datagram]" : " [unverified]");
      s = trawl_tree_add_uint (pkt, top, hf_icmp_checksum_status, cur, 2, 0, 2);
      trawl_node_set_text (pkt, s, "Checksum Status: Unverified");
    }
  else if (trawl_csum_fold (trawl_csum_add (0, p, len)) == 0)
    {
      trawl_node_append_text (pkt, n, " [correct]");
      s = trawl_tree_add_uint (pkt, top, hf_icmp_checksum_status, cur, 2, 0, 1);
      trawl_node_set_text (pkt, s, "Checksum Status: Good");
    }
  else
    {
      /* What the field should hold: the sum with the field taken as 0. */
      guint16 should = trawl_csum_fold (trawl_csum_add (0, p, len) - wire);
      trawl_node_append_text (pkt, n, " incorrect, should be 0x%04x", should);
      s = trawl_tree_add_uint (pkt, top, hf_icmp_checksum_status, cur, 2, 0, 0);
      trawl_node_set_text (pkt, s, "Checksum Status: Bad");
      trawl_tree_add_expert (pkt, top, TRAWL_EXPERT_WARN, "Bad checksum");
    }
  trawl_node_set_flags (s, TRAWL_NODE_GENERATED);
}

/* Linux ping puts a struct timeval first in the data; Wireshark shows it
 * when it lies within a day after... the capture time (its test, kept as is). */
static guint32
add_data_time (TrawlPacket *pkt,
               TrawlNode   *top,
               TrawlCursor *cur)
{
  gint64 frame_secs = pkt->ts_ns / G_GINT64_CONSTANT (1000000000);
  gint64 secs;
  guint32 usecs;
  TrawlNode *n;

  if (trawl_cursor_len (cur) <= 16)
    return 8;
  secs = trawl_cursor_get_u32 (cur, 8);
  usecs = trawl_cursor_get_u32 (cur, 12);
  if ((guint32) (secs - frame_secs) >= 3600 * 24 || usecs >= 1000000)
    {
      secs = trawl_cursor_get_u32le (cur, 8);
      usecs = trawl_cursor_get_u32le (cur, 12);
    }
  if ((guint32) (secs - frame_secs) >= 3600 * 24 || usecs >= 1000000)
    return 8;

  {
    gint64 ts_ns = secs * G_GINT64_CONSTANT (1000000000) + (gint64) usecs * 1000;
    trawl_tree_add_time (pkt, top, hf_icmp_data_time, cur, 8, 8, ts_ns);
    n = trawl_tree_add_time (pkt, top, hf_icmp_data_time_relative, cur, 8, 8, pkt->ts_ns - ts_ns);
    trawl_node_set_flags (n, TRAWL_NODE_GENERATED);
  }
  return 16;
}

/* Echo request/reply pairing: recorded in the analysis pass, shown
 * afterwards with tshark -2's lines and Info suffixes. */
static void
track_echo (TrawlPacket *pkt,
            TrawlNode   *top,
            TrawlCursor *cur,
            gboolean     reply)
{
  const TrawlIcmpEchoFields fields = {
    4, TRAWL_ETHERTYPE_IPV4, hf_icmp_resp_in, hf_icmp_resp_to, hf_icmp_resptime, hf_icmp_no_resp,
    "No response seen to ICMP request", FALSE, "Response time",
  };

  trawl_icmp_echo_pairing (pkt, top, cur, reply, &fields);
}

static void
dissect_echo (TrawlPacket *pkt,
              TrawlNode   *top,
              TrawlCursor *cur,
              guint8       type)
{
  guint16 id = trawl_cursor_get_u16 (cur, 4);
  guint16 seq = trawl_cursor_get_u16 (cur, 6);
  guint32 data_off = 8;
  TrawlCursor data;

  trawl_tree_add_item (pkt, top, hf_icmp_ident, cur, 4, 2, TRAWL_ENC_BE);
  trawl_tree_add_item (pkt, top, hf_icmp_ident_le, cur, 4, 2, TRAWL_ENC_LE);
  trawl_tree_add_item (pkt, top, hf_icmp_seq, cur, 6, 2, TRAWL_ENC_BE);
  trawl_tree_add_item (pkt, top, hf_icmp_seq_le, cur, 6, 2, TRAWL_ENC_LE);
  trawl_col_append_info (pkt, " id=0x%04x, seq=%u/%u", id, seq, GUINT16_SWAP_LE_BE (seq));
  if (pkt->ip_depth > 0)
    trawl_col_append_info (pkt, ", ttl=%u", pkt->ip_ttl);

  if (type == ICMP_ECHO || type == ICMP_ECHOREPLY)
    {
      track_echo (pkt, top, cur, type == ICMP_ECHOREPLY);
      data_off = add_data_time (pkt, top, cur);
    }
  data = trawl_cursor_tail (cur, data_off);
  trawl_dissect_data (pkt, &data, top);
}

static void
dissect_error (TrawlPacket *pkt,
               TrawlNode   *top,
               TrawlCursor *cur,
               guint8       type,
               guint8       code)
{
  TrawlCursor inner = trawl_cursor_tail (cur, 8);
  const char *saved_proto = pkt->col_protocol;
  char *saved_info = NULL;
  gboolean saved_in_error = pkt->in_error_pkt;

  if (type == ICMP_UNREACH && code == 4)
    {
      trawl_tree_add_item (pkt, top, hf_icmp_unused, cur, 4, 2, TRAWL_ENC_BE);
      trawl_tree_add_item (pkt, top, hf_icmp_mtu, cur, 6, 2, TRAWL_ENC_BE);
    }
  else if (type == ICMP_REDIRECT)
    trawl_tree_add_item (pkt, top, hf_icmp_redir_gw, cur, 4, 4, TRAWL_ENC_BE);
  else if (type == ICMP_PARAMPROB)
    {
      trawl_tree_add_item (pkt, top, hf_icmp_pointer, cur, 4, 1, TRAWL_ENC_BE);
      trawl_tree_add_item (pkt, top, hf_icmp_unused, cur, 5, 3, TRAWL_ENC_BE);
    }
  else
    trawl_tree_add_item (pkt, top, hf_icmp_unused, cur, 4, 4, TRAWL_ENC_BE);

  if (trawl_cursor_len (&inner) == 0)
    return;
  if (pkt->want_columns)
    saved_info = trawl_arena_strndup (pkt->arena, pkt->col_info->str, pkt->col_info->len);
  pkt->in_error_pkt = TRUE;
  if (!trawl_dissector_table_try (TRAWL_TABLE_ETHERTYPE, TRAWL_ETHERTYPE_IPV4, pkt, &inner, top))
    trawl_dissect_data (pkt, &inner, top);
  pkt->in_error_pkt = saved_in_error;
  pkt->col_protocol = saved_proto;
  if (saved_info)
    g_string_assign (pkt->col_info, saved_info);
}

static gboolean
dissect_icmp (TrawlPacket *pkt,
              TrawlCursor *cur,
              TrawlNode   *parent)
{
  TrawlNode *top, *n;
  guint8 type, code;
  const char *type_name, *code_name = NULL;
  const TrawlValueName *codes;

  top = trawl_tree_add_protocol (pkt, parent, proto_icmp, cur, 0, trawl_cursor_len (cur));
  trawl_col_set_protocol (pkt, "ICMP");
  trawl_col_clear_info (pkt);
  if (!trawl_cursor_has (cur, 0, 4))
    {
      trawl_tree_mark_malformed (pkt, top, "ICMP");
      return TRUE;
    }

  type = trawl_cursor_get_u8 (cur, 0);
  code = trawl_cursor_get_u8 (cur, 1);
  type_name = trawl_value_name_lookup (type_names, type);
  codes = code_names_for (type);
  if (codes)
    code_name = trawl_value_name_lookup (codes, code);

  if (type_name == NULL)
    trawl_col_set_info (pkt, "Unknown ICMP (obsolete or malformed?)");
  else if (type == ICMP_ECHO || type == ICMP_ECHOREPLY)
    trawl_col_set_info (pkt, "%-20s", type_name);
  else if (code_name)
    trawl_col_set_info (pkt, "%s (%s)", type_name, code_name);
  else
    trawl_col_set_info (pkt, "%s", type_name);

  n = trawl_tree_add_item (pkt, top, hf_icmp_type, cur, 0, 1, TRAWL_ENC_BE);
  if (type_name)
    trawl_node_append_text (pkt, n, " (%s)", type_name);
  n = trawl_tree_add_item (pkt, top, hf_icmp_code, cur, 1, 1, TRAWL_ENC_BE);
  if (code_name)
    trawl_node_append_text (pkt, n, " (%s)", code_name);
  add_checksum (pkt, top, cur);

  if (!trawl_cursor_has (cur, 0, 8))
    {
      trawl_tree_mark_malformed (pkt, top, "ICMP");
      return TRUE;
    }

  switch (type)
    {
    case ICMP_ECHO:
    case ICMP_ECHOREPLY:
    case ICMP_TSTAMP:
    case ICMP_TSTAMPREPLY:
    case ICMP_IREQ:
    case ICMP_IREQREPLY:
    case ICMP_MASKREQ:
    case ICMP_MASKREPLY:
      dissect_echo (pkt, top, cur, type);
      break;
    default:
      if (is_error (type))
        dissect_error (pkt, top, cur, type, code);
      else
        {
          TrawlCursor data = trawl_cursor_tail (cur, 4);
          trawl_dissect_data (pkt, &data, top);
        }
      break;
    }
  return TRUE;
}

void
trawl_register_icmp (void)
{
  proto_icmp = trawl_proto_register ("icmp", N_("Internet Control Message Protocol"), "ICMP");
  trawl_field_register (proto_icmp, fields, G_N_ELEMENTS (fields));
  trawl_dissector_table_add (TRAWL_TABLE_IP_PROTO, 1, dissect_icmp);
}
