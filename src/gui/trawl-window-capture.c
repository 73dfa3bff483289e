/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-window-capture.c: live capture in the window
 *
 * The start page (TrawlCapturePage) chooses interfaces, filter and
 * options; win.capture-start runs a TrawlCaptureSession, whose helper
 * writes pcapng into a new file in $XDG_CACHE_HOME/trawl/captures/.  The
 * window's document follows that file: each ::progress (the bytes are in
 * the file) makes it index the appended records on this thread -- cheap,
 * proportional to the batch -- while its analysis pass follows on its
 * own thread.  The window's poll (trawl-window.c, every 16 ms) shows the
 * analysed frames at most every 100 ms; a tick here, ten times a second,
 * updates the status bar and runs the display filter over the frames
 * that arrived since (trawl-window-filter.c).
 *
 * The file stays in the cache directory until it is saved: closing the
 * window or starting another capture asks Save / Discard / Cancel.  If
 * the window dies, the helper sees its control channel close and stops,
 * the file is complete, and the next start of the application offers it
 * (the capture bar: Open / Delete).
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "trawl-window-private.h"

#define TICK_MS 100

typedef enum
{
  AFTER_PROMPT_NOTHING,
  AFTER_PROMPT_CLOSE,    /* the window was asked to close */
  AFTER_PROMPT_START,    /* a new capture was asked for */
  AFTER_PROMPT_INTERFACES, /* the start page was asked for */
} AfterPrompt;

typedef enum
{
  BAR_HIDDEN,
  BAR_PERMISSION,        /* the helper has no capture rights: Authenticate… */
  BAR_LEFTOVER,          /* a capture of an earlier session: Open / Delete */
} BarMode;

enum { RESPONSE_AUTHENTICATE = 1, RESPONSE_OPEN, RESPONSE_DELETE };

static void start_capture (TrawlWindow *self, gboolean use_pkexec);

static char *
captures_dir (void)
{
  return g_build_filename (g_get_user_cache_dir (), "trawl", "captures", NULL);
}

gboolean
_trawl_window_is_capturing (TrawlWindow *self)
{
  return self->session != NULL;
}

/* ---- the capture bar ---- */

/* Where the bar's first shown button is, for the GUI test's clicks:
 * once it is on screen (a window starting up lays it out later). */
static gboolean
print_bar_button (gpointer data)
{
  TrawlWindow *self = data;
  GtkWidget *button = self->bar_mode == BAR_LEFTOVER ? self->leftover_open_button : self->auth_button;
  double x = 0, y = 0;

  if (self->bar_mode == BAR_HIDDEN)
    return G_SOURCE_REMOVE;
  if (!gtk_widget_get_mapped (button) || gtk_widget_get_width (button) <= 0 ||
      !gtk_widget_translate_coordinates (button, GTK_WIDGET (self), gtk_widget_get_width (button) / 2.0,
                                         gtk_widget_get_height (button) / 2.0, &x, &y))
    return G_SOURCE_CONTINUE;
  trawl_application_debug_print ("capture-bar-button x=%d y=%d", (int) x, (int) y);
  return G_SOURCE_REMOVE;
}

static void
show_bar (TrawlWindow *self,
          BarMode      mode,
          const char  *text)
{
  self->bar_mode = mode;
  gtk_label_set_text (self->capture_bar_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->auth_button), mode == BAR_PERMISSION);
  gtk_widget_set_visible (GTK_WIDGET (self->leftover_open_button), mode == BAR_LEFTOVER);
  gtk_widget_set_visible (GTK_WIDGET (self->leftover_delete_button), mode == BAR_LEFTOVER);
  gtk_info_bar_set_message_type (self->capture_bar, mode == BAR_PERMISSION ? GTK_MESSAGE_WARNING
                                                                           : GTK_MESSAGE_QUESTION);
  gtk_widget_set_visible (GTK_WIDGET (self->capture_bar), mode != BAR_HIDDEN);
  if (mode != BAR_HIDDEN && trawl_application_debug_stdout ())
    {
      trawl_application_debug_print ("capture-bar %s", mode == BAR_PERMISSION ? "permission" : "leftover");
      g_timeout_add_full (G_PRIORITY_DEFAULT, 300, print_bar_button, g_object_ref (self), g_object_unref);
    }
}

