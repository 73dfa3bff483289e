/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-cli-follow.c: -z follow,tcp,MODE,FILTER[,range] as tshark 4.0
 *
 * The engine's trawl_follow_tcp() yields the stream's chunks; this file
 * only prints them in tshark's four text modes (ui/cli/tap-follow.c's
 * layout: a header, one block per chunk, Node 1's indented by a tab).
 */
#include "config.h"

#include <string.h>
#include <gio/gio.h>

#include "trawl-cli-follow.h"
#include "analysis/trawl-follow.h"

typedef enum
{
  MODE_ASCII,
  MODE_HEX,
  MODE_RAW,
  MODE_YAML,
} FollowMode;

struct _CliFollow
{
  FollowMode   mode;
  char        *mode_name;
  gboolean     by_address;
  guint32      stream;
  TrawlAddress addr[2];
  guint16      port[2];
};

typedef struct
{
  CliFollow              *follow;
  GString                *out;
  FILE                   *fp;
  const TrawlFollowPeers *peers;       /* filled by the walk before its first chunk */
  gboolean                header_done;
  guint64                 written[2];  /* bytes per peer so far (hex offsets) */
} PrintState;

/* Output is written in blocks: a big stream never sits in memory. */
#define FLUSH_AT (256 * 1024)

gboolean
cli_follow_is_follow (const char *spec)
{
  return spec != NULL && g_str_has_prefix (spec, "follow,");
}

void
cli_follow_free (CliFollow *follow)
{
  if (follow == NULL)
    return;
  g_free (follow->mode_name);
  g_free (follow);
}

/* "10.0.0.1:80" or "[fd00::1]:80". */
static gboolean
parse_endpoint (const char *s, TrawlAddress *addr, guint16 *port)
{
  g_autofree char *host = NULL;
  const char *colon;
  guint64 p;
  char *end;
  GInetAddress *ia;
  gsize n;

  if (s[0] == '[')
    {
      const char *close = strchr (s, ']');
      if (close == NULL || close[1] != ':')
        return FALSE;
      host = g_strndup (s + 1, close - s - 1);
      colon = close + 1;
    }
  else
    {
      colon = strrchr (s, ':');
      if (colon == NULL)
        return FALSE;
      host = g_strndup (s, colon - s);
    }
  p = g_ascii_strtoull (colon + 1, &end, 10);
  if (*end != '\0' || end == colon + 1 || p > G_MAXUINT16)
    return FALSE;
  ia = g_inet_address_new_from_string (host);
  if (ia == NULL)
    return FALSE;
  n = g_inet_address_get_native_size (ia);
  trawl_address_set (addr, n == 4 ? TRAWL_AT_IPv4 : TRAWL_AT_IPv6, g_inet_address_to_bytes (ia));
  g_object_unref (ia);
  *port = (guint16) p;
  return TRUE;
}

CliFollow *
cli_follow_parse (const char  *spec,
                  GError     **error)
{
  g_auto(GStrv) parts = NULL;
  g_autoptr(CliFollow) f = NULL;
  guint n;
  static const char *const modes[] = { "ascii", "hex", "raw", "yaml" };

  g_return_val_if_fail (cli_follow_is_follow (spec), NULL);

  parts = g_strsplit (spec, ",", -1);
  n = g_strv_length (parts);
  if (n < 4 || n > 6)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "Invalid \"-z %s\": follow,PROTO,MODE,FILTER[,RANGE]", spec);
      return NULL;
    }
  if (!g_str_equal (parts[1], "tcp"))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "\"-z follow,%s\" is not supported yet (only tcp)", parts[1]);
      return NULL;
    }
  f = g_new0 (CliFollow, 1);
  f->mode = G_N_ELEMENTS (modes);
  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    if (g_str_equal (parts[2], modes[i]))
      f->mode = i;
  if (f->mode == G_N_ELEMENTS (modes))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "Invalid follow mode \"%s\" (ascii, hex, raw or yaml)", parts[2]);
      return NULL;
    }
  f->mode_name = g_strdup (parts[2]);
  if (n >= 5 && strchr (parts[3], ':') != NULL)
    {
      if (!parse_endpoint (parts[3], &f->addr[0], &f->port[0]) ||
          !parse_endpoint (parts[4], &f->addr[1], &f->port[1]))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "Invalid follow addresses \"%s,%s\"", parts[3], parts[4]);
          return NULL;
        }
      f->by_address = TRUE;
    }
  else
    {
      char *end;
      guint64 v = g_ascii_strtoull (parts[3], &end, 10);
      if (*end != '\0' || end == parts[3] || v > G_MAXUINT32)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "Invalid follow stream index \"%s\"", parts[3]);
          return NULL;
        }
      f->stream = (guint32) v;
    }
  /* A trailing range selects HTTP/2 or QUIC sub-streams in tshark: TCP
   * has none, so it changes nothing here. */
  return g_steal_pointer (&f);
}

