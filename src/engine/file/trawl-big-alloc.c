/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-big-alloc.c: zeroed allocations of many megabytes */
#include "config.h"

#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "trawl-big-alloc.h"

/* Below this, malloc's own pages are as good. */
#define BIG_MIN   (1u << 20)
#define HUGE_PAGE (2u << 20)

static gsize
page_round (gsize size)
{
  gsize page = (gsize) sysconf (_SC_PAGESIZE);

  return (size + page - 1) & ~(page - 1);
}

gpointer
trawl_big_alloc0 (gsize    size,
                  gboolean huge)
{
  guint8 *mem, *aligned;
  gsize span, head;

  if (size < BIG_MIN)
    return g_malloc0 (MAX (size, 1));
  /* Anonymous mappings come zeroed and untouched: memory is only used as
   * the array is written.  A huge page needs a 2 MiB-aligned range, so
   * map 2 MiB more and give back the unaligned ends; the size is not
   * rounded up, so a partly used tail costs small pages, not a huge one. */
  size = page_round (size);
  span = size + HUGE_PAGE;
  mem = mmap (NULL, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mem == MAP_FAILED)
    g_error ("%s: failed to allocate %" G_GSIZE_FORMAT " bytes", G_STRLOC, size);
  aligned = (guint8 *) (((guintptr) mem + HUGE_PAGE - 1) & ~(guintptr) (HUGE_PAGE - 1));
  head = (gsize) (aligned - mem);
  if (head > 0)
    munmap (mem, head);
  if (span - head > size)
    munmap (aligned + size, span - head - size);
#ifdef MADV_HUGEPAGE
  if (huge)
    madvise (aligned, size, MADV_HUGEPAGE);
#endif
  return aligned;
}

gpointer
trawl_big_realloc0 (gpointer mem,
                    gsize    old_size,
                    gsize    new_size)
{
  gpointer grown;

  if (mem == NULL)
    return trawl_big_alloc0 (new_size, TRUE);
  grown = trawl_big_alloc0 (new_size, TRUE);
  memcpy (grown, mem, MIN (old_size, new_size));
  trawl_big_free (mem, old_size);
  return grown;
}

void
trawl_big_free (gpointer mem,
                gsize    size)
{
  if (mem == NULL)
    return;
  if (size < BIG_MIN)
    {
      g_free (mem);
      return;
    }
  munmap (mem, page_round (size));
}
