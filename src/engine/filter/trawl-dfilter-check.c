/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-dfilter-check.c: resolve names and types in a parsed filter
 *
 * Words become fields when the registry knows them, otherwise literals
 * converted to the type of what they are compared with (as Wireshark
 * does: "80" is a port next to tcp.port, bytes next to frame[0:2]).
 * Errors are worded like Wireshark 4.0's and point at the offending text.
 * Nothing here needs a capture, and it does no I/O: the GUI checks every
 * keystroke with it.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "trawl-dfilter-private.h"

typedef struct
{
  TrawlFilterLocation *where;
  GError             **error;
} Check;

static gboolean check_test  (Check *c, DfNode *n);
static gboolean check_value (Check *c, DfNode *n, TrawlFieldType want, const TrawlField *names);

const char *
df_type_description (TrawlFieldType type)
{
  switch (type)
    {
    case TRAWL_FT_NONE: return "Label";
    case TRAWL_FT_PROTOCOL: return "Protocol";
    case TRAWL_FT_BOOLEAN: return "Boolean";
    case TRAWL_FT_CHAR: return "Character (8 bits)";
    case TRAWL_FT_UINT8: return "Unsigned integer (1 byte)";
    case TRAWL_FT_UINT16: return "Unsigned integer (2 bytes)";
    case TRAWL_FT_UINT24: return "Unsigned integer (3 bytes)";
    case TRAWL_FT_UINT32: return "Unsigned integer (4 bytes)";
    case TRAWL_FT_UINT48: return "Unsigned integer (6 bytes)";
    case TRAWL_FT_UINT64: return "Unsigned integer (8 bytes)";
    case TRAWL_FT_INT8: return "Signed integer (1 byte)";
    case TRAWL_FT_INT16: return "Signed integer (2 bytes)";
    case TRAWL_FT_INT32: return "Signed integer (4 bytes)";
    case TRAWL_FT_INT64: return "Signed integer (8 bytes)";
    case TRAWL_FT_FLOAT: return "Single-precision floating point";
    case TRAWL_FT_DOUBLE: return "Double-precision floating point";
    case TRAWL_FT_ABSOLUTE_TIME: return "Date and time";
    case TRAWL_FT_RELATIVE_TIME: return "Time offset";
    case TRAWL_FT_STRING: return "Character string";
    case TRAWL_FT_STRINGZ: return "Character string";
    case TRAWL_FT_BYTES: return "Byte sequence";
    case TRAWL_FT_ETHER: return "Ethernet or other MAC address";
    case TRAWL_FT_IPv4: return "IPv4 address";
    case TRAWL_FT_IPv6: return "IPv6 address";
    case TRAWL_FT_FRAMENUM: return "Frame number";
    case TRAWL_FT_N_TYPES:
    default: return "Unknown";
    }
}

gboolean
df_type_is_uint (TrawlFieldType type)
{
  switch (type)
    {
    case TRAWL_FT_BOOLEAN: case TRAWL_FT_CHAR:
    case TRAWL_FT_UINT8: case TRAWL_FT_UINT16: case TRAWL_FT_UINT24:
    case TRAWL_FT_UINT32: case TRAWL_FT_UINT48: case TRAWL_FT_UINT64:
    case TRAWL_FT_FRAMENUM:
      return TRUE;
    default:
      return FALSE;
    }
}

gboolean
df_type_is_int (TrawlFieldType type)
{
  return df_type_is_uint (type) || type == TRAWL_FT_INT8 || type == TRAWL_FT_INT16 ||
         type == TRAWL_FT_INT32 || type == TRAWL_FT_INT64;
}

/* Values held as bytes (v.b). */
gboolean
df_type_is_bytes (TrawlFieldType type)
{
  return type == TRAWL_FT_BYTES || type == TRAWL_FT_PROTOCOL || type == TRAWL_FT_ETHER ||
         type == TRAWL_FT_IPv6 || type == TRAWL_FT_STRING || type == TRAWL_FT_STRINGZ;
}

static gboolean
is_string (TrawlFieldType type)
{
  return type == TRAWL_FT_STRING || type == TRAWL_FT_STRINGZ;
}

static gboolean
is_numeric (TrawlFieldType type)
{
  return df_type_is_int (type) || type == TRAWL_FT_FLOAT || type == TRAWL_FT_DOUBLE ||
         type == TRAWL_FT_RELATIVE_TIME;
}

/* Which types compare with which: Wireshark compares values of the same
 * kind (any integers, any strings, bytes with addresses as bytes). */
static int
type_class (TrawlFieldType type)
{
  if (type == TRAWL_FT_BOOLEAN)
    return 1;
  if (df_type_is_int (type))
    return 2;
  if (type == TRAWL_FT_FLOAT || type == TRAWL_FT_DOUBLE)
    return 3;
  if (is_string (type))
    return 4;
  if (type == TRAWL_FT_BYTES || type == TRAWL_FT_PROTOCOL || type == TRAWL_FT_ETHER)
    return 5;
  return 10 + (int) type;
}

/* An untyped node: a literal, or arithmetic / negation of literals only. */
static gboolean
is_untyped (const DfNode *n)
{
  return n->type == TRAWL_FT_NONE && n->kind != DF_N_FIELD;
}

static gboolean
looks_like_field_name (const char *s)
{
  if (!g_ascii_isalpha (s[0]) || strchr (s, '.') == NULL)
    return FALSE;
  for (const char *p = s; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '_' && *p != '-')
      return FALSE;
  return TRUE;
}

static gboolean
fail_unknown_field (Check        *c,
                    const DfNode *n)
{
  g_autofree const char **close = trawl_field_suggest (n->text, 3);
  g_autoptr(GString) msg = g_string_new (NULL);

  g_string_append_printf (msg, "%s is neither a field nor a protocol name.", n->text);
  if (close != NULL && close[0] != NULL)
    {
      g_string_append (msg, " Did you mean ");
      for (guint i = 0; close[i] != NULL; i++)
        g_string_append_printf (msg, "%s%s", i == 0 ? "" : (close[i + 1] ? ", " : " or "), close[i]);
      g_string_append (msg, "?");
    }
  df_fail (c->error, c->where, TRAWL_DISPLAY_FILTER_ERROR_UNKNOWN_FIELD, n->start, n->len,
           "%s", msg->str);
  return FALSE;
}

