/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-capture-writer.c: write frames of a capture file as pcap or pcapng
 *
 * Both formats are written in the host's byte order, as libpcap and
 * Wireshark do.  Frame bytes are copied straight from the reader's
 * mapping through one output buffer, so a million frames cost one pass
 * over the index and big sequential writes.
 */
#include "config.h"

#include <string.h>

#include <gio/gunixoutputstream.h>
#include <glib/gi18n.h>

#include "trawl-capture-writer.h"
#include "trawl-file-target.h"

/* pcapng block types and option codes (draft-ietf-opsawg-pcapng). */
#define PCAPNG_SHB            0x0A0D0D0Au
#define PCAPNG_IDB            0x00000001u
#define PCAPNG_EPB            0x00000006u
#define PCAPNG_BYTE_ORDER     0x1A2B3C4Du
#define OPT_ENDOFOPT          0
#define OPT_COMMENT           1
#define SHB_USERAPPL          4
#define IF_NAME               2
#define IF_DESCRIPTION        3
#define IF_TSRESOL            9

#define PCAP_MAGIC_USEC       0xA1B2C3D4u
#define PCAP_MAGIC_NSEC       0xA1B23C4Du

/* What pcap files say when the source gave no snapshot length: libpcap's
 * and Wireshark's default. */
#define DEFAULT_SNAPLEN       262144u

#define OUT_BUFFER_SIZE       (1u << 20)
/* How often the loop checks the cancellable and publishes progress. */
#define FRAMES_PER_STEP       4096u

typedef enum
{
  SELECT_ALL,
  SELECT_LIST,
  SELECT_RANGE,
} Selection;

struct _TrawlCaptureWriter
{
  GObject           parent_instance;

  TrawlCaptureFile *file;
  TrawlWriteFormat  format;

  Selection         selection;
  guint32          *frames;
  guint             n_frames;
  guint32           first;
  guint32           last;

  /* Progress, read from other threads. */
  gint              done;
  gint              total;
};

G_DEFINE_FINAL_TYPE (TrawlCaptureWriter, trawl_capture_writer, G_TYPE_OBJECT)
G_DEFINE_QUARK (trawl-capture-writer-error-quark, trawl_capture_writer_error)

/* Per source interface, what the frames to write need from it. */
typedef struct
{
  gboolean used;
  guint32  out_id;       /* pcapng IDB number in the new file */
  guint32  max_caplen;
  gboolean usec;         /* pcapng: write µs ticks (no if_tsresol) */
} IfaceUse;

typedef struct
{
  GOutputStream *stream;
  GCancellable  *cancellable;
  guint8        *buf;
  gsize          len;
} Out;

static void
trawl_capture_writer_finalize (GObject *object)
{
  TrawlCaptureWriter *self = (TrawlCaptureWriter *)object;

  g_clear_object (&self->file);
  g_clear_pointer (&self->frames, g_free);

  G_OBJECT_CLASS (trawl_capture_writer_parent_class)->finalize (object);
}

static void
trawl_capture_writer_class_init (TrawlCaptureWriterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = trawl_capture_writer_finalize;
}

static void
trawl_capture_writer_init (TrawlCaptureWriter *self)
{
}

TrawlCaptureWriter *
trawl_capture_writer_new (TrawlCaptureFile *file,
                          TrawlWriteFormat  format)
{
  TrawlCaptureWriter *self;

  g_return_val_if_fail (TRAWL_IS_CAPTURE_FILE (file), NULL);
  g_return_val_if_fail (format <= TRAWL_WRITE_FORMAT_PCAP_NSEC, NULL);

  self = g_object_new (TRAWL_TYPE_CAPTURE_WRITER, NULL);
  self->file = g_object_ref (file);
  self->format = format;
  return self;
}

TrawlCaptureFile *
trawl_capture_writer_get_file (TrawlCaptureWriter *self)
{
  g_return_val_if_fail (TRAWL_IS_CAPTURE_WRITER (self), NULL);
  return self->file;
}