static const char *
ip_field (const TrawlAddress *a)
{
  return a->type == TRAWL_AT_IPv6 ? "ipv6" : "ip";
}

/* "10.0.0.1:80", "[fd00::1]:80", or ":0" for a stream never seen. */
static void
append_node (GString *out, const TrawlFollowPeers *peers, guint i)
{
  char buf[64];

  if (!peers->found)
    {
      g_string_append (out, ":0");
      return;
    }
  trawl_address_to_string (&peers->addr[i], buf, sizeof buf);
  if (peers->addr[i].type == TRAWL_AT_IPv6)
    g_string_append_printf (out, "[%s]:%u", buf, peers->port[i]);
  else
    g_string_append_printf (out, "%s:%u", buf, peers->port[i]);
}

static void
append_header (GString *out, const CliFollow *f, const TrawlFollowPeers *peers)
{
  g_string_append (out, "\n===================================================================\n");
  g_string_append_printf (out, "Follow: tcp,%s\n", f->mode_name);
  if (f->by_address)
    {
      char a[64], b[64];
      const char *ip = ip_field (&f->addr[0]);

      trawl_address_to_string (&f->addr[0], a, sizeof a);
      trawl_address_to_string (&f->addr[1], b, sizeof b);
      g_string_append_printf (out, "Filter: ((%s.src eq %s and tcp.srcport eq %u) and (%s.dst eq %s and tcp.dstport eq %u))"
                              " or ((%s.src eq %s and tcp.srcport eq %u) and (%s.dst eq %s and tcp.dstport eq %u))\n",
                              ip, a, f->port[0], ip, b, f->port[1], ip, b, f->port[1], ip, a, f->port[0]);
    }
  else
    g_string_append_printf (out, "Filter: tcp.stream eq %u\n", f->stream);
  g_string_append (out, "Node 0: ");
  append_node (out, peers, 0);
  g_string_append (out, "\nNode 1: ");
  append_node (out, peers, 1);
  g_string_append_c (out, '\n');
}

static void
append_yaml_peers (GString *out, const TrawlFollowPeers *peers)
{
  g_string_append (out, "peers:\n");
  for (guint i = 0; i < 2; i++)
    {
      char buf[64] = "";

      if (peers->found)
        trawl_address_to_string (&peers->addr[i], buf, sizeof buf);
      g_string_append_printf (out, "  - peer: %u\n    host: %s\n    port: %u\n",
                              i, buf, peers->found ? peers->port[i] : 0);
    }
  g_string_append (out, "packets:\n");
}

static void
append_hex (GString *out, const TrawlFollowChunk *c, guint64 base)
{
  static const char hexd[] = "0123456789abcdef";

  for (guint32 off = 0; off < c->len; off += 16)
    {
      guint32 n = MIN (16, c->len - off);
      gsize start;

      if (c->peer)
        g_string_append_c (out, '\t');
      start = out->len;
      g_string_append_printf (out, "%08" G_GINT64_MODIFIER "X  ", base + off);
      for (guint32 i = 0; i < n; i++)
        {
          guint8 b = c->data[off + i];
          g_string_append_c (out, hexd[b >> 4]);
          g_string_append_c (out, hexd[b & 0xf]);
          g_string_append_c (out, ' ');
          if (i == 7)
            g_string_append_c (out, ' ');
        }
      /* The text column starts after 16 bytes' worth of hex. */
      while (out->len - start < 60)
        g_string_append_c (out, ' ');
      for (guint32 i = 0; i < n; i++)
        {
          guint8 b = c->data[off + i];
          g_string_append_c (out, b >= 0x20 && b < 0x7f ? (char) b : '.');
          if (i == 7 && n > 8)
            g_string_append_c (out, ' ');
        }
      /* tshark drops the last blank of a full line's text. */
      if (n == 16 && out->str[out->len - 1] == ' ')
        g_string_truncate (out, out->len - 1);
      g_string_append_c (out, '\n');
    }
}

