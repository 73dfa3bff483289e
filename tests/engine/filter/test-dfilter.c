/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-dfilter.c: lexer, parser and checker of display filters
 *
 * Messages and places of errors are Wireshark 4.0's (tshark -Y prints the
 * same words and puts its caret under the same bytes); values of literals
 * are checked through the compiled form (trawl_display_filter_explain).
 */
#include "config.h"

#include <string.h>
#include <time.h>

#include "filter/trawl-display-filter.h"
#include "trawl-test-util.h"

static char *
explain (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TrawlDisplayFilter) df = trawl_display_filter_new (text, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (df);
  return trawl_display_filter_explain (df);
}

/* The syntax tree part of explain, without the instructions. */
static char *
tree_of (const char *text)
{
  g_autofree char *all = explain (text);
  const char *s = strstr (all, "Syntax tree:\n");
  const char *e = strstr (all, "\nInstructions:");

  g_assert_nonnull (s);
  g_assert_nonnull (e);
  s += strlen ("Syntax tree:\n");
  return g_strndup (s, (gsize) (e - s));
}

static void
assert_tree_contains (const char *text,
                      const char *needle)
{
  g_autofree char *tree = tree_of (text);

  if (strstr (tree, needle) == NULL)
    g_error ("%s:\n%s\ndoes not contain %s", text, tree, needle);
}

static void
test_precedence (void)
{
  g_autofree char *t1 = tree_of ("tcp or udp and ip");
  g_autofree char *t2 = tree_of ("tcp and udp or ip");
  g_autofree char *t3 = tree_of ("not tcp and udp");
  g_autofree char *t4 = tree_of ("!(tcp || udp)");
  g_autofree char *t5 = tree_of ("tcp xor udp or ip and eth");
  g_autofree char *t6 = tree_of ("tcp.srcport < tcp.dstport <= 80");

  /* and binds tighter than or; not tighter than and (Wireshark's grammar) */
  g_assert_true (g_str_has_prefix (t1, " 0 TEST_OR:\n   1 TEST_EXISTS:"));
  g_assert_nonnull (strstr (t1, "   1 TEST_AND:"));
  g_assert_true (g_str_has_prefix (t2, " 0 TEST_OR:\n   1 TEST_AND:"));
  g_assert_true (g_str_has_prefix (t3, " 0 TEST_AND:\n   1 TEST_NOT:"));
  g_assert_true (g_str_has_prefix (t4, " 0 TEST_NOT:\n   1 TEST_OR:"));
  /* xor between and and or, as in Wireshark 4.2 */
  g_assert_true (g_str_has_prefix (t5, " 0 TEST_OR:\n   1 TEST_XOR:"));
  /* a < b <= c is (a < b) and (b <= c) */
  g_assert_true (g_str_has_prefix (t6, " 0 TEST_AND:\n   1 TEST_ANY_LT:"));
  g_assert_nonnull (strstr (t6, "   1 TEST_ANY_LE:\n     2 FIELD(tcp.dstport"));
  /* arithmetic: * before +, & last */
  assert_tree_contains ("tcp.srcport + 2 * 3 == 6",
                        "   1 OP_ADD <FT_UINT16>:\n     2 FIELD(tcp.srcport <FT_UINT16>)\n     2 OP_MULTIPLY");
  assert_tree_contains ("tcp.flags & 1 + 1 == 2", "   1 OP_BITWISE_AND <FT_UINT16>:\n     2 FIELD(tcp.flags");
  assert_tree_contains ("{tcp.srcport + 1} * 2 == 6", "   1 OP_MULTIPLY <FT_UINT16>:\n     2 OP_ADD");
}

