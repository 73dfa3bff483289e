/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-frame-range.h: a set of frame numbers typed as "1-10,20,30-"
 *
 * The packet range of Wireshark's Export Specified Packets: numbers are
 * frame numbers as the No. column shows them (from 1, in capture order,
 * whatever the list's sort or filter); "N-" runs to the last frame and
 * "-N" from the first; "10-5" is 5 to 10; spaces around numbers and empty
 * items ("1-5,") are allowed, so that text being typed stays valid.  The
 * set is kept as sorted, merged intervals: a frame named twice is written
 * once, in capture order.  GLib only, tested without a display.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TRAWL_FRAME_RANGE_ERROR (trawl_frame_range_error_quark ())

typedef enum
{
  TRAWL_FRAME_RANGE_ERROR_EMPTY,     /* no number at all */
  TRAWL_FRAME_RANGE_ERROR_SYNTAX,    /* not a number, a dash or a comma */
  TRAWL_FRAME_RANGE_ERROR_ZERO,      /* frames are numbered from 1 */
  TRAWL_FRAME_RANGE_ERROR_TOO_BIG,   /* past the last frame */
} TrawlFrameRangeError;

typedef struct _TrawlFrameRange TrawlFrameRange;

GQuark           trawl_frame_range_error_quark (void);

/* Parse @text for a capture of @n_frames frames.  On error, @error says
 * what is wrong and @error_pos (may be NULL) the byte offset where. */
TrawlFrameRange *trawl_frame_range_parse     (const char            *text,
                                              guint32                n_frames,
                                              gsize                 *error_pos,
                                              GError               **error);
TrawlFrameRange *trawl_frame_range_copy      (const TrawlFrameRange *self);
void             trawl_frame_range_free      (TrawlFrameRange       *self);

/* Membership of a 0-based frame index. */
gboolean         trawl_frame_range_contains  (const TrawlFrameRange *self,
                                              guint32                frame);
/* How many frames the range names. */
guint64          trawl_frame_range_count     (const TrawlFrameRange *self);
/* How many of @frames (0-based, ascending) are in the range: a binary
 * search per interval, not a walk over @frames. */
guint64          trawl_frame_range_count_in  (const TrawlFrameRange *self,
                                              const guint32         *frames,
                                              gsize                  n);
/* The frames of the range (0-based, ascending), only those of @frames
 * when it is not NULL (0-based, ascending).  Proportional to the result:
 * call it on a worker thread for big captures. */
GArray          *trawl_frame_range_collect   (const TrawlFrameRange *self,
                                              const guint32         *frames,
                                              gsize                  n);
/* The normalised text: "1-5,10". */
char            *trawl_frame_range_to_string (const TrawlFrameRange *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TrawlFrameRange, trawl_frame_range_free)

/* Index of the first of the ascending @v[0..n) that is >= @value (a
 * list of displayed frame indices, as the packet list keeps). */
gsize            trawl_frames_lower_bound    (const guint32         *v,
                                              gsize                  n,
                                              guint64                value);

G_END_DECLS
