/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-detail-tree.c: the selected frame's dissection as a tree
 *
 * A GtkListView over a GtkTreeListModel whose items are TrawlDetailNode
 * lines; children are made when a line opens.  The tree keeps its own
 * dissection (arena) of the selected frame, so the nodes stay valid while
 * shown.  Which subtrees were open is remembered by field path ("tcp",
 * "tcp/tcp.flags"), so moving to another frame opens the same ones, as in
 * Wireshark.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dissect/trawl-format.h"
#include "trawl-application.h"
#include "trawl-detail-node.h"
#include "trawl-detail-tree.h"

struct _TrawlDetailTree
{
  GtkWidget           parent_instance;

  GtkScrolledWindow  *scroller;
  GtkListView        *list_view;
  GMenuModel         *context_menu;
  GtkWidget          *popover;

  TrawlDissection    *dissection;  /* the frame shown, or NULL */
  GtkTreeListModel   *tree_model;
  GtkSingleSelection *selection;
  GHashTable         *expanded;   /* keys of open lines */
  gboolean            restoring;
};

G_DEFINE_FINAL_TYPE (TrawlDetailTree, trawl_detail_tree, GTK_TYPE_WIDGET)

enum { FIELD_SELECTED, FILTER_REQUESTED, N_SIGNALS };
static guint signals[N_SIGNALS];

static GListModel *
create_children (gpointer item,
                 gpointer user_data)
{
  TrawlDetailNode *node = item;

  if (!trawl_detail_node_has_children (node))
    return NULL;
  return trawl_detail_node_children (node);
}

/* ---- rows ---- */

static void
row_expanded_changed (GtkTreeListRow  *row,
                      GParamSpec      *pspec,
                      TrawlDetailTree *self)
{
  TrawlDetailNode *node = gtk_tree_list_row_get_item (row);

  if (node == NULL)
    return;
  if (!self->restoring)
    {
      if (gtk_tree_list_row_get_expanded (row))
        g_hash_table_add (self->expanded, g_strdup (trawl_detail_node_get_key (node)));
      else
        g_hash_table_remove (self->expanded, trawl_detail_node_get_key (node));
    }
  g_object_unref (node);
}

static void
context_pressed (GtkGestureClick *gesture,
                 int              n_press,
                 double           x,
                 double           y,
                 GtkListItem     *item)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  TrawlDetailTree *self = TRAWL_DETAIL_TREE (gtk_widget_get_ancestor (widget, TRAWL_TYPE_DETAIL_TREE));
  double tx, ty;

  gtk_single_selection_set_selected (self->selection, gtk_list_item_get_position (item));
  if (!gtk_widget_translate_coordinates (widget, GTK_WIDGET (self), x, y, &tx, &ty))
    tx = x, ty = y;
  gtk_popover_set_pointing_to (GTK_POPOVER (self->popover),
                               &(GdkRectangle) { (int) tx, (int) ty, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->popover));
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  GtkWidget *expander = gtk_tree_expander_new ();
  GtkWidget *label = gtk_label_new (NULL);
  GtkGesture *click = gtk_gesture_click_new ();

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), label);
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect (click, "pressed", G_CALLBACK (context_pressed), item);
  gtk_widget_add_controller (expander, GTK_EVENT_CONTROLLER (click));
  gtk_list_item_set_child (item, expander);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          TrawlDetailTree          *self)
{
  GtkWidget *expander = gtk_list_item_get_child (item);
  GtkWidget *label = gtk_tree_expander_get_child (GTK_TREE_EXPANDER (expander));
  GtkTreeListRow *row = gtk_list_item_get_item (item);
  TrawlDetailNode *node = gtk_tree_list_row_get_item (row);
  const TrawlNode *tn = trawl_detail_node_get_node (node);
  g_autofree char *tooltip = trawl_detail_node_dup_tooltip (node);

  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), row);
  gtk_label_set_text (GTK_LABEL (label), trawl_detail_node_get_label (node));
  /* The focus lands on the row widget GTK makes around the expander:
   * without a name a screen reader would say nothing (or its type). */
  if (gtk_widget_get_parent (expander) != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_parent (expander)),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    trawl_detail_node_get_label (node), -1);
  gtk_widget_set_tooltip_text (expander, tooltip);
  if (tn && (tn->flags & (TRAWL_NODE_EXPERT | TRAWL_NODE_MALFORMED)) &&
      tn->severity >= TRAWL_EXPERT_WARN)
    gtk_widget_add_css_class (label, "expert-warn");
  else
    gtk_widget_remove_css_class (label, "expert-warn");
  if (g_object_get_data (G_OBJECT (row), "trawl-watched") == NULL)
    {
      g_signal_connect_object (row, "notify::expanded", G_CALLBACK (row_expanded_changed), self, 0);
      g_object_set_data (G_OBJECT (row), "trawl-watched", GINT_TO_POINTER (1));
    }
  g_object_unref (node);
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  GtkWidget *expander = gtk_list_item_get_child (item);

  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), NULL);
}

