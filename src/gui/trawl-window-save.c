/* trawl-window-save.c: File → Save As… and Export Specified Packets…
 *
 * Both ask for a file with the native chooser, whose choices give the
 * format (pcapng or pcap) and, for an export, which packets: all, the
 * displayed ones (the filter's result) or the selected one.  The writer
 * works on a thread and writes a temporary file renamed over the target
 * at the end, so a failure never damages an existing file (not even the
 * one being read).  After Save As the saved file becomes the window's
 * document, as in Wireshark.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "file/trawl-capture-writer.h"
#include "trawl-application.h"
#include "trawl-window-private.h"

typedef struct
{
  TrawlWindow        *self;
  TrawlCaptureWriter *writer;
  GFile              *dest;
  guint               n_frames;
  gboolean            reopen;
} SaveJob;

static void
save_job_free (SaveJob *job)
{
  g_object_unref (job->self);
  g_object_unref (job->writer);
  g_object_unref (job->dest);
  g_free (job);
}

static void
save_done (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  SaveJob *job = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (job->dest);
  g_autofree char *msg = NULL;

  if (!trawl_capture_writer_write_finish (job->writer, result, &error))
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
      if (job->reopen)
        trawl_window_open_file (job->self, job->dest);
    }
  _trawl_window_toast (job->self, msg);
  save_job_free (job);
}

/* Which frames @which names ("all", "displayed", "selected"); FALSE
 * (with a toast) when there are none to write. */
static gboolean
choose_frames (TrawlWindow        *self,
               TrawlCaptureWriter *writer,
               const char         *which,
               guint              *n_frames)
{
  if (g_strcmp0 (which, "selected") == 0)
    {
      gint64 frame = trawl_packet_list_get_selected_frame (self->packet_list);
      guint32 one = (guint32) frame;

      if (frame < 0)
        {
          _trawl_window_toast (self, _("No packet is selected"));
          return FALSE;
        }
      trawl_capture_writer_set_frames (writer, &one, 1);
      *n_frames = 1;
      return TRUE;
    }
  if (g_strcmp0 (which, "displayed") == 0 && self->model != NULL &&
      trawl_packet_list_model_is_filtered (self->model))
    {
      g_autoptr(GArray) frames = trawl_packet_list_model_dup_displayed (self->model);

      trawl_capture_writer_set_frames (writer, (const guint32 *) frames->data, frames->len);
      *n_frames = frames->len;
      return TRUE;
    }
  trawl_capture_writer_set_all (writer);
  *n_frames = trawl_capture_file_get_n_frames (self->capture);
  return TRUE;
}

static void
start_save (TrawlWindow *self,
            GFile       *dest,
            const char  *format,
            const char  *which,
            gboolean     reopen)
{
  TrawlWriteFormat fmt = TRAWL_WRITE_FORMAT_PCAPNG;
  g_autoptr(TrawlCaptureWriter) writer = NULL;
  SaveJob *job;
  guint n_frames = 0;

  if (self->capture == NULL)
    return;
  if (g_strcmp0 (format, "pcap") == 0)
    fmt = trawl_capture_writer_pcap_format_for (self->capture);
  writer = trawl_capture_writer_new (self->capture, fmt);
  if (!choose_frames (self, writer, which, &n_frames))
    return;

  job = g_new0 (SaveJob, 1);
  job->self = g_object_ref (self);
  job->writer = g_steal_pointer (&writer);
  job->dest = g_object_ref (dest);
  job->n_frames = n_frames;
  job->reopen = reopen;
  trawl_capture_writer_write_async (job->writer, dest, NULL, save_done, job);
}

static void
save_response (GtkNativeDialog *dialog,
               int              response,
               TrawlWindow     *self)
{
  GtkFileChooser *chooser = GTK_FILE_CHOOSER (dialog);
  gboolean export = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "trawl-export"));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) dest = gtk_file_chooser_get_file (chooser);
      const char *format = gtk_file_chooser_get_choice (chooser, "format");
      const char *which = export ? gtk_file_chooser_get_choice (chooser, "packets") : "all";

      if (dest != NULL)
        start_save (self, dest, format, which, !export);
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

static void
show_save_dialog (TrawlWindow *self,
                  gboolean     export)
{
  static const char *format_ids[] = { "pcapng", "pcap", NULL };
  const char *format_labels[] = { _("pcapng"), _("pcap"), NULL };
  /* The default comes first: GTK 4.8's fallback chooser shows the first
   * option whatever gtk_file_chooser_set_choice() said before showing. */
  static const char *filtered_ids[] = { "displayed", "all", "selected", NULL };
  static const char *all_ids[] = { "all", "displayed", "selected", NULL };
  const char *filtered_labels[] = { _("Displayed packets"), _("All packets"), _("Selected packet"), NULL };
  const char *all_labels[] = { _("All packets"), _("Displayed packets"), _("Selected packet"), NULL };
  GtkFileChooserNative *dialog;
  GtkFileChooser *chooser;
  g_autofree char *name = suggested_name (self, export ? "-export.pcapng" : ".pcapng");

  if (self->capture == NULL)
    return;
  dialog = gtk_file_chooser_native_new (export ? _("Export Specified Packets") : _("Save Capture As"),
                                        GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Save"), _("_Cancel"));
  chooser = GTK_FILE_CHOOSER (dialog);
  gtk_file_chooser_add_choice (chooser, "format", _("Format"), format_ids, format_labels);
  if (export)
    {
      gboolean filtered = self->model != NULL && trawl_packet_list_model_is_filtered (self->model);

      gtk_file_chooser_add_choice (chooser, "packets", _("Packets"),
                                   filtered ? filtered_ids : all_ids,
                                   filtered ? filtered_labels : all_labels);
    }
  if (self->file != NULL)
    {
      g_autoptr(GFile) folder = g_file_get_parent (self->file);

      if (folder != NULL)
        gtk_file_chooser_set_current_folder (chooser, folder, NULL);
    }
  gtk_file_chooser_set_current_name (chooser, name);
  g_object_set_data (G_OBJECT (dialog), "trawl-export", GINT_TO_POINTER (export));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (save_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

void
_trawl_window_action_save (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  show_save_dialog (TRAWL_WINDOW (widget), g_str_equal (action_name, "win.export"));
}
