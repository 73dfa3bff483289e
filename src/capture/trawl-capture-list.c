/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-capture-list.c: --list-interfaces, as JSON or as a GKeyFile
 *
 * Only interfaces the capture options would accept are listed (a name
 * that passes the name rule and that the kernel knows, or "any"), so a
 * caller never offers one that the helper then refuses.  Link types come
 * from opening the device when the helper may (as dumpcap -L does), else
 * from the kernel's interface type; "linktypes-probed" says which.
 */
#include "config.h"

#include "trawl-capture-list.h"

#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include <pcap/pcap.h>

#include "trawl-capture-protocol.h"

#define ARPHRD_ETHER_    1
#define ARPHRD_TUNNEL_   768
#define ARPHRD_TUNNEL6_  769
#define ARPHRD_SIT_      776
#define ARPHRD_IPGRE_    778
#define ARPHRD_LOOPBACK_ 772
#define ARPHRD_NONE_     65534

guint16
trawl_capture_dlt_to_linktype (int dlt)
{
  /* The few DLTs whose pcap-file number differs (pcap-common.c). */
  switch (dlt)
    {
#ifdef DLT_RAW
    case DLT_RAW:
#endif
    case 14:
      return 101;   /* LINKTYPE_RAW */
    default:
      return (guint16) dlt;
    }
}

int
trawl_capture_guess_dlt (const char *name)
{
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  gint64 type;

  if (strcmp (name, "any") == 0)
    return DLT_LINUX_SLL;
  path = g_strdup_printf ("/sys/class/net/%s/type", name);
  if (!g_file_get_contents (path, &text, NULL, NULL))
    return DLT_EN10MB;
  type = g_ascii_strtoll (text, NULL, 10);
  switch (type)
    {
    case ARPHRD_TUNNEL_:
    case ARPHRD_TUNNEL6_:
    case ARPHRD_SIT_:
    case ARPHRD_IPGRE_:
    case ARPHRD_NONE_:
      return DLT_RAW;
    case ARPHRD_ETHER_:
    case ARPHRD_LOOPBACK_:
    default:
      return DLT_EN10MB;
    }
}

typedef struct
{
  char     *name;
  char     *description;
  GPtrArray *addresses;
  guint     flags;
  GArray   *dlts;
  gboolean  probed;
} Iface;

static void
iface_free (Iface *iface)
{
  g_free (iface->name);
  g_free (iface->description);
  g_ptr_array_unref (iface->addresses);
  g_array_unref (iface->dlts);
  g_free (iface);
}

static void
add_address (GPtrArray             *out,
             const struct sockaddr *sa)
{
  char buf[INET6_ADDRSTRLEN];

  if (sa == NULL)
    return;
  if (sa->sa_family == AF_INET
      && inet_ntop (AF_INET, &((const struct sockaddr_in *) sa)->sin_addr, buf, sizeof buf))
    g_ptr_array_add (out, g_strdup (buf));
  else if (sa->sa_family == AF_INET6
           && inet_ntop (AF_INET6, &((const struct sockaddr_in6 *) sa)->sin6_addr, buf, sizeof buf))
    g_ptr_array_add (out, g_strdup (buf));
}

static void
probe_dlts (Iface *iface)
{
  char errbuf[PCAP_ERRBUF_SIZE] = "";
  pcap_t *h = pcap_create (iface->name, errbuf);
  int *list = NULL;
  int n;

  if (h != NULL && pcap_activate (h) >= 0 && (n = pcap_list_datalinks (h, &list)) > 0)
    {
      g_array_append_vals (iface->dlts, list, n);
      iface->probed = TRUE;
    }
  if (list)
    pcap_free_datalinks (list);
  if (h)
    pcap_close (h);
  if (!iface->probed)
    {
      int dlt = trawl_capture_guess_dlt (iface->name);

      g_array_append_val (iface->dlts, dlt);
    }
}

static GPtrArray *
collect (void)
{
  char errbuf[PCAP_ERRBUF_SIZE] = "";
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) iface_free);
  pcap_if_t *all = NULL;

  if (pcap_findalldevs (&all, errbuf) < 0)
    {
      fprintf (stderr, "trawl-capture: %s\n", errbuf);
      return out;
    }
  for (pcap_if_t *d = all; d != NULL; d = d->next)
    {
      Iface *iface;

      if (!trawl_capture_interface_name_is_valid (d->name)
          || (strcmp (d->name, "any") != 0 && if_nametoindex (d->name) == 0))
        continue;
      iface = g_new0 (Iface, 1);
      iface->name = g_strdup (d->name);
      iface->description = g_strdup (d->description);
      iface->addresses = g_ptr_array_new_with_free_func (g_free);
      iface->dlts = g_array_new (FALSE, FALSE, sizeof (int));
      iface->flags = d->flags;
      for (pcap_addr_t *a = d->addresses; a != NULL; a = a->next)
        add_address (iface->addresses, a->addr);
      probe_dlts (iface);
      g_ptr_array_add (out, iface);
    }
  pcap_freealldevs (all);
  return out;
}

