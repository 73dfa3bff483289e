/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-window.c: the analyzer window
 *
 * Loading: the window's TrawlDocument opens the file on a GTask thread,
 * indexes it (publishing its frame count atomically as it goes) with the
 * analysis pass following the index.  The main thread polls every frame
 * while it loads and appends the newly indexed rows, so the first rows
 * show while the rest is read.  Rows of frames the pass has not reached
 * are dissected without it (no tcp.stream-dependent text yet, e.g.
 * WebSocket frames show as TCP); when the pass ends the model
 * re-dissects just the rows on screen.
 *
 * Filtering is in trawl-window-filter.c.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "trawl-thread-priority.h"
#include "trawl-window-private.h"

/* First rows early: the poll runs every frame while a file loads. */
#define POLL_MS 16

struct _TrawlLoadJob
{
  gint64            indexed_at; /* monotonic time the index pass ended */
  gint64            indexed_wall; /* the same, real time (debug hook) */
};

G_DEFINE_FINAL_TYPE (TrawlWindow, trawl_window, ADW_TYPE_APPLICATION_WINDOW)

enum { PROP_0, PROP_TIME_FORMAT, N_PROPS };
static GParamSpec *properties[N_PROPS];

/* ---- settings (only when the schema is installed and has the key) ---- */

/* Keys of the column-widths dictionary, in TrawlColumn order. */
static const char *column_ids[] = { "number", "time", "source", "destination", "protocol", "length", "info" };

static GSettings *
settings_with_key (TrawlWindow *self,
                   const char  *key)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  GSettings *settings = app ? trawl_application_get_settings (TRAWL_APPLICATION (app)) : NULL;
  g_autoptr(GSettingsSchema) schema = NULL;

  if (settings == NULL)
    return NULL;
  g_object_get (settings, "settings-schema", &schema, NULL);
  return schema && g_settings_schema_has_key (schema, key) ? settings : NULL;
}

