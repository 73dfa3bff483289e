/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-document.c: TrawlDocument, for a file and for a growing capture
 *
 * The growing tests replay real captures into a file a few dozen bytes
 * at a time, as a capture helper writes them (blocks split anywhere),
 * update the document after each write and check that every frame's
 * whole tree and summary columns then equal those of the same capture
 * loaded at once.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "trawl-document.h"
#include "trawl-test-util.h"

typedef struct
{
  guint32 n_added;     /* sum of ::frames-added */
  guint32 next_first;  /* the first frame the next signal must start at */
  guint   n_signals;
  gboolean bad_order;
  gboolean done;
  gboolean ok;
  GError  *error;
} Watch;

static void
frames_added (TrawlDocument *doc,
              guint          first,
              guint          n,
              Watch         *w)
{
  if (first != w->next_first || n == 0)
    w->bad_order = TRUE;
  w->next_first = first + n;
  w->n_added += n;
  w->n_signals++;
}

static void
tree_text (const TrawlNode *n,
           guint            depth,
           GString         *out)
{
  for (; n != NULL; n = n->next)
    {
      g_string_append_printf (out, "%*s", (int) depth * 2, "");
      trawl_format_node_line (n, out);
      g_string_append_c (out, '\n');
      tree_text (n->first_child, depth + 1, out);
    }
}

/* Frame @i of @doc as text: the summary columns and the whole tree. */
static char *
frame_text (TrawlDocument *doc,
            guint32        i)
{
  static const TrawlDissectOptions opts = { .tree = TRUE, .columns = TRUE };
  g_autoptr(TrawlDissection) d = trawl_document_dissect (doc, i, &opts);
  TrawlPacket *pkt = trawl_dissection_get_packet (d);
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "%s | %s | %s | %s\n", pkt->col_src, pkt->col_dst,
                          pkt->col_protocol ? pkt->col_protocol : "", pkt->col_info->str);
  tree_text (pkt->root->first_child, 0, out);
  return g_string_free (out, FALSE);
}

