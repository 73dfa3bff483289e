/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-printf.c: trawl_format_vsimple writes what printf writes, or
 * leaves the format to printf */
#include "config.h"

#include <stdio.h>

#include "dissect/trawl-printf.h"

static gssize
simple (char       *buf,
        gsize       size,
        const char *format,
        ...)
{
  va_list args;
  gssize n;

  va_start (args, format);
  n = trawl_format_vsimple (buf, size, format, args);
  va_end (args);
  return n;
}

/* Both ways, with the same arguments. */
#define SAME(fmt, ...) G_STMT_START {                                    \
    char want[256], got[256];                                            \
    int wn = snprintf (want, sizeof want, fmt, __VA_ARGS__);             \
    gssize gn = simple (got, sizeof got, fmt, __VA_ARGS__);              \
    g_assert_cmpint (gn, ==, wn);                                        \
    g_assert_cmpstr (got, ==, want);                                     \
  } G_STMT_END

static void
test_matches_printf (void)
{
  SAME ("Standard query 0x%04x %s %s", 0x1a2bu, "A", "example.com");
  SAME ("%u → %u [%s] Seq=%u", 38588u, 12345u, "SYN", 0u);
  SAME ("%d %d %d", -1, 0, G_MININT);
  SAME ("%lu %llu %ld", 123456789012ul, 18446744073709551615ull, -5l);
  SAME ("%x %X %08x %lx", 0xbeefu, 0xbeefu, 0x2au, 0xffffffffffful);
  SAME ("%-8s|%8s|%5u|%-5u|%05d|%05d", "ab", "cd", 42u, 42u, 42, -42);
  SAME ("100%% %c%c", 'o', 'k');
  SAME ("%s", "");
  SAME ("no conversion at all%s", "");
}

static void
test_leaves_others (void)
{
  char buf[64];

  g_assert_cmpint (simple (buf, sizeof buf, "%.3f s", 1.5), ==, -1);
  g_assert_cmpint (simple (buf, sizeof buf, "%p", (void *) buf), ==, -1);
  g_assert_cmpint (simple (buf, sizeof buf, "%lc", 'x'), ==, -1);
  g_assert_cmpint (simple (buf, sizeof buf, "%", 0), ==, -1);
  /* too long for the buffer: the caller prints it */
  g_assert_cmpint (simple (buf, 8, "%s", "12345678"), ==, -1);
  g_assert_cmpint (simple (buf, 8, "1234567%u", 8u), ==, -1);
  g_assert_cmpint (simple (buf, 8, "12345678"), ==, -1);
  g_assert_cmpint (simple (buf, 8, "1234567"), ==, 7);
  g_assert_cmpstr (buf, ==, "1234567");
}

static void
test_uint (void)
{
  static const guint64 values[] = { 0, 9, 10, 99, 100, 65535, 99999, 100000, 4294967295u,
                                    9999999999ull, 10000000000ull, G_MAXUINT64 };
  char want[32], got[32];

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      char *end = trawl_format_uint (got, values[i]);

      snprintf (want, sizeof want, "%" G_GUINT64_FORMAT, values[i]);
      g_assert_cmpstr (got, ==, want);
      g_assert_cmpint (end - got, ==, (gssize) strlen (want));
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/printf/matches-printf", test_matches_printf);
  g_test_add_func ("/printf/leaves-others", test_leaves_others);
  g_test_add_func ("/printf/uint", test_uint);
  return g_test_run ();
}
