/* trawl-window-filter.c: applying a display filter to the window's capture
 *
 * The filter is compiled here (cheap), evaluated over every frame on
 * worker threads, and the resulting array of frame indices is swapped
 * into the model with one items-changed; the selected frame stays
 * selected when it still matches.
 *
 * Progress: trawl_filter_run() reports none, so the frames are handed to
 * it in chunks of TRAWL_FILTER_RUN_RANGE, one worker thread per core
 * taking the next chunk from an atomic counter (the scheme the engine
 * uses inside one call), and every finished chunk adds to an atomic
 * count of frames done.  The main thread reads that count every
 * PROGRESS_MS for the status bar and the filter entry; it never touches
 * the frames.  A filter that reads frame.time_delta_displayed depends on
 * the frames matched before it, so it runs as one call, in order, and
 * shows no fraction until it ends.
 *
 * Stopping (Esc in the entry, the stop buttons, Ctrl+.) cancels the
 * workers within a chunk; the list keeps showing what it showed.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dissect/trawl-dissect.h"
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
  guint32               chunk;      /* frames per chunk */
  guint                 n_chunks;   /* 0: one call in frame order */
  gint                  next_chunk; /* atomic */
  gint                  done;       /* atomic: frames filtered so far */
  GArray              **results;    /* per chunk, NULL until done */
  GMutex                lock;
  GError               *error;      /* the first error, under lock */
  guint                 delay_ms;   /* debug: a pause per chunk */
};

static TrawlFilterJob *
filter_job_ref (TrawlFilterJob *job)
{
  return g_atomic_rc_box_acquire (job);
}

static void
filter_job_clear (TrawlFilterJob *job)
{
  for (guint c = 0; c < job->n_chunks; c++)
    g_clear_pointer (&job->results[c], g_array_unref);
  g_free (job->results);
  g_clear_object (&job->file);
  g_clear_object (&job->model);
  g_clear_object (&job->dfilter);
  g_clear_object (&job->bpf);
  g_clear_object (&job->cancellable);
  g_clear_error (&job->error);
  g_mutex_clear (&job->lock);
}

static void
filter_job_unref (TrawlFilterJob *job)
{
  g_atomic_rc_box_release_full (job, (GDestroyNotify) filter_job_clear);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TrawlFilterJob, filter_job_unref)

/* frame.time_delta_displayed depends on the frames matched before it: such
 * a filter cannot be cut into chunks filtered apart. */
static gboolean
reads_displayed_fields (TrawlDisplayFilter *dfilter)
{
  const TrawlField *f = trawl_field_lookup ("frame.time_delta_displayed");
  const guint8 *mask;
  guint bits = 0;

  if (dfilter == NULL || f == NULL)
    return FALSE;
  if (trawl_display_filter_needs_full_tree (dfilter))
    return TRUE;  /* can't tell: stay correct */
  mask = trawl_display_filter_get_field_mask (dfilter, &bits);
  return mask == NULL || ((guint) f->id < bits && (mask[f->id >> 3] & (1u << (f->id & 7))) != 0);
}

/* ---- the worker side ---- */

static void
set_error (TrawlFilterJob *job,
           GError         *error)
{
  g_mutex_lock (&job->lock);
  if (job->error == NULL)
    job->error = error;
  else
    g_error_free (error);
  g_mutex_unlock (&job->lock);
  /* The other workers stop at their next chunk. */
  g_cancellable_cancel (job->cancellable);
}

static gpointer
chunk_worker (gpointer data)
{
  TrawlFilterJob *job = data;

  for (;;)
    {
      guint c = (guint) g_atomic_int_add (&job->next_chunk, 1);
      guint32 lo = c * job->chunk;
      GError *error = NULL;

      if (c >= job->n_chunks || g_cancellable_is_cancelled (job->cancellable))
        break;
      if (job->delay_ms > 0)
        g_usleep (job->delay_ms * 1000);
      /* One thread per call: this pool is the parallelism. */
      job->results[c] = trawl_filter_run_range (job->file, job->analysis, job->dfilter, job->bpf,
                                                lo, lo + MIN (job->chunk, job->n_frames - lo),
                                                1, job->cancellable, &error);
      if (job->results[c] == NULL)
        {
          set_error (job, error);
          break;
        }
      g_atomic_int_add (&job->done, (gint) MIN (job->chunk, job->n_frames - lo));
    }
  return NULL;
}

