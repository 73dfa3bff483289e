/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-filter-run.c: display filters over captures, on worker threads
 *
 * Expected frame numbers are tshark 4.0's (`tshark -n -r CAP -Y FILTER
 * -T fields -e frame.number`) on the committed captures.
 */
#include "config.h"

#include "trawl-test-util.h"
#include "filter/trawl-filter-run.h"

static char *
frames_to_string (GArray *frames)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < frames->len; i++)
    g_string_append_printf (s, "%s%u", i ? " " : "", g_array_index (frames, guint32, i) + 1);
  return g_string_free (s, FALSE);
}

static char *
run_filter (TrawlTestDissection *t,
            const char          *text,
            const char          *bpf_text,
            guint                n_threads)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TrawlDisplayFilter) dfilter = NULL;
  g_autoptr(TrawlBpfFilter) bpf = NULL;
  g_autoptr(GArray) frames = NULL;

  if (text != NULL)
    {
      dfilter = trawl_display_filter_new (text, NULL, &error);
      g_assert_no_error (error);
    }
  if (bpf_text != NULL)
    {
      bpf = trawl_bpf_filter_new (bpf_text, &error);
      g_assert_no_error (error);
    }
  frames = trawl_filter_run (t->file, t->analysis, dfilter, bpf, n_threads, NULL, &error);
  g_assert_no_error (error);
  return frames_to_string (frames);
}

static void
test_tshark_frames (void)
{
  static const struct { const char *capture, *filter, *frames; } cases[] = {
    { "http-curl.pcap", "tcp.flags.push == 1", "4 6 14 16 24 26 34 36 38 39 46 48" },
    { "http-curl.pcap", "http.request.method == \"GET\" && http.request.uri contains \"hello\"", "38 46" },
    { "http-curl.pcap", "tcp.flags.ack == 1 && tcp.flags.syn == 1 && ip", "2 12 22 32" },
    { "dns-netns.pcap", "dns.qry.name matches \"^web\\\\.\" || tcp.flags.reset == 1", "7 8" },
    { "../../data/chat.pcap", "websocket && ip.addr == 127.0.0.1 and not tcp.port in {22, 443, 8000..8100}",
      "15 16 17 18 32 33 34 35 37 41 42 43 44 46 47 51 52 53 55 57 59 61 62 63 66 69 70 71 73" },
    { "dns-netns.pcap", "dns.flags.response == 0 && udp", "5 7 9 11 13 15 17 19 21 33" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      TrawlTestDissection *t = trawl_test_open_capture (cases[i].capture);

      for (guint threads = 1; threads <= 3; threads++)
        {
          g_autofree char *got = run_filter (t, cases[i].filter, NULL, threads);

          g_test_message ("%s: %s (%u threads)", cases[i].capture, cases[i].filter, threads);
          g_assert_cmpstr (got, ==, cases[i].frames);
        }
      trawl_test_dissection_free (t);
    }
}

/* frame.time_delta_displayed depends on which frames matched before:
 * tshark's single pass sees 0 until a frame was displayed. */
static void
test_displayed (void)
{
  TrawlTestDissection *t = trawl_test_open_capture ("http-curl.pcap");
  g_autofree char *zero = run_filter (t, "frame.time_delta_displayed == 0", NULL, 0);
  g_autofree char *positive = run_filter (t, "frame.time_delta_displayed > 0", NULL, 0);
  g_autofree char *all = run_filter (t, "frame.time_delta_displayed >= 0", NULL, 2);
  g_autoptr(GString) every = g_string_new (NULL);

  g_assert_cmpstr (zero, ==, "1");
  g_assert_cmpstr (positive, ==, "");
  for (guint n = 1; n <= 52; n++)
    g_string_append_printf (every, "%s%u", n > 1 ? " " : "", n);
  g_assert_cmpstr (all, ==, every->str);
  trawl_test_dissection_free (t);
}

static void
test_bpf_and_display (void)
{
  TrawlTestDissection *t = trawl_test_open_capture ("http-curl.pcap");
  /* tcpdump's SYNs are IPv4 only; of those, tshark's SYN/ACKs. */
  g_autofree char *got = run_filter (t, "tcp.flags.ack == 1", "tcp[tcpflags] & tcp-syn != 0", 0);

  g_assert_cmpstr (got, ==, "2 12 22 32");
  trawl_test_dissection_free (t);
}

/* Kind and place of each error; places are tshark 4.0's carets (start,
 * length in bytes) or, where tshark shows none (an unexpected end, a bad
 * regex), the end of the text or the pattern. */
static void
test_errors (void)
{
  static const struct { const char *text; int kind; int start, len; } cases[] = {
    { "tcp.port == \"x\"", TRAWL_DISPLAY_FILTER_ERROR_TYPE, 12, 3 },
    { "tcp.srcport == 65536", TRAWL_DISPLAY_FILTER_ERROR_RANGE, 15, 5 },
    { "foo.bar", TRAWL_DISPLAY_FILTER_ERROR_UNKNOWN_FIELD, 0, 7 },
    { "tcp.prot == 80", TRAWL_DISPLAY_FILTER_ERROR_UNKNOWN_FIELD, 0, 8 },
    { "ip.addr == 1.2.3.4/33", TRAWL_DISPLAY_FILTER_ERROR_VALUE, 11, 10 },
    { "ip.addr == 999.1.1.1", TRAWL_DISPLAY_FILTER_ERROR_VALUE, 11, 9 },
    { "ip.src == ::1", TRAWL_DISPLAY_FILTER_ERROR_VALUE, 10, 3 },
    { "ipv6.addr == fe80::/129", TRAWL_DISPLAY_FILTER_ERROR_VALUE, 13, 10 },
    { "eth.src == 00:11:22:33:44", TRAWL_DISPLAY_FILTER_ERROR_VALUE, 11, 14 },
    { "frame.time > \"yesterday\"", TRAWL_DISPLAY_FILTER_ERROR_VALUE, 13, 11 },
    { "tcp)", TRAWL_DISPLAY_FILTER_ERROR_SYNTAX, 3, 1 },
    { "(tcp", TRAWL_DISPLAY_FILTER_ERROR_SYNTAX, -1, -1 },
    { "tcp.port in {80, 443", TRAWL_DISPLAY_FILTER_ERROR_SYNTAX, -1, -1 },
    { "tcp.port == 80 &&", TRAWL_DISPLAY_FILTER_ERROR_SYNTAX, -1, -1 },
    { "tcp.port == ", TRAWL_DISPLAY_FILTER_ERROR_SYNTAX, -1, -1 },
    { "http.request.uri matches \"(\"", TRAWL_DISPLAY_FILTER_ERROR_REGEX, 25, 3 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      TrawlFilterLocation where = { G_MAXUINT, 0 };
      g_autoptr(TrawlDisplayFilter) f = trawl_display_filter_new (cases[i].text, &where, &error);
      guint text_len = (guint) strlen (cases[i].text);

      g_test_message ("%s -> %s (at %u+%u)", cases[i].text, error ? error->message : "(no error)",
                      where.start, where.len);
      g_assert_null (f);
      g_assert_error (error, TRAWL_DISPLAY_FILTER_ERROR, cases[i].kind);
      if (cases[i].start >= 0)
        {
          g_assert_cmpuint (where.start, ==, (guint) cases[i].start);
          g_assert_cmpuint (where.len, ==, (guint) cases[i].len);
        }
      else
        {
          /* At the end: after the last token, spaces or not. */
          guint trimmed = text_len;
          while (trimmed > 0 && cases[i].text[trimmed - 1] == ' ')
            trimmed--;
          g_assert_cmpuint (where.start, >=, trimmed);
          g_assert_cmpuint (where.start, <=, text_len);
        }
    }
}

static void
test_range_and_cancel (void)
{
  TrawlTestDissection *t = trawl_test_open_capture ("http-curl.pcap");
  g_autoptr(GError) error = NULL;
  g_autoptr(TrawlDisplayFilter) dfilter = trawl_display_filter_new ("tcp.flags.push == 1", NULL, &error);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GArray) part = NULL;
  g_autoptr(GArray) none = NULL;
  g_autofree char *got = NULL;

  g_assert_no_error (error);
  part = trawl_filter_run_range (t->file, t->analysis, dfilter, NULL, 5, 30, 2, NULL, NULL, &error);
  g_assert_no_error (error);
  got = frames_to_string (part);
  g_assert_cmpstr (got, ==, "6 14 16 24 26");

  /* The progress count ends at the frames filtered, whether the filter
   * runs on worker threads or in order (a "displayed" field). */
  {
    g_autoptr(TrawlDisplayFilter) in_order = trawl_display_filter_new ("frame.time_delta_displayed >= 0", NULL, &error);
    g_autoptr(GArray) a = NULL;
    g_autoptr(GArray) b = NULL;
    gint progress = 0;

    g_assert_no_error (error);
    a = trawl_filter_run_range (t->file, t->analysis, dfilter, NULL, 5, 30, 2, &progress, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (progress, ==, 25);
    g_assert_cmpuint (a->len, ==, part->len);
    progress = 0;
    b = trawl_filter_run_range (t->file, t->analysis, in_order, NULL, 0, G_MAXUINT32, 0, &progress, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (progress, ==, (gint) trawl_capture_file_get_n_frames (t->file));
    g_assert_cmpuint (b->len, ==, trawl_capture_file_get_n_frames (t->file));
  }

  g_cancellable_cancel (cancellable);
  none = trawl_filter_run (t->file, t->analysis, dfilter, NULL, 2, cancellable, &error);
  g_assert_null (none);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  trawl_test_dissection_free (t);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  trawl_dissectors_init ();

  g_test_add_func ("/filter-run/tshark-frames", test_tshark_frames);
  g_test_add_func ("/filter-run/displayed", test_displayed);
  g_test_add_func ("/filter-run/bpf-and-display", test_bpf_and_display);
  g_test_add_func ("/filter-run/errors", test_errors);
  g_test_add_func ("/filter-run/range-and-cancel", test_range_and_cancel);
  return g_test_run ();
}