static void
load_settings (TrawlWindow *self)
{
  GSettings *s;

  if ((s = settings_with_key (self, "window-width")) && settings_with_key (self, "window-height"))
    gtk_window_set_default_size (GTK_WINDOW (self), g_settings_get_int (s, "window-width"),
                                 g_settings_get_int (s, "window-height"));
  if ((s = settings_with_key (self, "window-maximized")) && g_settings_get_boolean (s, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
  if ((s = settings_with_key (self, "list-pane-position")) && g_settings_get_int (s, "list-pane-position") > 0)
    gtk_paned_set_position (self->outer_paned, g_settings_get_int (s, "list-pane-position"));
  if ((s = settings_with_key (self, "details-pane-position")) && g_settings_get_int (s, "details-pane-position") > 0)
    gtk_paned_set_position (self->inner_paned, g_settings_get_int (s, "details-pane-position"));
  if ((s = settings_with_key (self, "column-widths")))
    {
      g_autoptr(GVariant) v = g_settings_get_value (s, "column-widths");
      g_autoptr(GString) w = g_string_new (NULL);

      /* a{si}: column id -> width; unknown or missing ids keep defaults. */
      for (guint i = 0; i < G_N_ELEMENTS (column_ids); i++)
        {
          gint32 width = 0;

          g_variant_lookup (v, column_ids[i], "i", &width);
          g_string_append_printf (w, "%s%d", i ? "," : "", width);
        }
      trawl_packet_list_set_column_widths (self->packet_list, w->str);
    }
  if ((s = settings_with_key (self, "recent-filters")))
    {
      g_auto(GStrv) recent = g_settings_get_strv (s, "recent-filters");
      trawl_filter_bar_set_recent (self->filter_bar, (const char * const *) recent);
    }
  if ((s = settings_with_key (self, "time-format")))
    {
      g_autofree char *fmt = g_settings_get_string (s, "time-format");
      TrawlTimeFormat format;

      if (_trawl_time_format_from_string (fmt, &format))
        _trawl_window_set_time_format (self, format);
    }
}

static void
save_settings (TrawlWindow *self)
{
  GSettings *s;
  int w, h;

  gtk_window_get_default_size (GTK_WINDOW (self), &w, &h);
  if ((s = settings_with_key (self, "window-width")))
    g_settings_set_int (s, "window-width", w);
  if ((s = settings_with_key (self, "window-height")))
    g_settings_set_int (s, "window-height", h);
  if ((s = settings_with_key (self, "window-maximized")))
    g_settings_set_boolean (s, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
  if ((s = settings_with_key (self, "list-pane-position")))
    g_settings_set_int (s, "list-pane-position", gtk_paned_get_position (self->outer_paned));
  if ((s = settings_with_key (self, "details-pane-position")))
    g_settings_set_int (s, "details-pane-position", gtk_paned_get_position (self->inner_paned));
  if ((s = settings_with_key (self, "column-widths")))
    {
      g_autofree char *widths = trawl_packet_list_get_column_widths (self->packet_list);
      g_auto(GStrv) parts = g_strsplit (widths, ",", -1);
      GVariantBuilder b;

      g_variant_builder_init (&b, G_VARIANT_TYPE ("a{si}"));
      for (guint i = 0; parts[i] && i < G_N_ELEMENTS (column_ids); i++)
        g_variant_builder_add (&b, "{si}", column_ids[i], (gint32) g_ascii_strtoll (parts[i], NULL, 10));
      g_settings_set_value (s, "column-widths", g_variant_builder_end (&b));
    }
  if ((s = settings_with_key (self, "time-format")))
    g_settings_set_string (s, "time-format", _trawl_time_format_to_string (self->time_format));
  if ((s = settings_with_key (self, "recent-filters")))
    {
      g_auto(GStrv) recent = trawl_filter_bar_dup_recent (self->filter_bar);
      g_settings_set_strv (s, "recent-filters", (const char * const *) recent);
    }
}

/* ---- status ---- */

void
_trawl_window_toast (TrawlWindow *self,
                     const char  *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 4);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
_trawl_window_update_counts (TrawlWindow *self)
{
  guint shown, total;

  if (self->model == NULL)
    return;
  shown = trawl_packet_list_model_get_n_rows (self->model);
  total = trawl_packet_list_model_get_n_total (self->model);
  trawl_status_bar_set_counts (self->status_bar, shown, total);
}

void
_trawl_window_show_warning (TrawlWindow *self,
                            const char  *warning)
{
  gtk_label_set_text (self->warning_label, warning ? warning : "");
  if (warning != NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->warning_revealer), TRUE);
  gtk_revealer_set_reveal_child (self->warning_revealer, warning != NULL);
  trawl_status_bar_set_warning (self->status_bar, warning);
}

/* GTK 4.8 keeps a hidden revealer's child in the accessibility tree: hide
 * the revealer once it has closed. */
static void
warning_revealed_changed (GtkRevealer *revealer,
                          GParamSpec  *pspec,
                          TrawlWindow *self)
{
  if (!gtk_revealer_get_child_revealed (revealer) && !gtk_revealer_get_reveal_child (revealer))
    gtk_widget_set_visible (GTK_WIDGET (revealer), FALSE);
}

static GtkWidget *
find_button (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *button = find_button (c);

      if (button != NULL)
        return button;
    }
  return NULL;
}

/* GtkInfoBar's close button is its own (the bar's only button), an icon
 * without a name. */
static void
label_warning_close_button (TrawlWindow *self)
{
  GtkWidget *button = find_button (GTK_WIDGET (self->warning_bar));

  if (button == NULL)
    return;
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Hide the warning"), -1);
  gtk_widget_set_tooltip_text (button, _("Hide the Warning"));
}

static void
warning_response (GtkInfoBar  *bar,
                  int          response,
                  TrawlWindow *self)
{
  gtk_revealer_set_reveal_child (self->warning_revealer, FALSE);
}

/* ---- selection ---- */

static void
frame_selected (TrawlPacketList *list,
                gint64           frame,
                TrawlWindow     *self)
{
  trawl_detail_tree_show_frame (self->detail_tree, self->model, frame);
  trawl_byte_view_set_packet (self->byte_view, trawl_detail_tree_get_packet (self->detail_tree));
  trawl_application_debug_print ("selected %" G_GINT64_FORMAT, frame >= 0 ? frame + 1 : -1);
  _trawl_window_update_actions (self);
}

static void
field_selected (TrawlDetailTree *tree,
                guint            ds,
                guint            start,
                guint            len,
                TrawlWindow     *self)
{
  trawl_byte_view_highlight (self->byte_view, ds, start, len);
}

static void
byte_clicked (TrawlByteView *view,
              guint          ds,
              guint          offset,
              TrawlWindow   *self)
{
  trawl_detail_tree_select_byte (self->detail_tree, ds, offset);
}

static void
filter_requested (TrawlDetailTree *tree,
                  const char      *expr,
                  const char      *how,
                  gboolean         apply,
                  TrawlWindow     *self)
{
  const char *current = trawl_filter_bar_get_text (self->filter_bar);
  g_autofree char *text = NULL;

  /* Wireshark's Apply/Prepare as Filter: Selected, Not, ...and, ...or. */
  if (g_str_equal (how, "not"))
    text = g_strdup_printf ("!(%s)", expr);
  else if ((g_str_equal (how, "and") || g_str_equal (how, "or")) && *current)
    text = g_strdup_printf ("(%s) %s (%s)", current, g_str_equal (how, "and") ? "&&" : "||", expr);
  else
    text = g_strdup (expr);
  trawl_filter_bar_set_text (self->filter_bar, text);
  if (apply)
    trawl_filter_bar_apply (self->filter_bar);
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->filter_bar));
}

