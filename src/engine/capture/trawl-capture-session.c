/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-capture-session.c: starting trawl-capture and listening to it
 *
 * Three things must end before a session is over: the control channel
 * reaches EOF (the helper closed it, after 'X'), the child is reaped, and
 * its stderr is read to the end (for the message of an early refusal).
 * Each calls op_done(); the last one finishes the session.  Async calls
 * do not hold a reference on the session: dispose cancels them, and
 * dropping the last reference of a running session closes the control
 * channel, which stops the helper.
 */
#include "config.h"

#include "trawl-capture-session.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "trawl-capture-protocol.h"

#define N_END_OPS        3
#define STOP_GRACE_MS    5000
#define STDERR_MAX       4096

struct _TrawlCaptureSession
{
  GObject              parent_instance;

  /* options */
  GStrv                interfaces;
  char                *filter;
  guint                snaplen;
  gboolean             promiscuous;
  guint                buffer_mib;
  guint64              autostop_packets;
  guint                autostop_seconds;
  guint64              autostop_kb;
  char                *output_path;
  gboolean             use_pkexec;

  /* the running helper */
  TrawlCaptureState    state;
  TrawlCaptureRoute    route;
  GSubprocess         *proc;
  int                  control_fd;
  GSource             *control_source;
  TrawlCaptureDecoder *decoder;
  GOutputStream       *stderr_buf;
  GCancellable        *cancellable;
  GTask               *start_task;
  guint                pending_ops;
  guint                kill_id;
  GError              *protocol_error;

  /* what it said */
  GArray              *ifaces;     /* TrawlCaptureStartedIf */
  GArray              *counters;   /* TrawlCaptureIfCounters */
  guint64              packets;
  guint64              filesize;
  char                *error_text;
  char                *stop_reason;
};

G_DEFINE_FINAL_TYPE (TrawlCaptureSession, trawl_capture_session, G_TYPE_OBJECT)

enum
{
  SIGNAL_STARTED,
  SIGNAL_PROGRESS,
  SIGNAL_STOPPED,
  SIGNAL_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
close_control (TrawlCaptureSession *self)
{
  if (self->control_source != NULL)
    {
      g_source_destroy (self->control_source);
      g_clear_pointer (&self->control_source, g_source_unref);
    }
  if (self->control_fd >= 0)
    {
      close (self->control_fd);
      self->control_fd = -1;
    }
}

static void
trawl_capture_session_dispose (GObject *object)
{
  TrawlCaptureSession *self = TRAWL_CAPTURE_SESSION (object);

  /* Closing the control channel stops a running helper. */
  g_cancellable_cancel (self->cancellable);
  close_control (self);
  g_clear_handle_id (&self->kill_id, g_source_remove);
  g_clear_object (&self->proc);
  g_clear_object (&self->stderr_buf);
  if (self->start_task != NULL)
    {
      GTask *task = g_steal_pointer (&self->start_task);

      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "capture session destroyed");
      g_object_unref (task);
    }
  G_OBJECT_CLASS (trawl_capture_session_parent_class)->dispose (object);
}

static void
trawl_capture_session_finalize (GObject *object)
{
  TrawlCaptureSession *self = TRAWL_CAPTURE_SESSION (object);

  g_strfreev (self->interfaces);
  g_free (self->filter);
  g_free (self->output_path);
  g_clear_pointer (&self->decoder, trawl_capture_decoder_free);
  g_clear_object (&self->cancellable);
  g_clear_error (&self->protocol_error);
  g_array_unref (self->ifaces);
  g_array_unref (self->counters);
  g_free (self->error_text);
  g_free (self->stop_reason);
  G_OBJECT_CLASS (trawl_capture_session_parent_class)->finalize (object);
}

