/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-pcapng-reader.c: pcapng files
 *
 * A pcapng file is a list of blocks (type, total length, body, total
 * length again).  A Section Header Block starts each section and sets
 * its byte order; Interface Description Blocks number the interfaces
 * from 0 within a section, so we map them onto one global interface
 * table.  Frames come in Enhanced, Simple and (obsolete) Packet Blocks.
 * Every length is checked against the block, and the block against the
 * file, before anything is read.
 */
#include "config.h"

#include "trawl-capture-file-private.h"

#define BT_SHB    0x0a0d0d0au
#define BT_IDB    0x00000001u
#define BT_PB     0x00000002u
#define BT_SPB    0x00000003u
#define BT_NRB    0x00000004u
#define BT_ISB    0x00000005u
#define BT_EPB    0x00000006u

#define BYTE_ORDER_MAGIC 0x1a2b3c4du

#define OPT_ENDOFOPT   0
#define OPT_COMMENT    1
#define IF_NAME        2
#define IF_DESCRIPTION 3
#define IF_TSRESOL     9
#define IF_TSOFFSET    14
#define ISB_IFRECV     4
#define ISB_IFDROP     5

#define BLOCK_MIN_LEN  12u
#define SHB_MIN_LEN    28u
#define PAD4(x)        (((guint64)(x) + 3) & ~(guint64)3)

/* What an EPB needs to turn ticks into ns, per section-local interface. */
typedef struct
{
  guint32 global;
  guint32 snaplen;
  guint32 max_caplen;
  guint8  pow2_shift;   /* ticks per second is 2^shift (0: power of 10) */
  guint64 mul;          /* ns per tick when ticks per second <= 1e9 */
  guint64 div;          /* ticks per ns otherwise */
  guint64 tsresol;
  guint64 offset_ns;    /* if_tsoffset, as ns (two's complement) */
} NgIface;

typedef struct
{
  TrawlIndexer *ix;
  const guint8 *d;
  guint64       size;
  gboolean      big;        /* this section's byte order */
  guint32       section;    /* 0-based; G_MAXUINT32 before the first SHB */
  GArray       *ifaces;     /* NgIface, this section's interfaces */
  const guint8 *blk;        /* the current block's bytes (index window) */
  guint64       blk_off;    /* ...and where they are in the file */
} NgReader;

/* The byte at file offset @abs, inside the current block. */
static inline const guint8 *
at (NgReader *r,
    guint64   abs)
{
  return r->blk + (abs - r->blk_off);
}

static inline gint64
ticks_to_ns (const NgIface *i,
             guint64        ticks)
{
  guint64 ns;

  if (i->pow2_shift != 0)
    {
      guint64 sec = i->pow2_shift < 64 ? ticks >> i->pow2_shift : 0;
      guint64 frac = i->pow2_shift < 64 ? ticks & ((G_GUINT64_CONSTANT (1) << i->pow2_shift) - 1) : ticks;

      ns = sec * G_GUINT64_CONSTANT (1000000000) +
           (guint64)(((unsigned __int128)frac * 1000000000u) >> i->pow2_shift);
    }
  else if (i->mul != 0)
    ns = ticks * i->mul;
  else
    ns = ticks / i->div;

  /* Unsigned arithmetic: a hostile file may overflow, but never UB. */
  return (gint64)(ns + i->offset_ns);
}

static void
set_tsresol (NgIface        *ni,
             TrawlInterface *iface,
             guint8          raw)
{
  guint exp = raw & 0x7f;

  iface->tsresol_num = raw;
  ni->pow2_shift = 0;
  ni->mul = 0;
  ni->div = 0;

  if (raw & 0x80)
    {
      /* Powers of two: Wireshark allows exponents below 64. */
      exp = MIN (exp, 63);
      if (exp == 0)
        {
          ni->mul = G_GUINT64_CONSTANT (1000000000);
          iface->tsresol = 1;
          return;
        }
      ni->pow2_shift = exp;
      iface->tsresol = G_GUINT64_CONSTANT (1) << exp;
      return;
    }

  if (exp > 19)
    {
      /* Too fine to count in 64 bits: Wireshark falls back to the
       * largest value, and so do we. */
      iface->tsresol = G_MAXUINT64;
      ni->div = G_MAXUINT64 / G_GUINT64_CONSTANT (1000000000);
      return;
    }

  iface->tsresol = 1;
  for (guint k = 0; k < exp; k++)
    iface->tsresol *= 10;
  if (exp <= 9)
    ni->mul = G_GUINT64_CONSTANT (1000000000) / iface->tsresol;
  else
    ni->div = iface->tsresol / G_GUINT64_CONSTANT (1000000000);
}

