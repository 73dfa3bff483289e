/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-capture.c: the only Trawl program that holds capture privilege
 *
 *   trawl-capture --list-interfaces [--format=json|keyfile]
 *   trawl-capture -i IF [-i IF...] [-f BPF] [-s SNAPLEN] [-B MiB] [-p] [--immediate]
 *                 [--autostop-packets N] [--autostop-seconds S] [--autostop-kb K]
 *                 --output-fd N [--control-fd N]
 *
 * Packets reach the file within 50 ms of their arrival (libpcap's block
 * timeout) plus the 100 ms flush; --immediate hands each packet over at
 * once, at the cost of drops at high rates (see open_one).
 *
 * It writes pcapng (SHB, one IDB per interface, EPBs, an ISB per interface
 * every second and at the end) to the file descriptor it is handed, never
 * to a path it opens, so the file belongs to the caller.  On the control fd
 * it speaks the framed protocol of trawl-capture-protocol.h.  Every argument
 * is checked before any device is opened; once all are open, every
 * capability is dropped.  It stops, writes the last ISBs and flushes on
 * SIGINT/SIGTERM/SIGHUP, on autostop, when stdin (a pipe or socket) or the
 * control fd reaches EOF or hangs up, on a 'Q' message, and on a write
 * error on the output (EPIPE included).
 *
 * Exit codes (TrawlCaptureExit):
 *   0  stopped normally
 *   1  internal error
 *   2  usage: unknown option, missing or extra argument
 *   3  a number out of range or not a number
 *   4  bad or absent interface name
 *   5  the capture filter does not compile
 *   6  the output or control fd is not open (or not writable)
 *   7  permission denied opening the device (grant capabilities or use pkexec)
 *   8  the device could not be opened for another reason
 *   9  error while capturing (write error, interface gone)
 *  10  could not drop capabilities
 * A refusal is one line on stderr (and an 'E' message when the control fd
 * is usable); nothing is written to the output fd before capture starts.
 */
#define _GNU_SOURCE 1   /* ppoll */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <locale.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gi18n.h>
#include <pcap/pcap.h>

#include "trawl-capture-list.h"
#include "trawl-capture-pcapng.h"
#include "trawl-capture-privs.h"
#include "trawl-capture-protocol.h"

#define MAX_INTERFACES      64
#define MAX_SNAPLEN         262144
#define MAX_BUFFER_MIB      2047
#define MAX_SECONDS         (366 * 24 * 3600)
#define FLUSH_INTERVAL_NS   (100 * G_GUINT64_CONSTANT (1000000))
#define PROGRESS_INTERVAL_NS FLUSH_INTERVAL_NS
#define ISB_INTERVAL_NS     (G_GUINT64_CONSTANT (1000000000))
#define TICK_MS             50
#define BLOCK_TIMEOUT_MS    50

typedef struct
{
  const char      *name;
  pcap_t          *pcap;
  int              fd;
  int              dlt;
  guint32          snaplen;
  gboolean         nano;
  guint64          delivered;
  struct pcap_stat stats;
} Iface;

typedef struct
{
  /* options */
  GPtrArray  *names;
  const char *filter;
  guint64     snaplen;
  guint64     buffer_mib;
  gboolean    no_promisc;
  gboolean    immediate;
  guint64     autostop_packets;
  guint64     autostop_seconds;
  guint64     autostop_kb;
  gint64      output_fd;
  gint64      control_fd;
  gboolean    list;
  TrawlCaptureListFormat list_format;

  /* state */
  Iface          *ifaces;
  guint           n_ifaces;
  TrawlPcapngOut  out;
  gboolean        control_is_socket;
  gboolean        watch_stdin;
  TrawlCaptureDecoder *decoder;
  guint64         packets;
  guint64         start_ns;
  const char     *stop_reason;
  char           *stop_detail;
  int             exit_code;
  guint64         last_progress_packets;
  guint64         last_progress_drops;
} Capture;

static volatile sig_atomic_t got_signal;

static void
on_signal (int signo)
{
  got_signal = signo;
}

/* ---- messages ---- */

/* Writes all of @data to the control fd.  A progress message may be
 * skipped when the parent is not reading (it is cumulative); the others
 * wait up to a second for room. */
