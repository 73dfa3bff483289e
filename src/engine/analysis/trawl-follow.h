/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-follow.h: the bytes a conversation carried, in order (Follow Stream)
 *
 * trawl_follow_tcp() walks the capture once, in frame order, and calls
 * back for every chunk of a TCP stream's payload as the receiving
 * application saw it: each direction in sequence order, retransmitted
 * bytes once, segments beyond a hole held until the hole is filled (and
 * the rest in sequence order at the end).  A chunk is what one frame
 * added.  The callback may stop the walk; a GUI runs it in a GTask
 * thread and appends the chunks it is handed in batches, so the window
 * fills in while the walk goes on.
 */
#pragma once

#include <gio/gio.h>

#include "dissect/trawl-packet.h"

G_BEGIN_DECLS

typedef struct _TrawlCaptureFile TrawlCaptureFile;

typedef struct
{
  TrawlAddress addr[2];   /* [0]: Node 0, the sender of the stream's first frame */
  guint16      port[2];
  gboolean     found;     /* the stream has at least one frame */
} TrawlFollowPeers;

typedef struct
{
  guint         peer;     /* 0: sent by Node 0, 1: by Node 1 */
  guint32       frame;    /* 1-based frame that carried (or completed) the bytes */
  gint64        ts_ns;    /* that frame's time */
  const guint8 *data;     /* valid during the callback only */
  guint32       len;
} TrawlFollowChunk;

/* Return FALSE to stop the walk. */
typedef gboolean (*TrawlFollowFunc) (const TrawlFollowChunk *chunk,
                                     gpointer                user_data);

/* Follow TCP stream @stream (tcp.stream) of @file, analysed by @analysis
 * (which must cover the frames walked; a pass still running is waited
 * for).  @peers is filled before the first chunk.  FALSE when cancelled
 * or stopped by @func. */
gboolean trawl_follow_tcp      (TrawlCaptureFile *file,
                                TrawlAnalysis    *analysis,
                                guint32           stream,
                                TrawlFollowPeers *peers,
                                TrawlFollowFunc   func,
                                gpointer          user_data,
                                GCancellable     *cancellable);

/* The first TCP stream between @a:@pa and @b:@pb (either way round),
 * as tshark's "-z follow,tcp,MODE,A:PA,B:PB"; FALSE when none. */
gboolean trawl_follow_tcp_find (TrawlCaptureFile   *file,
                                TrawlAnalysis      *analysis,
                                const TrawlAddress *a,
                                guint16             pa,
                                const TrawlAddress *b,
                                guint16             pb,
                                guint32            *stream);

G_END_DECLS
