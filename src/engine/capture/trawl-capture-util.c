/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-capture-util.c: helper lookup, filter check, interface counters */
#include "config.h"

#include "trawl-capture-util.h"

#include <pcap/pcap.h>

#include "trawl-capture-protocol.h"

G_DEFINE_QUARK (trawl-capture-error-quark, trawl_capture_error)

#define LINKTYPE_RAW 101
#define SYSFS_NET    "/sys/class/net"

const char *
trawl_capture_get_helper_path (void)
{
  const char *env = g_getenv ("TRAWL_CAPTURE_HELPER");

  if (env != NULL && *env != '\0')
    return env;
  return LIBEXECDIR G_DIR_SEPARATOR_S "trawl-capture";
}

/* libpcap's compiler speaks DLTs; they differ from LINKTYPEs only for a few. */
static int
linktype_to_dlt (guint32 linktype)
{
  return linktype == LINKTYPE_RAW ? DLT_RAW : (int) linktype;
}

gboolean
trawl_capture_check_filter (const char *filter,
                            guint32     linktype,
                            GError    **error)
{
  static GMutex lock;   /* pcap_compile was not thread-safe before 1.8 */
  struct bpf_program prog;
  pcap_t *dead;
  gboolean ok;

  g_return_val_if_fail (filter != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  dead = pcap_open_dead (linktype_to_dlt (linktype), 262144);
  if (dead == NULL)
    {
      g_set_error (error, TRAWL_CAPTURE_ERROR, TRAWL_CAPTURE_ERROR_FILTER,
                   "libpcap cannot compile for link type %u", linktype);
      return FALSE;
    }
  g_mutex_lock (&lock);
  ok = pcap_compile (dead, &prog, filter, 1, PCAP_NETMASK_UNKNOWN) == 0;
  g_mutex_unlock (&lock);
  if (ok)
    pcap_freecode (&prog);
  else
    g_set_error_literal (error, TRAWL_CAPTURE_ERROR, TRAWL_CAPTURE_ERROR_FILTER, pcap_geterr (dead));
  pcap_close (dead);
  return ok;
}

static gboolean
read_counter (const char *name,
              const char *counter,
              guint64    *value,
              GError    **error)
{
  g_autofree char *path = g_build_filename (SYSFS_NET, name, "statistics", counter, NULL);
  g_autofree char *text = NULL;
  char *end = NULL;

  if (!g_file_get_contents (path, &text, NULL, error))
    return FALSE;
  *value = g_ascii_strtoull (text, &end, 10);
  if (end == text)
    {
      g_set_error (error, TRAWL_CAPTURE_ERROR, TRAWL_CAPTURE_ERROR_FAILED,
                   "unreadable counter %s", path);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_one (const char          *name,
          TrawlCaptureIfStats *stats,
          GError             **error)
{
  return read_counter (name, "rx_packets", &stats->rx_packets, error)
         && read_counter (name, "rx_bytes", &stats->rx_bytes, error)
         && read_counter (name, "rx_dropped", &stats->rx_dropped, error)
         && read_counter (name, "tx_packets", &stats->tx_packets, error)
         && read_counter (name, "tx_bytes", &stats->tx_bytes, error);
}

static gboolean
read_all (TrawlCaptureIfStats *stats,
          GError             **error)
{
  g_autoptr(GDir) dir = g_dir_open (SYSFS_NET, 0, error);
  const char *name;

  if (dir == NULL)
    return FALSE;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      TrawlCaptureIfStats one = { 0 };

      if (!trawl_capture_interface_name_is_valid (name) || !read_one (name, &one, NULL))
        continue;
      stats->rx_packets += one.rx_packets;
      stats->rx_bytes += one.rx_bytes;
      stats->rx_dropped += one.rx_dropped;
      stats->tx_packets += one.tx_packets;
      stats->tx_bytes += one.tx_bytes;
    }
  return TRUE;
}

gboolean
trawl_capture_read_interface_stats (const char          *name,
                                    TrawlCaptureIfStats *stats,
                                    GError             **error)
{
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (stats != NULL, FALSE);

  *stats = (TrawlCaptureIfStats) { 0 };
  if (g_strcmp0 (name, "any") == 0)
    return read_all (stats, error);
  /* The name goes into a path: the helper's own rule keeps it inside sysfs. */
  if (!trawl_capture_interface_name_is_valid (name))
    {
      g_set_error (error, TRAWL_CAPTURE_ERROR, TRAWL_CAPTURE_ERROR_INVALID,
                   "“%s” is not a valid interface name", name);
      return FALSE;
    }
  return read_one (name, stats, error);
}
