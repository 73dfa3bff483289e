/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-frame-range.c: the packet range of Export Specified Packets
 *
 * The syntax follows Wireshark's packet range ("1-10,20,30-"): frame
 * numbers from 1, "N-" to the last frame, "-N" from the first, "10-5"
 * read as 5-10.
 */
#include "config.h"

#include "trawl-frame-range.h"

/* Parses @text for 89 frames and returns the normalised text. */
static char *
normalised (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TrawlFrameRange) range = trawl_frame_range_parse (text, 89, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (range);
  return trawl_frame_range_to_string (range);
}

static void
test_valid (void)
{
  static const struct { const char *text, *want; } cases[] = {
    { "1", "1" },
    { "1-5,10", "1-5,10" },
    { "10,1-5", "1-5,10" },          /* capture order, whatever the typed order */
    { " 1 - 5 , 10 ", "1-5,10" },    /* spaces around numbers */
    { "80-", "80-89" },              /* to the last frame */
    { "-3", "1-3" },                 /* from the first */
    { "10-5", "5-10" },              /* as Wireshark: swapped */
    { "1-5,3-8", "1-8" },            /* overlapping: merged */
    { "1-5,6", "1-6" },              /* adjacent: merged */
    { "4,4,4", "4" },                /* a frame named twice is written once */
    { "1-5,", "1-5" },               /* being typed: an empty item */
    { ",,7", "7" },
    { "89", "89" },
    { "1-89", "1-89" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = normalised (cases[i].text);

      g_test_message ("'%s'", cases[i].text);
      g_assert_cmpstr (got, ==, cases[i].want);
    }
}

static void
test_invalid (void)
{
  static const struct { const char *text; int code; gsize pos; } cases[] = {
    { "", TRAWL_FRAME_RANGE_ERROR_EMPTY, 0 },
    { "  , ", TRAWL_FRAME_RANGE_ERROR_EMPTY, 0 },
    { "0", TRAWL_FRAME_RANGE_ERROR_ZERO, 0 },
    { "1-0", TRAWL_FRAME_RANGE_ERROR_ZERO, 2 },
    { "90", TRAWL_FRAME_RANGE_ERROR_TOO_BIG, 0 },
    { "5-90", TRAWL_FRAME_RANGE_ERROR_TOO_BIG, 2 },
    { "99999999999999999999", TRAWL_FRAME_RANGE_ERROR_TOO_BIG, 0 },
    { "1-5,x", TRAWL_FRAME_RANGE_ERROR_SYNTAX, 4 },
    { "1x", TRAWL_FRAME_RANGE_ERROR_SYNTAX, 1 },
    { "1-2-3", TRAWL_FRAME_RANGE_ERROR_SYNTAX, 3 },
    { "1 2", TRAWL_FRAME_RANGE_ERROR_SYNTAX, 2 },
    { "-", TRAWL_FRAME_RANGE_ERROR_SYNTAX, 0 },
    { "3, - ,4", TRAWL_FRAME_RANGE_ERROR_SYNTAX, 3 },
    { "1;2", TRAWL_FRAME_RANGE_ERROR_SYNTAX, 1 },
    { "1–5", TRAWL_FRAME_RANGE_ERROR_SYNTAX, 1 },   /* an en dash is not a dash */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TrawlFrameRange) range = NULL;
      gsize pos = 1000;

      g_test_message ("'%s'", cases[i].text);
      range = trawl_frame_range_parse (cases[i].text, 89, &pos, &error);
      g_assert_null (range);
      g_assert_error (error, TRAWL_FRAME_RANGE_ERROR, cases[i].code);
      g_assert_cmpuint (pos, ==, cases[i].pos);
      g_assert_cmpstr (error->message, !=, "");
    }
}

