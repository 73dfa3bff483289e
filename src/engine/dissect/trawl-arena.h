/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-arena.h: a bump allocator for one dissection
 *
 * A dissection allocates its tree nodes and strings here; nothing is freed
 * one by one.  trawl_arena_reset() keeps the first chunk, so dissecting
 * frame after frame with one arena allocates nothing in the steady state.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _TrawlArena TrawlArena;

TrawlArena *trawl_arena_new     (void);
void        trawl_arena_free    (TrawlArena *arena);
void        trawl_arena_reset   (TrawlArena *arena);
gpointer    trawl_arena_alloc   (TrawlArena *arena,
                                 gsize       size);
gpointer    trawl_arena_alloc0  (TrawlArena *arena,
                                 gsize       size);
char       *trawl_arena_strndup (TrawlArena *arena,
                                 const char *str,
                                 gsize       len);
char       *trawl_arena_strdup  (TrawlArena *arena,
                                 const char *str);
char       *trawl_arena_printf  (TrawlArena *arena,
                                 const char *format,
                                 ...) G_GNUC_PRINTF (2, 3);
char       *trawl_arena_vprintf (TrawlArena *arena,
                                 const char *format,
                                 va_list     args) G_GNUC_PRINTF (2, 0);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TrawlArena, trawl_arena_free)

G_END_DECLS
