/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-status-bar.h: file name, frame counts, times, warnings, progress */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define TRAWL_TYPE_STATUS_BAR (trawl_status_bar_get_type ())
G_DECLARE_FINAL_TYPE (TrawlStatusBar, trawl_status_bar, TRAWL, STATUS_BAR, GtkWidget)

void trawl_status_bar_set_file     (TrawlStatusBar *self,
                                    const char     *name);
void trawl_status_bar_set_counts   (TrawlStatusBar *self,
                                    guint           displayed,
                                    guint           total);
/* "Loaded in 0.42 s", "Filtered in 0.10 s": NULL hides it. */
void trawl_status_bar_set_times    (TrawlStatusBar *self,
                                    const char     *text);
void trawl_status_bar_set_warning  (TrawlStatusBar *self,
                                    const char     *warning);
/* @label NULL hides the progress bar and its stop button (win.stop); a
 * negative @fraction pulses the bar (a job that cannot tell how far). */
void trawl_status_bar_set_progress (TrawlStatusBar *self,
                                    const char     *label,
                                    double          fraction);

G_END_DECLS