/* ---- literal conversion ---- */

static gboolean
parse_uint (const char *s,
            guint64    *out)
{
  const char *p = s;
  char *end = NULL;
  int base = 10;

  if (*p == '+')
    p++;
  if (*p == '\0' || *p == '-' || *p == '+')
    return FALSE;
  if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
    {
      base = 16;
      p += 2;
    }
  else if (p[0] == '0' && (p[1] == 'b' || p[1] == 'B'))
    {
      base = 2;
      p += 2;
    }
  else if (p[0] == '0' && p[1] != '\0')
    {
      base = 8;
      p += 1;
    }
  if (*p == '\0' || !g_ascii_isxdigit (*p))
    return FALSE;
  errno = 0;
  *out = g_ascii_strtoull (p, &end, base);
  if (errno == ERANGE)
    *out = G_MAXUINT64;
  return end != NULL && *end == '\0';
}

static gboolean
parse_int (const char *s,
           gint64     *out,
           gboolean   *overflow)
{
  gboolean neg = s[0] == '-';
  guint64 u;

  *overflow = FALSE;
  if (!parse_uint (neg ? s + 1 : s, &u))
    return FALSE;
  if (neg)
    {
      if (u > (guint64) G_MAXINT64 + 1)
        *overflow = TRUE;
      *out = (gint64) (0 - u);
    }
  else
    {
      if (u > G_MAXINT64)
        *overflow = TRUE;
      *out = (gint64) u;
    }
  return TRUE;
}

static gboolean
lookup_value_name (const TrawlField *f,
                   const char       *s,
                   guint64          *out)
{
  if (f == NULL)
    return FALSE;
  if (f->type == TRAWL_FT_BOOLEAN)
    {
      const char *t = f->tfs ? f->tfs->true_string : "Set";
      const char *fs = f->tfs ? f->tfs->false_string : "Not set";

      if (g_ascii_strcasecmp (s, t) == 0)
        return (*out = 1, TRUE);
      if (g_ascii_strcasecmp (s, fs) == 0)
        return (*out = 0, TRUE);
      return FALSE;
    }
  for (const TrawlValueName *v = f->vals; v != NULL && v->name != NULL; v++)
    if (g_ascii_strcasecmp (v->name, s) == 0)
      return (*out = v->value, TRUE);
  for (const TrawlRangeName *r = f->ranges; r != NULL && r->name != NULL; r++)
    if (g_ascii_strcasecmp (r->name, s) == 0)
      return (*out = r->low, TRUE);
  return FALSE;
}

static gboolean
convert_integer (Check            *c,
                 DfNode           *n,
                 TrawlFieldType    type,
                 const TrawlField *names)
{
  gboolean is_signed = !df_type_is_uint (type);
  guint bits = trawl_field_type_bits (type);
  guint64 u = 0;
  gint64 i = 0;
  gboolean overflow = FALSE;

  if (type == TRAWL_FT_BOOLEAN)
    bits = 64;
  else if (type == TRAWL_FT_CHAR)
    bits = 8;
  else if (type == TRAWL_FT_FRAMENUM)
    bits = 32;
  if (bits == 0)
    bits = 64;

  if (n->kind == DF_N_CHARCONST)
    {
      n->value.v.u = (guint8) n->text[0];
      goto done;
    }
  if (n->kind == DF_N_WORD && type == TRAWL_FT_BOOLEAN &&
      (strcmp (n->text, "True") == 0 || strcmp (n->text, "TRUE") == 0))
    {
      n->value.v.u = 1;
      goto done;
    }
  if (n->kind == DF_N_WORD && type == TRAWL_FT_BOOLEAN &&
      (strcmp (n->text, "False") == 0 || strcmp (n->text, "FALSE") == 0))
    {
      n->value.v.u = 0;
      goto done;
    }

  if (n->kind == DF_N_WORD &&
      (is_signed ? parse_int (n->text, &i, &overflow) : parse_uint (n->text, &u)))
    {
      if (type == TRAWL_FT_BOOLEAN)
        {
          n->value.v.u = u != 0;
          goto done;
        }
      if (!is_signed)
        {
          guint64 max = bits >= 64 ? G_MAXUINT64 : (G_GUINT64_CONSTANT (1) << bits) - 1;

          if (u > max)
            {
              df_fail (c->error, c->where, TRAWL_DISPLAY_FILTER_ERROR_RANGE, n->start, n->len,
                       "\"%s\" too big for this field, maximum %" G_GUINT64_FORMAT ".", n->text, max);
              return FALSE;
            }
          n->value.v.u = u;
        }
      else
        {
          gint64 max = bits >= 64 ? G_MAXINT64 : (G_GINT64_CONSTANT (1) << (bits - 1)) - 1;
          gint64 min = bits >= 64 ? G_MININT64 : -(G_GINT64_CONSTANT (1) << (bits - 1));

          if (overflow || i > max)
            {
              df_fail (c->error, c->where, TRAWL_DISPLAY_FILTER_ERROR_RANGE, n->start, n->len,
                       "\"%s\" too big for this field, maximum %" G_GINT64_FORMAT ".", n->text, max);
              return FALSE;
            }
          if (i < min)
            {
              df_fail (c->error, c->where, TRAWL_DISPLAY_FILTER_ERROR_RANGE, n->start, n->len,
                       "\"%s\" too small for this field, minimum %" G_GINT64_FORMAT ".", n->text, min);
              return FALSE;
            }
          n->value.v.i = i;
        }
      goto done;
    }

  if (lookup_value_name (names, n->text, &u))
    {
      n->value.v.u = u;
      goto done;
    }

  if (n->kind == DF_N_STRING)
    df_fail (c->error, c->where, TRAWL_DISPLAY_FILTER_ERROR_TYPE, n->start, n->len,
             "%s cannot be converted from a string (\"%s\").", df_type_description (type), n->text);
  else if (names != NULL && (names->vals != NULL || names->ranges != NULL ||
                             names->type == TRAWL_FT_BOOLEAN))
    df_fail (c->error, c->where, TRAWL_DISPLAY_FILTER_ERROR_VALUE, n->start, n->len,
             "\"%s\" cannot be found among the possible values for %s.", n->text, names->abbrev);
  else
    df_fail (c->error, c->where, TRAWL_DISPLAY_FILTER_ERROR_VALUE, n->start, n->len,
             "\"%s\" is not a valid number.", n->text);
  return FALSE;

done:
  n->kind = DF_N_VALUE;
  n->type = type;
  return TRUE;
}

