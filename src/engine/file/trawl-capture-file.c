/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-capture-file.c: a capture file, its frame index and its frames
 *
 * The file is mapped once (a gzip file is first inflated into an
 * unlinked temporary file, so only the page cache holds it).  The index
 * is a table of fixed 64K-record chunks: chunks never move, and the
 * frame count is published with an atomic store after each batch, so a
 * GUI thread may read frames [0, n_frames) while indexing goes on.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "trawl-capture-file-private.h"
#include "trawl-big-alloc.h"

struct _TrawlCaptureFile
{
  GObject           parent_instance;

  char             *path;
  char             *display_name;     /* basename, for warnings */
  GMappedFile      *map;
  int               fd;               /* kept open for the index pass */
  gboolean          index_mapped;     /* trawl_capture_file_set_index_mapped() */
  const guint8     *data;
  guint64           size;
  TrawlFileFormat   format;
  gboolean          compressed;
  char             *gzip_warning;

  TrawlFrameRecord **chunks;          /* TRAWL_INDEX_MAX_CHUNKS pointers */
  gint              n_frames;         /* atomic; read as guint32 */
  gint              indexed;          /* atomic */

  TrawlInterface  **interfaces;       /* TRAWL_MAX_INTERFACES pointers */
  gint              n_interfaces;     /* atomic */

  char           ***comment_chunks;   /* TRAWL_COMMENT_MAX_CHUNKS pointers */
  guint32           n_comments;

  GPtrArray        *section_comments; /* NULL-terminated */

  char             *warning;
  gint64            warning_offset;

  /* A growing file (a live capture being written): mapped once with room
   * to grow (growing_map_len bytes of address space), so frame pointers
   * stay valid as it grows; indexed a batch at a time from resume_off. */
  gboolean          growing;
  gboolean          header_checked;
  gsize             growing_map_len;
  guint64           resume_off;
  gpointer          reader_state;
  GDestroyNotify    reader_state_free;
};

G_DEFINE_FINAL_TYPE (TrawlCaptureFile, trawl_capture_file, G_TYPE_OBJECT)
G_DEFINE_QUARK (trawl-capture-file-error-quark, trawl_capture_file_error)

static void
trawl_capture_file_finalize (GObject *object)
{
  TrawlCaptureFile *self = (TrawlCaptureFile *)object;

  for (guint i = 0; i < TRAWL_INDEX_MAX_CHUNKS && self->chunks[i] != NULL; i++)
    trawl_big_free (self->chunks[i], TRAWL_INDEX_CHUNK_SIZE * sizeof (TrawlFrameRecord));
  g_free (self->chunks);

  for (guint i = 0; i < (guint)self->n_interfaces; i++)
    {
      g_free (self->interfaces[i]->name);
      g_free (self->interfaces[i]->description);
      g_free (self->interfaces[i]);
    }
  g_free (self->interfaces);

  for (guint32 i = 0; i < self->n_comments; i++)
    g_free (self->comment_chunks[i >> TRAWL_COMMENT_CHUNK_SHIFT][i & (TRAWL_COMMENT_CHUNK_SIZE - 1)]);
  for (guint i = 0; i < TRAWL_COMMENT_MAX_CHUNKS && self->comment_chunks[i] != NULL; i++)
    g_free (self->comment_chunks[i]);
  g_free (self->comment_chunks);

  g_clear_pointer (&self->section_comments, g_ptr_array_unref);
  g_clear_pointer (&self->map, g_mapped_file_unref);
  if (self->growing_map_len != 0)
    munmap ((void *) self->data, self->growing_map_len);
  if (self->reader_state != NULL)
    self->reader_state_free (self->reader_state);
  if (self->fd >= 0)
    close (self->fd);
  g_free (self->path);
  g_free (self->display_name);
  g_free (self->gzip_warning);
  g_free (self->warning);

  G_OBJECT_CLASS (trawl_capture_file_parent_class)->finalize (object);
}

static void
trawl_capture_file_class_init (TrawlCaptureFileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = trawl_capture_file_finalize;
}

static void
trawl_capture_file_init (TrawlCaptureFile *self)
{
  /* calloc'ed tables: only the pages we write become resident. */
  self->chunks = g_new0 (TrawlFrameRecord *, TRAWL_INDEX_MAX_CHUNKS);
  self->interfaces = g_new0 (TrawlInterface *, TRAWL_MAX_INTERFACES);
  self->comment_chunks = g_new0 (char **, TRAWL_COMMENT_MAX_CHUNKS);
  self->section_comments = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->section_comments, NULL);
  self->warning_offset = -1;
  self->fd = -1;
}

