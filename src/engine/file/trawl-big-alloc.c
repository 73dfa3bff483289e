/* trawl-big-alloc.c: zeroed allocations of many megabytes */
#include "config.h"

#include <string.h>
#include <sys/mman.h>

#include "trawl-big-alloc.h"

/* Below this, malloc's own pages are as good. */
#define BIG_MIN   (1u << 20)
#define HUGE_PAGE (2u << 20)

gpointer
trawl_big_alloc0 (gsize    size,
                  gboolean huge)
{
  void *mem;

  if (size < BIG_MIN)
    return g_malloc0 (MAX (size, 1));
  /* Anonymous mappings come zeroed and untouched: memory is only used as
   * the array is written.  Rounding to whole huge pages lets the kernel
   * back the tail with one too. */
  size = (size + HUGE_PAGE - 1) & ~(gsize) (HUGE_PAGE - 1);
  mem = mmap (NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mem == MAP_FAILED)
    g_error ("%s: failed to allocate %" G_GSIZE_FORMAT " bytes", G_STRLOC, size);
#ifdef MADV_HUGEPAGE
  if (huge)
    madvise (mem, size, MADV_HUGEPAGE);
#endif
  return mem;
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
  size = (size + HUGE_PAGE - 1) & ~(gsize) (HUGE_PAGE - 1);
  munmap (mem, size);
}
