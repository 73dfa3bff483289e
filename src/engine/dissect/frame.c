/* SPDX-License-Identifier: GPL-3.0-or-later */
/* frame.c: the "frame" layer: capture metadata, then the link layer */
#include "config.h"

#include <glib/gi18n.h>

#include "trawl-dissect.h"
#include "trawl-linktype.h"

static int proto_frame = -1;
static int hf_frame_interface_id = -1;
static int hf_frame_interface_name = -1;
static int hf_frame_interface_description = -1;
static int hf_frame_section_number = -1;
static int hf_frame_encap_type = -1;
static int hf_frame_time = -1;
static int hf_frame_time_epoch = -1;
static int hf_frame_offset_shift = -1;
static int hf_frame_time_delta = -1;
static int hf_frame_time_delta_displayed = -1;
static int hf_frame_time_relative = -1;
static int hf_frame_number = -1;
static int hf_frame_len = -1;
static int hf_frame_cap_len = -1;
static int hf_frame_marked = -1;
static int hf_frame_ignored = -1;
static int hf_frame_protocols = -1;
static int hf_frame_comment = -1;

/* Wireshark's encapsulation numbers (frame.encap_type) for our link types. */
static const TrawlValueName encap_names[] = {
  { 1, "Ethernet" },
  { 7, "Raw IP" },
  { 15, "NULL/Loopback" },
  { 25, "Linux cooked-mode capture v1" },
  { 210, "Linux cooked-mode capture v2" },
  { 129, "Raw IPv4" },
  { 130, "Raw IPv6" },
  { 0, "Unknown" },
  { 0, NULL }
};

static gint64
encap_of_linktype (guint32 linktype)
{
  switch (linktype)
    {
    case TRAWL_LINKTYPE_ETHERNET: return 1;
    case TRAWL_LINKTYPE_RAW: return 7;
    case TRAWL_LINKTYPE_NULL: return 15;
    case TRAWL_LINKTYPE_LOOP: return 15;
    case TRAWL_LINKTYPE_LINUX_SLL: return 25;
    case TRAWL_LINKTYPE_LINUX_SLL2: return 210;
    case TRAWL_LINKTYPE_IPV4: return 129;
    case TRAWL_LINKTYPE_IPV6: return 130;
    default: return 0;
    }
}

