/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-packet-list-model.c: the packet list as a GListModel
 *
 * Position -> frame goes through the sort permutation when there is one,
 * else through the displayed-frames array (a filter's result), else it is
 * the identity.  Rows are made in get_item() for the positions GTK asks
 * for (a screenful plus a little); a row is dissected once, when made.
 * Rows still alive are tracked (weakly) so that a late analysis pass or a
 * new time format can refresh exactly the rows on screen; the last few
 * hundred rows made are kept alive so that scrolling back is free.
 */
#include "config.h"

#include <string.h>

#include "dissect/trawl-dissect.h"
#include "dissect/trawl-tcp.h"
#include "trawl-frame-range.h"
#include "trawl-packet-list-model.h"
#include "trawl-thread-priority.h"

#define RECENT_ROWS 256

struct _TrawlPacketListModel
{
  GObject           parent_instance;

  TrawlDocument    *doc;
  TrawlCaptureFile *file;        /* the document's, once open */
  GArray           *displayed;   /* guint32 frame indices, ascending; NULL: all */
  GArray           *perm;        /* guint32 frame per position when sorted */
  GArray           *inverse;     /* guint32 position per frame when sorted */
  guint             n_rows;      /* rows of the view */
  guint             n_items;     /* of which GTK has been told (the rest
                                  * come with _refill after a replacement) */
  guint             head;        /* rows taken from the top (_drop_head):
                                  * position p is row head + p */
  gboolean          deferred_refill;

  TrawlTimeFormat   time_format;
  TrawlColumn       sort_column; /* TRAWL_N_COLUMNS: frame order */
  gboolean          sort_desc;
  guint             sort_serial; /* results of older sorts are dropped */
  guint             time_digits;

  GHashTable       *live;        /* frame -> TrawlPacketRow (weak) */
  TrawlPacketRow   *recent[RECENT_ROWS];
  guint             recent_pos;

  TrawlArena       *arena;       /* main-thread dissections of rows */
  TrawlPacket       pkt;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TrawlPacketListModel, trawl_packet_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

/* ---- colouring: Wireshark's default rules, first match wins ---- */

static gboolean
has_proto (const GString *protocols,
           const char    *name)
{
  gsize n = strlen (name);
  const char *s = protocols->str;

  while ((s = strstr (s, name)) != NULL)
    {
      gboolean starts = s == protocols->str || s[-1] == ':';
      gboolean ends = s[n] == '\0' || s[n] == ':';

      if (starts && ends)
        return TRUE;
      s += n;
    }
  return FALSE;
}

static const char *
color_class_of (const TrawlPacket *pkt)
{
  const GString *p = pkt->protocols;
  gboolean icmp = has_proto (p, "icmp") || has_proto (p, "icmpv6");
  guint16 tcp_flags = pkt->tcp ? pkt->tcp->flags : 0;

  if (pkt->malformed || (pkt->tcp && pkt->expert_max >= TRAWL_EXPERT_WARN))
    return "pl-bad";
  if (icmp && pkt->ip_depth >= 2)
    return "pl-icmp-error";
  if (has_proto (p, "arp"))
    return "pl-arp";
  if (icmp)
    return "pl-icmp";
  if (pkt->tcp && (tcp_flags & 0x04))
    return "pl-rst";
  if (has_proto (p, "http") ||
      (pkt->ptype == TRAWL_PT_TCP && (pkt->srcport == 80 || pkt->dstport == 80)))
    return "pl-http";
  if (pkt->tcp && (tcp_flags & 0x03))
    return "pl-synfin";
  if (pkt->tcp)
    return "pl-tcp";
  if (has_proto (p, "udp"))
    return "pl-udp";
  if (pkt->dl_dst.type == TRAWL_AT_ETHER && (pkt->dl_dst.data[0] & 1))
    return "pl-broadcast";
  return NULL;
}

/* ---- time column ---- */

static gint64
prev_displayed_ts (TrawlPacketListModel *self,
                   guint32               frame)
{
  if (self->displayed == NULL)
    frame = frame > 0 ? frame - 1 : 0;
  else
    {
      const guint32 *v = (const guint32 *) self->displayed->data;
      gsize lo = trawl_frames_lower_bound (v, self->displayed->len, frame);

      frame = lo > 0 ? v[lo - 1] : frame;
    }
  return trawl_capture_file_get_record (self->file, frame)->ts_ns;
}

static void
append_seconds (GString *out,
                gint64   ns,
                guint    digits)
{
  guint64 a = ns < 0 ? (guint64) -ns : (guint64) ns;
  guint64 div = 1;

  for (guint i = digits; i < 9; i++)
    div *= 10;
  g_string_append_printf (out, "%s%" G_GUINT64_FORMAT, ns < 0 ? "-" : "", a / 1000000000);
  if (digits > 0)
    g_string_append_printf (out, ".%0*" G_GUINT64_FORMAT, (int) digits,
                            (a % 1000000000) / div);
}

static char *
format_time (TrawlPacketListModel *self,
             guint32               frame)
{
  const TrawlFrameRecord *rec = trawl_capture_file_get_record (self->file, frame);
  const TrawlFrameRecord *first = trawl_capture_file_get_record (self->file, 0);
  GString *out = g_string_sized_new (32);

  switch (self->time_format)
    {
    case TRAWL_TIME_FORMAT_RELATIVE:
      append_seconds (out, rec->ts_ns - first->ts_ns, self->time_digits);
      break;
    case TRAWL_TIME_FORMAT_DELTA_DISPLAYED:
      append_seconds (out, rec->ts_ns - prev_displayed_ts (self, frame), self->time_digits);
      break;
    case TRAWL_TIME_FORMAT_EPOCH:
      append_seconds (out, rec->ts_ns, self->time_digits);
      break;
    case TRAWL_TIME_FORMAT_ABSOLUTE:
    case TRAWL_TIME_FORMAT_UTC:
      {
        gint64 secs = rec->ts_ns >= 0 ? rec->ts_ns / 1000000000 : (rec->ts_ns - 999999999) / 1000000000;
        gint64 frac = rec->ts_ns - secs * 1000000000;
        g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (secs);
        g_autoptr(GDateTime) dt = NULL;
        g_autofree char *s = NULL;
        guint64 div = 1;

        if (utc == NULL)
          break;
        dt = self->time_format == TRAWL_TIME_FORMAT_UTC ? g_date_time_ref (utc)
                                                        : g_date_time_to_local (utc);
        s = g_date_time_format (dt, "%Y-%m-%d %H:%M:%S");
        for (guint i = self->time_digits; i < 9; i++)
          div *= 10;
        g_string_append (out, s);
        if (self->time_digits > 0)
          g_string_append_printf (out, ".%0*" G_GINT64_FORMAT, (int) self->time_digits,
                                  frac / (gint64) div);
      }
      break;
    default:
      break;
    }
  return g_string_free (out, FALSE);
}

/* ---- rows ---- */

static void
fill_packet (TrawlPacketListModel *self,
             guint32               frame,
             TrawlPacket          *pkt,
             gboolean              tree)
{
  TrawlDissectOptions opts = { .tree = tree, .columns = TRUE, .prev_displayed_set = TRUE };

  opts.prev_displayed_ns = prev_displayed_ts (self, frame);
  trawl_document_fill (self->doc, frame, &opts, pkt);
}

static gboolean
fill_row (TrawlPacketListModel *self,
          TrawlPacketRow       *row)
{
  guint32 frame = trawl_packet_row_get_frame (row);
  TrawlPacket *pkt = &self->pkt;
  char *texts[TRAWL_N_COLUMNS];

  fill_packet (self, frame, pkt, FALSE);
  texts[TRAWL_COLUMN_NUMBER] = g_strdup_printf ("%u", frame + 1);
  texts[TRAWL_COLUMN_TIME] = format_time (self, frame);
  texts[TRAWL_COLUMN_SOURCE] = g_strdup (pkt->col_src);
  texts[TRAWL_COLUMN_DESTINATION] = g_strdup (pkt->col_dst);
  texts[TRAWL_COLUMN_PROTOCOL] = g_strdup (pkt->col_protocol ? pkt->col_protocol : "");
  texts[TRAWL_COLUMN_LENGTH] = g_strdup_printf ("%u", pkt->wirelen);
  texts[TRAWL_COLUMN_INFO] = g_strndup (pkt->col_info->str, pkt->col_info->len);
  return trawl_packet_row_set_texts (row, texts, color_class_of (pkt));
}

static void
row_finalized (gpointer  data,
               GObject  *where_the_object_was)
{
  TrawlPacketListModel *self = data;
  GHashTableIter iter;
  gpointer key, value;

  /* The frame is gone with the object: find the entry by pointer.  Only
   * rows GTK dropped and that fell out of the recent ring get here, so
   * the table is small (a few hundred entries). */
  g_hash_table_iter_init (&iter, self->live);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (value == (gpointer) where_the_object_was)
      {
        g_hash_table_iter_remove (&iter);
        break;
      }
}

/* Rows of the view from position 0 on (those a drain took from the top
 * are not positions any more). */
static inline guint
view_rows (const TrawlPacketListModel *self)
{
  return self->n_rows - self->head;
}

/* Tell GTK that every row changed (self->n_rows of them now).
 *
 * Not as one items-changed (0, old, new): GTK 4.8's list item manager,
 * when a row it tracks (keyboard focus, selection, scroll anchor) is
 * among the removed ones, looks for that row's item among all the added
 * ones, calling get_item () at every added position -- a dissection of
 * every displayed frame on the main thread (0.4 s for 65,000 rows).
 * Removing all rows first, then adding, leaves it nothing to look for. */
static void
replace_all_rows (TrawlPacketListModel *self)
{
  guint old = self->n_items;

  self->n_items = 0;
  if (old > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old, 0);
  self->head = 0;
  /* Then the new rows, unless their owner adds them a few at a time: the
   * widgets of every row GTK 4.8 keeps (up to 200, x 7 cells) take 100 ms
   * to make. */
  if (!self->deferred_refill)
    trawl_packet_list_model_refill (self, G_MAXUINT);
}

static gpointer
trawl_packet_list_model_get_item (GListModel *model,
                                  guint       position)
{
  TrawlPacketListModel *self = TRAWL_PACKET_LIST_MODEL (model);
  TrawlPacketRow *row;
  guint32 frame;

  if (position >= self->n_items)
    return NULL;

  frame = trawl_packet_list_model_get_frame (self, position);
  row = g_hash_table_lookup (self->live, GUINT_TO_POINTER (frame));
  if (row != NULL)
    return g_object_ref (row);

  row = trawl_packet_row_new (frame);
  fill_row (self, row);
  g_hash_table_insert (self->live, GUINT_TO_POINTER (frame), row);
  g_object_weak_ref (G_OBJECT (row), row_finalized, self);

  /* Keep the last rows made alive so that scrolling back and forth does
   * not dissect them again. */
  g_clear_object (&self->recent[self->recent_pos]);
  self->recent[self->recent_pos] = g_object_ref (row);
  self->recent_pos = (self->recent_pos + 1) % RECENT_ROWS;

  return row;
}

static GType
trawl_packet_list_model_get_item_type (GListModel *model)
{
  return TRAWL_TYPE_PACKET_ROW;
}

static guint
trawl_packet_list_model_get_n_items (GListModel *model)
{
  return TRAWL_PACKET_LIST_MODEL (model)->n_items;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item = trawl_packet_list_model_get_item;
  iface->get_item_type = trawl_packet_list_model_get_item_type;
  iface->get_n_items = trawl_packet_list_model_get_n_items;
}

/* Refill every row still alive and tell the cells of those that changed:
 * the analysis arriving changes a few Info texts, and redrawing every
 * row for it made a 50 ms frame. */
static void
refresh_live_rows (TrawlPacketListModel *self,
                   gboolean              time_only)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->live);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (rows, g_object_ref (value));

  for (guint i = 0; i < rows->len; i++)
    {
      TrawlPacketRow *row = rows->pdata[i];
      gboolean changed;

      if (time_only)
        changed = trawl_packet_row_set_text (row, TRAWL_COLUMN_TIME,
                                             format_time (self, trawl_packet_row_get_frame (row)));
      else
        changed = fill_row (self, row);
      if (changed)
        trawl_packet_row_emit_changed (row);
    }
}