/* ---- loading ---- */

/* The capture page replaces the start page once the file is open; its
 * first frame (a repaint of the whole window) goes to the screen before
 * poll_load adds rows (page_frame). */
void
_trawl_window_show_capture_page (TrawlWindow *self)
{
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "capture") == 0)
    return;
  gtk_stack_set_visible_child_name (self->stack, "capture");
  self->page_frame = self->frames_painted;
  self->page_shown_at = g_get_monotonic_time ();
}

void
_trawl_window_ensure_model (TrawlWindow *self)
{
  TrawlCaptureFile *file;

  if (self->model != NULL || self->doc == NULL)
    return;
  file = trawl_document_get_file (self->doc);
  if (file == NULL)
    return;

  self->capture = g_object_ref (file);
  self->model = trawl_packet_list_model_new (self->doc);
  trawl_packet_list_model_set_time_format (self->model, self->time_format);
  trawl_packet_list_set_model (self->packet_list, self->model);
  _trawl_window_show_capture_page (self);
}

/* Rows arrive TRAWL_PACKET_LIST_RAMP_STEP at a time until
 * TRAWL_PACKET_LIST_RAMP_ROWS exist (see trawl-packet-list.h); after that a
 * whole batch is one cheap items-changed, at most every GROW_US (<= 10
 * list updates per second). */
#define GROW_US   (100 * G_USEC_PER_SEC / 1000)
#define LIVE_RAMP_STEP (TRAWL_PACKET_LIST_RAMP_STEP * 6)

