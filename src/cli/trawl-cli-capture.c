/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-cli-capture.c: trawl-cli -D and -i, live capture as tshark does it
 *
 * trawl-cli never holds capture rights itself: a TrawlCaptureSession runs
 * the helper, which writes pcapng into a file (the -w file, or a
 * temporary one in the user's cache that is removed at the end).  Each
 * ::progress says how far the file is complete; a growing TrawlDocument
 * indexes it, the analysis pass follows, and the new frames are printed
 * in order.  -w - copies the file's new bytes to stdout as they come;
 * -b makes ring files of the frames with the capture writer and punches
 * the copied part out of the temporary file, so the disk use stays
 * bounded.  SIGINT and SIGTERM ask the helper to stop; it writes its
 * last statistics and the remaining frames are printed before exit.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib-unix.h>
#include <glib/gstdio.h>

#include "capture/trawl-capture-interface.h"
#include "capture/trawl-capture-session.h"
#include "file/trawl-capture-writer.h"
#include "trawl-cli-capture.h"

typedef struct
{
  CliCapture          *cc;
  GMainLoop           *loop;
  TrawlCaptureSession *session;
  TrawlDocument       *doc;
  char                *path;         /* the file the helper writes */
  gboolean             temporary;    /* ...removed at the end */
  int                  status;
  guint32              n_done;       /* frames printed (or looked at) */
  guint64              n_shown;
  guint64              streamed;     /* -w -: bytes copied to stdout */
  /* -b */
  guint32              ring_first;   /* first frame of the current ring file */
  guint64              ring_bytes0;  /* file size when it began */
  gint64               ring_started; /* monotonic time it began */
  guint                ring_number;
  GQueue               ring_names;   /* char*, oldest first */
  guint64              punched;      /* bytes of the temporary file freed */
  GString             *out;
} Run;

/* ---- -D ---- */

int
cli_capture_list_interfaces (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ifaces = trawl_capture_list_interfaces (NULL, &error);

  if (ifaces == NULL)
    {
      fprintf (stderr, "trawl-cli: %s\n", error->message);
      return 2;
    }
  for (guint i = 0; i < ifaces->len; i++)
    {
      TrawlCaptureInterface *ifc = g_ptr_array_index (ifaces, i);
      const char *descr = trawl_capture_interface_get_description (ifc);

      if (descr != NULL && *descr)
        printf ("%u. %s (%s)\n", i + 1, trawl_capture_interface_get_name (ifc), descr);
      else
        printf ("%u. %s\n", i + 1, trawl_capture_interface_get_name (ifc));
    }
  return 0;
}

/* ---- options ---- */

static gboolean
parse_u64 (const char *s,
           guint64     max,
           guint64    *out)
{
  char *end;
  guint64 v;

  if (s == NULL || !g_ascii_isdigit (*s))
    return FALSE;
  errno = 0;
  v = g_ascii_strtoull (s, &end, 10);
  if (errno != 0 || *end != '\0' || v == 0 || v > max)
    return FALSE;
  *out = v;
  return TRUE;
}

/* KEY:NUMBER where KEY is one of @keys; the number goes to the matching
 * field (guint64 or guint, as @wide says). */
typedef struct
{
  const char *key;
  gsize       offset;  /* in CliCapture */
  gboolean    wide;    /* guint64, else guint */
} KeyField;

static gboolean
parse_key_number (CliCapture     *self,
                  const char     *arg,
                  const KeyField *keys,
                  guint           n_keys)
{
  const char *colon = strchr (arg, ':');
  g_autofree char *key = colon ? g_strndup (arg, colon - arg) : NULL;
  guint64 v;

  if (key == NULL || !parse_u64 (colon + 1, G_MAXUINT32, &v))
    return FALSE;
  for (guint i = 0; i < n_keys; i++)
    if (g_str_equal (key, keys[i].key))
      {
        if (keys[i].wide)
          G_STRUCT_MEMBER (guint64, self, keys[i].offset) = v;
        else
          G_STRUCT_MEMBER (guint, self, keys[i].offset) = (guint) v;
        return TRUE;
      }
  return FALSE;
}

gboolean
cli_capture_parse_autostop (CliCapture *self,
                            const char *arg)
{
  static const KeyField keys[] = {
    { "duration", G_STRUCT_OFFSET (CliCapture, stop_seconds), FALSE },
    { "packets", G_STRUCT_OFFSET (CliCapture, stop_packets), TRUE },
    { "filesize", G_STRUCT_OFFSET (CliCapture, stop_kb), TRUE },
  };

  return parse_key_number (self, arg, keys, G_N_ELEMENTS (keys));
}

gboolean
cli_capture_parse_ring (CliCapture *self,
                        const char *arg)
{
  static const KeyField keys[] = {
    { "filesize", G_STRUCT_OFFSET (CliCapture, ring_kb), TRUE },
    { "duration", G_STRUCT_OFFSET (CliCapture, ring_seconds), FALSE },
    { "files", G_STRUCT_OFFSET (CliCapture, ring_files), FALSE },
  };

  return parse_key_number (self, arg, keys, G_N_ELEMENTS (keys));
}

/* ---- output ---- */

static void
flush_out (Run *run)
{
  if (run->out->len == 0)
    return;
  fwrite (run->out->str, 1, run->out->len, stdout);
  g_string_truncate (run->out, 0);
  fflush (stdout);
}

/* Print (or pass over) the frames the pass has analysed up to @n. */
static void
show_frames (Run     *run,
             guint32  n)
{
  trawl_document_wait_analysed (run->doc, n);
  for (; run->n_done < n; run->n_done++)
    {
      if (!run->cc->print)
        continue;
      if (run->cc->frame_func (run->doc, run->n_done, run->out, run->cc->frame_data))
        {
          run->n_shown++;
          if (run->cc->line_buffered)
            flush_out (run);
        }
    }
  flush_out (run);
}

/* -w -: copy what the helper has written since the last call. */
static void
stream_bytes (Run     *run,
              guint64  upto)
{
  g_autofree guint8 *buf = NULL;
  int fd;

  if (upto <= run->streamed)
    return;
  fd = g_open (run->path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    return;
  buf = g_malloc (1 << 16);
  while (run->streamed < upto)
    {
      ssize_t got = pread (fd, buf, MIN ((guint64) 1 << 16, upto - run->streamed), (off_t) run->streamed);

      if (got <= 0)
        break;
      if (fwrite (buf, 1, got, stdout) != (size_t) got)
        {
          /* A reader that went away (| head): stop as tshark does. */
          trawl_capture_session_stop (run->session);
          break;
        }
      run->streamed += got;
    }
  fflush (stdout);
  close (fd);
}

/* Free the disk blocks of the temporary file below @offset (the frames
 * there were copied out and are never read again). */
static void
punch_below (Run     *run,
             guint64  offset)
{
#ifdef FALLOC_FL_PUNCH_HOLE
  guint64 end = offset & ~(guint64) 0xfff;
  int fd;

  if (!run->temporary || end <= run->punched)
    return;
  fd = g_open (run->path, O_WRONLY | O_CLOEXEC, 0);
  if (fd < 0)
    return;
  if (fallocate (fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
                 (off_t) run->punched, (off_t) (end - run->punched)) == 0)
    run->punched = end;
  close (fd);
#endif
}

/* ---- -b: ring files ---- */

static char *
ring_name (Run *run)
{
  const char *target = run->cc->write_file;
  g_autofree char *dir = g_path_get_dirname (target);
  g_autofree char *base = g_path_get_basename (target);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d%H%M%S");
  const char *dot = strrchr (base, '.');
  g_autofree char *stem = dot ? g_strndup (base, dot - base) : g_strdup (base);
  g_autofree char *name = g_strdup_printf ("%s_%05u_%s%s", stem, run->ring_number, stamp,
                                           dot ? dot : ".pcapng");

  return g_build_filename (dir, name, NULL);
}

/* Write frames [ring_first, @n) as the next ring file; keep the newest
 * ring_files files. */
static gboolean
ring_rotate (Run      *run,
             guint32   n)
{
  TrawlCaptureFile *file = trawl_document_get_file (run->doc);
  g_autoptr(TrawlCaptureWriter) writer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) dest = NULL;
  char *name;

  if (n <= run->ring_first)
    return TRUE;
  run->ring_number++;
  name = ring_name (run);
  writer = trawl_capture_writer_new (file, TRAWL_WRITE_FORMAT_PCAPNG);
  trawl_capture_writer_set_range (writer, run->ring_first, n - 1);
  dest = g_file_new_for_path (name);
  if (!trawl_capture_writer_write (writer, dest, NULL, &error))
    {
      fprintf (stderr, "trawl-cli: %s\n", error->message);
      g_free (name);
      run->status = 2;
      trawl_capture_session_stop (run->session);
      return FALSE;
    }
  g_queue_push_tail (&run->ring_names, name);
  while (run->cc->ring_files > 0 && g_queue_get_length (&run->ring_names) > run->cc->ring_files)
    {
      g_autofree char *old = g_queue_pop_head (&run->ring_names);
      g_unlink (old);
    }
  run->ring_first = n;
  run->ring_bytes0 = trawl_capture_session_get_filesize (run->session);
  run->ring_started = g_get_monotonic_time ();
  punch_below (run, trawl_capture_file_get_record (file, n - 1)->offset);
  return TRUE;
}

static gboolean
ring_due (Run *run)
{
  const CliCapture *cc = run->cc;
  guint64 size = trawl_capture_session_get_filesize (run->session);

  if (cc->ring_kb > 0 && size - run->ring_bytes0 >= cc->ring_kb * 1000)
    return TRUE;
  return cc->ring_seconds > 0 &&
         g_get_monotonic_time () - run->ring_started >= (gint64) cc->ring_seconds * G_USEC_PER_SEC;
}

static gboolean
ring_wanted (const CliCapture *cc)
{
  return cc->ring_kb > 0 || cc->ring_seconds > 0;
}

static gboolean
ringing (const Run *run)
{
  return ring_wanted (run->cc);
}

/* ---- the session ---- */

static void
catch_up (Run *run)
{
  g_autoptr(GError) error = NULL;
  guint32 n;

  if (run->doc == NULL)
    return;
  if (!trawl_document_update (run->doc, &error))
    {
      fprintf (stderr, "trawl-cli: %s\n", error->message);
      run->status = 2;
      trawl_capture_session_stop (run->session);
      return;
    }
  n = trawl_capture_file_get_n_frames (trawl_document_get_file (run->doc));
  show_frames (run, n);
  if (g_strcmp0 (run->cc->write_file, "-") == 0)
    stream_bytes (run, trawl_capture_session_get_filesize (run->session));
  if (ringing (run) && ring_due (run))
    ring_rotate (run, n);
}

static void
on_started (TrawlCaptureSession *session,
            Run                 *run)
{
  g_autoptr(GError) error = NULL;

  run->doc = trawl_document_new ();
  if (!trawl_document_open_growing (run->doc, run->path, &error))
    {
      fprintf (stderr, "trawl-cli: %s\n", error->message);
      run->status = 2;
      trawl_capture_session_stop (session);
      g_clear_object (&run->doc);
    }
  run->ring_started = g_get_monotonic_time ();
}

static void
on_progress (TrawlCaptureSession *session,
             guint64              packets,
             guint64              filesize,
             Run                 *run)
{
  catch_up (run);
}

static void
on_failed (TrawlCaptureSession *session,
           const GError        *error,
           Run                 *run)
{
  fprintf (stderr, "trawl-cli: %s\n", error->message);
  run->status = 2;
}

static void
print_counts (Run *run)
{
  guint64 packets = trawl_capture_session_get_packets (run->session);

  fprintf (stderr, "%" G_GUINT64_FORMAT " packet%s captured\n", packets, packets == 1 ? "" : "s");
  for (guint i = 0; i < trawl_capture_session_get_n_interfaces (run->session); i++)
    {
      guint64 recv, drop, ifdrop;

      if (trawl_capture_session_get_interface_counters (run->session, i, &recv, &drop, &ifdrop) &&
          drop + ifdrop > 0)
        fprintf (stderr, "%" G_GUINT64_FORMAT " packet%s dropped from %s\n", drop + ifdrop,
                 drop + ifdrop == 1 ? "" : "s", trawl_capture_session_get_interface_name (run->session, i));
    }
}

static void
on_stopped (TrawlCaptureSession *session,
            const char          *reason,
            Run                 *run)
{
  g_autoptr(GError) error = NULL;

  if (run->doc != NULL)
    {
      catch_up (run);
      if (!trawl_document_end_growing (run->doc, &error))
        {
          fprintf (stderr, "trawl-cli: %s\n", error->message);
          run->status = 2;
        }
      show_frames (run, trawl_capture_file_get_n_frames (trawl_document_get_file (run->doc)));
      if (g_strcmp0 (run->cc->write_file, "-") == 0)
        stream_bytes (run, trawl_capture_file_get_size (trawl_document_get_file (run->doc)));
      if (ringing (run))
        ring_rotate (run, run->n_done);
    }
  print_counts (run);
  g_main_loop_quit (run->loop);
}

static gboolean
on_signal (gpointer data)
{
  Run *run = data;

  /* The helper writes its last statistics, then ::stopped. */
  trawl_capture_session_stop (run->session);
  return G_SOURCE_CONTINUE;
}

static void
started_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  Run *run = data;
  g_autoptr(GError) error = NULL;

  if (trawl_capture_session_start_finish (TRAWL_CAPTURE_SESSION (source), result, &error))
    return;
  fprintf (stderr, "trawl-cli: %s\n", error->message);
  run->status = 2;
  g_main_loop_quit (run->loop);
}

