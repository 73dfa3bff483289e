/* SPDX-License-Identifier: GPL-3.0-or-later */
/* websocket.c: WebSocket frames (RFC 6455) after an HTTP upgrade
 *
 * The HTTP dissector switches a TCP stream to WebSocket on "101 Switching
 * Protocols" with "Upgrade: websocket"; from the next segment on TCP hands
 * the payload here.  Every frame in the segment is dissected.  There is no
 * reassembly: a frame cut by the end of the segment shows the bytes that
 * are there, and fragmented messages are shown frame by frame.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "trawl-web.h"
#include "trawl-dissect.h"
#include "trawl-tcp.h"
#include "analysis/trawl-tcp-reassembly.h"

#define MAX_FRAMES_PER_SEG 256

static int proto_websocket = -1;
static int hf_ws_fin = -1;
static int hf_ws_rsv = -1;
static int hf_ws_opcode = -1;
static int hf_ws_mask = -1;
static int hf_ws_payload_length = -1;
static int hf_ws_payload_length_ext_16 = -1;
static int hf_ws_payload_length_ext_64 = -1;
static int hf_ws_masking_key = -1;
static int hf_ws_payload = -1;
static int hf_ws_masked_payload = -1;
static int hf_ws_payload_continue = -1;
static int hf_ws_payload_text = -1;
static int hf_ws_payload_close = -1;
static int hf_ws_payload_close_status_code = -1;
static int hf_ws_payload_close_reason = -1;
static int hf_ws_payload_ping = -1;
static int hf_ws_payload_pong = -1;
static int hf_ws_payload_unknown = -1;

enum
{
  OP_CONTINUATION = 0,
  OP_TEXT = 1,
  OP_BINARY = 2,
  OP_CLOSE = 8,
  OP_PING = 9,
  OP_PONG = 10,
};

static const TrawlValueName opcode_names[] = {
  { OP_CONTINUATION, "Continuation" },
  { OP_TEXT, "Text" },
  { OP_BINARY, "Binary" },
  { OP_CLOSE, "Connection Close" },
  { OP_PING, "Ping" },
  { OP_PONG, "Pong" },
  { 0, NULL }
};

static const TrawlValueName close_names[] = {
  { 1000, "Normal Closure" },
  { 1001, "Going Away" },
  { 1002, "Protocol error" },
  { 1003, "Unsupported Data" },
  { 1004, "Reserved" },
  { 1005, "No Status Rcvd" },
  { 1006, "Abnormal Closure" },
  { 1007, "Invalid frame payload data" },
  { 1008, "Policy Violation" },
  { 1009, "Message Too Big" },
  { 1010, "Mandatory Ext." },
  { 1011, "Internal Server" },
  { 1015, "TLS handshake" },
  { 0, NULL }
};

/* Wireshark gives these booleans no strings of their own: its default
 * "True"/"False", not the "Set"/"Not set" of flag bits. */
static const TrawlTrueFalse true_false = { "True", "False" };

