/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-sparkline.c: a small line chart of the last few samples
 *
 * Drawn with cairo through GtkSnapshot in the widget's foreground colour,
 * scaled to the largest sample shown, so that a quiet interface is a flat
 * line at the bottom and a busy one fills the height.
 */
#include "config.h"

#include "trawl-sparkline.h"

struct _TrawlSparkline
{
  GtkWidget parent_instance;

  double    samples[TRAWL_SPARKLINE_SAMPLES];  /* a ring */
  guint     next;                              /* where the next one goes */
  guint     n;                                 /* samples held */
};

G_DEFINE_FINAL_TYPE (TrawlSparkline, trawl_sparkline, GTK_TYPE_WIDGET)

static double
sample_at (TrawlSparkline *self,
           guint           i)
{
  /* i = 0 is the oldest held sample. */
  guint start = (self->next + TRAWL_SPARKLINE_SAMPLES - self->n) % TRAWL_SPARKLINE_SAMPLES;

  return self->samples[(start + i) % TRAWL_SPARKLINE_SAMPLES];
}

double
trawl_sparkline_get_peak (TrawlSparkline *self)
{
  double peak = 0;

  g_return_val_if_fail (TRAWL_IS_SPARKLINE (self), 0);

  for (guint i = 0; i < self->n; i++)
    peak = MAX (peak, sample_at (self, i));
  return peak;
}

static void
trawl_sparkline_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  TrawlSparkline *self = TRAWL_SPARKLINE (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  double peak = trawl_sparkline_get_peak (self);
  double step = (double) width / (TRAWL_SPARKLINE_SAMPLES - 1);
  GdkRGBA color;
  cairo_t *cr;

  if (width <= 2 || height <= 2)
    return;
  /* gtk_widget_get_color () is 4.10: the style context is 4.8's way. */
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cairo_set_line_width (cr, 1.5);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

  /* The newest sample on the right edge, as in Wireshark. */
  for (guint i = 0; i < self->n; i++)
    {
      double x = width - (self->n - 1 - i) * step;
      double y = height - 1 - (peak > 0 ? sample_at (self, i) / peak : 0) * (height - 2);

      if (i == 0)
        cairo_move_to (cr, x, y);
      else
        cairo_line_to (cr, x, y);
    }
  if (self->n > 1)
    {
      cairo_set_source_rgba (cr, color.red, color.green, color.blue, color.alpha);
      cairo_stroke_preserve (cr);
      /* A faint fill under the line reads better at this size. */
      cairo_line_to (cr, width, height);
      cairo_line_to (cr, width - (self->n - 1) * step, height);
      cairo_close_path (cr);
      cairo_set_source_rgba (cr, color.red, color.green, color.blue, color.alpha * 0.15);
      cairo_fill (cr);
    }
  cairo_destroy (cr);
}

static void
trawl_sparkline_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  *minimum = *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 120 : 24;
}

static void
trawl_sparkline_class_init (TrawlSparklineClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->snapshot = trawl_sparkline_snapshot;
  widget_class->measure = trawl_sparkline_measure;
  gtk_widget_class_set_css_name (widget_class, "sparkline");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
trawl_sparkline_init (TrawlSparkline *self)
{
  /* A flat line across the whole width until samples come. */
  self->n = TRAWL_SPARKLINE_SAMPLES;
}

GtkWidget *
trawl_sparkline_new (void)
{
  return g_object_new (TRAWL_TYPE_SPARKLINE, NULL);
}

void
trawl_sparkline_push (TrawlSparkline *self,
                      double          value)
{
  g_return_if_fail (TRAWL_IS_SPARKLINE (self));

  self->samples[self->next] = value;
  self->next = (self->next + 1) % TRAWL_SPARKLINE_SAMPLES;
  self->n = MIN (self->n + 1, TRAWL_SPARKLINE_SAMPLES);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
