/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-cli-write.c: trawl-cli's -w and -F
 *
 * Like tshark -w: the frames that pass -Y/-f (and -c) are written to a
 * capture file instead of being printed; -F chooses the format with
 * tshark's names.  Without -F, a name ending in .pcap gets a pcap file,
 * anything else pcapng (tshark always writes pcapng without -F; a user
 * who types x.pcap means pcap).
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <gio/gunixoutputstream.h>

#include "file/trawl-capture-writer.h"
#include "file/trawl-file-target.h"
#include "trawl-cli-write.h"

static const struct
{
  const char       *name;
  const char       *description;
  TrawlWriteFormat  format;
} formats[] = {
  { "pcap", "Wireshark/tcpdump/... - pcap", TRAWL_WRITE_FORMAT_PCAP },
  { "pcapng", "Wireshark/... - pcapng", TRAWL_WRITE_FORMAT_PCAPNG },
  { "nsecpcap", "Wireshark/tcpdump/... - nanosecond pcap", TRAWL_WRITE_FORMAT_PCAP_NSEC },
};

static gboolean
lookup_format (const char       *name,
               TrawlWriteFormat *format)
{
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (g_str_equal (name, formats[i].name))
      {
        *format = formats[i].format;
        return TRUE;
      }
  return FALSE;
}

gboolean
cli_write_check_format (const char *name)
{
  TrawlWriteFormat format;

  if (lookup_format (name, &format))
    return TRUE;
  fprintf (stderr, "trawl-cli: \"%s\" isn't a valid capture file type\n"
           "trawl-cli: The available capture file types for the \"-F\" flag are:\n", name);
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    fprintf (stderr, "    %s - %s\n", formats[i].name, formats[i].description);
  return FALSE;
}

static TrawlWriteFormat
format_for (const char       *path,
            const char       *format_name,
            TrawlCaptureFile *file)
{
  TrawlWriteFormat format = TRAWL_WRITE_FORMAT_PCAPNG;

  if (format_name != NULL)
    lookup_format (format_name, &format);
  else if (g_str_has_suffix (path, ".pcap"))
    format = trawl_capture_writer_pcap_format_for (file);
  return format;
}

/* SIGINT, SIGTERM or SIGHUP in the middle of a write: remove the hidden
 * temporary file (it may hold gigabytes), then die of the signal as
 * before, so the shell sees the same status. */
static const int cleanup_signals[] = { SIGINT, SIGTERM, SIGHUP };
static struct sigaction saved_actions[G_N_ELEMENTS (cleanup_signals)];

static void
on_cleanup_signal (int sig)
{
  trawl_file_target_remove_temporary_on_signal ();
  signal (sig, SIG_DFL);
  raise (sig);
}

static void
catch_cleanup_signals (gboolean on)
{
  for (guint i = 0; i < G_N_ELEMENTS (cleanup_signals); i++)
    {
      struct sigaction sa = { 0 };

      if (!on)
        {
          sigaction (cleanup_signals[i], &saved_actions[i], NULL);
          continue;
        }
      sigaction (cleanup_signals[i], NULL, &saved_actions[i]);
      /* A signal the parent had us ignore (nohup) stays ignored. */
      if (saved_actions[i].sa_handler == SIG_IGN)
        continue;
      sa.sa_handler = on_cleanup_signal;
      sigemptyset (&sa.sa_mask);
      sigaction (cleanup_signals[i], &sa, NULL);
    }
}

int
cli_write (const char       *path,
           const char       *format_name,
           TrawlCaptureFile *file,
           const CliFilter  *filter,
           guint32           limit,
           gint64            count)
{
  g_autoptr(TrawlCaptureWriter) writer = NULL;
  g_autoptr(GError) error = NULL;
  const char *warning;
  gboolean ok;

  if (format_name != NULL && !cli_write_check_format (format_name))
    return 1;

  writer = trawl_capture_writer_new (file, format_for (path, format_name, file));
  if (filter->matches != NULL)
    trawl_capture_writer_set_frames (writer, (const guint32 *)filter->matches->data,
                                     MIN (limit, filter->matches->len));
  else if (limit < trawl_capture_file_get_n_frames (file))
    {
      if (limit == 0)
        trawl_capture_writer_set_frames (writer, NULL, 0);
      else
        trawl_capture_writer_set_range (writer, 0, limit - 1);
    }

  if (g_str_equal (path, "-"))
    {
      g_autoptr(GOutputStream) out = g_unix_output_stream_new (fileno (stdout), FALSE);

      fflush (stdout);
      ok = trawl_capture_writer_write_to_stream (writer, out, NULL, &error);
    }
  else
    {
      g_autoptr(GFile) dest = g_file_new_for_commandline_arg (path);

      catch_cleanup_signals (TRUE);
      ok = trawl_capture_writer_write (writer, dest, NULL, &error);
      catch_cleanup_signals (FALSE);
    }
  if (!ok)
    {
      fprintf (stderr, "trawl-cli: %s\n", error->message);
      return 2;
    }

  warning = trawl_capture_file_get_warning (file);
  if (warning != NULL && (count == 0 || count > trawl_capture_file_get_n_frames (file)))
    {
      /* tshark too writes the intact frames, then exits with 2. */
      fprintf (stderr, "trawl-cli: %s\n", warning);
      return 2;
    }
  return 0;
}