/* ---- selection ---- */

static TrawlDetailNode *
selected_node (TrawlDetailTree *self)
{
  GtkTreeListRow *row;

  if (self->selection == NULL)
    return NULL;
  row = gtk_single_selection_get_selected_item (self->selection);
  return row ? gtk_tree_list_row_get_item (row) : NULL;
}

static void
selection_changed (GtkSingleSelection *selection,
                   GParamSpec         *pspec,
                   TrawlDetailTree    *self)
{
  g_autoptr(TrawlDetailNode) node = selected_node (self);
  const TrawlNode *tn = node ? trawl_detail_node_get_node (node) : NULL;

  if (tn != NULL)
    {
      trawl_application_debug_print ("field %s ds=%u start=%u len=%u",
                                     trawl_detail_node_get_abbrev (node) ? trawl_detail_node_get_abbrev (node) : "-",
                                     tn->ds, tn->start, tn->len);
      g_signal_emit (self, signals[FIELD_SELECTED], 0, (guint) tn->ds, tn->start, tn->len);
    }
  else
    g_signal_emit (self, signals[FIELD_SELECTED], 0, 0u, 0u, 0u);
}

/* ---- expanding ---- */

static void
restore_expanded (TrawlDetailTree *self)
{
  self->restoring = TRUE;
  /* Rows appear as their parents open; n_items grows while we walk. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->tree_model)); i++)
    {
      g_autoptr(GtkTreeListRow) row = gtk_tree_list_model_get_row (self->tree_model, i);
      g_autoptr(TrawlDetailNode) node = gtk_tree_list_row_get_item (row);

      if (gtk_tree_list_row_is_expandable (row) &&
          g_hash_table_contains (self->expanded, trawl_detail_node_get_key (node)))
        gtk_tree_list_row_set_expanded (row, TRUE);
    }
  self->restoring = FALSE;
}

static void
set_all_expanded (TrawlDetailTree *self,
                  gboolean         expanded)
{
  if (self->tree_model == NULL)
    return;
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->tree_model)); i++)
    {
      g_autoptr(GtkTreeListRow) row = gtk_tree_list_model_get_row (self->tree_model, i);

      /* Collapsing top-level rows is enough; opening walks every row. */
      if (gtk_tree_list_row_is_expandable (row) && (expanded || gtk_tree_list_row_get_depth (row) == 0))
        gtk_tree_list_row_set_expanded (row, expanded);
    }
}

void
trawl_detail_tree_expand_all (TrawlDetailTree *self)
{
  g_return_if_fail (TRAWL_IS_DETAIL_TREE (self));
  set_all_expanded (self, TRUE);
}

void
trawl_detail_tree_collapse_all (TrawlDetailTree *self)
{
  g_return_if_fail (TRAWL_IS_DETAIL_TREE (self));
  set_all_expanded (self, FALSE);
}

/* ---- filters from a field ---- */

