/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-format.c: field values and tree lines as text, as Wireshark shows them
 *
 * Every rule here was checked against tshark 4.0.17 on the captures in
 * tests/captures (see tests/cli and tests/conformance):
 *  - -T fields prints integers in their base, BASE_HEX zero-padded to the
 *    width of the type whatever the bitmask (tcp.flags "0x0002", ip.flags
 *    "0x02", ipv6.flow (UINT24) "0x000000"); BASE_HEX_DEC as hex,
 *    BASE_DEC_HEX as decimal; booleans "1"/"0"; FT_NONE "1"; bytes as bare
 *    hex; strings with \r \n escaped.
 *  - tree lines pad hex to the width of the bitmask instead ("Flags:
 *    0x002 (SYN)" for tcp.flags, mask 0xfff), show value names as
 *    "TCP (6)" / "IPv4 (0x0800)", cut bytes after 36 with "…".
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>

#include "trawl-format.h"

/* Wireshark shows at most this many bytes of an FT_BYTES value in a tree
 * line, then an ellipsis. */
#define MAX_BYTES_IN_LABEL 36

static const char hexdigits[] = "0123456789abcdef";

static void
append_hex (GString      *out,
            const guint8 *p,
            gsize         n)
{
  gsize old = out->len;
  char *w;

  g_string_set_size (out, old + 2 * n);
  w = out->str + old;
  for (gsize i = 0; i < n; i++)
    {
      *w++ = hexdigits[p[i] >> 4];
      *w++ = hexdigits[p[i] & 0xf];
    }
}

/* A bytes value as Wireshark shows it: at most @max bytes, then "…";
 * "<MISSING>" (or "<none>" with BASE_ALLOW_ZERO) when empty. */
static void
append_bytes_display (GString          *out,
                      const TrawlField *f,
                      const guint8     *p,
                      gsize             n,
                      gsize             max)
{
  gsize shown = MIN (n, max);

  if (p == NULL || n == 0)
    {
      g_string_append (out, (f->base & TRAWL_BASE_ALLOW_ZERO) ? "<none>" : "<MISSING>");
      return;
    }
  if (TRAWL_BASE_DISPLAY (f->base) == TRAWL_BASE_SEP_COLON)
    {
      for (gsize i = 0; i < shown; i++)
        {
          if (i > 0)
            g_string_append_c (out, ':');
          append_hex (out, p + i, 1);
        }
    }
  else
    append_hex (out, p, shown);
  if (shown < n)
    g_string_append (out, "…");
}

/* Fast unsigned decimal: this runs for every field of every frame. */
static void
append_u64 (GString *out,
            guint64  v)
{
  char buf[24];
  char *w = buf + sizeof buf;

  do
    {
      *--w = (char) ('0' + v % 10);
      v /= 10;
    }
  while (v);
  g_string_append_len (out, w, buf + sizeof buf - w);
}

static void
append_i64 (GString *out,
            gint64   v)
{
  if (v < 0)
    {
      g_string_append_c (out, '-');
      append_u64 (out, (guint64) 0 - (guint64) v);
    }
  else
    append_u64 (out, (guint64) v);
}

static void
append_hex_padded (GString *out,
                   guint64  v,
                   guint    digits)
{
  char buf[20];
  guint n = 0;

  if (digits == 0)
    digits = 1;
  if (digits > 16)
    digits = 16;
  /* Never cut a value that is wider than its type says. */
  while (digits < 16 && (v >> (digits * 4)) != 0)
    digits++;
  g_string_append (out, "0x");
  for (guint i = digits; i > 0; i--)
    buf[n++] = hexdigits[(v >> ((i - 1) * 4)) & 0xf];
  g_string_append_len (out, buf, n);
}

void
trawl_format_escape (const char *s,
                     gsize       len,
                     GString    *out)
{
  for (gsize i = 0; i < len; i++)
    {
      guchar c = (guchar) s[i];

      if (c >= 0x20 && c != 0x7f)
        {
          /* Printable ASCII and UTF-8 sequences pass through. */
          g_string_append_c (out, (char) c);
          continue;
        }
      g_string_append_c (out, '\\');
      switch (c)
        {
        case '\a': g_string_append_c (out, 'a'); break;
        case '\b': g_string_append_c (out, 'b'); break;
        case '\f': g_string_append_c (out, 'f'); break;
        case '\n': g_string_append_c (out, 'n'); break;
        case '\r': g_string_append_c (out, 'r'); break;
        case '\t': g_string_append_c (out, 't'); break;
        case '\v': g_string_append_c (out, 'v'); break;
        default:
          g_string_append_c (out, (char) ('0' + ((c >> 6) & 3)));
          g_string_append_c (out, (char) ('0' + ((c >> 3) & 7)));
          g_string_append_c (out, (char) ('0' + (c & 7)));
          break;
        }
    }
}

void
trawl_format_abs_time (gint64   ns,
                       gboolean utc,
                       GString *out)
{
  static const char *months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
  time_t secs = (time_t) (ns >= 0 ? ns / 1000000000 : -((-ns + 999999999) / 1000000000));
  gint64 frac = ns - (gint64) secs * 1000000000;
  struct tm tm;
  char zone[64];

  if ((utc ? gmtime_r (&secs, &tm) : localtime_r (&secs, &tm)) == NULL)
    {
      g_string_append (out, "Not representable");
      return;
    }
  if (utc)
    g_strlcpy (zone, "UTC", sizeof zone);
  else if (strftime (zone, sizeof zone, "%Z", &tm) == 0)
    zone[0] = '\0';
  g_string_append_printf (out, "%s %2d, %d %02d:%02d:%02d.%09d %s",
                          months[tm.tm_mon % 12], tm.tm_mday, tm.tm_year + 1900,
                          tm.tm_hour, tm.tm_min, tm.tm_sec, (int) frac, zone);
}

void
trawl_format_secs (guint32  secs,
                   GString *out)
{
  static const struct { guint32 unit; const char *one; const char *many; } units[] = {
    { 86400, "day", "days" }, { 3600, "hour", "hours" },
    { 60, "minute", "minutes" }, { 1, "second", "seconds" },
  };
  gsize start;

  g_return_if_fail (out != NULL);

  start = out->len;

  if (secs == 0)
    {
      g_string_append (out, "0 seconds");
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    {
      guint32 v = secs / units[i].unit;
      if (v == 0)
        continue;
      secs %= units[i].unit;
      g_string_append_printf (out, "%s%u %s", out->len > start ? ", " : "", v,
                              v == 1 ? units[i].one : units[i].many);
    }
}

void
trawl_format_rel_time (gint64   ns,
                       GString *out)
{
  guint64 a;
  char buf[40];
  int n;

  if (ns < 0)
    g_string_append_c (out, '-');
  a = ns < 0 ? (guint64) 0 - (guint64) ns : (guint64) ns;
  n = g_snprintf (buf, sizeof buf, "%" G_GUINT64_FORMAT ".%09u",
                  a / 1000000000, (guint) (a % 1000000000));
  g_string_append_len (out, buf, n);
}

/* Width of the container a bitfield lives in: the type's width, or for
 * booleans the width given as base. */
static guint
container_bits (const TrawlField *f)
{
  if (f->type == TRAWL_FT_BOOLEAN)
    return f->base > 0 && f->base <= 64 ? (guint) f->base : 0;
  return trawl_field_type_bits (f->type);
}

void
trawl_format_bits (const TrawlField *f,
                   guint64           value,
                   GString          *out)
{
  guint bits;
  guint64 raw;

  if (f == NULL || f->bitmask == 0)
    return;
  bits = container_bits (f);
  if (bits == 0)
    return;
  raw = (value << f->bitshift) & f->bitmask;
  for (guint i = bits; i > 0; i--)
    {
      guint64 bit = G_GUINT64_CONSTANT (1) << (i - 1);

      if (f->bitmask & bit)
        g_string_append_c (out, (raw & bit) ? '1' : '0');
      else
        g_string_append_c (out, '.');
      if (i > 1 && (i - 1) % 4 == 0)
        g_string_append_c (out, ' ');
    }
  g_string_append (out, " = ");
}

/* Hex digits of a value in a tree line: the width of the bitmask when
 * there is one (Wireshark's hfinfo_hex_digits). */
static guint
display_hex_digits (const TrawlField *f)
{
  if (f->bitmask)
    {
      guint hi = 64 - (guint) __builtin_clzll (f->bitmask);
      guint width = hi - f->bitshift;
      return (width + 3) / 4;
    }
  return (trawl_field_type_bits (f->type) + 3) / 4;
}

static guint
type_hex_digits (const TrawlField *f)
{
  return (trawl_field_type_bits (f->type) + 3) / 4;
}

static void
append_float (GString *out,
              double   d,
              gboolean single)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (buf, sizeof buf, single ? "%.6g" : "%.15g", d);
  g_string_append (out, buf);
}

static void
append_ipv4 (GString *out,
             guint32  a)
{
  char buf[16];
  int n = g_snprintf (buf, sizeof buf, "%u.%u.%u.%u",
                      (a >> 24) & 0xff, (a >> 16) & 0xff, (a >> 8) & 0xff, a & 0xff);
  g_string_append_len (out, buf, n);
}

static void
append_ipv6 (GString      *out,
             const guint8 *p,
             guint32       n)
{
  char buf[INET6_ADDRSTRLEN];

  if (p == NULL || n < 16 || inet_ntop (AF_INET6, p, buf, sizeof buf) == NULL)
    return;
  g_string_append (out, buf);
}

static void
append_ether (GString      *out,
              const guint8 *p,
              guint32       n)
{
  if (p == NULL || n < 6)
    return;
  for (guint i = 0; i < 6; i++)
    {
      if (i)
        g_string_append_c (out, ':');
      g_string_append_c (out, hexdigits[p[i] >> 4]);
      g_string_append_c (out, hexdigits[p[i] & 0xf]);
    }
}

static const char *
value_name (const TrawlField *f,
            guint64           v)
{
  const char *name = NULL;

  if (f->vals)
    name = trawl_value_name_lookup (f->vals, v);
  if (name == NULL && f->ranges)
    name = trawl_range_name_lookup (f->ranges, v);
  return name;
}

static void
append_int_in_base (GString          *out,
                    const TrawlField *f,
                    const TrawlNode  *node,
                    int               base,
                    guint             hex_digits)
{
  gboolean is_signed = trawl_field_type_is_signed (f->type);
  guint64 u = node->v.u;
  guint64 mask_bits;

  /* Signed values in hex show their two's complement at the type's width. */
  mask_bits = trawl_field_type_bits (f->type);
  if (is_signed && mask_bits > 0 && mask_bits < 64)
    u &= (G_GUINT64_CONSTANT (1) << mask_bits) - 1;

  switch (base)
    {
    case TRAWL_BASE_HEX:
      append_hex_padded (out, u, hex_digits);
      break;
    case TRAWL_BASE_OCT:
      g_string_append_printf (out, "0%" G_GINT64_MODIFIER "o", u);
      break;
    default:
      if (is_signed)
        append_i64 (out, node->v.i);
      else
        append_u64 (out, node->v.u);
      break;
    }
}

static gboolean
protocol_is_subtree (const TrawlField *f)
{
  /* tshark prints a top-level protocol (tcp) as its tree line, and
   * protocol-typed pieces inside one (tcp.options.sack_perm) as their bytes. */
  return strchr (f->abbrev, '.') != NULL;
}

void
trawl_format_field_value (const TrawlNode *node,
                          GString         *out)
{
  const TrawlField *f;

  g_return_if_fail (node != NULL);
  g_return_if_fail (out != NULL);

  f = node->field;
  if (f == NULL)
    {
      if (node->text)
        trawl_format_escape (node->text, strlen (node->text), out);
      return;
    }

  switch (f->type)
    {
    case TRAWL_FT_NONE:
      /* tshark prints 1 so that presence can be tested. */
      g_string_append_c (out, '1');
      break;
    case TRAWL_FT_PROTOCOL:
      if (protocol_is_subtree (f))
        {
          if (node->v.b.p && node->v.b.n)
            append_hex (out, node->v.b.p, node->v.b.n);
          else
            g_string_append (out, f->abbrev);
        }
      else
        trawl_format_node_label (node, out);
      break;
    case TRAWL_FT_BOOLEAN:
      g_string_append_c (out, node->v.u ? '1' : '0');
      break;
    case TRAWL_FT_CHAR:
      {
        char c = (char) node->v.u;
        if (f->base == TRAWL_BASE_HEX)
          append_hex_padded (out, node->v.u, 2);
        else
          trawl_format_escape (&c, 1, out);
      }
      break;
    case TRAWL_FT_UINT8:
    case TRAWL_FT_UINT16:
    case TRAWL_FT_UINT24:
    case TRAWL_FT_UINT32:
    case TRAWL_FT_UINT48:
    case TRAWL_FT_UINT64:
    case TRAWL_FT_INT8:
    case TRAWL_FT_INT16:
    case TRAWL_FT_INT32:
    case TRAWL_FT_INT64:
      {
        int base = f->base;
        if (base == TRAWL_BASE_HEX_DEC)
          base = TRAWL_BASE_HEX;
        append_int_in_base (out, f, node, base, type_hex_digits (f));
      }
      break;
    case TRAWL_FT_FRAMENUM:
      append_u64 (out, node->v.u);
      break;
    case TRAWL_FT_FLOAT:
    case TRAWL_FT_DOUBLE:
      append_float (out, node->v.d, f->type == TRAWL_FT_FLOAT);
      break;
    case TRAWL_FT_ABSOLUTE_TIME:
      trawl_format_abs_time (node->v.i, f->base == TRAWL_BASE_UTC, out);
      break;
    case TRAWL_FT_RELATIVE_TIME:
      trawl_format_rel_time (node->v.i, out);
      break;
    case TRAWL_FT_STRING:
    case TRAWL_FT_STRINGZ:
      if (node->v.b.p)
        trawl_format_escape ((const char *) node->v.b.p, node->v.b.n, out);
      break;
    case TRAWL_FT_BYTES:
      /* tshark 4.0 prints a bytes field as its tree line shows the value,
       * without the ellipsis: "<MISSING>" when empty, colons for
       * SEP_COLON fields. */
      append_bytes_display (out, f, node->v.b.p, node->v.b.n, G_MAXSIZE);
      break;
    case TRAWL_FT_ETHER:
      append_ether (out, node->v.b.p, node->v.b.n);
      break;
    case TRAWL_FT_IPv4:
      append_ipv4 (out, (guint32) node->v.u);
      break;
    case TRAWL_FT_IPv6:
      append_ipv6 (out, node->v.b.p, node->v.b.n);
      break;
    case TRAWL_FT_N_TYPES:
    default:
      break;
    }
}

static void
display_integer (const TrawlNode *node,
                 GString         *out)
{
  const TrawlField *f = node->field;
  const char *name = value_name (f, node->v.u);
  guint digits = display_hex_digits (f);

  if (f->vals || f->ranges)
    {
      /* "TCP (6)", "IPv4 (0x0800)", "Unknown (7)" */
      g_string_append (out, name ? name : "Unknown");
      g_string_append (out, " (");
      append_int_in_base (out, f, node,
                          f->base == TRAWL_BASE_HEX || f->base == TRAWL_BASE_HEX_DEC
                            ? TRAWL_BASE_HEX : f->base == TRAWL_BASE_OCT ? TRAWL_BASE_OCT : TRAWL_BASE_DEC,
                          digits);
      g_string_append_c (out, ')');
      return;
    }

  switch (f->base)
    {
    case TRAWL_BASE_HEX_DEC:
      append_int_in_base (out, f, node, TRAWL_BASE_HEX, digits);
      g_string_append (out, " (");
      append_int_in_base (out, f, node, TRAWL_BASE_DEC, digits);
      g_string_append_c (out, ')');
      break;
    case TRAWL_BASE_DEC_HEX:
      append_int_in_base (out, f, node, TRAWL_BASE_DEC, digits);
      g_string_append (out, " (");
      append_int_in_base (out, f, node, TRAWL_BASE_HEX, digits);
      g_string_append_c (out, ')');
      break;
    default:
      append_int_in_base (out, f, node, f->base, digits);
      break;
    }
}

void
trawl_format_display_value (const TrawlNode *node,
                            GString         *out)
{
  const TrawlField *f;

  g_return_if_fail (node != NULL);
  g_return_if_fail (out != NULL);

  f = node->field;
  if (f == NULL)
    return;

  switch (f->type)
    {
    case TRAWL_FT_BOOLEAN:
      if (f->tfs)
        g_string_append (out, node->v.u ? f->tfs->true_string : f->tfs->false_string);
      else if (f->bitmask)
        g_string_append (out, node->v.u ? "Set" : "Not set");
      else
        g_string_append (out, node->v.u ? "True" : "False");
      break;
    case TRAWL_FT_UINT8:
    case TRAWL_FT_UINT16:
    case TRAWL_FT_UINT24:
    case TRAWL_FT_UINT32:
    case TRAWL_FT_UINT48:
    case TRAWL_FT_UINT64:
    case TRAWL_FT_INT8:
    case TRAWL_FT_INT16:
    case TRAWL_FT_INT32:
    case TRAWL_FT_INT64:
      display_integer (node, out);
      break;
    case TRAWL_FT_CHAR:
      {
        char c = (char) node->v.u;
        g_string_append_c (out, '\'');
        trawl_format_escape (&c, 1, out);
        g_string_append_c (out, '\'');
      }
      break;
    case TRAWL_FT_RELATIVE_TIME:
      trawl_format_rel_time (node->v.i, out);
      g_string_append (out, " seconds");
      break;
    case TRAWL_FT_BYTES:
      append_bytes_display (out, f, node->v.b.p, node->v.b.n, MAX_BYTES_IN_LABEL);
      break;
    case TRAWL_FT_NONE:
    case TRAWL_FT_PROTOCOL:
      break;
    default:
      trawl_format_field_value (node, out);
      break;
    }
}

const char *
trawl_expert_severity_name (guint severity)
{
  switch (severity)
    {
    case TRAWL_EXPERT_CHAT: return "Chat";
    case TRAWL_EXPERT_NOTE: return "Note";
    case TRAWL_EXPERT_WARN: return "Warning";
    case TRAWL_EXPERT_ERROR: return "Error";
    default: return "Comment";
    }
}

const char *
trawl_expert_group_name (const TrawlNode *node)
{
  static const char *names[] = {
    [TRAWL_EXPERT_GROUP_NONE] = "Protocol",
    [TRAWL_EXPERT_GROUP_CHECKSUM] = "Checksum",
    [TRAWL_EXPERT_GROUP_SEQUENCE] = "Sequence",
    [TRAWL_EXPERT_GROUP_RESPONSE_CODE] = "Response code",
    [TRAWL_EXPERT_GROUP_REQUEST_CODE] = "Request code",
    [TRAWL_EXPERT_GROUP_UNDECODED] = "Undecoded",
    [TRAWL_EXPERT_GROUP_REASSEMBLE] = "Reassemble",
    [TRAWL_EXPERT_GROUP_MALFORMED] = "Malformed",
    [TRAWL_EXPERT_GROUP_PROTOCOL] = "Protocol",
    [TRAWL_EXPERT_GROUP_COMMENTS] = "Comment",
  };

  g_return_val_if_fail (node != NULL, "");

  if (node->group == TRAWL_EXPERT_GROUP_NONE && node->severity >= TRAWL_EXPERT_ERROR)
    return "Malformed";
  if (node->group < G_N_ELEMENTS (names))
    return names[node->group];
  return "Protocol";
}

static gboolean
starts_with_bits (const char *s)
{
  /* "0100 .... = ..." */
  const char *eq = strstr (s, " = ");

  if (eq == NULL || eq == s)
    return FALSE;
  for (const char *p = s; p < eq; p++)
    if (*p != '.' && *p != '0' && *p != '1' && *p != ' ')
      return FALSE;
  return TRUE;
}

void
trawl_format_node_label (const TrawlNode *node,
                         GString         *out)
{
  const TrawlField *f;

  g_return_if_fail (node != NULL);
  g_return_if_fail (out != NULL);

  f = node->field;

  if (node->flags & TRAWL_NODE_EXPERT)
    {
      g_string_append_printf (out, "Expert Info (%s/%s): %s",
                              trawl_expert_severity_name (node->severity),
                              trawl_expert_group_name (node),
                              node->text ? node->text : "");
      return;
    }

  if (f != NULL && f->bitmask && !(node->flags & TRAWL_NODE_NO_BITS)
      && f->type != TRAWL_FT_PROTOCOL
      && (node->text == NULL || !starts_with_bits (node->text)))
    trawl_format_bits (f, f->type == TRAWL_FT_BOOLEAN ? (node->v.u ? f->bitmask >> f->bitshift : 0) : node->v.u, out);

  if (node->text)
    g_string_append (out, node->text);
  else if (f == NULL)
    ;
  else if (f->type == TRAWL_FT_PROTOCOL || f->type == TRAWL_FT_NONE)
    g_string_append (out, f->name);
  else
    {
      g_string_append (out, f->name);
      g_string_append (out, ": ");
      trawl_format_display_value (node, out);
    }

  if (node->suffix)
    g_string_append (out, node->suffix);
}

void
trawl_format_node_line (const TrawlNode *node,
                        GString         *out)
{
  gboolean bracket;

  g_return_if_fail (node != NULL);

  bracket = (node->flags & TRAWL_NODE_GENERATED) != 0;
  if (bracket)
    g_string_append_c (out, '[');
  trawl_format_node_label (node, out);
  if (bracket)
    g_string_append_c (out, ']');
}
