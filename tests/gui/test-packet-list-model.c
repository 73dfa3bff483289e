/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-packet-list-model.c: TrawlPacketListModel without a display
 *
 * Expected values are tshark 4.0.17's on data/chat.pcap:
 *   tshark -n -r data/chat.pcap                     (89 frames, summary lines)
 *   tshark -n -r data/chat.pcap -T fields -e frame.number -e frame.len
 */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "trawl-packet-list-model.h"

typedef struct
{
  guint calls;
  guint position, removed, added;   /* of the last call */
  guint n_after;
  guint first_removed, first_added, first_n_after;  /* of the first call */
} Changes;

static void
items_changed (GListModel *model,
               guint       position,
               guint       removed,
               guint       added,
               Changes    *c)
{
  if (c->calls++ == 0)
    {
      c->first_removed = removed;
      c->first_added = added;
      c->first_n_after = g_list_model_get_n_items (model);
    }
  c->position = position;
  c->removed = removed;
  c->added = added;
  c->n_after = g_list_model_get_n_items (model);
}

static char *
chat_path (void)
{
  const char *dir = g_getenv ("TRAWL_DATA");

  return g_build_filename (dir ? dir : "data", "chat.pcap", NULL);
}

static TrawlPacketListModel *
load_chat (gboolean with_analysis)
{
  g_autofree char *path = chat_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TrawlDocument) doc = trawl_document_new ();
  TrawlPacketListModel *model;

  /* Indexed; the analysis only when asked for (analysis_done's test). */
  g_assert_true (trawl_document_open (doc, path, &error));
  g_assert_true (trawl_document_index (doc, NULL, &error));
  g_assert_no_error (error);
  if (with_analysis)
    {
      trawl_document_start_analysis (doc);
      trawl_document_wait_analysed (doc, G_MAXUINT32);
    }
  model = trawl_packet_list_model_new (doc);
  trawl_packet_list_model_poll (model);
  return model;
}

static const char *
text_at (TrawlPacketListModel *model,
         guint                 position,
         TrawlColumn           column,
         TrawlPacketRow      **keep)
{
  g_clear_object (keep);
  *keep = g_list_model_get_item (G_LIST_MODEL (model), position);
  g_assert_nonnull (*keep);
  return trawl_packet_row_get_text (*keep, column);
}

static void
test_items (void)
{
  g_autoptr(TrawlPacketListModel) model = load_chat (TRUE);
  g_autoptr(TrawlPacketRow) row = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 89);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (model)) == TRAWL_TYPE_PACKET_ROW);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), 89));

  g_assert_cmpstr (text_at (model, 0, TRAWL_COLUMN_NUMBER, &row), ==, "1");
  g_assert_cmpstr (text_at (model, 0, TRAWL_COLUMN_TIME, &row), ==, "0.000000");
  g_assert_cmpstr (text_at (model, 0, TRAWL_COLUMN_SOURCE, &row), ==, "127.0.0.1");
  g_assert_cmpstr (text_at (model, 0, TRAWL_COLUMN_DESTINATION, &row), ==, "127.0.0.1");
  g_assert_cmpstr (text_at (model, 0, TRAWL_COLUMN_PROTOCOL, &row), ==, "TCP");
  g_assert_cmpstr (text_at (model, 0, TRAWL_COLUMN_LENGTH, &row), ==, "80");
  g_assert_cmpstr (text_at (model, 0, TRAWL_COLUMN_INFO, &row), ==,
                   "36682 \xe2\x86\x92 12345 [SYN] Seq=0 Win=65495 Len=0 MSS=65495 SACK_PERM TSval=954770877 TSecr=0 WS=1024");
  g_assert_cmpstr (trawl_packet_row_get_css_class (row), ==, "pl-synfin");
  g_assert_cmpstr (text_at (model, 1, TRAWL_COLUMN_TIME, &row), ==, "0.000017");
  g_assert_cmpstr (text_at (model, 3, TRAWL_COLUMN_PROTOCOL, &row), ==, "HTTP");
  g_assert_cmpstr (text_at (model, 3, TRAWL_COLUMN_INFO, &row), ==, "GET /websocket HTTP/1.1 ");
  g_assert_cmpstr (trawl_packet_row_get_css_class (row), ==, "pl-http");
  g_assert_cmpstr (text_at (model, 4, TRAWL_COLUMN_INFO, &row), ==,
                   "12345 \xe2\x86\x92 36682 [ACK] Seq=1 Ack=205 Win=65536 Len=0 TSval=3325455205 TSecr=954770878");
  g_assert_cmpstr (trawl_packet_row_get_css_class (row), ==, "pl-tcp");
  /* Needs the analysis (the stream was switched to WebSocket by frame 11/13). */
  g_assert_cmpstr (text_at (model, 14, TRAWL_COLUMN_PROTOCOL, &row), ==, "WebSocket");
  g_assert_cmpstr (text_at (model, 14, TRAWL_COLUMN_INFO, &row), ==, "WebSocket Text [FIN] [MASKED]");

  /* Same frame, same object, while alive. */
  {
    g_autoptr(TrawlPacketRow) a = g_list_model_get_item (G_LIST_MODEL (model), 7);
    g_autoptr(TrawlPacketRow) b = g_list_model_get_item (G_LIST_MODEL (model), 7);

    g_assert_true (a == b);
    g_assert_cmpuint (trawl_packet_row_get_frame (a), ==, 7);
  }
}

