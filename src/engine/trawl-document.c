/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-document.c: one capture, read from a file or growing live
 *
 * Loading a file is one pipeline for the window and trawl-cli: open, start
 * the analysis pass on its own thread, index on the calling thread (the
 * pass follows the index frame by frame), wait for the pass.  The window
 * runs it on a GTask thread and watches it from the main context; a live
 * capture runs the same index and pass a batch at a time as its file
 * grows.  The main context hears of progress from a timeout source that
 * reads the atomics the threads publish: no thread ever calls into it.
 */
#include "config.h"

#include <unistd.h>

#include <glib/gstdio.h>

#include "trawl-document.h"
#include "dissect/trawl-dissect.h"
#include "trawl-thread-priority.h"

/* How often the main context looks at a load (10 updates a second, as
 * the window's list) and at a live capture (latency from packet to row). */
#define LOAD_POLL_MS    100
#define CAPTURE_POLL_MS 50

/* What the feeder thread shares with its document: either may go first. */
typedef struct _Feed
{
  int       in, out;
  char     *name;
  gint      stop;    /* atomic */
  gint      done;    /* atomic */
  guint64   bytes;   /* atomic (__atomic builtins) */
  GError   *error;   /* written before done */
  char     *warning; /* likewise */
} Feed;

/* A live document's indexer thread (trawl_document_queue_update): the
 * index of what the writer appended is work proportional to the batch,
 * which a window's main context must not do. */
typedef struct _Grower
{
  GMutex            lock;
  GCond             more;
  GThread          *thread;
  TrawlCaptureFile *file;
  TrawlAnalysis    *analysis;
  gboolean          want;    /* under lock: the writer wrote more */
  gboolean          final;   /* under lock: ... and has stopped */
  gboolean          quit;    /* under lock: the document goes away */
  GError           *error;   /* under lock: the first failure */
  gint             *phase;   /* the document's, set to analysing at the end */
} Grower;

static void
feed_clear (gpointer data)
{
  Feed *feed = data;

  g_free (feed->name);
  g_clear_error (&feed->error);
  g_free (feed->warning);
}

struct _TrawlDocument
{
  GObject             parent_instance;

  char               *path;
  TrawlCaptureFile   *file;      /* set once, on the loader's thread (atomic pointer) */
  TrawlAnalysis      *analysis;  /* likewise */
  GMainContext       *context;   /* where signals and notifications go */
  GSource            *poll;

  gint                phase;     /* atomic TrawlDocumentPhase */
  gint                permille;  /* atomic: the index's progress through the file */
  gint                stopped;   /* atomic: the load was cancelled */
  gboolean            live;      /* opened growing: a live capture's file */

  /* A stream (pipe, FIFO, gzip) copied into a temporary file that grows */
  struct _Feed       *feed;
  Grower             *grower;
  gboolean            background;/* the loader runs below the UI's priority */

  /* What the main context has told its listeners. */
  TrawlDocumentPhase  phase_told;
  double              fraction_told;
  guint32             n_told;
};

enum
{
  PROP_0,
  PROP_PHASE,
  PROP_FRACTION,
  PROP_N_FRAMES,
  PROP_PATH,
  N_PROPS
};

