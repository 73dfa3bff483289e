/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-tcp.h: what the TCP dissector tells the protocols above it */
#pragma once

#include "trawl-dissect.h"

G_BEGIN_DECLS

typedef enum
{
  TRAWL_TCP_APP_NONE,
  TRAWL_TCP_APP_WEBSOCKET,   /* after an HTTP 101 Upgrade: websocket */
} TrawlTcpApp;

struct _TrawlTcpInfo
{
  guint32  stream;        /* tcp.stream, or G_MAXUINT32 when unknown */
  guint32  seq, ack;      /* raw */
  guint32  rel_seq, rel_ack;
  guint32  payload_len;
  guint16  flags;
  gboolean from_client;   /* sent by the side that opened the stream */
  guint8   app;           /* TrawlTcpApp the stream was switched to before this frame */
  TrawlNode *tree;        /* the TCP layer (for "[PDU Size: N]") */
  guint32  payload_off;   /* where the payload starts in data source payload_ds */
  guint8   payload_ds;
  guint32  pdu_bytes_left;/* set by trawl_tcp_pdu(): bytes of the last PDU after this segment */
  /* Desegmentation (trawl_tcp_desegment): while TCP hands bytes up it
   * sets can_desegment, the data source and offset of what it handed;
   * a protocol's request lands in deseg_off/deseg_more. */
  gboolean can_desegment;
  guint8   deseg_ds;
  guint32  deseg_base;
  guint32  deseg_off;     /* from deseg_base; G_MAXUINT32: none asked */
  guint32  deseg_more;
};

/* trawl_tcp_desegment()'s @more when the length is not known yet. */
#define TRAWL_TCP_MORE_SEGMENT G_MAXUINT32

/* First pass only: from the next segment of the current stream on, hand
 * its payload to @app (the HTTP dissector calls this on a 101 response). */
void trawl_tcp_set_app (TrawlPacket *pkt,
                        TrawlTcpApp  app);

/* The dissector that takes a stream's payload once it was switched to
 * @app (websocket.c registers itself at start-up). */
void trawl_tcp_register_app (TrawlTcpApp    app,
                             TrawlDissector dissector);

/* For protocols that frame their messages with a length, as Wireshark's
 * tcp_dissect_pdus() (DNS over TCP, WebSocket): a PDU of @pdu_len bytes
 * starts at @off of @cur, the payload TCP handed over.  Adds "[PDU Size:
 * N]" to the TCP tree; when the PDU runs past the end of the segment, TCP
 * remembers (in the analysis pass) where it ends, and later segments of
 * the same direction that fall inside it are shown as "[Continuation to
 * #N]" and not handed up, as tshark does without desegmentation.  Call it
 * for each PDU before dissecting it; harmless without TCP. */
void trawl_tcp_pdu (TrawlPacket *pkt,
                    TrawlCursor *cur,
                    guint32      off,
                    guint32      pdu_len);

/* Wireshark's desegmentation (pinfo->desegment_offset/len): a protocol
 * whose PDU at @off of @cur (the bytes TCP handed it) needs @more bytes
 * past the end of @cur (TRAWL_TCP_MORE_SEGMENT: at least one more
 * segment, length unknown) asks TCP to gather them.  Returns TRUE when
 * TCP takes the bytes from @off on: the caller then stops, shows nothing
 * of them and sets no column (TCP shows "[TCP segment of a reassembled
 * PDU]"), and is called again with the whole PDU in the frame that
 * completes it.  FALSE (no analysis, a cut frame, an ICMP error, or a
 * later dissection of a frame whose bytes were not kept): dissect what is
 * there. */
gboolean trawl_tcp_desegment (TrawlPacket *pkt,
                              TrawlCursor *cur,
                              guint32      off,
                              guint32      more);

G_END_DECLS
