/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-capture-session.c: TrawlCaptureSession against the real helper
 *
 * run-session-test.py runs this inside a network namespace where pings
 * cross $TRAWL_TEST_IFACE; without it (not root) the capture cases skip
 * and only the unprivileged calls run (listing, filter check, counters).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "capture/trawl-capture-interface.h"
#include "capture/trawl-capture-session.h"

typedef struct
{
  GMainLoop *loop;
  gboolean   started;
  guint      n_progress;
  guint      n_growing;
  guint64    last_packets;
  gboolean   monotonic;
  char      *stopped;
  guint      n_failed;
  GError    *start_error;
  gboolean   start_done;
} Watch;

static char *workdir;

static const char *
test_iface (void)
{
  const char *iface = g_getenv ("TRAWL_TEST_IFACE");

  if (iface == NULL || geteuid () != 0)
    {
      g_test_skip ("needs root and TRAWL_TEST_IFACE (run-session-test.py)");
      return NULL;
    }
  return iface;
}

static void
on_started (TrawlCaptureSession *session,
            Watch               *w)
{
  w->started = TRUE;
}

static void
on_progress (TrawlCaptureSession *session,
             guint64              packets,
             guint64              filesize,
             Watch               *w)
{
  g_autofree char *data = NULL;
  gsize len = 0;

  w->n_progress++;
  if (packets < w->last_packets)
    w->monotonic = FALSE;
  if (packets > w->last_packets)
    w->n_growing++;
  w->last_packets = packets;
  /* The promise of ::progress: those bytes are in the file already. */
  g_assert_true (g_file_get_contents (trawl_capture_session_get_output_path (session),
                                      &data, &len, NULL));
  g_assert_cmpuint (len, >=, filesize);
}

static void
on_stopped (TrawlCaptureSession *session,
            const char          *reason,
            Watch               *w)
{
  w->stopped = g_strdup (reason);
  g_main_loop_quit (w->loop);
}

static void
on_failed (TrawlCaptureSession *session,
           const GError        *error,
           Watch               *w)
{
  w->n_failed++;
}

static void
on_start_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Watch *w = user_data;

  w->start_done = TRUE;
  if (!trawl_capture_session_start_finish (TRAWL_CAPTURE_SESSION (source), result, &w->start_error))
    g_main_loop_quit (w->loop);
}

static void
watch_init (Watch               *w,
            TrawlCaptureSession *session)
{
  memset (w, 0, sizeof *w);
  w->loop = g_main_loop_new (NULL, FALSE);
  w->monotonic = TRUE;
  g_signal_connect (session, "started", G_CALLBACK (on_started), w);
  g_signal_connect (session, "progress", G_CALLBACK (on_progress), w);
  g_signal_connect (session, "stopped", G_CALLBACK (on_stopped), w);
  g_signal_connect (session, "failed", G_CALLBACK (on_failed), w);
}

static void
watch_clear (Watch *w)
{
  g_main_loop_unref (w->loop);
  g_free (w->stopped);
  g_clear_error (&w->start_error);
}

static gboolean
quit_loop (gpointer user_data)
{
  Watch *w = user_data;

  g_main_loop_quit (w->loop);
  return G_SOURCE_REMOVE;
}

/* Runs the loop for @ms, or less when something quits it. */
static void
run_for (Watch *w,
         guint  ms)
{
  g_autoptr(GSource) timeout = g_timeout_source_new (ms);

  g_source_set_callback (timeout, quit_loop, w, NULL);
  g_source_attach (timeout, NULL);
  g_main_loop_run (w->loop);
  g_source_destroy (timeout);
}

/* Packets tshark reads in @path, -1 when it fails. */
static gint64
tshark_count (const char *path)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *argv[] = { "tshark", "-r", path, "-T", "fields", "-e", "frame.number", NULL };
  int status = 0;
  gint64 n = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                     &out, &err, &status, NULL) || !g_spawn_check_wait_status (status, NULL))
    {
      g_printerr ("tshark -r %s: %s\n", path, err ? err : "did not run");
      return -1;
    }
  for (const char *p = out; *p; p++)
    n += *p == '\n';
  return n;
}

