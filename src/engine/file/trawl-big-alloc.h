/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-big-alloc.h: zeroed allocations of many megabytes
 *
 * The index and the analysis keep arrays of tens of bytes per frame: tens
 * of megabytes for a big capture, written once front to back.  With 4 KiB
 * pages that is a page fault every 4 KiB, a noticeable part of a pass on
 * a virtual machine; these arrays ask for transparent huge pages instead
 * (where the kernel allows them), which makes it one fault per 2 MiB.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @size zeroed bytes; free with trawl_big_free().  Never NULL.  Huge
 * pages only when @huge: a small capture should not pay 2 MiB for its
 * first chunk. */
gpointer trawl_big_alloc0 (gsize    size,
                           gboolean huge);
/* Grow (or shrink) @mem from @old_size to @new_size bytes, zeroing what
 * is new. */
gpointer trawl_big_realloc0 (gpointer mem,
                             gsize    old_size,
                             gsize    new_size);
void     trawl_big_free   (gpointer mem,
                           gsize    size);

G_END_DECLS
