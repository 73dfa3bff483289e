/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-bpf-filter.c: tcpdump filters on files, and trawl_filter_run with them
 *
 * Expected frames come from tcpdump (counts) and tshark (frame numbers of
 * the equivalent display filter) on the committed captures.
 */
#include "config.h"

#include "trawl-test-util.h"
#include "dissect/trawl-linktype.h"
#include "filter/trawl-bpf-filter.h"
#include "filter/trawl-filter-run.h"

static char *
frames_to_string (GArray *frames)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < frames->len; i++)
    g_string_append_printf (s, "%s%u", i ? " " : "", g_array_index (frames, guint32, i) + 1);
  return g_string_free (s, FALSE);
}

/* Frame numbers (1-based, space-separated) matching @expr in @capture. */
static char *
bpf_frames (const char *capture,
            const char *expr,
            guint       n_threads)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = trawl_test_capture_path (capture);
  g_autoptr(TrawlCaptureFile) file = trawl_capture_file_load (path, &error);
  g_autoptr(TrawlBpfFilter) bpf = NULL;
  g_autoptr(GArray) frames = NULL;

  g_assert_no_error (error);
  bpf = trawl_bpf_filter_new (expr, &error);
  g_assert_no_error (error);
  frames = trawl_filter_run (file, NULL, NULL, bpf, n_threads, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (frames);
  return frames_to_string (frames);
}

