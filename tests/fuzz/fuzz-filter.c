/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-filter.c: any text through the display-filter compiler
 *
 * The input is compiled; when it compiles, it is explained and run on a
 * small dissected frame, so the lexer, parser, checker, explain and the
 * evaluator all see hostile input.  A failure must come with a message
 * and a place inside the text.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "dissect/trawl-dissect.h"
#include "dissect/trawl-linktype.h"
#include "filter/trawl-display-filter.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Ethernet / IPv4 / TCP SYN with a few payload bytes. */
static const guint8 frame[] = {
  0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00,
  0x45, 0x00, 0x00, 0x2c, 0x12, 0x34, 0x40, 0x00, 0x40, 0x06, 0x00, 0x00,
  0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02,
  0x96, 0xbc, 0x00, 0x50, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
  0x50, 0x02, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00,
  'G', 'E', 'T', ' ',
};

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static TrawlArena *arena;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TrawlDisplayFilter) df = NULL;
  TrawlFilterLocation where = { 0, 0 };
  TrawlPacket pkt;

  if (size > 4096)
    return 0;
  if (arena == NULL)
    {
      trawl_dissectors_init ();
      arena = trawl_arena_new ();
    }

  text = g_strndup ((const char *) data, size);   /* stops at a NUL, as a C caller would */
  df = trawl_display_filter_new (text, &where, &error);
  if (df == NULL)
    {
      g_assert (error != NULL && error->message != NULL);
      g_assert (where.start <= strlen (text));
      g_assert (where.start + where.len <= strlen (text));
      return 0;
    }

  g_free (trawl_display_filter_explain (df));

  trawl_packet_init (&pkt, arena);
  pkt.number = 1;
  pkt.data = frame;
  pkt.caplen = pkt.wirelen = sizeof frame;
  pkt.linktype = TRAWL_LINKTYPE_ETHERNET;
  trawl_packet_set_options (&pkt, &(TrawlDissectOptions) { .tree = TRUE, .columns = TRUE });
  trawl_dissect_frame (&pkt);
  (void) trawl_display_filter_match (df, &pkt);
  trawl_packet_clear (&pkt);
  return 0;
}
