/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-capture-file.c: the capture file reader against tshark
 *
 * the expected/ TSV files hold tshark's frame.number, frame.time_epoch,
 * frame.cap_len, frame.len, frame.interface_id and frame.encap_type for
 * the real captures (make-expected.sh); damaged/EXPECTED.txt holds
 * tshark's frame counts and the damage offsets.  Edge cases are built
 * byte by byte; their expected values were checked with tshark 4.0.17
 * (set TRAWL_KEEP_TEST_FILES=1 to keep the files and look).
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "trawl-test-util.h"

/* ---- helpers ---- */

static char *
write_temp (const guint8 *data,
            gsize         len,
            const char   *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("trawl-file-XXXXXX", &error);
  char *path;

  g_assert_no_error (error);
  path = g_build_filename (dir, name, NULL);
  g_file_set_contents (path, (const char *)data, len, &error);
  g_assert_no_error (error);
  return path;
}

static void
remove_temp (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  if (g_getenv ("TRAWL_KEEP_TEST_FILES") != NULL)
    {
      g_test_message ("kept %s", path);
      return;
    }
  g_unlink (path);
  g_rmdir (dir);
}

/* The index read through the mapping (trawl_capture_file_set_index_mapped)
 * must find what the pread() index finds, damage included. */
static void
assert_mapped_index_agrees (const char       *path,
                            TrawlCaptureFile *file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TrawlCaptureFile) mapped = trawl_capture_file_open (path, &error);
  guint32 n;

  g_assert_no_error (error);
  trawl_capture_file_set_index_mapped (mapped, TRUE);
  g_assert_true (trawl_capture_file_index (mapped, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  n = trawl_capture_file_get_n_frames (file);
  g_assert_cmpuint (trawl_capture_file_get_n_frames (mapped), ==, n);
  g_assert_cmpstr (trawl_capture_file_get_warning (mapped), ==, trawl_capture_file_get_warning (file));
  for (guint32 i = 0; i < n; i++)
    {
      const TrawlFrameRecord *a = trawl_capture_file_get_record (file, i);
      const TrawlFrameRecord *b = trawl_capture_file_get_record (mapped, i);

      g_assert_cmpmem (a, sizeof *a, b, sizeof *b);
    }
}

static TrawlCaptureFile *
load_bytes (GByteArray *bytes,
            const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = write_temp (bytes->data, bytes->len, name);
  TrawlCaptureFile *file = trawl_capture_file_load (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (file);
  assert_mapped_index_agrees (path, file);
  remove_temp (path);
  return file;
}

/* "1795441565.949513000" -> ns, exactly (no floating point). */
static gint64
parse_epoch (const char *s)
{
  g_auto(GStrv) parts = g_strsplit (s, ".", 2);
  gint64 ns = g_ascii_strtoll (parts[0], NULL, 10) * G_GINT64_CONSTANT (1000000000);

  if (parts[1] != NULL)
    {
      char frac[10] = "000000000";

      memcpy (frac, parts[1], MIN (strlen (parts[1]), 9));
      ns += g_ascii_strtoll (frac, NULL, 10);
    }
  return ns;
}

/* Wiretap encapsulation (frame.encap_type) -> LINKTYPE_ value. */
static guint32
linktype_for_encap (guint encap)
{
  switch (encap)
    {
    case 1:   return 1;    /* Ethernet */
    case 7:   return 101;  /* raw IP */
    case 15:  return 0;    /* BSD loopback */
    case 25:  return 113;  /* Linux cooked v1 */
    case 210: return 276;  /* Linux cooked v2 */
    default:
      g_error ("add wiretap encapsulation %u to the table", encap);
    }
}

static char *
sha256_of (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, NULL))
    return NULL;
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guint8 *)contents, len);
}

/* ---- real captures against tshark ---- */

static char *
capture_path_for (const char *name)
{
  g_autofree char *variant = g_build_filename ("pcap-variants", name, NULL);
  char *path = trawl_test_capture_path (variant);

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return path;
  g_free (path);
  return trawl_test_capture_path (name);
}

/* The same lines as make-expected.sh writes, or NULL without tshark. */
static char *
tshark_fields (const char *path)
{
  g_autofree char *tshark = g_find_program_in_path ("tshark");
  g_autofree char *out = NULL;
  int status = 0;
  const char *argv[] = {
    "tshark", "-r", path, "-T", "fields", "-e", "frame.number",
    "-e", "frame.time_epoch", "-e", "frame.cap_len", "-e", "frame.len",
    "-e", "frame.interface_id", "-e", "frame.encap_type", NULL,
  };

  if (tshark == NULL)
    return NULL;
  argv[0] = tshark;
  if (!g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &out, NULL, &status, NULL))
    return NULL;
  return g_strconcat ("# sha256 from tshark\n", out, NULL);
}

