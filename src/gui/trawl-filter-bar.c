/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-filter-bar.c: the display filter entry
 *
 * Every keystroke compiles the text (no capture needed: the checker only
 * reads the field registry), colours the entry green or red and shows the
 * error with a caret under its place, without a dialog.  Enter applies,
 * Esc clears.  While a filter runs, the entry shows its progress, the
 * apply button turns into a stop button and Esc stops it (::stop).  Text starting with "bpf:" is a tcpdump filter, compiled
 * with libpcap.  Field names complete from the registry.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dissect/trawl-dissect.h"
#include "filter/trawl-bpf-filter.h"
#include "filter/trawl-display-filter.h"
#include "trawl-application.h"
#include "trawl-filter-bar.h"

#define MAX_RECENT 12

struct _TrawlFilterBar
{
  GtkWidget      parent_instance;

  GtkWidget     *box;
  GtkEntry      *entry;
  GtkMenuButton *recent_button;
  GtkStack      *apply_stack;
  GtkWidget     *apply_button;
  GtkWidget     *stop_button;
  GtkRevealer   *error_revealer;
  GtkLabel      *error_label;
  gboolean       error_shown;   /* debug hook: last state printed */

  GPtrArray     *recent;   /* char*, most recent first */
  gboolean       valid;
  gboolean       busy;     /* a filter runs: Esc stops it */
};

G_DEFINE_FINAL_TYPE (TrawlFilterBar, trawl_filter_bar, GTK_TYPE_WIDGET)

enum { APPLY, STOP, N_SIGNALS };
static guint signals[N_SIGNALS];

/* Check @text; on error fill @message and @where (bytes). */
static gboolean
check (const char           *text,
       char                **message,
       TrawlFilterLocation  *where)
{
  g_autoptr(GError) error = NULL;

  where->start = 0;
  where->len = 0;
  if (g_str_has_prefix (text, TRAWL_BPF_PREFIX))
    {
      g_autoptr(TrawlBpfFilter) bpf = NULL;
      const char *expr = text + strlen (TRAWL_BPF_PREFIX);

      bpf = trawl_bpf_filter_new (expr, &error);
      if (bpf != NULL)
        return TRUE;
      where->start = strlen (TRAWL_BPF_PREFIX);
      where->len = strlen (expr);
    }
  else
    {
      g_autoptr(TrawlDisplayFilter) df = trawl_display_filter_new (text, where, &error);

      if (df != NULL)
        return TRUE;
    }
  *message = g_strdup (error ? error->message : _("Invalid filter"));
  return FALSE;
}

static gboolean
is_blank (const char *text)
{
  for (; *text; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

static void
update_validity (TrawlFilterBar *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  g_autofree char *message = NULL;
  TrawlFilterLocation where;
  GtkWidget *entry = GTK_WIDGET (self->entry);

  gtk_entry_set_icon_from_icon_name (self->entry, GTK_ENTRY_ICON_SECONDARY,
                                     *text ? "edit-clear-symbolic" : NULL);
  if (is_blank (text))
    {
      /* Empty: valid, shows everything; no colour. */
      self->valid = TRUE;
      gtk_widget_remove_css_class (entry, "error");
      gtk_widget_remove_css_class (entry, "success");
      gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
      return;
    }

  self->valid = check (text, &message, &where);
  if (self->valid)
    {
      gtk_widget_remove_css_class (entry, "error");
      gtk_widget_add_css_class (entry, "success");
      gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
      gtk_accessible_reset_state (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_STATE_INVALID);
    }
  else
    {
      GString *s = g_string_new (NULL);
      glong col = g_utf8_pointer_to_offset (text, text + MIN (where.start, strlen (text)));

      /* The text, then a caret line under the wrong part. */
      g_string_append_printf (s, "%s\n", text);
      for (glong i = 0; i < col; i++)
        g_string_append_c (s, ' ');
      g_string_append_c (s, '^');
      for (guint i = 1; i < where.len; i++)
        g_string_append_c (s, '~');
      g_string_append_printf (s, " %s", message);
      gtk_label_set_text (self->error_label, s->str);
      g_string_free (s, TRUE);
      gtk_widget_remove_css_class (entry, "success");
      gtk_widget_add_css_class (entry, "error");
      gtk_widget_set_visible (GTK_WIDGET (self->error_revealer), TRUE);
      gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
      gtk_accessible_update_state (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_STATE_INVALID,
                                   GTK_ACCESSIBLE_INVALID_TRUE, -1);
    }
}

static void
entry_changed (GtkEditable    *editable,
               TrawlFilterBar *self)
{
  update_validity (self);
}

void
trawl_filter_bar_apply (TrawlFilterBar *self)
{
  g_autofree char *text = NULL;

  g_return_if_fail (TRAWL_IS_FILTER_BAR (self));

  update_validity (self);
  if (!self->valid)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry))));
  g_signal_emit (self, signals[APPLY], 0, text);
}

