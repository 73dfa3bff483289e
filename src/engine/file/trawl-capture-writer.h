/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-capture-writer.h: write frames of a capture file as pcap or pcapng
 *
 * A writer takes frames of an indexed TrawlCaptureFile (all of them, a
 * list of frame indices, or a range) and writes them in a new file:
 * pcapng (one Section Header Block, one Interface Description Block per
 * interface the frames use, Enhanced Packet Blocks keeping the frame
 * comments) or pcap (µs or ns timestamps; one link type only).
 *
 * Writing goes to a temporary file in the target's directory, which is
 * flushed to disk and renamed over the target only once everything is
 * written: a failure or a cancellation never leaves a damaged or
 * half-written target, even when the target is the very file being read
 * (the reader's mapping keeps the old file alive).  Devices and FIFOs are
 * written through, symbolic links followed, modes and owners kept, and
 * files with other hard links written in place: see trawl-file-target.h.
 */
#pragma once

#include <gio/gio.h>

#include "file/trawl-capture-file.h"

G_BEGIN_DECLS

#define TRAWL_CAPTURE_WRITER_ERROR (trawl_capture_writer_error_quark ())

typedef enum
{
  TRAWL_CAPTURE_WRITER_ERROR_MIXED_LINK_TYPES, /* pcap: frames of several link types */
  TRAWL_CAPTURE_WRITER_ERROR_TIMESTAMP,        /* a timestamp the format cannot hold */
  TRAWL_CAPTURE_WRITER_ERROR_BAD_FRAME,        /* a frame index past the end */
} TrawlCaptureWriterError;

typedef enum
{
  TRAWL_WRITE_FORMAT_PCAPNG,
  TRAWL_WRITE_FORMAT_PCAP,       /* magic a1b2c3d4: microseconds */
  TRAWL_WRITE_FORMAT_PCAP_NSEC,  /* magic a1b23c4d: nanoseconds */
} TrawlWriteFormat;

#define TRAWL_TYPE_CAPTURE_WRITER (trawl_capture_writer_get_type ())
G_DECLARE_FINAL_TYPE (TrawlCaptureWriter, trawl_capture_writer, TRAWL, CAPTURE_WRITER, GObject)

GQuark              trawl_capture_writer_error_quark   (void);

/* A writer of every frame of @file (indexed: frames are those indexed
 * when the write starts). */
TrawlCaptureWriter *trawl_capture_writer_new           (TrawlCaptureFile   *file,
                                                        TrawlWriteFormat    format);
TrawlCaptureFile   *trawl_capture_writer_get_file      (TrawlCaptureWriter *self);
TrawlWriteFormat    trawl_capture_writer_get_format    (TrawlCaptureWriter *self);

/* Write only these frames (0-based indices, in the given order; copied).
 * n_frames == 0 writes an empty capture. */
void                trawl_capture_writer_set_frames    (TrawlCaptureWriter *self,
                                                        const guint32      *frames,
                                                        guint               n_frames);
/* Write only frames @first..@last (0-based, inclusive). */
void                trawl_capture_writer_set_range     (TrawlCaptureWriter *self,
                                                        guint32             first,
                                                        guint32             last);
/* Back to every frame. */
void                trawl_capture_writer_set_all       (TrawlCaptureWriter *self);

/* Write to @dest (through a temporary file renamed over it at the end,
 * for a new or a regular file). */
gboolean            trawl_capture_writer_write         (TrawlCaptureWriter *self,
                                                        GFile              *dest,
                                                        GCancellable       *cancellable,
                                                        GError            **error);
/* Write to a stream (a pipe, stdout): no temporary file, no rename. */
gboolean            trawl_capture_writer_write_to_stream (TrawlCaptureWriter *self,
                                                        GOutputStream      *stream,
                                                        GCancellable       *cancellable,
                                                        GError            **error);
/* trawl_capture_writer_write() on a worker thread.  Do not change the
 * writer's frames until it completes. */
void                trawl_capture_writer_write_async   (TrawlCaptureWriter *self,
                                                        GFile              *dest,
                                                        GCancellable       *cancellable,
                                                        GAsyncReadyCallback callback,
                                                        gpointer            user_data);
gboolean            trawl_capture_writer_write_finish  (TrawlCaptureWriter *self,
                                                        GAsyncResult       *result,
                                                        GError            **error);

/* Fraction of the frames written by the running (or last) write; may be
 * called from any thread. */
double              trawl_capture_writer_get_fraction  (TrawlCaptureWriter *self);

/* The pcap flavour that keeps @file's timestamps exactly: nanoseconds
 * when any interface is finer than a microsecond, else microseconds. */
TrawlWriteFormat    trawl_capture_writer_pcap_format_for (TrawlCaptureFile *file);

G_END_DECLS
