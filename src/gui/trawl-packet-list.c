/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-packet-list.c: the packet list pane
 *
 * A GtkColumnView with one-line, uniform rows (GtkInscription cells in
 * the data-table style): variable heights trigger GTK bug 2971 on 4.8.
 * The model is TrawlPacketListModel; sorting never goes through a
 * GtkSortListModel.  The column headers carry sorters only so GTK draws
 * the clickable headers and the arrow; the order itself is computed by
 * the model in a worker thread.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "trawl-application.h"
#include "trawl-packet-list.h"

struct _TrawlPacketList
{
  GtkWidget             parent_instance;

  GtkScrolledWindow    *scroller;
  GtkColumnView        *column_view;
  GtkColumnViewColumn  *columns[TRAWL_N_COLUMNS];

  TrawlPacketListModel *model;
  GtkSingleSelection   *selection;
  GCancellable         *sort_cancellable;
  gint64                selected_frame;
  gboolean              swapping;     /* selection changes are ours: don't report */
  GObject              *probe_a, *probe_b; /* items to ask the view's sorter with */
  int                   probe_column;
  GPtrArray            *items;        /* the first column's GtkListItems (not owned) */
  guint                 focus_pos;    /* row to give the keyboard focus, or INVALID */
  guint                 top_row_id;   /* debug hook: report the top row once scrolling rests */
  guint                 refill_id;    /* tick adding the rows of a filter or sort */
  guint                 drain_id;     /* tick removing row widgets before a swap */
  guint                 drain_ticks;
  gboolean              swap_pending; /* after the drain: show swap_frames */
  GArray               *swap_frames;  /* (NULL: every frame) */
  GAsyncResult         *sort_result;  /* after the drain: the sort to finish */
  gboolean              live;         /* a live capture: follow the newest row */
  gboolean              following;    /* the view is at the end (live only) */
  gboolean              scrolling_to_end; /* value changes that are ours */
  guint                 end_tick_id;
};

G_DEFINE_FINAL_TYPE (TrawlPacketList, trawl_packet_list, GTK_TYPE_WIDGET)

enum { FRAME_SELECTED, SORT_DONE, FRAMES_SHOWN, N_SIGNALS };
static guint signals[N_SIGNALS];

static const struct
{
  const char *title;
  gboolean    numeric;   /* right-aligned */
  gboolean    expand;
  int         width;
} column_info[TRAWL_N_COLUMNS] = {
  [TRAWL_COLUMN_NUMBER] = { N_("No."), TRUE, FALSE, 70 },
  [TRAWL_COLUMN_TIME] = { N_("Time"), TRUE, FALSE, 110 },
  [TRAWL_COLUMN_SOURCE] = { N_("Source"), FALSE, FALSE, 150 },
  [TRAWL_COLUMN_DESTINATION] = { N_("Destination"), FALSE, FALSE, 150 },
  [TRAWL_COLUMN_PROTOCOL] = { N_("Protocol"), FALSE, FALSE, 85 },
  [TRAWL_COLUMN_LENGTH] = { N_("Length"), TRUE, FALSE, 70 },
  [TRAWL_COLUMN_INFO] = { N_("Info"), FALSE, TRUE, 400 },
};

/* ---- cells ---- */

static void
update_cell (GtkInscription *cell,
             TrawlPacketRow *row)
{
  TrawlColumn column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (cell), "column"));
  const char *old_class = g_object_get_data (G_OBJECT (cell), "css-class");
  const char *css_class = trawl_packet_row_get_css_class (row);

  gtk_inscription_set_text (cell, trawl_packet_row_get_text (row, column));
  if (old_class != css_class)
    {
      /* Classes are static strings: comparing pointers is enough. */
      if (old_class)
        gtk_widget_remove_css_class (GTK_WIDGET (cell), old_class);
      if (css_class)
        gtk_widget_add_css_class (GTK_WIDGET (cell), css_class);
      g_object_set_data (G_OBJECT (cell), "css-class", (gpointer) css_class);
    }
}

/* The row widget holding a cell: the child of the inner GtkListView. */
static GtkWidget *
row_widget_of (TrawlPacketList *self,
               GtkWidget       *cell);

/* The focus lands on the row widget GTK makes around the cells, which
 * has no name of its own (AT-SPI said "GtkListItemWidget"): name it
 * after every column, as a screen reader reads a table row. */