static GArray *
concatenate (TrawlFilterJob *job)
{
  guint total = 0;
  GArray *all;

  for (guint c = 0; c < job->n_chunks; c++)
    total += job->results[c]->len;
  all = g_array_sized_new (FALSE, FALSE, sizeof (guint32), total);
  for (guint c = 0; c < job->n_chunks; c++)
    {
      g_array_append_vals (all, job->results[c]->data, job->results[c]->len);
      /* Free as we go: the peak stays near 4 bytes per match. */
      g_clear_pointer (&job->results[c], g_array_unref);
    }
  return all;
}

static GArray *
run_in_chunks (TrawlFilterJob  *job,
               GError         **error)
{
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();
  guint n_threads = MIN (g_get_num_processors (), job->n_chunks);

  /* Threads made here inherit this thread's lowered priority. */
  for (guint t = 1; t < n_threads; t++)
    g_ptr_array_add (threads, g_thread_new ("trawl-filter", chunk_worker, job));
  chunk_worker (job);
  for (guint t = 0; t < threads->len; t++)
    g_thread_join (threads->pdata[t]);

  if (job->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&job->error));
      return NULL;
    }
  if (g_cancellable_set_error_if_cancelled (job->cancellable, error))
    return NULL;
  return concatenate (job);
}

static void
filter_thread_body (GTask          *task,
                    TrawlFilterJob *job)
{
  GError *error = NULL;
  GArray *frames;

  if (job->n_chunks > 0)
    frames = run_in_chunks (job, &error);
  else
    frames = trawl_filter_run (job->file, job->analysis, job->dfilter, job->bpf, 0,
                               job->cancellable, &error);
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
  if (job->n_chunks == 0)
    {
      /* One call in order: no count to read, only a sign of life. */
      show_progress (self, TRUE, -1.0);
      return G_SOURCE_CONTINUE;
    }
  done = (guint) g_atomic_int_get (&job->done);
  show_progress (self, TRUE, job->n_frames ? (double) done / job->n_frames : 0.0);
  trawl_application_debug_print ("filter-progress %u/%u", done, job->n_frames);
  return G_SOURCE_CONTINUE;
}

/* Forget the running filter (its workers stop at their next chunk). */
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

void
_trawl_window_cancel_filter (TrawlWindow *self)
{
  drop_job (self);
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
  gint64 before = trawl_packet_list_get_selected_frame (self->packet_list);

  trawl_packet_list_begin_swap (self->packet_list);
  trawl_packet_list_model_set_displayed (self->model, frames);
  trawl_packet_list_end_swap (self->packet_list);
  _trawl_window_update_counts (self);
  trawl_application_debug_print ("displayed %u/%u",
                                 g_list_model_get_n_items (G_LIST_MODEL (self->model)),
                                 trawl_packet_list_model_get_n_total (self->model));
  if (before >= 0)
    trawl_application_debug_print ("selected-after-filter %" G_GINT64_FORMAT,
                                   trawl_packet_list_get_selected_frame (self->packet_list) + 1);
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
  swap_displayed (self, frames);
  times = g_strdup_printf (_("%s · Filtered in %.2f s"), self->load_times ? self->load_times : "", secs);
  trawl_status_bar_set_times (self->status_bar, times);
  trawl_application_debug_print ("filter-time %.3f s", secs);
  trawl_application_debug_print ("max-stall %.1f ms", trawl_application_take_max_stall ());
}

static TrawlFilterJob *
filter_job_new (TrawlWindow  *self,
                const char   *text,
                GError      **error)
{
  g_autoptr(TrawlFilterJob) job = g_atomic_rc_box_new0 (TrawlFilterJob);

  g_mutex_init (&job->lock);
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

  job->n_frames = trawl_capture_file_get_n_frames (self->capture);
  job->chunk = TRAWL_FILTER_RUN_RANGE;
  if (!reads_displayed_fields (job->dfilter))
    job->n_chunks = (job->n_frames + job->chunk - 1) / job->chunk;
  job->results = g_new0 (GArray *, MAX (job->n_chunks, 1));
  /* Debug hook: a slow filter, for tests that look at it running. */
  if (g_getenv ("TRAWL_DEBUG_FILTER_DELAY_MS") != NULL)
    job->delay_ms = (guint) g_ascii_strtoull (g_getenv ("TRAWL_DEBUG_FILTER_DELAY_MS"), NULL, 10);
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
}