static gboolean
control_write (Capture      *cap,
               const guint8 *data,
               gsize         len,
               gboolean      may_skip)
{
  gsize done = 0;

  while (done < len)
    {
      ssize_t n;

      if (cap->control_is_socket)
        n = send (cap->control_fd, data + done, len - done, MSG_DONTWAIT | MSG_NOSIGNAL);
      else
        n = write (cap->control_fd, data + done, len - done);
      if (n > 0)
        {
          done += n;
          continue;
        }
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        {
          struct pollfd pfd = { (int) cap->control_fd, POLLOUT, 0 };

          if (done == 0 && may_skip)
            return FALSE;
          if (poll (&pfd, 1, 1000) <= 0)
            return FALSE;
          continue;
        }
      return FALSE;
    }
  return TRUE;
}

static void
control_send (Capture    *cap,
              guint8      type,
              const char *text,
              gboolean    may_skip)
{
  g_autoptr(GByteArray) msg = g_byte_array_new ();
  gsize len = MIN (strlen (text), TRAWL_CAPTURE_MSG_MAX_PAYLOAD);

  if (cap->control_fd < 0)
    return;
  /* Cut at a character boundary so the payload stays UTF-8. */
  while (len > 0 && !g_utf8_validate (text, len, NULL))
    len--;
  if (trawl_capture_msg_encode (msg, type, text, len))
    control_write (cap, msg->data, msg->len, may_skip);
}

/* One line on stderr and an 'E' message; returns @code for the caller. */
G_GNUC_PRINTF (3, 4)
static int
refuse (Capture    *cap,
        int         code,
        const char *format,
        ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  /* One line, whatever the hostile argument quoted in it holds. */
  for (char *c = text; *c; c++)
    if ((guchar) *c < 0x20 || *c == 0x7f)
      *c = ' ';
  fprintf (stderr, "trawl-capture: %s\n", text);
  if (cap)
    control_send (cap, TRAWL_CAPTURE_MSG_ERROR, text, FALSE);
  return code;
}

/* ---- option parsing ---- */

enum
{
  OPT_LIST = 256,
  OPT_FORMAT,
  OPT_AUTOSTOP_PACKETS,
  OPT_AUTOSTOP_SECONDS,
  OPT_AUTOSTOP_KB,
  OPT_OUTPUT_FD,
  OPT_CONTROL_FD,
  OPT_VERSION,
  OPT_IMMEDIATE,
};

static const struct option long_options[] = {
  { "interface", required_argument, NULL, 'i' },
  { "filter", required_argument, NULL, 'f' },
  { "snaplen", required_argument, NULL, 's' },
  { "buffer-size", required_argument, NULL, 'B' },
  { "no-promiscuous", no_argument, NULL, 'p' },
  { "list-interfaces", no_argument, NULL, OPT_LIST },
  { "format", required_argument, NULL, OPT_FORMAT },
  { "autostop-packets", required_argument, NULL, OPT_AUTOSTOP_PACKETS },
  { "autostop-seconds", required_argument, NULL, OPT_AUTOSTOP_SECONDS },
  { "autostop-kb", required_argument, NULL, OPT_AUTOSTOP_KB },
  { "output-fd", required_argument, NULL, OPT_OUTPUT_FD },
  { "control-fd", required_argument, NULL, OPT_CONTROL_FD },
  { "version", no_argument, NULL, OPT_VERSION },
  { "immediate", no_argument, NULL, OPT_IMMEDIATE },
  { "help", no_argument, NULL, 'h' },
  { NULL, 0, NULL, 0 },
};

/* Decimal digits only (no sign, no space), within [min, max]. */
static gboolean
parse_number (const char *text,
              guint64     min,
              guint64     max,
              guint64    *out)
{
  guint64 v = 0;

  if (text == NULL || *text == '\0' || strlen (text) > 20)
    return FALSE;
  for (const char *p = text; *p; p++)
    {
      if (!g_ascii_isdigit (*p) || v > (G_MAXUINT64 - (*p - '0')) / 10)
        return FALSE;
      v = v * 10 + (*p - '0');
    }
  if (v < min || v > max)
    return FALSE;
  *out = v;
  return TRUE;
}