static void
append_yaml_chunk (GString *out, const TrawlFollowChunk *c)
{
  g_autofree char *b64 = g_base64_encode (c->data, c->len);
  gsize len = strlen (b64);

  g_string_append_printf (out, "  - packet: %u\n    peer: %u\n", c->frame, c->peer);
  /* tshark prints the time as a double: 1.416617 s shows as 1.416616917. */
  g_string_append_printf (out, "    timestamp: %.9f\n",
                          (double) (c->ts_ns / 1000000000) + (double) (c->ts_ns % 1000000000) / 1e9);
  g_string_append (out, "    data: !!binary |\n");
  for (gsize i = 0; i < len; i += 76)
    {
      g_string_append (out, "      ");
      g_string_append_len (out, b64 + i, MIN (76, len - i));
      g_string_append_c (out, '\n');
    }
}

static void
print_header (PrintState *st)
{
  if (st->header_done)
    return;
  st->header_done = TRUE;
  if (st->follow->mode == MODE_YAML)
    append_yaml_peers (st->out, st->peers);
  else
    append_header (st->out, st->follow, st->peers);
}

static gboolean
print_chunk (const TrawlFollowChunk *c, gpointer user_data)
{
  PrintState *st = user_data;
  GString *out = st->out;

  print_header (st);
  switch (st->follow->mode)
    {
    case MODE_ASCII:
      g_string_append_printf (out, "%s%u\n", c->peer ? "\t" : "", c->len);
      for (guint32 i = 0; i < c->len; i++)
        {
          guint8 b = c->data[i];
          g_string_append_c (out, (b == '\r' || b == '\n' || (b >= 0x20 && b < 0x7f)) ? (char) b : '.');
        }
      g_string_append_c (out, '\n');
      break;
    case MODE_HEX:
      append_hex (out, c, st->written[c->peer]);
      break;
    case MODE_RAW:
      if (c->peer)
        g_string_append_c (out, '\t');
      for (guint32 i = 0; i < c->len; i++)
        g_string_append_printf (out, "%02x", c->data[i]);
      g_string_append_c (out, '\n');
      break;
    case MODE_YAML:
      append_yaml_chunk (out, c);
      break;
    }
  st->written[c->peer] += c->len;
  if (out->len >= FLUSH_AT)
    {
      fwrite (out->str, 1, out->len, st->fp);
      g_string_truncate (out, 0);
    }
  return TRUE;
}

void
cli_follow_print (CliFollow        *follow,
                  TrawlCaptureFile *file,
                  TrawlAnalysis    *analysis,
                  FILE             *fp)
{
  g_autoptr(GString) out = g_string_sized_new (FLUSH_AT + 4096);
  TrawlFollowPeers peers = { 0 };
  PrintState st = { follow, out, fp, &peers, FALSE, { 0, 0 } };
  guint32 stream = follow->stream;
  gboolean have = TRUE;

  g_return_if_fail (follow != NULL && file != NULL && fp != NULL);

  if (follow->by_address)
    have = trawl_follow_tcp_find (file, analysis, &follow->addr[0], follow->port[0],
                                  &follow->addr[1], follow->port[1], &stream);
  if (have)
    trawl_follow_tcp (file, analysis, stream, &peers, print_chunk, &st, NULL);
  /* A stream without payload still gets its header. */
  print_header (&st);
  if (follow->mode != MODE_YAML)
    g_string_append (out, "===================================================================\n");
  fwrite (out->str, 1, out->len, fp);
}
