/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli-filter.c: trawl-cli's -Y, -f, -R, -c and --explain-filter
 *
 * Runs the real trawl-cli ($TRAWL_CLI) and compares with what tshark 4.0
 * prints for the same options on the same capture.
 */
#include "config.h"

#include <string.h>

#include "trawl-test-util.h"

typedef struct
{
  char *out;
  char *err;
  int   status;
} Run;

static void
run_clear (Run *r)
{
  g_free (r->out);
  g_free (r->err);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* Run trawl-cli with @args (NULL-terminated), on @capture if not NULL. */
static void
run_cli (Run         *r,
         const char  *capture,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = capture ? trawl_test_capture_path (capture) : NULL;
  const char *cli = g_getenv ("TRAWL_CLI");
  va_list ap;
  const char *a;
  int wait_status = 0;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, g_strdup (cli));
  if (path != NULL)
    {
      g_ptr_array_add (argv, g_strdup ("-r"));
      g_ptr_array_add (argv, g_strdup (path));
    }
  va_start (ap, capture);
  while ((a = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, g_strdup (a));
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &r->out, &r->err, &wait_status, &error);
  g_assert_no_error (error);
  r->status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : 128;
}

static void
test_display_error (void)
{
  g_auto(Run) r = { 0 };

  /* tshark: the same message, filter and caret under "tshark:". */
  run_cli (&r, "http-curl.pcap", "-Y", "tcp.port == \"x\"", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_cmpstr (r.out, ==, "");
  g_assert_cmpstr (r.err, ==,
                   "trawl-cli: Unsigned integer (2 bytes) cannot be converted from a string (\"x\").\n"
                   "    tcp.port == \"x\"\n"
                   "                ^~~\n");
}

static void
test_unexpected_end (void)
{
  g_auto(Run) r = { 0 };
  g_auto(GStrv) lines = NULL;

  run_cli (&r, "http-curl.pcap", "-Y", "tcp.port == ", NULL);
  g_assert_cmpint (r.status, ==, 2);
  lines = g_strsplit (r.err, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "trawl-cli: Unexpected end of filter expression.");
  /* tshark shows no caret here; trawl-cli points past the last token. */
  g_assert_cmpstr (lines[1], ==, "    tcp.port == ");
  g_assert_true (g_str_has_prefix (lines[2], "               ") && g_str_has_suffix (lines[2], "^"));
}

static void
test_bpf_error (void)
{
  g_auto(Run) r = { 0 };

  run_cli (&r, "http-curl.pcap", "-f", "tcp port", NULL);
  g_assert_cmpint (r.status, ==, 2);
  /* libpcap's words, in tshark's sentence for a bad capture filter. */
  g_assert_nonnull (strstr (r.err, "Invalid capture filter \"tcp port\""));
  g_assert_nonnull (strstr (r.err, "(can't parse filter expression: syntax error)"));
}

static void
test_fields_displayed (void)
{
  g_auto(Run) r = { 0 };

  /* tshark -n -r http-curl.pcap -Y tcp.flags.push==1 -T fields -e frame.number
   *   -e frame.time_delta_displayed -e frame.time_relative */
  run_cli (&r, "http-curl.pcap", "-Y", "tcp.flags.push==1", "-T", "fields", "-e", "frame.number",
           "-e", "frame.time_delta_displayed", "-e", "frame.time_relative", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==,
                   "4\t0.000000000\t0.003564000\n"
                   "6\t0.001283000\t0.004847000\n"
                   "14\t0.053945000\t0.058792000\n"
                   "16\t0.000248000\t0.059040000\n"
                   "24\t0.037969000\t0.097009000\n"
                   "26\t0.000202000\t0.097211000\n"
                   "34\t0.038538000\t0.135749000\n"
                   "36\t0.000128000\t0.135877000\n"
                   "38\t0.000507000\t0.136384000\n"
                   "39\t0.000075000\t0.136459000\n"
                   "46\t0.037657000\t0.174116000\n"
                   "48\t0.000155000\t0.174271000\n");
}

static void
test_count_reads (void)
{
  g_auto(Run) r = { 0 };
  g_auto(Run) none = { 0 };

  /* tshark's -c counts frames read, also with -Y: -c 6 shows 4 and 6. */
  run_cli (&r, "http-curl.pcap", "-c", "6", "-Y", "tcp.flags.push==1", "-T", "fields", "-e", "frame.number", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "4\n6\n");
  run_cli (&none, "http-curl.pcap", "-c", "2", "-Y", "tcp.flags.push==1", NULL);
  g_assert_cmpint (none.status, ==, 0);
  g_assert_cmpstr (none.out, ==, "");
}

static void
test_bpf_with_display (void)
{
  g_auto(Run) r = { 0 };

  run_cli (&r, "http-curl.pcap", "-f", "tcp[tcpflags] & tcp-syn != 0", "-Y", "tcp.flags.ack == 1",
           "-T", "fields", "-e", "frame.number", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "2\n12\n22\n32\n");
}

static void
test_read_filter (void)
{
  g_auto(Run) bad = { 0 };
  g_auto(Run) ok = { 0 };

  run_cli (&bad, "http-curl.pcap", "-R", "tcp", NULL);
  g_assert_cmpint (bad.status, ==, 1);
  g_assert_cmpstr (bad.err, ==, "trawl-cli: -R without -2 is deprecated. For single-pass filtering use -Y.\n");
  run_cli (&ok, "http-curl.pcap", "-2", "-R", "http.request.uri contains \"hello\"",
           "-T", "fields", "-e", "http.request.uri", NULL);
  g_assert_cmpint (ok.status, ==, 0);
  g_assert_cmpstr (ok.out, ==, "/hello.txt\n/hello.txt\n");
}

static void
test_json_first (void)
{
  g_auto(Run) r = { 0 };

  /* The first shown object has no leading comma, whatever its number. */
  run_cli (&r, "http-curl.pcap", "-Y", "http.response.code == 404", "-T", "json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_str_has_prefix (r.out, "[\n  {\n"));
  g_assert_nonnull (strstr (r.out, "\"frame.number\": \"16\""));
  g_assert_null (strstr (r.out, "\"frame.number\": \"6\""));
}

static void
test_explain (void)
{
  g_auto(Run) r = { 0 };
  g_auto(Run) bad = { 0 };

  run_cli (&r, NULL, "--explain-filter", "tcp.port == 80 || udp", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "tcp.port"));
  g_assert_nonnull (strstr (r.out, "udp"));
  run_cli (&bad, NULL, "--explain-filter", "tcp.srcport == 65536", NULL);
  g_assert_cmpint (bad.status, ==, 2);
  g_assert_cmpstr (bad.err, ==,
                   "trawl-cli: \"65536\" too big for this field, maximum 65535.\n"
                   "    tcp.srcport == 65536\n"
                   "                   ^~~~~\n");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli-filter/display-error", test_display_error);
  g_test_add_func ("/cli-filter/unexpected-end", test_unexpected_end);
  g_test_add_func ("/cli-filter/bpf-error", test_bpf_error);
  g_test_add_func ("/cli-filter/fields-displayed", test_fields_displayed);
  g_test_add_func ("/cli-filter/count-reads", test_count_reads);
  g_test_add_func ("/cli-filter/bpf-with-display", test_bpf_with_display);
  g_test_add_func ("/cli-filter/read-filter", test_read_filter);
  g_test_add_func ("/cli-filter/json-first", test_json_first);
  g_test_add_func ("/cli-filter/explain", test_explain);
  return g_test_run ();
}
