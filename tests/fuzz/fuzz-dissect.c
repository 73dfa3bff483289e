/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-dissect.c: any bytes, as a frame of any link type we know
 *
 * The first byte picks the link type; the rest is the frame.  The frame is
 * dissected twice, as the analysis pass and as a full tree, and every node
 * is formatted, so the dissectors and the formatter both see hostile bytes.
 */
#include "config.h"

#include <stdint.h>

#include "analysis/trawl-analysis.h"
#include "dissect/trawl-dissect.h"
#include "dissect/trawl-format.h"
#include "dissect/trawl-linktype.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static const guint32 linktypes[] = {
  TRAWL_LINKTYPE_ETHERNET, TRAWL_LINKTYPE_LINUX_SLL, TRAWL_LINKTYPE_LINUX_SLL2,
  TRAWL_LINKTYPE_NULL, TRAWL_LINKTYPE_LOOP, TRAWL_LINKTYPE_RAW,
  TRAWL_LINKTYPE_IPV4, TRAWL_LINKTYPE_IPV6,
};

static void
format_all (TrawlNode *node,
            GString   *out)
{
  for (TrawlNode *c = node->first_child; c != NULL; c = c->next)
    {
      g_string_truncate (out, 0);
      trawl_format_node_label (c, out);
      g_string_truncate (out, 0);
      if (c->field)
        trawl_format_field_value (c, out);
      format_all (c, out);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static TrawlArena *arena;
  static GString *scratch;
  g_autoptr(TrawlAnalysis) analysis = NULL;
  TrawlPacket pkt;

  if (size < 1 || size > 65536 + 1)
    return 0;
  if (arena == NULL)
    {
      trawl_dissectors_init ();
      arena = trawl_arena_new ();
      scratch = g_string_new (NULL);
    }

  analysis = trawl_analysis_new ();
  trawl_packet_init (&pkt, arena);
  pkt.number = 1;
  pkt.data = data + 1;
  pkt.caplen = (guint32) size - 1;
  pkt.wirelen = pkt.caplen;
  pkt.linktype = linktypes[data[0] % G_N_ELEMENTS (linktypes)];
  pkt.analysis = analysis;

  /* As the analysis pass sees it ... */
  trawl_packet_set_options (&pkt, &(TrawlDissectOptions) { .first_pass = TRUE });
  trawl_dissect_frame (&pkt);

  /* ... and as a user selecting the frame does. */
  trawl_packet_set_options (&pkt, &(TrawlDissectOptions) { .tree = TRUE, .columns = TRUE });
  trawl_dissect_frame (&pkt);
  format_all (pkt.root, scratch);

  trawl_packet_clear (&pkt);
  return 0;
}