static void
trawl_capture_session_class_init (TrawlCaptureSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = trawl_capture_session_dispose;
  object_class->finalize = trawl_capture_session_finalize;

  signals[SIGNAL_STARTED] =
    g_signal_new ("started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT64, G_TYPE_UINT64);
  signals[SIGNAL_STOPPED] =
    g_signal_new ("stopped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
trawl_capture_session_init (TrawlCaptureSession *self)
{
  self->promiscuous = TRUE;
  self->control_fd = -1;
  self->cancellable = g_cancellable_new ();
  self->ifaces = g_array_new (FALSE, TRUE, sizeof (TrawlCaptureStartedIf));
  self->counters = g_array_new (FALSE, TRUE, sizeof (TrawlCaptureIfCounters));
}

TrawlCaptureSession *
trawl_capture_session_new (void)
{
  return g_object_new (TRAWL_TYPE_CAPTURE_SESSION, NULL);
}

/* ---- options ---- */

#define RETURN_IF_STARTED(self) \
  g_return_if_fail (TRAWL_IS_CAPTURE_SESSION (self)); \
  g_return_if_fail ((self)->state == TRAWL_CAPTURE_STATE_IDLE)

void
trawl_capture_session_set_interfaces (TrawlCaptureSession *self,
                                      const char * const  *names)
{
  RETURN_IF_STARTED (self);
  g_strfreev (self->interfaces);
  self->interfaces = g_strdupv ((char **) names);
}

void
trawl_capture_session_set_filter (TrawlCaptureSession *self,
                                  const char          *filter)
{
  RETURN_IF_STARTED (self);
  g_free (self->filter);
  self->filter = (filter && *filter) ? g_strdup (filter) : NULL;
}

void
trawl_capture_session_set_snaplen (TrawlCaptureSession *self,
                                   guint                snaplen)
{
  RETURN_IF_STARTED (self);
  self->snaplen = snaplen;
}

void
trawl_capture_session_set_promiscuous (TrawlCaptureSession *self,
                                       gboolean             promiscuous)
{
  RETURN_IF_STARTED (self);
  self->promiscuous = !!promiscuous;
}

void
trawl_capture_session_set_buffer_mib (TrawlCaptureSession *self,
                                      guint                mib)
{
  RETURN_IF_STARTED (self);
  self->buffer_mib = mib;
}

void
trawl_capture_session_set_autostop (TrawlCaptureSession *self,
                                    guint64              packets,
                                    guint                seconds,
                                    guint64              kilobytes)
{
  RETURN_IF_STARTED (self);
  self->autostop_packets = packets;
  self->autostop_seconds = seconds;
  self->autostop_kb = kilobytes;
}

void
trawl_capture_session_set_output_path (TrawlCaptureSession *self,
                                       const char          *path)
{
  RETURN_IF_STARTED (self);
  g_free (self->output_path);
  self->output_path = g_strdup (path);
}

void
trawl_capture_session_set_use_pkexec (TrawlCaptureSession *self,
                                      gboolean             use_pkexec)
{
  RETURN_IF_STARTED (self);
  self->use_pkexec = !!use_pkexec;
}

/* ---- getters ---- */

TrawlCaptureState
trawl_capture_session_get_state (TrawlCaptureSession *self)
{
  g_return_val_if_fail (TRAWL_IS_CAPTURE_SESSION (self), TRAWL_CAPTURE_STATE_IDLE);
  return self->state;
}

TrawlCaptureRoute
trawl_capture_session_get_route (TrawlCaptureSession *self)
{
  g_return_val_if_fail (TRAWL_IS_CAPTURE_SESSION (self), TRAWL_CAPTURE_ROUTE_DIRECT);
  return self->route;
}

const char *
trawl_capture_session_get_output_path (TrawlCaptureSession *self)
{
  g_return_val_if_fail (TRAWL_IS_CAPTURE_SESSION (self), NULL);
  return self->output_path;
}

guint64
trawl_capture_session_get_packets (TrawlCaptureSession *self)
{
  g_return_val_if_fail (TRAWL_IS_CAPTURE_SESSION (self), 0);
  return self->packets;
}

guint64
trawl_capture_session_get_filesize (TrawlCaptureSession *self)
{
  g_return_val_if_fail (TRAWL_IS_CAPTURE_SESSION (self), 0);
  return self->filesize;
}

const char *
trawl_capture_session_get_stop_reason (TrawlCaptureSession *self)
{
  g_return_val_if_fail (TRAWL_IS_CAPTURE_SESSION (self), NULL);
  return self->stop_reason;
}

guint
trawl_capture_session_get_n_interfaces (TrawlCaptureSession *self)
{
  g_return_val_if_fail (TRAWL_IS_CAPTURE_SESSION (self), 0);
  return self->ifaces->len;
}

const char *
trawl_capture_session_get_interface_name (TrawlCaptureSession *self,
                                          guint                index)
{
  g_return_val_if_fail (TRAWL_IS_CAPTURE_SESSION (self), NULL);
  if (index >= self->ifaces->len)
    return NULL;
  return g_array_index (self->ifaces, TrawlCaptureStartedIf, index).name;
}

guint32
trawl_capture_session_get_interface_linktype (TrawlCaptureSession *self,
                                              guint                index)
{
  g_return_val_if_fail (TRAWL_IS_CAPTURE_SESSION (self), 0);
  if (index >= self->ifaces->len)
    return 0;
  return g_array_index (self->ifaces, TrawlCaptureStartedIf, index).linktype;
}

gboolean
trawl_capture_session_get_interface_counters (TrawlCaptureSession *self,
                                              guint                index,
                                              guint64             *received,
                                              guint64             *dropped,
                                              guint64             *if_dropped)
{
  const TrawlCaptureIfCounters *c;

  g_return_val_if_fail (TRAWL_IS_CAPTURE_SESSION (self), FALSE);
  if (index >= self->counters->len)
    return FALSE;
  c = &g_array_index (self->counters, TrawlCaptureIfCounters, index);
  if (received)
    *received = c->recv;
  if (dropped)
    *dropped = c->drop;
  if (if_dropped)
    *if_dropped = c->ifdrop;
  return TRUE;
}

/* ---- the end of a session ---- */

static char *
stderr_text (TrawlCaptureSession *self)
{
  GMemoryOutputStream *mem = G_MEMORY_OUTPUT_STREAM (self->stderr_buf);
  gsize len = mem ? g_memory_output_stream_get_data_size (mem) : 0;
  g_autofree char *text = len ? g_strndup (g_memory_output_stream_get_data (mem), len) : NULL;
  const char *prefix = "trawl-capture: ";

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return NULL;
  g_strstrip (text);
  if (g_str_has_prefix (text, prefix))
    return g_strdup (text + strlen (prefix));
  return g_steal_pointer (&text);
}

/* The error of a helper that exited before ::started. */
static GError *
start_error (TrawlCaptureSession *self)
{
  g_autofree char *err = stderr_text (self);
  const char *text = self->error_text ? self->error_text : err;
  int status = -1;

  if (g_subprocess_get_if_exited (self->proc))
    status = g_subprocess_get_exit_status (self->proc);
  if (self->protocol_error)
    return g_error_new (TRAWL_CAPTURE_ERROR, TRAWL_CAPTURE_ERROR_PROTOCOL,
                        _("The capture helper sent garbage: %s"), self->protocol_error->message);
  if (self->route == TRAWL_CAPTURE_ROUTE_PKEXEC && status == 126)
    return g_error_new_literal (TRAWL_CAPTURE_ERROR, TRAWL_CAPTURE_ERROR_DISMISSED,
                                _("Authentication was dismissed."));
  if (self->route == TRAWL_CAPTURE_ROUTE_PKEXEC && status == 127)
    return g_error_new_literal (TRAWL_CAPTURE_ERROR, TRAWL_CAPTURE_ERROR_NOT_AUTHORIZED,
                                _("Not authorized to capture (polkit refused, or pkexec could not run the helper)."));
  if (status == TRAWL_CAPTURE_EXIT_PERMISSION)
    return g_error_new (TRAWL_CAPTURE_ERROR, TRAWL_CAPTURE_ERROR_PERMISSION,
                        _("You may not capture on this interface (%s). To capture as yourself, "
                          "run tools/enable-capture.sh once (it gives trawl-capture the capture "
                          "capabilities for a group you are in), or authenticate as an "
                          "administrator to capture through pkexec."),
                        text ? text : _("permission denied"));
  if (status == TRAWL_CAPTURE_EXIT_FILTER)
    return g_error_new_literal (TRAWL_CAPTURE_ERROR, TRAWL_CAPTURE_ERROR_FILTER,
                                text ? text : _("The capture filter does not compile."));
  if (text != NULL && *text != '\0')
    return g_error_new_literal (TRAWL_CAPTURE_ERROR, TRAWL_CAPTURE_ERROR_FAILED, text);
  if (status >= 0)
    return g_error_new (TRAWL_CAPTURE_ERROR, TRAWL_CAPTURE_ERROR_FAILED,
                        _("The capture helper exited with status %d."), status);
  return g_error_new_literal (TRAWL_CAPTURE_ERROR, TRAWL_CAPTURE_ERROR_FAILED,
                              _("The capture helper ended unexpectedly."));
}

static void
finish_session (TrawlCaptureSession *self)
{
  g_clear_handle_id (&self->kill_id, g_source_remove);
  close_control (self);
  self->state = TRAWL_CAPTURE_STATE_STOPPED;

  if (self->start_task != NULL)
    {
      GTask *task = g_steal_pointer (&self->start_task);

      /* Nothing was captured: the empty file we made goes too. */
      if (self->output_path)
        g_unlink (self->output_path);
      g_task_return_error (task, start_error (self));
      g_object_unref (task);
      return;
    }

  if (self->stop_reason == NULL)
    {
      g_autoptr(GError) error = start_error (self);

      self->stop_reason = g_strdup (error->message);
      g_signal_emit (self, signals[SIGNAL_FAILED], 0, error);
    }
  g_signal_emit (self, signals[SIGNAL_STOPPED], 0, self->stop_reason);
}

static void
op_done (TrawlCaptureSession *self)
{
  g_assert (self->pending_ops > 0);
  if (--self->pending_ops == 0)
    {
      g_object_ref (self);
      finish_session (self);
      g_object_unref (self);
    }
}

static void
on_wait (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!g_subprocess_wait_finish (G_SUBPROCESS (source), result, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;   /* the session is gone */
  op_done (TRAWL_CAPTURE_SESSION (user_data));
}

static void
on_stderr_spliced (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (g_output_stream_splice_finish (G_OUTPUT_STREAM (source), result, &error) < 0
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  op_done (TRAWL_CAPTURE_SESSION (user_data));
}

/* ---- messages ---- */

static void
handle_started (TrawlCaptureSession *self,
                const char          *payload,
                gsize                len)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ifs = trawl_capture_parse_started (payload, len, &error);
  GTask *task;

  if (ifs == NULL || self->state != TRAWL_CAPTURE_STATE_STARTING || self->start_task == NULL)
    {
      if (self->state == TRAWL_CAPTURE_STATE_STOPPING)
        return;   /* stopped before it started: the end will say so */
      g_clear_error (&self->protocol_error);
      self->protocol_error = error ? g_steal_pointer (&error)
                                   : g_error_new_literal (TRAWL_CAPTURE_ERROR, TRAWL_CAPTURE_ERROR_PROTOCOL,
                                                          "unexpected started message");
      return;
    }
  g_array_set_size (self->ifaces, 0);
  g_array_append_vals (self->ifaces, ifs->data, ifs->len);
  self->state = TRAWL_CAPTURE_STATE_RUNNING;
  task = g_steal_pointer (&self->start_task);
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
  g_signal_emit (self, signals[SIGNAL_STARTED], 0);
}

static void
handle_progress (TrawlCaptureSession *self,
                 const char          *payload,
                 gsize                len)
{
  guint64 packets, filesize;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) counters = trawl_capture_parse_progress (payload, len, &packets, &filesize, &error);

  if (counters == NULL)
    {
      if (self->protocol_error == NULL)
        self->protocol_error = g_steal_pointer (&error);
      return;
    }
  g_array_set_size (self->counters, 0);
  g_array_append_vals (self->counters, counters->data, counters->len);
  self->packets = packets;
  self->filesize = filesize;
  g_signal_emit (self, signals[SIGNAL_PROGRESS], 0, packets, filesize);
}

static void
handle_message (TrawlCaptureSession *self,
                guint8               type,
                const char          *payload,
                gsize                len)
{
  switch (type)
    {
    case TRAWL_CAPTURE_MSG_STARTED:
      handle_started (self, payload, len);
      break;
    case TRAWL_CAPTURE_MSG_PROGRESS:
      handle_progress (self, payload, len);
      break;
    case TRAWL_CAPTURE_MSG_ERROR:
      g_free (self->error_text);
      self->error_text = g_strdup (payload);
      if (self->start_task == NULL)
        {
          g_autoptr(GError) error = g_error_new_literal (TRAWL_CAPTURE_ERROR,
                                                         TRAWL_CAPTURE_ERROR_FAILED, payload);

          g_signal_emit (self, signals[SIGNAL_FAILED], 0, error);
        }
      break;
    case TRAWL_CAPTURE_MSG_STOPPED:
      g_free (self->stop_reason);
      self->stop_reason = g_strdup (payload);
      break;
    default:
      break;   /* 'Q' goes the other way */
    }
}

/* Reads what is there; FALSE at EOF or when the stream is broken. */
static gboolean
read_control (TrawlCaptureSession *self)
{
  guint8 buf[8192];

  for (;;)
    {
      ssize_t n = read (self->control_fd, buf, sizeof buf);
      guint8 type;
      const char *payload;
      gsize len;
      g_autoptr(GError) error = NULL;

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        return TRUE;
      if (n <= 0)
        return FALSE;
      trawl_capture_decoder_push (self->decoder, buf, n);
      while (self->control_fd >= 0
             && trawl_capture_decoder_next (self->decoder, &type, &payload, &len, &error))
        handle_message (self, type, payload, len);
      if (error != NULL)
        {
          if (self->protocol_error == NULL)
            self->protocol_error = g_steal_pointer (&error);
          return FALSE;
        }
    }
}

static gboolean
on_control (int          fd,
            GIOCondition condition,
            gpointer     user_data)
{
  TrawlCaptureSession *self = user_data;
  gboolean more;

  g_object_ref (self);
  more = read_control (self);
  if (!more && self->control_source != NULL)
    {
      /* EOF (or garbage): closing our end stops a helper still running. */
      g_clear_pointer (&self->control_source, g_source_unref);
      close (self->control_fd);
      self->control_fd = -1;
      op_done (self);
    }
  g_object_unref (self);
  return more ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

/* ---- starting ---- */

static int
open_output (TrawlCaptureSession  *self,
             GError              **error)
{
  int fd;

  if (self->output_path == NULL)
    {
      g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "trawl", "captures", NULL);
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
      g_autofree char *name = g_strdup_printf ("trawl-%s-XXXXXX.pcapng", stamp);

      if (g_mkdir_with_parents (dir, 0700) != 0)
        {
          int saved = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("Cannot create %s: %s"), dir, g_strerror (saved));
          return -1;
        }
      self->output_path = g_build_filename (dir, name, NULL);
      /* g_mkstemp_full opens with O_CREAT|O_EXCL. */
      fd = g_mkstemp_full (self->output_path, O_WRONLY | O_CLOEXEC, 0600);
    }
  else
    fd = open (self->output_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot create %s: %s"), self->output_path, g_strerror (saved));
      return -1;
    }
  return fd;
}

static GPtrArray *
build_argv (TrawlCaptureSession *self,
            const char          *helper,
            int                  output_fd,
            int                  control_fd)
{
  GPtrArray *argv = g_ptr_array_new_with_free_func (g_free);

  if (self->route == TRAWL_CAPTURE_ROUTE_PKEXEC)
    g_ptr_array_add (argv, g_strdup ("pkexec"));
  g_ptr_array_add (argv, g_strdup (helper));
  for (guint i = 0; self->interfaces[i] != NULL; i++)
    {
      g_ptr_array_add (argv, g_strdup ("-i"));
      g_ptr_array_add (argv, g_strdup (self->interfaces[i]));
    }
  if (self->filter)
    {
      g_ptr_array_add (argv, g_strdup ("-f"));
      g_ptr_array_add (argv, g_strdup (self->filter));
    }
  if (self->snaplen)
    g_ptr_array_add (argv, g_strdup_printf ("--snaplen=%u", self->snaplen));
  if (self->buffer_mib)
    g_ptr_array_add (argv, g_strdup_printf ("--buffer-size=%u", self->buffer_mib));
  if (!self->promiscuous)
    g_ptr_array_add (argv, g_strdup ("-p"));
  if (self->autostop_packets)
    g_ptr_array_add (argv, g_strdup_printf ("--autostop-packets=%" G_GUINT64_FORMAT, self->autostop_packets));
  if (self->autostop_seconds)
    g_ptr_array_add (argv, g_strdup_printf ("--autostop-seconds=%u", self->autostop_seconds));
  if (self->autostop_kb)
    g_ptr_array_add (argv, g_strdup_printf ("--autostop-kb=%" G_GUINT64_FORMAT, self->autostop_kb));
  g_ptr_array_add (argv, g_strdup_printf ("--output-fd=%d", output_fd));
  g_ptr_array_add (argv, g_strdup_printf ("--control-fd=%d", control_fd));
  g_ptr_array_add (argv, NULL);
  return argv;
}

/* pkexec marks every fd above 2 close-on-exec before running the program,
 * so on that route the control socket is stdin and the output stdout. */
static GSubprocess *
spawn_helper (TrawlCaptureSession  *self,
              int                   output_fd,
              int                   control_fd,
              GError              **error)
{
  const char *helper = trawl_capture_get_helper_path ();
  gboolean pkexec = self->route == TRAWL_CAPTURE_ROUTE_PKEXEC;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = NULL;

  if (!g_file_test (helper, G_FILE_TEST_IS_EXECUTABLE))
    {
      close (output_fd);
      close (control_fd);
      g_set_error (error, TRAWL_CAPTURE_ERROR, TRAWL_CAPTURE_ERROR_HELPER_MISSING,
                   _("The capture helper %s is missing."), helper);
      return NULL;
    }
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_PIPE
                                        | (pkexec ? 0 : G_SUBPROCESS_FLAGS_STDIN_PIPE));
  if (pkexec)
    {
      g_subprocess_launcher_take_stdin_fd (launcher, control_fd);
      g_subprocess_launcher_take_stdout_fd (launcher, output_fd);
      argv = build_argv (self, helper, 1, 0);
    }
  else
    {
      /* The helper also stops when its stdin pipe (ours) closes. */
      g_subprocess_launcher_take_fd (launcher, control_fd, 3);
      g_subprocess_launcher_take_fd (launcher, output_fd, 4);
      argv = build_argv (self, helper, 4, 3);
    }
  return g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, error);
}

