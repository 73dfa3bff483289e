/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-capture-page.h: the start page: interfaces, capture filter, options
 *
 * What Wireshark's welcome page offers: every interface with its traffic,
 * several can be chosen at once, a capture filter checked as it is typed,
 * the capture options, Start; and Open for a file.
 */
#pragma once

#include <gtk/gtk.h>

#include "capture/trawl-capture-session.h"

G_BEGIN_DECLS

#define TRAWL_TYPE_CAPTURE_PAGE (trawl_capture_page_get_type ())
G_DECLARE_FINAL_TYPE (TrawlCapturePage, trawl_capture_page, TRAWL, CAPTURE_PAGE, GtkWidget)

/* List the interfaces again (the helper runs in the background). */
void      trawl_capture_page_refresh         (TrawlCapturePage    *self);
/* Sparklines move while the page is on screen only. */
void      trawl_capture_page_set_active      (TrawlCapturePage    *self,
                                              gboolean             active);
/* Choose the interfaces named in @names (and no other). */
void      trawl_capture_page_choose          (TrawlCapturePage    *self,
                                              const char * const  *names);
/* The chosen interface names (NULL-terminated, transfer full). */
char    **trawl_capture_page_dup_chosen      (TrawlCapturePage    *self);
/* TRUE when at least one interface is chosen and the filter compiles. */
gboolean  trawl_capture_page_can_start       (TrawlCapturePage    *self);
/* Set the chosen interfaces, filter and options on @session. */
void      trawl_capture_page_configure       (TrawlCapturePage    *self,
                                              TrawlCaptureSession *session);
/* How captures will run, said in one line ("Capturing as root"...). */
void      trawl_capture_page_set_route_text  (TrawlCapturePage    *self,
                                              const char          *text);

G_END_DECLS
