/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-window-save.c: File → Save As… and Export Specified Packets…
 *
 * Export first asks which packets (TrawlExportDialog: all, displayed,
 * selected, or a range of frame numbers), then both ask for a file with
 * the native chooser, whose choice gives the format (pcapng or pcap).
 * The list of frames to write is made on the writer's thread, not here:
 * a range or a filter's result may hold millions of frames.  The writer
 * writes a temporary file renamed over the target at the end, so a
 * failure never damages an existing file (not even the one being read).
 * After Save As the saved file becomes the window's document, as in
 * Wireshark.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "file/trawl-capture-writer.h"
#include "trawl-application.h"
#include "trawl-export-dialog.h"
#include "trawl-window-private.h"

/* Which frames to write, as the export dialog said. */
typedef struct
{
  TrawlExportWhich  which;
  TrawlFrameRange  *range;          /* TRAWL_EXPORT_RANGE */
  GArray           *displayed;      /* ref: the filter's result, or NULL */
  gint64            selected;       /* TRAWL_EXPORT_SELECTED */
} ExportSpec;

static void
export_spec_free (ExportSpec *spec)
{
  g_clear_pointer (&spec->range, trawl_frame_range_free);
  g_clear_pointer (&spec->displayed, g_array_unref);
  g_free (spec);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExportSpec, export_spec_free)

typedef struct
{
  TrawlWindow        *self;
  TrawlCaptureWriter *writer;
  GFile              *dest;
  ExportSpec         *spec;       /* NULL: every frame (Save As) */
  guint               n_frames;   /* set by the thread */
  gboolean            reopen;
} SaveJob;

static void
save_job_free (SaveJob *job)
{
  g_object_unref (job->self);
  g_object_unref (job->writer);
  g_object_unref (job->dest);
  g_clear_pointer (&job->spec, export_spec_free);
  g_free (job);
}

