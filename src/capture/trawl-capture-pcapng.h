/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-capture-pcapng.h: the helper's pcapng output, through a userspace buffer
 *
 * Blocks are built in host byte order (the SHB's byte-order magic says which)
 * into one buffer that is written to the output fd when full and whenever
 * the helper flushes (at least every 100 ms, before each progress message,
 * at the end).  Timestamps are nanoseconds (if_tsresol = 9).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  int      fd;
  guint8  *buf;
  gsize    fill;
  gsize    size;
  guint64  written;   /* bytes that reached the fd */
  int      error;     /* errno of the first failed write, 0 if none */
} TrawlPcapngOut;

void     trawl_pcapng_out_init  (TrawlPcapngOut *out,
                                 int             fd);
void     trawl_pcapng_out_clear (TrawlPcapngOut *out);
/* Writes every buffered byte; FALSE (and out->error) when the fd refused. */
gboolean trawl_pcapng_out_flush (TrawlPcapngOut *out);
/* Bytes produced so far, buffered or written. */
guint64  trawl_pcapng_out_size  (const TrawlPcapngOut *out);

void     trawl_pcapng_write_shb (TrawlPcapngOut *out,
                                 const char     *user_appl);
void     trawl_pcapng_write_idb (TrawlPcapngOut *out,
                                 guint16         linktype,
                                 guint32         snaplen,
                                 const char     *if_name,
                                 const char     *filter);
void     trawl_pcapng_write_epb (TrawlPcapngOut *out,
                                 guint32         if_id,
                                 guint64         ts_ns,
                                 guint32         caplen,
                                 guint32         origlen,
                                 const guint8   *data);
void     trawl_pcapng_write_isb (TrawlPcapngOut *out,
                                 guint32         if_id,
                                 guint64         ts_ns,
                                 guint64         start_ns,
                                 guint64         ifrecv,
                                 guint64         ifdrop,
                                 guint64         usrdeliv);

G_END_DECLS