enum
{
  FRAMES_ADDED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_ENUM_TYPE (TrawlDocumentPhase, trawl_document_phase,
  G_DEFINE_ENUM_VALUE (TRAWL_DOCUMENT_PHASE_EMPTY, "empty"),
  G_DEFINE_ENUM_VALUE (TRAWL_DOCUMENT_PHASE_INDEXING, "indexing"),
  G_DEFINE_ENUM_VALUE (TRAWL_DOCUMENT_PHASE_ANALYSING, "analysing"),
  G_DEFINE_ENUM_VALUE (TRAWL_DOCUMENT_PHASE_CAPTURING, "capturing"),
  G_DEFINE_ENUM_VALUE (TRAWL_DOCUMENT_PHASE_READY, "ready"))

G_DEFINE_FINAL_TYPE (TrawlDocument, trawl_document, G_TYPE_OBJECT)

static void stop_polling (TrawlDocument *self);
static void grower_free (Grower *grower);

static void
trawl_document_dispose (GObject *object)
{
  TrawlDocument *self = TRAWL_DOCUMENT (object);

  stop_polling (self);
  G_OBJECT_CLASS (trawl_document_parent_class)->dispose (object);
}

static void
trawl_document_finalize (GObject *object)
{
  TrawlDocument *self = TRAWL_DOCUMENT (object);

  if (self->feed != NULL)
    {
      /* A read of a silent pipe may block for ever: the thread keeps
       * its own reference and ends when the pipe says something. */
      g_atomic_int_set (&self->feed->stop, 1);
      g_atomic_rc_box_release_full (self->feed, feed_clear);
    }
  /* Before the pass it feeds. */
  g_clear_pointer (&self->grower, grower_free);
  /* Stops and joins a pass still running. */
  g_clear_pointer (&self->analysis, trawl_analysis_free);
  g_clear_object (&self->file);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self->path);

  G_OBJECT_CLASS (trawl_document_parent_class)->finalize (object);
}

