/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-packet-row.c: one row of the packet list
 *
 * A row only holds the texts of its columns.  The model makes rows for
 * the positions GTK asks for and fills them from an on-demand
 * dissection; when the texts change (the analysis pass finished, the time
 * format changed) the model replaces them and emits ::changed so the
 * cells bound to the row redraw, without any items-changed.
 */
#include "config.h"

#include "trawl-packet-row.h"

struct _TrawlPacketRow
{
  GObject     parent_instance;
  guint32     frame;
  const char *css_class;  /* static string */
  char       *texts[TRAWL_N_COLUMNS];
};

G_DEFINE_FINAL_TYPE (TrawlPacketRow, trawl_packet_row, G_TYPE_OBJECT)

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
trawl_packet_row_finalize (GObject *object)
{
  TrawlPacketRow *self = TRAWL_PACKET_ROW (object);

  for (guint i = 0; i < TRAWL_N_COLUMNS; i++)
    g_free (self->texts[i]);

  G_OBJECT_CLASS (trawl_packet_row_parent_class)->finalize (object);
}

static void
trawl_packet_row_class_init (TrawlPacketRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = trawl_packet_row_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);
}

static void
trawl_packet_row_init (TrawlPacketRow *self)
{
}

TrawlPacketRow *
trawl_packet_row_new (guint32 frame)
{
  TrawlPacketRow *self = g_object_new (TRAWL_TYPE_PACKET_ROW, NULL);

  self->frame = frame;
  return self;
}

guint32
trawl_packet_row_get_frame (TrawlPacketRow *self)
{
  g_return_val_if_fail (TRAWL_IS_PACKET_ROW (self), 0);

  return self->frame;
}

const char *
trawl_packet_row_get_text (TrawlPacketRow *self,
                           TrawlColumn     column)
{
  g_return_val_if_fail (TRAWL_IS_PACKET_ROW (self), "");
  g_return_val_if_fail (column < TRAWL_N_COLUMNS, "");

  return self->texts[column] ? self->texts[column] : "";
}

const char *
trawl_packet_row_get_css_class (TrawlPacketRow *self)
{
  g_return_val_if_fail (TRAWL_IS_PACKET_ROW (self), NULL);

  return self->css_class;
}

gboolean
trawl_packet_row_set_texts (TrawlPacketRow *self,
                            char           *texts[TRAWL_N_COLUMNS],
                            const char     *css_class)
{
  gboolean changed;

  g_return_val_if_fail (TRAWL_IS_PACKET_ROW (self), FALSE);

  changed = g_strcmp0 (self->css_class, css_class) != 0;
  for (guint i = 0; i < TRAWL_N_COLUMNS; i++)
    {
      changed |= g_strcmp0 (self->texts[i], texts[i]) != 0;
      g_free (self->texts[i]);
      self->texts[i] = texts[i];
    }
  self->css_class = css_class;
  return changed;
}

gboolean
trawl_packet_row_set_text (TrawlPacketRow *self,
                           TrawlColumn     column,
                           char           *text)
{
  gboolean changed;

  g_return_val_if_fail (TRAWL_IS_PACKET_ROW (self), FALSE);
  g_return_val_if_fail (column < TRAWL_N_COLUMNS, FALSE);

  changed = g_strcmp0 (self->texts[column], text) != 0;
  g_free (self->texts[column]);
  self->texts[column] = text;
  return changed;
}

void
trawl_packet_row_emit_changed (TrawlPacketRow *self)
{
  g_return_if_fail (TRAWL_IS_PACKET_ROW (self));

  g_signal_emit (self, signals[CHANGED], 0);
}
