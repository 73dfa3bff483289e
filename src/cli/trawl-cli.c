/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-cli.c: a tshark-compatible command line over the Trawl engine
 *
 * Reads a capture (-r), runs the analysis pass, and prints every frame
 * as tshark would: summary lines, -V trees, -x hex dumps, -T fields or
 * -T json.  Output goes through one big buffer written with fwrite: the
 * summary of a million frames must stay far ahead of tshark.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <locale.h>

#include "analysis/trawl-analysis.h"
#include "trawl-cli-follow.h"
#include "dissect/trawl-dissect.h"
#include "dissect/trawl-format.h"
#include "file/trawl-capture-file.h"
#include "trawl-document.h"
#include <glib/gstdio.h>
#include "trawl-thread-priority.h"
#include "trawl-cli-filter.h"
#include "trawl-cli-write.h"
#include "trawl-cli-output.h"
#include "trawl-cli-capture.h"

#define FLUSH_AT (256 * 1024)

typedef enum
{
  OUT_TEXT,
  OUT_FIELDS,
  OUT_JSON,
} OutputFormat;

typedef struct
{
  const char   *read_file;
  gint64        count;         /* -c, 0 for all */
  gboolean      verbose;       /* -V */
  gboolean      hex;           /* -x */
  OutputFormat  format;
  GPtrArray    *fields;        /* -e */
  CliFields     fopts;
  gboolean      bench_index;
  gboolean      bench_analysis;
  CliFilter     filter;        /* -Y -R -2 -f */
  const char   *write_file;    /* -w */
  const char   *write_format;  /* -F */
  CliCapture    capture;       /* -i -s -p -B -a -b */
  gboolean      list_interfaces; /* -D */
  gboolean      quiet;         /* -q: no per-frame output */
  GPtrArray    *follows;       /* CliFollow, from -z follow,... */
} CliOptions;

static void
usage (FILE *fp)
{
  fprintf (fp,
           "Usage: trawl-cli [options] -r <infile>\n"
           "       trawl-cli [options] -i <interface> ...\n"
           "\n"
           "Capture interface (through the trawl-capture helper):\n"
           "  -i <interface>           name of interface to capture on; can be repeated\n"
           "  -f <capture filter>      packet filter in libpcap filter syntax\n"
           "  -s <snaplen>             packet snapshot length (def: 262144)\n"
           "  -p                       don't capture in promiscuous mode\n"
           "  -B <buffer size>         size of kernel buffer in MiB (def: 2)\n"
           "  -D                       print list of interfaces and exit\n"
           "Capture stop conditions:\n"
           "  -c <packet count>        stop after n packets (def: infinite)\n"
           "  -a <autostop cond.> ...  duration:NUM - stop after NUM seconds\n"
           "                           filesize:NUM - stop this file after NUM KB\n"
           "                              packets:NUM - stop after NUM packets\n"
           "Capture output:\n"
           "  -b <ringbuffer opt.> ... duration:NUM - switch to next file after NUM secs\n"
           "                           filesize:NUM - switch to next file after NUM KB\n"
           "                              files:NUM - ringbuffer: replace after NUM files\n"
           "Input file:\n"
           "  -r <infile>              read packets from a pcap, pcapng or gzipped capture\n"
           "Processing:\n"
           "  -n                       disable name resolution (always: Trawl never resolves)\n"
           "  -c <packet count>        stop after n packets\n"
           "  -Y <display filter>      packet display filter in Wireshark display filter\n"
           "                           syntax\n"
           "  -q                       no output per frame (with -z)\n"
           "  -z follow,tcp,MODE,FILTER  after the frames, the bytes of a TCP stream as tshark:\n"
           "                           MODE ascii|hex|raw|yaml, FILTER a stream index or\n"
           "                           ADDR:PORT,ADDR:PORT\n"
           "  -2                       perform a two-pass analysis (accepted; Trawl always\n"
           "                           runs its analysis pass first)\n"
           "  -R <read filter>         packet Read filter in Wireshark display filter syntax\n"
           "                           (requires -2)\n"
           "  -f <capture filter>      packet filter in libpcap filter syntax, applied to\n"
           "                           the file's frames (tcpdump's language)\n"
           "  --explain-filter <filter> print the parsed and compiled display filter and exit\n"
           "Output:\n"
           "  -w <outfile|->           write packets to a capture file named \"outfile\" (or '-' for stdout):\n"
           "                           pcap when its name ends in .pcap, else pcapng\n"
           "  -F <output file type>    pcap, nsecpcap or pcapng (overrides the name)\n"
           "  -V                       add output of packet tree (Packet Details)\n"
           "  -x                       add output of hex and ASCII dump (Packet Bytes)\n"
           "  -T text|fields|json      format of text output (def: text)\n"
           "  -q                       be more quiet on stdout (e.g. when using statistics)\n"
           "  -l                       flush standard output after each packet\n"
           "  -e <field>               field to print if -Tfields selected (e.g. tcp.port);\n"
           "                           this option can be repeated\n"
           "  -E<fieldsoption>=<value> set options for output when -Tfields selected:\n"
           "     header=y|n            switch headers on and off\n"
           "     separator=/t|/s|<char> select tab, space, printable character as separator\n"
           "     occurrence=f|l|a|<n>  print first, last, all or the n-th occurrence\n"
           "     aggregator=,|/s|<char> select comma, space, printable character as aggregator\n"
           "     quote=d|s|n           select double, single, no quotes for values\n"
           "Miscellaneous:\n"
           "  -G [fields]              dump the field glossary and exit\n"
           "  -h, --help               display this help and exit\n"
           "  -v, --version            display version info and exit\n");
}