static char *
filter_for_node (const TrawlNode *node)
{
  g_autoptr(GString) value = g_string_new (NULL);
  const TrawlField *f = node ? node->field : NULL;

  if (f == NULL)
    return NULL;
  if (f->type == TRAWL_FT_PROTOCOL || f->type == TRAWL_FT_NONE)
    return g_strdup (f->abbrev);

  trawl_format_field_value (node, value);
  switch (f->type)
    {
    case TRAWL_FT_STRING:
    case TRAWL_FT_STRINGZ:
      {
        GString *q = g_string_new (NULL);

        for (const char *p = value->str; *p; p++)
          {
            if (*p == '"' || *p == '\\')
              g_string_append_c (q, '\\');
            g_string_append_c (q, *p);
          }
        g_string_printf (value, "\"%s\"", q->str);
        g_string_free (q, TRUE);
      }
      break;
    case TRAWL_FT_BYTES:
      {
        /* Display filters read bytes as aa:bb:cc. */
        GString *b = g_string_new (NULL);

        for (gsize i = 0; i + 1 < value->len; i += 2)
          g_string_append_printf (b, "%s%c%c", i ? ":" : "", value->str[i], value->str[i + 1]);
        g_string_assign (value, b->str);
        g_string_free (b, TRUE);
      }
      break;
    default:
      break;
    }
  if (value->len == 0)
    return g_strdup (f->abbrev);
  return g_strdup_printf ("%s == %s", f->abbrev, value->str);
}

static void
action_filter (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  TrawlDetailTree *self = TRAWL_DETAIL_TREE (widget);
  g_autoptr(TrawlDetailNode) node = selected_node (self);
  g_autofree char *expr = node ? filter_for_node (trawl_detail_node_get_node (node)) : NULL;
  const char *how = g_variant_get_string (param, NULL);
  gboolean apply = g_str_has_prefix (how, "apply-");
  const char *op = strchr (how, '-') + 1;

  if (expr == NULL)
    return;
  /* "not", "and", "or" combine with the filter bar's text, in the window. */
  g_signal_emit (self, signals[FILTER_REQUESTED], 0, expr, op, apply);
}

static void
action_copy_value (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  TrawlDetailTree *self = TRAWL_DETAIL_TREE (widget);
  g_autoptr(TrawlDetailNode) node = selected_node (self);
  g_autoptr(GString) value = g_string_new (NULL);
  const TrawlNode *tn;

  if (node == NULL)
    return;
  tn = trawl_detail_node_get_node (node);
  if (tn && tn->field && tn->field->type != TRAWL_FT_PROTOCOL && tn->field->type != TRAWL_FT_NONE)
    trawl_format_display_value (tn, value);
  else
    g_string_assign (value, trawl_detail_node_get_label (node));
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), value->str);
}

static void
action_copy_filter (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  TrawlDetailTree *self = TRAWL_DETAIL_TREE (widget);
  g_autoptr(TrawlDetailNode) node = selected_node (self);
  g_autofree char *expr = node ? filter_for_node (trawl_detail_node_get_node (node)) : NULL;

  if (expr != NULL)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), expr);
}

static void
action_expand (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  set_all_expanded (TRAWL_DETAIL_TREE (widget), g_str_equal (action_name, "detail.expand-all"));
}

/* ---- class ---- */

static void
clear_packet (TrawlDetailTree *self)
{
  if (self->selection)
    g_signal_handlers_disconnect_by_func (self->selection, selection_changed, self);
  gtk_list_view_set_model (self->list_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->tree_model);
  g_clear_pointer (&self->dissection, trawl_dissection_unref);
}

static void
trawl_detail_tree_dispose (GObject *object)
{
  TrawlDetailTree *self = TRAWL_DETAIL_TREE (object);

  clear_packet (self);
  g_clear_pointer (&self->popover, gtk_widget_unparent);
  gtk_widget_dispose_template (GTK_WIDGET (self), TRAWL_TYPE_DETAIL_TREE);
  G_OBJECT_CLASS (trawl_detail_tree_parent_class)->dispose (object);
}