static void
trawl_packet_list_model_dispose (GObject *object)
{
  TrawlPacketListModel *self = TRAWL_PACKET_LIST_MODEL (object);
  GHashTableIter iter;
  gpointer value;

  if (self->live != NULL)
    {
      g_hash_table_iter_init (&iter, self->live);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        g_object_weak_unref (value, row_finalized, self);
      g_hash_table_remove_all (self->live);
    }
  for (guint i = 0; i < RECENT_ROWS; i++)
    g_clear_object (&self->recent[i]);

  G_OBJECT_CLASS (trawl_packet_list_model_parent_class)->dispose (object);
}

static void
trawl_packet_list_model_finalize (GObject *object)
{
  TrawlPacketListModel *self = TRAWL_PACKET_LIST_MODEL (object);

  g_clear_pointer (&self->live, g_hash_table_unref);
  g_clear_pointer (&self->displayed, g_array_unref);
  g_clear_pointer (&self->perm, g_array_unref);
  g_clear_pointer (&self->inverse, g_array_unref);
  trawl_packet_clear (&self->pkt);
  g_clear_pointer (&self->arena, trawl_arena_free);
  g_clear_object (&self->file);
  g_clear_object (&self->doc);

  G_OBJECT_CLASS (trawl_packet_list_model_parent_class)->finalize (object);
}

