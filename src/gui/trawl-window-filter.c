/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-window-filter.c: applying a display filter to the window's capture
 *
 * The filter is compiled here (cheap), evaluated over every frame on
 * worker threads, and the resulting array of frame indices is swapped
 * into the model with one items-changed; the selected frame stays
 * selected when it still matches.
 *
 * Progress: the engine adds the frames of every range it has filtered
 * to an atomic count (trawl_filter_run_range), which the main thread
 * reads every PROGRESS_MS for the status bar and the filter entry; it
 * never touches the frames.
 *
 * Stopping (Esc in the entry, the stop buttons, Ctrl+.) cancels the
 * workers within a range; the list keeps showing what it showed.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "filter/trawl-filter-run.h"
#include "trawl-application.h"
#include "trawl-thread-priority.h"
#include "trawl-window-private.h"

/* The status bar moves ten times a second, as Wireshark's does. */
#define PROGRESS_MS 100

struct _TrawlFilterJob
{
  TrawlCaptureFile     *file;
  TrawlAnalysis        *analysis;   /* owned by the model, which the job holds */
  TrawlPacketListModel *model;
  TrawlDisplayFilter   *dfilter;
  TrawlBpfFilter       *bpf;
  GCancellable         *cancellable;
  gint64                start;      /* monotonic time it was applied */

  guint32               n_frames;
  gint                  done;       /* atomic: frames filtered so far */
};

static TrawlFilterJob *
filter_job_ref (TrawlFilterJob *job)
{
  return g_atomic_rc_box_acquire (job);
}

static void
filter_job_clear (TrawlFilterJob *job)
{
  g_clear_object (&job->file);
  g_clear_object (&job->model);
  g_clear_object (&job->dfilter);
  g_clear_object (&job->bpf);
  g_clear_object (&job->cancellable);
}

static void
filter_job_unref (TrawlFilterJob *job)
{
  g_atomic_rc_box_release_full (job, (GDestroyNotify) filter_job_clear);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TrawlFilterJob, filter_job_unref)

static void
filter_thread_body (GTask          *task,
                    TrawlFilterJob *job)
{
  GError *error = NULL;
  GArray *frames;

  frames = trawl_filter_run_range (job->file, job->analysis, job->dfilter, job->bpf,
                                   0, job->n_frames, 0, &job->done, job->cancellable, &error);
  if (frames == NULL)
    {
      if (error == NULL)
        error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");
      g_task_return_error (task, error);
      return;
    }
  g_atomic_int_set (&job->done, (gint) job->n_frames);
  g_task_return_pointer (task, frames, (GDestroyNotify) g_array_unref);
}

/* The job runs below the UI thread's priority (trawl-thread-priority.h). */
static void
filter_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  int old = trawl_thread_priority_lower ();

  filter_thread_body (task, task_data);
  trawl_thread_priority_restore (old);
}

/* ---- the main thread ---- */

gboolean
_trawl_window_is_filtering (TrawlWindow *self)
{
  return self->filter != NULL;
}

static void
show_progress (TrawlWindow *self,
               gboolean     running,
               double       fraction)
{
  trawl_filter_bar_set_busy (self->filter_bar, running);
  trawl_filter_bar_set_progress (self->filter_bar, running ? fraction : 0.0);
  trawl_status_bar_set_progress (self->status_bar, running ? _("Filtering…") : NULL, fraction);
}

static gboolean
poll_progress (gpointer data)
{
  TrawlWindow *self = data;
  TrawlFilterJob *job = self->filter;
  guint done;

  if (job == NULL)
    return G_SOURCE_CONTINUE;
  done = (guint) g_atomic_int_get (&job->done);
  show_progress (self, TRUE, job->n_frames ? (double) done / job->n_frames : 0.0);
  trawl_application_debug_print ("filter-progress %u/%u", done, job->n_frames);
  return G_SOURCE_CONTINUE;
}

/* Forget the running filter (its workers stop at their next range). */
static void
drop_job (TrawlWindow *self)
{
  if (self->filter != NULL)
    g_cancellable_cancel (self->filter->cancellable);
  g_clear_pointer (&self->filter, filter_job_unref);
  g_clear_handle_id (&self->filter_poll_id, g_source_remove);
  show_progress (self, FALSE, 0.0);
  _trawl_window_update_actions (self);
}

/* ---- a live capture's new frames ----
 *
 * A filtered view of a growing document takes the frames that arrive:
 * ten times a second the frames analysed since the last batch go through
 * the applied filter on a worker, and the matches are appended to the
 * displayed set (no snapshot, no re-run over what was filtered). */

typedef struct
{
  TrawlWindow          *self;
  TrawlPacketListModel *model;
  TrawlCaptureFile     *file;
  TrawlAnalysis        *analysis;
  TrawlDisplayFilter   *dfilter;
  TrawlBpfFilter       *bpf;
  GCancellable         *cancellable;
  guint32               first, end;
  guint                 serial;
  gint                  done;
} GrowJob;