/* ---- opening ---- */

static gboolean
read_magic (int       fd,
            guint8    magic[4],
            gsize    *n_read)
{
  ssize_t n;

  do
    n = pread (fd, magic, 4, 0);
  while (n < 0 && errno == EINTR);

  if (n < 0)
    return FALSE;
  *n_read = n;
  return TRUE;
}

static gboolean
detect_format (TrawlCaptureFile *self,
               GError          **error)
{
  g_autofree char *shown = g_filename_display_name (self->path);
  const guint8 *d = self->data;
  guint32 magic;

  if (self->size < 4)
    {
      g_set_error (error, TRAWL_CAPTURE_FILE_ERROR, TRAWL_CAPTURE_FILE_ERROR_NOT_CAPTURE,
                   "‘%s’ is not a capture file: it is only %u byte%s long",
                   shown, (guint)self->size, self->size == 1 ? "" : "s");
      return FALSE;
    }

  magic = trawl_read32 (d, TRUE);
  switch (magic)
    {
    case 0xa1b2c3d4:
    case 0xd4c3b2a1:
      self->format = TRAWL_FILE_FORMAT_PCAP;
      return trawl_pcap_check_header (self, d, self->size, error);

    case 0xa1b23c4d:
    case 0x4d3cb2a1:
      self->format = TRAWL_FILE_FORMAT_PCAP_NSEC;
      return trawl_pcap_check_header (self, d, self->size, error);

    case 0x0a0d0d0a:
      self->format = TRAWL_FILE_FORMAT_PCAPNG;
      return trawl_pcapng_check_header (self, d, self->size, error);

    case 0xa1b2cd34:
    case 0x34cdb2a1:
      g_set_error (error, TRAWL_CAPTURE_FILE_ERROR, TRAWL_CAPTURE_FILE_ERROR_UNSUPPORTED,
                   "‘%s’ is a modified (Kuznetzov) pcap file, which is not supported",
                   shown);
      return FALSE;

    default:
      g_set_error (error, TRAWL_CAPTURE_FILE_ERROR, TRAWL_CAPTURE_FILE_ERROR_NOT_CAPTURE,
                   "‘%s’ is not a capture file: unknown magic number 0x%08x at byte 0",
                   shown, magic);
      return FALSE;
    }
}

static gboolean
map_fd (TrawlCaptureFile *self,
        int               fd,
        GError          **error)
{
  g_autoptr(GError) local_error = NULL;

  self->map = g_mapped_file_new_from_fd (fd, FALSE, &local_error);
  if (self->map == NULL)
    {
      g_autofree char *shown = g_filename_display_name (self->path);

      g_set_error (error, TRAWL_CAPTURE_FILE_ERROR, TRAWL_CAPTURE_FILE_ERROR_NOT_FOUND,
                   "could not map ‘%s’: %s", shown, local_error->message);
      return FALSE;
    }

  self->data = (const guint8 *)g_mapped_file_get_contents (self->map);
  self->size = g_mapped_file_get_length (self->map);
#ifdef MADV_SEQUENTIAL
  /* The index pass reads front to back: let the kernel read ahead. */
  if (self->data != NULL && self->size > 0)
    madvise ((void *)self->data, self->size, MADV_SEQUENTIAL);
#endif
  return TRUE;
}

static gboolean
set_open_error (const char *path,
                int         saved_errno,
                GError    **error)
{
  g_autofree char *shown = g_filename_display_name (path);

  g_set_error (error, TRAWL_CAPTURE_FILE_ERROR, TRAWL_CAPTURE_FILE_ERROR_NOT_FOUND,
               "could not open ‘%s’: %s", shown, g_strerror (saved_errno));
  return FALSE;
}