static void
trawl_packet_list_model_class_init (TrawlPacketListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = trawl_packet_list_model_dispose;
  object_class->finalize = trawl_packet_list_model_finalize;
}

static void
trawl_packet_list_model_init (TrawlPacketListModel *self)
{
  self->live = g_hash_table_new (g_direct_hash, g_direct_equal);
  self->arena = trawl_arena_new ();
  trawl_packet_init (&self->pkt, self->arena);
  self->sort_column = TRAWL_N_COLUMNS;
  self->time_digits = 6;
}

TrawlPacketListModel *
trawl_packet_list_model_new (TrawlDocument *doc)
{
  TrawlPacketListModel *self;

  g_return_val_if_fail (TRAWL_IS_DOCUMENT (doc), NULL);
  g_return_val_if_fail (trawl_document_get_file (doc) != NULL, NULL);

  trawl_dissectors_init ();
  self = g_object_new (TRAWL_TYPE_PACKET_LIST_MODEL, NULL);
  self->doc = g_object_ref (doc);
  self->file = g_object_ref (trawl_document_get_file (doc));
  return self;
}

TrawlDocument *
trawl_packet_list_model_get_document (TrawlPacketListModel *self)
{
  g_return_val_if_fail (TRAWL_IS_PACKET_LIST_MODEL (self), NULL);

  return self->doc;
}