static void
update_row_label (GtkInscription *cell,
                  TrawlPacketRow *row)
{
  TrawlPacketList *self = g_object_get_data (G_OBJECT (cell), "list");
  GtkWidget *row_widget = self ? row_widget_of (self, GTK_WIDGET (cell)) : NULL;
  g_autoptr(GString) label = g_string_new (NULL);

  if (row_widget == NULL)
    return;
  for (guint i = 0; i < TRAWL_N_COLUMNS; i++)
    g_string_append_printf (label, "%s%s %s", i ? ", " : "", _(column_info[i].title),
                            trawl_packet_row_get_text (row, i));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row_widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  label->str, -1);
}

static void
row_changed (TrawlPacketRow *row,
             GtkInscription *cell)
{
  update_cell (cell, row);
  update_row_label (cell, row);
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  column)
{
  GtkWidget *cell = gtk_inscription_new (NULL);

  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (cell), 4);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (cell), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  if (column_info[GPOINTER_TO_UINT (column)].numeric)
    gtk_inscription_set_xalign (GTK_INSCRIPTION (cell), 1.0);
  gtk_widget_add_css_class (cell, "pl-cell");
  g_object_set_data (G_OBJECT (cell), "column", column);
  gtk_list_item_set_child (item, cell);
}

/* The row widget holding a cell: the child of the inner GtkListView. */
static GtkWidget *
row_widget_of (TrawlPacketList *self,
               GtkWidget       *cell)
{
  GtkWidget *list_view = gtk_widget_get_last_child (GTK_WIDGET (self->column_view));
  GtkWidget *w = cell;

  while (w != NULL && gtk_widget_get_parent (w) != list_view)
    w = gtk_widget_get_parent (w);
  return w;
}

/* Give the keyboard focus to the row at self->focus_pos if GTK has made
 * its widget.  GTK 4.8's list keeps a focus tracker that PageUp/Down and
 * the arrows start from; selecting a row in code does not move it, so
 * after Ctrl+End the next PageUp went back to where the focus was.
 * Grabbing the row widget moves the tracker (set_focus_child). */
static gboolean
focus_pending_row (TrawlPacketList *self)
{
  if (self->focus_pos == GTK_INVALID_LIST_POSITION)
    return TRUE;
  for (guint i = 0; i < self->items->len; i++)
    {
      GtkListItem *item = g_ptr_array_index (self->items, i);
      GtkWidget *cell = gtk_list_item_get_child (item);
      GtkWidget *row;

      if (gtk_list_item_get_item (item) == NULL ||
          gtk_list_item_get_position (item) != self->focus_pos || cell == NULL)
        continue;
      row = row_widget_of (self, cell);
      if (row == NULL || !gtk_widget_get_mapped (row))
        return FALSE;
      self->focus_pos = GTK_INVALID_LIST_POSITION;
      gtk_widget_grab_focus (row);
      return TRUE;
    }
  return FALSE;
}

static gboolean
focus_tick (GtkWidget     *widget,
            GdkFrameClock *clock,
            gpointer       data)
{
  TrawlPacketList *self = data;

  /* Keep trying for a few frames: the row exists after the next layout. */
  if (focus_pending_row (self) ||
      GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (widget), "focus-tries")) > 30)
    {
      g_object_set_data (G_OBJECT (widget), "focus-tries", NULL);
      g_object_set_data (G_OBJECT (widget), "focus-tick", NULL);
      return G_SOURCE_REMOVE;
    }
  g_object_set_data (G_OBJECT (widget), "focus-tries",
                     GUINT_TO_POINTER (GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (widget), "focus-tries")) + 1));
  return G_SOURCE_CONTINUE;
}

static void
focus_row_soon (TrawlPacketList *self,
                guint            position)
{
  GtkWidget *cv = GTK_WIDGET (self->column_view);

  self->focus_pos = position;
  if (focus_pending_row (self))
    return;
  g_object_set_data (G_OBJECT (cv), "focus-tries", NULL);
  if (g_object_get_data (G_OBJECT (cv), "focus-tick") == NULL)
    g_object_set_data (G_OBJECT (cv), "focus-tick",
                       GUINT_TO_POINTER (gtk_widget_add_tick_callback (cv, focus_tick, self, NULL)));
}

/* Debug hook: the first row whose widget is at least half inside the
 * view, found from the row widgets GTK made (no assumption on heights). */