/* Calls @fn for each option in [start, end) until opt_endofopt, the end,
 * or an option that does not fit.  Bounded by the block. */
typedef void (*OptionFunc) (NgReader     *r,
                            guint16       code,
                            const guint8 *value,
                            guint16       len,
                            gpointer      data);

static void
walk_options (NgReader   *r,
              guint64     start,
              guint64     end,
              OptionFunc  fn,
              gpointer    data)
{
  guint64 off = start;

  while (off + 4 <= end)
    {
      guint16 code = trawl_read16 (at (r, off), r->big);
      guint16 len = trawl_read16 (at (r, off + 2), r->big);

      if (code == OPT_ENDOFOPT)
        return;
      if (len > end - off - 4)
        return;
      fn (r, code, at (r, off + 4), len, data);
      off += 4 + PAD4 (len);
    }
}

static void
shb_option (NgReader     *r,
            guint16       code,
            const guint8 *value,
            guint16       len,
            gpointer      data)
{
  if (code == OPT_COMMENT)
    trawl_capture_file_add_section_comment (r->ix->file, (const char *)value, len);
}

typedef struct
{
  TrawlInterface iface;
  NgIface        ni;
} IdbOptions;

static void
idb_option (NgReader     *r,
            guint16       code,
            const guint8 *value,
            guint16       len,
            gpointer      data)
{
  IdbOptions *o = data;

  switch (code)
    {
    case IF_NAME:
      if (o->iface.name == NULL)
        o->iface.name = g_utf8_make_valid ((const char *)value, len);
      break;

    case IF_DESCRIPTION:
      if (o->iface.description == NULL)
        o->iface.description = g_utf8_make_valid ((const char *)value, len);
      break;

    case IF_TSRESOL:
      if (len >= 1)
        set_tsresol (&o->ni, &o->iface, value[0]);
      break;

    case IF_TSOFFSET:
      if (len >= 8)
        o->iface.tsoffset = (gint64)trawl_read64 (value, r->big);
      break;

    default:
      break;
    }
}

static void
isb_option (NgReader     *r,
            guint16       code,
            const guint8 *value,
            guint16       len,
            gpointer      data)
{
  TrawlInterface *iface = data;

  if (len < 8)
    return;
  if (code == ISB_IFRECV)
    iface->isb_recv = trawl_read64 (value, r->big);
  else if (code == ISB_IFDROP)
    iface->isb_drops = trawl_read64 (value, r->big);
}

static void
comment_option (NgReader     *r,
                guint16       code,
                const guint8 *value,
                guint16       len,
                gpointer      data)
{
  guint32 *comment = data;

  /* Keep the first comment: TrawlPacket carries one. */
  if (code == OPT_COMMENT && *comment == 0)
    *comment = trawl_capture_file_add_comment (r->ix->file, (const char *)value, len);
}

/* ---- blocks ---- */

static gboolean
read_shb (NgReader *r,
          guint64   off,
          guint32   len)
{
  guint16 major;

  if (len < SHB_MIN_LEN)
    {
      trawl_indexer_damage (r->ix, off,
                            "the section header block at byte %" G_GUINT64_FORMAT
                            " is %u bytes long, less than the minimum of %u",
                            off, len, SHB_MIN_LEN);
      return FALSE;
    }

  major = trawl_read16 (at (r, off + 12), r->big);
  if (major != 1)
    {
      trawl_indexer_damage (r->ix, off,
                            "the section header block at byte %" G_GUINT64_FORMAT
                            " has version %u.%u, which is not supported",
                            off, major, trawl_read16 (at (r, off + 14), r->big));
      return FALSE;
    }

  r->section++;
  g_array_set_size (r->ifaces, 0);
  walk_options (r, off + 24, off + len - 4, shb_option, NULL);
  return TRUE;
}