static gboolean
poll_load_body (TrawlWindow *self,
                gint64       now)
{
  guint shown, added = 0;
  int phase;

  _trawl_window_ensure_model (self);
  /* The capture page's first frame (headers, panes: 30-40 ms of drawing
   * in software) goes to the screen before the first rows, whose frame
   * would otherwise pay for both at once (unless no frame comes: a window
   * that is not shown). */
  if (self->model != NULL &&
      (self->frames_painted > self->page_frame || now - self->page_shown_at > 200000))
    {
      shown = g_list_model_get_n_items (G_LIST_MODEL (self->model));
      /* A live capture grows at most ten times a second, once the list
       * has its first TRAWL_PACKET_LIST_RAMP_ROWS: those come a step a
       * frame (~20 ms of GTK's row widgets each, 7 steps), as a file's
       * do; at one step per tenth of a second the rows that came in the
       * meantime waited 0.7 s (p99 of the packet-to-row latency at 100k
       * packets/s: 663 ms, now 210 ms). */
      if (self->capture_tick_id != 0)
        {
          if (shown < TRAWL_PACKET_LIST_RAMP_ROWS)
            added = trawl_packet_list_model_poll_at_most (self->model, LIVE_RAMP_STEP);
          else if (now - self->last_grow >= GROW_US)
            added = trawl_packet_list_model_poll (self->model);
        }
      else if (shown < TRAWL_PACKET_LIST_RAMP_ROWS)
        added = trawl_packet_list_model_poll_at_most (self->model, TRAWL_PACKET_LIST_RAMP_STEP);
      else if (now - self->last_grow >= GROW_US)
        added = trawl_packet_list_model_poll (self->model);
    }
  if (added > 0)
    {
      self->last_grow = now;
      if (!self->got_rows)
        {
          self->got_rows = TRUE;
          /* "first-rows" is said once they are drawn (frame_after_paint) */
          self->rows_unpainted = TRUE;
        }
      _trawl_window_update_counts (self);
      _trawl_window_capture_rows_added (self);
    }
  if (self->load == NULL)
    return G_SOURCE_CONTINUE;

  phase = trawl_document_get_phase (self->doc);
  if (phase >= TRAWL_DOCUMENT_PHASE_ANALYSING && self->load->indexed_at == 0)
    {
      self->load->indexed_at = now;
      self->load->indexed_wall = g_get_real_time ();
    }
  if (phase == TRAWL_DOCUMENT_PHASE_ANALYSING)
    trawl_status_bar_set_progress (self->status_bar, _("Analysing…"),
                                   trawl_document_get_fraction (self->doc));
  else
    trawl_status_bar_set_progress (self->status_bar, _("Reading…"),
                                   trawl_document_get_fraction (self->doc));
  return G_SOURCE_CONTINUE;
}

static gboolean
poll_load (gpointer data)
{
  gint64 now = g_get_monotonic_time ();
  gboolean ret = poll_load_body (data, now);
  gint64 took = g_get_monotonic_time () - now;

  if (took > 10000)
    trawl_application_debug_print ("poll %.1f ms at=%.6f", took / 1e3, g_get_real_time () / 1e6);
  return ret;
}

void
_trawl_window_start_polling (TrawlWindow *self)
{
  if (self->poll_id == 0)
    self->poll_id = g_timeout_add (POLL_MS, poll_load, self);
}

static void
stop_polling (TrawlWindow *self)
{
  g_clear_handle_id (&self->poll_id, g_source_remove);
  trawl_status_bar_set_progress (self->status_bar, NULL, 0);
}

static void
load_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(TrawlWindow) self = user_data;
  TrawlDocument *doc = TRAWL_DOCUMENT (source);
  g_autofree TrawlLoadJob *job = NULL;
  g_autoptr(GError) error = NULL;
  const char *warning;
  gboolean stopped;
  double secs;
  gboolean ok;

  ok = trawl_document_load_finish (doc, result, &error);
  if (doc != self->doc)
    return;  /* another file was opened since */

  job = g_steal_pointer (&self->load);
  if (job->indexed_at == 0)
    {
      job->indexed_at = g_get_monotonic_time ();
      job->indexed_wall = g_get_real_time ();
    }
  stopped = trawl_document_was_stopped (doc);
  stop_polling (self);
  if (!ok)
    {
      g_autofree char *msg = g_strdup_printf (_("Could not open the file: %s"), error->message);

      if (self->model == NULL)
        gtk_stack_set_visible_child_name (self->stack, "empty");
      _trawl_window_show_warning (self, msg);
      trawl_application_debug_print ("load-error %s", error->message);
      _trawl_window_update_actions (self);
      return;
    }

  _trawl_window_ensure_model (self);
  if (self->model == NULL)
    return;
  trawl_packet_list_model_poll (self->model);
  trawl_packet_list_model_analysis_done (self->model);

  secs = (g_get_monotonic_time () - self->load_start) / 1e6;
  g_free (self->load_times);
  self->load_times = stopped ? g_strdup (_("Loading stopped"))
                             : g_strdup_printf (_("Loaded in %.2f s"), secs);
  trawl_status_bar_set_times (self->status_bar, self->load_times);
  _trawl_window_update_counts (self);

  warning = trawl_capture_file_get_warning (self->capture);
  if (stopped)
    _trawl_window_show_warning (self, _("Loading was stopped: only the frames read so far are shown."));
  else
    _trawl_window_show_warning (self, warning);

  trawl_application_debug_print ("indexed %.3f s at=%.6f",
                                   (job->indexed_at - self->load_start) / 1e6,
                                   job->indexed_wall / 1e6);
  trawl_application_debug_print ("loaded frames=%u time=%.3f s warning=%s at=%.6f",
                                 trawl_packet_list_model_get_n_total (self->model), secs,
                                 warning ? warning : "none", g_get_real_time () / 1e6);
  trawl_application_debug_print ("displayed %u/%u",
                                 trawl_packet_list_model_get_n_rows (self->model),
                                 trawl_packet_list_model_get_n_total (self->model));
  trawl_application_debug_print ("max-stall %.1f ms", trawl_application_take_max_stall ());
  trawl_packet_list_resort (self->packet_list);
  _trawl_window_update_actions (self);

  if (self->pending_filter != NULL)
    {
      g_autofree char *text = g_steal_pointer (&self->pending_filter);
      _trawl_window_apply_filter (self, text);
    }
}