static gboolean
print_top_row (gpointer data)
{
  TrawlPacketList *self = data;
  GtkWidget *list_view = gtk_widget_get_last_child (GTK_WIDGET (self->column_view));
  guint best = GTK_INVALID_LIST_POSITION;

  self->top_row_id = 0;
  for (guint i = 0; i < self->items->len; i++)
    {
      GtkListItem *item = g_ptr_array_index (self->items, i);
      GtkWidget *cell = gtk_list_item_get_child (item);
      GtkWidget *row = cell ? row_widget_of (self, cell) : NULL;
      graphene_point_t p;
      guint pos;

      if (row == NULL || gtk_list_item_get_item (item) == NULL || !gtk_widget_get_mapped (row) ||
          !gtk_widget_get_child_visible (row) ||
          !gtk_widget_compute_point (row, list_view, &GRAPHENE_POINT_INIT (0, 0), &p))
        continue;
      pos = gtk_list_item_get_position (item);
      if (p.y + gtk_widget_get_height (row) / 2.0 >= 0 && p.y < gtk_widget_get_height (list_view) &&
          pos < best)
        best = pos;
    }
  if (best != GTK_INVALID_LIST_POSITION && self->model != NULL &&
      best < g_list_model_get_n_items (G_LIST_MODEL (self->model)))
    trawl_application_debug_print ("top-row pos=%u frame=%u", best + 1,
                                   trawl_packet_list_model_get_frame (self->model, best) + 1);
  return G_SOURCE_REMOVE;
}

static void
scrolled (GtkAdjustment   *adjustment,
          TrawlPacketList *self)
{
  g_clear_handle_id (&self->top_row_id, g_source_remove);
  self->top_row_id = g_timeout_add (200, print_top_row, self);
}

/* ---- following the newest row of a live capture ----
 *
 * As in Wireshark: while the view shows the last row, new rows scroll it
 * along; once the user scrolls up, it stays where it is until they
 * scroll back to the end.  The list view's height grows when it lays the
 * new rows out (notify::upper), which is when the view moves down. */

static gboolean
at_end (GtkAdjustment *adj)
{
  /* Within a row and a half of the end counts as the end. */
  return gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_size (adj) >=
         gtk_adjustment_get_upper (adj) - 30;
}

static void
set_following (TrawlPacketList *self,
               gboolean         following)
{
  if (self->following == following)
    return;
  self->following = following;
  trawl_application_debug_print ("follow %s", following ? "yes" : "no");
}

static void
live_value_changed (GtkAdjustment   *adj,
                    TrawlPacketList *self)
{
  /* Only the user's scrolling counts: a swap, a drain or a refill moves
   * the view too (rows go and come back). */
  if (!self->live || self->scrolling_to_end || self->swapping || self->drain_id != 0 || self->refill_id != 0)
    return;
  set_following (self, at_end (adj));
}

/* Set in the next frame, before its layout: the list view takes a value
 * set while it allocates (when upper changes) back to its anchor row. */
static gboolean
scroll_to_end_tick (GtkWidget     *widget,
                    GdkFrameClock *clock,
                    gpointer       data)
{
  TrawlPacketList *self = TRAWL_PACKET_LIST (widget);
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scroller);

  self->end_tick_id = 0;
  if (self->live && self->following && !at_end (adj))
    {
      self->scrolling_to_end = TRUE;
      gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj));
      self->scrolling_to_end = FALSE;
    }
  return G_SOURCE_REMOVE;
}

static void
live_upper_changed (GtkAdjustment   *adj,
                    GParamSpec      *pspec,
                    TrawlPacketList *self)
{
  if (!self->live || !self->following || self->end_tick_id != 0)
    return;
  self->end_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), scroll_to_end_tick, NULL, NULL);
}

void
trawl_packet_list_set_live (TrawlPacketList *self,
                            gboolean         live)
{
  g_return_if_fail (TRAWL_IS_PACKET_LIST (self));

  self->live = live;
  set_following (self, live);
}

gboolean
trawl_packet_list_get_following (TrawlPacketList *self)
{
  g_return_val_if_fail (TRAWL_IS_PACKET_LIST (self), FALSE);

  return self->live && self->following;
}

static void
track_item (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            TrawlPacketList          *self)
{
  g_ptr_array_add (self->items, item);
  /* Only the first column's cell names the row (update_row_label). */
  g_object_set_data (G_OBJECT (gtk_list_item_get_child (item)), "list", self);
}

static void
teardown_cell (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               TrawlPacketList          *self)
{
  g_ptr_array_remove_fast (self->items, item);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  column)
{
  GtkWidget *cell = gtk_list_item_get_child (item);
  TrawlPacketRow *row = gtk_list_item_get_item (item);
  gulong id;

  update_cell (GTK_INSCRIPTION (cell), row);
  update_row_label (GTK_INSCRIPTION (cell), row);
  id = g_signal_connect_object (row, "changed", G_CALLBACK (row_changed), cell, 0);
  g_object_set_data (G_OBJECT (cell), "changed-id", GSIZE_TO_POINTER (id));
}