static void
count_changed (TrawlPacketRow *row,
               guint          *n)
{
  (*n)++;
}

static void
test_analysis_refresh (void)
{
  g_autoptr(TrawlPacketListModel) model = load_chat (FALSE);
  g_autoptr(TrawlPacketRow) row = g_list_model_get_item (G_LIST_MODEL (model), 14);
  TrawlDocument *doc = trawl_packet_list_model_get_document (model);
  Changes c = { 0 };
  guint n_changed = 0;

  /* Without the analysis the WebSocket frame is not known as such yet. */
  g_assert_cmpstr (trawl_packet_row_get_text (row, TRAWL_COLUMN_PROTOCOL), !=, "WebSocket");
  g_signal_connect (row, "changed", G_CALLBACK (count_changed), &n_changed);
  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed), &c);
  trawl_document_start_analysis (doc);
  trawl_document_wait_analysed (doc, G_MAXUINT32);
  trawl_packet_list_model_analysis_done (model);
  /* Live rows are refilled in place: no items-changed at all. */
  g_assert_cmpuint (c.calls, ==, 0);
  g_assert_cmpuint (n_changed, ==, 1);
  g_assert_cmpstr (trawl_packet_row_get_text (row, TRAWL_COLUMN_PROTOCOL), ==, "WebSocket");
  g_assert_cmpstr (trawl_packet_row_get_text (row, TRAWL_COLUMN_INFO), ==, "WebSocket Text [FIN] [MASKED]");
}

typedef struct
{
  TrawlDocument *doc;
} IndexJob;

static gpointer
index_thread (gpointer data)
{
  IndexJob *job = data;
  g_autoptr(GError) error = NULL;

  trawl_document_index (job->doc, NULL, &error);
  g_assert_no_error (error);
  return NULL;
}

static void
test_growth (void)
{
  g_autofree char *path = chat_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TrawlDocument) doc = trawl_document_new ();
  g_autoptr(TrawlPacketListModel) model = NULL;
  TrawlCaptureFile *file;
  IndexJob job;
  GThread *thread;
  Changes c = { 0 };
  guint seen = 0;

  g_assert_true (trawl_document_open (doc, path, &error));
  g_assert_no_error (error);
  file = trawl_document_get_file (doc);
  model = trawl_packet_list_model_new (doc);
  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed), &c);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_assert_cmpuint (trawl_packet_list_model_poll (model), ==, 0);

  /* Poll while another thread indexes: every change appends at the end. */
  job.doc = doc;
  thread = g_thread_new ("index", index_thread, &job);
  while (!trawl_capture_file_is_indexed (file) || seen < 89)
    {
      guint before = c.calls;
      guint added = trawl_packet_list_model_poll (model);

      if (added > 0)
        {
          g_assert_cmpuint (c.calls, ==, before + 1);
          g_assert_cmpuint (c.position, ==, seen);
          g_assert_cmpuint (c.removed, ==, 0);
          g_assert_cmpuint (c.added, ==, added);
          seen += added;
          g_assert_cmpuint (c.n_after, ==, seen);
        }
      else
        g_assert_cmpuint (c.calls, ==, before);
      g_usleep (100);
    }
  g_thread_join (thread);
  g_assert_cmpuint (seen, ==, 89);
  g_assert_cmpuint (trawl_packet_list_model_poll (model), ==, 0);
}