TrawlCaptureFile *
trawl_packet_list_model_get_file (TrawlPacketListModel *self)
{
  g_return_val_if_fail (TRAWL_IS_PACKET_LIST_MODEL (self), NULL);

  return self->file;
}

static guint
digits_of_first_interface (TrawlCaptureFile *file)
{
  const TrawlInterface *ifc;
  guint digits = 0;

  if (trawl_capture_file_get_n_interfaces (file) == 0)
    return 6;
  ifc = trawl_capture_file_get_interface (file, 0);
  for (guint64 r = ifc->tsresol; r > 1 && digits < 9; r /= 10)
    digits++;
  return digits ? digits : 6;
}

/* A sorted view of a live capture: frames that come after the sort go
 * to its end, in the order they come, as in Wireshark (a header click
 * sorts them in).  @frames: NULL for frames n_rows.. of an unfiltered
 * view. */
static void
append_sorted (TrawlPacketListModel *self,
               const guint32        *frames,
               guint                 n)
{
  for (guint i = 0; i < n; i++)
    {
      guint32 frame = frames != NULL ? frames[i] : self->n_rows + i;
      guint32 pos = self->perm->len;

      g_array_append_val (self->perm, frame);
      if (frame >= self->inverse->len)
        {
          guint old = self->inverse->len;

          g_array_set_size (self->inverse, frame + 1);
          memset ((guint32 *) self->inverse->data + old, 0xff,
                  (gsize) (frame + 1 - old) * sizeof (guint32));
        }
      g_array_index (self->inverse, guint32, frame) = pos;
    }
}

guint
trawl_packet_list_model_poll (TrawlPacketListModel *self)
{
  return trawl_packet_list_model_poll_at_most (self, G_MAXUINT);
}

guint
trawl_packet_list_model_poll_at_most (TrawlPacketListModel *self,
                                      guint                 max_added)
{
  g_return_val_if_fail (TRAWL_IS_PACKET_LIST_MODEL (self), 0);

  /* A filtered view grows through _append_displayed. */
  if (self->displayed == NULL)
    {
      guint n = trawl_document_get_n_frames (self->doc);

      if (self->n_rows == 0 && n > 0)
        self->time_digits = digits_of_first_interface (self->file);
      if (self->perm != NULL && n > self->n_rows)
        append_sorted (self, NULL, n - self->n_rows);
      self->n_rows = MAX (self->n_rows, n);
    }
  return trawl_packet_list_model_refill (self, max_added);
}

