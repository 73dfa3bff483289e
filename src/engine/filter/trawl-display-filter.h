/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-display-filter.h: Wireshark's display-filter language, compiled
 *
 * trawl_display_filter_new() lexes, parses and checks the text against the
 * field registry (no capture needed: the GUI calls it on every keystroke)
 * and compiles it to a program.  trawl_display_filter_match() runs the
 * program on a dissected packet.  A compiled filter is immutable: any
 * number of threads may match with it at once.
 */
#pragma once

#include <glib-object.h>

#include "dissect/trawl-packet.h"

G_BEGIN_DECLS

#define TRAWL_DISPLAY_FILTER_ERROR (trawl_display_filter_error_quark ())

typedef enum
{
  TRAWL_DISPLAY_FILTER_ERROR_SYNTAX,         /* unexpected token, unbalanced ( or { */
  TRAWL_DISPLAY_FILTER_ERROR_UNKNOWN_FIELD,  /* not a field or protocol name */
  TRAWL_DISPLAY_FILTER_ERROR_TYPE,           /* tcp.port == "x" */
  TRAWL_DISPLAY_FILTER_ERROR_RANGE,          /* tcp.srcport == 65536 */
  TRAWL_DISPLAY_FILTER_ERROR_VALUE,          /* bad address, CIDR, bytes, time */
  TRAWL_DISPLAY_FILTER_ERROR_REGEX,          /* matches with a bad pattern */
} TrawlDisplayFilterError;

/* Where an error is, in bytes of the filter text. */
typedef struct
{
  guint start;
  guint len;
} TrawlFilterLocation;

#define TRAWL_TYPE_DISPLAY_FILTER (trawl_display_filter_get_type ())
G_DECLARE_FINAL_TYPE (TrawlDisplayFilter, trawl_display_filter, TRAWL, DISPLAY_FILTER, GObject)

GQuark              trawl_display_filter_error_quark  (void);

/* Compile @text.  On failure returns NULL, sets @error (message as
 * Wireshark words it where it can) and, if @where is not NULL, the place. */
TrawlDisplayFilter *trawl_display_filter_new          (const char          *text,
                                                       TrawlFilterLocation *where,
                                                       GError             **error);
const char         *trawl_display_filter_get_text     (TrawlDisplayFilter  *self);
/* The parsed and compiled forms, like Wireshark's dftest. */
char               *trawl_display_filter_explain      (TrawlDisplayFilter  *self);
/* The fields (and protocols) the program reads: a bit per field id, for
 * TrawlPacket.field_mask.  Owned by the filter. */
const guint8       *trawl_display_filter_get_field_mask (TrawlDisplayFilter *self,
                                                       guint               *n_bits);
/* TRUE when the program needs a full tree (e.g. slices of protocol nodes
 * or frame-wide fields) rather than the masked one. */
gboolean            trawl_display_filter_needs_full_tree (TrawlDisplayFilter *self);
/* Run the program on @pkt's tree (dissected with at least the mask). */
gboolean            trawl_display_filter_match        (TrawlDisplayFilter  *self,
                                                       const TrawlPacket   *pkt);

G_END_DECLS