TrawlWriteFormat
trawl_capture_writer_get_format (TrawlCaptureWriter *self)
{
  g_return_val_if_fail (TRAWL_IS_CAPTURE_WRITER (self), TRAWL_WRITE_FORMAT_PCAPNG);
  return self->format;
}

void
trawl_capture_writer_set_frames (TrawlCaptureWriter *self,
                                 const guint32      *frames,
                                 guint               n_frames)
{
  g_return_if_fail (TRAWL_IS_CAPTURE_WRITER (self));
  g_return_if_fail (frames != NULL || n_frames == 0);

  g_clear_pointer (&self->frames, g_free);
  self->frames = n_frames ? g_memdup2 (frames, sizeof *frames * n_frames) : NULL;
  self->n_frames = n_frames;
  self->selection = SELECT_LIST;
}

void
trawl_capture_writer_set_range (TrawlCaptureWriter *self,
                                guint32             first,
                                guint32             last)
{
  g_return_if_fail (TRAWL_IS_CAPTURE_WRITER (self));
  g_return_if_fail (first <= last);

  g_clear_pointer (&self->frames, g_free);
  self->n_frames = 0;
  self->first = first;
  self->last = last;
  self->selection = SELECT_RANGE;
}

void
trawl_capture_writer_set_all (TrawlCaptureWriter *self)
{
  g_return_if_fail (TRAWL_IS_CAPTURE_WRITER (self));

  g_clear_pointer (&self->frames, g_free);
  self->n_frames = 0;
  self->selection = SELECT_ALL;
}

double
trawl_capture_writer_get_fraction (TrawlCaptureWriter *self)
{
  gint total, done;

  g_return_val_if_fail (TRAWL_IS_CAPTURE_WRITER (self), 0.0);

  total = g_atomic_int_get (&self->total);
  done = g_atomic_int_get (&self->done);
  return total > 0 ? (double)done / total : 1.0;
}

TrawlWriteFormat
trawl_capture_writer_pcap_format_for (TrawlCaptureFile *file)
{
  guint n;

  g_return_val_if_fail (TRAWL_IS_CAPTURE_FILE (file), TRAWL_WRITE_FORMAT_PCAP);

  n = trawl_capture_file_get_n_interfaces (file);
  for (guint i = 0; i < n; i++)
    {
      const TrawlInterface *ifc = trawl_capture_file_get_interface (file, i);

      if (ifc != NULL && ifc->tsresol > 1000000)
        return TRAWL_WRITE_FORMAT_PCAP_NSEC;
    }
  return TRAWL_WRITE_FORMAT_PCAP;
}

/* The selection, resolved against the frames indexed now. */
static guint32
selection_count (TrawlCaptureWriter *self,
                 guint32             n_file)
{
  switch (self->selection)
    {
    case SELECT_LIST:
      return self->n_frames;
    case SELECT_RANGE:
      return self->last - self->first + 1;
    case SELECT_ALL:
    default:
      return n_file;
    }
}

static inline guint32
selection_frame (TrawlCaptureWriter *self,
                 guint32             k)
{
  switch (self->selection)
    {
    case SELECT_LIST:
      return self->frames[k];
    case SELECT_RANGE:
      return self->first + k;
    case SELECT_ALL:
    default:
      return k;
    }
}

/* Output buffering. */

static gboolean
out_flush (Out     *out,
           GError **error)
{
  gboolean ok = TRUE;

  if (out->len > 0)
    ok = g_output_stream_write_all (out->stream, out->buf, out->len, NULL,
                                    out->cancellable, error);
  out->len = 0;
  return ok;
}

static gboolean
out_put (Out         *out,
         const void  *data,
         gsize        len,
         GError     **error)
{
  if (out->len + len > OUT_BUFFER_SIZE)
    {
      if (!out_flush (out, error))
        return FALSE;
      /* Bigger than the whole buffer: straight through. */
      if (len > OUT_BUFFER_SIZE)
        return g_output_stream_write_all (out->stream, data, len, NULL,
                                          out->cancellable, error);
    }
  memcpy (out->buf + out->len, data, len);
  out->len += len;
  return TRUE;
}

