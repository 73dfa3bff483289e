/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-test-util.h: dissect bytes or a capture's frame in a unit test */
#pragma once

#include "dissect/trawl-dissect.h"
#include "dissect/trawl-format.h"
#include "file/trawl-capture-file.h"
#include "analysis/trawl-analysis.h"

typedef struct
{
  TrawlArena    *arena;
  TrawlPacket    pkt;
  TrawlCaptureFile *file;     /* when opened from a capture */
  TrawlAnalysis *analysis;
} TrawlTestDissection;

/* An initialised packet and its arena, to dissect by hand. */
TrawlTestDissection *trawl_test_dissection_new   (void);
/* Dissect @len bytes as a frame of @linktype (no analysis). */
TrawlTestDissection *trawl_test_dissect_bytes   (const guint8 *data,
                                                 gsize         len,
                                                 guint32       linktype);
/* Open tests/captures/@name ($TRAWL_CAPTURES), run the analysis pass. */
TrawlTestDissection *trawl_test_open_capture    (const char   *name);
/* Dissect frame @number (1-based) of an opened capture. */
void                 trawl_test_dissect_frame   (TrawlTestDissection *t,
                                                 guint32       number);
/* First node named @abbrev in the tree, or NULL. */
TrawlNode           *trawl_test_find            (TrawlTestDissection *t,
                                                 const char   *abbrev);
/* Every occurrence's value as tshark -T fields prints it, joined by ",";
 * NULL when absent.  Free with g_free. */
char                *trawl_test_field_values    (TrawlTestDissection *t,
                                                 const char   *abbrev);
void                 trawl_test_dissection_free (TrawlTestDissection *t);
/* Path of a file under tests/captures. */
char                *trawl_test_capture_path    (const char   *name);