static void
test_operators (void)
{
  assert_tree_contains ("tcp.port == 80", "TEST_ANY_EQ");
  assert_tree_contains ("tcp.port eq 80", "TEST_ANY_EQ");
  assert_tree_contains ("tcp.port any_eq 80", "TEST_ANY_EQ");
  /* != is "all differ" since Wireshark 3.6; ~= and !== are "any differs" */
  assert_tree_contains ("tcp.port != 80", "TEST_ALL_NE");
  assert_tree_contains ("tcp.port ne 80", "TEST_ALL_NE");
  assert_tree_contains ("tcp.port all_ne 80", "TEST_ALL_NE");
  assert_tree_contains ("tcp.port ~= 80", "TEST_ANY_NE");
  assert_tree_contains ("tcp.port !== 80", "TEST_ANY_NE");
  assert_tree_contains ("tcp.port === 80", "TEST_ALL_EQ");
  assert_tree_contains ("tcp.port > 80", "TEST_ANY_GT");
  assert_tree_contains ("tcp.port ge 80", "TEST_ANY_GE");
  assert_tree_contains ("tcp.port lt 80", "TEST_ANY_LT");
  assert_tree_contains ("tcp.port <= 80", "TEST_ANY_LE");
  assert_tree_contains ("all tcp.port > 80", "TEST_ALL_GT");
  assert_tree_contains ("any tcp.port != 80", "TEST_ANY_NE");
  assert_tree_contains ("tcp contains \"x\"", "TEST_CONTAINS");
  assert_tree_contains ("http.host matches \"x\"", "TEST_MATCHES");
  assert_tree_contains ("http.host ~ \"x\"", "TEST_MATCHES");
  assert_tree_contains ("tcp.port in {80, 443, 8000..8100}", "TEST_IN");
  assert_tree_contains ("tcp.port not in {80}", "TEST_NOT:\n   1 TEST_IN");
  /* Wireshark 4.0 wants commas in sets; 3.x took spaces: both work */
  assert_tree_contains ("tcp.port in {80 443}", "FVALUE(443 <FT_UINT16>)");
  assert_tree_contains ("tcp.flags & 0x02", "TEST_NONZERO");
  assert_tree_contains ("tcp && udp || ip ^^ eth", "TEST_XOR");
  assert_tree_contains ("len(tcp.payload) > 3", "FUNCTION(len) <FT_UINT32>");
  assert_tree_contains ("count(ip.addr) == 2", "FUNCTION(count)");
  assert_tree_contains ("upper(http.host) == \"X\"", "FUNCTION(upper) <FT_STRING>");
  assert_tree_contains ("lower(http.host) == \"x\"", "FUNCTION(lower)");
  assert_tree_contains ("string(tcp.port) == \"80\"", "FUNCTION(string) <FT_STRING>");
  assert_tree_contains ("abs(ip.ttl - 100) < 40", "FUNCTION(abs)");
  assert_tree_contains ("max(tcp.srcport, tcp.dstport) == 80", "FUNCTION(max)");
  assert_tree_contains ("ip.src == ip.dst", "   1 FIELD(ip.dst <FT_IPv4>)");
}