static gboolean
out_u16 (Out *out, guint16 v, GError **error)
{
  return out_put (out, &v, sizeof v, error);
}

static gboolean
out_u32 (Out *out, guint32 v, GError **error)
{
  return out_put (out, &v, sizeof v, error);
}

static gboolean
out_pad (Out *out, gsize len, GError **error)
{
  static const guint8 zeros[4] = { 0 };
  gsize pad = (4 - (len & 3)) & 3;

  return pad == 0 || out_put (out, zeros, pad, error);
}

/* pcapng options: code, length, value, padding to 32 bits.  Values over
 * 65535 bytes (impossible from a pcapng source) are cut at a UTF-8
 * character boundary. */
static gsize
option_value_len (const char *text)
{
  gsize len = strlen (text);
  const char *end;

  if (len <= G_MAXUINT16)
    return len;
  end = g_utf8_find_prev_char (text, text + G_MAXUINT16 + 1);
  return end != NULL ? (gsize)(end - text) : G_MAXUINT16;
}

static gsize
option_size (gsize value_len)
{
  return 4 + ((value_len + 3) & ~(gsize)3);
}

static gboolean
out_option (Out         *out,
            guint16      code,
            const void  *value,
            gsize        len,
            GError     **error)
{
  return out_u16 (out, code, error) &&
         out_u16 (out, (guint16)len, error) &&
         out_put (out, value, len, error) &&
         out_pad (out, len, error);
}

static gboolean
out_endofopt (Out *out, GError **error)
{
  return out_u32 (out, OPT_ENDOFOPT, error);
}

/* Which interfaces the frames use, the largest caplen of each, and the
 * pcap/pcapng constraints.  One pass over the index records. */
static gboolean
scan_frames (TrawlCaptureWriter *self,
             guint32             count,
             IfaceUse           *use,
             guint               n_ifaces,
             GError            **error)
{
  guint32 n_file = trawl_capture_file_get_n_frames (self->file);

  for (guint32 k = 0; k < count; k++)
    {
      guint32 index = selection_frame (self, k);
      const TrawlFrameRecord *rec;

      if (index >= n_file)
        {
          g_set_error (error, TRAWL_CAPTURE_WRITER_ERROR, TRAWL_CAPTURE_WRITER_ERROR_BAD_FRAME,
                       _("Frame %u does not exist: the capture has %u frames"),
                       index + 1, n_file);
          return FALSE;
        }
      rec = trawl_capture_file_get_record (self->file, index);
      if (rec->iface >= n_ifaces)
        continue;  /* cannot happen: the reader only records known interfaces */
      use[rec->iface].used = TRUE;
      use[rec->iface].max_caplen = MAX (use[rec->iface].max_caplen, rec->caplen);
    }
  return TRUE;
}

static const char *
linktype_label (guint32 linktype)
{
  /* Only the common ones: the message is about telling them apart. */
  switch (linktype)
    {
    case 0: return "NULL/Loopback";
    case 1: return "Ethernet";
    case 101: return "Raw IP";
    case 113: return "Linux cooked v1";
    case 276: return "Linux cooked v2";
    default: return NULL;
    }
}

static char *
describe_linktype (guint32 linktype)
{
  const char *label = linktype_label (linktype);

  return label ? g_strdup_printf ("%s (%u)", label, linktype)
               : g_strdup_printf ("%u", linktype);
}

/* pcap */