void
trawl_packet_list_model_set_deferred_refill (TrawlPacketListModel *self,
                                             gboolean              deferred)
{
  g_return_if_fail (TRAWL_IS_PACKET_LIST_MODEL (self));

  self->deferred_refill = deferred;
}

guint
trawl_packet_list_model_refill (TrawlPacketListModel *self,
                                guint                 max_added)
{
  guint old, n;

  g_return_val_if_fail (TRAWL_IS_PACKET_LIST_MODEL (self), 0);

  old = self->n_items;
  if (old >= view_rows (self) || max_added == 0)
    return 0;
  n = old + MIN (max_added, view_rows (self) - old);
  self->n_items = n;
  g_list_model_items_changed (G_LIST_MODEL (self), old, 0, n - old);
  return n - old;
}

void
trawl_packet_list_model_truncate (TrawlPacketListModel *self,
                                  guint                 n)
{
  guint old;

  g_return_if_fail (TRAWL_IS_PACKET_LIST_MODEL (self));

  old = self->n_items;
  if (n >= old)
    return;
  self->n_items = n;
  g_list_model_items_changed (G_LIST_MODEL (self), n, old - n, 0);
}

void
trawl_packet_list_model_drop_head (TrawlPacketListModel *self,
                                   guint                 n)
{
  g_return_if_fail (TRAWL_IS_PACKET_LIST_MODEL (self));

  n = MIN (n, self->n_items);
  if (n == 0)
    return;
  self->head += n;
  self->n_items -= n;
  g_list_model_items_changed (G_LIST_MODEL (self), 0, n, 0);
}

guint
trawl_packet_list_model_get_n_rows (TrawlPacketListModel *self)
{
  g_return_val_if_fail (TRAWL_IS_PACKET_LIST_MODEL (self), 0);

  return view_rows (self);
}

void
trawl_packet_list_model_analysis_done (TrawlPacketListModel *self)
{
  g_return_if_fail (TRAWL_IS_PACKET_LIST_MODEL (self));

  /* Rows made before the pass reached their frame lack what it knows. */
  refresh_live_rows (self, FALSE);
}

TrawlAnalysis *
trawl_packet_list_model_get_analysis (TrawlPacketListModel *self)
{
  g_return_val_if_fail (TRAWL_IS_PACKET_LIST_MODEL (self), NULL);

  return trawl_document_get_analysis (self->doc);
}

void
trawl_packet_list_model_set_displayed (TrawlPacketListModel *self,
                                       GArray               *frames)
{
  g_return_if_fail (TRAWL_IS_PACKET_LIST_MODEL (self));

  g_clear_pointer (&self->displayed, g_array_unref);
  g_clear_pointer (&self->perm, g_array_unref);
  g_clear_pointer (&self->inverse, g_array_unref);
  self->sort_column = TRAWL_N_COLUMNS;
  self->sort_serial++;
  self->displayed = frames;
  self->n_rows = frames ? frames->len : trawl_document_get_n_frames (self->doc);

  /* The delta-displayed time of the rows that stay depends on the set. */
  if (self->time_format == TRAWL_TIME_FORMAT_DELTA_DISPLAYED)
    refresh_live_rows (self, TRUE);
  replace_all_rows (self);
}

gboolean
trawl_packet_list_model_append_displayed (TrawlPacketListModel *self,
                                          const guint32        *frames,
                                          guint                 n)
{
  GArray *grown;

  g_return_val_if_fail (TRAWL_IS_PACKET_LIST_MODEL (self), FALSE);
  g_return_val_if_fail (n == 0 || frames != NULL, FALSE);

  if (self->displayed == NULL)
    return FALSE;
  if (n == 0)
    return TRUE;
  g_return_val_if_fail (self->displayed->len == 0 ||
                        frames[0] > g_array_index (self->displayed, guint32, self->displayed->len - 1), FALSE);
  /* Others may hold the array (ref_displayed: never changed once set):
   * the grown set is a new one.  A copy of 4 bytes a row, ten times a
   * second at most. */
  grown = g_array_sized_new (FALSE, FALSE, sizeof (guint32), self->displayed->len + n);
  g_array_append_vals (grown, self->displayed->data, self->displayed->len);
  g_array_append_vals (grown, frames, n);
  if (self->perm != NULL)
    append_sorted (self, frames, n);
  g_array_unref (self->displayed);
  self->displayed = grown;
  self->n_rows += n;
  if (!self->deferred_refill)
    trawl_packet_list_model_refill (self, G_MAXUINT);
  return TRUE;
}