static char
separator_char (const char *v)
{
  if (g_str_equal (v, "/t"))
    return '\t';
  if (g_str_equal (v, "/s"))
    return ' ';
  return v[0];
}

static gboolean
parse_E (CliOptions *o,
         const char *arg)
{
  const char *eq = strchr (arg, '=');
  g_autofree char *key = NULL;
  const char *v;

  if (eq == NULL)
    return FALSE;
  key = g_strndup (arg, (gsize) (eq - arg));
  v = eq + 1;
  if (g_str_equal (key, "header"))
    {
      if (g_str_equal (v, "y"))
        o->fopts.header = TRUE;
      else if (g_str_equal (v, "n"))
        o->fopts.header = FALSE;
      else
        return FALSE;
    }
  else if (g_str_equal (key, "separator") && *v)
    o->fopts.separator = separator_char (v);
  else if (g_str_equal (key, "aggregator") && *v)
    o->fopts.aggregator = separator_char (v);
  else if (g_str_equal (key, "occurrence"))
    {
      if (g_str_equal (v, "f"))
        o->fopts.occurrence = CLI_OCC_FIRST;
      else if (g_str_equal (v, "l"))
        o->fopts.occurrence = CLI_OCC_LAST;
      else if (g_str_equal (v, "a"))
        o->fopts.occurrence = CLI_OCC_ALL;
      else
        {
          char *end;
          long n = strtol (v, &end, 10);
          if (*end || n < 1)
            return FALSE;
          o->fopts.occurrence = (int) n;
        }
    }
  else if (g_str_equal (key, "quote"))
    {
      if (g_str_equal (v, "d"))
        o->fopts.quote = '"';
      else if (g_str_equal (v, "s"))
        o->fopts.quote = '\'';
      else if (g_str_equal (v, "n"))
        o->fopts.quote = 0;
      else
        return FALSE;
    }
  else
    return FALSE;
  return TRUE;
}

static void
flush_out (GString *out)
{
  if (out->len)
    fwrite (out->str, 1, out->len, stdout);
  g_string_truncate (out, 0);
}

/* Digits of the Time column: the timestamp resolution of the frame's
 * interface (6 for µs pcap, 9 for ns), as tshark's automatic precision. */
static guint
time_digits_of (TrawlCaptureFile *file,
                guint32           iface)
{
  const TrawlInterface *ifc = trawl_capture_file_get_interface (file, iface);
  guint digits = 0;

  if (ifc == NULL)
    return 6;
  for (guint64 r = ifc->tsresol; r > 1 && digits < 9; r /= 10)
    digits++;
  return digits ? digits : 6;
}

static int
run_bench_index (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TrawlCaptureFile) file = NULL;
  gint64 t0 = g_get_monotonic_time ();
  double secs;
  guint32 n;

  file = trawl_capture_file_load (path, &error);
  if (file == NULL)
    {
      fprintf (stderr, "trawl-cli: %s\n", error->message);
      return 2;
    }
  secs = (double) (g_get_monotonic_time () - t0) / 1e6;
  n = trawl_capture_file_get_n_frames (file);
  printf ("%u frames indexed in %.3f s (%.0f frames/s)\n", n, secs, secs > 0 ? n / secs : 0.0);
  return 0;
}

/* --bench-analysis: the analysis pass alone, on a file already indexed
 * and mapped (the benchmark's breakdown of the summary's time). */
static int
run_bench_analysis (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TrawlCaptureFile) file = NULL;
  g_autoptr(TrawlAnalysis) analysis = NULL;
  gint64 t0;
  double secs;
  guint32 n;

  file = trawl_capture_file_open (path, &error);
  if (file != NULL)
    {
      /* as when the pass follows the index: the pages are mapped */
      trawl_capture_file_set_index_mapped (file, TRUE);
      if (!trawl_capture_file_index (file, NULL, NULL, NULL, &error))
        g_clear_object (&file);
    }
  if (file == NULL)
    {
      fprintf (stderr, "trawl-cli: %s\n", error->message);
      return 2;
    }
  t0 = g_get_monotonic_time ();
  analysis = trawl_analysis_run (file, NULL, &error);
  secs = (double) (g_get_monotonic_time () - t0) / 1e6;
  n = trawl_capture_file_get_n_frames (file);
  printf ("%u frames analysed in %.3f s (%.0f frames/s)\n", n, secs, secs > 0 ? n / secs : 0.0);
  return 0;
}

/* What every frame's output needs, shared read-only by the output threads. */
typedef struct
{
  CliOptions         *o;
  TrawlDocument      *doc;
  TrawlCaptureFile   *file;
  const guint        *digits;
  guint               n_ifaces;
  guint32             limit;
  /* How every frame is dissected: a tree for -V, -T json and -T fields
   * (only the -e fields: a mask), columns for summary lines, tshark's
   * single pass (no forward references) without -2. */
  TrawlDissectOptions opts;
} OutputJob;

