/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-capture-writer.c: writing captures back as pcap and pcapng
 *
 * Every committed capture is written in both formats, read back through
 * the reader and compared frame by frame with the original (bytes,
 * lengths, ns timestamps, link types, comments), and read by tshark,
 * whose frame.time_epoch and frame.len must equal what it reads from
 * the original.  Subsets are checked against tshark's own selection of
 * the same frames; failures must leave the target untouched.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "file/trawl-capture-file.h"
#include "file/trawl-capture-writer.h"

/* Relative to the source root ($TRAWL_SOURCE_ROOT). */
static const char *captures[] = {
  "data/chat.pcap",
  "tests/captures/http-curl.pcap",
  "tests/captures/ws-chat-eth.pcapng",
  "tests/captures/dns-netns.pcap",
  "tests/captures/ipv6-icmpv6.pcap",
  "tests/captures/vlan-qinq.pcap",
  "tests/captures/ipv4-frag-opts.pcap",
  "tests/captures/tls-clienthello.pcap",
  "tests/captures/dhcp-netns.pcap",
  "tests/captures/null-loopback.pcap",
  "tests/captures/raw-ip.pcap",
  "tests/captures/sll-v1.pcap",
  "tests/captures/pcap-variants/comments.pcapng",
  "tests/captures/pcap-variants/http-be-nsec.pcap",
  "tests/captures/pcap-variants/http-be-usec.pcap",
  "tests/captures/pcap-variants/http-curl.pcap.gz",
  "tests/captures/pcap-variants/http-le-nsec.pcap",
  "tests/captures/pcap-variants/http-le-usec.pcap",
  "tests/captures/pcap-variants/http.pcapng",
  "tests/captures/pcap-variants/nrb-isb.pcapng",
  "tests/captures/pcap-variants/sll2-any.pcap",
  "tests/captures/pcap-variants/spb.pcapng",
  "tests/captures/pcap-variants/two-interfaces.pcapng",
  "tests/captures/pcap-variants/two-sections.pcapng",
  "tests/captures/pcap-variants/ws-chat-be.pcapng",
  "tests/captures/pcap-variants/ws-chat-eth.pcapng.gz",
  /* Damaged: the intact frames before the damage are written. */
  "tests/captures/damaged/truncated-record.pcap",
  "tests/captures/damaged/truncated-block.pcapng",
  "tests/captures/damaged/garbage-appended.pcap",
  "tests/captures/damaged/garbage-appended.pcapng",
  "tests/captures/damaged/caplen-over-snaplen.pcap",
};

static char *
source_path (const char *rel)
{
  const char *root = g_getenv ("TRAWL_SOURCE_ROOT");

  g_assert_nonnull (root);
  return g_build_filename (root, rel, NULL);
}

static TrawlCaptureFile *
load (const char *path)
{
  g_autoptr(GError) error = NULL;
  TrawlCaptureFile *file = trawl_capture_file_load (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (file);
  return file;
}

static char *
make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("trawl-writer-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);

      if (g_file_test (p, G_FILE_TEST_IS_DIR))
        {
          g_chmod (p, 0700);
          remove_tree (p);
        }
      else
        g_unlink (p);
    }
  g_rmdir (dir);
}

/* Names in @dir, sorted and joined: to see that no temporary file was
 * left behind. */
static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *)a, *(const char * const *)b);
}

static char *
list_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, (char *)name);
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **)names->pdata);
}

static gboolean
write_file (TrawlCaptureWriter *writer,
            const char         *path,
            GError            **error)
{
  g_autoptr(GFile) dest = g_file_new_for_path (path);

  return trawl_capture_writer_write (writer, dest, NULL, error);
}

/* Frame @ia of @a and frame @ib of @b hold the same packet. */
static void
assert_same_frame (TrawlCaptureFile *a,
                   guint32           ia,
                   TrawlCaptureFile *b,
                   guint32           ib,
                   gboolean          usec_only)
{
  const TrawlFrameRecord *ra = trawl_capture_file_get_record (a, ia);
  const TrawlFrameRecord *rb = trawl_capture_file_get_record (b, ib);
  const TrawlInterface *fa = trawl_capture_file_get_interface (a, ra->iface);
  const TrawlInterface *fb = trawl_capture_file_get_interface (b, rb->iface);

  g_assert_cmpuint (ra->caplen, ==, rb->caplen);
  g_assert_cmpuint (ra->wirelen, ==, rb->wirelen);
  if (usec_only)
    g_assert_cmpint (ra->ts_ns / 1000, ==, rb->ts_ns / 1000);
  else
    g_assert_cmpint (ra->ts_ns, ==, rb->ts_ns);
  g_assert_cmpuint (fa->linktype, ==, fb->linktype);
  g_assert_cmpmem (trawl_capture_file_get_data (a, ia), ra->caplen,
                   trawl_capture_file_get_data (b, ib), rb->caplen);
}