static void
check_against_tshark (const char *tsv_path)
{
  g_autofree char *tsv = NULL;
  g_autofree char *base = g_path_get_basename (tsv_path);
  g_autofree char *name = g_strndup (base, strlen (base) - strlen (".tsv"));
  g_autofree char *path = capture_path_for (name);
  g_autofree char *sha = NULL;
  g_autoptr(TrawlCaptureFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  guint32 n = 0;

  g_assert_true (g_file_get_contents (tsv_path, &tsv, NULL, NULL));
  lines = g_strsplit (tsv, "\n", -1);
  g_assert_true (g_str_has_prefix (lines[0], "# sha256 "));

  sha = sha256_of (path);
  if (sha == NULL || strcmp (sha, lines[0] + strlen ("# sha256 ")) != 0)
    {
      /* The capture was regenerated since make-expected.sh ran: ask
       * tshark itself when it is installed. */
      g_autofree char *fresh = tshark_fields (path);

      if (fresh == NULL)
        {
          g_test_message ("%s changed: run tests/engine/file/make-expected.sh", name);
          g_test_fail ();
          return;
        }
      g_test_message ("%s changed since make-expected.sh: asking tshark", name);
      g_strfreev (lines);
      lines = g_strsplit (fresh, "\n", -1);
    }

  file = trawl_capture_file_load (path, &error);
  g_assert_no_error (error);
  g_assert_null (trawl_capture_file_get_warning (file));
  g_assert_cmpint (trawl_capture_file_get_warning_offset (file), ==, -1);
  g_assert_cmpint (trawl_capture_file_is_compressed (file), ==, g_str_has_suffix (name, ".gz"));

  for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_auto(GStrv) f = g_strsplit (lines[i], "\t", -1);
      const TrawlFrameRecord *rec;
      const TrawlInterface *iface;
      const guint8 *data;

      g_assert_cmpuint (g_strv_length (f), ==, 6);
      g_assert_cmpuint (i, ==, g_ascii_strtoull (f[0], NULL, 10));
      g_assert_cmpuint (i - 1, <, trawl_capture_file_get_n_frames (file));

      rec = trawl_capture_file_get_record (file, i - 1);
      iface = trawl_capture_file_get_interface (file, rec->iface);
      g_assert_nonnull (iface);

      /* tshark prints no time for frames that have none (Simple Packet
       * Blocks); we keep 0 there. */
      g_assert_cmpint (rec->ts_ns, ==, f[1][0] ? parse_epoch (f[1]) : 0);
      g_assert_cmpuint (rec->caplen, ==, g_ascii_strtoull (f[2], NULL, 10));
      g_assert_cmpuint (rec->wirelen, ==, g_ascii_strtoull (f[3], NULL, 10));
      g_assert_cmpuint (iface->section_index, ==, f[4][0] ? g_ascii_strtoull (f[4], NULL, 10) : 0);
      g_assert_cmpuint (iface->linktype, ==, linktype_for_encap (g_ascii_strtoull (f[5], NULL, 10)));

      data = trawl_capture_file_get_data (file, i - 1);
      g_assert_nonnull (data);
      g_assert_cmpuint (rec->offset + rec->caplen, <=, trawl_capture_file_get_size (file));
      n = i;
    }

  g_assert_cmpuint (trawl_capture_file_get_n_frames (file), ==, n);
  g_assert_cmpuint (n, >, 0);
}

