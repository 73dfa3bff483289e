/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-dfilter-captures.c: filters on real captures, against tshark
 *
 * expected.txt (make-expected.sh) holds, for each filter, the frames that
 * tshark 4.0 keeps on a committed capture, or "error" when tshark refuses
 * the filter.  Each filter is run twice: on full trees and on trees made
 * with the filter's field mask (what trawl_filter_run does), and both must
 * keep exactly tshark's frames.
 */
#include "config.h"

#include <string.h>

#include "filter/trawl-display-filter.h"
#include "trawl-test-util.h"

typedef struct
{
  char *capture;
  char *filter;
  char *frames;   /* "1,2,3", "" or "error" */
} Case;

static char *
run_filter (TrawlTestDissection *t,
            TrawlDisplayFilter  *df,
            gboolean             masked)
{
  GString *out = g_string_new (NULL);
  guint n = trawl_capture_file_get_n_frames (t->file);
  guint bits = 0;
  const guint8 *mask = trawl_display_filter_get_field_mask (df, &bits);

  for (guint i = 0; i < n; i++)
    {
      trawl_capture_file_fill_packet (t->file, i, &t->pkt);
      t->pkt.analysis = t->analysis;
      trawl_packet_set_options (&t->pkt, &(TrawlDissectOptions) {
                                  .tree = TRUE, .field_mask = masked ? mask : NULL,
                                  .field_mask_bits = masked ? bits : 0 });
      trawl_dissect_frame (&t->pkt);
      if (trawl_display_filter_match (df, &t->pkt))
        g_string_append_printf (out, "%s%u", out->len ? "," : "", i + 1);
    }
  trawl_packet_set_options (&t->pkt, &(TrawlDissectOptions) { .tree = TRUE });
  return g_string_free (out, FALSE);
}

static void
run_case (const Case *c,
          gboolean    masked)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TrawlDisplayFilter) df = trawl_display_filter_new (c->filter, NULL, &error);
  TrawlTestDissection *t;

  if (strcmp (c->frames, "error") == 0)
    {
      g_assert_null (df);
      g_assert_nonnull (error);
      g_test_message ("%s: %s", c->filter, error->message);
      return;
    }
  g_assert_no_error (error);
  g_assert_nonnull (df);

  t = trawl_test_open_capture (c->capture);
  {
    g_autofree char *got = run_filter (t, df, masked);

    if (strcmp (got, c->frames) != 0)
      g_test_message ("%s on %s (%s tree):\n  tshark: %s\n  trawl:  %s", c->filter,
                      c->capture, masked ? "masked" : "full", c->frames, got);
    g_assert_cmpstr (got, ==, c->frames);
  }
  trawl_test_dissection_free (t);
}

static void
test_full (gconstpointer data)
{
  run_case (data, FALSE);
}

/* In a child process: a dissector that trips over a masked tree should
 * fail this case, not hide every other result. */
static void
test_masked (gconstpointer data)
{
  if (g_test_subprocess ())
    {
      run_case (data, TRUE);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

int
main (int argc, char **argv)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;

  g_test_init (&argc, &argv, NULL);
  trawl_dissectors_init ();

  if (!g_file_get_contents (FILTER_EXPECTED, &text, NULL, &error))
    g_error ("%s", error->message);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) cols = g_strsplit (lines[i], "\t", 3);
      g_autofree char *path = NULL;
      Case *c;

      if (g_strv_length (cols) != 3)
        continue;
      c = g_new0 (Case, 1);
      c->capture = g_strdup (cols[0]);
      c->filter = g_strdup (cols[1]);
      c->frames = g_strdup (cols[2]);
      {
        g_autofree char *name = g_strdelimit (g_strdup (c->filter), "/", '|');

        path = g_strdup_printf ("/dfilter/full/%03u %s", i + 1, name);
        g_test_add_data_func (path, c, test_full);
        g_free (path);
        path = g_strdup_printf ("/dfilter/masked/%03u %s", i + 1, name);
        g_test_add_data_func (path, c, test_masked);
      }
    }
  return g_test_run ();
}