static void
assert_same_comments (TrawlCaptureFile *a,
                      guint32           ia,
                      TrawlCaptureFile *b,
                      guint32           ib)
{
  const TrawlFrameRecord *ra = trawl_capture_file_get_record (a, ia);
  const TrawlFrameRecord *rb = trawl_capture_file_get_record (b, ib);

  g_assert_cmpstr (ra->comment ? trawl_capture_file_get_comment (a, ra->comment) : NULL, ==,
                   rb->comment ? trawl_capture_file_get_comment (b, rb->comment) : NULL);
}

/* tshark's "-T fields -e frame.time_epoch -e frame.len" of @path, with an
 * optional display filter; NULL when tshark is not installed. */
static char *
tshark_fields (const char *path,
               const char *filter,
               const char *field)
{
  g_autofree char *tshark = g_find_program_in_path ("tshark");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  char *out = NULL;
  int status;

  if (tshark == NULL)
    return NULL;
  g_ptr_array_add (argv, tshark);
  g_ptr_array_add (argv, (char *)"-n");
  g_ptr_array_add (argv, (char *)"-r");
  g_ptr_array_add (argv, (char *)path);
  if (filter != NULL)
    {
      g_ptr_array_add (argv, (char *)"-Y");
      g_ptr_array_add (argv, (char *)filter);
    }
  g_ptr_array_add (argv, (char *)"-T");
  g_ptr_array_add (argv, (char *)"fields");
  g_ptr_array_add (argv, (char *)"-e");
  g_ptr_array_add (argv, (char *)(field ? field : "frame.time_epoch"));
  g_ptr_array_add (argv, (char *)"-e");
  g_ptr_array_add (argv, (char *)"frame.len");
  g_ptr_array_add (argv, NULL);

  /* A damaged original makes tshark exit 2 after its intact frames:
   * the exit status is not what is compared. */
  g_spawn_sync (NULL, (char **)argv->pdata, NULL, G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  return out;
}

/* tshark's lines for several files, in order, in as few runs as
 * possible (tshark starts slowly): intact files are joined by
 * "mergecap -a" into one pcapng that tshark reads once; a damaged file
 * (mergecap stops at its damage) or one of several sections is read on
 * its own.  NULL without
 * tshark or mergecap. */
static char *
tshark_fields_of_files (GPtrArray  *paths,
                        const char *dir)
{
  g_autofree char *mergecap = g_find_program_in_path ("mergecap");
  g_autofree char *tshark = g_find_program_in_path ("tshark");
  g_autofree char *merged = g_build_filename (dir, "merged.tmp-pcapng", NULL);
  g_autoptr(GString) all = g_string_new (NULL);
  g_autoptr(GPtrArray) batch = g_ptr_array_new ();

  if (mergecap == NULL || tshark == NULL)
    return NULL;
  for (guint i = 0; i <= paths->len; i++)
    {
      const char *path = i < paths->len ? g_ptr_array_index (paths, i) : NULL;
      /* mergecap 4.0 also gives the interfaces of a second section the
       * first one's timestamp resolution: such a file goes on its own. */
      gboolean damaged = path != NULL && (strstr (path, "/damaged/") != NULL ||
                                          strstr (path, "two-sections") != NULL);

      if ((path == NULL || damaged) && batch->len > 0)
        {
          g_autoptr(GPtrArray) argv = g_ptr_array_new ();
          g_autoptr(GError) error = NULL;
          g_autofree char *out = NULL;
          g_autofree char *err = NULL;
          int status;

          g_ptr_array_add (argv, mergecap);
          g_ptr_array_add (argv, (char *)"-a");
          /* Keep every interface as it is: merging them loses ns. */
          g_ptr_array_add (argv, (char *)"-I");
          g_ptr_array_add (argv, (char *)"none");
          g_ptr_array_add (argv, (char *)"-F");
          g_ptr_array_add (argv, (char *)"pcapng");
          g_ptr_array_add (argv, (char *)"-w");
          g_ptr_array_add (argv, merged);
          for (guint j = 0; j < batch->len; j++)
            g_ptr_array_add (argv, g_ptr_array_index (batch, j));
          g_ptr_array_add (argv, NULL);
          g_spawn_sync (NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT,
                        NULL, NULL, &out, &err, &status, &error);
          g_assert_no_error (error);
          if (!g_spawn_check_wait_status (status, NULL))
            g_error ("mergecap failed: %s", err);
          g_free (out);
          out = tshark_fields (merged, NULL, NULL);
          g_string_append (all, out);
          g_ptr_array_set_size (batch, 0);
          g_unlink (merged);
        }
      if (damaged)
        {
          g_autofree char *out = tshark_fields (path, NULL, NULL);

          g_string_append (all, out);
        }
      else if (path != NULL)
        g_ptr_array_add (batch, (char *)path);
    }
  return g_string_free (g_steal_pointer (&all), FALSE);
}

/* tshark's lines for the written file equal the original's, except that
 * a frame from a Simple Packet Block has no timestamp (empty) while the
 * Enhanced Packet Block or pcap record written for it must carry one:
 * zero, as editcap writes. */
static void
assert_same_tshark_lines (const char *got,
                          const char *want)
{
  g_auto(GStrv) g = g_strsplit (got, "\n", -1);
  g_auto(GStrv) w = g_strsplit (want, "\n", -1);

  g_assert_cmpuint (g_strv_length (g), ==, g_strv_length (w));
  for (guint i = 0; w[i] != NULL; i++)
    {
      if (w[i][0] == '\t')
        {
          g_autofree char *zero = g_strconcat ("0.000000000", w[i], NULL);

          g_assert_cmpstr (g[i], ==, zero);
        }
      else
        g_assert_cmpstr (g[i], ==, w[i]);
    }
}

static char *
round_trip (const char       *rel,
            TrawlWriteFormat  format,
            const char       *dir)
{
  g_autofree char *src = source_path (rel);
  g_autofree char *base = g_path_get_basename (rel);
  g_autofree char *out = g_strdup_printf ("%s/%s.%s", dir, base,
                                          format == TRAWL_WRITE_FORMAT_PCAPNG ? "pcapng" : "pcap");
  g_autoptr(TrawlCaptureFile) orig = load (src);
  g_autoptr(TrawlCaptureFile) copy = NULL;
  g_autoptr(TrawlCaptureWriter) writer = trawl_capture_writer_new (orig, format);
  g_autoptr(GError) error = NULL;
  guint32 n = trawl_capture_file_get_n_frames (orig);
  gboolean has_comments = FALSE;

  g_test_message ("%s -> %s", rel, out);
  g_assert_cmpuint (n, >, 0);
  g_assert_true (write_file (writer, out, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (trawl_capture_writer_get_fraction (writer), ==, 1.0);

  copy = load (out);
  g_assert_null (trawl_capture_file_get_warning (copy));
  g_assert_cmpint (trawl_capture_file_get_format (copy), ==,
                   format == TRAWL_WRITE_FORMAT_PCAPNG ? TRAWL_FILE_FORMAT_PCAPNG :
                   format == TRAWL_WRITE_FORMAT_PCAP ? TRAWL_FILE_FORMAT_PCAP :
                   TRAWL_FILE_FORMAT_PCAP_NSEC);
  g_assert_cmpuint (trawl_capture_file_get_n_frames (copy), ==, n);
  for (guint32 i = 0; i < n; i++)
    {
      assert_same_frame (orig, i, copy, i, FALSE);
      if (format == TRAWL_WRITE_FORMAT_PCAPNG)
        assert_same_comments (orig, i, copy, i);
      has_comments |= trawl_capture_file_get_record (orig, i)->comment != 0;
    }
  if (format == TRAWL_WRITE_FORMAT_PCAPNG)
    {
      const char * const *a = trawl_capture_file_get_section_comments (orig);
      const char * const *b = trawl_capture_file_get_section_comments (copy);

      g_assert_cmpuint (a ? g_strv_length ((char **)a) : 0, ==, b ? g_strv_length ((char **)b) : 0);
      for (guint i = 0; a != NULL && a[i] != NULL; i++)
        g_assert_cmpstr (a[i], ==, b[i]);
    }

  if (format == TRAWL_WRITE_FORMAT_PCAPNG && has_comments)
    {
      g_autofree char *cw = tshark_fields (src, NULL, "frame.comment");
      g_autofree char *cg = tshark_fields (out, NULL, "frame.comment");

      if (cw != NULL)
        g_assert_cmpstr (cg, ==, cw);
    }
  return g_steal_pointer (&out);
}

/* tshark reads the written files as it reads the originals. */
static void
compare_with_tshark (GPtrArray  *originals,
                     GPtrArray  *written,
                     const char *dir)
{
  g_autofree char *want = tshark_fields_of_files (originals, dir);
  g_autofree char *got = NULL;

  if (want == NULL)
    {
      g_test_message ("tshark or mergecap missing: not compared with tshark");
      return;
    }
  got = tshark_fields_of_files (written, dir);
  g_assert_cmpuint (strlen (want), >, 0);
  assert_same_tshark_lines (got, want);
}

static void
test_round_trip_pcapng (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autoptr(GPtrArray) originals = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) written = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < G_N_ELEMENTS (captures); i++)
    {
      g_ptr_array_add (originals, source_path (captures[i]));
      g_ptr_array_add (written, round_trip (captures[i], TRAWL_WRITE_FORMAT_PCAPNG, dir));
    }
  compare_with_tshark (originals, written, dir);
  remove_tree (dir);
}

static void
test_round_trip_pcap (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autoptr(GPtrArray) originals = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) written = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < G_N_ELEMENTS (captures); i++)
    {
      g_autofree char *src = source_path (captures[i]);
      g_autoptr(TrawlCaptureFile) orig = load (src);
      TrawlWriteFormat format = trawl_capture_writer_pcap_format_for (orig);

      if (strstr (captures[i], "two-interfaces") != NULL)
        continue;  /* Ethernet and Linux cooked v2: see test_mixed_link_types */
      g_ptr_array_add (originals, g_steal_pointer (&src));
      g_ptr_array_add (written, round_trip (captures[i], format, dir));
    }
  compare_with_tshark (originals, written, dir);
  remove_tree (dir);
}