static void
test_literals (void)
{
  /* integers in every base */
  assert_tree_contains ("tcp.port == 80", "FVALUE(80 <FT_UINT16>)");
  assert_tree_contains ("tcp.port == 0x50", "FVALUE(80 <FT_UINT16>)");
  assert_tree_contains ("tcp.port == 0120", "FVALUE(80 <FT_UINT16>)");
  assert_tree_contains ("tcp.port == 0b1010000", "FVALUE(80 <FT_UINT16>)");
  assert_tree_contains ("ip.ttl == 'A'", "FVALUE(65 <FT_UINT8>)");
  assert_tree_contains ("ip.ttl == '\\x41'", "FVALUE(65 <FT_UINT8>)");
  /* booleans and value names */
  assert_tree_contains ("tcp.flags.syn == 1", "FVALUE(1 <FT_BOOLEAN>)");
  assert_tree_contains ("tcp.flags.syn == True", "FVALUE(1 <FT_BOOLEAN>)");
  assert_tree_contains ("tcp.flags.syn == False", "FVALUE(0 <FT_BOOLEAN>)");
  assert_tree_contains ("tcp.flags.syn == Set", "FVALUE(1 <FT_BOOLEAN>)");
  assert_tree_contains ("tcp.flags.syn == \"Not set\"", "FVALUE(0 <FT_BOOLEAN>)");
  assert_tree_contains ("tcp.flags.syn == 2", "FVALUE(1 <FT_BOOLEAN>)");
  assert_tree_contains ("eth.type == IPv6", "FVALUE(34525 <FT_UINT16>)");
  /* addresses */
  assert_tree_contains ("ip.addr == 10.1.2.3", "FVALUE(10.1.2.3/32 <FT_IPv4>)");
  assert_tree_contains ("ip.addr == 10.0.0.0/8", "FVALUE(10.0.0.0/8 <FT_IPv4>)");
  assert_tree_contains ("ipv6.addr == fd00::/8", "FVALUE(fd00::/8 <FT_IPv6>)");
  assert_tree_contains ("ipv6.addr == ::1", "FVALUE(::1/128 <FT_IPv6>)");
  assert_tree_contains ("eth.addr == 00:11:22:33:44:55", "FVALUE(00:11:22:33:44:55 <FT_ETHER>)");
  assert_tree_contains ("eth.addr == 00-11-22-33-44-55", "FVALUE(00:11:22:33:44:55 <FT_ETHER>)");
  assert_tree_contains ("eth.addr == 00.11.22.33.44.55", "FVALUE(00:11:22:33:44:55 <FT_ETHER>)");
  /* bytes */
  assert_tree_contains ("tcp.payload == aa:bb:cc", "FVALUE(aa:bb:cc <FT_BYTES>)");
  assert_tree_contains ("tcp.payload == aa-bb-cc", "FVALUE(aa:bb:cc <FT_BYTES>)");
  assert_tree_contains ("tcp.payload == ff", "FVALUE(ff <FT_BYTES>)");
  assert_tree_contains ("frame[0] == 0xff", "FVALUE(ff <FT_BYTES>)");
  assert_tree_contains ("tcp contains \"AB\"", "FVALUE(41:42 <FT_BYTES>)");
  /* strings: escapes and raw strings */
  assert_tree_contains ("http.host == \"a\\tb\\x41\\101\\\\\\\"\"", "FVALUE(\"a\\tbAA\\\\\\\"\" <FT_STRING>)");
  assert_tree_contains ("http.host == r\"a\\d\"", "FVALUE(\"a\\\\d\" <FT_STRING>)");
  assert_tree_contains ("http.host == example", "FVALUE(\"example\" <FT_STRING>)");
  /* times */
  assert_tree_contains ("frame.time_delta > 0.5", "FVALUE(500000000ns <FT_RELATIVE_TIME>)");
  assert_tree_contains ("frame.time_delta > 2", "FVALUE(2000000000ns <FT_RELATIVE_TIME>)");
  assert_tree_contains ("frame.time == \"1970-01-01 00:00:01.25 UTC\"", "FVALUE(1250000000ns <FT_ABSOLUTE_TIME>)");
  assert_tree_contains ("frame.time == \"Jan  2, 1970 00:00:00 UTC\"", "FVALUE(86400000000000ns <FT_ABSOLUTE_TIME>)");
  assert_tree_contains ("frame.time == \"2026-11-21T10:00:00Z\"", "FVALUE(1795255200000000000ns");
  /* negative numbers */
  assert_tree_contains ("tcp.port == -1", "OP_UNARY_MINUS");
  /* slices */
  assert_tree_contains ("frame[0:3] == 00:00:00", "SLICE[0:3] <FT_BYTES>");
  assert_tree_contains ("frame[1-3] == 00:00:00", "SLICE[1:3] <FT_BYTES>");
  assert_tree_contains ("frame[-2:] == 00:00", "SLICE[-2:] <FT_BYTES>");
  assert_tree_contains ("frame[:2] == 00:00", "SLICE[0:2] <FT_BYTES>");
  assert_tree_contains ("frame[0:1, 4, 6-7] == 00:00:00:00", "SLICE[0:1,4:1,6:2] <FT_BYTES>");
  /* A slice of a string is bytes too (Wireshark 4.0): the literal is
   * the string's bytes. */
  assert_tree_contains ("http.host[0:3] == \"www\"", "SLICE[0:3] <FT_BYTES>");
  assert_tree_contains ("http.host[0:3] == \"www\"", "FVALUE(77:77:77 <FT_BYTES>)");
}

typedef struct
{
  const char *text;
  int         code;
  const char *message;   /* prefix of the message */
  guint       start;
  guint       len;
} ErrorCase;