/* The oldest capture in the cache directory that is not this window's
 * and holds something, or NULL. */
static char *
find_leftover (TrawlWindow *self)
{
  g_autofree char *dir_path = captures_dir ();
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autofree char *best = NULL;
  gint64 best_time = G_MAXINT64;
  const char *name;

  if (dir == NULL)
    return NULL;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      GStatBuf st;

      if (!g_str_has_suffix (name, ".pcapng") || g_stat (path, &st) != 0 || !S_ISREG (st.st_mode) ||
          st.st_size == 0 || g_strcmp0 (path, self->capture_path) == 0 ||
          (self->leftovers_seen != NULL && g_strv_contains ((const char * const *) self->leftovers_seen, path)))
        continue;
      if (st.st_mtime < best_time)
        {
          best_time = st.st_mtime;
          g_free (best);
          best = g_steal_pointer (&path);
        }
    }
  return g_steal_pointer (&best);
}

static void
offer_leftover (TrawlWindow *self)
{
  g_autofree char *path = find_leftover (self);
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;
  g_autofree char *size = NULL;
  GStatBuf st;

  g_clear_pointer (&self->leftover, g_free);
  if (path == NULL || g_stat (path, &st) != 0)
    {
      if (self->bar_mode == BAR_LEFTOVER)
        show_bar (self, BAR_HIDDEN, NULL);
      return;
    }
  name = g_path_get_basename (path);
  size = g_format_size (st.st_size);
  text = g_strdup_printf (_("A capture of an earlier session was not saved: “%s” (%s)."), name, size);
  self->leftover = g_steal_pointer (&path);
  show_bar (self, BAR_LEFTOVER, text);
  trawl_application_debug_print ("leftover %s", self->leftover);
}

static void
forget_leftover (TrawlWindow *self)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

  /* Not offered again in this window (Open keeps it as this window's). */
  if (self->leftovers_seen != NULL)
    g_strv_builder_addv (b, (const char **) self->leftovers_seen);
  g_strv_builder_add (b, self->leftover);
  g_strfreev (self->leftovers_seen);
  self->leftovers_seen = g_strv_builder_end (b);
}

static void
capture_bar_response (GtkInfoBar  *bar,
                      int          response,
                      TrawlWindow *self)
{
  if (response == RESPONSE_AUTHENTICATE)
    {
      show_bar (self, BAR_HIDDEN, NULL);
      start_capture (self, TRUE);
    }
  else if (response == RESPONSE_OPEN && self->leftover != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (self->leftover);
      g_autofree char *path = g_strdup (self->leftover);

      forget_leftover (self);
      show_bar (self, BAR_HIDDEN, NULL);
      trawl_window_open_file (self, file);
      /* Still unsaved: closing asks again. */
      self->capture_path = g_steal_pointer (&path);
      self->capture_unsaved = TRUE;
    }
  else if (response == RESPONSE_DELETE && self->leftover != NULL)
    {
      if (g_unlink (self->leftover) != 0)
        _trawl_window_toast (self, g_strerror (errno));
      trawl_application_debug_print ("leftover-deleted %s", self->leftover);
      forget_leftover (self);
      offer_leftover (self);
    }
  else
    show_bar (self, BAR_HIDDEN, NULL);
}

/* ---- privilege, said plainly ---- */

static gboolean
helper_has_capabilities (const char *helper)
{
  return getxattr (helper, "security.capability", NULL, 0) > 0;
}