/* The nanosecond captures need the nanosecond pcap flavour; the others
 * the classic one. */
static void
test_pcap_format_for (void)
{
  static const struct { const char *rel; TrawlWriteFormat want; } cases[] = {
    { "tests/captures/http-curl.pcap", TRAWL_WRITE_FORMAT_PCAP },
    { "tests/captures/pcap-variants/http-le-nsec.pcap", TRAWL_WRITE_FORMAT_PCAP_NSEC },
    { "tests/captures/pcap-variants/http.pcapng", TRAWL_WRITE_FORMAT_PCAP },
    { "tests/captures/ws-chat-eth.pcapng", TRAWL_WRITE_FORMAT_PCAP_NSEC },
    { "tests/captures/pcap-variants/two-sections.pcapng", TRAWL_WRITE_FORMAT_PCAP_NSEC },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *src = source_path (cases[i].rel);
      g_autoptr(TrawlCaptureFile) file = load (src);

      g_assert_cmpint (trawl_capture_writer_pcap_format_for (file), ==, cases[i].want);
    }
}

/* A µs pcap written back as µs pcap is the same file, byte for byte:
 * tcpdump wrote it in this machine's byte order with snaplen 262144. */
static void
test_pcap_bytes_identical (void)
{
  g_autofree char *src = source_path ("tests/captures/pcap-variants/http-le-usec.pcap");
  g_autoptr(TrawlCaptureFile) orig = load (src);
  g_autoptr(TrawlCaptureWriter) writer = trawl_capture_writer_new (orig, TRAWL_WRITE_FORMAT_PCAP);
  g_autoptr(GOutputStream) mem = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len;

  if (G_BYTE_ORDER != G_LITTLE_ENDIAN)
    {
      g_test_skip ("the reference file is little-endian");
      return;
    }
  g_assert_true (trawl_capture_writer_write_to_stream (writer, mem, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (mem, NULL, NULL));
  g_assert_true (g_file_get_contents (src, &contents, &len, NULL));
  g_assert_cmpmem (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (mem)),
                   g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (mem)),
                   contents, len);
}