static int
parse_number_option (const char *option,
                     const char *text,
                     guint64     min,
                     guint64     max,
                     guint64    *out)
{
  if (parse_number (text, min, max, out))
    return 0;
  return refuse (NULL, TRAWL_CAPTURE_EXIT_NUMBER,
                 _("%s: “%.40s” is not a number from %" G_GUINT64_FORMAT " to %" G_GUINT64_FORMAT),
                 option, text, min, max);
}

static int
parse_one (Capture    *cap,
           int         c,
           const char *arg)
{
  guint64 v;
  int rc;

  switch (c)
    {
    case 'i':
      if (cap->names->len >= MAX_INTERFACES)
        return refuse (NULL, TRAWL_CAPTURE_EXIT_USAGE, _("at most %d interfaces"), MAX_INTERFACES);
      g_ptr_array_add (cap->names, (gpointer) arg);
      return 0;
    case 'f':
      if (cap->filter != NULL)
        return refuse (NULL, TRAWL_CAPTURE_EXIT_USAGE, _("-f given twice"));
      if (strlen (arg) > 60000)
        return refuse (NULL, TRAWL_CAPTURE_EXIT_FILTER, _("the capture filter is too long"));
      cap->filter = arg;
      return 0;
    case 's':
      return parse_number_option ("-s", arg, 1, MAX_SNAPLEN, &cap->snaplen);
    case 'B':
      return parse_number_option ("-B", arg, 1, MAX_BUFFER_MIB, &cap->buffer_mib);
    case 'p':
      cap->no_promisc = TRUE;
      return 0;
    case OPT_LIST:
      cap->list = TRUE;
      return 0;
    case OPT_IMMEDIATE:
      cap->immediate = TRUE;
      return 0;
    case OPT_FORMAT:
      if (strcmp (arg, "json") == 0)
        cap->list_format = TRAWL_CAPTURE_LIST_JSON;
      else if (strcmp (arg, "keyfile") == 0)
        cap->list_format = TRAWL_CAPTURE_LIST_KEYFILE;
      else
        return refuse (NULL, TRAWL_CAPTURE_EXIT_USAGE, _("--format must be json or keyfile"));
      return 0;
    case OPT_AUTOSTOP_PACKETS:
      return parse_number_option ("--autostop-packets", arg, 1, G_MAXINT64, &cap->autostop_packets);
    case OPT_AUTOSTOP_SECONDS:
      return parse_number_option ("--autostop-seconds", arg, 1, MAX_SECONDS, &cap->autostop_seconds);
    case OPT_AUTOSTOP_KB:
      return parse_number_option ("--autostop-kb", arg, 1, G_MAXINT64 / 1000, &cap->autostop_kb);
    case OPT_OUTPUT_FD:
    case OPT_CONTROL_FD:
      rc = parse_number_option (c == OPT_OUTPUT_FD ? "--output-fd" : "--control-fd",
                                arg, 0, G_MAXINT, &v);
      if (rc == 0)
        *(c == OPT_OUTPUT_FD ? &cap->output_fd : &cap->control_fd) = v;
      return rc;
    default:
      return refuse (NULL, TRAWL_CAPTURE_EXIT_INTERNAL, "unexpected option");
    }
}

static int
parse_args (Capture  *cap,
            int       argc,
            char    **argv)
{
  int c;

  opterr = 0;
  /* '+': stop at the first non-option, so nothing is permuted silently. */
  while ((c = getopt_long (argc, argv, "+:i:f:s:B:ph", long_options, NULL)) != -1)
    {
      int rc;

      if (c == '?')
        {
          if (optopt)
            return refuse (NULL, TRAWL_CAPTURE_EXIT_USAGE, _("unknown option -%c"), optopt);
          return refuse (NULL, TRAWL_CAPTURE_EXIT_USAGE, _("unknown option %.60s"), argv[optind - 1]);
        }
      if (c == ':')
        return refuse (NULL, TRAWL_CAPTURE_EXIT_USAGE, _("option %.60s needs a value"),
                       argv[optind - 1]);
      if (c == 'h')
        {
          fputs (_("usage: trawl-capture --list-interfaces [--format=json|keyfile]\n"
                   "       trawl-capture -i IF [-i IF...] [-f FILTER] [-s SNAPLEN] [-B MiB] [-p]\n"
                   "                     [--immediate] [--autostop-packets N] [--autostop-seconds S]\n"
                   "                     [--autostop-kb K] --output-fd N [--control-fd N]\n"), stdout);
          exit (0);
        }
      if (c == OPT_VERSION)
        {
          printf ("trawl-capture %s\n", PACKAGE_VERSION);
          exit (0);
        }
      if ((rc = parse_one (cap, c, optarg)) != 0)
        return rc;
    }
  if (optind < argc)
    return refuse (NULL, TRAWL_CAPTURE_EXIT_USAGE, _("unexpected argument “%.60s”"), argv[optind]);
  return 0;
}

