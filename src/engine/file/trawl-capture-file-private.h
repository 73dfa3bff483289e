/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-capture-file-private.h: what the format readers share with
 * TrawlCaptureFile
 *
 * The readers (pcap, pcapng) walk the mapped bytes and append records,
 * interfaces and comments through the functions below; the capture file
 * owns the storage and publishes it to other threads.
 */
#pragma once

#include <string.h>

#include "trawl-capture-file.h"

G_BEGIN_DECLS

/* Unaligned reads of file header fields in a given byte order.  Callers
 * have checked that the bytes are inside the mapping. */
static inline guint16
trawl_read16 (const guint8 *p,
              gboolean      big)
{
  guint16 v;

  memcpy (&v, p, sizeof v);
  return big ? GUINT16_FROM_BE (v) : GUINT16_FROM_LE (v);
}

static inline guint32
trawl_read32 (const guint8 *p,
              gboolean      big)
{
  guint32 v;

  memcpy (&v, p, sizeof v);
  return big ? GUINT32_FROM_BE (v) : GUINT32_FROM_LE (v);
}

static inline guint64
trawl_read64 (const guint8 *p,
              gboolean      big)
{
  guint64 v;

  memcpy (&v, p, sizeof v);
  return big ? GUINT64_FROM_BE (v) : GUINT64_FROM_LE (v);
}

/* 65536 records of 32 bytes: 2 MiB per chunk.  Chunks never move, so a
 * reader thread can keep a pointer into one while indexing goes on. */
#define TRAWL_INDEX_CHUNK_SHIFT 16
#define TRAWL_INDEX_CHUNK_SIZE  (1u << TRAWL_INDEX_CHUNK_SHIFT)
#define TRAWL_INDEX_CHUNK_MASK  (TRAWL_INDEX_CHUNK_SIZE - 1)
/* Enough chunk pointers for 2^32 frames; the table is calloc'ed, so the
 * pages nobody writes stay virtual. */
#define TRAWL_INDEX_MAX_CHUNKS  (1u << (32 - TRAWL_INDEX_CHUNK_SHIFT))

/* Same idea for interfaces and comments: a fixed table of pointers. */
#define TRAWL_MAX_INTERFACES    65536u
#define TRAWL_COMMENT_CHUNK_SHIFT 16
#define TRAWL_COMMENT_CHUNK_SIZE  (1u << TRAWL_COMMENT_CHUNK_SHIFT)
#define TRAWL_COMMENT_MAX_CHUNKS  (1u << (32 - TRAWL_COMMENT_CHUNK_SHIFT))

/* Frames are published to other threads in batches of this many. */
#define TRAWL_INDEX_BATCH       4096u

/* Wireshark's largest accepted record for ordinary link types
 * (WTAP_MAX_PACKET_SIZE_STANDARD); bigger caplens mean a damaged file. */
#define TRAWL_MAX_CAPLEN_STANDARD 262144u
/* ...and for D-Bus, USBPcap and the like (WTAP_MAX_PACKET_SIZE_DBUS). */
#define TRAWL_MAX_CAPLEN_LARGE    (128u * 1024u * 1024u)

typedef struct
{
  TrawlCaptureFile *file;
  const guint8     *data;     /* the whole mapped file */
  guint64           size;
  GCancellable     *cancellable;
  void            (*progress) (double fraction, gpointer data);
  gpointer          progress_data;

  /* The index pass reads record headers with pread() into a window
   * rather than through the mapping: no page faults, and the file's
   * pages do not count in our RSS.  -1: use the mapping. */
  int               fd;
  /* With trawl_capture_file_set_index_mapped(): no pread, the window is
   * the mapping itself, mapped a window at a time (see there). */
  gboolean          mapped;
  guint8           *buf;      /* the pread window's memory, or NULL */
  const guint8     *win;
  guint64           win_off;
  guint64           win_len;

  /* Where the walk starts (0: after the file header) and, when it is
   * over, where the next walk of a growing file resumes: the first
   * record not indexed. */
  guint64           start;
  guint64           stopped_at;
  /* The file is still being written (a live capture): a record cut
   * short at the end is one not written yet, not damage. */
  gboolean          growing;
  /* A reader's state kept between walks of a growing file (pcapng: byte
   * order, section, interfaces), owned by the capture file. */
  gpointer         *state;
  GDestroyNotify   *state_free;

  /* Appending: the current chunk and the slot count left in it. */
  TrawlFrameRecord *chunk;
  guint32           n_frames;     /* written so far (published or not) */
  guint32           next_publish; /* publish when n_frames reaches this */
  gboolean          cancelled;
  gboolean          full;         /* 2^32 - 1 frames: stop */
} TrawlIndexer;

