/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-window-actions.c: the window's actions (win.*)
 *
 * Kept apart from the window's loading and filtering logic, as GNOME
 * Text Editor does.  Shortcuts are set in TrawlApplication and listed in
 * the shortcuts window (Ctrl+?).
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "trawl-window-private.h"

static void
open_response (GtkNativeDialog *dialog,
               int              response,
               TrawlWindow     *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL)
        trawl_window_open_file (self, file);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
action_open (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  TrawlWindow *self = TRAWL_WINDOW (widget);
  GtkFileChooserNative *dialog;
  GtkFileFilter *captures = gtk_file_filter_new ();
  GtkFileFilter *all = gtk_file_filter_new ();

  gtk_file_filter_set_name (captures, _("Capture Files"));
  gtk_file_filter_add_mime_type (captures, "application/vnd.tcpdump.pcap");
  gtk_file_filter_add_mime_type (captures, "application/x-pcapng");
  gtk_file_filter_add_suffix (captures, "pcap");
  gtk_file_filter_add_suffix (captures, "pcapng");
  gtk_file_filter_add_suffix (captures, "cap");
  gtk_file_filter_add_suffix (captures, "gz");
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");

  dialog = gtk_file_chooser_native_new (_("Open Capture File"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), captures);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), all);
  g_object_unref (captures);
  g_object_unref (all);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (open_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
action_open_recent (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (param, NULL));

  trawl_window_open_file (TRAWL_WINDOW (widget), file);
}

static void
action_reload (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  TrawlWindow *self = TRAWL_WINDOW (widget);
  g_autoptr(GFile) file = self->file ? g_object_ref (self->file) : NULL;

  if (file != NULL)
    trawl_window_open_file (self, file);
}

static void
action_close (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  gtk_window_close (GTK_WINDOW (widget));
}

static void
action_stop (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  _trawl_window_stop (TRAWL_WINDOW (widget));
}

/* ---- moving through the list ---- */

static void
select_relative (TrawlWindow *self,
                 const char  *where)
{
  guint n, pos;

  if (self->model == NULL)
    return;
  n = trawl_packet_list_model_get_n_rows (self->model);
  if (n == 0)
    return;
  pos = trawl_packet_list_get_selected_position (self->packet_list);
  if (g_str_equal (where, "first"))
    pos = 0;
  else if (g_str_equal (where, "last"))
    pos = n - 1;
  else if (g_str_equal (where, "next"))
    pos = pos == GTK_INVALID_LIST_POSITION ? 0 : MIN (pos + 1, n - 1);
  else
    pos = pos == GTK_INVALID_LIST_POSITION || pos == 0 ? 0 : pos - 1;
  trawl_packet_list_select_position (self->packet_list, pos);
}

static void
action_move (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  const char *name = strchr (action_name, '.') + 1;
  g_autofree char *where = g_strndup (name, strchr (name, '-') - name);

  select_relative (TRAWL_WINDOW (widget), where);
}

static void
goto_response (AdwMessageDialog *dialog,
               const char       *response,
               TrawlWindow      *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  const char *text;
  guint64 number;

  if (!g_str_equal (response, "go") || self->model == NULL)
    return;
  text = gtk_editable_get_text (entry);
  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT32, &number, NULL) ||
      number > trawl_packet_list_model_get_n_total (self->model))
    {
      g_autofree char *msg = g_strdup_printf (_("There is no frame %s"), text);
      _trawl_window_toast (self, msg);
      return;
    }
  if (!trawl_packet_list_select_frame (self->packet_list, (guint32) (number - 1)))
    {
      g_autofree char *msg = g_strdup_printf (_("Frame %" G_GUINT64_FORMAT " is not displayed"), number);
      _trawl_window_toast (self, msg);
    }
}

static void
goto_activate (GtkEntry         *entry,
               AdwMessageDialog *dialog)
{
  adw_message_dialog_response (dialog, "go");
  gtk_window_close (GTK_WINDOW (dialog));
}