static gboolean
read_idb (NgReader *r,
          guint64   off,
          guint32   len)
{
  IdbOptions o = { 0 };
  guint32 global;

  if (len < 20)
    {
      trawl_indexer_damage (r->ix, off,
                            "the interface description block at byte %" G_GUINT64_FORMAT
                            " is %u bytes long, less than the minimum of 20", off, len);
      return FALSE;
    }

  o.iface.linktype = trawl_read16 (at (r, off + 8), r->big);
  o.iface.snaplen = trawl_read32 (at (r, off + 12), r->big);
  o.iface.section = r->section;
  o.iface.section_index = r->ifaces->len;
  o.iface.isb_drops = G_MAXUINT64;
  o.iface.isb_recv = G_MAXUINT64;
  set_tsresol (&o.ni, &o.iface, 6);
  walk_options (r, off + 16, off + len - 4, idb_option, &o);

  global = trawl_capture_file_add_interface (r->ix->file, &o.iface);
  if (global == G_MAXUINT32)
    {
      g_free (o.iface.name);
      g_free (o.iface.description);
      trawl_indexer_damage (r->ix, off, "more than %u interfaces: the rest of the file is not read",
                            TRAWL_MAX_INTERFACES);
      return FALSE;
    }

  o.ni.global = global;
  o.ni.snaplen = o.iface.snaplen;
  o.ni.tsresol = o.iface.tsresol;
  o.ni.offset_ns = (guint64)o.iface.tsoffset * G_GUINT64_CONSTANT (1000000000);
  o.ni.max_caplen = o.iface.linktype == 231 || o.iface.linktype == 249 || o.iface.linktype == 279
                    ? TRAWL_MAX_CAPLEN_LARGE : TRAWL_MAX_CAPLEN_STANDARD;
  g_array_append_val (r->ifaces, o.ni);
  return TRUE;
}

static const NgIface *
lookup_iface (NgReader   *r,
              guint64     off,
              guint32     id,
              const char *block)
{
  if (G_UNLIKELY (id >= r->ifaces->len))
    {
      trawl_indexer_damage (r->ix, off,
                            "the %s at byte %" G_GUINT64_FORMAT " names interface %u,"
                            " but its section has only %u",
                            block, off, id, r->ifaces->len);
      return NULL;
    }
  return &g_array_index (r->ifaces, NgIface, id);
}

/* Enhanced (type 6) and obsolete (type 2) Packet Blocks share a layout
 * after the interface id. */
static gboolean
read_packet (NgReader *r,
             guint64   off,
             guint32   len,
             gboolean  obsolete)
{
  const char *block = obsolete ? "packet block" : "enhanced packet block";
  const guint8 *b = at (r, off);
  guint32 body = len - BLOCK_MIN_LEN;
  const NgIface *ni;
  TrawlFrameRecord *rec;
  guint32 id, caplen;
  guint64 ticks, data_end;
  guint32 comment = 0;

  if (G_UNLIKELY (body < 20))
    {
      trawl_indexer_damage (r->ix, off,
                            "the %s at byte %" G_GUINT64_FORMAT " is %u bytes long, less than the minimum of 32",
                            block, off, len);
      return FALSE;
    }

  id = obsolete ? trawl_read16 (b + 8, r->big) : trawl_read32 (b + 8, r->big);
  ni = lookup_iface (r, off, id, block);
  if (ni == NULL)
    return FALSE;

  caplen = trawl_read32 (b + 20, r->big);
  if (G_UNLIKELY (caplen > body - 20))
    {
      trawl_indexer_damage (r->ix, off,
                            "the %s at byte %" G_GUINT64_FORMAT " claims %u captured bytes,"
                            " but the block has room for only %u",
                            block, off, caplen, body - 20);
      return FALSE;
    }
  if (G_UNLIKELY (caplen > ni->max_caplen))
    {
      trawl_indexer_damage (r->ix, off,
                            "the %s at byte %" G_GUINT64_FORMAT " claims %u captured bytes,"
                            " more than the maximum of %u",
                            block, off, caplen, ni->max_caplen);
      return FALSE;
    }

  /* Options follow the padded data: only look when there is room. */
  data_end = off + 28 + PAD4 (caplen);
  if (G_UNLIKELY (data_end + 4 < off + len))
    walk_options (r, data_end, off + len - 4, comment_option, &comment);

  rec = trawl_indexer_slot (r->ix);
  if (G_UNLIKELY (rec == NULL))
    return FALSE;

  ticks = ((guint64)trawl_read32 (b + 12, r->big) << 32) | trawl_read32 (b + 16, r->big);
  rec->offset = off + 28;
  rec->ts_ns = ticks_to_ns (ni, ticks);
  rec->caplen = caplen;
  rec->wirelen = trawl_read32 (b + 24, r->big);
  rec->iface = ni->global;
  rec->comment = comment;
  return trawl_indexer_commit (r->ix, off + len);
}