static gboolean
write_pcap (TrawlCaptureWriter *self,
            Out                *out,
            guint32             count,
            const IfaceUse     *use,
            guint               n_ifaces,
            GError            **error)
{
  gboolean nsec = self->format == TRAWL_WRITE_FORMAT_PCAP_NSEC;
  guint32 linktype = 1;  /* Ethernet when there are no frames at all */
  guint32 snaplen = 0;
  gboolean have_linktype = FALSE;

  for (guint i = 0; i < n_ifaces; i++)
    {
      const TrawlInterface *ifc = trawl_capture_file_get_interface (self->file, i);

      if (!use[i].used)
        continue;
      if (have_linktype && ifc->linktype != linktype)
        {
          g_autofree char *a = describe_linktype (linktype);
          g_autofree char *b = describe_linktype (ifc->linktype);

          g_set_error (error, TRAWL_CAPTURE_WRITER_ERROR, TRAWL_CAPTURE_WRITER_ERROR_MIXED_LINK_TYPES,
                       _("The frames have several link types (%s and %s); "
                         "a pcap file holds only one: save as pcapng"), a, b);
          return FALSE;
        }
      linktype = ifc->linktype;
      have_linktype = TRUE;
      /* Readers refuse records longer than the file's snaplen. */
      snaplen = MAX (snaplen, MAX (ifc->snaplen, use[i].max_caplen));
    }
  if (!have_linktype && n_ifaces > 0)
    linktype = trawl_capture_file_get_interface (self->file, 0)->linktype;
  if (snaplen == 0)
    snaplen = DEFAULT_SNAPLEN;

  if (!out_u32 (out, nsec ? PCAP_MAGIC_NSEC : PCAP_MAGIC_USEC, error) ||
      !out_u16 (out, 2, error) ||
      !out_u16 (out, 4, error) ||
      !out_u32 (out, 0, error) ||     /* thiszone */
      !out_u32 (out, 0, error) ||     /* sigfigs */
      !out_u32 (out, snaplen, error) ||
      !out_u32 (out, linktype, error))
    return FALSE;

  for (guint32 k = 0; k < count; k++)
    {
      guint32 index = selection_frame (self, k);
      const TrawlFrameRecord *rec = trawl_capture_file_get_record (self->file, index);
      const guint8 *data = trawl_capture_file_get_data (self->file, index);
      gint64 secs;
      guint32 frac;

      if (k % FRAMES_PER_STEP == 0)
        {
          if (g_cancellable_set_error_if_cancelled (out->cancellable, error))
            return FALSE;
          g_atomic_int_set (&self->done, (gint)k);
        }

      secs = rec->ts_ns / 1000000000;
      frac = (guint32)(rec->ts_ns % 1000000000);
      if (rec->ts_ns < 0 || secs > G_MAXUINT32)
        {
          g_set_error (error, TRAWL_CAPTURE_WRITER_ERROR, TRAWL_CAPTURE_WRITER_ERROR_TIMESTAMP,
                       _("Frame %u has a timestamp a pcap file cannot hold "
                         "(before 1970 or after 2106): save as pcapng"), index + 1);
          return FALSE;
        }
      if (!out_u32 (out, (guint32)secs, error) ||
          !out_u32 (out, nsec ? frac : frac / 1000, error) ||
          !out_u32 (out, rec->caplen, error) ||
          !out_u32 (out, rec->wirelen, error) ||
          !out_put (out, data, rec->caplen, error))
        return FALSE;
    }
  return TRUE;
}

/* pcapng */

static gboolean
write_shb (TrawlCaptureWriter *self,
           Out                *out,
           GError            **error)
{
  const char * const *comments = trawl_capture_file_get_section_comments (self->file);
  const char *appl = "Trawl " PACKAGE_VERSION;
  gsize appl_len = strlen (appl);
  gsize opts = option_size (appl_len) + 4;
  guint32 block_len;

  for (guint i = 0; comments != NULL && comments[i] != NULL; i++)
    opts += option_size (option_value_len (comments[i]));
  block_len = (guint32)(28 + opts);

  if (!out_u32 (out, PCAPNG_SHB, error) ||
      !out_u32 (out, block_len, error) ||
      !out_u32 (out, PCAPNG_BYTE_ORDER, error) ||
      !out_u16 (out, 1, error) ||
      !out_u16 (out, 0, error) ||
      /* Section length unknown: -1. */
      !out_u32 (out, G_MAXUINT32, error) ||
      !out_u32 (out, G_MAXUINT32, error))
    return FALSE;
  for (guint i = 0; comments != NULL && comments[i] != NULL; i++)
    if (!out_option (out, OPT_COMMENT, comments[i], option_value_len (comments[i]), error))
      return FALSE;
  return out_option (out, SHB_USERAPPL, appl, appl_len, error) &&
         out_endofopt (out, error) &&
         out_u32 (out, block_len, error);
}