/* win.stop (Ctrl+.): loading first, as it comes before any filter. */
void
_trawl_window_stop (TrawlWindow *self)
{
  if (self->load != NULL)
    g_cancellable_cancel (self->load_cancellable);
  else
    _trawl_window_stop_filter (self);
}

void
_trawl_window_reset_document (TrawlWindow *self)
{
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  _trawl_window_cancel_filter (self);
  stop_polling (self);
  g_clear_handle_id (&self->capture_tick_id, g_source_remove);
  trawl_packet_list_set_live (self->packet_list, FALSE);
  self->load = NULL;
  trawl_packet_list_set_model (self->packet_list, NULL);
  trawl_detail_tree_show_frame (self->detail_tree, NULL, -1);
  trawl_byte_view_set_packet (self->byte_view, NULL);
  g_clear_object (&self->model);
  g_clear_object (&self->capture);
  g_clear_object (&self->doc);
  g_clear_pointer (&self->load, g_free);
  g_clear_object (&self->file);
  g_clear_pointer (&self->pending_filter, g_free);
  _trawl_window_show_warning (self, NULL);
  trawl_status_bar_set_times (self->status_bar, NULL);
}

void
trawl_window_open_file (TrawlWindow *self,
                        GFile       *file)
{
  g_autofree char *name = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (TRAWL_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  _trawl_window_reset_document (self);
  /* Another file: an unsaved capture stays in the cache directory, and
   * the next start of the application offers it. */
  g_clear_pointer (&self->capture_path, g_free);
  self->capture_unsaved = FALSE;
  self->file = g_object_ref (file);
  name = g_file_get_basename (file);
  adw_window_title_set_title (self->window_title, name);
  adw_window_title_set_subtitle (self->window_title, NULL);
  gtk_window_set_title (GTK_WINDOW (self), name);
  trawl_status_bar_set_file (self->status_bar, name);
  trawl_status_bar_set_counts (self->status_bar, 0, 0);

  uri = g_file_get_uri (file);
  gtk_recent_manager_add_item (gtk_recent_manager_get_default (), uri);

  self->load = g_new0 (TrawlLoadJob, 1);
  self->load_cancellable = g_cancellable_new ();
  self->load_start = g_get_monotonic_time ();
  self->got_rows = FALSE;
  self->last_grow = 0;
  /* Remote files are not mapped; GIO's fuse path covers most. */
  path = g_file_get_path (file);
  self->doc = trawl_document_new ();
  trawl_document_set_background (self->doc, TRUE);

  trawl_status_bar_set_progress (self->status_bar, _("Reading…"), 0.0);
  self->poll_id = g_timeout_add (POLL_MS, poll_load, self);
  /* A window not on screen yet (`trawl FILE`, a double-click) starts on
   * the capture page: its first frame draws it, instead of the start
   * page followed by a repaint of the whole window. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    _trawl_window_show_capture_page (self);

  trawl_document_load_async (self->doc, path != NULL ? path : "", self->load_cancellable,
                             load_done, g_object_ref (self));
  _trawl_window_update_actions (self);
}

gboolean
trawl_window_has_file (TrawlWindow *self)
{
  g_return_val_if_fail (TRAWL_IS_WINDOW (self), FALSE);

  return self->file != NULL;
}

void
_trawl_window_set_time_format (TrawlWindow     *self,
                               TrawlTimeFormat  format)
{
  if (self->time_format == format)
    return;
  self->time_format = format;
  if (self->model)
    trawl_packet_list_model_set_time_format (self->model, format);
  trawl_application_debug_print ("time-format %s", _trawl_time_format_to_string (format));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIME_FORMAT]);
}

static void
trawl_window_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  TrawlWindow *self = TRAWL_WINDOW (object);

  switch (prop_id)
    {
    case PROP_TIME_FORMAT:
      g_value_set_string (value, _trawl_time_format_to_string (self->time_format));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trawl_window_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  TrawlWindow *self = TRAWL_WINDOW (object);
  TrawlTimeFormat format;

  switch (prop_id)
    {
    case PROP_TIME_FORMAT:
      if (_trawl_time_format_from_string (g_value_get_string (value), &format))
        _trawl_window_set_time_format (self, format);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* ---- drag and drop ---- */

static gboolean
drop_file (GtkDropTarget *target,
           const GValue  *value,
           double         x,
           double         y,
           TrawlWindow   *self)
{
  GSList *files;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  files = g_value_get_boxed (value);
  if (files == NULL)
    return FALSE;
  trawl_window_open_file (self, files->data);
  return TRUE;
}

/* ---- class ---- */

static gboolean
trawl_window_close_request (GtkWindow *window)
{
  TrawlWindow *self = TRAWL_WINDOW (window);

  if (_trawl_window_capture_close_request (self))
    return TRUE;
  save_settings (self);
  _trawl_window_reset_document (self);
  return GTK_WINDOW_CLASS (trawl_window_parent_class)->close_request (window);
}

static void
trawl_window_dispose (GObject *object)
{
  TrawlWindow *self = TRAWL_WINDOW (object);

  _trawl_window_capture_dispose (self);
  _trawl_window_reset_document (self);
  g_clear_pointer (&self->load_times, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), TRAWL_TYPE_WINDOW);
  G_OBJECT_CLASS (trawl_window_parent_class)->dispose (object);
}

static void
trawl_window_class_init (TrawlWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = trawl_window_dispose;
  object_class->get_property = trawl_window_get_property;
  object_class->set_property = trawl_window_set_property;
  window_class->close_request = trawl_window_close_request;

  g_type_ensure (TRAWL_TYPE_FILTER_BAR);
  g_type_ensure (TRAWL_TYPE_PACKET_LIST);
  g_type_ensure (TRAWL_TYPE_DETAIL_TREE);
  g_type_ensure (TRAWL_TYPE_BYTE_VIEW);
  g_type_ensure (TRAWL_TYPE_STATUS_BAR);
  g_type_ensure (TRAWL_TYPE_CAPTURE_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/trawl/Trawl/ui/trawl-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TrawlWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, TrawlWindow, filter_bar);
  gtk_widget_class_bind_template_child (widget_class, TrawlWindow, warning_revealer);
  gtk_widget_class_bind_template_child (widget_class, TrawlWindow, warning_bar);
  gtk_widget_class_bind_template_child (widget_class, TrawlWindow, warning_label);
  gtk_widget_class_bind_template_child (widget_class, TrawlWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TrawlWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, TrawlWindow, outer_paned);
  gtk_widget_class_bind_template_child (widget_class, TrawlWindow, inner_paned);
  gtk_widget_class_bind_template_child (widget_class, TrawlWindow, packet_list);
  gtk_widget_class_bind_template_child (widget_class, TrawlWindow, detail_tree);
  gtk_widget_class_bind_template_child (widget_class, TrawlWindow, byte_view);
  gtk_widget_class_bind_template_child (widget_class, TrawlWindow, status_bar);
  gtk_widget_class_bind_template_child (widget_class, TrawlWindow, recent_menu);
  gtk_widget_class_bind_template_child (widget_class, TrawlWindow, capture_page);
  gtk_widget_class_bind_template_child (widget_class, TrawlWindow, capture_bar);
  gtk_widget_class_bind_template_child (widget_class, TrawlWindow, capture_bar_label);
  gtk_widget_class_bind_template_child (widget_class, TrawlWindow, auth_button);
  gtk_widget_class_bind_template_child (widget_class, TrawlWindow, leftover_open_button);
  gtk_widget_class_bind_template_child (widget_class, TrawlWindow, leftover_delete_button);

  properties[PROP_TIME_FORMAT] =
    g_param_spec_string ("time-format", NULL, NULL, "since-start",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  _trawl_window_class_add_actions (widget_class);
}

static void
trawl_window_init (TrawlWindow *self)
{
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (self->packet_list, "frame-selected", G_CALLBACK (frame_selected), self);
  g_signal_connect (self->detail_tree, "field-selected", G_CALLBACK (field_selected), self);
  g_signal_connect (self->detail_tree, "filter-requested", G_CALLBACK (filter_requested), self);
  g_signal_connect (self->byte_view, "byte-clicked", G_CALLBACK (byte_clicked), self);
  _trawl_window_filter_init (self);
  g_signal_connect (self->warning_bar, "response", G_CALLBACK (warning_response), self);
  g_signal_connect (self->warning_revealer, "notify::child-revealed",
                    G_CALLBACK (warning_revealed_changed), self);
  label_warning_close_button (self);

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (drop_file), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  gtk_stack_set_visible_child_name (self->stack, "empty");
  _trawl_window_actions_init (self);
  _trawl_window_rebuild_recent (self);
  _trawl_window_capture_init (self);
}

/* Frames painted, for poll_load; in debug mode also the frames that take
 * long (from the clock's update phase to the end of painting), to tell a
 * stall's drawing from the window's own work, and when the first rows
 * are on the screen. */
static void
frame_update (GdkFrameClock *clock,
              TrawlWindow   *self)
{
  self->frame_start = g_get_monotonic_time ();
}

static void
frame_after_paint (GdkFrameClock *clock,
                   TrawlWindow   *self)
{
  gint64 now = g_get_monotonic_time ();

  self->frames_painted++;
  if (!trawl_application_debug_stdout ())
    return;
  /* Stalls count from the window's first frame on screen: before it,
   * the application is starting, not frozen. */
  if (self->frames_painted == 1)
    trawl_application_restart_stall_clock ();
  if (self->frame_start != 0 && now - self->frame_start > 20000)
    trawl_application_debug_print ("frame %.1f ms at=%.6f", (now - self->frame_start) / 1e3,
                                   g_get_real_time () / 1e6);
  self->frame_start = 0;
  if (self->rows_unpainted)
    {
      self->rows_unpainted = FALSE;
      /* at=: real time, for benchmarks timing from the launch. */
      trawl_application_debug_print ("first-rows %.3f s at=%.6f",
                                     (now - self->load_start) / 1e6,
                                     g_get_real_time () / 1e6);
    }
}

static void
window_realized (GtkWidget *widget,
                 gpointer   data)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);

  if (clock == NULL)
    return;
  g_signal_connect_object (clock, "after-paint", G_CALLBACK (frame_after_paint), widget, 0);
  if (trawl_application_debug_stdout ())
    g_signal_connect_object (clock, "update", G_CALLBACK (frame_update), widget, 0);
}

TrawlWindow *
trawl_window_new (TrawlApplication *app)
{
  TrawlWindow *self = g_object_new (TRAWL_TYPE_WINDOW, "application", app, NULL);

  load_settings (self);
  g_signal_connect_after (self, "realize", G_CALLBACK (window_realized), NULL);
  return self;
}