/* Where the helper writes: the -w file itself (replaced, as tshark does),
 * or a new temporary file when the frames go elsewhere. */
static gboolean
choose_output (Run *run)
{
  const char *w = run->cc->write_file;
  GStatBuf st;

  if (w == NULL || g_str_equal (w, "-") || ringing (run))
    {
      run->temporary = TRUE;
      return TRUE;
    }
  if (g_stat (w, &st) == 0)
    {
      if (!S_ISREG (st.st_mode))
        {
          fprintf (stderr, "trawl-cli: cannot capture into \"%s\": not a regular file (use -w - for a pipe)\n", w);
          return FALSE;
        }
      if (g_unlink (w) != 0)
        {
          fprintf (stderr, "trawl-cli: cannot replace \"%s\": %s\n", w, g_strerror (errno));
          return FALSE;
        }
    }
  run->path = g_strdup (w);
  return TRUE;
}

static void
say_capturing (const CliCapture *cc)
{
  g_autoptr(GString) s = g_string_new ("Capturing on ");

  for (guint i = 0; i < cc->interfaces->len; i++)
    {
      if (i > 0)
        g_string_append (s, i + 1 == cc->interfaces->len ? " and " : ", ");
      g_string_append_printf (s, "'%s'", (const char *) g_ptr_array_index (cc->interfaces, i));
    }
  fprintf (stderr, "%s\n", s->str);
}

