/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-window.h: the analyzer window */
#pragma once

#include <adwaita.h>

#include "trawl-application.h"

G_BEGIN_DECLS

#define TRAWL_TYPE_WINDOW (trawl_window_get_type ())
G_DECLARE_FINAL_TYPE (TrawlWindow, trawl_window, TRAWL, WINDOW, AdwApplicationWindow)

TrawlWindow *trawl_window_new       (TrawlApplication *app);
/* Open @file in this window (replacing what it shows) and load it. */
void         trawl_window_open_file (TrawlWindow      *self,
                                     GFile            *file);
gboolean     trawl_window_has_file  (TrawlWindow      *self);

G_END_DECLS