#define TRAWL_INDEX_WINDOW_SIZE (1u << 20)

const guint8     *trawl_indexer_peek_slow    (TrawlIndexer     *ix,
                                              guint64           off,
                                              guint64           n);

/* A pointer to the @n bytes at @off, which the caller has checked lie
 * inside the file.  Valid until the next peek. */
static inline const guint8 *
trawl_indexer_peek (TrawlIndexer *ix,
                    guint64       off,
                    guint64       n)
{
  if (G_LIKELY (off >= ix->win_off && off - ix->win_off + n <= ix->win_len))
    return ix->win + (off - ix->win_off);
  return trawl_indexer_peek_slow (ix, off, n);
}

/* Returns the next free record slot, or NULL when the index is full.
 * Callers fill every field, then call trawl_indexer_commit(). */
TrawlFrameRecord *trawl_indexer_slot_slow    (TrawlIndexer     *ix);

static inline TrawlFrameRecord *
trawl_indexer_slot (TrawlIndexer *ix)
{
  guint32 in_chunk = ix->n_frames & TRAWL_INDEX_CHUNK_MASK;

  if (G_LIKELY (ix->chunk != NULL && in_chunk != 0))
    return ix->chunk + in_chunk;
  return trawl_indexer_slot_slow (ix);
}

/* Publishes a batch now and then; returns FALSE to stop (cancelled). */
gboolean          trawl_indexer_commit_slow  (TrawlIndexer     *ix,
                                              guint64           offset);

static inline gboolean
trawl_indexer_commit (TrawlIndexer *ix,
                      guint64       offset)
{
  ix->n_frames++;
  if (G_LIKELY (ix->n_frames != ix->next_publish))
    return TRUE;
  return trawl_indexer_commit_slow (ix, offset);
}

void              trawl_indexer_finish       (TrawlIndexer     *ix);

/* Damage: stop indexing with a warning naming the file and @offset. */
void              trawl_indexer_damage       (TrawlIndexer     *ix,
                                              guint64           offset,
                                              const char       *format,
                                              ...) G_GNUC_PRINTF (3, 4);

/* Adds an interface (copied, name and description taken); returns its
 * global index, or G_MAXUINT32 when the table is full. */
guint32           trawl_capture_file_add_interface (TrawlCaptureFile *self,
                                                    TrawlInterface   *iface);
TrawlInterface   *trawl_capture_file_peek_interface (TrawlCaptureFile *self,
                                                     guint             iface);
/* Stores a frame comment (copied), returns its number (>= 1), or 0. */
guint32           trawl_capture_file_add_comment   (TrawlCaptureFile *self,
                                                    const char       *text,
                                                    gsize             len);
void              trawl_capture_file_add_section_comment (TrawlCaptureFile *self,
                                                          const char       *text,
                                                          gsize             len);
const char       *trawl_capture_file_get_display_name (TrawlCaptureFile *self);

/* Readers. */
gboolean          trawl_pcap_check_header    (TrawlCaptureFile *self,
                                              const guint8     *data,
                                              guint64           size,
                                              GError          **error);
void              trawl_pcap_index           (TrawlIndexer     *ix);

gboolean          trawl_pcapng_check_header  (TrawlCaptureFile *self,
                                              const guint8     *data,
                                              guint64           size,
                                              GError          **error);
void              trawl_pcapng_index         (TrawlIndexer     *ix);
/* Where the pcapng block holding the frame at @data_offset starts. */
guint64           trawl_pcapng_record_start  (const guint8     *data,
                                              guint64           size,
                                              guint64           data_offset,
                                              guint32           caplen);

/* Inflates gzip members from @fd (a file or a pipe) into @out_fd: the
 * capture magic number is checked on the first bytes, more than
 * trawl_gzip_limit () bytes is an error, *@stop (atomic) stops early,
 * *@produced (atomic, __atomic builtins) counts the bytes written. */
gboolean          trawl_gzip_inflate         (int               fd,
                                              const guint8     *head,
                                              gsize             n_head,
                                              int               out_fd,
                                              const char       *display_name,
                                              gint             *stop,
                                              guint64          *produced,
                                              char            **warning,
                                              GError          **error);
guint64           trawl_gzip_limit           (void);
/* Inflates the gzip file @fd into an unlinked temporary file; returns
 * its fd (or -1 with @error).  @warning receives a note when the
 * compressed data is damaged or cut short (what was inflated is kept). */
int               trawl_gzip_inflate_to_tmp  (int               fd,
                                              const char       *display_name,
                                              char            **warning,
                                              GError          **error);

G_END_DECLS