static void
test_tshark_captures (void)
{
  const char *srcdir = g_getenv ("G_TEST_SRCDIR");
  g_autofree char *dir_path = g_build_filename (srcdir ? srcdir : ".", "expected", NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *entry;
  guint n_files = 0;

  g_assert_nonnull (dir);
  while ((entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *tsv = g_build_filename (dir_path, entry, NULL);

      if (!g_str_has_suffix (entry, ".tsv"))
        continue;
      g_test_message ("checking %s", entry);
      check_against_tshark (tsv);
      n_files++;
    }
  g_assert_cmpuint (n_files, >=, 14);
}

/* The same HTTP exchange in every pcap variant: identical frames. */
static void
test_variants_agree (void)
{
  const char *names[] = {
    "http-le-usec.pcap", "http-be-usec.pcap", "http-le-nsec.pcap",
    "http-be-nsec.pcap", "http.pcapng", "http-curl.pcap.gz", "comments.pcapng",
  };
  g_autoptr(TrawlCaptureFile) ref = NULL;

  for (guint k = 0; k < G_N_ELEMENTS (names); k++)
    {
      g_autofree char *rel = g_build_filename ("pcap-variants", names[k], NULL);
      g_autofree char *path = trawl_test_capture_path (rel);
      g_autoptr(GError) error = NULL;
      g_autoptr(TrawlCaptureFile) file = trawl_capture_file_load (path, &error);

      g_assert_no_error (error);
      if (ref == NULL)
        {
          g_assert_cmpuint (trawl_capture_file_get_format (file), ==, TRAWL_FILE_FORMAT_PCAP);
          ref = g_steal_pointer (&file);
          continue;
        }

      g_assert_cmpuint (trawl_capture_file_get_n_frames (file), ==, trawl_capture_file_get_n_frames (ref));
      for (guint32 i = 0; i < trawl_capture_file_get_n_frames (ref); i++)
        {
          const TrawlFrameRecord *a = trawl_capture_file_get_record (ref, i);
          const TrawlFrameRecord *b = trawl_capture_file_get_record (file, i);

          g_assert_cmpint (a->ts_ns, ==, b->ts_ns);
          g_assert_cmpuint (a->caplen, ==, b->caplen);
          g_assert_cmpmem (trawl_capture_file_get_data (ref, i), a->caplen,
                           trawl_capture_file_get_data (file, i), b->caplen);
        }
    }
}

static void
test_formats (void)
{
  struct { const char *name; TrawlFileFormat format; guint64 tsresol; } cases[] = {
    { "http-le-usec.pcap", TRAWL_FILE_FORMAT_PCAP, 1000000 },
    { "http-be-usec.pcap", TRAWL_FILE_FORMAT_PCAP, 1000000 },
    { "http-le-nsec.pcap", TRAWL_FILE_FORMAT_PCAP_NSEC, 1000000000 },
    { "http-be-nsec.pcap", TRAWL_FILE_FORMAT_PCAP_NSEC, 1000000000 },
    { "ws-chat-eth.pcapng.gz", TRAWL_FILE_FORMAT_PCAPNG, 1000000000 },
    { "http.pcapng", TRAWL_FILE_FORMAT_PCAPNG, 1000000 },
  };

  for (guint k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      g_autofree char *rel = g_build_filename ("pcap-variants", cases[k].name, NULL);
      g_autofree char *path = trawl_test_capture_path (rel);
      g_autoptr(GError) error = NULL;
      g_autoptr(TrawlCaptureFile) file = trawl_capture_file_open (path, &error);

      g_assert_no_error (error);
      g_assert_false (trawl_capture_file_is_indexed (file));
      g_assert_cmpuint (trawl_capture_file_get_format (file), ==, cases[k].format);
      g_assert_true (trawl_capture_file_index (file, NULL, NULL, NULL, &error));
      g_assert_true (trawl_capture_file_is_indexed (file));
      g_assert_cmpuint (trawl_capture_file_get_interface (file, 0)->tsresol, ==, cases[k].tsresol);
    }
}

/* tshark -r ws-chat-eth.pcapng -T fields -e frame.interface_name: "lo";
 * tshark -r comments.pcapng -e frame.comment: frames 1 and 4;
 * capinfos -k: the section comment. */
static void
test_fill_packet (void)
{
  g_autofree char *path = trawl_test_capture_path ("pcap-variants/comments.pcapng");
  g_autoptr(GError) error = NULL;
  g_autoptr(TrawlCaptureFile) file = trawl_capture_file_load (path, &error);
  const char * const *sc;
  TrawlPacket pkt = { 0 };

  g_assert_no_error (error);
  trawl_capture_file_fill_packet (file, 3, &pkt);
  g_assert_cmpuint (pkt.number, ==, 4);
  g_assert_cmpstr (pkt.comment, ==, "GET /index.html follows");
  g_assert_cmpuint (pkt.linktype, ==, 1);
  g_assert_cmpuint (pkt.iface, ==, 0);
  g_assert_cmpint (pkt.first_ts_ns, ==, trawl_capture_file_get_record (file, 0)->ts_ns);
  g_assert_cmpint (pkt.prev_ts_ns, ==, trawl_capture_file_get_record (file, 2)->ts_ns);
  g_assert_cmpint (pkt.prev_dis_ts_ns, ==, pkt.prev_ts_ns);
  g_assert_cmpuint (pkt.caplen, ==, trawl_capture_file_get_record (file, 3)->caplen);
  g_assert_true (pkt.data == trawl_capture_file_get_data (file, 3));
  /* The EPB starts 28 bytes before its packet data. */
  g_assert_cmpuint (pkt.file_offset, ==, trawl_capture_file_get_record (file, 3)->offset - 28);

  trawl_capture_file_fill_packet (file, 0, &pkt);
  g_assert_cmpstr (pkt.comment, ==, "first frame comment");
  g_assert_cmpint (pkt.prev_ts_ns, ==, pkt.ts_ns);
  trawl_capture_file_fill_packet (file, 1, &pkt);
  g_assert_null (pkt.comment);

  sc = trawl_capture_file_get_section_comments (file);
  g_assert_cmpstr (sc[0], ==, "Trawl test capture: HTTP via curl and nginx");
  g_assert_null (sc[1]);

  g_clear_object (&file);
  g_free (path);
  path = trawl_test_capture_path ("pcap-variants/nrb-isb.pcapng");
  file = trawl_capture_file_load (path, &error);
  g_assert_no_error (error);
  trawl_capture_file_fill_packet (file, 0, &pkt);
  g_assert_cmpstr (pkt.iface_name, ==, "lo");
  g_assert_cmpstr (trawl_capture_file_get_interface (file, 0)->description, ==, "Loopback");
  /* The capture's ISB: 112 packets received, none dropped. */
  g_assert_cmpuint (trawl_capture_file_get_interface (file, 0)->isb_recv, ==, 112);
  g_assert_cmpuint (trawl_capture_file_get_interface (file, 0)->isb_drops, ==, 0);

  /* tshark: frames 53.. of two-sections.pcapng are in section 2 and show
   * interface id 0 (the IDB number within the section). */
  g_clear_object (&file);
  g_free (path);
  path = trawl_test_capture_path ("pcap-variants/two-sections.pcapng");
  file = trawl_capture_file_load (path, &error);
  g_assert_no_error (error);
  trawl_capture_file_fill_packet (file, 52, &pkt);
  g_assert_cmpuint (pkt.iface, ==, 0);
  g_assert_cmpuint (trawl_capture_file_get_interface (file, trawl_capture_file_get_record (file, 52)->iface)->section, ==, 1);
  g_assert_cmpuint (trawl_capture_file_get_record (file, 52)->iface, >, 0);
}

/* ---- damaged captures ---- */

static void
test_damaged (void)
{
  g_autofree char *expected_path = trawl_test_capture_path ("damaged/EXPECTED.txt");
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_checked = 0;

  g_assert_true (g_file_get_contents (expected_path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) f = NULL;
      g_autofree char *rel = NULL;
      g_autofree char *path = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(TrawlCaptureFile) file = NULL;
      guint tshark_frames;
      gint64 offset;
      gboolean tshark_error;

      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;
      f = g_strsplit (lines[i], " ", 6);
      g_assert_cmpuint (g_strv_length (f), >=, 5);
      tshark_frames = g_ascii_strtoull (f[1], NULL, 10);
      offset = g_ascii_strtoll (f[2], NULL, 10);
      tshark_error = g_str_has_prefix (f[4], "error");
      rel = g_build_filename ("damaged", f[0], NULL);
      path = trawl_test_capture_path (rel);
      g_test_message ("damaged: %s", f[0]);

      file = trawl_capture_file_load (path, &error);
      if (tshark_frames == 0 && (tshark_error || offset == 0))
        {
          /* Not a capture, a bad file header, or empty: tshark opens an
           * empty file as 0 frames, we say it is empty. */
          g_assert_null (file);
          g_assert_nonnull (error);
          g_assert_true (strstr (error->message, f[0]) != NULL);
          n_checked++;
          continue;
        }

      g_assert_no_error (error);
      g_assert_cmpuint (trawl_capture_file_get_n_frames (file), ==, tshark_frames);
      if (tshark_error)
        {
          g_autofree char *at = g_strdup_printf ("byte %" G_GINT64_FORMAT, offset);
          const char *warning = trawl_capture_file_get_warning (file);

          g_assert_cmpuint (tshark_frames, ==, g_ascii_strtoull (f[3], NULL, 10));
          g_assert_nonnull (warning);
          g_assert_true (g_str_has_prefix (warning, f[0]));
          g_assert_true (strstr (warning, at) != NULL);
          /* The warning offset is where the damaged record starts (all
           * before it is intact); EXPECTED.txt names the damaged field,
           * which the message mentions. */
          g_assert_cmpint (trawl_capture_file_get_warning_offset (file), <=, offset);
          g_assert_cmpint (trawl_capture_file_get_warning_offset (file), >=, offset - 28);
        }
      else
        {
          g_assert_null (trawl_capture_file_get_warning (file));
        }

      /* Every kept frame lies inside the file. */
      for (guint32 k = 0; k < trawl_capture_file_get_n_frames (file); k++)
        {
          const TrawlFrameRecord *rec = trawl_capture_file_get_record (file, k);

          g_assert_cmpuint (rec->offset + rec->caplen, <=, trawl_capture_file_get_size (file));
        }
      n_checked++;
    }
  g_assert_cmpuint (n_checked, >=, 10);
}

static void
test_damaged_messages (void)
{
  g_autofree char *path = trawl_test_capture_path ("damaged/truncated-record.pcap");
  g_autoptr(GError) error = NULL;
  g_autoptr(TrawlCaptureFile) file = trawl_capture_file_load (path, &error);

  g_assert_no_error (error);
  /* 6932 bytes in the file; the record at 6873 is 16 + 86 bytes long. */
  g_assert_cmpstr (trawl_capture_file_get_warning (file), ==,
                   "truncated-record.pcap: the last frame is cut short: "
                   "record at byte 6873 needs 102 bytes, only 59 are left");
}

static void
test_open_errors (void)
{
  static const guint8 text[] = "Hello, this is not a capture\n";
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  TrawlCaptureFile *file;

  file = trawl_capture_file_load ("no-such-file.pcap", &error);
  g_assert_null (file);
  g_assert_error (error, TRAWL_CAPTURE_FILE_ERROR, TRAWL_CAPTURE_FILE_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "could not open ‘no-such-file.pcap’: No such file or directory");
  g_clear_error (&error);

  path = write_temp (text, sizeof text - 1, "x.txt");
  file = trawl_capture_file_load (path, &error);
  g_assert_null (file);
  g_assert_error (error, TRAWL_CAPTURE_FILE_ERROR, TRAWL_CAPTURE_FILE_ERROR_NOT_CAPTURE);
  g_assert_true (g_str_has_suffix (error->message,
                                   "x.txt’ is not a capture file: unknown magic number 0x48656c6c at byte 0"));
  g_clear_error (&error);
  remove_temp (path);
  g_free (path);

  path = write_temp (text, 0, "empty.pcap");
  file = trawl_capture_file_load (path, &error);
  g_assert_null (file);
  g_assert_error (error, TRAWL_CAPTURE_FILE_ERROR, TRAWL_CAPTURE_FILE_ERROR_NOT_CAPTURE);
  g_assert_true (g_str_has_suffix (error->message, "empty.pcap’ is empty"));
  g_clear_error (&error);
  remove_temp (path);
}

/* ---- constructed files ---- */

typedef struct
{
  GByteArray *b;
  gboolean    big;
} Builder;

static void
put16 (Builder *w, guint16 v)
{
  v = w->big ? GUINT16_TO_BE (v) : GUINT16_TO_LE (v);
  g_byte_array_append (w->b, (const guint8 *)&v, 2);
}

static void
put32 (Builder *w, guint32 v)
{
  v = w->big ? GUINT32_TO_BE (v) : GUINT32_TO_LE (v);
  g_byte_array_append (w->b, (const guint8 *)&v, 4);
}

static void
put64 (Builder *w, guint64 v)
{
  v = w->big ? GUINT64_TO_BE (v) : GUINT64_TO_LE (v);
  g_byte_array_append (w->b, (const guint8 *)&v, 8);
}

static void
put_padded (Builder *w, const void *data, gsize len)
{
  static const guint8 zeros[4] = { 0 };

  g_byte_array_append (w->b, data, len);
  g_byte_array_append (w->b, zeros, (4 - len % 4) % 4);
}

static void
put_frame_bytes (Builder *w, gsize len, guint8 seed)
{
  g_autofree guint8 *data = g_malloc (len);

  for (gsize i = 0; i < len; i++)
    data[i] = (guint8)(seed + i);
  put_padded (w, data, len);
}

static guint
block_begin (Builder *w, guint32 type)
{
  guint start = w->b->len;

  put32 (w, type);
  put32 (w, 0);
  return start;
}

static void
block_end (Builder *w, guint start)
{
  guint32 len = w->b->len - start + 4;
  guint32 v = w->big ? GUINT32_TO_BE (len) : GUINT32_TO_LE (len);

  put32 (w, len);
  memcpy (w->b->data + start + 4, &v, 4);
}

static void
opt (Builder *w, guint16 code, const void *data, guint16 len)
{
  put16 (w, code);
  put16 (w, len);
  put_padded (w, data, len);
}

static void
opt_str (Builder *w, guint16 code, const char *s)
{
  opt (w, code, s, strlen (s));
}

static void
opt_end (Builder *w)
{
  put32 (w, 0);
}

static void
shb (Builder *w, const char *comment)
{
  guint s = block_begin (w, 0x0a0d0d0a);

  put32 (w, 0x1a2b3c4d);
  put16 (w, 1);
  put16 (w, 0);
  put64 (w, G_MAXUINT64);
  if (comment)
    {
      opt_str (w, 1, comment);
      opt_end (w);
    }
  block_end (w, s);
}

static void
idb (Builder *w, guint16 linktype, guint32 snaplen, const char *name,
     const char *descr, int tsresol, gint64 tsoffset)
{
  guint s = block_begin (w, 1);

  put16 (w, linktype);
  put16 (w, 0);
  put32 (w, snaplen);
  if (name)
    opt_str (w, 2, name);
  if (descr)
    opt_str (w, 3, descr);
  if (tsresol >= 0)
    {
      guint8 r = tsresol;

      opt (w, 9, &r, 1);
    }
  if (tsoffset != 0)
    {
      Builder tmp = { g_byte_array_new (), w->big };

      put64 (&tmp, (guint64)tsoffset);
      opt (w, 14, tmp.b->data, 8);
      g_byte_array_unref (tmp.b);
    }
  if (name || descr || tsresol >= 0 || tsoffset != 0)
    opt_end (w);
  block_end (w, s);
}

static void
epb (Builder *w, guint32 iface, guint64 ticks, guint32 caplen, guint32 wirelen,
     const char *comment)
{
  guint s = block_begin (w, 6);

  put32 (w, iface);
  put32 (w, ticks >> 32);
  put32 (w, ticks & 0xffffffff);
  put32 (w, caplen);
  put32 (w, wirelen);
  put_frame_bytes (w, caplen, (guint8)caplen);
  if (comment)
    {
      opt_str (w, 1, comment);
      opt_end (w);
    }
  block_end (w, s);
}

/* Two sections of opposite byte order, three interfaces with different
 * link types, resolutions and offsets, and every block type.  tshark
 * 4.0.17 on this file (-T fields -e frame.time_epoch -e frame.cap_len
 * -e frame.len -e frame.interface_id -e frame.comment):
 *   1  105.500000000  14  14  0  hello
 *   2  1.234000000    20  40  1
 *   3  (none)         60  100 0
 *   4  103.000000000  10  10  0
 *   5  1700000000.123456000  8  8  0
 */
static GByteArray *
build_multi_section (void)
{
  Builder w = { g_byte_array_new (), FALSE };
  guint s;

  shb (&w, "first section");
  idb (&w, 1, 60, "eth0", NULL, 0x94, 100);     /* 2^-20 s ticks, +100 s */
  idb (&w, 101, 64, NULL, "raw", 3, 0);         /* ms ticks */
  epb (&w, 0, (G_GUINT64_CONSTANT (5) << 20) + (1 << 19), 14, 14, "hello");
  epb (&w, 1, 1234, 20, 40, NULL);

  /* Name resolution block: one IPv4 record, then the end. */
  s = block_begin (&w, 4);
  put16 (&w, 1);
  put16 (&w, 14);
  put_padded (&w, "\x7f\x00\x00\x01localhost", 14);
  put32 (&w, 0);
  block_end (&w, s);

  /* An unknown block type (not 0xbad: tshark shows custom blocks as
   * frames). */
  s = block_begin (&w, 0x00000123);
  put32 (&w, 0xdeadbeef);
  block_end (&w, s);

  /* Interface statistics for interface 1. */
  s = block_begin (&w, 5);
  put32 (&w, 1);
  put32 (&w, 0);
  put32 (&w, 0);
  {
    Builder tmp = { g_byte_array_new (), w.big };

    put64 (&tmp, 10);
    opt (&w, 4, tmp.b->data, 8);
    g_byte_array_set_size (tmp.b, 0);
    put64 (&tmp, 3);
    opt (&w, 5, tmp.b->data, 8);
    g_byte_array_unref (tmp.b);
  }
  opt_end (&w);
  block_end (&w, s);

  /* Simple packet block: 100 bytes on the wire, 60 kept (snaplen). */
  s = block_begin (&w, 3);
  put32 (&w, 100);
  put_frame_bytes (&w, 60, 1);
  block_end (&w, s);

  /* Obsolete packet block on interface 0, 3 s. */
  s = block_begin (&w, 2);
  put16 (&w, 0);
  put16 (&w, 0);
  put32 (&w, 0);
  put32 (&w, 3 << 20);
  put32 (&w, 10);
  put32 (&w, 10);
  put_frame_bytes (&w, 10, 2);
  block_end (&w, s);

  /* Second section, big-endian: interface ids start again at 0. */
  w.big = TRUE;
  shb (&w, "second section");
  idb (&w, 276, 262144, "any", NULL, -1, 0);
  epb (&w, 0, G_GUINT64_CONSTANT (1700000000123456), 8, 8, NULL);

  return w.b;
}

static void
test_multi_section (void)
{
  g_autoptr(GByteArray) bytes = build_multi_section ();
  g_autoptr(TrawlCaptureFile) file = load_bytes (bytes, "multi.pcapng");
  const TrawlInterface *i0, *i1, *i2;
  const char * const *sc;
  TrawlPacket pkt = { 0 };
  const gint64 expect_ts[] = { G_GINT64_CONSTANT (105500000000), 1234000000, 0,
                               G_GINT64_CONSTANT (103000000000),
                               G_GINT64_CONSTANT (1700000000123456000) };
  const guint32 expect_caplen[] = { 14, 20, 60, 10, 8 };
  const guint32 expect_wirelen[] = { 14, 40, 100, 10, 8 };
  const guint32 expect_iface[] = { 0, 1, 0, 0, 2 };

  g_assert_null (trawl_capture_file_get_warning (file));
  g_assert_cmpuint (trawl_capture_file_get_n_frames (file), ==, 5);
  g_assert_cmpuint (trawl_capture_file_get_n_interfaces (file), ==, 3);

  for (guint k = 0; k < 5; k++)
    {
      const TrawlFrameRecord *rec = trawl_capture_file_get_record (file, k);

      g_assert_cmpint (rec->ts_ns, ==, expect_ts[k]);
      g_assert_cmpuint (rec->caplen, ==, expect_caplen[k]);
      g_assert_cmpuint (rec->wirelen, ==, expect_wirelen[k]);
      g_assert_cmpuint (rec->iface, ==, expect_iface[k]);
    }

  i0 = trawl_capture_file_get_interface (file, 0);
  i1 = trawl_capture_file_get_interface (file, 1);
  i2 = trawl_capture_file_get_interface (file, 2);
  g_assert_cmpstr (i0->name, ==, "eth0");
  g_assert_cmpuint (i0->tsresol, ==, 1 << 20);
  g_assert_cmpint (i0->tsoffset, ==, 100);
  g_assert_cmpuint (i0->isb_recv, ==, G_MAXUINT64);
  g_assert_cmpstr (i1->description, ==, "raw");
  g_assert_cmpuint (i1->linktype, ==, 101);
  g_assert_cmpuint (i1->tsresol, ==, 1000);
  g_assert_cmpuint (i1->isb_recv, ==, 10);
  g_assert_cmpuint (i1->isb_drops, ==, 3);
  g_assert_cmpuint (i1->section_index, ==, 1);
  g_assert_cmpuint (i2->linktype, ==, 276);
  g_assert_cmpuint (i2->section, ==, 1);
  g_assert_cmpuint (i2->section_index, ==, 0);

  sc = trawl_capture_file_get_section_comments (file);
  g_assert_cmpstr (sc[0], ==, "first section");
  g_assert_cmpstr (sc[1], ==, "second section");
  g_assert_null (sc[2]);

  trawl_capture_file_fill_packet (file, 0, &pkt);
  g_assert_cmpstr (pkt.comment, ==, "hello");
  g_assert_cmpstr (pkt.iface_name, ==, "eth0");
  g_assert_cmpuint (pkt.data[0], ==, 14);
  trawl_capture_file_fill_packet (file, 2, &pkt);
  g_assert_cmpuint (pkt.data[0], ==, 1);
  g_assert_cmpuint (pkt.data[59], ==, 60);
  g_assert_cmpuint (pkt.file_offset + 12, ==, trawl_capture_file_get_record (file, 2)->offset);
  trawl_capture_file_fill_packet (file, 1, &pkt);
  g_assert_cmpstr (pkt.iface_name, ==, "raw");  /* tshark: the description */
  trawl_capture_file_fill_packet (file, 4, &pkt);
  g_assert_cmpuint (pkt.linktype, ==, 276);
  g_assert_cmpuint (pkt.iface, ==, 0);
  g_assert_cmpstr (pkt.iface_name, ==, "any");
  g_assert_cmpint (pkt.prev_ts_ns, ==, G_GINT64_CONSTANT (103000000000));
  g_assert_cmpint (pkt.first_ts_ns, ==, G_GINT64_CONSTANT (105500000000));
}

/* Block damage: each file has one good frame, then the damage. */
static void
test_pcapng_damage (void)
{
  struct { const char *what; guint32 len; guint32 trailer; } cases[] = {
    { "less than the minimum of 12", 8, 8 },
    { "not a multiple of 4", 30, 30 },
    { "at its end", 32, 36 },
    { "cut short", 4000, 4000 },
  };

  for (guint k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      Builder w = { g_byte_array_new (), FALSE };
      g_autoptr(GByteArray) bytes = w.b;
      g_autoptr(TrawlCaptureFile) file = NULL;
      guint at;

      shb (&w, NULL);
      idb (&w, 1, 0, NULL, NULL, -1, 0);
      epb (&w, 0, 1, 14, 14, NULL);
      at = w.b->len;
      put32 (&w, 6);
      put32 (&w, cases[k].len);
      for (guint j = 0; j < 6; j++)
        put32 (&w, 0);
      put32 (&w, cases[k].trailer);

      file = load_bytes (bytes, "damaged.pcapng");
      g_test_message ("%s: %s", cases[k].what, trawl_capture_file_get_warning (file));
      g_assert_cmpuint (trawl_capture_file_get_n_frames (file), ==, 1);
      g_assert_nonnull (strstr (trawl_capture_file_get_warning (file), cases[k].what));
      g_assert_cmpint (trawl_capture_file_get_warning_offset (file), ==, at);
    }
}

static void
test_pcapng_bad_packets (void)
{
  /* An EPB naming an interface the section does not have, and an EPB
   * whose caplen runs past its block: both are damage (tshark: "The file
   * appears to be damaged or corrupt"). */
  for (guint k = 0; k < 2; k++)
    {
      Builder w = { g_byte_array_new (), TRUE };
      g_autoptr(GByteArray) bytes = w.b;
      g_autoptr(TrawlCaptureFile) file = NULL;
      guint at, s;

      shb (&w, NULL);
      idb (&w, 1, 0, NULL, NULL, -1, 0);
      epb (&w, 0, 1, 14, 14, NULL);
      at = w.b->len;
      s = block_begin (&w, 6);
      put32 (&w, k == 0 ? 3 : 0);
      put32 (&w, 0);
      put32 (&w, 2);
      put32 (&w, k == 0 ? 4 : 400);
      put32 (&w, 4);
      put32 (&w, 0);
      block_end (&w, s);
      epb (&w, 0, 3, 14, 14, NULL);

      file = load_bytes (bytes, "bad.pcapng");
      g_test_message ("%s", trawl_capture_file_get_warning (file));
      g_assert_cmpuint (trawl_capture_file_get_n_frames (file), ==, 1);
      g_assert_cmpint (trawl_capture_file_get_warning_offset (file), ==, at);
      g_assert_nonnull (strstr (trawl_capture_file_get_warning (file),
                                k == 0 ? "names interface 3, but its section has only 1"
                                       : "claims 400 captured bytes"));
    }
}

/* @big: write the file big-endian (the magic then reads swapped). */
static GByteArray *
build_pcap (gboolean big, guint32 magic, guint32 linktype_field, guint32 snaplen,
            guint n_frames, guint32 caplen)
{
  Builder w = { g_byte_array_new (), big };

  put32 (&w, magic);
  put16 (&w, 2);
  put16 (&w, 4);
  put32 (&w, 0);
  put32 (&w, 0);
  put32 (&w, snaplen);
  put32 (&w, linktype_field);
  for (guint i = 0; i < n_frames; i++)
    {
      put32 (&w, 1000 + i);
      put32 (&w, i);
      put32 (&w, caplen);
      put32 (&w, caplen + 1);
      g_byte_array_set_size (w.b, w.b->len + caplen);
      memset (w.b->data + w.b->len - caplen, (int)i, caplen);
    }
  return w.b;
}

/* tshark 4.0.17: link type 0x14000001 (Ethernet with a 4-byte FCS flag)
 * reads as Ethernet; a 70000-byte record in a file with snaplen 100 is
 * accepted; a 262145-byte record is "damaged or corrupt". */
static void
test_pcap_edges (void)
{
  g_autoptr(GByteArray) fcs = build_pcap (FALSE, 0xa1b2c3d4, 0x14000001, 65535, 3, 60);
  g_autoptr(GByteArray) big = build_pcap (TRUE, 0xa1b23c4d, 1, 100, 2, 70000);
  g_autoptr(GByteArray) huge = build_pcap (FALSE, 0xa1b2c3d4, 1, 65535, 1, 60);
  g_autoptr(TrawlCaptureFile) file = NULL;
  Builder w = { huge, FALSE };

  file = load_bytes (fcs, "fcs.pcap");
  g_assert_cmpuint (trawl_capture_file_get_interface (file, 0)->linktype, ==, 1);
  g_assert_cmpuint (trawl_capture_file_get_n_frames (file), ==, 3);
  g_assert_cmpint (trawl_capture_file_get_record (file, 2)->ts_ns, ==, G_GINT64_CONSTANT (1002000002000));
  g_assert_cmpuint (trawl_capture_file_get_record (file, 2)->wirelen, ==, 61);
  g_clear_object (&file);

  file = load_bytes (big, "big.pcap");
  g_assert_null (trawl_capture_file_get_warning (file));
  g_assert_cmpuint (trawl_capture_file_get_n_frames (file), ==, 2);
  g_assert_cmpint (trawl_capture_file_get_record (file, 1)->ts_ns, ==, G_GINT64_CONSTANT (1001000000001));
  g_assert_cmpuint (trawl_capture_file_get_data (file, 1)[69999], ==, 1);
  g_clear_object (&file);

  put32 (&w, 5);
  put32 (&w, 0);
  put32 (&w, 262145);
  put32 (&w, 262145);
  g_byte_array_set_size (huge, huge->len + 262145);
  file = load_bytes (huge, "huge.pcap");
  g_assert_cmpuint (trawl_capture_file_get_n_frames (file), ==, 1);
  g_assert_cmpint (trawl_capture_file_get_warning_offset (file), ==, 24 + 16 + 60);
  g_assert_nonnull (strstr (trawl_capture_file_get_warning (file), "more than the maximum of 262144"));
}

static GBytes *
gzip (const guint8 *data, gsize len)
{
  g_autoptr(GZlibCompressor) z = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 6);
  g_autoptr(GOutputStream) mem = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) out = g_converter_output_stream_new (mem, G_CONVERTER (z));
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all (out, data, len, NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (out, NULL, &error);
  g_assert_no_error (error);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (mem));
}