/* Opens @path, inflating it first if it is gzip, and maps it. */
static gboolean
open_and_map (TrawlCaptureFile *self,
              GError          **error)
{
  g_autofree char *shown = g_filename_display_name (self->path);
  guint8 magic[4];
  gsize n_magic = 0;
  struct stat st;
  GStatBuf pre;
  int fd;
  gboolean ok;

  /* A FIFO without a writer would block open () for ever, and neither a
   * pipe nor a device can be mapped: those are read as streams
   * (trawl_document_open_stream), by trawl-cli. */
  if (g_stat (self->path, &pre) == 0 && !S_ISREG (pre.st_mode) && !S_ISDIR (pre.st_mode))
    {
      g_set_error (error, TRAWL_CAPTURE_FILE_ERROR, TRAWL_CAPTURE_FILE_ERROR_UNSUPPORTED,
                   "‘%s’ is not a regular file (a pipe, a FIFO or a device): open a capture file,"
                   " or read the stream with trawl-cli -r", shown);
      return FALSE;
    }

  fd = g_open (self->path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    return set_open_error (self->path, errno, error);

  if (fstat (fd, &st) != 0 || !read_magic (fd, magic, &n_magic))
    {
      int saved_errno = errno;

      close (fd);
      return set_open_error (self->path, saved_errno, error);
    }

  if (S_ISDIR (st.st_mode))
    {
      close (fd);
      return set_open_error (self->path, EISDIR, error);
    }

  if (n_magic == 0)
    {
      close (fd);
      g_set_error (error, TRAWL_CAPTURE_FILE_ERROR, TRAWL_CAPTURE_FILE_ERROR_NOT_CAPTURE,
                   "‘%s’ is empty", shown);
      return FALSE;
    }

  if (n_magic >= 2 && magic[0] == 0x1f && magic[1] == 0x8b)
    {
      int tmp_fd = trawl_gzip_inflate_to_tmp (fd, shown, &self->gzip_warning, error);

      close (fd);
      if (tmp_fd < 0)
        return FALSE;
      fd = tmp_fd;
      self->compressed = TRUE;
      if (fstat (fd, &st) != 0 || st.st_size == 0)
        {
          close (fd);
          g_set_error (error, TRAWL_CAPTURE_FILE_ERROR, TRAWL_CAPTURE_FILE_ERROR_NOT_CAPTURE,
                       "‘%s’ is empty once decompressed", shown);
          return FALSE;
        }
    }

  ok = map_fd (self, fd, error);
  if (ok)
    self->fd = fd;
  else
    close (fd);
  return ok;
}

/**
 * trawl_capture_file_open:
 * @path: a capture file (pcap or pcapng, possibly gzip-compressed)
 *
 * Opens and maps @path and checks its file header; no frames are indexed
 * yet.  The format comes from the magic number, never from the name.
 */
TrawlCaptureFile *
trawl_capture_file_open (const char  *path,
                         GError     **error)
{
  g_autoptr(TrawlCaptureFile) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (TRAWL_TYPE_CAPTURE_FILE, NULL);
  self->path = g_strdup (path);
  self->display_name = g_filename_display_basename (path);

  if (!open_and_map (self, error))
    return NULL;
  if (!detect_format (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/* Files from this size on are mapped in whole at once. */
#define POPULATE_MIN (16u << 20)

void
trawl_capture_file_populate (TrawlCaptureFile *self)
{
  g_return_if_fail (TRAWL_IS_CAPTURE_FILE (self));

#ifdef MADV_POPULATE_READ
  /* A pass over every frame would otherwise take a page fault every
   * 64 KiB, which costs more than the reading itself on a virtual
   * machine; one call maps them all.  Small files are not worth it, and
   * a kernel before 5.14 refuses it, harmlessly. */
  /* An index read through the mapping has mapped it window by window. */
  if (self->data != NULL && self->size >= POPULATE_MIN && !self->index_mapped)
    madvise ((void *)self->data, self->size, MADV_POPULATE_READ);
#endif
}

/* ---- indexing ---- */

/* The index pass reads record headers with pread() by default: no page
 * faults, and the file's pages stay out of our RSS until somebody reads
 * the frames.  When a pass over every frame follows the index at once
 * (trawl_analysis_start), reading through the mapping is better: on a
 * virtual machine the first touch of each page costs about 2 µs even
 * once the kernel has mapped it (the hypervisor fills its own tables),
 * 130 ms over a 276 MB capture, and the index pays it ahead of that
 * pass, the longest job, while saving the copy into the window. */
void
trawl_capture_file_set_index_mapped (TrawlCaptureFile *self,
                                     gboolean          mapped)
{
  g_return_if_fail (TRAWL_IS_CAPTURE_FILE (self));

  self->index_mapped = mapped;
}

/* The mapped index's window: map the next pages at once (one call
 * instead of a fault per page) and read through them. */
static const guint8 *
peek_mapped (TrawlIndexer *ix,
             guint64       off,
             guint64       n)
{
  const guint64 page = 4096;
  guint64 start = off & ~(page - 1);
  guint64 len = MIN ((guint64) TRAWL_INDEX_WINDOW_SIZE, ix->size - start);

  if (n > TRAWL_INDEX_WINDOW_SIZE || off + n > start + len)
    return ix->data + off;
#ifdef MADV_POPULATE_READ
  madvise ((void *) (ix->data + start), (gsize) len, MADV_POPULATE_READ);
#endif
  ix->win = ix->data + start;
  ix->win_off = start;
  ix->win_len = len;
  return ix->win + (off - start);
}

const guint8 *
trawl_indexer_peek_slow (TrawlIndexer *ix,
                         guint64       off,
                         guint64       n)
{
  ssize_t got;

  if (ix->mapped)
    return peek_mapped (ix, off, n);
  /* Big blocks and reader failures fall back to the mapping. */
  if (ix->fd < 0 || n > TRAWL_INDEX_WINDOW_SIZE)
    return ix->data + off;

  if (ix->buf == NULL)
    ix->buf = g_malloc (TRAWL_INDEX_WINDOW_SIZE);

  do
    got = pread (ix->fd, ix->buf, TRAWL_INDEX_WINDOW_SIZE, off);
  while (got < 0 && errno == EINTR);

  if (got < 0 || (guint64)got < n)
    {
      ix->fd = -1;
      ix->win_len = 0;
      return ix->data + off;
    }
  ix->win = ix->buf;
  ix->win_off = off;
  ix->win_len = got;
  return ix->win;
}

TrawlFrameRecord *
trawl_indexer_slot_slow (TrawlIndexer *ix)
{
  TrawlCaptureFile *self = ix->file;
  guint32 chunk_no;

  if (ix->n_frames == G_MAXUINT32)
    {
      ix->full = TRUE;
      return NULL;
    }

  chunk_no = ix->n_frames >> TRAWL_INDEX_CHUNK_SHIFT;
  if (self->chunks[chunk_no] == NULL)
    /* Pages are only used as slots are written; from the second chunk on
     * the capture is big, and 2 MiB chunks fit huge pages. */
    self->chunks[chunk_no] = trawl_big_alloc0 (TRAWL_INDEX_CHUNK_SIZE * sizeof (TrawlFrameRecord),
                                               chunk_no > 0);
  ix->chunk = self->chunks[chunk_no];
  return ix->chunk + (ix->n_frames & TRAWL_INDEX_CHUNK_MASK);
}

gboolean
trawl_indexer_commit_slow (TrawlIndexer *ix,
                           guint64       offset)
{
  /* The atomic store orders the record writes before the new count. */
  g_atomic_int_set (&ix->file->n_frames, (gint)ix->n_frames);
  ix->next_publish = ix->n_frames + TRAWL_INDEX_BATCH;

  if (ix->progress != NULL && ix->size > 0 &&
      (ix->n_frames & (TRAWL_INDEX_BATCH * 16 - 1)) == 0)
    ix->progress ((double)offset / (double)ix->size, ix->progress_data);

  if (ix->cancellable != NULL && g_cancellable_is_cancelled (ix->cancellable))
    {
      ix->cancelled = TRUE;
      return FALSE;
    }
  return TRUE;
}

void
trawl_indexer_finish (TrawlIndexer *ix)
{
  g_atomic_int_set (&ix->file->n_frames, (gint)ix->n_frames);
}

void
trawl_indexer_damage (TrawlIndexer *ix,
                      guint64       offset,
                      const char   *format,
                      ...)
{
  TrawlCaptureFile *self = ix->file;
  g_autofree char *what = NULL;
  va_list args;

  if (self->warning != NULL)
    return;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  self->warning = g_strdup_printf ("%s: %s", self->display_name, what);
  self->warning_offset = (gint64)offset;
}

/**
 * trawl_capture_file_index:
 *
 * Walks every record header once.  Damage after the file header stops
 * the walk with a warning but is not an error: every intact frame before
 * it stays.  Returns FALSE only when cancelled.
 */
gboolean
trawl_capture_file_index (TrawlCaptureFile  *self,
                          GCancellable      *cancellable,
                          void             (*progress) (double fraction, gpointer data),
                          gpointer           progress_data,
                          GError           **error)
{
  TrawlIndexer ix = { 0 };

  g_return_val_if_fail (TRAWL_IS_CAPTURE_FILE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_atomic_int_get (&self->indexed))
    return TRUE;
  g_return_val_if_fail (g_atomic_int_get (&self->n_frames) == 0, FALSE);

  ix.file = self;
  ix.data = self->data;
  ix.size = self->size;
  ix.cancellable = cancellable;
  ix.progress = progress;
  ix.progress_data = progress_data;
  ix.next_publish = TRAWL_INDEX_BATCH;
  ix.fd = self->fd;
  ix.mapped = self->index_mapped;

  if (self->format == TRAWL_FILE_FORMAT_PCAPNG)
    trawl_pcapng_index (&ix);
  else
    trawl_pcap_index (&ix);

  trawl_indexer_finish (&ix);
  g_free (ix.buf);

  if (ix.cancelled)
    {
      g_set_error (error, TRAWL_CAPTURE_FILE_ERROR, TRAWL_CAPTURE_FILE_ERROR_CANCELLED,
                   "indexing ‘%s’ was cancelled", self->display_name);
      return FALSE;
    }

  if (ix.full && self->warning == NULL)
    trawl_indexer_damage (&ix, 0, "more than %u frames: the rest are not shown",
                          G_MAXUINT32 - 1);

  /* A damaged gzip stream usually shows up as a cut-short last record
   * too; say both. */
  if (self->gzip_warning != NULL)
    {
      if (self->warning == NULL)
        {
          self->warning = g_strdup_printf ("%s: %s", self->display_name, self->gzip_warning);
          self->warning_offset = (gint64)self->size;
        }
      else
        {
          char *both = g_strdup_printf ("%s (%s)", self->warning, self->gzip_warning);

          g_free (self->warning);
          self->warning = both;
        }
    }

  if (progress != NULL)
    progress (1.0, progress_data);

  g_atomic_int_set (&self->indexed, 1);
  return TRUE;
}

TrawlCaptureFile *
trawl_capture_file_load (const char  *path,
                         GError     **error)
{
  g_autoptr(TrawlCaptureFile) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  self = trawl_capture_file_open (path, error);
  if (self == NULL)
    return NULL;
  if (!trawl_capture_file_index (self, NULL, NULL, NULL, error))
    return NULL;
  return g_steal_pointer (&self);
}

/* ---- growing files (live capture) ---- */

/* Address space kept for a growing file: the mapping never moves, so a
 * frame's bytes stay where a dissection found them.  Only what the file
 * holds is ever touched (a page past its end would be SIGBUS). */
#define GROWING_MAP_LEN ((gsize) 1 << 40)

/**
 * trawl_capture_file_open_growing:
 * @path: a pcap or pcapng file that another process is still writing,
 *   possibly empty so far
 *
 * Opens @path for reading as it grows.  Nothing is indexed yet; call
 * trawl_capture_file_index_more() each time the writer says it wrote
 * more, and trawl_capture_file_end_growing() once it has stopped.
 */
TrawlCaptureFile *
trawl_capture_file_open_growing (const char  *path,
                                 GError     **error)
{
  g_autoptr(TrawlCaptureFile) self = NULL;
  void *map;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (TRAWL_TYPE_CAPTURE_FILE, NULL);
  self->path = g_strdup (path);
  self->display_name = g_filename_display_basename (path);

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      set_open_error (path, errno, error);
      return NULL;
    }
  map = mmap (NULL, GROWING_MAP_LEN, PROT_READ, MAP_SHARED, fd, 0);
  if (map == MAP_FAILED)
    {
      int saved_errno = errno;

      close (fd);
      g_set_error (error, TRAWL_CAPTURE_FILE_ERROR, TRAWL_CAPTURE_FILE_ERROR_NOT_FOUND,
                   "could not map ‘%s’: %s", self->display_name, g_strerror (saved_errno));
      return NULL;
    }
  self->fd = fd;
  self->data = map;
  self->growing_map_len = GROWING_MAP_LEN;
  self->growing = TRUE;
  return g_steal_pointer (&self);
}

gboolean
trawl_capture_file_is_growing (TrawlCaptureFile *self)
{
  g_return_val_if_fail (TRAWL_IS_CAPTURE_FILE (self), FALSE);
  return self->growing && !g_atomic_int_get (&self->indexed);
}

/* Whether the file header has arrived in full: the writer may not have
 * written all of it yet. */
static gboolean
header_complete (const guint8 *d,
                 guint64       size)
{
  guint32 magic, len;
  gboolean big;

  if (size < 4)
    return FALSE;
  magic = trawl_read32 (d, TRUE);
  if (magic != 0x0a0d0d0a)
    return size >= 24;  /* pcap (or not a capture: detect_format says) */
  if (size < 12)
    return FALSE;
  big = trawl_read32 (d + 8, TRUE) == 0x1a2b3c4d;
  len = trawl_read32 (d + 4, big);
  return size >= 28 && size >= len;
}

static guint64
current_size (TrawlCaptureFile *self)
{
  struct stat st;

  if (fstat (self->fd, &st) != 0 || st.st_size < 0)
    return self->size;
  /* A file that shrank is not read past what is still there. */
  return MIN ((guint64) st.st_size, (guint64) self->growing_map_len);
}

/* One walk from resume_off to the file's current end; @final says the
 * writer has stopped (a cut-short record is damage then). */
static gboolean
index_growing (TrawlCaptureFile *self,
               gboolean          final,
               GError          **error)
{
  TrawlIndexer ix = { 0 };
  guint64 size = current_size (self);

  if (self->warning != NULL)
    return TRUE;  /* damaged: nothing past the damage is read */
  if (!self->header_checked)
    {
      if (!header_complete (self->data, size) && !final)
        return TRUE;
      self->size = size;
      if (!detect_format (self, error))
        return FALSE;
      self->header_checked = TRUE;
    }
  if (size < self->size)
    size = self->size;
  self->size = size;

  ix.file = self;
  ix.data = self->data;
  ix.size = size;
  ix.n_frames = (guint32) g_atomic_int_get (&self->n_frames);
  ix.next_publish = ix.n_frames + TRAWL_INDEX_BATCH;
  ix.fd = -1;
  ix.start = self->resume_off;
  ix.growing = !final;
  ix.state = &self->reader_state;
  ix.state_free = &self->reader_state_free;

  if (self->format == TRAWL_FILE_FORMAT_PCAPNG)
    trawl_pcapng_index (&ix);
  else
    trawl_pcap_index (&ix);
  trawl_indexer_finish (&ix);
  self->resume_off = ix.stopped_at;
  if (ix.full && self->warning == NULL)
    trawl_indexer_damage (&ix, 0, "more than %u frames: the rest are not shown",
                          G_MAXUINT32 - 1);
  return TRUE;
}

/**
 * trawl_capture_file_index_more:
 *
 * Indexes the records a growing file gained since the last call.  Frames
 * are published as they are indexed (trawl_capture_file_get_n_frames()).
 * A record not written in full yet waits for the next call; damage stops
 * the index for good with a warning.  FALSE with @error when what was
 * written is not a capture file.
 */
gboolean
trawl_capture_file_index_more (TrawlCaptureFile  *self,
                               GError           **error)
{
  g_return_val_if_fail (TRAWL_IS_CAPTURE_FILE (self), FALSE);
  g_return_val_if_fail (self->growing, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_atomic_int_get (&self->indexed))
    return TRUE;
  return index_growing (self, FALSE, error);
}

/**
 * trawl_capture_file_end_growing:
 *
 * The writer has stopped: index what is left (a record cut short now is
 * damage, with a warning) and mark the index complete.
 */
gboolean
trawl_capture_file_end_growing (TrawlCaptureFile  *self,
                                GError           **error)
{
  gboolean ok;

  g_return_val_if_fail (TRAWL_IS_CAPTURE_FILE (self), FALSE);
  g_return_val_if_fail (self->growing, FALSE);

  if (g_atomic_int_get (&self->indexed))
    return TRUE;
  ok = index_growing (self, TRUE, error);
  g_atomic_int_set (&self->indexed, 1);
  return ok;
}

/* ---- tables the readers fill ---- */

guint32
trawl_capture_file_add_interface (TrawlCaptureFile *self,
                                  TrawlInterface   *iface)
{
  guint n = (guint)g_atomic_int_get (&self->n_interfaces);

  if (n >= TRAWL_MAX_INTERFACES)
    return G_MAXUINT32;

  self->interfaces[n] = g_memdup2 (iface, sizeof *iface);
  g_atomic_int_set (&self->n_interfaces, (gint)(n + 1));
  return n;
}

TrawlInterface *
trawl_capture_file_peek_interface (TrawlCaptureFile *self,
                                   guint             iface)
{
  if (iface >= (guint)g_atomic_int_get (&self->n_interfaces))
    return NULL;
  return self->interfaces[iface];
}

guint32
trawl_capture_file_add_comment (TrawlCaptureFile *self,
                                const char       *text,
                                gsize             len)
{
  guint32 n = self->n_comments;
  guint32 chunk_no = n >> TRAWL_COMMENT_CHUNK_SHIFT;

  /* Number 0 means "no comment", so the last slot stays unused. */
  if (n >= G_MAXUINT32 - 1)
    return 0;

  if (self->comment_chunks[chunk_no] == NULL)
    self->comment_chunks[chunk_no] = g_new0 (char *, TRAWL_COMMENT_CHUNK_SIZE);
  self->comment_chunks[chunk_no][n & (TRAWL_COMMENT_CHUNK_SIZE - 1)] = g_utf8_make_valid (text, len);
  /* Frames naming this comment are published later, atomically. */
  self->n_comments = n + 1;
  return n + 1;
}

void
trawl_capture_file_add_section_comment (TrawlCaptureFile *self,
                                        const char       *text,
                                        gsize             len)
{
  /* Keep the array NULL-terminated for get_section_comments(). */
  g_ptr_array_index (self->section_comments, self->section_comments->len - 1) =
    g_utf8_make_valid (text, len);
  g_ptr_array_add (self->section_comments, NULL);
}

const char *
trawl_capture_file_get_display_name (TrawlCaptureFile *self)
{
  return self->display_name;
}

/* ---- accessors ---- */

const char *
trawl_capture_file_get_path (TrawlCaptureFile *self)
{
  g_return_val_if_fail (TRAWL_IS_CAPTURE_FILE (self), NULL);
  return self->path;
}

TrawlFileFormat
trawl_capture_file_get_format (TrawlCaptureFile *self)
{
  g_return_val_if_fail (TRAWL_IS_CAPTURE_FILE (self), TRAWL_FILE_FORMAT_UNKNOWN);
  return self->format;
}

gboolean
trawl_capture_file_is_compressed (TrawlCaptureFile *self)
{
  g_return_val_if_fail (TRAWL_IS_CAPTURE_FILE (self), FALSE);
  return self->compressed;
}

guint64
trawl_capture_file_get_size (TrawlCaptureFile *self)
{
  g_return_val_if_fail (TRAWL_IS_CAPTURE_FILE (self), 0);
  return self->size;
}

guint32
trawl_capture_file_get_n_frames (TrawlCaptureFile *self)
{
  g_return_val_if_fail (TRAWL_IS_CAPTURE_FILE (self), 0);
  return (guint32)g_atomic_int_get (&self->n_frames);
}

gboolean
trawl_capture_file_is_indexed (TrawlCaptureFile *self)
{
  g_return_val_if_fail (TRAWL_IS_CAPTURE_FILE (self), FALSE);
  return g_atomic_int_get (&self->indexed) != 0;
}

const char *
trawl_capture_file_get_warning (TrawlCaptureFile *self)
{
  g_return_val_if_fail (TRAWL_IS_CAPTURE_FILE (self), NULL);
  /* Only meaningful once indexing is done. */
  if (!g_atomic_int_get (&self->indexed))
    return NULL;
  return self->warning;
}

gint64
trawl_capture_file_get_warning_offset (TrawlCaptureFile *self)
{
  g_return_val_if_fail (TRAWL_IS_CAPTURE_FILE (self), -1);
  if (!g_atomic_int_get (&self->indexed))
    return -1;
  return self->warning_offset;
}

const TrawlFrameRecord *
trawl_capture_file_get_record (TrawlCaptureFile *self,
                               guint32           index)
{
  /* Called several times per frame by every pass: no GType check (a
   * call into GObject) in the per-frame accessors, just the pointer. */
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < (guint32)g_atomic_int_get (&self->n_frames), NULL);

  return &self->chunks[index >> TRAWL_INDEX_CHUNK_SHIFT][index & TRAWL_INDEX_CHUNK_MASK];
}

const guint8 *
trawl_capture_file_get_data (TrawlCaptureFile *self,
                             guint32           index)
{
  const TrawlFrameRecord *rec;

  g_return_val_if_fail (self != NULL, NULL);
  if (index >= (guint32) g_atomic_int_get (&self->n_frames))
    return NULL;
  rec = &self->chunks[index >> TRAWL_INDEX_CHUNK_SHIFT][index & TRAWL_INDEX_CHUNK_MASK];
  /* The reader checked offset + caplen <= size when indexing. */
  return self->data + rec->offset;
}

guint
trawl_capture_file_get_n_interfaces (TrawlCaptureFile *self)
{
  g_return_val_if_fail (TRAWL_IS_CAPTURE_FILE (self), 0);
  return (guint)g_atomic_int_get (&self->n_interfaces);
}

const TrawlInterface *
trawl_capture_file_get_interface (TrawlCaptureFile *self,
                                  guint             iface)
{
  g_return_val_if_fail (TRAWL_IS_CAPTURE_FILE (self), NULL);
  return trawl_capture_file_peek_interface (self, iface);
}

const char *
trawl_capture_file_get_comment (TrawlCaptureFile *self,
                                guint32           comment)
{
  g_return_val_if_fail (TRAWL_IS_CAPTURE_FILE (self), NULL);

  if (comment == 0 || comment > self->n_comments)
    return NULL;
  comment--;
  return self->comment_chunks[comment >> TRAWL_COMMENT_CHUNK_SHIFT][comment & (TRAWL_COMMENT_CHUNK_SIZE - 1)];
}

const char * const *
trawl_capture_file_get_section_comments (TrawlCaptureFile *self)
{
  g_return_val_if_fail (TRAWL_IS_CAPTURE_FILE (self), NULL);
  return (const char * const *)self->section_comments->pdata;
}

static guint64
record_start (TrawlCaptureFile       *self,
              const TrawlFrameRecord *rec)
{
  if (self->format == TRAWL_FILE_FORMAT_PCAPNG)
    return trawl_pcapng_record_start (self->data, self->size, rec->offset, rec->caplen);
  return rec->offset - 16;
}

void
trawl_capture_file_fill_packet (TrawlCaptureFile *self,
                                guint32           index,
                                TrawlPacket      *pkt)
{
  const TrawlFrameRecord *rec;
  const TrawlFrameRecord *first;
  const TrawlInterface *iface;

  /* per frame: no GType check, as in trawl_capture_file_get_record() */
  g_return_if_fail (self != NULL);
  g_return_if_fail (pkt != NULL);
  g_return_if_fail (index < (guint32) g_atomic_int_get (&self->n_frames));

  rec = &self->chunks[index >> TRAWL_INDEX_CHUNK_SHIFT][index & TRAWL_INDEX_CHUNK_MASK];
  first = &self->chunks[0][0];
  iface = self->interfaces[rec->iface];

  pkt->number = index + 1;
  pkt->data = self->data + rec->offset;
  pkt->caplen = rec->caplen;
  pkt->wirelen = rec->wirelen;
  pkt->ts_ns = rec->ts_ns;
  pkt->first_ts_ns = first->ts_ns;
  if (index > 0)
    {
      guint32 p = index - 1;

      pkt->prev_ts_ns = self->chunks[p >> TRAWL_INDEX_CHUNK_SHIFT][p & TRAWL_INDEX_CHUNK_MASK].ts_ns;
    }
  else
    pkt->prev_ts_ns = rec->ts_ns;
  pkt->prev_dis_ts_ns = pkt->prev_ts_ns;
  pkt->linktype = iface->linktype;
  pkt->iface = iface->section_index;
  /* Wireshark shows the description when there is no name. */
  pkt->iface_name = iface->name != NULL ? iface->name : iface->description;
  pkt->iface_descr = iface->description;
  /* Sections and interfaces exist only in pcapng; frame.c shows them then. */
  pkt->section = self->format == TRAWL_FILE_FORMAT_PCAPNG ? iface->section + 1 : 0;
  pkt->comment = trawl_capture_file_get_comment (self, rec->comment);
  pkt->file_offset = (guint32)MIN (record_start (self, rec), G_MAXUINT32);
}
