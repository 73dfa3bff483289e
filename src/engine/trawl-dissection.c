/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-dissection.c: one dissected frame, shared by reference */
#include "config.h"

#include "trawl-dissection.h"

struct _TrawlDissection
{
  gatomicrefcount  ref_count;
  gpointer         owner;   /* GObject or NULL */
  TrawlArena      *arena;
  TrawlPacket      pkt;
  gint64           frame;
};

G_DEFINE_BOXED_TYPE (TrawlDissection, trawl_dissection, trawl_dissection_ref, trawl_dissection_unref)

TrawlDissection *
trawl_dissection_new (gpointer owner)
{
  TrawlDissection *self = g_new0 (TrawlDissection, 1);

  g_return_val_if_fail (owner == NULL || G_IS_OBJECT (owner), NULL);

  g_atomic_ref_count_init (&self->ref_count);
  self->owner = owner != NULL ? g_object_ref (owner) : NULL;
  self->arena = trawl_arena_new ();
  trawl_packet_init (&self->pkt, self->arena);
  self->frame = -1;
  return self;
}

TrawlDissection *
trawl_dissection_ref (TrawlDissection *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
trawl_dissection_unref (TrawlDissection *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  trawl_packet_clear (&self->pkt);
  trawl_arena_free (self->arena);
  g_clear_object (&self->owner);
  g_free (self);
}

TrawlPacket *
trawl_dissection_get_packet (TrawlDissection *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return &self->pkt;
}

gint64
trawl_dissection_get_frame (TrawlDissection *self)
{
  g_return_val_if_fail (self != NULL, -1);
  return self->frame;
}

void
trawl_dissection_set_frame (TrawlDissection *self,
                            gint64           frame)
{
  g_return_if_fail (self != NULL);
  self->frame = frame;
}