static void
entry_activated (GtkEntry       *entry,
                 TrawlFilterBar *self)
{
  trawl_filter_bar_apply (self);
}

static void
icon_pressed (GtkEntry             *entry,
              GtkEntryIconPosition  pos,
              TrawlFilterBar       *self)
{
  if (pos != GTK_ENTRY_ICON_SECONDARY)
    return;
  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
  trawl_filter_bar_apply (self);
}

static gboolean
escape_pressed (GtkWidget *widget,
                GVariant  *args,
                gpointer   user_data)
{
  TrawlFilterBar *self = TRAWL_FILTER_BAR (user_data);

  /* Stopping keeps the text: the user may want to narrow it down. */
  if (self->busy)
    {
      g_signal_emit (self, signals[STOP], 0);
      return TRUE;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
  trawl_filter_bar_apply (self);
  return TRUE;
}

static void
stop_clicked (TrawlFilterBar *self)
{
  g_signal_emit (self, signals[STOP], 0);
}

/* Debug hook: the error line moves the packet list down while it slides;
 * tests that click the list wait for the slide to end. */
static void
error_revealed_changed (GtkRevealer    *revealer,
                        GParamSpec     *pspec,
                        TrawlFilterBar *self)
{
  gboolean shown = gtk_revealer_get_child_revealed (revealer);

  /* GTK 4.8 keeps a hidden revealer's child in the accessibility tree
   * (an empty, focusable label): hide the revealer once it has closed. */
  if (!shown && !gtk_revealer_get_reveal_child (revealer))
    gtk_widget_set_visible (GTK_WIDGET (revealer), FALSE);
  /* GtkRevealer notifies on every set_reveal_child(): print changes only. */
  if (shown == self->error_shown)
    return;
  self->error_shown = shown;
  trawl_application_debug_print ("filter-error %s", shown ? "shown" : "hidden");
}

/* ---- completion of field names ---- */

/* Start of the word being typed: field names are letters, digits, _ . - */
static const char *
last_word (const char *text)
{
  const char *end = text + strlen (text);
  const char *p = end;

  while (p > text && (g_ascii_isalnum (p[-1]) || p[-1] == '.' || p[-1] == '_' || p[-1] == '-'))
    p--;
  return p;
}

static gboolean
completion_match (GtkEntryCompletion *completion,
                  const char         *key,
                  GtkTreeIter        *iter,
                  gpointer            user_data)
{
  TrawlFilterBar *self = user_data;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  const char *word = last_word (text);
  g_autofree char *name = NULL;
  gboolean match;

  if (strlen (word) < 2 || g_ascii_isdigit (*word))
    return FALSE;
  gtk_tree_model_get (gtk_entry_completion_get_model (completion), iter, 0, &name, -1);
  match = g_str_has_prefix (name, word) && strcmp (name, word) != 0;
  return match;
}

static gboolean
completion_selected (GtkEntryCompletion *completion,
                     GtkTreeModel       *model,
                     GtkTreeIter        *iter,
                     TrawlFilterBar     *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  g_autofree char *name = NULL;
  g_autofree char *head = NULL;
  g_autofree char *full = NULL;

  gtk_tree_model_get (model, iter, 0, &name, -1);
  head = g_strndup (text, last_word (text) - text);
  full = g_strconcat (head, name, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->entry), full);
  gtk_editable_set_position (GTK_EDITABLE (self->entry), -1);
  return TRUE;
}