/* ---- validation (before any device is opened) ---- */

static int
check_fds (Capture *cap)
{
  int fl;
  struct stat st;

  if (cap->output_fd < 0)
    return refuse (NULL, TRAWL_CAPTURE_EXIT_USAGE, _("--output-fd is required"));
  fl = fcntl (cap->output_fd, F_GETFL);
  if (fl < 0)
    return refuse (NULL, TRAWL_CAPTURE_EXIT_FD, _("output fd %d is not open"), (int) cap->output_fd);
  if ((fl & O_ACCMODE) != O_WRONLY && (fl & O_ACCMODE) != O_RDWR)
    return refuse (NULL, TRAWL_CAPTURE_EXIT_FD, _("output fd %d is not open for writing"),
                   (int) cap->output_fd);
  if (cap->control_fd < 0)
    return 0;
  if (cap->control_fd == cap->output_fd)
    return refuse (NULL, TRAWL_CAPTURE_EXIT_FD, _("the control fd cannot be the output fd"));
  fl = fcntl (cap->control_fd, F_GETFL);
  if (fl < 0 || fstat (cap->control_fd, &st) < 0)
    {
      gint64 fd = cap->control_fd;

      cap->control_fd = -1;
      return refuse (NULL, TRAWL_CAPTURE_EXIT_FD, _("control fd %d is not open"), (int) fd);
    }
  if ((fl & O_ACCMODE) == O_RDONLY)
    {
      gint64 fd = cap->control_fd;

      cap->control_fd = -1;
      return refuse (NULL, TRAWL_CAPTURE_EXIT_FD, _("control fd %d is not open for writing"), (int) fd);
    }
  cap->control_is_socket = S_ISSOCK (st.st_mode);
  return 0;
}

static int
check_interfaces (Capture *cap)
{
  if (cap->names->len == 0)
    return refuse (cap, TRAWL_CAPTURE_EXIT_USAGE, _("no interface given (-i)"));
  for (guint i = 0; i < cap->names->len; i++)
    {
      const char *name = g_ptr_array_index (cap->names, i);

      if (!trawl_capture_interface_name_is_valid (name))
        return refuse (cap, TRAWL_CAPTURE_EXIT_INTERFACE,
                       _("“%.40s” is not a valid interface name"), name);
      if (strcmp (name, "any") != 0 && if_nametoindex (name) == 0)
        return refuse (cap, TRAWL_CAPTURE_EXIT_INTERFACE, _("no interface named “%s”"), name);
      for (guint j = 0; j < i; j++)
        if (strcmp (name, g_ptr_array_index (cap->names, j)) == 0)
          return refuse (cap, TRAWL_CAPTURE_EXIT_INTERFACE, _("interface “%s” given twice"), name);
    }
  return 0;
}

/* Compiles the filter for @dlt on a dead handle: no privilege needed. */
static int
compile_filter (Capture            *cap,
                pcap_t             *live,
                int                 dlt,
                const char         *name,
                struct bpf_program *prog)
{
  pcap_t *p = live ? live : pcap_open_dead (dlt, cap->snaplen);
  int rc = 0;

  if (p == NULL)
    return refuse (cap, TRAWL_CAPTURE_EXIT_INTERNAL, "pcap_open_dead failed");
  if (pcap_compile (p, prog, cap->filter, 1, PCAP_NETMASK_UNKNOWN) < 0)
    rc = refuse (cap, TRAWL_CAPTURE_EXIT_FILTER, _("capture filter for %s: %s"),
                 name, pcap_geterr (p));
  if (live == NULL)
    pcap_close (p);
  return rc;
}

