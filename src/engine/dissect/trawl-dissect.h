/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-dissect.h: dissector tables and the entry point of a dissection
 *
 * A dissector takes the packet and a cursor over its layer's bytes, adds
 * its protocol node under @parent and hands the payload on through a
 * table.  It returns TRUE when it took the bytes (heuristic dissectors
 * return FALSE without adding anything when the bytes are not theirs).
 */
#pragma once

#include "trawl-packet.h"

G_BEGIN_DECLS

typedef gboolean (*TrawlDissector) (TrawlPacket *pkt,
                                    TrawlCursor *cur,
                                    TrawlNode   *parent);

typedef enum
{
  TRAWL_TABLE_LINKTYPE,   /* LINKTYPE_ values (pcap link-layer header types) */
  TRAWL_TABLE_ETHERTYPE,
  TRAWL_TABLE_IP_PROTO,
  TRAWL_TABLE_TCP_PORT,
  TRAWL_TABLE_UDP_PORT,
  TRAWL_TABLE_N
} TrawlTableId;

typedef enum
{
  TRAWL_HEUR_TCP,
  TRAWL_HEUR_UDP,
  TRAWL_HEUR_N
} TrawlHeurId;

/* Register every protocol (fields and table entries).  Idempotent and
 * thread-safe; call before any dissection or registry lookup. */
void           trawl_dissectors_init          (void);
/* How deep a dissection limited to @mask (TrawlPacket.field_mask) must
 * go, for TrawlPacket.depth: only the frame's own fields, the layers up
 * to TCP/UDP, or all of them (also for a NULL mask, a whole tree). */
TrawlDepth     trawl_field_mask_depth         (const guint8 *mask,
                                               guint         mask_bits);
/* The application protocols a dissection needs only to recognise, not
 * to dissect (TrawlPacket.skip_apps). */
typedef enum
{
  TRAWL_APP_DNS       = 1 << 0,
  TRAWL_APP_DHCP      = 1 << 1,
  TRAWL_APP_HTTP      = 1 << 2,
  TRAWL_APP_WEBSOCKET = 1 << 3,
  TRAWL_APP_TLS       = 1 << 4,
} TrawlAppProto;

/* The TrawlAppProto bits whose fields @mask does not name (0 for a
 * whole tree, or a mask that names what any of them could change:
 * data, frame.protocols, tcp.pdu.*). */
guint32        trawl_field_mask_skippable_apps (const guint8 *mask,
                                                guint         mask_bits);

/* In a dissector's entry, once it knows the payload is its own: claim
 * it without dissecting it. */
static inline gboolean
trawl_packet_skips_app (const TrawlPacket *pkt,
                        guint32            app)
{
  return (pkt->skip_apps & app) != 0 && !pkt->first_pass;
}

/* Whether @mask (NULL: a whole tree) holds a field that names a later
 * frame (dns.response_in, ...): then a dissection must wait for the
 * analysis of the whole capture. */
gboolean       trawl_field_mask_has_forward_refs (const guint8 *mask,
                                                  guint         mask_bits);

void           trawl_dissector_table_add      (TrawlTableId   table,
                                               guint32        key,
                                               TrawlDissector dissector);
TrawlDissector trawl_dissector_table_lookup   (TrawlTableId   table,
                                               guint32        key);
/* Call the dissector for @key if there is one; FALSE if none took it. */
gboolean       trawl_dissector_table_try      (TrawlTableId   table,
                                               guint32        key,
                                               TrawlPacket   *pkt,
                                               TrawlCursor   *cur,
                                               TrawlNode     *parent);
void           trawl_heuristic_add            (TrawlHeurId    table,
                                               TrawlDissector dissector);
gboolean       trawl_heuristic_try            (TrawlHeurId    table,
                                               TrawlPacket   *pkt,
                                               TrawlCursor   *cur,
                                               TrawlNode     *parent);

/* The "data" protocol: bytes nobody understood.  Never an error. */
void           trawl_dissect_data             (TrawlPacket   *pkt,
                                               TrawlCursor   *cur,
                                               TrawlNode     *parent);

/* Hand @cur to the dissector of @ethertype, or to data. */
void           trawl_dissect_ethertype        (TrawlPacket   *pkt,
                                               guint16        ethertype,
                                               TrawlCursor   *cur,
                                               TrawlNode     *parent);

/* Ethernet padding after an IP datagram that ends at absolute @abs_end. */
void           trawl_eth_add_padding          (TrawlPacket   *pkt,
                                               TrawlCursor   *frame_cur,
                                               guint32        abs_end);
extern const TrawlValueName trawl_etype_names[];
/* IP protocol numbers (ip.proto, ipv6.nxt), defined in ip.c. */
extern const TrawlValueName trawl_ipproto_names[];
/* DiffServ codepoints and ECN, long (tree) and short (summary) names,
 * shared by IPv4 and IPv6; defined in ip.c. */
extern const TrawlValueName trawl_dscp_names[];
extern const TrawlValueName trawl_dscp_short_names[];
extern const TrawlValueName trawl_ecn_names[];
extern const TrawlValueName trawl_ecn_short_names[];

/* The source/destination port pair at the start of a TCP or UDP header:
 * sets pkt's ports, adds both fields, the hidden PROTO.port pair and the
 * ", Src Port: …, Dst Port: …" summary. */
void           trawl_dissect_port_pair        (TrawlPacket   *pkt,
                                               TrawlNode     *top,
                                               TrawlCursor   *cur,
                                               TrawlPortType  ptype,
                                               int            hf_srcport,
                                               int            hf_dstport,
                                               int            hf_port);

/* Dissect the frame described by @pkt's input fields: resets the output,
 * builds the tree under pkt->root and fills the columns. */
void           trawl_dissect_frame            (TrawlPacket   *pkt);

/* Each protocol file defines trawl_register_NAME(); the list is in
 * trawl-protocols.h. */
#define TRAWL_PROTOCOL(name) void trawl_register_##name (void);
#include "trawl-protocols.h"
#undef TRAWL_PROTOCOL

G_END_DECLS
