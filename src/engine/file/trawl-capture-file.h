/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-capture-file.h: a capture file, its frame index and its frames
 *
 * Opening maps the file (gzip files are first inflated to an unlinked
 * temporary file, then mapped) and detects the format by magic number.
 * Indexing walks the record headers once and appends one fixed-size
 * TrawlFrameRecord per frame; after that any frame is reached in O(1).
 *
 * The index grows in chunks that never move, and n_frames is published
 * atomically, so other threads may read frames [0, n_frames) while
 * indexing goes on.
 */
#pragma once

#include <gio/gio.h>

#include "dissect/trawl-packet.h"

G_BEGIN_DECLS

#define TRAWL_CAPTURE_FILE_ERROR (trawl_capture_file_error_quark ())

typedef enum
{
  TRAWL_CAPTURE_FILE_ERROR_NOT_FOUND,    /* could not open/read the file */
  TRAWL_CAPTURE_FILE_ERROR_NOT_CAPTURE,  /* unknown magic: not pcap/pcapng */
  TRAWL_CAPTURE_FILE_ERROR_DAMAGED,      /* the header itself is damaged */
  TRAWL_CAPTURE_FILE_ERROR_UNSUPPORTED,  /* valid but not handled */
  TRAWL_CAPTURE_FILE_ERROR_CANCELLED,
} TrawlCaptureFileError;

typedef enum
{
  TRAWL_FILE_FORMAT_UNKNOWN,
  TRAWL_FILE_FORMAT_PCAP,        /* microsecond timestamps */
  TRAWL_FILE_FORMAT_PCAP_NSEC,   /* nanosecond timestamps */
  TRAWL_FILE_FORMAT_PCAPNG,
} TrawlFileFormat;

/* One frame in the index: 32 bytes. */
typedef struct
{
  guint64 offset;    /* offset of the frame's bytes in the (inflated) file */
  gint64  ts_ns;     /* ns since the epoch */
  guint32 caplen;
  guint32 wirelen;
  guint32 iface;     /* index into the interface table (all sections) */
  guint32 comment;   /* 0: none; n: trawl_capture_file_get_comment (n) */
} TrawlFrameRecord;

typedef struct
{
  guint32  linktype;     /* LINKTYPE_ value */
  guint32  snaplen;
  guint32  section;      /* pcapng section number (0-based) */
  gint64   tsresol_num;  /* the raw if_tsresol option byte (6 when absent;
                          * 6 or 9 for pcap) */
  guint64  tsresol;      /* ticks per second: ts = ticks * 1e9 / tsresol */
  gint64   tsoffset;     /* seconds added to every timestamp (if_tsoffset) */
  char    *name;         /* if_name, or NULL */
  char    *description;  /* if_description, or NULL */
  guint64  isb_drops;    /* from the last Interface Statistics Block, or G_MAXUINT64 */
  guint64  isb_recv;     /* likewise */
  guint32  section_index;/* IDB number within its section: what tshark 4.0
                          * shows as frame.interface_id */
} TrawlInterface;

#define TRAWL_TYPE_CAPTURE_FILE (trawl_capture_file_get_type ())
G_DECLARE_FINAL_TYPE (TrawlCaptureFile, trawl_capture_file, TRAWL, CAPTURE_FILE, GObject)

GQuark             trawl_capture_file_error_quark     (void);

/* Open and detect the format; no frames indexed yet. */
TrawlCaptureFile  *trawl_capture_file_open            (const char         *path,
                                                       GError            **error);
/* Index every frame.  Damage after at least the file header is not an
 * error: indexing stops there, keeps every intact frame before it, and
 * sets the warning (trawl_capture_file_get_warning()).  @progress, if not
 * NULL, is called now and then with the fraction of the file done. */
gboolean           trawl_capture_file_index           (TrawlCaptureFile   *self,
                                                       GCancellable       *cancellable,
                                                       void              (*progress) (double fraction, gpointer data),
                                                       gpointer            progress_data,
                                                       GError            **error);
