/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-frame-range.c: a set of frame numbers typed as "1-10,20,30-"
 *
 * Parsed into 0-based inclusive intervals, then sorted and merged, so a
 * count or a membership test costs one step per interval, never one per
 * frame: the export dialog counts a range of a ten-million-frame capture
 * on every keystroke.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "trawl-frame-range.h"

typedef struct
{
  guint32 first;   /* 0-based, inclusive */
  guint32 last;
} Interval;

struct _TrawlFrameRange
{
  GArray *intervals;   /* Interval, ascending, disjoint, not adjacent */
};

G_DEFINE_QUARK (trawl-frame-range-error-quark, trawl_frame_range_error)

static const char *
skip_spaces (const char *p)
{
  while (*p == ' ' || *p == '\t')
    p++;
  return p;
}

/* Reads the digits at *@p (there is at least one) as a frame number of a
 * capture of @n_frames; moves *@p past them. */
static gboolean
read_number (const char  *text,
             const char **p,
             guint32      n_frames,
             guint32     *number,
             gsize       *error_pos,
             GError     **error)
{
  const char *start = *p;
  guint64 v = 0;

  for (; g_ascii_isdigit (**p); (*p)++)
    v = MIN (v * 10 + (guint64) (**p - '0'), (guint64) G_MAXUINT32 + 1);
  if (v == 0 || v > n_frames)
    {
      g_autofree char *digits = g_strndup (start, (gsize) (*p - start));

      if (error_pos != NULL)
        *error_pos = (gsize) (start - text);
      if (v == 0)
        g_set_error_literal (error, TRAWL_FRAME_RANGE_ERROR, TRAWL_FRAME_RANGE_ERROR_ZERO,
                             _("Frames are numbered from 1"));
      else
        g_set_error (error, TRAWL_FRAME_RANGE_ERROR, TRAWL_FRAME_RANGE_ERROR_TOO_BIG,
                     ngettext ("There is no frame %s: the capture has %u frame",
                               "There is no frame %s: the capture has %u frames", n_frames),
                     digits, n_frames);
      return FALSE;
    }
  *number = (guint32) v;
  return TRUE;
}

static void
syntax_error (const char  *text,
              const char  *p,
              gboolean     lone_dash,
              gsize       *error_pos,
              GError     **error)
{
  if (error_pos != NULL)
    *error_pos = (gsize) (p - text);
  if (lone_dash)
    g_set_error_literal (error, TRAWL_FRAME_RANGE_ERROR, TRAWL_FRAME_RANGE_ERROR_SYNTAX,
                         _("A dash needs a frame number on at least one side"));
  else
    {
      /* Name the character itself, even outside ASCII. */
      const char *next = g_utf8_validate (p, -1, NULL) ? g_utf8_next_char (p) : p + 1;

      g_set_error (error, TRAWL_FRAME_RANGE_ERROR, TRAWL_FRAME_RANGE_ERROR_SYNTAX,
                   _("Unexpected “%.*s”: a range is like 1-10,20,30-"),
                   (int) (next - p), p);
    }
}

/* One item: "N", "N-M", "N-" or "-M"; *@p is at its first character. */
static gboolean
parse_item (const char  *text,
            const char **p,
            guint32      n_frames,
            Interval    *out,
            gsize       *error_pos,
            GError     **error)
{
  guint32 lo = 1, hi = n_frames;
  gboolean has_lo = FALSE, has_hi = FALSE;
  const char *dash = NULL;

  if (g_ascii_isdigit (**p))
    {
      if (!read_number (text, p, n_frames, &lo, error_pos, error))
        return FALSE;
      has_lo = TRUE;
      *p = skip_spaces (*p);
    }
  if (**p == '-')
    {
      dash = *p;
      *p = skip_spaces (*p + 1);
      if (g_ascii_isdigit (**p))
        {
          if (!read_number (text, p, n_frames, &hi, error_pos, error))
            return FALSE;
          has_hi = TRUE;
          *p = skip_spaces (*p);
        }
    }
  if (!has_lo && !has_hi && dash != NULL)
    {
      syntax_error (text, dash, TRUE, error_pos, error);
      return FALSE;
    }
  if ((!has_lo && !has_hi) || (**p != ',' && **p != '\0'))
    {
      syntax_error (text, *p, FALSE, error_pos, error);
      return FALSE;
    }
  if (dash == NULL)
    hi = lo;
  /* Wireshark reads "10-5" as 5 to 10. */
  out->first = MIN (lo, hi) - 1;
  out->last = MAX (lo, hi) - 1;
  return TRUE;
}

static int
compare_intervals (gconstpointer a,
                   gconstpointer b)
{
  const Interval *x = a, *y = b;

  return x->first < y->first ? -1 : x->first > y->first;
}

