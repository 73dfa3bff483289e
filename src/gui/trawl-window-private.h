/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-window-private.h: shared by trawl-window.c and its actions */
#pragma once

#include "capture/trawl-capture-session.h"
#include "file/trawl-capture-file.h"
#include "filter/trawl-filter-run.h"
#include "trawl-document.h"
#include "trawl-application.h"
#include "trawl-byte-view.h"
#include "trawl-capture-page.h"
#include "trawl-detail-tree.h"
#include "trawl-filter-bar.h"
#include "trawl-packet-list.h"
#include "trawl-packet-list-model.h"
#include "trawl-status-bar.h"
#include "trawl-window.h"

G_BEGIN_DECLS

typedef struct _TrawlLoadJob TrawlLoadJob;
typedef struct _TrawlFilterJob TrawlFilterJob;

struct _TrawlWindow
{
  AdwApplicationWindow  parent_instance;

  /* template */
  AdwWindowTitle       *window_title;
  TrawlFilterBar       *filter_bar;
  GtkRevealer          *warning_revealer;
  GtkInfoBar           *warning_bar;
  GtkLabel             *warning_label;
  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  GtkPaned             *outer_paned;
  GtkPaned             *inner_paned;
  TrawlPacketList      *packet_list;
  TrawlDetailTree      *detail_tree;
  TrawlByteView        *byte_view;
  TrawlStatusBar       *status_bar;
  GMenu                *recent_menu;
  TrawlCapturePage     *capture_page;
  GtkInfoBar           *capture_bar;
  GtkLabel             *capture_bar_label;
  GtkWidget            *auth_button;
  GtkWidget            *leftover_open_button;
  GtkWidget            *leftover_delete_button;

  /* the document */
  GFile                *file;
  TrawlDocument        *doc;
  TrawlCaptureFile     *capture;       /* the document's file, once open */
  TrawlPacketListModel *model;

  /* loading */
  TrawlLoadJob         *load;
  GCancellable         *load_cancellable;
  guint                 poll_id;
  gint64                load_start;
  gboolean              got_rows;        /* the load has added rows */
  guint                 frames_painted;  /* frame clock paints so far */
  guint                 page_frame;      /* frames_painted when the capture page was shown */
  gint64                page_shown_at;
  gboolean              rows_unpainted;  /* first rows added, not yet on screen */
  gint64                frame_start;     /* debug: the frame being drawn began */
  gint64                last_grow;     /* last time the list grew */
  char                 *load_times;

  /* filtering (trawl-window-filter.c) */
  TrawlFilterJob       *filter;        /* the running filter, or NULL */
  guint                 filter_poll_id;
  char                 *pending_filter;
  gint64                swap_before;   /* selected frame when the new set was asked for */

  /* live filtering of a capture's new frames (trawl-window-filter.c) */
  TrawlDisplayFilter   *live_dfilter;  /* the applied filter, or NULL */
  TrawlBpfFilter       *live_bpf;
  guint32               live_filtered; /* frames [0, n) went through it */
  GCancellable         *live_cancellable; /* the running batch, or NULL */
  guint                 live_serial;   /* a new filter makes batches stale */

  /* live capture (trawl-window-capture.c) */
  TrawlCaptureSession  *session;       /* the running capture, or NULL */
  char                 *capture_path;  /* the shown capture's temporary file */
  gboolean              capture_unsaved;
  gint64                capture_start;
  guint                 capture_tick_id;
  gboolean              restart_pending;
  int                   after_stop;    /* what to do when it has stopped */
  int                   after_prompt;  /* ... when Save / Discard is answered */
  int                   after_save;    /* ... once saved */
  int                   bar_mode;
  char                 *leftover;      /* the capture the bar offers */
  char                **leftovers_seen;
  guint32              *latency;       /* debug: rows by packet-to-row ms */
  guint                 latency_seen;
  gboolean              stall_reset;   /* the stall meter restarted at the first rows */

  TrawlTimeFormat       time_format;
};

/* trawl-window-actions.c */
void     _trawl_window_class_add_actions  (GtkWidgetClass *klass);
void     _trawl_window_actions_init       (TrawlWindow *self);
const char *_trawl_time_format_to_string  (TrawlTimeFormat format);
gboolean _trawl_time_format_from_string   (const char      *name,
                                           TrawlTimeFormat *format);
void     _trawl_window_update_actions     (TrawlWindow *self);

/* trawl-window-save.c: win.save-as and win.export */
void     _trawl_window_action_save        (GtkWidget  *widget,
                                           const char *action_name,
                                           GVariant   *param);
/* trawl-window-filter.c */
void     _trawl_window_filter_init        (TrawlWindow *self);
void     _trawl_window_apply_filter       (TrawlWindow *self,
                                           const char  *text);
/* The user stops the running filter: the list keeps what it showed. */
void     _trawl_window_stop_filter        (TrawlWindow *self);
/* The same without a word: the document is going away. */
void     _trawl_window_cancel_filter      (TrawlWindow *self);
gboolean _trawl_window_is_filtering       (TrawlWindow *self);
/* The packet list shows the set a filter (or its clearing) gave. */
void     _trawl_window_frames_shown       (TrawlWindow *self);

/* trawl-window-filter.c: a live capture's new frames */
void     _trawl_window_filter_grow        (TrawlWindow *self);
gboolean _trawl_window_filter_growing     (TrawlWindow *self);

/* trawl-window-capture.c */
void     _trawl_window_capture_init       (TrawlWindow *self);
void     _trawl_window_capture_dispose    (TrawlWindow *self);
gboolean _trawl_window_is_capturing       (TrawlWindow *self);
/* TRUE: closing waits (a capture stops, or Save / Discard is asked). */
gboolean _trawl_window_capture_close_request (TrawlWindow *self);
/* The whole capture was saved: TRUE when that made the window close or
 * start a capture (the saved file is then not opened). */
gboolean _trawl_window_capture_saved      (TrawlWindow *self);
void     _trawl_window_capture_rows_added (TrawlWindow *self);
void     _trawl_window_action_capture     (GtkWidget  *widget,
                                           const char *action_name,
                                           GVariant   *param);

/* trawl-window.c */
void     _trawl_window_reset_document     (TrawlWindow *self);
void     _trawl_window_ensure_model       (TrawlWindow *self);
void     _trawl_window_show_capture_page  (TrawlWindow *self);
void     _trawl_window_start_polling      (TrawlWindow *self);
void     _trawl_window_show_warning       (TrawlWindow *self,
                                           const char  *warning);
void     _trawl_window_stop               (TrawlWindow *self);
void     _trawl_window_update_counts      (TrawlWindow *self);
void     _trawl_window_set_time_format    (TrawlWindow *self,
                                           TrawlTimeFormat format);
void     _trawl_window_toast              (TrawlWindow *self,
                                           const char  *message);
void     _trawl_window_rebuild_recent     (TrawlWindow *self);

G_END_DECLS