static gboolean
check_options (TrawlCaptureSession  *self,
               GError              **error)
{
  if (self->interfaces == NULL || self->interfaces[0] == NULL)
    {
      g_set_error_literal (error, TRAWL_CAPTURE_ERROR, TRAWL_CAPTURE_ERROR_INVALID,
                           _("No interface to capture on."));
      return FALSE;
    }
  for (guint i = 0; self->interfaces[i] != NULL; i++)
    if (!trawl_capture_interface_name_is_valid (self->interfaces[i]))
      {
        g_set_error (error, TRAWL_CAPTURE_ERROR, TRAWL_CAPTURE_ERROR_INVALID,
                     _("“%s” is not a valid interface name."), self->interfaces[i]);
        return FALSE;
      }
  return TRUE;
}

static gboolean
launch (TrawlCaptureSession  *self,
        GError              **error)
{
  int sv[2];
  int out_fd;

  if (!check_options (self, error) || (out_fd = open_output (self, error)) < 0)
    return FALSE;
  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
    {
      int saved = errno;

      close (out_fd);
      g_unlink (self->output_path);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "socketpair: %s",
                   g_strerror (saved));
      return FALSE;
    }
  self->proc = spawn_helper (self, out_fd, sv[1], error);
  if (self->proc == NULL)
    {
      close (sv[0]);
      g_unlink (self->output_path);
      return FALSE;
    }
  self->control_fd = sv[0];
  g_unix_set_fd_nonblocking (self->control_fd, TRUE, NULL);
  return TRUE;
}