static void
update_route_text (TrawlWindow *self)
{
  const char *helper = trawl_capture_get_helper_path ();
  g_autofree char *pkexec = g_find_program_in_path ("pkexec");
  g_autofree char *text = NULL;

  const char *route;

  if (!g_file_test (helper, G_FILE_TEST_IS_EXECUTABLE))
    {
      route = "missing";
      text = g_strdup_printf (_("The capture helper is missing (%s): Trawl can only open files."), helper);
    }
  else if (geteuid () == 0)
    {
      route = "root";
      text = g_strdup (_("Trawl runs as root, so it runs the capture helper directly. Running a "
                         "desktop application as root is unsafe: give the helper capture rights "
                         "instead (tools/enable-capture.sh)."));
    }
  else if (helper_has_capabilities (helper))
    {
      route = "capabilities";
      text = g_strdup (_("Captures run through trawl-capture, which holds capture rights of its "
                         "own (file capabilities): no password is asked."));
    }
  else if (pkexec != NULL)
    {
      route = "pkexec";
      text = g_strdup (_("trawl-capture has no capture rights of its own: Start tries it, then "
                         "offers to authenticate through pkexec. To capture without a password, "
                         "run tools/enable-capture.sh."));
    }
  else
    {
      route = "none";
      text = g_strdup (_("trawl-capture has no capture rights and pkexec is not installed: run "
                         "tools/enable-capture.sh to give it capture rights."));
    }
  trawl_application_debug_print ("capture-route %s", route);
  trawl_capture_page_set_route_text (self->capture_page, text);
}

/* ---- the running capture ---- */

static guint64
total_drops (TrawlCaptureSession *session,
             guint64             *if_drops)
{
  guint64 dropped = 0;

  *if_drops = 0;
  for (guint i = 0; i < trawl_capture_session_get_n_interfaces (session); i++)
    {
      guint64 rx, drop, ifdrop;

      if (trawl_capture_session_get_interface_counters (session, i, &rx, &drop, &ifdrop))
        {
          dropped += drop;
          *if_drops += ifdrop;
        }
    }
  return dropped;
}

static void
update_capture_status (TrawlWindow *self)
{
  TrawlCaptureSession *session = self->session;
  g_autofree char *size = NULL;
  g_autofree char *text = NULL;
  guint64 drops, if_drops;
  gint64 secs;

  if (session == NULL)
    return;
  drops = total_drops (session, &if_drops);
  secs = (g_get_monotonic_time () - self->capture_start) / G_USEC_PER_SEC;
  size = g_format_size (trawl_capture_session_get_filesize (session));
  /* Wireshark's status bar: packets, then drops, then the time and size. */
  text = g_strdup_printf (_("Capturing · %" G_GUINT64_FORMAT " packets · dropped %" G_GUINT64_FORMAT
                            " (kernel), %" G_GUINT64_FORMAT " (interface) · %02d:%02d:%02d · %s"),
                          trawl_capture_session_get_packets (session), drops, if_drops,
                          (int) (secs / 3600), (int) (secs / 60 % 60), (int) (secs % 60), size);
  trawl_status_bar_set_times (self->status_bar, text);
  _trawl_window_update_counts (self);
}

/* Packet-to-row latency (debug mode, for the benchmark): each row GTK is
 * told of counts the time since the kernel stamped its packet. */
#define LATENCY_BINS 10000  /* 1 ms each */

void
_trawl_window_capture_rows_added (TrawlWindow *self)
{
  gint64 now_ns;
  guint n;

  if (self->latency == NULL || self->model == NULL || trawl_packet_list_model_is_filtered (self->model))
    return;
  now_ns = g_get_real_time () * 1000;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  for (guint pos = self->latency_seen; pos < n; pos++)
    {
      const TrawlFrameRecord *rec = trawl_capture_file_get_record (self->capture,
                                                                   trawl_packet_list_model_get_frame (self->model, pos));
      gint64 ms = (now_ns - rec->ts_ns) / 1000000;

      self->latency[CLAMP (ms, 0, LATENCY_BINS - 1)]++;
    }
  self->latency_seen = MAX (self->latency_seen, n);
}

static void
print_latency (TrawlWindow *self)
{
  guint64 total = 0, acc = 0;
  int p50 = -1, p99 = -1, max = 0;

  if (self->latency == NULL)
    return;
  for (guint i = 0; i < LATENCY_BINS; i++)
    {
      total += self->latency[i];
      if (self->latency[i])
        max = i;
    }
  for (guint i = 0; i < LATENCY_BINS && total > 0; i++)
    {
      acc += self->latency[i];
      if (p50 < 0 && acc * 100 >= total * 50)
        p50 = i;
      if (p99 < 0 && acc * 100 >= total * 99)
        p99 = i;
    }
  trawl_application_debug_print ("capture-latency rows=%" G_GUINT64_FORMAT " p50=%d p99=%d max=%d ms",
                                 total, p50, p99, max);
}