/* Nanoseconds written as µs pcap are truncated, as editcap does. */
static void
test_nsec_to_usec (void)
{
  g_autofree char *src = source_path ("tests/captures/ws-chat-eth.pcapng");
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *out = g_build_filename (dir, "usec.pcap", NULL);
  g_autoptr(TrawlCaptureFile) orig = load (src);
  g_autoptr(TrawlCaptureFile) copy = NULL;
  g_autoptr(TrawlCaptureWriter) writer = trawl_capture_writer_new (orig, TRAWL_WRITE_FORMAT_PCAP);
  g_autoptr(GError) error = NULL;
  gboolean some_sub_usec = FALSE;

  g_assert_true (write_file (writer, out, &error));
  g_assert_no_error (error);
  copy = load (out);
  g_assert_cmpint (trawl_capture_file_get_format (copy), ==, TRAWL_FILE_FORMAT_PCAP);
  g_assert_cmpuint (trawl_capture_file_get_n_frames (copy), ==, trawl_capture_file_get_n_frames (orig));
  for (guint32 i = 0; i < trawl_capture_file_get_n_frames (orig); i++)
    {
      const TrawlFrameRecord *r = trawl_capture_file_get_record (orig, i);

      assert_same_frame (orig, i, copy, i, TRUE);
      g_assert_cmpint (trawl_capture_file_get_record (copy, i)->ts_ns, ==, r->ts_ns / 1000 * 1000);
      some_sub_usec |= r->ts_ns % 1000 != 0;
    }
  /* Otherwise this test would prove nothing. */
  g_assert_true (some_sub_usec);
  remove_tree (dir);
}

/* A list of frames, in the given order, and a range; tshark selects the
 * same frames by number in the original. */
