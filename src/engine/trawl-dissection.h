/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-dissection.h: one dissected frame, shared by reference
 *
 * A dissection owns its arena and packet (tree, columns, data sources)
 * and keeps what the packet points into (the document, so the mapped
 * file) alive.  A view keeps a reference for as long as it shows the
 * tree: the next selection makes a new dissection instead of resetting
 * an arena under the nodes of the old one.
 */
#pragma once

#include <glib-object.h>

#include "dissect/trawl-packet.h"

G_BEGIN_DECLS

typedef struct _TrawlDissection TrawlDissection;

#define TRAWL_TYPE_DISSECTION (trawl_dissection_get_type ())
GType              trawl_dissection_get_type    (void) G_GNUC_CONST;

/* An empty dissection whose packet is ready for one frame; @owner (a
 * GObject, or NULL) is kept referenced as long as the dissection lives. */
TrawlDissection   *trawl_dissection_new         (gpointer         owner);
TrawlDissection   *trawl_dissection_ref         (TrawlDissection *self);
void               trawl_dissection_unref       (TrawlDissection *self);
TrawlPacket       *trawl_dissection_get_packet  (TrawlDissection *self);
/* The 0-based frame index, or -1 for an empty dissection. */
gint64             trawl_dissection_get_frame   (TrawlDissection *self);
void               trawl_dissection_set_frame   (TrawlDissection *self,
                                                 gint64           frame);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TrawlDissection, trawl_dissection_unref)

G_END_DECLS
