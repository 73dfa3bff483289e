/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-capture-page.c: the start page: interfaces, capture filter, options
 *
 * The interfaces come from the helper (trawl-capture --list-interfaces,
 * run in the background); their sparklines from the kernel's counters,
 * read once a second while the page is shown.  The capture filter is
 * compiled by libpcap on a dead handle for the link type of every chosen
 * interface as it is typed (microseconds), and shown in red with
 * libpcap's words while it does not compile.  Start is win.capture-start,
 * which the window enables from the can-start property.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "capture/trawl-capture-interface.h"
#include "trawl-application.h"
#include "trawl-capture-page.h"
#include "trawl-interface-row.h"

/* LINKTYPE_ETHERNET: what a filter is checked against with nothing chosen. */
#define DEFAULT_LINKTYPE 1

struct _TrawlCapturePage
{
  GtkWidget       parent_instance;

  GtkListBox     *interface_list;
  GtkWidget      *start_button;
  GtkLabel       *interfaces_status;
  GtkLabel       *route_label;
  GtkEntry       *filter_entry;
  GtkLabel       *filter_error;
  GtkSpinButton  *snaplen_spin;
  GtkSwitch      *promisc_switch;
  GtkSpinButton  *buffer_spin;
  GtkSpinButton  *stop_packets_spin;
  GtkSpinButton  *stop_seconds_spin;
  GtkSpinButton  *stop_mb_spin;

  GCancellable   *listing;
  guint           sample_id;
  gboolean        filter_ok;
  gboolean        can_start;
  char          **wanted;   /* names to choose once listed */
  guint           print_tries; /* debug: waits for the rows' layout */
};

G_DEFINE_FINAL_TYPE (TrawlCapturePage, trawl_capture_page, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_CAN_START, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void check_filter (TrawlCapturePage *self);

static void
update_can_start (TrawlCapturePage *self)
{
  g_auto(GStrv) chosen = trawl_capture_page_dup_chosen (self);
  gboolean can = chosen[0] != NULL && self->filter_ok;

  if (can == self->can_start)
    return;
  self->can_start = can;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_START]);
}

static void
row_chosen_changed (TrawlInterfaceRow *row,
                    GParamSpec        *pspec,
                    TrawlCapturePage  *self)
{
  /* The filter's validity depends on the chosen link types. */
  check_filter (self);
}

static gboolean
sample_rows (gpointer data)
{
  TrawlCapturePage *self = data;

  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (self->interface_list)); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    if (TRAWL_IS_INTERFACE_ROW (c))
      trawl_interface_row_sample (TRAWL_INTERFACE_ROW (c));
  return G_SOURCE_CONTINUE;
}

/* Where each row's check button and Start are in the window, for the
 * GUI test's clicks (debug mode only), once they are on screen: a window
 * that starts up lays them out later. */
static gboolean
print_rows (gpointer data)
{
  TrawlCapturePage *self = data;
  GtkWidget *root = GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (self)));
  g_autoptr(GString) lines = g_string_new (NULL);
  double x = 0, y = 0;

  /* Not shown for a while (a capture or a file is): never mind. */
  if (++self->print_tries > 50)
    return G_SOURCE_REMOVE;
  if (root == NULL || !gtk_widget_get_mapped (self->start_button) ||
      gtk_widget_get_width (self->start_button) <= 0)
    return G_SOURCE_CONTINUE;
  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (self->interface_list)); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      if (!TRAWL_IS_INTERFACE_ROW (c))
        continue;
      if (!gtk_widget_get_mapped (c) ||
          !gtk_widget_translate_coordinates (c, root, 24, gtk_widget_get_height (c) / 2.0, &x, &y))
        return G_SOURCE_CONTINUE;
      g_string_append_printf (lines, "interface-row %s x=%d y=%d\n",
                              trawl_capture_interface_get_name (trawl_interface_row_get_interface (TRAWL_INTERFACE_ROW (c))),
                              (int) x, (int) y);
    }
  if (!gtk_widget_translate_coordinates (self->start_button, root, gtk_widget_get_width (self->start_button) / 2.0,
                                         gtk_widget_get_height (self->start_button) / 2.0, &x, &y))
    return G_SOURCE_CONTINUE;
  g_string_append_printf (lines, "start-button x=%d y=%d", (int) x, (int) y);
  trawl_application_debug_print ("%s", lines->str);
  return G_SOURCE_REMOVE;
}