static void
test_messages (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TrawlFrameRange) range = trawl_frame_range_parse ("3,120", 89, NULL, &error);

  /* Untranslated here: the test sets no locale. */
  g_assert_null (range);
  g_assert_cmpstr (error->message, ==, "There is no frame 120: the capture has 89 frames");
  g_clear_error (&error);
  range = trawl_frame_range_parse ("1–5", 89, NULL, &error);
  g_assert_cmpstr (error->message, ==, "Unexpected “–”: a range is like 1-10,20,30-");
}

static void
test_count_contains (void)
{
  g_autoptr(TrawlFrameRange) range = trawl_frame_range_parse ("1-5,10,80-", 89, NULL, NULL);

  g_assert_cmpuint (trawl_frame_range_count (range), ==, 5 + 1 + 10);
  /* 0-based frame indices */
  g_assert_true (trawl_frame_range_contains (range, 0));
  g_assert_true (trawl_frame_range_contains (range, 4));
  g_assert_false (trawl_frame_range_contains (range, 5));
  g_assert_false (trawl_frame_range_contains (range, 8));
  g_assert_true (trawl_frame_range_contains (range, 9));
  g_assert_false (trawl_frame_range_contains (range, 10));
  g_assert_true (trawl_frame_range_contains (range, 79));
  g_assert_true (trawl_frame_range_contains (range, 88));
  g_assert_false (trawl_frame_range_contains (range, 89));
}

static void
test_collect (void)
{
  g_autoptr(TrawlFrameRange) range = trawl_frame_range_parse ("10,1-5", 89, NULL, NULL);
  /* A filter's result: 0-based, ascending. */
  static const guint32 displayed[] = { 1, 3, 6, 9, 40, 88 };
  static const guint32 want_all[] = { 0, 1, 2, 3, 4, 9 };
  static const guint32 want_displayed[] = { 1, 3, 9 };
  g_autoptr(GArray) all = trawl_frame_range_collect (range, NULL, 0);
  g_autoptr(GArray) shown = trawl_frame_range_collect (range, displayed, G_N_ELEMENTS (displayed));

  g_assert_cmpmem (all->data, all->len * sizeof (guint32), want_all, sizeof want_all);
  g_assert_cmpmem (shown->data, shown->len * sizeof (guint32), want_displayed, sizeof want_displayed);
  g_assert_cmpuint (trawl_frame_range_count_in (range, displayed, G_N_ELEMENTS (displayed)), ==, 3);
  g_assert_cmpuint (trawl_frame_range_count_in (range, NULL, 0), ==, 0);

  {
    g_autoptr(TrawlFrameRange) copy = trawl_frame_range_copy (range);
    g_autofree char *a = trawl_frame_range_to_string (range);
    g_autofree char *b = trawl_frame_range_to_string (copy);

    g_assert_cmpstr (a, ==, b);
  }
}

/* The last frames of the biggest capture the index can hold: no overflow
 * past G_MAXUINT32, and counting stays per interval. */
static void
test_huge (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TrawlFrameRange) range = trawl_frame_range_parse ("1-,4294967295", G_MAXUINT32, NULL, &error);
  static const guint32 displayed[] = { 0, 7, G_MAXUINT32 - 1 };
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  text = trawl_frame_range_to_string (range);
  g_assert_cmpstr (text, ==, "1-4294967295");
  g_assert_cmpuint (trawl_frame_range_count (range), ==, G_MAXUINT32);
  g_assert_true (trawl_frame_range_contains (range, G_MAXUINT32 - 1));
  g_assert_cmpuint (trawl_frame_range_count_in (range, displayed, 3), ==, 3);
  g_assert_null (trawl_frame_range_parse ("4294967296", G_MAXUINT32, NULL, NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/gui/frame-range/valid", test_valid);
  g_test_add_func ("/gui/frame-range/invalid", test_invalid);
  g_test_add_func ("/gui/frame-range/messages", test_messages);
  g_test_add_func ("/gui/frame-range/count-contains", test_count_contains);
  g_test_add_func ("/gui/frame-range/collect", test_collect);
  g_test_add_func ("/gui/frame-range/huge", test_huge);
  return g_test_run ();
}
