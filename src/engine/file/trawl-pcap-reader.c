/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-pcap-reader.c: classic libpcap files
 *
 * A 24-byte file header (magic, version, snaplen, link type) and then
 * records of a 16-byte header (seconds, micro- or nanoseconds, captured
 * length, wire length) followed by the captured bytes.  The magic tells
 * the byte order and the timestamp unit.
 */
#include "config.h"

#include "trawl-capture-file-private.h"

#define PCAP_FILE_HEADER_LEN   24
#define PCAP_RECORD_HEADER_LEN 16

/* The link type field carries FCS information in its upper bits
 * (bits 26-31); the link type itself is in the low bits. */
#define PCAP_LINKTYPE_MASK 0x03ffffffu

#define LINKTYPE_DBUS       231
#define LINKTYPE_USBPCAP    249
#define LINKTYPE_EBHSCR     279

typedef struct
{
  gboolean big;
  gboolean nsec;
  guint32  snaplen;
  guint32  linktype;
} PcapHeader;

static void
parse_header (const guint8 *d,
              PcapHeader   *h)
{
  guint32 magic = trawl_read32 (d, TRUE);

  h->big = magic == 0xa1b2c3d4 || magic == 0xa1b23c4d;
  h->nsec = magic == 0xa1b23c4d || magic == 0x4d3cb2a1;
  h->snaplen = trawl_read32 (d + 16, h->big);
  h->linktype = trawl_read32 (d + 20, h->big) & PCAP_LINKTYPE_MASK;
}

/* Wireshark allows records up to a per-link-type maximum, whatever the
 * file's snaplen says; anything bigger is damage. */
static guint32
max_caplen_for (guint32 linktype)
{
  switch (linktype)
    {
    case LINKTYPE_DBUS:
    case LINKTYPE_USBPCAP:
    case LINKTYPE_EBHSCR:
      return TRAWL_MAX_CAPLEN_LARGE;
    default:
      return TRAWL_MAX_CAPLEN_STANDARD;
    }
}

gboolean
trawl_pcap_check_header (TrawlCaptureFile *self,
                         const guint8     *data,
                         guint64           size,
                         GError          **error)
{
  g_autofree char *shown = g_filename_display_name (trawl_capture_file_get_path (self));
  TrawlInterface iface = { 0 };
  PcapHeader h;
  guint16 major;

  if (size < PCAP_FILE_HEADER_LEN)
    {
      g_set_error (error, TRAWL_CAPTURE_FILE_ERROR, TRAWL_CAPTURE_FILE_ERROR_DAMAGED,
                   "‘%s’ is damaged: the pcap file header needs %u bytes, the file has only %u",
                   shown, PCAP_FILE_HEADER_LEN, (guint)size);
      return FALSE;
    }

  parse_header (data, &h);
  major = trawl_read16 (data + 4, h.big);
  if (major != 2)
    {
      g_set_error (error, TRAWL_CAPTURE_FILE_ERROR, TRAWL_CAPTURE_FILE_ERROR_UNSUPPORTED,
                   "‘%s’ is a pcap file of version %u.%u, which is not supported",
                   shown, major, trawl_read16 (data + 6, h.big));
      return FALSE;
    }

  iface.linktype = h.linktype;
  iface.snaplen = h.snaplen;
  iface.tsresol_num = h.nsec ? 9 : 6;
  iface.tsresol = h.nsec ? G_GUINT64_CONSTANT (1000000000) : 1000000;
  iface.isb_drops = G_MAXUINT64;
  iface.isb_recv = G_MAXUINT64;
  trawl_capture_file_add_interface (self, &iface);
  return TRUE;
}

/* The loop is written once and specialised by the compiler for each byte
 * order and timestamp unit, so the per-record work is a few loads and
 * stores. */
static G_ALWAYS_INLINE inline void
index_records (TrawlIndexer *ix,
               gboolean      big,
               gboolean      nsec,
               guint32       max_caplen)
{
  const guint64 size = ix->size;
  const guint64 frac_mul = nsec ? 1 : 1000;
  guint64 off = MAX (ix->start, PCAP_FILE_HEADER_LEN);

  for (;; ix->stopped_at = off)
    {
      guint64 left = size - off;
      TrawlFrameRecord *rec;
      const guint8 *h;
      guint32 caplen;

      ix->stopped_at = off;
      if (off >= size)
        return;
      if (G_UNLIKELY (left < PCAP_RECORD_HEADER_LEN))
        {
          /* A live capture's next record, not written yet. */
          if (ix->growing)
            return;
          trawl_indexer_damage (ix, off,
                                "the last frame is cut short: its record header at byte %" G_GUINT64_FORMAT
                                " needs %u bytes, only %u are left",
                                off, PCAP_RECORD_HEADER_LEN, (guint)left);
          return;
        }

      h = trawl_indexer_peek (ix, off, PCAP_RECORD_HEADER_LEN);
      caplen = trawl_read32 (h + 8, big);
      if (G_UNLIKELY (caplen > max_caplen))
        {
          trawl_indexer_damage (ix, off,
                                "the record at byte %" G_GUINT64_FORMAT " is damaged: its captured length"
                                " at byte %" G_GUINT64_FORMAT " says %u, more than the maximum of %u",
                                off, off + 8, caplen, max_caplen);
          return;
        }
      if (G_UNLIKELY (left - PCAP_RECORD_HEADER_LEN < caplen))
        {
          if (ix->growing)
            return;
          trawl_indexer_damage (ix, off,
                                "the last frame is cut short: record at byte %" G_GUINT64_FORMAT
                                " needs %u bytes, only %u are left",
                                off, PCAP_RECORD_HEADER_LEN + caplen, (guint)left);
          return;
        }

      rec = trawl_indexer_slot (ix);
      if (G_UNLIKELY (rec == NULL))
        return;

      rec->offset = off + PCAP_RECORD_HEADER_LEN;
      /* Seconds are unsigned 32-bit: the product fits in a gint64. */
      rec->ts_ns = (gint64)((guint64)trawl_read32 (h, big) * G_GUINT64_CONSTANT (1000000000) +
                            (guint64)trawl_read32 (h + 4, big) * frac_mul);
      rec->caplen = caplen;
      rec->wirelen = trawl_read32 (h + 12, big);
      rec->iface = 0;
      rec->comment = 0;

      off += PCAP_RECORD_HEADER_LEN + (guint64)caplen;
      if (G_UNLIKELY (!trawl_indexer_commit (ix, off)))
        {
          ix->stopped_at = off;
          return;
        }
    }
}

void
trawl_pcap_index (TrawlIndexer *ix)
{
  PcapHeader h;
  guint32 max_caplen;

  parse_header (ix->data, &h);
  max_caplen = max_caplen_for (h.linktype);

  if (h.big && h.nsec)
    index_records (ix, TRUE, TRUE, max_caplen);
  else if (h.big)
    index_records (ix, TRUE, FALSE, max_caplen);
  else if (h.nsec)
    index_records (ix, FALSE, TRUE, max_caplen);
  else
    index_records (ix, FALSE, FALSE, max_caplen);
}
