/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-capture-list.h: interface listing and link-type helpers of trawl-capture */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  TRAWL_CAPTURE_LIST_JSON,
  TRAWL_CAPTURE_LIST_KEYFILE,
} TrawlCaptureListFormat;

/* Prints every capturable interface on stdout; the exit code. */
int      trawl_capture_list_interfaces (TrawlCaptureListFormat format);

/* The DLT libpcap will most likely give @name, from the kernel's ARPHRD
 * type in sysfs, so a filter can be checked before the device is opened. */
int      trawl_capture_guess_dlt       (const char *name);

/* The pcapng LINKTYPE_ value of a libpcap DLT_ value. */
guint16  trawl_capture_dlt_to_linktype (int dlt);

G_END_DECLS