/* Seconds with an optional fraction, to ns: exact, no double rounding. */
static gboolean
parse_seconds (const char *s,
               gint64     *ns)
{
  gboolean neg = FALSE;
  gint64 secs = 0, frac = 0;
  guint digits = 0;
  const char *p = s;

  if (*p == '-' || *p == '+')
    neg = *p++ == '-';
  if (!g_ascii_isdigit (*p) && !(*p == '.' && g_ascii_isdigit (p[1])))
    return FALSE;
  while (g_ascii_isdigit (*p))
    {
      if (secs > G_MAXINT64 / 10 / G_GINT64_CONSTANT (1000000000) - 1)
        return FALSE;
      secs = secs * 10 + (*p++ - '0');
    }
  if (*p == '.')
    {
      p++;
      while (g_ascii_isdigit (*p))
        {
          if (digits < 9)
            {
              frac = frac * 10 + (*p - '0');
              digits++;
            }
          p++;
        }
    }
  if (*p != '\0')
    return FALSE;
  while (digits++ < 9)
    frac *= 10;
  *ns = secs * G_GINT64_CONSTANT (1000000000) + frac;
  if (neg)
    *ns = -*ns;
  return TRUE;
}

static const char *months[] = {
  "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};

/* "2026-11-21 10:00:00.5", "2026-11-21T10:00:00Z", "Nov 21, 2026 10:00:00"
 * in local time unless it ends in UTC or Z. */
static gboolean
parse_abs_time (const char *s,
                gint64     *ns)
{
  struct tm tm = { 0 };
  g_autofree char *copy = g_strstrip (g_strdup (s));
  char *frac = NULL, *rest;
  gboolean utc = FALSE;
  gsize len = strlen (copy);
  int n = 0, mon = -1;
  char mname[4] = "";
  gint64 fns = 0;
  time_t t;

  if (len > 4 && g_ascii_strcasecmp (copy + len - 4, " UTC") == 0)
    {
      copy[len - 4] = '\0';
      utc = TRUE;
    }
  else if (len > 1 && (copy[len - 1] == 'Z' || copy[len - 1] == 'z'))
    {
      copy[len - 1] = '\0';
      utc = TRUE;
    }
  g_strstrip (copy);

  if (sscanf (copy, "%d-%d-%d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &n) == 3)
    mon = tm.tm_mon - 1;
  else if (sscanf (copy, "%3s %d, %d%n", mname, &tm.tm_mday, &tm.tm_year, &n) == 3)
    {
      for (guint i = 0; i < 12; i++)
        if (g_ascii_strcasecmp (mname, months[i]) == 0)
          mon = (int) i;
    }
  if (mon < 0 || mon > 11 || tm.tm_mday < 1 || tm.tm_mday > 31 ||
      tm.tm_year < 1 || tm.tm_year > 9999)
    return FALSE;
  rest = copy + n;
  if (*rest == 'T' || *rest == ' ')
    {
      int m = 0;

      rest++;
      while (*rest == ' ')
        rest++;
      if (sscanf (rest, "%d:%d:%d%n", &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &m) != 3)
        {
          m = 0;
          if (sscanf (rest, "%d:%d%n", &tm.tm_hour, &tm.tm_min, &m) != 2)
            return FALSE;
        }
      rest += m;
      if (*rest == '.')
        {
          frac = rest;
          rest++;
          while (g_ascii_isdigit (*rest))
            rest++;
        }
    }
  if (*rest != '\0')
    return FALSE;
  if (tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60)
    return FALSE;
  if (frac != NULL)
    {
      g_autofree char *f = g_strdup_printf ("0%.*s", (int) (rest - frac), frac);

      if (!parse_seconds (f, &fns))
        return FALSE;
    }
  tm.tm_year -= 1900;
  tm.tm_mon = mon;
  tm.tm_isdst = -1;
  t = utc ? timegm (&tm) : mktime (&tm);
  if (t == (time_t) -1 && tm.tm_year != 69)
    return FALSE;
  /* ns since the epoch fit in 64 bits only for years 1678 to 2262 */
  if ((gint64) t > G_MAXINT64 / G_GINT64_CONSTANT (1000000000) - 1 ||
      (gint64) t < G_MININT64 / G_GINT64_CONSTANT (1000000000) + 1)
    return FALSE;
  *ns = (gint64) t * G_GINT64_CONSTANT (1000000000) + fns;
  return TRUE;
}

/* Hex bytes separated by one of : - . (all the same), or a single byte. */
static GByteArray *
parse_bytes (const char *s)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  char sep = 0;
  const char *p = s;

  if (*p == '\0')
    return NULL;
  for (;;)
    {
      int h1 = g_ascii_xdigit_value (p[0]), h2;
      guint8 b;

      if (h1 < 0)
        return NULL;
      h2 = g_ascii_xdigit_value (p[1]);
      if (h2 >= 0)
        {
          b = (guint8) (h1 * 16 + h2);
          p += 2;
        }
      else
        {
          b = (guint8) h1;
          p += 1;
        }
      g_byte_array_append (out, &b, 1);
      if (*p == '\0')
        break;
      if (sep == 0 && (*p == ':' || *p == '-' || *p == '.'))
        sep = *p;
      if (*p != sep)
        return NULL;
      p++;
    }
  return g_steal_pointer (&out);
}

static void
own_bytes (DfNode       *n,
           const guint8 *data,
           gsize         len)
{
  char *copy = g_malloc (len + 1);

  memcpy (copy, data, len);
  copy[len] = '\0';
  g_free (n->text);
  n->text = copy;
  n->text_len = (guint) len;
  n->value.v.b.p = (const guint8 *) copy;
  n->value.v.b.n = (guint32) len;
}

static gboolean
convert_address (Check          *c,
                 DfNode         *n,
                 TrawlFieldType  type)
{
  g_autofree char *addr = g_strdup (n->text);
  char *slash = strchr (addr, '/');
  guint bits = type == TRAWL_FT_IPv4 ? 32 : 128;
  guint64 prefix = bits;

  if (slash != NULL)
    {
      *slash = '\0';
      if (!parse_uint (slash + 1, &prefix) || (slash[1] == '0' && slash[2] != '\0'))
        {
          df_fail (c->error, c->where, TRAWL_DISPLAY_FILTER_ERROR_VALUE, n->start, n->len,
                   "\"%s\" is not a valid CIDR prefix.", slash + 1);
          return FALSE;
        }
      if (prefix > bits)
        {
          df_fail (c->error, c->where, TRAWL_DISPLAY_FILTER_ERROR_VALUE, n->start, n->len,
                   type == TRAWL_FT_IPv4
                   ? "Netmask bits in a CIDR IPv4 address should be <= 32, not %" G_GUINT64_FORMAT
                   : "Prefix in a IPv6 address should be <= 128, not %" G_GUINT64_FORMAT, prefix);
          return FALSE;
        }
    }
  if (type == TRAWL_FT_IPv4)
    {
      struct in_addr in;

      if (inet_pton (AF_INET, addr, &in) != 1)
        {
          df_fail (c->error, c->where, TRAWL_DISPLAY_FILTER_ERROR_VALUE, n->start, n->len,
                   "\"%s\" is not a valid hostname or IPv4 address.", addr);
          return FALSE;
        }
      n->value.v.u = g_ntohl (in.s_addr);
    }
  else
    {
      guint8 in6[16];

      if (inet_pton (AF_INET6, addr, in6) != 1)
        {
          df_fail (c->error, c->where, TRAWL_DISPLAY_FILTER_ERROR_VALUE, n->start, n->len,
                   "\"%s\" is not a valid hostname or IPv6 address.", addr);
          return FALSE;
        }
      own_bytes (n, in6, 16);
    }
  n->value.prefix = (guint16) prefix;
  return TRUE;
}

/* Turn literal @n into a constant of @type.  @names is the field whose
 * value names may stand for numbers. */
static gboolean
convert_literal (Check            *c,
                 DfNode           *n,
                 TrawlFieldType    type,
                 const TrawlField *names)
{
  n->value.prefix = 0;

  if (df_type_is_int (type))
    return convert_integer (c, n, type, names);

  switch (type)
    {
    case TRAWL_FT_FLOAT:
    case TRAWL_FT_DOUBLE:
      {
        char *end = NULL;

        if (n->kind != DF_N_WORD)
          goto not_string;
        n->value.v.d = g_ascii_strtod (n->text, &end);
        if (end == n->text || *end != '\0')
          {
            df_fail (c->error, c->where, TRAWL_DISPLAY_FILTER_ERROR_VALUE, n->start, n->len,
                     "\"%s\" is not a valid number.", n->text);
            return FALSE;
          }
        break;
      }

    case TRAWL_FT_RELATIVE_TIME:
      if (n->kind == DF_N_CHARCONST || !parse_seconds (n->text, &n->value.v.i))
        {
          df_fail (c->error, c->where, TRAWL_DISPLAY_FILTER_ERROR_VALUE, n->start, n->len,
                   "\"%s\" is not a valid time.", n->text);
          return FALSE;
        }
      break;

    case TRAWL_FT_ABSOLUTE_TIME:
      if (n->kind == DF_N_CHARCONST || !parse_abs_time (n->text, &n->value.v.i))
        {
          df_fail (c->error, c->where, TRAWL_DISPLAY_FILTER_ERROR_VALUE, n->start, n->len,
                   "\"%s\" is not a valid absolute time. Example: \"Nov 12, 1999 08:55:44.123\" or \"2011-07-04 12:34:56\"",
                   n->text);
          return FALSE;
        }
      break;

    case TRAWL_FT_IPv4:
    case TRAWL_FT_IPv6:
      if (n->kind != DF_N_WORD)
        goto not_string;
      if (!convert_address (c, n, type))
        return FALSE;
      break;

    case TRAWL_FT_ETHER:
      {
        g_autoptr(GByteArray) b = NULL;

        if (n->kind != DF_N_WORD)
          goto not_string;
        b = parse_bytes (n->text);
        if (b == NULL)
          {
            df_fail (c->error, c->where, TRAWL_DISPLAY_FILTER_ERROR_VALUE, n->start, n->len,
                     "\"%s\" is not a valid Ethernet address.", n->text);
            return FALSE;
          }
        if (b->len != 6)
          {
            df_fail (c->error, c->where, TRAWL_DISPLAY_FILTER_ERROR_VALUE, n->start, n->len,
                     "\"%s\" contains too %s bytes to be a valid Ethernet address.",
                     n->text, b->len < 6 ? "few" : "many");
            return FALSE;
          }
        own_bytes (n, b->data, b->len);
        break;
      }

    case TRAWL_FT_BYTES:
    case TRAWL_FT_PROTOCOL:
      if (n->kind == DF_N_WORD)
        {
          g_autoptr(GByteArray) b = parse_bytes (n->text);
          guint64 u;

          /* frame[0] == 0xff: one byte may be written as a number */
          if (b == NULL && parse_uint (n->text, &u) && u <= 0xff)
            {
              guint8 byte = (guint8) u;

              b = g_byte_array_new ();
              g_byte_array_append (b, &byte, 1);
            }
          if (b == NULL)
            {
              df_fail (c->error, c->where, TRAWL_DISPLAY_FILTER_ERROR_VALUE, n->start, n->len,
                       "\"%s\" is not a valid byte string.", n->text);
              return FALSE;
            }
          own_bytes (n, b->data, b->len);
        }
      else
        own_bytes (n, (const guint8 *) n->text, n->text_len);
      break;

    case TRAWL_FT_STRING:
    case TRAWL_FT_STRINGZ:
      own_bytes (n, (const guint8 *) n->text, n->kind == DF_N_WORD ? strlen (n->text) : n->text_len);
      break;

    default:
      df_fail (c->error, c->where, TRAWL_DISPLAY_FILTER_ERROR_TYPE, n->start, n->len,
               "A %s cannot be compared with a value.", df_type_description (type));
      return FALSE;
    }

  n->kind = DF_N_VALUE;
  n->type = type;
  return TRUE;

not_string:
  df_fail (c->error, c->where, TRAWL_DISPLAY_FILTER_ERROR_TYPE, n->start, n->len,
           "%s cannot be converted from a string (\"%s\").", df_type_description (type), n->text);
  return FALSE;
}

/* ---- values ---- */

static gboolean
lookup_func (Check  *c,
             DfNode *n)
{
  static const struct { const char *name; DfFunc func; guint min, max; } funcs[] = {
    { "len", DF_FUNC_LEN, 1, 1 },
    { "count", DF_FUNC_COUNT, 1, 1 },
    { "upper", DF_FUNC_UPPER, 1, 1 },
    { "lower", DF_FUNC_LOWER, 1, 1 },
    { "string", DF_FUNC_STRING, 1, 1 },
    { "abs", DF_FUNC_ABS, 1, 1 },
    { "max", DF_FUNC_MAX, 1, G_MAXUINT },
    { "min", DF_FUNC_MIN, 1, G_MAXUINT },
  };

  for (guint i = 0; i < G_N_ELEMENTS (funcs); i++)
    if (strcmp (funcs[i].name, n->text) == 0)
      {
        n->func = funcs[i].func;
        if (n->args->len < funcs[i].min)
          {
            df_fail (c->error, c->where, TRAWL_DISPLAY_FILTER_ERROR_SYNTAX, n->start, n->len,
                     "Function %s needs at least %u argument%s.", n->text, funcs[i].min,
                     funcs[i].min == 1 ? "" : "s");
            return FALSE;
          }
        if (n->args->len > funcs[i].max)
          {
            df_fail (c->error, c->where, TRAWL_DISPLAY_FILTER_ERROR_SYNTAX, n->start, n->len,
                     "Function %s can only accept %u argument%s.", n->text, funcs[i].max,
                     funcs[i].max == 1 ? "" : "s");
            return FALSE;
          }
        return TRUE;
      }
  df_fail (c->error, c->where, TRAWL_DISPLAY_FILTER_ERROR_SYNTAX, n->start, n->len,
           "Function '%s' does not exist", n->text);
  return FALSE;
}

static gboolean
check_func (Check            *c,
            DfNode           *n,
            TrawlFieldType    want)
{
  DfNode *arg;

  if (!lookup_func (c, n))
    return FALSE;
  arg = g_ptr_array_index (n->args, 0);

  switch (n->func)
    {
    case DF_FUNC_COUNT:
      if (arg->kind == DF_N_WORD && trawl_field_lookup (arg->text) == NULL)
        return fail_unknown_field (c, arg);
      if (!check_value (c, arg, TRAWL_FT_NONE, NULL))
        return FALSE;
      if (arg->kind != DF_N_FIELD)
        {
          df_fail (c->error, c->where, TRAWL_DISPLAY_FILTER_ERROR_TYPE, arg->start, arg->len,
                   "Only fields can be used as parameter for count()");
          return FALSE;
        }
      n->type = TRAWL_FT_UINT32;
      return TRUE;

    case DF_FUNC_LEN:
      if (arg->kind == DF_N_WORD && trawl_field_lookup (arg->text) == NULL)
        return fail_unknown_field (c, arg);
      if (!check_value (c, arg, TRAWL_FT_NONE, NULL))
        return FALSE;
      if (!df_type_is_bytes (arg->type))
        {
          df_fail (c->error, c->where, TRAWL_DISPLAY_FILTER_ERROR_TYPE, arg->start, arg->len,
                   "Only bytes or string type fields can be used as parameter for len()");
          return FALSE;
        }
      n->type = TRAWL_FT_UINT32;
      return TRUE;

    case DF_FUNC_UPPER:
    case DF_FUNC_LOWER:
      if (arg->kind == DF_N_WORD && trawl_field_lookup (arg->text) == NULL)
        return fail_unknown_field (c, arg);
      if (!check_value (c, arg, TRAWL_FT_NONE, NULL))
        return FALSE;
      if (!is_string (arg->type))
        {
          df_fail (c->error, c->where, TRAWL_DISPLAY_FILTER_ERROR_TYPE, arg->start, arg->len,
                   "Only string type fields can be used as parameter for %s()", n->text);
          return FALSE;
        }
      n->type = TRAWL_FT_STRING;
      return TRUE;

    case DF_FUNC_STRING:
      if (arg->kind == DF_N_WORD && trawl_field_lookup (arg->text) == NULL)
        return fail_unknown_field (c, arg);
      if (!check_value (c, arg, TRAWL_FT_NONE, NULL))
        return FALSE;
      if (arg->kind != DF_N_FIELD || arg->type == TRAWL_FT_NONE || arg->type == TRAWL_FT_PROTOCOL)
        {
          df_fail (c->error, c->where, TRAWL_DISPLAY_FILTER_ERROR_TYPE, arg->start, arg->len,
                   "String conversion for field \"%s\" is not supported", arg->text ? arg->text : "");
          return FALSE;
        }
      n->type = TRAWL_FT_STRING;
      return TRUE;

    case DF_FUNC_ABS:
    case DF_FUNC_MAX:
    case DF_FUNC_MIN:
      {
        TrawlFieldType t = want;

        /* the first typed argument gives the type of the others */
        for (guint i = 0; i < n->args->len; i++)
          {
            DfNode *a = g_ptr_array_index (n->args, i);

            if (!check_value (c, a, TRAWL_FT_NONE, NULL))
              return FALSE;
            if (!is_untyped (a) && t == TRAWL_FT_NONE)
              t = a->type;
          }
        if (t == TRAWL_FT_NONE)
          {
            df_fail (c->error, c->where, TRAWL_DISPLAY_FILTER_ERROR_TYPE, n->start, n->len,
                     "Constant expression is invalid as parameter for %s()", n->text);
            return FALSE;
          }
        for (guint i = 0; i < n->args->len; i++)
          {
            DfNode *a = g_ptr_array_index (n->args, i);

            if (is_untyped (a) && !check_value (c, a, t, NULL))
              return FALSE;
            if (!is_numeric (a->type) && a->type != TRAWL_FT_ABSOLUTE_TIME)
              {
                df_fail (c->error, c->where, TRAWL_DISPLAY_FILTER_ERROR_TYPE, a->start, a->len,
                         "Argument to %s() must be a number, not %s.", n->text,
                         df_type_description (a->type));
                return FALSE;
              }
            if (type_class (a->type) != type_class (t))
              {
                df_fail (c->error, c->where, TRAWL_DISPLAY_FILTER_ERROR_TYPE, a->start, a->len,
                         "Arguments to %s() must have the same type.", n->text);
                return FALSE;
              }
          }
        n->type = t;
        return TRUE;
      }
    }
  return FALSE;
}

gboolean
df_range_parse (const char *s,
                DfRange    *r)
{
  gint64 a = 0, b = 0;
  gboolean ovf;
  const char *colon = strchr (s, ':');

  memset (r, 0, sizeof *r);
  if (colon != NULL)
    {
      g_autofree char *left = g_strndup (s, (gsize) (colon - s));

      if (*left != '\0' && (!parse_int (left, &a, &ovf) || ovf))
        return FALSE;
      r->start = a;
      if (colon[1] == '\0')
        {
          r->to_end = TRUE;
          return TRUE;
        }
      if (!parse_int (colon + 1, &b, &ovf) || ovf || b <= 0)
        return FALSE;
      r->len = b;
      return TRUE;
    }
  /* i-j: from i to j inclusive (a leading '-' is a negative start) */
  {
    const char *dash = strchr (s + 1, '-');

    if (dash != NULL && s[0] != '\0')
      {
        g_autofree char *left = g_strndup (s, (gsize) (dash - s));

        if (!parse_int (left, &a, &ovf) || ovf || !parse_int (dash + 1, &b, &ovf) || ovf)
          return FALSE;
        if (a < 0 || b < a)
          return FALSE;
        r->start = a;
        r->len = b - a + 1;
        return TRUE;
      }
  }
  if (!parse_int (s, &a, &ovf) || ovf)
    return FALSE;
  r->start = a;
  r->len = 1;
  return TRUE;
}

static gboolean
check_arith (Check          *c,
             DfNode         *n,
             TrawlFieldType  want)
{
  TrawlFieldType t;

  if (!check_value (c, n->a, want, NULL) || !check_value (c, n->b, want, NULL))
    return FALSE;
  t = !is_untyped (n->a) ? n->a->type : n->b->type;
  if (t == TRAWL_FT_NONE)
    {
      /* only literals so far: the caller retries with a type */
      n->type = TRAWL_FT_NONE;
      return TRUE;
    }
  if (is_untyped (n->a) && !check_value (c, n->a, t, NULL))
    return FALSE;
  if (is_untyped (n->b) && !check_value (c, n->b, t, NULL))
    return FALSE;
  if (n->arith == DF_ARITH_BITAND)
    {
      /* bytes AND bytes, as Wireshark 4.0: tcp[13:1] & 0x10 */
      if ((n->a->type == TRAWL_FT_BYTES || n->a->type == TRAWL_FT_PROTOCOL) &&
          (n->b->type == TRAWL_FT_BYTES || n->b->type == TRAWL_FT_PROTOCOL))
        {
          n->type = TRAWL_FT_BYTES;
          return TRUE;
        }
      if (!df_type_is_int (n->a->type) || !df_type_is_int (n->b->type))
        {
          DfNode *bad = df_type_is_int (n->a->type) ? n->b : n->a;

          df_fail (c->error, c->where, TRAWL_DISPLAY_FILTER_ERROR_TYPE, bad->start, bad->len,
                   "%s is not a valid operand for bitwise AND.", df_type_description (bad->type));
          return FALSE;
        }
    }
  else
    {
      DfNode *bad = !is_numeric (n->a->type) ? n->a : !is_numeric (n->b->type) ? n->b : NULL;

      if (bad != NULL)
        {
          df_fail (c->error, c->where, TRAWL_DISPLAY_FILTER_ERROR_TYPE, bad->start, bad->len,
                   "%s does not support arithmetic.", df_type_description (bad->type));
          return FALSE;
        }
      if (type_class (n->a->type) != type_class (n->b->type) &&
          !(df_type_is_int (n->a->type) && df_type_is_int (n->b->type)))
        {
          df_fail (c->error, c->where, TRAWL_DISPLAY_FILTER_ERROR_TYPE, n->b->start, n->b->len,
                   "%s and %s are not of compatible types.",
                   df_type_description (n->a->type), df_type_description (n->b->type));
          return FALSE;
        }
    }
  n->type = t;
  return TRUE;
}

/* Check a value expression.  @want is the type a literal must take
 * (TRAWL_FT_NONE: not known yet, leave literals alone). */
static gboolean
check_value (Check            *c,
             DfNode           *n,
             TrawlFieldType    want,
             const TrawlField *names)
{
  switch (n->kind)
    {
    case DF_N_WORD:
      {
        const TrawlField *f = trawl_field_lookup (n->text);

        if (f != NULL)
          {
            n->kind = DF_N_FIELD;
            n->field = f;
            n->type = f->type;
            return TRUE;
          }
      }
      G_GNUC_FALLTHROUGH;
    case DF_N_STRING:
    case DF_N_CHARCONST:
      if (want == TRAWL_FT_NONE)
        return TRUE;
      if (!convert_literal (c, n, want, names))
        {
          /* "tcp.prot" next to a field is more likely a typo than a value */
          if (n->kind == DF_N_WORD && looks_like_field_name (n->text) &&
              want != TRAWL_FT_STRING && want != TRAWL_FT_STRINGZ)
            {
              g_autofree const char **close = trawl_field_suggest (n->text, 1);

              if (close != NULL && close[0] != NULL)
                {
                  if (c->error != NULL)
                    g_clear_error (c->error);
                  return fail_unknown_field (c, n);
                }
            }
          return FALSE;
        }
      return TRUE;

    case DF_N_FIELD:
    case DF_N_VALUE:
      return TRUE;

    case DF_N_SLICE:
      if (!check_value (c, n->a, TRAWL_FT_NONE, NULL))
        return FALSE;
      if (n->a->kind == DF_N_WORD)
        return fail_unknown_field (c, n->a);
      if (!df_type_is_bytes (n->a->type))
        {
          df_fail (c->error, c->where, TRAWL_DISPLAY_FILTER_ERROR_TYPE, n->a->start, n->a->len,
                   "\"%.*s\" is a %s and cannot be sliced into a sequence of bytes.",
                   (int) n->a->len, n->a->field ? n->a->field->abbrev : "value",
                   df_type_description (n->a->type));
          return FALSE;
        }
      /* Wireshark 4.0: a slice is a sequence of bytes, also of a string
       * (http.request.uri[0] == 0x2f and == "/" both match; upper() of it
       * is refused). */
      n->type = TRAWL_FT_BYTES;
      return TRUE;

    case DF_N_FUNC:
      return check_func (c, n, want);

    case DF_N_ARITH:
      return check_arith (c, n, want);

    case DF_N_NEG:
      if (!check_value (c, n->a, want, names))
        return FALSE;
      if (is_untyped (n->a))
        return TRUE;
      if (!is_numeric (n->a->type))
        {
          df_fail (c->error, c->where, TRAWL_DISPLAY_FILTER_ERROR_TYPE, n->start, n->len,
                   "%s does not support arithmetic.", df_type_description (n->a->type));
          return FALSE;
        }
      n->type = n->a->type;
      return TRUE;

    default:
      df_fail (c->error, c->where, TRAWL_DISPLAY_FILTER_ERROR_SYNTAX, n->start, n->len,
               "Unexpected test in a value.");
      return FALSE;
    }
}

/* Untyped literal left in a relation: it must be a field that does not
 * exist, or a comparison of two constants. */
static gboolean
fail_untyped (Check        *c,
              const DfNode *op,
              const DfNode *n)
{
  const DfNode *lit = n;

  while ((lit->kind == DF_N_ARITH || lit->kind == DF_N_NEG) && lit->a != NULL)
    lit = is_untyped (lit->a) ? lit->a : lit->b;
  if (lit->kind == DF_N_WORD && looks_like_field_name (lit->text))
    return fail_unknown_field (c, lit);
  df_fail (c->error, c->where, TRAWL_DISPLAY_FILTER_ERROR_TYPE, n->start, n->len,
           "Left side of \"%s\" expression must be a field or function, not %s%s%s.",
           op->text ? op->text : "==", lit->kind == DF_N_STRING ? "\"" : "",
           lit->text ? lit->text : "", lit->kind == DF_N_STRING ? "\"" : "");
  return FALSE;
}

/* Both sides of a relation: type the typed one first, then convert the
 * literal to it. */
static gboolean
check_pair (Check  *c,
            DfNode *op,
            DfNode *a,
            DfNode *b)
{
  if (!check_value (c, a, TRAWL_FT_NONE, NULL) || !check_value (c, b, TRAWL_FT_NONE, NULL))
    return FALSE;
  if (is_untyped (a) && is_untyped (b))
    return fail_untyped (c, op, a);
  if (is_untyped (b) && !check_value (c, b, a->type, a->field))
    return FALSE;
  if (is_untyped (a) && !check_value (c, a, b->type, b->field))
    return FALSE;
  return TRUE;
}

static const char *
node_name (const DfNode *n)
{
  if (n->kind == DF_N_FIELD)
    return n->field->abbrev;
  return df_type_description (n->type);
}

static gboolean
check_cmp (Check  *c,
           DfNode *n)
{
  if (!check_pair (c, n, n->a, n->b))
    return FALSE;
  if (n->a->type == TRAWL_FT_NONE || n->b->type == TRAWL_FT_NONE)
    {
      DfNode *bad = n->a->type == TRAWL_FT_NONE ? n->a : n->b;

      df_fail (c->error, c->where, TRAWL_DISPLAY_FILTER_ERROR_TYPE, bad->start, bad->len,
               "%s (type=%s) cannot participate in '%s' comparison.",
               node_name (bad), df_type_description (bad->type), n->text);
      return FALSE;
    }
  if (type_class (n->a->type) != type_class (n->b->type))
    {
      df_fail (c->error, c->where, TRAWL_DISPLAY_FILTER_ERROR_TYPE, n->b->start, n->b->len,
               "%.*s and %.*s are not of compatible types.",
               (int) n->a->len, n->a->kind == DF_N_FIELD ? n->a->field->abbrev : "value",
               (int) n->b->len, n->b->kind == DF_N_FIELD ? n->b->field->abbrev : "value");
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_contains (Check  *c,
                DfNode *n)
{
  DfNode *a = n->a;

  if (!check_value (c, a, TRAWL_FT_NONE, NULL))
    return FALSE;
  if (is_untyped (a))
    return fail_untyped (c, n, a);
  if (a->type != TRAWL_FT_BYTES && a->type != TRAWL_FT_PROTOCOL && !is_string (a->type) &&
      a->type != TRAWL_FT_ETHER && a->type != TRAWL_FT_IPv6)
    {
      df_fail (c->error, c->where, TRAWL_DISPLAY_FILTER_ERROR_TYPE, a->start, a->len,
               "%s (type=%s) cannot participate in %s comparison.",
               node_name (a), df_type_description (a->type),
               n->kind == DF_N_CONTAINS ? "contains" : "matches");
      return FALSE;
    }
  if (n->kind == DF_N_CONTAINS)
    {
      TrawlFieldType want = is_string (a->type) ? TRAWL_FT_STRING : TRAWL_FT_BYTES;

      if (!check_value (c, n->b, want, NULL))
        return FALSE;
      if (!df_type_is_bytes (n->b->type))
        {
          df_fail (c->error, c->where, TRAWL_DISPLAY_FILTER_ERROR_TYPE, n->b->start, n->b->len,
                   "%s and %s are not of compatible types.", node_name (a), node_name (n->b));
          return FALSE;
        }
      return TRUE;
    }

  /* matches: a regex written as a string */
  {
    g_autoptr(GError) local = NULL;
    const char *msg;

    if (n->b->kind != DF_N_STRING && n->b->kind != DF_N_WORD)
      {
        df_fail (c->error, c->where, TRAWL_DISPLAY_FILTER_ERROR_TYPE, n->b->start, n->b->len,
                 "Expected a string for the regular expression.");
        return FALSE;
      }
    if (n->b->kind == DF_N_WORD && trawl_field_lookup (n->b->text) != NULL)
      {
        df_fail (c->error, c->where, TRAWL_DISPLAY_FILTER_ERROR_TYPE, n->b->start, n->b->len,
                 "Expected a string for the regular expression, not the field %s.", n->b->text);
        return FALSE;
      }
    /* Wireshark 4.0: PCRE2, case-insensitive unless the pattern says
     * (?-i); RAW so that non-UTF-8 payloads match byte for byte. */
    n->regex = g_regex_new (n->b->text, G_REGEX_CASELESS | G_REGEX_RAW | G_REGEX_OPTIMIZE,
                            0, &local);
    if (n->regex == NULL)
      {
        msg = strrchr (local->message, ':');
        msg = msg != NULL ? msg + 1 : local->message;
        while (*msg == ' ')
          msg++;
        df_fail (c->error, c->where, TRAWL_DISPLAY_FILTER_ERROR_REGEX, n->b->start, n->b->len,
                 "Regex compilation error: %s.", msg);
        return FALSE;
      }
    n->b->type = TRAWL_FT_STRING;
    n->b->kind = DF_N_VALUE;
    n->b->value.v.b.p = (const guint8 *) n->b->text;
    n->b->value.v.b.n = n->b->text_len ? n->b->text_len : (guint32) strlen (n->b->text);
    return TRUE;
  }
}

static gboolean
check_in (Check  *c,
          DfNode *n)
{
  DfNode *a = n->a;
  GPtrArray *elems = n->b->args;

  if (!check_value (c, a, TRAWL_FT_NONE, NULL))
    return FALSE;
  if (is_untyped (a))
    return fail_untyped (c, n, a);
  for (guint i = 0; i < elems->len; i++)
    {
      DfNode *e = g_ptr_array_index (elems, i);

      if (e == NULL)
        continue;
      if (!check_value (c, e, a->type, a->field))
        return FALSE;
      if (is_untyped (e) || type_class (e->type) != type_class (a->type))
        {
          df_fail (c->error, c->where, TRAWL_DISPLAY_FILTER_ERROR_TYPE, e->start, e->len,
                   "%s and %.*s are not of compatible types.", node_name (a),
                   (int) e->len, e->kind == DF_N_FIELD ? e->field->abbrev : "value");
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
check_exists (Check  *c,
              DfNode *n)
{
  DfNode *a = n->a;

  switch (a->kind)
    {
    case DF_N_WORD:
      if (trawl_field_lookup (a->text) == NULL)
        return fail_unknown_field (c, a);
      return check_value (c, a, TRAWL_FT_NONE, NULL);
    case DF_N_STRING:
    case DF_N_CHARCONST:
      df_fail (c->error, c->where, TRAWL_DISPLAY_FILTER_ERROR_SYNTAX, a->start, a->len,
               "%.*s is neither a field nor a protocol name.", (int) a->len, a->text);
      return FALSE;
    case DF_N_FUNC:
      if (!lookup_func (c, a))
        return FALSE;
      df_fail (c->error, c->where, TRAWL_DISPLAY_FILTER_ERROR_SYNTAX, a->start,
               (guint) strlen (a->text), "You cannot test whether a function is present.");
      return FALSE;
    case DF_N_SLICE:
      return check_value (c, a, TRAWL_FT_NONE, NULL);
    default:
      /* tcp.flags & 0x02: true when non-zero */
      if (!check_value (c, a, TRAWL_FT_NONE, NULL))
        return FALSE;
      if (is_untyped (a))
        return fail_untyped (c, a, a);
      n->kind = DF_N_TRUTH;
      return TRUE;
    }
}

static gboolean
check_test (Check  *c,
            DfNode *n)
{
  switch (n->kind)
    {
    case DF_N_AND:
    case DF_N_OR:
    case DF_N_XOR:
      return check_test (c, n->a) && check_test (c, n->b);
    case DF_N_NOT:
      return check_test (c, n->a);
    case DF_N_EXISTS:
      return check_exists (c, n);
    case DF_N_CMP:
      return check_cmp (c, n);
    case DF_N_CONTAINS:
    case DF_N_MATCHES:
      return check_contains (c, n);
    case DF_N_IN:
      return check_in (c, n);
    default:
      df_fail (c->error, c->where, TRAWL_DISPLAY_FILTER_ERROR_SYNTAX, n->start, n->len,
               "Expected a test.");
      return FALSE;
    }
}

gboolean
df_check (DfNode              *root,
          TrawlFilterLocation *where,
          GError             **error)
{
  Check c = { where, error };

  if (root == NULL)
    return TRUE;
  return check_test (&c, root);
}