static void
trawl_detail_tree_finalize (GObject *object)
{
  TrawlDetailTree *self = TRAWL_DETAIL_TREE (object);

  g_clear_pointer (&self->dissection, trawl_dissection_unref);
  g_hash_table_unref (self->expanded);
  G_OBJECT_CLASS (trawl_detail_tree_parent_class)->finalize (object);
}

static gboolean
trawl_detail_tree_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (TRAWL_DETAIL_TREE (widget)->list_view));
}

static void
trawl_detail_tree_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  TrawlDetailTree *self = TRAWL_DETAIL_TREE (widget);

  gtk_widget_allocate (GTK_WIDGET (self->scroller), width, height, baseline, NULL);
  gtk_popover_present (GTK_POPOVER (self->popover));
}

static void
trawl_detail_tree_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  gtk_widget_measure (GTK_WIDGET (TRAWL_DETAIL_TREE (widget)->scroller), orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);
}

static void
trawl_detail_tree_class_init (TrawlDetailTreeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = trawl_detail_tree_dispose;
  object_class->finalize = trawl_detail_tree_finalize;
  widget_class->grab_focus = trawl_detail_tree_grab_focus;
  widget_class->size_allocate = trawl_detail_tree_size_allocate;
  widget_class->measure = trawl_detail_tree_measure;

  signals[FIELD_SELECTED] = g_signal_new ("field-selected", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_UINT, G_TYPE_UINT);
  /* (expression, "selected"/"not"/"and"/"or", apply now) */
  signals[FILTER_REQUESTED] = g_signal_new ("filter-requested", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                            G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/trawl/Trawl/ui/trawl-detail-tree.ui");
  gtk_widget_class_bind_template_child (widget_class, TrawlDetailTree, scroller);
  gtk_widget_class_bind_template_child (widget_class, TrawlDetailTree, list_view);
  gtk_widget_class_bind_template_child (widget_class, TrawlDetailTree, context_menu);
  gtk_widget_class_set_css_name (widget_class, "detailtree");

  gtk_widget_class_install_action (widget_class, "detail.filter", "s", action_filter);
  gtk_widget_class_install_action (widget_class, "detail.copy-value", NULL, action_copy_value);
  gtk_widget_class_install_action (widget_class, "detail.copy-filter", NULL, action_copy_filter);
  gtk_widget_class_install_action (widget_class, "detail.expand-all", NULL, action_expand);
  gtk_widget_class_install_action (widget_class, "detail.collapse-all", NULL, action_expand);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "detail.copy-value", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "detail.copy-filter", NULL);
}

static void
trawl_detail_tree_init (TrawlDetailTree *self)
{
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->expanded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);

  self->popover = gtk_popover_menu_new_from_model (self->context_menu);
  gtk_widget_set_parent (self->popover, GTK_WIDGET (self));
  gtk_popover_set_has_arrow (GTK_POPOVER (self->popover), FALSE);
  gtk_widget_set_halign (self->popover, GTK_ALIGN_START);
}

void
trawl_detail_tree_show_frame (TrawlDetailTree      *self,
                              TrawlPacketListModel *model,
                              gint64                frame)
{
  GListStore *root;

  g_return_if_fail (TRAWL_IS_DETAIL_TREE (self));

  clear_packet (self);
  if (model == NULL || frame < 0)
    {
      g_signal_emit (self, signals[FIELD_SELECTED], 0, 0u, 0u, 0u);
      return;
    }

  /* A dissection of its own: the lines keep it while GTK shows them. */
  self->dissection = trawl_packet_list_model_dissect (model, (guint32) frame);

  root = g_list_store_new (TRAWL_TYPE_DETAIL_NODE);
  for (const TrawlNode *n = trawl_dissection_get_packet (self->dissection)->root->first_child;
       n != NULL; n = n->next)
    {
      g_autoptr(TrawlDetailNode) node = NULL;

      if (n->flags & TRAWL_NODE_HIDDEN)
        continue;
      node = trawl_detail_node_new (self->dissection, n, NULL);
      g_list_store_append (root, node);
    }
  self->tree_model = gtk_tree_list_model_new (G_LIST_MODEL (root), FALSE, FALSE,
                                              create_children, NULL, NULL);
  restore_expanded (self);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->tree_model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect (self->selection, "notify::selected", G_CALLBACK (selection_changed), self);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
}