static const ErrorCase errors[] = {
  { "tcp.port ==", TRAWL_DISPLAY_FILTER_ERROR_SYNTAX, "Unexpected end of filter expression.", 11, 0 },
  { "tcp.port == 80 and", TRAWL_DISPLAY_FILTER_ERROR_SYNTAX, "Unexpected end of filter expression.", 18, 0 },
  { "(tcp", TRAWL_DISPLAY_FILTER_ERROR_SYNTAX, "Unexpected end of filter expression.", 4, 0 },
  { "tcp)", TRAWL_DISPLAY_FILTER_ERROR_SYNTAX, "\")\" was unexpected in this context.", 3, 1 },
  { "{tcp.port", TRAWL_DISPLAY_FILTER_ERROR_SYNTAX, "Unexpected end of filter expression.", 9, 0 },
  { "tcp.port in {80", TRAWL_DISPLAY_FILTER_ERROR_SYNTAX, "Unexpected end of filter expression.", 15, 0 },
  { "frame[0:3 == 00", TRAWL_DISPLAY_FILTER_ERROR_SYNTAX, "\"=\" was unexpected in this context.", 10, 1 },
  { "tcp.port = 80", TRAWL_DISPLAY_FILTER_ERROR_SYNTAX, "\"=\" was unexpected in this context.", 9, 1 },
  { "tcp.port ==== 80", TRAWL_DISPLAY_FILTER_ERROR_SYNTAX, "\"=\" was unexpected in this context.", 12, 1 },
  { "and", TRAWL_DISPLAY_FILTER_ERROR_SYNTAX, "\"and\" was unexpected in this context.", 0, 3 },
  { "http.host == \"abc", TRAWL_DISPLAY_FILTER_ERROR_SYNTAX, "The final quote was missing from a quoted string.", 13, 4 },
  { "foo.bar", TRAWL_DISPLAY_FILTER_ERROR_UNKNOWN_FIELD, "foo.bar is neither a field nor a protocol name.", 0, 7 },
  { "tcp.prot == 1", TRAWL_DISPLAY_FILTER_ERROR_UNKNOWN_FIELD, "tcp.prot is neither a field nor a protocol name. Did you mean tcp.port", 0, 8 },
  { "1 == tcp.prot", TRAWL_DISPLAY_FILTER_ERROR_TYPE, "Left side of \"==\" expression must be a field or function, not 1.", 0, 1 },
  { "\"abc\" == \"abc\"", TRAWL_DISPLAY_FILTER_ERROR_TYPE, "Left side of \"==\" expression must be a field or function, not \"abc\".", 0, 5 },
  { "tcp.port == \"x\"", TRAWL_DISPLAY_FILTER_ERROR_TYPE, "Unsigned integer (2 bytes) cannot be converted from a string (\"x\").", 12, 3 },
  { "tcp.port == x", TRAWL_DISPLAY_FILTER_ERROR_VALUE, "\"x\" is not a valid number.", 12, 1 },
  { "ip.len > 1e3", TRAWL_DISPLAY_FILTER_ERROR_VALUE, "\"1e3\" is not a valid number.", 9, 3 },
  { "tcp.flags.syn == sett", TRAWL_DISPLAY_FILTER_ERROR_VALUE, "\"sett\" cannot be found among the possible values for tcp.flags.syn.", 17, 4 },
  { "tcp.srcport == 65536", TRAWL_DISPLAY_FILTER_ERROR_RANGE, "\"65536\" too big for this field, maximum 65535.", 15, 5 },
  { "ip.ttl == 256", TRAWL_DISPLAY_FILTER_ERROR_RANGE, "\"256\" too big for this field, maximum 255.", 10, 3 },
  { "tcp.port in {80, 70000}", TRAWL_DISPLAY_FILTER_ERROR_RANGE, "\"70000\" too big for this field, maximum 65535.", 17, 5 },
  { "ip.addr == 10.0.0.0/33", TRAWL_DISPLAY_FILTER_ERROR_VALUE, "Netmask bits in a CIDR IPv4 address should be <= 32, not 33", 11, 11 },
  { "ip.src == 1.2.3", TRAWL_DISPLAY_FILTER_ERROR_VALUE, "\"1.2.3\" is not a valid hostname or IPv4 address.", 10, 5 },
  { "ipv6.src == fd00::/129", TRAWL_DISPLAY_FILTER_ERROR_VALUE, "Prefix in a IPv6 address should be <= 128, not 129", 12, 10 },
  { "ipv6.src == fd00:::1", TRAWL_DISPLAY_FILTER_ERROR_VALUE, "\"fd00:::1\" is not a valid hostname or IPv6 address.", 12, 8 },
  { "eth.src == 00:11:22", TRAWL_DISPLAY_FILTER_ERROR_VALUE, "\"00:11:22\" contains too few bytes to be a valid Ethernet address.", 11, 8 },
  { "tcp.payload == zz", TRAWL_DISPLAY_FILTER_ERROR_VALUE, "\"zz\" is not a valid byte string.", 15, 2 },
  { "frame.time > \"junk\"", TRAWL_DISPLAY_FILTER_ERROR_VALUE, "\"junk\" is not a valid absolute time. Example: \"Nov 12, 1999 08:55:44.123\" or \"2011-07-04 12:34:56\"", 13, 6 },
  { "frame.time_delta > x", TRAWL_DISPLAY_FILTER_ERROR_VALUE, "\"x\" is not a valid time.", 19, 1 },
  { "http.host matches \"(\"", TRAWL_DISPLAY_FILTER_ERROR_REGEX, "Regex compilation error: missing terminating )", 18, 3 },
  { "tcp.port[0:1] == 00", TRAWL_DISPLAY_FILTER_ERROR_TYPE, "\"tcp.port\" is a Unsigned integer (2 bytes) and cannot be sliced into a sequence of bytes.", 0, 8 },
  { "frobnicate(tcp.port)", TRAWL_DISPLAY_FILTER_ERROR_SYNTAX, "Function 'frobnicate' does not exist", 0, 10 },
  { "len(tcp.port)", TRAWL_DISPLAY_FILTER_ERROR_SYNTAX, "You cannot test whether a function is present.", 0, 3 },
  { "upper(ip.src) == \"x\"", TRAWL_DISPLAY_FILTER_ERROR_TYPE, "Only string type fields can be used as parameter for upper()", 6, 6 },
  { "tcp.port contains 80", TRAWL_DISPLAY_FILTER_ERROR_TYPE, "tcp.port (type=Unsigned integer (2 bytes)) cannot participate in contains comparison.", 0, 8 },
  { "tcp.port > ip.src", TRAWL_DISPLAY_FILTER_ERROR_TYPE, "tcp.port and ip.src are not of compatible types.", 11, 6 },
  { "ip.proto == tcp", TRAWL_DISPLAY_FILTER_ERROR_TYPE, "ip.proto and tcp are not of compatible types.", 12, 3 },
  { "tcp.port == 80 @", TRAWL_DISPLAY_FILTER_ERROR_SYNTAX, "\"@\" was unexpected in this context.", 15, 1 },
};

