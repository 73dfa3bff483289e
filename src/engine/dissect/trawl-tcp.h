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
};

/* First pass only: from the next segment of the current stream on, hand
 * its payload to @app (the HTTP dissector calls this on a 101 response). */
void trawl_tcp_set_app (TrawlPacket *pkt,
                        TrawlTcpApp  app);

/* The dissector that takes a stream's payload once it was switched to
 * @app (websocket.c registers itself at start-up). */
void trawl_tcp_register_app (TrawlTcpApp    app,
                             TrawlDissector dissector);

G_END_DECLS
