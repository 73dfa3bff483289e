/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-capture-pcapng.c: pcapng blocks for trawl-capture
 *
 * Only the blocks a live capture needs: SHB, IDB, EPB, ISB.  A write error
 * is remembered and later blocks are dropped: the main loop sees
 * out->error and stops, reporting it.
 */
#include "trawl-capture-pcapng.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#define BUFFER_SIZE (1024 * 1024)

#define BT_SHB 0x0A0D0D0Au
#define BT_IDB 0x00000001u
#define BT_EPB 0x00000006u
#define BT_ISB 0x00000005u

#define OPT_ENDOFOPT      0
#define SHB_USERAPPL      4
#define IF_NAME           2
#define IF_TSRESOL        9
#define IF_FILTER         11
#define ISB_STARTTIME     2
#define ISB_ENDTIME       3
#define ISB_IFRECV        4
#define ISB_IFDROP        5
#define ISB_USRDELIV      8

void
trawl_pcapng_out_init (TrawlPcapngOut *out,
                       int             fd)
{
  memset (out, 0, sizeof *out);
  out->fd = fd;
  out->size = BUFFER_SIZE;
  out->buf = g_malloc (out->size);
}

void
trawl_pcapng_out_clear (TrawlPcapngOut *out)
{
  g_clear_pointer (&out->buf, g_free);
}

guint64
trawl_pcapng_out_size (const TrawlPcapngOut *out)
{
  return out->written + out->fill;
}

gboolean
trawl_pcapng_out_flush (TrawlPcapngOut *out)
{
  gsize done = 0;

  if (out->error)
    return FALSE;
  while (done < out->fill)
    {
      ssize_t n = write (out->fd, out->buf + done, out->fill - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          out->error = n < 0 ? errno : EIO;
          out->fill = 0;
          return FALSE;
        }
      done += n;
      out->written += n;
    }
  out->fill = 0;
  return TRUE;
}

/* Room for @len more bytes in the buffer (blocks are far smaller than it). */
static guint8 *
reserve (TrawlPcapngOut *out,
         gsize           len)
{
  g_assert (len <= out->size);
  if (out->size - out->fill < len)
    trawl_pcapng_out_flush (out);
  if (out->error)
    return NULL;
  return out->buf + out->fill;
}

static gsize
pad4 (gsize n)
{
  return (n + 3) & ~(gsize) 3;
}

static guint8 *
put32 (guint8  *p,
       guint32  v)
{
  memcpy (p, &v, 4);
  return p + 4;
}

static guint8 *
put16 (guint8  *p,
       guint16  v)
{
  memcpy (p, &v, 2);
  return p + 2;
}

static guint8 *
put_option (guint8       *p,
            guint16       code,
            const void   *value,
            gsize         len)
{
  gsize padded = pad4 (len);

  p = put16 (p, code);
  p = put16 (p, len);
  memcpy (p, value, len);
  memset (p + len, 0, padded - len);
  return p + padded;
}

/* A 64-bit timestamp as pcapng stores it: high word first. */
static guint8 *
put_option_ts (guint8  *p,
               guint16  code,
               guint64  ts)
{
  guint32 v[2] = { ts >> 32, ts & 0xffffffffu };

  return put_option (p, code, v, sizeof v);
}

static guint8 *
put_option_u64 (guint8  *p,
                guint16  code,
                guint64  v)
{
  return put_option (p, code, &v, sizeof v);
}

static guint8 *
put_end (guint8 *p)
{
  p = put16 (p, OPT_ENDOFOPT);
  return put16 (p, 0);
}

/* Writes the block length at both ends and commits it. */
static void
commit (TrawlPcapngOut *out,
        guint8         *start,
        guint8         *end)
{
  guint32 total = (end - start) + 4;

  put32 (end, total);
  memcpy (start + 4, &total, 4);
  out->fill += total;
}

void
trawl_pcapng_write_shb (TrawlPcapngOut *out,
                        const char     *user_appl)
{
  gsize alen = MIN (strlen (user_appl), 256);
  guint8 *start = reserve (out, 32 + pad4 (alen) + 8);
  guint8 *p;
  gint64 section_len = -1;

  if (start == NULL)
    return;
  p = put32 (start, BT_SHB);
  p += 4;
  p = put32 (p, 0x1A2B3C4Du);
  p = put16 (p, 1);
  p = put16 (p, 0);
  memcpy (p, &section_len, 8);
  p += 8;
  p = put_option (p, SHB_USERAPPL, user_appl, alen);
  p = put_end (p);
  commit (out, start, p);
}

void
trawl_pcapng_write_idb (TrawlPcapngOut *out,
                        guint16         linktype,
                        guint32         snaplen,
                        const char     *if_name,
                        const char     *filter)
{
  gsize nlen = strlen (if_name);
  gsize flen = filter ? MIN (strlen (filter), 60000) : 0;
  guint8 *start = reserve (out, 16 + pad4 (nlen) + 4 + 8 + pad4 (flen + 1) + 4 + 4 + 4);
  guint8 *p;
  guint8 tsresol = 9;

  if (start == NULL)
    return;
  p = put32 (start, BT_IDB);
  p += 4;
  p = put16 (p, linktype);
  p = put16 (p, 0);
  p = put32 (p, snaplen);
  p = put_option (p, IF_NAME, if_name, nlen);
  p = put_option (p, IF_TSRESOL, &tsresol, 1);
  if (flen > 0)
    {
      /* First byte 0: the filter is libpcap's expression text. */
      g_autofree guint8 *f = g_malloc (flen + 1);

      f[0] = 0;
      memcpy (f + 1, filter, flen);
      p = put_option (p, IF_FILTER, f, flen + 1);
    }
  p = put_end (p);
  commit (out, start, p);
}

void
trawl_pcapng_write_epb (TrawlPcapngOut *out,
                        guint32         if_id,
                        guint64         ts_ns,
                        guint32         caplen,
                        guint32         origlen,
                        const guint8   *data)
{
  guint8 *start = reserve (out, 28 + pad4 (caplen) + 4);
  guint8 *p;
  gsize padded = pad4 (caplen);

  if (start == NULL)
    return;
  p = put32 (start, BT_EPB);
  p += 4;
  p = put32 (p, if_id);
  p = put32 (p, ts_ns >> 32);
  p = put32 (p, ts_ns & 0xffffffffu);
  p = put32 (p, caplen);
  p = put32 (p, origlen);
  memcpy (p, data, caplen);
  memset (p + caplen, 0, padded - caplen);
  p += padded;
  commit (out, start, p);
}

void
trawl_pcapng_write_isb (TrawlPcapngOut *out,
                        guint32         if_id,
                        guint64         ts_ns,
                        guint64         start_ns,
                        guint64         ifrecv,
                        guint64         ifdrop,
                        guint64         usrdeliv)
{
  guint8 *start = reserve (out, 20 + 5 * 12 + 4 + 4);
  guint8 *p;

  if (start == NULL)
    return;
  p = put32 (start, BT_ISB);
  p += 4;
  p = put32 (p, if_id);
  p = put32 (p, ts_ns >> 32);
  p = put32 (p, ts_ns & 0xffffffffu);
  p = put_option_ts (p, ISB_STARTTIME, start_ns);
  p = put_option_ts (p, ISB_ENDTIME, ts_ns);
  p = put_option_u64 (p, ISB_IFRECV, ifrecv);
  p = put_option_u64 (p, ISB_IFDROP, ifdrop);
  p = put_option_u64 (p, ISB_USRDELIV, usrdeliv);
  p = put_end (p);
  commit (out, start, p);
}
