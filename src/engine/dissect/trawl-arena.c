/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-arena.c: a bump allocator for one dissection */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "trawl-arena.h"
#include "trawl-printf.h"

#define CHUNK_SIZE (64 * 1024)

typedef struct _Chunk Chunk;
struct _Chunk
{
  Chunk *next;
  gsize  size;
  gsize  used;
  /* data follows, aligned */
  guint8 data[] __attribute__ ((aligned (16)));
};

struct _TrawlArena
{
  Chunk *first;   /* kept across resets */
  Chunk *current;
};

static Chunk *
chunk_new (gsize size)
{
  Chunk *c = g_malloc (sizeof (Chunk) + size);
  c->next = NULL;
  c->size = size;
  c->used = 0;
  return c;
}

TrawlArena *
trawl_arena_new (void)
{
  TrawlArena *arena = g_new0 (TrawlArena, 1);
  arena->first = arena->current = chunk_new (CHUNK_SIZE);
  return arena;
}

static void
free_chain (Chunk *c)
{
  while (c != NULL)
    {
      Chunk *next = c->next;
      g_free (c);
      c = next;
    }
}

void
trawl_arena_free (TrawlArena *arena)
{
  if (arena == NULL)
    return;
  free_chain (arena->first);
  g_free (arena);
}

void
trawl_arena_reset (TrawlArena *arena)
{
  g_return_if_fail (arena != NULL);

  free_chain (arena->first->next);
  arena->first->next = NULL;
  arena->first->used = 0;
  arena->current = arena->first;
}

gpointer
trawl_arena_alloc (TrawlArena *arena,
                   gsize       size)
{
  Chunk *c = arena->current;
  gsize aligned = (size + 15) & ~(gsize) 15;
  gpointer p;

  if (c->size - c->used < aligned)
    {
      gsize want = MAX (CHUNK_SIZE, aligned);
      Chunk *n = chunk_new (want);
      c->next = n;
      arena->current = c = n;
    }
  p = c->data + c->used;
  c->used += aligned;
  return p;
}

gpointer
trawl_arena_alloc0 (TrawlArena *arena,
                    gsize       size)
{
  gpointer p = trawl_arena_alloc (arena, size);
  memset (p, 0, size);
  return p;
}

char *
trawl_arena_strndup (TrawlArena *arena,
                     const char *str,
                     gsize       len)
{
  char *s = trawl_arena_alloc (arena, len + 1);
  memcpy (s, str, len);
  s[len] = '\0';
  return s;
}

char *
trawl_arena_strdup (TrawlArena *arena,
                    const char *str)
{
  return trawl_arena_strndup (arena, str, strlen (str));
}

char *
trawl_arena_vprintf (TrawlArena *arena,
                     const char *format,
                     va_list     args)
{
  char buf[256];
  va_list copy;
  gssize n;

  n = trawl_format_vsimple (buf, sizeof buf, format, args);
  if (n >= 0)
    return trawl_arena_strndup (arena, buf, (gsize) n);
  va_copy (copy, args);
  n = g_vsnprintf (buf, sizeof buf, format, copy);
  va_end (copy);
  if (n < 0)
    return trawl_arena_strdup (arena, "");
  if ((gsize) n < sizeof buf)
    return trawl_arena_strndup (arena, buf, (gsize) n);
  else
    {
      char *s = trawl_arena_alloc (arena, (gsize) n + 1);
      g_vsnprintf (s, (gulong) n + 1, format, args);
      return s;
    }
}

char *
trawl_arena_printf (TrawlArena *arena,
                    const char *format,
                    ...)
{
  va_list args;
  char *s;

  va_start (args, format);
  s = trawl_arena_vprintf (arena, format, args);
  va_end (args);
  return s;
}
