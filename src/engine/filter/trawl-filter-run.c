/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-filter-run.c: which frames of a capture match
 *
 * The frames are cut into ranges of TRAWL_FILTER_RUN_RANGE (an eighth of
 * it beside a running analysis pass); workers take
 * the next range from an atomic counter, so ranges start in order and a
 * slow range does not hold the others up.  Each worker owns its arena and
 * packet; the capture file, the analysis and both compiled filters are
 * read-only and shared.  A frame costs the BPF program first (no
 * dissection), then a dissection limited to the display filter's fields.
 * Results are kept per range (4 bytes per match) and concatenated in
 * order at the end.
 */
#include "config.h"

#include <string.h>

#include "dissect/trawl-dissect.h"
#include "trawl-filter-run.h"

typedef struct
{
  TrawlCaptureFile   *file;
  TrawlAnalysis      *analysis;
  TrawlDisplayFilter *dfilter;
  TrawlBpfFilter     *bpf;
  const guint8       *mask;          /* NULL: full tree */
  guint               mask_bits;
  TrawlDissectOptions opts;          /* a tree of the mask's fields, no columns */
  guint32            *linktypes;     /* per interface */
  guint               n_ifaces;
  guint32             first;         /* frames [first, end) */
  guint32             end;
  guint32             range_size;    /* frames per range */
  guint               n_ranges;
  gboolean            displayed_dep; /* reads frame.time_delta_displayed: in order */
  TrawlDepth          depth;         /* how deep the mask's fields go */
  guint32             skip_apps;     /* application protocols it names no field of */
  GCancellable       *cancellable;

  gint               *progress;      /* atomic, may be NULL: frames done */
  guint               delay_ms;      /* TRAWL_DEBUG_FILTER_DELAY_MS: a pause per range */
  gint                next_range;    /* atomic */
  gint                stop;          /* atomic: cancelled */
  GArray            **results;       /* per range, NULL until done */
} RunState;

static gboolean
frame_passes_bpf (RunState *st,
                  guint32   index)
{
  const TrawlFrameRecord *rec = trawl_capture_file_get_record (st->file, index);
  const guint8 *data = trawl_capture_file_get_data (st->file, index);
  guint32 linktype = rec->iface < st->n_ifaces ? st->linktypes[rec->iface] : 0;

  return trawl_bpf_filter_match (st->bpf, linktype, data, rec->caplen, rec->wirelen);
}

static gboolean
frame_passes_dfilter (RunState    *st,
                      TrawlPacket *pkt,
                      guint32      index,
                      gint64      *prev_dis_ts)
{
  TrawlDissectOptions opts = st->opts;

  trawl_capture_file_fill_packet (st->file, index, pkt);
  pkt->analysis = st->analysis;
  /* In order (displayed_dep): the previous matching frame, or none (a
   * delta of 0), as in tshark's single pass. */
  if (prev_dis_ts != NULL)
    {
      opts.prev_displayed_set = TRUE;
      opts.prev_displayed_ns = *prev_dis_ts != G_MININT64 ? *prev_dis_ts : pkt->ts_ns;
    }
  trawl_packet_set_options (pkt, &opts);
  trawl_dissect_frame (pkt);
  return trawl_display_filter_match (st->dfilter, pkt);
}

static GArray *
eval_range (RunState    *st,
            TrawlPacket *pkt,
            guint        r,
            gint64      *prev_dis_ts)
{
  guint32 lo = st->first + (guint32) r * st->range_size;
  guint32 hi = lo + MIN (st->end - lo, st->range_size);
  GArray *out = g_array_new (FALSE, FALSE, sizeof (guint32));

  /* An analysis still running beside us (trawl_analysis_start) must
   * have seen the range first. */
  if (st->analysis != NULL)
    trawl_analysis_wait (st->analysis, hi);
  for (guint32 i = lo; i < hi; i++)
    {
      if (st->bpf != NULL && !frame_passes_bpf (st, i))
        continue;
      if (st->dfilter != NULL && !frame_passes_dfilter (st, pkt, i, prev_dis_ts))
        continue;
      if (prev_dis_ts != NULL)
        *prev_dis_ts = pkt->ts_ns;
      g_array_append_val (out, i);
    }
  return out;
}

