/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-byte-view.c: the frame's bytes as offset / hex / ASCII
 *
 * One GtkTextView per data source (the frame, unmasked WebSocket data,
 * ...), in a notebook whose tabs show only when there is more than one
 * source, as in Wireshark.  A line is
 *   "0000  45 00 00 3c 8a 3b 40 00  40 06 b2 7e 7f 00 00 01   E..<.;@.@..~...."
 * so the column of every byte is known and a click maps back to a byte.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "trawl-application.h"
#include "trawl-byte-view.h"

#define HEX_START   6
#define ASCII_START (HEX_START + 16 * 3 + 1 + 2)

struct _TrawlByteView
{
  GtkWidget    parent_instance;

  GtkNotebook *notebook;
  GMenuModel  *context_menu;
  GPtrArray   *sources;  /* GBytes per data source */
  GPtrArray   *views;    /* GtkTextView per data source */
};

G_DEFINE_FINAL_TYPE (TrawlByteView, trawl_byte_view, GTK_TYPE_WIDGET)

enum { BYTE_CLICKED, N_SIGNALS };
static guint signals[N_SIGNALS];

static guint
hex_column (guint col)
{
  return HEX_START + col * 3 + (col >= 8 ? 1 : 0);
}

static guint
ascii_column (guint col)
{
  return ASCII_START + col + (col >= 8 ? 1 : 0);
}

static char *
dump_text (const guint8 *data,
           gsize         len)
{
  GString *s = g_string_sized_new ((len / 16 + 1) * 80);

  for (gsize line = 0; line < len; line += 16)
    {
      gsize n = MIN (16, len - line);

      g_string_append_printf (s, "%04" G_GSIZE_MODIFIER "x  ", line);
      for (gsize i = 0; i < 16; i++)
        {
          if (i == 8)
            g_string_append_c (s, ' ');
          if (i < n)
            g_string_append_printf (s, "%02x ", data[line + i]);
          else
            g_string_append (s, "   ");
        }
      g_string_append (s, "  ");
      for (gsize i = 0; i < n; i++)
        {
          guint8 c = data[line + i];

          if (i == 8)
            g_string_append_c (s, ' ');
          g_string_append_c (s, c >= 0x20 && c < 0x7f ? (char) c : '.');
        }
      if (line + 16 < len)
        g_string_append_c (s, '\n');
    }
  return g_string_free (s, FALSE);
}

/* The byte under a text position, or -1. */
static gint64
byte_at (guint line,
         guint column,
         gsize len)
{
  gint64 col = -1;

  if (column >= HEX_START && column < ASCII_START - 2)
    {
      guint c = column - HEX_START;

      if (c >= 8 * 3)
        c = c >= 8 * 3 + 1 ? c - 1 : c;
      col = c / 3;
    }
  else if (column >= ASCII_START)
    {
      guint c = column - ASCII_START;

      col = c > 8 ? c - 1 : c == 8 ? 7 : c;
    }
  if (col < 0 || col > 15 || (gsize) line * 16 + col >= len)
    return -1;
  return (gint64) line * 16 + col;
}

static void
text_released (GtkGestureClick *gesture,
               int              n_press,
               double           x,
               double           y,
               TrawlByteView   *self)
{
  GtkTextView *view = GTK_TEXT_VIEW (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture)));
  guint ds = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (view), "ds"));
  GtkTextIter iter;
  int bx, by;
  gint64 byte;

  gtk_text_view_window_to_buffer_coords (view, GTK_TEXT_WINDOW_WIDGET, (int) x, (int) y, &bx, &by);
  if (!gtk_text_view_get_iter_at_location (view, &iter, bx, by))
    return;
  byte = byte_at (gtk_text_iter_get_line (&iter), gtk_text_iter_get_line_offset (&iter),
                  g_bytes_get_size (self->sources->pdata[ds]));
  if (byte < 0)
    return;
  trawl_application_debug_print ("byte-clicked ds=%u offset=%" G_GINT64_FORMAT, ds, byte);
  g_signal_emit (self, signals[BYTE_CLICKED], 0, ds, (guint) byte);
}

static void
context_pressed (GtkGestureClick *gesture,
                 int              n_press,
                 double           x,
                 double           y,
                 TrawlByteView   *self)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  GtkWidget *popover = gtk_popover_menu_new_from_model (self->context_menu);

  gtk_widget_set_parent (popover, widget);
  gtk_popover_set_has_arrow (GTK_POPOVER (popover), FALSE);
  gtk_popover_set_pointing_to (GTK_POPOVER (popover), &(GdkRectangle) { (int) x, (int) y, 1, 1 });
  /* Unparent once closed: a popover per click. */
  g_signal_connect (popover, "closed", G_CALLBACK (gtk_widget_unparent), NULL);
  gtk_popover_popup (GTK_POPOVER (popover));
}