static int
check_filter (Capture *cap)
{
  if (cap->filter == NULL)
    return 0;
  for (guint i = 0; i < cap->names->len; i++)
    {
      const char *name = g_ptr_array_index (cap->names, i);
      struct bpf_program prog;
      int rc = compile_filter (cap, NULL, trawl_capture_guess_dlt (name), name, &prog);

      if (rc != 0)
        return rc;
      pcap_freecode (&prog);
    }
  return 0;
}

/* ---- opening the devices ---- */

static int
activate_error (Capture    *cap,
                Iface      *iface,
                int         rc)
{
  const char *detail = pcap_geterr (iface->pcap);

  switch (rc)
    {
    case PCAP_ERROR_PERM_DENIED:
    case PCAP_ERROR_PROMISC_PERM_DENIED:
      return refuse (cap, TRAWL_CAPTURE_EXIT_PERMISSION,
                     _("permission denied opening %s: %s (grant capture rights with "
                       "tools/enable-capture.sh, or capture through pkexec)"),
                     iface->name, detail);
    case PCAP_ERROR_NO_SUCH_DEVICE:
      return refuse (cap, TRAWL_CAPTURE_EXIT_INTERFACE, _("no interface named “%s”"), iface->name);
    default:
      return refuse (cap, TRAWL_CAPTURE_EXIT_DEVICE, _("cannot open %s: %s"), iface->name,
                     *detail ? detail : pcap_statustostr (rc));
    }
}

static int
open_one (Capture *cap,
          Iface   *iface)
{
  char errbuf[PCAP_ERRBUF_SIZE] = "";
  int rc;

  iface->pcap = pcap_create (iface->name, errbuf);
  if (iface->pcap == NULL)
    return refuse (cap, TRAWL_CAPTURE_EXIT_DEVICE, _("cannot open %s: %s"), iface->name, errbuf);
  pcap_set_snaplen (iface->pcap, cap->snaplen);
  pcap_set_promisc (iface->pcap, !cap->no_promisc);
  /* Without --immediate, libpcap uses TPACKET_V3 blocks handed over when
   * full or after BLOCK_TIMEOUT_MS: no drops at top speed where immediate
   * mode (TPACKET_V2, one snaplen-sized slot per packet) drops 5%
   * (tests/bench/run-capture-bench.sh), for at most 50 ms more latency. */
  pcap_set_timeout (iface->pcap, BLOCK_TIMEOUT_MS);
  pcap_set_immediate_mode (iface->pcap, cap->immediate);
  pcap_set_buffer_size (iface->pcap, (int) (cap->buffer_mib << 20));
  pcap_set_tstamp_precision (iface->pcap, PCAP_TSTAMP_PRECISION_NANO);
  rc = pcap_activate (iface->pcap);
  if (rc < 0)
    return activate_error (cap, iface, rc);
  iface->nano = pcap_get_tstamp_precision (iface->pcap) == PCAP_TSTAMP_PRECISION_NANO;
  iface->dlt = pcap_datalink (iface->pcap);
  iface->snaplen = pcap_snapshot (iface->pcap);
  return 0;
}

/* After the capabilities are gone: the filter for the real link type,
 * non-blocking reads and the fd to poll. */
static int
prepare_one (Capture *cap,
             Iface   *iface)
{
  if (cap->filter != NULL)
    {
      struct bpf_program prog;
      int rc = compile_filter (cap, iface->pcap, iface->dlt, iface->name, &prog);

      if (rc != 0)
        return rc;
      rc = pcap_setfilter (iface->pcap, &prog);
      pcap_freecode (&prog);
      if (rc < 0)
        return refuse (cap, TRAWL_CAPTURE_EXIT_FILTER, _("capture filter for %s: %s"),
                       iface->name, pcap_geterr (iface->pcap));
    }
  if (pcap_setnonblock (iface->pcap, 1, NULL) < 0
      || (iface->fd = pcap_get_selectable_fd (iface->pcap)) < 0)
    return refuse (cap, TRAWL_CAPTURE_EXIT_DEVICE, _("cannot poll %s"), iface->name);
  return 0;
}