static void
unbind_cell (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  column)
{
  GtkWidget *cell = gtk_list_item_get_child (item);
  TrawlPacketRow *row = gtk_list_item_get_item (item);
  gulong id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (cell), "changed-id"));

  if (row != NULL && id != 0)
    g_signal_handler_disconnect (row, id);
  g_object_set_data (G_OBJECT (cell), "changed-id", NULL);
}

/* ---- sorting ---- */

/* The view's sorter asks the columns' sorters in its order: the first one
 * asked is the primary column, and the sign it gets back tells the
 * direction (GTK 4.8 has no API for either). */
static int
probe_compare (gconstpointer a,
               gconstpointer b,
               gpointer      column)
{
  TrawlPacketList *self = g_object_get_data (G_OBJECT (a), "list");

  if (self->probe_column < 0)
    self->probe_column = GPOINTER_TO_INT (column);
  return -1;
}

/* ---- rows of a filter or sort: a few a frame (TRAWL_PACKET_LIST_RAMP_*) ---- */

static gboolean
refill_tick (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       data)
{
  TrawlPacketList *self = TRAWL_PACKET_LIST (widget);
  guint shown;

  if (self->model == NULL)
    {
      self->refill_id = 0;
      return G_SOURCE_REMOVE;
    }
  /* The rows a drain takes away are not to come back. */
  if (self->drain_id != 0)
    return G_SOURCE_CONTINUE;
  shown = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  trawl_packet_list_model_refill (self->model, shown < TRAWL_PACKET_LIST_RAMP_ROWS
                                               ? TRAWL_PACKET_LIST_RAMP_STEP : G_MAXUINT);
  if (g_list_model_get_n_items (G_LIST_MODEL (self->model)) < trawl_packet_list_model_get_n_rows (self->model))
    return G_SOURCE_CONTINUE;
  self->refill_id = 0;
  return G_SOURCE_REMOVE;
}

static void
start_refill (TrawlPacketList *self)
{
  if (self->refill_id != 0 || self->model == NULL ||
      g_list_model_get_n_items (G_LIST_MODEL (self->model)) >= trawl_packet_list_model_get_n_rows (self->model))
    return;
  self->refill_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), refill_tick, NULL, NULL);
}

static void start_drain (TrawlPacketList *self);

/* A sort's result replaces every row: after a drain (drain_tick). */
static void
sort_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(TrawlPacketList) self = user_data;

  if (TRAWL_PACKET_LIST_MODEL (source) != self->model)
    return;
  g_set_object (&self->sort_result, result);
  start_drain (self);
}

static void
finish_sort (TrawlPacketList *self,
             GAsyncResult    *result)
{
  g_autoptr(GError) error = NULL;
  gint64 frame = self->selected_frame;
  gint64 pos;

  self->swapping = TRUE;
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  if (!trawl_packet_list_model_sort_finish (self->model, result, &error))
    {
      self->swapping = FALSE;
      if (frame >= 0)
        trawl_packet_list_select_frame (self, (guint32) frame);
      return;
    }
  self->swapping = FALSE;
  start_refill (self);
  if (self->live && self->following)
    live_upper_changed (gtk_scrolled_window_get_vadjustment (self->scroller), NULL, self);

  pos = frame >= 0 ? trawl_packet_list_model_find_frame (self->model, (guint32) frame) : -1;
  if (pos >= 0)
    trawl_packet_list_select_position (self, (guint) pos);
  {
    gboolean desc;
    TrawlColumn col = trawl_packet_list_model_get_sort_column (self->model, &desc);
    guint n = trawl_packet_list_model_get_n_rows (self->model);

    trawl_application_debug_print ("sorted column=%d desc=%d first=%u last=%u rows=%u", col, desc,
                                   n ? trawl_packet_list_model_get_frame (self->model, 0) + 1 : 0,
                                   n ? trawl_packet_list_model_get_frame (self->model, n - 1) + 1 : 0, n);
  }
  g_signal_emit (self, signals[SORT_DONE], 0);
}