/* A Simple Packet Block has only the wire length: the captured length is
 * that cut to the interface's snaplen, and there is no timestamp
 * (tshark shows none; the record says 0). */
static gboolean
read_spb (NgReader *r,
          guint64   off,
          guint32   len)
{
  const NgIface *ni;
  TrawlFrameRecord *rec;
  guint32 wirelen, caplen;

  if (G_UNLIKELY (len < 16))
    {
      trawl_indexer_damage (r->ix, off,
                            "the simple packet block at byte %" G_GUINT64_FORMAT
                            " is %u bytes long, less than the minimum of 16", off, len);
      return FALSE;
    }

  ni = lookup_iface (r, off, 0, "simple packet block");
  if (ni == NULL)
    return FALSE;

  wirelen = trawl_read32 (at (r, off + 8), r->big);
  caplen = wirelen;
  if (ni->snaplen != 0)
    caplen = MIN (caplen, ni->snaplen);
  caplen = MIN (caplen, ni->max_caplen);
  /* Like Wireshark, a block too small for what the snaplen promised is
   * damage, not a shorter frame. */
  if (G_UNLIKELY (caplen > len - 16))
    {
      trawl_indexer_damage (r->ix, off,
                            "the simple packet block at byte %" G_GUINT64_FORMAT " should hold %u bytes"
                            " of a %u-byte frame, but has room for only %u",
                            off, caplen, wirelen, len - 16);
      return FALSE;
    }

  rec = trawl_indexer_slot (r->ix);
  if (G_UNLIKELY (rec == NULL))
    return FALSE;

  rec->offset = off + 12;
  rec->ts_ns = 0;
  rec->caplen = caplen;
  rec->wirelen = wirelen;
  rec->iface = ni->global;
  rec->comment = 0;
  return trawl_indexer_commit (r->ix, off + len);
}

static void
read_isb (NgReader *r,
          guint64   off,
          guint32   len)
{
  TrawlInterface *iface;
  guint32 id;

  if (len < 24)
    return;
  id = trawl_read32 (at (r, off + 8), r->big);
  if (id >= r->ifaces->len)
    return;

  iface = trawl_capture_file_peek_interface (r->ix->file,
                                             g_array_index (r->ifaces, NgIface, id).global);
  if (iface != NULL)
    walk_options (r, off + 20, off + len - 4, isb_option, iface);
}

/* Returns the checked length of the block at @off, or 0 after setting
 * the damage warning. */
