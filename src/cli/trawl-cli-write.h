/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-cli-write.h: trawl-cli's -w and -F (write frames, as tshark -w) */
#pragma once

#include "file/trawl-capture-file.h"
#include "trawl-cli-filter.h"

G_BEGIN_DECLS

/* -F NAME is one of tshark's names this writer knows (pcap, nsecpcap,
 * pcapng); if not, prints tshark's message and the list. */
gboolean cli_write_check_format (const char       *name);

/* Writes the frames to show (those @filter kept, the first @limit of
 * them) to @path ("-": standard output) as @format_name, or when NULL
 * by the file name (.pcap: pcap keeping the timestamps' precision, else
 * pcapng).  Returns the exit status; reports a damaged input as tshark
 * does (exit 2 after writing the intact frames) unless -c stopped
 * before the damage (@count). */
int      cli_write              (const char       *path,
                                 const char       *format_name,
                                 TrawlCaptureFile *file,
                                 const CliFilter  *filter,
                                 guint32           limit,
                                 gint64            count);

G_END_DECLS
