/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-printf.c: number and text formatting without printf
 *
 * glibc's printf costs about 1,500 instructions a call here; the Info
 * texts and tree suffixes of a frame take a handful of calls each, for
 * every frame of a capture, twice (analysis pass and display).
 */
#include "config.h"

#include <string.h>

#include "trawl-printf.h"

/* Two digits a step: the summary line formats four to six numbers. */
static const char digit_pairs[201] =
  "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
  "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
  "8081828384858687888990919293949596979899";

char *
trawl_format_uint (char    *buf,
                   guint64  value)
{
  guint n;
  char *p;

  if (value < 100000)
    n = value < 10 ? 1 : value < 100 ? 2 : value < 1000 ? 3 : value < 10000 ? 4 : 5;
  else if (value < 10000000000ull)
    n = value < 1000000 ? 6 : value < 10000000 ? 7 : value < 100000000 ? 8 : value < 1000000000 ? 9 : 10;
  else
    {
      n = 11;
      for (guint64 v = value / 10000000000ull; v >= 10; v /= 10)
        n++;
    }
  p = buf + n;
  *p = '\0';
  /* 32-bit steps when they suffice: a cheaper division by 100. */
  if (value <= G_MAXUINT32)
    {
      guint32 v = (guint32) value;

      while (v >= 100)
        {
          guint d = (v % 100) * 2;

          v /= 100;
          *--p = digit_pairs[d + 1];
          *--p = digit_pairs[d];
        }
      value = v;
    }
  while (value >= 100)
    {
      guint d = (guint) (value % 100) * 2;

      value /= 100;
      *--p = digit_pairs[d + 1];
      *--p = digit_pairs[d];
    }
  if (value >= 10)
    {
      *--p = digit_pairs[value * 2 + 1];
      *--p = digit_pairs[value * 2];
    }
  else
    *--p = (char) ('0' + value);
  return buf + n;
}

typedef struct
{
  gboolean left, zero;
  guint    width;
  guint    longs;   /* 0, 1 (l) or 2 (ll) */
  char     conv;
} Spec;

/* Parse the conversion after a '%' at @f; returns its end, or NULL
 * when it is not one of ours. */
static const char *
parse_spec (const char *f,
            Spec       *spec)
{
  memset (spec, 0, sizeof *spec);
  spec->left = *f == '-';
  spec->zero = *f == '0';
  if (spec->left || spec->zero)
    f++;
  while (*f >= '0' && *f <= '9' && spec->width < 100)
    spec->width = spec->width * 10 + (guint) (*f++ - '0');
  for (; *f == 'l' && spec->longs < 2; f++)
    spec->longs++;
  switch (*f)
    {
    case 'u': case 'd': case 'x': case 'X':
      break;
    case 's': case 'c': case '%':
      if (spec->longs)
        return NULL;
      break;
    default:
      return NULL;
    }
  spec->conv = *f;
  return f + 1;
}

static char *
format_hex (char    *buf,
            guint64  value,
            gboolean upper)
{
  const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  char tmp[16], *p = tmp + sizeof tmp;
  gsize n;

  do
    *--p = digits[value & 0xf];
  while ((value >>= 4) != 0);
  n = (gsize) (tmp + sizeof tmp - p);
  memcpy (buf, p, n);
  return buf + n;
}

/* One conversion's text at @buf (room for 24 bytes unless %s: then
 * *@str is set instead); returns its end. */
static char *
format_one (char        *buf,
            const Spec  *spec,
            va_list     *args,
            const char **str)
{
  guint64 u;
  gint64 d;

  *str = NULL;
  switch (spec->conv)
    {
    case 's':
      *str = va_arg (*args, const char *);
      if (*str == NULL)
        *str = "(null)";
      return buf;
    case 'c':
      *buf = (char) va_arg (*args, int);
      return buf + 1;
    case '%':
      *buf = '%';
      return buf + 1;
    case 'd':
      d = spec->longs == 2 ? va_arg (*args, long long) : spec->longs ? va_arg (*args, long) : va_arg (*args, int);
      if (d < 0)
        *buf++ = '-';
      return trawl_format_uint (buf, d < 0 ? -(guint64) d : (guint64) d);
    default:
      u = spec->longs == 2 ? va_arg (*args, unsigned long long)
        : spec->longs ? va_arg (*args, unsigned long) : va_arg (*args, unsigned int);
      if (spec->conv == 'u')
        return trawl_format_uint (buf, u);
      return format_hex (buf, u, spec->conv == 'X');
    }
}

gssize
trawl_format_vsimple (char       *buf,
                      gsize       size,
                      const char *format,
                      va_list     args)
{
  va_list ap;
  char *p = buf, *end = buf + size;
  const char *f = format;
  gssize ret = -1;

  g_return_val_if_fail (buf != NULL && size > 0 && format != NULL, -1);

  /* A conversion of another kind stops here, and the caller's printf
   * starts over with its own, untouched, @args. */
  va_copy (ap, args);
  for (;;)
    {
      const char *str;
      gsize len, pad;
      char tmp[24];
      Spec spec;

      while (*f != '%' && *f != '\0' && p < end)
        *p++ = *f++;
      if (p == end)
        break;
      if (*f == '\0')
        {
          *p = '\0';
          ret = p - buf;
          break;
        }
      if ((f = parse_spec (f + 1, &spec)) == NULL)
        break;
      len = (gsize) (format_one (tmp, &spec, &ap, &str) - tmp);
      if (str != NULL)
        len = strlen (str);
      else
        str = tmp;
      pad = spec.width > len ? spec.width - len : 0;
      if (len + pad >= (gsize) (end - p))
        break;
      if (!spec.left && pad > 0)
        {
          /* A zero pad goes after the sign. */
          gboolean sign = spec.zero && str[0] == '-';

          if (sign)
            {
              *p++ = '-';
              str++;
              len--;
            }
          memset (p, spec.zero && spec.conv != 's' ? '0' : ' ', pad);
          p += pad;
        }
      memcpy (p, str, len);
      p += len;
      if (spec.left && pad > 0)
        {
          memset (p, ' ', pad);
          p += pad;
        }
    }
  va_end (ap);
  return ret;
}