static void
test_subsets (void)
{
  static const guint32 list[] = { 4, 1, 8, 30 };
  g_autofree char *src = source_path ("tests/captures/pcap-variants/two-interfaces.pcapng");
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *out_list = g_build_filename (dir, "list.pcapng", NULL);
  g_autofree char *out_range = g_build_filename (dir, "range.pcapng", NULL);
  g_autofree char *out_eth = g_build_filename (dir, "eth.pcap", NULL);
  g_autoptr(TrawlCaptureFile) orig = load (src);
  g_autoptr(TrawlCaptureFile) copy = NULL;
  g_autoptr(TrawlCaptureWriter) writer = trawl_capture_writer_new (orig, TRAWL_WRITE_FORMAT_PCAPNG);
  g_autoptr(GError) error = NULL;
  g_autofree char *want = NULL;
  g_autofree char *got = NULL;
  guint32 eth_first = G_MAXUINT32, eth_last = 0;

  trawl_capture_writer_set_frames (writer, list, G_N_ELEMENTS (list));
  g_assert_true (write_file (writer, out_list, &error));
  g_assert_no_error (error);
  copy = load (out_list);
  g_assert_cmpuint (trawl_capture_file_get_n_frames (copy), ==, G_N_ELEMENTS (list));
  for (guint i = 0; i < G_N_ELEMENTS (list); i++)
    assert_same_frame (orig, list[i], copy, i, FALSE);
  g_clear_object (&copy);

  /* Frames 11..20 (1-based) of the original. */
  trawl_capture_writer_set_range (writer, 10, 19);
  g_assert_true (write_file (writer, out_range, &error));
  g_assert_no_error (error);
  copy = load (out_range);
  g_assert_cmpuint (trawl_capture_file_get_n_frames (copy), ==, 10);
  for (guint i = 0; i < 10; i++)
    assert_same_frame (orig, 10 + i, copy, i, FALSE);
  g_clear_object (&copy);

  want = tshark_fields (src, "frame.number >= 11 && frame.number <= 20", NULL);
  if (want != NULL)
    {
      got = tshark_fields (out_range, NULL, NULL);
      g_assert_cmpstr (got, ==, want);
      g_assert_cmpuint (strlen (want), >, 0);
      g_clear_pointer (&want, g_free);
      g_clear_pointer (&got, g_free);
    }

  /* The Ethernet frames alone fit in a pcap: frames of interface 0. */
  {
    g_autoptr(GArray) eth = g_array_new (FALSE, FALSE, sizeof (guint32));
    g_autoptr(TrawlCaptureWriter) pw = trawl_capture_writer_new (orig, TRAWL_WRITE_FORMAT_PCAP);

    for (guint32 i = 0; i < trawl_capture_file_get_n_frames (orig); i++)
      if (trawl_capture_file_get_record (orig, i)->iface == 0)
        {
          g_array_append_val (eth, i);
          eth_first = MIN (eth_first, i);
          eth_last = MAX (eth_last, i);
        }
    g_assert_cmpuint (eth->len, >, 0);
    g_assert_cmpuint (eth->len, <, trawl_capture_file_get_n_frames (orig));
    trawl_capture_writer_set_frames (pw, (guint32 *)eth->data, eth->len);
    g_assert_true (write_file (pw, out_eth, &error));
    g_assert_no_error (error);
    copy = load (out_eth);
    g_assert_cmpuint (trawl_capture_file_get_n_frames (copy), ==, eth->len);
    g_assert_cmpuint (trawl_capture_file_get_interface (copy, 0)->linktype, ==, 1);
    want = tshark_fields (src, "frame.interface_id == 0", NULL);
    if (want != NULL)
      {
        got = tshark_fields (out_eth, NULL, NULL);
        g_assert_cmpstr (got, ==, want);
      }
  }
  remove_tree (dir);
}

/* An empty selection is a valid, empty capture. */
static void
test_empty (void)
{
  g_autofree char *src = source_path ("tests/captures/http-curl.pcap");
  g_autofree char *dir = make_tmp_dir ();
  g_autoptr(TrawlCaptureFile) orig = load (src);

  for (TrawlWriteFormat f = TRAWL_WRITE_FORMAT_PCAPNG; f <= TRAWL_WRITE_FORMAT_PCAP_NSEC; f++)
    {
      g_autofree char *out = g_strdup_printf ("%s/empty-%d", dir, f);
      g_autoptr(TrawlCaptureWriter) writer = trawl_capture_writer_new (orig, f);
      g_autoptr(TrawlCaptureFile) copy = NULL;
      g_autoptr(GError) error = NULL;

      trawl_capture_writer_set_frames (writer, NULL, 0);
      g_assert_true (write_file (writer, out, &error));
      g_assert_no_error (error);
      copy = load (out);
      g_assert_cmpuint (trawl_capture_file_get_n_frames (copy), ==, 0);
      g_assert_null (trawl_capture_file_get_warning (copy));
    }
  remove_tree (dir);
}

/* Copies @rel to @dir/@name and returns the new path. */
static char *
copy_capture (const char *rel,
              const char *dir,
              const char *name)
{
  g_autofree char *src = source_path (rel);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  char *dst = g_build_filename (dir, name, NULL);
  gsize len;

  g_assert_true (g_file_get_contents (src, &contents, &len, &error));
  g_assert_true (g_file_set_contents (dst, contents, len, &error));
  g_assert_no_error (error);
  return dst;
}

static void
assert_file_equals (const char *path,
                    const char *rel)
{
  g_autofree char *src = source_path (rel);
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  gsize la, lb;

  g_assert_true (g_file_get_contents (path, &a, &la, NULL));
  g_assert_true (g_file_get_contents (src, &b, &lb, NULL));
  g_assert_cmpmem (a, la, b, lb);
}