static void
setup_completion (TrawlFilterBar *self)
{
  GtkListStore *store = gtk_list_store_new (1, G_TYPE_STRING);
  GtkEntryCompletion *completion = gtk_entry_completion_new ();
  guint n = trawl_field_count ();

  for (guint i = 0; i < n; i++)
    {
      const TrawlField *f = trawl_field_get ((int) i);
      GtkTreeIter iter;

      if (f == NULL || f->abbrev == NULL)
        continue;
      gtk_list_store_insert_with_values (store, &iter, -1, 0, f->abbrev, -1);
    }
  gtk_tree_sortable_set_sort_column_id (GTK_TREE_SORTABLE (store), 0, GTK_SORT_ASCENDING);
  gtk_entry_completion_set_model (completion, GTK_TREE_MODEL (store));
  gtk_entry_completion_set_text_column (completion, 0);
  gtk_entry_completion_set_match_func (completion, completion_match, self, NULL);
  gtk_entry_completion_set_minimum_key_length (completion, 2);
  gtk_entry_completion_set_popup_single_match (completion, TRUE);
  gtk_entry_completion_set_inline_completion (completion, FALSE);
  g_signal_connect (completion, "match-selected", G_CALLBACK (completion_selected), self);
  gtk_entry_set_completion (self->entry, completion);
  g_object_unref (completion);
  g_object_unref (store);
}

/* ---- recent filters ---- */

static void
rebuild_recent_menu (TrawlFilterBar *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();

  for (guint i = 0; i < self->recent->len; i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (self->recent->pdata[i], NULL);

      g_menu_item_set_action_and_target (item, "filterbar.use-recent", "s", self->recent->pdata[i]);
      g_menu_append_item (menu, item);
    }
  gtk_menu_button_set_menu_model (self->recent_button, G_MENU_MODEL (menu));
  gtk_widget_set_sensitive (GTK_WIDGET (self->recent_button), self->recent->len > 0);
}

static void
action_use_recent (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  TrawlFilterBar *self = TRAWL_FILTER_BAR (widget);

  gtk_editable_set_text (GTK_EDITABLE (self->entry), g_variant_get_string (param, NULL));
  trawl_filter_bar_apply (self);
}

void
trawl_filter_bar_add_recent (TrawlFilterBar *self,
                             const char     *text)
{
  g_return_if_fail (TRAWL_IS_FILTER_BAR (self));

  if (text == NULL || *text == '\0')
    return;
  for (guint i = 0; i < self->recent->len; i++)
    if (g_str_equal (self->recent->pdata[i], text))
      {
        g_ptr_array_remove_index (self->recent, i);
        break;
      }
  g_ptr_array_insert (self->recent, 0, g_strdup (text));
  if (self->recent->len > MAX_RECENT)
    g_ptr_array_set_size (self->recent, MAX_RECENT);
  rebuild_recent_menu (self);
}

void
trawl_filter_bar_set_recent (TrawlFilterBar     *self,
                             const char * const *recent)
{
  g_return_if_fail (TRAWL_IS_FILTER_BAR (self));

  g_ptr_array_set_size (self->recent, 0);
  for (guint i = 0; recent && recent[i] && i < MAX_RECENT; i++)
    g_ptr_array_add (self->recent, g_strdup (recent[i]));
  rebuild_recent_menu (self);
}

GStrv
trawl_filter_bar_dup_recent (TrawlFilterBar *self)
{
  GStrv v;

  g_return_val_if_fail (TRAWL_IS_FILTER_BAR (self), NULL);

  v = g_new0 (char *, self->recent->len + 1);
  for (guint i = 0; i < self->recent->len; i++)
    v[i] = g_strdup (self->recent->pdata[i]);
  return v;
}

