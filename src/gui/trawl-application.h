/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-application.h: the Trawl application (io.github.trawl.Trawl) */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define TRAWL_TYPE_APPLICATION (trawl_application_get_type ())
G_DECLARE_FINAL_TYPE (TrawlApplication, trawl_application, TRAWL, APPLICATION, AdwApplication)

TrawlApplication *trawl_application_new              (void);
/* The GSettings of the app, or NULL when the schema is not installed
 * (running from the build tree). */
GSettings        *trawl_application_get_settings     (TrawlApplication *self);
/* TRUE when TRAWL_DEBUG_STDOUT is set: the window prints its state
 * ("displayed 89/89", "selected 5") for the GUI tests. */
gboolean          trawl_application_debug_stdout     (void);
void              trawl_application_debug_print      (const char *format,
                                                      ...) G_GNUC_PRINTF (1, 2);

double            trawl_application_take_max_stall   (void);
/* Forget the stalls so far and measure from now (debug mode only). */
void              trawl_application_restart_stall_clock (void);

G_END_DECLS