GArray *
trawl_packet_list_model_ref_displayed (TrawlPacketListModel *self)
{
  g_return_val_if_fail (TRAWL_IS_PACKET_LIST_MODEL (self), NULL);

  /* Never changed once set (set_displayed replaces it): a reference is
   * as good as a copy, and costs nothing on the main thread. */
  return self->displayed ? g_array_ref (self->displayed) : NULL;
}

gboolean
trawl_packet_list_model_is_filtered (TrawlPacketListModel *self)
{
  g_return_val_if_fail (TRAWL_IS_PACKET_LIST_MODEL (self), FALSE);

  return self->displayed != NULL;
}

guint
trawl_packet_list_model_get_n_total (TrawlPacketListModel *self)
{
  g_return_val_if_fail (TRAWL_IS_PACKET_LIST_MODEL (self), 0);

  return trawl_document_get_n_frames (self->doc);
}

guint32
trawl_packet_list_model_get_frame (TrawlPacketListModel *self,
                                   guint                 position)
{
  g_return_val_if_fail (TRAWL_IS_PACKET_LIST_MODEL (self), 0);
  g_return_val_if_fail (position < view_rows (self), 0);

  position += self->head;
  if (self->perm != NULL)
    return g_array_index (self->perm, guint32, position);
  if (self->displayed != NULL)
    return g_array_index (self->displayed, guint32, position);
  return position;
}

static gint64
find_row (TrawlPacketListModel *self,
          guint32               frame)
{
  const guint32 *v;
  guint lo = 0, hi;

  if (self->inverse != NULL)
    {
      guint32 pos;

      if (frame >= self->inverse->len)
        return -1;
      pos = g_array_index (self->inverse, guint32, frame);
      return pos == G_MAXUINT32 ? -1 : (gint64) pos;
    }
  if (self->displayed == NULL)
    return frame < self->n_rows ? (gint64) frame : -1;

  v = (const guint32 *) self->displayed->data;
  hi = self->displayed->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (v[mid] < frame)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo < self->displayed->len && v[lo] == frame ? (gint64) lo : -1;
}

gint64
trawl_packet_list_model_find_frame (TrawlPacketListModel *self,
                                    guint32               frame)
{
  gint64 row;

  g_return_val_if_fail (TRAWL_IS_PACKET_LIST_MODEL (self), -1);

  row = find_row (self, frame);
  return row >= self->head ? row - self->head : -1;
}

void
trawl_packet_list_model_set_time_format (TrawlPacketListModel *self,
                                         TrawlTimeFormat       format)
{
  g_return_if_fail (TRAWL_IS_PACKET_LIST_MODEL (self));

  if (self->time_format == format)
    return;
  self->time_format = format;
  refresh_live_rows (self, TRUE);
}

TrawlTimeFormat
trawl_packet_list_model_get_time_format (TrawlPacketListModel *self)
{
  g_return_val_if_fail (TRAWL_IS_PACKET_LIST_MODEL (self), TRAWL_TIME_FORMAT_RELATIVE);

  return self->time_format;
}

TrawlDissection *
trawl_packet_list_model_dissect (TrawlPacketListModel *self,
                                 guint32               frame)
{
  TrawlDissectOptions opts = { .tree = TRUE, .columns = TRUE, .prev_displayed_set = TRUE };

  g_return_val_if_fail (TRAWL_IS_PACKET_LIST_MODEL (self), NULL);
  g_return_val_if_fail (frame < trawl_capture_file_get_n_frames (self->file), NULL);

  opts.prev_displayed_ns = prev_displayed_ts (self, frame);
  return trawl_document_dissect (self->doc, frame, &opts);
}

/* ---- sorting in a worker thread ---- */

typedef struct
{
  TrawlCaptureFile *file;
  TrawlDocument    *doc;
  GArray           *displayed;   /* ref, or NULL */
  guint             n;
  guint             n_total;
  TrawlColumn       column;
  gboolean          desc;
  TrawlTimeFormat   time_format;
  guint             serial;

  /* keys, per position in frame order */
  gint64           *nums;
  const char      **strs;
  GStringChunk     *chunk;
  const guint32    *frames;      /* position -> frame during the sort */

  GArray           *perm;        /* result */
  GArray           *inverse;
} SortJob;

