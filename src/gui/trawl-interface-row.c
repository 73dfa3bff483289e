/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-interface-row.c: one interface on the start page
 *
 * The counters are the kernel's (sysfs, no privilege), read once a second
 * by the page; the row shows the difference, received plus sent, as
 * Wireshark's welcome page shows an interface's traffic.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "capture/trawl-capture-util.h"
#include "trawl-interface-row.h"
#include "trawl-sparkline.h"

struct _TrawlInterfaceRow
{
  AdwActionRow           parent_instance;

  GtkCheckButton        *check;
  TrawlSparkline        *sparkline;
  GtkLabel              *rate_label;

  TrawlCaptureInterface *iface;
  guint64                last_packets;
  gint64                 last_time;
};

G_DEFINE_FINAL_TYPE (TrawlInterfaceRow, trawl_interface_row, ADW_TYPE_ACTION_ROW)

enum { PROP_0, PROP_CHOSEN, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
check_toggled (GtkCheckButton    *check,
               TrawlInterfaceRow *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHOSEN]);
}

static void
trawl_interface_row_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  TrawlInterfaceRow *self = TRAWL_INTERFACE_ROW (object);

  switch (prop_id)
    {
    case PROP_CHOSEN:
      g_value_set_boolean (value, trawl_interface_row_get_chosen (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trawl_interface_row_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  TrawlInterfaceRow *self = TRAWL_INTERFACE_ROW (object);

  switch (prop_id)
    {
    case PROP_CHOSEN:
      trawl_interface_row_set_chosen (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
trawl_interface_row_dispose (GObject *object)
{
  TrawlInterfaceRow *self = TRAWL_INTERFACE_ROW (object);

  g_clear_object (&self->iface);
  gtk_widget_dispose_template (GTK_WIDGET (object), TRAWL_TYPE_INTERFACE_ROW);
  G_OBJECT_CLASS (trawl_interface_row_parent_class)->dispose (object);
}

static void
trawl_interface_row_class_init (TrawlInterfaceRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = trawl_interface_row_dispose;
  object_class->get_property = trawl_interface_row_get_property;
  object_class->set_property = trawl_interface_row_set_property;

  properties[PROP_CHOSEN] =
    g_param_spec_boolean ("chosen", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (TRAWL_TYPE_SPARKLINE);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/trawl/Trawl/ui/trawl-interface-row.ui");
  gtk_widget_class_bind_template_child (widget_class, TrawlInterfaceRow, check);
  gtk_widget_class_bind_template_child (widget_class, TrawlInterfaceRow, sparkline);
  gtk_widget_class_bind_template_child (widget_class, TrawlInterfaceRow, rate_label);
  gtk_widget_class_bind_template_callback (widget_class, check_toggled);
}

static void
trawl_interface_row_init (TrawlInterfaceRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static char *
describe (TrawlCaptureInterface *iface)
{
  const char * const *addrs = trawl_capture_interface_get_addresses (iface);
  const char * const *lt_names = trawl_capture_interface_get_linktype_names (iface);
  g_autoptr(GString) s = g_string_new (NULL);

  if (trawl_capture_interface_get_description (iface) != NULL)
    g_string_append (s, trawl_capture_interface_get_description (iface));
  for (guint i = 0; addrs != NULL && addrs[i] != NULL && i < 3; i++)
    g_string_append_printf (s, "%s%s", s->len ? ", " : "", addrs[i]);
  if (lt_names != NULL && lt_names[0] != NULL)
    g_string_append_printf (s, "%s%s", s->len ? " · " : "", lt_names[0]);
  if (!trawl_capture_interface_is_up (iface))
    g_string_append_printf (s, "%s%s", s->len ? " · " : "", _("down"));
  return g_string_free (g_steal_pointer (&s), FALSE);
}

GtkWidget *
trawl_interface_row_new (TrawlCaptureInterface *iface)
{
  TrawlInterfaceRow *self;
  g_autofree char *subtitle = NULL;
  g_autofree char *label = NULL;
  const char *name;

  g_return_val_if_fail (TRAWL_IS_CAPTURE_INTERFACE (iface), NULL);

  self = g_object_new (TRAWL_TYPE_INTERFACE_ROW, NULL);
  self->iface = g_object_ref (iface);
  name = trawl_capture_interface_get_name (iface);
  subtitle = describe (iface);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);
  label = g_strdup_printf (_("Capture on %s"), name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->check), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  label = (g_free (label), g_strdup_printf (_("Traffic on %s"), name));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->sparkline), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  trawl_interface_row_sample (self);
  return GTK_WIDGET (self);
}

TrawlCaptureInterface *
trawl_interface_row_get_interface (TrawlInterfaceRow *self)
{
  g_return_val_if_fail (TRAWL_IS_INTERFACE_ROW (self), NULL);

  return self->iface;
}

gboolean
trawl_interface_row_get_chosen (TrawlInterfaceRow *self)
{
  g_return_val_if_fail (TRAWL_IS_INTERFACE_ROW (self), FALSE);

  return gtk_check_button_get_active (self->check);
}

void
trawl_interface_row_set_chosen (TrawlInterfaceRow *self,
                                gboolean           chosen)
{
  g_return_if_fail (TRAWL_IS_INTERFACE_ROW (self));

  gtk_check_button_set_active (self->check, chosen);
}

double
trawl_interface_row_sample (TrawlInterfaceRow *self)
{
  TrawlCaptureIfStats stats;
  guint64 packets;
  gint64 now = g_get_monotonic_time ();
  double rate = 0;

  g_return_val_if_fail (TRAWL_IS_INTERFACE_ROW (self), 0);

  /* An interface that went away reads as silent. */
  if (!trawl_capture_read_interface_stats (trawl_capture_interface_get_name (self->iface), &stats, NULL))
    return 0;
  packets = stats.rx_packets + stats.tx_packets;
  if (self->last_time != 0 && packets >= self->last_packets && now > self->last_time)
    {
      g_autofree char *text = NULL;

      rate = (packets - self->last_packets) / ((now - self->last_time) / 1e6);
      trawl_sparkline_push (self->sparkline, rate);
      text = g_strdup_printf (_("%.0f/s"), rate);
      gtk_label_set_text (self->rate_label, text);
    }
  self->last_packets = packets;
  self->last_time = now;
  return rate;
}