static void
test_mixed_link_types (void)
{
  g_autofree char *src = source_path ("tests/captures/pcap-variants/two-interfaces.pcapng");
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *target = copy_capture ("tests/captures/http-curl.pcap", dir, "old.pcap");
  g_autoptr(TrawlCaptureFile) orig = load (src);
  g_autoptr(TrawlCaptureWriter) writer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *listing = NULL;

  for (TrawlWriteFormat f = TRAWL_WRITE_FORMAT_PCAP; f <= TRAWL_WRITE_FORMAT_PCAP_NSEC; f++)
    {
      writer = trawl_capture_writer_new (orig, f);
      g_assert_false (write_file (writer, target, &error));
      g_assert_error (error, TRAWL_CAPTURE_WRITER_ERROR, TRAWL_CAPTURE_WRITER_ERROR_MIXED_LINK_TYPES);
      g_assert_nonnull (strstr (error->message, "Ethernet (1)"));
      g_assert_nonnull (strstr (error->message, "Linux cooked v2 (276)"));
      g_clear_error (&error);
      g_clear_object (&writer);
    }
  assert_file_equals (target, "tests/captures/http-curl.pcap");
  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "old.pcap");
  remove_tree (dir);
}

static void
test_bad_frame (void)
{
  static const guint32 list[] = { 0, 52 };  /* http-curl.pcap has 52 frames */
  g_autofree char *src = source_path ("tests/captures/http-curl.pcap");
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *target = copy_capture ("tests/captures/dns-netns.pcap", dir, "old.pcap");
  g_autoptr(TrawlCaptureFile) orig = load (src);
  g_autoptr(TrawlCaptureWriter) writer = trawl_capture_writer_new (orig, TRAWL_WRITE_FORMAT_PCAPNG);
  g_autoptr(GError) error = NULL;
  g_autofree char *listing = NULL;

  g_assert_cmpuint (trawl_capture_file_get_n_frames (orig), ==, 52);
  trawl_capture_writer_set_frames (writer, list, G_N_ELEMENTS (list));
  g_assert_false (write_file (writer, target, &error));
  g_assert_error (error, TRAWL_CAPTURE_WRITER_ERROR, TRAWL_CAPTURE_WRITER_ERROR_BAD_FRAME);
  g_assert_cmpstr (error->message, ==, "Frame 53 does not exist: the capture has 52 frames");
  g_clear_error (&error);

  trawl_capture_writer_set_range (writer, 50, 60);
  g_assert_false (write_file (writer, target, &error));
  g_assert_error (error, TRAWL_CAPTURE_WRITER_ERROR, TRAWL_CAPTURE_WRITER_ERROR_BAD_FRAME);

  assert_file_equals (target, "tests/captures/dns-netns.pcap");
  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "old.pcap");
  remove_tree (dir);
}

/* Cancelled after the temporary file exists: it goes away, the target
 * stays as it was. */
static void
test_cancelled (void)
{
  g_autofree char *src = source_path ("tests/captures/http-curl.pcap");
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *target = copy_capture ("tests/captures/dns-netns.pcap", dir, "old.pcap");
  g_autoptr(TrawlCaptureFile) orig = load (src);
  g_autoptr(TrawlCaptureWriter) writer = trawl_capture_writer_new (orig, TRAWL_WRITE_FORMAT_PCAPNG);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GFile) dest = g_file_new_for_path (target);
  g_autoptr(GError) error = NULL;
  g_autofree char *listing = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_false (trawl_capture_writer_write (writer, dest, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  assert_file_equals (target, "tests/captures/dns-netns.pcap");
  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "old.pcap");
  remove_tree (dir);
}