static void
sort_job_free (SortJob *job)
{
  g_clear_object (&job->file);
  g_clear_object (&job->doc);
  g_clear_pointer (&job->displayed, g_array_unref);
  g_free (job->nums);
  g_free (job->strs);
  if (job->chunk)
    g_string_chunk_free (job->chunk);
  g_clear_pointer (&job->perm, g_array_unref);
  g_clear_pointer (&job->inverse, g_array_unref);
  g_free (job);
}

static inline guint32
job_frame (const SortJob *job,
           guint          i)
{
  return job->displayed ? g_array_index (job->displayed, guint32, i) : i;
}

/* Digit runs compare as numbers, so 10.0.0.9 sorts before 10.0.0.10 and
 * port 9501 before 12345. */
static int
natural_compare (const char *a,
                 const char *b)
{
  while (*a && *b)
    {
      if (g_ascii_isdigit (*a) && g_ascii_isdigit (*b))
        {
          const char *ea = a, *eb = b;

          while (*a == '0' && g_ascii_isdigit (a[1]))
            a++;
          while (*b == '0' && g_ascii_isdigit (b[1]))
            b++;
          for (ea = a; g_ascii_isdigit (*ea); ea++)
            ;
          for (eb = b; g_ascii_isdigit (*eb); eb++)
            ;
          if (ea - a != eb - b)
            return (ea - a) < (eb - b) ? -1 : 1;
          for (; a < ea; a++, b++)
            if (*a != *b)
              return *a < *b ? -1 : 1;
          continue;
        }
      if (*a != *b)
        return (guchar) *a < (guchar) *b ? -1 : 1;
      a++, b++;
    }
  return *a ? 1 : *b ? -1 : 0;
}

static int
compare_positions (gconstpointer pa,
                   gconstpointer pb,
                   gpointer      data)
{
  const SortJob *job = data;
  guint32 a = *(const guint32 *) pa, b = *(const guint32 *) pb;
  int r = 0;

  if (job->nums != NULL)
    r = job->nums[a] < job->nums[b] ? -1 : job->nums[a] > job->nums[b] ? 1 : 0;
  else if (job->strs != NULL)
    r = natural_compare (job->strs[a], job->strs[b]);
  if (job->desc)
    r = -r;
  /* Ties keep frame order, whichever the direction. */
  if (r == 0)
    r = a < b ? -1 : a > b ? 1 : 0;
  return r;
}

static void
collect_keys (SortJob      *job,
              GCancellable *cancellable)
{
  g_autoptr(TrawlArena) arena = NULL;
  TrawlPacket pkt;
  gint64 prev_ts = 0;

  switch (job->column)
    {
    case TRAWL_COLUMN_NUMBER:
    case TRAWL_N_COLUMNS:
      return;  /* position order is frame order */
    case TRAWL_COLUMN_TIME:
    case TRAWL_COLUMN_LENGTH:
      job->nums = g_new (gint64, job->n);
      for (guint i = 0; i < job->n; i++)
        {
          const TrawlFrameRecord *rec = trawl_capture_file_get_record (job->file, job_frame (job, i));

          if (job->column == TRAWL_COLUMN_LENGTH)
            job->nums[i] = rec->wirelen;
          else if (job->time_format == TRAWL_TIME_FORMAT_DELTA_DISPLAYED)
            job->nums[i] = rec->ts_ns - (i > 0 ? prev_ts : rec->ts_ns);
          else
            job->nums[i] = rec->ts_ns;
          prev_ts = rec->ts_ns;
        }
      return;
    default:
      break;
    }

  /* Text columns: dissect every displayed frame for its columns. */
  static const TrawlDissectOptions columns_only = { .columns = TRUE };

  arena = trawl_arena_new ();
  trawl_packet_init (&pkt, arena);
  job->strs = g_new (const char *, job->n);
  job->chunk = g_string_chunk_new (1 << 20);
  for (guint i = 0; i < job->n; i++)
    {
      const char *s;

      if ((i & 0xffff) == 0 && g_cancellable_is_cancelled (cancellable))
        break;
      trawl_document_fill (job->doc, job_frame (job, i), &columns_only, &pkt);
      switch (job->column)
        {
        case TRAWL_COLUMN_SOURCE: s = pkt.col_src; break;
        case TRAWL_COLUMN_DESTINATION: s = pkt.col_dst; break;
        case TRAWL_COLUMN_PROTOCOL: s = pkt.col_protocol ? pkt.col_protocol : ""; break;
        default: s = pkt.col_info->str; break;
        }
      /* Addresses and protocols repeat a lot: store each once. */
      job->strs[i] = job->column == TRAWL_COLUMN_INFO ? g_string_chunk_insert (job->chunk, s)
                                                      : g_string_chunk_insert_const (job->chunk, s);
    }
  trawl_packet_clear (&pkt);
}