static const TrawlFieldDef fields[] = {
  { &hf_ws_fin, "websocket.fin", N_("Fin"), TRAWL_FT_BOOLEAN, 8, NULL, 0x80, N_("Indicates that this is the final fragment in a message"), NULL, &true_false },
  { &hf_ws_rsv, "websocket.rsv", N_("Reserved"), TRAWL_FT_UINT8, TRAWL_BASE_HEX, NULL, 0x70, N_("Must be zero") },
  { &hf_ws_opcode, "websocket.opcode", N_("Opcode"), TRAWL_FT_UINT8, TRAWL_BASE_DEC, opcode_names, 0x0f, N_("Defines the interpretation of the Payload data") },
  { &hf_ws_mask, "websocket.mask", N_("Mask"), TRAWL_FT_BOOLEAN, 8, NULL, 0x80, N_("Defines whether the Payload data is masked"), NULL, &true_false },
  { &hf_ws_payload_length, "websocket.payload_length", N_("Payload length"), TRAWL_FT_UINT8, TRAWL_BASE_DEC, NULL, 0x7f, N_("The length of the Payload data") },
  { &hf_ws_payload_length_ext_16, "websocket.payload_length_ext_16", N_("Extended Payload length (16 bits)"), TRAWL_FT_UINT16, TRAWL_BASE_DEC, NULL, 0, N_("The length (16 bits) of the Payload data") },
  { &hf_ws_payload_length_ext_64, "websocket.payload_length_ext_64", N_("Extended Payload length (64 bits)"), TRAWL_FT_UINT64, TRAWL_BASE_DEC, NULL, 0, N_("The length (64 bits) of the Payload data") },
  { &hf_ws_masking_key, "websocket.masking_key", N_("Masking-Key"), TRAWL_FT_BYTES, TRAWL_BASE_NONE, NULL, 0, N_("All frames sent from the client to the server are masked by a 32-bit value that is contained within the frame") },
  { &hf_ws_payload, "websocket.payload", N_("Payload"), TRAWL_FT_NONE, TRAWL_BASE_NONE, NULL, 0, N_("Payload (after unmasking)") },
  { &hf_ws_masked_payload, "websocket.masked_payload", N_("Masked payload"), TRAWL_FT_NONE, TRAWL_BASE_NONE },
  { &hf_ws_payload_continue, "websocket.payload.continue", N_("Continue"), TRAWL_FT_BYTES, TRAWL_BASE_NONE },
  { &hf_ws_payload_text, "websocket.payload.text", N_("Text"), TRAWL_FT_STRING, TRAWL_BASE_NONE },
  { &hf_ws_payload_close, "websocket.payload.close", N_("Close"), TRAWL_FT_NONE, TRAWL_BASE_NONE },
  { &hf_ws_payload_close_status_code, "websocket.payload.close.status_code", N_("Status code"), TRAWL_FT_UINT16, TRAWL_BASE_DEC, close_names },
  { &hf_ws_payload_close_reason, "websocket.payload.close.reason", N_("Reason"), TRAWL_FT_STRING, TRAWL_BASE_NONE },
  { &hf_ws_payload_ping, "websocket.payload.ping", N_("Ping"), TRAWL_FT_BYTES, TRAWL_BASE_NONE },
  { &hf_ws_payload_pong, "websocket.payload.pong", N_("Pong"), TRAWL_FT_BYTES, TRAWL_BASE_NONE },
  { &hf_ws_payload_unknown, "websocket.payload.unknown", N_("Unknown"), TRAWL_FT_BYTES, TRAWL_BASE_NONE },
};

static void
dissect_payload (TrawlPacket *pkt,
                 TrawlNode   *ws,
                 TrawlNode   *parent,
                 TrawlCursor *pl,
                 guint8       opcode,
                 gboolean     fin)
{
  guint32 n = trawl_cursor_len (pl);
  TrawlNode *top = trawl_tree_add_item (pkt, ws, hf_ws_payload, pl, 0, n, TRAWL_ENC_BE);

  /* tshark 4.0 shows the first fragment of a message as a bare
   * "Payload", and a continuation's bytes at the top of the tree. */
  if (!fin && (opcode == OP_TEXT || opcode == OP_BINARY))
    return;

  switch (opcode)
    {
    case OP_TEXT:
      trawl_tree_add_item (pkt, top, hf_ws_payload_text, pl, 0, n, TRAWL_ENC_BE);
      trawl_dissect_text_lines (pkt, pl, parent, NULL);
      break;
    case OP_BINARY:
      trawl_dissect_data (pkt, pl, parent);
      break;
    case OP_CLOSE:
      {
        TrawlNode *c = trawl_tree_add_item (pkt, top, hf_ws_payload_close, pl, 0, n, TRAWL_ENC_BE);
        if (n >= 2)
          trawl_tree_add_item (pkt, c, hf_ws_payload_close_status_code, pl, 0, 2, TRAWL_ENC_BE);
        if (n > 2)
          trawl_tree_add_item (pkt, c, hf_ws_payload_close_reason, pl, 2, n - 2, TRAWL_ENC_BE);
      }
      break;
    case OP_PING:
      trawl_tree_add_item (pkt, top, hf_ws_payload_ping, pl, 0, n, TRAWL_ENC_BE);
      break;
    case OP_PONG:
      trawl_tree_add_item (pkt, top, hf_ws_payload_pong, pl, 0, n, TRAWL_ENC_BE);
      break;
    case OP_CONTINUATION:
      trawl_tree_add_item (pkt, parent, hf_ws_payload_continue, pl, 0, n, TRAWL_ENC_BE);
      break;
    default:
      trawl_tree_add_item (pkt, top, hf_ws_payload_unknown, pl, 0, n, TRAWL_ENC_BE);
      break;
    }
}