/* ---- class ---- */

static void
trawl_filter_bar_dispose (GObject *object)
{
  TrawlFilterBar *self = TRAWL_FILTER_BAR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), TRAWL_TYPE_FILTER_BAR);
  g_clear_pointer (&self->recent, g_ptr_array_unref);
  G_OBJECT_CLASS (trawl_filter_bar_parent_class)->dispose (object);
}

static gboolean
trawl_filter_bar_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (TRAWL_FILTER_BAR (widget)->entry));
}

static void
trawl_filter_bar_class_init (TrawlFilterBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = trawl_filter_bar_dispose;
  widget_class->grab_focus = trawl_filter_bar_grab_focus;

  signals[APPLY] = g_signal_new ("apply", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[STOP] = g_signal_new ("stop", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/trawl/Trawl/ui/trawl-filter-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, TrawlFilterBar, box);
  gtk_widget_class_bind_template_child (widget_class, TrawlFilterBar, entry);
  gtk_widget_class_bind_template_child (widget_class, TrawlFilterBar, recent_button);
  gtk_widget_class_bind_template_child (widget_class, TrawlFilterBar, apply_stack);
  gtk_widget_class_bind_template_child (widget_class, TrawlFilterBar, apply_button);
  gtk_widget_class_bind_template_child (widget_class, TrawlFilterBar, stop_button);
  gtk_widget_class_bind_template_child (widget_class, TrawlFilterBar, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, TrawlFilterBar, error_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "filterbar");
  gtk_widget_class_install_action (widget_class, "filterbar.use-recent", "s", action_use_recent);
}

static void
trawl_filter_bar_init (TrawlFilterBar *self)
{
  GtkEventController *keys = gtk_shortcut_controller_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->recent = g_ptr_array_new_with_free_func (g_free);
  self->valid = TRUE;

  g_signal_connect (self->entry, "changed", G_CALLBACK (entry_changed), self);
  g_signal_connect (self->entry, "activate", G_CALLBACK (entry_activated), self);
  g_signal_connect (self->entry, "icon-press", G_CALLBACK (icon_pressed), self);
  g_signal_connect_swapped (self->apply_button, "clicked", G_CALLBACK (trawl_filter_bar_apply), self);
  g_signal_connect_swapped (self->stop_button, "clicked", G_CALLBACK (stop_clicked), self);
  g_signal_connect (self->error_revealer, "notify::child-revealed",
                    G_CALLBACK (error_revealed_changed), self);

  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                          gtk_callback_action_new (escape_pressed, self, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self->entry), keys);

  trawl_dissectors_init ();
  setup_completion (self);
  rebuild_recent_menu (self);
}

const char *
trawl_filter_bar_get_text (TrawlFilterBar *self)
{
  g_return_val_if_fail (TRAWL_IS_FILTER_BAR (self), "");

  return gtk_editable_get_text (GTK_EDITABLE (self->entry));
}

void
trawl_filter_bar_set_text (TrawlFilterBar *self,
                           const char     *text)
{
  g_return_if_fail (TRAWL_IS_FILTER_BAR (self));

  gtk_editable_set_text (GTK_EDITABLE (self->entry), text ? text : "");
  gtk_editable_set_position (GTK_EDITABLE (self->entry), -1);
}

void
trawl_filter_bar_set_busy (TrawlFilterBar *self,
                           gboolean        busy)
{
  g_return_if_fail (TRAWL_IS_FILTER_BAR (self));

  self->busy = busy;
  gtk_stack_set_visible_child (self->apply_stack, busy ? self->stop_button : self->apply_button);
}

void
trawl_filter_bar_set_progress (TrawlFilterBar *self,
                               double          fraction)
{
  g_return_if_fail (TRAWL_IS_FILTER_BAR (self));

  if (fraction < 0)
    gtk_entry_progress_pulse (self->entry);
  else
    gtk_entry_set_progress_fraction (self->entry, CLAMP (fraction, 0.0, 1.0));
}