static void
json_string (GString    *s,
             const char *text)
{
  if (text == NULL)
    {
      g_string_append (s, "null");
      return;
    }
  g_string_append_c (s, '"');
  for (const guchar *p = (const guchar *) text; *p; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_printf (s, "\\%c", *p);
      else if (*p < 0x20)
        g_string_append_printf (s, "\\u%04x", *p);
      else
        g_string_append_c (s, *p);
    }
  g_string_append_c (s, '"');
}

static const char *
json_bool (guint flags,
           guint bit)
{
  return (flags & bit) ? "true" : "false";
}

static void
print_json (GPtrArray *ifaces)
{
  g_autoptr(GString) s = g_string_new ("[");

  for (guint i = 0; i < ifaces->len; i++)
    {
      Iface *iface = g_ptr_array_index (ifaces, i);

      g_string_append (s, i ? ",\n {\"name\": " : "\n {\"name\": ");
      json_string (s, iface->name);
      g_string_append (s, ", \"description\": ");
      json_string (s, iface->description);
      g_string_append (s, ", \"addresses\": [");
      for (guint a = 0; a < iface->addresses->len; a++)
        {
          g_string_append (s, a ? ", " : "");
          json_string (s, g_ptr_array_index (iface->addresses, a));
        }
      g_string_append_printf (s, "], \"flags\": {\"up\": %s, \"running\": %s, "
                              "\"loopback\": %s, \"wireless\": %s}, \"linktypes\": [",
                              json_bool (iface->flags, PCAP_IF_UP),
                              json_bool (iface->flags, PCAP_IF_RUNNING),
                              json_bool (iface->flags, PCAP_IF_LOOPBACK),
                              json_bool (iface->flags, PCAP_IF_WIRELESS));
      for (guint l = 0; l < iface->dlts->len; l++)
        {
          int dlt = g_array_index (iface->dlts, int, l);

          g_string_append_printf (s, "%s{\"value\": %u, \"name\": ", l ? ", " : "",
                                  trawl_capture_dlt_to_linktype (dlt));
          json_string (s, pcap_datalink_val_to_name (dlt));
          g_string_append (s, ", \"description\": ");
          json_string (s, pcap_datalink_val_to_description (dlt));
          g_string_append_c (s, '}');
        }
      g_string_append_printf (s, "], \"linktypes_probed\": %s}",
                              iface->probed ? "true" : "false");
    }
  g_string_append (s, "\n]\n");
  fputs (s->str, stdout);
}

static void
print_keyfile (GPtrArray *ifaces)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autofree char *data = NULL;

  for (guint i = 0; i < ifaces->len; i++)
    {
      Iface *iface = g_ptr_array_index (ifaces, i);
      g_autofree int *lts = g_new0 (int, iface->dlts->len + 1);
      g_autofree const char **names = g_new0 (const char *, iface->dlts->len + 1);
      const char *g = iface->name;

      for (guint l = 0; l < iface->dlts->len; l++)
        {
          int dlt = g_array_index (iface->dlts, int, l);

          lts[l] = trawl_capture_dlt_to_linktype (dlt);
          names[l] = pcap_datalink_val_to_name (dlt);
          if (names[l] == NULL)
            names[l] = "";
        }
      g_key_file_set_string (kf, g, "description", iface->description ? iface->description : "");
      g_key_file_set_string_list (kf, g, "addresses",
                                  (const char * const *) iface->addresses->pdata,
                                  iface->addresses->len);
      g_key_file_set_boolean (kf, g, "up", (iface->flags & PCAP_IF_UP) != 0);
      g_key_file_set_boolean (kf, g, "running", (iface->flags & PCAP_IF_RUNNING) != 0);
      g_key_file_set_boolean (kf, g, "loopback", (iface->flags & PCAP_IF_LOOPBACK) != 0);
      g_key_file_set_boolean (kf, g, "wireless", (iface->flags & PCAP_IF_WIRELESS) != 0);
      g_key_file_set_integer_list (kf, g, "linktypes", lts, iface->dlts->len);
      g_key_file_set_string_list (kf, g, "linktype-names", names, iface->dlts->len);
      g_key_file_set_boolean (kf, g, "linktypes-probed", iface->probed);
    }
  data = g_key_file_to_data (kf, NULL, NULL);
  fputs (data, stdout);
}

int
trawl_capture_list_interfaces (TrawlCaptureListFormat format)
{
  g_autoptr(GPtrArray) ifaces = collect ();

  if (format == TRAWL_CAPTURE_LIST_KEYFILE)
    print_keyfile (ifaces);
  else
    print_json (ifaces);
  return fflush (stdout) == 0 ? TRAWL_CAPTURE_EXIT_OK : TRAWL_CAPTURE_EXIT_INTERNAL;
}
