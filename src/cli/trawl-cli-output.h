/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-cli-output.h: the output formats of trawl-cli (tshark's) */
#pragma once

#include <stdio.h>

#include "dissect/trawl-packet.h"

G_BEGIN_DECLS

typedef enum
{
  CLI_OCC_ALL = 0,    /* -E occurrence=a */
  CLI_OCC_FIRST = -1, /* f */
  CLI_OCC_LAST = -2,  /* l */
} CliOccurrence;

typedef struct
{
  GPtrArray   *names;        /* -e FIELD, in order */
  int         *ids;          /* field id per column */
  int         *col_of_field; /* field id -> first column, -1 (size n_registry) */
  int         *next_col;     /* column -> next column with the same field, -1 */
  guint        n_registry;
  gboolean     header;
  char         separator;
  int          occurrence;   /* CliOccurrence or N >= 1 */
  char         aggregator;
  char         quote;        /* 0, '"' or '\'' */
  GString    **values;       /* per column, reused */
  guint       *counts;
} CliFields;

/* tshark's summary line; @time_digits is the capture's time precision. */
void cli_print_summary (GString           *out,
                        const TrawlPacket *pkt,
                        guint              time_digits);
/* -V: the tree, then an empty line. */
void cli_print_tree    (GString           *out,
                        const TrawlPacket *pkt);
/* -x: the bytes of every data source, then an empty line. */
void cli_print_hex     (GString           *out,
                        const TrawlPacket *pkt);
/* -T fields */
gboolean cli_fields_init   (CliFields         *self,
                            GPtrArray         *names,
                            GString           *bad);
void     cli_fields_header (CliFields         *self,
                            GString           *out);
void     cli_fields_print  (CliFields         *self,
                            GString           *out,
                            const TrawlPacket *pkt);
void     cli_fields_clear  (CliFields         *self);
/* A copy for another thread: shares the columns of @proto (which must
 * outlive it), has its own value buffers. */
void     cli_fields_worker_init  (CliFields       *self,
                                  const CliFields *proto);
void     cli_fields_worker_clear (CliFields       *self);
/* -T json: one packet object (@first: no leading comma). */
void cli_print_json    (GString           *out,
                        const TrawlPacket *pkt,
                        gboolean           first);
/* -G fields */
void cli_print_glossary (FILE *fp);

G_END_DECLS