int
cli_capture_run (CliCapture *cc)
{
  Run run = { 0 };
  guint sigint, sigterm;

  g_return_val_if_fail (cc != NULL && cc->interfaces != NULL && cc->interfaces->len > 0, 2);
  if (ring_wanted (cc) && (cc->write_file == NULL || g_str_equal (cc->write_file, "-")))
    {
      fprintf (stderr, "trawl-cli: the ring buffer (-b) needs a file name (-w FILE)\n");
      return 1;
    }

  run.cc = cc;
  run.out = g_string_sized_new (65536);
  g_queue_init (&run.ring_names);
  if (!choose_output (&run))
    return 2;

  run.session = trawl_capture_session_new ();
  g_ptr_array_add (cc->interfaces, NULL);
  trawl_capture_session_set_interfaces (run.session, (const char * const *) cc->interfaces->pdata);
  g_ptr_array_remove_index (cc->interfaces, cc->interfaces->len - 1);
  trawl_capture_session_set_filter (run.session, cc->filter);
  trawl_capture_session_set_snaplen (run.session, cc->snaplen);
  trawl_capture_session_set_promiscuous (run.session, !cc->no_promisc);
  trawl_capture_session_set_buffer_mib (run.session, cc->buffer_mib);
  trawl_capture_session_set_autostop (run.session, cc->stop_packets, cc->stop_seconds, cc->stop_kb);
  trawl_capture_session_set_output_path (run.session, run.path);
  g_signal_connect (run.session, "started", G_CALLBACK (on_started), &run);
  g_signal_connect (run.session, "progress", G_CALLBACK (on_progress), &run);
  g_signal_connect (run.session, "failed", G_CALLBACK (on_failed), &run);
  g_signal_connect (run.session, "stopped", G_CALLBACK (on_stopped), &run);

  run.loop = g_main_loop_new (NULL, FALSE);
  sigint = g_unix_signal_add (SIGINT, on_signal, &run);
  sigterm = g_unix_signal_add (SIGTERM, on_signal, &run);
  say_capturing (cc);
  trawl_capture_session_start_async (run.session, NULL, started_cb, &run);
  /* The session names the file once it has made it. */
  if (run.path == NULL)
    run.path = g_strdup (trawl_capture_session_get_output_path (run.session));
  g_main_loop_run (run.loop);

  g_source_remove (sigint);
  g_source_remove (sigterm);
  if (run.temporary && run.path != NULL)
    g_unlink (run.path);
  g_clear_object (&run.doc);
  g_clear_object (&run.session);
  g_main_loop_unref (run.loop);
  g_queue_clear_full (&run.ring_names, g_free);
  g_string_free (run.out, TRUE);
  g_free (run.path);
  return run.status;
}