static gpointer
worker (gpointer data)
{
  RunState *st = data;
  TrawlArena *arena = trawl_arena_new ();
  TrawlPacket pkt;
  gint64 prev_dis_ts = G_MININT64;

  trawl_packet_init (&pkt, arena);
  for (;;)
    {
      guint r;

      if (g_atomic_int_get (&st->stop))
        break;
      if (g_cancellable_is_cancelled (st->cancellable))
        {
          g_atomic_int_set (&st->stop, 1);
          break;
        }
      r = (guint) g_atomic_int_add (&st->next_range, 1);
      if (r >= st->n_ranges)
        break;
      /* Each range has its own slot: no lock needed. */
      st->results[r] = eval_range (st, &pkt, r, st->displayed_dep ? &prev_dis_ts : NULL);
      if (st->delay_ms > 0)
        g_usleep (st->delay_ms * 1000);
      if (st->progress != NULL)
        g_atomic_int_add (st->progress,
                          (gint) MIN (st->range_size, st->end - st->first - (guint32) r * st->range_size));
    }
  trawl_packet_clear (&pkt);
  trawl_arena_free (arena);
  return NULL;
}

/* frame.time_delta_displayed depends on the frames matched before. */
static gboolean
reads_displayed_fields (TrawlDisplayFilter *dfilter,
                        const guint8       *mask,
                        guint               mask_bits)
{
  const TrawlField *f = trawl_field_lookup ("frame.time_delta_displayed");

  if (dfilter == NULL || f == NULL)
    return FALSE;
  if (mask == NULL)
    return TRUE;  /* can't tell: stay correct */
  return (guint) f->id < mask_bits && (mask[f->id >> 3] & (1u << (f->id & 7))) != 0;
}

static inline void
mask_set (guint8 *mask,
          int     id)
{
  mask[id >> 3] |= (guint8) (1u << (id & 7));
}

/* The filter's mask, widened for how dissectors build trees:
 * many skip a subtree's children when its node was not made ("if (f ==
 * NULL) return" in dns.c's flags), so each field's parents by name
 * (dns.flags for dns.flags.response) are made too.  Returns a new mask
 * (g_free) or NULL when @mask is NULL. */
static guint8 *
mask_for_dissectors (const guint8 *mask,
                     guint         mask_bits,
                     guint        *out_bits)
{
  guint n = MAX (mask_bits, trawl_field_count ());
  guint8 *copy;

  if (mask == NULL)
    return NULL;
  copy = g_malloc0 ((n + 7) / 8);
  memcpy (copy, mask, (mask_bits + 7) / 8);

  for (guint id = 0; id < mask_bits; id++)
    {
      const TrawlField *f;
      g_autofree char *name = NULL;
      char *dot;

      if ((mask[id >> 3] & (1u << (id & 7))) == 0 || (f = trawl_field_get ((int) id)) == NULL)
        continue;
      name = g_strdup (f->abbrev);
      while ((dot = strrchr (name, '.')) != NULL)
        {
          const TrawlField *parent;

          *dot = '\0';
          parent = trawl_field_lookup (name);
          if (parent != NULL)
            mask_set (copy, parent->id);
        }
    }

  *out_bits = n;
  return copy;
}

static gboolean
prepare_bpf (RunState  *st,
             GError   **error)
{
  for (guint i = 0; i < st->n_ifaces; i++)
    {
      const TrawlInterface *ifc = trawl_capture_file_get_interface (st->file, i);

      st->linktypes[i] = ifc != NULL ? ifc->linktype : 0;
      if (st->bpf != NULL && !trawl_bpf_filter_prepare (st->bpf, st->linktypes[i], error))
        return FALSE;
    }
  return TRUE;
}

static GArray *
concatenate (RunState *st)
{
  guint total = 0;
  GArray *all;

  for (guint r = 0; r < st->n_ranges; r++)
    total += st->results[r]->len;

  all = g_array_sized_new (FALSE, FALSE, sizeof (guint32), total);
  for (guint r = 0; r < st->n_ranges; r++)
    {
      g_array_append_vals (all, st->results[r]->data, st->results[r]->len);
      /* Free as we go: the peak stays near 4 bytes per match. */
      g_clear_pointer (&st->results[r], g_array_unref);
    }
  return all;
}