static int
open_devices (Capture *cap)
{
  int rc;

  cap->n_ifaces = cap->names->len;
  cap->ifaces = g_new0 (Iface, cap->n_ifaces);
  for (guint i = 0; i < cap->n_ifaces; i++)
    {
      cap->ifaces[i].name = g_ptr_array_index (cap->names, i);
      cap->ifaces[i].fd = -1;
      if ((rc = open_one (cap, &cap->ifaces[i])) != 0)
        return rc;
    }
  if (!trawl_capture_drop_privileges ())
    return refuse (cap, TRAWL_CAPTURE_EXIT_PRIVILEGE, _("cannot drop capabilities: %s"),
                   g_strerror (errno));
  for (guint i = 0; i < cap->n_ifaces; i++)
    if ((rc = prepare_one (cap, &cap->ifaces[i])) != 0)
      return rc;
  return 0;
}

/* ---- capturing ---- */

static guint64
now_ns (clockid_t clock)
{
  struct timespec ts;

  clock_gettime (clock, &ts);
  return (guint64) ts.tv_sec * 1000000000u + ts.tv_nsec;
}

static void
on_packet (u_char                   *user,
           const struct pcap_pkthdr *h,
           const u_char             *bytes)
{
  Capture *cap = (Capture *) ((gpointer *) user)[0];
  Iface *iface = ((gpointer *) user)[1];
  guint64 ts = (guint64) h->ts.tv_sec * 1000000000u
               + (guint64) h->ts.tv_usec * (iface->nano ? 1 : 1000);

  trawl_pcapng_write_epb (&cap->out, iface - cap->ifaces, ts, h->caplen, h->len, bytes);
  iface->delivered++;
  cap->packets++;
}

static void
write_header (Capture *cap)
{
  g_autoptr(GString) started = g_string_new (NULL);

  trawl_pcapng_write_shb (&cap->out, "trawl-capture " PACKAGE_VERSION);
  for (guint i = 0; i < cap->n_ifaces; i++)
    {
      Iface *iface = &cap->ifaces[i];
      guint16 lt = trawl_capture_dlt_to_linktype (iface->dlt);

      trawl_pcapng_write_idb (&cap->out, lt, iface->snaplen, iface->name, cap->filter);
      g_string_append_printf (started, "%s\t%u\t%u\n", iface->name, lt, iface->snaplen);
    }
  trawl_pcapng_out_flush (&cap->out);
  control_send (cap, TRAWL_CAPTURE_MSG_STARTED, started->str, FALSE);
}

static void
write_statistics (Capture *cap)
{
  guint64 ts = now_ns (CLOCK_REALTIME);

  for (guint i = 0; i < cap->n_ifaces; i++)
    {
      Iface *iface = &cap->ifaces[i];

      pcap_stats (iface->pcap, &iface->stats);
      trawl_pcapng_write_isb (&cap->out, i, ts, cap->start_ns, iface->stats.ps_recv,
                              iface->stats.ps_drop, iface->delivered);
    }
}

/* A progress message when something changed, after flushing the packets
 * it counts. */
static void
send_progress (Capture  *cap,
               gboolean  force)
{
  g_autoptr(GString) s = g_string_new (NULL);
  guint64 drops = 0;

  for (guint i = 0; i < cap->n_ifaces; i++)
    {
      pcap_stats (cap->ifaces[i].pcap, &cap->ifaces[i].stats);
      drops += cap->ifaces[i].stats.ps_drop + cap->ifaces[i].stats.ps_ifdrop;
    }
  if (!force && cap->packets == cap->last_progress_packets && drops == cap->last_progress_drops)
    return;
  if (!trawl_pcapng_out_flush (&cap->out))
    return;
  cap->last_progress_packets = cap->packets;
  cap->last_progress_drops = drops;
  g_string_append_printf (s, "packets=%" G_GUINT64_FORMAT " filesize=%" G_GUINT64_FORMAT "\n",
                          cap->packets, cap->out.written);
  for (guint i = 0; i < cap->n_ifaces; i++)
    g_string_append_printf (s, "if=%s recv=%u drop=%u ifdrop=%u\n", cap->ifaces[i].name,
                            cap->ifaces[i].stats.ps_recv, cap->ifaces[i].stats.ps_drop,
                            cap->ifaces[i].stats.ps_ifdrop);
  control_send (cap, TRAWL_CAPTURE_MSG_PROGRESS, s->str, !force);
}

static void
stop (Capture    *cap,
      const char *reason)
{
  if (cap->stop_reason == NULL)
    cap->stop_reason = reason;
}