static gboolean
wants_summary (const CliOptions *o)
{
  return o->format == OUT_TEXT && !o->verbose && !o->hex;
}

/* -T fields reads only its -e fields: a dissection that makes just those
 * is several times cheaper than a whole tree.  NULL without -e ids. */
static guint8 *
fields_mask (const CliOptions *o,
             guint            *n_bits)
{
  guint8 *mask;

  if (o->format != OUT_FIELDS || o->fopts.ids == NULL)
    return NULL;
  *n_bits = trawl_field_count ();
  mask = g_malloc0 ((*n_bits + 7) / 8);
  for (guint c = 0; c < o->fields->len; c++)
    if (o->fopts.ids[c] >= 0 && (guint) o->fopts.ids[c] < *n_bits)
      mask[o->fopts.ids[c] >> 3] |= (guint8) (1u << (o->fopts.ids[c] & 7));
  return mask;
}

/* Below this, a pass beside the output is not worth a thread.  The
 * tests set TRAWL_CLI_PIPELINE_MIN to compare both ways on one capture.
 * Decided before the index from the file's size, at this many bytes a
 * frame. */
#define PIPELINE_BYTES_PER_FRAME 64

static guint32
pipeline_min_frames (void)
{
  const char *env = g_getenv ("TRAWL_CLI_PIPELINE_MIN");

  return env ? (guint32) g_ascii_strtoull (env, NULL, 10) : 16 * 1024;
}

/* Whether the output or the filter needs what only an analysis of the
 * whole capture knows (a later frame: dns.response_in, "(reply in 6)"),
 * so that it must wait for the pass to end before it starts. */
static gboolean
needs_whole_analysis (const CliOptions *o)
{
  g_autofree guint8 *mask = NULL;
  guint bits = 0;

  if (o->filter.two_pass || o->verbose || o->format == OUT_JSON)
    return TRUE;
  if (o->format == OUT_FIELDS)
    {
      mask = fields_mask (o, &bits);
      if (trawl_field_mask_has_forward_refs (mask, bits))
        return TRUE;
    }
  if (o->filter.dfilter != NULL)
    {
      const guint8 *fmask;

      /* A filter of the whole tree may read anything. */
      if (trawl_display_filter_needs_full_tree (o->filter.dfilter))
        return TRUE;
      fmask = trawl_display_filter_get_field_mask (o->filter.dfilter, &bits);
      if (trawl_field_mask_has_forward_refs (fmask, bits))
        return TRUE;
    }
  return FALSE;
}

/* One dissected frame in the output format chosen. */
static void
print_packet (const CliOptions  *o,
              CliFields         *fopts,
              const TrawlPacket *pkt,
              guint              time_digits,
              gboolean           first,
              GString           *out)
{
  switch (o->format)
    {
    case OUT_TEXT:
      if (o->verbose)
        cli_print_tree (out, pkt);
      else if (!o->hex)
        cli_print_summary (out, pkt, time_digits);
      if (o->hex)
        cli_print_hex (out, pkt);
      break;
    case OUT_FIELDS:
      cli_fields_print (fopts, out, pkt);
      break;
    case OUT_JSON:
      cli_print_json (out, pkt, first);
      break;
    }
}

/* Dissect frame @i and append its output to @out.  @fopts is the calling
 * thread's own copy of the -T fields state. */
static void
output_frame (const OutputJob *job,
              CliFields       *fopts,
              TrawlPacket     *pkt,
              guint32          k,
              GString         *out)
{
  const CliOptions *o = job->o;
  guint32 i = cli_filter_frame (&o->filter, k);
  const TrawlFrameRecord *rec = trawl_capture_file_get_record (job->file, i);
  TrawlDissectOptions opts = job->opts;

  /* The analysis may still be running beside us: it must be past @i. */
  trawl_document_wait_analysed (job->doc, i + 1);
  cli_filter_prev_displayed (&o->filter, job->file, k, &opts);
  trawl_document_fill (job->doc, i, &opts, pkt);
  print_packet (o, fopts, pkt, rec && rec->iface < job->n_ifaces ? job->digits[rec->iface] : 6,
                k == 0, out);
}

/* ---- live capture (-i): frames as they arrive ---- */

typedef struct
{
  CliOptions  *o;
  TrawlArena  *arena;
  TrawlPacket  pkt;
  guint64      n_shown;
  gint64       prev_shown_ns;
} LiveOutput;

/* tshark's single pass over arriving frames: a display filter hides
 * frames, the previous displayed frame is the last one shown. */
