/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-sparkline.h: a small line chart of the last few samples
 *
 * The start page shows one per interface (packets a second, from the
 * kernel's counters), as Wireshark's welcome page does.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define TRAWL_SPARKLINE_SAMPLES 60

#define TRAWL_TYPE_SPARKLINE (trawl_sparkline_get_type ())
G_DECLARE_FINAL_TYPE (TrawlSparkline, trawl_sparkline, TRAWL, SPARKLINE, GtkWidget)

GtkWidget *trawl_sparkline_new        (void);
/* Append one sample (the oldest falls off) and redraw. */
void       trawl_sparkline_push       (TrawlSparkline *self,
                                       double          value);
/* The largest sample shown (0 when none). */
double     trawl_sparkline_get_peak   (TrawlSparkline *self);

G_END_DECLS