static gboolean capture_tick_body (TrawlWindow *self);

static gboolean
capture_tick (gpointer data)
{
  gint64 t0 = g_get_monotonic_time ();
  gboolean ret = capture_tick_body (data);

  if (g_get_monotonic_time () - t0 > 10000)
    trawl_application_debug_print ("capture-tick %.1f ms at=%.6f", (g_get_monotonic_time () - t0) / 1e3,
                                   g_get_real_time () / 1e6);
  return ret;
}

static gboolean
capture_tick_body (TrawlWindow *self)
{
  if (self->doc == NULL)
    {
      self->capture_tick_id = 0;
      return G_SOURCE_REMOVE;
    }
  update_capture_status (self);
  _trawl_window_filter_grow (self);
  /* The stall meter counts from the first rows on: switching to the
   * packet list (one repaint of the whole window) is not the capture's. */
  if (self->got_rows && !self->stall_reset)
    {
      self->stall_reset = TRUE;
      trawl_application_take_max_stall ();
    }
  if (self->session == NULL && trawl_document_get_phase (self->doc) == TRAWL_DOCUMENT_PHASE_READY &&
      !_trawl_window_filter_growing (self))
    {
      /* The capture has ended and every frame is shown: a file now. */
      if (trawl_document_get_warning (self->doc) != NULL)
        _trawl_window_show_warning (self, trawl_document_get_warning (self->doc));
      trawl_packet_list_model_poll (self->model);
      trawl_packet_list_model_analysis_done (self->model);
      trawl_packet_list_set_live (self->packet_list, FALSE);
      _trawl_window_update_counts (self);
      trawl_application_debug_print ("capture-finished frames=%u displayed=%u",
                                     trawl_packet_list_model_get_n_total (self->model),
                                     trawl_packet_list_model_get_n_rows (self->model));
      print_latency (self);
      trawl_application_debug_print ("max-stall %.1f ms", trawl_application_take_max_stall ());
      g_clear_handle_id (&self->poll_id, g_source_remove);
      self->capture_tick_id = 0;
      _trawl_window_update_actions (self);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
session_progress (TrawlCaptureSession *session,
                  guint64              packets,
                  guint64              filesize,
                  TrawlWindow         *self)
{
  if (session != self->session || self->doc == NULL)
    return;
  /* Indexed on the document's thread: the rows come with the next tick. */
  trawl_document_queue_update (self->doc);
}

static void
session_failed (TrawlCaptureSession *session,
                const GError        *error,
                TrawlWindow         *self)
{
  g_autofree char *msg = g_strdup_printf (_("The capture failed: %s"), error->message);

  if (session != self->session)
    return;
  _trawl_window_show_warning (self, msg);
  trawl_application_debug_print ("capture-failed %s", error->message);
}

static void discard_capture_file (TrawlWindow *self);

static void
session_stopped (TrawlCaptureSession *session,
                 const char          *reason,
                 TrawlWindow         *self)
{
  g_autoptr(TrawlCaptureSession) done = NULL;
  g_autofree char *name = NULL;
  g_autofree char *times = NULL;
  gint64 secs;

  if (session != self->session)
    return;
  done = g_steal_pointer (&self->session);
  update_capture_status (self);
  if (self->doc != NULL)
    trawl_document_queue_end (self->doc);

  secs = (g_get_monotonic_time () - self->capture_start) / G_USEC_PER_SEC;
  times = g_strdup_printf (ngettext ("Captured %" G_GUINT64_FORMAT " packet in %02d:%02d:%02d (%s)",
                                     "Captured %" G_GUINT64_FORMAT " packets in %02d:%02d:%02d (%s)",
                                     trawl_capture_session_get_packets (done)),
                           trawl_capture_session_get_packets (done),
                           (int) (secs / 3600), (int) (secs / 60 % 60), (int) (secs % 60), reason);
  g_free (self->load_times);
  self->load_times = g_steal_pointer (&times);
  trawl_status_bar_set_times (self->status_bar, self->load_times);
  name = g_path_get_basename (self->capture_path);
  adw_window_title_set_title (self->window_title, name);
  adw_window_title_set_subtitle (self->window_title, _("Not saved"));
  gtk_window_set_title (GTK_WINDOW (self), name);
  {
    guint64 if_drops, drops = total_drops (done, &if_drops);

    trawl_application_debug_print ("capture-stopped packets=%" G_GUINT64_FORMAT " dropped=%" G_GUINT64_FORMAT
                                   " if-dropped=%" G_GUINT64_FORMAT " reason=%s",
                                   trawl_capture_session_get_packets (done), drops, if_drops, reason);
  }
  _trawl_window_update_actions (self);

  if (self->restart_pending)
    {
      /* Restart drops what the stopped capture caught, as Wireshark does. */
      self->restart_pending = FALSE;
      discard_capture_file (self);
      start_capture (self, trawl_capture_session_get_route (done) == TRAWL_CAPTURE_ROUTE_PKEXEC);
    }
  else if (self->after_stop != AFTER_PROMPT_NOTHING)
    {
      AfterPrompt what = self->after_stop;

      self->after_stop = AFTER_PROMPT_NOTHING;
      if (what == AFTER_PROMPT_CLOSE)
        gtk_window_close (GTK_WINDOW (self));
    }
}

static void
capture_started (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(TrawlWindow) self = user_data;
  TrawlCaptureSession *session = TRAWL_CAPTURE_SESSION (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) ifaces = g_string_new (NULL);
  g_autoptr(GFile) file = NULL;
  g_autofree char *title = NULL;
  const char *path;

  if (session != self->session)
    return;
  if (!trawl_capture_session_start_finish (session, result, &error))
    {
      g_clear_object (&self->session);
      trawl_status_bar_set_progress (self->status_bar, NULL, 0);
      trawl_application_debug_print ("capture-error %d %s", error->code, error->message);
      if (g_error_matches (error, TRAWL_CAPTURE_ERROR, TRAWL_CAPTURE_ERROR_PERMISSION) &&
          trawl_capture_session_get_route (session) != TRAWL_CAPTURE_ROUTE_PKEXEC)
        show_bar (self, BAR_PERMISSION, error->message);
      else if (!g_error_matches (error, TRAWL_CAPTURE_ERROR, TRAWL_CAPTURE_ERROR_DISMISSED))
        _trawl_window_show_warning (self, error->message);
      _trawl_window_update_actions (self);
      return;
    }

  path = trawl_capture_session_get_output_path (session);
  self->capture_path = g_strdup (path);
  self->capture_unsaved = TRUE;
  self->doc = trawl_document_new ();
  /* The analysis pass below the UI thread, as for a file. */
  trawl_document_set_background (self->doc, TRUE);
  if (!trawl_document_open_growing (self->doc, path, &error))
    {
      _trawl_window_show_warning (self, error->message);
      trawl_capture_session_stop (session);
      return;
    }
  for (guint i = 0; i < trawl_capture_session_get_n_interfaces (session); i++)
    g_string_append_printf (ifaces, "%s%s", i ? ", " : "", trawl_capture_session_get_interface_name (session, i));
  title = g_strdup_printf (_("Capturing from %s"), ifaces->str);
  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, NULL);
  gtk_window_set_title (GTK_WINDOW (self), title);
  file = g_file_new_for_path (path);
  g_autofree char *base = g_file_get_basename (file);
  trawl_status_bar_set_file (self->status_bar, base);
  trawl_status_bar_set_progress (self->status_bar, NULL, 0);

  _trawl_window_ensure_model (self);
  _trawl_window_show_capture_page (self);
  trawl_packet_list_set_live (self->packet_list, TRUE);
  self->capture_start = g_get_monotonic_time ();
  self->load_start = self->capture_start;
  self->got_rows = FALSE;
  self->stall_reset = FALSE;
  self->latency_seen = 0;
  g_clear_pointer (&self->latency, g_free);
  if (trawl_application_debug_stdout ())
    self->latency = g_new0 (guint32, LATENCY_BINS);
  _trawl_window_start_polling (self);
  self->capture_tick_id = g_timeout_add (TICK_MS, capture_tick, self);
  trawl_application_debug_print ("capture-started path=%s route=%s interfaces=%s", path,
                                 trawl_capture_session_get_route (session) == TRAWL_CAPTURE_ROUTE_PKEXEC
                                   ? "pkexec" : "direct", ifaces->str);
  _trawl_window_update_actions (self);
  /* A display filter typed on the start page applies from the start. */
  if (*trawl_filter_bar_get_text (self->filter_bar) != '\0')
    trawl_filter_bar_apply (self->filter_bar);
}

static void
start_capture (TrawlWindow *self,
               gboolean     use_pkexec)
{
  g_autoptr(TrawlCaptureSession) session = trawl_capture_session_new ();

  if (self->session != NULL)
    return;
  _trawl_window_reset_document (self);
  g_clear_pointer (&self->capture_path, g_free);
  self->capture_unsaved = FALSE;
  show_bar (self, BAR_HIDDEN, NULL);
  trawl_capture_page_configure (self->capture_page, session);
  trawl_capture_session_set_use_pkexec (session, use_pkexec);
  trawl_application_debug_print ("capture-start pkexec=%s", use_pkexec ? "yes" : "no");
  g_signal_connect_object (session, "progress", G_CALLBACK (session_progress), self, 0);
  g_signal_connect_object (session, "failed", G_CALLBACK (session_failed), self, 0);
  g_signal_connect_object (session, "stopped", G_CALLBACK (session_stopped), self, 0);
  self->session = g_steal_pointer (&session);
  trawl_status_bar_set_progress (self->status_bar, _("Starting the capture…"), -1);
  trawl_capture_session_start_async (self->session, NULL, capture_started, g_object_ref (self));
  _trawl_window_update_actions (self);
}

/* ---- unsaved captures ---- */

static void
discard_capture_file (TrawlWindow *self)
{
  if (self->capture_path != NULL && self->capture_unsaved)
    {
      trawl_application_debug_print ("capture-discarded %s", self->capture_path);
      g_unlink (self->capture_path);
    }
  g_clear_pointer (&self->capture_path, g_free);
  self->capture_unsaved = FALSE;
}

static void
show_start_page (TrawlWindow *self)
{
  _trawl_window_reset_document (self);
  g_clear_pointer (&self->capture_path, g_free);
  self->capture_unsaved = FALSE;
  adw_window_title_set_title (self->window_title, _("Trawl"));
  adw_window_title_set_subtitle (self->window_title, NULL);
  gtk_window_set_title (GTK_WINDOW (self), _("Trawl"));
  trawl_status_bar_set_file (self->status_bar, NULL);
  gtk_stack_set_visible_child_name (self->stack, "empty");
  trawl_capture_page_refresh (self->capture_page);
  _trawl_window_update_actions (self);
}

static void
do_after_prompt (TrawlWindow *self,
                 AfterPrompt  what)
{
  if (what == AFTER_PROMPT_CLOSE)
    gtk_window_close (GTK_WINDOW (self));
  else if (what == AFTER_PROMPT_START)
    start_capture (self, FALSE);
  else if (what == AFTER_PROMPT_INTERFACES)
    show_start_page (self);
}

static void
prompt_response (AdwMessageDialog *dialog,
                 const char       *response,
                 TrawlWindow      *self)
{
  AfterPrompt what = self->after_prompt;

  trawl_application_debug_print ("unsaved-prompt %s", response);
  self->after_prompt = AFTER_PROMPT_NOTHING;
  if (g_str_equal (response, "discard"))
    {
      discard_capture_file (self);
      do_after_prompt (self, what);
    }
  else if (g_str_equal (response, "save"))
    {
      /* _trawl_window_capture_saved () goes on once it is saved. */
      self->after_save = what;
      gtk_widget_activate_action (GTK_WIDGET (self), "win.save-as", NULL);
    }
}

static void
ask_unsaved (TrawlWindow *self,
             AfterPrompt  what)
{
  AdwMessageDialog *dialog;
  g_autofree char *name = g_path_get_basename (self->capture_path);
  g_autofree char *body = NULL;

  self->after_prompt = what;
  body = g_strdup_printf (_("The packets captured in “%s” are only in a temporary file. "
                            "Discarded, they are lost."), name);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("Save the Captured Packets?"), body));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "save");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (prompt_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  trawl_application_debug_print ("unsaved-prompt shown");
}

