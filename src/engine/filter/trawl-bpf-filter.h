/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-bpf-filter.h: tcpdump's capture-filter language on files
 *
 * Compiled with libpcap (pcap_compile) once per link type met in the file,
 * run with pcap_offline_filter.  Immutable after creation except for the
 * per-link-type cache, which is filled under a lock.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define TRAWL_BPF_FILTER_ERROR (trawl_bpf_filter_error_quark ())

typedef enum
{
  TRAWL_BPF_FILTER_ERROR_COMPILE,   /* libpcap refused the expression (its words) */
  TRAWL_BPF_FILTER_ERROR_LINKTYPE,  /* too many different link types in one file */
} TrawlBpfFilterError;

#define TRAWL_TYPE_BPF_FILTER (trawl_bpf_filter_get_type ())
G_DECLARE_FINAL_TYPE (TrawlBpfFilter, trawl_bpf_filter, TRAWL, BPF_FILTER, GObject)

GQuark          trawl_bpf_filter_error_quark (void);

/* Check @text by compiling it for Ethernet (errors as libpcap words them). */
TrawlBpfFilter *trawl_bpf_filter_new         (const char     *text,
                                              GError        **error);
const char     *trawl_bpf_filter_get_text    (TrawlBpfFilter *self);
/* Compile for @linktype now (FALSE + error when the expression does not
 * apply to it, e.g. "ether host" on raw IP). */
gboolean        trawl_bpf_filter_prepare     (TrawlBpfFilter *self,
                                              guint32         linktype,
                                              GError        **error);
/* Run on one frame of @linktype (a LINKTYPE_ value).  A link type the
 * expression cannot be compiled for never matches.  Thread-safe. */
gboolean        trawl_bpf_filter_match       (TrawlBpfFilter *self,
                                              guint32         linktype,
                                              const guint8   *data,
                                              guint32         caplen,
                                              guint32         wirelen);

G_END_DECLS