static void
sort_thread_body (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  SortJob *job = task_data;
  guint32 *order;

  collect_keys (job, cancellable);
  if (g_task_return_error_if_cancelled (task))
    return;

  job->perm = g_array_sized_new (FALSE, FALSE, sizeof (guint32), job->n);
  g_array_set_size (job->perm, job->n);
  order = (guint32 *) job->perm->data;
  for (guint i = 0; i < job->n; i++)
    order[i] = i;
  if (job->column != TRAWL_N_COLUMNS && !(job->column == TRAWL_COLUMN_NUMBER && !job->desc))
    g_qsort_with_data (order, job->n, sizeof (guint32), compare_positions, job);
  if (g_task_return_error_if_cancelled (task))
    return;

  /* positions -> frames, and the inverse for find_frame(). */
  job->inverse = g_array_sized_new (FALSE, FALSE, sizeof (guint32), job->n_total);
  g_array_set_size (job->inverse, job->n_total);
  memset (job->inverse->data, 0xff, (gsize) job->n_total * sizeof (guint32));
  for (guint i = 0; i < job->n; i++)
    {
      order[i] = job_frame (job, order[i]);
      g_array_index (job->inverse, guint32, order[i]) = i;
    }
  g_task_return_boolean (task, TRUE);
}

/* The job runs below the UI thread's priority (trawl-thread-priority.h). */
static void
sort_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  int old = trawl_thread_priority_lower ();

  sort_thread_body (task, source_object, task_data, cancellable);
  trawl_thread_priority_restore (old);
}

void
trawl_packet_list_model_sort_async (TrawlPacketListModel *self,
                                    TrawlColumn           column,
                                    gboolean              descending,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  SortJob *job;

  g_return_if_fail (TRAWL_IS_PACKET_LIST_MODEL (self));
  g_return_if_fail (column <= TRAWL_N_COLUMNS);

  job = g_new0 (SortJob, 1);
  job->file = g_object_ref (self->file);
  job->doc = g_object_ref (self->doc);
  job->displayed = self->displayed ? g_array_ref (self->displayed) : NULL;
  job->n = self->n_rows;
  job->n_total = trawl_capture_file_get_n_frames (self->file);
  job->column = column;
  job->desc = descending;
  job->time_format = self->time_format;
  job->serial = ++self->sort_serial;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, trawl_packet_list_model_sort_async);
  g_task_set_task_data (task, job, (GDestroyNotify) sort_job_free);
  g_task_run_in_thread (task, sort_thread);
}

gboolean
trawl_packet_list_model_sort_finish (TrawlPacketListModel *self,
                                     GAsyncResult         *result,
                                     GError              **error)
{
  SortJob *job;

  g_return_val_if_fail (TRAWL_IS_PACKET_LIST_MODEL (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  job = g_task_get_task_data (G_TASK (result));
  /* A live capture's rows that came during the sort follow its end. */
  if (job->serial != self->sort_serial || job->n > self->n_rows)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           "The list changed while sorting");
      return FALSE;
    }

  g_clear_pointer (&self->perm, g_array_unref);
  g_clear_pointer (&self->inverse, g_array_unref);
  if (job->column != TRAWL_N_COLUMNS)
    {
      self->perm = g_steal_pointer (&job->perm);
      self->inverse = g_steal_pointer (&job->inverse);
      if (self->n_rows > job->n)
        {
          guint later = self->n_rows - job->n;

          self->n_rows = job->n;
          append_sorted (self, self->displayed != NULL
                                 ? &g_array_index (self->displayed, guint32, job->n) : NULL, later);
          self->n_rows += later;
        }
    }
  self->sort_column = job->column;
  self->sort_desc = job->desc;
  replace_all_rows (self);
  return TRUE;
}

TrawlColumn
trawl_packet_list_model_get_sort_column (TrawlPacketListModel *self,
                                         gboolean             *descending)
{
  g_return_val_if_fail (TRAWL_IS_PACKET_LIST_MODEL (self), TRAWL_N_COLUMNS);

  if (descending)
    *descending = self->sort_desc;
  return self->sort_column;
}