static void
sort_done (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  gboolean *done = data;
  g_autoptr(GError) error = NULL;

  g_assert_true (trawl_packet_list_model_sort_finish (TRAWL_PACKET_LIST_MODEL (source), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
sort_and_wait (TrawlPacketListModel *model,
               TrawlColumn           column,
               gboolean              desc)
{
  gboolean done = FALSE;

  trawl_packet_list_model_sort_async (model, column, desc, NULL, sort_done, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_sort (void)
{
  g_autoptr(TrawlPacketListModel) model = load_chat (TRUE);
  GListModel *list = G_LIST_MODEL (model);
  Changes c = { 0 };
  gboolean seen[89] = { 0 };
  guint64 prev = G_MAXUINT64;
  GThread *main_thread = g_thread_self ();

  g_assert_true (main_thread != NULL);
  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed), &c);
  sort_and_wait (model, TRAWL_COLUMN_LENGTH, TRUE);
  /* Every row replaced: all removed, then all added (never both in one
   * items-changed: GTK 4.8 would look for its tracked rows among the
   * added ones, one get_item () each). */
  g_assert_cmpuint (c.calls, ==, 2);
  g_assert_cmpuint (c.first_removed, ==, 89);
  g_assert_cmpuint (c.first_added, ==, 0);
  g_assert_cmpuint (c.first_n_after, ==, 0);
  g_assert_cmpuint (c.position, ==, 0);
  g_assert_cmpuint (c.removed, ==, 0);
  g_assert_cmpuint (c.added, ==, 89);
  g_assert_cmpuint (c.n_after, ==, 89);

  /* tshark: frame 85 is the longest (465), then 4 and 22 (276), 11 and 28 (275). */
  g_assert_cmpuint (trawl_packet_list_model_get_frame (model, 0), ==, 84);
  g_assert_cmpuint (trawl_packet_list_model_get_frame (model, 1), ==, 3);
  g_assert_cmpuint (trawl_packet_list_model_get_frame (model, 2), ==, 21);
  g_assert_cmpuint (trawl_packet_list_model_get_frame (model, 3), ==, 10);
  g_assert_cmpuint (trawl_packet_list_model_get_frame (model, 4), ==, 27);
  g_assert_cmpint (trawl_packet_list_model_find_frame (model, 84), ==, 0);
  g_assert_cmpint (trawl_packet_list_model_find_frame (model, 27), ==, 4);

  for (guint i = 0; i < 89; i++)
    {
      g_autoptr(TrawlPacketRow) row = g_list_model_get_item (list, i);
      guint32 f = trawl_packet_row_get_frame (row);
      guint64 len = g_ascii_strtoull (trawl_packet_row_get_text (row, TRAWL_COLUMN_LENGTH), NULL, 10);

      g_assert_false (seen[f]);
      seen[f] = TRUE;
      g_assert_cmpuint (len, <=, prev);
      prev = len;
    }

  /* Protocol, ascending: 10 HTTP, 50 TCP, 29 WebSocket (tshark's column). */
  sort_and_wait (model, TRAWL_COLUMN_PROTOCOL, FALSE);
  {
    g_autoptr(TrawlPacketRow) r9 = g_list_model_get_item (list, 9);
    g_autoptr(TrawlPacketRow) r10 = g_list_model_get_item (list, 10);
    g_autoptr(TrawlPacketRow) r59 = g_list_model_get_item (list, 59);
    g_autoptr(TrawlPacketRow) r60 = g_list_model_get_item (list, 60);

    g_assert_cmpstr (trawl_packet_row_get_text (r9, TRAWL_COLUMN_PROTOCOL), ==, "HTTP");
    g_assert_cmpstr (trawl_packet_row_get_text (r10, TRAWL_COLUMN_PROTOCOL), ==, "TCP");
    g_assert_cmpstr (trawl_packet_row_get_text (r59, TRAWL_COLUMN_PROTOCOL), ==, "TCP");
    g_assert_cmpstr (trawl_packet_row_get_text (r60, TRAWL_COLUMN_PROTOCOL), ==, "WebSocket");
    /* Ties keep frame order: the first HTTP row is frame 4. */
  }
  {
    g_autoptr(TrawlPacketRow) r0 = g_list_model_get_item (list, 0);
    g_assert_cmpuint (trawl_packet_row_get_frame (r0), ==, 3);
  }

  /* Back to frame order. */
  sort_and_wait (model, TRAWL_N_COLUMNS, FALSE);
  g_assert_cmpuint (trawl_packet_list_model_get_frame (model, 0), ==, 0);
  g_assert_cmpuint (trawl_packet_list_model_get_frame (model, 88), ==, 88);
  g_assert_cmpint (trawl_packet_list_model_find_frame (model, 42), ==, 42);
}

static void
test_displayed (void)
{
  g_autoptr(TrawlPacketListModel) model = load_chat (TRUE);
  GArray *frames = g_array_new (FALSE, FALSE, sizeof (guint32));
  Changes c = { 0 };
  guint32 pick[] = { 3, 8, 14, 15 };
  g_autoptr(TrawlPacketRow) row = NULL;

  g_array_append_vals (frames, pick, G_N_ELEMENTS (pick));
  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed), &c);
  trawl_packet_list_model_set_time_format (model, TRAWL_TIME_FORMAT_DELTA_DISPLAYED);
  trawl_packet_list_model_set_displayed (model, frames);
  g_assert_cmpuint (c.calls, ==, 2);
  g_assert_cmpuint (c.first_removed, ==, 89);
  g_assert_cmpuint (c.first_n_after, ==, 0);
  g_assert_cmpuint (c.removed, ==, 0);
  g_assert_cmpuint (c.added, ==, 4);
  g_assert_cmpuint (c.n_after, ==, 4);
  g_assert_true (trawl_packet_list_model_is_filtered (model));
  g_assert_cmpuint (trawl_packet_list_model_get_n_total (model), ==, 89);
  g_assert_cmpint (trawl_packet_list_model_find_frame (model, 14), ==, 2);
  g_assert_cmpint (trawl_packet_list_model_find_frame (model, 13), ==, -1);
  /* The filtered view does not grow. */
  g_assert_cmpuint (trawl_packet_list_model_poll (model), ==, 0);

  /* Since previous displayed: frame 9 (0.002387) - frame 4 (0.000756). */
  g_assert_cmpstr (text_at (model, 1, TRAWL_COLUMN_TIME, &row), ==, "0.001631");
  g_assert_cmpstr (text_at (model, 0, TRAWL_COLUMN_TIME, &row), ==, "0.000000");

  trawl_packet_list_model_set_time_format (model, TRAWL_TIME_FORMAT_EPOCH);
  g_assert_cmpstr (text_at (model, 0, TRAWL_COLUMN_TIME, &row), ==, "1795442327.445634");
  trawl_packet_list_model_set_time_format (model, TRAWL_TIME_FORMAT_UTC);
  g_assert_cmpstr (text_at (model, 0, TRAWL_COLUMN_TIME, &row), ==, "2026-11-23 13:58:47.445634");

  trawl_packet_list_model_set_displayed (model, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 89);
  g_assert_cmpuint (c.calls, ==, 4);
  g_assert_cmpuint (c.added, ==, 89);
}

/* A live capture's filter appends the matches of each new batch. */
static void
test_append_displayed (void)
{
  g_autoptr(TrawlPacketListModel) model = load_chat (TRUE);
  GArray *frames = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GArray) held = NULL;
  guint32 first[] = { 3, 8 };
  guint32 more[] = { 14, 15 };
  Changes c = { 0 };

  /* Nothing to append to while every frame is shown. */
  g_assert_false (trawl_packet_list_model_append_displayed (model, more, G_N_ELEMENTS (more)));

  g_array_append_vals (frames, first, G_N_ELEMENTS (first));
  trawl_packet_list_model_set_displayed (model, frames);
  held = trawl_packet_list_model_ref_displayed (model);
  g_signal_connect (model, "items-changed", G_CALLBACK (items_changed), &c);

  g_assert_true (trawl_packet_list_model_append_displayed (model, more, G_N_ELEMENTS (more)));
  g_assert_cmpuint (c.calls, ==, 1);
  g_assert_cmpuint (c.position, ==, 2);
  g_assert_cmpuint (c.removed, ==, 0);
  g_assert_cmpuint (c.added, ==, 2);
  g_assert_cmpuint (trawl_packet_list_model_get_n_rows (model), ==, 4);
  g_assert_cmpuint (trawl_packet_list_model_get_frame (model, 3), ==, 15);
  g_assert_cmpint (trawl_packet_list_model_find_frame (model, 14), ==, 2);
  /* Who held the set before keeps it as it was. */
  g_assert_cmpuint (held->len, ==, 2);
  g_assert_true (trawl_packet_list_model_append_displayed (model, NULL, 0));
  g_assert_cmpuint (c.calls, ==, 1);

  /* Sorted, the matches that come go to the end, as in Wireshark. */
  sort_and_wait (model, TRAWL_COLUMN_LENGTH, TRUE);
  more[0] = 20;
  more[1] = 21;
  g_assert_true (trawl_packet_list_model_append_displayed (model, more, G_N_ELEMENTS (more)));
  g_assert_cmpuint (trawl_packet_list_model_get_n_rows (model), ==, 6);
  g_assert_cmpuint (trawl_packet_list_model_get_frame (model, 4), ==, 20);
  g_assert_cmpuint (trawl_packet_list_model_get_frame (model, 5), ==, 21);
  g_assert_cmpint (trawl_packet_list_model_find_frame (model, 21), ==, 5);
  g_assert_cmpint (trawl_packet_list_model_find_frame (model, 15), <, 4);
}