static void
test_errors (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (errors); i++)
    {
      const ErrorCase *c = &errors[i];
      g_autoptr(GError) error = NULL;
      TrawlFilterLocation where = { 99, 99 };
      g_autoptr(TrawlDisplayFilter) df = trawl_display_filter_new (c->text, &where, &error);

      g_test_message ("%s", c->text);
      g_assert_null (df);
      g_assert_nonnull (error);
      if (!g_str_has_prefix (error->message, c->message))
        g_error ("%s: got message \"%s\", want \"%s\"", c->text, error->message, c->message);
      g_assert_error (error, TRAWL_DISPLAY_FILTER_ERROR, c->code);
      g_assert_cmpuint (where.start, ==, c->start);
      g_assert_cmpuint (where.len, ==, c->len);
    }
}

static void
test_empty_and_mask (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TrawlDisplayFilter) empty = trawl_display_filter_new ("  ", NULL, &error);
  g_autoptr(TrawlDisplayFilter) df = NULL;
  const guint8 *mask;
  guint bits = 0;

  g_assert_no_error (error);
  g_assert_nonnull (empty);
  g_assert_cmpstr (trawl_display_filter_get_text (empty), ==, "  ");

  df = trawl_display_filter_new ("tcp.port == 80 || udp || len(http.host) > 2", NULL, &error);
  g_assert_no_error (error);
  mask = trawl_display_filter_get_field_mask (df, &bits);
  g_assert_cmpuint (bits, ==, trawl_field_count ());
#define BIT(name) ((mask[trawl_field_lookup (name)->id >> 3] >> (trawl_field_lookup (name)->id & 7)) & 1)
  g_assert_true (BIT ("tcp.port"));
  g_assert_true (BIT ("udp"));
  g_assert_true (BIT ("http.host"));
  g_assert_false (BIT ("tcp.srcport"));
  g_assert_false (BIT ("tcp"));
#undef BIT
  g_assert_false (trawl_display_filter_needs_full_tree (df));
}