static GtkWidget *
make_view (TrawlByteView *self,
           guint          ds,
           GBytes        *bytes)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *view = gtk_text_view_new ();
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  g_autofree char *text = dump_text (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  GtkGesture *click = gtk_gesture_click_new ();
  GtkGesture *menu = gtk_gesture_click_new ();

  gtk_text_view_set_editable (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_cursor_visible (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), TRUE);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 4);
  gtk_widget_add_css_class (view, "byte-view");
  gtk_text_buffer_set_text (buffer, text, -1);
  gtk_text_buffer_create_tag (buffer, "field", NULL);
  gtk_text_buffer_create_tag (buffer, "offset", NULL);
  g_object_set_data (G_OBJECT (view), "ds", GUINT_TO_POINTER (ds));

  g_signal_connect (click, "released", G_CALLBACK (text_released), self);
  gtk_widget_add_controller (view, GTK_EVENT_CONTROLLER (click));
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (menu), GDK_BUTTON_SECONDARY);
  g_signal_connect (menu, "pressed", G_CALLBACK (context_pressed), self);
  gtk_widget_add_controller (view, GTK_EVENT_CONTROLLER (menu));

  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  g_ptr_array_add (self->views, view);
  return scroller;
}

static void
style_tags (TrawlByteView *self)
{
  AdwStyleManager *sm = adw_style_manager_get_default ();
  gboolean dark = adw_style_manager_get_dark (sm);

  for (guint i = 0; i < self->views->len; i++)
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->views->pdata[i]);
      GtkTextTagTable *table = gtk_text_buffer_get_tag_table (buffer);

      /* The accent colour with readable text, in either style. */
      g_object_set (gtk_text_tag_table_lookup (table, "field"),
                    "background", dark ? "#3584e4" : "#3584e4",
                    "foreground", "#ffffff", NULL);
      g_object_set (gtk_text_tag_table_lookup (table, "offset"),
                    "foreground", dark ? "#9a9996" : "#77767b", NULL);
    }
}

void
trawl_byte_view_set_packet (TrawlByteView     *self,
                            const TrawlPacket *pkt)
{
  g_return_if_fail (TRAWL_IS_BYTE_VIEW (self));

  while (gtk_notebook_get_n_pages (self->notebook) > 0)
    gtk_notebook_remove_page (self->notebook, -1);
  g_ptr_array_set_size (self->views, 0);
  g_ptr_array_set_size (self->sources, 0);
  if (pkt == NULL)
    return;

  for (guint ds = 0; ds < pkt->n_sources; ds++)
    {
      GBytes *bytes = g_bytes_new (pkt->sources[ds].data, pkt->sources[ds].len);
      GtkWidget *page;
      g_autofree char *title = NULL;

      g_ptr_array_add (self->sources, bytes);
      page = make_view (self, ds, bytes);
      title = ds == 0 ? g_strdup_printf (_("Frame (%u bytes)"), pkt->sources[ds].len)
                      : g_strdup_printf (_("%s (%u bytes)"), pkt->sources[ds].name, pkt->sources[ds].len);
      /* The tab shows only with two sources or more: the name says it. */
      {
        g_autofree char *name = g_strdup_printf (_("Packet bytes: %s"), title);

        gtk_accessible_update_property (GTK_ACCESSIBLE (self->views->pdata[ds]),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      }
      gtk_notebook_append_page (self->notebook, page, gtk_label_new (title));
    }
  gtk_notebook_set_show_tabs (self->notebook, pkt->n_sources > 1);
  style_tags (self);

  for (guint i = 0; i < self->views->len; i++)
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->views->pdata[i]);
      int lines = gtk_text_buffer_get_line_count (buffer);

      for (int l = 0; l < lines; l++)
        {
          GtkTextIter a, b;

          gtk_text_buffer_get_iter_at_line_offset (buffer, &a, l, 0);
          gtk_text_buffer_get_iter_at_line_offset (buffer, &b, l, 4);
          gtk_text_buffer_apply_tag_by_name (buffer, "offset", &a, &b);
        }
    }
}