static void
test_unwritable (void)
{
  g_autofree char *src = source_path ("tests/captures/http-curl.pcap");
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *missing = g_build_filename (dir, "no-such-dir", "out.pcapng", NULL);
  g_autofree char *not_dir = copy_capture ("tests/captures/dns-netns.pcap", dir, "plain-file");
  g_autofree char *under_file = g_build_filename (not_dir, "out.pcapng", NULL);
  g_autofree char *subdir = g_build_filename (dir, "a-directory", NULL);
  g_autofree char *ro_dir = g_build_filename (dir, "read-only", NULL);
  g_autofree char *ro_target = NULL;
  g_autofree char *listing = NULL;
  g_autoptr(TrawlCaptureFile) orig = load (src);
  g_autoptr(TrawlCaptureWriter) writer = trawl_capture_writer_new (orig, TRAWL_WRITE_FORMAT_PCAPNG);
  g_autoptr(GError) error = NULL;

  /* A folder that does not exist. */
  g_assert_false (write_file (writer, missing, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_true (g_str_has_prefix (error->message, "Could not write “"));
  g_assert_nonnull (strstr (error->message, "out.pcapng"));
  g_clear_error (&error);

  /* A "folder" that is a file. */
  g_assert_false (write_file (writer, under_file, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  assert_file_equals (not_dir, "tests/captures/dns-netns.pcap");

  /* A target that is a folder. */
  g_assert_cmpint (g_mkdir (subdir, 0700), ==, 0);
  g_assert_false (write_file (writer, subdir, &error));
  g_assert_nonnull (error);
  g_test_message ("over a directory: %s", error->message);
  g_clear_error (&error);
  g_assert_true (g_file_test (subdir, G_FILE_TEST_IS_DIR));

  /* A read-only folder holding the target (root may write anyway). */
  g_assert_cmpint (g_mkdir (ro_dir, 0700), ==, 0);
  ro_target = copy_capture ("tests/captures/dns-netns.pcap", ro_dir, "old.pcap");
  g_assert_cmpint (g_chmod (ro_dir, 0500), ==, 0);
  if (access (ro_dir, W_OK) == 0)
    g_test_message ("running with privileges that ignore folder permissions: read-only case not checked");
  else
    {
      g_assert_false (write_file (writer, ro_target, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
      g_clear_error (&error);
      assert_file_equals (ro_target, "tests/captures/dns-netns.pcap");
    }
  g_chmod (ro_dir, 0700);

  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "a-directory plain-file read-only");
  remove_tree (dir);
}

/* Saving over the file being read: the open capture keeps reading the
 * old bytes; the new file holds the same frames in the new format. */
static void
test_overwrite_source (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = copy_capture ("tests/captures/pcap-variants/comments.pcapng", dir, "self.pcapng");
  g_autofree char *ref_path = source_path ("tests/captures/pcap-variants/comments.pcapng");
  g_autoptr(TrawlCaptureFile) ref = load (ref_path);
  g_autoptr(TrawlCaptureFile) open_file = load (path);
  g_autoptr(TrawlCaptureFile) copy = NULL;
  g_autoptr(TrawlCaptureWriter) writer = trawl_capture_writer_new (open_file, TRAWL_WRITE_FORMAT_PCAP);
  g_autoptr(GError) error = NULL;
  g_autofree char *listing = NULL;
  guint32 n = trawl_capture_file_get_n_frames (ref);

  g_assert_true (write_file (writer, path, &error));
  g_assert_no_error (error);

  for (guint32 i = 0; i < n; i++)
    {
      assert_same_frame (ref, i, open_file, i, FALSE);
      assert_same_comments (ref, i, open_file, i);
    }
  copy = load (path);
  g_assert_cmpint (trawl_capture_file_get_format (copy), ==, TRAWL_FILE_FORMAT_PCAP);
  g_assert_cmpuint (trawl_capture_file_get_n_frames (copy), ==, n);
  for (guint32 i = 0; i < n; i++)
    assert_same_frame (ref, i, copy, i, FALSE);

  /* And back to pcapng from the pcap now on disk, over itself again. */
  g_clear_object (&writer);
  writer = trawl_capture_writer_new (copy, TRAWL_WRITE_FORMAT_PCAPNG);
  g_assert_true (write_file (writer, path, &error));
  g_assert_no_error (error);
  for (guint32 i = 0; i < n; i++)
    assert_same_frame (ref, i, copy, i, FALSE);

  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "self.pcapng");
  remove_tree (dir);
}

typedef struct
{
  GMainLoop *loop;
  gboolean   ok;
  GError    *error;
} AsyncState;

static void
write_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  AsyncState *state = user_data;

  state->ok = trawl_capture_writer_write_finish (TRAWL_CAPTURE_WRITER (source), result, &state->error);
  g_main_loop_quit (state->loop);
}

static void
test_async (void)
{
  g_autofree char *src = source_path ("data/chat.pcap");
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *out = g_build_filename (dir, "async.pcapng", NULL);
  g_autofree char *target = copy_capture ("tests/captures/dns-netns.pcap", dir, "old.pcap");
  g_autoptr(TrawlCaptureFile) orig = load (src);
  g_autoptr(TrawlCaptureFile) copy = NULL;
  g_autoptr(TrawlCaptureWriter) writer = trawl_capture_writer_new (orig, TRAWL_WRITE_FORMAT_PCAPNG);
  g_autoptr(GFile) dest = g_file_new_for_path (out);
  g_autoptr(GFile) old = g_file_new_for_path (target);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *listing = NULL;
  AsyncState state = { loop, FALSE, NULL };

  trawl_capture_writer_write_async (writer, dest, NULL, write_done, &state);
  g_main_loop_run (loop);
  g_assert_no_error (state.error);
  g_assert_true (state.ok);
  g_assert_cmpfloat (trawl_capture_writer_get_fraction (writer), ==, 1.0);
  copy = load (out);
  g_assert_cmpuint (trawl_capture_file_get_n_frames (copy), ==, trawl_capture_file_get_n_frames (orig));
  for (guint32 i = 0; i < trawl_capture_file_get_n_frames (orig); i++)
    assert_same_frame (orig, i, copy, i, FALSE);

  /* Cancelled before it runs: an error, and the old file untouched. */
  g_cancellable_cancel (cancellable);
  state.ok = TRUE;
  trawl_capture_writer_write_async (writer, old, cancellable, write_done, &state);
  g_main_loop_run (loop);
  g_assert_false (state.ok);
  g_assert_error (state.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&state.error);
  assert_file_equals (target, "tests/captures/dns-netns.pcap");

  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "async.pcapng old.pcap");
  remove_tree (dir);
}

static void
write_async (TrawlCaptureWriter *writer,
             const char         *path)
{
  g_autoptr(GFile) dest = g_file_new_for_path (path);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  AsyncState state = { loop, FALSE, NULL };

  trawl_capture_writer_write_async (writer, dest, NULL, write_done, &state);
  g_main_loop_run (loop);
  g_assert_no_error (state.error);
  g_assert_true (state.ok);
}

static void
assert_holds (const char       *path,
              TrawlCaptureFile *orig)
{
  g_autoptr(TrawlCaptureFile) copy = load (path);

  g_assert_cmpuint (trawl_capture_file_get_n_frames (copy), ==, trawl_capture_file_get_n_frames (orig));
  for (guint32 i = 0; i < trawl_capture_file_get_n_frames (orig); i++)
    assert_same_frame (orig, i, copy, i, FALSE);
}

/* What the window's Save As does to what is at the target (the cases
 * trawl-cli -w meets are in test-write-targets.sh): a link is followed,
 * the mode kept, hard links kept; over the open file itself with a hard
 * link, the open capture keeps its bytes (the link is split). */
static void
test_targets (void)
{
  g_autofree char *src = source_path ("data/chat.pcap");
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *target = copy_capture ("tests/captures/dns-netns.pcap", dir, "target.pcap");
  g_autofree char *link_path = g_build_filename (dir, "link.pcapng", NULL);
  g_autofree char *second = g_build_filename (dir, "second.pcap", NULL);
  g_autofree char *open_path = copy_capture ("data/chat.pcap", dir, "open.pcap");
  g_autofree char *open_link = g_build_filename (dir, "open-link.pcap", NULL);
  g_autofree char *listing = NULL;
  g_autoptr(TrawlCaptureFile) orig = load (src);
  g_autoptr(TrawlCaptureFile) open_file = load (open_path);
  g_autoptr(TrawlCaptureWriter) writer = trawl_capture_writer_new (orig, TRAWL_WRITE_FORMAT_PCAPNG);
  g_autoptr(TrawlCaptureWriter) self_writer = trawl_capture_writer_new (open_file, TRAWL_WRITE_FORMAT_PCAPNG);
  GStatBuf st, st2;

  g_assert_cmpint (g_chmod (target, 0600), ==, 0);
  g_assert_cmpint (symlink ("target.pcap", link_path), ==, 0);
  write_async (writer, link_path);
  g_assert_true (g_file_test (link_path, G_FILE_TEST_IS_SYMLINK));
  g_assert_cmpint (g_stat (target, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 07777, ==, 0600);
  assert_holds (target, orig);

  g_assert_cmpint (link (target, second), ==, 0);
  write_async (writer, second);
  g_assert_cmpint (g_stat (target, &st), ==, 0);
  g_assert_cmpint (g_stat (second, &st2), ==, 0);
  g_assert_cmpuint (st.st_ino, ==, st2.st_ino);
  g_assert_cmpuint (st.st_nlink, ==, 2);

  g_assert_cmpint (link (open_path, open_link), ==, 0);
  write_async (self_writer, open_path);
  for (guint32 i = 0; i < trawl_capture_file_get_n_frames (orig); i++)
    assert_same_frame (orig, i, open_file, i, FALSE);
  assert_holds (open_path, orig);
  assert_file_equals (open_link, "data/chat.pcap");

  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "link.pcapng open-link.pcap open.pcap second.pcap target.pcap");
  remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/writer/round-trip/pcapng", test_round_trip_pcapng);
  g_test_add_func ("/writer/round-trip/pcap", test_round_trip_pcap);
  g_test_add_func ("/writer/pcap-format-for", test_pcap_format_for);
  g_test_add_func ("/writer/pcap-bytes-identical", test_pcap_bytes_identical);
  g_test_add_func ("/writer/nsec-to-usec", test_nsec_to_usec);
  g_test_add_func ("/writer/subsets", test_subsets);
  g_test_add_func ("/writer/empty", test_empty);
  g_test_add_func ("/writer/error/mixed-link-types", test_mixed_link_types);
  g_test_add_func ("/writer/error/bad-frame", test_bad_frame);
  g_test_add_func ("/writer/error/cancelled", test_cancelled);
  g_test_add_func ("/writer/error/unwritable", test_unwritable);
  g_test_add_func ("/writer/overwrite-source", test_overwrite_source);
  g_test_add_func ("/writer/async", test_async);
  g_test_add_func ("/writer/targets", test_targets);

  return g_test_run ();
}