static void
test_explain (void)
{
  g_autofree char *text = explain ("tcp.port == 80 || udp");

  g_assert_true (g_str_has_prefix (text, "Filter: tcp.port == 80 || udp\n\nSyntax tree:\n 0 TEST_OR:\n"));
  g_assert_nonnull (strstr (text, "\nInstructions:\n 0000 READ_TREE        tcp.port <FT_UINT16> -> reg#0\n"));
  g_assert_nonnull (strstr (text, "CHECK_EXISTS     udp\n"));
  g_assert_true (strstr (text, "\nFields read: udp tcp.port\n") != NULL ||
                 strstr (text, "\nFields read: tcp.port udp\n") != NULL);
}

/* Hostile text: deep nesting, long chains and stray bytes end in errors
 * or filters, never in a crash (the fuzz target goes further). */
static void
test_hostile (void)
{
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GString) chain = g_string_new ("tcp");
  static const char *odd[] = {
    "\xff\xfe", "tcp.port == \"\\x\"", "'ab'", "frame[", "frame[]", "frame[a:b] == 00",
    "r\"", "{}", "tcp.port in {}", "max()", "-", "!", "a..b", "tcp.port == 1..2",
    "ip.addr == 1.2.3.4/", "ipv6.addr == ::/", "frame[0:0] == 00", "frame[-1-2] == 00",
    "tcp.port == 99999999999999999999999", "ip.ttl == -99999999999999999999",
  };
  GError *error = NULL;
  TrawlDisplayFilter *df;

  for (int i = 0; i < 5000; i++)
    g_string_append_c (deep, '(');
  df = trawl_display_filter_new (deep->str, NULL, &error);
  g_assert_null (df);
  g_clear_error (&error);

  for (int i = 0; i < 3000; i++)
    g_string_append (chain, " and tcp");
  df = trawl_display_filter_new (chain->str, NULL, &error);
  g_assert_null (df);
  g_assert_error (error, TRAWL_DISPLAY_FILTER_ERROR, TRAWL_DISPLAY_FILTER_ERROR_SYNTAX);
  g_clear_error (&error);

  for (guint i = 0; i < G_N_ELEMENTS (odd); i++)
    {
      df = trawl_display_filter_new (odd[i], NULL, &error);
      g_assert_true ((df == NULL) != (error == NULL));
      g_clear_error (&error);
      g_clear_object (&df);
    }
}

/* CPU time of this thread, whatever else the machine runs. */
static gint64
cpu_time_us (void)
{
  struct timespec ts;

  g_assert_cmpint (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts), ==, 0);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/* The filter bar checks on every keystroke: a pasted 1 MB name must be
 * refused as unknown at once ("did you mean" compared it with every
 * field: 21.6 s). */
static void
test_long_name (void)
{
  static const char *const shapes[] = { "%s", "tcp.%s", "%s == 1", "tcp.port == %s", "ip.addr == %s" };
  g_autofree char *name = g_strnfill (1024 * 1024, 'a');

  memcpy (name, "tcp.prt", 7);  /* close to a field at its start */
  for (guint i = 0; i < G_N_ELEMENTS (shapes); i++)
    {
      g_autofree char *text = g_strdup_printf (shapes[i], name);
      GError *error = NULL;
      gint64 t0 = cpu_time_us ();
      TrawlDisplayFilter *df = trawl_display_filter_new (text, NULL, &error);
      gint64 us = cpu_time_us () - t0;

      g_test_message ("%s: %" G_GINT64_FORMAT " us of CPU", shapes[i], us);
      g_assert_null (df);
      g_assert_nonnull (error);
      g_assert_null (strstr (error->message, "Did you mean"));
      g_clear_error (&error);
      g_assert_cmpint (us, <, 500 * 1000);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("TZ", "UTC", TRUE);
  trawl_dissectors_init ();
  g_test_add_func ("/dfilter/precedence", test_precedence);
  g_test_add_func ("/dfilter/operators", test_operators);
  g_test_add_func ("/dfilter/literals", test_literals);
  g_test_add_func ("/dfilter/errors", test_errors);
  g_test_add_func ("/dfilter/empty-and-mask", test_empty_and_mask);
  g_test_add_func ("/dfilter/explain", test_explain);
  g_test_add_func ("/dfilter/hostile", test_hostile);
  g_test_add_func ("/dfilter/long-name", test_long_name);
  return g_test_run ();
}