static gboolean
write_idb (Out                  *out,
           const TrawlInterface *ifc,
           const IfaceUse       *use,
           GError              **error)
{
  static const guint8 tsresol_ns = 9;
  gsize opts = 0;
  guint32 snaplen = ifc->snaplen;
  guint32 block_len;

  /* Snaplen 0 means "no limit"; otherwise it must cover every frame. */
  if (snaplen != 0 && use->max_caplen > snaplen)
    snaplen = use->max_caplen;

  if (ifc->name != NULL)
    opts += option_size (option_value_len (ifc->name));
  if (ifc->description != NULL)
    opts += option_size (option_value_len (ifc->description));
  if (!use->usec)
    opts += option_size (1);
  if (opts > 0)
    opts += 4;
  block_len = (guint32)(20 + opts);

  if (!out_u32 (out, PCAPNG_IDB, error) ||
      !out_u32 (out, block_len, error) ||
      !out_u16 (out, (guint16)ifc->linktype, error) ||
      !out_u16 (out, 0, error) ||
      !out_u32 (out, snaplen, error))
    return FALSE;
  if (ifc->name != NULL &&
      !out_option (out, IF_NAME, ifc->name, option_value_len (ifc->name), error))
    return FALSE;
  if (ifc->description != NULL &&
      !out_option (out, IF_DESCRIPTION, ifc->description, option_value_len (ifc->description), error))
    return FALSE;
  if (!use->usec &&
      !out_option (out, IF_TSRESOL, &tsresol_ns, 1, error))
    return FALSE;
  if (opts > 0 && !out_endofopt (out, error))
    return FALSE;
  return out_u32 (out, block_len, error);
}

static gboolean
write_epb (TrawlCaptureWriter     *self,
           Out                    *out,
           guint32                 index,
           const TrawlFrameRecord *rec,
           const IfaceUse         *use,
           GError                **error)
{
  const guint8 *data = trawl_capture_file_get_data (self->file, index);
  const char *comment = rec->comment ? trawl_capture_file_get_comment (self->file, rec->comment) : NULL;
  gsize comment_len = comment ? option_value_len (comment) : 0;
  gsize opts = comment ? option_size (comment_len) + 4 : 0;
  gsize padded = ((gsize)rec->caplen + 3) & ~(gsize)3;
  guint64 ticks;
  guint32 block_len;

  if (rec->ts_ns < 0)
    {
      g_set_error (error, TRAWL_CAPTURE_WRITER_ERROR, TRAWL_CAPTURE_WRITER_ERROR_TIMESTAMP,
                   _("Frame %u has a timestamp before 1970, which pcapng cannot hold"),
                   index + 1);
      return FALSE;
    }
  ticks = use->usec ? (guint64)rec->ts_ns / 1000 : (guint64)rec->ts_ns;
  if (32 + padded + opts > G_MAXUINT32)
    {
      g_set_error (error, TRAWL_CAPTURE_WRITER_ERROR, TRAWL_CAPTURE_WRITER_ERROR_BAD_FRAME,
                   _("Frame %u is too long for a pcapng block"), index + 1);
      return FALSE;
    }
  block_len = (guint32)(32 + padded + opts);

  if (!out_u32 (out, PCAPNG_EPB, error) ||
      !out_u32 (out, block_len, error) ||
      !out_u32 (out, use->out_id, error) ||
      !out_u32 (out, (guint32)(ticks >> 32), error) ||
      !out_u32 (out, (guint32)ticks, error) ||
      !out_u32 (out, rec->caplen, error) ||
      !out_u32 (out, rec->wirelen, error) ||
      !out_put (out, data, rec->caplen, error) ||
      !out_pad (out, rec->caplen, error))
    return FALSE;
  if (comment != NULL &&
      (!out_option (out, OPT_COMMENT, comment, comment_len, error) ||
       !out_endofopt (out, error)))
    return FALSE;
  return out_u32 (out, block_len, error);
}