/* gzip members concatenate (cat a.gz b.gz); a cut-short stream keeps the
 * frames inflated before the cut. */
static void
test_gzip (void)
{
  g_autoptr(GByteArray) plain = build_pcap (TRUE, 0xa1b2c3d4, 1, 65535, 2000, 100);
  g_autoptr(GBytes) part1 = gzip (plain->data, 10000);
  g_autoptr(GBytes) part2 = gzip (plain->data + 10000, plain->len - 10000);
  g_autoptr(GByteArray) both = g_byte_array_new ();
  g_autoptr(TrawlCaptureFile) file = NULL;
  gsize n1, n2;
  const guint8 *p1 = g_bytes_get_data (part1, &n1);
  const guint8 *p2 = g_bytes_get_data (part2, &n2);

  g_byte_array_append (both, p1, n1);
  g_byte_array_append (both, p2, n2);
  file = load_bytes (both, "two-members.pcap.gz");
  g_assert_true (trawl_capture_file_is_compressed (file));
  g_assert_null (trawl_capture_file_get_warning (file));
  g_assert_cmpuint (trawl_capture_file_get_size (file), ==, plain->len);
  g_assert_cmpuint (trawl_capture_file_get_n_frames (file), ==, 2000);
  g_assert_cmpuint (trawl_capture_file_get_data (file, 1999)[0], ==, 1999 & 0xff);
  g_clear_object (&file);

  /* Cut the second member in half. */
  g_byte_array_set_size (both, n1 + n2 / 2);
  file = load_bytes (both, "cut.pcap.gz");
  g_test_message ("%s", trawl_capture_file_get_warning (file));
  g_assert_nonnull (trawl_capture_file_get_warning (file));
  g_assert_nonnull (strstr (trawl_capture_file_get_warning (file), "compressed data is cut short"));
  g_assert_cmpuint (trawl_capture_file_get_n_frames (file), >, 10000 / 116);
  g_assert_cmpuint (trawl_capture_file_get_n_frames (file), <, 2000);
}