/* Open + index in one call (what trawl-cli does). */
TrawlCaptureFile  *trawl_capture_file_load            (const char         *path,
                                                       GError            **error);

/* A file another process is still writing (a live capture): opened
 * possibly empty, indexed a batch at a time as it grows. */
TrawlCaptureFile  *trawl_capture_file_open_growing    (const char         *path,
                                                       GError            **error);
gboolean           trawl_capture_file_index_more      (TrawlCaptureFile   *self,
                                                       GError            **error);
/* The writer stopped: index the rest and mark the index complete. */
gboolean           trawl_capture_file_end_growing     (TrawlCaptureFile   *self,
                                                       GError            **error);
/* Copy the capture stream @fd (a pipe, a FIFO, stdin, a gzip file:
 * inflated) into @out_fd until its end or *@stop (atomic); *@produced
 * (atomic) counts the bytes written.  What a growing file is fed with. */
gboolean           trawl_capture_stream_feed          (int                 fd,
                                                       int                 out_fd,
                                                       const char         *display_name,
                                                       gint               *stop,
                                                       guint64            *produced,
                                                       char              **warning,
                                                       GError            **error);
/* TRUE until trawl_capture_file_end_growing(). */
gboolean           trawl_capture_file_is_growing      (TrawlCaptureFile   *self);

const char        *trawl_capture_file_get_path        (TrawlCaptureFile   *self);
TrawlFileFormat    trawl_capture_file_get_format      (TrawlCaptureFile   *self);
gboolean           trawl_capture_file_is_compressed   (TrawlCaptureFile   *self);
guint64            trawl_capture_file_get_size        (TrawlCaptureFile   *self);
guint32            trawl_capture_file_get_n_frames    (TrawlCaptureFile   *self);
gboolean           trawl_capture_file_is_indexed      (TrawlCaptureFile   *self);
/* A damage report ("truncated record at byte 1234: ..."), or NULL. */
const char        *trawl_capture_file_get_warning     (TrawlCaptureFile   *self);
/* Byte offset where the damage starts, or -1. */
gint64             trawl_capture_file_get_warning_offset (TrawlCaptureFile *self);

const TrawlFrameRecord *trawl_capture_file_get_record (TrawlCaptureFile   *self,
                                                       guint32             index);
/* Pointer to the frame's caplen bytes (valid as long as @self lives). */
const guint8      *trawl_capture_file_get_data        (TrawlCaptureFile   *self,
                                                       guint32             index);
/* Before a pass over every frame, once the index pass has read the file:
 * map all of a big file's pages at once (blocks while it reads what is
 * not cached, so not on a thread that draws). */
void               trawl_capture_file_populate        (TrawlCaptureFile   *self);
/* Before trawl_capture_file_index(): read the record headers through
 * the mapping rather than with pread(), for a pass over every frame that
 * follows the index at once (see trawl-capture-file.c for why). */
void               trawl_capture_file_set_index_mapped(TrawlCaptureFile   *self,
                                                       gboolean            mapped);
guint              trawl_capture_file_get_n_interfaces(TrawlCaptureFile   *self);
const TrawlInterface *trawl_capture_file_get_interface(TrawlCaptureFile   *self,
                                                       guint               iface);
const char        *trawl_capture_file_get_comment     (TrawlCaptureFile   *self,
                                                       guint32             comment);
/* Section comments (pcapng SHB opt_comment), may be empty. */
const char * const *trawl_capture_file_get_section_comments (TrawlCaptureFile *self);

/* Fill @pkt's input fields for frame @index (0-based): number, data,
 * lengths, times (first, previous), link type, interface, comment. */
void               trawl_capture_file_fill_packet     (TrawlCaptureFile   *self,
                                                       guint32             index,
                                                       TrawlPacket        *pkt);

G_END_DECLS