static gboolean
write_pcapng (TrawlCaptureWriter *self,
              Out                *out,
              guint32             count,
              IfaceUse           *use,
              guint               n_ifaces,
              GError            **error)
{
  guint32 next_id = 0;

  if (!write_shb (self, out, error))
    return FALSE;

  /* One IDB per interface the frames use, in the source's order, so a
   * file written whole keeps its interface numbers. */
  for (guint i = 0; i < n_ifaces; i++)
    {
      const TrawlInterface *ifc = trawl_capture_file_get_interface (self->file, i);

      if (!use[i].used)
        continue;
      if (ifc->linktype > G_MAXUINT16)
        {
          g_set_error (error, TRAWL_CAPTURE_WRITER_ERROR, TRAWL_CAPTURE_WRITER_ERROR_BAD_FRAME,
                       _("Link type %u does not fit in a pcapng file"), ifc->linktype);
          return FALSE;
        }
      use[i].out_id = next_id++;
      /* Microsecond sources keep pcapng's default resolution; anything
       * else is written in nanoseconds, the resolution of the index. */
      use[i].usec = ifc->tsresol == 1000000;
      if (!write_idb (out, ifc, &use[i], error))
        return FALSE;
    }

  for (guint32 k = 0; k < count; k++)
    {
      guint32 index = selection_frame (self, k);
      const TrawlFrameRecord *rec = trawl_capture_file_get_record (self->file, index);

      if (k % FRAMES_PER_STEP == 0)
        {
          if (g_cancellable_set_error_if_cancelled (out->cancellable, error))
            return FALSE;
          g_atomic_int_set (&self->done, (gint)k);
        }
      if (!write_epb (self, out, index, rec, &use[rec->iface], error))
        return FALSE;
    }
  return TRUE;
}

gboolean
trawl_capture_writer_write_to_stream (TrawlCaptureWriter *self,
                                      GOutputStream      *stream,
                                      GCancellable       *cancellable,
                                      GError            **error)
{
  g_autofree IfaceUse *use = NULL;
  g_autofree guint8 *buf = NULL;
  Out out = { stream, cancellable, NULL, 0 };
  guint n_ifaces;
  guint32 count;
  gboolean ok;

  g_return_val_if_fail (TRAWL_IS_CAPTURE_WRITER (self), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  count = selection_count (self, trawl_capture_file_get_n_frames (self->file));
  g_atomic_int_set (&self->done, 0);
  g_atomic_int_set (&self->total, (gint)MIN (count, (guint32)G_MAXINT));

  n_ifaces = trawl_capture_file_get_n_interfaces (self->file);
  use = g_new0 (IfaceUse, MAX (n_ifaces, 1));
  if (!scan_frames (self, count, use, n_ifaces, error))
    return FALSE;

  buf = g_malloc (OUT_BUFFER_SIZE);
  out.buf = buf;
  if (self->format == TRAWL_WRITE_FORMAT_PCAPNG)
    ok = write_pcapng (self, &out, count, use, n_ifaces, error);
  else
    ok = write_pcap (self, &out, count, use, n_ifaces, error);
  if (ok)
    ok = out_flush (&out, error);
  if (ok)
    g_atomic_int_set (&self->done, (gint)MIN (count, (guint32)G_MAXINT));
  return ok;
}

/* Writing a file: temporary file, then rename. */

static GFileOutputStream *
create_temporary (GFile   *dest,
                  GFile  **tmp_out,
                  GError **error)
{
  g_autoptr(GFile) parent = g_file_get_parent (dest);
  g_autofree char *base = g_file_get_basename (dest);

  if (parent == NULL || base == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                           _("Not a file name"));
      return NULL;
    }

  /* A hidden name next to the target, so the rename stays on one file
   * system and is atomic. */
  for (guint attempt = 0; attempt < 100; attempt++)
    {
      g_autofree char *name = g_strdup_printf (".%s.%08x.trawl-tmp", base, g_random_int ());
      g_autoptr(GFile) tmp = g_file_get_child (parent, name);
      g_autoptr(GError) local_error = NULL;
      GFileOutputStream *stream;

      stream = g_file_create (tmp, G_FILE_CREATE_NONE, NULL, &local_error);
      if (stream != NULL)
        {
          *tmp_out = g_steal_pointer (&tmp);
          return stream;
        }
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                       _("Could not create a temporary file"));
  return NULL;
}