static void
action_go_to_packet (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  TrawlWindow *self = TRAWL_WINDOW (widget);
  GtkWidget *dialog, *entry;

  if (self->model == NULL)
    return;
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Go to Packet"), NULL);
  entry = gtk_entry_new ();
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_DIGITS);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Frame number"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Frame number"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"), "go", _("_Go"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "go", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "go");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_signal_connect (dialog, "response", G_CALLBACK (goto_response), self);
  g_signal_connect (entry, "activate", G_CALLBACK (goto_activate), dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

/* ---- view ---- */

static const char *time_format_names[] = {
  [TRAWL_TIME_FORMAT_RELATIVE] = "since-start",
  [TRAWL_TIME_FORMAT_DELTA_DISPLAYED] = "since-previous",
  [TRAWL_TIME_FORMAT_ABSOLUTE] = "absolute",
  [TRAWL_TIME_FORMAT_UTC] = "utc",
  [TRAWL_TIME_FORMAT_EPOCH] = "epoch",
};

const char *
_trawl_time_format_to_string (TrawlTimeFormat format)
{
  return format < G_N_ELEMENTS (time_format_names) ? time_format_names[format] : "since-start";
}

gboolean
_trawl_time_format_from_string (const char      *name,
                                TrawlTimeFormat *format)
{
  for (guint i = 0; name && i < G_N_ELEMENTS (time_format_names); i++)
    if (g_str_equal (name, time_format_names[i]))
      {
        *format = (TrawlTimeFormat) i;
        return TRUE;
      }
  return FALSE;
}

static void
action_expand_all (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  TrawlWindow *self = TRAWL_WINDOW (widget);

  if (g_str_equal (action_name, "win.expand-all"))
    trawl_detail_tree_expand_all (self->detail_tree);
  else
    trawl_detail_tree_collapse_all (self->detail_tree);
}

static void
action_focus_filter (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  gtk_widget_grab_focus (GTK_WIDGET (TRAWL_WINDOW (widget)->filter_bar));
}

/* F6 / Shift+F6: filter bar → packet list → details → bytes, as in
 * GNOME apps with panes. */
static void
action_pane (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  TrawlWindow *self = TRAWL_WINDOW (widget);
  GtkWidget *panes[] = {
    GTK_WIDGET (self->filter_bar), GTK_WIDGET (self->packet_list),
    GTK_WIDGET (self->detail_tree), GTK_WIDGET (self->byte_view),
  };
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  int current = -1, step = g_str_equal (action_name, "win.next-pane") ? 1 : -1;

  for (guint i = 0; i < G_N_ELEMENTS (panes); i++)
    if (focus && (focus == panes[i] || gtk_widget_is_ancestor (focus, panes[i])))
      current = (int) i;
  for (guint tries = 0; tries < G_N_ELEMENTS (panes); tries++)
    {
      current = (current + step + (int) G_N_ELEMENTS (panes)) % (int) G_N_ELEMENTS (panes);
      if (gtk_widget_get_mapped (panes[current]) && gtk_widget_grab_focus (panes[current]))
        return;
    }
}

/* ---- state ---- */

void
_trawl_window_update_actions (TrawlWindow *self)
{
  gboolean have = self->model != NULL;
  GtkWidget *w = GTK_WIDGET (self);

  gtk_widget_action_set_enabled (w, "win.go-to-packet", have);
  gtk_widget_action_set_enabled (w, "win.first-packet", have);
  gtk_widget_action_set_enabled (w, "win.last-packet", have);
  gtk_widget_action_set_enabled (w, "win.next-packet", have);
  gtk_widget_action_set_enabled (w, "win.prev-packet", have);
  gboolean capturing = _trawl_window_is_capturing (self);

  /* Ctrl+E starts and stops, Ctrl+R reloads a file or restarts a
   * capture, as in Wireshark: of two actions on one key, one is enabled. */
  gtk_widget_action_set_enabled (w, "win.capture-start",
                                 !capturing && trawl_capture_page_can_start (self->capture_page));
  gtk_widget_action_set_enabled (w, "win.capture-stop", capturing);
  gtk_widget_action_set_enabled (w, "win.capture-restart", capturing);
  gtk_widget_action_set_enabled (w, "win.capture-interfaces", !capturing);
  gtk_widget_action_set_enabled (w, "win.reload", self->file != NULL && !capturing);
  gtk_widget_action_set_enabled (w, "win.stop", self->load != NULL || _trawl_window_is_filtering (self));
  /* A capture still being read (or indexed after its end) would be saved
   * in part. */
  gboolean whole = self->capture != NULL && self->load == NULL && !capturing &&
                   (self->doc == NULL || trawl_document_get_phase (self->doc) == TRAWL_DOCUMENT_PHASE_READY);
  gtk_widget_action_set_enabled (w, "win.save-as", whole);
  gtk_widget_action_set_enabled (w, "win.export", whole);
}

static gboolean
is_capture_name (const char *name)
{
  return g_str_has_suffix (name, ".pcap") || g_str_has_suffix (name, ".pcapng") ||
         g_str_has_suffix (name, ".cap") || g_str_has_suffix (name, ".pcap.gz") ||
         g_str_has_suffix (name, ".pcapng.gz");
}

void
_trawl_window_rebuild_recent (TrawlWindow *self)
{
  GList *items = gtk_recent_manager_get_items (gtk_recent_manager_get_default ());
  guint n = 0;

  g_menu_remove_all (self->recent_menu);
  for (GList *l = items; l != NULL && n < 10; l = l->next)
    {
      GtkRecentInfo *info = l->data;
      const char *uri = gtk_recent_info_get_uri (info);
      g_autoptr(GMenuItem) item = NULL;

      if (!is_capture_name (uri) || !gtk_recent_info_exists (info))
        continue;
      item = g_menu_item_new (gtk_recent_info_get_display_name (info), NULL);
      g_menu_item_set_action_and_target (item, "win.open-recent", "s", uri);
      g_menu_append_item (self->recent_menu, item);
      n++;
    }
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
}

static void
recent_changed (GtkRecentManager *manager,
                TrawlWindow      *self)
{
  _trawl_window_rebuild_recent (self);
}

void
_trawl_window_class_add_actions (GtkWidgetClass *klass)
{
  gtk_widget_class_install_action (klass, "win.open", NULL, action_open);
  gtk_widget_class_install_action (klass, "win.open-recent", "s", action_open_recent);
  gtk_widget_class_install_action (klass, "win.reload", NULL, action_reload);
  gtk_widget_class_install_action (klass, "win.save-as", NULL, _trawl_window_action_save);
  gtk_widget_class_install_action (klass, "win.export", NULL, _trawl_window_action_save);
  gtk_widget_class_install_action (klass, "win.close", NULL, action_close);
  gtk_widget_class_install_action (klass, "win.stop", NULL, action_stop);
  gtk_widget_class_install_action (klass, "win.go-to-packet", NULL, action_go_to_packet);
  gtk_widget_class_install_action (klass, "win.first-packet", NULL, action_move);
  gtk_widget_class_install_action (klass, "win.last-packet", NULL, action_move);
  gtk_widget_class_install_action (klass, "win.next-packet", NULL, action_move);
  gtk_widget_class_install_action (klass, "win.prev-packet", NULL, action_move);
  /* A string property makes the radio items of View → Time Display Format. */
  gtk_widget_class_install_property_action (klass, "win.time-format", "time-format");
  gtk_widget_class_install_action (klass, "win.expand-all", NULL, action_expand_all);
  gtk_widget_class_install_action (klass, "win.collapse-all", NULL, action_expand_all);
  gtk_widget_class_install_action (klass, "win.focus-filter", NULL, action_focus_filter);
  gtk_widget_class_install_action (klass, "win.next-pane", NULL, action_pane);
  gtk_widget_class_install_action (klass, "win.prev-pane", NULL, action_pane);
  gtk_widget_class_install_action (klass, "win.capture-start", NULL, _trawl_window_action_capture);
  gtk_widget_class_install_action (klass, "win.capture-stop", NULL, _trawl_window_action_capture);
  gtk_widget_class_install_action (klass, "win.capture-restart", NULL, _trawl_window_action_capture);
  gtk_widget_class_install_action (klass, "win.capture-interfaces", NULL, _trawl_window_action_capture);
}

void
_trawl_window_actions_init (TrawlWindow *self)
{
  g_signal_connect_object (gtk_recent_manager_get_default (), "changed",
                           G_CALLBACK (recent_changed), self, 0);
  _trawl_window_update_actions (self);
}