static void
grow_job_free (GrowJob *job)
{
  g_clear_object (&job->self);
  g_clear_object (&job->model);
  g_clear_object (&job->file);
  g_clear_object (&job->dfilter);
  g_clear_object (&job->bpf);
  g_clear_object (&job->cancellable);
  g_free (job);
}

static void
forget_live_filter (TrawlWindow *self)
{
  if (self->live_cancellable != NULL)
    g_cancellable_cancel (self->live_cancellable);
  g_clear_object (&self->live_cancellable);
  g_clear_object (&self->live_dfilter);
  g_clear_object (&self->live_bpf);
  self->live_filtered = 0;
  self->live_serial++;
}

static void
grow_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GrowJob *job = task_data;
  GError *error = NULL;
  GArray *frames;
  int old = trawl_thread_priority_lower ();

  frames = trawl_filter_run_range (job->file, job->analysis, job->dfilter, job->bpf,
                                   job->first, job->end, 1, &job->done, cancellable, &error);
  trawl_thread_priority_restore (old);
  if (frames == NULL)
    g_task_return_error (task, error ? error : g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled"));
  else
    g_task_return_pointer (task, frames, (GDestroyNotify) g_array_unref);
}

static void
grow_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GrowJob *job = g_task_get_task_data (G_TASK (result));
  TrawlWindow *self = job->self;
  g_autoptr(GArray) frames = g_task_propagate_pointer (G_TASK (result), NULL);

  if (job->serial != self->live_serial || job->model != self->model)
    return;
  g_clear_object (&self->live_cancellable);
  /* Taken: the next batch starts after them.  Not now (a swap or sort on
   * its way): the same frames go again next time. */
  if (frames != NULL && trawl_packet_list_append_frames (self->packet_list, (const guint32 *) frames->data, frames->len))
    {
      self->live_filtered = job->end;
      if (frames->len > 0)
        {
          /* A filtered capture's first rows come this way, not by the poll. */
          if (!self->got_rows)
            {
              self->got_rows = TRUE;
              self->rows_unpainted = TRUE;
            }
          _trawl_window_update_counts (self);
        }
      trawl_application_debug_print ("live-filtered %u matched=%u displayed=%u/%u", job->end, frames->len,
                                     trawl_packet_list_model_get_n_rows (self->model),
                                     trawl_packet_list_model_get_n_total (self->model));
    }
}

void
_trawl_window_filter_grow (TrawlWindow *self)
{
  g_autoptr(GTask) task = NULL;
  GrowJob *job;
  guint32 n;

  if (self->model == NULL || self->filter != NULL || self->live_cancellable != NULL ||
      (self->live_dfilter == NULL && self->live_bpf == NULL) ||
      !trawl_packet_list_model_is_filtered (self->model))
    return;
  n = trawl_document_get_n_frames (self->doc);
  if (n <= self->live_filtered)
    return;

  job = g_new0 (GrowJob, 1);
  job->self = g_object_ref (self);
  job->model = g_object_ref (self->model);
  job->file = g_object_ref (self->capture);
  job->analysis = trawl_packet_list_model_get_analysis (self->model);
  job->dfilter = self->live_dfilter ? g_object_ref (self->live_dfilter) : NULL;
  job->bpf = self->live_bpf ? g_object_ref (self->live_bpf) : NULL;
  job->first = self->live_filtered;
  job->end = n;
  job->serial = self->live_serial;
  job->cancellable = g_cancellable_new ();
  self->live_cancellable = g_object_ref (job->cancellable);
  task = g_task_new (NULL, job->cancellable, grow_done, NULL);
  g_task_set_source_tag (task, _trawl_window_filter_grow);
  g_task_set_task_data (task, job, (GDestroyNotify) grow_job_free);
  g_task_run_in_thread (task, grow_thread);
}

/* TRUE while frames of the document are not through the applied filter. */
gboolean
_trawl_window_filter_growing (TrawlWindow *self)
{
  if (self->filter != NULL)
    return TRUE;
  if (self->model == NULL || !trawl_packet_list_model_is_filtered (self->model) ||
      (self->live_dfilter == NULL && self->live_bpf == NULL))
    return FALSE;
  return self->live_cancellable != NULL || self->live_filtered < trawl_document_get_n_frames (self->doc);
}

void
_trawl_window_cancel_filter (TrawlWindow *self)
{
  drop_job (self);
  forget_live_filter (self);
}

void
_trawl_window_stop_filter (TrawlWindow *self)
{
  if (self->filter == NULL)
    return;
  drop_job (self);
  _trawl_window_toast (self, _("Filtering stopped: the list shows what it showed before"));
  trawl_application_debug_print ("filter-stopped");
}

static void
swap_displayed (TrawlWindow *self,
                GArray      *frames)
{
  self->swap_before = trawl_packet_list_get_selected_frame (self->packet_list);
  trawl_packet_list_show_frames (self->packet_list, frames);
}