static guint32
wait_frames (TrawlDocument *doc,
             guint32        more_than)
{
  /* Shown once the document's thread has indexed them and the pass has
   * seen them. */
  for (guint i = 0; i < 5000 && trawl_document_get_n_frames (doc) <= more_than; i++)
    g_usleep (1000);
  return trawl_document_get_n_frames (doc);
}

/* A live capture sorted by a column: the frames so far are sorted, the
 * ones that come later go to the end in the order they come. */
static void
test_live_sorted (void)
{
  g_autofree char *path = chat_path ();
  g_autofree char *contents = NULL;
  g_autofree char *tmp = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TrawlDocument) doc = trawl_document_new ();
  g_autoptr(TrawlPacketListModel) model = NULL;
  gsize len;
  guint32 half, all;
  int fd;

  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  fd = g_file_open_tmp ("trawl-live-sort-XXXXXX", &tmp, &error);
  g_assert_no_error (error);
  g_assert_true (trawl_document_open_growing (doc, tmp, &error));
  g_assert_cmpint (write (fd, contents, len / 2), ==, (gssize) (len / 2));
  trawl_document_queue_update (doc);
  half = wait_frames (doc, 0);
  g_assert_cmpuint (half, >, 10);
  model = trawl_packet_list_model_new (doc);
  g_assert_cmpuint (trawl_packet_list_model_poll (model), ==, half);

  sort_and_wait (model, TRAWL_COLUMN_LENGTH, TRUE);
  for (guint i = 1; i < half; i++)
    g_assert_cmpuint (trawl_capture_file_get_record (trawl_document_get_file (doc),
                                                      trawl_packet_list_model_get_frame (model, i - 1))->wirelen, >=,
                      trawl_capture_file_get_record (trawl_document_get_file (doc),
                                                     trawl_packet_list_model_get_frame (model, i))->wirelen);

  g_assert_cmpint (write (fd, contents + len / 2, len - len / 2), ==, (gssize) (len - len / 2));
  trawl_document_queue_end (doc);
  all = wait_frames (doc, half);
  while (trawl_document_get_phase (doc) != TRAWL_DOCUMENT_PHASE_READY)
    g_main_context_iteration (NULL, TRUE);
  all = trawl_document_get_n_frames (doc);
  g_assert_cmpuint (all, ==, 89);
  g_assert_cmpuint (trawl_packet_list_model_poll (model), ==, all - half);
  g_assert_cmpuint (trawl_packet_list_model_get_n_rows (model), ==, all);
  for (guint32 f = half; f < all; f++)
    {
      g_assert_cmpuint (trawl_packet_list_model_get_frame (model, f), ==, f);
      g_assert_cmpint (trawl_packet_list_model_find_frame (model, f), ==, f);
    }
  g_assert_cmpint (trawl_packet_list_model_find_frame (model, 0), <, half);
  close (fd);
  g_unlink (tmp);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/gui/packet-list-model/items", test_items);
  g_test_add_func ("/gui/packet-list-model/analysis-refresh", test_analysis_refresh);
  g_test_add_func ("/gui/packet-list-model/growth", test_growth);
  g_test_add_func ("/gui/packet-list-model/sort", test_sort);
  g_test_add_func ("/gui/packet-list-model/displayed", test_displayed);
  g_test_add_func ("/gui/packet-list-model/append-displayed", test_append_displayed);
  g_test_add_func ("/gui/packet-list-model/live-sorted", test_live_sorted);
  return g_test_run ();
}