static void
test_compile_errors (void)
{
  /* As tcpdump -r prints them after "tcpdump: ". */
  static const struct { const char *expr, *message; } cases[] = {
    { "tcp port", "can't parse filter expression: syntax error" },
    { "host 999.1.1.1", "invalid IPv4 address '999.1.1.1'" },
    { "tcp port 70000", "illegal port number 70000 > 65535" },
    { "foo", "can't parse filter expression: syntax error" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TrawlBpfFilter) bpf = trawl_bpf_filter_new (cases[i].expr, &error);

      g_assert_null (bpf);
      g_assert_error (error, TRAWL_BPF_FILTER_ERROR, TRAWL_BPF_FILTER_ERROR_COMPILE);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

static void
test_linktype_error (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TrawlBpfFilter) bpf = trawl_bpf_filter_new ("ether host 1:2:3:4:5:6", &error);
  g_autofree char *path = trawl_test_capture_path ("raw-ip.pcap");
  g_autoptr(TrawlCaptureFile) file = trawl_capture_file_load (path, &error);
  g_autoptr(GArray) frames = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (bpf);
  g_assert_false (trawl_bpf_filter_prepare (bpf, TRAWL_LINKTYPE_RAW, &error));
  /* tcpdump -r raw-ip.pcap 'ether host 1:2:3:4:5:6' */
  g_assert_error (error, TRAWL_BPF_FILTER_ERROR, TRAWL_BPF_FILTER_ERROR_COMPILE);
  g_assert_true (g_str_has_prefix (error->message, "ethernet addresses supported only on ethernet"));
  g_clear_error (&error);

  frames = trawl_filter_run (file, NULL, NULL, bpf, 0, NULL, &error);
  g_assert_null (frames);
  g_assert_error (error, TRAWL_BPF_FILTER_ERROR, TRAWL_BPF_FILTER_ERROR_COMPILE);
}

static void
test_link_types (void)
{
  /* tcpdump counts 8/4/8/2/2 SYN frames (tcp[] is IPv4 only); the frame
   * numbers are tshark's for 'ip && tcp.flags.syn == 1'. */
  static const struct { const char *capture, *expr, *frames; } cases[] = {
    { "http-curl.pcap", "tcp[tcpflags] & tcp-syn != 0", "1 2 11 12 21 22 31 32" },
    { "null-loopback.pcap", "tcp[tcpflags] & tcp-syn != 0", "1 2 11 12 21 22 31 32" },
    { "raw-ip.pcap", "tcp[tcpflags] & tcp-syn != 0", "21 22 33 34" },
    { "sll-v1.pcap", "tcp[tcpflags] & tcp-syn != 0", "1 2" },
    { "pcap-variants/sll2-any.pcap", "tcp[tcpflags] & tcp-syn != 0", "1 2" },
    /* tcpdump: 3 frames.  tshark's udp.port == 53 also matches 45 (UDP
     * after a Destination Options header, which libpcap's "udp" does not
     * follow) and 47 (UDP quoted in an ICMPv6 error). */
    { "ipv6-icmpv6.pcap", "udp port 53", "39 40 46" },
    { "http-curl.pcap", "udp port 53", "" },
    /* Ethernet and Linux cooked v2 interfaces in one file: tcpdump refuses
     * it; Trawl compiles once per link type (tshark's frame numbers). */
    { "pcap-variants/two-interfaces.pcapng", "udp port 53", "63 64" },
    { "pcap-variants/two-interfaces.pcapng", "tcp port 80", "53 54 55 56 57 58 59 60 61 62" },
    { "pcap-variants/two-interfaces.pcapng", "tcp[tcpflags] & tcp-syn != 0", "1 2 11 12 21 22 31 32 53 54" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      for (guint threads = 1; threads <= 3; threads++)
        {
          g_autofree char *got = bpf_frames (cases[i].capture, cases[i].expr, threads);

          g_test_message ("%s: %s (%u threads)", cases[i].capture, cases[i].expr, threads);
          g_assert_cmpstr (got, ==, cases[i].frames);
        }
    }
}

static void
test_counts (void)
{
  /* tcpdump -r CAP -n EXPR | wc -l */
  static const struct { const char *capture, *expr; guint count; } cases[] = {
    { "ipv6-icmpv6.pcap", "ip6", 48 },
    /* BSD loopback with Darwin's AF_INET6 (30): libpcap accepts every BSD
     * value only when compiling for a file, as tcpdump -r does. */
    { "null-loopback.pcap", "ip6", 10 },
    { "null-loopback.pcap", "ip6 and tcp", 10 },
    { "null-loopback.pcap", "ip", 42 },
    { "ipv6-icmpv6.pcap", "icmp6", 22 },
    { "ipv6-icmpv6.pcap", "tcp", 12 },
    { "vlan-qinq.pcap", "vlan", 14 },
    { "dns-netns.pcap", "udp port 53", 20 },
    { "dns-netns.pcap", "tcp", 22 },
    { "sll-v1.pcap", "tcp port 80", 9 },
    { "../../data/chat.pcap", "tcp", 89 },
    { "../../data/chat.pcap", "tcp[tcpflags] & tcp-syn != 0", 10 },
    { "ws-chat-eth.pcapng", "tcp", 112 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = bpf_frames (cases[i].capture, cases[i].expr, 0);
      g_auto(GStrv) parts = g_strsplit (got, " ", -1);

      g_test_message ("%s: %s", cases[i].capture, cases[i].expr);
      g_assert_cmpuint (*got ? g_strv_length (parts) : 0, ==, cases[i].count);
    }
}

static void
test_range_and_cancel (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = trawl_test_capture_path ("http-curl.pcap");
  g_autoptr(TrawlCaptureFile) file = trawl_capture_file_load (path, &error);
  g_autoptr(TrawlBpfFilter) bpf = trawl_bpf_filter_new ("tcp[tcpflags] & tcp-syn != 0", &error);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GArray) part = NULL;
  g_autoptr(GArray) none = NULL;
  g_autofree char *got = NULL;

  g_assert_no_error (error);
  /* Frames 11..31 (indices 10..30): -c and live appends use ranges. */
  part = trawl_filter_run_range (file, NULL, NULL, bpf, 10, 31, 2, NULL, NULL, &error);
  g_assert_no_error (error);
  got = frames_to_string (part);
  g_assert_cmpstr (got, ==, "11 12 21 22 31");

  g_cancellable_cancel (cancellable);
  none = trawl_filter_run (file, NULL, NULL, bpf, 2, cancellable, &error);
  g_assert_null (none);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  trawl_dissectors_init ();

  g_test_add_func ("/bpf/compile-errors", test_compile_errors);
  g_test_add_func ("/bpf/linktype-error", test_linktype_error);
  g_test_add_func ("/bpf/link-types", test_link_types);
  g_test_add_func ("/bpf/counts", test_counts);
  g_test_add_func ("/bpf/range-and-cancel", test_range_and_cancel);
  return g_test_run ();
}