static gboolean
live_frame (TrawlDocument *doc,
            guint32        i,
            GString       *out,
            gpointer       data)
{
  LiveOutput *lo = data;
  CliOptions *o = lo->o;
  TrawlCaptureFile *file = trawl_document_get_file (doc);
  const TrawlFrameRecord *rec = trawl_capture_file_get_record (file, i);
  TrawlDissectOptions opts = { 0 };

  opts.tree = o->verbose || o->format != OUT_TEXT || o->filter.dfilter != NULL;
  opts.columns = wants_summary (o);
  opts.no_protocols = o->filter.dfilter == NULL;
  opts.no_forward_refs = TRUE;
  opts.prev_displayed_set = TRUE;
  opts.prev_displayed_ns = lo->n_shown > 0 ? lo->prev_shown_ns : rec->ts_ns;
  if (o->filter.bpf != NULL)
    {
      const TrawlInterface *ifc = trawl_capture_file_get_interface (file, rec->iface);

      if (ifc == NULL || !trawl_bpf_filter_match (o->filter.bpf, ifc->linktype,
                                                  trawl_capture_file_get_data (file, i),
                                                  rec->caplen, rec->wirelen))
        return FALSE;
    }
  trawl_document_fill (doc, i, &opts, &lo->pkt);
  if (o->filter.dfilter != NULL && !trawl_display_filter_match (o->filter.dfilter, &lo->pkt))
    return FALSE;
  print_packet (o, &o->fopts, &lo->pkt, time_digits_of (file, rec->iface), lo->n_shown == 0, out);
  lo->n_shown++;
  lo->prev_shown_ns = rec->ts_ns;
  return TRUE;
}

static int
capture (CliOptions *o)
{
  LiveOutput lo = { o };
  g_autoptr(GString) out = g_string_new (NULL);
  int status;

  o->capture.print = o->write_file == NULL && !o->quiet;
  o->capture.write_file = o->write_file;
  o->capture.frame_func = live_frame;
  o->capture.frame_data = &lo;
  lo.arena = trawl_arena_new ();
  trawl_packet_init (&lo.pkt, lo.arena);
  if (o->capture.print && o->format == OUT_FIELDS && o->fopts.header)
    cli_fields_header (&o->fopts, out);
  if (o->capture.print && o->format == OUT_JSON)
    g_string_append (out, "[\n");
  fwrite (out->str, 1, out->len, stdout);
  g_string_truncate (out, 0);

  status = cli_capture_run (&o->capture);

  if (o->capture.print && o->format == OUT_JSON)
    g_string_append (out, lo.n_shown > 0 ? "\n]\n" : "]\n");
  fwrite (out->str, 1, out->len, stdout);
  fflush (stdout);
  trawl_packet_clear (&lo.pkt);
  trawl_arena_free (lo.arena);
  return status;
}

/* ---- output on worker threads ----
 *
 * After the analysis pass any frame can be dissected on its own, so the
 * output pass is split: worker w formats blocks w, w + W, w + 2W, ... of
 * BLOCK_FRAMES frames into buffers of about WORKER_FLUSH_AT bytes and queues
 * them; the main thread writes the blocks in frame order.  Each worker
 * has a few buffers that travel back to it once written, which bounds the
 * memory whatever the output format. */

#define BLOCK_FRAMES    1024
#define BUFS_PER_WORKER 4
/* Buffers of 256 KiB: fewer, bigger writes (each a system call) for about
 * 2 MiB of memory over all workers. */
#define WORKER_FLUSH_AT (256 * 1024)
#define MAX_WORKERS     8

/* Queued after the last buffer of a block. */
static GString end_of_block;

typedef struct
{
  const OutputJob *job;
  guint            index;
  guint            n_workers;
  GAsyncQueue     *full;   /* GString*, then &end_of_block, per block */
  GAsyncQueue     *empty;  /* GString* to fill */
  CliFields        fopts;
  GThread         *thread;
} OutputWorker;

static gpointer
output_worker_run (gpointer data)
{
  OutputWorker *w = data;
  const OutputJob *job = w->job;
  g_autoptr(TrawlArena) arena = trawl_arena_new ();
  TrawlPacket pkt;
  guint32 n_blocks = (job->limit + BLOCK_FRAMES - 1) / BLOCK_FRAMES;

  trawl_packet_init (&pkt, arena);
  for (guint32 b = w->index; b < n_blocks; b += w->n_workers)
    {
      guint32 end = MIN ((b + 1) * (guint64) BLOCK_FRAMES, job->limit);
      GString *out = g_async_queue_pop (w->empty);

      for (guint32 i = b * BLOCK_FRAMES; i < end; i++)
        {
          output_frame (job, &w->fopts, &pkt, i, out);
          if (out->len >= WORKER_FLUSH_AT)
            {
              g_async_queue_push (w->full, out);
              out = g_async_queue_pop (w->empty);
            }
        }
      if (out->len > 0)
        g_async_queue_push (w->full, out);
      else
        g_async_queue_push (w->empty, out);
      g_async_queue_push (w->full, &end_of_block);
    }
  trawl_packet_clear (&pkt);
  return NULL;
}

static guint
output_n_workers (const OutputJob *job)
{
  const char *env = g_getenv ("TRAWL_CLI_THREADS");
  guint n = env ? (guint) g_ascii_strtoull (env, NULL, 10) : g_get_num_processors ();

  /* Small captures are done before threads would pay off. */
  if (job->limit < 4 * BLOCK_FRAMES)
    return 1;
  return CLAMP (n, 1, MAX_WORKERS);
}

