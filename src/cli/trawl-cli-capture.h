/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-cli-capture.h: trawl-cli -D and -i, live capture as tshark does it */
#pragma once

#include "trawl-document.h"

G_BEGIN_DECLS

/* Formats frame @frame (analysed) of a live capture into @out; FALSE
 * when a display filter hides it. */
typedef gboolean (*CliCaptureFrameFunc) (TrawlDocument *doc,
                                         guint32        frame,
                                         GString       *out,
                                         gpointer       data);

typedef struct
{
  GPtrArray          *interfaces;    /* -i, repeatable */
  const char         *filter;        /* -f: the capture filter (libpcap) */
  guint               snaplen;       /* -s, 0: default */
  gboolean            no_promisc;    /* -p */
  guint               buffer_mib;    /* -B, 0: default */
  guint64             stop_packets;  /* -c or -a packets:N */
  guint               stop_seconds;  /* -a duration:S */
  guint64             stop_kb;       /* -a filesize:KB */
  guint64             ring_kb;       /* -b filesize:KB */
  guint               ring_seconds;  /* -b duration:S */
  guint               ring_files;    /* -b files:N, 0: keep all */
  const char         *write_file;    /* -w FILE or -, NULL: a temporary file */
  gboolean            print;         /* summary lines as packets arrive */
  gboolean            line_buffered; /* -l: flush after each packet */
  CliCaptureFrameFunc frame_func;
  gpointer            frame_data;
} CliCapture;

/* -D: the interfaces, numbered, as tshark lists them.  Exit status. */
int      cli_capture_list_interfaces (void);
/* -a duration:S | packets:N | filesize:KB; FALSE on a bad value. */
gboolean cli_capture_parse_autostop  (CliCapture *self,
                                      const char *arg);
/* -b filesize:KB | duration:S | files:N; FALSE on a bad value. */
gboolean cli_capture_parse_ring      (CliCapture *self,
                                      const char *arg);
/* Capture until an autostop, SIGINT or SIGTERM; exit status. */
int      cli_capture_run             (CliCapture *self);

G_END_DECLS