static void
sorter_changed (GtkSorter       *sorter,
                GtkSorterChange  change,
                TrawlPacketList *self)
{
  TrawlCaptureFile *file;
  GtkOrdering order;
  gboolean desc;

  if (self->model == NULL)
    return;

  self->probe_column = -1;
  order = gtk_sorter_compare (sorter, self->probe_a, self->probe_b);
  desc = order == GTK_ORDERING_LARGER;
  if (self->probe_column < 0)
    self->probe_column = TRAWL_N_COLUMNS;
  /* A file being read is sorted once every frame is indexed (the window
   * calls trawl_packet_list_resort() then); a live capture's frames so
   * far at once, and those that come later go to the end. */
  file = trawl_packet_list_model_get_file (self->model);
  if (!trawl_capture_file_is_indexed (file) && !trawl_capture_file_is_growing (file))
    return;
  if (self->probe_column == TRAWL_N_COLUMNS &&
      trawl_packet_list_model_get_sort_column (self->model, NULL) == TRAWL_N_COLUMNS)
    return;

  g_cancellable_cancel (self->sort_cancellable);
  g_clear_object (&self->sort_cancellable);
  self->sort_cancellable = g_cancellable_new ();
  trawl_packet_list_model_sort_async (self->model, self->probe_column, desc,
                                      self->sort_cancellable, sort_done,
                                      g_object_ref (self));
}

/* ---- selection ---- */

static void
selection_changed (GtkSingleSelection *selection,
                   GParamSpec         *pspec,
                   TrawlPacketList    *self)
{
  guint pos = gtk_single_selection_get_selected (selection);
  gint64 frame = -1;

  /* A drain takes away rows outside the view, the selected one maybe:
   * the frame stays selected (end_swap selects it again). */
  if (self->swapping || (self->drain_id != 0 && pos == GTK_INVALID_LIST_POSITION))
    return;
  if (pos != GTK_INVALID_LIST_POSITION && self->model != NULL &&
      pos < g_list_model_get_n_items (G_LIST_MODEL (self->model)))
    frame = trawl_packet_list_model_get_frame (self->model, pos);
  if (frame == self->selected_frame)
    return;
  self->selected_frame = frame;
  g_signal_emit (self, signals[FRAME_SELECTED], 0, frame);
}

static void
cancel_drain (TrawlPacketList *self)
{
  if (self->drain_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->drain_id);
  self->drain_id = 0;
  self->swap_pending = FALSE;
  g_clear_pointer (&self->swap_frames, g_array_unref);
  g_clear_object (&self->sort_result);
}

static void
trawl_packet_list_dispose (GObject *object)
{
  TrawlPacketList *self = TRAWL_PACKET_LIST (object);

  cancel_drain (self);
  if (self->end_tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->end_tick_id);
  self->end_tick_id = 0;
  g_cancellable_cancel (self->sort_cancellable);
  g_clear_object (&self->sort_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), TRAWL_TYPE_PACKET_LIST);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->probe_a);
  g_clear_object (&self->probe_b);
  g_clear_handle_id (&self->top_row_id, g_source_remove);
  if (self->refill_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->refill_id);
  self->refill_id = 0;
  g_clear_pointer (&self->items, g_ptr_array_unref);

  G_OBJECT_CLASS (trawl_packet_list_parent_class)->dispose (object);
}

static gboolean
trawl_packet_list_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (TRAWL_PACKET_LIST (widget)->column_view));
}

