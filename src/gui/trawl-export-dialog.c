/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-export-dialog.c: which packets Export Specified Packets writes
 *
 * Wireshark's packet range: all packets, the displayed ones, the
 * selected one, or a range of frame numbers typed as "1-10,20,30-".  The
 * numbers are those of the No. column (capture order, from 1), as in
 * Wireshark; with a filter applied, the range keeps only the frames the
 * filter displays unless the user says otherwise, as Wireshark's
 * Displayed column does.  The range is checked and counted on every
 * keystroke (a step per interval, never per frame); while it is invalid
 * the entry is red, the message says why and Export is off.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "trawl-application.h"
#include "trawl-export-dialog.h"

struct _TrawlExportDialog
{
  AdwMessageDialog  parent_instance;

  GtkCheckButton   *all_button;
  GtkCheckButton   *displayed_button;
  GtkCheckButton   *selected_button;
  GtkCheckButton   *range_button;
  GtkCheckButton   *displayed_only_button;
  GtkLabel         *all_count;
  GtkLabel         *displayed_count;
  GtkLabel         *selected_label;
  GtkLabel         *range_count;
  GtkEntry         *range_entry;
  GtkLabel         *range_message;

  guint32           n_frames;
  GArray           *displayed;   /* ref, or NULL: every frame shows */
  gint64            selected;
  TrawlFrameRange  *range;       /* the last valid parse, or NULL */
};

G_DEFINE_FINAL_TYPE (TrawlExportDialog, trawl_export_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
set_count (GtkLabel *label,
           guint64   n)
{
  g_autofree char *text = g_strdup_printf ("%" G_GUINT64_FORMAT, n);

  gtk_label_set_text (label, text);
}

static gboolean
displayed_only (TrawlExportDialog *self)
{
  return self->displayed != NULL && gtk_check_button_get_active (self->displayed_only_button);
}

/* Parse the range; returns how many frames it writes, with the entry and
 * its message showing the outcome. */
static guint64
check_range (TrawlExportDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->range_entry));
  GtkWidget *entry = GTK_WIDGET (self->range_entry);
  g_autoptr(GError) error = NULL;
  guint64 n;

  g_clear_pointer (&self->range, trawl_frame_range_free);
  self->range = trawl_frame_range_parse (text, self->n_frames, NULL, &error);
  if (self->range == NULL)
    {
      gtk_label_set_text (self->range_count, "");
      gtk_label_set_text (self->range_message, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->range_message), "error");
      gtk_widget_add_css_class (entry, "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_STATE_INVALID,
                                   GTK_ACCESSIBLE_INVALID_TRUE, -1);
      trawl_application_debug_print ("export-range invalid %s", error->message);
      return 0;
    }
  n = displayed_only (self)
      ? trawl_frame_range_count_in (self->range, (const guint32 *) self->displayed->data,
                                    self->displayed->len)
      : trawl_frame_range_count (self->range);
  set_count (self->range_count, n);
  gtk_label_set_text (self->range_message,
                      n == 0 ? _("The filter displays no frame of this range")
                             : _("Frame numbers as in the No. column"));
  gtk_widget_remove_css_class (GTK_WIDGET (self->range_message), "error");
  gtk_widget_remove_css_class (entry, "error");
  gtk_accessible_reset_state (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_STATE_INVALID);
  trawl_application_debug_print ("export-range valid %s count=%" G_GUINT64_FORMAT, text, n);
  return n;
}

/* Export is on only when it would write at least one frame. */
static void
update (TrawlExportDialog *self)
{
  TrawlExportWhich which = trawl_export_dialog_get_which (self);
  gboolean ok = TRUE;

  gtk_widget_set_sensitive (GTK_WIDGET (self->displayed_only_button),
                            which == TRAWL_EXPORT_RANGE);
  if (which == TRAWL_EXPORT_RANGE)
    ok = check_range (self) > 0;
  else if (which == TRAWL_EXPORT_SELECTED)
    ok = self->selected >= 0;
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "export", ok);
}

static void
choice_toggled (GtkCheckButton    *button,
                TrawlExportDialog *self)
{
  if (!gtk_check_button_get_active (button))
    return;
  /* Choosing the range (Alt+R) is to type it. */
  if (button == self->range_button)
    gtk_widget_grab_focus (GTK_WIDGET (self->range_entry));
  update (self);
}

static void
range_changed (GtkEditable       *editable,
               TrawlExportDialog *self)
{
  /* Typing a range chooses it. */
  if (!gtk_check_button_get_active (self->range_button))
    gtk_check_button_set_active (self->range_button, TRUE);
  else
    update (self);
}

static void
displayed_only_toggled (GtkCheckButton    *button,
                        TrawlExportDialog *self)
{
  update (self);
}

/* Enter on a choice exports, as Enter in the range entry does (it
 * activates the default response): GTK 4.8's check buttons swallow it. */
static gboolean
enter_pressed (GtkWidget *widget,
               GVariant  *args,
               gpointer   user_data)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (widget);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (widget));

  if (focus == NULL || (!GTK_IS_CHECK_BUTTON (focus) &&
                        gtk_widget_get_ancestor (focus, GTK_TYPE_CHECK_BUTTON) == NULL))
    return FALSE;
  if (adw_message_dialog_get_response_enabled (dialog, "export"))
    {
      adw_message_dialog_response (dialog, "export");
      gtk_window_close (GTK_WINDOW (dialog));
    }
  return TRUE;
}