gboolean
_trawl_window_capture_close_request (TrawlWindow *self)
{
  if (self->session != NULL)
    {
      /* Stop first: the file is complete once ::stopped comes. */
      self->after_stop = AFTER_PROMPT_CLOSE;
      trawl_capture_session_stop (self->session);
      return TRUE;
    }
  if (self->capture_unsaved && self->capture_path != NULL)
    {
      ask_unsaved (self, AFTER_PROMPT_CLOSE);
      return TRUE;
    }
  return FALSE;
}

gboolean
_trawl_window_capture_saved (TrawlWindow *self)
{
  AfterPrompt what = self->after_save;

  self->after_save = AFTER_PROMPT_NOTHING;
  if (!self->capture_unsaved)
    return FALSE;
  /* Saved elsewhere: the temporary file has done its work. */
  discard_capture_file (self);
  if (what == AFTER_PROMPT_NOTHING)
    return FALSE;
  do_after_prompt (self, what);
  return TRUE;
}

/* ---- actions ---- */

void
_trawl_window_action_capture (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *param)
{
  TrawlWindow *self = TRAWL_WINDOW (widget);

  if (g_str_equal (action_name, "win.capture-start"))
    {
      if (self->session != NULL)
        return;
      if (self->capture_unsaved && self->capture_path != NULL)
        ask_unsaved (self, AFTER_PROMPT_START);
      else
        start_capture (self, FALSE);
    }
  else if (g_str_equal (action_name, "win.capture-stop"))
    {
      if (self->session != NULL)
        trawl_capture_session_stop (self->session);
      trawl_application_debug_print ("capture-stop");
    }
  else if (g_str_equal (action_name, "win.capture-restart"))
    {
      if (self->session == NULL)
        return;
      self->restart_pending = TRUE;
      trawl_capture_session_stop (self->session);
      trawl_application_debug_print ("capture-restart");
    }
  else if (g_str_equal (action_name, "win.capture-interfaces"))
    {
      if (self->session != NULL)
        return;
      if (self->capture_unsaved && self->capture_path != NULL)
        ask_unsaved (self, AFTER_PROMPT_INTERFACES);
      else
        show_start_page (self);
    }
}