/* Another thread reads frames while indexing publishes them. */
typedef struct
{
  TrawlCaptureFile *file;
} IndexJob;

static gpointer
index_thread (gpointer data)
{
  IndexJob *job = data;

  trawl_capture_file_index (job->file, NULL, NULL, NULL, NULL);
  return NULL;
}

static void
test_concurrent_reads (void)
{
  g_autoptr(GByteArray) plain = build_pcap (FALSE, 0xa1b2c3d4, 1, 65535, 300000, 20);
  g_autofree char *path = write_temp (plain->data, plain->len, "many.pcap");
  g_autoptr(GError) error = NULL;
  g_autoptr(TrawlCaptureFile) file = trawl_capture_file_open (path, &error);
  IndexJob job = { file };
  GThread *thread;
  guint32 seen = 0;

  g_assert_no_error (error);
  thread = g_thread_new ("index", index_thread, &job);
  while (!trawl_capture_file_is_indexed (file) || seen < trawl_capture_file_get_n_frames (file))
    {
      guint32 n = trawl_capture_file_get_n_frames (file);

      for (; seen < n; seen++)
        {
          const TrawlFrameRecord *rec = trawl_capture_file_get_record (file, seen);

          g_assert_cmpuint (rec->offset, ==, 24 + (guint64)seen * 36 + 16);
          g_assert_cmpint (rec->ts_ns, ==, (1000 + (gint64)seen) * 1000000000 + seen * 1000);
        }
    }
  g_thread_join (thread);
  g_assert_cmpuint (seen, ==, 300000);
  remove_temp (path);
}