/* One frame at @off; returns its length in this segment, 0 when not even
 * the two-byte header is there. */
static guint32
dissect_frame (TrawlPacket *pkt,
               TrawlCursor *cur,
               TrawlNode   *parent,
               guint32      off)
{
  guint32 avail = trawl_cursor_len (cur) - off;
  guint32 hlen = 2, plen;
  guint64 len64;
  guint8 b0, b1, opcode;
  gboolean fin, masked, clipped = FALSE;
  const char *opname;
  TrawlNode *top, *n;
  TrawlCursor pl;

  top = trawl_tree_add_protocol (pkt, parent, proto_websocket, cur, off, avail);
  if (avail < 2)
    {
      trawl_tree_mark_malformed (pkt, top, "WebSocket");
      return avail;
    }
  b0 = trawl_cursor_get_u8 (cur, off);
  b1 = trawl_cursor_get_u8 (cur, off + 1);
  fin = (b0 & 0x80) != 0;
  opcode = b0 & 0x0f;
  masked = (b1 & 0x80) != 0;
  len64 = b1 & 0x7f;

  trawl_tree_add_item (pkt, top, hf_ws_fin, cur, off, 1, TRAWL_ENC_BE);
  trawl_tree_add_item (pkt, top, hf_ws_rsv, cur, off, 1, TRAWL_ENC_BE);
  trawl_tree_add_item (pkt, top, hf_ws_opcode, cur, off, 1, TRAWL_ENC_BE);
  trawl_tree_add_item (pkt, top, hf_ws_mask, cur, off + 1, 1, TRAWL_ENC_BE);
  n = trawl_tree_add_item (pkt, top, hf_ws_payload_length, cur, off + 1, 1, TRAWL_ENC_BE);
  if (len64 == 126)
    trawl_node_append_text (pkt, n, " Extended Payload Length (16 bits)");
  else if (len64 == 127)
    trawl_node_append_text (pkt, n, " Extended Payload Length (64 bits)");

  opname = trawl_value_name_lookup (opcode_names, opcode);
  trawl_col_append_info (pkt, "WebSocket %s", opname ? opname : "Unknown");
  /* tshark 4.0: "Text [FIN] [MASKED]", "Text[FRAGMENT]  [MASKED]". */
  trawl_col_append_info (pkt, fin ? " [FIN] " : "[FRAGMENT] ");
  if (masked)
    trawl_col_append_info (pkt, fin ? "[MASKED]" : " [MASKED]");

  if (len64 == 126)
    {
      if (!trawl_cursor_has (cur, off + 2, 2))
        goto truncated;
      len64 = trawl_cursor_get_u16 (cur, off + 2);
      trawl_tree_add_item (pkt, top, hf_ws_payload_length_ext_16, cur, off + 2, 2, TRAWL_ENC_BE);
      hlen += 2;
    }
  else if (len64 == 127)
    {
      if (!trawl_cursor_has (cur, off + 2, 8))
        goto truncated;
      len64 = trawl_cursor_get_u64 (cur, off + 2);
      trawl_tree_add_item (pkt, top, hf_ws_payload_length_ext_64, cur, off + 2, 8, TRAWL_ENC_BE);
      hlen += 8;
    }
  /* Wireshark's frame length wraps as a guint; the key is counted even
   * when it is not there. */
  trawl_tcp_pdu (pkt, cur, off, hlen + (masked ? 4 : 0) + (guint32) len64);
  if (masked)
    {
      if (!trawl_cursor_has (cur, off + hlen, 4))
        goto truncated;
      trawl_tree_add_item (pkt, top, hf_ws_masking_key, cur, off + hlen, 4, TRAWL_ENC_BE);
      hlen += 4;
    }

  /* No reassembly: a payload longer than the segment is shown as far as
   * it goes. */
  plen = len64 > (guint64) (avail - hlen) ? avail - hlen : (guint32) len64;
  clipped = len64 > plen;
  trawl_node_set_len (top, hlen + plen);
  pl = trawl_cursor_sub (cur, off + hlen, plen, NULL);

  if (masked && plen > 0)
    {
      const guint8 *key = trawl_cursor_ptr (cur, off + hlen - 4, 4);
      const guint8 *src = trawl_cursor_ptr (cur, off + hlen, plen);
      guint8 *un;
      guint8 ds;

      trawl_tree_add_item (pkt, top, hf_ws_masked_payload, cur, off + hlen, plen, TRAWL_ENC_BE);
      un = trawl_arena_alloc (pkt->arena, plen);
      for (guint32 i = 0; i < plen; i++)
        un[i] = src[i] ^ key[i & 3];
      ds = trawl_packet_add_source (pkt, un, plen, "Unmasked data");
      if (ds != 0)
        {
          trawl_cursor_init (&pl, un, plen);
          pl.ds = ds;
        }
    }
  if (plen > 0)
    dissect_payload (pkt, top, parent, &pl, opcode, fin);
  if (clipped)
    trawl_tree_add_expert (pkt, top, TRAWL_EXPERT_NOTE,
                           "Frame continues past this segment (%" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " payload bytes here; no reassembly)",
                           (guint64) plen, len64);
  return hlen + plen;

truncated:
  trawl_tree_mark_malformed (pkt, top, "WebSocket");
  return avail;
}

