/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-dissect-masked.c: any bytes, dissected as a display filter does
 *
 * A filter over a capture dissects each frame with the filter's field
 * mask (only the fields it reads are made, layers past what it needs are
 * not dissected, application protocols it does not name are only
 * recognised): dissectors then meet trees with holes, which no full-tree
 * target exercises.  The first byte picks the link type as in
 * fuzz-dissect.c; the filter is picked from it and the input's length,
 * so cuts and mutations of one seed try every filter.  The frame goes
 * through the analysis pass, then the masked dissection, then the
 * filter's program.
 */
#include "config.h"

#include <stdint.h>

#include "analysis/trawl-analysis.h"
#include "dissect/trawl-dissect.h"
#include "dissect/trawl-linktype.h"
#include "filter/trawl-display-filter.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static const guint32 linktypes[] = {
  TRAWL_LINKTYPE_ETHERNET, TRAWL_LINKTYPE_LINUX_SLL, TRAWL_LINKTYPE_LINUX_SLL2,
  TRAWL_LINKTYPE_NULL, TRAWL_LINKTYPE_LOOP, TRAWL_LINKTYPE_RAW,
  TRAWL_LINKTYPE_IPV4, TRAWL_LINKTYPE_IPV6,
};

/* Masks of different shapes: one layer's flags, a deep application
 * field, several protocols, analysis fields, and byte slices. */
static const char *const filter_texts[] = {
  "tcp.flags.syn == 1 && tcp.flags.ack == 0",
  "dns.qry.name contains \"a\" || dns.flags.response == 1",
  "http.request.method == \"GET\" || http.response.code >= 300",
  "websocket.opcode == 1 || websocket.payload",
  "tls.handshake.type == 1 || tls.handshake.extensions_server_name",
  "ip.ttl < 64 && udp.length > 8",
  "icmp.type == 8 || icmpv6.type == 128 || arp.opcode == 2",
  "dhcp.option.type == 53 || vlan.id == 1",
  "tcp.analysis.flags || tcp.stream > 0 || dns.time > 0",
  "ipv6.nxt == 17 && eth.type == 0x86dd",
};

typedef struct
{
  TrawlDisplayFilter *filter;
  const guint8       *mask;
  guint               mask_bits;
  TrawlDepth          depth;
  guint32             skip_apps;
} Masked;

static Masked masked[G_N_ELEMENTS (filter_texts)];

static void
compile_filters (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (filter_texts); i++)
    {
      g_autoptr(GError) error = NULL;
      Masked *m = &masked[i];

      m->filter = trawl_display_filter_new (filter_texts[i], NULL, &error);
      if (m->filter == NULL)
        g_error ("fuzz-dissect-masked: %s: %s", filter_texts[i], error->message);
      g_assert_false (trawl_display_filter_needs_full_tree (m->filter));
      m->mask = trawl_display_filter_get_field_mask (m->filter, &m->mask_bits);
      m->depth = trawl_field_mask_depth (m->mask, m->mask_bits);
      m->skip_apps = trawl_field_mask_skippable_apps (m->mask, m->mask_bits);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static TrawlArena *arena;
  g_autoptr(TrawlAnalysis) analysis = NULL;
  const Masked *m;
  TrawlPacket pkt;

  if (size < 1 || size > 65536 + 1)
    return 0;
  if (arena == NULL)
    {
      trawl_dissectors_init ();
      compile_filters ();
      arena = trawl_arena_new ();
    }
  m = &masked[((data[0] >> 3) + size) % G_N_ELEMENTS (masked)];

  analysis = trawl_analysis_new ();
  trawl_packet_init (&pkt, arena);
  pkt.number = 1;
  pkt.data = data + 1;
  pkt.caplen = (guint32) size - 1;
  pkt.wirelen = pkt.caplen;
  pkt.linktype = linktypes[data[0] % G_N_ELEMENTS (linktypes)];
  pkt.analysis = analysis;

  /* As the analysis pass sees it ... */
  pkt.first_pass = TRUE;
  pkt.want_tree = FALSE;
  pkt.want_columns = FALSE;
  trawl_dissect_frame (&pkt);

  /* ... and as trawl_filter_run() dissects it for the filter. */
  pkt.first_pass = FALSE;
  pkt.want_tree = TRUE;
  pkt.field_mask = m->mask;
  pkt.field_mask_bits = m->mask_bits;
  pkt.depth = m->depth;
  pkt.skip_apps = m->skip_apps;
  trawl_dissect_frame (&pkt);
  trawl_display_filter_match (m->filter, &pkt);

  trawl_packet_clear (&pkt);
  return 0;
}