/* On the writer's thread: give the writer the frames @spec names. */
static void
choose_frames (SaveJob *job)
{
  ExportSpec *spec = job->spec;
  g_autoptr(GArray) frames = NULL;

  if (spec == NULL || spec->which == TRAWL_EXPORT_ALL ||
      (spec->which == TRAWL_EXPORT_DISPLAYED && spec->displayed == NULL))
    {
      trawl_capture_writer_set_all (job->writer);
      job->n_frames = trawl_capture_file_get_n_frames (trawl_capture_writer_get_file (job->writer));
      return;
    }
  if (spec->which == TRAWL_EXPORT_SELECTED)
    {
      guint32 one = (guint32) spec->selected;

      trawl_capture_writer_set_frames (job->writer, &one, 1);
      job->n_frames = 1;
      return;
    }
  if (spec->which == TRAWL_EXPORT_RANGE)
    frames = trawl_frame_range_collect (spec->range,
                                        spec->displayed ? (const guint32 *) spec->displayed->data : NULL,
                                        spec->displayed ? spec->displayed->len : 0);
  else
    frames = g_array_ref (spec->displayed);
  trawl_capture_writer_set_frames (job->writer, (const guint32 *) frames->data, frames->len);
  job->n_frames = frames->len;
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SaveJob *job = task_data;
  GError *error = NULL;

  choose_frames (job);
  if (trawl_capture_writer_write (job->writer, job->dest, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
save_done (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  SaveJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (job->dest);
  g_autofree char *msg = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      msg = g_strdup_printf (_("Could not save “%s”: %s"), name, error->message);
      trawl_application_debug_print ("save-failed %s", error->message);
    }
  else
    {
      g_autofree char *path = g_file_get_path (job->dest);

      msg = g_strdup_printf (ngettext ("Saved %u packet in “%s”", "Saved %u packets in “%s”",
                                       job->n_frames), job->n_frames, name);
      trawl_application_debug_print ("saved %s frames=%u", path ? path : name, job->n_frames);
      /* Save As of a capture: the temporary file goes (and the window
       * may close or start the next capture instead of reopening). */
      if (job->reopen && !_trawl_window_capture_saved (job->self))
        trawl_window_open_file (job->self, job->dest);
    }
  _trawl_window_toast (job->self, msg);
}

static void
start_save (TrawlWindow *self,
            GFile       *dest,
            const char  *format,
            ExportSpec  *spec,
            gboolean     reopen)
{
  TrawlWriteFormat fmt = TRAWL_WRITE_FORMAT_PCAPNG;
  g_autoptr(GTask) task = NULL;
  SaveJob *job;

  if (self->capture == NULL)
    return;
  if (g_strcmp0 (format, "pcap") == 0)
    fmt = trawl_capture_writer_pcap_format_for (self->capture);

  job = g_new0 (SaveJob, 1);
  job->self = g_object_ref (self);
  job->writer = trawl_capture_writer_new (self->capture, fmt);
  job->dest = g_object_ref (dest);
  job->spec = spec;
  job->reopen = reopen;
  task = g_task_new (NULL, NULL, save_done, NULL);
  g_task_set_source_tag (task, start_save);
  g_task_set_task_data (task, job, (GDestroyNotify) save_job_free);
  g_task_run_in_thread (task, save_thread);
}

static void
save_response (GtkNativeDialog *dialog,
               int              response,
               TrawlWindow     *self)
{
  GtkFileChooser *chooser = GTK_FILE_CHOOSER (dialog);
  g_autoptr(ExportSpec) spec = g_object_steal_data (G_OBJECT (dialog), "trawl-export");

  /* Not saved: whatever was to follow the save (closing) does not. */
  if (response != GTK_RESPONSE_ACCEPT)
    self->after_save = 0;
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) dest = gtk_file_chooser_get_file (chooser);
      const char *format = gtk_file_chooser_get_choice (chooser, "format");
      gboolean export = spec != NULL;

      if (dest != NULL)
        start_save (self, dest, format, g_steal_pointer (&spec), !export);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

/* The document's name with its capture suffix replaced. */
static char *
suggested_name (TrawlWindow *self,
                const char  *suffix)
{
  g_autofree char *base = self->file ? g_file_get_basename (self->file) : g_strdup ("capture");
  static const char *const known[] = { ".gz", ".pcapng", ".pcap", ".cap" };

  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    if (g_str_has_suffix (base, known[i]))
      base[strlen (base) - strlen (known[i])] = '\0';
  return g_strconcat (base, suffix, NULL);
}

/* The file chooser; @spec (owned) says which packets for an export, and
 * is NULL for Save As. */
static void
show_save_dialog (TrawlWindow *self,
                  ExportSpec  *spec)
{
  static const char *format_ids[] = { "pcapng", "pcap", NULL };
  const char *format_labels[] = { _("pcapng"), _("pcap"), NULL };
  gboolean export = spec != NULL;
  GtkFileChooserNative *dialog;
  GtkFileChooser *chooser;
  g_autofree char *name = suggested_name (self, export ? "-export.pcapng" : ".pcapng");

  dialog = gtk_file_chooser_native_new (export ? _("Export Specified Packets") : _("Save Capture As"),
                                        GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Save"), _("_Cancel"));
  chooser = GTK_FILE_CHOOSER (dialog);
  gtk_file_chooser_add_choice (chooser, "format", _("Format"), format_ids, format_labels);
  if (self->file != NULL)
    {
      g_autoptr(GFile) folder = g_file_get_parent (self->file);

      if (folder != NULL)
        gtk_file_chooser_set_current_folder (chooser, folder, NULL);
    }
  gtk_file_chooser_set_current_name (chooser, name);
  if (spec != NULL)
    g_object_set_data_full (G_OBJECT (dialog), "trawl-export", spec, (GDestroyNotify) export_spec_free);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (save_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
export_response (TrawlExportDialog *dialog,
                 const char        *response,
                 TrawlWindow       *self)
{
  ExportSpec *spec;

  if (!g_str_equal (response, "export") || self->capture == NULL)
    return;
  spec = g_new0 (ExportSpec, 1);
  spec->which = trawl_export_dialog_get_which (dialog);
  spec->selected = trawl_packet_list_get_selected_frame (self->packet_list);
  if (spec->which == TRAWL_EXPORT_RANGE)
    {
      spec->range = trawl_frame_range_copy (trawl_export_dialog_get_range (dialog));
      if (trawl_export_dialog_get_displayed_only (dialog))
        spec->displayed = trawl_packet_list_model_ref_displayed (self->model);
    }
  else if (spec->which == TRAWL_EXPORT_DISPLAYED)
    spec->displayed = trawl_packet_list_model_ref_displayed (self->model);
  show_save_dialog (self, spec);
}

static void
show_export_dialog (TrawlWindow *self)
{
  g_autoptr(GArray) displayed = trawl_packet_list_model_ref_displayed (self->model);
  TrawlExportDialog *dialog;

  dialog = trawl_export_dialog_new (GTK_WINDOW (self), trawl_capture_file_get_n_frames (self->capture),
                                    displayed, trawl_packet_list_get_selected_frame (self->packet_list));
  g_signal_connect_object (dialog, "response", G_CALLBACK (export_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  trawl_application_debug_print ("export-dialog shown");
}

void
_trawl_window_action_save (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  TrawlWindow *self = TRAWL_WINDOW (widget);

  if (self->capture == NULL || self->model == NULL)
    return;
  if (g_str_equal (action_name, "win.export"))
    show_export_dialog (self);
  else
    show_save_dialog (self, NULL);
}
