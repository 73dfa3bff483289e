/* trawl-window-private.h: shared by trawl-window.c and its actions */
#pragma once

#include "file/trawl-capture-file.h"
#include "trawl-byte-view.h"
#include "trawl-detail-tree.h"
#include "trawl-filter-bar.h"
#include "trawl-packet-list.h"
#include "trawl-packet-list-model.h"
#include "trawl-status-bar.h"
#include "trawl-window.h"

G_BEGIN_DECLS

typedef struct _TrawlLoadJob TrawlLoadJob;

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

  /* the document */
  GFile                *file;
  TrawlCaptureFile     *capture;
  TrawlPacketListModel *model;

  /* loading */
  TrawlLoadJob         *load;
  GCancellable         *load_cancellable;
  guint                 poll_id;
  gint64                load_start;
  gint64                first_rows_at;
  gint64                last_grow;     /* last time the list grew */
  char                 *load_times;

  /* filtering */
  GCancellable         *filter_cancellable;
  char                 *pending_filter;
  gint64                filter_start;

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
/* trawl-window.c */
void     _trawl_window_cancel_load        (TrawlWindow *self);
void     _trawl_window_apply_filter       (TrawlWindow *self,
                                           const char  *text);
void     _trawl_window_set_time_format    (TrawlWindow *self,
                                           TrawlTimeFormat format);
void     _trawl_window_toast              (TrawlWindow *self,
                                           const char  *message);
void     _trawl_window_rebuild_recent     (TrawlWindow *self);

G_END_DECLS
