/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-cursor.h: the one bounds-checked way to read packet bytes
 *
 * Every dissector reads through a TrawlCursor.  A cursor is a window
 * [start, end) over a byte buffer (normally the whole frame) with a read
 * position.  Reads past the window never touch memory: they return 0 and
 * set the sticky `error` flag, so a dissector can read a whole header and
 * check once, in the spirit of tcpdump's GET_ macros.
 *
 * Offsets given to the get_* functions are relative to the window start;
 * the absolute offset in the buffer (what field nodes record) is
 * trawl_cursor_abs().
 */
#pragma once

#include <glib.h>
#include <string.h>

G_BEGIN_DECLS

typedef struct
{
  const guint8 *data;   /* the whole buffer (frame or reassembled data) */
  guint32       start;  /* window start in data */
  guint32       end;    /* window end (exclusive) in data */
  guint32       pos;    /* read position, absolute in data */
  guint8        ds;     /* data source: 0 = frame, >0 = extra buffer */
  gboolean      error;  /* sticky: a read went past end */
} TrawlCursor;

static inline void
trawl_cursor_init (TrawlCursor  *c,
                   const guint8 *data,
                   guint32       len)
{
  c->data = data;
  c->start = 0;
  c->end = len;
  c->pos = 0;
  c->ds = 0;
  c->error = FALSE;
}

/* Bytes in the window from the read position. */
static inline guint32
trawl_cursor_remaining (const TrawlCursor *c)
{
  return c->pos < c->end ? c->end - c->pos : 0;
}

/* Length of the whole window. */
static inline guint32
trawl_cursor_len (const TrawlCursor *c)
{
  return c->end - c->start;
}

/* Absolute offset (in the buffer) of window-relative offset @off. */
static inline guint32
trawl_cursor_abs (const TrawlCursor *c,
                  guint32            off)
{
  return c->start + off;
}

/* Window-relative offset of the read position. */
static inline guint32
trawl_cursor_tell (const TrawlCursor *c)
{
  return c->pos - c->start;
}

static inline gboolean
trawl_cursor_has (const TrawlCursor *c,
                  guint32            off,
                  guint32            n)
{
  /* written to avoid overflow: off and n may be attacker controlled */
  guint32 len = c->end - c->start;
  return off <= len && n <= len - off;
}

/* Pointer to @n bytes at window-relative @off, or NULL (and error) if they
 * are not all inside the window. */
static inline const guint8 *
trawl_cursor_ptr (TrawlCursor *c,
                  guint32      off,
                  guint32      n)
{
  if (!trawl_cursor_has (c, off, n))
    {
      c->error = TRUE;
      return NULL;
    }
  return c->data + c->start + off;
}

static inline guint8
trawl_cursor_get_u8 (TrawlCursor *c,
                     guint32      off)
{
  const guint8 *p = trawl_cursor_ptr (c, off, 1);
  return p ? p[0] : 0;
}

static inline guint16
trawl_cursor_get_u16 (TrawlCursor *c,
                      guint32      off)
{
  const guint8 *p = trawl_cursor_ptr (c, off, 2);
  return p ? (guint16) ((p[0] << 8) | p[1]) : 0;
}

static inline guint16
trawl_cursor_get_u16le (TrawlCursor *c,
                        guint32      off)
{
  const guint8 *p = trawl_cursor_ptr (c, off, 2);
  return p ? (guint16) ((p[1] << 8) | p[0]) : 0;
}

static inline guint32
trawl_cursor_get_u24 (TrawlCursor *c,
                      guint32      off)
{
  const guint8 *p = trawl_cursor_ptr (c, off, 3);
  return p ? ((guint32) p[0] << 16) | ((guint32) p[1] << 8) | p[2] : 0;
}

static inline guint32
trawl_cursor_get_u32 (TrawlCursor *c,
                      guint32      off)
{
  const guint8 *p = trawl_cursor_ptr (c, off, 4);
  return p ? ((guint32) p[0] << 24) | ((guint32) p[1] << 16) |
             ((guint32) p[2] << 8) | p[3] : 0;
}

static inline guint32
trawl_cursor_get_u32le (TrawlCursor *c,
                        guint32      off)
{
  const guint8 *p = trawl_cursor_ptr (c, off, 4);
  return p ? ((guint32) p[3] << 24) | ((guint32) p[2] << 16) |
             ((guint32) p[1] << 8) | p[0] : 0;
}

static inline guint64
trawl_cursor_get_u64 (TrawlCursor *c,
                      guint32      off)
{
  const guint8 *p = trawl_cursor_ptr (c, off, 8);
  guint64 v = 0;
  if (p)
    for (guint i = 0; i < 8; i++)
      v = (v << 8) | p[i];
  return v;
}

static inline guint64
trawl_cursor_get_u64le (TrawlCursor *c,
                        guint32      off)
{
  const guint8 *p = trawl_cursor_ptr (c, off, 8);
  guint64 v = 0;
  if (p)
    for (guint i = 8; i > 0; i--)
      v = (v << 8) | p[i - 1];
  return v;
}

/* A sub-window of @n bytes at window-relative @off.  When fewer bytes are
 * present the sub-window is clipped to what exists and *clipped is set:
 * the caller marks its layer truncated but still dissects what is there. */
static inline TrawlCursor
trawl_cursor_sub (const TrawlCursor *c,
                  guint32            off,
                  guint32            n,
                  gboolean          *clipped)
{
  TrawlCursor s = *c;
  guint32 len = c->end - c->start;
  gboolean clip = FALSE;

  if (off > len)
    {
      off = len;
      clip = TRUE;
    }
  if (n > len - off)
    {
      n = len - off;
      clip = TRUE;
    }
  s.start = c->start + off;
  s.end = s.start + n;
  s.pos = s.start;
  s.error = FALSE;
  if (clipped)
    *clipped = clip;
  return s;
}

/* The rest of the window from window-relative @off. */
static inline TrawlCursor
trawl_cursor_tail (const TrawlCursor *c,
                   guint32            off)
{
  guint32 len = c->end - c->start;
  return trawl_cursor_sub (c, off, off <= len ? len - off : 0, NULL);
}

/* Sequential reads, advancing pos. */
static inline guint8
trawl_cursor_read_u8 (TrawlCursor *c)
{
  guint8 v = trawl_cursor_get_u8 (c, c->pos - c->start);
  c->pos += 1;
  return v;
}

static inline guint16
trawl_cursor_read_u16 (TrawlCursor *c)
{
  guint16 v = trawl_cursor_get_u16 (c, c->pos - c->start);
  c->pos += 2;
  return v;
}

static inline guint32
trawl_cursor_read_u32 (TrawlCursor *c)
{
  guint32 v = trawl_cursor_get_u32 (c, c->pos - c->start);
  c->pos += 4;
  return v;
}

static inline gboolean
trawl_cursor_skip (TrawlCursor *c,
                   guint32      n)
{
  if (n > trawl_cursor_remaining (c))
    {
      c->pos = c->end;
      c->error = TRUE;
      return FALSE;
    }
  c->pos += n;
  return TRUE;
}

/* Window-relative offset of the first @ch at or after @off, or -1. */
static inline gint64
trawl_cursor_find (const TrawlCursor *c,
                   guint32            off,
                   guint8             ch)
{
  guint32 len = c->end - c->start;
  const guint8 *p;

  if (off >= len)
    return -1;
  p = memchr (c->data + c->start + off, ch, len - off);
  return p ? (gint64) (p - (c->data + c->start)) : -1;
}

G_END_DECLS
