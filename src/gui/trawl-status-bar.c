/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-status-bar.c: the line under the panes, as in Wireshark */
#include "config.h"

#include <glib/gi18n.h>

#include "trawl-status-bar.h"

struct _TrawlStatusBar
{
  GtkWidget       parent_instance;

  GtkWidget      *box;
  GtkLabel       *file_label;
  GtkWidget      *warning_icon;
  GtkLabel       *warning_label;
  GtkWidget      *progress_box;
  GtkLabel       *progress_label;
  GtkProgressBar *progress_bar;
  GtkLabel       *times_label;
  GtkLabel       *counts_label;
};

G_DEFINE_FINAL_TYPE (TrawlStatusBar, trawl_status_bar, GTK_TYPE_WIDGET)

static void
trawl_status_bar_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), TRAWL_TYPE_STATUS_BAR);
  G_OBJECT_CLASS (trawl_status_bar_parent_class)->dispose (object);
}

static void
trawl_status_bar_class_init (TrawlStatusBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = trawl_status_bar_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/trawl/Trawl/ui/trawl-status-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, TrawlStatusBar, box);
  gtk_widget_class_bind_template_child (widget_class, TrawlStatusBar, file_label);
  gtk_widget_class_bind_template_child (widget_class, TrawlStatusBar, warning_icon);
  gtk_widget_class_bind_template_child (widget_class, TrawlStatusBar, warning_label);
  gtk_widget_class_bind_template_child (widget_class, TrawlStatusBar, progress_box);
  gtk_widget_class_bind_template_child (widget_class, TrawlStatusBar, progress_label);
  gtk_widget_class_bind_template_child (widget_class, TrawlStatusBar, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, TrawlStatusBar, times_label);
  gtk_widget_class_bind_template_child (widget_class, TrawlStatusBar, counts_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "statusbar");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_STATUS);
}

static void
trawl_status_bar_init (TrawlStatusBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
trawl_status_bar_set_file (TrawlStatusBar *self,
                           const char     *name)
{
  g_return_if_fail (TRAWL_IS_STATUS_BAR (self));

  gtk_label_set_text (self->file_label, name ? name : "");
}

void
trawl_status_bar_set_counts (TrawlStatusBar *self,
                             guint           displayed,
                             guint           total)
{
  g_autofree char *text = NULL;

  g_return_if_fail (TRAWL_IS_STATUS_BAR (self));

  /* Wireshark: "Packets: 89 · Displayed: 12 (13.5%)". */
  if (displayed == total)
    text = g_strdup_printf (_("Frames: %u · Displayed: %u"), total, displayed);
  else
    text = g_strdup_printf (_("Frames: %u · Displayed: %u (%.1f%%)"), total, displayed,
                            total ? 100.0 * displayed / total : 0.0);
  gtk_label_set_text (self->counts_label, text);
}

void
trawl_status_bar_set_times (TrawlStatusBar *self,
                            const char     *text)
{
  g_return_if_fail (TRAWL_IS_STATUS_BAR (self));

  gtk_label_set_text (self->times_label, text ? text : "");
}

void
trawl_status_bar_set_warning (TrawlStatusBar *self,
                              const char     *warning)
{
  g_return_if_fail (TRAWL_IS_STATUS_BAR (self));

  gtk_label_set_text (self->warning_label, warning ? warning : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->warning_label), warning);
  gtk_widget_set_visible (GTK_WIDGET (self->warning_label), warning != NULL);
  gtk_widget_set_visible (self->warning_icon, warning != NULL);
}

void
trawl_status_bar_set_progress (TrawlStatusBar *self,
                               const char     *label,
                               double          fraction)
{
  g_return_if_fail (TRAWL_IS_STATUS_BAR (self));

  gtk_widget_set_visible (self->progress_box, label != NULL);
  if (label == NULL)
    return;
  gtk_label_set_text (self->progress_label, label);
  if (fraction < 0)
    gtk_progress_bar_pulse (self->progress_bar);
  else
    gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0.0, 1.0));
}