static void
test_cancel (void)
{
  g_autoptr(GByteArray) plain = build_pcap (FALSE, 0xa1b2c3d4, 1, 65535, 20000, 20);
  g_autofree char *path = write_temp (plain->data, plain->len, "cancel.pcap");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TrawlCaptureFile) file = trawl_capture_file_open (path, &error);

  g_assert_no_error (error);
  g_cancellable_cancel (cancellable);
  g_assert_false (trawl_capture_file_index (file, cancellable, NULL, NULL, &error));
  g_assert_error (error, TRAWL_CAPTURE_FILE_ERROR, TRAWL_CAPTURE_FILE_ERROR_CANCELLED);
  g_assert_false (trawl_capture_file_is_indexed (file));
  remove_temp (path);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/file/tshark-captures", test_tshark_captures);
  g_test_add_func ("/file/variants-agree", test_variants_agree);
  g_test_add_func ("/file/formats", test_formats);
  g_test_add_func ("/file/fill-packet", test_fill_packet);
  g_test_add_func ("/file/damaged", test_damaged);
  g_test_add_func ("/file/damaged-messages", test_damaged_messages);
  g_test_add_func ("/file/open-errors", test_open_errors);
  g_test_add_func ("/file/multi-section", test_multi_section);
  g_test_add_func ("/file/pcapng-damage", test_pcapng_damage);
  g_test_add_func ("/file/pcapng-bad-packets", test_pcapng_bad_packets);
  g_test_add_func ("/file/pcap-edges", test_pcap_edges);
  g_test_add_func ("/file/gzip", test_gzip);
  g_test_add_func ("/file/concurrent-reads", test_concurrent_reads);
  g_test_add_func ("/file/cancel", test_cancel);

  return g_test_run ();
}