static void
watch_helper (TrawlCaptureSession *self)
{
  self->decoder = trawl_capture_decoder_new ();
  self->control_source = g_unix_fd_source_new (self->control_fd, G_IO_IN | G_IO_HUP | G_IO_ERR);
  g_source_set_callback (self->control_source, G_SOURCE_FUNC (on_control), self, NULL);
  g_source_set_static_name (self->control_source, "[trawl-capture control]");
  g_source_attach (self->control_source, g_main_context_get_thread_default ());

  self->pending_ops = N_END_OPS;
  self->stderr_buf = g_memory_output_stream_new_resizable ();
  g_output_stream_splice_async (self->stderr_buf, g_subprocess_get_stderr_pipe (self->proc),
                                G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE | G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                                G_PRIORITY_DEFAULT, self->cancellable, on_stderr_spliced, self);
  g_subprocess_wait_async (self->proc, self->cancellable, on_wait, self);
}

void
trawl_capture_session_start_async (TrawlCaptureSession *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;

  g_return_if_fail (TRAWL_IS_CAPTURE_SESSION (self));
  g_return_if_fail (self->state == TRAWL_CAPTURE_STATE_IDLE);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, trawl_capture_session_start_async);

  self->route = self->use_pkexec ? TRAWL_CAPTURE_ROUTE_PKEXEC : TRAWL_CAPTURE_ROUTE_DIRECT;
  if (!launch (self, &error))
    {
      self->state = TRAWL_CAPTURE_STATE_STOPPED;
      g_task_return_error (task, error);
      return;
    }
  self->state = TRAWL_CAPTURE_STATE_STARTING;
  self->start_task = g_steal_pointer (&task);
  if (cancellable != NULL)
    g_signal_connect_object (cancellable, "cancelled",
                             G_CALLBACK (trawl_capture_session_stop), self, G_CONNECT_SWAPPED);
  watch_helper (self);
}