/* Wireshark dissects WebSocket with tcp_dissect_pdus(): a frame cut by
 * the end of the segment waits for the rest.  TRUE when TCP took the
 * frame at @off. */
static gboolean
desegment_frame (TrawlPacket *pkt,
                 TrawlCursor *cur,
                 guint32      off)
{
  guint32 avail = trawl_cursor_len (cur) - off, hlen = 2;
  guint64 len64, total;
  guint8 b1;

  if (pkt->tcp == NULL || !pkt->tcp->can_desegment)
    return FALSE;
  if (avail < 2)
    return trawl_tcp_desegment (pkt, cur, off, TRAWL_TCP_MORE_SEGMENT);
  b1 = trawl_cursor_get_u8 (cur, off + 1);
  len64 = b1 & 0x7f;
  if (len64 >= 126)
    {
      hlen += len64 == 126 ? 2 : 8;
      if (avail < hlen)
        return trawl_tcp_desegment (pkt, cur, off, hlen - avail);
      len64 = len64 == 126 ? trawl_cursor_get_u16 (cur, off + 2) : trawl_cursor_get_u64 (cur, off + 2);
    }
  total = hlen + ((b1 & 0x80) ? 4 : 0) + len64;
  if (total <= avail || total - avail > TRAWL_TCP_REASM_MAX_PDU)
    return FALSE;
  return trawl_tcp_desegment (pkt, cur, off, (guint32) (total - avail));
}

/* Also the entry point for unit tests and fuzzing (no TCP stream needed). */
gboolean trawl_websocket_dissect (TrawlPacket *pkt,
                                  TrawlCursor *cur,
                                  TrawlNode   *parent);

gboolean
trawl_websocket_dissect (TrawlPacket *pkt,
                   TrawlCursor *cur,
                   TrawlNode   *parent)
{
  guint32 len = trawl_cursor_len (cur), off = 0;

  if (len == 0)
    return FALSE;
  if (trawl_packet_skips_app (pkt, TRAWL_APP_WEBSOCKET))
    return TRUE;
  /* A frame cut at the start: TCP keeps its own summary. */
  if (desegment_frame (pkt, cur, 0))
    return TRUE;
  /* Wireshark reaches WebSocket through the HTTP conversation dissector,
   * so "http" shows in frame.protocols without a tree of its own. */
  g_string_append (pkt->protocols, pkt->protocols->len ? ":http" : "http");
  trawl_col_set_protocol (pkt, "WebSocket");
  trawl_col_clear_info (pkt);
  for (guint i = 0; i < MAX_FRAMES_PER_SEG && off < len; i++)
    {
      guint32 used;

      if (off > 0 && desegment_frame (pkt, cur, off))
        break;
      used = dissect_frame (pkt, cur, parent, off);
      if (used == 0)
        break;
      off += used;
    }
  return TRUE;
}

void
trawl_register_websocket (void)
{
  proto_websocket = trawl_proto_register ("websocket", N_("WebSocket"), "WebSocket");
  trawl_field_register (proto_websocket, fields, G_N_ELEMENTS (fields));
  trawl_tcp_register_app (TRAWL_TCP_APP_WEBSOCKET, trawl_websocket_dissect);
}