static const TrawlFieldDef fields[] = {
  { &hf_frame_interface_id, "frame.interface_id", N_("Interface id"), TRAWL_FT_UINT32, TRAWL_BASE_DEC },
  { &hf_frame_interface_name, "frame.interface_name", N_("Interface name"), TRAWL_FT_STRING, TRAWL_BASE_NONE, NULL, 0, N_("The friendly name for this interface") },
  { &hf_frame_interface_description, "frame.interface_description", N_("Interface description"), TRAWL_FT_STRING, TRAWL_BASE_NONE, NULL, 0, N_("The description for this interface") },
  { &hf_frame_section_number, "frame.section_number", N_("Section number"), TRAWL_FT_UINT32, TRAWL_BASE_DEC, NULL, 0, N_("The number of the file section this frame is in") },
  { &hf_frame_encap_type, "frame.encap_type", N_("Encapsulation type"), TRAWL_FT_INT16, TRAWL_BASE_DEC, encap_names },
  { &hf_frame_time, "frame.time", N_("Arrival Time"), TRAWL_FT_ABSOLUTE_TIME, TRAWL_BASE_LOCAL, NULL, 0, N_("Absolute time when this frame was captured") },
  { &hf_frame_offset_shift, "frame.offset_shift", N_("Time shift for this packet"), TRAWL_FT_RELATIVE_TIME, TRAWL_BASE_NONE, NULL, 0, N_("Time shift applied to this packet") },
  { &hf_frame_time_epoch, "frame.time_epoch", N_("Epoch Time"), TRAWL_FT_RELATIVE_TIME, TRAWL_BASE_NONE, NULL, 0, N_("Epoch time when this frame was captured") },
  { &hf_frame_time_delta, "frame.time_delta", N_("Time delta from previous captured frame"), TRAWL_FT_RELATIVE_TIME, TRAWL_BASE_NONE },
  { &hf_frame_time_delta_displayed, "frame.time_delta_displayed", N_("Time delta from previous displayed frame"), TRAWL_FT_RELATIVE_TIME, TRAWL_BASE_NONE },
  { &hf_frame_time_relative, "frame.time_relative", N_("Time since reference or first frame"), TRAWL_FT_RELATIVE_TIME, TRAWL_BASE_NONE, NULL, 0, N_("Time relative to time reference or first frame") },
  { &hf_frame_number, "frame.number", N_("Frame Number"), TRAWL_FT_UINT32, TRAWL_BASE_DEC },
  { &hf_frame_len, "frame.len", N_("Frame length on the wire"), TRAWL_FT_UINT32, TRAWL_BASE_DEC },
  { &hf_frame_cap_len, "frame.cap_len", N_("Frame length stored into the capture file"), TRAWL_FT_UINT32, TRAWL_BASE_DEC },
  { &hf_frame_marked, "frame.marked", N_("Frame is marked"), TRAWL_FT_BOOLEAN, 0, NULL, 0, N_("Frame is marked in the GUI") },
  { &hf_frame_ignored, "frame.ignored", N_("Frame is ignored"), TRAWL_FT_BOOLEAN, 0, NULL, 0, N_("Frame is ignored by the dissectors") },
  { &hf_frame_protocols, "frame.protocols", N_("Protocols in frame"), TRAWL_FT_STRING, TRAWL_BASE_NONE, NULL, 0, N_("Protocols carried by this frame") },
  { &hf_frame_comment, "frame.comment", N_("Comment"), TRAWL_FT_STRING, TRAWL_BASE_NONE },
};

void
trawl_register_frame (void)
{
  proto_frame = trawl_proto_register ("frame", N_("Frame"), "FRAME");
  trawl_field_register (proto_frame, fields, G_N_ELEMENTS (fields));
}

static void
add_metadata (TrawlPacket *pkt,
              TrawlNode   *top,
              TrawlCursor *cur)
{
  TrawlNode *n;
  gint64 encap = encap_of_linktype (pkt->linktype);

  if (pkt->comment)
    trawl_tree_add_string (pkt, top, hf_frame_comment, cur, 0, 0, pkt->comment, -1);
  /* Only pcapng knows sections and interfaces; pcap files show neither. */
  if (pkt->section > 0)
    {
      const char *name = pkt->iface_name ? pkt->iface_name : "unknown";

      trawl_tree_add_uint (pkt, top, hf_frame_section_number, cur, 0, 0, pkt->section);
      n = trawl_tree_add_uint (pkt, top, hf_frame_interface_id, cur, 0, 0, pkt->iface);
      trawl_node_append_text (pkt, n, " (%s)", name);
      trawl_tree_add_string (pkt, n, hf_frame_interface_name, cur, 0, 0, name, -1);
      if (pkt->iface_descr)
        trawl_tree_add_string (pkt, n, hf_frame_interface_description, cur, 0, 0, pkt->iface_descr, -1);
    }
  trawl_tree_add_int (pkt, top, hf_frame_encap_type, cur, 0, 0, encap);
  trawl_tree_add_time (pkt, top, hf_frame_time, cur, 0, 0, pkt->ts_ns);
  /* Trawl never shifts times; tshark shows the zero shift all the same. */
  n = trawl_tree_add_time (pkt, top, hf_frame_offset_shift, cur, 0, 0, 0);
  trawl_node_set_flags (n, TRAWL_NODE_GENERATED);
  trawl_tree_add_time (pkt, top, hf_frame_time_epoch, cur, 0, 0, pkt->ts_ns);
  n = trawl_tree_add_time (pkt, top, hf_frame_time_delta, cur, 0, 0,
                           pkt->number > 1 ? pkt->ts_ns - pkt->prev_ts_ns : 0);
  trawl_node_set_flags (n, TRAWL_NODE_GENERATED);
  n = trawl_tree_add_time (pkt, top, hf_frame_time_delta_displayed, cur, 0, 0,
                           pkt->number > 1 ? pkt->ts_ns - pkt->prev_dis_ts_ns : 0);
  trawl_node_set_flags (n, TRAWL_NODE_GENERATED);
  n = trawl_tree_add_time (pkt, top, hf_frame_time_relative, cur, 0, 0,
                           pkt->ts_ns - pkt->first_ts_ns);
  trawl_node_set_flags (n, TRAWL_NODE_GENERATED);
  trawl_tree_add_uint (pkt, top, hf_frame_number, cur, 0, 0, pkt->number);
  n = trawl_tree_add_uint (pkt, top, hf_frame_len, cur, 0, 0, pkt->wirelen);
  trawl_node_set_text (pkt, n, "Frame Length: %u bytes (%u bits)", pkt->wirelen, pkt->wirelen * 8);
  n = trawl_tree_add_uint (pkt, top, hf_frame_cap_len, cur, 0, 0, pkt->caplen);
  trawl_node_set_text (pkt, n, "Capture Length: %u bytes (%u bits)", pkt->caplen, pkt->caplen * 8);
  n = trawl_tree_add_boolean (pkt, top, hf_frame_marked, cur, 0, 0, FALSE);
  trawl_node_set_flags (n, TRAWL_NODE_GENERATED);
  n = trawl_tree_add_boolean (pkt, top, hf_frame_ignored, cur, 0, 0, FALSE);
  trawl_node_set_flags (n, TRAWL_NODE_GENERATED);
}

