/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-cli-filter.c: trawl-cli's -Y, -R, -f and --explain-filter
 *
 * tshark reports a bad display filter as its message, then the filter
 * indented by four spaces and a caret with tildes under the faulty part;
 * trawl-cli does the same (also where tshark 4.0 leaves the caret out,
 * e.g. at an unexpected end) and exits with status 2.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "filter/trawl-filter-run.h"
#include "trawl-cli-filter.h"

/* Columns, not bytes: the caret must line up under UTF-8 text too. */
static glong
columns_of (const char *text,
            gsize       n_bytes)
{
  if (g_utf8_validate (text, (gssize) n_bytes, NULL))
    return g_utf8_strlen (text, (gssize) n_bytes);
  return (glong) n_bytes;
}

static void
print_display_error (const char                *text,
                     const GError              *error,
                     const TrawlFilterLocation *where)
{
  gsize text_len = strlen (text);

  fprintf (stderr, "trawl-cli: %s\n", error->message);
  if (where->start > text_len)
    return;

  {
    guint end = MIN ((gsize) where->start + where->len, text_len);
    glong width = columns_of (text + where->start, end - where->start);
    g_autoptr(GString) caret = g_string_new ("    ");

    /* A tab stays a tab so that the caret lines up in any terminal. */
    for (const char *p = text; p < text + where->start; p++)
      if (*p == '\t')
        g_string_append_c (caret, '\t');
      else if (((guchar) *p & 0xC0) != 0x80)
        g_string_append_c (caret, ' ');
    g_string_append_c (caret, '^');
    for (glong i = 1; i < width; i++)
      g_string_append_c (caret, '~');
    fprintf (stderr, "    %s\n%s\n", text, caret->str);
  }
}

static TrawlDisplayFilter *
compile_display (const char *text)
{
  TrawlFilterLocation where = { G_MAXUINT, 0 };
  g_autoptr(GError) error = NULL;
  TrawlDisplayFilter *dfilter;

  dfilter = trawl_display_filter_new (text, &where, &error);
  if (dfilter == NULL)
    {
      if (error == NULL)
        g_set_error_literal (&error, TRAWL_DISPLAY_FILTER_ERROR,
                             TRAWL_DISPLAY_FILTER_ERROR_SYNTAX, "Invalid display filter.");
      print_display_error (text, error, &where);
    }
  return dfilter;
}

/* tshark's words for a capture filter libpcap refused (live capture). */
static void
print_bpf_error (const char   *text,
                 const GError *error)
{
  fprintf (stderr,
           "trawl-cli: Invalid capture filter \"%s\".\n"
           "\n"
           "That string isn't a valid capture filter (%s).\n"
           "See the User's Guide for a description of the capture filter syntax.\n",
           text, error->message);
}

int
cli_filter_compile (CliFilter *self)
{
  g_return_val_if_fail (self != NULL, 2);

  if (self->read_filter != NULL)
    {
      /* tshark's words; with -2, -R filters like -Y (tshark would also
       * renumber the frames it keeps: Trawl does not). */
      if (!self->two_pass)
        {
          fprintf (stderr, "trawl-cli: -R without -2 is deprecated. For single-pass filtering use -Y.\n");
          return 1;
        }
      if (self->display_text != NULL)
        {
          fprintf (stderr, "trawl-cli: -Y and -R can't be used together.\n");
          return 1;
        }
      self->display_text = self->read_filter;
    }
  if (self->display_text != NULL && *self->display_text != '\0')
    {
      self->dfilter = compile_display (self->display_text);
      if (self->dfilter == NULL)
        return 2;
    }
  if (self->bpf_text != NULL && *self->bpf_text != '\0')
    {
      g_autoptr(GError) error = NULL;

      self->bpf = trawl_bpf_filter_new (self->bpf_text, &error);
      if (self->bpf == NULL)
        {
          print_bpf_error (self->bpf_text, error);
          return 2;
        }
    }
  return 0;
}

gboolean
cli_filter_apply (CliFilter        *self,
                  TrawlCaptureFile *file,
                  TrawlAnalysis    *analysis,
                  guint32          *limit)
{
  g_autoptr(GError) error = NULL;
  gint64 t0;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (limit != NULL, FALSE);

  if (self->dfilter == NULL && self->bpf == NULL)
    return TRUE;

  t0 = g_get_monotonic_time ();
  self->matches = trawl_filter_run_range (file, analysis, self->dfilter, self->bpf,
                                          0, *limit, 0, NULL, NULL, &error);
  /* For the benchmark: where the time goes. */
  if (g_getenv ("TRAWL_FILTER_TIMING") != NULL)
    fprintf (stderr, "trawl-cli: filtered %u frames in %.3f s\n", *limit,
             (double) (g_get_monotonic_time () - t0) / 1e6);
  if (self->matches == NULL)
    {
      /* Only the BPF side can fail here: a link type it does not apply to. */
      if (self->bpf != NULL && g_error_matches (error, TRAWL_BPF_FILTER_ERROR, TRAWL_BPF_FILTER_ERROR_COMPILE))
        print_bpf_error (self->bpf_text, error);
      else
        fprintf (stderr, "trawl-cli: %s\n", error ? error->message : "filtering failed");
      return FALSE;
    }
  *limit = self->matches->len;
  return TRUE;
}

void
cli_filter_prev_displayed (const CliFilter     *self,
                           TrawlCaptureFile    *file,
                           guint32              k,
                           TrawlDissectOptions *opts)
{
  /* Without a filter every frame is shown: fill_packet's previous frame
   * is already the previous displayed one. */
  opts->prev_displayed_set = self->matches != NULL;
  if (self->matches == NULL)
    return;
  /* The first displayed frame has no previous one: a delta of 0. */
  opts->prev_displayed_ns = trawl_capture_file_get_record (file, cli_filter_frame (self, k > 0 ? k - 1 : 0))->ts_ns;
}

void
cli_filter_clear (CliFilter *self)
{
  g_return_if_fail (self != NULL);

  g_clear_object (&self->dfilter);
  g_clear_object (&self->bpf);
  g_clear_pointer (&self->matches, g_array_unref);
}

int
cli_explain_filter (const char *text)
{
  g_autoptr(TrawlDisplayFilter) dfilter = NULL;
  g_autofree char *explained = NULL;

  g_return_val_if_fail (text != NULL, 2);

  dfilter = compile_display (text);
  if (dfilter == NULL)
    return 2;
  explained = trawl_display_filter_explain (dfilter);
  fputs (explained, stdout);
  if (*explained && explained[strlen (explained) - 1] != '\n')
    fputc ('\n', stdout);
  return 0;
}
