/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-web.h: what http.c shares with websocket.c and tls.c
 *
 * http.c owns the web protocols' analysis state (one pointer of
 * TrawlAnalysis), which also keeps the TLS session versions per TCP
 * stream, and the "Line-based text data" protocol that WebSocket text
 * reuses.
 */
#pragma once

#include "trawl-packet.h"

G_BEGIN_DECLS

/* The "data-text-lines" protocol: @cur shown line by line. */
void     trawl_dissect_text_lines     (TrawlPacket *pkt,
                                       TrawlCursor *cur,
                                       TrawlNode   *parent,
                                       const char  *media_type);
/* The TLS version agreed on @pkt's TCP stream and the frame that agreed
 * on it; FALSE when none yet. */
gboolean trawl_web_tls_session_lookup (TrawlPacket *pkt,
                                       guint32     *frame,
                                       guint16     *version);
/* First pass: @pkt's stream now speaks TLS @version. */
void     trawl_web_tls_session_set    (TrawlPacket *pkt,
                                       guint16      version);

G_END_DECLS
