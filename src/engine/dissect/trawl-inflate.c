/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-inflate.c: zlib inflation of protocol payloads */
#include "config.h"

#include <zlib.h>

#include "trawl-inflate.h"

/* One attempt with zlib's @window_bits; NULL when it fails before any
 * output, or output beyond @max would be needed. */
static GByteArray *
inflate_with (const guint8 *in,
              gsize         len,
              gsize         max,
              int           window_bits)
{
  z_stream zs = { 0 };
  g_autoptr(GByteArray) out = g_byte_array_new ();
  guint8 buf[16384];
  int ret = Z_OK;

  if (len > G_MAXUINT32 || inflateInit2 (&zs, window_bits) != Z_OK)
    return NULL;
  zs.next_in = (Bytef *) in;
  zs.avail_in = (uInt) len;
  /* Each round either makes output, consumes input or ends. */
  while (ret == Z_OK)
    {
      zs.next_out = buf;
      zs.avail_out = sizeof buf;
      ret = inflate (&zs, Z_SYNC_FLUSH);
      if (ret != Z_OK && ret != Z_STREAM_END && ret != Z_BUF_ERROR)
        break;
      g_byte_array_append (out, buf, (guint) (sizeof buf - zs.avail_out));
      if (out->len > max)
        {
          ret = Z_MEM_ERROR;
          break;
        }
      if (ret == Z_BUF_ERROR || (zs.avail_in == 0 && zs.avail_out != 0))
        {
          /* Input used up: what came out is the body (a cut stream too). */
          ret = Z_STREAM_END;
          break;
        }
    }
  inflateEnd (&zs);
  if (ret != Z_STREAM_END || out->len == 0)
    return NULL;
  return g_steal_pointer (&out);
}

GByteArray *
trawl_inflate (const guint8 *in,
               gsize         len,
               gsize         max)
{
  GByteArray *out;

  g_return_val_if_fail (in != NULL || len == 0, NULL);

  /* 15 + 32: a gzip or zlib header, detected; -15: raw deflate. */
  out = inflate_with (in, len, max, 15 + 32);
  if (out == NULL)
    out = inflate_with (in, len, max, -15);
  return out;
}