static void
output_parallel (const OutputJob *job,
                 guint            n_workers)
{
  OutputWorker workers[MAX_WORKERS];
  guint32 n_blocks = (job->limit + BLOCK_FRAMES - 1) / BLOCK_FRAMES;

  for (guint w = 0; w < n_workers; w++)
    {
      OutputWorker *ow = &workers[w];

      ow->job = job;
      ow->index = w;
      ow->n_workers = n_workers;
      ow->full = g_async_queue_new ();
      ow->empty = g_async_queue_new ();
      for (guint k = 0; k < BUFS_PER_WORKER; k++)
        g_async_queue_push (ow->empty, g_string_sized_new (WORKER_FLUSH_AT + 16384));
      cli_fields_worker_init (&ow->fopts, &job->o->fopts);
      ow->thread = g_thread_new ("trawl-output", output_worker_run, ow);
    }

  for (guint32 b = 0; b < n_blocks; b++)
    {
      OutputWorker *ow = &workers[b % n_workers];
      GString *buf;

      while ((buf = g_async_queue_pop (ow->full)) != &end_of_block)
        {
          fwrite (buf->str, 1, buf->len, stdout);
          g_string_truncate (buf, 0);
          g_async_queue_push (ow->empty, buf);
        }
    }

  for (guint w = 0; w < n_workers; w++)
    {
      OutputWorker *ow = &workers[w];
      GString *buf;

      g_thread_join (ow->thread);
      while ((buf = g_async_queue_try_pop (ow->empty)) != NULL)
        g_string_free (buf, TRUE);
      g_async_queue_unref (ow->empty);
      g_async_queue_unref (ow->full);
      cli_fields_worker_clear (&ow->fopts);
    }
}

/* TRAWL_DEBUG_TIMING=1 prints how long each phase took, to stderr: the
 * benchmarks' breakdown without a profiler.  phase_mark (NULL) starts. */
static void
phase_mark (const char *done)
{
  static gint64 last;
  static int enabled = -1;
  gint64 now;

  if (enabled < 0)
    enabled = g_getenv ("TRAWL_DEBUG_TIMING") != NULL;
  if (!enabled)
    return;
  now = g_get_monotonic_time ();
  if (done != NULL)
    fprintf (stderr, "trawl-cli: %-10s %8.1f ms\n", done, (now - last) / 1000.0);
  last = now;
}

/* -z: only "follow,..." for now. */
static gboolean
cli_add_statistic (CliOptions *o,
                   const char *spec)
{
  g_autoptr(GError) error = NULL;
  CliFollow *f;

  if (!cli_follow_is_follow (spec))
    {
      fprintf (stderr, "trawl-cli: invalid -z argument \"%s\"; only follow,tcp,... is supported\n", spec);
      return FALSE;
    }
  f = cli_follow_parse (spec, &error);
  if (f == NULL)
    {
      fprintf (stderr, "trawl-cli: %s\n", error->message);
      return FALSE;
    }
  g_ptr_array_add (o->follows, f);
  return TRUE;
}


/* -r of a pipe, a FIFO, stdin ("-") or a gzip file: the descriptor to
 * read it from as a stream; -1 for a file to map; -2 after an error. */
static int
open_stream (const char *path)
{
  guint8 magic[2];
  GStatBuf st;
  int fd;

  if (g_str_equal (path, "-"))
    return 0;
  if (g_stat (path, &st) != 0)
    return -1;  /* the document says what is wrong */
  if (S_ISDIR (st.st_mode))
    return -1;
  if (!S_ISREG (st.st_mode))
    {
      /* Blocks until a writer opens a FIFO, as tshark does. */
      fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
      if (fd < 0)
        {
          fprintf (stderr, "trawl-cli: could not open \"%s\": %s\n", path, g_strerror (errno));
          return -2;
        }
      return fd;
    }
  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    return -1;
  if (read (fd, magic, 2) == 2 && magic[0] == 0x1f && magic[1] == 0x8b && lseek (fd, 0, SEEK_SET) == 0)
    return fd;
  close (fd);
  return -1;
}

/* Index what the stream has brought so far; FALSE after an error. */
static gboolean
stream_update (TrawlDocument *doc,
               int           *status)
{
  g_autoptr(GError) error = NULL;

  if (trawl_document_update (doc, &error))
    return TRUE;
  fprintf (stderr, "trawl-cli: %s\n", error->message);
  *status = 2;
  return FALSE;
}

/* Read a stream into @doc until its end or -c frames.  Output that needs
 * no whole analysis is printed as frames come (*@printed); otherwise the
 * caller goes on with the complete document. */