/* Reads what the parent sent: 'Q' stops, EOF or garbage closes. */
static void
read_control (Capture *cap,
              short    revents)
{
  guint8 buf[4096];
  ssize_t n;

  if (!(revents & POLLIN))
    {
      stop (cap, "control channel closed");
      return;
    }
  n = read (cap->control_fd, buf, sizeof buf);
  if (n < 0 && (errno == EINTR || errno == EAGAIN))
    return;
  if (n <= 0)
    {
      stop (cap, "control channel closed");
      return;
    }
  trawl_capture_decoder_push (cap->decoder, buf, n);
  for (;;)
    {
      guint8 type;
      g_autoptr(GError) error = NULL;

      if (!trawl_capture_decoder_next (cap->decoder, &type, NULL, NULL, &error))
        {
          if (error)
            stop (cap, "control channel closed");
          return;
        }
      if (type == TRAWL_CAPTURE_MSG_QUIT)
        stop (cap, "stopped");
    }
}

static void
read_stdin (Capture *cap,
            short    revents)
{
  guint8 buf[512];
  ssize_t n;

  if (!(revents & POLLIN))
    {
      stop (cap, "stdin closed");
      return;
    }
  n = read (STDIN_FILENO, buf, sizeof buf);
  if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN))
    stop (cap, "stdin closed");
}

static void
dispatch (Capture *cap,
          Iface   *iface)
{
  gpointer user[2] = { cap, iface };
  int cnt = -1;
  int rc;

  if (cap->autostop_packets)
    cnt = (int) MIN (cap->autostop_packets - cap->packets, (guint64) G_MAXINT);
  rc = pcap_dispatch (iface->pcap, cnt, on_packet, (u_char *) user);
  if (rc == PCAP_ERROR)
    {
      refuse (cap, TRAWL_CAPTURE_EXIT_CAPTURE, _("capture on %s failed: %s"),
              iface->name, pcap_geterr (iface->pcap));
      cap->exit_code = TRAWL_CAPTURE_EXIT_CAPTURE;
      stop (cap, "error");
    }
}

static void
check_autostop (Capture *cap,
                guint64  elapsed_ns)
{
  if (cap->autostop_packets && cap->packets >= cap->autostop_packets)
    stop (cap, "autostop: packets");
  else if (cap->autostop_kb && trawl_pcapng_out_size (&cap->out) >= cap->autostop_kb * 1000)
    stop (cap, "autostop: filesize");
  else if (cap->autostop_seconds && elapsed_ns >= cap->autostop_seconds * 1000000000u)
    stop (cap, "autostop: duration");
}

static void
run_loop (Capture *cap)
{
  g_autofree struct pollfd *pfds = g_new0 (struct pollfd, cap->n_ifaces + 2);
  guint64 last_flush = now_ns (CLOCK_MONOTONIC);
  guint64 last_progress = last_flush, last_isb = last_flush;
  guint64 start_mono = last_flush;
  sigset_t unblocked;

  sigemptyset (&unblocked);
  while (cap->stop_reason == NULL)
    {
      struct timespec tick = { 0, TICK_MS * 1000000 };
      guint n = 0, ctl = 0, in = 0;
      guint64 now;

      for (guint i = 0; i < cap->n_ifaces; i++)
        pfds[n++] = (struct pollfd) { cap->ifaces[i].fd, POLLIN, 0 };
      if (cap->control_fd >= 0)
        {
          ctl = n;
          pfds[n++] = (struct pollfd) { (int) cap->control_fd, cap->control_is_socket ? POLLIN : 0, 0 };
        }
      if (cap->watch_stdin)
        {
          in = n;
          pfds[n++] = (struct pollfd) { STDIN_FILENO, POLLIN, 0 };
        }
      /* Signals are blocked except inside ppoll: none is lost between
       * the check of got_signal and the wait. */
      if (ppoll (pfds, n, &tick, &unblocked) < 0 && errno != EINTR)
        break;
      if (got_signal)
        {
          stop (cap, "signal");
          break;
        }
      for (guint i = 0; i < cap->n_ifaces && cap->stop_reason == NULL; i++)
        if (pfds[i].revents)
          dispatch (cap, &cap->ifaces[i]);
      if (cap->control_fd >= 0 && pfds[ctl].revents)
        read_control (cap, pfds[ctl].revents);
      if (cap->watch_stdin && pfds[in].revents)
        read_stdin (cap, pfds[in].revents);

      now = now_ns (CLOCK_MONOTONIC);
      check_autostop (cap, now - start_mono);

      if (now - last_isb >= ISB_INTERVAL_NS)
        {
          write_statistics (cap);
          last_isb = now;
        }
      if (now - last_progress >= PROGRESS_INTERVAL_NS)
        {
          send_progress (cap, FALSE);
          last_progress = now;
        }
      if (now - last_flush >= FLUSH_INTERVAL_NS)
        {
          trawl_pcapng_out_flush (&cap->out);
          last_flush = now;
        }
      if (cap->out.error)
        {
          cap->stop_detail = g_strdup_printf ("write error: %s", g_strerror (cap->out.error));
          cap->exit_code = TRAWL_CAPTURE_EXIT_CAPTURE;
          stop (cap, cap->stop_detail);
        }
    }
}

