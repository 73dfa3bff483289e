/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cursor.c: the bounds-checked cursor never reads outside its window */
#include "config.h"

#include "dissect/trawl-cursor.h"

static const guint8 bytes[] = { 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09 };

static void
test_reads_inside (void)
{
  TrawlCursor c;

  trawl_cursor_init (&c, bytes, sizeof bytes);
  g_assert_cmpuint (trawl_cursor_get_u8 (&c, 0), ==, 0x01);
  g_assert_cmpuint (trawl_cursor_get_u16 (&c, 1), ==, 0x0203);
  g_assert_cmpuint (trawl_cursor_get_u16le (&c, 1), ==, 0x0302);
  g_assert_cmpuint (trawl_cursor_get_u24 (&c, 0), ==, 0x010203);
  g_assert_cmpuint (trawl_cursor_get_u32 (&c, 5), ==, 0x06070809);
  g_assert_cmpuint (trawl_cursor_get_u32le (&c, 0), ==, 0x04030201);
  g_assert_cmpuint (trawl_cursor_get_u64 (&c, 1), ==, G_GUINT64_CONSTANT (0x0203040506070809));
  g_assert_false (c.error);
}

static void
test_reads_outside (void)
{
  TrawlCursor c;

  trawl_cursor_init (&c, bytes, sizeof bytes);
  g_assert_cmpuint (trawl_cursor_get_u32 (&c, 6), ==, 0);
  g_assert_true (c.error);
  c.error = FALSE;
  g_assert_null (trawl_cursor_ptr (&c, G_MAXUINT32, 2));
  g_assert_true (c.error);
  c.error = FALSE;
  /* off + n would wrap around in 32 bits */
  g_assert_null (trawl_cursor_ptr (&c, 4, G_MAXUINT32 - 2));
  g_assert_true (c.error);
}

static void
test_sub_window (void)
{
  TrawlCursor c, s;
  gboolean clipped = FALSE;

  trawl_cursor_init (&c, bytes, sizeof bytes);
  s = trawl_cursor_sub (&c, 2, 3, &clipped);
  g_assert_false (clipped);
  g_assert_cmpuint (trawl_cursor_len (&s), ==, 3);
  g_assert_cmpuint (trawl_cursor_abs (&s, 0), ==, 2);
  g_assert_cmpuint (trawl_cursor_get_u8 (&s, 2), ==, 0x05);
  g_assert_false (s.error);
  /* the sub-window stops reads that the parent would allow */
  g_assert_cmpuint (trawl_cursor_get_u8 (&s, 3), ==, 0);
  g_assert_true (s.error);

  s = trawl_cursor_sub (&c, 7, 100, &clipped);
  g_assert_true (clipped);
  g_assert_cmpuint (trawl_cursor_len (&s), ==, 2);
  s = trawl_cursor_sub (&c, 100, 1, &clipped);
  g_assert_true (clipped);
  g_assert_cmpuint (trawl_cursor_len (&s), ==, 0);
  s = trawl_cursor_tail (&c, 200);
  g_assert_cmpuint (trawl_cursor_len (&s), ==, 0);
}

static void
test_sequential (void)
{
  TrawlCursor c;

  trawl_cursor_init (&c, bytes, sizeof bytes);
  g_assert_cmpuint (trawl_cursor_read_u8 (&c), ==, 0x01);
  g_assert_cmpuint (trawl_cursor_read_u16 (&c), ==, 0x0203);
  g_assert_cmpuint (trawl_cursor_read_u32 (&c), ==, 0x04050607);
  g_assert_cmpuint (trawl_cursor_remaining (&c), ==, 2);
  g_assert_true (trawl_cursor_skip (&c, 2));
  g_assert_false (trawl_cursor_skip (&c, 1));
  g_assert_true (c.error);
  g_assert_cmpint (trawl_cursor_find (&c, 0, 0x05), ==, 4);
  g_assert_cmpint (trawl_cursor_find (&c, 0, 0xff), ==, -1);
  g_assert_cmpint (trawl_cursor_find (&c, 50, 0x01), ==, -1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cursor/reads-inside", test_reads_inside);
  g_test_add_func ("/cursor/reads-outside", test_reads_outside);
  g_test_add_func ("/cursor/sub-window", test_sub_window);
  g_test_add_func ("/cursor/sequential", test_sequential);
  return g_test_run ();
}