gboolean
trawl_capture_session_start_finish (TrawlCaptureSession  *self,
                                    GAsyncResult         *result,
                                    GError              **error)
{
  g_return_val_if_fail (TRAWL_IS_CAPTURE_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- stopping ---- */

static gboolean
on_stop_grace_over (gpointer user_data)
{
  TrawlCaptureSession *self = user_data;

  self->kill_id = 0;
  /* Only works on a child we may signal (not a root one under pkexec);
   * that one stops when our end of the control channel closes. */
  if (self->proc)
    g_subprocess_force_exit (self->proc);
  if (self->control_fd >= 0)
    shutdown (self->control_fd, SHUT_RDWR);
  return G_SOURCE_REMOVE;
}

void
trawl_capture_session_stop (TrawlCaptureSession *self)
{
  guint8 quit[TRAWL_CAPTURE_MSG_HEADER_SIZE] = { TRAWL_CAPTURE_MSG_QUIT, 0, 0, 0 };

  g_return_if_fail (TRAWL_IS_CAPTURE_SESSION (self));

  if (self->state != TRAWL_CAPTURE_STATE_STARTING && self->state != TRAWL_CAPTURE_STATE_RUNNING)
    return;
  self->state = TRAWL_CAPTURE_STATE_STOPPING;
  if (self->control_fd >= 0)
    {
      /* Four bytes into an empty socket buffer: this does not block.
       * Our reading side stays open for the last 'P' and 'X'. */
      if (send (self->control_fd, quit, sizeof quit, MSG_NOSIGNAL) < 0)
        g_debug ("capture: sending Q: %s", g_strerror (errno));
      shutdown (self->control_fd, SHUT_WR);
    }
  if (self->kill_id == 0)
    self->kill_id = g_timeout_add (STOP_GRACE_MS, on_stop_grace_over, self);
}