static void
test_capture (void)
{
  const char *iface = test_iface ();
  const char *names[2] = { iface, NULL };
  g_autoptr(TrawlCaptureSession) session = NULL;
  guint64 recv = 0, drop = 1, ifdrop = 1;
  GStatBuf st;
  Watch w;

  if (iface == NULL)
    return;
  session = trawl_capture_session_new ();
  watch_init (&w, session);
  trawl_capture_session_set_interfaces (session, names);
  trawl_capture_session_set_filter (session, "icmp");
  trawl_capture_session_start_async (session, NULL, on_start_done, &w);
  g_assert_cmpint (trawl_capture_session_get_state (session), ==, TRAWL_CAPTURE_STATE_STARTING);

  /* The default place: the user's cache directory, 0600. */
  g_assert_true (g_str_has_prefix (trawl_capture_session_get_output_path (session), workdir));
  g_assert_nonnull (strstr (trawl_capture_session_get_output_path (session), "/trawl/captures/trawl-"));

  run_for (&w, 2000);
  g_assert_no_error (w.start_error);
  g_assert_true (w.start_done && w.started);
  g_assert_cmpint (trawl_capture_session_get_state (session), ==, TRAWL_CAPTURE_STATE_RUNNING);
  g_assert_cmpuint (trawl_capture_session_get_n_interfaces (session), ==, 1);
  g_assert_cmpstr (trawl_capture_session_get_interface_name (session, 0), ==, iface);
  g_assert_cmpuint (trawl_capture_session_get_interface_linktype (session, 0), ==, 1);
  g_assert_cmpint (g_stat (trawl_capture_session_get_output_path (session), &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  trawl_capture_session_stop (session);
  g_main_loop_run (w.loop);

  g_test_message ("%u progress messages, %u growing, %" G_GUINT64_FORMAT " packets",
                  w.n_progress, w.n_growing, w.last_packets);
  g_assert_cmpuint (w.n_growing, >=, 3);
  g_assert_true (w.monotonic);
  g_assert_cmpstr (w.stopped, ==, "stopped");
  g_assert_cmpuint (w.n_failed, ==, 0);
  g_assert_cmpint (trawl_capture_session_get_state (session), ==, TRAWL_CAPTURE_STATE_STOPPED);
  g_assert_true (trawl_capture_session_get_interface_counters (session, 0, &recv, &drop, &ifdrop));
  g_assert_cmpuint (recv, >=, trawl_capture_session_get_packets (session));
  g_assert_cmpuint (drop, ==, 0);
  g_assert_false (trawl_capture_session_get_interface_counters (session, 1, NULL, NULL, NULL));

  /* The file is complete: the last progress counted every byte and packet. */
  g_assert_cmpint (g_stat (trawl_capture_session_get_output_path (session), &st), ==, 0);
  g_assert_cmpuint (st.st_size, ==, trawl_capture_session_get_filesize (session));
  g_assert_cmpint (tshark_count (trawl_capture_session_get_output_path (session)), ==,
                   (gint64) trawl_capture_session_get_packets (session));
  g_assert_cmpuint (trawl_capture_session_get_packets (session), >=, 20);
  watch_clear (&w);
}

static void
test_autostop (void)
{
  const char *iface = test_iface ();
  const char *names[2] = { iface, NULL };
  g_autoptr(TrawlCaptureSession) session = NULL;
  g_autofree char *path = NULL;
  Watch w;

  if (iface == NULL)
    return;
  path = g_build_filename (workdir, "autostop.pcapng", NULL);
  session = trawl_capture_session_new ();
  watch_init (&w, session);
  trawl_capture_session_set_interfaces (session, names);
  trawl_capture_session_set_output_path (session, path);
  trawl_capture_session_set_autostop (session, 5, 0, 0);
  trawl_capture_session_set_snaplen (session, 64);
  trawl_capture_session_set_promiscuous (session, FALSE);
  trawl_capture_session_set_buffer_mib (session, 4);
  trawl_capture_session_start_async (session, NULL, on_start_done, &w);
  g_main_loop_run (w.loop);
  g_assert_no_error (w.start_error);
  g_assert_cmpstr (w.stopped, ==, "autostop: packets");
  g_assert_cmpuint (trawl_capture_session_get_packets (session), ==, 5);
  g_assert_cmpint (tshark_count (path), ==, 5);
  watch_clear (&w);
}

static void
expect_start_error (TrawlCaptureSession *session,
                    int                  code,
                    const char          *in_message)
{
  g_autofree char *path = NULL;
  Watch w;

  watch_init (&w, session);
  trawl_capture_session_start_async (session, NULL, on_start_done, &w);
  path = g_strdup (trawl_capture_session_get_output_path (session));
  if (!w.start_done)
    g_main_loop_run (w.loop);
  g_assert_error (w.start_error, TRAWL_CAPTURE_ERROR, code);
  g_test_message ("error: %s", w.start_error->message);
  g_assert_nonnull (strstr (w.start_error->message, in_message));
  g_assert_false (w.started);
  g_assert_cmpint (trawl_capture_session_get_state (session), ==, TRAWL_CAPTURE_STATE_STOPPED);
  /* The empty file made for the capture is gone. */
  if (path != NULL)
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  watch_clear (&w);
}

static void
test_refused (void)
{
  const char *absent[] = { "trawlnoexist9", NULL };
  const char *bad[] = { "../etc", NULL };
  const char *lo[] = { "lo", NULL };
  g_autoptr(TrawlCaptureSession) s1 = trawl_capture_session_new ();
  g_autoptr(TrawlCaptureSession) s2 = trawl_capture_session_new ();
  g_autoptr(TrawlCaptureSession) s3 = trawl_capture_session_new ();
  g_autoptr(TrawlCaptureSession) s4 = trawl_capture_session_new ();

  trawl_capture_session_set_interfaces (s1, absent);
  expect_start_error (s1, TRAWL_CAPTURE_ERROR_FAILED, "trawlnoexist9");
  trawl_capture_session_set_interfaces (s2, lo);
  trawl_capture_session_set_filter (s2, "tcp port");
  expect_start_error (s2, TRAWL_CAPTURE_ERROR_FILTER, "syntax error");
  trawl_capture_session_set_interfaces (s3, bad);
  expect_start_error (s3, TRAWL_CAPTURE_ERROR_INVALID, "../etc");
  expect_start_error (s4, TRAWL_CAPTURE_ERROR_INVALID, "No interface");
}

static void
test_output_exists (void)
{
  const char *lo[] = { "lo", NULL };
  g_autoptr(TrawlCaptureSession) session = trawl_capture_session_new ();
  g_autofree char *path = g_build_filename (workdir, "exists.pcapng", NULL);
  g_autofree char *link = g_build_filename (workdir, "link.pcapng", NULL);
  g_autofree char *contents = NULL;
  Watch w;

  /* O_EXCL: an existing file (or a planted symlink) is never written. */
  g_assert_true (g_file_set_contents (path, "precious", -1, NULL));
  g_assert_cmpint (symlink (path, link), ==, 0);
  trawl_capture_session_set_interfaces (session, lo);
  trawl_capture_session_set_output_path (session, path);
  watch_init (&w, session);
  trawl_capture_session_start_async (session, NULL, on_start_done, &w);
  if (!w.start_done)
    g_main_loop_run (w.loop);
  g_assert_error (w.start_error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_assert_cmpint (trawl_capture_session_get_state (session), ==, TRAWL_CAPTURE_STATE_STOPPED);
  watch_clear (&w);

  /* Through a symlink, likewise. */
  g_clear_object (&session);
  session = trawl_capture_session_new ();
  trawl_capture_session_set_interfaces (session, lo);
  trawl_capture_session_set_output_path (session, link);
  watch_init (&w, session);
  trawl_capture_session_start_async (session, NULL, on_start_done, &w);
  if (!w.start_done)
    g_main_loop_run (w.loop);
  g_assert_error (w.start_error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "precious");
  watch_clear (&w);
}

/* In a g_test_trap_subprocess child: the rest runs as nobody, at home in
 * the test directory (tshark reads its configuration under $HOME). */
static void
become_nobody (void)
{
  g_autofree char *home = g_build_filename (workdir, "nobody", NULL);

  g_assert_cmpint (setgid (65534), ==, 0);
  g_assert_cmpint (setuid (65534), ==, 0);
  g_setenv ("HOME", home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", home, TRUE);
}

/* As nobody, with a helper that has no capabilities: the permission error
 * says how to get the right. */
static void
test_permission (void)
{
  const char *iface = test_iface ();
  const char *unpriv = g_getenv ("TRAWL_TEST_UNPRIV_HELPER");

  if (iface == NULL)
    return;
  if (unpriv == NULL)
    {
      g_test_skip ("TRAWL_TEST_UNPRIV_HELPER not set");
      return;
    }
  if (g_test_subprocess ())
    {
      const char *names[2] = { iface, NULL };
      g_autoptr(TrawlCaptureSession) session = trawl_capture_session_new ();
      g_autofree char *path = g_build_filename (workdir, "nobody", "perm.pcapng", NULL);

      become_nobody ();
      g_setenv ("TRAWL_CAPTURE_HELPER", unpriv, TRUE);
      trawl_capture_session_set_interfaces (session, names);
      trawl_capture_session_set_output_path (session, path);
      expect_start_error (session, TRAWL_CAPTURE_ERROR_PERMISSION, "enable-capture.sh");
      return;
    }
  g_test_trap_subprocess (NULL, 20 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* The pkexec route for real: test-pkexec.py runs polkitd on a private
 * system bus with a rule that allows nobody the capture action, or one
 * that denies it, and sets TRAWL_TEST_PKEXEC to "allow" or "deny". */
static void
test_pkexec (void)
{
  const char *mode = g_getenv ("TRAWL_TEST_PKEXEC");

  if (mode == NULL || geteuid () != 0)
    {
      g_test_skip ("needs test-pkexec.py (private polkitd)");
      return;
    }
  if (g_test_subprocess ())
    {
      const char *lo[] = { "lo", NULL };
      g_autoptr(TrawlCaptureSession) session = trawl_capture_session_new ();
      g_autofree char *path = g_build_filename (workdir, "nobody", "pkexec.pcapng", NULL);
      Watch w;

      become_nobody ();
      trawl_capture_session_set_interfaces (session, lo);
      trawl_capture_session_set_filter (session, "icmp");
      trawl_capture_session_set_output_path (session, path);
      trawl_capture_session_set_use_pkexec (session, TRUE);
      if (g_str_equal (mode, "deny"))
        {
          expect_start_error (session, TRAWL_CAPTURE_ERROR_NOT_AUTHORIZED, "Not authorized");
          return;
        }
      watch_init (&w, session);
      trawl_capture_session_start_async (session, NULL, on_start_done, &w);
      run_for (&w, 3000);
      g_assert_no_error (w.start_error);
      g_assert_true (w.started);
      g_assert_cmpint (trawl_capture_session_get_route (session), ==, TRAWL_CAPTURE_ROUTE_PKEXEC);
      g_spawn_command_line_sync ("ping -c 4 -i 0.05 -q 127.0.0.1", NULL, NULL, NULL, NULL);
      run_for (&w, 300);
      trawl_capture_session_stop (session);
      g_main_loop_run (w.loop);
      g_assert_cmpstr (w.stopped, ==, "stopped");
      g_assert_cmpuint (trawl_capture_session_get_packets (session), ==, 8);
      g_assert_cmpint (tshark_count (path), ==, 8);
      watch_clear (&w);
      return;
    }
  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static gboolean
helper_running (const char *helper)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc", 0, NULL);
  g_autofree char *real = realpath (helper, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *exe = g_build_filename ("/proc", name, "exe", NULL);
      g_autofree char *target = g_file_read_link (exe, NULL);

      if (target && real && strcmp (target, real) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Dropping a running session closes the control channel: the helper stops. */
static void
test_dispose_stops (void)
{
  const char *iface = test_iface ();
  const char *names[2] = { iface, NULL };
  TrawlCaptureSession *session;
  g_autofree char *path = NULL;
  gint64 deadline;
  Watch w;

  if (iface == NULL)
    return;
  path = g_build_filename (workdir, "dispose.pcapng", NULL);
  session = trawl_capture_session_new ();
  watch_init (&w, session);
  trawl_capture_session_set_interfaces (session, names);
  trawl_capture_session_set_output_path (session, path);
  trawl_capture_session_start_async (session, NULL, on_start_done, &w);
  run_for (&w, 500);
  g_assert_true (w.started);
  g_assert_true (helper_running (trawl_capture_get_helper_path ()));
  g_object_unref (session);

  deadline = g_get_monotonic_time () + G_USEC_PER_SEC;
  while (helper_running (trawl_capture_get_helper_path ()) && g_get_monotonic_time () < deadline)
    g_usleep (10000);
  g_assert_false (helper_running (trawl_capture_get_helper_path ()));
  g_assert_cmpint (tshark_count (path), >=, 1);
  watch_clear (&w);
}

static void
test_list_interfaces (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = trawl_capture_list_interfaces (NULL, &error);
  const char *want = g_getenv ("TRAWL_TEST_IFACE");
  gboolean saw_lo = FALSE, saw_want = want == NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < list->len; i++)
    {
      TrawlCaptureInterface *iface = g_ptr_array_index (list, i);
      const char *name = trawl_capture_interface_get_name (iface);
      guint n = 0;
      const guint32 *lts = trawl_capture_interface_get_linktypes (iface, &n);

      g_assert_cmpuint (n, >=, 1);
      g_assert_nonnull (trawl_capture_interface_get_addresses (iface));
      g_assert_nonnull (trawl_capture_interface_get_linktype_names (iface)[n - 1]);
      if (g_str_equal (name, "lo"))
        {
          saw_lo = TRUE;
          g_assert_true (trawl_capture_interface_is_loopback (iface));
          g_assert_true (trawl_capture_interface_is_up (iface));
          g_assert_cmpuint (lts[0], ==, 1);
          g_assert_true (g_strv_contains (trawl_capture_interface_get_addresses (iface), "127.0.0.1"));
        }
      if (want && g_str_equal (name, want))
        {
          saw_want = TRUE;
          g_assert_false (trawl_capture_interface_is_loopback (iface));
          g_assert_true (trawl_capture_interface_is_running (iface));
          g_assert_cmpstr (trawl_capture_interface_get_linktype_names (iface)[0], ==, "EN10MB");
        }
    }
  g_assert_true (saw_lo);
  g_assert_true (saw_want);
}

static void
test_keyfile_hostile (void)
{
  const char *text =
    "[eth0]\nlinktypes=1;\naddresses=10.0.0.1;\nup=true\n"
    "[../../etc]\nlinktypes=1;\n"               /* bad name: skipped */
    "[eth1]\nlinktypes=\n"                      /* no link type: skipped */
    "[eth2]\nlinktypes=70000;\n"                /* out of range: skipped */
    "[eth3]\nlinktypes=1;113;\nlinktype-names=A;\n";   /* names made up */
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = trawl_capture_interfaces_from_keyfile (text, strlen (text), &error);

  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (trawl_capture_interface_get_name (g_ptr_array_index (list, 0)), ==, "eth0");
  g_assert_true (trawl_capture_interface_is_up (g_ptr_array_index (list, 0)));
  g_assert_cmpstr (trawl_capture_interface_get_linktype_names (g_ptr_array_index (list, 1))[1], ==, "113");
  g_assert_null (trawl_capture_interfaces_from_keyfile ("[x", 2, NULL));
}

static void
test_check_filter (void)
{
  g_autoptr(GError) e1 = NULL;
  g_autoptr(GError) e2 = NULL;

  g_assert_true (trawl_capture_check_filter ("tcp port 80 and host 10.0.0.1", 1, NULL));
  g_assert_true (trawl_capture_check_filter ("ip", 101, NULL));
  g_assert_false (trawl_capture_check_filter ("ether host 01:02:03:04:05:06", 101, &e1));
  g_assert_error (e1, TRAWL_CAPTURE_ERROR, TRAWL_CAPTURE_ERROR_FILTER);
  g_assert_false (trawl_capture_check_filter ("tcp port", 1, &e2));
  g_assert_nonnull (strstr (e2->message, "syntax error"));
}

static void
test_interface_stats (void)
{
  const char *name = g_getenv ("TRAWL_TEST_IFACE") ? g_getenv ("TRAWL_TEST_IFACE") : "lo";
  TrawlCaptureIfStats a, b, any;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) bad = NULL;

  g_assert_true (trawl_capture_read_interface_stats (name, &a, &error));
  g_assert_no_error (error);
  /* Traffic crosses the test interface all the time (pings); on lo we make some. */
  if (!g_getenv ("TRAWL_TEST_IFACE"))
    g_spawn_command_line_sync ("ping -c 3 -i 0.05 -q 127.0.0.1", NULL, NULL, NULL, NULL);
  else
    g_usleep (300000);
  g_assert_true (trawl_capture_read_interface_stats (name, &b, NULL));
  g_assert_cmpuint (b.rx_packets, >, a.rx_packets);
  g_assert_cmpuint (b.rx_bytes, >, a.rx_bytes);
  g_assert_true (trawl_capture_read_interface_stats ("any", &any, NULL));
  g_assert_cmpuint (any.rx_packets, >=, b.rx_packets);
  g_assert_false (trawl_capture_read_interface_stats ("../../etc", &a, &bad));
  g_assert_error (bad, TRAWL_CAPTURE_ERROR, TRAWL_CAPTURE_ERROR_INVALID);
}

int
main (int    argc,
      char **argv)
{
  int rc;

  /* A g_test_trap_subprocess child works in its parent's directory. */
  if (g_getenv ("TRAWL_TEST_WORKDIR"))
    workdir = g_strdup (g_getenv ("TRAWL_TEST_WORKDIR"));
  else
    workdir = g_dir_make_tmp ("trawl-session-XXXXXX", NULL);
  g_assert_nonnull (workdir);
  g_setenv ("TRAWL_TEST_WORKDIR", workdir, TRUE);
  g_chmod (workdir, 0755);
  /* Before GLib reads it: the session's default directory goes here. */
  g_setenv ("XDG_CACHE_HOME", workdir, TRUE);
  {
    g_autofree char *nobody = g_build_filename (workdir, "nobody", NULL);

    g_mkdir (nobody, 0777);
    g_chmod (nobody, 0777);
  }

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/capture/session/capture", test_capture);
  g_test_add_func ("/capture/session/autostop", test_autostop);
  g_test_add_func ("/capture/session/refused", test_refused);
  g_test_add_func ("/capture/session/output-exists", test_output_exists);
  g_test_add_func ("/capture/session/permission", test_permission);
  g_test_add_func ("/capture/session/dispose-stops", test_dispose_stops);
  g_test_add_func ("/capture/session/pkexec", test_pkexec);
  g_test_add_func ("/capture/list-interfaces", test_list_interfaces);
  g_test_add_func ("/capture/list-keyfile-hostile", test_keyfile_hostile);
  g_test_add_func ("/capture/check-filter", test_check_filter);
  g_test_add_func ("/capture/interface-stats", test_interface_stats);
  rc = g_test_run ();

  if (!g_test_subprocess ())
    {
      g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", workdir);

      g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL);
    }
  g_free (workdir);
  return rc;
}