static TrawlDocument *
load_whole (const char *name)
{
  g_autofree char *path = trawl_test_capture_path (name);
  g_autoptr(GError) error = NULL;
  TrawlDocument *doc = trawl_document_new ();

  g_assert_true (trawl_document_load (doc, path, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (trawl_document_get_phase (doc), ==, TRAWL_DOCUMENT_PHASE_READY);
  g_assert_true (trawl_document_is_analysed (doc));
  return doc;
}

static void
test_load_sync (void)
{
  g_autoptr(TrawlDocument) doc = load_whole ("ws-chat-eth.pcapng");
  g_autofree char *first = NULL;

  g_assert_cmpuint (trawl_document_get_n_frames (doc), >, 50);
  g_assert_cmpfloat (trawl_document_get_fraction (doc), ==, 1.0);
  g_assert_null (trawl_document_get_warning (doc));
  first = frame_text (doc, 0);
  g_assert_nonnull (strstr (first, "Frame 1:"));
}

static void
load_done (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  Watch *w = data;

  w->ok = trawl_document_load_finish (TRAWL_DOCUMENT (source), result, &w->error);
  w->done = TRUE;
}

static void
test_load_async (void)
{
  g_autoptr(TrawlDocument) whole = load_whole ("ws-chat-eth.pcapng");
  g_autoptr(TrawlDocument) doc = trawl_document_new ();
  g_autofree char *path = trawl_test_capture_path ("ws-chat-eth.pcapng");
  Watch w = { 0 };
  guint n;

  g_signal_connect (doc, "frames-added", G_CALLBACK (frames_added), &w);
  trawl_document_load_async (doc, path, NULL, load_done, &w);
  while (!w.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (w.error);
  g_assert_true (w.ok);

  n = trawl_document_get_n_frames (whole);
  g_assert_cmpuint (trawl_document_get_n_frames (doc), ==, n);
  g_assert_false (w.bad_order);
  g_assert_cmpuint (w.n_added, ==, n);
  g_assert_cmpint (trawl_document_get_phase (doc), ==, TRAWL_DOCUMENT_PHASE_READY);
  for (guint32 i = 0; i < n; i++)
    {
      g_autofree char *a = frame_text (whole, i);
      g_autofree char *b = frame_text (doc, i);

      g_assert_cmpstr (a, ==, b);
    }
}

static void
test_load_async_error (void)
{
  g_autoptr(TrawlDocument) doc = trawl_document_new ();
  Watch w = { 0 };

  trawl_document_load_async (doc, "no-such-capture.pcap", NULL, load_done, &w);
  while (!w.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (w.ok);
  g_assert_error (w.error, TRAWL_CAPTURE_FILE_ERROR, TRAWL_CAPTURE_FILE_ERROR_NOT_FOUND);
  g_assert_cmpint (trawl_document_get_phase (doc), ==, TRAWL_DOCUMENT_PHASE_EMPTY);
  g_assert_null (trawl_document_get_file (doc));
  g_clear_error (&w.error);
}

/* A FIFO (no writer) is refused at once, not waited for. */
static void
test_load_fifo (void)
{
  g_autoptr(TrawlDocument) doc = trawl_document_new ();
  g_autofree char *dir = g_dir_make_tmp ("trawl-fifo-XXXXXX", NULL);
  g_autofree char *fifo = g_build_filename (dir, "capture.pcap", NULL);
  Watch w = { 0 };

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  trawl_document_load_async (doc, fifo, NULL, load_done, &w);
  while (!w.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (w.ok);
  g_assert_error (w.error, TRAWL_CAPTURE_FILE_ERROR, TRAWL_CAPTURE_FILE_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (w.error->message, "not a regular file"));
  g_clear_error (&w.error);
  g_unlink (fifo);
  g_rmdir (dir);
}

static void
test_load_cancelled (void)
{
  g_autoptr(TrawlDocument) doc = trawl_document_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *path = trawl_test_capture_path ("ws-chat-eth.pcapng");
  Watch w = { 0 };

  /* Stopped before it starts: not an error, the frames read so far stay
   * (none here) and the pass ends with them. */
  g_cancellable_cancel (cancellable);
  trawl_document_load_async (doc, path, cancellable, load_done, &w);
  while (!w.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (w.error);
  g_assert_true (w.ok);
  g_assert_true (trawl_document_was_stopped (doc));
  g_assert_cmpint (trawl_document_get_phase (doc), ==, TRAWL_DOCUMENT_PHASE_READY);
}

static void
write_all (int           fd,
           const guint8 *p,
           gsize         n)
{
  while (n > 0)
    {
      ssize_t w = write (fd, p, n);

      if (w < 0 && errno == EINTR)
        continue;
      g_assert_cmpint (w, >, 0);
      p += w;
      n -= w;
    }
}

/* One update, on this thread or (@queued, as the window does) on the
 * document's. */
static void
update (TrawlDocument *doc,
        gboolean       queued)
{
  g_autoptr(GError) error = NULL;

  if (queued)
    trawl_document_queue_update (doc);
  else
    g_assert_true (trawl_document_update (doc, &error));
  g_assert_no_error (error);
}

/* Replays @name into a growing file in chunks of 1 to @max_chunk bytes,
 * updating the document after each, then compares every frame with the
 * whole file's. */
static void
replay_growing (const char *name,
                guint       max_chunk,
                gboolean    queued)
{
  g_autoptr(TrawlDocument) whole = load_whole (name);
  g_autoptr(TrawlDocument) doc = trawl_document_new ();
  g_autofree char *src = trawl_test_capture_path (name);
  g_autofree char *contents = NULL;
  g_autofree char *tmp = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7272);
  gsize len, off = 0;
  guint n, updates = 0;
  Watch w = { 0 };
  int fd;

  g_assert_true (g_file_get_contents (src, &contents, &len, &error));
  fd = g_file_open_tmp ("trawl-growing-XXXXXX", &tmp, &error);
  g_assert_no_error (error);

  /* An empty file: a capture whose helper has not written yet. */
  g_assert_true (trawl_document_open_growing (doc, tmp, &error));
  g_assert_no_error (error);
  g_signal_connect (doc, "frames-added", G_CALLBACK (frames_added), &w);
  g_assert_cmpint (trawl_document_get_phase (doc), ==, TRAWL_DOCUMENT_PHASE_CAPTURING);
  update (doc, queued);
  g_assert_cmpuint (trawl_document_get_n_frames (doc), ==, 0);

  while (off < len)
    {
      gsize chunk = MIN (len - off, (gsize) g_rand_int_range (rand, 1, (gint32) max_chunk + 1));

      write_all (fd, (const guint8 *) contents + off, chunk);
      off += chunk;
      update (doc, queued);
      updates++;
      /* Now and then, let the main context hear of the new frames (the
       * document looks every 50 ms). */
      if (updates % 64 == 0)
        {
          g_usleep (60 * 1000);
          while (g_main_context_iteration (NULL, FALSE))
            ;
        }
      /* Frames shown are analysed and never past what was written. */
      g_assert_cmpuint (trawl_document_get_n_frames (doc), <=,
                        trawl_capture_file_get_n_frames (trawl_document_get_file (doc)));
    }
  /* Every record was written whole: no damage while growing. */
  if (queued)
    trawl_document_queue_end (doc);
  else
    g_assert_true (trawl_document_end_growing (doc, &error));
  g_assert_no_error (error);
  close (fd);

  while (trawl_document_get_phase (doc) != TRAWL_DOCUMENT_PHASE_READY)
    g_main_context_iteration (NULL, TRUE);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  n = trawl_document_get_n_frames (whole);
  g_assert_cmpuint (trawl_document_get_n_frames (doc), ==, n);
  g_assert_null (trawl_document_get_warning (doc));
  g_assert_false (w.bad_order);
  g_assert_cmpuint (w.n_added, ==, n);
  g_assert_cmpuint (w.n_signals, >, 1);
  for (guint32 i = 0; i < n; i++)
    {
      g_autofree char *a = frame_text (whole, i);
      g_autofree char *b = frame_text (doc, i);

      g_assert_cmpstr (a, ==, b);
    }
  g_unlink (tmp);
}

static void
test_growing_pcapng (void)
{
  replay_growing ("ws-chat-eth.pcapng", 97, FALSE);
}

static void
test_growing_pcapng_queued (void)
{
  replay_growing ("ws-chat-eth.pcapng", 97, TRUE);
}

static void
test_growing_pcap (void)
{
  replay_growing ("http-curl.pcap", 61, FALSE);
}

static void
test_growing_pcap_queued (void)
{
  replay_growing ("http-curl.pcap", 61, TRUE);
}

/* A writer that stops in the middle of a record leaves it cut short:
 * the intact frames stay, and the warning names the place. */
static void
test_growing_cut_short (void)
{
  g_autoptr(TrawlDocument) doc = trawl_document_new ();
  g_autofree char *src = trawl_test_capture_path ("http-curl.pcap");
  g_autofree char *contents = NULL;
  g_autofree char *tmp = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;
  guint32 before;
  int fd;

  g_assert_true (g_file_get_contents (src, &contents, &len, &error));
  fd = g_file_open_tmp ("trawl-growing-XXXXXX", &tmp, &error);
  g_assert_true (trawl_document_open_growing (doc, tmp, &error));
  write_all (fd, (const guint8 *) contents, len - 10);
  g_assert_true (trawl_document_update (doc, &error));
  before = trawl_capture_file_get_n_frames (trawl_document_get_file (doc));
  g_assert_cmpuint (before, >, 0);
  /* Still growing: the cut record is one not written yet. */
  g_assert_null (trawl_capture_file_get_warning (trawl_document_get_file (doc)));
  g_assert_true (trawl_document_end_growing (doc, &error));
  g_assert_cmpuint (trawl_capture_file_get_n_frames (trawl_document_get_file (doc)), ==, before);
  g_assert_nonnull (trawl_document_get_warning (doc));
  g_assert_nonnull (strstr (trawl_document_get_warning (doc), "cut short"));
  close (fd);
  g_unlink (tmp);
}

/* What is written is not a capture: the first update says so. */
static void
test_growing_not_capture (void)
{
  g_autoptr(TrawlDocument) doc = trawl_document_new ();
  g_autofree char *tmp = NULL;
  g_autoptr(GError) error = NULL;
  int fd;

  fd = g_file_open_tmp ("trawl-growing-XXXXXX", &tmp, &error);
  g_assert_true (trawl_document_open_growing (doc, tmp, &error));
  write_all (fd, (const guint8 *) "this is not a capture file at all", 33);
  g_assert_false (trawl_document_update (doc, &error));
  g_assert_error (error, TRAWL_CAPTURE_FILE_ERROR, TRAWL_CAPTURE_FILE_ERROR_NOT_CAPTURE);
  close (fd);
  g_unlink (tmp);
}

/* Queued, the same failure comes as the document's warning, and the
 * capture still ends (ready, with no frames). */
static void
test_growing_not_capture_queued (void)
{
  g_autoptr(TrawlDocument) doc = trawl_document_new ();
  g_autofree char *tmp = NULL;
  g_autoptr(GError) error = NULL;
  int fd;

  fd = g_file_open_tmp ("trawl-growing-XXXXXX", &tmp, &error);
  g_assert_true (trawl_document_open_growing (doc, tmp, &error));
  write_all (fd, (const guint8 *) "this is not a capture file at all", 33);
  trawl_document_queue_update (doc);
  trawl_document_queue_end (doc);
  while (trawl_document_get_phase (doc) != TRAWL_DOCUMENT_PHASE_READY)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (trawl_document_get_n_frames (doc), ==, 0);
  g_assert_nonnull (trawl_document_get_warning (doc));
  g_assert_nonnull (strstr (trawl_document_get_warning (doc), "capture"));
  close (fd);
  g_unlink (tmp);
}

/* A document dropped while its thread indexes: it is joined, not left
 * reading a file that goes away. */
static void
test_growing_queued_dropped (void)
{
  g_autofree char *src = trawl_test_capture_path ("http-curl.pcap");
  g_autofree char *contents = NULL;
  g_autofree char *tmp = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;
  int fd;

  g_assert_true (g_file_get_contents (src, &contents, &len, &error));
  fd = g_file_open_tmp ("trawl-growing-XXXXXX", &tmp, &error);
  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(TrawlDocument) doc = trawl_document_new ();

      g_assert_true (trawl_document_open_growing (doc, tmp, &error));
      if (i == 0)
        write_all (fd, (const guint8 *) contents, len);
      trawl_document_queue_update (doc);
      if (i % 2)
        trawl_document_queue_end (doc);
    }
  close (fd);
  g_unlink (tmp);
}

/* A dissection keeps its document (and the mapped bytes) alive. */
static void
test_dissection_keeps_document (void)
{
  static const TrawlDissectOptions opts = { .tree = TRUE, .columns = TRUE };
  TrawlDocument *doc = load_whole ("http-curl.pcap");
  g_autoptr(TrawlDissection) d = trawl_document_dissect (doc, 3, &opts);
  GWeakRef weak;
  TrawlPacket *pkt;

  g_weak_ref_init (&weak, doc);
  g_object_unref (doc);
  g_assert_nonnull (g_weak_ref_get (&weak));
  g_object_unref (doc);  /* the reference g_weak_ref_get took */
  pkt = trawl_dissection_get_packet (d);
  g_assert_cmpint (trawl_dissection_get_frame (d), ==, 3);
  g_assert_cmpuint (pkt->number, ==, 4);
  g_assert_cmpuint (pkt->data[0] | pkt->data[pkt->caplen - 1], <=, 255);
  g_clear_pointer (&d, trawl_dissection_unref);
  g_assert_null (g_weak_ref_get (&weak));
  g_weak_ref_clear (&weak);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/document/load-sync", test_load_sync);
  g_test_add_func ("/document/load-async", test_load_async);
  g_test_add_func ("/document/load-async-error", test_load_async_error);
  g_test_add_func ("/document/load-cancelled", test_load_cancelled);
  g_test_add_func ("/document/load-fifo", test_load_fifo);
  g_test_add_func ("/document/growing-pcapng", test_growing_pcapng);
  g_test_add_func ("/document/growing-pcap", test_growing_pcap);
  g_test_add_func ("/document/growing-pcapng-queued", test_growing_pcapng_queued);
  g_test_add_func ("/document/growing-pcap-queued", test_growing_pcap_queued);
  g_test_add_func ("/document/growing-not-capture-queued", test_growing_not_capture_queued);
  g_test_add_func ("/document/growing-queued-dropped", test_growing_queued_dropped);
  g_test_add_func ("/document/growing-cut-short", test_growing_cut_short);
  g_test_add_func ("/document/growing-not-capture", test_growing_not_capture);
  g_test_add_func ("/document/dissection-keeps-document", test_dissection_keeps_document);
  return g_test_run ();
}
