/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-replay.c: run a fuzz target over files, without libFuzzer
 *
 * Built when the fuzzers option is off, so every build of the suite runs
 * each target over its seed corpus (all files under the given paths).
 * Every input must also finish within a budget of CPU time
 * (FUZZ_REPLAY_BUDGET_MS, 1000 by default): a frame that takes seconds is
 * a hang to a user.
 */
#include "config.h"

#include <stdint.h>
#include <time.h>

#include <glib.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static guint n_inputs;
static guint n_slow;
static gint64 budget_us;

/* CPU time of this thread: what an input costs, however loaded the
 * machine is. */
static gint64
cpu_time_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static void
run_one (const char    *path,
         const uint8_t *data,
         size_t         size)
{
  gint64 t0 = cpu_time_us ();
  gint64 us;

  LLVMFuzzerTestOneInput (data, size);
  us = cpu_time_us () - t0;
  if (us > budget_us)
    {
      g_printerr ("%s (%zu bytes): %" G_GINT64_FORMAT " ms, over the budget of %" G_GINT64_FORMAT " ms\n",
                  path, size, us / 1000, budget_us / 1000);
      n_slow++;
    }
}

static void
replay_path (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          replay_path (child);
        }
    }
  else if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_autofree char *contents = NULL;
      gsize len = 0;

      if (!g_file_get_contents (path, &contents, &len, NULL))
        return;
      run_one (path, (const uint8_t *) contents, len);
      /* Also every prefix that cuts a record short, and a few bit flips. */
      for (gsize cut = 1; cut < len && cut < 4096; cut += 97)
        run_one (path, (const uint8_t *) contents, cut);
      for (gsize i = 0; i < len && i < 2048; i += 13)
        {
          contents[i] ^= 0x5a;
          run_one (path, (const uint8_t *) contents, len);
          contents[i] ^= 0x5a;
        }
      n_inputs++;
    }
}

int
main (int argc, char **argv)
{
  const char *budget = g_getenv ("FUZZ_REPLAY_BUDGET_MS");

  budget_us = (budget ? g_ascii_strtoll (budget, NULL, 10) : 1000) * 1000;
  for (int i = 1; i < argc; i++)
    replay_path (argv[i]);
  g_print ("replayed %u inputs, %u over the time budget\n", n_inputs, n_slow);
  return n_inputs > 0 && n_slow == 0 ? 0 : 1;
}
