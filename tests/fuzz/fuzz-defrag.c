/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-defrag.c: IPv4/IPv6 reassembly over a hostile run of frames
 *
 * The input is a run of records, each [mode u8][length u16 BE][bytes]:
 * mode < 0x80 is an Ethernet frame as it is; mode >= 0x80 is a fragment
 * built here from the bytes (id, offset in 8-byte units, then payload)
 * with an IPv4 (mode & 1 == 0) or IPv6 header, "more fragments" from
 * mode & 2, so that the fuzzer reaches overlaps, gaps, duplicates and
 * tails with few mutations.  The run is dissected as the analysis pass
 * does, then every frame with a full tree backwards, so each completed
 * datagram is rebuilt from the others' bytes.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "analysis/trawl-analysis.h"
#include "analysis/trawl-ip-reassembly.h"
#include "dissect/trawl-dissect.h"
#include "dissect/trawl-format.h"
#include "dissect/trawl-linktype.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define MAX_FRAMES 256

typedef struct
{
  GPtrArray *frames;  /* GBytes */
} Run;

static const guint8 *
run_bytes (gpointer  data,
           guint32   number,
           guint32  *caplen)
{
  Run *run = data;
  gsize len = 0;
  const guint8 *p;

  *caplen = 0;
  if (number == 0 || number > run->frames->len)
    return NULL;
  p = g_bytes_get_data (run->frames->pdata[number - 1], &len);
  *caplen = (guint32) len;
  return p;
}

static GBytes *
make_fragment (guint8        mode,
               const guint8 *p,
               guint16       len)
{
  static const guint8 eth4[14] = { 2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00 };
  static const guint8 eth6[14] = { 2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x86, 0xdd };
  gboolean v6 = mode & 1, more = (mode & 2) != 0;
  guint16 off, plen;
  guint8 id;
  GByteArray *b = g_byte_array_new ();

  if (len < 3)
    return g_byte_array_free_to_bytes (b);
  id = p[0] & 3;   /* few identifications: fragments meet often */
  off = (guint16) (((p[1] << 8) | p[2]) & 0x1fff);
  p += 3, len -= 3;
  plen = len;
  if (!v6)
    {
      guint8 h[20] = { 0x45, 0, 0, 0, 0, id, 0, 0, 64, (mode & 4) ? 17 : 1, 0, 0,
                       10, 0, 0, 1, 10, 0, 0, 2 };
      guint16 tot = (guint16) MIN (20u + plen, 65535u), fo = off | (more ? 0x2000 : 0);
      h[2] = tot >> 8, h[3] = tot & 0xff;
      h[6] = fo >> 8, h[7] = fo & 0xff;
      g_byte_array_append (b, eth4, sizeof eth4);
      g_byte_array_append (b, h, sizeof h);
    }
  else
    {
      guint8 h[48] = { 0x60, 0, 0, 0, 0, 0, 44, 64 };
      guint16 pl = (guint16) MIN (8u + plen, 65535u), fo = (guint16) (off << 3) | (more ? 1 : 0);
      h[4] = pl >> 8, h[5] = pl & 0xff;
      h[8] = 0xfd, h[23] = 1;            /* fd00::1 */
      h[24] = 0xfd, h[39] = 2;           /* fd00::2 */
      h[40] = (mode & 4) ? 17 : 58;      /* fragment header: next header */
      h[42] = fo >> 8, h[43] = fo & 0xff;
      h[47] = id;
      g_byte_array_append (b, eth6, sizeof eth6);
      g_byte_array_append (b, h, sizeof h);
    }
  g_byte_array_append (b, p, len);
  return g_byte_array_free_to_bytes (b);
}

static void
parse_run (Run          *run,
           const uint8_t *data,
           size_t         size)
{
  size_t off = 0;

  while (off + 3 <= size && run->frames->len < MAX_FRAMES)
    {
      guint8 mode = data[off];
      guint16 len = (guint16) ((data[off + 1] << 8) | data[off + 2]);

      off += 3;
      len = (guint16) MIN ((size_t) len, size - off);
      if (mode < 0x80)
        g_ptr_array_add (run->frames, g_bytes_new (data + off, len));
      else
        g_ptr_array_add (run->frames, make_fragment (mode, data + off, len));
      off += len;
    }
}

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

static void
dissect (TrawlPacket   *pkt,
         Run           *run,
         TrawlAnalysis *analysis,
         guint32        number,
         gboolean       first_pass)
{
  gsize len = 0;

  pkt->number = number;
  pkt->data = g_bytes_get_data (run->frames->pdata[number - 1], &len);
  pkt->caplen = (guint32) len;
  pkt->wirelen = pkt->caplen;
  pkt->linktype = TRAWL_LINKTYPE_ETHERNET;
  pkt->analysis = analysis;
  pkt->first_pass = first_pass;
  pkt->want_tree = !first_pass;
  pkt->want_columns = !first_pass;
  trawl_dissect_frame (pkt);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static TrawlArena *arena;
  static GString *scratch;
  g_autoptr(TrawlAnalysis) analysis = NULL;
  Run run = { g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref) };
  TrawlPacket pkt;

  if (arena == NULL)
    {
      trawl_dissectors_init ();
      arena = trawl_arena_new ();
      scratch = g_string_new (NULL);
    }
  parse_run (&run, data, size);
  analysis = trawl_analysis_new ();
  analysis->ipfrag = trawl_ip_reassembly_new (run_bytes, &run, NULL);
  trawl_packet_init (&pkt, arena);
  for (guint32 i = 1; i <= run.frames->len; i++)
    {
      trawl_arena_reset (arena);
      dissect (&pkt, &run, analysis, i, TRUE);
    }
  for (guint32 i = run.frames->len; i >= 1; i--)
    {
      trawl_arena_reset (arena);
      dissect (&pkt, &run, analysis, i, FALSE);
      format_all (pkt.root, scratch);
    }
  trawl_packet_clear (&pkt);
  g_clear_pointer (&analysis, trawl_analysis_free);
  g_ptr_array_unref (run.frames);
  return 0;
}