/* Sort, then merge overlapping and adjacent intervals. */
static void
normalise (GArray *intervals)
{
  guint out = 0;

  g_array_sort (intervals, compare_intervals);
  for (guint i = 0; i < intervals->len; i++)
    {
      Interval *cur = &g_array_index (intervals, Interval, i);
      Interval *prev = out > 0 ? &g_array_index (intervals, Interval, out - 1) : NULL;

      if (prev != NULL && (guint64) cur->first <= (guint64) prev->last + 1)
        prev->last = MAX (prev->last, cur->last);
      else
        g_array_index (intervals, Interval, out++) = *cur;
    }
  g_array_set_size (intervals, out);
}

TrawlFrameRange *
trawl_frame_range_parse (const char  *text,
                         guint32      n_frames,
                         gsize       *error_pos,
                         GError     **error)
{
  g_autoptr(GArray) intervals = g_array_new (FALSE, FALSE, sizeof (Interval));
  const char *p = text;
  TrawlFrameRange *self;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  for (;;)
    {
      Interval item;

      p = skip_spaces (p);
      if (*p == '\0')
        break;
      if (*p == ',')
        {
          p++;
          continue;
        }
      if (!parse_item (text, &p, n_frames, &item, error_pos, error))
        return NULL;
      g_array_append_val (intervals, item);
    }
  if (intervals->len == 0)
    {
      if (error_pos != NULL)
        *error_pos = 0;
      g_set_error_literal (error, TRAWL_FRAME_RANGE_ERROR, TRAWL_FRAME_RANGE_ERROR_EMPTY,
                           _("Type frame numbers, such as 1-10,20,30-"));
      return NULL;
    }
  normalise (intervals);
  self = g_new0 (TrawlFrameRange, 1);
  self->intervals = g_steal_pointer (&intervals);
  return self;
}

TrawlFrameRange *
trawl_frame_range_copy (const TrawlFrameRange *self)
{
  TrawlFrameRange *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (TrawlFrameRange, 1);
  copy->intervals = g_array_copy (self->intervals);
  return copy;
}

void
trawl_frame_range_free (TrawlFrameRange *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->intervals);
  g_free (self);
}

gboolean
trawl_frame_range_contains (const TrawlFrameRange *self,
                            guint32                frame)
{
  guint lo = 0, hi;

  g_return_val_if_fail (self != NULL, FALSE);

  /* The last interval starting at or before @frame. */
  hi = self->intervals->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->intervals, Interval, mid).first <= frame)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo > 0 && frame <= g_array_index (self->intervals, Interval, lo - 1).last;
}

guint64
trawl_frame_range_count (const TrawlFrameRange *self)
{
  guint64 n = 0;

  g_return_val_if_fail (self != NULL, 0);

  for (guint i = 0; i < self->intervals->len; i++)
    {
      const Interval *iv = &g_array_index (self->intervals, Interval, i);

      n += (guint64) iv->last - iv->first + 1;
    }
  return n;
}

gsize
trawl_frames_lower_bound (const guint32 *v,
                          gsize          n,
                          guint64        value)
{
  gsize lo = 0, hi = n;

  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (v[mid] < value)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

guint64
trawl_frame_range_count_in (const TrawlFrameRange *self,
                            const guint32         *frames,
                            gsize                  n)
{
  guint64 count = 0;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (frames != NULL || n == 0, 0);

  for (guint i = 0; i < self->intervals->len; i++)
    {
      const Interval *iv = &g_array_index (self->intervals, Interval, i);

      count += trawl_frames_lower_bound (frames, n, (guint64) iv->last + 1) - trawl_frames_lower_bound (frames, n, iv->first);
    }
  return count;
}

GArray *
trawl_frame_range_collect (const TrawlFrameRange *self,
                           const guint32         *frames,
                           gsize                  n)
{
  GArray *out;

  g_return_val_if_fail (self != NULL, NULL);

  out = g_array_sized_new (FALSE, FALSE, sizeof (guint32),
                           (guint) (frames ? trawl_frame_range_count_in (self, frames, n)
                                           : trawl_frame_range_count (self)));
  for (guint i = 0; i < self->intervals->len; i++)
    {
      const Interval *iv = &g_array_index (self->intervals, Interval, i);

      if (frames != NULL)
        {
          gsize lo = trawl_frames_lower_bound (frames, n, iv->first);
          gsize hi = trawl_frames_lower_bound (frames, n, (guint64) iv->last + 1);

          g_array_append_vals (out, frames + lo, (guint) (hi - lo));
        }
      else
        for (guint64 f = iv->first; f <= iv->last; f++)
          {
            guint32 v = (guint32) f;

            g_array_append_val (out, v);
          }
    }
  return out;
}

char *
trawl_frame_range_to_string (const TrawlFrameRange *self)
{
  GString *s = g_string_new (NULL);

  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->intervals->len; i++)
    {
      const Interval *iv = &g_array_index (self->intervals, Interval, i);

      if (i > 0)
        g_string_append_c (s, ',');
      if (iv->first == iv->last)
        g_string_append_printf (s, "%u", iv->first + 1);
      else
        g_string_append_printf (s, "%u-%u", iv->first + 1, iv->last + 1);
    }
  return g_string_free (s, FALSE);
}
