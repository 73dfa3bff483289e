/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-interface-row.h: one interface on the start page
 *
 * Its name and addresses, a check button to choose it for the next
 * capture, and a sparkline of its packets a second.
 */
#pragma once

#include <adwaita.h>

#include "capture/trawl-capture-interface.h"

G_BEGIN_DECLS

#define TRAWL_TYPE_INTERFACE_ROW (trawl_interface_row_get_type ())
G_DECLARE_FINAL_TYPE (TrawlInterfaceRow, trawl_interface_row, TRAWL, INTERFACE_ROW, AdwActionRow)

GtkWidget             *trawl_interface_row_new          (TrawlCaptureInterface *iface);
TrawlCaptureInterface *trawl_interface_row_get_interface (TrawlInterfaceRow    *self);
gboolean               trawl_interface_row_get_chosen    (TrawlInterfaceRow    *self);
void                   trawl_interface_row_set_chosen    (TrawlInterfaceRow    *self,
                                                          gboolean              chosen);
/* Read the kernel's counters and add the packets since the last call to
 * the sparkline.  Returns the packets a second of this sample. */
double                 trawl_interface_row_sample        (TrawlInterfaceRow    *self);

G_END_DECLS
