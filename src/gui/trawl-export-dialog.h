/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-export-dialog.h: which packets Export Specified Packets writes */
#pragma once

#include <adwaita.h>

#include "trawl-frame-range.h"

G_BEGIN_DECLS

typedef enum
{
  TRAWL_EXPORT_ALL,
  TRAWL_EXPORT_DISPLAYED,
  TRAWL_EXPORT_SELECTED,
  TRAWL_EXPORT_RANGE,
} TrawlExportWhich;

#define TRAWL_TYPE_EXPORT_DIALOG (trawl_export_dialog_get_type ())
G_DECLARE_FINAL_TYPE (TrawlExportDialog, trawl_export_dialog, TRAWL, EXPORT_DIALOG, AdwMessageDialog)

/* For a capture of @n_frames frames; @displayed (0-based, ascending; a
 * reference is taken) is the filter's result or NULL when every frame
 * shows; @selected is the selected frame (0-based) or -1.  Responds
 * "export" or "cancel". */
TrawlExportDialog     *trawl_export_dialog_new                (GtkWindow         *parent,
                                                               guint32            n_frames,
                                                               GArray            *displayed,
                                                               gint64             selected);
TrawlExportWhich       trawl_export_dialog_get_which          (TrawlExportDialog *self);
/* The range typed (TRAWL_EXPORT_RANGE), owned by the dialog. */
const TrawlFrameRange *trawl_export_dialog_get_range          (TrawlExportDialog *self);
/* TRAWL_EXPORT_RANGE: keep only the displayed frames of the range. */
gboolean               trawl_export_dialog_get_displayed_only (TrawlExportDialog *self);

G_END_DECLS