static guint32
check_block (NgReader *r,
             guint64   off)
{
  guint64 left = r->size - off;
  guint32 len, trailer;

  if (left < BLOCK_MIN_LEN)
    {
      /* A live capture's next block, not written yet. */
      if (r->ix->growing)
        return 0;
      trawl_indexer_damage (r->ix, off,
                            "the last block is cut short: its header at byte %" G_GUINT64_FORMAT
                            " needs %u bytes, only %u are left",
                            off, BLOCK_MIN_LEN, (guint)left);
      return 0;
    }

  len = trawl_read32 (at (r, off + 4), r->big);
  if (len < BLOCK_MIN_LEN)
    {
      trawl_indexer_damage (r->ix, off,
                            "the block at byte %" G_GUINT64_FORMAT " is damaged: its length at byte %"
                            G_GUINT64_FORMAT " says %u, less than the minimum of %u",
                            off, off + 4, len, BLOCK_MIN_LEN);
      return 0;
    }
  if (len % 4 != 0)
    {
      trawl_indexer_damage (r->ix, off,
                            "the block at byte %" G_GUINT64_FORMAT " is damaged: its length at byte %"
                            G_GUINT64_FORMAT " says %u, which is not a multiple of 4",
                            off, off + 4, len);
      return 0;
    }
  if (len > left)
    {
      if (r->ix->growing)
        return 0;
      /* A cut-short file and a damaged length look the same here. */
      trawl_indexer_damage (r->ix, off,
                            "the last block is cut short or its length is damaged: the block at byte %"
                            G_GUINT64_FORMAT " needs %u bytes (length at byte %" G_GUINT64_FORMAT
                            "), only %u are left",
                            off, len, off + 4, (guint)MIN (left, G_MAXUINT));
      return 0;
    }

  /* From here on the whole block is at hand. */
  r->blk = trawl_indexer_peek (r->ix, off, len);
  r->blk_off = off;
  trailer = trawl_read32 (at (r, off + len - 4), r->big);
  if (trailer != len)
    {
      trawl_indexer_damage (r->ix, off,
                            "the block at byte %" G_GUINT64_FORMAT " is damaged: its length at byte %"
                            G_GUINT64_FORMAT " says %u, but the copy at its end (byte %" G_GUINT64_FORMAT
                            ") says %u",
                            off, off + 4, len, off + len - 4, trailer);
      return 0;
    }
  return len;
}