static void
listed (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(TrawlCapturePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ifaces = trawl_capture_list_interfaces_finish (result, &error);
  GtkWidget *c;

  if (ifaces == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->listing);
  while ((c = gtk_widget_get_first_child (GTK_WIDGET (self->interface_list))) != NULL)
    gtk_list_box_remove (self->interface_list, c);
  if (ifaces == NULL)
    {
      g_autofree char *msg = g_strdup_printf (_("Could not list the interfaces: %s"), error->message);

      gtk_label_set_text (self->interfaces_status, msg);
      gtk_widget_set_visible (GTK_WIDGET (self->interfaces_status), TRUE);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->interfaces_status), ifaces->len == 0);
  gtk_label_set_text (self->interfaces_status, _("No interface to capture on"));
  for (guint i = 0; i < ifaces->len; i++)
    {
      GtkWidget *row = trawl_interface_row_new (g_ptr_array_index (ifaces, i));

      g_signal_connect (row, "notify::chosen", G_CALLBACK (row_chosen_changed), self);
      gtk_list_box_append (self->interface_list, row);
    }
  trawl_application_debug_print ("interfaces %u", ifaces->len);
  if (self->wanted != NULL)
    {
      g_auto(GStrv) wanted = g_steal_pointer (&self->wanted);
      trawl_capture_page_choose (self, (const char * const *) wanted);
    }
  check_filter (self);
  self->print_tries = 0;
  if (trawl_application_debug_stdout ())
    g_timeout_add_full (G_PRIORITY_DEFAULT, 300, print_rows, g_object_ref (self), g_object_unref);
}

void
trawl_capture_page_refresh (TrawlCapturePage *self)
{
  g_return_if_fail (TRAWL_IS_CAPTURE_PAGE (self));

  if (self->listing != NULL)
    g_cancellable_cancel (self->listing);
  g_clear_object (&self->listing);
  self->listing = g_cancellable_new ();
  gtk_label_set_text (self->interfaces_status, _("Looking for interfaces…"));
  gtk_widget_set_visible (GTK_WIDGET (self->interfaces_status), TRUE);
  trawl_capture_list_interfaces_async (self->listing, listed, g_object_ref (self));
}

void
trawl_capture_page_set_active (TrawlCapturePage *self,
                               gboolean          active)
{
  g_return_if_fail (TRAWL_IS_CAPTURE_PAGE (self));

  if (active && self->sample_id == 0)
    self->sample_id = g_timeout_add_seconds (1, sample_rows, self);
  else if (!active)
    g_clear_handle_id (&self->sample_id, g_source_remove);
}

static TrawlInterfaceRow *
row_named (TrawlCapturePage *self,
           const char       *name)
{
  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (self->interface_list)); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    if (TRAWL_IS_INTERFACE_ROW (c) &&
        g_strcmp0 (trawl_capture_interface_get_name (trawl_interface_row_get_interface (TRAWL_INTERFACE_ROW (c))), name) == 0)
      return TRAWL_INTERFACE_ROW (c);
  return NULL;
}

void
trawl_capture_page_choose (TrawlCapturePage   *self,
                           const char * const *names)
{
  g_return_if_fail (TRAWL_IS_CAPTURE_PAGE (self));

  if (self->listing != NULL)
    {
      /* Still listing: choose them when the rows exist. */
      g_strfreev (self->wanted);
      self->wanted = g_strdupv ((char **) names);
      return;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (self->interface_list)); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    if (TRAWL_IS_INTERFACE_ROW (c))
      trawl_interface_row_set_chosen (TRAWL_INTERFACE_ROW (c), FALSE);
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      TrawlInterfaceRow *row = row_named (self, names[i]);

      if (row != NULL)
        trawl_interface_row_set_chosen (row, TRUE);
    }
}

char **
trawl_capture_page_dup_chosen (TrawlCapturePage *self)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

  g_return_val_if_fail (TRAWL_IS_CAPTURE_PAGE (self), NULL);

  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (self->interface_list)); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    if (TRAWL_IS_INTERFACE_ROW (c) && trawl_interface_row_get_chosen (TRAWL_INTERFACE_ROW (c)))
      g_strv_builder_add (b, trawl_capture_interface_get_name (trawl_interface_row_get_interface (TRAWL_INTERFACE_ROW (c))));
  return g_strv_builder_end (b);
}

gboolean
trawl_capture_page_can_start (TrawlCapturePage *self)
{
  g_return_val_if_fail (TRAWL_IS_CAPTURE_PAGE (self), FALSE);

  return self->can_start;
}

/* The filter must compile for every chosen interface's link type: one
 * capture file holds them all, each with the same filter. */
static gboolean
filter_compiles (TrawlCapturePage  *self,
                 const char        *text,
                 GError           **error)
{
  gboolean any = FALSE;

  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (self->interface_list)); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      TrawlCaptureInterface *iface;
      const guint32 *lts;
      guint n = 0;

      if (!TRAWL_IS_INTERFACE_ROW (c) || !trawl_interface_row_get_chosen (TRAWL_INTERFACE_ROW (c)))
        continue;
      iface = trawl_interface_row_get_interface (TRAWL_INTERFACE_ROW (c));
      lts = trawl_capture_interface_get_linktypes (iface, &n);
      any = TRUE;
      if (!trawl_capture_check_filter (text, n > 0 ? lts[0] : DEFAULT_LINKTYPE, error))
        {
          g_prefix_error (error, "%s: ", trawl_capture_interface_get_name (iface));
          return FALSE;
        }
    }
  return any || trawl_capture_check_filter (text, DEFAULT_LINKTYPE, error);
}

