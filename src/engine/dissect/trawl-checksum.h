/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trawl-checksum.h: the Internet checksum (RFC 1071)
 *
 * ICMP and ICMPv6 verify their checksums and compute an echo request's
 * checksum back from its reply's, both in one's complement arithmetic.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Add @len bytes at @p to the running one's complement @sum. */
static inline guint32
trawl_csum_add (guint32       sum,
                const guint8 *p,
                guint32       len)
{
  for (guint32 i = 0; i + 1 < len; i += 2)
    sum += (guint32) (p[i] << 8 | p[i + 1]);
  if (len & 1)
    sum += (guint32) p[len - 1] << 8;
  return sum;
}

/* Fold @sum to 16 bits and complement it: 0 for data whose checksum is right. */
static inline guint16
trawl_csum_fold (guint32 sum)
{
  while (sum >> 16)
    sum = (sum & 0xffff) + (sum >> 16);
  return (guint16) ~sum;
}

G_END_DECLS
