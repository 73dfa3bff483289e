/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-inflate.h: zlib inflation of protocol payloads (HTTP bodies) */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Inflate @len bytes of gzip, zlib or raw deflate data (tried in that
 * order, as Wireshark's tvb_uncompress); at most @max bytes out.  NULL
 * when the data is not compressed data at all or inflates to nothing. */
GByteArray *trawl_inflate (const guint8 *in,
                           gsize         len,
                           gsize         max);

G_END_DECLS