static void
finish (Capture *cap)
{
  write_statistics (cap);
  trawl_pcapng_out_flush (&cap->out);
  if (cap->out.error && cap->stop_detail == NULL)
    {
      cap->stop_detail = g_strdup_printf ("write error: %s", g_strerror (cap->out.error));
      cap->stop_reason = cap->stop_detail;
      cap->exit_code = TRAWL_CAPTURE_EXIT_CAPTURE;
    }
  send_progress (cap, TRUE);
  control_send (cap, TRAWL_CAPTURE_MSG_STOPPED, cap->stop_reason ? cap->stop_reason : "stopped",
                FALSE);
}

static void
setup_signals (void)
{
  struct sigaction sa = { 0 };
  sigset_t block;

  sa.sa_handler = on_signal;
  sigemptyset (&sa.sa_mask);
  sigaction (SIGINT, &sa, NULL);
  sigaction (SIGTERM, &sa, NULL);
  sigaction (SIGHUP, &sa, NULL);
  signal (SIGPIPE, SIG_IGN);
  sigemptyset (&block);
  sigaddset (&block, SIGINT);
  sigaddset (&block, SIGTERM);
  sigaddset (&block, SIGHUP);
  sigprocmask (SIG_BLOCK, &block, NULL);
}

/* stdin is watched for EOF only when it is a pipe or a socket (a terminal
 * or /dev/null says nothing about the parent). */
static gboolean
stdin_is_watchable (Capture *cap)
{
  struct stat st;

  if (cap->control_fd == STDIN_FILENO || cap->output_fd == STDIN_FILENO)
    return FALSE;
  if (fstat (STDIN_FILENO, &st) < 0)
    return FALSE;
  return S_ISFIFO (st.st_mode) || S_ISSOCK (st.st_mode);
}

static int
run (Capture  *cap,
     int       argc,
     char    **argv)
{
  int rc;

  if ((rc = parse_args (cap, argc, argv)) != 0)
    return rc;
  if (cap->list)
    return trawl_capture_list_interfaces (cap->list_format);
  if ((rc = check_fds (cap)) != 0
      || (rc = check_interfaces (cap)) != 0
      || (rc = check_filter (cap)) != 0)
    return rc;

  setup_signals ();
  if ((rc = open_devices (cap)) != 0)
    return rc;

  cap->watch_stdin = stdin_is_watchable (cap);
  cap->decoder = trawl_capture_decoder_new ();
  cap->start_ns = now_ns (CLOCK_REALTIME);
  trawl_pcapng_out_init (&cap->out, cap->output_fd);
  write_header (cap);
  run_loop (cap);
  finish (cap);
  return cap->exit_code;
}

int
main (int    argc,
      char **argv)
{
  Capture cap = {
    .snaplen = MAX_SNAPLEN,
    .buffer_mib = 2,
    .output_fd = -1,
    .control_fd = -1,
  };
  int rc;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  cap.names = g_ptr_array_new ();
  rc = run (&cap, argc, argv);

  for (guint i = 0; i < cap.n_ifaces; i++)
    if (cap.ifaces[i].pcap)
      pcap_close (cap.ifaces[i].pcap);
  g_free (cap.ifaces);
  g_ptr_array_unref (cap.names);
  trawl_pcapng_out_clear (&cap.out);
  trawl_capture_decoder_free (cap.decoder);
  g_free (cap.stop_detail);
  return rc;
}