/* A section header sets the byte order before its length can be read. */
static gboolean
read_byte_order (NgReader *r,
                 guint64   off)
{
  guint32 bom;

  if (r->size - off < BLOCK_MIN_LEN)
    return TRUE;  /* check_block() reports it */

  bom = trawl_read32 (at (r, off + 8), TRUE);
  if (bom == BYTE_ORDER_MAGIC)
    r->big = TRUE;
  else if (GUINT32_SWAP_LE_BE (bom) == BYTE_ORDER_MAGIC)
    r->big = FALSE;
  else
    {
      trawl_indexer_damage (r->ix, off,
                            "the section header block at byte %" G_GUINT64_FORMAT
                            " has an unknown byte-order magic 0x%08x", off, bom);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_block (NgReader *r,
            guint64   off,
            guint32  *out_len)
{
  guint32 type = 0;
  guint32 len;

  /* check_block() reports blocks too short for a header. */
  if (r->size - off >= BLOCK_MIN_LEN)
    {
      r->blk = trawl_indexer_peek (r->ix, off, BLOCK_MIN_LEN);
      r->blk_off = off;
      type = trawl_read32 (at (r, off), r->big);
      if (type == BT_SHB && !read_byte_order (r, off))
        return FALSE;
    }

  len = check_block (r, off);
  if (len == 0)
    return FALSE;
  *out_len = len;

  switch (type)
    {
    case BT_EPB:
      return read_packet (r, off, len, FALSE);
    case BT_SHB:
      return read_shb (r, off, len);
    case BT_IDB:
      return read_idb (r, off, len);
    case BT_SPB:
      return read_spb (r, off, len);
    case BT_PB:
      return read_packet (r, off, len, TRUE);
    case BT_ISB:
      read_isb (r, off, len);
      return TRUE;
    case BT_NRB:
    default:
      /* Name resolution, decryption secrets, custom and unknown blocks:
       * their length is checked, their contents are not needed. */
      return TRUE;
    }
}

gboolean
trawl_pcapng_check_header (TrawlCaptureFile *self,
                           const guint8     *data,
                           guint64           size,
                           GError          **error)
{
  g_autofree char *shown = g_filename_display_name (trawl_capture_file_get_path (self));
  gboolean big;
  guint32 bom, len;

  if (size < SHB_MIN_LEN)
    {
      g_set_error (error, TRAWL_CAPTURE_FILE_ERROR, TRAWL_CAPTURE_FILE_ERROR_DAMAGED,
                   "‘%s’ is damaged: the pcapng section header needs %u bytes, the file has only %u",
                   shown, SHB_MIN_LEN, (guint)size);
      return FALSE;
    }

  bom = trawl_read32 (data + 8, TRUE);
  if (bom == BYTE_ORDER_MAGIC)
    big = TRUE;
  else if (GUINT32_SWAP_LE_BE (bom) == BYTE_ORDER_MAGIC)
    big = FALSE;
  else
    {
      g_set_error (error, TRAWL_CAPTURE_FILE_ERROR, TRAWL_CAPTURE_FILE_ERROR_DAMAGED,
                   "‘%s’ is damaged: unknown pcapng byte-order magic 0x%08x at byte 8",
                   shown, bom);
      return FALSE;
    }

  len = trawl_read32 (data + 4, big);
  if (len < SHB_MIN_LEN || len % 4 != 0 || len > size ||
      trawl_read32 (data + len - 4, big) != len)
    {
      g_set_error (error, TRAWL_CAPTURE_FILE_ERROR, TRAWL_CAPTURE_FILE_ERROR_DAMAGED,
                   "‘%s’ is damaged: the pcapng section header has a bad length (%u)",
                   shown, len);
      return FALSE;
    }

  if (trawl_read16 (data + 12, big) != 1)
    {
      g_set_error (error, TRAWL_CAPTURE_FILE_ERROR, TRAWL_CAPTURE_FILE_ERROR_UNSUPPORTED,
                   "‘%s’ is a pcapng file of version %u.%u, which is not supported",
                   shown, trawl_read16 (data + 12, big), trawl_read16 (data + 14, big));
      return FALSE;
    }
  return TRUE;
}

/* What a walk of a growing file hands to the next one. */
typedef struct
{
  gboolean big;
  guint32  section;
  GArray  *ifaces;
} NgState;

static void
ng_state_free (gpointer data)
{
  NgState *st = data;

  g_array_unref (st->ifaces);
  g_free (st);
}

void
trawl_pcapng_index (TrawlIndexer *ix)
{
  NgReader r = { 0 };
  NgState *st = NULL;
  guint64 off = ix->start;

  r.ix = ix;
  r.d = ix->data;
  r.size = ix->size;
  r.section = G_MAXUINT32;
  if (ix->state != NULL && *ix->state != NULL)
    {
      st = *ix->state;
      r.big = st->big;
      r.section = st->section;
      r.ifaces = st->ifaces;
    }
  else
    r.ifaces = g_array_new (FALSE, FALSE, sizeof (NgIface));

  while (off < r.size)
    {
      guint32 len = 0;

      /* The next walk of a growing file starts at the block that
       * stopped this one (one not written in full yet). */
      if (!read_block (&r, off, &len))
        break;
      off += len;
    }
  ix->stopped_at = off;

  if (ix->state == NULL)
    {
      g_array_unref (r.ifaces);
      return;
    }
  if (st == NULL)
    {
      st = g_new0 (NgState, 1);
      *ix->state = st;
      *ix->state_free = ng_state_free;
    }
  st->big = r.big;
  st->section = r.section;
  st->ifaces = r.ifaces;
}

guint64
trawl_pcapng_record_start (const guint8 *data,
                           guint64       size,
                           guint64       data_offset,
                           guint32       caplen)
{
  /* The index keeps only where the bytes are.  A Simple Packet Block has
   * its type 12 bytes before them and a block length that covers the
   * data; in an EPB that word is the low timestamp and the length word is
   * the captured length, which is always smaller than a block length. */
  if (data_offset >= 12)
    {
      const guint8 *p = data + data_offset - 12;

      for (int big = 0; big < 2; big++)
        if (trawl_read32 (p, big) == BT_SPB && trawl_read32 (p + 4, big) >= 16 + (guint64)caplen)
          return data_offset - 12;
    }
  return data_offset >= 28 ? data_offset - 28 : 0;
}
