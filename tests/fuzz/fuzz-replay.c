/* fuzz-replay.c: run a fuzz target over files, without libFuzzer
 *
 * Built when the fuzzers option is off, so every build of the suite runs
 * each target over its seed corpus (all files under the given paths).
 */
#include "config.h"

#include <stdint.h>

#include <glib.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static guint n_inputs;

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
      LLVMFuzzerTestOneInput ((const uint8_t *) contents, len);
      /* Also every prefix that cuts a record short, and a few bit flips. */
      for (gsize cut = 1; cut < len && cut < 4096; cut += 97)
        LLVMFuzzerTestOneInput ((const uint8_t *) contents, cut);
      for (gsize i = 0; i < len && i < 2048; i += 13)
        {
          contents[i] ^= 0x5a;
          LLVMFuzzerTestOneInput ((const uint8_t *) contents, len);
          contents[i] ^= 0x5a;
        }
      n_inputs++;
    }
}

int
main (int argc, char **argv)
{
  for (int i = 1; i < argc; i++)
    replay_path (argv[i]);
  g_print ("replayed %u inputs\n", n_inputs);
  return n_inputs > 0 ? 0 : 1;
}
