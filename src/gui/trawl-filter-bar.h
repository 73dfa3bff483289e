/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-filter-bar.h: the display filter entry under the header bar */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Text starting with this prefix is a tcpdump (BPF) filter. */
#define TRAWL_BPF_PREFIX "bpf:"

#define TRAWL_TYPE_FILTER_BAR (trawl_filter_bar_get_type ())
G_DECLARE_FINAL_TYPE (TrawlFilterBar, trawl_filter_bar, TRAWL, FILTER_BAR, GtkWidget)

const char *trawl_filter_bar_get_text   (TrawlFilterBar *self);
void        trawl_filter_bar_set_text   (TrawlFilterBar *self,
                                         const char     *text);
/* Remember @text in the history menu (most recent first). */
void        trawl_filter_bar_add_recent (TrawlFilterBar *self,
                                         const char     *text);
/* Set the history (from GSettings); returns it with get_recent. */
void        trawl_filter_bar_set_recent (TrawlFilterBar *self,
                                         const char * const *recent);
GStrv       trawl_filter_bar_dup_recent (TrawlFilterBar *self);
/* While a filter runs: the apply button turns into a stop button, and
 * it and Esc emit ::stop instead of clearing the text. */
void        trawl_filter_bar_set_busy   (TrawlFilterBar *self,
                                         gboolean        busy);
/* The running filter's progress under the text (0 hides it; a negative
 * fraction pulses, for a filter that cannot tell how far it is). */
void        trawl_filter_bar_set_progress (TrawlFilterBar *self,
                                           double          fraction);
/* Emits ::apply with the text, when it is valid. */
void        trawl_filter_bar_apply      (TrawlFilterBar *self);

G_END_DECLS