static void
trawl_document_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  TrawlDocument *self = TRAWL_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_PHASE:
      g_value_set_enum (value, trawl_document_get_phase (self));
      break;
    case PROP_FRACTION:
      g_value_set_double (value, trawl_document_get_fraction (self));
      break;
    case PROP_N_FRAMES:
      g_value_set_uint (value, trawl_document_get_n_frames (self));
      break;
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trawl_document_class_init (TrawlDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = trawl_document_dispose;
  object_class->finalize = trawl_document_finalize;
  object_class->get_property = trawl_document_get_property;

  properties[PROP_PHASE] =
    g_param_spec_enum ("phase", NULL, NULL, TRAWL_TYPE_DOCUMENT_PHASE,
                       TRAWL_DOCUMENT_PHASE_EMPTY,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_FRAMES] =
    g_param_spec_uint ("n-frames", NULL, NULL, 0, G_MAXUINT32, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TrawlDocument::frames-added:
   * @first: the first new frame (0-based)
   * @n: how many
   *
   * Frames [first, first + n) may now be shown.  Emitted on the main
   * context the document was made in, at most every 50-100 ms.
   */
  signals[FRAMES_ADDED] =
    g_signal_new ("frames-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);

  trawl_dissectors_init ();
}

static void
trawl_document_init (TrawlDocument *self)
{
  self->context = g_main_context_ref_thread_default ();
}

TrawlDocument *
trawl_document_new (void)
{
  return g_object_new (TRAWL_TYPE_DOCUMENT, NULL);
}

/* ---- what the main context hears ---- */

static void
set_phase (TrawlDocument      *self,
           TrawlDocumentPhase  phase)
{
  g_atomic_int_set (&self->phase, phase);
}

/* Tell listeners what changed since they were last told.  Main context
 * only; cheap (a few atomic reads), whatever the size of the capture. */
static void
tell (TrawlDocument *self)
{
  TrawlDocumentPhase phase = trawl_document_get_phase (self);
  double fraction = trawl_document_get_fraction (self);
  guint32 n = trawl_document_get_n_frames (self);

  g_object_freeze_notify (G_OBJECT (self));
  if (n > self->n_told)
    {
      guint32 first = self->n_told;

      self->n_told = n;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_FRAMES]);
      g_signal_emit (self, signals[FRAMES_ADDED], 0, first, n - first);
    }
  if (fraction != self->fraction_told)
    {
      self->fraction_told = fraction;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
    }
  if (phase != self->phase_told)
    {
      self->phase_told = phase;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHASE]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static gboolean
poll_cb (gpointer data)
{
  TrawlDocument *self = data;

  /* A live capture whose writer stopped: the pass finishes on its own. */
  if (trawl_document_get_phase (self) == TRAWL_DOCUMENT_PHASE_ANALYSING &&
      self->file != NULL && !trawl_capture_file_is_growing (self->file) &&
      self->analysis != NULL && trawl_analysis_is_complete (self->analysis) &&
      trawl_capture_file_is_indexed (self->file))
    set_phase (self, TRAWL_DOCUMENT_PHASE_READY);
  tell (self);
  if (trawl_document_get_phase (self) == TRAWL_DOCUMENT_PHASE_READY)
    {
      self->poll = NULL;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
start_polling (TrawlDocument *self,
               guint          interval_ms)
{
  stop_polling (self);
  self->poll = g_timeout_source_new (interval_ms);
  g_source_set_callback (self->poll, poll_cb, self, NULL);
  g_source_set_static_name (self->poll, "[trawl] document");
  g_source_attach (self->poll, self->context);
  g_source_unref (self->poll);
}

static void
stop_polling (TrawlDocument *self)
{
  if (self->poll != NULL)
    {
      g_source_destroy (self->poll);
      self->poll = NULL;
    }
}

/* ---- a file, step by step ---- */

static void
index_progress (double   fraction,
                gpointer data)
{
  TrawlDocument *self = data;

  g_atomic_int_set (&self->permille, (gint) (fraction * 1000));
}

gboolean
trawl_document_open (TrawlDocument  *self,
                     const char     *path,
                     GError        **error)
{
  TrawlCaptureFile *file;

  g_return_val_if_fail (TRAWL_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (self->file == NULL, FALSE);

  if (self->path == NULL)
    self->path = g_strdup (path);
  file = trawl_capture_file_open (path, error);
  if (file == NULL)
    return FALSE;
  g_atomic_pointer_set (&self->file, file);
  set_phase (self, TRAWL_DOCUMENT_PHASE_INDEXING);
  return TRUE;
}

void
trawl_document_start_analysis (TrawlDocument *self)
{
  g_return_if_fail (TRAWL_IS_DOCUMENT (self));
  g_return_if_fail (self->file != NULL);
  g_return_if_fail (self->analysis == NULL);

  /* The pass reads every frame right behind the index: the index reads
   * through the mapping and maps the pages ahead of it (see
   * trawl_capture_file_set_index_mapped). */
  if (!trawl_capture_file_is_indexed (self->file))
    trawl_capture_file_set_index_mapped (self->file, TRUE);
  g_atomic_pointer_set (&self->analysis, trawl_analysis_start (self->file));
}

gboolean
trawl_document_index (TrawlDocument  *self,
                      GCancellable   *cancellable,
                      GError        **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (TRAWL_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (self->file != NULL, FALSE);

  /* The index looks at @cancellable every few thousand frames: a load
   * stopped before it began reads nothing. */
  if (g_cancellable_set_error_if_cancelled (cancellable, &local_error) ||
      !trawl_capture_file_index (self->file, cancellable, index_progress, self, &local_error))
    {
      /* Stopped: the frames indexed so far stay, and the pass ends with
       * them (it would otherwise wait for an index that never ends). */
      g_atomic_int_set (&self->stopped, 1);
      if (self->analysis != NULL)
        trawl_analysis_stop (self->analysis);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  set_phase (self, TRAWL_DOCUMENT_PHASE_ANALYSING);
  return TRUE;
}

void
trawl_document_wait_analysed (TrawlDocument *self,
                              guint32        n)
{
  TrawlAnalysis *analysis;

  /* Per frame in trawl-cli's output: the pointer check only. */
  g_return_if_fail (self != NULL);

  analysis = g_atomic_pointer_get (&self->analysis);
  if (analysis != NULL && (guint) g_atomic_int_get (&analysis->n_done) < n)
    trawl_analysis_wait (analysis, n);
}

/* The pass is over (complete, or stopped with the load). */
static void
finish_analysis (TrawlDocument *self)
{
  if (self->analysis != NULL)
    trawl_analysis_wait (self->analysis, G_MAXUINT32);
  set_phase (self, TRAWL_DOCUMENT_PHASE_READY);
}

gboolean
trawl_document_load (TrawlDocument  *self,
                     const char     *path,
                     GCancellable   *cancellable,
                     GError        **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (TRAWL_IS_DOCUMENT (self), FALSE);

  if (!trawl_document_open (self, path, error))
    return FALSE;
  trawl_document_start_analysis (self);
  if (!trawl_document_index (self, cancellable, &local_error) &&
      !g_error_matches (local_error, TRAWL_CAPTURE_FILE_ERROR, TRAWL_CAPTURE_FILE_ERROR_CANCELLED) &&
      !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  finish_analysis (self);
  return TRUE;
}

/* ---- a file, in the background ---- */

void
trawl_document_set_background (TrawlDocument *self,
                               gboolean       background)
{
  g_return_if_fail (TRAWL_IS_DOCUMENT (self));
  self->background = background;
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  TrawlDocument *self = source_object;
  g_autoptr(GError) error = NULL;
  int old = 0;

  /* The pass, started from here, inherits the lower priority too. */
  if (self->background)
    old = trawl_thread_priority_lower ();
  if (!trawl_document_load (self, task_data, cancellable, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
  if (self->background)
    trawl_thread_priority_restore (old);
}

void
trawl_document_load_async (TrawlDocument       *self,
                           const char          *path,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (TRAWL_IS_DOCUMENT (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (self->path == NULL);

  self->path = g_strdup (path);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATH]);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, trawl_document_load_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_set_name (task, "[trawl] load");
  /* Stopping a load keeps what was read: not an error. */
  g_task_set_check_cancellable (task, FALSE);
  start_polling (self, LOAD_POLL_MS);
  g_task_run_in_thread (task, load_thread);
}

gboolean
trawl_document_load_finish (TrawlDocument  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  g_return_val_if_fail (TRAWL_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == trawl_document_load_async, FALSE);

  /* The last word of the load, before the caller's. */
  stop_polling (self);
  if (self->file == NULL)
    set_phase (self, TRAWL_DOCUMENT_PHASE_EMPTY);
  tell (self);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- a live capture ---- */

gboolean
trawl_document_open_growing (TrawlDocument  *self,
                             const char     *path,
                             GError        **error)
{
  TrawlCaptureFile *file;

  g_return_val_if_fail (TRAWL_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (self->file == NULL, FALSE);

  file = trawl_capture_file_open_growing (path, error);
  if (file == NULL)
    return FALSE;
  self->path = g_strdup (path);
  self->live = TRUE;
  g_atomic_pointer_set (&self->file, file);
  g_atomic_pointer_set (&self->analysis, trawl_analysis_start (file));
  set_phase (self, TRAWL_DOCUMENT_PHASE_CAPTURING);
  start_polling (self, CAPTURE_POLL_MS);
  tell (self);
  return TRUE;
}

/* Index what the writer appended (@final: it has stopped) and let the
 * pass follow. */
static gboolean
grow (TrawlDocument  *self,
      gboolean        final,
      GError        **error)
{
  gboolean ok;

  g_return_val_if_fail (TRAWL_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (self->file != NULL, FALSE);
  g_return_val_if_fail (self->grower == NULL, FALSE);

  if (!trawl_capture_file_is_growing (self->file))
    return TRUE;
  ok = final ? trawl_capture_file_end_growing (self->file, error)
             : trawl_capture_file_index_more (self->file, error);
  trawl_analysis_kick (self->analysis);
  return ok;
}

gboolean
trawl_document_update (TrawlDocument  *self,
                       GError        **error)
{
  return grow (self, FALSE, error);
}

gboolean
trawl_document_end_growing (TrawlDocument  *self,
                            GError        **error)
{
  gboolean was_growing = self->file != NULL && trawl_capture_file_is_growing (self->file);
  gboolean ok = grow (self, TRUE, error);

  if (!was_growing)
    return ok;
  set_phase (self, TRAWL_DOCUMENT_PHASE_ANALYSING);
  /* The pass ends once it has seen the last frames; the poll says so
   * (a wait here would hold the main context for a batch). */
  if (self->poll == NULL)
    start_polling (self, CAPTURE_POLL_MS);
  return ok;
}

/* ---- a live capture, indexed on a thread of its own ---- */

static gpointer
grower_thread (gpointer data)
{
  Grower *g = data;

  g_mutex_lock (&g->lock);
  for (;;)
    {
      g_autoptr(GError) error = NULL;
      gboolean final, ok;

      while (!g->want && !g->quit)
        g_cond_wait (&g->more, &g->lock);
      if (g->quit)
        break;
      final = g->final;
      g->want = FALSE;
      g_mutex_unlock (&g->lock);

      ok = final ? trawl_capture_file_end_growing (g->file, &error)
                 : trawl_capture_file_index_more (g->file, &error);
      trawl_analysis_kick (g->analysis);

      g_mutex_lock (&g->lock);
      if (!ok && g->error == NULL)
        g->error = g_steal_pointer (&error);
      if (final)
        {
          /* The poll sees the pass end and says ready. */
          g_atomic_int_set (g->phase, TRAWL_DOCUMENT_PHASE_ANALYSING);
          break;
        }
    }
  g_mutex_unlock (&g->lock);
  return NULL;
}

static void
grower_free (Grower *g)
{
  g_mutex_lock (&g->lock);
  g->quit = TRUE;
  g_cond_signal (&g->more);
  g_mutex_unlock (&g->lock);
  g_thread_join (g->thread);
  g_clear_error (&g->error);
  g_object_unref (g->file);
  g_mutex_clear (&g->lock);
  g_cond_clear (&g->more);
  g_free (g);
}

static void
grower_request (TrawlDocument *self,
                gboolean       final)
{
  Grower *g = self->grower;

  if (g == NULL)
    {
      g = self->grower = g_new0 (Grower, 1);
      g_mutex_init (&g->lock);
      g_cond_init (&g->more);
      g->file = g_object_ref (self->file);
      g->analysis = self->analysis;
      g->phase = &self->phase;
      g->thread = g_thread_new ("trawl-grow", grower_thread, g);
    }
  g_mutex_lock (&g->lock);
  g->want = TRUE;
  g->final |= final;
  g_cond_signal (&g->more);
  g_mutex_unlock (&g->lock);
}

/**
 * trawl_document_queue_update:
 *
 * As trawl_document_update (), on the document's own thread: returns at
 * once, and requests that come while one runs are served by one walk.
 * A failure is told by trawl_document_get_warning ().
 */
void
trawl_document_queue_update (TrawlDocument *self)
{
  g_return_if_fail (TRAWL_IS_DOCUMENT (self));
  g_return_if_fail (self->live);

  if (trawl_capture_file_is_growing (self->file))
    grower_request (self, FALSE);
}

/**
 * trawl_document_queue_end:
 *
 * As trawl_document_end_growing (), on the document's own thread: the
 * phase moves to analysing once the last records are indexed, then to
 * ready when the pass has seen them.
 */
void
trawl_document_queue_end (TrawlDocument *self)
{
  g_return_if_fail (TRAWL_IS_DOCUMENT (self));
  g_return_if_fail (self->live);

  if (!trawl_capture_file_is_growing (self->file))
    return;
  grower_request (self, TRUE);
  if (self->poll == NULL)
    start_polling (self, CAPTURE_POLL_MS);
}

/* ---- a stream ---- */

static gpointer
feed_thread (gpointer data)
{
  Feed *feed = data;

  trawl_capture_stream_feed (feed->in, feed->out, feed->name, &feed->stop,
                             &feed->bytes, &feed->warning, &feed->error);
  if (feed->in > 2)
    close (feed->in);
  close (feed->out);
  g_atomic_int_set (&feed->done, 1);
  g_atomic_rc_box_release_full (feed, feed_clear);
  return NULL;
}

/**
 * trawl_document_open_stream:
 * @fd: a pipe, FIFO, stdin or gzip file, owned by the document from now
 *   (stdin is not closed)
 *
 * Reads @fd as it comes: a thread copies it (inflating gzip) into an
 * unlinked temporary file that the document follows as a growing file.
 * Call trawl_document_update () now and then; once
 * trawl_document_stream_is_done (), trawl_document_end_growing ().
 */
gboolean
trawl_document_open_stream (TrawlDocument  *self,
                            int             fd,
                            const char     *display_name,
                            GError        **error)
{
  g_autofree char *tmp = NULL;
  g_autoptr(GError) local_error = NULL;
  int out;

  g_return_val_if_fail (TRAWL_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (fd >= 0, FALSE);
  g_return_val_if_fail (self->file == NULL, FALSE);

  out = g_file_open_tmp ("trawl-XXXXXX.stream", &tmp, &local_error);
  if (out < 0)
    {
      g_set_error (error, TRAWL_CAPTURE_FILE_ERROR, TRAWL_CAPTURE_FILE_ERROR_NOT_FOUND,
                   "could not read ‘%s’: %s", display_name, local_error->message);
      if (fd > 2)
        close (fd);
      return FALSE;
    }
  if (!trawl_document_open_growing (self, tmp, error))
    {
      g_unlink (tmp);
      close (out);
      if (fd > 2)
        close (fd);
      return FALSE;
    }
  /* The growing file holds its own descriptor: nobody needs the name. */
  g_unlink (tmp);
  g_free (self->path);
  self->path = g_strdup (display_name);
  self->feed = g_atomic_rc_box_new0 (Feed);
  self->feed->in = fd;
  self->feed->out = out;
  self->feed->name = g_strdup (display_name);
  /* One reference for the thread, one for the document. */
  g_thread_unref (g_thread_new ("trawl-feed", feed_thread, g_atomic_rc_box_acquire (self->feed)));
  return TRUE;
}

gboolean
trawl_document_stream_is_done (TrawlDocument  *self,
                               GError        **error)
{
  g_return_val_if_fail (TRAWL_IS_DOCUMENT (self), TRUE);

  if (self->feed == NULL)
    return TRUE;
  if (!g_atomic_int_get (&self->feed->done))
    return FALSE;
  if (self->feed->error != NULL && error != NULL)
    *error = g_error_copy (self->feed->error);
  return TRUE;
}

void
trawl_document_stop_stream (TrawlDocument *self)
{
  g_return_if_fail (TRAWL_IS_DOCUMENT (self));
  if (self->feed != NULL)
    g_atomic_int_set (&self->feed->stop, 1);
}

const char *
trawl_document_get_stream_warning (TrawlDocument *self)
{
  g_return_val_if_fail (TRAWL_IS_DOCUMENT (self), NULL);
  if (self->feed == NULL || !g_atomic_int_get (&self->feed->done))
    return NULL;
  return self->feed->warning;
}

/* ---- state ---- */

TrawlDocumentPhase
trawl_document_get_phase (TrawlDocument *self)
{
  g_return_val_if_fail (TRAWL_IS_DOCUMENT (self), TRAWL_DOCUMENT_PHASE_EMPTY);
  return g_atomic_int_get (&self->phase);
}

double
trawl_document_get_fraction (TrawlDocument *self)
{
  TrawlCaptureFile *file;
  guint32 n;

  g_return_val_if_fail (TRAWL_IS_DOCUMENT (self), 0.0);

  switch (trawl_document_get_phase (self))
    {
    case TRAWL_DOCUMENT_PHASE_INDEXING:
      return CLAMP (g_atomic_int_get (&self->permille) / 1000.0, 0.0, 1.0);
    case TRAWL_DOCUMENT_PHASE_ANALYSING:
      file = g_atomic_pointer_get (&self->file);
      n = file != NULL ? trawl_capture_file_get_n_frames (file) : 0;
      if (n == 0 || self->analysis == NULL || trawl_analysis_is_complete (self->analysis))
        return 1.0;
      return MIN (1.0, (double) trawl_analysis_get_n_done (self->analysis) / n);
    case TRAWL_DOCUMENT_PHASE_READY:
      return 1.0;
    case TRAWL_DOCUMENT_PHASE_EMPTY:
    case TRAWL_DOCUMENT_PHASE_CAPTURING:
    default:
      return 0.0;
    }
}

guint32
trawl_document_get_n_frames (TrawlDocument *self)
{
  TrawlCaptureFile *file;
  TrawlAnalysis *analysis;
  guint32 n;

  g_return_val_if_fail (TRAWL_IS_DOCUMENT (self), 0);

  file = g_atomic_pointer_get (&self->file);
  if (file == NULL)
    return 0;
  n = trawl_capture_file_get_n_frames (file);
  /* A live capture shows what the pass has seen: a row's stream, its
   * relative sequence numbers, are known when it appears. */
  analysis = g_atomic_pointer_get (&self->analysis);
  if (self->live && analysis != NULL && !trawl_analysis_is_complete (analysis))
    n = MIN (n, trawl_analysis_get_n_done (analysis));
  return n;
}

const char *
trawl_document_get_path (TrawlDocument *self)
{
  g_return_val_if_fail (TRAWL_IS_DOCUMENT (self), NULL);
  return self->path;
}

TrawlCaptureFile *
trawl_document_get_file (TrawlDocument *self)
{
  g_return_val_if_fail (TRAWL_IS_DOCUMENT (self), NULL);
  return g_atomic_pointer_get (&self->file);
}

TrawlAnalysis *
trawl_document_get_analysis (TrawlDocument *self)
{
  g_return_val_if_fail (TRAWL_IS_DOCUMENT (self), NULL);
  return g_atomic_pointer_get (&self->analysis);
}

gboolean
trawl_document_is_analysed (TrawlDocument *self)
{
  TrawlAnalysis *analysis;

  g_return_val_if_fail (TRAWL_IS_DOCUMENT (self), FALSE);
  analysis = g_atomic_pointer_get (&self->analysis);
  return analysis != NULL && trawl_analysis_is_complete (analysis);
}

gboolean
trawl_document_was_stopped (TrawlDocument *self)
{
  g_return_val_if_fail (TRAWL_IS_DOCUMENT (self), FALSE);
  return g_atomic_int_get (&self->stopped) != 0;
}

const char *
trawl_document_get_warning (TrawlDocument *self)
{
  TrawlCaptureFile *file;

  g_return_val_if_fail (TRAWL_IS_DOCUMENT (self), NULL);
  if (self->grower != NULL)
    {
      const char *message = NULL;

      g_mutex_lock (&self->grower->lock);
      if (self->grower->error != NULL)
        message = self->grower->error->message;
      g_mutex_unlock (&self->grower->lock);
      /* Set once and kept until the document goes. */
      if (message != NULL)
        return message;
    }
  file = g_atomic_pointer_get (&self->file);
  return file != NULL ? trawl_capture_file_get_warning (file) : NULL;
}

/* ---- dissection ---- */

void
trawl_document_fill (TrawlDocument             *self,
                     guint32                    frame,
                     const TrawlDissectOptions *opts,
                     TrawlPacket               *pkt)
{
  TrawlAnalysis *analysis = self->analysis;

  /* Per frame: the pointer checks only (as the capture file's). */
  g_return_if_fail (self != NULL);
  g_return_if_fail (opts != NULL);

  trawl_capture_file_fill_packet (self->file, frame, pkt);
  /* A frame the pass has not reached yet is shown without it (its
   * records are being written); views dissect it again once it has. */
  if (analysis != NULL && !trawl_analysis_is_complete (analysis) &&
      frame >= trawl_analysis_get_n_done (analysis))
    analysis = NULL;
  pkt->analysis = analysis;
  trawl_packet_set_options (pkt, opts);
  trawl_dissect_frame (pkt);
}

TrawlDissection *
trawl_document_dissect (TrawlDocument             *self,
                        guint32                    frame,
                        const TrawlDissectOptions *opts)
{
  TrawlDissection *dissection;

  g_return_val_if_fail (TRAWL_IS_DOCUMENT (self), NULL);
  g_return_val_if_fail (self->file != NULL, NULL);
  g_return_val_if_fail (frame < trawl_capture_file_get_n_frames (self->file), NULL);

  dissection = trawl_dissection_new (self);
  trawl_document_fill (self, frame, opts, trawl_dissection_get_packet (dissection));
  trawl_dissection_set_frame (dissection, frame);
  return dissection;
}