static int
read_stream (CliOptions    *o,
             TrawlDocument *doc,
             int            fd,
             gboolean      *printed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  const char *name = g_str_equal (o->read_file, "-") ? "standard input" : o->read_file;
  /* -z follow and -w work on the complete document. */
  gboolean now = o->write_file == NULL && o->follows->len == 0 && !needs_whole_analysis (o);
  guint32 limit = o->count > 0 ? (guint32) MIN (o->count, G_MAXUINT32) : G_MAXUINT32;
  LiveOutput lo = { o };
  guint32 shown = 0, n = 0;
  int status = 0;
  gboolean done = FALSE;
  const char *warning;

  if (!trawl_document_open_stream (doc, fd, name, &error))
    {
      fprintf (stderr, "trawl-cli: %s\n", error->message);
      return 2;
    }
  lo.arena = trawl_arena_new ();
  trawl_packet_init (&lo.pkt, lo.arena);
  if (now && o->format == OUT_FIELDS && o->fopts.header)
    cli_fields_header (&o->fopts, out);
  while (!done)
    {
      /* Done first: the update after it sees every byte. */
      done = trawl_document_stream_is_done (doc, &error);
      if (!stream_update (doc, &status))
        break;
      n = trawl_capture_file_get_n_frames (trawl_document_get_file (doc));
      if (n >= limit)
        {
          trawl_document_stop_stream (doc);
          n = limit;
          done = TRUE;
        }
      if (now)
        {
          trawl_document_wait_analysed (doc, n);
          for (; shown < n && !o->quiet; shown++)
            live_frame (doc, shown, out, &lo);
          fwrite (out->str, 1, out->len, stdout);
          g_string_truncate (out, 0);
          fflush (stdout);
        }
      if (!done)
        g_usleep (10 * 1000);
    }
  if (error != NULL)
    {
      fprintf (stderr, "trawl-cli: %s\n", error->message);
      status = 2;
    }
  g_clear_error (&error);
  /* A stream stopped at -c may end in the middle of a record: not damage. */
  if (!trawl_document_end_growing (doc, &error) && status == 0)
    {
      fprintf (stderr, "trawl-cli: %s\n", error->message);
      status = 2;
    }
  trawl_packet_clear (&lo.pkt);
  trawl_arena_free (lo.arena);
  *printed = now;
  if (!now || status != 0)
    return status;
  warning = trawl_document_get_warning (doc);
  if (warning == NULL)
    warning = trawl_document_get_stream_warning (doc);
  if (warning != NULL && limit == G_MAXUINT32)
    {
      fprintf (stderr, "trawl-cli: %s\n", warning);
      return 2;
    }
  return 0;
}

static int
process (CliOptions *o)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TrawlDocument) doc = trawl_document_new ();
  TrawlCaptureFile *file;
  TrawlAnalysis *analysis;
  g_autoptr(GString) out = g_string_sized_new (FLUSH_AT + 65536);
  TrawlArena *arena;
  TrawlPacket pkt;
  guint32 n_frames, limit;
  gboolean copy_only, following;
  guint n_ifaces;
  g_autofree guint *digits = NULL;
  const char *warning;
  int stream_fd;

  phase_mark (NULL);
  stream_fd = open_stream (o->read_file);
  if (stream_fd == -2)
    return 2;
  if (stream_fd >= 0)
    {
      /* A pipe, a FIFO, stdin or a gzip file: read as it comes; what
       * needs no whole analysis is printed on the way, as tshark does. */
      gboolean printed = FALSE;
      int status = read_stream (o, doc, stream_fd, &printed);

      if (status != 0 || printed)
        return status;
    }
  else if (!trawl_document_open (doc, o->read_file, &error))
    {
      fprintf (stderr, "trawl-cli: %s\n", error->message);
      return 2;
    }
  file = trawl_document_get_file (doc);
  /* -w without a filter copies records: no dissection, no analysis. */
  copy_only = o->write_file != NULL && !cli_filter_active (&o->filter);
  /* A big capture: the pass starts at once, following the index this
   * thread makes; the filter and the output run a block behind it, on
   * the other cores (the pass alone is half of the work).  A stream's
   * pass has followed it from the start. */
  following = stream_fd < 0 && !copy_only && !needs_whole_analysis (o) &&
              trawl_capture_file_get_size (file) / PIPELINE_BYTES_PER_FRAME >= pipeline_min_frames ();
  if (following)
    trawl_document_start_analysis (doc);
  if (stream_fd < 0 && !trawl_document_index (doc, NULL, &error))
    {
      fprintf (stderr, "trawl-cli: %s\n", error->message);
      return 2;
    }
  phase_mark ("load+index");

  if (copy_only)
    return cli_write (o->write_file, o->write_format, file, &o->filter,
                      o->count > 0 ? (guint32) MIN (o->count, G_MAXUINT32) : G_MAXUINT32, o->count);
  n_frames = trawl_capture_file_get_n_frames (file);
  if (following)
    /* Nothing from here on may hold the pass up: this thread and those
     * it starts run below it. */
    trawl_thread_priority_lower ();
  else if (trawl_document_get_analysis (doc) != NULL)
    trawl_document_wait_analysed (doc, n_frames);
  else
    {
      trawl_document_start_analysis (doc);
      trawl_document_wait_analysed (doc, n_frames);
    }
  analysis = trawl_document_get_analysis (doc);
  phase_mark ("analysis");

  n_ifaces = trawl_capture_file_get_n_interfaces (file);
  digits = g_new0 (guint, MAX (n_ifaces, 1));
  for (guint i = 0; i < n_ifaces; i++)
    digits[i] = time_digits_of (file, i);

  limit = o->count > 0 && o->count < n_frames ? (guint32) o->count : n_frames;
  /* With -Y/-f, limit becomes the number of matching frames. */
  if (!cli_filter_apply (&o->filter, file, analysis, &limit))
    return 2;
  phase_mark ("filter");
  if (o->write_file != NULL)
    return cli_write (o->write_file, o->write_format, file, &o->filter, limit, o->count);

  arena = trawl_arena_new ();
  trawl_packet_init (&pkt, arena);

  if (o->format == OUT_FIELDS && o->fopts.header)
    cli_fields_header (&o->fopts, out);
  if (o->format == OUT_JSON)
    g_string_append (out, "[\n");

  {
    OutputJob job = { o, doc, file, digits, n_ifaces, limit };
    g_autofree guint8 *mask = NULL;
    guint n_workers;

    job.opts.tree = o->verbose || o->format != OUT_TEXT;
    job.opts.columns = wants_summary (o);
    /* frame.protocols only colours the window's rows. */
    job.opts.no_protocols = TRUE;
    job.opts.no_forward_refs = wants_summary (o) && !o->filter.two_pass;
    mask = fields_mask (o, &job.opts.field_mask_bits);
    if (mask != NULL)
      {
        job.opts.field_mask = mask;
        job.opts.depth = trawl_field_mask_depth (mask, job.opts.field_mask_bits);
        job.opts.skip_apps = trawl_field_mask_skippable_apps (mask, job.opts.field_mask_bits);
      }
    n_workers = output_n_workers (&job);

    if (o->quiet)
      ;  /* -q: only the statistics (-z) after the pass */
    else if (n_workers > 1)
      {
        flush_out (out);
        output_parallel (&job, n_workers);
      }
    else
      for (guint32 i = 0; i < limit; i++)
        {
          output_frame (&job, &o->fopts, &pkt, i, out);
          if (out->len >= FLUSH_AT)
            flush_out (out);
        }
  }

  if (o->format == OUT_JSON && !o->quiet)
    g_string_append (out, limit > 0 ? "\n]\n" : "]\n");
  flush_out (out);
  for (guint i = 0; i < o->follows->len; i++)
    cli_follow_print (g_ptr_array_index (o->follows, i), file, analysis, stdout);
  fflush (stdout);
  phase_mark ("output");

  trawl_packet_clear (&pkt);
  trawl_arena_free (arena);

  warning = trawl_capture_file_get_warning (file);
  if (warning != NULL && (o->count == 0 || o->count > n_frames))
    {
      /* tshark also exits with 2 after printing the intact frames. */
      fprintf (stderr, "trawl-cli: %s\n", warning);
      return 2;
    }
  return 0;
}