GArray *
trawl_filter_run_range (TrawlCaptureFile   *file,
                        TrawlAnalysis      *analysis,
                        TrawlDisplayFilter *dfilter,
                        TrawlBpfFilter     *bpf,
                        guint32             first,
                        guint32             end,
                        guint               n_threads,
                        gint               *progress,
                        GCancellable       *cancellable,
                        GError            **error)
{
  RunState st = { 0 };
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();
  g_autofree guint8 *own_mask = NULL;
  GArray *result = NULL;

  g_return_val_if_fail (TRAWL_IS_CAPTURE_FILE (file), NULL);
  g_return_val_if_fail (dfilter == NULL || TRAWL_IS_DISPLAY_FILTER (dfilter), NULL);
  g_return_val_if_fail (bpf == NULL || TRAWL_IS_BPF_FILTER (bpf), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  st.file = file;
  st.analysis = analysis;
  st.dfilter = dfilter;
  st.bpf = bpf;
  st.cancellable = cancellable;
  st.progress = progress;
  /* Debug hook: a slow filter, for tests that look at one running. */
  if (g_getenv ("TRAWL_DEBUG_FILTER_DELAY_MS") != NULL)
    st.delay_ms = (guint) g_ascii_strtoull (g_getenv ("TRAWL_DEBUG_FILTER_DELAY_MS"), NULL, 10);
  st.end = MIN (end, trawl_capture_file_get_n_frames (file));
  st.first = MIN (first, st.end);
  /* Beside a running analysis pass, small ranges: what is left when the
   * pass ends (a range per worker) is done at once. */
  st.range_size = analysis != NULL && (guint) g_atomic_int_get (&analysis->n_done) < st.end
                  ? TRAWL_FILTER_RUN_RANGE / 8 : TRAWL_FILTER_RUN_RANGE;
  st.n_ranges = (st.end - st.first + st.range_size - 1) / st.range_size;
  st.n_ifaces = trawl_capture_file_get_n_interfaces (file);
  st.linktypes = g_new0 (guint32, MAX (st.n_ifaces, 1));
  st.results = g_new0 (GArray *, MAX (st.n_ranges, 1));

  /* TRAWL_FILTER_FULL_TREE=1 dissects full trees: tells a masking bug
   * (a dissector that needs a field it was not asked for) from a filter bug. */
  if (dfilter != NULL && !trawl_display_filter_needs_full_tree (dfilter) &&
      g_getenv ("TRAWL_FILTER_FULL_TREE") == NULL)
    st.mask = trawl_display_filter_get_field_mask (dfilter, &st.mask_bits);
  own_mask = mask_for_dissectors (st.mask, st.mask_bits, &st.mask_bits);
  if (own_mask != NULL)
    st.mask = own_mask;
  st.displayed_dep = reads_displayed_fields (dfilter, st.mask, st.mask_bits);
  /* tcp.flags.syn needs no HTTP parsed: a tenth of the run. */
  st.depth = trawl_field_mask_depth (st.mask, st.mask_bits);
  /* http.request needs no DNS or TLS dissected, and the reverse. */
  st.skip_apps = trawl_field_mask_skippable_apps (st.mask, st.mask_bits);

  st.opts.tree = TRUE;
  st.opts.field_mask = st.mask;
  st.opts.field_mask_bits = st.mask_bits;
  st.opts.depth = st.depth;
  st.opts.skip_apps = st.skip_apps;

  if (!prepare_bpf (&st, error))
    goto out;

  if (n_threads == 0)
    n_threads = g_get_num_processors ();
  if (st.displayed_dep)
    n_threads = 1;
  n_threads = MIN (n_threads, MAX (st.n_ranges, 1));

  /* The calling thread is one of the workers. */
  for (guint t = 1; t < n_threads; t++)
    g_ptr_array_add (threads, g_thread_new ("trawl-filter", worker, &st));
  worker (&st);
  for (guint t = 0; t < threads->len; t++)
    g_thread_join (threads->pdata[t]);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto out;
  result = concatenate (&st);

out:
  for (guint r = 0; r < st.n_ranges; r++)
    if (st.results[r] != NULL)
      g_array_unref (st.results[r]);
  g_free (st.results);
  g_free (st.linktypes);
  return result;
}

GArray *
trawl_filter_run (TrawlCaptureFile   *file,
                  TrawlAnalysis      *analysis,
                  TrawlDisplayFilter *dfilter,
                  TrawlBpfFilter     *bpf,
                  guint               n_threads,
                  GCancellable       *cancellable,
                  GError            **error)
{
  return trawl_filter_run_range (file, analysis, dfilter, bpf, 0, G_MAXUINT32,
                                 n_threads, NULL, cancellable, error);
}