const TrawlPacket *
trawl_detail_tree_get_packet (TrawlDetailTree *self)
{
  g_return_val_if_fail (TRAWL_IS_DETAIL_TREE (self), NULL);

  return self->dissection != NULL ? trawl_dissection_get_packet (self->dissection) : NULL;
}

const char *
trawl_detail_tree_get_selected_abbrev (TrawlDetailTree *self)
{
  g_autoptr(TrawlDetailNode) node = NULL;

  g_return_val_if_fail (TRAWL_IS_DETAIL_TREE (self), NULL);

  node = selected_node (self);
  /* The abbrev lives in the registry, not in the node object. */
  return node ? trawl_detail_node_get_abbrev (node) : NULL;
}

/* Deepest visible node covering the byte; later layers win ties. */
static const TrawlNode *
deepest_covering (const TrawlNode *first,
                  guint            ds,
                  guint            offset,
                  guint            depth,
                  guint           *best_depth)
{
  const TrawlNode *best = NULL;

  for (const TrawlNode *n = first; n != NULL; n = n->next)
    {
      const TrawlNode *deeper;
      guint d = 0;

      if (n->flags & TRAWL_NODE_HIDDEN)
        continue;
      deeper = deepest_covering (n->first_child, ds, offset, depth + 1, &d);
      if (deeper != NULL && (best == NULL || d >= *best_depth))
        {
          best = deeper;
          *best_depth = d;
        }
      else if (n->ds == ds && n->len > 0 && offset >= n->start && offset - n->start < n->len &&
               (best == NULL || depth >= *best_depth))
        {
          best = n;
          *best_depth = depth;
        }
    }
  return best;
}

static gint64
find_row (TrawlDetailTree *self,
          const TrawlNode *target,
          guint            from)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->tree_model));

  for (guint i = from; i < n; i++)
    {
      g_autoptr(GtkTreeListRow) row = gtk_tree_list_model_get_row (self->tree_model, i);
      g_autoptr(TrawlDetailNode) node = gtk_tree_list_row_get_item (row);

      if (trawl_detail_node_get_node (node) == target)
        return i;
    }
  return -1;
}

gboolean
trawl_detail_tree_select_byte (TrawlDetailTree *self,
                               guint            ds,
                               guint            offset)
{
  const TrawlNode *root, *target, *chain[64];
  guint depth = 0, n_chain = 0, from = 0;
  gint64 pos = -1;

  g_return_val_if_fail (TRAWL_IS_DETAIL_TREE (self), FALSE);

  if (self->dissection == NULL)
    return FALSE;
  root = trawl_dissection_get_packet (self->dissection)->root;
  target = deepest_covering (root->first_child, ds, offset, 0, &depth);
  if (target == NULL)
    return FALSE;

  for (const TrawlNode *n = target; n != NULL && n != root && n_chain < G_N_ELEMENTS (chain); n = n->parent)
    chain[n_chain++] = n;

  /* Open each ancestor from the top, then select the field. */
  for (guint i = n_chain; i-- > 0;)
    {
      g_autoptr(GtkTreeListRow) row = NULL;

      pos = find_row (self, chain[i], from);
      if (pos < 0)
        return FALSE;
      from = (guint) pos;
      if (i == 0)
        break;
      row = gtk_tree_list_model_get_row (self->tree_model, (guint) pos);
      gtk_tree_list_row_set_expanded (row, TRUE);
    }
  gtk_single_selection_set_selected (self->selection, (guint) pos);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", (guint) pos);
  return TRUE;
}