static void
trawl_packet_list_class_init (TrawlPacketListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = trawl_packet_list_dispose;
  widget_class->grab_focus = trawl_packet_list_grab_focus;

  signals[FRAME_SELECTED] = g_signal_new ("frame-selected", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[SORT_DONE] = g_signal_new ("sort-done", G_TYPE_FROM_CLASS (klass),
                                     G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                     G_TYPE_NONE, 0);
  /* trawl_packet_list_show_frames () has replaced the rows. */
  signals[FRAMES_SHOWN] = g_signal_new ("frames-shown", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/trawl/Trawl/ui/trawl-packet-list.ui");
  gtk_widget_class_bind_template_child (widget_class, TrawlPacketList, scroller);
  gtk_widget_class_bind_template_child (widget_class, TrawlPacketList, column_view);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "packetlist");
}

/* GTK 4.8's column view is a header row and a list view, both focusable
 * and nameless (AT-SPI said "GtkListItemWidget" and "GtkColumnListView"):
 * name them for screen readers. */
static void
label_internals (TrawlPacketList *self)
{
  GtkWidget *header = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
  GtkWidget *list_view = gtk_widget_get_last_child (GTK_WIDGET (self->column_view));

  if (header != NULL && header != list_view)
    gtk_accessible_update_property (GTK_ACCESSIBLE (header), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    _("Column headers: click to sort"), -1);
  if (list_view != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (list_view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    _("Packets"), -1);
}

static void
trawl_packet_list_init (TrawlPacketList *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->selected_frame = -1;
  self->items = g_ptr_array_new ();
  self->focus_pos = GTK_INVALID_LIST_POSITION;
  self->probe_a = g_object_new (G_TYPE_OBJECT, NULL);
  self->probe_b = g_object_new (G_TYPE_OBJECT, NULL);
  g_object_set_data (self->probe_a, "list", self);

  for (guint i = 0; i < TRAWL_N_COLUMNS; i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkSorter) sorter = GTK_SORTER (gtk_custom_sorter_new (probe_compare, GUINT_TO_POINTER (i), NULL));
      GtkColumnViewColumn *column;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), GUINT_TO_POINTER (i));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), GUINT_TO_POINTER (i));
      g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell), GUINT_TO_POINTER (i));
      if (i == 0)
        {
          g_signal_connect (factory, "setup", G_CALLBACK (track_item), self);
          g_signal_connect (factory, "teardown", G_CALLBACK (teardown_cell), self);
        }
      column = gtk_column_view_column_new (_(column_info[i].title), factory);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_fixed_width (column, column_info[i].width);
      gtk_column_view_column_set_expand (column, column_info[i].expand);
      gtk_column_view_column_set_sorter (column, sorter);
      gtk_column_view_append_column (self->column_view, column);
      self->columns[i] = column;
      g_object_unref (column);
    }

  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (sorter_changed), self, 0);
  label_internals (self);
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->scroller), "value-changed",
                           G_CALLBACK (live_value_changed), self, 0);
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->scroller), "notify::upper",
                           G_CALLBACK (live_upper_changed), self, 0);
  if (trawl_application_debug_stdout ())
    g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->scroller), "value-changed",
                             G_CALLBACK (scrolled), self, 0);
}

void
trawl_packet_list_set_model (TrawlPacketList      *self,
                             TrawlPacketListModel *model)
{
  g_return_if_fail (TRAWL_IS_PACKET_LIST (self));
  g_return_if_fail (!model || TRAWL_IS_PACKET_LIST_MODEL (model));

  g_cancellable_cancel (self->sort_cancellable);
  g_clear_object (&self->sort_cancellable);
  cancel_drain (self);
  if (self->selection)
    g_signal_handlers_disconnect_by_func (self->selection, selection_changed, self);
  g_set_object (&self->model, model);
  g_clear_object (&self->selection);
  if (model != NULL)
    {
      self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (model)));
      gtk_single_selection_set_autoselect (self->selection, FALSE);
      gtk_single_selection_set_can_unselect (self->selection, TRUE);
      gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
      trawl_packet_list_model_set_deferred_refill (model, TRUE);
      g_signal_connect (self->selection, "notify::selected", G_CALLBACK (selection_changed), self);
    }
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  gtk_column_view_sort_by_column (self->column_view, NULL, GTK_SORT_ASCENDING);
  self->selected_frame = -1;
}

TrawlPacketListModel *
trawl_packet_list_get_model (TrawlPacketList *self)
{
  g_return_val_if_fail (TRAWL_IS_PACKET_LIST (self), NULL);

  return self->model;
}

gint64
trawl_packet_list_get_selected_frame (TrawlPacketList *self)
{
  g_return_val_if_fail (TRAWL_IS_PACKET_LIST (self), -1);

  return self->selected_frame;
}

guint
trawl_packet_list_get_selected_position (TrawlPacketList *self)
{
  g_return_val_if_fail (TRAWL_IS_PACKET_LIST (self), GTK_INVALID_LIST_POSITION);

  return self->selection ? gtk_single_selection_get_selected (self->selection)
                         : GTK_INVALID_LIST_POSITION;
}

static gboolean
list_has_focus (TrawlPacketList *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (focus == GTK_WIDGET (self->column_view) ||
                           gtk_widget_is_ancestor (focus, GTK_WIDGET (self->column_view)));
}

void
trawl_packet_list_select_position (TrawlPacketList *self,
                                   guint            position)
{
  g_return_if_fail (TRAWL_IS_PACKET_LIST (self));

  if (self->model == NULL || position >= trawl_packet_list_model_get_n_rows (self->model))
    return;
  /* A row of a filter or sort not added yet: add up to it now. */
  if (position >= g_list_model_get_n_items (G_LIST_MODEL (self->model)))
    trawl_packet_list_model_refill (self->model,
                                    position + 1 - g_list_model_get_n_items (G_LIST_MODEL (self->model)));
  gtk_single_selection_set_selected (self->selection, position);
  /* GTK 4.8 has no gtk_column_view_scroll_to(): the inner list view's
   * action scrolls (and focuses) the row. */
  gtk_widget_activate_action (gtk_widget_get_last_child (GTK_WIDGET (self->column_view)),
                              "list.scroll-to-item", "u", position);
  /* Keyboard navigation goes on from the selected row, as in Wireshark;
   * only when the list has the focus already (not while typing a filter). */
  if (list_has_focus (self))
    focus_row_soon (self, position);
}