void
trawl_dissect_frame (TrawlPacket *pkt)
{
  TrawlCursor cur;
  TrawlNode *top, *protocols = NULL;

  g_return_if_fail (pkt != NULL);

  trawl_packet_reset_output (pkt);
  trawl_cursor_init (&cur, pkt->data, pkt->caplen);

  top = trawl_tree_add_protocol (pkt, pkt->root, proto_frame, &cur, 0, pkt->caplen);
  /* Wireshark's frame.protocols starts below the frame layer. */
  g_string_truncate (pkt->protocols, 0);
  trawl_node_set_text (pkt, top,
                       "Frame %u: %u bytes on wire (%u bits), %u bytes captured (%u bits)",
                       pkt->number, pkt->wirelen, pkt->wirelen * 8, pkt->caplen, pkt->caplen * 8);
  if (pkt->section > 0)
    trawl_node_append_text (pkt, top, " on interface %s, id %u",
                            pkt->iface_name ? pkt->iface_name : "unknown", pkt->iface);
  if (trawl_packet_tree_wanted (pkt))
    {
      add_metadata (pkt, top, &cur);
      protocols = trawl_tree_add_string (pkt, top, hf_frame_protocols, &cur, 0, 0, "", 0);
      trawl_node_set_flags (protocols, TRAWL_NODE_GENERATED);
    }

  /* -T fields -e frame.number after a filter: nothing below the frame. */
  if (pkt->depth != TRAWL_DEPTH_FRAME || pkt->first_pass)
    {
      if (!trawl_dissector_table_try (TRAWL_TABLE_LINKTYPE, pkt->linktype, pkt, &cur, pkt->root))
        trawl_dissect_data (pkt, &cur, pkt->root);
    }

  if (pkt->col_protocol == NULL)
    trawl_col_set_protocol (pkt, "UNKNOWN");
  trawl_col_finish_addresses (pkt);

  /* frame.protocols is known only now that every layer has run. */
  if (protocols != NULL)
    {
      protocols->v.b.p = (const guint8 *) trawl_arena_strndup (pkt->arena, pkt->protocols->str, pkt->protocols->len);
      protocols->v.b.n = (guint32) pkt->protocols->len;
    }
}