static void
tag_range (GtkTextBuffer *buffer,
           guint          first,
           guint          last,
           gboolean       ascii)
{
  for (guint line = first / 16; line <= last / 16; line++)
    {
      guint c0 = line == first / 16 ? first % 16 : 0;
      guint c1 = line == last / 16 ? last % 16 : 15;
      GtkTextIter a, b;

      gtk_text_buffer_get_iter_at_line_offset (buffer, &a, line, ascii ? ascii_column (c0) : hex_column (c0));
      gtk_text_buffer_get_iter_at_line_offset (buffer, &b, line, ascii ? ascii_column (c1) + 1 : hex_column (c1) + 2);
      gtk_text_buffer_apply_tag_by_name (buffer, "field", &a, &b);
    }
}

void
trawl_byte_view_highlight (TrawlByteView *self,
                           guint          ds,
                           guint          start,
                           guint          len)
{
  g_return_if_fail (TRAWL_IS_BYTE_VIEW (self));

  for (guint i = 0; i < self->views->len; i++)
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->views->pdata[i]);
      GtkTextIter a, b;

      gtk_text_buffer_get_bounds (buffer, &a, &b);
      gtk_text_buffer_remove_tag_by_name (buffer, "field", &a, &b);
    }
  if (ds >= self->views->len || len == 0)
    return;
  if (start >= g_bytes_get_size (self->sources->pdata[ds]))
    return;
  len = MIN (len, g_bytes_get_size (self->sources->pdata[ds]) - start);

  {
    GtkTextView *view = self->views->pdata[ds];
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
    GtkTextIter it;

    tag_range (buffer, start, start + len - 1, FALSE);
    tag_range (buffer, start, start + len - 1, TRUE);
    gtk_notebook_set_current_page (self->notebook, (int) ds);
    gtk_text_buffer_get_iter_at_line (buffer, &it, start / 16);
    gtk_text_view_scroll_to_iter (view, &it, 0.0, FALSE, 0, 0);
  }
  trawl_application_debug_print ("bytes-highlighted ds=%u start=%u len=%u", ds, start, len);
}

static GBytes *
current_bytes (TrawlByteView *self)
{
  int page = gtk_notebook_get_current_page (self->notebook);

  if (page < 0 || (guint) page >= self->sources->len)
    return NULL;
  return self->sources->pdata[page];
}

static void
action_copy (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  TrawlByteView *self = TRAWL_BYTE_VIEW (widget);
  GBytes *bytes = current_bytes (self);
  g_autofree char *text = NULL;
  const guint8 *data;
  gsize len;

  if (bytes == NULL)
    return;
  data = g_bytes_get_data (bytes, &len);
  if (g_str_equal (action_name, "bytes.copy-hex"))
    text = dump_text (data, len);
  else
    {
      /* Printable text only, as Wireshark's "…as Printable Text". */
      GString *s = g_string_sized_new (len);

      for (gsize i = 0; i < len; i++)
        if ((data[i] >= 0x20 && data[i] < 0x7f) || data[i] == '\n' || data[i] == '\t')
          g_string_append_c (s, (char) data[i]);
      text = g_string_free (s, FALSE);
    }
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
}

static void
trawl_byte_view_dispose (GObject *object)
{
  TrawlByteView *self = TRAWL_BYTE_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), TRAWL_TYPE_BYTE_VIEW);
  g_clear_pointer (&self->sources, g_ptr_array_unref);
  g_clear_pointer (&self->views, g_ptr_array_unref);
  G_OBJECT_CLASS (trawl_byte_view_parent_class)->dispose (object);
}

static gboolean
trawl_byte_view_grab_focus (GtkWidget *widget)
{
  TrawlByteView *self = TRAWL_BYTE_VIEW (widget);
  int page = gtk_notebook_get_current_page (self->notebook);

  if (page >= 0 && (guint) page < self->views->len)
    return gtk_widget_grab_focus (self->views->pdata[page]);
  return gtk_widget_grab_focus (GTK_WIDGET (self->notebook));
}

static void
trawl_byte_view_class_init (TrawlByteViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = trawl_byte_view_dispose;
  widget_class->grab_focus = trawl_byte_view_grab_focus;

  signals[BYTE_CLICKED] = g_signal_new ("byte-clicked", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/trawl/Trawl/ui/trawl-byte-view.ui");
  gtk_widget_class_bind_template_child (widget_class, TrawlByteView, notebook);
  gtk_widget_class_bind_template_child (widget_class, TrawlByteView, context_menu);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "byteview");
  gtk_widget_class_install_action (widget_class, "bytes.copy-hex", NULL, action_copy);
  gtk_widget_class_install_action (widget_class, "bytes.copy-text", NULL, action_copy);
  /* Ctrl+C stays the text view's: it copies the selected characters. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "bytes.copy-hex", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK | GDK_ALT_MASK, "bytes.copy-text", NULL);
}

static void
trawl_byte_view_init (TrawlByteView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->sources = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  self->views = g_ptr_array_new ();
}
