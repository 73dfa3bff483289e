/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-capture-util.h: the unprivileged side of live capture, without a session
 *
 * The error domain of every capture call, where the helper is, a capture
 * filter check for the filter entry (libpcap on a dead handle: no
 * privilege), and the kernel's per-interface counters for sparklines.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TRAWL_CAPTURE_ERROR (trawl_capture_error_quark ())

typedef enum
{
  TRAWL_CAPTURE_ERROR_FAILED,          /* the helper refused or failed (its words) */
  TRAWL_CAPTURE_ERROR_PERMISSION,      /* no right to capture: how to get it is in the message */
  TRAWL_CAPTURE_ERROR_HELPER_MISSING,  /* trawl-capture is not where it should be */
  TRAWL_CAPTURE_ERROR_NOT_AUTHORIZED,  /* pkexec: polkit said no (exit 127) */
  TRAWL_CAPTURE_ERROR_DISMISSED,       /* pkexec: the user dismissed the dialog (exit 126) */
  TRAWL_CAPTURE_ERROR_PROTOCOL,        /* the control channel carried garbage */
  TRAWL_CAPTURE_ERROR_FILTER,          /* the capture filter does not compile */
  TRAWL_CAPTURE_ERROR_INVALID,         /* a bad argument (interface name, option) */
} TrawlCaptureError;

GQuark   trawl_capture_error_quark           (void);

/* $TRAWL_CAPTURE_HELPER when set (tests, the build tree), else the
 * installed helper in libexecdir. */
const char *trawl_capture_get_helper_path    (void);

/* Compiles @filter for @linktype (a LINKTYPE_ value) with libpcap, without
 * privilege.  FALSE with TRAWL_CAPTURE_ERROR_FILTER and libpcap's words. */
gboolean trawl_capture_check_filter          (const char *filter,
                                              guint32     linktype,
                                              GError    **error);

typedef struct
{
  guint64 rx_packets;
  guint64 rx_bytes;
  guint64 rx_dropped;
  guint64 tx_packets;
  guint64 tx_bytes;
} TrawlCaptureIfStats;

/* The kernel's counters of @name from sysfs (no privilege); "any" sums
 * every interface.  Counters only grow: a caller shows differences. */
gboolean trawl_capture_read_interface_stats  (const char          *name,
                                              TrawlCaptureIfStats *stats,
                                              GError             **error);

G_END_DECLS
