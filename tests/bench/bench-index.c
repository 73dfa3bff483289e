/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-index.c: how fast the capture file index pass runs
 *
 * usage: bench-index FILE [RUNS]
 *
 * Opens and indexes FILE RUNS times (default 3) and prints the best
 * frames/s, plus the peak RSS of the process (getrusage ru_maxrss), which
 * includes the mapped pages of the file the index pass touched.  Make a
 * big capture with tests/bench/make-big-capture.sh.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "file/trawl-capture-file.h"

int
main (int    argc,
      char **argv)
{
  int runs = argc > 2 ? atoi (argv[2]) : 3;
  double best = 0;
  guint32 n_frames = 0;
  guint64 size = 0;
  struct rusage ru;

  if (argc < 2)
    {
      fprintf (stderr, "usage: %s FILE [RUNS]\n", argv[0]);
      return 2;
    }

  for (int r = 0; r < MAX (runs, 1); r++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TrawlCaptureFile) file = NULL;
      gint64 start = g_get_monotonic_time ();
      double secs;

      file = trawl_capture_file_load (argv[1], &error);
      if (file == NULL)
        {
          fprintf (stderr, "%s\n", error->message);
          return 1;
        }
      secs = (g_get_monotonic_time () - start) / 1e6;
      n_frames = trawl_capture_file_get_n_frames (file);
      size = trawl_capture_file_get_size (file);
      if (trawl_capture_file_get_warning (file) != NULL)
        fprintf (stderr, "warning: %s\n", trawl_capture_file_get_warning (file));
      printf ("run %d: %u frames in %.3f s: %.2f M frames/s\n",
              r + 1, n_frames, secs, n_frames / secs / 1e6);
      best = MAX (best, n_frames / secs);
    }

  getrusage (RUSAGE_SELF, &ru);
  printf ("best: %.2f M frames/s; file %.1f MB; index %.1f MB; peak RSS %.1f MB\n",
          best / 1e6, size / 1e6, n_frames * 32.0 / 1e6, ru.ru_maxrss / 1024.0);
  return 0;
}