/* "Could not write “x.pcap”: <why>", keeping the GIO error code. */
static void
prefix_with_target (GError **error,
                    GFile   *dest)
{
  g_autofree char *name = g_file_get_parse_name (dest);

  g_prefix_error (error, _("Could not write “%s”: "), name);
}

/* A destination without a local path (a GIO location): through GIO, a
 * temporary file moved over it. */
static gboolean
write_gio (TrawlCaptureWriter *self,
           GFile              *dest,
           GCancellable       *cancellable,
           GError            **error)
{
  g_autoptr(GFile) tmp = NULL;
  g_autoptr(GFileOutputStream) stream = NULL;

  stream = create_temporary (dest, &tmp, error);
  if (stream == NULL)
    return FALSE;
  if (trawl_capture_writer_write_to_stream (self, G_OUTPUT_STREAM (stream), cancellable, error) &&
      g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, error) &&
      g_file_move (tmp, dest, G_FILE_COPY_OVERWRITE | G_FILE_COPY_NO_FALLBACK_FOR_MOVE,
                   cancellable, NULL, NULL, error))
    return TRUE;
  /* Close without the cancellable so the descriptor is released even
   * when cancelled, then drop the temporary file. */
  g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, NULL);
  g_file_delete (tmp, NULL, NULL);
  return FALSE;
}

/* A local path: see trawl-file-target.h for what happens to what is
 * there (devices, links, modes, owners, hard links, fsync). */
static gboolean
write_path (TrawlCaptureWriter *self,
            const char         *path,
            GCancellable       *cancellable,
            GError            **error)
{
  g_autoptr(TrawlFileTarget) target = NULL;
  g_autoptr(GOutputStream) stream = NULL;

  target = trawl_file_target_open (path, trawl_capture_file_get_path (self->file), error);
  if (target == NULL)
    return FALSE;
  stream = g_unix_output_stream_new (trawl_file_target_get_fd (target), FALSE);
  return trawl_capture_writer_write_to_stream (self, stream, cancellable, error) &&
         trawl_file_target_commit (target, error);
}

gboolean
trawl_capture_writer_write (TrawlCaptureWriter *self,
                            GFile              *dest,
                            GCancellable       *cancellable,
                            GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *path;
  gboolean ok;

  g_return_val_if_fail (TRAWL_IS_CAPTURE_WRITER (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (dest), FALSE);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  path = g_file_peek_path (dest);
  if (path != NULL)
    ok = write_path (self, path, cancellable, &local_error);
  else
    ok = write_gio (self, dest, cancellable, &local_error);
  if (ok)
    return TRUE;
  if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      local_error->domain != TRAWL_CAPTURE_WRITER_ERROR)
    prefix_with_target (&local_error, dest);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/* Async */

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  TrawlCaptureWriter *self = source_object;
  GFile *dest = task_data;
  GError *error = NULL;

  if (trawl_capture_writer_write (self, dest, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
trawl_capture_writer_write_async (TrawlCaptureWriter *self,
                                  GFile              *dest,
                                  GCancellable       *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (TRAWL_IS_CAPTURE_WRITER (self));
  g_return_if_fail (G_IS_FILE (dest));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, trawl_capture_writer_write_async);
  g_task_set_task_data (task, g_object_ref (dest), g_object_unref);
  /* The error says what happened; no generic "cancelled" override. */
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, write_thread);
}

gboolean
trawl_capture_writer_write_finish (TrawlCaptureWriter *self,
                                   GAsyncResult       *result,
                                   GError            **error)
{
  g_return_val_if_fail (TRAWL_IS_CAPTURE_WRITER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == trawl_capture_writer_write_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