int
main (int    argc,
      char **argv)
{
  static const struct option long_opts[] = {
    { "help", no_argument, NULL, 'h' },
    { "version", no_argument, NULL, 'v' },
    { "bench-index", no_argument, NULL, 1 },
    { "bench-analysis", no_argument, NULL, 3 },
    { "explain-filter", required_argument, NULL, 2 },
    { NULL, 0, NULL, 0 }
  };
  CliOptions o = { 0 };
  const char *glossary = NULL;
  const char *explain = NULL;
  int c, status;

  setlocale (LC_ALL, "");
  o.fields = g_ptr_array_new ();
  o.capture.interfaces = g_ptr_array_new ();
  o.follows = g_ptr_array_new_with_free_func ((GDestroyNotify) cli_follow_free);
  o.fopts.separator = '\t';
  o.fopts.aggregator = ',';
  o.fopts.occurrence = CLI_OCC_ALL;

  /* "+" stops at the first non-option, like tshark's getopt. */
  while ((c = getopt_long (argc, argv, "+r:c:VxT:e:E:G::Y:f:R:nhv2lw:F:i:Ds:pB:a:b:qz:", long_opts, NULL)) != -1)
    {
      switch (c)
        {
        case 'r': o.read_file = optarg; break;
        case 'c':
          {
            char *end;
            o.count = g_ascii_strtoll (optarg, &end, 10);
            if (*end || o.count <= 0)
              {
                fprintf (stderr, "trawl-cli: The specified packet count \"%s\" isn't a valid positive integer\n", optarg);
                return 1;
              }
          }
          break;
        case 'V': o.verbose = TRUE; break;
        case 'x': o.hex = TRUE; break;
        case 'T':
          if (g_str_equal (optarg, "text"))
            o.format = OUT_TEXT;
          else if (g_str_equal (optarg, "fields"))
            o.format = OUT_FIELDS;
          else if (g_str_equal (optarg, "json"))
            o.format = OUT_JSON;
          else
            {
              fprintf (stderr, "trawl-cli: Invalid -T parameter \"%s\"; it must be one of:\n"
                       "\t\"fields\"  The values of fields specified with the -e option\n"
                       "\t\"json\"    Packet Summary, an JSON-based format\n"
                       "\t\"text\"    Text of a human-readable one-line summary of each packet\n", optarg);
              return 1;
            }
          break;
        case 'e': g_ptr_array_add (o.fields, optarg); break;
        case 'E':
          if (!parse_E (&o, optarg))
            {
              fprintf (stderr, "trawl-cli: \"%s\" is not a valid field output option.\n", optarg);
              return 1;
            }
          break;
        case 'G':
          /* tshark takes "-G fields" as well as "-Gfields". */
          if (optarg == NULL && optind < argc && argv[optind][0] != '-')
            optarg = argv[optind++];
          glossary = optarg ? optarg : "fields";
          break;
        case 'Y': o.filter.display_text = optarg; break;
        case 'R': o.filter.read_filter = optarg; break;
        case '2': o.filter.two_pass = TRUE; break;
        case 'f': o.filter.bpf_text = optarg; break;
        case 'w': o.write_file = optarg; break;
        case 'F': o.write_format = optarg; break;
        case 2: explain = optarg; break;
        case 'n': break;
        case 'l': o.capture.line_buffered = TRUE; break;
        case 'q': o.quiet = TRUE; break;
        case 'i': g_ptr_array_add (o.capture.interfaces, optarg); break;
        case 'D': o.list_interfaces = TRUE; break;
        case 'p': o.capture.no_promisc = TRUE; break;
        case 's':
        case 'B':
          {
            char *end;
            guint64 v = g_ascii_strtoull (optarg, &end, 10);

            if (*end || !g_ascii_isdigit (*optarg) || v == 0 || v > G_MAXINT32)
              {
                fprintf (stderr, "trawl-cli: The specified %s \"%s\" isn't a valid positive integer\n",
                         c == 's' ? "snapshot length" : "buffer size", optarg);
                return 1;
              }
            if (c == 's')
              o.capture.snaplen = (guint) v;
            else
              o.capture.buffer_mib = (guint) v;
          }
          break;
        case 'a':
          if (!cli_capture_parse_autostop (&o.capture, optarg))
            {
              fprintf (stderr, "trawl-cli: Invalid or unknown -a flag \"%s\"\n", optarg);
              return 1;
            }
          break;
        case 'b':
          if (!cli_capture_parse_ring (&o.capture, optarg))
            {
              fprintf (stderr, "trawl-cli: Invalid or unknown -b arg \"%s\"\n", optarg);
              return 1;
            }
          break;
        case 'z':
          if (!cli_add_statistic (&o, optarg))
            return 1;
          break;
        case 'h': usage (stdout); return 0;
        case 'v':
          printf ("trawl-cli (Trawl) %s\n", PACKAGE_VERSION);
          return 0;
        case 1: o.bench_index = TRUE; break;
        case 3: o.bench_analysis = TRUE; break;
        default:
          usage (stderr);
          return 1;
        }
    }
  if (optind < argc)
    {
      fprintf (stderr, "trawl-cli: unexpected argument \"%s\" (filters are not supported yet)\n", argv[optind]);
      return 1;
    }

  trawl_dissectors_init ();

  if (glossary != NULL)
    {
      if (!g_str_equal (glossary, "fields"))
        {
          fprintf (stderr, "trawl-cli: Invalid \"%s\" option for -G flag, only \"fields\" is supported.\n", glossary);
          return 1;
        }
      cli_print_glossary (stdout);
      return 0;
    }

  if (explain != NULL)
    return cli_explain_filter (explain);
  if (o.list_interfaces)
    return cli_capture_list_interfaces ();
  if (o.capture.interfaces->len > 0)
    {
      if (o.read_file != NULL)
        {
          fprintf (stderr, "trawl-cli: -r and -i cannot be used together\n");
          return 1;
        }
      /* -f is the helper's capture filter; -c its packet count. */
      o.capture.filter = o.filter.bpf_text;
      o.filter.bpf_text = NULL;
      if (o.count > 0)
        o.capture.stop_packets = (guint64) o.count;
    }
  status = cli_filter_compile (&o.filter);
  if (status != 0)
    return status;

  if (o.write_format != NULL && !cli_write_check_format (o.write_format))
    return 1;
  if (o.read_file == NULL && o.capture.interfaces->len == 0)
    {
      fprintf (stderr, "trawl-cli: no capture file (-r FILE) or interface (-i IF) given\n");
      return 1;
    }
  if (o.bench_index)
    return run_bench_index (o.read_file);
  if (o.bench_analysis)
    return run_bench_analysis (o.read_file);

  if (o.format == OUT_FIELDS)
    {
      g_autoptr(GString) bad = g_string_new (NULL);
      if (o.fields->len == 0)
        {
          fprintf (stderr, "trawl-cli: \"-Tfields\" was specified, but no fields were specified with \"-e\".\n");
          return 1;
        }
      if (!cli_fields_init (&o.fopts, o.fields, bad))
        {
          fprintf (stderr, "trawl-cli: Some fields aren't valid:\n%s", bad->str);
          cli_fields_clear (&o.fopts);
          return 1;
        }
    }
  else if (o.fields->len > 0)
    {
      fprintf (stderr, "trawl-cli: \"-e\" was specified, but \"-Tfields\" was not.\n");
      return 1;
    }

  status = o.capture.interfaces->len > 0 ? capture (&o) : process (&o);
  cli_filter_clear (&o.filter);
  g_ptr_array_unref (o.capture.interfaces);
  if (o.format == OUT_FIELDS)
    cli_fields_clear (&o.fopts);
  g_ptr_array_unref (o.fields);
  return status;
}