gboolean
trawl_packet_list_select_frame (TrawlPacketList *self,
                                guint32          frame)
{
  gint64 pos;

  g_return_val_if_fail (TRAWL_IS_PACKET_LIST (self), FALSE);

  if (self->model == NULL)
    return FALSE;
  pos = trawl_packet_list_model_find_frame (self->model, frame);
  if (pos < 0)
    return FALSE;
  trawl_packet_list_select_position (self, (guint) pos);
  return TRUE;
}

/* Around trawl_packet_list_model_set_displayed(): clear the selection
 * first so GtkSingleSelection does not look for the selected item among
 * a million re-added rows, and select the frame again after. */
static void
begin_swap (TrawlPacketList *self)
{
  self->swapping = TRUE;
  if (self->selection)
    gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  trawl_application_debug_print ("row-widgets %u", self->items->len);
}

static void
end_swap (TrawlPacketList *self)
{
  gint64 frame = self->selected_frame;

  self->swapping = FALSE;
  start_refill (self);
  if (self->live && self->following)
    live_upper_changed (gtk_scrolled_window_get_vadjustment (self->scroller), NULL, self);
  trawl_packet_list_resort (self);
  if (frame >= 0 && !trawl_packet_list_select_frame (self, (guint32) frame))
    {
      self->selected_frame = -1;
      g_signal_emit (self, signals[FRAME_SELECTED], 0, (gint64) -1);
    }
}

/* The first and last positions that have a row widget (INVALID when
 * none), and the first and last whose row shows in the view. */
static void
widget_rows (TrawlPacketList *self,
             guint           *first,
             guint           *last,
             guint           *first_visible,
             guint           *last_visible)
{
  GtkWidget *list_view = gtk_widget_get_last_child (GTK_WIDGET (self->column_view));
  double height = gtk_widget_get_height (list_view);

  *first = *last = *first_visible = *last_visible = GTK_INVALID_LIST_POSITION;
  for (guint i = 0; i < self->items->len; i++)
    {
      GtkListItem *item = g_ptr_array_index (self->items, i);
      GtkWidget *cell = gtk_list_item_get_child (item);
      GtkWidget *row = cell ? row_widget_of (self, cell) : NULL;
      guint pos = gtk_list_item_get_position (item);
      graphene_point_t p;

      if (row == NULL || gtk_list_item_get_item (item) == NULL || pos == GTK_INVALID_LIST_POSITION)
        continue;
      if (*last == GTK_INVALID_LIST_POSITION || pos > *last)
        *last = pos;
      if (*first == GTK_INVALID_LIST_POSITION || pos < *first)
        *first = pos;
      if (!gtk_widget_get_mapped (row) || !gtk_widget_get_child_visible (row) ||
          !gtk_widget_compute_point (row, list_view, &GRAPHENE_POINT_INIT (0, 0), &p) ||
          p.y >= height || p.y + gtk_widget_get_height (row) <= 0)
        continue;
      if (*last_visible == GTK_INVALID_LIST_POSITION || pos > *last_visible)
        *last_visible = pos;
      if (*first_visible == GTK_INVALID_LIST_POSITION || pos < *first_visible)
        *first_visible = pos;
    }
}

/* Row widgets taken away a frame before a swap (about 10 ms of GTK's
 * work here), and at most so many frames of it. */
#define DRAIN_ROWS      60
#define DRAIN_MAX_TICKS 10

/* GTK 4.8 keeps the widgets of some 200 rows; destroying them all in
 * the swap took 40-60 ms.  So the rows around the view go first, a few
 * dozen a frame, in an order that leaves GTK no row to make a widget for
 * in their place (it keeps 200 when it can): the rows above the first
 * widget (none have one), then those below the view, then those above
 * it.  What shows in the view does not change; the swap then destroys
 * only the rows on screen. */
