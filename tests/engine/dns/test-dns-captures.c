/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-dns-captures.c: DNS and DHCP fields of real captures against tshark
 *
 * expected/CAPTURE.tsv is written by make-expected.sh from
 * `tshark -2 -T fields`: the capture's sha256, the field names, then one
 * line per frame.  Each frame is dissected after the analysis pass and
 * every field compared.
 */
#include "config.h"

#include <string.h>

#include "trawl-test-util.h"

static char *
sha256_of (const char *path)
{
  g_autofree char *data = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &data, &len, NULL))
    return NULL;
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
}

static void
compare_capture (gconstpointer user_data)
{
  const char *name = user_data;
  g_autofree char *capture = trawl_test_capture_path (name);
  g_autofree char *tsv = g_strconcat (name, ".tsv", NULL);
  g_autofree char *expected_path = g_build_filename (DNS_EXPECTED_DIR, tsv, NULL);
  g_autofree char *expected = NULL;
  g_autofree char *sum = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) fields = NULL;
  g_autoptr(GHashTable) listed = NULL;
  TrawlTestDissection *t;
  guint compared = 0, mismatches = 0;

  if (!g_file_get_contents (expected_path, &expected, NULL, NULL))
    {
      g_test_skip ("no expected values: run make-expected.sh");
      return;
    }
  lines = g_strsplit (expected, "\n", -1);
  g_assert_true (g_str_has_prefix (lines[0], "# sha256 "));
  sum = sha256_of (capture);
  if (sum == NULL || strcmp (sum, lines[0] + 9) != 0)
    {
      g_test_skip ("the capture changed since make-expected.sh ran");
      return;
    }
  fields = g_strsplit (lines[1], "\t", -1);

  /* the frames compared: a pairing with a frame left out (a reassembled
   * response) is not expected of trawl */
  listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 2; lines[i] != NULL; i++)
    {
      char *tab = strchr (lines[i], '\t');
      if (tab)
        g_hash_table_add (listed, g_strndup (lines[i], tab - lines[i]));
    }

  t = trawl_test_open_capture (name);
  for (guint i = 2; lines[i] != NULL; i++)
    {
      g_auto(GStrv) cols = NULL;
      guint64 number;

      if (lines[i][0] == '\0')
        continue;
      cols = g_strsplit (lines[i], "\t", -1);
      g_assert_cmpuint (g_strv_length (cols), ==, g_strv_length (fields));
      number = g_ascii_strtoull (cols[0], NULL, 10);
      trawl_test_dissect_frame (t, (guint32) number);
      for (guint f = 1; fields[f] != NULL; f++)
        {
          g_autofree char *got = NULL;

          if (strcmp (fields[f], "_ws.col.Info") == 0)
            got = g_strdup (t->pkt.col_info->str);
          else
            got = trawl_test_field_values (t, fields[f]);
          if ((strcmp (fields[f], "dns.response_in") == 0 || strcmp (fields[f], "dns.response_to") == 0 ||
               strcmp (fields[f], "dns.time") == 0) &&
              cols[f][0] != '\0' &&
              /* dns.time goes with the dns.response_to column before it */
              !g_hash_table_contains (listed, strcmp (fields[f], "dns.time") == 0 ? cols[f - 1] : cols[f]))
            continue;
          if (g_strcmp0 (got ? got : "", cols[f]) != 0)
            {
              g_printerr ("%s frame %" G_GUINT64_FORMAT " %s: trawl \"%s\", tshark \"%s\"\n",
                          name, number, fields[f], got ? got : "", cols[f]);
              mismatches++;
            }
          compared++;
        }
    }
  g_assert_cmpuint (compared, >, 0);
  g_assert_cmpuint (mismatches, ==, 0);
  trawl_test_dissection_free (t);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_data_func ("/dns/capture/dns-netns", "dns-netns.pcap", compare_capture);
  g_test_add_data_func ("/dns/capture/dhcp-netns", "dhcp-netns.pcap", compare_capture);
  return g_test_run ();
}