/* The list shows the new set (trawl_packet_list_show_frames). */
void
_trawl_window_frames_shown (TrawlWindow *self)
{
  _trawl_window_update_counts (self);
  trawl_application_debug_print ("displayed %u/%u",
                                 trawl_packet_list_model_get_n_rows (self->model),
                                 trawl_packet_list_model_get_n_total (self->model));
  if (self->swap_before >= 0)
    trawl_application_debug_print ("selected-after-filter %" G_GINT64_FORMAT,
                                   trawl_packet_list_get_selected_frame (self->packet_list) + 1);
}

static void
report_filter_stall (gpointer data)
{
  trawl_application_debug_print ("filter-max-stall %.1f ms", trawl_application_take_max_stall ());
}

static void
filter_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(TrawlWindow) self = user_data;
  TrawlFilterJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *times = NULL;
  GArray *frames;
  double secs;

  /* Stopped, replaced by a newer filter, or another document. */
  if (job != self->filter || job->model != self->model)
    return;
  frames = g_task_propagate_pointer (G_TASK (result), &error);
  drop_job (self);
  if (frames == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _trawl_window_toast (self, error->message);
      return;
    }
  secs = (g_get_monotonic_time () - job->start) / 1e6;
  g_set_object (&self->live_dfilter, job->dfilter);
  g_set_object (&self->live_bpf, job->bpf);
  self->live_filtered = job->n_frames;
  swap_displayed (self, frames);
  times = g_strdup_printf (_("%s · Filtered in %.2f s"), self->load_times ? self->load_times : "", secs);
  trawl_status_bar_set_times (self->status_bar, times);
  trawl_application_debug_print ("filter-time %.3f s", secs);
  /* The longest stall of the filter, swap included: its tick comes
   * after this returns, and the frame that shows the new rows after. */
  if (trawl_application_debug_stdout ())
    g_timeout_add_once (250, report_filter_stall, NULL);
}

static TrawlFilterJob *
filter_job_new (TrawlWindow  *self,
                const char   *text,
                GError      **error)
{
  g_autoptr(TrawlFilterJob) job = g_atomic_rc_box_new0 (TrawlFilterJob);

  job->file = g_object_ref (self->capture);
  job->model = g_object_ref (self->model);
  job->analysis = trawl_packet_list_model_get_analysis (self->model);
  job->cancellable = g_cancellable_new ();
  job->start = g_get_monotonic_time ();
  if (g_str_has_prefix (text, TRAWL_BPF_PREFIX))
    job->bpf = trawl_bpf_filter_new (text + strlen (TRAWL_BPF_PREFIX), error);
  else
    job->dfilter = trawl_display_filter_new (text, NULL, error);
  if (job->bpf == NULL && job->dfilter == NULL)
    return NULL;

  /* A live capture's document shows the frames its analysis has seen:
   * the rest come through _trawl_window_filter_grow (). */
  job->n_frames = trawl_document_get_n_frames (self->doc);
  return g_steal_pointer (&job);
}

void
_trawl_window_apply_filter (TrawlWindow *self,
                            const char  *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  TrawlFilterJob *job;

  if (self->model == NULL)
    return;
  if (self->load != NULL)
    {
      /* Filters need the analysis pass (tcp.stream, relative seq). */
      g_free (self->pending_filter);
      self->pending_filter = g_strdup (text);
      _trawl_window_toast (self, _("The filter will be applied when the file is loaded"));
      return;
    }

  drop_job (self);
  forget_live_filter (self);
  trawl_filter_bar_add_recent (self->filter_bar, text);

  if (text == NULL || *text == '\0')
    {
      if (trawl_packet_list_model_is_filtered (self->model))
        swap_displayed (self, NULL);
      trawl_status_bar_set_times (self->status_bar, self->load_times);
      return;
    }

  job = filter_job_new (self, text, &error);
  if (job == NULL)
    {
      _trawl_window_toast (self, error->message);
      return;
    }

  self->filter = job;
  self->filter_poll_id = g_timeout_add (PROGRESS_MS, poll_progress, self);
  show_progress (self, TRUE, 0.0);
  _trawl_window_update_actions (self);
  task = g_task_new (self, job->cancellable, filter_done, g_object_ref (self));
  g_task_set_source_tag (task, _trawl_window_apply_filter);
  g_task_set_task_data (task, filter_job_ref (job), (GDestroyNotify) filter_job_unref);
  g_task_run_in_thread (task, filter_thread);
}

static void
filter_bar_apply (TrawlFilterBar *bar,
                  const char     *text,
                  TrawlWindow    *self)
{
  _trawl_window_apply_filter (self, text);
}

static void
filter_bar_stop (TrawlFilterBar *bar,
                 TrawlWindow    *self)
{
  _trawl_window_stop_filter (self);
}

void
_trawl_window_filter_init (TrawlWindow *self)
{
  g_signal_connect (self->filter_bar, "apply", G_CALLBACK (filter_bar_apply), self);
  g_signal_connect (self->filter_bar, "stop", G_CALLBACK (filter_bar_stop), self);
  g_signal_connect_swapped (self->packet_list, "frames-shown", G_CALLBACK (_trawl_window_frames_shown), self);
}