static gboolean
drain_tick (GtkWidget     *widget,
            GdkFrameClock *clock,
            gpointer       data)
{
  TrawlPacketList *self = TRAWL_PACKET_LIST (widget);
  guint first, last, first_visible, last_visible;
  GArray *frames;
  gint64 t0 = g_get_monotonic_time ();

  widget_rows (self, &first, &last, &first_visible, &last_visible);
  if (self->drain_ticks++ < DRAIN_MAX_TICKS && first != GTK_INVALID_LIST_POSITION &&
      first_visible != GTK_INVALID_LIST_POSITION)
    {
      const char *what = NULL;
      guint n = 0;

      if (first > 0)
        {
          n = first;
          trawl_packet_list_model_drop_head (self->model, n);
          what = "head";
        }
      else if (last > last_visible + 1)
        {
          n = MAX (last_visible + 1, last + 1 > DRAIN_ROWS ? last + 1 - DRAIN_ROWS : 0);
          trawl_packet_list_model_truncate (self->model, n);
          what = "tail to";
        }
      else if (first_visible > 1)
        {
          n = MIN (first_visible - 1, DRAIN_ROWS);
          trawl_packet_list_model_drop_head (self->model, n);
          what = "above";
        }
      if (what != NULL)
        {
          trawl_application_debug_print ("drain %s %u %.1f ms", what, n,
                                         (g_get_monotonic_time () - t0) / 1e3);
          return G_SOURCE_CONTINUE;
        }
    }

  self->drain_id = 0;
  /* A new set first: it drops any sort, whose result then fails (and
   * end_swap sorts the new set again). */
  if (self->swap_pending)
    {
      self->swap_pending = FALSE;
      frames = g_steal_pointer (&self->swap_frames);
      begin_swap (self);
      trawl_packet_list_model_set_displayed (self->model, frames);
      end_swap (self);
      trawl_application_debug_print ("swap %.1f ms", (g_get_monotonic_time () - t0) / 1e3);
      g_signal_emit (self, signals[FRAMES_SHOWN], 0);
    }
  if (self->sort_result != NULL)
    {
      g_autoptr(GAsyncResult) result = g_steal_pointer (&self->sort_result);

      finish_sort (self, result);
    }
  return G_SOURCE_REMOVE;
}

static void
start_drain (TrawlPacketList *self)
{
  if (self->drain_id != 0)
    return;
  self->drain_ticks = 0;
  self->drain_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), drain_tick, NULL, NULL);
}

void
trawl_packet_list_show_frames (TrawlPacketList *self,
                               GArray          *frames)
{
  g_return_if_fail (TRAWL_IS_PACKET_LIST (self));
  g_return_if_fail (self->model != NULL);

  /* A newer set replaces one still waiting for its drain. */
  g_clear_pointer (&self->swap_frames, g_array_unref);
  self->swap_frames = frames;
  self->swap_pending = TRUE;
  start_drain (self);
}

gboolean
trawl_packet_list_append_frames (TrawlPacketList *self,
                                 const guint32   *frames,
                                 guint            n)
{
  g_return_val_if_fail (TRAWL_IS_PACKET_LIST (self), FALSE);

  /* A new set or a sort on its way would drop the appended frames. */
  if (self->model == NULL || self->swap_pending || self->drain_id != 0 || self->sort_result != NULL ||
      !trawl_packet_list_model_append_displayed (self->model, frames, n))
    return FALSE;
  start_refill (self);
  return TRUE;
}

void
trawl_packet_list_resort (TrawlPacketList *self)
{
  g_return_if_fail (TRAWL_IS_PACKET_LIST (self));

  sorter_changed (gtk_column_view_get_sorter (self->column_view), GTK_SORTER_CHANGE_DIFFERENT, self);
}

char *
trawl_packet_list_get_column_widths (TrawlPacketList *self)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < TRAWL_N_COLUMNS; i++)
    g_string_append_printf (s, "%s%d", i ? "," : "",
                            gtk_column_view_column_get_fixed_width (self->columns[i]));
  return g_string_free (s, FALSE);
}

void
trawl_packet_list_set_column_widths (TrawlPacketList *self,
                                     const char      *widths)
{
  g_auto(GStrv) parts = NULL;

  if (widths == NULL || *widths == '\0')
    return;
  parts = g_strsplit (widths, ",", TRAWL_N_COLUMNS);
  for (guint i = 0; parts[i] != NULL && i < TRAWL_N_COLUMNS; i++)
    {
      gint64 w = g_ascii_strtoll (parts[i], NULL, 10);

      if (w >= 20 && w <= 4000)
        gtk_column_view_column_set_fixed_width (self->columns[i], (int) w);
    }
}