static void
can_start_changed (TrawlWindow *self)
{
  _trawl_window_update_actions (self);
}

static void
stack_page_changed (TrawlWindow *self)
{
  gboolean start_page = g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "empty") == 0;

  trawl_capture_page_set_active (self->capture_page, start_page);
}

void
_trawl_window_capture_init (TrawlWindow *self)
{
  static gboolean offered;
  const char *test_ifaces = g_getenv ("TRAWL_TEST_CAPTURE_INTERFACES");

  g_signal_connect (self->capture_bar, "response", G_CALLBACK (capture_bar_response), self);
  g_signal_connect_swapped (self->capture_page, "notify::can-start", G_CALLBACK (can_start_changed), self);
  g_signal_connect_swapped (self->stack, "notify::visible-child", G_CALLBACK (stack_page_changed), self);
  update_route_text (self);
  trawl_capture_page_refresh (self->capture_page);
  /* The GUI test chooses its veth by name when clicking its row is not
   * practical (debug mode only). */
  if (test_ifaces != NULL && trawl_application_debug_stdout ())
    {
      g_auto(GStrv) names = g_strsplit (test_ifaces, ",", -1);
      trawl_capture_page_choose (self->capture_page, (const char * const *) names);
    }
  stack_page_changed (self);
  /* Once per run of the application, in its first window. */
  if (!offered)
    {
      offered = TRUE;
      offer_leftover (self);
    }
}

void
_trawl_window_capture_dispose (TrawlWindow *self)
{
  /* The helper stops by itself when its control channel closes. */
  if (self->session != NULL)
    trawl_capture_session_stop (self->session);
  g_clear_object (&self->session);
  g_clear_handle_id (&self->capture_tick_id, g_source_remove);
  g_clear_pointer (&self->capture_path, g_free);
  g_clear_pointer (&self->leftover, g_free);
  g_clear_pointer (&self->leftovers_seen, g_strfreev);
  g_clear_pointer (&self->latency, g_free);
}