static void
add_enter_shortcuts (TrawlExportDialog *self)
{
  static const guint keys[] = { GDK_KEY_Return, GDK_KEY_KP_Enter, GDK_KEY_ISO_Enter };
  GtkEventController *controller = gtk_shortcut_controller_new ();

  /* Before the focused check button sees the key. */
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (keys[i], 0),
                                                            gtk_callback_action_new (enter_pressed, NULL, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

static void
trawl_export_dialog_finalize (GObject *object)
{
  TrawlExportDialog *self = TRAWL_EXPORT_DIALOG (object);

  g_clear_pointer (&self->displayed, g_array_unref);
  g_clear_pointer (&self->range, trawl_frame_range_free);
  G_OBJECT_CLASS (trawl_export_dialog_parent_class)->finalize (object);
}

static void
trawl_export_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), TRAWL_TYPE_EXPORT_DIALOG);
  G_OBJECT_CLASS (trawl_export_dialog_parent_class)->dispose (object);
}

static void
trawl_export_dialog_class_init (TrawlExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = trawl_export_dialog_dispose;
  object_class->finalize = trawl_export_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/trawl/Trawl/ui/trawl-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TrawlExportDialog, all_button);
  gtk_widget_class_bind_template_child (widget_class, TrawlExportDialog, displayed_button);
  gtk_widget_class_bind_template_child (widget_class, TrawlExportDialog, selected_button);
  gtk_widget_class_bind_template_child (widget_class, TrawlExportDialog, range_button);
  gtk_widget_class_bind_template_child (widget_class, TrawlExportDialog, displayed_only_button);
  gtk_widget_class_bind_template_child (widget_class, TrawlExportDialog, all_count);
  gtk_widget_class_bind_template_child (widget_class, TrawlExportDialog, displayed_count);
  gtk_widget_class_bind_template_child (widget_class, TrawlExportDialog, selected_label);
  gtk_widget_class_bind_template_child (widget_class, TrawlExportDialog, range_count);
  gtk_widget_class_bind_template_child (widget_class, TrawlExportDialog, range_entry);
  gtk_widget_class_bind_template_child (widget_class, TrawlExportDialog, range_message);
}

static void
trawl_export_dialog_init (TrawlExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->selected = -1;

  g_signal_connect (self->all_button, "toggled", G_CALLBACK (choice_toggled), self);
  g_signal_connect (self->displayed_button, "toggled", G_CALLBACK (choice_toggled), self);
  g_signal_connect (self->selected_button, "toggled", G_CALLBACK (choice_toggled), self);
  g_signal_connect (self->range_button, "toggled", G_CALLBACK (choice_toggled), self);
  g_signal_connect (self->displayed_only_button, "toggled", G_CALLBACK (displayed_only_toggled), self);
  g_signal_connect (self->range_entry, "changed", G_CALLBACK (range_changed), self);
  add_enter_shortcuts (self);
}

static void
setup (TrawlExportDialog *self)
{
  g_autofree char *selected = NULL;
  guint32 n_displayed = self->displayed ? self->displayed->len : self->n_frames;

  set_count (self->all_count, self->n_frames);
  set_count (self->displayed_count, n_displayed);
  /* Without a filter "displayed" is "all": no second way to say it. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->displayed_button), self->displayed != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->displayed_only_button), self->displayed != NULL);
  if (self->selected >= 0)
    selected = g_strdup_printf (_("frame %" G_GINT64_FORMAT), self->selected + 1);
  gtk_label_set_text (self->selected_label, selected ? selected : _("none"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->selected_button), self->selected >= 0);
  gtk_label_set_text (self->range_message, _("Frame numbers as in the No. column"));

  /* Wireshark's default: what the list shows. */
  gtk_check_button_set_active (self->displayed != NULL ? self->displayed_button : self->all_button, TRUE);
  update (self);
}

TrawlExportDialog *
trawl_export_dialog_new (GtkWindow *parent,
                         guint32    n_frames,
                         GArray    *displayed,
                         gint64     selected)
{
  TrawlExportDialog *self = g_object_new (TRAWL_TYPE_EXPORT_DIALOG, "transient-for", parent, NULL);

  self->n_frames = n_frames;
  self->displayed = displayed ? g_array_ref (displayed) : NULL;
  self->selected = selected;
  setup (self);
  return self;
}

TrawlExportWhich
trawl_export_dialog_get_which (TrawlExportDialog *self)
{
  g_return_val_if_fail (TRAWL_IS_EXPORT_DIALOG (self), TRAWL_EXPORT_ALL);

  if (gtk_check_button_get_active (self->displayed_button))
    return TRAWL_EXPORT_DISPLAYED;
  if (gtk_check_button_get_active (self->selected_button))
    return TRAWL_EXPORT_SELECTED;
  if (gtk_check_button_get_active (self->range_button))
    return TRAWL_EXPORT_RANGE;
  return TRAWL_EXPORT_ALL;
}

const TrawlFrameRange *
trawl_export_dialog_get_range (TrawlExportDialog *self)
{
  g_return_val_if_fail (TRAWL_IS_EXPORT_DIALOG (self), NULL);

  return self->range;
}

gboolean
trawl_export_dialog_get_displayed_only (TrawlExportDialog *self)
{
  g_return_val_if_fail (TRAWL_IS_EXPORT_DIALOG (self), FALSE);

  return displayed_only (self);
}