static void
check_filter (TrawlCapturePage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->filter_entry));
  g_autoptr(GError) error = NULL;

  self->filter_ok = *text == '\0' || filter_compiles (self, text, &error);
  if (self->filter_ok)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->filter_entry), "error");
      if (*text != '\0')
        gtk_widget_add_css_class (GTK_WIDGET (self->filter_entry), "success");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (self->filter_entry), "success");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->filter_entry), "success");
      gtk_widget_add_css_class (GTK_WIDGET (self->filter_entry), "error");
    }
  gtk_label_set_text (self->filter_error, error ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->filter_error), error != NULL);
  trawl_application_debug_print ("capture-filter %s%s%s", self->filter_ok ? "valid" : "invalid",
                                 error ? " " : "", error ? error->message : "");
  update_can_start (self);
}

static void
filter_changed (GtkEditable      *entry,
                TrawlCapturePage *self)
{
  check_filter (self);
}

static void
filter_activated (GtkEntry         *entry,
                  TrawlCapturePage *self)
{
  if (self->can_start)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.capture-start", NULL);
}

void
trawl_capture_page_configure (TrawlCapturePage    *self,
                              TrawlCaptureSession *session)
{
  g_auto(GStrv) chosen = NULL;
  const char *filter;

  g_return_if_fail (TRAWL_IS_CAPTURE_PAGE (self));
  g_return_if_fail (TRAWL_IS_CAPTURE_SESSION (session));

  chosen = trawl_capture_page_dup_chosen (self);
  filter = gtk_editable_get_text (GTK_EDITABLE (self->filter_entry));
  trawl_capture_session_set_interfaces (session, (const char * const *) chosen);
  trawl_capture_session_set_filter (session, *filter ? filter : NULL);
  trawl_capture_session_set_snaplen (session, (guint) gtk_spin_button_get_value_as_int (self->snaplen_spin));
  trawl_capture_session_set_promiscuous (session, gtk_switch_get_active (self->promisc_switch));
  trawl_capture_session_set_buffer_mib (session, (guint) gtk_spin_button_get_value_as_int (self->buffer_spin));
  /* tshark's -a filesize counts kB of 1000 bytes; the page asks for MB. */
  trawl_capture_session_set_autostop (session,
                                      (guint64) gtk_spin_button_get_value (self->stop_packets_spin),
                                      (guint) gtk_spin_button_get_value_as_int (self->stop_seconds_spin),
                                      (guint64) gtk_spin_button_get_value (self->stop_mb_spin) * 1000);
}

void
trawl_capture_page_set_route_text (TrawlCapturePage *self,
                                   const char       *text)
{
  g_return_if_fail (TRAWL_IS_CAPTURE_PAGE (self));

  gtk_label_set_text (self->route_label, text);
}

static void
trawl_capture_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  TrawlCapturePage *self = TRAWL_CAPTURE_PAGE (object);

  switch (prop_id)
    {
    case PROP_CAN_START:
      g_value_set_boolean (value, self->can_start);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trawl_capture_page_dispose (GObject *object)
{
  TrawlCapturePage *self = TRAWL_CAPTURE_PAGE (object);

  if (self->listing != NULL)
    g_cancellable_cancel (self->listing);
  g_clear_object (&self->listing);
  g_clear_handle_id (&self->sample_id, g_source_remove);
  g_clear_pointer (&self->wanted, g_strfreev);
  gtk_widget_dispose_template (GTK_WIDGET (object), TRAWL_TYPE_CAPTURE_PAGE);
  G_OBJECT_CLASS (trawl_capture_page_parent_class)->dispose (object);
}

static void
trawl_capture_page_class_init (TrawlCapturePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = trawl_capture_page_dispose;
  object_class->get_property = trawl_capture_page_get_property;

  properties[PROP_CAN_START] =
    g_param_spec_boolean ("can-start", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/trawl/Trawl/ui/trawl-capture-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TrawlCapturePage, interface_list);
  gtk_widget_class_bind_template_child (widget_class, TrawlCapturePage, start_button);
  gtk_widget_class_bind_template_child (widget_class, TrawlCapturePage, interfaces_status);
  gtk_widget_class_bind_template_child (widget_class, TrawlCapturePage, route_label);
  gtk_widget_class_bind_template_child (widget_class, TrawlCapturePage, filter_entry);
  gtk_widget_class_bind_template_child (widget_class, TrawlCapturePage, filter_error);
  gtk_widget_class_bind_template_child (widget_class, TrawlCapturePage, snaplen_spin);
  gtk_widget_class_bind_template_child (widget_class, TrawlCapturePage, promisc_switch);
  gtk_widget_class_bind_template_child (widget_class, TrawlCapturePage, buffer_spin);
  gtk_widget_class_bind_template_child (widget_class, TrawlCapturePage, stop_packets_spin);
  gtk_widget_class_bind_template_child (widget_class, TrawlCapturePage, stop_seconds_spin);
  gtk_widget_class_bind_template_child (widget_class, TrawlCapturePage, stop_mb_spin);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed);
  gtk_widget_class_bind_template_callback (widget_class, filter_activated);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
trawl_capture_page_init (TrawlCapturePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->filter_ok = TRUE;
}
